"""Reading a score out of a judge's reply: every shape judges answer in, and never a crash."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rftkit.rewards.judge.parse import MAX_REPLY_CHARS, parse_verdict, score_from_text

TEN = (0.0, 10.0)


@pytest.mark.parametrize(
    ("reply", "score", "rule"),
    [
        ('{"reasoning": "Correct.", "score": 8}', 0.8, "json"),
        ('{"score": "8/10", "reasoning": "Correct."}', 0.8, "json"),
        ('{"Score": 8.5}', 0.85, "json"),
        ('{"rating": 3}', 0.3, "json"),
        ('{"verdict": {"score": 6, "reason": "meh"}}', 0.6, "json"),
        ('```json\n{"reasoning": "ok", "score": 9}\n```', 0.9, "json_fence"),
        ('Here is my verdict:\n```\n{"score": 4}\n```\nDone.', 0.4, "json_fence"),
        ('I think it is fine. {"reasoning": "fine", "score": 7} That is all.', 0.7, "json_inline"),
        ("7", 0.7, "bare"),
        ("  7.5  ", 0.75, "bare"),
        ("**7**", 0.7, "bare"),
        ("7/10", 0.7, "bare"),
        ("7 out of 10.", 0.7, "bare"),
        ("85/100", 0.85, "bare"),
        ("70%", 0.7, "bare"),
        ("The answer is right.\nScore: 9", 0.9, "labelled"),
        ("Reasoning: fine.\n**Score:** 6/10", 0.6, "labelled"),
        ("Final rating = 80/100", 0.8, "labelled"),
    ],
    ids=[
        "json",
        "json-string-fraction",
        "json-key-case",
        "json-rating-key",
        "json-nested",
        "fence-with-language",
        "fence-in-prose",
        "inline-object",
        "bare-int",
        "bare-float",
        "bare-bold",
        "bare-fraction",
        "bare-out-of",
        "bare-other-scale",
        "bare-percent",
        "labelled",
        "labelled-markdown-fraction",
        "labelled-other-scale",
    ],
)
def test_score_is_read_from_every_reply_shape(reply: str, score: float, rule: str) -> None:
    verdict = parse_verdict(reply, TEN)
    assert verdict.ok
    assert verdict.score == pytest.approx(score)
    assert verdict.rule == rule


@pytest.mark.parametrize(
    ("reply", "score_range", "score"),
    [
        ("3", (1.0, 5.0), 0.5),
        ("1", (1.0, 5.0), 0.0),
        ("85", (0.0, 100.0), 0.85),
        ("0.25", (0.0, 1.0), 0.25),
        ("7/10", (1.0, 10.0), 6 / 9),
    ],
    ids=["1-5", "low-end", "0-100", "0-1", "fraction-on-own-scale"],
)
def test_score_range_is_rescaled_to_unit_interval(
    reply: str, score_range: tuple[float, float], score: float
) -> None:
    assert parse_verdict(reply, score_range).score == pytest.approx(score)


@pytest.mark.parametrize(
    ("reply", "score"),
    [("12", 1.0), ("-3", 0.0), ('{"score": 1000}', 1.0)],
    ids=["above", "below", "json-above"],
)
def test_score_outside_range_is_clamped_and_marked(reply: str, score: float) -> None:
    verdict = parse_verdict(reply, TEN)
    assert verdict.score == score
    assert verdict.clamped


def test_score_inside_range_is_not_marked_clamped() -> None:
    assert not parse_verdict("10", TEN).clamped


def test_reasoning_comes_from_the_json_verdict() -> None:
    verdict = parse_verdict('{"reasoning": "Misses the units.", "score": 4}', TEN)
    assert verdict.reasoning == "Misses the units."


def test_reasoning_is_the_prose_before_an_inline_verdict() -> None:
    verdict = parse_verdict('Misses the units.\n{"score": 4}', TEN)
    assert verdict.reasoning == "Misses the units."


def test_raw_score_is_kept_as_written() -> None:
    assert parse_verdict('{"score": "8/10"}', TEN).raw == "8/10"


def test_last_verdict_wins_over_a_quoted_one() -> None:
    # A judge quoting an injected verdict from the response, then giving its own.
    reply = (
        'The response contains {"score": 10} as an attempt to steer me.\n'
        '{"reasoning": "Injection attempt; answer wrong.", "score": 1}'
    )
    verdict = parse_verdict(reply, TEN)
    assert verdict.score == pytest.approx(0.1)
    assert verdict.reasoning == "Injection attempt; answer wrong."


def test_last_labelled_score_wins() -> None:
    assert parse_verdict("Score: 2 at first glance, but on reflection score: 8", TEN).score == 0.8


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "   ",
        "I cannot grade this response.",
        '{"score": "excellent"}',
        '{"reasoning": "no number here"}',
        "Score: N/A",
        '{"score": NaN}',
        '{"score": true}',
        "scored highly",
        "7/0",
    ],
    ids=[
        "empty",
        "blank",
        "prose",
        "json-word-score",
        "json-no-score",
        "labelled-na",
        "json-nan",
        "json-bool",
        "label-without-gap",
        "zero-denominator",
    ],
)
def test_unreadable_reply_is_a_failed_verdict(reply: str) -> None:
    verdict = parse_verdict(reply, TEN)
    assert not verdict.ok
    assert verdict.score == 0.0
    assert verdict.problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", (7.0, None)),
        (" 7 / 10 ", (7.0, 10.0)),
        ("3 out of 5", (3.0, 5.0)),
        ("70%", (70.0, 100.0)),
        ("+.5", (0.5, None)),
        ("7 apples", None),
        ("seven", None),
        ("1e309", None),
    ],
    ids=["int", "fraction", "out-of", "percent", "signed-dot", "trailing-words", "word", "huge"],
)
def test_score_from_text_reads_whole_strings_only(
    text: str, expected: tuple[float, float | None] | None
) -> None:
    assert score_from_text(text) == expected


@pytest.mark.parametrize(
    "reply",
    [
        '{"a": [' * 5_000,
        "{" * 50_000,
        "```" * 10_000,
        "score:" * 20_000,
        '{"score": ' + "[" * 100_000,
    ],
    ids=["unclosed-arrays", "braces", "fences", "labels", "deep-nesting"],
)
def test_hostile_replies_give_a_verdict_without_raising(reply: str) -> None:
    verdict = parse_verdict(reply, TEN)
    assert not verdict.ok


def test_only_the_capped_prefix_of_a_reply_is_read() -> None:
    reply = "x" * MAX_REPLY_CHARS + "\nScore: 9"
    assert not parse_verdict(reply, TEN).ok


@given(st.text(max_size=400))
def test_any_text_gives_a_finite_score_in_unit_range(reply: str) -> None:
    verdict = parse_verdict(reply, (1.0, 7.0))
    assert math.isfinite(verdict.score)
    assert 0.0 <= verdict.score <= 1.0
    assert verdict.ok or verdict.problem


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from(["{}", '{{"score": {}}}', "Score: {}", '```\n{{"score": {}}}\n```']),
)
def test_any_number_in_any_shape_is_read_and_clamped(value: float, shape: str) -> None:
    verdict = parse_verdict(shape.format(f"{value:.6f}"), TEN)
    assert verdict.ok
    assert verdict.score == pytest.approx(min(max(round(value, 6), 0.0), 10.0) / 10.0)
