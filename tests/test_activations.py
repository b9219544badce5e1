"""The activations σ, their derivatives σ′ against central differences, softmax's Jacobian
and the saturation threshold."""

import numpy as np
import pytest

from dnn_core.activations import (
    ACTIVATIONS,
    get_activation,
    saturation_threshold,
    sigmoid,
    sigmoid_prime,
    softmax_jacobian,
)
from dnn_core.gradcheck import TOLERANCE, numerical_gradient, relative_error


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivatives(name):
    act = get_activation(name)
    z = np.linspace(-3, 3, 13).reshape(-1, 1) + 0.05   # away from the kinks of relu and sign at 0
    if name == "softmax":
        z0 = z[:4, 0].copy()
        numerical = np.column_stack([
            numerical_gradient(lambda: act(z0.reshape(-1, 1))[j, 0], z0) for j in range(4)
        ]).T
        assert relative_error(softmax_jacobian(z0), numerical) < TOLERANCE
        assert np.allclose(np.diag(softmax_jacobian(z0)), act.prime(z0.reshape(-1, 1))[:, 0])
        return
    numerical = numerical_gradient(lambda: act(z).sum(), z)   # ∂(Σ_j σ(z_j))/∂z_j = σ′(z_j)
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
        s = sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    assert s.tolist() == [0.0, 0.5, 1.0]


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod': expected one of"):
        get_activation("sigmod")


@pytest.mark.parametrize("t", [0.2, 0.1, 0.01, 1e-4])
def test_saturation_threshold_solves_the_equation(t):
    z_star = saturation_threshold(t)
    assert z_star > 0
    assert sigmoid_prime(z_star) == pytest.approx(t, rel=1e-12)
    assert sigmoid_prime(-z_star) == pytest.approx(t, rel=1e-12)
    assert sigmoid_prime(z_star * 1.01) < t < sigmoid_prime(z_star * 0.99)


def test_saturation_threshold_for_one_percent():
    assert saturation_threshold(0.01) == pytest.approx(4.5849, abs=1e-4)


@pytest.mark.parametrize("t", [0.0, 0.25, 0.3, -0.1])
def test_saturation_threshold_rejects_impossible_thresholds(t):
    with pytest.raises(ValueError, match="between 0 and 1/4"):
        saturation_threshold(t)


@pytest.mark.parametrize("t", ["0.01", True, None])
def test_saturation_threshold_wants_a_number(t):
    with pytest.raises(TypeError, match="threshold must be a number"):
        saturation_threshold(t)
