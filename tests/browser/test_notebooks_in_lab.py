"""Every notebook opens in JupyterLab and runs all its cells, through the menu, without an
error output; then every widget of the notebook is driven through the extreme values of
its controls and through rapid repeated presses, and at the end no output area shows a
traceback, no explorer reports a failure, and JupyterLab's log console is empty.

A notebook stored by tools/execute_notebook.py and opened without running shows each
widget's default picture and the note "Run the cell to explore", never a widget repr."""

import re
import shutil
import sys
from pathlib import Path

import pytest

from .lab import (
    NOTEBOOKS as NOTEBOOK_DIR,
)
from .lab import (
    error_outputs,
    expect,
    log_console_entries,
    open_notebook,
    run_all,
    wait_idle,
)

NOTEBOOKS = sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))
FAILURE = re.compile(r"could not draw|Traceback|Error displaying widget")

# What the learner types or picks beyond the sliders: (notebook prefix, label, values).
TEXT_INPUTS = {"10": [("hidden layers", ["1", "32, 32, 32, 32, 32, 32", "64", "x", "4, 4"])]}


def widget_outputs(page):
    return page.locator(".jp-OutputArea-output .widget-vbox")


def settle(page, seen, action):
    """Wait until the kernel is idle, then record in `seen` every traceback or explorer
    failure on the page after `action`: a failure that a later value draws over still counts."""
    wait_idle(page, quiet_polls=2, poll_ms=250)
    for problem in error_outputs(page) + explorer_failures(page):
        seen.append(f"after {action}: {problem}")


def drive_sliders(page, seen):
    """Every slider of every widget to its maximum and its minimum (End, Home)."""
    sliders = page.locator(".jp-OutputArea-output .widget-slider")
    for i in range(sliders.count()):
        handle = sliders.nth(i).locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        for key in ("End", "Home"):
            handle.press(key)
            settle(page, seen, f"slider {i} to {key}")


def drive_dropdowns(page, seen):
    """Every option of every dropdown, the first option last."""
    selects = page.locator(".jp-OutputArea-output .widget-dropdown select")
    for i in range(selects.count()):
        select = selects.nth(i)
        options = select.locator("option").all_inner_texts()
        for option in options[1:] + options[:1]:
            select.select_option(label=option)
            settle(page, seen, f"dropdown {i} set to {option!r}")


def drive_texts(page, name, seen):
    for label, values in TEXT_INPUTS.get(name[:2], []):
        box = page.locator(".jp-OutputArea-output .widget-text").filter(
            has=page.locator(".widget-label", has_text=label)).first
        for value in values:
            box.locator("input").fill(value)
            box.locator("input").press("Enter")
            settle(page, seen, f"{label} = {value!r}")


def drive_buttons(page, seen, presses=3):
    """Every button of every widget pressed `presses` times in a row, without waiting (the
    clicks queue while the kernel is busy), then once more after the kernel is idle."""
    buttons = page.locator(".jp-OutputArea-output button.jupyter-button")
    for i in range(buttons.count()):
        button = buttons.nth(i)
        button.scroll_into_view_if_needed()
        for _ in range(presses):
            button.click(force=True)      # even while disabled: a person clicks anyway
        settle(page, seen, f"{presses} rapid presses of button {i}")
        button.click()
        settle(page, seen, f"one more press of button {i}")


def explorer_failures(page):
    texts = widget_outputs(page).all_inner_texts()
    return [t for t in texts if FAILURE.search(t)]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_its_widgets_survive_every_value(browser, lab, shots, name):
    page = open_notebook(browser, lab, name)
    run_all(page)
    errors = error_outputs(page)
    cells = page.locator(".jp-Notebook .jp-Cell").count()
    page.screenshot(path=str(shots / f"run_all_{Path(name).stem}.png"))
    assert cells > 5
    assert errors == [], f"{name} shows error output(s) in JupyterLab:\n" + "\n---\n".join(errors)
    seen = []
    if widget_outputs(page).count():
        drive_sliders(page, seen)
        drive_dropdowns(page, seen)
        drive_texts(page, name, seen)
        # the extremes again with the buttons: η = 100 (08) or 10 (10), at their maximum
        for slider in page.locator(".jp-OutputArea-output .widget-slider").filter(
                has=page.locator(".widget-label", has_text=re.compile("^η$"))).all():
            slider.locator(".noUi-handle").first.press("End")
            settle(page, seen, "η to its maximum")
        drive_buttons(page, seen)
        page.screenshot(path=str(shots / f"widgets_{Path(name).stem}.png"))
    settle(page, seen, "the last interaction")
    logged = log_console_entries(page)
    page.close()
    assert seen == [], f"{name}: a traceback or an explorer failure while driving its widgets:\n" + \
        "\n---\n".join(seen)
    assert logged == [], f"{name}: JupyterLab's log console is not empty:\n" + "\n---\n".join(logged)


def test_a_stored_notebook_shows_pictures_not_widget_reprs(browser, lab, shots, tmp_path):
    """00 stored by tools/execute_notebook.py, then opened from disk without running it."""
    sys.path.insert(0, str(NOTEBOOK_DIR.parent / "tools"))
    from execute_notebook import WIDGET_NOTE_TEXT, execute

    copy = tmp_path / "00_welcome.ipynb"
    shutil.copy(NOTEBOOK_DIR / "00_welcome.ipynb", copy)
    execute(copy)
    shutil.copy(copy, lab.workdir / "stored_00.ipynb")
    page = open_notebook(browser, lab, "stored_00.ipynb")
    cell = page.locator(".jp-Cell").filter(has_text="neuron_explorer(w=1.0, b=0.0)").last
    cell.scroll_into_view_if_needed()
    expect(cell.locator(".jp-OutputArea")).to_contain_text(WIDGET_NOTE_TEXT)
    image = cell.locator(".jp-OutputArea-output img").first
    expect(image).to_be_visible()
    width = image.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
    page.screenshot(path=str(shots / "stored_widget_cell.png"))
    text = page.locator(".jp-Notebook").inner_text()
    page.close()
    assert "VBox(" not in text and "HBox(" not in text and "model not found" not in text
    assert width[0] == pytest.approx(2 * width[1], abs=2)        # double density
