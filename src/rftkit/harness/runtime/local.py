""":class:`LocalLambda`: a built bundle under the real Lambda runtime client on this machine.

See :mod:`rftkit.harness.runtime` for what is emulated and how.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from rftkit.errors import RuntimeClientError, UsageError
from rftkit.harness.invoke import InvokeResult
from rftkit.harness.runtime.api import MAX_PAYLOAD_BYTES, _Invocation
from rftkit.harness.runtime.install import _stderr_progress, ensure_aws_sdk, ensure_runtime_client
from rftkit.harness.runtime.interpreters import _check_version, _probe, find_interpreter, host_arch
from rftkit.harness.runtime.manifest import (
    DEFAULT_HANDLER,
    _extract,
    _refuse_other_python,
    read_bundle_manifest,
)
from rftkit.harness.runtime.sandbox import _peak_rss_mb, _Sandbox

DEFAULT_PYTHON = "3.12"
"""The Python version assumed for a zip that records none."""


INIT_TIMEOUT_S = 10.0
"""Lambda's limit on the init phase of an on-demand function."""


_POLL_S = 0.05


_FAKE_ACCOUNT = "000000000000"


_FAKE_REGION = "us-east-1"


class LocalLambda:
    """A built bundle running under the real Lambda runtime client on this machine.

    Implements :class:`rftkit.harness.invoke.Invoker`. A process (a sandbox) starts at the
    first invocation (a cold start) and stays warm; after a timeout or a crash the next
    invocation starts a fresh one, as Lambda does. With ``concurrency`` above 1, concurrent
    calls from several threads are served by up to that many sandboxes.

    Args:
        zip_path: the bundle (a Lambda deployment zip).
        python: ``"3.12"``, ``"3.13"``, ... or an interpreter path; default: the version the
            bundle records, else 3.12.
        handler: ``module.function``; default: the bundle's recorded handler, else
            ``rftkit.harness.lambda_entry.handler``.
        timeout_s: the function timeout (Lambda: 1 to 900 s).
        memory_mb: the memory size (Lambda: 128 to 10240 MB), enforced on the process's peak
            resident memory; None disables it.
        env: extra environment variables for the function.
        function_name: the name the function sees in its context.
        concurrency: how many sandboxes (processes) may serve invocations at once, like
            Lambda scaling out; each starts cold on first use.
        aws_sdk: put boto3 on the path after the bundle, as Lambda's Python runtime does
            (installed into the cache on first use). None: when the bundle's build record
            says its code imports the SDK without shipping it (``runtime_provided``).
        echo_logs: also pass each log line the function writes to this callable as it arrives.
        progress: where first-use installation messages go (default: stderr).

    Example:
        >>> with LocalLambda("dist/gsm8k-py3.12-x86_64.zip") as fn:  # doctest: +SKIP
        ...     result = fn.invoke([{"id": "1", "messages": [...], "reference_answer": "3"}])
        ...     result.payload[0]["aggregate_reward_score"]
        1.0

    Raises:
        RuntimeClientError: the bundle cannot be read, no interpreter of its Python version
            exists, or the runtime client cannot be installed.
    """

    def __init__(
        self,
        zip_path: Path | str,
        *,
        python: str | None = None,
        handler: str | None = None,
        timeout_s: float = 300,
        memory_mb: int | None = 512,
        env: Mapping[str, str] | None = None,
        function_name: str = "rftkit-local",
        concurrency: int = 1,
        aws_sdk: bool | None = None,
        echo_logs: Callable[[str], None] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.zip_path = Path(zip_path)
        # What the caller asked for is checked first: these are usage errors (exit 2).
        if not self.zip_path.is_file():
            raise UsageError(
                f"no such bundle: {self.zip_path}", hint="build one with `rftkit build`"
            )
        if not 0 < timeout_s <= 900:
            raise UsageError(f"timeout {timeout_s:g} s is outside Lambda's 1-900 s range")
        if concurrency < 1:
            raise UsageError(f"concurrency must be at least 1, got {concurrency}")
        if memory_mb is not None and not 128 <= memory_mb <= 10240:
            raise UsageError(f"memory {memory_mb} MB is outside Lambda's 128-10240 MB")
        manifest = read_bundle_manifest(self.zip_path)
        recorded = manifest.get("python")
        if python and recorded and not ("/" in python or os.sep in python):
            _refuse_other_python(self.zip_path, str(recorded), _check_version(python))
        self.manifest = manifest
        self.handler = handler or str(manifest.get("handler") or DEFAULT_HANDLER)
        self.timeout_s = float(timeout_s)
        self.memory_mb = memory_mb
        self.function_name = function_name
        self._echo = echo_logs
        self._progress = progress or _stderr_progress
        self.notes: list[str] = []
        self._extra_env = {str(k): str(v) for k, v in (env or {}).items()}

        self._tmp = Path(tempfile.mkdtemp(prefix="rftkit-lambda-"))
        try:
            self.task_root = self._tmp / "task"
            self.task_root.mkdir()
            (self._tmp / "tmp").mkdir()
            has_so = _extract(self.zip_path, self.task_root)
            if python and ("/" in python or os.sep in python):
                try:
                    self.python, arch, real = _probe(python)
                except (OSError, subprocess.SubprocessError, ValueError) as exc:
                    raise RuntimeClientError(f"cannot run interpreter {python}: {exc}") from None
                if recorded:
                    _refuse_other_python(self.zip_path, str(recorded), self.python)
                self.interpreter = Path(real)
            else:
                self.python = _check_version(
                    python or str(manifest.get("python") or DEFAULT_PYTHON)
                )
                self.interpreter = find_interpreter(self.python)
                arch = host_arch()
            self.arch = arch
            bundle_arch = str(manifest.get("arch") or arch)
            if bundle_arch != arch:
                if has_so:
                    raise RuntimeClientError(
                        f"{self.zip_path.name} holds compiled code for {bundle_arch}; this "
                        f"machine is {arch}",
                        hint=f"rebuild with --arch {arch} to run it locally",
                    )
                self.notes.append(f"bundle built for {bundle_arch}, run on {arch} (pure Python)")
            self.ric_dir = ensure_runtime_client(
                self.python, arch, interpreter=self.interpreter, progress=self._progress
            )
            if aws_sdk is None:
                aws_sdk = bool(manifest.get("runtime_provided"))
            self.sdk_dir: Path | None = None
            if aws_sdk:
                self.sdk_dir = ensure_aws_sdk(
                    self.python, arch, interpreter=self.interpreter, progress=self._progress
                )
        except BaseException:
            shutil.rmtree(self._tmp, ignore_errors=True)
            raise
        self.concurrency = concurrency
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(concurrency)
        self._idle: list[_Sandbox] = []
        self._sandboxes: set[_Sandbox] = set()
        self._closed = False
        self.cold_starts = 0
        self.init_ms: float | None = None
        self.cold_start_ms: float | None = None

    # -- process management --

    def _environment(self) -> dict[str, str]:
        name = self.function_name
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            "TMPDIR": str(self._tmp / "tmp"),
            "LD_LIBRARY_PATH": f"{self.task_root}:{self.task_root / 'lib'}",
            # Lambda's order: the function's code, the runtime, the runtime's SDK.
            "PYTHONPATH": os.pathsep.join(
                str(p) for p in (self.task_root, self.ric_dir, self.sdk_dir) if p is not None
            ),
            "PYTHONDONTWRITEBYTECODE": "1",
            "MALLOC_ARENA_MAX": "2",
            "LAMBDA_TASK_ROOT": str(self.task_root),
            "LAMBDA_RUNTIME_DIR": str(self.ric_dir),
            "_HANDLER": self.handler,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_python{self.python}",
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_FUNCTION_NAME": name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory_mb or 10240),
            "AWS_LAMBDA_FUNCTION_TIMEOUT": str(math.ceil(self.timeout_s)),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": time.strftime("%Y/%m/%d/[$LATEST]")
            + secrets.token_hex(16),
            "AWS_REGION": _FAKE_REGION,
            "AWS_DEFAULT_REGION": _FAKE_REGION,
        }
        env.update(self._extra_env)
        return env

    def _start(self) -> _Sandbox:
        argv = [str(self.interpreter), "-S", "-s", "-P", "-m", "awslambdaric", self.handler]
        sandbox = _Sandbox(argv, self._environment(), self.task_root, self.memory_mb, self._echo)
        with self._lock:
            self.notes.extend(n for n in sandbox.notes if n not in self.notes)
            self.cold_starts += 1
            self._sandboxes.add(sandbox)
            if self._closed:  # closed while this one was starting
                self._sandboxes.discard(sandbox)
                sandbox.close()
                raise RuntimeClientError("this LocalLambda is closed")
        return sandbox

    def start(self) -> None:
        """Start one runtime process now (a pre-warmed sandbox) instead of at first invoke."""
        with self._lock:
            self._check_open()
            if any(s.alive for s in self._idle):
                return
        self._checkin(self._start())

    def _checkout(self) -> _Sandbox | None:
        """A warm idle sandbox, or None when a new (cold) one must start."""
        with self._lock:
            self._check_open()
            while self._idle:
                sandbox = self._idle.pop()
                if sandbox.alive:
                    return sandbox
                self._sandboxes.discard(sandbox)
                sandbox.close()
            return None

    def _checkin(self, sandbox: _Sandbox) -> None:
        with self._lock:
            if sandbox.alive and not self._closed:
                self._idle.append(sandbox)
                return
            self._sandboxes.discard(sandbox)
        sandbox.close()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeClientError("this LocalLambda is closed")

    # -- invocation --

    def invoke(self, event: Any) -> InvokeResult:
        """Invoke the function once with ``event`` and wait for its result.

        Function failures (import errors, exceptions, timeouts, crashes) are returned in
        ``InvokeResult.error`` with Lambda's error object; they never raise. Safe to call
        from several threads: up to ``concurrency`` sandboxes serve them, each one event at
        a time, and further calls wait for a free one.

        Raises:
            RuntimeClientError: the event is not JSON, the invoker is closed, or the runtime
                process cannot start.
        """
        try:
            body = json.dumps(event, allow_nan=False, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise RuntimeClientError(f"the event is not JSON-serialisable: {exc}") from None
        t0 = time.perf_counter()
        if len(body) > MAX_PAYLOAD_BYTES:
            return InvokeResult(
                error={
                    "errorType": "RequestEntityTooLargeException",
                    "errorMessage": f"Request must be smaller than {MAX_PAYLOAD_BYTES} "
                    "bytes for the InvokeFunction operation",
                },
                duration_ms=(time.perf_counter() - t0) * 1000,
            )
        with self._slots:
            sandbox = self._checkout()
            cold = sandbox is None
            if sandbox is None:
                sandbox = self._start()
            try:
                return self._invoke_in(sandbox, body, cold, t0)
            finally:
                self._checkin(sandbox)

    def _invoke_in(self, sandbox: _Sandbox, body: bytes, cold: bool, t0: float) -> InvokeResult:
        mark = 0 if cold else sandbox.pump.mark()
        inv = _Invocation(
            request_id=str(uuid.uuid4()),
            body=body,
            timeout_s=self.timeout_s,
            function_arn=(
                f"arn:aws:lambda:{_FAKE_REGION}:{_FAKE_ACCOUNT}:function:{self.function_name}"
            ),
        )
        sandbox.broker.submit(inv)
        failure = self._wait(sandbox, inv)
        end = time.perf_counter()
        if failure is None:
            failure = self._check_memory(sandbox, inv)
        if failure is not None:
            inv.finish(error=failure)
            sandbox.kill()  # a failed sandbox is never reused, as on Lambda
        sandbox.pump.drain()
        logs = sandbox.pump.since(mark)
        init_ms: float | None = None
        if cold:
            first = sandbox.broker.first_next_at
            init_ms = (first - sandbox.started) * 1000 if first is not None else None
            with self._lock:
                self.init_ms = init_ms
                if inv.error is None:
                    self.cold_start_ms = (end - sandbox.started) * 1000
        logs.extend(self._report_lines(sandbox, inv, end, init_ms))
        return InvokeResult(
            payload=self._decode(inv.payload) if inv.error is None else None,
            error=inv.error,
            duration_ms=(end - t0) * 1000,
            logs=logs,
        )

    def _check_memory(self, sandbox: _Sandbox, inv: _Invocation) -> dict[str, Any] | None:
        """Lambda's out-of-memory kill, when the process's peak RSS passed the memory size."""
        if self.memory_mb is None:
            return None
        peak = _peak_rss_mb(sandbox.proc.pid)
        if peak is not None:
            sandbox.peak_mb = peak
        if peak is None or peak <= self.memory_mb:
            return None
        sandbox.kill()
        return {
            "errorType": "Runtime.OutOfMemory",
            "errorMessage": f"RequestId: {inv.request_id} Error: Runtime exited with error: "
            f"signal: killed (max memory used {peak} MB, memory size {self.memory_mb} MB)",
        }

    def _wait(self, sandbox: _Sandbox, inv: _Invocation) -> dict[str, Any] | None:
        """Wait for ``inv``; return an error object when the sandbox failed it."""
        while not inv.done.wait(_POLL_S):
            now = time.perf_counter()
            if sandbox.alive:
                oom = self._check_memory(sandbox, inv)
                if oom is not None:
                    return oom
            if not sandbox.alive:
                sandbox.pump.drain()
                if inv.done.wait(_POLL_S):  # a response that raced the exit
                    return None
                if sandbox.broker.init_error is not None:
                    return sandbox.broker.init_error
                return {
                    "errorType": "Runtime.ExitError",
                    "errorMessage": f"RequestId: {inv.request_id} Error: Runtime exited with "
                    f"error: {sandbox.exit_description()}",
                }
            if inv.handed_out_at is None:
                initialising = sandbox.broker.first_next_at is None
                if initialising and now - sandbox.started > INIT_TIMEOUT_S:
                    sandbox.kill()
                    return {
                        "errorType": "Sandbox.Timedout",
                        "errorMessage": f"RequestId: {inv.request_id} Error: Init phase timed "
                        f"out after {INIT_TIMEOUT_S:.2f} seconds",
                    }
                if not initialising and now - inv.submitted_at > inv.timeout_s + INIT_TIMEOUT_S:
                    # A runtime that answered before but never asks for this event (stuck
                    # after its last response): fail the call rather than hang forever.
                    sandbox.kill()
                    return {
                        "errorType": "Sandbox.Timedout",
                        "errorMessage": f"RequestId: {inv.request_id} Error: the runtime did "
                        "not ask for the next event",
                    }
            elif now - inv.handed_out_at > inv.timeout_s:
                sandbox.kill()
                return {
                    "errorType": "Sandbox.Timedout",
                    "errorMessage": f"RequestId: {inv.request_id} Error: Task timed out after "
                    f"{inv.timeout_s:.2f} seconds",
                }
        return None

    def _report_lines(
        self, sandbox: _Sandbox, inv: _Invocation, end: float, init_ms: float | None
    ) -> list[str]:
        start = inv.handed_out_at if inv.handed_out_at is not None else end
        duration = (end - start) * 1000
        report = (
            f"REPORT RequestId: {inv.request_id}\tDuration: {duration:.2f} ms\t"
            f"Billed Duration: {math.ceil(duration)} ms\tMemory Size: "
            f"{self.memory_mb or 10240} MB"
        )
        peak = _peak_rss_mb(sandbox.proc.pid) if sandbox.alive else sandbox.peak_mb
        if peak is not None:
            report += f"\tMax Memory Used: {peak} MB"
        if init_ms is not None:
            report += f"\tInit Duration: {init_ms:.2f} ms"
        return [f"END RequestId: {inv.request_id}", report]

    @staticmethod
    def _decode(payload: bytes | None) -> Any:
        if payload is None:
            return None
        text = payload.decode("utf-8", "replace")
        try:
            return json.loads(text)
        except ValueError:
            return text  # not JSON: returned as text for the contract checks to reject

    # -- lifetime --

    def close(self) -> None:
        """Stop every runtime process and server, and delete the unpacked bundle.

        Invocations still in flight end with ``Runtime.ExitError``.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            sandboxes = list(self._sandboxes)
            self._sandboxes.clear()
            self._idle.clear()
        for sandbox in sandboxes:
            sandbox.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> LocalLambda:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            if not getattr(self, "_closed", True):
                self.close()
