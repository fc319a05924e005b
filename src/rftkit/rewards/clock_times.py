"""Clock times in the final sentence: ``8:30``, ``6:48 pm``, ``7:00 a.m.``, ``1:05:30``.

Helpers of :mod:`rftkit.rewards.extract` (its ``final_sentence`` and ``last_number`` rules
and answer containers), :mod:`rftkit.rewards.givens`, :mod:`.second_answers` and
:mod:`.quantities`. Standard library only: this module ships inside every
reward Lambda (no typing at run time, the pattern compiled on first use).

The policy (docs/graders.md, "Clock times"):

* **a clock time is one value**, never its hours or its minutes: ``H:MM`` or ``H:MM:SS``
  (hours 0-23, minutes and seconds two digits under 60), with ``am``, ``pm``, ``a.m.`` or
  ``p.m.`` after it or not. ``3:2`` and ``1:4`` (one digit after the colon) are ratios, and
  a sentence that says ``ratio``, ``odds``, ``proportion``, ``scale``, ``score``, ``verse``
  or ``chapter`` holds no clock time, and a list label's number is none (``Day 2:21-6=15``,
  ``Night 1:30 pages``: one noun of :data:`_LABELS` before it, at the sentence's start);
* **beside the answer it is context**: ``He spent 38 minutes, finishing at 6:48 pm.`` reads
  38. It is read as if the time were a word, so it is no answer and no second answer; but
  one joined to a number by a hedge (``8:30 or 38``, ``at 6:48, 38 minutes later``: a
  comma, ``or``, ``to`` ... as :func:`sentences.is_hedge` reads them), or by a gap that
  ends with ``or`` (``38 minutes or 6:48``), is a second answer;
* **alone** (the sentence holds no other number) it reads as its hour when it is on the
  hour and is the only time (``She will eat at 7:00 pm.`` reads 7: GSM8K states a time of
  day as its hour, ``#### 7``); any other is refused as ``clock_time`` (``The movie ends at
  8:30.``, ``8:30 or 9:00``): GSM8K's references are plain numbers, and 8:30 is neither 8,
  30, 8.5 nor 510 for sure;
* **in an equation** a clock time is a number of minutes or of hours: an equation holds
  when it holds with every time before the result of the last ``=`` read in minutes
  (``6:48 - 6:10 = 38``, ``1:30 = 90 minutes``), or in hours (``4 + 3 = 7:00 pm``,
  ``10:00 - 00:00 = 10 hours``), as written or on a 24-hour clock (``6:00 pm`` is 18:00).
  A result that is a time reads as a time alone does (``4 + 3 = 7:00 pm`` reads 7, ``9:00 -
  7:30 = 1:30`` is ``clock_time``); times after the result are context;
* **in an answer container** a time alone, or an equation of times, reads as in the final
  sentence (``#### 7:00`` reads 7, ``#### 8:30`` is ``clock_time``): :func:`clock_answer`,
  only for an answer ``parse_answer`` could not read;
* **a duration in two units restated in one** with the same value is one quantity
  (``1 hour and 20 minutes, which is 80 minutes`` reads 80): :func:`same_measure` and
  :func:`restated_measure`, hooks of :mod:`.second_answers` and :mod:`.quantities`.

Cost: nothing for a sentence without ``:``; one ``find`` loop over its colons otherwise
(:func:`has_clock`); the pattern only when a digit stands before a colon and one after it.
"""

from __future__ import annotations

import re

from rftkit.rewards.extraction import Extraction, _new, _several
from rftkit.rewards.numbers import Number, ParseResult, Token, numbers_equal, scan
from rftkit.rewards.sentences import is_hedge

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from rftkit.rewards.extract import Extractor

__all__ = [
    "REJECTED",
    "clock_answer",
    "clock_reading",
    "clock_spans",
    "has_clock",
    "restated_measure",
    "same_measure",
]

REJECTED = "clock_time"
"""Why a final sentence whose only number is a time of day (not on the hour) is refused."""
HOUR_FLAG = "clock_hour"
"""The flag of a sentence read as the hour of its one time on the hour (``7:00 pm``: 7)."""

