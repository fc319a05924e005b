"""A Converse endpoint on 127.0.0.1 for tests, benchmarks and offline demos.

It speaks enough of the Bedrock Runtime REST-JSON protocol for boto3's ``converse``: ``POST
/model/{modelId}/converse`` answered with a Converse response, or an error with the
``x-amzn-ErrorType`` header botocore reads. Point the judge at it with ``endpoint_url`` (and
fake credentials in the environment: the server never checks the signature).

Standard library only.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["FakeResponse", "LoopbackConverse", "error", "reply"]


@dataclass(frozen=True, slots=True)
class FakeResponse:
    """One HTTP answer of the fake endpoint."""

    status: int
    body: dict[str, Any]
    error_type: str | None = None
    delay: float = 0.0


def reply(text: str, *, input_tokens: int = 100, output_tokens: int = 20) -> FakeResponse:
    """A successful Converse answer whose message text is ``text``.

    Example:
        >>> reply('{"score": 7}').body["output"]["message"]["content"]
        [{'text': '{"score": 7}'}]
    """
    return FakeResponse(
        200,
        {
            "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
            "stopReason": "end_turn",
            "usage": {
                "inputTokens": input_tokens,
                "outputTokens": output_tokens,
                "totalTokens": input_tokens + output_tokens,
            },
            "metrics": {"latencyMs": 1},
        },
    )


def error(code: str, status: int, message: str = "simulated") -> FakeResponse:
    """An error answer, e.g. ``error("ThrottlingException", 429)``.

    Example:
        >>> error("AccessDeniedException", 403).error_type
        'AccessDeniedException'
    """
    return FakeResponse(status, {"message": message}, error_type=code)


Responder = Callable[[str, dict[str, Any]], FakeResponse]
"""Decides the answer from the model id and the decoded request body."""


def _default_responder(model_id: str, body: dict[str, Any]) -> FakeResponse:
    return reply('{"reasoning": "Looks right.", "score": 7}')


@dataclass
class _State:
    responder: Responder
    delay: float
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, as botocore's connection pool expects; one buffered write per answer and no
    # Nagle delay, so the fake adds no latency of its own to the simulated model time.
    protocol_version = "HTTP/1.1"
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    state: _State

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests and benchmarks read stdout

    def _send(self, answer: FakeResponse) -> None:
        payload = json.dumps(answer.body).encode("utf-8")
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        if answer.error_type:
            self.send_header("x-amzn-ErrorType", answer.error_type)
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        parts = self.path.split("/")
        if len(parts) != 4 or parts[1] != "model" or parts[3] != "converse":
            self._send(error("UnknownOperationException", 404, f"no route {self.path}"))
            return
        model_id = urllib.parse.unquote(parts[2])
        try:
            body = json.loads(raw)
        except ValueError:
            self._send(error("ValidationException", 400, "body is not JSON"))
            return
        state = self.state
        with state.lock:
            state.requests.append((model_id, body))
        answer = state.responder(model_id, body)
        pause = answer.delay or state.delay
        if pause:
            time.sleep(pause)
        self._send(answer)


class LoopbackConverse:
    """A threaded fake Converse endpoint; use as a context manager.

    Args:
        responder: decides each answer (default: a valid verdict with score 7).
        delay: seconds to wait before every answer (simulated model latency).

    Example:
        >>> with LoopbackConverse() as server:
        ...     server.url.startswith("http://127.0.0.1:")
        True
    """

    def __init__(self, responder: Responder | None = None, *, delay: float = 0.0) -> None:
        self.state = _State(responder or _default_responder, delay)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The ``endpoint_url`` to give boto3 or the judge."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[tuple[str, dict[str, Any]]]:
        """Every request received so far, as ``(model_id, body)``."""
        with self.state.lock:
            return list(self.state.requests)

    def start(self) -> LoopbackConverse:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the port."""
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> LoopbackConverse:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
