"""The Network: structure, parameter containers, forward pass (also from a layer l on),
backprop through `dnn_core.backprop`, training, evaluation, bad input."""

import re

import numpy as np
import pytest

from dnn_core import History, Network, TrainingDivergedError
from dnn_core.datasets import make_moons, mnist_sample

XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def test_parameters_are_layer_indexed_with_the_course_shapes():
    net = Network([784, 30, 10], seed=0)
    assert list(net.W) == [2, 3] and list(net.b) == [2, 3]
    assert net.W[2].shape == (30, 784) and net.b[2].shape == (30, 1)
    assert net.W[3].shape == (10, 30) and net.b[3].shape == (10, 1)
    assert net.num_parameters() == 784 * 30 + 30 + 30 * 10 + 10
    assert all(w.dtype == np.float64 for _, w in net.parameters())


def test_standard_and_scaled_initialisation():
    std = Network([400, 300, 2], seed=0)
    scaled = Network([400, 300, 2], init="scaled", seed=0)
    assert np.std(std.W[2]) == pytest.approx(1.0, rel=0.02)
    assert np.std(scaled.W[2]) == pytest.approx(1 / np.sqrt(400), rel=0.02)
    assert np.std(scaled.b[2]) == pytest.approx(1.0, rel=0.2)


def test_same_seed_same_network_different_seed_different():
    a, b, c = Network([3, 4, 2], seed=5), Network([3, 4, 2], seed=5), Network([3, 4, 2], seed=6)
    assert all(np.array_equal(a.W[l], b.W[l]) for l in a.layers)
    assert not np.array_equal(a.W[2], c.W[2])


def test_weights_can_be_set_by_hand_and_are_checked():
    net = Network([2, 2, 1])
    net.W[2] = [[1.0, -1.0], [-1.0, 1.0]]
    net.b[2] = [[0.0], [0.0]]
    assert net.W[2].dtype == np.float64 and net.W[2][0, 1] == -1.0
    with pytest.raises(ValueError, match=r"W\[2\] must have shape \(n_l, n_\{l-1\}\) = \(2, 2\); got \(2, 3\)"):
        net.W[2] = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"b\[3\] must have shape \(n_l, 1\) = \(1, 1\); got \(1,\)"):
        net.b[3] = np.zeros(1)
    with pytest.raises(KeyError, match="layers with parameters are 2..3"):
        net.W[1]
    with pytest.raises(KeyError, match="layer 1 is the input"):
        net.b[1] = np.zeros((2, 1))
    with pytest.raises(ValueError, match="NaN or infinite"):
        net.W[3] = [[np.nan, 0.0]]


def test_forward_matches_the_element_form():
    """a^l_j = σ(Σ_k w^l_jk a^{l−1}_k + b^l_j), computed with explicit sums."""
    net = Network([3, 4, 2], seed=1)
    x = np.array([0.5, -1.0, 2.0])
    a = x
    for l in net.layers:
        a = np.array([
            1 / (1 + np.exp(-(sum(net.W[l][j, k] * a[k] for k in range(net.n(l - 1))) + net.b[l][j, 0])))
            for j in range(net.n(l))
        ])
    assert np.allclose(net.forward(x.reshape(-1, 1))[:, 0], a, rtol=0, atol=1e-14)


def test_forward_on_a_batch_equals_column_by_column():
    rng = np.random.default_rng(0)
    net = Network([5, 6, 3], "tanh", output_activation="softmax", seed=0)
    X = rng.standard_normal((5, 7))
    batch = net.forward(X)
    columns = np.hstack([net.forward(X[:, [i]]) for i in range(7)])
    assert np.allclose(batch, columns, rtol=0, atol=1e-15)
    trace = net.forward_trace(X)
    assert sorted(trace.z) == [2, 3] and sorted(trace.a) == [1, 2, 3]
    assert np.array_equal(trace.a[3], batch) and trace.z[2].shape == (6, 7)


