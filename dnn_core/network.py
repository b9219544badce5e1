"""A fully connected network in the notation of the course.

Layers are numbered 1..L: layer 1 is the input x, layer L the output. For l = 2..L

    z^l = W^l a^{l−1} + b^l,    a^l = σ(z^l),    a^1 = x,

with W^l of shape (n_l, n_{l−1}) and b^l of shape (n_l, 1). A batch of m samples is a
matrix whose columns are the samples: X has shape (n_1, m), and so have Z^l and A^l
(n_l rows). The loss J is the mean of the per-sample losses J_x over the batch, so every
gradient ∂J/∂W^l, ∂J/∂b^l is an average over the batch.

Backpropagation (BP1–BP4) lives in `dnn_core.backprop`; the network runs it on a batch
(`backprop`) or one sample at a time as in the article (`backprop_per_sample`).
"""

import copy
from dataclasses import dataclass, field

import numpy as np

from .activations import get_activation
from .backprop import backward, backward_per_sample
from .datasets import one_hot
from .language import say
from .losses import get_loss
from .parameters import LayerParameters, check_memory
from .validation import check_choice, check_count, check_number, check_sizes

INITIALISATIONS = ("standard", "scaled")


class TrainingDivergedError(FloatingPointError):
    """The loss became NaN or infinite during training. `history` holds the epochs that
    completed before it did, so the run can still be plotted."""

    def __init__(self, message, history=None):
        super().__init__(message)
        self.history = history


@dataclass
class ForwardTrace:
    """Everything the forward pass computed: z[l] for l = 2..L and a[l] for l = 1..L,
    each of shape (n_l, m)."""

    z: dict
    a: dict


@dataclass
class History:
    """Per-epoch record of a training run (validation entries only if a validation set
    was given). `stopped_by` says why training ended: 'epochs', 'epsilon' or 'max_iter';
    `saturated_at` is the first epoch at which every output neuron was saturated and the
    loss stopped changing (σ′ ≈ 0 everywhere: a flat loss that is not learning)."""

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    stopped_by: str = "epochs"
    saturated_at: int | None = None     # the first epoch whose loss stood still, every output saturated

    @property
    def epochs(self):
        """The number of epochs recorded (also when only the validation set was monitored)."""
        return max(len(self.loss), len(self.val_loss))

    def describe(self, total_epochs=None):
        """The one line for the latest epoch, e.g. 'epoch 3 of 30: loss 0.1234 (validation
        0.1300), accuracy 0.9000 (validation 0.9100)'; 'of 30' only when total_epochs is
        given, each part only when it was recorded. In the course's language
        (`dnn_core.language`): a progress bar or a status line shows it to the learner."""
        line = (say("history.epoch_of", epoch=self.epochs, total=total_epochs) if total_epochs
                else say("history.epoch", epoch=self.epochs))
        parts = []
        for name, train, val in [("loss", self.loss, self.val_loss),
                                 ("accuracy", self.accuracy, self.val_accuracy)]:
            name = say(f"history.{name}")
            if train and val:
                parts.append(say("history.both", name=name, value=train[-1], validation=val[-1]))
            elif train or val:
                parts.append(say("history.training_only" if train else "history.validation_only",
                                 name=name, value=(train or val)[-1]))
        if parts:
            line = say("history.line", epoch=line, values=say("history.separator").join(parts))
        if self.saturated_at is not None:
            line += say("history.saturated", epoch=self.saturated_at)
        return line


