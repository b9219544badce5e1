"""Exercises on the perceptron, the structure of a network and the forward pass."""

import itertools

import numpy as np

from ..activations import sigmoid, sign
from ..network import Network
from ..parameters import parameter_counts
from ..perceptron import Perceptron
from .checker import case_rng, exercise

# The perceptron

_NO_PERCEPTRON_RULE = ((Perceptron, "update", "Perceptron.update"),
                       (Perceptron, "_update", "Perceptron.update"),
                       (Perceptron, "fit", "Perceptron.fit"))


def _predict(w, b, X):
    """sign(w·x + b) for every column of X, with sign(0) = +1."""
    return sign(w @ X + b)


@exercise("perceptron_update", hint={
    "en": "z = w·x + b; if y·z ≤ 0 (misclassified, or on the line) return (w + η y x, b + η y), "
          "otherwise return (w, b) unchanged.",
    "zh": "z = w·x + b；若 y·z ≤ 0（分错了，或正好落在直线上），返回 (w + η y x, b + η y)，"
          "否则原样返回 (w, b)。",
}, forbidden=_NO_PERCEPTRON_RULE)
def _perceptron_update_cases():
    w, x = np.array([1.0, -2.0]), np.array([2.0, 1.0])
    yield "misclassified: y = −1 but z = 0.5 > 0", (w, 0.5, x, -1.0, 1.0), \
        (w - x, 0.5 - 1.0)
    yield "correctly classified: y = +1 and z = 0.5 > 0 (no change)", (w, 0.5, x, 1.0, 1.0), \
        (w.copy(), 0.5)
    yield "on the line: z = 0 counts as a mistake", (np.array([1.0, -2.0]), 0.0, x, -1.0, 0.5), \
        (np.array([1.0, -2.0]) - 0.5 * x, -0.5)
    yield "the start w = 0, b = 0 with y = +1: z = 0, so y z = 0 ≤ 0 is a mistake too", \
        (np.zeros(2), 0.0, x, 1.0, 1.0), (x.copy(), 1.0)
    rng = case_rng(3)
    w, x = rng.standard_normal(4), rng.standard_normal(4)
    y = -1.0 if w @ x + 0.2 > 0 else 1.0
    yield "4 inputs, misclassified, η = 0.1", (w, 0.2, x, y, 0.1), (w + 0.1 * y * x, 0.2 + 0.1 * y)


@exercise("perceptron_predict", hint={
    "en": "z = w @ X + b gives one z per column (shape (m,)); return np.where(z >= 0, 1.0, -1.0): "
          "sign with sign(0) = +1.",
    "zh": "z = w @ X + b 对每一列给出一个 z（形状 (m,)）；返回 np.where(z >= 0, 1.0, -1.0)："
          "即 sign，且 sign(0) = +1。",
}, forbidden=((Perceptron, "predict", "Perceptron.predict"), (Perceptron, "z", "Perceptron.z")))
def _perceptron_predict_cases():
    X = np.array([[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, -1.0, 2.0]])
    w, b = np.array([1.0, -1.0]), -1.0
    yield "4 samples, one exactly on the line (z = 0 → +1)", (w, b, X), _predict(w, b, X)
    rng = case_rng(4)
    w, X = rng.standard_normal(3), rng.standard_normal((3, 7))
    yield "3 inputs, 7 samples", (w, 0.3, X), _predict(w, 0.3, X)
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    yield "the start w = 0, b = 0: every z is 0, every answer +1", (np.zeros(2), 0.0, X), \
        np.ones(4)


def _epoch(w, b, X, y, eta):
    """One pass of the perceptron rule over the columns of X, in order."""
    w = np.array(w, dtype=float)
    for i in range(X.shape[1]):
        if y[i] * (w @ X[:, i] + b) <= 0:
            w, b = w + eta * y[i] * X[:, i], b + eta * y[i]
    return w, b