def test_one_mini_batch_update_is_the_articles_rule():
    """w ← w − (η/m) Σ_x ∂J_x/∂w, with ∂J_x/∂w computed by hand for a [2, 2, 1] network."""
    net = Network([2, 2, 1], seed=3)
    X, Y, eta = XOR_X[:, :3], XOR_Y[:, :3], 0.5
    W2, b2, W3, b3 = net.W[2].copy(), net.b[2].copy(), net.W[3].copy(), net.b[3].copy()
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    sum_dW2, sum_db2, sum_dW3, sum_db3 = 0, 0, 0, 0
    for i in range(3):
        x, y = X[:, [i]], Y[:, [i]]
        a2 = sigmoid(W2 @ x + b2)
        a3 = sigmoid(W3 @ a2 + b3)
        d3 = (a3 - y) * a3 * (1 - a3)
        d2 = (W3.T @ d3) * a2 * (1 - a2)
        sum_dW3, sum_db3 = sum_dW3 + d3 @ a2.T, sum_db3 + d3
        sum_dW2, sum_db2 = sum_dW2 + d2 @ x.T, sum_db2 + d2
    net.update(X, Y, eta)
    for got, before, total in [(net.W[2], W2, sum_dW2), (net.b[2], b2, sum_db2),
                               (net.W[3], W3, sum_dW3), (net.b[3], b3, sum_db3)]:
        assert np.allclose(got, before - eta / 3 * total, rtol=0, atol=1e-15)
        assert not np.allclose(got, before)


def test_update_changes_the_arrays_in_place():
    net = Network([2, 3, 1], seed=0)
    W2 = net.W[2]
    net.update(XOR_X, XOR_Y, 1.0)
    assert net.W[2] is W2


@pytest.mark.parametrize("sizes", [[2, 2, 1], [2, 3, 1]])
def test_xor_is_learnt(sizes):
    net = Network(sizes, seed=3)
    history = net.train(XOR_X, XOR_Y, epochs=4000, batch_size=4, eta=4.0, shuffle=False)
    assert history.accuracy[-1] == 1.0
    assert history.loss[-1] < 0.01 < history.loss[0]
    assert net.predict(XOR_X).tolist() == [0, 1, 1, 0]


def test_shuffle_false_takes_batches_in_order():
    """With shuffle=False, one epoch of batch size 2 equals two manual updates on
    X[:, 0:2] and X[:, 2:4]."""
    a, b = Network([2, 3, 1], seed=4), Network([2, 3, 1], seed=4)
    a.train(XOR_X, XOR_Y, epochs=1, batch_size=2, eta=1.0, shuffle=False)
    b.update(XOR_X[:, 0:2], XOR_Y[:, 0:2], 1.0)
    b.update(XOR_X[:, 2:4], XOR_Y[:, 2:4], 1.0)
    assert all(np.array_equal(a.W[l], b.W[l]) and np.array_equal(a.b[l], b.b[l]) for l in a.layers)


def test_per_sample_training_equals_vectorised_training():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((4, 30)), rng.integers(0, 3, 30)
    a, b = Network([4, 5, 3], seed=1), Network([4, 5, 3], seed=1)
    ha = a.train(X, y, epochs=3, batch_size=7, eta=0.5)
    hb = b.train(X, y, epochs=3, batch_size=7, eta=0.5, per_sample=True)
    assert np.allclose(ha.loss, hb.loss, rtol=0, atol=1e-12)
    assert all(np.allclose(a.W[l], b.W[l], rtol=0, atol=1e-12) for l in a.layers)


def test_training_is_deterministic_for_a_seed():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((4, 30)), rng.integers(0, 3, 30)
    h1 = Network([4, 5, 3], seed=9).train(X, y, epochs=3, batch_size=5, eta=0.5)
    h2 = Network([4, 5, 3], seed=9).train(X, y, epochs=3, batch_size=5, eta=0.5)
    assert h1.loss == h2.loss


