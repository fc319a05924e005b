"""Fractions said in words: ``2 and a half hours``, ``half an hour``, ``two-thirds``.

Helpers of :mod:`rftkit.rewards.extract` (the final sentence), :mod:`.equations` (answer
containers) and :mod:`.givens`. Standard library only: this module ships inside every reward
Lambda (no typing at run time, patterns compiled on first use, ``fractions`` imported only
by a sentence that needs it). The callers look for its words first with a few substring
tests, so a sentence without them pays nothing more.

The policy (docs/graders.md, "Fractions in words"): a sentence is read as its *digit twin*,
the same sentence with the fraction written in digits, so each spelling of a value reads the
same and every check of the digit reading (hedges, equations, two units, givens) applies:

* a **mixed number**, a whole number then ``and`` (or ``-and-``) and a fraction of a half,
  third, quarter or fourth: ``2 and a half``, ``two-and-a-half``, ``3 and three quarters``,
  ``1 and one-third``, ``an hour and a half``, ``2 hours and a half`` are ``2 1/2``,
  ``3 3/4``, ``1 1/3``, ``1 1/2 hour``, ``2 1/2 hours``. Its whole part is never read alone.
  In words it is read beside digits too (``In 2 days she walks two and a half miles``:
  2.5; ``2 hours or two and a half hours``: two answers), unlike a count in words, since
  it is never a pronoun or a label. In words, a multiplier after it multiplies it (``one
  and a half dozen`` is 18, ``two and a half thousand`` 2500), as ``two dozen`` is 24; in
  digits it reads as its digit twin does (``2 and a half dozen`` is ``2 1/2 dozen``: 2.5,
  as ``2 dozen`` is 2);
* a **fraction alone** is a number in words: read only in a sentence that holds no digit,
  with the sentence's other numbers in words (``half an hour`` 1/2, ``half a dozen`` 6,
  ``one third`` 1/3, ``two-thirds of the pie`` 2/3, ``a quarter of a cup`` 1/4, ``a third``
  at the end of a clause). Not values: ``third`` and ``fourth`` without a numerator (ordinals:
  ``the third day``), ``a third time``; ``quarter`` or ``quarters`` neither before ``of`` nor
  hyphenated to its numerator (coins: ``a quarter``, ``three quarters``: a count, 3);
  ``half`` hyphenated to a word (``a half-hour break``, a modifier), ``half as many`` (a
  multiplier, as ``twice as many`` is), ``in half``, ``halves``;
* a **fraction of a number** is an operation: ``half of 10`` that closes the sentence's
  numbers reads as ``1/2 * 10`` (``several_numbers``: an operation left undone); ``half of
  10 is 5`` reads 5;
* a **time of day**, ``half past 3``, ``a quarter to four``, reads as the time in two units
  (``3 h 30 min``, ``3 h 45 min``): no one number (``several_numbers``), as ``3 hours and 30
  minutes`` is not.

A time, length or weight in two units one part of which is in words (``2 hours and thirty
minutes``, ``three hours and 15 minutes``) reads as its digits (:func:`quantities.
spelled_compounds`): no one number. Bounds: four substring searches for the fraction
words and one linear pattern for ``and``, a look back of at most 48 characters from each
fraction, at most 16 fractions per sentence.
"""

from __future__ import annotations

import re

from rftkit.rewards.number_words import _TEN_WORDS, _UNIT_WORDS, _WORD_VALUES, number_words
from rftkit.rewards.numbers import has_digit
from rftkit.rewards.unicode_digits import ascii_lower

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from fractions import Fraction

__all__ = ["may_speak", "spoken", "spoken_sentence"]

