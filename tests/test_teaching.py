"""docs/teaching.md: its expected answers are what the code computes, and its plans add up.

The answers to "What to ask the class at each widget" quote numbers. CLAIMS pairs every
sentence that quotes them (a template with `{}` where a computed value goes) with the
function that computes those values through the package, with the widget's defaults or the
settings the sentence states; the page must contain each rendered sentence. Every decimal
number and percentage of the answers must lie inside one of these sentences, so a number
cannot be added to the page without its computation. The answers assume the widget calls of
the notebooks, which are checked too.

The plans: every table of minutes runs from 0 to the session length in its heading without
gaps, every notebook 00-11 is planned, every notebook taught in a table gets a pairs slot in
that table, and every exercise named exists in its notebook; in the four-session plan every
exercise of 00-10 is done in class or given as homework.
"""

import inspect
import json
import re
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dnn_core import Network, Perceptron, TrainingDivergedError
from dnn_core.activations import saturation_threshold, sigmoid, sigmoid_prime
from dnn_core.datasets import make_circles, make_moons, mnist_sample, xor_truth_table
from dnn_core.experiments import nudge_effect, train_toy_network, vanishing_gradients
from dnn_core.playground import Playground
from dnn_core.views import (
    forward_view,
    neuron_view,
    perceptron_frame,
    sigmoid_view,
    slowdown_view,
    structure_view,
)
from dnn_core.widgets import (
    loss_curve_explorer,
    neuron_explorer,
    sigmoid_explorer,
    slowdown_explorer,
    vanishing_gradients_explorer,
)

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "teaching.md"
NOTEBOOKS = ROOT / "notebooks"
SATURATION = 0.01        # the threshold on σ′ of notebook 07 and of sigmoid_explorer


# Reading the page

@cache
def page_text():
    return DOC.read_text(encoding="utf-8")


def flat(text):
    """The text with every run of whitespace made one space: a sentence may wrap anywhere."""
    return " ".join(text.split())


def section(text, heading):
    """The text under `heading` up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading + "\n") + len(heading) + 1
    following = re.search(rf"^#{{1,{level}}} ", text[start:], flags=re.M)
    return text[start:start + following.start()] if following else text[start:]


# Formatting the computed numbers as the page writes them

def minus(text):
    return text.replace("-", "−")


def percent(fraction, decimals=1):
    return f"{100 * fraction:.{decimals}f}"


def fixed(value, decimals):
    return f"{value:.{decimals}f}"


def listed(values):
    return ", ".join(str(v) for v in values)


def ratio_text(value):
    """A gradient-norm ratio as the page writes it: 3 significant digits, whole thousands."""
    return f"{value:.3g}" if value < 1000 else f"{value:,.0f}"


def defaults(explorer, *names):
    """The default values of an explorer's arguments, as the page writes numbers (3.0 → 3)."""
    parameters = inspect.signature(explorer).parameters
    return tuple(f"{parameters[name].default:g}" if isinstance(parameters[name].default, float)
                 else parameters[name].default for name in names)


def figure_numbers(view, *args, **kwargs):
    """The numbers of a view; its figure is closed at once."""
    numbers, fig = view(*args, **kwargs)
    plt.close(fig)
    return numbers


# 00 and 01: one neuron, the perceptron

@cache
def largest_w():
    """The end of the w slider of the one-neuron explorer."""
    return neuron_explorer().controls["w"].max


def rise_band(w):
    """Width of the x band around −b/w outside which σ′(w x + b) < SATURATION."""
    return 2 * saturation_threshold(SATURATION) / abs(w)


@cache
def perceptron_frames():
    """perceptron_frame of every update of notebook 01's run on its separable data."""
    rng = np.random.default_rng(3)
    m = 10
    X = np.hstack([rng.normal([[1.0], [3.0]], 0.6, (2, m)), rng.normal([[3.0], [1.0]], 0.6, (2, m))])
    y = np.r_[np.ones(m), -np.ones(m)]
    order = rng.permutation(2 * m)
    X, y = X[:, order], y[order]
    result = Perceptron(2).fit(X, y, eta=1.0)
    return [figure_numbers(perceptron_frame, X, y, result.steps, t) for t in range(1, len(result.steps) + 1)]


def worsening_updates():
    """The updates (from 1) after which more samples are misclassified than before."""
    mistakes = [frame["mistakes"] for frame in perceptron_frames()]
    return tuple(t + 1 for t in range(1, len(mistakes)) if mistakes[t] > mistakes[t - 1])


