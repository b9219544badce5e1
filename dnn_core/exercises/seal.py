"""The seal: the exercise package, the checker included, kept as it was at the first check.

The `_Seal` is a `_Snapshot` of every module of the exercise package together with the
registered exercises (and their fields) and the data the exercise modules hold; restore()
heals all of it. The checker's own modules (`_CHECKER_PARTS`: a new part of the checker
must be listed there) are also put back by `prepared_repair()`: a callable made only of
C-level calls, prepared before an answer runs, so that a replaced checker function cannot
stop the restoring.
"""

import builtins
import collections
import copy
import dataclasses
import functools
import operator
import sys
import types

import numpy as np

from .differences import _MISSING, _difference
from .registry import _REGISTERED, EXERCISES
from .snapshots import _GUARDED, _WATCHED, _is_dunder, _Snapshot, _watched_in

_CHECKER_PARTS = ("checker", "comparing", "differences", "limits", "plain_values", "registry",
                  "running", "seal", "snapshots")
_CHECKER_MODULES = frozenset(f"{__package__}.{part}" for part in _CHECKER_PARTS)


def _restore_registry(registry):
    """Make EXERCISES hold exactly `registry` (what it held before the answer ran)."""
    for name in [name for name in EXERCISES if name not in registry]:
        del EXERCISES[name]
    EXERCISES.update(registry)


class _Seal:
    """The exercise package as it was when first checked: its modules (names, functions,
    classes), the exercises registered with @exercise (and their fields), and the data its
    modules hold. restore() heals all of it; prepared_repair() makes the C-level callable
    that puts back the checker's own modules, code and builtins first."""

    def __init__(self):
        self.modules = [module for name, module in sorted(sys.modules.items())
                        if isinstance(module, types.ModuleType)
                        and (name == __package__ or name.startswith(__package__ + "."))]
        self.state = _Snapshot(self.modules, *_watched_in(self.modules))
        self.registry = {name: (ex, _fields_of(ex)) for name, ex in _REGISTERED.items()}
        self.data = [(vars(module), key, saved)
                     for module in self.modules if module.__name__ not in _CHECKER_MODULES
                     for key, value in vars(module).items()
                     if not _is_dunder(key) and value is not EXERCISES
                     and (saved := _saved_data(value)) is not None]
        self.checker_namespaces = tuple(vars(sys.modules[name]) for name in sorted(_CHECKER_MODULES))
        self.checker_actions = self._checker_actions()

    def restore(self):
        self.state.restore()
        for name, (ex, fields) in self.registry.items():
            if EXERCISES.get(name) is not ex:
                EXERCISES[name] = ex
            for field, value in fields.items():
                if getattr(ex, field) is not value:
                    object.__setattr__(ex, field, value)
        for namespace, key, saved in self.data:
            _restore_data(namespace, key, saved)

    def _checker_actions(self):
        """C-level calls that make the checker's modules, their functions and their classes
        exactly as sealed, and remove any global that would hide a builtin."""
        actions = [functools.partial(_SEALS.__setitem__, slice(None), [self])]
        for namespace in self.checker_namespaces:
            actions += _namespace_actions(namespace, _saved_names(self.state, namespace))
        state = self.state
        for function, code, defaults, kwdefaults in zip(state.functions, state.codes,
                                                        state.defaults, state.kwdefaults):
            if function.__module__ in _CHECKER_MODULES:
                actions += [functools.partial(setattr, function, "__code__", code),
                            functools.partial(setattr, function, "__defaults__", defaults),
                            functools.partial(setattr, function, "__kwdefaults__", kwdefaults)]
        for cls, attributes in self.state.classes:
            if cls.__module__ in _CHECKER_MODULES:
                actions += [functools.partial(setattr, cls, key, value)
                            for key, value in attributes.items()
                            if key not in _Snapshot._FIXED_CLASS_KEYS]
        return tuple(actions)

    def prepared_repair(self, snapshot):
        """A callable made only of C-level calls (so a replaced Python function cannot stop it)
        that restores the recursion limit, sys.stdout and sys.stderr as they are now, builtins
        as in `snapshot`, the checker's caches, then the checker as sealed. Use it once."""
        actions = (functools.partial(sys.setrecursionlimit, sys.getrecursionlimit()),
                   functools.partial(setattr, sys, "stdout", sys.stdout),
                   functools.partial(setattr, sys, "stderr", sys.stderr),
                   functools.partial(dict.update, vars(builtins),
                                     _saved_names(snapshot, vars(builtins))),
                   *_refill(_WATCHED), *_refill(_GUARDED),
                   *self.checker_actions)
        return functools.partial(collections.deque, map(operator.call, actions), 0)


def _saved_names(snapshot, namespace):
    """The names `snapshot` keeps of `namespace` (a module's dict)."""
    return next(names for saved, names in snapshot.names if saved is namespace)


def _namespace_actions(namespace, names):
    """C-level calls that make `namespace` (a checker module's dict) hold `names` again and
    remove any global that would hide a builtin."""
    return [functools.partial(dict.update, namespace, names),
            *(functools.partial(dict.pop, namespace, name, None)
              for name in vars(builtins) if name not in names and not _is_dunder(name))]


def _refill(cache):
    """C-level calls that make `cache` (a dict) hold again what it holds now."""
    return (functools.partial(dict.clear, cache), functools.partial(dict.update, cache, dict(cache)))


def _fields_of(ex):
    return {field.name: getattr(ex, field.name) for field in dataclasses.fields(ex)}


def _saved_data(value):
    """What to keep of module-level data that cases may read: a copy of an array, list,
    dict or set; the attributes of a dnn_core object (such as an Activation); else None."""
    if isinstance(value, (np.ndarray, list, dict, set)):
        return ("value", copy.deepcopy(value))
    if type(value).__module__.startswith("dnn_core") and hasattr(value, "__dict__") \
            and not isinstance(value, (type, types.ModuleType, types.FunctionType)):
        return ("attributes", value, dict(vars(value)))
    return None


def _restore_data(namespace, key, saved):
    """Put back module-level data: the saved copy if the value changed, the attributes of
    an object if any was rebound."""
    if saved[0] == "value":
        if _difference(saved[1], namespace.get(key, _MISSING), "") is not None:
            namespace[key] = copy.deepcopy(saved[1])
        return
    _, owner, attributes = saved
    current = vars(owner)
    if current.keys() != attributes.keys() or \
            any(current[key] is not value for key, value in attributes.items()):
        current.clear()
        current.update(attributes)


_SEALS = []                 # the one _Seal, made at the first check


def _seal():
    """The _Seal of the exercise package, made at the first check (all exercises are
    registered by then: importing the checker imports the whole package)."""
    if not _SEALS:
        _SEALS.append(_Seal())
    return _SEALS[0]
