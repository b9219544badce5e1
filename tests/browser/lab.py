"""Helpers for driving a notebook in JupyterLab like a person: start JupyterLab and
Chromium (loopback only), open a notebook, run all cells through the menu, wait for the
kernel, read outputs and JupyterLab's log console, move widgets. Also used by
benchmarks/widget_latency.py."""

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
PROJECT_CONFIG = ROOT / "jupyter"          # labconfig/default_setting_overrides.json
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # no name resolution at all: only the loopback JupyterLab can load
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab(tuple):
    """(base_url, token) of a running JupyterLab; `workdir` is the folder it serves."""

    workdir: Path


@contextlib.contextmanager
def running_lab(tmp, notebooks=NOTEBOOKS, project_settings=True, locale=None):
    """A JupyterLab server on 127.0.0.1 serving a copy of `notebooks` (the browser never
    writes the originals), with hermetic config dirs; yields (base_url, token).

    The user settings of the run: no news toast, every cell rendered (no windowing).
    project_settings=True puts the course's jupyter/ folder on JUPYTER_CONFIG_PATH, as
    `make lab` does (comm messages on the kernel's main thread); False gives JupyterLab's
    own defaults (for the before/after measurements of benchmarks/widget_latency.py).
    locale (e.g. "zh_CN") sets the interface language, as Settings > Language does (the
    course installs the Chinese language pack). Yields a `Lab`: (base_url, token) with the
    served folder as `workdir`.
    """
    tmp = Path(tmp)
    workdir = tmp / "notebooks"
    shutil.copytree(notebooks, workdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp / "rt"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"))
    env.pop("JUPYTER_CONFIG_PATH", None)
    if project_settings:
        env["JUPYTER_CONFIG_PATH"] = str(PROJECT_CONFIG)
    settings = tmp / "settings" / "@jupyterlab"
    for rel, text in {
        "apputils-extension/notification.jupyterlab-settings":
            '{"fetchNews": "false", "checkForUpdates": false}',
        "notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
        **({"translation-extension/plugin.jupyterlab-settings": json.dumps({"locale": locale})}
           if locale else {}),
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
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (tmp / "lab.log").read_text())
                time.sleep(0.3)
        server = Lab((base, token))
        server.workdir = workdir
        yield server
    finally:
        stop(proc)
        log.close()


def stop(proc, seconds=10):
    """End a server process: politely, then by force after `seconds`."""
    proc.terminate()
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextlib.contextmanager
def running_chromium():
    """Debian's Chromium through Playwright (never a downloaded browser), headless."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def expect(*args, **kwargs):
    """Playwright's `expect`, imported on first use: collecting the browser tests must not
    need playwright (without it conftest.py skips them and says why, or stops the session
    with DNN_REQUIRE_BROWSER=1)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def shut_down_kernels(lab):
    """End every session of the server, so the next notebook starts with a fresh kernel
    (otherwise reopening a notebook reconnects to the kernel an earlier test left)."""
    base, token = lab
    headers = {"Authorization": f"token {token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{base}/api/sessions", headers=headers)) as r:
        sessions = json.load(r)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}", method="DELETE",
                                         headers=headers)
        urllib.request.urlopen(request).close()


def open_notebook(browser, lab, name, viewport=(1400, 1000)):
    """Open notebooks/<name> in a new page, with a fresh kernel, and wait until the kernel
    is connected."""
    shut_down_kernels(lab)
    base, token = lab
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.set_default_timeout(120_000)
    page.goto(f"{base}/lab/tree/{name}?reset&token={token}")
    page.locator(".jp-NotebookPanel").first.wait_for()
    # The toolbar says "idle" before the kernel exists; the status bar's "| Idle" is the
    # sign that the kernel is really connected.
    expect(page.locator(".jp-StatusBar-Widget").first).to_contain_text("| Idle", timeout=120_000)
    return page


def run_all(page, timeout_s=240):
    """Run > Run All Cells, then wait until no cell is queued or running and the kernel is idle."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_timeout(1000)
    wait_idle(page, timeout_s)


def wait_idle(page, timeout_s=120, quiet_polls=3, poll_ms=400):
    """Wait until the status bar shows Idle and no input prompt shows [*], for a few polls."""
    status = page.locator(".jp-StatusBar-Widget").first
    prompts = page.locator(".jp-InputPrompt")
    deadline, stable = time.time() + timeout_s, 0
    while stable < quiet_polls:
        assert time.time() < deadline, "the notebook did not finish running"
        busy = "| Idle" not in status.inner_text() or any("*" in t for t in prompts.all_inner_texts())
        stable = 0 if busy else stable + 1
        page.wait_for_timeout(poll_ms)


def error_outputs(page):
    """Texts of the error tracebacks shown in the notebook (empty when none)."""
    texts = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]') \
        .all_inner_texts()
    return [t for t in texts if "Traceback" in t or re.search(r"^\w*(Error|Exception)\b", t, re.M)]


def wait_changed(page, locator, attribute, before, timeout_s=60, quiet_polls=3, poll_ms=400, idle="| Idle"):
    """Wait until locator's attribute differs from `before` and stays the same for a few
    polls with the kernel idle (a slider sends intermediate values); returns the new value.
    idle: the status bar's word for an idle kernel ("空闲" with the Chinese interface)."""
    status = page.locator(".jp-StatusBar-Widget").first
    deadline, last, stable = time.time() + timeout_s, None, 0
    while stable < quiet_polls:
        assert time.time() < deadline, f"{attribute} did not change"
        # while a widget redraws, its output can be empty for a moment: read None then
        value = locator.get_attribute(attribute) if locator.count() else None
        settled = value not in (None, before) and value == last and idle in status.inner_text()
        stable = stable + 1 if settled else 0
        last = value
        page.wait_for_timeout(poll_ms)
    return last


def log_console_entries(page):
    """The texts of the entries in JupyterLab's log console for the open notebook, at its
    default level (warnings and errors: output that reached no cell and no Output widget,
    such as a callback's traceback or stray `<Figure ...>` lines). Opens the console
    (View > Show Log Console) if needed."""
    panel = page.locator(".jp-LogConsolePanel")
    if not panel.count():
        page.locator(".lm-MenuBar-itemLabel", has_text="View").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Show Log Console").first.click()
        panel.first.wait_for()
        page.wait_for_timeout(300)
    return panel.first.locator(".jp-OutputArea-child").all_inner_texts()


def widget_picture(control):
    """The picture (<img>) of the explorer whose controls include `control`."""
    return control.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]").locator("img").first


def press_keys(handle, key, times):
    """Focus a slider's handle and press `key` on it `times` times."""
    handle.focus()
    for _ in range(times):
        handle.press(key)


def replace_cell_source(page, cell, source):
    """Type `source` over the code of `cell` and run it (Shift+Enter), as a learner does;
    inserted as text, so no auto-indent or bracket closing."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)
    page.keyboard.press("Shift+Enter")