@cache
def xor_mistakes():
    X, y01 = xor_truth_table()
    result = Perceptron(2).fit(X, 2.0 * y01 - 1.0, eta=1.0, max_epochs=50, warn=False)
    assert not result.converged
    return result.mistakes


def the_only(values):
    """The value every entry of `values` has (they must all be equal)."""
    assert len(set(values)) == 1, values
    return values[0]


# 02: structure

def structure(n_in=3, hidden_layers=1, n_hidden=4, n_out=2):
    """The numbers of the sizes explorer for these slider values (the defaults: [3, 4, 2])."""
    return figure_numbers(structure_view, n_in, hidden_layers, n_hidden, n_out)


def last_layer_weights():
    """n_L, n_{L-1}, the weights and the biases of the last layer of the default network."""
    sizes = structure()["sizes"]
    return sizes[-1], sizes[-2], sizes[-1] * sizes[-2], sizes[-1]


# 03: the digit explorer (notebook 03's network: 2 epochs of mini-batches on the sample)

@cache
def digits():
    """Notebook 03's network (2 epochs) and what the digit explorer shows over the 1,000 test digits."""
    data = mnist_sample()
    net = Network([784, 30, 10], seed=0)
    net.train(data.X_train, data.Y_train, epochs=2, batch_size=10, eta=3.0)
    trace = net.forward_trace(data.X_test)
    outputs, hidden_on = trace.a[3], trace.a[2] > 0.5
    wrong = outputs.argmax(axis=0) != data.y_test
    top = outputs.max(axis=0)
    return {"net": net, "data": data, "wrong": np.flatnonzero(wrong), "accuracy": 1 - wrong.mean(),
            "top_wrong": np.median(top[wrong]), "top_right": np.median(top[~wrong]),
            "confident_wrong": np.mean(top[wrong] > 0.5), "on_per_digit": hidden_on.sum(axis=0),
            "on_per_neuron": hidden_on.mean(axis=1)}


def digit(index):
    """The label, the answer and a^3 that the digit explorer shows for test digit `index`."""
    d = digits()
    numbers = figure_numbers(forward_view, d["net"], d["data"].X_test, index, d["data"].y_test)
    return numbers["label"], numbers["prediction"], numbers["a"][3]


def first_wrong_digit():
    """Its index, label, the answer and the answer's output."""
    index = int(digits()["wrong"][0])
    label, prediction, outputs = digit(index)
    return index, label, prediction, fixed(outputs.max(), 2)


def second_wrong_digit():
    """Its index, label, the answer, its output, the output of the right class, the label."""
    index = int(digits()["wrong"][1])
    label, prediction, outputs = digit(index)
    return index, label, prediction, fixed(outputs.max(), 2), fixed(outputs[label], 2), label


def hidden_neurons_on():
    """Fewest, most and mean hidden neurons on per digit; the largest share of digits one neuron is on for."""
    d = digits()
    on = d["on_per_digit"]
    return on.min(), on.max(), fixed(on.mean(), 1), percent(d["on_per_neuron"].max())


# 04: the demon of notebook 04 (nudge_explorer(net, x, y, l=3, j=2, dz=1.0) on column 0)

@cache
def demon():
    """Notebook 04's network and its sample x, y (column 0 of its batch)."""
    net = Network([2, 3, 3, 2], seed=0)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((2, 6)), rng.uniform(0, 1, (2, 6))
    return net, X[:, [0]], Y[:, [0]]


def nudge(dz, l=3, j=2):
    """The demon's numbers for a nudge dz of z^l_j."""
    net, x, y = demon()
    return nudge_effect(net, x, y, l, j, dz)


def linear_error(dz):
    """How far δ Δz is from the true ΔJ, relative to ΔJ."""
    effect = nudge(dz)
    return abs(effect["gap"]) / abs(effect["dJ"])


def largest_good_nudge(tolerance=0.1):
    """The largest slider value d (steps of 0.1) with every |Δz| ≤ d within tolerance."""
    good = 0.0
    for k in range(1, 31):
        if max(linear_error(k / 10), linear_error(-k / 10)) >= tolerance:
            break
        good = k / 10
    return good


def flattest_layer():
    """The layer whose |δ| are all smallest, their smallest and largest |δ|, |δ^L_1| and L."""
    net, x, y = demon()
    delta = net.backprop(x, y).delta
    layer = min(delta, key=lambda l: np.abs(delta[l]).max())
    values = np.abs(delta[layer])
    return layer, fixed(values.min(), 4), fixed(values.max(), 4), fixed(abs(delta[net.L][0, 0]), 4), net.L


