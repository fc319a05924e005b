"""The reward-Lambda handler: ``make_handler(grader) -> (event, context) -> list``.

The same function serves a deployed Lambda (the bundle's entry module calls
``make_handler(GraderSpec)``), a built zip under the local runtime, and in-process replays,
so what is tested locally is what runs. Standard library only.

Per invocation the handler:

1. parses the event (:func:`rftkit.harness.contract.parse_event`); a malformed *event* raises
   :class:`~rftkit.errors.ContractError`, a malformed *sample* gets the error score;
2. grades every well-formed sample. Whatever a grader raises or returns (a non-finite or
   huge score, metrics that are not ``Metric`` objects or cannot go on the wire, a malformed
   Reward) gives that sample the error score, the metrics ``error`` and ``error_<code>``,
   and one JSON log line; the batch goes on. Graders with ``concurrency > 1`` (I/O-bound,
   e.g. a model judge) run in a bounded thread pool;
3. enforces the invocation deadline: ``context.get_remaining_time_in_millis()`` less a margin
   (but at least half the remaining time) is published through
   :func:`rftkit.rewards.deadline.deadline_scope`, also inside worker threads; samples not
   graded by then get the error score with the ``timeout`` code, so the invocation returns
   instead of timing out. *Isolated* graders (by default every grader that is not an rftkit
   built-in; ``isolate``, ``time_limit``) run in worker processes forked once from this one
   (:mod:`rftkit.harness.isolation`, imported only then): a sample that overruns
   ``min(time_limit, deadline)`` is stopped mid-call, its worker killed and re-forked, and the
   sample scored ``timeout``;
4. keeps the response under Lambda's 6 MB limit: at most 64 metrics per result, and metrics
   (never results) cut when the whole would exceed 5 MiB
   (:func:`~rftkit.harness.contract.fit_response`), flagged with ``metrics_truncated``;
5. writes one JSON summary line (``"message": "graded batch"``) with the sample count, error
   codes, reward mean, duration, and how often each extraction rule (``Reward.rule``) and
   grader flag (``Reward.errors``) occurred. Reports read rule frequencies from this line, so
   they work for any invoker that returns logs, while the wire response stays clean;
6. with ``emit_metrics``, also writes a CloudWatch embedded-metric-format line (namespace
   ``rftkit``, dimension ``Grader``: ``RewardMean``, ``Samples``, ``Errors``, ``Duration``).

Logs are JSON lines on stdout (what Lambda ships to CloudWatch) unless a ``log_sink`` is
given. ``RFTKIT_LOG_LEVEL`` (``DEBUG``/``INFO``/``WARNING``/``ERROR``, default ``INFO``) filters
them; ``RFTKIT_EMIT_METRICS=1`` turns on metric lines when ``emit_metrics`` is not given.
"""

from __future__ import annotations

import contextvars
import json
import math
import os
import sys
import time
from _queue import Empty
from collections.abc import Callable, Mapping

from rftkit.errors import GraderError, UsageError
from rftkit.harness.contract import (
    ParsedEvent,
    SampleProblem,
    WireId,
    error_reward,
    fit_response,
    parse_event,
    render_result,
)
from rftkit.rewards.deadline import deadline_scope
from rftkit.rewards.registry import BoundGrader, GraderFactory, load_grader, load_spec
from rftkit.rewards.types import GraderSpec, Reward, Sample, to_reward

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # typing costs a Lambda cold start about 8 ms: annotations only
    from concurrent.futures import Future
    from typing import Any, Final

    from rftkit.harness.isolation import Isolation

__all__ = ["GradedBatch", "Handler", "LogSink", "make_handler"]

LogSink = Callable[[str], None]
"""Receives one JSON log line (without newline)."""

