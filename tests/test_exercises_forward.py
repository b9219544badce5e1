"""The forward exercises (`dnn_core.exercises.forward`): an independent reference
solution of each passes, answers written differently from the reference pass, and the
mistakes a learner could plausibly make are caught.

SOLUTIONS, VARIANTS and MISTAKES are the tables that tests/test_exercises.py runs (and it
checks that every registered exercise has all three)."""

import functools
import itertools
import math

import numpy as np

from dnn_core import Network, Perceptron
from dnn_core.activations import sigmoid
from dnn_core.exercises import check


def ref_perceptron_update(w, b, x, y, eta):
    if y * (w @ x + b) <= 0:
        return w + eta * y * x, b + eta * y
    return w, b


def ref_perceptron_predict(w, b, X):
    return np.where(w @ X + b >= 0, 1.0, -1.0)


def ref_perceptron_epoch(w, b, X, y, eta):
    for i in range(X.shape[1]):
        w, b = ref_perceptron_update(w, b, X[:, i], y[i], eta)
    return w, b


def ref_best_line_accuracy(X, y, values):
    return max(np.mean(ref_perceptron_predict(np.array([w1, w2]), b, X) == y)
               for w1 in values for w2 in values for b in values)


def ref_parameter_count(sizes):
    return sum(n * n_prev + n for n_prev, n in zip(sizes[:-1], sizes[1:]))


def ref_weight_index(j, k):
    return (j - 1, k - 1)


def ref_layer_shapes(sizes):
    return [((n, n_prev), (n, 1)) for n_prev, n in zip(sizes[:-1], sizes[1:])]


def ref_which_weight(before, after):
    l = min(l for l in before.z if not np.array_equal(before.z[l], after.z[l]))
    change = after.z[l] - before.z[l]
    j = int(np.argmax(np.abs(change).max(axis=1)))
    row, A = change[j], before.a[l - 1]
    dw = A @ row / np.sum(A * A, axis=1)                 # least squares: row ≈ dw_k a_k
    k = int(np.argmin(np.linalg.norm(row - dw[:, None] * A, axis=1)))
    return (l, j + 1, k + 1)


def ref_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def ref_as_column(values):
    return np.asarray(values, dtype=float).reshape(-1, 1)


def ref_layer_forward(W, a_prev, b):
    return ref_sigmoid(W @ a_prev + b)


def ref_forward_pass(params, x):
    a = x
    for W, b in params:
        a = ref_sigmoid(W @ a + b)
    return a


def ref_forward_rows(params, samples):
    return ref_forward_pass(params, samples.T).T


def ref_neuron_output_map(Ws, bs, points, j):
    a = points
    for W, b in zip(Ws, bs):
        a = np.tanh(W @ a + b)
    return a[j - 1]


SOLUTIONS = {
    "perceptron_update": ref_perceptron_update,
    "perceptron_predict": ref_perceptron_predict,
    "perceptron_epoch": ref_perceptron_epoch,
    "best_line_accuracy": ref_best_line_accuracy,
    "parameter_count": ref_parameter_count,
    "weight_index": ref_weight_index,
    "layer_shapes": ref_layer_shapes,
    "which_weight": ref_which_weight,
    "sigmoid_warmup": ref_sigmoid,
    "as_column": ref_as_column,
    "layer_forward": ref_layer_forward,
    "forward_pass": ref_forward_pass,
    "forward_rows": ref_forward_rows,
    "neuron_output_map": ref_neuron_output_map,
}


# ----- correct answers written differently --------------------------------------------------

def update_in_place(w, b, x, y, eta):
    z = np.dot(w, x) + b
    if np.sign(z) != y:                    # wrong side, or z = 0 (np.sign(0) = 0 ≠ ±1)
        w += eta * y * x                   # the checker hands over copies
        b = b + eta * y
    return [w, b]                          # a list where a pair is asked


def predict_loop(w, b, X):
    out = []
    for i in range(X.shape[1]):
        z = sum(w[k] * X[k, i] for k in range(len(w))) + b
        out.append(1 if z >= 0 else -1)    # ints, a list
    return out


