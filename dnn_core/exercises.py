"""Exercises with automatic checks.

In a notebook the learner completes a stub and calls `check`:

    def layer_forward(W, a_prev, b):
        ...                                   # your code here
        raise NotImplementedError

    check("layer_forward", layer_forward)

`check` runs the function on hidden cases, compares it with a reference solution and
prints one verdict: "correct", "not attempted yet" (the stub still raises
NotImplementedError or returns None), or exactly what is wrong (the case, the shape
expected and got, the entries that differ, a hint). It never raises, so a notebook with
untouched stubs still runs from top to bottom. It returns the Verdict, so a test can
assert `check(...).passed`.

Each exercise is registered with `@exercise(name, hint=...)` on a function that yields
the hidden cases as (description, args, expected) triples.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import get_activation, sigmoid, sigmoid_prime
from .backprop import hidden_error, output_error, weight_gradient
from .bugs import mystery_gradients
from .datasets import one_hot
from .losses import get_loss
from .network import Network

EXERCISES = {}


# The checker

@dataclass(frozen=True)
class Exercise:
    """One exercise: its hidden cases, the hint shown with a wrong answer, the tolerances."""

    name: str
    cases: Callable          # () -> iterable of (description, args tuple, expected)
    hint: str
    rtol: float = 1e-6
    atol: float = 1e-9


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: status is 'correct', 'not attempted' or 'wrong'."""

    exercise: str
    status: str
    message: str

    @property
    def passed(self):
        return self.status == "correct"

    def __str__(self):
        return self.message

    def _repr_pretty_(self, p, cycle):   # IPython shows the message, not the dataclass
        p.text(self.message)


def exercise(name, hint, rtol=1e-6, atol=1e-9):
    """Register the decorated case generator as the exercise `name`."""
    def register(cases):
        if name in EXERCISES:
            raise ValueError(f"exercise {name!r} is registered twice")
        EXERCISES[name] = Exercise(name, cases, hint, rtol, atol)
        return cases
    return register


def check(name, function, quiet=False):
    """Run the learner's `function` on the hidden cases of exercise `name`.

    Prints the verdict (unless quiet) and returns it. Never raises for a wrong or unfinished
    answer; an unknown `name` is a KeyError.
    """
    if name not in EXERCISES:
        raise KeyError(f"unknown exercise {name!r}: expected one of {sorted(EXERCISES)}")
    verdict = _judge(EXERCISES[name], function)
    if not quiet:
        print(verdict.message)
    return verdict


def _judge(ex, function):
    """The Verdict of `function` on the cases of `ex`: the first case that fails decides."""
    for number, (description, args, expected) in enumerate(ex.cases(), start=1):
        copies = tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)
        try:
            got = function(*copies)
        except NotImplementedError:
            return Verdict(ex.name, "not attempted", f"{ex.name}: not attempted yet — "
                           "replace `raise NotImplementedError` with your code.")
        except Exception as error:  # the learner's bug is reported, not raised
            return _wrong(ex, number, description,
                          f"your function raised {type(error).__name__}: {error}")
        if got is None:
            return Verdict(ex.name, "not attempted", f"{ex.name}: not attempted yet — "
                           "your function returns None; did you forget `return`?")
        problem = _compare(got, expected, ex)
        if problem:
            return _wrong(ex, number, description, problem)
    return Verdict(ex.name, "correct", f"{ex.name}: correct ✓ (all hidden cases pass)")


def _wrong(ex, number, description, problem):
    """The 'wrong' Verdict for case `number`, with the problem and the exercise's hint."""
    return Verdict(ex.name, "wrong",
                   f"{ex.name}: not yet — case {number} ({description}): {problem}\n"
                   f"Hint: {ex.hint}")


def _compare(got, expected, ex):
    """None if `got` matches `expected`, else a sentence saying what differs."""
    if isinstance(expected, str):
        return None if str(got).strip().upper() == expected.upper() else \
            f"expected {expected!r}, got {got!r}"
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"expected a tuple of {len(expected)} values, got {type(got).__name__}"
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = _compare(g, e, ex)
            if problem:
                return f"item {i} of the result: {problem}"
        return None
    expected = np.asarray(expected)
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"expected numbers, got {type(got).__name__}"
    if got.shape != expected.shape:
        hint = " (transposed?)" if got.shape == expected.shape[::-1] and got.ndim == 2 else ""
        return f"shape expected {expected.shape}, got {got.shape}{hint}"
    close = np.isclose(got, expected, rtol=ex.rtol, atol=ex.atol)
    if close.all():
        return None
    wrong = np.argwhere(~close) if got.ndim else [()]
    first = tuple(int(i) for i in wrong[0])
    where = f" at index {first}" if got.ndim else ""
    return (f"{len(wrong)} of {max(got.size, 1)} entries differ; first{where}: "
            f"expected {expected[first]:.6g}, got {got[first]:.6g}")


