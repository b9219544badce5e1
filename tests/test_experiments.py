"""The small experiments of the notebooks: the numbers they return, checked against the
network, the equations and the claims the notebooks make about them."""

import numpy as np
import pytest

from dnn_core import History, Network, TrainingDivergedError
from dnn_core.activations import sigmoid, sigmoid_prime
from dnn_core.datasets import mnist_sample, toy_dataset
from dnn_core.experiments import (
    deep_network,
    layer_gradient_norms,
    network_sizes,
    nudge_curve,
    nudge_effect,
    slowdown_summary,
    train_single_neuron,
    train_toy_network,
    vanishing_gradients,
)
from dnn_core.gradcheck import relative_error

# The structure of a network

@pytest.mark.parametrize("n_in, hidden_layers, n_hidden, n_out, sizes",
                         [(3, 1, 4, 2, [3, 4, 2]), (2, 0, 5, 1, [2, 1]),
                          (1, 2, 1, 3, [1, 1, 1, 3])])
def test_network_sizes(n_in, hidden_layers, n_hidden, n_out, sizes):
    assert network_sizes(n_in, hidden_layers, n_hidden, n_out) == sizes


@pytest.mark.parametrize("arguments, error, message", [
    ((0, 1, 4, 2), ValueError, "n_in must be at least 1"),
    ((3, -1, 4, 2), ValueError, "hidden_layers must be at least 0"),
    ((3, 1, 4.0, 2), TypeError, "n_hidden must be a whole number"),
    ((3, True, 4, 2), TypeError, "hidden_layers must be a whole number"),
    ((3, 1, 4, "2"), TypeError, "n_out must be a whole number"),
])
def test_network_sizes_refuses_what_is_not_a_count(arguments, error, message):
    with pytest.raises(error, match=message):
        network_sizes(*arguments)


# The demon's nudge

def test_nudge_effect_is_delta_and_the_true_change(demon_problem):
    net, X, Y = demon_problem(m=3)
    X_before = X.copy()
    numbers = nudge_effect(net, X, Y, 3, 2, 0.5)
    assert numbers["delta"] == pytest.approx(np.mean(net.backprop(X, Y).delta[3][1]), rel=1e-12)
    assert numbers["dJ"] == net.J_after_nudge(X, Y, 3, 2, 0.5) - net.J_after_nudge(X, Y, 3, 2, 0.0)
    assert numbers["linear"] == numbers["delta"] * 0.5
    assert numbers["gap"] == pytest.approx(numbers["dJ"] - numbers["linear"], abs=1e-15)
    assert np.array_equal(X, X_before)
    assert nudge_effect(net, X, Y, 3, 2, 0.0) == {"delta": numbers["delta"], "dJ": 0.0,
                                                  "linear": 0.0, "gap": 0.0}


def test_the_gap_is_second_order_in_the_nudge(demon_problem):
    """ΔJ/Δz − δ shrinks linearly with Δz: the one-sided ratio is first-order accurate."""
    net, x, y = demon_problem()
    errors = [abs(nudge_effect(net, x, y, 3, 2, dz)["gap"] / dz) for dz in (1e-2, 1e-3)]
    assert 8 < errors[0] / errors[1] < 12
    small = nudge_effect(net, x, y, 2, 1, 1e-3)
    assert abs(small["gap"]) < 1e-3 * abs(small["linear"])


@pytest.mark.parametrize("m", [1, 5])
def test_the_central_slope_of_the_curve_is_delta_for_every_neuron(demon_problem, m):
    net, X, Y = demon_problem(m=m)
    for l in net.layers:
        for j in range(1, net.n(l) + 1):
            dzs, dJs = nudge_curve(net, X, Y, l, j, span=1e-5, points=3)
            slope = (dJs[2] - dJs[0]) / (dzs[2] - dzs[0])
            assert relative_error(slope, nudge_effect(net, X, Y, l, j, 1e-5)["delta"]) < 1e-7


def test_nudge_curve_samples_the_true_change(demon_problem):
    net, x, y = demon_problem()
    dzs, dJs = nudge_curve(net, x, y, 3, 2, span=3.0)
    assert dzs.shape == dJs.shape == (121,)
    assert dzs[0] == -3.0 and dzs[-1] == 3.0 and dJs[60] == 0.0
    for k in (0, 17, 120):
        assert dJs[k] == pytest.approx(nudge_effect(net, x, y, 3, 2, dzs[k])["dJ"], abs=1e-15)


