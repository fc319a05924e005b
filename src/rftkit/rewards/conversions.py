"""One answer restated in another unit or period: ``She makes $18 a day, or $126 a week.``

Standard library only: this module ships inside every reward Lambda (no typing at run time,
patterns compiled on first use).

A chatty model states its answer, then restates the same quantity in another unit or per
another period: ``It takes 18 minutes, or 0.3 hours.``, ``Janet earns $18 per day, which is
$6,570 per year.``, ``She makes $18 every day - about $126 per week.`` The final-sentence
reader sees two numbers joined by a hedge or a restating clause (several answers), or reads
the later one. :func:`converted` reads such a sentence as the one value it states (policy
and measurement: docs/graders.md, "One answer restated in another unit or period"):

* **the shape.** The sentence's last two numbers ``A`` and ``B`` (a count inside ``a
  30-day month`` is part of its period, not a number of the pair), with between them only
  ``A``'s unit phrase, a joiner and optionally ``exactly`` or ``precisely``, a word of
  approximation and a currency sign,
  and after ``B`` only its unit phrase (and a closing bracket when the joiner opened one).
  Joiners: ``or``, ``which is`` (``equals``, ``comes to``, ``would be``), ``that is``,
  ``that's``, ``i.e.``, ``equivalent to``, ``the equivalent of``, a dash (``-``, ``--``,
  an en or em dash), an opening bracket (alone or with one of these), ``~``, and a comma
  before a word of approximation. ``=`` is no joiner: an equation's result is what the
  equation reader reads.
* **the units.** A unit phrase is a measure (``minutes``, ``hours``, ``cents``, ``km``,
  ``kg``, ``ounces``, ``$`` before the number, ...) or a noun (``pages``), then optionally a
  period (``a day``, ``per week``, ``every month``, ``each year``, ``/day``, ``in a 30-day
  month``, ``daily``, ``weekly``, ...). Both numbers carry a period (a rate restated per
  another period, or in another unit), or neither does and both carry a measure of one
  dimension; the units differ; two nouns must be the same noun (``18 pages a day, or 126
  eggs a week`` is two quantities), a measure and a noun never match.
* **the factor.** Only exact conversions: seconds, minutes, hours, days, weeks (7 days) by
  their lengths; a month is 30 days (or the count a ``31-day month`` states) or 4 weeks, a
  year 365 days, 52 weeks or 12 months; a hundred cents to the dollar or euro, a hundred
  pence to the pound; metric lengths, masses and volumes, and the inch (2.54 cm), foot,
  yard, mile, pound (453.59237 g) and ounce by their definitions. ``B`` must equal ``A``
  times the factor exactly; after a word of approximation (``about``, ``around``,
  ``roughly``, ``approximately``, ``approx``, ``~``) it must be ``A`` times the factor
  rounded at ``B``'s own precision (its last non-zero integer place, or its last decimal).
* **the reading.** The sentence up to the joiner, read alone by the same reader, must read
  ``A`` (accepted): a hedge before the joiner stays a refusal. Then the reply states one
  value: with the prompt, the number in the unit or period the question names (``How much
  does she make per week?``: ``B``; :func:`time_frames.asks_for` for ``How many minutes``,
  ``How long``), when it names one of the two only; otherwise ``A``, the main clause's
  (a restatement follows its answer; without the question the first statement is the one
  the reply makes). An approximate ``B`` is never paid: where it would be, the reading
  stays as it was (flag ``conversion`` on every reading this module makes).
* **what stays a refusal.** When the shape and units hold but the factor does not (``$18 a
  day, or $20 a week``), the sentence offers two values: several answers (``multiple_
  answers``), also for a dash or ``about`` that the reader used to read as the later number.
  A hedge word anywhere in the sentence (``maybe``, ``perhaps``, ``either``, ``possibly``,
  ``probably``, ``might``, ``or so``), arithmetic after the joiner, a dozen (:mod:`.dozens`
  decides), a negative number or a percent, or a pair of units with no exact factor
  (hours and months) keeps the reading as it was.
* **a chain.** Up to three values in a row, each joined to the one before (``$18 a day,
  which is $126 a week and $540 a month``), are one value when the sentence before the
  first joiner reads the first and each later value is exactly the first in its unit
  (:func:`_chain`); one that is not makes it several answers. ``and`` and a bare comma
  join two rates only (``$18 per day and $126 per week``; ``2 hours and 30 minutes`` is
  a quantity in two units). A week to a month holds by 4 weeks or by 30 days.

A reading is only ever exchanged for ``A`` or ``B`` when one is provably the other in
another unit, so one reply is never paid for two different values.

Cost: for a sentence not read as a refusal other than several answers, a strip, two
``rfind``, a slice and a set lookup of its last word (most final sentences do not end in a
unit or period word); then a search for ``ozen`` and a scan of the sentence's numbers.
"""

