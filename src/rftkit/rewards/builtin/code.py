"""The ``code`` grader: run the model's Python program against tests, in a sandbox.

References (``reference_answer``, or ``metadata.test_cases`` as the AWS Codeforces sample
reads it):

* stdin/stdout tests, ``{"test_cases": [{"input": "1 2\\n", "output": "3\\n"}, ...]}``;
* assert tests, HumanEval style ``{"tests": "assert add(1, 2) == 3\\n...", "entry_point":
  "add"}`` (a ``def check(candidate)`` body is read too) or MBPP style ``{"test_list":
  ["assert ...", ...], "test_setup": "import math"}``.

The program is the last fenced ``python`` block, else the last fenced block, else the whole
reply when it parses, read after a reasoning model's thinking (``</think>``); none is
``no_code`` (with ``unclosed_thinking`` when the reply was cut off while thinking). Syntax
is checked here with :mod:`ast`; the program only ever runs in the sandbox
(:mod:`rftkit.rewards.code.sandbox`): one fresh limited process per stdin/stdout test, one
per sample for assert tests.

Verdicts are decided in this process. stdin/stdout: exit status 0 and the captured output
equal to the expected one after trailing-whitespace normalisation (``float_tol``: tokens that
both read as numbers compare within that relative/absolute tolerance). Asserts ``expr ==
literal`` (either side), ``expr is None/True/False``: the child sends ``expr``'s value back as
plain data (None, bool, int, float, str, list, tuple, dict, set) and it is compared here with
strict types against the literal, which never enters the child. Other shapes (``assert expr``,
``assert not expr``, ``a == b`` with no literal side) are evaluated in the child and counted
in the ``weak_tests`` metric (see docs/code.md).

Score: the fraction of tests passed, or with ``all_or_nothing=True`` 1.0 only when all pass.
Metrics: ``pass_rate`` (Reward), ``passed``, ``total``, ``timeouts``, ``runtime_errors``,
``memory_kills``, ``syntax_errors``, ``weak_tests``. Explanation: the first failing test.
Standard library only.
"""

from __future__ import annotations

import json
import math as _math
import os
import re

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.code.sandbox import RunLimits, RunResult, run_program
from rftkit.rewards.code.spec import AssertTest, IOTest, extract_program, parse_tests, syntax_ok
from rftkit.rewards.deadline import remaining
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["code"]

_HINT = (
    "give each sample tests, e.g. {'test_cases': [{'input': '1 2', 'output': '3'}]} or "
    "{'tests': 'assert add(1, 2) == 3', 'entry_point': 'add'}"
)
_MARGIN = 0.3  # seconds kept back from the invocation deadline
_MIN_RUN = 0.05  # a run with less time than this is not started
_BAD = object()


def _trim(text: str, n: int = 80) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= n else text[: n - 3] + "..."


