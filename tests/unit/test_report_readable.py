"""The replay report shows what a person needs (issue 13): replies, per-value bars, rounding."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rftkit import __version__
from rftkit.harness.invoke import InvokeResult
from rftkit.harness.replay import InProcessInvoker, replay
from rftkit.harness.report import ReportBuilder, trim_reply
from rftkit.render import human
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Reward


def _event(prompt: int, replies: list[str], reference: str = "7") -> list[dict[str, Any]]:
    return [
        {
            "id": f"rollout-{prompt}-{k}",
            "messages": [
                {"role": "user", "content": f"question {prompt}"},
                {"role": "assistant", "content": text},
            ],
            "reference_answer": reference,
        }
        for k, text in enumerate(replies)
    ]


@grader(register=False)
def last_word_is_seven():
    """1.0 when the reply ends with 7; the rule and reason say why."""

    def score(sample):
        word = sample.completion.split()[-1] if sample.completion.split() else ""
        ok = word == "7"
        return Reward(float(ok), answer=word, rule="last_word", explanation="right" if ok else "no")

    return score


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "n/a"),
        (float("nan"), "n/a"),
        (float("inf"), "n/a"),
        (31580.0, "31,580"),
        (0.468929, "0.469"),
        (1.0, "1"),
        (0.0, "0"),
        (12.3456, "12.35"),
        (-0.25, "-0.25"),
        (1234, "1,234"),
        ("text", "text"),
    ],
)
def test_numbers_are_rounded_for_people(value: Any, shown: str) -> None:
    assert human(value) == shown


@given(st.text(max_size=2000), st.text(min_size=1, max_size=20))
def test_a_trimmed_reply_is_bounded_and_keeps_the_answer(text: str, answer: str) -> None:
    trimmed = trim_reply(text, answer, width=120)
    assert len(trimmed) <= 122  # the width plus two ellipses
    body = text.strip()
    if answer in body and len(answer) <= 80:
        assert answer in trimmed


def _report(events: list[Any], **kw: Any) -> Any:
    bound = last_word_is_seven()
    return replay(InProcessInvoker(bound), events, grader="g", target="t", explain=bound, **kw)


def test_the_lowest_scoring_replies_are_shown_with_answer_rule_and_reason() -> None:
    long = "filler " * 200 + "so the answer is 3"
    events = [_event(0, ["it is 7", long]), _event(1, ["7", "7"])]
    report = _report(events)
    lowest = [r for r in report.replies if r["why"].startswith("lowest score")]
    assert lowest[0]["id"] == "rollout-0-1"
    assert (lowest[0]["answer"], lowest[0]["rule"], lowest[0]["reason"]) == ("3", "last_word", "no")
    assert lowest[0]["reply"].startswith("…") and lowest[0]["reply"].endswith("answer is 3")
    assert len(lowest[0]["reply"]) < 300
    text = report.render_text()
    assert "replies worth reading" in text and "rule last_word" in text
    assert json.loads(json.dumps(report.to_dict()))["replies"][0]["id"] == "rollout-0-1"


def test_prompts_whose_rollouts_all_score_the_same_are_shown() -> None:
    events = [_event(0, ["it is 7", "it is 3"]), _event(1, ["7", "so 7"])]
    report = _report(events)
    flat = [r for r in report.replies if "no spread" in r["why"]]
    assert [r["id"] for r in flat] == ["rollout-1-0"]
    assert "all 2 rollouts of its prompt scored 1" in flat[0]["why"]


def test_replies_without_an_explainer_still_show_the_text() -> None:
    bound = last_word_is_seven()
    report = replay(InProcessInvoker(bound), [_event(0, ["x 3"])], grader="g", target="t")
    (reply,) = report.replies
    assert (reply["reply"], reply["answer"], reply["rule"]) == ("x 3", None, None)


def test_an_explainer_that_fails_is_reported_not_raised() -> None:
    def broken(sample: Any) -> Any:
        raise ValueError("nope")

    bound = last_word_is_seven()
    events = [_event(0, ["x 3"])]
    report = replay(InProcessInvoker(bound), events, grader="g", target="t", explain=broken)
    assert "could not re-grade it here: ValueError: nope" in report.replies[0]["reason"]


@pytest.mark.parametrize(("distinct", "per_value"), [(2, True), (12, True), (13, False)])
def test_few_distinct_rewards_get_a_bar_each(distinct: int, per_value: bool) -> None:
    builder = ReportBuilder(grader="g", target="t")
    scores = [k / 100 for k in range(distinct - 2)] + [1.0, 1.0, 0.9]
    assert len(set(scores)) == distinct
    event = [{"id": f"s{i}"} for i in range(len(scores))]
    payload = [
        {"id": f"s{i}", "aggregate_reward_score": v, "metrics_list": []}
        for i, v in enumerate(scores)
    ]
    builder.add(event, InvokeResult(payload=payload))
    report = builder.build(wall_s=1.0)
    assert (report.values is not None) == per_value
    if per_value:
        assert report.values is not None
        assert dict(report.values)[1.0] == 2
        assert dict(report.values)[0.9] == 1
        assert report.to_dict()["reward"]["values"] is not None
        assert report._svg_histogram().count("<rect") == len(report.values)


def test_a_failed_run_says_n_a_and_never_none() -> None:
    builder = ReportBuilder(grader="g", target="t", header={"inputs": "events e/"})
    event = [{"id": "a", "messages": [{"role": "assistant", "content": "x"}]}]
    builder.add(event, InvokeResult(error={"errorType": "Boom", "errorMessage": "down"}))
    report = builder.build(wall_s=0.0)
    page = report.render_html()
    assert "n/a" in page
    assert ">None<" not in page
    assert "None" not in report.render_text()


def test_the_report_states_inputs_grader_args_version_and_time() -> None:
    header = {"inputs": "dataset d.jsonl, responses r.jsonl", "args": {"rel_tol": 0.01}}
    report = _report([_event(0, ["7"])], header=header)
    text = report.render_text()
    assert text.startswith(f"rftkit {__version__} replay report, ")
    assert "inputs  dataset d.jsonl, responses r.jsonl" in text
    assert 'grader  g {"rel_tol": 0.01} via t' in text
    run = report.to_dict()["run"]
    assert run["rftkit"] == __version__ and run["time"].endswith("UTC")
    page = report.render_html()
    assert "dataset d.jsonl" in page and __version__ in page and "rel_tol" in page