from __future__ import annotations

import re

from rftkit.rewards.givens import prompt_text
from rftkit.rewards.numbers import Number, _fraction, scan
from rftkit.rewards.time_frames import _question_words, asks_for

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "converted", "factor"]

FLAG: Final = "conversion"
"""The flag of a reading this module made."""

# -- units -------------------------------------------------------------------------------------

_TIME = "time"
# Seconds in a time unit whose length is fixed.
_SECONDS: Final[dict[str, int]] = {
    "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
}  # fmt: skip
# How many of the first in one of the second, for the calendar units (GSM8K's conventions).
_CALENDAR: Final[dict[tuple[str, str], int]] = {
    ("day", "month"): 30, ("week", "month"): 4, ("month", "year"): 12, ("day", "year"): 365,
    ("week", "year"): 52,
}  # fmt: skip
_TIME_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(("second", "seconds", "sec", "secs"), "second"),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), "minute"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), "hour"),
    **dict.fromkeys(("day", "days"), "day"),
    **dict.fromkeys(("week", "weeks", "wk", "wks"), "week"),
    **dict.fromkeys(("month", "months"), "month"),
    **dict.fromkeys(("year", "years", "yr", "yrs"), "year"),
}
_RATE_WORDS: Final[dict[str, str]] = {
    "hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month", "yearly": "year",
    "annually": "year",
}  # fmt: skip
_INCH = (127, 5)  # millimetres, as a fraction
_POUND = (45359237, 100000)  # grams
# A measure word -> its canonical name. The dimensions and sizes are in _SIZES.
_MEASURE_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(("dollar", "dollars", "buck", "bucks", "$"), "dollar"),
    **dict.fromkeys(("euro", "euros", "\u20ac"), "euro"),
    **dict.fromkeys(("cent", "cents"), "cent"),
    **dict.fromkeys(("pound", "pounds"), "pound"),
    **dict.fromkeys(("lb", "lbs"), "lb"),
    "\u00a3": "pound sterling",
    **dict.fromkeys(("penny", "pence"), "penny"),
    **dict.fromkeys(("millimeter", "millimeters", "millimetre", "millimetres", "mm"), "mm"),
    **dict.fromkeys(("centimeter", "centimeters", "centimetre", "centimetres", "cm"), "cm"),
    **dict.fromkeys(("meter", "meters", "metre", "metres", "m"), "m"),
    **dict.fromkeys(("kilometer", "kilometers", "kilometre", "kilometres", "km"), "km"),
    **dict.fromkeys(("inch", "inches"), "inch"),
    **dict.fromkeys(("foot", "feet", "ft"), "foot"),
    **dict.fromkeys(("yard", "yards", "yd", "yds"), "yard"),
    **dict.fromkeys(("mile", "miles", "mi"), "mile"),
    **dict.fromkeys(("milligram", "milligrams", "mg"), "mg"),
    **dict.fromkeys(("gram", "grams", "g"), "g"),
    **dict.fromkeys(("kilogram", "kilograms", "kilo", "kilos", "kg"), "kg"),
    **dict.fromkeys(("tonne", "tonnes"), "tonne"),
    **dict.fromkeys(("ounce", "ounces", "oz"), "ounce"),
    **dict.fromkeys(("milliliter", "milliliters", "millilitre", "millilitres", "ml"), "ml"),
    **dict.fromkeys(("liter", "liters", "litre", "litres", "l"), "l"),
}
# canonical name -> {dimension: size in the dimension's smallest unit, as (numerator,
# denominator)}; a time unit's size is its name (its factors are _SECONDS and _CALENDAR).
_SIZES: Final[dict[str, dict[str, Any]]] = {
    "dollar": {"usd": (100, 1)},
    "euro": {"eur": (100, 1)},
    "cent": {"usd": (1, 1), "eur": (1, 1)},
    "pound": {"gbp": (100, 1), "mass": _POUND},
    "pound sterling": {"gbp": (100, 1)},
    "penny": {"gbp": (1, 1)},
    "lb": {"mass": _POUND},
    "mm": {"length": (1, 1)},
    "cm": {"length": (10, 1)},
    "m": {"length": (1000, 1)},
    "km": {"length": (1000000, 1)},
    "inch": {"length": _INCH},
    "foot": {"length": (12 * _INCH[0], _INCH[1])},
    "yard": {"length": (36 * _INCH[0], _INCH[1])},
    "mile": {"length": (63360 * _INCH[0], _INCH[1])},
    "mg": {"mass": (1, 1000)},
    "g": {"mass": (1, 1)},
    "kg": {"mass": (1000, 1)},
    "tonne": {"mass": (1000000, 1)},
    "ounce": {"mass": (_POUND[0], _POUND[1] * 16)},
    "ml": {"volume": (1, 1)},
    "l": {"volume": (1000, 1)},
    **{unit: {_TIME: unit} for unit in ("second", "minute", "hour", "day", "week", "month")},
    "year": {_TIME: "year"},
}
_SIGNS: Final[dict[str, str]] = {"$": "dollar", "\u20ac": "euro", "\u00a3": "pound sterling"}
# The words that open a period after a quantity ("a day", "per week", "in a 30-day month").
_LEADS = frozenset({"a", "an", "per", "every", "each", "/", "one"})
_LEADS2 = frozenset({"in", "for", "on"})  # before a lead: "in a week", "for each day"
# The last words (after the sentence's last space) a final sentence this policy reads may
# end with: a unit or period word and its closing marks (one set lookup).
_ENDS = frozenset(
    word + mark
    for word in (*_TIME_WORDS, *_RATE_WORDS, *_MEASURE_WORDS, "average")
    for mark in ("", ".", "!", ")", ").", ".)", ")!", "**", "**.", ".**")
)
# Words that hedge: the sentence is not read by this module.
_HEDGES = frozenset(
    {
        "maybe", "perhaps", "possibly", "probably", "either", "might", "guess", "unsure",
        "likely", "approximate", "estimate", "estimated", "not", "instead", "rather",
    }
)  # fmt: skip
_AVERAGE = " on average"  # after a rate's period, part of its phrase
_MAX_GAP = 80  # characters between the two numbers
_MAX_PHRASE = 60  # characters of a unit phrase
_PATTERNS: list[re.Pattern[str]] = []  # compiled on first use (the Lambda cold start)


