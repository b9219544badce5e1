"""The network drawn: its neurons and edges, the symbols on them, its weight matrices.

A diagram puts layer l = 1..L at x = l and neuron j = 1..n_l of a layer one unit below
neuron j − 1, every layer centred vertically; the indices are 1-based as in the course.
`draw_network` draws the diagram, `annotate_neurons` and `mark_weights` write b^l_j and
w^l_{jk} onto it, `plot_weight_matrix` shows W^l (shape (n_l, n_{l−1})) as the grid it is,
`plot_forward_activations` shows what every layer of the diagram computed for one sample,
`draw_backward_pass` the errors δ^l_j flowing back along the edges, and `draw_bp4_edge` BP4 on one
edge (the activation at its input end times the error at its output end).
Every function draws on a given Axes (or a new figure) and returns what it drew on.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection

from .plots import CLASS_COLOURS, MAX_FIGURE_WIDTH, MIN_FONT_PT, axes_or_new

LABEL_BOX = dict(fc="white", ec="none", alpha=0.8, pad=0.5)
NODE_FONT_PT = 13           # a^l_j inside a circle: its sub- and superscripts are 9 pt


def node_diameter(ax, largest=46.0):
    """The diameter in points of a neuron's circle on ax: 62 % of the distance between two
    neurons of a layer (one data unit vertically), at most 45 % of the distance between
    layers and at most `largest`, so that circles never touch and a^l_j fits inside."""
    fig = ax.figure
    box = ax.get_position()
    width_pt = box.width * fig.get_figwidth() * 72
    height_pt = box.height * fig.get_figheight() * 72
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return min(0.62 * height_pt / abs(y1 - y0), 0.45 * width_pt / abs(x1 - x0), largest)


def neuron_positions(sizes):
    """Where each neuron of the diagram of a network [n_1, ..., n_L] stands.

    Returns {(l, j): (x, y)} for layer l = 1..L and neuron j = 1..n_l (1-based).
    """
    top = max(sizes)
    return {(l, j): (l, (top - n) / 2 + (n - j))
            for l, n in enumerate(sizes, start=1) for j in range(1, n + 1)}


def draw_weight_edge(ax, sizes, l, j, k, at, color="red", fontsize=12):
    """The edge of w^l_{jk}, thick and labelled.

    The edge runs from neuron k of layer l − 1 to neuron j of layer l; its label
    $w^l_{jk}$ stands at the fraction `at` of the way. Raises ValueError for a weight the
    network [n_1, ..., n_L] does not have. Returns ax.
    """
    pos = neuron_positions(sizes)
    if (l - 1, k) not in pos or (l, j) not in pos:
        raise ValueError(f"w^{l}_{j}{k} does not exist in a network of sizes {sizes}")
    (x0, y0), (x1, y1) = pos[(l - 1, k)], pos[(l, j)]
    ax.plot([x0, x1], [y0, y1], color=color, lw=2.5, zorder=2)
    ax.text(x0 + at * (x1 - x0), y0 + at * (y1 - y0) + 0.12, f"$w^{{{l}}}_{{{j}{k}}}$",
            color=color, ha="center", fontsize=fontsize, zorder=5, bbox=LABEL_BOX)
    return ax


def draw_network(sizes, ax=None, highlight_weights=(), highlight_neurons=(), labels=True,
                 weights=None):
    """The diagram of a fully connected network [n_1, ..., n_L], layer 1 on the left.

    highlight_weights holds (l, j, k) triples: the edge of w^l_{jk} (neuron k of layer
    l − 1 → neuron j of layer l) is drawn in red and labelled. highlight_neurons holds
    (l, j) pairs drawn in red (e.g. the neuron of b^l_j). weights, an optional {l: W^l},
    draws every edge with a width by |w| and a colour by its sign. Returns ax.
    """
    ax = axes_or_new(ax, figsize=(min(MAX_FIGURE_WIDTH, 1.6 * len(sizes) + 1), 0.75 * max(sizes) + 1.4))
    pos = neuron_positions(sizes)
    highlight_weights, highlight_neurons = set(highlight_weights), set(highlight_neurons)
    edges, colours, widths = [], [], []        # one LineCollection: much faster than a line each
    for l in range(2, len(sizes) + 1):
        for j in range(1, sizes[l - 1] + 1):
            for k in range(1, sizes[l - 2] + 1):
                if (l, j, k) in highlight_weights:
                    draw_weight_edge(ax, sizes, l, j, k, at=0.55)
                    continue
                edges.append([pos[(l - 1, k)], pos[(l, j)]])
                if weights is None:
                    colours.append("0.75"), widths.append(0.8)
                else:
                    w = weights[l][j - 1, k - 1]
                    colours.append("#d62728" if w < 0 else "#1f77b4")
                    widths.append(0.3 + 2.5 * min(abs(w), 3) / 3)
    ax.add_collection(LineCollection(edges, colors=colours, linewidths=widths, zorder=1,
                                     alpha=None if weights is None else 0.7))
    ax.set_xlim(0.5, len(sizes) + 0.5)
    ax.set_ylim(-0.7, max(sizes) + 0.6)
    diameter = node_diameter(ax)
    # whole points: a label laid out once is reused at every size the diagram takes
    node_font = round(min(NODE_FONT_PT, max(MIN_FONT_PT, 0.45 * diameter)))
    red = [key in highlight_neurons for key in pos]
    x, y = np.array(list(pos.values())).T
    ax.scatter(x, y, s=diameter ** 2, zorder=3, color=["mistyrose" if r else "white" for r in red],
               edgecolors=["red" if r else "black" for r in red], linewidths=[2 if r else 1 for r in red])
    if labels:
        for (l, j), (x, y) in pos.items():
            symbol = f"x_{j}" if l == 1 else f"a^{{{l}}}_{{{j}}}"
            ax.text(x, y, f"${symbol}$", ha="center", va="center", fontsize=node_font, zorder=4)
    names = ["input"] + ["hidden"] * (len(sizes) - 2) + ["output"]
    for l, name in enumerate(names, start=1):
        ax.text(l, max(sizes) - 0.25, f"layer {l}\n({name})", ha="center", va="bottom")
    ax.axis("off")
    return ax


def annotate_neurons(ax, sizes, notes, color="red", offset=(0.24, 0.0), fontsize=12):
    """Text next to neurons of a diagram drawn by `draw_network(sizes, ax)`.

    notes is {(l, j): text}: e.g. {(2, 3): "$b^2_3$"} puts the bias symbol to the right of
    neuron 3 of layer 2. offset is in data units (one layer = 1 horizontally, one neuron
    = 1 vertically). Raises ValueError for a neuron the network does not have. Returns ax.
    """
    pos = neuron_positions(sizes)
    for (l, j), text in notes.items():
        if (l, j) not in pos:
            raise ValueError(f"neuron ({l}, {j}) does not exist in a network of sizes {sizes}")
        x, y = pos[(l, j)]
        ax.text(x + offset[0], y + offset[1], text, color=color, fontsize=fontsize,
                ha="left", va="center", zorder=6, bbox=LABEL_BOX)
    return ax


def mark_weights(ax, sizes, weights, at=0.3, color="red", fontsize=11):
    """The edges of some weights on a diagram drawn by `draw_network(sizes, ax)`.

    weights holds (l, j, k) triples; each edge is drawn thick and labelled $w^l_{jk}$ at
    the fraction `at` of the way from neuron k of layer l − 1 to neuron j of layer l. A
    small `at` keeps the labels of several weights into the same neuron apart
    (draw_network's own highlight labels them at 0.55). Returns ax.
    """
    for l, j, k in weights:
        draw_weight_edge(ax, sizes, l, j, k, at, color, fontsize)
    return ax


def plot_weight_matrix(W, l, ax=None, highlight=(), values=True):
    """The matrix W^l (shape (n_l, n_{l−1})) as a grid of cells labelled $w^l_{jk}$.

    Row j is neuron j of layer l (the receiving neuron), column k is neuron k of layer
    l − 1 (the sending neuron): the output index comes first. highlight holds (j, k) pairs,
    1-based, outlined in red; values=True also prints each entry. Returns ax.
    """
    W = np.asarray(W)
    n_out, n_in = W.shape
    ax = axes_or_new(ax, figsize=(1.0 * n_in + 1.2, 0.7 * n_out + 1.0))
    lim = max(np.abs(W).max(), 1e-12)
    ax.imshow(W, cmap="RdBu_r", vmin=-lim, vmax=lim, alpha=0.5)
    highlight = set(highlight)
    for j in range(1, n_out + 1):
        for k in range(1, n_in + 1):
            text = f"$w^{{{l}}}_{{{j}{k}}}$"
            if values:
                text += f"\n{W[j - 1, k - 1]:.2f}"
            red = (j, k) in highlight
            ax.text(k - 1, j - 1, text, ha="center", va="center",
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


def plot_forward_activations(a, image_shape=(28, 28), label=None, figsize=None):
    """The activations a^1, ..., a^L of one sample, one panel per layer.

    a is {l: the n_l values of a^l}, e.g. `net.forward_trace(x).a` for one column x. a^1
    is drawn as an image when its size matches image_shape (an MNIST digit), else as bars;
    every other layer as a bar chart of a^l_j against j = 1..n_l, with the largest output
    a^L_j marked. label, the true class, is shown in the first title. Returns the figure.
    """
    layers = sorted(a)
    L = layers[-1]
    values = {l: np.asarray(a[l], dtype=float).ravel() for l in layers}
    widths = [1.1 if (image_shape and values[l].size == np.prod(image_shape) and l == 1)
              else max(1.2, min(3.2, 0.1 * values[l].size + 0.8)) for l in layers]
    fig, axes = plt.subplots(1, len(layers), figsize=figsize or (min(MAX_FIGURE_WIDTH, sum(widths) * 1.45 + 0.5), 2.8),
                             gridspec_kw={"width_ratios": widths})
    axes = np.atleast_1d(axes)
    for ax, l in zip(axes, layers):
        v = values[l]
        if l == 1 and image_shape and v.size == np.prod(image_shape):
            ax.imshow(v.reshape(image_shape), cmap="gray_r", vmin=0, vmax=max(1.0, v.max()))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title("$a^1 = x$" + (f" (label {label})" if label is not None else ""))
            continue
        j = np.arange(1, v.size + 1)
        colours = ["0.55"] * v.size
        if l == L:
            colours[int(np.argmax(v))] = CLASS_COLOURS[1]
        ax.bar(j, v, color=colours, width=0.8)
        kind = "output" if l == L else ("input" if l == 1 else "hidden")
        ax.set_title(f"$a^{{{l}}}$: layer {l} ({kind}), $n_{{{l}}} = {v.size}$")
        ax.set_xlabel("neuron j")
        if l == L and v.size > 1:
            ax.set_xticks(j, [str(k) for k in j])
            largest = int(np.argmax(v)) + 1
            ax.set_xlabel(f"neuron j (class j−1); largest: j = {largest}")
        if np.all((v >= 0) & (v <= 1)):
            ax.set_ylim(0, 1.05)
    fig.tight_layout()
    return fig


def draw_backward_pass(sizes, ax=None, color="#d62728"):
    """The backward pass on the diagram of a network [n_1, ..., n_L]: every edge between
    layers 2..L carries an arrow pointing back (from layer l + 1 to layer l), and every
    neuron of layers 2..L is labelled with its error $\\delta^l_j$; the output layer's
    errors come from BP1, each earlier layer's from the next one by BP2. The input layer
    has no δ. Returns ax."""
    ax = draw_network(sizes, ax=ax, labels=False)
    pos = neuron_positions(sizes)
    L = len(sizes)
    for l in range(3, L + 1):                     # δ^l → δ^{l−1} along every edge
        for j in range(1, sizes[l - 1] + 1):
            for k in range(1, sizes[l - 2] + 1):
                (x0, y0), (x1, y1) = pos[(l - 1, k)], pos[(l, j)]
                xm, ym = x0 + 0.45 * (x1 - x0), y0 + 0.45 * (y1 - y0)
                ax.annotate("", xy=(xm, ym), xytext=(xm + 0.12 * (x1 - x0), ym + 0.12 * (y1 - y0)),
                            arrowprops=dict(arrowstyle="-|>", color=color, lw=1.2, mutation_scale=14),
                            zorder=2)
    for (l, j), (x, y) in pos.items():
        symbol = f"x_{j}" if l == 1 else f"\\delta^{{{l}}}_{{{j}}}"
        ax.text(x, y, f"${symbol}$", ha="center", va="center", fontsize=NODE_FONT_PT,
                zorder=4, color="black" if l == 1 else color)
    for l in range(2, L + 1):
        rule = "BP1" if l == L else "BP2"
        ax.text(l, -0.55, rule, ha="center", va="center", color=color)
    return ax


def draw_bp4_edge(sizes, l, j, k, ax=None):
    """BP4 on one edge: the weight $w^l_{jk}$ highlighted, the activation $a^{l-1}_k$
    written at its input end (neuron k of layer l − 1) and the error $\\delta^l_j$ at its
    output end (neuron j of layer l); ∂J/∂w^l_{jk} is their product. Raises ValueError for
    a weight the network does not have. Returns ax."""
    pos = neuron_positions(sizes)
    if l < 2 or (l - 1, k) not in pos or (l, j) not in pos:
        raise ValueError(f"w^{l}_{j}{k} does not exist in a network of sizes {sizes}")
    ax = draw_network(sizes, ax=ax, highlight_weights=[(l, j, k)],
                      highlight_neurons=[(l - 1, k), (l, j)])
    input_end = "x" if l == 2 else "a"
    sup = "" if l == 2 else f"^{{{l - 1}}}"
    annotate_neurons(ax, sizes, {(l - 1, k): f"${input_end}{sup}_{{{k}}}$ (input end)"},
                     offset=(-0.3, -0.45))
    annotate_neurons(ax, sizes, {(l, j): f"$\\delta^{{{l}}}_{{{j}}}$ (output end)"},
                     offset=(0.24, 0.0))
    ax.set_title(f"$\\partial J/\\partial w^{{{l}}}_{{{j}{k}}} = {input_end}{sup}_{{{k}}}\\,"
                 f"\\delta^{{{l}}}_{{{j}}}$", fontsize=11)
    return ax
