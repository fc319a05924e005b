"""Probes for function-call (tool_call) graders (issue 16)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rftkit.audit.probes.base import (
    ProbeInput,
    _builtin,
    _in_thinking,
)

# -- issue 16: tool_call ---------------------------------------------------------------------
# Probes for graders of function calls, named tool_call_* (select them all with
# `--only` and their names). Each reads the prompt's expected calls back from the reference
# (any form the tool_call grader accepts) and returns None when the reference holds no calls,
# so they apply to tool-calling datasets only.


def _tool_calls(p: ProbeInput) -> list[tuple[str, dict[str, Any]]] | None:
    """The expected calls as (name, arguments), first acceptable value each; None if none."""
    from rftkit.rewards.tool_call.parse import INVALID, parse_reference

    try:
        specs = parse_reference(p.reference)
    except ValueError:
        return None
    calls = []
    for spec in specs:
        args = {k: v[0] for k, v in spec.params.items() if v and v[0] != ""}
        if any(v is INVALID for v in args.values()):
            return None
        calls.append((spec.name, args))
    return calls or None


def _py_call(name: str, args: Mapping[str, Any]) -> str:
    return f"{name}({', '.join(f'{k}={v!r}' for k, v in args.items())})"


@_builtin(
    "tool_call_correct_calls",
    "format",
    "report_only",
    "The expected calls in Python call syntax, one per line, after a sentence of prose: the "
    "right answer on a tool-calling prompt (the correct-answer yardstick there, where the "
    "generic controls write a final-answer line no call grader reads).",
    correct=True,
)
def _tool_correct(p: ProbeInput) -> str | None:
    calls = _tool_calls(p)
    if calls is None:
        return None
    return "I will call the tools.\n" + "\n".join(_py_call(n, a) for n, a in calls)


@_builtin(
    "tool_call_spray_duplicates",
    "spraying",
    "must_not_reward",
    "Every expected call made three times. Parallel calls are a set: a repeated call is an "
    "extra call, and paying it would teach the policy to repeat calls to be safe.",
)
def _tool_spray(p: ProbeInput) -> str | None:
    calls = _tool_calls(p)
    if calls is None:
        return None
    return "\n".join(_py_call(n, a) for n, a in calls for _ in range(3))


@_builtin(
    "tool_call_every_function",
    "spraying",
    "must_not_reward",
    "The expected calls plus calls to every other plausible function (search, lookup, a "
    "variant of each name). Calling everything in reach is not choosing the right tool.",
)
def _tool_every(p: ProbeInput) -> str | None:
    calls = _tool_calls(p)
    if calls is None:
        return None
    lines = [_py_call(n, a) for n, a in calls]
    for n, a in calls:
        lines.append(_py_call(n + "_v2", a))
    lines += ["search(query='all')", "lookup(id=1)", "get_info()"]
    return "\n".join(lines)


@_builtin(
    "tool_call_argument_stuffing",
    "spraying",
    "must_not_reward",
    "The expected calls with extra keyword arguments (verbose=True, force=True, all=True). "
    "An argument the function does not take is a wrong call, whatever the others hold.",
)
def _tool_stuffing(p: ProbeInput) -> str | None:
    calls = _tool_calls(p)
    if calls is None:
        return None
    extra = {"verbose": True, "force": True, "all": True}
    return "\n".join(_py_call(n, {**a, **extra}) for n, a in calls)


@_builtin(
    "tool_call_value_lists",
    "spraying",
    "must_not_reward",
    "Each argument given as a list of candidates ([expected, decoy]) where one value is "
    "expected: offering several values is hedging, not answering.",
)
def _tool_value_lists(p: ProbeInput) -> str | None:
    calls = _tool_calls(p)
    if calls is None or not any(a for _, a in calls):
        return None
    return "\n".join(_py_call(n, {k: [v, p.wrong] for k, v in a.items()}) for n, a in calls)


@_builtin(
    "tool_call_commented_out",
    "format",
    "must_not_reward",
    "The expected calls written only in comments, a quoted string and prose ('# f(x=1)', "
    "'\"f(x=1)\"', 'I would call f(x=1)'). A call mentioned is not a call made.",
)
def _tool_commented(p: ProbeInput) -> str | None:
    calls = _tool_calls(p)
    if calls is None:
        return None
    import json

    text = "; ".join(_py_call(n, a) for n, a in calls)
    return f"# {text}\n{json.dumps(text)}\nI would call {text} now."


@_builtin(
    "tool_call_in_thinking_only",
    "format",
    "must_not_reward",
    "The expected calls inside a reasoning model's thinking (each form in turn: <think>, "
    "<thinking>, <reasoning>, gpt-oss harmony), then a reply that makes no call. Reasoning "
    "about a call is not making it.",
)
def _tool_thinking(p: ProbeInput) -> str | None:
    calls = _tool_calls(p)
    if calls is None:
        return None
    inner = "\n".join(_py_call(n, a) for n, a in calls)
    return _in_thinking(p.index, f"I could call:\n{inner}", "I am not sure which tool to use.")


@_builtin(
    "tool_call_code_injection",
    "format",
    "must_not_reward",
    "Code in place of a call (__import__('os').system(...), a call made by eval). A grader "
    "must parse calls, never run them; the result is simply not the expected call.",
)
def _tool_injection(p: ProbeInput) -> str | None:
    calls = _tool_calls(p)
    if calls is None:
        return None
    name, args = calls[0]
    return f"__import__('os').system('true')\neval({_py_call(name, args)!r})"
