"""The views: for given values, the numbers (the same as the experiment's, the network's or
the activation's) and a figure of the notebooks' size, without a browser."""

import numpy as np
import pytest

from dnn_core import History, Network, TrainingDivergedError
from dnn_core.activations import saturation_threshold, sigmoid, sigmoid_prime
from dnn_core.experiments import (
    network_sizes,
    nudge_curve,
    nudge_effect,
    slowdown_summary,
    train_single_neuron,
    train_toy_network,
    vanishing_gradients,
)
from dnn_core.parameters import parameter_counts
from dnn_core.perceptron import count_mistakes
from dnn_core.playground import Playground
from dnn_core.views import (
    forward_view,
    loss_curve_view,
    neuron_view,
    nudge_view,
    perceptron_frame,
    playground_view,
    sigmoid_view,
    slowdown_view,
    structure_view,
    vanishing_gradients_view,
)


def inches(fig):
    return tuple(float(v) for v in fig.get_size_inches())


# One neuron and the perceptron

def test_neuron_view_half_point():
    numbers, fig = neuron_view(w=2.0, b=-3.0)
    assert numbers == {"w": 2.0, "b": -3.0, "x_half": 1.5}
    assert sigmoid(2.0 * numbers["x_half"] - 3.0) == pytest.approx(0.5)
    assert len(fig.axes) == 1 and inches(fig) == (4.5, 2.8)
    assert fig.axes[0].get_title() == "w = 2.0, b = -3.0"
    assert neuron_view(w=0.0, b=1.0)[0]["x_half"] is None


def test_neuron_view_refuses_a_non_number():
    with pytest.raises(TypeError, match="w must be a number"):
        neuron_view(w="1")


def test_perceptron_frame_follows_the_steps(separable_run):
    X, y, result = separable_run
    assert result.converged and len(result.steps) >= 2
    for t in range(1, len(result.steps) + 1):
        numbers, fig = perceptron_frame(X, y, result.steps, t)
        w, b, i = result.steps[t - 1]
        assert np.array_equal(numbers["w"], w) and numbers["b"] == b and numbers["sample"] == i
        assert numbers["mistakes"] == count_mistakes(w, b, X, y)
        assert f"{numbers['mistakes']} sample(s) misclassified" in fig.axes[0].get_title()
    assert numbers["mistakes"] == 0            # after the last update every sample is correct
    numbers, fig = perceptron_frame(X, y, result.steps, 1)
    assert numbers["mistakes"] > 0 and inches(fig) == (4.0, 3.6)


@pytest.mark.parametrize("t", [0, 99])
def test_perceptron_frame_refuses_an_update_that_does_not_exist(separable_run, t):
    X, y, result = separable_run
    with pytest.raises(ValueError, match="t must be"):
        perceptron_frame(X, y, result.steps, t)


# The structure of a network and its forward pass

@pytest.mark.parametrize("n_in, hidden_layers, n_hidden, n_out",
                         [(3, 1, 4, 2), (2, 0, 5, 1), (8, 4, 8, 8), (1, 2, 1, 3)])
def test_structure_view_counts_parameters(n_in, hidden_layers, n_hidden, n_out):
    numbers, fig = structure_view(n_in, hidden_layers, n_hidden, n_out)
    sizes = network_sizes(n_in, hidden_layers, n_hidden, n_out)
    assert numbers == {"sizes": sizes, **parameter_counts(sizes)}
    assert list(numbers) == ["sizes", "weights", "biases", "parameters"]   # printed as is
    assert numbers["parameters"] == Network(sizes).num_parameters()
    assert f"{numbers['parameters']} parameters" in fig.axes[0].get_title()


def test_structure_view_of_the_notebook():
    numbers, fig = structure_view(3, 1, 4, 2)
    assert str(numbers) == "{'sizes': [3, 4, 2], 'weights': 20, 'biases': 6, 'parameters': 26}"
    assert inches(fig) == pytest.approx((1.35 * 3 + 1.2, 0.52 * 4 + 1.6))


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
    assert forward_view(net, X, index=0)[0]["label"] is None


# The demon's nudge

def test_nudge_view_numbers_are_the_experiments(demon_problem):
    net, x, y = demon_problem()
    numbers, fig = nudge_view(net, x, y, l=3, j=2, dz=1.0)
    assert numbers == nudge_effect(net, x, y, 3, 2, 1.0)
    assert list(numbers) == ["delta", "dJ", "linear", "gap"]                # printed as is
    assert numbers["delta"] == pytest.approx(net.backprop(x, y).delta[3][1, 0])
    assert len(fig.axes) == 2 and inches(fig) == (8.0, 3.6)
    dzs, dJs = nudge_curve(net, x, y, 3, 2, 3.0)
    curve = fig.axes[0].lines[0]
    assert np.array_equal(curve.get_xdata(), dzs) and np.array_equal(curve.get_ydata(), dJs)
    assert fig.axes[1].get_title() == "the demon sits at neuron 2 of layer 3"


def test_the_nudge_view_of_a_batch_uses_the_mean_delta(demon_problem):
    net, X, Y = demon_problem(m=4)
    numbers, _ = nudge_view(net, X, Y, l=2, j=3, dz=0.5, span=1.0)
    assert numbers["delta"] == pytest.approx(np.mean(net.backprop(X, Y).delta[2][2]))


