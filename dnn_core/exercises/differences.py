"""Where a value differs from a saved copy: arguments an answer changed in place.

`_changed_argument` names the first argument an answer changed in place (the checker passes
copies, so the verdict is unaffected, but the learner is told). `_difference` says where a
value first differs from a copy of it; the seal uses it for module-level data too.
"""

import inspect
import numbers
import types
from collections.abc import Mapping

import numpy as np

from ..language import say
from .plain_values import _MAX_DEPTH

_MISSING = object()


def _changed_argument(function, args, copies):
    """(name, where) of the first argument the answer changed in place, or None."""
    for index, (before, after) in enumerate(zip(args, copies)):
        try:
            where = _difference(before, after, "")
        except Exception:                       # the answer put something strange in it
            where = ""
        if where is not None:
            name = _argument_name(function, index)
            return (name, name + where)
    return None


def _argument_name(function, index):
    """The name of positional parameter `index` of `function`, or 'argument n'."""
    try:
        parameters = [p.name for p in inspect.signature(function).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except Exception:
        parameters = []
    name = parameters[index] if index < len(parameters) else None
    return name if type(name) is str and name.isidentifier() else say("check.argument", number=index + 1)


def _difference(before, after, path, depth=0):
    """Where `after` first differs from `before` (e.g. 'W[0, 1]', 'net.W[2][0, 0]'), or None.
    Random generators (drawing from one is its use), functions, classes and modules are not
    compared."""
    if depth > _MAX_DEPTH or isinstance(before, (np.random.Generator, types.FunctionType,
                                                 types.BuiltinFunctionType, type,
                                                 types.ModuleType, types.MethodType)):
        return None
    if type(before) is not type(after):
        return path
    if isinstance(before, np.ndarray):
        return _array_difference(before, after, path)
    if isinstance(before, (list, tuple)):
        if len(before) != len(after):
            return path
        for i, (b, a) in enumerate(zip(before, after)):
            where = _difference(b, a, f"{path}[{i}]", depth + 1)
            if where is not None:
                return where
        return None
    if isinstance(before, Mapping):
        if set(before.keys()) != set(after.keys()):
            return path
        for key in before.keys():
            where = _difference(before[key], after[key], f"{path}[{key!r}]", depth + 1)
            if where is not None:
                return where
        return None
    if isinstance(before, (str, bytes, numbers.Number, np.generic, type(None))):
        same = before == after or (before != before and after != after)     # NaN stays NaN
        return None if same else path
    if hasattr(before, "__dict__") and hasattr(after, "__dict__"):
        for key in vars(before):
            where = _difference(vars(before)[key], vars(after).get(key, _MISSING),
                                f"{path}.{key}", depth + 1)
            if where is not None:
                return where
        return None if set(vars(before)) == set(vars(after)) else path
    return None


def _array_difference(before, after, path):
    if before.shape != after.shape or before.dtype != after.dtype:
        return path
    if before.dtype.hasobject:
        return None if before.tolist() == after.tolist() else path
    if before.dtype.kind in "fc":
        equal = (before == after) | (np.isnan(before) & np.isnan(after))
    else:
        equal = before == after
    if np.all(equal):
        return None
    if before.ndim == 0:
        return path
    first = tuple(int(i) for i in np.argwhere(~equal)[0])
    return f"{path}[{', '.join(map(str, first))}]"
