"""Hard per-sample time limits: graders run in worker processes forked from the handler's.

A sample that hangs (in Python or in C), runs over its time limit or into the invocation
deadline gets the ``timeout`` result; the other samples are graded; the answer leaves before
the deadline; and no process outlives its handler. The assertions on elapsed time compare
with the deadline the handler was given (a correctness bound with seconds of slack), never
with a speed target: those live in bench/bench_worker.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from rftkit.harness import make_handler
from rftkit.harness.contract import validate_response
from rftkit.harness.handler import Handler
from rftkit.rewards.registry import BoundGrader, grader
from rftkit.rewards.types import Metric, Reward, Sample
from rftkit.rewards.worker import Worker


class Context:
    def __init__(self, remaining_ms: float) -> None:
        self.end = time.monotonic() + remaining_ms / 1000.0
        self.aws_request_id = "req"

    def get_remaining_time_in_millis(self) -> int:
        return int((self.end - time.monotonic()) * 1000)


def event(replies: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "id": f"r{i}",
            "messages": [{"role": "assistant", "content": text}],
            "metadata": {"reference_answer": "x"},
        }
        for i, text in enumerate(replies)
    ]


def behave(sample: Sample) -> Any:
    """What each test grader does, chosen by the reply."""
    text = sample.completion
    if text == "spin":
        while True:
            pass
    if text == "sleep":
        time.sleep(60)
    if text == "c-loop":
        # One long C call: no bytecode boundary where a signal handler could run.
        sum(range(10**12))
    if text == "hog":
        return len(bytearray(4 * 1024**3))
    if text == "exit":
        os._exit(7)
    if text == "pid":
        return Reward(1.0, (Metric("pid", float(os.getpid())),))
    if text == "unpicklable":
        return Reward(1.0, (Metric("m", 1.0, lambda: None),))  # type: ignore[arg-type]
    return 1.0


def make_grader(concurrency: int = 1) -> BoundGrader:
    @grader(register=False, concurrency=concurrency)
    def behaving() -> Any:
        return behave

    return behaving()


def codes(out: list[dict[str, Any]]) -> list[str | None]:
    found: list[str | None] = []
    for r in out:
        names = [m["name"][6:] for m in r["metrics_list"] if m["name"].startswith("error_")]
        found.append(names[0] if names else None)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes only once reaped; read its state.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def gone_within(pid: int, seconds: float) -> bool:
    """Whether ``pid`` is gone (or a zombie) within ``seconds``: polled, never slept through."""
    end = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def wait_gone(pids: list[int], seconds: float = 5.0) -> list[int]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        left = [p for p in pids if p and alive(p)]
        if not left:
            return []
        time.sleep(0.02)
    return [p for p in pids if p and alive(p)]


@pytest.fixture
def handler() -> Any:
    with make_handler(make_grader(), isolate=True, log_sink=lambda _: None) as h:
        yield h


# -- the choice of isolation ------------------------------------------------------------------


def test_user_graders_are_isolated_by_default_and_built_ins_are_not() -> None:
    with make_handler(make_grader(), log_sink=lambda _: None) as user:
        assert user.isolated
    assert not make_handler("exact_match", log_sink=lambda _: None).isolated
    with make_handler("exact_match", isolate=True, log_sink=lambda _: None) as forced:
        assert forced.isolated


def test_opting_out_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not make_handler(make_grader(), isolate=False, log_sink=lambda _: None).isolated
    monkeypatch.setenv("RFTKIT_ISOLATE", "0")
    assert not make_handler(make_grader(), log_sink=lambda _: None).isolated
    monkeypatch.setenv("RFTKIT_ISOLATE", "1")
    monkeypatch.setenv("RFTKIT_TIME_LIMIT", "2.5")
    with make_handler("exact_match", log_sink=lambda _: None) as h:
        assert (h.isolated, h.time_limit) == (True, 2.5)


def test_a_grader_can_ask_for_its_own_limit() -> None:
    @grader(register=False)
    def careful() -> Any:
        def score(sample: Sample) -> float:
            return 1.0

        score.time_limit = 3.0  # type: ignore[attr-defined]
        return score

    with make_handler(careful(), log_sink=lambda _: None) as h:
        assert (h.isolated, h.time_limit) == (True, 3.0)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "soon", True])
def test_bad_time_limits_are_usage_errors(bad: Any) -> None:
    from rftkit.errors import UsageError

    with pytest.raises(UsageError, match="time_limit"):
        make_handler(make_grader(), time_limit=bad, log_sink=lambda _: None)


def test_a_time_limit_without_isolation_is_refused() -> None:
    from rftkit.errors import UsageError

    with pytest.raises(UsageError, match="isolate"):
        make_handler(make_grader(), isolate=False, time_limit=1.0, log_sink=lambda _: None)


# -- limits ------------------------------------------------------------------------------------


@pytest.mark.parametrize("hang", ["spin", "sleep", "c-loop"])
def test_a_hung_sample_is_a_timeout_and_the_answer_beats_the_deadline(
    handler: Handler, hang: str
) -> None:
    ev = event(["ok", hang, "ok", "ok"])
    t0 = time.monotonic()
    out = handler(ev, Context(remaining_ms=1500))
    assert time.monotonic() - t0 < 1.5  # Lambda would have killed the invocation here
    assert validate_response(ev, out).errors == []
    # The hang took the whole budget: later samples are timeouts, but every id is answered.
    assert codes(out) == [None, "timeout", "timeout", "timeout"]
    assert [r["id"] for r in out] == ["r0", "r1", "r2", "r3"]


def test_a_sample_over_its_time_limit_is_stopped_and_the_rest_are_graded() -> None:
    with make_handler(make_grader(), time_limit=0.3, log_sink=lambda _: None) as h:
        out = h(event(["ok", "sleep", "ok", "spin", "ok"]), None)
    assert codes(out) == [None, "timeout", None, "timeout", None]
    assert [r["aggregate_reward_score"] for r in out] == [1.0, 0.0, 1.0, 0.0, 1.0]


def test_the_worker_is_replaced_after_a_timeout(handler: Handler) -> None:
    first = handler(event(["pid"]), None)[0]["metrics_list"][0]["value"]
    handler(event(["spin"]), Context(remaining_ms=400))
    second = handler(event(["pid"]), None)[0]["metrics_list"][0]["value"]
    assert first != second
    # The zygote reaps a killed worker on SIGCHLD, asynchronously: wait a bounded while.
    assert gone_within(int(first), seconds=10.0)


def test_crash_memory_and_unpicklable_results_are_the_samples_errors(handler: Handler) -> None:
    out = handler(event(["exit", "ok", "hog", "ok", "unpicklable", "ok"]), None)
    assert codes(out) == ["grader_exception", None, "grader_exception", None, "bad_score", None]


def test_grading_off_the_main_thread(handler: Handler) -> None:
    results: list[Any] = []
    t = threading.Thread(
        target=lambda: results.append(handler(event(["spin", "ok"]), Context(remaining_ms=1500)))
    )
    t.start()
    t.join(10)
    assert not t.is_alive()
    assert codes(results[0]) == ["timeout", "timeout"]


def test_concurrent_isolated_samples_end_by_the_deadline_and_leave_no_threads() -> None:
    before = threading.active_count()
    with make_handler(make_grader(concurrency=3), isolate=True, log_sink=lambda _: None) as h:
        ev = event(["ok", "spin", "sleep", "ok", "c-loop", "ok"])
        t0 = time.monotonic()
        out = h(ev, Context(remaining_ms=2000))
        assert time.monotonic() - t0 < 2.0
        assert validate_response(ev, out).errors == []
        got = codes(out)
        assert [got[i] for i in (1, 2, 4)] == ["timeout"] * 3
        assert got.count(None) >= 2
        # Every grading thread returned: nothing is left running a stuck sample.
        end = time.monotonic() + 5
        while threading.active_count() > before and time.monotonic() < end:
            time.sleep(0.02)
        assert threading.active_count() <= before
        out = h(event(["ok"] * 6), None)
        assert codes(out) == [None] * 6


# -- nothing leaks ---------------------------------------------------------------------------


def test_closing_the_handler_ends_its_processes() -> None:
    h = make_handler(make_grader(concurrency=2), isolate=True, log_sink=lambda _: None)
    h(event(["ok", "ok"]), None)
    assert h._isolation is not None
    pids = [p for w in h._isolation.workers for p in w.pids]
    assert all(alive(p) for p in pids)
    h.close()
    assert wait_gone(pids) == []


def test_timeouts_do_not_accumulate_processes(handler: Handler) -> None:
    assert handler._isolation is not None
    worker = handler._isolation.workers[0]
    for _ in range(5):
        handler(event(["spin"]), Context(remaining_ms=200))
    handler(event(["ok"]), None)
    zygote, current = worker.pids
    end = time.monotonic() + 5
    while children(zygote) != [current] and time.monotonic() < end:
        time.sleep(0.02)
    assert children(zygote) == [current]


PARENT = textwrap.dedent(
    """
    import json, sys, time
    from rftkit.harness import make_handler
    from rftkit.rewards.registry import grader

    @grader(register=False)
    def stuck():
        def score(sample):
            while True:
                pass
        return score

    h = make_handler(stuck(), isolate=True, log_sink=lambda _: None)
    w = h._isolation.workers[0]
    print(json.dumps(w.pids), flush=True)
    h([{"id": "a", "messages": [{"role": "assistant", "content": "x"}], "reference_answer": ""}])
    """
)


def test_a_killed_parent_leaves_no_worker_behind(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        pids = json.loads(proc.stdout.readline())
        time.sleep(0.3)  # the worker is now spinning on the sample
        assert all(alive(p) for p in pids)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert wait_gone(pids) == []


# -- the worker itself -----------------------------------------------------------------------


def test_fork_mode_runs_closures_and_keeps_the_spawn_api() -> None:
    factor = 7
    with Worker(target=lambda n: n * factor, memory_mb=None) as w:
        assert w.run(6, timeout=10).value == 42
        assert w.call(abs, -3, timeout=10).value == 3
        assert w.run(lambda: 1, timeout=10).status == "error"  # the argument cannot be sent
        assert w.run(5, timeout=10).value == 35


def test_run_needs_a_target() -> None:
    with Worker(preload=()) as w, pytest.raises(RuntimeError, match="target"):
        w.run(1, timeout=1)


def test_budget_module_keeps_its_names() -> None:
    from rftkit.rewards.mathexpr import budget

    assert budget.Worker is Worker
    assert set(budget.__all__) == {"Outcome", "Status", "Worker"}


# -- under the local Lambda runtime ---------------------------------------------------------

GRADER_FILE = textwrap.dedent(
    """
    import time
    from rftkit.rewards.registry import grader

    @grader
    def sometimes_stuck():
        def score(sample):
            if sample.completion == "hang":
                while True:
                    pass
            return 1.0
        return score
    """
)


@pytest.mark.slow
def test_a_hanging_user_grader_answers_in_time_under_the_lambda_runtime(tmp_path: Path) -> None:
    from rftkit.harness.runtime import LocalLambda, find_interpreter
    from rftkit.packaging.bundle import build_bundle

    try:
        find_interpreter("3.12")
    except Exception:
        pytest.skip("no Python 3.12 on this machine")
    (tmp_path / "stuck_grader.py").write_text(GRADER_FILE)
    built = build_bundle(
        f"{tmp_path / 'stuck_grader.py'}:sometimes_stuck",
        python="3.12",
        out_dir=tmp_path / "dist",
        check_import=False,
        bytecode=False,
    )
    ev = event(["ok", "hang", "ok"])
    with LocalLambda(built.path, timeout_s=4, memory_mb=512) as fn:
        result = fn.invoke(ev)
        assert result.ok, result.error
        assert codes(result.payload)[:2] == [None, "timeout"]
        assert [r["id"] for r in result.payload] == ["r0", "r1", "r2"]
        # The sandbox survived: the next invocation is served warm and in full.
        again = fn.invoke([ev[0], ev[2]])
        assert again.ok, again.error
        assert codes(again.payload) == [None, None]


# -- what crosses back from a worker ---------------------------------------------------------


class MyReward(Reward):
    """A user's Reward subclass: accepted in-process, so accepted from a worker too."""


