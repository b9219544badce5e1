"""Tests of dnn_core.mnist: the IDX reader, and load_mnist's download, verification and
caching against a local server.

Nothing here touches the internet: a small HTTP server on 127.0.0.1 serves tiny IDX files
(6 training and 4 test digits) that the tests build, and any attempt to resolve a host other
than a loopback address fails (the fixture `loopback_only`) before anything leaves the machine.
"""

import contextlib
import functools
import gzip
import hashlib
import http.server
import json
import os
import pathlib
import re
import select
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import zlib

import numpy as np
import pytest

from dnn_core.datasets import one_hot
from dnn_core.mnist import (
    MNIST_FILES,
    MNIST_SHA256,
    ChecksumMismatchError,
    MnistCacheError,
    MnistUnavailableError,
    load_mnist,
    read_idx,
)

TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS = MNIST_FILES
STAMPS = tuple(f".{name}.verified" for name in MNIST_FILES)
REFUSED_URL = "only https:// URLs are accepted (plain http:// only for a loopback address such as 127.0.0.1)"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Resolving any host but a loopback address fails, so a test can never reach the internet."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "::1"):
            raise OSError(f"test guard: {host!r} is not a loopback address")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def listing(folder):
    return sorted(os.listdir(folder))

# read_idx


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
                       match=r"short-idx3-ubyte\.gz: file is truncated: shape \(3, 28, 28\) of 1-byte values: "
                             r"expected 2368 bytes, got 2358 bytes"):
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


def test_read_idx_damaged_gzip_body_is_a_clear_error(tmp_path):
    """A corrupt deflate stream raised a raw zlib.error; a corrupt CRC is caught too."""
    data = gzip.compress(bytes([0, 0, 8, 1, 0, 0, 0, 100]) + bytes(100), mtime=0)
    broken_block = bytearray(data)
    broken_block[10] = 0xFF  # the first deflate block header: block type 3 does not exist
    path = tmp_path / "labels.gz"
    path.write_bytes(broken_block)
    with pytest.raises(ValueError, match=re.escape(
            f"{path}: damaged or truncated gzip data (Error -3 while decompressing data: invalid block type)")):
        read_idx(path)
    broken_crc = bytearray(data)
    broken_crc[-8] ^= 0xFF  # the CRC-32 in the trailer
    with pytest.raises(ValueError, match=re.escape("<bytes>: damaged or truncated gzip data (CRC check failed")):
        read_idx(bytes(broken_crc))


def idx_header(shape, type_code=0x08):
    return bytes([0, 0, type_code, len(shape)]) + np.array(shape, dtype=">u4").tobytes()


def test_read_idx_huge_declared_size_does_not_wrap_around():
    """65536**4 = 2**64 wrapped to 0 in int64, so a bare header passed the length check."""
    header = idx_header((65536,) * 4)
    declared = "shape (65536, 65536, 65536, 65536) of 1-byte values: expected 18446744073709551636 bytes"
    with pytest.raises(ValueError, match=re.escape(f"<bytes>: file is truncated: {declared}, got 20 bytes")):
        read_idx(header)
    compressed = gzip.compress(header, mtime=0)
    with pytest.raises(ValueError, match=re.escape(
            f"<bytes>: impossible IDX header: {declared}, more than a gzip file of {len(compressed)} bytes "
            "can hold (at most 1032 times its size)")):
        read_idx(compressed)


def test_read_idx_declared_size_is_checked_against_the_gzip_data():
    """A header declaring more than the gzip body holds: truncated, with both sizes."""
    with pytest.raises(ValueError, match=re.escape(
            "<bytes>: file is truncated: shape (5000,) of 1-byte values: expected 5008 bytes, got 108 bytes")):
        read_idx(gzip.compress(idx_header((5000,)) + bytes(100)))


