"""Values a reply relates to its answer: comparisons after it, and values it rejects.

Helpers of :mod:`rftkit.rewards.extract` (the final sentence, the last number and the
``answer is`` and ``A:`` statements). Standard library only: this module ships inside every
reward Lambda (no typing at run time, patterns compiled on first use).

The policy (docs/graders.md, "Comparisons and rejected values"):

* **a rejected value is never the answer.** ``18, not 20``, ``not 16 but 18``, ``18 rather
  than 16``, ``18 instead of 16``, ``16 is wrong; it is 18``, ``It isn't 16, it's 18``: the
  rejected value (and a list of them, ``not 20 or 21``) is taken out and the rest is read.
  A reply that keeps the value it rejects (``18, not 18``) is refused (``several_numbers``);
  one that rejects every value it states keeps none (``The answer is not 18.`` states no
  answer);
* **a comparison after the answer is a remark on it.** A comparison (``4 more than Tom``,
  ``4 years older than``, ``20% more than``, ``3 times as many as``, ``twice as many as``)
  that follows a number of the same sentence through a comma, a dash, ``which is``, ``that
  is``, ``i.e.`` or the like, or that opens the next sentence with ``That's``, ``This is``,
  ``It's`` or ``Which is`` (``She has 12 apples. That's 4 more than Tom.``), describes that
  number: the remark is taken out, and the number it describes is read (12);
* **a comparison that is its own main clause states the difference.** ``She has 4 more
  apples than Tom.`` (the answer to "how many more"), ``She has 3 times as many as Tom.``:
  the difference is read (4, 3); the quantity compared with (``than Tom's 8``) is never the
  answer and is taken out. ``The difference is 4.`` is such a statement too.

Bounds: every pattern is linear (possessive or bounded repeats); a text is cut at most
:data:`_MAX_CUTS` times; only sentences that hold one of the trigger words are read at all
(the caller's probe, :func:`related`).
"""

from __future__ import annotations

import re

from rftkit.rewards.numbers import Number, has_digit, numbers_equal, scan

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["UNCHANGED", "kept", "kept_span", "related", "statement"]

_MAX_CUTS = 8  # relations taken out of one text, at most
_REACH = 48  # characters before a comparison read for the gap that makes it a remark

# A number as the reply writes it: a currency sign, thousands, decimals, a fraction, percent.
_NUM = (
    r"(?<![0-9.,/])(?:[$\u20ac\u00a3] ?)?(?:[0-9]{1,3}(?:,[0-9]{3})++|[0-9]++)"
    r"(?:\.[0-9]++)?(?:/[0-9]++)?(?: ?%| percent(?![A-Za-z]))?"
)
# Rejected numbers, one or a list joined by "or"/"nor" ("not 20 or 21").
_LIST = _NUM + r"(?: ?,? n?or " + _NUM + r"){0,4}"
_WORDS = r"(?: [A-Za-z'-]++){0,3}?"  # at most three words, no digit, no comma
# Between a number and its comparative: words that name what is counted ("4 years older"),
# not a verb or a clause ("1.76 is less than 2", "12 apples and then more than").
_UNITS = (
    r"(?: (?!(?:is|are|was|were|be|been|has|have|had|and|or|but|so|then|which|that|it|to"
    r"|if|than)(?![A-Za-z]))[A-Za-z'-]++){0,2}?"
)
_NOT_COMPARATIVES = (
    "rather|other|either|neither|whether|never|ever|over|after|under|per|her|later|order"
)
_REJECTIONS: list[re.Pattern[str]] = []
_COMPARISONS: list[re.Pattern[str]] = []
_GAP: list[re.Pattern[str]] = []
_END: list[re.Pattern[str]] = []
_BUT: list[re.Pattern[str]] = []
_MULTIPLIERS = frozenset({"twice", "thrice", "half", "double", "triple"})


