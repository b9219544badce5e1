"""The figures the notebooks share. Every function draws on a given matplotlib Axes (or a
new figure when ax is None) and returns what it drew on, so notebooks and widgets can
compose them and tests can inspect them without a display."""

import matplotlib.pyplot as plt
import numpy as np

from .activations import get_activation, sigmoid, sigmoid_prime, softmax
from .datasets import TOY_DATASETS, toy_dataset

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

def plot_digits(X, titles=None, columns=10, size=1.1, cmap="gray_r", vmax=None, levels=None):
    """A grid of 28×28 images from the columns of X (shape (784, k)); returns the figure.

    Each pixel (or weight) is drawn as one square of one colour, without smoothing. cmap
    "RdBu_r" draws signed images (weights) on a scale symmetric around 0. levels: use only
    that many colours of the map (e.g. 15 for weight images: much smaller stored PNGs)."""
    k = X.shape[1]
    rows = int(np.ceil(k / columns))
    cols = min(k, columns)
    fig, axes = plt.subplots(rows, cols, figsize=(size * cols, size * rows + 0.2 * rows),
                             squeeze=False)
    colours = plt.get_cmap(cmap, levels)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < k:
            image = X[:, i].reshape(28, 28)
            if cmap == "RdBu_r":
                lim = vmax or np.abs(image).max()
                ax.imshow(image, cmap=colours, vmin=-lim, vmax=lim, interpolation="nearest")
            else:
                ax.imshow(image, cmap=colours, vmin=0, vmax=vmax or 1, interpolation="nearest")
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


# ===== figures of notebooks 00–03: perceptron, structure, forward pass ===========================

def annotate_neurons(ax, sizes, notes, color="red", offset=(0.24, 0.0), fontsize=12):
    """Write text next to neurons of a diagram drawn by `draw_network(sizes, ax)`.

    notes: {(l, j): text}, e.g. {(2, 3): "$b^2_3$"} puts the bias symbol to the right of
    neuron 3 of layer 2 (1-based, as in the course); offset is in data units (one layer
    = 1 horizontally, one neuron = 1 vertically). Returns ax.
    """
    pos = neuron_positions(sizes)
    for (l, j), text in notes.items():
        if (l, j) not in pos:
            raise ValueError(f"neuron ({l}, {j}) does not exist in a network of sizes {sizes}")
        x, y = pos[(l, j)]
        ax.text(x + offset[0], y + offset[1], text, color=color, fontsize=fontsize,
                ha="left", va="center", zorder=6,
                bbox=dict(fc="white", ec="none", alpha=0.8, pad=0.5))
    return ax


def mark_weights(ax, sizes, weights, at=0.3, color="red", fontsize=11):
    """Draw the edges of the weights w^l_{jk} (triples (l, j, k), 1-based) on a diagram drawn
    by `draw_network(sizes, ax)`, each labelled at the fraction `at` of the way from neuron k
    of layer l−1 to neuron j of layer l. A small `at` keeps the labels of several weights
    into the same neuron apart (draw_network's own highlight labels them at 0.55). Returns ax.
    """
    pos = neuron_positions(sizes)
    for l, j, k in weights:
        if (l - 1, k) not in pos or (l, j) not in pos or l < 2:
            raise ValueError(f"w^{l}_{j}{k} does not exist in a network of sizes {sizes}")
        (x0, y0), (x1, y1) = pos[(l - 1, k)], pos[(l, j)]
        ax.plot([x0, x1], [y0, y1], color=color, lw=2.5, zorder=2)
        ax.text(x0 + at * (x1 - x0), y0 + at * (y1 - y0) + 0.12, f"$w^{{{l}}}_{{{j}{k}}}$",
                color=color, ha="center", fontsize=fontsize, zorder=5,
                bbox=dict(fc="white", ec="none", alpha=0.8, pad=0.5))
    return ax


