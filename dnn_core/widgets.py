"""Controls wired to views: the ipywidgets side of the explorers.

Each explorer here builds sliders, dropdowns or buttons and calls a view of
`dnn_core.views` (a pure function returning numbers and a figure) whenever a control moves,
showing the figure below the controls. Nothing is computed here. Sliders that trigger
training use continuous_update=False (they redraw when released); draw-only sliders redraw
live. Every drawing happens on the kernel's main thread.
"""

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import clear_output, display

from .datasets import TOY_DATASETS
from .network import TrainingDivergedError
from .playground import (
    HIDDEN_ACTIVATIONS,
    MULTICLASS_DATASETS,
    PLAYGROUND_LOSSES,
    Playground,
    default_noise,
)
from .plots import plot_history
from .validation import check_count
from .views import (
    forward_view,
    loss_curve_view,
    neuron_view,
    nudge_view,
    perceptron_frame,
    sigmoid_view,
    slowdown_view,
    structure_view,
    vanishing_gradients_view,
)

# Wiring

def control_row(controls):
    """The controls ({name: widget}) side by side, wrapping onto more lines when needed."""
    return widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))


def show_figure(fig):
    """Display a figure and close it, so that redraws do not pile up figures."""
    display(fig)
    plt.close(fig)


def show_interactive(draw, controls):
    """Wire draw(**values) to the ipywidgets controls ({name: widget}).

    draw returns a figure or a pair (numbers, figure); the figure is shown below the
    controls, and shown again whenever a control moves. Returns the VBox to display.
    """

    def redraw(**values):
        result = draw(**values)
        show_figure(result[-1] if isinstance(result, tuple) else result)

    return widgets.VBox([control_row(controls), widgets.interactive_output(redraw, controls)])


# One neuron and the perceptron

def neuron_explorer(w=1.0, b=0.0):
    """Sliders for w and b of `views.neuron_view` (draw only: redraws live)."""
    controls = {
        "w": widgets.FloatSlider(value=w, min=-5, max=5, step=0.5, description="w"),
        "b": widgets.FloatSlider(value=b, min=-5, max=5, step=0.5, description="b"),
    }
    return show_interactive(neuron_view, controls)


def perceptron_explorer(X, y, steps, t=1):
    """A slider over the update number t of a perceptron run (`views.perceptron_frame`)."""
    def draw(t):
        return perceptron_frame(X, y, steps, t)
    slider = widgets.IntSlider(value=t, min=1, max=len(steps), step=1, description="update")
    return show_interactive(draw, {"t": slider})


# The structure of a network and its forward pass

def structure_explorer(n_in=3, hidden_layers=1, n_hidden=4, n_out=2):
    """Sliders for the layer sizes of `views.structure_view` (draw only: redraws live)."""
    controls = {
        "n_in": widgets.IntSlider(value=n_in, min=1, max=8, description="inputs"),
        "hidden_layers": widgets.IntSlider(value=hidden_layers, min=0, max=4,
                                           description="hidden layers"),
        "n_hidden": widgets.IntSlider(value=n_hidden, min=1, max=8, description="per hidden"),
        "n_out": widgets.IntSlider(value=n_out, min=1, max=8, description="outputs"),
    }
    return show_interactive(structure_view, controls)


def forward_explorer(net, X, y=None, index=0):
    """A slider over the samples (columns of X, shape (n_1, m)) of `views.forward_view`."""
    def draw(index):
        return forward_view(net, X, index, y)
    slider = widgets.IntSlider(value=index, min=0, max=X.shape[1] - 1, description="sample")
    return show_interactive(draw, {"index": slider})


# The demon's nudge

