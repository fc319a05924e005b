"""An answer that states a bound, not a value: ``So she makes more than $18.``, ``So x > 18.``

Helpers of :mod:`rftkit.rewards.extract` (the final-sentence and last-number rules) and of
:func:`rftkit.rewards.equations.parse_answer` (the text of ``#### ...``, a box, a tag, ``The
answer is ...``, ``A: ...``, bold). Standard library only: this module ships inside every
reward Lambda (no typing at run time, patterns compiled on first use).

The policy (docs/graders.md, "A bound is not a value"):

* **a strict bound excludes its number.** ``more than 18``, ``less``, ``fewer``, ``greater``,
  ``larger``, ``bigger``, ``smaller``, ``higher``, ``lower than 18``, ``over 18``, ``under
  18``, ``> 18``, ``< 18``, ``\\gt 18``, ``\\lt 18`` say the answer
  is *not* 18: when the number the rule reads follows one, the reading is refused
  (``bound``; the number is still reported). ``The answer is more than 18.``, ``\\boxed{>18}``
  and ``#### >18`` alike;
* **an inclusive bound states its number.** ``at least 18``, ``at most``, ``up to``, ``no
  more than``, ``not less than``, ``>=``, ``<=``, ``\u2265``, ``\u2264``, ``\\geq``, ``\\leq``
  include 18, and a question that asks for a minimum or a maximum ("What is the least
  number of trucks she needs?") is answered so (``She needs at least 3 trucks.``,
  ``Thus, x >= 94.``): they are read as before;
* **a bound that is no bound on the answer is read as before**: a verb's particle
  (``turned over 18 cards``, ``handed over $18``), a comparison or a difference
  (``5 more than 18``, ``18 is more than 15``, ``$36 over 18 days``: a number right before
  the bound word; :mod:`.relations` and :mod:`.checks_after` read those), a bound on another
  number than the one read (``x > 0 so x = 18``, ``7 > 5, so 7 pies``);
* **a bound that remarks on the answer before it is taken out**: ``So she makes $18, which
  is more than 15.`` and ``So she needs 18, more than 15.`` read 18 (before: 15).

Cost: a final sentence pays six substring tests; only one that holds a bound word or sign
pays an ``rfind`` of the number read and an ``endswith`` on the text before it, and only a
number that follows a bound word or sign is read by the patterns (each linear; a sentence is
at most 400 characters before its number and 2,000 after it).
"""

from __future__ import annotations

import re

from rftkit.rewards.extraction import Extraction, _new, _rejected
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import Number, ParseResult, clean_latex, has_digit, scan

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from rftkit.rewards.extract import Extractor

__all__ = ["BOUND", "bound_kind", "bounded", "bounded_result", "may_bound"]

BOUND = ParseResult(None, "bound")
""":func:`bounded_result` of an answer text that states a strict bound (``more than 18``)."""

_RX: list[re.Pattern[str]] = []

# Verbs whose particle "over" / "under" is no bound: "turned over 18 cards".
_PARTICLE_VERBS = (
    r"turn(?:s|ed|ing)?|hand(?:s|ed|ing)?|gave|give[sn]?|giving|pass(?:es|ed|ing)?"
    r"|flip(?:s|ped|ping)?|knock(?:s|ed|ing)?|tip(?:s|ped|ping)?|roll(?:s|ed|ing)?"
    r"|spill(?:s|ed|ing)?|carr(?:y|ies|ied|ying)|pour(?:s|ed|ing)?|jump(?:s|ed|ing)?"
    r"|climb(?:s|ed|ing)?|leap(?:s|t|ed|ing)?|step(?:s|ped|ping)?|hop(?:s|ped|ping)?"
    r"|fold(?:s|ed|ing)?|look(?:s|ed|ing)?|went|go(?:es|ing)?|read(?:s|ing)?"
    r"|watch(?:es|ed|ing)?|fell|fall(?:s|ing)?|hid|hid(?:e|es|ing)|crawl(?:s|ed|ing)?"
    r"|slid|slid(?:e|es|ing)|sign(?:s|ed|ing)?|kick(?:s|ed|ing)?|toss(?:es|ed|ing)?"
    r"|threw|throw(?:s|n|ing)?|trip(?:s|ped|ping)?|lean(?:s|ed|ing)?|bent|bend(?:s|ing)?"
)