def _patterns() -> list[re.Pattern[str]]:
    if not _PATTERNS:
        words = (
            r"or(?:\s+equivalently)?|and|which\s+(?:is|equals|comes\s+to|would\s+be)"
            r"(?:\s+(?:equivalent\s+to|the\s+equivalent\s+of))?"
            r"|that\s+is|that['\u2019]s|i\.e\.?,?|(?:the\s+)?equivalent\s+(?:to|of)"
        )
        joiner = (
            r"(?:,\s*|\s+)(?:" + words + r")(?![a-z])"
            r"|\s+-{1,2}(?=\s)|\s*[\u2013\u2014~\u2248]"
            r"|\s*\((?:\s*(?:or|i\.e\.?,?|that\s+is|that['\u2019]s|which\s+is)(?![a-z]))?"
            r"|,(?=\s*(?:about|around|roughly|approx))"
            r"|,(?=\s*[$\u20ac\u00a3]?\s*\Z)"  # "$18 a day, $126 a week" (rates only: _pair)
        )
        approx = r"(?:about|around|roughly|approximately|approx\.?|~|\u2248)"
        # The gap between the two numbers: A's unit phrase (no mark that ends a clause),
        # the joiner, a word of approximation, a currency sign. Linear: the phrase is a
        # run of one class, each later part a fixed alternation, on at most 80 characters.
        _PATTERNS.append(
            re.compile(
                r"(?P<unit>[^,;:()~=\u2013\u2014\u2248]*?)(?P<join>" + joiner + r")"
                r"\s*(?:(?:exactly|precisely)\s+)?"  # "90 minutes, or exactly 1.5 hours"
                r"(?P<approx>" + approx + r"\s*)?(?P<sign>[$\u20ac\u00a3])?\s*"
            )
        )
        # A unit phrase's words: letters (an abbreviation's point), "/", "30-day", a sign.
        _PATTERNS.append(re.compile(r"[a-z]+\.?|/|[0-9]+-[a-z]+|[$\u20ac\u00a3]"))
        _PATTERNS.append(re.compile(r"[a-z]+"))
    return _PATTERNS


