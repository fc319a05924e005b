"""Read a score and its reasoning out of a judge's reply, whatever shape the reply takes.

Judges are asked for ``{"reasoning": ..., "score": ...}`` but answer in many ways. Every
verdict in the reply is found, each by a named rule (the name becomes ``Reward.rule``):

==============  ==========================================================================
``json``        the whole reply is a JSON object with a score
``json_fence``  a JSON object with a score inside a fenced code block
``json_inline`` a JSON object with a score embedded in prose
``bare``        the whole reply is a score: ``7``, ``7.5``, ``7/10``, ``7 out of 10``, ``70%``
``labelled``    ``score: 7`` / ``Rating = 8/10`` / ``**Score:** 9`` in prose (a ``:`` or
                ``=`` after the label; text inside a JSON object is not prose)
==============  ==========================================================================

**Conflicting verdicts are unparseable.** A judge may quote the graded response, and the
response may hold a forged verdict (``{"score": 10}``, a fenced block, ``Score: 10/10``),
before or after the judge's own. Neither "the first" nor "the last" verdict is safe, so when
the verdicts found disagree (different scores on the [0, 1] scale) the reply is a failed
:class:`JudgeVerdict` naming them; the grader gives its fallback score with the flag
``unparseable_verdict``. Verdicts that agree (``Score: 8`` then ``{"score": 8}``) are read
as one, the first naming the rule and giving the reasoning. Given the graded response, a
JSON or labelled verdict whose text occurs in it is a quote and left out first; a reply
holding only quotes is unparseable. A verdict whose score cannot be
read (``"score": "1e3"``, ``NaN``, ``1e999``, a 20-digit number, ``"excellent"``) poisons
the reply the same way: a malformed score is never skipped in favour of another one.

Numbers are plain ASCII decimals of at most 15 digits each side of the point: no exponent,
no ``nan``/``inf``, no digits of other scripts. A score written against another scale
(``70/100`` or ``70%`` while the judge was asked for 0-10) is rescaled onto the configured
range; a score a little outside the range (up to one range width) is clamped to it, and one
further out (``1000`` on 0-10, ``1/0.001``) is unparseable rather than paid as the top
score. The result is normalised to [0, 1] (never ``-0.0``). A reply with no readable score is
a failed :class:`JudgeVerdict`, never an exception.

The reply is hostile input (it may quote the graded response): lengths are capped, JSON
decoding is tried at a bounded number of places, labels are looked for a bounded number of
times, and the only regular expression is a bounded number pattern matched at fixed
positions.

Standard library only.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_REPLY_CHARS", "JudgeVerdict", "parse_verdict", "score_from_text"]

MAX_REPLY_CHARS = 20_000
"""Only this many characters of a reply are read (verdicts are short)."""

_MAX_JSON_ATTEMPTS = 128
_MAX_LABELS = 256  # label occurrences looked at per label word; more makes the reply unreadable
_MAX_FENCES = 64
_MAX_REASONING_CHARS = 2_000
_SCORE_KEYS = ("score", "rating", "grade", "final_score", "overall_score")
_REASON_KEYS = (
    "reasoning",
    "explanation",
    "rationale",
    "justification",
    "reason",
    "feedback",
    "analysis",
)
_LABELS = ("score", "rating", "grade")
# Bounded repetitions, no nesting, ASCII digits only: cannot backtrack catastrophically.
_NUMBER = re.compile(r"[-+]?(?:[0-9]{1,15}(?:\.[0-9]{1,15})?|\.[0-9]{1,15})")
_LABEL_GAP = frozenset(" \t*:=_\"'`")
_MAX_LABEL_GAP = 12
_BAD = float("nan")  # what a refused JSON number decodes to: a malformed score
_SAME = 1e-9  # normalised scores closer than this are the same verdict


@dataclass(frozen=True, slots=True)
class JudgeVerdict:
    """What a judge's reply says.

    Attributes:
        ok: a score was found.
        score: the score normalised to [0, 1] (0.0 when not ``ok``).
        value: the score on the judge's configured scale, after rescaling and clamping.
        raw: the score as the judge wrote it, e.g. ``"7/10"``.
        reasoning: the judge's reasoning (capped), or the reply itself when it gave none.
        rule: the name of the rule that found the score.
        clamped: the judge's score lay outside the configured range.
        problem: why no score was found (when not ``ok``).

    Example:
        >>> v = parse_verdict('{"reasoning": "Right.", "score": 8}', (0, 10))
        >>> v.score, v.rule, v.reasoning
        (0.8, 'json', 'Right.')
    """

    ok: bool
    score: float = 0.0
    value: float | None = None
    raw: str | None = None
    reasoning: str = ""
    rule: str | None = None
    clamped: bool = False
    problem: str = ""


@dataclass(slots=True)
class _Found:
    """One verdict in a reply; ``value`` None means its score is malformed."""

    value: float | None
    denominator: float | None
    raw: str
    reasoning: str
    rule: str
    pos: int
    span: str = ""  # the verdict's text in the reply (to recognise a quote of the response)


def _cap(text: str, limit: int = _MAX_REASONING_CHARS) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _number_at(text: str, pos: int) -> tuple[float, int] | None:
    """A plain decimal at ``pos`` that does not run on into more of a number or a word.

    ``1e3``, ``10.5.3``, a 16th digit, ``7x`` and digits of other scripts are no number.
    """
    match = _NUMBER.match(text, pos)
    if match is None:
        return None
    end = match.end()
    after = text[end : end + 1]
    if after and (
        after.isalnum() or after == "_" or (after == "." and text[end + 1 : end + 2].isdigit())
    ):
        return None
    return float(match.group(0)), end


def _number_like(text: str, pos: int) -> bool:
    """Does a number seem to start at ``pos`` (so a failure to read it is a malformed score)?"""
    head = text[pos : pos + 2]
    return bool(head) and (head[0].isdigit() or (head[0] in "+-." and head[1:2].isdigit()))


def _skip(text: str, pos: int, chars: frozenset[str] | str = " \t*") -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _score_at(text: str, pos: int) -> tuple[float, float | None, int] | None:
    """A score starting at ``pos``: ``x``, ``x/d``, ``x out of d`` or ``x%``.

    A ``/`` or ``out of`` must be followed by a readable denominator.
    """
    first = _number_at(text, pos)
    if first is None:
        return None
    value, end = first
    after = _skip(text, end)
    if text.startswith("/", after):
        denominator = _number_at(text, _skip(text, after + 1))
        if denominator is None:
            return None
        return value, denominator[0], denominator[1]
    if text[after : after + 6].lower() == "out of":
        denominator = _number_at(text, _skip(text, after + 6))
        if denominator is None:
            return None
        return value, denominator[0], denominator[1]
    if text.startswith("%", after):
        return value, 100.0, after + 1
    return value, None, end


def score_from_text(text: str) -> tuple[float, float | None] | None:
    """Read a whole string as a score: ``(value, denominator or None)``, or None.

    Example:
        >>> score_from_text(" 7 / 10 "), score_from_text("70%"), score_from_text("1e3")
        ((7.0, 10.0), (70.0, 100.0), None)
    """
    text = text[:100].strip().strip("*`\"'").strip()
    if text.endswith("."):
        text = text[:-1].rstrip()
    found = _score_at(text, 0)
    if found is None or found[2] != len(text):
        return None
    return found[0], found[1]


def _json_number(text: str) -> float | int:
    # JSON allows 1e3, 1e999 and 400-digit integers; a score is a plain short decimal.
    if _NUMBER.fullmatch(text) is None:
        return _BAD
    return float(text) if "." in text else int(text)


def _json_constant(name: str) -> float:
    return _BAD  # NaN, Infinity, -Infinity


def _find_key(obj: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[bool, Any]:
    lowered = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
    for key in keys:
        if key in lowered:
            return True, lowered[key]
    return False, None


def _read_score(raw: Any) -> tuple[float | None, float | None, str]:
    """``(value, denominator, as written)``; value None when the score is not readable."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        written = "NaN" if math.isnan(raw) else json.dumps(raw)
        return (float(raw), None, written) if math.isfinite(raw) else (None, None, written)
    if isinstance(raw, str):
        parsed = score_from_text(raw)
        return (None, None, raw[:40]) if parsed is None else (parsed[0], parsed[1], raw)
    return None, None, json.dumps(raw, default=str)[:40]


