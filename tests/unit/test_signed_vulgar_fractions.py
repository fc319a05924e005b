"""A sign written right before a vulgar fraction (``-½``) belongs to it, as in ``-1/2``.

Found by the GSM8K-suite agreement set (inspect_ai's ``the answer is -½ extra`` for -0.5):
``normalize_unicode`` turned ``-½`` into ``- 1/2`` (the leading space that makes ``2½``
the mixed number ``2 1/2``), and ``-`` followed by a space is no sign, so every rule read
+1/2: ``#### -½`` was paid for the reference 0.5 and refused for -0.5.
"""

from __future__ import annotations

import unicodedata
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rftkit import load_grader
from rftkit.rewards.numbers import normalize_unicode
from rftkit.rewards.types import Sample

VULGAR = [
    chr(cp)
    for cp in (*range(0xBC, 0xBF), *range(0x2150, 0x215F), 0x2189)
    if unicodedata.name(chr(cp), "").startswith("VULGAR FRACTION")
]
SIGNS = {"-": "-", "\u2212": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-", "+": "+"}


def _ascii(ch: str) -> str:
    frac = Fraction(unicodedata.numeric(ch)).limit_denominator(1000)
    return f"{frac.numerator}/{frac.denominator}"


def test_every_vulgar_fraction_is_listed() -> None:
    assert len(VULGAR) == 19  # U+00BC-00BE, U+2150-215E, U+2189


@pytest.mark.parametrize("frac", VULGAR)
@pytest.mark.parametrize("sign", sorted(SIGNS))
def test_a_sign_glued_to_a_vulgar_fraction_stays_its_sign(sign: str, frac: str) -> None:
    assert normalize_unicode(f"is {sign}{frac}.") == f"is {SIGNS[sign]}{_ascii(frac)}."
    assert normalize_unicode(f"{sign}{frac}") == f"{SIGNS[sign]}{_ascii(frac)}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2\u00bd", "2 1/2"),  # a mixed number keeps its space
        ("-2\u00bd", "-2 1/2"),
        ("\u22122\u00bd", "-2 1/2"),
        ("- \u00bd", "-  1/2"),  # a spaced minus is not glued: read as before
        ("x \u00bd", "x  1/2"),
        ("\u00bd", " 1/2"),
        ("a-\u00bd", "a-1/2"),  # like 'a-1/2': numbers.py decides sign or subtraction
        ("\u00bd-\u00bd", " 1/2-1/2"),
        ("\u2019\u2212\u00bd\u2019", "\u2019-1/2\u2019"),  # inside a longer non-ASCII run
    ],
)
def test_other_fraction_contexts(text: str, expected: str) -> None:
    assert normalize_unicode(text) == expected


def test_the_long_text_path_reads_signs_like_the_short_one() -> None:
    piece = "\u0667\u0662 \u2212\u00bd -\u00be \u2019"
    long_text = piece * 500  # dense non-ASCII over 1,024 characters: the whole-text table
    assert normalize_unicode(long_text) == normalize_unicode(piece) * 500
    assert "-1/2 -3/4" in normalize_unicode(long_text)


FORMS = ["#### {}", "\\boxed{{{}}}", "The answer is {}.", "So the change is {}.", "{}"]


@pytest.mark.parametrize("grader", ["gsm8k", "numeric"])
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("frac", ["\u00bd", "\u00be", "\u2153", "\u215b"])
def test_a_negative_vulgar_fraction_is_paid_for_its_negative_value(
    grader: str, form: str, frac: str
) -> None:
    g = load_grader(grader)
    value = _ascii(frac)
    for sign in ("-", "\u2212"):
        reply = form.format(sign + frac)
        right = g(Sample.from_text(response=reply, reference=f"-{value}"))
        wrong = g(Sample.from_text(response=reply, reference=value))
        assert right.score >= 0.9, (reply, right)
        assert wrong.score == 0.0, (reply, wrong)


@given(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
    st.sampled_from(VULGAR),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
)
def test_a_glued_sign_reads_as_the_ascii_fraction_would(before: str, frac: str, after: str) -> None:
    glued = normalize_unicode(f"{before}-{frac}{after}")
    assert glued == f"{before}-{_ascii(frac)}{after}"
