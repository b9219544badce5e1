"""Tests of dnn_core.mnist: the IDX reader, and load_mnist's download, verification and
caching against a local server.

Nothing here touches the internet: a small HTTP server on 127.0.0.1 serves tiny IDX files
(6 training and 4 test digits) that the tests build.
"""

import functools
import gzip
import hashlib
import http.server
import os
import pathlib
import re
import shutil
import socket
import threading

import numpy as np
import pytest

from dnn_core.datasets import one_hot
from dnn_core.mnist import (
    MNIST_FILES,
    MNIST_SHA256,
    ChecksumMismatchError,
    MnistUnavailableError,
    load_mnist,
    read_idx,
)

TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS = MNIST_FILES

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
    """Serves folders of the served root as separate mirrors.

    good/   the correct files          empty/  nothing (every request is a 404)
    bad/    files with a wrong digest  short/  a Content-Length 1000 bytes too large
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
        handler = functools.partial(_Handler, self.requests, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        # A short poll interval makes shutdown() (run after every test) quick.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def mirror(self, name):
        return f"http://127.0.0.1:{self.port}/{name}/"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, requests, *args, **kwargs):
        self.requests = requests
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self.requests.append(self.path)
        if self.path.startswith("/short/"):
            body = pathlib.Path(self.translate_path(self.path)).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body)  # then the connection closes early
            return
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
    assert sorted(os.listdir(cache)) == sorted(MNIST_FILES)
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
    assert sorted(os.listdir(cache)) == sorted(MNIST_FILES)


def test_checksum_mismatch_names_file_and_digests_and_saves_nothing(server, cache):
    wrong = dict(server.checksums, **{TEST_IMAGES: "0" * 64})
    with pytest.raises(ChecksumMismatchError) as excinfo:
        download(server, cache, server.mirror("good"), checksums=wrong)
    message = str(excinfo.value)
    assert message.startswith(f"{TEST_IMAGES}: SHA-256 mismatch")
    assert f"expected {'0' * 64}" in message
    assert server.checksums[TEST_IMAGES] in message  # the digest actually received
    # Files before the bad one were verified and kept; nothing else, no temp files.
    assert sorted(os.listdir(cache)) == sorted([TRAIN_IMAGES, TRAIN_LABELS])


def test_checksum_mismatch_on_every_mirror_is_an_error(server, cache):
    with pytest.raises(ChecksumMismatchError, match=re.escape(f"{TRAIN_IMAGES}: SHA-256 mismatch")):
        download(server, cache, server.mirror("bad"), server.mirror("bad"))
    assert os.listdir(cache) == []


def test_truncated_download_is_an_error_and_leaves_nothing(server, cache):
    size = server.sizes[TRAIN_IMAGES]
    with pytest.raises(MnistUnavailableError, match=f"incomplete download: received {size} of {size + 1000} bytes"):
        download(server, cache, server.mirror("short"))
    assert os.listdir(cache) == []


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
    assert os.listdir(cache) == []


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
    assert sorted(os.listdir(tmp_path / "course-data" / "mnist")) == sorted(MNIST_FILES)


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
    tmp_path.joinpath(TRAIN_IMAGES).write_bytes(idx_gz(np.zeros((3, 28, 28))))
    tmp_path.joinpath(TRAIN_LABELS).write_bytes(idx_gz(np.zeros(2)))
    tmp_path.joinpath(TEST_IMAGES).write_bytes(idx_gz(np.zeros((1, 28, 28))))
    tmp_path.joinpath(TEST_LABELS).write_bytes(idx_gz(np.array([12])))
    with pytest.raises(ValueError, match=r"train-\* files .*expected 3 labels of shape \(3,\), got \(2,\)"):
        load_mnist(cache_dir=tmp_path, mirrors=("http://127.0.0.1:9/",))
    tmp_path.joinpath(TRAIN_LABELS).write_bytes(idx_gz(np.zeros(3)))
    with pytest.raises(ValueError, match=r"t10k-\* files .*labels in 0\.\.9, got a label 12"):
        load_mnist(cache_dir=tmp_path, mirrors=("http://127.0.0.1:9/",))


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
