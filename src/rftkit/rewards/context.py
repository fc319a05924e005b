"""The time budget of the current invocation, visible to graders.

The harness sets a deadline for each Lambda invocation (from
``context.get_remaining_time_in_millis()`` less a safety margin); graders that wait on the
network (a model judge) read it to bound their retries. Context variables carry it into the
worker threads the handler starts (with :func:`contextvars.copy_context`).
Standard library only.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["deadline", "deadline_scope", "remaining"]

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "rftkit_deadline", default=None
)


def deadline() -> float | None:
    """The current deadline as a :func:`time.monotonic` value, or None when unbounded."""
    return _DEADLINE.get()


def remaining() -> float | None:
    """Seconds left before the current deadline (may be negative), or None when unbounded.

    Example:
        >>> with deadline_scope(5.0):
        ...     0 < remaining() <= 5.0
        True
    """
    d = _DEADLINE.get()
    return None if d is None else d - time.monotonic()


@contextmanager
def deadline_scope(seconds: float | None) -> Iterator[None]:
    """Run the block with a deadline ``seconds`` from now (None: no deadline)."""
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)