_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4}
_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000}
_MAX_FRACTIONS = 16
_NOT_UNITS = frozenset({"and", "hundred", "thousand", "million", "billion"})
_STEMS = ("half", "third", "quarter", "fourth")
_BACK = 48  # characters looked back from a fraction for its whole part
_PATTERNS: list[re.Pattern[str]] = []
# Words after "2 hours and a half" that start no noun of its own ("... to finish").
_FOLLOWERS = frozenset(
    {"to", "for", "in", "on", "at", "by", "later", "ago", "before", "after", "long", "each"}
    | {"every", "per", "when", "while", "and", "or", "so", "then", "which", "that", "if"}
)
# The first word after " and " that starts a number in words ("thirty minutes").
_NUMBER_WORDS = frozenset([*_UNIT_WORDS, *_TEN_WORDS])
# "and" before a number in digits or words, or before a third or fourth ("2 and a third")
_AND_SOURCE = (
    r"and[ -](?:[0-9]|(?i:(?:a|one|two|three)[ -](?:third|fourth)"
    r"|zer|one|tw|thi|thr|fou|fort|fiv|fif|six|sev|eig|nin|ten|ele))"
)
_AND: list[re.Pattern[str]] = []
# The first two letters of the smaller units of quantities in two units (quantities._HEADS).
_UNIT_HEADS = frozenset(
    {"ce", "pe", "mi", "se", "ho", "hr", "da", "mo", "in", "fe", "fo", "ft", "cm", "me"}
    | {"ou", "oz", "gr", "ya", "yd"}
)


def may_speak(s: str) -> bool:
    """The cheap necessary test for :func:`spoken`: four substring tests and `` and ``."""
    return " and " in s or "alf" in s or "hird" in s or "uart" in s or "ourt" in s


def _patterns() -> list[re.Pattern[str]]:
    if not _PATTERNS:
        tens = "|".join(_TEN_WORDS)
        units = "|".join(reversed(_UNIT_WORDS))
        word = rf"(?:(?:{tens})(?:[- ](?:{'|'.join(_UNIT_WORDS[1:10])}))?|{units})"
        _PATTERNS.append(  # 0: what follows a fraction that makes it an operation or a time
            re.compile(
                r" (?:(of) (?:(?:the|these|those|her|his|their|its|my|our|your|all|all the) )?"
                r"|(past|to) )"
                rf"(?:([0-9]{{1,3}}(?:,[0-9]{{3}})++|[0-9]{{1,15}}+(?:\.[0-9]+)?)|({word}))"
                r"(?![0-9A-Za-z]|[:.,-][0-9A-Za-z])",
                re.IGNORECASE,
            )
        )
        _PATTERNS.append(  # 1: a word number's value
            re.compile(
                rf"(?:({tens})(?:[- ]({'|'.join(_UNIT_WORDS[1:10])}))?|({units}))",
                re.IGNORECASE,
            )
        )
        _PATTERNS.append(re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15}"))  # 2: digits
    return _PATTERNS


def _word_value(text: str) -> int | None:
    m = _patterns()[1].fullmatch(text)
    if m is None:
        return 1 if text.lower() in ("a", "an") else None
    tens, unit, single = m.group(1, 2, 3)
    if single is not None:
        return _WORD_VALUES[ascii_lower(single)]
    return _WORD_VALUES[ascii_lower(tens)] + (_WORD_VALUES[ascii_lower(unit)] if unit else 0)


def _fraction_value(num: str | None, den: str) -> tuple[int, int] | None:
    """``(numerator, denominator)`` of a fraction word and its numerator, or None."""
    low = ascii_lower(den)
    plural = low.endswith("s")
    d = _DENOMINATORS.get(low[:-1] if plural else low)
    if d is None:  # "halves": a count of halves
        return None
    if num is None:
        return (1, 2) if low == "half" else None  # "the third day", "a quarter": no value
    n = _NUMERATORS[ascii_lower(num)]
    if plural != (n > 1) or n >= d:
        return None  # "two third", "a halves", "two halves", "three thirds"
    return n, d


def _text(value: Fraction | int) -> str:
    """A value as the reader's digits: ``2``, ``2 1/2``, ``2/3``."""
    num, den = value.numerator, value.denominator
    if den == 1:
        return str(num)
    whole, rest = divmod(num, den)
    return f"{whole} {rest}/{den}" if whole else f"{rest}/{den}"