def nudge_explorer(net, X, Y, l=None, j=1, dz=1.0, span=3.0):
    """Sliders for the demon of `views.nudge_view`: the layer l, the neuron j and Δz.

    l runs over 2..L (default L), j over 1..n_l (its range follows the layer), Δz over
    [−span, span]. Draw only: redraws live.
    """
    l = net.L if l is None else l
    layer = widgets.IntSlider(value=l, min=2, max=net.L, description="layer l")
    neuron = widgets.IntSlider(value=j, min=1, max=net.n(l), description="neuron j")
    nudge = widgets.FloatSlider(value=dz, min=-span, max=span, step=0.1, description="Δz")

    def follow_layer(change):
        neuron.max = net.n(change["new"])

    layer.observe(follow_layer, names="value")

    def draw(l, j, dz):
        return nudge_view(net, X, Y, l, min(j, net.n(l)), dz, span)

    return show_interactive(draw, {"l": layer, "j": neuron, "dz": nudge})


# Saturation and the learning slowdown

def sigmoid_explorer(z=2.0, threshold=0.01):
    """A z slider and a threshold slider for `views.sigmoid_view` (draw only: redraws live)."""
    controls = {
        "z": widgets.FloatSlider(value=z, min=-8, max=8, step=0.1, description="z",
                                 continuous_update=True),
        "threshold": widgets.FloatLogSlider(value=threshold, base=10, min=-4, max=-0.7,
                                            step=0.1, description="threshold",
                                            readout_format=".4f", continuous_update=True),
    }
    return show_interactive(sigmoid_view, controls)


def slowdown_explorer(w=2.0, b=2.0, eta=0.15, loss="quadratic", epochs=300):
    """Sliders for the start (w, b), the step η and the loss of `views.slowdown_view`.

    Moving one retrains, so the sliders act when released (continuous_update=False).
    """
    controls = {
        "w": widgets.FloatSlider(value=w, min=-4, max=4, step=0.1, description="start w",
                                 continuous_update=False),
        "b": widgets.FloatSlider(value=b, min=-4, max=4, step=0.1, description="start b",
                                 continuous_update=False),
        "eta": widgets.FloatLogSlider(value=eta, base=10, min=-3, max=1, step=0.1,
                                      description="η", readout_format=".3f",
                                      continuous_update=False),
        "loss": widgets.Dropdown(options=["quadratic", "cross_entropy"], value=loss,
                                 description="loss"),
    }
    return show_interactive(lambda **v: slowdown_view(**v, epochs=epochs), controls)


def vanishing_gradients_explorer(hidden_layers=4, gain=1.0):
    """Sliders for the depth and a gain on the initial weights of `views.vanishing_gradients_view`.

    Each redraw backpropagates 500 digits through two networks, so the sliders act when
    released (continuous_update=False).
    """
    controls = {
        "hidden_layers": widgets.IntSlider(value=hidden_layers, min=1, max=8,
                                           description="hidden layers", continuous_update=False),
        "gain": widgets.FloatLogSlider(value=gain, base=2, min=-3, max=3, step=0.25,
                                       description="weight gain", readout_format=".2f",
                                       continuous_update=False),
    }
    return show_interactive(vanishing_gradients_view, controls)


# Training

