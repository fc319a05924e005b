"""``rftkit serve``: a grader behind OpenRLHF's remote reward protocol, over HTTP.

``POST /get_reward`` with ``{"query": [...], "prompts": [...], "labels": [...]}`` answers
``{"rewards": [...], "scores": [...], "extra_logs": {"<metric>": [...]}}`` (see
:mod:`rftkit.integrations.openrlhf`); ``GET /health`` answers ``{"status": "ok", ...}``.

Standard library only (:class:`http.server.ThreadingHTTPServer`). Every well-formed request
gets 200 with one reward per query, including the error score for samples that cannot be
graded; a malformed one gets 400 (413 when too large, 404/405 for a wrong path or method)
with ``{"error": "..."}``. Requests in flight are bounded (``--max-concurrent``; a request
that waits longer than ``--timeout`` for its turn gets the timeout score). SIGTERM or SIGINT
stops accepting, lets requests in flight finish (up to ``--drain-timeout`` seconds) and
exits 0. One JSON access-log line per request goes to stderr, beside the handler's lines.
"""

from __future__ import annotations

import argparse
import itertools
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rftkit.cli._common import add_config_arg, add_grader_args, choose_grader, grader_errors
from rftkit.errors import UsageError

__all__ = ["RewardServer", "ServeLimits", "register"]

_EPILOG = """\
examples:
  rftkit serve --grader gsm8k --port 8000
  rftkit serve --grader numeric --arg rel_tol=0.01 --max-batch 1024

then train with OpenRLHF:  --remote_rm_url http://127.0.0.1:8000/get_reward
"""


class ServeLimits:
    """Bounds of one server: body size, batch length, time per batch, requests in flight."""

    __slots__ = (
        "drain_timeout_s",
        "max_batch",
        "max_body",
        "max_concurrent",
        "read_timeout_s",
        "timeout_s",
    )

    def __init__(
        self,
        *,
        max_body: int = 32 * 1024 * 1024,
        max_batch: int = 4096,
        timeout_s: float = 120.0,
        max_concurrent: int = 64,
        drain_timeout_s: float = 30.0,
        read_timeout_s: float = 60.0,
    ) -> None:
        self.max_body = max_body
        self.read_timeout_s = read_timeout_s
        self.max_batch = max_batch
        self.timeout_s = timeout_s
        self.max_concurrent = max_concurrent
        self.drain_timeout_s = drain_timeout_s


