"""Calls to the Bedrock Converse API: one client, retries of our own, a clear error taxonomy.

boto3 (present in every Lambda Python runtime) is imported when the first client is made,
never at import time. botocore's own retries are switched off (one attempt per call) so the
retry policy here is the only one: exponential backoff with full jitter, bounded by a number
of attempts and by the invocation deadline (:func:`rftkit.rewards.deadline.remaining`).

Standard library only at import time.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rftkit.rewards import deadline

__all__ = [
    "ACCESS_CODES",
    "RETRYABLE_CODES",
    "Backoff",
    "CallFailure",
    "ConverseCaller",
    "JudgeReply",
    "make_client",
    "reply_from_response",
    "request_key",
]

RETRYABLE_CODES = frozenset(
    {
        "ThrottlingException",
        "ServiceUnavailableException",
        "ModelTimeoutException",
        "InternalServerException",
        "ModelNotReadyException",
        "TooManyRequestsException",
        "InternalFailure",
        "ServiceUnavailable",
    }
)
"""Error codes worth another attempt: the same request may well succeed a moment later."""

ACCESS_CODES = frozenset({"AccessDeniedException", "AccessDenied"})
"""Error codes meaning the function's role may not invoke the model: retrying cannot help."""

_CREDENTIAL_CODES = frozenset(
    {"UnrecognizedClientException", "ExpiredTokenException", "InvalidSignatureException"}
)


@dataclass(frozen=True, slots=True)
class JudgeReply:
    """The part of a Converse response the grader uses (and the replay file stores).

    Example:
        >>> JudgeReply("8", 120, 3).to_dict()
        {'text': '8', 'input_tokens': 120, 'output_tokens': 3, 'stop_reason': 'end_turn'}
    """

    text: str
    input_tokens: int = 0
    output_tokens: int = 0
    stop_reason: str = "end_turn"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "text": self.text,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "stop_reason": self.stop_reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JudgeReply:
        """Inverse of :meth:`to_dict`.

        Raises:
            ValueError: a field is missing or has the wrong type.
        """
        text = data.get("text")
        if not isinstance(text, str):
            raise ValueError("'text' must be a string")
        tokens = [data.get("input_tokens", 0), data.get("output_tokens", 0)]
        if not all(isinstance(t, int) and not isinstance(t, bool) for t in tokens):
            raise ValueError("token counts must be integers")
        stop = data.get("stop_reason", "end_turn")
        return cls(text, tokens[0], tokens[1], stop if isinstance(stop, str) else "end_turn")