class _Side:
    """One number of the pair: its value, measure (canonical name), noun and period."""

    __slots__ = ("measure", "noun", "period", "value")

    def __init__(self, value: Any, measure: str | None, noun: str | None, period: Any) -> None:
        self.value = value
        self.measure = measure
        self.noun = noun
        self.period = period  # (time unit, count, the unit named) or None: "a 30-day month"
        # is (day, 30, month)


def _phrase(text: str, sign: str | None) -> tuple[str | None, str | None, Any] | None:
    """``(measure, noun, period)`` of a unit phrase (the text after a number), or None when
    it is not one (see the module's grammar)."""
    low = text.lower().strip()
    if len(low) > _MAX_PHRASE:
        return None
    rx = _patterns()[1]
    words = rx.findall(low)
    if "".join(words) != low.replace(" ", "").replace("\t", ""):
        return None  # a character no unit phrase holds
    words = [w.rstrip(".") for w in words]
    measure = _SIGNS.get(sign) if sign else None
    noun = None
    i, n = 0, len(words)
    word_measure = (_MEASURE_WORDS.get(words[0]) or _TIME_WORDS.get(words[0])) if words else None
    if word_measure is not None and words[0] not in _SIGNS:
        if measure is None:
            measure = word_measure
        elif word_measure != measure and (measure, word_measure) != ("pound sterling", "pound"):
            return None  # "$18 euros", "$18 cents": no one unit
        i += 1
    elif (
        i < n
        and words[i].isalpha()
        and words[i] not in _LEADS
        and words[i] not in _LEADS2
        and words[i] not in _TIME_WORDS
        and words[i] not in _RATE_WORDS
        and words[i] not in _HEDGES
    ):
        if measure is not None:
            return None  # "$18 profit a day": a price of something
        noun = words[i].removesuffix("s")
        i += 1
    if i == n:
        return measure, noun, None
    if words[i] in _RATE_WORDS:
        if i + 1 != n:
            return None
        return measure, noun, (_RATE_WORDS[words[i]], 1, _RATE_WORDS[words[i]])
    if words[i] in _LEADS2 and i + 1 < n and words[i + 1] in _LEADS:
        i += 1
    if words[i] not in _LEADS:
        return None
    i += 1
    count = 1
    if i < n and "-" in words[i]:  # "a 30-day month"
        number, _, inner = words[i].partition("-")
        unit = _TIME_WORDS.get(inner)
        if unit is None or not number.isdigit() or int(number) < 1:
            return None
        count = int(number)
        i += 1
        if i + 1 != n or _TIME_WORDS.get(words[i]) is None:
            return None
        outer = _TIME_WORDS[words[i]]
        if _time_ratio(unit, outer) is None:
            return None  # "a 30-day hour"
        return measure, noun, (unit, count, outer)
    if i + 1 != n or words[i] not in _TIME_WORDS:
        return None
    return measure, noun, (_TIME_WORDS[words[i]], count, _TIME_WORDS[words[i]])


def _time_ratio(small: str, big: str) -> Any:
    """How many ``small`` in one ``big`` (a Fraction or int), or None without an exact
    factor."""
    if small == big:
        return 1
    a, b = _SECONDS.get(small), _SECONDS.get(big)
    if a is not None and b is not None:
        return _fraction()(b, a)
    k = _CALENDAR.get((small, big))
    if k is not None:
        return k
    k = _CALENDAR.get((big, small))
    if k is not None:
        return _fraction()(1, k)
    return None


