"""OpenRLHF's remote reward, served by an rftkit grader through the reward-Lambda handler.

OpenRLHF asks for rewards in one of two ways (``--remote_rm_url``):

* an HTTP URL: it POSTs ``{"query": [...], "prompts": [...], "labels": [...]}`` and reads
  ``rewards``, ``scores`` and ``extra_logs`` from the JSON answer (``rftkit serve``);
* a ``.py`` file: it loads the file and calls its ``reward_func(queries, prompts, labels)``
  (this module is such a file; the grader comes from ``RFTKIT_GRADER``).

Both go through :func:`grade_openrlhf`: each query becomes one Bedrock-shaped sample (the
prompt as the user message, the query after its prompt as the assistant reply, the label as
``reference_answer``) and the batch is graded by :class:`rftkit.harness.handler.Handler`,
with the Lambda's time limits, isolation and concurrency, so the scores are the Lambda's.

A query that does not start with its prompt (a prompt cut to ``max_prompt_len`` from the
left, a tokenizer that does not round-trip the prompt) gets the error score and the metrics
``error`` and ``error_prompt_mismatch`` unless ``on_mismatch="whole"``, which grades the
whole query: the prompt may hold example answers that a grader would reward.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

from rftkit.errors import UsageError
from rftkit.harness.contract import (
    ERROR_METRIC,
    error_reward,
    render_result,
    result_metrics,
    result_score,
)
from rftkit.harness.handler import Handler, make_handler

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "MetricNames",
    "ProtocolError",
    "grade_openrlhf",
    "parse_request",
    "response_text",
    "reward_func",
]

DEFAULT_TIMEOUT_S = 120.0
"""Seconds a batch may take by default: below OpenRLHF's 180 s client timeout."""

_MAX_METRIC_NAMES = 64  # as many as the handler keeps per result
_GRACE_S = 2.0  # time past the deadline for the handler to render its timeout results
_MISMATCH_MODES = ("error", "whole")


class ProtocolError(ValueError):
    """A request that does not follow OpenRLHF's protocol (HTTP 400)."""


def parse_request(body: Any, *, max_batch: int) -> tuple[list[str], list[str] | None, list[Any]]:
    """``(queries, prompts or None, labels)`` of a decoded request body.

    ``query`` is required (a list of strings, or one string); ``prompts`` (strings) and
    ``labels`` (any JSON values) are optional and, when given, as long as ``query``.

    Raises:
        ProtocolError: the body does not follow the protocol; the message says why.

    Example:
        >>> parse_request({"query": ["p a"], "prompts": ["p "], "labels": ["a"]}, max_batch=8)
        (['p a'], ['p '], ['a'])
    """
    if not isinstance(body, dict):
        raise ProtocolError(f"the body must be a JSON object, got {_json_type(body)}")
    queries = _str_list(body, "query")
    if queries is None:
        raise ProtocolError("the body has no 'query' list")
    if len(queries) > max_batch:
        raise ProtocolError(f"{len(queries)} queries in one request; the limit is {max_batch}")
    prompts = _str_list(body, "prompts")
    if prompts is not None and len(prompts) != len(queries):
        raise ProtocolError(f"{len(prompts)} prompts for {len(queries)} queries")
    raw = body.get("labels")
    labels: list[Any]
    if raw is None:
        labels = [None] * len(queries)
    elif isinstance(raw, list):
        labels = raw
    elif len(queries) == 1:
        labels = [raw]
    else:
        raise ProtocolError(f"'labels' must be a list, got {_json_type(raw)}")
    if len(labels) != len(queries):
        raise ProtocolError(f"{len(labels)} labels for {len(queries)} queries")
    return queries, prompts, labels


