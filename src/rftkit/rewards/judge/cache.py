"""A bounded, thread-safe LRU cache that also merges identical requests in flight.

RFT sends several rollouts of one prompt in a batch, and short answers are often identical:
the judge request is then identical too. Within a warm Lambda the cache answers repeats, and
while the first identical request is still in flight the others wait for its outcome instead
of calling the model again ("single flight").

Standard library only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["LRUCache", "Lookup"]

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Lookup(Generic[V]):
    """The outcome of :meth:`LRUCache.lookup`.

    Exactly one of the three is set: ``value`` (a hit), ``wait`` (an identical request is in
    flight: wait on this future), or ``lead`` (the caller must compute the value and hand it
    to :meth:`LRUCache.finish`).
    """

    value: V | None = None
    wait: Future[V | None] | None = None
    lead: Future[V | None] | None = None


class LRUCache(Generic[V]):
    """At most ``size`` values by key, least recently used evicted first.

    ``size`` 0 disables both the cache and the merging of requests in flight.

    Example:
        >>> cache: LRUCache[str] = LRUCache(2)
        >>> first = cache.lookup("k")
        >>> first.lead is not None
        True
        >>> cache.finish("k", first, "v")
        >>> cache.lookup("k").value
        'v'
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[str, V] = OrderedDict()
        self._inflight: dict[str, Future[V | None]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def lookup(self, key: str) -> Lookup[V]:
        """A hit, a request in flight to wait for, or the lead on computing ``key``."""
        if self.size <= 0:
            return Lookup(lead=Future())
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
                return Lookup(value=value)
            pending = self._inflight.get(key)
            if pending is not None:
                return Lookup(wait=pending)
            lead: Future[V | None] = Future()
            self._inflight[key] = lead
            return Lookup(lead=lead)

    def finish(self, key: str, lookup: Lookup[V], value: V | None) -> None:
        """End a lead: store ``value`` (None: nothing to store) and wake the waiters.

        Always call it, in a ``finally`` block, so that waiters are never left hanging.
        """
        if lookup.lead is None:
            return
        if self.size > 0:
            with self._lock:
                if value is not None:
                    self._data[key] = value
                    self._data.move_to_end(key)
                    while len(self._data) > self.size:
                        self._data.popitem(last=False)
                if self._inflight.get(key) is lookup.lead:
                    del self._inflight[key]
        lookup.lead.set_result(value)

    def clear(self) -> None:
        """Forget every stored value."""
        with self._lock:
            self._data.clear()
