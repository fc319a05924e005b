"""Final-answer extraction: explicit, named, ordered rules.

Standard library only: this module ships inside every reward Lambda.

Rules, in the default order (the first rule that finds an answer decides; later rules are
not consulted). The order is the policy for replies holding several forms: a marker the
model writes on purpose to state its answer outranks prose, and the computed output of a
program outranks the sentence that restates it (docs/graders.md has the full policy):

================== ======================================================================
``hash``           ``#### 72``: the text after ``####`` to the end of its line. In numeric
                   mode the text must start like a number, so a Markdown heading such as
                   ``#### Step 2`` is not an answer.
``boxed``          ``\\boxed{...}``, braces balanced (nested ``\\frac{}{}`` is fine).
``answer_tag``     ``<answer>...</answer>``.
``tool_output``    the printed output of the last program, a fenced ````output`` block
                   that no other code block follows, when it holds one number; the
                   sentence restating it may mention other numbers (minutes, counts).
``answer_is``      "the answer is N", "final answer: N", "Answer = N", "the answer would
                   (will, should, could) be N", "answers are ...", to the end of the
                   sentence or line; Minerva's ``Final Answer: The final answer is N.`` is
                   one statement.
``a_line``         a last line ``A: N`` whose text starts like a number.
``bold``           bold numbers on the last line (``So she makes **$18** a day.``); a bold
                   label (``**Step 3:**``) is not an answer.
``final_sentence`` the last sentence of a finished reply: the result of its last ``=``
                   (unless a later clause restates a number), else its last number; small
                   numbers in words when it has no digit (``Three trucks``, ``a dozen``).
``last_number``    the last number of a finished reply, read in its sentence.
================== ======================================================================

**Several answers (the anti-spraying policy).** A response that lists candidates must not
collect the reward, so for the rule that fires:

* every occurrence of its marker counts; when they hold *different* answers (compared by
  value in numeric mode: ``1,000`` and ``1000`` are the same answer) the extraction is
  rejected with ``multiple_answers`` (``conflict="reject"``, the default; ``"last"`` or
  ``"first"`` keep one of them instead);
* more than ``max_candidates`` occurrences (default 16) is rejected as
  ``too_many_answers``, even if they agree;
* one answer that holds several numbers (``#### 12, 15``, ``\\boxed{12 or 15}``, ``1,5``)
  is rejected as ``several_numbers``; an equation that does not hold (``#### 5 = 72``,
  ``#### 70, 71, 73 = 72``) offers each side as an answer: ``multiple_answers``;
* the final sentence (and the last number) is rejected as ``multiple_answers`` when its
  answer is joined to a different number by a hedge (``72 or 73``, ``72, 73``,
  ``between 70 and 75``, ``72-73``).

**Unusable answers are a limit, never a fallback.** When the rule that should fire finds its
last marker but cannot read it (a box or tag that never closes, an answer longer than 2,000
characters, a ``####`` line longer than that, an output block that never closes, or such a
marker only in the text before the window) the extraction is rejected as ``limit`` with the
rule's name, and no later rule may read a number out of it.

**Replies cut off.** ``final_sentence`` and ``last_number`` read only a reply that ended
(:func:`finished`): a reply stopped in the middle of a sentence or of a code block is not
paid for the number that happens to be last (flag ``cut_off``). A reply that goes on to a
new few-shot question after its answer (a line ``Q:``) is read up to it (flag ``continuation``).

The rejected answer is still reported (``answer``, ``rule``) so a report can show it.

**Bounds.** Only the last ``window`` characters (default 32,768) are read: a reply's final
answer is at its end, text before the window is ignored and flagged ``truncated``. Markers
are found with ``str.rfind`` from the end, each answer text is at most 2,000 characters, at
most 256 markers are examined per rule, a sentence is read at most 400 characters back,
and every regular expression is linear, so a megabyte reply costs about as much as a short
one.
"""

from __future__ import annotations

import math
import re
from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping

from rftkit.rewards.numbers import (
    HEDGE_WORDS,
    MAX_DIGITS,
    MAX_SPAN,
    Number,
    ParseResult,
    clean_latex,
    equations_hold,
    has_digit,
    normalize_unicode,
    number_words,
    parse_answer,
    scan,
    single_equation_holds,
    strip_calculator_annotations,
)

# No typing at run time: a reward Lambda imports this module at every cold start, and typing
# alone costs about 8 ms. The type aliases exist for type checkers only (``Conflict`` is
# still importable: see ``__getattr__``) and the records are collections.namedtuple.
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final, Literal, NamedTuple, TypeAlias

    Conflict: TypeAlias = Literal["reject", "last", "first"]
    _Candidate: TypeAlias = tuple[str, int]  # (answer text, end position in the examined text)
    _RuleFunc: TypeAlias = Callable[[str, bool, int, list[str]], "list[_Candidate] | None"]
    _Step: TypeAlias = tuple[str, "_RuleFunc | None", "str | None", "str | None"]