# 07: saturation, the slowdown, vanishing gradients

@cache
def sigma(z):
    """The numbers of the σ′ explorer at z."""
    return figure_numbers(sigmoid_view, z, SATURATION)


def steepest_z():
    """The z of the z slider's range (−8..8, steps of 0.1) where σ′ is largest."""
    zs = np.round(np.arange(-80, 81) / 10, 1)
    return float(zs[np.argmax(sigmoid_prime(zs))])


@cache
def slowdown(w, b, loss, eta=0.15):
    """The numbers of the slowdown explorer for the start (w, b)."""
    return figure_numbers(slowdown_view, w, b, eta, loss)


@cache
def vanishing(hidden_layers=4, gain=1.0):
    """The numbers of the vanishing-gradients explorer (its view draws these)."""
    return vanishing_gradients(hidden_layers, gain)


def fastest_layer():
    """The layer with the largest gradient norm, and the legend's two ratios."""
    numbers = vanishing()
    norms = numbers["standard"]
    ratios = numbers["ratio"]
    return max(norms, key=norms.get), ratio_text(ratios["standard"]), ratio_text(ratios["scaled"])


def shrinks_towards_the_input():
    """Whether ‖∂J/∂b^l‖ grows at every layer from the first hidden one to the output, for both inits."""
    ok = all(np.all(np.diff([vanishing()[init][l] for l in sorted(vanishing()[init])]) > 0)
             for init in ("standard", "scaled"))
    return "shrinks layer by layer towards the input" if ok else "does not shrink layer by layer"


def depth_ratios(init):
    """The legend's ratio for 1..8 hidden layers (the depth slider's range)."""
    return [vanishing(depth)["ratio"][init] for depth in range(1, 9)]


def scaled_depth_text():
    """The scaled ratios as the page lists them: the first, the middle ones, the last."""
    ratios = [ratio_text(r) for r in depth_ratios("scaled")]
    return ratios[0], ", ".join(ratios[1:-1]), ratios[-1]


def per_layer_growth():
    """The smallest and largest factor by which one more layer multiplies the scaled ratio."""
    ratios = depth_ratios("scaled")
    growth = [b / a for a, b in zip(ratios, ratios[1:])]
    return fixed(min(growth), 1), fixed(max(growth), 1)


# 08: the loss-curve explorer

@cache
def loss_curve_controls():
    """The controls of the loss-curve explorer as notebook 08 builds it."""
    return loss_curve_explorer(eta=3.0, batch_size=10, hidden=10, epochs=100).controls


def eta_grid():
    """Every value the η slider (a FloatLogSlider) can take."""
    slider = loss_curve_controls()["eta"]
    steps = round((slider.max - slider.min) / slider.step)
    return [slider.base ** (slider.min + k * slider.step) for k in range(steps + 1)]


def eta_readouts():
    """The slider's readout of its first two values, of the value next to 3, and of its last."""
    readout = "{:" + loss_curve_controls()["eta"].readout_format + "}"
    grid = eta_grid()
    return tuple(readout.format(eta) for eta in (grid[0], grid[1], on_grid(3.0), grid[-1]))


def eta_factor():
    """The slider's step as a power of 10."""
    slider = loss_curve_controls()["eta"]
    return "¼" if slider.step == 0.25 else f"{slider.step:g}"


def explorer_defaults():
    """The explorer's starting values, as the page names them."""
    c = loss_curve_controls()
    return (f"{c['eta'].value:g}", c["batch_size"].value, c["hidden"].value, c["epochs"].value,
            c["activation"].value, c["loss"].value.replace("_", "-"), c["data"].value)


@cache
def run(eta, **settings):
    """One run of the loss-curve explorer (its view trains with this function)."""
    return train_toy_network(eta=eta, **settings)


def rises(eta, **settings):
    """In how many epochs the training loss went up."""
    return int(np.sum(np.diff(run(eta, **settings)["history"].loss) > 0))


def on_grid(value):
    """The value of the η slider next to `value`."""
    return min(eta_grid(), key=lambda eta: abs(eta - value))


def calm_limit():
    """The largest η of the slider up to which no run's loss ever rises from one epoch to the next."""
    calm = None
    for eta in eta_grid():
        if rises(eta):
            break
        calm = eta
    return f"{calm:.3g}"


def too_small():
    """J after the first and the last epoch at η = 0.001, its relative fall, the accuracy."""
    loss = run(0.001)["history"].loss
    return fixed(loss[0], 4), fixed(loss[-1], 4), percent(1 - loss[-1] / loss[0]), percent(run(0.001)["accuracy"])


