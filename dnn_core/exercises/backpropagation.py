"""Exercises on the loss, the error δ, the four equations and gradient checking."""

import numpy as np

from ..activations import get_activation, sigmoid, sigmoid_prime, softmax
from ..backprop import hidden_error, output_error, weight_gradient
from ..bugs import mystery_gradients
from ..gradcheck import numerical_gradient, relative_error
from ..losses import cross_entropy, get_loss
from ..network import Network
from .checker import case_rng, exercise

# An exercise about δ that asks the learner to find it without backpropagation forbids the
# package's backpropagation (an answer that calls it is told so).
NO_BACKPROP = ((Network, "backprop", "net.backprop"),
               (Network, "backprop_per_sample", "net.backprop_per_sample"))

# The loss, δ and gradient descent (notebook 04)

@exercise("quadratic_loss", hint={
    "en": "J = (1/m) Σ_x ½‖a^L − y‖²: square the differences, sum over the output neurons (rows) "
          "AND the samples (columns), halve, and divide by m = A.shape[1] "
          "(not by the number of entries).",
    "zh": "J = (1/m) Σ_x ½‖a^L − y‖²：把差值平方，对输出神经元（行）和样本（列）都求和，再减半，"
          "最后除以 m = A.shape[1]（不是除以元素个数）。",
})
def _quadratic_loss_cases():
    for n, m in [(2, 1), (3, 5), (4, 3)]:
        rng = case_rng(400 + 10 * n + m)
        A, Y = rng.uniform(0, 1, (n, m)), rng.uniform(0, 1, (n, m))
        yield f"A and Y of shape {(n, m)}", (A, Y), 0.5 * np.sum((A - Y) ** 2) / m


@exercise("demon_delta", hint={
    "en": "δ^l_j ≈ (J(+h) − J(−h)) / (2h) with J(±h) = loss_after_nudge(net, x, y, l, j, ±h) and a "
          "small h such as 1e-5 (central difference; j counts from 1). Only the demon's nudges: "
          "no backpropagation.",
    "zh": "δ^l_j ≈ (J(+h) − J(−h)) / (2h)，其中 J(±h) = loss_after_nudge(net, x, y, l, j, ±h)，"
          "h 取一个小数，例如 1e-5（中心差分；j 从 1 开始数）。只用恶魔的微扰，不要用反向传播。",
}, forbidden=NO_BACKPROP)
def _demon_delta_cases():
    net = Network([2, 3, 3, 2], seed=4)
    rng = case_rng(404)
    x, y = rng.standard_normal((2, 1)), rng.uniform(0, 1, (2, 1))
    g = net.backprop(x, y)
    for l, j in [(4, 2), (3, 1), (2, 3)]:
        yield f"l = {l}, j = {j}", (net, x, y, l, j), float(g.delta[l][j - 1, 0])


@exercise("demon_deltas", hint={
    "en": "δ^{x,l}_j = ∂J_x/∂z^{x,l}_j belongs to ONE sample: for each column i, "
          "play the demon on that sample alone, x = X[:, [i]] and y = Y[:, [i]], "
          "with the central ratio (J(+h) − J(−h)) / (2h). Nudging every column of the batch at "
          "once gives only the mean of the δ^{x,l}_j; nudging one column of the batch gives "
          "δ^{x,l}_j / m.",
    "zh": "δ^{x,l}_j = ∂J_x/∂z^{x,l}_j 只属于一个样本：对每一列 i，只在这个样本上扮演恶魔，"
          "x = X[:, [i]]，y = Y[:, [i]]，用中心差商 (J(+h) − J(−h)) / (2h)。"
          "同时微扰这批样本的所有列，得到的只是各个 δ^{x,l}_j 的平均值；只微扰这批样本中的一列，"
          "得到的是 δ^{x,l}_j / m。",
}, forbidden=NO_BACKPROP)
def _demon_deltas_cases():
    net = Network([2, 3, 2], seed=7)
    rng = case_rng(405)
    X, Y = rng.standard_normal((2, 4)), rng.uniform(0, 1, (2, 4))
    g = net.backprop(X, Y)
    for l, j in [(3, 1), (2, 2)]:
        yield f"a batch of m = 4, l = {l}, j = {j}", (net, X, Y, l, j), g.delta[l][j - 1].copy()


def _bowl_gradient(A, c):
    return lambda theta: A @ theta - c          # J(θ) = ½ θᵀAθ − cᵀθ


