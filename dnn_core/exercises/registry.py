"""The registered exercises: `Exercise`, the `@exercise` decorator, `EXERCISES`, `case_rng`.

Each exercise module registers its exercises here when it is imported; the checker looks an
exercise up by name in `EXERCISES`. An exercise's hint is given in every language of the
course ({"en": ..., "zh": ...}); `Exercise.hint` is the one of the current language.
`_REGISTERED` keeps what was registered with `@exercise`, so the seal can put back an
exercise that an answer replaced or removed.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..language import checked_texts, localized

EXERCISES = {}
_REGISTERED = {}            # the exercises registered with @exercise: what the seal keeps

_TIMEOUT = 5.0              # seconds an answer may take on one case


@dataclass(frozen=True)
class Exercise:
    """One exercise: its hidden cases, the hints shown with a wrong answer (a read-only
    {language: hint}, or one str for every language), the tolerances, what an answer may not
    call: (owner, attribute, how the learner writes it), and the seconds an answer may take
    on one case. `hint` is the hint in the current language."""

    name: str
    cases: Callable          # () -> iterable of (description, args tuple, expected)
    hints: object
    rtol: float = 1e-6
    atol: float = 1e-9
    forbidden: tuple = ()
    timeout: float = _TIMEOUT

    @property
    def hint(self):
        """The hint in the current language of the course."""
        return localized(self.hints)


def exercise(name, hint, rtol=1e-6, atol=1e-9, forbidden=(), timeout=_TIMEOUT):
    """Register the decorated case generator as the exercise `name`; `hint` is
    {"en": ..., "zh": ...}, a non-empty text in each language."""
    hints = checked_texts(f"the hint of exercise {name!r}", hint)

    def register(cases):
        if name in EXERCISES:
            raise ValueError(f"exercise {name!r} is registered twice")
        EXERCISES[name] = _REGISTERED[name] = Exercise(name, cases, hints, rtol, atol,
                                                       tuple(forbidden), timeout)
        return cases
    return register


def case_rng(seed):
    """The random generator of a case: a fixed seed, so the hidden cases never change."""
    return np.random.default_rng(seed)
