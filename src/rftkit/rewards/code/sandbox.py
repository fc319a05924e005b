"""Run one untrusted Python program in its own limited process (see docs/code.md).

Each run is a fresh ``python3 -I -S -B`` started without ``preexec_fn`` (so ``subprocess``
may use vfork, and starting from several threads is safe) in a new session, a fresh 0700
working directory, a scrubbed environment (no ``AWS_*``, no Lambda runtime variables: only
``PATH``, ``LANG``, ``TMPDIR`` and a per-run token), ``close_fds``. A small bootstrap (``-c``)
sets the resource limits (CPU seconds, address space, file size, open files, processes, no
core files) before any of the program's code runs. stdin, stdout, stderr and the payload
and result channels are unlinked temporary files: output is capped by ``RLIMIT_FSIZE`` and
read back with a size limit, and no pipe can deadlock the grader.

After the run (or at the wall-clock timeout) the whole process group is killed, then every
process whose environment still carries the run's token (a child that called ``setsid``
leaves the group but keeps its environment) or whose working directory is inside the run's
directory is killed, and the working directory removed.
Standard library only.
"""

from __future__ import annotations

import marshal
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

__all__ = ["BOOT", "RunLimits", "RunResult", "kill_tagged", "nproc_limit_applies", "run_program"]

TOKEN_VAR = "RFTKIT_CODE_RUN"  # noqa: S105 - a variable name, not a secret

# The bootstrap. It runs before the program and sets the limits; it reads the payload
# (mode, program, setup, expressions) from an inherited fd, closes it, then runs the program.
# In assert mode each expression's value is sent back as plain data (JSON lines, tagged
# containers) on the result fd; the parent compares it with the expected value, which never
# enters this process for the ``expr == literal`` shape.
BOOT = r"""
import os, sys, resource as R
a = sys.argv
pfd, rfd = int(a[1]), int(a[2])
lim = [int(x) for x in a[3:8]]
for k, v in zip((R.RLIMIT_CPU, R.RLIMIT_AS, R.RLIMIT_FSIZE, R.RLIMIT_NOFILE, R.RLIMIT_NPROC), lim):
    try:
        R.setrlimit(k, (v, v))
    except (ValueError, OSError):
        pass
try:
    R.setrlimit(R.RLIMIT_CORE, (0, 0))
except (ValueError, OSError):
    pass
import marshal
f = os.fdopen(pfd, "rb")
mode, program, setup, exprs = marshal.loads(f.read())
f.close()
del f, a, lim, k, v
if mode == "stdio":
    os.close(rfd)
    del rfd, pfd, exprs, setup
    g = {"__name__": "__main__", "__builtins__": __builtins__}
    code = compile(program, "<program>", "exec")
    del program, mode
    exec(code, g)
else:
    import json
    _w, _d, _r, _t = os.write, json.dumps, repr, type
    def enc(v, d=0):
        t = _t(v)
        if v is None or t is bool or t is int or t is float or t is str:
            return v
        if d > 40:
            raise TypeError("nested too deep")
        if t is list:
            return ["l", [enc(x, d + 1) for x in v]]
        if t is tuple:
            return ["t", [enc(x, d + 1) for x in v]]
        if t is dict:
            return ["d", [[enc(k, d + 1), enc(x, d + 1)] for k, x in v.items()]]
        if t is set or t is frozenset:
            return ["s", sorted(enc(x, d + 1) for x in v if _t(x) in (int, str, float, bool))
                    if all(_t(x) in (int, str, float, bool) for x in v) else None]
        raise TypeError("not plain data: " + t.__name__)
    g = {"__name__": "__main__", "__builtins__": __builtins__}
    exec(compile(program, "<program>", "exec"), g)
    if setup:
        exec(compile(setup, "<setup>", "exec"), g)
    for i, e in enumerate(exprs):
        try:
            vals = [enc(eval(x, g)) for x in e]
            line = _d([i, "v", vals])
        except BaseException as exc:
            try:
                line = _d([i, "e", (_t(exc).__name__ + ": " + str(exc))[:300]])
            except BaseException:
                line = _d([i, "e", "unprintable error"])
        _w(rfd, (line + "\n").encode("utf-8", "replace"))
    _w(rfd, b'[-1, "done"]\n')
"""


class RunLimits:
    """Limits of one run."""

    __slots__ = ("cpu_s", "files", "fsize", "memory_mb", "nproc", "output", "wall_s")

    def __init__(  # noqa: PLR0917 - positional order is the documented one
        self,
        wall_s: float = 2.0,
        memory_mb: int = 512,
        fsize: int = 1 << 20,
        files: int = 64,
        nproc: int = 16,
        output: int = 1 << 20,
    ) -> None:
        self.wall_s = wall_s
        self.cpu_s = max(1, int(wall_s + 0.999))
        self.memory_mb = memory_mb
        self.fsize = fsize
        self.files = files
        self.nproc = nproc
        self.output = output