def _str_list(body: dict[str, Any], key: str) -> list[str] | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ProtocolError(f"'{key}' must be a list of strings, got {_json_type(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise ProtocolError(f"'{key}'[{i}] must be a string, got {_json_type(item)}")
    return value


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    for t, name in names.items():
        if isinstance(value, t):
            return name
    return "a number" if isinstance(value, int | float) else type(value).__name__


def response_text(query: str, prompt: str | None) -> str | None:
    """The model's response: ``query`` after its ``prompt``; None when it does not start so.

    Example:
        >>> response_text("Q: 2+2? A: #### 4", "Q: 2+2? A: ")
        '#### 4'
        >>> response_text("truncated prompt A: 4", "Q: long prompt A: ") is None
        True
    """
    if prompt is None:
        return query
    return query[len(prompt) :] if query.startswith(prompt) else None


class MetricNames:
    """The metric names reported so far, so every answer carries the same ``extra_logs`` keys.

    OpenRLHF merges ``extra_logs`` over requests (one sample each in its current executor):
    a key missing from some answers would misalign its logs. The first ``limit`` names seen
    are kept; a sample without one of them reports 0.0 for it. ``error`` is always present.
    """

    def __init__(self, limit: int = _MAX_METRIC_NAMES) -> None:
        self._names: dict[str, None] = {ERROR_METRIC: None}
        self._limit = limit + 1
        self._lock = threading.Lock()

    def update(self, results: Sequence[dict[str, Any]]) -> list[str]:
        """Add the names of these results (up to the limit); return all names, in order."""
        with self._lock:
            names = self._names
            for result in results:
                for m in result_metrics(result) or ():
                    name = m.get("name")
                    if name not in names and len(names) < self._limit:
                        names[name] = None
            return list(names)


class _Context:
    """The Lambda context the handler reads its deadline from."""

    __slots__ = ("_deadline", "aws_request_id")

    def __init__(self, request_id: str | None, seconds: float) -> None:
        self.aws_request_id = request_id
        self._deadline = time.monotonic() + seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _grade_all(
    handler: Handler,
    queries: Sequence[str],
    prompts: Sequence[str] | None,
    labels: Sequence[Any],
    *,
    timeout_s: float,
    request_id: str | None,
    on_mismatch: str,
) -> list[dict[str, Any]]:
    results: list[dict[str, Any] | None] = [None] * len(queries)
    event: list[dict[str, Any]] = []
    where: list[int] = []
    for i, query in enumerate(queries):
        prompt = prompts[i] if prompts is not None else None
        text = response_text(query, prompt)
        if text is None:
            if on_mismatch != "whole":
                why = "the query does not start with its prompt"
                results[i] = render_result(
                    str(i), error_reward("prompt_mismatch", handler.error_score, why)
                )
                continue
            text = query
        messages = [{"role": "user", "content": prompt}] if prompt else []
        messages.append({"role": "assistant", "content": text})
        meta = {} if labels[i] is None else {"reference_answer": labels[i]}
        event.append({"id": str(i), "messages": messages, "metadata": meta})
        where.append(i)
    if event:
        graded = handler.grade_event(event, _Context(request_id, timeout_s)).response
        for i, result in zip(where, graded, strict=True):
            results[i] = result
    return [r for r in results if r is not None]


def _timed_out(handler: Handler, n: int) -> list[dict[str, Any]]:
    why = "the batch was not graded in time (grader still running)"
    reward = error_reward("timeout", handler.error_score, why)
    return [render_result(str(i), reward) for i in range(n)]


def grade_openrlhf(
    handler: Handler,
    queries: Sequence[str],
    prompts: Sequence[str] | None,
    labels: Sequence[Any] | None,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    request_id: str | None = None,
    on_mismatch: str = "error",
    names: MetricNames | None = None,
) -> dict[str, Any]:
    """Grade OpenRLHF's queries; returns ``{"rewards", "scores", "extra_logs"}``.

    Every query gets exactly one reward, in order, within ``timeout_s`` (plus a moment to
    render): samples the handler cannot grade in time get the timeout error score, and a
    grader that does not return at all (one running in this process cannot be stopped) is
    left running in a daemon thread while every sample of the batch gets the timeout score.

    Args:
        handler: the reward-Lambda handler (:func:`rftkit.harness.handler.make_handler`).
        queries: prompt + response texts.
        prompts: the prompts (None: the whole query is the response).
        labels: the references (None: no reference).
        timeout_s: the time the handler sees as its Lambda deadline.
        request_id: echoed in the handler's log lines.
        on_mismatch: ``"error"`` (default) or ``"whole"`` for a query that does not start
            with its prompt (see the module docstring).
        names: the metric names seen so far, shared between calls.

    Returns:
        ``scores`` equal ``rewards`` (the grader's score); ``extra_logs`` maps each metric
        name to one value per query (0.0 where a sample lacks it) and always has ``error``.
    """
    if on_mismatch not in _MISMATCH_MODES:
        raise UsageError(f"on_mismatch must be 'error' or 'whole', got {on_mismatch!r}")
    n = len(queries)
    if labels is None:
        labels = [None] * n
    if (prompts is not None and len(prompts) != n) or len(labels) != n:
        raise ValueError("queries, prompts and labels must have the same length")
    if n == 0:
        return {"rewards": [], "scores": [], "extra_logs": {}}
    box: list[list[dict[str, Any]]] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            box.append(
                _grade_all(
                    handler,
                    queries,
                    prompts,
                    labels,
                    timeout_s=timeout_s,
                    request_id=request_id,
                    on_mismatch=on_mismatch,
                )
            )
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="rftkit-openrlhf", daemon=True)
    worker.start()
    worker.join(timeout_s + _GRACE_S)
    if failure:
        raise failure[0]
    results = box[0] if box else _timed_out(handler, n)
    return _to_openrlhf(results, names or MetricNames())


