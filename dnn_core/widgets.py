"""Interactive explorers. Each explorer is a pure function that computes and draws for
given values (testable without a browser: it returns the numbers and the figure) plus a
thin ipywidgets wiring function that calls it when a control moves.

Sliders that trigger training use continuous_update=False; draw-only sliders redraw live.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display


def show_interactive(draw, controls):
    """Wire `draw(**values)` to the ipywidgets `controls` ({name: widget}). draw returns a
    figure or a pair (numbers, figure); the figure is shown below the controls and closed,
    so redraws do not pile up figures. Returns the VBox to display."""

    def redraw(**values):
        result = draw(**values)
        fig = result[-1] if isinstance(result, tuple) else result
        display(fig)
        plt.close(fig)

    row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
    return widgets.VBox([row, widgets.interactive_output(redraw, controls)])


# ===== notebooks 00–03 (add explorers for these notebooks above this line) =====

# ===== notebooks 04–06 (add explorers for these notebooks above this line) =====

# ===== notebooks 07–10 (add explorers for these notebooks above this line) =====
