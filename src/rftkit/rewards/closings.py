"""What a reply writes after its answer that is no part of its solution: its closing.

Helpers of :mod:`rftkit.rewards.checks_after` and :mod:`rftkit.rewards.extract`
(docs/graders.md, "An aside after the answer is not read for it either"). Standard library
only: this module ships inside every reward Lambda (no typing at run time, patterns compiled
on first use).

* :data:`LABELS`, :data:`COURTESY`: the openers of an aside (``P.S.``, ``N.B.``, ``Fun
  fact:``, ``Tip:``, ``Remember:``, ...) and of a courtesy sentence (``Let me know if ...``,
  ``I hope this helps!``, ``Feel free to ask ...``, ``Thanks for the question.``), which
  :func:`checks_after.check_cut` cuts off like a note (flag ``aside``).
* :func:`hedges`: does an aside offer another value for the answer (``P.S. or maybe
  $20.``)? Then the reply holds two answers.
* :func:`unfinished`: does the reply end by announcing work it never does (``So it's 66?
  Let me check again.``)? Then the weak rules read no answer (flag ``unfinished``).
* :func:`asked`: a final sentence that is a question (``So it's 66?``) states no answer
  (``question``).
"""

from __future__ import annotations

import re

from rftkit.rewards.extraction import Extraction, _new, _rejected
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import (
    Number,
    ParseResult,
    Token,
    clean_latex,
    has_digit,
    numbers_equal,
    scan,
)
from rftkit.rewards.sentences import _CONCLUSIONS, _FINISHER_CHARS, _sentence_start, is_hedge

__all__ = [
    "CLOSING_HEADS",
    "CLOSING_OPENERS",
    "COURTESY",
    "LABELS",
    "LABEL_HEADS",
    "asked",
    "closing_end",
    "closing_head",
    "concludes",
    "confidence_at",
    "confident_answer",
    "courtesy_only",
    "hedges",
    "unfinished",
    "unfinished_reading",
]

LABELS = (
    r"(?:side\s+)?notes?|assumptions?|fun\s+facts?|(?:pro\s+|quick\s+)?tips?|hints?|remember"
    r"|reminder|bonus|disclaimer|caveats?|trivia|fyi|btw|p\.?\s?s\.?|n\.?\s?b\.?"
    r"|(?:key\s+)?takeaways?|(?:key\s+)?lessons?"
    r"|confidence(?:\s+(?:level|score|rating))?|certainty"
)
"""The labels that open an aside when a colon or a dash follows them (``Fun fact:``,
``**Tip:**``, ``PS:``, ``Side note \u2014``); ``P.S.`` and ``N.B.`` need none."""

ABBREVIATIONS = r"(?:p\.\s?){1,2}s\.(?=\s)|n\.\s?b\.(?=\s)|(?:by\s+the\s+way|btw|fun\s+fact),"
"""Asides opened without a colon: ``P.S.``, ``P.P.S.``, ``N.B.``, ``By the way,``."""

COURTESY = (
    r"(?:(?:i\s+)?hope|hopefully)\s+(?:this|that|it|my|the|you)(?![a-z])"
    r"|(?:please\s+)?(?:let\s+(?:me|us)\s+know|feel\s+free|do(?:n't|\s+not)\s+hesitate)(?![a-z])"
    r"|(?:i'?m\s+|i\s+am\s+|i'?d\s+be\s+|i\s+would\s+be\s+|always\s+)?(?:happy|glad)\s+"
    r"(?:to\s+(?:help|assist|explain|answer|walk)|i\s+could|this\s+help|it\s+help)"
    r"|thanks(?![a-z])(?!\s+to\s)|thank\s+you(?![a-z])|good\s+luck(?![a-z])"
    r"|have\s+a\s+(?:great|good|nice|wonderful|lovely)\s|you'?re\s+(?:very\s+)?welcome"
    r"|if\s+you\s+(?:have|had)\s+(?:any\s+)?(?:more\s+|other\s+|further\s+|additional\s+)?"
    r"(?:questions|problems|doubts)"
    r"|if\s+you\s+(?:need|want|would\s+like|'?d\s+like)\s+(?:any\s+(?:more\s+|further\s+)?"
    r"(?:help|clarification|explanation)|help|clarification|further|more\s+help|me\s+to|to\s+see"
    r"|a\s+(?:breakdown|step|detailed|more|different|similar|visual|table)|more\s+(?:detail|practice|problems|examples))"
    r"|(?:would|do)\s+you\s+(?:like|want)(?![a-z])"
    r"|(?:is\s+there\s+)?anything\s+else(?![a-z])"
    # a confidence stated as a percent: "I'm 95% sure.", "I am 100% confident."
    r"|(?:i'?m|i\s+am)\s+(?:about\s+|around\s+)?\d{1,3}(?:\.\d{1,2})?\s?%\s+"
    r"(?:sure|confident|certain)(?![a-z])"
)
"""Courtesy sentences: help offered, hopes, thanks, questions invited."""

