"""Real-browser tests: JupyterLab on 127.0.0.1 with a token, driven in headless Chromium
(Debian's `chromium`, through Python Playwright with the system executable — no browser is
ever downloaded).

Without Chromium or Playwright these tests are not run and the session says why; with
DNN_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser is an error instead.
Screenshots go to test-artifacts/ (or $DNN_SHOT_DIR).
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(os.environ.get("DNN_SHOT_DIR", ROOT / "test-artifacts"))
REQUIRED = os.environ.get("DNN_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # no name resolution at all: only the loopback JupyterLab can load
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def _missing():
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (make test installs it)"
    if not Path(CHROMIUM).exists():
        return f"Chromium was not found at {CHROMIUM} (apt-get install chromium)"
    return None


MISSING = _missing()


def pytest_collection_modifyitems(config, items):
    if MISSING is None:
        return
    browser_items = [i for i in items if "browser" in i.nodeid.split("::")[0]]
    if not browser_items:
        return
    if REQUIRED:
        raise pytest.UsageError(f"browser tests are required (DNN_REQUIRE_BROWSER=1) but {MISSING}")
    reason = f"BROWSER TESTS NOT RUN: {MISSING}"
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter):
    if MISSING is not None:
        terminalreporter.write_sep("!", f"browser tests were not run: {MISSING}", yellow=True)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of notebooks/ (the browser never writes the repo's
    copies); hermetic settings: no news toast, every cell rendered (no windowing)."""
    tmp = tmp_path_factory.mktemp("lab")
    workdir = tmp / "notebooks"
    shutil.copytree(NOTEBOOKS, workdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp / "rt"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"))
    settings = tmp / "settings" / "@jupyterlab"
    for rel, text in {
        "apputils-extension/notification.jupyterlab-settings":
            '{"fetchNews": "false", "checkForUpdates": false}',
        "notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
    }.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(text)
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip", "127.0.0.1",
           f"--port={port}", "--port-retries=0", f"--IdentityProvider.token={token}",
           f"--notebook-dir={workdir}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("JupyterLab did not start:\n" + (tmp / "lab.log").read_text())
            time.sleep(0.3)
    yield base, token
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)   # a cold JupyterLab on two cores is slow
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
