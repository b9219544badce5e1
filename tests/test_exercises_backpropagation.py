"""The backpropagation exercises (`dnn_core.exercises.backpropagation`): an independent reference
solution of each passes, answers written differently from the reference pass, and the
mistakes a learner could plausibly make are caught.

SOLUTIONS, VARIANTS and MISTAKES are the tables that tests/test_exercises.py runs (and it
checks that every registered exercise has all three)."""

import numpy as np

from dnn_core import Network
from dnn_core.exercises import EXERCISES
from dnn_core.gradcheck import check_network, failing_arrays


def square_problem():
    net = Network([3, 3, 3, 3], seed=0)
    rng = np.random.default_rng(1)
    return net, rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4))


def sig(z):
    return 1 / (1 + np.exp(-z))


def sig_prime(z):
    return sig(z) * (1 - sig(z))


def ref_quadratic_loss(A, Y):
    return 0.5 * np.sum((A - Y) ** 2) / A.shape[1]


def ref_demon_delta(net, x, y, l, j, h=1e-5):
    return (net.J_after_nudge(x, y, l, j, h) - net.J_after_nudge(x, y, l, j, -h)) / (2 * h)


def ref_demon_deltas(net, X, Y, l, j, h=1e-5):
    return np.array([ref_demon_delta(net, X[:, [i]], Y[:, [i]], l, j, h) for i in range(X.shape[1])])


def ref_gradient_descent(grad_J, theta, eta, steps):
    for _ in range(steps):
        theta = theta - eta * grad_J(theta)
    return theta


def ref_bp1(z_L, y):
    return (sig(z_L) - y) * sig_prime(z_L)


def ref_bp2(W_next, delta_next, z):
    return (W_next.T @ delta_next) * sig_prime(z)


def ref_bp4(delta, a_prev):
    return delta @ a_prev.T / delta.shape[1]


def ref_cross_entropy_delta(z_L, y):
    return sig(z_L) - y


def ref_bp2_sigma_prime_form(W_next, delta_next, z):
    Sigma = np.diag(sig_prime(z).ravel())
    return Sigma, Sigma @ W_next.T @ delta_next