PROBE_REACH = 120  # as checks_after.PROBE_REACH


_LABEL_HEADS = (
    *("Fun", "Tip", "Pro", "Qui", "Hin", "Rem", "Bon", "Dis", "Cav", "Tri", "FYI", "Key"),
    *("Tak", "Les", "Con", "CON", "Cer", "CER"),
)
LABEL_HEADS = frozenset(
    m + h[: 3 - len(m)]
    for h in (*_LABEL_HEADS, "BTW", "By ", "P.S", "PS:", "PS ", "N.B", "NB:", "Not", "NOT")
    for m in ("", "*", "**", "_", "- ", "> ")
)
"""The first three characters of a line that may open an aside (:data:`LABELS`), after
Markdown marks: the bold rule's probe for an aside on its last line (one set lookup)."""

CLOSING_OPENERS = (
    # courtesy: hopes, offers, thanks, questions invited
    *("I hope", "Hope this", "Hope that", "Hope it", "Hope you", "Hopefully", "Let me"),
    *("Let us", "Let's"),
    *("Please let", "Please feel", "Please don't", "Please do not", "Feel free"),
    *("Don't hesitate", "Do not hesitate", "Do you want", "Do you need", "Do you have"),
    *("I'm happy", "I'm glad", "I am happy", "I am glad", "I'd be happy", "I'd be glad"),
    *("I would be happy", "I would be glad", "Always happy", "Happy to", "Glad to", "Glad I"),
    *("Glad this", "Glad that", "Thanks", "Thank you", "Good luck", "Have a ", "You're welcome"),
    *("You are welcome", "If you have any", "If you have more", "If you have other"),
    *("If you have further", "If you have additional", "If you need any", "If you need help"),
    *("If you need more", "If you need further", "If you'd like", "If you would like"),
    *("If you want me", "If you want to see", "If you want a", "Would you like"),
    *("Anything else", "Is there anything", "By the way", "BTW"),
    # work announced: "Wait, let me ...", "I'll check ...", "Hmm, ..."
    *("Wait", "Hmm", "Hold on", "Hang on", "I'll", "I will", "I should", "I need to"),
    *("I must", "I have to", "We need to", "We should", "We'll", "We will", "Oh,", "Ok,"),
    *("Okay,", "Well,", "But let", "But wait", "Actually, let", "Now let", "Now, let"),
    *("First, let", "First let"),
    # an aside's label (checks_after.check_cut needs its colon, P.S. and N.B. none)
    *(
        "P.S",
        "P.P.S",
        "PS:",
        "PS ",
        "N.B",
        "NB:",
        "NB ",
        "Fun fact",
        "Fun Fact",
        "FUN FACT",
        "Tip",
        "TIP",
    ),
    *("Pro tip", "Pro Tip", "Quick tip", "Quick Tip", "Hint", "HINT", "Remember", "REMEMBER"),
    *("Reminder", "Bonus", "BONUS", "Disclaimer", "DISCLAIMER", "Caveat", "Trivia", "FYI"),
    *("Key takeaway", "Key Takeaway", "Takeaway", "Key lesson", "Key Lesson", "Lesson"),
    # a confidence: "Confidence: 95%", "I'm 95% sure." (COURTESY)
    *("Confidence", "CONFIDENCE", "Certainty", "CERTAINTY", "I'm ", "I am "),
)
"""What a sentence must start with (after Markdown marks) to be looked at as a courtesy
sentence (:data:`COURTESY`) or an announcement of work (:func:`unfinished`)."""

_BY_HEAD: dict[str, tuple[str, ...]] = {}
for _o in CLOSING_OPENERS:
    _BY_HEAD[_o[:3]] = (*_BY_HEAD.get(_o[:3], ()), _o)

CLOSING_HEADS = frozenset(_BY_HEAD) | frozenset(
    m + h[: 3 - len(m)] for h in _BY_HEAD for m in ("*", "**", "_", "- ", "> ")
)
"""The first three characters of :data:`CLOSING_OPENERS`, also after Markdown marks: the
probe of the final-sentence and last-number rules (``sentence[:3] in CLOSING_HEADS``, one
set lookup)."""


