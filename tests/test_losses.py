"""The losses: their values, ∇_a J against central differences, and δ^L = a^L − y where
the loss cancels σ′ (the loss's own `delta`)."""

import numpy as np
import pytest

from dnn_core import Network
from dnn_core.activations import get_activation
from dnn_core.gradcheck import TOLERANCE, numerical_gradient, relative_error
from dnn_core.losses import LOSSES, get_loss


def probabilities(seed, shape=(3, 4)):
    rng = np.random.default_rng(seed)
    A = rng.uniform(0.05, 0.95, shape)
    return A / A.sum(axis=0), np.eye(shape[0])[:, rng.integers(0, shape[0], shape[1])]


def test_values_are_means_over_the_columns():
    A, Y = probabilities(0)
    m = A.shape[1]
    assert LOSSES["quadratic"](A, Y) == pytest.approx(sum(0.5 * np.sum((A[:, x] - Y[:, x]) ** 2)
                                                          for x in range(m)) / m)
    assert LOSSES["log_likelihood"](A, Y) == pytest.approx(-np.mean(np.log(A[Y == 1])))
    assert LOSSES["cross_entropy"](A, Y) == pytest.approx(
        -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_grad_is_m_times_the_gradient_of_the_mean(name):
    """grad returns ∇_a J_x per sample: m times ∂J/∂A of the mean J."""
    A, Y = probabilities(1)
    loss = LOSSES[name]
    numerical = numerical_gradient(lambda: loss(A, Y), A)
    assert relative_error(loss.grad(A, Y), A.shape[1] * numerical) < TOLERANCE


@pytest.mark.parametrize("output,loss", [("sigmoid", "cross_entropy"), ("softmax", "cross_entropy"),
                                         ("softmax", "log_likelihood")])
def test_the_loss_gives_delta_L_equal_to_a_minus_y_where_it_cancels_sigma_prime(output, loss):
    """The shortcut lives on the loss; away from saturation it equals the general BP1."""
    sigma, J = get_activation(output), get_loss(loss, output)
    rng = np.random.default_rng(2)
    Z = rng.standard_normal((4, 5))
    Y = np.eye(4)[:, rng.integers(0, 4, 5)]
    A = sigma(Z)
    assert np.array_equal(J.delta(Z, A, Y, sigma), A - Y)
    assert np.allclose(sigma.backward(Z, J.grad(A, Y)), A - Y, rtol=0, atol=1e-12)


def test_without_cancellation_delta_is_the_general_bp1():
    sigma, J = get_activation("tanh"), get_loss("quadratic")
    rng = np.random.default_rng(3)
    Z, Y = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    A = sigma(Z)
    assert np.array_equal(J.delta(Z, A, Y, sigma), (A - Y) * (1 - np.tanh(Z) ** 2))
    assert J.cancels is None and get_loss("cross_entropy").cancels == "sigmoid"


def test_cross_entropy_after_softmax_is_the_log_likelihood():
    assert get_loss("cross_entropy", "softmax") is LOSSES["log_likelihood"]
    assert get_loss("cross_entropy", "sigmoid") is LOSSES["cross_entropy"]
    with pytest.raises(ValueError, match="unknown loss 'mse'"):
        get_loss("mse")


def test_saturated_cross_entropy_still_learns():
    """A saturated sigmoid output (a = 1 in floating point) with target 0: the quadratic
    loss gives δ = 0 (no learning), the cross-entropy δ = 1."""
    X, Y = np.array([[1.0]]), np.array([[0.0]])
    quad = Network([1, 1], loss="quadratic", seed=0)
    cross = Network([1, 1], loss="cross_entropy", seed=0)
    for net in (quad, cross):
        net.W[2], net.b[2] = [[40.0]], [[0.0]]
    assert quad.backprop(X, Y).delta[2][0, 0] == 0.0
    assert cross.backprop(X, Y).delta[2][0, 0] == pytest.approx(1.0)
    assert np.isfinite(cross.J(X, Y))
