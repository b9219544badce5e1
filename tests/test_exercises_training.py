"""The training exercises (`dnn_core.exercises.training`): an independent reference
solution of each passes, answers written differently from the reference pass, and the
mistakes a learner could plausibly make are caught.

SOLUTIONS, VARIANTS and MISTAKES are the tables that tests/test_exercises.py runs (and it
checks that every registered exercise has all three)."""

import numpy as np

from dnn_core import datasets
from dnn_core.activations import sigmoid_prime


def ref_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def ref_sigmoid_prime_from_a(a):
    return a * (1 - a)


def ref_saturation_threshold(t):
    return 2 * np.arctanh(np.sqrt(1 - 4 * t))


def ref_sgd_step(W, b, dW, db, eta):
    return W - eta * dW, b - eta * db


def ref_minibatch_indices(m, batch_size):
    return [np.arange(k, min(k + batch_size, m)) for k in range(0, m, batch_size)]


def ref_first_layer_ratio(net, X, Y):
    zs, activations = [], [X]
    for l in range(2, net.L + 1):
        zs.append(net.W[l] @ activations[-1] + net.b[l])
        activations.append(ref_sigmoid(zs[-1]))
    delta = (activations[-1] - Y) * ref_sigmoid(zs[-1]) * (1 - ref_sigmoid(zs[-1]))
    last = np.linalg.norm(delta.mean(axis=1))
    for l in range(net.L - 1, 1, -1):
        s = ref_sigmoid(zs[l - 2])
        delta = (net.W[l + 1].T @ delta) * s * (1 - s)
    return np.linalg.norm(delta.mean(axis=1)) / last


def ref_largest_decreasing_eta(net, X, Y, etas):
    J0 = net.J(X, Y)
    best = None
    for eta in etas:
        trial = net.copy()
        trial.update(X, Y, eta)
        if trial.J(X, Y) < J0:
            best = eta
    return best


def ref_stuck_classes(A, y):
    n = A.shape[0]
    means = []
    for j in range(n):
        a = A[j, y == j]
        means.append(np.mean(np.abs(a - 1) * a * (1 - a)))
    means = np.array(means)
    return [j for j in range(n) if means[j] < 0.01 * np.median(means)]


def ref_circle_neuron(X):
    a = ref_sigmoid(-X[0] ** 2 - X[1] ** 2 + 0.75 ** 2)
    return (a > 0.5).astype(int)


def ref_one_hot(y, n_classes):
    Y = np.zeros((n_classes, len(y)))
    Y[y, np.arange(len(y))] = 1.0
    return Y


def ref_accuracy_argmax(A, y):
    return float(np.mean(np.argmax(A, axis=0) == y))


def ref_confusion_counts(true, predicted, n_classes):
    C = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(true, predicted):
        C[t, p] += 1
    return C


SOLUTIONS = {
    "sigmoid_prime_from_a": ref_sigmoid_prime_from_a,
    "saturation_threshold": ref_saturation_threshold,
    "first_layer_ratio": ref_first_layer_ratio,
    "sgd_step": ref_sgd_step,
    "largest_decreasing_eta": ref_largest_decreasing_eta,
    "stuck_classes": ref_stuck_classes,
    "circle_neuron": ref_circle_neuron,
    "minibatch_indices": ref_minibatch_indices,
    "one_hot": ref_one_hot,
    "accuracy_argmax": ref_accuracy_argmax,
    "confusion_counts": ref_confusion_counts,
}

def threshold_by_bisection(t):
    """σ′(z) = t for z > 0 by bisection: σ′ falls from 1/4 at 0 towards 0."""
    low, high = 0.0, 50.0
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if ref_sigmoid(middle) * (1 - ref_sigmoid(middle)) > t else (low, middle)
    return (low + high) / 2


# Correct answers written differently from the reference (another formula, a loop instead
# of a vectorised expression, a tuple where a list is asked, another sensible step h, ...).
def loop_confusion(true, predicted, n_classes):
    flat = np.bincount(np.asarray(true) * n_classes + np.asarray(predicted), minlength=n_classes ** 2)
    return flat.reshape(n_classes, n_classes)


def ratio_with_hadamard_free_form(net, X, Y):
    """BP2 in the alternative form δ^l = Σ′(z^l)(W^{l+1})^T δ^{l+1}, one sample at a time."""
    sums = {l: 0.0 for l in range(2, net.L + 1)}
    for i in range(X.shape[1]):
        z, a = {}, {1: X[:, [i]]}
        for l in range(2, net.L + 1):
            z[l] = net.W[l] @ a[l - 1] + net.b[l]
            a[l] = ref_sigmoid(z[l])
        delta = {net.L: np.diag(sigmoid_prime(z[net.L]).ravel()) @ (a[net.L] - Y[:, [i]])}
        for l in range(net.L - 1, 1, -1):
            delta[l] = np.diag(sigmoid_prime(z[l]).ravel()) @ net.W[l + 1].T @ delta[l + 1]
        for l in delta:
            sums[l] = sums[l] + delta[l]
    return float(np.sqrt(np.sum(sums[2] ** 2)) / np.sqrt(np.sum(sums[net.L] ** 2)))


