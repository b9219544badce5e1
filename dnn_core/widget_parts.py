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
recompute say that they are working and when they are done. The words of the status lines
come from `dnn_core.language` (English or Chinese, as set by `setup_notebook`).
"""

import html
import struct
import time
import warnings
import zlib
from collections import OrderedDict

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.mathtext import MathTextParser

from .language import say
from .plots import WARNING_COLOUR

DENSITY = 2              # PNG pixels per CSS pixel: sharp on HiDPI screens and projectors


# Pictures and status lines

class MathTextCache(MathTextParser):
    """A math-text parser that remembers every expression it laid out.

    matplotlib caches parsed math text ($a^2_3$) per parser and only the last 50, and every
    new figure gets a new Agg renderer with a parser of its own: a diagram redrawn with new
    sizes parsed each of its labels again, most of its time. The pictures share one of these.
    """

    def __init__(self):
        super().__init__("path")
        self.parsed = {}

    def parse(self, s, dpi=72, prop=None, *, antialiased=None):
        if antialiased is None:           # as matplotlib does: measuring and drawing share a key
            antialiased = matplotlib.rcParams["text.antialiased"]
        key = (s, dpi, None if prop is None else prop.copy(), antialiased)
        if key not in self.parsed:
            self.parsed[key] = super().parse(s, dpi, prop, antialiased=antialiased)
        return self.parsed[key]


MATH_PARSER = MathTextCache()


def density_renderer(fig, density=DENSITY):
    """fig (closed: pyplot forgets it) set to `density` times its dpi, on an Agg canvas whose
    renderer shares MATH_PARSER. Returns the canvas; its renderer is reused by `draw()` as
    long as the figure's size and dpi stay the same."""
    plt.close(fig)
    fig.set_dpi(fig.dpi * density)
    canvas = FigureCanvasAgg(fig)
    canvas.get_renderer().mathtext_parser = MATH_PARSER
    return canvas


def tight_box(fig, pad=0.08):
    """The box (in inches) around everything drawn in fig, padded: what bbox_inches="tight"
    would crop to, computed from the figure's layout without rendering it."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    return fig.get_tightbbox(canvas.get_renderer()).padded(pad)


def png_bytes(rgba):
    """PNG bytes of the RGB part of an RGBA image (uint8, shape (h, w, 4)): grey levels when
    the image has no colour (a network diagram: a third of the bytes), rows unfiltered,
    zlib level 1.

    Two to three times faster than Pillow's encoder, which tries every row filter: a
    widget's picture travels once over a local socket, so speed matters, not size (the
    result is about as small for figures, which are mostly flat colour)."""
    height, width, _ = rgba.shape
    red, green, blue = rgba[..., 0], rgba[..., 1], rgba[..., 2]
    grey = np.array_equal(red, green) and np.array_equal(red, blue)
    channels = 1 if grey else 3
    rows = np.zeros((height, channels * width + 1), np.uint8)      # each row: filter 0, pixels
    rows[:, 1:].reshape(height, width, channels)[...] = red[..., None] if grey else rgba[..., :3]

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0 if grey else 2, 0, 0, 0)   # 8-bit grey or RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))


def canvas_png(canvas, box=None):
    """PNG bytes of what an Agg canvas holds, cropped to box (inches, as `tight_box` gives;
    None: the whole figure)."""
    rgba = np.asarray(canvas.buffer_rgba())
    if box is not None:
        height, width = rgba.shape[:2]
        d = canvas.figure.dpi
        rgba = rgba[max(0, int(height - box.y1 * d)):min(height, int(np.ceil(height - box.y0 * d))),
                    max(0, int(box.x0 * d)):min(width, int(np.ceil(box.x1 * d)))]
    return png_bytes(rgba)


def figure_png(fig, density=DENSITY, box="tight"):
    """The PNG bytes of fig at `density` times its dpi, cropped to `box` (inches; "tight":
    around everything drawn; None: the whole figure). fig is closed first (pyplot forgets
    it, so no post-execute hook can draw it); it is rendered once, and keeps its dpi."""
    dpi = fig.dpi
    canvas = density_renderer(fig, density)
    try:
        if box == "tight":
            box = tight_box(fig)
        canvas.draw()
        return canvas_png(canvas, box)
    finally:
        fig.set_dpi(dpi)


def png_size(png):
    """(width, height) in pixels of PNG bytes (from the IHDR chunk)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


