"""The notebooks present as decks inside JupyterLab (jupyterlab-slideshow), and their widgets
work in the deck.

Notebook 07 runs; the deck starts on the title slide (the toolbar's deck button); Space walks
through slides, subslides and fragments, a fragment stays hidden until its key press, every
cell that is not skipped is shown on the way and the set-up cell never; the σ explorer's
slider redraws its picture in the deck without moving the deck; Shift+Space goes back and
Escape leaves the deck. Notebook 04's demon, presented from its section heading, reveals the
steps of its derivation one fragment at a time. Every request to anything but the local
server is blocked and counted, no request fails, and JupyterLab's log console stays empty.

The tests have their own JupyterLab: whether the deck is on is a user setting of the server,
which must not leak into the other browser tests.
"""

import json
import re
import time
from urllib.parse import urlparse

import pytest

from .lab import (
    NOTEBOOKS,
    expect,
    log_console_entries,
    press_keys,
    run_all,
    running_lab,
    shut_down_kernels,
    wait_changed,
    widget_picture,
)

NOTEBOOK = "07_sigmoid_saturation.ipynb"
VIEWPORT = {"width": 1366, "height": 768}
MAX_STEPS = 40
CELL_STATE = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map((cell) => ({
    active: cell.classList.contains('jp-mod-active'),
    visible: cell.classList.contains('jp-deck-mod-visible')}))"""


def slide_types(name):
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return [cell["metadata"].get("slideshow", {}).get("slide_type") for cell in cells]


@pytest.fixture(scope="module")
def deck_lab(tmp_path_factory):
    """A JupyterLab server of this module's own (see the module's text)."""
    with running_lab(tmp_path_factory.mktemp("deck")) as server:
        yield server


class Traffic:
    """Blocks every request that does not go to the local server; records those and every
    request that failed or was answered with an error status."""

    def __init__(self, page):
        self.blocked, self.failed = [], []
        page.route("**/*", self.route)
        page.on("requestfailed", lambda request: self.failed.append(f"{request.url} {request.failure}"))
        page.on("response", lambda response: response.status >= 400
                and self.failed.append(f"{response.url} {response.status}"))

    def route(self, route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def problems(self):
        outside = set(self.blocked)
        return self.blocked + [f for f in self.failed if f.split(" ")[0] not in outside]


def open_offline(browser, lab, name):
    """open_notebook with every request outside the local server blocked from the start."""
    shut_down_kernels(lab)
    base, token = lab
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(120_000)
    traffic = Traffic(page)
    page.goto(f"{base}/lab/tree/{name}?reset&token={token}")
    page.locator(".jp-NotebookPanel").first.wait_for()
    expect(page.locator(".jp-StatusBar-Widget").first).to_contain_text("| Idle", timeout=120_000)
    return page, traffic


def cell_states(page):
    return page.evaluate(CELL_STATE)


def active_cell(page):
    return next(i for i, cell in enumerate(cell_states(page)) if cell["active"])


def press(page, key):
    """Press a deck key and wait until another cell is active; returns its index."""
    before = active_cell(page)
    page.keyboard.press(key)
    page.wait_for_function(
        "before => { const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];"
        " return cells.findIndex(c => c.classList.contains('jp-mod-active')) !== before; }", arg=before)
    page.wait_for_timeout(250)          # the opacity transition of a revealed cell
    return active_cell(page)


def start_deck(page, cell):
    """Select a cell, press the toolbar's deck button; returns the seconds until the deck
    shows that cell."""
    page.locator(".jp-Notebook .jp-Cell").nth(cell).locator(".jp-InputPrompt").first.click()
    start = time.perf_counter()
    page.locator(".jp-NotebookPanel-toolbar [data-jp-item-name='deck']").first.click()
    page.locator(".jp-Deck-Remote").first.wait_for()
    expect(page.locator(".jp-Deck .jp-Cell").nth(cell)).to_have_class(re.compile("jp-deck-mod-visible"))
    return time.perf_counter() - start


def z_slider(page):
    return page.locator(".widget-slider").filter(
        has=page.locator(".widget-label", has_text=re.compile(r"^z$"))).first


def walk_to(page, target, shown):
    """Press Space until cell `target` is active, adding every visible cell to `shown`;
    the active cell must move forward at every press."""
    active = active_cell(page)
    for _ in range(MAX_STEPS):
        if active == target:
            return
        following = press(page, "Space")
        assert following > active, f"Space went from cell {active} back to {following}"
        active = following
        shown.update(i for i, cell in enumerate(cell_states(page)) if cell["visible"])
    pytest.fail(f"cell {target} not reached in {MAX_STEPS} presses of Space")


def widget_cell_index(page):
    """The index of the cell that holds the σ explorer's z slider."""
    cells = page.locator(".jp-Notebook .jp-Cell")
    found = [i for i in range(cells.count())
             if cells.nth(i).locator(".widget-label", has_text=re.compile(r"^z$")).count()]
    assert found, "no live σ explorer in the notebook (did it run?)"
    return found[0]


