"""A time frame after the answer: ``She saves $500 in 10 weeks.`` answers 500, not 10.

Standard library only: this module ships inside every reward Lambda (no typing at run time).

The ``final_sentence`` and ``last_number`` rules read a plain sentence's last number. In prose
a time frame often closes the sentence the answer opens: ``She will still have $220 to pay
within 12 months.``, ``Antonia will have 350 pills left after 2 weeks.``, ``She makes $18 in
1 day.``. :func:`time_frame` reads such a sentence without its frame (the policy and its
measurement on GSM8K are in docs/graders.md, "A time frame after the answer"):

* only a sentence read today as its last number, accepted, whose last number is followed by
  a time unit (``days``, ``weeks``, ``mois``, ``semanas``, ``Wochen``, ...) and preceded by
  a time preposition (``in``, ``within``, ``after``, ``over``, ``for``, ``during``, French
  ``d'ici``, ``en``, ``dans``, ...) with at most three determiners between (``in those 3
  days``, ``over the next 2 weeks``), and nothing after the unit that holds a digit;
* an earlier number precedes the preposition in the same clause (no ``, `` ``so`` ``which``
  ... between them: ``She saved $500, so she retires in 10 years.`` answers 10);
* the sentence is no duration statement (``takes``, ``took``, ``lasted`` before the frame:
  ``It took 5 pythons to eat 15 alligators in 3 weeks.``) and relates no numbers by a word
  or sign (``than``, ``minus``, ``times``, ``+``, ...: either may be the answer);
* with the prompt, the question does not ask for the frame's unit (``How many weeks ...?``,
  ``How long ...?``, ``combien de mois``): then the frame is the answer, as today.

Then the sentence up to the preposition is read as a sentence of its own, by the same reader:
its answer (flag ``time_frame``), or its refusal (``She makes $18 or $20 in 1 day.`` is two
answers, where the last number 1 used to be paid). A refused reading is never read again,
so a time frame never turns a refusal into a payment.

With the prompt, an extension sentence after the answer's statement is read back to the
statement when the question asks the statement's frame (:func:`extended`).

Cost: for an accepted reading of a sentence without ``=``, one ``rfind`` of the answer's last
digit and a look at the character after it; a regular-expression match of the word after it
and one dictionary lookup when that is a space or a hyphen; the rest only for a sentence
whose last number is followed by a time unit. The extension check runs only with a prompt:
a lower-casing of the final sentence and eight substring tests first.
"""

from __future__ import annotations

import re

from rftkit.rewards.clock_times import clock_spans
from rftkit.rewards.describing import main_clause
from rftkit.rewards.givens import prompt_text
from rftkit.rewards.numbers import clean_latex, scan
from rftkit.rewards.sentences import _FINISHER_CHARS, _later_clause, _sentence_start
from rftkit.rewards.unit_prices import PER_ITEM, unit_price

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["EXTENSION", "FLAG", "UNITS", "asks_for", "extended", "time_frame"]

FLAG: Final = "time_frame"
"""The flag of an answer read without the time frame that closed its sentence."""

EXTENSION: Final = "frame_extension"
"""The flag of an answer read in the statement before a sentence extending it to another
time frame (``She makes $18 every day. That's $126 a week!``)."""


def _forms(unit: str, *words: str) -> dict[str, str]:
    return {w: unit for w in words}


UNITS: Final[dict[str, str]] = {
    **_forms("second", "second", "seconds", "sec", "secs", "seconde", "secondes", "segundo"),
    **_forms("second", "segundos", "sekunde", "sekunden"),
    **_forms("minute", "minute", "minutes", "min", "mins", "minuto", "minutos", "minuten"),
    **_forms("hour", "hour", "hours", "hr", "hrs", "heure", "heures", "hora", "horas"),
    **_forms("hour", "stunde", "stunden"),
    **_forms("day", "day", "days", "jour", "jours", "journée", "journées", "día", "días"),
    **_forms("day", "dia", "dias", "tag", "tage", "tagen", "night", "nights"),
    **_forms("week", "week", "weeks", "semaine", "semaines", "semana", "semanas", "woche"),
    **_forms("week", "wochen", "fortnight", "fortnights"),
    **_forms("month", "month", "months", "mois", "mes", "meses", "monat", "monate", "monaten"),
    **_forms("year", "year", "years", "yr", "yrs", "ans", "année", "années", "año", "años"),
    **_forms("year", "jahr", "jahre", "jahren", "decade", "decades"),
}
"""A time unit's words (lower case; English, French, Spanish, German) and the unit."""

