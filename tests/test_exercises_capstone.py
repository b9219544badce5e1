"""The capstone exercises (`dnn_core.exercises.capstone`, notebook 11): an independent
reference solution of each passes, answers written differently from the reference pass, and
the mistakes a learner could plausibly make are caught.

SOLUTIONS, VARIANTS and MISTAKES are the tables that tests/test_exercises.py runs (and it
checks that every registered exercise has all three)."""

from collections import OrderedDict
from types import MappingProxyType

import numpy as np

from dnn_core import Network
from dnn_core.exercises import check


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


# Independent references, indexed by the layer number as in the math:
# W[l], b[l], z[l], delta[l], dW[l], db[l] for l = 2..L and a[l] for l = 1..L (a[1] = X)

def ref_init_parameters(sizes, rng):
    W, b = {}, {}
    for l in range(2, len(sizes) + 1):
        W[l] = rng.standard_normal((sizes[l - 1], sizes[l - 2]))
        b[l] = rng.standard_normal((sizes[l - 1], 1))
    return W, b


def ref_forward_keep(W, b, X):
    L = len(W) + 1
    z, a = {}, {1: X}
    for l in range(2, L + 1):
        z[l] = W[l] @ a[l - 1] + b[l]
        a[l] = sigmoid(z[l])
    return z, a


def ref_output_delta(z_L, a_L, Y):
    return (a_L - Y) * sigmoid_prime(z_L)


def ref_all_deltas(W, z, delta_L):
    L = len(W) + 1
    delta = {L: delta_L}
    for l in range(L - 1, 1, -1):
        delta[l] = (W[l + 1].T @ delta[l + 1]) * sigmoid_prime(z[l])
    return delta


def ref_batch_gradients(delta, a):
    dW, db = {}, {}
    for l in delta:
        m = delta[l].shape[1]
        dW[l] = delta[l] @ a[l - 1].T / m
        db[l] = delta[l].mean(axis=1, keepdims=True)
    return dW, db


def ref_backprop(W, b, X, Y):
    z, a = ref_forward_keep(W, b, X)
    L = len(W) + 1
    delta = ref_all_deltas(W, z, ref_output_delta(z[L], a[L], Y))
    return ref_batch_gradients(delta, a)


def ref_update_mini_batch(W, b, X, Y, eta):
    dW, db = ref_backprop(W, b, X, Y)
    return {l: W[l] - eta * dW[l] for l in W}, {l: b[l] - eta * db[l] for l in b}


def ref_run_epoch(W, b, X, Y, batch_size, eta, rng):
    m = X.shape[1]
    order = rng.permutation(m)
    for k in range(0, m, batch_size):
        batch = order[k:k + batch_size]
        W, b = ref_update_mini_batch(W, b, X[:, batch], Y[:, batch], eta)
    return W, b


def accuracy(W, b, X, y):
    a = ref_forward_keep(W, b, X)[1]
    return float(np.mean(np.argmax(a[len(W) + 1], axis=0) == y))


def ref_train_validated(W, b, X, Y, X_val, y_val, epochs, batch_size, eta, rng):
    accuracies = []
    for _ in range(epochs):
        W, b = ref_run_epoch(W, b, X, Y, batch_size, eta, rng)
        accuracies.append(accuracy(W, b, X_val, y_val))
    return W, b, accuracies


SOLUTIONS = {
    "init_parameters": ref_init_parameters,
    "forward_keep": ref_forward_keep,
    "output_delta": ref_output_delta,
    "all_deltas": ref_all_deltas,
    "batch_gradients": ref_batch_gradients,
    "update_mini_batch": ref_update_mini_batch,
    "run_epoch": ref_run_epoch,
    "train_validated": ref_train_validated,
}


# Correct answers written differently

def init_from_pairs_of_sizes(sizes, rng):
    # rng.normal instead of standard_normal, NumPy integers as keys, read-only mappings
    W, b = {}, {}
    for l, (n_prev, n) in zip(np.arange(2, len(sizes) + 1), zip(sizes, sizes[1:])):
        W[l] = rng.normal(0.0, 1.0, (n, n_prev))
        b[l] = rng.normal(0.0, 1.0, (n, 1))
    return MappingProxyType(W), MappingProxyType(b)


