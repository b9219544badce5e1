import numpy as np
import pytest

from dnn_core import ConvergenceWarning, Perceptron
from dnn_core.perceptron import count_mistakes


def separable(m=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (2, m))
    y = np.where(X[0] + 2 * X[1] - 0.3 > 0, 1.0, -1.0)
    keep = np.abs(X[0] + 2 * X[1] - 0.3) > 0.1          # a margin, so it converges quickly
    return X[:, keep], y[keep]


def test_converges_on_separable_data():
    X, y = separable()
    p = Perceptron(2)
    result = p.fit(X, y, eta=1.0, max_epochs=100)
    assert result.converged and result.mistakes[-1] == 0
    assert np.array_equal(p.predict(X), y)
    assert "converged after" in str(result)
    w, b, i = result.steps[-1]
    assert np.array_equal(w, p.w) and b == p.b


def test_each_update_is_the_perceptron_rule():
    p = Perceptron(2)
    x, y = np.array([1.0, 2.0]), -1.0
    assert p.update(x, y, eta=0.5)                   # w·x + b = 0: a mistake
    assert p.w.tolist() == [-0.5, -1.0] and p.b == -0.5
    assert not p.update(x, y, eta=0.5)               # now correct: no change
    assert p.w.tolist() == [-0.5, -1.0]


def test_reports_that_xor_does_not_converge():
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    y = np.array([-1.0, 1.0, 1.0, -1.0])
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        result = Perceptron(2).fit(X, y, max_epochs=50)
    assert not result.converged and result.epochs == 50
    assert min(result.mistakes) >= 1
    assert "No line separates" in str(result)


def test_bad_input():
    p = Perceptron(2)
    with pytest.raises(ValueError, match=r"labels must be -1 or \+1; got \[0\.0\]"):
        p.fit(np.zeros((2, 3)), np.array([1, 0, -1]))
    with pytest.raises(ValueError, match=r"expected inputs of shape \(n, m\) = \(2, m\).*got \(3, 2\)"):
        p.predict(np.zeros((3, 2)))


def test_count_mistakes_counts_y_z_at_most_zero(separable_run):
    X = np.array([[1.0, -1.0, 0.0, 2.0], [0.0, 0.0, 0.0, 1.0]])
    y = np.array([1.0, 1.0, -1.0, -1.0])
    # z = x_1: +1 right, −1 wrong, 0 on the line (a mistake, as in the rule), +2 wrong
    assert count_mistakes(np.array([1.0, 0.0]), 0.0, X, y) == 3
    X, y, result = separable_run
    w, b, _ = result.steps[-1]
    assert count_mistakes(w, b, X, y) == 0 == result.mistakes[-1]
    assert count_mistakes(np.zeros(2), 0.0, X, y) == 20          # w = 0: every sample on the line


@pytest.mark.parametrize("call, error, message", [
    (lambda: Perceptron(0), ValueError, "n_inputs must be at least 1"),
    (lambda: Perceptron(2.0), TypeError, "n_inputs must be a whole number"),
    (lambda: Perceptron(True), TypeError, "n_inputs must be a whole number"),
    (lambda: Perceptron(2).fit(np.zeros((2, 2)), [1, -1], eta=0), ValueError, "eta must be a positive"),
    (lambda: Perceptron(2).fit(np.zeros((2, 2)), [1, -1], max_epochs=2.5), TypeError, "max_epochs"),
    (lambda: Perceptron(2).update(np.zeros(2), 1, eta="1"), TypeError, "eta must be a number"),
])
def test_counts_and_rates_are_checked(call, error, message):
    with pytest.raises(error, match=message):
        call()
