"""Find the final answer in a math reply: the ``math`` grader's own ordered, named rules.

A math reply states its answer in LaTeX (``\\boxed{[0, 1)}``, ``$x^2 + 2x + 1$``), so the
GSM8K chain (which falls back to the last number) would read ``$[0,1)$`` as ``1``. The
rules, in the default order; the first that finds an answer decides:

=============== ===========================================================================
``boxed``       the last ``\\boxed{...}`` or ``\\fbox{...}`` (also ``\\boxed 5``). Complete
                boxes only. Boxes in a row at the end (``\\boxed{3}, \\boxed{5}``) are one
                list answer; an earlier box with a different answer rejects the reply
                (``multiple_answers``, the anti-spraying policy), unless a "final answer
                is" statement follows the last box: then the boxes were steps.
``answer_tag``  the last ``<answer>...</answer>``.
``hash``        the last ``#### X`` line (GSM8K style).
``answer_is``   "the final answer is $X$", "the answer is X", "the answer could be X",
                "Answer: X", ``**Answer:** X`` (Minerva's ``Final Answer: The final answer
                is $X$. I hope it is correct.``): a math span right after the phrase, else
                the rest of the sentence; a sentence with words (``The largest $n$ is
                34``) is its one stated value. A plain-number answer whose sentence
                concludes another value (``The answer is 3, so the total is 103.``) is
                ``multiple_answers``.
``math_span``   the last ``$...$``, ``$$...$$``, ``\\(...\\)`` or ``\\[...\\]`` when the reply
                ends with it.
``whole``       the whole reply when it is short and reads as a bare answer: math
                (``(3, \\frac{\\pi}{2})``, ``\\{1,2,3\\}``, ``2x+1``) or a few words
                without digits (``odd n``, ``\\text{east}``); its Markdown (``**42**``,
                ```` `42` ````, ``# 42``) is not part of it.
``choice``      a multiple-choice letter ``(B)``, ``\\text{(C)}``, ``\\textbf{A}``; only
                used when the reference is a letter.
``last_number`` the last number of the reply, only when it stands alone: a number inside
                a word (``AZYUK2A``, ``x_2``) is never an answer, a unit against it
                (``12kg``) is allowed; inside a math span that parses, the span. Only in
                a reply that ended (the gsm8k policy,
                :func:`rftkit.rewards.sentences.finished`). A plain-prose reply is read
                as the gsm8k grader reads it (:mod:`rftkit.rewards.mathexpr.prose`):
                ``5*89= 445 dollars over 5 days.`` is 445.
=============== ===========================================================================

Text up to the last ``</think>`` (a reasoning model's thinking) is not read: drafts stated
while thinking are neither the answer nor a second answer. A reply whose ``<think>`` never
closes was cut off while thinking: no answer (flags ``cut_off``, ``unclosed_thinking``).

**A marker that is present but unusable never falls back to a weaker rule.** When the last
``\\boxed{`` (or ``\\fbox{``, ``<answer>``, ``####``) is unclosed or longer than the answer
limit, extraction is rejected (``unclosed_box``, ``answer_too_long``, ...) and the grader
scores 0 with its ``limit`` metric: otherwise ``"\\boxed{" + "x+" * 20000 + "1}"`` would be
paid as its trailing ``1``. Markers are found with ``str.rfind`` over the whole reply (a
megabyte costs microseconds), and every answer span is read for at most ``max_span``
characters, so no scan is unbounded and no regular expression runs on model text.
Standard library only.
"""

from __future__ import annotations

from typing import NamedTuple

from rftkit.rewards.extract_rules import matching_brace
from rftkit.rewards.givens import FLAG as GIVEN
from rftkit.rewards.mathexpr.choice import (
    LETTER_WRAPPERS,
    LETTERS,
    choice_letter,
    labelled_choice,
    labelled_value,
    previous_options,
)
from rftkit.rewards.mathexpr.hedge import (
    gap_kind,
    has_hedge_word,
    next_value,
    previous_value,
    stands_last,
    value_at,
    value_start,
)
from rftkit.rewards.mathexpr.lexer import QUALIFIER_WORDS
from rftkit.rewards.mathexpr.prose import (
    concludes_otherwise,
    ends_in_sign,
    is_plain,
    listed_before,
    prose_reading,
    same_value,
)
from rftkit.rewards.mathexpr.spans import (
    SPANS,
    glued_unit,
    sole_value,
    span_after,
    span_around,
)
from rftkit.rewards.mathexpr.whole import (
    MATH_WORDS,
    WHOLE_MAX,
    is_prose,
    rule_whole,
    strip_delimiters,
    words,
)
from rftkit.rewards.numbers import last_number, parse_bare_number
from rftkit.rewards.sentences import finished
from rftkit.rewards.thinking import after_thinking, may_hold_thinking

