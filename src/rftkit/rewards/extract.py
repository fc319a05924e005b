"""Final-answer extraction: explicit, named, ordered rules.

Standard library only: this module ships inside every reward Lambda.

Rules, in the default order (the first rule that finds an answer decides; later rules are
not consulted):

=============== =========================================================================
``hash``        ``#### 72``: the text after ``####`` to the end of its line. In numeric
                mode the text must start like a number, so a Markdown heading such as
                ``#### Step 2`` is not an answer.
``boxed``       ``\\boxed{...}``, braces balanced (nested ``\\frac{}{}`` is fine).
``answer_tag``  ``<answer>...</answer>`` (an unclosed last tag reads to the end, flagged).
``answer_is``   "the answer is N", "final answer: N", "Answer = N", "answer would be N",
                up to the end of the sentence or line.
``a_line``      a last non-empty line ``A: N``.
``last_number`` the last number in the text (only the last one, however many there are).
=============== =========================================================================

**Several answers (the anti-spraying policy).** A response that lists candidates must not
collect the reward, so for the rule that fires:

* every occurrence of its marker counts; when they hold *different* answers (compared by
  value in numeric mode: ``1,000`` and ``1000`` are the same answer) the extraction is
  rejected with ``multiple_answers`` (``conflict="reject"``, the default; ``"last"`` or
  ``"first"`` keep one of them instead);
* more than ``max_candidates`` occurrences (default 16) is rejected as
  ``too_many_answers``, even if they agree;
* one answer that holds several numbers (``#### 12, 15``, ``\\boxed{12 or 15}``, ``1,5``)
  is rejected as ``several_numbers``;
* ``last_number`` reads only the final number, so listing numbers gains nothing.

The rejected answer is still reported (``answer``, ``rule``) so a report can show it.

**Bounds.** Only the last ``window`` characters (default 32,768) are read: a reply's final
answer is at its end, text before the window is ignored and flagged ``truncated``. Markers
are found with ``str.rfind`` from the end, each answer text is at most 2,000 characters, at
most 256 markers are examined per rule, and no regular expression runs on unbounded text,
so a megabyte reply costs about as much as a short one.
"""

from __future__ import annotations

import math
from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping

