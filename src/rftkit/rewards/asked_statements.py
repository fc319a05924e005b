"""The asked quantity stated, then a sentence or a list about something else.

Standard library only: this module ships inside every reward Lambda (no typing at run time).

Chatty replies state the answer, then add a sentence or a list about another thing:
``Janet makes $18 every day. She uses 7 eggs herself.`` The final-sentence rule reads the
final sentence (7). With the prompt, :func:`asked_statement` reads such a reply by what the
question asks (:func:`asked_units.asked`; the policy and its measurement: docs/graders.md,
"The asked quantity stated, then a sentence or a list about something else"):

* the final sentence's reading was accepted, carries another thing (``7 eggs``, ``Day
  3``: :func:`asked_units._other`), the sentence does not conclude (``So``, ``Thus``,
  ``In total``, ... the word ``answer``, a bold mark), holds no hedge or relating word
  (``Or she keeps 7 eggs.``, ``more than 7``, ``If ...``), and none of its numbers carries
  the asked quantity (``Then she spends $5.`` after ``She makes $18.``: today's reading);
* the statement, the sentence right before it (or, when the final sentence is a line of a
  list or a table that ends the reply, the last sentence before that list, no line of which
  carries the asked quantity) ends in ``.`` or ``!`` and holds exactly one value carrying
  the asked quantity (:func:`asked_number`: the guards of :mod:`.asked_units`, no hedge or
  relating word, no ``=``, no price per item, no number of the question).

Then that value is the answer (flag ``asked_statement``). A rejected reading is never read
again, so no refusal becomes a payment, and a statement with two values carrying the asked
quantity, or a hedge, keeps today's reading: one reply is never paid for two values.

:func:`stated_by_ask` serves :mod:`.breakdowns`: with the prompt, a plain sentence before a
breakdown whose one value carrying the asked quantity is its reading states the answer.

Cost: only with a prompt, only for an accepted reading of a final sentence without ``=``
that follows a sentence ending in ``.`` or ``!`` (or opens a list line), does not
conclude, and has a number beside a word or a sign (``7 eggs``, ``Day 3``, ``$5``); then
the statement's bounds, a scan of the final sentence, the question (read once), and the
statement.
"""

from __future__ import annotations

import re

