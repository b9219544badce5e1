"""How long one redraw of a live explorer takes in the kernel, before and after issue 12.

    make bench            (or: .venv/bin/python benchmarks/widget_redraw.py [--redraws 21])

The explorers that redraw while a slider moves (continuous_update) and the playground's
Step: the σ slider (`sigmoid_explorer`, notebook 07), the structure view
(`structure_explorer`, 02), the neuron (`neuron_explorer`, 00) and one epoch of the
playground (`playground_widget`, 10). For each, two ways to the new picture are timed in the
same process, interleaved (one, the other, one, …) so both see the same machine load:

- **before**: the view builds a whole new figure and IPython's `print_figure` renders it as
  the inline backend does (retina, bbox_inches="tight") — how the explorers drew before;
- **now**: what the explorer does today when the control moves (`control.value = v` or the
  Step button), measured from the change to the new PNG bytes in its picture: the marks
  drawn over a backdrop (σ, neuron), one math-text parser for all labels (structure), the
  whole figure without a tight-box layout (playground), the fast PNG encoder.

Each row is the median over `--redraws` values (at least 10) after one warm-up, with the
ratio before / now, which moves less from machine to machine than the milliseconds. The
kernel's share of the budgets (a draw-only view ≤ 150 ms, a recomputing one ≤ 400 ms from the
input event to the picture in the page) is reported, never asserted; the page's share is
measured by widget_latency.py in a real browser.
"""

import argparse
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402
from common import machine_lines, median  # noqa: E402
from IPython.core.pylabtools import print_figure  # noqa: E402

from dnn_core.playground import Playground  # noqa: E402
from dnn_core.plots import setup_notebook  # noqa: E402
from dnn_core.views import neuron_view, sigmoid_view, structure_view  # noqa: E402
from dnn_core.widgets import (  # noqa: E402
    neuron_explorer,
    playground_widget,
    sigmoid_explorer,
    structure_explorer,
)

DRAW_ONLY, RECOMPUTES = 0.150, 0.400


def before(draw):
    """Seconds to build draw()'s figure and render it as the inline backend did."""
    start = time.perf_counter()
    result = draw()
    fig = result[-1] if isinstance(result, tuple) else result
    print_figure(fig, "retina", bbox_inches="tight")
    plt.close(fig)
    return time.perf_counter() - start


def now(act, picture):
    """Seconds from act() (a control moved, a button pressed) to new bytes in picture."""
    old = picture.value
    start = time.perf_counter()
    act()
    seconds = time.perf_counter() - start
    assert picture.value != old, "the explorer showed no new picture"
    return seconds


def set_value(box, name, value):
    return lambda: setattr(box.controls[name], "value", value)


def cases(n):
    """{name: (budget, [(before thunk, now thunk)] × n)}: a slider dragged across its range."""
    z, w = np.linspace(-8.0, 8.0, n), np.linspace(-4.0, 4.0, n)
    sigma, neuron, structure = sigmoid_explorer(z=7.9), neuron_explorer(w=4.5), structure_explorer()
    sizes, structures = {"n_in": 3, "hidden_layers": 1, "n_hidden": 4, "n_out": 2}, []
    for k in range(n):                          # one slider moves at a time, as a learner does
        name, value = ("n_in", 1 + (k // 2) % 8) if k % 2 else ("n_hidden", 1 + (k // 2 + 3) % 8)
        value = value if value != sizes[name] else 1 + value % 8
        sizes = {**sizes, name: value}
        structures.append((dict(sizes), name, value))
    pg = Playground("circles", hidden=[4, 4], activation="tanh", eta=0.1, seed=0)
    playground = playground_widget(pg, epochs=100)
    shadow = Playground("circles", hidden=[4, 4], activation="tanh", eta=0.1, seed=0)

    def shadow_step():
        shadow.step(1)
        return shadow.draw()

    return {
        "σ slider (07)": (DRAW_ONLY, sigma.picture.widget, [
            (lambda v=float(v): sigmoid_view(z=v), set_value(sigma, "z", float(v))) for v in z]),
        "neuron (00)": (DRAW_ONLY, neuron.picture.widget, [
            (lambda v=float(v): neuron_view(w=v, b=0.5), set_value(neuron, "w", float(v))) for v in w]),
        "structure view (02)": (DRAW_ONLY, structure.picture.widget, [
            (lambda k=k: structure_view(**k), set_value(structure, name, v)) for k, name, v in structures]),
        "playground Step (10)": (RECOMPUTES, playground.picture.widget, [
            (shadow_step, playground.buttons["step"].click) for _ in range(n)]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redraws", type=int, default=21, help="slider values per view (≥ 10)")
    args = parser.parse_args()
    if args.redraws < 10:
        parser.error("--redraws must be at least 10 (a median of fewer moves is noise)")
    setup_notebook()
    for line in machine_lines():
        print(line)
    print(f"\nOne redraw in the kernel: median of {args.redraws} values after a warm-up; before "
          f"(a new figure, IPython's print_figure) and now (the explorer's own path) "
          f"interleaved. Reported, not asserted.\n")
    print("| explorer | before ms | now ms | max now ms | before / now | kernel's share of the budget |")
    print("|---|---|---|---|---|---|")
    for name, (budget, picture, moves) in cases(args.redraws + 1).items():
        old, new = [], []
        for k, (draw, act) in enumerate(moves):
            b, n = before(draw), now(act, picture)
            if k:                                       # the first pair is the warm-up
                old.append(b)
                new.append(n)
        print(f"| {name} | {median(old) * 1000:.0f} | {median(new) * 1000:.0f} | "
              f"{max(new) * 1000:.0f} | {median(old) / median(new):.1f}x | "
              f"{median(new) / budget:.0%} of {budget * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
