"""The network drawn: neuron positions, edges and their labels, the weight matrix, the
activations of one sample layer by layer."""

import numpy as np
import pytest

from dnn_core.diagrams import (
    annotate_neurons,
    draw_backward_pass,
    draw_bp4_edge,
    draw_network,
    draw_weight_edge,
    mark_weights,
    neuron_positions,
    plot_forward_activations,
    plot_weight_matrix,
)


def test_neuron_positions_are_1_based_and_centred():
    pos = neuron_positions([3, 4, 2])
    assert sorted(pos) == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (2, 4), (3, 1), (3, 2)]
    assert pos[(2, 1)] == (2, 3.0) and pos[(2, 4)] == (2, 0.0)     # neuron 1 on top
    assert pos[(3, 1)] == (3, 2.0) and pos[(3, 2)] == (3, 1.0)     # centred against layer 2


def test_draw_network_draws_every_weight_and_neuron():
    ax = draw_network([3, 4, 2])
    edges, nodes = ax.collections          # one LineCollection, one scatter
    assert len(edges.get_segments()) == 3 * 4 + 4 * 2 and len(nodes.get_offsets()) == 9
    assert tuple(edges.get_segments()[0][0]) == neuron_positions([3, 4, 2])[(1, 1)]
    texts = [t.get_text() for t in ax.texts]
    assert "$x_3$" in texts and "$a^{3}_{2}$" in texts and "layer 2\n(hidden)" in texts


def test_draw_network_highlights_and_weights():
    ax = draw_network([2, 2, 1], highlight_weights=[(3, 1, 2)], highlight_neurons=[(2, 1)])
    red = [line for line in ax.lines if line.get_color() == "red"]
    assert len(red) == 1 and "$w^{3}_{12}$" in [t.get_text() for t in ax.texts]
    edges, nodes = ax.collections
    assert len(edges.get_segments()) == 2 * 2 + 2 * 1 - 1           # the red one drawn apart
    red_nodes = [tuple(c) for c in nodes.get_edgecolors()].count((1.0, 0.0, 0.0, 1.0))
    assert red_nodes == 1 and tuple(nodes.get_offsets()[2]) == neuron_positions([2, 2, 1])[(2, 1)]
    weights = {2: np.array([[1.0, -2.0], [0.0, 3.0]]), 3: np.array([[-1.0, 0.5]])}
    edges = draw_network([2, 2, 1], weights=weights).collections[0]
    blue, red = (1 / 255) * np.array([31, 119, 180]), (1 / 255) * np.array([214, 39, 40])
    np.testing.assert_allclose(edges.get_colors()[0][:3], blue)      # w^2_11 = 1 > 0
    np.testing.assert_allclose(edges.get_colors()[1][:3], red)       # w^2_12 = -2 < 0
    assert edges.get_linewidths()[1] > edges.get_linewidths()[0]     # |w| = 2 is drawn wider


def test_annotate_and_mark_weights_check_the_indices():
    ax = draw_network([3, 4, 2])
    annotate_neurons(ax, [3, 4, 2], {(2, 3): "$b^2_3$"})
    mark_weights(ax, [3, 4, 2], [(3, 2, 4)])
    texts = [t.get_text() for t in ax.texts]
    assert "$b^2_3$" in texts and "$w^{3}_{24}$" in texts
    with pytest.raises(ValueError, match="does not exist"):
        annotate_neurons(ax, [3, 4, 2], {(2, 5): "x"})
    with pytest.raises(ValueError, match="does not exist"):
        mark_weights(ax, [3, 4, 2], [(3, 3, 1)])
    with pytest.raises(ValueError, match="does not exist"):
        mark_weights(ax, [3, 4, 2], [(1, 1, 1)])              # the input layer has no W


def test_a_weights_label_stands_where_asked():
    ax = draw_network([1, 1], labels=False)
    draw_weight_edge(ax, [1, 1], 2, 1, 1, at=0.25)
    assert ax.texts[-1].get_position() == pytest.approx((1.25, 0.12))
    mark_weights(ax, [1, 1], [(2, 1, 1)])                      # at = 0.3 by default
    assert ax.texts[-1].get_position() == pytest.approx((1.3, 0.12))
    ax = draw_network([1, 1], labels=False, highlight_weights=[(2, 1, 1)])
    assert ax.texts[0].get_position() == pytest.approx((1.55, 0.12))


def test_weight_matrix_labels_rows_by_output_index():
    W = np.arange(8.0).reshape(2, 4)
    ax = plot_weight_matrix(W, 3, highlight=[(2, 4)])
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 8
    assert "$w^{3}_{24}$\n7.00" in texts       # row 2, column 4 = W[1, 3] = 7
    assert len(ax.patches) == 1
    assert ax.get_title() == "$W^{3}$, shape (2, 4)"
    assert "$w^{3}_{11}$" in [t.get_text() for t in plot_weight_matrix(W, 3, values=False).texts]


def test_forward_activations_without_an_image():
    fig = plot_forward_activations({1: np.array([0.5, -1.0]), 2: np.array([0.2, 0.9, 0.4])})
    assert len(fig.axes) == 2
    assert len(fig.axes[0].patches) == 2 and len(fig.axes[1].patches) == 3
    assert fig.axes[1].get_xlabel() == "neuron j (class j−1); largest: j = 2"


def test_forward_activations_of_a_digit():
    a = {1: np.zeros(784), 2: np.full(30, 0.5), 3: np.eye(10)[7]}
    fig = plot_forward_activations(a, label=7)
    assert fig.axes[0].images and fig.axes[0].get_title() == "$a^1 = x$ (label 7)"
    bars = fig.axes[2].patches
    assert bars[7].get_facecolor() != bars[0].get_facecolor()     # the largest output marked


def test_backward_pass_labels_every_error_and_points_back():
    ax = draw_backward_pass([3, 4, 3, 2])
    texts = [t.get_text() for t in ax.texts]
    assert "$\\delta^{4}_{2}$" in texts and "$\\delta^{2}_{4}$" in texts and "$x_3$" in texts
    assert not any(t.startswith("$\\delta^{1}") for t in texts)          # the input layer has no δ
    assert texts.count("BP2") == 2 and texts.count("BP1") == 1
    arrows = [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    assert len(arrows) == 4 * 3 + 3 * 2                                   # one per edge of layers 3..L
    start, end = arrows[0].xyann, arrows[0].xy
    assert end[0] < start[0]                                              # pointing back, to the left


def test_bp4_edge_names_both_ends():
    ax = draw_bp4_edge([2, 2, 1], l=3, j=1, k=2)
    texts = [t.get_text() for t in ax.texts]
    assert "$a^{2}_{2}$ (input end)" in texts and "$\\delta^{3}_{1}$ (output end)" in texts
    assert "$w^{3}_{12}$" in texts
    assert ax.get_title() == "$\\partial J/\\partial w^{3}_{12} = a^{2}_{2}\\,\\delta^{3}_{1}$"
    assert "$x_{1}$ (input end)" in [t.get_text() for t in draw_bp4_edge([2, 2, 1], 2, 2, 1).texts]
    with pytest.raises(ValueError, match="does not exist"):
        draw_bp4_edge([2, 2, 1], 3, 2, 1)