class Backdrop:
    """A figure drawn once, with the parts that move drawn over a copy of it (blitting).

    For a live view in which a slider moves only a few artists (a point on a curve, a
    curve, a title): `Backdrop(fig)` renders fig at DENSITY once, with empty titles.
    `png(marks)` calls marks(), which draws on fig and returns (numbers, the artists it
    drew or changed); only those artists are drawn over the stored pixels, the new ones are
    removed again, and (numbers, PNG bytes of the whole figure) is returned. The figure's
    layout must leave room for every mark (fixed margins, no tight_layout).
    """

    def __init__(self, fig):
        self.figure = fig
        self.canvas = density_renderer(fig)
        self.canvas.draw()
        self.pixels = self.canvas.copy_from_bbox(fig.bbox)
        self.own = set(fig.findobj())         # its artists: changed by marks, never removed

    def png(self, marks):
        numbers, artists = marks()
        self.canvas.restore_region(self.pixels)
        renderer = self.canvas.get_renderer()
        for artist in artists:
            artist.draw(renderer)
        png = canvas_png(self.canvas)
        for artist in artists:
            if artist not in self.own:
                artist.remove()
        return numbers, png


class Picture:
    """An `ipywidgets.Image` that shows figures (or PNG bytes) at DENSITY, replaced in place.

    `widget` is the Image; `show(fig_or_png)` renders and shows; `shown` counts the pictures.
    """

    def __init__(self):
        self.widget = widgets.Image(format="png", layout=widgets.Layout(max_width="100%",
                                                                       height="auto"))
        self.shown = 0

    def show(self, fig_or_png, crop=True):
        """Show a figure (closed and rendered here; cropped to everything drawn, or whole
        with crop=False for a figure laid out to fill itself, which saves a layout) or PNG
        bytes; returns the PNG bytes."""
        if isinstance(fig_or_png, bytes):
            png = fig_or_png
        else:
            png = figure_png(fig_or_png, box="tight" if crop else None)
        width = png_size(png)[0] // DENSITY
        with self.widget.hold_sync():           # one message: the bytes and the width
            self.widget.value = png
            self.widget.width = str(width)
        self.shown += 1
        return png


class Status:
    """One line under the controls: what the explorer is doing, did, or what went wrong.

    `widget` is an HTML widget; `text` is the plain text of the current line; `warning` the
    first warning of the last guarded action (None if it gave none).
    """

    COLOURS = {"working": "#1f77b4", "done": "#2ca02c", "note": "#555555", "error": WARNING_COLOUR}

    def __init__(self):
        self.widget = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        self.text, self.kind, self.warning = "", "note", None

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
    first one is added to the status line (and kept as `status.warning`) when the action set
    nothing worse.
    """
    status.warning = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            action()
        except Exception as error:        # noqa: BLE001  (a widget never shows a traceback)
            status.error(say("status.draw_failed", error=f"{type(error).__name__}: {error}"))
            return False
    messages = sorted({str(w.message) for w in caught})
    if messages and status.kind not in ("error",):
        status.warning = messages[0]
        status.set((status.text + " " if status.text else "") + say("status.warning", message=messages[0]),
                   status.kind)
    return True


# Wiring

def control_row(controls):
    """The controls ({name: widget}) side by side, wrapping onto more lines when needed."""
    return widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))


def show_interactive(draw, controls, recomputes=False, cache=64, crop=True):
    """Wire draw(**values) to the ipywidgets controls ({name: widget}).

    draw returns a figure or a pair (numbers, figure); its picture is shown below the
    controls and replaced whenever a control moves. A view that recomputes
    (recomputes=True) says "computing…" and then how long it took (in the course's
    language); the last `cache` pictures are kept, so going back to a setting shows it at
    once. crop=False shows a figure whole, for views laid out with fixed margins (no layout
    to find the crop). Returns the VBox
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
            status.working(say("status.computing"))
        else:
            status.set("")

        def action():
            result = draw(**values)
            pictures[key] = picture.show(result[-1] if isinstance(result, tuple) else result, crop)
            while len(pictures) > cache:
                pictures.popitem(last=False)

        if guarded(action, status) and recomputes:
            note = " " + say("status.warning", message=status.warning) if status.warning else ""
            status.done(say("status.done_in", seconds=time.perf_counter() - start) + note)

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([control_row(controls), status.widget, picture.widget])
    box.controls, box.picture, box.status, box.redraw = controls, picture, status, redraw
    return box
