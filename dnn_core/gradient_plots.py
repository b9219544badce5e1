"""Figures about gradients: whether they are right, and how large they are.

`plot_nudge` shows the demon's experiment, the change of J against a nudge Δz^l_j with
the tangent of slope δ^l_j; `plot_step_size_errors` and `plot_check_table` show gradient
checks by finite differences; `plot_layer_norms` shows ‖∂J/∂b^l‖ layer by layer (vanishing
gradients) and `plot_z_histograms` where weighted inputs fall relative to the saturation
limits ±z*; `plot_descent_contours` and `plot_descent_1d` show gradient-descent iterates on a
loss of two parameters and of one. Every function draws on a given Axes (or a new figure) and returns it.
"""

import numpy as np

from .plots import axes_or_new


def plot_nudge(dzs, dJs, delta, dz=None, dJ=None, ax=None, label="^l_j"):
    """ΔJ against the demon's Δz, with the tangent line of slope δ (= δ^l_j).

    The curve goes through the points (dzs, dJs); the pair (dz, dJ), if given, is marked
    together with the tangent's prediction δ·dz. label: the sub- and superscripts of z and
    δ in LaTeX. Returns ax.
    """
    ax = axes_or_new(ax, figsize=(4.5, 3.3))
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
    ax.legend(loc="best")
    return ax


def plot_step_size_errors(hs, curves, ax=None, slopes=None, mark_best=True):
    """The relative error of finite differences against the step h, on log-log axes.

    curves is {label: errors}, one line each; h decreases to the right (as in a sweep
    from 1e-1 down). slopes, {label: p}, draws a dotted reference line ∝ h^p below that
    curve (e.g. 1 for a forward difference, 2 for a central one). mark_best stars the best
    h of each curve. Returns ax.
    """
    ax = axes_or_new(ax, figsize=(5.5, 3.6))
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
            ax.text(hs[middle], ref[middle], f" slope {p}", color="0.2", va="top")
    ax.invert_xaxis()
    ax.set_xlabel("step h")
    ax.set_ylabel("relative error")
    ax.legend()
    return ax


def plot_check_table(rows, tolerance=1e-7, ax=None):
    """A gradient check as a heat map, one cell per row and parameter array.

    rows is {row label: {array name: relative error}} (e.g. one row per planted bug, one
    column per parameter array). The colour is log10 of the error (green small, red
    large); every cell shows its error, marked ✗ above tolerance and ✓ otherwise.
    Returns ax.
    """
    labels = list(rows)
    names = list(rows[labels[0]])
    errors = np.array([[rows[r][n] for n in names] for r in labels], dtype=float)
    ax = axes_or_new(ax, figsize=(1.0 * len(names) + 2.5, 0.45 * len(labels) + 1.0))
    logs = np.log10(np.maximum(errors, 1e-16))
    ax.imshow(logs, cmap="RdYlGn_r", vmin=-12, vmax=0, aspect="auto")
    for i in range(len(labels)):
        for k in range(len(names)):
            mark = "✗" if errors[i, k] > tolerance else "✓"
            ax.text(k, i, f"{mark} {errors[i, k]:.0e}", ha="center", va="center")
    ax.set_xticks(range(len(names)), names)
    ax.set_yticks(range(len(labels)), labels)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    return ax


def plot_layer_norms(norms, ax=None, ylabel="$\\|\\partial J/\\partial b^l\\|$"):
    """One value per layer l on a log scale, e.g. ‖∂J/∂b^l‖ to show vanishing gradients.

    norms is {label: {l: value}}, one line each. Returns ax.
    """
    ax = axes_or_new(ax, figsize=(5, 3.2))
    for label, values in norms.items():
        layers = sorted(values)
        ax.semilogy(layers, [values[l] for l in layers], "o-", lw=2, ms=5, label=label)
    all_layers = sorted({l for values in norms.values() for l in values})
    ax.set_xticks(all_layers)
    ax.set_xlabel("layer l")
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def plot_z_histograms(zs, z_star, ax=None, bins=None):
    """Histograms of weighted inputs with the saturation limits ±z* dashed.

    zs is {label: array of z values}, one histogram each; beyond ±z* the sigmoid is
    saturated (σ′(z) below the threshold that defines z*). Returns ax.
    """
    ax = axes_or_new(ax, figsize=(6, 3))
    values = np.concatenate([np.ravel(z) for z in zs.values()])
    if bins is None:
        limit = max(np.abs(values).max(), z_star) * 1.05
        bins = np.linspace(-limit, limit, 61)
    for label, z in zs.items():
        ax.hist(np.ravel(z), bins=bins, histtype="stepfilled", alpha=0.45, label=label)
    for s in (-z_star, z_star):
        ax.axvline(s, color="black", ls="--", lw=1)
    top = ax.get_ylim()[1]
    ax.set_ylim(0, 1.6 * top)        # room above the bars for the legend and the z* label
    ax.text(z_star, 1.45 * top, f" z* = {z_star:.2f}")
    ax.set_xlabel("weighted input $z^2_j$")
    ax.set_ylabel("number of neurons")
    ax.legend(loc="upper left")
    return ax


def plot_descent_contours(w, b, J, path, ax=None, levels=15, labels=("$w$", "$b$")):
    """Gradient descent on a loss of two parameters: the contour lines of J over the grid
    (w, b) (J has shape (len(b), len(w)), as from np.meshgrid(w, b)) and the iterates
    `path`, an array of shape (steps + 1, 2), joined by arrows; the start is a circle, the
    end a star. Returns ax."""
    ax = axes_or_new(ax, figsize=(5, 4))
    path = np.asarray(path, dtype=float)
    contours = ax.contour(w, b, J, levels=levels, cmap="viridis", linewidths=0.9)
    ax.clabel(contours, fmt="%.3g")
    for (x0, y0), (x1, y1) in zip(path[:-1], path[1:]):
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops=dict(arrowstyle="->", color="#d62728", lw=1.2))
    ax.plot(path[:, 0], path[:, 1], "o", color="#d62728", ms=3)
    ax.plot(*path[0], "o", color="black", ms=7, mfc="white", label="start")
    ax.plot(*path[-1], "*", color="#d62728", ms=13, mec="black", mew=0.5,
            label=f"after {len(path) - 1} steps")
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.legend(loc="best")
    return ax


def plot_descent_1d(J, iterates, ax=None, title=None):
    """Gradient descent in one dimension: the curve J(θ) over a range that holds every
    iterate, and the iterates θ_0, θ_1, ... on it, joined by arrows in order (a step that
    jumps across the minimum shows as an arrow crossing it). J is a vectorised function.
    Returns ax."""
    ax = axes_or_new(ax, figsize=(4, 3))
    t = np.asarray(iterates, dtype=float)
    reach = 1.15 * max(np.abs(t).max(), 1e-12)
    grid = np.linspace(-reach, reach, 401)
    ax.plot(grid, J(grid), color="0.4", lw=1.5)
    for t0, t1 in zip(t[:-1], t[1:]):
        ax.annotate("", xy=(t1, J(t1)), xytext=(t0, J(t0)),
                    arrowprops=dict(arrowstyle="->", color="#d62728", lw=1.1))
    ax.plot(t, J(t), "o", color="#d62728", ms=3.5)
    ax.plot([t[0]], [J(t[0])], "o", color="black", ms=7, mfc="white")
    ax.axvline(0, color="0.75", lw=0.7, ls="--")
    ax.set_xlabel("$\\theta$")
    ax.set_ylabel("$J(\\theta)$")
    if title:
        ax.set_title(title)
    return ax
