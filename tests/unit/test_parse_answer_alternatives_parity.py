"""``parse_answer``'s shortcut for plain integers offered as alternatives (``72 or 73``,
``58, 60, or 59``) holds it to the general reader (``_parse_answer_general``): generated
texts of digits, commas, spaces and ``or`` (and what lies next to them: a decimal point, a
sign, an ``=``, a word), and a table of the hedge form's answers and their near misses."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.equations import _parse_answer_general, parse_answer

_PIECES = st.sampled_from(
    [
        *"0123456789",
        "72",
        "1,234",
        "12345678901234567890",
        " or ",
        ", ",
        ", or ",
        " ",
        ",",
        "or",
        "o",
        "r",
        " or",
        "or ",
        ".",
        "-",
        "$",
        "=",
        "%",
        "/",
        "x",
        "e",
        " cents",
        " dollars",
        "\u00bd",
        "\u0663",  # an Arabic-Indic digit: isdigit(), not ASCII
        "\u00b2",  # a superscript: isdigit(), not ASCII, and no number of its own
        "\t",
    ]
)

_TABLE = [
    "72 or 73",
    "30 or 27",
    "58, 60, or 59",
    "140, 40, or 141",
    "1, 2, 3 or 4",
    "5 or 6 or 7",
    "1,234 or 5",
    "5 or or 6",
    "5 or ,6",
    "5 or , 6",
    "5,or 6",
    "5 or 6,",
    " 5 or 6",
    "5 or 6 ",
    "or 5",
    "5 or",
    "5 or ",
    ", or 5",
    "5 or ,",
    "5 or 6.",
    "5. or 6",
    "0 or 0",
    "007 or 7",
    "72 or 72",
    "1 2 or 3",
    "5 or 6" + " or 7" * 40,
    "1" * 30 + " or 2",
    "5 or \u0663",
    "\u0663 or 5",
    "5 or \u00b2",
    "\u00b2 or 5",
    "5 or 6 = 6",
    "5 or -6",
]


@pytest.mark.parametrize("text", _TABLE)
@pytest.mark.parametrize("strict", [False, True])
def test_alternatives_read_as_the_general_reader_reads_them(text: str, strict: bool) -> None:
    assert parse_answer(text, strict=strict) == _parse_answer_general(text, strict), text


def test_the_hedge_forms_answers_are_several_numbers() -> None:
    for text in ("72 or 73", "58, 60, or 59", "140, 40, or 141"):
        assert parse_answer(text).reason == "several_numbers"
        assert parse_answer(text).number is None


def test_an_answer_text_too_long_is_refused_first() -> None:
    # (MAX_SPAN is 2000 characters: the length test comes before any reading.)
    assert parse_answer("1" * 2000 + " or 2").reason == "answer_too_long"
    assert parse_answer("1 or " + "2" * 1995).reason == "several_numbers"  # 2000 characters


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=8), st.booleans())
@example(["72", " or ", "73"], False)
@example(["5", " or ", "or", " ", "6"], False)
@example(["5", " or ", ","], True)
def test_generated_alternatives_read_as_the_general_reader_reads_them(
    pieces: list[str], strict: bool
) -> None:
    text = "".join(pieces)
    assert parse_answer(text, strict=strict) == _parse_answer_general(text, strict), text