@pytest.mark.parametrize("options, error", [({"span": 0.0}, ValueError),
                                            ({"points": 1}, ValueError),
                                            ({"points": 2.0}, TypeError)])
def test_nudge_curve_checks_its_range(demon_problem, options, error):
    net, x, y = demon_problem()
    with pytest.raises(error, match="span|points"):
        nudge_curve(net, x, y, 3, 2, **options)


@pytest.mark.parametrize("l, j", [(1, 1), (5, 1), (2, 0), (2, 4)])
def test_a_missing_layer_or_neuron_is_a_clear_error(demon_problem, l, j):
    net, x, y = demon_problem()
    with pytest.raises(ValueError, match="layer"):
        nudge_effect(net, x, y, l, j, 0.1)


# The learning slowdown of one neuron

def test_single_neuron_is_network_1_1_with_w_and_b():
    run = train_single_neuron(0.6, 0.9, eta=0.15, epochs=3)
    assert run["net"].sizes == [1, 1]
    assert run["a"][0] == pytest.approx(sigmoid(1.5), rel=1e-12)
    assert run["loss"][0] == pytest.approx(0.5 * sigmoid(1.5) ** 2, rel=1e-12)
    assert run["dJdw0"] == pytest.approx(sigmoid(1.5) * sigmoid_prime(1.5), rel=1e-12)
    assert len(run["a"]) == len(run["loss"]) == 4
    assert list(run["epoch"]) == [0, 1, 2, 3]
    net = run["net"]
    assert run["a"][-1] == net.forward(np.array([[1.0]]))[0, 0]


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


