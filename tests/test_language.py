"""The language switch and the string table (`dnn_core.language`): English and Chinese.

The table is complete (every entry in both languages, the same placeholders, nothing empty);
`set_language` and `setup_notebook(language=...)` switch; in Chinese the checker's verdicts,
the exercises' hints, the widgets' labels and status lines, the messages drawn into their
pictures and `History.describe()` are Chinese, and no English sentence of the table is left
in any of them. That English is unchanged is what every other test of the package checks.
Every test here leaves the language English (the autouse fixture `english_afterwards`).
"""

import importlib.util
import logging
import re
import string
import sys
import time
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from dnn_core import History, Network, TrainingDivergedError, plots
from dnn_core import language as language_module
from dnn_core.exercises import EXERCISES, Exercise, check, exercise, plain_values
from dnn_core.experiments import train_toy_network
from dnn_core.language import (
    LANGUAGES,
    STRINGS,
    checked_texts,
    current_language,
    placeholders,
    say,
    say_in,
    set_language,
    translated,
)
from dnn_core.playground import Playground
from dnn_core.playground_figure import PlaygroundFigure
from dnn_core.plots import CJK_FONT, setup_notebook
from dnn_core.training_widgets import TrainingProgress, loss_curve_explorer, playground_widget, summary
from dnn_core.views import diverged_panel_text, loss_curve_view
from dnn_core.widgets import slowdown_explorer, structure_explorer

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")      # ideographs, CJK punctuation
WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(autouse=True)
def english_afterwards():
    """Whatever a test switches (language, matplotlib's settings, NumPy's printing) is put
    back: the other tests run in English with the default settings."""
    printing = np.get_printoptions()
    with plt.rc_context():
        yield
    np.set_printoptions(**printing)
    set_language("en")


@pytest.fixture
def chinese():
    """A notebook set up in Chinese (Chinese text in figures drawn with the CJK font)."""
    setup_notebook(language="zh")


def has_chinese(text):
    return bool(CJK.search(text))


def english_fragments():
    """The parts of the English entries between their placeholders that hold two words or
    more: none of them may appear in anything the package says in Chinese."""
    fragments = set()
    for entry in STRINGS.values():
        for literal, *_ in string.Formatter().parse(entry["en"]):
            literal = literal.strip(" \n:;,.()[]—…✓")
            if len(WORD.findall(literal)) >= 2:
                fragments.add(literal)
    return fragments


ENGLISH = english_fragments()


def english_left(text):
    return sorted(fragment for fragment in ENGLISH if fragment in text)


def assert_chinese(text):
    assert has_chinese(text) and not english_left(text), (text, english_left(text))


# ----- the table ---------------------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_entry_has_both_languages_with_the_same_placeholders(key):
    entry = STRINGS[key]
    assert set(entry) == set(LANGUAGES)
    assert all(isinstance(text, str) and text.strip() for text in entry.values())
    assert placeholders(entry["zh"]) == placeholders(entry["en"])
    english_words = WORD.findall(re.sub(r"\{[^}]*\}", "", entry["en"]))
    assert not english_words or has_chinese(entry["zh"]), entry["zh"]


def test_the_table_cannot_be_changed_by_accident():
    with pytest.raises(TypeError):
        STRINGS["check.correct"]["en"] = "correct"
    with pytest.raises(TypeError):
        STRINGS["new"] = {"en": "a", "zh": "一"}


def test_an_unknown_language_or_string_is_a_clear_error():
    with pytest.raises(ValueError, match=r"language must be one of 'en', 'zh'; got 'fr'"):
        set_language("fr")
    with pytest.raises(ValueError, match="got None"):
        set_language(None)
    assert current_language() == "en"
    with pytest.raises(KeyError, match="no string 'check.nothing'"):
        say("check.nothing")


def test_say_formats_the_entry_of_the_current_language():
    assert say("check.correct", name="f") == "f: correct ✓ (all hidden cases pass)"
    set_language("zh")
    assert say("check.correct", name="f") == "f：正确 ✓（全部隐藏用例通过）"
    assert say_in("en", "compare.in_key", key=2, problem="p") == "[2] of the result: p"
    assert set_language("en") == "en" and current_language() == "en"


