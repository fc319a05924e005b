"""Sample and Reward: the data model every grader sees."""

from __future__ import annotations

import math
from typing import Any

import pytest

from rftkit.errors import GraderError
from rftkit.rewards.deadline import deadline, deadline_scope, remaining
from rftkit.rewards.types import GraderSpec, Metric, Reward, Sample, to_reward


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("plain", "plain"),
        ([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}], "ab"),
        ({"text": "dict"}, "dict"),
        ([{"type": "image", "source": "x"}, {"type": "text", "text": "t"}], "t"),
        (None, ""),
        (42, ""),
    ],
    ids=["string", "blocks", "dict", "non-text-block-skipped", "none", "number"],
)
def test_completion_flattens_every_content_shape(content: Any, text: str) -> None:
    sample = Sample(
        "s", [{"role": "user", "content": "q"}, {"role": "assistant", "content": content}]
    )
    assert sample.completion == text


def test_completion_is_last_assistant_message_including_nova_role() -> None:
    sample = Sample(
        "s",
        [
            {"role": "assistant", "content": "first"},
            {"role": "user", "content": "again"},
            {"role": "nova_assistant", "content": "second"},
        ],
    )
    assert sample.completion == "second"
    assert [m["content"] for m in sample.prompt_messages] == ["first", "again"]


def test_completion_without_assistant_message_is_empty() -> None:
    assert Sample("s", [{"role": "user", "content": "q"}]).completion == ""


def test_from_text_builds_one_turn_sample() -> None:
    sample = Sample.from_text(response="#### 4", reference="4", prompt="2+2?", id="x")
    assert sample.id == "x"
    assert sample.messages == [
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": "#### 4"},
    ]
    assert sample.reference == "4"


@pytest.mark.parametrize("value", [True, 1, 0.5, Reward(0.25)])
def test_to_reward_accepts_numbers_and_rewards(value: Any) -> None:
    assert isinstance(to_reward(value).score, float)


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, Reward(math.nan), "1.0", None, Reward("x")],  # type: ignore[arg-type]
    ids=["nan", "inf", "-inf", "reward-nan", "string", "none", "reward-string"],
)
def test_to_reward_refuses_non_finite_and_non_numbers(value: Any) -> None:
    with pytest.raises(GraderError):
        to_reward(value)


def test_to_reward_turns_integer_reward_score_into_float() -> None:
    reward = to_reward(Reward(1))  # type: ignore[arg-type]
    assert reward.score == 1.0 and type(reward.score) is float


def test_reward_metric_lookup_and_dict() -> None:
    reward = Reward(1.0, (Metric("correct", 1.0, "Reward"),), answer="7", rule="hash")
    assert reward.metric("correct") == 1.0
    assert reward.metric("missing") is None
    assert reward.to_dict()["metrics"] == [{"name": "correct", "value": 1.0, "type": "Reward"}]


def test_deadline_scope_sets_and_restores() -> None:
    assert deadline() is None
    with deadline_scope(10.0):
        left = remaining()
        assert left is not None and 0 < left <= 10.0
    assert remaining() is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: Reward(0.25),
        lambda: Reward(1),  # type: ignore[arg-type]
        lambda: Reward(-0.0),
        lambda: 1,
        lambda: True,
        lambda: Reward(math.nan),
        lambda: Reward(math.inf),
        lambda: Reward(-math.inf),
        lambda: Reward("x"),  # type: ignore[arg-type]
        lambda: math.nan,
        lambda: None,
    ],
)
def test_a_bound_grader_returns_what_to_reward_makes_of_its_value(make: Any) -> None:
    from rftkit.rewards.registry import BoundGrader

    grader = BoundGrader(lambda sample: make(), GraderSpec("v", "m:v", {}))
    sample = Sample.from_text(response="x")
    try:
        expected = to_reward(make())
    except GraderError as err:
        with pytest.raises(GraderError, match=str(err)):
            grader(sample)
        return
    got = grader(sample)
    assert type(got) is Reward and type(got.score) is float
    assert (got.score, got.answer) == (expected.score, expected.answer)
