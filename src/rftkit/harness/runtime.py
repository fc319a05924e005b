"""Run a built Lambda zip locally, the way AWS Lambda runs it.

:class:`LocalLambda` unpacks a bundle into a temporary directory, serves the Lambda Runtime API
(``/2018-06-01/runtime/...``) on 127.0.0.1, and starts the real runtime client, ``awslambdaric``
from PyPI, in a clean interpreter of the bundle's Python version with only the unpacked bundle
and the runtime client on ``sys.path``. Each :meth:`LocalLambda.invoke` hands one event to the
runtime loop and waits for its response, exactly as a warm Lambda sandbox would.

What is emulated, and how:

* **Isolation.** The interpreter runs with ``-S -s -P`` (no ``site``: neither the interpreter's
  own site-packages nor user site-packages nor ``.pth`` files; the working directory is not put
  on the path) and a rebuilt environment: only ``PYTHONPATH`` (bundle, then runtime client),
  ``PYTHONDONTWRITEBYTECODE`` (``/var/task`` is read-only on Lambda, so nothing is cached
  between cold starts), the variables Lambda defines (``AWS_LAMBDA_RUNTIME_API``,
  ``LAMBDA_TASK_ROOT``, ``_HANDLER``, ``AWS_LAMBDA_FUNCTION_NAME``, ...) and ``env``. The
  working directory is the task root. Lambda's runtime provides boto3; here it is put on
  the path after the runtime client only when the bundle's build record says its code
  imports the SDK without shipping it (or ``aws_sdk=True``). No AWS credentials are
  provided: pass them through ``env`` when a grader must call AWS.
* **Errors** come from ``awslambdaric`` itself, so they carry Lambda's names:
  ``Runtime.ImportModuleError``, ``Runtime.HandlerNotFound``, ``Runtime.UserCodeSyntaxError``,
  or an unhandled exception's class name. A process that dies mid-invocation gives
  ``Runtime.ExitError``; a response above 6 MB gives ``Function.ResponseSizeTooLarge``.
* **Timeout.** The function timeout runs from the moment the runtime receives the event (the
  ``Lambda-Runtime-Deadline-Ms`` header says when); initialisation has Lambda's own 10 s limit.
  On expiry the process group is killed, the invocation fails with ``Sandbox.Timedout``, and the
  next invocation starts a fresh (cold) process.
* **Memory.** Lambda kills a function whose memory use passes its memory size. Here the peak
  resident set size of the process (``VmHWM`` from ``/proc``, which also catches spikes between
  two looks) is read every 50 ms while an invocation runs and once when it ends; above
  ``memory_mb`` the process is killed and the invocation fails with ``Runtime.OutOfMemory``.
  The figure includes the interpreter and the runtime client, as Lambda's "Max Memory Used"
  does, and is reported in each ``REPORT`` log line. As a backstop against runaway
  allocations, ``RLIMIT_AS`` is set to ``memory_mb`` plus ``max(memory_mb, 1024)`` MB with
  ``resource.prlimit`` right after the process starts (no ``preexec_fn``, which is unsafe with
  threads): address space is not resident memory (untouched thread stacks and allocator
  arenas count; ``MALLOC_ARENA_MAX=2`` keeps the latter small), so the limit itself must be
  generous. Caveats: a spike shorter than the check interval is noticed only at the end of the
  invocation (the response is then discarded); an allocation beyond the backstop raises
  ``MemoryError`` in the handler; Linux only (elsewhere memory is not limited and a note says
  so).
* **Warm starts.** The process stays alive between invocations; module state persists. Cold
  start figures: :attr:`LocalLambda.init_ms` (process start to the runtime's first request for
  an event, Lambda's "Init Duration") and :attr:`LocalLambda.cold_start_ms` (process start to
  the first response).

The runtime client is compiled per Python version and architecture, so it is installed on first
use with the host's pip (``pip install --target ... --only-binary=:all: --python-version X
--platform manylinux...``) into ``$RFTKIT_CACHE_DIR`` (default ``~/.cache/rftkit``) under
``ric/<version>-<arch>-awslambdaric<ver>``, then byte-compiled with the target interpreter.
``RFTKIT_RIC_DIR`` points at a ready directory instead (offline machines).

Standard library only.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import platform
import re
import resource
import secrets
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from rftkit.errors import RuntimeClientError, UsageError
from rftkit.harness.invoke import InvokeResult

__all__ = [
    "BUNDLE_MANIFEST",
    "DEFAULT_HANDLER",
    "RIC_VERSION",
    "LocalLambda",
    "ensure_aws_sdk",
    "ensure_runtime_client",
    "find_interpreter",
    "host_arch",
    "pip_install_for_target",
    "read_bundle_manifest",
    "target_platforms",
]

RIC_VERSION = "4.2.2"
"""The ``awslambdaric`` release used as the runtime client (pinned: runs are reproducible)."""

BUNDLE_MANIFEST = "rftkit_grader.json"
"""The file at a bundle's root holding the baked grader spec and the build's target."""

DEFAULT_HANDLER = "rftkit.harness.lambda_entry.handler"
"""The handler string of every bundle ``rftkit build`` makes."""

DEFAULT_PYTHON = "3.12"
"""The Python version assumed for a zip that records none."""

INIT_TIMEOUT_S = 10.0
"""Lambda's limit on the init phase of an on-demand function."""

MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
"""Lambda's limit on a synchronous invocation's request and response payloads."""

_ADDRESS_SPACE_ALLOWANCE_MB = 1024
_API = "/2018-06-01/runtime"
_POLL_S = 0.05
_FAKE_ACCOUNT = "000000000000"
_FAKE_REGION = "us-east-1"
_MACHINES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}
_GLIBC_MAX_MINOR = 34
"""Lambda's Python 3.12+ runtimes run on Amazon Linux 2023, whose glibc is 2.34."""
_WHEEL_MACHINES = {"x86_64": "x86_64", "arm64": "aarch64"}
_VERSION_RE = re.compile(r"3\.(\d{1,2})")


def _stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def host_arch() -> str:
    """This machine's architecture in Lambda's spelling (``x86_64`` or ``arm64``).

    Example:
        >>> host_arch() in {"x86_64", "arm64"}
        True
    """
    machine = platform.machine().lower()
    return _MACHINES.get(machine, machine)


def _check_version(version: str) -> str:
    version = version.removeprefix("python")
    if not _VERSION_RE.fullmatch(version):
        raise RuntimeClientError(
            f"bad Python version {version!r}", hint="give a version such as 3.12 or 3.13"
        )
    return version


# -- interpreters ------------------------------------------------------------------------------


def _pyenv_root() -> Path | None:
    root = os.environ.get("PYENV_ROOT")
    if root:
        return Path(root)
    exe = shutil.which("pyenv")
    if exe:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [exe, "root"], capture_output=True, text=True, timeout=10, check=True
            )
            if out.stdout.strip():
                return Path(out.stdout.strip())
    home = Path.home() / ".pyenv"
    return home if home.is_dir() else None


def _patch_key(path: Path) -> tuple[int, ...]:
    # versions/3.12.1/bin/python3.12 -> (12, 1); "3.12-dev" sorts below any release.
    name = path.parent.parent.name
    nums = re.findall(r"\d+", name)
    return tuple(int(n) for n in nums[1:3]) if name.replace(".", "").isdigit() else (-1,)


