"""Every stored notebook is clean: a title and goals first, a summary last, executed in
order from a fresh kernel, no error and no widget state stored, no machine paths in the
outputs, a caption for every figure, hidden solutions, small files."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
MAX_BYTES = 1_500_000
MACHINE_PATH = re.compile(r"(/home/|/root/|/tmp/|/work/|/Users/|[A-Z]:\\\\Users|site-packages)")


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def text(cell):
    return "".join(cell["source"])


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and text(c).strip()]


def output_texts(cell):
    for out in cell.get("outputs", []):
        if "text" in out:
            yield "".join(out["text"])
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                yield "".join(value)


def has_image(cell):
    return any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def test_there_are_notebooks_in_course_order():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 1
    assert all(re.match(r"\d\d_[a-z0-9_]+\.ipynb$", n) for n in names), names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_title_goals_and_summary(path):
    cells = load(path)["cells"]
    first, last = cells[0], cells[-1]
    assert first["cell_type"] == "markdown" and text(first).startswith("# ")
    assert "learn" in text(first).lower(), "the first cell should say what you will learn"
    assert last["cell_type"] == "markdown" and "summary" in text(last).lower()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executed_in_order_without_errors_or_widget_state(path):
    nb = load(path)
    counts = [c["execution_count"] for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "re-run the notebook from a fresh kernel"
    errors = [o for c in code_cells(nb) for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    assert "widgets" not in nb["metadata"], "stored widget state (tools/execute_notebook.py drops it)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_machine_paths_or_user_names_in_outputs(path):
    for cell in code_cells(load(path)):
        for t in output_texts(cell):
            assert not MACHINE_PATH.search(t), f"machine-specific path in an output: {t[:200]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_has_a_caption(path):
    cells = load(path)["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code" and has_image(cell):
            around = [cells[j] for j in (i - 1, i + 1) if 0 <= j < len(cells)]
            captions = [text(c) for c in around if c["cell_type"] == "markdown"]
            assert any("figure" in c.lower() for c in captions), \
                f"cell {i} draws a figure without a caption next to it:\n{text(cell)[:300]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_solutions_hidden_and_widget_cells_not_compared(path):
    for cell in code_cells(load(path)):
        tags = cell["metadata"].get("tags", [])
        if "solution" in tags:
            assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True
            assert "check(" in text(cell) and ".passed" in text(cell)
        shows_widget = any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                           for o in cell.get("outputs", []))
        if shows_widget:
            assert "nbval-ignore-output" in tags, f"widget cell compared by nbval:\n{text(cell)[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_at_least_two_exercises_with_solutions(path):
    cells = code_cells(load(path))
    solutions = [c for c in cells if "solution" in c["metadata"].get("tags", [])]
    assert len(solutions) >= (1 if path.name.startswith("00_") else 2)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_notebook_is_small(path):
    assert path.stat().st_size < MAX_BYTES
