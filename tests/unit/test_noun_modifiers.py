"""A number that describes a noun after an article is no answer (rftkit.rewards.noun_modifiers).

``So she pays $80 after a 20% discount.`` answers 80, ``So he needs 3 laps of a 400-meter
track.`` answers 3: the later number is part of an adjective. Every row gives the reading
before in a comment; every reply is also read by the fast paths as by the general one.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.noun_modifiers import unmodified
from tests.prose import assert_reads_as_general, paid, read

# (final sentence, the value it states, the modifier's value)
MODIFIERS = [
    ("So she pays $80 after a 20% discount.", "80", "20"),  # 20%
    ("So she pays $80 with a 20 % discount.", "80", "20"),  # 20%
    ("The total comes to $54 including a 15% tip.", "54", "15"),  # 15%
    ("So he needs 3 buckets of the 5-gallon size.", "3", "5"),  # 5
    ("So he needs 3 buckets, each a 5-gallon bucket.", "3", "5"),  # 5
    ("So he needs 3 laps of a 400-meter track.", "3", "400"),  # 400
    ("So he buys 3 packs of a 12-pack.", "3", "12"),  # 12
    ("So he fills 3 buckets with his 2-liter jug.", "3", "2"),  # 2
    ("So the trip takes 3 hours, a 180-minute drive.", "3", "180"),  # 180
    ("She saves $20 over the 30-day month.", "20", "30"),  # 20 (time_frame) already
    ("Total: 9 * 2 = 18 dollars for a 1-day sale.", "18", "1"),  # 1
]


@pytest.mark.parametrize(("sentence", "stated", "modifier"), MODIFIERS)
def test_a_number_inside_a_noun_phrase_is_no_answer(
    sentence: str, stated: str, modifier: str
) -> None:
    assert read(sentence) == (stated, None), sentence
    assert paid(sentence, stated) == 1.0, sentence
    assert paid(sentence, modifier) == 0.0, sentence
    assert_reads_as_general(sentence.rstrip("."))


# Read as before: the number is the sentence's only one, an appositive percent (it may be
# the answer: "By what percent did the price rise?"), a hedge or a scale after the hyphen,
# a count right before the size (sentences.drop_modifiers), or no determiner.
UNCHANGED = [
    ("The answer is a 20% discount.", "a 20% discount"),
    ("The price rose to $120, a 20% increase.", "20%"),
    ("So he has 72 or a 73-ish.", "73"),
    ("So she pays $80 after a 20-thousand discount.", "20"),  # a scale: not dropped
    ("So he bought 3 5-gallon buckets.", "3"),
    ("He walked 3 miles in 45-minute stretches.", "3"),  # no determiner: time_frames reads 3
    ("The discount is 20% off.", "20%"),
]


@pytest.mark.parametrize(("sentence", "answer"), UNCHANGED)
def test_what_is_no_noun_modifier_reads_as_before(sentence: str, answer: str) -> None:
    assert read(sentence)[0] == answer, sentence


def test_only_what_follows_the_last_equals_sign_is_looked_at() -> None:
    s = "A 5-gallon bucket holds 5 * 4 = 20 quarts in a 2-quart jug."
    assert unmodified(s) == "A 5-gallon bucket holds 5 * 4 = 20 quarts in a quart jug."


_DETERMINERS = ["a", "the", "each", "his", "her", "their"]
_HYPHENATED = ["gallon bucket", "meter track", "pack", "liter bottle", "minute drive", "inch board"]
_PREPOSITIONS = ["after", "with", "including", "at", "for"]
_RATES = ["discount", "tip", "tax", "markup", "raise"]


@settings(max_examples=300, deadline=None)
@given(
    answer=st.integers(1, 9999),
    size=st.integers(1, 999),
    percent=st.booleans(),
    det=st.sampled_from(_DETERMINERS),
    noun=st.sampled_from(_HYPHENATED),
    prep=st.sampled_from(_PREPOSITIONS),
    rate=st.sampled_from(_RATES),
)
@example(answer=80, size=20, percent=True, det="a", noun="pack", prep="after", rate="discount")
def test_a_statement_with_a_noun_modifier_pays_its_value_only(
    answer: int, size: int, percent: bool, det: str, noun: str, prep: str, rate: str
) -> None:
    if percent:
        sentence = f"So the total is ${answer} {prep} {det} {size}% {rate}."
    else:
        sentence = f"So the total is {answer} {prep} {det} {size}-{noun}."
    assert read(sentence) == (str(answer), None), sentence
    if size != answer:
        assert paid(sentence, str(size)) == 0.0, sentence
    assert paid(sentence, str(answer)) == 1.0, sentence
