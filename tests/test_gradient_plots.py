"""The figures about gradients: the demon's curve and tangent, finite-difference errors,
the check table, gradient norms by layer, weighted inputs against ±z*."""

import numpy as np

from dnn_core.gradient_plots import (
    plot_check_table,
    plot_descent_1d,
    plot_descent_contours,
    plot_layer_norms,
    plot_nudge,
    plot_step_size_errors,
    plot_z_histograms,
)


def test_plot_nudge_draws_curve_tangent_and_point():
    dzs = np.linspace(-1, 1, 11)
    ax = plot_nudge(dzs, dzs ** 3, 0.5, 0.5, 0.125)
    curve, tangent, gap, point, prediction = ax.lines[:5]
    np.testing.assert_array_equal(tangent.get_ydata(), 0.5 * dzs)
    assert list(gap.get_ydata()) == [0.25, 0.125]
    assert list(point.get_xdata()) == [0.5] and list(prediction.get_ydata()) == [0.25]
    ax = plot_nudge(dzs, dzs ** 3, 5.0)             # a steep tangent leaves the picture:
    assert ax.get_ylim() == (-1.3, 1.3)             # the curve sets the limits, 15 % margin
    assert len(plot_nudge(dzs, dzs ** 3, 0.5).lines) == 2 + 2     # without a point


def test_plot_step_size_errors_and_check_table():
    hs = np.array([1e-1, 1e-2, 1e-3])
    ax = plot_step_size_errors(hs, {"a": [1e-2, 1e-4, 0.0]}, slopes={"a": 2})
    assert ax.xaxis_inverted()
    assert ax.lines[0].get_ydata()[-1] == 1e-17                  # 0 is not on a log axis
    assert ax.texts[0].get_text() == " slope 2"
    ax = plot_check_table({"x": {"W2": 1e-10, "b2": 0.5}, "y": {"W2": 1e-3, "b2": 1e-12}})
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["✓ 1e-10", "✗ 5e-01", "✗ 1e-03", "✓ 1e-12"]


def test_layer_norms_on_a_log_scale():
    ax = plot_layer_norms({"x": {3: 0.1, 2: 0.01}})
    assert ax.get_yscale() == "log"
    assert list(ax.lines[0].get_xdata()) == [2, 3] and list(ax.lines[0].get_ydata()) == [0.01, 0.1]


def test_z_histograms_with_the_saturation_limits():
    ax = plot_z_histograms({"a": np.arange(-5, 5.0), "b": np.zeros(3)}, 4.58)
    assert ax.get_legend() is not None
    assert [line.get_xdata()[0] for line in ax.lines] == [-4.58, 4.58]
    assert len(ax.patches) == 2


def test_descent_contours_draw_the_map_and_the_path():
    w, b = np.linspace(-1, 1, 21), np.linspace(-2, 2, 41)
    J = np.add.outer(b ** 2, w ** 2)                     # shape (len(b), len(w))
    path = np.array([[1.0, 2.0], [0.5, 1.0], [0.25, 0.5]])
    ax = plot_descent_contours(w, b, J, path)
    arrows = [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    assert len(arrows) == 2 and arrows[0].xy == (0.5, 1.0)
    assert list(ax.lines[-1].get_xdata()) == [0.25]      # the end, a star
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["start", "after 2 steps"]


def test_descent_1d_follows_the_iterates_across_the_minimum():
    t = np.array([1.0, -1.2, 1.44])
    ax = plot_descent_1d(lambda x: 2 * x ** 2, t, title="η = 0.55")
    curve = ax.lines[0]
    assert curve.get_xdata().min() < -1.44 and curve.get_xdata().max() > 1.44   # every iterate in view
    arrows = [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    assert [a.xy for a in arrows] == [(-1.2, 2 * 1.44), (1.44, 2 * 1.44 ** 2)]
    assert ax.get_title() == "η = 0.55"
