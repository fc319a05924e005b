"""The ``tool_call`` grader: the function calls a reply makes against the expected calls.

References (``metadata.ground_truth`` first, as the AWS BFCL sample reads it, then
``reference_answer``):

* the AWS BFCL sample's form, ``{"ground_truth": ["get_weather(city='Paris')", ...]}``, or the
  bare list of such strings (or one string, calls one per line);
* OpenAI-style objects, ``[{"name": "get_weather", "arguments": {"city": "Paris"}}]``
  (``arguments`` may be a JSON string; ``parameters`` and ``function`` wrappers accepted);
* BFCL's possible-answer form, ``[{"get_weather": {"city": ["Paris", "paris"], "unit":
  ["celsius", ""]}}]``: each parameter lists its acceptable values; ``""`` among them marks it
  optional;
* any of these as a JSON string. ``[]`` expects no call at all.

Replies: ``tool_calls`` on the assistant message (OpenAI) or ``toolUse`` content blocks
(Bedrock Converse) when the event carries them; else the text: ``<tool_call>`` blocks
(Qwen/Hermes), else fenced code blocks, else the whole reply, each read as JSON call objects or
Python call syntax (one per line, ``;``-separated, or a ``[f(a=1), g(b=2)]`` list). Text before
``</think>`` is never read, and a reply cut off while thinking (a ``<think>`` never closed)
scores 0. Nothing is executed (see :mod:`rftkit.rewards.tool_call.parse`).

Score: ``mode="strict"`` (default) 1.0 when the calls match as a set (any order, none missing
or extra, every required argument present with an acceptable value, no unexpected argument,
numbers compared as numbers), else 0.0; ``mode="partial"`` the AWS sample's per-call weights
(0.33 name, 0.33 argument names, 0.34 argument values), summed over paired calls and divided
by ``max(expected, predicted)`` so a missing or extra call scores 0.

Metrics: ``name_match``, ``arg_recall``, ``value_accuracy`` (Reward), ``calls_expected``,
``calls_predicted``, ``parse_errors`` (Metric). Standard library only.
"""

from __future__ import annotations

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.registry import grader
from rftkit.rewards.tool_call.match import match_calls
from rftkit.rewards.tool_call.parse import calls_from_message, parse_reference, parse_response
from rftkit.rewards.types import ASSISTANT_ROLES, Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Final

    from rftkit.rewards.tool_call.parse import ExpectedSpec

__all__ = ["tool_call"]

MODES: Final = ("strict", "partial")
_HINT: Final = (
    "give each sample expected calls, e.g. {'ground_truth': [\"get_weather(city='Paris')\"]}, "
    "[{'name': 'get_weather', 'arguments': {'city': 'Paris'}}] or "
    "[{'get_weather': {'city': ['Paris', 'paris']}}]"
)
_CACHE_SIZE: Final = 4096


def _positive_int(name: str, value: object) -> int:
    if type(value) is not int or value < 1:
        raise GraderArgsError(f"tool_call: {name} must be a positive integer, got {value!r}")
    return value


def _cache_key(reference: Any) -> Any:
    """A hashable key for the common reference shapes (strings, lists of strings), else None."""
    if type(reference) is str:
        return reference
    if type(reference) is dict and len(reference) == 1:
        reference = reference.get("ground_truth")
        if type(reference) is str:
            return ("gt", reference)
    if type(reference) is list and all(type(r) is str for r in reference):
        return tuple(reference)
    if type(reference) is list or type(reference) is dict:
        # Decoded JSON (str, numbers, bools, None, lists, dicts): equal reprs mean equal values.
        text = repr(reference)
        return ("repr", text) if len(text) <= 4000 else None
    return None


def _reply(sample: Sample) -> tuple[Any, str]:
    """The last assistant message and its text."""
    for message in reversed(sample.messages):
        if type(message) is dict and message.get("role") in ASSISTANT_ROLES:
            content = message.get("content")
            return message, content if type(content) is str else sample.completion
    return None, ""