def closing_end(t: str, end: int = 0) -> bool:
    """Does the last sentence of ``t``, after ``end`` (a marker's answer), start like a
    closing (:func:`closing_head`)? ``The answer is 18. Happy to help, though it may be
    20!``. Most answers are followed by no new sentence (``**$18** a day.``): a few
    searches of the text after them."""
    body = t.rstrip()
    after = body[end:]
    if not ("\n" in after or ". " in after or "! " in after or "? " in after):
        return False
    s = body[_sentence_start(body, len(body.rstrip(_FINISHER_CHARS))) :]
    return s[:3] in CLOSING_HEADS and closing_head(s)


def closing_head(sentence: str) -> bool:
    """Does ``sentence`` start (after Markdown marks) with one of :data:`CLOSING_OPENERS`?
    Callers test ``sentence[:3] in CLOSING_HEADS`` first: one set lookup for most
    sentences, then the few openers of its first three characters."""
    if sentence[:1] in _MARKUP:
        sentence = sentence.lstrip(_MARKUP)
    openers = _BY_HEAD.get(sentence[:3])
    return openers is not None and sentence.startswith(openers)


_MARKUP = " \t*_#>-"


# -- hedges in a closing ---------------------------------------------------------------------

_HEDGE: list[re.Pattern[str]] = []


def _hedge() -> re.Pattern[str]:
    """A word that offers a value as (another) answer, or an ``or`` that opens a clause."""
    if not _HEDGE:
        _HEDGE.append(
            re.compile(
                r"(?<![a-z])(?:maybe|perhaps|possibly|probably|alternatively|instead|either"
                r"|otherwise|answer|unsure|not\s+sure)(?![a-z])"
                r"|(?<![a-z])(?:might|could|may|would)\s{1,3}(?:also\s{1,3}|even\s{1,3}|"
                r"actually\s{1,3}|just\s{1,3})?be(?![a-z])"
                r"|(?:^|[.:,;(\u2014*])\s{0,3}or(?![a-z])"
            )
        )
    return _HEDGE[0]


def hedges(closing: str, value: Number) -> bool:
    """Does ``closing`` (an aside or a courtesy sentence after the answer ``value``) offer
    another value for the answer?

    Yes when it holds a number other than ``value`` and either a word that offers one
    (``maybe``, ``perhaps``, ``possibly``, ``probably``, ``instead``, ``either``,
    ``alternatively``, ``otherwise``, ``answer``, ``not sure``, ``might be``, ``could
    (also) be``, ``would be``), or an ``or`` that opens it or one of its clauses (``P.S. or
    maybe $20``), or a hedge that joins ``value`` to another number (``P.S. 18 or 20``).
    A hedge between two other numbers (``prices may vary by 2 or 3 dollars``) offers
    nothing for the answer.

    Example:
        >>> from rftkit.rewards.numbers import Number
        >>> hedges("P.S. or maybe $20.", Number(18, False))
        True
        >>> hedges("Note: prices may vary by 2 or 3 dollars.", Number(18, False))
        False
    """
    s = clean_latex(closing)
    tokens = scan(s, 64)
    if not any(t.number is not None and not numbers_equal(t.number, value) for t in tokens):
        return False
    if (_HEDGE[0] if _HEDGE else _hedge()).search(s.lower()) is not None:
        return True
    return hedged(s, tokens, value)


def hedged(s: str, tokens: list[Token], value: Number) -> bool:
    """Is ``value``, a number of ``s``, joined to a different one by a hedge
    (:func:`sentences.is_hedge`: ``$18 or $20``)?"""
    for i in range(1, len(tokens)):
        a, b = tokens[i - 1].number, tokens[i].number
        if (
            a is not None
            and b is not None
            and (numbers_equal(a, value) or numbers_equal(b, value))
            and not numbers_equal(a, b)
            and is_hedge(s[tokens[i - 1].end : tokens[i].start])
        ):
            return True
    return False


# -- work announced, never done --------------------------------------------------------------

_ANNOUNCE: list[re.Pattern[str]] = []


