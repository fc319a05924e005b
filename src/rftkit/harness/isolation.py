"""Worker processes for isolated graders, and what a worker sends back.

Imported by :mod:`rftkit.harness.handler` only when a grader is isolated (by default every
grader that is not an rftkit built-in), so built-in graders never pay for it at cold start.
"""

from __future__ import annotations

from collections.abc import Callable

from rftkit.rewards.deadline import deadline_scope
from rftkit.rewards.types import Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Isolation", "in_worker", "plain", "plain_scalar"]


class Isolation:
    """The worker processes an isolated grader runs in: one per concurrent sample."""

    __slots__ = ("free", "memory_mb", "time_limit", "workers")

    def __init__(
        self, impl: Callable[[Sample], Any], n: int, time_limit: float | None, memory_mb: int
    ) -> None:
        from queue import SimpleQueue

        from rftkit.rewards.worker import Worker

        target = in_worker(impl)
        self.time_limit = time_limit
        self.memory_mb = memory_mb
        self.workers = [
            Worker(
                target=target,
                memory_mb=memory_mb or None,
                startup_timeout=10.0,
                result_classes=(Reward, Metric),
            )
            for _ in range(max(1, n))
        ]
        self.free: SimpleQueue[Any] = SimpleQueue()
        for w in self.workers:
            self.free.put(w)

    def start(self) -> None:
        """Fork the zygotes and first workers now, while this process has one thread."""
        for w in self.workers:
            w.start()

    def close(self) -> None:
        for w in self.workers:
            w.close()


def in_worker(impl: Callable[[Sample], Any]) -> Callable[[Sample, float | None], Any]:
    """What a worker process runs: the grader, with the deadline graders can read."""

    def run(sample: Sample, seconds: float | None) -> Any:
        with deadline_scope(seconds):
            value = impl(sample)
        try:
            return plain(value)
        except Exception:
            return value  # the handler's checks say what is wrong with it

    return run


def plain_scalar(value: Any) -> Any:
    """Subclasses of float, int, bool and str (numpy.float64 is a float) as the base type,
    so that a result crosses back from a worker as plain data."""
    t = type(value)
    if t is float or t is str or t is int or t is bool or value is None:
        return value
    for base in (bool, int, float, str):
        if isinstance(value, base):
            return base(value)
    return value


def plain(value: Any) -> Any:
    """What a worker sends back: a grader's return value made of plain data and exact
    Reward/Metric objects where the grader used subclasses (checked in the handler)."""
    if not isinstance(value, Reward):
        return plain_scalar(value)
    metrics: Any = value.metrics
    if (
        type(value) is Reward
        and type(value.score) is float
        and type(metrics) is tuple
        and type(value.errors) is tuple
        and (value.answer is None or type(value.answer) is str)
        and (value.rule is None or type(value.rule) is str)
        and type(value.explanation) is str
    ):
        for m in metrics:
            if type(m) is not Metric or type(m.value) is not float or type(m.name) is not str:
                break
        else:
            for e in value.errors:
                if type(e) is not str:
                    break
            else:
                return value  # plain already: the common case
    if type(metrics) is tuple or type(metrics) is list:
        metrics = type(metrics)(
            Metric(plain_scalar(m.name), plain_scalar(m.value), plain_scalar(m.type))
            if isinstance(m, Metric)
            else m
            for m in metrics
        )
    errors: Any = value.errors
    if type(errors) is tuple or type(errors) is list:
        errors = type(errors)(plain_scalar(e) for e in errors)
    return Reward(
        plain_scalar(value.score),
        metrics,
        _reported_only(value.answer, None),
        plain_scalar(value.rule),
        errors,
        _reported_only(value.explanation, ""),
    )


def _reported_only(value: Any, default: Any) -> Any:
    """``answer`` and ``explanation`` never reach the response, so a value that is not plain
    data (which may not even pickle) is dropped: the isolated result scores as in-process."""
    value = plain_scalar(value)
    t = type(value)
    return value if value is None or t is str or t is int or t is float or t is bool else default