# Saturation and the learning slowdown

def test_sigmoid_view_reads_off_both_values():
    numbers, fig = sigmoid_view(z=2.0, threshold=0.01)
    assert numbers["sigma"] == pytest.approx(sigmoid(2.0), rel=1e-12)
    assert numbers["sigma_prime"] == pytest.approx(sigmoid_prime(2.0), rel=1e-12)
    assert numbers["z_star"] == saturation_threshold(0.01)
    assert not numbers["saturated"]
    assert len(fig.axes) == 2 and inches(fig) == (8.0, 2.9)
    marks = [line for line in fig.axes[1].lines if list(line.get_xdata()) == [2.0]]
    assert marks and marks[0].get_ydata()[0] == numbers["sigma_prime"]
    assert sigmoid_view(z=-5.0)[0]["saturated"] and sigmoid_view(z=4.7)[0]["saturated"]
    assert not sigmoid_view(z=4.5)[0]["saturated"]


def test_sigmoid_view_marks_a_saturated_point_in_red():
    for z, colour in [(6.0, "#d62728"), (1.0, "black")]:
        _, fig = sigmoid_view(z=z)
        assert fig._suptitle.get_color() == colour
        for ax in fig.axes:
            dot = next(line for line in ax.lines if list(line.get_xdata()) == [z])
            assert dot.get_color() == colour
    assert "(saturated)" in sigmoid_view(z=6.0)[1]._suptitle.get_text()


def test_slowdown_view_numbers_are_the_experiments():
    numbers, fig = slowdown_view(2.0, 2.0, 0.15, "quadratic", epochs=300)
    run = train_single_neuron(2.0, 2.0, 0.15, "quadratic", 300)
    assert numbers == slowdown_summary(run)
    assert numbers["J_half"] == run["loss"][150] and numbers["J_end"] == run["loss"][300]
    assert numbers["dJdw0"] == pytest.approx(sigmoid(4.0) * sigmoid_prime(4.0), rel=1e-12)
    assert len(fig.axes) == 2
    assert "(epoch 150)" in fig._suptitle.get_text()


def test_vanishing_gradients_view_numbers_are_the_experiments():
    numbers, fig = vanishing_gradients_view(hidden_layers=3, gain=2.0, width=10, m=50)
    assert numbers == vanishing_gradients(3, 2.0, 10, 50)
    labels = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    assert labels[0].startswith("standard N(0, 1) × 2: last/first = ")
    assert labels[1].startswith("scaled N(0, 1/n_in) × 2: last/first = ")
    assert inches(fig) == (5.5, 3.3)


# Training

def test_loss_curve_view_numbers_are_the_experiments():
    calls = []
    numbers, fig = loss_curve_view(epochs=30, callback=lambda e, h: calls.append(e))
    assert calls == list(range(1, 31))
    run = train_toy_network(epochs=30)
    assert numbers == {name: run[name] for name in
                       ("diverged", "epochs", "loss", "val_loss", "accuracy", "val_accuracy")}
    assert numbers["loss"] < 0.06 and numbers["val_accuracy"] > 0.8
    assert len(fig.axes) == 2 and inches(fig) == (8.0, 3.6)
    assert fig.axes[0].get_title().startswith("after 30 epochs: accuracy ")


def test_loss_curve_view_options():
    numbers, fig = loss_curve_view(eta=1.0, batch_size=200, hidden=3, epochs=5,
                                   activation="tanh", loss="cross_entropy", data="circles")
    assert numbers["epochs"] == 5 and numbers["diverged"] is None
    assert fig.axes[1].get_title() == "[2, 3, 1], tanh, η = 1, batch 200"
    assert fig.axes[0].get_ylabel() == "cross_entropy loss J"


def test_loss_curve_view_reports_divergence(monkeypatch):
    def diverging_train(self, X, Y, epochs, batch_size, eta, *, callback=None, **options):
        history = History(loss=[1.0], accuracy=[0.5], val_loss=[1.0], val_accuracy=[0.5])
        raise TrainingDivergedError("training diverged at epoch 2: the loss became nan", history)

    monkeypatch.setattr(Network, "train", diverging_train)
    numbers, fig = loss_curve_view(epochs=5)
    assert numbers["diverged"].startswith("training diverged at epoch 2")
    assert numbers["epochs"] == 1 and numbers["loss"] == 1.0
    assert not fig.axes[1].axison
    assert fig.axes[1].texts[0].get_text().startswith("training diverged:\n")


def test_playground_view_default_state_learns_circles_and_a_tiny_network_cannot():
    numbers, fig = playground_view(dataset="circles", hidden=[4, 4], activation="tanh",
                                   epochs=200)
    assert numbers["accuracy"] >= 0.95 and numbers["val_accuracy"] >= 0.95
    assert numbers["loss"] < numbers["playground"].history.loss[0]
    assert numbers["epoch"] == 200 and len(fig.axes) == 2 + 8
    tiny = Playground("circles", hidden=[1]).step(200)
    assert tiny.accuracy() < 0.8


def test_playground_view_without_training():
    numbers, _ = playground_view(epochs=0, dataset="xor", hidden=[2])
    assert numbers["epoch"] == 0 and numbers["loss"] is None
    with pytest.raises(ValueError, match="epochs must be at least 0"):
        playground_view(epochs=-1)
