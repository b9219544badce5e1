"""The exercise checker under attack (`dnn_core.exercises.checker`): an answer cannot see the
expected values or change the checker, an answer that never returns is stopped, what it
prints is capped, a complex result is wrong, an input changed in place is named, and check()
never raises, whatever the answer returns or does. Each test performs the attack or the
fault and asserts the exact verdict."""

import builtins
import itertools
import signal
import sys
import threading
import time
import types
import warnings

import numpy as np
import pytest

import dnn_core.exercises
from dnn_core import Network
from dnn_core.activations import sigmoid
from dnn_core.exercises import (
    EXERCISES,
    Exercise,
    check,
    checker,
    comparing,
    forward,
    plain_values,
    running,
    seal,
    snapshots,
)

LAYER = EXERCISES["layer_forward"]
LAYER_CASE_1 = "W (3, 2), a_prev (2, 1), b (3, 1)"
ZEROS_VERDICT = (f"layer_forward: not yet — case 1 ({LAYER_CASE_1}): 3 of 3 entries differ; first at "
                 f"index (0, 0): expected 0.73063, got 0\nHint: {LAYER.hint}")
CORRECT = "layer_forward: correct ✓ (all hidden cases pass)"


def layer_forward(W, a_prev, b):
    return sigmoid(W @ a_prev + b)


def wrong(name, number, problem, hint="h"):
    """The exact 'wrong' message of case `number` of exercise `name`."""
    description = list(EXERCISES[name].cases())[number - 1][0]
    return f"{name}: not yet — case {number} ({description}): {problem}\nHint: {hint}"


@pytest.fixture
def register():
    """register(name, cases, **fields): a temporary exercise with hint 'h', removed after."""
    added = []

    def make(name, cases, **fields):
        EXERCISES[name] = Exercise(name, cases, "h", **fields)
        added.append(name)

    yield make
    for name in added:
        EXERCISES.pop(name, None)


# ----- the expected values cannot be seen ----------------------------------------------------

def caller_frames():
    """The frames from the answer's caller up to check() (not the test above it)."""
    frame, frames = sys._getframe(2), []
    while frame is not None:
        frames.append(frame)
        if frame.f_code is checker.check.__code__:
            break
        frame = frame.f_back
    return frames


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_reading_the_callers_locals_finds_no_expected_value(name):
    found = []

    def cheat(*args):                  # the attack of the issue: take `expected` from a caller
        for frame in caller_frames():
            if "expected" in frame.f_locals:
                found.append(frame.f_code.co_name)
                return frame.f_locals["expected"]
        return 0

    verdict = check(name, cheat, quiet=True)
    assert found == [] and verdict.status == "wrong"


def reachable(roots, limit=50_000):
    """Every object reachable from `roots` through containers, object attributes, bound
    methods and suspended generators (not through modules, classes and functions)."""
    seen, queue, found = set(), list(roots), []
    while queue and len(seen) < limit:
        value = queue.pop()
        if id(value) in seen or isinstance(value, (types.ModuleType, type, types.FunctionType,
                                                   types.BuiltinFunctionType, types.CodeType)):
            continue
        seen.add(id(value))
        found.append(value)
        if isinstance(value, (list, tuple, set, frozenset)):
            queue.extend(value)
        elif isinstance(value, dict):
            queue.extend(value.keys())
            queue.extend(value.values())
        elif isinstance(value, types.GeneratorType) and value.gi_frame is not None:
            queue.extend(value.gi_frame.f_locals.values())
        elif isinstance(value, types.MethodType):
            queue.append(value.__self__)
        elif isinstance(value, types.FrameType):
            queue.extend(value.f_locals.values())
        elif hasattr(value, "__dict__") and not isinstance(value, np.ndarray):
            queue.extend(vars(value).values())
    return found


def equal(candidate, expected):
    if isinstance(expected, np.ndarray) or isinstance(candidate, np.ndarray):
        return isinstance(candidate, np.ndarray) and isinstance(expected, np.ndarray) and \
            candidate.shape == expected.shape and np.allclose(candidate, expected)
    if isinstance(expected, (float, np.floating)):
        return isinstance(candidate, (float, np.floating)) and bool(np.isclose(candidate, expected))
    return type(candidate) is type(expected) and candidate == expected


@pytest.mark.parametrize("name, part", [("layer_forward", ()), ("quadratic_loss", ()),
                                        ("forward_keep", (1, 3)), ("one_hot", ()),
                                        ("sgd_step", (0,)), ("confusion_counts", ())])
