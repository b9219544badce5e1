"""The full MNIST data set: an IDX file reader and a verified, cached download.

`load_mnist()` returns 60,000 training and 10,000 test digits as a `datasets.Split`. Nothing
is used unverified: a file missing from the cache folder (`mnist_folder()`) is downloaded
once, over https, and kept only if its SHA-256 digest is the expected one; a cached file is
checked against the same digest once, then remembered by a stamp (`.<name>.verified`, which
names the digest). `read_idx` reads the IDX format of the original MNIST files as a stream.

The course itself runs on `datasets.mnist_sample()`, which needs no download.
"""

import collections.abc
import contextlib
import gzip
import hashlib
import http.client
import io
import ipaddress
import math
import os
import pathlib
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
import zlib

import numpy as np

try:
    import fcntl
except ImportError:  # Windows, where a file open for writing cannot be deleted anyway
    fcntl = None

from .datasets import _make_split
from .validation import check_number

# IDX files (the format of the original MNIST files)

# IDX type code (third header byte) -> big-endian NumPy dtype
_IDX_DTYPES = {code: np.dtype(kind) for code, kind in
               [(0x08, ">u1"), (0x09, ">i1"), (0x0B, ">i2"), (0x0C, ">i4"), (0x0D, ">f4"), (0x0E, ">f8")]}
_GZIP_MAGIC = b"\x1f\x8b"
# Deflate never expands data more than 1032-fold, so a gzip file of n bytes holds at most
# 1032 n bytes: a header that declares more is wrong, whatever follows it.
_MAX_GZIP_RATIO = 1032
_READ_CHUNK = 1 << 20


def read_idx(source):
    """The array stored in an IDX file, plain or gzip-compressed, given as a path or bytes.

    IDX layout: 2 zero bytes, 1 byte type code (0x08 = uint8), 1 byte number of dimensions
    d, then d big-endian uint32 sizes, then the values in C order. The result has the shape
    of the header, e.g. (60000, 28, 28) for the MNIST training images, and the native-endian
    dtype of the type code (uint8 for MNIST); it is a fresh, writable array.

    The file is streamed, never read beyond the size its header declares; a damaged gzip
    body or a size that does not match the data is a ValueError that names the file.
    """
    stream, name = _open_source(source)
    with stream:
        stored_size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
        gzipped = stream.read(2) == _GZIP_MAGIC
        stream.seek(0)
        if not gzipped:
            return _read_idx_stream(stream, name, stored_size, gzipped)
        try:
            with gzip.GzipFile(fileobj=stream) as unzipped:
                return _read_idx_stream(unzipped, name, stored_size, gzipped)
        except (zlib.error, EOFError, gzip.BadGzipFile) as error:
            raise ValueError(f"{name}: damaged or truncated gzip data ({error})") from None


