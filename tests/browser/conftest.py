"""Real-browser tests: JupyterLab on 127.0.0.1 with a token, driven in headless Chromium
(Debian's `chromium`, through Python Playwright with the system executable — no browser is
ever downloaded).

Without Chromium or Playwright these tests are not run and the session says why; with
DNN_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser is an error instead.
Screenshots go to test-artifacts/ (or $DNN_SHOT_DIR).
"""

import os
from pathlib import Path

import pytest

from .lab import CHROMIUM, ROOT

SHOTS = Path(os.environ.get("DNN_SHOT_DIR", ROOT / "test-artifacts"))
REQUIRED = os.environ.get("DNN_REQUIRE_BROWSER") == "1"


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


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of notebooks/, with the course's settings (`make lab`)."""
    from .lab import running_lab

    with running_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    from .lab import running_chromium

    expect.set_options(timeout=60_000)   # a cold JupyterLab on two cores is slow
    with running_chromium() as b:
        yield b


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