def test_nothing_reachable_from_the_callers_frames_is_the_expected_value(name, part):
    """A thorough version of the attack: everything the answer can reach from the frames of
    its callers (their locals, and through them containers, attributes, generators) is
    collected while it runs, and none of it equals the expected value of the running case."""
    candidates = []

    def collector(*args):
        candidates.extend(value.copy() if isinstance(value, np.ndarray) else value
                          for value in reachable(caller_frames()))
        return 0

    check(name, collector, quiet=True)
    expected = list(EXERCISES[name].cases())[0][2]     # computed only after the check
    for key in part:
        expected = expected[key]
    assert len(candidates) > 20                      # the walk did reach the checker's objects
    assert not [c for c in candidates if equal(c, expected)]


def same(a, b):
    """Deep equality of case values (arrays, containers, Networks, traces, functions)."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, np.random.Generator):
        return same(a.bit_generator.state, b.bit_generator.state)
    if callable(a) and not hasattr(a, "W"):
        return a.__code__ is b.__code__ if hasattr(a, "__code__") else a is b
    if hasattr(a, "__dict__"):
        return type(a) is type(b) and same(vars(a), vars(b))
    return a == b


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_cases_are_the_same_on_every_run(name):
    """The checker computes a case's expected value on a second run of its generator, after
    the answer returned: that is only right if every run yields the same cases."""
    first, second = list(EXERCISES[name].cases()), list(EXERCISES[name].cases())
    assert len(first) == len(second)
    for (d1, args1, expected1), (d2, args2, expected2) in zip(first, second):
        assert d1 == d2 and same(args1, args2) and same(expected1, expected2), (name, d1)


# ----- an answer cannot change the checker ---------------------------------------------------

def zeros_after(tamper):
    """An answer to layer_forward that tampers, then returns zeros (a wrong answer)."""
    def answer(W, a_prev, b):
        tamper()
        return np.zeros((3, 1))
    return answer


def fake_cases():
    yield LAYER_CASE_1, (np.zeros((3, 2)), np.zeros((2, 1)), np.zeros((3, 1))), np.zeros((3, 1))


def none_code(*args, **kwargs):
    return None


def true_code(*args, **kwargs):
    return np.array(True)


ATTACKS = {
    "replace _compare": lambda: setattr(checker, "_compare", lambda *a: None),
    "replace the code of _compare": lambda: setattr(checker._compare, "__code__", none_code.__code__),
    "replace the code of the restorers, then of _compare": lambda: [
        setattr(f, "__code__", none_code.__code__)
        for f in (snapshots._Snapshot.restore, seal._Seal.restore, snapshots._restore_names,
                  snapshots._restore_class, seal._restore_registry, running._verified,
                  checker._compare)],
    "replace the exercise in EXERCISES": lambda: EXERCISES.__setitem__(
        "layer_forward", Exercise("layer_forward", fake_cases, "h")),
    "empty EXERCISES": lambda: EXERCISES.clear(),
    "rebind EXERCISES": lambda: setattr(checker, "EXERCISES", {}),
    "change the cases of the frozen Exercise": lambda: object.__setattr__(
        EXERCISES["layer_forward"], "cases", fake_cases),
    "replace the code of the case generator": lambda: setattr(
        forward._layer_forward_cases, "__code__", (lambda: iter(list(fake_cases()))).__code__),
    "replace sigmoid in the exercise module": lambda: setattr(forward, "sigmoid", np.zeros_like),
    "replace the code of dnn_core's sigmoid": lambda: setattr(
        sigmoid, "__code__", (lambda z: 0 * z).__code__),
    "replace np.isclose": lambda: setattr(np, "isclose", true_code),
    "replace the code behind np.isclose": lambda: setattr(
        np.isclose._implementation, "__code__", true_code.__code__),
    "replace builtins.isinstance": lambda: setattr(builtins, "isinstance", lambda *a: True),
    "shadow a builtin in the checker": lambda: setattr(comparing, "len", lambda *a: 0),
    "replace the checker's numpy": lambda: setattr(comparing, "np", types.SimpleNamespace(
        isclose=true_code, asarray=np.asarray, argwhere=np.argwhere)),
    "make every Verdict pass": lambda: setattr(checker.Verdict, "passed", property(lambda s: True)),
    "replace check": lambda: [setattr(dnn_core.exercises, "check", lambda *a, **k: None),
                              setattr(checker, "check", lambda *a, **k: None)],
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_tampering_from_an_answer_has_no_effect(attack):
    originals = (checker._compare, checker._compare.__code__, checker.EXERCISES, np.isclose,
                 np.isclose._implementation.__code__, builtins.isinstance, sigmoid.__code__,
                 forward.sigmoid, dnn_core.exercises.check, checker.check, LAYER.cases)
    verdict = check("layer_forward", zeros_after(ATTACKS[attack]), quiet=True)
    assert verdict.message == ZEROS_VERDICT and not verdict.passed
    assert (checker._compare, checker._compare.__code__, checker.EXERCISES, np.isclose,
            np.isclose._implementation.__code__, builtins.isinstance, sigmoid.__code__,
            forward.sigmoid, dnn_core.exercises.check, checker.check, LAYER.cases) == originals
    assert EXERCISES["layer_forward"] is LAYER and "len" not in vars(comparing)
    assert comparing.np is np
    assert check("layer_forward", lambda W, a, b: np.zeros((3, 1)), quiet=True).message == ZEROS_VERDICT
    assert check("layer_forward", layer_forward, quiet=True).message == CORRECT


def test_tampering_while_the_result_is_read_has_no_effect():
    """The result's own code (here __array__) runs while it is read, under the same guard."""
    class Sneaky:
        def __array__(self, dtype=None, copy=None):
            checker._compare = lambda *a: None
            np.isclose = true_code
            return np.zeros((3, 1))

    assert check("layer_forward", lambda W, a, b: Sneaky(), quiet=True).message == ZEROS_VERDICT
    assert checker._compare.__name__ == "_compare" and np.isclose is not true_code