_PLACEHOLDER = "clock"  # what a time of day beside the answer is read as: a word
_NOT_TIMES = ("ratio", "odds", "proportion", "scale", "score", "verse", "chapter")
_DIGITS = "0123456789"
_DIGIT_SET = frozenset(_DIGITS)
_CLOCK: list[re.Pattern[str]] = []


def _clock() -> re.Pattern[str]:
    """``H:MM`` or ``H:MM:SS``, then ``am``/``pm``/``a.m.``/``p.m.`` or nothing.

    Groups: 1 hours, 2 minutes, 3 seconds, 4 ``a`` or ``p``. The hours' first digit first
    (a pattern that starts with a character class is searched at C speed); not after a
    digit, a point, a comma or a colon, and no digit (nor a decimal or another ``:N``)
    after it or its ``am``/``pm`` (which no letter follows either). Every repeat is
    bounded: linear in the text.
    """
    if not _CLOCK:
        _CLOCK.append(
            re.compile(
                r"([0-9](?<![0-9.,:][0-9])[0-9]?):([0-5][0-9])(?::([0-5][0-9]))?"
                r"(?![0-9]|[.,:][0-9])"
                r"(?: ?([aApP])\.?[mM]\.?(?![A-Za-z0-9]|[.,][0-9]))?"
            )
        )
    return _CLOCK[0]


def has_clock(s: str) -> bool:
    """Might ``s`` hold a clock time: a digit, ``:`` and a digit? (a cheap necessary test)"""
    k = s.find(":")
    while k != -1:
        if k and s[k - 1] in _DIGITS and s[k + 1 : k + 2] in _DIGIT_SET:
            return True
        k = s.find(":", k + 1)
    return False


def clock_spans(s: str) -> list[tuple[int, int, int, int, int, str]]:
    """The clock times of ``s``: ``(start, end, hours, minutes, seconds, half)`` each.

    ``half`` is ``a``, ``p`` or ``""``. None in a sentence that names a ratio or a score,
    and none with hours over 23 (``3:2``, ``41:15``, ``1:75`` are no times).

    Example:
        >>> clock_spans("He left at 6:48 pm, not 3:2.")
        [(11, 18, 6, 48, 0, 'p')]
    """
    if not has_clock(s):
        return []
    low = s.lower()
    if any(word in low for word in _NOT_TIMES):
        return []
    out = []
    rx = _CLOCK[0] if _CLOCK else _clock()
    for m in rx.finditer(s):
        hours = int(m.group(1))
        if hours > 23 or _label(s, m.start()):
            continue
        half = (m.group(4) or "").lower()
        out.append((m.start(), m.end(), hours, int(m.group(2)), int(m.group(3) or 0), half))
    return out


def _label(s: str, k: int) -> bool:
    """Is the number at ``k`` a list label's (``Day 2:21-6=15 crickets``, ``Night 1:30
    pages``, ``- Week 3:45 miles``: GSM8K's lists)? Only one word stands before it in
    ``s`` (list marks aside), a noun that numbers a list's items (:data:`_LABELS`); any other
    (``At 8:30``, ``So 8:30``) leaves it a time."""
    head = s[:k].lstrip(" \t*-#>_")
    if len(head) > 12 or not head.endswith(" "):
        return False
    return head[:-1].lower() in _LABELS


# The nouns that number a list's items, as solutions write them before "N:".
_LABELS = frozenset(
    {"day", "night", "week", "month", "year", "step", "part", "round", "game", "trip", "box"}
    | {"group", "team", "level", "stage", "floor", "room", "shelf", "bag", "test", "quiz"}
    | {"option", "store", "shop", "person", "player", "friend", "car", "question", "problem"}
    | {"case", "scenario", "phase", "session", "class", "lap", "race", "batch", "order"}
    | {"section", "page", "chapter", "book", "line", "row", "column", "item", "task", "job"}
    | {"plan", "method", "way", "season", "term", "semester", "quarter", "weekend", "event"}
    | {"match", "turn", "visit", "tank", "jar"}
)


