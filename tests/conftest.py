"""Shared settings of the unit tests: no display, no figures left open; shared problems.

The Agg backend is selected here, before any test module imports pyplot, so figures are
drawn off-screen on every machine; every figure a test opens is closed after it. The
perceptron run of notebook 01 and the demon's small network are shared by the tests of
the modules that use them.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dnn_core import Network, Perceptron  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure the test opened."""
    yield
    plt.close("all")


@pytest.fixture
def separable_run():
    """The separable data of notebook 01 (X: (2, 20), labels ±1) and the perceptron run
    on it: (X, y, PerceptronResult)."""
    rng = np.random.default_rng(3)
    X = np.hstack([rng.normal([[1.0], [3.0]], 0.6, (2, 10)),
                   rng.normal([[3.0], [1.0]], 0.6, (2, 10))])
    y = np.r_[np.ones(10), -np.ones(10)]
    order = rng.permutation(20)
    X, y = X[:, order], y[order]
    return X, y, Perceptron(2).fit(X, y)


@pytest.fixture
def demon_problem():
    """make(m=1, seed=0) → (net, X, Y): a small sigmoid network [2, 3, 3, 2] and a batch of
    m samples (X: (2, m), Y: (2, m)) for the demon's nudge."""
    def make(m=1, seed=0):
        rng = np.random.default_rng(seed)
        return (Network([2, 3, 3, 2], seed=seed), rng.standard_normal((2, m)),
                rng.uniform(0, 1, (2, m)))

    return make