def test_a_result_that_is_not_plain_data_is_refused():
    """If the reader is replaced while it reads (here by the result's __array__) so that it
    hands over the answer's object, the checker refuses it instead of comparing it
    (comparing would run the answer's code, __eq__ here)."""
    class Corrupting:
        def __array__(self, dtype=None, copy=None):
            plain_values._Reader.read_array.__code__ = (      # hands over an object equal to all
                lambda self, array, depth: type("Equal", (), {"__eq__": lambda s, o: True})()
            ).__code__
            return np.zeros((3, 1))

    original = plain_values._Reader.read_array.__code__
    verdict = check("layer_forward", lambda W, a, b: Corrupting(), quiet=True)
    assert plain_values._Reader.read_array.__code__ is original
    assert verdict.message == wrong("layer_forward", 1, "your function changed how the checker "
                                    "reads its result, so it cannot be judged", LAYER.hint)


def test_tampering_between_checks_is_healed_by_the_next_check():
    """A learner's cell (not an answer) that replaces the checker's parts is undone too."""
    checker._compare = lambda *a: None
    forward.sigmoid = np.zeros_like
    try:
        assert check("layer_forward", lambda W, a, b: np.zeros((3, 1)), quiet=True).message == \
            ZEROS_VERDICT
        assert checker._compare.__name__ == "_compare" and forward.sigmoid is sigmoid
    finally:
        checker._seal().restore()


def test_interpreter_settings_changed_by_an_answer_are_put_back():
    before = (np.geterr(), np.get_printoptions(), list(warnings.filters), sys.getprofile(),
              sys.gettrace(), sys.getrecursionlimit(), signal.getsignal(signal.SIGINT),
              sys.stdout, sys.stderr)

    def answer(W, a_prev, b):
        np.seterr(all="raise")
        np.set_printoptions(precision=1)
        warnings.simplefilter("error")
        sys.setprofile(lambda *a: None)
        sys.setrecursionlimit(sys.getrecursionlimit() + 123)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        sys.stdout = sys.stderr = None
        return layer_forward(W, a_prev, b)

    assert check("layer_forward", answer, quiet=True).message == CORRECT
    assert (np.geterr(), np.get_printoptions(), list(warnings.filters), sys.getprofile(),
            sys.gettrace(), sys.getrecursionlimit(), signal.getsignal(signal.SIGINT),
            sys.stdout, sys.stderr) == before


# ----- an answer that never returns is stopped -------------------------------------------------

STOPPED = ("your function did not return within 0.5 seconds, so it was stopped. An endless loop? "
           "Check that every loop ends (the condition of a `while` must become false).")


def endless():
    n = 0
    while True:
        n += 1


def alarm_state():
    return signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)


