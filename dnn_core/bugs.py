"""Planted bugs for the gradient-checking lab (notebook 06).

A bug is one of the four equations of `dnn_core.backprop` replaced by a wrong version;
the rest of backpropagation is the real one. Each is a slip that people really make:

    'bp1_missing_sigma_prime'  BP1  δ^L = ∇_a J                    (the ⊙ σ′(z^L) left out)
    'bp2_missing_transpose'    BP2  δ^l = (W^{l+1} δ^{l+1}) ⊙ σ′(z^l)  (W instead of W^T)
    'bp3_missing_mean'         BP3  ∂J/∂b^l = Σ_x δ^l            (the 1/m forgotten)
    'bp4_transposed'           BP4  ∂J/∂W^l = a^{l−1} (δ^l)^T / m  (the factors swapped)

The shape bugs only fit square layers (W^{l+1} square, n_l = n_{l−1}), so the lab uses a
network such as [3, 3, 3, 3]: a wrong equation must not be caught by a shape error, the
gradient check (`dnn_core.gradcheck.check_network(..., gradients=...)`) has to find it.

`mystery_gradients()` returns further buggy gradient functions, without saying which
equation each one breaks: the material of the bug-hunt exercise.
"""

def _square(n_rows, n_columns, equation):
    if n_rows != n_columns:
        raise ValueError(f"this {equation} bug only fits square layers, but a weight matrix has "
                         f"shape {(n_rows, n_columns)}: use a network such as sizes [3, 3, 3, 3]")


def bp1_missing_sigma_prime(z_L, a_L, y, sigma, loss):
    return loss.grad(a_L, y)


def bp1_prime_of_a(z_L, a_L, y, sigma, loss):
    return loss.grad(a_L, y) * sigma.prime(a_L)


def bp2_missing_transpose(W_next, delta_next, z, sigma):
    _square(*W_next.shape, "BP2")
    return (W_next @ delta_next) * sigma.prime(z)


def bp2_sigma_not_prime(W_next, delta_next, z, sigma):
    return (W_next.T @ delta_next) * sigma(z)


def bp3_missing_mean(delta):
    return delta.sum(axis=1, keepdims=True)


def bp3_last_sample(delta):
    return delta[:, -1:].copy()


def bp4_transposed(delta, a_prev):
    _square(delta.shape[0], a_prev.shape[0], "BP4")
    return a_prev @ delta.T / delta.shape[1]


def bp4_missing_mean(delta, a_prev):
    return delta @ a_prev.T


# name: (equation, what is wrong, the wrong version of the equation)
BUGS = {
    "bp1_missing_sigma_prime": ("BP1", "δ^L = ∇_a J: the ⊙ σ′(z^L) is missing", bp1_missing_sigma_prime),
    "bp2_missing_transpose": ("BP2", "δ^l = (W^{l+1} δ^{l+1}) ⊙ σ′(z^l): W instead of W^T",
                              bp2_missing_transpose),
    "bp3_missing_mean": ("BP3", "∂J/∂b^l = Σ_x δ^l: the 1/m is forgotten", bp3_missing_mean),
    "bp4_transposed": ("BP4", "∂J/∂W^l = a^{l−1} (δ^l)^T / m: the factors swapped", bp4_transposed),
}


def _with(equation, wrong):
    """The gradient function gradients(net, X, Y) → Gradients with one equation replaced."""
    def gradients(net, X, Y):
        return net.backprop(X, Y, **{equation: wrong})
    return gradients


def buggy_backprop(net, X, Y, bug=None):
    """Backpropagation on the batch (X, Y) with the planted `bug` (a key of BUGS; None for
    none). Returns Gradients like `net.backprop`."""
    if bug is None:
        return net.backprop(X, Y)
    if bug not in BUGS:
        raise ValueError(f"unknown bug {bug!r}: expected None or one of {sorted(BUGS)}")
    equation, _, wrong = BUGS[bug]
    return _with(equation, wrong)(net, X, Y)


def mystery_gradients():
    """Four more buggy gradient functions gradients(net, X, Y) → Gradients, each with one
    equation written wrongly, as [(function, equation)] — for the bug-hunt exercise (the
    learner sees only the functions)."""
    return [(_with("BP4", bp4_missing_mean), "BP4"),     # δ^l (a^{l−1})^T without the 1/m
            (_with("BP2", bp2_sigma_not_prime), "BP2"),  # σ(z^l) instead of σ′(z^l)
            (_with("BP1", bp1_prime_of_a), "BP1"),       # σ′(a^L) instead of σ′(z^L)
            (_with("BP3", bp3_last_sample), "BP3")]      # δ^l of the last sample, not the mean