def ref_central(f, theta, h=1e-5):
    grad = np.zeros(theta.shape)
    for i in np.ndindex(theta.shape):
        original = theta[i]
        theta[i] = original + h
        f_plus = f(theta)
        theta[i] = original - h
        f_minus = f(theta)
        theta[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def forward_difference(f, theta, h=1e-5):
    grad, f_0 = np.zeros(theta.shape), f(theta)
    for i in np.ndindex(theta.shape):
        original = theta[i]
        theta[i] = original + h
        grad[i] = (f(theta) - f_0) / h
        theta[i] = original
    return grad


def ref_relative_error(g, g_hat):
    denominator = np.sqrt(np.sum(g ** 2)) + np.sqrt(np.sum(g_hat ** 2))
    return 0.0 if denominator == 0 else np.sqrt(np.sum((g - g_hat) ** 2)) / denominator


def ref_which_equation(gradients):
    net, X, Y = square_problem()
    failing = set(failing_arrays(check_network(net, X, Y, gradients=gradients)))
    if failing == {name for name, _ in net.parameters()}:
        return "BP1"
    if failing and all(name.startswith("b") for name in failing):
        return "BP3"
    if failing and all(name.startswith("W") for name in failing):
        return "BP4"
    if failing and not failing & {f"W{net.L}", f"b{net.L}"}:
        return "bp2"                       # the check is case-insensitive
    return "no bug found"


def which_equation_by_layers(gradients, m=3):
    """Another square network and batch; reads the pattern from the largest errors."""
    net = Network([4, 4, 4], seed=3)
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((4, m)), rng.uniform(0, 1, (4, m))
    errors = check_network(net, X, Y, gradients=gradients)
    bad = {name for name, error in errors.items() if error > 1e-6}
    if {"W3", "b3"} <= bad:
        return "BP1"
    if bad == {"W2", "b2"}:
        return "BP2"
    return "BP3" if bad <= {"b2", "b3"} else "BP4"


SOLUTIONS = {
    "quadratic_loss": ref_quadratic_loss,
    "demon_delta": ref_demon_delta,
    "demon_deltas": ref_demon_deltas,
    "gradient_descent": ref_gradient_descent,
    "bp1_output_error": ref_bp1,
    "bp2_delta": ref_bp2,
    "bp4_weight_gradient": ref_bp4,
    "cross_entropy_output_error": ref_cross_entropy_delta,
    "bp2_sigma_prime_form": ref_bp2_sigma_prime_form,
    "central_difference_gradient": ref_central,
    "gradient_relative_error": ref_relative_error,
    "which_equation": ref_which_equation,
}


def nudge_one_column(net, X, Y, l, j, h=1e-4):
    """Nudges column i of the whole batch: the change of J is δ^{x,l}_j / m, hence the m."""
    m, deltas = X.shape[1], []
    trace = net.forward_trace(X)
    for i in range(m):
        Z_plus, Z_minus = trace.z[l].copy(), trace.z[l].copy()
        Z_plus[j - 1, i] += h
        Z_minus[j - 1, i] -= h
        deltas.append(m * (net.J_from(l, Z_plus, Y) - net.J_from(l, Z_minus, Y)) / (2 * h))
    return tuple(deltas)


def descend_recursively(grad_J, theta, eta, steps):
    return theta if steps == 0 else descend_recursively(grad_J, theta - eta * grad_J(theta), eta, steps - 1)


def descend_in_place(grad_J, theta, eta, steps):
    theta = theta.astype(float)
    while steps > 0:
        theta -= eta * grad_J(theta)
        steps -= 1
    return list(theta)


def bp2_loops(W_next, delta_next, z):
    n_next, n = W_next.shape
    delta = np.zeros((n, delta_next.shape[1]))
    for j in range(n):
        for k in range(n_next):
            delta[j] += W_next[k, j] * delta_next[k] * sig_prime(z[j])
    return delta


def bp4_outer_products(delta, a_prev):
    m = delta.shape[1]
    return sum(np.outer(delta[:, i], a_prev[:, i]) for i in range(m)) / m


def sigma_prime_form_loops(W_next, delta_next, z):
    n = z.shape[0]
    Sigma = np.zeros((n, n))
    for j in range(n):
        Sigma[j, j] = sig(z[j, 0]) * (1 - sig(z[j, 0]))
    return [Sigma, Sigma @ (W_next.T @ delta_next)]


def relative_error_flattened(g, g_hat):
    g, g_hat = np.ravel(g), np.ravel(g_hat)
    if not g.any() and not g_hat.any():
        return 0
    return np.linalg.norm(g - g_hat) / (np.linalg.norm(g) + np.linalg.norm(g_hat))


def relative_error_without_the_zero_case(g, g_hat):
    with np.errstate(invalid="ignore"):                 # 0/0 = nan for two zero arrays
        return np.linalg.norm(g - g_hat) / (np.linalg.norm(g) + np.linalg.norm(g_hat))


# Correct answers written differently from the reference (another formula, a loop instead
# of a vectorised expression, a tuple where a list is asked, another sensible step h, ...).
VARIANTS = [
    ("quadratic_loss", lambda A, Y: np.mean(0.5 * np.sum((A - Y) ** 2, axis=0))),
    ("quadratic_loss", lambda A, Y: sum(0.5 * (A[:, i] - Y[:, i]) @ (A[:, i] - Y[:, i])
                                        for i in range(A.shape[1])) / A.shape[1]),
    ("demon_delta", lambda net, x, y, l, j: ref_demon_delta(net, x, y, l, j, h=1e-4)),
    ("demon_delta", lambda net, x, y, l, j: ref_demon_delta(net, x, y, l, j, h=1e-6)),
    ("demon_deltas", nudge_one_column),
    ("demon_deltas", lambda net, X, Y, l, j: list(ref_demon_deltas(net, X, Y, l, j, h=1e-6))),
    ("gradient_descent", descend_recursively),
    ("gradient_descent", descend_in_place),
    ("bp1_output_error", lambda z, y: (1 / (1 + np.exp(-z)) - y) * np.exp(-z) / (1 + np.exp(-z)) ** 2),
    ("bp2_delta", bp2_loops),
    ("bp2_delta", lambda W, d, z: np.einsum("kj,km->jm", W, d) * sig_prime(z)),
    ("bp4_weight_gradient", bp4_outer_products),
    ("bp4_weight_gradient", lambda d, a: np.einsum("jm,km->jk", d, a) / d.shape[1]),
    ("cross_entropy_output_error",            # the general BP1: ∇_a J ⊙ σ′(z), not simplified
     lambda z, y: (sig(z) - y) / (sig(z) * (1 - sig(z))) * sig_prime(z)),
    ("cross_entropy_output_error", lambda z, y: 1 / (1 + np.exp(-z)) - y),
    ("bp2_sigma_prime_form", sigma_prime_form_loops),
    ("bp2_sigma_prime_form",
     lambda W, d, z: (np.diagflat(sig_prime(z)), np.diagflat(sig_prime(z)) @ (d.T @ W).T)),
    *[("central_difference_gradient", lambda f, t, h=h: ref_central(f, t, h))
      for h in (1e-6, 1e-5, 1e-4, 1e-3)],
    ("central_difference_gradient",        # on copies, vectorised over the basis vectors
     lambda f, t: np.array([(f(t + e) - f(t - e)) / 2e-5
                            for e in 1e-5 * np.eye(t.size).reshape(t.size, *t.shape)]).reshape(t.shape)),
    ("gradient_relative_error", relative_error_flattened),
    ("which_equation", which_equation_by_layers),
]

MISTAKES = [
    ("quadratic_loss", lambda A, Y: 0.5 * np.mean((A - Y) ** 2)),                   # ÷ n_L m
    ("quadratic_loss", lambda A, Y: 0.5 * np.sum((A - Y) ** 2)),                    # no ÷ m
    ("quadratic_loss", lambda A, Y: np.sum((A - Y) ** 2) / A.shape[1]),             # no ½
    ("demon_delta", lambda net, x, y, l, j: net.backprop(x, y).delta[l][j - 1, 0]),   # forbidden
    ("demon_delta", lambda net, x, y, l, j:                                         # δ ≠ ΔJ
     net.J_after_nudge(x, y, l, j, 1e-5) - net.J_after_nudge(x, y, l, j, -1e-5)),
    ("demon_delta", lambda net, x, y, l, j: ref_demon_delta(net, x, y, l, j, h=0.5)),   # h too big
    ("demon_deltas", lambda net, X, Y, l, j: net.backprop(X, Y).delta[l][j - 1]),     # forbidden
    ("demon_deltas", lambda net, X, Y, l, j:                                         # the batch mean
     np.full(X.shape[1], ref_demon_delta(net, X, Y, l, j))),
    ("demon_deltas", lambda net, X, Y, l, j:                                         # forgot the m
     np.array(nudge_one_column(net, X, Y, l, j)) / X.shape[1]),
    ("gradient_descent", lambda g, t, eta, steps: ref_gradient_descent(lambda u: -g(u), t, eta, steps)),
    ("gradient_descent", lambda g, t, eta, steps: t - steps * eta * g(t)),          # ∇J at θ_0 only
    ("gradient_descent", lambda g, t, eta, steps: ref_gradient_descent(g, t, eta, max(steps - 1, 0))),
    ("bp1_output_error", lambda z, y: (sig(z) - y) * sig_prime(sig(z))),            # σ′(a), not σ′(z)
    ("bp1_output_error", lambda z, y: sig(z) - y),                                  # σ′ forgotten
    ("bp2_delta", lambda W, d, z: (W @ d) * sig_prime(z)),
    ("bp2_delta", lambda W, d, z: (W.T @ d) * sig(z)),                              # σ, not σ′
    ("bp4_weight_gradient", lambda d, a: d @ a.T),                                  # no ÷ m
    ("bp4_weight_gradient", lambda d, a: a @ d.T / d.shape[1]),                     # factors swapped
    ("cross_entropy_output_error", lambda z, y: (sig(z) - y) * sig_prime(z)),       # the quadratic BP1
    ("cross_entropy_output_error", lambda z, y: y - sig(z)),                        # sign
    ("bp2_sigma_prime_form",                                                        # np.diag of a column
     lambda W, d, z: (np.diag(sig_prime(z)), (W.T @ d) * sig_prime(z))),
    ("bp2_sigma_prime_form",                                                        # Σ′ on the wrong side
     lambda W, d, z: (np.diag(sig_prime(z).ravel()), W.T @ np.diag(sig_prime(z).ravel()) @ d)),
    ("bp2_sigma_prime_form", lambda W, d, z: ref_bp2(W, d, z)),                     # only δ, no Σ′
    *[("central_difference_gradient", lambda f, t, h=h: forward_difference(f, t, h))
      for h in (1e-4, 1e-5, 1e-6, 1e-7, 3e-8, 1e-8)],
    ("central_difference_gradient", lambda f, t: ref_central(f, t) / 2),           # 4h, not 2h
    ("gradient_relative_error",                                                     # entry by entry
     lambda g, gh: np.max(np.abs(g - gh) / np.maximum(np.abs(g) + np.abs(gh), 1e-300))),
    ("gradient_relative_error", lambda g, gh: np.linalg.norm(g - gh) / np.linalg.norm(g)),
    ("gradient_relative_error", relative_error_without_the_zero_case),
    ("which_equation", lambda g: "BP1"),
    ("which_equation", lambda g: which_equation_by_layers(g, m=1)),                 # m = 1 hides means
]


def cos_case():
    """The hidden case f(θ) = Σ cos θ_i near θ = 0.003 of central_difference_gradient."""
    description, (f, theta), expected = list(EXERCISES["central_difference_gradient"].cases())[2]
    assert description.startswith("f(θ) = Σ cos θ_i")
    return f, theta, expected


def within_tolerance(got, expected):
    ex = EXERCISES["central_difference_gradient"]
    return np.isclose(got, expected, rtol=ex.rtol, atol=ex.atol).all()


def test_no_forward_difference_passes_the_cos_case_whatever_h():
    f, theta, expected = cos_case()
    for h in 10.0 ** -np.arange(2, 12.01, 0.125):
        assert not within_tolerance(forward_difference(f, theta.copy(), h), expected), h


def test_a_central_difference_passes_the_cos_case_for_any_sensible_h():
    f, theta, expected = cos_case()
    for h in 10.0 ** -np.arange(3, 6.01, 0.125):                  # 1e-3 … 1e-6
        assert within_tolerance(ref_central(f, theta.copy(), h), expected), h


def test_the_cos_case_is_decided_by_the_margin_the_comment_claims():
    f, theta, expected = cos_case()
    ex = EXERCISES["central_difference_gradient"]
    tolerance = ex.atol + ex.rtol * np.abs(expected)
    best_forward = min(np.max(np.abs(forward_difference(f, theta.copy(), h) - expected) / tolerance)
                       for h in 10.0 ** -np.arange(2, 12.01, 0.125))
    worst_central = max(np.max(np.abs(ref_central(f, theta.copy(), h) - expected) / tolerance)
                        for h in 10.0 ** -np.arange(3, 6.01, 0.125))
    assert best_forward > 3 and worst_central < 0.5
