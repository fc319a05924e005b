"""A sentence after the answer that offers another value for it: several answers.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "An alternative after the answer
is a second answer"). Standard library only: this module ships inside every reward Lambda (no
typing at run time, patterns compiled on first use).

A reply that states its answer and then, in a sentence of its own, offers another value
(``The answer is 18. Alternatively, 20.``, ``\\boxed{18}\\nOr possibly 20.``, ``So she makes
$18 every day. Or maybe $20.``, ``... It could also be 20.``) has not committed to one
answer: it hedges, as ``18 or 20`` in one sentence does. The sentence opens with a word that
offers an alternative (:data:`OPENERS`: ``or``, ``alternatively``, ``otherwise``, ``if
not``, ``maybe``, ``perhaps``, ``possibly``, ``it could (also) be``, ``another
possibility``, ``if you meant ...``, ...) and holds a number other than the answer.

A sentence that hedges or guesses (:data:`HEDGE_OPENERS`, docs/graders.md "Hedges and
guesses after the answer") offers its value too: after interjections (``Hmm, maybe 20.``,
``Hmm, or $20.``), a doubt (``Not sure, $20.``), a turn (``Then again, $20.``, ``Unless
it's $20.``), a guess (``My guess: $20.``); a belief or likelihood (``I think it's $20.``,
``Probably $20.``) only against a value of no different quantity (``She has 9 eggs left. I
think she makes $18.`` states its one answer), an approximation (``Rounded, $20.``,
``About $20 in total.``) only of an integer answer, near it.

Since session 14 (docs/graders.md, "A hedge after a connective, an interjection or a sign")
the openers are read after a connective too (:data:`_CONNECT`: ``So maybe $20.``, ``Either
way, about $20.``, ``That's about $20.``), an approximation may be a sign (``~20.``, ``\u2248
20.``), and an interjection before a value alone hedges (``Hmm, $20.``; ``Hmm. $20.`` as
two sentences: :func:`after_doubt`).

It offers nothing when it states the answer again (``Alternatively, 9 x 2 = 18.``, ``Or, in
other words, 18 dollars.``: its own reading is the answer) or only explains it (``Or think of
it as 9 eggs at $2 each.``: two to four numbers, each at least 2, whose product is the
answer), or checks it (``Maybe double-check: 16 - 3 - 4 = 9.``: a check word, ``check``,
``verify``, ``confirm``), or holds no number (``Alternatively, draw a diagram.``).

A value alone on a line after a marker's answer (``#### 18\n20``, ``The answer is
18.\n\n$20``) lists a second value as well, and so does a clause after ``;`` that is a value
alone (``The answer is 18; 20.``: :func:`bare_value`, a hook of
:func:`extract_rules._hedged_value`); the same value again (``#### 18\n18.00``) offers none.

* :func:`offered`: after a marker's answer (``The answer is 18.``, ``#### 18``, a box, bold):
  does any sentence after it offer another value?
* :func:`offered_last`: does a final sentence (``Or maybe $20.``) offer another value than
  the sentence before it states?

Cost: after a marker, two pattern searches of the text after the answer; for a final
sentence, one set lookup of its first two characters (:data:`FIRST`), then one
``startswith`` over the prefixes of its first letter.
"""

from __future__ import annotations

import re
from itertools import pairwise

