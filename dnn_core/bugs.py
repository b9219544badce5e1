"""Planted bugs for the gradient-checking lab (notebook 06).

`buggy_backprop(net, X, Y, bug)` is backpropagation with exactly one equation written
wrongly (bug=None: the right equations). Each bug is a slip that people really make:

    'bp1_missing_sigma_prime'  BP1  δ^L = ∇_a J                    (the ⊙ σ′(z^L) left out)
    'bp2_missing_transpose'    BP2  δ^l = (W^{l+1} δ^{l+1}) ⊙ σ′(z^l)  (W instead of W^T)
    'bp3_missing_mean'         BP3  ∂J/∂b^l = Σ_x δ^l            (the 1/m forgotten)
    'bp4_wrong_layer'          BP4  ∂J/∂W^l = δ^l (a^l)^T / m     (a^l instead of a^{l−1})

Some bugs only fit square layers (BP2: W^{l+1} must be square; BP4: n_l = n_{l−1}), so the
lab uses a network such as [3, 3, 3, 3]: a wrong equation must not be caught by a shape
error, the gradient check has to find it.

`check_gradient_function(gradients, net, X, Y)` compares any gradient function with
central differences, one relative error per parameter array, and `failing_arrays` lists
the arrays above the tolerance: the pattern of failures names the equation.

`mystery_gradients()` returns further buggy gradient functions, without saying which
equation each one breaks: the material of the bug-hunt exercise.
"""


from .gradcheck import numerical_gradient, relative_error
from .network import Gradients

TOLERANCE = 1e-7

BUGS = {
    "bp1_missing_sigma_prime": ("BP1", "δ^L = ∇_a J: the ⊙ σ′(z^L) is missing"),
    "bp2_missing_transpose": ("BP2", "δ^l = (W^{l+1} δ^{l+1}) ⊙ σ′(z^l): W instead of W^T"),
    "bp3_missing_mean": ("BP3", "∂J/∂b^l = Σ_x δ^l: the 1/m is forgotten"),
    "bp4_wrong_layer": ("BP4", "∂J/∂W^l = δ^l (a^l)^T / m: a^l instead of a^{l−1}"),
}


def buggy_backprop(net, X, Y, bug=None):
    """Backpropagation on the batch (X, Y) with the planted `bug` (a key of BUGS; None for
    none). Returns Gradients like `net.backprop`."""
    if bug is not None and bug not in BUGS:
        raise ValueError(f"unknown bug {bug!r}: expected None or one of {sorted(BUGS)}")
    return _backprop(net, X, Y, **{bug: True} if bug else {})


def _backprop(net, X, Y, bp1_missing_sigma_prime=False, bp2_missing_transpose=False,
              bp3_missing_mean=False, bp4_wrong_layer=False, bp1_prime_of_a=False,
              bp2_sigma_not_prime=False, bp3_one_sample=False, bp4_no_mean=False):
    X = net.check_inputs(X)
    Y = net.check_targets(Y, X.shape[1])
    trace = net.forward_trace(X)
    z, a, L, m = trace.z, trace.a, net.L, X.shape[1]
    grad_a = net.loss.grad(a[L], Y)                                         # ∇_a J
    if bp1_missing_sigma_prime:
        delta = {L: grad_a}
    elif bp1_prime_of_a:
        delta = {L: grad_a * net.output_activation.prime(a[L])}
    else:
        delta = {L: net.output_activation.backward(z[L], grad_a)}          # BP1
    for l in range(L - 1, 1, -1):
        W = net.W[l + 1]
        if bp2_missing_transpose:
            _check_square(W.shape, "BP2", f"W^{l + 1}")
        back = (W if bp2_missing_transpose else W.T) @ delta[l + 1]
        slope = net.activation(z[l]) if bp2_sigma_not_prime else net.activation.prime(z[l])
        delta[l] = back * slope                                             # BP2
    db, dW = {}, {}
    for l in net.layers:
        if bp3_missing_mean:
            db[l] = delta[l].sum(axis=1, keepdims=True)
        elif bp3_one_sample:
            db[l] = delta[l][:, -1:].copy()
        else:
            db[l] = delta[l].sum(axis=1, keepdims=True) / m                 # BP3
        if bp4_wrong_layer:
            _check_square(net.W[l].shape, "BP4", f"W^{l}")
        a_in = a[l] if bp4_wrong_layer else a[l - 1]
        dW[l] = delta[l] @ a_in.T / (1 if bp4_no_mean else m)               # BP4
    return Gradients(delta, dW, db)


def _check_square(shape, equation, name):
    if shape[0] != shape[1]:
        raise ValueError(f"this {equation} bug only fits square layers, but {name} has shape "
                         f"{shape}: use a network such as sizes [3, 3, 3, 3]")


def gradient_arrays(g, net):
    """{'W2': ∂J/∂W^2, 'b2': ∂J/∂b^2, ...} from a Gradients object (the names of
    `net.parameters()`)."""
    arrays = {}
    for l in net.layers:
        arrays[f"W{l}"], arrays[f"b{l}"] = g.dW[l], g.db[l]
    return arrays


def check_gradient_function(gradients, net, X, Y, h=1e-5):
    """The per-array gradient check of any gradient function: `gradients(net, X, Y)` must
    return an object with dW[l] and db[l] (like Gradients). Returns {'W2': relative error
    against central differences of net.J, 'b2': ..., ...}."""
    analytic = gradient_arrays(gradients(net, X, Y), net)
    return {name: relative_error(analytic[name],
                                 numerical_gradient(lambda: net.J(X, Y), theta, h))
            for name, theta in net.parameters()}


def failing_arrays(errors, tolerance=TOLERANCE):
    """The names of the arrays whose relative error is above the tolerance, in order."""
    return [name for name, error in errors.items() if error > tolerance]


def mystery_gradients():
    """Four more buggy gradient functions gradients(net, X, Y) → Gradients, each with one
    equation written wrongly, as [(function, equation)] — for the bug-hunt exercise (the
    learner sees only the functions). They need square layers, e.g. sizes [3, 3, 3, 3]."""
    def bug(**flag):
        def gradients(net, X, Y):
            return _backprop(net, X, Y, **flag)
        return gradients
    return [(bug(bp4_no_mean=True), "BP4"),           # δ^l (a^{l−1})^T without the 1/m
            (bug(bp2_sigma_not_prime=True), "BP2"),   # σ(z^l) instead of σ′(z^l)
            (bug(bp1_prime_of_a=True), "BP1"),        # σ′(a^L) instead of σ′(z^L)
            (bug(bp3_one_sample=True), "BP3")]        # δ^l of the last sample, not the mean