def _object_verdicts(obj: Any) -> list[_Found]:
    """The verdicts in a JSON object: its own score, else the scores of the objects in it."""
    if not isinstance(obj, Mapping):
        return []
    has_score, raw = _find_key(obj, _SCORE_KEYS)
    candidates = [obj] if has_score else [v for v in obj.values() if isinstance(v, Mapping)]
    found = []
    for candidate in candidates:
        has_score, raw = _find_key(candidate, _SCORE_KEYS)
        if not has_score:
            continue
        value, denominator, written = _read_score(raw)
        _, reasoning = _find_key(candidate, _REASON_KEYS)
        if not isinstance(reasoning, str):
            _, reasoning = _find_key(obj, _REASON_KEYS)
        text = reasoning if isinstance(reasoning, str) else ""
        found.append(_Found(value, denominator, written, text, "", 0))
    return found


def _fence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    while len(spans) < _MAX_FENCES:
        start = text.find("```", pos)
        if start < 0:
            break
        end = text.find("```", start + 3)
        if end < 0:
            break
        spans.append((start, end + 3))
        pos = end + 3
    return spans


def _inline_objects(text: str) -> tuple[list[tuple[int, int, Any]], bool]:
    """JSON objects in the text, left to right (nested ones not tried twice), and whether
    every ``{`` was tried."""
    decoder = json.JSONDecoder(
        parse_float=_json_number, parse_int=_json_number, parse_constant=_json_constant
    )
    found = []
    pos = text.find("{")
    attempts = 0
    while pos >= 0 and attempts < _MAX_JSON_ATTEMPTS:
        attempts += 1
        try:
            obj, end = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            pos = text.find("{", pos + 1)
            continue
        found.append((pos, end, obj))
        pos = text.find("{", end)
    return found, pos < 0