def _rng(seed):
    """The random generator of a case: a fixed seed, so the hidden cases never change."""
    return np.random.default_rng(seed)


# The exercises, by idea. Each registers a generator of its hidden cases, (description,
# args, expected) triples; the order of the cases is the "case n" of a verdict.


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
    rng = _rng(3)
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
    rng = _rng(4)
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
    z = _rng(1).standard_normal((2, 3)) * 3
    yield "z of shape (2, 3)", (z,), sigmoid(z)


@exercise("as_column", hint="a sample is a COLUMN of shape (n, 1): np.asarray(values, dtype=float)"
          ".reshape(-1, 1) (a 1-D array of shape (n,) is not a column).")
def _as_column_cases():
    yield "values = [1, 2, 3]", ([1, 2, 3],), np.array([[1.0], [2.0], [3.0]])
    values = _rng(2).standard_normal(5)
    yield "values: a 1-D array of 5 numbers", (values,), values.reshape(5, 1)


@exercise("layer_forward", hint="a^l = σ(W^l a^{l−1} + b^l): a matrix product W @ a_prev, plus b "
          "(it broadcasts over the columns), then the sigmoid 1/(1+exp(−z)) element-wise.")
def _layer_forward_cases():
    for n_out, n_in, m in [(3, 2, 1), (4, 5, 6), (1, 3, 2)]:
        rng = _rng(n_out * 100 + n_in * 10 + m)
        W, a, b = rng.standard_normal((n_out, n_in)), rng.standard_normal((n_in, m)), \
            rng.standard_normal((n_out, 1))
        yield f"W {W.shape}, a_prev {a.shape}, b {b.shape}", (W, a, b), sigmoid(W @ a + b)


@exercise("forward_pass", hint="a = x; then for each (W, b) in order: a = σ(W @ a + b) with "
          "σ(z) = 1/(1+e^{−z}); return the last a (shape (n_L, m)).")
def _forward_pass_cases():
    for sizes, m, seed in [([3, 3, 1], 1, 5), ([4, 5, 3, 2], 6, 6), ([2, 1], 3, 7)]:
        rng = _rng(seed)
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
        rng = _rng(sum(sizes) * 10 + j)
        Ws = [rng.standard_normal((n, n_prev)) for n_prev, n in zip(sizes[:-1], sizes[1:])]
        bs = [rng.standard_normal((n, 1)) for n in sizes[1:]]
        points = rng.uniform(-2, 2, (2, P))
        a = points
        for W, b in zip(Ws, bs):
            a = np.tanh(W @ a + b)
        yield f"sizes {sizes}, neuron j = {j} of the last layer, {P} points", \
            (Ws, bs, points, j), a[j - 1]


# The loss and δ

@exercise("quadratic_loss", hint="J = (1/m) Σ_x ½‖a^L − y‖²: square the differences, sum over the "
          "output neurons (rows) AND the samples (columns), halve, and divide by m = A.shape[1] "
          "(not by the number of entries).")
def _quadratic_loss_cases():
    for n, m in [(2, 1), (3, 5), (4, 3)]:
        rng = _rng(400 + 10 * n + m)
        A, Y = rng.uniform(0, 1, (n, m)), rng.uniform(0, 1, (n, m))
        yield f"A and Y of shape {(n, m)}", (A, Y), 0.5 * np.sum((A - Y) ** 2) / m


@exercise("demon_delta", hint="δ^l_j ≈ (J(+h) − J(−h)) / (2h) with J(±h) = "
          "loss_after_nudge(net, x, y, l, j, ±h) and a small h such as 1e-5 (central difference; "
          "j counts from 1).")
def _demon_delta_cases():
    net = Network([2, 3, 3, 2], seed=4)
    rng = _rng(404)
    x, y = rng.standard_normal((2, 1)), rng.uniform(0, 1, (2, 1))
    g = net.backprop(x, y)
    for l, j in [(4, 2), (3, 1), (2, 3)]:
        yield f"l = {l}, j = {j}", (net, x, y, l, j), float(g.delta[l][j - 1, 0])


