"""The shared figures: what they draw (lines, points, texts, scales), read back from the
Axes without a display, and the notebooks' setup."""

import struct

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dnn_core import History
from dnn_core.activations import sigmoid, sigmoid_prime, softmax
from dnn_core.datasets import TOY_DATASETS
from dnn_core.experiments import train_single_neuron
from dnn_core.plots import (
    CLASS_COLOURS,
    FIGURE_DPI,
    MIN_FONT_PT,
    PROJECTOR_SCALE,
    axes_or_new,
    css_px,
    grid_over,
    plot_activation_gallery,
    plot_activations,
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_digits,
    plot_history,
    plot_line,
    plot_loss_vs_work,
    plot_neuron_response,
    plot_neuron_runs,
    plot_perceptron_step,
    plot_perceptron_steps,
    plot_points,
    plot_sigmoid_saturation,
    plot_toy_datasets,
    setup_notebook,
)
from dnn_core.widget_parts import figure_png, png_size


def test_setup_notebook_rounds_printing_and_sizes_figures_for_the_column():
    options, params = np.get_printoptions(), dict(plt.rcParams)
    try:
        setup_notebook()
        assert np.get_printoptions()["precision"] == 4 and np.get_printoptions()["suppress"]
        assert plt.rcParams["figure.dpi"] == FIGURE_DPI == 100
        for key in ("font.size", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                    "legend.fontsize", "axes.titlesize", "figure.titlesize"):
            assert plt.rcParams[key] >= MIN_FONT_PT, key
        assert css_px(MIN_FONT_PT) == pytest.approx(13.9, abs=0.05)   # body text: 13-14 px
        assert plt.rcParams["axes.grid"] is False
    finally:
        np.set_printoptions(**options)
        plt.rcParams.update(params)


def test_the_projector_switch_draws_everything_larger(monkeypatch):
    params = dict(plt.rcParams)

    def dpi(**options):
        assert setup_notebook(**options) is None        # nothing printed in the first cell
        return plt.rcParams["figure.dpi"]

    try:
        monkeypatch.delenv("DNN_PROJECTOR", raising=False)
        assert dpi() == FIGURE_DPI
        assert dpi(projector=True) == FIGURE_DPI * PROJECTOR_SCALE == 130
        monkeypatch.setenv("DNN_PROJECTOR", "1")            # make lab PROJECTOR=1
        assert dpi() == 130
        fig, ax = plt.subplots(figsize=(4, 2))
        assert png_size(figure_png(fig, box=None)) == (2 * 4 * 130, 2 * 2 * 130)   # still 2x
        assert dpi(projector=False) == FIGURE_DPI
        monkeypatch.setenv("DNN_PROJECTOR", "0")
        assert dpi() == FIGURE_DPI
    finally:
        plt.rcParams.update(params)


