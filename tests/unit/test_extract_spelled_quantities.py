"""A quantity in two units that mixes digits and words reads as its digits twin.

``So she makes 18 dollars and fifty cents.`` was read as 18 and ``eighteen dollars and 50
cents`` as 50, while ``18 dollars and 50 cents`` is 18.50 (``quantities.rewrite_compounds``).
The numbers in words of a quantity in two units are now read as their digits first, so a
price is one value in its main unit whichever way each part is written, and a time, length
or weight in two units (``2 hours and thirty minutes``) is no one number, as its digits twin
is not (``several_numbers``). An answer container is always read so; a final sentence when
it names cents (one ``in`` test on every sentence: pence and measures in words are not looked
for there, see docs/graders.md).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.audit.probes.base import number_words as spell
from rftkit.rewards.extract import Extractor
from rftkit.rewards.numbers import Number
from tests.prose import WORK
from tests.prose import paid as _paid
from tests.prose import read as _read


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("So she makes 18 dollars and fifty cents.", "18.5"),
        ("So she makes eighteen dollars and 50 cents.", "18.5"),
        ("So she makes $18 and fifty cents.", "18.5"),
        ("So she makes 18 dollars and five cents a day.", "18.05"),
        ("So she makes 18 dollars, fifty cents.", "18.5"),
        ("So she pays 3 euros and twenty cents.", "3.2"),
        ("So she makes 37 / 2 = 18 dollars and fifty cents.", "18.5"),
        ("So she makes eighteen dollars and fifty cents.", "18.5"),
        ("So she makes 18 dollars and 50 cents.", "18.5"),
    ],
)
def test_a_price_mixing_digits_and_words_is_one_value(reply: str, answer: str) -> None:
    assert _read(reply) == (answer, None), reply
    assert _paid(reply, answer) == 1.0, reply
    for wrong in ("18", "50", "3", "20"):
        if wrong != answer:
            assert _paid(reply, wrong) == 0.0, (reply, wrong)


@pytest.mark.parametrize(
    "reply",
    [
        "The answer is 18 dollars and fifty cents.",
        "The answer is eighteen dollars and 50 cents.",
        "#### 18 dollars and fifty cents",
        "<answer>18 dollars and fifty cents</answer>",
        "<answer>eighteen pounds and 50 pence</answer>",
    ],
)
def test_an_answer_container_reads_a_spelled_price_as_one_value(reply: str) -> None:
    found = Extractor()(WORK + reply)
    assert (found.number, found.rejected) == (Number(Fraction(37, 2)), None), reply
    assert _paid(reply, "18.5") == 1.0, reply
    assert _paid(reply, "18") == 0.0, reply


@pytest.mark.parametrize(
    "reply",
    [
        "<answer>2 hours and thirty minutes</answer>",
        "<answer>two hours and 30 minutes</answer>",
        "#### 5 feet and six inches",
        "\\boxed{five feet 6 inches}",
    ],
)
def test_a_measure_in_two_units_mixing_digits_and_words_is_no_one_number(reply: str) -> None:
    assert Extractor()(WORK + reply).rejected == "several_numbers", reply
    for wrong in ("2", "30", "5", "6", "150", "2.5", "66"):
        assert _paid(reply, wrong) == 0.0, (reply, wrong)


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        # numbers in words that are no part of a quantity in two units stay as they were
        ("So she has 18 dollars and fifty apples.", "18"),
        ("So she has 18 apples and fifty cents.", "18"),
        ("She saved 18 dollars in two weeks.", "18"),
        ("One of the 5 boxes holds 20 cents.", "20"),
        ("She paid 18 dollars for fifty candles.", "18"),
    ],
)
def test_numbers_in_words_outside_a_two_unit_quantity_read_as_before(
    reply: str, answer: str
) -> None:
    assert _read(reply) == (answer, None), reply


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18 dollars and fifty cents", "18 dollars and 50 cents"),
        ("eighteen dollars and 50 cents", "18 dollars and 50 cents"),
        ("two hours and thirty minutes", "2 hours and 30 minutes"),
        ("a dozen eggs and fifty cents", "a dozen eggs and fifty cents"),
        ("no numbers here", "no numbers here"),
    ],
)
def test_spelled_compounds_writes_only_the_quantitys_words_in_digits(
    text: str, expected: str
) -> None:
    from rftkit.rewards.quantities import spelled_compounds

    assert spelled_compounds(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 99), st.integers(1, 99), st.booleans(), st.booleans())
@example(3, 3, False, True)  # found by hypothesis: read as an explanation of the 9 before
def test_every_spelling_of_a_price_reads_as_its_digits(
    dollars: int, cents: int, dollars_in_words: bool, cents_in_words: bool
) -> None:
    main = spell(dollars) if dollars_in_words else str(dollars)
    minor = spell(cents) if cents_in_words else str(cents)
    reply = f"So she makes {main} dollars and {minor} cents."
    expected = _read(f"So she makes {dollars} dollars and {cents} cents.")
    assert _read(reply) == expected, reply
