"""The training explorers: a run's progress, the loss-curve explorer and the playground.

These explorers train a network when a button is pressed instead of redrawing when a
control moves: `TrainingProgress` is the progress bar (and live loss curve) of a
`Network.train` run, `loss_curve_explorer` trains the network of `views.loss_curve_view`,
and `playground_widget` drives a `dnn_core.playground.Playground` with Train, Step and Reset
buttons. While a run trains, the picture shows the loss so far, first after FIRST_PICTURE
seconds and then about every LIVE_REDRAW seconds. They are built from the parts of
`dnn_core.widget_parts` and are imported by the notebooks from `dnn_core.widgets`. Their
labels, buttons and status lines are in the course's language (`dnn_core.language`).
"""

import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from .datasets import TOY_DATASETS
from .language import say, translated
from .network import TrainingDivergedError
from .playground import (
    HIDDEN_ACTIVATIONS,
    MULTICLASS_DATASETS,
    PLAYGROUND_LOSSES,
    SETTINGS,
    Playground,
    checked_settings,
    default_noise,
    parse_hidden,
)
from .playground_figure import PlaygroundFigure
from .plots import MAX_FIGURE_WIDTH, plot_history
from .validation import check_count
from .views import loss_curve_view
from .widget_parts import Picture, Status, control_row, guarded

FIRST_PICTURE = 0.1      # seconds of training before the first picture of a run is shown
LIVE_REDRAW = 0.6        # seconds between two pictures while training
PLAYGROUND_MAX_LAYERS, PLAYGROUND_MAX_WIDTH = 6, 32


# Training

def history_figure(history, epochs, metric="loss", size=(4.5, 2.6), message=None):
    """A figure (outside pyplot) of the metric so far, the x axis over the whole run;
    `message` is written on a second, empty panel (the picture while a run trains)."""
    fig = Figure(figsize=size, dpi=plt.rcParams["figure.dpi"])
    if message is None:
        ax = fig.add_subplot()
    else:
        ax, ax_text = fig.subplots(1, 2)
        ax_text.text(0.5, 0.5, message, ha="center", va="center", color="0.35",
                     transform=ax_text.transAxes)
        ax_text.axis("off")
    if getattr(history, metric):
        plot_history(history, ax, metric=metric)
    ax.set_xlim(0, max(epochs, 1) + 1)
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    fig.tight_layout()
    return fig


