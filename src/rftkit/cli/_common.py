"""Option handling shared by the command modules: grader arguments, in one form everywhere.

Every command that takes a grader accepts its arguments both as one JSON object
(``--args '{"rel_tol": 0.01}'``) and as repeatable pairs (``--arg rel_tol=0.01``, the value
read as JSON when it parses, else as a string); pairs override keys of ``--args``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from rftkit.errors import UsageError

__all__ = ["add_grader_args", "grader_args", "parse_arg_pairs", "parse_args_json"]

_ARGS_HINT = "write a JSON object, e.g. --args '{\"rel_tol\": 0.01}'"


def parse_args_json(text: str | None) -> dict[str, Any]:
    """Grader arguments from ``--args`` (a JSON object), or a UsageError saying why not.

    Example:
        >>> parse_args_json('{"rel_tol": 0.01}')
        {'rel_tol': 0.01}
    """
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"--args is not valid JSON: {exc.msg} (column {exc.colno})", hint=_ARGS_HINT
        ) from None
    if not isinstance(value, dict):
        raise UsageError(
            f"--args must be a JSON object, got {type(value).__name__}", hint=_ARGS_HINT
        )
    return value


def parse_arg_pairs(pairs: list[str] | None) -> dict[str, Any]:
    """Grader arguments from repeated ``--arg KEY=VALUE`` (VALUE as JSON when it parses).

    Example:
        >>> parse_arg_pairs(["rel_tol=0.01", "rules=[\\"hash\\"]", "name=plain text"])
        {'rel_tol': 0.01, 'rules': ['hash'], 'name': 'plain text'}
    """
    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                f"--arg expects KEY=VALUE, got {pair!r}", hint="e.g. --arg rel_tol=0.01"
            )
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        out[key.strip()] = value
    return out


def add_grader_args(parser: argparse.ArgumentParser | Any) -> None:
    """Add ``--args JSON`` and ``--arg KEY=VALUE`` to a parser or argument group."""
    parser.add_argument(
        "--args",
        metavar="JSON",
        help="the grader's arguments as one JSON object, e.g. '{\"rel_tol\": 0.01}'",
    )
    parser.add_argument(
        "--arg",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="one grader argument (repeatable); VALUE is read as JSON when it parses, else as "
        "a string; overrides the same key in --args",
    )


def grader_args(namespace: argparse.Namespace) -> dict[str, Any]:
    """The grader arguments of a parsed command line (``--args`` merged with ``--arg``)."""
    merged = parse_args_json(getattr(namespace, "args", None))
    merged.update(parse_arg_pairs(getattr(namespace, "arg", None)))
    return merged
