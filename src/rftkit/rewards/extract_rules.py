"""The marker rules of final-answer extraction (see :mod:`rftkit.rewards.extract`).

Each rule function takes the examined text, numeric mode, the candidate cap and the flag list,
and returns its candidates (answer text, end position), last first, or None when its *last*
marker is present but unusable. Standard library only: this module ships inside every reward
Lambda (no typing at run time, patterns compiled on first use).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rftkit.rewards.alternatives import bare_value
from rftkit.rewards.breakdowns import table_row
from rftkit.rewards.checks_after import _explained, _probe, check_cut, cut_flag, unreasoned_answer
from rftkit.rewards.closings import LABEL_HEADS as _LABELED
from rftkit.rewards.comparisons import compared_span
from rftkit.rewards.equation_hedges import hedge_before_bracket
from rftkit.rewards.equations import parse_answer
from rftkit.rewards.numbers import MAX_SPAN, has_digit
from rftkit.rewards.relations import kept_span, related
from rftkit.rewards.sentences import is_hedge

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import TypeAlias

    _Candidate: TypeAlias = tuple[str, int]  # (answer text, end position in the examined text)

__all__ = ["matching_brace"]

_MAX_MARKERS = 256  # markers examined per rule, however many there are
_NUMBER_START = frozenset("0123456789-+.$\\(*€£¥₹¢")


# -- rules -----------------------------------------------------------------------------------
#
# A marker rule returns its candidates, last first, or None when its *last* marker is present
# but unusable (unclosed, over the size limit): then the extraction stops with ``limit``
# instead of letting a weaker rule read a number out of the unusable answer.


def _rule_hash(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate] | None:
    out: list[_Candidate] = []
    n = len(t)
    seen = 0
    i = t.rfind("####")
    while i != -1 and len(out) <= cap and seen < _MAX_MARKERS:
        seen += 1
        start = i + 4
        if i > 0 and t[i - 1] == "#":  # "########" is one marker, not two
            i = len(t[:i].rstrip("#"))
        j = t.find("\n", start, start + MAX_SPAN + 1)
        if j == -1:
            if n - start > MAX_SPAN:
                if seen == 1:  # the final '####' line is longer than any answer
                    flags.append("answer_too_long")
                    return None
                j = start + MAX_SPAN + 1
            else:
                j = n
        span = t[start:j].strip().lstrip("#").strip()
        if span and (not numeric or span[0] in _NUMBER_START):
            out.append((span, j))
        i = t.rfind("####", 0, i)
    return out


def matching_brace(t: str, open_pos: int, max_span: int = MAX_SPAN) -> int:
    """Index of the brace closing ``t[open_pos] == '{'``, or -1.

    Braces nest (``\\boxed{\\frac{1}{2}}``). At most ``max_span + 2`` characters from
    ``open_pos`` are read, and the walk jumps from brace to brace with ``str.find`` (C-level)
    rather than visiting every character, so the cost is linear in the span whatever the
    text: a megabyte of unclosed braces costs no more than ``max_span`` characters.

    Example:
        >>> matching_brace("x{a{b}c}d", 1), matching_brace("{{", 0), matching_brace("{ab}", 0, 1)
        (7, -1, -1)
    """
    depth = 0
    k = open_pos
    limit = min(len(t), open_pos + max_span + 2)
    nxt_close = -1
    while k < limit:
        nxt_open = t.find("{", k, limit)
        if nxt_close < k:  # still ahead from the last search: each character is read once
            nxt_close = t.find("}", k, limit)
        if nxt_close == -1:
            return -1
        if nxt_open != -1 and nxt_open < nxt_close:
            depth += 1
            k = nxt_open + 1
        else:
            depth -= 1
            if depth == 0:
                return nxt_close
            k = nxt_close + 1
    return -1


def _rule_boxed(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate] | None:
    out: list[_Candidate] = []
    seen = 0
    i = t.rfind("\\boxed")
    while i != -1 and len(out) <= cap and seen < _MAX_MARKERS:
        k = i + 6
        while k < len(t) and t[k] == " ":
            k += 1
        if k < len(t) and t[k] == "{":
            seen += 1
            # A box without a brace inside ("\\boxed{55}"): its first "}" closes it, as
            # matching_brace finds (the same limit), without the walk.
            close = t.find("}", k + 1, k + MAX_SPAN + 2)
            if close == -1 or t.find("{", k + 1, close) != -1:
                close = matching_brace(t, k)
            if close == -1:
                if "unclosed_box" not in flags:
                    flags.append("unclosed_box")
                if seen == 1:  # the final box is unreadable: no other rule may answer
                    return None
            else:
                span = t[k + 1 : close].strip()
                if span:
                    out.append((span, close + 1))
        i = t.rfind("\\boxed", 0, i)
    return out


def _rule_answer_tag(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate] | None:
    out: list[_Candidate] = []
    seen = 0
    i = t.rfind("<answer>")
    while i != -1 and len(out) <= cap and seen < _MAX_MARKERS:
        seen += 1
        start = i + 8
        close = t.find("</answer>", start, start + MAX_SPAN + 9)
        if close != -1:
            span = t[start:close].strip()
            if span:
                out.append((span, close + 9))
        elif seen == 1:
            # The final tag never closes (a reply cut off inside it) or holds more than any
            # answer: what it holds is not a stated answer.
            flags.append("unclosed_answer_tag")
            return None
        i = t.rfind("<answer>", 0, i)
    return out


def _rule_tool_output(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate] | None:
    """The printed output of the last program: a fenced ````output`` block."""
    i = t.rfind("```output")
    if i == -1:
        return []
    start = t.find("\n", i + 9, i + 64)
    if start == -1:
        start = i + 9
    close = t.find("```", start)
    if close == -1 or close - start > MAX_SPAN:
        flags.append("unclosed_output")
        return None
    if t.find("```", close + 3) != -1:
        return []  # another code block follows: that output was not the last word
    span = t[start:close].strip()
    if not span:
        return []
    if numeric and not span.isdigit() and parse_answer(span, strict=True).number is None:
        return []  # an error or several values: the reply's own words decide
    return [(span, close + 3)]


def _sentence(t: str, start: int) -> tuple[str, int]:
    """The rest of the sentence from ``start``: up to a newline, ". ", "; " or " (" .

    A bracketed remark that offers another value (``18 (or 20)``, see :func:`hedging_remark`)
    does not end it: it is part of the answer, which then holds two numbers. Nor does one
    that another value follows through a hedge (``18 (approx.) or 20``, ``18 (per day) /
    126 (per week)``), nor a ``"; "`` before one (``18; or 20``): :func:`_hedged_value`.
    """
    limit = min(len(t), start + MAX_SPAN + 1)
    rx = _SENTENCE_STOP[0] if _SENTENCE_STOP else _stop_rx()
    m = rx.search(t, start, limit)
    while m is not None and t[m.start()] == ";" and _hedged_value(t, m.start(), limit):
        m = rx.search(t, m.end(), limit)
    end = limit if m is None else m.start()  # the first of the three stops
    if t.find("(", start, end) != -1:  # one memchr before the two-character search
        k = t.find(" (", start, end)
        if (
            k != -1
            and t[start:k].strip(" \t:*_`")
            and not hedging_remark(t[k + 2 : end])
            and not hedge_before_bracket(t[start:k], t[k + 2 : end])  # "18 or (20)"
            and not ((close := t.find(")", k, end)) != -1 and _hedged_value(t, close + 1, end))
        ):
            end = k
    return t[start:end], end


def _hedged_value(t: str, k: int, end: int) -> bool:
    """Do a hedge (:func:`sentences.is_hedge`) and another value follow from ``t[k]`` on,
    before ``end`` and within 24 characters (``) or 20``, ``) / 126``, ``), $126``)? After
    a ``;`` the hedge needs a word (``; or 20``: not ``; 20 is wrong``), unless the clause
    after it is a bare value (``18; 20.``, ``18; $20 dollars``: :func:`alternatives.bare_value`)."""
    gap = t[k : min(end, k + 24)]
    j = next((i for i, c in enumerate(gap) if c in "0123456789"), -1)
    if j < 1:
        return False
    if gap[0] == ";" and not any(c.isalpha() for c in gap[:j]):
        return bare_value(t, k + 1, end)  # "18; 20.": a list of values (alternatives)
    return is_hedge(gap[:j])


# Words that, opening a bracketed remark after an answer, offer another value instead.
_REMARK_HEDGES = frozenset({"or", "maybe", "perhaps", "possibly", "probably", "either", "and/or"})


def hedging_remark(remark: str) -> bool:
    """Does a bracketed remark (its text after the opening bracket) offer another value?

    Its first word is a hedge word (``or``, ``maybe``, ``perhaps``, ``possibly``,
    ``probably``, ``either``) and a digit follows before the bracket closes:
    ``(or 20)``, ``(maybe $20)``; not ``(not 20)``, ``(9 x 2)`` or ``(or eighteen)``.

    Example:
        >>> hedging_remark("or 20)"), hedging_remark("not 20)"), hedging_remark("9 x 2)")
        (True, False, False)
    """
    close = remark.find(")")
    inner = remark if close == -1 else remark[:close]
    first = inner[:16].split(None, 1)
    if not first:
        return False
    if first[0].rstrip(",:").casefold() in _REMARK_HEDGES:
        return has_digit(inner[len(first[0]) :])
    # "(If rounding, 20.)", "(Answer 2: 20)": a second answer's opener (alternatives)
    head = inner[:24].lower()
    return head.startswith(_REMARK_OPENERS) and has_digit(inner[_opener_end(head) :])


_REMARK_OPENERS = (
    *("if rounding", "if rounded", "if we round", "when rounding", "when rounded"),
    *("answer 2", "answer #2", "answer b", "option 2", "option b", "second answer"),
)


def _opener_end(head: str) -> int:
    """Where the :data:`_REMARK_OPENERS` phrase that ``head`` starts with ends."""
    return next(len(o) for o in _REMARK_OPENERS if head.startswith(o))


def _stop_rx() -> re.Pattern[str]:
    if not _SENTENCE_STOP:  # compiled on first use
        _SENTENCE_STOP.append(re.compile(r"\n|\. |; "))
    return _SENTENCE_STOP[0]


_SENTENCE_STOP: list[re.Pattern[str]] = []

# What may follow "answer" (after spaces and emphasis) to make it an answer statement.
_ANSWER_VERBS = (
    "is",
    "are",
    "would be",
    "will be",
    "should be",
    "must be",
    "could be",
    "might be",
    "may be",
    "equals",
)


def _answer_marker_end(t: str, i: int) -> int:
    """Where the answer text starts after the "nswer" at ``i``, or -1 if not a statement."""
    if i == 0 or t[i - 1] not in "aA":
        return -1
    m = _answer_rx()[0].match(t, i + 5)
    return -1 if m is None else m.end()


_ANSWER_TAIL: list[re.Pattern[str]] = []


def _answer_rx() -> list[re.Pattern[str]]:
    """What follows the "nswer" of an answer statement."""
    rx = _ANSWER_TAIL
    if not rx:  # compiled on first use
        verbs = "|".join(_ANSWER_VERBS)
        # "answer(s)", then (not "answered") spaces or emphasis, then ":" / "=" or a verb
        # ("is", "would be", ...), and a colon after the verb if any.
        tail = r"[sS]?(?![A-Za-z0-9])[ \t*_]{0,8}(?:[:=]|(?:" + verbs + r")(?![A-Za-z])[ *_]*:?)"
        rx.append(re.compile(tail))
    return rx


# Characters that may continue "answer is " (more spaces or emphasis, a colon).
_IS_GOES_ON = frozenset(" *_:")
# Characters that may continue "answer could be " (the same, a tab, or the end).
_VERB_GOES_ON = frozenset(("", " ", "\t", "*", "_", ":"))
# Characters that may end the text between an outer and an inner statement without a stop.
_QUIET: list[re.Pattern[str]] = []


def _statement_starts(t: str, stem: str, found: list[int]) -> None:
    """Add where the text of each answer statement with ``stem`` starts, last first."""
    rfind = t.rfind
    i = rfind(stem)
    while i != -1:
        # _answer_marker_end, inline: "answer"/"ANSWER", then a statement's tail.
        if i and t[i - 1] in "aA":
            # The common tails without the pattern (the same ends: a test checks this):
            # "Answer:" / "answer=", "answer is " and "answer is **" before the answer.
            c = t[i + 5 : i + 6]
            k = -1
            if c in {":", "="}:
                k = i + 6
            elif c == " " and t.startswith("is ", i + 6):
                d = t[i + 9 : i + 10]
                if d not in _IS_GOES_ON:
                    k = i + 9  # "answer is 65"
                elif (
                    d == "*" and t[i + 10 : i + 11] == "*" and t[i + 11 : i + 12] not in _IS_GOES_ON
                ):
                    k = i + 11  # "answer is **43**"
            if k == -1:
                m = _answer_rx()[0].match(t, i + 5)
                if m is not None:
                    k = m.end()
            if k != -1:
                found.append(k)
            if len(found) >= _MAX_MARKERS:
                return
        i = rfind(stem, 0, i)


def _rule_answer_is(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    if t.endswith(_MINERVA_TAIL) or t.rstrip().endswith(_MINERVA_TAIL):
        found = _minerva(t, numeric)
    else:
        found = _answer_is_last(t, numeric)
    if found is None:
        found = _rule_answer_is_general(t, numeric, cap, flags)
    if numeric and not (
        len(found) == 1
        and "s" not in (span := found[0][0])  # in " because ", " since " and ", as "
        and "<" not in span
        and ">" not in span
        and "f" not in span  # " of ", " from ", " after "; "by", "i.e", a clause (explanations)
        and " b" not in span
        and "i.e" not in span
        and ", " not in span
        and "w" not in span
    ):
        found = _without_reasons(found)  # "answer is 72 or 73": no reason (three memchr)
    if (
        numeric
        and found
        and (len(found) > 1 or (" " in (x := found[0][0]) and ("t" in x or "s" in x or "w" in x)))
    ):
        # "The answer is 18, not 16.": what the statement rejects or compares is no answer.
        found = [(kept_span(x), e) if _may_relate(x) else (x, e) for x, e in found]
    x = found[0][0] if found else ""
    if numeric and (len(found) > 1 or (", " in x and " or " not in x) or not x.isascii()):
        found = [(compared_span(x), e) for x, e in found]  # "18, which exceeds 15" (comparisons)
    return found


def last_statement(t: str, i: int) -> str | None:
    """The answer text ``X`` when ``t`` ends with its one answer statement ``... answer is
    X`` (``i``: ``t.rfind("nswer")``) and the rule reads it as it is: ``_rule_answer_is(t,
    True, ...)`` is ``[(X, len(t))]``; ``""`` when the rule reads nothing (``t`` holds no
    ``NSWER`` and one ``nswer``, no statement's: ``We need to find the answer step by
    step.``). None when the rule may read otherwise.

    :func:`_rule_answer_is`'s commonest reading, by the tests of :func:`_answer_is_last`
    and :func:`_sole_statement` (Minerva's ending holds ``". "``, which they reject), and
    an ``X`` that none of the rule's later readers changes: no reason, relation,
    comparison or non-ASCII character (the one-character tests that let each pass ``X``
    unread; a test parity-checks this against the rule).
    """
    if i < 1 or t[i - 1] not in "aA":
        return _mention(t, i)
    if t.startswith(" is ", i + 5):
        k = i + 9  # "answer is 65"
        if t[k : k + 2] == "**" and t[k + 2 : k + 3] not in _IS_GOES_ON:
            k += 2  # "answer is **43**"
    else:
        # Where _answer_marker_end's pattern ends: after "Answer:" or "Answer =", and
        # after "answer could be " when no more spaces, emphasis or colon follow.
        c = t[i + 5 : i + 6]
        if t.startswith(" could be ", i + 5) and t[i + 15 : i + 16] not in _VERB_GOES_ON:
            k = i + 15  # (no spaces or emphasis follow for lstrip)
        else:
            k = i + 6 if c in {":", "="} else _answer_marker_end(t, i)
            if k == -1:
                return _mention(t, i)
            # "Answer: 18", "**Answer:** 18": spaces and emphasis stop nothing (as there).
            k = len(t) - len(t[k:].lstrip(" \t*_"))
    raw = t[k:]
    if (
        ". " in raw  # first: Minerva's ending, and a sentence after the statement
        or not raw
        or len(raw) > MAX_SPAN
        or raw[0] in _MINERVA_BAD_START
        # One strip first: "72.", "$18", "30 or 27." hold only characters that none of the
        # tests in the brackets looks for (a test holds the gate to the tests).
        or (
            raw.strip(_PLAIN_RAW)
            and (
                "\n" in raw
                or "; " in raw
                or "(" in raw
                # What the later readers look for, in X or in what is stripped off it:
                or "s" in raw  # a reason (" because ", " since ", ", as "); "nswer"
                or "f" in raw  # " of ", " from ", " after ", " by ", "i.e" (explanations)
                or " by " in raw
                or "i.e" in raw
                or "<" in raw
                or ">" in raw
                or not raw.isascii()
            )
        )
        or ("N" in t and "NSWER" in t)
        # (_statement_before, its search inline: most texts hold no other "nswer")
        or ((j := t.rfind("nswer", 0, i)) != -1 and _statement_from(t, j))
    ):
        return None
    x = raw.strip(" \t:*_`").rstrip(".!").strip(" \t*_`")
    if x.isdigit():  # "answer is **152**." (ASCII): a digit, and no space for the tests below
        return x
    if (
        not x
        or (" " in x and ("t" in x or "w" in x))  # a relation ("18, not 16")
        or (", " in x and " or " not in x)  # a comparison ("18, which exceeds 15")
        or not (x[0] in _DIGITS or has_digit(x))  # (one set lookup for "72 or 73")
    ):
        return None
    return x


def _mention(t: str, i: int) -> str | None:
    """:func:`last_statement` when the last ``nswer`` (at ``i``) opens no statement: ``""``
    (none at all) when it is the only one and ``t`` holds no ``NSWER``, else None."""
    return "" if t.rfind("nswer", 0, i) == -1 and "NSWER" not in t else None


def _without_reasons(found: list[_Candidate], strict: bool = False) -> list[_Candidate]:
    """Answers without the justification that follows them (``12 since 3 + 9 = 12 and 12 >
    10`` is 12, ``72 since May is 48/2 = 24`` two values: :func:`checks_after.without_reason`)
    and without comparisons; one ``in`` test per reason word and comparison sign."""
    for i, (span, end) in enumerate(found):
        if (
            "ecause" in span
            or "since" in span
            or ", as " in span
            or "<" in span
            or ">" in span
            or (not strict and _explained(span))
        ):
            found[i] = (unreasoned_answer(span, strict), end)
    return found


def _may_relate(x: str) -> bool:
    """:func:`relations.related`, after one-character searches that every word it looks for
    passes (a space, and a "t", "s" or "w"): ``72`` and ``30 or 27`` cost next to nothing."""
    return " " in x and ("t" in x or "s" in x or "w" in x) and related(x)


def _answer_is_last(t: str, numeric: bool) -> list[_Candidate] | None:
    """The reply's one statement, ``... the answer is X.`` with nothing after ``X``.

    Any statement the general rule reads (``answer is``, ``answer could be``, ``answers
    are``, ``Answer:``); what it reads there: the one candidate ``X`` to the end of the
    reply, when :func:`_sole_statement` finds nothing that could make that reading differ.
    """
    i = t.rfind("nswer")
    if i < 1 or t[i - 1] not in "aA":
        return None
    if t.startswith(" is ", i + 5):
        k = i + 9  # "answer is 65": a start that does not go on is _sole_statement's test
        if t[k : k + 2] == "**" and t[k + 2 : k + 3] not in _IS_GOES_ON:
            k += 2  # "answer is **43**": where _statement_starts starts it too
    else:
        k = _answer_marker_end(t, i)
        if k == -1:
            return None
        # "Answer: 18", "**Answer:** 18": the spaces and emphasis after the marker end are
        # stripped off the answer and stop nothing, so the statement may start after them.
        k = len(t) - len(t[k:].lstrip(" \t*_"))
    return _sole_statement(t, k, len(t), i, numeric)


def _minerva(t: str, numeric: bool) -> list[_Candidate] | None:
    """The Minerva ending, ``Final Answer: The final answer is X. I hope it is correct.``

    When it holds the reply's only answer statements, what the general rule reads: the one
    candidate ``X`` (the outer ``Final Answer:`` statement holds the inner one), when
    :func:`_sole_statement` finds nothing that could make that reading differ.
    """
    j = len(t.rstrip()) - len(_MINERVA_TAIL)
    k = t.rfind(_MINERVA_HEAD, 0, j)
    if k == -1:
        return None
    return _sole_statement(t, k + len(_MINERVA_HEAD), j, k, numeric)


def _sole_statement(
    t: str, start: int, end: int, before: int, numeric: bool
) -> list[_Candidate] | None:
    """``[(X, end)]`` for the statement text ``X = t[start:end]``, or None.

    None when the general rule could read it differently: another statement (before
    ``before``, inside ``X`` or in capitals anywhere), a stop (a newline, ``". "``,
    ``"; "``), a bracket or more than 2,000 characters in ``X``, an ``X`` that starts
    with what may continue ``answer is`` (spaces, emphasis, a colon) or ends a sentence,
    or (numeric mode) an ``X`` with no digit.
    """
    raw = t[start:end]
    if (
        not raw
        or len(raw) > MAX_SPAN
        or raw[0] in _MINERVA_BAD_START
        or "\n" in raw
        or ". " in raw
        or "; " in raw
        or "(" in raw
        or "nswer" in raw
        # (_statement_before, its search inline: most texts hold no other "nswer")
        or ((j := t.rfind("nswer", 0, before)) != -1 and _statement_from(t, j))
        or ("N" in t and "NSWER" in t)
    ):
        return None
    span = raw.strip(" \t:*_`").rstrip(".!").strip(" \t*_`")
    if not span or (numeric and not has_digit(span)):
        return None
    return [(span, end)]


def _statement_before(t: str, before: int) -> bool:
    """Does an answer statement start before ``before``, as :func:`_statement_starts` finds
    them (an ``answer``/``Answer`` that :func:`_answer_rx` goes on from)? Not a mention
    (``We need to find the answer step by step.``): the general rule reads no more there."""
    return _statement_from(t, t.rfind("nswer", 0, before))


def _statement_from(t: str, i: int) -> bool:
    """:func:`_statement_before` from ``i``, the last ``nswer`` before ``before`` (or -1)."""
    while i != -1:
        if i and t[i - 1] in "aA" and _answer_rx()[0].match(t, i + 5) is not None:
            return True
        i = t.rfind("nswer", 0, i)
    return False


_DIGITS = frozenset("0123456789")
_MINERVA_HEAD = "Final Answer: The final answer is "
_MINERVA_TAIL = ". I hope it is correct."
# Characters of an answer text that last_statement's tests for a reason, a remark or a
# non-ASCII character do not look for ("72.", "$18", "30 or 27."): digits, "or", signs.
_PLAIN_RAW = "0123456789 ,.or$*%-"
_MINERVA_BAD_START = frozenset(" *_:\n.;(")  # _IS_GOES_ON, and what would stop the sentence


def _rule_answer_is_general(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    """:func:`_rule_answer_is` without its shortcut for the Minerva ending."""
    found: list[int] = []  # where each answer text starts
    _statement_starts(t, "nswer", found)
    # "N" is rare: one memchr saves a search for "NSWER".
    if "N" in t and len(found) < _MAX_MARKERS:
        lower = len(found)
        _statement_starts(t, "NSWER", found)
        if lower and len(found) > lower:  # each stem's come last first; two interleave
            found.sort(reverse=True)
    if not found:
        return []
    n = len(t)
    out: list[_Candidate] = []
    inner = n + 1  # where the statement read last (the later one) starts
    for after in found:
        if inner > n:  # the last statement: no later one for its sentence to hold
            # _sentence, inline for the common case: no "(" before the first stop.
            limit = min(after + MAX_SPAN + 1, n)
            m = (_SENTENCE_STOP[0] if _SENTENCE_STOP else _stop_rx()).search(t, after, limit)
            end = limit if m is None else m.start()
            if t.find("(", after, end) == -1 and t[end : end + 1] != ";":
                raw = t[after:end]
            else:
                raw, end = _sentence(t, after)
        elif (
            inner < n
            and inner - after <= MAX_SPAN
            and t[inner] not in "\n.;("
            and t[inner + 1 : inner + 2] != "("
            and (
                (between := t[after:inner]).replace(" ", "").isalpha()  # " The final "
                or (_QUIET[0] if _QUIET else _quiet_rx()).fullmatch(between) is not None
            )
        ):
            # "Final Answer: The final answer is 18." is one statement: its sentence holds
            # the later "answer is" (read already) and no number before it. Seen without
            # reading the sentence: no digit before the later statement, and no stop (a
            # newline, ". ", "; ", " (" or the length limit) up to it or just after it.
            continue
        else:
            raw, end = _sentence(t, after)
            if end > inner and not has_digit(t[after:inner]):
                continue  # the same, when something on the way might have stopped it
        inner = after
        span = raw.strip(" \t:*_`").rstrip(".!").strip(" \t*_`")
        if not span or (numeric and not has_digit(span)):
            continue
        out.append((span, end))
        if len(out) > cap:
            break
    return out


def _quiet_rx() -> re.Pattern[str]:
    if not _QUIET:  # compiled on first use
        _QUIET.append(re.compile(r"[^0-9\n.;(]*"))
    return _QUIET[0]


def _rule_a_line(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    body = t.rstrip()
    last = body.rpartition("\n")[2]  # (as in _rule_bold: no rfind's argument parsing)
    if last[:1] not in _A_LINE_START:
        return []  # the last line starts with neither "A" nor what lstrip removes
    line = last.lstrip(" \t*_")
    if line.startswith("A:") or line.startswith("A :"):
        span = line.partition(":")[2].strip(" \t*_")
        span = span.rstrip(".").strip()
        # "A: 72" states an answer; "A: Natalia sold 48/2 = 24 clips ..." is working, which
        # the later rules read.
        if span and (not numeric or span[0] in _NUMBER_START):
            if numeric and ("s" in span or "<" in span or ">" in span):  # a reason, a comparison
                span = _without_reasons([(span, len(body))], True)[0][0]
            if numeric and " " in span and _may_relate(span):  # "A: 18, not 20"
                span = kept_span(span)
            if numeric and " " in span:  # "A: 18, above the goal of 15" (comparisons)
                span = compared_span(span)
            return [(span, len(body))]
    return []


_A_LINE_START = frozenset("A \t*_")


def _rule_bold(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    """Bold numbers on the last line: ``So she makes **$18** a day.``, ``**18**``."""
    body = t.rstrip()
    # The last line by rpartition (a METH_O call: rfind's argument parsing costs about 800
    # instructions more), then "*" in it (one memchr): the last line of most replies holds
    # none. (A multiplication "3*4" above it costs a reply cut off no search for "**".)
    last = body.rpartition("\n")[2]
    if "*" not in last:
        return []
    line_start = len(body) - len(last)
    if line_start < (reach := len(body) - MAX_SPAN):
        line_start = reach
    # The first "**" from the line start (no "*" before the first "*": one search).
    a = body.find("**", line_start)
    if a == -1 or (body[line_start : line_start + 1] == "|" and table_row(body, line_start)):
        return []  # no bold, or a table's row: read as a breakdown (breakdowns)
    checked = False
    # An aside label opening the last line ("Fun fact: hens lay **300** eggs.") is probed
    # here, by one set lookup: the labels' probe costs a bold reply more (closings).
    if (
        numeric
        and (body[line_start : line_start + 3] in _LABELED or _probe(t))  # check_cut's own
        and (k := check_cut(t, True)) != -1
    ):
        # The last line is a check's ("Check: 72 - 48 = **24** \u2713"): the bold numbers
        # of the last line before the check are the answer (checks_after).
        body = t[:k].rstrip()
        line_start = max(body.rfind("\n") + 1, len(body) - MAX_SPAN)
        a = body.find("**", line_start)
        checked = True
    find = body.find
    out: list[_Candidate] = []
    pairs = 0
    # The "**" marks from the line start, taken in pairs (an odd last one opens nothing),
    # at most _MAX_MARKERS pairs.
    while a != -1 and pairs < _MAX_MARKERS:
        b = find("**", a + 2)
        if b == -1:
            break
        pairs += 1
        span = body[a + 2 : b].strip()
        # A bold label ("**Step 3:**", "**Total**") is not an answer; a bold number is.
        if span and span[0] in _NUMBER_START and not span.endswith(":"):
            out.append((span, b + 2))
        a = find("**", b + 2)
    if len(out) > 1:
        out.reverse()
        if len(out) > cap + 1:
            out = out[: cap + 1]
    if checked and out:
        flags.append(cut_flag(t, k))
    return out


_RULE_FUNCS: dict[str, Callable[[str, bool, int, list[str]], list[_Candidate] | None]] = {
    "hash": _rule_hash,
    "boxed": _rule_boxed,
    "answer_tag": _rule_answer_tag,
    "tool_output": _rule_tool_output,
    "answer_is": _rule_answer_is,
    "a_line": _rule_a_line,
    "bold": _rule_bold,
}
# Texts without which a rule cannot fire: one C-level search skips the rule's Python code.
# A single character where one will do: searching for one character is a memchr, about ten
# times faster than searching for a longer text.
_PROBES: dict[str, tuple[str, ...]] = {
    "hash": ("#",),
    "boxed": ("\\",),
    "answer_tag": ("<",),
    "tool_output": ("`",),
    "answer_is": ("nswer", "NSWER"),
    "a_line": (":",),
    "bold": ("*",),
}


# Rules whose answer sits in a container of its own: every number in it must be the answer
# (an equation must hold and nothing else may hold a number, see ``parse_answer``).
_STRICT_RULES = frozenset({"hash", "boxed", "answer_tag", "tool_output", "a_line", "bold"})
# Rules whose marker, found only before the window, still means that rule should have fired.
_WINDOW_MARKERS = {
    "hash": "####",
    "boxed": "\\boxed{",
    "answer_tag": "<answer>",
    "tool_output": "```output",
}


_ARITHMETIC_END = frozenset("=+-*/^([\u00d7\u00f7\u00b7")


def closing_remark(sentence: str) -> int:
    """Where a bracketed remark that closes ``sentence`` opens, or -1.

    The sentence ends (but for spaces and stops) with ``)``, the group holds no other
    bracket, and the text before it holds a digit.
    """
    body = sentence.rstrip().rstrip(".!?;:,")
    if not body.endswith(")"):
        return -1
    k = body.rfind("(")
    if k <= 0 or ")" in body[k:-1] or not has_digit(body[:k]):
        return -1
    before = body[:k].rstrip()
    if before[-1:] in _ARITHMETIC_END or before.endswith((" x", " X")):
        return -1  # a bracket in arithmetic ("9 x 2 = (18)", "3 * (2 + 4)"), no remark
    return k
