"""Comparing a plain result with the expected value, in the words of a verdict.

`_compare` returns None when the result (as read by `_Reader`) matches, else one sentence
saying what differs: the keys of a dict, the number of items, the shape (transposed?), the
entries that differ beyond the exercise's tolerances.
"""

import numpy as np

from ..language import say
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
            say("compare.text", expected=expected, got=got)
    if isinstance(expected, (tuple, list)):
        return _compare_items(got, expected, ex)
    return _compare_numbers(got, expected, ex)


def _text(got):
    return got if isinstance(got, str) else str(got)


def _compare_mapping(got, expected, ex):
    if not isinstance(got, _Map):
        return say("compare.not_a_dict", keys=sorted(expected), kind=_kind(got))
    if set(got.items) != set(expected):
        return say("compare.keys", expected=sorted(expected), got=_sorted(got.items))
    for key in sorted(expected):
        problem = _compare(got.items[key], expected[key], ex)
        if problem:
            return say("compare.in_key", key=key, problem=problem)
    return None


def _sorted(keys):
    try:
        return sorted(keys)
    except TypeError:                           # keys of several types: by type, then value
        return sorted(keys, key=lambda key: (type(key).__name__, repr(key)))


def _compare_items(got, expected, ex):
    what = say("compare.tuple" if isinstance(expected, tuple) else "compare.sequence")
    items = _items_of(got)
    if items is None:
        return say("compare.not_items", what=what, count=len(expected), kind=_kind(got))
    if isinstance(items, str):
        return say("compare.item_count", what=what, count=len(expected), got=items)
    if len(items) != len(expected):
        return say("compare.item_count", what=what, count=len(expected), got=len(items))
    for i, (g, e) in enumerate(zip(items, expected)):
        problem = _compare(g, e, ex)
        if problem:
            return say("compare.in_item", index=i, problem=problem)
    return None


def _items_of(got):
    """The items of a plain result as a list; None if it is not a sequence; a str saying
    how many there were if they were too many to read."""
    if isinstance(got, _Items):
        return list(got.items) if got.complete else say("compare.more_than", count=_MAX_ITEMS)
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
        return say("compare.shape", expected=expected.shape, got=got.shape, transposed="")
    if isinstance(got, _Items) and not got.complete:
        return say("compare.too_many_values", expected=expected.shape, count=_MAX_ITEMS)
    try:
        array = np.asarray(_numbers(got))
    except (_NotNumbers, TypeError, ValueError):
        return say("compare.not_numbers", kind=_kind(got))
    if array.dtype.kind == "c":
        return say("compare.complex", dtype=array.dtype)
    if array.dtype.kind not in "biuf":
        return say("compare.not_numbers", kind=_kind(got))
    got = array.astype(np.float64)
    if got.shape != expected.shape:
        transposed = got.shape == expected.shape[::-1] and got.ndim == 2
        return say("compare.shape", expected=expected.shape, got=got.shape,
                   transposed=say("compare.transposed") if transposed else "")
    close = np.isclose(got, expected, rtol=ex.rtol, atol=ex.atol)
    if close.all():
        return None
    wrong = np.argwhere(~close) if got.ndim else [()]
    first = tuple(int(i) for i in wrong[0])
    where = say("compare.at_index", index=first) if got.ndim else ""
    return say("compare.entries", count=len(wrong), total=max(got.size, 1), where=where,
               expected=expected[first], got=got[first])
