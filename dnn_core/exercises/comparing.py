"""Comparing a plain result with the expected value, in the words of a verdict.

`_compare` returns None when the result (as read by `_Reader`) matches, else one sentence
saying what differs: the keys of a dict, the number of items, the shape (transposed?), the
entries that differ beyond the exercise's tolerances.
"""

import numpy as np

from .plain_values import _MAX_ITEMS, _NUMPY_SCALARS, _Items, _kind, _Map, _TooLarge


def _compare(got, expected, ex):
    """None if `got` (plain, as read by _Reader) matches `expected`, else a sentence saying
    what differs. A tuple is several results (a list is accepted as well); a list is a
    sequence, and any iterable (a tuple, a generator, an array) with the same items is
    accepted; a dict (such as {l: W^l}) needs a mapping with the same keys and matching
    values."""
    if isinstance(expected, dict):
        return _compare_mapping(got, expected, ex)
    if isinstance(expected, str):
        return None if _text(got).strip().upper() == expected.upper() else \
            f"expected {expected!r}, got {got!r}"
    if isinstance(expected, (tuple, list)):
        return _compare_items(got, expected, ex)
    return _compare_numbers(got, expected, ex)


def _text(got):
    return got if isinstance(got, str) else str(got)


def _compare_mapping(got, expected, ex):
    if not isinstance(got, _Map):
        return f"expected a dict with the keys {sorted(expected)}, got {_kind(got)}"
    if set(got.items) != set(expected):
        return f"expected the keys {sorted(expected)}, got {_sorted(got.items)}"
    for key in sorted(expected):
        problem = _compare(got.items[key], expected[key], ex)
        if problem:
            return f"[{key!r}] of the result: {problem}"
    return None


def _sorted(keys):
    try:
        return sorted(keys)
    except TypeError:                           # keys of several types: by type, then value
        return sorted(keys, key=lambda key: (type(key).__name__, repr(key)))


def _compare_items(got, expected, ex):
    what = "a tuple" if isinstance(expected, tuple) else "a sequence"
    items = _items_of(got)
    if items is None:
        return f"expected {what} of {len(expected)} values, got {_kind(got)}"
    if isinstance(items, str):
        return f"expected {what} of {len(expected)} values, got {items}"
    if len(items) != len(expected):
        return f"expected {what} of {len(expected)} values, got {len(items)}"
    for i, (g, e) in enumerate(zip(items, expected)):
        problem = _compare(g, e, ex)
        if problem:
            return f"item {i} of the result: {problem}"
    return None


def _items_of(got):
    """The items of a plain result as a list; None if it is not a sequence; a str saying
    how many there were if they were too many to read."""
    if isinstance(got, _Items):
        return list(got.items) if got.complete else f"more than {_MAX_ITEMS:,}"
    if isinstance(got, np.ndarray) and got.ndim:
        return list(got)
    if isinstance(got, _Map):
        return list(got.items)          # a dict iterates over its keys
    if isinstance(got, _TooLarge) and got.shape:
        return f"{got.shape[0]:,}"
    return None


class _NotNumbers(Exception):
    """A plain result that is not made of numbers."""


def _numbers(got):
    """`got` as a Python structure of arrays and numbers, for np.asarray."""
    if isinstance(got, _Items) and got.complete:
        return [_numbers(item) for item in got.items]
    if isinstance(got, np.ndarray) or type(got) in _NUMPY_SCALARS or \
            type(got) in (bool, int, float, complex):
        return got
    raise _NotNumbers


def _compare_numbers(got, expected, ex):
    expected = np.asarray(expected)
    if isinstance(got, _TooLarge):
        return f"shape expected {expected.shape}, got {got.shape}"
    if isinstance(got, _Items) and not got.complete:
        return f"shape expected {expected.shape}, got more than {_MAX_ITEMS:,} values"
    try:
        array = np.asarray(_numbers(got))
    except (_NotNumbers, TypeError, ValueError):
        return f"expected numbers, got {_kind(got)}"
    if array.dtype.kind == "c":
        return f"expected real numbers, got complex numbers ({array.dtype})"
    if array.dtype.kind not in "biuf":
        return f"expected numbers, got {_kind(got)}"
    got = array.astype(np.float64)
    if got.shape != expected.shape:
        hint = " (transposed?)" if got.shape == expected.shape[::-1] and got.ndim == 2 else ""
        return f"shape expected {expected.shape}, got {got.shape}{hint}"
    close = np.isclose(got, expected, rtol=ex.rtol, atol=ex.atol)
    if close.all():
        return None
    wrong = np.argwhere(~close) if got.ndim else [()]
    first = tuple(int(i) for i in wrong[0])
    where = f" at index {first}" if got.ndim else ""
    return (f"{len(wrong)} of {max(got.size, 1)} entries differ; first{where}: "
            f"expected {expected[first]:.6g}, got {got[first]:.6g}")
