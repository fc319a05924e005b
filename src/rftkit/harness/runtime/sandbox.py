"""One sandbox: a runtime process, its Runtime API server, its logs and its memory."""

from __future__ import annotations

import contextlib
import math
import os
import resource
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rftkit.errors import RuntimeClientError
from rftkit.harness.runtime.api import _Broker, _RuntimeAPIServer

_ADDRESS_SPACE_ALLOWANCE_MB = 1024


class _LogPump:
    """Collect a child's output lines without ever losing one that precedes a response."""

    def __init__(self, stream: Any, echo: Callable[[str], None] | None) -> None:
        self._fd: int = stream.fileno()
        self._stream = stream
        os.set_blocking(self._fd, False)
        self._lock = threading.Lock()
        self._partial = b""
        self.lines: list[str] = []
        self._echo = echo
        self._eof = False
        self._thread = threading.Thread(target=self._loop, name="rftkit-lambda-logs", daemon=True)
        self._thread.start()

    def _read_available(self) -> None:
        # Called with the lock held: everything the child wrote before it posted a response
        # is in the pipe by the time the response arrives, so this sees all of it.
        while not self._eof:
            try:
                chunk = os.read(self._fd, 65536)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                self._eof = True
                chunk = b"\n" if self._partial else b""
            data = self._partial + chunk
            *complete, self._partial = data.split(b"\n")
            for raw in complete:
                line = raw.decode("utf-8", "replace").rstrip("\r")
                self.lines.append(line)
                if self._echo is not None:
                    self._echo(line)

    def _loop(self) -> None:
        with selectors.DefaultSelector() as sel:
            sel.register(self._fd, selectors.EVENT_READ)
            while not self._eof:
                sel.select(timeout=0.5)
                with self._lock:
                    self._read_available()

    def drain(self) -> None:
        with self._lock:
            self._read_available()

    def since(self, mark: int) -> list[str]:
        with self._lock:
            return self.lines[mark:]

    def mark(self) -> int:
        with self._lock:
            return len(self.lines)

    def close(self) -> None:
        self._thread.join(timeout=2)
        with contextlib.suppress(OSError):
            self._stream.close()


def _peak_rss_mb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return math.ceil(int(line.split()[1]) / 1024)
    except (OSError, ValueError, IndexError):
        return None
    return None


class _Sandbox:
    """One runtime process, its Runtime API server and its logs (replaced after a crash)."""

    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        cwd: Path,
        memory_mb: int | None,
        echo: Callable[[str], None] | None,
    ) -> None:
        self.broker = _Broker()
        self.server = _RuntimeAPIServer(self.broker)
        self._serve = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="rftkit-runtime-api",
            daemon=True,
        )
        self._serve.start()
        host, port = self.server.server_address[:2]
        env = {**env, "AWS_LAMBDA_RUNTIME_API": f"{host!s}:{port}"}
        self.notes: list[str] = []
        self.started = time.perf_counter()
        try:
            self.proc = subprocess.Popen(
                argv,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # one process group: a timeout kills its children too
            )
        except OSError as exc:
            self._stop_server()
            raise RuntimeClientError(f"cannot start {argv[0]}: {exc}") from None
        if memory_mb is not None:
            limit = (memory_mb + max(memory_mb, _ADDRESS_SPACE_ALLOWANCE_MB)) * 1024 * 1024
            if not hasattr(resource, "prlimit"):
                self.notes.append("memory limit not enforced: no prlimit on this platform")
            else:
                with contextlib.suppress(ProcessLookupError):
                    resource.prlimit(self.proc.pid, resource.RLIMIT_AS, (limit, limit))
        self.pump = _LogPump(self.proc.stdout, echo)
        self.peak_mb: int | None = None  # last peak RSS read, kept for reports after a kill

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def exit_description(self) -> str:
        code = self.proc.poll()
        if code is None:
            return "running"
        if code < 0:
            try:
                name = signal.Signals(-code).name.removeprefix("SIG").lower()
            except ValueError:
                name = str(-code)
            return f"signal: {name}"
        return f"exit status {code}"

    def kill(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)

    def _stop_server(self) -> None:
        self.broker.close()
        self.server.shutdown()
        self.server.server_close()

    def close(self) -> None:
        self.kill()
        self._stop_server()
        self.pump.close()
