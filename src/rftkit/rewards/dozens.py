"""A count of dozens: ``2 dozen`` and ``two dozen`` read alike, by what the question asks.

Standard library only: this module ships inside every reward Lambda (no typing at run time).

``2 dozen eggs`` names one quantity with two readings, the count of dozens (2) and the count
of items (24). Until this round digits read the first and words the second (``2 dozen`` was
2, ``two dozen`` 24), and a reply that restated the quantity in the other notation (``3 dozen
cookies, which is 36 cookies``) was refused as two answers. The policy (docs/graders.md,
"A count of dozens"), for the final sentence, the last number and an answer container:

* a dozen phrase is a count before ``dozen`` / ``dozens``: digits (``2``, ``1.5``, ``2 1/2``,
  ``1/2``, ``2 and a half``), words (``two``, ``twenty-four``, ``a``, ``half a``, ``a half``,
  ``one and a half``), and ``a dozen and a half``; ``dozens of`` without a count is none;
* with the prompt, the question (its last sentence ending in ``?``) asks in dozens when
  ``many`` or ``number of`` comes at most three words before ``dozen`` / ``dozens`` (``How
  many dozen eggs``, ``how many more dozen``, ``the number of dozens``) or it says ``in
  dozens``: then the count of dozens is the answer, else the count of items;
* without the prompt, the count of dozens (in GSM8K's solutions a last line that says ``N
  dozen`` answers N eleven times in twelve);
* a sentence whose numbers are all one dozen quantity, written both ways (``3 dozen, which
  is 36``, ``3 dozen (36 cookies)``, ``36 cookies, or 3 dozen``, ``3 dozen = 36 eggs``), is
  one value, not a hedge: the notation the question asks, without the prompt the one
  written last (the reply converts toward the unit it answers in);
* otherwise a sentence's reading changes only when the reader read the phrase itself: the
  last number read with the answer's value is the phrase's count (digits), or the sentence
  holds no digit and the phrase is its last number (words: the words reader multiplies).
  A number beside the phrase stays as read (``She paid $5 for 2 dozen eggs.`` is 5).

Flag ``dozens`` on a reading the policy changed. Cost: callers test ``"z" in sentence``
first (one memchr; ``"ozen"`` is a slower search), then ``"ozen"``; then a search for
``dozen``, a scan of the sentence's numbers, and with the prompt a look at the question's
words. A reply with a prompt and ``ozen`` is read by the general path, which reads its
answer containers by the policy (:func:`dozen_answer`).
"""

from __future__ import annotations

import re

from rftkit.rewards.givens import prompt_text
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import Number, _fraction, _norm, clean_latex, has_digit, scan
from rftkit.rewards.sentences import is_hedge
from rftkit.rewards.time_frames import _question_words

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extraction import Extraction

__all__ = ["FLAG", "asks_dozens", "dozen_answer", "dozen_number", "dozen_reading", "phrases"]

FLAG: Final = "dozens"
"""The flag of a reading the dozen policy decided."""

_DOZEN: list[re.Pattern[str]] = []  # compiled on first use (the Lambda cold start)
_MAX_PHRASES = 8  # dozen phrases read per sentence: bounded work on hostile text
_REACH = 48  # characters before "dozen" read for its count
# Words between two numbers that make them two quantities, not one value written twice.
_APART = frozenset(
    {
        "and", "at", "for", "each", "per", "plus", "minus", "than", "not", "from", "with",
        "by", "in", "after", "over", "more", "less", "times", "costs", "cost", "cents",
    }
)  # fmt: skip
_SPACES = str.maketrans({c: " " for c in ",.;:!?()[]{}\"'`=-"})
# Rejections a restatement in two notations undoes (the reader saw two values).
_TWO_VALUES = frozenset({"multiple_answers", "several_numbers"})


def _dozen() -> re.Pattern[str]:
    if not _DOZEN:
        _DOZEN.append(re.compile(r"(?<![a-z])dozens?(?![a-z])"))
    return _DOZEN[0]


class _Phrase:
    """One dozen phrase: where it is, its count of dozens, and whether it is in digits."""

    __slots__ = ("count", "digits", "end", "start")

    def __init__(self, start: int, end: int, count: Any, digits: bool) -> None:
        self.start = start
        self.end = end
        self.count = count
        self.digits = digits


