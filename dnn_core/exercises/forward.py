"""Exercises on the perceptron, the structure of a network and the forward pass."""

import numpy as np

from ..activations import sigmoid
from .checker import case_rng, exercise

# The perceptron

@exercise("perceptron_update", hint="z = w·x + b; if y·z ≤ 0 (misclassified, or on the line) "
          "return (w + η y x, b + η y), otherwise return (w, b) unchanged.")
def _perceptron_update_cases():
    w, x = np.array([1.0, -2.0]), np.array([2.0, 1.0])
    yield "misclassified: y = −1 but z = 0.5 > 0", (w, 0.5, x, -1.0, 1.0), \
        (w - x, 0.5 - 1.0)
    yield "correctly classified: y = +1 and z = 0.5 > 0 (no change)", (w, 0.5, x, 1.0, 1.0), \
        (w.copy(), 0.5)
    yield "on the line: z = 0 counts as a mistake", (np.array([1.0, -2.0]), 0.0, x, -1.0, 0.5), \
        (np.array([1.0, -2.0]) - 0.5 * x, -0.5)
    rng = case_rng(3)
    w, x = rng.standard_normal(4), rng.standard_normal(4)
    y = -1.0 if w @ x + 0.2 > 0 else 1.0
    yield "4 inputs, misclassified, η = 0.1", (w, 0.2, x, y, 0.1), (w + 0.1 * y * x, 0.2 + 0.1 * y)


@exercise("perceptron_predict", hint="z = w @ X + b gives one z per column (shape (m,)); "
          "return np.where(z >= 0, 1.0, -1.0): sign with sign(0) = +1.")
def _perceptron_predict_cases():
    X = np.array([[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, -1.0, 2.0]])
    w, b = np.array([1.0, -1.0]), -1.0
    yield "4 samples, one exactly on the line (z = 0 → +1)", (w, b, X), \
        np.where(w @ X + b >= 0, 1.0, -1.0)
    rng = case_rng(4)
    w, X = rng.standard_normal(3), rng.standard_normal((3, 7))
    yield "3 inputs, 7 samples", (w, 0.3, X), np.where(w @ X + 0.3 >= 0, 1.0, -1.0)


# The structure of a network

@exercise("parameter_count", hint="every layer l = 2..L has a weight matrix of n_l × n_{l−1} "
          "entries and n_l biases: sum n_l * n_{l-1} + n_l over consecutive pairs of sizes.")
def _parameter_count_cases():
    for sizes in ([2, 3, 1], [3, 4, 2], [784, 30, 10], [5, 8, 8, 8, 3]):
        count = sum(n * n_prev + n for n_prev, n in zip(sizes[:-1], sizes[1:]))
        yield f"sizes {sizes}", (list(sizes),), count


@exercise("weight_index", hint="w^l_{jk} sits in row j, column k of W^l in the math (1-based); "
          "Python counts from 0, so it is W[l][j - 1, k - 1].")
def _weight_index_cases():
    for j, k in [(2, 4), (1, 1), (3, 2)]:
        yield f"w^l_{{{j}{k}}}", (j, k), (j - 1, k - 1)


# The forward pass

@exercise("sigmoid_warmup", hint="σ(z) = 1 / (1 + e^{−z}); np.exp works element-wise on a whole "
          "array, so no loop is needed and the result has the shape of z.")
def _sigmoid_warmup_cases():
    yield "z = 0.0 (a single number)", (np.array(0.0),), np.array(0.5)
    z = np.array([-3.0, -1.0, 0.0, 1.0, 3.0])
    yield "z = [-3, -1, 0, 1, 3]", (z,), sigmoid(z)
    z = case_rng(1).standard_normal((2, 3)) * 3
    yield "z of shape (2, 3)", (z,), sigmoid(z)


@exercise("as_column", hint="a sample is a COLUMN of shape (n, 1): np.asarray(values, dtype=float)"
          ".reshape(-1, 1) (a 1-D array of shape (n,) is not a column).")
def _as_column_cases():
    yield "values = [1, 2, 3]", ([1, 2, 3],), np.array([[1.0], [2.0], [3.0]])
    values = case_rng(2).standard_normal(5)
    yield "values: a 1-D array of 5 numbers", (values,), values.reshape(5, 1)


@exercise("layer_forward", hint="a^l = σ(W^l a^{l−1} + b^l): a matrix product W @ a_prev, plus b "
          "(it broadcasts over the columns), then the sigmoid 1/(1+exp(−z)) element-wise.")
def _layer_forward_cases():
    for n_out, n_in, m in [(3, 2, 1), (4, 5, 6), (1, 3, 2)]:
        rng = case_rng(n_out * 100 + n_in * 10 + m)
        W, a, b = rng.standard_normal((n_out, n_in)), rng.standard_normal((n_in, m)), \
            rng.standard_normal((n_out, 1))
        yield f"W {W.shape}, a_prev {a.shape}, b {b.shape}", (W, a, b), sigmoid(W @ a + b)


@exercise("forward_pass", hint="a = x; then for each (W, b) in order: a = σ(W @ a + b) with "
          "σ(z) = 1/(1+e^{−z}); return the last a (shape (n_L, m)).")
def _forward_pass_cases():
    for sizes, m, seed in [([3, 3, 1], 1, 5), ([4, 5, 3, 2], 6, 6), ([2, 1], 3, 7)]:
        rng = case_rng(seed)
        params = [(rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1)))
                  for n_prev, n in zip(sizes[:-1], sizes[1:])]
        x = rng.standard_normal((sizes[0], m))
        a = x
        for W, b in params:
            a = sigmoid(W @ a + b)
        yield f"sizes {sizes}, {m} sample(s)", (params, x), a


@exercise("neuron_output_map", hint="Run the forward pass on all points at once: a = points, then "
          "for each (W, b) in zip(Ws, bs): a = np.tanh(W @ a + b). The result a is a^l with "
          "shape (n_l, P); neuron j (1-based, as in a^l_j) is row j − 1: return a[j - 1].")
def _neuron_output_map_cases():
    for sizes, j, P in [([2, 3], 2, 5), ([2, 4, 3], 3, 50), ([2, 2, 2, 4], 1, 12)]:
        rng = case_rng(sum(sizes) * 10 + j)
        Ws = [rng.standard_normal((n, n_prev)) for n_prev, n in zip(sizes[:-1], sizes[1:])]
        bs = [rng.standard_normal((n, 1)) for n in sizes[1:]]
        points = rng.uniform(-2, 2, (2, P))
        a = points
        for W, b in zip(Ws, bs):
            a = np.tanh(W @ a + b)
        yield f"sizes {sizes}, neuron j = {j} of the last layer, {P} points", \
            (Ws, bs, points, j), a[j - 1]