def _announce() -> re.Pattern[str]:
    """A sentence that announces work and does none (matched in full, lower case)."""
    if not _ANNOUNCE:
        _ANNOUNCE.append(
            re.compile(
                r"[ \t*_>#-]{0,8}"
                r"(?:(?:wait|hmm+|hold\s+on|oh|ok|okay|well|but|actually|now|first|hang\s+on)"
                r"[,.!]?\s{1,3}){0,2}"
                r"(?:let\s+me|let's|let\s+us|lets|i'll|i\s+will|i\s+need\s+to|i\s+should|i\s+must"
                r"|we\s+need\s+to|we\s+should|we'll|we\s+will|i\s+have\s+to|i'd\s+better)\s{1,3}"
                r"(?:(?:quickly|just|also|now|first|carefully|actually|still|again)\s{1,3})?"
                r"(?:double[- ]?check|re-?check|check|verify|confirm|re-?calculate|calculate"
                r"|re-?compute|compute|re-?do|re-?consider|reconsider|re-?think|think|re-?examine"
                r"|re-?evaluate|review|re-?read|go\s+(?:over|back|through)|look|try|make\s+sure"
                r"|reassess|re-?work|re-?solve|solve|figure|see)(?![a-z])"
                r"(?:[ \t]{1,3}[a-z'-]{1,20}){0,7}[ \t]{0,3}[.!:\u2026]{0,3}[ \t*_]{0,4}"
            )
        )
    return _ANNOUNCE[0]


_STOPS = (". ", "! ", "? ", "\n")


def _last_sentence(body: str) -> int:
    """Where the last sentence of ``body`` (no trailing space) starts, reading at most
    :data:`PROBE_REACH` characters back."""
    lo = max(0, len(body) - PROBE_REACH)
    end = len(body) - 1
    k = lo
    for stop in _STOPS:
        j = body.rfind(stop, lo, end)
        if j != -1 and j + len(stop) > k:
            k = j + len(stop)
    return k


def unfinished(t: str) -> bool:
    """Does ``t`` end by announcing work that never comes?

    Its last sentence (after any courtesy sentences, :data:`COURTESY`) announces a check,
    a recalculation or more thought (``Let me check again.``, ``Let me double-check.``,
    ``Wait, let me recalculate.``, ``I'll verify this.``) and holds no digit: the reply did
    not finish its own reasoning, and the answer it gave before is tentative. A check that
    is done (``Let me verify: 9*2 = 18.``, ``Let me check: yes, that's right.``) is no
    announcement.

    Example:
        >>> unfinished("So it's 66? Let me check again.")
        True
        >>> unfinished("So she makes $18. Let me verify: 9*2 = 18.")
        False
    """
    body = t.rstrip()
    for _ in range(4):
        if not body:
            return False
        k = _last_sentence(body)
        low = body[k:].lower()
        if _courtesy().match(low) is None:
            if has_digit(low) or _announce().fullmatch(low) is None:
                return False
            return k > 0 and has_digit(body[max(0, k - 400) : k])
        body = body[:k].rstrip()
    return False


_COURTESY: list[re.Pattern[str]] = []


def _courtesy() -> re.Pattern[str]:
    if not _COURTESY:
        _COURTESY.append(re.compile(r"[ \t*_>#-]{0,8}(?:" + COURTESY + ")", re.IGNORECASE))
    return _COURTESY[0]


def courtesy_only(section: str) -> bool:
    """Is ``section`` (an aside found by :func:`checks_after.check_cut`) a courtesy sentence
    with no number in digits or words (``I hope this helps!``)? It is read as before: the
    reply's last number, which is the answer before it."""
    return (
        not has_digit(section)
        and _courtesy().match(section) is not None
        and not number_words(section)
    )


def unfinished_reading(flags: list[str]) -> Extraction:
    """The extraction of a reply that announced work and stopped (:func:`unfinished`)."""
    return _new(
        Extraction, (None, None, None, 0, (*flags, "unfinished", "no_answer"), False, "no_answer")
    )


# -- a question ------------------------------------------------------------------------------

_CLOSERS = " \t\r\n*_`'\")]}!$"


def asked(found: Extraction | None, sentence: str) -> Extraction | None:
    """``found`` (read in ``sentence``, the final sentence or the last number's), refused
    as ``question`` when ``sentence`` is a question: ``So it's 66?``, ``Is the answer 66?``
    ask, they do not state. A tag question (``So she makes $18, right?``: a last clause of
    at most three words with no digit after a comma) states its answer, and is read.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("So it's 66?").rejected
        'question'
    """
    if found is None or found.rejected is not None:
        return found
    s = sentence.rstrip(_CLOSERS)
    if not s.endswith("?"):
        return found
    c = s.rfind(",")
    if c != -1 and not has_digit(s[c:]) and len(s[c + 1 :].split()) <= 3:
        return found  # "..., right?": a statement
    rejected = "question"
    return _rejected(found, rejected)


# -- an aside that concludes -----------------------------------------------------------------

_CONCLUDES = (*_CONCLUSIONS, "total", "the answer", "answer", "final answer")
_CLAUSES = (", so ", " so ", " thus", " therefore", " hence")


