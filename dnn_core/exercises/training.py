"""Exercises on saturation, training and evaluation."""

import numpy as np

from .. import backprop as backprop_module
from .. import datasets as datasets_module
from ..activations import sigmoid, sigmoid_prime
from ..datasets import make_circles, one_hot
from ..network import Network
from .checker import case_rng, exercise

# What an answer must compute itself instead of calling the package's version
NO_BACKPROP = ((Network, "backprop", "net.backprop"),
               (Network, "backprop_per_sample", "net.backprop_per_sample"),
               (backprop_module, "backward", "dnn_core.backprop.backward"))

# Saturation

@exercise("sigmoid_prime_from_a", hint={
    "en": "σ′(z) = σ(z)(1 − σ(z)), and a = σ(z) is already known from the forward pass: "
          "return a * (1 - a), element-wise (no exp needed).",
    "zh": "σ′(z) = σ(z)(1 − σ(z))，而 a = σ(z) 在前向传播中已经算出：逐元素返回 a * "
          "(1 - a)（不需要 exp）。",
})
def _sigmoid_prime_from_a_cases():
    for shape, scale in [((3, 1), 1.0), ((4, 5), 6.0), ((2, 3), 20.0)]:
        z = scale * case_rng(int(10 * scale) + shape[1]).standard_normal(shape)
        yield f"a = σ(z) of shape {shape}, |z| up to {np.abs(z).max():.1f}", (sigmoid(z),), \
            sigmoid_prime(z)


@exercise("saturation_threshold", hint={
    "en": "σ′ = σ(1 − σ) = t is a quadratic equation in s = σ(z): s = (1 + √(1 − 4t))/2 "
          "(the root above ½, for z > 0). Then invert the sigmoid: z = ln(s / (1 − s)).",
    "zh": "σ′ = σ(1 − σ) = t 是关于 s = σ(z) 的二次方程：s = (1 + √(1 − 4t))/2（z > 0 时取大于 ½ 的"
          "那个根）。再求 sigmoid 的反函数：z = ln(s / (1 − s))。",
})
def _saturation_threshold_cases():
    for t in (0.01, 0.1, 0.001, 0.2):
        s = (1 + np.sqrt(1 - 4 * t)) / 2
        yield f"threshold t = {t}", (t,), np.log(s / (1 - s))


@exercise("first_layer_ratio", hint={
    "en": "Run net.forward_trace(X) for every z^l and a^l. BP1: δ^L = (a^L − Y) ⊙ σ′(z^L); "
          "BP2 for l = L−1 down to 2: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ′(z^l). BP3: "
          "∂J/∂b^l is δ^l averaged over the columns (shape (n_l, 1)). Return ‖∂J/∂b^2‖ / ‖∂J/∂b^L‖ "
          "(np.linalg.norm), first hidden layer over output layer.",
    "zh": "用 net.forward_trace(X) 得到每个 z^l 和 a^l。BP1：δ^L = (a^L − Y) ⊙ σ′(z^L)；"
          "对 l 从 L−1 递减到 2 用 BP2：δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)。BP3："
          "∂J/∂b^l 是 δ^l 按列求平均（形状 (n_l, 1)）。返回 ‖∂J/∂b^2‖ / ‖∂J/∂b^L‖（np.linalg.norm）"
          "，即第一个隐藏层比输出层。",
}, rtol=1e-6, forbidden=NO_BACKPROP)
def _first_layer_ratio_cases():
    for sizes, init, m in [([4, 5, 3], "standard", 6), ([6, 8, 8, 8, 2], "standard", 20),
                           ([10, 6, 6, 6, 6, 4], "scaled", 30)]:
        rng = case_rng(sum(sizes) + m)
        net = Network(sizes, init=init, seed=len(sizes))
        X, Y = rng.standard_normal((sizes[0], m)), rng.uniform(0, 1, (sizes[-1], m))
        db = net.backprop(X, Y).db
        yield f"sigmoid network {sizes} ({init} weights), quadratic loss, m = {m}", (net, X, Y), \
            float(np.linalg.norm(db[2]) / np.linalg.norm(db[net.L]))


# Training

@exercise("sgd_step", hint={
    "en": "One step of gradient descent: W − η ∂J/∂W and b − η ∂J/∂b; return the pair "
          "(W_new, b_new) with the same shapes as W and b.",
    "zh": "梯度下降的一步：W − η ∂J/∂W 和 b − η ∂J/∂b；返回 (W_new, b_new) 这一对，"
          "形状分别与 W 和 b 相同。",
})
def _sgd_step_cases():
    for (n_out, n_in), eta in [((3, 2), 0.5), ((1, 4), 3.0), ((5, 3), 0.01)]:
        rng = case_rng(n_out * 10 + n_in)
        W, dW = rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, n_in))
        b, db = rng.standard_normal((n_out, 1)), rng.standard_normal((n_out, 1))
        yield f"W {W.shape}, b {b.shape}, eta = {eta}", (W, b, dW, db, eta), \
            (W - eta * dW, b - eta * db)


