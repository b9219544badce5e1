"""The parameter counts of a network and the memory check before anything is allocated
(the containers W[l], b[l] are tested with the network, in test_network.py)."""

import pytest

from dnn_core import Network
from dnn_core.parameters import check_memory, parameter_counts


@pytest.mark.parametrize("sizes", [[3, 4, 2], [2, 1], [784, 30, 10], [8, 8, 8, 8, 8, 8]])
def test_parameter_counts_are_the_networks(sizes):
    net = Network(sizes)
    counts = parameter_counts(sizes)
    assert counts["weights"] == sum(net.W[l].size for l in net.layers)
    assert counts["biases"] == sum(net.b[l].size for l in net.layers)
    assert counts["parameters"] == net.num_parameters()


def test_parameter_counts_checks_the_sizes():
    with pytest.raises(ValueError, match="at least 2 layers"):
        parameter_counts([3])


def test_the_memory_check_counts_the_parameters_and_refuses_what_does_not_fit():
    assert check_memory([784, 30, 10], "float64") == 23_860
    with pytest.raises(MemoryError, match=r"\[2, 1000000000, 1000000\] has 1,000,003,001,000,000 parameters"):
        check_memory([2, 10**9, 10**6], "float64")
