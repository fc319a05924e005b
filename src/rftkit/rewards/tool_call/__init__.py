"""Parsing and matching of function calls for the ``tool_call`` grader (private helpers).

Model text is parsed, never executed: Python call syntax goes through ``ast.parse`` and a
literal evaluator of our own (constants, lists, tuples, sets, dicts, unary signs and nested
calls as values) under size and depth limits; JSON goes through ``json.loads`` with NaN and
infinity refused. Standard library only.
"""

from __future__ import annotations

from rftkit.rewards.tool_call.match import Outcome, match_calls, values_equal
from rftkit.rewards.tool_call.parse import (
    Call,
    CallValue,
    ExpectedSpec,
    Parsed,
    calls_from_message,
    parse_reference,
    parse_response,
)

__all__ = [
    "Call",
    "CallValue",
    "ExpectedSpec",
    "Outcome",
    "Parsed",
    "calls_from_message",
    "match_calls",
    "parse_reference",
    "parse_response",
    "values_equal",
]
