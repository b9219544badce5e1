"""Gradient checking: compare backpropagation with finite differences.

central difference:  ∂f/∂θ_i ≈ (f(θ + h e_i) − f(θ − h e_i)) / 2h    error O(h²)
forward difference:  ∂f/∂θ_i ≈ (f(θ + h e_i) − f(θ)) / h             error O(h)
relative error:      ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖)   (0 when both are 0), one number per array

`check_network(net, X, Y)` checks `net.backprop`; `check_network(net, X, Y, gradients=f)`
checks any gradient function f(net, X, Y) → Gradients (a planted bug, a learner's own
backpropagation), and `failing_arrays` names the arrays above the tolerance.
"""

import numpy as np

DIFFERENCES = ("central", "forward")
TOLERANCE = 1e-7    # relative error of a whole array that a correct float64 gradient passes


def numerical_gradient(f, theta, h=1e-5, method="central"):
    """The finite-difference gradient of the scalar function f() with respect to the
    array `theta`, which f reads; theta is changed in place one entry at a time and
    restored. Returns an array of theta's shape and dtype.

    Everything is rounded to theta's dtype — f's values, the difference, the division by
    h — so a float32 network shows float32 round-off, as it would in float32 code."""
    if method not in DIFFERENCES:
        raise ValueError(f"unknown method {method!r}: expected one of {DIFFERENCES}")
    if not h > 0:
        raise ValueError(f"the step h must be positive; got {h!r}")
    real = theta.dtype.type
    h = real(h)
    grad = np.zeros(theta.shape, dtype=theta.dtype)
    f_0 = real(f()) if method == "forward" else None
    for i in np.ndindex(theta.shape):
        original = theta[i]
        theta[i] = original + h
        f_plus = real(f())
        if method == "central":
            theta[i] = original - h
            grad[i] = (f_plus - real(f())) / (2 * h)
        else:
            grad[i] = (f_plus - f_0) / h
        theta[i] = original
    return grad


def relative_error(g, g_hat):
    """‖g − ĝ‖ / (‖g‖ + ‖ĝ‖): scale-free, 0 for equal arrays, 1 for opposite ones."""
    g, g_hat = np.asarray(g, dtype=np.float64), np.asarray(g_hat, dtype=np.float64)
    if g.shape != g_hat.shape:
        raise ValueError(f"the gradients must have the same shape; got {g.shape} and {g_hat.shape}")
    denominator = np.linalg.norm(g) + np.linalg.norm(g_hat)
    return 0.0 if denominator == 0 else float(np.linalg.norm(g - g_hat) / denominator)


def gradient_arrays(g, net):
    """{'W2': ∂J/∂W^2, 'b2': ∂J/∂b^2, ...} from a Gradients object, named like
    `net.parameters()`."""
    return {name: (g.dW if name[0] == "W" else g.db)[int(name[1:])] for name, _ in net.parameters()}


def network_gradients(net, X, Y, h=1e-5, gradients=None):
    """(analytic, numerical): two dicts {'W2': ..., 'b2': ..., ...} with ∂J/∂W^l, ∂J/∂b^l
    from `gradients(net, X, Y)` (default: `net.backprop`) and from central differences of
    `net.J`."""
    g = net.backprop(X, Y) if gradients is None else gradients(net, X, Y)
    numerical = {name: numerical_gradient(lambda: net.J(X, Y), theta, h)
                 for name, theta in net.parameters()}
    return gradient_arrays(g, net), numerical


def check_network(net, X, Y, h=1e-5, gradients=None):
    """The relative error between a gradient function and central differences for every
    parameter array: {'W2': 3e-10, 'b2': 1e-10, ...}. gradients(net, X, Y) must return an
    object with dW[l] and db[l] (like Gradients); the default is `net.backprop`. Use
    float64 and small batches."""
    analytic, numerical = network_gradients(net, X, Y, h, gradients)
    return {name: relative_error(analytic[name], numerical[name]) for name in analytic}


def failing_arrays(errors, tolerance=TOLERANCE):
    """The names of the arrays whose relative error is above the tolerance, in order."""
    return [name for name, error in errors.items() if error > tolerance]


def step_size_errors(f, params, exact, hs, method="central"):
    """The relative error of the finite-difference gradient for every step h in hs: f()
    reads the arrays `params` (their dtype sets the precision), `exact` holds the true
    gradients (one array per parameter array). Returns an array of len(hs)."""
    g = np.concatenate([np.ravel(e) for e in exact]).astype(np.float64)
    return np.array([
        relative_error(g, np.concatenate([numerical_gradient(f, p, h, method).ravel() for p in params]))
        for h in hs
    ])