# The word before the frame's number (after its determiners): it makes the number a frame.
_PREPOSITIONS = frozenset(
    {
        "in", "within", "after", "over", "for", "during", "throughout",
        "en", "dans", "ici", "après", "apres", "pendant", "durant", "sur",  # d'ici 12 mois
        "dentro", "después", "despues", "durante", "tras",
        "nach", "innerhalb", "für", "während", "binnen",
    }
)  # fmt: skip
# Words that may stand between the preposition and the number ("over the next 2 weeks").
_DETERMINERS = frozenset(
    {
        "the", "a", "an", "those", "these", "this", "that", "next", "first", "last", "only",
        "her", "his", "their", "its", "just", "following", "coming", "remaining",
        "les", "des", "prochains", "prochaines", "premiers", "premières", "de", "los", "las",
        "próximos", "próximas", "primeros", "von", "den", "der", "die", "nächsten", "ersten",
    }
)  # fmt: skip
# A duration statement: the time is what the sentence states ("It took 5 pythons ... in 3
# weeks"), or a word or sign relating the numbers (either may be the answer).
_STAND_BACK = frozenset(
    {
        "take", "takes", "took", "taking", "taken", "lasts", "lasted", "lasting",
        "prend", "prendra", "faut", "faudra", "dure", "durera",
        "tarda", "tardará", "toma", "tomará", "dura", "durará", "dauert", "dauerte",
        "than", "plus", "minus", "times", "divided", "multiplied", "equals", "equal", "sum",
        "product", "difference", "x", "per", "every", "each",
    }
)  # fmt: skip
_SIGNS = ("+", "*", "/", "\u00d7", "\u00f7", "=")
_WORD_CHARS = "'\u2019"  # an apostrophe joins a word's letters ("d'ici")
_WORD: list[re.Pattern[str]] = []  # compiled on first use (the Lambda cold start)
_MAX_DETERMINERS = 3
_AFTER_NUMBER = frozenset({" ", "-", "\u00a0"})  # between a number and its unit
_QUESTION_REACH = 400  # characters of the question's last sentence read


def _spans(s: str) -> list[tuple[int, str]]:
    """The words of ``s`` lower-cased, each with where it starts; an apostrophe splits a word
    (``d'ici`` is ``d`` and ``ici``). One linear pattern (a run of one character class)."""
    if not _WORD:
        _WORD.append(re.compile(r"[^\W\d_]+"))
    return [(m.start(), m.group().lower()) for m in _WORD[0].finditer(s)]


def _words(s: str) -> list[str]:
    return [w for _, w in _spans(s)]


def _word_after_answer(sentence: str, answer: str) -> str | None:
    """The word right after the answer's last digit, lower-cased, found from the end
    (``answer``: today's reading, the last number of the sentence when the policy may apply;
    one ``rfind`` and a look at the next character for most sentences)."""
    c = answer[-1:]
    if not c.isdigit():
        return None  # "50%", no answer: no frame read
    k = sentence.rfind(c)
    while sentence[k + 1 : k + 2] == "0" and "." in answer:
        k += 1  # "$12.50 apiece" read as 12.5: the zeros the reading dropped
    if k == -1 or sentence[k + 1 : k + 2] not in _AFTER_NUMBER:
        return None  # "$18.", "72,": no word after the number
    if not _WORD:
        _WORD.append(re.compile(r"[^\W\d_]+"))
    m = _WORD[0].match(sentence, k + 2)
    return m.group().lower() if m is not None else None


