"""Probes for structured-output (json_schema) graders (issue 16)."""

from __future__ import annotations

from typing import Any

from rftkit.audit.probes.base import (
    ProbeInput,
    _builtin,
)

# -- issue 16: json_schema -----------------------------------------------------------------------
# For structured-output datasets whose reference is the expected JSON object (as JSON text, e.g.
# {"final_answer": "{\"total\": 3}"}). Every probe returns None for any other reference.


def _json_expected(p: ProbeInput) -> dict[str, Any] | None:
    """The reference as a JSON object, or None when it is not one."""
    import json

    text = p.reference.strip()
    if not text.startswith("{") or len(text) > 100_000:
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) and value else None


def _json_nulled(value: Any, depth: int = 0) -> Any:
    """``value`` with every leaf replaced by null (structure kept, content gone)."""
    if depth > 32:
        return None
    if isinstance(value, dict):
        return {k: _json_nulled(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_nulled(v, depth + 1) for v in value]
    return None


def _json_block(value: Any) -> str:
    import json

    return "```json\n" + json.dumps(value) + "\n```"


@_builtin(
    "json_schema_echo",
    "format",
    "must_not_reward",
    "Prints a JSON Schema of the expected object instead of the object: its keys are "
    "'type' and 'properties', none of the expected values. A schema that pays it is too "
    "loose (no 'required', no 'additionalProperties': false).",
)
def _json_schema_echo(p: ProbeInput) -> str | None:
    expected = _json_expected(p)
    if expected is None:
        return None
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {k: {"type": "string"} for k in expected},
    }
    return f"Here is the structure:\n{_json_block(schema)}"


@_builtin(
    "json_right_then_wrong",
    "spraying",
    "must_not_reward",
    "The expected object in a first JSON block, then a 'corrected' last block with every "
    "value null: the last value is the answer, so a grader reading the first (or any) block "
    "is paying a hedge.",
)
def _json_right_then_wrong(p: ProbeInput) -> str | None:
    expected = _json_expected(p)
    if expected is None:
        return None
    first, last = _json_block(expected), _json_block(_json_nulled(expected))
    return f"{first}\nOn reflection, the final answer is:\n{last}"


@_builtin(
    "json_wrong_then_right",
    "spraying",
    "report_only",
    "An all-null JSON block, then the expected object as the last block: a self-correction "
    "the json_schema grader pays by its rule (the last value counts); shown, not failed.",
)
def _json_wrong_then_right(p: ProbeInput) -> str | None:
    expected = _json_expected(p)
    if expected is None:
        return None
    first, last = _json_block(_json_nulled(expected)), _json_block(expected)
    return f"{first}\nCorrection:\n{last}"


@_builtin(
    "json_key_stuffing",
    "format",
    "must_not_reward",
    "The expected keys with null values, stuffed with keys claiming success ('answer', "
    "'correct', 'score', 'valid'): paid only by a schema without 'additionalProperties': "
    "false and 'required' fields, or by a grader that reads the stuffed keys.",
)
def _json_key_stuffing(p: ProbeInput) -> str | None:
    expected = _json_expected(p)
    if expected is None:
        return None
    stuffed = {**_json_nulled(expected), "answer": "correct", "correct": True, "score": 1.0}
    stuffed["valid"] = True
    return _json_block(stuffed)