@exercise("perceptron_epoch", hint={
    "en": "Loop over the columns i = 0, 1, …, m−1 IN ORDER; for each, apply the rule with the "
          "CURRENT (w, b): if y_i (w·x_i + b) ≤ 0 then w ← w + η y_i x_i, b ← b + η y_i. "
          "An update changes the z of every later sample.",
    "zh": "按顺序遍历各列 i = 0, 1, …, m−1；对每一列都用当前的 (w, b) 应用规则："
          "若 y_i (w·x_i + b) ≤ 0，则 w ← w + η y_i x_i，b ← b + η y_i。一次更新会改变之后每个样本"
          "的 z。",
}, forbidden=_NO_PERCEPTRON_RULE)
def _perceptron_epoch_cases():
    X = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    y = np.array([1.0, -1.0, 1.0])
    yield "3 samples from w = 0, b = 0, η = 1", (np.zeros(2), 0.0, X, y, 1.0), \
        _epoch(np.zeros(2), 0.0, X, y, 1.0)
    X = np.array([[2.0, 1.0, -1.0, 0.0], [1.0, 2.0, 0.0, -2.0]])
    y = np.array([1.0, 1.0, -1.0, -1.0])
    yield "4 samples, η = 0.5: an update changes the z of the later samples", \
        (np.array([-1.0, 0.0]), 0.5, X, y, 0.5), _epoch(np.array([-1.0, 0.0]), 0.5, X, y, 0.5)
    rng = case_rng(8)
    X, y = rng.standard_normal((3, 8)), np.where(rng.standard_normal(8) > 0, 1.0, -1.0)
    w = rng.standard_normal(3)
    yield "3 inputs, 8 samples, η = 0.3", (w, -0.2, X, y, 0.3), _epoch(w, -0.2, X, y, 0.3)


def _best_accuracy(X, y, values):
    best = 0.0
    for w1, w2, b in itertools.product(values, repeat=3):
        best = max(best, float(np.mean(_predict(np.array([w1, w2]), b, X) == y)))
    return best


@exercise("best_line_accuracy", hint={
    "en": "Three nested loops (or itertools.product(values, repeat=3)) over w_1, w_2, b; "
          "for each line the accuracy is np.mean(prediction == y) with the prediction "
          "np.where(w @ X + b >= 0, 1, -1); return the largest accuracy, "
          "a fraction in [0, 1] (not a count).",
    "zh": "对 w_1、w_2、b 写三重循环（或用 itertools.product(values, repeat=3)）；"
          "每条直线的准确率是 np.mean(prediction == y)，其中 prediction 为 "
          "np.where(w @ X + b >= 0, 1, -1)；返回最大的准确率，它是 [0, 1] 中的一个比例（不是个数）"
          "。",
})
def _best_line_accuracy_cases():
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    grid = np.linspace(-2, 2, 9)
    for name, y in [("XOR", [-1.0, 1.0, 1.0, -1.0]), ("AND", [-1.0, -1.0, -1.0, 1.0]),
                    ("OR", [-1.0, 1.0, 1.0, 1.0])]:
        y = np.array(y)
        yield f"{name} on the four corners, values = linspace(-2, 2, 9)", (X, y, grid), \
            _best_accuracy(X, y, grid)
    rng = case_rng(9)
    X = rng.uniform(-1, 1, (2, 10))
    y = np.where(X[0] * X[1] > 0, 1.0, -1.0)            # the quadrants: XOR-like, 10 samples
    values = np.linspace(-1, 1, 5)
    yield "10 points labelled by the quadrant, values = linspace(-1, 1, 5)", (X, y, values), \
        _best_accuracy(X, y, values)


# The structure of a network

_NO_NETWORK = ((Network, "__init__", "Network(sizes)"),)


@exercise("parameter_count", hint={
    "en": "every layer l = 2..L has a weight matrix of n_l × n_{l−1} entries and n_l biases: "
          "sum n_l * n_{l-1} + n_l over consecutive pairs of sizes.",
    "zh": "每一层 l = 2..L 有一个 n_l × n_{l−1} 的权重矩阵和 n_l 个偏置："
          "对 sizes 中每一对相邻的数求 n_l * n_{l-1} + n_l，再加起来。",
}, forbidden=_NO_NETWORK)
def _parameter_count_cases():
    for sizes in ([2, 3, 1], [3, 4, 2], [784, 30, 10], [5, 8, 8, 8, 3], [4, 1]):
        count = parameter_counts(sizes)["parameters"]
        yield f"sizes {sizes}", (list(sizes),), count


@exercise("weight_index", hint={
    "en": "w^l_{jk} sits in row j, column k of W^l in the math (1-based); Python counts from 0, "
          "so it is W[l][j - 1, k - 1].",
    "zh": "按数学写法（从 1 数起），w^l_{jk} 位于 W^l 的第 j 行、第 k 列；Python 从 0 数起，"
          "所以它是 W[l][j - 1, k - 1]。",
})
def _weight_index_cases():
    for j, k in [(2, 4), (1, 1), (3, 2), (1, 5)]:
        yield f"w^l_{{{j}{k}}}", (j, k), (j - 1, k - 1)