def test_history_records_validation_and_callback():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((2, 40)), rng.integers(0, 2, 40)
    seen = []
    history = Network([2, 4, 2], seed=0).train(
        X[:, :30], y[:30], epochs=4, batch_size=10, eta=1.0,
        validation=(X[:, 30:], y[30:]), callback=lambda epoch, h: seen.append((epoch, h.epochs)))
    assert seen == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert len(history.val_loss) == len(history.val_accuracy) == 4
    assert all(0 <= acc <= 1 for acc in history.val_accuracy)


def test_verbose_prints_one_line_per_epoch(capsys):
    Network([2, 2, 1], seed=0).train(XOR_X, XOR_Y, epochs=2, batch_size=4, eta=1.0, verbose=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].startswith("epoch 2 of 2: loss ")


def test_batch_gradient_descent_stops_by_epsilon():
    net = Network([2, 3, 1], seed=3)
    history = net.train_batch(XOR_X, XOR_Y, eta=4.0, max_iter=100_000, epsilon=1e-4)
    assert history.stopped_by == "epsilon"
    assert history.epochs < 100_000
    assert net.predict(XOR_X).tolist() == [0, 1, 1, 0]
    # the last step changed no parameter by epsilon or more; the one before did
    before = net.copy()
    net.update(XOR_X, XOR_Y, 4.0)
    assert max(np.max(np.abs(a - b)) for (_, a), (_, b) in zip(net.parameters(), before.parameters())) < 1e-4


def test_batch_gradient_descent_stops_at_max_iter():
    history = Network([2, 3, 1], seed=3).train_batch(XOR_X, XOR_Y, eta=1.0, max_iter=7, epsilon=1e-12)
    assert history.stopped_by == "max_iter" and history.epochs == 7


def test_a_diverging_run_says_so():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((3, 20)), rng.standard_normal((1, 20))
    net = Network([3, 8, 1], "relu", output_activation="identity", seed=0)
    with np.errstate(all="ignore"), pytest.raises(TrainingDivergedError,
                                                  match=r"diverged at epoch \d+.*eta=10.0.*smaller eta") as caught:
        net.train(X, Y, epochs=50, batch_size=20, eta=10.0)
    epoch = int(re.search(r"epoch (\d+)", str(caught.value)).group(1))
    assert caught.value.history.epochs == epoch - 1       # the completed epochs are kept


def test_float32_networks_stay_float32():
    net = Network([2, 3, 1], seed=0, dtype=np.float32)
    assert net.forward(XOR_X).dtype == np.float32
    assert net.backprop(XOR_X, XOR_Y).dW[2].dtype == np.float32
    net.train(XOR_X, XOR_Y, epochs=2, batch_size=2, eta=1.0)
    assert net.W[2].dtype == np.float32


def test_evaluate_and_predict():
    net = Network([2, 2], "sigmoid", seed=0)
    net.W[2], net.b[2] = [[1.0, 0.0], [0.0, 1.0]], [[0.0], [0.0]]
    X = np.array([[2.0, -1.0, 0.0], [0.0, 3.0, 1.0]])
    assert net.predict(X).tolist() == [0, 1, 1]
    assert net.evaluate(X, np.array([0, 1, 0])) == pytest.approx(2 / 3)
    assert net.evaluate(X, np.eye(2)[:, [0, 1, 1]]) == 1.0


@pytest.mark.parametrize("sizes,message", [
    ([3], "at least 2 layers"),
    ([], "at least 2 layers"),
    ([3, 0, 1], r"sizes\[1\] .* at least 1; got 0"),
    ([2.7, 3, 1], r"sizes\[0\] .* whole number"),
    ([2, True, 1], r"sizes\[1\] .* whole number"),
    ("abc", "sizes must be a list"),
])
def test_bad_sizes(sizes, message):
    with pytest.raises((ValueError, TypeError), match=message):
        Network(sizes)


def test_bad_options():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod': expected one of"):
        Network([2, 1], "sigmod")
    with pytest.raises(ValueError, match="unknown loss 'mse'"):
        Network([2, 1], loss="mse")
    with pytest.raises(ValueError, match="unknown init 'xavier'"):
        Network([2, 1], init="xavier")
    with pytest.raises(ValueError, match="hidden activation must act element-wise"):
        Network([2, 3, 1], "softmax")
    with pytest.raises(TypeError, match="floating-point"):
        Network([2, 1], dtype=int)