def test_the_deck_presents_the_notebook_and_its_widget_responds(browser, deck_lab, shots, record_property):
    types = slide_types(NOTEBOOK)
    page, traffic = open_offline(browser, deck_lab, NOTEBOOK)
    run_all(page)
    seconds = start_deck(page, 0)
    record_property("seconds_to_enter_the_deck", round(seconds, 2))
    print(f"entering the deck took {seconds:.2f} s")
    shown = {i for i, cell in enumerate(cell_states(page)) if cell["visible"]}
    assert shown == {0}, "the title slide shows the title cell alone"
    page.screenshot(path=str(shots / "deck_title.png"))

    widget_cell = widget_cell_index(page)
    first, second = [i for i, kind in enumerate(types[:widget_cell]) if kind == "fragment"][:2]
    walk_to(page, first, shown)
    states = cell_states(page)
    assert states[first]["visible"] and not states[second]["visible"], "a fragment waits for its key press"
    walk_to(page, widget_cell, shown)
    slider = z_slider(page)
    expect(slider).to_be_visible()
    readout = slider.locator(".widget-readout")
    expect(readout).to_have_text("2.00")
    image = widget_picture(slider)
    before = image.get_attribute("src")
    press_keys(slider.locator(".noUi-handle").first, "ArrowRight", 30)     # z from 2.0 to 5.0, step 0.1
    expect(readout).to_have_text("5.00")
    after = wait_changed(page, image, "src", before)
    assert after != before
    assert active_cell(page) == widget_cell, "the slider's keys must not move the deck"
    page.screenshot(path=str(shots / "deck_widget.png"))

    not_skipped = {i for i, kind in enumerate(types[:widget_cell + 1]) if kind != "skip"}
    assert not_skipped <= shown, f"cells never shown in the deck: {sorted(not_skipped - shown)}"
    assert types[1] == "skip" and 1 not in shown, "the set-up cell is not shown"
    assert press(page, "Shift+Space") < widget_cell

    page.keyboard.press("Escape")
    expect(page.locator(".jp-Deck")).to_have_count(0)
    assert log_console_entries(page) == []
    assert traffic.problems() == []
    page.close()


def test_a_derivation_reveals_its_steps_as_fragments(browser, deck_lab, shots):
    """The demon of notebook 04, presented from its section heading (no kernel needed: the
    stored outputs show)."""
    name = "04_loss_and_delta.ipynb"
    types = slide_types(name)
    page, traffic = open_offline(browser, deck_lab, name)
    cells = page.locator(".jp-Notebook .jp-Cell")
    section = next(i for i in range(cells.count()) if cells.nth(i).inner_text().startswith("3. The demon"))
    start_deck(page, section)
    assert active_cell(page) == section
    end = next(i for i in range(section + 1, len(types)) if types[i] in ("slide", "subslide"))
    steps = [i for i in range(section + 1, end) if types[i] == "fragment"]
    assert len(steps) >= 3
    shown = set()
    for step, following in zip(steps, steps[1:]):
        walk_to(page, step, shown)
        states = cell_states(page)
        assert states[step]["visible"] and not states[following]["visible"]
        if step == steps[1]:
            page.screenshot(path=str(shots / "deck_derivation_fragments.png"))
    page.keyboard.press("Escape")
    expect(page.locator(".jp-Deck")).to_have_count(0)
    assert traffic.problems() == []
    page.close()
