"""The exercise checker: hidden cases, one verdict, never an exception.

`check(name, function)` runs the learner's function on the hidden cases of exercise `name`,
compares each result with the expected one and prints one verdict: "correct", "not
attempted yet" (the stub still raises NotImplementedError or returns None), or exactly what
is wrong (the case, the shape expected and got, the entries that differ, a hint). An
exercise may forbid the package's own version of what it asks for (the demon must not call
`net.backprop`): an answer that calls it is told so. `check(name, f, reference=True)` is
how a hidden solution cell checks the course's reference answer: its verdict says plainly
that it is the reference, not the learner's function.

Each exercise is registered with `@exercise(name, hint={"en": ..., "zh": ...})` on a function
that yields its hidden cases as (description, args, expected) triples; the order of the cases
is the "case n" of a verdict. Verdicts, notes and hints are in the course's language (the
string table of `dnn_core.language`); the case descriptions are the same in every language.

An answer runs inside the checker's process, so the checker guards itself:

- The expected value of a case does not exist while an answer runs. The arguments of every
  case are collected first (each expected value is dropped as it is yielded); the expected
  value of case n is computed from a fresh run of the case generator only after the answer
  has returned. Reading the callers' frames finds nothing to copy.
- Whatever an answer rebinds or replaces is put back as soon as it returns: the names in
  the modules of dnn_core, NumPy, builtins and the standard modules the checker uses; the
  code and defaults of their functions; the attributes of the dnn_core classes; the
  registered exercises (the exercise package is kept as it was at the first check, so a
  change made between checks is healed too); sys.stdout and sys.stderr, trace and profile
  functions, the recursion limit, NumPy's error and print settings, the warning filters,
  the SIGINT handler. The checker's own module, code and classes and builtins are put back
  first, by C-level calls prepared before the answer ran, so a replaced checker function
  cannot stop the restoring. The result is read into plain values (arrays, numbers, text,
  _Items, _Map) while the answer's guards are up; the checker verifies that it holds only
  such values and compares nothing else, so none of the answer's code runs in a comparison.
- An answer that does not return within the exercise's `timeout` (5 s per case) is stopped
  by SIGALRM, on the main thread where signals exist (elsewhere it runs without a limit);
  the kernel goes on. What it prints is capped (_OUTPUT_LIMIT characters per check). It
  receives deep copies of the arguments; one it changes in place is named in a note. A
  complex result is wrong. Whatever it raises, SystemExit and KeyboardInterrupt included,
  becomes a verdict; check() itself raises only for an unknown exercise name.

What remains possible in one process: running the case generators or reading the package's
source (both are importable; the source holds the answers); acting on the checker's running
frames (rewriting their locals with a trace function or ctypes, or through frame.f_locals
from Python 3.13; changing the objects they hold); code left behind to act after the answer
returned (threads, finalizers, gc callbacks, signal handlers, import hooks); an answer that
catches BaseException in a loop, or switches the alarm off, is never stopped. Only a
separate process could prevent these.

The checker's parts, one idea each, all in this package: `registry` (Exercise, @exercise,
EXERCISES, case_rng), `running` (one answer on one case under every guard), `limits` (the
time limit, the output cap, the interpreter settings), `snapshots` and `seal` (putting back
what an answer changed), `plain_values` (reading a result into plain values), `comparing`
(a plain result against the expected value) and `differences` (arguments changed in place).
This module holds `check`, `Verdict` and the judging of the cases.
"""

import contextlib
import copy
from dataclasses import dataclass

from ..language import say
from .comparing import _compare
from .limits import _OUTPUT_LIMIT, _CappedOutput
from .plain_values import _kind
from .registry import EXERCISES, Exercise, case_rng, exercise
from .running import _error_text, _run_answer
from .seal import _seal

