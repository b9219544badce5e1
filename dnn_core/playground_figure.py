"""The playground's picture: the decision boundary, the loss curves and every hidden neuron.

`PlaygroundFigure(pg)` draws a `dnn_core.playground.Playground` as in TensorFlow
Playground: on top the plane coloured by the network's output with the training points,
and the training and validation loss by epoch; below, one small image per hidden neuron
(a^l_j over the plane), the rows of a layer together. `Playground.draw()` returns such a
figure.

Creating a figure's axes is most of the cost of a new picture, so the playground widget
keeps one PlaygroundFigure and calls `update(pg)` after every press: the neuron images get
new pixels, the regions and the curves are replaced, every axes stays. `fits(pg)` says
whether it was built for pg's hidden layers and data (otherwise build a new one). The
message on the empty loss panel ("press Train or Step") is in the course's language, like the
buttons it names; titles and axis labels are in English, like every figure of the course.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullFormatter

from .language import say
from .plots import CLASS_COLOURS, MAX_FIGURE_WIDTH, draw_decision_regions, grid_over, plot_points

MAX_DRAWN = 16   # neuron images drawn per hidden layer (the first ones of wider layers)
PER_ROW = 8      # neuron images per row: a wider layer takes two rows


def activation_range(activation, values=None):
    """(vmin, vmax) of a colour scale that shows an activation's output range.

    The full range for tanh (−1, 1) and sigmoid (0, 1); for ReLU ±(the largest value shown).
    """
    if activation == "tanh":
        return -1.0, 1.0
    if activation == "sigmoid":
        return 0.0, 1.0
    top = float(np.max(values)) if values is not None and np.size(values) else 1.0
    top = max(top, 1e-12)
    return -top, top     # ReLU: 0 (an inactive neuron) is white, like tanh's 0


class PlaygroundFigure:
    """A playground's picture, drawn again in place after every step.

    `figure` is the matplotlib Figure (MAX_FIGURE_WIDTH wide, so it fits the notebook's
    column unscaled); it has 2 + Σ_l min(n_l, MAX_DRAWN) axes: the boundary, the losses and
    one per drawn hidden neuron.
    """

    def __init__(self, pg):
        self.hidden, self.X = tuple(pg.hidden), pg.X.copy()
        drawn = {l: min(n, MAX_DRAWN) for l, n in enumerate(pg.hidden, start=2)}
        rows = [(l, r) for l, n in drawn.items() for r in range(-(-n // PER_ROW))]
        height = 3.6 + 1.2 * len(rows)
        self.figure = fig = plt.figure(figsize=(MAX_FIGURE_WIDTH, height))
        # row 1: the two panels; row 2: room for their axis labels; then the neuron rows
        outer = fig.add_gridspec(2 + len(rows), 1, height_ratios=[3.0, 0.01] + [1.0] * len(rows),
                                 hspace=0.55, left=0.1, right=0.97, top=1 - 0.3 / height,
                                 bottom=0.3 / height)
        top = outer[0].subgridspec(1, 2, wspace=0.35)
        self.boundary = self._boundary_axes(fig.add_subplot(top[0]), pg)
        self.losses = self._loss_axes(fig.add_subplot(top[1]), pg)
        self.images = {}
        for row, (l, r) in enumerate(rows, start=2):
            cells = outer[row].subgridspec(1, PER_ROW, wspace=0.15)
            for column, j in enumerate(range(r * PER_ROW, min(drawn[l], (r + 1) * PER_ROW))):
                self.images[(l, j)] = self._neuron_axes(fig.add_subplot(cells[column]), l, j,
                                                        pg.hidden[l - 2])
        self.regions = []
        self.update(pg)

    def fits(self, pg):
        """True when this figure was built for pg's hidden layers and training data."""
        return tuple(pg.hidden) == self.hidden and np.array_equal(pg.X, self.X)

    def update(self, pg):
        """Draw pg's current state: the regions, the curves, the titles and every neuron's
        image. Returns the figure."""
        self._draw_regions(pg)
        self._draw_losses(pg)
        xx, yy, points = grid_over(pg.X, pg.resolution)
        maps = pg.neuron_maps()
        for (l, j), image in self.images.items():
            image.set_data(maps[l][j])
            image.set_clim(*activation_range(pg.activation, maps[l]))
            image.set_extent((xx.min(), xx.max(), yy.min(), yy.max()))
        return self.figure

    # Built once

    @staticmethod
    def _boundary_axes(ax, pg):
        plot_points(pg.X, pg.y, ax)
        xx, yy, _ = grid_over(pg.X, pg.resolution)
        ax.set_xlim(xx.min(), xx.max())
        ax.set_ylim(yy.min(), yy.max())
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_title(" ", fontsize=10, y=1.0)        # y given: matplotlib does not search
        return ax                                    # every Axes for its place at each draw

    @staticmethod
    def _loss_axes(ax, pg):
        ax.plot([], [], color=CLASS_COLOURS[0], label="training")
        ax.plot([], [], "--", color=CLASS_COLOURS[1], label="validation")
        ax.legend(loc="upper right")      # made once: its handles never show a line's markers
        ax.text(0.5, 0.5, say("picture.not_trained"), ha="center", va="center",
                transform=ax.transAxes, color="0.4")
        ax.set_xlabel("epoch")
        ax.set_ylabel(f"loss J ({pg.loss.replace('_', '-')})")
        ax.set_title(" ", fontsize=10, y=1.0)
        return ax

    @staticmethod
    def _neuron_axes(ax, l, j, n):
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title("", y=1.0)
        # a text, not a title: cheaper to draw
        ax.text(0.5, 1.03, f"$a^{{{l}}}_{{{j + 1}}}$", fontsize=10, ha="center", va="bottom",
                transform=ax.transAxes)
        if j == 0:
            shown = "" if n <= MAX_DRAWN else f"\n(first {MAX_DRAWN}\nof {n})"
            ax.set_ylabel(f"layer {l}{shown}")
        return ax.imshow(np.zeros((2, 2)), origin="lower", cmap="RdBu_r")

    # Drawn at every update

    def _draw_regions(self, pg):
        for regions in self.regions:
            regions.remove()
        net = pg.net
        scores = (lambda P: net.forward(P)[0]) if net.n(net.L) == 1 else None
        self.regions = draw_decision_regions(net.predict, pg.X, pg.y, self.boundary,
                                             pg.resolution, scores)
        self.boundary.title.set_text(f"{pg.dataset}, epoch {pg.epoch}: accuracy {pg.accuracy():.2f}")

    def _draw_losses(self, pg):
        ax, h = self.losses, pg.history
        training, validation = ax.lines
        ax.texts[0].set_visible(not h.loss)
        ax.get_legend().set_visible(bool(h.loss))
        if h.loss:
            epochs = np.arange(1, h.epochs + 1)
            training.set_data(epochs, h.loss)
            validation.set_data(epochs, h.val_loss)
            for line in (training, validation):           # a point or two is seen only as a dot
                line.set_marker("o" if h.epochs <= 3 else "None")
            both = np.concatenate([h.loss, h.val_loss])
            low, high = float(np.min(both)), float(np.max(both))
            if high > 10 * low:          # a log scale only where it spans a decade
                ax.set_yscale("log")
                ax.yaxis.set_minor_formatter(NullFormatter())   # label the powers of 10 only
                ax.set_ylim(low / 1.2, high * 1.2)
            else:
                ax.set_yscale("linear")
                ax.yaxis.get_major_formatter().set_useOffset(False)   # no "1e-5+6.9e-1" over the title
                margin = max(0.05 * (high - low), 0.02 * abs(high)) or 0.05     # never a sliver
                ax.set_ylim(low - margin, high + margin)
            ax.set_xlim(0.5, max(h.epochs, 2) + 0.5)
        ax.title.set_text(f"sizes {pg.sizes}, {pg.activation}, η = {pg.eta:g}, batch {pg.batch_size}")