def gzip_bomb(header, extra_bytes, chunk=1 << 20):
    """header followed by extra_bytes zeros, gzip-compressed without holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip container
    parts = [compressor.compress(header)]
    zeros = bytes(chunk)
    for _ in range(extra_bytes // chunk):
        parts.append(compressor.compress(zeros))
    return b"".join(parts) + compressor.flush()


class CountingGzipFile(gzip.GzipFile):
    """A GzipFile that adds up the decompressed bytes it hands out."""
    delivered = 0

    def read(self, size=-1):
        data = super().read(size)
        CountingGzipFile.delivered += len(data)
        return data


def test_read_idx_gzip_bomb_stops_at_the_declared_size(tmp_path, monkeypatch):
    """10 declared labels followed by 64 MB of zeros (a 64 KB file): reading stops after
    the declared 18 bytes and one more, and memory stays far below the 64 MB."""
    path = tmp_path / "bomb-idx1-ubyte.gz"
    path.write_bytes(gzip_bomb(idx_header((10,)) + bytes(10), 64 << 20))
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(gzip, "GzipFile", CountingGzipFile)
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=re.escape(
                f"{path}: file is too long: shape (10,) of 1-byte values: expected 18 bytes, "
                "got more (reading stopped there)")):
            read_idx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert CountingGzipFile.delivered == 18 + 1
    assert peak < 2 << 20, f"read_idx took {peak / 2**20:.1f} MB for a 64 MB bomb"


# load_mnist against a local server


def idx_gz(array):
    """A gzip-compressed uint8 IDX file holding array."""
    header = bytes([0, 0, 0x08, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    return gzip.compress(header + array.astype(np.uint8).tobytes(), mtime=0)


def tiny_mnist():
    """Four small IDX files: 6 training and 4 test digits, 28 x 28 pixels."""
    rng = np.random.default_rng(0)
    arrays = {
        TRAIN_IMAGES: rng.integers(0, 256, size=(6, 28, 28)),
        TRAIN_LABELS: np.array([5, 0, 4, 1, 9, 2]),
        TEST_IMAGES: rng.integers(0, 256, size=(4, 28, 28)),
        TEST_LABELS: np.array([7, 2, 1, 0]),
    }
    return arrays, {name: idx_gz(array) for name, array in arrays.items()}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class MnistServer:
    """Serves folders of the served root as separate mirrors, and a few misbehaving ones.

    good/   the correct files          empty/  nothing (every request is a 404)
    bad/    files with a wrong digest  short/  a Content-Length 1000 bytes too large
    to-good/  redirects to good/       to-http/  redirects to http://example.invalid/
    stall/  sends half of the file, then waits until the server stops
    """

    def __init__(self, root):
        self.root = root
        self.arrays, files = tiny_mnist()
        self.checksums = {name: sha256(data) for name, data in files.items()}
        self.sizes = {name: len(data) for name, data in files.items()}
        for mirror in ("good", "bad", "short", "empty"):
            (root / mirror).mkdir()
        for name, data in files.items():
            (root / "good" / name).write_bytes(data)
            (root / "bad" / name).write_bytes(data + b"tampered")
            (root / "short" / name).write_bytes(data)
        self.requests = []
        self.release = threading.Event()
        handler = functools.partial(_Handler, self.requests, self.release, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        # A short poll interval makes shutdown() (run after every test) quick.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def mirror(self, name):
        return f"http://127.0.0.1:{self.port}/{name}/"

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, requests, release, *args, **kwargs):
        self.requests, self.release = requests, release
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self.requests.append(self.path)
        mirror, _, name = self.path[1:].partition("/")
        if mirror in ("to-good", "to-http"):
            target = f"/good/{name}" if mirror == "to-good" else f"http://example.invalid/{name}"
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif mirror in ("short", "stall"):
            body = pathlib.Path(self.translate_path(f"/good/{name}")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) + (1000 if mirror == "short" else 0)))
            self.end_headers()
            if mirror == "short":
                self.wfile.write(body)  # then the connection closes early
            else:
                self.wfile.write(body[:len(body) // 2])
                self.wfile.flush()
                self.release.wait(20)
        else:
            super().do_GET()

    def log_message(self, *args):
        pass  # keep test output quiet


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "served"
    root.mkdir()
    mnist_server = MnistServer(root)
    yield mnist_server
    mnist_server.stop()


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


@pytest.fixture
def dead_mirror():
    """The URL of a local port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def download(server, cache_dir, *mirrors, **kwargs):
    kwargs.setdefault("checksums", server.checksums)
    kwargs.setdefault("progress", False)
    return load_mnist(cache_dir=cache_dir, mirrors=tuple(mirrors), timeout=5, **kwargs)