@pytest.mark.parametrize("answer", [endless, lambda: time.sleep(60)], ids=["loop", "sleep"])
def test_an_answer_that_never_returns_is_stopped(register, answer):
    register("_slow", lambda: [("one", (), 1.0)], timeout=0.5)
    before, start = alarm_state(), time.monotonic()
    verdict = check("_slow", answer, quiet=True)
    assert verdict.message == wrong("_slow", 1, STOPPED) and verdict.status == "wrong"
    assert time.monotonic() - start < 5 and alarm_state() == before
    assert check("_slow", lambda: 1.0, quiet=True).passed           # the kernel goes on


def test_an_answer_that_catches_the_stop_is_stopped_again(register):
    register("_slow", lambda: [("one", (), 1.0)], timeout=0.5)
    caught = []

    def stubborn():
        try:
            endless()
        except BaseException as stop:       # swallows the first stop, then loops again
            caught.append(type(stop).__name__)
            endless()

    assert check("_slow", stubborn, quiet=True).message == wrong("_slow", 1, STOPPED)
    assert caught == ["_TimedOut"]


def test_a_check_inside_an_answer_keeps_the_outer_limit(register):
    register("_slow", lambda: [("one", (), 1.0)], timeout=0.5)
    register("_inner", lambda: [("one", (), 2.0)])

    def answer():
        assert check("_inner", lambda: 2.0, quiet=True).passed
        endless()

    assert check("_slow", answer, quiet=True).message == wrong("_slow", 1, STOPPED)


def test_off_the_main_thread_an_answer_runs_without_a_limit():
    verdicts = []
    thread = threading.Thread(target=lambda: verdicts.append(check("layer_forward", layer_forward,
                                                                   quiet=True)))
    thread.start()
    thread.join(30)
    assert [v.message for v in verdicts] == [CORRECT]


def test_an_endless_sequence_is_read_up_to_a_limit():
    verdict = check("minibatch_indices", lambda n, size: itertools.count(), quiet=True)
    hint = EXERCISES["minibatch_indices"].hint
    expected_count = len(list(EXERCISES["minibatch_indices"].cases())[0][2])
    assert verdict.message == wrong("minibatch_indices", 1, f"expected a sequence of "
                                    f"{expected_count} values, got more than 100,000", hint)


# ----- printed output is capped -----------------------------------------------------------------

def test_printed_output_is_capped(capsys):
    def loud(W, a_prev, b):
        print("y" * 10_000)
        return layer_forward(W, a_prev, b)

    verdict = check("layer_forward", loud)
    printed = capsys.readouterr().out
    marker = "\n[… output cut here: your function printed more than 4,000 characters]\n"
    note = "Note: your function printed 40,004 characters; only the first 4,000 are shown."
    assert verdict.message == f"{CORRECT}\n{note}"
    assert printed == "y" * 4000 + marker + verdict.message + "\n"


def test_output_to_stderr_counts_too(capsys):
    def loud(W, a_prev, b):
        sys.stderr.write("e" * 5000)
        return layer_forward(W, a_prev, b)

    verdict = check("layer_forward", loud, quiet=True)
    assert capsys.readouterr().err.startswith("e" * 4000 + "\n[… output cut here")
    assert verdict.message.endswith("Note: your function printed 20,000 characters; only the "
                                    "first 4,000 are shown.")


def test_output_within_the_limit_is_shown_whole(capsys):
    def chatty(W, a_prev, b):
        print("shape", W.shape)
        return layer_forward(W, a_prev, b)

    assert check("layer_forward", chatty).message == CORRECT
    shapes = "".join(f"shape {args[0].shape}\n" for _, args, _ in LAYER.cases())
    assert capsys.readouterr().out == shapes + CORRECT + "\n"


# ----- results that are not what they seem -------------------------------------------------------

class NoEquality:
    def __eq__(self, other):
        raise RuntimeError("no equality")

    __hash__ = object.__hash__


class NoArray:
    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("no array")


class NoIteration:
    def __iter__(self):
        raise RuntimeError("no items")


class NoText:
    def __str__(self):
        raise RuntimeError("no text")

    __repr__ = __str__


def nested_list():
    items = []
    items.append(items)
    return items


