"""The controls: each explorer builds its widgets, wires them to its view and redraws when
a control moves; the progress callback and the playground widget, driven without a browser."""

from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dnn_core import History, Network
from dnn_core.datasets import mnist_sample
from dnn_core.network import TrainingDivergedError
from dnn_core.playground import default_noise
from dnn_core.views import neuron_view, sigmoid_backdrop, sigmoid_marks, sigmoid_view, structure_view
from dnn_core.widget_parts import (
    DENSITY,
    MATH_PARSER,
    Backdrop,
    Picture,
    Status,
    figure_png,
    guarded,
    png_bytes,
    png_size,
    show_interactive,
)
from dnn_core.widgets import (
    TrainingProgress,
    forward_explorer,
    loss_curve_explorer,
    neuron_explorer,
    nudge_explorer,
    perceptron_explorer,
    playground_widget,
    sigmoid_explorer,
    slowdown_explorer,
    structure_explorer,
    vanishing_gradients_explorer,
)

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def controls_of(box):
    return list(box.children[0].children)


# Pictures: PNG bytes at double density, no pyplot figure left open

def test_figure_png_is_double_density_and_leaves_no_pyplot_figure():
    fig, ax = plt.subplots(figsize=(4, 2), dpi=72)
    ax.plot([0, 1], [0, 1])
    png = figure_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = png_size(png)
    assert DENSITY == 2 and 2 * 72 * 4 * 0.8 < width <= 2 * 72 * 4 + 2      # bbox tight
    assert plt.get_fignums() == []          # closed: no post-execute hook can draw it


def test_picture_replaces_its_image_in_place():
    picture = Picture()
    fig = plt.figure(figsize=(3, 2))
    fig.add_subplot().plot([1, 2])
    png = picture.show(fig)
    assert picture.widget.value == png and picture.shown == 1
    assert int(picture.widget.width) == png_size(png)[0] // DENSITY
    picture.show(png)
    assert picture.shown == 2 and plt.get_fignums() == []


def decoded(png):
    """The pixels of PNG bytes, shape (h, w, 3)."""
    from io import BytesIO

    from PIL import Image

    return np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)


def nearly_the_same(png, other):
    """Same size, and at most 0.01 % of the values differ: a mark drawn over a backdrop lies
    on top of the axes' frame where, in the whole figure, the frame lies on top of it. A
    mark left over or missing changes thousands of values."""
    a, b = decoded(png), decoded(other)
    return a.shape == b.shape and np.count_nonzero(a != b) <= 1e-4 * a.size


def test_png_bytes_round_trip_every_pixel():
    rgba = np.random.default_rng(0).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    png = png_bytes(rgba)
    assert png_size(png) == (5, 7) and png[25] == 2                       # colour type: RGB
    np.testing.assert_array_equal(decoded(png), rgba[..., :3])
    grey = rgba.copy()
    grey[..., 1] = grey[..., 2] = grey[..., 0]
    png = png_bytes(grey)
    assert png[25] == 0 and len(png) < len(png_bytes(rgba))                # grey levels only
    np.testing.assert_array_equal(decoded(png), grey[..., :3])


def test_figure_png_crops_to_what_is_drawn_or_keeps_the_whole_figure():
    fig = plt.figure(figsize=(4, 2), dpi=100)
    fig.add_axes((0.3, 0.3, 0.4, 0.4)).plot([0, 1], [0, 1])      # white space all around
    whole, cropped = figure_png(fig, box=None), figure_png(fig)
    assert png_size(whole) == (800, 400) and fig.dpi == 100
    assert png_size(cropped)[0] < 0.7 * 800 and png_size(cropped)[1] < 0.8 * 400


def test_pictures_share_one_math_parser_that_remembers(monkeypatch):
    from matplotlib.mathtext import MathTextParser

    laid_out = []
    parse = MathTextParser.parse
    monkeypatch.setattr(MathTextParser, "parse", lambda self, s, *args, **kwargs: (
        laid_out.append(s) if self is MATH_PARSER else None) or parse(self, s, *args, **kwargs))
    figure_png(structure_view(n_in=3)[1])
    first = len(laid_out)
    figure_png(structure_view(n_in=3)[1])      # a new figure with the same labels
    assert first > 0 and "$a^{2}_{1}$" in laid_out and len(laid_out) == first