def _neuron_gradient(x, y):
    def grad(theta):                            # J(w, b) = (1/m) Σ ½ (σ(w x + b) − y)²
        w, b = theta
        z = w * x + b
        d = (sigmoid(z) - y) * sigmoid_prime(z)
        return np.array([np.mean(d * x), np.mean(d)])
    return grad


def _descend(grad_J, theta, eta, steps):
    theta = np.array(theta, dtype=float)
    for _ in range(steps):
        theta = theta - eta * grad_J(theta)
    return theta


@exercise("gradient_descent", hint={
    "en": "Repeat `steps` times: θ ← θ − η ∇J(θ), evaluating the gradient at the CURRENT θ each "
          "time (minus: downhill). Return θ after the last step; with steps = 0 that is the "
          "starting θ.",
    "zh": "重复 `steps` 次：θ ← θ − η ∇J(θ)，每次都在当前的 θ 处计算梯度（减号：走下坡）。"
          "返回最后一步之后的 θ；steps = 0 时就是起点 θ。",
})
def _gradient_descent_cases():
    A, c = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0])
    cases = [("the bowl ½θᵀAθ − cᵀθ, η = 0.1, 25 steps", _bowl_gradient(A, c), np.array([2.0, 2.0]), 0.1, 25),
             ("J(w, b) of one sigmoid neuron, η = 2, 40 steps",
              _neuron_gradient(np.array([-1.0, 0.5, 2.0]), np.array([0.9, 0.3, 0.1])),
              np.array([1.5, -0.5]), 2.0, 40),
             ("the bowl, 1 step", _bowl_gradient(A, c), np.array([-1.0, 0.5]), 0.3, 1),
             ("the bowl, 0 steps", _bowl_gradient(A, c), np.array([0.7, 0.1]), 0.3, 0)]
    for description, grad, theta, eta, steps in cases:
        yield description, (grad, theta, eta, steps), _descend(grad, theta, eta, steps)


# The four equations (notebook 05)

@exercise("bp1_output_error", hint={
    "en": "BP1 with the quadratic loss and the sigmoid: a^L = sigmoid(z_L), ∇_a J = a^L − y, "
          "δ^L = ∇_a J ⊙ σ′(z^L) — the Hadamard product is `*`, and σ′ is taken at z^L "
          "(sigmoid_prime(z_L)), not at a^L.",
    "zh": "二次损失加 sigmoid 时的 BP1：a^L = sigmoid(z_L)，∇_a J = a^L − y，"
          "δ^L = ∇_a J ⊙ σ′(z^L)——逐元素乘积（Hadamard 积）写作 `*`，σ′ 在 z^L 处取值"
          "（sigmoid_prime(z_L)），不是在 a^L 处。",
})
def _bp1_cases():
    for n, m in [(3, 1), (2, 4)]:
        rng = case_rng(500 + 10 * n + m)
        z, y = 2 * rng.standard_normal((n, m)), rng.uniform(0, 1, (n, m))
        yield f"z_L and y of shape {(n, m)}", (z, y), \
            output_error(z, sigmoid(z), y, get_activation("sigmoid"), get_loss("quadratic"))


@exercise("bp2_delta", hint={
    "en": "BP2: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ′(z^l): W_next.T @ delta_next (shape (n_l, m)), "
          "then `*` sigmoid_prime(z).",
    "zh": "BP2：δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)：先算 W_next.T @ delta_next（形状 (n_l, m)）"
          "，再 `*` sigmoid_prime(z)。",
})
def _bp2_cases():
    for n_next, n, m in [(2, 4, 1), (3, 5, 6), (3, 3, 2)]:
        rng = case_rng(510 + n_next + 10 * n + 100 * m)
        W, d, z = rng.standard_normal((n_next, n)), rng.standard_normal((n_next, m)), \
            rng.standard_normal((n, m))
        yield (f"W_next {W.shape}, delta_next {d.shape}, z {z.shape}", (W, d, z),
               hidden_error(W, d, z, get_activation("sigmoid")))


