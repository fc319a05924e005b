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

**The remark** (:func:`remark_start`) follows a number of the sentence (or, before a comma or
dash, a count in words: ``eighteen pages, above ...``), at most four words of its noun phrase
after it with no clause break between (``18 pages in total, up from 12``), after a comma, an
em dash (``\u2014``) or a spaced hyphen before a word (an en dash, which the reader makes a
hyphen: ``18 pages - above ...``; ``18 - 3`` is a difference), and runs to the end of the
sentence. The openers after a separator are looked for as written, capitalized and in
capitals, and the head is matched in lower case. It opens with

* maybe ``which``, ``that``, ``this`` or ``it`` and a verb *to be* (``which is``, ``that's``,
  ``which was``, ``which would be``) or a head verb (``which exceeds``, ``which puts``),
  and at most two adverbs (``well``, ``far``, ``much``, ``just``, ``still``, ``only``,
  ``about``, ``nearly``, ``a bit``, ...);
* then a *comparison head*, in lower case:

  - a preposition or comparative: ``above``, ``below``, ``over``, ``under``, ``beyond``,
    ``within``, ``behind``, ``ahead of``, ``short of``, ``shy of``, ``more``, ``less``,
    ``fewer``, ``greater``, ``higher``, ``lower``, ... ``than`` (25 comparatives),
    ``exceeding`` (``exceeds``, ...), ``beating``, ``surpassing``, ``topping``,
    ``missing``, ``trailing``, ``outpacing``, ``compared to/with/against``, ``in
    comparison to/with``, ``versus``, ``vs``, ``as opposed to``, ``against``, ``relative
    to``, ``up from``, ``down from``, ``up 6 from``, ``a 20% increase over`` (``an
    increase``, ``a drop``, ``a rise``, ... then ``from``, ``over``, ``on``, ``compared``);
  - a multiple of a quantity named after it: ``double``, ``twice``, ``triple``,
    ``thrice``, ``quadruple``, ``half`` (then ``the``, ``what``, a possessive, ``that`` or
    ``last``), ``3 times the``;
  - a number, at most three words of its unit, and a comparison: ``3 pages above``, ``$2
    short of``, ``2 points behind``, ``4 more than``, ``20% more than``, ``60% of``, ``$3
    over budget`` (``over``/``under`` then a possessive, ``par``, ``budget``, ``goal``,
    ``target``, ``limit``, ``quota`` or ``what``);
  - a rank: ``the highest``, ``the lowest``, ``the most``, ``the least``, ``the best``, ...
    (a superlative, maybe after ``second``, ``third``, ``2nd``, ...), ``ranking``,
    ``ranked``, ``placing``, ``putting``;
  - the whole of a part: ``out of a possible`` (``a maximum``, ``a total of``), and ``out
    of`` or ``out of the`` before a number when that number counts the same thing or one of
    the two has no unit (``18 out of 20``, ``15 liters out of the 24 liters``; not ``1 tower
    out of 18 blocks``: :func:`_whole`);
  - ``enough to`` / ``enough for`` when the remark's first number follows a determiner
    (``enough to buy the $15 book``, ``enough for her $20 goal``): a bare count (``enough
    for 3 days``) may be what the question asks, and keeps its reading.

**With no separator** (``18 pages which is above the goal of 15``) the remark follows the
number and its words after a space and opens, maybe after hedge words and adverbs, with
``which`` and a verb *to be* or a head verb then any head; ``compared to/with/against``,
``in comparison to/with``; ``out of``; or ``under`` before a possessive, a standard
(``budget``, ``limit``, ``goal``, ...) or ``the`` and at most three words and a standard
(``under the 20-minute limit``; not ``under 5``). Those are the heads the no-comma probe
looks for (:data:`_BARE_PROBES`, a substring test each on every sentence); the others need
a separator. A hedge word between the number and such a head heads the remark (``18 pages
possibly under the 20-page limit``: several answers).

