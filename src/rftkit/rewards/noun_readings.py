"""A final sentence's last number that names something else than the answer: a size glued to
its unit, a year, what the answer was made on, a speed, a part of the answer.

Helper of :mod:`rftkit.rewards.extract` (docs/graders.md, "Sizes, years, sources and parts
after the answer (session 14)"). Standard library only: this module ships inside every reward
Lambda (no typing at run time, the pattern compiled on first use).

:mod:`.noun_modifiers` drops a number glued by a hyphen to a word (``a 400-meter track``)
before the sentence is read. The same adjective written otherwise, and a few phrases that
name another quantity after the answer, were read as the answer. :func:`noun_reading` looks
at the sentence's reading and, when it is the sentence's last number, a number stands before
it and the sentence has no ``=``, reads the sentence without it when it is:

* **a size**: a determiner (``a``, ``the``, ``his``, ``John's``, ...) before it, a unit glued
  to it or after one space (:data:`_UNIT_ABBREVIATIONS`; :data:`_UNIT_WORDS`, singular), then
  a noun: ``a 400m track``, ``a 400 m track``, ``a 12 oz can``, ``a 2 liter bottle``;
* **a year as an adjective**: a determiner, a year (1800 to 2099, four digits, no sign) and a
  singular or capitalized noun: ``his 2019 Honda``, ``per the 2020 census``;
* **a price after a preposition**: a preposition, a determiner, an amount with a currency
  sign and a noun (``on a $130,000 investment``, ``from a $100 bill``), not an amount noun
  after a preposition that states a value (``at a $5,000 profit``: :data:`_VALUE_NOUNS`,
  :data:`_STATING`); and ``a``/``an``, a plain number, a singular word and a noun after a
  preposition (``from a 100 apple crate``); and after an amount with a sign, ``for`` or
  ``on``, a determiner, a count and a plural noun (``$120 for her 2 children``);
* **a year after a preposition**, ending the sentence (``in 2024``, ``since 2019``, ``by
  2030``, ``in March 2024``; not after a change, ``grew by 2000``, nor after ``of`` or
  ``from``): unless the prompt's question asks for a year (``What year``, ``When did``);
  without the prompt too (a question asking for a year is rare);
* **a speed after** ``at`` (``180 miles at 60 mph``): the words before ``at``, unless the
  prompt's question asks for a speed;
* **a part after a comma** (``540 meters a week, 180 meters each running day``, ``60 meters
  at a time``): the total before the comma, as :mod:`.unit_prices` reads a per-item price;
  the part when the prompt's question names its frame and not the total's;
* **with the prompt only**: an appositive percent (``$70,000, a 53.8% return``) when the
  question asks for no percent, and ``A, leaving B`` when the question names the verb before
  ``A`` and asks nothing left. Without the prompt both read as before (either may be asked).

A phrase that goes on after its noun (more than three words, or a clause word: :data:`_CLAUSE`)
is read as before. The sentence read again is the sentence without the number (a size, a
year, a price) or the words before the comma or ``at`` (a part, an appositive, ``leaving``, a
speed), read by the same reader (:meth:`Extractor._statement`); the latter only when they read
the number right before the comma, accepted. Only numbers are taken away, so a reply is paid
for at most one value, and only for one it states.

Cost: the caller runs it only for a sentence without ``=``; then one ``rfind`` of the answer,
a look at the characters after it and a few set tests on the words after it; the words
before the number and the prompt's question only for the shapes above.
"""

from __future__ import annotations

import re

from rftkit.rewards.givens import prompt_text
from rftkit.rewards.noun_modifiers import _DETERMINERS, _NOT_WORDS, _PREPOSITIONS
from rftkit.rewards.numbers import scan

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["noun_reading"]

_UNIT_ABBREVIATIONS: Final = frozenset(
    {
        "m", "km", "cm", "mm", "kg", "g", "mg", "lb", "lbs", "oz", "ml", "l", "mi", "ft", "yd",
        "gal", "qt", "pt", "hr", "h", "min", "mph", "kph", "sq", "cc", "gb", "mb", "tb", "kw",
    }
)  # fmt: skip
"""Units written as a symbol, glued to the number (``400m``) or after one space (``400 m``)."""

