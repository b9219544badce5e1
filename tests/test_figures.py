"""Figures that are sharp and legible: over the stored notebooks and the package's figures.

- Every image stored in a notebook is double density: a PNG whose pixel size is twice the
  CSS size its output metadata gives ({"width", "height"}, as the inline backend's
  'retina' format stores it: the CSS size is half the pixel size, rounded down), or an SVG.
- Every figure the package draws, with its defaults or a small example and the notebooks'
  settings (`setup_notebook()`), has no text smaller than `MIN_FONT_PT` points, that is
  `css_px(MIN_FONT_PT)` = 13.9 CSS px at figure.dpi 100 (JupyterLab's body text is 13-14
  px), and is at most `MAX_FIGURE_WIDTH` inches (800 CSS px) wide, so the notebook column
  does not scale it (and its text) down.
"""

import base64
import struct
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.text import Text

from dnn_core import Network, diagrams, gradient_plots, plots, views
from dnn_core.datasets import mnist_sample, toy_dataset
from dnn_core.perceptron import Perceptron
from dnn_core.plots import FIGURE_DPI, MAX_FIGURE_WIDTH, MIN_FONT_PT, css_px, setup_notebook

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
BODY_TEXT_CSS_PX = 13.5     # JupyterLab's notebook text at 100 % zoom is 13-14 CSS px
MAX_NOTEBOOK_BYTES = 1_500_000


# The stored notebooks