@lru_cache(maxsize=32)
def _probe(exe: str) -> tuple[str, str, str]:
    """(version "3.12", arch, real executable path) of an interpreter, or raise OSError."""
    code = (
        "import sys, platform; v = sys.version_info; "
        "print(f'{v[0]}.{v[1]}', platform.machine(), sys.implementation.name, sys.executable)"
    )
    out = subprocess.run(
        [exe, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    version, machine, impl, real = out.stdout.strip().split(" ", 3)
    if impl != "cpython":
        raise OSError(f"{exe} is {impl}, not CPython")
    return version, _MACHINES.get(machine.lower(), machine), real


def find_interpreter(version: str) -> Path:
    """Find a CPython interpreter of ``version`` (e.g. ``"3.12"``).

    Looks under ``$(pyenv root)/versions/3.12*/bin/python3.12`` first (newest patch release
    wins), then for ``python3.12`` on ``PATH``; each candidate is run once to confirm its
    version. ``RFTKIT_PYTHON_3_12`` (an interpreter path) overrides the search.

    Example:
        >>> find_interpreter("3.12").name.startswith("python3")  # doctest: +SKIP
        True

    Raises:
        RuntimeClientError: no interpreter of that version exists on this machine.
    """
    version = _check_version(version)
    candidates: list[Path] = []
    override = os.environ.get(f"RFTKIT_PYTHON_{version.replace('.', '_')}")
    if override:
        candidates.append(Path(override))
    root = _pyenv_root()
    if root is not None:
        found = [
            p
            for p in (root / "versions").glob(f"{version}*/bin/python{version}")
            if re.fullmatch(rf"{re.escape(version)}(\.\d+)?", p.parent.parent.name)
        ]
        candidates.extend(sorted(found, key=_patch_key, reverse=True))
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        try:
            found_version, _, real = _probe(str(candidate))
        except (OSError, subprocess.SubprocessError, ValueError):
            continue
        if found_version == version:
            return Path(real)
    raise RuntimeClientError(
        f"no Python {version} interpreter found (looked in "
        f"{(root / 'versions') if root else '$(pyenv root)/versions'} and on PATH)",
        hint=f"install it (e.g. `pyenv install {version}`), set RFTKIT_PYTHON_"
        f"{version.replace('.', '_')} to its path, or pick another --python",
    )


# -- the runtime client ------------------------------------------------------------------------


def _cache_root() -> Path:
    env = os.environ.get("RFTKIT_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "rftkit"


def _run_pip_logged(cmd: list[str], progress: Callable[[str], None]) -> tuple[int, list[str]]:
    """Run pip, passing each output line to ``progress``; return (status, last lines)."""
    tail: deque[str] = deque(maxlen=25)
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
    )
    assert proc.stdout is not None
    for raw in proc.stdout:
        line = raw.rstrip()
        if line:
            tail.append(line)
            progress(f"  pip: {line}")
    return proc.wait(), list(tail)


def target_platforms(arch: str) -> list[str]:
    """The wheel platform tags a Lambda of ``arch`` accepts, newest glibc first.

    pip does not widen ``manylinux_2_X`` to older glibc levels, so every level is listed.

    Example:
        >>> target_platforms("arm64")[0]
        'manylinux_2_34_aarch64'
    """
    machine = _WHEEL_MACHINES[arch]
    tags = [f"manylinux_2_{minor}_{machine}" for minor in range(_GLIBC_MAX_MINOR, 4, -1)]
    tags.append(f"manylinux2014_{machine}")
    if machine == "x86_64":
        tags += ["manylinux2010_x86_64", "manylinux1_x86_64"]
    return tags


def pip_install_for_target(
    requirements: list[str],
    target: Path,
    *,
    python: str,
    arch: str,
    progress: Callable[[str], None],
    extra_args: tuple[str, ...] = (),
) -> tuple[int, list[str]]:
    """Install ``requirements`` into ``target`` as wheels for a Lambda of ``python``/``arch``.

    Uses the host's pip with ``--only-binary=:all: --implementation cp --python-version X
    --abi cpXY --platform manylinux...`` (glibc up to 2.34), never the host's own wheels, and
    ``--no-compile`` (byte code would be the host's). Each output line goes to ``progress``.

    Returns:
        pip's exit status and its last output lines (for error messages).
    """
    major, minor = _check_version(python).split(".")
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--progress-bar=off",
        f"--target={target}",
        "--only-binary=:all:",
        "--implementation=cp",
        f"--python-version={python}",
        f"--abi=cp{major}{minor}",
        "--abi=abi3",
        "--abi=none",
        *(f"--platform={tag}" for tag in target_platforms(arch)),
        "--no-compile",
        *extra_args,
        *requirements,
    ]
    try:
        return _run_pip_logged(cmd, progress)
    except OSError as exc:
        return 127, [f"cannot run pip: {exc}"]


def _ensure_cached(
    name: str,
    requirements: list[str],
    *,
    what: str,
    version: str,
    arch: str,
    interpreter: Path | None,
    progress: Callable[[str], None] | None,
    hint: str,
) -> Path:
    """Install ``requirements`` for a target once into ``<cache>/ric/<name>``, under a lock."""
    if arch not in _WHEEL_MACHINES:
        raise RuntimeClientError(f"no {what} for architecture {arch!r}")
    say = progress or _stderr_progress
    base = _cache_root() / "ric"
    final = base / name
    marker = final / ".rftkit-complete"
    if marker.is_file():
        return final
    base.mkdir(parents=True, exist_ok=True)
    with open(base / f".{final.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be installing the same one
        if marker.is_file():
            return final
        say(f"rftkit: installing {what} for Python {version} {arch} into {final} (first use only)")
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=base))
        try:
            status, tail = pip_install_for_target(
                requirements, staging, python=version, arch=arch, progress=say
            )
            if status != 0:
                raise RuntimeClientError(
                    f"pip could not install {what} for Python {version} {arch}:\n  "
                    + "\n  ".join(tail[-8:]),
                    hint=hint,
                )
            if interpreter is not None:
                # Lambda's runtime directories ship compiled; without this every local cold
                # start would also compile them.
                subprocess.run(
                    [str(interpreter), "-I", "-m", "compileall", "-q", "-j", "1", str(staging)],
                    capture_output=True,
                    check=False,
                    timeout=600,
                )
            marker_text = "\n".join(requirements) + "\n"
            (staging / ".rftkit-complete").write_text(marker_text)
            if final.exists():
                shutil.rmtree(final)
            staging.rename(final)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        say(f"rftkit: {what} ready in {final}")
    return final