__all__ = ["EXERCISES", "Exercise", "Verdict", "case_rng", "check", "exercise"]


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: status is 'correct', 'not attempted', 'wrong', or 'error'
    (the checker itself could not judge: a bug in the course, never the learner's)."""

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


# ----- check -------------------------------------------------------------------------------

def check(name, function, quiet=False, reference=False):
    """Run `function` on the hidden cases of exercise `name`; print the verdict (unless
    quiet) and return it. reference=True marks the course's reference solution, so the
    verdict does not read as if the learner had solved the exercise. Never raises, whatever
    the function does or returns; only an unknown `name` is a KeyError."""
    failure = _heal()                           # undo what was changed since the last check
    if not isinstance(name, str) or name not in EXERCISES:
        raise KeyError(f"unknown exercise {name!r}: expected one of {sorted(EXERCISES)}")
    output = _CappedOutput(_OUTPUT_LIMIT)
    if failure is None:
        verdict, notes = _judged(EXERCISES[name], function, output)
        _heal()                                 # (a failure here is reported by the next check)
    else:
        verdict, notes = _checker_failed(name, failure), []
    if reference:
        verdict = Verdict(name, verdict.status, _as_reference(verdict))
    notes = notes + ([output.note()] if output.cut else [])
    if notes:
        verdict = Verdict(name, verdict.status, "\n".join([verdict.message, *notes]))
    if not quiet:
        with contextlib.suppress(Exception):
            print(verdict.message)
    return verdict


def _heal():
    """Restore the exercise package as sealed; None, or the error that prevented it."""
    try:
        _seal().restore()
    except Exception as error:
        return error
    return None


def _judged(ex, function, output):
    """_judge, with any failure of the checker itself turned into an 'error' Verdict."""
    try:
        return _judge(ex, function, output)
    except KeyboardInterrupt:
        return Verdict(ex.name, "error", say("check.interrupted", name=ex.name)), []
    except BaseException as error:              # the checker's own failure: said, not raised
        return _checker_failed(ex.name, error), []


def _checker_failed(name, error):
    return Verdict(name, "error", say("check.checker_failed", name=name, error=_error_text(error)))


def _as_reference(verdict):
    if verdict.passed:
        return say("check.reference_passes", name=verdict.exercise)
    return say("check.reference_fails", message=verdict.message)


def _judge(ex, function, output):
    """(Verdict, notes) of `function` on the cases of `ex`: the first case that fails decides;
    the notes say what else the learner should know (an argument changed in place)."""
    if not callable(function):
        return _not_a_function(ex, function), []
    notes = []
    for number, (description, args) in enumerate(_case_inputs(ex), start=1):
        outcome = _run_answer(ex, function, args, output)
        if outcome.mutation and not notes:
            notes.append(_mutation_note(outcome.mutation, number))
        if outcome.kind == "not attempted":
            return Verdict(ex.name, "not attempted", say("check.not_attempted", name=ex.name)), notes
        if outcome.kind == "failed":
            return _wrong(ex, number, description, outcome.problem), notes
        if outcome.result is None:
            return Verdict(ex.name, "not attempted", say("check.returns_none", name=ex.name)), notes
        problem = _compare(outcome.result, _case_expected(ex, number), ex)
        if problem:
            return _wrong(ex, number, description, problem), notes
    return Verdict(ex.name, "correct", say("check.correct", name=ex.name)), notes


def _not_a_function(ex, value):
    return Verdict(ex.name, "wrong", say("check.not_a_function", name=ex.name, kind=_kind(value)))


def _wrong(ex, number, description, problem):
    """The 'wrong' Verdict for case `number`, with the problem and the exercise's hint."""
    return Verdict(ex.name, "wrong", say("check.wrong", name=ex.name, number=number,
                                         description=description, problem=problem, hint=ex.hint))


def _mutation_note(change, number):
    name, where = change
    return say("check.changed_argument", name=name, number=number, where=where)


# ----- the cases: the expected value exists only after the answer returned ------------------

def _case_inputs(ex):
    """[(description, args)] of every case of `ex`, the args deep-copied as they are yielded;
    each expected value is dropped as it comes, so none exists while an answer runs."""
    inputs = []
    for description, args, _ in ex.cases():
        inputs.append((str(description), copy.deepcopy(tuple(args))))
    return inputs


def _case_expected(ex, number):
    """The expected value of case `number` (1-based), from a fresh run of the generator."""
    cases = iter(ex.cases())
    try:
        for _ in range(number - 1):
            next(cases)
        return next(cases)[2]
    finally:
        if hasattr(cases, "close"):
            cases.close()