class TrainingProgress:
    """The progress of a training run as it goes, as a callback of `Network.train`.

    Pass it as callback to `Network.train` or `Network.train_batch` (it is called as
    callback(epoch, history) after every epoch):

        progress = TrainingProgress(epochs=30, live_plot=True)
        history = net.train(X, Y, 30, 10, 3.0, validation=(X_val, y_val), callback=progress)

    Shows an ipywidgets progress bar with the line `history.describe(epochs)` next to it;
    with live_plot=True also the loss curve, redrawn about `redraws` times in the run.
    show=False builds the widget without displaying it (display `progress.widget` yourself).
    """

    def __init__(self, epochs, description="training", live_plot=False, redraws=20,
                 metric="loss", show=True):
        self.epochs, self.metric = check_count("epochs", epochs), metric
        self.bar = widgets.IntProgress(value=0, min=0, max=self.epochs, description=description,
                                       bar_style="info")
        self.label = widgets.Label(value=f"epoch 0 of {self.epochs}")
        self.plot = widgets.Output() if live_plot else None
        redraws = check_count("redraws", redraws, minimum=0)   # 0: only at the end
        self.every = max(1, -(-self.epochs // max(1, redraws)))   # ceil(epochs / redraws)
        rows = [widgets.HBox([self.bar, self.label])]
        if self.plot is not None:
            rows.append(self.plot)
        self.widget = widgets.VBox(rows)
        if show:
            display(self.widget)

    def __call__(self, epoch, history):
        self.bar.value = min(epoch, self.epochs)
        self.label.value = history.describe(total_epochs=self.epochs)
        if epoch >= self.epochs:
            self.bar.bar_style = "success"
        if self.plot is not None and (epoch % self.every == 0 or epoch >= self.epochs):
            with self.plot:
                clear_output(wait=True)
                fig, ax = plt.subplots(figsize=(4.5, 2.6))
                plot_history(history, ax, metric=self.metric)
                ax.set_xlim(0, max(self.epochs, 1) + 1)
                fig.tight_layout()
                show_figure(fig)


def loss_curve_explorer(eta=3.0, batch_size=10, hidden=10, epochs=100, activation="sigmoid",
                        loss="quadratic", data="moons"):
    """Controls for `views.loss_curve_view` and a Train button.

    Set the values, press Train, watch the progress bar, then see the loss curves and the
    decision boundary. The sliders act when released (continuous_update=False).
    """
    controls = {
        "eta": widgets.FloatLogSlider(value=eta, base=10, min=-3, max=2, step=0.25,
                                      description="η", readout_format=".3g",
                                      continuous_update=False),
        "batch_size": widgets.SelectionSlider(options=[1, 2, 5, 10, 20, 50, 100, 200],
                                              value=batch_size, description="batch size",
                                              continuous_update=False),
        "hidden": widgets.IntSlider(value=hidden, min=1, max=50, description="hidden units",
                                    continuous_update=False),
        "epochs": widgets.IntSlider(value=epochs, min=10, max=500, step=10,
                                    description="epochs", continuous_update=False),
        "activation": widgets.Dropdown(options=["sigmoid", "tanh", "relu"], value=activation,
                                       description="activation"),
        "loss": widgets.Dropdown(options=["quadratic", "cross_entropy"], value=loss,
                                 description="loss"),
        "data": widgets.Dropdown(options=["moons", "circles", "xor", "spirals"], value=data,
                                 description="data"),
    }
    button = widgets.Button(description="Train", button_style="primary", icon="play")
    out = widgets.Output()

    def train(_=None):
        values = {name: control.value for name, control in controls.items()}
        button.disabled = True
        try:
            with out:
                clear_output(wait=True)
                progress = TrainingProgress(values["epochs"])
                _, fig = loss_curve_view(**values, callback=progress)
                show_figure(fig)
        finally:
            button.disabled = False

    button.on_click(train)
    train()
    return widgets.VBox([control_row(controls), button, out])


# The playground

def playground_widget(playground=None, epochs=100, every=10, **settings):
    """A TensorFlow-Playground-style explorer around a `dnn_core.playground.Playground`.

    The playground is a new one from `settings` unless `playground` is given (e.g. one
    already trained). Controls: data set, noise, hidden layers (text "4, 4"), activation,
    loss, η, batch size, seed; buttons Train (`epochs` epochs, redrawing every `every`
    epochs so the picture moves), Step (one epoch) and Reset (the initial weights again,
    empty history). Changing the data set, noise, layers, activation, loss or seed starts
    again (like Reset); η and the batch size apply from the next step on.

    Returns the VBox; its attributes `playground`, `controls`, `buttons` ('train', 'step',
    'reset'), `status` and `output` let a test drive it without a browser
    (`box.buttons["step"].click()`).
    """

    pg = playground if playground is not None else Playground(**settings)
    style = {"description_width": "initial"}
    narrow = widgets.Layout(width="210px")
    noise = pg.noise if pg.noise is not None else default_noise(pg.dataset)
    controls = {
        "dataset": widgets.Dropdown(options=TOY_DATASETS, value=pg.dataset,
                                    description="data", layout=narrow),
        "noise": widgets.FloatSlider(value=noise, min=0.0, max=1.0, step=0.01,
                                     description="noise", continuous_update=False, style=style),
        "hidden": widgets.Text(value=", ".join(str(n) for n in pg.hidden),
                               description="hidden layers", placeholder="e.g. 4, 4",
                               continuous_update=False, style=style, layout=narrow),
        "activation": widgets.Dropdown(options=HIDDEN_ACTIVATIONS, value=pg.activation,
                                       description="activation", layout=narrow),
        "loss": widgets.Dropdown(options=PLAYGROUND_LOSSES, value=pg.loss,
                                 description="loss", layout=narrow),
        "eta": widgets.FloatLogSlider(value=pg.eta, base=10, min=-3, max=1, step=0.1,
                                      description="η", readout_format=".3g",
                                      continuous_update=False),
        "batch_size": widgets.SelectionSlider(options=sorted({1, 5, 10, 20, 50, pg.m,
                                                              pg.batch_size}),
                                              value=pg.batch_size, description="batch size",
                                              continuous_update=False, style=style),
        "seed": widgets.BoundedIntText(value=pg.seed, min=0, max=99999, description="seed",
                                       layout=widgets.Layout(width="150px")),
    }
    train_epochs = widgets.BoundedIntText(value=epochs, min=1, max=5000,
                                          description="epochs", layout=widgets.Layout(width="150px"))
    buttons = {
        "train": widgets.Button(description="Train", button_style="primary", icon="play"),
        "step": widgets.Button(description="Step (1 epoch)", icon="step-forward"),
        "reset": widgets.Button(description="Reset", button_style="warning", icon="refresh"),
    }
    status = widgets.HTML()
    out = widgets.Output()
    restarting = {"busy": False}

    def redraw(message=None):
        fig = pg.draw()
        with out:
            clear_output(wait=True)
            display(fig)
        plt.close(fig)
        status.value = message or pg.summary()

    def report(error):
        status.value = f"<span style='color:#d62728'>{error}</span>"

    def guarded(action):
        """Run a training action with the buttons disabled; report a diverged run."""
        for button in buttons.values():
            button.disabled = True
        try:
            action()
        except TrainingDivergedError as error:
            redraw()
            report(f"{error} Press Reset.")
        finally:
            for button in buttons.values():
                button.disabled = False

    def on_train(_=None):
        guarded(lambda: pg.run(train_epochs.value, every, on_progress=lambda _: redraw()))

    def on_step(_=None):
        guarded(lambda: (pg.step(1), redraw()))

    def on_reset(_=None):
        pg.reset()
        redraw()

    def on_setting(change):
        if restarting["busy"]:
            return
        name = change["owner"].description
        try:
            if change["owner"] is controls["dataset"]:
                restarting["busy"] = True      # the new data set's default noise, one restart
                controls["noise"].value = default_noise(change["new"])
                restarting["busy"] = False
            values = {key: control.value for key, control in controls.items()
                      if key not in ("eta", "batch_size")}
            if values["dataset"] not in MULTICLASS_DATASETS:
                values["n_classes"] = 2             # xor, moons, circles have two classes
            pg.configure(**values)
        except (TypeError, ValueError) as error:
            restarting["busy"] = True           # show the last valid layers again
            controls["hidden"].value = ", ".join(str(n) for n in pg.hidden)
            restarting["busy"] = False
            report(f"{name}: {error}")
            return
        redraw()

    def on_rate(change):
        pg.eta, pg.batch_size = controls["eta"].value, controls["batch_size"].value
        redraw()

    buttons["train"].on_click(on_train)
    buttons["step"].on_click(on_step)
    buttons["reset"].on_click(on_reset)
    for key, control in controls.items():
        control.observe(on_rate if key in ("eta", "batch_size") else on_setting, names="value")
    actions = widgets.HBox([*buttons.values(), train_epochs])
    box = widgets.VBox([control_row(controls), actions, status, out])
    box.playground, box.controls, box.buttons = pg, controls, buttons
    box.train_epochs, box.status, box.output = train_epochs, status, out
    redraw()
    return box