def _open_source(source):
    """(binary stream, name for error messages) from a path or bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(source), "<bytes>"
    if isinstance(source, (str, os.PathLike)):
        path = pathlib.Path(source)
        return path.open("rb"), str(path)
    raise TypeError(f"read_idx expects a file path or bytes, got {type(source).__name__}")


def _read_idx_stream(stream, name, stored_size, gzipped):
    """Read the header, check the size it declares against the data, then read the values."""
    header = stream.read(4)
    if len(header) < 4:
        raise ValueError(f"{name}: expected an IDX header of at least 4 bytes, got {len(header)} bytes")
    zero1, zero2, type_code, n_dims = header
    if zero1 != 0 or zero2 != 0:
        raise ValueError(f"{name}: not an IDX file: the magic number must start with two zero "
                         f"bytes, got {header.hex(' ')}")
    if type_code not in _IDX_DTYPES:
        known = ", ".join(f"0x{code:02X}" for code in _IDX_DTYPES)
        raise ValueError(f"{name}: unsupported IDX type code 0x{type_code:02X}; supported: {known}")
    if not 1 <= n_dims <= 4:
        raise ValueError(f"{name}: expected 1 to 4 dimensions in the IDX header, got {n_dims}")
    header_size = 4 + 4 * n_dims
    sizes = stream.read(4 * n_dims)
    if len(sizes) < 4 * n_dims:
        raise ValueError(f"{name}: truncated header: expected {header_size} bytes, got {4 + len(sizes)} bytes")

    shape = tuple(int.from_bytes(sizes[i:i + 4], "big") for i in range(0, len(sizes), 4))
    dtype = _IDX_DTYPES[type_code]
    expected_size = header_size + math.prod(shape) * dtype.itemsize  # Python ints: no wrap-around
    declared = f"shape {shape} of {dtype.itemsize}-byte values: expected {expected_size} bytes"
    if not gzipped and stored_size != expected_size:
        problem = "truncated" if stored_size < expected_size else "too long"
        raise ValueError(f"{name}: file is {problem}: {declared}, got {stored_size} bytes")
    if gzipped and expected_size > _MAX_GZIP_RATIO * stored_size:
        raise ValueError(f"{name}: impossible IDX header: {declared}, more than a gzip file of "
                         f"{stored_size} bytes can hold (at most {_MAX_GZIP_RATIO} times its size)")

    values = _read_at_most(stream, expected_size - header_size)
    if header_size + len(values) < expected_size:
        raise ValueError(f"{name}: file is truncated: {declared}, got {header_size + len(values)} bytes")
    if stream.read(1):
        raise ValueError(f"{name}: file is too long: {declared}, got more (reading stopped there)")
    # A bytearray makes a writable array; astype copies only to change the byte order.
    return np.frombuffer(values, dtype=dtype).astype(dtype.newbyteorder("="), copy=False).reshape(shape)


def _read_at_most(stream, size):
    """Up to `size` bytes of stream, read in chunks, so memory grows only with the data."""
    data = bytearray()
    while len(data) < size and (chunk := stream.read(min(size - len(data), _READ_CHUNK))):
        data += chunk
    return data


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


class MnistCacheError(OSError):
    """Files are missing and the cache folder (`folder`, a pathlib.Path) cannot be written."""

    def __init__(self, folder, error):
        self.folder = pathlib.Path(folder)
        super().__init__(f"Cannot write to the MNIST cache folder {self.folder}: {error.strerror or error}. "
                         f"Make it writable (or free some space), or choose another folder with "
                         f"cache_dir= or the {DATA_DIR_ENV_VAR} environment variable.")


class ChecksumMismatchError(ValueError):
    """A downloaded or cached file did not have the expected SHA-256 digest."""


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


# Loading: cached files verified, whatever is missing downloaded and verified

def load_mnist(cache_dir=None, mirrors=MNIST_MIRRORS, progress=True, checksums=MNIST_SHA256, timeout=30.0):
    """The full MNIST data set as a Split: 60,000 training and 10,000 test digits.

    X_train is (784, 60000) and X_test (784, 10000), pixels in [0, 1]; y_* are int64 labels
    and Y_* one-hot, (10, m). The arrays are fresh copies that you may modify; the float64
    pixel matrices take about 440 MB.

    The four .gz files in `cache_dir` (default: see `mnist_folder`) must have the SHA-256
    digests in `checksums` ({file name: hex digest}). A missing one is downloaded from the
    base URLs in `mirrors`, tried in turn (https://, or http:// to a loopback address such
    as 127.0.0.1 for a local test server), with a progress bar on stderr if `progress`,
    waiting at most `timeout` seconds for a mirror to answer; it gets the permissions of the
    umask, so a shared cache stays readable.

    Raises MnistCacheError (an OSError) when files are missing and the cache folder cannot be
    written, MnistUnavailableError (an OSError) when no mirror could deliver them, and
    ChecksumMismatchError (a ValueError) when a cached file has the wrong digest (delete it)
    or a mirror sent wrong data and no other mirror delivered the right file.
    """
    mirrors = _check_mirrors(mirrors)
    if not isinstance(checksums, collections.abc.Mapping):
        raise TypeError(f"checksums must be a dict {{file name: SHA-256 hex digest}}, "
                        f"got {type(checksums).__name__}")
    digests = {name: _expected_digest(checksums, name) for name in MNIST_FILES}
    timeout = check_number("timeout (seconds)", timeout, positive=True)
    folder = mnist_folder(cache_dir)
    _remove_abandoned_partial_files(folder)
    missing = [name for name in MNIST_FILES if not (folder / name).is_file()]
    for name in MNIST_FILES:
        if name not in missing:
            _verify_cached(folder / name, digests[name])
    if missing:
        _download_missing(missing, folder, mirrors, digests, progress, timeout)

    train_images, train_labels, test_images, test_labels = (read_idx(folder / name) for name in MNIST_FILES)
    _check_mnist_arrays("train", train_images, train_labels, folder)
    _check_mnist_arrays("t10k", test_images, test_labels, folder)
    return _make_split(train_images, train_labels, test_images, test_labels)


def _check_mirrors(mirrors):
    if isinstance(mirrors, str) or not all(isinstance(url, str) for url in mirrors):
        raise TypeError(f"mirrors must be a sequence of base URLs such as (url,), got {mirrors!r}")
    if len(mirrors) == 0:
        raise ValueError("mirrors must list at least one base URL, got an empty sequence")
    for url in mirrors:
        if problem := _url_problem(url):
            raise ValueError(f"mirror {url!r} refused: {problem}")
    return tuple(mirrors)


def _url_problem(url):
    """Why url may not be used, or None: https, or plain http to a loopback address only."""
    parts = urllib.parse.urlsplit(url)
    try:
        loopback = ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:  # a host name, or none
        loopback = False
    if parts.scheme == "https" or (parts.scheme == "http" and loopback):
        return None
    return "only https:// URLs are accepted (plain http:// only for a loopback address such as 127.0.0.1)"


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


# Cached files: verified once, then remembered by a stamp

def _verify_cached(path, expected):
    """Check a cached file's SHA-256, unless its stamp says it was verified and is unchanged."""
    try:
        if _stamp_path(path).read_text() == _stamp_text(path, expected):
            return
    except (OSError, UnicodeDecodeError):
        pass  # no stamp yet, or an unreadable one: check the file itself
    with open(path, "rb") as file:
        got = hashlib.file_digest(file, "sha256").hexdigest()
    if got != expected:
        raise ChecksumMismatchError(
            f"{path}: this cached file is not the expected one: SHA-256 {got}, expected {expected} "
            "(a damaged, truncated or different file). Delete it and load again to download it.")
    _write_stamp(path, expected)


