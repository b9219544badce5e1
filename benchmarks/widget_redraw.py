"""How long one redraw of a draw-only view takes, as a slider move shows it in a notebook.

    make bench            (or: .venv/bin/python benchmarks/widget_redraw.py [--redraws 21])

The views whose explorers redraw live while a slider moves (continuous_update): the σ
slider view (`sigmoid_view`, notebook 07), the structure view (`structure_view`, 02) and the
neuron view (`neuron_view`, 00), from `dnn_core.views`. One redraw is what the explorer does
on a slider move: compute the numbers, build the figure, render it to PNG as the inline
backend does when it displays it (IPython's `print_figure`, bbox_inches="tight"), after
`setup_notebook()` (the notebooks' dpi). Each view is called with a different slider value
every time, over `--redraws` values (at least 10), after one warm-up call.

The baseline is an empty figure of the same size, built and rendered the same way, timed in
the same process and interleaved with the view (view, baseline, view, baseline, …) so that
both see the same machine load. The table gives the medians and the ratio view / empty
figure, which moves less from machine to machine than the milliseconds. The target of a
draw-only update (< 150 ms, benchmarks/README.md) is reported, never asserted.
"""

import argparse
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402
from common import machine_lines, median  # noqa: E402
from IPython.core.pylabtools import print_figure  # noqa: E402

from dnn_core.plots import setup_notebook  # noqa: E402
from dnn_core.views import neuron_view, sigmoid_view, structure_view  # noqa: E402

TARGET = 0.150          # seconds for a draw-only update


def slider_moves(n):
    """{view name: (function, [kwargs of the n redraws])}: a slider dragged across its range."""
    z = np.linspace(-8.0, 8.0, n)
    w = np.linspace(-4.0, 4.0, n)
    return {
        "sigmoid_view (σ slider, 07)": (sigmoid_view, [{"z": float(v)} for v in z]),
        "structure_view (02)": (structure_view, [
            {"n_in": 3, "hidden_layers": 1 + k % 3, "n_hidden": 2 + k % 5, "n_out": 2}
            for k in range(n)]),
        "neuron_view (00)": (neuron_view, [{"w": float(v), "b": 0.5} for v in w]),
    }


def figure_of(result):
    return result[-1] if isinstance(result, tuple) else result


def one_redraw(function, kwargs):
    """(seconds to compute and build the figure, seconds to render it to PNG, size in inches)."""
    start = time.perf_counter()
    fig = figure_of(function(**kwargs))
    built = time.perf_counter()
    print_figure(fig, "png")
    rendered = time.perf_counter()
    size = tuple(fig.get_size_inches())
    plt.close(fig)
    return built - start, rendered - built, size


def empty_figure(size):
    """The baseline: seconds to build and render an empty figure of this size (one blank Axes
    without frame or ticks filling it, since print_figure skips a figure without Axes)."""
    start = time.perf_counter()
    fig = plt.figure(figsize=size)
    fig.add_axes((0, 0, 1, 1)).set_axis_off()
    print_figure(fig, "png")
    plt.close(fig)
    return time.perf_counter() - start


def measure(function, moves):
    """Medians over the moves, the view and its baseline interleaved."""
    size = one_redraw(function, moves[0])[2]               # warm-up; the figure's size
    empty_figure(size)
    build, png, total, baseline, sizes = [], [], [], [], set()
    for kwargs in moves:
        b, p, size = one_redraw(function, kwargs)
        build.append(b)
        png.append(p)
        total.append(b + p)
        sizes.add(size)
        baseline.append(empty_figure(size))
    return {"sizes": sorted(sizes), "build": median(build), "png": median(png), "total": median(total),
            "max": max(total), "empty": median(baseline)}


def size_text(sizes):
    """'8.0 × 2.9', or the range of sizes when the view's figure grows with the slider."""
    if len(sizes) == 1:
        return "{:.1f} × {:.1f}".format(*sizes[0])
    widths, heights = [w for w, _ in sizes], [h for _, h in sizes]
    return f"{min(widths):.1f}–{max(widths):.1f} × {min(heights):.1f}–{max(heights):.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redraws", type=int, default=21, help="slider values per view (≥ 10)")
    args = parser.parse_args()
    if args.redraws < 10:
        parser.error("--redraws must be at least 10 (a median of fewer moves is noise)")
    setup_notebook()
    for line in machine_lines():
        print(line)
    print(f"\nOne redraw of each draw-only view: median of {args.redraws} slider values after a "
          f"warm-up; baseline: an empty figure of the same size, interleaved; target "
          f"< {TARGET * 1000:.0f} ms, reported, not asserted.\n")
    print("| view | figure (in) | compute + figure ms | PNG ms | total ms | max ms "
          "| empty figure ms | total / empty | < 150 ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, (function, moves) in slider_moves(args.redraws).items():
        r = measure(function, moves)
        print(f"| {name} | {size_text(r['sizes'])} | {r['build'] * 1000:.0f} | "
              f"{r['png'] * 1000:.0f} | {r['total'] * 1000:.0f} | {r['max'] * 1000:.0f} | "
              f"{r['empty'] * 1000:.1f} | {r['total'] / r['empty']:.1f}x | "
              f"{'yes' if r['total'] < TARGET else 'no'} |")


if __name__ == "__main__":
    main()
