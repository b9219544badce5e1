"""A TensorFlow-Playground-style explorer: a small network learning a 2-D toy data set.

`Playground` holds the data (training and validation sets drawn from the same toy
distribution with different seeds), the `Network` and the training history:

    pg = Playground("circles", hidden=[4, 4], activation="tanh")
    pg.step(200)               # 200 epochs of mini-batch gradient descent
    fig = pg.draw()            # decision boundary, loss curves, every hidden neuron's a^l_j

The pure functions below compute what the picture shows, so they can be tested (and
reused in an exercise) without drawing anything:

- `parse_hidden("4, 4")` → [4, 4], the hidden layer sizes typed in a text box;
- `neuron_output_maps(net, points)` → {l: A^l} for the hidden layers l = 2..L−1, where
  column p of A^l (shape (n_l, P)) is a^l at the point p of the plane.

The view (numbers and figure for given settings) is `dnn_core.views.playground_view`, the
ipywidgets wiring `dnn_core.widgets.playground_widget`.
"""

import inspect

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter

from . import datasets
from .datasets import TOY_DATASETS, toy_dataset
from .network import INITIALISATIONS, History, Network
from .plots import CLASS_COLOURS, MAX_FIGURE_WIDTH, grid_over, plot_decision_boundary
from .validation import check_choice, check_count, check_number

HIDDEN_ACTIVATIONS = ("tanh", "sigmoid", "relu")
PLAYGROUND_LOSSES = ("cross_entropy", "quadratic")
VALIDATION_SEED_OFFSET = 1000   # the validation set is drawn with seed + this
SETTINGS = ("dataset", "hidden", "activation", "loss", "eta", "batch_size", "noise", "m",
            "n_classes", "init", "seed", "resolution")
MULTICLASS_DATASETS = ("blobs", "spirals")     # the toy sets that accept n_classes


def default_noise(dataset):
    """The noise a toy data set uses when none is given (its maker's default)."""
    check_choice("data set", dataset, TOY_DATASETS)
    maker = getattr(datasets, f"make_{dataset}")
    return inspect.signature(maker).parameters["noise"].default


def parse_hidden(text):
    """The hidden layer sizes from text such as "4, 4" (or "4 4", "" for no hidden layer).

    Returns a list of positive ints; raises ValueError naming what was expected.
    """
    if isinstance(text, (list, tuple)):
        sizes = [check_count("a hidden layer size", n) for n in text]
    else:
        try:
            sizes = [int(p) for p in str(text).replace(",", " ").split()]
        except ValueError:
            raise ValueError(
                f"hidden layers must be whole numbers separated by commas, such as '4, 4'; "
                f"got {text!r}"
            ) from None
    if any(n < 1 for n in sizes):
        raise ValueError(f"every hidden layer needs at least one neuron; got {sizes}")
    return sizes


def checked_settings(settings):
    """The settings of a `Playground` ({name: value} for every name in SETTINGS), checked.

    Returns them in a clean form (hidden as a list of ints, counts as ints, numbers as
    floats) or raises an error that names the setting, what was expected and what came.
    """
    checked = dict(settings)
    check_choice("data set", settings["dataset"], TOY_DATASETS)
    check_choice("activation", settings["activation"], HIDDEN_ACTIVATIONS)
    check_choice("loss", settings["loss"], PLAYGROUND_LOSSES)
    check_choice("init", settings["init"], INITIALISATIONS)
    checked["hidden"] = parse_hidden(settings["hidden"])
    checked["eta"] = check_number("eta", settings["eta"], positive=True)
    if settings["noise"] is not None:
        checked["noise"] = check_number("noise", settings["noise"], minimum=0)
    for name, minimum in (("batch_size", 1), ("m", 1), ("n_classes", 2), ("seed", 0),
                          ("resolution", 2)):
        checked[name] = check_count(name, settings[name], minimum)
    if checked["n_classes"] != 2 and settings["dataset"] not in MULTICLASS_DATASETS:
        raise ValueError(f"n_classes={checked['n_classes']!r}: only {MULTICLASS_DATASETS} have "
                         f"more than two classes; {settings['dataset']!r} has two")
    return checked


def neuron_output_maps(net, points):
    """a^l for every hidden layer l = 2..L−1 at the points of the plane.

    points: (2, P), one point per column (e.g. the grid of `plots.grid_over`).
    Returns {l: A^l} with A^l of shape (n_l, P): row j − 1 is neuron j's output a^l_j
    over the points, the picture TensorFlow Playground draws inside each neuron.
    """
    trace = net.forward_trace(points)
    return {l: trace.a[l] for l in range(2, net.L)}


def activation_range(activation, values=None):
    """(vmin, vmax) of a colour scale that shows an activation's output range.

    The full range for tanh (−1, 1) and sigmoid (0, 1); for ReLU ±(the largest value shown).
    """
    if activation == "tanh":
        return -1.0, 1.0
    if activation == "sigmoid":
        return 0.0, 1.0
    top = float(np.max(values)) if values is not None and np.size(values) else 1.0
    top = max(top, 1e-12)
    return -top, top     # ReLU: 0 (an inactive neuron) is white, like tanh's 0