RESULTS = [
    ("complex numbers", "layer_forward", lambda W, a, b: layer_forward(W, a, b) + 0j,
     "expected real numbers, got complex numbers (complex128)"),
    ("complex with imaginary parts", "layer_forward", lambda W, a, b: layer_forward(W, a, b) * 1j,
     "expected real numbers, got complex numbers (complex128)"),
    ("a huge array", "layer_forward", lambda W, a, b: np.broadcast_to(0.0, (10**6, 10**6)),
     "shape expected (3, 1), got (1000000, 1000000)"),
    ("a huge list", "layer_forward", lambda W, a, b: [0.0] * 10**7,
     "shape expected (3, 1), got more than 100,000 values"),
    ("numbers as text", "quadratic_loss", lambda A, Y: "0.5", "expected numbers, got str"),
    ("NaN", "layer_forward", lambda W, a, b: np.full((3, 1), np.nan),
     "3 of 3 entries differ; first at index (0, 0): expected 0.73063, got nan"),
    ("an object whose __eq__ raises", "layer_forward", lambda W, a, b: NoEquality(),
     "expected numbers, got NoEquality"),
    ("an object whose __array__ raises", "layer_forward", lambda W, a, b: NoArray(),
     "the result of your function (NoArray) cannot be read: reading it raised RuntimeError: "
     "no array"),
    ("an object whose __iter__ raises", "minibatch_indices", lambda n, size: NoIteration(),
     "the result of your function (NoIteration) cannot be read: reading it raised "
     "RuntimeError: no items"),
    ("an object that cannot be shown", "which_equation", lambda gradients: NoText(),
     "expected 'BP4', got <cannot be shown: RuntimeError>"),
    ("a list that contains itself", "layer_forward", lambda W, a, b: nested_list(),
     "expected numbers, got list"),
    ("a 0-d array for a tuple", "perceptron_update", lambda w, b, x, y, eta: np.array(1.0),
     "expected a tuple of 2 values, got ndarray"),
    ("the function itself", "layer_forward", lambda W, a, b: layer_forward,
     "expected numbers, got function"),
]


@pytest.mark.parametrize("name, answer, problem", [r[1:] for r in RESULTS], ids=[r[0] for r in RESULTS])
def test_a_strange_result_gets_a_clear_verdict(name, answer, problem):
    verdict = check(name, answer, quiet=True)
    assert verdict.message == wrong(name, 1, problem, EXERCISES[name].hint)


def test_keys_of_mixed_types_are_listed(register):
    register("_layers", lambda: [("two layers", (), {2: np.ones((2, 3)), 3: np.zeros((1, 2))})])
    verdict = check("_layers", lambda: {1: 0, "a": 0}, quiet=True)
    assert verdict.message == wrong("_layers", 1, "expected the keys [2, 3], got [1, 'a']")


# ----- check() never raises ------------------------------------------------------------------------

class Custom(BaseException):
    pass


class UnprintableError(Exception):
    def __str__(self):
        raise ValueError("no message")


def raising(error):
    def answer(W, a_prev, b):
        raise error
    return answer


def recurse(W, a_prev, b):
    return recurse(W, a_prev, b)


RAISED = [
    ("sys.exit()", raising(SystemExit()),
     "your function called exit() or sys.exit() (SystemExit): return the result instead of "
     "ending the program"),
    ("sys.exit(3)", lambda W, a, b: sys.exit(3),
     "your function called exit() or sys.exit() (SystemExit: 3): return the result instead of "
     "ending the program"),
    ("KeyboardInterrupt", raising(KeyboardInterrupt()),
     "your function was interrupted (KeyboardInterrupt) before it returned"),
    ("GeneratorExit", raising(GeneratorExit()), "your function raised GeneratorExit"),
    ("a BaseException subclass", raising(Custom("boom")), "your function raised Custom: boom"),
    ("an unprintable exception", raising(UnprintableError()),
     "your function raised UnprintableError: <cannot be shown: ValueError>"),
    ("a very long message", raising(ValueError("x" * 10_000)),
     "your function raised ValueError: " + "x" * 300 + "…"),
    ("endless recursion", recurse,
     "your function raised RecursionError: maximum recursion depth exceeded"),
]


@pytest.mark.parametrize("answer, problem", [r[1:] for r in RAISED], ids=[r[0] for r in RAISED])
def test_whatever_an_answer_raises_becomes_a_verdict(answer, problem):
    verdict = check("layer_forward", answer, quiet=True)
    assert verdict.message == wrong("layer_forward", 1, problem, LAYER.hint)


def test_a_value_instead_of_a_function_is_explained():
    verdict = check("layer_forward", np.zeros((3, 1)), quiet=True)
    assert verdict.status == "wrong" and verdict.message == (
        "layer_forward: check needs your function itself, got ndarray: pass its name without "
        "calling it, check('layer_forward', layer_forward), not "
        "check('layer_forward', layer_forward(...)).")


