"""Controls wired to views: the explorers the notebooks import.

Each explorer here builds sliders or dropdowns and calls a view of `dnn_core.views` (a pure
function returning numbers and a figure) whenever a control moves, showing the figure below
the controls. Nothing is computed here. Sliders that trigger training use
continuous_update=False (they redraw when released); draw-only sliders redraw live.

The wiring itself (`show_interactive`, the picture updated in place, the status line, the
guarded callback) is in `dnn_core.widget_parts`, which also explains how a picture reaches
the page: rendered to PNG on the kernel's main thread, never a pyplot figure left open
between messages. The explorers that train on a button press (`TrainingProgress`,
`loss_curve_explorer`, `playground_widget`) are in `dnn_core.training_widgets` and are
importable from here too.
"""

import ipywidgets as widgets

from .language import say
from .training_widgets import TrainingProgress, loss_curve_explorer, playground_widget
from .views import (
    forward_view,
    neuron_backdrop,
    neuron_marks,
    nudge_view,
    perceptron_frame,
    sigmoid_backdrop,
    sigmoid_marks,
    slowdown_view,
    structure_view,
    vanishing_gradients_view,
)
from .widget_parts import Backdrop, show_interactive

__all__ = [
    "TrainingProgress",
    "forward_explorer",
    "loss_curve_explorer",
    "neuron_explorer",
    "nudge_explorer",
    "perceptron_explorer",
    "playground_widget",
    "sigmoid_explorer",
    "slowdown_explorer",
    "structure_explorer",
    "vanishing_gradients_explorer",
]


# One neuron and the perceptron

def neuron_explorer(w=1.0, b=0.0):
    """Sliders for w and b of `views.neuron_view` (draw only: redraws live, only the curve
    and the title over the axes drawn once)."""
    controls = {
        "w": widgets.FloatSlider(value=w, min=-5, max=5, step=0.5, description="w"),
        "b": widgets.FloatSlider(value=b, min=-5, max=5, step=0.5, description="b"),
    }
    fig, ax = neuron_backdrop()
    backdrop = Backdrop(fig)
    return show_interactive(lambda w, b: backdrop.png(lambda: neuron_marks(ax, w, b)), controls)


def perceptron_explorer(X, y, steps, t=1):
    """A slider over the update number t of a perceptron run (`views.perceptron_frame`)."""
    def draw(t):
        return perceptron_frame(X, y, steps, t)
    slider = widgets.IntSlider(value=t, min=1, max=len(steps), step=1, description=say("control.update"))
    return show_interactive(draw, {"t": slider})


# The structure of a network and its forward pass

def structure_explorer(n_in=3, hidden_layers=1, n_hidden=4, n_out=2):
    """Sliders for the layer sizes of `views.structure_view` (draw only: redraws live)."""
    controls = {
        "n_in": widgets.IntSlider(value=n_in, min=1, max=8, description=say("control.inputs")),
        "hidden_layers": widgets.IntSlider(value=hidden_layers, min=0, max=4,
                                           description=say("control.hidden_layers")),
        "n_hidden": widgets.IntSlider(value=n_hidden, min=1, max=8, description=say("control.per_hidden")),
        "n_out": widgets.IntSlider(value=n_out, min=1, max=8, description=say("control.outputs")),
    }
    return show_interactive(structure_view, controls, crop=False)


def forward_explorer(net, X, y=None, index=0):
    """A slider over the samples (columns of X, shape (n_1, m)) of `views.forward_view`."""
    def draw(index):
        return forward_view(net, X, index, y)
    slider = widgets.IntSlider(value=index, min=0, max=X.shape[1] - 1, description=say("control.sample"))
    return show_interactive(draw, {"index": slider})


# The demon's nudge

def nudge_explorer(net, X, Y, l=None, j=1, dz=1.0, span=3.0):
    """Sliders for the demon of `views.nudge_view`: the layer l, the neuron j and Δz.

    l runs over 2..L (default L), j over 1..n_l (its range follows the layer), Δz over
    [−span, span]. Draw only: redraws live.
    """
    l = net.L if l is None else l
    layer = widgets.IntSlider(value=l, min=2, max=net.L, description=say("control.layer"))
    neuron = widgets.IntSlider(value=j, min=1, max=net.n(l), description=say("control.neuron"))
    nudge = widgets.FloatSlider(value=dz, min=-span, max=span, step=0.1, description="Δz")

    def follow_layer(change):
        neuron.max = net.n(change["new"])

    layer.observe(follow_layer, names="value")

    def draw(l, j, dz):
        return nudge_view(net, X, Y, l, min(j, net.n(l)), dz, span)

    return show_interactive(draw, {"l": layer, "j": neuron, "dz": nudge})


# Saturation and the learning slowdown

def sigmoid_explorer(z=2.0, threshold=0.01):
    """A z slider and a threshold slider for `views.sigmoid_view` (draw only: redraws live;
    z moves only the marks and the title over the curves, drawn once per threshold)."""
    controls = {
        "z": widgets.FloatSlider(value=z, min=-8, max=8, step=0.1, description="z",
                                 continuous_update=True),
        "threshold": widgets.FloatLogSlider(value=threshold, base=10, min=-4, max=-0.7,
                                            step=0.1, description=say("control.threshold"),
                                            readout_format=".4f", continuous_update=True),
    }
    backdrops = {}        # threshold -> the curves with its shaded regions, drawn once

    def draw(z, threshold):
        if threshold not in backdrops:
            backdrops.clear()
            backdrops[threshold] = Backdrop(sigmoid_backdrop(threshold)[0])
        backdrop = backdrops[threshold]
        return backdrop.png(lambda: sigmoid_marks(backdrop.figure, backdrop.figure.axes, z, threshold))

    return show_interactive(draw, controls)


def slowdown_explorer(w=2.0, b=2.0, eta=0.15, loss="quadratic", epochs=300):
    """Sliders for the start (w, b), the step η and the loss of `views.slowdown_view`.

    Moving one retrains, so the sliders act when released (continuous_update=False).
    """
    controls = {
        "w": widgets.FloatSlider(value=w, min=-4, max=4, step=0.1, description=say("control.start_w"),
                                 continuous_update=False),
        "b": widgets.FloatSlider(value=b, min=-4, max=4, step=0.1, description=say("control.start_b"),
                                 continuous_update=False),
        "eta": widgets.FloatLogSlider(value=eta, base=10, min=-3, max=1, step=0.1,
                                      description="η", readout_format=".3f",
                                      continuous_update=False),
        "loss": widgets.Dropdown(options=["quadratic", "cross_entropy"], value=loss,
                                 description=say("control.loss")),
    }
    return show_interactive(lambda **v: slowdown_view(**v, epochs=epochs), controls,
                            recomputes=True)


def vanishing_gradients_explorer(hidden_layers=4, gain=1.0):
    """Sliders for the depth and a gain on the initial weights of `views.vanishing_gradients_view`.

    Each redraw backpropagates 500 digits through two networks, so the sliders act when
    released (continuous_update=False).
    """
    controls = {
        "hidden_layers": widgets.IntSlider(value=hidden_layers, min=1, max=8,
                                           description=say("control.hidden_layers"),
                                           continuous_update=False),
        "gain": widgets.FloatLogSlider(value=gain, base=2, min=-3, max=3, step=0.25,
                                       description=say("control.weight_gain"), readout_format=".2f",
                                       continuous_update=False),
    }
    return show_interactive(vanishing_gradients_view, controls, recomputes=True)