@pytest.mark.parametrize("z", [-6.0, 0.3, 4.7])
def test_a_backdrop_with_marks_is_the_whole_view_pixel_for_pixel(z):
    live = sigmoid_explorer(z=0.0, threshold=0.01)
    live.controls["z"].value = 1.5           # the marks of 1.5 drawn, then replaced
    live.controls["z"].value = z
    whole = figure_png(sigmoid_view(z=z, threshold=0.01)[1], box=None)
    assert nearly_the_same(live.picture.widget.value, whole)


def test_a_backdrop_keeps_only_its_own_artists():
    fig, axes = sigmoid_backdrop(0.01)
    backdrop = Backdrop(fig)
    artists = len(fig.findobj())
    for z in (-2.0, 0.0, 3.0):
        numbers, png = backdrop.png(lambda: sigmoid_marks(fig, axes, z, 0.01))
        assert numbers["z"] == z and png_size(png) == (1600, 580)
    assert len(fig.findobj()) == artists and fig._suptitle.get_text().startswith("z = 3.00")


def test_the_live_neuron_is_the_whole_view_pixel_for_pixel():
    live = neuron_explorer(w=2.0, b=1.0)
    live.controls["w"].value = -3.0
    live.controls["w"].value = 2.0 + 0.5     # a setting the picture cache has not seen
    whole = figure_png(neuron_view(w=2.5, b=1.0)[1], box=None)
    assert nearly_the_same(live.picture.widget.value, whole)


def test_guarded_turns_errors_and_warnings_into_a_status_line():
    import warnings

    status = Status()

    def boom():
        raise ValueError("Unknown symbol: \\foo")

    assert guarded(boom, status) is False
    assert status.kind == "error" and "ValueError: Unknown symbol" in status.text
    assert "Traceback" not in status.widget.value

    def warns():
        status.done("drawn")
        warnings.warn("overflow encountered in exp", RuntimeWarning)

    assert guarded(warns, status) is True
    assert status.kind == "done" and status.text == "drawn (note: overflow encountered in exp)"


# Wiring

def test_show_interactive_redraws_when_a_control_moves():
    calls = []

    def draw(n):
        calls.append(n)
        fig = plt.figure()
        fig.add_subplot().plot([0, n])
        return {"n": n}, fig

    slider = widgets.IntSlider(value=2, min=1, max=5)
    box = show_interactive(draw, {"n": slider})
    assert calls == [2] and controls_of(box) == [slider]
    first = box.picture.widget.value
    slider.value = 4
    assert calls == [2, 4] and box.picture.widget.value != first
    slider.value = 2                        # a picture already drawn comes from the cache
    assert calls == [2, 4] and box.picture.widget.value == first
    assert plt.get_fignums() == []


def test_show_interactive_reports_a_failing_view_instead_of_raising():
    def draw(n):
        if n > 3:
            raise ValueError(f"n = {n} is too large")
        return plt.figure()

    slider = widgets.IntSlider(value=2, min=1, max=5)
    box = show_interactive(draw, {"n": slider}, recomputes=True)
    assert box.status.kind == "done" and box.status.text.startswith("done in")
    slider.value = 5                        # no exception reaches the caller
    assert box.status.kind == "error" and "n = 5 is too large" in box.status.text


def test_the_explorers_redraw_with_their_defaults():
    X = np.random.default_rng(0).random((784, 3))
    for box, names in [
        (neuron_explorer(), ["w", "b"]),
        (structure_explorer(), ["inputs", "hidden layers", "per hidden", "outputs"]),
        (forward_explorer(Network([784, 5, 10], seed=0), X), ["sample"]),
    ]:
        assert [c.description for c in controls_of(box)] == names
        assert isinstance(box.children[-1], widgets.Image) and box.children[-1].value
        assert box.status.kind != "error"


def test_perceptron_explorer_runs_over_the_updates(separable_run):
    X, y, result = separable_run
    box = perceptron_explorer(X, y, result.steps)
    slider, = controls_of(box)
    assert (slider.min, slider.max, slider.value) == (1, len(result.steps), 1)
    slider.value = len(result.steps)