def test_download_gives_the_served_digits(server, cache):
    split = download(server, cache, server.mirror("good"))
    arrays = server.arrays
    assert split.X_train.shape == (784, 6) and split.X_test.shape == (784, 4)
    np.testing.assert_array_equal(split.X_train, arrays[TRAIN_IMAGES].reshape(6, 784).T / 255)
    np.testing.assert_array_equal(split.X_test, arrays[TEST_IMAGES].reshape(4, 784).T / 255)
    np.testing.assert_array_equal(split.y_train, arrays[TRAIN_LABELS])
    np.testing.assert_array_equal(split.y_test, arrays[TEST_LABELS])
    np.testing.assert_array_equal(split.Y_train, one_hot(arrays[TRAIN_LABELS], 10))
    assert split.Y_test.shape == (10, 4)
    assert sorted(server.requests) == sorted(f"/good/{name}" for name in MNIST_FILES)
    assert listing(cache) == sorted(MNIST_FILES + STAMPS)
    # Fresh arrays the caller may change, one sample per contiguous column as in mnist_sample.
    assert split.X_train.flags.writeable and split.X_train.flags.f_contiguous


def test_second_load_reads_the_cache_without_network(server, cache):
    first = download(server, cache, server.mirror("good"))
    requests_after_first = len(server.requests)
    second = download(server, cache, server.mirror("good"))
    assert len(server.requests) == requests_after_first == 4
    np.testing.assert_array_equal(first.X_train, second.X_train)


def test_falls_back_to_next_mirror_after_404(server, cache):
    split = download(server, cache, server.mirror("empty"), server.mirror("good"))
    np.testing.assert_array_equal(split.y_test, server.arrays[TEST_LABELS])
    assert server.requests[:2] == [f"/empty/{TRAIN_IMAGES}", f"/good/{TRAIN_IMAGES}"]
    assert len(server.requests) == 8


def test_falls_back_to_next_mirror_after_wrong_digest(server, cache):
    split = download(server, cache, server.mirror("bad"), server.mirror("good"))
    np.testing.assert_array_equal(split.y_train, server.arrays[TRAIN_LABELS])
    assert listing(cache) == sorted(MNIST_FILES + STAMPS)


def test_checksum_mismatch_names_file_and_digests_and_saves_nothing(server, cache):
    wrong = dict(server.checksums, **{TEST_IMAGES: "0" * 64})
    with pytest.raises(ChecksumMismatchError) as excinfo:
        download(server, cache, server.mirror("good"), checksums=wrong)
    message = str(excinfo.value)
    assert message.startswith(f"{TEST_IMAGES}: SHA-256 mismatch")
    assert f"expected {'0' * 64}" in message
    assert server.checksums[TEST_IMAGES] in message  # the digest actually received
    # Files before the bad one were verified and kept with their stamps; no partial files.
    assert listing(cache) == sorted([TRAIN_IMAGES, TRAIN_LABELS, *STAMPS[:2]])


def test_checksum_mismatch_on_every_mirror_is_an_error(server, cache):
    with pytest.raises(ChecksumMismatchError, match=re.escape(f"{TRAIN_IMAGES}: SHA-256 mismatch")):
        download(server, cache, server.mirror("bad"), server.mirror("bad"))
    assert not cache.exists()


def test_truncated_download_is_an_error_and_leaves_nothing(server, cache):
    size = server.sizes[TRAIN_IMAGES]
    with pytest.raises(MnistUnavailableError, match=f"incomplete download: received {size} of {size + 1000} bytes"):
        download(server, cache, server.mirror("short"))
    assert not cache.exists()


def test_offline_error_lists_missing_files_and_folder(server, cache, dead_mirror):
    with pytest.raises(MnistUnavailableError) as excinfo:
        download(server, cache, dead_mirror)
    error = excinfo.value
    assert isinstance(error, OSError)
    assert error.missing == MNIST_FILES
    assert error.folder == cache
    message = str(error)
    for name in MNIST_FILES:
        assert f"    {name}\n" in message
    assert f"place them in:\n    {cache}\n" in message
    assert "DNN_CORE_DATA" in message
    assert not cache.exists()  # the folder made for the download is removed again


