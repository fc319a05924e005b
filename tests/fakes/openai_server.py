"""A loopback fake of the part of the OpenAI-compatible API that rftkit uses.

Bedrock's OpenAI-compatible endpoint (``bedrock-mantle``) is stood in for by a stdlib
``ThreadingHTTPServer`` on 127.0.0.1 with an ephemeral port. It implements:

* ``POST /v1/files`` (multipart, ``purpose``) ;
* ``POST /v1/fine_tuning/jobs``, ``GET /v1/fine_tuning/jobs`` (``after``/``limit``),
  ``GET /v1/fine_tuning/jobs/{id}``, ``POST /v1/fine_tuning/jobs/{id}/cancel``;
* ``GET /v1/fine_tuning/jobs/{id}/events`` and ``.../checkpoints`` (``after``/``limit``,
  newest first like OpenAI, or oldest first with ``event_order="asc"``);
* ``POST /v1/chat/completions``.

Every request is recorded (method, path, query, headers, JSON body or multipart fields) so
tests assert exact bodies. Jobs progress deterministically: each ``GET`` of a job advances
it one tick (validating_files -> queued -> running, one metrics event per step -> succeeded),
following a :class:`JobScript` that can also fail the job at a step. A bearer token outside
``tokens`` gets a 401; :meth:`FakeOpenAIServer.fail_next` injects error statuses.

Usage::

    with FakeOpenAIServer(tokens={"good"}) as server:
        client = OpenAI(base_url=server.base_url, api_key="good")
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

__all__ = ["FakeOpenAIServer", "JobScript", "Recorded"]

Reply = Callable[[str, list[dict[str, Any]]], str]


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


@dataclass
class JobScript:
    """How a created job will progress, one tick per ``GET`` of the job.

    ``rewards[i]`` is ``critic_rewards_mean`` at step ``i + 1`` (default: a rising line).
    ``fail_at_step`` fails the job when that step is reached, with ``failure_message``.
    """

    total_steps: int = 4
    rewards: Sequence[float] | None = None
    fail_at_step: int | None = None
    failure_message: str = "The reward function returned an error for 3 consecutive invocations"
    checkpoint_every: int = 2

    def reward(self, step: int) -> float:
        if self.rewards is not None:
            return float(self.rewards[(step - 1) % len(self.rewards)])
        return round(0.2 + 0.6 * (step - 1) / max(1, self.total_steps - 1), 6)


@dataclass
class _Job:
    id: str
    model: str
    training_file: str
    body: dict[str, Any]
    created_at: int
    script: JobScript
    status: str = "validating_files"
    step: int = 0
    fine_tuned_model: str | None = None
    error: dict[str, Any] | None = None
    finished_at: int | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        method = self.body.get("method")
        return {
            "id": self.id,
            "object": "fine_tuning.job",
            "created_at": self.created_at,
            "error": self.error,
            "fine_tuned_model": self.fine_tuned_model,
            "finished_at": self.finished_at,
            "hyperparameters": {},
            "model": self.model,
            "organization_id": "org-rftkit-fake",
            "result_files": [],
            "seed": 42,
            "status": self.status,
            "trained_tokens": None,
            "training_file": self.training_file,
            "validation_file": self.body.get("validation_file"),
            "method": method,
        }


class FakeOpenAIServer:
    """The fake endpoint. Use as a context manager, or call :meth:`start` / :meth:`stop`.

    Args:
        tokens: bearer tokens accepted (None accepts any non-empty token).
        script: how new jobs progress.
        event_order: ``"desc"`` lists events newest first (OpenAI), ``"asc"`` oldest first.
        reply: ``reply(model, messages) -> str`` for chat completions.
    """

    def __init__(
        self,
        *,
        tokens: Collection[str] | None = None,
        script: JobScript | None = None,
        event_order: Literal["asc", "desc"] = "desc",
        reply: Reply | None = None,
    ) -> None:
        self.tokens = None if tokens is None else set(tokens)
        self.script = script or JobScript()
        self.event_order = event_order
        self.reply: Reply = reply or (lambda model, messages: f"echo: {messages[-1]['content']}")
        self.requests: list[Recorded] = []
        self.files: dict[str, dict[str, Any]] = {}
        self.file_bytes: dict[str, bytes] = {}
        self.jobs: dict[str, _Job] = {}
        self._lock = threading.RLock()
        self._ids = itertools.count(1)
        self._clock = itertools.count(1_760_000_000)
        self._failures: list[tuple[int, str, str | None]] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        handler = _make_handler(self)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        httpd = self._httpd
        self._thread = threading.Thread(
            target=lambda: httpd.serve_forever(poll_interval=0.05), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    # -- test controls --------------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        message: str = "injected failure",
        *,
        count: int = 1,
        path: str | None = None,
    ) -> None:
        """Answer the next ``count`` requests (to paths containing ``path``) with ``status``."""
        with self._lock:
            self._failures.extend([(status, message, path)] * count)

    def recorded(self, method: str, path_suffix: str) -> list[Recorded]:
        """Requests with this method whose path ends with ``path_suffix``."""
        with self._lock:
            return [r for r in self.requests if r.method == method and r.path.endswith(path_suffix)]

    def add_job(self, model: str = "openai.gpt-oss-20b", *, script: JobScript | None = None) -> str:
        """Create a job directly (as if created earlier); returns its id."""
        with self._lock:
            file_id = self._new_file("train.jsonl", b"{}\n")
            job = self._new_job({"model": model, "training_file": file_id}, script)
            return job.id

    def advance(self, job_id: str, ticks: int = 1) -> None:
        """Move a job forward without a GET (e.g. to make it finish before a test)."""
        with self._lock:
            for _ in range(ticks):
                self._tick(self.jobs[job_id])

    # -- state ----------------------------------------------------------------------------------

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids):06d}"

    def _now(self) -> int:
        return next(self._clock)

    def _new_file(self, filename: str, data: bytes, purpose: str = "fine-tune") -> str:
        file_id = self._next_id("file")
        self.files[file_id] = {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": self._now(),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }
        self.file_bytes[file_id] = data
        return file_id

    def _event(
        self, job: _Job, message: str, *, level: str = "info", data: dict[str, Any] | None = None
    ) -> None:
        job.events.append(
            {
                "id": self._next_id("ftevent"),
                "object": "fine_tuning.job.event",
                "created_at": self._now(),
                "level": level,
                "message": message,
                "data": data or {},
                "type": "metrics" if data and "step" in data else "message",
            }
        )

    def _new_job(self, body: dict[str, Any], script: JobScript | None = None) -> _Job:
        job = _Job(
            id=self._next_id("ftjob"),
            model=str(body["model"]),
            training_file=str(body["training_file"]),
            body=body,
            created_at=self._now(),
            script=script or self.script,
        )
        self.jobs[job.id] = job
        self._event(job, "Validating training file")
        return job

    def _tick(self, job: _Job) -> None:
        if job.status in {"succeeded", "failed", "cancelled"}:
            return
        if job.status == "validating_files":
            job.status = "queued"
            self._event(job, "Files validated, job queued")
            return
        if job.status == "queued":
            job.status = "running"
            self._event(job, "Training started")
            return
        job.step += 1
        script = job.script
        if script.fail_at_step is not None and job.step >= script.fail_at_step:
            job.status = "failed"
            job.error = {
                "code": "reward_function_error",
                "message": script.failure_message,
                "param": None,
            }
            job.finished_at = self._now()
            self._event(job, f"Job failed: {script.failure_message}", level="error")
            return
        reward = script.reward(job.step)
        self._event(
            job,
            f"Step {job.step}/{script.total_steps}",
            data={
                "step": job.step,
                "total_steps": script.total_steps,
                "critic_rewards_mean": reward,
                "actor_pg_loss": round(0.5 - reward / 2, 6),
                "actor_entropy": 0.9,
                "actor_grad_norm": 1.1,
                "critic_advantages_mean": 0.0,
                "response_length_mean": 210.0,
            },
        )
        if script.checkpoint_every and job.step % script.checkpoint_every == 0:
            job.checkpoints.append(
                {
                    "id": self._next_id("ftckpt"),
                    "object": "fine_tuning.job.checkpoint",
                    "created_at": self._now(),
                    "fine_tuned_model_checkpoint": (
                        f"{job.model}:ft:rftkit:{job.id}:ckpt-step-{job.step}"
                    ),
                    "fine_tuning_job_id": job.id,
                    "metrics": {"step": job.step},
                    "step_number": job.step,
                }
            )
        if job.step >= script.total_steps:
            job.status = "succeeded"
            job.fine_tuned_model = f"{job.model}:ft:rftkit:{job.id}"
            job.finished_at = self._now()
            self._event(job, "The job has successfully completed")

    # -- request handling -----------------------------------------------------------------------

    def _take_failure(self, path: str) -> tuple[int, str] | None:
        for i, (status, message, only) in enumerate(self._failures):
            if only is None or only in path:
                del self._failures[i]
                return status, message
        return None

    def handle(self, rec: Recorded) -> tuple[int, Any]:
        with self._lock:
            self.requests.append(rec)
            auth = rec.headers.get("authorization", "")
            token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else ""
            if not token or (self.tokens is not None and token not in self.tokens):
                return 401, _error(
                    "Invalid or expired API key", "invalid_api_key", "authentication_error"
                )
            failure = self._take_failure(rec.path)
            if failure is not None:
                return failure[0], _error(failure[1], "injected", "server_error")
            return self._route(rec)

    def _route(self, rec: Recorded) -> tuple[int, Any]:
        parts = [p for p in rec.path.split("/") if p]
        if not parts or parts[0] != "v1":
            return 404, _error(f"no route {rec.path}", "not_found")
        parts = parts[1:]
        m = rec.method
        if parts == ["files"] and m == "POST":
            return self._create_file(rec)
        if parts == ["chat", "completions"] and m == "POST":
            return self._chat(rec)
        if parts[:2] != ["fine_tuning", "jobs"]:
            return 404, _error(f"no route {rec.path}", "not_found")
        rest = parts[2:]
        if not rest:
            if m == "POST":
                return self._create_job(rec)
            return 200, _page([j.to_json() for j in reversed(self.jobs.values())], rec.query)
        job = self.jobs.get(rest[0])
        if job is None:
            return 404, _error(f"fine-tuning job {rest[0]} not found", "not_found")
        if len(rest) == 1 and m == "GET":
            self._tick(job)
            return 200, job.to_json()
        if rest[1:] == ["cancel"] and m == "POST":
            if job.status in {"succeeded", "failed", "cancelled"}:
                return 400, _error(f"job {job.id} has already {job.status}", "invalid_state")
            job.status = "cancelled"
            job.finished_at = self._now()
            self._event(job, "Job cancelled by user")
            return 200, job.to_json()
        if rest[1:] == ["events"] and m == "GET":
            events = job.events if self.event_order == "asc" else list(reversed(job.events))
            return 200, _page(events, rec.query)
        if rest[1:] == ["checkpoints"] and m == "GET":
            return 200, _page(list(reversed(job.checkpoints)), rec.query)
        return 404, _error(f"no route {m} {rec.path}", "not_found")

    def _create_file(self, rec: Recorded) -> tuple[int, Any]:
        if rec.form.get("purpose") != "fine-tune":
            return 400, _error(
                f"unsupported purpose {rec.form.get('purpose')!r}", "invalid_purpose"
            )
        if "file" not in rec.files:
            return 400, _error("missing file", "missing_file")
        filename, data = rec.files["file"]
        file_id = self._new_file(filename, data, rec.form["purpose"])
        return 200, self.files[file_id]

    def _create_job(self, rec: Recorded) -> tuple[int, Any]:
        body = rec.json
        if not isinstance(body, dict) or not body.get("model") or not body.get("training_file"):
            return 400, _error("model and training_file are required", "invalid_request")
        if body["training_file"] not in self.files:
            return 400, _error(f"file {body['training_file']} not found", "invalid_training_file")
        if "suffix" in body:
            return 400, _error("suffix is not supported", "unsupported_parameter")
        method = body.get("method")
        if not isinstance(method, dict) or method.get("type") != "reinforcement":
            return 400, _error("method.type must be reinforcement", "invalid_method")
        grader = method.get("reinforcement", {}).get("grader", {})
        if grader.get("type") != "lambda" or not grader.get("lambda", {}).get("function"):
            return 400, _error("a lambda grader is required", "invalid_grader")
        return 200, self._new_job(body).to_json()

    def _chat(self, rec: Recorded) -> tuple[int, Any]:
        body = rec.json if isinstance(rec.json, dict) else {}
        messages = body.get("messages")
        if not body.get("model") or not isinstance(messages, list) or not messages:
            return 400, _error("model and messages are required", "invalid_request")
        try:
            text = self.reply(str(body["model"]), messages)
        except LookupError as exc:
            return 404, _error(f"model not found: {exc}", "model_not_found")
        return 200, {
            "id": self._next_id("chatcmpl"),
            "object": "chat.completion",
            "created": self._now(),
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }


def _error(message: str, code: str, type_: str = "invalid_request_error") -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "code": code, "param": None}}


def _page(items: list[dict[str, Any]], query: dict[str, list[str]]) -> dict[str, Any]:
    after = query.get("after", [None])[0]
    limit = int(query.get("limit", ["20"])[0])
    start = 0
    if after is not None:
        ids = [item["id"] for item in items]
        start = ids.index(after) + 1 if after in ids else len(items)
    chunk = items[start : start + limit]
    return {"object": "list", "data": chunk, "has_more": start + limit < len(items)}


def _parse_multipart(
    content_type: str, body: bytes
) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    parser = email.parser.BytesParser(policy=email.policy.HTTP)
    message = parser.parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    form: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = (filename, payload)
        else:
            form[name] = payload.decode("utf-8")
    return form, files


def _make_handler(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def _serve(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            rec = Recorded(
                method=self.command,
                path=url.path,
                query=parse_qs(url.query),
                headers={k.lower(): v for k, v in self.headers.items()},
            )
            content_type = self.headers.get("content-type", "")
            if content_type.startswith("multipart/form-data"):
                rec.form, rec.files = _parse_multipart(content_type, raw)
            elif raw:
                try:
                    rec.json = json.loads(raw)
                except json.JSONDecodeError:
                    rec.json = None
            status, payload = server.handle(rec)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = _serve
        do_POST = _serve
        do_DELETE = _serve

    return Handler
