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


# The characters whose mapping is not the character itself (and some that are), in every
# kind the map knows: zero-width (deleted), minus signs and dashes, special slashes and
# Arabic marks, decimal digits of other scripts, full-width forms, spaces, vulgar
# fractions, superscripts (powers), and letters and symbols that stay.
_MAPPED = (
    "-+2)\u200b\u00ad\u2212\u2013\u2012\ufe63\uff0d\uff0b\u2044\u2215\u066b\u066c\u066a"
    "\u2030\u0667\u0966\uff15\uff04\u00a0\u2009\u3000\u00bd\u00bc\u2150\u2189\u00b2\u00b9"
    "\u207b\u2070\u2019\u00d7\u20ac\u00e9\u2460\u2167\U0001d7ce"
)


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab 1.$\n") | st.sampled_from(_MAPPED), max_size=40)
    | st.text(max_size=30)
)
@example("2\u2212\u00bd")  # a minus glued to a vulgar fraction: read by runs
@example("18\u00b2 \u2013 3\u2019s")
@example("\u2212\u200b\u00bd")
def test_replacing_each_character_translates_as_the_runs_do(text: str) -> None:
    """Without a vulgar fraction, one replace per distinct character is the run-by-run
    translation (``_by_character``, the common case's path); with one, it declines."""
    from rftkit.rewards.unicode_digits import _by_character, _by_runs, _powers, _wide

    wide = _wide(text)
    by_runs = _by_runs(text, wide)
    by_char = _by_character(text, set(wide))
    if by_char is not None:
        assert by_char == by_runs, text
    else:
        assert any(
            ch in text
            for ch in "\u00bc\u00bd\u00be" + "".join(map(chr, range(0x2150, 0x215F))) + "\u2189"
        )
    if len(text) <= 1024 and not text.isascii():
        assert normalize_unicode(text) == _powers(by_runs), text
