"""The reward-Lambda handler: one result per sample, failures as data, deadlines, logs."""

from __future__ import annotations

import json
import math
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from rftkit.errors import ContractError, GraderNotFoundError, UsageError
from rftkit.harness import make_handler
from rftkit.harness.handler import Handler
from rftkit.rewards.deadline import remaining
from rftkit.rewards.registry import BoundGrader, grader
from rftkit.rewards.types import GraderSpec, Metric, Reward, Sample
from tests.events import load_event


def item(i: int, reply: str = "#### 36", ref: Any = "36") -> dict[str, Any]:
    return {
        "id": f"r{i}",
        "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": reply}],
        "metadata": {"reference_answer": ref},
    }


@grader(register=False)
def ends_with_ref() -> Any:
    """1 when the completion ends with the reference; names the rule it used."""

    def score(sample: Sample) -> Reward:
        ok = sample.completion.rstrip().endswith(str(sample.reference))
        return Reward(
            float(ok),
            (Metric("correct", float(ok), "Reward"),),
            rule="suffix",
            errors=() if ok else ("wrong",),
        )

    return score


@grader(register=False)
def misbehaving() -> Any:
    """Fails in a way chosen by the reply text."""

    def score(sample: Sample) -> Any:
        text = sample.completion
        if text == "raise":
            raise ValueError("boom " + "x" * 2000)
        if text == "nan":
            return math.nan
        if text == "inf":
            return Reward(math.inf)
        if text == "str":
            return "1.0"
        if text == "badmetric":
            return Reward(1.0, (Metric("m", math.nan),))
        return 1.0

    return score


class Context:
    """A Lambda context with a fixed remaining time."""

    aws_request_id = "req-1"

    def __init__(self, remaining_ms: float = 300_000) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> float:
        return self.remaining_ms


@pytest.fixture
def logs() -> list[str]:
    return []


def records(logs: list[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in logs]


def summary(logs: list[str]) -> dict[str, Any]:
    found = [r for r in records(logs) if r.get("message") == "graded batch"]
    assert len(found) == 1
    return found[0]


# -- the happy path -----------------------------------------------------------------------------


def test_one_result_per_sample_in_input_order(logs: list[str]) -> None:
    handler = make_handler(ends_with_ref(), log_sink=logs.append)
    event = [item(i, reply=f"#### {i % 2}", ref="1") for i in range(5)]
    out = handler(event, Context())
    assert [r["id"] for r in out] == ["r0", "r1", "r2", "r3", "r4"]
    assert [r["aggregate_reward_score"] for r in out] == [0.0, 1.0, 0.0, 1.0, 0.0]


def test_response_is_plain_json(logs: list[str]) -> None:
    handler = make_handler(ends_with_ref(), log_sink=logs.append)
    out = handler(load_event("documented"), None)
    assert json.loads(json.dumps(out, allow_nan=False)) == out


def test_handler_is_a_handler_instance_from_every_grader_form(tmp_path: Path) -> None:
    path = tmp_path / "mygraders.py"
    path.write_text(
        "from rftkit.rewards.registry import grader\n"
        "@grader(register=False)\n"
        "def const(value: float = 0.25):\n"
        "    return lambda sample: value\n"
    )
    target = f"{path}:const"
    forms: list[Any] = [
        target,
        GraderSpec("const", target, {"value": 0.5}),
        ends_with_ref,
        ends_with_ref(),
    ]
    for form in forms:
        assert isinstance(make_handler(form, log_sink=lambda _: None), Handler)
    by_name = make_handler(target, value=0.75, log_sink=lambda _: None)
    assert by_name([item(0)], None)[0]["aggregate_reward_score"] == 0.75
    by_spec = make_handler(GraderSpec("const", target, {"value": 0.5}), log_sink=lambda _: None)
    assert by_spec([item(0)], None)[0]["aggregate_reward_score"] == 0.5
    assert by_spec.grader.name == "const"


def test_unknown_grader_name_raises_not_found() -> None:
    with pytest.raises(GraderNotFoundError):
        make_handler("no_such_grader_anywhere")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((ends_with_ref(),), {"extra": 1}),
        ((GraderSpec("x", "a:b"),), {"extra": 1}),
        ((ends_with_ref(),), {"error_score": math.nan}),
        ((ends_with_ref(),), {"error_score": "0"}),
        ((ends_with_ref(),), {"deadline_margin_s": -1.0}),
        ((42,), {}),
    ],
    ids=[
        "args-with-bound",
        "args-with-spec",
        "nan-error-score",
        "str-error-score",
        "neg-margin",
        "not-a-grader",
    ],
)
def test_bad_make_handler_arguments_are_usage_errors(args: Any, kwargs: Any) -> None:
    with pytest.raises(UsageError):
        make_handler(*args, **kwargs)


