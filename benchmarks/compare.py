"""dnn_core against the article's per-sample loop, PyTorch and scikit-learn; the course's run time.

    .venv/bin/python benchmarks/compare.py --quick        # < 1 minute: 6,000 samples, x10
    .venv/bin/python benchmarks/compare.py                # one-epoch tables, full 60,000
    .venv/bin/python benchmarks/compare.py --accuracy     # + 30 epochs and test accuracy
    .venv/bin/python benchmarks/compare.py --course       # + every notebook, every widget
    .venv/bin/python benchmarks/compare.py --only course  # just one part

Parts:
  epoch     one epoch of Network([784, 30, 10]), sigmoid, quadratic loss, eta 3.0 at batch
            sizes 1, 10, 100, 1000 in float64 and float32: dnn_core's vectorised trainer, the
            article's per-sample loop, PyTorch eager (if installed), scikit-learn's
            MLPClassifier; and the same epoch's matrix products alone, with the GFLOP/s
            reached against one large np.dot.
  accuracy  30 epochs of the article's configuration (batch 10, eta 3.0): total time and the
            best test accuracy, dnn_core float64 and float32 (and PyTorch).
  course    every notebook in notebooks/ executed from a fresh kernel in memory (the files
            are not written), and every widget's compute-and-draw function.

Every comparison runs in this one process, repetitions interleaved; medians are printed.
"""

import argparse
import contextlib
import time
import warnings

import numpy as np
from common import (
    ETA,
    SIZES,
    M,
    course_order,
    interleaved,
    machine_lines,
    median,
    plural,
    seconds_of,
    test_data,
    training_data,
)

from dnn_core import Network

BATCH_SIZES = (1, 10, 100, 1000)
DTYPES = (np.float64, np.float32)
INSTALL_TORCH = "pip install torch==2.13.0"

try:
    import torch
except ImportError:
    torch = None


# ----- the trainers ------------------------------------------------------------------------------

def dnn_core_epoch(net, X, Y, batch_size, per_sample=False):
    """Seconds for one epoch of `net.train` on a copy of net (X, Y: columns)."""
    net = net.copy()
    start = time.perf_counter()
    net.train(X, Y, epochs=1, batch_size=batch_size, eta=ETA, per_sample=per_sample,
              monitor=False)
    return time.perf_counter() - start


def torch_model(net):
    """Linear, Sigmoid, Linear, Sigmoid in PyTorch, holding a copy of net's W^l and b^l."""
    dtype = torch.float64 if net.dtype == np.float64 else torch.float32
    layers = []
    for l in net.layers:
        linear = torch.nn.Linear(net.n(l - 1), net.n(l), dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(net.W[l]))
            linear.bias.copy_(torch.from_numpy(net.b[l][:, 0]))
        layers += [linear, torch.nn.Sigmoid()]
    return torch.nn.Sequential(*layers)


def torch_epoch(model, X_rows, Y_rows, order, batch_size):
    """One epoch of mini-batch SGD in eager mode: J = mean over the batch of ½‖a − y‖²,
    p ← p − η ∂J/∂p. X_rows, Y_rows: tensors with one sample per row; order: the sample
    order (a tensor of indices), the one dnn_core would draw."""
    params = list(model.parameters())
    for k in range(0, len(order), batch_size):
        batch = order[k:k + batch_size]
        A = model(X_rows[batch])
        J = 0.5 * ((A - Y_rows[batch]) ** 2).sum() / len(batch)
        J.backward()
        with torch.no_grad():
            for p in params:
                p -= ETA * p.grad
                p.grad = None


def first_order(net, m):
    """The permutation `net.train` draws for its first epoch (from a copy of net's generator)."""
    return torch.from_numpy(net.copy().rng.permutation(m))


def torch_seconds(net, X_rows, Y_rows, batch_size):
    model = torch_model(net)
    order = first_order(net, len(X_rows))
    start = time.perf_counter()
    torch_epoch(model, X_rows, Y_rows, order, batch_size)
    return time.perf_counter() - start


