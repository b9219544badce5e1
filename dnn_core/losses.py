"""Loss functions J: the value and the gradient ∇_a J with respect to the output a^L.

Both assumptions of the course hold for every loss here:
(1) J = (1/m) Σ_x J_x is the mean of per-sample losses over the m columns of a batch;
(2) J_x depends on the output a^L only (the target y is a fixed parameter).

`value(A, Y)` returns J, the mean over the batch. `grad(A, Y)` returns the per-sample
gradients ∇_a J_x stacked as columns (shape (n_L, m)); the 1/m of the mean is applied
once, when the gradients of W and b are averaged (BP3/BP4).
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .validation import check_choice

# log(0) would make J infinite for a saturated output that is exactly 0 or 1 in floating
# point; clipping only touches values that close, where J is already huge.
_TINY = 1e-300


def quadratic(A, Y):
    """J = (1/m) Σ_x ½‖a^L − y‖²."""
    return 0.5 * np.sum((A - Y) ** 2) / A.shape[1]


def quadratic_grad(A, Y):
    """∇_a J_x = a^L − y, one column per sample."""
    return A - Y


def cross_entropy(A, Y):
    """J = −(1/m) Σ_x Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)]: each output unit is a
    probability on its own (sigmoid outputs)."""
    return -np.sum(Y * np.log(np.maximum(A, _TINY))
                   + (1 - Y) * np.log(np.maximum(1 - A, _TINY))) / A.shape[1]


def cross_entropy_grad(A, Y):
    """∇_a J_x = (a − y) / (a (1 − a)), element-wise."""
    return (A - Y) / (A * (1 - A))


def log_likelihood(A, Y):
    """J = −(1/m) Σ_x Σ_j y_j ln a_j: the cross-entropy of a probability distribution
    over the classes (softmax outputs; with one-hot y it is −ln a_y)."""
    return -np.sum(Y * np.log(np.maximum(A, _TINY))) / A.shape[1]


def log_likelihood_grad(A, Y):
    """∇_a J_x = −y / a, element-wise."""
    return -Y / A


@dataclass(frozen=True)
class Loss:
    """A loss function: its value J (mean over the batch), ∇_a J_x per sample, and the
    output activation whose σ′ it cancels (if any)."""

    name: str
    value: Callable
    grad: Callable
    cancels: str | None = None
    outputs: tuple | None = None     # the output activations it has a meaning for (None: any)

    def __call__(self, A, Y):
        return self.value(A, Y)

    def delta(self, z_L, a_L, Y, sigma):
        """δ^L for this loss after the output activation `sigma`, all of shape (n_L, m).

        In general BP1, ∇_a J ⊙ σ′(z^L) (for softmax: the product with its Jacobian). With
        the activation whose σ′ this loss cancels — sigmoid after the cross-entropy,
        softmax after the log-likelihood — the product simplifies to a^L − y exactly; that
        form is used because it stays exact when a^L is saturated at 0 or 1, where ∇_a J
        alone would be 0/0.
        """
        if sigma.name == self.cancels:
            return a_L - Y
        return sigma.backward(z_L, self.grad(a_L, Y))


LOSSES = {
    "quadratic": Loss("quadratic", quadratic, quadratic_grad),
    "cross_entropy": Loss("cross_entropy", cross_entropy, cross_entropy_grad, cancels="sigmoid",
                          outputs=("sigmoid", "softmax")),
    "log_likelihood": Loss("log_likelihood", log_likelihood, log_likelihood_grad,
                           cancels="softmax", outputs=("softmax",)),
}


VALID_PAIRS = ("quadratic with any output activation; cross_entropy with sigmoid or softmax "
               "outputs (probabilities in (0, 1)); log_likelihood with softmax outputs")


def get_loss(loss, output_activation="sigmoid"):
    """Look a loss up by name and check that it has a meaning after `output_activation`.

    'cross_entropy' means the cross-entropy that matches the output layer: per unit
    (Bernoulli) for element-wise outputs such as sigmoid, and over the classes
    (= 'log_likelihood') for a softmax output. Both give δ^L = a^L − y. The cross-entropies
    need outputs in (0, 1): after tanh, relu or identity their logarithms have no meaning.
    """
    if not isinstance(loss, Loss):
        check_choice("loss", loss, LOSSES)
        if loss == "cross_entropy" and output_activation == "softmax":
            loss = "log_likelihood"
        loss = LOSSES[loss]
    if loss.outputs is not None and output_activation not in loss.outputs:
        raise ValueError(
            f"the {loss.name} loss has no meaning after a {output_activation!r} output layer: it "
            f"needs outputs in (0, 1) from {' or '.join(loss.outputs)}. The valid pairs: {VALID_PAIRS}.")
    return loss