def _patterns() -> None:
    """Compile the patterns (on first use: a cold start that never needs them pays nothing)."""
    _REJECTIONS.append(
        re.compile(
            # "not 20", "isn't 20", "not the 20", "not 20 or 21"
            r"(?:(?<![A-Za-z])[Nn]ot|n't|n\u2019t) (?:(?:the|just|only|exactly|equal to|even) )?"
            r"(" + _LIST + r")"
            # "instead of 16", "rather than 16"
            r"|(?<![A-Za-z])(?:[Ii]nstead of|[Rr]ather than) (" + _LIST + r")"
            # "16 is wrong", "16 apples was incorrect", "16 is not right"
            r"|(" + _NUM + r")(?: [A-Za-z]++){0,2}? (?:is|was|would be|are|were) "
            r"(?:wrong|incorrect|not (?:right|correct))(?![A-Za-z])"
        )
    )
    _COMPARISONS.append(
        re.compile(
            r"(" + _NUM + r"|(?<![A-Za-z])(?:twice|thrice|half|double|triple))"
            # "4 more than", "4 years older than", "20% more apples than"
            r"(?:" + _UNITS + r" (?!(?:" + _NOT_COMPARATIVES + r")(?![A-Za-z]))"
            r"(?:more|less|worse|[A-Za-z]*+(?<=[a-z]er))" + _WORDS + r" (than)"
            # "3 times as many as", "twice as much water as"
            r"|( times)? as" + _WORDS + r" (as))(?![A-Za-z])",
            re.IGNORECASE,
        )
    )
    # What makes a comparison a remark on the number before it: a comma, a colon, a dash,
    # a full stop (the sentence before), then maybe "which is", "that's", "i.e.".
    _GAP.append(
        re.compile(
            r"([,;:.(]|\s[-\u2013\u2014]{1,2}|[\u2013\u2014])?\s*"
            r"((?:(?:and|so) )?(?:which|that|this|it)(?:'s|\u2019s| is| was| would be| will be"
            r"| makes| means)? |i\.e\.,? )?(?:(?:about|exactly|only|just|some) )?\Z",
            re.IGNORECASE,
        )
    )
    _BUT.append(re.compile(r"[ ,;]*+but(?![A-Za-z]) ?", re.IGNORECASE))
    # Where a remark or a compared quantity ends: a new clause that concludes, an "=", the
    # end of a sentence.
    _END.append(
        re.compile(
            r",(?! who| whose)|;| (?:so|thus|therefore|hence|making|giving|which|is|are|was"
            r"|were|equals|makes|gives|comes to)(?![A-Za-z])| ?=|[.!?](?:\s|\Z)|\)",
            re.IGNORECASE,
        )
    )


def related(s: str) -> bool:
    """Might ``s`` relate a value to its answer (one of the trigger words)? Cheap."""
    return (
        " than " in s
        or " as " in s
        or "not " in s
        or "Not " in s
        or "n't " in s
        or "instead" in s
        or "wrong" in s
        or "ncorrect" in s
        or "n\u2019t " in s
    )


def kept(s: str) -> tuple[str, tuple[Number, ...], bool] | None:
    """``s`` without its rejected values and its comparisons' remarks and compared
    quantities, the values it rejects, and whether it opens with a remark (``That's 4 more
    than Tom.``: it describes a number of the sentence before). None when it holds none.
    """
    if not related(s):
        return None  # the same test as the callers' probe: they may skip the call
    if not _REJECTIONS:
        _patterns()
    rejected: list[Number] = []
    lead = False
    changed = False
    for _ in range(_MAX_CUTS):
        cut = _rejection(s, rejected)
        if cut is None and (" than " in s or " as " in s):
            cut, opens = _comparison(s)
            lead = lead or opens
        if cut is None:
            break
        a, b = cut
        s = s[:a] + " " + s[b:] if a and b < len(s) else s[:a] + s[b:]  # no word glued
        changed = True
    if not changed and not lead:
        return None
    return s, tuple(rejected), lead


def _rejection(s: str, rejected: list[Number]) -> tuple[int, int] | None:
    """The span to take out for the first rejected value (or list) in ``s``, its values
    added to ``rejected``; None when ``s`` rejects none.

    ``, not 20``, `` and not 20``, `` rather than 16``, ``not 16 but ``: the rejecting
    words go with the value; ``16 is wrong``: the value alone.
    """
    m = _REJECTIONS[0].search(s)
    if m is None:
        return None
    g = m.lastindex or 1
    a, b = m.span(g)
    for tok in scan(s[a:b]):
        if tok.number is not None:
            rejected.append(tok.number)
    if g == 3:
        return a, b  # "16 is wrong": the words say what was wrong
    a = m.start()
    if s[a] in "nN" and s[a + 1] in "oO":  # "not", not "isn't": the separator before it too
        pre = s[:a].rstrip(" ,")
        if pre.endswith((" and", " but")):
            pre = pre[:-4].rstrip(" ,")
        a = len(pre)
    after = _BUT[0].match(s, b)  # "not 16 but 18": the "but" too
    return a, (b if after is None else after.end())


