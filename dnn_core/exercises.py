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

EXERCISES = {}


@dataclass(frozen=True)
class Exercise:
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
    """Run the learner's `function` on the hidden cases of exercise `name`, print the
    verdict (unless quiet) and return it. Never raises for a wrong or unfinished answer."""
    if name not in EXERCISES:
        raise KeyError(f"unknown exercise {name!r}: expected one of {sorted(EXERCISES)}")
    verdict = _judge(EXERCISES[name], function)
    if not quiet:
        print(verdict.message)
    return verdict


def _judge(ex, function):
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
    return np.random.default_rng(seed)


# ===== Notebooks 00–03: perceptron, structure, forward pass =====================================

@exercise("layer_forward", hint="a^l = σ(W^l a^{l−1} + b^l): a matrix product W @ a_prev, plus b "
          "(it broadcasts over the columns), then the sigmoid 1/(1+exp(−z)) element-wise.")
def _layer_forward_cases():
    from .activations import sigmoid
    for n_out, n_in, m in [(3, 2, 1), (4, 5, 6), (1, 3, 2)]:
        rng = _rng(n_out * 100 + n_in * 10 + m)
        W, a, b = rng.standard_normal((n_out, n_in)), rng.standard_normal((n_in, m)), \
            rng.standard_normal((n_out, 1))
        yield f"W {W.shape}, a_prev {a.shape}, b {b.shape}", (W, a, b), sigmoid(W @ a + b)

# (end of notebooks 00–03 exercises)

# ===== Notebooks 04–06: loss and δ, backpropagation, gradient checking ==========================

# (end of notebooks 04–06 exercises)

# ===== Notebooks 07–10: saturation, training, MNIST, playground ================================

# (end of notebooks 07–10 exercises)