__all__ = [
    "DEFAULT_MATH_RULES",
    "MATH_RULES",
    "MathExtraction",
    "MathExtractor",
    "choice_letter",
    "is_prose",
    "labelled_choice",
    "labelled_value",
]

MATH_RULES: tuple[str, ...] = (
    "boxed",
    "answer_tag",
    "hash",
    "answer_is",
    "math_span",
    "whole",
    "choice",
    "last_number",
)
"""Every rule name, in the default order."""

DEFAULT_MATH_RULES = MATH_RULES

# Rules a reference (a trusted answer or a full worked solution) is read with; when none
# fires the whole reference text is the answer.
REFERENCE_RULES: tuple[str, ...] = ("boxed", "answer_tag", "hash", "answer_is", "math_span")

_MAX_MARKERS = 256
_TAIL = " \t\r\n.!;:,*_`"  # what may follow a final math span and still end the reply
_SEPARATORS = " \t\r\n,;$.&\\"  # what may stand between boxes of one list answer
_SEPARATOR_WORDS = ("and", "or", "quad", "qquad", "text{and}", "text{ and }", "text{or}")
_PHRASES = (
    "final answer is",
    "the answer is",
    "answer is",
    "final answer:",
    "answer:",
    "answer =",
    "answer would be",
    "answer will be",
    "answer should be",
    "answer could be",  # "The answer could be 17, 18, or 18.": a hedge stated as the answer
    "answer is:",
)


class MathExtraction(NamedTuple):
    """What the extractor found.

    Attributes:
        answer: the answer text (trimmed), or None.
        rule: the rule that fired (or whose marker was unusable).
        flags: diagnostics: ``truncated`` (reply longer than the window), plus the
            rejection reason.
        rejected: why the reply must score 0, or None: ``no_answer``, ``multiple_answers``,
            ``too_many_answers``, ``unclosed_box``, ``unclosed_answer_tag``,
            ``answer_too_long`` (a hedge and an option list are ``multiple_answers``).
        alternatives: other values the reply offers beside its answer (``\\boxed{3} or 4``:
            ``("4",)``), or the pieces of a list answer joined by ``or`` (``$0.5$ or
            $\\frac12$``).
        hedged: the alternatives are a hedge: the answer is paid only when every one of
            them is equivalent to the reference too (saying one value twice is no hedge).
            Otherwise alternatives are a second reading of a list answer: it is paid when
            the list equals the reference or when every piece does.
    """

    answer: str | None
    rule: str | None
    flags: tuple[str, ...] = ()
    rejected: str | None = None
    alternatives: tuple[str, ...] = ()
    hedged: bool = False


_THINKING_CUT_OFF = MathExtraction(None, None, ("cut_off", "unclosed_thinking"), "no_answer")


# Earlier boxes that repeat the instruction rather than answer ("\\boxed{}").
_PLACEHOLDERS = frozenset(["", "answer", "\\text{answer}", "...", "\\ldots", "\\dots"])
_MAX_ALTERNATIVES = 4  # a hedge naming more values than this is not compared value by value


class _Notes:
    """What a rule learned beside its answer: alternatives, and whether they are a hedge."""

    __slots__ = ("alternatives", "given", "hedged", "in_word")

    def __init__(self) -> None:
        self.alternatives: list[str] = []
        self.hedged = False
        self.in_word = False  # the last number is part of a word or a subscript ("2x")
        self.given = False  # the answer was read by the numbers the question gives

    def hedge(self, value: str | None) -> None:
        """A value offered instead of the answer; an unreadable one rejects the reply."""
        if value is None or len(self.alternatives) >= _MAX_ALTERNATIVES:
            raise _Unusable("multiple_answers")
        self.hedged = True
        self.alternatives.append(value)