@dataclass(frozen=True, slots=True)
class CallFailure:
    """Why a judge call produced no reply.

    ``flag`` is the machine-readable reason that lands in ``Reward.errors``:
    ``access_denied``, ``judge_unavailable`` (transient errors outlasted the attempts),
    ``timeout`` (the invocation deadline came first) or ``judge_error`` (anything else).
    """

    flag: str
    message: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Backoff:
    """How often and how long to retry transient errors.

    Attempt ``n`` (from 0) that fails is followed by a sleep drawn uniformly from
    ``[0, min(max_delay, base_delay * 2**n)]`` ("full jitter"), unless the invocation
    deadline would pass first.
    """

    max_attempts: int = 6
    base_delay: float = 0.25
    max_delay: float = 8.0

    def delay(self, attempt: int, rng: Callable[[], float]) -> float:
        """The sleep after failed attempt ``attempt`` (0-based)."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** min(attempt, 30))
        return ceiling * rng()


def request_key(request: Mapping[str, Any]) -> str:
    """A stable hash of a JSON object (the judge's cache and replay-file keys hash the inputs
    of a Converse request with it).

    Example:
        >>> request_key({"modelId": "m", "messages": []})[:12]
        '0ef07aa87515'
    """
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def reply_from_response(response: Mapping[str, Any]) -> JudgeReply:
    """Pull the text and token usage out of a Converse response.

    Text blocks are joined; reasoning blocks (``reasoningContent``) are skipped, because the
    verdict is in the text.

    Example:
        >>> reply_from_response({"output": {"message": {"role": "assistant", "content": [
        ...     {"text": '{"score": 9}'}]}}, "usage": {"inputTokens": 50, "outputTokens": 4},
        ...     "stopReason": "end_turn"}).text
        '{"score": 9}'
    """
    output = response.get("output")
    message = output.get("message") if isinstance(output, Mapping) else None
    content = message.get("content") if isinstance(message, Mapping) else None
    parts = []
    if isinstance(content, list):
        for block in content:
            if isinstance(block, Mapping) and isinstance(block.get("text"), str):
                parts.append(block["text"])
    usage = response.get("usage")
    usage = usage if isinstance(usage, Mapping) else {}
    input_tokens = usage.get("inputTokens", 0)
    output_tokens = usage.get("outputTokens", 0)
    stop = response.get("stopReason")
    return JudgeReply(
        "".join(parts),
        input_tokens if isinstance(input_tokens, int) else 0,
        output_tokens if isinstance(output_tokens, int) else 0,
        stop if isinstance(stop, str) else "end_turn",
    )


def make_client(
    *,
    region: str | None,
    endpoint_url: str | None,
    max_pool_connections: int,
    connect_timeout: float,
    read_timeout: float,
) -> Any:
    """A ``bedrock-runtime`` client of its own session, with botocore's retries off.

    A boto3 client is thread-safe (a session is not), so the grader makes one session and
    one client and shares the client between its worker threads. The connection pool is at
    least as large as the grader's concurrency so no thread waits for a connection.
    """
    import boto3
    from botocore.config import Config

    config = Config(
        retries={"total_max_attempts": 1, "mode": "standard"},
        max_pool_connections=max(10, max_pool_connections),
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        user_agent_extra="rftkit-judge",
    )
    session = boto3.session.Session()
    return session.client(
        "bedrock-runtime", region_name=region, endpoint_url=endpoint_url, config=config
    )


def _classify(exc: BaseException) -> tuple[str, str]:
    """``(kind, message)`` for an exception from a call; kind is retry, access, creds or fail."""
    from botocore import exceptions as bce

    if isinstance(exc, bce.ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        message = str(error.get("Message", "")) or str(exc)
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in ACCESS_CODES:
            return "access", message
        if code in _CREDENTIAL_CODES:
            return "creds", f"{code}: {message}"
        if code in RETRYABLE_CODES or status in (429, 500, 502, 503, 504):
            return "retry", f"{code or status}: {message}"
        return "fail", f"{code or status}: {message}"
    if isinstance(exc, bce.ConnectionError | bce.HTTPClientError):
        return "retry", f"{type(exc).__name__}: {exc}"
    if isinstance(exc, bce.NoCredentialsError):
        return "creds", "no AWS credentials found"
    if isinstance(exc, bce.NoRegionError):
        return "fail", "no AWS region: pass region= or set AWS_REGION"
    return "fail", f"{type(exc).__name__}: {exc}"


class ConverseCaller:
    """Makes Converse calls with retries; owns the one client of a grader.

    Args:
        model_id: the judge model, for error messages.
        client_factory: makes the client on first use (under a lock, once).
        policy: attempts and backoff.
        max_in_flight: the most calls in flight at once, whatever calls this object.
        resources: the IAM resources the role must allow, named in access errors.
        sleep: the sleep function (tests replace it).
        rng: a uniform [0, 1) source for the jitter (tests replace it).
    """

    def __init__(
        self,
        model_id: str,
        client_factory: Callable[[], Any],
        policy: Backoff,
        *,
        max_in_flight: int,
        resources: Sequence[str] = (),
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.model_id = model_id
        self.resources = tuple(resources)
        self.policy = policy
        self._client_factory = client_factory
        self._client: Any = None
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, max_in_flight))
        self.sleep = sleep
        self.rng = rng

    @property
    def client(self) -> Any:
        """The shared ``bedrock-runtime`` client, made on first use."""
        client = self._client
        if client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._client_factory()
                client = self._client
        return client

    @client.setter
    def client(self, value: Any) -> None:
        with self._lock:
            self._client = value

    def _access_message(self, detail: str) -> str:
        where = ", ".join(self.resources) or "this model"
        return (
            f"access denied calling model {self.model_id!r}: the function's role needs "
            f"bedrock:InvokeModel on {where} (and access to the model must be enabled in "
            f"Bedrock for the region). Bedrock said: {detail}"
        )

    def call(self, request: Mapping[str, Any]) -> tuple[JudgeReply, int] | CallFailure:
        """One judged request: ``(reply, attempts made)``, or why there is none. Never raises."""
        attempts = 0
        last = ""
        while attempts < self.policy.max_attempts:
            left = deadline.remaining()
            if left is not None and left <= 0:
                return CallFailure(
                    "timeout",
                    f"invocation deadline reached after {attempts} attempt(s)"
                    + (f"; last error {last}" if last else ""),
                    attempts,
                )
            attempts += 1
            try:
                client = self.client
                with self._slots:
                    response = client.converse(**request)
                return reply_from_response(response), attempts
            except Exception as exc:
                kind, detail = _classify(exc)
            if kind == "access":
                return CallFailure("access_denied", self._access_message(detail), attempts)
            if kind == "creds":
                return CallFailure(
                    "access_denied",
                    f"AWS rejected the credentials calling model {self.model_id!r}: {detail}",
                    attempts,
                )
            if kind == "fail":
                return CallFailure(
                    "judge_error", f"calling model {self.model_id!r} failed: {detail}", attempts
                )
            last = detail
            if attempts >= self.policy.max_attempts:
                break
            pause = self.policy.delay(attempts - 1, self.rng)
            left = deadline.remaining()
            if left is not None and pause >= left:
                return CallFailure(
                    "timeout",
                    f"invocation deadline would pass before retry {attempts + 1}; "
                    f"last error {last}",
                    attempts,
                )
            self.sleep(pause)
        return CallFailure(
            "judge_unavailable",
            f"model {self.model_id!r} still failing after {attempts} attempt(s): {last}",
            attempts,
        )
