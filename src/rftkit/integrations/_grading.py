"""What the trainer adapters share: build a grader once, turn a trainer's row into a Sample.

The Sample is built the way the reward Lambda builds it (``rftkit.harness.contract``): the
reply is the last assistant message, a ``{"text": ...}`` reference is unwrapped, and a row's
other fields reach the grader as ``metadata`` (a ``metadata`` mapping of the row wins). So a
completion scores the same through a trainer as through the Lambda and ``rftkit grade``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rftkit.harness.contract.content import unwrap_reference
from rftkit.rewards.registry import BoundGrader, default_registry, load_spec
from rftkit.rewards.types import GraderSpec, Message, Reward, Sample

__all__ = ["UNSCORABLE_FLAGS", "build_grader", "grade", "make_sample"]

UNSCORABLE_FLAGS = frozenset({"no_reference", "bad_reference"})
"""Reward flags that mean the *data* is at fault, not the model: such a sample is not scored.

A wrong or missing answer (``no_answer``) is the model's fault and keeps its score."""


def build_grader(grader: str | GraderSpec | BoundGrader, args: Mapping[str, Any]) -> BoundGrader:
    """A bound grader from a name/path (with ``args``), a spec, or a bound grader."""
    if isinstance(grader, BoundGrader):
        if args:
            raise TypeError("grader arguments go with a grader name, not a built grader")
        return grader
    if isinstance(grader, GraderSpec):
        if args:
            raise TypeError("grader arguments go with a grader name, not a GraderSpec")
        return load_spec(grader)
    if not isinstance(grader, str):
        raise TypeError(f"grader must be a name, a GraderSpec or a built grader, not {grader!r}")
    return default_registry.create(grader, **args)


def _messages(value: Any, role: str) -> list[Message] | None:
    """A prompt or completion as messages: a string is one message, a list is kept."""
    if isinstance(value, str):
        return [{"role": role, "content": value}]
    if isinstance(value, Sequence) and all(isinstance(m, Mapping) for m in value):
        return [dict(m) for m in value]
    return None


def make_sample(
    prompt: Any,
    completion: Any,
    reference: Any,
    metadata: Mapping[str, Any] | None = None,
    *,
    id: str = "sample-0",
) -> Sample | None:
    """The Sample a trainer's row stands for, or None when the completion is not text."""
    reply = _messages(completion, "assistant")
    if reply is None:
        return None
    before = [] if prompt is None else _messages(prompt, "user") or []
    meta = dict(metadata or {})
    inner = meta.pop("metadata", None)
    if isinstance(inner, Mapping):
        meta.update(inner)
    return Sample(id, before + reply, unwrap_reference(reference), meta)


def grade(bound: BoundGrader, sample: Sample | None) -> Reward | None:
    """The grader's reward, or None when the sample cannot be scored.

    Cannot be scored: the completion is not text, the grader raises (a reference it cannot
    read, a bug in a user grader), or it flags the reference (:data:`UNSCORABLE_FLAGS`).
    """
    if sample is None:
        return None
    try:
        reward = bound(sample)
    except Exception:  # any grader failure is "cannot score", never a trainer crash
        return None
    if UNSCORABLE_FLAGS.intersection(reward.errors):
        return None
    return reward
