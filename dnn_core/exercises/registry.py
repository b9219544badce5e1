"""The registered exercises: `Exercise`, the `@exercise` decorator, `EXERCISES`, `case_rng`.

Each exercise module registers its exercises here when it is imported; the checker looks an
exercise up by name in `EXERCISES`. `_REGISTERED` keeps what was registered with
`@exercise`, so the seal can put back an exercise that an answer replaced or removed.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

EXERCISES = {}
_REGISTERED = {}            # the exercises registered with @exercise: what the seal keeps

_TIMEOUT = 5.0              # seconds an answer may take on one case


@dataclass(frozen=True)
class Exercise:
    """One exercise: its hidden cases, the hint shown with a wrong answer, the tolerances,
    what an answer may not call: (owner, attribute, how the learner writes it), and the
    seconds an answer may take on one case."""

    name: str
    cases: Callable          # () -> iterable of (description, args tuple, expected)
    hint: str
    rtol: float = 1e-6
    atol: float = 1e-9
    forbidden: tuple = ()
    timeout: float = _TIMEOUT


def exercise(name, hint, rtol=1e-6, atol=1e-9, forbidden=(), timeout=_TIMEOUT):
    """Register the decorated case generator as the exercise `name`."""
    def register(cases):
        if name in EXERCISES:
            raise ValueError(f"exercise {name!r} is registered twice")
        EXERCISES[name] = _REGISTERED[name] = Exercise(name, cases, hint, rtol, atol,
                                                       tuple(forbidden), timeout)
        return cases
    return register


def case_rng(seed):
    """The random generator of a case: a fixed seed, so the hidden cases never change."""
    return np.random.default_rng(seed)
