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

Cost: for an accepted reading, one scan for the last digit and one dictionary lookup of the
word after it; the rest only for a sentence whose last number is followed by a time unit.
"""

from __future__ import annotations

from rftkit.rewards.numbers import clean_latex, scan
from rftkit.rewards.sentences import _last_digit, _later_clause

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "UNITS", "asks_for", "time_frame"]

FLAG: Final = "time_frame"
"""The flag of an answer read without the time frame that closed its sentence."""


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
_MAX_DETERMINERS = 3
_QUESTION_REACH = 400  # characters of the question's last sentence read


def _spans(s: str) -> list[tuple[int, str]]:
    """The words of ``s`` lower-cased, each with where it starts; an apostrophe splits a word
    (``d'ici`` is ``d`` and ``ici``)."""
    out: list[tuple[int, str]] = []
    start = -1
    for i, c in enumerate(s):
        if c.isalpha():
            if start == -1:
                start = i
        elif start != -1:
            out.append((start, s[start:i].lower()))
            start = -1
    if start != -1:
        out.append((start, s[start:].lower()))
    return out


def _words(s: str) -> list[str]:
    return [w for _, w in _spans(s)]


def _unit_after(s: str, k: int) -> str | None:
    """The time unit of the word right after the digit at ``k`` (a space or hyphen between),
    when nothing after that word holds a digit (the caller's ``k`` is the last digit)."""
    i = k + 1
    n = len(s)
    while i < n and s[i] in " -\u00a0":
        i += 1
    j = i
    while j < n and s[j].isalpha():
        j += 1
    if j == i:
        return None
    return UNITS.get(s[i:j].lower())


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
    text = prompt_text
    q = text.rfind("?")
    end = q if q != -1 else len(text)
    lo = end - _QUESTION_REACH if end > _QUESTION_REACH else 0
    start = max(text.rfind(". ", lo, end), text.rfind("\n", lo, end), text.rfind("? ", lo, end))
    words = _words(text[max(start, lo) : end])
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
) -> Extraction | None:
    """``found`` (the reading of ``sentence``), or the reading of the sentence without the time
    frame that closes it when the module's policy holds (see above)."""
    if found is None or found.rejected is not None or found.number is None:
        return found
    k = _last_digit(sentence)
    if k == -1:
        return found
    unit = _unit_after(sentence, k)
    if unit is None:  # the probe: most sentences end in no time unit
        return found
    return _framed(ex, rule, found, sentence, words, flags, prompt, unit)


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
    if prompt is not None:
        from rftkit.rewards.givens import prompt_text  # only for a sentence with a frame

        if asks_for(prompt_text(prompt), unit):
            return found  # the question asks for the frame: the frame is the answer
    head = s[:at].rstrip(" ,;:-") + "."
    read = ex._statement(rule, head, words, list(flags))
    if read is None:
        return found
    if read.rejected is not None:
        return read
    return tuple.__new__(type(read), (*read[:4], (*read.flags, FLAG), *read[5:]))
