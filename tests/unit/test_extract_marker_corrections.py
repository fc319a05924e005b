"""A marked answer followed by a concluding statement with another value: two answers.

``9*2=18.\\n#### 18\\nWait, I made an error. The correct answer is 20.`` and ``\\boxed{18}\\n\\n
Actually, she makes 20 dollars.`` state 18 with a marker and take it back after it; before,
the marker won and 18 was paid (a model could hedge this way, one value per reading). The
policy that ``answer_is`` and ``bold`` already had (``sentences.later_statement``) now holds
for every answer container a reply can go on after: ``####`` lines, boxes and ``<answer>``
tags. An ``A: N`` line is the reply's last line, so nothing can follow it. Text after the
answer that restates it, checks it, or explains it without concluding (``#### 18\\nI computed
9 eggs x $2.``) stays paid, and the ``#### N`` fast paths read every reply as the general path.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.builtin.gsm8k import reference_or_error
from rftkit.rewards.extract import Extractor
from tests.prose import WORK

CORRECTED = [
    ("9*2=18.\n#### 18\nWait, I made an error. The correct answer is 20.", "hash"),
    ("#### 18\nActually, she makes 20 dollars.", "hash"),
    ("#### 18\n\nSo she makes 20 dollars a day.", "hash"),
    ("#### 18\nOops: 9 * 2 + 2 = 20. Therefore she makes $20.", "hash"),
    ("#### 18 dollars\nSorry, the correct total is 20.", "hash"),
    ("#### 18\n#### 18\nWait, that is wrong. She makes 20 dollars.", "hash"),
    ("\\boxed{18}\n\nActually, she makes 20 dollars.", "boxed"),
    ("So she makes $\\boxed{18}$ dollars. Wait, 9 * 2 + 2 = 20. So she makes 20 dollars.", "boxed"),
    ("\\boxed{18}. Sorry, she makes 20 dollars.", "boxed"),
    ("The total is \\boxed{18}.\n\nThus, she makes $20 every day.", "boxed"),
    ("<answer>18</answer>\nOops, the correct total is 20.", "answer_tag"),
    ("<answer>18</answer> Therefore, she makes $20 every day.", "answer_tag"),
    ("<answer>\n18\n</answer>\n\nLet me recalculate: 9 * 2 + 2 = 20.", "answer_tag"),
]


def _grade(reply: str, reference: str) -> float:
    grade = rftkit.load_grader("gsm8k")
    sample = Sample.from_text(response=reply, reference=reference)
    reward = grade(sample)
    ref = reference_or_error(reference)
    # The grader's '#### N' fast path and the extractor's fast paths read as the general path.
    assert reward == grade.impl.general(reply, ref, ref.number), reply  # type: ignore[attr-defined]
    ex = Extractor()
    assert ex(reply) == ex.general(reply), reply
    return reward.metric("correct")


@pytest.mark.parametrize(("reply", "rule"), CORRECTED)
def test_a_correction_after_a_marked_answer_is_a_second_answer(reply: str, rule: str) -> None:
    for text in (reply, WORK + reply):
        for reference in ("18", "20"):
            assert _grade(text, reference) == 0.0, (text, reference)
        found = Extractor()(text)
        assert (found.rule, found.rejected) == (rule, "multiple_answers"), text


@pytest.mark.parametrize(
    "reply",
    [
        "#### 18\nI computed 9 eggs x $2.",
        "#### 18\nShe sells 9 eggs at $2 each.",
        "#### 18\nSo she makes 18 dollars a day.",
        "#### 18\nCheck: 9 x 2 = 18.",
        "#### 18\nSo 18 / 2 = 9 eggs were sold at $2.",
        "#### 18\nIn 2 days she makes 36 dollars.",
        "#### 18\n\nQ: A farmer has 5 cows. So he has 7 cows.",
        "#### 18\nI hope this helps!",
        "#### 18\nSo she makes 2",  # cut off after the answer: no later statement
        "\\boxed{18}\n\nShe sells 9 eggs at $2 each.",
        "\\boxed{18}. So she makes $18 every day.",
        "\\boxed{18}\nWait, let me check: 9 * 2 = 18. Yes, so 18.",
        "Final Answer: The final answer is $\\boxed{18}$. I hope it is correct.",
        "<answer>18</answer>\nShe sells 9 eggs at $2 each, so 9 x 2 = 18.",
        "<answer>18</answer>\n(9 eggs at $2 each.)",
        "A: 18",
    ],
)
def test_text_after_a_marked_answer_that_concludes_nothing_new_stays_paid(reply: str) -> None:
    for text in (reply, WORK + reply):
        assert _grade(text, "18") == 1.0, text
        assert Extractor()(text).ok, text


def test_keeping_one_answer_reads_no_later_statement() -> None:
    reply = WORK + CORRECTED[0][0]
    assert Extractor(conflict="last")(reply).answer == "18"
    assert Extractor(conflict="first")(reply).answer == "18"


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(["#### {a}\n", "\\boxed{{{a}}}\n\n", "<answer>{a}</answer>\n", "#### {a}\n\n"]),
    st.sampled_from(
        [
            "Wait, I made an error. The correct answer is {b}.",
            "Actually, she makes {b} dollars.",
            "So she makes {b} dollars.",
            "Oops. Therefore the total is {b}.",
        ]
    ),
)
def test_no_corrected_marked_answer_is_ever_paid(a: int, b: int, marker: str, after: str) -> None:
    assume(a != b)
    reply = WORK + marker.format(a=a) + after.format(b=b)
    for reference in (a, b):
        assert _grade(reply, str(reference)) == 0.0, (reply, reference)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**4),
    st.integers(0, 10**4),
    st.sampled_from(["#### {a}\n", "\\boxed{{{a}}}\n\n", "<answer>{a}</answer>\n"]),
)
def test_an_explanation_after_a_marked_answer_stays_paid(
    a: int, x: int, y: int, marker: str
) -> None:
    reply = WORK + marker.format(a=a) + f"She sells {x} eggs at ${y} each."
    assert _grade(reply, str(a)) > 0.0, reply
