"""The views behind the explorers: for given values, the numbers and the figure.

Each view is a pure function: it computes through `experiments`, `network`,
`activations` and `perceptron`, draws through `plots`, `diagrams` and `gradient_plots`,
and returns (numbers, figure). A notebook calls a view to show the picture for one
setting; `dnn_core.widgets` calls it again whenever a control moves; a test calls it
without a browser and checks the numbers.
"""

import re

import matplotlib.pyplot as plt
import numpy as np

from .activations import saturation_threshold, sigmoid, sigmoid_prime
from .diagrams import draw_network, plot_forward_activations
from .experiments import (
    INITIALISATION_LAWS,
    network_sizes,
    nudge_curve,
    nudge_effect,
    slowdown_summary,
    train_single_neuron,
    train_toy_network,
    vanishing_gradients,
)
from .gradient_plots import plot_layer_norms, plot_nudge
from .language import say, translated
from .parameters import parameter_counts
from .perceptron import count_mistakes
from .playground import Playground
from .plots import (
    MAX_FIGURE_WIDTH,
    WARNING_COLOUR,
    draw_neuron_response,
    mark_sigmoid,
    neuron_response_axes,
    plot_decision_boundary,
    plot_history,
    plot_neuron_runs,
    plot_perceptron_step,
    plot_sigmoid_saturation,
)
from .validation import check_count, check_number

LOSS_CURVE_NUMBERS = ("diverged", "epochs", "loss", "val_loss", "accuracy", "val_accuracy")


# One neuron and the perceptron

def neuron_view(w=1.0, b=0.0):
    """One sigmoid neuron with one input: a = σ(w x + b) for x in [−6, 6].

    Returns ({'w', 'b', 'x_half'}, figure); x_half = −b/w is the input where a = ½
    (None if w = 0).
    """
    fig, ax = neuron_backdrop()
    numbers, _ = neuron_marks(ax, w, b)
    return numbers, fig


def neuron_backdrop():
    """What `neuron_view` draws whatever w and b are: (figure, its axes), the title empty."""
    fig, ax = plt.subplots(figsize=(4.5, 2.8))
    neuron_response_axes(ax)
    ax.set_title(" ")
    fig.subplots_adjust(left=0.15, right=0.97, bottom=0.21, top=0.875)   # as tight_layout, fixed
    return fig, ax


def neuron_marks(ax, w, b):
    """What `neuron_view` draws for w and b on the axes of `neuron_backdrop`: the curve, the
    half point and the title. Returns ({'w', 'b', 'x_half'}, the artists drawn)."""
    w, b = check_number("w", w), check_number("b", b)
    x_half = None if w == 0 else -b / w
    artists = draw_neuron_response(w, b, x_half, ax)
    ax.set_title(f"w = {w:.1f}, b = {b:.1f}")
    return {"w": w, "b": b, "x_half": x_half}, artists + [ax.title]


def perceptron_frame(X, y, steps, t):
    """Update t (1-based) of a perceptron run: the line w·x + b = 0 after the update.

    steps is `PerceptronResult.steps`; X (shape (2, m)) holds the samples as columns, y
    their labels ±1. Returns ({'t', 'w', 'b', 'sample', 'mistakes'}, figure); mistakes is
    `perceptron.count_mistakes` after update t.
    """
    t = check_count("t", t)
    if t > len(steps):
        raise ValueError(f"t must be between 1 and {len(steps)} (the number of updates); got {t}")
    w, b, i = steps[t - 1]
    mistakes = count_mistakes(w, b, X, y)
    fig, ax = plt.subplots(figsize=(4, 3.6))
    plot_perceptron_step(X, y, steps, t, ax, title=False)
    ax.set_title(f"update {t} of {len(steps)}: sample {i}, w = {np.round(w, 2)}, "
                 f"b = {b:.1f}\n{mistakes} sample(s) misclassified")
    fig.tight_layout()
    return {"t": t, "w": w.copy(), "b": float(b), "sample": int(i), "mistakes": mistakes}, fig


# The structure of a network and its forward pass

def structure_view(n_in=3, hidden_layers=1, n_hidden=4, n_out=2):
    """The diagram of the network `network_sizes(...)` and its parameter count.

    Returns ({'sizes', 'weights', 'biases', 'parameters'}, figure), the counts being
    `parameter_counts(sizes)`.
    """
    sizes = network_sizes(n_in, hidden_layers, n_hidden, n_out)
    counts = parameter_counts(sizes)
    height = 0.52 * max(sizes) + 1.6
    fig, ax = plt.subplots(figsize=(min(MAX_FIGURE_WIDTH, 1.35 * len(sizes) + 1.2), height))
    draw_network(sizes, ax=ax)
    ax.set_title(f"sizes {sizes}: {counts['weights']} weights + {counts['biases']} biases = "
                 f"{counts['parameters']} parameters", pad=18, y=1.0)   # y: no tick search
    # fixed margins (0.55 in for the title) instead of tight_layout: the sliders redraw live
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=1 - 0.55 / height)
    return {"sizes": sizes, **counts}, fig