def plot_weight_matrix(W, l, ax=None, highlight=(), values=True):
    """The matrix W^l (shape (n_l, n_{l−1})) as a grid of cells labelled $w^l_{jk}$.

    Row j is neuron j of layer l (the receiving neuron), column k is neuron k of layer l−1
    (the sending neuron): the output index comes first. highlight: (j, k) pairs, 1-based,
    outlined in red. values=True also prints each entry. Returns ax.
    """
    W = np.asarray(W)
    n_out, n_in = W.shape
    ax = _axes(ax, figsize=(1.0 * n_in + 1.2, 0.7 * n_out + 1.0))
    lim = max(np.abs(W).max(), 1e-12)
    ax.imshow(W, cmap="RdBu_r", vmin=-lim, vmax=lim, alpha=0.5)
    highlight = set(highlight)
    for j in range(1, n_out + 1):
        for k in range(1, n_in + 1):
            text = f"$w^{{{l}}}_{{{j}{k}}}$"
            if values:
                text += f"\n{W[j - 1, k - 1]:.2f}"
            red = (j, k) in highlight
            ax.text(k - 1, j - 1, text, ha="center", va="center", fontsize=9,
                    color="red" if red else "black", fontweight="bold" if red else "normal")
            if red:
                ax.add_patch(plt.Rectangle((k - 1.5, j - 1.5), 1, 1, fill=False, ec="red", lw=2.5))
    ax.set_xticks(range(n_in), [f"k={k}" for k in range(1, n_in + 1)])
    ax.set_yticks(range(n_out), [f"j={j}" for j in range(1, n_out + 1)])
    ax.set_xlabel(f"column: neuron k of layer {l - 1} (from)")
    ax.set_ylabel(f"row: neuron j of layer {l} (to)")
    ax.set_title(f"$W^{{{l}}}$, shape ({n_out}, {n_in})")
    ax.tick_params(length=0)
    return ax


def plot_perceptron_step(X, y, steps, t, ax=None, title=True):
    """Frame t (1 ≤ t ≤ len(steps)) of a perceptron run (`PerceptronResult.steps`).

    Shows the samples (columns of X, labels y ∈ {−1, +1}), the half-plane where the
    perceptron says +1 after update t (shaded), its line w·x + b = 0 (solid), the line
    before the update (dashed; none before the first update, when w = 0) and the sample
    that caused the update (circled). Returns ax.
    """
    if not 1 <= t <= len(steps):
        raise ValueError(f"t must be between 1 and {len(steps)} (the number of updates); got {t}")
    ax = _axes(ax, figsize=(3, 3))
    y = np.asarray(y).astype(int)
    w, b, i = steps[t - 1]
    xx, yy, points = grid_over(X, resolution=80, margin=0.7)
    side = np.where(w @ points + b >= 0, 1.0, -1.0).reshape(xx.shape)
    ax.contourf(xx, yy, side, levels=[-2, 0, 2], colors=[CLASS_COLOURS[0], CLASS_COLOURS[1]],
                alpha=0.12)
    plot_points(X, y, ax, size=22)
    if t >= 2:
        w_old, b_old, _ = steps[t - 2]
        plot_line(w_old, b_old, X, ax, color="0.45", lw=1, ls="--")
    plot_line(w, b, X, ax, color="black", lw=1.8)
    ax.scatter([X[0, i]], [X[1, i]], s=160, facecolors="none", edgecolors="black", lw=1.5,
               zorder=4)
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    if title:
        ax.set_title(f"update {t}: sample {i}", fontsize=9)
    return ax


def plot_perceptron_steps(X, y, steps, columns=4, size=2.3):
    """A grid of small frames, one per update of the perceptron rule (see
    `plot_perceptron_step`); returns the figure."""
    n = len(steps)
    if n == 0:
        raise ValueError("no updates to draw: the perceptron made no mistake")
    rows = int(np.ceil(n / columns))
    cols = min(n, columns)
    fig, axes = plt.subplots(rows, cols, figsize=(size * cols, size * rows), squeeze=False)
    for t, ax in enumerate(axes.flat, start=1):
        if t <= n:
            plot_perceptron_step(X, y, steps, t, ax)
            ax.set_xlabel("")
            ax.set_ylabel("")
            ax.tick_params(labelsize=7)
        else:
            ax.axis("off")
    fig.tight_layout()
    return fig


