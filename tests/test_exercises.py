"""The exercise mechanism: verdicts for a stub, a wrong answer, a crash and a right answer."""

import json
import re
from pathlib import Path

import pytest

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
