"""The common characters' shortcut reads as the general translation (issue 14, speed).

:func:`normalize_unicode` first tries :func:`unicode_digits._common_only`: a text whose
non-ASCII characters are all in the literal table :data:`unicode_digits._COMMON` (curly
quotes, dashes, the times sign, ...) is translated by a replace per character found, without
the general path's step per character. It must give :func:`unicode_digits._general`'s text
for every text, and decline (None) whenever a character outside the table is present: a
case table, the table's entries against the map, and a property over texts mixing ASCII,
the table's characters and characters outside it (vulgar fractions beside signs,
superscripts beside digits, digits of other scripts, full-width forms, spaces, Arabic marks).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.unicode_digits import (
    _COMMON,
    _SUPERSCRIPT_SET,
    _VULGAR,
    _common_only,
    _general,
    _map_code_point,
    normalize_unicode,
)

_TABLE = "".join(c for c, _ in _COMMON)


@pytest.mark.parametrize(("char", "to"), _COMMON)
def test_each_entry_is_the_maps_reading(char: str, to: str | None) -> None:
    mapped = _map_code_point(ord(char))
    assert mapped == (ord(char) if to is None else to if to else None)
    assert ord(char) not in _VULGAR and char not in _SUPERSCRIPT_SET
    assert to is None or to.isascii()


def test_the_mapped_entries_come_first() -> None:
    """While no character that stays is found, ``rest`` is the translation (one replace)."""
    kinds = [to is None for _, to in _COMMON]
    assert kinds == sorted(kinds)


_CASES = [
    ("Gloria\u2019s turtle", "Gloria\u2019s turtle"),
    ("80 \u00d7 $5 = $400 \u2013 so", "80 \u00d7 $5 = $400 - so"),
    (
        "\u2212 5\u00a0m\u200b, \u201cok\u201d \u2014 \u20ac3",
        "- 5 m, \u201cok\u201d \u2014 \u20ac3",
    ),
    ("caf\u00e9 \u2018x\u2019 6 \u00f7 2", "caf\u00e9 \u2018x\u2019 6 \u00f7 2"),
    ("\u2013\u2013\u2212", "---"),
    ("\u200b", ""),
]


@pytest.mark.parametrize(("text", "out"), _CASES)
def test_common_texts(text: str, out: str) -> None:
    assert _common_only(text) == out == _general(text) == normalize_unicode(text)


@pytest.mark.parametrize(
    "text",
    [
        "-\u00bd \u2019",  # a sign glued to a vulgar fraction
        "\u2212\u200b\u00bc",  # a minus, a zero-width space, a fraction: glued
        "18\u00b2 \u2013 3",  # a power
        "\u0667\u0662 \u2019",  # Arabic-Indic digits
        "\uff15\u2013\u3000",  # full-width digit, ideographic space
        "x\u2019y\U0001f600",  # outside the BMP
        "a\ud800\u2013",  # a lone surrogate
    ],
)
def test_texts_with_other_characters_take_the_general_path(text: str) -> None:
    assert _common_only(text) is None
    assert normalize_unicode(text) == _general(text)


# Outside the table: every kind the general map knows (see test_unicode_runs._MAPPED),
# and characters that stay.
_OTHER = (
    "\u00ad\u2012\ufe63\uff0d\uff0b\u2044\u2215\u066b\u066c\u066a\u2030\u0667\u0966\uff15"
    "\uff04\u2009\u3000\u00bd\u00bc\u2150\u2189\u00b2\u00b9\u207b\u2070\u2460\u2167"
    "\U0001d7ce\u00e8\u221a\u0410\U0001f600\ud800"
)
_ASCII = "ab 1.$\n-+2)"


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(_ASCII) | st.sampled_from(_TABLE), max_size=40)
    | st.text(
        alphabet=st.sampled_from(_ASCII) | st.sampled_from(_TABLE) | st.sampled_from(_OTHER),
        max_size=40,
    )
    | st.text(max_size=30)
)
@example("2\u2212\u00bd")
@example("\u2013\u00bd")
@example("1\u00b2\u2019")
@example("x" * 1100 + "\u2013" * 80)  # long and dense: the general path's whole translate
def test_the_shortcut_reads_as_the_general_path(text: str) -> None:
    out = _common_only(text)
    if out is None:
        assert any(ord(c) > 127 and c not in _TABLE for c in text) or text.isascii()
    else:
        assert all(c.isascii() or c in _TABLE for c in text)
        assert out == _general(text), text
    if not text.isascii():
        assert normalize_unicode(text) == _general(text), text
