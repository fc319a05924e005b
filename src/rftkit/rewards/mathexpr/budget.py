"""A per-call time budget enforced by a worker process: no signals, any thread, Lambda-safe.

``signal.alarm`` only works on the main thread and cannot interrupt C code (a sympy call
stuck in a big-integer multiplication). Here the work runs in a child process instead; the
caller waits on a socket for at most the budget and, when it expires, kills the child and
forks a fresh one for the next call. The caller's thread never blocks longer than the budget,
and a crash or memory blow-up in the child cannot take the caller down.

How the processes are arranged::

    caller (any thread) --control socket--> zygote (python -c, sympy preloaded)
         |                                     | os.fork() per worker
         +-----------request socket-------> worker (serves calls until killed)

The zygote is a fresh interpreter started with :mod:`subprocess`: it never inherits the
caller's threads or locks, and, unlike ``multiprocessing``'s ``spawn`` and ``forkserver``
start methods, it never re-imports the caller's ``__main__`` (a script without an
``if __name__ == "__main__"`` guard works). It imports sympy once; each worker is a fork of
it, so a restart after a timeout costs milliseconds, not a sympy import. Only socket pairs
are used: no ``multiprocessing.Queue``, ``Pool``, lock or semaphore, none of which work in
AWS Lambda (no ``/dev/shm``).

Each worker caps its own address space (``RLIMIT_AS``) so a runaway computation fails with
``MemoryError`` (reported as ``memory``) instead of exhausting the machine. POSIX only.
Standard library only.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Literal, NamedTuple

__all__ = ["Outcome", "Status", "Worker"]

Status = Literal["ok", "error", "timeout", "crash", "memory"]

_ZYGOTE_CODE = (
    "import sys\n"
    "from rftkit.rewards.mathexpr.budget import _zygote_main\n"
    "_zygote_main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])\n"
)


class Outcome(NamedTuple):
    """The result of one :meth:`Worker.call`.

    Attributes:
        status: ``ok``; ``error`` (the function raised: ``error`` says what); ``timeout``
            (killed at the budget); ``crash`` (the worker died); ``memory`` (it hit its
            memory cap).
        value: the function's return value when ``ok``.
        error: a one-line description otherwise.
        seconds: wall time the caller waited.
    """

    status: Status
    value: Any = None
    error: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the function returned."""
        return self.status == "ok"


# -- the child side ----------------------------------------------------------------------------


def _vm_bytes() -> int:
    """This process's current virtual memory size (Linux), or 0 when unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _serve(conn: Connection, memory_mb: int) -> None:
    """A worker's loop: run ``(function, args)`` requests until the socket closes."""
    if memory_mb > 0:
        try:
            import resource

            cap = _vm_bytes() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        except (ImportError, ValueError, OSError):
            pass  # no cap on this platform; the time budget still applies
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        func, args = request
        reply: tuple[str, Any]
        try:
            reply = ("ok", func(*args))
        except MemoryError:
            reply = ("memory", "memory limit reached")
        except RecursionError:
            reply = ("error", "RecursionError: too deeply nested")
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {exc}"[:500])
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", "memory limit reached"))
        except (OSError, ValueError, TypeError) as exc:  # unpicklable result, or caller gone
            try:
                conn.send(("error", f"cannot return the result: {exc}"[:500]))
            except OSError:
                return


def _zygote_main(ctrl_fd: int, memory_mb: int, preload: str) -> None:
    """The zygote: preload modules, then fork one worker per request on the control socket."""
    # Workers are reaped by the kernel; the caller kills them by pid.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for name in filter(None, preload.split(",")):
        # A missing module is reported by the call that needs it.
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    ctrl = socket.socket(fileno=ctrl_fd)
    ctrl.sendall(b"R")
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(ctrl, 1, 1)
        except OSError:
            break
        if not msg:
            break  # the caller exited: so do we
        if not fds:
            continue
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                ctrl.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _serve(Connection(fds[0]), memory_mb)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        os.close(fds[0])
        ctrl.sendall(pid.to_bytes(8, "little"))
    os._exit(0)


# -- the caller side ---------------------------------------------------------------------------


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("the zygote closed its socket")
        data += chunk
    return data