def _shared(a: str, b: str) -> Any:
    """How many ``b`` in one ``a`` (two measures' canonical names), or None when they share
    no dimension or no exact factor."""
    if a == b:
        return 1
    sa, sb = _SIZES[a], _SIZES[b]
    ratio = None
    for dim, size in sa.items():
        other = sb.get(dim)
        if other is None:
            continue
        if dim == _TIME:
            r = _time_ratio(other, size)
        else:
            r = _fraction()(size[0] * other[1], size[1] * other[0])
        if r is None or (ratio is not None and r != ratio):
            return None  # no factor, or two dimensions that disagree
        ratio = r
    return ratio


def factor(a: _Side, b: _Side) -> Any:
    """What ``a``'s value is multiplied by to be ``b``'s when the two are one quantity in
    two units or periods; None when the pair is no restatement (no shared unit, the same
    units, two nouns, no exact factor)."""
    if (a.period is None) != (b.period is None):
        return None
    if a.measure is not None and b.measure is not None:
        if a.noun is not None or b.noun is not None:
            return None
        ratio = _shared(a.measure, b.measure)
        if ratio is None:
            return None
    elif a.measure is not None or b.measure is not None:
        if a.period is None or a.noun is not None or b.noun is not None:
            return None  # "18 minutes, or 0.3", "18 pages a day, or $126 a week"
        ratio = 1
    else:
        if a.period is None or (a.noun is not None and b.noun is not None and a.noun != b.noun):
            return None
        ratio = 1
    if a.period is not None:
        (ua, ca, _), (ub, cb, _) = a.period, b.period
        per = _time_ratio(ua, ub)  # how many of a's units in one of b's
        if per is None:
            return None
        ratio = ratio * _fraction()(cb * per, ca) if (ca, cb) != (1, 1) else ratio * per
        if (ua, ca) == (ub, cb) and a.measure == b.measure:
            return None
    elif a.measure == b.measure:
        return None
    return None if ratio == 1 and a.period == b.period else ratio


def _precision(text: str) -> Any:
    """Half a unit of the last place ``text`` (a number as written) states: ``0.3`` 1/20,
    ``130`` 5, ``6,600`` 50, ``18`` 1/2."""
    digits = text.replace(",", "")
    if "." in digits:
        places = len(digits) - digits.index(".") - 1
        return _fraction()(1, 2 * 10**places)
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == len(digits):
        return None  # "0": no precision
    return _fraction()(10**zeros, 2)


def _pair(s: str) -> tuple[Any, ...] | None:
    """``(B's token, side A, side B, where the joiner starts, approximate)`` of the
    restatement that ends ``s``, or None."""
    tokens = scan(s)
    # A count inside a period ("a 30-day month") is part of the unit phrase.
    tokens = [
        t for t in tokens if s[t.end : t.end + 1] != "-" or not s[t.end + 1 : t.end + 2].isalpha()
    ]
    if len(tokens) < 2:
        return None
    ta, tb = tokens[-2], tokens[-1]
    if len(tokens) > 2:  # "2 hours and 30 minutes, i.e. 2.5 hours": A is part of a compound
        before = s[tokens[-3].end : ta.start].lower().replace(",", " ").split()
        if before[-1:] == ["and"]:
            before.pop()
        if len(before) == 1 and (before[0] in _MEASURE_WORDS or before[0] in _TIME_WORDS):
            return None
    if ta.number is None or tb.number is None or ta.number.percent or tb.number.percent:
        return None
    if ta.number.value <= 0 or tb.number.value <= 0:
        return None
    gap = s[ta.end : tb.start]
    if len(gap) > _MAX_GAP:
        return None
    m = _patterns()[0].fullmatch(gap.lower())
    if m is None:
        return None
    join = m.group("join")
    approx = m.group("approx") is not None or join.strip() in ("~", "\u2248")
    bracket = "(" in join
    tail = s[tb.end :].rstrip(" \t\n.!*_\"'")
    if tail.endswith(_AVERAGE):  # "77 meters a day on average": a rate's qualifier
        tail = tail[: -len(_AVERAGE)]
    if bracket:
        if not tail.endswith(")"):
            return None
        tail = tail[:-1]
    if ")" in tail or "(" in tail:
        return None
    sign_a = s[ta.start - 1 : ta.start] if ta.start else ""
    side_a = _phrase(m.group("unit"), sign_a if sign_a in _SIGNS else None)
    side_b = _phrase(tail, m.group("sign"))
    if side_a is None or side_b is None:
        return None
    a = _Side(ta.number.value, *side_a)
    b = _Side(tb.number.value, *side_b)
    if (join.strip() in (",", "") or join.rstrip().endswith("and")) and (
        a.period is None or b.period is None
    ):
        return None  # "and" or a comma joins two rates only ("2 hours and 30 minutes": one time)
    if (
        b.period is None
        and a.period is not None
        and a.measure is not None
        and b.measure is not None
        and a.measure != b.measure
        and a.noun is None
        and b.noun is None
    ):
        b.period = a.period  # "540 meters a week, which is 0.54 km": the same rate in km
    return tb, a, b, ta.end + m.start("join"), approx