_UNIT_WORDS: Final = frozenset(
    {
        "meter", "metre", "kilometer", "kilometre", "centimeter", "millimeter", "mile", "foot",
        "inch", "yard", "pound", "ounce", "gallon", "liter", "litre", "quart", "pint", "gram",
        "kilogram", "ton", "tonne", "dollar", "euro", "cent", "minute", "hour", "day", "week",
        "month", "acre", "calorie", "watt", "volt", "degree", "gigabyte", "megabyte", "piece",
        "person", "seat", "story", "storey", "page", "square", "cubic", "percent",
    }
)  # fmt: skip
"""Units in words, singular: ``a 2 liter bottle`` (``the 400 meters he ran`` is a quantity)."""

# Words after a size that make it no adjective: a function word, a rate, a conclusion.
_NO_NOUN: Final = _NOT_WORDS | frozenset(
    {"each", "per", "a", "an", "apiece", "every", "in", "at", "for", "total", "left",
     "remaining", "altogether", "overall", "is", "was", "are", "were", "so", "which", "that"}
)  # fmt: skip
_CLAUSE: Final = frozenset(
    {"so", "and", "but", "then", "which", "that", "who", "he", "she", "they", "it", "we",
     "you", "i", "thus", "therefore", "because", "since", "while", "when", "if", "or", "is",
     "was", "are", "were", "will", "would", "leaving", "making", "giving", "for", "to"}
)  # fmt: skip
_VALUE_NOUNS: Final = frozenset(
    {"profit", "loss", "gain", "total", "sum", "difference", "savings", "saving", "balance",
     "income", "revenue", "earnings", "return", "deficit", "surplus", "refund", "change",
     "increase", "decrease", "bonus", "net", "value", "amount", "cost", "price", "discount",
     "tip", "fee", "charge", "payment", "salary", "wage", "rate", "average", "raise",
     "markup", "commission", "interest", "tax", "budget", "allowance", "debt", "fine",
     "reward", "prize", "donation", "deposit"}
)  # fmt: skip
"""Nouns of an amount that may be the answer after :data:`_STATING`: ``He sold 3 cars at a
$5,000 profit.`` (``$80 after a $20 discount``, ``$20 off the $100 price`` name a source)."""
_STATING: Final = frozenset({"at", "for", "to", "by", "in"})
_PLURALS: Final = frozenset(
    {"children", "people", "men", "women", "feet", "teeth", "mice", "geese"}
)
_SPEEDS: Final = frozenset({"mph", "kph", "km/h", "kmh", "mi/h", "m/s", "ft/s"})
_SPEED_ENDS: Final = _SPEEDS | {"hour", "minute", "second"}
_ASKS_SPEED: Final = frozenset({"fast", "speed", "mph", "kph", "rate", "average", "velocity"})
_YEAR_PREPOSITIONS: Final = frozenset(
    {"in", "since", "by", "during", "until", "till", "through"}
)  # fmt: skip
"""Before a year at the end (not ``of``, ``from``, ``after``: ``20% of 2000``, ``80 from
2000`` are amounts)."""
# Before "by", a change: "increased by 2000" is an amount.
_CHANGES: Final = frozenset(
    {"increased", "decreased", "increase", "decrease", "increases", "decreases", "reduced",
     "grew", "grow", "grows", "rose", "rise", "rises", "fell", "fall", "falls", "dropped",
     "drop", "went", "up", "down", "raised", "lowered", "cut", "more", "less", "divided",
     "multiplied", "times", "off", "short", "over", "under", "exceeds", "exceeded", "it"}
)  # fmt: skip
_MONTHS: Final = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
     "sep", "sept", "oct", "nov", "dec", "early", "late", "mid", "fiscal", "spring", "summer",
     "fall", "autumn", "winter"}
)  # fmt: skip
_PRICE_PREPOSITIONS: Final = _PREPOSITIONS | frozenset({"off", "over", "into", "per", "toward"})
_PER: Final = frozenset({"each", "every", "per"})
_PER_WORDS: Final = frozenset({"each", "every", "per", "at", "Each", "Every", "Per", "At"})
_LEFT: Final = frozenset({"left", "remain", "remains", "remaining", "rest", "leave", "leftover"})
_IRREGULAR_VERBS: Final = {
    "spent": "spend", "gave": "give", "given": "give", "sold": "sell", "paid": "pay",
    "lost": "lose", "ate": "eat", "eaten": "eat", "took": "take", "taken": "take",
    "made": "make", "bought": "buy", "used": "use", "got": "get", "put": "put",
}  # fmt: skip
_END = " \t.!*_)"
_NUMBER_CHARS = "0123456789,."
_WORDS: list[re.Pattern[str]] = []