# The four equations

@exercise("bp1_output_error", hint="BP1 with the quadratic loss and the sigmoid: "
          "a^L = sigmoid(z_L), ∇_a J = a^L − y, δ^L = ∇_a J ⊙ σ′(z^L) — the Hadamard product "
          "is `*`, and σ′ is taken at z^L (sigmoid_prime(z_L)), not at a^L.")
def _bp1_cases():
    for n, m in [(3, 1), (2, 4)]:
        rng = _rng(500 + 10 * n + m)
        z, y = 2 * rng.standard_normal((n, m)), rng.uniform(0, 1, (n, m))
        yield f"z_L and y of shape {(n, m)}", (z, y), \
            output_error(z, sigmoid(z), y, get_activation("sigmoid"), get_loss("quadratic"))


@exercise("bp2_delta", hint="BP2: δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ σ′(z^l): W_next.T @ delta_next "
          "(shape (n_l, m)), then `*` sigmoid_prime(z).")
def _bp2_cases():
    for n_next, n, m in [(2, 4, 1), (3, 5, 6)]:
        rng = _rng(510 + n_next + 10 * n + 100 * m)
        W, d, z = rng.standard_normal((n_next, n)), rng.standard_normal((n_next, m)), \
            rng.standard_normal((n, m))
        yield (f"W_next {W.shape}, delta_next {d.shape}, z {z.shape}", (W, d, z),
               hidden_error(W, d, z, get_activation("sigmoid")))


@exercise("bp4_weight_gradient", hint="BP4 for a batch: ∂J/∂W^l = δ^l (a^{l−1})^T / m — "
          "delta @ a_prev.T sums the m outer products δ (a^{l−1})^T; divide by m = delta.shape[1]. "
          "The result has the shape of W^l, (n_l, n_{l−1}).")
def _bp4_cases():
    for n, n_prev, m in [(3, 4, 1), (2, 3, 5)]:
        rng = _rng(520 + n + 10 * n_prev + 100 * m)
        d, a = rng.standard_normal((n, m)), rng.uniform(0, 1, (n_prev, m))
        yield f"delta {d.shape}, a_prev {a.shape}", (d, a), weight_gradient(d, a)


# Gradient checking

@exercise("central_difference_gradient", hint="For every entry i of theta "
          "(np.ndindex(theta.shape)): set theta[i] to original + h, evaluate f(theta), set it to "
          "original − h, evaluate again, "
          "store (f₊ − f₋) / (2h) and put the original back. h = 1e-5 works in float64.")
def _central_difference_cases():
    theta = _rng(600).standard_normal(4)
    yield ("f(θ) = Σ θ_i² sin θ_i, θ of shape (4,)",
           (lambda t: float(np.sum(t ** 2 * np.sin(t))), theta),
           2 * theta * np.sin(theta) + theta ** 2 * np.cos(theta))
    theta = _rng(601).standard_normal((2, 3))
    yield ("f(Θ) = Σ tanh(Θ_ij) + Σ Θ_ij², Θ of shape (2, 3)",
           (lambda t: float(np.sum(np.tanh(t)) + np.sum(t ** 2)), theta),
           1 - np.tanh(theta) ** 2 + 2 * theta)
    net = Network([2, 3, 1], seed=6)
    rng = _rng(602)
    X, Y = rng.standard_normal((2, 4)), rng.uniform(0, 1, (1, 4))
    expected = net.backprop(X, Y).dW[2]

    def loss_of_W2(W):
        net.W[2] = W
        return net.J(X, Y)

    yield "f(W) = J of a network [2, 3, 1] as a function of W^2", (loss_of_W2, net.W[2].copy()), \
        expected


@exercise("which_equation", hint="Run the per-array check on a square network such as "
          "Network([3, 3, 3, 3], seed=0) with a batch of m ≥ 2 samples: "
          "check_network(net, X, Y, gradients=gradients) and failing_arrays from dnn_core.gradcheck, "
          "then read the pattern "
          "of failing arrays: all of them → BP1; every array except those of layer L → BP2; "
          "only b's → BP3; only W's → BP4.")
def _which_equation_cases():
    for number, (gradients, equation) in enumerate(mystery_gradients(), start=1):
        yield f"mystery gradient function {number}", (gradients,), equation


# Saturation

@exercise("sigmoid_prime_from_a", hint="σ′(z) = σ(z)(1 − σ(z)), and a = σ(z) is already known "
          "from the forward pass: return a * (1 - a), element-wise (no exp needed).")
