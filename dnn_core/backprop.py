"""The four equations of backpropagation, written once, in the notation of the course.

δ^l = ∂J_x/∂z^l is the error of layer l for one sample x; a batch of m samples holds one
sample per column, so δ^l, z^l and a^l have shape (n_l, m). J = (1/m) Σ_x J_x is the mean
of the per-sample losses, so the gradients of W^l and b^l are means over the columns.

    BP1  δ^L = ∇_a J ⊙ σ′(z^L)                        output_error
    BP2  δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)         hidden_error
    BP3  ∂J/∂b^l = δ^l                (batch mean)    bias_gradient
    BP4  ∂J/∂W^l = δ^l (a^{l−1})^T    (batch mean)    weight_gradient

Everything else is built on these four functions: `backward` (the vectorised batch:
one matrix product per layer for all m samples), `backward_per_sample` (the article's
loop: one column vector at a time, sums of outer products), the planted bugs of
`dnn_core.bugs` (one equation replaced by a wrong version) and the exercise references.
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class Gradients:
    """The result of backpropagation on a batch of m samples, for l = 2..L.

    delta[l]: δ^l = ∂J_x/∂z^l of every sample x, one column each, shape (n_l, m)
    dW[l]:    ∂J/∂W^l, the mean over the batch, shape (n_l, n_{l−1})
    db[l]:    ∂J/∂b^l, the mean over the batch, shape (n_l, 1)
    """

    delta: dict
    dW: dict
    db: dict


# The four equations

def output_error(z_L, a_L, y, sigma, loss):
    """BP1: δ^L = ∇_a J ⊙ σ′(z^L), shape (n_L, m).

    z_L, a_L, y: (n_L, m); sigma: the output activation; loss: the `Loss`. The loss
    computes it (`Loss.delta`), because where it cancels σ′ — cross-entropy after sigmoid,
    log-likelihood after softmax — δ^L is exactly a^L − y.
    """
    return loss.delta(z_L, a_L, y, sigma)


def hidden_error(W_next, delta_next, z, sigma):
    """BP2: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ′(z^l), shape (n_l, m).

    W_next: W^{l+1}, (n_{l+1}, n_l); delta_next: δ^{l+1}, (n_{l+1}, m); z: z^l, (n_l, m);
    sigma: the activation of layer l (element-wise).
    """
    return (W_next.T @ delta_next) * sigma.prime(z)


def bias_gradient(delta):
    """BP3: ∂J/∂b^l = δ^l, averaged over the m columns: shape (n_l, 1)."""
    return delta.sum(axis=1, keepdims=True) / delta.shape[1]


def weight_gradient(delta, a_prev):
    """BP4: ∂J/∂W^l = δ^l (a^{l−1})^T, averaged over the batch: shape (n_l, n_{l−1}).

    delta: δ^l, (n_l, m); a_prev: a^{l−1}, (n_{l−1}, m). The matrix product sums the m
    outer products δ^{x,l} (a^{x,l−1})^T; dividing δ by m first makes the sum the mean (and
    costs n_l·m divisions instead of n_l·n_{l−1}). For one sample (m = 1) it is the outer
    product itself.
    """
    return (delta / delta.shape[1]) @ a_prev.T


EQUATIONS = ("BP1", "BP2", "BP3", "BP4")


def equations(**replaced):
    """{'BP1': output_error, 'BP2': hidden_error, 'BP3': bias_gradient, 'BP4':
    weight_gradient}, with the equations named in `replaced` swapped for other functions
    of the same arguments (how `dnn_core.bugs` plants a bug)."""
    unknown = set(replaced) - set(EQUATIONS)
    if unknown:
        raise ValueError(f"unknown equation(s) {sorted(unknown)}: expected some of {EQUATIONS}")
    return {"BP1": output_error, "BP2": hidden_error, "BP3": bias_gradient,
            "BP4": weight_gradient, **replaced}


# The two algorithms

def backward(net, z, a, Y, **replaced):
    """Backpropagation on a whole batch at once, from the forward pass's z[l] (l = 2..L)
    and a[l] (l = 1..L), each of shape (n_l, m), and the targets Y (n_L, m): one matrix
    product per layer for all m samples. `replaced` swaps equations (see `equations`).
    Returns Gradients."""
    bp = equations(**replaced)
    L = net.L
    delta = {L: bp["BP1"](z[L], a[L], Y, net.sigma(L), net.loss)}
    for l in range(L - 1, 1, -1):
        delta[l] = bp["BP2"](net.W[l + 1], delta[l + 1], z[l], net.sigma(l))
    db = {l: bp["BP3"](delta[l]) for l in net.layers}
    dW = {l: bp["BP4"](delta[l], a[l - 1]) for l in net.layers}
    return Gradients(delta, dW, db)


def backward_per_sample(net, X, Y):
    """The article's algorithm: for each sample x (a column vector of X, shape (n_1, m))
    run the forward pass, δ^L by BP1 and δ^l for l = L−1..2 by BP2, and add up the
    per-sample gradients ∂J_x/∂b^l = δ^{x,l} and ∂J_x/∂W^l = δ^{x,l} (a^{x,l−1})^T (an outer
    product); the means are the sums divided by m. It shares only the four equations with
    `backward`: the same result, m times more Python work. Returns Gradients (the
    samples' δ as columns)."""
    m, L = X.shape[1], net.L
    sum_dW = {l: np.zeros_like(net.W[l]) for l in net.layers}
    sum_db = {l: np.zeros_like(net.b[l]) for l in net.layers}
    deltas = {l: np.empty((net.n(l), m), dtype=net.dtype) for l in net.layers}
    for i in range(m):
        x, y = X[:, [i]], Y[:, [i]]
        z, a = {}, {1: x}
        for l in net.layers:
            z[l] = net.W[l] @ a[l - 1] + net.b[l]
            a[l] = net.sigma(l)(z[l])
        delta = {L: output_error(z[L], a[L], y, net.sigma(L), net.loss)}
        for l in range(L - 1, 1, -1):
            delta[l] = hidden_error(net.W[l + 1], delta[l + 1], z[l], net.sigma(l))
        for l in net.layers:
            sum_db[l] += bias_gradient(delta[l])
            sum_dW[l] += weight_gradient(delta[l], a[l - 1])
            deltas[l][:, i] = delta[l][:, 0]
    return Gradients(deltas, {l: sum_dW[l] / m for l in net.layers},
                     {l: sum_db[l] / m for l in net.layers})
