"""Exercises with automatic checks.

In a notebook the learner completes a stub and calls `check`:

    def layer_forward(W, a_prev, b):
        ...                                   # your code here
        raise NotImplementedError

    _ = check("layer_forward", layer_forward)

`check` (in `checker`) runs the function on hidden cases and prints one verdict; it never
raises, so a notebook with untouched stubs still runs from top to bottom. The hidden
solution cell defines the course's answer under its own name and checks it with
`check(name, reference_answer, reference=True)`, so Run All neither replaces the learner's
function nor reports the exercise as solved.

The exercises are grouped by idea: `forward` (the perceptron, the structure of a network,
the forward pass), `backpropagation` (the loss, δ, BP1–BP4, gradient checking) and
`training` (saturation, training, evaluation).
"""

from . import backpropagation, capstone, forward, training  # noqa: F401  (registers the exercises)
from .checker import EXERCISES, Exercise, Verdict, check, exercise

__all__ = ["EXERCISES", "Exercise", "Verdict", "check", "exercise"]
