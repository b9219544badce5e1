"""One epoch of the article's configuration: the vectorised trainer against the per-sample loop.

    make bench            (or: .venv/bin/python benchmarks/train_speed.py [--repeats 3])

Network([784, 30, 10]), sigmoid, quadratic loss, mini-batch 10, eta 3.0, on 60,000 samples:
Fashion-MNIST from Debian's `dataset-fashion-mnist` package when it is installed, else the
MNIST sample tiled to 60,000 columns. Both trainers run in this process, interleaved, from
the same initial network; the medians and their ratio are printed, for the training alone
(monitor=False) and with the per-epoch loss and accuracy on the training set (monitor=True,
one more forward pass over all samples, the same for both). Target: the vectorised
trainer at least 10x faster than the per-sample loop in float64.
"""

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from dnn_core import Network
from dnn_core.datasets import mnist_sample, one_hot
from dnn_core.mnist import read_idx

FASHION = Path("/usr/share/datasets/fashion-mnist")
M = 60_000


def training_data():
    """(X (784, 60000), Y (10, 60000), description)."""
    images, labels = FASHION / "train-images-idx3-ubyte.gz", FASHION / "train-labels-idx1-ubyte.gz"
    if images.exists() and labels.exists():
        X = read_idx(images).reshape(-1, 784).T / 255.0
        return X, one_hot(read_idx(labels).astype(int), 10), "Fashion-MNIST (Debian package)"
    data = mnist_sample()
    reps = -(-M // data.X_train.shape[1])
    X = np.tile(data.X_train, reps)[:, :M]
    Y = np.tile(data.Y_train, reps)[:, :M]
    return X, Y, "MNIST sample tiled to 60,000"


def one_epoch(net, X, Y, per_sample, monitor):
    net = net.copy()
    start = time.perf_counter()
    net.train(X, Y, epochs=1, batch_size=10, eta=3.0, per_sample=per_sample, monitor=monitor)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    X, Y, source = training_data()
    print(f"data: {source}, X {X.shape}; one epoch, [784, 30, 10], batch 10, eta 3.0")
    for dtype in (np.float64, np.float32):
        net = Network([784, 30, 10], seed=0, dtype=dtype)
        Xd, Yd = X.astype(dtype), Y.astype(dtype)
        for monitor in (False, True):
            times = {"vectorised": [], "per-sample": []}
            for _ in range(args.repeats):      # interleaved: both see the same machine load
                times["vectorised"].append(one_epoch(net, Xd, Yd, False, monitor))
                times["per-sample"].append(one_epoch(net, Xd, Yd, True, monitor))
            fast, slow = (statistics.median(times[k]) for k in ("vectorised", "per-sample"))
            what = "with the per-epoch loss on all 60,000" if monitor else "training only"
            print(f"{np.dtype(dtype).name}, {what}: vectorised {fast:.2f} s, per-sample loop "
                  f"{slow:.2f} s (medians of {args.repeats}); speed-up {slow / fast:.1f}x")


if __name__ == "__main__":
    main()
