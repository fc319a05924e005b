"""A reply ends at the first end-of-turn token of a chat template.

A model that runs on past its turn writes its template's end-of-turn token and then, often,
a new turn: ``... is 2/3. <|im_start|>user`` (a real reply in Math-Verify's tests). What
follows the token is not the reply: neither its answer nor a second one, nor a cut-off.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.thinking import after_thinking, may_hold_thinking

TOKENS = [
    "<|im_end|>",
    "<|im_start|>",
    "<|eot_id|>",
    "<|start_header_id|>",
    "<|endoftext|>",
    "<|end_of_text|>",
    "<end_of_turn>",
    "<start_of_turn>",
    "</s>",
    "<\uff5cend\u2581of\u2581sentence\uff5c>",
]
NEXT_TURNS = [
    "",
    "user\nWhat is 7*8?",
    "<|im_start|>user\nAnd 7*8?<|im_end|>\n<|im_start|>assistant\nThe answer is 56.",
    "\n#### 56",
    "<think>Let me see",  # a new turn that starts thinking: not this reply's cut-off
]
REPLIES = [
    ("gsm8k", "5*6 = 30\n#### 30", "30"),
    ("gsm8k", "She makes 5*6 = $30 every day.", "30"),
    ("numeric", "The answer is 30.", "30"),
    ("math", "So the answer is $\\boxed{\\frac{2}{3}}$.", "2/3"),
    ("exact_match", "Paris", "Paris"),
]


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("after", NEXT_TURNS)
@pytest.mark.parametrize(("grader", "reply", "reference"), REPLIES)
def test_what_follows_an_end_of_turn_token_is_not_read(
    token: str, after: str, grader: str, reply: str, reference: str
) -> None:
    g = rftkit.load_grader(grader)
    alone = g(Sample.from_text(response=reply, reference=reference))
    ran_on = g(Sample.from_text(response=reply + token + after, reference=reference))
    assert alone.score > 0
    assert ran_on.score == alone.score, (token, after, ran_on)


@pytest.mark.parametrize("token", TOKENS)
def test_the_token_is_seen_by_the_cheap_pre_check(token: str) -> None:
    text = "The answer is 30." + token + "user: 56?"
    assert may_hold_thinking(text)
    assert after_thinking(text) == "The answer is 30."
    # Past the short-text limit the pre-check takes another path: the same verdict.
    long_text = "x " * 1500 + text
    assert may_hold_thinking(long_text)
    assert after_thinking(long_text) == "x " * 1500 + "The answer is 30."


def test_harmony_message_separators_are_not_turn_ends() -> None:
    reply = (
        "<|channel|>analysis<|message|>So 31?<|end|><|start|>assistant<|channel|>final"
        "<|message|>The answer is 30.<|return|>"
    )
    assert after_thinking(reply) == "The answer is 30."


@given(
    reply=st.text(st.characters(blacklist_characters="<"), max_size=200),
    token=st.sampled_from(TOKENS),
    rest=st.text(max_size=200),
)
def test_a_reply_that_runs_on_reads_as_the_reply_alone(reply: str, token: str, rest: str) -> None:
    assert after_thinking(reply + token + rest) == after_thinking(reply)


@pytest.mark.parametrize("pad", ["", "x " * 1500])  # the short and the long search
@pytest.mark.parametrize(
    "reply",
    [
        "The answer is <s>20</s> 18.",
        "So she makes <s>$20</s> $18 every day.",
        "<s>#### 20</s>\n#### 18",
    ],
)
def test_html_strikethrough_is_no_end_of_turn(pad: str, reply: str) -> None:
    # "</s>" closes an "<s>" (struck-out text) here: the reply goes on after it, and the
    # struck-out value is never the one paid.
    g = rftkit.load_grader("gsm8k")
    assert g(Sample.from_text(response=pad + reply, reference="20")).score == 0.0
    assert after_thinking(pad + reply) == pad + reply


def test_llama2_end_of_turn_before_a_new_turn_still_ends_the_reply() -> None:
    reply = "The answer is 18.</s><s>[INST] And 4*5? [/INST] The answer is 20."
    assert after_thinking(reply) == "The answer is 18."
    assert after_thinking("x " * 1500 + reply) == "x " * 1500 + "The answer is 18."
