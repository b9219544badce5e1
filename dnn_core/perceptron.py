"""The perceptron: z = Σ_i w_i x_i + b = w·x + b, output sign(z) ∈ {−1, +1}.

Learning rule (for a sample x with label y ∈ {−1, +1} that is misclassified, y z ≤ 0):

    w ← w + η y x,    b ← b + η y

Repeated over the data until an epoch makes no mistake. On linearly separable data this
stops after finitely many updates; on XOR it never does.
"""

import warnings
from dataclasses import dataclass, field

import numpy as np

from .activations import sign
from .validation import check_count, check_number


def count_mistakes(w, b, X, y):
    """How many samples the perceptron (w, b) misclassifies.

    X has shape (n, m), one sample per column, y the labels ±1 (shape (m,)); a sample
    counts as a mistake when y z ≤ 0 with z = w·x + b, as in the learning rule (a sample
    on the line is a mistake too).
    """
    return int(np.sum(np.asarray(y) * (np.asarray(w) @ np.asarray(X) + b) <= 0))


class ConvergenceWarning(UserWarning):
    """The perceptron rule stopped at max_epochs with mistakes left."""


@dataclass
class PerceptronResult:
    """What `Perceptron.fit` did.

    `mistakes` holds the number of misclassified samples after every epoch, `steps` the triple
    (w, b, index of the sample) after every update, so the decision line can be drawn as
    it moves.
    """

    converged: bool
    epochs: int
    mistakes: list = field(default_factory=list)
    steps: list = field(default_factory=list)

    def __str__(self):
        if self.converged:
            return (f"converged after {self.epochs} epoch(s) and {len(self.steps)} updates: "
                    "every sample is classified correctly")
        return (f"did not converge: {self.mistakes[-1]} sample(s) still misclassified after "
                f"{self.epochs} epochs ({len(self.steps)} updates). No line separates "
                "these classes.")


class Perceptron:
    """A single perceptron with weights w (shape (n,)) and bias b.

    The weights start at 0, or small random values (0.01 · N(0, 1)) when a seed is given.
    """

    def __init__(self, n_inputs, seed=None):
        n_inputs = check_count("n_inputs", n_inputs)
        rng = np.random.default_rng(seed)
        self.w = 0.01 * rng.standard_normal(n_inputs) if seed is not None else np.zeros(n_inputs)
        self.b = 0.0

    def z(self, X):
        """z = w·x + b for every column of X (shape (n, m)); returns shape (m,)."""
        return self.w @ self._check_X(X) + self.b

    def predict(self, X):
        """sign(z) ∈ {−1, +1} for every column of X (shape (n, m)); returns shape (m,)."""
        return sign(self.z(X))

    def update(self, x, y, eta=1.0):
        """One application of the rule to the sample x (shape (n,)) with label y.

        w and b change only if x is misclassified (y z ≤ 0); returns True if it was.
        """
        return self._update(x, y, check_number("eta", eta, positive=True))

    def _update(self, x, y, eta):
        if y * (self.w @ x + self.b) > 0:
            return False
        self.w = self.w + eta * y * x
        self.b = self.b + eta * y
        return True

    def fit(self, X, y, eta=1.0, max_epochs=100, warn=True):
        """The learning rule, cycling through the samples until an epoch has no mistake.

        X has shape (n, m), one sample per column, y the labels ±1 (shape (m,)). Stops
        after `max_epochs` epochs at the latest. Returns a PerceptronResult; warns
        (ConvergenceWarning) when it did not converge.
        """
        eta = check_number("eta", eta, positive=True)
        max_epochs = check_count("max_epochs", max_epochs)
        X = self._check_X(X)
        y = self._check_labels(y, X.shape[1])
        result = PerceptronResult(converged=False, epochs=0)
        for epoch in range(1, max_epochs + 1):
            mistakes = 0
            for i in range(X.shape[1]):
                if self._update(X[:, i], y[i], eta):
                    mistakes += 1
                    result.steps.append((self.w.copy(), self.b, i))
            result.epochs = epoch
            result.mistakes.append(int(np.sum(self.predict(X) != y)))
            if mistakes == 0:
                result.converged = True
                break
        if not result.converged and warn:
            warnings.warn(str(result), ConvergenceWarning, stacklevel=2)
        return result

    def _check_X(self, X):
        X = np.asarray(X, dtype=np.float64)
        n = self.w.shape[0]
        if X.ndim != 2 or X.shape[0] != n:
            raise ValueError(
                f"expected inputs of shape (n, m) = ({n}, m), one sample per column; got {X.shape}"
            )
        if not np.all(np.isfinite(X)):
            raise ValueError("the inputs contain NaN or infinite values")
        return X

    @staticmethod
    def _check_labels(y, m):
        y = np.asarray(y, dtype=np.float64)
        if y.shape != (m,):
            raise ValueError(f"expected labels of shape ({m},); got {y.shape}")
        bad = np.unique(y[(y != 1) & (y != -1)])
        if bad.size:
            raise ValueError(f"perceptron labels must be -1 or +1; got {bad.tolist()}")
        return y
