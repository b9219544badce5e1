"""Every notebook opens in JupyterLab and runs all its cells, through the menu, without an
error output."""

from pathlib import Path

import pytest

from .lab import error_outputs, open_notebook, run_all

NOTEBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(browser, lab, shots, name):
    page = open_notebook(browser, lab, name)
    run_all(page)
    errors = error_outputs(page)
    cells = page.locator(".jp-Notebook .jp-Cell").count()
    page.screenshot(path=str(shots / f"run_all_{Path(name).stem}.png"))
    page.close()
    assert cells > 5
    assert errors == [], f"{name} shows error output(s) in JupyterLab:\n" + "\n---\n".join(errors)