@exercise("bp4_weight_gradient", hint={
    "en": "BP4 for a batch: ∂J/∂W^l = δ^l (a^{l−1})^T / m — delta @ a_prev.T sums the m outer "
          "products δ (a^{l−1})^T; divide by m = delta.shape[1]. The result has the shape of W^l, "
          "(n_l, n_{l−1}).",
    "zh": "一批样本的 BP4：∂J/∂W^l = δ^l (a^{l−1})^T / m——delta @ a_prev.T 把 m 个外积 δ "
          "(a^{l−1})^T 加在一起；再除以 m = delta.shape[1]。结果的形状与 W^l 相同，"
          "为 (n_l, n_{l−1})。",
})
def _bp4_cases():
    for n, n_prev, m in [(3, 4, 1), (2, 3, 5), (3, 3, 4)]:
        rng = case_rng(520 + n + 10 * n_prev + 100 * m)
        d, a = rng.standard_normal((n, m)), rng.uniform(0, 1, (n_prev, m))
        yield f"delta {d.shape}, a_prev {a.shape}", (d, a), weight_gradient(d, a)


@exercise("cross_entropy_output_error", hint={
    "en": "Your derivation: with a = σ(z), ∂J_x/∂a_j = (a_j − y_j) / (a_j (1 − a_j)) and σ′(z_j) = "
          "a_j (1 − a_j), so their product is δ^L = a^L − y: sigmoid(z_L) − y, "
          "with no σ′ factor left (that factor is the quadratic loss's BP1).",
    "zh": "你的推导：设 a = σ(z)，则 ∂J_x/∂a_j = (a_j − y_j) / (a_j (1 − a_j))，"
          "而 σ′(z_j) = a_j (1 − a_j)，两者相乘得 δ^L = a^L − y：即 sigmoid(z_L) − y，"
          "不再剩下 σ′ 因子（带 σ′ 因子的是二次损失的 BP1）。",
})
def _cross_entropy_delta_cases():
    for n, m in [(3, 1), (2, 5)]:
        rng = case_rng(530 + 10 * n + m)
        z, y = 2 * rng.standard_normal((n, m)), rng.uniform(0, 1, (n, m))
        Z = z.copy()        # δ^{x,L} = ∂J_x/∂z^{x,L} = m ∂J/∂z^{x,L}: measured by central differences
        measured = m * numerical_gradient(lambda: cross_entropy(sigmoid(Z), y), Z)
        yield f"z_L and y of shape {(n, m)} (δ^L measured by central differences)", (z, y), measured


@exercise("bp2_sigma_prime_form", hint={
    "en": "Σ′(z^l) = np.diag(sigmoid_prime(z).ravel()), an n_l × n_l matrix "
          "(np.diag of a column (n_l, 1) would return its diagonal, hence .ravel()); "
          "then δ^l = Σ′(z^l) (W^{l+1})^T δ^{l+1} = Sigma @ W_next.T @ delta_next. Return both, "
          "(Sigma, delta).",
    "zh": "Σ′(z^l) = np.diag(sigmoid_prime(z).ravel())，是一个 n_l × n_l 矩阵"
          "（对形状为 (n_l, 1) 的列调用 np.diag 会返回它的对角线，所以要先 .ravel()）；"
          "然后 δ^l = Σ′(z^l) (W^{l+1})^T δ^{l+1} = Sigma @ W_next.T @ delta_next。两个都要返回："
          "(Sigma, delta)。",
})
def _bp2_sigma_prime_cases():
    for n_next, n in [(2, 4), (3, 3)]:
        rng = case_rng(540 + n_next + 10 * n)
        W, d, z = rng.standard_normal((n_next, n)), rng.standard_normal((n_next, 1)), \
            rng.standard_normal((n, 1))
        expected = (np.diag(sigmoid_prime(z).ravel()), hidden_error(W, d, z, get_activation("sigmoid")))
        yield f"W_next {W.shape}, one sample: delta_next {d.shape}, z {z.shape}", (W, d, z), expected


# Gradient checking (notebook 06)