@pytest.mark.parametrize("epochs", [300, 5, 1])
def test_slowdown_summary_reads_the_run(epochs):
    run = train_single_neuron(2.0, 2.0, 0.15, "quadratic", epochs)
    numbers = slowdown_summary(run)
    assert numbers == {"a0": run["a"][0], "J0": run["loss"][0],
                       "J_half": run["loss"][epochs // 2], "J_end": run["loss"][epochs],
                       "a_end": run["a"][epochs], "dJdw0": run["dJdw0"]}


@pytest.mark.parametrize("options, error", [({"eta": 0.0}, ValueError),
                                            ({"epochs": 0}, ValueError),
                                            ({"epochs": 10.0}, TypeError),
                                            ({"w": "2"}, TypeError),
                                            ({"b": float("nan")}, ValueError)])
def test_train_single_neuron_checks_its_arguments(options, error):
    arguments = {"w": 2.0, "b": 2.0, "eta": 0.15, "epochs": 3, **options}
    with pytest.raises(error, match=next(iter(options))):
        train_single_neuron(**arguments)


# Depth and vanishing gradients

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
    reference = Network([784, 8, 8, 8, 10], init="scaled", seed=0)
    for l in plain.layers:
        assert np.array_equal(plain.W[l], reference.W[l])
        assert np.array_equal(doubled.W[l], 2.0 * plain.W[l])
        assert np.array_equal(doubled.b[l], plain.b[l])


def test_scaled_initialisation_saturates_far_fewer_hidden_neurons():
    x = mnist_sample().X_train[:, [0]]
    fraction = {init: np.mean(sigmoid_prime(deep_network(1, 500, init).forward_trace(x).z[2])
                              < 0.01)
                for init in ("standard", "scaled")}
    assert fraction["standard"] > 0.5 and fraction["scaled"] < fraction["standard"] / 10


def test_gradients_vanish_towards_the_input():
    numbers = vanishing_gradients(hidden_layers=4, gain=1.0)
    assert sorted(numbers) == ["ratio", "scaled", "standard"]
    for init in ("standard", "scaled"):
        values = [numbers[init][l] for l in range(2, 7)]
        assert np.all(np.diff(values) > 0), init
        assert numbers["ratio"][init] == values[-1] / values[0]
    assert numbers["ratio"]["scaled"] > 100
    deeper = vanishing_gradients(hidden_layers=6, gain=1.0)
    assert deeper["ratio"]["scaled"] > numbers["ratio"]["scaled"]


def test_vanishing_gradients_are_the_norms_of_the_deep_networks():
    numbers = vanishing_gradients(hidden_layers=2, gain=0.5, width=6, m=40, seed=3)
    data = mnist_sample()
    X, Y = data.X_train[:, :40], data.Y_train[:, :40]
    for init in ("standard", "scaled"):
        assert numbers[init] == layer_gradient_norms(deep_network(2, 6, init, 0.5, 3), X, Y)


def test_vanishing_gradients_refuses_more_digits_than_the_sample_has():
    with pytest.raises(ValueError, match="m must be at most 4000"):
        vanishing_gradients(m=4001)


# Training on a toy set

def test_train_toy_network_default_learns():
    calls = []
    run = train_toy_network(epochs=30, callback=lambda e, h: calls.append(e))
    assert calls == list(range(1, 31))
    assert run["diverged"] is None and run["epochs"] == 30
    assert run["loss"] < 0.06 and run["val_accuracy"] > 0.8
    history = run["history"]
    assert (run["loss"], run["val_loss"], run["accuracy"], run["val_accuracy"]) == (
        history.loss[-1], history.val_loss[-1], history.accuracy[-1], history.val_accuracy[-1])
    X, y = toy_dataset("moons", m=200, noise=0.2, seed=0)
    assert np.array_equal(run["X"], X) and np.array_equal(run["y"], y)
    assert run["net"].evaluate(X, y) == run["accuracy"]


def test_train_toy_network_is_the_plain_mini_batch_run():
    run = train_toy_network(eta=1.0, batch_size=20, hidden=4, epochs=5, activation="tanh",
                            loss="cross_entropy", data="circles", m=100, noise=0.1, seed=2)
    X, y = toy_dataset("circles", m=100, noise=0.1, seed=2)
    X_val, y_val = toy_dataset("circles", m=100, noise=0.1, seed=3)
    net = Network([2, 4, 1], activation="tanh", output_activation="sigmoid",
                  loss="cross_entropy", seed=2)
    history = net.train(X, y, 5, 20, 1.0, validation=(X_val, y_val))
    assert run["history"].loss == history.loss and run["history"].val_loss == history.val_loss
    assert np.array_equal(run["net"].W[2], net.W[2])
    assert (run["loss"], run["val_loss"], run["accuracy"], run["val_accuracy"]) == (
        history.loss[-1], history.val_loss[-1], history.accuracy[-1], history.val_accuracy[-1])
    assert run["accuracy"] != run["val_accuracy"]


def test_a_huge_step_gets_stuck():
    run = train_toy_network(eta=100.0, activation="relu", hidden=10, epochs=5)
    # a sigmoid output keeps the quadratic loss bounded: the run gets stuck, it cannot diverge
    assert run["diverged"] is None
    assert run["loss"] == pytest.approx(0.25, abs=1e-3)


def test_a_diverging_run_is_reported_not_raised(monkeypatch):
    def diverging_train(self, X, Y, epochs, batch_size, eta, *, callback=None, **options):
        history = History(loss=[1.0], accuracy=[0.5], val_loss=[1.0], val_accuracy=[0.5])
        raise TrainingDivergedError("training diverged at epoch 2: the loss became nan", history)

    monkeypatch.setattr(Network, "train", diverging_train)
    run = train_toy_network(epochs=5)
    assert run["diverged"].startswith("training diverged at epoch 2")
    assert run["epochs"] == 1 and run["loss"] == 1.0 and run["history"].epochs == 1


def test_a_run_that_diverges_in_the_first_epoch_has_no_metrics(monkeypatch):
    def diverging_train(self, *args, **options):
        raise TrainingDivergedError("training diverged at epoch 1: the loss became nan", History())

    monkeypatch.setattr(Network, "train", diverging_train)
    run = train_toy_network(epochs=5)
    assert run["epochs"] == 0 and run["loss"] is None and run["val_accuracy"] is None


@pytest.mark.parametrize("options, error", [({"eta": -1.0}, ValueError),
                                            ({"batch_size": 0}, ValueError),
                                            ({"hidden": 2.5}, TypeError),
                                            ({"epochs": True}, TypeError)])
def test_train_toy_network_checks_its_arguments(options, error):
    with pytest.raises(error, match=next(iter(options))):
        train_toy_network(**options)