def test_input_event_is_left_unchanged(logs: list[str]) -> None:
    event = load_event("content_blocks")
    before = json.dumps(event, sort_keys=True)
    make_handler(ends_with_ref(), log_sink=logs.append)(event, None)
    assert json.dumps(event, sort_keys=True) == before


# -- failures are data ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        ("raise", "grader_exception"),
        ("nan", "bad_score"),
        ("inf", "bad_score"),
        ("str", "bad_score"),
        ("badmetric", "bad_metric"),
    ],
)
def test_grader_failure_gets_error_score_and_metrics(
    reply: str, code: str, logs: list[str]
) -> None:
    handler = make_handler(misbehaving(), error_score=-1.0, log_sink=logs.append)
    out = handler([item(0, reply="fine"), item(1, reply=reply), item(2, reply="fine")], None)
    assert [r["aggregate_reward_score"] for r in out] == [1.0, -1.0, 1.0]
    assert out[1]["metrics_list"] == [
        {"name": "error", "value": 1.0, "type": "Metric"},
        {"name": f"error_{code}", "value": 1.0, "type": "Metric"},
    ]
    assert out[1]["id"] == "r1"


def test_grader_failure_writes_one_structured_log_line(logs: list[str]) -> None:
    handler = make_handler(misbehaving(), log_sink=logs.append)
    handler([item(0, reply="raise"), item(1, reply="fine")], Context())
    failures = [r for r in records(logs) if r.get("message") == "sample not graded"]
    assert len(failures) == 1
    line = failures[0]
    assert (line["level"], line["error"], line["id"], line["index"]) == (
        "ERROR",
        "grader_exception",
        "r0",
        0,
    )
    assert line["request_id"] == "req-1"
    assert line["detail"].startswith("ValueError: boom")
    assert len(line["detail"]) <= 500


def test_malformed_samples_are_answered_without_calling_the_grader(logs: list[str]) -> None:
    seen: list[str] = []

    @grader(register=False)
    def spy() -> Any:
        def score(sample: Sample) -> float:
            seen.append(sample.id)
            return 1.0

        return score

    event = load_event("malformed_samples")
    # In-process, so that the spy's list is this process's.
    out = make_handler(spy(), isolate=False, log_sink=logs.append)(event, None)
    assert len(out) == len(event)
    assert seen == ["rollout-20", "rollout-27"]
    assert [r["aggregate_reward_score"] for r in out] == [1.0, 0, 0, 0, 0, 0, 0, 1.0]
    assert [r["id"] for r in out] == [
        "rollout-20",
        None,
        "rollout-22",
        "rollout-23",
        None,
        "rollout-25",
        None,
        "rollout-27",
    ]
    assert summary(logs)["error_codes"] == {
        "no_id": 1,
        "no_assistant": 1,
        "no_reference": 1,
        "not_object": 1,
        "no_messages": 1,
        "bad_id": 1,
    }


def test_missing_reference_is_graded_when_not_required(logs: list[str]) -> None:
    event = [item(0)]
    del event[0]["metadata"]
    handler = make_handler(misbehaving(), require_reference=False, log_sink=logs.append)
    assert handler(event, None)[0]["aggregate_reward_score"] == 1.0


@pytest.mark.parametrize(
    "name",
    [
        "bad_event_object",
        "bad_event_empty",
        "bad_event_string",
        "bad_event_trajectories_not_list",
        "bad_event_empty_trajectories",
    ],
)
def test_malformed_event_raises_contract_error(name: str, logs: list[str]) -> None:
    event = load_event(name)
    with pytest.raises(ContractError):
        make_handler(ends_with_ref(), log_sink=logs.append)(event, None)


