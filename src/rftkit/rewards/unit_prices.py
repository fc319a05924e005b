"""A price per item after the answer: ``So she spent $37.50 on shirts, $12.50 apiece.``
answers 37.50, not 12.50.

Helper of :mod:`rftkit.rewards.time_frames` (docs/graders.md, "A price per item after the
answer"). Standard library only: this module ships inside every reward Lambda (no typing at
run time, the pattern compiled on first use).

A final sentence states a total and then what one item of it costs or holds: ``So she
spent $37.50, $12.50 each.``, ``..., at $12.50 per shirt.``, ``So she spent $37.50 at $12.50
each.``, ``He needs 36 eggs, 3 per cake.``. The final-sentence reader read the later number:
the per-item value, most often a number the question gives. :func:`unit_price` reads the
main clause's value instead (flag :data:`FLAG`) when all of these hold:

* the reading is the sentence's last number ``B``, and the number before it, ``A``, is joined
  to it by a comma (``, ``, ``, at ``) or by `` at ``, with only words between (``$37.50 on
  shirts, $12.50``: no hedge, no clause mark, no ``or``);
* ``A`` and ``B`` carry the same currency sign, or neither carries one;
* after ``B`` comes only a per-item phrase: ``each``, ``apiece``, ``a piece``, or ``per``,
  ``a``, ``an`` or ``each`` and a noun that is no time unit (``per shirt``, ``a cake``,
  ``45 each way``; ``$18 a day`` is a rate, read by :mod:`.conversions` and
  :mod:`.time_frames`), maybe with one more word;
* no hedge word anywhere in the sentence;
* with the prompt, the question's last sentence does not ask for one item (``each``,
  ``per``, ``apiece``, ``one``, ``single``, ``every``, ``average``): then the per-item value
  is the answer, as before;
* the sentence up to the joiner, read alone by the same reader, reads ``A``, accepted.

Without the prompt the main clause's value is read: the clause that states what the sentence
is about (``she spent``) and its number; the per-item phrase explains it. A refusal is
never turned into a payment, and the value read is one the sentence states, so a reply is
paid for one value at most.

Cost: nothing for a sentence whose answer is followed by no ``each``, ``apiece``, ``per``,
``a`` or ``an`` (:func:`time_frames.time_frame` looks at the word after the answer already);
a scan of the sentence's numbers and one match otherwise.
"""

from __future__ import annotations

import re

from rftkit.rewards.givens import prompt_text
from rftkit.rewards.numbers import scan

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from collections.abc import Container
    from typing import Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "PER_ITEM", "unit_price"]

FLAG: Final = "unit_price"
"""The flag of an answer read without the per-item price after it."""

PER_ITEM: Final = frozenset({"each", "apiece", "per", "a", "an"})
"""The words after a number that may open a per-item phrase (the probe)."""

_ASKS_ONE: Final = frozenset({"each", "per", "apiece", "one", "single", "every", "average"})
_HEDGES: Final = frozenset(
    {"or", "maybe", "perhaps", "possibly", "probably", "either", "about", "around", "roughly"}
)
_SIGNS = "$\u20ac\u00a3"
_PATTERNS: list[re.Pattern[str]] = []


def _patterns() -> list[re.Pattern[str]]:
    """The gap between ``A`` and ``B`` (words, then the joiner, then a sign), the phrase after
    ``B``, and a word. Linear: each a run of one class or a fixed alternation."""
    if not _PATTERNS:
        _PATTERNS.append(
            re.compile(
                r"(?P<words>[a-z' \t]{0,60}?)(?P<join>,[ \t]*(?:at[ \t]+)?|[ \t]+at[ \t]+)"
                r"[$\u20ac\u00a3]?",
                re.IGNORECASE,
            )
        )
        _PATTERNS.append(
            re.compile(
                r"[ \t]+(?:each|apiece|a[ \t]+piece|(?:per|an?|each)[ \t]+(?P<noun>[a-z]{1,30})"
                r"(?:[ \t]+[a-z]{1,30})?)[ \t]*[.!)*]*",
                re.IGNORECASE,
            )
        )
        _PATTERNS.append(re.compile(r"[a-z]+"))
    return _PATTERNS


def _sign(s: str, start: int) -> str:
    """The currency sign of the number token that starts at ``start`` (a token may start at
    its sign or right after it), or ``""``."""
    if s[start : start + 1] in _SIGNS:
        return s[start]
    before = s[start - 1 : start] if start else ""
    return before if before and before in _SIGNS else ""


def unit_price(  # noqa: PLR0917 - the reader's arguments, in its order
    ex: Extractor,
    rule: str,
    found: Extraction,
    sentence: str,
    words: bool,
    flags: list[str],
    prompt: object,
    time_units: Container[str],
) -> Extraction | None:
    """``found`` (the accepted reading of ``sentence``), or the main clause's value when a
    per-item phrase follows the answer (see the module). ``time_units``: the words that name
    a time unit (a rate per day is no per-item price).

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("So she spent $37.50 on shirts, $12.50 apiece.").answer
        '37.5'
    """
    if "\\" in sentence:
        return found  # LaTeX: its "$" are no currency signs
    s = sentence
    tokens = scan(s)
    if len(tokens) < 2 or tokens[-1].number != found.number:
        return found
    a, b = tokens[-2], tokens[-1]
    gap_pattern, phrase_pattern, word_pattern = _patterns()
    m = phrase_pattern.fullmatch(s, b.end)
    if m is None:
        return found  # more than a per-item phrase after the number
    noun = m.group("noun")
    if noun is not None and noun.lower() in time_units:
        return found  # "$18 a day": a rate (conversions, time_frames)
    sign_a, sign_b = _sign(s, a.start), _sign(s, b.start)
    if sign_a != sign_b:
        return found  # a count and a price: two kinds of value
    gap = s[a.end : b.start]
    g = gap_pattern.fullmatch(gap)
    if g is None:
        return found
    low = s.lower()
    if not _HEDGES.isdisjoint(word_pattern.findall(low)):
        return found  # "$37.50, or $12.50 each", "about $12.50 each": read as before
    if prompt is not None:
        q = prompt_text(prompt)
        from rftkit.rewards.time_frames import _question_words  # (it imports this module)

        if not _ASKS_ONE.isdisjoint(_question_words(q)):
            return found  # "How much does each shirt cost?": the per-item value
    head = s[: a.end + g.start("join")].rstrip(" \t,;") + "."
    read = ex._statement(rule, head, words, list(flags))
    if read is None or read.rejected is not None or read.number is None:
        return found
    if a.number is None or read.number.value != a.number.value:
        return found  # the main clause answers another number
    return tuple.__new__(type(read), (*read[:4], (*read.flags, FLAG), *read[5:]))
