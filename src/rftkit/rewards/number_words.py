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
_SCALES = {"thousand": 1000, "million": 10**6, "billion": 10**9}
_WORD = (
    "(?:"
    + "|".join(_TEN_WORDS)
    + "|"
    + "|".join(reversed(_UNIT_WORDS))
    + "|an?|hundred|thousand|million|billion|dozen)"
)
# A run of number words joined by hyphens (``twenty-five``, ``two-hundred``), standing alone:
# ``two-thirds`` and ``one-sided`` hold none. :func:`number_words` joins runs into numbers.
_NUMBER_WORD_SOURCE = r"(?<![A-Za-z'-])" + _WORD + "(?:-" + _WORD + r")*(?![A-Za-z'-])"
_NUMBER_WORD = _lazy("_NUMBER_WORD", _NUMBER_WORD_SOURCE, re.IGNORECASE)


def _trie(words: list[str]) -> str:
    """``words`` as one choice by first letter: ``t(?:wenty|hirty|...)|f(?:orty|...)|...``."""
    rests: dict[str, list[str]] = {}
    for w in words:
        rests.setdefault(w[0], []).append(w[1:])
    choices = (c + (r[0] if len(r) == 1 else "(?:" + "|".join(r) + ")") for c, r in rests.items())
    return "(?:" + "|".join(choices) + ")"


_WORD_TRIE = _trie([*_TEN_WORDS, *reversed(_UNIT_WORDS), "a", "an", "hundred", *_SCALES, "dozen"])
# The same words in lower case, matched case-sensitively, on an ASCII text lowered first
# (same length, same positions) with a space put before it: the character before a run (not
# a letter, "'" or "-") is matched rather than looked behind at, so a search starts only at
# such characters (a class: memchr-like), not at every letter; and the words are one choice
# by first letter. The same runs (a run's words match only as the whole run between two such
# characters: the order of the choices does not matter), at a third of the instructions:
# tests/unit/test_extract_sentence_speed_parity.py holds them to _NUMBER_WORD.
_NUMBER_WORD_LOWER = _lazy(
    "_NUMBER_WORD_LOWER", r"[^A-Za-z'-](" + _WORD_TRIE + "(?:-" + _WORD_TRIE + r")*)(?![A-Za-z'-])"
)
# "one" as a pronoun is not a count: "one of them", "no one", "the one", "each one".
_NOT_COUNT_BEFORE = frozenset({"no", "the", "each", "every", "any", "which", "this", "that"})
_NOT_COUNT_AFTER = frozenset({"of", "another", "by", "at", "point"})
_MAX_WORDS = 512  # number words read per text: bounded work on hostile text
_MAX_TOKENS = 64


def number_words(text: str) -> list[Token]:
    """Numbers written in words: ``three``, ``twenty-five``, ``three hundred and twelve``.

    Read: zero to nineteen, the tens and their compounds (``forty two``, ``forty-two``),
    hundreds (``two hundred``, ``twelve hundred``, ``a hundred and five``, ``one hundred
    twenty-five``), thousands, millions and billions built from them (``one thousand two
    hundred``, ``two thousand and five``, ``five hundred thousand``), and a count times
    ``dozen`` (``a dozen``, ``two dozen``). ``a`` / ``an`` count as one before ``hundred``,
    ``thousand``, ``million``, ``billion`` and ``dozen`` only. Words of one number stand
    side by side or joined by a hyphen; ``and`` joins only after ``hundred`` or a scale
    word, as English number names do. A word that cannot go on with the number before it
    (``twenty twenty``, ``five six``, ``two million three million``) starts another, and
    any other text between two words (``two or three``, ``one thousand, two hundred``)
    ends it. Not read, because they are ambiguous in prose: ordinals (``second``),
    ``half``, ``twice``, ``a couple``, ``none``, and ``one`` used as a pronoun (``one of``,
    ``no one``, ``the one``, ``each one``, ``one another``). Positions refer to ``text``.

    Example:
        >>> [str(t.number) for t in number_words("Three trucks, twenty-five boxes, a dozen eggs")]
        ['3', '25', '12']
        >>> [str(t.number) for t in number_words("three hundred and twelve; two thousand and five")]
        ['312', '2005']
        >>> number_words("one of them is no one")
        []
    """
    words = _words(text)
    out: list[Token] = []
    i = 0
    while i < len(words) and len(out) < _MAX_TOKENS:
        i = _read_number(text, words, i, out)
    return out


