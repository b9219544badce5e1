"""The pure functions behind notebooks 07 (sigmoid saturation) and 08 (training): the
explorers' numbers, the progress callback, the figures, and the exercises of both notebooks."""

import io
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dnn_core import History, Network  # noqa: E402
from dnn_core.activations import sigmoid, sigmoid_prime  # noqa: E402
from dnn_core.exercises import check  # noqa: E402
from dnn_core.plots import (  # noqa: E402
    plot_layer_norms,
    plot_loss_vs_work,
    plot_neuron_runs,
    plot_sigmoid_saturation,
    plot_z_histograms,
)
from dnn_core.widgets import (  # noqa: E402
    TrainingProgress,
    deep_network,
    layer_gradient_norms,
    loss_curve_explorer,
    loss_curve_view,
    saturation_threshold,
    sigmoid_explorer,
    sigmoid_view,
    slowdown_explorer,
    slowdown_view,
    train_single_neuron,
    vanishing_gradients_explorer,
    vanishing_gradients_view,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ----- 07: where σ saturates ---------------------------------------------------------------------

@pytest.mark.parametrize("t", [0.2, 0.1, 0.01, 1e-3, 1e-6])
def test_saturation_threshold_solves_the_equation(t):
    z_star = saturation_threshold(t)
    assert z_star > 0
    assert abs(sigmoid_prime(z_star) - t) <= 1e-9 * t
    z = np.linspace(-20, 20, 4001)
    assert np.array_equal(sigmoid_prime(z) < t, np.abs(z) > z_star)


def test_saturation_threshold_for_one_percent():
    assert saturation_threshold(0.01) == pytest.approx(4.5849, abs=1e-4)


@pytest.mark.parametrize("t", [0, 0.25, 0.3, -0.1])
def test_saturation_threshold_rejects_impossible_thresholds(t):
    with pytest.raises(ValueError, match="between 0 and 1/4"):
        saturation_threshold(t)


def test_sigmoid_view_reads_off_both_values():
    numbers, fig = sigmoid_view(z=2.0, threshold=0.01)
    assert numbers["sigma"] == pytest.approx(sigmoid(2.0), rel=1e-12)
    assert numbers["sigma_prime"] == pytest.approx(sigmoid_prime(2.0), rel=1e-12)
    assert numbers["z_star"] == pytest.approx(saturation_threshold(0.01))
    assert not numbers["saturated"]
    assert len(fig.axes) == 2
    assert sigmoid_view(z=-5.0)[0]["saturated"] and sigmoid_view(z=4.7)[0]["saturated"]
    assert not sigmoid_view(z=4.5)[0]["saturated"]


def test_sigmoid_view_redraw_time_is_measured_not_asserted(capsys):
    """The z slider redraws live; measure the time of one redraw as the notebook shows it
    (compute, draw, PNG as the inline backend renders it). Reported, never asserted."""
    times = []
    with matplotlib.rc_context({"figure.dpi": 72}):       # as setup_notebook() sets it
        for z in np.linspace(-8, 8, 21):
            start = time.perf_counter()
            _, fig = sigmoid_view(z=float(z))
            fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
            plt.close(fig)
            times.append(time.perf_counter() - start)
    with capsys.disabled():
        print(f"\nsigmoid_view redraw: median {1000 * np.median(times):.0f} ms, "
              f"max {1000 * max(times):.0f} ms")


def test_sigmoid_explorer_redraws_live():
    box = sigmoid_explorer()
    sliders = box.children[0].children
    assert all(s.continuous_update for s in sliders)
    assert [s.description for s in sliders] == ["z", "threshold"]


# ----- 07: the learning slowdown -----------------------------------------------------------------

def test_single_neuron_is_network_1_1_with_w_and_b():
    run = train_single_neuron(0.6, 0.9, eta=0.15, epochs=3)
    assert run["net"].sizes == [1, 1]
    assert run["a"][0] == pytest.approx(sigmoid(1.5), rel=1e-12)
    assert run["loss"][0] == pytest.approx(0.5 * sigmoid(1.5) ** 2, rel=1e-12)
    assert run["dJdw0"] == pytest.approx(sigmoid(1.5) * sigmoid_prime(1.5), rel=1e-12)
    assert len(run["a"]) == len(run["loss"]) == 4


def slowdown_runs(loss, eta):
    return {start: train_single_neuron(*start, eta=eta, loss=loss, epochs=300)["loss"]
            for start in [(0.6, 0.9), (2.0, 2.0)]}


def test_quadratic_loss_stalls_from_the_saturated_start():
    J = slowdown_runs("quadratic", 0.15)
    assert J[(2.0, 2.0)][150] > J[(0.6, 0.9)][150]
    assert J[(2.0, 2.0)][150] > 0.4 and J[(0.6, 0.9)][150] < 0.02
    assert J[(2.0, 2.0)][300] < 0.05                      # it does escape in the end


def test_cross_entropy_does_not_stall():
    quadratic, ce = slowdown_runs("quadratic", 0.15), slowdown_runs("cross_entropy", 0.005)

    def drop(J):
        return (J[0] - J[50]) / J[0]

    assert drop(ce[(2.0, 2.0)]) > 5 * drop(quadratic[(2.0, 2.0)])
    assert ce[(2.0, 2.0)][0] - ce[(2.0, 2.0)][50] > ce[(0.6, 0.9)][0] - ce[(0.6, 0.9)][50]
    assert np.all(np.diff(ce[(2.0, 2.0)]) < 0)


def test_cross_entropy_gradient_is_the_error():
    run = train_single_neuron(2.0, 2.0, eta=0.005, loss="cross_entropy", epochs=1)
    assert run["dJdw0"] == pytest.approx(sigmoid(4.0), rel=1e-12)      # x (a − y), x = 1, y = 0


def test_slowdown_view_numbers_match_the_run():
    numbers, fig = slowdown_view(2.0, 2.0, 0.15, "quadratic", epochs=300)
    J = train_single_neuron(2.0, 2.0, 0.15, "quadratic", 300)["loss"]
    assert numbers["J_half"] == J[150] and numbers["J_end"] == J[300]
    assert numbers["dJdw0"] == pytest.approx(sigmoid(4.0) * sigmoid_prime(4.0), rel=1e-12)
    assert len(fig.axes) == 2


def test_slowdown_explorer_trains_only_on_release():
    box = slowdown_explorer(epochs=20)
    sliders = [c for c in box.children[0].children if isinstance(c, widgets.FloatSlider)
               or isinstance(c, widgets.FloatLogSlider)]
    assert len(sliders) == 3 and not any(s.continuous_update for s in sliders)


# ----- 07: hidden saturation and vanishing gradients ---------------------------------------------

def test_layer_gradient_norms_are_the_bias_gradients():
    rng = np.random.default_rng(0)
    net = Network([5, 4, 3, 2], seed=1)
    X, Y = rng.random((5, 7)), rng.random((2, 7))
    norms = layer_gradient_norms(net, X, Y)
    g = net.backprop(X, Y)
    assert sorted(norms) == [2, 3, 4]
    for l in net.layers:
        assert norms[l] == pytest.approx(np.linalg.norm(g.delta[l].mean(axis=1)), rel=1e-12)


def test_deep_network_gain_multiplies_the_initial_weights():
    plain, doubled = deep_network(3, 8, "scaled", 1.0), deep_network(3, 8, "scaled", 2.0)
    assert plain.sizes == [784, 8, 8, 8, 10]
    for l in plain.layers:
        assert np.array_equal(doubled.W[l], 2.0 * plain.W[l])
        assert np.array_equal(doubled.b[l], plain.b[l])


def test_gradients_vanish_towards_the_input():
    numbers, fig = vanishing_gradients_view(hidden_layers=4, gain=1.0)
    for init in ("standard", "scaled"):
        values = [numbers[init][l] for l in range(2, 7)]
        assert np.all(np.diff(values) > 0), init
        assert numbers["ratio"][init] == pytest.approx(values[-1] / values[0])
    assert numbers["ratio"]["scaled"] > 100
    deeper, _ = vanishing_gradients_view(hidden_layers=6, gain=1.0)
    assert deeper["ratio"]["scaled"] > numbers["ratio"]["scaled"]


def test_scaled_initialisation_saturates_far_fewer_hidden_neurons():
    from dnn_core.datasets import mnist_sample
    x = mnist_sample().X_train[:, [0]]
    t = 0.01
    fraction = {init: np.mean(sigmoid_prime(Network([784, 500, 10], init=init, seed=0)
                                            .forward_trace(x).z[2]) < t)
                for init in ("standard", "scaled")}
    assert fraction["standard"] > 0.5 and fraction["scaled"] < fraction["standard"] / 10


def test_vanishing_gradients_explorer_controls():
    box = vanishing_gradients_explorer()
    sliders = box.children[0].children
    assert [c.description for c in sliders] == ["hidden layers", "weight gain"]
    assert not any(c.continuous_update for c in sliders)      # backprop on 500 digits per redraw


# ----- 08: the progress callback -----------------------------------------------------------------

def history_with(losses, val_accuracy=()):
    h = History()
    h.loss.extend(losses)
    h.val_accuracy.extend(val_accuracy)
    return h


def test_training_progress_follows_the_epochs():
    progress = TrainingProgress(4, description="run", show=False)
    assert progress.bar.max == 4 and progress.bar.value == 0
    progress(1, history_with([0.5]))
    assert progress.bar.value == 1 and progress.label.value == "epoch 1 of 4: loss 0.5000"
    progress(4, history_with([0.5, 0.4, 0.3, 0.25], [0.1, 0.2, 0.3, 0.875]))
    assert progress.bar.value == 4 and progress.bar.bar_style == "success"
    assert progress.label.value.endswith("validation accuracy 0.8750")


def test_training_progress_as_a_callback_of_train_and_train_batch():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((2, 20)), rng.integers(0, 2, 20)
    progress = TrainingProgress(5, live_plot=True, redraws=2, show=False)
    Network([2, 3, 1], seed=0).train(X, y, 5, 4, 1.0, callback=progress)
    assert progress.bar.value == 5 and progress.every == 3
    batch_progress = TrainingProgress(7, show=False)
    h = Network([2, 3, 1], seed=0).train_batch(X, y, 1.0, 7, 1e-12, callback=batch_progress)
    assert batch_progress.bar.value == h.epochs == 7


# ----- 08: the loss-curve explorer ---------------------------------------------------------------

def test_loss_curve_view_default_learns():
    calls = []
    numbers, fig = loss_curve_view(epochs=30, callback=lambda e, h: calls.append(e))
    assert calls == list(range(1, 31))
    assert numbers["diverged"] is None and numbers["epochs"] == 30
    assert numbers["loss"] < 0.06 and numbers["val_accuracy"] > 0.8
    assert len(fig.axes) == 2


def test_loss_curve_view_with_a_huge_step_gets_stuck():
    numbers, _ = loss_curve_view(eta=100.0, activation="relu", hidden=10, epochs=5)
    # a sigmoid output keeps the quadratic loss bounded: the run gets stuck, it cannot diverge
    assert numbers["diverged"] is None
    assert numbers["loss"] == pytest.approx(0.25, abs=1e-3)


def test_loss_curve_view_reports_divergence(monkeypatch):
    from dnn_core.network import TrainingDivergedError

    def diverging_train(self, X, Y, epochs, batch_size, eta, *, callback=None, **options):
        history = History()
        history.loss.append(1.0)
        history.accuracy.append(0.5)
        history.val_loss.append(1.0)
        history.val_accuracy.append(0.5)
        raise TrainingDivergedError("training diverged at epoch 2: the loss became nan", history)

    monkeypatch.setattr(Network, "train", diverging_train)
    numbers, fig = loss_curve_view(epochs=5)
    assert numbers["diverged"].startswith("training diverged at epoch 2")
    assert numbers["epochs"] == 1 and numbers["loss"] == 1.0


def test_loss_curve_view_options():
    numbers, _ = loss_curve_view(eta=1.0, batch_size=200, hidden=3, epochs=5,
                                 activation="tanh", loss="cross_entropy", data="circles")
    assert numbers["epochs"] == 5 and numbers["diverged"] is None


def test_loss_curve_explorer_has_a_train_button():
    box = loss_curve_explorer(epochs=10)
    controls, button = box.children[0].children, box.children[1]
    assert isinstance(button, widgets.Button) and button.description == "Train"
    sliders = [c for c in controls if hasattr(c, "continuous_update")
               and not isinstance(c, widgets.Dropdown)]
    assert len(sliders) == 4 and not any(s.continuous_update for s in sliders)


# ----- figures -----------------------------------------------------------------------------------

def test_figures_draw():
    ax_s, ax_p = plot_sigmoid_saturation(4.58, 0.01)
    assert ax_s.get_ylabel() == "σ(z)"
    run = train_single_neuron(0.6, 0.9, 0.15, epochs=5)
    ax_a, ax_J = plot_neuron_runs({"run": run})
    assert len(ax_a.lines) == 1
    ax = plot_z_histograms({"a": np.arange(-5, 5.0), "b": np.zeros(3)}, 4.58)
    assert ax.get_legend() is not None
    ax = plot_layer_norms({"x": {2: 0.01, 3: 0.1}})
    assert ax.get_yscale() == "log"
    h = history_with([0.3, 0.2, 0.1])
    ax_g, ax_u = plot_loss_vs_work({"batch": (h, 1), "sgd": (h, 10)}, m=10)
    assert list(ax_u.lines[1].get_xdata()) == [10, 20, 30]
    assert list(ax_g.lines[0].get_xdata()) == [10, 20, 30]


# ----- exercises ---------------------------------------------------------------------------------

def reference_sigmoid_prime_from_a(a):
    return a * (1 - a)


def reference_saturation_threshold(t):
    return 2 * np.arctanh(np.sqrt(1 - 4 * t))


def reference_sgd_step(W, b, dW, db, eta):
    return W - eta * dW, b - eta * db


def reference_minibatch_indices(m, batch_size):
    return [np.arange(k, min(k + batch_size, m)) for k in range(0, m, batch_size)]


REFERENCES = {
    "sigmoid_prime_from_a": reference_sigmoid_prime_from_a,
    "saturation_threshold": reference_saturation_threshold,
    "sgd_step": reference_sgd_step,
    "minibatch_indices": reference_minibatch_indices,
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_exercise_reference_solutions_pass(name):
    assert check(name, REFERENCES[name], quiet=True).passed


def test_exercise_typical_mistakes_are_wrong():
    assert check("sigmoid_prime_from_a", lambda a: sigmoid_prime(a), quiet=True).status == "wrong"
    assert check("saturation_threshold", lambda t: np.log(1 / t), quiet=True).status == "wrong"
    assert check("sgd_step", lambda W, b, dW, db, eta: (W + eta * dW, b + eta * db),
                 quiet=True).status == "wrong"
    # shuffle=False must keep the order; a dropped short last batch is wrong too
    assert check("minibatch_indices",
                 lambda m, n: [np.arange(k, k + n) for k in range(0, m - n + 1, n)],
                 quiet=True).status == "wrong"
