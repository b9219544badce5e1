"""The limits an answer runs under: a time limit, an output cap, interpreter settings.

`_Alarm` stops an answer that runs past its time by raising `_TimedOut` in it (SIGALRM);
`_CappedOutput` lets the first `_OUTPUT_LIMIT` characters an answer prints through and
counts the rest; `_InterpreterSettings` saves the interpreter-wide settings an answer could
change (sys.stdout and sys.stderr, trace and profile functions, the recursion limit, NumPy's
error and print settings, the warning filters, the SIGINT handler), installs the capped
output and puts everything back afterwards.
"""

import contextlib
import io
import signal
import sys
import threading
import warnings

import numpy as np

from ..language import say

_OUTPUT_LIMIT = 4000        # characters an answer may print during one check


class _TimedOut(BaseException):
    """Raised inside an answer that ran past its time (a BaseException, so that an answer's
    `except Exception` does not swallow it)."""


class _Alarm:
    """Stops a running answer after `seconds`: SIGALRM raises _TimedOut in it, and again
    every half second while it keeps running (not in the checker's own frames: those whose
    globals are one of the `spared` namespaces). Where signals cannot be used (not the main
    thread, no SIGALRM) it does nothing."""

    def __init__(self, seconds, spared):
        self.seconds = seconds
        self.spared = frozenset(map(id, spared))
        self.armed = False
        self.previous = None
        self.usable = (bool(seconds) and hasattr(signal, "setitimer")
                       and threading.current_thread() is threading.main_thread())

    def arm(self):
        if not self.usable:
            return
        try:
            self.previous = signal.signal(signal.SIGALRM, self._on_alarm)
        except (ValueError, OSError):           # not the main interpreter: no alarm
            return
        self.previous_timer = signal.setitimer(signal.ITIMER_REAL, self.seconds, 0.5)
        self.armed = True

    def _on_alarm(self, signum, frame):
        if self.armed and frame is not None and id(frame.f_globals) not in self.spared:
            raise _TimedOut

    def disarm(self):
        if not self.armed:
            return
        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)
        if self.previous_timer[0] > 0:          # a check inside an answer: the outer alarm resumes
            signal.setitimer(signal.ITIMER_REAL, *self.previous_timer)


class _CappedOutput:
    """The printing of the answers of one check: the first `limit` characters pass, the
    rest is counted. `mark` is the line written where the output is cut (made here, before
    any answer runs)."""

    def __init__(self, limit):
        self.limit, self.shown, self.cut = limit, 0, 0
        self.mark = say("check.output_cut", limit=limit)

    def stream(self, target):
        return _CappedStream(self, target)

    def note(self):
        return say("check.output_note", printed=self.shown + self.cut, limit=self.limit)


class _CappedStream(io.TextIOBase):
    """sys.stdout or sys.stderr while an answer runs: writes to `target` within the budget
    of `output`, then marks the cut once and drops the rest."""

    def __init__(self, output, target):
        self.output, self.target = output, target

    @property
    def encoding(self):
        return getattr(self.target, "encoding", "utf-8")

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = max(self.output.limit - self.output.shown, 0)
        if room:
            self.target.write(text[:room])
            self.output.shown += min(room, len(text))
        if len(text) > room:
            if not self.output.cut:
                self.target.write(self.output.mark)
            self.output.cut += len(text) - room
        return len(text)

    def flush(self):
        with contextlib.suppress(Exception):
            self.target.flush()


class _InterpreterSettings:
    """The interpreter-wide settings an answer could change, saved when made (and printed
    output capped from then on); restore() puts them back."""

    def __init__(self, output):
        self.stdout, self.stderr = sys.stdout, sys.stderr
        self.trace, self.profile = sys.gettrace(), sys.getprofile()
        self.recursion_limit = sys.getrecursionlimit()
        self.numpy_errors, self.numpy_print = np.geterr(), np.get_printoptions()
        self.sigint = signal.getsignal(signal.SIGINT)
        self.warnings = warnings.catch_warnings()
        self.warnings.__enter__()
        sys.stdout, sys.stderr = output.stream(self.stdout), output.stream(self.stderr)

    def restore(self):
        sys.stdout, sys.stderr = self.stdout, self.stderr
        if sys.gettrace() is not self.trace:
            sys.settrace(self.trace)
        if sys.getprofile() is not self.profile:
            sys.setprofile(self.profile)
        if sys.getrecursionlimit() != self.recursion_limit:
            sys.setrecursionlimit(self.recursion_limit)
        if np.geterr() != self.numpy_errors:
            np.seterr(**self.numpy_errors)
        if np.get_printoptions() != self.numpy_print:
            np.set_printoptions(**self.numpy_print)
        if signal.getsignal(signal.SIGINT) is not self.sigint and self.sigint is not None:
            with contextlib.suppress(ValueError):
                signal.signal(signal.SIGINT, self.sigint)
        self.warnings.__exit__(None, None, None)