def test_setup_notebook_switches_the_language_and_back():
    assert setup_notebook(language="zh") is None
    assert current_language() == "zh"
    assert setup_notebook() is None
    assert current_language() == "en" and CJK_FONT not in plt.rcParams["font.family"]
    with pytest.raises(ValueError, match="got 'de'"):
        setup_notebook(language="de")


def test_chinese_figures_use_the_cjk_font_when_it_is_installed(caplog):
    """With the font: Chinese text draws without a missing-glyph warning. Either way no
    family that is not installed is named (matplotlib would log at every text)."""
    installed = plots.cjk_font_installed()
    setup_notebook(language="zh")
    assert (CJK_FONT in plt.rcParams["font.family"]) == installed
    assert plt.rcParams["font.family"][0] == "sans-serif"
    fig, ax = plt.subplots()
    ax.set_title("训练 Train")
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert "not found" not in caplog.text
    if installed:
        assert [str(w.message) for w in caught if "Glyph" in str(w.message)] == []


def test_a_missing_cjk_font_is_not_added(monkeypatch, caplog):
    monkeypatch.setattr(plots, "cjk_font_installed", lambda: False)
    setup_notebook(language="zh")
    assert CJK_FONT not in plt.rcParams["font.family"] and current_language() == "zh"
    fig, ax = plt.subplots()
    ax.set_title("abc")
    with caplog.at_level(logging.WARNING):
        fig.canvas.draw()
    assert "not found" not in caplog.text


# ----- the exercises and the checker ---------------------------------------------------------

def test_every_exercise_has_a_hint_in_both_languages():
    for name, ex in EXERCISES.items():
        assert set(ex.hints) == set(LANGUAGES), name
        assert has_chinese(ex.hints["zh"]) and not has_chinese(ex.hints["en"]), name
        assert ex.hint == ex.hints["en"]
    set_language("zh")
    assert all(ex.hint == ex.hints["zh"] for ex in EXERCISES.values())


def test_a_hint_without_chinese_is_refused():
    with pytest.raises(ValueError, match="the hint of exercise '_x' must be"):
        exercise("_x", hint={"en": "only English"})
    with pytest.raises(ValueError):
        checked_texts("a hint", {"en": "a", "zh": " "})
    with pytest.raises(TypeError):
        checked_texts("a hint", {"en": "a", "zh": "一"})["zh"] = "二"


def stub(*args):
    raise NotImplementedError


def zero(*args):
    return 0


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_in_chinese_every_exercise_says_not_attempted_and_wrong_in_chinese(name, chinese):
    ex = EXERCISES[name]
    untouched = check(name, stub, quiet=True)
    assert untouched.status == "not attempted" and "尚未作答" in untouched.message
    assert_chinese(untouched.message)
    verdict = check(name, zero, quiet=True)
    description = next(iter(ex.cases()))[0]
    assert verdict.status == "wrong"
    assert verdict.message.startswith(f"{name}：还不对——第 1 个用例（{description}）：")
    assert verdict.message.endswith(f"\n提示：{ex.hints['zh']}")
    assert_chinese(verdict.message.replace(description, ""))


def layer_forward(W, a_prev, b):
    return 1 / (1 + np.exp(-(W @ a_prev + b)))


class Unreadable:
    def __array__(self, dtype=None, copy=None):
        raise ValueError("no")


class Corrupting:
    """A result whose reading replaces the reader (the checker refuses it)."""

    def __array__(self, dtype=None, copy=None):
        plain_values._Reader.read_array.__code__ = (
            lambda self, array, depth: type("Equal", (), {"__eq__": lambda s, o: True})()).__code__
        return np.zeros((3, 1))


def changes_W(W, a_prev, b):
    W -= 1
    return layer_forward(W, a_prev, b)


def exits(*args):
    sys.exit(3)


def interrupted(*args):
    raise KeyboardInterrupt


def nested(*args):
    value = 0
    for _ in range(30):
        value = [value]
    return value


