"""Quantities written in two units: ``18 dollars and 50 cents``, ``2 hours and 30 minutes``.

Helpers of :mod:`rftkit.rewards.extract` (the final sentence) and
:mod:`rftkit.rewards.equations` (answers that hold one number). Standard library only:
this module ships inside every reward Lambda (no typing at run time, patterns compiled on
first use).

The policy (docs/graders.md, "Quantities in two units"):

* a number in words counts as its digits (``18 dollars and fifty cents``, ``two hours and
  30 minutes``: :func:`spelled_compounds`);
* **money** is one value in its main unit: ``18 dollars and 50 cents``, ``$18 and 50
  cents``, ``18 dollars 50 cents``, ``£3 and 20p``, ``3 pounds and 20 pence``, ``€3 and 20
  cents``, ``eighteen dollars and fifty cents`` are 18.50 and 3.20. A price has one main
  unit, and GSM8K states money in it (``18.5``). The cents are one or two digits, and the
  main unit is named (``dollars``, ``euros``, ``pounds``, ``bucks``, ``quid``) or signed
  (``$``, ``€``, ``£``) and matches them (cents with dollars and euros, pence with pounds);
* **time, length and weight** (``2 hours and 30 minutes``, ``5 feet 6 inches``, ``3 pounds
  4 ounces``, ``1 year and 2 months``) are no one number: the reference is a bare number
  in one unit (2.5 hours? 150 minutes? 66 inches? 5.5 feet?) that the grader cannot see,
  so any conversion it picked would pay or fail by the question's unit, not by the reply.
  Such a quantity that ends the final sentence (no digit after it) is rejected as
  ``several_numbers``, the verdict an answer container already gave it. Before, the
  sentence paid the second number (30, 6), right for neither.
"""

from __future__ import annotations

import re

from rftkit.rewards.numbers import Number, Token, _fraction, _new, _norm
from rftkit.rewards.unicode_digits import ascii_lower

__all__ = [
    "compound_at",
    "compound_hint",
    "compound_near",
    "money_in_words",
    "rewrite_compounds",
    "spelled_compounds",
]

# main unit word -> kind; the minor unit words of each kind
_MONEY_MAJOR = {
    "dollar": "usd",
    "dollars": "usd",
    "buck": "usd",
    "bucks": "usd",
    "euro": "eur",
    "euros": "eur",
    "pound": "gbp",
    "pounds": "gbp",
    "quid": "gbp",
}
_SIGNS = {"$": "usd", "\u20ac": "eur", "\u00a3": "gbp"}
_MONEY_MINOR = {
    "cent": ("usd", "eur"),
    "cents": ("usd", "eur"),
    "\u00a2": ("usd",),
    "pence": ("gbp",),
    "penny": ("gbp",),
    "p": ("gbp",),
}
# (main units, smaller units) of the measures read as no one number
_MEASURES = (
    ("hours?|hrs?|h", "minutes?|mins?|m"),
    ("minutes?|mins?", "seconds?|secs?"),
    ("days?", "hours?|hrs?"),
    ("weeks?", "days?"),
    ("years?|yrs?", "months?"),
    ("feet|foot|ft", "inch(?:es)?|in"),
    ("yards?|yds?", "feet|foot|ft"),
    ("meters?|metres?|m", "centimeters?|centimetres?|cm"),
    ("kilometers?|kilometres?|km", "meters?|metres?|m"),
    ("pounds?|lbs?", "ounces?|oz"),
    ("kilograms?|kilos?|kg", "grams?|g"),
)
# A number's first digit first (not after a digit, "." or ","): a pattern that starts with
# a character class is searched for at C speed, one that starts with a lookbehind is not.
_NUMBER = r"([0-9](?<![0-9.,][0-9])(?:[0-9]{0,2}(?:,[0-9]{3})++|[0-9]{0,14}+))"
_COMPOUND: list[re.Pattern[str]] = []


def _minor_words() -> str:
    """The smaller units, longest first; ``in`` not before a word (``60 in total``)."""
    small = {w for _, n in _MEASURES for w in n.split("|")}
    words = sorted({*(m for m in _MONEY_MINOR if m.isascii()), *small}, key=len, reverse=True)
    return "|".join(w if w != "in" else "in(?! [A-Za-z])" for w in words)