def test_nudge_explorer_builds_and_the_neuron_range_follows_the_layer(demon_problem):
    net, x, y = demon_problem()
    box = nudge_explorer(net, x, y, l=3, j=2, dz=1.0)
    layer, neuron, nudge = controls_of(box)
    assert (layer.min, layer.max, neuron.max) == (2, 4, 3)
    assert (nudge.min, nudge.max) == (-3.0, 3.0)
    layer.value = 4
    assert neuron.max == 2
    assert nudge_explorer(net, x, y).children[0].children[0].value == net.L


def test_sigmoid_explorer_redraws_live():
    sliders = controls_of(sigmoid_explorer())
    assert all(s.continuous_update for s in sliders)
    assert [s.description for s in sliders] == ["z", "threshold"]


def test_slowdown_explorer_trains_only_on_release():
    box = slowdown_explorer(epochs=20)
    sliders = [c for c in controls_of(box) if isinstance(c, (widgets.FloatSlider,
                                                             widgets.FloatLogSlider))]
    assert len(sliders) == 3 and not any(s.continuous_update for s in sliders)


def test_vanishing_gradients_explorer_controls():
    sliders = controls_of(vanishing_gradients_explorer())
    assert [c.description for c in sliders] == ["hidden layers", "weight gain"]
    assert not any(c.continuous_update for c in sliders)      # backprop on 500 digits per redraw


# The progress callback

def history_with(losses, accuracy, val_accuracy=()):
    return History(loss=list(losses), accuracy=list(accuracy), val_accuracy=list(val_accuracy))


def test_training_progress_follows_the_epochs():
    progress = TrainingProgress(4, description="run", show=False)
    assert progress.bar.max == 4 and progress.bar.value == 0
    assert progress.label.value == "epoch 0 of 4"
    h = history_with([0.5], [0.25])
    progress(1, h)
    assert progress.bar.value == 1 and progress.bar.bar_style == "info"
    assert progress.label.value == h.describe(total_epochs=4) == \
        "epoch 1 of 4: loss 0.5000, accuracy 0.2500"
    h = history_with([0.5, 0.4, 0.3, 0.25], [0.2] * 4, [0.1, 0.2, 0.3, 0.875])
    progress(4, h)
    assert progress.bar.value == 4 and progress.bar.bar_style == "success"
    assert progress.label.value == h.describe(total_epochs=4)
    assert progress.label.value.endswith("accuracy 0.2000 (validation 0.8750)")


def test_training_progress_as_a_callback_of_train_and_train_batch(capsys):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((2, 20)), rng.integers(0, 2, 20)
    progress = TrainingProgress(5, live_plot=True, redraws=2, show=False)
    h = Network([2, 3, 1], seed=0).train(X, y, 5, 4, 1.0, callback=progress)
    assert progress.bar.value == 5 and progress.every == 3
    assert progress.label.value == h.describe(total_epochs=5)
    assert progress.plot.shown == 2           # live plot after epochs 3 and 5
    assert capsys.readouterr().out == "" and plt.get_fignums() == []
    batch_progress = TrainingProgress(7, show=False)
    h = Network([2, 3, 1], seed=0).train_batch(X, y, 1.0, 7, 1e-12, callback=batch_progress)
    assert batch_progress.bar.value == h.epochs == 7


@pytest.mark.parametrize("options, error", [({"epochs": 0}, ValueError),
                                            ({"epochs": 2.0}, TypeError),
                                            ({"epochs": 5, "redraws": -1}, ValueError)])
def test_training_progress_checks_its_counts(options, error):
    with pytest.raises(error, match="epochs|redraws"):
        TrainingProgress(**options, show=False)


def test_training_progress_with_no_redraws_draws_at_the_end_only():
    assert TrainingProgress(30, live_plot=True, redraws=0, show=False).every == 30


def test_the_full_mnist_cell_shows_its_progress(capsys):
    """The cell of notebook 09 that is skipped in the stored notebook, run with
    FULL_MNIST = True: load_mnist replaced by the offline sample (no internet here), 2 epochs,
    TrainingProgress with a live plot as its callback."""
    import nbformat
    source = next(c.source for c in nbformat.read(NOTEBOOKS / "09_mnist.ipynb", as_version=4).cells
                  if c.cell_type == "code" and c.source.startswith("if FULL_MNIST:"))
    assert "load_mnist()" in source and "epochs=30" in source and "eta=3.0" in source
    assert "TrainingProgress(" in source
    source = source.replace("epochs=30", "epochs=2")
    namespace = {"np": np, "Network": Network, "load_mnist": mnist_sample, "SEED": 0,
                 "FULL_MNIST": True}
    exec(compile(source, "full_mnist_cell", "exec"), namespace)
    out = capsys.readouterr().out
    assert "best test accuracy" in out and "Nielsen: 95.42 %" in out
    assert len(namespace["h_full"].val_accuracy) == 2
    assert namespace["progress"].bar.bar_style == "success"
    namespace["FULL_MNIST"] = False
    exec(compile(source, "full_mnist_cell", "exec"), namespace)
    assert "set FULL_MNIST = True" in capsys.readouterr().out