def _values(clocks: list[tuple[int, int, int, int, int, str]]) -> list[list[str]]:
    """Each way to read ``clocks`` as numbers in one unit: one list of texts per way.

    Minutes, then hours (only when each is an exact decimal of two places), each as
    written and on a 24-hour clock, and seconds when a time has them.
    """
    ways: list[list[str]] = []
    for clock24 in (False, True):
        seconds = []
        for _, _, h, m, sec, half in clocks:
            hours = h % 12 + (12 if half == "p" else 0) if clock24 and half else h
            seconds.append(hours * 3600 + m * 60 + sec)
        if all(v % 60 == 0 for v in seconds):
            ways.append([str(v // 60) for v in seconds])
        if all(v % 36 == 0 for v in seconds):
            ways.append([_decimal(v // 36) for v in seconds])
        if any(c[4] for c in clocks):
            ways.append([str(v) for v in seconds])
    unique: list[list[str]] = []
    for way in ways:
        if way not in unique:
            unique.append(way)
    return unique


def _decimal(hundredths: int) -> str:
    whole, part = divmod(hundredths, 100)
    if not part:
        return str(whole)
    return f"{whole}.{part:02d}".rstrip("0")


def _spell(
    s: str, clocks: list[tuple[int, int, int, int, int, str]], texts: list[str]
) -> tuple[str, list[int]]:
    """``s`` with each of ``clocks`` replaced by the text of the same index, and where each
    placeholder (:data:`_PLACEHOLDER`) put there starts."""
    out = []
    at = []
    pos = n = 0
    for (start, end, *_), text in zip(clocks, texts, strict=True):
        out.append(s[pos:start])
        n += start - pos
        if text is _PLACEHOLDER:
            at.append(n)
        out.append(text)
        n += len(text)
        pos = end
    out.append(s[pos:])
    return "".join(out), at


def clock_reading(
    ex: Extractor,
    rule: str,
    sentence: str,
    words: bool,
    flags: list[str],
    *,
    body: object = None,
) -> Extraction | None:
    """The reading of a final ``sentence`` that holds clock times, or None when it holds
    none (the caller reads it as before). See the module's policy."""
    clocks = clock_spans(sentence)
    if not clocks:
        return None
    eq = sentence.rfind("=")
    cut = 0  # the times before ``cut`` are arithmetic, the rest context
    if eq != -1:
        cut = eq
        j = eq + 1
        while j < len(sentence) and sentence[j] not in _DIGITS:
            j += 1
        for c in clocks:
            if c[0] == j or (c[0] < j < c[1]):
                cut = c[1]  # the result of the last "=" is a time
    arith = [c for c in clocks if c[0] < cut]
    context = [c for c in clocks if c[0] >= cut]
    masked = [_PLACEHOLDER] * len(context)
    # The first way to read the arithmetic's times that is paid, else the first way.
    first: tuple[Extraction | None, str, list[int], list[str]] | None = None
    for way in _values(arith) if arith else [[]]:
        t, at = _spell(sentence, clocks, [*way, *masked])
        read = ex._statement(rule, t, words, list(flags), body)
        if first is None or (read is not None and read.rejected is None):
            first = (read, t, at, way)
            if read is not None and read.rejected is None:
                break
    if first is None:  # an equation whose times are no whole minutes or hours
        return _alone(rule, arith, flags, ex.numeric, sentence)
    found, text, at, values = first
    if found is None:
        return _alone(rule, context, flags, ex.numeric, sentence)
    if found.rejected is not None or found.number is None:
        return found
    number = found.number
    if values and any(_same(v, number) for v in values):
        plain = scan(_spell(sentence, clocks, [_PLACEHOLDER] * len(clocks))[0])
        if not any(tok.number is not None and numbers_equal(tok.number, number) for tok in plain):
            # The answer is a time the arithmetic computed ("4 + 3 = 7:00 pm").
            times = [c for c, v in zip(arith, values, strict=True) if _same(v, number)]
            return _alone(rule, times, flags)
    if at and _hedged(text, at, text.rfind("=")):
        return _several(found, rule, flags)
    return found


def _same(text: str, number: Number) -> bool:
    tokens = scan(text, 1)
    return bool(tokens) and tokens[0].number is not None and numbers_equal(tokens[0].number, number)


def _alone(
    rule: str,
    clocks: list[tuple[int, int, int, int, int, str]],
    flags: list[str],
    numeric: bool = True,
    sentence: str = "",
) -> Extraction:
    """The reading of times that are a sentence's only candidates: the hour of one time on
    the hour, else refused (``clock_time``). Not in numeric mode (``exact_match``), one time
    is its text as written (``8:30 pm``)."""
    distinct = {(h, m, sec) for _, _, h, m, sec, _ in clocks}
    if len(distinct) == 1 and not numeric and sentence:
        text = sentence[clocks[-1][0] : clocks[-1][1]]
        return _new(Extraction, (text, rule, None, 1, tuple(flags), False, None))
    if len(distinct) == 1:
        h, m, sec = distinct.pop()
        if not m and not sec:
            kept = (*flags, HOUR_FLAG)
            return _new(Extraction, (str(h), rule, _new(Number, (h, False)), 1, kept, False, None))
    answer = None
    if clocks:
        _, _, h, m, sec, _ = clocks[-1]
        answer = f"{h}:{m:02d}:{sec:02d}" if sec else f"{h}:{m:02d}"
    return _new(Extraction, (answer, rule, None, 1, (*flags, REJECTED), False, REJECTED))


def _hedged(text: str, at: list[int], eq: int) -> bool:
    """Is a time read as context in ``text`` (a placeholder starting at one of ``at``)
    joined by a hedge to a number after the last ``=`` (at ``eq``)?"""
    tokens = [t for t in scan(text) if t.start > eq]
    i = 0  # tokens[:i] end before the placeholder (the placeholders run left to right)
    for k in at:
        end = k + len(_PLACEHOLDER)
        while i < len(tokens) and tokens[i].end <= k:
            i += 1
        if i and _offers(text[tokens[i - 1].end : k]):
            return True
        if i < len(tokens) and tokens[i].start >= end and _offers(text[end : tokens[i].start]):
            return True
    return False


def _offers(gap: str) -> bool:
    """Does ``gap`` offer the values on either side of it as two answers: a hedge, or a
    gap that ends with ``or`` (``38 minutes or 6:48``, as ``38 minutes or 40`` is)?"""
    return is_hedge(gap) or gap.rstrip(" \t$\\").lower().endswith((" or", ",or"))


# -- a quantity in two units restated in one -------------------------------------------------

# How many of the smaller unit make the main one, per pair of quantities._MEASURES (same order).
_FACTORS = (60, 60, 24, 7, 12, 12, 3, 100, 1000, 16, 1000)
_UNIT: list[re.Pattern[str]] = []


def _unit_after(s: str, end: int) -> str | None:
    """The unit word right after a number ending at ``end`` (one space at most), or None."""
    if not _UNIT:
        _UNIT.append(re.compile(r" ?([A-Za-z]{1,12}+)(?![A-Za-z])"))
    m = _UNIT[0].match(s, end)
    return m.group(1).lower() if m is not None else None


def _pair(major: str, minor: str) -> int | None:
    """The factor of the measure whose main unit is ``major`` and smaller ``minor``."""
    from rftkit.rewards.quantities import _measures

    big, small = major.lower(), minor.lower()
    for (main, sub), factor in zip(_measures(), _FACTORS, strict=True):
        if main.fullmatch(big) and sub.fullmatch(small):
            return factor
    return None


def _equals(parts: re.Match[str], number: Number, unit: str | None) -> bool:
    """Is ``number`` in ``unit`` the quantity in two units matched by ``parts``
    (``1 hour and 20 minutes`` is 80 minutes and 4/3 hours)?"""
    major, minor = parts.group(2, 4)
    if major is None or unit is None:
        return False
    factor = _pair(major, minor)
    if factor is None or number.percent:
        return False
    whole = int(parts.group(1).replace(",", "")) * factor + int(parts.group(3))
    value = number.value
    if _pair(major, unit) == factor:  # in the smaller unit ("which is 80 minutes")
        return bool(value == whole)
    if _pair(unit, minor) == factor:  # in the main unit ("which is 1 1/3 hours")
        return bool(value * factor == whole)
    return False


def _parts_at(s: str, start: int, group: int) -> re.Match[str] | None:
    """The quantity in two units whose ``group`` (1: its main number, 3: its smaller one)
    starts at ``start``, searched from at most 64 characters before it."""
    from rftkit.rewards.quantities import _compound

    rx = _compound()
    m = rx.search(s, max(0, start - 64))
    while m is not None and m.start() <= start:
        if m.start(group) == start:
            return m
        m = rx.search(s, m.start(3))
    return None


def same_measure(s: str, a: Token, b: Token) -> bool:
    """Do the numbers ``a`` and ``b`` of ``s``, joined by a restating clause, state one
    quantity: ``1 hour and 20 minutes left, which is 80 minutes`` (``a`` the smaller
    number of a time, length or weight in two units, ``b`` it in one unit) or ``80
    minutes, which is 1 hour and 20 minutes`` (the other way)? Not when the values differ
    (``1 hour and 20 minutes, which is 90 minutes``)."""
    if a.number is None or b.number is None:
        return False
    parts = _parts_at(s, a.start, 3)
    if parts is not None and parts.end(3) == a.end:
        return _equals(parts, b.number, _unit_after(s, b.end))
    parts = _parts_at(s, b.start, 1)
    if parts is not None and parts.end(1) == b.end:
        return _equals(parts, a.number, _unit_after(s, a.end))
    return False


def restated_measure(s: str, parts: re.Match[str]) -> str | None:
    """The text of the number in one unit that the quantity in two units ``parts``
    restates (``80 minutes`` in ``80 minutes, which is 1 hour and 20 minutes``), or None."""
    from rftkit.rewards.second_answers import restates

    before = scan(s[: parts.start()])
    if not before:
        return None
    last = before[-1]
    if last.number is None or not restates(s[last.end : parts.start()]):
        return None
    unit = _unit_after(s, last.end)
    if not _equals(parts, last.number, unit):
        return None
    return f"{s[last.start : last.end]} {unit}"


def clock_answer(span: str, result: ParseResult, *, strict: bool = False) -> ParseResult:
    """An answer container's ``span`` that ``parse_answer`` could not read (``result``),
    with its times read as a final sentence reads them: ``#### 7:00``, ``**7:00 pm**``,
    ``The answer is 7:00 p.m.`` read 7 (the hour of one time on the hour, as GSM8K writes
    it) and ``#### 8:30`` is ``clock_time``; an equation of times holds in minutes or hours
    (``#### 6:48 - 6:10 = 38`` reads 38, ``#### 4 + 3 = 7:00 pm`` 7, ``#### 9:00 - 7:30 =
    1:30`` is ``clock_time``). Any other span keeps ``result`` (``8:00 or 9:00``, ``7:00
    and 3``: several numbers; an equation that holds in no unit)."""
    if result.reason not in ("several_numbers", "multiple_answers") or len(span) > 200:
        return result
    clocks = clock_spans(span)
    if not clocks:
        return result
    eq = span.rfind("=")
    if eq == -1:
        start, end = clocks[0][0], clocks[0][1]
        if len(clocks) != 1 or any(c in _DIGIT_SET for c in span[:start] + span[end:]):
            return result
        return _hour(clocks[0])
    from rftkit.rewards.equations import parse_answer

    for way in _values(clocks):
        read = parse_answer(_spell(span, clocks, way)[0], strict=strict)
        if read.number is not None:
            break
    else:
        return result
    j = eq + 1
    while j < len(span) and span[j] not in _DIGIT_SET:
        j += 1
    for c in clocks:
        if c[0] == j:  # the result is a time
            return _hour(c)
    return read


def _hour(clock: tuple[int, int, int, int, int, str]) -> ParseResult:
    """A time read alone: its hour on the hour, else ``clock_time``."""
    _, _, h, m, sec, _ = clock
    if m or sec:
        return _new(ParseResult, (None, REJECTED))
    return _new(ParseResult, (_new(Number, (h, False)), None))
