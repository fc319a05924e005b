"""Fractions said in words read as their digit twins (``rewards.spoken_fractions``).

``So it takes 2 and a half hours.`` was paid 2, ``two and a half`` 2, ``half an hour``
nothing, ``#### 2 and a half`` 2, and ``2 hours and thirty minutes`` 2 while its digits
form is no one number. Now a sentence with a fraction in words reads as the same sentence
with the fraction in digits (``2 1/2 hours``), so every spelling of a value reads alike and
the digit reading's checks (hedges, equations, two units) apply to it. The class is tested
by tables both ways and by properties over every whole part, fraction and spelling.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.audit.probes.base import number_words as spell
from rftkit.rewards.extract import Extractor
from rftkit.rewards.numbers import Number
from rftkit.rewards.spoken_fractions import spoken
from tests.prose import WORK, assert_reads_as_general
from tests.prose import paid as _paid
from tests.prose import read as _read

F = Fraction

# -- read right ---------------------------------------------------------------------------

READ = [
    # a whole number and a fraction, in digits or words, hyphenated or not, unit or not
    ("So it takes 2 and a half hours.", F(5, 2)),
    ("So it takes two and a half hours.", F(5, 2)),
    ("So it takes Two and a half hours.", F(5, 2)),
    ("So it takes 2-and-a-half hours.", F(5, 2)),
    ("So it takes two-and-a-half hours.", F(5, 2)),
    ("So it takes 2 and half hours.", F(5, 2)),
    ("So it takes 2 and one half hours.", F(5, 2)),
    ("So it takes 2 and a half.", F(5, 2)),
    ("So she needs 3 and a quarter cups.", F(13, 4)),
    ("So she needs 3 and one-quarter cups.", F(13, 4)),
    ("So she needs three and three quarters cups.", F(15, 4)),
    ("So she needs 3 and three-quarters cups.", F(15, 4)),
    ("So she needs 3 and three fourths cups.", F(15, 4)),
    ("So she needs 1 and one-third cups.", F(4, 3)),
    ("So she needs 1 and a third cups.", F(4, 3)),
    ("So she needs 1 and two thirds cups.", F(5, 3)),
    ("So she needs 2-and-a-third cups.", F(7, 3)),
    ("So it takes twenty-one and a half hours.", F(43, 2)),
    ("So it takes twenty one and a half hours.", F(43, 2)),
    ("So it takes 1,200 and a half hours.", F(2401, 2)),
    ("So it takes 21 and a half hours.", F(43, 2)),
    ("So it costs $2 and a half.", F(5, 2)),
    # the unit between the whole and the fraction
    ("So it takes 2 hours and a half.", F(5, 2)),
    ("So it takes two hours and a half.", F(5, 2)),
    ("So it takes an hour and a half.", F(3, 2)),
    ("So it takes a day and a half.", F(3, 2)),
    ("So it takes 2 hours and a half to finish.", F(5, 2)),
    # a multiplier after it multiplies (``two and a half thousand``), but a count of dozens
    # without the prompt is read as a count of dozens, in words as in digits (dozens.py;
    # before, words multiplied: 18 and 30)
    ("So she buys one and a half dozen eggs.", F(3, 2)),
    ("So she buys two and a half dozen eggs.", F(5, 2)),
    ("So she buys 2 and a half dozen eggs.", F(5, 2)),
    ("So there are two and a half thousand people.", 2500),
    ("So there are 2 and a half thousand people.", 2500),
    # a fraction alone, in a sentence without digits (a number in words)
    ("She needs half an hour.", F(1, 2)),
    ("Half an hour.", F(1, 2)),
    ("She needs a half hour.", F(1, 2)),
    ("So she buys half a dozen eggs.", F(1, 2)),  # half a dozen, as 1/2 dozen (before: 6)
    ("So she needs a quarter of a cup.", F(1, 4)),
    ("So she needs three quarters of a cup.", F(3, 4)),
    ("So she needs three-quarters of a cup.", F(3, 4)),
    ("So she needs three fourths of a cup.", F(3, 4)),
    ("So she needs one third of the cake.", F(1, 3)),
    ("So she eats two-thirds of the pie.", F(2, 3)),
    ("So she eats Two-Thirds of the pie.", F(2, 3)),
    ("So she gets a third.", F(1, 3)),
    ("The answer is one third.", F(1, 3)),
    ("So the answer is two and a half hours.", F(5, 2)),
    # a fraction of a number is an operation: a later number states the answer
    ("Half of 10 is 5.", 5),
    ("half of ten is five.", 5),
    ("So 2 and a half times as many.", F(5, 2)),  # as "2 1/2 times as many"
    # not part of the answer
    ("After 2 and a half hours she had baked 20 cookies.", 20),
    ("It took 2 and a half hours, so she made 20 cookies.", 20),
    # two units, one in words: money is one value (as in digits)
    ("So it costs 1 dollar and fifty cents.", F(3, 2)),
]


@pytest.mark.parametrize(("reply", "value"), READ)
def test_a_spoken_fraction_reads_as_its_value(reply: str, value: int | Fraction) -> None:
    found = Extractor()(WORK + reply)
    assert (found.number, found.rejected) == (Number(value), None), reply
    _read(reply)  # the fast paths read it as the general path does
    assert _paid(reply, str(value)) == 1.0, reply
    whole = int(value)
    if whole != value:  # the whole part alone is never paid
        assert _paid(reply, str(whole)) == 0.0, reply


# -- refused --------------------------------------------------------------------------------

REFUSED = [
    # a hedge between two values is two answers
    ("So it takes 2 or 2 and a half hours.", "multiple_answers"),
    ("So it takes 2 and a half or 3 hours.", "multiple_answers"),
    ("So it takes two or two and a half hours.", "multiple_answers"),
    ("So it takes between 2 and a half and 3 hours.", "multiple_answers"),
    ("So it takes one third or two thirds of the time.", "multiple_answers"),
    ("So it takes 2 and a half, maybe 3 hours.", "multiple_answers"),
    # time, length, weight in two units, one part in words: no one number (as in digits)
    ("So the trip takes 2 hours and thirty minutes.", "several_numbers"),
    ("So the trip takes two hours and thirty minutes.", "several_numbers"),
    ("So the trip takes three hours and 15 minutes.", "several_numbers"),
    ("So the board is 5 feet and six inches.", "several_numbers"),
    ("So the board is five feet and 6 inches.", "several_numbers"),
    ("So the baby weighs 7 pounds and four ounces.", "several_numbers"),
    # a time of day is no one number
    ("They meet at half past 3.", "several_numbers"),
    ("They meet at half past three.", "several_numbers"),
    ("They meet at a quarter to four.", "several_numbers"),
    ("They meet at quarter past 3.", "several_numbers"),
    ("Quarter past three.", "several_numbers"),
    # a fraction of a number that closes the sentence: an operation left undone
    ("So she gets half of 10.", "several_numbers"),
    ("So she gets half of ten.", "several_numbers"),
    ("So she ate half of the 10 apples.", "several_numbers"),
    ("So she gets a quarter of 12.", "several_numbers"),
]


@pytest.mark.parametrize(("reply", "rejected"), REFUSED)
def test_a_spoken_fraction_that_states_no_one_value_is_refused(reply: str, rejected: str) -> None:
    assert _read(reply)[1] == rejected, reply
    for wrong in ("2", "2.5", "3", "1/3", "2/3", "5", "10", "12", "30", "15", "150", "4"):
        assert _paid(reply, wrong) == 0.0, (reply, wrong)


# -- not values: read as before ------------------------------------------------------------

AS_BEFORE = [
    ("She takes a half-hour break.", (None, "no_answer")),  # a modifier
    ("She did it a third time.", (None, "no_answer")),  # an ordinal
    ("On the third day she rests.", (None, "no_answer")),
    ("So she has a quarter.", (None, "no_answer")),  # a coin
    ("So she has three quarters.", ("3", None)),  # coins: a count
    ("So she has 3 quarters.", ("3", None)),
    ("So he ran half as many laps.", (None, "no_answer")),  # a multiplier, as "twice"
    ("So she cut it in half.", (None, "no_answer")),
    ("So she has two halves.", ("2", None)),  # a count of halves
    ("So she has 2 cats and a third of them are black.", ("2", None)),
    ("So she buys 5 apples and a half dozen eggs.", ("5", None)),
    ("So for 3 cakes she needs half a cup.", ("3", None)),  # words beside digits: not read
    ("Roger had 11 pieces in one bag and 3 pieces in the other.", ("3", None)),
    ("So she has 3 apples and 4 pears.", ("4", None)),
]


@pytest.mark.parametrize(("reply", "expected"), AS_BEFORE)
def test_fraction_words_that_are_no_value_read_as_before(
    reply: str, expected: tuple[object, ...]
) -> None:
    ex = Extractor()
    found = ex(reply)  # alone: after a working line, its last number would be read
    assert found == ex.general(reply), reply
    assert (found.answer, found.rejected) == expected, reply


@pytest.mark.parametrize(
    "reply",
    [
        "The answer is 2 and a half.",
        "The answer is 2 and a half hours.",
        "The answer is 2 hours and a half.",
        "#### 2 and a half",
        "\\boxed{2 and a half}",
        "<answer>2 and a half hours</answer>",
        "<answer>two and a half hours</answer>",
        "\\boxed{two-and-a-half}",
    ],
)
def test_an_answer_container_reads_a_mixed_number_whole(reply: str) -> None:
    found = Extractor()(WORK + reply)
    assert (found.number, found.rejected) == (Number(F(5, 2)), None), reply
    assert _paid(reply, "2.5") == 1.0, reply
    assert _paid(reply, "2") == 0.0, reply


@pytest.mark.parametrize(
    "reply",
    ["The answer is 2 or 2 and a half.", "#### 2 and a half or 3", "\\boxed{2, 2 and a half}"],
)
def test_an_answer_container_with_two_values_is_refused(reply: str) -> None:
    assert Extractor()(WORK + reply).rejected in ("several_numbers", "multiple_answers"), reply
    for wrong in ("2", "2.5", "3"):
        assert _paid(reply, wrong) == 0.0, (reply, wrong)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("So it takes two and a half hours.", "So it takes 2 1/2 hours."),
        ("So it takes 2 hours and a half.", "So it takes 2 1/2 hours."),
        ("She needs half an hour for three tasks.", "She needs 1/2 an hour for 3 tasks."),
        ("They meet at a quarter to one.", "They meet at 12 h 45 min."),
        ("So she gets half of 10.", "So she gets 1/2 * 10."),
        ("Half of 10 is 5.", "Half of 10 is 5."),
        (
            "So the trip takes 2 hours and thirty minutes.",
            "So the trip takes 2 hours and 30 minutes.",
        ),
        ("On the third day she rests.", "On the third day she rests."),
    ],
)
def test_spoken_writes_the_digit_twin(text: str, expected: str) -> None:
    assert spoken(text) == expected


def test_the_fast_paths_read_spoken_fractions_as_the_general_reading() -> None:
    for reply, _ in READ + REFUSED + AS_BEFORE:
        assert_reads_as_general(reply.rstrip("."))


def test_the_givens_reading_never_pays_the_whole_part() -> None:
    prompt = "Each of the 3 tasks takes 50 minutes. How many hours does it take?"
    found = Extractor()(WORK + "It takes 2 and a half hours to do 3 tasks.", prompt=prompt)
    assert found.number != Number(2), found


def test_the_math_grader_reads_a_spoken_fraction() -> None:
    grade = rftkit.load_grader("math")
    for reply, reference, score in [
        ("So it takes two and a half hours.", "\\frac{5}{2}", 1.0),
        ("So it takes 2 and a half hours.", "2", 0.0),
        ("She needs half an hour.", "0.5", 1.0),
    ]:
        result = grade(Sample.from_text(response=reply, reference=reference))
        assert result.metric("correct") == score, reply


# -- properties: every whole part, fraction and spelling -------------------------------------

FRACTIONS = [
    ("a half", F(1, 2)),
    ("one half", F(1, 2)),
    ("a third", F(1, 3)),
    ("one-third", F(1, 3)),
    ("two thirds", F(2, 3)),
    ("two-thirds", F(2, 3)),
    ("a quarter", F(1, 4)),
    ("one quarter", F(1, 4)),
    ("three quarters", F(3, 4)),
    ("three-quarters", F(3, 4)),
    ("a fourth", F(1, 4)),
    ("three fourths", F(3, 4)),
]
UNITS = ["hours", "cups", "miles", "pounds", "", "dollars"]


def _whole(n: int, in_words: bool) -> str:
    return spell(n) if in_words and n < 100 else str(n)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 9999),
    st.sampled_from(FRACTIONS),
    st.sampled_from(UNITS),
    st.booleans(),
    st.booleans(),
)
def test_every_spelling_of_a_mixed_number_reads_its_value(
    n: int, fraction: tuple[str, Fraction], unit: str, in_words: bool, hyphens: bool
) -> None:
    words, part = fraction
    joined = f"{_whole(n, in_words)} and {words}"
    if hyphens:
        joined = joined.replace(" ", "-")
    tail = f" {unit}" if unit else ""
    reply = f"So it takes {joined}{tail}."
    found = Extractor()(WORK + reply)
    assert (found.number, found.rejected) == (Number(n + part), None), reply
    # its digit twin reads the same
    twin = Extractor()(WORK + f"So it takes {n} {part.numerator}/{part.denominator}{tail}.")
    assert (twin.number, twin.rejected) == (found.number, found.rejected), reply
    if n:  # the whole part alone is never paid
        assert found.number != Number(n), reply


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from(FRACTIONS),
    st.booleans(),
    st.sampled_from([" or ", ", maybe ", " to ", " or perhaps "]),
)
def test_a_hedge_between_two_spoken_values_is_never_paid(
    a: int, b: int, fraction: tuple[str, Fraction], in_words: bool, hedge: str
) -> None:
    words, part = fraction
    first = _whole(a, in_words)
    second = f"{_whole(b, in_words)} and {words}"
    reply = f"So it takes {first}{hedge}{second} hours."
    found = Extractor()(WORK + reply)
    assert found.rejected == "multiple_answers", reply
    assert _paid(reply, str(a)) == 0.0, reply
    assert _paid(reply, str(b + part)) == 0.0, reply


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 12),
    st.integers(0, 59),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["hours", "hrs", "feet", "pounds"]),
)
def test_two_units_with_one_part_in_words_read_as_their_digits(
    major: int, minor: int, major_words: bool, minor_words: bool, unit: str
) -> None:
    small = {"hours": "minutes", "hrs": "mins", "feet": "inches", "pounds": "ounces"}[unit]
    reply = (
        f"So it takes {_whole(major, major_words)} {unit} and {_whole(minor, minor_words)} {small}."
    )
    twin = f"So it takes {major} {unit} and {minor} {small}."
    assert _read(reply)[1] == _read(twin)[1] == "several_numbers", reply


_PIECES = st.sampled_from(
    [
        "So it takes ",
        "2",
        "10",
        "1,200",
        "two",
        "Twenty-one",
        "an hour",
        " hours",
        " and a half",
        " and a third",
        " and three quarters",
        "-and-a-half",
        " and two-thirds",
        "half of ",
        "a quarter of ",
        "half an hour",
        "half a dozen",
        "one third",
        " and thirty minutes",
        " and 15 minutes",
        "half past ",
        " or ",
        ", ",
        " = ",
        " * ",
        " dozen",
        " is ",
        ".",
        "-",
        " ",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=8))
@example(["half past ", "2", ".", "2"])  # a decimal after "past" raised ValueError
def test_any_sentence_with_spoken_fractions_reads_as_the_general_reading(
    pieces: list[str],
) -> None:
    sentence = "".join(pieces)
    assert_reads_as_general(sentence)
    ex = Extractor()
    for reply in (sentence + ".", "#### " + sentence, "The answer is " + sentence + "."):
        assert ex(reply) == ex.general(reply), reply


# -- the digit twin: every template, whole part, fraction, spelling ---------------------------

TEMPLATES = [
    "So it takes {X} hours.",
    "{X} hours is how long it takes.",
    "So it takes {X}.",
    "It takes {X} hours to bake 12 cookies.",
    "So the total is {X} cups, or 3 cups.",
    "So the total is 3 cups, or {X} cups.",
    "So it takes 2 hours or {X} hours.",
    "So she needs about {X} cups.",
    "So she needs {X} cups of flour and 2 eggs.",
    "Each takes {X} hours, so 5 take 12.5 hours.",
    "So it takes {X} hours, not 3.",
    "So 5/2 = {X} hours.",
    "In 2 days she walks {X} miles.",
    "The answer is {X} hours.",
    "\\boxed{{{X}}}",
]


def _twins() -> list[tuple[str, str]]:
    out = []
    for n in (0, 1, 2, 7, 12, 21, 45):
        for words, part in FRACTIONS:
            digits = f"{n} {part.numerator}/{part.denominator}"
            for whole in {str(n), spell(n)}:
                out.append((f"{whole} and {words}", digits))
                out.append((f"{whole}-and-{words}".replace(" ", "-"), digits))
    return out


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_spoken_mixed_number_reads_as_its_digit_twin_in_every_position(template: str) -> None:
    ex = Extractor()
    for spoken_form, digits in _twins():
        reply = WORK + template.format(X=spoken_form)
        found = ex(reply)
        twin = ex(WORK + template.format(X=digits))
        assert (found.number, found.rejected) == (twin.number, twin.rejected), reply
        assert found == ex.general(reply), reply