__all__ = [
    "DEFAULT_MAX_CANDIDATES",
    "DEFAULT_WINDOW",
    "RULES",
    "Conflict",
    "Extraction",
    "Extractor",
    "Reference",
    "finished",
    "is_hedge",
    "parse_reference",
    "reference_cache",
    "reference_text",
]

RULES: Final = (
    "hash",
    "boxed",
    "answer_tag",
    "tool_output",
    "answer_is",
    "a_line",
    "bold",
    "final_sentence",
    "last_number",
)
"""Every rule name, in the default order."""

DEFAULT_WINDOW: Final = 32_768
DEFAULT_MAX_CANDIDATES: Final = 16
_MAX_MARKERS = 256  # markers examined per rule, however many there are
_CLOSERS = " \t\r\n$.*`}])\\!_"  # what may follow a final answer and still end the reply
_NUMBER_START = frozenset("0123456789-+.$\\(*€£¥₹")


def __getattr__(name: str) -> Any:
    if name == "Conflict":  # a typing-only alias, built on first access
        from typing import Literal

        value = Literal["reject", "last", "first"]
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:

    class _ExtractionFields(NamedTuple):
        answer: str | None
        rule: str | None
        number: Number | None
        n_candidates: int
        flags: tuple[str, ...]
        at_end: bool
        rejected: str | None

    class _ReferenceFields(NamedTuple):
        text: str | None
        number: Number | None
        digits: str | None
        problem: str | None

else:
    _ExtractionFields = namedtuple(
        "Extraction",
        ("answer", "rule", "number", "n_candidates", "flags", "at_end", "rejected"),
    )
    _ReferenceFields = namedtuple("Reference", ("text", "number", "digits", "problem"))


class Extraction(_ExtractionFields):
    """What the extractor found in a reply (a named tuple of the attributes below).

    Attributes:
        answer: the answer text as written (trimmed), or None when no rule fired.
        rule: the rule that fired.
        number: the answer's value (numeric mode), None when it is not one number.
        n_candidates: distinct answers the firing rule saw.
        flags: diagnostics (``truncated``, ``unclosed_box``, ...), plus ``rejected``.
        at_end: only whitespace and closing marks follow the answer.
        rejected: why this answer must not be rewarded, or None: ``no_answer``,
            ``multiple_answers``, ``too_many_answers``, ``several_numbers``,
            ``no_number``, ``number_too_large`` or ``answer_too_long``.

    Example:
        >>> e = Extractor()("so 9 * 2 = 18\\n#### 18")
        >>> e.answer, e.rule, e.rejected
        ('18', 'hash', None)
    """

    __slots__ = ()

    @property
    def ok(self) -> bool:
        """An answer was found and nothing disqualifies it."""
        return self.rejected is None


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


def _balanced(t: str, open_pos: int) -> int:
    """Index of the brace closing ``t[open_pos] == '{'`` within MAX_SPAN, or -1."""
    depth = 0
    k = open_pos
    limit = min(len(t), open_pos + MAX_SPAN + 2)
    while k < limit:
        # Jump between braces with str.find instead of walking every character.
        nxt_open = t.find("{", k, limit)
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
            close = _balanced(t, k)
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
    """The rest of the sentence from ``start``: up to a newline, ". ", "; " or " (" ."""
    limit = min(len(t), start + MAX_SPAN + 1)
    if not _SENTENCE_STOP:
        _SENTENCE_STOP.append(re.compile(r"\n|\. |; "))
    m = _SENTENCE_STOP[0].search(t, start, limit)  # the first of the three stops
    end = limit if m is None else m.start()
    k = t.find(" (", start, end)
    if k != -1 and t[start:k].strip(" \t:*_`"):
        end = k
    return t[start:end], end


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


