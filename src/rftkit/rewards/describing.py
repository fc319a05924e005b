"""A relative clause that describes the final sentence's answer: its numbers are no answer.

Standard library only: this module ships inside every reward Lambda (no typing at run time,
its pattern compiled on first use).

A final sentence often states its answer, then describes it in a relative clause that holds
other numbers: ``She makes $18 per day, which is the money from 9 eggs.``, ``..., which comes
from selling 9 eggs.``, ``It takes 8 minutes, which is the time it takes to run 1 mile.``
Without an equation the sentence's last number is read (9, 1), and after an equation a later
clause is read as the one that states the answer (``= $18 per day, which is the amount from
9 eggs``: 9). :func:`described` reads such a sentence by its main clause instead (flag
:data:`FLAG`), and a clause that restates the answer as a product of its numbers
(``$18 per day, which is 9 eggs times $2``) as the explanation of it (flag ``explanation``,
as :mod:`.explanations` has it).

**Describing or stating.** The clause opens with ``which``, ``that`` or ``who`` at most four
words after a number of the main clause, with no clause break between (:func:`_attached`);
it is the sentence's last relative clause with a number, and runs to the end of the
sentence; its later numbers follow a preposition or ``and`` too. It *describes* when its
numbers sit inside a noun phrase or after a preposition, not right after its verb:

* a verb *to be* (``is``, ``'s``, ``would be``, ``has been``, ...) and a determiner:
  ``which is the money from 9 eggs``, ``that's the cost of 3 tickets``, ``which would be
  the price of 5 tickets``, ``which is what she earns from 9 eggs`` (``the``, ``what``,
  ``how``, ``her``, ``his``, ``their``, ``its``, ``our``, ``my``, ``your``), a word of the
  noun phrase before the number;
* at most five words, not opening with a verb that concludes (``leaves``, ``makes``,
  ``gives``, ``gets``, ``left``, ``total``, ...), then ``from``, ``for``, ``by``, ``on``,
  ``in`` or ``over``, then at most two articles, possessives or ``-ing`` words, then the
  number: ``which comes from selling 9 eggs``, ``which she makes by selling 9 eggs``,
  ``which is made by selling 9 eggs``, ``which is for 9 eggs``, ``who come from 3 schools``.

Everything else *states* a value and keeps its reading: a number right after the verb
(``which is $126 per week``, ``which equals 9``, ``which makes 36``, ``that's 36 eggs in
total``), after ``a``/``an`` (``which is a total of 36``, ``an increase of 6``), a value noun
and ``of`` (``the total of 36``, ``the sum of``, ``a rate of``, ``a profit of``), and any
clause with a word that concludes, hedges, compares or relates numbers (``which means he
needs 3 more``, ``so``, ``left`` outside a noun phrase, ``or``, ``about``, ``more``,
``than``, ``same``, ``equal``, ``times``, ``divided``, ...), a word of capacity (``enough for
3 days``, ``which pays for 3 tickets``, ``lasts``, ``can``: the later number may be what is
asked), an amount of money (``which she sells for $18``, ``for 18 dollars``: a price),
``dozen`` (the dozens policy decides), a sign (``=``, ``+``, ``*``, ``/``, ``%``,
``:``, a bracket, a minus by a number), two of its numbers joined by a hedge (``9 or 10
eggs``), or a later clause with a number (``..., which is the money from 9 eggs, so she
makes 126 a week``).

**The main clause is read as it would be alone** (its equations, hedges and restatements
as before; :func:`main_clause` gives it to the time-frame and given-numbers readings): a
hedge there stays a refusal (``18 or 20 dollars, which is the money from 9 eggs`` is several
answers, not 9). A main clause with no digit (``eighteen dollars, which ...``) or no number
read keeps the sentence's reading.

**A product that recomputes the answer.** A stating clause (``which is``, ``equals``,
``comes from``) whose two to four numbers, each at least 2, are joined by ``times``, ``x``,
``*`` or ``multiplied by`` and multiply to the main clause's answer explains it: ``$18 per
day, which is 9 eggs times $2`` is 18 (flag ``explanation``). Another product keeps the
sentence's reading.

Bounds: one substring probe (``wh``, ``that``: the caller's), then three searches from the
end for the last pronoun and one for an ``=`` after it (the common refusal); a clause over
240 characters or with more than four numbers is not read; every pattern is linear.
"""

from __future__ import annotations

import re