def compound_hint(s: str, a_end: int, b_start: int, b_end: int, b_value: object) -> bool:
    """Might the numbers ending at ``a_end`` and at ``b_end`` be one quantity in two units?

    The second is an integer of 0-999 at most 24 characters after the first, and a smaller
    unit follows it (``50 cents``, ``30 minutes``, ``6 inches``). A cheap necessary test
    for :func:`rewrite_compounds`: the final-sentence readers call it only on two numbers
    they already found, and hand the sentence to the general reading when it holds.
    """
    # The unit's first two letters first (a set lookup): most numbers are followed by none.
    j = b_end + 1 if s[b_end : b_end + 1] == " " else b_end
    head = s[j : j + 2].lower()
    if head not in _HEADS:
        if head[:1] not in "pmg\u00a2" or head[1:].isalpha():
            return False
    elif head == "in" and s[j + 2 : j + 3] == " " and s[j + 3 : j + 4].isalpha():
        return False  # "60 in total"
    if type(b_value) is not int or not 0 <= b_value <= 999 or b_start - a_end > 24:
        return False
    if not _MINOR:
        _MINOR.append(re.compile(r" ?(?i:(?:" + _minor_words() + "|\u00a2))(?![A-Za-z])"))
    return _MINOR[0].match(s, b_end) is not None


_MINOR: list[re.Pattern[str]] = []
UNIT_FIRSTS = _FIRSTS = frozenset("cpmshdiofgyCPMSHDIOFGY\u00a2")  # how smaller units start
# The first two letters of every smaller unit of more than one letter (see _minor_words).
_HEADS = frozenset(
    {"ce", "pe", "mi", "se", "ho", "hr", "da", "mo", "in", "fe", "fo", "ft", "cm", "me"}
    | {"ou", "oz", "gr", "ya", "yd"}
)


def compound_near(s: str, tokens: list[Token], index: int) -> bool:
    """:func:`compound_hint` for the answer's token and either neighbour."""
    for b in (index, index + 1):
        if 0 < b < len(tokens):
            a, c = tokens[b - 1], tokens[b]
            e = c.end
            if (s[e + 1 : e + 2] if s[e : e + 1] == " " else s[e : e + 1]) not in _FIRSTS:
                continue  # the common case, decided by one set lookup
            value = c.number.value if c.number is not None else None
            if compound_hint(s, a.end, c.start, c.end, value):
                return True
    return False


def compound_at(s: str, m: re.Match[str], a: int, b: int) -> bool:
    """:func:`compound_hint` for the integers of groups ``a`` and ``b`` of a match."""
    e = m.end(b)
    j = e + 1 if s[e : e + 1] == " " else e
    if s[j : j + 1] not in _FIRSTS or (s[j : j + 3] == "in " and s[j + 3 : j + 4].isalpha()):
        return False  # the common cases ("= 23.", "60 in total"), decided here
    text = m.group(b)
    return compound_hint(s, m.end(a), m.start(b), e, int(text.replace(",", "")))


def _compound() -> re.Pattern[str]:
    """A number, a unit (or none), ``,``/``and``, a one- or two-digit number, a smaller unit.

    Groups: 1 the main number, 2 its unit, 3 the smaller number, 4 its unit. Each part a
    bounded or possessive run, so the search is linear in the text.
    """
    if not _COMPOUND:
        words = {w for m, _ in _MEASURES for w in m.split("|")}
        major = "|".join(sorted({*_MONEY_MAJOR, *words}, key=len, reverse=True))
        minor = _minor_words()
        _COMPOUND.append(
            re.compile(
                _NUMBER + r"(?![.,]?[0-9])"
                r"(?: ?(?i:(" + major + r"))(?![A-Za-z]))?"
                r"(?: ?, ?| )(?i:and )?"
                r"([0-9]{1,3}+)(?![.,]?[0-9]) ?"
                r"(?i:(" + minor + "|\u00a2" + r"))(?![A-Za-z])"
            )
        )
    return _COMPOUND[0]


