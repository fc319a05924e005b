"""The Lambda Runtime API (``/2018-06-01/runtime``) served on 127.0.0.1 to one runtime process."""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
"""Lambda's limit on a synchronous invocation's request and response payloads."""


_API = "/2018-06-01/runtime"


@dataclass(slots=True)
class _Invocation:
    request_id: str
    body: bytes
    timeout_s: float
    function_arn: str
    submitted_at: float = field(default_factory=time.perf_counter)
    handed_out_at: float | None = None
    deadline_ms: int = 0
    payload: bytes | None = None
    error: dict[str, Any] | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def finish(self, *, payload: bytes | None = None, error: dict[str, Any] | None = None) -> bool:
        if self.done.is_set():
            return False
        self.payload, self.error = payload, error
        self.done.set()
        return True


def _error_doc(body: bytes, error_type: str | None) -> dict[str, Any]:
    """Lambda's error object from a runtime's error post (JSON, or free text as a fallback)."""
    doc: dict[str, Any]
    try:
        parsed = json.loads(body) if body else {}
        doc = parsed if isinstance(parsed, dict) else {"errorMessage": str(parsed)}
    except ValueError:
        doc = {"errorMessage": body.decode("utf-8", "replace")}
    if not doc.get("errorType"):
        doc["errorType"] = error_type or "Runtime.Unknown"
    doc.setdefault("errorMessage", "")
    return doc


class _Broker:
    """What the Runtime API server and :class:`LocalLambda` share for one sandbox."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.queue: deque[_Invocation] = deque()
        self.by_id: dict[str, _Invocation] = {}
        self.init_error: dict[str, Any] | None = None
        self.first_next_at: float | None = None
        self.closed = False

    def submit(self, inv: _Invocation) -> None:
        with self.cond:
            self.by_id[inv.request_id] = inv
            self.queue.append(inv)
            self.cond.notify_all()

    def next_invocation(self) -> _Invocation | None:
        with self.cond:
            if self.first_next_at is None:
                self.first_next_at = time.perf_counter()
            while not self.queue and not self.closed:
                self.cond.wait()
            if self.closed:
                return None
            inv = self.queue.popleft()
            inv.handed_out_at = time.perf_counter()
            inv.deadline_ms = int(time.time() * 1000 + inv.timeout_s * 1000)
            return inv

    def init_failed(self, doc: dict[str, Any]) -> None:
        with self.cond:
            self.init_error = doc
            while self.queue:
                self.queue.popleft().finish(error=doc)

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()


class _RuntimeAPIServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, broker: _Broker) -> None:
        self.broker = broker
        super().__init__(("127.0.0.1", 0), _RuntimeAPIHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a runtime process dies mid-request (killed on timeout, or exited)."""


_RESPONSE_PATH = re.compile(re.escape(_API) + r"/invocation/([A-Za-z0-9-]{1,64})/(response|error)")


class _RuntimeAPIHandler(BaseHTTPRequestHandler):
    """The subset of the Lambda Runtime API a runtime client uses (HTTP/1.1, keep-alive)."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the second waits for the client's
    # delayed ACK (40 ms on Linux) and every warm invocation would pay it.
    disable_nagle_algorithm = True
    server: _RuntimeAPIServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default per-request access log."""

    def _send(self, status: int, body: bytes, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if not headers or "Content-Type" not in headers:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, status: int, doc: Mapping[str, Any]) -> None:
        self._send(status, json.dumps(doc).encode())

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def do_GET(self) -> None:
        """``GET /invocation/next``: long-poll for the next event."""
        if self.path != f"{_API}/invocation/next":
            self._send_json(404, {"errorType": "NotFound", "errorMessage": self.path})
            return
        inv = self.server.broker.next_invocation()
        if inv is None:
            self.close_connection = True
            self._send_json(410, {"errorType": "SandboxClosed", "errorMessage": "shutting down"})
            return
        trace = f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)};Parent="
        trace += f"{secrets.token_hex(8)};Sampled=0"
        self._send(
            200,
            inv.body,
            {
                "Content-Type": "application/json",
                "Lambda-Runtime-Aws-Request-Id": inv.request_id,
                "Lambda-Runtime-Deadline-Ms": str(inv.deadline_ms),
                "Lambda-Runtime-Invoked-Function-Arn": inv.function_arn,
                "Lambda-Runtime-Trace-Id": trace,
            },
        )

    def do_POST(self) -> None:
        """Responses, invocation errors and init errors."""
        broker = self.server.broker
        body = self._read_body()
        error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
        if self.path == f"{_API}/init/error":
            broker.init_failed(_error_doc(body, error_type))
            self._send_json(202, {"status": "OK"})
            return
        match = _RESPONSE_PATH.fullmatch(self.path)
        if match is None:
            self._send_json(404, {"errorType": "NotFound", "errorMessage": self.path})
            return
        with broker.cond:
            inv = broker.by_id.get(match.group(1))
        if inv is None or inv.handed_out_at is None:
            self._send_json(400, {"errorType": "InvalidRequestID", "errorMessage": "unknown id"})
            return
        if match.group(2) == "error":
            ok = inv.finish(error=_error_doc(body, error_type))
        elif len(body) > MAX_PAYLOAD_BYTES:
            inv.finish(
                error={
                    "errorType": "Function.ResponseSizeTooLarge",
                    "errorMessage": "Response payload size exceeded maximum allowed payload "
                    f"size ({MAX_PAYLOAD_BYTES} bytes).",
                }
            )
            self._send_json(413, {"errorType": "RequestEntityTooLarge", "errorMessage": ""})
            return
        else:
            ok = inv.finish(payload=body)
        if not ok:
            self._send_json(
                403, {"errorType": "InvalidStateTransition", "errorMessage": "already done"}
            )
            return
        self._send_json(202, {"status": "OK"})