def png_size(data):
    """(width, height) in pixels of a PNG given as bytes (from its IHDR chunk)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def stored_images(path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in data:
                if mime.startswith("image/"):
                    yield index, mime, data[mime], output.get("metadata", {}).get(mime, {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_stored_image_is_double_density(path):
    images = list(stored_images(path))
    for index, mime, data, meta in images:
        where = f"{path.name}, cell {index}"
        if mime == "image/svg+xml":
            continue
        assert mime == "image/png", f"{where}: {mime} is neither a retina PNG nor an SVG"
        width, height = png_size(base64.b64decode(data))
        assert "width" in meta, (
            f"{where}: a PNG without its CSS size: stored at single density "
            "(setup_notebook() selects the 'retina' format)")
        # the inline backend gives the CSS size as half the pixels, rounded down
        assert width // 2 == meta["width"] and height // 2 == meta.get("height", height // 2), (
            f"{where}: {width}x{height} px shown at {meta['width']}x{meta.get('height')} CSS px")
        assert meta["width"] <= MAX_FIGURE_WIDTH * FIGURE_DPI + 60, (
            f"{where}: {meta['width']} CSS px wide: the notebook column scales it down")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_notebook_stays_small(path):
    assert path.stat().st_size < MAX_NOTEBOOK_BYTES


def test_the_png_check_sees_a_single_density_image():
    """The density check reads the pixel size, not just the metadata."""
    fig, ax = plt.subplots(figsize=(2, 1), dpi=100)
    ax.plot([0, 1])
    from io import BytesIO
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    assert png_size(buffer.getvalue()) == (200, 100)     # 1x: what 'png' stores
    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=200)
    assert png_size(buffer.getvalue()) == (400, 200)     # 2x: what 'retina' stores


# The package's figures

def _network_and_data():
    rng = np.random.default_rng(0)
    return Network([2, 3, 3, 2], seed=0), rng.standard_normal((2, 1)), rng.uniform(0, 1, (2, 1))


def _perceptron():
    rng = np.random.default_rng(3)
    X = np.hstack([rng.normal([[1.0], [3.0]], 0.6, (2, 10)),
                   rng.normal([[3.0], [1.0]], 0.6, (2, 10))])
    y = np.r_[np.ones(10), -np.ones(10)]
    return X, y, Perceptron(2).fit(X, y)


def _forward():
    data = mnist_sample()
    net = Network([784, 30, 10], seed=0)
    return views.forward_view(net, data.X_test, 0, data.y_test)


def _digits(signed=False):
    data = mnist_sample()
    if signed:
        return plots.plot_digits(np.random.default_rng(0).standard_normal((784, 30)),
                                 titles=[f"neuron {j}" for j in range(1, 31)], cmap="RdBu_r",
                                 levels=15)
    return plots.plot_digits(data.X_train[:, :20], titles=data.y_train[:20])


def _history():
    X, y = toy_dataset("moons", m=60, seed=0)
    net = Network([2, 4, 1], seed=0)
    return net.train(X, y[None, :].astype(float), epochs=5, batch_size=10, eta=1.0,
                     validation=(X, y[None, :].astype(float)))


def _descent_contours():
    w = np.linspace(-2, 2, 30)
    b = np.linspace(-2, 2, 25)
    W, B = np.meshgrid(w, b)
    path = np.array([[1.5, 1.5], [1.0, 0.8], [0.5, 0.3], [0.1, 0.05]])
    return gradient_plots.plot_descent_contours(w, b, W ** 2 + B ** 2, path)


FIGURES = {
    # views: what every explorer shows, with its defaults
    "neuron_view": lambda: views.neuron_view(),
    "perceptron_frame": lambda: views.perceptron_frame(*_perceptron()[:2], _perceptron()[2].steps, 1),
    "structure_view": lambda: views.structure_view(),
    "structure_view_large": lambda: views.structure_view(n_in=6, hidden_layers=3, n_hidden=8, n_out=4),
    "forward_view": _forward,
    "nudge_view": lambda: views.nudge_view(*_network_and_data(), l=3, j=2),
    "sigmoid_view": lambda: views.sigmoid_view(),
    "slowdown_view": lambda: views.slowdown_view(epochs=30),
    "vanishing_gradients_view": lambda: views.vanishing_gradients_view(m=50),
    "loss_curve_view": lambda: views.loss_curve_view(epochs=5),
    "loss_curve_view_diverged": lambda: views.loss_curve_view(eta=100, epochs=20),
    "playground_view": lambda: views.playground_view(epochs=2),
    # plots
    "plot_activations": lambda: plots.plot_activations(),
    "plot_activation_gallery": lambda: plots.plot_activation_gallery(),
    "plot_neuron_response": lambda: plots.plot_neuron_response(1.0, 0.0, 0.0),
    "plot_sigmoid_saturation": lambda: plots.plot_sigmoid_saturation(4.6, 0.01, mark=2.0),
    "plot_points": lambda: plots.plot_points(*toy_dataset("moons", m=50, seed=0)),
    "plot_decision_boundary": lambda: plots.plot_decision_boundary(
        lambda P: (P[0] > 0).astype(int), *toy_dataset("moons", m=50, seed=0)),
    "plot_perceptron_step": lambda: plots.plot_perceptron_step(*_perceptron()[:2], _perceptron()[2].steps, 1),
    "plot_perceptron_steps": lambda: plots.plot_perceptron_steps(*_perceptron()[:2], _perceptron()[2].steps),
    "plot_toy_datasets": lambda: plots.plot_toy_datasets(m=60),
    "plot_history": lambda: plots.plot_history(_history()),
    "plot_loss_vs_work": lambda: plots.plot_loss_vs_work({"batch": (_history(), 1),
                                                          "mini-batch": (_history(), 6)}, 60),
    "plot_neuron_runs": lambda: plots.plot_neuron_runs(
        {"start w = 2, b = 2": {"epoch": np.arange(5), "a": np.linspace(0.9, 0.5, 5),
                                "loss": np.linspace(0.4, 0.1, 5)}}, title="a title"),
    "plot_digits": lambda: _digits(),
    "plot_digits_weights": lambda: _digits(signed=True),
    "plot_confusion_matrix": lambda: plots.plot_confusion_matrix(
        np.arange(100) % 10, (np.arange(100) * 7) % 10),
    # diagrams
    "draw_network": lambda: diagrams.draw_network([3, 4, 4, 2]),
    "draw_network_highlight": lambda: diagrams.draw_network(
        [4, 5, 3], highlight_weights=[(3, 2, 4)], highlight_neurons=[(2, 3), (3, 1)]),
    "draw_network_weights": lambda: diagrams.draw_network(
        [2, 3, 1], weights={2: np.ones((3, 2)), 3: -np.ones((1, 3))}),
    "annotate_and_mark": lambda: diagrams.mark_weights(diagrams.annotate_neurons(
        diagrams.draw_network([3, 3, 1]), [3, 3, 1], {(2, 1): "$b^2_1$"}), [3, 3, 1],
        [(2, 1, 1), (2, 1, 2)]),
    "plot_weight_matrix": lambda: diagrams.plot_weight_matrix(
        np.arange(15).reshape(3, 5) / 7 - 1, 3, highlight=[(2, 4)]),
    "plot_forward_activations": lambda: diagrams.plot_forward_activations(
        {1: np.linspace(0, 1, 4), 2: np.linspace(0, 1, 5), 3: np.array([0.2, 0.7])}),
    "draw_backward_pass": lambda: diagrams.draw_backward_pass([3, 4, 3, 2]),
    "draw_bp4_edge": lambda: diagrams.draw_bp4_edge([2, 2, 1], l=3, j=1, k=2),
    # gradient_plots
    "plot_nudge": lambda: gradient_plots.plot_nudge(np.linspace(-1, 1, 21), np.linspace(-1, 1, 21) ** 2
                                                   + 0.3 * np.linspace(-1, 1, 21), 0.3, 0.5, 0.4),
    "plot_step_size_errors": lambda: gradient_plots.plot_step_size_errors(
        np.logspace(-1, -8, 8), {"forward": np.logspace(-2, -9, 8),
                                 "central": np.logspace(-3, -10, 8)}, slopes={"forward": 1}),
    "plot_check_table": lambda: gradient_plots.plot_check_table(
        {"correct": {"W": 1e-9, "b": 2e-10}, "bug in BP2": {"W": 0.3, "b": 0.5}}),
    "plot_layer_norms": lambda: gradient_plots.plot_layer_norms(
        {"standard": {2: 1e-3, 3: 1e-2, 4: 1e-1}, "scaled": {2: 0.1, 3: 0.1, 4: 0.2}}),
    "plot_z_histograms": lambda: gradient_plots.plot_z_histograms(
        {"N(0, 1)": np.random.default_rng(0).normal(0, 5, 300)}, 4.6),
    "plot_descent_contours": _descent_contours,
    "plot_descent_1d": lambda: gradient_plots.plot_descent_1d(lambda t: t ** 2, [1.0, -0.8, 0.6]),
}


def as_figure(result):
    """The figure of what a plotting function or view returned."""
    if isinstance(result, plt.Figure):
        return result
    if isinstance(result, plt.Axes):
        return result.figure
    if isinstance(result, np.ndarray) and result.dtype == object:
        return result.flat[0].figure
    if isinstance(result, tuple):
        for item in reversed(result):
            if isinstance(item, (plt.Figure, plt.Axes, tuple)) or (
                    isinstance(item, np.ndarray) and item.dtype == object):
                return as_figure(item)
    raise AssertionError(f"no figure in {result!r}")


def visible_texts(fig):
    """Every Text artist of fig that shows some text (tick labels once they are drawn)."""
    fig.canvas.draw()
    return [t for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.figure is fig
            and (t.axes is None or t.axes.get_visible())]


def too_small(fig, minimum_pt=MIN_FONT_PT):
    """[(text, size in points)] of the texts of fig below minimum_pt, and every text's CSS
    px height at fig's dpi below the notebook's body text."""
    small = []
    for t in visible_texts(fig):
        size = t.get_fontsize()
        if size < minimum_pt or css_px(size, fig.dpi) < BODY_TEXT_CSS_PX:
            small.append((t.get_text(), size))
    return small


@pytest.fixture
def notebook_settings():
    """The matplotlib settings of setup_notebook() for one test, restored afterwards."""
    options, params = np.get_printoptions(), dict(plt.rcParams)
    setup_notebook()
    yield
    np.set_printoptions(**options)
    plt.rcParams.update(params)


def test_the_minimum_is_the_notebooks_body_text():
    assert css_px(MIN_FONT_PT, FIGURE_DPI) >= BODY_TEXT_CSS_PX    # 13.9 CSS px
    assert css_px(MIN_FONT_PT, 72) < BODY_TEXT_CSS_PX             # 10 px: the old 72 dpi


def figure_cases():
    for name, value in FIGURES.items():
        if isinstance(value, tuple):        # a pytest.param with marks
            yield pytest.param(name, value.values[0], marks=value.marks, id=name)
        else:
            yield pytest.param(name, value, id=name)


@pytest.mark.parametrize("name, draw", list(figure_cases()))
def test_every_figure_of_the_package_is_legible(name, draw, notebook_settings):
    fig = as_figure(draw())
    assert fig.dpi == FIGURE_DPI
    assert too_small(fig) == [], f"{name}: text below {MIN_FONT_PT} pt"
    width = fig.get_figwidth()
    assert width <= MAX_FIGURE_WIDTH + 1e-9, f"{name}: {width} in wide ({width * fig.dpi:.0f} CSS px)"


def test_a_small_label_is_caught(notebook_settings):
    """The legibility check fails on a figure with one 6 pt label."""
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1])
    assert too_small(fig) == []
    ax.text(0.5, 0.5, "tiny", fontsize=6)
    assert too_small(fig) == [("tiny", 6)]
    fig.set_dpi(72)                         # 10 pt at 72 dpi is only 10 CSS px
    assert ("tiny", 6) in too_small(fig) and len(too_small(fig)) > 1