def _stamp_path(path):
    return path.with_name(f".{path.name}.verified")


def _stamp_text(path, digest):
    """The digest a file was verified to have, with its size and time: any change voids it."""
    info = path.stat()
    return f"sha256 {digest} size {info.st_size} mtime_ns {info.st_mtime_ns}\n"


def _write_stamp(path, digest):
    """Remember a verified file; a read-only cache gets no stamp (checked at every load)."""
    with contextlib.suppress(OSError):
        _stamp_path(path).write_text(_stamp_text(path, digest))


# Partial downloads: .<file>.<random>.part, locked by the process that writes them

def _remove_abandoned_partial_files(folder):
    """Delete the partial files of killed downloads. A running download holds a lock on its
    file (on Windows, a file open for writing cannot be deleted), so only abandoned ones go."""
    for name in MNIST_FILES:
        for part in folder.glob(f".{name}.*.part"):
            try:
                with open(part, "rb") as file:
                    if fcntl:
                        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                part.unlink()
            except OSError:
                pass  # a download still running, or a read-only shared cache


# Downloads

def _download_missing(missing, folder, mirrors, digests, progress, timeout):
    """Download the missing files; a folder made for them is removed if it stays empty."""
    created = [path for path in (folder, *folder.parents) if not path.exists()][::-1]
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise MnistCacheError(folder, error) from error
        for position, name in enumerate(missing):
            attempts = _download_verified(name, folder, mirrors, digests[name], progress, timeout)
            if attempts is not None:
                raise MnistUnavailableError(missing[position:], folder, attempts)
    finally:
        for path in reversed(created):
            try:
                path.rmdir()
            except OSError:
                break  # not empty: it holds the downloaded files


def _download_verified(name, folder, mirrors, expected, progress, timeout):
    """Download one file into folder, trying each mirror in turn: None on success, else the
    (url, reason) attempts that failed on the network. Raises ChecksumMismatchError when a
    mirror sent wrong data and none the right data, MnistCacheError when writing fails."""
    network_failures, wrong_digests = [], []
    for base in mirrors:
        url = base.rstrip("/") + "/" + name
        try:
            got = _fetch_atomically(url, folder / name, expected, progress, timeout)
        except MnistCacheError:
            raise
        except (OSError, http.client.HTTPException) as error:
            reason = f"{type(error).__name__}: {error}"
            network_failures.append((url, reason))
            if progress:
                print(f"{name}: {url} failed ({reason})", file=sys.stderr)
            continue
        if got == expected:
            _write_stamp(folder / name, expected)
            return None
        wrong_digests.append((url, got))

    if wrong_digests:
        details = "; ".join(f"{url} gave {got}" for url, got in wrong_digests)
        raise ChecksumMismatchError(f"{name}: SHA-256 mismatch, expected {expected}, got: {details}. "
                                    f"Nothing was saved to {folder}.")
    return network_failures


def _fetch_atomically(url, destination, expected, progress, timeout):
    """Stream url into a partial file next to destination and return its SHA-256.

    The partial file is made before the request (an unwritable folder is reported first),
    with mode 0o666 less the umask, and locked while written. It becomes `destination` (by
    os.replace, which is atomic) only if the digest is `expected`; else, even on Ctrl-C, it
    is deleted, so a half-downloaded or wrong file is never mistaken for a cached one.
    """
    partial = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.part")
    try:
        handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as error:
        raise MnistCacheError(destination.parent, error) from error
    if fcntl:
        fcntl.flock(handle, fcntl.LOCK_EX)  # until closed: tells others this download is running
    kept = False
    try:
        opener = urllib.request.build_opener(_SecureRedirectHandler)
        with os.fdopen(handle, "wb") as out_file, opener.open(url, timeout=timeout) as response:
            digest = _copy_with_progress(response, out_file, destination.name, progress)
        if digest == expected:
            os.replace(partial, destination)
            kept = True
        return digest
    finally:
        if not kept:
            partial.unlink(missing_ok=True)


class _SecureRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a URL a mirror could have: https (or loopback http)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if problem := _url_problem(newurl):
            fp.close()
            raise urllib.error.URLError(f"refused a redirect to {newurl}: {problem}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _copy_with_progress(response, out_file, label, progress, chunk_size=1 << 18):
    """Copy an HTTP response body to out_file and return its SHA-256 hex digest; OSError if
    the body is shorter than its announced Content-Length (urllib does not check this)."""
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
    out_file.flush()
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
    print(text, end="", file=sys.stderr, flush=True)