def _digit_count(low: str, lo: int, k: int) -> tuple[int, Any] | None:
    """``(start, count)`` of a count in digits right before ``dozen`` at ``k``: ``2 ``,
    ``1.5 ``, ``2 1/2 ``, ``1/2``, ``2-``, ``2 and a half ``."""
    before = low[lo:k]
    tokens = scan(before)
    if not tokens:
        return None
    t = tokens[-1]
    tail = before[t.end :]
    if t.number is None or t.number.percent or (t.start > 0 and before[t.start - 1] in "$.,"):
        return None
    count = t.number.value
    gap = tail.split()
    if gap == ["and", "a", "half"]:
        count += _fraction()(1, 2)
    elif (gap and gap != ["-"]) or not tail:
        return None  # "2 dozen", "2-dozen", "2 \\text{ dozen}": a space or a hyphen between
    return lo + t.start, count


def _word_count(low: str, lo: int, k: int) -> tuple[int, Any] | None:
    """``(start, count)`` of a count in words before ``dozen`` at ``k``."""
    before = low[lo:k]
    if before.endswith(("half a ", "half an ", "a half ", " half ")) or before == "half ":
        cut = before.rfind("half")
        start = cut - 2 if before.endswith("a half ") else cut
        words = before[:start].rstrip()
        if words.endswith(" and"):  # "one and a half dozen"
            whole = number_words(words[:-4])
            if whole and whole[-1].end == len(words) - 4 and whole[-1].number is not None:
                return lo + whole[-1].start, whole[-1].number.value + _fraction()(1, 2)
        return lo + start, _fraction()(1, 2)
    if before.endswith((" a ", " an ")) or before in ("a ", "an "):
        return lo + before.rfind("a", 0, len(before) - 1), 1  # "a dozen"
    read = number_words(before)  # the count alone: "one hundred and one", "twenty-four"
    if not read or before[-1:] not in (" ", "-"):
        return None
    t = read[-1]
    if t.end != len(before) - 1 or t.number is None:
        return None
    return lo + t.start, t.number.value


def phrases(s: str) -> list[_Phrase]:
    """The dozen phrases of ``s`` (lower-cased ASCII positions are ``s``'s)."""
    low = s.lower()
    out: list[_Phrase] = []
    for m in _dozen().finditer(low):
        k, end = m.start(), m.end()
        lo = k - _REACH if k > _REACH else 0
        found = _digit_count(low, lo, k)
        digits = found is not None
        if found is None:
            found = _word_count(low, lo, k)
        if found is None:
            continue
        start, count = found
        if low.startswith(" and a half", end):  # "a dozen and a half"
            count += _fraction()(1, 2)
            end += 11
        out.append(_Phrase(start, end, count, digits))
        if len(out) >= _MAX_PHRASES:
            break
    return out


def asks_dozens(prompt: object) -> bool:
    """Does the question ask for a count of dozens (see above)?

    Example:
        >>> asks_dozens("She eats 3 eggs a day. How many dozens of eggs will she eat?")
        True
        >>> asks_dozens("She buys 2 dozen eggs. How many eggs does she have?")
        False
    """
    text = prompt_text(prompt)
    if "ozen" not in text:
        return False
    words = _question_words(text.lower())
    for i, w in enumerate(words):
        if w in ("dozen", "dozens"):
            near = words[i - 3 if i > 3 else 0 : i]
            if "many" in near or "number" in near or (i > 0 and words[i - 1] == "in"):
                return True
    return False


def _mentions(s: str, found: list[_Phrase]) -> list[tuple[int, Any, _Phrase | None]]:
    """The sentence's numbers in order, ``(start, value, phrase)``: each dozen phrase once,
    the numbers in digits outside them, and in a sentence with no digit its number words."""
    out: list[tuple[int, Any, _Phrase | None]] = [(p.start, p.count, p) for p in found]
    tokens = scan(s) if has_digit(s) else number_words(s)
    for t in tokens:
        if t.number is None:
            return []  # a number out of bounds: no policy
        if not any(p.start <= t.start < p.end for p in found):
            out.append((t.start, t.number.value, None))
    out.sort(key=lambda m: m[0])
    return out


def _apart(s: str, a: tuple[int, Any, _Phrase | None], b: tuple[int, Any, _Phrase | None]) -> bool:
    """Do the words between two mentions set them apart as two quantities (``3 dozen eggs
    and 36 apples``, ``3 dozen eggs at 36 cents each``), or is the second money?"""
    end = a[2].end if a[2] is not None else a[0]
    gap = s[end : b[0]].lower()
    if gap.endswith("$") or "%" in s[b[0] : b[0] + 12]:
        return True
    return not _APART.isdisjoint(gap.translate(_SPACES).split())


def _hedged(s: str, found: list[_Phrase]) -> bool:
    """Are two dozen phrases of different counts offered side by side (``3 dozen or 4
    dozen``)? The reader sees this in digits; in words past a hundred it may read one."""
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if a.count != b.count and is_hedge(s[a.end : b.start]):
            return True
    return False