# Answers that reach every verdict and note of the checker: (exercise, answer, what it says)
ANSWERS = {
    "correct": ("layer_forward", layer_forward, "正确"),
    "returns None": ("layer_forward", lambda W, a, b: None, "忘了写 `return`"),
    "not a function": ("layer_forward", 3, "函数本身"),
    "raises": ("layer_forward", lambda W, a, b: 1 / 0, "抛出了异常 ZeroDivisionError"),
    "exits": ("layer_forward", exits, "sys.exit()"),
    "interrupted": ("layer_forward", interrupted, "被中断了"),
    "unreadable": ("layer_forward", lambda W, a, b: Unreadable(), "无法读取"),
    "tampers with the reader": ("layer_forward", lambda W, a, b: Corrupting(), "无法评判"),
    "transposed": ("layer_forward", lambda W, a, b: layer_forward(W, a, b).T, "是不是转置了"),
    "complex": ("layer_forward", lambda W, a, b: layer_forward(W, a, b) + 0j, "复数"),
    "text": ("layer_forward", lambda W, a, b: "abc", "应为数值"),
    "nested too deep": ("which_equation", nested, "<嵌套超过 20 层>"),
    "changes its argument": ("layer_forward", changes_W, "原地修改了参数 W"),
    "calls what is forbidden": ("forward_pass", lambda params, x: Network([3, 3, 1]).forward(x),
                                "net.forward"),
    "a tuple too short": ("perceptron_update", lambda w, b, x, y, eta: (w,), "个值的元组"),
    "not a tuple": ("perceptron_update", lambda w, b, x, y, eta: None if False else 1.5,
                    "个值的元组，得到的是 float"),
    "a wrong item": ("perceptron_update", lambda w, b, x, y, eta: (w, b), "下标为 0 的一项"),
    "a wrong word": ("which_equation", lambda gradients: "BP9", "应为 'BP"),
    "a generator instead of a word": ("which_equation", lambda g: (c for c in "ab"), "项的 generator"),
    "a list instead of dicts": ("init_parameters", lambda sizes, rng: ([1], [2]), "的字典，得到的是 list"),
    "keys from 0": ("init_parameters", lambda sizes, rng: ({0: 1, 1: 2}, {0: 1, 1: 2}), "键应为 [2, 3]"),
    "a wrong entry of a dict": ("forward_keep", lambda W, b, X: ({2: 0, 3: 0}, {1: X, 2: 0, 3: 0}),
                                "结果中下标为 0 的一项：结果的 [2]"),
}


@pytest.mark.parametrize("case", sorted(ANSWERS))
def test_in_chinese_every_verdict_and_note_is_chinese(case, chinese):
    name, answer, words = ANSWERS[case]
    description = next(iter(EXERCISES[name].cases()))[0]
    message = check(name, answer, quiet=True).message
    assert words in message
    assert_chinese(message.replace(description, ""))


def test_in_chinese_the_reference_the_time_limit_and_the_output_cap_are_chinese(capsys, chinese):
    assert_chinese(check("layer_forward", layer_forward, quiet=True, reference=True).message)
    wrong = check("layer_forward", zero, quiet=True, reference=True).message
    assert wrong.startswith("课程的参考答案 layer_forward：还不对")

    def talkative(W, a, b):
        print("x" * 5000)
        return layer_forward(W, a, b)

    verdict = check("layer_forward", talkative, quiet=True)
    assert "只显示了前 4,000 个" in verdict.message
    assert "输出在此截断" in capsys.readouterr().out
    EXERCISES["_slow"] = Exercise("_slow", lambda: [("one", (), 1.0)], {"en": "h", "zh": "提示"},
                                  timeout=0.3)
    try:
        def endless():
            while True:
                time.sleep(0.01)

        slow = check("_slow", endless, quiet=True).message
        assert "没有在 0.3 秒内返回" in slow and slow.endswith("提示：提示")
        assert_chinese(slow.replace("one", ""))
        EXERCISES["_broken"] = Exercise("_broken", lambda: 1 / 0, "h")
        broken = check("_broken", zero, quiet=True)
        assert broken.status == "error" and "检查器本身出错了" in broken.message
    finally:
        EXERCISES.pop("_slow", None)
        EXERCISES.pop("_broken", None)


def test_check_prints_the_chinese_verdict(capsys, chinese):
    check("layer_forward", stub)
    assert capsys.readouterr().out == "layer_forward：尚未作答——请把 `raise NotImplementedError` 换成你的代码。\n"


def test_an_answer_that_switches_the_language_does_not_switch_it_for_the_learner(chinese):
    def switches(W, a_prev, b):
        set_language("en")
        return layer_forward(W, a_prev, b)

    assert "正确" in check("layer_forward", switches, quiet=True).message
    assert current_language() == "zh"