def _patterns() -> list[re.Pattern[str]]:
    """[the bound before a number, the context before a bound: inclusive or a particle,
    a number right before it, a remark after an earlier number, an HTML tag's name]."""
    if not _RX:
        comparative = r"(?:more|less|fewer|greater|larger|bigger|smaller|higher|lower)"
        _RX.append(
            re.compile(
                # a bound word (group 1) or a strict sign (group 2), then the number
                r"(?i:(?<![A-Za-z])(" + comparative + r"[ \t]{1,3}than|over|under))"
                r"[ \t}]{1,4}(?:\\?\$[ \t]{0,2})?(?=[-.]?\d|[A-Za-z])"  # "}": "\text{over} 18"
                r"|((?<![<>=!\-])[<>](?![<>=\-])|\\[gl]t(?![A-Za-z]))"
                r"[ \t}]{0,4}(?:\\?\$[ \t]{0,2})?(?=[-.]?\d)"
            )
        )
        _RX.append(
            re.compile(
                # inclusive: "no more than", "not over", "equal to or more than"; a particle
                r"(?i:(?<![A-Za-z])(?:(?:no|not|nothing|never)[ \t]{1,3}(?:much[ \t]{1,3})?"
                r"|(?:to|at)[ \t]{1,3}or[ \t]{1,3}|(?:" + _PARTICLE_VERBS + r")[ \t]{1,3})$)"
            )
        )
        _RX.append(
            # a number right before the bound: a comparison or a difference ("5 more than
            # 18", "18 is more than 15", "$36 over 18 days", "7 > 5")
            re.compile(
                r"\d%?(?:[ \t]{1,3}[A-Za-z']{1,20})?(?:[ \t]{1,3}(?i:is|are|was|were))?"
                r"[ \t]{0,3}$"
            )
        )
        _RX.append(
            # a remark on a number before it: "$18, which is more than 15", "18, more than 15"
            re.compile(
                r"\d%?(?:[ \t]{1,3}[A-Za-z']{1,20}){0,3}[ \t]{0,3}(,|;|:|\(|--|\u2014|[ \t]-)"
                r"[ \t]{0,3}(?i:(?:(?:which|that|this|it)(?:'s|[ \t]{1,3}(?:is|was))[ \t]{1,3}"
                r"|i\.e\.,?[ \t]{1,3})?(?:(?:just|slightly|much|far|well|still|a[ \t]{1,3}"
                r"(?:bit|little))[ \t]{1,3})?)$"
            )
        )
        _RX.append(re.compile(r"/?[A-Za-z][A-Za-z0-9]{0,15}(?:[ \t][^<>]{0,64})?"))
    return _RX


def may_bound(s: str) -> bool:
    """The probe: may ``s`` hold a strict bound (a few substring tests)?"""
    return (
        "than" in s
        or ">" in s
        or "<" in s
        or "ver " in s
        or "under " in s
        or ("\\" in s and ("\\gt" in s or "\\lt" in s))
    )


def bound_kind(s: str, start: int, end: int) -> str:
    """What the bound ``s[start:end]`` (a match of the bound pattern) is to the number after
    it: ``"bound"`` (strict, on that number), ``"as_before"`` (inclusive, a particle, a
    comparison or a difference) or ``"remark"`` (a remark on an earlier number: the caller
    reads the text before it)."""
    rx = _RX or _patterns()
    lo = max(0, start - 64)
    if (
        s[start] == ">"
        and (j := s.rfind("<", lo, start)) != -1
        and rx[4].fullmatch(s, j + 1, start) is not None
    ):
        return "as_before"  # an HTML tag's ">": "<b>18</b>"
    if rx[1].search(s, lo, start) is not None:
        return "as_before"
    if rx[2].search(s, lo, start) is not None:
        return "as_before"
    if rx[3].search(s, max(0, start - 120), start) is not None:
        return "remark"
    return "bound"