def _sigmoid_prime_from_a_cases():
    for shape, scale in [((3, 1), 1.0), ((4, 5), 6.0), ((2, 3), 20.0)]:
        z = scale * _rng(int(10 * scale) + shape[1]).standard_normal(shape)
        yield f"a = σ(z) of shape {shape}, |z| up to {np.abs(z).max():.1f}", (sigmoid(z),), \
            sigmoid_prime(z)


@exercise("saturation_threshold", hint="σ′ = σ(1 − σ) = t is a quadratic equation in s = σ(z): "
          "s = (1 + √(1 − 4t))/2 (the root above ½, for z > 0). Then invert the sigmoid: "
          "z = ln(s / (1 − s)).")
def _saturation_threshold_cases():
    for t in (0.01, 0.1, 0.001, 0.2):
        s = (1 + np.sqrt(1 - 4 * t)) / 2
        yield f"threshold t = {t}", (t,), np.log(s / (1 - s))


# Training

@exercise("sgd_step", hint="One step of gradient descent: W − η ∂J/∂W and b − η ∂J/∂b; return "
          "the pair (W_new, b_new) with the same shapes as W and b.")
def _sgd_step_cases():
    for (n_out, n_in), eta in [((3, 2), 0.5), ((1, 4), 3.0), ((5, 3), 0.01)]:
        rng = _rng(n_out * 10 + n_in)
        W, dW = rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, n_in))
        b, db = rng.standard_normal((n_out, 1)), rng.standard_normal((n_out, 1))
        yield f"W {W.shape}, b {b.shape}, eta = {eta}", (W, b, dW, db, eta), \
            (W - eta * dW, b - eta * db)


@exercise("minibatch_indices", hint="Without shuffling the batches are consecutive: "
          "range(k, min(k + batch_size, m)) for k = 0, batch_size, 2·batch_size, ... — the last "
          "batch is shorter when batch_size does not divide m. Return a list of index arrays.")
def _minibatch_indices_cases():
    for m, batch_size in [(10, 3), (200, 10), (7, 7), (5, 1), (4, 10)]:
        yield f"m = {m}, batch_size = {batch_size}", (m, batch_size), \
            tuple(np.arange(k, min(k + batch_size, m)) for k in range(0, m, batch_size))


# Evaluation

@exercise("one_hot", hint="Y = np.zeros((n_classes, m)); then set Y[y[i], i] = 1 for every "
          "sample i — in one line: Y[y, np.arange(m)] = 1. Samples are columns, so Y has "
          "n_classes rows and m columns.")
def _one_hot_cases():
    for n_classes, m in [(10, 6), (2, 5), (4, 30)]:
        y = _rng(n_classes + m).integers(0, n_classes, m)
        yield f"{m} labels, {n_classes} classes", (y, n_classes), one_hot(y, n_classes)


@exercise("accuracy_argmax", hint="The predicted class of sample i is the row of the largest "
          "entry in column i: np.argmax(A, axis=0) (shape (m,)). The accuracy is the fraction of "
          "samples whose prediction equals the label: np.mean(predicted == y).")
def _accuracy_argmax_cases():
    for n_classes, m in [(10, 20), (3, 7), (10, 500)]:
        rng = _rng(n_classes * 1000 + m)
        A = rng.random((n_classes, m))
        y = np.where(rng.random(m) < 0.6, np.argmax(A, axis=0), rng.integers(0, n_classes, m))
        yield f"A {A.shape}, y {y.shape}", (A, y), float(np.mean(np.argmax(A, axis=0) == y))


@exercise("confusion_counts", hint="Start from np.zeros((n_classes, n_classes), dtype=int) and add "
          "1 to C[true[i], predicted[i]] for every sample i (a loop, or np.add.at). Rows are the "
          "true classes, columns the predicted ones; the diagonal counts the correct answers.")
def _confusion_counts_cases():
    for n_classes, m in [(3, 12), (10, 300), (4, 5)]:
        rng = _rng(7 * n_classes + m)
        true = rng.integers(0, n_classes, m)
        predicted = np.where(rng.random(m) < 0.7, true, rng.integers(0, n_classes, m))
        counts = np.zeros((n_classes, n_classes), dtype=int)
        np.add.at(counts, (true, predicted), 1)
        yield f"{m} samples, {n_classes} classes", (true, predicted, n_classes), counts