def _named(q: str, words: list[str], side: _Side, other: _Side) -> bool:
    """Does the question (its text ``q``, its last sentence's ``words``) name the unit that
    tells ``side`` from ``other``: its period when the periods differ, else its measure?"""
    if side.period is not None and other.period is not None and side.period != other.period:
        unit = side.period[2]  # the period's own unit ("a 30-day month": month)
        return any(_TIME_WORDS.get(w) == unit or _RATE_WORDS.get(w) == unit for w in words)
    if side.measure is None:
        return False
    if (side.measure in _SECONDS or side.measure in ("month", "year")) and asks_for(
        q, side.measure
    ):
        return True  # "How many minutes", "How long" (time_frames)
    for w in words:
        if _MEASURE_WORDS.get(w) == side.measure or _TIME_WORDS.get(w) == side.measure:
            return True
    return False


_MAX_LINKS = (
    3  # values in a row, each restating the one before: "$18 a day, $126 a week and $540 a month"
)


def _chain(  # noqa: PLR0917 - _converted's state at its pair
    ex: Extractor,
    rule: str,
    sentence: str,
    eq: int,
    cut: int,
    found: Extraction,
    a: _Side,
    b: _Side,
    words: bool,
    flags: list[str],
    prompt: object,
) -> Extraction | None:
    """The one value of a sentence that restates its answer more than once, each value an
    exact conversion of the one before it (``$18 a day, which is $126 a week and $540 a
    month``), or None: the sentence before the first joiner must read the first value.
    With the prompt, the value in the unit or period the question names (when it names one
    of them only); otherwise the first."""
    sides = [b, a]
    while True:
        prev = _pair(sentence[eq:cut].rstrip(" ,;"))
        if prev is None or prev[4]:
            return None  # no pair before, or an approximate one: read as before
        pa = prev[1]
        sides.append(pa)
        cut = eq + prev[3]
        read = ex._statement(rule, sentence[:cut].rstrip(" ,;") + ".", words, list(flags))
        if read is not None and read.rejected is None and read.number is not None:
            if read.number.value != pa.value:
                return None  # the head answers another number
            break
        if len(sides) >= _MAX_LINKS:
            return None
    for x in sides[:-1]:  # each later value the first in another unit or period, exactly
        kx = factor(pa, x)
        if kx is None or pa.value * kx != x.value:
            return _several(found)  # "$18 a day, $126 a week and $541 a month": offers two
    if prompt is not None:
        q = prompt_text(prompt)
        qwords = _question_words(q)
        named = [x for x in sides if all(_named(q, qwords, x, o) for o in sides if o is not x)]
        if len(named) == 1 and named[0] is not pa:
            number = Number(named[0].value, False)
            kept = (str(number), read.rule, number, 1, (*read.flags, FLAG))
            return tuple.__new__(type(read), (*kept, read.at_end, None))
    return _flagged(read)


def _by_30_day_month(a: _Side, b: _Side) -> Any:
    """``a``'s value per ``b``'s period when one is a week and the other a month of 30
    days (``factor`` counts a month as 4 weeks: ``$126 a week and $540 a month`` are both
    $18 a day), or None."""
    units = (a.period[0], a.period[1], b.period[0], b.period[1])
    if units == ("week", 1, "month", 1):
        return a.value * _fraction()(30, 7)
    if units == ("month", 1, "week", 1):
        return a.value * _fraction()(7, 30)
    return None