def test_offline_error_lists_only_the_files_still_missing(server, cache, dead_mirror):
    cache.mkdir()
    for name in (TRAIN_IMAGES, TEST_LABELS):
        shutil.copy(server.root / "good" / name, cache / name)
    with pytest.raises(MnistUnavailableError) as excinfo:
        download(server, cache, dead_mirror)
    assert excinfo.value.missing == (TRAIN_LABELS, TEST_IMAGES)
    missing_section = str(excinfo.value).split("Attempts:")[0]
    assert TRAIN_IMAGES not in missing_section and TEST_LABELS not in missing_section


def test_data_folder_from_environment_variable(server, tmp_path, monkeypatch):
    monkeypatch.setenv("DNN_CORE_DATA", str(tmp_path / "course-data"))
    split = load_mnist(mirrors=(server.mirror("good"),), checksums=server.checksums, progress=False)
    assert split.X_train.shape == (784, 6)
    assert listing(tmp_path / "course-data" / "mnist") == sorted(MNIST_FILES + STAMPS)


def test_default_folders_follow_xdg_and_home(server, tmp_path, monkeypatch, dead_mirror):
    monkeypatch.delenv("DNN_CORE_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    with pytest.raises(MnistUnavailableError) as excinfo:
        load_mnist(mirrors=(dead_mirror,), progress=False)
    assert excinfo.value.folder == tmp_path / "xdg" / "dnn_core" / "mnist"

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with pytest.raises(MnistUnavailableError) as excinfo:
        load_mnist(mirrors=(dead_mirror,), progress=False)
    assert excinfo.value.folder == tmp_path / "home" / ".cache" / "dnn_core" / "mnist"


def test_progress_bar_goes_to_stderr_only_when_asked(server, tmp_path, capsys):
    download(server, tmp_path / "quiet", server.mirror("good"), progress=False)
    assert capsys.readouterr().err == ""
    download(server, tmp_path / "loud", server.mirror("good"), progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{TRAIN_IMAGES} [" in captured.err and "100%" in captured.err


def test_bad_cached_files_are_reported(tmp_path):
    """Files with the digests they are given, but not of MNIST's shapes and labels."""
    files = {TRAIN_IMAGES: idx_gz(np.zeros((3, 28, 28))), TRAIN_LABELS: idx_gz(np.zeros(2)),
             TEST_IMAGES: idx_gz(np.zeros((1, 28, 28))), TEST_LABELS: idx_gz(np.array([12]))}
    for name, data in files.items():
        tmp_path.joinpath(name).write_bytes(data)
    checksums = {name: sha256(data) for name, data in files.items()}
    with pytest.raises(ValueError, match=r"train-\* files .*expected 3 labels of shape \(3,\), got \(2,\)"):
        load_mnist(cache_dir=tmp_path, mirrors=("http://127.0.0.1:9/",), checksums=checksums)
    tmp_path.joinpath(TRAIN_LABELS).write_bytes(idx_gz(np.zeros(3)))
    checksums[TRAIN_LABELS] = sha256(idx_gz(np.zeros(3)))
    with pytest.raises(ValueError, match=r"t10k-\* files .*labels in 0\.\.9, got a label 12"):
        load_mnist(cache_dir=tmp_path, mirrors=("http://127.0.0.1:9/",), checksums=checksums)


def test_mirrors_must_be_a_sequence_of_urls(cache):
    with pytest.raises(TypeError, match="mirrors must be a sequence of base URLs"):
        load_mnist(cache_dir=cache, mirrors="http://127.0.0.1:9/")
    with pytest.raises(ValueError, match="at least one base URL"):
        load_mnist(cache_dir=cache, mirrors=())


@pytest.mark.parametrize("timeout, error, message", [
    (0, ValueError, r"^timeout \(seconds\) must be a positive number; got 0.0$"),
    (float("inf"), ValueError, r"^timeout \(seconds\) must be a finite number; got inf$"),
    ("30", TypeError, r"^timeout \(seconds\) must be a number; got str '30'$"),
    (True, TypeError, r"^timeout \(seconds\) must be a number; got bool True$"),
])
def test_timeout_must_be_a_positive_number_of_seconds(server, cache, timeout, error, message):
    with pytest.raises(error, match=message):
        load_mnist(cache_dir=cache, mirrors=(server.mirror("good"),), checksums=server.checksums,
                   progress=False, timeout=timeout)
    assert server.requests == [] and not cache.exists()


def test_checksums_must_be_a_mapping(cache):
    with pytest.raises(TypeError, match=r"checksums must be a dict \{file name: SHA-256 hex digest\}, got list"):
        load_mnist(cache_dir=cache, mirrors=("http://127.0.0.1:9/",), checksums=[])


def test_checksums_must_cover_the_missing_files(server, cache):
    with pytest.raises(ValueError, match=f"checksums must map '{TRAIN_IMAGES}' to a 64-character"):
        download(server, cache, server.mirror("good"), checksums={})


def test_official_checksums_cover_the_four_files():
    assert set(MNIST_SHA256) == set(MNIST_FILES) == {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    }
    for digest in MNIST_SHA256.values():
        assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert len(set(MNIST_SHA256.values())) == 4


# Files found in the cache are verified once, then remembered by a stamp


def place_in_cache(server, cache, names=MNIST_FILES):
    """Copy the correct files into the cache, as a learner working offline would."""
    cache.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(server.root / "good" / name, cache / name)


def cached_file_error(path, got, expected):
    return (f"{path}: this cached file is not the expected one: SHA-256 {got}, expected {expected} "
            "(a damaged, truncated or different file). Delete it and load again to download it.")


def test_wrong_but_valid_cached_file_is_rejected_by_name(server, cache, dead_mirror):
    """A well-formed IDX file of other digits used to load silently."""
    place_in_cache(server, cache)
    other_digits = idx_gz(np.zeros((6, 28, 28)))
    (cache / TRAIN_IMAGES).write_bytes(other_digits)
    read_idx(cache / TRAIN_IMAGES)  # a valid file, just not the expected one
    with pytest.raises(ChecksumMismatchError) as excinfo:
        download(server, cache, dead_mirror)
    assert str(excinfo.value) == cached_file_error(cache / TRAIN_IMAGES, sha256(other_digits),
                                                   server.checksums[TRAIN_IMAGES])
    assert not (cache / STAMPS[0]).exists() and server.requests == []


def test_damaged_gzip_in_cache_is_rejected_by_name(server, cache, dead_mirror):
    """A cached file with a damaged body used to raise a raw zlib.error."""
    place_in_cache(server, cache)
    damaged = bytearray((cache / TEST_IMAGES).read_bytes())
    damaged[10] = 0xFF
    (cache / TEST_IMAGES).write_bytes(damaged)
    with pytest.raises(ChecksumMismatchError) as excinfo:
        download(server, cache, dead_mirror)
    assert str(excinfo.value) == cached_file_error(cache / TEST_IMAGES, sha256(damaged),
                                                   server.checksums[TEST_IMAGES])


@pytest.fixture
def hash_counter(monkeypatch):
    """Counts the files whose SHA-256 is computed from their content."""
    hashed = []
    real_file_digest = hashlib.file_digest

    def file_digest(file, digest):
        hashed.append(os.path.basename(file.name))
        return real_file_digest(file, digest)

    monkeypatch.setattr(hashlib, "file_digest", file_digest)
    return hashed


def test_cached_files_are_hashed_once_then_trusted_by_their_stamp(server, cache, dead_mirror, hash_counter):
    place_in_cache(server, cache)
    download(server, cache, dead_mirror)
    assert hash_counter == list(MNIST_FILES)
    stamp = (cache / STAMPS[0]).read_text()
    assert stamp.startswith(f"sha256 {server.checksums[TRAIN_IMAGES]} size {server.sizes[TRAIN_IMAGES]} ")
    hash_counter.clear()
    download(server, cache, dead_mirror)
    assert hash_counter == []  # the later load stays fast


def test_a_stamp_is_void_when_the_file_changes(server, cache, dead_mirror, hash_counter):
    place_in_cache(server, cache)
    download(server, cache, dead_mirror)
    replacement = idx_gz(np.ones((6, 28, 28)))
    (cache / TRAIN_IMAGES).write_bytes(replacement)
    hash_counter.clear()
    with pytest.raises(ChecksumMismatchError, match=re.escape(f"SHA-256 {sha256(replacement)}, expected")):
        download(server, cache, dead_mirror)
    assert hash_counter == [TRAIN_IMAGES]


def test_a_stamp_vouches_only_for_the_digest_it_names(server, cache, dead_mirror, hash_counter):
    """A stamp written for one digest does not let a file pass a check against another."""
    place_in_cache(server, cache)
    download(server, cache, dead_mirror)
    other = dict(server.checksums, **{TEST_LABELS: "f" * 64})
    with pytest.raises(ChecksumMismatchError) as excinfo:
        download(server, cache, dead_mirror, checksums=other)
    assert str(excinfo.value) == cached_file_error(cache / TEST_LABELS, server.checksums[TEST_LABELS], "f" * 64)


def test_downloaded_files_are_stamped_and_not_hashed_again(server, cache, hash_counter):
    download(server, cache, server.mirror("good"))
    download(server, cache, server.mirror("good"))
    assert hash_counter == [] and len(server.requests) == 4


# The downloader: https only, umask permissions, the cache folder, leftovers


@pytest.mark.parametrize("url", ["http://example.invalid/mnist/", "http://localhost:8000/",
                                 "ftp://127.0.0.1/mnist/", "file:///tmp/mnist/"])
def test_mirrors_must_be_https_or_loopback_http(server, cache, url):
    with pytest.raises(ValueError) as excinfo:
        download(server, cache, server.mirror("good"), url)
    assert str(excinfo.value) == f"mirror {url!r} refused: {REFUSED_URL}"
    assert server.requests == [] and not cache.exists()


def test_https_mirrors_are_accepted(server, cache, dead_mirror):
    https_mirror = dead_mirror.replace("http://", "https://")
    with pytest.raises(MnistUnavailableError, match=re.escape(f"{https_mirror}{TRAIN_IMAGES}: URLError")):
        download(server, cache, https_mirror)


def test_redirect_to_plain_http_is_refused(server, cache):
    """The mirror answers 302 to http://example.invalid/...: not followed, the next mirror used."""
    with pytest.raises(MnistUnavailableError) as excinfo:
        download(server, cache, server.mirror("to-http"))
    assert (f"    {server.mirror('to-http')}{TRAIN_IMAGES}: URLError: <urlopen error refused a redirect to "
            f"http://example.invalid/{TRAIN_IMAGES}: {REFUSED_URL}>\n") in str(excinfo.value)
    split = download(server, cache, server.mirror("to-http"), server.mirror("good"))
    np.testing.assert_array_equal(split.y_test, server.arrays[TEST_LABELS])


def test_redirect_to_loopback_http_is_followed(server, cache):
    split = download(server, cache, server.mirror("to-good"))
    np.testing.assert_array_equal(split.y_train, server.arrays[TRAIN_LABELS])
    assert server.requests[:2] == [f"/to-good/{TRAIN_IMAGES}", f"/good/{TRAIN_IMAGES}"]


@contextlib.contextmanager
def umask(mask):
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_downloaded_files_get_the_permissions_of_the_umask(server, cache, mask, mode):
    """They were always 0600, so a class sharing one cache could not read them."""
    with umask(mask):
        download(server, cache, server.mirror("good"))
    for name in MNIST_FILES + STAMPS:
        assert stat.S_IMODE((cache / name).stat().st_mode) == mode, name


def test_cache_folder_that_cannot_be_created_is_reported_first(server, tmp_path, dead_mirror):
    (tmp_path / "a-file").write_text("not a folder")
    cache = tmp_path / "a-file" / "mnist"
    with pytest.raises(MnistCacheError) as excinfo:
        download(server, cache, dead_mirror, server.mirror("good"))
    assert str(excinfo.value) == (
        f"Cannot write to the MNIST cache folder {cache}: Not a directory. Make it writable (or free "
        "some space), or choose another folder with cache_dir= or the DNN_CORE_DATA environment variable.")
    assert isinstance(excinfo.value, OSError) and excinfo.value.folder == cache
    assert server.requests == []


@pytest.fixture
def shared_cache():
    """A cache folder in a place another user can reach: <tmp>/shared/mnist."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="dnn-core-shared-"))
    root.chmod(0o755)
    yield root / "mnist"
    for folder in root.rglob("*"):
        if folder.is_dir():
            folder.chmod(0o755)
    shutil.rmtree(root)


def as_another_user(function):
    """What function() gives, run in a child process that may write only where everyone may:
    as the user nobody (uid 65534) when the tests run as root, else as this user.
    Returns 'returned <repr>' or '<ExceptionType>: <message>'."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            try:
                outcome = f"returned {function()!r}"
            except BaseException as error:  # noqa: BLE001 - reported to the parent
                outcome = f"{type(error).__name__}: {error}"
            os.write(write_end, outcome.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    ready, _, _ = select.select([read_end], [], [], 60)
    if not ready:
        os.kill(pid, 9)
    with os.fdopen(read_end, "rb") as pipe:
        outcome = pipe.read().decode()
    os.waitpid(pid, 0)
    assert ready, "the child process did not answer within 60 s"
    return outcome


def test_unwritable_cache_folder_is_reported_before_any_download(server, shared_cache, dead_mirror):
    """Not buried under 'no mirror delivered the file', and no request made."""
    shared_cache.mkdir()
    shared_cache.chmod(0o555)
    outcome = as_another_user(lambda: download(server, shared_cache, dead_mirror, server.mirror("good")))
    assert outcome == (
        f"MnistCacheError: Cannot write to the MNIST cache folder {shared_cache}: Permission denied. Make it "
        "writable (or free some space), or choose another folder with cache_dir= or the DNN_CORE_DATA "
        "environment variable.")
    assert server.requests == []


def test_a_class_can_share_a_read_only_cache(server, shared_cache):
    """Downloaded with a usual umask, the files can be read and verified by another user who
    cannot write there (so no stamps: each file is checked at every load)."""
    with umask(0o022):
        download(server, shared_cache, server.mirror("good"))
    for stamp in STAMPS:
        (shared_cache / stamp).unlink()
    shared_cache.chmod(0o555)
    outcome = as_another_user(lambda: download(server, shared_cache, server.mirror("good")).y_test.tolist())
    assert outcome == f"returned {server.arrays[TEST_LABELS].tolist()!r}"
    assert len(server.requests) == 4


def test_offline_failure_leaves_no_empty_folder_behind(server, tmp_path, dead_mirror):
    cache = tmp_path / "course" / "data" / "mnist"
    with pytest.raises(MnistUnavailableError):
        download(server, cache, dead_mirror)
    assert not (tmp_path / "course").exists()  # nor the parents made for it


KILLABLE_DOWNLOAD = """
import json, sys
from dnn_core.mnist import load_mnist
load_mnist(cache_dir=sys.argv[1], mirrors=(sys.argv[2],), checksums=json.loads(sys.argv[3]), progress=False)
"""


def partial_files(cache):
    return sorted(name for name in os.listdir(cache) if name.endswith(".part"))


def test_partial_file_of_a_killed_download_is_removed_on_the_next_run(server, cache):
    """A download killed mid-file (SIGKILL: no cleanup) leaves a .part file. While that
    download runs, another load leaves it alone; once it is dead, the next load removes it."""
    child = subprocess.Popen([sys.executable, "-c", KILLABLE_DOWNLOAD, str(cache), server.mirror("stall"),
                              json.dumps(server.checksums)])
    try:
        deadline = time.monotonic() + 30
        while not (cache.is_dir() and partial_files(cache)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(partial_files(cache)) == 1, "the child's download did not start"
        download(server, cache, server.mirror("good"))  # while the other download runs
        assert len(partial_files(cache)) == 1
    finally:
        child.kill()
        child.wait()
    leftover = partial_files(cache)
    assert len(leftover) == 1 and leftover[0].startswith(f".{TRAIN_IMAGES}.")
    download(server, cache, server.mirror("good"))
    assert listing(cache) == sorted(MNIST_FILES + STAMPS)
