"""Numbers written in words past a hundred: ``three hundred and twelve``, ``one thousand two
hundred``, read as one number each (they were read as two numbers, several answers).

The words are written by the audit probes' ``number_words`` (the inverse reading), in the
American form and in the British one with ``and`` after ``hundred``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.audit.probes.base import number_words as spell
from rftkit.rewards.extract import RULES, Extractor
from rftkit.rewards.number_words import number_words

_EXTRACT = Extractor(tuple(RULES), numeric=True)


def _values(text: str) -> list[int]:
    return [int(t.number.value) for t in number_words(text) if t.number is not None]


def _british(words: str) -> str:
    """``one hundred twenty-five`` -> ``one hundred and twenty-five`` (not before a scale)."""
    parts = words.split(" ")
    out: list[str] = []
    for k, w in enumerate(parts):
        out.append(w)
        nxt = parts[k + 1] if k + 1 < len(parts) else ""
        if w == "hundred" and nxt and nxt not in ("thousand", "million", "billion"):
            out.append("and")
    return " ".join(out)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("three hundred and twelve", [312]),
        ("one thousand two hundred", [1200]),
        ("two thousand and five", [2005]),
        ("a hundred and five", [105]),
        ("one hundred twenty-five thousand", [125000]),
        ("twelve hundred", [1200]),
        ("twenty-five hundred", [2500]),
        ("nineteen hundred and ninety-nine", [1999]),
        ("five hundred thousand three hundred", [500300]),
        ("One Hundred And Twelve", [112]),
        ("a hundred thousand", [100000]),
        ("one million two hundred thousand", [1200000]),
        ("two-hundred", [200]),
        # What cannot go on with the number before it starts another.
        ("twenty twenty", [20, 20]),
        ("five six", [5, 6]),
        ("two million three million", [2000000, 3000000]),
        ("five hundred four hundred", [500, 400]),
        ("two thousand three thousand", [2000, 3000]),
        # Any other text between two words ends the number: a list, a hedge.
        ("one thousand, two hundred", [1000, 200]),
        ("two or three hundred", [2, 300]),
        ("three hundred or four hundred", [300, 400]),
        # "and" joins only after "hundred" or a scale word.
        ("five and six", [5, 6]),
        ("twenty and five", [20, 5]),
        # Not numbers: a multiplier alone, fractions, "one" as a pronoun.
        ("hundreds of them", []),
        ("thousand", []),
        ("two-thirds", []),
        ("one-sided", []),
        ("one of the hundred", []),
        ("a dozen and a half", [12]),
    ],
)
def test_compound_number_words(text: str, values: list[int]) -> None:
    assert _values(text) == values


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 10**12 - 1), st.booleans())
def test_every_spelled_number_reads_as_itself(n: int, british: bool) -> None:
    words = spell(n)
    if british:
        words = _british(words)
    assert _values(words) == [n], words
    assert _values(words.capitalize()) == [n], words


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from(["So she has {} apples.", "The total is {}."]))
def test_a_spelled_final_answer_is_paid_as_its_number(n: int, template: str) -> None:
    found = _EXTRACT(template.format(spell(n)))
    assert found.rejected is None and found.number is not None
    assert found.number.value == n


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_two_spelled_numbers_in_a_hedge_are_never_paid(a: int, b: int) -> None:
    if a == b:
        return
    found = _EXTRACT(f"So she has either {spell(a)} or {spell(b)} apples.")
    assert found.rejected is not None, (spell(a), spell(b), found)


def test_number_words_are_bounded_on_hostile_text() -> None:
    text = "one hundred " * 100_000
    assert len(number_words(text)) <= 64
