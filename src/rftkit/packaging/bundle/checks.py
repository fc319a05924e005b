"""Pre-ship checks: shared objects fit the target, imports are satisfiable, the handler imports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from rftkit.errors import BuildError, RuntimeClientError
from rftkit.harness.runtime import (
    find_interpreter,
    host_arch,
)
from rftkit.packaging.bundle.grader_files import _GraderCode
from rftkit.packaging.bundle.imports import _import_names

RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3"})
"""Modules Lambda's managed Python runtimes provide (the AWS SDK and its dependencies): an
import of them is not a missing dependency, though a bundle may still ship its own version."""


_ELF_MACHINES = {"x86_64": 62, "arm64": 183}


_ELF_NAMES = {3: "i386", 8: "mips", 20: "ppc", 21: "ppc64", 40: "arm", 62: "x86_64", 183: "arm64"}


_TRIPLET_ARCH = {"x86_64": "x86_64", "aarch64": "arm64"}


_EXT_TAG = re.compile(r"\.cpython-(\d)(\d+)-([A-Za-z0-9_]+)-linux-([a-z]+)\.so$")


def check_shared_objects(
    entries: Mapping[str, Path | bytes], *, python: str, arch: str
) -> list[str]:
    """Every problem with the shared objects in ``entries`` for a ``python``/``arch`` Lambda.

    A ``.so`` must be a little-endian 64-bit ELF file whose machine is the target's; one named
    ``*.cpython-XY-<triplet>-linux-gnu.so`` must also match the target version and machine
    (``*.abi3.so`` fits any version). Returns an empty list when all is well.

    Example:
        >>> header = bytes([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1] + [0] * 11 + [62, 0])
        >>> check_shared_objects({"m.cpython-312-x86_64-linux-gnu.so": header},
        ...                      python="3.12", arch="arm64")
        ['m.cpython-312-x86_64-linux-gnu.so: built for x86_64, the target is arm64']
    """
    problems: list[str] = []
    want_machine = _ELF_MACHINES[arch]
    for name in sorted(entries):
        base = name.rsplit("/", 1)[-1]
        if not (base.endswith(".so") or ".so." in base):
            continue
        source = entries[name]
        if isinstance(source, bytes):
            head = source[:20]
        else:
            with open(source, "rb") as fh:
                head = fh.read(20)
        if len(head) < 20 or head[:4] != b"\x7fELF":
            problems.append(f"{name}: not an ELF shared object (built for another OS?)")
            continue
        if head[4] != 2 or head[5] != 1:
            problems.append(f"{name}: not a little-endian 64-bit ELF file")
            continue
        machine = int.from_bytes(head[18:20], "little")
        if machine != want_machine:
            built = _ELF_NAMES.get(machine, f"ELF machine {machine}")
            problems.append(f"{name}: built for {built}, the target is {arch}")
            continue
        tag = _EXT_TAG.search(base)
        if tag is not None:
            major, minor, triplet, libc = tag.groups()
            if f"{major}.{minor}" != python:
                problems.append(
                    f"{name}: a CPython {major}.{minor} extension, the target is Python {python}"
                )
            elif _TRIPLET_ARCH.get(triplet) != arch:
                problems.append(f"{name}: tagged for {triplet}, the target is {arch}")
            elif libc != "gnu":
                problems.append(f"{name}: built for {libc} libc, Lambda uses glibc")
    return problems


def _top_level_names(names: Iterable[str]) -> set[str]:
    """Importable top-level names in a bundle, from its archive names."""
    tops: set[str] = set()
    for name in names:
        first, sep, _ = name.partition("/")
        if sep:
            if not first.endswith((".dist-info", ".data", ".libs")) and first != "__pycache__":
                tops.add(first)
        elif first.endswith((".py", ".pyc")):
            tops.add(first.rpartition(".")[0])
        elif first.endswith(".so"):
            tops.add(first.split(".")[0])
    return tops


def _check_imports(code: _GraderCode, entries: Mapping[str, Path | bytes]) -> list[str]:
    """Refuse imports the bundle cannot satisfy; return the runtime-provided ones it uses."""
    shipped = _top_level_names(entries)
    available = shipped | set(sys.stdlib_module_names) | {"__future__"} | RUNTIME_PROVIDED
    missing: dict[str, list[str]] = {}
    provided: set[str] = set()
    for arc, path in code.scan:
        for name in _import_names(path):
            if name not in available:
                missing.setdefault(name, []).append(arc)
            elif name in RUNTIME_PROVIDED and name not in shipped:
                provided.add(name)
    if missing:
        lines = [
            f"{name} (imported by {', '.join(sorted(set(by)))})" for name, by in missing.items()
        ]
        raise BuildError(
            "missing dependency: the grader imports modules the bundle does not contain: "
            + "; ".join(sorted(lines)),
            hint="declare them with @grader(requires=[...]) or pass --requirement PKG",
        )
    return sorted(provided)


_IMPORT_CHECK = """
import importlib, json, os, sys, time
root = sys.argv[1]
sys.path[:0] = [root]
os.environ["LAMBDA_TASK_ROOT"] = root
os.chdir(root)
out = {"ok": True, "errors": []}
t0 = time.perf_counter()
module, _, attr = sys.argv[2].rpartition(".")
try:
    handler = getattr(importlib.import_module(module), attr)
    if not callable(handler):
        raise TypeError(f"{sys.argv[2]} is not callable")
except BaseException as exc:
    out["ok"] = False
    out["errors"].append(f"handler {sys.argv[2]}: {type(exc).__name__}: {exc}")
out["handler_ms"] = (time.perf_counter() - t0) * 1000
for name in sys.argv[3:]:
    try:
        importlib.import_module(name)
    except BaseException as exc:
        out["ok"] = False
        out["errors"].append(f"{name}: {type(exc).__name__}: {exc}")
out["python"] = sys.version.split()[0]
print(json.dumps(out))
"""


def _import_check(
    zip_path: Path,
    *,
    python: str,
    arch: str,
    handler: str,
    dependency_tops: Sequence[str],
    has_so: bool,
    workdir: Path,
    say: Callable[[str], None],
) -> tuple[str, str | None]:
    """Import the handler from the unpacked zip in a clean interpreter of the target.

    Returns (what happened, a warning or None).

    Raises:
        BuildError: the handler or a dependency does not import.
    """
    if has_so and arch != host_arch():
        why = f"skipped: the bundle holds {arch} code and this machine is {host_arch()}"
        return why, f"import check {why}"
    try:
        interpreter = find_interpreter(python)
    except RuntimeClientError:
        why = f"skipped: no Python {python} interpreter on this machine"
        return why, f"import check {why}"
    say(f"checking that {handler} imports in a clean Python {python}")
    root = workdir / "check"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root)
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        proc = subprocess.run(
            [
                str(interpreter),
                *("-I", "-S", "-B", "-c", _IMPORT_CHECK),
                str(root),
                handler,
                *dependency_tops,
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=root,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BuildError("the handler import check did not finish in 120 s") from None
    try:
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise BuildError(
            f"the handler import check crashed (exit {proc.returncode}): "
            + proc.stderr.strip()[-800:]
        ) from None
    if not report["ok"]:
        raise BuildError(
            f"the bundle does not import on Python {report['python']}: "
            + "; ".join(report["errors"]),
            hint="add the missing dependency with --requirement PKG, or fix the grader module",
        )
    return f"passed on Python {report['python']}", None
