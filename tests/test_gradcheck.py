"""Finite differences, the relative error, and the check of a network or of any gradient
function."""

import numpy as np
import pytest

from dnn_core import Network
from dnn_core.gradcheck import (
    TOLERANCE,
    check_network,
    failing_arrays,
    gradient_arrays,
    numerical_gradient,
    relative_error,
    step_size_errors,
)


def small_problem():
    net = Network([3, 4, 2], seed=0)
    rng = np.random.default_rng(1)
    return net, rng.standard_normal((3, 5)), rng.uniform(0, 1, (2, 5))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_numerical_gradient_keeps_the_dtype_and_restores_theta(dtype):
    theta = np.array([0.3, -1.2], dtype=dtype)
    before = theta.copy()
    g = numerical_gradient(lambda: np.sum(np.sin(theta)), theta, h=1e-3)
    assert g.dtype == dtype and np.array_equal(theta, before)
    assert np.allclose(g, np.cos(before.astype(float)), rtol=1e-3)


def test_numerical_gradient_rejects_bad_options():
    theta = np.zeros(2)
    with pytest.raises(ValueError, match="unknown method 'backward'"):
        numerical_gradient(lambda: 0.0, theta, method="backward")
    with pytest.raises(ValueError, match="h must be positive"):
        numerical_gradient(lambda: 0.0, theta, h=0)


def test_forward_and_central_orders():
    theta = np.array([1.0])
    hs = 10.0 ** -np.arange(1, 5.01, 0.5)
    exact = [np.array([np.cos(1.0)])]
    fwd = step_size_errors(lambda: np.sin(theta[0]), [theta], exact, hs, "forward")
    cen = step_size_errors(lambda: np.sin(theta[0]), [theta], exact, hs, "central")
    assert np.polyfit(np.log10(hs), np.log10(fwd), 1)[0] == pytest.approx(1, abs=0.05)
    assert np.polyfit(np.log10(hs), np.log10(cen), 1)[0] == pytest.approx(2, abs=0.05)


def test_the_step_size_sweep_is_a_v_for_both_dtypes():
    """Notebook 06's claim, on its network: both ends ≥ 100× worse than the best h, and
    float32's best h is larger."""
    rng = np.random.default_rng(0)
    X = (3 * rng.standard_normal((3, 5))).astype(np.float32)
    Y = rng.uniform(-0.5, 0.5, (2, 5)).astype(np.float32)
    net32 = Network([3, 4, 2], "tanh", init="scaled", seed=0, dtype=np.float32)
    net64 = Network([3, 4, 2], "tanh", init="scaled", seed=0)
    for l in net64.layers:
        net64.W[l], net64.b[l] = net32.W[l], net32.b[l]
    g = net64.backprop(X, Y)
    exact = [g.dW[l] if p == "W" else g.db[l] for l in net64.layers for p in "Wb"]
    hs = 10.0 ** -np.arange(1, 12.01, 1.0)
    best = {}
    for name, net in [("64", net64), ("32", net32)]:
        errors = step_size_errors(lambda: net.J(X, Y), [p for _, p in net.parameters()], exact, hs)
        k = int(np.argmin(errors))
        best[name] = hs[k]
        assert 100 * errors[k] <= min(errors[0], errors[-1])
    assert best["32"] > best["64"]


def test_relative_error_is_scale_free():
    g = np.array([1.0, -2.0, 3.0])
    assert relative_error(g, g) == 0.0 and relative_error(g, -g) == 1.0
    assert relative_error(1e-8 * g, 1.01e-8 * g) == pytest.approx(relative_error(g, 1.01 * g))
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match="same shape"):
        relative_error(g, g[:2])


def test_check_network_detects_a_wrong_gradient():
    net, X, Y = small_problem()
    assert max(check_network(net, X, Y).values()) < TOLERANCE

    def forgotten_mean(n, X_, Y_):
        g = n.backprop(X_, Y_)
        g.dW[2] = g.dW[2] * X_.shape[1]
        return g

    errors = check_network(net, X, Y, gradients=forgotten_mean)
    assert failing_arrays(errors) == ["W2"] and errors["W2"] > 0.3


def test_check_network_takes_any_gradient_function():
    net, X, Y = small_problem()
    calls = []

    def recorded(n, X_, Y_):
        calls.append((n, X_.shape))
        return n.backprop_per_sample(X_, Y_)

    errors = check_network(net, X, Y, gradients=recorded)
    assert calls == [(net, (3, 5))] and max(errors.values()) < TOLERANCE


def test_gradient_arrays_are_named_like_the_parameters():
    net, X, Y = small_problem()
    g = net.backprop(X, Y)
    arrays = gradient_arrays(g, net)
    assert list(arrays) == [name for name, _ in net.parameters()] == ["W2", "b2", "W3", "b3"]
    assert arrays["W3"] is g.dW[3] and arrays["b2"] is g.db[2]


def test_failing_arrays_keeps_the_order():
    assert failing_arrays({"W2": 1e-3, "b2": 1e-9, "W3": 0.5}) == ["W2", "W3"]
    assert failing_arrays({"W2": 1e-3}, tolerance=1e-2) == []
