"""The typing-only part of the grader data model: the :class:`Grader` protocol and aliases.

Kept apart from :mod:`rftkit.rewards.types` because it needs ``typing``, which is off the
Lambda path (docs/architecture.md) while the Lambda never uses these names at run time.
They are re-exported lazily as ``rftkit.Grader`` and ``rftkit.rewards.types.Grader`` (and
``MetricType``, ``Message``).

Example:
    >>> from rftkit.rewards.types import Grader, Reward
    >>> isinstance(lambda sample: Reward(1.0), Grader)
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias, runtime_checkable

if TYPE_CHECKING:
    from rftkit.rewards.types import Reward, Sample

__all__ = ["Grader", "Message", "MetricType"]

MetricType: TypeAlias = Literal["Reward", "Metric"]
"""The two metric types Bedrock accepts in ``metrics_list``."""

Message: TypeAlias = dict[str, Any]
"""One chat message, ``{"role": ..., "content": <str>}`` once normalised."""


@runtime_checkable
class Grader(Protocol):
    """Anything that scores a sample. Graders are synchronous and per sample."""

    def __call__(self, sample: Sample, /) -> Reward | float: ...
