"""dnn_core code behind notebooks 04–06 (loss and δ, the four equations, gradient checking):
the demon's nudge and its explorer, the finite-difference sweep, the planted bugs, and the
exercises (every reference solution passes)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dnn_core import Network  # noqa: E402
from dnn_core.activations import sigmoid, sigmoid_prime  # noqa: E402
from dnn_core.bugs import (  # noqa: E402
    BUGS,
    buggy_backprop,
    check_gradient_function,
    failing_arrays,
    mystery_gradients,
)
from dnn_core.exercises import check  # noqa: E402
from dnn_core.gradcheck import numerical_gradient, relative_error, step_size_errors  # noqa: E402
from dnn_core.plots import plot_check_table, plot_nudge, plot_step_size_errors  # noqa: E402
from dnn_core.widgets import loss_after_nudge, loss_from_layer, nudge_explorer, nudge_view  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def small_problem(m=1, seed=0):
    net = Network([2, 3, 3, 2], seed=seed)
    rng = np.random.default_rng(seed)
    return net, rng.standard_normal((2, m)), rng.uniform(0, 1, (2, m))


# ----- the demon (notebook 04) ---------------------------------------------------------------

def test_loss_from_layer_with_the_forward_z_is_J():
    net, X, Y = small_problem(m=4)
    trace = net.forward_trace(X)
    for l in net.layers:
        assert loss_from_layer(net, l, trace.z[l], Y) == pytest.approx(net.J(X, Y), abs=1e-15)


def test_no_nudge_changes_nothing_and_the_input_is_not_modified():
    net, X, Y = small_problem(m=3)
    X_before = X.copy()
    assert loss_after_nudge(net, X, Y, 3, 2, 0.0) == pytest.approx(net.J(X, Y), abs=1e-15)
    assert np.array_equal(X, X_before)


@pytest.mark.parametrize("m", [1, 5])
def test_the_demons_slope_is_delta(m):
    """Central ratio (J(dz) − J(−dz)) / 2dz → δ^l_j (batch: the mean over the columns)."""
    net, X, Y = small_problem(m=m)
    delta = net.backprop(X, Y).delta
    for l in net.layers:
        for j in range(1, net.n(l) + 1):
            ratio = (loss_after_nudge(net, X, Y, l, j, 1e-5)
                     - loss_after_nudge(net, X, Y, l, j, -1e-5)) / 2e-5
            assert relative_error(ratio, delta[l][j - 1].mean()) < 1e-7


def test_the_one_sided_error_shrinks_linearly():
    net, x, y = small_problem()
    d = net.backprop(x, y).delta[3][1, 0]
    J0 = net.J(x, y)
    errs = [abs((loss_after_nudge(net, x, y, 3, 2, dz) - J0) / dz - d) for dz in (1e-2, 1e-3)]
    assert 8 < errs[0] / errs[1] < 12


@pytest.mark.parametrize("l,j", [(1, 1), (5, 1), (2, 0), (2, 4)])
def test_bad_layer_or_neuron_is_a_clear_error(l, j):
    net, x, y = small_problem()
    with pytest.raises(ValueError, match="layer|neurons"):
        loss_after_nudge(net, x, y, l, j, 0.1)


def test_nudge_view_numbers_and_figure():
    net, x, y = small_problem()
    numbers, fig = nudge_view(net, x, y, l=3, j=2, dz=1.0)
    delta = net.backprop(x, y).delta[3][1, 0]
    assert numbers["delta"] == pytest.approx(delta)
    assert numbers["dJ"] == pytest.approx(loss_after_nudge(net, x, y, 3, 2, 1.0) - net.J(x, y))
    assert numbers["linear"] == pytest.approx(delta * 1.0)
    assert numbers["gap"] == pytest.approx(numbers["dJ"] - numbers["linear"])
    assert len(fig.axes) == 2
    curve = fig.axes[0].lines[0]
    assert len(curve.get_xdata()) == 121


def test_small_nudges_follow_the_tangent():
    net, x, y = small_problem()
    numbers, _ = nudge_view(net, x, y, l=2, j=1, dz=1e-3)
    assert abs(numbers["gap"]) < 1e-3 * abs(numbers["linear"])


def test_nudge_explorer_builds_and_the_neuron_range_follows_the_layer():
    net, x, y = small_problem()
    box = nudge_explorer(net, x, y, l=3, j=2, dz=1.0)
    layer, neuron, nudge = box.children[0].children
    assert (layer.min, layer.max, neuron.max) == (2, 4, 3)
    layer.value = 4
    assert neuron.max == 2


def test_plot_nudge_draws_curve_tangent_and_point():
    ax = plot_nudge(np.linspace(-1, 1, 11), np.linspace(-1, 1, 11) ** 3, 0.5, 0.5, 0.125)
    assert len(ax.lines) >= 4


# ----- finite differences (notebook 06) ------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_numerical_gradient_keeps_the_dtype_and_restores_theta(dtype):
    theta = np.array([0.3, -1.2], dtype=dtype)
    before = theta.copy()
    g = numerical_gradient(lambda: np.sum(np.sin(theta)), theta, h=1e-3)
    assert g.dtype == dtype and np.array_equal(theta, before)
    assert np.allclose(g, np.cos(before.astype(float)), rtol=1e-3)


def test_forward_and_central_orders():
    theta = np.array([1.0])
    hs = 10.0 ** -np.arange(1, 5.01, 0.5)
    exact = [np.array([np.cos(1.0)])]
    fwd = step_size_errors(lambda: np.sin(theta[0]), [theta], exact, hs, "forward")
    cen = step_size_errors(lambda: np.sin(theta[0]), [theta], exact, hs, "central")
    assert np.polyfit(np.log10(hs), np.log10(fwd), 1)[0] == pytest.approx(1, abs=0.05)
    assert np.polyfit(np.log10(hs), np.log10(cen), 1)[0] == pytest.approx(2, abs=0.05)


def test_the_step_size_sweep_is_a_v_for_both_dtypes():
    """The notebook's claim, on its own network: both ends ≥ 100× worse than the best h, and
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


