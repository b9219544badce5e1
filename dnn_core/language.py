"""The language switch and the string table: what the package says to a learner, in English and Chinese.

The course has an English and a Chinese edition; the set-up cell of a Chinese notebook calls
`setup_notebook(language="zh")`, which calls `set_language("zh")`. From then on what the
package writes for the learner to read comes in Chinese: the exercise checker's verdicts and
notes, the widgets' labels, buttons and status lines, the messages the widgets draw into
their pictures, and the per-epoch line `History.describe()`. What code prints or raises
(printed output, error messages for bad input, the labels of the course's figures) stays as
it is, in English.

    set_language("zh")
    say("check.correct", name="layer_forward")      # 'layer_forward：正确 ✓（全部隐藏用例通过）'
    current_language()                              # 'zh'

Every entry of STRINGS has the two languages with the same {placeholders}; the English
entries are the package's English texts, word for word.
"""

import re
import string
from types import MappingProxyType

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE


def set_language(code):
    """Make `code` ('en' or 'zh') the language of what the package says; returns it."""
    global _current
    if not isinstance(code, str) or code not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(map(repr, LANGUAGES))}; got {code!r}")
    _current = code
    return code


def current_language():
    """The language the package speaks now: 'en' (the default) or 'zh'."""
    return _current


def say(key, /, **values):
    """The entry `key` of STRINGS in the current language, formatted with `values`."""
    return say_in(_current, key, **values)


def say_in(language, key, /, **values):
    """The entry `key` of STRINGS in `language`, formatted with `values`."""
    if key not in STRINGS:
        raise KeyError(f"no string {key!r} in the string table")
    return STRINGS[key][language].format(**values)


def localized(texts):
    """A text given in every language ({'en': ..., 'zh': ...}) in the current language; a
    plain str is the same in every language (an exercise's hint may be either)."""
    return texts if isinstance(texts, str) else texts[_current]


def checked_texts(what, texts):
    """`texts` (a str, or a mapping with a non-empty str for every language) as stored: the
    str itself, or a read-only mapping {language: text}. Otherwise an error naming `what`."""
    if isinstance(texts, str) and texts.strip():
        return texts
    if hasattr(texts, "keys") and set(texts.keys()) == set(LANGUAGES) \
            and all(isinstance(texts[code], str) and texts[code].strip() for code in LANGUAGES):
        return MappingProxyType({code: texts[code] for code in LANGUAGES})
    raise ValueError(f"{what} must be a non-empty str or a dict with a non-empty text for each "
                     f"of {list(LANGUAGES)}; got {texts!r}")


def placeholders(text):
    """The set of (name, conversion, format spec) of the {placeholders} of `text`."""
    return {(name, conversion or "", spec or "")
            for _, name, spec, conversion in string.Formatter().parse(text) if name is not None}


def translated(key, text):
    """`text`, written in English from the entry `key` (an exception's message, say), in the
    current language: its values are read back from the English entry and put into the
    current one. A text not made from that entry is returned unchanged. The entry's
    placeholders must have no format spec (the values are read back as text)."""
    match = _english_pattern(key).fullmatch(text)
    return text if match is None else say(key, **match.groupdict())


def _english_pattern(key):
    """A regular expression matching every text made from the English entry `key`."""
    parts = []
    for literal, name, _, _ in string.Formatter().parse(STRINGS[key]["en"]):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts), re.S)


def _frozen(table):
    """The table as read-only mappings, so no code can change an entry by accident."""
    return MappingProxyType({key: MappingProxyType(dict(entry)) for key, entry in table.items()})