# ----- History.describe() --------------------------------------------------------------------

def test_history_describe_in_both_languages():
    history = History(loss=[0.5, 0.25], accuracy=[0.5, 0.75], val_loss=[0.6, 0.3],
                      val_accuracy=[0.5, 0.7], saturated_at=2)
    only_validation = History(val_loss=[0.4])
    assert history.describe(total_epochs=30) == (
        "epoch 2 of 30: loss 0.2500 (validation 0.3000), accuracy 0.7500 (validation 0.7000)"
        " — every output neuron saturated since epoch 2: the loss no longer changes (try a smaller eta)")
    assert only_validation.describe() == "epoch 1: validation loss 0.4000"
    assert History().describe() == "epoch 0"
    set_language("zh")
    assert history.describe(total_epochs=30) == (
        "第 2 轮（共 30 轮）：损失 0.2500（验证 0.3000），准确率 0.7500（验证 0.7000）"
        "——自第 2 轮起所有输出神经元都已饱和：损失不再变化（试试更小的 η）")
    assert only_validation.describe() == "第 1 轮：验证损失 0.4000"
    assert History().describe() == "第 0 轮"


# ----- a run that diverged ---------------------------------------------------------------------

def diverged_message():
    """The message of a real TrainingDivergedError (a ReLU network with η = 10⁶)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = train_toy_network(eta=1e6, batch_size=10, hidden=10, epochs=20, activation="relu",
                                loss="cross_entropy")
    assert run["diverged"] is not None
    return run["diverged"], run["epochs"] + 1


def test_a_diverged_run_is_told_in_the_current_language():
    message, epoch = diverged_message()
    assert translated("diverged", message) == message          # the English entry is the error's
    assert diverged_panel_text(message) == "training diverged:\n" + message.replace(". ", ".\n")
    assert translated("diverged", "something else. Entirely") == "something else. Entirely"
    set_language("zh")
    chinese_message = translated("diverged", message)
    assert chinese_message.startswith(f"训练在第 {epoch} 轮发散：损失变成了 nan（η = 1000000.0）")
    assert_chinese(chinese_message)
    assert diverged_panel_text(message) == "训练发散：\n" + chinese_message.replace("。步", "。\n步")


def test_in_chinese_the_loss_curve_shows_a_diverged_run_in_chinese(monkeypatch, chinese):
    message, epoch = diverged_message()

    def diverging_train(self, X, Y, epochs, batch_size, eta, *, callback=None, **options):
        history = History(loss=[1.0], accuracy=[0.5], val_loss=[1.0], val_accuracy=[0.5])
        raise TrainingDivergedError(message, history)

    monkeypatch.setattr(Network, "train", diverging_train)
    numbers, fig = loss_curve_view(epochs=5)
    assert numbers["diverged"] == message                        # the numbers stay as computed
    assert fig.axes[1].texts[0].get_text().startswith(f"训练发散：\n训练在第 {epoch} 轮发散")
    box = loss_curve_explorer(eta=100.0, epochs=10)
    assert box.status.kind == "error" and "请试试更小的 η（当前为 100）" in box.status.text
    assert_chinese(box.status.text)


def test_in_chinese_the_playground_reports_a_diverged_run_in_chinese(monkeypatch, chinese):
    message, _ = diverged_message()
    box = playground_widget(epochs=5, every=5)

    def diverging_step(self, epochs=1):
        raise TrainingDivergedError(message)

    monkeypatch.setattr(Playground, "step", diverging_step)
    box.buttons["step"].click()
    assert "然后按“重置”" in box.status_line.text and box.status_line.kind == "error"
    assert_chinese(box.status_line.text)


# ----- the widgets -----------------------------------------------------------------------------

SYMBOLS = {"w", "b", "z", "η", "Δz", ""}       # labels that are the course's symbols


def labels(box):
    return [control.description for control in box.controls.values()]


def assert_chinese_labels(box):
    for label in labels(box):
        assert label in SYMBOLS or has_chinese(label), label


def test_in_chinese_the_loss_curve_explorer_speaks_chinese(chinese):
    box = loss_curve_explorer(epochs=10)
    assert box.button.description == "训练" and box.progress.description == "轮数"
    assert_chinese_labels(box)
    assert box.status.kind == "done" and box.status.text.startswith("训练了 10 轮，用时 ")
    assert_chinese(box.status.text)
    box.button.click()                                       # the same settings again
    assert box.status.text.startswith("这组设置已经训练过")
    assert_chinese(box.status.text)


def test_in_chinese_the_playground_speaks_chinese(chinese):
    box = playground_widget(epochs=5, every=5)
    assert [button.description for button in box.buttons.values()] == ["训练", "单步（1 轮）", "重置"]
    assert_chinese_labels(box)
    assert box.controls["hidden"].placeholder == "例如 4, 4" and box.train_epochs.description == "轮数"
    texts = [box.status_line.text]
    for press in ("step", "train", "reset"):
        box.buttons[press].click()
        texts.append(box.status_line.text)
    box.controls["eta"].value = 1.0
    texts.append(box.status_line.text)
    box.controls["seed"].value = 3
    texts.append(box.status_line.text)
    assert texts[1].startswith("训练了 1 轮，用时 ") and texts[2].startswith("训练了 5 轮")
    assert texts[3].startswith("已重置：") and texts[4].startswith("η = 1，批大小 10：")
    assert texts[5].startswith("已重新开始：")
    for text in texts:
        assert_chinese(text)
    assert "注" not in texts[3]                              # no warning about missing glyphs


def test_the_playground_line_is_the_playground_summary_in_english():
    pg = Playground("moons", hidden=[3])
    pg.step(2)
    assert summary(pg) == pg.summary()
    set_language("zh")
    assert summary(pg).startswith("moons，结构 [2, 3, 1]，") and "第 2 轮：损失 " in summary(pg)


def test_in_chinese_the_other_explorers_and_the_progress_bar_speak_chinese(chinese):
    structure = structure_explorer()
    assert_chinese_labels(structure)
    slowdown = slowdown_explorer(epochs=20)
    assert_chinese_labels(slowdown)
    assert slowdown.status.text.startswith("完成，用时 ") and slowdown.status.text.endswith(" 秒")
    progress = TrainingProgress(epochs=3, show=False)
    assert progress.bar.description == "训练" and progress.label.value == "第 0 轮（共 3 轮）"
    progress(1, History(loss=[0.5]))
    assert progress.label.value == "第 1 轮（共 3 轮）：损失 0.5000"
    assert TrainingProgress(epochs=3, description="MNIST", show=False).bar.description == "MNIST"


def test_in_chinese_the_pictures_say_their_messages_in_chinese(chinese):
    figure = PlaygroundFigure(Playground("xor", hidden=[2]))
    assert figure.losses.texts[0].get_text() == "尚未训练：\n请按“训练”或“单步”"
    set_language("en")
    figure = PlaygroundFigure(Playground("xor", hidden=[2]))
    assert figure.losses.texts[0].get_text() == "not trained yet:\npress Train or Step"


# ----- the stored notebooks --------------------------------------------------------------------

def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_stored_widget_note_is_in_the_notebook_language():
    tool = load_tool("execute_notebook")
    english, chinese = nbformat.v4.new_notebook(), nbformat.v4.new_notebook()
    chinese.metadata["language"] = "zh"
    assert tool.widget_notes(english) == (tool.WIDGET_NOTE, tool.WIDGET_NOTE_TEXT) == (
        "Run the cell to explore: the picture above is the default setting.",
        "Run the cell to explore (the widget needs a running kernel).")
    picture_note, text_note = tool.widget_notes(chinese)
    assert_chinese(picture_note)
    assert_chinese(text_note)
    output = {"output_type": "display_data",
              "data": {tool.WIDGET_VIEW: {"model_id": "m"}, "text/plain": "VBox()"}}
    state = {"m": {"model_name": "LabelModel", "state": {"value": "第 3 轮（共 3 轮）"}}}
    stored = tool.static_widget_outputs(output, state, tool.widget_notes(chinese))
    assert stored[0]["text"] == f"{text_note} 第 3 轮（共 3 轮）\n"


def test_the_language_module_imports_nothing_of_the_package():
    """Every part of the package may use the table, so the table uses none of them."""
    source = Path(language_module.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*from \.|^\s*import dnn_core", source, re.M)