class _Logger:
    """JSON lines on stderr, one writer at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def line(self, text: str) -> None:
        with self._lock:
            try:
                sys.stderr.write(text + "\n")
                sys.stderr.flush()
            except (OSError, ValueError):
                return

    def record(self, level: str, record: dict[str, Any]) -> None:
        self.line(json.dumps({"level": level, "logger": "rftkit.serve", **record}, default=repr))


class RewardServer(ThreadingHTTPServer):
    """The HTTP server; ``handler`` is a :class:`~rftkit.harness.handler.Handler`."""

    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        handler: Any,
        limits: ServeLimits,
        *,
        on_mismatch: str = "error",
        log: _Logger | None = None,
    ) -> None:
        from rftkit.integrations.openrlhf import MetricNames

        self.handler = handler
        self.limits = limits
        self.on_mismatch = on_mismatch
        self.log = log or _Logger()
        self.names = MetricNames()
        self.slots = threading.BoundedSemaphore(limits.max_concurrent)
        self._in_flight = 0
        self._idle = threading.Condition()
        self._ids = itertools.count(1)
        super().__init__(address, _RequestHandler)

    def next_id(self) -> str:
        return f"req-{next(self._ids)}"

    def enter(self) -> None:
        with self._idle:
            self._in_flight += 1

    def leave(self) -> None:
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def drain(self, timeout_s: float) -> bool:
        """Wait until no request is in flight (at most ``timeout_s``); True when idle."""
        deadline = time.monotonic() + timeout_s
        with self._idle:
            while self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True


_ANSWERED = object()  # a request whose error answer is sent (a JSON body may be null)


class _RequestHandler(BaseHTTPRequestHandler):
    server: RewardServer
    server_version = "rftkit-serve"

    def setup(self) -> None:
        # Seconds a client may take to send its request: a stalled body ends here (408).
        super().setup()
        self.connection.settimeout(self.server.limits.read_timeout_s)

    def log_message(self, format: str, *args: Any) -> None:
        return  # access lines are JSON, written by _access

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def _access(self, status: int, started: float, **extra: Any) -> None:
        self.server.log.record(
            "INFO" if status < 400 else "WARNING",
            {
                "message": "request",
                "method": self.command,
                "path": self.path[:200],
                "status": status,
                "client": self.client_address[0],
                "duration_ms": round((time.perf_counter() - started) * 1000.0, 3),
                **extra,
            },
        )

    def _fail(self, status: int, message: str, started: float) -> None:
        try:
            self._send(status, {"error": message})
        finally:
            self._access(status, started, error=message[:300])

    def do_GET(self) -> None:
        started = time.perf_counter()
        if self.path.split("?", 1)[0] != "/health":
            if self.path.split("?", 1)[0] == "/get_reward":
                self._fail(405, "use POST /get_reward", started)
            else:
                self._fail(404, "not found", started)
            return
        handler = self.server.handler
        body = {
            "status": "ok",
            "grader": handler.grader.name,
            "isolated": handler.isolated,
            "in_flight": self.server.in_flight,
        }
        self._send(200, body)
        self._access(200, started)

    def do_POST(self) -> None:
        started = time.perf_counter()
        if self.path.split("?", 1)[0] != "/get_reward":
            status = 405 if self.path.split("?", 1)[0] == "/health" else 404
            self._fail(status, "not found" if status == 404 else "use GET /health", started)
            return
        self.server.enter()
        try:
            self._reward(started)
        finally:
            self.server.leave()

    def _body(self, started: float) -> Any:
        """The decoded JSON body, or ``_ANSWERED`` after answering the error."""
        limits = self.server.limits
        if self.headers.get("Transfer-Encoding"):
            self._fail(411, "send the body with a Content-Length (no chunked encoding)", started)
            return _ANSWERED
        raw_length = self.headers.get("Content-Length")
        try:
            length = int(raw_length) if raw_length is not None else -1
        except ValueError:
            length = -1
        if length < 0:
            self._fail(411, "a Content-Length header is required", started)
            return _ANSWERED
        if length > limits.max_body:
            self._fail(413, f"body of {length} bytes; the limit is {limits.max_body}", started)
            return _ANSWERED
        try:
            data = self.rfile.read(length)
        except TimeoutError:
            self._fail(408, "the body did not arrive in time", started)
            return _ANSWERED
        if len(data) != length:
            self._fail(400, "the body ended before its Content-Length", started)
            return _ANSWERED
        try:
            return json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            self._fail(400, "the body is not UTF-8 text", started)
        except json.JSONDecodeError as exc:
            self._fail(400, f"the body is not JSON: {exc.msg} (char {exc.pos})", started)
        except RecursionError:
            self._fail(400, "the body is nested too deeply", started)
        return _ANSWERED

    def _reward(self, started: float) -> None:
        from rftkit.integrations.openrlhf import ProtocolError, grade_openrlhf, parse_request

        server = self.server
        body = self._body(started)
        if body is _ANSWERED:
            return
        try:
            queries, prompts, labels = parse_request(body, max_batch=server.limits.max_batch)
        except ProtocolError as exc:
            status = 413 if "the limit is" in str(exc) else 400
            self._fail(status, str(exc), started)
            return
        request_id = server.next_id()
        timeout_s = server.limits.timeout_s
        got_slot = server.slots.acquire(timeout=timeout_s)
        try:
            left = timeout_s - (time.perf_counter() - started)
            if not got_slot or left <= 0:
                answer = _all_timeout(server, len(queries))
            else:
                answer = grade_openrlhf(
                    server.handler,
                    queries,
                    prompts,
                    labels,
                    timeout_s=left,
                    request_id=request_id,
                    on_mismatch=server.on_mismatch,
                    names=server.names,
                )
        except Exception as exc:  # never a 500 the trainer turns into a missing reward
            server.log.record(
                "ERROR",
                {"message": "batch failed", "request_id": request_id, "error": repr(exc)[:500]},
            )
            answer = _all_error(server, len(queries), exc)
        finally:
            if got_slot:
                server.slots.release()
        self._send(200, answer)
        errors = answer["extra_logs"].get("error") or []
        self._access(
            200, started, request_id=request_id, samples=len(queries), errors=int(sum(errors))
        )


def _all_timeout(server: RewardServer, n: int) -> dict[str, Any]:
    from rftkit.harness.contract import error_reward, render_result
    from rftkit.integrations.openrlhf import _to_openrlhf

    reward = error_reward("timeout", server.handler.error_score, "no grading slot in time")
    return _to_openrlhf([render_result(str(i), reward) for i in range(n)], server.names)


def _all_error(server: RewardServer, n: int, exc: Exception) -> dict[str, Any]:
    from rftkit.harness.contract import error_reward, render_result
    from rftkit.integrations.openrlhf import _to_openrlhf

    reward = error_reward("grader_exception", server.handler.error_score, repr(exc)[:500])
    return _to_openrlhf([render_result(str(i), reward) for i in range(n)], server.names)


def register(subparsers: Any) -> None:
    """Add ``rftkit serve``."""
    parser = subparsers.add_parser(
        "serve",
        help="serve a grader over HTTP with OpenRLHF's remote reward protocol",
        description=(
            "Serve a grader over HTTP: POST /get_reward takes OpenRLHF's\n"
            '{"query": [...], "prompts": [...], "labels": [...]} and answers\n'
            '{"rewards": [...], "scores": [...], "extra_logs": {...}}; GET /health.\n'
            "Grading goes through the reward-Lambda handler (same scores, time limits and\n"
            "isolation). Stop it with SIGTERM or Ctrl-C: requests in flight finish first."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--grader",
        "-g",
        metavar="NAME",
        help="grader name, module:factory or path/to/file.py:factory (default: the "
        "configured grader of [tool.rftkit], else gsm8k)",
    )
    add_grader_args(parser)
    add_config_arg(parser)
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1 only)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default 8000; 0: any free)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        metavar="S",
        help="seconds one request may take, as the Lambda's timeout (default 120, under "
        "OpenRLHF's 180 s client timeout); samples not graded by then get the error score",
    )
    parser.add_argument(
        "--max-body-mb",
        type=float,
        default=32.0,
        metavar="MB",
        help="largest request body in MiB (default 32); larger ones get 413",
    )
    parser.add_argument(
        "--max-batch",
        type=int,
        default=4096,
        metavar="N",
        help="most queries in one request (default 4096); more get 413",
    )
    parser.add_argument(
        "--max-concurrent",
        type=int,
        default=64,
        metavar="N",
        help="requests graded at once (default 64); others wait their turn",
    )
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="on SIGTERM/SIGINT, seconds to let requests in flight finish (default 30)",
    )
    parser.add_argument(
        "--error-score",
        type=float,
        default=0.0,
        metavar="X",
        help="score of samples that cannot be graded (default 0)",
    )
    parser.add_argument(
        "--no-reference-required",
        action="store_true",
        help="grade samples without a label (for graders that need no reference)",
    )
    parser.add_argument(
        "--on-prompt-mismatch",
        choices=("error", "whole"),
        default="error",
        help="a query that does not start with its prompt: give it the error score "
        "(default) or grade the whole query",
    )
    parser.set_defaults(func=run)


def _check(args: argparse.Namespace) -> ServeLimits:
    def positive(value: float, flag: str) -> None:
        if not (value > 0 and value != float("inf")):
            raise UsageError(f"{flag} must be a positive number, got {value}")

    positive(args.timeout, "--timeout")
    positive(args.max_body_mb, "--max-body-mb")
    positive(args.drain_timeout, "--drain-timeout")
    if args.max_batch < 1:
        raise UsageError(f"--max-batch must be at least 1, got {args.max_batch}")
    if args.max_concurrent < 1:
        raise UsageError(f"--max-concurrent must be at least 1, got {args.max_concurrent}")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be 0-65535, got {args.port}")
    if args.error_score != args.error_score or abs(args.error_score) == float("inf"):
        raise UsageError(f"--error-score must be finite, got {args.error_score}")
    return ServeLimits(
        max_body=int(args.max_body_mb * 1024 * 1024),
        max_batch=args.max_batch,
        timeout_s=args.timeout,
        max_concurrent=args.max_concurrent,
        drain_timeout_s=args.drain_timeout,
    )


def run(args: argparse.Namespace) -> int:
    """Entry point of ``rftkit serve``."""
    from rftkit.harness.handler import make_handler

    limits = _check(args)
    log = _Logger()
    choice = choose_grader(args)
    # Built before any thread starts: an isolated grader forks its workers here.
    with grader_errors(choice):
        handler = make_handler(
            choice.ref,
            error_score=args.error_score,
            require_reference=not args.no_reference_required,
            log_sink=log.line,
            **choice.args,
        )
    try:
        try:
            server = RewardServer(
                (args.host, args.port),
                handler,
                limits,
                on_mismatch=args.on_prompt_mismatch,
                log=log,
            )
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
                hint="pick another --port (0 takes any free one)",
            ) from None
        return _serve(server, limits, log)
    finally:
        handler.close()


def _serve(server: RewardServer, limits: ServeLimits, log: _Logger) -> int:
    stopping = threading.Event()

    def stop(signum: int, frame: Any) -> None:
        if stopping.is_set():
            return
        stopping.set()
        log.record("INFO", {"message": "stopping", "signal": signal.Signals(signum).name})
        # shutdown() waits for serve_forever to return: not from the thread running it.
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    host, port = str(server.server_address[0]), int(server.server_address[1])
    log.record(
        "INFO",
        {
            "message": "listening",
            "url": f"http://{host}:{port}/get_reward",
            "grader": server.handler.grader.name,
            "isolated": server.handler.isolated,
            "timeout_s": limits.timeout_s,
            "max_body": limits.max_body,
            "max_batch": limits.max_batch,
            "max_concurrent": limits.max_concurrent,
        },
    )
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    drained = server.drain(limits.drain_timeout_s)
    server.server_close()
    log.record("INFO", {"message": "stopped", "drained": drained, "in_flight": server.in_flight})
    return 0