def _words(text: str) -> list[tuple[int, int, str]]:
    """The number words of ``text``: (start, end, word in lower case), at most about
    :data:`_MAX_WORDS`."""
    words: list[tuple[int, int, str]] = []
    if text.isascii():  # (a match's group 1 starts one after its place in the text)
        for m in _NUMBER_WORD_LOWER.finditer(" " + text.lower()):
            k = m.start()  # = m.start(1) - 1
            for w in m.group(1).split("-"):
                words.append((k, k + len(w), w))
                k += len(w) + 1
            if len(words) >= _MAX_WORDS:
                break
        return words
    for m in _NUMBER_WORD.finditer(text):
        k = m.start()
        for w in m.group().lower().split("-"):
            words.append((k, k + len(w), w))
            k += len(w) + 1
        if len(words) >= _MAX_WORDS:
            break
    return words


def _read_number(text: str, words: list[tuple[int, int, str]], i: int, out: list[Token]) -> int:
    """Read the number that starts at ``words[i]`` into ``out``; the index after its words.

    A number is scale groups of decreasing scale, then a group below 1,000: a group is a
    count below 100, or one below 100 times ``hundred`` and then, after an ``and`` or not,
    a count below 100. ``a``/``an`` is one before a multiplier only. When a multiplier
    cannot follow the count after a ``hundred`` or a scale word (``five hundred four
    hundred``, ``two million three million``), the number ends before that count, and the
    count starts the next one.
    """
    start, end, w = words[i]
    n = len(words)
    total = 0  # the finished scale groups
    scale = 0  # the last scale's size: the next must be smaller
    group = _WORD_VALUES.get(w)
    if group is None:
        if (
            w in ("a", "an")
            and i + 1 < n
            and words[i + 1][2] in _MULTIPLIER_WORDS
            and _joined(text, end, words[i + 1][0], False)
        ):
            group = 1
        if group is None:
            return i + 1  # "hundred", "a" alone: no number starts here
    state = _TENS if group >= 20 else _COUNT
    # The number as it stood before the count after a "hundred" or a scale word:
    # (that count's index, end, value and state before it).
    before_rest: tuple[int, int, int, int] | None = None
    j = i + 1
    while j < n:
        s, e, w = words[j]
        if not _joined(text, end, s, state in (_HUNDRED, _SCALED)):
            break
        value = _WORD_VALUES.get(w)
        if value is not None:
            if state == _TENS and 0 < value < 10:
                group += value
                state = _CLOSED
            elif state in (_HUNDRED, _SCALED) and value > 0:
                before_rest = (j, end, total + group, state)
                group += value
                state = _TENS if value >= 20 and value % 10 == 0 else _CLOSED
            else:
                break  # "twenty twenty", "five six": another number
        elif w in _MULTIPLIER_WORDS:
            if w == "hundred":
                ok = state in (_COUNT, _TENS, _CLOSED) and 0 < group < 100
            elif w == "dozen":
                ok = not total and state in (_COUNT, _TENS, _CLOSED) and 0 < group < 100
            else:
                ok = state != _SCALED and group > 0 and not (scale and _SCALES[w] >= scale)
            if not ok:
                if before_rest is not None and state in (_TENS, _CLOSED):
                    k, end, value, state = before_rest
                    _finish(text, out, start, end, value, state)
                    return k  # the count after "hundred" starts the next number
                break
            if w == "hundred":
                group *= 100
                state = _HUNDRED
                before_rest = None
            elif w == "dozen":
                group *= 12
                end = e
                j += 1
                break  # "two dozen": nothing goes on after a dozen
            else:
                scale = _SCALES[w]
                total += group * scale
                group = 0
                state = _SCALED
                before_rest = None
        else:  # "a"/"an": no word of a number after its start
            break
        end = e
        j += 1
    _finish(text, out, start, end, total + group, state)
    return j


_MULTIPLIER_WORDS = frozenset({"hundred", "thousand", "million", "billion", "dozen"})
# What the last word of a number being read was.
_COUNT, _TENS, _CLOSED, _HUNDRED, _SCALED = range(5)


def _joined(text: str, end: int, start: int, and_ok: bool) -> bool:
    """Do the words ending at ``end`` and starting at ``start`` belong to one number?"""
    gap = text[end:start]
    if gap in {" ", "-"}:
        return True
    return and_ok and gap.lower() in (" and ", "-and-")


def _finish(  # noqa: PLR0917 - the number's span, value and state
    text: str, out: list[Token], start: int, end: int, value: int, state: int
) -> None:
    """Add the number read from ``text[start:end]`` to ``out`` (not ``one`` as a pronoun)."""
    if value == 1 and state == _COUNT:
        before = text[max(0, start - 12) : start].split()
        after = text[end : end + 12].split()
        if (before and before[-1].lower() in _NOT_COUNT_BEFORE) or (
            after and after[0].strip(",.;").lower() in _NOT_COUNT_AFTER
        ):
            return
    out.append(Token(start, end, Number(value)))


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
