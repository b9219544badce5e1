"""Helpers for driving a notebook in JupyterLab like a person: open it, run all cells
through the menu, wait for the kernel, read outputs, move widgets."""

import json
import re
import time
import urllib.request


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


def wait_changed(page, locator, attribute, before, timeout_s=60, quiet_polls=3, poll_ms=400):
    """Wait until locator's attribute differs from `before` and stays the same for a few
    polls with the kernel idle (a slider sends intermediate values); returns the new value."""
    status = page.locator(".jp-StatusBar-Widget").first
    deadline, last, stable = time.time() + timeout_s, None, 0
    while stable < quiet_polls:
        assert time.time() < deadline, f"{attribute} did not change"
        # while a widget redraws, its output can be empty for a moment: read None then
        value = locator.get_attribute(attribute) if locator.count() else None
        settled = value not in (None, before) and value == last and "| Idle" in status.inner_text()
        stable = stable + 1 if settled else 0
        last = value
        page.wait_for_timeout(poll_ms)
    return last