def _labelled(masked: str, text: str) -> tuple[list[_Found], bool]:
    """``score: 7``-style verdicts in prose (``masked``: the text with JSON blanked out), and
    whether every label was looked at."""
    lowered = masked.lower()
    found: list[_Found] = []
    complete = True
    for label in _LABELS:
        pos = 0
        for seen in range(_MAX_LABELS + 1):
            pos = lowered.find(label, pos)
            if pos < 0:
                break
            if seen == _MAX_LABELS:
                complete = False
                break
            at = pos
            start = pos = pos + len(label)
            if at > 0 and lowered[at - 1].isalpha():
                continue  # "upgrade:", "rescore:"
            gap = start
            while gap < len(masked) and gap - start < _MAX_LABEL_GAP and masked[gap] in _LABEL_GAP:
                gap += 1
            if ":" not in masked[start:gap] and "=" not in masked[start:gap]:
                continue  # "scores 7", "grade 5 pupils" are prose, not a label
            score = _score_at(masked, gap)
            if score is not None:
                raw = masked[gap : score[2]]
                verdict = _Found(score[0], score[1], raw, text, "labelled", at)
                verdict.span = masked[at : score[2]]
                found.append(verdict)
            elif _number_like(masked, gap):
                raw = masked[gap : gap + 20].split(maxsplit=1)[0]
                found.append(_Found(None, None, raw, text, "labelled", at, masked[at : gap + 20]))
    return found, complete


def _normalise(
    value: float,
    denominator: float | None,
    score_range: tuple[float, float],
) -> tuple[float, float, bool] | str:
    """``(score in [0, 1], value on the scale, clamped)``, or why the score is refused."""
    low, high = score_range
    width = high - low
    if denominator is not None and denominator != high:
        if denominator <= 0:
            return "has a zero or negative scale"
        value = low + (value / denominator) * width
    if not (math.isfinite(value) and low - width <= value <= high + width):
        return "is far outside the range"
    clamped = not low <= value <= high
    value = min(max(value, low), high)
    return (value - low) / width + 0.0, value + 0.0, clamped


