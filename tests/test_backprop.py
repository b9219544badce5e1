"""BP1–BP4 and the two algorithms built on them, against central differences and the
element forms of the equations; planting a wrong equation is caught."""

import functools
import itertools

import numpy as np
import pytest

import dnn_core.backprop as bp
import dnn_core.network
from dnn_core import Network
from dnn_core.activations import get_activation
from dnn_core.gradcheck import TOLERANCE, check_network
from dnn_core.losses import LOSSES, get_loss

HIDDEN = ["sigmoid", "tanh", "relu"]
OUTPUT = ["sigmoid", "tanh", "relu", "identity", "softmax"]


def random_problem(sizes, output, loss, seed, m=5):
    """A batch whose targets suit the loss (one-hot for softmax and the log-likelihood,
    probabilities for the cross-entropy, any numbers for the quadratic loss)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((sizes[0], m))
    if output == "softmax" or loss == "log_likelihood":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m)]
    elif loss == "cross_entropy":
        Y = rng.uniform(0, 1, (sizes[-1], m))
    else:
        Y = rng.standard_normal((sizes[-1], m))
    return X, Y


def valid_combinations():
    for hidden, output, loss in itertools.product(HIDDEN, OUTPUT, LOSSES):
        if loss != "quadratic" and output not in LOSSES[loss].outputs:
            continue   # the cross-entropies need outputs in (0, 1); the log-likelihood softmax
        yield hidden, output, loss


def per_sample(net, X, Y):
    return net.backprop_per_sample(X, Y)


def assert_both_algorithms_are_right(net, X, Y):
    """The batch and the per-sample algorithm agree with each other to 1e-12 AND with
    central differences: agreement alone would also hold if both shared a wrong equation."""
    batch, loop = net.backprop(X, Y), net.backprop_per_sample(X, Y)
    for l in net.layers:
        for name, a, b in [("delta", batch.delta[l], loop.delta[l]), ("dW", batch.dW[l], loop.dW[l]),
                           ("db", batch.db[l], loop.db[l])]:
            assert a.shape == b.shape and np.max(np.abs(a - b)) < 1e-12, (name, l)
    for gradients in (None, per_sample):
        errors = check_network(net, X, Y, gradients=gradients)
        assert max(errors.values()) < TOLERANCE, (gradients, errors)


@pytest.mark.parametrize("hidden,output,loss", list(valid_combinations()))
@pytest.mark.parametrize("sizes", [[3, 4, 2], [4, 5, 3, 3]])
def test_both_algorithms_match_central_differences(hidden, output, loss, sizes):
    net = Network(sizes, hidden, loss, output_activation=output, seed=len(sizes))
    X, Y = random_problem(sizes, output, loss, seed=7)
    errors = check_network(net, X, Y)
    assert set(errors) == {f"{p}{l}" for l in range(2, len(sizes) + 1) for p in "Wb"}
    assert_both_algorithms_are_right(net, X, Y)


def test_the_per_sample_deltas_are_the_columns_of_the_batch_deltas():
    rng = np.random.default_rng(1)
    net = Network([6, 5, 4, 3], seed=2)
    X, Y = rng.standard_normal((6, 9)), rng.uniform(0, 1, (3, 9))
    batch = net.backprop(X, Y)
    for i in range(9):
        one = net.backprop(X[:, [i]], Y[:, [i]])
        for l in net.layers:
            assert np.allclose(one.delta[l][:, 0], batch.delta[l][:, i], rtol=0, atol=1e-15)
    assert_both_algorithms_are_right(net, X, Y)


# Each equation against its element form, written with explicit sums

def test_bp1_element_form():
    """δ^L_j = (∂J/∂a^L_j) σ′(z^L_j), with ∂J_x/∂a_j = a_j − y_j for the quadratic loss."""
    rng = np.random.default_rng(0)
    z, y = rng.standard_normal((3, 2)), rng.uniform(0, 1, (3, 2))
    sigma, loss = get_activation("sigmoid"), get_loss("quadratic")
    a = sigma(z)
    expected = np.array([[(a[j, x] - y[j, x]) * sigma.prime(z[j, x]) for x in range(2)]
                         for j in range(3)])
    assert np.allclose(bp.output_error(z, a, y, sigma, loss), expected, rtol=0, atol=1e-16)


def test_bp2_element_form():
    """δ^l_j = Σ_k w^{l+1}_{kj} δ^{l+1}_k σ′(z^l_j): the sum runs over the output index k."""
    rng = np.random.default_rng(1)
    W_next, delta_next, z = rng.standard_normal((2, 4)), rng.standard_normal((2, 3)), \
        rng.standard_normal((4, 3))
    sigma = get_activation("tanh")
    expected = np.array([[sum(W_next[k, j] * delta_next[k, x] for k in range(2)) * sigma.prime(z[j, x])
                          for x in range(3)] for j in range(4)])
    assert np.allclose(bp.hidden_error(W_next, delta_next, z, sigma), expected, rtol=0, atol=1e-15)


def test_bp3_and_bp4_element_forms_are_batch_means():
    """∂J/∂b^l_j = mean_x δ^l_j and ∂J/∂w^l_{jk} = mean_x a^{l−1}_k δ^l_j."""
    rng = np.random.default_rng(2)
    delta, a_prev = rng.standard_normal((3, 5)), rng.uniform(0, 1, (4, 5))
    db = bp.bias_gradient(delta)
    dW = bp.weight_gradient(delta, a_prev)
    assert db.shape == (3, 1) and dW.shape == (3, 4)
    for j in range(3):
        assert db[j, 0] == pytest.approx(sum(delta[j, x] for x in range(5)) / 5, abs=1e-15)
        for k in range(4):
            assert dW[j, k] == pytest.approx(sum(a_prev[k, x] * delta[j, x] for x in range(5)) / 5,
                                             abs=1e-15)
    one = bp.weight_gradient(delta[:, [0]], a_prev[:, [0]])
    assert np.array_equal(one, np.outer(delta[:, 0], a_prev[:, 0]))   # one sample: the outer product


def test_equations_can_be_replaced_one_at_a_time():
    assert bp.equations()["BP2"] is bp.hidden_error
    assert bp.equations(BP3=np.sum)["BP3"] is np.sum
    with pytest.raises(ValueError, match=r"unknown equation\(s\) \['BP5'\]"):
        bp.equations(BP5=np.sum)


# Planting a wrong equation

def sigma_instead_of_sigma_prime(W_next, delta_next, z, sigma):
    return (W_next.T @ delta_next) * sigma(z)


def w_instead_of_w_transpose(W_next, delta_next, z, sigma):
    return (W_next @ delta_next) * sigma.prime(z)


@pytest.mark.parametrize("wrong_bp2", [sigma_instead_of_sigma_prime, w_instead_of_w_transpose])
def test_a_wrong_shared_bp2_breaks_both_algorithms(monkeypatch, wrong_bp2):
    """BP2 is written once: planting a wrong version breaks the batch AND the per-sample
    algorithm, and the agreement test above fails (a square network, so W instead of W^T
    is not caught by a shape error)."""
    net = Network([3, 3, 3, 3], seed=0)
    X, Y = random_problem([3, 3, 3, 3], "sigmoid", "quadratic", seed=3)
    assert_both_algorithms_are_right(net, X, Y)
    monkeypatch.setattr(bp, "hidden_error", wrong_bp2)
    for gradients in (None, per_sample):
        errors = check_network(net, X, Y, gradients=gradients)
        assert errors["W2"] > 1e-3 and errors["W4"] < TOLERANCE    # BP2's pattern: all but layer L
    with pytest.raises(AssertionError):
        assert_both_algorithms_are_right(net, X, Y)


def test_w_instead_of_w_transpose_is_a_shape_error_in_a_non_square_network(monkeypatch):
    net = Network([3, 4, 2], seed=0)
    X, Y = random_problem([3, 4, 2], "sigmoid", "quadratic", seed=3)
    monkeypatch.setattr(bp, "hidden_error", w_instead_of_w_transpose)
    with pytest.raises(ValueError, match="matmul"):
        net.backprop(X, Y)


def test_breaking_only_the_batch_algorithm_leaves_the_per_sample_loop_right(monkeypatch):
    """The per-sample loop has its own forward pass and δ recursion: a bug in the batch
    code (here: a batch BP3 without the 1/m, then a batch forward pass without b) is caught
    by the agreement test, and the loop still passes the gradient check."""
    net = Network([3, 4, 2], seed=1)
    X, Y = random_problem([3, 4, 2], "sigmoid", "quadratic", seed=4)
    without_mean = functools.partial(bp.backward, BP3=lambda delta: delta.sum(axis=1, keepdims=True))
    monkeypatch.setattr(dnn_core.network, "backward", without_mean)
    assert max(check_network(net, X, Y).values()) > 0.1
    assert max(check_network(net, X, Y, gradients=per_sample).values()) < TOLERANCE
    with pytest.raises(AssertionError):
        assert_both_algorithms_are_right(net, X, Y)
    monkeypatch.undo()

    original = Network._forward_trace

    def forward_trace_without_b(self, X):
        saved = {l: self.b[l].copy() for l in self.layers}
        for l in self.layers:
            self.b[l] = np.zeros_like(saved[l])
        try:
            return original(self, X)
        finally:
            for l in self.layers:
                self.b[l] = saved[l]

    monkeypatch.setattr(Network, "_forward_trace", forward_trace_without_b)
    assert max(check_network(net, X, Y).values()) > 1e-3
    assert max(check_network(net, X, Y, gradients=per_sample).values()) < TOLERANCE
