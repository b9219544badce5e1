"""The explorers app (`make app`): Voilà serves apps/explorers.ipynb without code, and a
press of Train gives a new picture, with nothing loaded from outside this machine.

The server is started as `make app` starts it (apps/voila.json, the app's template from
apps/voila/templates, the course's jupyter/ settings), on a free port of 127.0.0.1, serving
a copy of the app notebook with one probe cell added at the end. The probe writes, in a
label on the page, on which thread the kernel handled each Train press and whether the
message came on an ipykernel subshell: the course's widgets draw with matplotlib and must
run on the kernel's main thread (jupyter/README.md). JupyterLab tags widget messages with
a subshell unless told otherwise; Voilà's front end brings its own @jupyterlab/services 7.2,
which has no subshells, and the probe checks on every run that none is used. Every request
to anything but the app's own server is blocked and counted as a failure, as are console
errors, page errors and failed or refused requests.
"""

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .lab import ROOT, expect, press_keys, stop

APPS = ROOT / "apps"
APP_NOTEBOOK = APPS / "explorers.ipynb"
PROBE = """import threading

import ipywidgets
from IPython import get_ipython

presses = []
probe = ipywidgets.Label("no Train press yet")
probe.add_class("thread-probe")


def record_thread(_):
    header = get_ipython().kernel.get_parent().get("header", {})
    presses.append((threading.current_thread() is threading.main_thread(), header.get("subshell_id")))
    on_main = sum(main for main, _ in presses)
    subshells = sorted({str(subshell) for _, subshell in presses if subshell is not None})
    probe.value = (f"Train presses handled on the kernel's main thread: {on_main} of {len(presses)}; "
                   f"sent on a subshell: {', '.join(subshells) or 'none'}")


loss_curve.button.on_click(record_thread)
playground.buttons["train"].on_click(record_thread)
loss_curve.add_class("app-loss-curve")
playground.add_class("app-playground")
probe
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def probed_copy(folder):
    """A copy of the app notebook in `folder`, with the probe cell appended."""
    notebook = json.loads(APP_NOTEBOOK.read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "code", "execution_count": None, "id": "thread-probe",
                              "metadata": {}, "outputs": [], "source": PROBE})
    path = Path(folder) / APP_NOTEBOOK.name
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path


def wait_for_port(port, proc, log_path, timeout_s=60):
    """Wait until something listens on 127.0.0.1:port (a GET would already start a kernel)."""
    deadline = time.time() + timeout_s
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError("Voilà did not start:\n" + Path(log_path).read_text())
        time.sleep(0.3)


@contextlib.contextmanager
def running_app(tmp):
    """Voilà on 127.0.0.1 serving the probed copy with the app's settings; yields its URL."""
    tmp = Path(tmp)
    notebook = probed_copy(tmp)
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp / "rt"),
               JUPYTER_CONFIG_PATH=str(ROOT / "jupyter"), JUPYTER_PATH=str(APPS),
               OPENBLAS_NUM_THREADS="1")
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--Voila.config_file_paths={APPS}",
           "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0"]
    log_path = tmp / "voila.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, proc, log_path)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(proc)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


def watch_page(page, base):
    """Block every request that does not go to `base`; return the list that collects the
    problems seen: blocked requests, failed requests, HTTP errors, console errors."""
    problems = []

    def only_local(route):
        url = route.request.url
        if url.startswith(base + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            problems.append(f"blocked request to {url}")
            route.abort()

    page.route("**/*", only_local)
    page.on("requestfailed", lambda r: problems.append(f"failed request {r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def picture_after(box, press, done_text):
    """Press a button of the explorer `box`; return its picture's src before and after.

    An explorer says that it is working before its first new picture and `done_text` after
    its last, so the src read once the picture changed and the status says done is the final
    one (the status may say done_text already before the press: that of the run before)."""
    image = box.locator("img").first
    before = image.get_attribute("src")
    press()
    expect(image).not_to_have_attribute("src", before, timeout=120_000)
    expect(box.locator(".widget-html").first).to_contain_text(done_text, timeout=120_000)
    return before, image.get_attribute("src")


def labelled_slider(box, label):
    return box.locator(".widget-slider").filter(
        has=box.page.locator(".widget-label", has_text=re.compile(rf"^{re.escape(label)}$"))).first


def test_app_answers_a_train_press_with_a_new_picture(browser, app, shots):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(120_000)
    problems = watch_page(page, app)
    page.goto(app + "/")
    expect(page.locator(".thread-probe")).to_have_text("no Train press yet", timeout=120_000)
    expect(page.locator("img.widget-image")).to_have_count(5)
    expect(page).to_have_title("How a deep neural network works: the explorers")
    page.screenshot(path=str(shots / "app_top.png"))
    html = page.content()
    assert "playground_widget(" not in html and "def record_thread" not in html, "the app shows code"
    assert page.locator(".jp-CodeCell").count() == page.locator(".jp-CodeCell.jp-mod-noInput").count() == 7

    playground = page.locator(".app-playground")
    playground.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "app_playground_before.png"))
    train = playground.locator("button", has_text="Train")
    before, after = picture_after(playground, train.click, "trained 100 epochs")
    assert after and after != before, "the playground's picture did not change after Train"
    page.screenshot(path=str(shots / "app_playground_after_train.png"))

    loss_curve = page.locator(".app-loss-curve")
    loss_curve.scroll_into_view_if_needed()
    hidden = labelled_slider(loss_curve, "hidden units")
    press_keys(hidden.locator(".noUi-handle").first, "ArrowLeft", 5)
    expect(hidden.locator(".widget-readout")).to_have_text("5")
    press = loss_curve.locator("button", has_text="Train").click
    before, after = picture_after(loss_curve, press, "trained 100 epochs")
    assert after and after != before, "the loss curve's picture did not change after Train"
    page.screenshot(path=str(shots / "app_loss_curve_after_train.png"))

    expect(page.locator(".thread-probe")).to_have_text(
        "Train presses handled on the kernel's main thread: 2 of 2; sent on a subshell: none")
    body = page.locator("body").inner_text()
    assert not re.search(r"Traceback|There was an error|could not draw", body), body
    assert problems == []
    page.close()