def just_right():
    """J after the first and the last epoch at the default η, the accuracy, the validation accuracy."""
    r = run(3.0)
    return fixed(r["history"].loss[0], 4), fixed(r["loss"], 4), percent(r["accuracy"]), percent(r["val_accuracy"])


def oscillating():
    """How often the loss rises at the η values the page names."""
    steps = len(run(3.0)["history"].loss) - 1
    return (steps, calm_limit(), rises(on_grid(1.0)), rises(on_grid(3.16)), rises(on_grid(31.6)),
            percent(run(on_grid(31.6))["accuracy"]))


def diverged_on_the_slider():
    """Whether any η of the slider makes the default run diverge."""
    diverged = [eta for eta in eta_grid() if run(eta)["diverged"]]
    return "no η of the slider diverges" if not diverged else f"η = {diverged[0]:.3g} diverges"


def stuck_at_a_quarter(eta=100.0, **settings):
    """For how many epochs from the first the loss stays at 0.25 (every output 1)."""
    loss = np.array(run(eta, **settings)["history"].loss)
    away = np.abs(loss - 0.25) > 1e-3
    return int(np.argmax(away)) if away.any() else len(loss)


def large_eta():
    """The plateau of the default run at η = 100 and its final accuracy."""
    return stuck_at_a_quarter(), percent(run(100.0)["accuracy"])


def relu_large_eta():
    """The plateau of the ReLU run at η = 100 and its final accuracy."""
    return stuck_at_a_quarter(activation="relu"), percent(run(100.0, activation="relu")["accuracy"])


def unbounded_output_diverges():
    """What notebook 08's ReLU network with a linear output does at η = 100."""
    X, y = make_moons(m=200, noise=0.2, seed=0)
    net = Network([2, 10, 1], activation="relu", output_activation="identity", seed=0)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            net.train(X, y, 100, 10, eta=100.0)
    except TrainingDivergedError:
        return "raises TrainingDivergedError"
    return "trains without diverging"


def lowest_validation_epoch(eta=3.0, **settings):
    """The epoch (from 1) of the lowest validation loss."""
    return int(np.argmin(run(eta, **settings)["history"].val_loss)) + 1


def overfitting():
    """Where the validation loss is lowest, how far it rises, and the training loss at the end."""
    settings = {"hidden": 50, "epochs": 200}
    h = run(10.0, **settings)["history"]
    val, train = np.array(h.val_loss), np.array(h.loss)
    best = int(np.argmin(val))
    assert train.argmin() == len(train) - 1, "the training loss must be lowest at the end"
    return (best + 1, fixed(val[best], 4), fixed(val[-1], 4), len(val), fixed(val[-1] / val[best], 2),
            fixed(train[-1], 4))


# 10: the playground (notebook 10's pg, then the widget's restart and Train presses)

def starting_state():
    """Accuracies and the first and last loss of the playground the widget starts from."""
    pg = starting_playground()
    return (percent(pg.accuracy(), 0), percent(pg.accuracy(validation=True), 0),
            fixed(pg.history.loss[0], 3), fixed(pg.history.loss[-1], 4))


def notebook_playground():
    """The playground of notebook 10 before training (the widget starts from it)."""
    return Playground("circles", hidden=[4, 4], activation="tanh", loss="cross_entropy", eta=0.1,
                      batch_size=10, seed=0)


@cache
def starting_playground():
    """Notebook 10's pg after its 200 epochs."""
    return notebook_playground().step(200)


@cache
def trained_twice(hidden):
    """Accuracies after one and two Train presses (100 epochs each, redrawn every 10) once
    `hidden` is typed in the widget (which restarts the playground with it)."""
    pg = notebook_playground().configure(hidden=hidden)
    first = pg.run(100, every=10).accuracy()
    second = pg.run(100, every=10).accuracy()
    return first, second, pg


def presses(hidden):
    """The accuracies after one and two Train presses, as percentages."""
    first, second, _ = trained_twice(hidden)
    return percent(first), percent(second)


def no_hidden_layer():
    """The accuracy of notebook 10's network without a hidden layer on circles."""
    return percent(Playground("circles", hidden=[], seed=0).step(200).accuracy())


def line_distances():
    """The distances from the centre of the three lines w^2_j · x + b^2_j = 0 of a trained "3"."""
    _, second, pg = trained_twice("3")
    assert second == 1.0
    W, b = pg.net.W[2], pg.net.b[2][:, 0]
    distances = sorted(np.abs(b) / np.linalg.norm(W, axis=1))
    return tuple(fixed(d, 2) for d in distances)


