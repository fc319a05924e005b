"""A number that describes a noun after an article is no answer: ``a 20% discount``.

Helper of :mod:`rftkit.rewards.extract` (docs/graders.md, "A number inside a noun phrase").
Standard library only: this module ships inside every reward Lambda (no typing at run time,
the pattern compiled on first use).

A final sentence states its answer and goes on to name what it is about, with a number that
is part of an adjective: ``So she pays $80 after a 20% discount.``, ``So he needs 3 laps of
a 400-meter track.``, ``So he needs 3 buckets of the 5-gallon size.``, ``He buys 3 packs,
each a 12-pack.``. The final-sentence reader read that number (20%, 400, 5, 12), so a right
answer scored 0. :func:`unmodified` returns the sentence without such numbers, when all of
these hold:

* **a determiner** (``a``, ``an``, ``the``, ``each``, ``every``, ``his``, ``her``, ``their``,
  ``its``, ``my``, ``your``, ``our``, ``this``, ``that``) right before the number, with one
  space or tab between: the number is inside a noun phrase;
* **an adjective**: the number is glued by a hyphen to a word (``5-gallon``, ``400-meter``,
  ``12-pack``, ``180-minute``), or it is a percent followed by a word (``20% discount``)
  with a preposition before the determiner (``after``, ``with``, ``at``, ``of``, ``for``,
  ``including``, ``plus``, ``minus``, ``from``, ``on``, ``under``, ``before``, ``without``):
  an appositive percent (``$120, a 20% increase``) may be the answer itself, so it stays;
* **not a hedge or a scale**: the word after the hyphen or percent is no hedge (``a 72-or-so``),
  no scale (``a 20-thousand``) and no ``of``/``more``/``less``/``off`` (``a 20% of``);
* **a number before it** in the sentence (digits): the sentence still states a value once
  the modifier is gone, so a sentence whose only number is the modifier (``The answer is a
  20% discount.``) reads as before.

The number and its hyphen or percent sign are dropped (``a 400-meter track`` reads as ``a
meter track``), and the sentence is read as before by everything else: equations,
hedges, comparisons. Dropping can only take a number away from the reading, never add one,
so a reply is never paid for a value it did not state.

Cost: two ``in`` tests for every sentence without ``-`` or ``%``; otherwise one search (after
the last ``=``) that
scans for the literal in C, and a few character tests where a digit and a word surround it.
"""

from __future__ import annotations

import re

from rftkit.rewards.sentences import without_spans

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

__all__ = ["unmodified"]

_DETERMINERS: Final = frozenset(
    {"a", "an", "the", "each", "every", "his", "her", "their", "its", "my", "your", "our",
     "this", "that"}
)  # fmt: skip
_PREPOSITIONS: Final = frozenset(
    {"after", "with", "at", "of", "for", "including", "plus", "minus", "from", "on", "under",
     "before", "without", "by", "in", "to"}
)  # fmt: skip
_NOT_WORDS: Final = frozenset(
    {
        "or", "and", "to", "of", "more", "less", "off", "than", "maybe", "perhaps",
        "possibly", "probably", "ish", "hundred", "thousand", "million", "billion", "trillion",
        "percent", "x", "times",
    }
)  # fmt: skip
_NUMBER_CHARS = "0123456789,."
_PATTERNS: list[re.Pattern[str]] = []


def _patterns() -> list[re.Pattern[str]]:
    """A hyphen between a digit and a word; a percent sign, spaces and a word. Each starts
    with its literal, so a search scans for one character in C (a loop over the hyphens in
    Python cost several times more: most hyphens are a minus sign)."""
    if not _PATTERNS:
        _PATTERNS.append(re.compile(r"-(?<=[0-9]-)([A-Za-z]{1,30})"))
        _PATTERNS.append(re.compile(r"%[ \t]+([A-Za-z]{1,30})"))
    return _PATTERNS


def _word_before(s: str, end: int) -> tuple[int, str] | None:
    """The word that ends at ``end`` after one space or tab (its start, lowercased), or
    None."""
    if end < 2 or s[end - 1] not in " \t":
        return None
    k = end - 1
    i = k
    while i and s[i - 1].isalpha() and k - i < 30:
        i -= 1
    if i == k or (i and s[i - 1].isalnum()):
        return None
    return i, s[i:k].lower()


def _number_start(s: str, end: int) -> int:
    """Where the number that ends at ``end`` starts (``end`` when none does)."""
    i = end
    while i and s[i - 1] in _NUMBER_CHARS:
        i -= 1
    while i < end and not s[i].isdigit():
        i += 1  # a leading "," or "."
    return i


def _cut(s: str, k: int, word: str, rate: bool) -> tuple[int, int] | None:
    """The span to drop for a number that ends at ``k`` (before its hyphen or percent
    sign), or None when it describes no noun after a determiner (see the module)."""
    if word.lower() in _NOT_WORDS:
        return None
    i = _number_start(s, k)
    if i == k or (i and s[i - 1] not in " \t"):
        return None
    det = _word_before(s, i)
    if det is None or det[1] not in _DETERMINERS:
        return None
    if rate:
        prep = _word_before(s, det[0])
        if prep is None or prep[1] not in _PREPOSITIONS:
            return None  # "$120, a 20% increase": an appositive percent may be the answer
    if not any(c.isdigit() for c in s[:i]):
        return None  # the sentence's only number: read as before
    return i, k


def unmodified(sentence: str) -> str:
    """``sentence`` without the numbers that describe a noun after a determiner (see the
    module), or ``sentence`` itself when it holds none.

    Example:
        >>> unmodified("So she pays $80 after a 20% discount.")
        'So she pays $80 after a discount.'
        >>> unmodified("So he needs 3 laps of a 400-meter track.")
        'So he needs 3 laps of a meter track.'
        >>> unmodified("The answer is a 20% discount.")
        'The answer is a 20% discount.'
    """
    if "-" not in sentence and "%" not in sentence:  # (an "in" test costs a tenth of a find)
        return sentence
    hyphen, percent = _PATTERNS if _PATTERNS else _patterns()
    cuts: list[tuple[int, int]] = []
    eq = None  # the last "=", found when a candidate is: only what follows it is read
    if "-" in sentence:
        m = hyphen.search(sentence)
        while m is not None:  # "a 5-gallon bucket"
            k = m.start()
            if eq is None:
                eq = sentence.rfind("=")
            if k > eq and (span := _cut(sentence, k, m.group(1), False)) is not None:
                cuts.append((span[0], k + 1))  # the number and its hyphen
            m = hyphen.search(sentence, m.end())
    if "%" in sentence:
        m = percent.search(sentence)
        while m is not None:  # "after a 20% discount"
            k = m.start()
            if eq is None:
                eq = sentence.rfind("=")
            end = k - 1 if k and sentence[k - 1] in " \t" else k  # "20 %"
            if k > eq and (span := _cut(sentence, end, m.group(1), True)) is not None:
                cuts.append((span[0], m.start(1)))  # the number, its sign and the spaces after
            m = percent.search(sentence, m.end())
    return without_spans(sentence, cuts)