STRINGS = _frozen({
    # ----- the exercise checker: verdicts -------------------------------------------------
    "check.correct": {
        "en": "{name}: correct ✓ (all hidden cases pass)",
        "zh": "{name}：正确 ✓（全部隐藏用例通过）",
    },
    "check.not_attempted": {
        "en": "{name}: not attempted yet — replace `raise NotImplementedError` with your code.",
        "zh": "{name}：尚未作答——请把 `raise NotImplementedError` 换成你的代码。",
    },
    "check.returns_none": {
        "en": "{name}: not attempted yet — your function returns None; did you forget `return`?",
        "zh": "{name}：尚未作答——你的函数返回了 None；是不是忘了写 `return`？",
    },
    "check.wrong": {
        "en": "{name}: not yet — case {number} ({description}): {problem}\nHint: {hint}",
        "zh": "{name}：还不对——第 {number} 个用例（{description}）：{problem}\n提示：{hint}",
    },
    "check.not_a_function": {
        "en": "{name}: check needs your function itself, got {kind}: pass its name without "
              "calling it, check({name!r}, {name}), not check({name!r}, {name}(...)).",
        "zh": "{name}：check 需要的是函数本身，收到的却是 {kind}：只传函数名，不要调用它——"
              "写 check({name!r}, {name})，而不是 check({name!r}, {name}(...))。",
    },
    "check.interrupted": {
        "en": "{name}: the check was interrupted before it finished; run the cell again to check "
              "your function.",
        "zh": "{name}：检查在完成之前被中断了；请重新运行这个单元格来检查你的函数。",
    },
    "check.checker_failed": {
        "en": "{name}: the checker itself failed ({error}). This is a bug in the course, not in "
              "your function: please report it.",
        "zh": "{name}：检查器本身出错了（{error}）。这是课程的缺陷，不是你的函数的问题：请报告它。",
    },
    "check.reference_passes": {
        "en": "{name}: the course's reference solution passes every hidden case. It is shown for "
              "comparison; your own function above is unchanged.",
        "zh": "{name}：课程的参考答案通过了全部隐藏用例。它只供对照；你在上面写的函数保持不变。",
    },
    "check.reference_fails": {
        "en": "the course's reference solution of {message}",
        "zh": "课程的参考答案 {message}",
    },
    # ----- the exercise checker: notes under a verdict ------------------------------------
    "check.changed_argument": {
        "en": "Note: your function changes its argument {name} in place (case {number}: {where} "
              "is not what was passed). The check gave it a copy, so the verdict is not affected, "
              "but in your own code the caller's {name} would change too: compute new values "
              "({name} = {name} - …, not {name} -= …) or work on a copy.",
        "zh": "注意：你的函数原地修改了参数 {name}（第 {number} 个用例：{where} 与传入的不同）。"
              "检查时传给它的是副本，所以结论不受影响；但在你自己的代码里，调用者的 {name} 也会"
              "被改掉：请计算新的值（{name} = {name} - …，而不是 {name} -= …），或者在副本上操作。",
    },
    "check.argument": {
        "en": "argument {number}",
        "zh": "第 {number} 个参数",
    },
    "check.output_note": {
        "en": "Note: your function printed {printed:,} characters; only the first {limit:,} are "
              "shown.",
        "zh": "注意：你的函数打印了 {printed:,} 个字符；只显示了前 {limit:,} 个。",
    },
    "check.output_cut": {
        "en": "\n[… output cut here: your function printed more than {limit:,} characters]\n",
        "zh": "\n[… 输出在此截断：你的函数打印了超过 {limit:,} 个字符]\n",
    },
    # ----- the exercise checker: what went wrong while the function ran -------------------
    "problem.forbidden": {
        "en": "your function calls {label}, which this exercise asks you to do without: compute "
              "it yourself",
        "zh": "你的函数调用了 {label}，而这道练习要求不用它：请自己算出来",
    },
    "problem.exit": {
        "en": "your function called exit() or sys.exit() ({error}): return the result instead of "
              "ending the program",
        "zh": "你的函数调用了 exit() 或 sys.exit()（{error}）：请返回结果，而不是结束程序",
    },
    "problem.interrupted": {
        "en": "your function was interrupted (KeyboardInterrupt) before it returned",
        "zh": "你的函数在返回之前被中断了（KeyboardInterrupt）",
    },
    "problem.raised": {
        "en": "your function raised {error}",
        "zh": "你的函数抛出了异常 {error}",
    },
    "problem.unreadable": {
        "en": "the result of your function ({kind}) cannot be read: reading it raised {error}",
        "zh": "无法读取你的函数的结果（{kind}）：读取时抛出了异常 {error}",
    },
    "problem.timeout": {
        "en": "your function did not return within {duration}, so it was stopped. An endless "
              "loop? Check that every loop ends (the condition of a `while` must become false).",
        "zh": "你的函数没有在 {duration}内返回，因此被停止了。是死循环吗？请检查每个循环都会结束"
              "（`while` 的条件最终必须变为假）。",
    },
    "problem.second": {
        "en": "{seconds:g} second",
        "zh": "{seconds:g} 秒",
    },
    "problem.seconds": {
        "en": "{seconds:g} seconds",
        "zh": "{seconds:g} 秒",
    },
    "problem.tampered": {
        "en": "your function changed how the checker reads its result, so it cannot be judged",
        "zh": "你的函数改动了检查器读取结果的方式，因此无法评判",
    },
    # ----- the exercise checker: a result compared with the expected value ----------------
    "compare.text": {
        "en": "expected {expected!r}, got {got!r}",
        "zh": "应为 {expected!r}，得到的是 {got!r}",
    },
    "compare.not_a_dict": {
        "en": "expected a dict with the keys {keys}, got {kind}",
        "zh": "应为键是 {keys} 的字典，得到的是 {kind}",
    },
    "compare.keys": {
        "en": "expected the keys {expected}, got {got}",
        "zh": "键应为 {expected}，得到的是 {got}",
    },
    "compare.in_key": {
        "en": "[{key!r}] of the result: {problem}",
        "zh": "结果的 [{key!r}]：{problem}",
    },
    "compare.tuple": {
        "en": "a tuple",
        "zh": "元组",
    },
    "compare.sequence": {
        "en": "a sequence",
        "zh": "序列",
    },
    "compare.not_items": {
        "en": "expected {what} of {count} values, got {kind}",
        "zh": "应为含 {count} 个值的{what}，得到的是 {kind}",
    },
    "compare.item_count": {
        "en": "expected {what} of {count} values, got {got}",
        "zh": "应为含 {count} 个值的{what}，得到的却有 {got} 个值",
    },
    "compare.more_than": {
        "en": "more than {count:,}",
        "zh": "超过 {count:,}",
    },
    "compare.in_item": {
        "en": "item {index} of the result: {problem}",
        "zh": "结果中下标为 {index} 的一项：{problem}",
    },
    "compare.shape": {
        "en": "shape expected {expected}, got {got}{transposed}",
        "zh": "形状应为 {expected}，得到的是 {got}{transposed}",
    },
    "compare.transposed": {
        "en": " (transposed?)",
        "zh": "（是不是转置了？）",
    },
    "compare.too_many_values": {
        "en": "shape expected {expected}, got more than {count:,} values",
        "zh": "形状应为 {expected}，得到的却超过 {count:,} 个值",
    },
    "compare.not_numbers": {
        "en": "expected numbers, got {kind}",
        "zh": "应为数值，得到的是 {kind}",
    },
    "compare.complex": {
        "en": "expected real numbers, got complex numbers ({dtype})",
        "zh": "应为实数，得到的是复数（{dtype}）",
    },
    "compare.entries": {
        "en": "{count} of {total} entries differ; first{where}: expected {expected:.6g}, "
              "got {got:.6g}",
        "zh": "{total} 个元素中有 {count} 个不同；第一个{where}：应为 {expected:.6g}，"
              "得到的是 {got:.6g}",
    },
    "compare.at_index": {
        "en": " at index {index}",
        "zh": "（下标 {index}）",
    },
    # ----- the exercise checker: how a value that cannot be shown in full is shown --------
    "value.nested": {
        "en": "<nested more than {depth} levels deep>",
        "zh": "<嵌套超过 {depth} 层>",
    },
    "value.unshowable": {
        "en": "<cannot be shown: {kind}>",
        "zh": "<无法显示：{kind}>",
    },
    "value.items": {
        "en": "<{kind} of {count} items>",
        "zh": "<含 {count} 项的 {kind}>",
    },
    # ----- the widgets: labels of the controls --------------------------------------------
    "control.update": {"en": "update", "zh": "更新"},
    "control.inputs": {"en": "inputs", "zh": "输入"},
    "control.hidden_layers": {"en": "hidden layers", "zh": "隐藏层数"},
    "control.per_hidden": {"en": "per hidden", "zh": "每层单元"},
    "control.outputs": {"en": "outputs", "zh": "输出"},
    "control.sample": {"en": "sample", "zh": "样本"},
    "control.layer": {"en": "layer l", "zh": "层 l"},
    "control.neuron": {"en": "neuron j", "zh": "神经元 j"},
    "control.threshold": {"en": "threshold", "zh": "阈值"},
    "control.start_w": {"en": "start w", "zh": "初始 w"},
    "control.start_b": {"en": "start b", "zh": "初始 b"},
    "control.loss": {"en": "loss", "zh": "损失函数"},
    "control.weight_gain": {"en": "weight gain", "zh": "权重增益"},
    "control.batch_size": {"en": "batch size", "zh": "批大小"},
    "control.hidden_units": {"en": "hidden units", "zh": "隐藏单元"},
    "control.epochs": {"en": "epochs", "zh": "轮数"},
    "control.activation": {"en": "activation", "zh": "激活函数"},
    "control.data": {"en": "data", "zh": "数据集"},
    "control.noise": {"en": "noise", "zh": "噪声"},
    "control.seed": {"en": "seed", "zh": "随机种子"},
    "control.layers_example": {"en": "e.g. 4, 4", "zh": "例如 4, 4"},
    "control.training": {"en": "training", "zh": "训练"},
    # ----- the widgets: buttons -----------------------------------------------------------
    "button.train": {"en": "Train", "zh": "训练"},
    "button.step": {"en": "Step (1 epoch)", "zh": "单步（1 轮）"},
    "button.reset": {"en": "Reset", "zh": "重置"},
    # ----- the widgets: status lines ------------------------------------------------------
    "status.computing": {
        "en": "computing…",
        "zh": "正在计算…",
    },
    "status.done_in": {
        "en": "done in {seconds:.1f} s",
        "zh": "完成，用时 {seconds:.1f} 秒",
    },
    "status.warning": {
        "en": "(note: {message})",
        "zh": "（注：{message}）",
    },
    "status.draw_failed": {
        "en": "could not draw this setting: {error}",
        "zh": "无法绘制这组设置：{error}",
    },
    "status.same_settings": {
        "en": "These settings are already trained and shown: the same settings and the same seed "
              "give the same run. Change a setting, then press Train.",
        "zh": "这组设置已经训练过，结果就在下面：同样的设置加上同样的随机种子，训练过程完全相同。"
              "请先改动一项设置，再按“训练”。",
    },
    "status.training_epochs": {
        "en": "training {epochs} epochs…",
        "zh": "正在训练 {epochs} 轮…",
    },
    "status.training": {
        "en": "training: {progress}",
        "zh": "训练中：{progress}",
    },
    "status.trained": {
        "en": "trained {epochs} epochs in {seconds:.1f} s: accuracy {accuracy:.3f} "
              "(validation {val_accuracy:.3f})",
        "zh": "训练了 {epochs} 轮，用时 {seconds:.1f} 秒：准确率 {accuracy:.3f}"
              "（验证 {val_accuracy:.3f}）",
    },
    "status.try_smaller_eta": {
        "en": "{message} Try a smaller η (now {eta:g}).",
        "zh": "{message}请试试更小的 η（当前为 {eta:g}）。",
    },
    "status.lower_eta_and_reset": {
        "en": "{message} Lower η (now {eta:g}) and press Reset.",
        "zh": "{message}请减小 η（当前为 {eta:g}），然后按“重置”。",
    },
    "status.trained_one": {
        "en": "trained {count} epoch in {seconds:.1f} s",
        "zh": "训练了 {count} 轮，用时 {seconds:.1f} 秒",
    },
    "status.trained_many": {
        "en": "trained {count} epochs in {seconds:.1f} s",
        "zh": "训练了 {count} 轮，用时 {seconds:.1f} 秒",
    },
    "status.reset": {
        "en": "reset",
        "zh": "已重置",
    },
    "status.pressed": {
        "en": "{what}: {summary}",
        "zh": "{what}：{summary}",
    },
    "status.playground_progress": {
        "en": "training: epoch {epoch}, {done} of {total} done…",
        "zh": "训练中：第 {epoch} 轮，已完成 {done}/{total} 轮…",
    },
    "status.started_again": {
        "en": "started again: {summary}",
        "zh": "已重新开始：{summary}",
    },
    "status.rate_changed": {
        "en": "η = {eta:g}, batch size {batch_size}: used from the next step on.",
        "zh": "η = {eta:g}，批大小 {batch_size}：从下一步起生效。",
    },
    "status.playground": {
        "en": "{dataset}, sizes {sizes}, {activation}, {loss}: {progress}",
        "zh": "{dataset}，结构 {sizes}，{activation}，{loss}：{progress}",
    },
    # ----- the widgets: messages drawn into their pictures --------------------------------
    "picture.training": {
        "en": "training…\nepoch {epoch} of {epochs}",
        "zh": "训练中…\n第 {epoch} 轮（共 {epochs} 轮）",
    },
    "picture.not_trained": {
        "en": "not trained yet:\npress Train or Step",
        "zh": "尚未训练：\n请按“训练”或“单步”",
    },
    "picture.diverged": {
        "en": "training diverged:\n{message}",
        "zh": "训练发散：\n{message}",
    },
    # ----- a run that diverged (the English is TrainingDivergedError's message) ------------
    "diverged": {
        "en": "training diverged at epoch {epoch}: the loss became {loss} with eta={eta}. "
              "The steps are too large; try a smaller eta (e.g. eta/10).",
        "zh": "训练在第 {epoch} 轮发散：损失变成了 {loss}（η = {eta}）。步长太大了，"
              "请试试更小的 η（例如 η/10）。",
    },
    # ----- History.describe(): the line of one epoch --------------------------------------
    "history.epoch": {
        "en": "epoch {epoch}",
        "zh": "第 {epoch} 轮",
    },
    "history.epoch_of": {
        "en": "epoch {epoch} of {total}",
        "zh": "第 {epoch} 轮（共 {total} 轮）",
    },
    "history.line": {
        "en": "{epoch}: {values}",
        "zh": "{epoch}：{values}",
    },
    "history.separator": {
        "en": ", ",
        "zh": "，",
    },
    "history.both": {
        "en": "{name} {value:.4f} (validation {validation:.4f})",
        "zh": "{name} {value:.4f}（验证 {validation:.4f}）",
    },
    "history.training_only": {
        "en": "{name} {value:.4f}",
        "zh": "{name} {value:.4f}",
    },
    "history.validation_only": {
        "en": "validation {name} {value:.4f}",
        "zh": "验证{name} {value:.4f}",
    },
    "history.loss": {"en": "loss", "zh": "损失"},
    "history.accuracy": {"en": "accuracy", "zh": "准确率"},
    "history.saturated": {
        "en": " — every output neuron saturated since epoch {epoch}: the loss no longer changes "
              "(try a smaller eta)",
        "zh": "——自第 {epoch} 轮起所有输出神经元都已饱和：损失不再变化（试试更小的 η）",
    },
    # ----- the stored notebooks: the note under a widget's picture ------------------------
    "stored.picture_note": {
        "en": "Run the cell to explore: the picture above is the default setting.",
        "zh": "运行这个单元格即可动手探索：上图是默认设置下的画面。",
    },
    "stored.note": {
        "en": "Run the cell to explore (the widget needs a running kernel).",
        "zh": "运行这个单元格即可动手探索（交互控件需要运行中的内核）。",
    },
})
