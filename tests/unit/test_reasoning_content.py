"""Reasoning blocks in the event's content are never read as the reply.

Bedrock Converse returns a reasoning model's thinking as ``{"reasoningContent":
{"reasoningText": {"text": ..., "signature": ...}}}`` content blocks, and other APIs as
typed ``{"type": "reasoning", ...}`` blocks. The harness flattens content to text for the
graders: only text blocks are kept, so a draft answer in a reasoning block is neither the
answer nor a second one, alone, beside text, or beside ``toolUse`` blocks.
"""

from __future__ import annotations

from typing import Any

import pytest

import rftkit
from rftkit.harness.contract.content import block_text, normalise_messages
from rftkit.rewards.types import Sample

_CONVERSE = {"reasoningContent": {"reasoningText": {"text": "So 31? #### 31", "signature": "s"}}}
_REDACTED = {"reasoningContent": {"redactedContent": "b3BhcXVl"}}
_TYPED = {"type": "reasoning", "text": "So 30. #### 30"}
_TYPED_SUMMARY = {"type": "reasoning", "summary": [{"type": "summary_text", "text": "#### 31"}]}
_THINKING = {"type": "thinking", "thinking": "#### 31", "signature": "s"}


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ([_CONVERSE, {"text": "#### 30"}], "#### 30"),
        ([_CONVERSE], ""),
        ([_REDACTED, {"text": "#### 30"}], "#### 30"),
        ([_TYPED, {"type": "text", "text": "#### 31"}], "#### 31"),
        ([_TYPED], ""),
        (_TYPED, ""),  # one block as the whole content
        (_CONVERSE, ""),
        ([_TYPED_SUMMARY, _THINKING, {"type": "text", "text": "#### 30"}], "#### 30"),
    ],
)
def test_reasoning_blocks_are_not_the_reply_text(content: Any, text: str) -> None:
    assert block_text(content) == text
    (message,) = normalise_messages([{"role": "assistant", "content": content}])
    assert message["content"] == text


@pytest.mark.parametrize("reasoning", [_CONVERSE, _TYPED, _REDACTED])
@pytest.mark.parametrize("name", ["gsm8k", "numeric", "exact_match", "math"])
def test_graders_do_not_read_a_reasoning_block(reasoning: Any, name: str) -> None:
    grade = rftkit.load_grader(name)
    for reply, paid in (("30", True), ("I am not sure.", False)):
        content = [reasoning, {"type": "text", "text": reply}]
        messages = normalise_messages(
            [{"role": "user", "content": "5*6?"}, {"role": "assistant", "content": content}]
        )
        reward = grade(Sample("s", messages, "30"))
        assert (reward.score > 0.5) is paid, (name, reply, reward)
    # A reasoning block and nothing else (in a list, or as the content itself): no answer.
    for content in ([reasoning], reasoning):
        only = normalise_messages([{"role": "assistant", "content": content}])
        assert grade(Sample("s", only, "30")).score == 0.0, content


def test_a_reasoning_block_beside_tool_use_blocks_is_not_read() -> None:
    tool_use = {"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {"city": "Paris"}}}
    drafted = {"reasoningContent": {"reasoningText": {"text": "get_weather(city='Lyon')"}}}
    messages = normalise_messages([{"role": "assistant", "content": [drafted, tool_use]}])
    sample = Sample("s", messages, ["get_weather(city='Paris')"])
    assert "Lyon" not in sample.completion
    assert rftkit.load_grader("tool_call")(sample).score == 1.0
    # The call only in the reasoning: no call made.
    only = normalise_messages([{"role": "assistant", "content": [drafted, {"text": "ok"}]}])
    call = ["get_weather(city='Lyon')"]
    assert rftkit.load_grader("tool_call")(Sample("s", only, call)).score == 0.0


def test_reasoning_beside_the_content_on_the_message_is_not_read() -> None:
    # OpenAI-compatible servers put it on the message itself (vLLM, DeepSeek).
    for key in ("reasoning_content", "reasoning", "thinking"):
        message = {"role": "assistant", "content": "I am not sure.", key: "#### 30"}
        sample = Sample("s", normalise_messages([message]), "30")
        assert rftkit.load_grader("gsm8k")(sample).score == 0.0, key


@pytest.mark.parametrize("content", [_TYPED, [_TYPED], _CONVERSE, [_CONVERSE], _THINKING])
def test_a_sample_built_directly_does_not_read_a_reasoning_block_as_its_completion(
    content: Any,
) -> None:
    # Sample.completion flattens content itself (rewards.types.content_text), as the
    # harness's block_text does: a typed reasoning block alone was read as the reply.
    sample = Sample("s", [{"role": "assistant", "content": content}], reference="30")
    assert sample.completion == ""
    assert rftkit.load_grader("gsm8k")(sample).score == 0.0