def eta_by_loss_curve(net, X, Y, etas):
    losses = []
    for eta in etas:
        trial = net.copy()
        g = net.backprop(X, Y)
        for l in trial.layers:                      # the step written out, no net.update
            trial.W[l] = trial.W[l] - eta * g.dW[l]
            trial.b[l] = trial.b[l] - eta * g.db[l]
        losses.append(trial.J(X, Y))
    decreasing = [eta for eta, J in zip(etas, losses) if J < net.J(X, Y)]
    return np.float32(sorted(decreasing)[-1])


def one_hot_by_comparison(y, n_classes):
    return (np.arange(n_classes)[:, None] == np.asarray(y)[None, :]).astype(int)


# Correct answers written differently from the reference (another formula, a loop instead
# of a vectorised expression, a tuple where a list is asked, another sensible step h, ...).
VARIANTS = [
    ("sigmoid_prime_from_a", lambda a: a - a ** 2),
    ("sigmoid_prime_from_a", lambda a: a * (1 - a) + 0 * np.sum(a)),
    ("saturation_threshold", lambda t: np.log((1 + np.sqrt(1 - 4 * t)) / (1 - np.sqrt(1 - 4 * t)))),
    ("saturation_threshold", threshold_by_bisection),  # a root finder instead of the formula
    ("first_layer_ratio", ratio_with_hadamard_free_form),
    ("sgd_step", lambda W, b, dW, db, eta: [W + (-eta) * dW, b + (-eta) * db]),   # a list
    ("sgd_step", lambda W, b, dW, db, eta: (np.subtract(W, eta * dW), b - db * eta)),
    ("largest_decreasing_eta", eta_by_loss_curve),
    ("minibatch_indices", lambda m, n: tuple(range(k, min(k + n, m)) for k in range(0, m, n))),
    ("minibatch_indices", lambda m, n: (np.arange(m)[k:k + n] for k in range(0, m, n))),
    ("minibatch_indices", lambda m, n: np.array_split(np.arange(m), range(n, m, n))),
    ("one_hot", lambda y, n: np.eye(n)[:, y]),
    ("one_hot", one_hot_by_comparison),
    ("accuracy_argmax", lambda A, y: sum(int(np.argmax(A[:, i]) == y[i]) for i in range(len(y))) / len(y)),
    ("confusion_counts", loop_confusion),
    ("stuck_classes", lambda A, y: tuple(j for j in range(A.shape[0])
                                         if np.mean(np.abs(A[j, y == j] - 1) * sigmoid_prime(
                                             np.log(A[j, y == j] / (1 - A[j, y == j]))))
                                         < 0.01 * np.median([np.mean((1 - A[k, y == k]) ** 2 * A[k, y == k])
                                                             for k in range(A.shape[0])]))),
    ("circle_neuron", lambda X: np.hypot(X[0], X[1]) < 0.7),     # booleans, another radius
    ("circle_neuron", lambda X: ref_sigmoid(10 * (0.8 ** 2 - np.sum(X ** 2, axis=0))) > 0.5),
]

