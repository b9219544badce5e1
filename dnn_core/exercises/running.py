"""Running one answer on one case under every guard: only plain values leave.

`_run_answer` takes the snapshots, arms the time limit, forbids what the exercise forbids,
calls the answer on deep copies of the arguments, repairs the checker at C level as soon as
the answer returns, reads its result into plain values and then puts back everything it
changed. The `_Outcome` says what happened in plain fields; `_verified` rebuilds it from
verified fields, so an answer that tampered with the reading cannot hand over its objects.
"""

import contextlib
import copy
from dataclasses import dataclass

from ..language import say
from .differences import _changed_argument
from .limits import _Alarm, _InterpreterSettings, _TimedOut
from .plain_values import _is_plain, _kind, _Reader, _safe_str
from .registry import EXERCISES
from .seal import _restore_registry, _seal
from .snapshots import _guarded_modules, _Snapshot


class _ForbiddenCall(Exception):
    """Raised when an answer calls what its exercise forbids."""


@dataclass(frozen=True)
class _Outcome:
    """What one run of an answer left: kind 'returned' (with the plain result), 'not
    attempted' or 'failed' (with the problem); `mutation` is (argument, where) or None."""

    kind: str
    result: object = None
    problem: str = ""
    mutation: tuple | None = None


def _run_answer(ex, function, args, output):
    """Run `function` on a deep copy of `args` under every guard. Only plain values leave:
    the answer's objects die here, and everything it changed is put back."""
    registry = dict(EXERCISES)
    snapshot = _Snapshot(*_guarded_modules())
    settings = _InterpreterSettings(output)
    repairs = [_seal().prepared_repair(snapshot) for _ in range(2)]   # before the answer runs
    alarm = _Alarm(ex.timeout, _seal().checker_namespaces)
    try:
        with _forbidding(ex.forbidden):
            alarm.arm()
            try:
                outcome = _answer_outcome(function, args, repairs[0])
            finally:
                alarm.disarm()
    except _TimedOut:
        outcome = _Outcome("failed", problem=_timeout_problem(ex.timeout))
    finally:
        repairs[1]()
        alarm.disarm()
        snapshot.restore()
        _restore_registry(registry)
        _seal().restore()
        settings.restore()
    return _verified(outcome)


def _answer_outcome(function, args, repair):
    """Call the answer, `repair` the checker, read the result (reading may run the learner's
    code again: iterators, __array__); the _Outcome."""
    copies = copy.deepcopy(args)
    try:
        raw = function(*copies)
    except _TimedOut:
        raise
    except BaseException as error:              # the learner's bug is reported, not raised
        repair()
        return _failure(error, "problem.raised")
    repair()
    try:
        result = _Reader().read(raw)
    except _TimedOut:
        raise
    except BaseException as error:
        return _failure(error, "problem.unreadable", kind=_kind(raw))
    return _Outcome("returned", result=result, mutation=_changed_argument(function, args, copies))


def _failure(error, problem_key, **values):
    """The _Outcome of an answer that raised `error`; `problem_key` is the string that says
    what it was doing (its {error} the error, the other placeholders `values`)."""
    if isinstance(error, NotImplementedError):
        return _Outcome("not attempted")
    if isinstance(error, _ForbiddenCall):
        return _Outcome("failed", problem=say("problem.forbidden", label=str(error)))
    if isinstance(error, SystemExit):
        problem = say("problem.exit", error=_error_text(error))
    elif isinstance(error, KeyboardInterrupt):
        problem = say("problem.interrupted")
    else:
        problem = say(problem_key, error=_error_text(error), **values)
    return _Outcome("failed", problem=problem)


def _timeout_problem(seconds):
    duration = say("problem.second" if seconds == 1 else "problem.seconds", seconds=seconds)
    return say("problem.timeout", duration=duration)


def _error_text(error):
    """'Type: message' of an exception, the message cut to _TEXT_LIMIT characters."""
    text = _safe_str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@contextlib.contextmanager
def _forbidding(forbidden):
    """Within the block, calling any (owner, attribute, label) of `forbidden` raises
    _ForbiddenCall(label); the attributes are restored afterwards."""
    originals = [(owner, attribute, vars(owner)[attribute]) for owner, attribute, _ in forbidden]

    def blocker(label):
        def blocked(*args, **kwargs):
            raise _ForbiddenCall(label)
        return blocked

    try:
        for owner, attribute, label in forbidden:
            setattr(owner, attribute, blocker(label))
        yield
    finally:
        for owner, attribute, original in originals:
            setattr(owner, attribute, original)


def _verified(outcome):
    """`outcome` rebuilt from verified plain fields, or a 'failed' one saying that the answer
    left the checker something else (it can only have done that by tampering with it)."""
    if type(outcome) is _Outcome and type(outcome.kind) is str and type(outcome.problem) is str \
            and outcome.kind in ("returned", "not attempted", "failed") \
            and _is_plain(outcome.result) and _is_plain_change(outcome.mutation):
        return _Outcome(outcome.kind, outcome.result, outcome.problem, outcome.mutation)
    return _Outcome("failed", problem=say("problem.tampered"))


def _is_plain_change(change):
    return change is None or (type(change) is tuple and len(change) == 2
                              and all(type(text) is str for text in change))
