"""The capstone exercises (notebook 11): the learner builds the whole network, step by step.

Every per-layer quantity is a dict keyed by the layer number l, exactly as in the math and
as in `Network` (`net.W[l]`, `trace.z[l]`, `Gradients.delta[l]`):

    W[l] (n_l, n_{l−1}),  b[l] (n_l, 1),  z[l], delta[l] (n_l, m),  dW[l], db[l]   for l = 2..L,
    a[l] (n_l, m)                                                                    for l = 1..L,

with a[1] = X. Samples are columns; the activation is the sigmoid and the loss the quadratic
J = (1/m) Σ_x ½‖a^L − y‖², so every gradient is a batch mean. An answer may return any
mapping with the same keys (the checker compares key by key); a list, or keys counted from
0, is told which keys were expected.

The expected values come from the package (`Network`, `dnn_core.backprop`); an answer may
not call those (a Network's forward, backprop, update or train, or the four equations
through their module).
"""

import numpy as np

from .. import backprop as _backprop
from ..activations import get_activation, sigmoid
from ..losses import get_loss
from ..network import Network
from .checker import case_rng, exercise

_SIGMOID = get_activation("sigmoid")
_QUADRATIC = get_loss("quadratic")

_FORBIDDEN_NETWORK = (
    (Network, "forward", "net.forward"),
    (Network, "forward_trace", "net.forward_trace"),
    (Network, "backprop", "net.backprop"),
    (Network, "backprop_per_sample", "net.backprop_per_sample"),
    (Network, "update", "net.update"),
    (Network, "train", "net.train"),
)
_FORBIDDEN_EQUATIONS = (
    (_backprop, "output_error", "dnn_core.backprop.output_error"),
    (_backprop, "hidden_error", "dnn_core.backprop.hidden_error"),
    (_backprop, "bias_gradient", "dnn_core.backprop.bias_gradient"),
    (_backprop, "weight_gradient", "dnn_core.backprop.weight_gradient"),
    (_backprop, "backward", "dnn_core.backprop.backward"),
)
_FORBIDDEN = _FORBIDDEN_NETWORK + _FORBIDDEN_EQUATIONS


def _parameters(net):
    """(W, b) of a Network as plain dicts {l: copy} for l = 2..L."""
    return {l: net.W[l].copy() for l in net.layers}, {l: net.b[l].copy() for l in net.layers}


def _teacher_data(n_in, n_out, m, seed):
    """Inputs (n_in, m) and one-hot targets of a fixed random linear 'teacher', so that a
    network can learn them and its accuracy changes from epoch to epoch."""
    rng = case_rng(seed)
    X = rng.standard_normal((n_in, m))
    labels = np.argmax(rng.standard_normal((n_out, n_in)) @ X, axis=0)
    Y = np.zeros((n_out, m))
    Y[labels, np.arange(m)] = 1.0
    return X, Y, labels


# 1. Initialisation

@exercise("init_parameters", hint={
    "en": "For l = 2..L, in this order: W[l] = rng.standard_normal((n_l, n_{l−1})), "
          "then b[l] = rng.standard_normal((n_l, 1)) — one W and its b per layer, "
          "not all the W first. n_l is sizes[l − 1] (sizes lists n_1..n_L). "
          "Return the two dicts (W, b) keyed by the layer numbers 2..L; use the rng you are given, "
          "never np.random.",
    "zh": "对 l = 2..L，按这个顺序：W[l] = rng.standard_normal((n_l, n_{l−1}))，"
          "然后 b[l] = rng.standard_normal((n_l, 1))——每层先生成 W 再生成它的 b，"
          "而不是先生成所有的 W。n_l 是 sizes[l − 1]（sizes 依次列出 n_1..n_L）。"
          "返回两个以层号 2..L 为键的字典 (W, b)；要用传给你的 rng，不要用 np.random。",
}, rtol=0, atol=0, forbidden=_FORBIDDEN)
def _init_parameters_cases():
    for sizes, seed in [([2, 3, 1], 1), ([4, 5, 3, 2], 2), ([784, 30, 10], 3)]:
        yield (f"sizes = {sizes}, rng = np.random.default_rng({seed})",
               (list(sizes), np.random.default_rng(seed)), _parameters(Network(sizes, seed=seed)))


# 2. The forward pass, keeping every z^l and a^l

