"""What follows the answer in its final sentence and states no answer (session 13).

A prose reply's final sentence was read by its last number even when that number came from
what the sentence says *about* the answer, so a right answer was refused and a given number
paid. Four classes (docs/graders.md, "How the answer was computed, and where it came from"):

* (a) a restatement of how the answer was computed, after ``i.e.``, ``that is``, ``namely``,
  ``meaning``, ``which is`` or a dash, in words or signs: ``The total is 20, i.e. 100 minus
  80.`` (read 80); and the other way round, ``So he has 100 minus 80, i.e. 20 apples.``
  (two answers before); in a sentence of its own, ``That is 100 minus 80.`` (read 80);
* (b) a phrase naming the quantity the answer was taken from: ``She has 20 apples left from
  the original 100.``, ``... of her 100.``, ``Janet earns $18 from 9 eggs.`` (read the last);
* (c) a passive ``after`` clause: ``She has 20 apples left after 80 were eaten.`` (read 80),
  and ``by`` with a verb in ``-ing``: ``Janet earns $18 by selling 9 eggs.`` (read 9);
* (d) a ``since`` / ``because`` clause whose equation computes a number that only such a
  phrase holds: ``Janet earns $18 from 9 eggs, since 16 - 3 - 4 = 9.`` (read 9).

Each reading is the statement's value; what keeps its reading is listed too.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.checks_after import unreasoned
from rftkit.rewards.explanations import computed, source_start
from rftkit.rewards.extract import Extractor

GSM8K = rftkit.load_grader("gsm8k")
EX = Extractor()
WORK = "Tom had 100 apples. He gave away 80. 100 - 80 = 20. "
EGGS = "Janet's ducks lay 16 eggs a day. She sells 16 - 3 - 4 = 9 eggs at $2 each. "

# (reply, answer now): the old reading in the comment
FIXED = [
    # (a) a computation after the answer
    (WORK + "The total is 20, i.e. 100 minus 80.", "20"),  # was 80
    (WORK + "The total is 20, that is 100 minus 80.", "20"),  # was 80
    (WORK + "The total is 20, namely 100 minus 80.", "20"),  # was 80
    (WORK + "The total is 20, meaning 100 minus 80.", "20"),  # was 80
    (WORK + "The total is 20, i.e. 100 - 80.", "20"),  # was 80, two answers
    (WORK + "He has 20 apples left, which is 100 - 80.", "20"),  # was 80, two answers
    (WORK + "He has 20 apples left, which equals 100 minus 80.", "20"),  # was 80
    (WORK + "He has 20 apples left (i.e. 100 - 80).", "20"),  # was 80, two answers
    (WORK + "He has 20 apples left, i.e. 100 apples minus 80 apples.", "20"),  # was 80
    (WORK + "He has 20 apples left \u2014 100 minus 80.", "20"),  # was 80
    (WORK + "He has twenty apples left, i.e. 100 minus 80.", "20"),  # was 80
    (WORK + "So he has 100 minus 80, i.e. 20 apples.", "20"),  # was 20, two answers
    (WORK + "He has 20 apples left. That is 100 minus 80.", "20"),  # was 80
    (WORK + "He has 20 apples left. That's 100 - 80.", "20"),  # was 80
    ("It takes 3 hours, that is 180 minutes divided by 60.", "3"),  # was 60
    ("So the answer is 12, which is 3 times 4.", "12"),  # was 12, several numbers
    # (b) the quantity the answer was taken from
    (WORK + "She has 20 apples left from the original 100.", "20"),  # was 100
    (WORK + "She has 20 apples left of her 100.", "20"),  # was 100
    (WORK + "So he has 20 apples remaining of the original 100 apples.", "20"),  # was 100
    (WORK + "So he has 20 left from the 100 he started with.", "20"),  # was 100
    (WORK + "So he has 20 apples left from a total of 100.", "20"),  # was 100
    (WORK + "So he has $20 left from his $100.", "20"),  # was 100
    (WORK + "So he has twenty apples left from the original 100.", "20"),  # was 100
    (EGGS + "Janet earns $18 from 9 eggs.", "18"),  # was 9
    (EGGS + "She makes $18 every day from the 9 eggs she sells.", "18"),  # was 9
    ("**Summary:** Janet earns $18/day from 9 eggs.", "18"),  # was 9 (18 with the prompt)
    ("Janet makes $18 every day by selling her 9 remaining eggs.", "18"),  # was 9 (idem)
    ("Janet makes 18 dollars a day from 9 fresh eggs.", "18"),  # was 9 (idem)
    ("Janet makes $18 a day from 9 baked goods.", "18"),  # was 9 (idem)
    (EGGS + "So she makes $18 per day from 9 eggs.", "18"),  # was 9
    (WORK + "The answer is 20 apples left from the original 100.", "20"),  # several numbers
    # (c) a passive "after" clause, a "by" clause
    (WORK + "She has 20 apples left after 80 were eaten.", "20"),  # was 80
    (WORK + "She has 20 apples left after 80 are sold.", "20"),  # was 80
    (WORK + "He has 20 apples left after the 80 apples were given away.", "20"),  # was 80
    (WORK + "He has 20 apples left after 80 have been given away.", "20"),  # was 80
    (WORK + "There are 20 left after 80 got sold.", "20"),  # was 80
    (EGGS + "Janet earns $18 by selling 9 eggs.", "18"),  # was 9
    (WORK + "The answer is 20 apples after 80 were eaten.", "20"),  # several numbers
    # (d) a reason that computes the quantity of such a phrase
    (EGGS + "Janet earns $18 from 9 eggs, since 16 - 3 - 4 = 9.", "18"),  # was 9
    (EGGS + "Janet earns $18 from 9 eggs, because 16 - 3 - 4 = 9.", "18"),  # was 9
    (EGGS + "Janet earns $18 by selling 9 eggs, since 16 - 3 - 4 = 9.", "18"),  # was 9
    (EGGS + "The answer is $18 from 9 eggs, since 16 - 3 - 4 = 9.", "18"),  # was 9
]


@pytest.mark.parametrize(("reply", "answer"), FIXED)
def test_the_statement_is_read(reply: str, answer: str) -> None:
    found = EX(reply)
    assert found.rejected is None and found.number is not None, (reply, found)
    assert str(found.number.value) == answer, (reply, found)  # ("20 apples" by answer_is)
    assert found == EX.general(reply)


# (reply, reading): what keeps its reading
KEPT = [
    ("20 out of 100 apples are red, so 80 are green.", ("80", None)),
    ("She has 20 left, i.e. 20 apples.", ("20", None)),
    ("He ate 3 of them, so he ate 3 apples.", ("3", None)),
    ("20 of the 100 apples are sold.", ("100", None)),  # the prompt reads 20 (givens)
    ("So she spent 20% of her 100 dollars.", ("100", None)),  # a percent: not a count
    ("So he spent 1/4 of his 100 dollars.", ("100", None)),  # a fraction
    ("We subtract 80 from 100.", ("100", None)),  # arithmetic: both are operands
    ("So we take 80 away from 100.", ("100", None)),
    ("He got 2 apples from each of his 5 friends.", ("5", None)),  # a share
    ("She paid $2 per egg from 9 eggs.", ("9", None)),  # a rate
    ("He sold all of his 100 apples.", ("100", None)),
    ("So he needs 20 more from the 100.", ("100", None)),  # a comparison
    ("He got 18 questions out of 20 blocks.", ("20", None)),  # "out of": comparisons
    ("Janet makes $18 daily, using 7 of her 16 eggs.", ("16", None)),  # 7: no answer
    ("She gave away 80, leaving 20 of her 100 apples.", ("20", None)),  # was 100
    ("He has 20 apples, i.e. 100 - 70.", ("70", "multiple_answers")),  # another value
    ("So she makes $18 a day, i.e. $126 a week.", ("18", None)),  # a conversion
    ("It takes 2 hours, i.e. 120 minutes.", ("2", None)),
    ("He will be 20 after 8 years.", ("20", None)),  # a time frame
    ("The number left after 80 were eaten is 20.", ("20", None)),  # the main clause goes on
    ("It takes 5 hours to finish 10 pages since 10/2 = 5.", ("5", None)),  # a reason for 5
    ("Janet sells 9 eggs for $18, since 16 - 3 - 4 = 9.", ("9", None)),  # no phrase: as before
    (WORK + "So he has 20 or 30 apples left. That is 100 minus 80.", ("80", None)),
]


@pytest.mark.parametrize(("reply", "reading"), KEPT)
def test_what_keeps_its_reading(reply: str, reading: tuple[str, str | None]) -> None:
    found = EX(reply)
    assert (found.answer, found.rejected) == reading, (reply, found)
    assert found == EX.general(reply)


def test_the_readers_return_other_sentences_as_they_are() -> None:
    for s in ("She makes $18 every day.", "The total of the 3 boxes is 12.", "x, i.e., y."):
        assert computed(s) is s
        assert unreasoned(s) is s
        assert source_start(s, len(s)) == (-1, None)


def _paid(reply: str, values: tuple[int, ...], prompt: str | None = None) -> list[bool]:
    return [
        GSM8K(Sample.from_text(response=reply, reference=str(v), prompt=prompt)).score >= 0.5
        for v in values
    ]


_COMPUTING = st.sampled_from([", i.e. ", ", that is ", ", namely ", ", which is ", ", meaning "])
_OPS = st.sampled_from([(" minus ", "-"), (" - ", "-"), (" plus ", "+"), (" + ", "+")])


@settings(max_examples=150, deadline=None)
@given(a=st.integers(2, 400), b=st.integers(2, 400), opener=_COMPUTING, op=_OPS)
@example(a=100, b=80, opener=", i.e. ", op=(" minus ", "-"))
def test_a_computation_after_the_answer_is_no_answer(
    a: int, b: int, opener: str, op: tuple[str, str]
) -> None:
    """(a) ``The total is V, i.e. A minus B.``: paid V only (V = A - B or A + B)."""
    v = a - b if op[1] == "-" else a + b
    if v < 2 or len({a, b, v}) < 3:
        return
    reply = f"{WORK}So the total is {v}{opener}{a}{op[0]}{b}."
    assert _paid(reply, (v, a, b)) == [True, False, False], reply


_SOURCES = st.sampled_from(
    [
        "from the original {b}",
        "of her {b}",
        "from her {b} apples",
        "from the {b} she started with",
        "from a total of {b}",
    ]
)


@settings(max_examples=150, deadline=None)
@given(a=st.integers(2, 999), b=st.integers(2, 999), phrase=_SOURCES)
@example(a=20, b=100, phrase="from the original {b}")
def test_the_quantity_the_answer_came_from_is_no_answer(a: int, b: int, phrase: str) -> None:
    """(b) ``She has A apples left from the original B.``: paid A only."""
    if a == b:
        return
    reply = f"{WORK}She has {a} apples left {phrase.format(b=b)}."
    assert _paid(reply, (a, b)) == [True, False], reply


_PASSIVES = st.sampled_from(
    ["after {b} were eaten", "after {b} are sold", "after the {b} were given away",
     "after {b} apples had been eaten", "after {b} got sold"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(a=st.integers(2, 999), b=st.integers(2, 999), clause=_PASSIVES)
@example(a=20, b=80, clause="after {b} were eaten")
def test_a_passive_after_clause_is_no_answer(a: int, b: int, clause: str) -> None:
    """(c) ``She has A apples left after B were eaten.``: paid A only."""
    if a == b:
        return
    reply = f"{WORK}She has {a} apples left {clause.format(b=b)}."
    assert _paid(reply, (a, b)) == [True, False], reply


@settings(max_examples=150, deadline=None)
@given(
    x=st.integers(3, 60),
    y=st.integers(1, 20),
    z=st.integers(1, 20),
    price=st.integers(2, 9),
    phrase=st.sampled_from(["from {n} eggs", "by selling {n} eggs", "from the {n} eggs"]),
    word=st.sampled_from(["since", "because"]),
)
@example(x=16, y=3, z=4, price=2, phrase="from {n} eggs", word="since")
def test_a_reason_for_the_source_is_no_answer(
    x: int, y: int, z: int, price: int, phrase: str, word: str
) -> None:
    """(d) ``Janet earns $V from N eggs, since X - Y - Z = N.``: paid V only."""
    n = x - y - z
    v = n * price
    if n < 2 or len({v, n, x, y, z}) < 5:
        return
    reply = f"{EGGS}Janet earns ${v} {phrase.format(n=n)}, {word} {x} - {y} - {z} = {n}."
    assert _paid(reply, (v, n)) == [True, False], reply