class _Unusable(Exception):
    """The rule's marker is there but its answer cannot be read (a size-limit verdict)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _box_at(t: str, i: int, width: int, max_span: int) -> tuple[str, int]:
    """The content of the box whose command (``width`` characters) starts at ``i``."""
    k = i + width
    n = len(t)
    while k < n and t[k] == " ":
        k += 1
    if k < n and t[k] == "{":
        close = matching_brace(t, k, max_span)
        if close == -1:
            # Unclosed, or longer than an answer may be (a brace further on may close it).
            far = t.find("}", k + max_span)
            raise _Unusable("unclosed_box" if far == -1 else "answer_too_long")
        return t[k + 1 : close].strip(), close + 1
    if k > i + width or (k < n and t[k].isdigit()):
        # \boxed 5, \boxed5: one token up to a space, a dollar or a closing brace.
        j = k
        while j < n and j - k <= 64 and t[j] not in " \t\r\n$}":
            j += 1
        span = t[k:j].rstrip(".,;")
        if span:
            return span, k + len(span)
    raise _Unusable("unclosed_box")


def _last_marker(
    t: str, names: tuple[str, ...], end: int, found: dict[str, int]
) -> tuple[int, int]:
    """Position and length of the last of ``names`` starting before ``end``, or (-1, 0).

    ``found`` remembers each name's last position between calls, so walking back through
    the markers reads the text once per name, not once per marker.
    """
    best, width = -1, 0
    for name in names:
        i = found.get(name, len(t))
        if i >= end:
            i = t.rfind(name, 0, end)
            # "\\boxed" must not match "\\boxedx": the next character ends the command name.
            skips = 0
            while i != -1 and i + len(name) < len(t) and t[i + len(name)].isalpha():
                skips += 1
                i = -1 if skips > _MAX_MARKERS else t.rfind(name, 0, i)
            found[name] = i
        if i > best:
            best, width = i, len(name)
    return best, width


def _only_separators(s: str) -> bool:
    if gap_kind(s) in ("or", "and"):
        return True  # "$x = \\boxed{2}$ or $x = \\boxed{3}$"
    s = s.strip(_SEPARATORS)
    for word in _SEPARATOR_WORDS:
        s = s.replace(word, "")
    return not s.strip(_SEPARATORS)


def _text_key(span: str) -> str:
    return "".join(span.split()).casefold().rstrip(".")


def _rule_boxed(
    t: str, max_span: int, cap: int, conflict: str, notes: _Notes
) -> tuple[str, int] | None:
    names = ("\\boxed", "\\fbox")
    found: dict[str, int] = {}
    i, width = _last_marker(t, names, len(t), found)
    if i == -1:
        return None
    span, last_end = _box_at(t, i, width, max_span)  # the last box must be readable
    run = [span]
    keys: set[str] = set()
    earlier: list[str] = []
    prev_start = i
    seen = 1
    j, w = _last_marker(t, names, i, found)
    while j != -1 and seen < _MAX_MARKERS:
        seen += 1
        try:
            s, end = _box_at(t, j, w, max_span)
        except _Unusable:
            j, w = _last_marker(t, names, j, found)
            continue
        if _text_key(s) in _PLACEHOLDERS:
            pass  # "put the final answer in \\boxed{}": the instruction, not an answer
        elif keys or not (end <= prev_start and _only_separators(t[end:prev_start])):
            keys.add(_text_key(s))  # an earlier box, not part of the final list
            earlier.append(s)
        else:
            run.append(s)
            prev_start = j
        j, w = _last_marker(t, names, j, found)
    if len(run) > 1 and len({_text_key(x) for x in run}) == 1:
        run = run[:1]  # the same box repeated ("$\\boxed{18}$ ... $$\\boxed{18}$$") is one answer
    answer = ", ".join(reversed(run)) if len(run) > 1 else run[0]
    if conflict == "first" and earlier:
        return earlier[-1], 1
    if len(keys) + 1 > cap:
        raise _Unusable("too_many_answers")
    if conflict == "reject" and keys - {_text_key(answer)}:
        raise _Unusable("multiple_answers")
    _check_neighbours(t, prev_start, last_end, answer, notes)
    if not answer:
        raise _Unusable("no_answer")
    return answer, len(run)


def _check_neighbours(t: str, start: int, end: int, answer: str, notes: _Notes) -> None:
    """Note the alternatives right beside a box: ``\\boxed{3} or 4``, ``\\boxed{18} \\pm 2``
    (``18 \\pm 2``), ``3 or \\boxed{4}``, ``\\boxed{3}. Wait, maybe 4``: a box must hold the
    whole answer."""
    after = next_value(t, end)
    if after is not None and stands_last(t, after[1]):
        kind = gap_kind(after[0])
        if kind in ("or", "pm", "hedge"):
            value = value_at(t, after[1])
            if kind == "pm" and value is not None:
                value = f"{answer} \\pm {value}"
            notes.hedge(value)
    before = previous_value(t, start)
    if before is not None and not before[0].startswith(("\\boxed", "\\fbox")):
        # (an earlier box is a second box: ``conflict`` decides)
        kind = gap_kind(before[1])
        if kind in ("or", "pm", "hedge"):
            notes.hedge(f"{before[0]} \\pm {answer}" if kind == "pm" else before[0])


def _rule_answer_tag(t: str, max_span: int, notes: _Notes) -> str | None:
    """The last ``<answer>...</answer>``; like a box, it must hold the whole answer
    (``<answer>18</answer> or maybe 20`` names 20 too)."""
    i = t.rfind("<answer>")
    if i == -1:
        return None
    start = i + 8
    close = t.find("</answer>", start)
    if close == -1:
        raise _Unusable("unclosed_answer_tag")
    if close - start > max_span:
        raise _Unusable("answer_too_long")
    span = t[start:close].strip()
    if span:
        _check_neighbours(t, i, close + 9, span, notes)
    return span or None


def _one_answer(spans: list[str], cap: int, conflict: str) -> str:
    """The final answer of a rule that fired several times (``spans[0]`` is the last)."""
    if len(spans) > cap:
        raise _Unusable("too_many_answers")
    if conflict == "first":
        return spans[-1]
    if conflict == "reject" and len({_text_key(x) for x in spans}) > 1:
        raise _Unusable("multiple_answers")
    return spans[0]


def _rule_hash(t: str, max_span: int, cap: int, conflict: str) -> str | None:
    spans: list[str] = []
    i = t.rfind("####")
    first = True
    while i != -1 and len(spans) <= cap:
        start = i + 4
        if i > 0 and t[i - 1] == "#":  # "########" is one marker, not two
            i = len(t[:i].rstrip("#"))
        j = t.find("\n", start, start + max_span + 1)
        if j == -1:
            j = len(t) if len(t) - start <= max_span else -1
        if j == -1:
            if first:
                raise _Unusable("answer_too_long")
        else:
            span = t[start:j].strip().lstrip("#").strip()
            if span:
                spans.append(span)
        first = False
        i = t.rfind("####", 0, i)
    return _one_answer(spans, cap, conflict) if spans else None


def _sentence(t: str, start: int, max_span: int) -> str:
    """The rest of the sentence: up to a newline, '. ', '; ' or a clause (', so', ...)."""
    end = min(len(t), start + max_span + 1)
    for stop in ("\n", ". ", "; ", ".\t", ", so ", ", which ", " because ", " since "):
        k = t.find(stop, start, end)
        if k != -1:
            end = k
    return t[start:end]


def _phrase_answer(t: str, k: int, max_span: int, notes: _Notes | None = None) -> tuple[str, int]:
    """The answer after an answer phrase ending at ``k``, and where it ends.

    For the last statement (``notes`` given), what follows it is read too: another value
    joined by ``or``/``and``/``\\pm`` belongs to the answer, a hedge (``. Or maybe 4``) is
    noted. An earlier statement is followed by the later one (``multiple_answers`` decides)."""
    n = len(t)
    while k < n and t[k] in " \t:*_`=":
        k += 1
    found = span_after(t, k, max_span)
    if found is not None and found[0]:
        kind = None if notes is None else _continuation(t, found[1], found[0], notes)
        if kind is None:
            if notes is not None and concludes_otherwise(t, found[1], found[0]):
                raise _Unusable("multiple_answers")  # "is $3$, so the total is $103$."
            return found
        # "$x = 2$ or $x = 3$", "$18$ \\pm 2": the sentence, math delimiters dropped, is
        # one list answer.
    raw = _sentence(t, k, max_span)
    span = raw.strip(" \t:*_`").rstrip(".!").strip(" \t*_`")
    if len(span) >= 2 and span[0] == "$" and span[-1] == "$":
        span = span.strip("$").strip()
    if found is not None and found[0]:
        span = _unwrap_spans(span)
    else:
        if _is_sentence(span) and not has_hedge_word(span):
            # "Final Answer: The largest $n$ is 34.": a sentence, not an answer; the one
            # value it states is the answer (read as math, its words would be dropped and
            # "n" would multiply 34).
            span = sole_value(span) or span
        if notes is not None:
            _continuation(t, k + len(raw), span, notes)
            if concludes_otherwise(t, k + len(raw), span):
                raise _Unusable("multiple_answers")  # "is 3, so the total is 103."
    return span, k + len(raw)


def _is_sentence(s: str) -> bool:
    """Whether ``s`` has words beside its math (``The largest $n$ is 34``), unlike a bare
    answer (``18``, ``\\frac{1}{2}``, ``x = 4``, ``18 \\text{ dollars}``); a word that
    qualifies the value (``more than 18``) keeps it whole, so that it is never read as 18."""
    found = [w.lower() for w in words(s)]
    if any(w in QUALIFIER_WORDS for w in found):
        return False
    return any(len(w) >= 3 and w not in MATH_WORDS for w in found)


def _continuation(t: str, end: int, answer: str, notes: _Notes) -> str | None:
    """How the text after ``answer`` (ending at ``end``) goes on: another value joined by
    ``or``/``and``/``\\pm`` (the kind; for ``or`` both are noted as pieces), or None; a
    hedge is noted."""
    after = next_value(t, end)
    if after is None or not stands_last(t, after[1]):
        return None
    kind = gap_kind(after[0])
    if kind == "hedge":
        notes.hedge(value_at(t, after[1]))
        return None
    if kind == "or":
        value = value_at(t, after[1])
        if value is not None:
            notes.alternatives[:] = [answer, value]
    return kind


def _unwrap_spans(s: str) -> str:
    """``$x = 2$ or $x = 3$`` as ``x = 2 or x = 3``: inline math delimiters removed."""
    for d in ("$$", "\\(", "\\)", "\\[", "\\]"):
        s = s.replace(d, " ")
    s = s.replace("\\$", "\x00").replace("$", " ").replace("\x00", "\\$")
    return " ".join(s.split()).replace(" ,", ",")


def _rule_answer_is(
    t: str, low: str, max_span: int, cap: int, conflict: str, *, notes: _Notes
) -> str | None:
    # Every phrase occurrence, by where it ends; "the final answer is" and the "answer is"
    # inside it end at the same place and are one occurrence.
    starts: dict[int, int] = {}
    for phrase in _PHRASES:
        i = low.rfind(phrase)
        count = 0
        while i != -1 and count < _MAX_MARKERS:
            e = i + len(phrase)
            starts[e] = min(starts.get(e, i), i)
            count += 1
            i = low.rfind(phrase, 0, i)
    spans: list[str] = []
    next_start = len(t) + 1
    for e in sorted(starts, reverse=True):
        if len(spans) > cap:
            break
        span, end = _phrase_answer(t, e, max_span, notes if next_start > len(t) else None)
        if end > next_start:
            # "Final Answer: The final answer is $X$": the sentence holds the later phrase,
            # so it is the same statement, not a second answer.
            continue
        next_start = starts[e]
        if span:
            spans.append(span)
    return _one_answer(spans, cap, conflict) if spans else None


def _rule_math_span(t: str, max_span: int, notes: _Notes) -> str | None:
    body = t.rstrip(_TAIL)
    for opener, closer in SPANS:
        if body.endswith(closer) and not (closer == "$" and body.endswith("\\$")):
            end = len(body) - len(closer)
            lo = max(0, end - max_span - len(opener))
            start = body.rfind(opener, lo, end)
            while opener == "$" and start > 0 and body[start - 1] == "\\":
                start = body.rfind(opener, lo, start - 1)  # "\\$" inside a span is currency
            if start == -1 or (opener == "$" and start == end):
                if body.rfind(opener, 0, end) != -1:
                    raise _Unusable("answer_too_long")
                continue
            span = body[start + len(opener) : end].strip()
            return _joined_before(body, start, span, notes) if span else None
    return None


def _joined_before(t: str, start: int, answer: str, notes: _Notes) -> str:
    """``answer`` (which starts at ``t[start]``) with the values joined to it before:
    ``$3$ or $4$`` is ``3 or 4`` (pieces noted), ``18 ± 2`` is ``18 \\pm 2``; a hedge
    (``3, or maybe 4``) keeps the last value and notes the one before."""
    pieces = [answer]
    only_or = True
    kind: str | None = None
    for _ in range(_MAX_MARKERS):
        before = previous_value(t, start)
        listed = None
        if before is None and kind in ("or", "and"):
            listed = listed_before(t, start)
        if listed is not None:
            # "17, 18, or 19": a list whose last values are joined by "or" names each value
            start = listed[1]
            pieces.append(listed[0])
            answer = f"{listed[0]}, {answer}"
            continue
        if before is None:
            break
        value, gap, start = before
        kind = gap_kind(gap)
        if kind == "hedge" and value:
            notes.hedge(value)
            return answer
        if kind is None or not value:
            break
        only_or = only_or and kind == "or"
        pieces.append(value)
        answer = f"{value} \\pm {answer}" if kind == "pm" else f"{value} {kind} {answer}"
        if len(answer) > WHOLE_MAX * 8:
            break
    if only_or and 1 < len(pieces) <= _MAX_ALTERNATIVES:
        notes.alternatives[:] = pieces[::-1]
    return answer


def _rule_choice(t: str, notes: _Notes) -> str | None:
    """The last option letter in the reply: ``(X)``, ``\\textbf{X}``, ``\\text{(X)}``.

    A reply that only lists the options (``(A) 12 (B) 18 (C) 20 (D) 24``, copied from the
    prompt) names every letter: ``multiple_answers``. A letter hedged with another
    (``(B), or maybe (C)``) notes the other as an alternative.
    """
    best, letter = -1, None
    k = len(t)
    for _ in range(_MAX_MARKERS):
        i = t.rfind("(", 0, k)
        if i == -1:
            break
        if i + 2 < len(t) and t[i + 1] in LETTERS and t[i + 2] == ")":
            best, letter = i, t[i + 1].upper()
            break
        k = i
    if letter is not None:
        before = previous_options(t, best)
        run = [letter] + [x for _, x in before]
        n = 1
        while n < len(run) and ord(run[n]) == ord(run[n - 1]) - 1:
            n += 1
        if n >= 3 and run[n - 1] == "A":
            raise _Unusable("multiple_answers")
        if before and gap_kind(t[before[0][0] + 3 : best]) in ("or", "hedge"):
            notes.hedge(before[0][1])
    for cmd in LETTER_WRAPPERS:
        i = t.rfind(cmd + "{")
        if i > best:
            close = t.find("}", i, i + len(cmd) + 8)
            found = None if close == -1 else choice_letter(t[i : close + 1])
            if found is not None:
                best, letter = i, found
    return letter


def _rule_last_number(t: str, notes: _Notes, max_span: int) -> str | None:
    tok = last_number(t)
    if tok is None or tok.number is None:
        return None
    # Find the digit run the token came from in the raw text and check its neighbours.
    last = max(t.rfind(d) for d in "0123456789")
    j = last
    while j > 0 and (t[j - 1].isdigit() or t[j - 1] in ".,"):
        j -= 1
    before = t[j - 1] if j > 0 else " "
    after = t[last + 1] if last + 1 < len(t) else " "
    span = span_around(t, last, max_span)
    if span is not None:
        # "Therefore $x \\geq 5$ is the solution.": the number is part of the math the
        # reply ends on; the whole span is the answer, not its last number.
        return _joined_before(t, span[1], span[0], notes)
    if after.isalpha() and glued_unit(t, last + 1):
        after = " "  # "1,000.99m²", "12kg": a unit written against the number
    if before.isalpha() or before == "_" or after.isalpha() or after == "_":
        notes.in_word = True
        return None  # a number inside a word or a subscript is never an answer
    answer = str(tok.number)
    # Where the whole value starts (its sign, the \\frac that owns the digits).
    end = last + 1
    while end < len(t) and end - last < 8 and t[end] == "}":
        end += 1
    start = value_start(t, end)
    if start == -1 or start > j:
        start = j - 1 if j > 0 and t[j - 1] == "-" else j
    return _joined_before(t, start, answer, notes)


def _prose_answer(t: str, own: str | None, notes: _Notes, prompt: object = None) -> str | None:
    """The last-number answer of a finished plain-prose reply, read as the gsm8k grader
    reads it (:func:`~rftkit.rewards.mathexpr.prose.prose_reading`): ``5*89= 445 dollars
    over 5 days.`` is 445, where the last number is 5.

    ``own`` is math's own reading (:func:`_rule_last_number`); when it joins several values
    (``2 and 3``, ``18 \\pm 2``) math's list and hedge policy decides, and when it names the
    value gsm8k reads, its notes (a hedge ``17, 18, or 18``) are kept.
    """
    if own is not None and (notes.alternatives or parse_bare_number(own) is None):
        return own
    if notes.in_word:
        return None  # "So we get 2x.": math reads no 2 in "2x", whatever gsm8k's units say
    read = prose_reading(t, prompt)
    if "cut_off" in read.flags:
        return own  # it ends in a non-ASCII sign ("1,000.99€"): not cut, by math's policy
    if read.rejected in ("multiple_answers", "several_numbers", "too_many_answers"):
        raise _Unusable("multiple_answers")
    if own is not None and read.number is not None and same_value(own, read.number):
        return own
    notes.alternatives.clear()
    notes.hedged = False
    if read.rejected is not None or read.number is None:
        return None
    notes.given = GIVEN in read.flags
    return str(read.number)


def _final_after_boxes(t: str) -> bool:
    """Whether a "final answer is" / "Final Answer:" statement follows the last box."""
    box = max(t.rfind("\\boxed"), t.rfind("\\fbox"))
    if box == -1:
        return False
    low = t[box:].lower()
    return low.find("final answer is") != -1 or low.find("final answer:") != -1


class MathExtractor:
    """Find the final answer of a math reply with ordered, named rules.

    Args:
        rules: rule names in order (see :data:`MATH_RULES`).
        max_span: longest answer (characters); a longer box is ``answer_too_long``.
        window: characters read from the end by the weaker rules (``math_span``, ``whole``,
            ``choice``, ``last_number``); markers are found in the whole reply.
        max_candidates: more distinct boxed answers than this is ``too_many_answers``.
        conflict: boxes with different answers: ``reject`` (default) the reply, or keep
            the ``last`` or the ``first`` one.

    Example:
        >>> ex = MathExtractor()
        >>> ex("so the domain is $[0,1)$.").answer
        '[0,1)'
        >>> ex("\\\\boxed{" + "x+" * 5000 + "1}").rejected
        'answer_too_long'
    """

    __slots__ = ("conflict", "max_candidates", "max_span", "rules", "window")

    def __init__(
        self,
        rules: tuple[str, ...] | list[str] = DEFAULT_MATH_RULES,
        *,
        max_span: int = 2000,
        window: int = 32_768,
        max_candidates: int = 16,
        conflict: str = "reject",
    ) -> None:
        names = tuple(rules)
        unknown = [r for r in names if r not in MATH_RULES]
        if unknown:
            raise ValueError(
                f"unknown extraction rule(s) {unknown}; known: {', '.join(MATH_RULES)}"
            )
        if not names or len(set(names)) != len(names):
            raise ValueError(f"extraction rules must be distinct and not empty: {list(names)}")
        self.rules = names
        self.max_span = max_span
        self.window = window
        self.max_candidates = max_candidates
        if conflict not in ("reject", "last", "first"):
            raise ValueError(f"conflict must be 'reject', 'last' or 'first', got {conflict!r}")
        self.conflict = conflict

    def _stated_after_boxes(self, tail: str, notes: _Notes) -> str | None:
        """The answer of a "final answer is" statement after boxes that disagree
        (``\\boxed{200} ... \\boxed{255} ... The final answer is $10,455$.``: the boxes were
        steps), or None."""
        if not _final_after_boxes(tail):
            return None
        notes.alternatives.clear()
        notes.hedged = False
        try:
            return _rule_answer_is(
                tail, tail.lower(), self.max_span, self.max_candidates, self.conflict, notes=notes
            )
        except _Unusable:
            return None

    def __call__(
        self, text: str, *, letter_reference: bool = False, prompt: object = None
    ) -> MathExtraction:
        """Extract the answer; never raises on any string. ``prompt``: the question's turns,
        for a plain final sentence read by the numbers they give (:mod:`.givens`)."""
        flags: tuple[str, ...] = ()
        if may_hold_thinking(text):
            # A reasoning model's answer follows its thinking: answers stated while thinking
            # are drafts, neither the answer nor a second answer.
            answer_part = after_thinking(text)
            if answer_part is None:
                return _THINKING_CUT_OFF
            text = answer_part
        tail = text
        if len(text) > self.window:
            tail = text[-self.window :]
            flags = ("truncated",)
        low: str | None = None
        rules = self.rules
        if letter_reference and "choice" in rules:
            # A letter reference: an option letter beats a short reply read as text.
            rules = tuple(r for r in rules if r != "choice")
            at = next((i for i, r in enumerate(rules) if r in ("whole", "last_number")), None)
            at = len(rules) if at is None else at
            rules = (*rules[:at], "choice", *rules[at:])
        notes = _Notes()  # only a rule that finds an answer writes to it
        for name in rules:
            rule = name
            try:
                answer: str | None
                if rule == "boxed":
                    found = _rule_boxed(
                        text, self.max_span, self.max_candidates, self.conflict, notes
                    )
                    answer = None if found is None else found[0]
                elif rule == "answer_tag":
                    answer = _rule_answer_tag(text, self.max_span, notes)
                elif rule == "hash":
                    answer = _rule_hash(text, self.max_span, self.max_candidates, self.conflict)
                elif rule == "answer_is":
                    if low is None:
                        low = tail.lower()
                    answer = _rule_answer_is(
                        tail, low, self.max_span, self.max_candidates, self.conflict, notes=notes
                    )
                elif rule == "math_span":
                    answer = _rule_math_span(tail, self.max_span, notes)
                elif rule == "whole":
                    answer = rule_whole(text) if len(text) <= WHOLE_MAX else None
                elif rule == "choice":
                    answer = _rule_choice(tail, notes) if letter_reference else None
                elif not finished(tail) and not ends_in_sign(tail):
                    # A reply stopped mid-sentence: its last number is no answer (the gsm8k
                    # grader's policy, rftkit.rewards.sentences.finished). A reply that ends
                    # in a non-ASCII sign (a unit, a currency, a CJK stop) is not cut.
                    return MathExtraction(None, None, (*flags, "cut_off", "no_answer"), "no_answer")
                else:
                    answer = _rule_last_number(tail, notes, self.max_span)
                    if is_plain(tail):
                        answer = _prose_answer(tail, answer, notes, prompt)
            except _Unusable as exc:
                stated = None
                if rule == "boxed" and exc.reason == "multiple_answers" and "answer_is" in rules:
                    stated = self._stated_after_boxes(tail, notes)
                if stated is None:
                    return MathExtraction(None, rule, (*flags, exc.reason), exc.reason)
                rule, answer = "answer_is", stated
            if answer is not None:
                if has_hedge_word(answer) or (
                    notes.alternatives and any(has_hedge_word(a) for a in notes.alternatives)
                ):
                    return MathExtraction(
                        None, rule, (*flags, "multiple_answers"), "multiple_answers"
                    )
                if len(answer) > self.max_span:
                    reason = "answer_too_long"
                    return MathExtraction(None, rule, (*flags, reason), reason)
                if notes.alternatives:
                    alts = tuple(notes.alternatives)
                    return MathExtraction(answer, rule, flags, None, alts, notes.hedged)
                return MathExtraction(answer, rule, (*flags, GIVEN) if notes.given else flags)
            if notes.alternatives:  # noted beside an answer the rule then dropped
                notes.alternatives.clear()
                notes.hedged = False
        return MathExtraction(None, None, (*flags, "no_answer"), "no_answer")


def reference_answer(text: str, max_span: int = 100_000) -> str:
    """The final answer of a reference: a full worked solution's boxed answer, else itself.

    Example:
        >>> reference_answer("We get $x = 2$, so the answer is $\\\\boxed{2}$.")
        '2'
        >>> reference_answer("(-\\\\infty, 0)")
        '(-\\\\infty, 0)'
    """
    ex = MathExtractor(REFERENCE_RULES, max_span=max_span, window=max(64, len(text)))
    found = ex(text)
    if found.answer is not None:
        return found.answer
    return strip_delimiters(text.strip())