**What a remark may not hold** (then the sentence keeps its reading): a word that hedges
(``or``, ``nor``, ``either``, ``maybe``, ``perhaps``, ``possibly``, ``probably``), rejects
(``not``, ``n't``, ``instead``, ``rather``: :mod:`.relations`), concludes or states a result
(``so``, ``thus``, ``therefore``, ``hence``, ``total``, ``altogether``, ``leaving``,
``left``, ``bringing``, ``making``, ``giving``, ``means``, ``answer``, ``equals``,
``remaining``, ``plus``, ``minus``, ...) or ``dozen`` (:mod:`.dozens`); a sign (``=``,
``+``, ``*``, ``\u00d7``, ``\u00f7``, ``^``, ``;``); a number after a verb *to be*, a
subject pronoun, ``has``/``had``/``gets``/..., ``for`` or ``and`` (``..., above 15, and she
reads 20``); a later comma-separated part with a number that is not a comparison of its own
(``up from 12, an increase of 6``); more than four numbers or 200 characters; a number equal
to the answer's.

**The text before the remark is read as a sentence of its own** by the whole sentence reader
(its equation, hedges, restatements, rejections): a hedge there stays a refusal (``18 or 20
pages, above his goal of 15`` is several answers; before, 15 was paid), and a bound stays a
bound (``more than $18, above her goal of $15``: the caller's bound check reads the whole
sentence). A remark is never read: the policy only exchanges the remark's number for the
number it remarks on.

Bounds and cost: one case-sensitive search per sentence with a comma for a comma followed by
what may open a remark (a literal search in C; an em dash only in a text that is not ASCII),
one for a spaced hyphen in a sentence that holds one, and four substring tests for the
no-comma heads; then, at each separator found (at most eight), one anchored match of the
head; every pattern is linear.
"""

from __future__ import annotations

import re

from rftkit.rewards.extraction import _several
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import numbers_equal, scan
from rftkit.rewards.sentences import _later_clause

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "compared", "compared_span", "remark_start"]

FLAG: Final = "comparison"
"""The flag of an answer read before a remark that compares it with another quantity."""

_MAX_REMARK = 200
_MAX_NUMBERS = 4
_MAX_SEPARATORS = 8
_RX: list[re.Pattern[str]] = []
_WORDS = str.maketrans({c: " " for c in ',.;:!?"`$()[]{}-\u2013\u2014'} | {"\u2019": "'"})

# -- the words of a remark's opening ---------------------------------------------------------

_COMPARATIVES = (
    "more", "less", "fewer", "greater", "higher", "lower", "larger", "bigger", "smaller",
    "longer", "shorter", "older", "younger", "cheaper", "faster", "slower", "heavier",
    "lighter", "taller", "farther", "further", "better", "worse", "earlier", "later",
)  # fmt: skip
_SUPERLATIVES = (
    "highest", "lowest", "most", "least", "best", "worst", "largest", "smallest", "biggest",
    "fewest", "longest", "shortest", "fastest", "slowest", "greatest", "tallest", "oldest",
    "youngest", "cheapest", "top",
)  # fmt: skip
_ORDINALS = ("second", "third", "fourth", "fifth", "2nd", "3rd", "4th", "5th")
_CHANGES = (
    "increase", "decrease", "rise", "drop", "jump", "improvement", "gain", "reduction",
    "climb", "dip", "fall",
)  # fmt: skip
_ADVERBS = (
    "well", "far", "much", "way", "just", "still", "slightly", "easily", "comfortably",
    "considerably", "significantly", "substantially", "almost", "nearly", "exactly", "about",
    "roughly", "approximately", "only", "even", "a bit", "a little", "a lot", "a full",
)  # fmt: skip
_PRONOUNS = ("which", "that", "this", "it")
_BE = ("'s", "\u2019s", " is", " was", " are", " were", " would be", " will be")
# Verbs that are a head of their own ("which exceeds 15", "beating his goal of 15").
_VERBS = (
    "exceed", "exceeds", "exceeded", "exceeding", "beat", "beats", "beating", "surpass",
    "surpasses", "surpassed", "surpassing", "tops", "topped", "topping", "miss", "misses",
    "missed", "missing", "trail", "trails", "trailed", "trailing", "outpaces", "outpaced",
    "outpacing", "rank", "ranks", "ranked", "ranking", "places", "placed", "placing", "put",
    "puts", "putting",
)  # fmt: skip
# The other words a head opens with.
_HEAD_WORDS = (
    "above", "below", "beyond", "within", "behind", "ahead of", "short of", "shy of", "over",
    "under", "compared", "in comparison", "versus", "vs", "as opposed", "against",
    "relative to", "up", "down", "double", "twice", "triple", "thrice", "quadruple", "half",
    "out of", "enough",
)  # fmt: skip
# The heads a remark may open with when no comma or dash separates it from the answer ("18
# pages which is above ...", "18 minutes under the 20-minute limit", "18 out of 20"), and
# the texts the no-comma probe looks for (one substring test each: a head holds one).
_BARE_HEADS = ("which", "compared", "in comparison", "out of", "under")
_BARE_PROBES = ("which ", "compar", "out of", "under ")  # (each test ~0.3% of a reply)
# What a head without a comma compares with ("under the 20-minute limit", "over budget").
_STANDARDS = (
    "limit", "goal", "budget", "target", "quota", "par", "mark", "average", "minimum",
    "maximum", "requirement", "record", "threshold", "estimate", "allowance", "cap",
    "benchmark", "norm",
)  # fmt: skip
# Words that follow a comma most often (in this order) and open no remark: the comma's probe
# gives up on them at once. None is an opener nor starts one (a test holds this).
_NOT_OPENING = (
    "so", "she", "there", "he", "then", "they", "we", "and", "each", "for", "his", "her",
    "you", "all", "after", "when",
)  # fmt: skip
# Words of a count's unit that say how it was counted ("18 right out of 20"): no unit.
_STATUS = frozenset(
    {"right", "correct", "correctly", "wrong", "incorrect", "incorrectly", "in", "all", "total"}
)
# Words that offer another value: before a head, a hedged remark ("18, or above 20", "18,
# possibly more than 20": several answers); in the text before a remark with two numbers,
# a hedge ("18 pages, or perhaps 20, above ...": several answers).
_HEDGES = ("or", "maybe", "perhaps", "possibly", "probably", "either", "nor")
# Words after a number that make it open a remark ("3 pages above", "20% of", "3 times").
_NUMBER_WORDS = (
    "above", "below", "beyond", "behind", "ahead", "short", "shy", "over", "under", "times",
    "of", *_COMPARATIVES,
)  # fmt: skip


def _openers() -> tuple[str, ...]:
    """Every text a remark may open with, but a number (the probe's words)."""
    leads = [p + b for p in _PRONOUNS for b in _BE if b[0] != "'" or p in ("that", "it")]
    leads += [p + " " + v for p in _PRONOUNS for v in _VERBS]
    ranks = ["the " + o + s for o in ("", *(o + " " for o in _ORDINALS)) for s in _SUPERLATIVES]
    changes = [a + " " + c for a in ("a", "an") for c in _CHANGES]
    changes += [a + " " + d for a in ("a", "an") for d in "0123456789"]  # "a 20% increase"
    heads = [c + " than" for c in _COMPARATIVES]
    # (and a hedge word: "18, or above the goal of 20" offers two values)
    return (*leads, *_ADVERBS, *_VERBS, *_HEAD_WORDS, *heads, *ranks, *changes, *_HEDGES)


def _cased(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` as written, capitalized and in capitals (``above``, ``Above``, ``ABOVE``):
    the probe is case-sensitive (a literal search), the heads are matched in lower case."""
    return (*words, *(w[:1].upper() + w[1:] for w in words), *(w.upper() for w in words))


def _bare(text: str) -> bool:
    """The no-comma probe: does ``text`` hold what a head without a comma holds (one
    substring test each, :data:`_BARE_PROBES`)?"""
    return "which " in text or "compar" in text or "out of" in text or "under " in text


def _trie(words: tuple[str, ...]) -> str:
    """An alternation of ``words`` as a trie (``a(?:bove|head)``): the regular-expression
    engine tries one branch per character instead of every word in turn."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(tree)


def _patterns() -> list[re.Pattern[str]]:
    """[the anchored head, a digit, the probe (a comma and an opener), an opener, hedge
    words opening a remark, a hedge word and a number] (compiled on first use)."""
    if not _RX:
        num = r"(?:[$\u20ac\u00a3] ?)?[0-9][0-9,]*+(?:\.[0-9]++)?(?: ?%| percent)?"
        # At most three words of a unit between a number and its comparison ("3 pages").
        unit = (
            r"(?: (?!(?:is|are|was|were|and|or|so|but|which|that|he|she|they|it)(?![a-z]))"
            r"[a-z'\u2019-]++){0,3}?"
        )
        comparative = r"(?:" + "|".join(_COMPARATIVES) + r") than"
        multiple = r"(?: of)?(?= (?:the|what|his|her|their|its|our|my|your|that|last) )"
        superlative = "|".join(_SUPERLATIVES)
        change = "|".join(_CHANGES)
        owner = r"(?:his|her|their|its|our|my|your|par|budget|goal|target|limit|quota|what)"
        heads = (
            r"above|below|beyond|within|behind|ahead of|short of|shy of|over|under"
            r"|" + comparative + r"|exceed(?:s|ed|ing)?|beat(?:s|ing)?|surpass(?:es|ed|ing)?"
            r"|top(?:s|ped|ping)|miss(?:es|ed|ing)?|trail(?:s|ed|ing)?|outpac(?:es|ed|ing)"
            r"|compared (?:to|with|against)|in comparison (?:to|with)|versus|vs\.?"
            r"|as opposed to|against|relative to|(?:up|down) (?:from|on)"
            r"|(?:up|down) " + num + unit + r" (?:from|on)"
            r"|an? (?:" + num + r" )?(?:" + change + r") (?:from|over|on|compared)"
            r"|(?:double|twice|triple|thrice|quadruple|half)" + multiple + ""
            r"|the (?:(?:" + "|".join(_ORDINALS) + r") )?(?:" + superlative + r")"
            r"|rank(?:s|ed|ing)?|plac(?:es|ed|ing)|put(?:s|ting)?"
            r"|out of a (?:possible|maximum|max|total)(?: of)?"
            r"|out of(?: the)?(?= (?:[$\u20ac\u00a3] ?)?[0-9])|enough (?:to|for)"
            r"|" + num + r" times" + multiple + ""
            r"|" + num + r"(?<=%|t) (?:of|more|less|above|below|higher|lower|over|under)"
            r"|" + num + unit + r" (?:above|below|beyond|behind|ahead of|short of|shy of"
            r"|" + comparative + r"|(?:over|under) " + owner + r")"
        )
        lead = (
            r"(?:(?:that|it)['\u2019]s |(?:which|that|this|it) (?:is|was|are|were|would be"
            r"|will be) |(?:which|that|this|it) (?=(?:" + "|".join(_VERBS) + r")(?![a-z])))?"
            r"(?:(?:" + "|".join(_ADVERBS) + r") ){0,2}"
        )
        _RX.append(re.compile(lead + r"(?:" + heads + r")(?![a-z])"))
        _RX.append(re.compile(r"[0-9]"))
        # A head with no comma before it: after "which"/"that" and a verb, any head;
        # else a head that only compares (a preposition then what it compares with).
        possessive = r"his|her|their|its|our|my|your|[a-z]+['\u2019]s"
        standard = r"(?:" + "|".join(_STANDARDS) + r")"
        bare = (
            r"compared (?:to|with|against)|in comparison (?:to|with)"
            r"|out of a (?:possible|maximum|max|total)(?: of)?"
            r"|out of(?: the)?(?= (?:[$\u20ac\u00a3] ?)?[0-9])"
            r"|under(?= (?:" + possessive + r") | " + standard + r"(?![a-z])"
            r"| the (?:(?:[^ ,.;]|[,.](?=[0-9]))++ ){0,3}?" + standard + r"(?![a-z]))"
        )
        bare_lead = (
            r"which (?:(?:is|was|are|were|would be|will be) "
            r"|(?=(?:" + "|".join(_VERBS) + r")(?![a-z])))"
        )
        adverbs = r"(?:(?:" + "|".join(_ADVERBS) + r") ){0,2}"
        # What a remark may open with: a number and a comparison word among the next
        # words, or one of the openers. A necessary condition for the head, searched as ", "
        # and a trie (a literal search in C, then one branch per character): the probe
        # every sentence pays.
        words = r"(?: [A-Za-z'\u2019-]++){0,3}? "
        number = r"(?:[$\u20ac\u00a3] ?)?[0-9][0-9,.]*+(?: ?%| percent)?" + words
        number += r"(?:" + _trie(_cased(_NUMBER_WORDS)) + r")"
        heads = _trie(_cased(_openers()))
        opener = r"(?:" + number + r"|" + heads + r")(?![a-z])"
        # The probe's comma: the words that follow most commas and open no remark (", so
        # the total", ", then") fail at once, and only what starts like a number is read as
        # one; the same matches (tests/unit/test_statement_checks_parity.py).
        skip = r"(?!(?:" + "|".join(_NOT_OPENING) + r") )"
        _RX.append(
            re.compile(
                r", " + skip + r"(?:(?=[$\u20ac\u00a30-9])" + number + "|" + heads + r")(?![a-z])"
            )
        )
        _RX.append(re.compile(opener))
        hedge = "|".join(_HEDGES)
        _RX.append(re.compile(r"(?:(?:" + hedge + r"),? ){1,2}"))
        _RX.append(re.compile(r"(?<![a-z])(?:" + hedge + r")(?![a-z])[^0-9]{0,40}[0-9]"))
        # A no-comma remark: a number's last digit and at most four words before it, maybe
        # hedge words and adverbs, and a head (in lower case: no capitals without a comma).
        before = r"[0-9](?![0-9])(?: ?%| percent)?[a-z'\u2019-]*+\)?(?: [a-z'\u2019-]++){0,4}"
        bare_opener = r"(?:(?:" + hedge + r"),? ){0,2}(?:" + _trie((*_BARE_HEADS, *_ADVERBS))
        bare_opener += r")(?![a-z])"
        bare_heads = bare_lead + adverbs + r"(?:" + heads + r")|" + adverbs + r"(?:" + bare + r")"
        _RX.append(re.compile(r"(?:" + bare_heads + r")(?![a-z])"))
        # Each space before a head's first words; what must end before it (a number and at
        # most four words, as the probe has it).
        _RX.append(re.compile(r" (?=" + bare_opener + r")"))
        _RX.append(re.compile(before + r"\Z"))
        # The hyphen's probe: a letter after it (_candidates), so no number: the heads.
        _RX.append(re.compile(r" - (?:" + heads + r")(?![a-z])"))
    return _RX


# -- what a remark may hold ------------------------------------------------------------------

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


def _attached(head: str, words: bool = True) -> int:
    """Where the number ends that ``head`` ends with, and at most four words of its noun
    phrase, with no clause break (``18 pages in total``; not ``After 3 days, the money``), or
    -1. With ``words`` a count in words is such a number too (``eighteen pages``; not
    ``one``, a pronoun as often as a count)."""
    k = len(head) - 1
    stop = k - 60 if k > 60 else -1
    while k > stop and not ("0" <= head[k] <= "9"):
        k -= 1
    if k == stop:
        if not words:
            return -1
        tokens = number_words(head[stop + 1 :])
        if not tokens or head[stop + 1 + tokens[-1].start :].lower().startswith("one"):
            return -1
        k = stop + tokens[-1].end
    after = head[k + 1 :]
    return k + 1 if len(after.split()) <= 4 and _later_clause(after, 0) == -1 else -1


def _whole(head: str, end: int, tail: str) -> bool:
    """Is the count after ``out of`` in ``tail`` a whole of the answer's count, which ends at
    ``head[end]``: of the same thing, or one of them without a unit (``18 out of 20``, ``15
    liters out of the 24 liters``; not ``1 tower out of 18 blocks``)?"""
    ours = [w.rstrip("s") for w in _words(head[end:]) if w not in _STATUS]
    tokens = scan(tail, 1)
    if not ours or not tokens:
        return True
    theirs = [w.rstrip("s") for w in _words(tail[tokens[0].end :])[:3]]
    return not theirs or not set(ours).isdisjoint(theirs)


def _words(text: str) -> list[str]:
    return text.lower().translate(_WORDS).split()


_NO, _YES, _HEDGED = 0, 1, 2  # what _remark_ok finds


def _remark_ok(text: str, start: int, rest: int, enough: bool) -> int:
    """Is ``text[start:]``, whose head ends at ``text[rest]``, a remark (see the module)?
    :data:`_YES`, :data:`_NO`, or :data:`_HEDGED` when a hedge word and then a number follow
    its head (``above the goal of 15, or maybe 20``: another value offered)."""
    remark = text[start:].rstrip(" \t.!*_")
    if len(remark) > _MAX_REMARK:
        return _NO
    if _RX[5].search(text, rest) is not None:
        return _HEDGED
    for sign in _SIGNS:
        if sign in remark:
            return _NO
    tail = text[rest:].rstrip(" \t.!*_")
    if not _NEVER.isdisjoint(_words(tail)):
        return _NO
    if not _NEVER.isdisjoint(_words(text[start:rest])) and "out of a total" not in text[start:rest]:
        return _NO
    tokens = scan(remark, _MAX_NUMBERS + 1)
    if not tokens or len(tokens) > _MAX_NUMBERS:
        return _NO
    if enough:  # "enough to buy the $15 book": a quantity named, not a count
        before = _words(remark[: tokens[0].start])
        if not before or before[-1] not in _DETERMINERS:
            return _NO
    # A number after a stating word, in the text after the head ("that is $15").
    if tokens[-1].start > rest - start and not _STATING.isdisjoint(
        _words(tail[: tokens[-1].start - (rest - start)])
    ):
        return _NO
    # Each later part with a number is a comparison of its own ("..., up from 12 last week").
    k = tail.find(", ")
    while k != -1:
        j = tail.find(", ", k + 2)
        part = tail[k + 2 : j if j != -1 else len(tail)]
        if _RX[1].search(part) is not None:
            m = _RX[0].match(part)
            if m is None or m.group().endswith(("enough to", "enough for")):
                return _NO
        k = j
    return _YES


# -- reading ---------------------------------------------------------------------------------


_COMMA, _HYPHEN, _BARE = 0, 1, 2  # separators: a comma or an em dash, " - ", none


def _candidates(text: str, rx: list[re.Pattern[str]]) -> list[tuple[int, int, int]]:
    """``(start, end, kind)`` of each separator followed by what may open a remark, left to
    right, at most :data:`_MAX_SEPARATORS`: a comma (one search for all), in a text that is
    not ASCII an em dash, a spaced hyphen (or en dash, which the reader made one) before a
    word, and the space after a number and at most four words before a head's first words
    (the no-comma probe)."""
    out: list[tuple[int, int, int]] = []
    m = rx[2].search(text)
    while m is not None and len(out) < _MAX_SEPARATORS:
        k = m.start()
        out.append((k, k + 2, _COMMA))
        m = rx[2].search(text, k + 2)  # (not finditer: an opener may hold the next comma)
    if not text.isascii() and "\u2014" in text:
        k = text.find("\u2014")
        while k != -1 and len(out) < 2 * _MAX_SEPARATORS:
            a = k - 1 if text[k - 1 : k] == " " else k
            b = k + 2 if text[k + 1 : k + 2] == " " else k + 1
            if rx[3].match(text, b) is not None:
                out.append((a, b, _COMMA))
            k = text.find("\u2014", k + 1)
    if " - " in text:  # (a word after it: "18 - 3" is a difference)
        k = text.find(" - ")
        while k != -1 and len(out) < 3 * _MAX_SEPARATORS:
            if text[k + 3 : k + 4].isalpha() and rx[3].match(text, k + 3) is not None:
                out.append((k, k + 3, _HYPHEN))
            k = text.find(" - ", k + 3)
    if _bare(text):
        for m in rx[7].finditer(text):
            k = m.start()
            if rx[8].search(text, k - 80 if k > 80 else 0, k) is not None:
                out.append((k, k + 1, _BARE))
                if len(out) >= 4 * _MAX_SEPARATORS:
                    break
    out.sort()
    return out[:_MAX_SEPARATORS]


def _remark(text: str, rx: list[re.Pattern[str]]) -> tuple[int, bool]:
    """:func:`remark_start` after its probe, and whether a hedge word opens the remark or
    follows the answer's number (``18, or above the goal of 20``, ``18 pages maybe above
    ...``: the reply offers two values). Heads are matched in lower case."""
    low = text.lower()
    if len(low) != len(text):
        low = text  # (a character whose lower case is longer: positions would move)
    for a, opens, kind in _candidates(text, rx):
        hedge = rx[4].match(low, opens)
        b = opens if hedge is None else hedge.end()
        h = rx[6].match(text, b) if kind == _BARE else rx[0].match(low, b)
        if h is None:
            continue
        end = _attached(text[:a], kind != _BARE)
        if end == -1:
            continue
        head = h.group()
        if head.endswith(("out of", "out of the")) and not _whole(low[:a], end, low[h.end() :]):
            continue
        ok = _remark_ok(low, b, h.end(), head.endswith(("enough to", "enough for")))
        if ok:
            # (no separator: a hedge word after the number heads the remark, "18 maybe above")
            hedged = kind == _BARE and not _HEDGE_WORDS.isdisjoint(_words(low[end:a]))
            return a, hedge is not None or ok == _HEDGED or hedged
    return -1, False


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
    k, hedged = _remark(text, _RX or _patterns())
    return -1 if hedged else k


def compared_span(span: str) -> str:
    """An answer statement's text without the remark that compares its answer (``18, which
    exceeds 15`` is ``18``); ``span`` itself when it holds none, or holds ``or``."""
    if " or " in span:
        return span  # a hedge: no remark may hold one (and the text is refused as it is)
    k = remark_start(span)
    if k == -1 or not (span.startswith(", ", k) or "\u2014" in span[k : k + 2]):
        return span  # no remark, or one with no comma or em dash: the text as before
    if _RX[1].search(span, 0, k) is None:
        return span  # a count in words: the statement reads no words, as before
    return span[:k].rstrip()


def compared(  # noqa: PLR0917 - the reader's arguments, in its order
    ex: Extractor, rule: str, sentence: str, words: bool, flags: list[str], body: object
) -> Extraction | None:
    """The reading of ``sentence`` by the text before a remark that compares its answer
    with another quantity (flag :data:`FLAG`); None when it holds no such remark, or the
    text before it no number read (then the sentence reads as before). A text before it
    that is refused (a hedge) is that refusal."""
    rx = _RX or _patterns()
    if (
        ("," not in sentence or rx[2].search(sentence) is None)
        and ("-" not in sentence or " - " not in sentence or rx[9].search(sentence) is None)
        and (sentence.isascii() or "\u2014" not in sentence)
        and "which " not in sentence  # (_bare, inline: a call costs as much as a test)
        and "compar" not in sentence
        and "out of" not in sentence
        and "under " not in sentence
    ):
        return None  # the probe: memchr, a literal search, substring tests
    k, hedged = _remark(sentence, rx)
    if k == -1:
        return None
    main = sentence[:k]
    read = ex._statement(rule, main + ".", words, list(flags), body)
    if read is None:
        return None
    if read.rejected is not None:
        return read  # "18 or 20 pages, above his goal of 15": several answers, as alone
    number = read.number
    if number is None:
        return None
    said = scan(sentence[k:], _MAX_NUMBERS + 1)
    if said and said[-1].number is not None and numbers_equal(said[-1].number, number):
        return None  # the remark ends with the answer's value: read as before (that value)
    if hedged or _hedged(main):
        return _several(read, rule, flags)  # "18, or above 20", "18, or perhaps 20, above"
    return tuple.__new__(type(read), (*read[:4], (*read.flags, FLAG), *read[5:]))


def _hedged(main: str) -> bool:
    """Does the text before a remark join two values by a hedge word (``18 pages, or perhaps
    20``)? A hedge word and two numbers of different values."""
    if _HEDGE_WORDS.isdisjoint(_words(main)):
        return False
    values = {t.number.value for t in scan(main) if t.number is not None}
    return len(values) > 1


_HEDGE_WORDS = frozenset(_HEDGES)