def forward_view(net, X, index, y=None):
    """The forward pass of sample `index` (a column of X, shape (n_1, m)) through net.

    Returns ({'index', 'prediction', 'label', 'a'}, figure): a is {l: a^l as a 1-D
    array} for l = 1..L, prediction the class the network picks (argmax of a^L), label
    y[index] if labels y are given.
    """
    x = net.check_inputs(X)[:, [index]]
    trace = net.forward_trace(x)
    a = {l: trace.a[l][:, 0] for l in trace.a}
    label = None if y is None else int(y[index])
    prediction = int(net.predict(x)[0])
    fig = plot_forward_activations(a, label=label)
    fig.suptitle(f"sample {index}: the network says {prediction}", y=1.02)
    return {"index": index, "prediction": prediction, "label": label, "a": a}, fig


# The demon's nudge

def nudge_view(net, X, Y, l, j, dz=1.0, span=3.0):
    """The demon's experiment at neuron j (1..n_l) of layer l, as numbers and a figure.

    Left: ΔJ = J(Δz) − J(0) against Δz in [−span, span] (`experiments.nudge_curve`), the
    tangent line δ^l_j Δz, and the demon's dz marked. Right: the network with neuron j of
    layer l in red. Returns ({'delta', 'dJ', 'linear', 'gap'}, figure), the numbers of
    `experiments.nudge_effect`.
    """
    numbers = nudge_effect(net, X, Y, l, j, dz)
    dzs, dJs = nudge_curve(net, X, Y, l, j, span)
    fig, (ax, ax_net) = plt.subplots(1, 2, figsize=(MAX_FIGURE_WIDTH, 3.6),
                                     gridspec_kw={"width_ratios": [1.25, 1]})
    plot_nudge(dzs, dJs, numbers["delta"], dz, numbers["dJ"], ax=ax, label=f"^{{{l}}}_{{{j}}}")
    draw_network(net.sizes, ax=ax_net, highlight_neurons=[(l, j)])
    ax_net.set_title(f"the demon sits at neuron {j} of layer {l}")
    fig.tight_layout()
    return numbers, fig


# Saturation and the learning slowdown

def sigmoid_view(z=2.0, threshold=0.01):
    """σ(z) and σ′(z), the saturated regions (σ′ < threshold) shaded, the point z marked.

    Returns ({'z', 'sigma', 'sigma_prime', 'z_star', 'saturated'}, figure); z_star is
    `activations.saturation_threshold(threshold)`.
    """
    fig, axes = sigmoid_backdrop(threshold)
    numbers, _ = sigmoid_marks(fig, axes, z, threshold)
    return numbers, fig


def sigmoid_backdrop(threshold=0.01):
    """What `sigmoid_view` draws whatever z is: (figure, its two axes), the title empty."""
    fig, axes = plt.subplots(1, 2, figsize=(8, 2.9))
    plot_sigmoid_saturation(saturation_threshold(threshold), threshold, axes)
    fig.suptitle(" ")
    # fixed margins instead of tight_layout: the z slider redraws live, so every ms counts
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.17, top=0.86, wspace=0.3)
    return fig, axes


def sigmoid_marks(fig, axes, z, threshold=0.01):
    """What `sigmoid_view` draws for z on `sigmoid_backdrop(threshold)`: the point on both
    curves and the title. Returns ({'z', 'sigma', 'sigma_prime', 'z_star', 'saturated'},
    the artists drawn)."""
    z = check_number("z", z)
    z_star = saturation_threshold(threshold)
    s, sp = float(sigmoid(z)), float(sigmoid_prime(z))
    saturated = sp < threshold
    colour = WARNING_COLOUR if saturated else "black"
    artists = mark_sigmoid(axes, z, colour)
    state = "saturated" if saturated else "not saturated"
    title = fig.suptitle(f"z = {z:.2f}:  σ(z) = {s:.4f},  σ′(z) = {sp:.4f}  ({state})", color=colour)
    return {"z": z, "sigma": s, "sigma_prime": sp, "z_star": z_star,
            "saturated": bool(saturated)}, artists + [title]