@exercise("layer_shapes", hint={
    "en": "For l = 2..L: W^l has shape (n_l, n_{l−1}) — rows: the layer it leads into — and b^l "
          "has shape (n_l, 1). With sizes [n_1, …, n_L]: [((n, n_prev), (n, 1)) for n_prev, n in "
          "zip(sizes[:-1], sizes[1:])]; the input layer has no pair.",
    "zh": "对 l = 2..L：W^l 的形状是 (n_l, n_{l−1})——行数是它所通向的那一层的大小——b^l 的形状是 "
          "(n_l, 1)。设 sizes 为 [n_1, …, n_L]：[((n, n_prev), (n, 1)) for n_prev, n in "
          "zip(sizes[:-1], sizes[1:])]；输入层没有这一对。",
}, forbidden=_NO_NETWORK)
def _layer_shapes_cases():
    for sizes in ([3, 4, 2], [784, 30, 10], [2, 5, 5, 5, 1], [4, 1]):
        yield f"sizes {sizes}", (list(sizes),), \
            [((n, n_prev), (n, 1)) for n_prev, n in zip(sizes[:-1], sizes[1:])]


@exercise("which_weight", hint={
    "en": "Layers before l do not use W^l: l is the FIRST layer whose z changed. "
          "In it only row j changed (z^l_j is the only sum that contains w^l_{jk}). "
          "That change is Δw · a^{l−1}_k in every column, so k is the row of before.a[l − 1] "
          "proportional to it. Return 1-based (l, j, k).",
    "zh": "l 之前的层不用 W^l：l 是 z 发生变化的第一层。在这一层里只有第 j 行变了"
          "（z^l_j 是唯一含有 w^l_{jk} 的和）。这个变化在每一列都是 Δw · a^{l−1}_k，"
          "所以 k 是 before.a[l − 1] 中与它成正比的那一行。返回从 1 数起的 (l, j, k)。",
})
def _which_weight_cases():
    for sizes, (l, j, k), dw, seed in [([3, 4, 2], (3, 1, 3), 0.8, 11),
                                        ([4, 5, 5, 3], (2, 4, 2), -0.6, 12),
                                        ([2, 3, 3, 3, 2], (4, 3, 1), 0.5, 13),
                                        ([5, 6, 4], (2, 6, 5), 1.2, 14)]:
        net = Network(sizes, seed=seed)
        X = case_rng(seed).standard_normal((sizes[0], 6))
        before = net.forward_trace(X)
        net.W[l][j - 1, k - 1] += dw
        yield f"sizes {sizes}, 6 samples", (before, net.forward_trace(X)), (l, j, k)


# The forward pass

@exercise("sigmoid_warmup", hint={
    "en": "σ(z) = 1 / (1 + e^{−z}); np.exp works element-wise on a whole array, "
          "so no loop is needed and the result has the shape of z.",
    "zh": "σ(z) = 1 / (1 + e^{−z})；np.exp 对整个数组逐元素计算，所以不需要循环，"
          "结果的形状与 z 相同。",
})
def _sigmoid_warmup_cases():
    yield "z = 0.0 (a single number)", (np.array(0.0),), np.array(0.5)
    z = np.array([-3.0, -1.0, 0.0, 1.0, 3.0])
    yield "z = [-3, -1, 0, 1, 3]", (z,), sigmoid(z)
    z = case_rng(1).standard_normal((2, 3)) * 3
    yield "z of shape (2, 3)", (z,), sigmoid(z)


@exercise("as_column", hint={
    "en": "a sample is a COLUMN of shape (n, 1): np.asarray(values, dtype=float).reshape(-1, 1) "
          "(a 1-D array of shape (n,) is not a column).",
    "zh": "一个样本是形状为 (n, 1) 的列：np.asarray(values, dtype=float).reshape(-1, 1)（形状为 "
          "(n,) 的一维数组不是列）。",
})
def _as_column_cases():
    yield "values = [1, 2, 3]", ([1, 2, 3],), np.array([[1.0], [2.0], [3.0]])
    values = case_rng(2).standard_normal(5)
    yield "values: a 1-D array of 5 numbers", (values,), values.reshape(5, 1)
    yield "values = (7,): a single number", ((7,),), np.array([[7.0]])


