"""Invoke a deployed reward Lambda: the :class:`~rftkit.harness.invoke.Invoker` for AWS.

:class:`LambdaInvoker` sends one Bedrock-shaped event per call with ``lambda.invoke``
(``RequestResponse``) and maps the answer to an :class:`~rftkit.harness.invoke.InvokeResult`:
a function error (``FunctionError`` set, e.g. an unhandled exception or a timeout) becomes
``InvokeResult.error`` with Lambda's own ``errorType``/``errorMessage``; an error of the Lambda
API itself (throttling after retries, a missing function, a payload over 6 MB) becomes an error
too, with the API's error code as ``errorType``, so one failed call never aborts a replay.

boto3 is imported when the invoker is created, never at module import.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from rftkit.harness.invoke import InvokeResult

__all__ = ["LambdaInvoker"]

# Lambda may run for 900 s; the socket must outlive the function, or a slow grader would be
# reported as a network failure.
_READ_TIMEOUT_S = 910


class LambdaInvoker:
    """Invoke a deployed function with one event and wait for its answer.

    One invoker is safe to share between threads (boto3 clients are thread-safe); its
    connection pool holds ``max_connections`` connections, so set it to at least the
    replay's concurrency.

    Args:
        function_name: the function's name or ARN.
        region: the AWS region (default: boto3's configuration).
        endpoint_url: a different Lambda endpoint (a local emulator).
        qualifier: a version or alias to invoke (default: ``$LATEST``, or the ARN's own).
        client: a ready boto3 Lambda client (tests inject a stubbed one).
        max_connections: size of the connection pool of the client this invoker creates.

    Example:
        >>> inv = LambdaInvoker("gsm8k-reward", qualifier="live")  # doctest: +SKIP
        >>> inv.invoke([{"id": "1", "messages": [...]}]).payload  # doctest: +SKIP
        [{'id': '1', 'aggregate_reward_score': 1.0, ...}]
    """

    def __init__(
        self,
        function_name: str,
        *,
        region: str | None = None,
        endpoint_url: str | None = None,
        qualifier: str | None = None,
        client: Any = None,
        max_connections: int = 64,
    ) -> None:
        self.function_name = function_name
        self.qualifier = qualifier
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.session.Session().client(
                "lambda",
                region_name=region,
                endpoint_url=endpoint_url,
                config=Config(
                    read_timeout=_READ_TIMEOUT_S,
                    connect_timeout=10,
                    retries={"mode": "standard", "max_attempts": 5},
                    max_pool_connections=max(1, max_connections),
                ),
            )
        self.client = client

    def invoke(self, event: Any) -> InvokeResult:
        """Invoke once with ``event`` and wait for the result (never raises for AWS errors).

        Example:
            >>> LambdaInvoker("f", client=object()).invoke(float("nan")).error["errorType"]
            'InvalidRequestContentException'
        """
        try:
            body = json.dumps(event, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            return InvokeResult(
                error={
                    "errorType": "InvalidRequestContentException",
                    "errorMessage": f"event is not valid JSON: {exc}",
                }
            )
        params: dict[str, Any] = {
            "FunctionName": self.function_name,
            "InvocationType": "RequestResponse",
            "LogType": "Tail",
            "Payload": body,
        }
        if self.qualifier:
            params["Qualifier"] = self.qualifier
        from botocore.exceptions import BotoCoreError, ClientError

        start = time.perf_counter()
        try:
            response = self.client.invoke(**params)
            raw = response["Payload"].read()
        except ClientError as exc:
            err = exc.response.get("Error", {})
            return InvokeResult(
                error={
                    "errorType": str(err.get("Code") or "ClientError"),
                    "errorMessage": str(err.get("Message") or exc),
                },
                duration_ms=(time.perf_counter() - start) * 1000,
            )
        except BotoCoreError as exc:
            return InvokeResult(
                error={"errorType": type(exc).__name__, "errorMessage": str(exc)},
                duration_ms=(time.perf_counter() - start) * 1000,
            )
        duration_ms = (time.perf_counter() - start) * 1000
        logs = _decode_logs(response.get("LogResult"))
        function_error = response.get("FunctionError")
        if function_error:
            return InvokeResult(
                error=_error_object(raw, str(function_error)),
                duration_ms=duration_ms,
                logs=logs,
            )
        try:
            payload = json.loads(raw) if raw else None
        except ValueError as exc:
            return InvokeResult(
                error={
                    "errorType": "InvalidResponseJSON",
                    "errorMessage": f"the function returned invalid JSON: {exc}",
                },
                duration_ms=duration_ms,
                logs=logs,
            )
        return InvokeResult(payload=payload, duration_ms=duration_ms, logs=logs)

    def close(self) -> None:
        """Close the client's connections."""
        close = getattr(self.client, "close", None)
        if callable(close):
            close()

    def __repr__(self) -> str:
        q = f":{self.qualifier}" if self.qualifier else ""
        return f"<LambdaInvoker {self.function_name}{q}>"


def _error_object(raw: bytes, function_error: str) -> dict[str, Any]:
    """Lambda's error payload, e.g. ``{"errorType": ..., "errorMessage": ...}``."""
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        data = None
    if isinstance(data, dict) and data:
        error = dict(data)
        error.setdefault("errorType", function_error)
        error.setdefault("errorMessage", "")
        return error
    text = raw.decode("utf-8", "replace") if raw else ""
    return {"errorType": function_error, "errorMessage": text[:4096]}


def _decode_logs(log_result: object) -> list[str]:
    """The tail of the invocation's log (Lambda sends its last 4 KB, base64-encoded)."""
    if not isinstance(log_result, str) or not log_result:
        return []
    try:
        text = base64.b64decode(log_result).decode("utf-8", "replace")
    except ValueError:
        return []
    return text.splitlines()
