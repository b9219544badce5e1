"""The course's run time: every notebook executed, every widget redrawn.

    .venv/bin/python benchmarks/compare.py --only course     (or: python benchmarks/course.py)

Notebooks: each notebooks/*.ipynb is executed from a fresh kernel, as tools/execute_notebook.py
does, but in memory: the file is read and never written. The time includes starting and
stopping the kernel, which is measured on its own with a notebook of one empty cell.

Widgets: the pure compute-and-draw functions of `dnn_core.views` (named *_view or *_frame)
that can be called without arguments are called with their defaults; the time is the call
(compute and build the figure) and rendering the figure to PNG as the notebook's inline
backend does when it displays it. A function is "draw only" when its explorer's docstring
says it redraws live (sliders with continuous_update), else it recomputes (trains, or
backpropagates) when a control is released.
"""

import inspect
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from common import median  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
DRAW_ONLY_WORDS = ("draw only", "redraws live", "redraw live")
DRAW_ONLY_TARGET = 0.150
NOTEBOOK_TARGET = 15.0
CELL_TIMEOUT = 180         # seconds; a cell that takes longer fails its notebook


# ----- notebooks ---------------------------------------------------------------------------------

def execute_in_memory(nb, directory):
    """Seconds to execute the notebook object nb (changed in memory only) in a new kernel."""
    from nbclient import NotebookClient
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(directory)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def cell_seconds(cell):
    """How long the kernel took to run a code cell, from the timestamps nbclient records."""
    from datetime import datetime
    stamps = cell.get("metadata", {}).get("execution", {})
    start, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = lambda stamp: datetime.fromisoformat(stamp.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def notebook_seconds(path):
    """(seconds, seconds inside the cells, slowest cell as (index, seconds), error): error is
    None or the last line of the error message (the times then go up to the error)."""
    import nbformat
    nb = nbformat.read(path, as_version=4)
    start, error = time.perf_counter(), None
    try:
        execute_in_memory(nb, path.parent)
    except Exception as failure:    # a notebook being written may fail: report it, go on
        lines = [line for line in str(failure).splitlines() if line.strip()]
        error = lines[-1] if lines else type(failure).__name__
    seconds = time.perf_counter() - start
    cells = [cell_seconds(cell) for cell in nb.cells]
    slowest = max(enumerate(cells), key=lambda pair: pair[1])
    return seconds, sum(cells), slowest, error


def kernel_seconds():
    """Start, run one empty cell, stop: the part of every notebook's time that is the kernel."""
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    return execute_in_memory(nb, NOTEBOOKS)


def run_notebooks():
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    print(f"\n## Every notebook ({len(paths)} in {NOTEBOOKS.name}/), executed in memory from a "
          f"fresh kernel, once each; target < {NOTEBOOK_TARGET:.0f} s")
    kernel = kernel_seconds()
    print("\n| notebook | s | s inside the cells | slowest cell (index: s) | |")
    print("|---|---|---|---|---|")
    total = 0.0
    for path in paths:
        seconds, in_cells, (cell, cell_s), error = notebook_seconds(path)
        total += seconds
        verdict = f"FAILED: {error}" if error else (
            "ok" if seconds < NOTEBOOK_TARGET else f"over {NOTEBOOK_TARGET:.0f} s")
        print(f"| {path.name} | {seconds:.1f} | {in_cells:.1f} | {cell}: {cell_s:.1f} | "
              f"{verdict} |", flush=True)
    print(f"| all | {total:.1f} | | | |")
    print(f"\n- each line includes {kernel:.1f} s to start and stop the kernel "
          "(measured with one empty cell)")


# ----- widgets -----------------------------------------------------------------------------------

def draw_functions(module):
    """{name: function} of the module's own draw_*, *_view and *_frame functions."""
    return {name: f for name, f in inspect.getmembers(module, inspect.isfunction)
            if f.__module__ == module.__name__
            and (name.startswith("draw_") or name.endswith(("_view", "_frame")))}


def callable_without_arguments(function):
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in inspect.signature(function).parameters.values())


def is_draw_only(widgets, name):
    """True when the explorer in `widgets` that wires the view `name` says it redraws live."""
    stem = name.removeprefix("draw_").removesuffix("_view").removesuffix("_frame")
    explorer = getattr(widgets, f"{stem}_explorer", None)
    doc = (explorer.__doc__ or "").lower() if explorer else ""
    return any(words in doc for words in DRAW_ONLY_WORDS)


def redraw_seconds(function):
    """(seconds to compute and build the figure, seconds to render it to PNG) of one call."""
    from IPython.core.pylabtools import print_figure
    start = time.perf_counter()
    result = function()
    built = time.perf_counter()
    fig = result[-1] if isinstance(result, tuple) else result
    print_figure(fig, "png")
    rendered = time.perf_counter()
    plt.close(fig)
    return built - start, rendered - built


def run_widgets(repeats):
    from dnn_core import views, widgets
    from dnn_core.plots import setup_notebook
    setup_notebook()                      # the notebooks' figure size and dpi
    functions = draw_functions(views)
    callable_now = {n: f for n, f in functions.items() if callable_without_arguments(f)}
    skipped = sorted(set(functions) - set(callable_now))
    print(f"\n## Widget redraws: the draw functions of dnn_core.views with their default "
          f"arguments, median of {repeats} after one warm-up call; target for a draw-only "
          f"update < {DRAW_ONLY_TARGET * 1000:.0f} ms")
    print("\n| function | kind | compute + figure ms | PNG ms | total ms | |")
    print("|---|---|---|---|---|---|")
    for name, function in callable_now.items():
        redraw_seconds(function)
        times = [redraw_seconds(function) for _ in range(repeats)]
        build, png = median([t[0] for t in times]), median([t[1] for t in times])
        draw_only = is_draw_only(widgets, name)
        verdict = ("ok" if build + png < DRAW_ONLY_TARGET else "over target") if draw_only else ""
        print(f"| {name} | {'draw only' if draw_only else 'recomputes'} | {build * 1000:.0f} | "
              f"{png * 1000:.0f} | {(build + png) * 1000:.0f} | {verdict} |")
    if skipped:
        print("\n- skipped (they need arguments): " + ", ".join(
            f"{n}{inspect.signature(functions[n])}" for n in skipped))


def run_course_part(repeats=3):
    run_notebooks()
    run_widgets(repeats)


if __name__ == "__main__":
    run_course_part()