def sklearn_seconds(X_rows, Y_rows, batch_size):
    """One epoch of MLPClassifier.fit (sgd, no momentum, no L2) with logistic outputs: one-hot
    Y makes it a multi-label problem, trained on the binary cross-entropy."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    model = MLPClassifier(hidden_layer_sizes=(SIZES[1],), activation="logistic", solver="sgd",
                          learning_rate_init=ETA, batch_size=batch_size, max_iter=1,
                          momentum=0.0, nesterovs_momentum=False, alpha=0.0, shuffle=True,
                          random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(X_rows, Y_rows)
        return time.perf_counter() - start


def matmul_flops(m):
    """The flops of an epoch's matrix products (see `matmul_only`), 2·n·k·p per product: the
    same at every batch size."""
    n1, n2, n3 = SIZES
    per_sample = 2 * (n2 * n1 + n3 * n2 + n2 * n3 + n3 * n2 + n2 * n1)
    return per_sample * m


def matmul_only(net, X_rows, batch_size):
    """Seconds for the matrix products of one dnn_core epoch alone. Per batch: forward W²X,
    W³A²; backward (W³)ᵀδ³, δ³(A²)ᵀ, δ²Xᵀ, with the shapes and memory layouts of train's
    (X is a transposed view of contiguous rows, as train gathers it)."""
    W2, W3 = net.W[2], net.W[3]
    start = time.perf_counter()
    for k in range(0, len(X_rows), batch_size):
        X = X_rows[k:k + batch_size].T
        A2 = W2 @ X
        delta3 = W3 @ A2
        delta2 = W3.T @ delta3
        delta3 @ A2.T
        delta2 @ X.T
    return time.perf_counter() - start


def large_dot_gflops(dtype, repeats, n=2000):
    """GFLOP/s of one n×n by n×n np.dot (median of `repeats`)."""
    rng = np.random.default_rng(0)
    A, B = (rng.standard_normal((n, n)).astype(dtype) for _ in range(2))
    A @ B
    times = [seconds_of(np.dot, A, B) for _ in range(repeats)]
    return 2 * n ** 3 / median(times) / 1e9


# ----- part 1 and 2: one epoch -------------------------------------------------------------------

def epoch_cases(net, X, Y, batch_size, m_loop):
    """{name: function() -> seconds for an epoch of X.shape[1] samples}. The per-sample loop
    is timed on the first m_loop samples and scaled."""
    m = X.shape[1]
    X_rows, Y_rows = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    loop_X, loop_Y = X[:, :m_loop], Y[:, :m_loop]
    cases = {
        "dnn_core": lambda: dnn_core_epoch(net, X, Y, batch_size),
        "per-sample": lambda: dnn_core_epoch(net, loop_X, loop_Y, batch_size, True) * m / m_loop,
        "matmul-only": lambda: matmul_only(net, X_rows, batch_size),
        "scikit-learn": lambda: sklearn_seconds(X_rows, Y_rows.astype(int), batch_size),
    }
    if torch is not None:
        T_X, T_Y = torch.from_numpy(X_rows), torch.from_numpy(Y_rows)
        cases["PyTorch"] = lambda: torch_seconds(net, T_X, T_Y, batch_size)
    return cases


def torch_agreement(X, Y, m=100, batch_size=10):
    """max |W_dnn_core − W_PyTorch| after one float64 epoch on m samples from the same start
    (over many steps at eta 3.0 the rounding differences grow: 1e-15 after 10 steps, 1e-5
    after 600)."""
    net = Network(SIZES, seed=0)
    X, Y = X[:, :m], Y[:, :m]
    model = torch_model(net)
    torch_epoch(model, torch.from_numpy(np.ascontiguousarray(X.T)),
                torch.from_numpy(np.ascontiguousarray(Y.T)), first_order(net, m), batch_size)
    net.train(X, Y, epochs=1, batch_size=batch_size, eta=ETA, monitor=False)
    linears = [layer for layer in model if isinstance(layer, torch.nn.Linear)]
    return max(float(np.max(np.abs(net.W[l] - linear.weight.detach().numpy())))
               for l, linear in zip(net.layers, linears))


def run_epoch_part(X, Y, repeats, m_loop):
    m = X.shape[1]
    scale = f" (timed on {m:,} samples, x{M // m})" if m < M else ""
    print(f"\n## One epoch of {SIZES}, sigmoid, quadratic loss, eta {ETA}: seconds per epoch of "
          f"{M:,}{scale}, median of {plural(repeats, 'interleaved run')}")
    peaks = {np.dtype(d).name: large_dot_gflops(d, repeats) for d in DTYPES}
    results = {}
    for dtype in DTYPES:
        net = Network(SIZES, seed=0, dtype=dtype)
        Xd, Yd = X.astype(dtype), Y.astype(dtype)
        for b in BATCH_SIZES:
            times = interleaved(epoch_cases(net, Xd, Yd, b, m_loop), repeats)
            results[np.dtype(dtype).name, b] = {k: median(v) * M / m for k, v in times.items()}
    print_speed_table(results)
    print_matmul_table(results, peaks)
    print_epoch_notes(m, m_loop)
    if torch is not None:
        print(f"- PyTorch computes what dnn_core does: from the same start and order, max |ΔW| "
              f"after 10 float64 batches of 10 = {torch_agreement(X, Y):.1e}")


def print_speed_table(results):
    names = ["dnn_core", "per-sample", "PyTorch", "scikit-learn"]
    print("\n| dtype | batch | " + " | ".join(f"{n} s" for n in names)
          + " | per-sample / dnn_core | PyTorch / dnn_core | scikit-learn / dnn_core |")
    print("|---" * (2 + len(names) + 3) + "|")
    for (dtype, b), r in results.items():
        cells = [f"{r[n]:.2f}" if n in r else "skipped" for n in names]
        ratios = [f"{r[n] / r['dnn_core']:.1f}x" if n in r else "–" for n in names[1:]]
        print(f"| {dtype} | {b} | " + " | ".join(cells + ratios) + " |")


def print_matmul_table(results, peaks):
    print("\n| dtype | batch | dnn_core s | matmul-only s | dnn_core / matmul-only "
          "| outside matmul | dnn_core GFLOP/s | matmul-only GFLOP/s | large np.dot GFLOP/s |")
    print("|---" * 9 + "|")
    for (dtype, b), r in results.items():
        flops = matmul_flops(M) / 1e9
        epoch, products = r["dnn_core"], r["matmul-only"]
        print(f"| {dtype} | {b} | {epoch:.2f} | {products:.2f} | {epoch / products:.1f}x | "
              f"{1 - products / epoch:.0%} | {flops / epoch:.1f} | {flops / products:.1f} | "
              f"{peaks[dtype]:.0f} |")
    print(f"\n(an epoch is {matmul_flops(M) / 1e9:.2f} GFLOP of matrix products at every "
          "batch size: 2·n·k·p per product; the large np.dot is 2000×2000 by 2000×2000)")


def print_epoch_notes(m, m_loop):
    print(f"\n- per-sample: the article's loop (train(..., per_sample=True)), timed on {m_loop:,} "
          f"samples and scaled x{M // m_loop}. At batch 1 it is the same algorithm as "
          "dnn_core's stochastic mode (one sample per update); it only adds the bookkeeping "
          "of averaging per-sample gradients.")
    copy = ("and its copy of X to one row per sample" if course_order() == "C" else
            "(X is in Fortran order, so its X.T copy costs nothing)")
    print(f"- dnn_core's time includes train's input checks {copy}; see profile_epoch.py. "
          "PyTorch and scikit-learn get their rows ready-made.")
    print("- scikit-learn is a reference peer, not the same model: one-hot targets make its "
          "MLPClassifier a multi-label net with logistic outputs trained on the binary "
          "cross-entropy (not the quadratic loss), Glorot-initialised, with its own shuffling; "
          "fit also validates the input and initialises the net.")
    if torch is None:
        print(f"- PyTorch rows skipped: torch is not installed ({INSTALL_TORCH}).")
    else:
        print(f"- PyTorch {torch.__version__} eager on the CPU, "
              f"{plural(torch.get_num_threads(), 'thread')}: nn.Linear x2 + sigmoid, J = mean ½‖a − y‖², "
              "manual SGD p -= eta * p.grad, dnn_core's initial weights and sample order.")


# ----- part 3: accuracy --------------------------------------------------------------------------

def dnn_core_run(dtype, X, Y, X_test, y_test, epochs):
    """(seconds, test accuracy per epoch) of the article's configuration in `dtype`."""
    net = Network(SIZES, seed=0, dtype=dtype)
    X, Y, X_test = X.astype(dtype), Y.astype(dtype), X_test.astype(dtype)
    start = time.perf_counter()
    history = net.train(X, Y, epochs=epochs, batch_size=10, eta=ETA,
                        validation=(X_test, y_test), monitor=False)
    return time.perf_counter() - start, history.val_accuracy