# The claims: (the sentence of the page, the function that computes its values)

CLAIMS = [
    # where each explorer starts
    ("**00 · one neuron** (w = {}, b = {} at the start)", lambda: defaults(neuron_explorer, "w", "b")),
    ("**07 · σ and σ′** (z = {} at the start)", lambda: defaults(sigmoid_explorer, "z")),
    ("**07 · slowdown** (start ({}, {}), η = {}, {} loss)",
     lambda: defaults(slowdown_explorer, "w", "b", "eta", "loss")),
    ("**07 · vanishing gradients** ({} hidden layers, weight gain {})",
     lambda: defaults(vanishing_gradients_explorer, "hidden_layers", "gain")),
    # 00 one neuron
    ("at x = −b/w (x = {} for w = 1, b = 2)",
     lambda: minus(f"{figure_numbers(neuron_view, 1.0, 2.0)['x_half']:g}")),
    ("(σ′ < 0.01, notebook 07's threshold z* = {})", lambda: fixed(saturation_threshold(SATURATION), 2)),
    ("a band of width 2 · {}/|w| around x = −b/w, which is {} wide at w = 1 and {} wide at w = {}, the slider's end",
     lambda: (fixed(saturation_threshold(SATURATION), 2), fixed(rise_band(1), 2), fixed(rise_band(largest_w()), 2),
              f"{largest_w():g}")),
    ("the output is within about {} % of 0 or 1",
     lambda: percent(sigmoid(-saturation_threshold(SATURATION)), 0)),
    # 01 the perceptron
    ("the {} updates are caused by samples {}, and after them {} samples are misclassified",
     lambda: (len(perceptron_frames()), listed(f["sample"] for f in perceptron_frames()),
              listed(f["mistakes"] for f in perceptron_frames()))),
    ("An update can make things worse for the other samples (updates {} and {})", worsening_updates),
    ("{} of the 4 samples are misclassified after every one of {} epochs",
     lambda: (the_only(xor_mistakes()), len(xor_mistakes()))),
    # 02 structure
    ("W^3 is n_3 × n_2 = {} × {}, so {} weights (and {} biases)", last_layer_weights),
    ("{} parameters in all", lambda: structure()["parameters"]),
    ("adds n² + n = {} parameters: {} → {}", lambda: (
        structure(hidden_layers=2)["parameters"] - structure()["parameters"], structure()["parameters"],
        structure(hidden_layers=2)["parameters"])),
    ("With every slider at its end ({}) the network has {}", lambda: (
        structure(8, 4, 8, 8)["sizes"], structure(8, 4, 8, 8)["parameters"])),
    # 03 the digit explorer
    ("After 2 epochs the network gets {} % of the 1,000 test digits right",
     lambda: percent(digits()["accuracy"])),
    ("The first one it gets wrong is sample {}, a {} that it calls {} with a largest output of only {}",
     first_wrong_digit),
    ("sample {}, another {}, is called {} with {} against {} for the {}",
     second_wrong_digit),
    ("the largest output has a median of {}, against {} for the right ones — but {} % of the wrong answers "
     "still have a largest output above 0.5",
     lambda: (fixed(digits()["top_wrong"], 2), fixed(digits()["top_right"], 2),
              percent(digits()["confident_wrong"]))),
    ("between {} and {} of the 30 hidden neurons are on, {} on average, and never all the same ones: no neuron is "
     "on for every digit (the most constant one for {} % of them)", hidden_neurons_on),
    # 04 the demon
    ("δ^3_2 = {}. At Δz = 1 the true ΔJ is {} against δ Δz = {}, {} % off",
     lambda: (fixed(nudge(1.0)["delta"], 4), fixed(nudge(1.0)["dJ"], 4), fixed(nudge(1.0)["linear"], 4),
              percent(linear_error(1.0), 0))),
    ("at Δz = ±0.1 it is {} % off, and within 10 % for |Δz| ≤ {}",
     lambda: (percent(max(linear_error(0.1), linear_error(-0.1)), 0), f"{largest_good_nudge():g}")),
    ("the three of layer {}: |δ^2_j| is between {} and {}, against {} at neuron 1 of layer {}", flattest_layer),
    # 07 σ and σ′
    ("σ′ is largest at z = {}, where σ′(0) = {} and σ(0) = {}",
     lambda: (f"{steepest_z():g}", f"{sigma(0.0)['sigma_prime']:g}", f"{sigma(0.0)['sigma']:g}")),
    ("σ′(5) = {}, below the threshold 0.01, so z = 5 is {}; that is {} times smaller than σ′(0)",
     lambda: (fixed(sigma(5.0)["sigma_prime"], 4), "saturated" if sigma(5.0)["saturated"] else "not saturated",
              f"{sigma(0.0)['sigma_prime'] / sigma(5.0)['sigma_prime']:.0f}")),
    ("passes on only {} of its error", lambda: fixed(sigmoid_prime(5.0), 4)),
    # 07 slowdown
    ("With the default η = 0.15 and the quadratic loss, the (2, 2) start has ∂J/∂w = {} and J = {} → {} at "
     "epoch 150 → {} at epoch 300",
     lambda: (fixed(slowdown(2, 2, "quadratic")["dJdw0"], 4), fixed(slowdown(2, 2, "quadratic")["J0"], 3),
              fixed(slowdown(2, 2, "quadratic")["J_half"], 3), fixed(slowdown(2, 2, "quadratic")["J_end"], 3))),
    ("∂J/∂w = a − y = {}, {} times larger, and J = {} → {} at epoch 150",
     lambda: (fixed(slowdown(2, 2, "cross_entropy")["dJdw0"], 3),
              f"{slowdown(2, 2, 'cross_entropy')['dJdw0'] / slowdown(2, 2, 'quadratic')['dJdw0']:.0f}",
              fixed(slowdown(2, 2, "cross_entropy")["J0"], 3), fixed(slowdown(2, 2, "cross_entropy")["J_half"], 3))),
    ("at z = 4 σ′ = {}", lambda: fixed(sigmoid_prime(4.0), 3)),
    ("(3, 3) with the quadratic loss has ∂J/∂w = {}, and J = {} → {} after 300 epochs",
     lambda: (fixed(slowdown(3, 3, "quadratic")["dJdw0"], 4), fixed(slowdown(3, 3, "quadratic")["J0"], 3),
              fixed(slowdown(3, 3, "quadratic")["J_end"], 3))),
    ("(with the cross-entropy, (3, 3) is at {} by epoch 150)",
     lambda: fixed(slowdown(3, 3, "cross_entropy")["J_half"], 3)),
    ("J = {} from the start (a = {})",
     lambda: (f"{slowdown(-3, -3, 'quadratic')['J0']:.0e}", fixed(slowdown(-3, -3, "quadratic")["a0"], 4))),
    # 07 vanishing gradients
    ("The output layer (l = {} of the default [784, 30, 30, 30, 30, 10]) learns fastest",
     lambda: fastest_layer()[0]),
    ("‖∂J/∂b^l‖ {}", shrinks_towards_the_input),
    ("the legend's ratio last/first is {} for the standard and {} for the scaled weights", lambda: fastest_layer()[1:]),
    ("the ratio is {} with 1 hidden layer, then {} and {} with 8 hidden layers", scaled_depth_text),
    ("between {} and {} times more per added layer", per_layer_growth),
    ("with the standard weights it goes from {} to {}",
     lambda: (ratio_text(depth_ratios("standard")[0]), ratio_text(depth_ratios("standard")[-1]))),
    ("A larger weight gain (4) brings the ratios down to {} and {}",
     lambda: (ratio_text(vanishing(4, 4.0)["ratio"]["standard"]), ratio_text(vanishing(4, 4.0)["ratio"]["scaled"]))),
    # 08 the loss-curve explorer
    ("The η slider moves in steps of a factor 10^{} from {} to {} (its readout shows {}, {}, …, {}, …, {})",
     lambda: (eta_factor(), f"{eta_grid()[0]:.3g}", f"{eta_grid()[-1]:.3g}", *eta_readouts())),
    ("the explorer starts at η = {} (batch {}, {} hidden units, {} epochs, {}, {} loss, {})", explorer_defaults),
    ("at η = 0.001 the loss falls from {} to {} in 100 epochs ({} %), and the accuracy is {} %", too_small),
    ("the default η = 3 takes J from {} to {}, accuracy {} % (validation {} %)", just_right),
    ("the loss rises from one epoch to the next in 0 of the {} steps for every η up to {}, in {} at η = 1, {} at "
     "η = 3.16 and {} at η = 31.6 — every other epoch, a saw-tooth, although that run still ends at {} % accuracy",
     oscillating),
    ("Diverge: {}", diverged_on_the_slider),
    ("J sits at 0.25 (half the labels are 0) for the first {} epochs, then recovers to {} %", large_eta),
    ("with the ReLU activation and η = 100 it stays at 0.25 for all {} epochs (accuracy {} %)", relu_large_eta),
    ("notebook 08's ReLU network with a linear output at η = 100 {}", unbounded_output_diverges),
    ("(there the validation loss is lowest at the last epoch, {})", lowest_validation_epoch),
    ("With 50 hidden units, η = 10 and 200 epochs the validation loss is lowest at epoch {} ({}) and then rises "
     "to {} at epoch {}, {} times as much, while the training loss falls to its lowest, {}, at the end",
     overfitting),
    # 10 the playground
    ("The starting state (circles, \"4, 4\", tanh, cross-entropy, η = 0.1, already trained for 200 epochs) has "
     "{} % training and {} % validation accuracy", lambda: starting_state()[:2]),
    ("the loss down from {} to {}", lambda: starting_state()[2:]),
    ("type \"1\" in hidden layers and press Train (100 epochs): {} %; Train again (200 epochs): {} %",
     lambda: presses("1")),
    ("no better than no hidden layer at all ({} %)", no_hidden_layer),
    ("Two neurons: {} %, then {} %", lambda: presses("2")),
    ("Three: {} % after one Train and {} % after two",
     lambda: (percent(trained_twice("3")[0]), percent(trained_twice("3")[1], 0))),
    ("the three white lines pass at {}, {} and {} from the centre, through the inner ring (radius {})",
     lambda: (*line_distances(), f"{inspect.signature(make_circles).parameters['factor'].default:g}")),
]