@exercise("forward_keep", hint={
    "en": "a = {1: X} (a^1 = x); then for l = 2..L: z[l] = W[l] @ a[l − 1] + b[l] and a[l] = "
          "sigmoid(z[l]), with L = len(W) + 1. z has the keys 2..L, a the keys 1..L.",
    "zh": "a = {1: X}（a^1 = x）；然后对 l = 2..L：z[l] = W[l] @ a[l − 1] + b[l]，"
          "a[l] = sigmoid(z[l])，其中 L = len(W) + 1。z 的键是 2..L，a 的键是 1..L。",
}, forbidden=_FORBIDDEN)
def _forward_keep_cases():
    for sizes, m, seed in [([3, 4, 2], 1, 21), ([2, 5, 3, 4], 6, 22), ([4, 3, 3, 3, 1], 3, 23)]:
        net = Network(sizes, seed=seed)
        X = case_rng(seed).standard_normal((sizes[0], m))
        trace = net.forward_trace(X)
        W, b = _parameters(net)
        yield (f"sizes = {sizes}, X of shape {X.shape}", (W, b, X), (dict(trace.z), dict(trace.a)))


# 3. BP1

@exercise("output_delta", hint={
    "en": "BP1 with the quadratic loss: δ^L = (a^L − y) ⊙ σ′(z^L). σ′ is taken at z^L — "
          "sigmoid_prime(z_L), or a_L * (1 − a_L) — not at a^L.",
    "zh": "二次损失的 BP1：δ^L = (a^L − y) ⊙ σ′(z^L)。σ′ 在 z^L 处取值——sigmoid_prime(z_L)，"
          "或 a_L * (1 − a_L)——不是在 a^L 处。",
}, forbidden=_FORBIDDEN)
def _output_delta_cases():
    for n, m in [(3, 1), (10, 4), (2, 7)]:
        rng = case_rng(300 + 10 * n + m)
        z, Y = 2 * rng.standard_normal((n, m)), rng.uniform(0, 1, (n, m))
        yield (f"z_L, a_L and Y of shape {(n, m)}", (z, sigmoid(z), Y),
               _backprop.output_error(z, sigmoid(z), Y, _SIGMOID, _QUADRATIC))


# 4. BP2 for every layer

@exercise("all_deltas", hint={
    "en": "Start from delta = {L: delta_L} with L = len(W) + 1; then for l = L − 1 down to 2: "
          "delta[l] = (W[l + 1].T @ delta[l + 1]) * sigmoid_prime(z[l]) (BP2). "
          "Return the dict with the keys 2..L.",
    "zh": "从 delta = {L: delta_L} 开始，其中 L = len(W) + 1；然后对 l 从 L − 1 递减到 2："
          "delta[l] = (W[l + 1].T @ delta[l + 1]) * sigmoid_prime(z[l])（BP2）。"
          "返回键为 2..L 的字典。",
}, forbidden=_FORBIDDEN)
def _all_deltas_cases():
    for sizes, m, seed in [([3, 4, 4, 2], 5, 41), ([2, 5, 3, 1], 1, 42), ([3, 4, 2], 3, 43),
                           ([2, 3, 3, 3, 3, 2], 4, 44)]:
        net = Network(sizes, seed=seed)
        rng = case_rng(seed)
        X, Y = rng.standard_normal((sizes[0], m)), rng.uniform(0, 1, (sizes[-1], m))
        trace = net.forward_trace(X)
        g = _backprop.backward(net, trace.z, trace.a, Y)
        W, _ = _parameters(net)
        yield (f"sizes = {sizes}, m = {m}", (W, dict(trace.z), g.delta[net.L].copy()),
               dict(g.delta))


# 5. BP3 and BP4 as batch means

@exercise("batch_gradients", hint={
    "en": "For each layer l = 2..L (the keys of delta): dW[l] = delta[l] @ a[l − 1].T / m "
          "(a[l − 1] is the layer's input) and db[l] = the mean of delta[l] over the columns, "
          "keepdims so it stays (n_l, 1). Means, not sums: m = number of columns. "
          "Return the dicts (dW, db) with the keys 2..L.",
    "zh": "对每一层 l = 2..L（即 delta 的键）：dW[l] = delta[l] @ a[l − 1].T / "
          "m（a[l − 1] 是这一层的输入），db[l] = delta[l] 按列求平均，用 keepdims 让它保持 "
          "(n_l, 1)。是平均，不是求和：m 是列数。返回键为 2..L 的字典 (dW, db)。",
}, forbidden=_FORBIDDEN)
def _batch_gradients_cases():
    for sizes, m, seed in [([3, 4, 2], 5, 51), ([2, 5, 3, 1], 1, 52), ([4, 3, 3, 2], 8, 53)]:
        rng = case_rng(seed)
        L = len(sizes)
        delta = {l: rng.standard_normal((sizes[l - 1], m)) for l in range(2, L + 1)}
        a = {1: rng.standard_normal((sizes[0], m))}
        a.update({l: rng.uniform(0, 1, (sizes[l - 1], m)) for l in range(2, L + 1)})
        yield (f"sizes = {sizes}, m = {m}", (delta, a),
               ({l: _backprop.weight_gradient(delta[l], a[l - 1]) for l in delta},
                {l: _backprop.bias_gradient(delta[l]) for l in delta}))


