"""A remark that compares the answer with another quantity: its numbers are no answer.

Standard library only: this module ships inside every reward Lambda (no typing at run time,
its patterns compiled on first use).

A chatty final sentence states its answer, then places it against another quantity: ``He
reads 18 pages, which is above the goal of 15.``, ``So she makes $18, well above the $15 she
needs.``, ``So it takes 18 minutes, under the 20 minute limit.``, ``He reads 18 pages, 3
pages above his goal.``. The final-sentence rule reads a sentence's last number, so such a
reply was read as the quantity it is compared with (15, 20, 3). :func:`compared` reads the
sentence by the text before the remark instead (flag :data:`FLAG`), and :func:`compared_span`
cuts the remark off an ``answer is`` / ``A:`` text (``The answer is 18, which exceeds 15.``).

**The remark** (:func:`remark_start`) follows a number of the sentence, at most four words of
its noun phrase after it with no clause break between (``18 pages in total, up from 12``),
through a comma, a dash (``-``, ``--``, ``\u2013``, ``\u2014``) or ``which`` (``18 pages which
is above ...``), or with no mark before ``compared to/with`` and ``out of a possible``. It
opens, maybe after ``which``, ``that``, ``this`` or ``it`` and a verb *to be* (``which is``,
``that's``, ``which was``), and at most two adverbs (``well``, ``far``, ``just``, ``still``,
``only``, ``about``, ...), with a *comparison head*:

* a preposition or comparative: ``above``, ``below``, ``over``, ``under``, ``beyond``,
  ``within``, ``behind``, ``ahead of``, ``short of``, ``shy of``, ``more``/``less``/
  ``fewer``/``greater``/``higher``/``lower``/... ``than``, ``exceeding`` (``exceeds``,
  ...), ``beating``, ``surpassing``, ``topping``, ``missing``, ``trailing``, ``compared
  to/with``, ``in comparison to``, ``versus``, ``vs``, ``as opposed to``, ``against``,
  ``relative to``, ``up from``, ``down from``, ``up 6 from``, ``an increase from`` (``a
  drop``, ``a rise``, ... then ``from``, ``over``, ``on``);
* a multiple of a quantity named after it: ``double``, ``twice``, ``triple``, ``half``
  (then ``the``, ``what``, a possessive, ``that`` or ``last``), ``3 times the``;
* a number and its unit, then a comparison: ``3 pages above``, ``$2 short of``, ``2 points
  behind``, ``4 more than``, ``20% more than``, ``60% of``, ``$3 over budget``;
* a rank: ``the highest``, ``the lowest``, ``the most``, ``the least``, ``the second
  best``, ... (a superlative after ``the``), ``ranking``, ``ranked``, ``placing``,
  ``putting``; ``out of a possible`` (``out of a maximum``);
* ``enough to`` / ``enough for`` when the remark's first number names a quantity with a
  determiner (``enough to buy the $15 book``, ``enough for her $20 goal``): a bare count
  (``enough for 3 days``) may be what the question asks, and keeps its reading.

**What a remark may not hold** (then the sentence keeps its reading): a word that hedges
(``or``, ``nor``, ``either``, ``maybe``, ``perhaps``, ``possibly``, ``probably``), rejects
(``not``, ``n't``, ``instead``, ``rather``: :mod:`.relations`), concludes or states a result
(``so``, ``thus``, ``therefore``, ``hence``, ``total``, ``altogether``, ``leaving``,
``left``, ``bringing``, ``making``, ``giving``, ``means``, ``answer``, ``equals``,
``remaining``, ``plus``, ``minus``, ...) or ``dozen`` (:mod:`.dozens`); a sign (``=``,
``+``, ``*``, ``\u00d7``, ``\u00f7``, ``^``, ``;``); a number after a verb *to be*, a
subject pronoun or ``has``/``had``/``gets``/... (``over 3 days that is $15``, ``up from 12,
and she reads 20``), after ``for`` (``for 40``) or ``and`` (``and 40``); a later
comma-separated part with a number that is not a comparison of its own (``up from 12, an
increase of 6``); more than four numbers or 200 characters; a number equal to the answer's.

**The text before the remark is read as a sentence of its own** by the whole sentence reader
(its equation, hedges, restatements, rejections): a hedge there stays a refusal (``18 or 20
pages, above his goal of 15`` is several answers), and a bound stays a bound (``more than 18
pages, above his goal of 15``: the caller's bound check reads the whole sentence). A remark
is never read: the policy only ever exchanges the remark's number for the number it remarks
on, never pays a value the reply did not state before a comparison head.

Bounds: a few substring probes (``, ``, `` which ``, `` - ``, `` compared ``, `` out of a
possible``, and the wide dashes in a non-ASCII sentence), then one linear separator search
and, at each separator with a digit on both sides, one anchored match; at most eight
separators are tried.
"""

from __future__ import annotations

import re

from rftkit.rewards.numbers import has_digit, numbers_equal, scan
from rftkit.rewards.sentences import _later_clause

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "compared", "compared_span", "remark_start"]

FLAG: Final = "comparison"
"""The flag of an answer read before a remark that compares it with another quantity."""