# The loss-curve explorer

def test_loss_curve_explorer_has_a_train_button():
    box = loss_curve_explorer(epochs=10)
    controls = box.children[0].children
    assert isinstance(box.button, widgets.Button) and box.button.description == "Train"
    sliders = [c for c in controls if hasattr(c, "continuous_update")
               and not isinstance(c, widgets.Dropdown)]
    assert len(sliders) == 4 and not any(s.continuous_update for s in sliders)
    assert not box.button.disabled
    assert box.progress.max == box.progress.value == 10 and box.progress.bar_style == "success"
    assert box.status.kind == "done" and box.status.text.startswith("trained 10 epochs in ")
    assert box.picture.shown == 1 and box.picture.widget.value
    assert plt.get_fignums() == []


def test_loss_curve_explorer_trains_again_on_new_settings_and_says_so_on_the_same():
    box = loss_curve_explorer(epochs=10)
    first = box.picture.widget.value
    box.controls["epochs"].value = 20
    box.button.click()
    assert box.progress.max == 20 and "trained 20 epochs" in box.status.text
    assert box.picture.widget.value != first
    shown = box.picture.shown
    box.button.click()                        # unchanged settings: says what it did
    assert box.picture.shown == shown and box.status.kind == "note"
    assert "same settings" in box.status.text


def test_loss_curve_explorer_shows_progress_before_the_end(monkeypatch):
    from dnn_core import training_widgets as module

    monkeypatch.setattr(module, "FIRST_PICTURE", 0.0)     # a picture after the first epoch
    monkeypatch.setattr(module, "LIVE_REDRAW", 1e9)
    box = loss_curve_explorer(epochs=20)
    assert box.picture.shown == 2             # the loss so far, then the final picture


@pytest.mark.parametrize("settings", [
    {"eta": 100.0},                                          # the text's suggestion: diverges
    {"eta": 100.0, "activation": "relu", "hidden": 1},       # ReLU, one unit, dead or diverged
    {"eta": 0.001, "batch_size": 200, "hidden": 50, "epochs": 500, "data": "spirals"},
    {"eta": 100.0, "activation": "tanh", "loss": "cross_entropy", "data": "xor", "batch_size": 1,
     "epochs": 10},
])
def test_loss_curve_explorer_survives_the_extremes(settings):
    box = loss_curve_explorer(**{"epochs": 30, **settings})
    assert box.status.kind in ("done", "error") and "could not draw" not in box.status.text
    assert box.picture.widget.value and not box.button.disabled
    if box.status.kind == "error":
        assert "diverged" in box.status.text and "smaller η" in box.status.text
        assert box.progress.bar_style == "danger"
    assert plt.get_fignums() == []


def test_loss_curve_explorer_reports_a_diverged_run(monkeypatch):
    from dnn_core import training_widgets as module
    from dnn_core import views

    def diverging(**values):
        values.pop("callback")
        run = {"diverged": "training diverged at epoch 3: the loss became nan.",
               "epochs": 2, "loss": 1.0, "val_loss": 1.0, "accuracy": 0.5, "val_accuracy": 0.5}
        return run, plt.figure()

    monkeypatch.setattr(module, "loss_curve_view", diverging)
    box = loss_curve_explorer(eta=100.0, epochs=50)
    assert box.status.kind == "error" and "training diverged at epoch 3" in box.status.text
    assert "smaller η (now 100)" in box.status.text and box.progress.bar_style == "danger"
    assert views.loss_curve_view is not diverging and box.picture.widget.value


# The playground widget

