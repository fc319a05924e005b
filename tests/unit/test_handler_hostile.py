"""Issue 12: nothing a grader returns and nothing a sample holds fails the batch.

Each case is one sample's result; the samples around it are graded normally. The hypothesis
versions of these (any return value, any role) are in tests/property/test_handler_properties.py.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from rftkit.harness import make_handler
from rftkit.harness.contract import (
    MAX_METRIC_NAME,
    MAX_METRICS,
    RESPONSE_BUDGET,
    TRUNCATED_METRIC,
    fit_response,
    render_result,
    validate_response,
)
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample


def event(n: int = 3) -> list[dict[str, Any]]:
    return [
        {"id": f"r{i}", "messages": [{"role": "assistant", "content": str(i)}], "metadata": {}}
        for i in range(n)
    ]


def grade_middle(value: Any, n: int = 3) -> list[dict[str, Any]]:
    """Grade n samples; sample 1 gets ``value`` from the grader, the others 1.0."""

    @grader(register=False)
    def odd_one() -> Any:
        return lambda sample: value if sample.completion == "1" else 1.0

    ev = event(n)
    out = make_handler(odd_one(), require_reference=False, log_sink=lambda _: None)(ev, None)
    assert validate_response(ev, out).errors == []
    json.dumps(out, allow_nan=False)
    assert [r["id"] for r in out] == [f"r{i}" for i in range(n)]
    assert [r["aggregate_reward_score"] for i, r in enumerate(out) if i != 1] == [1.0] * (n - 1)
    return out


def error_code(result: dict[str, Any]) -> str | None:
    names = [m["name"] for m in result["metrics_list"]]
    codes = [n[len("error_") :] for n in names if n.startswith("error_")]
    return codes[0] if codes else None


class Weird(float):
    def __float__(self) -> float:
        raise RuntimeError("no float for you")


BAD_RETURNS: dict[str, tuple[Any, str]] = {
    "huge int": (10**400, "bad_score"),
    "huge negative int": (-(10**400), "bad_score"),
    "Reward(huge int)": (Reward(10**400), "bad_score"),
    "Reward(nan)": (Reward(math.nan), "bad_score"),
    "inf": (math.inf, "bad_score"),
    "str": ("1.0", "bad_score"),
    "None": (None, "bad_score"),
    "dict": ({"score": 1.0}, "bad_score"),
    "Reward(str score)": (Reward("1"), "bad_score"),  # type: ignore[arg-type]
    "metrics as a dict": (Reward(1.0, {"x": 1.0}), "bad_metric"),  # type: ignore[arg-type]
    "metrics as plain dicts": (
        Reward(1.0, [{"name": "x", "value": 1.0, "type": "Metric"}]),  # type: ignore[arg-type]
        "bad_metric",
    ),
    "metrics as strings": (Reward(1.0, ("x",)), "bad_metric"),  # type: ignore[arg-type]
    "metric of huge int": (Reward(1.0, (Metric("x", 10**400),)), "bad_metric"),
    "metric nan": (Reward(1.0, (Metric("x", math.nan),)), "bad_metric"),
    "metric name not a str": (Reward(1.0, (Metric(["x"], 1.0),)), "bad_metric"),  # type: ignore[arg-type]
    "metric name too long": (
        Reward(1.0, (Metric("x" * (MAX_METRIC_NAME + 1), 1.0),)),
        "bad_metric",
    ),
    "metric type unknown": (Reward(1.0, (Metric("x", 1.0, "Score"),)), "bad_metric"),  # type: ignore[arg-type]
    "metric value raises": (Reward(1.0, (Metric("x", Weird(1.0)),)), None),
    "rule a list": (Reward(1.0, rule=["a"]), "bad_score"),  # type: ignore[arg-type]
    "errors a str": (Reward(1.0, errors="oops"), "bad_score"),  # type: ignore[arg-type]
    "errors of lists": (Reward(1.0, errors=(["a"],)), "bad_score"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", list(BAD_RETURNS))
def test_a_bad_grader_return_is_that_samples_error(name: str) -> None:
    value, code = BAD_RETURNS[name]
    out = grade_middle(value)
    if code is None:  # a float subclass whose __float__ raises is still a float: either is fine
        assert out[1]["aggregate_reward_score"] in (0.0, 1.0)
        return
    assert error_code(out[1]) == code
    assert out[1]["aggregate_reward_score"] == 0.0


def test_errors_given_as_a_list_of_strings_are_accepted() -> None:
    out = grade_middle(Reward(0.5, errors=["flag"]))  # type: ignore[arg-type]
    assert out[1]["aggregate_reward_score"] == 0.5


@pytest.mark.parametrize("role", [["assistant"], {"assistant": 1}, 1, None, ""])
def test_a_reply_with_a_non_string_role_is_no_assistant(role: Any) -> None:
    @grader(register=False)
    def one() -> Any:
        return lambda sample: 1.0

    ev = event(3)
    ev[1]["messages"] = [{"role": "user", "content": "q"}, {"role": role, "content": "x"}]
    ev[2]["messages"].insert(0, {"role": role, "content": "earlier"})
    out = make_handler(one(), require_reference=False, log_sink=lambda _: None)(ev, None)
    assert [r["aggregate_reward_score"] for r in out] == [1.0, 0.0, 1.0]
    assert error_code(out[1]) == "no_assistant"


def test_more_metrics_than_the_cap_keeps_the_first_and_counts_the_rest() -> None:
    many = tuple(Metric(f"m{i}", float(i)) for i in range(100_000))
    out = grade_middle(Reward(0.5, many))
    metrics = out[1]["metrics_list"]
    assert len(metrics) == MAX_METRICS
    assert [m["name"] for m in metrics[:3]] == ["m0", "m1", "m2"]
    assert metrics[-1] == {
        "name": TRUNCATED_METRIC,
        "value": float(100_000 - (MAX_METRICS - 1)),
        "type": "Metric",
    }
    assert out[1]["aggregate_reward_score"] == 0.5


def test_a_response_over_the_budget_loses_metrics_not_results() -> None:
    long_names = tuple(
        Metric(f"{i:03d}" + "\u2603" * (MAX_METRIC_NAME - 3), 1.0) for i in range(MAX_METRICS)
    )

    @grader(register=False)
    def wordy() -> Any:
        return lambda sample: Reward(0.25, long_names)

    ev = event(400)
    logs: list[str] = []
    batch = make_handler(wordy(), require_reference=False, log_sink=logs.append).grade_event(ev)
    out = batch.response
    size = len(json.dumps(out))
    assert size <= RESPONSE_BUDGET
    assert [r["id"] for r in out] == [f"r{i}" for i in range(400)]
    assert all(r["aggregate_reward_score"] == 0.25 for r in out)
    cut = [r for r in out if r["metrics_list"][0]["name"] == TRUNCATED_METRIC]
    assert cut and batch.summary["metrics_cut"] == len(cut)
    assert all(r["metrics_list"][0]["value"] == float(MAX_METRICS) for r in cut)
    assert any("response too large" in line for line in logs)
    assert validate_response(ev, out).errors == []


def test_fit_response_leaves_a_small_response_alone() -> None:
    out = [render_result(f"r{i}", Reward(1.0, (Metric("a", 1.0),))) for i in range(64)]
    before = json.dumps(out)
    assert fit_response(out) == 0
    assert json.dumps(out) == before


def sample_of(text: str) -> Sample:
    return Sample.from_text(response=text)


def test_sample_completion_ignores_non_string_roles() -> None:
    s = Sample("x", [{"role": "assistant", "content": "a"}, {"role": ["x"], "content": "b"}])
    assert s.completion == "a"
    assert s.prompt_messages == []


@pytest.mark.parametrize("emit", [False, True])
def test_scores_near_the_float_limit_do_not_break_the_summary_or_metrics(emit: bool) -> None:
    @grader(register=False)
    def huge() -> Any:
        return lambda sample: 1e308

    logs: list[str] = []
    handler = make_handler(
        huge(), isolate=False, emit_metrics=emit, require_reference=False, log_sink=logs.append
    )
    batch = handler.grade_event(event(3))
    assert [r["aggregate_reward_score"] for r in batch.response] == [1e308] * 3
    assert math.isfinite(batch.summary["reward_mean"])
    assert all(json.loads(line) for line in logs)


def test_a_failing_log_sink_loses_lines_not_the_batch() -> None:
    def broken(line: str) -> None:
        raise BrokenPipeError("stdout closed")

    @grader(register=False)
    def one() -> Any:
        return lambda sample: 1.0

    handler = make_handler(
        one(), isolate=False, emit_metrics=True, require_reference=False, log_sink=broken
    )
    assert [r["aggregate_reward_score"] for r in handler(event(2))] == [1.0, 1.0]


def test_summary_counts_stay_bounded_whatever_the_flags() -> None:
    many = (*(f"flag{i}" for i in range(1000)), "x" * 10_000)

    @grader(register=False)
    def flags() -> Any:
        return lambda sample: Reward(1.0, rule="r" * 10_000, errors=many)

    logs: list[str] = []
    handler = make_handler(flags(), isolate=False, require_reference=False, log_sink=logs.append)
    summary = handler.grade_event(event(3)).summary
    assert sum(summary["flags"].values()) == 3 * 16
    assert list(summary["rules"]) == ["r" * 100]
    assert max(len(line) for line in logs) < 10_000
