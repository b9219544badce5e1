"""The shared checks of counts, sizes, numbers and choices."""

import numpy as np
import pytest

from dnn_core.validation import check_choice, check_count, check_number, check_sizes


def test_counts_are_whole_numbers():
    assert check_count("epochs", 3) == 3 and type(check_count("epochs", np.int64(3))) is int
    for value in (True, 3.0, 2.7, "3", None):
        with pytest.raises(TypeError, match=rf"epochs must be a whole number .*got {type(value).__name__}"):
            check_count("epochs", value)
    with pytest.raises(ValueError, match="batch_size must be at least 1; got 0"):
        check_count("batch_size", 0)
    assert check_count("m", 4, minimum=4) == 4


def test_numbers_are_finite_reals():
    assert check_number("eta", 3) == 3.0 and check_number("eta", np.float32(0.5)) == 0.5
    for value in ("3", True, None, [1.0]):
        with pytest.raises(TypeError, match="eta must be a number"):
            check_number("eta", value)
    for value in (np.nan, np.inf):
        with pytest.raises(ValueError, match="eta must be a finite number"):
            check_number("eta", value)
    with pytest.raises(ValueError, match="eta must be a positive number; got 0.0"):
        check_number("eta", 0, positive=True)
    with pytest.raises(ValueError, match="noise must be at least 0; got -1.0"):
        check_number("noise", -1, minimum=0)
    with pytest.raises(ValueError, match="p must be at most 1; got 2.0"):
        check_number("p", 2, maximum=1)


def test_sizes():
    assert check_sizes((784, np.int64(30), 10)) == [784, 30, 10]
    with pytest.raises(TypeError, match=r"sizes\[0\] \(n_1, the neurons of layer 1\) must be a whole number"):
        check_sizes([2.7, 3, 1])
    with pytest.raises(TypeError, match=r"sizes\[2\]"):
        check_sizes([2, 3, True])
    with pytest.raises(ValueError, match=r"sizes\[1\].*at least 1; got 0"):
        check_sizes([3, 0, 1])
    with pytest.raises(ValueError, match="at least 2 layers"):
        check_sizes([3])
    for value in ("abc", 5, None):
        with pytest.raises(TypeError, match="sizes must be a list"):
            check_sizes(value)


def test_choices():
    assert check_choice("init", "scaled", ("standard", "scaled")) == "scaled"
    with pytest.raises(ValueError, match=r"unknown init 'xavier': expected one of \['scaled', 'standard'\]"):
        check_choice("init", "xavier", ("standard", "scaled"))
    with pytest.raises(ValueError, match="unknown init"):
        check_choice("init", ["scaled"], ("standard", "scaled"))