class TrainingProgress:
    """The progress of a training run as it goes, as a callback of `Network.train`.

    Pass it as callback to `Network.train` or `Network.train_batch` (it is called as
    callback(epoch, history) after every epoch):

        progress = TrainingProgress(epochs=30, live_plot=True)
        history = net.train(X, Y, 30, 10, 3.0, validation=(X_val, y_val), callback=progress)

    Shows an ipywidgets progress bar with the line `history.describe(epochs)` next to it;
    with live_plot=True also the loss curve (a `Picture`), redrawn about `redraws` times in
    the run. show=False builds the widget without displaying it (display `progress.widget`
    yourself). The bar's description is "training" in the course's language unless given.
    """

    def __init__(self, epochs, description=None, live_plot=False, redraws=20,
                 metric="loss", show=True):
        self.epochs, self.metric = check_count("epochs", epochs), metric
        description = say("control.training") if description is None else description
        self.bar = widgets.IntProgress(value=0, min=0, max=self.epochs, description=description,
                                       bar_style="info")
        self.label = widgets.Label(value=say("history.epoch_of", epoch=0, total=self.epochs))
        self.plot = Picture() if live_plot else None
        redraws = check_count("redraws", redraws, minimum=0)   # 0: only at the end
        self.every = max(1, -(-self.epochs // max(1, redraws)))   # ceil(epochs / redraws)
        rows = [widgets.HBox([self.bar, self.label])]
        if self.plot is not None:
            rows.append(self.plot.widget)
        self.widget = widgets.VBox(rows)
        if show:
            display(self.widget)

    def __call__(self, epoch, history):
        self.bar.value = min(epoch, self.epochs)
        self.label.value = history.describe(total_epochs=self.epochs)
        if epoch >= self.epochs:
            self.bar.bar_style = "success"
        if self.plot is not None and (epoch % self.every == 0 or epoch >= self.epochs):
            self.plot.show(history_figure(history, self.epochs, self.metric))


def loss_curve_explorer(eta=3.0, batch_size=10, hidden=10, epochs=100, activation="sigmoid",
                        loss="quadratic", data="moons"):
    """Controls for `views.loss_curve_view` and a Train button.

    Set the values, press Train: a progress bar and the loss curve so far while it trains
    (the first picture after FIRST_PICTURE seconds), then the loss curves and the decision
    boundary, and a status line saying what happened (a diverging run says so and what to
    try). Train with unchanged settings says that the picture is already the one for them.
    The sliders act when released (continuous_update=False). Returns the VBox (attributes
    `controls`, `button`, `status`, `progress`, `picture`, `train`).
    """
    controls = {
        "eta": widgets.FloatLogSlider(value=eta, base=10, min=-3, max=2, step=0.25,
                                      description="η", readout_format=".3g",
                                      continuous_update=False),
        "batch_size": widgets.SelectionSlider(options=[1, 2, 5, 10, 20, 50, 100, 200],
                                              value=batch_size, description=say("control.batch_size"),
                                              continuous_update=False),
        "hidden": widgets.IntSlider(value=hidden, min=1, max=50, description=say("control.hidden_units"),
                                    continuous_update=False),
        "epochs": widgets.IntSlider(value=epochs, min=10, max=500, step=10,
                                    description=say("control.epochs"), continuous_update=False),
        "activation": widgets.Dropdown(options=["sigmoid", "tanh", "relu"], value=activation,
                                       description=say("control.activation")),
        "loss": widgets.Dropdown(options=["quadratic", "cross_entropy"], value=loss,
                                 description=say("control.loss")),
        "data": widgets.Dropdown(options=["moons", "circles", "xor", "spirals"], value=data,
                                 description=say("control.data")),
    }
    button = widgets.Button(description=say("button.train"), button_style="primary", icon="play")
    status, picture = Status(), Picture()
    bar = widgets.IntProgress(value=0, min=0, max=epochs, description=say("control.epochs"),
                              layout=widgets.Layout(width="320px"))
    last = {"values": None}

    def train(_=None):
        values = {name: control.value for name, control in controls.items()}
        if values == last["values"]:
            status.note(say("status.same_settings"))
            return
        button.disabled = True
        bar.max, bar.value, bar.bar_style = values["epochs"], 0, "info"
        status.working(say("status.training_epochs", epochs=values["epochs"]))
        start = time.perf_counter()
        shown = {"at": None}

        def progress(epoch, history):
            bar.value = epoch
            now = time.perf_counter()
            due = (now - start > FIRST_PICTURE if shown["at"] is None
                   else now - shown["at"] > LIVE_REDRAW)
            if due and epoch < values["epochs"]:
                status.working(say("status.training",
                                   progress=history.describe(total_epochs=values["epochs"])))
                picture.show(history_figure(history, values["epochs"], size=(MAX_FIGURE_WIDTH, 3.6),
                                            message=say("picture.training", epoch=epoch,
                                                        epochs=values["epochs"])))
                shown["at"] = time.perf_counter()

        def action():
            numbers, fig = loss_curve_view(**values, callback=progress)
            picture.show(fig)
            seconds = time.perf_counter() - start
            if numbers["diverged"]:
                bar.bar_style = "danger"
                status.error(say("status.try_smaller_eta", eta=values["eta"],
                                 message=translated("diverged", numbers["diverged"])))
            else:
                bar.bar_style = "success"
                status.done(say("status.trained", epochs=numbers["epochs"], seconds=seconds,
                                accuracy=numbers["accuracy"], val_accuracy=numbers["val_accuracy"]))

        try:
            if guarded(action, status):
                last["values"] = values
            else:
                bar.bar_style = "danger"
        finally:
            button.disabled = False

    button.on_click(train)
    train()
    box = widgets.VBox([control_row(controls), widgets.HBox([button, bar]), status.widget,
                        picture.widget])
    box.controls, box.button, box.status, box.progress, box.picture = (controls, button, status,
                                                                       bar, picture)
    box.train = train
    return box


# The playground

def playground_widget(playground=None, epochs=100, every=10, **settings):
    """A TensorFlow-Playground-style explorer around a `dnn_core.playground.Playground`.

    The playground is a new one from `settings` unless `playground` is given (e.g. one
    already trained). Controls: data set, noise, hidden layers (text "4, 4"; at most
    PLAYGROUND_MAX_LAYERS layers of PLAYGROUND_MAX_WIDTH neurons), activation, loss, η,
    batch size, seed; buttons Train (`epochs` epochs, in chunks of `every` epochs with a
    progress bar, the picture redrawn about every LIVE_REDRAW seconds), Step (one epoch)
    and Reset (the initial weights again, empty history). Changing the data set, noise,
    layers, activation, loss or seed starts again (like Reset); η and the batch size apply
    from the next step on. The status line says what each press did; a diverging run is
    reported there (press Reset), never as a traceback.

    Returns the VBox; its attributes `playground`, `controls`, `buttons` ('train', 'step',
    'reset'), `status` (the HTML widget; `status_line` the `Status`), `progress`, `picture`
    and `output` (the Image widget) let a test drive it without a browser
    (`box.buttons["step"].click()`).
    """

    pg = playground if playground is not None else Playground(**settings)
    style = {"description_width": "initial"}
    narrow = widgets.Layout(width="210px")
    noise = pg.noise if pg.noise is not None else default_noise(pg.dataset)
    controls = {
        "dataset": widgets.Dropdown(options=TOY_DATASETS, value=pg.dataset,
                                    description=say("control.data"), layout=narrow),
        "noise": widgets.FloatSlider(value=noise, min=0.0, max=1.0, step=0.01,
                                     description=say("control.noise"), continuous_update=False,
                                     style=style),
        "hidden": widgets.Text(value=", ".join(str(n) for n in pg.hidden),
                               description=say("control.hidden_layers"),
                               placeholder=say("control.layers_example"),
                               continuous_update=False, style=style, layout=narrow),
        "activation": widgets.Dropdown(options=HIDDEN_ACTIVATIONS, value=pg.activation,
                                       description=say("control.activation"), layout=narrow),
        "loss": widgets.Dropdown(options=PLAYGROUND_LOSSES, value=pg.loss,
                                 description=say("control.loss"), layout=narrow),
        "eta": widgets.FloatLogSlider(value=pg.eta, base=10, min=-3, max=1, step=0.1,
                                      description="η", readout_format=".3g",
                                      continuous_update=False),
        "batch_size": widgets.SelectionSlider(options=sorted({1, 5, 10, 20, 50, pg.m,
                                                              pg.batch_size}),
                                              value=pg.batch_size,
                                              description=say("control.batch_size"),
                                              continuous_update=False, style=style),
        "seed": widgets.BoundedIntText(value=pg.seed, min=0, max=99999,
                                       description=say("control.seed"),
                                       layout=widgets.Layout(width="150px")),
    }
    train_epochs = widgets.BoundedIntText(value=epochs, min=1, max=1000,
                                          description=say("control.epochs"),
                                          layout=widgets.Layout(width="150px"))
    buttons = {
        "train": widgets.Button(description=say("button.train"), button_style="primary", icon="play"),
        "step": widgets.Button(description=say("button.step"), icon="step-forward"),
        "reset": widgets.Button(description=say("button.reset"), button_style="warning",
                                icon="refresh"),
    }
    status, picture = Status(), Picture()
    bar = widgets.IntProgress(value=0, min=0, max=epochs, description="",
                              layout=widgets.Layout(width="200px", visibility="hidden"))
    restarting = {"busy": False}
    diverged = {"message": None}

    scene = {"figure": None}       # one PlaygroundFigure, updated in place while it fits

    def redraw():
        if scene["figure"] is None or not scene["figure"].fits(pg):
            scene["figure"] = PlaygroundFigure(pg)
        picture.show(scene["figure"].update(pg), crop=False)     # its layout fills the figure

    def report_diverged():
        status.error(say("status.lower_eta_and_reset", eta=pg.eta,
                         message=translated("diverged", diverged["message"])))

    def action_with(name, action):
        """Run a press with the buttons disabled; the status line says what it did."""
        for button in buttons.values():
            button.disabled = True
        start, epoch_before = time.perf_counter(), pg.epoch

        def run():
            try:
                action()
            except TrainingDivergedError as error:
                diverged["message"] = str(error)
                redraw()
                report_diverged()
                return
            if diverged["message"] and name != "reset":
                report_diverged()
                return
            seconds = time.perf_counter() - start
            trained = pg.epoch - epoch_before
            what = (say("status.trained_one" if trained == 1 else "status.trained_many",
                        count=trained, seconds=seconds)
                    if name in ("train", "step") else say("status.reset"))
            status.done(say("status.pressed", what=what, summary=summary(pg)))

        try:
            guarded(run, status)
        finally:
            for button in buttons.values():
                button.disabled = False

    def train_chunks():
        total = train_epochs.value
        bar.max, bar.value, bar.layout.visibility, bar.bar_style = total, 0, "visible", "info"
        status.working(say("status.training_epochs", epochs=total))
        start, last = time.perf_counter(), {"at": None}
        done = {"epochs": 0}

        def on_progress(_):
            done["epochs"] = min(total, done["epochs"] + every)
            bar.value = done["epochs"]
            now = time.perf_counter()
            if (now - start > FIRST_PICTURE if last["at"] is None
                    else now - last["at"] > LIVE_REDRAW) and done["epochs"] < total:
                status.working(say("status.playground_progress", epoch=pg.epoch,
                                   done=done["epochs"], total=total))
                redraw()
                last["at"] = time.perf_counter()

        try:
            if diverged["message"]:
                raise TrainingDivergedError(diverged["message"])
            pg.run(total, every, on_progress=on_progress)
            bar.bar_style = "success"
        except TrainingDivergedError:
            bar.bar_style = "danger"
            raise
        redraw()

    def step_once():
        if diverged["message"]:
            raise TrainingDivergedError(diverged["message"])
        pg.step(1)
        redraw()

    def on_train(_=None):
        action_with("train", train_chunks)

    def on_step(_=None):
        action_with("step", step_once)

    def reset():
        pg.reset()
        diverged["message"] = None
        bar.layout.visibility = "hidden"
        redraw()

    def on_reset(_=None):
        action_with("reset", reset)

    def checked_controls():
        """The restart settings of the controls, or an error naming what is wrong."""
        values = {key: control.value for key, control in controls.items()
                  if key not in ("eta", "batch_size")}
        sizes = parse_hidden(values["hidden"])
        if len(sizes) > PLAYGROUND_MAX_LAYERS or any(n > PLAYGROUND_MAX_WIDTH for n in sizes):
            raise ValueError(f"the playground draws at most {PLAYGROUND_MAX_LAYERS} hidden "
                             f"layers of at most {PLAYGROUND_MAX_WIDTH} neurons; got {sizes}")
        if values["dataset"] not in MULTICLASS_DATASETS:
            values["n_classes"] = 2             # xor, moons, circles have two classes
        checked_settings({**{name: getattr(pg, name) for name in SETTINGS}, **values})
        return values

    def configure(values):
        pg.configure(**values)
        diverged["message"] = None
        bar.layout.visibility = "hidden"
        redraw()
        status.done(say("status.started_again", summary=summary(pg)))

    def on_setting(change):
        if restarting["busy"]:
            return
        name = change["owner"].description
        if change["owner"] is controls["dataset"]:
            restarting["busy"] = True          # the new data set's default noise, one restart
            controls["noise"].value = default_noise(change["new"])
            restarting["busy"] = False
        try:
            settings = checked_controls()
        except (TypeError, ValueError) as error:
            restarting["busy"] = True           # show the last valid layers again
            controls["hidden"].value = ", ".join(str(n) for n in pg.hidden)
            restarting["busy"] = False
            status.error(f"{name}: {error}")
            return
        guarded(lambda: configure(settings), status)

    def on_rate(change):
        pg.eta, pg.batch_size = controls["eta"].value, controls["batch_size"].value
        guarded(redraw, status)
        status.note(say("status.rate_changed", eta=pg.eta, batch_size=pg.batch_size))

    buttons["train"].on_click(on_train)
    buttons["step"].on_click(on_step)
    buttons["reset"].on_click(on_reset)
    for key, control in controls.items():
        control.observe(on_rate if key in ("eta", "batch_size") else on_setting, names="value")
    actions = widgets.HBox([*buttons.values(), train_epochs, bar])
    box = widgets.VBox([control_row(controls), actions, status.widget, picture.widget])
    box.playground, box.controls, box.buttons = pg, controls, buttons
    box.train_epochs, box.status, box.status_line = train_epochs, status.widget, status
    box.progress, box.picture, box.output = bar, picture, picture.widget
    if guarded(redraw, status):
        status.note(summary(pg))
    return box


def summary(pg):
    """`Playground.summary()` in the course's language: the data set, the network and the
    line of the last epoch."""
    return say("status.playground", dataset=pg.dataset, sizes=pg.sizes, activation=pg.activation,
               loss=pg.loss, progress=pg.history.describe())
