"""Finding a CPython interpreter of a given version on this machine (pyenv, then ``PATH``)."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from rftkit.errors import RuntimeClientError

_MACHINES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}


_VERSION_RE = re.compile(r"3\.(\d{1,2})")


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