from rftkit.rewards.numbers import has_digit, scan
from rftkit.rewards.sentences import _later_clause, is_hedge

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "clause", "described", "main_clause"]

FLAG: Final = "description"
"""The flag of an answer read before a clause that describes it."""

_EXPLANATION = "explanation"  # explanations.FLAG (not imported: that module is not needed)
_MAX_CLAUSE = 240
_MAX_NUMBERS = 4
_OPENER: list[re.Pattern[str]] = []
_WORDS = str.maketrans({c: " " for c in ",.;!?\"'`$-_"})
_BE = frozenset({"is", "are", "was", "were"})
_BE2 = frozenset({"be", "been"})  # "would be", "will be", "has been", ...
_MODALS = frozenset({"would", "will", "has", "have", "had", "must", "should"})
_DETERMINERS = frozenset({"the", "what", "how", "her", "his", "their", "its", "our", "my", "your"})
_LINKS = frozenset({"from", "for", "by", "on", "in", "over"})
_MONEY = frozenset({"dollars", "dollar", "cents", "cent", "bucks", "euros", "euro", "pounds"})
_LINKS_AND = _LINKS | {"and"}  # between two numbers of a noun phrase ("5 pens and 3 cups")
_FILLERS = frozenset({"the", "a", "an", "her", "his", "their", "its", "our", "my", "your", "all"})
_FILLERS |= frozenset({"those", "these", "each", "every"})
# Words that make any clause state, conclude, hedge, compare or relate: it keeps its reading.
_NEVER = frozenset(
    {
        # hedges
        "or", "nor", "not", "either", "instead", "rather", "than", "about", "around",
        "approximately", "roughly", "nearly", "almost", "maybe", "perhaps", "between",
        "probably", "possibly", "likely", "estimated",
        # relating numbers
        "plus", "minus", "times", "divided", "divide", "divides", "dividing", "multiplied",
        "multiply", "multiplies", "equals", "equal", "equaling", "equivalent", "same", "x",
        "half", "twice", "double", "triple", "percent", "ratio", "sum", "difference",
        "product", "quotient", "average", "rate", "split", "splits", "shared",
        # concluding
        "so", "thus", "therefore", "hence", "means", "meaning", "mean", "answer", "final",
        "altogether", "overall", "combined", "rounds", "rounded", "round", "rounding",
        # comparing
        "more", "less", "fewer", "up", "down", "off", "increase", "increased", "decrease",
        "decreased", "higher", "lower", "extra", "additional", "another", "older", "younger",
        "longer", "shorter", "bigger", "smaller", "larger", "greater", "rose", "fell", "only",
        "exactly", "just", "least", "most", "short",
        # capacity: the later number may be what is asked
        "enough", "sufficient", "last", "lasts", "lasted", "buy", "buys", "afford", "pays",
        "pay", "covers", "cover", "can", "could", "feeds", "feed", "serves", "serve", "fills",
        "fill",
        # another helper's policy
        "dozen", "dozens",
    }
)  # fmt: skip
# Verbs that conclude when they open the clause ("which leaves her with 3", "which gives
# 36"); after a subject or inside a noun phrase they describe ("which she makes by selling 9
# eggs", "which is the amount left after 3 weeks").
_CONCLUDING = frozenset(
    {
        "left", "leaves", "leaving", "remain", "remains", "remaining", "total", "totals",
        "gives", "giving", "makes", "making", "get", "gets", "got",
    }
)  # fmt: skip
# A word right before a number that makes the number a stated value.
_BEFORE_VALUE = frozenset(
    {
        "is", "are", "was", "were", "be", "been", "makes", "make", "gives", "give", "get",
        "gets", "got", "leaves", "totals", "totaling", "becomes", "become", "to", "reaches",
        "reach", "of", "than", "at", "with", "another",
    }
)  # fmt: skip
# A noun whose "of N" is its value ("a total of 36", "the sum of 9"), not what it is of.
_VALUE_NOUNS = frozenset(
    {
        "total", "sum", "average", "rate", "increase", "decrease", "difference", "profit",
        "loss", "gain", "change", "balance", "remainder", "savings", "discount", "speed",
        "score", "surplus", "deficit", "maximum", "minimum", "value", "worth", "count",
        "equivalent", "result",
    }
)  # fmt: skip
_MULTIPLY = frozenset({"times", "x", "*", "\u00d7", "\u00b7", "multiplied"})
_PRODUCT_LEADS = frozenset(
    {
        ("is",), ("are",), ("was",), ("were",), ("equals",), ("would", "be"), ("comes", "from"),
        ("is", "from"),
    }
)  # fmt: skip
_BREAKS = (", ", "; ", " so ", " thus ", " therefore ", " which ", " making ")