def plot_activation_gallery(z=None, include_sign=True):
    """Two panels: the element-wise activations sign (the perceptron's), sigmoid, tanh and
    ReLU; and softmax, which is not element-wise, shown on the 2-vector (z, 0): its two
    outputs e^z/(e^z + 1) and 1/(e^z + 1) always add up to 1. Returns the figure."""
    z = np.linspace(-5, 5, 401) if z is None else np.asarray(z, dtype=float)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    plot_activations(("sigmoid", "tanh", "relu"), z=z, ax=left)
    if include_sign:
        left.plot(z, get_activation("sign")(z), color="0.4", ls=":", lw=1.5,
                  label="sign (perceptron)")
        left.legend(fontsize=8)
    left.set_ylim(-1.3, 2.5)
    left.set_title("element-wise: $a_j = \\sigma(z_j)$", fontsize=10)
    s = softmax(np.vstack([z, np.zeros_like(z)]))
    right.plot(z, s[0], lw=2, label="softmax$(z, 0)_1 = e^z/(e^z+e^0)$")
    right.plot(z, s[1], lw=2, label="softmax$(z, 0)_2 = e^0/(e^z+e^0)$")
    right.plot(z, s.sum(axis=0), color="0.5", ls="--", lw=1, label="sum of the two = 1")
    right.set_ylim(-0.05, 1.3)
    right.set_xlabel("z (the first input; the second is fixed at 0)")
    right.set_ylabel("output")
    right.set_title("softmax of the vector $(z, 0)$: not element-wise", fontsize=10)
    right.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def plot_forward_activations(a, image_shape=(28, 28), label=None, figsize=None):
    """The activations a^1, ..., a^L of ONE sample (a: {l: array of n_l values}, e.g.
    `net.forward_trace(x).a` for a column x), one panel per layer.

    a^1 is drawn as an image when its size matches image_shape (an MNIST digit), else as
    bars; every other layer as a bar chart of a^l_j against j = 1..n_l, with the largest
    output a^L_j marked. label: the true class, shown in the first title. Returns the figure.
    """
    layers = sorted(a)
    L = layers[-1]
    values = {l: np.asarray(a[l], dtype=float).ravel() for l in layers}
    widths = [1.1 if (image_shape and values[l].size == np.prod(image_shape) and l == 1)
              else max(1.2, min(3.2, 0.1 * values[l].size + 0.8)) for l in layers]
    fig, axes = plt.subplots(1, len(layers), figsize=figsize or (sum(widths) * 1.45 + 0.5, 2.6),
                             gridspec_kw={"width_ratios": widths})
    axes = np.atleast_1d(axes)
    for ax, l in zip(axes, layers):
        v = values[l]
        if l == 1 and image_shape and v.size == np.prod(image_shape):
            ax.imshow(v.reshape(image_shape), cmap="gray_r", vmin=0, vmax=max(1.0, v.max()))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title("$a^1 = x$" + (f" (label {label})" if label is not None else ""),
                         fontsize=9)
            continue
        j = np.arange(1, v.size + 1)
        colours = ["0.55"] * v.size
        if l == L:
            colours[int(np.argmax(v))] = CLASS_COLOURS[1]
        ax.bar(j, v, color=colours, width=0.8)
        kind = "output" if l == L else ("input" if l == 1 else "hidden")
        ax.set_title(f"$a^{{{l}}}$: layer {l} ({kind}), $n_{{{l}}} = {v.size}$", fontsize=9)
        ax.set_xlabel("neuron j", fontsize=8)
        ax.tick_params(labelsize=7)
        if l == L and v.size > 1:
            ax.set_xticks(j, [str(k) for k in j])
            largest = int(np.argmax(v)) + 1
            ax.set_xlabel(f"neuron j (class j−1); largest: j = {largest}", fontsize=8)
        if np.all((v >= 0) & (v <= 1)):
            ax.set_ylim(0, 1.05)
    fig.tight_layout()
    return fig


# ===== figures of notebooks 04–06: loss and δ, backpropagation, gradient checking ================

def plot_nudge(dzs, dJs, delta, dz=None, dJ=None, ax=None, label="^l_j"):
    """ΔJ against the demon's Δz (the curve through the points (dzs, dJs)) and the tangent
    line of slope δ (= δ^l_j); the pair (dz, dJ), if given, is marked together with the
    tangent's prediction δ·dz. label: the sub/superscripts of z and δ in LaTeX. Returns ax."""
    ax = _axes(ax, figsize=(4.5, 3.3))
    dzs, dJs = np.asarray(dzs), np.asarray(dJs)
    ax.plot(dzs, dJs, lw=2, label="true $\\Delta J$")
    ax.plot(dzs, delta * dzs, "--", color="black", lw=1.2,
            label=f"tangent $\\delta{label}\\,\\Delta z$, $\\delta{label}$ = {delta:.3f}")
    if dz is not None and dJ is not None:
        ax.plot([dz, dz], [delta * dz, dJ], color="red", lw=1.5)
        ax.plot([dz], [dJ], "o", color="red", ms=5, label=f"$\\Delta z$ = {dz:.2f}: "
                f"$\\Delta J$ = {dJ:.4f}")
        ax.plot([dz], [delta * dz], "o", color="red", mfc="white", ms=5)
    ax.axhline(0, color="0.7", lw=0.7)
    ax.axvline(0, color="0.7", lw=0.7)
    low, high = dJs.min(), dJs.max()
    pad = 0.15 * max(high - low, 1e-12)
    ax.set_ylim(low - pad, high + pad)     # the tangent may leave the picture, the curve not
    ax.set_xlabel(f"$\\Delta z{label}$ added by the demon")
    ax.set_ylabel("$\\Delta J$")
    ax.legend(fontsize=8, loc="best")
    return ax