class RunResult:
    """What one run produced: exit status, capped output, result lines, and why it ended."""

    __slots__ = ("memory", "results", "returncode", "stderr", "stdout", "timeout")

    def __init__(  # noqa: PLR0917 - positional order is the documented one
        self,
        returncode: int | None,
        stdout: bytes,
        stderr: bytes,
        results: bytes,
        timeout: bool,
        memory: bool,
    ) -> None:
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.results = results
        self.timeout = timeout
        self.memory = memory


def nproc_limit_applies() -> bool:
    """False when RLIMIT_NPROC cannot bite (root, or CAP_SYS_RESOURCE): say so in reports."""
    return os.geteuid() != 0


def _scrubbed_env(token: str, workdir: str) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TMPDIR": workdir,
        "HOME": workdir,
        TOKEN_VAR: token,
    }


def _read(f: IO[bytes], cap: int) -> bytes:
    f.seek(0)
    return f.read(cap)


def _kill_group(pgid: int) -> None:
    for _ in range(50):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.001)


def kill_tagged(token: str, workdir: str | None = None) -> int:
    """SIGKILL every process whose initial environment carries ``token``; how many were found.

    Catches children that left the process group (``setsid``, double fork). With ``workdir``,
    also every process whose working directory is inside it (one that also ``execve``'d with
    a clean environment). Repeated until a scan finds none, so a process forking while it is
    killed is caught on the next pass.
    """
    needle = f"{TOKEN_VAR}={token}".encode()
    me = os.getpid()
    found = 0
    for _ in range(20):
        hits = 0
        try:
            pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
        except OSError:
            return found
        for pid in pids:
            if pid == me:
                continue
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    env = f.read(1 << 16)
            except OSError:
                continue
            if workdir is not None and needle not in env:
                try:
                    cwd = os.readlink(f"/proc/{pid}/cwd")
                except OSError:
                    cwd = ""
                if cwd == workdir or cwd.startswith(workdir + "/"):
                    env = needle
            if needle in env:
                hits += 1
                try:  # noqa: SIM105 - contextlib is kept off the Lambda path
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        found += hits
        if not hits:
            break
        time.sleep(0.002)
    return found


def run_program(
    mode: str,
    program: str,
    *,
    stdin: bytes = b"",
    setup: str = "",
    exprs: tuple[tuple[str, ...], ...] = (),
    limits: RunLimits | None = None,
    python: str | None = None,
) -> RunResult:
    """Run ``program`` once in the sandbox (``mode`` ``stdio`` or ``assert``). Thread-safe."""
    lim = limits or RunLimits()
    token = secrets.token_hex(16)
    workdir = tempfile.mkdtemp(prefix="rftkit-code-")
    files: list[IO[bytes]] = []
    try:
        fin, fout, ferr, fpay, fres = (tempfile.TemporaryFile(dir=workdir) for _ in range(5))  # noqa: SIM115 - closed in finally
        files = [fin, fout, ferr, fpay, fres]
        fin.write(stdin)
        fin.seek(0)
        fpay.write(marshal.dumps((mode, program, setup, exprs)))
        fpay.seek(0)
        pfd, rfd = fpay.fileno(), fres.fileno()
        argv = [
            python or sys.executable,
            "-I",
            "-S",
            "-B",
            "-c",
            BOOT,
            str(pfd),
            str(rfd),
            str(lim.cpu_s),
            str(lim.memory_mb << 20),
            str(max(lim.fsize, lim.output)),
            str(lim.files),
            str(lim.nproc),
        ]
        timeout = False
        proc = subprocess.Popen(
            argv,
            stdin=fin,
            stdout=fout,
            stderr=ferr,
            env=_scrubbed_env(token, workdir),
            cwd=workdir,
            close_fds=True,
            pass_fds=(pfd, rfd),
            start_new_session=True,
        )
        try:
            proc.wait(timeout=lim.wall_s)
        except subprocess.TimeoutExpired:
            timeout = True
        _kill_group(proc.pid)
        if timeout:
            proc.wait()
        kill_tagged(token, workdir)
        rc = proc.returncode
        err = _read(ferr, lim.output)
        if rc == -signal.SIGXCPU:
            timeout = True
        memory = not timeout and (b"MemoryError" in err[-2000:] or rc == -signal.SIGSEGV)
        return RunResult(rc, _read(fout, lim.output), err, _read(fres, lim.output), timeout, memory)
    finally:
        for f in files:
            f.close()
        shutil.rmtree(workdir, ignore_errors=True)