def torch_run(dtype, X, Y, X_test, y_test, epochs):
    """The same run in PyTorch: dnn_core's initial weights and its sample order every epoch."""
    net = Network(SIZES, seed=0, dtype=dtype)
    model, rng = torch_model(net), net.copy().rng
    X_rows, Y_rows = (torch.from_numpy(np.ascontiguousarray(A.T.astype(dtype))) for A in (X, Y))
    T_test, t_labels = torch.from_numpy(np.ascontiguousarray(X_test.T.astype(dtype))), \
        torch.from_numpy(y_test)
    accuracy = []
    start = time.perf_counter()
    for _ in range(epochs):
        torch_epoch(model, X_rows, Y_rows, torch.from_numpy(rng.permutation(X.shape[1])), 10)
        with torch.no_grad():
            accuracy.append(float((model(T_test).argmax(dim=1) == t_labels).double().mean()))
    return time.perf_counter() - start, accuracy


def run_accuracy_part(X, Y, epochs):
    X_test, y_test, test_source = test_data()
    print(f"\n## {plural(epochs, 'epoch')} of the article's configuration ({SIZES}, batch 10, eta {ETA}) "
          f"on {X.shape[1]:,} samples; test accuracy on the {test_source} ({len(y_test):,}) "
          "after every epoch (the evaluation is included in the time); one run each")
    print("\n| trainer | dtype | total s | s / epoch | best test accuracy (epoch) | last |")
    print("|---|---|---|---|---|---|")
    runs = [("dnn_core", dnn_core_run)] + ([("PyTorch", torch_run)] if torch is not None else [])
    for dtype in DTYPES:
        for name, run in runs:
            seconds, accuracy = run(dtype, X, Y, X_test, y_test, epochs)
            best = int(np.argmax(accuracy))
            print(f"| {name} | {np.dtype(dtype).name} | {seconds:.1f} | {seconds / epochs:.2f} | "
                  f"{accuracy[best]:.4f} ({best + 1}) | {accuracy[-1]:.4f} |")
    if torch is None:
        print(f"\n- PyTorch rows skipped: torch is not installed ({INSTALL_TORCH}).")


