"""The grader data model: :class:`Sample` in, :class:`Reward` out.

Standard library only: this module ships inside every reward Lambda. The classes are written
out by hand rather than with ``dataclasses``, whose import (it pulls in ``inspect``) and
class generation cost a Lambda cold start more than all of rftkit's own grading code.

For the same reason ``typing`` is not imported here (it alone costs a cold start about
8 ms): the :class:`Grader` protocol and the ``MetricType`` and ``Message`` aliases live in
:mod:`rftkit.rewards.protocols` and are loaded from there on first access, so
``from rftkit.rewards.types import Grader`` keeps working.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence

from rftkit.errors import GraderError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

    from rftkit.rewards.protocols import Grader, Message, MetricType

__all__ = [
    "ASSISTANT_ROLES",
    "Grader",
    "GraderSpec",
    "Message",
    "Metric",
    "MetricType",
    "Reward",
    "Sample",
    "content_text",
    "to_reward",
]

_TYPING_NAMES = frozenset({"Grader", "Message", "MetricType"})


def __getattr__(name: str) -> Any:
    # The typing-only names, imported on first access (see the module docstring).
    if name in _TYPING_NAMES:
        from rftkit.rewards import protocols

        value = getattr(protocols, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


ASSISTANT_ROLES = ("assistant", "nova_assistant")
"""Roles that mark the model's reply (Nova samples use ``nova_assistant``).

A tuple, not a set: ``role in ASSISTANT_ROLES`` compares by equality, so a role that arrives
as a list or an object (hostile input) is simply not an assistant role instead of raising
``TypeError: unhashable type``."""


class Metric:
    """One named number reported next to the aggregate score.

    ``type`` is ``"Reward"`` for a component of the reward and ``"Metric"`` for anything
    reported only for inspection, exactly as on the wire.

    Example:
        >>> Metric("correct", 1.0, "Reward").to_wire()
        {'name': 'correct', 'value': 1.0, 'type': 'Reward'}
    """

    __slots__ = ("name", "type", "value")

    name: str
    value: float
    type: MetricType

    def __init__(self, name: str, value: float, type: MetricType = "Metric") -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "type", type)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"Metric is immutable (cannot set {key!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by its constructor arguments (the default would set attributes, which
        # an immutable Metric refuses): rewards cross process boundaries in graders' workers.
        return (Metric, (self.name, self.value, self.type))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Metric):
            return NotImplemented
        return (self.name, self.value, self.type) == (other.name, other.value, other.type)

    def __hash__(self) -> int:
        return hash((self.name, self.value, self.type))

    def __repr__(self) -> str:
        return f"Metric(name={self.name!r}, value={self.value!r}, type={self.type!r})"

    def to_wire(self) -> dict[str, Any]:
        """Render as one ``metrics_list`` entry."""
        return {"name": self.name, "value": self.value, "type": self.type}


class Reward:
    """What a grader says about one sample.

    Attributes:
        score: the aggregate reward, a finite float.
        metrics: named sub-scores and diagnostics.
        answer: the answer extracted from the completion, if any.
        rule: the name of the extraction rule that fired, if any.
        errors: short machine-readable flags (``"no_answer"``, ``"timeout"``, ...).
        explanation: a short human-readable reason.

    Example:
        >>> r = Reward(1.0, answer="72", rule="hash")
        >>> r.score, r.rule
        (1.0, 'hash')
    """

    __slots__ = ("answer", "errors", "explanation", "metrics", "rule", "score")

    def __init__(  # noqa: PLR0917 - positional order is the documented one
        self,
        score: float,
        metrics: tuple[Metric, ...] = (),
        answer: str | None = None,
        rule: str | None = None,
        errors: tuple[str, ...] = (),
        explanation: str = "",
    ) -> None:
        self.score = score
        self.metrics = metrics
        self.answer = answer
        self.rule = rule
        self.errors = errors
        self.explanation = explanation

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reward):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def _key(self) -> tuple[Any, ...]:
        return (self.score, self.metrics, self.answer, self.rule, self.errors, self.explanation)

    def __repr__(self) -> str:
        return (
            f"Reward(score={self.score!r}, metrics={self.metrics!r}, answer={self.answer!r}, "
            f"rule={self.rule!r}, errors={self.errors!r}, explanation={self.explanation!r})"
        )

    def metric(self, name: str) -> float | None:
        """Return the value of the metric called ``name``, or None."""
        for m in self.metrics:
            if m.name == name:
                return m.value
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field (for ``rftkit grade --json`` and reports)."""
        return {
            "score": self.score,
            "metrics": [m.to_wire() for m in self.metrics],
            "answer": self.answer,
            "rule": self.rule,
            "errors": list(self.errors),
            "explanation": self.explanation,
        }


