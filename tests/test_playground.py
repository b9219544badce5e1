"""The playground: its pure functions, the settings it checks, training, reset and its
picture (the widget around it is tested in test_widgets.py, its view in test_views.py)."""

import numpy as np
import pytest

from dnn_core.network import Network
from dnn_core.playground import (
    SETTINGS,
    Playground,
    checked_settings,
    default_noise,
    neuron_output_maps,
    parse_hidden,
)
from dnn_core.playground_figure import PlaygroundFigure, activation_range

# Pure functions

def test_parse_hidden():
    assert parse_hidden("4, 4") == [4, 4]
    assert parse_hidden("8 3") == [8, 3]
    assert parse_hidden("") == []
    assert parse_hidden([2, 1]) == [2, 1]
    with pytest.raises(ValueError, match="whole numbers"):
        parse_hidden("4, x")
    with pytest.raises(ValueError, match="at least one neuron"):
        parse_hidden("4, 0")


@pytest.mark.parametrize("sizes, error", [([4.7], TypeError), ([True], TypeError),
                                          ([4, 0], ValueError), (["4"], TypeError)])
def test_parse_hidden_refuses_sizes_that_are_not_counts(sizes, error):
    with pytest.raises(error, match="a hidden layer size must"):
        parse_hidden(sizes)


def test_neuron_output_maps_are_the_hidden_activations():
    net = Network([2, 3, 4, 1], "tanh", seed=1)
    points = np.random.default_rng(0).uniform(-1, 1, (2, 7))
    maps = neuron_output_maps(net, points)
    assert sorted(maps) == [2, 3]
    a2 = np.tanh(net.W[2] @ points + net.b[2])
    a3 = np.tanh(net.W[3] @ a2 + net.b[3])
    np.testing.assert_allclose(maps[2], a2, rtol=1e-12)
    np.testing.assert_allclose(maps[3], a3, rtol=1e-12)


def test_default_noise():
    assert default_noise("circles") == 0.05
    with pytest.raises(ValueError, match="unknown data set"):
        default_noise("squares")


def test_activation_range():
    assert activation_range("tanh") == (-1.0, 1.0) and activation_range("sigmoid") == (0.0, 1.0)
    assert activation_range("relu", np.array([0.0, 2.5])) == (-2.5, 2.5)


# Settings

def settings(**changes):
    pg = Playground()
    return {**{name: getattr(pg, name) for name in SETTINGS}, **changes}


def test_checked_settings_cleans_the_values():
    checked = checked_settings(settings(hidden="3, 2", eta=1, noise=0, batch_size=np.int64(5)))
    assert checked["hidden"] == [3, 2] and checked["eta"] == 1.0 and checked["noise"] == 0.0
    assert type(checked["batch_size"]) is int and checked["batch_size"] == 5


@pytest.mark.parametrize("changes, error, message", [
    ({"dataset": "squares"}, ValueError, "unknown data set"),
    ({"loss": "hinge"}, ValueError, "unknown loss"),
    ({"init": "xavier"}, ValueError, "unknown init"),
    ({"eta": 0}, ValueError, "eta must be a positive number"),
    ({"eta": "0.1"}, TypeError, "eta must be a number"),
    ({"batch_size": 2.0}, TypeError, "batch_size must be a whole number"),
    ({"m": 0}, ValueError, "m must be at least 1"),
    ({"noise": -0.1}, ValueError, "noise must be at least 0"),
    ({"seed": -1}, ValueError, "seed must be at least 0"),
    ({"resolution": True}, TypeError, "resolution must be a whole number"),
    ({"n_classes": 1, "dataset": "blobs"}, ValueError, "n_classes must be at least 2"),
    ({"n_classes": 3, "dataset": "moons"}, ValueError, "two classes"),
])
def test_checked_settings_refuses_bad_values(changes, error, message):
    with pytest.raises(error, match=message):
        checked_settings(settings(**changes))


def test_configure_restarts_and_validates():
    pg = Playground("circles").step(2)
    pg.configure(dataset="moons", hidden="5", activation="relu", loss="quadratic")
    assert pg.epoch == 0 and pg.sizes == [2, 5, 1] and pg.net.loss.name == "quadratic"
    with pytest.raises(ValueError, match="unknown activation"):
        pg.configure(activation="softplus")
    with pytest.raises(TypeError, match="unknown setting"):
        pg.configure(colour="red")
    with pytest.raises(TypeError, match="batch_size"):
        pg.configure(dataset="xor", batch_size=1.5)
    assert pg.sizes == [2, 5, 1] and pg.dataset == "moons"     # nothing changed
    with pytest.raises(ValueError, match="eta"):
        Playground(eta=-1.0)


