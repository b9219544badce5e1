"""The exercises: the checker's verdicts for a stub, a wrong answer, a crash and a right answer;
every exercise has a stub and a hidden solution in a notebook; an independent reference solution
of every exercise passes and the mistakes a learner could plausibly make are caught."""

import importlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

from dnn_core import Network
from dnn_core.activations import sigmoid
from dnn_core.exercises import EXERCISES, check


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


def topic_tables():
    """SOLUTIONS, VARIANTS and MISTAKES of every tests/test_exercises_<topic>.py."""
    tables = {"SOLUTIONS": {}, "VARIANTS": [], "MISTAKES": []}
    for path in sorted(Path(__file__).parent.glob("test_exercises_*.py")):
        module = importlib.import_module(path.stem)
        tables["SOLUTIONS"].update(module.SOLUTIONS)
        tables["VARIANTS"] += module.VARIANTS
        tables["MISTAKES"] += module.MISTAKES
    return tables


TABLES = topic_tables()


def test_every_exercise_has_a_reference_a_variant_and_a_mistake():
    """Each exercise is tested three ways from its topic's table: an independent reference
    passes, a correct answer written differently passes, a plausible wrong answer fails."""
    assert set(TABLES["SOLUTIONS"]) == set(EXERCISES)
    assert {name for name, _ in TABLES["VARIANTS"]} == set(EXERCISES)
    assert {name for name, _ in TABLES["MISTAKES"]} == set(EXERCISES)


@pytest.mark.parametrize("name", sorted(TABLES["SOLUTIONS"]))
def test_an_independent_reference_passes(name):
    assert name in EXERCISES and len(list(EXERCISES[name].cases())) >= 2
    assert check(name, TABLES["SOLUTIONS"][name], quiet=True).passed


@pytest.mark.parametrize("name, answer", TABLES["VARIANTS"], ids=[n for n, _ in TABLES["VARIANTS"]])
def test_a_correct_answer_written_differently_passes(name, answer):
    assert check(name, answer, quiet=True).passed


@pytest.mark.parametrize("name, wrong", TABLES["MISTAKES"], ids=[n for n, _ in TABLES["MISTAKES"]])
def test_a_plausible_mistake_is_caught(name, wrong):
    assert check(name, wrong, quiet=True).status == "wrong"


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


def test_a_dict_is_compared_key_by_key():
    from dnn_core.exercises.checker import EXERCISES as registry
    from dnn_core.exercises.checker import Exercise

    expected = {2: np.ones((2, 3)), 3: np.zeros((1, 2))}
    registry["_layers"] = Exercise("_layers", lambda: [("two layers", (), expected)], "layers")
    try:
        assert check("_layers", lambda: {3: np.zeros((1, 2)), 2: np.ones((2, 3))}, quiet=True).passed
        assert "expected the keys [2, 3], got [1, 2]" in \
            check("_layers", lambda: {1: np.ones((2, 3)), 2: np.zeros((1, 2))}, quiet=True).message
        assert "[2] of the result: shape expected (2, 3), got (3, 2) (transposed?)" in \
            check("_layers", lambda: {2: np.ones((3, 2)), 3: np.zeros((1, 2))}, quiet=True).message
        assert "expected a dict with the keys [2, 3], got list" in \
            check("_layers", lambda: [np.ones((2, 3)), np.zeros((1, 2))], quiet=True).message
    finally:
        del registry["_layers"]