def forward_over_the_sorted_keys(W, b, X):
    # the article's lists, then numbered; a Mapping of its own kind for z
    zs, activations = [], [X]
    for l in sorted(W):
        zs.append(np.dot(W[l], activations[-1]) + b[l])
        activations.append(1 / (1 + np.exp(-zs[-1])))
    return OrderedDict(zip(sorted(W), zs)), dict(enumerate(activations, start=1))


def deltas_by_einsum_keys_backwards(W, z, delta_L):
    # the dict is filled from l = L down to 2: the order of the keys does not matter
    L = max(W)
    delta = {L: delta_L}
    for l in sorted(z, reverse=True)[1:]:
        s = sigmoid(z[l])
        delta[l] = np.einsum("kj,km->jm", W[l + 1], delta[l + 1]) * s * (1 - s)
    return delta


def gradients_per_sample(delta, a):
    dW, db = {}, {}
    for l, d in delta.items():
        m = d.shape[1]
        dW[l] = sum(np.outer(d[:, i], a[l - 1][:, i]) for i in range(m)) / m
        db[l] = d.sum(axis=1).reshape(-1, 1) / m
    return dW, db


def update_in_place(W, b, X, Y, eta):
    dW, db = ref_backprop(W, b, X, Y)
    for l in W:
        W[l] -= eta * dW[l]
        b[l] -= eta * db[l]
    return W, b


def epoch_reordering_the_columns(W, b, X, Y, batch_size, eta, rng):
    order = np.arange(X.shape[1])
    rng.shuffle(order)                              # the same numbers as rng.permutation(m)
    X, Y = X[:, order], Y[:, order]
    for k in range(0, X.shape[1], batch_size):
        W, b = ref_update_mini_batch(W, b, X[:, k:k + batch_size], Y[:, k:k + batch_size], eta)
    return W, b


def train_with_a_while_loop(W, b, X, Y, X_val, y_val, epochs, batch_size, eta, rng):
    history = ()
    L = max(W)
    while len(history) < epochs:
        W, b = epoch_reordering_the_columns(W, b, X, Y, batch_size, eta, rng)
        A = ref_forward_keep(W, b, X_val)[1][L]
        history += (np.sum(A.argmax(axis=0) == y_val) / len(y_val),)
    return W, b, history


VARIANTS = [
    ("init_parameters", init_from_pairs_of_sizes),
    ("forward_keep", forward_over_the_sorted_keys),
    ("output_delta", lambda z, a, Y: (a - Y) * a * (1 - a)),            # σ′(z) = a(1 − a)
    ("all_deltas", deltas_by_einsum_keys_backwards),
    ("batch_gradients", gradients_per_sample),
    ("update_mini_batch", update_in_place),
    ("run_epoch", epoch_reordering_the_columns),
    ("train_validated", train_with_a_while_loop),
]


# Plausible wrong answers

def init_with_keys_from_0(sizes, rng):
    # the list index i = l − 2 as the key: W[0] would be W^2
    W, b = ref_init_parameters(sizes, rng)
    return dict(enumerate(W.values())), dict(enumerate(b.values()))


def init_as_lists(sizes, rng):
    # the article's network.py layout: lists, not indexed by the layer number
    W, b = ref_init_parameters(sizes, rng)
    return list(W.values()), list(b.values())


def init_all_W_first(sizes, rng):
    W = {l: rng.standard_normal((sizes[l - 1], sizes[l - 2])) for l in range(2, len(sizes) + 1)}
    return W, {l: rng.standard_normal((sizes[l - 1], 1)) for l in range(2, len(sizes) + 1)}


def init_transposed_draw(sizes, rng):
    W, b = {}, {}
    for l in range(2, len(sizes) + 1):
        W[l] = rng.standard_normal((sizes[l - 2], sizes[l - 1])).T
        b[l] = rng.standard_normal((sizes[l - 1], 1))
    return W, b