def _question_words(text: str) -> list[str]:
    """The words of the question: the prompt's last sentence that ends in ``?`` (or its last
    sentence), at most 400 characters."""
    q = text.rfind("?")
    end = q if q != -1 else len(text)
    lo = end - _QUESTION_REACH if end > _QUESTION_REACH else 0
    start = max(text.rfind(". ", lo, end), text.rfind("\n", lo, end), text.rfind("? ", lo, end))
    return _words(text[max(start, lo) : end])


def asks_for(prompt_text: str, unit: str) -> bool:
    """Does the question (the prompt's last sentence that ends in ``?``, or its end) ask for a
    time in ``unit`` (``How many weeks``, ``how many more days``) or a time at all (``How
    long``, ``combien de temps``, ``cuánto tiempo``, ``wie lange``)?

    Example:
        >>> asks_for("She saves $50 a week. How many weeks until she has $500?", "week")
        True
        >>> asks_for("She saves $50 a week. How much has she after 10 weeks?", "week")
        False
    """
    words = _question_words(prompt_text)
    for i, w in enumerate(words):
        nxt = words[i + 1 : i + 5]
        if w == "how" and nxt[:1] == ["long"]:
            return True
        if (w == "combien" and nxt[:2] == ["de", "temps"]) or (
            w in ("cuánto", "cuanto") and nxt[:1] == ["tiempo"]
        ):
            return True
        if w == "wie" and nxt[:1] == ["lange"]:
            return True
        if w in ("many", "combien", "cuántos", "cuántas", "cuantos", "cuantas", "viele"):
            for v in nxt[:3]:
                if UNITS.get(v) == unit:
                    return True
    return False


def time_frame(  # noqa: PLR0917 - the reader's arguments, in its order
    ex: Extractor,
    rule: str,
    found: Extraction | None,
    sentence: str,
    words: bool,
    flags: list[str],
    prompt: object = None,
    body: str = "",
) -> Extraction | None:
    """``found`` (the reading of ``sentence``), or the reading of the sentence without the time
    frame that closes it when the module's policy holds (see above); with the prompt and the
    reply's text up to the sentence's end (``body``), the statement before an extension
    (:func:`extended`)."""
    if found is None or found.rejected is not None or found.number is None or "=" in sentence:
        return found  # an equation's result is read already; no extension holds one
    if ":" in sentence and clock_spans(sentence):
        return found  # "It ends at 8:30:15 after 45 minutes.": the clock rules read it
    s = main_clause(found, sentence) if found.flags else sentence  # (describing)
    word = _word_after_answer(s, found.answer or "")
    if word is not None:  # the probe: most sentences end in no word after the answer
        unit = UNITS.get(word)
        if unit is not None:
            found = _framed(ex, rule, found, s, words, flags, prompt, unit)
        elif word in PER_ITEM:  # "$37.50 on shirts, $12.50 apiece" (unit_prices)
            found = unit_price(ex, rule, found, s, words, flags, prompt, UNITS)
    if prompt is None or not body or found is None:
        return found
    return extended(ex, rule, found, sentence, flags, prompt, body)


