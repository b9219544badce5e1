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

from . import datasets
from .datasets import TOY_DATASETS, toy_dataset
from .network import INITIALISATIONS, History, Network
from .playground_figure import PlaygroundFigure
from .plots import grid_over
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

    def draw(self):
        """The playground's picture (`dnn_core.playground_figure.PlaygroundFigure`): the
        decision boundary with the training points, the loss curves (training and
        validation), and one small image per hidden neuron. Returns the figure; it has
        2 + Σ_l min(n_l, 16) axes."""
        return PlaygroundFigure(self).figure
