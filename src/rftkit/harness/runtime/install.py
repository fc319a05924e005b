"""Installing target wheels with the host's pip: the runtime client, the AWS SDK, and a
bundle's dependencies (manylinux, the target's CPython ABI, never the host's wheels).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Callable
from pathlib import Path

from rftkit.errors import RuntimeClientError
from rftkit.harness.runtime.interpreters import _check_version, host_arch

RIC_VERSION = "4.2.2"
"""The ``awslambdaric`` release used as the runtime client (pinned: runs are reproducible)."""


_GLIBC_MAX_MINOR = 34
"""Lambda's Python 3.12+ runtimes run on Amazon Linux 2023, whose glibc is 2.34."""


_WHEEL_MACHINES = {"x86_64": "x86_64", "arm64": "aarch64"}


def _stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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