class Worker:
    """A child process that runs functions under a per-call time budget.

    Thread-safe: calls from several threads are serialised. The zygote and a worker start
    on the first call (or :meth:`start`); a new worker is forked after any timeout, crash or
    memory failure.

    Args:
        memory_mb: address space a worker may add beyond its size at start (None: no cap).
        preload: modules the zygote imports once, so that workers start with them loaded.
        startup_timeout: seconds to wait for the zygote or a worker to be ready.

    Example:
        >>> import math
        >>> with Worker(preload=()) as w:
        ...     w.call(math.factorial, 5, timeout=10).value
        120
    """

    def __init__(
        self,
        *,
        memory_mb: int | None = 512,
        preload: tuple[str, ...] = ("sympy",),
        startup_timeout: float = 60.0,
    ) -> None:
        if not hasattr(os, "fork"):
            raise RuntimeError("the worker needs os.fork (POSIX)")
        self.memory_mb = memory_mb or 0
        self.preload = tuple(preload)
        self.startup_timeout = startup_timeout
        self.starts = 0  # workers forked so far
        self.calls = 0  # calls made so far
        self._lock = threading.Lock()
        self._zygote: subprocess.Popen[bytes] | None = None
        self._ctrl: socket.socket | None = None
        self._conn: Connection | None = None
        self._pid = 0

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> float:
        """Start the zygote and a worker now (if needed); return the seconds it took.

        Raises:
            RuntimeError: they did not start within ``startup_timeout``.
        """
        with self._lock:
            t0 = time.monotonic()
            self._ensure()
            return time.monotonic() - t0

    def _ensure_zygote(self) -> socket.socket:
        if self._zygote is not None and self._zygote.poll() is None and self._ctrl is not None:
            return self._ctrl
        self._stop_zygote()
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        # The zygote imports rftkit and sympy exactly as this process would.
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        if not sys.executable:
            raise RuntimeError("no Python executable to start the worker with")
        try:
            self._zygote = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _ZYGOTE_CODE,
                    str(theirs.fileno()),
                    str(self.memory_mb),
                    ",".join(self.preload),
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
            )
        except OSError as exc:
            ours.close()
            raise RuntimeError(f"cannot start the worker: {exc}") from exc
        finally:
            theirs.close()
        self._ctrl = ours
        ours.settimeout(self.startup_timeout)
        try:
            ready = _recv_exact(ours, 1) == b"R"
        except (OSError, EOFError):
            ready = False
        if not ready:
            self._stop_zygote()
            raise RuntimeError(f"the worker did not start within {self.startup_timeout:g}s")
        return ours

    def _ensure(self) -> Connection:
        if self._conn is not None:
            return self._conn
        ctrl = self._ensure_zygote()
        ours, theirs = socket.socketpair()
        try:
            socket.send_fds(ctrl, [b"F"], [theirs.fileno()])
            pid = int.from_bytes(_recv_exact(ctrl, 8), "little")
        except (OSError, EOFError) as exc:
            ours.close()
            self._stop_zygote()
            raise RuntimeError(f"the worker could not be forked: {exc}") from exc
        finally:
            theirs.close()
        conn = Connection(ours.detach())
        self._conn, self._pid = conn, pid
        self.starts += 1
        try:
            ready = conn.poll(self.startup_timeout) and conn.recv()[0] == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self._kill_worker()
            raise RuntimeError(f"the worker did not start within {self.startup_timeout:g}s")
        return conn

    def _kill_worker(self) -> None:
        conn, pid = self._conn, self._pid
        self._conn, self._pid = None, 0
        if pid:
            # ProcessLookupError: already gone (reaped by the zygote).
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if conn is not None:
            conn.close()

    def _stop_zygote(self) -> None:
        self._kill_worker()
        ctrl, zygote = self._ctrl, self._zygote
        self._ctrl = self._zygote = None
        if ctrl is not None:
            ctrl.close()  # the zygote exits when its control socket closes
        if zygote is not None:
            try:
                zygote.wait(2)
            except subprocess.TimeoutExpired:
                zygote.kill()
                zygote.wait(5)

    def close(self) -> None:
        """Stop the worker and the zygote (they also exit when this process does)."""
        with self._lock:
            self._stop_zygote()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # Best effort at interpreter shutdown, when modules may already be torn down.
        with contextlib.suppress(Exception):
            self._stop_zygote()

    @property
    def alive(self) -> bool:
        """True while a worker is ready for calls."""
        return self._conn is not None

    # -- calls ---------------------------------------------------------------------------------

    def call(self, func: Callable[..., Any], *args: Any, timeout: float) -> Outcome:
        """Run ``func(*args)`` in the worker, waiting at most ``timeout`` seconds.

        ``func`` must be importable by name (a module-level function) and ``args`` and the
        result picklable. Never raises for anything the function does.

        Raises:
            RuntimeError: the worker could not be started at all.
        """
        with self._lock:
            conn = self._ensure()
            self.calls += 1
            t0 = time.monotonic()
            try:
                conn.send((func, args))
            except (OSError, ValueError) as exc:
                self._kill_worker()
                return Outcome("crash", error=f"cannot reach the worker: {exc}")
            if not conn.poll(max(0.0, timeout)):
                self._kill_worker()
                return Outcome("timeout", error=f"over {timeout:g}s", seconds=time.monotonic() - t0)
            try:
                status, value = conn.recv()
            except (EOFError, OSError):
                self._kill_worker()
                return Outcome("crash", error="the worker died", seconds=time.monotonic() - t0)
            seconds = time.monotonic() - t0
            if status == "ok":
                return Outcome("ok", value, seconds=seconds)
            if status == "memory":
                self._kill_worker()  # a process that ran out of memory is not trusted again
                return Outcome("memory", error=str(value), seconds=seconds)
            return Outcome("error", error=str(value), seconds=seconds)