def _framed(  # noqa: PLR0917 - time_frame's, and the unit
    ex: Extractor,
    rule: str,
    found: Extraction,
    sentence: str,
    words: bool,
    flags: list[str],
    prompt: object,
    unit: str,
) -> Extraction | None:
    s = clean_latex(sentence)
    for sign in _SIGNS:
        if sign in s:
            return found
    tokens = scan(s)
    if len(tokens) < 2 or tokens[-1].number != found.number:
        return found  # the reading is not the frame's number
    frame, earlier = tokens[-1], tokens[-2]
    gap = _spans(s[earlier.end : frame.start])
    i = len(gap) - 1
    skipped = 0
    while i >= 0 and gap[i][1] in _DETERMINERS and skipped < _MAX_DETERMINERS:
        i -= 1
        skipped += 1
    if i < 0 or gap[i][1] not in _PREPOSITIONS:
        return found
    at = earlier.end + gap[i][0]  # where the preposition starts
    if s[at - 1 : at] in _WORD_CHARS and s[at - 2 : at - 1].isalpha():
        at -= 2  # "d'ici": the elided article belongs to it
    brk = _later_clause(s, earlier.end)
    if brk != -1 and brk < at:
        return found  # "She saved $500, so she retires in 10 years": a later clause
    if not _STAND_BACK.isdisjoint(_words(s[:at])):
        return found  # a duration statement, or numbers related to each other
    if prompt is not None and asks_for(prompt_text(prompt), unit):
        return found  # the question asks for the frame: the frame is the answer
    head = s[:at].rstrip(" ,;:-") + "."
    read = ex._statement(rule, head, words, list(flags))
    if read is None:
        return found
    if read.rejected is not None:
        return read
    return tuple.__new__(type(read), (*read[:4], (*read.flags, FLAG), *read[5:]))


# -- an extension sentence after the answer's statement (with the prompt) ----------------------

_RATE_WORDS: Final[dict[str, str]] = {
    "daily": "day", "nightly": "day", "weekly": "week", "monthly": "month", "yearly": "year",
    "annually": "year", "annual": "year", "hourly": "hour",
}  # fmt: skip
# How many of the first unit a second one holds: (first, second) -> the counts accepted.
_RATIOS: Final[dict[tuple[str, str], tuple[int, ...]]] = {
    ("day", "week"): (7, 5), ("day", "month"): (30, 31, 28), ("day", "year"): (365,),
    ("week", "month"): (4,), ("week", "year"): (52,), ("month", "year"): (12,),
    ("hour", "day"): (24, 8), ("hour", "week"): (168, 40), ("minute", "hour"): (60,),
    ("second", "minute"): (60,), ("minute", "day"): (1440,), ("second", "hour"): (3600,),
}  # fmt: skip
_ONE = frozenset({"a", "an", "per", "each", "every", "one"})
_EXTENSION_STEMS = ("day", "week", "month", "year", "hour", "minute", "annual", "dail")


def _unit_of(word: str) -> str | None:
    unit = UNITS.get(word)
    return unit if unit is not None else _RATE_WORDS.get(word)


def _frame_of(s: str) -> tuple[str, int, str] | None:
    """The sentence's time frame: ``(unit, count, count's unit)`` of its only time unit word
    (``a week``: week, 1, week; ``in 2 weeks``: week, 2, week; ``weekly``: week, 1, week), or
    of a unit counted in another (``a 30-day month``: month, 30, day); None for none or
    several."""
    spans = _spans(s)
    units = [(i, u) for i, (_, w) in enumerate(spans) if (u := _unit_of(w)) is not None]
    if not units or len(units) > 2:
        return None
    i, unit = units[-1]
    start = spans[i][0]
    count_unit = unit
    if len(units) == 2:  # "a 30-day month": the first unit counts the second
        j, inner = units[0]
        if j != i - 1 or s[spans[j][0] + len(spans[j][1]) : start].strip() != "":
            return None
        count_unit, start = inner, spans[j][0]
    if spans[i][1] in _RATE_WORDS:  # "weekly": one week ("$126 weekly" counts no weeks)
        return (unit, 1, unit) if len(units) == 1 else None
    before = s[:start].rstrip(" -")
    if before[-1:].isdigit():
        tokens = scan(before)
        number = tokens[-1].number if tokens else None
        if number is None or type(number.value) is not int or number.value < 1:
            return None
        return unit, number.value, count_unit
    if count_unit == unit and i > 0 and spans[i - 1][1] in _ONE:
        return unit, 1, unit
    return None