def _several(found: Extraction) -> Extraction:
    """``found`` refused as several answers (flag ``conversion``), unless already refused."""
    if found.rejected is not None:
        return found
    rejected = "multiple_answers"
    kept = (found.answer, found.rule, None, 2, (*found.flags, rejected, FLAG))
    return tuple.__new__(type(found), (*kept, False, rejected))


def _flagged(found: Extraction) -> Extraction:
    return tuple.__new__(type(found), (*found[:4], (*found.flags, FLAG), *found[5:]))


def converted(  # noqa: PLR0917 - the reader's arguments, in its order
    ex: Extractor,
    rule: str,
    found: Extraction | None,
    sentence: str,
    words: bool,
    flags: list[str],
    prompt: object = None,
) -> Extraction | None:
    """``found`` (the reading of ``sentence``), or the one value the sentence states when it
    restates its answer in another unit or period, or several answers when that
    restatement's factor does not hold (see the module's policy).

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("She makes $18 a day, or $126 a week.").answer
        '18'
        >>> Extractor()("She makes $18 a day, or $20 a week.").rejected
        'multiple_answers'
    """
    if sentence[sentence.rfind(" ") + 1 :] not in _ENDS:
        return found  # the probe: the sentence ends in no unit or period word
    if found is None or (found.rejected is not None and found.rejected != "multiple_answers"):
        return found
    if "ozen" in sentence or "\\" in sentence:
        return found  # a dozen (dozens), LaTeX (the numbers are read as written)
    # Both numbers follow the sentence's last "=" (an "=" between them is no joiner).
    eq = sentence.rfind("=") + 1
    w = sentence[eq:] if eq else sentence
    if not (
        " or " in w
        or "which" in w
        or "(" in w
        or " -" in w
        or "i.e" in w
        or "that" in w
        or "~" in w
        or "equivalent" in w
        or ", " in w  # ", about", ", roughly", "$18 a day, $126 a week"
        or " and " in w
        or not w.isascii()  # a dash, an approximation sign
    ):
        return found  # no joiner
    return _converted(ex, rule, found, sentence, eq, words, flags, prompt)


def _converted(  # noqa: PLR0917 - converted's, and where the pair is looked for
    ex: Extractor,
    rule: str,
    found: Extraction,
    sentence: str,
    eq: int,
    words: bool,
    flags: list[str],
    prompt: object,
) -> Extraction:
    w = sentence[eq:]
    pair = _pair(w)
    if pair is None:
        return found
    tb, a, b, cut, approx = pair
    cut += eq
    low = sentence.lower()
    if not _HEDGES.isdisjoint(_patterns()[2].findall(low)) or " or so" in low:
        return found  # a hedge besides the joiner: the reading stays
    k = factor(a, b)
    if k is None:
        return found
    if not approx and (
        chained := _chain(ex, rule, sentence, eq, cut, found, a, b, words, flags, prompt)
    ):
        return chained  # "$18 a day, which is $126 a week and $540 a month": one value
    head = sentence[:cut].rstrip(" ,;") + "."
    read = ex._statement(rule, head, words, list(flags))
    if read is None or read.rejected is not None or read.number is None:
        return found  # the sentence before the joiner hedges, or reads no number
    if read.number.value != a.value:
        return found  # it answers another number ("2 hours and 30 minutes")
    exact = a.value * k
    if approx:
        half = _precision(w[tb.start : tb.end])
        holds = half is not None and abs(exact - b.value) <= half
    else:
        holds = exact == b.value
        if not holds and a.period is not None and b.period is not None:
            holds = _by_30_day_month(a, b) == b.value
    if not holds:  # two values offered: several answers
        return _several(found)
    if prompt is not None:
        q = prompt_text(prompt)
        qwords = _question_words(q)
        if _named(q, qwords, b, a) and not _named(q, qwords, a, b):
            if approx:
                return found  # an approximate value is never paid
            number = tb.number
            kept = (str(number), read.rule, number, 1, (*read.flags, FLAG))
            return tuple.__new__(type(read), (*kept, read.at_end, None))
    return _flagged(read)
