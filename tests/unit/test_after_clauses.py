"""What was done before the answer's state, after it: ``She has 20 apples left after giving
away 80.`` answers 20.

A final sentence that states the answer and then says what led to it with ``after`` and a
verb in ``-ing`` or a pronoun (``after selling 80``, ``after she gave away 80``) paid that
clause's number. The clause is read as a justification (``checks_after.reason_start``): its
numbers are no answers. Not when ``after`` is part of a noun phrase (``before and after he
broke his arm``) or the main clause goes on after it (``... after he broke his arm is 50 -
40 = 10 words``, a GSM8K train solution), nor ``after 8 years`` (a time frame). The passive
``after 80 were eaten`` is such a clause too (session 13; it read 80 before).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.extract import Extractor

GSM8K = rftkit.load_grader("gsm8k")
EX = Extractor()
WORK = "She had 100 apples.\n"

# (final sentence, answer now): each read the clause's number before
READ = [
    ("She has 20 apples left after giving away 80.", "20"),
    ("She has 20 apples left, after giving 80 away.", "20"),
    ("She ends up with 20 apples after selling 80.", "20"),
    ("So she has 20 apples left after she gives 80 to her friends.", "20"),
    ("Therefore, she has 20 apples remaining after giving 80 apples to her friends.", "20"),
    ("Janet has $20 left after spending $80 on groceries.", "20"),
    ("Janet makes $20 daily after using 7 of her 16 eggs.", "20"),  # was 16
    # the passive (session 13): was 80
    ("There are 20 apples remaining after 80 were eaten.", "20"),
]


@pytest.mark.parametrize(("sentence", "answer"), READ)
def test_the_state_before_after_is_read(sentence: str, answer: str) -> None:
    found = EX(WORK + sentence)
    assert (found.answer, found.rejected) == (answer, None), sentence
    assert found == EX.general(WORK + sentence)


AS_BEFORE = [
    # the main clause goes on after "after", or "after" is part of a noun phrase
    (
        "The difference before and after he broke his arm is 50 - 40 = 10 words.",
        ("10", None),
    ),
    ("She has 20 apples left after giving away 100 - 80 = 20.", ("20", None)),
    ("He will be 20 years old after 8 years.", ("20", None)),
    ("After giving away 80, she has 20 apples.", ("20", None)),
]


@pytest.mark.parametrize(("sentence", "reading"), AS_BEFORE)
def test_what_reads_as_before(sentence: str, reading: tuple[str, str | None]) -> None:
    found = EX(WORK + sentence)
    assert (found.answer, found.rejected) == reading, sentence


_CLAUSES = [
    "after giving away {b}",
    "after selling {b}",
    "after she gave away {b}",
    "after eating {b} of them",
    "after they took {b}",
    "after spending ${b}",
]


@settings(max_examples=150, deadline=None)
@given(
    a=st.integers(2, 999),
    b=st.integers(2, 999),
    clause=st.sampled_from(_CLAUSES),
    comma=st.booleans(),
)
@example(a=20, b=80, clause=_CLAUSES[0], comma=False)
def test_the_clause_number_is_never_paid(a: int, b: int, clause: str, comma: bool) -> None:
    if a == b:
        return
    sentence = f"So she has {a} apples left{',' if comma else ''} {clause.format(b=b)}."
    paid = [
        GSM8K(Sample.from_text(response=WORK + sentence, reference=str(v))).score >= 0.5
        for v in (a, b)
    ]
    assert paid == [True, False], sentence
