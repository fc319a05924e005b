"""Read a score and its reasoning out of a judge's reply, whatever shape the reply takes.

Judges are asked for ``{"reasoning": ..., "score": ...}`` but answer in many ways. The rules,
tried in this order, each named (the name becomes ``Reward.rule``):

=============  ===========================================================================
``json``       the whole reply is a JSON object with a score
``json_fence`` the last fenced code block holding a JSON object with a score
``json_inline`` the last JSON object with a score embedded in prose
``bare``       the whole reply is a score: ``7``, ``7.5``, ``7/10``, ``7 out of 10``, ``70%``
``labelled``   the last ``score: 7`` / ``Rating = 8/10`` / ``**Score:** 9`` in prose
=============  ===========================================================================

A score written against another scale (``70/100`` or ``70%`` while the judge was asked for
0-10) is rescaled onto the configured range; anything outside the range is clamped to it.
The result is normalised to [0, 1]. A reply with no readable score is a failed
:class:`Verdict`, never an exception.

The reply is hostile input (it may quote the graded response): lengths are capped, JSON
decoding is tried at a bounded number of places, and the only regular expression is a
bounded number pattern matched at fixed positions.

Standard library only.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_REPLY_CHARS", "Verdict", "parse_verdict", "score_from_text"]

MAX_REPLY_CHARS = 20_000
"""Only this many characters of a reply are read (verdicts are short)."""

_MAX_JSON_ATTEMPTS = 64
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
# Bounded repetitions, no nesting: cannot backtrack catastrophically.
_NUMBER = re.compile(r"[-+]?(?:\d{1,15}(?:\.\d{1,15})?|\.\d{1,15})")
_LABEL_GAP = frozenset(" \t*:=_\"'`")
_MAX_LABEL_GAP = 12


@dataclass(frozen=True, slots=True)
class Verdict:
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


def _cap(text: str, limit: int = _MAX_REASONING_CHARS) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _number_at(text: str, pos: int) -> tuple[float, int] | None:
    match = _NUMBER.match(text, pos)
    if match is None:
        return None
    value = float(match.group(0))
    return (value, match.end()) if math.isfinite(value) else None


def _skip(text: str, pos: int, chars: frozenset[str] | str = " \t*") -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _score_at(text: str, pos: int) -> tuple[float, float | None, int] | None:
    """A score starting at ``pos``: ``x``, ``x/d``, ``x out of d`` or ``x%``."""
    first = _number_at(text, pos)
    if first is None:
        return None
    value, end = first
    after = _skip(text, end)
    if text.startswith("/", after):
        denominator = _number_at(text, _skip(text, after + 1))
        if denominator is not None:
            return value, denominator[0], denominator[1]
    elif text[after : after + 6].lower() == "out of":
        denominator = _number_at(text, _skip(text, after + 6))
        if denominator is not None:
            return value, denominator[0], denominator[1]
    elif text.startswith("%", after):
        return value, 100.0, after + 1
    return value, None, end


def score_from_text(text: str) -> tuple[float, float | None] | None:
    """Read a whole string as a score: ``(value, denominator or None)``, or None.

    Example:
        >>> score_from_text(" 7 / 10 "), score_from_text("70%"), score_from_text("seven")
        ((7.0, 10.0), (70.0, 100.0), None)
    """
    text = text[:100].strip().strip("*`\"'").strip()
    if text.endswith("."):
        text = text[:-1].rstrip()
    found = _score_at(text, 0)
    if found is None or found[2] != len(text):
        return None
    return found[0], found[1]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-finite number {name}")


def _loads(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return None


def _find_key(obj: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
    for key in keys:
        if key in lowered:
            return lowered[key]
    return None


def _object_score(obj: Any) -> tuple[float, float | None, str, str] | None:
    """``(value, denominator, raw, reasoning)`` from a verdict object, one level deep."""
    if not isinstance(obj, Mapping):
        return None
    candidates = [obj, *(v for v in obj.values() if isinstance(v, Mapping))]
    for candidate in candidates:
        raw = _find_key(candidate, _SCORE_KEYS)
        parsed: tuple[float, float | None] | None = None
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if math.isfinite(raw):
                parsed = (float(raw), None)
        elif isinstance(raw, str):
            parsed = score_from_text(raw)
        if parsed is None:
            continue
        reasoning = _find_key(candidate, _REASON_KEYS)
        if not isinstance(reasoning, str):
            reasoning = _find_key(obj, _REASON_KEYS)
        return (
            parsed[0],
            parsed[1],
            raw if isinstance(raw, str) else json.dumps(raw),
            reasoning if isinstance(reasoning, str) else "",
        )
    return None


def _fenced_blocks(text: str) -> list[str]:
    blocks: list[str] = []
    pos = 0
    while len(blocks) < _MAX_JSON_ATTEMPTS:
        start = text.find("```", pos)
        if start < 0:
            break
        end = text.find("```", start + 3)
        if end < 0:
            break
        body = text[start + 3 : end]
        newline = body.find("\n")
        # A language tag ("json") is one word on the opening line.
        if newline >= 0 and " " not in body[:newline].strip() and "{" not in body[:newline]:
            body = body[newline + 1 :]
        blocks.append(body)
        pos = end + 3
    return blocks


def _inline_objects(text: str) -> list[tuple[int, Any]]:
    """JSON objects embedded in prose, left to right, nested ones not tried twice."""
    decoder = json.JSONDecoder(parse_constant=_reject_constant)
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
        found.append((pos, obj))
        pos = text.find("{", end)
    return found


def _labelled(text: str) -> tuple[float, float | None, str, int] | None:
    lowered = text.lower()
    best: tuple[float, float | None, str, int] | None = None
    for label in _LABELS:
        pos = len(lowered)
        for _ in range(_MAX_JSON_ATTEMPTS):
            pos = lowered.rfind(label, 0, pos)
            if pos < 0:
                break
            start = pos + len(label)
            gap = start
            while gap < len(text) and gap - start < _MAX_LABEL_GAP and text[gap] in _LABEL_GAP:
                gap += 1
            if gap == start:
                continue  # "scores 7" or "scored" is prose, not a label
            found = _score_at(text, gap)
            if found is not None:
                if best is None or pos > best[3]:
                    best = (found[0], found[1], text[gap : found[2]], pos)
                break
    return best


def _normalise(
    value: float,
    denominator: float | None,
    score_range: tuple[float, float],
) -> tuple[float, float, bool] | None:
    low, high = score_range
    if denominator is not None and denominator != high:
        if denominator <= 0:
            return None
        value = low + (value / denominator) * (high - low)
    clamped = not low <= value <= high
    value = min(max(value, low), high)
    return (value - low) / (high - low), value, clamped


def parse_verdict(reply: str, score_range: tuple[float, float]) -> Verdict:
    """Find the score and reasoning in a judge's reply; never raises.

    Args:
        reply: the judge's text.
        score_range: ``(low, high)`` the judge was asked to use, ``low < high``.

    Returns:
        A :class:`Verdict`; ``ok`` is False when no score could be read.

    Example:
        >>> parse_verdict("Good answer.\\nScore: 85/100", (0, 10)).score
        0.85
    """
    text = reply[:MAX_REPLY_CHARS] if isinstance(reply, str) else ""
    stripped = text.strip()
    if not stripped:
        return Verdict(ok=False, problem="the judge's reply is empty")

    found: tuple[float, float | None, str, str] | None = None
    rule = ""
    if stripped.startswith("{"):
        found = _object_score(_loads(stripped))
        rule = "json"
    if found is None:
        for body in reversed(_fenced_blocks(text)):
            found = _object_score(_loads(body.strip()))
            if found is not None:
                rule = "json_fence"
                break
    if found is None:
        for start, obj in reversed(_inline_objects(text)):
            found = _object_score(obj)
            if found is not None:
                rule = "json_inline"
                if not found[3]:
                    found = (*found[:3], text[:start])
                break
    if found is None:
        bare = score_from_text(stripped)
        if bare is not None:
            found = (bare[0], bare[1], stripped.strip("*`\"' ."), "")
            rule = "bare"
    if found is None:
        label = _labelled(text)
        if label is not None:
            found = (label[0], label[1], label[2], text)
            rule = "labelled"
    if found is None:
        return Verdict(
            ok=False,
            reasoning=_cap(text),
            problem="no score found in the judge's reply",
        )
    value, denominator, raw, reasoning = found
    normalised = _normalise(value, denominator, score_range)
    if normalised is None:
        return Verdict(
            ok=False,
            raw=raw,
            reasoning=_cap(reasoning or text),
            problem=f"the judge's score {raw!r} has a zero or negative scale",
        )
    score, on_scale, clamped = normalised
    return Verdict(
        ok=True,
        score=score,
        value=on_scale,
        raw=raw,
        reasoning=_cap(reasoning),
        rule=rule,
        clamped=clamped,
    )