def _verdicts(text: str) -> tuple[list[_Found], str]:
    """Every verdict in the reply, in reply order, or why the reply cannot be read."""
    stripped = text.strip()
    bare = score_from_text(stripped) if len(stripped) <= 100 else None
    if bare is not None:
        return [_Found(bare[0], bare[1], stripped.strip("*`\"' ."), "", "bare", 0)], ""
    objects, all_tried = _inline_objects(text)
    fences = _fence_spans(text)
    lead = len(text) - len(text.lstrip())
    tail = len(text.rstrip())
    found: list[_Found] = []
    masked = text
    for start, end, obj in objects:
        masked = masked[:start] + " " * (end - start) + masked[end:]
        if start == lead and end == tail:
            rule = "json"
        elif any(a < start and end <= b for a, b in fences):
            rule = "json_fence"
        else:
            rule = "json_inline"
        for verdict in _object_verdicts(obj):
            verdict.rule, verdict.pos, verdict.span = rule, start, text[start:end]
            if not verdict.reasoning and rule == "json_inline":
                verdict.reasoning = text[:start]
            found.append(verdict)
    labelled, complete = _labelled(masked, text)
    if not complete:
        return [], "the judge's reply holds too many score labels to read"
    found.extend(labelled)
    found.sort(key=lambda f: f.pos)
    if not all_tried and not found:
        return [], "no score found in the judge's reply (too many braces to read)"
    return found, ""


def _squeeze(text: str) -> str:
    return "".join(text.split())


def parse_verdict(
    reply: str, score_range: tuple[float, float], *, response: str | None = None
) -> JudgeVerdict:
    """Find the score and reasoning in a judge's reply; never raises.

    Args:
        reply: the judge's text.
        score_range: ``(low, high)`` the judge was asked to use, ``low < high``.
        response: the graded response. A JSON or labelled verdict whose text occurs in it
            (whitespace aside) is the judge quoting the response, not its own verdict, and is
            left out; a reply whose only verdicts are quotes is unparseable.

    Returns:
        A :class:`JudgeVerdict`; ``ok`` is False when no score could be read, a score is
        malformed, or the reply holds verdicts that disagree.

    Example:
        >>> parse_verdict("Good answer.\\nScore: 85/100", (0, 10)).score
        0.85
        >>> parse_verdict('{"score": 1} The response said {"score": 10}', (0, 10)).problem
        "conflicting verdicts in the judge's reply: 1 (json_inline), 10 (json_inline)"
    """
    text = reply[:MAX_REPLY_CHARS] if isinstance(reply, str) else ""
    if not text.strip():
        return JudgeVerdict(ok=False, problem="the judge's reply is empty")
    found, problem = _verdicts(text)
    if found and response:
        quoted_from = _squeeze(response)
        own = [v for v in found if v.rule == "bare" or _squeeze(v.span) not in quoted_from]
        if not own:
            return JudgeVerdict(
                ok=False,
                raw=found[0].raw,
                reasoning=_cap(text),
                problem="the only verdicts in the judge's reply are quoted from the response",
            )
        found = own
    if problem or not found:
        return JudgeVerdict(
            ok=False,
            reasoning=_cap(text),
            problem=problem or "no score found in the judge's reply",
        )
    scored: list[tuple[_Found, tuple[float, float, bool]]] = []
    for verdict in found:
        if verdict.value is None:
            return JudgeVerdict(
                ok=False,
                raw=verdict.raw,
                reasoning=_cap(verdict.reasoning or text),
                problem=f"the judge's score {verdict.raw!r} is not a plain number",
            )
        normalised = _normalise(verdict.value, verdict.denominator, score_range)
        if isinstance(normalised, str):
            return JudgeVerdict(
                ok=False,
                raw=verdict.raw,
                reasoning=_cap(verdict.reasoning or text),
                problem=f"the judge's score {verdict.raw!r} {normalised}",
            )
        scored.append((verdict, normalised))
    first, (score, on_scale, clamped) = scored[0]
    if any(abs(other[0] - score) > _SAME for _, other in scored[1:]):
        shown = ", ".join(f"{v.raw} ({v.rule})" for v, _ in scored[:6])
        return JudgeVerdict(
            ok=False,
            raw=first.raw,
            reasoning=_cap(text),
            problem=f"conflicting verdicts in the judge's reply: {shown}",
        )
    # A JSON verdict's own reasoning first; prose around a verdict only when there is none.
    reasons = [v.reasoning for v, _ in scored if v.reasoning and v.rule.startswith("json")]
    reasoning = (reasons or [v.reasoning for v, _ in scored if v.reasoning] or [""])[0]
    return JudgeVerdict(
        ok=True,
        score=score,
        value=on_scale,
        raw=first.raw,
        reasoning=_cap(reasoning),
        rule=first.rule,
        clamped=clamped,
    )