def _to_openrlhf(results: list[dict[str, Any]], names: MetricNames) -> dict[str, Any]:
    rewards = [result_score(r) or 0.0 for r in results]  # the handler's scores are finite
    order = names.update(results)
    logs: dict[str, list[float]] = {name: [0.0] * len(results) for name in order}
    for i, result in enumerate(results):
        for m in result_metrics(result) or ():
            column = logs.get(m["name"])
            if column is not None:
                column[i] = float(m["value"])
    return {"rewards": rewards, "scores": list(rewards), "extra_logs": logs}


# -- the `.py` form: reward_func ---------------------------------------------------------------

_state: dict[str, Any] = {}
_state_lock = threading.Lock()


def _env_handler() -> tuple[Handler, MetricNames]:
    with _state_lock:
        if "handler" not in _state:
            import json

            ref = os.environ.get("RFTKIT_GRADER", "").strip()
            if not ref:
                raise UsageError(
                    "RFTKIT_GRADER is not set",
                    hint="export RFTKIT_GRADER=gsm8k (and RFTKIT_GRADER_ARGS='{...}' if needed)",
                )
            raw = os.environ.get("RFTKIT_GRADER_ARGS", "").strip()
            try:
                args = json.loads(raw) if raw else {}
            except ValueError as exc:
                raise UsageError(f"RFTKIT_GRADER_ARGS is not valid JSON: {exc}") from None
            if not isinstance(args, dict):
                raise UsageError("RFTKIT_GRADER_ARGS must be a JSON object")
            _state["handler"] = make_handler(ref, log_sink=_stderr_line, **args)
            _state["names"] = MetricNames()
        return _state["handler"], _state["names"]


def _stderr_line(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        return


def _env_seconds() -> float:
    raw = os.environ.get("RFTKIT_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"RFTKIT_TIMEOUT must be a number of seconds, got {raw!r}") from None
    if not 0 < value < float("inf"):
        raise UsageError(f"RFTKIT_TIMEOUT must be a positive number of seconds, got {raw!r}")
    return value


def reward_func(
    queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any], **kwargs: Any
) -> dict[str, Any]:
    """OpenRLHF's ``.py`` remote reward: ``--remote_rm_url path/to/this/file.py``.

    OpenRLHF's ``SingleTurnAgentExecutor`` loads the file and calls
    ``reward_func(queries, prompts, labels)`` in a thread (``asyncio.to_thread``), then reads
    ``rewards``, ``scores`` and ``extra_logs`` of the returned dict. The grader is
    ``RFTKIT_GRADER`` with the JSON object ``RFTKIT_GRADER_ARGS`` as its arguments, built on
    the first call; ``RFTKIT_TIMEOUT`` (seconds, default 120) bounds one call;
    ``RFTKIT_ON_PROMPT_MISMATCH`` is ``error`` (default) or ``whole``. Extra keyword
    arguments OpenRLHF may pass (``metas``) are ignored.

    The values are plain lists of floats; when ``torch`` is already imported (it always is
    inside OpenRLHF) they are ``torch.tensor`` s, which every OpenRLHF version accepts
    (older ones ``torch.cat`` them).
    """
    handler, names = _env_handler()
    out = grade_openrlhf(
        handler,
        list(queries),
        list(prompts) if prompts is not None else None,
        list(labels) if labels is not None else None,
        timeout_s=_env_seconds(),
        on_mismatch=os.environ.get("RFTKIT_ON_PROMPT_MISMATCH", "error").strip() or "error",
        names=names,
    )
    torch = sys.modules.get("torch")
    if torch is None:
        return out
    tensor = torch.tensor
    return {
        "rewards": tensor(out["rewards"]),
        "scores": tensor(out["scores"]),
        "extra_logs": {k: tensor(v) for k, v in out["extra_logs"].items()},
    }
