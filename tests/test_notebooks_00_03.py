"""Notebooks 00–03: the pure compute-and-draw functions behind their widgets and figures
(tested without a browser), their exercises, and the conventions of the stored notebooks."""

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dnn_core import Network, Perceptron  # noqa: E402
from dnn_core.activations import sigmoid, softmax  # noqa: E402
from dnn_core.exercises import EXERCISES, check  # noqa: E402
from dnn_core.plots import (  # noqa: E402
    annotate_neurons,
    draw_network,
    mark_weights,
    plot_activation_gallery,
    plot_forward_activations,
    plot_perceptron_step,
    plot_perceptron_steps,
    plot_weight_matrix,
)
from dnn_core.widgets import (  # noqa: E402
    forward_view,
    network_sizes,
    neuron_view,
    perceptron_frame,
    structure_view,
)

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
MY_NOTEBOOKS = ["00_welcome", "01_perceptron", "02_structure", "03_forward_pass"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def separable_run():
    """The separable data of notebook 01 and the perceptron run on it."""
    rng = np.random.default_rng(3)
    X = np.hstack([rng.normal([[1.0], [3.0]], 0.6, (2, 10)),
                   rng.normal([[3.0], [1.0]], 0.6, (2, 10))])
    y = np.r_[np.ones(10), -np.ones(10)]
    order = rng.permutation(20)
    X, y = X[:, order], y[order]
    return X, y, Perceptron(2).fit(X, y)


# ----- widgets: the pure functions -------------------------------------------------------------

def test_neuron_view_half_point():
    numbers, fig = neuron_view(w=2.0, b=-3.0)
    assert numbers["x_half"] == pytest.approx(1.5)
    assert sigmoid(2.0 * numbers["x_half"] - 3.0) == pytest.approx(0.5)
    assert len(fig.axes) == 1
    assert neuron_view(w=0.0, b=1.0)[0]["x_half"] is None


def test_perceptron_frame_follows_the_steps():
    X, y, result = separable_run()
    assert result.converged and len(result.steps) >= 2
    for t in range(1, len(result.steps) + 1):
        numbers, fig = perceptron_frame(X, y, result.steps, t)
        w, b, i = result.steps[t - 1]
        assert np.array_equal(numbers["w"], w) and numbers["b"] == b and numbers["sample"] == i
        assert numbers["mistakes"] == int(np.sum(y * (w @ X + b) <= 0))
        plt.close(fig)
    assert numbers["mistakes"] == 0            # after the last update every sample is correct
    assert perceptron_frame(X, y, result.steps, 1)[0]["mistakes"] > 0


@pytest.mark.parametrize("n_in, hidden_layers, n_hidden, n_out",
                         [(3, 1, 4, 2), (2, 0, 5, 1), (8, 4, 8, 8), (1, 2, 1, 3)])
def test_structure_view_counts_parameters(n_in, hidden_layers, n_hidden, n_out):
    numbers, fig = structure_view(n_in, hidden_layers, n_hidden, n_out)
    sizes = network_sizes(n_in, hidden_layers, n_hidden, n_out)
    assert numbers["sizes"] == sizes and len(sizes) == hidden_layers + 2
    net = Network(sizes)
    assert numbers["parameters"] == net.num_parameters()
    assert numbers["weights"] == sum(net.W[l].size for l in net.layers)
    assert numbers["biases"] == sum(net.b[l].size for l in net.layers)
    assert f"{numbers['parameters']} parameters" in fig.axes[0].get_title()


def test_forward_view_shows_every_layer():
    rng = np.random.default_rng(0)
    X = rng.random((784, 5))
    net = Network([784, 30, 10], seed=0)
    numbers, fig = forward_view(net, X, index=3, y=np.arange(5))
    trace = net.forward_trace(X[:, [3]])
    assert sorted(numbers["a"]) == [1, 2, 3]
    for l in (1, 2, 3):
        np.testing.assert_allclose(numbers["a"][l], trace.a[l][:, 0], rtol=0, atol=1e-12)
    assert numbers["prediction"] == int(np.argmax(trace.a[3])) and numbers["label"] == 3
    assert len(fig.axes) == 3                  # image, hidden bars, output bars


# ----- plots ----------------------------------------------------------------------------------

def test_annotate_and_mark_weights_check_the_indices():
    ax = draw_network([3, 4, 2])
    annotate_neurons(ax, [3, 4, 2], {(2, 3): "$b^2_3$"})
    mark_weights(ax, [3, 4, 2], [(3, 2, 4)])
    texts = [t.get_text() for t in ax.texts]
    assert "$b^2_3$" in texts and "$w^{3}_{24}$" in texts
    with pytest.raises(ValueError, match="does not exist"):
        annotate_neurons(ax, [3, 4, 2], {(2, 5): "x"})
    with pytest.raises(ValueError, match="does not exist"):
        mark_weights(ax, [3, 4, 2], [(3, 3, 1)])


def test_weight_matrix_labels_rows_by_output_index():
    W = np.arange(8.0).reshape(2, 4)
    ax = plot_weight_matrix(W, 3, highlight=[(2, 4)])
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 8
    assert "$w^{3}_{24}$\n7.00" in texts       # row 2, column 4 = W[1, 3] = 7
    assert len(ax.patches) == 1


def test_perceptron_frames():
    X, y, result = separable_run()
    fig = plot_perceptron_steps(X, y, result.steps, columns=4)
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == len(result.steps)
    with pytest.raises(ValueError, match="between 1 and"):
        plot_perceptron_step(X, y, result.steps, 0)
    with pytest.raises(ValueError, match="no updates"):
        plot_perceptron_steps(X, y, [])


def test_activation_gallery_softmax_panel():
    fig = plot_activation_gallery(z=np.linspace(-3, 3, 7))
    assert len(fig.axes) == 2
    first, second, total = fig.axes[1].get_lines()[:3]
    z = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(first.get_ydata(), softmax(np.vstack([z, 0 * z]))[0], atol=1e-12)
    np.testing.assert_allclose(first.get_ydata(), sigmoid(z), atol=1e-12)
    np.testing.assert_allclose(total.get_ydata(), 1.0, atol=1e-12)


def test_forward_activations_without_an_image():
    fig = plot_forward_activations({1: np.array([0.5, -1.0]), 2: np.array([0.2, 0.9, 0.4])})
    assert len(fig.axes) == 2
    assert len(fig.axes[0].patches) == 2 and len(fig.axes[1].patches) == 3


# ----- exercises: reference solutions pass, stubs are "not attempted" --------------------------

def ref_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def ref_as_column(values):
    return np.asarray(values, dtype=float).reshape(-1, 1)


def ref_perceptron_update(w, b, x, y, eta):
    if y * (w @ x + b) <= 0:
        return w + eta * y * x, b + eta * y
    return w, b


def ref_perceptron_predict(w, b, X):
    return np.where(w @ X + b >= 0, 1.0, -1.0)


def ref_parameter_count(sizes):
    return sum(n * n_prev + n for n_prev, n in zip(sizes[:-1], sizes[1:]))


def ref_weight_index(j, k):
    return (j - 1, k - 1)


def ref_layer_forward(W, a_prev, b):
    return ref_sigmoid(W @ a_prev + b)


def ref_forward_pass(params, x):
    a = x
    for W, b in params:
        a = ref_sigmoid(W @ a + b)
    return a


SOLUTIONS = {
    "sigmoid_warmup": ref_sigmoid,
    "as_column": ref_as_column,
    "perceptron_update": ref_perceptron_update,
    "perceptron_predict": ref_perceptron_predict,
    "parameter_count": ref_parameter_count,
    "weight_index": ref_weight_index,
    "layer_forward": ref_layer_forward,
    "forward_pass": ref_forward_pass,
}


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_reference_solution_passes(name):
    assert name in EXERCISES and len(list(EXERCISES[name].cases())) >= 2
    assert check(name, SOLUTIONS[name], quiet=True).passed


@pytest.mark.parametrize("name, wrong", [
    ("perceptron_update", lambda w, b, x, y, eta: (w + eta * y * x, b + eta * y)),  # always updates
    ("perceptron_predict", lambda w, b, X: np.sign(w @ X + b)),                       # sign(0) = 0
    ("weight_index", lambda j, k: (j, k)),                                            # 1-based
    ("parameter_count", lambda s: sum(n * p for p, n in zip(s[:-1], s[1:]))),          # no biases
    ("forward_pass", lambda params, x: params[-1][0] @ x if len(params) == 1 else x),
])
def test_typical_mistakes_are_caught(name, wrong):
    assert check(name, wrong, quiet=True).status == "wrong"


# ----- the stored notebooks follow the course's rules ------------------------------------------

@pytest.mark.parametrize("stem", MY_NOTEBOOKS)
def test_notebook_conventions(stem):
    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))
    cells = nb["cells"]
    source = ["".join(c["source"]) for c in cells]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert cells[0]["cell_type"] == "markdown"
    assert source[0].startswith(f"# {int(stem[:2])}. ") and "What you will learn" in source[0]
    assert cells[1]["cell_type"] == "code" and "%matplotlib inline" in source[1]
    assert "setup_notebook()" in source[1]
    assert cells[-1]["cell_type"] == "markdown" and source[-1].startswith("## Summary")
    solutions = [c for c in cells if "solution" in c["metadata"].get("tags", [])]
    assert len(solutions) >= 2
    for c in solutions:
        text = "".join(c["source"]).strip()
        assert c["metadata"]["jupyter"]["source_hidden"] is True
        assert text.startswith("# Solution") and text.splitlines()[-1].startswith("assert check(")
    for c, text in zip(cells, source):
        if c["cell_type"] != "code":
            continue
        assert c["execution_count"] is not None, "stored with outputs"
        if "explorer(" in text:
            assert "nbval-ignore-output" in c["metadata"].get("tags", []), text
        if "perf_counter" in text and "print" in text:
            assert "nbval-ignore-output" in c["metadata"].get("tags", []), text
        has_figure = any("image/png" in o.get("data", {}) for o in c.get("outputs", []))
        if has_figure:
            i = cells.index(c)
            around = source[i - 1] + source[i + 1] if i + 1 < len(cells) else source[i - 1]
            assert "**Figure:**" in around, f"figure without a caption: {text[:60]}"
    assert "widgets" not in nb["metadata"], "widget state is dropped"
