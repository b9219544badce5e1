"""Execute notebooks from a fresh kernel, in place, as they are stored in the repository.

    python tools/execute_notebook.py notebooks/03_forward_pass.ipynb [more.ipynb ...]

Outputs and execution counts are kept (nbval compares them); what execution adds that is
not part of the course is dropped: the widget state (large, random, not compared) and each
cell's execution timestamps (noise in every diff); consecutive prints to the same stream
are stored as one output. Prints each notebook's
execution time. A cell that raises stops the run with the error.

A widget cannot be shown without its state, so every widget output is stored as what a
reader can see without a kernel (JupyterLab before the cell runs, GitHub, nbconvert): the
widget's first picture (the default setting, taken from the widget state before it is
dropped; a double-density PNG shown at half its pixel width) with the one-line note
WIDGET_NOTE as its text, and the note once more as a line of text above it, never the
widget's repr (`VBox(children=...)`). A widget without a picture (a progress bar) keeps its
labels as text after the note. The note is in the notebook's language (its metadata
"language", English if none), taken from the string table of `dnn_core.language`.
"""

import base64
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from dnn_core.language import DEFAULT_LANGUAGE, say_in
from dnn_core.widget_parts import DENSITY, png_size

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_NOTE = say_in("en", "stored.picture_note")     # the English notes, for reference
WIDGET_NOTE_TEXT = say_in("en", "stored.note")


def widget_notes(nb):
    """(the note under a widget's picture, the line of text above it) in nb's language."""
    language = nb.metadata.get("language", DEFAULT_LANGUAGE)
    return say_in(language, "stored.picture_note"), say_in(language, "stored.note")


def widget_tree(state, model_id):
    """The models reachable from model_id (itself first, then its children, depth first)."""
    seen, order, todo = set(), [], [model_id]
    while todo:
        mid = todo.pop(0)
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        order.append(state[mid])
        children = state[mid]["state"].get("children", [])
        todo[:0] = [c.removeprefix("IPY_MODEL_") for c in children if isinstance(c, str)]
    return order


def first_picture(models):
    """The base64 PNG of the first Image model with a value among models, or None."""
    for model in models:
        if model.get("model_name") == "ImageModel":
            for buffer in model.get("buffers", []):
                if buffer.get("path") == ["value"] and buffer.get("data"):
                    return buffer["data"]
    return None


def static_widget_outputs(output, state, notes=(WIDGET_NOTE, WIDGET_NOTE_TEXT)):
    """What a widget output becomes in the stored notebook: [the note as text, the picture
    with the note as its text/plain] (or [the note and the widget's labels] without one);
    notes is (the note under the picture, the line of text), as `widget_notes` gives."""
    picture_note, text_note = notes
    models = widget_tree(state, output["data"][WIDGET_VIEW]["model_id"])
    picture = first_picture(models)
    if picture is None:
        labels = [m["state"].get("value") for m in models
                  if m.get("model_name") in ("LabelModel", "HTMLModel") and m["state"].get("value")]
        text = " ".join([text_note, *labels])
        return [nbformat.v4.new_output("stream", name="stdout", text=text + "\n")]
    note = nbformat.v4.new_output("stream", name="stdout", text=text_note + "\n")
    shown = nbformat.v4.new_output(
        output["output_type"] if output["output_type"] == "display_data" else "execute_result",
        data={"image/png": picture, "text/plain": picture_note},
        metadata={"image/png": {"width": png_size(base64.b64decode(picture))[0] // DENSITY}})
    if output["output_type"] == "execute_result":
        shown.execution_count = output.get("execution_count")
    return [note, shown]


def replace_widget_outputs(nb):
    """Every widget output of nb replaced by `static_widget_outputs` (see the module's text)."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    notes = widget_notes(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            if WIDGET_VIEW in output.get("data", {}):
                outputs.extend(static_widget_outputs(output, state, notes))
            else:
                outputs.append(output)
        cell.outputs = outputs


def merge_streams(outputs):
    """Consecutive stream outputs of the same stream as one: how the kernel happened to
    flush a cell's prints is noise, not content."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def execute(path):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    replace_widget_outputs(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    nbformat.write(nb, path)
    return seconds


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: executed in {execute(name):.1f} s")