def _clause_end(s: str, k: int) -> bool:
    """Does a clause end at ``k`` (``.``, ``,``, ... or the end, after spaces)?"""
    rest = s[k : k + 8].lstrip()
    return not rest or rest[0] in ".,;:!?)"


def spoken(s: str) -> str:
    """``s`` with its fractions in words written as the reader's digits; ``s`` itself when
    there are none (the module's policy).

    Example:
        >>> spoken("So it takes two and a half hours.")
        'So it takes 2 1/2 hours.'
        >>> spoken("She needs half an hour.")
        'She needs 1/2 an hour.'
        >>> spoken("So the trip takes 2 hours and thirty minutes.")
        'So the trip takes 2 hours and 30 minutes.'
    """
    return _spoken(s, "alf" in s or "uart" in s or "hird" in s or "ourt" in s)


def spoken_sentence(s: str) -> str:
    """:func:`spoken` for a final sentence that holds ``and``, ``alf`` or ``q`` (the
    extractor's probe): ``third`` and ``fourth`` are looked for only after an ``and`` (``2 and
    a third``); the extractor reads them in a sentence without digits itself (``one third
    of the cake``). Two substring tests fewer on every sentence."""
    return _spoken(s, "alf" in s or "uart" in s)


def _spoken(s: str, fractions: bool) -> str:
    """:func:`spoken`; ``fractions``: ``s`` is known to hold a fraction word."""
    two_units = False
    if not _AND:
        _AND.append(re.compile(_AND_SOURCE))
    # "and a third", "and thirty minutes", "and 15 minutes"; not "and the", "hand": the
    # pattern starts with its literal "and", which the regular expression engine searches
    # for at C speed
    m = _AND[0].search(s)
    while m is not None:
        k = m.start()
        if k > 0 and s[k - 1] in " -":
            if not fractions:
                after = s[k + 4 : k + 22]
                fractions = "hird" in after or "ourt" in after  # "2 and a third"
            if not two_units and s[k - 1] == " " and s[k + 3] == " ":
                two_units = _two_units_at(s, k - 1)
        m = _AND[0].search(s, k + 3)
    text = _fractions(s) if fractions else s
    if two_units:
        from rftkit.rewards.quantities import spelled_compounds  # only for such sentences

        return spelled_compounds(text)
    return text


def _two_units_at(s: str, k: int) -> bool:
    """Might the `` and `` at ``k`` join two parts of a quantity in two units, one in words?
    A number follows it and a smaller unit that number (``and thirty minutes``, ``and 15
    minutes``), and a number in words is on one side. A necessary test for
    ``quantities.spelled_compounds``."""
    after = s[k + 5 : k + 32].split(" ", 2)
    if len(after) < 2:
        return False
    number, unit = after[0], after[1]
    head = unit[:2].lower()
    if head not in _UNIT_HEADS and not (len(unit) <= 2 and head[:1] in "mgph"):
        return False
    if number.split("-", 1)[0].lower() in _NUMBER_WORDS:
        return True  # "and thirty minutes"
    if not number.isdigit():
        return False
    before = s[max(0, k - 24) : k].rsplit(" ", 2)  # "three hours and 15 minutes"
    return len(before) >= 2 and before[-2].split("-")[-1].lower() in _NUMBER_WORDS


def _found(low: str) -> list[tuple[int, int, str | None, str]]:
    """The fraction words of ``low`` (a lowered sentence), in order: ``(start, end,
    numerator or None, fraction word)``; ``start`` is the numerator's when there is one.
    A few substring searches, no pattern: most sentences hold one such word, or none."""
    found: list[tuple[int, int, str | None, str]] = []
    for stem in _STEMS:
        k = low.find(stem)
        while k != -1 and len(found) < _MAX_FRACTIONS:
            e = k + len(stem)
            if low[e : e + 1] == "s":
                e += 1
            if (k == 0 or not low[k - 1].isalpha()) and not low[e : e + 1].isalpha():
                num = None
                start = k
                if k >= 2 and low[k - 1] in " -":
                    for word in ("three", "two", "one", "a"):
                        j = k - 1 - len(word)
                        if low.startswith(word, j) and (j == 0 or not low[j - 1].isalpha()):
                            if j >= 0:
                                num, start = word, j
                            break
                found.append((start, e, num, low[k:e]))
            k = low.find(stem, e)
    found.sort()
    return found


