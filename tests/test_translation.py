"""The Chinese edition is in step with the English (tools/translate.py).

Every markdown cell of every English notebook has a translation whose English hash is
current, in the notebook's order, none left to do; a translated cell keeps the English
cell's formulas ($…$), inline code and link targets; and the stored Chinese notebook has the
English notebook's cells, its code identical but for the set-up call, and its markdown
exactly what the tool writes from the translation. Changing one English sentence without
updating its translation fails here.
"""

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_tool():
    spec = importlib.util.spec_from_file_location("translate", ROOT / "tools" / "translate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


translate = load_tool()
ENGLISH = translate.english_notebooks()
NAMES = [p.stem for p in ENGLISH]

MATH = re.compile(r"\$\$.+?\$\$|\$(?:[^$\n]|\n(?![ \t]*\n))+\$", re.S)   # inline math may wrap a line
CODE = re.compile(r"`[^`\n]+`")
TARGET = re.compile(r"\]\(([^)\s]+)\)")


def markdown_cells(path):
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]


def kept(text):
    """What a translation must keep of a cell: its formulas, inline code and link targets."""
    without_code = CODE.sub("", text)
    return {"formulas": Counter(m.strip() for m in MATH.findall(without_code)),
            "code": Counter(CODE.findall(MATH.sub("", text))),
            "links": Counter(TARGET.findall(CODE.sub("", text)))}


@pytest.mark.parametrize("path", ENGLISH, ids=NAMES)
def test_every_cell_is_translated_from_the_current_english(path):
    assert translate.problems(path) == []


@pytest.mark.parametrize("path", ENGLISH, ids=NAMES)
def test_a_translation_keeps_the_formulas_code_and_links(path):
    english = {c["id"]: translate.source(c) for c in markdown_cells(path)}
    for cell, _, _, chinese in translate.read_translation(translate.translation_path(path)):
        want, got = kept(english[cell]), kept(chinese)
        for what in want:
            assert got[what] == want[what], (f"cell {cell}: the {what} differ: only in the English "
                                             f"{want[what] - got[what]}, only in the Chinese {got[what] - want[what]}")


@pytest.mark.parametrize("path", ENGLISH, ids=NAMES)
def test_the_stored_chinese_notebook_is_what_the_tool_writes(path):
    chinese = translate.EDITION / path.name
    assert chinese.exists(), f"{chinese.relative_to(ROOT)} is missing: run make zh"
    stored = json.loads(chinese.read_text(encoding="utf-8"))
    english = json.loads(path.read_text(encoding="utf-8"))
    translations = {c: t for c, _, _, t in translate.read_translation(translate.translation_path(path))}
    assert [c["id"] for c in stored["cells"]] == [c["id"] for c in english["cells"]]
    for ours, theirs in zip(stored["cells"], english["cells"]):
        expected = translate.chinese_cell(theirs, translations)
        assert ours["cell_type"] == theirs["cell_type"] and ours["metadata"] == theirs["metadata"]
        assert translate.source(ours) == translate.source(expected), f"cell {ours['id']} differs"
    setups = [c for c in stored["cells"] if translate.LANGUAGE_CALL in translate.source(c)]
    assert len(setups) == 1, "the Chinese notebook's set-up cell sets the language once"


def test_a_changed_english_sentence_is_caught(tmp_path, monkeypatch):
    """The sync check on a small notebook: stubbed cells are still to do; translated, the
    check passes; one English sentence edited, it fails for that cell; the translation's
    hash updated (as a translator does after translating the change), it passes again."""
    monkeypatch.setattr(translate, "TRANSLATIONS", tmp_path / "translations")
    nb = {"cells": [{"cell_type": "markdown", "id": "a1", "metadata": {}, "source": ["# 1. Title"]},
                    {"cell_type": "code", "id": "c1", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": ["setup_notebook()"]},
                    {"cell_type": "markdown", "id": "b2", "metadata": {}, "source": ["The error $\\delta^l$."]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "01_title.ipynb"
    translate.save(nb, path)
    assert translate.stub(path) == 2 and len(translate.problems(path)) == 2          # both todo
    chinese = {"a1": "# 1. 标题", "b2": "误差 $\\delta^l$。"}
    entries = [(c, h, False, chinese[c]) for c, h, _, _ in translate.read_translation(translate.translation_path(path))]
    translate.write_translation(translate.translation_path(path), entries)
    assert translate.problems(path) == []
    nb["cells"][2]["source"] = ["The error  $\\delta^l$."]                          # one change
    translate.save(nb, path)
    found = translate.problems(path)
    assert len(found) == 1 and "the English changed" in found[0] and "b2" in found[0]
    entries = [(c, translate.english_hash(translate.source(nb["cells"][2])) if c == "b2" else h, todo, text)
               for c, h, todo, text in translate.read_translation(translate.translation_path(path))]
    translate.write_translation(translate.translation_path(path), entries)
    assert translate.problems(path) == []
    monkeypatch.setattr(translate, "EDITION", tmp_path / "zh")
    built = json.loads(translate.build(path).read_text(encoding="utf-8"))
    assert [translate.source(c) for c in built["cells"]] == ["# 1. 标题", translate.LANGUAGE_CALL, "误差 $\\delta^l$。"]


def test_kept_sees_a_changed_formula():
    assert kept("the error $\\delta^l$ and `net.W[l]`") != kept("the error $\\delta^L$ and `net.W[l]`")
    assert kept("误差 $\\delta^l$ 与 `net.W[l]`") == kept("the error $\\delta^l$ and `net.W[l]`")
