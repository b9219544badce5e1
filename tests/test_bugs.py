"""The planted bugs of notebook 06: each replaces one equation, and the gradient check
names it by the pattern of failing arrays."""

import numpy as np
import pytest

from dnn_core import Network
from dnn_core.bugs import BUGS, buggy_backprop, mystery_gradients
from dnn_core.gradcheck import check_network, failing_arrays

PATTERNS = {
    "BP1": ["W2", "b2", "W3", "b3", "W4", "b4"],
    "BP2": ["W2", "b2", "W3", "b3"],
    "BP3": ["b2", "b3", "b4"],
    "BP4": ["W2", "W3", "W4"],
}


def square_problem():
    net = Network([3, 3, 3, 3], seed=0)
    rng = np.random.default_rng(1)
    return net, rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4))


def test_no_bug_is_backprop():
    net, X, Y = square_problem()
    g, ref = buggy_backprop(net, X, Y, None), net.backprop(X, Y)
    for l in net.layers:
        assert np.array_equal(g.dW[l], ref.dW[l]) and np.array_equal(g.db[l], ref.db[l])


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_each_bug_fails_exactly_the_arrays_of_its_equation(bug):
    net, X, Y = square_problem()
    equation = BUGS[bug][0]
    assert bug.startswith(equation.lower())
    errors = check_network(net, X, Y, gradients=lambda n, X_, Y_: buggy_backprop(n, X_, Y_, bug))
    assert failing_arrays(errors) == PATTERNS[equation]


def test_the_mystery_bugs_cover_every_equation_with_its_pattern():
    net, X, Y = square_problem()
    mysteries = mystery_gradients()
    assert sorted(equation for _, equation in mysteries) == ["BP1", "BP2", "BP3", "BP4"]
    for gradients, equation in mysteries:
        assert failing_arrays(check_network(net, X, Y, gradients=gradients)) == PATTERNS[equation]


def test_shape_bugs_need_square_layers():
    net = Network([2, 3, 4, 2], seed=0)
    X, Y = np.ones((2, 2)), np.zeros((2, 2))
    for bug in ("bp2_missing_transpose", "bp4_transposed"):
        with pytest.raises(ValueError, match=r"only fits square layers.*\[3, 3, 3, 3\]"):
            buggy_backprop(net, X, Y, bug)
    with pytest.raises(ValueError, match="unknown bug 'nope'"):
        buggy_backprop(net, X, Y, "nope")