# ----- main --------------------------------------------------------------------------------------

def thread_limits(threads):
    """numpy's BLAS and PyTorch limited to `threads` (None: BLAS default, PyTorch 2)."""
    if torch is not None:
        torch.set_num_threads(threads or 2)
    if threads is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits
    return threadpool_limits(threads, user_api="blas")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[1:]))
    parser.add_argument("--quick", action="store_true",
                        help="time 6,000 samples (x10), per-sample loop on 600, 3 epochs")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved repetitions")
    parser.add_argument("--accuracy", action="store_true", help="add the accuracy part")
    parser.add_argument("--course", action="store_true", help="add the course part")
    parser.add_argument("--only", nargs="+", choices=["epoch", "accuracy", "course"],
                        help="run only these parts")
    parser.add_argument("--epochs", type=int, help="epochs of the accuracy part (default 30)")
    parser.add_argument("--threads", type=int,
                        help="threads of numpy's BLAS and PyTorch (default: BLAS's own, "
                             "PyTorch 2)")
    return parser.parse_args()


def main():
    args = parse_args()
    parts = args.only or ["epoch"] + ["accuracy"] * args.accuracy + ["course"] * args.course
    m = M // 10 if args.quick else M
    X, Y, source = training_data(m)
    with thread_limits(args.threads):
        print("\n".join(machine_lines()))
        print(f"data: {source}, X {X.shape}")
        if torch is None:
            print(f"PyTorch rows are skipped: torch is not installed ({INSTALL_TORCH})")
        else:
            print(f"torch {torch.__version__}, {plural(torch.get_num_threads(), 'thread')}")
        if "epoch" in parts:
            run_epoch_part(X, Y, args.repeats, m // 10)
        if "accuracy" in parts:
            run_accuracy_part(X, Y, args.epochs or (3 if args.quick else 30))
    if "course" in parts:
        from course import run_course_part
        run_course_part(repeats=args.repeats)


if __name__ == "__main__":
    main()