_LEVELS: Final = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40}
_DETAIL_LIMIT: Final = 500
_DEFAULT_MARGIN_S: Final = 1.0
_DEFAULT_WORKER_MEMORY_MB: Final = 1024
_POOL_GRACE_S: Final = 0.1
_UNREADABLE: Final = ("cannot return the result", "cannot read the result")
_BUILTIN_PREFIX: Final = "rftkit.rewards.builtin."
# Bounds on what one summary log line counts (a CloudWatch line holds 256 KB).
_FLAGS_PER_SAMPLE: Final = 16
_DISTINCT_LIMIT: Final = 256
_NAME_LIMIT: Final = 100


def _stdout_sink(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _jsonable(value: Any) -> Any:
    """Make a value safe for a log line (ids are str/int/None already; anything else is text)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)[:_DETAIL_LIMIT]


class GradedBatch:
    """Everything one invocation produced, for callers that want more than the wire response.

    Attributes:
        response: the wire response (what the Lambda returns).
        rewards: one Reward per input sample, in input order (error rewards included).
        parsed: the parsed event.
        duration_ms: time spent in the handler.
        summary: the summary log record (also written as a JSON line).
    """

    __slots__ = ("duration_ms", "parsed", "response", "rewards", "summary")

    def __init__(
        self,
        response: list[dict[str, Any]],
        rewards: list[Reward],
        parsed: ParsedEvent,
        duration_ms: float,
        summary: dict[str, Any],
    ) -> None:
        self.response = response
        self.rewards = rewards
        self.parsed = parsed
        self.duration_ms = duration_ms
        self.summary = summary

    def __repr__(self) -> str:
        return f"<GradedBatch {len(self.response)} results in {self.duration_ms:.3f} ms>"


class Handler:
    """A reward-Lambda handler bound to one grader. Call it as ``handler(event, context)``.

    Build it with :func:`make_handler`.

    Attributes:
        grader: the bound grader.
        error_score: the score of samples that could not be graded.
        emit_metrics: write CloudWatch embedded-metric-format lines.
        deadline_margin_s: time kept back from the Lambda deadline.
        require_reference: samples without ``reference_answer`` are malformed.
    """

    __slots__ = (
        "_isolation",
        "_min_level",
        "_sink",
        "deadline_margin_s",
        "emit_metrics",
        "error_score",
        "grader",
        "metrics_namespace",
        "require_reference",
    )

    def __init__(
        self,
        grader: BoundGrader,
        *,
        error_score: float = 0.0,
        emit_metrics: bool = False,
        deadline_margin_s: float = _DEFAULT_MARGIN_S,
        require_reference: bool = True,
        log_sink: LogSink | None = None,
        log_level: str | None = None,
        metrics_namespace: str = "rftkit",
        isolation: Isolation | None = None,
    ) -> None:
        self.grader = grader
        self._isolation = isolation
        self.error_score = error_score
        self.emit_metrics = emit_metrics
        self.deadline_margin_s = deadline_margin_s
        self.require_reference = require_reference
        self.metrics_namespace = metrics_namespace
        self._sink = log_sink or _stdout_sink
        level = (log_level or os.environ.get("RFTKIT_LOG_LEVEL") or "INFO").upper()
        self._min_level = _LEVELS.get(level, 20)

    def __repr__(self) -> str:
        where = " (isolated)" if self._isolation is not None else ""
        return f"<rftkit handler for {self.grader!r}{where}>"

    @property
    def isolated(self) -> bool:
        """True when samples are graded in worker processes under a hard time limit."""
        return self._isolation is not None

    @property
    def time_limit(self) -> float | None:
        """The hard per-sample limit in seconds (isolated graders), or None."""
        return None if self._isolation is None else self._isolation.time_limit

    def close(self) -> None:
        """Stop the worker processes of an isolated grader (they also stop with this process)."""
        if self._isolation is not None:
            self._isolation.close()

    def __enter__(self) -> Handler:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, event: Any, context: Any = None) -> list[dict[str, Any]]:
        """Grade one event; return the response list (one result per sample, in order).

        Raises:
            ContractError: the event itself is malformed (not a list, no samples).
        """
        return self.grade_event(event, context).response

    # -- logging -------------------------------------------------------------------------------

    def _log(self, level: str, record: dict[str, Any]) -> None:
        if _LEVELS[level] < self._min_level:
            return
        line = {"level": level, "logger": "rftkit.harness", **record}
        try:
            text = json.dumps(line, ensure_ascii=False, allow_nan=False, default=repr)
        except ValueError:
            text = json.dumps(line, ensure_ascii=False, default=repr)
        try:
            self._sink(text)
        except Exception:  # a closed stdout or a failing sink loses a log line, not the batch
            return

    # -- grading -------------------------------------------------------------------------------

    def _budget(self, context: Any) -> float | None:
        """Seconds the graders may use in this invocation, or None when unbounded."""
        get = getattr(context, "get_remaining_time_in_millis", None)
        if get is None:
            return None
        try:
            remaining_s = float(get()) / 1000.0
        except (TypeError, ValueError):
            return None
        if not math.isfinite(remaining_s):
            return None
        # Keep the margin for rendering and returning, but never take more than half the time.
        return max(remaining_s - self.deadline_margin_s, remaining_s * 0.5)

    def _grade_one(
        self, rid: WireId, sample: Sample, deadline: float | None = None
    ) -> tuple[Reward, dict[str, Any] | None]:
        """Grade one sample; never raises. Returns the reward and its rendered result, or an
        error reward and None. ``deadline`` (a monotonic time) bounds an isolated grader."""
        iso = self._isolation
        if iso is not None:
            return self._grade_in_worker(iso, rid, sample, deadline)
        try:
            value = self.grader.impl(sample)
        except (Exception, SystemExit) as exc:
            return self._failed("grader_exception", exc), None
        return self._accept(rid, value)

    def _grade_in_worker(
        self, iso: Isolation, rid: WireId, sample: Sample, deadline: float | None
    ) -> tuple[Reward, dict[str, Any] | None]:
        limit = iso.time_limit
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return self._failed("timeout", "invocation deadline reached before grading"), None
            if limit is None or left < limit:
                limit = left
        try:
            # Another invocation sharing this handler (a local harness run with several
            # threads) may hold every worker: wait no longer than this sample may take.
            worker = iso.free.get(timeout=limit)
        except Empty:
            return self._failed("timeout", "no grader worker became free in time"), None
        try:
            outcome = worker.run(sample, limit, timeout=limit)
        except RuntimeError as exc:  # the worker could not be started
            return self._failed("grader_exception", f"grader worker: {exc}"), None
        finally:
            iso.free.put(worker)
        status = outcome.status
        if status == "ok":
            return self._accept(rid, outcome.value)
        if status == "timeout":
            if limit == iso.time_limit:
                why = f"the grader ran over its {limit:g}s time limit (worker replaced)"
            else:
                why = "the grader ran into the invocation deadline (worker replaced)"
            return self._failed("timeout", why), None
        if status == "error" and outcome.error.startswith(_UNREADABLE):
            return self._failed("bad_score", outcome.error), None
        what = {"crash": "the grader's worker process died", "memory": "memory limit reached"}
        return self._failed("grader_exception", what.get(status, outcome.error)), None

    def _accept(self, rid: WireId, value: Any) -> tuple[Reward, dict[str, Any] | None]:
        """Check and render what a grader returned; never raises.

        Returns the reward and its wire entry, or an error reward (``bad_score`` for anything
        that is not a finite number or a well-formed Reward, ``bad_metric`` for metrics that
        cannot go on the wire) and None.
        """
        # Fast path: a Reward with a float score, a str-or-None rule and a tuple of flags.
        if (
            type(value) is Reward
            and type(value.score) is float
            and value.score - value.score == 0.0
            and (value.rule is None or type(value.rule) is str)
            and type(value.errors) is tuple
        ):
            reward = value
            for flag in reward.errors:
                if type(flag) is not str:
                    return self._failed("bad_score", f"Reward.errors holds {flag!r:.60}"), None
        else:
            try:
                reward = to_reward(value)
                why = _malformed(reward)
            except GraderError as exc:
                return self._failed("bad_score", exc), None
            except Exception as exc:  # a hostile Reward subclass or number type
                return self._failed("bad_score", exc), None
            if why:
                return self._failed("bad_score", why), None
        try:
            return reward, render_result(rid, reward)
        except Exception as exc:  # GraderError, or a hostile metric's own exception
            return self._failed("bad_metric", exc), None

    def _failed(self, code: str, exc: BaseException | str) -> Reward:
        if isinstance(exc, BaseException):
            try:
                detail = f"{type(exc).__name__}: {exc}"
            except Exception:  # an exception whose __str__ raises
                detail = type(exc).__name__
        else:
            detail = exc
        return error_reward(code, self.error_score, detail[:_DETAIL_LIMIT])

    def grade_event(self, event: Any, context: Any = None) -> GradedBatch:
        """Grade one event and return the response with the rewards behind it.

        Example:
            >>> from rftkit.rewards.registry import grader
            >>> @grader(register=False)
            ... def has_four():
            ...     return lambda s: float("4" in s.completion)
            >>> h = make_handler(has_four(), log_sink=lambda line: None)
            >>> batch = h.grade_event([{"id": "a", "messages": [
            ...     {"role": "assistant", "content": "#### 4"}], "reference_answer": "4"}])
            >>> batch.response[0]["aggregate_reward_score"], batch.rewards[0].score
            (1.0, 1.0)

        Raises:
            ContractError: the event itself is malformed.
        """
        started = time.perf_counter()
        parsed = parse_event(event, require_reference=self.require_reference)
        samples = parsed.samples
        problems = parsed.problems
        n = len(samples)
        request_id = getattr(context, "aws_request_id", None)
        acc = _Tally(self, request_id)
        budget = self._budget(context)
        with deadline_scope(budget):
            if self.grader.concurrency > 1 and n - len(problems) > 1:
                rewards, out = self._grade_pool(parsed, budget, acc)
            elif self._isolation is not None:
                rewards, out = self._grade_isolated(parsed, budget, acc)
            else:
                rewards, out = self._grade_serial(parsed, budget, acc)

        cut = fit_response(out)
        duration_ms = (time.perf_counter() - started) * 1000.0
        n_errors = sum(acc.errors.values())
        mean = acc.total / n
        if mean - mean != 0.0:  # scores near the float limit overflowed the sum
            mean = math.fsum(r.score / n for r in rewards)
        summary: dict[str, Any] = {
            "message": "graded batch",
            "grader": self.grader.name,
            "request_id": request_id,
            "samples": n,
            "errors": n_errors,
            "error_codes": acc.errors,
            "reward_mean": mean,
            "duration_ms": round(duration_ms, 3),
            "rules": _bounded_counts(acc.rules),
            "flags": _bounded_counts(acc.flags),
        }
        if self._isolation is not None:
            summary["isolated"] = True
        if cut:
            summary["metrics_cut"] = cut
            self._log(
                "WARNING",
                {
                    "message": "response too large: metrics cut",
                    "results_cut": cut,
                    "grader": self.grader.name,
                    "request_id": request_id,
                },
            )
        self._log("INFO", summary)
        if self.emit_metrics:
            self._emit_metrics(n, n_errors, mean, duration_ms)
        return GradedBatch(out, rewards, parsed, duration_ms, summary)

    def _problem_reward(self, found: list[SampleProblem]) -> Reward:
        first = found[0]
        return error_reward(first.code, self.error_score, f"{first.path}: {first.message}")

    def _grade_serial(
        self, parsed: ParsedEvent, budget: float | None, acc: _Tally
    ) -> tuple[list[Reward], list[dict[str, Any]]]:
        # The Lambda's hot path: one pass, grading, rendering and counting each sample.
        impl = self.grader.impl
        accept = self._accept
        samples = parsed.samples
        ids = parsed.ids
        problems = parsed.problems
        deadline = None if budget is None else time.monotonic() + budget
        monotonic = time.monotonic
        rewards: list[Reward] = []
        out: list[dict[str, Any]] = []
        keep_reward = rewards.append
        keep_result = out.append
        rules = acc.rules
        total = 0.0
        for i, sample in enumerate(samples):
            rid = ids[i]
            if problems and i in problems:
                reward = self._problem_reward(problems[i])
            elif deadline is not None and monotonic() > deadline:
                reward = self._failed("timeout", "invocation deadline reached before grading")
            else:
                try:
                    value = impl(sample)
                except (Exception, SystemExit) as exc:
                    reward = self._failed("grader_exception", exc)
                else:
                    # _accept's fast path, inlined: most graders return a well-formed Reward.
                    rendered = None
                    if (
                        type(value) is Reward
                        and type(value.score) is float
                        and value.score - value.score == 0.0
                        and type(value.errors) is tuple
                        and (value.rule is None or type(value.rule) is str)
                        and (not value.errors or _all_str(value.errors))
                    ):
                        reward = value
                        try:
                            rendered = render_result(rid, reward)
                        except Exception as exc:  # GraderError, or a hostile metric's own
                            reward = self._failed("bad_metric", exc)
                    else:
                        reward, rendered = accept(rid, value)
                    if rendered is not None:
                        keep_reward(reward)
                        keep_result(rendered)
                        total += reward.score
                        rule = reward.rule
                        if rule is not None:
                            rules[rule] = rules.get(rule, 0) + 1
                        if reward.errors:
                            acc.flag(reward)
                        continue
            # Not graded: an error reward, whose metrics are known to be wire-safe.
            keep_reward(reward)
            keep_result(render_result(rid, reward))
            total += reward.score
            acc.error(i, rid, reward)
        acc.total += total
        return rewards, out

    def _grade_isolated(
        self, parsed: ParsedEvent, budget: float | None, acc: _Tally
    ) -> tuple[list[Reward], list[dict[str, Any]]]:
        # Serial, each sample in the worker under min(time limit, time to the deadline).
        iso = self._isolation
        assert iso is not None
        samples = parsed.samples
        ids = parsed.ids
        problems = parsed.problems
        deadline = None if budget is None else time.monotonic() + budget
        rewards: list[Reward] = []
        out: list[dict[str, Any]] = []
        for i, sample in enumerate(samples):
            rid = ids[i]
            rendered: dict[str, Any] | None
            if i in problems:
                reward, rendered = self._problem_reward(problems[i]), None
            else:
                reward, rendered = self._grade_in_worker(iso, rid, sample, deadline)
            self._count(acc, i, rid, reward, rendered, rewards=rewards, out=out)
        return rewards, out

    def _count(
        self,
        acc: _Tally,
        i: int,
        rid: WireId,
        reward: Reward,
        rendered: dict[str, Any] | None,
        *,
        rewards: list[Reward],
        out: list[dict[str, Any]],
    ) -> None:
        graded = rendered is not None
        if rendered is None:
            rendered = render_result(rid, reward)
        rewards.append(reward)
        out.append(rendered)
        acc.total += reward.score
        if graded:
            if reward.rule is not None:
                acc.rules[reward.rule] = acc.rules.get(reward.rule, 0) + 1
            if reward.errors:
                acc.flag(reward)
        else:
            acc.error(i, rid, reward)

    def _grade_pool(
        self, parsed: ParsedEvent, budget: float | None, acc: _Tally
    ) -> tuple[list[Reward], list[dict[str, Any]]]:
        # Imported here: only I/O-bound graders need threads, and the import costs cold start.
        from concurrent.futures import ThreadPoolExecutor, wait

        samples = parsed.samples
        problems = parsed.problems
        todo = [i for i in range(len(samples)) if i not in problems]
        results: dict[int, tuple[Reward, dict[str, Any] | None]] = {}
        workers = min(self.grader.concurrency, len(todo))
        deadline = None if budget is None else time.monotonic() + budget
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rftkit-grade")
        futures: dict[Future[tuple[Reward, dict[str, Any] | None]], int] = {}
        ids = parsed.ids
        try:
            for i in todo:
                # One context copy per task: a Context cannot be entered by two threads at once,
                # and the copy carries the deadline set by deadline_scope into the worker.
                ctx = contextvars.copy_context()
                futures[pool.submit(ctx.run, self._grade_one, ids[i], samples[i], deadline)] = i
            # Isolated calls end by the deadline themselves: a moment's grace lets the last
            # ones report their own timeout rather than race this wait.
            grace = _POOL_GRACE_S if self._isolation is not None else 0.0
            done, _ = wait(futures, timeout=None if budget is None else budget + grace)
        finally:
            # Do not wait for stragglers: their samples get the timeout score below.
            pool.shutdown(wait=False, cancel_futures=True)
        for future, i in futures.items():
            if future in done:
                results[i] = future.result()
            else:
                results[i] = (
                    self._failed("timeout", "not graded before the invocation deadline"),
                    None,
                )
        rewards: list[Reward] = []
        out: list[dict[str, Any]] = []
        for i in range(len(samples)):
            rid = ids[i]
            rendered: dict[str, Any] | None
            if i in problems:
                reward, rendered = self._problem_reward(problems[i]), None
            else:
                reward, rendered = results[i]
            self._count(acc, i, rid, reward, rendered, rewards=rewards, out=out)
        return rewards, out

    def _emit_metrics(self, n: int, n_errors: int, mean: float, duration_ms: float) -> None:
        record = {
            "_aws": {
                "Timestamp": int(time.time() * 1000),
                "CloudWatchMetrics": [
                    {
                        "Namespace": self.metrics_namespace,
                        "Dimensions": [["Grader"]],
                        "Metrics": [
                            {"Name": "RewardMean", "Unit": "None"},
                            {"Name": "Samples", "Unit": "Count"},
                            {"Name": "Errors", "Unit": "Count"},
                            {"Name": "Duration", "Unit": "Milliseconds"},
                        ],
                    }
                ],
            },
            "Grader": self.grader.name,
            "RewardMean": mean,
            "Samples": n,
            "Errors": n_errors,
            "Duration": round(duration_ms, 3),
        }
        try:
            self._sink(json.dumps(record, allow_nan=False))
        except Exception:  # as for log lines: metrics are lost, never the batch
            return


def _positive_seconds(value: Any, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise UsageError(f"{what} must be a number of seconds, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f"{what} must be a number of seconds, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise UsageError(f"{what} must be a positive number of seconds, got {value!r}")
    return float(value)


def _isolation_for(
    bound: BoundGrader,
    isolate: bool | None,
    time_limit: float | None,
    memory_mb: int | None,
) -> Isolation | None:
    """Decide whether (and how) to run ``bound`` in worker processes; start them if so.

    Explicit arguments win, then ``RFTKIT_ISOLATE`` / ``RFTKIT_TIME_LIMIT`` /
    ``RFTKIT_WORKER_MEMORY_MB``, then the grader's own ``isolate`` / ``time_limit``
    attributes; by default graders that are not rftkit built-ins are isolated.
    """
    impl = bound.impl
    explicit_limit = time_limit is not None
    if time_limit is None:
        env = os.environ.get("RFTKIT_TIME_LIMIT", "").strip()
        time_limit = _positive_seconds(env or getattr(impl, "time_limit", None), "time_limit")
    else:
        time_limit = _positive_seconds(time_limit, "time_limit")
    if isolate is None:
        env = os.environ.get("RFTKIT_ISOLATE", "").strip().lower()
        if env:
            isolate = env in {"1", "true", "yes", "on"}
        else:
            attr = getattr(impl, "isolate", None)
            isolate = (
                bool(attr)
                if attr is not None
                else time_limit is not None or not bound.spec.target.startswith(_BUILTIN_PREFIX)
            )
    if not isolate:
        if explicit_limit:
            raise UsageError(
                "a time_limit needs isolate=True: only a worker process can be stopped mid-sample"
            )
        return None
    if memory_mb is None:
        env = os.environ.get("RFTKIT_WORKER_MEMORY_MB", "").strip()
        try:
            memory_mb = int(env) if env else _DEFAULT_WORKER_MEMORY_MB
        except ValueError:
            raise UsageError(f"RFTKIT_WORKER_MEMORY_MB must be an integer, got {env!r}") from None
    if not hasattr(os, "fork"):
        return None  # no worker processes on this platform: graded in-process
    from rftkit.harness.isolation import Isolation  # only isolated graders need it

    iso = Isolation(impl, bound.concurrency, time_limit, memory_mb)
    try:
        iso.start()
    except RuntimeError:
        iso.close()
        return None
    return iso


class _Tally:
    """Per-invocation counters, and the log line of each sample that was not graded."""

    __slots__ = ("errors", "flags", "handler", "request_id", "rules", "total")

    def __init__(self, handler: Handler, request_id: Any) -> None:
        self.handler = handler
        self.request_id = request_id
        self.errors: dict[str, int] = {}
        self.rules: dict[str, int] = {}
        self.flags: dict[str, int] = {}
        self.total = 0.0

    def flag(self, reward: Reward) -> None:
        flags = self.flags
        for flag in reward.errors[:_FLAGS_PER_SAMPLE]:
            if flag in flags or len(flags) < _DISTINCT_LIMIT:
                flags[flag] = flags.get(flag, 0) + 1

    def error(self, index: int, rid: Any, reward: Reward) -> None:
        code = reward.errors[0]
        self.errors[code] = self.errors.get(code, 0) + 1
        self.handler._log(
            "ERROR",
            {
                "message": "sample not graded",
                "error": code,
                "index": index,
                "id": _jsonable(rid),
                "detail": reward.explanation,
                "grader": self.handler.grader.name,
                "request_id": self.request_id,
            },
        )


def _bounded_counts(counts: dict[str, int]) -> dict[str, int]:
    """Counts for the summary line, with over-long names cut (their counts merged)."""
    if all(len(k) <= _NAME_LIMIT for k in counts):
        return counts
    out: dict[str, int] = {}
    for key, n in counts.items():
        short = key[:_NAME_LIMIT]
        out[short] = out.get(short, 0) + n
    return out


def _all_str(flags: tuple[Any, ...]) -> bool:
    # A plain loop: all() over a generator costs the hot path a generator per sample.
    for flag in flags:  # noqa: SIM110
        if type(flag) is not str:
            return False
    return True


def _malformed(reward: Reward) -> str:
    """Why a Reward (with a finite score) cannot be reported, or "" when it can."""
    rule = reward.rule
    if rule is not None and type(rule) is not str:
        return f"Reward.rule must be a string or None, got {type(rule).__name__}"
    errors: Any = reward.errors  # Any: a grader may have put anything there
    if type(errors) is list:
        errors = reward.errors = tuple(errors)
    if type(errors) is not tuple or any(type(e) is not str for e in errors):
        return f"Reward.errors must be a tuple of strings, got {errors!r:.60}"
    return ""


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def make_handler(
    grader: str | GraderSpec | BoundGrader | GraderFactory,
    /,
    *,
    error_score: float = 0.0,
    emit_metrics: bool | None = None,
    deadline_margin_s: float = _DEFAULT_MARGIN_S,
    require_reference: bool = True,
    log_sink: LogSink | None = None,
    isolate: bool | None = None,
    time_limit: float | None = None,
    worker_memory_mb: int | None = None,
    **grader_args: Any,
) -> Handler:
    """Build the reward-Lambda handler ``(event, context) -> list[dict]`` for one grader.

    Args:
        grader: a grader name or path (``"gsm8k"``, ``"pkg.mod:factory"``,
            ``"graders.py:factory"``), a :class:`~rftkit.rewards.types.GraderSpec` (what a
            bundle bakes in), a ready :class:`~rftkit.rewards.registry.BoundGrader`, or a
            grader factory.
        error_score: the score given to samples that cannot be graded (malformed sample,
            grader exception, non-finite score, timeout). Must be finite.
        emit_metrics: also write CloudWatch embedded-metric-format lines; None reads the
            ``RFTKIT_EMIT_METRICS`` environment variable.
        deadline_margin_s: seconds kept back from the Lambda's remaining time for rendering
            and returning (at least half the remaining time is always left to grading).
        require_reference: treat samples without ``reference_answer`` as malformed; turn off
            for graders that need no reference.
        log_sink: where JSON log lines go (default: stdout, which Lambda ships to CloudWatch).
        isolate: grade in worker processes forked from this one, so that a sample that
            overruns its time limit (or the invocation deadline) is stopped, its worker
            killed and replaced, and the sample scored ``timeout``. None (the default)
            reads ``RFTKIT_ISOLATE``, then the grader's ``isolate`` attribute, and otherwise
            isolates every grader that is not an rftkit built-in.
        time_limit: hard limit in seconds per sample for an isolated grader (None: only the
            invocation deadline); None reads ``RFTKIT_TIME_LIMIT``, then the grader's
            ``time_limit`` attribute. A time limit implies ``isolate``.
        worker_memory_mb: address space each worker may add (default
            ``RFTKIT_WORKER_MEMORY_MB`` or 1024; 0: no cap).
        **grader_args: arguments for the grader factory (only with a name, path or factory).

    Returns:
        The handler; calling it never raises for bad samples, only for a malformed event.

    Raises:
        UsageError: bad arguments (grader arguments next to a spec or bound grader, a
            non-finite error score, an unsupported grader type).
        GraderNotFoundError: no grader by that name.

    Example:
        >>> from rftkit.rewards.registry import grader
        >>> @grader(register=False)
        ... def length_ok(limit: int = 10):
        ...     return lambda s: float(len(s.completion) <= limit)
        >>> handler = make_handler(length_ok, limit=5, log_sink=lambda line: None)
        >>> handler([{"id": "x", "messages": [{"role": "assistant", "content": "short"}],
        ...           "reference_answer": ""}], None)
        [{'id': 'x', 'aggregate_reward_score': 1.0, 'metrics_list': []}]
    """
    if isinstance(error_score, bool) or not isinstance(error_score, int | float):
        raise UsageError(f"error_score must be a number, got {error_score!r}")
    if float(error_score) - float(error_score) != 0.0:
        raise UsageError(f"error_score must be finite, got {error_score!r}")
    if not (math.isfinite(deadline_margin_s) and deadline_margin_s >= 0):
        raise UsageError(f"deadline_margin_s must be >= 0, got {deadline_margin_s!r}")
    bound: BoundGrader
    if isinstance(grader, BoundGrader | GraderSpec | Mapping) and grader_args:
        raise UsageError(
            "grader arguments can only be given with a grader name or factory",
            hint="a GraderSpec or a bound grader already carries its arguments",
        )
    if isinstance(grader, BoundGrader):
        bound = grader
    elif isinstance(grader, GraderSpec):
        bound = load_spec(grader)
    elif isinstance(grader, GraderFactory):
        bound = grader.create(grader_args)
    elif isinstance(grader, str):
        bound = load_grader(grader, **grader_args)
    else:
        raise UsageError(
            f"cannot build a handler from {type(grader).__name__}",
            hint="pass a grader name, a GraderSpec, a grader factory or a bound grader",
        )
    if emit_metrics is None:
        emit_metrics = _env_flag("RFTKIT_EMIT_METRICS")
    isolation = _isolation_for(bound, isolate, time_limit, worker_memory_mb)
    return Handler(
        bound,
        error_score=float(error_score),
        emit_metrics=emit_metrics,
        deadline_margin_s=float(deadline_margin_s),
        require_reference=require_reference,
        log_sink=log_sink,
        isolation=isolation,
    )