def _rule_answer_is(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    found: list[int] = []  # where each answer text starts
    for stem in ("nswer", "NSWER"):
        if stem[0] not in t:  # "N" is rare: one memchr saves a search for "NSWER"
            continue
        i = t.rfind(stem)
        while i != -1 and len(found) < _MAX_MARKERS:
            after = _answer_marker_end(t, i)
            if after != -1:
                found.append(after)
            i = t.rfind(stem, 0, i)
    found.sort(reverse=True)
    out: list[_Candidate] = []
    inner = len(t) + 1  # where the statement read last (the later one) starts
    for after in found:
        raw, end = _sentence(t, after)
        if end > inner and not has_digit(t[after:inner]):
            # "Final Answer: The final answer is 18." is one statement: its sentence holds
            # the later "answer is" (read already) and no number before it.
            continue
        inner = after
        span = raw.strip(" \t:*_`").rstrip(".!").strip(" \t*_`")
        if not span or (numeric and not has_digit(span)):
            continue
        out.append((span, end))
        if len(out) > cap:
            break
    return out


def _rule_a_line(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    body = t.rstrip()
    start = body.rfind("\n") + 1
    line = body[start:].lstrip(" \t*_")
    if line.startswith("A:") or line.startswith("A :"):
        span = line.partition(":")[2].strip(" \t*_")
        span = span.rstrip(".").strip()
        # "A: 72" states an answer; "A: Natalia sold 48/2 = 24 clips ..." is working, which
        # the later rules read.
        if span and (not numeric or span[0] in _NUMBER_START):
            return [(span, len(body))]
    return []


def _rule_bold(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    """Bold numbers on the last line: ``So she makes **$18** a day.``, ``**18**``."""
    body = t.rstrip()
    line_start = max(body.rfind("\n") + 1, len(body) - MAX_SPAN)
    if body.find("**", line_start) == -1:
        return []
    marks: list[int] = []
    k = body.find("**", line_start)
    while k != -1 and len(marks) < 2 * _MAX_MARKERS:
        marks.append(k)
        k = body.find("**", k + 2)
    out: list[_Candidate] = []
    for a, b in zip(marks[0::2], marks[1::2], strict=False):
        span = body[a + 2 : b].strip()
        # A bold label ("**Step 3:**", "**Total**") is not an answer; a bold number is.
        if span and span[0] in _NUMBER_START and not span.endswith(":"):
            out.append((span, b + 2))
    out.reverse()
    return out[: cap + 1]


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


# -- the final sentence and the last number --------------------------------------------------

_FINISHERS = frozenset(".!?)]}$*`\"'|>")
_SENTENCE_REACH = 400  # characters read back from the end of the final sentence
_ANSWER_LINE = 200  # longest unterminated final line that may still be an answer line
_GAP_MARKS = frozenset(",;/-~()[]")


def finished(t: str) -> bool:
    """Does the reply end like a finished text (so its last number may be its answer)?

    Yes when it ends with a sentence end or a closing mark (``. ! ? ) ] } $ * ` " ' | >``),
    or when its final line is an answer line: arithmetic and at most one word before the
    number (``72``, ``8 * 9 = 72``, ``x = 72``), or a label ending in ``:`` or ``=``
    (``Total: 72``), and at most two words after it (``72 apples``). A final line of prose
    that stops without a full stop (``Natalia sold 48+24 = 72 clips altog``), or an
    unclosed code block, is a reply cut off mid-solution.

    Example:
        >>> finished("So she makes $18 every day."), finished("Total: 18")
        (True, True)
        >>> finished("Natalia sold 48+24 = 72 clips altog")
        False
    """
    body = t.rstrip()
    if not body:
        return True
    if "`" in body and body.count("```") % 2:
        return False
    end = body[-1]
    line = body[body.rfind("\n") + 1 :]
    if end in _FINISHERS:
        # "**" and "$" close only what they opened on the line: "3*" and "costs $" do not.
        if end == "*":
            return body.endswith("**") and line.count("**") % 2 == 0
        if end == "$":
            return line.count("$") % 2 == 0
        return True
    line = line.strip(" \t*_#>-")
    if len(line) > _ANSWER_LINE:
        return False  # an unterminated line this long is not an answer line like "x = 72"
    last_digit = _last_digit(line)
    if last_digit == -1:
        return False  # prose that stops without a full stop
    if len(_words(line[last_digit + 1 :])) > 2:
        return False
    # The line before its last number, after a label ("Total:", "Final Answer:").
    before = line[:last_digit]
    colon = before.find(":")
    if colon != -1 and len(before[:colon].split()) <= 3:
        before = before[colon + 1 :]
    words = _words(before)
    # "72", "8 * 9 = 72", "x = 72", "Total: 72", "Red = 3*156 + 8 = 476 cm"; not
    # "Thus, 19 - 11 = 8" or "therefore 24 - 8 = 16 doughnuts are".
    return not words or (len(words) == 1 and not words[0].endswith(","))


def _words(s: str) -> list[str]:
    """The whitespace-separated words of ``s`` that hold a letter."""
    rx = _WORD
    if not rx:
        # A letter, then the rest of its word (no leading repeat: linear on any text).
        rx.append(re.compile(r"[A-Za-z]\S*"))
    return rx[0].findall(s)


_WORD: list[re.Pattern[str]] = []


def is_hedge(gap: str) -> bool:
    """Does the text between two numbers offer both as answers (``72 or 73``, ``5-6``)?

    Example:
        >>> is_hedge(" or "), is_hedge(", "), is_hedge(" * "), is_hedge(" apples and ")
        (True, True, False, False)
    """
    rx = _HEDGE_GAP
    if not rx:  # compiled on first use: a cold start that never needs it pays nothing
        words = sorted((w for w in HEDGE_WORDS if w.isalpha()), key=len, reverse=True)
        # Whitespace, list marks, emphasis, currency and the hedge words, nothing else.
        rx.append(
            re.compile(
                r"(?:\*\*|[\s,;/\-~()\[\]$\\]|(?<![A-Za-z])(?:"
                + "|".join(words)
                + r")(?![A-Za-z]))*",
                re.IGNORECASE,
            )
        )
    return rx[0].fullmatch(gap) is not None


_HEDGE_GAP: list[re.Pattern[str]] = []


_CLAUSE_BREAKS = (", ", "; ", " so ", " thus ", " therefore ", " which ", " making ")


def _later_clause(s: str, start: int) -> int:
    """Where the first new clause after ``start`` begins ("..., so the total is"), or -1."""
    found = -1
    for b in _CLAUSE_BREAKS:
        k = s.find(b, start)
        if k != -1 and (found == -1 or k < found):
            found = k
    return found


def _sentence_start(t: str, end: int) -> int:
    """Where the sentence that ends at ``end`` starts (at most 400 characters back)."""
    lo = max(0, end - _SENTENCE_REACH)
    start = max(t.rfind("\n", lo, end) + 1, lo)
    for stop in (". ", "! ", "? ", ".\t"):
        # One memrchr for the stop's first character before searching for the pair.
        if t.rfind(stop[0], start, end) != -1:
            k = t.rfind(stop, start, end)
            if k != -1:
                start = k + 2
    return start


def _sentence_end(t: str, k: int) -> int:
    """Where the sentence holding position ``k`` ends."""
    end = len(t)
    limit = min(len(t), k + MAX_SPAN)
    for stop in ("\n", ". ", "! ", "? "):
        j = t.find(stop, k, limit)
        if j != -1 and j < end:
            end = j + 1
    return end


def _last_digit(t: str, end: int | None = None) -> int:
    hi = len(t) if end is None else end
    rf = t.rfind
    return max(
        rf("0", 0, hi),
        rf("1", 0, hi),
        rf("2", 0, hi),
        rf("3", 0, hi),
        rf("4", 0, hi),
        rf("5", 0, hi),
        rf("6", 0, hi),
        rf("7", 0, hi),
        rf("8", 0, hi),
        rf("9", 0, hi),
    )


# -- the extractor ---------------------------------------------------------------------------


def _text_key(span: str) -> str:
    return " ".join(span.split()).casefold().rstrip(".")


class Extractor:
    """Finds the final answer in a reply with ordered, named rules.

    Args:
        rules: rule names to try, in order (see :data:`RULES`).
        window: characters read from the end of the reply.
        max_candidates: more occurrences than this rejects the answer (``too_many_answers``).
        conflict: what to do when the firing rule finds different answers: ``reject``
            (default), or keep the ``last`` or ``first`` one.
        numeric: answers are numbers: parse them, compare candidates by value, and skip
            markers whose text holds no number (``#### Step 2``).

    Raises:
        ValueError: an unknown rule name or an out-of-range option.

    Example:
        >>> ex = Extractor(["boxed", "last_number"])
        >>> ex("so the total is \\\\boxed{1,234}.").number
        Number(value=1234, percent=False)
        >>> ex("I think it is 15.").rule
        'last_number'
    """

    __slots__ = (
        "_default",
        "_funcs",
        "_hash_first",
        "_steps",
        "conflict",
        "max_candidates",
        "numeric",
        "rules",
        "window",
    )

    def __init__(
        self,
        rules: Iterable[str] = RULES,
        *,
        window: int = DEFAULT_WINDOW,
        max_candidates: int = DEFAULT_MAX_CANDIDATES,
        conflict: Conflict = "reject",
        numeric: bool = True,
    ) -> None:
        if isinstance(rules, str):
            rules = [rules]
        names = tuple(rules)
        unknown = [r for r in names if r not in RULES]
        if unknown:
            raise ValueError(f"unknown extraction rule(s) {unknown}; known: {', '.join(RULES)}")
        if not names:
            raise ValueError(f"at least one extraction rule is needed; known: {', '.join(RULES)}")
        if len(set(names)) != len(names):
            raise ValueError(f"extraction rules listed twice: {list(names)}")
        if not isinstance(window, int) or not 64 <= window <= 10_000_000:
            raise ValueError(f"window must be an integer in 64..10000000, got {window!r}")
        if not isinstance(max_candidates, int) or not 1 <= max_candidates <= 1000:
            raise ValueError(f"max_candidates must be in 1..1000, got {max_candidates!r}")
        if conflict not in ("reject", "last", "first"):
            raise ValueError(f"conflict must be 'reject', 'last' or 'first', got {conflict!r}")
        self.rules = names
        self.window = window
        self.max_candidates = max_candidates
        self.conflict = conflict
        self.numeric = numeric
        self._funcs = tuple((name, _RULE_FUNCS.get(name)) for name in names)
        # (name, rule function or None, a text the rule needs, another it may need instead)
        steps: list[_Step] = []
        for name, func in self._funcs:
            probes = _PROBES.get(name, ())
            first = probes[0] if probes else None
            second = probes[1] if len(probes) > 1 else None
            steps.append((name, func, first, second))
        self._steps = tuple(steps)
        self._hash_first = numeric and names[0] == "hash"
        self._default = numeric and names == RULES

    def prepare(self, text: str) -> tuple[str, list[str]]:
        """The examined text (tail window, annotations removed, Unicode normalised), flags.

        In numeric mode a reply that goes on to a new few-shot question (a line starting
        ``Q:`` or ``Question:`` after the answer) is read only up to it (flag
        ``continuation``): the model's answer to *this* question comes before.
        """
        flags: list[str] = []
        t = text
        if len(t) > self.window:
            t = t[-self.window :]
            flags.append("truncated")
        if "<<" in t:
            t = strip_calculator_annotations(t)
        if not t.isascii():
            t = normalize_unicode(t)
        if self.numeric and "\nQ" in t:
            cut = _continuation(t)
            if cut != -1:
                t = t[:cut]
                flags.append("continuation")
        return t, flags

    def __call__(self, text: str) -> Extraction:
        """Extract the final answer from ``text``; never raises on any string."""
        if self._hash_first and len(text) <= self.window and "#" in text:
            # The GSM8K form: one '####' line holding a plain integer. The same result as
            # the general path (a test checks this), without building anything on the way.
            i = text.rfind("####")
            if (
                i != -1
                and text.find("#") == i
                and "\nQ" not in text
                and ("<" not in text or annotations_before_marker_line(text, i))
                and (text.isascii() or fast_unicode_ok(text, i))
            ):
                j = text.find("\n", i + 4)
                line_end = len(text) if j == -1 else j
                span = text[i + 4 : line_end].strip()
                if line_end - i <= MAX_DIGITS and span.isdigit():
                    at_end = j == -1 or not text[j:].strip(_CLOSERS)
                    return _new(Extraction, (span, "hash", Number(int(span)), 1, (), at_end, None))
        if (
            self._default
            and len(text) <= self.window
            and text.isascii()
            and "<<" not in text
            and "\nQ" not in text
        ):
            return self.unrolled(text)
        return self.general(text)

    def unrolled(self, t: str) -> Extraction:
        """:meth:`general` for the default rules on a text :meth:`prepare` leaves unchanged.

        The same rule functions in the same order, each behind the same probe, without the
        generic loop (for tests: it must equal :meth:`general` on such a text).
        """
        flags: list[str] = []
        cap = self.max_candidates
        candidates: list[_Candidate] | None
        if "#" in t:
            candidates = _rule_hash(t, True, cap, flags)
            if candidates is None:
                return self._limit("hash", flags)
            if candidates:
                return self._decide("hash", candidates, t, flags)
        if "\\" in t:
            candidates = _rule_boxed(t, True, cap, flags)
            if candidates is None:
                return self._limit("boxed", flags)
            if candidates:
                return self._decide("boxed", candidates, t, flags)
        if "<" in t:
            candidates = _rule_answer_tag(t, True, cap, flags)
            if candidates is None:
                return self._limit("answer_tag", flags)
            if candidates:
                return self._decide("answer_tag", candidates, t, flags)
        if "`" in t:
            candidates = _rule_tool_output(t, True, cap, flags)
            if candidates is None:
                return self._limit("tool_output", flags)
            if candidates:
                return self._decide("tool_output", candidates, t, flags)
        if "nswer" in t or "NSWER" in t:
            candidates = _rule_answer_is(t, True, cap, flags)
            if candidates:
                return self._decide("answer_is", candidates, t, flags)
        if ":" in t:
            candidates = _rule_a_line(t, True, cap, flags)
            if candidates:
                return self._decide("a_line", candidates, t, flags)
        if "*" in t:
            candidates = _rule_bold(t, True, cap, flags)
            if candidates:
                return self._decide("bold", candidates, t, flags)
        if not finished(t):
            if not flags:
                return _CUT_OFF
            flags.append("cut_off")
        else:
            state = [True]
            found = self._weak("final_sentence", t, flags, state)
            if found is None:
                found = self._weak("last_number", t, flags, state)
            if found is not None:
                return found
        return Extraction(None, None, None, 0, (*flags, "no_answer"), False, "no_answer")

    def general(self, text: str) -> Extraction:
        """:meth:`__call__` without its fast path for ``#### N`` replies (for tests)."""
        if (
            len(text) > self.window
            or not text.isascii()
            or "<<" in text
            or (self.numeric and "\nQ" in text)
        ):
            t, flags = self.prepare(text)
        else:
            t, flags = text, []  # what prepare() returns for a short plain ASCII reply
        cap = self.max_candidates
        found: Extraction | None = None
        fired = len(self._funcs)
        state: list[bool] = []  # finished(t), computed once when a weak rule needs it
        index = -1
        for name, func, probe, probe2 in self._steps:
            index += 1
            if probe is not None and probe not in t and (probe2 is None or probe2 not in t):
                continue  # the rule's marker is not in the text: it cannot fire
            if func is None:  # final_sentence / last_number
                found = self._weak(name, t, flags, state)
            else:
                candidates = func(t, self.numeric, cap, flags)
                if candidates is None:
                    return self._limit(name, flags)
                if candidates:
                    found = self._decide(name, candidates, t, flags)
            if found is not None:
                fired = index
                break
        if len(text) > self.window:
            # A rule that outranks the one that fired has its marker only in the text
            # before the window (a box opened 40,000 characters before the end): that
            # answer is unusable, and no weaker rule may stand in for it.
            head = text[: len(text) - self.window + 16]
            for name, _ in self._funcs[:fired]:
                marker = _WINDOW_MARKERS.get(name)
                if marker is None:
                    continue
                k = head.rfind(marker)
                if k == -1:
                    continue
                if name == "hash" and self.numeric:
                    # A Markdown heading ("#### Step 2") is no answer line, here as inside.
                    after = text[k : k + 64].lstrip("#").lstrip()
                    if not after or after[0] not in _NUMBER_START:
                        continue
                flags.append("marker_before_window")
                return self._limit(name, flags)
        if found is not None:
            return found
        return Extraction(None, None, None, 0, (*flags, "no_answer"), False, "no_answer")

    @staticmethod
    def _limit(rule: str, flags: list[str]) -> Extraction:
        # "limit", then what was over it (the last flag: "unclosed_box", ...).
        head, last = flags[:-1], flags[-1:]
        return Extraction(None, rule, None, 0, (*head, "limit", *last), False, "limit")

    def _weak(self, name: str, t: str, flags: list[str], state: list[bool]) -> Extraction | None:
        """The final-sentence and last-number rules: only on a reply that ended."""
        if not state:
            state.append(finished(t))
            if not state[0]:
                flags.append("cut_off")
        if not state[0]:
            return None
        if name == "final_sentence":
            body = t.rstrip()
            end = len(body)
            while end and body[end - 1] in _FINISHERS:
                end -= 1
            start = _sentence_start(body, end)
            return self._sentence_answer(name, body[start : len(body)], True, flags)
        k = _last_digit(t)
        if k == -1:
            return None
        start = _sentence_start(t, k)
        return self._sentence_answer(name, t[start : _sentence_end(t, k)], False, flags)

    def _sentence_answer(
        self, rule: str, sentence: str, words: bool, flags: list[str]
    ) -> Extraction | None:
        s = clean_latex(sentence)
        eq = s.rfind("=")
        if eq != -1:
            # The common shapes: after the last "=", a plain integer (the result) and at
            # most one more plain integer, and no other digit ("= 72 clips.", "= 11
            # desserts, so the total is 11."): read here exactly as the general reading
            # below reads them, without building its tokens.
            m = _plain_tail().match(s, eq + 1)
            if m is not None and not has_digit(s[m.end() :]):
                result, gap, later = m.group(1, 2, 3)
                value = int(result.replace(",", "") if "," in result else result)
                n = 1
                rejected = None
                if later is not None:
                    other = int(later.replace(",", "") if "," in later else later)
                    tail = s[eq + 1 :]
                    brk = _later_clause(tail, m.end(1) - eq - 1)
                    if brk != -1 and has_digit(tail[brk:]):
                        value, other = other, value  # the later clause states the answer
                    if other != value and is_hedge(gap):
                        rejected, n = "multiple_answers", 2
                if rejected is None and not (
                    single_equation_holds(s, eq, int(result.replace(",", "")), m.end(1))
                    if s.find("=") == eq
                    else equations_hold(s, False)
                ):
                    rejected = "multiple_answers"
                if rejected is not None:
                    return Extraction(
                        str(value), rule, None, n, (*flags, rejected), False, rejected
                    )
                number = Number(value) if self.numeric else None
                return _new(Extraction, (str(value), rule, number, 1, tuple(flags), False, None))
        return self._sentence_tokens(rule, s, words, flags)

    def _sentence_tokens(
        self, rule: str, sentence_clean: str, words: bool, flags: list[str]
    ) -> Extraction | None:
        """:meth:`_sentence_answer` by the sentence's number tokens (its general reading)."""
        s = sentence_clean
        eq = s.rfind("=")
        # With an equation, only what follows its last "=" can hold the answer and its
        # neighbours (a number before the "=" is never a hedge partner: "=" is no list mark).
        base = eq + 1 if eq != -1 else 0
        # After an "=", the result and its next neighbour are all that is needed.
        tokens = scan(s[base:], 2) if base else []
        if not tokens:
            base = 0
            tokens = scan(s)
        if not tokens:
            if not words or not any(c.isalpha() for c in s):
                return None
            tokens = number_words(s)
            if not tokens:
                return None
        index = len(tokens) - 1
        if base:
            s = s[base:]
            index = 0
            brk = _later_clause(s, tokens[0].end)
            if brk != -1 and has_digit(s[brk:]):
                # The result of the sentence's last computation ("5*89 = 445 dollars over
                # 5 days" answers 445) unless a later clause states a number ("= 11
                # desserts, so the total is 11"): then the sentence's last number.
                tokens = scan(s)
                index = len(tokens) - 1
        last = tokens[index]
        number = last.number
        if number is None:
            return Extraction(
                s[last.start : last.end][:40],
                rule,
                None,
                1,
                (*flags, "number_too_large", "limit"),
                False,
                "number_too_large",
            )
        answer = str(number)
        rejected = None
        n = 1
        for a, b in ((index - 1, index), (index, index + 1)):
            if a < 0 or b >= len(tokens):
                continue
            other = tokens[a if b == index else b].number
            if (
                other is not None
                and other.value != number.value
                and is_hedge(s[tokens[a].end : tokens[b].start])
            ):
                rejected, n = "multiple_answers", 2
                break
        if rejected is None and eq != -1 and not equations_hold(sentence_clean, False):
            rejected = "multiple_answers"
        if rejected is not None:
            return Extraction(answer, rule, None, n, (*flags, rejected), False, rejected)
        return Extraction(
            answer, rule, number if self.numeric else None, 1, tuple(flags), False, None
        )

    def _decide(
        self, rule: str, candidates: list[_Candidate], t: str, flags: list[str]
    ) -> Extraction:
        numeric = self.numeric
        strict = rule in _STRICT_RULES
        if len(candidates) == 1 and numeric:  # the common case, without the bookkeeping
            span, end = candidates[0]
            result = parse_answer(span, strict=strict)
            at_end = not t[end:].strip(_CLOSERS)
            if result.number is not None:
                kept = tuple(flags) if flags else ()
                return _new(Extraction, (span, rule, result.number, 1, kept, at_end, None))
            flags.append(result.reason or "no_number")
            if result.reason in _SIZE_REASONS:
                flags.append("limit")
            return Extraction(span, rule, None, 1, tuple(flags), at_end, result.reason)
        cap = self.max_candidates
        too_many = len(candidates) > cap
        if too_many:
            candidates = candidates[:cap]
        parsed: list[ParseResult | None] = []
        keys: dict[object, None] = {}
        for span, _ in candidates:
            if numeric:
                result = parse_answer(span, strict=strict)
                parsed.append(result)
                key: object = result.number.value if result.number is not None else span
            else:
                parsed.append(None)
                key = _text_key(span)
            keys[key] = None
        n_distinct = len(keys)
        # Candidates run from the end of the text backwards: index 0 is the last one.
        pick = len(candidates) - 1 if self.conflict == "first" else 0
        span, end = candidates[pick]
        chosen = parsed[pick]
        number = chosen.number if chosen is not None else None
        rejected: str | None = None
        if too_many:
            rejected = "too_many_answers"
        elif n_distinct > 1 and self.conflict == "reject":
            rejected = "multiple_answers"
        elif chosen is not None and chosen.number is None:
            rejected = chosen.reason
        if rejected is not None:
            flags.append(rejected)
            if rejected in _SIZE_REASONS:
                flags.append("limit")
        at_end = not t[end:].strip(_CLOSERS)
        return Extraction(span, rule, number, n_distinct, tuple(flags), at_end, rejected)


_PLAIN_TAIL: list[re.Pattern[str]] = []
# An integer that numbers.scan reads as written: ``72`` or ``1,234`` (valid thousands
# groups), with nothing after it that could extend it (fraction, decimal, exponent, power,
# scale word, percent, mixed number): every character that would make ``scan`` look further
# is refused, so a match is always the plain value.
_PLAIN_INT = (
    r"([0-9]{1,15}|[1-9][0-9]{0,2}(?:,[0-9]{3}){1,4})"
    r"(?![0-9/^x*\\%phtmbkHTMBK\u00d7\u00b7]|,[0-9]|\.[0-9]|[eE][-+]?[0-9]"
    r"| (?:[0-9 x*\\^%\u00d7\u00b7]|(?i:hundred|thousand|million|billion|trillion)|percent))"
)


def _plain_tail() -> re.Pattern[str]:
    """After an "=": spaces, a plain integer, then optionally text and one more.

    The second integer must not follow a "-" (a sign) or a "." (a decimal point).
    """
    if not _PLAIN_TAIL:
        _PLAIN_TAIL.append(
            re.compile(r" *" + _PLAIN_INT + r"(?:([^0-9]*+)(?<![-.])" + _PLAIN_INT + r")?")
        )
    return _PLAIN_TAIL[0]


_SIZE_REASONS = frozenset({"answer_too_long", "number_too_large"})
# A named tuple built from a tuple without its Python-level __new__ (same object).
_new = tuple.__new__
_CUT_OFF = Extraction(None, None, None, 0, ("cut_off", "no_answer"), False, "no_answer")


def fast_unicode_ok(text: str, marker: int) -> bool:
    """Can a fast path skip Unicode normalisation of a non-ASCII reply?

    The caller has checked that the marker holds the first "#" of the reply. Then yes when
    everything from the marker on is ASCII (the answer line and what follows it read the
    same) and no full-width number sign before it could become a "#": deleting zero-width
    characters cannot make a second "####" out of a text with no "#" in it.
    """
    return text[marker:].isascii() and "\uff03" not in text


def annotations_before_marker_line(text: str, marker: int) -> bool:
    """Is every ``<<`` (a possible calculator annotation) before the marker's line?

    Then a fast path may read the reply as written: the general path removes annotations
    first, but one closes on the line it opens, so removing those on earlier lines leaves
    the marker's line and what follows it unchanged, and (the caller has checked that no
    "#" precedes the marker) cannot join two "#" runs into a second marker. GSM8K-style
    replies carry such annotations in their working, on the lines above ``#### N``.
    """
    return text.find("<<", text.rfind("\n", 0, marker) + 1) == -1


def _continuation(t: str) -> int:
    """Where a new few-shot question starts after an answer, or -1."""
    # Only after an answer ("A:" line, an answer statement, a box, a '####' line): a reply
    # may restate its own question before answering it.
    answered = len(t)
    if t.startswith("A:"):
        answered = 0
    for m in _ANSWERED:
        k = t.find(m, 0, answered)
        if k != -1:
            answered = k
    for stem in ("nswer", "NSWER"):  # an answer statement, not "to answer this"
        k = t.find(stem, 0, answered)
        seen = 0
        while k != -1 and seen < _MAX_MARKERS:
            if _answer_marker_end(t, k) != -1:
                answered = k
                break
            seen += 1
            k = t.find(stem, k + 5, answered)
    if answered == len(t):
        return -1
    best = -1
    for marker in ("\nQ:", "\nQuestion:"):
        k = t.find(marker, answered + 1)
        if k != -1 and (best == -1 or k < best):
            best = k
    return best


_ANSWERED = ("\nA:", "####", "\\boxed")


# -- references ------------------------------------------------------------------------------

_REFERENCE_KEYS = ("final_answer", "answer", "reference_answer", "text", "value", "solution")


def reference_text(reference: Any, *, solution: bool = True, _depth: int = 0) -> str | None:
    """The answer text inside a reference, whatever shape the dataset gave it.

    Accepts a bare number, a string, a full GSM8K solution ending in ``#### 72`` (when
    ``solution``), and dicts ``{"final_answer": ...}``, ``{"answer": ...}``,
    ``{"text": ...}`` (nested up to 4 levels). Returns None when there is no answer.

    Example:
        >>> reference_text({"text": "3 * 4 = <<3*4=12>>12 eggs\\n#### 12"})
        '12'
        >>> reference_text(72)
        '72'
    """
    if isinstance(reference, str):
        if solution and "####" in reference:
            tail = reference[reference.rfind("####") + 4 :]
            return tail.strip().split("\n", 1)[0].strip() or None
        return reference.strip() or None
    if isinstance(reference, bool) or reference is None:
        return None
    if isinstance(reference, int):
        return str(reference)
    if isinstance(reference, float):
        return repr(reference) if math.isfinite(reference) else None
    if isinstance(reference, Mapping) and _depth < 4:
        for key in _REFERENCE_KEYS:
            if key in reference:
                return reference_text(reference[key], solution=solution, _depth=_depth + 1)
    return None


class Reference(_ReferenceFields):
    """A parsed numeric reference answer (a named tuple of the attributes below).

    Attributes:
        text: the answer text, or None when the reference holds none.
        number: its value, or None when it is not a single number.
        digits: the canonical digit string when the value is a non-negative integer
            (lets graders compare ``"72" == "72"`` before parsing anything).
        problem: why ``number`` is None.
    """

    __slots__ = ()


_REFERENCE_CACHE: dict[str, Reference] = {}
_REFERENCE_CACHE_LIMIT = 8192


def _parse_reference_text(text: str) -> Reference:
    cached = _REFERENCE_CACHE.get(text)
    if cached is not None:
        return cached
    result = parse_answer(strip_calculator_annotations(text))
    number = result.number
    digits = None
    if number is not None and type(number.value) is int and number.value >= 0:
        digits = str(number.value) if not number.percent else None
    problem = None
    if number is None:
        problem = f"reference {text[:60]!r} is not one number ({result.reason})"
    ref = Reference(text, number, digits, problem)
    if len(_REFERENCE_CACHE) >= _REFERENCE_CACHE_LIMIT:
        _REFERENCE_CACHE.clear()  # bounded: distinct references beyond this are rare
    _REFERENCE_CACHE[text] = ref
    return ref


def reference_cache() -> Mapping[str, Reference]:
    """The cache of parsed references by text, for hot paths that look up before parsing.

    Example:
        >>> _ = parse_reference("72")
        >>> reference_cache()["72"].digits
        '72'
    """
    return _REFERENCE_CACHE


_NO_REFERENCE = Reference(None, None, None, "the sample has no reference answer")


def parse_reference(reference: Any) -> Reference:
    """Parse a numeric reference answer once; results are cached per distinct answer text.

    Example:
        >>> parse_reference({"final_answer": "1,234"}).number
        Number(value=1234, percent=False)
        >>> parse_reference("Natalia sold 48/2 = <<48/2=24>>24 clips\\n#### 72").digits
        '72'
    """
    if type(reference) is str:
        cached = _REFERENCE_CACHE.get(reference)
        if cached is not None:
            return cached
        text = reference_text(reference)
        if text is None:
            return _NO_REFERENCE
        ref = _parse_reference_text(text)
        if text != reference and len(reference) <= 4096:
            _REFERENCE_CACHE[reference] = ref
        return ref
    text = reference_text(reference)
    if text is None:
        return _NO_REFERENCE
    return _parse_reference_text(text)
