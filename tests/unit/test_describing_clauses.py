"""A relative clause that describes the final sentence's answer (rftkit.rewards.describing).

``She makes $18 per day, which is the money from 9 eggs.`` states 18 and describes it: the
clause's numbers are no answer (flag ``description``). A clause that states or concludes a
value (``which is $126 per week``, ``which means he needs 3 more``) keeps its reading. Each
table row gives the reading before this policy in a comment; both directions are checked,
and every reply is read by the fast paths as by the general one (tests/prose.py).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from rftkit.rewards.extract import Extractor
from tests.prose import WORK, assert_reads_as_general, paid, read

EX = Extractor()
DESCRIPTION = "description"  # describing.FLAG (a literal: the table also runs on older code)

# (final sentence, answer read now, flag) - the reading before in the comment
DESCRIBED = [
    ("She makes 9 \u00d7 $2 = $18 per day, which is the amount from 9 eggs.", "18", DESCRIPTION),
    # before: 9
    ("She makes $18 per day, which is the money from 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, which comes from selling 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, which is the cost of 3 tickets.", "18", DESCRIPTION),  # 3
    ("She makes $18 per day, which she earns from 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, which she makes by selling 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, that is the amount from 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, that's the money from 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, which is made by selling 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, which is for 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day which is the money from 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, which is the money from her 9 eggs!", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, which is the money from 9 eggs and 3 hens.", "18", DESCRIPTION),
    # before: 3
    ("That's $18 per day, which is what she earns from 9 eggs.", "18", DESCRIPTION),  # 9
    ("She has 18 eggs that she got from 9 hens.", "18", DESCRIPTION),  # 9
    ("She makes $18 per day, which is the money from 9 eggs sold in 3 hours.", "18",
     DESCRIPTION),  # 3
    ("So 9 * 2 = 18 dollars, which is the money from 9 eggs.", "18", DESCRIPTION),  # 9
    ("She makes $1,800 per day, which is the money from 900 eggs.", "1800", DESCRIPTION),  # 900
    ("There are 18 students, who come from 3 schools.", "18", DESCRIPTION),  # 3
    ("He saved $45, which would be the price of 5 tickets.", "45", DESCRIPTION),  # 5
    ("He spends $54, which is the total for 3 days.", "54", DESCRIPTION),  # 3
    ("The total is 180 minutes, which is the number of minutes in 3 hours.", "180", DESCRIPTION),
    # before: 3
    ("She will have $180, which is the amount left after 10 weeks.", "180", DESCRIPTION),  # 10
    (
        "Thus, the second runner can stop for a maximum of 8 minutes, which is the amount of"
        " time it takes the first runner to travel 1 mile.",
        "8",
        DESCRIPTION,
    ),  # 1 (GSM8K train #3433's own solution)
    # a product of the clause's numbers that recomputes the answer explains it
    ("She makes $18 per day, which is 9 eggs times $2.", "18", "explanation"),  # 2
    ("She makes $18 per day, which is 9 x $2.", "18", "explanation"),  # several_numbers
    # a time frame in the main clause is read as there (time_frames), the clause not at all
    ("Antonia will have 350 pills left after 2 weeks, which is the amount from 3 bottles.", "350",
     "time_frame"),  # 3
]  # fmt: skip

# (final sentence, answer read, rejected): read as before this policy
KEPT = [
    # a clause that restates the answer as another value: two answers (second_answers)
    # (a true conversion, $126 per week, is one value: test_conversions.py)
    ("She makes $18 per day, which is $130 per week.", "130", "multiple_answers"),
    ("She sold 9 eggs, which is $18.", "18", "multiple_answers"),
    ("She makes $18 per day, which equals 9 eggs.", "9", "multiple_answers"),
    # a later clause that states or concludes a value
    ("She picks 3 + 17 = 20 flowers, so the total is 23.", "23", None),
    ("He has 5 apples, which means he needs 3 more.", "3", None),
    ("She has 15 apples, which leaves her with 3.", "3", None),
    ("She makes $18 per day, which is a total of 36.", "36", None),
    ("She makes $18 per day, which is the total of 36.", "36", None),
    ("She makes $18 per day, which is an increase of 6.", "6", None),
    ("She makes $18 per day, which is the same as 126 per week.", "126", None),
    ("She has 30 cookies, which is a total of 3 boxes.", "3", None),
    ("There are 18 students, who each have 3 pencils.", "3", None),
    # a capacity: the later number may be what is asked
    ("She makes $18 per day, which is enough for 3 days.", "3", None),
    ("She has $18, which pays for 3 tickets.", "3", None),
    # a describing clause, then a clause that concludes with a number
    ("She makes $18 per day, which is the money from 9 eggs, so she makes 126 a week.", "126",
     None),
    # a product that does not recompute the answer
    ("She makes $18 per day, which is 9 eggs times $3.", "3", None),
    # a hedge inside the clause
    ("She makes $18 per day, which is the money from 9 or 10 eggs.", "10", "multiple_answers"),
    # dozens: one value in two units (rewards.dozens)
    ("He buys 3 dozen, which is 36.", "36", None),  # one value in two units (dozens)
    # a comparison (relations)
    ("Jan has 18 apples, which is 5 more than Tim.", "18", None),
    # an amount of money in the clause is a value, which may be the answer
    ("So she has 9 eggs, which she sells at the market for $18.", "18", None),
    ("So she has 9 eggs, which she sells at the market for 18 dollars.", "18", None),
    # a clause inside the main clause, not after its number: its verb follows
    ("After 3 days, the eggs that she sold for $2 made her 18 dollars.", "18", None),
    ("After 3 days, the money that she gets from 9 eggs pays her rent.", "9", None),
    # the documented limits: a main clause in words, or more than four words between its
    # number and the clause, is not read for the clause
    ("She makes eighteen dollars, which is the money from 9 eggs.", "9", None),
    ("She makes $18 every single day of the week, which is the money from 9 eggs.", "9", None),
]  # fmt: skip

# (final sentence, answer, rejected): refused now, as the main clause reads alone
REFUSED = [
    # before: 9, accepted (the clause's number)
    ("She makes 18 or 20 dollars, which is the money from 9 eggs.", "20", "multiple_answers"),
]


@pytest.mark.parametrize(("sentence", "answer", "flag"), DESCRIBED)
def test_a_describing_clause_is_no_answer(sentence: str, answer: str, flag: str) -> None:
    assert read(sentence) == (answer, None)
    assert flag in EX(WORK + sentence).flags
    assert paid(sentence, answer) == 1.0
    assert_reads_as_general(sentence.rstrip(".!"))


@pytest.mark.parametrize(("sentence", "answer", "rejected"), KEPT)
def test_a_stating_clause_keeps_its_reading(sentence: str, answer: str, rejected: str) -> None:
    assert read(sentence) == (answer, rejected)
    assert DESCRIPTION not in EX(WORK + sentence).flags
    assert_reads_as_general(sentence.rstrip(".!"))


@pytest.mark.parametrize(("sentence", "answer", "rejected"), REFUSED)
def test_a_hedge_in_the_main_clause_stays_a_hedge(
    sentence: str, answer: str, rejected: str
) -> None:
    assert read(sentence) == (answer, rejected)
    assert paid(sentence, "9") == 0.0


@pytest.mark.parametrize(
    "reply",
    [
        "#### 18\nShe makes $18 per day, which is the money from 9 eggs.",
        "The answer is 18.\nSo she makes $18 per day, which is the money from 9 eggs.",
        "She makes **$18** per day, which is the money from 9 eggs.",
    ],
)
def test_a_marker_answer_stays_read_and_the_clause_takes_nothing_back(reply: str) -> None:
    found = EX(reply)
    assert found.number is not None and found.number.value == 18 and found.rejected is None
    assert found == EX.general(reply)


def test_a_marker_answer_of_another_value_is_still_several_answers() -> None:
    reply = "#### 20\nSo she makes $18 per day, which is the money from 9 eggs."
    assert EX(reply).rejected == "multiple_answers"


def test_the_last_number_rule_reads_the_main_clause_too() -> None:
    only = Extractor(["last_number"])
    found = only("She makes $18 per day, which is the money from 9 eggs. Done.")
    assert (found.answer, found.rule, found.flags) == ("18", "last_number", (DESCRIPTION,))


# -- properties --------------------------------------------------------------------------

_MAIN = st.sampled_from(
    [
        "She makes ${a} per day",
        "So there are {a} students",
        "He has {a} apples",
        "So {p} + {q} = {a} dollars",
        "Thus, it takes {a} minutes",
    ]
)
_DESCRIBING = st.sampled_from(
    [
        ", which is the money from {b} eggs",
        ", which comes from selling {b} eggs",
        ", which is the cost of {b} tickets",
        ", which she earns from {b} eggs",
        ", that is the amount from {b} eggs",
        ", that's the price of {b} pens and {c} cups",
        ", which is made by selling {b} eggs",
        ", who come from {b} schools",
        ", which is the time it takes to run {b} miles",
        ", which would be the price of {b} tickets",
        " which is what he gets for {b} hours of work",
    ]
)
_STATING = st.sampled_from(
    [
        ", which is {b}",
        ", which is ${b} per week",
        ", which equals {b} eggs",
        ", which makes {b}",
        ", that's {b} eggs in total",
        ", which is a total of {b}",
        ", which means he needs {b} more",
        ", which comes to {b}",
    ]
)
_NUMBER = st.integers(2, 5000)


def _written(n: int, comma: bool) -> str:
    return f"{n:,}" if comma else str(n)


@given(_MAIN, _DESCRIBING, _NUMBER, _NUMBER, _NUMBER, st.booleans())
@example("She makes ${a} per day", ", which is the money from {b} eggs", 18, 9, 2, False)
@example("So there are {a} students", ", who come from {b} schools", 1000, 1000, 2, True)
def test_a_describing_clause_reads_the_main_clauses_answer(
    main: str, clause: str, a: int, b: int, c: int, comma: bool
) -> None:
    p = a // 2
    head = main.format(a=_written(a, comma), p=p, q=a - p)
    sentence = head + clause.format(b=_written(b, comma), c=c) + "."
    found = EX(WORK + sentence)
    assert found == EX.general(WORK + sentence), sentence
    assert found.rejected is None, sentence
    assert found.number is not None and found.number.value == a, (sentence, found)
    assert DESCRIPTION in found.flags, sentence


@given(_MAIN, _STATING, _NUMBER, _NUMBER, st.booleans())
@example("She makes ${a} per day", ", which is {b}", 18, 126, False)
@example("So {p} + {q} = {a} dollars", ", which makes {b}", 20, 23, False)
def test_a_stating_clause_is_never_read_as_the_main_clause_alone(
    main: str, clause: str, a: int, b: int, comma: bool
) -> None:
    if a == b:
        b += 1
    p = a // 2
    head = main.format(a=_written(a, comma), p=p, q=a - p)
    sentence = head + clause.format(b=_written(b, comma)) + "."
    found = EX(WORK + sentence)
    assert found == EX.general(WORK + sentence), sentence
    read_a = found.rejected is None and found.number is not None and found.number.value == a
    assert not read_a, (sentence, found)
    assert DESCRIPTION not in found.flags, sentence


_HEAD = st.sampled_from(["18", "9", "1,000", "2.5", "$", " ", " or ", "= ", "* ", "eggs", " a day"])
_OPENERS = st.sampled_from([", which ", " which ", ", that ", ", that's ", ", who ", "; which "])
_BODY = st.sampled_from(
    [
        "18", "9", "2", "1,000", "2.5", "$", " ", ", ", "is ", "was ", "would be ", "the ",
        "a ", "what ", "money ", "from ", "for ", "by ", "of ", "cost ", "total ", "selling ",
        "comes ", "she earns ", "made ", "enough ", "or ", "and ", "= ", "* ", "times ", "x ",
        "eggs", " per day", "so ", "left ", "in total", "dozen ", "(", ")", ":", "-", "%",
    ]
)  # fmt: skip


@given(st.lists(_HEAD, min_size=1, max_size=4), _OPENERS, st.lists(_BODY, max_size=9))
@example(["$", "18"], ", which ", ["is ", "the ", "money ", "from ", "9", " eggs"])
@example(["18"], ", that's ", ["the ", "cost ", "of ", "9"])
@example(["18", " or ", "20"], ", which ", ["is ", "the ", "money ", "from ", "9"])
def test_a_described_reading_is_the_main_clauses_reading(
    head: list[str], opener: str, body: list[str]
) -> None:
    from rftkit.rewards.describing import clause

    main = "She makes " + "".join(head)
    sentence = main + opener + "".join(body) + "."
    reply = WORK + sentence
    found = EX(reply)
    assert found == EX.general(reply), sentence
    if DESCRIPTION in found.flags:
        cut = clause(sentence)
        assert cut is not None and cut[1] is None, sentence
        alone = EX(WORK + sentence[: cut[0]] + ".")
        assert (alone.answer, alone.rejected) == (found.answer, found.rejected), sentence
