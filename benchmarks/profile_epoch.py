"""Where one epoch of dnn_core's vectorised trainer spends its time.

    .venv/bin/python benchmarks/profile_epoch.py [--batch-sizes 10 1000] [--m 60000]

Network([784, 30, 10]), sigmoid, quadratic loss, eta 3.0, as in the article. Four views:

1. setup   what `train` does once per call before the first batch: the input checks and the
           copy of X and Y to one row per sample (X.T; none when X is in Fortran order),
           against the epoch it serves (with X laid out as the course's loaders lay it out);
           and a whole epoch with X in C order against X in Fortran order.
2. steps   µs per batch of every step of the epoch, from a copy of the epoch's lines
           (Network.train, _forward_trace, backprop.backward, update) with a stopwatch between them;
           the untimed epoch is printed beside the sum, so the stopwatch's own cost shows.
3. threads the epoch with numpy's BLAS limited to 1 thread (threadpoolctl, the same as
           OPENBLAS_NUM_THREADS=1) and with its default, interleaved.
4. what-if the alternatives behind the suggestions in benchmarks/README.md, timed per batch
           against the current line: σ′(z) from the a = σ(z) already computed, and the
           gather with np.take.

and cProfile's top functions of one epoch (--cprofile).
"""

import argparse
import cProfile
import io
import pstats
import time
from collections import defaultdict

import numpy as np
from common import ETA, SIZES, M, interleaved, machine_lines, median, training_data

from dnn_core import Network


class Stopwatch:
    """Adds the time since the previous lap to the named step."""

    def __init__(self):
        self.seconds = defaultdict(float)
        self.last = time.perf_counter()

    def start(self):
        self.last = time.perf_counter()

    def lap(self, step):
        now = time.perf_counter()
        self.seconds[step] += now - self.last
        self.last = now


def stepped_epoch(net, samples_X, samples_Y, order, batch_size, eta=ETA):
    """One epoch of `Network.train` (after its setup), line by line, timed per step.
    Returns {step: seconds}."""
    clock, L = Stopwatch(), net.L
    for k in range(0, len(order), batch_size):
        clock.start()
        batch = order[k:k + batch_size]
        X, Y = samples_X[batch].T, samples_Y[batch].T
        clock.lap("gather X[batch], Y[batch]")
        z, a = {}, {1: X}
        for l in net.layers:
            product = net.W[l] @ a[l - 1]
            clock.lap("forward: W a (matmul)")
            z[l] = product + net.b[l]
            clock.lap("forward: + b")
            a[l] = net.sigma(l)(z[l])
            clock.lap("forward: σ(z)")
        delta = {L: net.loss.delta(z[L], a[L], Y, net.sigma(L))}
        clock.lap("BP1: (a − y) ⊙ σ′(z)")
        for l in range(L - 1, 1, -1):
            back = net.W[l + 1].T @ delta[l + 1]
            clock.lap("BP2: Wᵀ δ (matmul)")
            delta[l] = back * net.activation.prime(z[l])
            clock.lap("BP2: ⊙ σ′(z)")
        m = X.shape[1]
        db = {l: delta[l].sum(axis=1, keepdims=True) / m for l in net.layers}
        clock.lap("BP3: Σ δ / m")
        scaled = {l: delta[l] / m for l in net.layers}
        clock.lap("BP4: δ / m")
        dW = {l: scaled[l] @ a[l - 1].T for l in net.layers}
        clock.lap("BP4: δ aᵀ (matmul)")
        for l in net.layers:
            W, b = net.W[l], net.b[l]
            W -= eta * dW[l]
            b -= eta * db[l]
        clock.lap("update W, b")
    return clock.seconds


def train_setup(net, X, Y):
    """{step: seconds} of what train does once before its first batch, with X in C order
    and in Fortran order (where X.T already has one contiguous row per sample)."""
    X_C, X_F = np.ascontiguousarray(X), np.asfortranarray(X)
    clock = Stopwatch()
    net.check_inputs(X)
    clock.lap("check_inputs(X) (astype, isfinite)")
    Y = net.check_targets(Y, X.shape[1])
    clock.lap("check_targets(Y)")
    np.ascontiguousarray(X_C.T)
    clock.lap("X.T copy, X in C order")
    np.ascontiguousarray(X_F.T)
    clock.lap("X.T copy, X in F order (none)")
    np.ascontiguousarray(Y.T)
    clock.lap("Y.T copy")
    bool(np.isfinite(X.min()) and np.isfinite(X.max()))
    clock.lap("what-if: finiteness by min and max (no bool array)")
    return clock.seconds