@exercise("central_difference_gradient", hint={
    "en": "For every entry i of theta (np.ndindex(theta.shape)): set theta[i] to original + h, "
          "evaluate f(theta), set it to original − h, evaluate again, store (f₊ − f₋) / (2h) and "
          "put the original back. A forward difference (f₊ − f(θ)) / h is not accurate enough, "
          "whatever h: its error is of order h, the central one's of order h². "
          "h = 1e-5 works in float64.",
    "zh": "对 theta 的每个元素 i（np.ndindex(theta.shape)）：把 theta[i] 设为原值 + h，"
          "计算 f(theta)；再设为原值 − h，再算一次；存下 (f₊ − f₋) / (2h)，然后把原值放回去。"
          "前向差分 (f₊ − f(θ)) / h 不够精确，h 取什么都一样：它的误差是 h 阶的，"
          "中心差分的误差是 h² 阶的。在 float64 下 h = 1e-5 就可以。",
})
def _central_difference_cases():
    theta = case_rng(600).standard_normal(4)
    yield ("f(θ) = ln Σ e^{θ_i}, θ of shape (4,)",
           (lambda t: float(np.log(np.sum(np.exp(t)))), theta), softmax(theta[:, None]).ravel())
    theta = case_rng(601).standard_normal((2, 3))
    yield ("f(Θ) = Σ tanh(Θ_ij) + Σ Θ_ij², Θ of shape (2, 3)",
           (lambda t: float(np.sum(np.tanh(t)) + np.sum(t ** 2)), theta),
           1 - np.tanh(theta) ** 2 + 2 * theta)
    # |f′| ≈ 0.003 is small and f″ ≈ −1: a forward difference's error h/2 + ε|f|/h is at best
    # about 2e-8, several times the tolerance (1e-9 + 1e-6·0.003), for every h; a central
    # difference stays well below it for any h from about 1e-7 to 1e-3.
    theta = 0.003 + 0.001 * case_rng(603).uniform(-1, 1, 4)
    yield ("f(θ) = Σ cos θ_i near θ = 0.003, θ of shape (4,)",
           (lambda t: float(np.sum(np.cos(t))), theta), -np.sin(theta))
    net = Network([2, 3, 1], seed=6)
    rng = case_rng(602)
    X, Y = rng.standard_normal((2, 4)), rng.uniform(0, 1, (1, 4))
    expected = net.backprop(X, Y).dW[2]

    def loss_of_W2(W):
        net.W[2] = W
        return net.J(X, Y)

    yield "f(W) = J of a network [2, 3, 1] as a function of W^2", (loss_of_W2, net.W[2].copy()), \
        expected


@exercise("gradient_relative_error", hint={
    "en": "One number for the whole arrays: np.linalg.norm(g - g_hat) / (np.linalg.norm(g) + "
          "np.linalg.norm(g_hat)), the Euclidean norms of the flattened arrays "
          "(not entry by entry), and 0.0 when both arrays are zero.",
    "zh": "对整个数组只算一个数：np.linalg.norm(g - g_hat) / (np.linalg.norm(g) + "
          "np.linalg.norm(g_hat))，即展平后数组的欧几里得范数（不是逐个元素地算）；"
          "两个数组都为零时返回 0.0。",
})
def _gradient_relative_error_cases():
    rng = case_rng(610)
    g = rng.standard_normal((3, 4))
    cases = [("two close arrays of shape (3, 4)", g, g + 1e-6 * rng.standard_normal((3, 4))),
             ("one tiny entry, shape (3,)", np.array([1.0, -2.0, 1e-9]), np.array([1.0, -2.0, 3e-9])),
             ("opposite arrays, shape (2, 1)", np.array([[1.5], [-0.5]]), np.array([[-1.5], [0.5]])),
             ("a gradient of size 1e-6, shape (4,)", 1e-6 * g[0], 1.01e-6 * g[0]),
             ("two zero arrays, shape (2, 2)", np.zeros((2, 2)), np.zeros((2, 2)))]
    for description, a, b in cases:
        yield description, (a, b), relative_error(a, b)


@exercise("which_equation", hint={
    "en": "Run the per-array check on a square network such as Network([3, 3, 3, 3], seed=0) with "
          "a batch of m ≥ 2 samples (with m = 1 a missing mean is invisible): "
          "check_network(net, X, Y, gradients=gradients) and failing_arrays from "
          "dnn_core.gradcheck, then read the pattern of failing arrays: all of them → BP1; "
          "every array except those of layer L → BP2; only b's → BP3; only W's → BP4.",
    "zh": "在一个“方形”网络上逐个数组地检验，例如 Network([3, 3, 3, 3], seed=0)，"
          "用一批 m ≥ 2 个样本（m = 1 时看不出漏掉的平均）：用 dnn_core.gradcheck 中的 "
          "check_network(net, X, Y, gradients=gradients) 和 failing_arrays，然后看哪些数组没通过："
          "全部没通过 → BP1；除第 L 层之外的所有数组 → BP2；只有 b → BP3；只有 W → BP4。",
})
def _which_equation_cases():
    for number, (gradients, equation) in enumerate(mystery_gradients(), start=1):
        yield f"mystery gradient function {number}", (gradients,), equation