class Network:
    """A fully connected feed-forward network.

    Parameters
    ----------
    sizes : list of int, [n_1, ..., n_L], at least two layers.
    activation : the σ of the hidden layers ('sigmoid', 'tanh', 'relu').
    output_activation : the σ of layer L; defaults to `activation`. 'softmax' is allowed here.
    loss : 'quadratic', 'cross_entropy' or 'log_likelihood' (see `dnn_core.losses`).
    init : 'standard' draws every W and b from N(0, 1) as in the article; 'scaled' draws
        W^l from N(0, 1/n_{l−1}) (biases still N(0, 1)), which keeps z^l away from saturation.
    seed : seed of the network's random generator (initialisation and shuffling).
    dtype : float64 by default (gradient checks need it); float32 is allowed.
    """

    def __init__(self, sizes, activation="sigmoid", loss="quadratic", *,
                 output_activation=None, init="standard", seed=None, dtype=np.float64):
        self.sizes = check_sizes(sizes)
        self.L = len(self.sizes)
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise TypeError(f"dtype must be a floating-point type; got {self.dtype}")
        check_memory(self.sizes, self.dtype)
        self.activation = get_activation(activation)
        if not self.activation.elementwise:
            raise ValueError(
                f"the hidden activation must act element-wise; got {self.activation.name!r} "
                "(use it as output_activation instead)"
            )
        self.output_activation = get_activation(output_activation or activation)
        self.loss = get_loss(loss, self.output_activation.name)
        self.init = check_choice("init", init, INITIALISATIONS)
        self.rng = np.random.default_rng(seed)
        self.W = LayerParameters("W", {l: (self.n(l), self.n(l - 1)) for l in self.layers},
                                 self.dtype)
        self.b = LayerParameters("b", {l: (self.n(l), 1) for l in self.layers}, self.dtype)
        for l in self.layers:
            scale = 1.0 / np.sqrt(self.n(l - 1)) if init == "scaled" else 1.0
            self.W[l] = scale * self.rng.standard_normal((self.n(l), self.n(l - 1)))
            self.b[l] = self.rng.standard_normal((self.n(l), 1))

    # ----- structure -------------------------------------------------------------------
    def n(self, l):
        """n_l, the number of neurons in layer l (1..L)."""
        return self.sizes[l - 1]

    @property
    def layers(self):
        """The layers that have parameters: 2, 3, ..., L."""
        return range(2, self.L + 1)

    def sigma(self, l):
        """The activation of layer l: the output activation for l = L, else the hidden one."""
        return self.output_activation if l == self.L else self.activation

    def parameters(self):
        """[(name, array)] for W^2, b^2, ..., W^L, b^L; the arrays are the live ones."""
        return [(f"{p}{l}", getattr(self, p)[l]) for l in self.layers for p in ("W", "b")]

    def num_parameters(self):
        """Σ_l (n_l n_{l−1} + n_l): weights plus one bias per neuron outside the input."""
        return sum(w.size for _, w in self.parameters())

    def copy(self):
        """An independent copy: the same parameters and the same generator state."""
        return copy.deepcopy(self)

    def __repr__(self):
        out = self.output_activation.name
        return (f"Network({self.sizes}, activation={self.activation.name!r}, "
                f"output_activation={out!r}, loss={self.loss.name!r}, init={self.init!r})")

    # ----- forward pass ----------------------------------------------------------------
    def forward(self, X):
        """a^L for a batch X of shape (n_1, m); returns shape (n_L, m)."""
        return self._forward(self.check_inputs(X))

    def _forward(self, A):
        for l in self.layers:
            A = self.sigma(l)(self.W[l] @ A + self.b[l])
        return A

    def forward_trace(self, X):
        """The forward pass keeping every z^l and a^l (a ForwardTrace)."""
        return self._forward_trace(self.check_inputs(X))

    def _forward_trace(self, X):
        z, a = {}, {1: X}
        for l in self.layers:
            z[l] = self.W[l] @ a[l - 1] + self.b[l]
            a[l] = self.sigma(l)(z[l])
        return ForwardTrace(z, a)

    def J(self, X, Y):
        """The loss J = (1/m) Σ_x J_x on the batch (X, Y)."""
        X, Y = self.check_inputs(X), self.check_targets(Y, X.shape[1])
        return float(self.loss(self._forward(X), Y))

    def forward_from(self, l, Z):
        """a^L when the forward pass restarts at layer l (2..L) from the weighted inputs
        Z = z^l, shape (n_l, m): a^l = σ(Z), then a^k = σ(W^k a^{k−1} + b^k) for k = l+1..L.
        Returns shape (n_L, m)."""
        self._check_layer(l)
        Z = np.asarray(Z, dtype=self.dtype)
        if Z.ndim != 2 or Z.shape[0] != self.n(l):
            raise ValueError(f"Z must have shape (n_l, m) = ({self.n(l)}, m); got {Z.shape}")
        A = self.sigma(l)(Z)
        for k in range(l + 1, self.L + 1):
            A = self.sigma(k)(self.W[k] @ A + self.b[k])
        return A

    def J_from(self, l, Z, Y):
        """The loss J of `forward_from(l, Z)` against the targets Y; with the z^l of the
        forward pass it is J itself."""
        A = self.forward_from(l, Z)
        return float(self.loss(A, self.check_targets(Y, A.shape[1])))

    def J_after_nudge(self, X, Y, l, j, dz):
        """The demon: J after adding dz to the weighted input z^l_j of neuron j (1-based,
        j = 1..n_l) of layer l in every column of X, the forward pass rerun from layer l.
        J(dz) − J(0) ≈ δ^l_j dz for small dz (for a batch: the mean of δ^l_j over the
        columns)."""
        self._check_layer(l)
        if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 1 <= j <= self.n(l):
            raise ValueError(f"layer {l} has neurons j = 1..{self.n(l)}; got j = {j!r}")
        Z = self.forward_trace(X).z[l].copy()
        Z[j - 1, :] += check_number("dz", dz)
        return self.J_from(l, Z, Y)

    def _check_layer(self, l):
        if isinstance(l, bool) or l not in self.layers:
            raise ValueError(f"l must be a layer with a weighted input, 2..{self.L}; got {l!r}")

    # ----- backpropagation -------------------------------------------------------------
    def backprop(self, X, Y, **replaced):
        """δ^l, ∂J/∂W^l and ∂J/∂b^l for the batch (X, Y), vectorised: one matrix product
        per layer for all m samples. X: (n_1, m), Y: (n_L, m). Returns Gradients.
        `replaced` swaps equations for wrong ones (`dnn_core.bugs`; see `backprop.equations`)."""
        X = self.check_inputs(X)
        return self._backprop(X, self.check_targets(Y, X.shape[1]), **replaced)

    def _backprop(self, X, Y, **replaced):
        trace = self._forward_trace(X)
        return backward(self, trace.z, trace.a, Y, **replaced)

    def backprop_per_sample(self, X, Y):
        """The article's algorithm: backpropagate one column x at a time and average the
        per-sample gradients ∂J_x/∂W^l, ∂J_x/∂b^l (see `backprop.backward_per_sample`).
        Same result as `backprop`, m times more Python work. Returns Gradients."""
        X = self.check_inputs(X)
        return backward_per_sample(self, X, self.check_targets(Y, X.shape[1]))

    # ----- training --------------------------------------------------------------------
    def update(self, X, Y, eta, per_sample=False):
        """One gradient-descent step on the batch: W^l ← W^l − η ∂J/∂W^l, b^l ← b^l − η ∂J/∂b^l
        (= the article's w ← w − (η/m) Σ_x ∂J_x/∂w). Returns the Gradients used."""
        X = self.check_inputs(X)
        Y = self.check_targets(Y, X.shape[1])
        eta = _check_eta(eta)
        return self._update(X, Y, eta, per_sample)

    def _update(self, X, Y, eta, per_sample=False):
        g = backward_per_sample(self, X, Y) if per_sample else self._backprop(X, Y)
        for l in self.layers:
            W, b = self.W[l], self.b[l]
            W -= eta * g.dW[l]   # in place: the arrays stay the ones the learner holds
            b -= eta * g.db[l]
        return g

    def train(self, X, Y, epochs, batch_size, eta, *, shuffle=True, validation=None,
              per_sample=False, callback=None, verbose=False, monitor=True):
        """Mini-batch gradient descent.

        X: (n_1, m); Y: targets (n_L, m), or integer labels (m,) which are one-hot encoded.
        batch_size=1 is stochastic gradient descent, batch_size=m batch gradient descent.
        shuffle=False keeps the sample order: the batches are X[:, k:k+batch_size].
        validation: optional (X_val, Y_val). per_sample: use the article's per-sample loop.
        monitor: record J and the accuracy on the whole training set after every epoch (one
        extra forward pass); with monitor=False history.loss stays empty (benchmarks).
        callback(epoch, history) is called after every epoch (for live plots, progress).
        Returns a History; raises TrainingDivergedError if the loss becomes NaN/inf.
        """
        X = self.check_inputs(X)
        Y = self.check_targets(Y, X.shape[1])
        validation = self._check_validation(validation)
        epochs = check_count("epochs", epochs)
        batch_size = check_count("batch_size", batch_size)
        eta = _check_eta(eta)
        m = X.shape[1]
        # One row per sample: gathering a batch then reads contiguous rows instead of
        # scattered columns (several times faster for MNIST-sized inputs).
        samples_X, samples_Y = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
        history = History()
        for epoch in range(1, epochs + 1):
            order = self.rng.permutation(m) if shuffle else np.arange(m)
            for k in range(0, m, batch_size):
                batch = order[k:k + batch_size]
                self._update(samples_X[batch].T, samples_Y[batch].T, eta, per_sample)
            self._record(history, epoch, eta, X if monitor else None, Y, validation)
            if verbose and history.loss:
                print(history.describe(epochs))
            if callback is not None:
                callback(epoch, history)
        return history

    def train_batch(self, X, Y, eta, max_iter, epsilon, *, validation=None, callback=None):
        """Batch gradient descent as in the article: every iteration uses all m samples;
        stop after `max_iter` iterations or as soon as every change of every W and b is
        below `epsilon` (history.stopped_by tells which). The step is η times the *mean*
        gradient (the article sums over the samples; its α equals our η/m)."""
        X = self.check_inputs(X)
        Y = self.check_targets(Y, X.shape[1])
        validation = self._check_validation(validation)
        max_iter = check_count("max_iter", max_iter)
        eta = _check_eta(eta)
        epsilon = check_number("epsilon", epsilon, positive=True)
        history = History(stopped_by="max_iter")
        for iteration in range(1, max_iter + 1):
            g = self._update(X, Y, eta)
            self._record(history, iteration, eta, X, Y, validation)
            if callback is not None:
                callback(iteration, history)
            largest_change = max(eta * np.max(np.abs(d)) for d in [*g.dW.values(), *g.db.values()])
            if largest_change < epsilon:
                history.stopped_by = "epsilon"
                break
        return history

    def _record(self, history, epoch, eta, X, Y, validation):
        if X is None:
            loss = 0.0 if all(np.isfinite(w).all() for _, w in self.parameters()) else np.nan
        else:
            A = self._forward(X)
            loss = float(self.loss(A, Y))
        if not np.isfinite(loss):
            raise TrainingDivergedError(
                f"training diverged at epoch {epoch}: the loss became {loss} with eta={eta}. "
                "The steps are too large; try a smaller eta (e.g. eta/10).",
                history,
            )
        if X is not None:
            if (history.saturated_at is None and history.loss and loss == history.loss[-1]
                    and self._all_saturated(A)):
                history.saturated_at = epoch
            history.loss.append(loss)
            history.accuracy.append(self._accuracy(A, Y))
        if validation is not None:
            A_val = self._forward(validation[0])
            history.val_loss.append(float(self.loss(A_val, validation[1])))
            history.val_accuracy.append(self._accuracy(A_val, validation[1]))

    def _all_saturated(self, A, tiny=1e-9):
        """True when σ′ is below `tiny` at every output of A (sigmoid, softmax, tanh)."""
        name = self.output_activation.name
        if name in ("sigmoid", "softmax"):
            slope = A * (1 - A)
        elif name == "tanh":
            slope = 1 - A ** 2
        else:
            return False
        return bool(np.all(slope < tiny))

    def _check_validation(self, validation):
        if validation is None:
            return None
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise TypeError("validation must be a pair (X_val, Y_val)")
        X_val = self.check_inputs(validation[0])
        return X_val, self.check_targets(validation[1], X_val.shape[1])

    # ----- evaluation ------------------------------------------------------------------
    def predict(self, X):
        """Class labels, shape (m,): argmax of a^L, or for a single output unit 1 where
        a^L is above the middle of the activation's range (0.5 for sigmoid, 0 for tanh)."""
        return self._labels(self.forward(X))

    def evaluate(self, X, Y):
        """Accuracy in [0, 1]: the fraction of samples whose predicted class is the
        target's. Y: targets (n_L, m) or labels (m,)."""
        X = self.check_inputs(X)
        return self._accuracy(self.forward(X), self.check_targets(Y, X.shape[1]))

    def _labels(self, A):
        if A.shape[0] == 1:
            threshold = 0.0 if self.output_activation.name in ("tanh", "sign") else 0.5
            return (A[0] > threshold).astype(int)
        return np.argmax(A, axis=0)

    def _accuracy(self, A, Y):
        return float(np.mean(self._labels(A) == self._labels(Y)))

    # ----- input checks ----------------------------------------------------------------
    def check_inputs(self, X):
        """X as an array of shape (n_1, m), m ≥ 1, in the network's dtype, or a clear error.
        Every public method calls it first, so it also checks that the parameters are still
        finite (an array can be changed in place: net.W[2][0, 0] = np.nan)."""
        self._check_parameters()
        X = np.asarray(X)
        n_1 = self.n(1)
        if X.ndim != 2 or X.shape[0] != n_1:
            hint = ""
            if X.ndim == 1 and X.shape[0] == n_1:
                hint = " A single sample must be a column: use x.reshape(-1, 1)."
            elif X.ndim == 2 and X.shape[1] == n_1:
                hint = " Samples are columns: did you mean X.T?"
            raise ValueError(
                f"expected inputs of shape (n_1, m) = ({n_1}, m), one sample per column; "
                f"got shape {X.shape}.{hint}"
            )
        if X.shape[1] == 0:
            raise ValueError(f"expected at least one sample (one column); got an empty batch "
                             f"of shape {X.shape}")
        if not np.issubdtype(X.dtype, np.number) or np.issubdtype(X.dtype, np.complexfloating):
            raise TypeError(f"expected real numbers as inputs; got dtype {X.dtype}")
        X = X.astype(self.dtype, copy=False)
        if not np.all(np.isfinite(X)):
            raise ValueError("the inputs contain NaN or infinite values")
        return X

    def check_targets(self, Y, m):
        """Targets as an array of shape (n_L, m); integer labels of shape (m,) are
        one-hot encoded (or, for a single output unit, used as the 0/1 target)."""
        Y = np.asarray(Y)
        n_L = self.n(self.L)
        if Y.ndim == 1:
            Y = self._labels_to_targets(Y, n_L)
        if Y.shape != (n_L, m):
            raise ValueError(
                f"expected targets of shape (n_L, m) = ({n_L}, {m}) or labels of shape "
                f"({m},); got shape {Y.shape}"
            )
        if not np.issubdtype(Y.dtype, np.number) or np.issubdtype(Y.dtype, np.complexfloating):
            raise TypeError(f"expected real numbers as targets; got dtype {Y.dtype}")
        Y = Y.astype(self.dtype, copy=False)
        if not np.all(np.isfinite(Y)):
            raise ValueError("the targets contain NaN or infinite values")
        return Y

    def _check_parameters(self):
        for name, array in self.parameters():
            if not np.all(np.isfinite(array)):
                symbol, l = name[0], name[1:]
                raise ValueError(
                    f"{symbol}[{l}] contains NaN or infinite values: it was changed in place after "
                    f"it was set (e.g. net.{symbol}[{l}][0, 0] = ...). Assign finite values: "
                    f"net.{symbol}[{l}] = ...")

    @staticmethod
    def _labels_to_targets(y, n_L):
        # one output unit: the label itself is the 0/1 target (row "1" of two classes)
        return one_hot(y, 2)[1:] if n_L == 1 else one_hot(y, n_L)


def _check_eta(eta):
    return check_number("eta (the learning rate)", eta, positive=True)
