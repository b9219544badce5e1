"""The parts every explorer is built from: a picture, a status line, a guarded callback.

An explorer in `dnn_core.widgets` or `dnn_core.training_widgets` is a row of controls, a
status line and a picture; `show_interactive` wires a draw function to them. This module
holds those parts and nothing about any one view.

How a picture reaches the page (issue 12): the view's figure is taken out of pyplot at once
(`plt.close`), rendered to PNG bytes at double pixel density inside the callback, and the
bytes replace the value of an `ipywidgets.Image` in place (`Picture`). No pyplot figure is
ever left open between two messages, so no post-execute hook (matplotlib's
`_draw_all_if_interactive`, the inline backend's `flush_figures`) sees a half-built figure or
prints a stray `<Figure ...>`, and the picture never blanks while the next one is computed.
Every drawing happens on the thread that handles the widget message, which is the kernel's
main thread with the course's JupyterLab settings (jupyter/, `commsOverSubshells: disabled`).

Every callback is guarded (`guarded`): an exception or a warning becomes a line in the
explorer's `Status` (a diverging run is a message, never a traceback), and explorers that
recompute say that they are working and when they are done.
"""

import html
import io
import time
import warnings
from collections import OrderedDict

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .plots import WARNING_COLOUR

DENSITY = 2              # PNG pixels per CSS pixel: sharp on HiDPI screens and projectors


# Pictures and status lines

def figure_png(fig, density=DENSITY, bbox_inches="tight"):
    """The PNG bytes of fig at `density` times its dpi; fig is closed first (pyplot forgets
    it, so no post-execute hook can draw it), and can still be rendered. bbox_inches as in
    `Figure.savefig` (a Bbox in inches is cheaper than "tight", which lays out twice)."""
    plt.close(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi * density, bbox_inches=bbox_inches,
                pad_inches=0.05, facecolor="white", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def tight_box(fig, pad=0.08):
    """The box (in inches) around everything drawn in fig, padded: what bbox_inches="tight"
    would crop to, computed from the figure's layout without rendering it."""
    plt.close(fig)
    box = fig.get_tightbbox(FigureCanvasAgg(fig).get_renderer())
    return box.padded(pad)


def png_size(png):
    """(width, height) in pixels of PNG bytes (from the IHDR chunk)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


class Picture:
    """An `ipywidgets.Image` that shows figures (or PNG bytes) at DENSITY, replaced in place.

    `widget` is the Image; `show(fig_or_png)` renders and shows; `shown` counts the pictures.
    """

    def __init__(self):
        self.widget = widgets.Image(format="png", layout=widgets.Layout(max_width="100%",
                                                                       height="auto"))
        self.shown = 0
        self.boxes = {}        # figure size (in) -> the crop box found for the first figure

    def show(self, fig_or_png):
        """Show a figure (closed and rendered here) or PNG bytes; returns the PNG bytes.

        Figures of a size seen before are cropped to the box found for the first one
        (widened to take this figure's extent when it is larger), which costs one layout
        instead of the two of bbox_inches="tight"."""
        if isinstance(fig_or_png, bytes):
            png = fig_or_png
        else:
            fig = fig_or_png
            size = tuple(fig.get_size_inches())
            if size not in self.boxes:
                self.boxes[size] = tight_box(fig)
            png = figure_png(fig, bbox_inches=self.boxes[size])
        width = png_size(png)[0] // DENSITY
        with self.widget.hold_sync():           # one message: the bytes and the width
            self.widget.value = png
            self.widget.width = str(width)
        self.shown += 1
        return png


class Status:
    """One line under the controls: what the explorer is doing, did, or what went wrong.

    `widget` is an HTML widget; `text` is the plain text of the current line.
    """

    COLOURS = {"working": "#1f77b4", "done": "#2ca02c", "note": "#555555", "error": WARNING_COLOUR}

    def __init__(self):
        self.widget = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        self.text, self.kind = "", "note"

    def set(self, text, kind="note"):
        self.text, self.kind = text, kind
        icon = {"working": "⏳ ", "done": "✔ ", "error": "⚠ "}.get(kind, "")
        self.widget.value = (f"<span style='color:{self.COLOURS[kind]}'>{icon}"
                             f"{html.escape(text)}</span>" if text else "")

    working = lambda self, text: self.set(text, "working")     # noqa: E731
    done = lambda self, text: self.set(text, "done")           # noqa: E731
    note = lambda self, text: self.set(text, "note")           # noqa: E731
    error = lambda self, text: self.set(text, "error")         # noqa: E731


def guarded(action, status):
    """Run action(); True if it ran without an exception.

    An exception is shown as an error line in `status` (never a traceback); warnings (for
    example numpy's overflow in a diverging run) are collected instead of printed, and the
    first one is added to the status line when the action set nothing worse.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            action()
        except Exception as error:        # noqa: BLE001  (a widget never shows a traceback)
            status.error(f"could not draw this setting: {type(error).__name__}: {error}")
            return False
    messages = sorted({str(w.message) for w in caught})
    if messages and status.kind not in ("error",):
        status.set((status.text + " " if status.text else "") + f"(note: {messages[0]})",
                   status.kind)
    return True


# Wiring

def control_row(controls):
    """The controls ({name: widget}) side by side, wrapping onto more lines when needed."""
    return widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))


def show_interactive(draw, controls, recomputes=False, cache=64):
    """Wire draw(**values) to the ipywidgets controls ({name: widget}).

    draw returns a figure or a pair (numbers, figure); its picture is shown below the
    controls and replaced whenever a control moves. A view that recomputes
    (recomputes=True) says "computing…" and then how long it took; the last `cache`
    pictures are kept, so going back to a setting shows it at once. Returns the VBox
    (attributes `controls`, `picture`, `status`, `redraw`).
    """
    picture, status = Picture(), Status()
    pictures = OrderedDict()

    def redraw(change=None):
        values = {name: control.value for name, control in controls.items()}
        key = tuple(sorted(values.items()))
        if key in pictures:
            pictures.move_to_end(key)
            picture.show(pictures[key])
            status.set("")
            return
        start = time.perf_counter()
        if recomputes:
            status.working("computing…")
        else:
            status.set("")

        def action():
            result = draw(**values)
            pictures[key] = picture.show(result[-1] if isinstance(result, tuple) else result)
            while len(pictures) > cache:
                pictures.popitem(last=False)

        if guarded(action, status) and recomputes:
            note = status.text.partition("(note:")[2]
            status.done(f"done in {time.perf_counter() - start:.1f} s"
                        + (f" (note:{note}" if note else ""))

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([control_row(controls), status.widget, picture.widget])
    box.controls, box.picture, box.status, box.redraw = controls, picture, status, redraw
    return box