def test_plot_step_size_errors_and_check_table():
    hs = np.array([1e-1, 1e-2, 1e-3])
    ax = plot_step_size_errors(hs, {"a": [1e-2, 1e-4, 0.0]}, slopes={"a": 2})
    assert ax.xaxis_inverted()
    ax = plot_check_table({"x": {"W2": 1e-10, "b2": 0.5}, "y": {"W2": 1e-3, "b2": 1e-12}})
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["✓ 1e-10", "✗ 5e-01", "✗ 1e-03", "✓ 1e-12"]


# ----- planted bugs --------------------------------------------------------------------------

def square_problem():
    net = Network([3, 3, 3, 3], seed=0)
    rng = np.random.default_rng(1)
    return net, rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4))


def test_no_bug_is_backprop():
    net, X, Y = square_problem()
    g, ref = buggy_backprop(net, X, Y, None), net.backprop(X, Y)
    for l in net.layers:
        assert np.allclose(g.dW[l], ref.dW[l], rtol=0, atol=1e-15)
        assert np.allclose(g.db[l], ref.db[l], rtol=0, atol=1e-15)


EXPECTED_FAILURES = {
    "bp1_missing_sigma_prime": ["W2", "b2", "W3", "b3", "W4", "b4"],
    "bp2_missing_transpose": ["W2", "b2", "W3", "b3"],
    "bp3_missing_mean": ["b2", "b3", "b4"],
    "bp4_wrong_layer": ["W2", "W3", "W4"],
}


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_each_bug_fails_exactly_its_arrays(bug):
    net, X, Y = square_problem()
    errors = check_gradient_function(lambda n, X_, Y_: buggy_backprop(n, X_, Y_, bug), net, X, Y)
    assert failing_arrays(errors) == EXPECTED_FAILURES[bug]
    assert BUGS[bug][0] == {"bp1": "BP1", "bp2": "BP2", "bp3": "BP3", "bp4": "BP4"}[bug[:3]]


def test_shape_bugs_need_square_layers():
    net = Network([2, 3, 4, 2], seed=0)
    X, Y = np.ones((2, 2)), np.zeros((2, 2))
    with pytest.raises(ValueError, match="square|n_l"):
        buggy_backprop(net, X, Y, "bp2_missing_transpose")
    with pytest.raises(ValueError, match="unknown bug"):
        buggy_backprop(net, X, Y, "nope")


# ----- exercises -----------------------------------------------------------------------------

def ref_quadratic_loss(A, Y):
    return 0.5 * np.sum((A - Y) ** 2) / A.shape[1]


def ref_demon_delta(net, x, y, l, j, h=1e-5):
    return (loss_after_nudge(net, x, y, l, j, h) - loss_after_nudge(net, x, y, l, j, -h)) / (2 * h)


def ref_bp1(z_L, y):
    return (sigmoid(z_L) - y) * sigmoid_prime(z_L)


def ref_bp2(W_next, delta_next, z):
    return (W_next.T @ delta_next) * sigmoid_prime(z)


def ref_bp4(delta, a_prev):
    return delta @ a_prev.T / delta.shape[1]


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


def ref_which_equation(gradients):
    net, X, Y = square_problem()
    failing = set(failing_arrays(check_gradient_function(gradients, net, X, Y)))
    if failing == {name for name, _ in net.parameters()}:
        return "BP1"
    if failing and all(name.startswith("b") for name in failing):
        return "BP3"
    if failing and all(name.startswith("W") for name in failing):
        return "BP4"
    if failing and not failing & {f"W{net.L}", f"b{net.L}"}:
        return "bp2"                       # the check is case-insensitive
    return "no bug found"


SOLUTIONS = {
    "quadratic_loss": ref_quadratic_loss,
    "demon_delta": ref_demon_delta,
    "bp1_output_error": ref_bp1,
    "bp2_delta": ref_bp2,
    "bp4_weight_gradient": ref_bp4,
    "central_difference_gradient": ref_central,
    "which_equation": ref_which_equation,
}


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_reference_solution_passes(name):
    assert check(name, SOLUTIONS[name], quiet=True).passed


@pytest.mark.parametrize("name,wrong", [
    ("quadratic_loss", lambda A, Y: 0.5 * np.mean((A - Y) ** 2)),
    ("bp1_output_error", lambda z, y: (sigmoid(z) - y) * sigmoid_prime(sigmoid(z))),
    ("bp2_delta", lambda W, d, z: (W @ d) * sigmoid_prime(z)),
    ("bp4_weight_gradient", lambda d, a: d @ a.T),
    ("central_difference_gradient",
     lambda f, t: ref_central(f, t) * 0 + (f(t + 1e-5) - f(t)) / 1e-5),
    ("which_equation", lambda g: "BP1"),
])
def test_typical_mistakes_are_wrong(name, wrong):
    assert check(name, wrong, quiet=True).status == "wrong"


def test_mystery_bugs_cover_every_equation():
    assert sorted(eq for _, eq in mystery_gradients()) == ["BP1", "BP2", "BP3", "BP4"]
