"""Follow a job until it ends: polling with backoff, route-neutral.

Each route supplies the ``poll`` (:func:`rftkit.jobs.openai.openai_poller`,
:func:`rftkit.jobs.native.native_poller`); the loop only sees :class:`JobSnapshot` values.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rftkit.errors import JobError, UsageError
from rftkit.jobs.model import JobInfo, JobSnapshot

__all__ = ["watch_job"]


def watch_job(
    poll: Callable[[], JobSnapshot | None],
    *,
    on_update: Callable[[JobSnapshot], None],
    on_retry: Callable[[str], None] = lambda _msg: None,
    interval: float = 10.0,
    max_interval: float = 60.0,
    backoff: float = 1.5,
    timeout: float | None = None,
    max_failures: int = 8,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> JobInfo:
    """Poll until the job ends; returns the final :class:`JobInfo`.

    The delay starts at ``interval`` and grows by ``backoff`` up to ``max_interval`` while
    nothing changes; any change brings it back to ``interval``. ``poll`` returns None for a
    transient failure (the loop backs off; ``max_failures`` in a row is an error).

    Example:
        >>> snaps = iter([JobInfo("j", "openai", "m", "running", "running"),
        ...               JobInfo("j", "openai", "m", "succeeded", "succeeded")])
        >>> watch_job(lambda: JobSnapshot(next(snaps)), on_update=lambda s: None,
        ...           sleep=lambda s: None).state
        'succeeded'

    Raises:
        JobError: too many failed polls in a row, or ``timeout`` seconds passed.
    """
    if interval <= 0 or max_interval < interval or backoff < 1:
        raise UsageError("watch needs 0 < interval <= max-interval and backoff >= 1")
    start = clock()
    delay = interval
    failures = 0
    last_status: str | None = None
    while True:
        snap = poll()
        if snap is None:
            failures += 1
            if failures >= max_failures:
                raise JobError(
                    f"gave up after {failures} failed polls in a row",
                    hint="the job is not affected: run rftkit job watch again later",
                )
            delay = min(delay * backoff, max_interval)
            on_retry(f"poll failed ({failures}/{max_failures}); retrying in {delay:.0f}s")
        else:
            failures = 0
            on_update(snap)
            if snap.job.done:
                return snap.job
            changed = bool(snap.new_events) or snap.job.status != last_status
            last_status = snap.job.status
            delay = interval if changed else min(delay * backoff, max_interval)
        if timeout is not None and clock() - start + delay > timeout:
            raise JobError(
                f"stopped watching after {timeout:g}s; the job is still running",
                hint="the job is not affected: run rftkit job watch again",
            )
        sleep(delay)