def _words(s: str) -> list[str]:
    if not _WORDS:
        _WORDS.append(re.compile(r"[A-Za-z][A-Za-z'\u2019]*"))
    return _WORDS[0].findall(s)


def _word_before(s: str, end: int) -> tuple[int, str]:
    """The word that ends at ``end`` after spaces (its start and text as written), or
    ``(end, "")``."""
    k = end
    while k and s[k - 1] in " \t":
        k -= 1
    i = k
    while i and (s[i - 1].isalpha() or s[i - 1] in "'\u2019") and k - i < 30:
        i -= 1
    if i == k or (i and s[i - 1].isdigit()):
        return end, ""
    return i, s[i:k]


def _speed(words: list[str]) -> bool:
    """Do ``words`` (after a number) name a speed: ``mph``, ``km/h``, ``miles per hour``?"""
    low = [w.lower() for w in words]
    if len(low) == 1:
        return low[0] in _SPEEDS
    return len(low) == 3 and low[1] in ("per", "an", "a") and low[2] in ("hour", "minute", "second")


def _ends(words: list[str]) -> bool:
    """Do ``words`` (after a size, a year or a price) only finish its noun phrase: at most
    three, no clause (``on his $85 order so he'll pay``)?"""
    return len(words) <= 3 and _CLAUSE.isdisjoint(w.lower().rstrip(",;:") for w in words)


def _is_determiner(word: str) -> bool:
    low = word.lower()
    return low in _DETERMINERS or low.endswith(("'s", "\u2019s", "s'"))


def _singular(word: str) -> bool:
    return not word.endswith("s") or word.endswith(("ss", "us", "is"))


def _asks_year(words: list[str]) -> bool:
    """Does the question (its words, lower case) ask for a year (``What year``, ``in which
    year``, ``the year``, ``When did``)?"""
    for i, w in enumerate(words):
        if w == "year" and i and words[i - 1] in ("what", "which", "the"):
            return True
        if w == "when" and i + 1 < len(words) and words[i + 1] in _AUXILIARY:
            return True
    return False


_AUXILIARY: Final = frozenset(
    {"did", "does", "do", "will", "was", "were", "is", "would", "should", "can", "could"}
)


def _question(prompt: object) -> list[str]:
    from rftkit.rewards.time_frames import _question_words  # (it imports noun_modifiers')

    return _question_words(prompt_text(prompt))


def _stem(word: str) -> str:
    w = word.lower()
    w = _IRREGULAR_VERBS.get(w, w)
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _reread(  # noqa: PLR0917 - the reader's arguments
    ex: Extractor, rule: str, found: Extraction, text: str, words: bool, flags: list[str]
) -> Extraction:
    """``text`` read by the sentence reader, or ``found`` when it reads no number."""
    read = ex._statement(rule, text, words, list(flags))
    if read is None or read.number is None:
        return found
    return read


def _head(  # noqa: PLR0917 - the reader's arguments
    ex: Extractor,
    rule: str,
    found: Extraction,
    s: str,
    comma: int,
    words: bool,
    flags: list[str],
    *,
    timed: bool = False,
) -> Extraction:
    """The sentence up to ``comma`` read alone, when it reads the number right before the
    comma, accepted; else ``found``. Unless ``timed``, not when that number is a time
    (``120 miles in 2 hours at 60 mph``: the head's 2 is a time frame, no main value)."""
    head = s[:comma].rstrip(" \t,;")
    tokens = scan(head)
    if not tokens:
        return found
    if not timed:
        from rftkit.rewards.time_frames import UNITS  # (it imports noun_modifiers')

        after = head[tokens[-1].end :].split(None, 1)
        if after and after[0].lower().rstrip(",.;") in UNITS:
            return found
    read = ex._statement(rule, head + ".", words, list(flags))
    if read is None or read.rejected is not None or read.number != tokens[-1].number:
        return found  # the main clause answers another number, or none
    return read


