"""Every notebook carries its slide metadata (tools/slides.py writes it), so that it presents
as a deck in JupyterLab: the title and every `## ` section start a slide, the set-up cell
and the hidden solutions are skipped and nothing else is, every slide type is one that
jupyterlab-slideshow shows, the steps of the derivations in 04 and 05 are fragments, and the
stored metadata is exactly what the script writes (a forgotten run fails here)."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Shown by jupyterlab-slideshow 0.3.4. Not "-": it shows a cell whose slide type is the
# string "-" nowhere (no type at all continues the slide); not "notes": it has no notes view.
SHOWN_TYPES = {None, "slide", "subslide", "fragment"}


def load_script():
    spec = importlib.util.spec_from_file_location("slides", ROOT / "tools" / "slides.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


slides = load_script()


def cells_of(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def slide_type(cell):
    return cell["metadata"].get("slideshow", {}).get("slide_type")


def text(cell):
    return "".join(cell["source"])


def has_line(cell, prefix):
    return cell["cell_type"] == "markdown" and any(line.startswith(prefix) for line in text(cell).splitlines())


def is_solution(cell):
    return "solution" in cell["metadata"].get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_title_and_every_section_start_a_slide(path):
    cells = cells_of(path)
    assert text(cells[0]).startswith("# ") and slide_type(cells[0]) == "slide"
    sections = [i for i, cell in enumerate(cells) if has_line(cell, "## ")]
    assert sections, "a notebook without sections"
    wrong = {i: slide_type(cells[i]) for i in sections if slide_type(cells[i]) != "slide"}
    assert not wrong, f"section headings that do not start a slide (cell: type): {wrong}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_heading_opens_its_cell(path):
    """A heading below a cell's first line would put the end of the previous section on
    the heading's slide: the cell is split at the heading instead."""
    late = [i for i, cell in enumerate(cells_of(path)) if cell["cell_type"] == "markdown"
            and slides.heading_levels("\n".join(text(cell).split("\n")[1:]))]
    assert not late, f"cells with a heading below their first line: {late}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_subsections_are_subslides(path):
    cells = cells_of(path)
    subsections = [i for i, cell in enumerate(cells) if has_line(cell, "### ") and not has_line(cell, "## ")]
    wrong = {i: slide_type(cells[i]) for i in subsections if slide_type(cells[i]) != "subslide"}
    assert not wrong, f"`### ` headings that are not subslides (cell: type): {wrong}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_only_the_setup_cell_and_the_solutions_are_skipped(path):
    cells = cells_of(path)
    assert "setup_notebook()" in text(cells[1]) and slide_type(cells[1]) == "skip"
    solutions = [i for i, cell in enumerate(cells) if is_solution(cell)]
    assert solutions and all(slide_type(cells[i]) == "skip" for i in solutions)
    skipped = {i for i, cell in enumerate(cells) if slide_type(cell) == "skip"}
    assert skipped == {1, *solutions}, "the deck must show the whole course: only set-up and solutions are skipped"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slide_type_is_one_the_deck_shows(path):
    cells = cells_of(path)
    wrong = {i: slide_type(cell) for i, cell in enumerate(cells) if slide_type(cell) not in SHOWN_TYPES | {"skip"}}
    assert not wrong, f"slide types that jupyterlab-slideshow does not show (cell: type): {wrong}"


@pytest.mark.parametrize("name, heading", [("04_loss_and_delta", "## 3. The demon"),
                                           ("05_backprop_equations", "## BP4:"),
                                           ("04_loss_and_delta", "## 4. The Hadamard product")])
def test_derivation_steps_are_fragments(name, heading):
    cells = cells_of(ROOT / "notebooks" / f"{name}.ipynb")
    start = next(i for i, cell in enumerate(cells) if has_line(cell, heading))
    end = next(i for i in range(start + 1, len(cells)) if slide_type(cells[i]) in ("slide", "subslide"))
    steps = [i for i in range(start + 1, end) if cells[i]["cell_type"] == "markdown"
             and not text(cells[i]).startswith("**Figure:**")]
    assert len(steps) >= 2
    assert all(slide_type(cells[i]) == "fragment" for i in steps)
    assert not any(slide_type(cells[i]) == "fragment" for i in range(start + 1, end) if i not in steps)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_metadata_is_what_the_script_writes(path):
    stored = path.read_text(encoding="utf-8")
    assert slides.with_slides(stored) == stored, f"run: python tools/slides.py {path.relative_to(ROOT)}"


def without_slides(stored):
    nb = json.loads(stored)
    for cell in nb["cells"]:
        cell["metadata"].pop("slideshow", None)
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("path", NOTEBOOKS[:1] + NOTEBOOKS[4:6], ids=lambda p: p.stem)
def test_the_script_changes_slide_metadata_only(path):
    stored = path.read_text(encoding="utf-8")
    bare = without_slides(stored)
    assert bare != stored
    written = slides.with_slides(bare)
    assert written == stored, "from a notebook without slide metadata the script writes the stored bytes"
    assert without_slides(written) == bare, "sources, outputs, order and other metadata unchanged"


def test_check_reports_and_a_run_mends_a_stale_notebook(tmp_path):
    path = tmp_path / NOTEBOOKS[0].name
    stale = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    for cell in stale["cells"]:
        cell["metadata"]["slideshow"] = {"slide_type": "-"}
    path.write_text(json.dumps(stale, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert slides.main(["--check", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == before, "--check writes nothing"
    assert slides.main([str(path)]) == 0
    assert path.read_text(encoding="utf-8") == NOTEBOOKS[0].read_text(encoding="utf-8")
    assert slides.main(["--check", str(path)]) == 0


def md(source, **metadata):
    return {"cell_type": "markdown", "metadata": metadata, "source": source}


def code(source, **metadata):
    return {"cell_type": "code", "metadata": metadata, "source": source, "outputs": [], "execution_count": None}


def test_the_rules_on_a_small_notebook():
    cells = [md("# 1. Title\n\nWhat you will learn"), code("setup_notebook()"),
             md("## A section\n\ntext"), code("x = 1"), md("a step"), code("plot()"),
             md("**Figure:** the plot"), md("### A subsection"), md("```\n## not a heading\n```\nstep"),
             md("end of a step\n\n## A heading further down"), code("def f(): ...", tags=["solution"]),
             md("#### a small heading is a step")]
    expected = ["slide", "skip", "slide", None, "fragment", None, None, "subslide", "fragment", "slide", "skip",
                "fragment"]
    assert slides.slide_types(cells) == expected


def test_a_continuing_cell_loses_a_stale_slide_type_but_keeps_other_slideshow_keys():
    cell = code("x = 1", slideshow={"slide_type": "-", "other": 1})
    slides.set_slide_type(cell, None)
    assert cell["metadata"] == {"slideshow": {"other": 1}}
    slides.set_slide_type(cell, "fragment")
    assert cell["metadata"] == {"slideshow": {"other": 1, "slide_type": "fragment"}}
    bare = code("x = 1", slideshow={"slide_type": "-"})
    slides.set_slide_type(bare, None)
    assert bare["metadata"] == {}


def test_heading_lines_are_found_outside_code_blocks_only():
    assert slides.heading_levels("## a\ntext\n### b\n```\n## c\n```\n#not a heading") == [2, 3]
