"""Run code in a worker process under a hard per-call time limit: any thread, Lambda-safe.

``signal.alarm`` only works on the main thread and cannot interrupt C code (a sympy call
stuck in a big-integer multiplication, a regex, a user's ``while True``). Here the work runs
in a child process instead; the caller waits on a socket for at most the limit and, when it
expires, kills the child and forks a fresh one for the next call. The caller's thread never
blocks longer than the limit, and a crash or memory blow-up in the child cannot take the
caller down.

How the processes are arranged::

    caller (any thread) --control socket--> zygote
         |                                     | os.fork() per worker
         +-----------request socket-------> worker (serves calls until killed)

The zygote comes in two kinds:

``spawn`` (the default, what the ``math`` grader uses)
    a fresh interpreter started with :mod:`subprocess` that imports ``preload`` (sympy)
    once. It never inherits the caller's threads or locks and never re-imports the caller's
    ``__main__``. Calls name a module-level function: ``call(func, *args)``.

``fork`` (``Worker(target=...)``, what the harness uses for isolated graders)
    a fork of the calling process, made once, so it holds everything the caller has loaded,
    including a grader built from a closure that could never be pickled. ``run(*args)``
    calls ``target(*args)`` in a worker. Make the worker (:meth:`Worker.start`) while the
    process has one thread, e.g. when the handler is built in a Lambda's init phase:
    forking a threaded process copies only the forking thread.

Each worker is a fork of the zygote, so a restart after a timeout costs a fork (about a
millisecond), not an import. Only socket pairs are used: no ``multiprocessing.Queue``,
``Pool``, lock or semaphore, none of which work in AWS Lambda (no ``/dev/shm``).

Nothing outlives its caller: the zygote exits, and SIGKILLs its live workers, when its
control socket closes (the caller closed the worker, was collected, or died), and it reaps
every worker that ends. Each worker caps its own address space (``RLIMIT_AS``) so a runaway
computation fails with ``MemoryError`` (reported as ``memory``) instead of exhausting the
machine. POSIX only. Standard library only; imported only by code that needs a worker.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import pickle
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
    "from rftkit.rewards.worker import _zygote_main\n"
    "_zygote_main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])\n"
)
_ERROR_LIMIT = 500

# The caller-side sockets of every worker of this process. A forked zygote closes its copies,
# so that closing a socket here is still seen as EOF by the other zygotes and workers.
_OUR_FDS: set[int] = set()


class Outcome(NamedTuple):
    """The result of one :meth:`Worker.call` or :meth:`Worker.run`.

    Attributes:
        status: ``ok``; ``error`` (the function raised: ``error`` says what); ``timeout``
            (killed at the limit); ``crash`` (the worker died); ``memory`` (it hit its
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


def _describe(exc: BaseException) -> str:
    try:
        return f"{type(exc).__name__}: {exc}"[:_ERROR_LIMIT]
    except Exception:  # an exception whose __str__ raises
        return type(exc).__name__


def _serve(conn: Connection, memory_mb: int, target: Callable[..., Any] | None = None) -> None:
    """A worker's loop: run ``(function, args)`` requests until the socket closes.

    A request whose function is None calls ``target`` (fork mode).
    """
    if memory_mb > 0:
        try:
            import resource

            cap = _vm_bytes() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        except (ImportError, ValueError, OSError):
            pass  # no cap on this platform; the time limit still applies
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        func, args = request
        if func is None:
            func = target
        reply: tuple[str, Any]
        try:
            if func is None:
                raise RuntimeError("this worker has no target")
            reply = ("ok", func(*args))
        except MemoryError:
            reply = ("memory", "memory limit reached")
        except RecursionError:
            reply = ("error", "RecursionError: too deeply nested")
        except (Exception, SystemExit) as exc:
            reply = ("error", _describe(exc))
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", "memory limit reached"))
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            # An unpicklable result (pickle raises these and PicklingError, a subclass of
            # Exception only), or the caller is gone.
            try:
                conn.send(("error", f"cannot return the result: {_describe(exc)}"))
            except OSError:
                return
        except Exception as exc:  # pickle.PicklingError and anything a __reduce__ raises
            try:
                conn.send(("error", f"cannot return the result: {_describe(exc)}"))
            except OSError:
                return


def _zygote_loop(
    ctrl: socket.socket, memory_mb: int, target: Callable[..., Any] | None = None
) -> None:
    """Fork one worker per request on the control socket; kill them all when it closes."""
    live: set[int] = set()

    def reap(signum: int = 0, frame: Any = None) -> None:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            live.discard(pid)

    # Workers that end (killed by the caller, or crashed) are reaped as they go.
    signal.signal(signal.SIGCHLD, reap)
    ctrl.sendall(b"R")
    try:
        while True:
            try:
                msg, fds, _, _ = socket.recv_fds(ctrl, 1, 1)
            except OSError:
                break
            if not msg:
                break  # the caller closed the worker or exited: so do we
            if not fds:
                continue
            pid = os.fork()
            if pid == 0:
                status = 0
                try:
                    ctrl.close()
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    _serve(Connection(fds[0]), memory_mb, target)
                except BaseException:
                    status = 1
                finally:
                    os._exit(status)
            live.add(pid)
            os.close(fds[0])
            ctrl.sendall(pid.to_bytes(8, "little"))
    finally:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for pid in list(live):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for pid in list(live):
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)