# -- logs and metrics -----------------------------------------------------------------------------


def test_summary_line_counts_rules_flags_and_errors(logs: list[str]) -> None:
    handler = make_handler(ends_with_ref(), log_sink=logs.append)
    handler([item(0), item(1, reply="#### 7"), item(2, ref=None)], Context())
    line = summary(logs)
    assert (line["samples"], line["errors"], line["reward_mean"]) == (3, 1, 1 / 3)
    assert line["rules"] == {"suffix": 2}
    assert line["flags"] == {"wrong": 1}
    assert line["error_codes"] == {"no_reference": 1}
    assert line["request_id"] == "req-1"
    assert line["level"] == "INFO"


def test_default_sink_writes_json_lines_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    make_handler(ends_with_ref())([item(0)], None)
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["message"] for line in lines] == ["graded batch"]


def test_log_level_warning_silences_the_summary(
    logs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RFTKIT_LOG_LEVEL", "warning")
    make_handler(misbehaving(), log_sink=logs.append)([item(0, reply="raise")], None)
    assert [r["message"] for r in records(logs)] == ["sample not graded"]


def test_embedded_metric_format_line_when_asked(logs: list[str]) -> None:
    handler = make_handler(ends_with_ref(), emit_metrics=True, log_sink=logs.append)
    handler([item(0), item(1, ref=None)], None)
    emf = [r for r in records(logs) if "_aws" in r]
    assert len(emf) == 1
    line = emf[0]
    directive = line["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "rftkit"
    assert directive["Dimensions"] == [["Grader"]]
    names = [m["Name"] for m in directive["Metrics"]]
    assert names == ["RewardMean", "Samples", "Errors", "Duration"]
    assert all(name in line for name in names)
    assert (line["Grader"], line["Samples"], line["Errors"], line["RewardMean"]) == (
        "ends_with_ref",
        2,
        1,
        0.5,
    )
    assert isinstance(line["_aws"]["Timestamp"], int)


def test_metrics_env_variable_turns_on_emf(
    logs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RFTKIT_EMIT_METRICS", "1")
    make_handler(ends_with_ref(), log_sink=logs.append)([item(0)], None)
    assert any("_aws" in r for r in records(logs))


def test_no_emf_line_by_default(logs: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RFTKIT_EMIT_METRICS", raising=False)
    make_handler(ends_with_ref(), log_sink=logs.append)([item(0)], None)
    assert not any("_aws" in r for r in records(logs))


def test_grade_event_returns_rewards_behind_the_response(logs: list[str]) -> None:
    batch = make_handler(ends_with_ref(), log_sink=logs.append).grade_event(
        [item(0), item(1, ref=None)], None
    )
    assert [r.rule for r in batch.rewards] == ["suffix", None]
    assert batch.rewards[1].errors == ("no_reference",)
    assert len(batch.response) == 2


# -- deadlines and concurrency -------------------------------------------------------------------


def test_serial_grading_gives_timeout_score_after_the_deadline(
    logs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fake clock: every reading advances one second, so the 2.5 s budget lasts two reads.
    clock = iter(range(0, 10_000))
    monkeypatch.setattr(time, "monotonic", lambda: float(next(clock)))
    handler = make_handler(
        ends_with_ref(), deadline_margin_s=0.0, error_score=-0.5, log_sink=logs.append
    )
    out = handler([item(i) for i in range(4)], Context(remaining_ms=2_500))
    scores = [r["aggregate_reward_score"] for r in out]
    assert scores[0] == 1.0
    assert scores[-1] == -0.5
    assert summary(logs)["error_codes"]["timeout"] >= 1
    assert len(out) == 4


def reports_remaining(sample: Sample) -> Reward:
    """Reports the deadline the grader sees as a metric (-1: none), in or out of process."""
    left = remaining()
    return Reward(1.0, (Metric("left", -1.0 if left is None else left),))


def seen_remaining(out: list[dict[str, Any]]) -> list[float | None]:
    values = [r["metrics_list"][0]["value"] for r in out]
    return [None if v == -1.0 else v for v in values]


@grader(register=False)
def reads_deadline() -> Any:
    return reports_remaining


@pytest.mark.parametrize("isolate", [False, True])
def test_deadline_is_visible_to_the_grader(logs: list[str], isolate: bool) -> None:
    handler = make_handler(
        reads_deadline(), deadline_margin_s=1.0, isolate=isolate, log_sink=logs.append
    )
    seen = seen_remaining(handler([item(0)], Context(remaining_ms=10_000)))
    assert seen[0] is not None
    assert 0 < seen[0] <= 9.0


@pytest.mark.parametrize("isolate", [False, True])
def test_no_context_means_no_deadline(logs: list[str], isolate: bool) -> None:
    handler = make_handler(reads_deadline(), isolate=isolate, log_sink=logs.append)
    assert seen_remaining(handler([item(0)], None)) == [None]


@pytest.mark.parametrize("isolate", [False, True])
def test_margin_never_takes_more_than_half_the_remaining_time(
    logs: list[str], isolate: bool
) -> None:
    handler = make_handler(
        reads_deadline(), deadline_margin_s=60.0, isolate=isolate, log_sink=logs.append
    )
    seen = seen_remaining(handler([item(0)], Context(remaining_ms=10_000)))
    assert seen[0] is not None
    assert 4.0 < seen[0] <= 5.0


def concurrent_grader(impl: Any, concurrency: int = 4) -> BoundGrader:
    @grader(register=False, concurrency=concurrency)
    def io_bound() -> Any:
        return impl

    return io_bound()


def test_concurrent_grader_runs_in_worker_threads_and_keeps_order(logs: list[str]) -> None:
    threads: set[str] = set()
    barrier = threading.Barrier(2, timeout=10)

    def impl(sample: Sample) -> float:
        threads.add(threading.current_thread().name)
        if sample.id in {"r0", "r1"}:
            barrier.wait()  # proves two samples were in flight at once
        return float(sample.id[1:])

    # In-process: the barrier and the thread names are this process's.
    handler = make_handler(concurrent_grader(impl), isolate=False, log_sink=logs.append)
    out = handler([item(i) for i in range(6)], Context())
    assert [r["aggregate_reward_score"] for r in out] == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert [r["id"] for r in out] == [f"r{i}" for i in range(6)]
    assert all(name.startswith("rftkit-grade") for name in threads)


@pytest.mark.parametrize("isolate", [False, True])
def test_deadline_reaches_worker_threads(logs: list[str], isolate: bool) -> None:
    handler = make_handler(
        concurrent_grader(reports_remaining), isolate=isolate, log_sink=logs.append
    )
    seen = seen_remaining(handler([item(i) for i in range(3)], Context(remaining_ms=20_000)))
    assert len(seen) == 3
    assert all(r is not None and 0 < r <= 19.0 for r in seen)


@pytest.mark.parametrize("isolate", [False, True])
def test_stuck_concurrent_samples_get_timeout_instead_of_hanging(
    logs: list[str], isolate: bool
) -> None:
    release = threading.Event()

    def impl(sample: Sample) -> float:
        if sample.id == "r1":
            release.wait(30)
        return 1.0

    handler = make_handler(
        concurrent_grader(impl),
        deadline_margin_s=0.0,
        error_score=-1.0,
        isolate=isolate,
        log_sink=logs.append,
    )
    try:
        # 1.5 s, not 0.2: with isolate=True the quick samples start a worker, which a loaded
        # CI machine once took over 0.2 s to do (r2 timed out); r1 still waits past it.
        out = handler([item(i) for i in range(3)], Context(remaining_ms=1500))
    finally:
        release.set()
    assert [r["aggregate_reward_score"] for r in out] == [1.0, -1.0, 1.0]
    assert out[1]["metrics_list"][1]["name"] == "error_timeout"
    assert summary(logs)["error_codes"] == {"timeout": 1}


def test_concurrent_grader_failures_are_data(logs: list[str]) -> None:
    def impl(sample: Sample) -> float:
        if sample.id == "r2":
            raise RuntimeError("judge unavailable")
        return 1.0

    out = make_handler(concurrent_grader(impl), log_sink=logs.append)(
        [item(i) for i in range(4)], None
    )
    assert [r["aggregate_reward_score"] for r in out] == [1.0, 1.0, 0.0, 1.0]
    assert summary(logs)["error_codes"] == {"grader_exception": 1}