@exercise("largest_decreasing_eta", hint={
    "en": "For each eta in etas: trial = net.copy() (never change net itself, or the next trial "
          "starts from moved weights), trial.update(X, Y, eta) — one step on the whole batch — and "
          "keep eta if trial.J(X, Y) < net.J(X, Y). Return the largest eta you kept, as a number.",
    "zh": "对 etas 中的每个 eta：trial = net.copy()（绝不要改动 net 本身，"
          "否则下一次试验会从已经移动过的权重开始），trial.update(X, Y, eta)——在整批样本上走一步"
          "——若 trial.J(X, Y) < net.J(X, Y) 就保留这个 eta。返回保留下来的最大的 eta，作为一个数。",
})
def _largest_decreasing_eta_cases():
    etas = [0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0]
    for sizes, m, seed in [([2, 10, 1], 40, 0), ([3, 6, 2], 25, 1), ([2, 4, 4, 1], 30, 2),
                           ([4, 3, 3], 12, 3)]:
        rng = case_rng(100 + seed)
        net = Network(sizes, seed=seed)
        X, Y = rng.standard_normal((sizes[0], m)), rng.uniform(0, 1, (sizes[-1], m))
        J0, kept = net.J(X, Y), []
        for eta in etas:
            trial = net.copy()
            trial.update(X, Y, eta)
            if trial.J(X, Y) < J0:
                kept.append(eta)
        yield f"network {sizes}, m = {m}, etas {etas}", (net, X, Y, list(etas)), float(max(kept))


@exercise("minibatch_indices", hint={
    "en": "Without shuffling the batches are consecutive: range(k, min(k + batch_size, m)) for k = "
          "0, batch_size, 2·batch_size, ... — the last batch is shorter when batch_size does not "
          "divide m. Return a list of index arrays.",
    "zh": "不打乱顺序时，各个小批量是连续的：range(k, min(k + batch_size, m))，k = 0, batch_size, "
          "2·batch_size, ...——batch_size 不能整除 m 时，最后一个小批量较短。"
          "返回一个由下标数组组成的列表。",
})
def _minibatch_indices_cases():
    for m, batch_size in [(10, 3), (200, 10), (7, 7), (5, 1), (4, 10)]:
        yield f"m = {m}, batch_size = {batch_size}", (m, batch_size), \
            [np.arange(k, min(k + batch_size, m)) for k in range(0, m, batch_size)]


# Evaluation

@exercise("one_hot", hint={
    "en": "Y = np.zeros((n_classes, m)); then set Y[y[i], i] = 1 for every sample i — in one line: "
          "Y[y, np.arange(m)] = 1. Samples are columns, so Y has n_classes rows and m columns.",
    "zh": "Y = np.zeros((n_classes, m))；然后对每个样本 i 令 Y[y[i], i] = 1——一行写完："
          "Y[y, np.arange(m)] = 1。样本是列，所以 Y 有 n_classes 行、m 列。",
}, forbidden=((datasets_module, "one_hot", "dnn_core.datasets.one_hot"),))
def _one_hot_cases():
    for n_classes, m in [(10, 6), (2, 5), (4, 30)]:
        y = case_rng(n_classes + m).integers(0, n_classes, m)
        yield f"{m} labels, {n_classes} classes", (y, n_classes), one_hot(y, n_classes)


@exercise("accuracy_argmax", hint={
    "en": "The predicted class of sample i is the row of the largest entry in column i: "
          "np.argmax(A, axis=0) (shape (m,)). The accuracy is the fraction of samples whose "
          "prediction equals the label: np.mean(predicted == y).",
    "zh": "样本 i 的预测类别是第 i 列中最大元素所在的行：np.argmax(A, axis=0)（形状 (m,)）。"
          "准确率是预测等于标签的样本所占的比例：np.mean(predicted == y)。",
})
def _accuracy_argmax_cases():
    for n_classes, m in [(10, 20), (3, 7), (10, 500)]:
        rng = case_rng(n_classes * 1000 + m)
        A = rng.random((n_classes, m))
        y = np.where(rng.random(m) < 0.6, np.argmax(A, axis=0), rng.integers(0, n_classes, m))
        yield f"A {A.shape}, y {y.shape}", (A, y), float(np.mean(np.argmax(A, axis=0) == y))