MISTAKES = [
    ("sigmoid_prime_from_a", lambda a: sigmoid_prime(a)),
    ("saturation_threshold", lambda t: np.log(1 / t)),
    ("sgd_step", lambda W, b, dW, db, eta: (W + eta * dW, b + eta * db)),
    # shuffle=False must keep the order; a dropped short last batch is wrong too
    ("minibatch_indices", lambda m, n: [np.arange(k, k + n) for k in range(0, m - n + 1, n)]),
    ("accuracy_argmax", lambda A, y: float(np.mean(np.argmax(A, 1)[:len(y)] == y))),
    ("confusion_counts", lambda t, p, n: ref_confusion_counts(p, t, n)),
    ("one_hot", lambda y, n: ref_one_hot(y, n).T),
    ("one_hot", lambda y, n: datasets.one_hot(y, n)),          # the package's own version
    ("one_hot", lambda y, n: np.eye(n)[y]),                    # rows instead of columns
    ("sigmoid_prime_from_a", lambda a: np.exp(-a) / (1 + np.exp(-a)) ** 2),   # σ′(a), not σ′(z)
    ("sigmoid_prime_from_a", lambda a: a * (1 - a) / 4),
    ("saturation_threshold", lambda t: np.log((1 - np.sqrt(1 - 4 * t)) / (1 + np.sqrt(1 - 4 * t)))),
    ("saturation_threshold", lambda t: (1 + np.sqrt(1 - 4 * t)) / 2),       # σ(z*), not z*
    ("sgd_step", lambda W, b, dW, db, eta: (W - dW, b - db)),                 # no η
    ("sgd_step", lambda W, b, dW, db, eta: (W, b)),                           # no step
    ("minibatch_indices", lambda m, n: [np.arange(k, k + n) for k in range(0, m, n)]),  # overruns m
    ("minibatch_indices", lambda m, n: [np.arange(k, min(k + n, m) + 1) for k in range(0, m, n)]),
    ("accuracy_argmax", lambda A, y: 100 * float(np.mean(np.argmax(A, axis=0) == y))),  # percent
    ("accuracy_argmax", lambda A, y: float(np.mean(np.argmax(A, axis=1)[0] == y))),
    ("confusion_counts", lambda t, p, n: np.histogram2d(t, p, bins=n)[0] * 0),
    ("confusion_counts", lambda t, p, n: ref_confusion_counts(t, p, n) - np.diag(np.diag(
        ref_confusion_counts(t, p, n)))),                                     # diagonal dropped
    # 07: the package's backprop is off limits; BP2 without σ′; the output over the first layer
    ("first_layer_ratio", lambda net, X, Y: float(np.linalg.norm(net.backprop(X, Y).db[2])
                                                  / np.linalg.norm(net.backprop(X, Y).db[net.L]))),
    ("first_layer_ratio", lambda net, X, Y: 1 / ref_first_layer_ratio(net, X, Y)),
    ("first_layer_ratio", lambda net, X, Y: no_sigma_prime_ratio(net, X, Y)),
    ("first_layer_ratio", lambda net, X, Y: norm_of_every_delta_ratio(net, X, Y)),
    # 08: trying every η on the same network (no copy), the smallest η that fails
    ("largest_decreasing_eta", lambda net, X, Y, etas: without_copy(net, X, Y, etas)),
    ("largest_decreasing_eta", lambda net, X, Y, etas: first_failure(net, X, Y, etas)),
    ("largest_decreasing_eta", lambda net, X, Y, etas: float(max(etas))),
    # 09: the never-predicted classes; σ′(a) instead of a(1 − a); every sample instead of the class's
    ("stuck_classes", lambda A, y: [j for j in range(A.shape[0]) if not np.any(np.argmax(A, 0) == j)]),
    ("stuck_classes", lambda A, y: stuck_with_sigmoid_prime_of_a(A, y)),
    ("stuck_classes", lambda A, y: [j for j in range(A.shape[0]) if np.mean(A[j]) < 0.01]),
    # 10: a plain linear neuron on (x_1, x_2); the classes swapped
    ("circle_neuron", lambda X: (X[0] + X[1] > 0).astype(int)),
    ("circle_neuron", lambda X: (np.hypot(X[0], X[1]) > 0.75).astype(int)),
]


def no_sigma_prime_ratio(net, X, Y):
    trace = net.forward_trace(X)
    delta = (trace.a[net.L] - Y) * sigmoid_prime(trace.z[net.L])
    last = np.linalg.norm(delta.mean(axis=1))
    for l in range(net.L - 1, 1, -1):
        delta = net.W[l + 1].T @ delta
    return np.linalg.norm(delta.mean(axis=1)) / last


def norm_of_every_delta_ratio(net, X, Y):
    trace = net.forward_trace(X)
    delta = {net.L: (trace.a[net.L] - Y) * sigmoid_prime(trace.z[net.L])}
    for l in range(net.L - 1, 1, -1):
        delta[l] = (net.W[l + 1].T @ delta[l + 1]) * sigmoid_prime(trace.z[l])
    return np.linalg.norm(delta[2]) / np.linalg.norm(delta[net.L])


def without_copy(net, X, Y, etas):
    J0, best = net.J(X, Y), None
    for eta in etas:
        net.update(X, Y, eta)
        if net.J(X, Y) < J0:
            best = eta
    return best


def stuck_with_sigmoid_prime_of_a(A, y):
    means = np.array([np.mean(np.abs(A[j, y == j] - 1) * sigmoid_prime(A[j, y == j]))
                      for j in range(A.shape[0])])
    return [j for j in range(A.shape[0]) if means[j] < 0.01 * np.median(means)]


def first_failure(net, X, Y, etas):
    J0 = net.J(X, Y)
    for eta in etas:
        trial = net.copy()
        trial.update(X, Y, eta)
        if trial.J(X, Y) >= J0:
            return eta
    return etas[-1]
