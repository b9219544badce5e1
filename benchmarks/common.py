"""What the benchmark scripts share: the data, interleaved timing and the machine's description.

The data is Fashion-MNIST from Debian's `dataset-fashion-mnist` package when it is installed
(60,000 training and 10,000 test images), else the MNIST sample of `dnn_core.datasets`
(4,000 training digits tiled to 60,000 columns, 1,000 test digits). X is laid out in memory
as the course's own loaders lay it out (C or Fortran order), since `Network.train` copies a
C-ordered X to one row per sample and that copy is part of what is measured.
"""

import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np

from dnn_core.datasets import mnist_sample, one_hot
from dnn_core.mnist import read_idx

FASHION = Path("/usr/share/datasets/fashion-mnist")
M = 60_000
SIZES = [784, 30, 10]
ETA = 3.0


def course_order():
    """'F' or 'C': the memory order of the X that dnn_core.datasets' loaders return."""
    return "F" if mnist_sample().X_train.flags.f_contiguous else "C"


def _fashion(part):
    """(X (784, m) float64 in [0, 1], labels (m,)) or None when the package is absent."""
    images = FASHION / f"{part}-images-idx3-ubyte.gz"
    labels = FASHION / f"{part}-labels-idx1-ubyte.gz"
    if not (images.exists() and labels.exists()):
        return None
    X = read_idx(images).reshape(-1, 784).T.astype(np.float64, order=course_order()) / 255.0
    return X, read_idx(labels).astype(int)


def training_data(m=M):
    """(X (784, m), Y one-hot (10, m), description), float64, samples as columns."""
    order = course_order()
    fashion = _fashion("train")
    if fashion is not None:
        X, y = fashion
        X, Y, source = X[:, :m], one_hot(y[:m], 10), "Fashion-MNIST (Debian package)"
    else:
        data = mnist_sample()
        reps = -(-m // data.X_train.shape[1])
        X, Y = np.tile(data.X_train, reps)[:, :m], np.tile(data.Y_train, reps)[:, :m]
        source = f"MNIST sample ({data.X_train.shape[1]:,}) tiled to {m:,}"
    X = np.asarray(X, order=order)
    return X, Y, f"{source}, X in {order} order like dnn_core.datasets' loaders"


def test_data():
    """(X (784, m_test), labels (m_test,), description): the set the accuracy is measured on."""
    fashion = _fashion("t10k")
    if fashion is not None:
        return *fashion, "Fashion-MNIST test set"
    data = mnist_sample()
    return data.X_test, data.y_test, "MNIST sample test set"


def interleaved(cases, repeats):
    """Call every case `repeats` times, round-robin, so that all of them see the same
    machine load. cases: {name: function() -> seconds}. Returns {name: [seconds, ...]}."""
    times = {name: [] for name in cases}
    for _ in range(repeats):
        for name, case in cases.items():
            times[name].append(case())
    return times


def median(values):
    return statistics.median(values)


def plural(n, word):
    """'1 thread', '2 threads'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def seconds_of(function, *args, **kwargs):
    """Wall time of one call, in seconds."""
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def blas_description():
    """numpy's BLAS as built (np.show_config) and as loaded (threadpoolctl, when installed)."""
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    text = f"{blas.get('name')} {blas.get('version')}"
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return text
    for pool in threadpool_info():
        if pool.get("user_api") == "blas" and "numpy" in pool.get("filepath", ""):
            return (f"{text}, {pool.get('internal_api')} kernel {pool.get('architecture')}, "
                    f"{plural(pool.get('num_threads'), 'thread')}")
    return text


def machine_lines():
    """A few lines that say what the numbers were measured on."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    cores = len(os.sched_getaffinity(0))
    lines = [f"machine: {cores} cores (nproc), {cpu_model()}, load average {load}",
             f"python {platform.python_version()}, numpy {np.__version__}, "
             f"BLAS {blas_description()}"]
    if "OPENBLAS_NUM_THREADS" in os.environ:
        lines.append(f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}")
    return lines
