"""The marker forms' shortcuts read exactly as the code they stand in for (issue 14, speed).

:func:`parse_answer` keeps its readings of plain integers by answer text
(``equations._PLAIN_INTS``): a kept reading must be the one a fresh reading gives, in either
mode, whatever texts were read before.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards import equations
from rftkit.rewards.equations import _parse_answer_general, parse_answer
from rftkit.rewards.numbers import ParseResult

_INT_TEXTS = [
    "18",
    "0",
    "07",
    "0018",
    "9999",
    "10000",
    "123456789012",
    "$18$",
    "$18",
    "18$",
    "18.",
    "$18.",
    "18.$",
    " 18 ",
    "$ 18",
    "$$18$$",
    "-5",
    "$-5",
    "-$5",
    "1,234",
    "$1,600$",
    "18 dollars",
    "\u0661\u0668",  # Arabic-Indic digits: not ASCII, never kept
]


def _fresh(text: str, strict: bool) -> ParseResult:
    """parse_answer's reading with nothing kept and nothing to keep."""
    saved, bound = equations._PLAIN_INTS, equations._MAX_PLAIN_INTS
    equations._PLAIN_INTS, equations._MAX_PLAIN_INTS = {}, 0
    try:
        return parse_answer(text, strict=strict)
    finally:
        equations._PLAIN_INTS, equations._MAX_PLAIN_INTS = saved, bound


@pytest.mark.parametrize("text", _INT_TEXTS)
@pytest.mark.parametrize("strict", [False, True])
def test_kept_readings_are_fresh_readings(
    text: str, strict: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(equations, "_PLAIN_INTS", {})
    for other in _INT_TEXTS:  # every reading kept first, in the other mode
        parse_answer(other, strict=not strict)
    assert parse_answer(text, strict=strict) == _fresh(text, strict)


@pytest.mark.parametrize("text", ["18", "$18$", "$18", "18.", "0018", "9999", "10000"])
def test_kept_plain_integers_read_as_the_general_reader_does(text: str) -> None:
    parse_answer(text)
    assert parse_answer(text) == _parse_answer_general(text, False)
    assert parse_answer(text, strict=True) == _parse_answer_general(text, True)


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.text(alphabet="0123456789$.- ,x", max_size=8), min_size=1, max_size=6),
    st.booleans(),
)
@example(["18", "$18$", "18."], False)
@example(["$18", "18$", "$$18"], True)
def test_kept_readings_hold_for_any_order(texts: list[str], strict: bool) -> None:
    saved = equations._PLAIN_INTS
    equations._PLAIN_INTS = {}
    try:
        kept = [parse_answer(t, strict=strict) for t in texts]
        kept += [parse_answer(t, strict=not strict) for t in texts]
    finally:
        equations._PLAIN_INTS = saved
    fresh = [_fresh(t, strict) for t in texts] + [_fresh(t, not strict) for t in texts]
    assert kept == fresh, texts


def test_kept_readings_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(equations, "_PLAIN_INTS", {})
    monkeypatch.setattr(equations, "_MAX_PLAIN_INTS", 3)
    for i in range(10):
        parse_answer(f"${i}$")
    assert len(equations._PLAIN_INTS) <= 4  # (a text and its digits may go in together)
    assert parse_answer("$7$") == _parse_answer_general("$7$", False)