_MAX_REMARK = 200
_MAX_NUMBERS = 4
_MAX_SEPARATORS = 8
_RX: list[re.Pattern[str]] = []
_WORDS = str.maketrans({c: " " for c in ",.;:!?\"`$()[]{}-\u2013\u2014"} | {"\u2019": "'"})
# Words that make a remark hedge, reject, conclude or state a result: it is no remark.
_NEVER = frozenset(
    {
        "or", "nor", "either", "maybe", "perhaps", "possibly", "probably",
        "not", "instead", "rather",
        "so", "thus", "therefore", "hence", "total", "totals", "totaling", "totalling",
        "altogether", "leaving", "leaves", "leave", "left", "bringing", "brings", "brought",
        "making", "makes", "giving", "gives", "means", "meaning", "answer", "equals", "equal",
        "equaling", "equalling", "equivalent", "remaining", "remains", "remain", "plus",
        "minus", "divided", "multiplied", "x", "net", "dozen", "dozens", "same",
    }
)  # fmt: skip
# Words after which a number is stated, not compared with ("that is $15", "she reads 20").
_STATING = frozenset(
    {
        "is", "are", "was", "were", "be", "been", "being", "he", "she", "they", "we", "i",
        "you", "it", "there", "has", "have", "had", "gets", "get", "got", "earns", "earned",
        "needs", "need", "will", "would", "can", "could", "should", "must", "now", "then",
        "and", "for", "becomes", "reaches", "reached", "comes", "came", "costs", "cost",
        "it's", "that's", "he's", "she's", "there's", "what's", "they're", "we're", "i'm",
    }
)  # fmt: skip
_SIGNS = ("=", "+", "*", "^", ";", "\u00d7", "\u00f7", "n't", "n\u2019t")
_DETERMINERS = frozenset(
    {"the", "a", "an", "her", "his", "their", "its", "our", "my", "your", "this", "that"}
)


def _patterns() -> list[re.Pattern[str]]:
    """The separator search and the anchored comparison head (compiled on first use)."""
    if not _RX:
        num = r"(?:[$\u20ac\u00a3] ?)?[0-9][0-9,]*+(?:\.[0-9]++)?(?: ?%| percent)?"
        # At most three words of a unit between a number and its comparison ("3 pages").
        unit = (
            r"(?: (?!(?:is|are|was|were|and|or|so|but|which|that|he|she|they|it)(?![a-z]))"
            r"[a-z'\u2019-]++){0,3}?"
        )
        comparative = (
            r"(?:more|less|fewer|greater|higher|lower|larger|bigger|smaller|longer|shorter"
            r"|older|younger|cheaper|faster|slower|heavier|lighter|taller|farther|further"
            r"|better|worse|earlier|later) than"
        )
        multiple = r"(?: of)?(?= (?:the|what|his|her|their|its|our|my|your|that|last) )"
        superlative = (
            r"highest|lowest|most|least|best|worst|largest|smallest|biggest|fewest|longest"
            r"|shortest|fastest|slowest|greatest|tallest|oldest|youngest|cheapest|top"
        )
        change = r"increase|decrease|rise|drop|jump|improvement|gain|reduction|climb|dip|fall"
        owner = r"(?:his|her|their|its|our|my|your|par|budget|goal|target|limit|quota|what)"
        heads = (
            r"above|below|beyond|within|behind|ahead of|short of|shy of|over|under"
            r"|" + comparative + r"|exceed(?:s|ed|ing)?|beat(?:s|ing)?|surpass(?:es|ed|ing)?"
            r"|top(?:s|ped|ping)|miss(?:es|ed|ing)|trail(?:s|ed|ing)?|outpac(?:es|ed|ing)"
            r"|compared (?:to|with|against)|in comparison (?:to|with)|versus|vs\.?"
            r"|as opposed to|against|relative to|(?:up|down) (?:from|on)"
            r"|(?:up|down) " + num + unit + r" (?:from|on)"
            r"|an? (?:" + num + r" )?(?:" + change + r") (?:from|over|on|compared)"
            r"|(?:double|twice|triple|thrice|quadruple|half)" + multiple + ""
            r"|the (?:[a-z0-9]++ )?(?:" + superlative + r")"
            r"|rank(?:s|ed|ing)?|plac(?:es|ed|ing)|put(?:s|ting)?"
            r"|out of a (?:possible|maximum|max)|(enough) (?:to|for)"
            r"|" + num + r" times" + multiple + ""
            r"|" + num + r"(?<=%|t) (?:of|more|less|above|below|higher|lower|over|under)"
            r"|" + num + unit + r" (?:above|below|beyond|behind|ahead of|short of|shy of"
            r"|" + comparative + r"|(?:over|under) " + owner + r")"
        )
        lead = (
            r"(?:(?:which|that|this|it)(?:['\u2019]s| is| was| are| were| would be| will be)? )?"
            r"(?:(?:well|far|much|way|just|still|slightly|easily|comfortably|considerably"
            r"|significantly|substantially|almost|nearly|exactly|about|roughly|approximately"
            r"|only|even|a bit|a little|a lot|a full) ){0,2}"
        )
        _RX.append(
            re.compile(
                r", | (?=which )| -{1,2} | ?[\u2013\u2014] ?| (?=compared |out of a possible )"
            )
        )
        _RX.append(re.compile(lead + r"(?:" + heads + r")(?![a-z])", re.IGNORECASE))
        _RX.append(re.compile(r"[0-9]"))
    return _RX


