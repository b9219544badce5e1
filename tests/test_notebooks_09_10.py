"""Notebooks 09 (MNIST) and 10 (playground): the Playground class, its widget driven without
a browser, and the exercises of both notebooks (reference solutions pass, stubs do not)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dnn_core.exercises import check  # noqa: E402
from dnn_core.network import Network  # noqa: E402
from dnn_core.playground import (  # noqa: E402
    Playground,
    default_noise,
    neuron_output_maps,
    parse_hidden,
)
from dnn_core.widgets import playground_view, playground_widget  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ----- pure functions ----------------------------------------------------------------------------

def test_parse_hidden():
    assert parse_hidden("4, 4") == [4, 4]
    assert parse_hidden("8 3") == [8, 3]
    assert parse_hidden("") == []
    assert parse_hidden([2, 1]) == [2, 1]
    with pytest.raises(ValueError, match="whole numbers"):
        parse_hidden("4, x")
    with pytest.raises(ValueError, match="at least one neuron"):
        parse_hidden("4, 0")


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


# ----- Playground --------------------------------------------------------------------------------

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


def test_same_seed_same_result_other_seed_other_result():
    a = Playground("circles", hidden=[4, 4], seed=3).step(20)
    b = Playground("circles", hidden=[4, 4], seed=3).step(20)
    c = Playground("circles", hidden=[4, 4], seed=4).step(20)
    assert a.history.loss == b.history.loss
    np.testing.assert_array_equal(a.net.W[3], b.net.W[3])
    assert a.history.loss != c.history.loss


def test_draw_has_one_axes_per_hidden_neuron_plus_two():
    for hidden in ([4, 4], [3], [], [8, 2, 5]):
        fig = Playground("spirals", hidden=hidden).step(1).draw()
        assert len(fig.axes) == 2 + sum(hidden), hidden
    fig = Playground("xor", hidden=[2]).draw()      # untrained: no loss curve yet
    assert len(fig.axes) == 4
    fig = Playground("xor", hidden=[40, 3]).draw()  # wide layers: the first 16 neurons
    assert len(fig.axes) == 2 + 16 + 3


def test_configure_restarts_and_validates():
    pg = Playground("circles").step(2)
    pg.configure(dataset="moons", hidden="5", activation="relu", loss="quadratic")
    assert pg.epoch == 0 and pg.sizes == [2, 5, 1] and pg.net.loss.name == "quadratic"
    with pytest.raises(ValueError, match="unknown activation"):
        pg.configure(activation="softplus")
    with pytest.raises(TypeError, match="unknown setting"):
        pg.configure(colour="red")
    assert pg.sizes == [2, 5, 1]


def test_default_state_learns_circles_and_a_tiny_network_cannot():
    numbers, fig = playground_view(dataset="circles", hidden=[4, 4], activation="tanh",
                                   epochs=200)
    assert numbers["accuracy"] >= 0.95 and numbers["val_accuracy"] >= 0.95
    assert numbers["loss"] < numbers["playground"].history.loss[0]
    tiny = Playground("circles", hidden=[1]).step(200)
    assert tiny.accuracy() < 0.8


def test_more_classes_use_softmax_outputs():
    pg = Playground("blobs", hidden=[4], n_classes=3).step(30)
    assert pg.sizes == [2, 4, 3] and pg.net.output_activation.name == "softmax"
    assert pg.accuracy() > 0.9
    assert len(pg.draw().axes) == 2 + 4
    with pytest.raises(ValueError, match="two classes"):
        Playground("moons", n_classes=3)


# ----- the widget, driven programmatically -------------------------------------------------------

def test_widget_buttons_and_controls():
    box = playground_widget(dataset="xor", hidden=[3], epochs=12, every=5)
    pg = box.playground
    box.buttons["step"].click()
    assert pg.epoch == 1
    box.buttons["train"].click()
    assert pg.epoch == 13
    assert "epoch 13" in box.status.value
    box.buttons["reset"].click()
    assert pg.epoch == 0
    box.controls["hidden"].value = "2, 2"
    assert pg.sizes == [2, 2, 2, 1]
    box.controls["hidden"].value = "2, zwei"
    assert "whole numbers" in box.status.value and pg.sizes == [2, 2, 2, 1]
    assert box.controls["hidden"].value == "2, 2"
    box.controls["dataset"].value = "circles"
    assert pg.dataset == "circles" and pg.noise == default_noise("circles")
    box.playground.configure(dataset="spirals", n_classes=3)
    box.controls["dataset"].value = "moons"        # back to two classes, no error
    assert pg.dataset == "moons" and pg.sizes[-1] == 1
    box.controls["eta"].value = 0.5
    box.buttons["step"].click()
    assert pg.eta == 0.5 and pg.epoch == 1
    assert not any(b.disabled for b in box.buttons.values())


def test_widget_reports_a_diverged_run(monkeypatch):
    from dnn_core.network import TrainingDivergedError
    box = playground_widget(dataset="moons", hidden=[4])

    def diverge(epochs=1):
        raise TrainingDivergedError("training diverged at epoch 1: the loss became nan.")

    monkeypatch.setattr(box.playground, "step", diverge)
    box.buttons["step"].click()
    assert "diverged" in box.status.value and "Press Reset" in box.status.value
    assert not any(b.disabled for b in box.buttons.values())


# ----- exercises ---------------------------------------------------------------------------------

def accuracy_argmax(A, y):
    return float(np.mean(np.argmax(A, axis=0) == y))


def confusion_counts(true, predicted, n_classes):
    C = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(true, predicted):
        C[t, p] += 1
    return C


def neuron_output_map(Ws, bs, points, j):
    a = points
    for W, b in zip(Ws, bs):
        a = np.tanh(W @ a + b)
    return a[j - 1]


def one_hot(y, n_classes):
    Y = np.zeros((n_classes, len(y)))
    Y[y, np.arange(len(y))] = 1.0
    return Y


SOLUTIONS = {"accuracy_argmax": accuracy_argmax, "confusion_counts": confusion_counts,
             "neuron_output_map": neuron_output_map, "one_hot": one_hot}


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_reference_solution_passes(name):
    assert check(name, SOLUTIONS[name], quiet=True).passed


def test_wrong_answers_are_caught():
    assert check("accuracy_argmax", lambda A, y: float(np.mean(np.argmax(A, 1)[:len(y)] == y)),
                 quiet=True).status == "wrong"
    assert check("confusion_counts", lambda t, p, n: confusion_counts(p, t, n),
                 quiet=True).status == "wrong"
    assert check("neuron_output_map", lambda Ws, bs, P, j: neuron_output_map(Ws, bs, P, j + 1)
                 if j + 1 <= Ws[-1].shape[0] else neuron_output_map(Ws, bs, P, 1),
                 quiet=True).status == "wrong"
    assert check("one_hot", lambda y, n: one_hot(y, n).T, quiet=True).status == "wrong"


# ----- the notebooks' structure and the full-MNIST cell -------------------------------------------

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _cells(name):
    import nbformat
    return nbformat.read(NOTEBOOKS / name, as_version=4).cells


@pytest.mark.parametrize("name", ["09_mnist.ipynb", "10_playground.ipynb"])
def test_notebook_layout(name):
    cells = _cells(name)
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith(f"# {int(name[:2])}. ")
    assert "setup_notebook()" in cells[1].source and "%matplotlib inline" in cells[1].source
    assert cells[-1].cell_type == "markdown" and cells[-1].source.startswith("## Summary")
    solutions = [c for c in cells if "solution" in c.metadata.get("tags", [])]
    assert len(solutions) >= 2
    for cell in solutions:
        assert cell.metadata["jupyter"]["source_hidden"] is True
        assert cell.source.startswith("# Solution")
        assert cell.source.rstrip().splitlines()[-1].startswith("assert check(")
        assert cell.source.rstrip().endswith(").passed")


def test_full_mnist_cell_runs_when_the_flag_is_on(monkeypatch, capsys):
    """The cell that is skipped in the stored notebook: run it with FULL_MNIST = True, with
    load_mnist replaced by the offline sample (no internet here) and 2 epochs."""
    from dnn_core.datasets import mnist_sample
    source = next(c.source for c in _cells("09_mnist.ipynb")
                  if c.cell_type == "code" and c.source.startswith("if FULL_MNIST:"))
    assert "load_mnist()" in source and "epochs=30" in source and "eta=3.0" in source
    source = source.replace("epochs=30", "epochs=2")
    namespace = {"np": np, "Network": Network, "load_mnist": mnist_sample, "SEED": 0,
                 "FULL_MNIST": True}
    exec(compile(source, "full_mnist_cell", "exec"), namespace)
    out = capsys.readouterr().out
    assert "best test accuracy" in out and "Nielsen: 95.42 %" in out
    assert len(namespace["h_full"].val_accuracy) == 2
    namespace["FULL_MNIST"] = False
    exec(compile(source, "full_mnist_cell", "exec"), namespace)
    assert "set FULL_MNIST = True" in capsys.readouterr().out
