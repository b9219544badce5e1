"""Snapshots of the modules an answer can reach, and putting back what it changed.

A `_Snapshot` keeps the names of modules (dnn_core but the exercise package, NumPy, the
standard modules the checker uses), the code and defaults of their functions and the
attributes of the dnn_core classes, as they are before an answer runs; restore() puts back
whatever was rebound, replaced, added or removed since. Which functions and classes a module
has is found once and cached (`_WATCHED`, `_GUARDED`).
"""

import contextlib
import operator
import sys
import types

from .differences import _MISSING

_STANDARD_MODULES = ("builtins", "collections", "contextlib", "copy", "dataclasses", "functools",
                     "gc", "inspect", "io", "itertools", "math", "numbers", "operator", "signal",
                     "sys", "threading", "types", "warnings")
_CODE = operator.attrgetter("__code__")
_DEFAULTS = operator.attrgetter("__defaults__")
_KWDEFAULTS = operator.attrgetter("__kwdefaults__")
_WATCHED = {}               # module name -> (module, its functions, its dnn_core classes)
_GUARDED = {}               # len(sys.modules) -> (guarded modules, their functions, classes)


def _guarded_modules():
    """The modules whose state an answer run is undone in: dnn_core (but the exercise package,
    which the seal keeps), NumPy, and the standard modules the checker and the cases use;
    with the functions and classes a _Snapshot keeps of them. Found again only when a module
    was imported (sys.modules grew)."""
    entry = _GUARDED.get(len(sys.modules))
    if entry is None:
        roots = {"dnn_core", "numpy", *_STANDARD_MODULES}
        modules = tuple(module for name, module in list(sys.modules.items())
                        if isinstance(module, types.ModuleType) and name.split(".")[0] in roots
                        and not (name == __package__ or name.startswith(__package__ + ".")))
        entry = (modules, *_watched_in(modules))
        _GUARDED.clear()
        _GUARDED[len(sys.modules)] = entry
    return entry


def _watched_in(modules):
    """(functions, classes) kept of all of `modules`, each once."""
    functions, classes = {}, {}
    for module in modules:
        watched_functions, watched_classes = _watched(module)
        functions.update((id(f), f) for f in watched_functions)
        classes.update((id(c), c) for c in watched_classes)
    return tuple(functions.values()), tuple(classes.values())


def _is_dunder(name):
    return isinstance(name, str) and name.startswith("__") and name.endswith("__")


class _Snapshot:
    """The names of `modules`, the code and defaults of their functions and the attributes
    of the dnn_core classes defined in them, as they are now; restore() puts back whatever
    was rebound, replaced, added or removed since (checking first, at C speed, whether
    anything was)."""

    _FIXED_CLASS_KEYS = frozenset({"__dict__", "__weakref__"})

    def __init__(self, modules, functions, classes):
        self.names = [(vars(module), dict(vars(module))) for module in modules]
        self.functions = functions
        self.codes = tuple(map(_CODE, self.functions))
        self.defaults = tuple(map(_DEFAULTS, self.functions))
        self.kwdefaults = tuple(map(_KWDEFAULTS, self.functions))
        self.classes = [(cls, dict(vars(cls))) for cls in classes]

    def restore(self):
        for namespace, names in self.names:
            if not _same_items(namespace, names):
                _restore_names(namespace, names)
        for attribute, saved in (("__code__", self.codes), ("__defaults__", self.defaults),
                                 ("__kwdefaults__", self.kwdefaults)):
            current = tuple(map(operator.attrgetter(attribute), self.functions))
            if not all(map(operator.is_, current, saved)):
                for function, now, value in zip(self.functions, current, saved):
                    if now is not value:
                        setattr(function, attribute, value)
        for cls, attributes in self.classes:
            if not _same_items(vars(cls), attributes):
                _restore_class(cls, attributes, self._FIXED_CLASS_KEYS)


def _same_items(namespace, saved):
    """True if `namespace` holds exactly the keys of `saved`, each bound to the same object."""
    return namespace.keys() == saved.keys() and \
        all(map(operator.is_, namespace.values(), saved.values()))


def _watched(module):
    """(functions, classes) whose code and attributes a _Snapshot of `module` keeps: found the
    first time the module is guarded (before any answer ran), then reused. Classes are kept
    for dnn_core only."""
    entry = _WATCHED.get(module.__name__)
    if entry is None or entry[0] is not module:
        functions, classes = {}, {}
        keep_classes = module.__name__.split(".")[0] == "dnn_core"
        for value in list(vars(module).values()):
            _collect(value, module.__name__, functions, classes if keep_classes else None)
        entry = _WATCHED[module.__name__] = (module, tuple(functions.values()),
                                             tuple(classes.values()))
    return entry[1], entry[2]


def _collect(value, module_name, functions, classes):
    """Add the functions reachable from a module's `value` to `functions`, and `value` to
    `classes` (unless None) if it is a class defined in that module, with its methods."""
    if isinstance(value, types.FunctionType):
        functions[id(value)] = value
    elif type(value).__name__ == "_ArrayFunctionDispatcher":     # NumPy's public functions
        implementation = getattr(value, "_implementation", None)
        if isinstance(implementation, types.FunctionType):
            functions[id(implementation)] = implementation
    elif classes is not None and isinstance(value, type) and value.__module__ == module_name:
        classes[id(value)] = value
        for attribute in vars(value).values():
            for function in _functions_of(attribute):
                functions[id(function)] = function


def _functions_of(attribute):
    """The Python functions behind a class attribute: a method, a static or class method,
    the accessors of a property."""
    if isinstance(attribute, (staticmethod, classmethod)):
        attribute = attribute.__func__
    if isinstance(attribute, property):
        return [f for f in (attribute.fget, attribute.fset, attribute.fdel)
                if isinstance(f, types.FunctionType)]
    return [attribute] if isinstance(attribute, types.FunctionType) else []


def _restore_names(namespace, names):
    """Make `namespace` (a module's dict) hold `names` again: what was rebound or removed is
    put back, what was added is removed (but dunders, and submodules imported meanwhile,
    which stay their package's attributes)."""
    for key in [key for key, value in namespace.items() if key not in names
                and not _is_dunder(key) and not isinstance(value, types.ModuleType)]:
        del namespace[key]
    for key, value in names.items():
        if namespace.get(key, _MISSING) is not value:
            namespace[key] = value


def _restore_class(cls, attributes, fixed):
    """Make the attributes of class `cls` exactly `attributes` (but the fixed ones)."""
    for key in [key for key in vars(cls) if key not in attributes and key not in fixed]:
        with contextlib.suppress(AttributeError, TypeError):
            delattr(cls, key)
    for key, value in attributes.items():
        if key not in fixed and vars(cls).get(key, _MISSING) is not value:
            with contextlib.suppress(AttributeError, TypeError):
                setattr(cls, key, value)