def test_bad_inputs_say_what_was_expected():
    net = Network([3, 4, 2], seed=0)
    with pytest.raises(ValueError, match=r"expected inputs of shape \(n_1, m\) = \(3, m\).*got shape \(5, 3\).*X\.T"):
        net.forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"got shape \(3,\).*reshape\(-1, 1\)"):
        net.forward(np.zeros(3))
    with pytest.raises(ValueError, match="NaN or infinite"):
        net.forward(np.array([[np.nan], [0.0], [1.0]]))
    with pytest.raises(TypeError, match="real numbers"):
        net.forward(np.array([["a"], ["b"], ["c"]]))
    X = np.zeros((3, 4))
    with pytest.raises(ValueError, match=r"expected targets of shape \(n_L, m\) = \(2, 4\).*got shape \(2, 3\)"):
        net.backprop(X, np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"labels must be in the range 0\.\.1.*2, 7"):
        net.train(X, np.array([0, 2, 7, 1]), epochs=1, batch_size=2, eta=1.0)
    with pytest.raises(ValueError, match="targets contain NaN"):
        net.backprop(X, np.full((2, 4), np.inf))
    with pytest.raises(ValueError, match=r"eta \(the learning rate\) must be a positive number; got -1"):
        net.train(X, np.array([0, 1, 1, 0]), epochs=1, batch_size=2, eta=-1)
    with pytest.raises(ValueError, match="batch_size must be at least 1; got 0"):
        net.train(X, np.array([0, 1, 1, 0]), epochs=1, batch_size=0, eta=1.0)
    with pytest.raises(ValueError, match="epsilon must be a positive number"):
        net.train_batch(X, np.array([0, 1, 1, 0]), eta=1.0, max_iter=3, epsilon=0)


def test_copy_is_independent():
    net = Network([2, 3, 1], seed=0)
    clone = net.copy()
    clone.update(XOR_X, XOR_Y, 1.0)
    assert not np.array_equal(clone.W[2], net.W[2])
    assert np.array_equal(Network([2, 3, 1], seed=0).W[2], net.W[2])


def test_monitor_false_skips_the_training_loss_but_still_catches_divergence():
    net = Network([2, 3, 1], seed=0)
    history = net.train(XOR_X, XOR_Y, epochs=3, batch_size=2, eta=1.0, monitor=False,
                        validation=(XOR_X, XOR_Y))
    assert history.loss == [] and len(history.val_loss) == 3
    bad = Network([3, 8, 1], "relu", output_activation="identity", seed=0)
    rng = np.random.default_rng(0)
    with np.errstate(all="ignore"), pytest.raises(TrainingDivergedError, match="diverged"):
        bad.train(rng.standard_normal((3, 20)), rng.standard_normal((1, 20)), epochs=50,
                  batch_size=20, eta=10.0, monitor=False)


def test_update_checks_its_inputs_and_one_hot_encodes_labels():
    a, b = Network([2, 3, 2], seed=0), Network([2, 3, 2], seed=0)
    a.update(XOR_X, np.array([0, 1, 1, 0]), 1.0)
    b.update(XOR_X, np.eye(2)[:, [0, 1, 1, 0]], 1.0)
    assert all(np.array_equal(a.W[l], b.W[l]) for l in a.layers)
    with pytest.raises(ValueError, match=r"expected targets of shape \(n_L, m\) = \(2, 4\)"):
        a.update(XOR_X, np.zeros((1, 4)), 1.0)
    with pytest.raises(ValueError, match="eta"):
        a.update(XOR_X, np.array([0, 1, 1, 0]), 0.0)


