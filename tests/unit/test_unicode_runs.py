"""The non-ASCII runs of a text, found by searches, are the pattern's split (issue 14, speed).

:func:`unicode_digits._split_runs` stands in for ``re.split("([^\\x00-\\x7f]+)", text)`` in
:func:`normalize_unicode` (a step per character): for a text with a few non-ASCII characters
(a curly quote, a dash, a times sign) it finds them by byte and character searches. It must
give the very same parts for every text: a case table and a property, over texts of ASCII,
the characters replies hold, a lone surrogate and runs past the search's limit.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.unicode_digits import _FEW_WIDE, _split_runs, normalize_unicode

_RUNS = re.compile(r"([^\x00-\x7f]+)")

_CASES = [
    ("", [""]),
    ("plain", ["plain"]),
    ("\u2019", ["", "\u2019", ""]),
    ("Gloria\u2019s turtle", ["Gloria", "\u2019", "s turtle"]),
    ("80 \u00d7 $5 = $400 \u2013 so", ["80 ", "\u00d7", " $5 = $400 ", "\u2013", " so"]),
    ("\u201cHi\u201d\u00a0\u00bd", ["", "\u201c", "Hi", "\u201d\u00a0\u00bd", ""]),
    ("a\ud800b", ["a", "\ud800", "b"]),  # a lone surrogate (surrogatepass)
    ("x" + "\u2019y" * (_FEW_WIDE + 1), _RUNS.split("x" + "\u2019y" * (_FEW_WIDE + 1))),
]


@pytest.mark.parametrize(("text", "parts"), _CASES)
def test_the_runs_are_the_patterns_split(text: str, parts: list[str]) -> None:
    assert _RUNS.split(text) == parts
    assert _split_runs(text) == parts


_ALPHABET = "ab 1.$\n\u2019\u2013\u00d7\u00f7\u00bd\u00a0\u201c\u3002\u0967\U0001f600\ud800"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
@example("\u2019" * (_FEW_WIDE + 1))
@example("\u2019" * _FEW_WIDE)
@example("a\u2019\u2019b\u2019")
def test_every_text_splits_as_the_pattern_splits_it(text: str) -> None:
    assert _split_runs(text) == _RUNS.split(text)


def test_normalize_unicode_reads_as_before() -> None:
    # As before: the minus, the fraction glued to its sign, the digits, the curly quote kept.
    assert normalize_unicode("\u2212 5 and -\u00bd, \u0667\u0662 Gloria\u2019s") == (
        "- 5 and -1/2, 72 Gloria\u2019s"
    )
