"""Replay events through a reward function, wherever it runs, and build the report.

:func:`replay` sends events through any :class:`~rftkit.harness.invoke.Invoker` with bounded
concurrency and feeds every result to a :class:`~rftkit.harness.report.ReportBuilder`.
:class:`InProcessInvoker` is the invoker for the handler itself: it wraps
:func:`~rftkit.harness.handler.make_handler` (the function the Lambda entry module calls),
gives it a Lambda-like context, captures its log lines per invocation and hands back the
response as JSON-decoded data, exactly what a caller of the real function would see.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, TextIO

from rftkit.errors import UsageError
from rftkit.harness.contract import count_samples
from rftkit.harness.handler import Handler, make_handler
from rftkit.harness.invoke import Invoker, InvokeResult
from rftkit.harness.report import ReplayReport, ReportBuilder
from rftkit.rewards.registry import BoundGrader
from rftkit.rewards.types import GraderSpec

__all__ = ["InProcessInvoker", "LambdaContext", "Progress", "replay"]

_request_counter = itertools.count(1)


class LambdaContext:
    """The parts of Lambda's context object a reward handler uses.

    Example:
        >>> ctx = LambdaContext(timeout_s=3.0)
        >>> 0 < ctx.get_remaining_time_in_millis() <= 3000
        True
    """

    def __init__(
        self,
        *,
        timeout_s: float,
        function_name: str = "rftkit-local",
        memory_mb: int = 512,
        request_id: str | None = None,
    ) -> None:
        self._deadline = time.monotonic() + timeout_s
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = str(memory_mb)
        self.aws_request_id = request_id or f"local-{next(_request_counter):08d}"
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{function_name}"
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds before the invocation's deadline (never negative)."""
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class InProcessInvoker:
    """Invoke the rftkit handler in this process; implements :class:`Invoker`.

    Args:
        grader: a grader name or path, a GraderSpec, or a bound grader.
        timeout_s: the function timeout the handler sees through its context.
        error_score: passed to :func:`make_handler`.
        require_reference: passed to :func:`make_handler`.
        echo_logs: also pass every log line to this callable (e.g. ``--verbose``).
        **grader_args: the grader factory's arguments.

    Example:
        >>> from rftkit.rewards.registry import grader
        >>> @grader(register=False)
        ... def one():
        ...     return lambda s: 1.0
        >>> inv = InProcessInvoker(one())
        >>> r = inv.invoke([{"id": "a", "messages": [{"role": "assistant", "content": "x"}],
        ...                  "reference_answer": "x"}])
        >>> r.payload[0]["aggregate_reward_score"], json.loads(r.logs[-1])["message"]
        (1.0, 'graded batch')
    """

    def __init__(
        self,
        grader: str | GraderSpec | BoundGrader,
        *,
        timeout_s: float = 300.0,
        error_score: float = 0.0,
        require_reference: bool = True,
        echo_logs: Callable[[str], None] | None = None,
        **grader_args: Any,
    ) -> None:
        if not timeout_s > 0:
            raise UsageError(f"timeout must be positive, got {timeout_s}")
        self._local = threading.local()
        self._echo = echo_logs
        self.timeout_s = timeout_s
        self.handler: Handler = make_handler(
            grader,
            error_score=error_score,
            require_reference=require_reference,
            log_sink=self._sink,
            **grader_args,
        )

    def _sink(self, line: str) -> None:
        # The handler logs from the invoking thread, so a thread-local buffer keeps the lines
        # of concurrent invocations apart.
        buffer: list[str] | None = getattr(self._local, "logs", None)
        if buffer is not None:
            buffer.append(line)
        if self._echo is not None:
            self._echo(line)

    def invoke(self, event: Any) -> InvokeResult:
        """Run the handler on ``event``; errors come back as Lambda would report them."""
        logs: list[str] = []
        self._local.logs = logs
        context = LambdaContext(timeout_s=self.timeout_s)
        start = time.perf_counter()
        try:
            payload = self.handler(event, context)
            # What a caller receives is JSON: serialise as the runtime would, then decode.
            decoded = json.loads(json.dumps(payload))
        except Exception as exc:
            return InvokeResult(
                error={"errorType": type(exc).__name__, "errorMessage": str(exc)},
                duration_ms=(time.perf_counter() - start) * 1000.0,
                logs=logs,
            )
        finally:
            self._local.logs = None
        return InvokeResult(
            payload=decoded, duration_ms=(time.perf_counter() - start) * 1000.0, logs=logs
        )

    def close(self) -> None:
        """Nothing to release."""