def _probe(text: str) -> bool:
    """May ``text`` hold a remark's separator? A few substring tests."""
    return (
        ", " in text
        or " which " in text
        or " - " in text
        or " compared " in text
        or " out of a possible" in text
        or (not text.isascii() and ("\u2014" in text or "\u2013" in text))
    )


def _attached(head: str) -> bool:
    """Does ``head`` end in a number and at most four words of its noun phrase, with no
    clause break (``18 pages in total``; not ``After 3 days, the money``)?"""
    k = len(head) - 1
    stop = k - 60 if k > 60 else -1
    while k > stop and not ("0" <= head[k] <= "9"):
        k -= 1
    if k == stop:
        return False
    after = head[k + 1 :]
    return len(after.split()) <= 4 and _later_clause(after, 0) == -1


def _remark_ok(text: str, start: int, rest: int, enough: bool) -> bool:
    """Is ``text[start:]`` (its head ending at ``rest``) a remark (see the module)?"""
    remark = text[start:].rstrip(" \t.!*_")
    if len(remark) > _MAX_REMARK:
        return False
    for sign in _SIGNS:
        if sign in remark:
            return False
    tail = text[rest:].rstrip(" \t.!*_")
    words = tail.lower().translate(_WORDS).split()
    if not _NEVER.isdisjoint(words) or not _NEVER.isdisjoint(
        text[start:rest].lower().translate(_WORDS).split()
    ):
        return False
    tokens = scan(remark, _MAX_NUMBERS + 1)
    if not tokens or len(tokens) > _MAX_NUMBERS:
        return False
    if enough:  # "enough to buy the $15 book": a quantity named, not a count
        before = remark[: tokens[0].start].lower().translate(_WORDS).split()
        if not before or before[-1] not in _DETERMINERS:
            return False
    # A number after a stating word, in the text after the head ("that is $15").
    if tokens[-1].start > rest - start and not _STATING.isdisjoint(
        tail[: tokens[-1].start - (rest - start)].lower().translate(_WORDS).split()
    ):
        return False
    # Each later part with a number is a comparison of its own ("..., up from 12 last week").
    rx = _RX[1]
    k = tail.find(", ")
    while k != -1:
        j = tail.find(", ", k + 2)
        part = tail[k + 2 : j if j != -1 else len(tail)]
        if _RX[2].search(part) is not None:
            m = rx.match(part)
            if m is None or m.group(1) is not None:
                return False
        k = j
    return True


def remark_start(text: str) -> int:
    """Where a remark that compares the number before it with another quantity starts in
    ``text`` (at its separator), or -1 (see the module's policy).

    Example:
        >>> s = "He reads 18 pages, which is above the goal of 15."
        >>> s[: remark_start(s)]
        'He reads 18 pages'
        >>> remark_start("He reads 18 pages, so he needs 20 more.")
        -1
    """
    if not _probe(text):
        return -1
    rx = _RX or _patterns()
    digit = rx[2]
    first = digit.search(text)
    if first is None:
        return -1
    tried = 0
    for m in rx[0].finditer(text, first.end()):
        if tried >= _MAX_SEPARATORS:
            break
        tried += 1
        if digit.search(text, m.end()) is None:
            break  # no number after it: nor after a later one
        if not _attached(text[: m.start()]):
            continue
        h = rx[1].match(text, m.end())
        if h is None:
            continue
        if _remark_ok(text, m.end(), h.end(), h.group(1) is not None):
            return m.start()
    return -1


def compared_span(span: str) -> str:
    """An answer statement's text without the remark that compares its answer (``18, which
    exceeds 15`` is ``18``); ``span`` itself when it holds none."""
    k = remark_start(span)
    return span if k == -1 else span[:k]


def compared(  # noqa: PLR0917 - the reader's arguments, in its order
    ex: Extractor, rule: str, sentence: str, words: bool, flags: list[str], body: object
) -> Extraction | None:
    """The reading of ``sentence`` by the text before a remark that compares its answer
    with another quantity (flag :data:`FLAG`); None when it holds no such remark, or the
    text before it no number read (then the sentence reads as before). A text before it
    that is refused (a hedge) is that refusal."""
    k = remark_start(sentence)
    if k == -1:
        return None
    read = ex._statement(rule, sentence[:k] + ".", words, list(flags), body)
    if read is None:
        return None
    if read.rejected is not None:
        return read  # "18 or 20 pages, above his goal of 15": several answers, as alone
    number = read.number
    if number is None or not has_digit(sentence[:k]):
        return None
    for tok in scan(sentence[k:], _MAX_NUMBERS + 1):
        if tok.number is not None and numbers_equal(tok.number, number):
            return None  # the remark holds the answer's value: read as before
    return tuple.__new__(type(read), (*read[:4], (*read.flags, FLAG), *read[5:]))