def concludes(t: str, k: int, end: int) -> bool:
    """Does the aside opened at ``k`` in ``t[k:end]`` (the rest of its line) conclude with
    a digit? A clause ``so``, ``thus``, ``therefore``, ``hence`` with a digit after it (``Tip:
    each egg is $2, so she makes 9*2 = $18.``), or a later sentence opening ``So``,
    ``Thus``, ``Total``, ``The answer``, ... with a digit (``Remember: May is half. So she
    sold 72 clips.``): the line goes on with the solution, and is no aside."""
    if end - k > 800:
        return True  # more than an aside: read as before
    low = t[k:end].lower()
    for clause in _CLAUSES:
        j = low.find(clause)
        if j != -1 and has_digit(low[j:]):
            return True
    j = 0
    for _ in range(8):
        j = min((i for i in (low.find(". ", j), low.find("! ", j)) if i != -1), default=-1)
        if j == -1:
            return False
        j += 2
        if low[j : j + 16].lstrip(" *_").startswith(_CONCLUDES) and has_digit(low[j:]):
            return True
    return True  # more sentences than read: no aside


# -- a confidence remark after the answer, on its line ------------------------------------------

# A confidence's value: a percentage, a score out of 5, 10 or 100, a probability, a word.
_CONFIDENCE_VALUE = (
    r"(?:\d{1,3}(?:\.\d{1,2})?[ \t]?%|\d{1,3}(?:\.\d)?[ \t]*/[ \t]*(?:5|10|100)"
    r"|0?\.\d{1,3}|1\.0|(?:very[ \t]+|fairly[ \t]+|quite[ \t]+)?"
    r"(?:high|low|medium|moderate|strong|full|certain))"
)
_CONFIDENCE: list[re.Pattern[str]] = []


def _confidence() -> re.Pattern[str]:
    """A confidence remark that ends its text, after a comma, a dash, a bar or a bracket:
    ``, confidence 9/10``, `` - confidence: high``, ``(confidence: 90%)``, ``, with 90%
    confidence``, ``, I'm 90% sure``; searched on lower-cased text."""
    if not _CONFIDENCE:
        v = _CONFIDENCE_VALUE
        _CONFIDENCE.append(
            re.compile(
                r"(?:[ \t]*[,;][ \t]*|[ \t]+[-\u2013\u2014|][ \t]*|[ \t]*[(\[][ \t]*)"
                r"(?:(?:with[ \t]+)?(?:an?[ \t]+)?(?:my[ \t]+)?confidence"
                r"(?:[ \t]+(?:level|score|rating))?(?:[ \t]*(?:[:=]|of|is)[ \t]*|[ \t]+)"
                + v
                + r"|(?:with[ \t]+)?(?:an?[ \t]+)?"
                + v
                + r"[ \t]+confidence(?:[ \t]+level)?"
                r"|(?:i'?m[ \t]+|i[ \t]+am[ \t]+)?(?:about[ \t]+)?\d{1,3}(?:\.\d{1,2})?[ \t]?%"
                r"[ \t]+(?:sure|confident|certain))"
                r"[ \t]*[)\]]?[ \t]*[.!]?[ \t*_]*$"
            )
        )
    return _CONFIDENCE[0]


def confidence_at(text: str) -> int:
    """Where a confidence remark that ends ``text`` starts (``Answer: 18, confidence 9/10``,
    ``She makes $18, with 90% confidence.``, ``18 (confidence: 90%)``), or -1. The remark is
    the reply's own estimate of its answer, no value for it: the answer is read without it
    (docs/graders.md, "A hedge after a connective, an interjection or a sign"). A value
    that is no confidence (``18, confidence 20``: no percentage, score, probability or
    word) is no remark.

    Example:
        >>> confidence_at("18, confidence 9/10"), confidence_at("18, confidence 20")
        (2, -1)
    """
    m = _confidence().search(text.lower())
    return -1 if m is None or m.start() == 0 else m.start()


def confident_answer(span: str, result: ParseResult, *, strict: bool) -> ParseResult:
    """``parse_answer``'s reading of an answer container's ``span`` without a confidence
    remark that ends it (:func:`confidence_at`), when ``result`` (its reading with it) holds
    no number; else ``result``. Called only for an answer that several numbers refused and
    that holds ``onfiden`` or ``%`` (the caller's probe)."""
    k = confidence_at(span)
    if k == -1:
        return result
    from rftkit.rewards.equations import parse_answer  # (a cycle at import time)

    read = parse_answer(span[:k], strict=strict)
    return read if read.number is not None else result