def test_setup_notebook_stores_figures_at_double_density():
    """In an IPython shell the inline backend stores a figure as a PNG with twice the
    pixels per side of the CSS size it declares (the 'retina' format)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    options, params = np.get_printoptions(), dict(plt.rcParams)
    try:
        setup_notebook()
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot([0, 1], [0, 1])
        data, metadata = shell.display_formatter.format(fig)
        png = data["image/png"]
        png = png if isinstance(png, bytes) else __import__("base64").b64decode(png)
        width, height = struct.unpack(">II", png[16:24])
        css = metadata["image/png"]
        assert (width // 2, height // 2) == (css["width"], css["height"])   # 2x, rounded down
        assert 250 < css["width"] <= 300          # 3 inches at 100 dpi, cropped tight
    finally:
        np.set_printoptions(**options)
        plt.rcParams.update(params)
        InteractiveShell.clear_instance()
        from IPython.core.getipython import get_ipython
        assert get_ipython() is None


def test_axes_or_new():
    _, ax = plt.subplots()
    assert axes_or_new(ax) is ax
    new = axes_or_new(None, figsize=(2, 3))
    assert new is not ax and tuple(new.figure.get_size_inches()) == (2, 3)


# Activations

def test_plot_activations_draws_the_functions_or_their_derivatives():
    z = np.linspace(-2, 2, 5)
    ax = plot_activations(("sigmoid", "tanh"), z=z)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), sigmoid(z))
    np.testing.assert_allclose(ax.lines[1].get_ydata(), np.tanh(z))
    ax = plot_activations(("sigmoid",), z=z, derivative=True)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), sigmoid_prime(z))
    assert ax.get_ylabel() == "σ′(z)"


def test_activation_gallery_softmax_panel():
    z = np.linspace(-3, 3, 7)
    fig = plot_activation_gallery(z=z)
    assert len(fig.axes) == 2
    first, second, total = fig.axes[1].get_lines()[:3]
    np.testing.assert_allclose(first.get_ydata(), softmax(np.vstack([z, 0 * z]))[0], atol=1e-12)
    np.testing.assert_allclose(first.get_ydata(), sigmoid(z), atol=1e-12)
    np.testing.assert_allclose(total.get_ydata(), 1.0, atol=1e-12)
    assert len(plot_activation_gallery(z=z, include_sign=False).axes[0].lines) == 3 + 2


def test_neuron_response_marks_the_half_point():
    ax = plot_neuron_response(2.0, -3.0, x_half=1.5)
    curve, mark = ax.lines[0], ax.lines[-1]
    np.testing.assert_allclose(curve.get_ydata(), sigmoid(2.0 * curve.get_xdata() - 3.0))
    assert list(mark.get_xdata()) == [1.5] and list(mark.get_ydata()) == [0.5]
    assert len(plot_neuron_response(1.0, 0.0).lines) == 1              # nothing to mark
    assert len(plot_neuron_response(0.1, -1.0, x_half=10.0).lines) == 1   # out of range


def test_sigmoid_saturation_shades_beyond_z_star_and_marks_z():
    ax_s, ax_p = plot_sigmoid_saturation(4.58, 0.01)
    assert ax_s.get_ylabel() == "σ(z)" and len(ax_s.patches) == 2     # two shaded regions
    assert len(ax_s.lines) == 2                                        # σ and the z = 0 line
    ax_s, ax_p = plot_sigmoid_saturation(4.58, 0.01, mark=-1.0, mark_colour="red")
    dot_s, dot_p = ax_s.lines[2], ax_p.lines[3]
    assert list(dot_s.get_ydata()) == [sigmoid(-1.0)] and dot_s.get_color() == "red"
    assert list(dot_p.get_ydata()) == [sigmoid_prime(-1.0)]


# 2-D data and decision boundaries

def test_points_are_coloured_by_class():
    X = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 0.0]])
    ax = plot_points(X, np.array([1, 0, 1]))
    blue, red = ax.collections
    assert blue.get_offsets().shape == (1, 2) and red.get_offsets().shape == (2, 2)
    assert tuple(red.get_facecolor()[0][:3]) == pytest.approx(
        tuple(int(CLASS_COLOURS[1][k:k + 2], 16) / 255 for k in (1, 3, 5)))


def test_grid_over_covers_the_data_with_a_margin():
    X = np.array([[0.0, 2.0], [1.0, 3.0]])
    xx, yy, points = grid_over(X, resolution=5, margin=0.5)
    assert xx.shape == yy.shape == (5, 5) and points.shape == (2, 25)
    assert (xx.min(), xx.max(), yy.min(), yy.max()) == (-0.5, 2.5, 0.5, 3.5)
    assert np.array_equal(points[:, 6], [xx[1, 1], yy[1, 1]])


def test_decision_boundary_by_class_or_by_score():
    X = np.array([[-1.0, 1.0, -1.0, 1.0], [-1.0, -1.0, 1.0, 1.0]])
    y = np.array([0, 1, 0, 1])
    seen = []

    def predict(points):
        seen.append(points.shape)
        return (points[0] > 0).astype(int)

    ax = plot_decision_boundary(predict, X, y, resolution=10)
    assert seen == [(2, 100)]
    assert ax.get_xlim() == (-1.5, 1.5)
    ax = plot_decision_boundary(None, X, y, resolution=10, scores=lambda P: sigmoid(P[0]))
    assert len(ax.collections) >= 3                    # shading, the ½ level, the points


def test_plot_line_is_where_w_x_plus_b_is_zero():
    X = np.array([[0.0, 2.0], [0.0, 2.0]])
    _, ax = plt.subplots()
    plot_line(np.array([1.0, 2.0]), -1.0, X, ax)
    x1, x2 = ax.lines[0].get_data()
    np.testing.assert_allclose(1.0 * x1 + 2.0 * x2 - 1.0, 0.0, atol=1e-12)
    plot_line(np.array([2.0, 0.0]), -1.0, X, ax)                       # vertical: x_1 = ½
    assert list(ax.lines[1].get_xdata()) == [0.5, 0.5]
    plot_line(np.array([0.0, 0.0]), 1.0, X, ax)                        # no line at all
    assert len(ax.lines) == 2


def test_perceptron_frames(separable_run):
    X, y, result = separable_run
    fig = plot_perceptron_steps(X, y, result.steps, columns=4)
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == len(result.steps)
    assert visible[1].get_title() == f"update 2: sample {result.steps[1][2]}"
    assert len(visible[0].lines) == 1 and len(visible[1].lines) == 2  # no line before update 1
    with pytest.raises(ValueError, match="between 1 and"):
        plot_perceptron_step(X, y, result.steps, 0)
    with pytest.raises(ValueError, match="no updates"):
        plot_perceptron_steps(X, y, [])


def test_toy_datasets_side_by_side():
    fig = plot_toy_datasets(m=40)
    assert [ax.get_title() for ax in fig.axes] == list(TOY_DATASETS)


# Training curves

def history_with(losses, val_losses=()):
    return History(loss=list(losses), val_loss=list(val_losses))


def test_history_with_and_without_validation():
    ax = plot_history(history_with([0.3, 0.2, 0.1], [0.4, 0.3, 0.25]), label="run")
    assert [line.get_label() for line in ax.lines] == ["run: training", "run: validation"]
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3]
    ax = plot_history(history_with([0.3, 0.2]), x=[10, 20])
    assert len(ax.lines) == 1 and list(ax.lines[0].get_xdata()) == [10, 20]


def test_loss_vs_work_counts_gradients_and_updates():
    h = history_with([0.3, 0.2, 0.1])
    ax_g, ax_u = plot_loss_vs_work({"batch": (h, 1), "sgd": (h, 10)}, m=10)
    assert list(ax_u.lines[1].get_xdata()) == [10, 20, 30]
    assert list(ax_g.lines[0].get_xdata()) == [10, 20, 30]
    assert list(ax_u.lines[0].get_xdata()) == [1, 2, 3] and ax_u.get_xscale() == "log"


def test_neuron_runs_draw_a_and_J():
    run = train_single_neuron(0.6, 0.9, 0.15, epochs=5)
    ax_a, ax_J = plot_neuron_runs({"run": run}, title="one neuron")
    assert len(ax_a.lines) == 1
    np.testing.assert_array_equal(ax_J.lines[0].get_ydata(), run["loss"])
    assert ax_a.figure._suptitle.get_text() == "one neuron"
    assert not ax_a.figure.legends and ax_a.get_legend() is None     # one run: nothing to tell apart
    other = train_single_neuron(2.0, 2.0, 0.15, epochs=5)
    ax_a, ax_J = plot_neuron_runs({"good start": run, "bad start": other})
    legend, = ax_a.figure.legends                 # one, under the panels, off every curve
    assert [t.get_text() for t in legend.get_texts()] == ["good start", "bad start"]
    assert ax_a.get_legend() is None and ax_J.get_legend() is None


# Images

def test_digits_grid_and_signed_images():
    X = np.random.default_rng(0).random((784, 12))
    fig = plot_digits(X, titles=range(12), columns=5)
    assert len(fig.axes) == 15 and fig.axes[11].get_title() == "11"
    assert sum(bool(ax.images) for ax in fig.axes) == 12
    fig = plot_digits(X[:, :2] - 0.5, cmap="RdBu_r")
    low, high = fig.axes[0].images[0].get_clim()
    assert low == -high


def test_confusion_matrix_counts():
    ax, counts = plot_confusion_matrix([0, 1, 1, 2], [0, 2, 1, 2], n_classes=3)
    assert counts.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "1", "1"]
