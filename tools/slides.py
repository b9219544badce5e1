"""Write the slide metadata of the course's notebooks, so that each one presents as a deck
inside JupyterLab (jupyterlab-slideshow; docs/teaching.md says how to present).

    python tools/slides.py                       # every notebooks/*.ipynb, in place
    python tools/slides.py notebooks/04_loss_and_delta.ipynb [...]
    python tools/slides.py --check               # exit 1 if a notebook is not up to date

Only `cell.metadata.slideshow.slide_type` is written: no source, output, order or other
metadata changes, and a notebook is stored in the same byte format as nbformat writes it
(sorted keys, one-space indent, UTF-8, a final newline). Running it twice changes nothing.

The rules, cell by cell:

- the title cell (the first markdown cell, `# N. Title`) is a `slide`: the title slide;
- a markdown cell with a `## ` heading line is a `slide` (also when the heading is not its
  first line: the cell cannot be split without changing its source); otherwise a markdown
  cell with a `### ` heading line is a `subslide` (reached with ↓ or Space);
- the set-up code cells (every code cell between the title and the first heading: the
  imports and `setup_notebook()`) and the hidden solutions (tag `solution`) are `skip`:
  the notebook runs them, the projector does not show them;
- the steps of a section are `fragment`s: inside a section, every markdown cell after the
  heading cell that is not a figure caption (`**Figure:**`) is one step of the argument or
  derivation, revealed on the next key press;
- every other cell (code, captions) has no slide type: it belongs to the step before it.
  It is never given `-`: jupyterlab-slideshow 0.3.4 shows a cell without a slide type
  with the cell before it, but a cell whose slide type is the string `-` not at all.

Nothing is marked `notes`: jupyterlab-slideshow 0.3.4 does not show notes (its README:
"TBD"); the teacher's notes live in docs/teaching.md.
"""

import json
import re
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
SLIDE, SUBSLIDE, FRAGMENT, SKIP = "slide", "subslide", "fragment", "skip"
SLIDE_TYPES = (SLIDE, SUBSLIDE, FRAGMENT, SKIP, "notes")
HEADING_TYPES = {2: SLIDE, 3: SUBSLIDE}
HEADING = re.compile(r"^(#{1,6}) \S")
FENCE = re.compile(r"^\s*(```|~~~)")
CAPTION = "**Figure:**"


def source_of(cell):
    """A cell's source as one string (stored as a list of lines or as a string)."""
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def heading_levels(markdown):
    """The levels of the heading lines of a markdown text (fenced code blocks excluded)."""
    levels, fenced = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            levels.append(len(match.group(1)))
    return levels


def heading_type(cell):
    """`slide` for a markdown cell with a `## ` heading, `subslide` for one with only `### `
    headings, else None."""
    if cell["cell_type"] != "markdown":
        return None
    levels = [level for level in heading_levels(source_of(cell)) if level in HEADING_TYPES]
    return HEADING_TYPES[min(levels)] if levels else None


def is_solution(cell):
    return cell["cell_type"] == "code" and "solution" in cell.get("metadata", {}).get("tags", [])


def is_caption(cell):
    return source_of(cell).lstrip().startswith(CAPTION)


def slide_types(cells):
    """The slide type of every cell (None: no slide type, shown with the cell before it)."""
    title = next((i for i, cell in enumerate(cells) if cell["cell_type"] == "markdown"), None)
    types, in_section = [], False
    for i, cell in enumerate(cells):
        heading = heading_type(cell)
        if i == title:
            kind = SLIDE
        elif heading:
            kind, in_section = heading, True
        elif is_solution(cell) or (cell["cell_type"] == "code" and not in_section):
            kind = SKIP
        elif cell["cell_type"] == "markdown" and in_section and not is_caption(cell):
            kind = FRAGMENT
        else:
            kind = None
        types.append(kind)
    return types


def set_slide_type(cell, kind):
    """Write `kind` into the cell's metadata (or remove the slide type for None); keeps any
    other slideshow key."""
    metadata = cell.setdefault("metadata", {})
    slideshow = dict(metadata.get("slideshow", {}))
    if kind is None:
        slideshow.pop("slide_type", None)
    else:
        slideshow["slide_type"] = kind
    if slideshow:
        metadata["slideshow"] = slideshow
    else:
        metadata.pop("slideshow", None)


def with_slides(text):
    """The stored text of a notebook with its slide metadata written."""
    nb = json.loads(text)
    for cell, kind in zip(nb["cells"], slide_types(nb["cells"])):
        set_slide_type(cell, kind)
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def update(path, check_only=False):
    """Write the slide metadata into the notebook at path; True if it was (or, with
    check_only, would be) changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    new_text = with_slides(text)
    if new_text != text and not check_only:
        path.write_text(new_text, encoding="utf-8")
    return new_text != text


def main(args):
    check_only = "--check" in args
    paths = [a for a in args if a != "--check"] or sorted(NOTEBOOKS.glob("*.ipynb"))
    changed = [str(path) for path in paths if update(path, check_only)]
    for name in changed:
        print(f"{name}: {'slide metadata not up to date' if check_only else 'slide metadata written'}")
    return 1 if check_only and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
