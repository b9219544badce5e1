"""Backpropagation against central differences, for every activation/loss combination."""

import itertools

import numpy as np
import pytest

from dnn_core import Network
from dnn_core.activations import ACTIVATIONS, get_activation, softmax_jacobian
from dnn_core.gradcheck import check_network, numerical_gradient, relative_error
from dnn_core.losses import LOSSES

HIDDEN = ["sigmoid", "tanh", "relu"]
OUTPUT = ["sigmoid", "tanh", "relu", "identity", "softmax"]
TOLERANCE = 1e-7


def random_problem(sizes, output, loss, seed):
    """A random network and batch whose targets suit the loss (probabilities for the
    cross-entropies, any numbers for the quadratic loss)."""
    rng = np.random.default_rng(seed)
    m = 5
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
        # the cross-entropies need outputs in (0, 1)
        if loss != "quadratic" and output not in ("sigmoid", "softmax"):
            continue
        yield hidden, output, loss


@pytest.mark.parametrize("hidden,output,loss", list(valid_combinations()))
@pytest.mark.parametrize("sizes", [[3, 4, 2], [4, 5, 3, 3]])
def test_backprop_matches_central_differences(hidden, output, loss, sizes):
    net = Network(sizes, hidden, loss, output_activation=output, seed=len(sizes))
    X, Y = random_problem(sizes, output, loss, seed=7)
    errors = check_network(net, X, Y)
    assert set(errors) == {f"{p}{l}" for l in range(2, len(sizes) + 1) for p in "Wb"}
    assert max(errors.values()) < TOLERANCE, errors


def test_gradcheck_detects_a_wrong_gradient():
    net = Network([3, 4, 2], seed=0)
    X, Y = random_problem([3, 4, 2], "sigmoid", "quadratic", seed=1)
    good = net.backprop(X, Y).dW[2]
    numerical = numerical_gradient(lambda: net.J(X, Y), net.W[2])
    assert relative_error(good, numerical) < TOLERANCE
    assert relative_error(2 * good, numerical) > 0.3          # a forgotten 1/m
    assert relative_error(good[:, ::-1], numerical) > 1e-3   # columns swapped (a wrong index)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivatives(name):
    act = get_activation(name)
    z = np.linspace(-3, 3, 13).reshape(-1, 1) + 0.05   # avoid the kinks of relu and sign at 0
    if name == "softmax":
        z0 = z[:4, 0].copy()
        numerical = np.column_stack([
            numerical_gradient(lambda: act(z0.reshape(-1, 1))[j, 0], z0) for j in range(4)
        ]).T
        assert relative_error(softmax_jacobian(z0), numerical) < TOLERANCE
        assert np.allclose(np.diag(softmax_jacobian(z0)), act.prime(z0.reshape(-1, 1))[:, 0])
        return
    # element-wise: ∂(Σ_j σ(z_j))/∂z_j = σ′(z_j)
    numerical = numerical_gradient(lambda: act(z).sum(), z)
    if name == "sign":
        assert np.all(act.prime(z) == 0) and np.all(numerical == 0)
    else:
        assert relative_error(act.prime(z), numerical) < TOLERANCE


def test_softmax_backward_is_the_jacobian_product():
    rng = np.random.default_rng(3)
    Z, G = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    expected = np.column_stack([softmax_jacobian(Z[:, i]).T @ G[:, i] for i in range(3)])
    assert np.allclose(get_activation("softmax").backward(Z, G), expected, rtol=0, atol=1e-15)


def test_sigmoid_is_stable_for_large_inputs():
    with np.errstate(all="raise"):
        s = get_activation("sigmoid")(np.array([-1000.0, 0.0, 1000.0]))
    assert s.tolist() == [0.0, 0.5, 1.0]


@pytest.mark.parametrize("output,loss", [("sigmoid", "cross_entropy"), ("softmax", "cross_entropy"),
                                         ("softmax", "log_likelihood")])
def test_cross_entropy_output_error_is_a_minus_y(output, loss):
    """With a matching cross-entropy, BP1 simplifies to δ^L = a^L − y; the general
    ∇_a J ⊙ σ′(z^L) gives the same numbers away from saturation."""
    net = Network([3, 4], "sigmoid", loss, output_activation=output, seed=0)
    X, Y = random_problem([3, 4], output, loss, seed=2)
    trace = net.forward_trace(X)
    general = net.output_activation.backward(trace.z[2], net.loss.grad(trace.a[2], Y))
    delta = net.backprop(X, Y).delta[2]
    assert np.allclose(delta, trace.a[2] - Y, rtol=0, atol=1e-15)
    assert np.allclose(general, delta, rtol=0, atol=1e-12)


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