def plot_step_size_errors(hs, curves, ax=None, slopes=None, mark_best=True):
    """Log-log plot of the relative error against the step h, one line per entry of
    curves ({label: errors}); h decreases to the right (as in a sweep from 1e-1 down).
    slopes: {label: p} draws a dotted reference line ∝ h^p below that curve (e.g. 1 for a
    forward difference, 2 for a central one). mark_best: star the best h of each curve.
    Returns ax."""
    ax = _axes(ax, figsize=(5.5, 3.6))
    hs = np.asarray(hs, dtype=float)
    for label, errors in curves.items():
        errors = np.maximum(np.asarray(errors, dtype=float), 1e-17)   # 0 is not on a log axis
        line, = ax.loglog(hs, errors, "o-", ms=3, lw=1.5, label=label)
        if mark_best:
            k = int(np.argmin(errors))
            ax.plot(hs[k], errors[k], "*", ms=12, color=line.get_color(), mec="black", mew=0.5)
        if slopes and label in slopes:
            p = slopes[label]
            ref = 0.2 * errors[0] * (hs / hs[0]) ** p
            ax.loglog(hs, ref, ":", color="0.3", lw=1.2)
            middle = len(hs) // 2
            ax.text(hs[middle], ref[middle], f" slope {p}", fontsize=8, color="0.2", va="top")
    ax.invert_xaxis()
    ax.set_xlabel("step h")
    ax.set_ylabel("relative error")
    ax.legend(fontsize=8)
    return ax