def _fractions(s: str) -> str:
    """:func:`spoken` for the fractions (the two units are read by the caller)."""
    low = s.lower()
    if len(low) != len(s):
        return s  # lowering moved the positions (a few non-ASCII letters): not read
    digits = has_digit(s)
    edits: list[tuple[int, int, str]] = []  # (start, end, digits), in order, apart
    done = 0  # where the last edit ends
    for start, end, num, den in _found(low):
        if start < done:
            continue
        frac = _fraction_value(num, den)
        edit = None
        if frac is None:
            if num is None and den == "quarter":  # "quarter past 3": a time only
                edit = _after(s, low, start, end, (1, 4), digits, clock_only=True)
        else:
            if low.startswith(("and ", "and-"), start - 4):
                edit = _mixed(s, start, end, frac)
            if edit is None and low.startswith((" of ", " past ", " to "), end):
                edit = _after(s, low, start, end, frac, digits)
            if edit is None and not digits:
                edit = _alone(s, low, start, end, num, den, frac)
        if edit is not None and edit[0] >= done:
            edits.append(edit)
            done = edit[1]
    if not edits:
        return s
    if not digits:  # the sentence's other numbers in words, as digits too
        words = [w for w in number_words(s) if w.number is not None]
        merged = sorted(
            [*edits]
            + [
                (w.start, w.end, str(w.number.value))  # type: ignore[union-attr]
                for w in words
                if not any(a < w.end and w.start < b for a, b, _ in edits)
            ]
        )
        edits = merged
    out: list[str] = []
    pos = 0
    for a, b, digits_text in edits:
        out.append(s[pos:a])
        out.append(digits_text)
        pos = b
    out.append(s[pos:])
    return "".join(out)


def _whole(s: str, j: int) -> tuple[int, str, str | None] | None:
    """The whole part of a mixed number whose ``and`` starts at ``j``: ``(start, whole,
    unit or None)`` (``2 and``, ``twenty one and``, ``2 hours and``, ``an hour and``)."""
    if j < 2 or s[j - 1] not in " -":
        return None
    head = s[max(0, j - _BACK) : j - 1]
    parts = head.rsplit(" ", 3)
    # the longest reading first: "twenty one and" is 21, not 1
    for size, has_unit in ((2, False), (1, False), (3, True), (2, True)):
        if len(parts) < size:
            continue
        words = parts[-size:]
        unit = words.pop() if has_unit else None
        if unit is not None and not (
            unit.isalpha() and len(unit) <= 20 and unit.lower() not in _NOT_UNITS
        ):
            continue  # "two hundred and a half" is no 2 1/2 hundred
        whole = " ".join(words)
        if (
            _patterns()[2].fullmatch(whole.lstrip("$\u20ac\u00a3")) is None  # "$2 and a half"
            and _word_value(whole) is None
            and (unit is None or whole.lower() not in ("a", "an"))
        ):
            continue
        start = j - 1 - len(" ".join(parts[-size:]))
        if start > 0 and (s[start - 1].isalnum() or s[start - 1] in ".,/'-"):
            continue  # "x2", "1.2", "3/2": not a whole number
        return start, whole, None if unit is None else " " + unit
    return None


