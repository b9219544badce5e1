"""Reading a result into plain values, so that judging it runs none of the answer's code.

`_Reader` turns whatever an answer returned into ndarrays (copied), Python and NumPy numbers,
str, bytes and the plain records `_Items`, `_Map`, `_Opaque` and `_TooLarge`, within limits
on size and nesting. `_is_plain` verifies afterwards that a value holds only such values
(the reader itself could have been tampered with while it read). `_kind` and `_safe_str`
are how a verdict names and shows a value.
"""

import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..language import say
from .limits import _TimedOut

_MAX_ENTRIES = 1_000_000    # numbers read from a result (the expected results are far smaller)
_MAX_ITEMS = 100_000        # items read from a sequence or a mapping
_MAX_DEPTH = 20             # nesting read from a result
_TEXT_LIMIT = 300           # characters kept of a shown value or an error message


@dataclass(frozen=True)
class _Items:
    """A sequence an answer returned (a list, tuple, generator, …): its type's name, its
    items read, and whether all were read (at most _MAX_ITEMS are)."""

    kind: str
    items: tuple
    complete: bool = True

    def __repr__(self):
        inner = ", ".join(repr(item) for item in self.items) + ("" if self.complete else ", …")
        if self.kind == "list":
            return f"[{inner}]"
        if self.kind == "tuple":
            return f"({inner}{',' if len(self.items) == 1 else ''})"
        return say("value.items", kind=self.kind, count=len(self.items))

    __str__ = __repr__


@dataclass(frozen=True, eq=False)
class _Map:
    """A mapping an answer returned: its type's name and {plain key: plain value}."""

    kind: str
    items: dict

    def __repr__(self):
        return "{" + ", ".join(f"{key!r}: {value!r}" for key, value in self.items.items()) + "}"

    __str__ = __repr__


@dataclass(frozen=True)
class _Opaque:
    """A value that is neither numbers nor a container: its type's name, str and repr."""

    kind: str
    text: str
    shown: str

    def __repr__(self):
        return self.shown

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class _TooLarge:
    """An array larger than _MAX_ENTRIES: only its type's name and shape are kept."""

    kind: str
    shape: tuple


_PLAIN_SCALARS = (type(None), bool, int, float, complex, str, bytes)
_NUMPY_SCALARS = frozenset(np.dtype(code).type for code in "?bhilqpBHILQPefdgFDG")


class _Reader:
    """Turns an answer's result into plain values: ndarrays (copied), Python and NumPy
    numbers, str, bytes, _Items, _Map, _Opaque and _TooLarge. Reading may run the answer's
    code (iterators, __array__, __str__), so it happens while the answer's guards are up."""

    def __init__(self):
        self.budget = _MAX_ENTRIES

    def read(self, value, depth=0):
        kind = type(value)
        if kind in _PLAIN_SCALARS or kind in _NUMPY_SCALARS:
            return value
        if isinstance(value, np.ndarray):
            return self.read_array(value, depth)
        if depth >= _MAX_DEPTH:
            nested = say("value.nested", depth=_MAX_DEPTH)
            return _Opaque(_kind(value), nested, nested)
        if isinstance(value, str):
            return str.__str__(value)
        if isinstance(value, bytes):
            return bytes(value)
        if isinstance(value, (np.generic, numbers.Number)):
            return self.read_number(value)
        if isinstance(value, Mapping):
            return self.read_mapping(value, depth)
        if hasattr(kind, "__array__") or hasattr(kind, "__array_interface__"):
            return self.read_array(np.asarray(value), depth)
        if hasattr(kind, "__iter__"):
            return self.read_items(value, depth)
        return _Opaque(_kind(value), _safe_str(value), _safe_str(value, repr))

    def read_number(self, value):
        for convert, base in ((int, numbers.Integral), (float, numbers.Real),
                              (complex, numbers.Complex)):
            if isinstance(value, base):
                return convert(value)
        number = np.asarray(value)
        if number.dtype.kind in "biufc":
            return number[()].item()
        return _Opaque(_kind(value), _safe_str(value), _safe_str(value, repr))

    def read_array(self, array, depth):
        if array.size > self.budget:
            return _TooLarge(_kind(array), tuple(int(n) for n in array.shape))
        self.budget -= array.size
        if array.dtype.hasobject:                # the answer's objects: read one by one
            return self.read(array.tolist(), depth + 1)
        return np.array(array, copy=True, subok=False)

    def read_items(self, value, depth):
        items = []
        for item in value:
            if len(items) >= _MAX_ITEMS:
                return _Items(_kind(value), tuple(items), complete=False)
            items.append(self.read(item, depth + 1))
        return _Items(_kind(value), tuple(items))

    def read_mapping(self, value, depth):
        items = {}
        for key, item in value.items():
            if len(items) >= _MAX_ITEMS:
                break
            items[self.read_key(key, depth)] = self.read(item, depth + 1)
        return _Map(_kind(value), items)

    def read_key(self, key, depth):
        """A plain, hashable key: numbers, str, bytes, a tuple of those; else an _Opaque."""
        key = self.read(key, depth + 1)
        if isinstance(key, _Items) and key.kind == "tuple" and key.complete:
            key = key.items
        try:
            hash(key)
            return key
        except TypeError:
            return _Opaque(_kind(key), _safe_str(key), _safe_str(key, repr))


def _kind(value):
    """The name of the type of a result, as a verdict shows it."""
    if isinstance(value, (_Items, _Map, _Opaque, _TooLarge)):
        return value.kind
    name = type(value).__name__
    return name if type(name) is str and len(name) <= 60 else "object"


def _is_plain(value, depth=0):
    """True if `value` is made only of the plain values a _Reader produces (so comparing it
    runs none of the answer's code)."""
    kind = type(value)
    if kind in _PLAIN_SCALARS or kind in _NUMPY_SCALARS:
        return True
    if depth > _MAX_DEPTH + 2:
        return False
    if kind is np.ndarray:
        return not value.dtype.hasobject
    if kind is tuple:
        return all(_is_plain(item, depth + 1) for item in value)
    if kind is _Items:
        return (type(value.kind) is str and type(value.items) is tuple
                and type(value.complete) is bool
                and all(_is_plain(item, depth + 1) for item in value.items))
    if kind is _Map:
        return (type(value.kind) is str and type(value.items) is dict
                and all(_is_plain(k, depth + 1) and _is_plain(v, depth + 1)
                        for k, v in value.items.items()))
    if kind is _Opaque:
        return all(type(text) is str for text in (value.kind, value.text, value.shown))
    if kind is _TooLarge:
        return type(value.kind) is str and type(value.shape) is tuple and \
            all(type(n) is int for n in value.shape)
    return False


def _safe_str(value, convert=str):
    """convert(value) cut to _TEXT_LIMIT characters; a conversion that fails says so."""
    try:
        text = convert(value)
        text = text if type(text) is str else "?"
    except _TimedOut:
        raise
    except BaseException as error:
        text = say("value.unshowable", kind=type(error).__name__)
    return text if len(text) <= _TEXT_LIMIT else text[:_TEXT_LIMIT] + "…"
