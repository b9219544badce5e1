"""The Chinese edition: notebooks/zh/ generated from the English notebooks and translations/zh/.

    python tools/translate.py stub [NN ...]    # add to translations/zh/ the cells it lacks
    python tools/translate.py build [NN ...]   # write notebooks/zh/NN_*.ipynb (not executed)
    python tools/translate.py check            # exit 1 and say why when a translation lags
    make zh                                    # build, then execute every Chinese notebook

The English notebooks are the source. translations/zh/NN_name.md holds the Chinese of every
markdown cell of notebooks/NN_name.ipynb, in order, each under a header line

    <!-- cell 9ca1314f en 3f2a9c1b7d0e -->

that names the cell's id and the first 12 hex digits of the SHA-256 of its English text. A
cell whose English changed after its translation was written has a stale hash: `check` and
`build` refuse it until the translation is updated and the hash set to the new one (`stub`
prints it). `stub` adds the missing cells with their English text under a header ending in
`todo`, to be translated.

A Chinese notebook has the English notebook's cells in the same order with the same ids and
metadata: the markdown translated, the code identical except the set-up call
`setup_notebook()`, which becomes `setup_notebook(language="zh")` (widget labels and the
exercise checker's messages in Chinese). Links to other notebooks stay as they are (the
Chinese notebooks lie side by side); other relative links get one more `../`.
"""

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LANGUAGE = "zh"
TRANSLATIONS = ROOT / "translations" / LANGUAGE
EDITION = NOTEBOOKS / LANGUAGE
HEADER = re.compile(r"^<!-- cell (\S+) en ([0-9a-f]{12})( todo)? -->$")
SETUP_CALL = "setup_notebook()"
LANGUAGE_CALL = f'setup_notebook(language="{LANGUAGE}")'
# a relative link to a file in markdown: ](path/name.ext) or ](name.ext#anchor)
LINK = re.compile(r"\]\(((?:[\w.-]+/)*[\w.-]+\.(?:md|ipynb|png|svg|html|py|txt)(?:#[\w.-]*)?)\)")


class TranslationError(ValueError):
    """A translation file that does not match its English notebook."""


def english_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def source(cell):
    return "".join(cell["source"])


def as_lines(text):
    """nbformat's list-of-lines form of a cell's source."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def english_notebooks(numbers=()):
    """The English notebooks, all or those whose names start with one of numbers ('04')."""
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    return [p for p in paths if not numbers or p.name[:2] in numbers]


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def save(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def translation_path(notebook):
    return TRANSLATIONS / (notebook.stem + ".md")


def read_translation(path):
    """[(cell id, English hash, todo, Chinese text)] in file order; [] for a missing file."""
    if not path.exists():
        return []
    entries, body = [], None
    for line in path.read_text(encoding="utf-8").split("\n"):
        match = HEADER.match(line)
        if match:
            body = []
            entries.append([match[1], match[2], bool(match[3]), body])
        elif body is not None:
            body.append(line)
        elif line.strip():
            raise TranslationError(f"{path.name}: text before the first cell header: {line!r}")
    return [(cell, digest, todo, "\n".join(lines).strip("\n")) for cell, digest, todo, lines in entries]


def write_translation(path, entries):
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = [f"<!-- cell {cell} en {digest}{' todo' if todo else ''} -->\n{text}\n"
             for cell, digest, todo, text in entries]
    path.write_text("\n".join(parts), encoding="utf-8")


def problems(notebook):
    """What keeps notebook's translation from being used: a list of sentences (empty: none)."""
    markdown = [c for c in load(notebook)["cells"] if c["cell_type"] == "markdown"]
    entries = read_translation(translation_path(notebook))
    found = []
    if [e[0] for e in entries] != [c["id"] for c in markdown]:
        found.append(f"the cells are not the notebook's markdown cells in order: "
                     f"translated {[e[0] for e in entries]}, notebook {[c['id'] for c in markdown]}")
    by_id = {e[0]: e for e in entries}
    for cell in markdown:
        entry = by_id.get(cell["id"])
        if entry is None:
            found.append(f"cell {cell['id']} has no translation")
        elif entry[1] != english_hash(source(cell)):
            found.append(f"cell {cell['id']}: the English changed since it was translated "
                         f"(hash {entry[1]}, now {english_hash(source(cell))})")
        elif entry[2]:
            found.append(f"cell {cell['id']} is still to be translated (todo)")
    return [f"translations/{LANGUAGE}/{translation_path(notebook).name}: {p}" for p in found]


def stub(notebook):
    """Add the notebook's untranslated markdown cells (English text, marked todo); keep the
    others, in the notebook's order. Returns the number of cells added."""
    path = translation_path(notebook)
    old = {e[0]: e for e in read_translation(path)}
    entries, added = [], 0
    for cell in load(notebook)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        if cell["id"] in old:
            entries.append(old[cell["id"]])
        else:
            entries.append((cell["id"], english_hash(source(cell)), True, source(cell)))
            added += 1
    write_translation(path, entries)
    return added


def localised_link(match):
    target = match[1]
    if re.fullmatch(r"\d\d_[\w-]+\.ipynb(#\S*)?", target):
        return match[0]
    return f"]({'../' + target})"


def chinese_cell(cell, translations):
    """The Chinese edition of one cell (a new dict; outputs cleared)."""
    new = json.loads(json.dumps(cell))
    if cell["cell_type"] == "markdown":
        new["source"] = as_lines(LINK.sub(localised_link, translations[cell["id"]]))
    elif cell["cell_type"] == "code":
        new["source"] = as_lines(source(cell).replace(SETUP_CALL, LANGUAGE_CALL))
        new["outputs"], new["execution_count"] = [], None
    return new


def build(notebook):
    """Write notebooks/zh/<name>.ipynb from the English notebook and its translation."""
    found = problems(notebook)
    if found:
        raise TranslationError("\n".join(found))
    nb = load(notebook)
    translations = {cell: text for cell, _, _, text in read_translation(translation_path(notebook))}
    nb["cells"] = [chinese_cell(cell, translations) for cell in nb["cells"]]
    nb["metadata"]["language"] = LANGUAGE
    save(nb, EDITION / notebook.name)
    return EDITION / notebook.name


def main(args):
    command, numbers = (args[0] if args else "check"), tuple(args[1:])
    notebooks = english_notebooks(numbers)
    if command == "stub":
        for notebook in notebooks:
            print(f"{translation_path(notebook).relative_to(ROOT)}: {stub(notebook)} cell(s) added")
        return 0
    if command == "check":
        found = [p for notebook in notebooks for p in problems(notebook)]
        print("\n".join(found) if found else f"{len(notebooks)} translations up to date")
        return 1 if found else 0
    if command == "build":
        for notebook in notebooks:
            print(f"{build(notebook).relative_to(ROOT)} written")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