def _mixed(s: str, start: int, end: int, frac: tuple[int, int]) -> tuple[int, int, str] | None:
    """The edit of a mixed number whose fraction is ``s[start:end]``, or None."""
    w = _whole(s, start - 4)
    if w is None:
        return None
    at, whole_text, unit = w
    if unit is not None and not _clause_end(s, end):
        # "2 hours and a half (to go)": the fraction closes its phrase ("5 apples and a half
        # dozen eggs", "2 cats and a third of them", "5 apples and half an orange" do not)
        nxt = s[end : end + 12].lstrip(" ").split(" ", 1)[0].lower()
        if s[end : end + 1] != " " or nxt not in _FOLLOWERS:
            return None
    n, d = frac
    if whole_text.lstrip("$\u20ac\u00a3")[:1].isdigit():
        return at, end, f"{whole_text} {n}/{d}" + (unit or "")
    whole = _word_value(whole_text)  # read beside digits too: no pronoun, no count word
    if whole is None or (unit is None and whole_text.lower() in ("a", "an")):
        return None  # "a and a half"
    from fractions import Fraction  # only for such sentences

    value = whole + Fraction(n, d)
    stop = end
    scale = unit.strip().lower() if unit is not None else None
    if scale not in _SCALES:
        after = re.match(r" (dozen|hundred|thousand)\b", s[end : end + 10], re.IGNORECASE)
        if after is not None and unit is None:
            scale, stop = after.group(1).lower(), end + after.end()
    if scale in _SCALES:
        value *= _SCALES[scale]
        return at, stop, _text(value)
    return at, stop, _text(value) + (unit or "")


def _after(  # noqa: PLR0917
    s: str,
    low: str,
    start: int,
    end: int,
    frac: tuple[int, int],
    digits: bool,
    *,
    clock_only: bool = False,
) -> tuple[int, int, str] | None:
    """The edit of a fraction of a number that closes the sentence (``half of 10``: an
    operation) or of a time of day (``half past 3``), or None."""
    a = _patterns()[0].match(low, end)
    if a is None:
        return None
    of, clock, number, word = a.group(1, 2, 3, 4)
    if clock_only and of is not None:
        return None
    if number is None and digits:
        return None  # "half of ten" in a sentence with digits: words are not read
    tail = s[a.end() :]
    if has_digit(tail) or (not digits and number_words(tail)):
        return None  # "half of 10 is 5": a later number is the answer
    n, d = frac
    if of is not None:
        return start, a.start(3 if number is not None else 4), f"{n}/{d} * "
    if number is not None and "." in number:
        return None  # "half past 2.2": no hour (tested before int(), which would raise)
    hour = int(number.replace(",", "")) if number is not None else _word_value(word)
    if hour is None or not 1 <= hour <= 12:
        return None
    if d == 2 and clock.lower() == "past":
        return start, a.end(), f"{hour} h 30 min"
    if d == 4 and n == 1:
        if clock.lower() == "past":
            return start, a.end(), f"{hour} h 15 min"
        return start, a.end(), f"{hour - 1 if hour > 1 else 12} h 45 min"
    return None


def _alone(  # noqa: PLR0917
    s: str, low: str, start: int, end: int, num: str | None, den: str, frac: tuple[int, int]
) -> tuple[int, int, str] | None:
    """The edit of a fraction alone in a sentence without digits, or None."""
    rest = low[end : end + 16]
    if rest[:1] == "-" and rest[1:2].isalpha():
        return None  # "a half-hour break", "one-third-full": a modifier
    before = low[max(0, start - 4) : start]
    n, d = frac
    if num is None:  # "half"
        if before.endswith("in ") or rest.startswith((" as ", " past", " to ")):
            return None  # "cut in half", "half as many", a time
        if rest.startswith(" a dozen"):
            return start, end + 8, "6"  # "half a dozen"
        return start, end, "1/2"
    article = num == "a"
    of = rest.startswith(" of ")
    if den.startswith("quarter") and not of and not (s[start + len(num)] == "-" and not article):
        return None  # "a quarter", "three quarters": coins
    if article and d != 2 and not of and not _clause_end(s, end):
        return None  # "a third time", "a fourth place"
    return start, end, f"{n}/{d}"