def _word_values(s: str, phrase: _Phrase) -> set[Any]:
    """The values the reader may have read from a dozen phrase in words: its count of items
    (``two dozen`` 24, ``half a dozen`` 6), its count, or a number of its words (the words
    reader reads ``nine hundred and seventy-five dozen`` as 900 and 900)."""
    values = {phrase.count, phrase.count * 12}
    for t in number_words(s[phrase.start : phrase.end]):
        if t.number is not None:
            values.add(t.number.value)
    return values


def _value(count: Any, prompt: object, last: Any = None) -> Any:
    """The answer of a dozen quantity: its count of dozens or of items (see above)."""
    if prompt is None:
        return count if last is None else last
    return count if asks_dozens(prompt) else count * 12


def _read(found: Extraction, value: Any) -> Extraction:
    if type(value) is not int:
        value = _norm(value)
    if found.rejected is None and found.number is not None and found.number.value == value:
        return found  # the reading stands
    number = Number(value)
    flags = tuple(f for f in found.flags if f not in _TWO_VALUES)
    return tuple.__new__(
        type(found), (str(number), found.rule, number, 1, (*flags, FLAG), found.at_end, None)
    )


def dozen_reading(found: Extraction | None, sentence: str, prompt: object) -> Extraction | None:
    """``found`` (the reading of ``sentence``), or the reading the dozen policy gives.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("She needs 3 dozen cookies, which is 36 cookies.").answer
        '36'
        >>> Extractor()("She bought 2 dozen eggs.", prompt="How many eggs?").answer
        '24'
    """
    if (
        found is None
        or (found.number is None and found.rejected not in _TWO_VALUES)
        or "ozen" not in sentence  # the callers' probe is "z" (one memchr)
    ):
        return found
    s = clean_latex(sentence)
    found_phrases = phrases(s)
    if not found_phrases:
        return found
    mentions = _mentions(s, found_phrases)
    if not mentions:
        return found
    if found.rejected is None and _hedged(s, found_phrases):
        rejected = "multiple_answers"  # "one hundred dozen or one dozen": two quantities
        flags = (*found.flags, rejected)
        return tuple.__new__(
            type(found), (found.answer, found.rule, None, 2, flags, False, rejected)
        )
    count = found_phrases[-1].count
    if (
        (len(mentions) >= 2 or found.rejected is not None)
        and all(
            (m[2] is not None and m[1] == count) or (m[2] is None and m[1] in (count, count * 12))
            for m in mentions
        )
        and not any(_apart(s, mentions[i], mentions[i + 1]) for i in range(len(mentions) - 1))
    ):
        # One quantity written both ways: one value, in the notation the question asks.
        last = mentions[-1]
        value = _value(count, prompt, count if last[2] is not None else last[1])
        return _read(found, value)
    if found.rejected is not None or found.number is None:
        return found
    read = found.number.value
    digits = has_digit(s)
    for start, value, phrase in reversed(mentions):
        if phrase is None:
            if value == read:
                return found  # a number beside the phrase is the answer read
            continue
        if phrase.digits and value == read:
            break
        if not digits and not phrase.digits and read in _word_values(s, phrase):
            if start != mentions[-1][0]:
                return found
            break
    else:
        return found
    value = _value(phrase.count, prompt)
    if value == read:
        return found
    return _read(found, value)


def dozen_answer(found: Extraction, prompt: object) -> Extraction:
    """``found``, or its answer container's count of dozens in digits read as the question
    asks (``#### 2 dozen``, ``\\boxed{2 \\text{ dozen}}``, ``The answer is 2 dozen.``): the
    count as written without the prompt or when the question asks in dozens, else the count
    of items. A reading of a sentence (its answer a number) is left as it is.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("#### 2 dozen", prompt="She buys 2 dozen eggs. How many eggs?").answer
        '24'
    """
    answer = found.answer
    if prompt is None or found.number is None or answer is None or "ozen" not in answer:
        return found
    number = dozen_number(found.number, answer, prompt)
    if number is found.number:
        return found
    return tuple.__new__(
        type(found),
        (str(number), found.rule, number, 1, (*found.flags, FLAG), found.at_end, None),
    )


def dozen_number(number: Number | None, span: str, prompt: object) -> Number | None:
    """The value of an answer container's span that is one count of dozens in digits
    (``#### 2 dozen``, ``\\boxed{2 \\text{ dozen}}``): as read without the prompt or when
    the question asks in dozens, the count of items when the question does not."""
    if number is None or prompt is None or asks_dozens(prompt):
        return number
    s = clean_latex(span)
    found = phrases(s)
    if len(found) != 1 or not found[0].digits or len(scan(s)) != 1:
        return number
    if number.value != found[0].count:
        return number
    value = found[0].count * 12
    return Number(value if type(value) is int else _norm(value))