def ensure_runtime_client(
    version: str,
    arch: str | None = None,
    *,
    interpreter: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Return a directory holding ``awslambdaric`` built for ``version`` and ``arch``.

    Installed once per version and architecture with the host's pip into the rftkit cache
    (``$RFTKIT_CACHE_DIR``, default ``~/.cache/rftkit``), then byte-compiled with
    ``interpreter`` when given, as Lambda's own runtime directory is. Concurrent first uses wait
    for each other on a lock file. ``RFTKIT_RIC_DIR`` names a ready directory instead.

    Example:
        >>> ensure_runtime_client("3.12").joinpath("awslambdaric").is_dir()  # doctest: +SKIP
        True

    Raises:
        RuntimeClientError: pip is missing or could not install the runtime client.
    """
    version = _check_version(version)
    arch = arch or host_arch()
    override = os.environ.get("RFTKIT_RIC_DIR")
    if override:
        path = Path(override)
        if not (path / "awslambdaric").is_dir():
            raise RuntimeClientError(f"RFTKIT_RIC_DIR={override} holds no awslambdaric package")
        return path
    return _ensure_cached(
        f"{version}-{arch}-awslambdaric{RIC_VERSION}",
        [f"awslambdaric=={RIC_VERSION}"],
        what=f"the Lambda runtime client (awslambdaric {RIC_VERSION})",
        version=version,
        arch=arch,
        interpreter=interpreter,
        progress=progress,
        hint="check that PyPI is reachable, or set RFTKIT_RIC_DIR to a directory where "
        "awslambdaric is installed for that Python",
    )


def ensure_aws_sdk(
    version: str,
    arch: str | None = None,
    *,
    interpreter: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Return a directory holding boto3, standing in for the SDK Lambda's runtime provides.

    Installed once (the newest boto3 at that moment) into the rftkit cache, like
    :func:`ensure_runtime_client`. ``RFTKIT_AWS_SDK_DIR`` names a ready directory instead.

    Raises:
        RuntimeClientError: pip could not install boto3.
    """
    version = _check_version(version)
    arch = arch or host_arch()
    override = os.environ.get("RFTKIT_AWS_SDK_DIR")
    if override:
        return Path(override)
    return _ensure_cached(
        f"{version}-{arch}-aws-sdk",
        ["boto3"],
        what="the AWS SDK (boto3) that Lambda's Python runtime provides",
        version=version,
        arch=arch,
        interpreter=interpreter,
        progress=progress,
        hint="check that PyPI is reachable, or bundle the SDK with --requirement boto3",
    )


# -- bundles -----------------------------------------------------------------------------------


def read_bundle_manifest(zip_path: Path | str) -> dict[str, Any]:
    """Read the build record (``rftkit_grader.json``) of a bundle, or ``{}`` when it has none.

    Example:
        >>> read_bundle_manifest("dist/gsm8k-py3.12-x86_64.zip")["handler"]  # doctest: +SKIP
        'rftkit.harness.lambda_entry.handler'

    Raises:
        RuntimeClientError: the file is not a readable zip.
    """
    try:
        with zipfile.ZipFile(zip_path) as zf:
            try:
                raw = zf.read(BUNDLE_MANIFEST)
            except KeyError:
                return {}
    except zipfile.BadZipFile:
        raise UsageError(
            f"{zip_path} is not a zip file", hint="give a bundle built by `rftkit build`"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot read bundle {zip_path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise RuntimeClientError(f"{zip_path}: {BUNDLE_MANIFEST} is not JSON: {exc}") from None
    return data if isinstance(data, dict) else {}


def _refuse_other_python(zip_path: Path, recorded: str, wanted: str) -> None:
    """One clear error, before anything runs, for a bundle built for another Python.

    Its byte code and compiled extensions are for the recorded version only: under another
    one every invocation would fail (``bad magic number``), and Lambda would run the
    recorded version anyway.
    """
    if recorded.removeprefix("python") != wanted:
        raise UsageError(
            f"{zip_path.name} was built for Python {recorded}, not {wanted}",
            hint=f"drop --python (the bundle's own {recorded} is the default), or rebuild "
            f"with `rftkit build --python {wanted}`",
        )


def _extract(zip_path: Path, dest: Path) -> bool:
    """Unpack a bundle safely; return True when it holds shared objects (ELF ``.so``)."""
    has_so = False
    try:
        with zipfile.ZipFile(zip_path) as zf:
            for info in zf.infolist():
                name = info.filename
                parts = Path(name).parts
                if name.startswith("/") or ".." in parts or "\\" in name:
                    raise RuntimeClientError(f"{zip_path}: unsafe entry name {name!r}")
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise RuntimeClientError(f"{zip_path}: symbolic link entry {name!r}")
                target = dest / name
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out)
                # Lambda keeps the permission bits recorded in the zip.
                target.chmod((mode & 0o777) or 0o644)
                if name.endswith(".so") or ".so." in name:
                    has_so = True
    except (OSError, zipfile.BadZipFile) as exc:
        raise RuntimeClientError(f"cannot unpack {zip_path}: {exc}") from None
    return has_so


# -- the Runtime API ---------------------------------------------------------------------------


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


# -- the sandbox: one runtime process and its server --------------------------------------------


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


# -- the public runner -------------------------------------------------------------------------


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