from rftkit.rewards.asked_units import (
    MAX_NUMBERS,
    Ask,
    _carries,
    _other,
    _part_of,
    _per_item,
    _stands_back,
    asked,
    later_conclusion,
    rate_slash,
    side_by_side,
)
from rftkit.rewards.clock_times import clock_spans
from rftkit.rewards.givens import _relates, given_values, prompt_text
from rftkit.rewards.numbers import scan
from rftkit.rewards.sentences import (
    _CONCLUSIONS,
    _FINISHER_CHARS,
    _sentence_start,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

    from rftkit.rewards.extraction import Extraction
    from rftkit.rewards.numbers import Number

__all__ = ["FLAG", "asked_number", "asked_statement", "stated_by_ask"]

FLAG: Final = "asked_statement"
"""The flag of an answer read from the statement before a final sentence."""

_LIST_LINES = 16  # lines of a list or a table read back
_LIST_MARKS = "-*+|\u2022"  # what a bulleted list line or a table row opens with
_NUMBER_THEN_LETTER: list[re.Pattern[str]] = []  # compiled on first use (the cold start)
_ITEM: list[re.Pattern[str]] = []
_CURRENCY = "$\u20ac\u00a3\u00a5\u20b9"


def asked_number(sentence: str, ask: Ask, prompt: object) -> Number | None:
    """The one value of ``sentence`` carrying the quantity ``ask``, or None: when none or two
    values carry it, or the sentence hedges or relates its numbers, or that number is a
    price per item, the size of each item, a number of the question, stands next to a
    hedge mark, or comes before a later clause that concludes."""
    if "=" in sentence or "\\" in sentence or "ozen" in sentence or "?" in sentence:
        return None
    s = rate_slash(sentence)
    if _relates(s) or _stands_back(s) or (":" in s and clock_spans(s)):
        return None
    tokens = scan(s)
    if not 1 <= len(tokens) <= MAX_NUMBERS:
        return None
    values = []
    for t in tokens:
        if t.number is None:
            return None
        values.append(t.number.value)
    chosen = [i for i, t in enumerate(tokens) if _carries(s, t, ask) is not None]
    if not chosen or len({values[i] for i in chosen}) != 1:
        return None
    i = chosen[-1]
    if _per_item(s, tokens[i], ask) or _part_of(s, tokens, i):
        return None
    last = len(tokens) - 1
    if i < last and later_conclusion(s, tokens[i].end, tokens[last].start):
        return None  # "$30 on food, so she has 9 eggs left": a later conclusion
    if side_by_side(s, tokens, values, i):
        return None  # "$18, 20 eggs": values side by side
    if values[i] in given_values(prompt):
        return None  # "$2 per egg" restated from the question
    return tokens[i].number


def _concludes(sentence: str) -> bool:
    """Does the sentence conclude: ``So``, ``Thus``, ``In total``, ..., ``answer``, bold?"""
    return (
        sentence.lstrip(" *_#>-")[:16].lower().startswith(_CONCLUSIONS)
        or "**" in sentence
        or "nswer" in sentence
        or "NSWER" in sentence
    )


def _item(line: str) -> bool:
    """Is ``line`` a line of a list or a table (``- 9 eggs``, ``2. She uses 7``, ``| 9 |``)?"""
    if not _ITEM:
        _ITEM.append(re.compile(r"[ \t]*(?:[-*+\u2022|]|[0-9]{1,2}[.)][ \t])"))
    return _ITEM[0].match(line) is not None


def _heading(line: str) -> bool:
    """A heading above a list: ``Breakdown:``, ``**Summary:**``, ``### Steps`` (no digit)."""
    s = line.strip(" \t*_")
    return not any(c.isdigit() for c in s) and (s.endswith(":") or line.lstrip().startswith("#"))


def _statement(body: str, start: int) -> tuple[str, str] | None:
    """The statement before the final sentence at ``start`` of ``body`` (see above), and
    the lines of the list between them (empty when the final sentence is no list line)."""
    line = body.rfind("\n", 0, start) + 1
    if _item(body[line : line + 8]) and len(body[line:start].strip()) <= 4:
        # the final sentence is a line of a list: the last sentence before the list
        end = line
        for _ in range(_LIST_LINES):
            if end == 0:
                return None
            j = body.rfind("\n", 0, end - 1) + 1
            text = body[j : end - 1]
            if text.strip() and not _item(text):
                if _heading(text):
                    end = j  # a heading ("Breakdown:", "Here is how:")
                    continue
                break
            end = j
        else:
            return None
        before = body[:end].rstrip()
        if before.endswith(":"):  # "... every day. Here is how:": the sentence before it
            k = _sentence_start(before, len(before) - 1)
            if any(c.isdigit() for c in before[k:]):
                return None
            before = before[:k].rstrip()
        listed = body[end:start]
    else:
        before = body[:start].rstrip()
        listed = ""
    if not before.endswith((".", "!")):
        return None
    return before[_sentence_start(before, len(before.rstrip(_FINISHER_CHARS))) :], listed


def asked_statement(
    found: Extraction | None, s: str, body: str, prompt: object
) -> Extraction | None:
    """``found`` (the accepted reading of ``s``, the final sentence of ``body``), or the one
    value carrying the asked quantity of the statement before it (see above).

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> q = "She sells eggs at $2 each. How much in dollars does she make every day?"
        >>> e = Extractor()("Janet makes $18 every day. She uses 7 eggs herself.", prompt=q)
        >>> e.answer, e.flags
        ('18', ('asked_statement',))
    """
    if found is None or found.rejected is not None or found.number is None or prompt is None:
        return found
    start = len(body) - len(s)
    if start <= 0 or "=" in s:
        return found
    k = start - 1
    while k > 0 and k > start - 8 and body[k] in " \t\n":
        k -= 1
    if body[k] not in ".!" and s[:1] not in _LIST_MARKS:
        return found  # no sentence ends right before it, and it opens no list line
    if _concludes(s) or body[start:] != s:
        return found
    if _relates(s) or _stands_back(s):
        return found  # "Or she keeps 7 eggs.", "more than 7 eggs", "If ...": as today
    if not _NUMBER_THEN_LETTER:  # a number with a word or a sign ("7 eggs", "Day 3", "$5")
        _NUMBER_THEN_LETTER.append(
            re.compile(
                r"[0-9][^0-9A-Za-z\n]{0,3}[A-Za-z]|[A-Za-z][ #$\u20ac\u00a3]{1,2}[0-9]|[0-9]%"
            )
        )
    if _NUMBER_THEN_LETTER[0].search(s) is None:
        return found
    stated = _statement(body, start)
    if stated is None:
        return found
    before, listed = stated
    if "=" in before or not any(c.isdigit() for c in before):
        return found  # no statement of a value, or a computation
    tokens = scan(rate_slash(s), MAX_NUMBERS + 1)
    value = found.number.value
    read = [t for t in tokens if t.number is not None and t.number.value == value]
    if not read or len(tokens) > MAX_NUMBERS or not all(_other(s, t) for t in read):
        return found  # a bare reading ("She keeps 7.") may be the answer
    ask = asked(prompt_text(prompt))  # the question, read once
    if ask is None or any(_carries(s, t, ask) is not None for t in tokens):
        return found  # no asked quantity, or the final sentence speaks of it
    for text in listed.split("\n"):
        if any(_carries(text, t, ask) is not None for t in scan(text, MAX_NUMBERS + 1)):
            return found  # the list speaks of the asked quantity itself
    number = asked_number(before, ask, prompt)
    if number is None:
        return found
    return tuple.__new__(
        type(found),
        (str(number), found.rule, number, 1, (*found.flags, FLAG), found.at_end, None),
    )


def stated_by_ask(sentence: str, found: Extraction, prompt: object) -> bool:
    """With the prompt, does the plain ``sentence`` before a breakdown state the answer: its
    reading ``found`` is its one value carrying the asked quantity (:func:`asked_number`)?"""
    if prompt is None or found.number is None or found.rejected is not None:
        return False
    ask = asked(prompt_text(prompt))
    if ask is None:
        return False
    number = asked_number(sentence.rstrip(), ask, prompt)
    return number is not None and number.value == found.number.value