from rftkit.rewards.numbers import (
    MAX_SPAN,
    Number,
    ParseResult,
    last_number,
    normalize_unicode,
    parse_answer,
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

__all__ = [
    "DEFAULT_MAX_CANDIDATES",
    "DEFAULT_WINDOW",
    "RULES",
    "Conflict",
    "Extraction",
    "Extractor",
    "Reference",
    "parse_reference",
    "reference_cache",
    "reference_text",
]

RULES: Final = ("hash", "boxed", "answer_tag", "answer_is", "a_line", "last_number")
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


def _rule_hash(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
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
            j = min(n, start + MAX_SPAN + 1)
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


def _rule_boxed(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    out: list[_Candidate] = []
    seen = 0
    i = t.rfind("\\boxed")
    while i != -1 and len(out) <= cap and seen < _MAX_MARKERS:
        seen += 1
        k = i + 6
        while k < len(t) and t[k] == " ":
            k += 1
        if k < len(t) and t[k] == "{":
            close = _balanced(t, k)
            if close == -1:
                if "unclosed_box" not in flags:
                    flags.append("unclosed_box")
            else:
                span = t[k + 1 : close].strip()
                if span:
                    out.append((span, close + 1))
        i = t.rfind("\\boxed", 0, i)
    return out


def _rule_answer_tag(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    out: list[_Candidate] = []
    seen = 0
    first = True
    i = t.rfind("<answer>")
    while i != -1 and len(out) <= cap and seen < _MAX_MARKERS:
        seen += 1
        start = i + 8
        close = t.find("</answer>", start, start + MAX_SPAN + 9)
        if close != -1:
            span, end = t[start:close].strip(), close + 9
        elif first and t.find("</answer>", start) == -1:
            # A reply cut off inside its last tag: read to the end, but say so.
            end = min(len(t), start + MAX_SPAN + 1)
            span = t[start:end].strip()
            flags.append("unclosed_answer_tag")
        else:
            span, end = "", start
        first = False
        if span:
            out.append((span, end))
        i = t.rfind("<answer>", 0, i)
    return out


_ANSWER_PHRASES = (
    "answer is",
    "Answer is",
    "ANSWER IS",
    "answer:",
    "Answer:",
    "ANSWER:",
    "answer =",
    "Answer =",
    "answer would be",
    "Answer would be",
    "answer will be",
)


def _sentence(t: str, start: int) -> tuple[str, int]:
    """The rest of the sentence from ``start``: up to a newline, ". ", "; " or " (" ."""
    limit = min(len(t), start + MAX_SPAN + 1)
    end = limit
    for stop in ("\n", ". ", "; "):
        k = t.find(stop, start, end)
        if k != -1:
            end = k
    k = t.find(" (", start, end)
    if k != -1 and t[start:k].strip(" \t:*_`"):
        end = k
    return t[start:end], end


def _rule_answer_is(t: str, numeric: bool, cap: int, flags: list[str]) -> list[_Candidate]:
    found: list[tuple[int, int]] = []  # (phrase start, phrase end)
    for phrase in _ANSWER_PHRASES:
        i = t.rfind(phrase)
        count = 0
        while i != -1 and count <= cap and count < _MAX_MARKERS:
            found.append((i, i + len(phrase)))
            count += 1
            i = t.rfind(phrase, 0, i)
    found.sort(reverse=True)
    out: list[_Candidate] = []
    for _, after in found[:_MAX_MARKERS]:
        raw, end = _sentence(t, after)
        span = raw.strip(" \t:*_`").rstrip(".!").strip(" \t*_`")
        if not span or (numeric and not any(c.isdigit() for c in span)):
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
        if span:
            return [(span, len(body))]
    return []


_RULE_FUNCS: dict[str, Callable[[str, bool, int, list[str]], list[_Candidate]]] = {
    "hash": _rule_hash,
    "boxed": _rule_boxed,
    "answer_tag": _rule_answer_tag,
    "answer_is": _rule_answer_is,
    "a_line": _rule_a_line,
}


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
        >>> ex("I think 12 or maybe 15").rule
        'last_number'
    """

    __slots__ = ("_funcs", "conflict", "max_candidates", "numeric", "rules", "window")

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

    def prepare(self, text: str) -> tuple[str, list[str]]:
        """The examined text (tail window, annotations removed, Unicode normalised), flags."""
        flags: list[str] = []
        t = text
        if len(t) > self.window:
            t = t[-self.window :]
            flags.append("truncated")
        if "<<" in t:
            t = strip_calculator_annotations(t)
        if not t.isascii():
            t = normalize_unicode(t)
        return t, flags

    def __call__(self, text: str) -> Extraction:
        """Extract the final answer from ``text``; never raises on any string."""
        t, flags = self.prepare(text)
        cap = self.max_candidates
        for name, func in self._funcs:
            if func is None:  # last_number
                tok = last_number(t)
                if tok is None:
                    continue
                if tok.number is None:
                    return Extraction(
                        t[tok.start : tok.end][:40],
                        name,
                        None,
                        1,
                        (*flags, "number_too_large"),
                        False,
                        "number_too_large",
                    )
                answer = str(tok.number)
                number = tok.number if self.numeric else None
                return Extraction(answer, name, number, 1, tuple(flags), False, None)
            candidates = func(t, self.numeric, cap, flags)
            if candidates:
                return self._decide(name, candidates, t, flags)
        return Extraction(None, None, None, 0, (*flags, "no_answer"), False, "no_answer")

    def _decide(
        self, rule: str, candidates: list[_Candidate], t: str, flags: list[str]
    ) -> Extraction:
        cap = self.max_candidates
        too_many = len(candidates) > cap
        if too_many:
            candidates = candidates[:cap]
        numeric = self.numeric
        parsed: list[ParseResult | None] = []
        keys: dict[object, None] = {}
        for span, _ in candidates:
            if numeric:
                result = parse_answer(span)
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
        at_end = not t[end:].strip(_CLOSERS)
        return Extraction(span, rule, number, n_distinct, tuple(flags), at_end, rejected)


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