def _frame(s: str, end: int) -> str | None:
    """The time frame right after the unit word after the number that ends at ``end``
    (``meters a week``: ``week``), or None."""
    ws = s[end : end + 40].split()
    if len(ws) >= 3 and ws[1].lower() in ("a", "an", "per", "each", "every"):
        return ws[2].lower().rstrip(",.;")
    return None


def noun_reading(  # noqa: PLR0917 - one check a branch, the reader's arguments
    ex: Extractor,
    rule: str,
    found: Extraction | None,
    s: str,
    words: bool,
    flags: list[str],
    prompt: object = None,
) -> Extraction | None:
    """``found`` (the reading of ``s``), or the reading of ``s`` without its last number when
    that number names something else than the answer (see the module).

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("He runs 3 laps of a 400m track.").answer
        '3'
    """
    if found is None or found.rejected is not None or found.number is None or "=" in s:
        return found
    answer = found.answer
    if not answer or "\\" in s:
        return found
    core = answer.lstrip("$\u20ac\u00a3").rstrip("%")
    p = s.rfind(core)
    if p == -1 and core.isdigit() and len(core) > 3:
        core = f"{int(core):,}"  # "$130,000" read as 130000
        p = s.rfind(core)
    if p == -1 or (p and s[p - 1].isdigit()):
        return found
    e = p + len(core)
    n = len(s)
    while e < n and (s[e].isdigit() or (s[e] in ",." and e + 1 < n and s[e + 1].isdigit())):
        e += 1  # "37.50" read as 37.5
    number = s[p:e]
    if e != p + len(core) and not ("." in number and number[len(core) :].strip("0") == ""):
        return found  # "300" holds the reading "3": not its token
    year = len(number) == 4 and number[:2] in ("18", "19", "20") and number.isdigit()
    tail = s[e:].rstrip(_END)
    # Cheap gates first (most final sentences end "... 18 dollars." or "... 18 eggs a day."):
    # only the shapes below go on to the words before the number.
    if not tail or tail == "%":  # "in 2024", "leaving 75%"
        if not year and (prompt is None or "leaving" not in s):
            return found
        tail = ""
    elif tail[0] == "%":  # "a 53.8% return"
        if prompt is None:
            return found
    elif tail[0].isalpha():  # "a 400m track"
        if tail.split(None, 1)[0].lower() not in _UNIT_ABBREVIATIONS:
            return found
    elif tail[0] not in " \t":
        return found
    tail_words = tail.split()
    count = len(tail_words)
    if count > 5:
        return found
    first = tail_words[0] if tail_words else ""
    low = first.lower()
    money = p and s[p - 1] in "$\u20ac\u00a3"
    if tail and tail[0] in " \t":
        noun = low not in _NO_NOUN and count <= 4 and (low[-1:] != "s" or _singular(low))
        if not (
            (  # a part after a comma: "..., 180 meters each running day"
                not _PER_WORDS.isdisjoint(tail_words)
                and s[: p - 1 if money else p].rstrip(" \t")[-1:] == ","
            )
            or (count in (1, 3) and tail_words[-1].lower() in _SPEED_ENDS)  # "at 60 mph"
            or ((noun or first[:1].isupper()) and year and not money)  # "his 2019 Honda"
            or (money and low not in _NO_NOUN and count <= 4)  # "on a $130,000 investment"
            or (low in _UNIT_ABBREVIATIONS or low in _UNIT_WORDS)  # "a 12 oz can"
            or (noun and count > 1 and " a" in s)  # "from a 100 apple crate"
            or (
                count <= 2 and (low[-1:] == "s" or low in _PLURALS) and "$" in s
            )  # "for her 2 kids"
        ):
            return found
    start = p - 1 if money else p
    if any(c.isdigit() for c in tail) or not any(c.isdigit() for c in s[:start]):
        return found  # not the last number, or the only one
    det_start, det = _word_before(s, start)
    if tail[:1] == "%":
        return _appositive(ex, rule, found, s, start, det_start, det, tail, words, flags, prompt)
    if tail and tail[0].isalpha():  # "a 400m track": a unit glued to the number
        unit = first.rstrip(",;:")
        if (
            _is_determiner(det)
            and len(tail_words) > 1
            and tail_words[1].lower() not in _NO_NOUN
            and tail_words[1][0].isalpha()
            and _ends(tail_words[1:])
        ):
            cut = s[:start] + s[e + len(unit) :].lstrip(" \t")
            return _reread(ex, rule, found, cut, words, flags)
        return found
    if not tail:
        return _at_end(
            ex, rule, found, s, start, det_start, det, number, year, words, flags, prompt
        )
    if not first[:1].isalpha():
        return found
    nxt = tail_words[1] if len(tail_words) > 1 else ""
    if _is_determiner(det):
        size = (
            (low in _UNIT_ABBREVIATIONS or low in _UNIT_WORDS)
            and nxt[:1].isalpha()
            and nxt.lower() not in _NO_NOUN
            and (low != "percent" or _word_before(s, det_start)[1].lower() in _PREPOSITIONS)
        )
        dated = (
            year
            and not money
            and first[0].isalpha()
            and low not in _NO_NOUN
            and (first[0].isupper() or _singular(low))
        )
        prep_start, prep = _word_before(s, det_start)
        prep = prep.lower()
        priced = (  # "on a $130,000 investment"; "at a $5,000 profit" may be the answer
            money
            and low not in _NO_NOUN
            and prep in _PRICE_PREPOSITIONS
            and (low not in _VALUE_NOUNS or prep not in _STATING)
        )
        compound = (  # "from a 100 apple crate"
            det.lower() in ("a", "an")
            and not money
            and low not in _NO_NOUN
            and _singular(low)
            and nxt[:1].isalpha()
            and nxt.lower() not in _NO_NOUN
            and prep in _PRICE_PREPOSITIONS
        )
        counted = (  # "She pays $120 for her 2 children": what the money was spent on
            not money
            and not year
            and prep in ("for", "on")
            and det.lower() not in ("a", "an", "each", "every")
            and low not in _NO_NOUN
            and (not _singular(low) or low in _PLURALS)
            and "$" in s[:det_start]
            and _word_before(s, prep_start)[1].lower() not in ("enough", "sufficient")
        )
        if (size or dated or priced or compound or counted) and _ends(
            tail_words[1 if size else 0 :]
        ):
            rest = tail.lstrip(" \t")
            if size:  # the unit goes with its number: "a 400 m track" reads as "a track"
                rest = rest[len(first) :].lstrip(" \t")
            return _reread(ex, rule, found, s[:start] + rest + s[e + len(tail) :], words, flags)
    if det.lower() == "at" and _speed(tail_words):  # "180 miles at 60 mph"
        if prompt is not None and not _ASKS_SPEED.isdisjoint(_question(prompt)):
            return found  # "How fast ...?": the speed
        return _head(ex, rule, found, s, det_start, words, flags)
    return _part(ex, rule, found, s, start, tail_words, words, flags, prompt)


