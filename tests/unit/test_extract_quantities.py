"""Quantities written in more than one piece: numbers the final-answer reading must not split.

* Thousands grouped by a space (``1 800``; the no-break, thin and narrow no-break spaces
  U+00A0, U+2009, U+202F that SI and French style put there) are one number, as GSM8K's
  own solutions write them (``17 000/5 = 3 400``); before, ``1 800`` was two answers (1 and
  800), and a reply stating the right total was never paid.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.numbers import parse_answer, scan
from tests.prose import assert_reads_as_general
from tests.prose import paid as _paid
from tests.prose import read as _read

SPACES = [" ", "\u00a0", "\u2009", "\u202f"]


@pytest.mark.parametrize("space", SPACES)
@pytest.mark.parametrize(
    ("reply", "reference"),
    [
        ("The total is 1{s}800 dollars.", "1800"),
        ("The total is $1{s}800.", "1800"),
        ("So she has 3{s}500{s}000 dollars.", "3500000"),
        ("So she has 12{s}345.50 dollars.", "12345.5"),
        ("So, each year, the number added is 17{s}000/5 = 3{s}400.", "3400"),
        ("So the price is $80{s}000 + $16{s}000 + $4{s}000 = $100{s}000.", "100000"),
        ("The answer is 1{s}800.", "1800"),
        ("The answer is **1{s}800**.", "1800"),
        ("#### 1{s}800", "1800"),
        ("Total: 1{s}800", "1800"),
        ("So she has -1{s}800 dollars.", "-1800"),
    ],
)
def test_thousands_grouped_by_a_space_are_one_number(
    reply: str, reference: str, space: str
) -> None:
    text = reply.format(s=space)
    assert _paid(text, reference) == 1.0, text
    assert _read(text)[1] is None, text


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        # a size glued to a count by a hyphen: the count (GSM8K's own wording)
        ("So the drive stores 2400 / 200 = 12 200-kilobyte videos.", "12"),
        # a mixed number is read first
        ("So she ate 2 100/200 pies.", "2.5"),
        # a currency sign after the space: two numbers, the count before a price
        ("So she has 3 $100 bills.", "3"),
        ("So she has 3 \u00a5100 coins.", "3"),
        ("So she has 3 \\$100 bills.", "3"),
        # no group of exactly three digits: not a grouped number
        ("So she has 1 80.", None),
        ("So she has 1 8000.", None),
        ("So she has 1234 567.", None),
        ("So she has 1 800 0001.", None),
    ],
)
def test_a_space_before_anything_but_a_group_of_three_is_no_grouping(
    reply: str, answer: str | None
) -> None:
    found, rejected = _read(reply)
    if answer is None:
        assert rejected == "multiple_answers", reply
    else:
        assert (found, rejected) == (answer, None), reply


def test_scan_reads_space_groups_and_leaves_other_spaces() -> None:
    def values(s: str) -> list[object]:
        return [t.number.value if t.number else None for t in scan(s)]

    assert values("1 800") == [1800]
    assert values("1 800 000.5") == [Fraction(3600001, 2)]
    assert values("1 800k") == [1, 800000]  # a scale glued to the group: not a group
    assert values("1 800-inch") == [1, 800]
    assert values("12 200-kilobyte") == [12, 200]
    assert values("0 800") == [0, 800]  # a first group has no leading zero
    assert values("1,2 345") == [1, 2, 345]
    assert parse_answer("1\u202f800").number is not None


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1000, max_value=10**12),
    st.sampled_from(SPACES),
    st.sampled_from(["So she has {x} apples.", "The answer is {x}.", "So she pays ${x}."]),
)
def test_every_space_grouped_integer_reads_its_value(x: int, space: str, frame: str) -> None:
    written = f"{x:,}".replace(",", space)
    reply = frame.format(x=written)
    assert _paid(reply, str(x)) == 1.0, reply


# -- a quantity in two units -------------------------------------------------------------------

MONEY = [
    ("She makes 18 dollars and 50 cents a day.", "18.5"),
    ("She makes $18 and 50 cents a day.", "18.5"),
    ("She makes 18 dollars 50 cents a day.", "18.5"),
    ("She makes 18 dollars, 50 cents a day.", "18.5"),
    ("She makes 1 dollar and 5 cents a day.", "1.05"),
    ("She makes 1,234 dollars and 5 cents.", "1234.05"),
    ("So she pays 18 bucks and 50 cents.", "18.5"),
    ("It costs 3 pounds and 20 pence.", "3.2"),
    ("It costs \u00a33 and 20p.", "3.2"),
    ("It costs \u00a33 and 20 pence.", "3.2"),
    ("It costs 3 euros and 20 cents.", "3.2"),
    ("It costs \u20ac3 and 20 cents.", "3.2"),
    ("So 37 / 2 = 18 dollars and 50 cents.", "18.5"),
    ("She makes eighteen dollars and fifty cents a day.", "18.5"),
    ("She makes Eighteen Dollars and Five Cents a day.", "18.05"),
    # the forms that already read
    ("She makes $18.50 a day.", "18.5"),
    ("She makes 18.50 dollars a day.", "18.5"),
    ("She makes 1,800 dollars.", "1800"),
    # in an answer container
    ("The answer is 18 dollars and 50 cents.", "18.5"),
    ("The answer is $18 and 50 cents.", "18.5"),
    ("So the answer is **18 dollars and 50 cents**.", "18.5"),
    ("#### 18 dollars and 50 cents", "18.5"),
    ("Answer: $18 and 50 cents", "18.5"),
]


@pytest.mark.parametrize(("reply", "reference"), MONEY)
def test_a_price_in_two_units_is_one_value_in_the_main_unit(reply: str, reference: str) -> None:
    assert _paid(reply, reference) == 1.0, reply
    for wrong in ("50", "5", "20", "18", "3"):
        if wrong != reference:
            assert _paid(reply, wrong) == 0.0, (reply, wrong)


MEASURES = [
    "It takes 2 hours and 30 minutes.",
    "It takes 2 hours 30 minutes.",
    "It takes 2 hrs, 30 mins.",
    "It takes 2h 30m.",
    "It takes 4 minutes and 20 seconds.",
    "So the trip takes 3 days and 4 hours.",
    "So he is 5 feet 6 inches tall.",
    "So he is 5 ft 6 in.",
    "So the baby weighs 7 pounds and 4 ounces.",
    "So she ran 3 km and 200 m.",
    "So the bag holds 2 kg and 500 grams.",
    "So she is 1 year and 2 months old.",
    "So it takes 2 weeks and 3 days.",
    "The answer is 2 hours and 30 minutes.",
]


@pytest.mark.parametrize("reply", MEASURES)
def test_a_time_length_or_weight_in_two_units_is_no_one_answer(reply: str) -> None:
    import re

    first, second = (int(x) for x in re.findall(r"[0-9]+", reply)[:2])
    for reference in {first, second, str(first) + ".5", first * 60 + second, first * 12 + second}:
        assert _paid(reply, str(reference)) == 0.0, (reply, reference)
    assert _read(reply)[1] == "several_numbers", reply


@pytest.mark.parametrize(
    ("reply", "answer", "rejected"),
    [
        # a hedge beside a price in two units is still a hedge
        ("She makes 17 or 18 dollars and 50 cents.", "18.5", "multiple_answers"),
        # a measure in two units that does not end the sentence: the later number answers
        ("He runs for 2 hours and 30 minutes, so 3 laps.", "3", None),
        # no main unit, or cents that are no cents: no price in two units
        ("She has 18 and 50 cents.", "50", "multiple_answers"),
        ("So she has $18 and 150 cents.", "150", "multiple_answers"),
        ("She has 18 hours and 50 cents.", "50", None),
        ("She has 2 and 30 minutes.", "30", "multiple_answers"),
        # "in" before a word is no inch
        ("She ends up with either 59 or 60 in total.", "60", "multiple_answers"),
        ("So she has 5 feet and 6 in total.", "6", None),
        # a single unit is read as written
        ("She makes 50 cents a day.", "50", None),
        ("It takes 150 minutes.", "150", None),
        # an equation that does not hold with the price is several answers
        ("So 9 * 2 = 18 dollars and 50 cents.", "18.5", "multiple_answers"),
    ],
)
def test_the_edges_of_two_unit_quantities(reply: str, answer: str, rejected: str | None) -> None:
    assert _read(reply) == (answer, rejected), reply


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(
        [
            "She makes {d} dollars and {c} cents a day.",
            "She makes ${d} and {c} cents a day.",
            "So she pays {d} euros {c} cents.",
            "So {n} / 100 = {d} dollars and {c} cents.",
            "The answer is {d} dollars and {c} cents.",
        ]
    ),
)
def test_every_price_in_two_units_pays_its_value_and_nothing_else(
    d: int, c: int, frame: str
) -> None:
    reply = frame.format(d=d, c=c, n=d * 100 + c)  # the equation holds with the price
    value = Fraction(d * 100 + c, 100)
    text = str(value.numerator) if value.denominator == 1 else f"{float(value):.2f}"
    assert _paid(reply, text) == 1.0, reply
    if c:
        assert _paid(reply, str(c)) == 0.0, reply
        assert _paid(reply, str(d)) == 0.0, reply


# -- the fast readers read these sentences as the general reading does -------------------------

_PIECES = st.sampled_from(
    [
        "18",
        "50",
        "5",
        "2",
        "30",
        "126",
        "1",
        "800",
        "000",
        "9 * 2 = ",
        "37 / 2 = ",
        " ",
        " dollars",
        " dollars and ",
        " and ",
        " cents",
        " pence",
        " pounds ",
        " hours and ",
        " minutes",
        " feet ",
        " inches",
        " in total",
        " in",
        "h ",
        "m",
        "p",
        ", which is ",
        ", or ",
        ", i.e. ",
        " which rounds to ",
        ", so the total is ",
        "She has ",
        "$",
        " $",
        "\u00a3",
        " or ",
        ".",
        ",",
    ]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=9))
@example(["18", " ", "126", " or ", "126"])  # a group of thousands before the last number
def test_two_unit_quantities_and_restatements_read_as_the_general_reading(
    pieces: list[str],
) -> None:
    assert_reads_as_general("".join(pieces))


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("She makes 18 dollars and 50 cents a day.\n\nHope this helps!", "18.5"),
        ("The total is 1 800 dollars.\n\nHope this helps!", "1800"),
        ("<think>So 9 * 2 = 18.</think>She makes 18 dollars and 50 cents a day.", "18.5"),
        # European thousands points are not guessed: a decimal point
        ("The total is 1.800 dollars.", "1.8"),
    ],
)
def test_the_other_readers_read_the_same_quantities(reply: str, answer: str) -> None:
    assert _read(reply) == (answer, None), reply
