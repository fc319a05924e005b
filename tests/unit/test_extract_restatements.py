"""A second value after the answer: a restating clause, or a later concluding statement.

* ``She makes 18 dollars per day, which is 130 per week.`` answers in two units, one per
  reading of the question: two answers (``multiple_answers``), as ``18 or 130`` is. Before,
  the later clause was read as the answer and 130 was paid. (When the factor holds, ``126
  per week``, the two are one value: :mod:`rftkit.rewards.conversions`.) A restatement with the same
  value (``0.6, which is 60%``, ``18 dollars, which is 18 dollars``) stays one answer, and
  a rounding is no restatement (``which rounds to 17``: the rounded number answers).
* ``The answer is 18. Wait, I made an error: 9*2 is 20. So she makes 20 dollars.`` states
  18 with a marker and 20 at the end: two answers. Before, the marker won and 18 was paid
  (a model could hedge this way, one value per reading). A later sentence counts when the
  text after the answer takes it back (``wait``, ``actually``, ``mistake``, ...) or the
  final sentence opens as a conclusion (``So``, ``Therefore``, ...) with another value and
  no use of the answer; restating the same answer, a check that uses it (``Check: 9 x 2 =
  18.``, ``So 18 / 2 = 9 eggs.``) or a closing remark stays paid.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rftkit.rewards.extract import Extractor
from rftkit.rewards.second_answers import restates
from rftkit.rewards.sentences import is_hedge
from tests.prose import WORK
from tests.prose import paid as _paid
from tests.prose import read as _read

RESTATED = [
    "She makes 18 dollars per day, which is 130 per week.",
    "She makes 18 dollars per day, which is $130 per week.",
    "She makes 18 dollars per day which equals 130 dollars per week.",
    "She makes 18 dollars per day, which would be 130 per week.",
    "She makes 18 dollars per day, which comes to 130 per week.",
    "She makes 18 dollars per day, or 130 per week.",
    "She makes 18 dollars per day, i.e. 130 per week.",
    "She makes 18 dollars per day, that is 130 per week.",
    "She makes 18 dollars per day, i.e., 130 per week.",
    "So she makes 9 * 2 = 18 dollars per day, which is 130 per week.",
    "So she makes 9 * 2 = 18 dollars per day, or $130 a week.",
    "So 9 * 2 = 18 dollars per day (or 130 per week).",
    # a hedge adverb before the second value (each paid 130 before: the unit word between
    # the two values hid the hedge)
    "He reads 18 pages, or maybe 130.",
    "He reads 18 pages or perhaps 130 pages.",
    "He reads 18 pages, maybe 130.",
    "She makes 18 dollars, or possibly 130 dollars.",
    "She makes 18 dollars a day, probably 130.",
    "She makes $18 a day, or maybe $126 a week.",  # a true factor, but hedged
]


@pytest.mark.parametrize("reply", RESTATED)
def test_a_clause_restating_the_answer_in_another_unit_is_a_second_answer(reply: str) -> None:
    # 130 is no week of 18 a day: two values. A true conversion (126) is one value
    # (conversions, test_conversions.py).
    for reference in ("18", "130"):
        assert _paid(reply, reference) == 0.0, (reply, reference)
    assert _read(reply)[1] == "multiple_answers", reply


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        # the same value restated is one answer
        ("She makes 18 dollars per day, which is 18 dollars.", "18"),
        ("So she pays 0.6, which is 60%.", "60%"),
        ("So the discount is 3/5, i.e. 0.6.", "0.6"),
        # a later clause that states the answer, without restating the number before it
        ("So she makes 9 * 2 = 18 dollars, so the total is 18.", "18"),
        ("She had 5 apples, so the total is 20.", "20"),
        ("In one year, which is 52 weeks, he spends 52 * 9 = 468 dollars.", "468"),
        ("He bought 3 packs which means he has 3 * 12 = 36 pencils.", "36"),
        # a rounding: the rounded number is the answer
        ("So the average is 16.5, which rounds up to 17.", "17"),
        ("So the average is 16.5, which is about 17.", "17"),
    ],
)
def test_a_restatement_of_the_same_value_or_a_rounding_is_one_answer(
    reply: str, answer: str
) -> None:
    assert _read(reply) == (answer, None), reply


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (" dollars per day, which is ", True),
        (" dollars per day, Which Is ", True),
        (", or ", True),
        (" or $", True),
        (" a day, i.e. ", True),
        (", that is, ", False),  # a comma after "that is": its own clause
        (", so the total is ", False),
        (", which rounds up to ", False),
        (", which is about ", False),
        (" flowers", False),
        ("", False),
        ("or", True),
        ("color ", False),
    ],
)
def test_restates_reads_only_a_restating_clause_right_before_the_number(
    gap: str, expected: bool
) -> None:
    assert restates(gap) is expected, gap


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (" pages, or maybe ", True),
        (" pages or perhaps $", True),
        (" pages, possibly ", True),
        (" pages,probably ", True),
        (" dollars a day, or maybe $", True),
        (" pages, so maybe ", True),
        (" pages, maybe in ", False),
        (" pages in mayberry ", False),
        (" pages, which is maybe ", False),
        (" pages that she will read in four more days, maybe ", False),
    ],
)
def test_a_hedge_adverb_after_a_unit_is_a_hedge(gap: str, expected: bool) -> None:
    # "18 pages, or maybe 20" offers two values as "18 or 20" does (sentences.is_hedge)
    assert is_hedge(gap) is expected, gap


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(
        [
            *(", which is ", ", or ", ", i.e. ", " which equals ", ", which would be "),
            *(", or maybe ", ", perhaps ", " or possibly ", ", probably "),
        ]
    ),
    st.sampled_from(["She makes {a} dollars a day{r}{b} a week.", "So 1 * {a} = {a} a day{r}{b}."]),
)
def test_no_restated_answer_is_ever_paid(a: int, b: int, clause: str, frame: str) -> None:
    assume(a != b)
    reply = frame.format(a=a, b=b, r=clause)
    for reference in (a, b):
        assert _paid(reply, str(reference)) == 0.0, (reply, reference)


# -- a later concluding statement -------------------------------------------------------------

CORRECTED = [
    "The answer is 18. Wait, I made an error: 9*2 is 20. So she makes 20 dollars.",
    "The answer is 18. Actually, 9 * 2 = 20, so she makes 20 dollars.",
    "The answer is 18. Oops, she makes 20 dollars.",
    "The answer is 18. So she makes 20 dollars.",
    "The answer is 18.\n\nTherefore, she makes $20 every day.",
    "The answer is $18. Sorry, the correct total is 20.",
    "Final answer: 18. Let me recalculate: 9 * 2 + 2 = 20.",
    "So she makes **$18** a day. Wait, that is wrong. She makes 20 dollars a day.",
    "So she makes **$18** a day. Thus she makes 20 dollars a day.",
    # another value that starts with the answer's digits is no use of the answer (each paid
    # 18 before: bench/attack_search.py --values "18;18.5" found them)
    "The answer is 18.\nSo she makes $18.5 every day.",
    "The answer is 18.\nSo she makes $18,000 every year.",
    "The answer is 3.\nSo she makes $-3 every day.",
]


@pytest.mark.parametrize("reply", CORRECTED)
def test_a_later_conclusion_with_another_value_is_a_second_answer(reply: str) -> None:
    for reference in ("18", "20"):
        assert _paid(reply, reference) == 0.0, (reply, reference)
    assert _read(reply)[1] == "multiple_answers", reply


@pytest.mark.parametrize(
    "reply",
    [
        "The answer is 18. She earns 18 dollars a day.",
        "The answer is 18. So she makes 18 dollars a day.",
        "The answer is 18. Check: 9 x 2 = 18.",
        "The answer is 18. Check: 18 / 2 = 9.",
        "The answer is 18. So 18 / 2 = 9 eggs were sold at $2.",
        "The answer is 18. (She sells 9 eggs at $2 each.)",
        "The answer is 18. She sells 9 eggs at $2 each.",
        "The answer is 18. I hope this helps!",
        "The answer is 18. Wait, let me check: 9 * 2 = 18. Yes, so 18.",
        "Final Answer: The final answer is $18$. I hope it is correct.",
        "So the answer is **18**. In 2 days she makes 36 dollars.",
        "The answer is 18 dollars. So each month (30 days) she makes 18 dollars a day.",
        "The answer is 18.\n\nQ: A farmer has 5 cows. So he has 7 cows.",
        # a reply cut off after its answer: no later statement to read
        "The answer is 18. So she makes 2",
    ],
)
def test_restating_or_checking_the_answer_after_it_stays_paid(reply: str) -> None:
    assert _paid(reply, "18") == 1.0, reply
    assert _read(reply) == ("18", None) or _read(reply)[1] is None, reply


def test_keeping_one_answer_reads_no_later_statement() -> None:
    reply = WORK + CORRECTED[0]
    assert Extractor(conflict="last")(reply).ok
    assert Extractor(conflict="first")(reply).ok


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(
        [
            "The answer is {a}. Wait, I made an error. So she makes {b} dollars.",
            "The answer is {a}. Actually, she makes {b} dollars.",
            "So she makes **{a}** dollars. Therefore she makes {b} dollars.",
        ]
    ),
)
def test_no_corrected_answer_is_ever_paid(a: int, b: int, frame: str) -> None:
    assume(a != b)
    reply = frame.format(a=a, b=b)
    for reference in (a, b):
        assert _paid(reply, str(reference)) == 0.0, (reply, reference)