# 6. One mini-batch update

@exercise("update_mini_batch", hint={
    "en": "Forward (keeping z and a), δ^L by BP1, every δ by BP2, the mean gradients by BP3/BP4, "
          "then W[l] − eta * dW[l] and b[l] − eta * db[l] for every layer l = 2..L. "
          "Return the new dicts (W, b).",
    "zh": "前向传播（保留 z 和 a），用 BP1 算 δ^L，用 BP2 算出每个 δ，用 BP3/BP4 算平均梯度，"
          "然后对每一层 l = 2..L 计算 W[l] − eta * dW[l] 和 b[l] − eta * db[l]。"
          "返回新的字典 (W, b)。",
}, forbidden=_FORBIDDEN)
def _update_mini_batch_cases():
    for sizes, m, eta, seed in [([3, 4, 2], 5, 3.0, 61), ([2, 5, 3, 1], 1, 0.5, 62),
                                ([4, 3, 3, 2], 10, 1.0, 63)]:
        net = Network(sizes, seed=seed)
        X, Y, _ = _teacher_data(sizes[0], sizes[-1], m, seed)
        W, b = _parameters(net)
        net.update(X, Y, eta)
        yield f"sizes = {sizes}, m = {m}, eta = {eta}", (W, b, X, Y, eta), _parameters(net)


# 7. An epoch with shuffling

@exercise("run_epoch", hint={
    "en": "order = rng.permutation(m) (call it once per epoch, with the rng you are given); "
          "then the batches are the columns order[k:k + batch_size] for k = 0, batch_size, "
          "2·batch_size, ... — keep the last, shorter batch — and one update_mini_batch per batch. "
          "Return (W, b).",
    "zh": "order = rng.permutation(m)（每轮调用一次，用传给你的 rng）；然后各个小批量是列 "
          "order[k:k + batch_size]，k = 0, batch_size, 2·batch_size, ...——最后那个较短的小批量也要"
          "保留——每个小批量做一次 update_mini_batch。返回 (W, b)。",
}, forbidden=_FORBIDDEN)
def _run_epoch_cases():
    for sizes, m, batch_size, eta, seed in [([3, 4, 2], 23, 5, 3.0, 71), ([2, 5, 3], 12, 4, 1.0, 72),
                                            ([4, 3, 2], 7, 10, 2.0, 73), ([2, 3, 2], 9, 1, 0.5, 74)]:
        net = Network(sizes, seed=seed)
        X, Y, _ = _teacher_data(sizes[0], sizes[-1], m, seed)
        W, b = _parameters(net)
        net.rng = np.random.default_rng(seed)
        net.train(X, Y, epochs=1, batch_size=batch_size, eta=eta)
        yield (f"sizes = {sizes}, m = {m}, batch_size = {batch_size}, eta = {eta}, "
               f"rng = np.random.default_rng({seed})",
               (W, b, X, Y, batch_size, eta, np.random.default_rng(seed)), _parameters(net))


# 8. A training loop with a validation set

@exercise("train_validated", hint={
    "en": "For each of the epochs: run_epoch with the same rng (it moves on, so every epoch has a "
          "new order), then the accuracy on the VALIDATION set: the fraction of columns where "
          "argmax of a[L] equals y_val. Return (W, b, accuracies) with one accuracy per epoch "
          "(a list).",
    "zh": "每一轮：用同一个 rng 调用 run_epoch（rng 的状态会向前推进，所以每轮的顺序都不同），"
          "然后计算在验证集上的准确率：a[L] 的 argmax 等于 y_val 的列所占的比例。"
          "返回 (W, b, accuracies)，每轮一个准确率（一个列表）。",
}, forbidden=_FORBIDDEN)
def _train_validated_cases():
    for sizes, m, epochs, batch_size, eta, seed in [([4, 6, 3], 40, 4, 5, 3.0, 81),
                                                    ([3, 5, 4], 30, 4, 7, 3.0, 82)]:
        net = Network(sizes, seed=seed)
        X_all, Y_all, y_all = _teacher_data(sizes[0], sizes[-1], m + 60, seed)
        X, Y, X_val, y_val = X_all[:, :m], Y_all[:, :m], X_all[:, m:], y_all[m:]
        W, b = _parameters(net)
        net.rng = np.random.default_rng(seed)
        history = net.train(X, Y, epochs=epochs, batch_size=batch_size, eta=eta,
                            validation=(X_val, y_val))
        yield (f"sizes = {sizes}, m = {m}, {X_val.shape[1]} validation samples, epochs = {epochs}, "
               f"batch_size = {batch_size}, eta = {eta}",
               (W, b, X, Y, X_val, y_val, epochs, batch_size, eta, np.random.default_rng(seed)),
               (*_parameters(net), list(history.val_accuracy)))