@exercise("confusion_counts", hint={
    "en": "Start from np.zeros((n_classes, n_classes), dtype=int) and add 1 to "
          "C[true[i], predicted[i]] for every sample i (a loop, or np.add.at). "
          "Rows are the true classes, columns the predicted ones; the diagonal counts the correct "
          "answers.",
    "zh": "从 np.zeros((n_classes, n_classes), dtype=int) 开始，对每个样本 i 给 "
          "C[true[i], predicted[i]] 加 1（用循环，或用 np.add.at）。行是真实类别，列是预测类别；"
          "对角线上数的是预测正确的样本。",
})
def _confusion_counts_cases():
    for n_classes, m in [(3, 12), (10, 300), (4, 5)]:
        rng = case_rng(7 * n_classes + m)
        true = rng.integers(0, n_classes, m)
        predicted = np.where(rng.random(m) < 0.7, true, rng.integers(0, n_classes, m))
        counts = np.zeros((n_classes, n_classes), dtype=int)
        np.add.at(counts, (true, predicted), 1)
        yield f"{m} samples, {n_classes} classes", (true, predicted, n_classes), counts


def _stuck_classes(A, y, n_classes):
    """The classes whose output neuron is stuck: mean |δ^L_j| over the samples of class j
    below 1 % of the median of the n_classes means (sigmoid output, quadratic loss)."""
    own = np.array([np.mean(np.abs((A[j, y == j] - 1) * A[j, y == j] * (1 - A[j, y == j])))
                    for j in range(n_classes)])
    return [int(j) for j in np.flatnonzero(own < 0.01 * np.median(own))]


@exercise("stuck_classes", hint={
    "en": "For each class j take the columns of its own samples (y == j), "
          "where the target y_j is 1: |δ^L_j| = |a_j − 1| · a_j (1 − a_j) "
          "(BP1 with σ′ = a(1 − a)). Average it over those columns; a class is stuck when its "
          "average is below 1 % of the median of the averages of all classes (np.median). "
          "Return the stuck classes as a sorted list of ints (possibly empty).",
    "zh": "对每个类别 j，取属于它自己的样本所在的列（y == j），那里的目标 y_j 为 1："
          "|δ^L_j| = |a_j − 1| · a_j (1 − a_j)（BP1，σ′ = a(1 − a)）。在这些列上求平均；"
          "若一个类别的平均值低于所有类别平均值的中位数（np.median）的 1 %，这个类别就卡住了。"
          "以排好序的 int 列表返回卡住的类别（可以为空）。",
})
def _stuck_classes_cases():
    for n_classes, m, stuck, shy in [(10, 300, [0], []), (10, 400, [], [4]), (5, 100, [1, 3], [2]),
                                     (4, 60, [], [])]:
        rng = case_rng(1000 + 10 * n_classes + m)
        y = np.arange(m) % n_classes
        rng.shuffle(y)
        A = rng.uniform(0.05, 0.95, (n_classes, m))
        for j in stuck:                     # saturated near 0 on every sample
            A[j] = 10.0 ** rng.uniform(-6, -4, m)
        for j in shy:                       # never the largest output, but not saturated
            A[j] = rng.uniform(0.3, 0.4, m)
            A[(j + 1) % n_classes, y == j] = 0.9
        yield f"{n_classes} sigmoid outputs, {m} samples", (A, y), _stuck_classes(A, y, n_classes)


# The playground

@exercise("circle_neuron", hint={
    "en": "A circle x_1² + x_2² = r² is a straight line in the features (x_1², x_2²): "
          "give one neuron those inputs and the weights w = (−1, −1), bias b = r² with r between "
          "the two rings (0.75, say), so that z = w · (x_1², x_2²) + b > 0, a = σ(z) > 0.5, "
          "exactly inside the circle. Return 1 where a > 0.5, else 0.",
    "zh": "圆 x_1² + x_2² = r² 在特征 (x_1², x_2²) 上是一条直线：让一个神经元以它们为输入，"
          "权重 w = (−1, −1)，偏置 b = r²，r 取在两个圆环之间（比如 0.75），"
          "这样恰好在圆内 z = w · (x_1², x_2²) + b > 0，a = σ(z) > 0.5。在 a > 0.5 处返回 1，"
          "否则返回 0。",
})
def _circle_neuron_cases():
    for m, seed in [(200, 3), (50, 4), (200, 5), (50, 7)]:
        X, y = make_circles(m=m, noise=0.05, seed=seed)
        yield f"circles, m = {m}, noise 0.05, random seed {seed}", (X,), y
