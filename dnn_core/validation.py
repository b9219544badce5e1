"""The checks of counts, sizes and numbers that every part of the package shares.

Each check returns the value in a clean form (a Python int or float) or raises an error
that names the argument, says what was expected and shows what came. A bool is never a
count (True would silently be 1), a float is never a count (2.7 would silently be 2), and
a number never comes as a string.
"""

import numbers

import numpy as np


def _describe(value):
    return f"{type(value).__name__} {value!r}"


def check_count(name, value, minimum=1):
    """`value` as an int ≥ minimum: an int or a NumPy integer, not a bool, float or str."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number (an int) of at least {minimum}; "
                        f"got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    return int(value)


def check_number(name, value, minimum=None, maximum=None, *, positive=False):
    """`value` as a finite float, optionally with minimum ≤ value ≤ maximum, or > 0 when
    positive=True: an int, float or NumPy scalar, not a bool or str."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {_describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value}")
    if positive and not value > 0:
        raise ValueError(f"{name} must be a positive number; got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}; got {value}")
    return value


def check_sizes(sizes, minimum_layers=2):
    """[n_1, ..., n_L] as a list of ints, each at least 1, with at least `minimum_layers`
    layers (an input and an output)."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a list of layer sizes such as [2, 3, 1]; got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < minimum_layers:
        raise ValueError(f"a network needs at least {minimum_layers} layers (an input and an "
                         f"output); got sizes={sizes}")
    return [check_count(f"sizes[{i}] (n_{i + 1}, the neurons of layer {i + 1})", n)
            for i, n in enumerate(sizes)]


def check_choice(name, value, choices):
    """`value` if it is one of `choices`, else an error listing them."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"unknown {name} {value!r}: expected one of {sorted(choices)}")
    return value
