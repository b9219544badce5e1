"""The figures the notebooks share: activations, 2-D data, decision boundaries, curves, images.

Every function draws on a given matplotlib Axes (or on a new figure when ax is None) and
returns what it drew on, so notebooks and views can compose them and tests can inspect
them without a display. Samples are columns, as everywhere in the course: 2-D data X has
shape (2, m), its labels y shape (m,). The network diagram and the weight matrices are in
`dnn_core.diagrams`, the figures about gradients in `dnn_core.gradient_plots`.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

from .activations import get_activation, sigmoid, sigmoid_prime, softmax
from .datasets import TOY_DATASETS, toy_dataset
from .language import set_language

CLASS_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd")
WARNING_COLOUR = "#d62728"      # a saturated neuron, a diverged run, a widget's error line


# How figures are sized for a notebook column (JupyterLab's column is about 800-1000 CSS
# px wide at 1366 x 768, its body text 13-14 CSS px high). A figure of figsize (w, h) inches
# at figure.dpi D is shown w*D x h*D CSS px wide and high, and text of s points is shown
# s*D/72 CSS px high; the 'retina' format stores the PNG with twice as many pixels per side
# (2*w*D x 2*h*D) and tells the browser the CSS size, so it is sharp on a HiDPI screen or a
# projector. With D = 100, 10 pt text is 13.9 CSS px (the notebook's body text) and a figure
# at most MAX_FIGURE_WIDTH = 8 inches wide fits the column without being scaled down.
FIGURE_DPI = 100
MIN_FONT_PT = 10            # the smallest text any figure of the course draws: 13.9 CSS px
MAX_FIGURE_WIDTH = 8.0      # inches: 800 CSS px
FIGURE_STYLE = {
    "figure.dpi": FIGURE_DPI,
    "figure.figsize": (5.5, 3.6),
    "font.size": MIN_FONT_PT,
    "axes.titlesize": 11,
    "axes.labelsize": MIN_FONT_PT,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": MIN_FONT_PT,
    "figure.titlesize": 11,
    "axes.grid": False,
}


def css_px(points, dpi=FIGURE_DPI):
    """The height in CSS px at which text of `points` points is shown by the browser, in a
    figure of figure.dpi `dpi` (retina or not: the CSS size is the same, only sharper)."""
    return points * dpi / 72


PROJECTOR_SCALE = 1.3       # figures and widget pictures on a projector: 10 pt text is 18 CSS px
CJK_FONT = "Noto Sans CJK SC"   # Chinese text in figures (Debian and Ubuntu: fonts-noto-cjk)
CJK_FONT_FILES = "NotoSansCJK"  # how that font's files are named


def setup_notebook(projector=None, language="en"):
    """The first cell of every notebook: stable printing and sharp, legible figures.

    Floats print rounded to 4 digits (so stored outputs do not change with the last bits).
    Figures are shown at figure.dpi 100 and stored by the inline backend as 'retina' PNGs
    (twice the pixels per side of their CSS size), with every text at least 10 pt
    (13.9 CSS px, as large as the notebook's text). Outside IPython only the settings of
    matplotlib change.

    projector=True draws every figure and widget picture PROJECTOR_SCALE times larger (text
    included), for a projector or a large room. projector=None takes the environment
    variable DNN_PROJECTOR (set to 1 by `make lab PROJECTOR=1`), so a teacher switches the
    whole course without editing a notebook.

    language ('en' or 'zh', see `dnn_core.language`) is the language of what the package
    says to the learner: the checker's verdicts, the widgets' labels and status lines. With
    'zh', figures draw Chinese characters with CJK_FONT when it is installed (`use_cjk_font`;
    Latin text keeps DejaVu Sans); 'en' takes it out again.
    """
    set_language(language)
    if projector is None:
        projector = os.environ.get("DNN_PROJECTOR", "") not in ("", "0")
    np.set_printoptions(precision=4, suppress=True)
    plt.rcParams.update({**FIGURE_STYLE, "figure.dpi": FIGURE_DPI * (PROJECTOR_SCALE if projector else 1)})
    use_cjk_font(language == "zh")
    try:
        from IPython import get_ipython
    except ImportError:         # pragma: no cover - IPython comes with Jupyter
        return
    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("retina")


def use_cjk_font(use=True):
    """Make CJK_FONT the fallback of every figure's text (use=True), or take it out again
    (use=False); True if it is the fallback afterwards.

    matplotlib draws a character missing from a text's font with the next family of
    font.family (not of font.sans-serif, whose first installed family alone is used), so
    CJK_FONT goes after "sans-serif" there: Latin text stays DejaVu Sans, Chinese characters
    come from CJK_FONT. It is added only when installed: a family that is not installed
    makes matplotlib log "Font family not found" at every text it draws.
    """
    families = [family for family in plt.rcParams["font.family"] if family != CJK_FONT]
    if use and cjk_font_installed():
        families.append(CJK_FONT)
    plt.rcParams["font.family"] = families
    return CJK_FONT in families


def cjk_font_installed():
    """True if matplotlib can draw with CJK_FONT. A font installed after matplotlib built its
    font cache is not in the cache: its files are then looked up and added."""
    if _font_known(CJK_FONT):
        return True
    for path in font_manager.findSystemFonts():
        if os.path.basename(path).startswith(CJK_FONT_FILES):
            font_manager.fontManager.addfont(path)
    return _font_known(CJK_FONT)


def _font_known(family):
    try:
        font_manager.findfont(family, fallback_to_default=False)
    except ValueError:
        return False
    return True


def axes_or_new(ax, figsize=(5, 4)):
    """ax itself, or the Axes of a new figure of size figsize when ax is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


# Activations

def plot_activations(names=("sigmoid", "tanh", "relu"), z=None, ax=None, derivative=False):
    """σ(z), or σ′(z) with derivative=True, of the named element-wise activations.

    All curves share one set of axes, z in [−5, 5] unless given. Returns ax.
    """
    ax = axes_or_new(ax)
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


def plot_activation_gallery(z=None, include_sign=True):
    """The activations of a neural network side by side with softmax.

    Left: the element-wise activations sign (the perceptron's), sigmoid, tanh and ReLU.
    Right: softmax, which is not element-wise, on the 2-vector (z, 0): its two outputs
    e^z/(e^z + 1) and 1/(e^z + 1) always add up to 1. Returns the figure.
    """
    z = np.linspace(-5, 5, 401) if z is None else np.asarray(z, dtype=float)
    fig, (left, right) = plt.subplots(1, 2, figsize=(MAX_FIGURE_WIDTH, 3.8))
    plot_activations(("sigmoid", "tanh", "relu"), z=z, ax=left)
    if include_sign:
        left.plot(z, get_activation("sign")(z), color="0.4", ls=":", lw=1.5,
                  label="sign (perceptron)")
        left.legend(loc="lower center", ncol=2)   # below every curve (they stay above −1)
    left.set_ylim(-2.3, 2.5)
    left.set_title("element-wise: $a_j = \\sigma(z_j)$")
    s = softmax(np.vstack([z, np.zeros_like(z)]))
    right.plot(z, s[0], lw=2, label="softmax$(z, 0)_1 = e^z/(e^z+e^0)$")
    right.plot(z, s[1], lw=2, label="softmax$(z, 0)_2 = e^0/(e^z+e^0)$")
    right.plot(z, s.sum(axis=0), color="0.5", ls="--", lw=1, label="sum of the two = 1")
    right.set_ylim(-0.05, 1.65)            # room for the legend above the curves
    right.set_xlabel("z (the first input; the second is fixed at 0)")
    right.set_ylabel("output")
    right.set_title("softmax of the vector $(z, 0)$: not element-wise")
    right.legend(loc="upper left")
    fig.tight_layout()
    return fig


def plot_neuron_response(w, b, x_half=None, ax=None):
    """The output a = σ(w x + b) of one sigmoid neuron with one input, for x in [−6, 6].

    x_half, the input where a = ½ (−b/w), is marked when given and inside the range.
    Returns ax.
    """
    ax = axes_or_new(ax, figsize=(4.5, 2.8))
    neuron_response_axes(ax)
    draw_neuron_response(w, b, x_half, ax)
    return ax


def neuron_response_axes(ax):
    """The axes of `plot_neuron_response`, the same for every neuron: limits and labels."""
    ax.set_xlim(-6.6, 6.6)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("input x")
    ax.set_ylabel("a = σ(w x + b)")


def draw_neuron_response(w, b, x_half, ax):
    """The curve a = σ(w x + b) and the mark at x_half (when inside [−6, 6]) on ax; returns
    the artists drawn (a live explorer draws only these over the fixed axes)."""
    x = np.linspace(-6, 6, 301)
    artists = ax.plot(x, sigmoid(w * x + b), lw=2, color=CLASS_COLOURS[0])
    if x_half is not None and -6 <= x_half <= 6:
        artists.append(ax.axvline(x_half, color="0.6", ls="--", lw=1))
        artists += ax.plot([x_half], [0.5], "o", color="black", ms=4)
    return artists


def plot_sigmoid_saturation(z_star, threshold, axes=None, z=None, mark=None, mark_colour="black"):
    """σ(z) and σ′(z) side by side, the saturated regions |z| > z* shaded.

    z* is the positive z with σ′(z*) = threshold, so σ′(z) < threshold in the shaded
    regions. mark, a value of z, is marked on both curves (dot and dashed line) in
    mark_colour. Returns (ax_s, ax_p).
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 2.9))
    ax_s, ax_p = axes
    z = np.linspace(-8, 8, 321) if z is None else z
    ax_s.plot(z, sigmoid(z), lw=2, color=CLASS_COLOURS[0])
    ax_p.plot(z, sigmoid_prime(z), lw=2, color=CLASS_COLOURS[0])
    ax_p.axhline(threshold, color="0.4", ls=":", lw=1)
    ax_p.text(z[0], threshold, f" threshold {threshold:g}", va="bottom", color="0.3")
    for ax in (ax_s, ax_p):
        for lo, hi in ((z[0], -z_star), (z_star, z[-1])):
            if hi > lo:
                ax.axvspan(lo, hi, color="0.85", zorder=0)
        ax.axvline(0, color="0.6", lw=0.6)
        ax.set_xlim(z[0], z[-1])
        ax.set_xlabel("z")
    ax_s.text(0.98, 0.08, f"saturated: |z| > {z_star:.2f}", transform=ax_s.transAxes,
              ha="right", color="0.3")
    ax_s.set_ylabel("σ(z)")
    ax_p.set_ylabel("σ′(z) = σ(z)(1 − σ(z))")
    ax_s.set_ylim(-0.05, 1.05)
    ax_p.set_ylim(-0.01, 0.27)
    ax_s.set_yticks([0, 0.5, 1])     # fixed ticks: cheaper to redraw in a live widget
    ax_p.set_yticks([0, 0.1, 0.2])
    for ax in (ax_s, ax_p):
        ax.set_xticks(np.arange(np.ceil(z[0] / 4) * 4, z[-1] + 1e-9, 4))
    if mark is not None:
        mark_sigmoid((ax_s, ax_p), mark, mark_colour)
    return ax_s, ax_p


def mark_sigmoid(axes, z, colour="black"):
    """The point z on both curves of `plot_sigmoid_saturation` (a dot and a dashed line in
    colour); returns the artists drawn (a live explorer draws only these over the curves)."""
    ax_s, ax_p = axes
    artists = []
    for ax, value in ((ax_s, sigmoid(z)), (ax_p, sigmoid_prime(z))):
        artists += ax.plot([z], [float(value)], "o", color=colour, ms=7, zorder=5)
        artists.append(ax.axvline(z, color=colour, lw=0.8, ls="--"))
    return artists


# 2-D data and decision boundaries

def plot_points(X, y, ax=None, size=18):
    """2-D samples (the columns of X, shape (2, m)) coloured by their label y (shape (m,)).

    Returns ax.
    """
    ax = axes_or_new(ax)
    y = np.asarray(y)
    for i, label in enumerate(np.unique(y)):
        pts = X[:, y == label]
        ax.scatter(pts[0], pts[1], s=size, color=CLASS_COLOURS[i % len(CLASS_COLOURS)],
                   edgecolors="white", linewidths=0.5, label=f"class {label}", zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def grid_over(X, resolution=120, margin=0.5):
    """A grid of resolution × resolution points covering the 2-D samples X (shape (2, m)).

    Returns (xx, yy, points): the meshgrid arrays and the points as columns, shape
    (2, resolution²).
    """
    lo, hi = X.min(axis=1) - margin, X.max(axis=1) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    return xx, yy, np.vstack([xx.ravel(), yy.ravel()])


def plot_decision_boundary(predict, X, y, ax=None, resolution=120, scores=None):
    """The plane coloured by the class a classifier gives, the samples on top.

    predict maps points of shape (2, P) to labels of shape (P,). scores, if given, is a
    function whose value (e.g. a^L of a single output unit) is shaded instead of the hard
    class, with its ½ level drawn as the boundary. Returns ax.
    """
    ax = axes_or_new(ax)
    draw_decision_regions(predict, X, y, ax, resolution, scores)
    plot_points(X, y, ax)
    xx, yy, _ = grid_over(X, resolution)
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    return ax


def draw_decision_regions(predict, X, y, ax, resolution=120, scores=None):
    """The plane of `plot_decision_boundary` coloured by class (or shaded by scores, with the
    ½ level drawn), without the samples; returns the contour sets drawn (a live picture
    removes them to draw the next)."""
    xx, yy, points = grid_over(X, resolution)
    if scores is not None:
        values = np.asarray(scores(points)).reshape(xx.shape)
        return [ax.contourf(xx, yy, values, levels=20, cmap="RdBu_r", alpha=0.35, vmin=0, vmax=1),
                ax.contour(xx, yy, values, levels=[0.5], colors="black", linewidths=1.2)]
    labels = np.asarray(predict(points)).reshape(xx.shape)
    n = int(max(labels.max(), np.max(y))) + 1
    return [ax.contourf(xx, yy, labels, levels=np.arange(n + 1) - 0.5, alpha=0.25,
                        colors=CLASS_COLOURS[:n])]


def plot_line(w, b, X, ax, **style):
    """The line w·x + b = 0 across the x_1 range of the 2-D samples X. Returns ax."""
    x1 = np.array([X[0].min() - 0.5, X[0].max() + 0.5])
    if abs(w[1]) > 1e-12:
        ax.plot(x1, -(w[0] * x1 + b) / w[1], **style)
    elif abs(w[0]) > 1e-12:
        ax.axvline(-b / w[0], **style)
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
    ax = axes_or_new(ax, figsize=(3, 3))
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
        ax.set_title(f"update {t}: sample {i}")
    return ax


def plot_perceptron_steps(X, y, steps, columns=4, size=2.3):
    """A grid of small frames, one per update of the perceptron rule.

    Each frame is `plot_perceptron_step`'s. Returns the figure.
    """
    n = len(steps)
    if n == 0:
        raise ValueError("no updates to draw: the perceptron made no mistake")
    rows = int(np.ceil(n / columns))
    cols = min(n, columns)
    size = min(size, MAX_FIGURE_WIDTH / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(size * cols, size * rows), squeeze=False)
    for t, ax in enumerate(axes.flat, start=1):
        if t <= n:
            plot_perceptron_step(X, y, steps, t, ax)
            ax.set_xlabel("")
            ax.set_ylabel("")
            ax.tick_params(labelbottom=False, labelleft=False)   # the lines matter, not x
        else:
            ax.axis("off")
    fig.tight_layout()
    return fig


def plot_toy_datasets(noise=None, m=200, seed=0):
    """The toy data sets of `datasets.TOY_DATASETS` side by side.

    Each is drawn at its default noise unless noise is given. Returns the figure.
    """
    fig, axes = plt.subplots(1, len(TOY_DATASETS), figsize=(1.58 * len(TOY_DATASETS), 1.95))
    for ax, name in zip(axes, TOY_DATASETS):
        X, y = toy_dataset(name, m=m, noise=noise, seed=seed)
        plot_points(X, y, ax=ax, size=8)
        ax.set_title(name)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
    fig.tight_layout()
    return fig


# Training curves

def plot_history(history, ax=None, metric="loss", label=None, x=None):
    """The per-epoch metric ('loss' or 'accuracy') of a History.

    The validation curve is drawn dashed when there is one. x: optional x values (e.g.
    gradient evaluations instead of epochs). Returns ax.
    """
    ax = axes_or_new(ax)
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


def plot_loss_vs_work(runs, m, axes=None):
    """Loss curves of gradient-descent variants against two measures of work.

    Left: the number of per-sample gradient evaluations (epochs × m, the same for every
    variant); right: the number of parameter updates (epochs × updates per epoch, log
    scale). runs is {label: (history, updates_per_epoch)}. Returns (ax_grad, ax_updates).
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(MAX_FIGURE_WIDTH, 3.4))
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
        ax.legend()
    return ax_g, ax_u