def epoch_seconds(net, X, Y, batch_size):
    net = net.copy()
    start = time.perf_counter()
    net.train(X, Y, epochs=1, batch_size=batch_size, eta=ETA, monitor=False)
    return time.perf_counter() - start


# ----- 1 and 2: setup and steps ------------------------------------------------------------------

def report_layouts(X, Y, batch_sizes, repeats):
    """One whole epoch (train included) with X in C order against X in Fortran order."""
    print(f"\n### One epoch with X in C order and in F order (s, median of {repeats} interleaved)")
    print("\n| dtype | batch | C order s | F order s | C / F |\n|---|---|---|---|---|")
    for dtype in (np.float64, np.float32):
        net = Network(SIZES, seed=0, dtype=dtype)
        X_C, X_F = np.ascontiguousarray(X, dtype=dtype), np.asfortranarray(X, dtype=dtype)
        Yd = Y.astype(dtype)
        for b in batch_sizes:
            times = interleaved({"C": lambda: epoch_seconds(net, X_C, Yd, b),
                                 "F": lambda: epoch_seconds(net, X_F, Yd, b)}, repeats)
            c, f = median(times["C"]), median(times["F"])
            print(f"| {np.dtype(dtype).name} | {b} | {c:.2f} | {f:.2f} | {c / f:.1f}x |")


def report_setup(X, Y, batch_sizes, repeats):
    print(f"\n## 1. train's setup, once per call (m = {X.shape[1]:,}; ms, median of {repeats})")
    print("\n| dtype | step | ms |"
          + "".join(f" % of an epoch at batch {b} |" for b in batch_sizes))
    print("|---" * (3 + len(batch_sizes)) + "|")
    for dtype in (np.float64, np.float32):
        net = Network(SIZES, seed=0, dtype=dtype)
        Xd, Yd = X.astype(dtype), Y.astype(dtype)
        runs = [train_setup(net, Xd, Yd) for _ in range(repeats)]
        epochs = {b: median([epoch_seconds(net, Xd, Yd, b) for _ in range(repeats)])
                  for b in batch_sizes}
        for step in runs[0]:
            seconds = median([run[step] for run in runs])
            shares = "".join(f" {seconds / epochs[b]:.0%} |" for b in batch_sizes)
            print(f"| {np.dtype(dtype).name} | {step} | {seconds * 1000:.0f} |{shares}")