def _norm(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _num(token: str) -> float | None:
    """A plain ASCII decimal (``-1.5e3``) as a finite float; None for anything else.

    ``float()`` alone would also read ``inf``, ``nan``, ``1_000`` and digits of other
    scripts: printing ``inf`` would then be "close" to every expected number.
    """
    if len(token) > 64 or _DECIMAL.fullmatch(token) is None:
        return None
    value = float(token)
    return value if _math.isfinite(value) else None


def _close(a: float, b: float, tol: float) -> bool:
    """Equal, or both finite and within ``tol`` (relative to the larger, at least 1).

    Infinity is close only to itself: ``|x - inf| <= tol * inf`` would hold for every x.
    """
    if a == b:
        return True
    if not (_math.isfinite(a) and _math.isfinite(b)):
        return False
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def output_matches(expected: str, got: str, tol: float = 0.0) -> bool:
    """Compare outputs after trailing-whitespace normalisation (and float tolerance)."""
    e, g = _norm(expected), _norm(got)
    if e == g:
        return True
    if not tol or len(e) != len(g):
        return False
    for le, lg in zip(e, g, strict=True):
        te, tg = le.split(), lg.split()
        if len(te) != len(tg):
            return False
        for a, b in zip(te, tg, strict=True):
            if a == b:
                continue
            x, y = _num(a), _num(b)
            if x is None or y is None or not _close(x, y, tol):
                return False
    return True


def _decode(v: Any, depth: int = 0) -> Any:
    """Tagged plain data from the child back to Python values; ``_BAD`` when malformed."""
    if v is None or type(v) in (bool, int, float, str):
        return v
    if depth > 40 or type(v) is not list or len(v) != 2 or type(v[0]) is not str:
        return _BAD
    tag, body = v
    if tag == "s":
        if type(body) is not list:
            return _BAD
        items = [_decode(x, depth + 1) for x in body]
        return _BAD if any(x is _BAD for x in items) else frozenset(items)
    if type(body) is not list:
        return _BAD
    items = [_decode(x, depth + 1) for x in body]
    if tag == "l":
        return _BAD if any(x is _BAD for x in items) else items
    if tag == "t":
        return _BAD if any(x is _BAD for x in items) else tuple(items)
    if tag == "d":
        out = {}
        for x in items:
            if type(x) is not list or len(x) != 2 or type(x[0]) not in (bool, int, float, str):
                return _BAD
            out[x[0]] = x[1]
        return out
    return _BAD


def same(expected: Any, got: Any, tol: float = 0.0) -> bool:
    """Strict-type equality of plain data (``got`` came from the child; never trusted)."""
    te, tg = type(expected), type(got)
    if tol and te in (int, float) and tg in (int, float):
        if expected == got:
            return True
        try:
            return _close(float(expected), float(got), tol)
        except OverflowError:  # an int past float range (10**400): only equality counts
            return False
    if te is not tg:
        if te is set and tg is frozenset:  # sets come back frozen
            return bool(frozenset(expected) == got)
        return False
    if te is float:
        return expected == got or (tol > 0 and _close(expected, got, tol))
    if te in (type(None), bool, int, str):
        return bool(expected == got)
    if te in (list, tuple):
        return len(expected) == len(got) and all(
            same(a, b, tol) for a, b in zip(expected, got, strict=True)
        )
    if te is dict:
        return expected.keys() == got.keys() and all(
            same(expected[k], got[k], tol) for k in expected
        )
    if te is frozenset:
        return bool(expected == got)
    return False


class _Code:
    __slots__ = ("all_or_nothing", "concurrency", "limits", "max_tests", "python", "tol")

    def __init__(
        self, limits: RunLimits, tol: float, all_or_nothing: bool, max_tests: int, workers: int
    ) -> None:
        self.limits = limits
        self.tol = tol
        self.all_or_nothing = all_or_nothing
        self.max_tests = max_tests
        self.concurrency = workers
        self.python: str | None = None

    def _limits(self, n_runs_left: int) -> RunLimits | None:
        base = self.limits
        left = remaining()
        if left is None:
            return base
        wall = min(base.wall_s, left - _MARGIN)
        if wall < _MIN_RUN:
            return None
        if wall == base.wall_s:
            return base
        return RunLimits(wall, base.memory_mb, base.fsize, base.files, base.nproc, base.output)

    def __call__(self, sample: Sample) -> Reward:
        meta = sample.metadata
        try:
            kind, tests, setup = parse_tests(sample.reference, meta, self.max_tests)
        except ValueError as exc:
            raise GraderError(f"unusable tests: {exc}", hint=_HINT) from None
        total = len(tests)
        program, found = extract_program(sample.completion)
        if program is None:
            if found == "unclosed_thinking":
                errors: tuple[str, ...] = ("no_code", "unclosed_thinking")
                return self._reward(0, total, {}, errors, "cut off while thinking", None)
            return self._reward(0, total, {}, ("no_code",), "no program in the reply", None)
        if not syntax_ok(program):
            counts = {"syntax_errors": 1}
            return self._reward(
                0, total, counts, ("syntax_error",), "the program does not parse", found
            )
        if kind == "stdio":
            return self._stdio(program, tests, found)
        return self._asserts(program, tests, setup, found)

    def _reward(  # noqa: PLR0917 - internal, called positionally
        self,
        passed: int,
        total: int,
        counts: dict[str, int],
        errors: tuple[str, ...],
        why: str,
        found: str | None,
        weak: int = 0,
    ) -> Reward:
        frac = passed / total if total else 0.0
        score = (1.0 if passed == total and total else 0.0) if self.all_or_nothing else frac
        metrics = (
            Metric("pass_rate", round(frac, 6), "Reward"),
            Metric("passed", float(passed)),
            Metric("total", float(total)),
            Metric("timeouts", float(counts.get("timeouts", 0))),
            Metric("runtime_errors", float(counts.get("runtime_errors", 0))),
            Metric("memory_kills", float(counts.get("memory_kills", 0))),
            Metric("syntax_errors", float(counts.get("syntax_errors", 0))),
            Metric("weak_tests", float(weak)),
        )
        return Reward(round(score, 6), metrics, None, found, errors, why)

    def _count(self, counts: dict[str, int], run: RunResult) -> str:
        if run.timeout:
            key, flag = "timeouts", "timeout"
        elif run.memory:
            key, flag = "memory_kills", "memory"
        else:
            key, flag = "runtime_errors", "runtime_error"
        counts[key] = counts.get(key, 0) + 1
        return flag

    def _stdio(self, program: str, tests: list[IOTest], found: str) -> Reward:
        counts: dict[str, int] = {}
        flags: list[str] = []
        passed = 0
        first = ""
        for i, test in enumerate(tests):
            limits = self._limits(len(tests) - i)
            if limits is None:
                n = len(tests) - i
                counts["timeouts"] = counts.get("timeouts", 0) + n
                flags.append("deadline")
                first = first or f"test {i + 1}: not run before the deadline"
                break
            run = run_program(
                "stdio",
                program,
                stdin=test.input.encode("utf-8", "replace"),
                limits=limits,
                python=self.python,
            )
            got = run.stdout.decode("utf-8", "replace")
            if (
                run.returncode == 0
                and not run.timeout
                and output_matches(test.output, got, self.tol)
            ):
                passed += 1
                continue
            if run.returncode == 0 and not run.timeout:
                what = "wrong_answer"
            else:
                what = self._count(counts, run)
            flags.append(what)
            if not first:
                tail = run.stderr.decode("utf-8", "replace").strip().rsplit("\n", 1)[-1]
                first = (
                    f"test {i + 1} ({what}): input {_trim(test.input)!r}, expected "
                    f"{_trim(test.output)!r}, got {_trim(got)!r}"
                    + (f"; {_trim(tail)}" if what == "runtime_error" and tail else "")
                )
        errors = tuple(dict.fromkeys(flags))
        return self._reward(passed, len(tests), counts, errors, first or "all tests pass", found)

    def _asserts(self, program: str, tests: list[AssertTest], setup: str, found: str) -> Reward:
        counts: dict[str, int] = {}
        weak = sum(1 for t in tests if t.weak)
        limits = self._limits(1)
        if limits is None:
            counts["timeouts"] = len(tests)
            return self._reward(
                0, len(tests), counts, ("deadline",), "not run before the deadline", found, weak
            )
        if limits.wall_s > 0 and self.limits.wall_s == limits.wall_s and len(tests) > 1:
            # The whole sample runs in one process: give it the per-test time for each test,
            # capped by the deadline.
            limits = self._scaled(limits, len(tests))
        run = run_program(
            "assert",
            program,
            setup=setup,
            exprs=tuple(t.exprs for t in tests),
            limits=limits,
            python=self.python,
        )
        values: dict[int, Any] = {}
        for line in run.results.split(b"\n")[: len(tests) + 2]:
            if not line:
                continue
            try:
                rec = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if type(rec) is list and len(rec) == 3 and type(rec[0]) is int and rec[0] >= 0:
                values.setdefault(rec[0], rec)  # first record per test: later ones are ignored
        passed = 0
        flags: list[str] = []
        first = ""
        crashed = False
        for i, test in enumerate(tests):
            rec = values.get(i)
            ok = False
            detail = ""
            if rec is None:
                crashed = True
                detail = "no result (the program ended or was killed before this test)"
            elif rec[1] == "e":
                detail = f"raised {_trim(str(rec[2]))}"
                counts["runtime_errors"] = counts.get("runtime_errors", 0) + 1
                flags.append("runtime_error")
            elif rec[1] == "v" and type(rec[2]) is list and len(rec[2]) == len(test.exprs):
                got = [_decode(x) for x in rec[2]]
                if any(x is _BAD for x in got):
                    detail = "value is not plain data"
                elif test.has_expected:
                    ok = same(test.expected, got[0], self.tol)
                    detail = f"expected {_trim(repr(test.expected))}, got {_trim(repr(got[0]))}"
                else:
                    ok = same(got[1], got[0], self.tol)
                    detail = f"sides differ: {_trim(repr(got[0]))} vs {_trim(repr(got[1]))}"
            else:
                detail = "malformed result"
            if ok:
                passed += 1
            elif not first:
                first = f"test {i + 1}: {_trim(test.source, 120)}: {detail}"
        if crashed:
            flags.append(
                self._count(counts, run) if run.returncode != 0 or run.timeout else "exited_early"
            )
        if passed < len(tests) and not flags:
            flags.append("wrong_answer")
        errors = tuple(dict.fromkeys(flags))
        return self._reward(
            passed, len(tests), counts, errors, first or "all tests pass", found, weak
        )

    def _scaled(self, limits: RunLimits, n: int) -> RunLimits:
        wall = limits.wall_s * n
        left = remaining()
        if left is not None:
            wall = min(wall, left - _MARGIN)
        return RunLimits(
            wall, limits.memory_mb, limits.fsize, limits.files, limits.nproc, limits.output
        )


def _positive(name: str, value: object, kind: type = int) -> Any:
    if type(value) is bool or not isinstance(value, (int, float)) or value <= 0:
        raise GraderArgsError(f"code: {name} must be a positive number, got {value!r}")
    if kind is int and type(value) is not int:
        raise GraderArgsError(f"code: {name} must be a positive integer, got {value!r}")
    return value


@grader(name="code")
def code(
    *,
    timeout: float = 2.0,
    memory_mb: int = 512,
    all_or_nothing: bool = False,
    float_tol: float = 0.0,
    max_tests: int = 50,
    max_output: int = 1 << 20,
    max_processes: int = 16,
    workers: int = 0,
) -> Callable[[Sample], Reward]:
    """Run the reply's Python program against stdin/stdout or assert tests, sandboxed.

    Args:
        timeout: wall-clock seconds per test (per stdin/stdout run; an assert sample gets
            this times its number of tests), always capped by the invocation deadline.
        memory_mb: address-space limit of the program's process.
        all_or_nothing: score 1.0 only when every test passes (else the fraction passed).
        float_tol: relative/absolute tolerance for numbers (output tokens, assert values).
        max_tests: tests read per sample (the rest are ignored).
        max_output: bytes of stdout/stderr kept (and largest file the program may write).
        max_processes: RLIMIT_NPROC of the program (per user; does not bind root).
        workers: samples graded at once by the handler; 0 means the CPU count.

    Example:
        >>> g = code()
        >>> ref = {"test_cases": [{"input": "2 3\\n", "output": "5\\n"}]}
        >>> reply = "```python\\na, b = map(int, input().split())\\nprint(a + b)\\n```"
        >>> g(Sample.from_text(response=reply, reference=ref)).score
        1.0
    """
    wall = float(_positive("timeout", timeout, float))
    mem = _positive("memory_mb", memory_mb)
    if type(all_or_nothing) is not bool:
        raise GraderArgsError(f"code: all_or_nothing must be true or false, got {all_or_nothing!r}")
    if (
        type(float_tol) is bool
        or not isinstance(float_tol, (int, float))
        or not (0 <= float_tol < 1)
    ):
        raise GraderArgsError(f"code: float_tol must be in [0, 1), got {float_tol!r}")
    n_tests = _positive("max_tests", max_tests)
    out = _positive("max_output", max_output)
    nproc = _positive("max_processes", max_processes)
    if type(workers) is not int or workers < 0:
        raise GraderArgsError(f"code: workers must be 0 or a positive integer, got {workers!r}")
    n_workers = workers or (os.cpu_count() or 1)
    limits = RunLimits(wall, mem, out, 64, nproc, out)
    return _Code(limits, float(float_tol), all_or_nothing, n_tests, n_workers)