def _comparison(s: str) -> tuple[tuple[int, int] | None, bool]:
    """The span to take out for the first comparison in ``s`` that has one, and whether a
    comparison opens ``s`` as a remark on a number before it (``That's 4 more``)."""
    rx = _COMPARISONS[0]
    gap_rx = _GAP[0]
    end_rx = _END[0]
    pos = 0
    opens = False
    while True:
        m = rx.search(s, pos)
        if m is None:
            return None, opens
        pos = m.start() + 1
        n = m.group(1)
        if m.group(4) is not None:  # "... as many as": only after a factor
            if not (m.group(3) or n.lower() in _MULTIPLIERS or n.endswith(("%", "percent"))):
                continue
            keyword = m.start(4)
        elif m.group(2) is not None:
            keyword = m.start(2)
        else:
            continue
        e = end_rx.search(s, m.end())
        end = len(s) if e is None else e.start()
        if e is not None and has_digit(s[end:]):
            pos = m.end()  # a later clause or result states the answer: nothing to take out
            continue
        start = m.start()
        lo = start - _REACH if start > _REACH else 0
        g = gap_rx.search(s, lo, start)
        if g is not None and (g.group(1) or g.group(2)):
            before = s[: g.start()]
            if has_digit(before):
                if g.group(1) == "(" and s[end : end + 1] == ")":
                    end += 1  # "12 apples (4 more than Tom's 8)": the whole remark
                return (g.start(), end), opens  # "12 apples, 4 more than Tom": a remark
            if g.group(2) and not before.strip(" \t*_#>-\"'("):
                opens = True  # "That's 4 more than Tom.": a remark on what came before
        if has_digit(s[keyword:end]):
            return (keyword - 1, end), opens  # "4 more than Tom's 8": not the 8
        pos = m.end()


class _Unchanged:
    __slots__ = ()


UNCHANGED = _Unchanged()
""":func:`statement`'s answer when ``sentence`` relates no value: read it as it is."""


def statement(
    ex: Extractor, rule: str, sentence: str, words: bool, flags: list[str], *, body: object
) -> Extraction | _Unchanged | None:
    """``ex._statement`` of ``sentence`` read by this module's policy (see the module).

    ``body``: the reply up to the end of ``sentence`` when ``sentence`` is its final
    sentence, else None. A final sentence that is only a remark (``That's 4 more than
    Tom.``) or rejects every value it states (``Not 20.``) is read with the sentence
    before it, when that one holds a number.
    """
    found = kept(sentence)
    if found is None:
        return UNCHANGED
    text, rejected, lead = found
    if (
        isinstance(body, str)
        and (lead or not has_digit(text))
        and len(body) > len(sentence)
        and body.endswith(sentence)
    ):
        from rftkit.rewards.sentences import _sentence_start

        start = len(body) - len(sentence)
        wider = kept(body[_sentence_start(body, start - 1) :])
        if wider is not None and has_digit(wider[0]):
            text, rejected, lead = wider
    read = ex._statement(rule, text, words, flags, False)
    if read is None or read.number is None or read.rejected is not None:
        return read
    for value in rejected:
        if numbers_equal(value, read.number):  # "18, not 18": it keeps what it rejects
            reason = "several_numbers"
            return tuple.__new__(
                type(read), (read.answer, rule, None, 1, (*flags, reason), False, reason)
            )
    return read


def kept_span(span: str) -> str:
    """An answer statement's text (``18, not 20``) without what it rejects or compares
    (``18``); ``span`` itself when it relates nothing, or keeps a value it rejects."""
    found = kept(span)
    if found is None:
        return span
    text, rejected, _ = found
    if rejected:
        for tok in scan(text):
            if tok.number is not None and any(numbers_equal(tok.number, r) for r in rejected):
                return span  # "18, not 18": several numbers, as written
    return text.strip(" \t,;:-")