def report_steps(X, Y, batch_size, dtype, repeats):
    net = Network(SIZES, seed=0, dtype=dtype)
    X, Y = X.astype(dtype), Y.astype(dtype)
    samples_X, samples_Y = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    m = X.shape[1]
    batches = -(-m // batch_size)
    runs, untimed = [], []
    for _ in range(repeats):           # interleaved with the real, untimed epoch
        copy = net.copy()
        runs.append(stepped_epoch(copy, samples_X, samples_Y, copy.rng.permutation(m),
                                  batch_size))
        untimed.append(epoch_seconds(net, X, Y, batch_size))
    steps = {step: median([run[step] for run in runs]) for step in runs[0]}
    total = sum(steps.values())
    print(f"\n### batch {batch_size}, {np.dtype(dtype).name}: {batches:,} batches; µs per batch, "
          f"median of {repeats}")
    print("\n| step | µs / batch | share |\n|---|---|---|")
    for step, seconds in steps.items():
        print(f"| {step} | {seconds / batches * 1e6:.1f} | {seconds / total:.0%} |")
    matmul = sum(s for step, s in steps.items() if "matmul" in step)
    epoch = median(untimed)
    print(f"| sum of the steps | {total / batches * 1e6:.1f} | 100% |")
    print(f"| of which matrix products | {matmul / batches * 1e6:.1f} | {matmul / total:.0%} |")
    print(f"| the real epoch (untimed, incl. setup) | {epoch / batches * 1e6:.1f} | "
          f"{epoch / total:.0%} |")


# ----- 3: BLAS threads ---------------------------------------------------------------------------

def report_threads(X, Y, batch_sizes, repeats):
    from threadpoolctl import threadpool_info, threadpool_limits
    default = max(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas")

    def limited(net, Xd, Yd, b):
        with threadpool_limits(1, user_api="blas"):
            return epoch_seconds(net, Xd, Yd, b)

    print(f"\n## 3. numpy's BLAS threads: 1 against the default {default} (one epoch, s, "
          f"median of {repeats} interleaved)")
    print("\n| dtype | batch | 1 thread s | default s | default / 1 thread |")
    print("|---|---|---|---|---|")
    for dtype in (np.float64, np.float32):
        net = Network(SIZES, seed=0, dtype=dtype)
        Xd, Yd = X.astype(dtype), Y.astype(dtype)
        for b in batch_sizes:
            times = interleaved({
                "one": lambda: limited(net, Xd, Yd, b),
                "default": lambda: epoch_seconds(net, Xd, Yd, b),
            }, repeats)
            one, default_s = median(times["one"]), median(times["default"])
            print(f"| {np.dtype(dtype).name} | {b} | {one:.2f} | {default_s:.2f} | "
                  f"{default_s / one:.1f}x |")


# ----- 4: what-if --------------------------------------------------------------------------------

def per_call_us(function, calls):
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls * 1e6


def report_what_if(X, batch_sizes, repeats):
    """Per-batch cost of the current line against the alternative, same data, interleaved."""
    net = Network(SIZES, seed=0)
    samples_X = np.ascontiguousarray(X.T)
    order = net.rng.permutation(X.shape[1])
    print(f"\n## 4. What-if, float64: µs per batch of the current line and the alternative "
          f"(median of {repeats})")
    print("\n| batch | line | now µs | alternative µs | alternative |\n|---|---|---|---|---|")
    for b in batch_sizes:
        batch = order[:b]
        X_b = samples_X[batch].T
        z2 = net.W[2] @ X_b + net.b[2]
        a2 = net.sigma(2)(z2)
        calls = max(20, 20_000 // b)
        rows = [
            ("σ′(z²) in BP2", lambda: net.activation.prime(z2), lambda: a2 * (1 - a2),
             "a(1 − a) from the a² of the forward pass"),
            ("σ(z²) in the forward pass", lambda: net.sigma(2)(z2),
             lambda: 1 / (1 + np.exp(-z2)), "1 / (1 + e^−z) (warns on overflow)"),
            ("gather X[batch]", lambda: samples_X[batch], lambda: samples_X.take(batch, axis=0),
             "np.take(X, batch, axis=0)"),
        ]
        for line, now, alternative, how in rows:
            times = interleaved({"now": lambda: per_call_us(now, calls),
                                 "alt": lambda: per_call_us(alternative, calls)}, repeats)
            print(f"| {b} | {line} | {median(times['now']):.1f} | {median(times['alt']):.1f} | "
                  f"{how} |")


def report_cprofile(X, Y, batch_size):
    net = Network(SIZES, seed=0)
    profiler = cProfile.Profile()
    profiler.runcall(net.train, X, Y, epochs=1, batch_size=batch_size, eta=ETA, monitor=False)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    print(f"\n## cProfile, one float64 epoch at batch {batch_size} (tottime: time in the "
          "function itself, numpy's ufuncs included)\n")
    print("\n".join(line for line in out.getvalue().splitlines()[4:] if line.strip()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--m", type=int, default=M, help="training samples (default 60,000)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--blas-threads", type=int,
                        help="limit numpy's BLAS for parts 1, 2 and 4 (default: its own)")
    parser.add_argument("--cprofile", action="store_true", help="add cProfile's view")
    args = parser.parse_args()
    X, Y, source = training_data(args.m)
    print("\n".join(machine_lines()))
    print(f"data: {source}, X {X.shape}; {SIZES}, sigmoid, quadratic, eta {ETA}")
    limits = None
    if args.blas_threads:
        from threadpoolctl import threadpool_limits
        limits = threadpool_limits(args.blas_threads, user_api="blas")
        print(f"numpy's BLAS limited to {args.blas_threads} thread(s) except in part 3")
    report_setup(X, Y, args.batch_sizes, args.repeats)
    report_layouts(X, Y, args.batch_sizes, args.repeats)
    print("\n## 2. The steps of an epoch")
    for dtype in (np.float64, np.float32):
        for b in args.batch_sizes:
            report_steps(X, Y, b, dtype, args.repeats)
    report_what_if(X, args.batch_sizes, args.repeats)
    if args.cprofile:
        for b in args.batch_sizes:
            report_cprofile(X, Y, b)
    if limits is not None:
        limits.restore_original_limits()
    report_threads(X, Y, args.batch_sizes, args.repeats)


if __name__ == "__main__":
    main()