def _at_end(  # noqa: PLR0917 - the reader's arguments and the number's place
    ex: Extractor,
    rule: str,
    found: Extraction,
    s: str,
    start: int,
    det_start: int,
    det: str,
    number: str,
    year: bool,
    words: bool,
    flags: list[str],
    prompt: object,
) -> Extraction:
    """A year after a preposition (``in 2024``), or ``, leaving B`` (with the prompt)."""
    low = det.lower()
    if year and s[start] not in "$\u20ac\u00a3":
        prep_start = det_start
        if low in _MONTHS:  # "in March 2024"
            prep_start, low = _word_before(s, det_start)
            low = low.lower()
        if low == "year":  # "in the year 2024"
            the_start, the = _word_before(s, prep_start)
            prep_start, low = _word_before(s, the_start)
            low = low.lower() if the.lower() == "the" else ""
        if low in _YEAR_PREPOSITIONS and (
            low != "by" or _word_before(s, prep_start)[1].lower() not in _CHANGES
        ):
            if prompt is not None and _asks_year(_question(prompt)):
                return found  # "In what year ...?": the year is the answer
            cut = s[:prep_start].rstrip(" \t,") + s[start + len(number) :]
            return _reread(ex, rule, found, cut, words, flags)
        return found
    if low == "leaving" and prompt is not None:
        comma = s.rfind(",", 0, det_start)
        if comma == -1 or s[comma + 1 : det_start].strip():
            return found
        q = _question(prompt)
        if not _LEFT.isdisjoint(q):
            return found  # "How much is left?": B
        tokens = scan(s[:comma])
        if not tokens:
            return found
        a = tokens[-1].start
        verb = _word_before(s, a - 1 if a and s[a - 1] in "$\u20ac\u00a3" else a)[1]
        if not verb or _stem(verb) not in {_stem(w) for w in q}:
            return found  # the question does not name the verb before the first value
        return _head(ex, rule, found, s, comma, words, flags)
    return found


