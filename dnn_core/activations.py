"""Activation functions σ and their derivatives σ′.

Every function works element-wise on an array z of any shape, except softmax, which
works on each column of z (shape (n, m): one sample per column). Each activation is an
`Activation` with

- `f(z)`            the value a = σ(z),
- `prime(z)`        the derivative σ′(z), element-wise (softmax: not element-wise, see below),
- `backward(z, g)`  the chain rule ∂J/∂z from g = ∂J/∂a. For an element-wise σ this is the
                    Hadamard product g ⊙ σ′(z) of BP1/BP2; for softmax it is the product with
                    its Jacobian, column by column.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .validation import check_choice, check_number


def sigmoid(z):
    """σ(z) = 1 / (1 + e^{−z}), written with tanh so that large |z| never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z)); at most 1/4, at z = 0."""
    s = sigmoid(z)
    return s * (1.0 - s)


def saturation_threshold(threshold=0.01):
    """z* > 0 with σ′(z*) = threshold, for 0 < threshold < 1/4: σ′(z) < threshold exactly
    when |z| > z* (the neuron is saturated). From σ′ = σ(1 − σ) and σ(z) = (1 + tanh(z/2))/2:
    σ′(z) = (1 − tanh²(z/2))/4, so z* = 2 artanh(√(1 − 4·threshold))."""
    threshold = check_number("threshold", threshold)
    if not 0 < threshold < 0.25:
        raise ValueError(f"threshold must be between 0 and 1/4 (the largest σ′, at z = 0); "
                         f"got {threshold!r}")
    return float(2.0 * np.arctanh(np.sqrt(1.0 - 4.0 * threshold)))


def tanh(z):
    """tanh(z) = (e^z − e^{−z}) / (e^z + e^{−z}), values in (−1, 1)."""
    return np.tanh(z)


def tanh_prime(z):
    """tanh′(z) = 1 − tanh²(z)."""
    return 1.0 - np.tanh(z) ** 2


def relu(z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(z, 0.0)


def relu_prime(z):
    """ReLU′(z) = 1 for z > 0, else 0 (the kink at 0 is given the value 0)."""
    return (z > 0).astype(np.result_type(z, np.float32))


def sign(z):
    """The perceptron's activation: +1 for z ≥ 0, −1 for z < 0."""
    return np.where(z >= 0, 1.0, -1.0).astype(np.result_type(z, np.float32))


def sign_prime(z):
    """sign′(z) = 0 wherever it exists: no gradient flows, which is why the perceptron
    cannot be trained by backpropagation."""
    return np.zeros_like(z, dtype=np.result_type(z, np.float32))


def identity(z):
    """The linear activation a = z (an output layer for regression)."""
    return z


def identity_prime(z):
    """identity′(z) = 1."""
    return np.ones_like(z)


def softmax(z):
    """softmax(z)_j = e^{z_j} / Σ_k e^{z_k}, for each column of z (shape (n, m)).

    The column maximum is subtracted first: it cancels in the ratio and keeps e^z finite.
    """
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_jacobian(z):
    """The n × n Jacobian ∂a_j/∂z_k = a_j (1[j=k] − a_k) of softmax at one sample z (shape (n,) or (n, 1))."""
    a = softmax(np.reshape(z, (-1, 1)))[:, 0]
    return np.diag(a) - np.outer(a, a)


def softmax_prime(z):
    """The diagonal of the softmax Jacobian, a_j (1 − a_j), column by column.

    Softmax is not element-wise: ∂a_j/∂z_k ≠ 0 for j ≠ k, so this diagonal alone is *not*
    enough for backpropagation; `Activation.backward` uses the whole Jacobian.
    """
    a = softmax(z)
    return a * (1.0 - a)


def _softmax_backward(z, g):
    """Jacobian-vector product per column: (∂a/∂z)^T g = a ⊙ (g − Σ_k a_k g_k)."""
    a = softmax(z)
    return a * (g - np.sum(a * g, axis=0, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """An activation function with its derivative, named as in the course."""

    name: str
    f: Callable
    prime: Callable
    elementwise: bool = True

    def __call__(self, z):
        return self.f(z)

    def backward(self, z, grad_a):
        """∂J/∂z from ∂J/∂a (both of shape (n, m)): grad_a ⊙ σ′(z) for element-wise σ."""
        if self.elementwise:
            return grad_a * self.prime(z)
        return _softmax_backward(z, grad_a)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "softmax": Activation("softmax", softmax, softmax_prime, elementwise=False),
    "sign": Activation("sign", sign, sign_prime),
    "identity": Activation("identity", identity, identity_prime),
}


def get_activation(activation):
    """Look an activation up by name ('sigmoid', 'tanh', 'relu', 'softmax', 'sign', 'identity')."""
    if isinstance(activation, Activation):
        return activation
    return ACTIVATIONS[check_choice("activation", activation, ACTIVATIONS)]