def init_own_generator(sizes, rng):
    return ref_init_parameters(sizes, np.random.default_rng(0))


def forward_without_the_input(W, b, X):
    z, a = ref_forward_keep(W, b, X)
    return z, {l: a[l] for l in z}


def forward_keys_from_0(W, b, X):
    z, a = ref_forward_keep(W, b, X)
    return {l - 2: z[l] for l in z}, {l - 1: a[l] for l in a}


def forward_keeping_a_as_z(W, b, X):
    z, a = ref_forward_keep(W, b, X)
    return {l: a[l] for l in z}, a


def deltas_with_W_not_transposed(W, z, delta_L):
    L = len(W) + 1
    delta = {L: delta_L}
    for l in range(L - 1, 1, -1):
        W_next = W[l + 1] if W[l + 1].shape[0] == W[l + 1].shape[1] else W[l + 1].T
        delta[l] = (W_next @ delta[l + 1]) * sigmoid_prime(z[l])
    return delta


def deltas_with_sigma_prime_at_a(W, z, delta_L):
    L = len(W) + 1
    delta = {L: delta_L}
    for l in range(L - 1, 1, -1):
        delta[l] = (W[l + 1].T @ delta[l + 1]) * sigmoid_prime(sigmoid(z[l]))
    return delta


def deltas_numbered_backwards(W, z, delta_L):
    # the δ in the order they were computed, numbered 2, 3, ... from the output layer
    delta = ref_all_deltas(W, z, delta_L)
    return dict(zip(sorted(delta), [delta[l] for l in sorted(delta, reverse=True)]))


def deltas_one_layer_short(W, z, delta_L):
    delta = ref_all_deltas(W, z, delta_L)
    del delta[2]                                    # the loop stopped at l = 3
    return delta


def gradients_summed(delta, a):
    return ({l: delta[l] @ a[l - 1].T for l in delta},
            {l: delta[l].sum(axis=1, keepdims=True) for l in delta})


def gradients_with_a_l_instead_of_a_l_minus_1(delta, a):
    m = delta[2].shape[1]
    return ({l: delta[l] @ a[l].T / m for l in delta},
            {l: delta[l].mean(axis=1, keepdims=True) for l in delta})


def update_going_uphill(W, b, X, Y, eta):
    dW, db = ref_backprop(W, b, X, Y)
    return {l: W[l] + eta * dW[l] for l in W}, {l: b[l] + eta * db[l] for l in b}


def update_with_summed_gradients(W, b, X, Y, eta):
    m = X.shape[1]
    dW, db = ref_backprop(W, b, X, Y)
    return {l: W[l] - eta * m * dW[l] for l in W}, {l: b[l] - eta * m * db[l] for l in b}


def epoch_without_shuffling(W, b, X, Y, batch_size, eta, rng):
    for k in range(0, X.shape[1], batch_size):
        W, b = ref_update_mini_batch(W, b, X[:, k:k + batch_size], Y[:, k:k + batch_size], eta)
    return W, b


def epoch_dropping_the_short_batch(W, b, X, Y, batch_size, eta, rng):
    order = rng.permutation(X.shape[1])
    for k in range(0, X.shape[1] - batch_size + 1, batch_size):
        batch = order[k:k + batch_size]
        W, b = ref_update_mini_batch(W, b, X[:, batch], Y[:, batch], eta)
    return W, b


def epoch_shuffling_only_X(W, b, X, Y, batch_size, eta, rng):
    order = rng.permutation(X.shape[1])
    for k in range(0, X.shape[1], batch_size):
        batch = order[k:k + batch_size]
        W, b = ref_update_mini_batch(W, b, X[:, batch], Y[:, k:k + batch_size], eta)
    return W, b


def train_scoring_the_training_set(W, b, X, Y, X_val, y_val, epochs, batch_size, eta, rng):
    accuracies = []
    for _ in range(epochs):
        W, b = ref_run_epoch(W, b, X, Y, batch_size, eta, rng)
        accuracies.append(accuracy(W, b, X, np.argmax(Y, axis=0)))
    return W, b, accuracies


