"""The figures the notebooks share. Every function draws on a given matplotlib Axes (or a
new figure when ax is None) and returns what it drew on, so notebooks and widgets can
compose them and tests can inspect them without a display."""

import matplotlib.pyplot as plt
import numpy as np

from .activations import get_activation

CLASS_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd")


def setup_notebook():
    """The first cell of every notebook: rounded printing (stable outputs) and figures of a
    size that keeps the stored notebooks small."""
    np.set_printoptions(precision=4, suppress=True)
    plt.rcParams.update({"figure.dpi": 72, "figure.figsize": (5, 3.5), "axes.grid": False})


def _axes(ax, figsize=(5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


# ----- network diagram -------------------------------------------------------------------------

def neuron_positions(sizes):
    """{(l, j): (x, y)} for layer l = 1..L and neuron j = 1..n_l (1-based, as in the course)."""
    top = max(sizes)
    return {(l, j): (l, (top - n) / 2 + (n - j))
            for l, n in enumerate(sizes, start=1) for j in range(1, n + 1)}


def draw_network(sizes, ax=None, highlight_weights=(), highlight_neurons=(), labels=True,
                 weights=None):
    """Draw a fully connected network [n_1, ..., n_L]: layer 1 on the left.

    highlight_weights: (l, j, k) triples, the edge of w^l_{jk} (k in layer l−1 → j in layer l),
        drawn in red and labelled.
    highlight_neurons: (l, j) pairs, drawn in red (e.g. the neuron of b^l_j).
    weights: optional {l: W^l} to draw edge widths by |w| and colours by sign.
    """
    ax = _axes(ax, figsize=(1.6 * len(sizes) + 1, 0.6 * max(sizes) + 1.2))
    pos = neuron_positions(sizes)
    highlight_weights = set(highlight_weights)
    for l in range(2, len(sizes) + 1):
        for j in range(1, sizes[l - 1] + 1):
            for k in range(1, sizes[l - 2] + 1):
                (x0, y0), (x1, y1) = pos[(l - 1, k)], pos[(l, j)]
                if (l, j, k) in highlight_weights:
                    ax.plot([x0, x1], [y0, y1], color="red", lw=2.5, zorder=2)
                    ax.text(x0 + 0.55 * (x1 - x0), y0 + 0.55 * (y1 - y0) + 0.12,
                            f"$w^{{{l}}}_{{{j}{k}}}$", color="red", ha="center", fontsize=12,
                            zorder=5, bbox=dict(fc="white", ec="none", alpha=0.8, pad=0.5))
                elif weights is not None:
                    w = weights[l][j - 1, k - 1]
                    ax.plot([x0, x1], [y0, y1], color="#d62728" if w < 0 else "#1f77b4",
                            lw=0.3 + 2.5 * min(abs(w), 3) / 3, alpha=0.7, zorder=1)
                else:
                    ax.plot([x0, x1], [y0, y1], color="0.75", lw=0.8, zorder=1)
    for (l, j), (x, y) in pos.items():
        red = (l, j) in set(highlight_neurons)
        ax.scatter([x], [y], s=420, zorder=3, color="mistyrose" if red else "white",
                   edgecolors="red" if red else "black", linewidths=2 if red else 1)
        if labels:
            symbol = f"x_{j}" if l == 1 else f"a^{{{l}}}_{{{j}}}"
            ax.text(x, y, f"${symbol}$", ha="center", va="center", fontsize=8, zorder=4)
    names = ["input"] + ["hidden"] * (len(sizes) - 2) + ["output"]
    for l, name in enumerate(names, start=1):
        ax.text(l, max(sizes) - 0.2, f"layer {l}\n({name})", ha="center", va="bottom", fontsize=9)
    ax.set_xlim(0.5, len(sizes) + 0.5)
    ax.set_ylim(-0.7, max(sizes) + 0.6)
    ax.axis("off")
    return ax


# ----- activations -----------------------------------------------------------------------------

def plot_activations(names=("sigmoid", "tanh", "relu"), z=None, ax=None, derivative=False):
    """σ(z) (or σ′(z)) of the named element-wise activations on one set of axes."""
    ax = _axes(ax)
    z = np.linspace(-5, 5, 401) if z is None else z
    for name in names:
        act = get_activation(name)
        ax.plot(z, act.prime(z) if derivative else act(z), label=name, lw=2)
    ax.axhline(0, color="0.6", lw=0.7)
    ax.axvline(0, color="0.6", lw=0.7)
    ax.set_xlabel("z")
    ax.set_ylabel("σ′(z)" if derivative else "σ(z)")
    ax.legend()
    return ax


# ----- 2-D data and decision boundaries -------------------------------------------------------

def plot_points(X, y, ax=None, size=18):
    """Scatter 2-D samples (columns of X, shape (2, m)) coloured by label y (shape (m,))."""
    ax = _axes(ax)
    y = np.asarray(y)
    for i, label in enumerate(np.unique(y)):
        pts = X[:, y == label]
        ax.scatter(pts[0], pts[1], s=size, color=CLASS_COLOURS[i % len(CLASS_COLOURS)],
                   edgecolors="white", linewidths=0.5, label=f"class {label}", zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def grid_over(X, resolution=120, margin=0.5):
    """A grid covering the 2-D samples X (shape (2, m)): returns (xx, yy, points (2, r*r))."""
    lo, hi = X.min(axis=1) - margin, X.max(axis=1) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    return xx, yy, np.vstack([xx.ravel(), yy.ravel()])


def plot_decision_boundary(predict, X, y, ax=None, resolution=120, scores=None):
    """Colour the plane by the class `predict(points)` gives (points shape (2, r*r) →
    labels (r*r,)) and draw the samples on top. `scores`, if given, is a function whose
    value (e.g. a^L of a single output unit) is shaded instead of the hard class."""
    ax = _axes(ax)
    xx, yy, points = grid_over(X, resolution)
    if scores is not None:
        values = np.asarray(scores(points)).reshape(xx.shape)
        ax.contourf(xx, yy, values, levels=20, cmap="RdBu_r", alpha=0.35, vmin=0, vmax=1)
        ax.contour(xx, yy, values, levels=[0.5], colors="black", linewidths=1.2)
    else:
        labels = np.asarray(predict(points)).reshape(xx.shape)
        n = int(max(labels.max(), np.max(y))) + 1
        ax.contourf(xx, yy, labels, levels=np.arange(n + 1) - 0.5, alpha=0.25,
                    colors=CLASS_COLOURS[:n])
    plot_points(X, y, ax)
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    return ax


def plot_line(w, b, X, ax, **style):
    """The line w·x + b = 0 across the x_1 range of the 2-D samples X."""
    x1 = np.array([X[0].min() - 0.5, X[0].max() + 0.5])
    if abs(w[1]) > 1e-12:
        ax.plot(x1, -(w[0] * x1 + b) / w[1], **style)
    elif abs(w[0]) > 1e-12:
        ax.axvline(-b / w[0], **style)
    return ax


# ----- training curves -------------------------------------------------------------------------

def plot_history(history, ax=None, metric="loss", label=None, x=None):
    """The per-epoch `metric` ('loss' or 'accuracy') of a History, with the validation
    curve when there is one. x: optional x values (e.g. gradient evaluations)."""
    ax = _axes(ax)
    values = getattr(history, metric)
    x = np.arange(1, len(values) + 1) if x is None else x
    prefix = f"{label}: " if label else ""
    line, = ax.plot(x, values, label=f"{prefix}training")
    validation = getattr(history, f"val_{metric}")
    if validation:
        ax.plot(x, validation, "--", color=line.get_color(), label=f"{prefix}validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend()
    return ax


# ----- images ----------------------------------------------------------------------------------

def plot_digits(X, titles=None, columns=10, size=1.1, cmap="gray_r", vmax=None):
    """A grid of 28×28 images from the columns of X (shape (784, k)); returns the figure."""
    k = X.shape[1]
    rows = int(np.ceil(k / columns))
    cols = min(k, columns)
    fig, axes = plt.subplots(rows, cols, figsize=(size * cols, size * rows + 0.2 * rows),
                             squeeze=False)
    limit = vmax if vmax is not None else None
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < k:
            image = X[:, i].reshape(28, 28)
            if cmap == "RdBu_r":     # signed images (weights): symmetric colour scale
                lim = limit or np.abs(image).max()
                ax.imshow(image, cmap=cmap, vmin=-lim, vmax=lim)
            else:
                ax.imshow(image, cmap=cmap, vmin=0, vmax=limit or 1)
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=8)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(true, predicted, n_classes=10, ax=None):
    """Counts C[i, j] of samples of class i predicted as j, drawn with the numbers."""
    ax = _axes(ax, figsize=(5, 4.5))
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (np.asarray(true), np.asarray(predicted)), 1)
    ax.imshow(counts, cmap="Blues")
    for i in range(n_classes):
        for j in range(n_classes):
            if counts[i, j]:
                ax.text(j, i, counts[i, j], ha="center", va="center", fontsize=7,
                        color="white" if counts[i, j] > counts.max() / 2 else "black")
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    return ax, counts


# ===== notebooks 00–03 (add figures for these notebooks above this line) =====

# ===== notebooks 04–06 (add figures for these notebooks above this line) =====

# ===== notebooks 07–10 (add figures for these notebooks above this line) =====
