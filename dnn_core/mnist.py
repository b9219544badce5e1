"""The full MNIST data set: an IDX file reader and a verified, cached download.

`load_mnist()` returns 60,000 training and 10,000 test digits as a `datasets.Split`. Files
missing from the cache folder (`mnist_folder()`) are downloaded once, from the first mirror
that delivers them, and kept only if their SHA-256 digest is the expected one; after that no
network is needed. `read_idx` reads the IDX format of the original MNIST files.

The course itself runs on `datasets.mnist_sample()`, which needs no download.
"""

import collections.abc
import gzip
import hashlib
import http.client
import os
import pathlib
import sys
import tempfile
import urllib.request

import numpy as np

from .datasets import _make_split
from .validation import check_number

# IDX files (the format of the original MNIST files)

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
    """The array stored in an IDX file, plain or gzip-compressed, given as a path or bytes.

    IDX layout: 2 zero bytes, 1 byte type code (0x08 = uint8), 1 byte number of dimensions
    d, then d big-endian uint32 sizes, then the values in C order. The result has the shape
    of the header, e.g. (60000, 28, 28) for the MNIST training images, and the native-endian
    dtype of the type code (uint8 for MNIST); it is a fresh, writable array.
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
        raise ValueError(f"{name}: not an IDX file: the magic number must start with two zero "
                         f"bytes, got {data[:4].hex(' ')}")
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
        raise ValueError(f"{name}: file is {problem}: shape {shape} of {dtype.itemsize}-byte "
                         f"values: expected {expected_size} bytes, got {len(data)} bytes")
    values = np.frombuffer(data, dtype=dtype, offset=header_size)
    # astype copies into native byte order and gives a writable array
    return values.astype(dtype.newbyteorder("=")).reshape(shape)


def _read_source(source):
    """(bytes, name for error messages) from a path or bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "<bytes>"
    if isinstance(source, (str, os.PathLike)):
        path = pathlib.Path(source)
        return path.read_bytes(), str(path)
    raise TypeError(f"read_idx expects a file path or bytes, got {type(source).__name__}")


# The four files, where to get them and their digests

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

    `missing` holds the names of the files still missing (a tuple of str), `folder` the
    pathlib.Path where they are expected.
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

    In order of priority: `cache_dir`; `$DNN_CORE_DATA/mnist`; `$XDG_CACHE_HOME/dnn_core/mnist`;
    `~/.cache/dnn_core/mnist`.
    """
    if cache_dir is not None:
        return pathlib.Path(cache_dir).expanduser()
    if os.environ.get(DATA_DIR_ENV_VAR):
        return pathlib.Path(os.environ[DATA_DIR_ENV_VAR]).expanduser() / "mnist"
    cache_home = os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache"
    return pathlib.Path(cache_home).expanduser() / "dnn_core" / "mnist"


# Loading, with a verified download of whatever is missing

def load_mnist(cache_dir=None, mirrors=MNIST_MIRRORS, progress=True, checksums=MNIST_SHA256, timeout=30.0):
    """The full MNIST data set as a Split: 60,000 training and 10,000 test digits.

    X_train is (784, 60000) and X_test (784, 10000), pixels in [0, 1]; y_* are int64 labels
    and Y_* one-hot, (10, m). The arrays are fresh copies that you may modify; the float64
    pixel matrices take about 440 MB.

    The four .gz files are read from `cache_dir` (default: see `mnist_folder`). Each missing
    file is downloaded from the base URLs in `mirrors`, tried in turn (a file's URL is the base
    followed by its name), with a progress bar on stderr if `progress`, waiting at most
    `timeout` seconds for a mirror to answer, and kept only if its SHA-256 digest is the one in
    `checksums` ({file name: hex digest}).

    Raises MnistUnavailableError (an OSError) when files are missing and no mirror could be
    reached, and ChecksumMismatchError (a ValueError) when a mirror answered with data whose
    digest is wrong and no other mirror delivered the right file.
    """
    mirrors = _check_mirrors(mirrors)
    if not isinstance(checksums, collections.abc.Mapping):
        raise TypeError(f"checksums must be a dict {{file name: SHA-256 hex digest}}, "
                        f"got {type(checksums).__name__}")
    timeout = check_number("timeout (seconds)", timeout, positive=True)
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
        raise ValueError(f"{prefix}-* files in {folder}: {problem}. Delete the files to download them again.")


def _download_verified(name, folder, mirrors, expected, progress, timeout):
    """Download one file into folder, trying each mirror in turn.

    Returns None on success, or the list of (url, reason) attempts when every mirror failed
    with a network error. Raises ChecksumMismatchError when a mirror delivered data with the
    wrong digest and no other mirror succeeded.
    """
    network_failures, wrong_digests = [], []
    for base in mirrors:
        url = base.rstrip("/") + "/" + name
        try:
            got = _fetch_atomically(url, folder / name, expected, progress, timeout)
        except (OSError, http.client.HTTPException) as error:
            reason = f"{type(error).__name__}: {error}"
            network_failures.append((url, reason))
            if progress:
                print(f"{name}: {url} failed ({reason})", file=sys.stderr)
            continue
        if got == expected:
            return None
        wrong_digests.append((url, got))

    if wrong_digests:
        details = "; ".join(f"{url} gave {got}" for url, got in wrong_digests)
        raise ChecksumMismatchError(f"{name}: SHA-256 mismatch, expected {expected}, got: {details}. "
                                    f"Nothing was saved to {folder}.")
    return network_failures


def _fetch_atomically(url, destination, expected, progress, timeout):
    """Stream url into a temporary file next to destination and return its SHA-256.

    The temporary file becomes `destination` (with os.replace, which is atomic) only if the
    digest equals `expected`; in every other case, including errors and Ctrl-C, it is
    deleted, so a half-downloaded or wrong file is never mistaken for a cached one.
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
    """Copy an HTTP response body to out_file and return its SHA-256 hex digest.

    Raises OSError if the body is shorter than its announced Content-Length (urllib does not
    check this by itself).
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