# What a bound ends with, right before its number (after spaces, a "$"): the quick test.
_ENDS = (
    "than",
    "over",
    "under",
    "Over",
    "Under",
    "OVER",
    "UNDER",
    "THAN",
    ">",
    "<",
    "\\gt",
    "\\lt",
)
_IN_NUMBER = frozenset("0123456789.,")


def bounded_result(s: str, start: int, number: Number) -> ParseResult:
    """``parse_answer``'s result for an answer text ``s`` whose one number starts at
    ``start``: :data:`BOUND` when a strict bound is right before it (``more than 18``,
    ``> 18``, ``x \\gt 18``), else the number."""
    if start and may_bound(s[:start]):
        rx = _RX or _patterns()
        for m in rx[0].finditer(s, max(0, start - 48), start + 3):
            if m.end() == start and bound_kind(s, m.start(), m.end()) != "as_before":
                return BOUND
    return _new(ParseResult, (number, None))


def _number_after(s: str, k: int, words: bool) -> tuple[Number, int] | None:
    """The number that starts at ``s[k]`` (in words only when ``words``), and its end."""
    toks = number_words(s[k : k + 48]) if words else scan(s[k : k + 64], 1)
    if not toks or toks[0].start != 0 or toks[0].number is None:
        return None
    return toks[0].number, k + toks[0].end


def bounded(  # noqa: PLR0917 - the reader's arguments, in its order (as time_frame)
    ex: Extractor,
    rule: str,
    found: Extraction | None,
    sentence: str,
    words: bool,
    flags: list[str],
) -> Extraction | None:
    """``found`` (read in ``sentence`` by ``rule``), refused as ``bound`` when the number it
    reads follows a strict bound there (``So she makes more than $18.``), read again
    without the bound when the bound remarks on an earlier number (``$18, which is more than
    15``), else as it is.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("So she makes more than $18.").rejected
        'bound'
        >>> Extractor()("She needs at least 3 trucks.").answer
        '3'
    """
    if not (
        "than" in sentence
        or ">" in sentence
        or "<" in sentence
        or "ver " in sentence  # "over ", "Over " (and "every ": one test for two)
        or "under " in sentence
        or "\\" in sentence
    ):
        return found  # may_bound, inline (a call costs as much as two of its tests)
    if found is None or found.rejected is not None or found.number is None:
        return found
    answer = found.answer or ""
    k = sentence.rfind(answer) if answer else -1
    if (
        k > 0
        and sentence[k - 1] not in _IN_NUMBER
        and not sentence[k + len(answer) : k + len(answer) + 1].isdigit()
        and not sentence[:k].rstrip(" \t$\\}").endswith(_ENDS)
    ):
        return found  # the number read, as written, follows no bound word or sign
    s = clean_latex(sentence) if "\\" in sentence or "$" in sentence else sentence
    value = found.number.value
    in_words = words and not has_digit(s)
    hit: tuple[int, int, int] | None = None
    for m in (_RX or _patterns())[0].finditer(s):  # a sentence: at most 400 + 2,000 characters
        if not in_words and s[m.end() : m.end() + 1].isalpha():
            continue  # "than Tom": a number in words is read only in a sentence without digits
        after = _number_after(s, m.end(), in_words)
        if after is not None and after[0].value == value:
            hit = (m.start(), m.end(), after[1])
    if hit is None:
        return found
    start, end, number_end = hit
    rest = s[number_end:]
    if has_digit(rest) if not in_words else number_words(rest):
        tail = number_words(rest) if in_words else scan(rest)
        if any(t.number is not None and t.number.value == value for t in tail):
            return found  # the number read is a later one
    kind = bound_kind(s, start, end)
    if kind == "as_before":
        return found
    if kind == "remark":
        remark = (_RX or _patterns())[3].search(s, max(0, start - 120), start)
        if remark is not None:
            head = s[: remark.start(1)].rstrip() + "."
            read = ex._statement(rule, head, words, list(flags))
            if read is not None and read.rejected is None:
                return read
    rejected = "bound"
    return _rejected(found, rejected)
