"""Exercises on saturation, training and evaluation."""

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from ..datasets import one_hot
from .checker import case_rng, exercise

# Saturation

@exercise("sigmoid_prime_from_a", hint="σ′(z) = σ(z)(1 − σ(z)), and a = σ(z) is already known "
          "from the forward pass: return a * (1 - a), element-wise (no exp needed).")
def _sigmoid_prime_from_a_cases():
    for shape, scale in [((3, 1), 1.0), ((4, 5), 6.0), ((2, 3), 20.0)]:
        z = scale * case_rng(int(10 * scale) + shape[1]).standard_normal(shape)
        yield f"a = σ(z) of shape {shape}, |z| up to {np.abs(z).max():.1f}", (sigmoid(z),), \
            sigmoid_prime(z)


@exercise("saturation_threshold", hint="σ′ = σ(1 − σ) = t is a quadratic equation in s = σ(z): "
          "s = (1 + √(1 − 4t))/2 (the root above ½, for z > 0). Then invert the sigmoid: "
          "z = ln(s / (1 − s)).")
def _saturation_threshold_cases():
    for t in (0.01, 0.1, 0.001, 0.2):
        s = (1 + np.sqrt(1 - 4 * t)) / 2
        yield f"threshold t = {t}", (t,), np.log(s / (1 - s))


# Training

@exercise("sgd_step", hint="One step of gradient descent: W − η ∂J/∂W and b − η ∂J/∂b; return "
          "the pair (W_new, b_new) with the same shapes as W and b.")
def _sgd_step_cases():
    for (n_out, n_in), eta in [((3, 2), 0.5), ((1, 4), 3.0), ((5, 3), 0.01)]:
        rng = case_rng(n_out * 10 + n_in)
        W, dW = rng.standard_normal((n_out, n_in)), rng.standard_normal((n_out, n_in))
        b, db = rng.standard_normal((n_out, 1)), rng.standard_normal((n_out, 1))
        yield f"W {W.shape}, b {b.shape}, eta = {eta}", (W, b, dW, db, eta), \
            (W - eta * dW, b - eta * db)


@exercise("minibatch_indices", hint="Without shuffling the batches are consecutive: "
          "range(k, min(k + batch_size, m)) for k = 0, batch_size, 2·batch_size, ... — the last "
          "batch is shorter when batch_size does not divide m. Return a list of index arrays.")
def _minibatch_indices_cases():
    for m, batch_size in [(10, 3), (200, 10), (7, 7), (5, 1), (4, 10)]:
        yield f"m = {m}, batch_size = {batch_size}", (m, batch_size), \
            tuple(np.arange(k, min(k + batch_size, m)) for k in range(0, m, batch_size))


# Evaluation

@exercise("one_hot", hint="Y = np.zeros((n_classes, m)); then set Y[y[i], i] = 1 for every "
          "sample i — in one line: Y[y, np.arange(m)] = 1. Samples are columns, so Y has "
          "n_classes rows and m columns.")
def _one_hot_cases():
    for n_classes, m in [(10, 6), (2, 5), (4, 30)]:
        y = case_rng(n_classes + m).integers(0, n_classes, m)
        yield f"{m} labels, {n_classes} classes", (y, n_classes), one_hot(y, n_classes)


@exercise("accuracy_argmax", hint="The predicted class of sample i is the row of the largest "
          "entry in column i: np.argmax(A, axis=0) (shape (m,)). The accuracy is the fraction of "
          "samples whose prediction equals the label: np.mean(predicted == y).")
def _accuracy_argmax_cases():
    for n_classes, m in [(10, 20), (3, 7), (10, 500)]:
        rng = case_rng(n_classes * 1000 + m)
        A = rng.random((n_classes, m))
        y = np.where(rng.random(m) < 0.6, np.argmax(A, axis=0), rng.integers(0, n_classes, m))
        yield f"A {A.shape}, y {y.shape}", (A, y), float(np.mean(np.argmax(A, axis=0) == y))


@exercise("confusion_counts", hint="Start from np.zeros((n_classes, n_classes), dtype=int) and add "
          "1 to C[true[i], predicted[i]] for every sample i (a loop, or np.add.at). Rows are the "
          "true classes, columns the predicted ones; the diagonal counts the correct answers.")
def _confusion_counts_cases():
    for n_classes, m in [(3, 12), (10, 300), (4, 5)]:
        rng = case_rng(7 * n_classes + m)
        true = rng.integers(0, n_classes, m)
        predicted = np.where(rng.random(m) < 0.7, true, rng.integers(0, n_classes, m))
        counts = np.zeros((n_classes, n_classes), dtype=int)
        np.add.at(counts, (true, predicted), 1)
        yield f"{m} samples, {n_classes} classes", (true, predicted, n_classes), counts
