"""Exercises on the loss, the error δ, the four equations and gradient checking."""

import numpy as np

from ..activations import get_activation, sigmoid
from ..backprop import hidden_error, output_error, weight_gradient
from ..bugs import mystery_gradients
from ..losses import get_loss
from ..network import Network
from .checker import case_rng, exercise

# The loss and δ

@exercise("quadratic_loss", hint="J = (1/m) Σ_x ½‖a^L − y‖²: square the differences, sum over the "
          "output neurons (rows) AND the samples (columns), halve, and divide by m = A.shape[1] "
          "(not by the number of entries).")
def _quadratic_loss_cases():
    for n, m in [(2, 1), (3, 5), (4, 3)]:
        rng = case_rng(400 + 10 * n + m)
        A, Y = rng.uniform(0, 1, (n, m)), rng.uniform(0, 1, (n, m))
        yield f"A and Y of shape {(n, m)}", (A, Y), 0.5 * np.sum((A - Y) ** 2) / m


@exercise("demon_delta", hint="δ^l_j ≈ (J(+h) − J(−h)) / (2h) with J(±h) = "
          "loss_after_nudge(net, x, y, l, j, ±h) and a small h such as 1e-5 (central difference; "
          "j counts from 1).")
def _demon_delta_cases():
    net = Network([2, 3, 3, 2], seed=4)
    rng = case_rng(404)
    x, y = rng.standard_normal((2, 1)), rng.uniform(0, 1, (2, 1))
    g = net.backprop(x, y)
    for l, j in [(4, 2), (3, 1), (2, 3)]:
        yield f"l = {l}, j = {j}", (net, x, y, l, j), float(g.delta[l][j - 1, 0])


# The four equations

@exercise("bp1_output_error", hint="BP1 with the quadratic loss and the sigmoid: "
          "a^L = sigmoid(z_L), ∇_a J = a^L − y, δ^L = ∇_a J ⊙ σ′(z^L) — the Hadamard product "
          "is `*`, and σ′ is taken at z^L (sigmoid_prime(z_L)), not at a^L.")
def _bp1_cases():
    for n, m in [(3, 1), (2, 4)]:
        rng = case_rng(500 + 10 * n + m)
        z, y = 2 * rng.standard_normal((n, m)), rng.uniform(0, 1, (n, m))
        yield f"z_L and y of shape {(n, m)}", (z, y), \
            output_error(z, sigmoid(z), y, get_activation("sigmoid"), get_loss("quadratic"))


@exercise("bp2_delta", hint="BP2: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ′(z^l): W_next.T @ delta_next "
          "(shape (n_l, m)), then `*` sigmoid_prime(z).")
def _bp2_cases():
    for n_next, n, m in [(2, 4, 1), (3, 5, 6)]:
        rng = case_rng(510 + n_next + 10 * n + 100 * m)
        W, d, z = rng.standard_normal((n_next, n)), rng.standard_normal((n_next, m)), \
            rng.standard_normal((n, m))
        yield (f"W_next {W.shape}, delta_next {d.shape}, z {z.shape}", (W, d, z),
               hidden_error(W, d, z, get_activation("sigmoid")))


@exercise("bp4_weight_gradient", hint="BP4 for a batch: ∂J/∂W^l = δ^l (a^{l−1})^T / m — "
          "delta @ a_prev.T sums the m outer products δ (a^{l−1})^T; divide by m = delta.shape[1]. "
          "The result has the shape of W^l, (n_l, n_{l−1}).")
def _bp4_cases():
    for n, n_prev, m in [(3, 4, 1), (2, 3, 5)]:
        rng = case_rng(520 + n + 10 * n_prev + 100 * m)
        d, a = rng.standard_normal((n, m)), rng.uniform(0, 1, (n_prev, m))
        yield f"delta {d.shape}, a_prev {a.shape}", (d, a), weight_gradient(d, a)


# Gradient checking

@exercise("central_difference_gradient", hint="For every entry i of theta "
          "(np.ndindex(theta.shape)): set theta[i] to original + h, evaluate f(theta), set it to "
          "original − h, evaluate again, "
          "store (f₊ − f₋) / (2h) and put the original back. h = 1e-5 works in float64.")
def _central_difference_cases():
    theta = case_rng(600).standard_normal(4)
    yield ("f(θ) = Σ θ_i² sin θ_i, θ of shape (4,)",
           (lambda t: float(np.sum(t ** 2 * np.sin(t))), theta),
           2 * theta * np.sin(theta) + theta ** 2 * np.cos(theta))
    theta = case_rng(601).standard_normal((2, 3))
    yield ("f(Θ) = Σ tanh(Θ_ij) + Σ Θ_ij², Θ of shape (2, 3)",
           (lambda t: float(np.sum(np.tanh(t)) + np.sum(t ** 2)), theta),
           1 - np.tanh(theta) ** 2 + 2 * theta)
    net = Network([2, 3, 1], seed=6)
    rng = case_rng(602)
    X, Y = rng.standard_normal((2, 4)), rng.uniform(0, 1, (1, 4))
    expected = net.backprop(X, Y).dW[2]

    def loss_of_W2(W):
        net.W[2] = W
        return net.J(X, Y)

    yield "f(W) = J of a network [2, 3, 1] as a function of W^2", (loss_of_W2, net.W[2].copy()), \
        expected


@exercise("which_equation", hint="Run the per-array check on a square network such as "
          "Network([3, 3, 3, 3], seed=0) with a batch of m ≥ 2 samples: "
          "check_network(net, X, Y, gradients=gradients) and failing_arrays from dnn_core.gradcheck, "
          "then read the pattern "
          "of failing arrays: all of them → BP1; every array except those of layer L → BP2; "
          "only b's → BP3; only W's → BP4.")
def _which_equation_cases():
    for number, (gradients, equation) in enumerate(mystery_gradients(), start=1):
        yield f"mystery gradient function {number}", (gradients,), equation
