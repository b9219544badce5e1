"""dnn_core: how a deep neural network computes (forward pass) and learns
(backpropagation, gradient descent), in the notation of the course.

    from dnn_core import Network
    net = Network([784, 30, 10], seed=0)        # W^l: net.W[l], b^l: net.b[l], l = 2..L
    history = net.train(X, Y, epochs=30, batch_size=10, eta=3.0)   # X: (784, m), samples are columns
"""

from .backprop import Gradients
from .network import ForwardTrace, History, Network, TrainingDivergedError
from .perceptron import ConvergenceWarning, Perceptron, PerceptronResult

__all__ = [
    "ConvergenceWarning",
    "ForwardTrace",
    "Gradients",
    "History",
    "Network",
    "Perceptron",
    "PerceptronResult",
    "TrainingDivergedError",
]
__version__ = "0.1.0"