@cache
def rendered(template, compute):
    """The claim's sentence with its computed values, whitespace made single spaces."""
    values = compute()
    values = values if isinstance(values, tuple) else (values,)
    return flat(template.format(*values))


@pytest.mark.parametrize("template, compute", CLAIMS, ids=[t[:48] for t, _ in CLAIMS])
def test_the_page_states_what_the_code_computes(template, compute):
    sentence = rendered(template, compute)
    assert sentence in flat(page_text()), f"docs/teaching.md should say: {sentence!r}"


NUMBER = re.compile(r"\d[\d,]*\.\d+|\d+(?:\.\d+)? ?%")


def test_every_number_of_the_answers_is_computed():
    answers = flat(section(page_text(), "## Expected answers"))
    covered = np.zeros(len(answers), dtype=bool)
    for template, compute in CLAIMS:
        sentence = rendered(template, compute)
        for match in re.finditer(re.escape(sentence), answers):
            covered[match.start():match.end()] = True
    unchecked = [m.group() + " in …" + answers[max(0, m.start() - 40):m.end() + 10] + "…"
                 for m in NUMBER.finditer(answers) if not covered[m.start():m.end()].all()]
    assert not unchecked, f"numbers of the answers that no claim computes: {unchecked}"


WIDGET_CALLS = [   # (notebook, the call whose defaults the answers use)
    ("00_welcome", "neuron_explorer(w=1.0, b=0.0)"),
    ("01_perceptron", "perceptron_explorer(X, y, result.steps, t=1)"),
    ("02_structure", "structure_explorer(n_in=3, hidden_layers=1, n_hidden=4, n_out=2)"),
    ("03_forward_pass", "forward_explorer(mnist_net, data.X_test, data.y_test, index=0)"),
    ("04_loss_and_delta", "nudge_explorer(net, x, y, l=3, j=2, dz=1.0)"),
    ("07_sigmoid_saturation", "slowdown_explorer(w=2.0, b=2.0, eta=0.15, loss=\"quadratic\")"),
    ("07_sigmoid_saturation", "sigmoid_explorer(z=2.0, threshold=t)"),
    ("07_sigmoid_saturation", "vanishing_gradients_explorer(hidden_layers=4, gain=1.0)"),
    ("08_training", "loss_curve_explorer(eta=3.0, batch_size=10, hidden=10, epochs=100)"),
    ("10_playground", "playground_widget(pg, epochs=100)"),
]