class Sneaky:
    """Runs code wherever it is unpickled: a result may not hold it."""

    def __reduce__(self) -> Any:
        return (os.getpid, ())


class FloatLike(float):
    pass


RETURNS: list[tuple[Any, float, str | None]] = [
    (MyReward(0.5, (Metric("m", FloatLike(2.0)),), answer="x"), 0.5, None),
    (FloatLike(0.25), 0.25, None),
    (True, 1.0, None),
    (Sneaky(), 0.0, "bad_score"),
    (Reward(1.0, (Metric("m", 1.0, Sneaky()),)), 0.0, "bad_score"),  # type: ignore[arg-type]
    # answer and explanation never reach the response: a worker drops a value that is not plain
    # data before sending (nothing of it is unpickled here), so the score is the in-process one
    (Reward(1.0, answer=Sneaky()), 1.0, None),  # type: ignore[arg-type]
    (object(), 0.0, "bad_score"),
]


@pytest.mark.parametrize("isolate", [False, True])
@pytest.mark.parametrize(("value", "score", "code"), RETURNS, ids=lambda v: type(v).__name__)
def test_results_read_back_from_a_worker_are_plain_data(
    value: Any, score: float, code: str | None, isolate: bool
) -> None:
    @grader(register=False)
    def returns() -> Any:
        return lambda sample: value

    with make_handler(returns(), isolate=isolate, log_sink=lambda _: None) as h:
        out = h(event(["x"]), None)
    if (
        not isolate
        and isinstance(value, Reward)
        and any(isinstance(m.type, Sneaky) for m in value.metrics)
    ):
        code = "bad_metric"  # in-process the metric's type is checked, not pickled
    assert out[0]["aggregate_reward_score"] == score
    assert codes(out) == [code]


def test_a_deeply_nested_sample_that_cannot_be_sent_is_its_own_error(handler: Handler) -> None:
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    ev = event(["ok", "ok"])
    ev[0]["metadata"]["deep"] = deep
    out = handler(ev, None)
    assert codes(out) == ["grader_exception", None]


def test_an_invocation_waiting_for_a_busy_worker_still_meets_its_deadline() -> None:
    """Two threads share one handler (a local harness run): the second does not wait out
    the first one's hung sample."""
    with make_handler(make_grader(), time_limit=3.0, log_sink=lambda _: None) as h:
        first = threading.Thread(target=lambda: h(event(["sleep"]), None))
        first.start()
        time.sleep(0.2)  # the first invocation now holds the only worker
        t0 = time.monotonic()
        out = h(event(["ok"]), Context(remaining_ms=1000))
        waited = time.monotonic() - t0
        first.join(10)
    assert waited < 1.0  # its own deadline, not the other's three seconds
    assert codes(out) == ["timeout"]