def epoch_vectors(w, b, X, y, eta):
    w = w.copy()
    for x_i, y_i in zip(X.T, y):           # the columns, in order
        if not y_i * (x_i @ w + b) > 0:
            w = w + eta * y_i * x_i
            b += eta * y_i
    return (w, b)


def best_line_strict(X, y, values):
    """Counts a sample as correct only when y z > 0 (a point on the line is wrong): the same
    best line exists on every hidden case, so the best accuracy is the same."""
    grid = np.array(list(itertools.product(values, repeat=3)))       # (K, 3)
    Z = grid[:, :2] @ X + grid[:, 2:]                                 # (K, m)
    return (y * Z > 0).mean(axis=1).max()


def best_line_count_over_m(X, y, values):
    best = 0
    for w1, w2, b in itertools.product(values, values, values):
        pred = np.sign(w1 * X[0] + w2 * X[1] + b)
        pred[pred == 0] = 1
        best = max(best, int(np.sum(pred == y)))
    return best / len(y)


def parameter_count_loop(sizes):
    total = 0
    for l in range(1, len(sizes)):
        total += sizes[l] * (sizes[l - 1] + 1)       # each neuron: n_{l-1} weights and a bias
    return total


def layer_shapes_generator(sizes):
    return (([sizes[l], sizes[l - 1]], [sizes[l], 1]) for l in range(1, len(sizes)))


def which_weight_ratios(before, after):
    for l in sorted(before.z):
        change = after.z[l] - before.z[l]
        if np.abs(change).max() > 0:
            j = int(np.flatnonzero(np.abs(change).max(axis=1) > 0)[0])
            for k, a_k in enumerate(before.a[l - 1]):
                ratio = change[j] / a_k                   # Δw in every column for the right k
                if np.allclose(ratio, ratio[0]):
                    return l, j + 1, k + 1


def which_weight_cosine(before, after):
    layers = [l for l in before.z if np.abs(after.z[l] - before.z[l]).max() > 1e-12]
    l = layers[0]
    d = after.z[l] - before.z[l]
    j = np.abs(d).sum(axis=1).argmax()
    A = before.a[l - 1]
    cos = np.abs(A @ d[j]) / (np.linalg.norm(A, axis=1) * np.linalg.norm(d[j]))
    return np.array([l, j + 1, cos.argmax() + 1])     # an array where a tuple is asked


def forward_rows_row_form(params, samples):
    A = samples
    for W, b in params:
        A = 1 / (1 + np.exp(-(A @ W.T + b.T)))          # (W a + b)^T = a^T W^T + b^T
    return A


def forward_rows_per_sample(params, samples):
    rows = []
    for s in samples:
        a = s.reshape(-1, 1)
        for W, b in params:
            a = sigmoid(W @ a + b)
        rows.append(a.ravel())
    return np.array(rows)


def neuron_map_per_point(Ws, bs, points, j):
    values = []
    for p in points.T:
        a = p
        for W, b in zip(Ws, bs):
            a = np.tanh(W @ a + b.ravel())
        values.append(a[j - 1])
    return values


VARIANTS = [
    ("perceptron_update", update_in_place),
    ("perceptron_predict", predict_loop),
    ("perceptron_predict", lambda w, b, X: 2 * (w @ X + b >= 0) - 1),
    ("perceptron_epoch", epoch_vectors),
    ("best_line_accuracy", best_line_strict),
    ("best_line_accuracy", best_line_count_over_m),
    ("parameter_count", parameter_count_loop),
    ("parameter_count", lambda s: int(np.dot(s[1:], s[:-1]) + np.sum(s[1:]))),
    ("weight_index", lambda j, k: [j - 1, k - 1]),
    ("weight_index", lambda j, k: np.array([j, k]) - 1),
    ("layer_shapes", layer_shapes_generator),
    ("layer_shapes", lambda s: tuple(((n, p), (n, 1)) for p, n in zip(s, s[1:]))),
    ("which_weight", which_weight_ratios),
    ("which_weight", which_weight_cosine),
    ("sigmoid_warmup", lambda z: 0.5 * (1 + np.tanh(z / 2))),
    ("sigmoid_warmup", lambda z: np.exp(z) / (1 + np.exp(z))),
    ("sigmoid_warmup", lambda z: np.vectorize(lambda t: 1 / (1 + math.exp(-t)))(z)),
    ("as_column", lambda v: np.array(v, dtype=float)[:, np.newaxis]),
    ("as_column", lambda v: np.vstack([float(t) for t in v])),
    ("layer_forward", lambda W, a, b: 1 / (1 + np.exp(-(np.einsum("jk,km->jm", W, a) + b)))),
    ("layer_forward", lambda W, a, b: sigmoid(np.dot(W, a) + b.ravel()[:, None])),
    ("forward_pass", lambda params, x: functools.reduce(
        lambda a, p: sigmoid(p[0] @ a + p[1]), params, x)),
    ("forward_pass", lambda params, x: np.hstack([
        functools.reduce(lambda a, p: ref_sigmoid(p[0] @ a + p[1]), params, x[:, [i]])
        for i in range(x.shape[1])])),
    ("forward_rows", forward_rows_row_form),
    ("forward_rows", forward_rows_per_sample),
    ("neuron_output_map", neuron_map_per_point),
    ("neuron_output_map", lambda Ws, bs, P, j: ref_neuron_output_map(Ws, bs, P, j)[None, :][0]),
]