def _forward(params, x):
    a = x
    for W, b in params:
        a = sigmoid(W @ a + b)
    return a


def _params(sizes, rng):
    return [(rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1)))
            for n_prev, n in zip(sizes[:-1], sizes[1:])]


@exercise("layer_forward", hint={
    "en": "a^l = σ(W^l a^{l−1} + b^l): a matrix product W @ a_prev, plus b "
          "(it broadcasts over the columns), then the sigmoid 1/(1+exp(−z)) element-wise.",
    "zh": "a^l = σ(W^l a^{l−1} + b^l)：矩阵乘积 W @ a_prev，加上 b（它会沿各列广播），"
          "再逐元素取 sigmoid 1/(1+exp(−z))。",
})
def _layer_forward_cases():
    for n_out, n_in, m in [(3, 2, 1), (4, 5, 6), (1, 3, 2), (3, 3, 3)]:
        rng = case_rng(n_out * 100 + n_in * 10 + m)
        W, a, b = rng.standard_normal((n_out, n_in)), rng.standard_normal((n_in, m)), \
            rng.standard_normal((n_out, 1))
        yield f"W {W.shape}, a_prev {a.shape}, b {b.shape}", (W, a, b), sigmoid(W @ a + b)


@exercise("forward_pass", hint={
    "en": "a = x; then for each (W, b) in order: a = σ(W @ a + b) with σ(z) = 1/(1+e^{−z}); "
          "return the last a (shape (n_L, m)).",
    "zh": "a = x；然后按顺序对每个 (W, b)：a = σ(W @ a + b)，其中 σ(z) = 1/(1+e^{−z})；"
          "返回最后的 a（形状 (n_L, m)）。",
}, forbidden=((Network, "forward", "net.forward"),))
def _forward_pass_cases():
    for sizes, m, seed in [([3, 3, 1], 1, 5), ([4, 5, 3, 2], 6, 6), ([2, 1], 3, 7),
                           ([3, 3, 3, 3], 3, 8)]:
        rng = case_rng(seed)
        params = _params(sizes, rng)
        x = rng.standard_normal((sizes[0], m))
        yield f"sizes {sizes}, {m} sample(s)", (params, x), _forward(params, x)


@exercise("forward_rows", hint={
    "en": "Either transpose twice — X = samples.T (samples as columns), the forward pass, "
          "then return a.T — or transpose the layer itself: (W a + b)^T = a^T W^T + b^T, "
          "so with rows A ← σ(A @ W.T + b.T). Careful: A @ W.T + b (b not transposed) broadcasts "
          "silently when m = n_l.",
    "zh": "要么转置两次——X = samples.T（样本作为列），做前向传播，再返回 a.T——要么把这一层本身转置"
          "：(W a + b)^T = a^T W^T + b^T，所以按行时 A ← σ(A @ W.T + b.T)。小心：m = n_l 时，"
          "A @ W.T + b（b 没有转置）会悄无声息地广播。",
}, forbidden=((Network, "forward", "net.forward"),))
def _forward_rows_cases():
    for sizes, m, seed in [([3, 4, 2], 5, 21), ([3, 3, 3], 3, 22), ([2, 1], 1, 23),
                           ([4, 6, 5, 3], 7, 24)]:
        rng = case_rng(seed)
        params = _params(sizes, rng)
        samples = rng.standard_normal((m, sizes[0]))
        yield f"sizes {sizes}, {m} sample(s) as rows {samples.shape}", (params, samples), \
            _forward(params, samples.T).T


@exercise("neuron_output_map", hint={
    "en": "Run the forward pass on all points at once: a = points, then for each (W, b) in "
          "zip(Ws, bs): a = np.tanh(W @ a + b). The result a is a^l with shape (n_l, P); "
          "neuron j (1-based, as in a^l_j) is row j − 1: return a[j - 1].",
    "zh": "对所有点一次做完前向传播：a = points，然后对 zip(Ws, bs) 中的每个 (W, b)："
          "a = np.tanh(W @ a + b)。结果 a 就是 a^l，形状为 (n_l, P)；神经元 j（从 1 数起，"
          "同 a^l_j）是第 j − 1 行：返回 a[j - 1]。",
})
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