def _kind(major: str | None, sign: str | None, minor: str) -> str | None:
    """``money``, ``measure`` or None (no compound) for the parts of a match."""
    low = minor.lower()
    kinds = _MONEY_MINOR.get(low)
    if kinds is not None:
        money = _MONEY_MAJOR.get(major.lower()) if major is not None else _SIGNS.get(sign or "")
        # "18 hours and 50 cents", "18 and 50 cents" (no sign): no one price
        return "money" if money is not None and money in kinds else None
    if major is None:
        return None  # "2 and 30 minutes": a list, not a compound
    big = major.lower()
    for main, small in _measures():
        if main.fullmatch(big) and small.fullmatch(low):
            return "measure"
    return None


_MEASURE_PATTERNS: list[tuple[re.Pattern[str], re.Pattern[str]]] = []


def _measures() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    if not _MEASURE_PATTERNS:
        _MEASURE_PATTERNS.extend((re.compile(a), re.compile(b)) for a, b in _MEASURES)
    return _MEASURE_PATTERNS


def _money(minor: str) -> bool:
    return minor.lower() in _MONEY_MINOR


def _sign_before(s: str, start: int) -> str | None:
    """The currency sign just before ``start`` (after at most one space), or None."""
    k = start - 1
    if k >= 0 and s[k] == " ":
        k -= 1
    if k >= 0 and s[k] in _SIGNS:
        return s[k]
    return None


def rewrite_compounds(s: str) -> tuple[str, str | None]:
    """``s`` with each price in two units written as one decimal; the measure that ends it.

    Returns ``(text, measure)``: ``text`` is ``s`` itself when no price was rewritten
    (``18 dollars and 50 cents`` becomes ``18.50 dollars``, ``$18 and 50 cents``
    ``$18.50``), and ``measure`` is the text of a time, length or weight in two units
    after which ``s`` holds no digit (``2 hours and 30 minutes``), or None.

    Example:
        >>> rewrite_compounds("She makes 18 dollars and 50 cents a day.")
        ('She makes 18.50 dollars a day.', None)
        >>> rewrite_compounds("It takes 2 hours and 30 minutes.")
        ('It takes 2 hours and 30 minutes.', '2 hours and 30 minutes')
    """
    rx = _COMPOUND[0] if _COMPOUND else _compound()
    out: list[str] = []
    pos = 0
    measure = None
    m = rx.search(s)
    while m is not None:
        number, major, cents, minor = m.group(1, 2, 3, 4)
        sign = _sign_before(s, m.start()) if major is None else None
        kind = _kind(major, sign, minor) if len(cents) <= 2 or not _money(minor) else None
        if kind == "money":
            out.append(s[pos : m.start()])
            unit = f" {major}" if major is not None else ""
            out.append(f"{number}.{int(cents):02d}{unit}")
            pos = m.end()
        elif kind == "measure" and not any(c.isdigit() for c in s[m.end() :]):
            from rftkit.rewards.clock_times import restated_measure  # "80 min, i.e. 1 h 20 min"

            same = restated_measure(s, m)
            if same is None:
                measure = m.group()
            else:  # one quantity, read in its one unit
                out.append(s[pos : m.start()])
                out.append(same)
                pos = m.end()
        m = rx.search(s, m.end() if kind == "money" else m.start(3))
    if not out:
        return s, measure
    out.append(s[pos:])
    return "".join(out), measure