class Progress:
    """A one-line progress bar on stderr (silent when stderr is not a terminal).

    Example:
        >>> import io
        >>> p = Progress(total=10, stream=io.StringIO(), enabled=True)
        >>> p.advance(samples=5)
        >>> "5/10" in p.stream.getvalue()
        True
    """

    def __init__(
        self,
        total: int,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        unit: str = "samples",
    ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self.unit = unit
        self.done = 0
        self.invocations = 0
        self.failed = 0
        self.started = time.perf_counter()
        self._last = 0.0

    def advance(self, *, samples: int, failed: bool = False) -> None:
        """Record one finished invocation of ``samples`` samples."""
        self.done += samples
        self.invocations += 1
        self.failed += failed
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        width = 30
        frac = self.done / self.total if self.total else 1.0
        filled = int(frac * width)
        rate = self.done / max(now - self.started, 1e-9)
        fails = f"  {self.failed} failed" if self.failed else ""
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.unit}"
            f"  {self.invocations} invocations  {rate:,.0f}/s{fails}"
        )
        self.stream.flush()

    def finish(self) -> None:
        """End the progress line."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def replay(
    invoker: Invoker,
    events: Sequence[Any],
    *,
    grader: str,
    target: str,
    sources: Sequence[str] | None = None,
    concurrency: int = 1,
    progress: Progress | None = None,
    explain: Callable[[Any], Any] | None = None,
    header: Mapping[str, Any] | None = None,
) -> ReplayReport:
    """Invoke ``invoker`` once per event and report on the results.

    Args:
        invoker: where the reward function runs.
        events: Bedrock-shaped events.
        grader: the grader's name, for the report.
        target: where it ran (``in-process``, a zip path, a function name), for the report.
        sources: a label per event (file name, batch number) used in error listings.
        concurrency: invocations in flight at once.
        progress: a progress bar to advance.
        explain: re-grades a Sample in-process (a BoundGrader) so the report can show the
            answer, rule and reason of the replies it picks; None shows them without.
        header: what the run was (``inputs``, ``args``) for the report's heading.

    Returns:
        The report, with results accounted in event order whatever the completion order.

    Example:
        >>> from rftkit.rewards.registry import grader
        >>> @grader(register=False)
        ... def half():
        ...     return lambda s: 0.5
        >>> ev = [{"id": "a", "messages": [{"role": "assistant", "content": "x"}],
        ...        "reference_answer": "x"}]
        >>> replay(InProcessInvoker(half()), [ev, ev], grader="half", target="test").reward_mean
        0.5
    """
    if concurrency < 1:
        raise UsageError(f"concurrency must be at least 1, got {concurrency}")
    labels = list(sources) if sources is not None else [f"batch {i}" for i in range(len(events))]
    results: list[InvokeResult | None] = [None] * len(events)
    started = time.perf_counter()

    def done(i: int, result: InvokeResult) -> None:
        results[i] = result
        if progress is not None:
            progress.advance(samples=count_samples(events[i]), failed=not result.ok)

    if concurrency == 1 or len(events) <= 1:
        for i, event in enumerate(events):
            done(i, invoker.invoke(event))
    else:
        with ThreadPoolExecutor(
            max_workers=concurrency, thread_name_prefix="rftkit-replay"
        ) as pool:
            futures = {pool.submit(invoker.invoke, event): i for i, event in enumerate(events)}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # an invoker must not raise; report it if one does
                    result = InvokeResult(
                        error={"errorType": type(exc).__name__, "errorMessage": str(exc)}
                    )
                done(i, result)
    wall_s = time.perf_counter() - started
    if progress is not None:
        progress.finish()
    builder = ReportBuilder(grader=grader, target=target, explain=explain, header=header)
    for i, event in enumerate(events):
        outcome = results[i]
        assert outcome is not None
        builder.add(event, outcome, labels[i])
    return builder.build(wall_s=wall_s)
