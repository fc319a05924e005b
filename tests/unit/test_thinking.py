"""A reasoning model's thinking is never read as the answer, a call or a program.

Qwen3 and other reasoning models write ``<think> ... </think>`` before the reply (often
with the opening tag in the prompt). Drafts stated while thinking (a box, a ``####`` line,
"the answer is") must neither be paid nor count as a second answer, and a reply cut off
while thinking has no answer. Every grader built on the GSM8K extractor reads the reply
after the last ``</think>``, by the fast paths and by the general path alike.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.extract import Extractor, after_thinking

GRADERS = ("gsm8k", "numeric", "format")

_DRAFTS = st.sampled_from(
    [
        "5*6 = 30, or is it 31?",
        "\\boxed{31}",
        "#### 31",
        "#### 30",
        "The answer is 31.",
        "<answer>31</answer>",
        "**31**",
        "A: 31",
        "Final Answer: The final answer is 31. I hope it is correct.",
        "\n",
        "<think>",
        "<<5*6=31>>",
        "Q: what next?",
    ]
)
_REPLIES = st.sampled_from(
    [
        "#### 30",
        "So 5*6 = 30.\n#### 30",
        "The answer is 30.",
        "The answer is \\boxed{30}.",
        "She has 30 apples.",
        "She has 31 apples.",
        "**30**",
        "<answer>30</answer>",
        "A: 30",
        "5*6 = 30 and then",
        "30 or 31?",
        "",
        "Final Answer: The final answer is 30. I hope it is correct.",
    ]
)
_OPEN = st.sampled_from(["<think>", "<think>\n", ""])  # "": the prompt opened it
_CLOSE = st.sampled_from(["</think>", "</think>\n\n", "\n</think>\n"])


def _result(name: str, reply: str) -> tuple[object, ...]:
    r = rftkit.load_grader(name)(Sample.from_text(response=reply, reference="30"))
    return (r.score, r.answer, r.rule, r.errors)


@settings(max_examples=400, deadline=None)
@given(_OPEN, st.lists(_DRAFTS, max_size=4), _CLOSE, _REPLIES)
def test_a_reply_after_thinking_scores_as_the_reply_alone(
    open_tag: str, drafts: list[str], close_tag: str, reply: str
) -> None:
    text = f"{open_tag}{' '.join(drafts)}{close_tag}{reply}"
    for name in GRADERS:
        assert _result(name, text) == _result(name, reply), (name, text)
    ext = Extractor()  # and the fast paths read it as the general path does
    assert ext(text) == ext.general(text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(_DRAFTS, max_size=4), _REPLIES, st.sampled_from(["", "</think>ok. "]))
def test_a_reply_cut_off_while_thinking_has_no_answer(
    drafts: list[str], reply: str, before: str
) -> None:
    text = f"{before}<think>{' '.join(drafts)} {reply}"
    ext = Extractor()
    for found in (ext(text), ext.general(text)):
        assert found.answer is None and found.rejected == "no_answer", text
        assert "unclosed_thinking" in found.flags
    for name in GRADERS:
        score, answer, _, errors = _result(name, text)
        assert (score, answer) == (0.0, None) and "unclosed_thinking" in errors, (name, text)


@pytest.mark.parametrize(
    ("reply", "paid"),
    [
        # The drafts in the thinking are wrong, the reply is right: paid.
        ("<think>\n5*6 = 30. Maybe \\boxed{31}?\n</think>\n\nThe answer is 30.", True),
        ("<think>\n5*6 = 30\n#### 31\n</think>\n\n#### 30", True),
        ("Okay: 5*6 = 30, so #### 31?\n</think>\n\n#### 30", True),
        # The thinking is right, the reply is wrong or missing: not paid.
        ("<think>\nSo the answer is 30.\n</think>\n\nThe answer is 31.", False),
        ("<think>\n#### 30\n</think>\n\nI am not sure.", False),
        ("<think>\nLong reasoning, 5*6 = 30, so the answer is 30.", False),
        ("<think>a</think>\nThe answer is 30.\n<think>\nor 31", False),
        # Not a thinking tag: read as written.
        ("I think> the answer is 30.", True),
    ],
)
def test_gsm8k_pays_the_answer_after_the_thinking(reply: str, paid: bool) -> None:
    reward = rftkit.load_grader("gsm8k")(Sample.from_text(response=reply, reference="30"))
    assert (reward.metric("correct") == 1.0) is paid, reward


def test_exact_match_compares_the_reply_after_the_thinking() -> None:
    grade = rftkit.load_grader("exact_match")
    paid = grade(Sample.from_text(response="<think>Lyon? No.</think>\nParis", reference="Paris"))
    assert paid.score == 1.0
    cut = grade(Sample.from_text(response="<think>Paris", reference="Paris"))
    assert cut.score == 0.0 and "unclosed_thinking" in cut.errors
    assert after_thinking("no tags") == "no tags"


def test_the_math_grader_reads_no_answer_in_an_unclosed_thinking_block() -> None:
    grade = rftkit.load_grader("math")
    assert (
        grade(
            Sample.from_text(response="<think>x \\boxed{5}</think> \\boxed{7}", reference="7")
        ).score
        == 1.0
    )
    cut = grade(Sample.from_text(response="<think>so it is \\boxed{7}", reference="7"))
    assert cut.score == 0.0 and "unclosed_thinking" in cut.errors


def test_tool_calls_drafted_while_thinking_are_never_paid() -> None:
    grade = rftkit.load_grader("tool_call")
    call = "get_weather(city='Paris')"
    closed = grade(Sample.from_text(response=f"<think>{call}</think>\n{call}", reference=[call]))
    assert closed.score == 1.0
    # The call only in the thinking: no call made.
    assert (
        grade(Sample.from_text(response=f"<think>{call}</think>\nok", reference=[call])).score
        == 0.0
    )
    # Cut off while thinking: no decision, not even "call nothing".
    for reference in ([call], []):
        cut = grade(Sample.from_text(response=f"<think>{call}", reference=reference))
        assert cut.score == 0.0 and "unclosed_thinking" in cut.errors, reference


def test_a_program_drafted_while_thinking_is_not_the_program() -> None:
    from rftkit.rewards.code.spec import extract_program

    draft = "<think>```python\nprint(1)\n```"
    assert extract_program(draft) == (None, "unclosed_thinking")
    assert extract_program(draft + "</think>\n```python\nprint(2)\n```") == ("print(2)\n", "python")
