"""Values a reply relates to its answer: comparisons after it, and values it rejects.

Helpers of :mod:`rftkit.rewards.extract` (the final sentence, the last number and the
``answer is`` and ``A:`` statements). Standard library only: this module ships inside every
reward Lambda (no typing at run time, patterns compiled on first use).

The policy (docs/graders.md, "Rejected values and comparisons after the answer"):

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

from rftkit.rewards.number_words import number_words
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
# A count in words, as number_words reads it ("twenty", "forty-two", "two hundred").
_UNITS_WORDS = "nineteen|eighteen|seventeen|sixteen|fifteen|fourteen|thirteen|twelve|eleven"
_UNITS_WORDS += "|ten|nine|eight|seven|six|five|four|three|two|one|zero"
_WORDNUM = (
    r"(?<![A-Za-z'-])(?i:(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:nine|eight|seven|six|five|four|three|two|one))?|" + _UNITS_WORDS + r")"
    r"(?:[ -](?:hundred|thousand|dozen))?|an? (?:hundred|thousand|dozen))(?![A-Za-z'-])"
)
_NUMW = "(?:" + _NUM + "|" + _WORDNUM + ")"
# Rejected numbers, one or a list joined by "or"/"nor" ("not 20 or 21", "not 20 km or 21 km").
_LIST = _NUMW + r"(?:(?: (?!n?or )[A-Za-z]++){0,2}? ?,? n?or " + _NUMW + r"){0,4}"
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
_AFTER_NOT: list[re.Pattern[str]] = []
_WRONG: list[re.Pattern[str]] = []
_DIGIT: list[re.Pattern[str]] = []
_COMPARISONS: list[re.Pattern[str]] = []
_GAP: list[re.Pattern[str]] = []
_END: list[re.Pattern[str]] = []
_BUT: list[re.Pattern[str]] = []
_MULTIPLIERS = frozenset({"twice", "thrice", "half", "double", "triple"})
# Each rejecting word (found by a plain search), where its rejected list starts after it,
# and the letter that must come right before it ("not", not "knot"; "instead", "rather").
_REJECTING = (
    ("ot ", 3, "nN"),
    ("n't ", 4, ""),
    ("nstead of ", 10, "iI"),
    ("ather than ", 11, "rR"),
)
_WRONG_WORDS = ("wrong", "not right", "not correct")


def _patterns() -> None:
    """Compile the patterns (on first use: a cold start that never needs them pays nothing).

    Each is matched at a place a plain search found, or searched in a short window."""
    # After "not": "20", "the 20", "20 or 21".
    _AFTER_NOT.append(re.compile(r"(?:(?:the|exactly|equal to|even) )?(" + _LIST + r")"))
    # Before "wrong": "16 is ", "16 apples was ", "16 is " (then "not right").
    _WRONG.append(
        re.compile(r"(" + _NUMW + r")(?: [A-Za-z]++){0,2}? (?:is|was|would be|are|were) \Z")
    )
    _DIGIT.append(re.compile("[0-9]"))
    _COMPARISONS.append(
        re.compile(
            r"(" + _NUMW + r"|(?:twice|thrice|half|double|triple))"
            # "4 more than", "4 years older than", "20% more apples than"
            r"(?:" + _UNITS + r" (?!(?:" + _NOT_COMPARATIVES + r")(?![A-Za-z]))"
            r"(?:more|less|worse|[A-Za-z]*+(?<=[a-z]er))" + _WORDS + r" (than)"
            # "3 times as many as", "twice as much water as"
            r"|( times)? as" + _WORDS + r" (as))(?![A-Za-z])",
            re.IGNORECASE,
        )
    )
    # What makes a comparison a remark on the number before it (read backwards from the
    # number, so one match decides): maybe "about", then "which is", "that's", "i.e.", then a
    # comma, a colon, a dash, a bracket or a full stop (the sentence before).
    anaphors = "|".join(
        f"{verb[::-1]} {word[::-1]}"
        for verb in ("is", "was", "would be", "will be", "makes", "means")
        for word in ("which", "that", "this", "it")
    )
    _GAP.append(
        re.compile(
            r" *+(?:(?:tuoba|yltcaxe|ylno|tsuj|emos) ++)?"
            r"((?:" + anaphors + r"|s['\u2019](?:taht|siht|ti)|hcihw|taht|siht|ti)(?![A-Za-z])"
            r"(?: ++(?:dna|os)(?![A-Za-z]))?|,?\.e\.i)?"
            r"\s*+([,;:.(]|[-\u2013\u2014]{1,2}(?=\s)|[\u2013\u2014])?",
            re.IGNORECASE,
        )
    )
    _BUT.append(re.compile(r"[ ,;]*+but(?![A-Za-z]) ?", re.IGNORECASE))
    # Where a remark or a compared quantity ends: a new clause that concludes, an "=", the
    # end of a sentence.
    _END.append(
        re.compile(
            r"[;=)]|,(?! who| whose)|[.!?](?:\s|\Z)| (?:so|thus|therefore|hence|making|giving"
            r"|which|equals|makes|gives|comes to)(?![A-Za-z])"
            r"|(?<!who|ose) (?:is|are|was|were)(?![A-Za-z])"  # not "Tom, who is 8"
        )
    )


def related(s: str) -> bool:
    """Might ``s`` relate a value to its answer? Plain searches for the words that may
    (``than``, ``not``, ``as``, ``instead``, ``wrong``, ``n't`` after a one-character
    search for the apostrophe, and ``Not`` opening ``s``): the callers run it on every
    final sentence. :func:`kept` reads only what it lets through."""
    return (
        "than" in s
        or "not" in s
        or " as" in s
        or "nstead" in s
        or "wrong" in s
        or s[:3] == "Not"
        or ("'" in s and "n't" in s)
    )


def kept(s: str) -> tuple[str, tuple[Number, ...], bool] | None:
    """``s`` without its rejected values and its comparisons' remarks and compared
    quantities, the values it rejects, and whether it opens with a remark (``That's 4 more
    than Tom.``: it describes a number of the sentence before). None when it holds none.
    """
    if not related(s):
        return None  # the same test as the callers' probe: they may skip the call
    return _kept(s)


def _kept(s: str) -> tuple[str, tuple[Number, ...], bool] | None:
    """:func:`kept` without its probe (a sentence and the one before it: ``... Not 20.``)."""
    if not _DIGIT:
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
    if not ("ot " in s or "n't " in s or "nstead" in s or "ather" in s or "wrong" in s):
        return None  # the words each rejection needs (a plain search for each)
    best: tuple[int, int, int] | None = None  # (start of the words, the values' span)
    for word, size, before in _REJECTING:
        k = s.find(word)
        while k != -1 and (best is None or k < best[0]):
            start = k - 1 if before else k
            if (
                not before or (k and s[k - 1] in before and (k < 2 or not s[k - 2].isalpha()))
            ) and (m := _AFTER_NOT[0].match(s, k + size)) is not None:
                best = (start, *m.span(1))
                break
            k = s.find(word, k + 1)
    for word in _WRONG_WORDS:
        k = s.find(word)
        while k != -1 and (best is None or k < best[0]):
            m = _WRONG[0].search(s, max(0, k - _REACH), k)
            if m is not None:
                a, b = m.span(1)
                if best is None or a < best[0]:
                    _add(rejected, s[a:b])
                    return a, b  # "16 is wrong": the words say what was wrong
            k = s.find(word, k + 1)
    if best is None:
        return None
    start, a, b = best
    _add(rejected, s[a:b])
    if s[start] in "nN" and s[start + 1] in "oO":  # "not": the separator before it too
        pre = s[:start].rstrip(" ,")
        if pre.endswith((" and", " but")):
            pre = pre[:-4].rstrip(" ,")
        start = len(pre)
    after = _BUT[0].match(s, b)  # "not 16 but 18": the "but" too
    return start, (b if after is None else after.end())


def _add(rejected: list[Number], text: str) -> None:
    for tok in scan(text) if has_digit(text) else number_words(text):
        if tok.number is not None:
            rejected.append(tok.number)


def _comparison(s: str) -> tuple[tuple[int, int] | None, bool]:
    """The span to take out for the first comparison in ``s`` that has one, and whether a
    comparison opens ``s`` as a remark on a number before it (``That's 4 more``)."""
    rx = _COMPARISONS[0]
    opens = False
    digits = has_digit(s)
    for start, trigger in _starts(s):
        lo = start - _REACH if start > _REACH else 0
        g = _GAP[0].match(s[lo:start][::-1])
        anaphor, punct = g.group(1, 2)  # type: ignore[union-attr]  # every part is optional
        if not (punct or anaphor) and not _holds_number(s[trigger:], digits):
            continue  # "3 more fish than the first": the difference, nothing compared
        m = rx.match(s, start)
        if m is None:
            continue
        n = m.group(1)
        if m.group(4) is not None:  # "... as many as": only after a factor
            if not (m.group(3) or n.lower() in _MULTIPLIERS or n.endswith(("%", "percent"))):
                continue
            keyword = m.start(4)
        else:
            keyword = m.start(2)
        e = _END[0].search(s, m.end())
        end = len(s) if e is None else e.start()
        if e is not None and has_digit(s[end:]):
            continue  # a later clause or result states the answer: nothing to take out
        if punct or anaphor:
            gap = start - g.end()  # type: ignore[union-attr]
            before = s[:gap]
            if _holds_number(before, False):
                if punct == "(" and s[end : end + 1] == ")":
                    end += 1  # "12 apples (4 more than Tom's 8)": the whole remark
                return (gap, end), opens  # "12 apples, 4 more than Tom": a remark
            if anaphor and not before.strip(" \t*_#>-\"'("):
                opens = True  # "That's 4 more than Tom.": a remark on what came before
        if _holds_number(s[keyword:end], digits):
            return (keyword - 1, end), opens  # "4 more than Tom's 8": not the 8
    return None, opens


def _starts(s: str) -> list[tuple[int, int]]:
    """Where a comparison may start, left to right: the last number before each ``than``
    (no digit may stand between them), and the factor before an ``as`` (``3 times as``,
    ``twice as``, ``20% as``). Not for a comparison whose clause a digit follows (what
    :func:`_comparison` would skip): ``three times as much as Jane, Jean has 3*$19=$57``
    costs one search."""
    out: list[tuple[int, int]] = []
    end_rx = _END[0]
    k = s.find(" than ")
    while k != -1:
        e = end_rx.search(s, k + 5)
        if e is None or not has_digit(s[e.start() :]):
            j = _number_before(s, k)
            if j != -1:
                out.append((j, k))
        k = s.find(" than ", k + 6)
    k = s.find(" as ")
    while k != -1:
        head = s[k - 8 if k > 8 else 0 : k].lower()
        if not head.endswith(_FACTOR_ENDS):
            k = s.find(" as ", k + 4)  # "such as", "as well as": no factor, no comparison
            continue
        second = s.find(" as ", k + 4, k + 48)  # "as many as": where the regex ends it
        e = None if second == -1 else end_rx.search(s, second + 3)
        if e is not None and has_digit(s[e.start() :]):
            k = s.find(" as ", k + 4)
            continue
        for word in _MULTIPLIERS:
            if head.endswith(word) and not head[-len(word) - 1 : -len(word)].isalpha():
                out.append((k - len(word), k))
                break
        else:
            if head.endswith((" times", "%", " percent")):
                j = _number_before(s, k)
                if j != -1:
                    out.append((j, k))
        k = s.find(" as ", k + 4)
    if len(out) > 1:
        out = sorted(set(out))
    return out


def _number_before(s: str, k: int) -> int:
    """Where the last number before ``s[k]`` (at most :data:`_REACH` characters back)
    starts, with its currency sign; -1 when there is none, or it ends a word (``x2``)."""
    lo = k - _REACH if k > _REACH else 0
    m = _DIGIT[0].search(s[lo:k][::-1])
    i = lo if m is None else k - m.start()  # after the last digit
    gap = s[i:k]
    if m is None or ". " in gap or ", " in gap or "; " in gap:
        # "four more than Tom", "12 apples. That's four more than": a count in words,
        # after the last digit's clause (in its clause, words are not read beside digits)
        words = number_words(gap)
        if words:
            return i + words[-1].start
        if m is None:
            return -1
    i -= 1
    while i > lo and s[i - 1] in _NUMBER_CHARS:
        i -= 1
    while s[i] not in _DIGITS:
        i += 1  # not a leading "," or "."
    if i and s[i - 1] in _CURRENCY:
        i -= 1
    elif i > 1 and s[i - 1] == " " and s[i - 2] in _CURRENCY:
        i -= 2
    elif i and s[i - 1].isalpha():
        return -1
    return i


def _holds_number(text: str, digits: bool) -> bool:
    """Does ``text`` hold a number, in digits or (unless its sentence has ``digits``: then
    words are not read) in words?"""
    return has_digit(text) or (not digits and bool(number_words(text)))


_FACTOR_ENDS = ("twice", "thrice", "half", "double", "triple", " times", "%", " percent")
_DIGITS = frozenset("0123456789")
_NUMBER_CHARS = frozenset("0123456789,./")
_CURRENCY = frozenset("$\u20ac\u00a3")


class _Unchanged:
    __slots__ = ()


UNCHANGED = _Unchanged()
""":func:`statement`'s answer when ``sentence`` relates no value: read it as it is."""


def statement(
    ex: Extractor, rule: str, sentence: str, words: bool, flags: list[str], *, body: object
) -> Extraction | _Unchanged | None:
    """``ex._statement`` of ``sentence`` read by this module's policy (see the module).

    ``body``: the reply up to the end of ``sentence`` when ``sentence`` is the final
    sentence or the last number's, else None (a sentence after an answer statement: one
    that only remarks on a number before it states no answer of its own). A final
    sentence that is only a remark (``That's 4 more than Tom.``) or rejects every value it
    states (``Not 20.``) is read with the sentence before it, when that one holds a number.
    """
    found = _kept(sentence)  # the caller has probed it (related)
    if found is None:
        return UNCHANGED
    text, rejected, lead = found
    if lead and not isinstance(body, str):
        return None  # "The answer is 12. So that's 4 more than Tom.": a remark, no answer
    if (
        isinstance(body, str)
        and (lead or not _holds_number(text, False))
        and len(body) > len(sentence)
        and body.endswith(sentence)
    ):
        from rftkit.rewards.sentences import _sentence_start

        start = len(body) - len(sentence)
        wider = _kept(body[_sentence_start(body, start - 1) :])
        if wider is not None and _holds_number(wider[0], False):
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
    for r in rejected:
        for tok in scan(text) if has_digit(text) else number_words(text):
            if tok.number is not None and numbers_equal(tok.number, r):
                return f"{text.strip()}, not {r}"  # "18, not 18": several numbers
    text = text.strip(" \t,;:-")
    if not has_digit(text):  # "not 18": no answer; its words without the rejected value
        return span.translate(_NO_DIGITS).strip(" \t,;:-") or "-"
    return text


_NO_DIGITS = str.maketrans("", "", "0123456789")