def _opener() -> re.Pattern[str]:
    """A relative pronoun that opens a clause, after a space."""
    if not _OPENER:
        _OPENER.append(re.compile(r" (?:which|that|who)(?=[ '])"))
        # A sign, a bracket, a colon, "n't", a minus or dash by a number: not read.
        _OPENER.append(re.compile(r"[=+/^%:()\[\]{}<>~\\|#]|n't|[0-9] ?-|- ?\$?[0-9]| - "))
    return _OPENER[0]


def _signs() -> re.Pattern[str]:
    if not _OPENER:
        _opener()
    return _OPENER[1]


def _last_opener(sentence: str) -> tuple[int, int] | None:
    """``(start, end)`` of the last relative pronoun with a digit after it (``start`` at the
    comma or semicolon before it, if any), or None. Three searches from the end first."""
    # (Each search after an "in" test: on 3.11 a find's argument parsing costs two of them.)
    k = sentence.rfind(" which") if " which" in sentence else -1
    if " that" in sentence and (j := sentence.rfind(" that", k + 1)) != -1:
        k = j  # (only a later one counts: tests, no max() call)
    if " who" in sentence and (j := sentence.rfind(" who", k + 1)) != -1:
        k = j
    if k == -1 or "=" in sentence[k:]:
        return None  # (an equation after it: in every clause an earlier pronoun opens too)
    rx = _opener()
    m = rx.match(sentence, k)
    if m is None or not has_digit(sentence[m.end() :]):
        m = None  # " whole", or a clause with no number: an earlier one may hold the number
        for n in rx.finditer(sentence):
            if not has_digit(sentence[n.end() :]):
                break
            m = n
        if m is None:
            return None
    start = m.start()
    return (start - 1 if start and sentence[start - 1] in ",;" else start), m.end()


def _words(text: str) -> list[str]:
    return text.lower().translate(_WORDS).split()


def _value_of(before: list[str]) -> bool:
    """Do the words before a number make it a stated value (``is 9``, ``a total of 9``)?"""
    if not before:
        return True
    last = before[-1]
    if last == "of":
        return len(before) < 2 or before[-2] in _VALUE_NOUNS
    return last in _BEFORE_VALUE


def _linked(lead: list[str], links: frozenset[str] = _LINKS, least: int = 1) -> bool:
    """Do the words before a number end in a link (``... from selling``)? At least ``least``
    and at most five words, then a link, then at most two fillers or ``-ing`` words."""
    k = len(lead) - 1
    skipped = 0
    while k >= 0 and skipped < 2 and (lead[k] in _FILLERS or lead[k].endswith("ing")):
        if lead[k] in links:
            break
        k -= 1
        skipped += 1
    return least <= k <= 5 and lead[k] in links


def _money(text: str, gaps: list[list[str]], tail: list[str]) -> bool:
    """Does the clause hold an amount of money (``for $18``, ``for 18 dollars``)? A price is
    a value, which may be the answer (``9 eggs, which she sells for $18``)."""
    if "$" in text:
        return True
    return any(words and words[0] in _MONEY for words in (*gaps, tail))  # the word after


def _attached(head: str) -> bool:
    """Does ``head`` (the sentence before the clause) end in a number and at most four words
    of its noun phrase, with no clause break (``$18 per day``, not ``After 3 days, the
    money``): the clause is about that number's noun phrase."""
    k = len(head) - 1
    stop = max(-1, k - 60)
    while k > stop and not ("0" <= head[k] <= "9"):
        k -= 1
    if k == stop:
        return False
    after = head[k + 1 :].rstrip(",; ")
    return len(after.split()) <= 4 and _later_clause(after, 0) == -1


def _determined(lead: list[str]) -> bool:
    """Does the clause open with *to be* and a determiner, then a noun (``is the money``)?"""
    if not lead:
        return False
    j = 1 if lead[0] in _BE else 2 if lead[0] in _MODALS and lead[1:2] and lead[1] in _BE2 else 0
    return (
        0 < j < len(lead) and lead[j] in _DETERMINERS and (len(lead) > j + 1 or lead[j] == "what")
    )


