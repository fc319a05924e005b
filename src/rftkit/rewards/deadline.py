"""The deadline of the current invocation (its time budget), visible to graders.

The harness sets a deadline for each Lambda invocation (from
``context.get_remaining_time_in_millis()`` less a safety margin); graders that wait on the
network (a model judge) read it to bound their retries. Context variables carry it into the
worker threads the handler starts (with :func:`contextvars.copy_context`).
Standard library only.
"""

from __future__ import annotations

import contextvars
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from types import TracebackType

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


class _DeadlineScope:
    # Hand-written: contextlib is off the Lambda path (docs/architecture.md).
    __slots__ = ("_seconds", "_token")

    def __init__(self, seconds: float | None) -> None:
        self._seconds = seconds
        self._token: contextvars.Token[float | None] | None = None

    def __enter__(self) -> None:
        seconds = self._seconds
        self._token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        token = self._token
        if token is not None:
            self._token = None
            _DEADLINE.reset(token)


def deadline_scope(seconds: float | None) -> AbstractContextManager[None]:
    """Run the block with a deadline ``seconds`` from now (None: no deadline).

    Example:
        >>> with deadline_scope(2.0):
        ...     deadline() is not None
        True
        >>> deadline() is None
        True
    """
    return _DeadlineScope(seconds)