def notebook_sources(name):
    """The source of every cell of notebooks/<name>.ipynb."""
    cells = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells]


@pytest.mark.parametrize("name, call", WIDGET_CALLS)
def test_the_answers_assume_the_notebooks_widget_calls(name, call):
    assert any(call in source for source in notebook_sources(name)), f"{name} no longer calls {call}"


# The plans

def plan_tables(text):
    """[(heading, session minutes, [(start, end, notebook cell, what cell)])] for every table
    whose first column is 'minutes'."""
    tables, heading = [], None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("#"):
            heading = line
        if line.startswith("| minutes |"):
            length = re.search(r"\((\d+) minutes\)", heading or "")
            assert length, f"the heading above a timetable must state its length: {heading!r}"
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                cells = [c.strip() for c in row.strip("|").split("|")]
                start, end = (int(v) for v in re.fullmatch(r"(\d+)\s*[–-]\s*(\d+)", cells[0]).groups())
                rows.append((start, end, cells[1], cells[2]))
            tables.append((heading, int(length.group(1)), rows))
    return tables


def plans_text():
    """The section of the page that holds the timetables."""
    return section(page_text(), "## Plans for 90-minute sessions")


def test_the_plans_have_timetables():
    headings = [heading for heading, _, _ in plan_tables(plans_text())]
    assert len(headings) == 6, headings
    assert sum("of 4" in h for h in headings) == 4