# ----- plausible wrong answers ---------------------------------------------------------------

def epoch_with_start_weights(w, b, X, y, eta):
    """Decides every mistake with the STARTING (w, b), then applies all updates at once."""
    wrong = y * (w @ X + b) <= 0
    return w + eta * (X[:, wrong] @ y[wrong]), b + eta * y[wrong].sum()


def which_weight_last_layer(before, after):
    l, j, k = ref_which_weight(before, after)
    return (max(before.z), j, k)


def which_weight_largest_product(before, after):
    l, j, _ = ref_which_weight(before, after)
    d = after.z[l][j - 1] - before.z[l][j - 1]
    return (l, j, int(np.argmax(np.abs(before.a[l - 1] @ d))) + 1)   # not normalised


MISTAKES = [
    ("perceptron_update", lambda w, b, x, y, eta: (w + eta * y * x, b + eta * y)),  # always updates
    ("perceptron_update", lambda w, b, x, y, eta: ref_perceptron_update(w, b, x, y, eta)
     if w @ x + b != 0 else (w, b)),                                              # y z < 0 only
    ("perceptron_update", lambda w, b, x, y, eta: (w + eta * y * x, b)
     if y * (w @ x + b) <= 0 else (w, b)),                                        # forgets b
    ("perceptron_update", lambda w, b, x, y, eta: (Perceptron.update(Perceptron(len(w)), x, y, eta),
                                                   b)),                           # the package's rule
    ("perceptron_predict", lambda w, b, X: np.sign(w @ X + b)),                       # sign(0) = 0
    ("perceptron_predict", lambda w, b, X: np.where(w @ X + b > 0, 1.0, -1.0)),       # sign(0) = −1
    ("perceptron_predict", lambda w, b, X: np.where(w @ X + b >= 0, 1.0, 0.0)),       # labels 0/1
    ("perceptron_epoch", epoch_with_start_weights),
    ("perceptron_epoch", lambda w, b, X, y, eta: functools.reduce(
        lambda wb, i: (wb[0] + eta * y[i] * X[:, i], wb[1] + eta * y[i])
        if y[i] * (wb[0] @ X[:, i] + wb[1]) < 0 else wb, range(X.shape[1]), (w, b))),  # < 0
    ("perceptron_epoch", lambda w, b, X, y, eta: ref_perceptron_update(w, b, X[:, -1], y[-1], eta)),
    ("best_line_accuracy", lambda X, y, v: ref_best_line_accuracy(X, y, v) * len(y)),  # a count
    ("best_line_accuracy", lambda X, y, v: max(                                    # no bias
        np.mean(ref_perceptron_predict(np.array([w1, w2]), 0.0, X) == y) for w1 in v for w2 in v)),
    ("best_line_accuracy", lambda X, y, v: max(                                    # w_1 = w_2
        np.mean(ref_perceptron_predict(np.array([w, w]), b, X) == y) for w in v for b in v)),
    ("parameter_count", lambda s: sum(n * p for p, n in zip(s[:-1], s[1:]))),         # no biases
    ("parameter_count", lambda s: ref_parameter_count(s) + s[0]),                    # input biases
    ("parameter_count", lambda s: Network(s).num_parameters()),                      # the package
    ("weight_index", lambda j, k: (j, k)),                                            # 1-based
    ("weight_index", lambda j, k: (k - 1, j - 1)),                                    # w_kj
    ("layer_shapes", lambda s: [((p, n), (n, 1)) for p, n in zip(s[:-1], s[1:])]),   # transposed
    ("layer_shapes", lambda s: [((n, p), (n,)) for p, n in zip(s[:-1], s[1:])]),     # b 1-D
    ("layer_shapes", lambda s: [((n, p), (n, 1)) for p, n in zip([0] + s[:-1], s)]),  # input layer
    ("layer_shapes", lambda s: [(Network(s).W[l].shape, Network(s).b[l].shape)
                                for l in range(2, len(s) + 1)]),                   # the package
    ("which_weight", lambda before, after: tuple(np.array(ref_which_weight(before, after)) - 1)),
    ("which_weight", which_weight_last_layer),
    ("which_weight", which_weight_largest_product),
    ("sigmoid_warmup", lambda z: 1.0 / (1.0 + np.exp(z))),                            # sign of z
    ("sigmoid_warmup", lambda z: 1.0 / (1.0 + math.exp(-z))),                         # scalars only
    ("sigmoid_warmup", lambda z: np.tanh(z)),
    ("as_column", lambda v: np.asarray(v, dtype=float)),                              # 1-D
    ("as_column", lambda v: np.asarray(v, dtype=float).reshape(1, -1)),               # a row
    ("layer_forward", lambda W, a, b: sigmoid(W @ a)),                                # no bias
    ("layer_forward", lambda W, a, b: W @ a + b),                                     # no σ
    ("layer_forward", lambda W, a, b: sigmoid(W @ a + b.T)),                          # b as a row
    ("forward_pass", lambda params, x: params[-1][1] + params[-1][0] @ ref_forward_pass(
        params[:-1], x)),                                                           # no σ at L
    ("forward_pass", lambda params, x: ref_forward_pass(params, ref_sigmoid(x))),     # σ(x) first
    ("forward_pass", lambda params, x: ref_forward_pass(params[:-1], x)),             # stops early
    ("forward_pass", lambda params, x: ref_forward_pass([(W.T, b) for W, b in params], x)),  # W^T
    ("forward_rows", lambda params, s: functools.reduce(
        lambda A, p: ref_sigmoid(A @ p[0].T + p[1]), params, s)),                   # b not b^T
    ("forward_rows", lambda params, s: ref_forward_pass(params, s.T)),                # columns out
    ("forward_rows", lambda params, s: functools.reduce(
        lambda A, p: ref_sigmoid(A @ p[0] + p[1].T), params, s)),                   # W, not W^T
    ("neuron_output_map", lambda Ws, bs, P, j: ref_neuron_output_map(Ws, bs, P, j + 1)
     if j + 1 <= Ws[-1].shape[0] else ref_neuron_output_map(Ws, bs, P, 1)),        # 0-based j
    ("neuron_output_map", lambda Ws, bs, P, j: functools.reduce(
        lambda a, Wb: ref_sigmoid(Wb[0] @ a + Wb[1]), zip(Ws, bs), P)[j - 1]),      # σ, not tanh
]



def test_the_package_versions_are_named_not_accepted():
    """An answer that calls what the exercise asks for (the Perceptron's own rule, a Network)
    is told so; the package works again afterwards."""
    cheat = check("perceptron_predict", lambda w, b, X: Perceptron(len(w)).predict(X), quiet=True)
    assert cheat.status == "wrong" and "calls Perceptron.predict" in cheat.message
    cheat = check("layer_shapes", lambda s: [(Network(s).W[l].shape, (s[l - 1], 1))
                                             for l in range(2, len(s) + 1)], quiet=True)
    assert cheat.status == "wrong" and "calls Network(sizes)" in cheat.message
    assert Network([2, 1], seed=0).num_parameters() == 3
    assert Perceptron(2).predict(np.zeros((2, 1))).tolist() == [1.0]