class Playground:
    """Data, network and history of one playground session.

    Parameters
    ----------
    dataset : one of `datasets.TOY_DATASETS` ('xor', 'blobs', 'moons', 'circles', 'spirals').
    hidden : hidden layer sizes, a list such as [4, 4] or text such as "4, 4".
    activation : σ of the hidden layers ('tanh', 'sigmoid', 'relu'); the output layer is a
        sigmoid unit for two classes (softmax for more).
    loss : 'cross_entropy' or 'quadratic'.
    eta, batch_size : the learning rate and mini-batch size of every `step`.
    noise : the data set's noise (None: its default); m: number of training points (the
        validation set has as many).
    n_classes : 2 (one sigmoid output unit, target y ∈ {0, 1}); 'blobs' and 'spirals' also
        take more, then the output layer has one softmax unit per class (one-hot targets).
    init : 'scaled' (W^l ~ N(0, 1/n_{l−1}), the default here) or 'standard' (N(0, 1)).
    seed : one seed for the data (validation: seed + 1000) and the network.
    resolution : grid points per axis for the decision boundary and the neuron maps.
    """

    def __init__(self, dataset="circles", hidden=(4, 4), activation="tanh",
                 loss="cross_entropy", eta=0.1, batch_size=10, noise=None, m=200,
                 n_classes=2, init="scaled", seed=0, resolution=60):
        settings = dict(dataset=dataset, hidden=hidden, activation=activation, loss=loss,
                        eta=eta, batch_size=batch_size, noise=noise, m=m, n_classes=n_classes,
                        init=init, seed=seed, resolution=resolution)
        for name, value in checked_settings(settings).items():
            setattr(self, name, value)
        self.reset()

    def configure(self, **settings):
        """Change settings and start again: new data, a new network, an empty history.

        settings are any constructor arguments, e.g. dataset="spirals", hidden="8, 8"; they
        are all checked before anything changes. Returns self. eta and batch_size can also
        be assigned directly (pg.eta = 0.3); they only affect the following steps, nothing
        is reset.
        """
        unknown = set(settings) - set(SETTINGS)
        if unknown:
            raise TypeError(f"unknown setting(s) {sorted(unknown)}: expected some of {SETTINGS}")
        current = {name: getattr(self, name) for name in SETTINGS}
        for name, value in checked_settings({**current, **settings}).items():
            setattr(self, name, value)
        return self.reset()

    # State
    def reset(self):
        """Draw the data again and re-initialise the network; clear the history."""
        options = {} if self.n_classes == 2 else {"n_classes": self.n_classes}
        self.X, self.y = toy_dataset(self.dataset, m=self.m, noise=self.noise, seed=self.seed,
                                     **options)
        self.X_val, self.y_val = toy_dataset(self.dataset, m=self.m, noise=self.noise,
                                             seed=self.seed + VALIDATION_SEED_OFFSET, **options)
        n_out = 1 if self.n_classes == 2 else self.n_classes
        self.net = Network([2, *self.hidden, n_out], self.activation, self.loss,
                           output_activation="sigmoid" if n_out == 1 else "softmax",
                           init=self.init, seed=self.seed)
        self.history = History()
        return self

    @property
    def sizes(self):
        """[n_1, ..., n_L] of the network: 2 inputs, the hidden layers, the output."""
        return self.net.sizes

    @property
    def epoch(self):
        """The number of epochs trained since the last reset."""
        return self.history.epochs

    def step(self, epochs=1):
        """Train `epochs` more epochs and append them to the history.

        Mini-batch gradient descent with the current eta and batch_size. Returns self.
        """
        epochs = check_count("epochs", epochs)
        h = self.net.train(self.X, self.y, epochs, self.batch_size, self.eta,
                           validation=(self.X_val, self.y_val))
        for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
            getattr(self.history, name).extend(getattr(h, name))
        return self

    def run(self, epochs, every=10, on_progress=None):
        """Train `epochs` epochs in chunks of `every` epochs.

        on_progress(self) is called after each chunk (the widget redraws there, so the
        picture moves). Returns self.
        """
        epochs, every = check_count("epochs", epochs), check_count("every", every)
        done = 0
        while done < epochs:
            chunk = min(every, epochs - done)
            self.step(chunk)
            done += chunk
            if on_progress is not None:
                on_progress(self)
        return self

    def accuracy(self, validation=False):
        """The current accuracy on the training (or validation) set."""
        if validation:
            return self.net.evaluate(self.X_val, self.y_val)
        return self.net.evaluate(self.X, self.y)

    def metrics(self):
        """The state of the run: {'epoch', 'loss', 'val_loss', 'accuracy', 'val_accuracy'}.

        The losses are those of the last epoch, None before the first step.
        """
        h = self.history
        return {"epoch": self.epoch,
                "loss": h.loss[-1] if h.loss else None,
                "val_loss": h.val_loss[-1] if h.val_loss else None,
                "accuracy": self.accuracy(), "val_accuracy": self.accuracy(validation=True)}

    def summary(self):
        """One line: the data set and the network, then `History.describe` of the last epoch."""
        return (f"{self.dataset}, sizes {self.sizes}, {self.activation}, {self.loss}: "
                + self.history.describe())

    # Pictures
    def grid(self):
        """(xx, yy, points) covering the training data, `resolution` points per axis."""
        return grid_over(self.X, self.resolution)

    def neuron_maps(self):
        """{l: array (n_l, resolution, resolution)}: each hidden neuron's a^l_j on the grid."""
        xx, _, points = self.grid()
        return {l: A.reshape(A.shape[0], *xx.shape)
                for l, A in neuron_output_maps(self.net, points).items()}

    MAX_DRAWN = 16   # neuron images drawn per hidden layer (the first ones of wider layers)
    PER_ROW = 8      # neuron images per row: a wider layer takes two rows

    def draw(self):
        """The playground's picture.

        The decision boundary (with the training points), the loss curves (training and
        validation), and one small image per hidden neuron, the rows of a hidden layer
        together (at most MAX_DRAWN per layer, PER_ROW per row). The figure is
        MAX_FIGURE_WIDTH wide, so it fits the notebook's column unscaled. Returns the
        figure; it has 2 + Σ_l min(n_l, MAX_DRAWN) axes.
        """
        drawn = {l: min(n, self.MAX_DRAWN) for l, n in enumerate(self.hidden, start=2)}
        row_of = [(l, r) for l, n in drawn.items() for r in range(-(-n // self.PER_ROW))]
        height = 3.6 + 1.2 * len(row_of)
        fig = plt.figure(figsize=(MAX_FIGURE_WIDTH, height))
        # row 1: the two panels; row 2: room for their axis labels; then the neuron rows
        outer = fig.add_gridspec(2 + len(row_of), 1, height_ratios=[3.0, 0.01] + [1.0] * len(row_of),
                                 hspace=0.55, left=0.1, right=0.97, top=1 - 0.3 / height,
                                 bottom=0.3 / height)
        top = outer[0].subgridspec(1, 2, wspace=0.35)
        ax_boundary = fig.add_subplot(top[0])
        ax_loss = fig.add_subplot(top[1])
        self._draw_boundary(ax_boundary)
        self._draw_losses(ax_loss)
        xx, yy, _ = self.grid()
        extent = (xx.min(), xx.max(), yy.min(), yy.max())
        maps = self.neuron_maps()
        ranges = {l: activation_range(self.activation, maps[l]) for l in drawn}
        for row, (l, r) in enumerate(row_of, start=1):
            cells = outer[row + 1].subgridspec(1, self.PER_ROW, wspace=0.15)
            for column, j in enumerate(range(r * self.PER_ROW, min(drawn[l], (r + 1) * self.PER_ROW))):
                ax = fig.add_subplot(cells[column])
                ax.imshow(maps[l][j], origin="lower", extent=extent, cmap="RdBu_r",
                          vmin=ranges[l][0], vmax=ranges[l][1])
                ax.set_xticks([])
                ax.set_yticks([])
                # a text, not a title: Axes titles are placed by checking every Axes of
                # the figure at each draw (about half of a playground redraw)
                ax.text(0.5, 1.03, f"$a^{{{l}}}_{{{j + 1}}}$", fontsize=10, ha="center",
                        va="bottom", transform=ax.transAxes)
                if j == 0:
                    shown = "" if maps[l].shape[0] <= self.MAX_DRAWN else \
                        f"\n(first {self.MAX_DRAWN}\nof {maps[l].shape[0]})"
                    ax.set_ylabel(f"layer {l}{shown}")
        return fig

    def _draw_boundary(self, ax):
        net = self.net
        if net.n(net.L) == 1:
            plot_decision_boundary(net.predict, self.X, self.y, ax=ax,
                                   resolution=self.resolution,
                                   scores=lambda P: net.forward(P)[0])
        else:
            plot_decision_boundary(net.predict, self.X, self.y, ax=ax,
                                   resolution=self.resolution)
        ax.set_title(f"{self.dataset}, epoch {self.epoch}: accuracy "
                     f"{self.accuracy():.2f}", fontsize=10)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")

    def _draw_losses(self, ax):
        h = self.history
        if h.loss:
            epochs = np.arange(1, h.epochs + 1)
            ax.plot(epochs, h.loss, color=CLASS_COLOURS[0], label="training")
            ax.plot(epochs, h.val_loss, "--", color=CLASS_COLOURS[1], label="validation")
            if max(h.loss) > 10 * min(h.loss):      # a log scale only where it has a decade
                ax.set_yscale("log")
                ax.yaxis.set_minor_formatter(NullFormatter())   # label the powers of 10 only
            ax.legend()
            ax.set_xlim(0.5, max(h.epochs, 2) + 0.5)
        else:
            ax.text(0.5, 0.5, "not trained yet:\npress Train or Step", ha="center",
                    va="center", transform=ax.transAxes, color="0.4")
        ax.set_xlabel("epoch")
        ax.set_ylabel(f"loss J ({self.loss.replace('_', '-')})")
        ax.set_title(f"sizes {self.sizes}, {self.activation}, η = {self.eta:g}, "
                     f"batch {self.batch_size}", fontsize=10)