def clause(sentence: str) -> tuple[int, Any] | None:
    """``(start, product)`` of the clause that closes ``sentence`` and describes its answer
    (``product`` None), or explains it as a product (``product`` its value); None when the
    sentence closes with no such clause (see the module's policy)."""
    span = _last_opener(sentence)
    if span is None:
        return None
    start, end = span
    text = sentence[end:].rstrip(" .!*_")
    if "=" in text or len(text) > _MAX_CLAUSE or not text.isascii():
        return None  # (an equation in the clause: the most common refusal, one search)
    if _signs().search(text) is not None:
        return None
    if not _attached(sentence[:start]):
        return None
    if text.startswith("'s "):
        text = " is" + text[2:]
    for b in _BREAKS:
        k = text.find(b)
        if k != -1 and has_digit(text[k:]):
            return None  # a later clause may state the answer
    tokens = scan(text, _MAX_NUMBERS + 1)
    if not tokens or len(tokens) > _MAX_NUMBERS:
        return None
    lead = _words(text[: tokens[0].start])
    gaps = [_words(text[tokens[i].end : tokens[i + 1].start]) for i in range(len(tokens) - 1)]
    tail = _words(text[tokens[-1].end :])
    values = []
    for t in tokens:
        if t.number is None or t.number.percent:
            return None
        values.append(t.number.value)
    words = {*lead, *(w for g in gaps for w in g), *tail}
    if _NEVER.isdisjoint(words) and "*" not in text and not _money(text, gaps, tail):
        if "total" in tail or "all" in tail:
            return None  # "from 9 eggs in total": the number is a total
        noun_phrase = _determined(lead)
        if not noun_phrase and (not _linked(lead) or lead[0] in _CONCLUDING):
            return None
        if _value_of(lead):
            return None  # "which is the total of 36", "that is 36"
        for i, gap in enumerate(gaps):
            if (
                _value_of(gap)
                or not _linked(gap, _LINKS_AND, 0)  # "... 9 eggs she sold made her 18"
                or is_hedge(text[tokens[i].end : tokens[i + 1].start])
            ):
                return None
        return start, None
    return _product(start, values, lead, gaps, tail)


def _product(
    start: int, values: list[Any], lead: list[str], gaps: list[list[str]], tail: list[str]
) -> tuple[int, Any] | None:
    """The product clause (``which is 9 eggs times $2``), or None."""
    if tuple(lead) not in _PRODUCT_LEADS or len(values) < 2:
        return None
    for gap in gaps:
        signs = [w for w in gap if w in _MULTIPLY]
        if len(signs) != 1 or not _NEVER.isdisjoint(w for w in gap if w not in _MULTIPLY):
            return None
    if not _NEVER.isdisjoint(tail) or not _CONCLUDING.isdisjoint(tail):
        return None
    product = 1
    for value in values:
        if -1 <= value <= 1:
            return None  # 0 or 1 is no factor
        product *= value
    return start, product


def described(  # noqa: PLR0917 - the reader's arguments, in its order
    ex: Extractor, rule: str, sentence: str, words: bool, flags: list[str], body: object
) -> Extraction | None:
    """The reading of ``sentence`` by its main clause when a clause closing it describes
    the answer (flag :data:`FLAG`) or recomputes it (flag ``explanation``); None when the
    sentence holds no such clause, or its main clause no number (then it reads as before).
    The caller probes first: a clause needs ``wh`` or ``that`` (:func:`clause` reads any
    sentence, so a call without the probe reads the same)."""
    cut = clause(sentence)
    if cut is None:
        return None
    k, product = cut
    read = ex._statement(rule, sentence[:k] + ".", words, list(flags), body)
    if read is None:
        return None
    if product is None:
        if read.rejected is not None:
            return read  # the main clause hedges: several answers, as it reads alone
        return _flagged(read, FLAG)
    number = read.number
    if read.rejected is None and number is not None and number.value == product:
        return _flagged(read, _EXPLANATION)
    return None


def main_clause(found: Extraction, sentence: str) -> str:
    """``sentence`` without the clause that describes its answer when ``found`` (its reading)
    was read before one (flag :data:`FLAG`), for the readings that look at the numbers
    around the answer (:mod:`.time_frames`, :mod:`.givens`); else ``sentence``."""
    if FLAG not in found.flags:
        return sentence
    cut = clause(sentence)
    return sentence if cut is None else sentence[: cut[0]] + "."


def _flagged(found: Extraction, flag: str) -> Extraction:
    return tuple.__new__(type(found), (*found[:4], (*found.flags, flag), *found[5:]))