# Training, reset, picture

def test_step_changes_history_and_weights_and_reset_restores_them():
    pg = Playground("xor", hidden=[3], seed=2)
    W0 = pg.net.W[2].copy()
    assert pg.epoch == 0 and pg.history.loss == []
    pg.step(3)
    assert pg.epoch == 3 and len(pg.history.val_loss) == 3
    assert not np.allclose(pg.net.W[2], W0)
    pg.step(2)
    assert pg.epoch == 5
    pg.reset()
    assert pg.epoch == 0
    np.testing.assert_array_equal(pg.net.W[2], W0)


def test_run_calls_back_after_every_chunk():
    pg = Playground("moons", hidden=[4])
    seen = []
    pg.run(25, every=10, on_progress=lambda p: seen.append(p.epoch))
    assert seen == [10, 20, 25]
    with pytest.raises(ValueError, match="every must be at least 1"):
        pg.run(5, every=0)
    with pytest.raises(TypeError, match="epochs must be a whole number"):
        pg.step(1.0)


def test_same_seed_same_result_other_seed_other_result():
    a = Playground("circles", hidden=[4, 4], seed=3).step(20)
    b = Playground("circles", hidden=[4, 4], seed=3).step(20)
    c = Playground("circles", hidden=[4, 4], seed=4).step(20)
    assert a.history.loss == b.history.loss
    np.testing.assert_array_equal(a.net.W[3], b.net.W[3])
    assert a.history.loss != c.history.loss


def test_metrics_and_summary():
    pg = Playground("xor", hidden=[3])
    assert pg.metrics()["loss"] is None and pg.summary().endswith("epoch 0")
    pg.step(2)
    metrics = pg.metrics()
    assert metrics["epoch"] == 2 and metrics["loss"] == pg.history.loss[-1]
    assert metrics["accuracy"] == pg.accuracy() and "loss " in pg.summary()


def test_draw_has_one_axes_per_hidden_neuron_plus_two():
    for hidden in ([4, 4], [3], [], [8, 2, 5]):
        fig = Playground("spirals", hidden=hidden).step(1).draw()
        assert len(fig.axes) == 2 + sum(hidden), hidden
    fig = Playground("xor", hidden=[2]).draw()      # untrained: no loss curve yet
    assert len(fig.axes) == 4
    fig = Playground("xor", hidden=[40, 3]).draw()  # wide layers: the first 16 neurons
    assert len(fig.axes) == 2 + 16 + 3


def test_the_picture_shows_each_neurons_map_the_boundary_and_the_losses():
    pg = Playground("circles", hidden=[9, 2], activation="relu").step(3)
    figure = PlaygroundFigure(pg)
    maps = pg.neuron_maps()
    for (l, j), image in figure.images.items():
        np.testing.assert_array_equal(image.get_array(), maps[l][j])
        assert image.get_clim() == activation_range("relu", maps[l])
    assert sorted(figure.images) == [(2, j) for j in range(9)] + [(3, 0), (3, 1)]
    positions = {key: image.axes.get_position() for key, image in figure.images.items()}
    assert positions[(2, 8)].y0 < positions[(2, 0)].y0 and positions[(2, 8)].x0 == positions[(2, 0)].x0  # 8 a row
    training, validation = figure.losses.lines
    assert list(training.get_ydata()) == pg.history.loss and list(validation.get_ydata()) == pg.history.val_loss
    assert figure.boundary.get_title() == f"circles, epoch 3: accuracy {pg.accuracy():.2f}"
    assert len(figure.regions) == 2 and figure.fits(pg) and not figure.fits(Playground(hidden=[9]))
    assert training.get_marker() == "o"                       # three epochs: dots, not a sliver
    figure.figure.canvas.draw()
    assert figure.losses.yaxis.get_major_formatter().get_offset() == ""     # nothing over the title
    low, high = figure.losses.get_ylim()
    assert high - low >= 0.04 * max(pg.history.loss)


def test_more_classes_use_softmax_outputs():
    pg = Playground("blobs", hidden=[4], n_classes=3).step(30)
    assert pg.sizes == [2, 4, 3] and pg.net.output_activation.name == "softmax"
    assert pg.accuracy() > 0.9
    assert len(pg.draw().axes) == 2 + 4
    with pytest.raises(ValueError, match="two classes"):
        Playground("moons", n_classes=3)