def slowdown_view(w=2.0, b=2.0, eta=0.15, loss="quadratic", epochs=300):
    """One run of `experiments.train_single_neuron` (x = 1, y = 0), drawn by epoch.

    Left the output a, right the cost J. Returns ({'a0', 'J0', 'J_half', 'J_end', 'a_end',
    'dJdw0'}, figure), the numbers of `experiments.slowdown_summary`.
    """
    run = train_single_neuron(w, b, eta, loss, epochs)
    numbers = slowdown_summary(run)
    fig, axes = plt.subplots(1, 2, figsize=(8, 2.9))
    plot_neuron_runs({f"start w = {w:.2f}, b = {b:.2f}": run}, axes)
    fig.suptitle(f"{loss} loss, η = {eta:g}: ∂J/∂w at the start = {numbers['dJdw0']:.4f}; "
                 f"J = {numbers['J0']:.3f} → {numbers['J_half']:.3f} (epoch {epochs // 2}) → "
                 f"{numbers['J_end']:.3f} (epoch {epochs})")
    fig.tight_layout()
    return numbers, fig


def vanishing_gradients_view(hidden_layers=4, gain=1.0, width=30, m=500, seed=0):
    """‖∂J/∂b^l‖ against the layer l for the two initialisations of a deep network.

    The networks and the numbers are those of `experiments.vanishing_gradients`: sigmoid
    networks [784, width, ..., width, 10] with N(0, 1) ('standard') and N(0, 1/n_in)
    ('scaled') weights, both times gain, on m MNIST digits. Returns ({'standard': {l: norm},
    'scaled': {l: norm}, 'ratio': {init: last layer / first hidden layer}}, figure).
    """
    numbers = vanishing_gradients(hidden_layers, gain, width, m, seed)
    fig, ax = plt.subplots(figsize=(5.5, 3.3))
    plot_layer_norms({f"{init} {law} × {gain:g}: last/first = {numbers['ratio'][init]:.3g}":
                      numbers[init] for init, law in INITIALISATION_LAWS.items()}, ax)
    ax.set_title(f"{hidden_layers} hidden sigmoid layers of {width}, {m} digits")
    fig.tight_layout()
    return numbers, fig


# Training

def loss_curve_view(eta=3.0, batch_size=10, hidden=10, epochs=100, activation="sigmoid",
                    loss="quadratic", data="moons", m=200, noise=0.2, seed=0, callback=None):
    """A training run on a toy 2-D set: the loss curves and the decision boundary.

    The run is `experiments.train_toy_network(...)` with the same arguments (callback
    is passed on to `Network.train`). Left: the training and validation loss by epoch;
    right: the decision boundary, or the message of a run that diverged. Returns ({'diverged',
    'epochs', 'loss', 'val_loss', 'accuracy', 'val_accuracy'}, figure): the error message
    or None, and the values of the last epoch.
    """
    run = train_toy_network(eta, batch_size, hidden, epochs, activation, loss, data, m, noise,
                            seed, callback)
    history, net, diverged = run["history"], run["net"], run["diverged"]
    fig, (ax_loss, ax_data) = plt.subplots(1, 2, figsize=(MAX_FIGURE_WIDTH, 3.6))
    if run["epochs"]:
        plot_history(history, ax_loss)
        ax_loss.ticklabel_format(axis="y", useOffset=False)
        ax_loss.set_ylabel(f"{loss} loss J")
        ax_loss.set_title(f"after {run['epochs']} epochs: accuracy {run['accuracy']:.3f} "
                          f"(validation {run['val_accuracy']:.3f})")
    if diverged is None:
        plot_decision_boundary(net.predict, run["X"], run["y"], ax_data,
                               scores=lambda P: net.forward(P)[0], resolution=80)
        ax_data.set_title(f"[2, {hidden}, 1], {activation}, η = {eta:g}, batch {batch_size}")
    else:
        ax_data.text(0.5, 0.5, diverged_panel_text(diverged),
                     ha="center", va="center", color=WARNING_COLOUR, wrap=True,
                     transform=ax_data.transAxes)
        ax_data.axis("off")
    fig.tight_layout()
    return {name: run[name] for name in LOSS_CURVE_NUMBERS}, fig


def diverged_panel_text(message):
    """The text drawn in place of the decision boundary of a run that diverged: the error's
    message in the course's language, one sentence per line."""
    sentences = re.sub(r"(?<=\.) |(?<=。)(?=.)", "\n", translated("diverged", message))
    return say("picture.diverged", message=sentences)


# The playground

def playground_view(epochs=200, **settings):
    """A `Playground(**settings)` trained for `epochs` epochs (none for epochs=0).

    Returns (pg.metrics() plus {'playground': pg}, pg.draw()).
    """
    epochs = check_count("epochs", epochs, minimum=0)
    pg = Playground(**settings)
    if epochs:
        pg.step(epochs)
    return {**pg.metrics(), "playground": pg}, pg.draw()