def plot_check_table(rows, tolerance=1e-7, ax=None):
    """A gradient check as a heat map: rows is {row label: {array name: relative error}}
    (e.g. one row per planted bug, one column per parameter array). The colour is
    log10 of the error (green small, red large), every cell shows its error, and cells above
    `tolerance` are marked ✗, the others ✓. Returns ax."""
    labels = list(rows)
    names = list(rows[labels[0]])
    errors = np.array([[rows[r][n] for n in names] for r in labels], dtype=float)
    ax = _axes(ax, figsize=(1.0 * len(names) + 2.5, 0.45 * len(labels) + 1.0))
    logs = np.log10(np.maximum(errors, 1e-16))
    ax.imshow(logs, cmap="RdYlGn_r", vmin=-12, vmax=0, aspect="auto")
    for i in range(len(labels)):
        for k in range(len(names)):
            mark = "✗" if errors[i, k] > tolerance else "✓"
            ax.text(k, i, f"{mark} {errors[i, k]:.0e}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(names)), names)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    return ax


# ===== figures of notebooks 07–08: saturation, training ==========================================

def plot_sigmoid_saturation(z_star, threshold, axes=None, z=None):
    """σ(z) and σ′(z) side by side with the saturated regions |z| > z* shaded, where
    σ′(z) < threshold (z* = the positive z with σ′(z*) = threshold). Returns (ax_s, ax_p)."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 2.9))
    ax_s, ax_p = axes
    z = np.linspace(-8, 8, 321) if z is None else z
    ax_s.plot(z, sigmoid(z), lw=2, color=CLASS_COLOURS[0])
    ax_p.plot(z, sigmoid_prime(z), lw=2, color=CLASS_COLOURS[0])
    ax_p.axhline(threshold, color="0.4", ls=":", lw=1)
    ax_p.text(z[0], threshold, f" threshold {threshold:g}", va="bottom", fontsize=8, color="0.3")
    for ax in (ax_s, ax_p):
        for lo, hi in ((z[0], -z_star), (z_star, z[-1])):
            if hi > lo:
                ax.axvspan(lo, hi, color="0.85", zorder=0)
        ax.axvline(0, color="0.6", lw=0.6)
        ax.set_xlim(z[0], z[-1])
        ax.set_xlabel("z")
    ax_s.text(0.98, 0.08, f"saturated: |z| > {z_star:.2f}", transform=ax_s.transAxes,
              ha="right", fontsize=8, color="0.3")
    ax_s.set_ylabel("σ(z)")
    ax_p.set_ylabel("σ′(z) = σ(z)(1 − σ(z))")
    ax_s.set_ylim(-0.05, 1.05)
    ax_p.set_ylim(-0.01, 0.27)
    ax_s.set_yticks([0, 0.5, 1])     # fixed ticks: cheaper to redraw in a live widget
    ax_p.set_yticks([0, 0.1, 0.2])
    for ax in (ax_s, ax_p):
        ax.set_xticks(np.arange(np.ceil(z[0] / 4) * 4, z[-1] + 1e-9, 4))
    return ax_s, ax_p


def plot_neuron_runs(runs, axes=None, title=None):
    """Training of one neuron: the output a (left) and the cost J (right) against the
    epoch, one line per run. runs: {label: {'epoch', 'a', 'loss'}} as returned by
    `widgets.train_single_neuron`. Returns (ax_a, ax_J)."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 2.9))
    ax_a, ax_J = axes
    for label, run in runs.items():
        ax_a.plot(run["epoch"], run["a"], lw=2, label=label)
        ax_J.plot(run["epoch"], run["loss"], lw=2, label=label)
    ax_a.set_ylabel("output a")
    ax_a.set_ylim(-0.03, 1.03)
    ax_J.set_ylabel("cost J")
    ax_J.set_ylim(bottom=0)
    for ax in axes:
        ax.set_xlabel("epoch")
        ax.legend(fontsize=8)
    if title:
        ax_a.figure.suptitle(title, fontsize=10)
    return ax_a, ax_J


def plot_z_histograms(zs, z_star, ax=None, bins=None):
    """Histograms of weighted inputs, one per entry of zs ({label: array of z values}),
    with the saturation limits ±z* dashed. Returns ax."""
    ax = _axes(ax, figsize=(6, 3))
    values = np.concatenate([np.ravel(z) for z in zs.values()])
    if bins is None:
        limit = max(np.abs(values).max(), z_star) * 1.05
        bins = np.linspace(-limit, limit, 61)
    for label, z in zs.items():
        ax.hist(np.ravel(z), bins=bins, histtype="stepfilled", alpha=0.45, label=label)
    for s in (-z_star, z_star):
        ax.axvline(s, color="black", ls="--", lw=1)
    ax.text(z_star, ax.get_ylim()[1] * 0.92, f" z* = {z_star:.2f}", fontsize=8)
    ax.set_xlabel("weighted input $z^2_j$")
    ax.set_ylabel("number of neurons")
    ax.legend(fontsize=8, loc="upper left")
    return ax


def plot_layer_norms(norms, ax=None, ylabel="$\\|\\partial J/\\partial b^l\\|$"):
    """One value per layer l on a log scale, one line per entry of
    norms ({label: {l: value}}): e.g. ‖∂J/∂b^l‖ to show vanishing gradients. Returns ax."""
    ax = _axes(ax, figsize=(5, 3.2))
    for label, values in norms.items():
        layers = sorted(values)
        ax.semilogy(layers, [values[l] for l in layers], "o-", lw=2, ms=5, label=label)
    all_layers = sorted({l for values in norms.values() for l in values})
    ax.set_xticks(all_layers)
    ax.set_xlabel("layer l")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    return ax


def plot_loss_vs_work(runs, m, axes=None):
    """Loss curves of gradient-descent variants against two measures of work: the number
    of per-sample gradient evaluations (epochs × m, the same for every variant) and the
    number of parameter updates (epochs × updates per epoch, log scale).
    runs: {label: (history, updates_per_epoch)}. Returns (ax_grad, ax_updates)."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    ax_g, ax_u = axes
    for label, (history, per_epoch) in runs.items():
        epochs = np.arange(1, len(history.loss) + 1)
        line, = ax_g.plot(epochs * m, history.loss, lw=1.5, label=label)
        ax_u.semilogx(epochs * per_epoch, history.loss, lw=1.5, color=line.get_color(),
                      label=label)
    ax_g.set_xlabel("per-sample gradient evaluations (epochs × m)")
    ax_u.set_xlabel("parameter updates")
    for ax in axes:
        ax.set_ylabel("training loss J")
        ax.legend(fontsize=8)
    return ax_g, ax_u


# ===== figures of notebooks 09–10: MNIST, playground =============================================

def plot_toy_datasets(noise=None, m=200, seed=0):
    """The toy data sets of `datasets.TOY_DATASETS` side by side, at their default noise
    unless `noise` is given. Returns the figure."""
    fig, axes = plt.subplots(1, len(TOY_DATASETS), figsize=(2.2 * len(TOY_DATASETS), 2.3))
    for ax, name in zip(axes, TOY_DATASETS):
        X, y = toy_dataset(name, m=m, noise=noise, seed=seed)
        plot_points(X, y, ax=ax, size=8)
        ax.set_title(name, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
    fig.tight_layout()
    return fig
