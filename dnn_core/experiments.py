"""The small experiments the notebooks run, as pure functions returning numbers.

Each function sets up a small network (or takes one), runs it and returns what a notebook
or a view of `dnn_core.views` shows: parameter counts, the demon's ΔJ, the training of one
neuron, gradient norms layer by layer, a training run on a toy set. Nothing here draws,
and every random draw comes from a seed, so the same arguments give the same numbers on
every run. Samples are columns: X has shape (n_1, m), Y shape (n_L, m) (or labels (m,)).
"""

import numpy as np

from .datasets import mnist_sample, toy_dataset
from .network import INITIALISATIONS, Network, TrainingDivergedError
from .validation import check_count, check_number

INITIALISATION_LAWS = {"standard": "N(0, 1)", "scaled": "N(0, 1/n_in)"}   # one per Network init
assert set(INITIALISATION_LAWS) == set(INITIALISATIONS)


# The structure of a network

def network_sizes(n_in=3, hidden_layers=1, n_hidden=4, n_out=2):
    """The layer sizes [n_1, n_2, ..., n_L] of a network with equal hidden layers.

    n_in inputs, `hidden_layers` hidden layers (possibly none) of n_hidden neurons each,
    and n_out outputs, so L = hidden_layers + 2.
    """
    n_in, n_hidden, n_out = (check_count(name, value) for name, value in
                             (("n_in", n_in), ("n_hidden", n_hidden), ("n_out", n_out)))
    hidden_layers = check_count("hidden_layers", hidden_layers, minimum=0)
    return [n_in] + [n_hidden] * hidden_layers + [n_out]


# The demon's nudge

def nudge_effect(net, X, Y, l, j, dz):
    """What the demon's nudge dz of z^l_j (neuron j = 1..n_l of layer l) does to J.

    Returns {'delta', 'dJ', 'linear', 'gap'}: delta is δ^l_j from backprop (its mean over
    the columns of a batch), dJ = J(dz) − J(0) the true change (`Network.J_after_nudge`),
    linear = delta·dz its first-order prediction and gap = dJ − linear, second order in dz.
    """
    dz = check_number("dz", dz)
    J0 = net.J_after_nudge(X, Y, l, j, 0.0)
    delta = float(np.mean(net.backprop(X, Y).delta[l][j - 1]))
    dJ = net.J_after_nudge(X, Y, l, j, dz) - J0
    return {"delta": delta, "dJ": float(dJ), "linear": delta * dz, "gap": float(dJ - delta * dz)}


def nudge_curve(net, X, Y, l, j, span=3.0, points=121):
    """The demon's ΔJ = J(Δz) − J(0) over evenly spaced nudges Δz of z^l_j.

    Δz runs over `points` values from −span to span. Returns (dzs, dJs), two arrays of
    shape (points,).
    """
    span = check_number("span", span, positive=True)
    points = check_count("points", points, minimum=2)
    J0 = net.J_after_nudge(X, Y, l, j, 0.0)
    dzs = np.linspace(-span, span, points)
    return dzs, np.array([net.J_after_nudge(X, Y, l, j, d) - J0 for d in dzs])


# The learning slowdown of one neuron

def train_single_neuron(w, b, eta, loss="quadratic", epochs=300, x=1.0, y=0.0):
    """Nielsen's learning-slowdown experiment: one sigmoid neuron learning one sample.

    The neuron is Network([1, 1]) with W[2] = [[w]] and b[2] = [[b]], trained on the
    single sample (x, y) by gradient descent with step eta for `epochs` epochs. Returns
    {'epoch': 0..epochs, 'a': the output, 'loss': J (both at the start and after every
    epoch, shape (epochs + 1,)), 'dJdw0': ∂J/∂w at the start, 'net': the trained network}.
    """
    w, b, x, y = (check_number(name, value) for name, value in
                  (("w", w), ("b", b), ("x", x), ("y", y)))
    eta = check_number("eta", eta, positive=True)
    epochs = check_count("epochs", epochs)
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