def plot_neuron_runs(runs, axes=None, title=None):
    """The training of one neuron: its output a (left) and the cost J (right) by epoch.

    runs is {label: {'epoch', 'a', 'loss'}}, each as returned by
    `experiments.train_single_neuron`; one line per run. Returns (ax_a, ax_J).
    """
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
    if len(runs) > 1:       # one legend under both panels, never over a curve
        ax_a.figure.legend(*ax_a.get_legend_handles_labels(), loc="upper center", frameon=False,
                           bbox_to_anchor=(0.5, 0.0), ncol=min(len(runs), 3))
    if title:
        ax_a.figure.suptitle(title)
    return ax_a, ax_J


# Images

def plot_digits(X, titles=None, columns=10, size=1.1, cmap="gray_r", vmax=None, levels=None):
    """A grid of 28×28 images from the columns of X (shape (784, k)).

    Each pixel (or weight) is drawn as one square of one colour, without smoothing. cmap
    "RdBu_r" draws signed images (weights) on a scale symmetric around 0. levels: use only
    that many colours of the map (e.g. 15 for weight images: much smaller stored PNGs).
    Returns the figure.
    """
    k = X.shape[1]
    if titles is not None:              # a column as wide as its longest title at 10 pt
        longest = max(len(str(t)) for t in titles)
        needed = 0.6 * MIN_FONT_PT / 72 * longest + 0.12
        columns = max(1, min(columns, int(MAX_FIGURE_WIDTH // needed)))
    rows = int(np.ceil(k / columns))
    cols = min(k, columns)
    size = min(size, MAX_FIGURE_WIDTH / cols)
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
                ax.set_title(str(titles[i]))
    fig.tight_layout()
    return fig


def plot_confusion_matrix(true, predicted, n_classes=10, ax=None):
    """The counts C[i, j] of samples of class i predicted as j, drawn with the numbers.

    true and predicted are labels of shape (m,). Returns (ax, C), C of shape
    (n_classes, n_classes).
    """
    ax = axes_or_new(ax, figsize=(5, 4.5))
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (np.asarray(true), np.asarray(predicted)), 1)
    ax.imshow(counts, cmap="Blues")
    for i in range(n_classes):
        for j in range(n_classes):
            if counts[i, j]:
                ax.text(j, i, counts[i, j], ha="center", va="center",
                        color="white" if counts[i, j] > counts.max() / 2 else "black")
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    return ax, counts