def extended(  # noqa: PLR0917 - time_frame's
    ex: Extractor,
    rule: str,
    found: Extraction,
    sentence: str,
    flags: list[str],
    prompt: object,
    body: str,
) -> Extraction:
    """``found``, or the statement before ``sentence`` when ``sentence`` only extends it to
    another time frame and the question asks the statement's frame.

    ``She makes $18 every day. That's $126 a week!`` answers 18 when the question asks what
    she makes every day (and mentions no week), and 126 otherwise (or without the prompt).
    Only when all of these hold: the sentence's one time frame (``a week``, ``in 1 week``,
    ``over a 30-day month``) is not the statement's; the statement before it, read as a final
    sentence by itself, is accepted, and states its number per one unit (``every day``, ``a
    day``, ``daily``, ``in 1 day``); the sentence holds no number but its answer and its
    frame's count, and its answer is the statement's number times the count of the
    statement's units in its frame (7 days a week, 30 in ``a 30-day month``, 52 weeks a
    year): the same quantity, nothing new; and the question's sentence names the statement's
    unit and no other.
    """
    lowered = sentence.lower()
    if not any(stem in lowered for stem in _EXTENSION_STEMS):
        return found  # the probe: no time unit in the sentence
    if found.rejected is not None or found.number is None or not body.endswith(sentence):
        return found
    later = _frame_of(sentence)
    if later is None:
        return found
    head = body[: len(body) - len(sentence)].rstrip()
    if not head:
        return found
    statement = head[_sentence_start(head, len(head.rstrip(_FINISHER_CHARS))) :]
    earlier = _frame_of(statement)
    if earlier is None or earlier[1] != 1 or earlier[0] == later[0]:
        return found
    unit = earlier[0]
    if later[2] == unit:
        counts: tuple[int, ...] = (later[1],)  # "a 30-day month": 30 days
    else:
        ratios = _RATIOS.get((unit, later[2]))
        if ratios is None:
            return found
        counts = tuple(later[1] * r for r in ratios)
    values = {t.number.value for t in scan(clean_latex(sentence)) if t.number is not None}
    value = found.number.value
    if not values <= {value, later[1]}:
        return found  # another number: no pure extension
    words = _question_words(prompt_text(prompt))
    asked = {u for w in words if (u := _unit_of(w)) is not None}
    if asked != {unit}:
        return found  # the question does not name the statement's frame alone
    stated = ex._statement(rule, statement, True, list(flags))
    stated = time_frame(ex, rule, stated, statement, True, flags, prompt)
    if stated is None or stated.rejected is not None or stated.number is None:
        return found
    if not any(stated.number.value * c == value for c in counts):
        return found  # not the same quantity in the longer frame
    if not _same_kind(statement, stated.number.value, sentence, value):
        return found  # "$18 every day" and "126 eggs a week": another quantity
    return tuple.__new__(type(stated), (*stated[:4], (*stated.flags, EXTENSION), *stated[5:]))


def _kind(s: str, value: object) -> str | None:
    """What the number of ``s`` whose value is ``value`` counts: ``$`` after a currency sign,
    else the word after it unless that word starts the time frame (``a``, ``every``, a unit),
    else None."""
    for token in scan(s):  # as written: clean_latex takes "$" for a maths delimiter
        if token.number is None or token.number.value != value:
            continue
        if s[token.start - 1 : token.start] in _CURRENCY and token.start:
            return "$"
        after = _words(s[token.end : token.end + 40])
        word = after[0] if after else None
        if word in _MONEY_WORDS:
            return "$"
        if word is None or word in _ONE or _unit_of(word) is not None or word in _PREPOSITIONS:
            return None
        return word
    return None


def _same_kind(statement: str, stated: object, sentence: str, value: object) -> bool:
    """Do the statement's number and the extension's count the same thing (both money, both
    ``miles``), or does one of them name nothing (``That's 140 a week``)?"""
    a, b = _kind(statement, stated), _kind(sentence, value)
    return a is None or b is None or a == b


_MONEY_WORDS = frozenset({"dollar", "dollars", "bucks", "euro", "euros"})
_CURRENCY = "$\u20ac\u00a3\u00a5\u20b9"
