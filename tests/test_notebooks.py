"""Every stored notebook in notebooks/ and in its Chinese edition notebooks/zh/ follows the
course's conventions, each rule in its strictest form (the Chinese edition in its own words:
本节内容, 小结, **图：**, and `setup_notebook(language="zh")`). The notebooks are globbed, so
a notebook added later is covered without editing this file; every test is parametrized by
notebook, so a failure names the rule and the notebook.

The rules:
 1. file names `NN_topic.ipynb`, numbered 00, 01, … in course order without gaps;
 2. a Python 3 kernel;
 3. the first cell is markdown: the title `# N. …` with the file's number, then
    "What you will learn";
 4. the second cell is the setup cell: `%matplotlib inline` and `setup_notebook()`;
 5. the last cell is markdown and starts with `## Summary`;
 6. executed in order from a fresh kernel: the code cells' execution counts are exactly
    1, 2, …, n (an empty or unexecuted code cell breaks the sequence);
 7. no error outputs;
 8. no stored widget state in the notebook's metadata;
 9. no machine-specific text in the outputs: home, temp or work paths, site-packages,
    memory addresses;
10. every figure (PNG or SVG output) has a markdown caption with `**Figure:**` in the cell
    just before or just after it;
11. at least two exercises; each hidden solution is a code cell tagged `solution`, its source
    hidden, starting with `# Solution`, defining the answer as reference_<name> (never the
    learner's own function name) and ending with
    `assert check("<name>", reference_<name>, reference=True).passed`, and the
    exercise it checks has a stub (raising NotImplementedError) earlier in the notebook;
12. cells whose output nbval cannot compare are tagged `nbval-ignore-output`: every cell that
    shows a widget or calls an explorer / widget builder, and every cell that measures time;
13. a stored notebook is smaller than 1.5 MB.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
EDITIONS = {NOTEBOOK_DIR: "en", NOTEBOOK_DIR / "zh": "zh"}
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb")) + sorted((NOTEBOOK_DIR / "zh").glob("*.ipynb"))
WORDS = {   # what each rule looks for, in each edition's words
    "en": {"goals": "What you will learn", "summary": "## Summary", "figure": "**Figure:**",
           "setup": "setup_notebook()"},
    "zh": {"goals": "本节内容", "summary": "## 小结", "figure": "**图：**",
           "setup": 'setup_notebook(language="zh")'},
}


def words(path):
    return WORDS[EDITIONS[path.parent]]
MAX_BYTES = 1_500_000
MACHINE_SPECIFIC = re.compile(
    r"/home/|/root/|/tmp/|/work/|/Users/|[A-Z]:\\\\?Users|site-packages"
    r"|\b0x[0-9a-fA-F]{6,}")                                       # a memory address
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
BUILDS_A_WIDGET = re.compile(r"\w+_(explorer|widget)\(")
MEASURES_TIME = re.compile(r"perf_counter|process_time|time\.time\(|timeit|%%?time\b")
IMAGES = ("image/png", "image/svg+xml")

# A rule that a stored notebook breaks today is listed here and not weakened: the test is an
# expected failure (strict, so fixing the notebook turns it into an error until the entry is
# removed). Keys: (test name, notebook stem).
KNOWN_VIOLATIONS = {}


def per_notebook(test):
    """Run `test(path)` once for every notebook, marking the known violations of this rule."""
    params = []
    for path in NOTEBOOKS:
        reason = KNOWN_VIOLATIONS.get((test.__name__, path.stem))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        name = path.stem if path.parent == NOTEBOOK_DIR else f"{path.parent.name}/{path.stem}"
        params.append(pytest.param(path, marks=marks, id=name))
    return pytest.mark.parametrize("path", params)(test)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def text(cell):
    return "".join(cell["source"])


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def tags(cell):
    return cell["metadata"].get("tags", [])


def output_texts(cell):
    for out in cell.get("outputs", []):
        if "text" in out:
            yield "".join(out["text"])
        if "traceback" in out:
            yield "\n".join(out["traceback"])
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/") or mime == "image/svg+xml":
                yield "".join(value) if isinstance(value, list) else value


def shows(cell, mimes):
    return any(m in o.get("data", {}) for o in cell.get("outputs", []) for m in mimes)


def test_known_violations_name_a_rule_and_a_notebook():
    for rule, stem in KNOWN_VIOLATIONS:
        assert rule in globals() and (NOTEBOOK_DIR / f"{stem}.ipynb").exists(), (rule, stem)


@pytest.mark.parametrize("folder", EDITIONS, ids=EDITIONS.values())
def test_notebooks_are_numbered_in_course_order(folder):
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    assert names, f"no notebooks in {folder}"
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", n) for n in names), names
    assert [int(n[:2]) for n in names] == list(range(len(names))), "numbers 00, 01, … without gaps"


def test_both_editions_have_the_same_notebooks():
    assert [p.name for p in (NOTEBOOK_DIR / "zh").glob("*.ipynb")] != []
    assert sorted(p.name for p in (NOTEBOOK_DIR / "zh").glob("*.ipynb")) == \
        sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb"))


@per_notebook
def test_python3_kernel(path):
    assert load(path)["metadata"]["kernelspec"]["name"] == "python3"


@per_notebook
def test_title_and_goals_first(path):
    first = load(path)["cells"][0]
    assert first["cell_type"] == "markdown"
    assert text(first).startswith(f"# {int(path.name[:2])}. "), text(first)[:80]
    assert words(path)["goals"] in text(first)


@per_notebook
def test_setup_cell_second(path):
    setup = load(path)["cells"][1]
    assert setup["cell_type"] == "code"
    assert "%matplotlib inline" in text(setup) and words(path)["setup"] in text(setup)


@per_notebook
def test_summary_last(path):
    last = load(path)["cells"][-1]
    assert last["cell_type"] == "markdown"
    assert text(last).startswith(words(path)["summary"]), f"the last cell starts: {text(last)[:80]!r}"


@per_notebook
def test_executed_in_order_from_a_fresh_kernel(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), "re-run the notebook from a fresh kernel"


@per_notebook
def test_no_error_outputs(path):
    errors = [text(c)[:80] for c in code_cells(load(path))
              for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []


@per_notebook
def test_no_widget_state(path):
    assert "widgets" not in load(path)["metadata"], "stored widget state (tools/execute_notebook.py drops it)"


@per_notebook
def test_no_machine_specific_text_in_outputs(path):
    for cell in code_cells(load(path)):
        for t in output_texts(cell):
            found = MACHINE_SPECIFIC.search(t)
            assert not found, f"machine-specific {found.group()!r} in an output: {t[:200]!r}"


@per_notebook
def test_every_figure_has_a_caption(path):
    cells = load(path)["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code" and shows(cell, IMAGES):
            around = [cells[j] for j in (i - 1, i + 1) if 0 <= j < len(cells)]
            caption = words(path)["figure"]
            assert any(c["cell_type"] == "markdown" and caption in text(c) for c in around), \
                f"cell {i} draws a figure without a {caption} caption next to it:\n{text(cell)[:300]}"


@per_notebook
def test_exercises_with_hidden_solutions(path):
    cells = code_cells(load(path))
    solutions = [c for c in cells if "solution" in tags(c)]
    assert len(solutions) >= 2, "at least two exercises with a hidden solution"
    for cell in solutions:
        source = text(cell)
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, source[:80]
        assert source.startswith("# Solution"), source[:80]
        last = source.rstrip().splitlines()[-1]
        match = re.fullmatch(r'assert check\("(\w+)", reference_\1, reference=True\)\.passed', last)
        assert match, f"a solution ends in assert check(name, reference_<name>, reference=True).passed: {last}"
        name = match.group(1)
        stubs = [c for c in cells[:cells.index(cell)] if "solution" not in tags(c)
                 and f'check("{name}"' in text(c) and "NotImplementedError" in text(c)]
        assert stubs, f"the solution of {name!r} has no stub before it"
        learner_names = set(re.findall(r"^def (\w+)\(", text(stubs[-1]), re.M))
        assert not learner_names & set(re.findall(r"^def (\w+)\(", source, re.M)), \
            f"the solution of {name!r} redefines the learner's function {learner_names}"
        assert "reference=True" not in "".join(text(c) for c in stubs)


@per_notebook
def test_uncomparable_outputs_are_not_compared(path):
    for cell in code_cells(load(path)):
        source = text(cell)
        if shows(cell, [WIDGET_VIEW]) or BUILDS_A_WIDGET.search(source) or MEASURES_TIME.search(source):
            assert "nbval-ignore-output" in tags(cell), f"compared by nbval:\n{source[:200]}"


@per_notebook
def test_stored_notebook_is_small(path):
    assert path.stat().st_size < MAX_BYTES
