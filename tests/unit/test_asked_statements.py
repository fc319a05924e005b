"""The asked quantity stated, then a sentence or a list about something else
(rftkit.rewards.asked_statements, and its hooks in extract.py and breakdowns.py).

With the prompt, a final sentence whose reading carries another thing (``7 eggs``) after a
statement with one value in the asked quantity (``Janet makes $18 every day.``) is read as
that value. Everything else reads as before. The one-sentence guards of asked_units that
this round revisits are tested here too.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.asked_statements import FLAG, asked_number, asked_statement, stated_by_ask
from rftkit.rewards.asked_units import FLAG as UNIT_FLAG
from rftkit.rewards.asked_units import asked
from rftkit.rewards.extract import Extractor

EX = Extractor()
GRADE = rftkit.load_grader("gsm8k")

JANET = (
    "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes "
    "muffins for her friends every day with four. She sells the remainder at the farmers' "
    "market daily for $2 per fresh duck egg. How much in dollars does she make every day at "
    "the farmers' market?"
)
MILES = "He drives six miles a day. How many miles does he drive in three days?"
PAGES = "He read 22 pages of a book with 40 pages. How many more pages must he read?"
LONG = "She walks 3 blocks to school. How long does it take her?"
PAY = "Three friends share the bill. How much do they pay?"
Q_DAY = "She sells 9 eggs a day for $2 each. How much does she make every day?"
BREAKDOWN = "\n\nBreakdown:\n- Eggs laid: 16\n- Eggs used: 7\n- Eggs sold: 9"
STEPS = "Here is how:\n1. She has 16 eggs.\n2. She uses 7 eggs.\n3. She sells 9 eggs."
TABLE = "\n\n| Item | Count |\n|---|---|\n| Eggs used | 7 |\n| Eggs sold | 9 eggs |"


def read(reply: str, prompt: object) -> tuple[object, ...]:
    """``(answer, rejected, flags)``, checking the fast path against the general one."""
    found = EX(reply, prompt=prompt)
    assert found == EX.general(reply, prompt), reply
    return found.answer, found.rejected, found.flags


# (reply, question, answer read with the question, its flag); the reading before in a comment
READ_BY_THE_STATEMENT = [
    ("Janet makes $18 every day. She uses 7 eggs herself.", JANET, "18", FLAG),  # was 7
    ("She sells 9 eggs at $2.\nJanet makes $18 every day. She uses 7 eggs herself.", JANET,
     "18", FLAG),  # was 7
    ("Janet earns $18 a day. That leaves her 7 eggs for breakfast.", JANET, "18", FLAG),  # 7
    ("Janet makes $18 every day!\nShe keeps 7 eggs for herself.", JANET, "18", FLAG),  # was 7
    ("Janet makes $18 every day. She has 16 ducks.", JANET, "18", FLAG),  # was 16
    ("Janet makes $18 every day.\n\nShe keeps 7 eggs.", JANET, "18", FLAG),  # was 7
    ("Janet makes 18 dollars every day. She keeps 7 eggs.", JANET, "18", FLAG),  # was 7
    ("Janet makes $18.50 every day. She keeps 7 eggs.", JANET, "18.5", FLAG),  # was 7
    ("Janet makes $18 every day. She keeps 2 dozen eggs.", JANET, "18", FLAG),  # was 24
    ("She sells 9 eggs every day. She makes $18.", "How many eggs does she sell?", "9",
     FLAG),  # was 18
    ("25% of the students passed. That is 7 students.", "What percent of them passed?",
     "25%", FLAG),  # was 7
    ("He drives 18 miles in all. He stops on Day 3.", MILES, "18", FLAG),  # was 3
    # another quantity after the statement, no extension of its frame (time_frames)
    ("She makes $18 every day. She has 126 eggs a week.", Q_DAY, "18", FLAG),  # was 126
    ("It takes her 45 minutes. She passes 3 shops on the way.", LONG, "45", FLAG),  # was 3
    ("He needs to read 18 more pages. The book has 5 chapters.", PAGES, "18", FLAG),  # was 5
    ("The friends pay $18/day. They split it among 3 people.", PAY, "18", FLAG),  # was 3
    # the final sentence is the last line of a list: the sentence before the list
    ("Janet makes $18 every day. " + STEPS, JANET, "18", FLAG),  # was 9
    ("Janet makes $18 every day.\n\nSteps:\n- She has 16 eggs.\n- She sells 9 eggs.", JANET,
     "18", FLAG),  # was 9
    # a breakdown after a plain statement of the asked quantity (breakdowns)
    ("Janet makes $18 every day." + BREAKDOWN, JANET, "18", "breakdown"),  # was 9
    ("Janet makes $18 every day." + TABLE, JANET, "18", "breakdown"),  # was 9
    # one sentence: the guards of asked_units revisited
    ("She earns $18 each day with 9 eggs left to sell.", JANET, "18", UNIT_FLAG),  # was 9
    # ("**Summary:** Janet earns $18/day from 9 eggs." reads 18 without the question since
    # session 13: test_explained_sources.py)
    ("Janet makes $18 every day, assuming she sells all 9 remaining eggs.", JANET, "18",
     UNIT_FLAG),  # was 9
    ("3 friends pay $18 on Day 2.", PAY, "18", UNIT_FLAG),  # was 2 (3 read as money)
]  # fmt: skip

# (reply, question): the reading with the question is the one without it
READ_AS_TODAY = [
    # the final sentence's reading carries the asked quantity, or another number does
    ("She makes $18. Then she spends $5.", JANET),
    # two values in the asked quantity, or a hedge, in the statement
    ("Janet makes $18 or $20 every day. She uses 7 eggs herself.", JANET),
    ("Janet makes $18 on Monday and $20 on Tuesday. She uses 7 eggs.", JANET),
    ("Maybe Janet makes $18 every day. She uses 7 eggs herself.", JANET),
    ("If she sells them all, Janet makes $18. She uses 7 eggs herself.", JANET),
    ("Janet makes $18, not $20. She uses 7 eggs herself.", JANET),
    ("Janet makes 9 x $2 = $18. She uses 7 eggs herself.", JANET),
    ("Does Janet make $18 every day? She uses 7 eggs herself.", JANET),
    ("Janet makes $18, so she has 9 eggs left. She uses 7 eggs herself.", JANET),
    # the final sentence concludes
    ("Janet makes $18 every day. So she uses 7 eggs herself.", JANET),
    ("Janet makes $18 every day. In total she uses 7 eggs.", JANET),
    ("Janet makes $18 every day. Therefore she keeps 7 eggs.", JANET),
    ("Janet makes $18 every day. She keeps **7** eggs.", JANET),
    # the final sentence hedges, bounds or supposes
    ("Janet makes $18 every day. Or she keeps 7 eggs.", JANET),
    ("Janet makes $18 every day. She keeps more than 7 eggs.", JANET),
    ("Janet makes $18 every day. If she keeps 7 eggs, she bakes 2 muffins.", JANET),
    ("Janet makes $18 every day. Maybe she keeps 7 eggs.", JANET),
    # a bare reading may state the answer with its unit left out
    ("Janet makes $18 every day. She uses 7 herself.", JANET),
    ("Janet makes $18 every day. She has 7 left.", JANET),
    # the statement's value is a price per item, or given by the question
    ("She sells eggs for $2 each. She keeps 7 eggs.", JANET),
    ("She sells 9 eggs at $3 each. She keeps 7 eggs.", JANET),
    ("She sells them for $2. She keeps 7 eggs.", JANET),
    # no asked quantity
    ("Janet makes $18 every day. She uses 7 eggs herself.", "What does she make?"),
    ("Janet makes $18 every day. She uses 7 eggs herself.", "How much flour is used?"),
    # the sentence right before holds no value in the asked quantity (two back: out of scope)
    ("Janet makes $18 every day. She has 16 eggs. She uses 7 eggs herself.", JANET),
    # a list that speaks of the asked quantity itself
    ("Janet makes $18 every day. Here is how:\n1. She has 16 eggs.\n2. She sells 9 eggs "
     "at $2.\n3. She keeps 7 eggs.", JANET),
    # a statement before the list that is a heading with a number
    ("Janet makes $18 every day. Her 3 steps:\n1. She has 16 eggs.\n2. She sells 9 eggs.",
     JANET),
    # a breakdown after a restated input (a price the question gives)
    ("She sells each egg for $2." + BREAKDOWN, JANET),
    # a breakdown that goes on past the stated value
    ("Janet sells 9 eggs.\n\n- Eggs: 9\n- Price: $2\n- Money: $18", JANET),
    # other rules fire first
    ("Janet makes $18 every day. She uses 7 eggs herself.\n#### 7", JANET),
    ("Janet makes $18 every day. The answer is 7 eggs.", JANET),
    ("Janet makes $18 every day. She makes \\boxed{7} muffins.", JANET),
    ("Janet makes $18 every day. She uses 7 eggs herself", JANET),  # cut off
]  # fmt: skip

# the final sentence speaks of the asked quantity: asked_units reads it, not the statement
# (reply, question, the answer with the question); the reading before in a comment
LEFT_TO_THE_SENTENCE = [
    ("She makes $18. Then she spends $5 on 2 pens.", JANET, "5"),  # was 2
    ("He drives 18 miles. Then he drives 5 more miles on Day 4.", MILES, "5"),  # was 4
]


@pytest.mark.parametrize(("reply", "question", "answer"), LEFT_TO_THE_SENTENCE)
def test_a_final_sentence_in_the_asked_quantity_is_not_read_by_the_statement(
    reply: str, question: str, answer: str
) -> None:
    got = read(reply, question)
    assert got[:2] == (answer, None)
    assert FLAG not in got[2]  # type: ignore[operator]


# (reply, question): read without the question, two answers with it: the statement says
# one value, the breakdown's answer row another (the reading before in a comment)
TWO_STATED = [
    ("Janet makes $18 every day.\n\n- Eggs sold: 9\n- Total: $20", JANET),  # was 20
    ("Janet makes $18 every day.\n\n| Eggs | Total |\n|---|---|\n| 9 | $20 |", JANET),  # 20
]


@pytest.mark.parametrize(("reply", "question"), TWO_STATED)
def test_a_statement_and_another_answer_row_are_two_answers(reply: str, question: str) -> None:
    assert read(reply, None)[:2] == ("20", None)
    got = read(reply, question)
    assert got[1] == "multiple_answers"
    for value in ("18", "20"):
        sample = Sample.from_text(response=reply, reference=value, prompt=question)
        assert GRADE(sample).score == 0


# refused without the question, refused with it
REFUSED = [
    ("Janet makes $18 every day. She uses 7 or 8 eggs herself.", JANET),
    ("Janet makes $18 every day. She uses between 7 and 8 eggs.", JANET),
]


@pytest.mark.parametrize(("reply", "question", "answer", "flag"), READ_BY_THE_STATEMENT)
def test_the_statement_of_the_asked_quantity_is_read(
    reply: str, question: object, answer: str, flag: str
) -> None:
    assert read(reply, None)[0] != answer  # before: the final sentence's number
    got = read(reply, question)
    assert got[:2] == (answer, None)
    assert flag in got[2]  # type: ignore[operator]
    assert "frame_extension" not in got[2]  # type: ignore[operator]


@pytest.mark.parametrize(("reply", "question"), READ_AS_TODAY)
def test_other_replies_read_as_today(reply: str, question: str) -> None:
    assert read(reply, question) == read(reply, None)


@pytest.mark.parametrize(("reply", "question"), REFUSED)
def test_a_refused_reply_stays_refused(reply: str, question: str) -> None:
    assert read(reply, None)[1] is not None
    assert read(reply, question) == read(reply, None)


def test_the_probe_replies_of_the_issue_are_paid_with_the_prompt() -> None:
    for reply in (
        "She sells 9 eggs at $2.\nJanet makes $18 every day. She uses 7 eggs herself.",
        "Janet makes $18 every day." + BREAKDOWN,
    ):
        assert GRADE(Sample.from_text(response=reply, reference="18", prompt=JANET)).score > 0
        assert GRADE(Sample.from_text(response=reply, reference="18")).score == 0
        assert GRADE(Sample.from_text(response=reply, reference="7", prompt=JANET)).score == 0
        assert GRADE(Sample.from_text(response=reply, reference="9", prompt=JANET)).score == 0


def test_the_policy_needs_the_prompt_and_an_accepted_reading() -> None:
    body = "Janet makes $18 every day. She uses 7 eggs herself."
    s = "She uses 7 eggs herself."
    found = EX(body)
    assert asked_statement(found, s, body, None) is found
    assert asked_statement(None, s, body, JANET) is None
    rejected = EX("Janet makes $18 every day. She uses 7 or 8 eggs.")
    assert rejected.rejected is not None
    assert asked_statement(rejected, s, body, JANET) is rejected
    assert asked_statement(found, s, body, JANET).answer == "18"  # type: ignore[union-attr]
    assert asked_statement(found, body, body, JANET) is found  # no sentence before it


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Janet makes $18 every day.", 18),
        ("She sells 9 eggs for $18.", 18),
        ("Janet makes $18 every day from 9 eggs.", 18),
        ("Janet makes $18 or $20.", None),  # a hedge
        ("Janet makes $18 and $20.", None),  # two values
        ("Janet makes $18 and then $18 more.", 18),  # one value twice
        ("She sells eggs at $2 per egg.", None),  # given, and per item
        ("She sells eggs at $3 each.", None),  # per item
        ("She has 16 eggs.", None),  # none
        ("Janet makes $18 = 9 x $2.", None),  # an equation
        ("Does she make $18?", None),  # a question
        ("She earns $18, so she has 9 eggs left.", None),  # a later conclusion
        ("She earns $18, 20 eggs.", None),  # side by side
    ],
)
def test_the_one_value_carrying_the_asked_quantity(sentence: str, value: int | None) -> None:
    ask = asked(JANET)
    assert ask is not None
    got = asked_number(sentence, ask, JANET)
    assert (None if got is None else got.value) == value


def test_stated_by_ask_needs_the_prompt_and_the_same_value() -> None:
    s = "Janet makes $18 every day."
    found = EX(s)
    assert stated_by_ask(s, found, JANET)
    assert not stated_by_ask(s, found, None)
    assert not stated_by_ask(s, found, "What does she make?")
    assert not stated_by_ask(s, EX("She has 7 eggs."), JANET)


# -- properties: one reply is never paid for two values -----------------------------------

_AMOUNT = st.integers(min_value=10, max_value=9_999)
_OTHER = st.integers(min_value=3, max_value=99)
_STATEMENTS = [
    "Janet makes ${a} every day.",
    "She earns {a} dollars a day!",
    "Janet makes ${a} every day at the market.",
    "So Janet makes ${a} every day.",
]
_AFTER = [
    "She uses {b} eggs herself.",
    "She keeps {b} eggs for muffins.",
    "That leaves her {b} eggs for breakfast.",
    "She sells them on Day {b}.",
    "Here is how:\n1. She has 16 eggs.\n2. She keeps {b} eggs.",
    "\n\nBreakdown:\n- Eggs laid: 16\n- Eggs kept: {b}",
]
_HEDGED = [
    "Janet makes ${a} or ${c} every day.",
    "Janet makes maybe ${a} every day.",
    "Janet makes between ${a} and ${c} every day.",
    "If she sells them all, Janet makes ${a}.",
    "Janet makes ${a}, not ${c}.",
    "Janet makes ${a} and ${c} every day.",
]


def _paid(reply: str, reference: int, prompt: object) -> bool:
    sample = Sample.from_text(response=reply, reference=str(reference), prompt=prompt)
    return GRADE(sample).score > 0


@settings(max_examples=80, deadline=None)
@given(
    a=_AMOUNT,
    b=_OTHER,
    statement=st.sampled_from(_STATEMENTS),
    after=st.sampled_from(_AFTER),
)
@example(a=18, b=7, statement=_STATEMENTS[0], after=_AFTER[0])
@example(a=18, b=9, statement=_STATEMENTS[0], after=_AFTER[5])
@example(a=16, b=3, statement=_STATEMENTS[0], after=_AFTER[0])
def test_the_stated_value_is_paid_and_the_other_thing_never(
    a: int, b: int, statement: str, after: str
) -> None:
    if a == b or str(b) in str(a) or 16 in (a, b):
        return  # 16 is given by the question: no answer it asks (found by hypothesis)
    reply = statement.format(a=a) + " " + after.format(b=b)
    assert _paid(reply, a, JANET), reply
    assert not _paid(reply, b, JANET), reply


@settings(max_examples=80, deadline=None)
@given(
    a=_AMOUNT,
    b=_OTHER,
    c=_AMOUNT,
    statement=st.sampled_from(_HEDGED),
    after=st.sampled_from(_AFTER),
)
@example(a=18, b=7, c=20, statement=_HEDGED[0], after=_AFTER[0])
@example(a=19, b=3, c=10, statement=_HEDGED[1], after=_AFTER[5])  # 16 + 3 = 19 (breakdowns)
def test_a_hedged_statement_is_never_read(
    a: int, b: int, c: int, statement: str, after: str
) -> None:
    """A statement with a hedge or two values in the asked quantity: the reply reads as
    without the question, this policy pays none of the statement's values, and never two.

    (A breakdown whose rows add up to a one-value statement, ``maybe $19`` then ``16`` and
    ``3``, reads that statement, with or without the question: the breakdowns policy, as
    ``Janet makes maybe $19 every day.`` alone is read 19.)"""
    if len({a, b, c}) < 3 or 16 in (a, b, c):
        return
    reply = statement.format(a=a, c=c) + " " + after.format(b=b)
    got = read(reply, JANET)
    assert got == read(reply, None)
    assert FLAG not in got[2]  # type: ignore[operator]
    paid = [v for v in (a, b, c) if _paid(reply, v, JANET)]
    if "breakdown" not in got[2]:  # type: ignore[operator]
        assert a not in paid and c not in paid
    assert len(paid) <= 1


_PIECES = st.sampled_from(
    ["$", " dollars", " eggs", " or", " on Day", ", ", " each", " per egg", " and", " = ", "!"]
)


@settings(max_examples=150, deadline=None)
@given(
    first=st.lists(st.tuples(st.integers(min_value=1, max_value=999), _PIECES), max_size=4),
    second=st.lists(st.tuples(st.integers(min_value=1, max_value=999), _PIECES), max_size=3),
    lead=st.sampled_from(["Janet makes ", "So she has ", "Maybe she earns "]),
)
def test_a_change_is_only_ever_one_value_of_the_statement(
    first: list[tuple[int, str]], second: list[tuple[int, str]], lead: str
) -> None:
    """Whatever the two sentences: a refusal stays a refusal, and a changed reading is a
    number of the sentence before, accepted and flagged."""
    statement = lead + " ".join(f"{n}{w}" for n, w in first) + "."
    final = "She uses " + " ".join(f"{n}{w}" for n, w in second) + " eggs."
    body = statement + " " + final
    before = EX(body)
    after = asked_statement(before, final, body, JANET)
    if after is before:
        return
    assert before.rejected is None
    assert after is not None
    assert after.rejected is None
    assert after.flags[-1] == FLAG
    assert after.number is not None
    assert after.number.value in {n for n, _ in first}
