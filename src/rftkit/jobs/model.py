"""The route-neutral job model: a job, its events, what one poll saw.

Both routes (:mod:`rftkit.jobs.openai`, :mod:`rftkit.jobs.native`) normalise what their API
returns into these types, so ``status``, ``watch`` and the curve never ask which API ran a job.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias

from rftkit.jobs.routes import Route

__all__ = [
    "TERMINAL_STATES",
    "ChatMessage",
    "EventCursor",
    "JobEvent",
    "JobInfo",
    "JobSnapshot",
    "PageFetcher",
    "file_facts",
]

TERMINAL_STATES: Final = frozenset({"succeeded", "failed", "cancelled"})
"""Normalised job states after which nothing changes."""

ChatMessage: TypeAlias = dict[str, Any]
"""One chat message as the APIs take it: ``{"role": ..., "content": ...}``."""


def file_facts(path: Path) -> dict[str, Any]:
    """What a dry run shows about a file it would upload: path, size and SHA-256."""
    data = path.read_bytes()
    return {"path": str(path), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


# -- a job and its events --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobInfo:
    """One job, whichever API runs it, with a normalised ``state``.

    ``state`` is one of ``pending``, ``running``, ``succeeded``, ``failed``, ``cancelled``,
    ``stopping``; ``status`` keeps the API's own word. ``raw`` is the full JSON-ready record.
    """

    id: str
    route: Route
    model: str
    status: str
    state: str
    fine_tuned_model: str | None = None
    error: str | None = None
    created_at: datetime | None = None
    finished_at: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        """True once the job can no longer change."""
        return self.state in TERMINAL_STATES

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (``--json`` output)."""
        return {
            "id": self.id,
            "api": "openai-compatible" if self.route == "openai" else "native",
            "model": self.model,
            "status": self.status,
            "state": self.state,
            "fine_tuned_model": self.fine_tuned_model,
            "error": self.error,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


@dataclass(frozen=True, slots=True)
class JobEvent:
    """One event of a job: a message, or a metrics record (``data`` holds the numbers)."""

    id: str
    created_at: int
    level: str
    message: str
    type: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_api(cls, event: Any) -> JobEvent:
        """From an ``openai`` FineTuningJobEvent or its dict form."""
        raw = event if isinstance(event, Mapping) else event.model_dump(mode="json", warnings=False)
        data = raw.get("data")
        created = raw.get("created_at")
        return cls(
            id=str(raw.get("id", "")),
            created_at=int(created) if isinstance(created, int | float) else 0,
            level=str(raw.get("level") or "info"),
            message=str(raw.get("message") or ""),
            type=raw.get("type"),
            data=dict(data) if isinstance(data, Mapping) else {},
        )

    def metric(self, name: str) -> float | None:
        """A finite number from ``data`` (numeric strings accepted), else None."""
        value = self.data.get(name)
        if isinstance(value, str) and len(value) < 64:
            try:
                value = float(value)
            except ValueError:
                return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        value = float(value)
        return value if math.isfinite(value) else None

    @property
    def step(self) -> int | None:
        """The training step of a metrics event."""
        value = self.metric("step")
        return int(value) if value is not None else None

    @property
    def is_metrics(self) -> bool:
        """True for metrics records (by type, or by carrying a step and a number)."""
        return self.type == "metrics" or (self.step is not None and len(self.data) > 1)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "created_at": self.created_at,
            "level": self.level,
            "message": self.message,
            "type": self.type,
            "data": dict(self.data),
        }


PageFetcher: TypeAlias = Callable[[str | None], tuple[list[JobEvent], bool]]
"""``fetch(after) -> (events, has_more)``: one page of a job's events."""


class EventCursor:
    """Reads a job's events incrementally, paginating with ``after``.

    OpenAI lists events newest first, and ``after`` pages towards older ones; a server that
    lists oldest first is detected from the timestamps and then resumed from the newest id.
    Either way :meth:`poll` returns only events not returned before, oldest first.

    Example:
        >>> page = [JobEvent("e2", 2, "info", "b"), JobEvent("e1", 1, "info", "a")]
        >>> [e.id for e in EventCursor(lambda after: (page, False)).poll()]
        ['e1', 'e2']
    """

    def __init__(self, fetch: PageFetcher, *, max_pages: int = 1000) -> None:
        self.fetch = fetch
        self._max_pages = max_pages
        self._seen: set[str] = set()
        self._order: Literal["asc", "desc"] | None = None
        self._newest: str | None = None

    def _learn_order(self, listing: Sequence[JobEvent]) -> None:
        if self._order is not None or len(listing) < 2:
            return
        first, last = listing[0], listing[-1]
        first_key = (first.created_at, first.step or 0)
        last_key = (last.created_at, last.step or 0)
        if first_key > last_key:
            self._order = "desc"
        elif first_key < last_key:
            self._order = "asc"

    def poll(self) -> list[JobEvent]:
        """Events that appeared since the last call, oldest first."""
        order = self._order
        after = self._newest if order == "asc" else None
        fresh: list[JobEvent] = []
        listing: list[JobEvent] = []
        for _ in range(self._max_pages):
            events, has_more = self.fetch(after)
            listing.extend(events)
            new = [e for e in events if e.id not in self._seen]
            self._seen.update(e.id for e in new)
            fresh.extend(new)
            if not events or not has_more:
                break
            # Newest first: once a page reaches known events, the rest is older and known.
            # With the order still unknown every page is read, since stopping could miss some.
            if order == "desc" and len(new) < len(events):
                break
            after = events[-1].id
        self._learn_order(listing)
        if listing and self._order != "desc":
            self._newest = listing[-1].id  # where an ascending listing resumes
        if (order or self._order) != "asc":
            fresh.reverse()
        fresh.sort(key=lambda e: e.created_at)  # stable: keeps the listing order on ties
        return fresh


# -- what one poll saw ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobSnapshot:
    """What one poll saw: the job and the events that are new since the last poll."""

    job: JobInfo
    new_events: tuple[JobEvent, ...] = ()