@pytest.mark.parametrize("name,value,error", [
    ("epochs", True, TypeError), ("epochs", 2.0, TypeError), ("epochs", "3", TypeError),
    ("batch_size", 0, ValueError), ("batch_size", 2.5, TypeError), ("batch_size", False, TypeError),
    ("eta", "3", TypeError), ("eta", np.nan, ValueError), ("eta", True, TypeError),
])
def test_train_refuses_counts_and_rates_of_the_wrong_kind(name, value, error):
    settings = {"epochs": 1, "batch_size": 2, "eta": 1.0, name: value}
    before = Network([2, 3, 1], seed=0)
    net = before.copy()
    with pytest.raises(error, match=name):
        net.train(XOR_X, XOR_Y, **settings)
    assert np.array_equal(net.W[2], before.W[2])      # refused before any step


def test_train_batch_refuses_bad_max_iter_and_epsilon():
    net = Network([2, 3, 1], seed=0)
    with pytest.raises(TypeError, match="max_iter must be a whole number"):
        net.train_batch(XOR_X, XOR_Y, eta=1.0, max_iter=10.0, epsilon=1e-3)
    with pytest.raises(TypeError, match="epsilon must be a number"):
        net.train_batch(XOR_X, XOR_Y, eta=1.0, max_iter=10, epsilon="a")


def test_parameter_containers_cannot_be_bypassed():
    net = Network([2, 3, 1], seed=0)
    W2 = net.W[2].copy()
    with pytest.raises(ValueError, match=r"W\[2\] must have shape"):
        net.W.update({2: np.zeros((1, 1))})
    with pytest.raises(ValueError, match="NaN or infinite"):
        net.b.update({3: [[np.nan]]})
    with pytest.raises(ValueError, match="NaN or infinite"):
        net.W.update([(3, [[np.inf, 0.0, 0.0]])])
    with pytest.raises(TypeError, match="cannot be removed"):
        del net.W[2]
    with pytest.raises(TypeError, match="cannot be removed"):
        net.b.pop(2)
    with pytest.raises(KeyError, match="layers with parameters are 2..3"):
        net.W.update({4: np.zeros((1, 3))})
    assert np.array_equal(net.W[2], W2) and list(net.W) == [2, 3] and len(net.b) == 2
    net.W.update({2: np.ones((3, 2))})
    assert np.array_equal(net.W[2], np.ones((3, 2)))


def test_assigned_arrays_are_copies_of_what_the_learner_passed():
    net = Network([2, 2, 1], seed=0)
    mine = np.ones((2, 2))
    net.W[2] = mine
    mine[0, 0] = np.nan
    assert np.isfinite(net.W[2]).all()


def test_copy_is_a_deep_copy_with_the_same_generator_state():
    net = Network([2, 3, 1], seed=0)
    clone = net.copy()
    assert clone.W is not net.W and clone.W[2] is not net.W[2]
    assert net.rng.permutation(10).tolist() == clone.rng.permutation(10).tolist()
    clone.W[2][0, 0] += 1.0
    assert clone.W[2][0, 0] != net.W[2][0, 0]


def test_training_shuffles_every_epoch_with_the_networks_generator():
    """One epoch at batch size 1 equals the updates in the order `net.rng.permutation(m)`
    gives — and not the order of the columns."""
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((2, 8)), rng.uniform(0, 1, (1, 8))
    net = Network([2, 3, 1], seed=7)
    by_hand, in_order = net.copy(), net.copy()
    order = by_hand.rng.permutation(8)
    assert order.tolist() != list(range(8))
    for i in order:
        by_hand.update(X[:, [i]], Y[:, [i]], 0.5)
    for i in range(8):
        in_order.update(X[:, [i]], Y[:, [i]], 0.5)
    net.train(X, Y, epochs=1, batch_size=1, eta=0.5)
    assert np.allclose(net.W[2], by_hand.W[2], rtol=0, atol=1e-15)
    assert not np.allclose(net.W[2], in_order.W[2], rtol=0, atol=1e-6)