def _zygote_main(ctrl_fd: int, memory_mb: int, preload: str) -> None:
    """The spawned zygote: preload modules, then serve the control socket."""
    for name in filter(None, preload.split(",")):
        # A missing module is reported by the call that needs it.
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    with contextlib.suppress(BaseException):
        _zygote_loop(socket.socket(fileno=ctrl_fd), memory_mb)
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


def _restricted_loads(data: bytes, allowed: dict[tuple[str, str], type]) -> Any:
    """Unpickle plain data and the ``allowed`` classes only."""
    unpickler = _Restricted(io.BytesIO(data))
    unpickler.allowed = allowed
    return unpickler.load()


class _Restricted(pickle.Unpickler):
    allowed: dict[tuple[str, str], type]  # set on each instance before load()

    def find_class(self, module: str, name: str) -> Any:
        cls = self.allowed.get((module, name))
        if cls is None:
            raise pickle.UnpicklingError(f"a result may not hold {module}.{name}")
        return cls


class _Forked:
    """A zygote forked from this process: the part of ``subprocess.Popen`` the worker uses."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -1
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float) -> int:
        end = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.005)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


class Worker:
    """A child process that runs functions under a per-call time limit.

    Thread-safe: calls from several threads are serialised. The zygote and a worker start
    on the first call (or :meth:`start`); a new worker is forked after any timeout, crash or
    memory failure.

    Args:
        memory_mb: address space a worker may add beyond its size at start (None: no cap).
        preload: modules a spawned zygote imports once, so that workers start with them
            loaded (fork mode: imported in the zygote after the fork).
        startup_timeout: seconds to wait for the zygote or a worker to be ready.
        target: fork mode: the function :meth:`run` calls; the zygote is a fork of this
            process, so ``target`` may be any callable (a closure, a bound grader).
        result_classes: when given, results are unpickled allowing only these classes
            (plus plain data: numbers, strings, bytes, tuples, lists, dicts, None): a result
            holding any other object is an ``error`` outcome, and no class of the worker's
            choosing runs code in this process while its result is read.

    Example:
        >>> import math
        >>> with Worker(preload=()) as w:
        ...     w.call(math.factorial, 5, timeout=10).value
        120
        >>> with Worker(target=lambda n: n * 2, memory_mb=None) as w:
        ...     w.run(21, timeout=10).value
        42
    """

    def __init__(
        self,
        *,
        memory_mb: int | None = 512,
        preload: tuple[str, ...] = ("sympy",),
        startup_timeout: float = 60.0,
        target: Callable[..., Any] | None = None,
        result_classes: tuple[type, ...] | None = None,
    ) -> None:
        if not hasattr(os, "fork"):
            raise RuntimeError("the worker needs os.fork (POSIX)")
        self.memory_mb = memory_mb or 0
        self.preload = tuple(preload) if target is None else ()
        self.startup_timeout = startup_timeout
        self.target = target
        self.result_classes = (
            None
            if result_classes is None
            else {(c.__module__, c.__qualname__): c for c in result_classes}
        )
        self.starts = 0  # workers forked so far
        self.calls = 0  # calls made so far
        self._lock = threading.Lock()
        self._owner = os.getpid()  # a forked copy of this object must not act on the processes
        self._zygote: subprocess.Popen[bytes] | _Forked | None = None
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

    def _spawn_zygote(self, theirs: socket.socket) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        # The zygote imports rftkit and sympy exactly as this process would.
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        if not sys.executable:
            raise RuntimeError("no Python executable to start the worker with")
        try:
            return subprocess.Popen(
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
            raise RuntimeError(f"cannot start the worker: {exc}") from exc

    def _fork_zygote(self, ours: socket.socket, theirs: socket.socket) -> _Forked:
        # Buffered output would otherwise be written twice, by this process and a worker.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        try:
            pid = os.fork()
        except OSError as exc:
            raise RuntimeError(f"cannot start the worker: {exc}") from exc
        if pid == 0:  # the zygote: never returns into the caller's code
            try:
                ours.close()
                for fd in list(_OUR_FDS):
                    with contextlib.suppress(OSError):
                        os.close(fd)
                _zygote_loop(theirs, self.memory_mb, self.target)
            finally:
                os._exit(0)
        return _Forked(pid)

    def _ensure_zygote(self) -> socket.socket:
        if self._zygote is not None and self._zygote.poll() is None and self._ctrl is not None:
            return self._ctrl
        self._stop_zygote()
        ours, theirs = socket.socketpair()
        try:
            if self.target is None:
                self._zygote = self._spawn_zygote(theirs)
            else:
                self._zygote = self._fork_zygote(ours, theirs)
        except RuntimeError:
            ours.close()
            raise
        finally:
            theirs.close()
        self._ctrl = ours
        _OUR_FDS.add(ours.fileno())
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
        _OUR_FDS.add(conn.fileno())
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
            # ProcessLookupError: already gone. The zygote reaps it.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if conn is not None:
            _OUR_FDS.discard(conn.fileno())
            conn.close()

    def _stop_zygote(self) -> None:
        self._kill_worker()
        ctrl, zygote = self._ctrl, self._zygote
        self._ctrl = self._zygote = None
        if ctrl is not None:
            _OUR_FDS.discard(ctrl.fileno())
            ctrl.close()  # the zygote exits when its control socket closes
        if zygote is not None:
            try:
                zygote.wait(2)
            except subprocess.TimeoutExpired:
                zygote.kill()
                zygote.wait(5)

    def close(self) -> None:
        """Stop the worker and the zygote (they also exit when this process does)."""
        if os.getpid() != self._owner:
            return
        with self._lock:
            self._stop_zygote()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # Best effort at interpreter shutdown, when modules may already be torn down.
        with contextlib.suppress(Exception):
            if os.getpid() == self._owner:
                self._stop_zygote()

    @property
    def alive(self) -> bool:
        """True while a worker is ready for calls."""
        return self._conn is not None

    @property
    def pids(self) -> tuple[int, int]:
        """The zygote's and the current worker's process ids (0 when not running)."""
        zygote = self._zygote
        return (zygote.pid if zygote is not None else 0, self._pid)

    # -- calls ---------------------------------------------------------------------------------

    def call(self, func: Callable[..., Any], *args: Any, timeout: float) -> Outcome:
        """Run ``func(*args)`` in the worker, waiting at most ``timeout`` seconds.

        ``func`` and ``args`` must be picklable (in spawn mode, ``func`` importable by name:
        a module-level function), and so must the result. Never raises for anything the
        function does.

        Raises:
            RuntimeError: the worker could not be started at all.
        """
        return self._request(func, args, timeout)

    def run(self, *args: Any, timeout: float | None) -> Outcome:
        """Run ``target(*args)`` in the worker (fork mode), waiting at most ``timeout`` s
        (None: as long as it takes).

        ``args`` and the result must be picklable. Never raises for anything the target does.

        Raises:
            RuntimeError: the worker could not be started, or it has no target.
        """
        if self.target is None:
            raise RuntimeError("run() needs a Worker made with a target")
        return self._request(None, args, timeout)

    def _request(
        self, func: Callable[..., Any] | None, args: Any, timeout: float | None
    ) -> Outcome:
        with self._lock:
            conn = self._ensure()
            self.calls += 1
            t0 = time.monotonic()
            try:
                conn.send((func, args))
            except (OSError, ValueError) as exc:
                self._kill_worker()
                return Outcome("crash", error=f"cannot reach the worker: {exc}")
            except Exception as exc:  # the request cannot be pickled: the worker is unused
                return Outcome("error", error=f"cannot send the call: {_describe(exc)}")
            if not conn.poll(None if timeout is None else max(0.0, timeout)):
                self._kill_worker()
                return Outcome("timeout", error=f"over {timeout:g}s", seconds=time.monotonic() - t0)
            try:
                if self.result_classes is None:
                    status, value = conn.recv()
                else:
                    status, value = _restricted_loads(conn.recv_bytes(), self.result_classes)
            except (EOFError, OSError):
                self._kill_worker()
                return Outcome("crash", error="the worker died", seconds=time.monotonic() - t0)
            except Exception as exc:  # the result cannot be unpickled here
                self._kill_worker()
                return Outcome(
                    "error",
                    error=f"cannot read the result: {_describe(exc)}",
                    seconds=time.monotonic() - t0,
                )
            seconds = time.monotonic() - t0
            if status == "ok":
                return Outcome("ok", value, seconds=seconds)
            if status == "memory":
                self._kill_worker()  # a process that ran out of memory is not trusted again
                return Outcome("memory", error=str(value), seconds=seconds)
            return Outcome("error", error=str(value), seconds=seconds)
