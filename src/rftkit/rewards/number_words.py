"""Counts written in words: ``three``, ``twenty-five``, ``two hundred``, ``a dozen``.

Standard library only: this module ships inside every reward Lambda (its pattern is compiled
on first use).
"""

from __future__ import annotations

import re

from rftkit.rewards.numbers import Number, Token, _lazy_pattern

__all__ = ["counts_in_words", "number_words"]


def _lazy(name: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled on first use that rebinds this module's global ``name``."""
    return _lazy_pattern(name, pattern, flags, globals())


# -- number words ----------------------------------------------------------------------------

_UNIT_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TEN_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {w: i for i, w in enumerate(_UNIT_WORDS)}
_WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TEN_WORDS)})
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "dozen": 12}
_NUMBER_WORD_SOURCE = (
    r"(?<![A-Za-z'-])(?:(?P<t>"
    + "|".join(_TEN_WORDS)
    + r")(?:[- ](?P<tu>"
    + "|".join(_UNIT_WORDS[1:10])
    + r"))?|(?P<u>"
    + "|".join(reversed(_UNIT_WORDS))
    + r")|(?P<a>an?))(?:[ -](?P<m>hundred|thousand|dozen))?(?![A-Za-z'-])"
)
_NUMBER_WORD = _lazy("_NUMBER_WORD", _NUMBER_WORD_SOURCE, re.IGNORECASE)
# The same words in lower case, matched case-sensitively: on an ASCII text lowered first (same
# length, same positions) the same matches, about twice as fast as ignoring case.
_NUMBER_WORD_LOWER = _lazy("_NUMBER_WORD_LOWER", _NUMBER_WORD_SOURCE)
# "one" as a pronoun is not a count: "one of them", "no one", "the one", "each one".
_NOT_COUNT_BEFORE = frozenset({"no", "the", "each", "every", "any", "which", "this", "that"})
_NOT_COUNT_AFTER = frozenset({"of", "another", "by", "at", "point"})


def number_words(text: str) -> list[Token]:
    """Counts written in words: ``three``, ``twenty-five``, ``two hundred``, ``a dozen``.

    Read: zero to nineteen, the tens and their compounds (``forty two``, ``forty-two``), each
    optionally times ``hundred``, ``thousand`` or ``dozen`` (``a`` / ``an`` count as one
    before those three only). Not read, because they are ambiguous in prose: ordinals
    (``second``), ``half``, ``twice``, ``a couple``, ``none``, and ``one`` used as a pronoun
    (``one of``, ``no one``, ``the one``, ``each one``, ``one another``). Numbers larger than
    this are written in digits by every model we have seen. Positions refer to ``text``.

    Example:
        >>> [str(t.number) for t in number_words("Three trucks, twenty-five boxes, a dozen eggs")]
        ['3', '25', '12']
        >>> number_words("one of them is no one")
        []
    """
    out: list[Token] = []
    found = (
        _NUMBER_WORD_LOWER.finditer(text.lower()) if text.isascii() else _NUMBER_WORD.finditer(text)
    )
    for m in found:
        tens, ten_unit, unit, article, mult = m.group("t", "tu", "u", "a", "m")
        if article is not None:
            if mult is None:
                continue
            value = 1
        elif tens is not None:
            value = _WORD_VALUES[tens.lower()] + (_WORD_VALUES[ten_unit.lower()] if ten_unit else 0)
        else:
            value = _WORD_VALUES[unit.lower()]
            if value == 1 and mult is None:
                before = text[max(0, m.start() - 12) : m.start()].split()
                after = text[m.end() : m.end() + 12].split()
                if (before and before[-1].lower() in _NOT_COUNT_BEFORE) or (
                    after and after[0].strip(",.;").lower() in _NOT_COUNT_AFTER
                ):
                    continue
        if mult is not None:
            value *= _MULTIPLIERS[mult.lower()]
        out.append(Token(m.start(), m.end(), Number(value)))
        if len(out) >= 64:
            break
    return out


# Words after a count that make it the numerator of a fraction the reader does not value.
_FRACTION_WORDS = (
    "half",
    "halves",
    "third",
    "quarter",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)


def counts_in_words(text: str) -> list[Token]:
    """:func:`number_words` without the numerators of fractions (``one half``, ``two thirds``).

    Example:
        >>> [str(t.number) for t in counts_in_words("one half or two apples")]
        ['2']
    """
    return [
        t
        for t in number_words(text)
        if not text[t.end : t.end + 12].lstrip().lower().startswith(_FRACTION_WORDS)
    ]
