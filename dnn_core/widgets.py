"""Interactive explorers. Each explorer is a pure function that computes and draws for
given values (testable without a browser: it returns the numbers and the figure) plus a
thin ipywidgets wiring function that calls it when a control moves.

Sliders that trigger training use continuous_update=False; draw-only sliders redraw live.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import clear_output, display

from .activations import sigmoid, sigmoid_prime
from .datasets import TOY_DATASETS, mnist_sample, toy_dataset
from .network import Network, TrainingDivergedError
from .playground import (
    HIDDEN_ACTIVATIONS,
    MULTICLASS_DATASETS,
    PLAYGROUND_LOSSES,
    Playground,
    default_noise,
)
from .plots import (
    draw_network,
    plot_decision_boundary,
    plot_forward_activations,
    plot_history,
    plot_layer_norms,
    plot_neuron_runs,
    plot_nudge,
    plot_perceptron_step,
    plot_sigmoid_saturation,
)


def show_interactive(draw, controls):
    """Wire `draw(**values)` to the ipywidgets `controls` ({name: widget}). draw returns a
    figure or a pair (numbers, figure); the figure is shown below the controls and closed,
    so redraws do not pile up figures. Returns the VBox to display."""

    def redraw(**values):
        result = draw(**values)
        fig = result[-1] if isinstance(result, tuple) else result
        display(fig)
        plt.close(fig)

    row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
    return widgets.VBox([row, widgets.interactive_output(redraw, controls)])


# ===== explorers of notebooks 00–03: perceptron, structure, forward pass =========================

def neuron_view(w=1.0, b=0.0):
    """One sigmoid neuron with one input: a = σ(w x + b) for x in [−6, 6].

    Returns ({'w', 'b', 'x_half'}, figure); x_half = −b/w is where a = ½ (None if w = 0).
    """

    x = np.linspace(-6, 6, 301)
    x_half = None if w == 0 else -b / w
    fig, ax = plt.subplots(figsize=(4.5, 2.8))
    ax.plot(x, sigmoid(w * x + b), lw=2)
    if x_half is not None and -6 <= x_half <= 6:
        ax.axvline(x_half, color="0.6", ls="--", lw=1)
        ax.plot([x_half], [0.5], "o", color="black", ms=4)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("input x")
    ax.set_ylabel("a = σ(w x + b)")
    ax.set_title(f"w = {w:.1f}, b = {b:.1f}", fontsize=10)
    fig.tight_layout()
    return {"w": w, "b": b, "x_half": x_half}, fig


def neuron_explorer(w=1.0, b=0.0):
    """Sliders for w and b of `neuron_view` (draw only: redraws live)."""
    controls = {
        "w": widgets.FloatSlider(value=w, min=-5, max=5, step=0.5, description="w"),
        "b": widgets.FloatSlider(value=b, min=-5, max=5, step=0.5, description="b"),
    }
    return show_interactive(neuron_view, controls)


def perceptron_frame(X, y, steps, t):
    """Update t (1-based) of a perceptron run: the line w·x + b = 0 after the update.

    steps: `PerceptronResult.steps`; X: (2, m) samples as columns; y: labels ±1.
    Returns ({'t', 'w', 'b', 'sample', 'mistakes'}, figure); mistakes is how many samples
    the perceptron misclassifies after update t (y z ≤ 0 counts as a mistake, as in the rule).
    """

    w, b, i = steps[t - 1]
    mistakes = int(np.sum(np.asarray(y) * (w @ np.asarray(X) + b) <= 0))
    fig, ax = plt.subplots(figsize=(4, 3.6))
    plot_perceptron_step(X, y, steps, t, ax, title=False)
    ax.set_title(f"update {t} of {len(steps)}: sample {i}, w = {np.round(w, 2)}, "
                 f"b = {b:.1f}\n{mistakes} sample(s) misclassified", fontsize=9)
    fig.tight_layout()
    return {"t": t, "w": w.copy(), "b": float(b), "sample": int(i), "mistakes": mistakes}, fig


def perceptron_explorer(X, y, steps, t=1):
    """An IntSlider over the update number of a perceptron run (see `perceptron_frame`)."""
    def draw(t):
        return perceptron_frame(X, y, steps, t)
    slider = widgets.IntSlider(value=t, min=1, max=len(steps), step=1, description="update")
    return show_interactive(draw, {"t": slider})


def network_sizes(n_in=3, hidden_layers=1, n_hidden=4, n_out=2):
    """[n_1, n_2, ..., n_L]: n_in inputs, `hidden_layers` hidden layers of n_hidden neurons
    each, and n_out outputs."""
    return [n_in] + [n_hidden] * hidden_layers + [n_out]


def structure_view(n_in=3, hidden_layers=1, n_hidden=4, n_out=2):
    """The diagram of the network `network_sizes(...)` and its parameter count.

    Returns ({'sizes', 'weights', 'biases', 'parameters'}, figure): weights = Σ n_l n_{l−1},
    biases = Σ n_l over l = 2..L, parameters = their sum.
    """
    sizes = network_sizes(n_in, hidden_layers, n_hidden, n_out)
    weights = sum(sizes[l] * sizes[l - 1] for l in range(1, len(sizes)))
    biases = sum(sizes[1:])
    fig, ax = plt.subplots(figsize=(1.5 * len(sizes) + 1.2, 0.5 * max(sizes) + 1.6))
    draw_network(sizes, ax=ax)
    ax.set_title(f"sizes {sizes}: {weights} weights + {biases} biases = "
                 f"{weights + biases} parameters", fontsize=10, pad=18)
    fig.tight_layout()
    return {"sizes": sizes, "weights": weights, "biases": biases,
            "parameters": weights + biases}, fig


def structure_explorer(n_in=3, hidden_layers=1, n_hidden=4, n_out=2):
    """Sliders for the layer sizes of `structure_view` (draw only: redraws live)."""
    controls = {
        "n_in": widgets.IntSlider(value=n_in, min=1, max=8, description="inputs"),
        "hidden_layers": widgets.IntSlider(value=hidden_layers, min=0, max=4,
                                           description="hidden layers"),
        "n_hidden": widgets.IntSlider(value=n_hidden, min=1, max=8, description="per hidden"),
        "n_out": widgets.IntSlider(value=n_out, min=1, max=8, description="outputs"),
    }
    return show_interactive(structure_view, controls)


def forward_view(net, X, index, y=None):
    """The forward pass of sample `index` (column of X) through `net`: every a^l.

    Returns ({'index', 'prediction', 'label', 'a'}, figure); a is {l: a^l as a 1-D array}
    for l = 1..L, prediction the class the network picks (argmax of a^L), label y[index]
    if labels y are given.
    """
    x = net.check_inputs(X)[:, [index]]
    trace = net.forward_trace(x)
    a = {l: trace.a[l][:, 0] for l in trace.a}
    label = None if y is None else int(y[index])
    prediction = int(net.predict(x)[0])
    fig = plot_forward_activations(a, label=label)
    fig.suptitle(f"sample {index}: the network says {prediction}", fontsize=10, y=1.02)
    return {"index": index, "prediction": prediction, "label": label, "a": a}, fig


def forward_explorer(net, X, y=None, index=0):
    """An IntSlider over the samples (columns of X) of `forward_view`."""
    def draw(index):
        return forward_view(net, X, index, y)
    slider = widgets.IntSlider(value=index, min=0, max=X.shape[1] - 1, description="sample")
    return show_interactive(draw, {"index": slider})


# ===== explorers of notebooks 04–06: loss and δ, backpropagation, gradient checking ==============

def loss_from_layer(net, l, Z, Y):
    """J when the forward pass is restarted at layer l from the weighted inputs Z = z^l
    (shape (n_l, m)): a^l = σ(Z), then a^k = σ(W^k a^{k−1} + b^k) for k = l+1..L, and
    J = loss(a^L, Y). With Z = the z^l of the forward pass this is just J."""
    if l not in net.layers:
        raise ValueError(f"l must be a layer with a weighted input, 2..{net.L}; got {l!r}")
    Z = np.asarray(Z, dtype=net.dtype)
    if Z.ndim != 2 or Z.shape[0] != net.n(l):
        raise ValueError(f"Z must have shape (n_l, m) = ({net.n(l)}, m); got {Z.shape}")
    A = net.sigma(l)(Z)
    for k in range(l + 1, net.L + 1):
        A = net.sigma(k)(net.W[k] @ A + net.b[k])
    return float(net.loss(A, net.check_targets(Y, Z.shape[1])))


def loss_after_nudge(net, X, Y, l, j, dz):
    """The demon of notebook 04: J after adding dz to the weighted input z^l_j of neuron j
    (1-based, as in the math: j = 1..n_l) of layer l, the rest of the forward pass being
    rerun from layer l. For a batch the demon nudges z^l_j of every sample (column).

    J(dz) − J(0) ≈ δ^l_j dz for small dz (for a batch: the mean of δ^l_j over the columns).
    """
    X = net.check_inputs(X)
    if l not in net.layers:
        raise ValueError(f"l must be one of the layers 2..{net.L}; got {l!r}")
    if not 1 <= j <= net.n(l):
        raise ValueError(f"layer {l} has neurons j = 1..{net.n(l)}; got j = {j!r}")
    Z = net.forward_trace(X).z[l].copy()
    Z[j - 1, :] += dz
    return loss_from_layer(net, l, Z, Y)


def nudge_view(net, X, Y, l, j, dz=1.0, span=3.0):
    """The demon's experiment as numbers and a figure.

    Left: ΔJ = J(Δz) − J(0) against Δz in [−span, span] (the curve), the tangent line
    δ^l_j Δz, and the demon's Δz marked. Right: the network with neuron j of layer l in red.
    Returns ({'delta', 'dJ', 'linear', 'gap'}, figure): delta is δ^l_j from backprop (the
    batch mean for several samples), dJ the true change for dz, linear = delta·dz its
    first-order prediction, gap = dJ − linear (second order in dz).
    """

    X = net.check_inputs(X)
    J0 = loss_after_nudge(net, X, Y, l, j, 0.0)
    delta = float(np.mean(net.backprop(X, Y).delta[l][j - 1]))
    dzs = np.linspace(-span, span, 121)
    dJs = np.array([loss_after_nudge(net, X, Y, l, j, d) - J0 for d in dzs])
    dJ = loss_after_nudge(net, X, Y, l, j, dz) - J0
    fig, (ax, ax_net) = plt.subplots(1, 2, figsize=(8.5, 3.3),
                                     gridspec_kw={"width_ratios": [1.25, 1]})
    plot_nudge(dzs, dJs, delta, dz, dJ, ax=ax, label=f"^{{{l}}}_{{{j}}}")
    draw_network(net.sizes, ax=ax_net, highlight_neurons=[(l, j)])
    ax_net.set_title(f"the demon sits at neuron {j} of layer {l}", fontsize=10)
    fig.tight_layout()
    numbers = {"delta": delta, "dJ": float(dJ), "linear": delta * dz,
               "gap": float(dJ - delta * dz)}
    return numbers, fig


def nudge_explorer(net, X, Y, l=None, j=1, dz=1.0, span=3.0):
    """Sliders for the demon of `nudge_view`: the layer l (2..L), the neuron j (1..n_l; its
    range follows the layer) and Δz. Draw only: redraws live."""
    l = net.L if l is None else l
    layer = widgets.IntSlider(value=l, min=2, max=net.L, description="layer l")
    neuron = widgets.IntSlider(value=j, min=1, max=net.n(l), description="neuron j")
    nudge = widgets.FloatSlider(value=dz, min=-span, max=span, step=0.1, description="Δz")

    def follow_layer(change):
        neuron.max = net.n(change["new"])

    layer.observe(follow_layer, names="value")

    def draw(l, j, dz):
        return nudge_view(net, X, Y, l, min(j, net.n(l)), dz, span)

    return show_interactive(draw, {"l": layer, "j": neuron, "dz": nudge})


# ===== explorers of notebooks 07–08: saturation, training ========================================

def saturation_threshold(threshold=0.01):
    """z* > 0 with σ′(z*) = threshold, for 0 < threshold < 1/4: σ′(z) < threshold exactly
    when |z| > z* (the neuron is saturated). From σ′ = σ(1 − σ) and σ(z) = (1 + tanh(z/2))/2:
    σ′(z) = (1 − tanh²(z/2))/4, so z* = 2 artanh(√(1 − 4·threshold))."""
    if not 0 < threshold < 0.25:
        raise ValueError(f"threshold must be between 0 and 1/4 (the largest σ′, at z = 0); "
                         f"got {threshold!r}")
    return float(2.0 * np.arctanh(np.sqrt(1.0 - 4.0 * threshold)))


def sigmoid_view(z=2.0, threshold=0.01):
    """σ(z) and σ′(z) with the saturated regions (σ′ < threshold) shaded and the point z
    marked on both curves. Returns ({'z', 'sigma', 'sigma_prime', 'z_star', 'saturated'},
    figure)."""
    z_star = saturation_threshold(threshold)
    s, sp = float(sigmoid(z)), float(sigmoid_prime(z))
    saturated = sp < threshold
    fig, axes = plt.subplots(1, 2, figsize=(8, 2.9))
    plot_sigmoid_saturation(z_star, threshold, axes)
    colour = "#d62728" if saturated else "black"
    for ax, value in zip(axes, (s, sp)):
        ax.plot([z], [value], "o", color=colour, ms=7, zorder=5)
        ax.axvline(z, color=colour, lw=0.8, ls="--")
    state = "saturated" if saturated else "not saturated"
    fig.suptitle(f"z = {z:.2f}:  σ(z) = {s:.4f},  σ′(z) = {sp:.4f}  ({state})",
                 fontsize=10, color=colour)
    # fixed margins instead of tight_layout: the z slider redraws live, so every ms counts
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.17, top=0.86, wspace=0.3)
    return {"z": float(z), "sigma": s, "sigma_prime": sp, "z_star": z_star,
            "saturated": bool(saturated)}, fig


def sigmoid_explorer(z=2.0, threshold=0.01):
    """A z slider (and a threshold slider) for `sigmoid_view`; draw only, redraws live."""
    controls = {
        "z": widgets.FloatSlider(value=z, min=-8, max=8, step=0.1, description="z",
                                 continuous_update=True),
        "threshold": widgets.FloatLogSlider(value=threshold, base=10, min=-4, max=-0.7,
                                            step=0.1, description="threshold",
                                            readout_format=".4f", continuous_update=True),
    }
    return show_interactive(sigmoid_view, controls)


def train_single_neuron(w, b, eta, loss="quadratic", epochs=300, x=1.0, y=0.0):
    """Nielsen's learning-slowdown experiment: one sigmoid neuron (Network([1, 1]), so
    W[2] = [[w]] and b[2] = [[b]]) trained on the single sample (x, y) by gradient descent
    with step eta. Returns {'epoch': 0..epochs, 'a': the output, 'loss': J (both at the
    start and after every epoch), 'dJdw0': ∂J/∂w at the start, 'net': the trained network}."""

    net = Network([1, 1], loss=loss, seed=0)
    net.W[2], net.b[2] = [[w]], [[b]]
    X, Y = np.array([[x]]), np.array([[y]])
    dJdw0 = float(net.backprop(X, Y).dW[2][0, 0])
    a, J = [float(net.forward(X)[0, 0])], [net.J(X, Y)]

    def record(epoch, history):
        a.append(float(net.forward(X)[0, 0]))
        J.append(history.loss[-1])

    net.train(X, Y, epochs, 1, eta, shuffle=False, callback=record)
    return {"epoch": np.arange(epochs + 1), "a": np.array(a), "loss": np.array(J),
            "dJdw0": dJdw0, "net": net}


def slowdown_view(w=2.0, b=2.0, eta=0.15, loss="quadratic", epochs=300):
    """One run of `train_single_neuron` (x = 1, y = 0) drawn as the output a and the cost J
    against the epoch. Returns ({'a0', 'J0', 'J_half', 'J_end', 'a_end', 'dJdw0'}, figure):
    J_half is J after epochs // 2 epochs, dJdw0 = ∂J/∂w at the start (BP1 and BP4 with x = 1:
    (a − y)σ′(z) for the quadratic loss, a − y for the cross-entropy)."""
    run = train_single_neuron(w, b, eta, loss, epochs)
    half = epochs // 2
    numbers = {"a0": float(run["a"][0]), "J0": float(run["loss"][0]),
               "J_half": float(run["loss"][half]), "J_end": float(run["loss"][-1]),
               "a_end": float(run["a"][-1]), "dJdw0": run["dJdw0"]}
    fig, axes = plt.subplots(1, 2, figsize=(8, 2.9))
    plot_neuron_runs({f"start w = {w:.2f}, b = {b:.2f}": run}, axes)
    fig.suptitle(f"{loss} loss, η = {eta:g}: ∂J/∂w at the start = {run['dJdw0']:.4f}; "
                 f"J = {numbers['J0']:.3f} → {numbers['J_half']:.3f} (epoch {half}) → "
                 f"{numbers['J_end']:.3f} (epoch {epochs})", fontsize=9)
    fig.tight_layout()
    return numbers, fig


def slowdown_explorer(w=2.0, b=2.0, eta=0.15, loss="quadratic", epochs=300):
    """Sliders for the start (w, b), the step η and the loss of `slowdown_view`. Moving one
    retrains (continuous_update=False: only when the slider is released)."""
    controls = {
        "w": widgets.FloatSlider(value=w, min=-4, max=4, step=0.1, description="start w",
                                 continuous_update=False),
        "b": widgets.FloatSlider(value=b, min=-4, max=4, step=0.1, description="start b",
                                 continuous_update=False),
        "eta": widgets.FloatLogSlider(value=eta, base=10, min=-3, max=1, step=0.1,
                                      description="η", readout_format=".3f",
                                      continuous_update=False),
        "loss": widgets.Dropdown(options=["quadratic", "cross_entropy"], value=loss,
                                 description="loss"),
    }
    return show_interactive(lambda **v: slowdown_view(**v, epochs=epochs), controls)


def layer_gradient_norms(net, X, Y):
    """{l: ‖∂J/∂b^l‖} for l = 2..L on the batch (X, Y): by BP3 ∂J/∂b^l is δ^l averaged over
    the batch, so this measures how fast the biases of layer l learn."""
    g = net.backprop(X, Y)
    return {l: float(np.linalg.norm(g.db[l])) for l in net.layers}


def deep_network(hidden_layers=4, width=30, init="standard", gain=1.0, seed=0):
    """A sigmoid Network([784, width × hidden_layers, 10]) whose initial weights (drawn by
    `init`) are multiplied by `gain` (gain 1: the plain initialisation)."""
    net = Network([784] + [width] * hidden_layers + [10], init=init, seed=seed)
    for l in net.layers:
        net.W[l] = gain * net.W[l]
    return net


def vanishing_gradients_view(hidden_layers=4, gain=1.0, width=30, m=500, seed=0):
    """‖∂J/∂b^l‖ against the layer l for sigmoid networks [784, width, ..., width, 10] with
    N(0, 1) ('standard') and N(0, 1/n_in) ('scaled') weights, both times `gain`, on the
    first m training digits of `mnist_sample()`. Returns ({init: {l: norm}} plus
    {'ratio': {init: last layer / first hidden layer}}, figure)."""
    data = mnist_sample()
    X, Y = data.X_train[:, :m], data.Y_train[:, :m]
    norms = {init: layer_gradient_norms(deep_network(hidden_layers, width, init, gain, seed), X, Y)
             for init in ("standard", "scaled")}
    L = hidden_layers + 2
    ratio = {init: values[L] / values[2] for init, values in norms.items()}
    fig, ax = plt.subplots(figsize=(5.5, 3.3))
    law = {"standard": "N(0, 1)", "scaled": "N(0, 1/n_in)"}
    plot_layer_norms({f"{init} {law[init]} × {gain:g}: last/first = {ratio[init]:.3g}": values
                      for init, values in norms.items()}, ax)
    ax.set_title(f"{hidden_layers} hidden sigmoid layers of {width}, {m} digits", fontsize=10)
    fig.tight_layout()
    return {**norms, "ratio": ratio}, fig


def vanishing_gradients_explorer(hidden_layers=4, gain=1.0):
    """Sliders for the depth (number of hidden layers) and a gain on the initial weights of
    `vanishing_gradients_view`. Each redraw backpropagates 500 digits through two networks,
    so the sliders redraw when released (continuous_update=False)."""
    controls = {
        "hidden_layers": widgets.IntSlider(value=hidden_layers, min=1, max=8,
                                           description="hidden layers", continuous_update=False),
        "gain": widgets.FloatLogSlider(value=gain, base=2, min=-3, max=3, step=0.25,
                                       description="weight gain", readout_format=".2f",
                                       continuous_update=False),
    }
    return show_interactive(vanishing_gradients_view, controls)


class TrainingProgress:
    """Progress of a training run as it goes: pass it as `callback` to `Network.train` or
    `Network.train_batch` (it is called as callback(epoch, history) after every epoch).

        progress = TrainingProgress(epochs=30, live_plot=True)
        history = net.train(X, Y, 30, 10, 3.0, validation=(X_val, y_val), callback=progress)

    Shows an ipywidgets progress bar with the epoch and the latest loss (and validation
    accuracy when there is one); with live_plot=True also the loss curve, redrawn about
    `redraws` times in the run. show=False builds the widget without displaying it
    (display `progress.widget` yourself)."""

    def __init__(self, epochs, description="training", live_plot=False, redraws=20,
                 metric="loss", show=True):
        self.epochs, self.metric = int(epochs), metric
        self.bar = widgets.IntProgress(value=0, min=0, max=self.epochs, description=description,
                                       bar_style="info")
        self.label = widgets.Label(value=f"epoch 0 of {self.epochs}")
        self.plot = widgets.Output() if live_plot else None
        self.every = max(1, -(-self.epochs // max(1, redraws)))   # ceil(epochs / redraws)
        rows = [widgets.HBox([self.bar, self.label])]
        if self.plot is not None:
            rows.append(self.plot)
        self.widget = widgets.VBox(rows)
        if show:
            display(self.widget)

    def text(self, epoch, history):
        """The line shown next to the bar, e.g. 'epoch 3 of 30: loss 0.1234'."""
        line = f"epoch {epoch} of {self.epochs}: loss {history.loss[-1]:.4f}"
        if history.val_accuracy:
            line += f", validation accuracy {history.val_accuracy[-1]:.4f}"
        return line

    def __call__(self, epoch, history):
        self.bar.value = min(epoch, self.epochs)
        self.label.value = self.text(epoch, history)
        if epoch >= self.epochs:
            self.bar.bar_style = "success"
        if self.plot is not None and (epoch % self.every == 0 or epoch >= self.epochs):

            with self.plot:
                clear_output(wait=True)
                fig, ax = plt.subplots(figsize=(4.5, 2.6))
                plot_history(history, ax, metric=self.metric)
                ax.set_xlim(0, max(self.epochs, 1) + 1)
                fig.tight_layout()
                display(fig)
                plt.close(fig)


def loss_curve_view(eta=3.0, batch_size=10, hidden=10, epochs=100, activation="sigmoid",
                    loss="quadratic", data="moons", m=200, noise=0.2, seed=0, callback=None):
    """Train Network([2, hidden, 1]) (hidden activation `activation`, sigmoid output, `loss`)
    on a toy 2-D set with mini-batch gradient descent and show the training and validation
    loss curves and the decision boundary. The validation set is drawn from the same
    distribution with seed + 1. A diverging run (TrainingDivergedError) is reported, not
    raised. callback(epoch, history) is passed on to `Network.train` (e.g. TrainingProgress).

    Returns ({'loss', 'val_loss', 'accuracy', 'val_accuracy', 'epochs', 'diverged'}, figure);
    'diverged' is the error message or None, the other values are those of the last epoch.
    """

    X, y = toy_dataset(data, m=m, noise=noise, seed=seed)
    X_val, y_val = toy_dataset(data, m=m, noise=noise, seed=seed + 1)
    net = Network([2, hidden, 1], activation=activation, output_activation="sigmoid",
                  loss=loss, seed=seed)
    diverged = None
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            history = net.train(X, y, epochs, batch_size, eta, validation=(X_val, y_val),
                                callback=callback)
    except TrainingDivergedError as error:
        diverged, history = str(error), error.history
    fig, (ax_loss, ax_data) = plt.subplots(1, 2, figsize=(9, 3.4))
    numbers = {"diverged": diverged, "epochs": 0, "loss": None, "val_loss": None,
               "accuracy": None, "val_accuracy": None}
    if history is not None and history.loss:
        plot_history(history, ax_loss)
        ax_loss.ticklabel_format(axis="y", useOffset=False)
        ax_loss.set_ylabel(f"{loss} loss J")
        numbers.update(epochs=history.epochs, loss=history.loss[-1],
                       val_loss=history.val_loss[-1], accuracy=history.accuracy[-1],
                       val_accuracy=history.val_accuracy[-1])
        ax_loss.set_title(f"after {history.epochs} epochs: accuracy {history.accuracy[-1]:.3f} "
                          f"(validation {history.val_accuracy[-1]:.3f})", fontsize=9)
    if diverged is None:
        plot_decision_boundary(net.predict, X, y, ax_data,
                               scores=lambda P: net.forward(P)[0], resolution=80)
        ax_data.set_title(f"[2, {hidden}, 1], {activation}, η = {eta:g}, batch {batch_size}",
                          fontsize=9)
    else:
        ax_data.text(0.5, 0.5, "training diverged:\n" + diverged.replace(". ", ".\n"),
                     ha="center", va="center", fontsize=8, color="#d62728", wrap=True,
                     transform=ax_data.transAxes)
        ax_data.axis("off")
    fig.tight_layout()
    return numbers, fig


def loss_curve_explorer(eta=3.0, batch_size=10, hidden=10, epochs=100, activation="sigmoid",
                        loss="quadratic", data="moons"):
    """Controls for `loss_curve_view` and a Train button: set the values, press Train, watch
    the progress bar, then see the loss curves and the decision boundary."""
    controls = {
        "eta": widgets.FloatLogSlider(value=eta, base=10, min=-3, max=2, step=0.25,
                                      description="η", readout_format=".3g",
                                      continuous_update=False),
        "batch_size": widgets.SelectionSlider(options=[1, 2, 5, 10, 20, 50, 100, 200],
                                              value=batch_size, description="batch size",
                                              continuous_update=False),
        "hidden": widgets.IntSlider(value=hidden, min=1, max=50, description="hidden units",
                                    continuous_update=False),
        "epochs": widgets.IntSlider(value=epochs, min=10, max=500, step=10,
                                    description="epochs", continuous_update=False),
        "activation": widgets.Dropdown(options=["sigmoid", "tanh", "relu"], value=activation,
                                       description="activation"),
        "loss": widgets.Dropdown(options=["quadratic", "cross_entropy"], value=loss,
                                 description="loss"),
        "data": widgets.Dropdown(options=["moons", "circles", "xor", "spirals"], value=data,
                                 description="data"),
    }
    button = widgets.Button(description="Train", button_style="primary", icon="play")
    out = widgets.Output()

    def train(_=None):
        values = {name: control.value for name, control in controls.items()}
        button.disabled = True
        try:
            with out:
                clear_output(wait=True)
                progress = TrainingProgress(values["epochs"])
                _, fig = loss_curve_view(**values, callback=progress)
                display(fig)
                plt.close(fig)
        finally:
            button.disabled = False

    button.on_click(train)
    row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
    train()
    return widgets.VBox([row, button, out])


# ===== explorers of notebooks 09–10: MNIST, playground ===========================================

def playground_view(epochs=200, **settings):
    """The pure compute-and-draw function of the playground: a `Playground(**settings)`
    trained for `epochs` epochs. Returns (pg.metrics() plus {'playground': pg}, pg.draw())."""
    pg = Playground(**settings)
    if epochs:
        pg.step(epochs)
    return {**pg.metrics(), "playground": pg}, pg.draw()


def playground_widget(playground=None, epochs=100, every=10, **settings):
    """A TensorFlow-Playground-style explorer around a `dnn_core.playground.Playground`
    (a new one from `settings` unless `playground` is given, e.g. one already trained).

    Controls: data set, noise, hidden layers (text "4, 4"), activation, loss, η, batch size,
    seed; buttons Train (`epochs` epochs, redrawing every `every` epochs so the picture
    moves), Step (one epoch) and Reset (the initial weights again, empty history). Changing the
    data set, noise, layers, activation, loss or seed starts again (like Reset); η and the
    batch size apply from the next step on.

    Returns the VBox; its attributes `playground`, `controls`, `buttons` ('train', 'step',
    'reset'), `status` and `output` let a test drive it without a browser
    (`box.buttons["step"].click()`).
    """

    pg = playground if playground is not None else Playground(**settings)
    style = {"description_width": "initial"}
    narrow = widgets.Layout(width="210px")
    noise = pg.noise if pg.noise is not None else default_noise(pg.dataset)
    controls = {
        "dataset": widgets.Dropdown(options=TOY_DATASETS, value=pg.dataset,
                                    description="data", layout=narrow),
        "noise": widgets.FloatSlider(value=noise, min=0.0, max=1.0, step=0.01,
                                     description="noise", continuous_update=False, style=style),
        "hidden": widgets.Text(value=", ".join(str(n) for n in pg.hidden),
                               description="hidden layers", placeholder="e.g. 4, 4",
                               continuous_update=False, style=style, layout=narrow),
        "activation": widgets.Dropdown(options=HIDDEN_ACTIVATIONS, value=pg.activation,
                                       description="activation", layout=narrow),
        "loss": widgets.Dropdown(options=PLAYGROUND_LOSSES, value=pg.loss,
                                 description="loss", layout=narrow),
        "eta": widgets.FloatLogSlider(value=pg.eta, base=10, min=-3, max=1, step=0.1,
                                      description="η", readout_format=".3g",
                                      continuous_update=False),
        "batch_size": widgets.SelectionSlider(options=sorted({1, 5, 10, 20, 50, pg.m,
                                                              pg.batch_size}),
                                              value=pg.batch_size, description="batch size",
                                              continuous_update=False, style=style),
        "seed": widgets.BoundedIntText(value=pg.seed, min=0, max=99999, description="seed",
                                       layout=widgets.Layout(width="150px")),
    }
    train_epochs = widgets.BoundedIntText(value=epochs, min=1, max=5000,
                                          description="epochs", layout=widgets.Layout(width="150px"))
    buttons = {
        "train": widgets.Button(description="Train", button_style="primary", icon="play"),
        "step": widgets.Button(description="Step (1 epoch)", icon="step-forward"),
        "reset": widgets.Button(description="Reset", button_style="warning", icon="refresh"),
    }
    status = widgets.HTML()
    out = widgets.Output()
    restarting = {"busy": False}

    def redraw(message=None):
        fig = pg.draw()
        with out:
            clear_output(wait=True)
            display(fig)
        plt.close(fig)
        status.value = message or pg.summary()

    def report(error):
        status.value = f"<span style='color:#d62728'>{error}</span>"

    def guarded(action):
        """Run a training action with the buttons disabled; report a diverged run."""
        for button in buttons.values():
            button.disabled = True
        try:
            action()
        except TrainingDivergedError as error:
            redraw()
            report(f"{error} Press Reset.")
        finally:
            for button in buttons.values():
                button.disabled = False

    def on_train(_=None):
        guarded(lambda: pg.run(train_epochs.value, every, on_progress=lambda _: redraw()))

    def on_step(_=None):
        guarded(lambda: (pg.step(1), redraw()))

    def on_reset(_=None):
        pg.reset()
        redraw()

    def on_setting(change):
        if restarting["busy"]:
            return
        name = change["owner"].description
        try:
            if change["owner"] is controls["dataset"]:
                restarting["busy"] = True      # the new data set's default noise, one restart
                controls["noise"].value = default_noise(change["new"])
                restarting["busy"] = False
            values = {key: control.value for key, control in controls.items()
                      if key not in ("eta", "batch_size")}
            if values["dataset"] not in MULTICLASS_DATASETS:
                values["n_classes"] = 2             # xor, moons, circles have two classes
            pg.configure(**values)
        except (TypeError, ValueError) as error:
            restarting["busy"] = True           # show the last valid layers again
            controls["hidden"].value = ", ".join(str(n) for n in pg.hidden)
            restarting["busy"] = False
            report(f"{name}: {error}")
            return
        redraw()

    def on_rate(change):
        pg.eta, pg.batch_size = controls["eta"].value, controls["batch_size"].value
        redraw()

    buttons["train"].on_click(on_train)
    buttons["step"].on_click(on_step)
    buttons["reset"].on_click(on_reset)
    for key, control in controls.items():
        control.observe(on_rate if key in ("eta", "batch_size") else on_setting, names="value")
    row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
    actions = widgets.HBox([*buttons.values(), train_epochs])
    box = widgets.VBox([row, actions, status, out])
    box.playground, box.controls, box.buttons = pg, controls, buttons
    box.train_epochs, box.status, box.output = train_epochs, status, out
    redraw()
    return box