@pytest.mark.parametrize("heading, length, rows", plan_tables(plans_text()),
                         ids=[t[0].lstrip("# ")[:40] for t in plan_tables(plans_text())])
def test_every_timetable_adds_up(heading, length, rows):
    assert rows[0][0] == 0, f"{heading}: starts at {rows[0][0]}"
    for (_, end, *_), (start, next_end, *_) in zip(rows, rows[1:]):
        assert start == end, f"{heading}: a gap or an overlap at minute {end}"
        assert next_end > start
    assert rows[-1][1] == length, f"{heading}: ends at {rows[-1][1]}, not {length}"
    assert length == 90


def notebook_number(cell):
    """'07' for a notebook cell '07 Sigmoid saturation', None for '—'."""
    match = re.match(r"(\d\d) ", cell)
    return match.group(1) if match else None


def test_every_notebook_is_planned():
    planned = {notebook_number(cell) for _, _, rows in plan_tables(plans_text()) for _, _, cell, _ in rows}
    assert {f"{n:02d}" for n in range(12)} <= planned


@pytest.mark.parametrize("heading, length, rows", plan_tables(plans_text()),
                         ids=[t[0].lstrip("# ")[:40] for t in plan_tables(plans_text())])
def test_every_notebook_taught_gets_a_pairs_slot(heading, length, rows):
    taught = {notebook_number(cell) for _, _, cell, _ in rows} - {None, "00"}
    paired = {notebook_number(cell) for _, _, cell, what in rows if what.startswith("**pairs:**")}
    assert taught <= paired, f"{heading}: no pairs slot for {sorted(taught - paired)}"


@cache
def exercise_names(number):
    """The exercises a learner checks in notebook `number` ('01'), by their check names."""
    path = next(NOTEBOOKS.glob(f"{number}_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return {name for cell in cells if cell["cell_type"] == "code"
            and "solution" not in cell.get("metadata", {}).get("tags", [])
            for name in re.findall(r'check\("([a-z0-9_]+)"', "".join(cell["source"]))}


def test_every_pairs_slot_names_exercises_of_its_notebook():
    for heading, _, rows in plan_tables(plans_text()):
        for start, _, cell, what in rows:
            if what.startswith("**pairs:**"):
                named = set(re.findall(r"`([a-z0-9_]+)`", what))
                assert named, f"{heading}, minute {start}: the pairs slot names no exercise"
                assert named <= exercise_names(notebook_number(cell)), (heading, start, named)


def test_the_four_sessions_do_every_exercise_in_class_or_at_home():
    four = section(page_text(), "### Four sessions: the whole course")
    named = set(re.findall(r"`([a-z0-9_]+)`", four))
    for n in range(11):
        missing = exercise_names(f"{n:02d}") - named
        assert not missing, f"notebook {n:02d}: {sorted(missing)} neither in class nor as homework"
    assert len(exercise_names("11")) >= 3 and exercise_names("11") <= named


def test_the_class_server_guidance_says_the_essentials():
    server = flat(section(page_text(), "## One server for a class"))
    for phrase in ("make lab LAB_PORT=8801", "Never one shared token on 0.0.0.0", "JupyterHub",
                   "The Littlest JupyterHub", "2 cores", "JUPYTER_CONFIG_PATH"):
        assert phrase in server, phrase
    before = flat(section(page_text(), "## Before the session"))
    assert "make lab PROJECTOR=1" in before and "setup_notebook(projector=True)" in before
    reset = flat(section(page_text(), "## Resetting the exercises"))
    assert "make reset" in reset and "workspace.backup-<time>/" in reset
    assert "## Presenting as slides\n" in page_text()
