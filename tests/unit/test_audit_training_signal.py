"""Training-signal diagnostics: no-signal prompts, sparsity, variance, length correlation."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.audit.training_signal import (
    RolloutScore,
    SignalRecorder,
    diagnose,
    format_signal,
    outcomes_from_invocations,
    rollouts_from_invocations,
    signal_html,
)
from rftkit.harness.invoke import InvokeResult
from rftkit.harness.replay import InProcessInvoker, replay
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Sample


def _rows(groups: dict[str, list[tuple[float | None, int]]]) -> list[RolloutScore]:
    return [RolloutScore(key, s, n) for key, items in groups.items() for s, n in items]


def test_prompts_whose_rollouts_all_score_the_same_give_no_signal() -> None:
    report = diagnose(
        _rows(
            {
                "0": [(1.0, 10), (0.0, 10)],  # signal
                "1": [(0.0, 10), (0.0, 10)],  # never rewarded
                "2": [(1.0, 10), (1.0, 10)],  # always rewarded
                "3": [(1.0, 10), (0.0, 10)],  # signal
            }
        )
    )
    assert report.groups == 4
    assert (report.no_signal, report.never_rewarded, report.always_rewarded) == (2, 1, 1)
    assert report.no_signal_share == 0.5


def test_a_constant_middle_score_is_no_signal_of_the_other_kind() -> None:
    report = diagnose(_rows({"0": [(0.0, 1), (1.0, 1)], "1": [(0.5, 1), (0.5, 1)]}))
    assert (report.no_signal, report.never_rewarded, report.always_rewarded) == (1, 0, 0)
    assert report.to_dict()["no_signal"]["other"] == 1


def test_sparsity_is_the_share_of_rollouts_without_reward() -> None:
    report = diagnose(_rows({"0": [(0.0, 1), (0.0, 1), (0.0, 1), (0.9, 1)]}))
    assert report.sparsity == pytest.approx(0.75)
    assert report.distinct_scores == 2


def test_per_prompt_variance_is_the_population_variance_of_each_group() -> None:
    report = diagnose(_rows({"0": [(1.0, 1), (0.0, 1)], "1": [(1.0, 1), (1.0, 1)]}))
    assert [p.variance for p in report.per_prompt] == [0.25, 0.0]
    assert report.variance_mean == pytest.approx(0.125)


def test_within_share_is_low_when_prompts_differ_but_rollouts_agree() -> None:
    report = diagnose(
        _rows({"0": [(1.0, 1), (1.0, 1), (0.9, 1)], "1": [(0.0, 1), (0.0, 1), (0.1, 1)]})
    )
    assert report.within_share is not None and report.within_share < 0.05


def test_short_unpaid_rollouts_point_at_cut_off_replies_not_length_hacking() -> None:
    """Issue 13: all-or-nothing rewards where the misses are short (cut off, no answer)."""
    rng = random.Random(1)
    groups: dict[str, list[tuple[float | None, int]]] = {}
    for p in range(20):
        groups[str(p)] = [(1.0, 500 + rng.randint(0, 50)) for _ in range(2)] + [
            (0.0, 100 + rng.randint(0, 50)) for _ in range(2)
        ]
    report = diagnose(_rows(groups))
    assert report.length_corr_within is not None and report.length_corr_within > 0.9
    (warning,) = [w for w in report.warnings if "longer rollouts" in w]
    assert "cut off or without a final answer" in warning
    assert "risk of length hacking" not in warning


def test_longer_rollouts_paid_more_among_rewarded_ones_are_flagged_as_length_hacking() -> None:
    rng = random.Random(1)
    groups: dict[str, list[tuple[float | None, int]]] = {}
    for p in range(20):
        groups[str(p)] = [(k / 6, 100 * k + rng.randint(0, 20)) for k in range(1, 7)]
    report = diagnose(_rows(groups))
    assert report.length_corr_rewarded is not None and report.length_corr_rewarded > 0.9
    assert any("risk of length hacking" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("groups", "cause"),
    [
        ({str(p): [(1.0, 10), (1.0, 20)] for p in range(5)}, "pays regardless of the answer"),
        (
            {**{str(p): [(1.0, 10), (1.0, 20)] for p in range(4)}, "9": [(0.0, 5), (1.0, 9)]},
            "a grader that pays wrong answers is a likelier cause",
        ),
    ],
)
def test_a_grader_paying_nearly_everything_is_named_as_the_likely_cause(
    groups: dict[str, list[tuple[float | None, int]]], cause: str
) -> None:
    report = diagnose(_rows(groups))
    assert any(cause in w for w in report.warnings), report.warnings


def test_length_unrelated_to_reward_is_not_flagged() -> None:
    rng = random.Random(2)
    groups: dict[str, list[tuple[float | None, int]]] = {
        str(p): [(float(rng.random() < 0.5), rng.randint(50, 500)) for _ in range(8)]
        for p in range(50)
    }
    report = diagnose(_rows(groups))
    assert report.length_corr_within is not None and abs(report.length_corr_within) < 0.3
    assert not any("length hacking" in w for w in report.warnings)


def test_within_prompt_correlation_ignores_differences_between_prompts() -> None:
    # Long prompts are hard (reward 0), short ones easy (reward 1): a strong negative overall
    # correlation, but within each prompt length does not matter.
    groups: dict[str, list[tuple[float | None, int]]] = {
        "0": [(0.0, 900), (0.0, 920), (0.0, 900), (0.0, 920), (1.0, 900), (1.0, 920)],
        "1": [(1.0, 100), (1.0, 120), (1.0, 100), (1.0, 120), (0.0, 100), (0.0, 120)],
    }
    report = diagnose(_rows(groups))
    assert report.length_corr is not None and report.length_corr < -0.3
    assert report.length_corr_within == pytest.approx(0.0, abs=1e-9)


def test_ungraded_rollouts_are_excluded_and_counted() -> None:
    report = diagnose(_rows({"0": [(1.0, 1), (None, 1), (0.0, 1)]}))
    assert (report.rollouts, report.excluded) == (2, 1)
    assert any("could not be graded" in w for w in report.warnings)


def test_single_rollout_prompts_are_listed_for_attention() -> None:
    report = diagnose(_rows({"0": [(1.0, 1)], "1": [(1.0, 1), (0.0, 1)]}))
    assert report.single == 1
    assert report.groups == 1
    assert report.attention() == [
        {"prompt": "0", "label": "", "reason": "1 rollout: nothing to compare it with"}
    ]


def test_no_rollouts_at_all_is_a_warning_not_a_crash() -> None:
    report = diagnose([])
    assert report.rollouts == 0
    assert report.warnings
    assert "0 rollouts" in format_signal(report)


def test_prompts_are_reported_in_numeric_order() -> None:
    report = diagnose(_rows({"10": [(1.0, 1)], "2": [(1.0, 1)], "x": [(0.0, 1)]}))
    assert [p.prompt for p in report.per_prompt] == ["2", "10", "x"]


score = st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
rows = st.lists(
    st.builds(RolloutScore, st.sampled_from("abcde"), score, st.integers(0, 10**6)),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_diagnostics_stay_in_range_for_any_rollouts(items: list[RolloutScore]) -> None:
    r = diagnose(items)
    for share in (r.no_signal_share, r.rewarded_share, r.sparsity):
        assert share is None or 0.0 <= share <= 1.0
    for corr in (r.length_corr, r.length_corr_within):
        assert corr is None or -1.0 <= corr <= 1.0
    assert r.rollouts + r.excluded == len(items)
    assert r.no_signal == r.never_rewarded + r.always_rewarded + r.to_dict()["no_signal"]["other"]
    format_signal(r)
    signal_html(r)


@settings(max_examples=100, deadline=None)
@given(rows, st.randoms())
def test_diagnostics_do_not_depend_on_row_order(items: list[RolloutScore], rnd: Any) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    a, b = diagnose(items).to_dict(), diagnose(shuffled).to_dict()
    for key in ("no_signal", "sparsity", "distinct_scores", "rollouts", "excluded"):
        assert a[key] == b[key]
    for key in ("mean", "p50"):
        x, y = a["variance"][key], b["variance"][key]
        assert (x is None and y is None) or math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-6)


# -- from invocations --------------------------------------------------------------------------


def _sample(sid: Any, prompt: str, response: str) -> dict[str, Any]:
    return {
        "id": sid,
        "messages": [
            {"role": "user", "content": prompt},
            {"role": "assistant", "content": response},
        ],
        "metadata": {"reference_answer": "4"},
    }


def _result(sid: Any, score: float, *, error: str | None = None) -> dict[str, Any]:
    metrics = []
    if error:
        metrics = [
            {"name": "error", "value": 1.0, "type": "Metric"},
            {"name": f"error_{error}", "value": 1.0, "type": "Metric"},
        ]
    return {"id": sid, "aggregate_reward_score": score, "metrics_list": metrics}


def test_rollout_ids_group_samples_by_prompt_index() -> None:
    event = [_sample("rollout-7-0", "q", "a"), _sample("rollout-7-1", "q", "bbb")]
    payload = [_result("rollout-7-0", 1.0), _result("rollout-7-1", 0.0)]
    rows = rollouts_from_invocations([(event, InvokeResult(payload=payload))])
    assert [(r.prompt, r.score, r.length) for r in rows] == [("7", 1.0, 1), ("7", 0.0, 3)]


def test_other_ids_group_samples_by_their_prompt_messages() -> None:
    event = [_sample("a", "what is 2+2?", "4"), _sample("b", "what is 2+2?", "5")]
    event.append(_sample("c", "another question", "x"))
    payload = [_result("a", 1.0), _result("b", 0.0), _result("c", 1.0)]
    rows = rollouts_from_invocations([(event, InvokeResult(payload=payload))])
    assert rows[0].prompt == rows[1].prompt != rows[2].prompt
    assert rows[0].label == "what is 2+2?"


def test_error_results_and_failed_invocations_have_no_score() -> None:
    event = [_sample("rollout-0-0", "q", "a"), _sample("rollout-0-1", "q", "b")]
    graded = InvokeResult(payload=[_result("rollout-0-0", 0.0, error="timeout"), _result("x", 1)])
    failed = InvokeResult(error={"errorType": "Sandbox.Timedout", "errorMessage": "late"})
    outcomes = outcomes_from_invocations([(event, graded), (event, failed)])
    assert [(o.score, o.error) for o in outcomes] == [
        (0.0, "timeout"),
        (1.0, None),
        (None, "invocation_failed"),
        (None, "invocation_failed"),
    ]
    rows = rollouts_from_invocations([(event, graded)])
    assert [r.score for r in rows] == [None, 1.0]


def test_a_short_payload_leaves_the_missing_samples_without_result() -> None:
    event = [_sample("rollout-0-0", "q", "a"), _sample("rollout-0-1", "q", "b")]
    outcomes = outcomes_from_invocations([(event, InvokeResult(payload=[_result("r", 1.0)]))])
    assert [o.error for o in outcomes] == [None, "no_result"]


def test_an_unparseable_event_is_skipped() -> None:
    assert outcomes_from_invocations([({"not": "an event"}, InvokeResult(payload=[]))]) == []


@grader(name="longer_wins", register=False)
def longer_wins() -> Any:
    def grade(sample: Sample) -> float:
        return float(len(sample.completion) > 3)

    return grade


def test_recorder_gives_the_diagnostics_of_a_replay() -> None:
    events = [
        [_sample(f"rollout-{p}-{k}", f"q{p}", "x" * (k + 1)) for k in range(6)] for p in range(3)
    ]
    recorder = SignalRecorder(InProcessInvoker(longer_wins()), labels={"1": "task-1"})
    report = replay(recorder, events, grader="g", target="t", concurrency=2)
    assert report.samples == 18
    signal = recorder.report()
    assert (signal.prompts, signal.groups, signal.no_signal) == (3, 3, 0)
    assert signal.length_corr_within is not None and signal.length_corr_within > 0.8
    assert signal.per_prompt[1].label == "task-1"


def test_text_report_lists_the_prompts_that_need_attention() -> None:
    rows = [RolloutScore(str(p), 0.0, 5, label=f"t{p}") for p in range(3) for _ in range(2)]
    rows += [RolloutScore("9", s, 5) for s in (0.0, 1.0)]
    text = format_signal(diagnose(rows), limit=2)
    assert "prompt 0 (t0): all 2 rollouts scored 0 (never rewarded: a hard prompt, or" in text
    assert "... and 1 more" in text
    assert "give GRPO no signal" in text


def test_html_section_escapes_labels() -> None:
    rows = [RolloutScore("0", 1.0, 5, label="<b>x</b>"), RolloutScore("0", 1.0, 6)]
    page = signal_html(diagnose(rows))
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_single_rollouts_everywhere_are_one_warning_not_a_list() -> None:
    report = diagnose(_rows({str(p): [(1.0, 1)] for p in range(5)}))
    assert report.attention() == []
    assert any("give several responses per prompt" in w for w in report.warnings)


def test_the_record_task_id_in_metadata_labels_the_prompt() -> None:
    event = [_sample("rollout-2-0", "q", "a")]
    event[0]["metadata"]["task_id"] = "gsm8k-00002"
    rows = rollouts_from_invocations([(event, InvokeResult(payload=[_result("r", 1.0)]))])
    assert (rows[0].prompt, rows[0].label) == ("2", "gsm8k-00002")