def _appositive(  # noqa: PLR0917 - the reader's arguments and the number's place
    ex: Extractor,
    rule: str,
    found: Extraction,
    s: str,
    start: int,
    det_start: int,
    det: str,
    tail: str,
    words: bool,
    flags: list[str],
    prompt: object,
) -> Extraction:
    """``$70,000, a 53.8% return``: the amount, when the prompt's question asks for no
    percent."""
    if prompt is None or det.lower() not in ("a", "an"):
        return found
    comma = s.rfind(",", 0, det_start)
    if comma == -1 or s[comma + 1 : det_start].strip():
        return found
    nouns = tail[1:].split()
    if not nouns or len(nouns) > 2 or not nouns[0][0].isalpha() or nouns[0] in _NO_NOUN:
        return found
    q = _question(prompt)
    if "percent" in q or "percentage" in q or "%" in prompt_text(prompt)[-400:]:
        return found  # "By what percent ...?": the percent may be the answer
    return _head(ex, rule, found, s, comma, words, flags)


def _part(  # noqa: PLR0917 - the reader's arguments
    ex: Extractor,
    rule: str,
    found: Extraction,
    s: str,
    start: int,
    tail_words: list[str],
    words: bool,
    flags: list[str],
    prompt: object,
) -> Extraction:
    """``540 meters a week, 180 meters each running day``, ``60 meters at a time``: the
    total before the comma (the part, when the prompt's question names its frame)."""
    low = [w.lower().rstrip(",;") for w in tail_words]
    if len(low) > 5:
        return found
    try:
        k = next(i for i, w in enumerate(low) if w in _PER or w == "at")
    except StopIteration:
        return found
    if k > 2:
        return found
    unit, phrase = low[:k], low[k:]
    if phrase in (["at", "a", "time"], ["each", "time"], ["at", "once"]):
        frame = "time"
        total_frame = None
    elif phrase[0] in _PER and len(phrase) == 3:  # "each running day"
        frame = phrase[2]
        total_frame = ""
    else:
        return found
    comma = s.rfind(",", 0, start)
    if comma == -1 or s[comma + 1 : start].strip():
        return found
    head = s[:comma]
    j = len(head)
    while j and not head[j - 1].isdigit():
        j -= 1
    if j == 0:
        return found
    between = head[j:].split()
    if unit and (not between or between[0].lower().rstrip(",") != unit[0]):
        return found  # "540 meters ..., 180 meters each ...": one unit
    if total_frame is not None:
        total_frame = _frame(head, j)
        if total_frame is None or total_frame == frame:
            return found  # "180 meters each day" alone: a rate (conversions, time_frames)
    if prompt is not None:
        q = _question(prompt)
        if frame in q and (total_frame is None or total_frame not in q):
            return found  # "How far does he run each running day?": the part
        if frame == "time" and ("once" in q or "trip" in q):
            return found
    return _head(ex, rule, found, s, comma, words, flags, timed=True)
