"""The parameters of a network: W^l and b^l for l = 2..L, indexed like the math, and the
check that a network of given sizes fits in memory before any array is allocated."""

import os
from collections.abc import MutableMapping

import numpy as np

from .validation import check_sizes


class LayerParameters(MutableMapping):
    """W^l or b^l for l = 2..L, indexed by the layer number as in the math.

    Every way of storing an array — `net.W[2] = ...`, `net.W.update({2: ...})` — checks
    the shape, refuses NaN and infinities and converts to the network's dtype, so a learner
    can set weights by hand and gets a clear error for a wrong one. Layers cannot be
    removed.
    """

    def __init__(self, symbol, shapes, dtype):
        self.symbol, self.shapes, self.dtype = symbol, shapes, dtype
        self._arrays = {}

    def _check_layer(self, l):
        if l not in self.shapes:
            last = max(self.shapes)
            raise KeyError(
                f"{self.symbol}[{l!r}] does not exist: the layers with parameters are "
                f"2..{last} (layer 1 is the input, it has no {self.symbol})"
            )

    def __getitem__(self, l):
        self._check_layer(l)
        return self._arrays[l]

    def __setitem__(self, l, value):
        self._check_layer(l)
        value = np.array(value, dtype=self.dtype)
        expected = self.shapes[l]
        if value.shape != expected:
            what = "(n_l, n_{l-1})" if self.symbol == "W" else "(n_l, 1)"
            raise ValueError(
                f"{self.symbol}[{l}] must have shape {what} = {expected}; got {value.shape}"
            )
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{self.symbol}[{l}] contains NaN or infinite values")
        self._arrays[l] = value

    def __delitem__(self, l):
        raise TypeError(f"the layers of {self.symbol} cannot be removed; assign a new array to "
                        f"{self.symbol}[{l!r}] instead")

    def __iter__(self):
        return iter(self._arrays)

    def __len__(self):
        return len(self._arrays)

    def __repr__(self):
        return f"{self.symbol}{self._arrays!r}"


def physical_memory():
    """The machine's memory in bytes, or None where the system does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def parameter_counts(sizes):
    """How many weights and biases a network [n_1, ..., n_L] has.

    Returns {'weights', 'biases', 'parameters'}: weights = Σ n_l n_{l−1} and
    biases = Σ n_l over l = 2..L (the input layer has neither), parameters their sum.
    """
    sizes = check_sizes(sizes)
    weights = sum(sizes[l] * sizes[l - 1] for l in range(1, len(sizes)))
    biases = sum(sizes[1:])
    return {"weights": weights, "biases": biases, "parameters": weights + biases}


def check_memory(sizes, dtype, fraction=0.5):
    """Refuse, before anything is allocated, a network [n_1, ..., n_L] whose parameters
    (Σ n_l n_{l−1} + n_l numbers of `dtype`) would take more than `fraction` of the memory."""
    count = parameter_counts(sizes)["parameters"]
    needed = count * np.dtype(dtype).itemsize
    available = physical_memory()
    if available is not None and needed > fraction * available:
        raise MemoryError(
            f"a network of sizes {sizes} has {count:,} parameters, {needed / 2**30:,.1f} GiB in "
            f"{np.dtype(dtype).name}: more than {fraction:.0%} of this machine's "
            f"{available / 2**30:,.1f} GiB of memory. Use smaller layers.")
    return count