from rftkit.rewards.breakdowns import answer_label
from rftkit.rewards.checks_after import before_check
from rftkit.rewards.explanations import _flagged
from rftkit.rewards.extraction import Extraction, _several
from rftkit.rewards.number_words import counts_in_words
from rftkit.rewards.numbers import Number, clean_latex, numbers_equal, scan
from rftkit.rewards.sentences import (
    _sentence_end,
    _sentence_start,
    is_hedge,
    later_statement,
    mentions,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

    from rftkit.rewards.extract import Extractor

__all__ = [
    "FIRST",
    "GUARDS",
    "HOPE",
    "OPENERS",
    "REACH",
    "SO_NEXT",
    "after_doubt",
    "bare_value",
    "concluded",
    "labelled_line",
    "later_marker",
    "offered",
    "offered_last",
    "remark_hedges",
]

OPENERS: Final = (
    r"or|alternatively|otherwise|if\s+not|or\s+else"
    r"|(?:maybe|perhaps|possibly)(?!\s+(?:i|we|let)\b)"  # not "Maybe I should explain ..."
    r"|(?:but\s+)?(?:it|this|that|the\s+answer)\s+(?:could|might|may)\s+(?:also\s+|even\s+)?be"
    r"|another\s+(?:possible\s+)?(?:possibility|option|value|answer|interpretation|reading)"
    r"|a\s+second\s+(?:possibility|option|guess|answer)|second\s+guess"
    r"|(?:answer|option|choice|solution)\s*(?:#\s*)?(?:2|ii|two|b)(?![a-z0-9])"  # "Answer 2:"
    r"|(?:if|when)\s+(?:rounding|rounded|we\s+round)"
    r"|if\s+(?:you\s+mean|you\s+meant|the\s+question\s+(?:means|meant|asks|is\s+asking))"
)
"""The openers of a sentence that offers an alternative (matched in lower case, after up to
eight characters of markup or a bracket)."""

_Q = "['\u2019]"  # an apostrophe, straight or curly
_LEAD: Final = (
    r"(?:(?:hm+|um+|uh+|ah+|oh|well|ok(?:ay)?|yeah)(?![a-z0-9])"
    r"[ \t]*(?:[,.!:;\u2026\u2014\u2013\-]{1,4}[ \t]*)?){0,2}"
)
"""Up to two interjections before an opener (``Hmm, maybe 20.``, ``Hmm... or $20.``,
``Well — perhaps 20.``, ``Ok, I guess $20.``)."""

_NOT_SURE = (
    r"(?:i" + _Q + r"?m\s+|i\s+am\s+)?not\s+(?:(?:so|too|really|quite|entirely|100%)\s+)?"
    r"(?:sure|certain)"
)
HEDGE_OPENERS: Final = (
    # Strong: these presuppose an answer they doubt, as "maybe" does.
    _NOT_SURE  # "Not sure, maybe $20.", "I'm not sure, but $20."
    + r"|then\s+again|on\s+the\s+other\s+hand|unless"
    r"|(?:but|though|although|yet)\s+(?:maybe|perhaps|possibly)"
    r"|(?:though|although|yet)\s+(?:it|this|that|the\s+answer)\s+(?:could|might|may)"
    r"|(?:(?:my|a|at\s+a|at\s+my)\s+)?(?:(?:best|first|rough|educated|wild|quick)\s+)?guess"
    r"|i(?:\s+would|" + _Q + r"d)?\s+guess|if\s+i\s+(?:had\s+to|must|were\s+to)\s+guess"
    # Weak (a belief, a likelihood): also the reply's one answer after a step of working
    # ("She has 9 eggs left. I think she makes $18."): offered only against a value of the
    # same quantity (_same_kind).
    r"|(?P<weak>(?:(?:but|though|although|yet|and)\s+)?(?:most\s+|more\s+)?"
    r"(?:probably|likely|presumably|conceivably|plausibly|supposedly|potentially)"
    r"|i\s+(?:think|believe|suspect|reckon|assume|feel|figure)|i(?:\s+would|" + _Q + r"d)\s+say)"
    # An approximation: a restatement of an integer near it (_approximates).
    r"|(?P<approx>let" + _Q + r"?s\s+say|let\s+us\s+say|(?:to\s+)?round(?:ed|ing)?"
    r"(?:\s+(?:up|down|off))?|about|approx(?:imately|\.)?|roughly|around|nearly|almost"
    r"|close\s+to|circa)"
)
"""The openers of a sentence that hedges: a doubt (``Not sure, $20.``), ``then again``,
``unless``, a guess (``My guess: $20.``, ``I guess $20.``), a belief or likelihood
(``I think it's $20.``, ``Probably $20.``: group ``weak``) and an approximation
(``Rounded, $20.``, ``About $20 in total.``: group ``approx``); after :data:`_LEAD`, with
:data:`OPENERS` (docs/graders.md, "Hedges and guesses after the answer")."""

REACH: Final = 2000
"""Characters after a marker's answer in which an alternative is looked for."""

_DECORATION = " \t*_>#-("
_SIGNS = "~\u2248"  # "~20", "\u2248 $20": an approximation in a sign (group ``sign``)
# Openers that start as most final sentences do ("Second guess", "Choice 2", "Solution",
# "When rounding", "The answer could") are read after a marker only, as before.
_HEADS = (
    *("or", "al", "ot", "if", "ma", "pe", "po", "bu", "it", "an", "a ", "op"),  # the openers
    *("hm", "um", "uh", "ah", "oh", "ok", "we", "no", "i'", "i\u2019", "im", "i ", "my", "be"),
    *("ed", "at", "pr", "li", "mo", "co", "su", "pl", "ye", "un", "on", "le", "ro", "ab"),
    *("ap", "ar", "ne", "cl", "ci", "gu", "th"),  # "Th": "Then again", "Though" only
    *("so", "ei", "st", "in"),  # "So maybe", "Either way", "Still,", "In any case" (GUARDS)
)
FIRST: Final = frozenset(
    {c + d for c in _DECORATION for d in map(chr, range(32, 127))}
    | set(_DECORATION)
    | {v for h in _HEADS for v in (h, h.capitalize(), h.upper())}
    | {c + d for c in _SIGNS for d in (" ", "$", *"0123456789")}  # "~20", "\u2248 $20"
)
"""The first two characters of a final sentence that may open an alternative (markup, or
how an opener starts: ``Or``, ``Hm``, ``I'``, ``~2``); the reader calls :func:`offered_last`
only then, and for the first two characters of :data:`GUARDS` only when the next four are
one of theirs."""
_SIGN_NEXT = (" ", "$", *"0123456789")  # what follows an approximation's sign ("~ 20", "~$20")
_PRINTABLE = tuple(map(chr, range(32, 127)))
# The openers a connective's "So" may stand before (a hedge's, not "it", "the", "we").
_SO_HEADS = (
    *("or ", "alt", "oth", "if ", "may", "per", "pos", "pro", "lik", "mos", "pre", "con"),
    *("pla", "sup", "pot", "abo", "app", "rou", "aro", "nea", "alm", "clo", "cir", "gue"),
    *("i t", "i g", "i b", "i s", "i r", "i'd", "i'm", "i a", "my ", "hmm", "not"),
)
SO_NEXT: Final = frozenset(
    {" " + h for h in _SO_HEADS}
    | {" " + h[0].upper() + h[1:] for h in _SO_HEADS}
    | {", " + h[:2] for h in _SO_HEADS}
    | {", " + h[0].upper() + h[1:2] for h in _SO_HEADS}
    | {" " + c + d + e for c in _SIGNS for d in _SIGN_NEXT for e in _SIGN_NEXT}
    | {", " + c + d for c in _SIGNS for d in _SIGN_NEXT}
)
"""The four characters after a final sentence's ``So`` that may open a hedge (``So maybe``,
``So, about``, ``So I think``, ``So ~20``): its guard in :data:`GUARDS`."""
GUARDS: Final = {
    "So": SO_NEXT,
    # "Then again", "Then maybe", "Though", "That's about", "That is roughly"; not "The",
    # "There", "Thus", "Thousands" (most final sentences open "The", "There", "Thus").
    "Th": frozenset(
        {"en" + c + d for c in " ,:" for d in _PRINTABLE}
        | {"ough", "at's", "at\u2019s", "at i", "at, "}
    ),
    "In": frozenset({" any"}),  # "In any case, about $20." (not "In total")
    "St": frozenset({"ill,", "ill ", "ill\u2014"}),  # "Still, maybe $20." (not "Step")
}
"""The first two characters of a final sentence that :data:`FIRST` lets through only with
one of the given next four (``sentence[2:6]``): the reader's gate before
:func:`offered_last` is ``h in FIRST and (h not in GUARDS or s[2:6] in GUARDS[h])``, two
lookups for most final sentences."""
# How every opener starts (lower case, markup stripped): a final sentence is matched only
# when it starts so.
_PREFIXES = (
    *("or", "alternatively", "otherwise", "if not", "if you", "if the question", "maybe"),
    *("perhaps", "possibly", "but it", "but this", "but that", "but the answer", "it could"),
    *("it might", "it may", "this could", "this might", "this may", "that could"),
    *("that might", "that may", "the answer could", "the answer might", "the answer may"),
    *("another", "a second", "second guess", "answer", "option", "choice", "solution"),
    *("if rounding", "if rounded", "if we round", "when rounding", "when rounded"),
    # The hedge openers (HEDGE_OPENERS): an interjection, "not sure", a guess, a belief,
    # an approximation.
    *("hm", "um", "uh", "ah", "oh", "well", "ok", "yeah", "not ", "i'm not", "i\u2019m"),
    *("im not", "i am not", "i think", "i guess", "i believe", "i suspect", "i reckon"),
    *("i assume", "i feel", "i'd", "i\u2019d", "i would", "my ", "best guess", "educated"),
    *(
        "at a guess",
        "at my",
        "if i had",
        "if i must",
        "if i were",
        "probably",
        "likely",
        "most likely",
        "more likely",
    ),
    *("presumably", "conceivably", "plausibly", "supposedly", "potentially", "though"),
    *("although", "but", "yet", "unless", "then again", "on the other", "let's", "let\u2019s"),
    *("lets say", "let us", "round", "to round", "about", "approx", "roughly", "around"),
    *("nearly", "almost", "close to", "circa", "a guess", "guess"),
    *("~", "\u2248"),  # an approximation's sign ("~20", "\u2248 20")
)
# A connective before an opener (_CONNECT: "So maybe $20.", "Either way, about $20."): the
# sentence is tested against the prefixes again after it.
_CONNECTIVES = (
    *("so", "then", "and", "either way", "anyway", "anyhow", "in any case", "still"),
    *("that", "this is", "it's", "it\u2019s", "it is"),  # "That's about $20.": a restatement
)
_CONNECTIVE_LENGTH = {c[:3]: len(c) for c in _CONNECTIVES} | {
    "so ": 2,
    "so,": 2,
    "tha": 4,
    "thi": 4,
    "it'": 2,
    "it\u2019": 2,
    "it ": 2,
}

_VERB = frozenset({"'s ", "\u2019s ", "is ", "'s,", "is,"})  # "that's", "it is": after the pronoun
_CONNECT: Final = (
    r"(?>(?:so|then|and|either\s+way|anyway|anyhow|in\s+any\s+case|still"
    r"|(?:that|it)['\u2019]s|(?:that|this|it)\s+is)(?![a-z0-9])"
    r"[ \t]*(?:,[ \t]*)?)?"  # (atomic: a failed opener does not try the spaces again)
)
"""A connective before an opener (``So maybe $20.``, ``Either way, about $20.``, ``Then
perhaps 20.``): it hedges as the opener alone does (docs/graders.md, "A hedge after a
connective, an interjection or a sign")."""
_ALL = (
    _CONNECT
    + _LEAD
    + r"(?:(?P<sign>["
    + _SIGNS
    + r"])|(?:"
    + OPENERS
    + r"|"
    + HEDGE_OPENERS
    + r")(?![a-z0-9]))"
)
_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _p in _PREFIXES:
    _BY_FIRST[_p[0]] = (*_BY_FIRST.get(_p[0], ()), _p)
# The prefixes by their first character: a final sentence is tested against the dozen that
# start as it does, not all of them (a tuple's startswith tries each in turn).
_AFTER: list[re.Pattern[str]] = []
_DOUBT: list[re.Pattern[str]] = []
_OPENS: list[re.Pattern[str]] = []
_BARE: list[re.Pattern[str]] = []
_FULL: list[re.Pattern[str]] = []
# A value alone: a number (a sign, a currency sign, digit groups, decimals, a percent sign),
# at most one word after it (a unit), a full stop; markup around it.
_VALUE = (
    r"[ \t*_>#\-]{0,8}[$\u00a3\u20ac]?-?[0-9][0-9,]{0,24}(?:\.[0-9]{1,12})?%?"
    r"(?:[ \t]{1,4}[A-Za-z]{1,20})?[ \t]{0,4}\.?[ \t*_]{0,8}"
)


def _bare() -> re.Pattern[str]:
    """A value alone that ends a line after the answer, on a line of its own or after a
    sentence's stop (``The answer is 18. 20``); searched, multiline, linear (bounded runs)."""
    if not _BARE:
        _BARE.append(re.compile(r"(?:^|(?<=[.!?}>*_)$])[ \t]{1,8})" + _VALUE + r"$", re.MULTILINE))
    return _BARE[0]


def bare_value(t: str, start: int, end: int) -> bool:
    """Is ``t[start:end]`` (a clause after ``;``) a value alone (``20``, ``$20.``, ``20
    dollars``)? Then ``18; 20`` lists two values.

    Example:
        >>> bare_value("18; 20.", 3, 7), bare_value("18; 20 is wrong.", 3, 16)
        (True, False)
        >>> bare_value("18; 20. That is all.", 3, 20)
        True
    """
    stops = (t.find("\n", start, end), t.find(". ", start, end) + 1, t.find("; ", start, end))
    end = min((k for k in stops if k > 0), default=end)  # the clause's end
    if not _FULL:
        _FULL.append(re.compile(_VALUE))
    return _FULL[0].fullmatch(t, start, end) is not None


def _after() -> re.Pattern[str]:
    """An opener at a sentence start: a line start, or a space after ``.``, ``!``, ``?`` or
    what closes a container or markup (``}``, ``>``, ``*``, ``_``, ``)``, ``$``: ``\\boxed{18}
    Or 20.``); searched, linear (each branch is a bounded run before a fixed word)."""
    if not _AFTER:
        _AFTER.append(
            re.compile(
                r"(?:^|(?<=[.!?}>*_)$])[ \t]{1,8})[ \t*_>#(\-]{0,8}" + _ALL,
                re.IGNORECASE | re.MULTILINE,
            )
        )
    return _AFTER[0]


def _opens() -> re.Pattern[str]:
    if not _OPENS:
        _OPENS.append(re.compile(r"[ \t*_>#(\-]{0,8}" + _ALL, re.I))
    return _OPENS[0]


def _offers(ex: Extractor, sentence: str, value: Number) -> bool | None:
    """Does ``sentence`` (an alternative's sentence) offer a value other than ``value``?

    Not when it holds no other number, reads ``value`` itself, or only explains ``value``
    (two to four numbers, each at least 2, whose product is ``value``: None)."""
    s = clean_latex(sentence)
    low = s.lower()
    if "heck" in low or "erif" in low or "onfirm" in low:
        return False  # "Maybe double-check: 16 - 3 - 4 = 9.": a check (checks_after)
    tokens = [*scan(s, 64), *counts_in_words(s)]  # "Or twenty.": a number in words too
    others = [t.number for t in tokens if t.number is not None]
    if all(numbers_equal(n, value) for n in others):
        return False
    read = ex._statement("final_sentence", sentence, True, [])
    if (
        read is not None
        and read.rejected is None
        and read.number is not None
        and numbers_equal(read.number, value)
    ):
        return False  # "Alternatively, 9 x 2 = 18.": the answer again
    if 2 <= len(others) <= 4 and "=" not in s:
        if any(n.percent or -1 <= n.value <= 1 for n in others):
            return True  # 0, 1 or a fraction of one is no factor: it explains anything
        product = others[0].value
        for n in others[1:]:
            product *= n.value
        if product == value.value and not value.percent:
            return None  # "Or think of it as 9 eggs at $2 each.": an explanation
    return True


_DOLLARS = frozenset({"dollar", "dollars", "buck", "bucks", "usd"})
_NO_UNIT = frozenset(
    {"in", "a", "an", "per", "each", "every", "total", "for", "on", "at", "to", "of", "and"}
    | {"or", "is", "was", "the", "so", "then", "but", "from", "by", "with", "which", "that"}
    | {"altogether", "overall", "daily", "today", "now", "this", "as", "if", "though", "i"}
)
_WORD: list[re.Pattern[str]] = []


def _kind(text: str, value: Number) -> str:
    """The unit of ``value``'s last token in ``text``: ``$`` after a currency sign or before
    ``dollars``, else the word after it without a plural ``s`` (``egg``), else ``""``."""
    s = text  # as written: clean_latex drops "$" (a LaTeX delimiter)
    tok = None
    for t in scan(s, 64):
        if t.number is not None and numbers_equal(t.number, value):
            tok = t
    if tok is None:
        return ""
    head = s[max(0, tok.start - 2) : tok.start + 1]  # a token may hold its currency sign
    if any(c in head for c in "$\u00a3\u20ac\u00a5\u20b9"):
        return "$"
    if not _WORD:
        _WORD.append(re.compile(r"[ \t]{0,4}([A-Za-z]{1,24})"))
    w = _WORD[0].match(s, tok.end)
    word = "" if w is None else w.group(1).lower()
    if word in _DOLLARS:
        return "$"
    return "" if word in _NO_UNIT else word.removesuffix("s")


def _hedges(ex: Extractor, m: re.Match[str], said: str, value: Number, sentence: str) -> bool:
    """Does the hedge ``m`` opens (its sentence ``sentence``) offer its value against
    ``value``, stated in ``said``? A strong opener does (:func:`_offers` found another
    value). A belief or a likelihood (group ``weak``: ``I think``, ``Probably``) only when
    the sentence, read alone, states another value of no different quantity
    (:func:`_kind`: ``She has 9 eggs left. I think she makes $18.`` states its one answer);
    an approximation (group ``approx``: ``Rounded, $20.``) only of an integer, near it
    (within a quarter of it, or 1) and of the same quantity (``4.5 buses. Round up to 5
    buses.`` is a step: the answer rounded; ``$18 a day. About $126 a week.`` another
    quantity)."""
    approx = m.group("approx") is not None or m.group("sign") is not None
    if not approx and m.group("weak") is None:
        return True
    read = ex._statement("final_sentence", sentence, True, [])
    if read is None or read.rejected is not None or read.number is None:
        return False
    new = read.number
    if numbers_equal(new, value):
        return False
    if approx:
        old = value.value
        if value.percent != new.percent or old != int(old):
            return False  # "4.5 buses. Round up to 5 buses.": a step
        if 4 * abs(int(old) - float(new.value)) > max(abs(int(old)), 4):
            return False
    a, b = _kind(said, value), _kind(sentence, new)
    return not a or not b or a == b


def offered(ex: Extractor, t: str, end: int, value: Number, rule: str | None = None) -> bool:
    """Does a sentence of ``t`` after ``end`` (where a marker's answer ``value`` ends) open
    with an alternative's opener and offer another value (:func:`_offers`), hold a value
    alone, or state another value by a marker rule ranked below ``rule`` (the rule that read
    the answer: :func:`later_marker`)?

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> ex = Extractor()
        >>> offered(ex, "The answer is 18.\\nAlternatively, 20.", 16, Number(18, False))
        True
        >>> offered(ex, "The answer is 18. Alternatively, 9 x 2 = 18.", 16, Number(18, False))
        False
    """
    stop = min(len(t), end + REACH)
    for i, bare in enumerate((_BARE[0] if _BARE else _bare()).finditer(t, end, stop)):
        if i == 8:
            break  # bounded: at most eight values alone looked at
        if _offers(ex, bare.group(), value):
            return True  # "#### 18\n20": a second value on a line of its own
    if rule is not None and later_marker(ex, t[end:stop], rule, value):
        return True  # "#### 18\nThe answer is 20.": a second answer in another form
    if labelled_line(t[end:stop], value):
        return True  # "#### 18\nTotal = 20": the answer's label with another value
    from rftkit.rewards.offers import offers_after  # (a cycle at import time)

    if offers_after(ex, t, end, stop, value):
        return True  # "The answer is 18.\nAlternative: $20" (offers)
    rx = _AFTER[0] if _AFTER else _after()
    pos = end
    for _ in range(8):  # bounded: at most eight openers looked at
        m = rx.search(t, pos, stop)
        if m is None:
            return False
        start = m.start() + len(m.group()) - len(m.group().lstrip(" \t"))
        sentence = t[start : _sentence_end(t, m.end())]
        if _offers(ex, sentence, value) and _hedges(
            ex, m, t[_sentence_start(t, end) : _sentence_end(t, end - 1)], value, sentence
        ):
            return True
        pos = m.end()
    return False


def labelled_line(tail: str, value: Number) -> bool:
    """Is the last line of ``tail`` (the text after an answer) an answer's labelled value
    (``Total: 20``, ``Result = $20``, ``**Final total:** 20``: a label of
    :func:`breakdowns.answer_label`, then ``:`` or ``=`` and one number) other than
    ``value``? (``#### 18\nTotal = 20`` states a second answer; ``Total eggs: 16`` is no
    answer's label, and a computation, ``16 - 3 - 4 = 9``, has none.)

    Example:
        >>> labelled_line("\\nTotal = 20", Number(18, False))
        True
        >>> labelled_line("\\nTotal = $18.", Number(18, False))
        False
    """
    line = tail.rstrip()
    line = line[line.rfind("\n") + 1 :]
    k = max(line.find(":"), line.find("="))
    if k < 1 or not any(c in line for c in "0123456789"):
        return False
    numbers = [tok.number for tok in scan(clean_latex(line[k + 1 :]), 8)]
    if len(numbers) != 1 or numbers[0] is None or not answer_label(line[:k]):
        return False
    return not numbers_equal(numbers[0], value)


def later_marker(ex: Extractor, tail: str, rule: str, value: Number) -> bool:
    """Does a marker rule of ``ex`` ranked below ``rule`` read, in ``tail`` (the text after
    the answer ``rule`` read), one value other than ``value``? (``#### 18\nThe answer is
    20.``, ``\\boxed{18}\nAnswer: 20``, ``#### 18\n**20**``.) A rule ranked above ``rule``
    would have read the whole reply first, and ``rule`` itself counts its own second
    statements; a reading that is no one value (``**18** ... **9** eggs``: emphasis) offers
    none here. The program-output rule is left out (a sentence restates its output).

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> later_marker(Extractor(), "\\nThe answer is 20.", "hash", Number(18, False))
        True
    """
    if not any(c in tail for c in "0123456789"):
        return False
    below = False
    for name, func, probe, probe2 in ex._steps:
        if name == rule:
            below = True
            continue
        if not below or func is None or name == "tool_output":
            continue
        if probe is not None and probe not in tail and (probe2 is None or probe2 not in tail):
            continue  # the rule's marker is not in the text: it cannot fire
        candidates = func(tail, ex.numeric, ex.max_candidates, [])
        if not candidates:
            continue
        read = ex._decide(name, candidates, tail, [])
        if (
            read.rejected is None
            and read.number is not None
            and not numbers_equal(read.number, value)
        ):
            return True
    return False


def _doubt(sentence: str) -> bool:
    """Is ``sentence`` (without a digit) only interjections or a doubt (``Hmm...``, ``Not
    sure.``, ``Hmm, I'm not sure.``), which the sentence after it continues?"""
    if not _DOUBT:
        _DOUBT.append(
            re.compile(
                r"[ \t*_>(\-]*"
                + _LEAD
                + r"(?:"
                + _NOT_SURE
                + r")?[ \t.!?\u2026,:;\u2014\u2013\-]*",
                re.IGNORECASE,
            )
        )
    return bool(sentence.strip(" \t.!?\u2026,:;*_")) and _DOUBT[0].fullmatch(sentence) is not None


def offered_last(
    ex: Extractor, found: Extraction | None, sentence: str, body: str
) -> Extraction | None:
    """``found`` (the reading of ``body``'s final ``sentence``), or several answers when the
    sentence opens with an alternative's or a hedge's opener (``Or maybe $20.``, ``Hmm, I
    guess $20.``) and offers a value other than the one the sentence before it states (read
    alone, accepted; a sentence of interjections or doubt between them, ``Not sure.``, is
    passed over), subject to :func:`_hedges`.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("So she makes $18 every day. Or maybe $20.").rejected
        'multiple_answers'
    """
    if found is None or found.rejected is not None or found.number is None:
        return found
    low = sentence.lstrip(_DECORATION)[:28].lower()
    if not low.startswith(_BY_FIRST.get(low[:1], ())):
        if not low.startswith(_CONNECTIVES):
            return found
        # "So maybe $20.", "Either way, about $20.": the prefixes after the connective
        k = _CONNECTIVE_LENGTH.get(low[:3], 0)
        if low[k : k + 1].isalpha():
            return found  # ("Soon", "Andrew", "Thence": no word ends the connective)
        rest = low[k:].lstrip(" \t,")
        if rest[:3] in _VERB:  # "That's about", "It is roughly", "This is maybe"
            rest = rest[3 if rest[2:3] == " " else 2 :].lstrip(" \t,")
        if not rest.startswith(_BY_FIRST.get(rest[:1], ())):
            return found
    m = _opens().match(sentence)
    if m is None and (low[:1] not in "huaowy" or not _interjected(sentence)):
        return found  # "Hmm, $20.": an interjection, then a value alone, is a hedge
    before = body[: len(body) - len(sentence)].rstrip()
    if not before or not any(c in before for c in "0123456789"):
        return found
    said = before[_sentence_start(before, len(before.rstrip(".!"))) :]
    doubted = _doubt(said)
    if doubted:  # "She makes $18. Hmm... maybe $20.", "... Not sure. Maybe $20.": a doubt
        before = before[: len(before) - len(said)].rstrip()
        said = before[_sentence_start(before, len(before.rstrip(".!"))) :]
    prev = ex._statement("final_sentence", said, True, [])
    if prev is None or prev.rejected is not None or prev.number is None:
        return found
    offers = _offers(ex, sentence, prev.number)
    if offers is None:  # "Or think of it as 9 eggs at $2 each.": it explains the answer
        return _flagged(prev._replace(flags=found.flags))
    if not offers or not (doubted or m is None or _hedges(ex, m, said, prev.number, sentence)):
        return found
    if m is None and found.number is not None:  # "Hmm, $18." after "9 eggs": its one answer
        a, b = _kind(said, prev.number), _kind(sentence, found.number)
        if a and b and a != b:
            return found
    return _several(found, found.rule or "", [f for f in found.flags if f != found.rejected])


_LEAD_VALUE: list[re.Pattern[str]] = []


def _interjected(sentence: str) -> bool:
    """Is ``sentence`` one or two interjections, then a value alone (``Hmm, $20.``, ``Well...
    20 dollars.``, ``Um — $20.``)? After another value it hedges: no word takes that value
    back (``No wait, $20.`` corrects; ``Hmm, yes, $18.`` holds a word and reads as it did)."""
    if not _LEAD_VALUE:
        _LEAD_VALUE.append(
            re.compile(
                r"[ \t*_>(\-]{0,8}(?:hm+|um+|uh+|ah+|oh|well|ok(?:ay)?|yeah)(?![a-z0-9])"
                + _LEAD
                + r"[ \t,.!:;\u2026\u2014\u2013\-]{0,6}"
                + _VALUE,
                re.IGNORECASE,
            )
        )
    return _LEAD_VALUE[0].fullmatch(sentence.rstrip()) is not None


def after_doubt(
    ex: Extractor, found: Extraction | None, sentence: str, body: str
) -> Extraction | None:
    """``found`` (the reading of ``body``'s final ``sentence``), or several answers when the
    sentence is a value alone (``$20.``) after a sentence of interjections or doubt
    (``Hmm.``, ``Not sure.``: :func:`_doubt`) after a sentence that states another value:
    ``She makes $18. Hmm. $20.`` hedges as ``Hmm, maybe $20.`` does. A hook of
    :func:`offers.offered_final` (the final sentence rule's reader of short values).

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("She makes $18. Hmm. $20.").rejected
        'multiple_answers'
        >>> Extractor()("She sells 9 eggs. Hmm. $18.").answer
        '18'
    """
    if found is None or found.rejected is not None or found.number is None:
        return found
    if not _FULL:
        _FULL.append(re.compile(_VALUE))
    if _FULL[0].fullmatch(sentence.rstrip()) is None:
        return found
    before = body[: len(body) - len(sentence)].rstrip()
    said = before[_sentence_start(before, len(before.rstrip(".!"))) :]
    if not _doubt(said):
        return found
    before = before[: len(before) - len(said)].rstrip()
    if not any(c in before for c in "0123456789"):
        return found
    said = before[_sentence_start(before, len(before.rstrip(".!"))) :]
    prev = ex._statement("final_sentence", said, True, [])
    if prev is None or prev.rejected is not None or prev.number is None:
        return found
    if numbers_equal(prev.number, found.number):
        return found
    a, b = _kind(said, prev.number), _kind(sentence, found.number)
    if a and b and a != b:
        return found  # "She has 9 eggs left. Hmm. $18.": the one answer after a step
    return _several(found, found.rule or "", [f for f in found.flags if f != found.rejected])


# The rules whose answer a later concluding statement with another value takes back.
_CONCLUDED_RULES = frozenset({"hash", "boxed", "answer_tag", "answer_is", "bold"})
_HOPED = _CONCLUDED_RULES - {"answer_is"}  # after Minerva's ending: "#### 18\nFinal Answer: ..."
# The answers whose sentence may go on after them ("#### 18 Wait, 20", "**18** Or 20."):
_CONTAINERS = frozenset({"hash", "boxed", "answer_tag", "bold"})


HOPE: Final = "I hope it is correct."  # Minerva's closing sentence: no later statement


def concluded(
    ex: Extractor, found: Extraction, t: str, candidates: list[tuple[str, int]]
) -> Extraction:
    """``found`` (an answer in a marker that text may follow), or several answers when
    the reply goes on to conclude with another value (:func:`sentences.later_statement`:
    ``The answer is 18. Wait, 9*2 is 20. So she makes 20 dollars.``, ``#### 18\nActually,
    she makes 20 dollars.``). Not ``tool_output`` (the reply's sentence after a program's
    output restates it) nor ``a_line`` (the reply's last line: nothing follows it). The
    extractor's ``_concluded`` method."""
    if found.at_end or found.rule not in (_HOPED if t.endswith(HOPE) else _CONCLUDED_RULES):
        return found  # Minerva's "I hope it is correct." ends its statement's reply
    if found.number is None or ex.conflict != "reject":
        return found  # keeping the last or first answer reads no later statement
    cut = before_check(t, candidates[0][1], found.number)  # a check concludes nothing
    # An aside, or a sentence, after it offers another value: "P.S. or maybe $20.",
    if cut is None or offered(ex, cut, candidates[0][1], found.number, found.rule):
        return _several(found, found.rule or "", list(found.flags))
    t = cut
    later = later_statement(t, candidates[0][1], found.rule in _CONTAINERS)
    if later is None:
        return found
    sentence, corrected = later
    read = ex._statement("final_sentence", sentence, True, [])
    if read is None or (read.number is not None and numbers_equal(read.number, found.number)):
        return found
    if not corrected and mentions(sentence, found.number):
        return found  # "So 18 / 2 = 9 eggs.": a check that uses the answer
    return _several(found, found.rule or "", list(found.flags))


_REMARK_HEDGE_WORDS = frozenset({"or", "maybe", "perhaps", "possibly", "either"})


def remark_hedges(remark: str) -> bool:
    """Does a bracketed remark (its text after the opening bracket) hold two values joined by
    a hedge word (``($18 or $20)``, ``(maybe 18, maybe 20)``)? The caller asks whether one of
    them is another value than the answer. A restatement of the answer alone (``(18)``),
    arithmetic (``(16 - 3 - 4 = 9)``) or one value (``(or so)``) is none.

    Example:
        >>> remark_hedges("$18 or $20) a day"), remark_hedges("16 - 3 - 4 = 9 eggs)")
        (True, False)
    """
    close = remark.find(")")
    inner = remark if close == -1 else remark[:close]
    low = inner.lower()
    if not any(w in low for w in _REMARK_HEDGE_WORDS):
        return False
    clean = clean_latex(inner)
    tokens = scan(clean)
    for a, b in pairwise(tokens):
        if a.number is None or b.number is None or a.number.value == b.number.value:
            continue
        gap = clean[a.end : b.start]
        if is_hedge(gap) and any(w in _REMARK_HEDGE_WORDS for w in gap.lower().split()):
            return True
    return False