def train_with_a_fresh_order_generator(W, b, X, Y, X_val, y_val, epochs, batch_size, eta, rng):
    seed = rng.integers(1 << 30)
    accuracies = []
    for _ in range(epochs):                 # the same order in every epoch
        W, b = ref_run_epoch(W, b, X, Y, batch_size, eta, np.random.default_rng(seed))
        accuracies.append(accuracy(W, b, X_val, y_val))
    return W, b, accuracies


def train_scoring_before_the_epoch(W, b, X, Y, X_val, y_val, epochs, batch_size, eta, rng):
    accuracies = []
    for _ in range(epochs):
        accuracies.append(accuracy(W, b, X_val, y_val))
        W, b = ref_run_epoch(W, b, X, Y, batch_size, eta, rng)
    return W, b, accuracies


MISTAKES = [
    ("init_parameters", init_with_keys_from_0),
    ("init_parameters", init_as_lists),
    ("init_parameters", init_all_W_first),
    ("init_parameters", init_transposed_draw),
    ("init_parameters", init_own_generator),
    ("forward_keep", forward_without_the_input),
    ("forward_keep", forward_keys_from_0),
    ("forward_keep", forward_keeping_a_as_z),
    ("output_delta", lambda z, a, Y: (a - Y) * sigmoid_prime(a)),          # σ′ at a, not z
    ("output_delta", lambda z, a, Y: a - Y),                               # σ′ forgotten
    ("output_delta", lambda z, a, Y: (Y - a) * sigmoid_prime(z)),          # sign
    ("all_deltas", deltas_with_W_not_transposed),
    ("all_deltas", deltas_with_sigma_prime_at_a),
    ("all_deltas", deltas_numbered_backwards),
    ("all_deltas", deltas_one_layer_short),
    ("batch_gradients", gradients_summed),
    ("batch_gradients", gradients_with_a_l_instead_of_a_l_minus_1),
    ("update_mini_batch", update_going_uphill),
    ("update_mini_batch", update_with_summed_gradients),
    ("run_epoch", epoch_without_shuffling),
    ("run_epoch", epoch_dropping_the_short_batch),
    ("run_epoch", epoch_shuffling_only_X),
    ("train_validated", train_scoring_the_training_set),
    ("train_validated", train_with_a_fresh_order_generator),
    ("train_validated", train_scoring_before_the_epoch),
]



def test_calling_the_package_network_is_named():
    """An answer that hands the work to a package Network is told so."""
    def via_network(W, b, X, Y, eta):
        net = Network([X.shape[0]] + [W[l].shape[0] for l in sorted(W)])
        net.W.update(W)
        net.b.update(b)
        net.update(X, Y, eta)
        return dict(net.W), dict(net.b)

    verdict = check("update_mini_batch", via_network, quiet=True)
    assert verdict.status == "wrong" and "calls net.update" in verdict.message


def test_the_initialisation_is_the_package_network_s():
    """Step 1's contract: the same seed gives the same weights as Network(sizes, seed=...)."""
    sizes = [5, 4, 3, 2]
    W, b = ref_init_parameters(sizes, np.random.default_rng(11))
    net = Network(sizes, seed=11)
    assert sorted(W) == sorted(b) == list(net.layers)
    for l in net.layers:
        assert np.array_equal(W[l], net.W[l]) and np.array_equal(b[l], net.b[l])


def test_keys_counted_from_0_are_named():
    """The article's list index used as a key gets the keys it should have had."""
    verdict = check("init_parameters", init_with_keys_from_0, quiet=True)
    assert verdict.status == "wrong"
    assert "expected the keys [2, 3], got [0, 1]" in verdict.message
    verdict = check("all_deltas", lambda W, z, delta_L: list(ref_all_deltas(W, z, delta_L).values()),
                    quiet=True)
    assert verdict.status == "wrong" and "expected a dict with the keys [2, 3, 4], got list" in verdict.message
