"""The hedge form's shortcuts, held to the readings they shortcut.

``parse_answer``'s shortcut for plain integers offered as alternatives (``72 or 73``,
``58, 60, or 59``) is held to the general reader (``_parse_answer_general``): generated
texts of digits, commas, spaces and ``or`` (and what lies next to them: a decimal point, a
sign, an ``=``, a word), and a table of the hedge form's answers and their near misses.

``extract_rules.last_statement``'s strip gate (an answer text of ``_PLAIN_RAW``
characters skips the tests for reasons, remarks and non-ASCII characters) is held to those
tests, and ``last_statement`` to the answer-statement rule on statements ending in such
texts and in texts that hold what the tests look for.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards import extract_rules as rules
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


# -- last_statement's strip gate ---------------------------------------------------------------


def _ungated(raw: str) -> bool:
    """The tests behind the gate, as they were before it (one ``in`` test each)."""
    return (
        "\n" in raw
        or "; " in raw
        or "(" in raw
        or "s" in raw
        or "f" in raw
        or " by " in raw
        or "i.e" in raw
        or "<" in raw
        or ">" in raw
        or not raw.isascii()
    )


_RAW_PIECES = st.one_of(
    st.sampled_from(list(rules._PLAIN_RAW)),
    st.sampled_from(
        [
            *"\n;(sf<>btyie\u00e9\u0663\t:_`!?",
            *(" or ", ", ", "; ", " by ", "i.e", " since ", " because ", ", as ", " of "),
            *("72", "30 or 27", "58, 60, or 59", "$18", "**43**", "20%", "-5", "."),
        ]
    ),
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_RAW_PIECES, max_size=10))
@example(["30 or 27", "."])
@example(["72", " by ", "3"])
def test_the_strip_gate_decides_as_the_tests(pieces: list[str]) -> None:
    raw = "".join(pieces)
    gated = bool(raw.strip(rules._PLAIN_RAW) and _ungated(raw))
    assert gated == _ungated(raw), raw


@settings(max_examples=3000, deadline=None)
@given(
    st.sampled_from(["", "So ", "5 + 4 = 9\n", "x", "The answer is 3.\n"]),
    st.sampled_from(["the answer is ", "The answer could be ", "Answer: ", "answer is **"]),
    st.lists(_RAW_PIECES, max_size=8),
)
@example("So ", "the answer is ", ["30 or 27", "."])
@example("", "The answer could be ", ["58, 60, or 59", "."])
def test_last_statement_on_plain_and_other_answers_reads_as_the_rule(
    before: str, statement: str, pieces: list[str]
) -> None:
    t = before + statement + "".join(pieces)
    x = rules.last_statement(t, t.rfind("nswer"))
    if x is not None:
        for cap in (0, 16):
            assert rules._rule_answer_is(t, True, cap, []) == ([(x, len(t))] if x else []), t