def test_the_playground_picture_updated_in_place_is_a_fresh_drawing():
    from dnn_core.playground import Playground

    pg = Playground("circles", hidden=[4, 4], activation="relu", eta=0.1, seed=0)
    box = playground_widget(pg, epochs=12)
    box.buttons["step"].click()
    box.buttons["train"].click()
    assert pg.epoch == 13
    np.testing.assert_array_equal(decoded(box.picture.widget.value), decoded(figure_png(pg.draw(), box=None)))
    two_rows = png_size(box.picture.widget.value)[1]
    box.controls["hidden"].value = "3"           # another architecture: a new figure
    box.buttons["step"].click()
    assert png_size(box.picture.widget.value)[1] < two_rows     # one row of neurons fewer
    np.testing.assert_array_equal(decoded(box.picture.widget.value), decoded(figure_png(pg.draw(), box=None)))


def test_playground_widget_buttons_and_controls():
    box = playground_widget(dataset="xor", hidden=[3], epochs=12, every=5)
    pg = box.playground
    box.buttons["step"].click()
    assert pg.epoch == 1 and "trained 1 epoch in" in box.status.value
    box.buttons["train"].click()
    assert pg.epoch == 13
    assert "epoch 13" in box.status.value and "trained 12 epochs" in box.status.value
    assert box.progress.value == 12 and box.progress.bar_style == "success"
    box.buttons["reset"].click()
    assert pg.epoch == 0 and "reset" in box.status.value
    box.controls["hidden"].value = "2, 2"
    assert pg.sizes == [2, 2, 2, 1] and "started again" in box.status.value
    box.controls["hidden"].value = "2, zwei"
    assert "whole numbers" in box.status.value and pg.sizes == [2, 2, 2, 1]
    assert box.controls["hidden"].value == "2, 2"
    box.controls["hidden"].value = "64"
    assert "at most 32 neurons" in box.status.value and pg.sizes == [2, 2, 2, 1]
    box.controls["dataset"].value = "circles"
    assert pg.dataset == "circles" and pg.noise == default_noise("circles")
    box.playground.configure(dataset="spirals", n_classes=3)
    box.controls["dataset"].value = "moons"        # back to two classes, no error
    assert pg.dataset == "moons" and pg.sizes[-1] == 1
    box.controls["eta"].value = 0.5
    assert "from the next step on" in box.status.value
    box.buttons["step"].click()
    assert pg.eta == 0.5 and pg.epoch == 1
    assert not any(b.disabled for b in box.buttons.values())
    assert plt.get_fignums() == []


def test_playground_widget_reports_a_diverged_run(monkeypatch):
    box = playground_widget(dataset="moons", hidden=[4])

    def diverge(epochs=1):
        raise TrainingDivergedError("training diverged at epoch 1: the loss became nan.")

    monkeypatch.setattr(box.playground, "step", diverge)
    box.buttons["step"].click()
    assert "diverged" in box.status.value and "press Reset" in box.status.value
    assert not any(b.disabled for b in box.buttons.values())
    box.buttons["train"].click()              # still diverged: says so again, no traceback
    assert "diverged" in box.status.value and box.progress.bar_style == "danger"
    monkeypatch.undo()
    box.buttons["reset"].click()
    assert "diverged" not in box.status.value


@pytest.mark.parametrize("dataset", ["xor", "blobs", "moons", "circles", "spirals"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_playground_widget_survives_every_data_set_and_activation_at_the_extremes(dataset,
                                                                                 activation):
    box = playground_widget(dataset=dataset, hidden=[1], activation=activation, epochs=5,
                            every=5)
    for name, value in [("eta", 10.0), ("batch_size", 1), ("noise", 1.0)]:
        box.controls[name].value = value
    box.buttons["train"].click()              # η = 10, one hidden unit: often dead or diverged
    box.buttons["step"].click()
    assert "could not draw" not in box.status.value and box.picture.widget.value
    box.buttons["reset"].click()
    assert "could not draw" not in box.status.value and box.playground.epoch == 0
    assert plt.get_fignums() == []


def test_playground_widget_at_its_largest_size():
    box = playground_widget(dataset="spirals", hidden=[2], epochs=2, every=1)
    box.controls["hidden"].value = ", ".join(["32"] * 6)
    assert box.playground.sizes == [2, *[32] * 6, 1] and "could not draw" not in box.status.value
    box.buttons["step"].click()
    assert box.playground.epoch == 1 and "could not draw" not in box.status.value