def test_a_broken_exercise_is_an_error_of_the_checker_not_of_the_learner(register):
    def broken_cases():
        yield "one", (), 1.0
        raise ZeroDivisionError("division by zero")

    register("_broken", broken_cases)
    verdict = check("_broken", lambda: 1.0, quiet=True)
    assert verdict.status == "error" and verdict.message == (
        "_broken: the checker itself failed (ZeroDivisionError: division by zero). This is a bug "
        "in the course, not in your function: please report it.")


# ----- inputs changed in place -------------------------------------------------------------------

def mutation_note(name, number, where):
    return (f"Note: your function changes its argument {name} in place (case {number}: {where} is "
            "not what was passed). The check gave it a copy, so the verdict is not affected, but "
            f"in your own code the caller's {name} would change too: compute new values ({name} = "
            f"{name} - …, not {name} -= …) or work on a copy.")


def test_an_array_changed_in_place_is_named():
    def answer(W, a_prev, b):
        result = layer_forward(W, a_prev, b)
        b[1:] = 0
        return result

    verdict = check("layer_forward", answer, quiet=True)
    assert verdict.passed and verdict.message == f"{CORRECT}\n{mutation_note('b', 1, 'b[1, 0]')}"


def test_a_network_and_a_dict_changed_in_place_are_named(register):
    def cases():
        net = Network([2, 3, 1], seed=0)
        X = np.ones((2, 1))
        yield "one sample", (net, X, {2: net.W[2].copy()}), net.forward(X)

    register("_net", cases)

    def moves_the_network(net, X, W):
        result = net.forward(X)
        net.W[2][0, 1] += 1.0
        return result

    def moves_the_dict(net, X, W):
        W[2] = W[2] * 2
        return net.forward(X)

    verdict = check("_net", moves_the_network, quiet=True)
    assert verdict.message == "_net: correct ✓ (all hidden cases pass)\n" + \
        mutation_note("net", 1, "net.W[2][0, 1]")
    assert check("_net", moves_the_dict, quiet=True).message.endswith(
        mutation_note("W", 1, "W[2][0, 0]"))


def test_a_central_difference_that_does_not_put_theta_back_exactly_is_told():
    def nudging(f, theta, h=1e-5):
        grad = np.zeros(theta.shape)
        for i in np.ndindex(theta.shape):
            theta[i] += h
            f_plus = f(theta)
            theta[i] -= 2 * h
            f_minus = f(theta)
            theta[i] += h                   # rounding: not always the value it was
            grad[i] = (f_plus - f_minus) / (2 * h)
        return grad

    verdict = check("central_difference_gradient", nudging, quiet=True)
    assert verdict.passed and "Note: your function changes its argument theta in place (case 1: " \
        "theta[" in verdict.message


def test_drawing_from_a_random_generator_is_not_a_change(register):
    register("_draw", lambda: [("rng", (np.random.default_rng(0),),
                                np.random.default_rng(0).standard_normal(2))])
    assert check("_draw", lambda rng: rng.standard_normal(2), quiet=True).message == \
        "_draw: correct ✓ (all hidden cases pass)"


# ----- the forbidden calls and the reference messages still work -----------------------------------

def test_a_forbidden_call_inside_a_returned_generator_is_caught(register):
    def cases():
        net = Network([2, 3, 1], seed=0)
        yield "one sample", (net, np.ones((2, 1))), [net.forward(np.ones((2, 1)))]

    EXERCISES["_forbid"] = Exercise("_forbid", cases, "h",
                                    forbidden=((Network, "forward", "net.forward"),))
    try:
        verdict = check("_forbid", lambda net, X: (a for a in [net.forward(X)]), quiet=True)
        assert verdict.message == wrong("_forbid", 1, "your function calls net.forward, which "
                                        "this exercise asks you to do without: compute it yourself")
        lazy = check("_forbid", lambda net, X: (net.forward(X) for _ in range(1)), quiet=True)
        assert lazy.message == verdict.message
        assert Network([2, 1], seed=0).forward(np.ones((2, 1))).shape == (1, 1)
    finally:
        del EXERCISES["_forbid"]


def test_a_reference_keeps_its_message_and_gets_the_notes():
    verdict = check("layer_forward", lambda W, a, b: layer_forward(W, a, b) * 1j, quiet=True,
                    reference=True)
    assert verdict.message == "the course's reference solution of " + wrong(
        "layer_forward", 1, "expected real numbers, got complex numbers (complex128)", LAYER.hint)