def to_reward(value: object) -> Reward:
    """Normalise a grader's return value (a :class:`Reward`, float, int or bool) once.

    NaN and infinity are errors, never clamped.

    Example:
        >>> to_reward(1).score
        1.0

    Raises:
        GraderError: the value is not a finite number or a Reward with a finite score.
    """
    if type(value) is Reward:
        score = value.score
        if type(score) is not float or not math.isfinite(score):
            if isinstance(score, bool) or not isinstance(score, int | float):
                raise GraderError(f"grader returned a Reward whose score is {score!r}")
            try:
                f = float(score)
            except OverflowError:
                raise GraderError("grader returned a Reward whose score is too large") from None
            if not math.isfinite(f):
                raise GraderError(f"grader returned a non-finite score {score!r}")
            value.score = f
        return value
    if isinstance(value, Reward):
        return to_reward(
            Reward(
                value.score,
                value.metrics,
                value.answer,
                value.rule,
                value.errors,
                value.explanation,
            )
        )
    if isinstance(value, bool | int | float):
        try:
            f = float(value)
        except OverflowError:
            bits = int(value).bit_length()
            raise GraderError(f"grader returned a {bits}-bit integer score (too large)") from None
        if not math.isfinite(f):
            raise GraderError(f"grader returned a non-finite score {value!r}")
        return Reward(f)
    raise GraderError(
        f"grader returned {type(value).__name__}, expected a Reward or a number",
    )


def content_text(content: Any) -> str:
    """Flatten message content (a string, a list of text blocks, or a dict) to text.

    Example:
        >>> content_text([{"type": "text", "text": "a"}, {"type": "image"}, {"text": "b"}])
        'ab'
        >>> content_text({"type": "reasoning", "text": "31?"})
        ''
    """
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        # A typed block other than text (a reasoning block) is never the reply.
        text = content.get("text")
        return text if isinstance(text, str) and content.get("type", "text") == "text" else ""
    if isinstance(content, Sequence):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, Mapping):
                text = block.get("text")
                if isinstance(text, str) and block.get("type", "text") == "text":
                    parts.append(text)
        return "".join(parts)
    return ""


class Sample:
    """One rollout to score: the conversation, the reference answer and metadata.

    ``completion`` is the text of the last assistant (or ``nova_assistant``) message.

    Example:
        >>> s = Sample.from_text(response="3*12 = 36\\n#### 36", reference="36")
        >>> s.completion
        '3*12 = 36\\n#### 36'
    """

    __slots__ = ("id", "messages", "metadata", "reference")

    def __init__(
        self,
        id: str,
        messages: list[Message],
        reference: Any = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self.id = id
        self.messages = messages
        self.reference = reference
        self.metadata: dict[str, Any] = {} if metadata is None else metadata

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sample):
            return NotImplemented
        return (self.id, self.messages, self.reference, self.metadata) == (
            other.id,
            other.messages,
            other.reference,
            other.metadata,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return (
            f"Sample(id={self.id!r}, messages={self.messages!r}, reference={self.reference!r}, "
            f"metadata={self.metadata!r})"
        )

    @property
    def completion(self) -> str:
        """The model's reply: text of the last assistant message ("" when there is none)."""
        for message in reversed(self.messages):
            if message.get("role") in ASSISTANT_ROLES:
                return content_text(message.get("content"))
        return ""

    @property
    def prompt_messages(self) -> list[Message]:
        """The messages before the model's reply."""
        for i in range(len(self.messages) - 1, -1, -1):
            if self.messages[i].get("role") in ASSISTANT_ROLES:
                return self.messages[:i]
        return list(self.messages)

    @classmethod
    def from_text(
        cls,
        response: str,
        reference: Any = None,
        *,
        prompt: str | None = None,
        id: str = "sample-0",
        metadata: Mapping[str, Any] | None = None,
    ) -> Sample:
        """Build a one-turn sample from a response text and a reference answer.

        Example:
            >>> Sample.from_text(response="#### 4", reference=4, prompt="2+2?").messages[0]
            {'role': 'user', 'content': '2+2?'}
        """
        messages: list[Message] = []
        if prompt is not None:
            messages.append({"role": "user", "content": prompt})
        messages.append({"role": "assistant", "content": response})
        return cls(id=id, messages=messages, reference=reference, metadata=dict(metadata or {}))


class GraderSpec:
    """A serialisable recipe for a configured grader, baked into Lambda bundles.

    ``target`` is ``package.module:attr`` or ``path/to/file.py:attr``; ``args`` are the
    JSON-serialisable keyword arguments given to the factory.

    Example:
        >>> spec = GraderSpec("gsm8k", "rftkit.rewards.builtin.gsm8k:gsm8k", {})
        >>> GraderSpec.from_json(spec.to_json()) == spec
        True
    """

    __slots__ = ("args", "name", "target")

    name: str
    target: str
    args: Mapping[str, Any]

    def __init__(self, name: str, target: str, args: Mapping[str, Any] | None = None) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "args", {} if args is None else args)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"GraderSpec is immutable (cannot set {key!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GraderSpec):
            return NotImplemented
        return (self.name, self.target, dict(self.args)) == (
            other.name,
            other.target,
            dict(other.args),
        )

    __hash__ = None  # type: ignore[assignment]  # args is a dict

    def __repr__(self) -> str:
        return f"GraderSpec(name={self.name!r}, target={self.target!r}, args={self.args!r})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"name": self.name, "target": self.target, "args": dict(self.args)}

    def to_json(self) -> str:
        """Canonical JSON (sorted keys), stable across runs so bundles are reproducible."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GraderSpec:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["name"]), str(data["target"]), dict(data.get("args") or {}))

    @classmethod
    def from_json(cls, text: str) -> GraderSpec:
        """Inverse of :meth:`to_json`."""
        return cls.from_dict(json.loads(text))