def spelled_compounds(s: str) -> str:
    """``s`` with the numbers in words of each quantity in two units written in digits.

    ``18 dollars and fifty cents``, ``eighteen dollars and 50 cents`` and ``eighteen dollars
    and fifty cents`` become ``18 dollars and 50 cents``, ``two hours and thirty minutes``
    becomes ``2 hours and 30 minutes``: what :func:`rewrite_compounds` then reads as one
    price, or as a measure that is no one number, whichever way each part is written. A
    number in words outside such a quantity stays as written (``a dozen eggs``, ``18 apples
    and fifty cents``). Returns ``s`` itself when nothing is rewritten. Linear: one pass for
    the words, one search for the quantities.

    Example:
        >>> spelled_compounds("So she makes 18 dollars and fifty cents.")
        'So she makes 18 dollars and 50 cents.'
    """
    if not _spelled_hint(s):
        return s
    from rftkit.rewards.number_words import number_words  # only for such sentences

    words = [w for w in number_words(s) if w.number is not None and type(w.number.value) is int]
    if not words:
        return s
    # The text with every number in words in digits, and where each one went there.
    parts: list[str] = []
    spans: dict[tuple[int, int], Token] = {}
    pos = n = 0
    for w in words:
        digits = str(w.number.value)  # type: ignore[union-attr]  # filtered above
        parts.append(s[pos : w.start])
        n += w.start - pos
        spans[(n, n + len(digits))] = w
        parts.append(digits)
        n += len(digits)
        pos = w.end
    parts.append(s[pos:])
    d = "".join(parts)
    rx = _COMPOUND[0] if _COMPOUND else _compound()
    spelled: set[Token] = set()
    m = rx.search(d)
    while m is not None:
        major, cents, minor = m.group(2, 3, 4)
        sign = _sign_before(d, m.start()) if major is None else None
        if (len(cents) <= 2 or not _money(minor)) and _kind(major, sign, minor) is not None:
            for group in (1, 3):
                found = spans.get(m.span(group))
                if found is not None:
                    spelled.add(found)
        m = rx.search(d, m.start(3))
    if not spelled:
        return s
    out: list[str] = []
    pos = 0
    for w in words:
        if w in spelled:
            out.append(s[pos : w.start])
            out.append(str(w.number.value))  # type: ignore[union-attr]  # filtered above
            pos = w.end
    out.append(s[pos:])
    return "".join(out)


def _spelled_hint(s: str) -> bool:
    """Does ``s`` hold a number in words (``fifty``, ``twenty-five``, ``dozen``)? A cheap
    necessary test for :func:`spelled_compounds`: one split and one set test, no pattern."""
    words_of = _NUMBER_WORDS[0] if _NUMBER_WORDS else _number_words()
    low = s.lower()
    return not words_of.isdisjoint((low.replace("-", " ") if "-" in low else low).split())


_NUMBER_WORDS: list[frozenset[str]] = []


def _number_words() -> frozenset[str]:
    """The words a number in words ends with (``five`` of ``twenty-five``, ``hundred``)."""
    if not _NUMBER_WORDS:
        from rftkit.rewards.number_words import _TEN_WORDS, _UNIT_WORDS

        _NUMBER_WORDS.append(frozenset([*_UNIT_WORDS, *_TEN_WORDS, "hundred", "thousand", "dozen"]))
    return _NUMBER_WORDS[0]


_WORD_GAP: list[re.Pattern[str]] = []


def money_in_words(s: str, tokens: list[Token]) -> Token | None:
    """``eighteen dollars and fifty cents`` as one token (18.50) when it ends ``tokens``.

    ``tokens`` are the numbers in words of ``s`` (``number_words``); the last two must be
    joined by a main unit and ``and`` (or a comma), and the last followed by its cents.

    Example:
        >>> from rftkit.rewards.number_words import number_words
        >>> s = "She makes eighteen dollars and fifty cents."
        >>> str(money_in_words(s, number_words(s)).number)
        '18.5'
    """
    a, b = tokens[-2], tokens[-1]
    if a.number is None or b.number is None or type(a.number.value) is not int:
        return None
    cents = b.number.value
    if type(cents) is not int or not 0 <= cents <= 99:
        return None
    if not _WORD_GAP:
        _WORD_GAP.append(
            re.compile(r" ?(?i:(dollars?|bucks|euros?|pounds?|quid))(?: ?, ?| )(?i:and )?")
        )
        _WORD_GAP.append(re.compile(r" ?(?i:(cents?|pence))(?![A-Za-z])"))
    gap = _WORD_GAP[0].fullmatch(s, a.end, b.start)
    after = _WORD_GAP[1].match(s, b.end)
    if gap is None or after is None:
        return None
    if _MONEY_MAJOR[ascii_lower(gap.group(1))] not in _MONEY_MINOR[ascii_lower(after.group(1))]:
        return None
    value = _norm(_fraction()(a.number.value * 100 + cents, 100))
    return _new(Token, (a.start, after.end(), _new(Number, (value, False))))
