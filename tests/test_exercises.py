"""The exercises: the checker's verdicts for a stub, a wrong answer, a crash and a right answer;
every exercise has a stub and a hidden solution in a notebook; an independent reference solution
of every exercise passes and the mistakes a learner could plausibly make are caught."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from dnn_core import Network
from dnn_core.activations import sigmoid, sigmoid_prime
from dnn_core.bugs import mystery_gradients
from dnn_core.exercises import EXERCISES, check
from dnn_core.gradcheck import check_network, failing_arrays


def stub(W, a_prev, b):
    raise NotImplementedError


def test_a_stub_is_not_attempted_and_does_not_raise(capsys):
    verdict = check("layer_forward", stub)
    assert verdict.status == "not attempted" and not verdict.passed
    assert "not attempted yet" in capsys.readouterr().out


def test_forgotten_return_is_not_attempted():
    assert check("layer_forward", lambda W, a, b: None, quiet=True).status == "not attempted"


def test_a_transposed_result_is_named():
    verdict = check("layer_forward", lambda W, a, b: sigmoid(W @ a + b).T, quiet=True)
    assert verdict.status == "wrong"
    assert "shape expected (3, 1), got (1, 3) (transposed?)" in verdict.message
    assert "Hint:" in verdict.message


def test_wrong_values_say_which_entries_differ():
    verdict = check("layer_forward", lambda W, a, b: sigmoid(W @ a), quiet=True)
    assert verdict.status == "wrong"
    assert "case 1" in verdict.message and "entries differ; first at index (0, 0)" in verdict.message


def test_a_crash_is_reported_not_raised():
    verdict = check("layer_forward", lambda W, a, b: a @ W, quiet=True)
    assert verdict.status == "wrong" and "your function raised ValueError" in verdict.message


def test_the_reference_passes_and_inputs_are_protected():
    def mutating(W, a, b):
        result = sigmoid(W @ a + b)
        W *= 0                      # a learner's in-place slip must not spoil the expected answer
        return result
    assert check("layer_forward", mutating, quiet=True).passed
    assert check("layer_forward", lambda W, a, b: sigmoid(W @ a + b), quiet=True).passed


def test_unknown_exercise():
    with pytest.raises(KeyError, match="unknown exercise 'nope'"):
        check("nope", stub)


def test_every_exercise_has_cases_and_a_hint():
    for name, ex in EXERCISES.items():
        cases = list(ex.cases())
        assert len(cases) >= 2, name
        assert ex.hint.strip(), name


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_untouched_stub_is_not_attempted(name):
    def untouched(*args):
        raise NotImplementedError

    assert check(name, untouched, quiet=True).status == "not attempted"


def test_every_exercise_has_a_stub_and_a_hidden_solution_in_a_notebook():
    """Each registered exercise is checked in some notebook twice: on the learner's stub
    and in a hidden solution cell that asserts it passes (nbval runs that assert)."""
    stubs, solutions = set(), set()
    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in (c for c in cells if c["cell_type"] == "code"):
            source = "".join(cell["source"])
            names = set(re.findall(r'check\("(\w+)"', source))
            if "solution" in cell["metadata"].get("tags", []):
                solutions |= names
            elif "NotImplementedError" in source:
                stubs |= names
    assert stubs == set(EXERCISES)
    assert solutions == set(EXERCISES)


# ----- reference solutions pass, typical mistakes are caught -----------------------------------
# Written independently of dnn_core.exercises (an oracle, not a copy of the checker's answers).

def ref_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def ref_as_column(values):
    return np.asarray(values, dtype=float).reshape(-1, 1)


def ref_perceptron_update(w, b, x, y, eta):
    if y * (w @ x + b) <= 0:
        return w + eta * y * x, b + eta * y
    return w, b


def ref_perceptron_predict(w, b, X):
    return np.where(w @ X + b >= 0, 1.0, -1.0)


def ref_parameter_count(sizes):
    return sum(n * n_prev + n for n_prev, n in zip(sizes[:-1], sizes[1:]))


def ref_weight_index(j, k):
    return (j - 1, k - 1)


def ref_layer_forward(W, a_prev, b):
    return ref_sigmoid(W @ a_prev + b)


def ref_forward_pass(params, x):
    a = x
    for W, b in params:
        a = ref_sigmoid(W @ a + b)
    return a


def ref_quadratic_loss(A, Y):
    return 0.5 * np.sum((A - Y) ** 2) / A.shape[1]


def ref_demon_delta(net, x, y, l, j, h=1e-5):
    return (net.J_after_nudge(x, y, l, j, h) - net.J_after_nudge(x, y, l, j, -h)) / (2 * h)


def ref_bp1(z_L, y):
    return (sigmoid(z_L) - y) * sigmoid_prime(z_L)


def ref_bp2(W_next, delta_next, z):
    return (W_next.T @ delta_next) * sigmoid_prime(z)


def ref_bp4(delta, a_prev):
    return delta @ a_prev.T / delta.shape[1]


def ref_central(f, theta, h=1e-5):
    grad = np.zeros(theta.shape)
    for i in np.ndindex(theta.shape):
        original = theta[i]
        theta[i] = original + h
        f_plus = f(theta)
        theta[i] = original - h
        f_minus = f(theta)
        theta[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def square_problem():
    net = Network([3, 3, 3, 3], seed=0)
    rng = np.random.default_rng(1)
    return net, rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4))


def ref_which_equation(gradients):
    net, X, Y = square_problem()
    failing = set(failing_arrays(check_network(net, X, Y, gradients=gradients)))
    if failing == {name for name, _ in net.parameters()}:
        return "BP1"
    if failing and all(name.startswith("b") for name in failing):
        return "BP3"
    if failing and all(name.startswith("W") for name in failing):
        return "BP4"
    if failing and not failing & {f"W{net.L}", f"b{net.L}"}:
        return "bp2"                       # the check is case-insensitive
    return "no bug found"


def ref_sigmoid_prime_from_a(a):
    return a * (1 - a)


def ref_saturation_threshold(t):
    return 2 * np.arctanh(np.sqrt(1 - 4 * t))


def ref_sgd_step(W, b, dW, db, eta):
    return W - eta * dW, b - eta * db


def ref_minibatch_indices(m, batch_size):
    return [np.arange(k, min(k + batch_size, m)) for k in range(0, m, batch_size)]


def ref_accuracy_argmax(A, y):
    return float(np.mean(np.argmax(A, axis=0) == y))


def ref_confusion_counts(true, predicted, n_classes):
    C = np.zeros((n_classes, n_classes), dtype=int)
    for t, p in zip(true, predicted):
        C[t, p] += 1
    return C


def ref_neuron_output_map(Ws, bs, points, j):
    a = points
    for W, b in zip(Ws, bs):
        a = np.tanh(W @ a + b)
    return a[j - 1]


def ref_one_hot(y, n_classes):
    Y = np.zeros((n_classes, len(y)))
    Y[y, np.arange(len(y))] = 1.0
    return Y


SOLUTIONS = {
    "sigmoid_warmup": ref_sigmoid,
    "as_column": ref_as_column,
    "perceptron_update": ref_perceptron_update,
    "perceptron_predict": ref_perceptron_predict,
    "parameter_count": ref_parameter_count,
    "weight_index": ref_weight_index,
    "layer_forward": ref_layer_forward,
    "forward_pass": ref_forward_pass,
    "quadratic_loss": ref_quadratic_loss,
    "demon_delta": ref_demon_delta,
    "bp1_output_error": ref_bp1,
    "bp2_delta": ref_bp2,
    "bp4_weight_gradient": ref_bp4,
    "central_difference_gradient": ref_central,
    "which_equation": ref_which_equation,
    "sigmoid_prime_from_a": ref_sigmoid_prime_from_a,
    "saturation_threshold": ref_saturation_threshold,
    "sgd_step": ref_sgd_step,
    "minibatch_indices": ref_minibatch_indices,
    "accuracy_argmax": ref_accuracy_argmax,
    "confusion_counts": ref_confusion_counts,
    "neuron_output_map": ref_neuron_output_map,
    "one_hot": ref_one_hot,
}


def test_every_exercise_has_an_independent_reference():
    assert set(SOLUTIONS) == set(EXERCISES)


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_reference_solution_passes(name):
    assert name in EXERCISES and len(list(EXERCISES[name].cases())) >= 2
    assert check(name, SOLUTIONS[name], quiet=True).passed


TYPICAL_MISTAKES = [
    ("perceptron_update", lambda w, b, x, y, eta: (w + eta * y * x, b + eta * y)),  # always updates
    ("perceptron_predict", lambda w, b, X: np.sign(w @ X + b)),                       # sign(0) = 0
    ("weight_index", lambda j, k: (j, k)),                                            # 1-based
    ("parameter_count", lambda s: sum(n * p for p, n in zip(s[:-1], s[1:]))),          # no biases
    ("forward_pass", lambda params, x: params[-1][0] @ x if len(params) == 1 else x),
    ("quadratic_loss", lambda A, Y: 0.5 * np.mean((A - Y) ** 2)),
    ("bp1_output_error", lambda z, y: (sigmoid(z) - y) * sigmoid_prime(sigmoid(z))),
    ("bp2_delta", lambda W, d, z: (W @ d) * sigmoid_prime(z)),
    ("bp4_weight_gradient", lambda d, a: d @ a.T),
    ("central_difference_gradient",
     lambda f, t: ref_central(f, t) * 0 + (f(t + 1e-5) - f(t)) / 1e-5),
    ("which_equation", lambda g: "BP1"),
    ("sigmoid_prime_from_a", lambda a: sigmoid_prime(a)),
    ("saturation_threshold", lambda t: np.log(1 / t)),
    ("sgd_step", lambda W, b, dW, db, eta: (W + eta * dW, b + eta * db)),
    # shuffle=False must keep the order; a dropped short last batch is wrong too
    ("minibatch_indices", lambda m, n: [np.arange(k, k + n) for k in range(0, m - n + 1, n)]),
    ("accuracy_argmax", lambda A, y: float(np.mean(np.argmax(A, 1)[:len(y)] == y))),
    ("confusion_counts", lambda t, p, n: ref_confusion_counts(p, t, n)),
    ("neuron_output_map", lambda Ws, bs, P, j: ref_neuron_output_map(Ws, bs, P, j + 1)
     if j + 1 <= Ws[-1].shape[0] else ref_neuron_output_map(Ws, bs, P, 1)),
    ("one_hot", lambda y, n: ref_one_hot(y, n).T),
]


@pytest.mark.parametrize("name, wrong", TYPICAL_MISTAKES, ids=[n for n, _ in TYPICAL_MISTAKES])
def test_typical_mistakes_are_caught(name, wrong):
    assert check(name, wrong, quiet=True).status == "wrong"


def test_mystery_bugs_cover_every_equation():
    assert sorted(eq for _, eq in mystery_gradients()) == ["BP1", "BP2", "BP3", "BP4"]


def test_a_reference_solution_says_it_is_the_reference(capsys):
    verdict = check("layer_forward", lambda W, a, b: sigmoid(W @ a + b), reference=True)
    out = capsys.readouterr().out
    assert verdict.passed and "reference solution passes every hidden case" in out
    assert "your own function above is unchanged" in out and "correct ✓" not in out
    wrong = check("layer_forward", lambda W, a, b: sigmoid(W @ a), quiet=True, reference=True)
    assert wrong.status == "wrong" and wrong.message.startswith("the course's reference solution of")


def test_a_forbidden_call_is_named_and_the_package_is_restored():
    from dnn_core.exercises.checker import EXERCISES as registry
    from dnn_core.exercises.checker import Exercise

    def cases():
        net = Network([2, 3, 1], seed=0)
        X = np.ones((2, 1))
        yield "one sample", (net, X), net.forward(X)

    registry["_forbid_forward"] = Exercise("_forbid_forward", cases, "write the forward pass",
                                           forbidden=((Network, "forward", "net.forward"),))
    try:
        cheat = check("_forbid_forward", lambda net, X: net.forward(X), quiet=True)
        assert cheat.status == "wrong" and "calls net.forward, which this exercise asks you to do without" \
            in cheat.message

        def own(net, X):
            a = X
            for l in net.layers:
                a = sigmoid(net.W[l] @ a + net.b[l])
            return a

        assert check("_forbid_forward", own, quiet=True).passed
        assert Network([2, 1], seed=0).forward(np.ones((2, 1))).shape == (1, 1)   # restored
    finally:
        del registry["_forbid_forward"]


def test_a_sequence_may_come_as_any_iterable():
    from dnn_core.exercises.checker import EXERCISES as registry
    from dnn_core.exercises.checker import Exercise

    registry["_squares"] = Exercise("_squares", lambda: [("n = 3", (3,), [0, 1, 4])], "squares")
    try:
        for answer in (lambda n: [k * k for k in range(n)], lambda n: tuple(k * k for k in range(n)),
                       lambda n: (k * k for k in range(n)), lambda n: np.arange(n) ** 2):
            assert check("_squares", answer, quiet=True).passed
        short = check("_squares", lambda n: [0, 1], quiet=True)
        assert "expected a sequence of 3 values, got 2" in short.message
        assert "got int" in check("_squares", lambda n: 5, quiet=True).message
    finally:
        del registry["_squares"]