@grader(name="tool_call")
def tool_call(
    *,
    mode: str = "strict",
    ignore_case: bool = False,
    max_calls: int = 32,
    max_chars: int = 20_000,
) -> Callable[[Sample], Reward]:
    """Function calls against expected calls (BFCL, OpenAI, Hermes forms); strict or partial.

    Args:
        mode: ``strict`` (1.0 only for an exact set match) or ``partial`` (AWS sample weights).
        ignore_case: compare string values case-insensitively, ignoring edge spaces.
        max_calls: a reply making more calls than this scores 0 (``too_many_calls``).
        max_chars: a reply longer than this (after any ``</think>``) is not parsed.

    Example:
        >>> g = tool_call()
        >>> ref = {"ground_truth": ["get_weather(city='Paris', unit='celsius')"]}
        >>> reply = '{"name": "get_weather", "arguments": {"unit": "celsius", "city": "Paris"}}'
        >>> g(Sample.from_text(response=reply, reference=ref)).score
        1.0
        >>> tool_call(mode="partial")(Sample.from_text("get_weather(city='Rome', unit='celsius')",
        ...     reference=ref)).score
        0.83
    """
    if mode not in MODES:
        raise GraderArgsError(f"tool_call: mode must be one of {', '.join(MODES)}, got {mode!r}")
    if type(ignore_case) is not bool:
        raise GraderArgsError(f"tool_call: ignore_case must be true or false, got {ignore_case!r}")
    limit = _positive_int("max_calls", max_calls)
    chars = _positive_int("max_chars", max_chars)
    strict = mode == "strict"
    cache: dict[Any, tuple[ExpectedSpec, ...]] = {}
    metrics_cache: dict[tuple[float, float, float, int, int, int], tuple[Metric, ...]] = {}

    def expected_of(sample: Sample) -> tuple[ExpectedSpec, ...]:
        meta = sample.metadata
        reference = meta.get("ground_truth") if type(meta) is dict else None
        if reference is None:
            reference = sample.reference
        if reference is None:
            raise GraderError("no expected calls (no ground_truth or reference_answer)", hint=_HINT)
        key = _cache_key(reference)
        found = cache.get(key) if key is not None else None
        if found is None:
            try:
                found = parse_reference(reference)
            except ValueError as exc:
                raise GraderError(f"unusable reference: {exc}", hint=_HINT) from None
            if key is not None:
                if len(cache) >= _CACHE_SIZE:
                    cache.clear()
                cache[key] = found
        return found

    def grade(sample: Sample) -> Reward:
        expected = expected_of(sample)
        message, text = _reply(sample)
        parsed = calls_from_message(message)
        if parsed is None:
            parsed = parse_response(text, max_chars=chars)
        calls = parsed.calls
        n_e = len(expected)
        n_p = len(calls)
        n_errors = parsed.errors + sum(1 for c in calls if not c.ok)
        errors: list[str] = []
        if n_errors:
            errors.append("parse_error")
        if n_p > limit:
            errors.append("too_many_calls")
            over: tuple[Metric, ...] = (
                Metric("name_match", 0.0, "Reward"),
                Metric("arg_recall", 0.0, "Reward"),
                Metric("value_accuracy", 0.0, "Reward"),
                Metric("calls_expected", float(n_e)),
                Metric("calls_predicted", float(n_p)),
                Metric("parse_errors", float(n_errors)),
            )
            why = f"{n_p} calls, more than max_calls={limit}"
            return Reward(0.0, over, None, parsed.form, tuple(errors), why)
        outcome = match_calls(expected, calls, ignore_case)
        if n_p == 0 and n_e:
            errors.append("no_calls")
        # A call attempt the parser could not read (an unclosed <tool_call>, a line that
        # breaks off, a repeated key) is an extra, wrong call: a runtime would reject or
        # drop it, and ignoring it would pay a hedge written next to the right call.
        exact = outcome.strict and not parsed.errors
        slots = max(n_e, n_p)
        if parsed.errors:
            partial = outcome.partial * slots / max(n_e, n_p + parsed.errors)
        else:
            partial = outcome.partial
        score = (1.0 if exact else 0.0) if strict else round(partial, 6)
        mkey = (outcome.name_match, outcome.arg_recall, outcome.value_accuracy, n_e, n_p, n_errors)
        metrics = metrics_cache.get(mkey)
        if metrics is None:
            metrics = (
                Metric("name_match", outcome.name_match, "Reward"),
                Metric("arg_recall", outcome.arg_recall, "Reward"),
                Metric("value_accuracy", outcome.value_accuracy, "Reward"),
                Metric("calls_expected", float(n_e)),
                Metric("calls_predicted", float(n_p)),
                Metric("parse_errors", float(n_errors)),
            )
            if len(metrics_cache) >= _CACHE_SIZE:
                metrics_cache.clear()
            metrics_cache[mkey] = metrics
        if exact:
            why = "calls match"
        elif outcome.strict:
            why = (
                f"calls match, but the reply holds {parsed.errors} other call attempt(s) "
                "(unreadable, or another call of the same function in prose)"
            )
        elif n_e != n_p:
            why = f"expected {n_e} call(s), got {n_p}"
        else:
            why = "calls differ: " + (
                "wrong function name"
                if outcome.name_match < 1.0
                else "wrong or missing argument"
                if outcome.arg_recall < 1.0
                else "wrong argument value or unexpected argument"
            )
        if parsed.form == "unclosed_thinking":
            # Cut off while thinking: no decision was made, not even to call nothing.
            score, why = 0.0, "the reply was cut off while thinking"
            errors.append("unclosed_thinking")
        answer = ", ".join(c.name for c in calls[:8]) if calls else None
        return Reward(score, metrics, answer, parsed.form, tuple(errors), why)

    return grade