def test_forward_from_the_forward_z_is_the_forward_pass():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 3, 2], seed=0)
    X, Y = rng.standard_normal((3, 5)), rng.uniform(0, 1, (2, 5))
    trace = net.forward_trace(X)
    for l in net.layers:
        assert np.allclose(net.forward_from(l, trace.z[l]), trace.a[net.L], rtol=0, atol=1e-15)
        assert net.J_from(l, trace.z[l], Y) == pytest.approx(net.J(X, Y), abs=1e-15)


@pytest.mark.parametrize("m", [1, 4])
def test_the_demons_slope_is_delta(m):
    """J(dz) − J(−dz) over 2 dz is δ^l_j (its batch mean): the demon's claim."""
    rng = np.random.default_rng(1)
    net = Network([2, 3, 3, 2], seed=4)
    X, Y = rng.standard_normal((2, m)), rng.uniform(0, 1, (2, m))
    g = net.backprop(X, Y)
    assert net.J_after_nudge(X, Y, 3, 2, 0.0) == pytest.approx(net.J(X, Y), abs=1e-15)
    for l, j in [(4, 1), (3, 2), (2, 3)]:
        slope = (net.J_after_nudge(X, Y, l, j, 1e-5) - net.J_after_nudge(X, Y, l, j, -1e-5)) / 2e-5
        assert slope == pytest.approx(np.mean(g.delta[l][j - 1]), rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("l,j", [(1, 1), (5, 1), (2, 0), (2, 4), (2, 1.0), (True, 1)])
def test_the_demon_refuses_a_missing_layer_or_neuron(l, j):
    net = Network([2, 3, 3, 2], seed=4)
    with pytest.raises(ValueError, match=r"l must be a layer with a weighted input, 2..4|layer 2 has neurons j = 1..3"):
        net.J_after_nudge(np.zeros((2, 1)), np.zeros((2, 1)), l, j, 0.1)


def test_forward_from_checks_the_shape_of_z():
    net = Network([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match=r"Z must have shape \(n_l, m\) = \(3, m\); got \(2, 1\)"):
        net.forward_from(2, np.zeros((2, 1)))


def test_history_describes_the_latest_epoch():
    h = History()
    assert h.describe() == "epoch 0"
    h = History(loss=[0.5, 0.25], accuracy=[0.5, 0.75])
    assert h.describe() == "epoch 2: loss 0.2500, accuracy 0.7500"
    h.val_loss.extend([0.6, 0.3])
    h.val_accuracy.extend([0.6, 0.7])
    assert h.describe(30) == "epoch 2 of 30: loss 0.2500 (validation 0.3000), accuracy 0.7500 (validation 0.7000)"
    only_validation = History(val_loss=[0.4], val_accuracy=[0.9])     # train(..., monitor=False)
    assert only_validation.epochs == 1
    assert only_validation.describe() == "epoch 1: validation loss 0.4000, validation accuracy 0.9000"


def test_the_articles_configuration_learns_the_mnist_sample():
    """Network([784, 30, 10]), mini-batch 10, eta 3.0: 5 epochs already reach 85 % on the
    1,000 held-out digits (30 epochs reach about 91 %)."""
    data = mnist_sample()
    net = Network([784, 30, 10], seed=0)
    history = net.train(data.X_train, data.Y_train, epochs=5, batch_size=10, eta=3.0,
                        validation=(data.X_test, data.Y_test))
    assert history.val_accuracy[0] > 0.5
    assert max(history.val_accuracy) >= 0.85
    assert history.loss[-1] < history.loss[0]
    assert net.evaluate(data.X_test, data.y_test) == history.val_accuracy[-1]
    assert np.mean(net.predict(data.X_test) == data.y_test) == history.val_accuracy[-1]


@pytest.mark.parametrize("settings,output", [
    (dict(activation="tanh", loss="cross_entropy"), "tanh"),            # J = 690 before: ln of negatives
    (dict(output_activation="relu", loss="cross_entropy"), "relu"),
    (dict(output_activation="identity", loss="cross_entropy"), "identity"),
    (dict(loss="log_likelihood"), "sigmoid"),                           # needs a softmax output
])
def test_a_loss_without_meaning_after_the_output_layer_is_refused(settings, output):
    with pytest.raises(ValueError, match=rf"no meaning after a '{output}' output layer.*The valid pairs: "
                                         r"quadratic with any output activation"):
        Network([2, 3, 1], **settings)


def test_the_meaningful_pairs_are_accepted():
    assert Network([2, 3, 2], loss="cross_entropy").loss.name == "cross_entropy"
    assert Network([2, 3, 2], loss="cross_entropy", output_activation="softmax").loss.name == "log_likelihood"
    assert Network([2, 3, 2], loss="log_likelihood", output_activation="softmax").loss.name == "log_likelihood"
    assert Network([2, 3, 2], "tanh", output_activation="identity").loss.name == "quadratic"


@pytest.mark.parametrize("call", [
    lambda net, X: net.forward(X),
    lambda net, X: net.backprop(X, np.zeros((1, 0))),
    lambda net, X: net.backprop_per_sample(X, np.zeros((1, 0))),
    lambda net, X: net.train(X, np.zeros((1, 0)), 1, 1, 1.0),
    lambda net, X: net.update(X, np.zeros((1, 0)), 1.0),
    lambda net, X: net.J(X, np.zeros((1, 0))),
    lambda net, X: net.evaluate(X, np.zeros(0, dtype=int)),
])
def test_an_empty_batch_is_a_clear_error_everywhere(call):
    with pytest.raises(ValueError, match=r"expected at least one sample \(one column\); got an empty batch "
                                         r"of shape \(2, 0\)"):
        call(Network([2, 3, 1], seed=0), np.zeros((2, 0)))


def test_text_targets_are_a_clear_error():
    net = Network([2, 3, 2], seed=0)
    with pytest.raises(TypeError, match="expected real numbers as targets; got dtype <U1"):
        net.backprop(XOR_X, np.array([list("abab"), list("baba")]))
    with pytest.raises(TypeError, match=r"whole-number class labels .* got an array of dtype <U1"):
        net.train(XOR_X, np.array(["0", "1", "1", "0"]), 1, 2, 1.0)


@pytest.mark.parametrize("sizes", [[2, 10**9, 10**6], [784, 2**40]])
def test_a_network_too_large_for_the_memory_is_refused_before_allocating(sizes):
    with pytest.raises(MemoryError, match=r"parameters, .* GiB in float64: more than 50% of this machine's"):
        Network(sizes)


@pytest.mark.parametrize("size", [1e9, float("inf")])
def test_a_float_size_is_refused_before_allocating(size):
    with pytest.raises(TypeError, match=r"sizes\[1\] .* must be a whole number"):
        Network([2, size])


@pytest.mark.parametrize("symbol", ["W", "b"])
def test_parameters_made_non_finite_in_place_are_reported_as_such(symbol):
    net = Network([2, 3, 1], seed=0)
    getattr(net, symbol)[3][0, 0] = np.nan
    for call in (lambda: net.forward(XOR_X), lambda: net.train(XOR_X, XOR_Y, 1, 2, 1.0),
                 lambda: net.backprop(XOR_X, XOR_Y), lambda: net.predict(XOR_X)):
        with pytest.raises(ValueError, match=rf"{symbol}\[3\] contains NaN or infinite values: it was changed "
                                             r"in place"):
            call()


def test_a_run_whose_outputs_all_saturate_says_so():
    """η = 1e6 drives every sigmoid output to 0 or 1: the loss stands still at 0.25 without
    learning, and the history says so instead of showing a flat loss as if it were learning."""
    X, y = make_moons(200, seed=0)
    history = Network([2, 10, 1], seed=0).train(X, y, epochs=5, batch_size=10, eta=1e6)
    assert history.saturated_at == 2 and history.loss[1] == history.loss[0]
    assert "every output neuron saturated since epoch 2" in history.describe()
    learning = Network([2, 10, 1], seed=0).train(X, y, epochs=5, batch_size=10, eta=3.0)
    assert learning.saturated_at is None and "saturated" not in learning.describe()