def slowdown_summary(run):
    """The numbers that tell a run of `train_single_neuron` fast from slow.

    Returns {'a0', 'J0', 'J_half', 'J_end', 'a_end', 'dJdw0'}: the output and J at the
    start, J after half of the epochs (epochs // 2), J and the output at the end, and
    ∂J/∂w at the start (BP1 and BP4 with x = 1: (a − y)σ′(z) for the quadratic loss,
    a − y for the cross-entropy).
    """
    half = int(run["epoch"][-1]) // 2
    return {"a0": float(run["a"][0]), "J0": float(run["loss"][0]),
            "J_half": float(run["loss"][half]), "J_end": float(run["loss"][-1]),
            "a_end": float(run["a"][-1]), "dJdw0": run["dJdw0"]}


# Depth and vanishing gradients

def layer_gradient_norms(net, X, Y):
    """‖∂J/∂b^l‖ for l = 2..L on the batch (X, Y), as {l: norm}.

    By BP3 ∂J/∂b^l is δ^l averaged over the batch, so this measures how fast the biases
    of layer l learn.
    """
    g = net.backprop(X, Y)
    return {l: float(np.linalg.norm(g.db[l])) for l in net.layers}


def deep_network(hidden_layers=4, width=30, init="standard", gain=1.0, seed=0):
    """A deep sigmoid network for MNIST: [784, width × hidden_layers, 10].

    Its initial weights, drawn by `init` ('standard' N(0, 1), 'scaled' N(0, 1/n_{l−1})),
    are multiplied by gain (gain 1: the plain initialisation); the biases are left alone.
    """
    gain = check_number("gain", gain)
    net = Network(network_sizes(784, hidden_layers, width, 10), init=init, seed=seed)
    for l in net.layers:
        net.W[l] = gain * net.W[l]
    return net


def vanishing_gradients(hidden_layers=4, gain=1.0, width=30, m=500, seed=0):
    """‖∂J/∂b^l‖ layer by layer for the two initialisations of a deep sigmoid network.

    Both networks are `deep_network(hidden_layers, width, init, gain, seed)`, one with
    'standard' and one with 'scaled' weights, evaluated on the first m training digits of
    `mnist_sample()`. Returns {'standard': {l: norm}, 'scaled': {l: norm}, 'ratio':
    {init: the last layer's norm / the first hidden layer's}}: a large ratio means the
    gradient vanishes towards the input.
    """
    data = mnist_sample()
    m = check_count("m", m)
    if m > data.X_train.shape[1]:
        raise ValueError(f"m must be at most {data.X_train.shape[1]} (the training digits of "
                         f"the MNIST sample); got {m}")
    X, Y = data.X_train[:, :m], data.Y_train[:, :m]
    norms = {init: layer_gradient_norms(deep_network(hidden_layers, width, init, gain, seed), X, Y)
             for init in INITIALISATIONS}
    L = hidden_layers + 2
    return {**norms, "ratio": {init: values[L] / values[2] for init, values in norms.items()}}


# Training on a toy set

def train_toy_network(eta=3.0, batch_size=10, hidden=10, epochs=100, activation="sigmoid",
                      loss="quadratic", data="moons", m=200, noise=0.2, seed=0, callback=None):
    """Network([2, hidden, 1]) trained on a toy 2-D set by mini-batch gradient descent.

    The hidden layer uses `activation`, the output a sigmoid, the loss is `loss`; the
    training set is `toy_dataset(data, m, noise, seed)` and the validation set is drawn
    from the same distribution with seed + 1. A diverging run (TrainingDivergedError) is
    reported, not raised. callback(epoch, history) is passed on to `Network.train`.

    Returns {'diverged', 'epochs', 'loss', 'val_loss', 'accuracy', 'val_accuracy',
    'history', 'net', 'X', 'y'}: 'diverged' is the error message or None; the four
    metrics are those of the last completed epoch (None if none completed); X (shape
    (2, m)) and y (shape (m,)) are the training set.
    """
    eta = check_number("eta", eta, positive=True)
    batch_size, hidden, epochs = (check_count(name, value) for name, value in
                                  (("batch_size", batch_size), ("hidden", hidden),
                                   ("epochs", epochs)))
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
    run = {"diverged": diverged, "epochs": 0, "loss": None, "val_loss": None,
           "accuracy": None, "val_accuracy": None}
    if history is not None and history.loss:
        run.update(epochs=history.epochs, loss=history.loss[-1], val_loss=history.val_loss[-1],
                   accuracy=history.accuracy[-1], val_accuracy=history.val_accuracy[-1])
    return {**run, "history": history, "net": net, "X": X, "y": y}
