"""The exercise checker: hidden cases, one verdict, never an exception.

`check(name, function)` runs the learner's function on the hidden cases of exercise `name`,
compares each result with the expected one and prints one verdict: "correct", "not
attempted yet" (the stub still raises NotImplementedError or returns None), or exactly what
is wrong (the case, the shape expected and got, the entries that differ, a hint). An
exercise may forbid the package's own version of what it asks for (the demon must not call
`net.backprop`): an answer that calls it is told so. `check(name, f, reference=True)` is
how a hidden solution cell checks the course's reference answer: its verdict says plainly
that it is the reference, not the learner's function.

Each exercise is registered with `@exercise(name, hint=...)` on a function that yields its
hidden cases as (description, args, expected) triples; the order of the cases is the
"case n" of a verdict.
"""

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Callable

import numpy as np

EXERCISES = {}


@dataclass(frozen=True)
class Exercise:
    """One exercise: its hidden cases, the hint shown with a wrong answer, the tolerances,
    and what an answer may not call: (owner, attribute, how the learner writes it)."""

    name: str
    cases: Callable          # () -> iterable of (description, args tuple, expected)
    hint: str
    rtol: float = 1e-6
    atol: float = 1e-9
    forbidden: tuple = ()


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


def exercise(name, hint, rtol=1e-6, atol=1e-9, forbidden=()):
    """Register the decorated case generator as the exercise `name`."""
    def register(cases):
        if name in EXERCISES:
            raise ValueError(f"exercise {name!r} is registered twice")
        EXERCISES[name] = Exercise(name, cases, hint, rtol, atol, tuple(forbidden))
        return cases
    return register


def check(name, function, quiet=False, reference=False):
    """Run `function` on the hidden cases of exercise `name`; print the verdict (unless
    quiet) and return it. reference=True marks the course's reference solution, so the
    verdict does not read as if the learner had solved the exercise. Never raises for a
    wrong or unfinished answer; an unknown `name` is a KeyError."""
    if name not in EXERCISES:
        raise KeyError(f"unknown exercise {name!r}: expected one of {sorted(EXERCISES)}")
    verdict = _judge(EXERCISES[name], function)
    if reference:
        verdict = Verdict(name, verdict.status, _as_reference(verdict))
    if not quiet:
        print(verdict.message)
    return verdict


def _as_reference(verdict):
    if verdict.passed:
        return (f"{verdict.exercise}: the course's reference solution passes every hidden case. "
                "It is shown for comparison; your own function above is unchanged.")
    return f"the course's reference solution of {verdict.message}"


class _ForbiddenCall(Exception):
    """Raised when an answer calls what its exercise forbids."""


@contextlib.contextmanager
def _forbidding(forbidden):
    """Within the block, calling any (owner, attribute, label) of `forbidden` raises
    _ForbiddenCall(label); the attributes are restored afterwards."""
    originals = [(owner, attribute, vars(owner)[attribute]) for owner, attribute, _ in forbidden]

    def blocker(label):
        def blocked(*args, **kwargs):
            raise _ForbiddenCall(label)
        return blocked

    try:
        for owner, attribute, label in forbidden:
            setattr(owner, attribute, blocker(label))
        yield
    finally:
        for owner, attribute, original in originals:
            setattr(owner, attribute, original)


def _judge(ex, function):
    """The Verdict of `function` on the cases of `ex`: the first case that fails decides."""
    for number, (description, args, expected) in enumerate(ex.cases(), start=1):
        copies = tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)
        try:
            with _forbidding(ex.forbidden):
                got = function(*copies)
        except NotImplementedError:
            return Verdict(ex.name, "not attempted", f"{ex.name}: not attempted yet — "
                           "replace `raise NotImplementedError` with your code.")
        except _ForbiddenCall as call:
            return _wrong(ex, number, description,
                          f"your function calls {call}, which this exercise asks you to do "
                          "without: compute it yourself")
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
    """None if `got` matches `expected`, else a sentence saying what differs. A tuple is
    several results (a list is accepted as well); a list is a sequence, and any iterable
    (a tuple, a generator, an array) with the same items is accepted; a dict (such as
    {l: W^l}) needs a mapping with the same keys and matching values."""
    if isinstance(expected, dict):
        return _compare_mapping(got, expected, ex)
    if isinstance(expected, str):
        return None if str(got).strip().upper() == expected.upper() else \
            f"expected {expected!r}, got {got!r}"
    if isinstance(expected, (tuple, list)):
        return _compare_items(got, expected, ex)
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


def _compare_mapping(got, expected, ex):
    if not isinstance(got, Mapping):
        return f"expected a dict with the keys {sorted(expected)}, got {type(got).__name__}"
    if set(got) != set(expected):
        return f"expected the keys {sorted(expected)}, got {sorted(got)}"
    for key in sorted(expected):
        problem = _compare(got[key], expected[key], ex)
        if problem:
            return f"[{key!r}] of the result: {problem}"
    return None


def _compare_items(got, expected, ex):
    what = "a tuple" if isinstance(expected, tuple) else "a sequence"
    if isinstance(got, (str, bytes)) or not hasattr(got, "__iter__"):
        return f"expected {what} of {len(expected)} values, got {type(got).__name__}"
    got = list(got)
    if len(got) != len(expected):
        return f"expected {what} of {len(expected)} values, got {len(got)}"
    for i, (g, e) in enumerate(zip(got, expected)):
        problem = _compare(g, e, ex)
        if problem:
            return f"item {i} of the result: {problem}"
    return None


def case_rng(seed):
    """The random generator of a case: a fixed seed, so the hidden cases never change."""
    return np.random.default_rng(seed)
