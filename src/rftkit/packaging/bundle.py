"""Build deterministic Lambda bundles for a grader, with pre-ship checks.

:func:`build_bundle` makes one zip holding:

* ``rftkit_grader.json`` at the root: the grader spec plus the build record (Python version,
  architecture, handler, requirements and the versions installed) that
  :mod:`rftkit.harness.lambda_entry` and :class:`rftkit.harness.runtime.LocalLambda` read;
* the rftkit modules a reward Lambda needs: the top-level package, ``errors``, all of
  ``rewards/`` (graders load by name), and the harness modules on the handler's import path
  (``lambda_entry``, ``handler``, ``contract``, ``invoke`` and whatever they import), found
  by following their ``import`` statements; never ``cli``, ``packaging`` or ``jobs``;
* the grader's own code: a local ``file.py:factory`` is copied to the root as a module and its
  spec target rewritten to ``module:factory``; a package ships what its installed
  distribution's RECORD lists, or, for a plain folder, its modules plus the data files
  declared with ``package_data``, with its distribution's metadata. Dotfiles, VCS and cache
  folders, secret-looking data files and symlinks leaving the package never ship;
* third-party dependencies (the grader's ``requires``, the plugin distribution's requirements,
  and ``--requirement``) installed from the *target's* wheels: manylinux up to glibc 2.34,
  CPython ABI of the target version, never the host's.

Bytecode (the default; ``bytecode=False``, ``rftkit build --no-bytecode`` turns it off):
Lambda's task directory is read-only, so a zip of sources makes every cold start compile every
module it imports (for the gsm8k handler that is about half its cold start). The *target*
interpreter compiles each module into a PEP 552 unchecked-hash ``.pyc``
(``py_compile`` with ``UNCHECKED_HASH``): nothing ever compares it with a source file or a
timestamp, so the 1980 timestamps of the zip entries cannot invalidate it.

* rftkit's own modules and the dependencies' modules ship as ``.pyc`` only, in place of their
  ``.py``: shipping both would nearly triple the gsm8k zip (about 146 KB instead of 58 KB
  without bytecode; bytecode only is about 87 KB) and take the sympy-based ``math`` bundle
  from about 7 MB to over 11 MB. Tracebacks through them name the file and line but show no
  source text (the versions are in the build record). The grader's own code keeps its
  source, with the ``.pyc`` in ``__pycache__/<name>.cpython-XY.pyc`` beside it.
* Compiled with ``-X no_debug_ranges``: no column tables, so the compressed bytecode is about a
  fifth smaller; tracebacks lose only their ``^^^`` markers.
* A ``.pyc`` is valid for every interpreter with the same magic number, which CPython keeps
  fixed within a minor version (it changes only between 3.12 and 3.13, and so on): bytecode
  from this machine's 3.12.x runs on Lambda's own 3.12 patch release. Were the numbers ever to
  differ, a module with its source would quietly be compiled from it, but the
  bytecode-only modules would fail to import. CPython's rule is what this relies on: the
  import check and the deploy smoke test catch a bundle that does not import when it is built
  and deployed, not a later patch release of Lambda's runtime.
* Without an interpreter of the target version here, the zip holds sources only and the build
  warns (it is not an error): install it, or point ``RFTKIT_PYTHON_3_12`` (etc.) at one.

Determinism: entries are sorted, every timestamp is 1980-01-01 00:00, modes are fixed (0644,
0755 for shared objects), no directory entries, no comment; the same inputs give the same bytes
(with the same zlib; dependency versions are pinned by pinning the requirements). With bytecode
the bytes also depend on the build of the target interpreter: the same interpreter gives the
same zip, while another patch release (3.12.1 here, 3.12.8 there) may give different ``.pyc``
bytes, so a rebuild on another machine may change ``CodeSha256`` and make deploy upload the
code again. The build record names the interpreter (``"bytecode": "3.12.1"``).

Checks before anything is written to ``out_dir``: Lambda's size limits (250 MB unzipped is an
error; above 50 MB zipped is a warning, as ``rftkit deploy`` uploads directly, not via S3);
every ``.so`` is an ELF file for the target machine and, when it carries a CPython tag, for the
target version; the
grader's code imports nothing the bundle lacks (a missing dependency is an error); and the
handler imports in a clean interpreter of the target version with only the unpacked zip on its
path (skipped, with a warning saying so, when no such interpreter exists here or the bundle
holds compiled code for another architecture).

Slimming: no ``__pycache__``/``*.pyc`` from this machine (only the target's, above),
``tests``/``test`` directories inside packages, ``bin/``, ``share/``, ``include/``, or install
records; shared objects are never stripped.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import rftkit
from rftkit.errors import BuildError, RuntimeClientError, UsageError
from rftkit.harness.runtime import (
    BUNDLE_MANIFEST,
    DEFAULT_HANDLER,
    find_interpreter,
    host_arch,
    pip_install_for_target,
)
from rftkit.rewards.registry import BUILTINS, GraderRegistry, default_registry
from rftkit.rewards.types import GraderSpec

__all__ = [
    "ARCHITECTURES",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIPPED_DIRECT_BYTES",
    "PYTHON_VERSIONS",
    "BundleResult",
    "build_bundle",
    "check_package_data",
    "check_shared_objects",
    "write_deterministic_zip",
]

PYTHON_VERSIONS = ("3.12", "3.13", "3.14")
"""Python versions a bundle can target (Lambda runtimes python3.12 to python3.14)."""

ARCHITECTURES = ("x86_64", "arm64")
"""Lambda's instruction-set architectures."""

MAX_ZIPPED_DIRECT_BYTES = 50 * 1024 * 1024
"""Largest zip Lambda accepts as a direct upload; larger ones go through S3."""

MAX_UNZIPPED_BYTES = 250 * 1024 * 1024
"""Largest unpacked deployment package Lambda accepts."""

RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3"})
"""Modules Lambda's managed Python runtimes provide (the AWS SDK and its dependencies): an
import of them is not a missing dependency, though a bundle may still ship its own version."""

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every entry (the earliest a zip can hold)."""

_ELF_MACHINES = {"x86_64": 62, "arm64": 183}
_ELF_NAMES = {3: "i386", 8: "mips", 20: "ppc", 21: "ppc64", 40: "arm", 62: "x86_64", 183: "arm64"}
_TRIPLET_ARCH = {"x86_64": "x86_64", "aarch64": "arm64"}
_EXT_TAG = re.compile(r"\.cpython-(\d)(\d+)-([A-Za-z0-9_]+)-linux-([a-z]+)\.so$")
_CORE_MODULES = (
    "rftkit",
    "rftkit.errors",
    "rftkit.rewards",
    "rftkit.rewards.types",
    "rftkit.rewards.registry",
    "rftkit.rewards.deadline",
    "rftkit.rewards.builtin",
    "rftkit.harness",
    "rftkit.harness.invoke",
    "rftkit.harness.contract",
    "rftkit.harness.handler",
    "rftkit.harness.lambda_entry",
)
_NEVER_SHIPPED = ("rftkit/cli/", "rftkit/packaging/", "rftkit/jobs/")
# rftkit's own modules ship as bytecode only (see "Bytecode" in the module docstring).
_SOURCELESS_PREFIXES: tuple[str, ...] = ("rftkit/",)
_DROP_DIRS = frozenset({"__pycache__", "tests", "test", ".pytest_cache"})
_DROP_TOP = frozenset({"bin", "share", "include", "etc"})
_DROP_META = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_REQ_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True, slots=True)
class BundleResult:
    """A built bundle and the facts deploy needs about it.

    Attributes:
        path: the zip.
        sha256: hex SHA-256 of the zip.
        code_sha256: base64 of the SHA-256 digest, Lambda's ``CodeSha256``.
        size: zip size in bytes.
        unzipped_size: total size of the files in it.
        spec: the grader spec baked into it (a file grader's target is rewritten to
            ``module:attr``).
        python: target Python version (``"3.12"``).
        arch: target architecture (``"x86_64"`` or ``"arm64"``).
        handler: the Lambda handler string.
        permissions: IAM actions the grader declared it needs.
        iam_statements: the exact IAM policy statements the grader declared (deploy makes them
            the role's inline policy), or None when it declared only ``permissions``.
        requirements: the third-party requirements that were installed.
        installed: distribution name to version, for everything installed.
        files: number of files in the zip.
        import_check: what the clean-interpreter import check found (or why it was skipped).
        bytecode: the interpreter version whose ``.pyc`` files the zip holds ("" for none:
            turned off, or no interpreter of the target version here).
        warnings: things a user should know (S3 upload needed, a skipped check, grader
            files left out).
        contents: every file in the zip as ``(archive name, size in bytes)``, sorted by name
            (``rftkit build --list``; ``file_list`` in ``--json``).

    Example:
        >>> r = build_bundle("gsm8k", out_dir=Path(tempfile.mkdtemp()))  # doctest: +SKIP
        >>> r.code_sha256 == base64.b64encode(bytes.fromhex(r.sha256)).decode()  # doctest: +SKIP
        True
    """

    path: Path
    sha256: str
    code_sha256: str
    size: int
    unzipped_size: int
    spec: GraderSpec
    python: str
    arch: str
    handler: str
    permissions: tuple[str, ...]
    iam_statements: tuple[dict[str, Any], ...] | None = None
    requirements: tuple[str, ...] = ()
    installed: Mapping[str, str] = field(default_factory=dict)
    files: int = 0
    import_check: str = ""
    bytecode: str = ""
    warnings: tuple[str, ...] = ()
    contents: tuple[tuple[str, int], ...] = ()

    @property
    def needs_s3(self) -> bool:
        """True when the zip is too large for a direct upload to Lambda."""
        return self.size > MAX_ZIPPED_DIRECT_BYTES

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``rftkit build --json``)."""
        return {
            "path": str(self.path),
            "sha256": self.sha256,
            "code_sha256": self.code_sha256,
            "size": self.size,
            "unzipped_size": self.unzipped_size,
            "files": self.files,
            "spec": self.spec.to_dict(),
            "python": self.python,
            "arch": self.arch,
            "handler": self.handler,
            "permissions": list(self.permissions),
            "iam_statements": None
            if self.iam_statements is None
            else [dict(st) for st in self.iam_statements],
            "requirements": list(self.requirements),
            "installed": dict(self.installed),
            "needs_s3": self.needs_s3,
            "import_check": self.import_check,
            "bytecode": self.bytecode,
            "warnings": list(self.warnings),
            "file_list": [{"name": name, "size": size} for name, size in self.contents],
        }


# -- the zip ------------------------------------------------------------------------------------


def _mode_for(name: str) -> int:
    return 0o755 if name.endswith(".so") or ".so." in name else 0o644


def write_deterministic_zip(entries: Mapping[str, Path | bytes], dest: Path) -> None:
    """Write ``entries`` (archive name to file or bytes) as a reproducible zip.

    Sorted names, the 1980-01-01 timestamp, fixed Unix modes, deflate level 9, no directory
    entries and no comment: the same entries always give the same bytes.

    Example:
        >>> d = Path(tempfile.mkdtemp())
        >>> write_deterministic_zip({"b.py": b"B", "a.py": b"A"}, d / "1.zip")
        >>> write_deterministic_zip({"a.py": b"A", "b.py": b"B"}, d / "2.zip")
        >>> (d / "1.zip").read_bytes() == (d / "2.zip").read_bytes()
        True
    """
    with zipfile.ZipFile(dest, "w") as zf:
        for name in sorted(entries):
            source = entries[name]
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.create_system = 3  # Unix, whatever the build host: modes are read from here
            info.external_attr = (0o100000 | _mode_for(name)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(source, bytes):
                zf.writestr(info, source, compresslevel=9)
            else:
                with open(source, "rb") as src, zf.open(info, "w") as out:
                    shutil.copyfileobj(src, out, 1 << 20)


# -- checks -------------------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class _ImportStmt:
    level: int  # 0 for absolute imports
    module: str  # ``import a.b`` -> "a.b"; ``from .x import y`` -> "x" (may be "")
    names: tuple[str, ...]  # names after ``from ... import`` (empty for ``import``)
    optional: bool  # under ``try/except ImportError`` or ``if TYPE_CHECKING``


_OPTIONAL_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception"})


def _guarded(handlers: Iterable[ast.ExceptHandler]) -> bool:
    for handler in handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            if kind is None or (isinstance(kind, ast.Name) and kind.id in _OPTIONAL_ERRORS):
                return True
    return False


@lru_cache(maxsize=4096)
def _scan_imports(path: str, mtime_ns: int, size: int) -> tuple[_ImportStmt, ...]:
    """Every import statement of a module, at any depth (cached per file version).

    Only statements are visited (imports are statements), which keeps this fast.
    """
    del mtime_ns, size  # part of the cache key only
    try:
        tree = ast.parse(Path(path).read_bytes(), path)
    except SyntaxError as exc:
        raise BuildError(f"{path}: syntax error: {exc}") from None
    found: list[_ImportStmt] = []

    def visit(node: ast.AST, optional: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend(_ImportStmt(0, a.name, (), optional) for a in node.names)
            return
        if isinstance(node, ast.ImportFrom):
            names = tuple(a.name for a in node.names)
            found.append(_ImportStmt(node.level, node.module or "", names, optional))
            return
        if isinstance(node, ast.Try | ast.TryStar) and _guarded(node.handlers):
            for stmt in node.body:
                visit(stmt, True)
            rest: list[ast.AST] = [*node.handlers, *node.orelse, *node.finalbody]
            for other in rest:
                visit(other, optional)
            return
        if isinstance(node, ast.If):
            test = node.test
            if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
            ):
                for stmt in node.orelse:
                    visit(stmt, optional)
                return
        for field_name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field_name, None)
            if isinstance(children, list):
                for child in children:
                    if isinstance(child, ast.stmt | ast.excepthandler | ast.match_case):
                        visit(child, optional)

    visit(tree, False)
    return tuple(found)


def _imports_of(path: Path) -> tuple[_ImportStmt, ...]:
    st = path.stat()
    return _scan_imports(str(path), st.st_mtime_ns, st.st_size)


def _import_names(path: Path) -> set[str]:
    """Top-level names of the absolute imports a module needs (optional imports excluded).

    An import inside ``try: ... except ImportError`` (or ``ModuleNotFoundError``) or under
    ``if TYPE_CHECKING:`` is optional and not counted.
    """
    return {
        imp.module.split(".")[0]
        for imp in _imports_of(path)
        if not imp.optional and imp.level == 0 and imp.module
    }


def _rftkit_imports(path: Path, package: str) -> set[str]:
    """Dotted names of the rftkit modules a module imports (absolute or relative)."""
    found: set[str] = set()
    for imp in _imports_of(path):
        if imp.level:
            base = package.split(".")
            base = base[: len(base) - imp.level + 1]
            module = ".".join([*base, imp.module] if imp.module else base)
        else:
            module = imp.module
        if module.split(".")[0] != "rftkit":
            continue
        found.add(module)
        # `from rftkit.x import y` may name the submodule rftkit.x.y
        found.update(f"{module}.{name}" for name in imp.names)
    return found


# -- collecting files -----------------------------------------------------------------------------


def _walk(root: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    """Files under ``root`` as (archive name, path), sorted, without caches or tests."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _DROP_DIRS)
        rel = Path(dirpath).relative_to(root)
        for name in sorted(filenames):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(dirpath) / name
            if path.is_symlink() and not path.exists():
                continue
            arc = "/".join(p for p in (prefix, *rel.parts, name) if p)
            yield arc, path


# -- the grader's own files ------------------------------------------------------------------------
#
# A grader package is often a working folder: it may hold a .env, a .git directory, notes, or a
# symlink into ~/.aws. Only Python modules and declared package data ship, every path is
# checked, and nothing outside the package is ever read.

_VCS_DIRS = frozenset({"CVS", "_darcs", "RCS", "SCCS"})  # dot-named VCS folders are dotfiles
_SECRET_WORDS = frozenset(
    {
        "cred",
        "creds",
        "credential",
        "credentials",
        "secret",
        "secrets",
        "password",
        "passwords",
        "passwd",
        "token",
        "tokens",
        "apikey",
        "apikeys",
        "netrc",
        "pgpass",
        "htpasswd",
        "keystore",
        "keychain",
    }
)
_SECRET_SUFFIXES = (
    ".pem",
    ".key",
    ".p12",
    ".pfx",
    ".jks",
    ".keystore",
    ".kdbx",
    ".gpg",
    ".asc",
    ".ovpn",
    ".tfstate",
    ".env",
    ".ppk",
)
_SECRET_STEMS = ("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "api_key", "api-key", "apikey")
_MAX_PATTERN_CHARS = 200


def _looks_secret(name: str) -> bool:
    """True for a data file name that looks like a secret (``creds.txt``, ``server.pem``).

    Example:
        >>> [_looks_secret(n) for n in ("creds.txt", "id_rsa", "aws_credentials", "labels.json")]
        [True, True, True, False]
    """
    lowered = name.lower()
    if lowered.endswith(_SECRET_SUFFIXES) or lowered.startswith(_SECRET_STEMS):
        return True
    return bool(_SECRET_WORDS & set(re.split(r"[^a-z0-9]+", lowered)))


def _is_module_file(name: str) -> bool:
    """A Python module: ``name.py``, or an extension module ``name[.tag].so``."""
    if name.endswith(".py"):
        return _IDENT.fullmatch(name[:-3]) is not None
    if name.endswith(".so"):
        return _IDENT.fullmatch(name.split(".", 1)[0]) is not None
    return False


def _hidden_or_dropped(parts: Sequence[str]) -> str | None:
    """Why a relative path never ships (a dotfile, VCS or cache folder, tests), or None."""
    for index, part in enumerate(parts):
        if part.startswith("."):
            return "a dotfile" if index == len(parts) - 1 else "inside a dot folder"
        if index < len(parts) - 1 and (part in _VCS_DIRS or part in _DROP_DIRS):
            return f"inside {part}/"
    if parts and parts[-1].endswith((".pyc", ".pyo")):
        return "bytecode from this machine"
    return None


def check_package_data(patterns: Iterable[str]) -> list[str]:
    """Validate declared package-data patterns; return them as a list.

    A pattern is a relative POSIX glob matched against a file's path inside the grader's
    package (``data/*.json``, ``templates/**``, ``labels.txt``); ``**`` spans folders, and a
    pattern naming a folder takes the files under it.

    Raises:
        UsageError: an empty, absolute or parent-relative pattern.

    Example:
        >>> check_package_data(["data/*.json"])
        ['data/*.json']
        >>> check_package_data(["../secrets/*"])
        Traceback (most recent call last):
        ...
        rftkit.errors.UsageError: package data pattern '../secrets/*' leaves the package
    """
    checked = []
    for pattern in patterns:
        if not isinstance(pattern, str) or not pattern.strip("/ "):
            raise UsageError(f"package data pattern {pattern!r} is empty")
        if len(pattern) > _MAX_PATTERN_CHARS or "\\" in pattern or "\x00" in pattern:
            raise UsageError(
                f"package data pattern {pattern[:40]!r} is not a short POSIX glob",
                hint="write patterns like data/*.json, relative to the package folder",
            )
        parts = pattern.strip("/").split("/")
        if pattern.startswith("/") or ".." in parts:
            raise UsageError(
                f"package data pattern {pattern!r} leaves the package",
                hint="write patterns relative to the package folder, e.g. data/*.json",
            )
        checked.append(pattern.strip("/"))
    return checked


def _glob_match(parts: Sequence[str], pattern: Sequence[str]) -> bool:
    """Segment-wise glob: ``*``/``?``/``[..]`` within one segment, ``**`` for any segments."""
    import fnmatch

    # Dynamic programming over (path index, pattern index): linear in their product.
    reach = {(0, 0)}
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if j == len(pattern):
            if i == len(parts):
                return True
            continue
        nxt: list[tuple[int, int]] = []
        if pattern[j] == "**":
            nxt.append((i, j + 1))
            if i < len(parts):
                nxt.append((i + 1, j))
        elif i < len(parts) and fnmatch.fnmatchcase(parts[i], pattern[j]):
            nxt.append((i + 1, j + 1))
        for state in nxt:
            if state not in reach:
                reach.add(state)
                todo.append(state)
    return False


def _declared(parts: Sequence[str], patterns: Sequence[Sequence[str]]) -> int | None:
    """The index of the first pattern matching the path or one of its folders, or None."""
    for index, pattern in enumerate(patterns):
        for end in range(len(parts), 0, -1):
            if _glob_match(parts[:end], pattern):
                return index
    return None


@dataclass(slots=True)
class _Selection:
    """What was taken from the grader's package, and what was left out and why."""

    files: dict[str, Path] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)  # undeclared non-module files
    refused: list[str] = field(default_factory=list)  # "name (why)": unsafe or secret-looking
    used_patterns: set[int] = field(default_factory=set)


def _safe_source(path: Path, real_root: Path) -> tuple[Path | None, str]:
    """The file to read for ``path``, or None and why it must not be read.

    A symlink ships only when it resolves to a regular file inside the package (by real
    path), and that target is neither hidden nor secret-looking; broken links and loops are
    refused. Only regular files ship (never a FIFO or a device).
    """
    try:
        if path.is_symlink():
            real = path.resolve(strict=True)
            if not real.is_relative_to(real_root):
                return None, "a symlink leaving the package"
            rel = real.relative_to(real_root).parts
            if _hidden_or_dropped(rel) is not None or _looks_secret(real.name):
                return None, "a symlink to a file that never ships"
        mode = path.stat().st_mode
    except (OSError, RuntimeError):  # broken link, loop (RuntimeError before 3.13)
        return None, "a broken or looping symlink"
    import stat as stat_module

    if not stat_module.S_ISREG(mode):
        return None, "not a regular file"
    return path, ""


def _consider(
    sel: _Selection,
    arc: str,
    parts: Sequence[str],
    *,
    path: Path,
    real_root: Path,
    patterns: Sequence[Sequence[str]],
    listed: bool,
) -> None:
    """Take one file of the package if it is a module, listed or declared, and safe."""
    if _hidden_or_dropped(parts) is not None:
        return
    name = parts[-1]
    module = _is_module_file(name)
    declared = _declared(parts, patterns)
    if declared is not None:
        sel.used_patterns.add(declared)
    if not (module or listed or declared is not None):
        sel.left_out.append(arc)
        return
    source, why = _safe_source(path, real_root)
    if source is None:
        sel.refused.append(f"{arc} ({why})")
        return
    if not module and _looks_secret(name):
        sel.refused.append(f"{arc} (looks like a secret)")
        return
    sel.files[arc] = source


def _folder_files(
    root: Path, prefix: str, patterns: Sequence[Sequence[str]], sel: _Selection
) -> None:
    """A plain package folder: its modules plus the declared data files.

    Dot folders, VCS folders, caches and ``tests`` are never entered; directory symlinks are
    never followed (so neither loops nor links out of the package are walked).
    """
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in _VCS_DIRS
            and d not in _DROP_DIRS
            and not (here / d).is_symlink()
        )
        rel = here.relative_to(root).parts
        for name in sorted(filenames):
            parts = (*rel, name)
            arc = "/".join((prefix, *parts))
            _consider(
                sel,
                arc,
                parts,
                path=here / name,
                real_root=real_root,
                patterns=patterns,
                listed=False,
            )


def _record_files(
    dist: metadata.Distribution,
    location: Path,
    patterns: Sequence[Sequence[str]],
    sel: _Selection,
) -> bool:
    """An installed distribution's files under ``location``, as its RECORD lists them.

    Returns False when the distribution lists no file there (the package is not installed
    from it, e.g. an editable install pointing at a source folder).
    """
    site = Path(str(dist.locate_file(""))).resolve()
    try:
        under = location.resolve().relative_to(site).parts
    except ValueError:
        return False
    if not under:
        return False
    found = False
    for entry in dist.files or ():
        parts = entry.parts
        if ".." in parts or entry.is_absolute() or tuple(parts[: len(under)]) != under:
            continue
        found = True
        if len(parts) == len(under):
            continue  # the location itself
        inner = parts[len(under) :]
        path = site.joinpath(*parts)
        if not os.path.lexists(path):
            continue  # listed but gone
        _consider(
            sel,
            "/".join(parts),
            inner,
            path=path,
            real_root=location.resolve(),
            patterns=patterns,
            listed=True,
        )
    return found


def _owning_distributions(top: str) -> list[metadata.Distribution]:
    dists = []
    for name in sorted(set(metadata.packages_distributions().get(top, []))):
        try:
            dists.append(metadata.distribution(name))
        except metadata.PackageNotFoundError:
            continue
    return dists


def _package_selection(
    top: str,
    locations: Sequence[str],
    dists: Sequence[metadata.Distribution],
    patterns: Sequence[Sequence[str]],
) -> _Selection:
    """The files of the grader's package ``top`` found at ``locations``."""
    sel = _Selection()
    for location in locations:
        root = Path(location)
        if not any(_record_files(dist, root, patterns, sel) for dist in dists):
            _folder_files(root, top, patterns, sel)
    return sel


def _module_file(pkg_root: Path, dotted: str) -> Path | None:
    """The source file of an rftkit module (``rftkit.x.y`` -> ``x/y.py`` or ``x/y/__init__.py``)."""
    rel = dotted.split(".")[1:]
    if not rel:
        return pkg_root / "__init__.py"
    for candidate in (Path(*rel).with_suffix(".py"), Path(*rel, "__init__.py")):
        if (pkg_root / candidate).is_file():
            return pkg_root / candidate
    return None


def _modules_named_in(args: Any) -> set[str]:
    """rftkit modules a grader's arguments refer to (a composite naming its parts)."""
    found: set[str] = set()
    stack = [args]
    while stack:
        value = stack.pop()
        if isinstance(value, Mapping):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, str):
            target = BUILTINS.get(value, value)
            module, sep, attr = target.partition(":")
            if sep and attr and module.split(".")[0] == "rftkit":
                found.add(module)
    return found


def _rftkit_runtime_files(seeds: Iterable[str], say: Callable[[str], None]) -> dict[str, Path]:
    """The rftkit modules a reward Lambda imports: the core, ``seeds``, and their imports.

    Imports are followed statically (module level and inside functions) to a fixed point, so
    what the handler and the grader's module need is shipped and nothing else; graders named
    only by string (the registry's lazy table) are not imported and not shipped.
    """
    pkg_root = Path(rftkit.__file__).resolve().parent
    files: dict[str, Path] = {}
    todo = [*_CORE_MODULES, *seeds]
    while todo:
        dotted = todo.pop()
        source = _module_file(pkg_root, dotted)
        if source is None:
            continue
        arc = "rftkit/" + source.relative_to(pkg_root).as_posix()
        if arc in files:
            continue
        if arc.startswith(_NEVER_SHIPPED):
            raise BuildError(
                f"{dotted} is on the Lambda's import path but never ships in a bundle",
                hint="the Lambda runtime path must not import rftkit.cli, .packaging or .jobs",
            )
        files[arc] = source
        is_package = source.name == "__init__.py"
        package = dotted if is_package else dotted.rpartition(".")[0]
        # every package on the way needs its __init__.py
        parts = dotted.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(_rftkit_imports(source, package))
    # Package data (templates and the like) next to shipped modules.
    for directory in sorted({p.parent for p in files.values()}):
        for data in sorted(directory.iterdir()):
            if (
                data.is_file()
                and not data.is_symlink()
                and not data.name.startswith(".")
                and data.suffix not in {".py", ".pyc", ".typed"}
            ):
                files["rftkit/" + data.relative_to(pkg_root).as_posix()] = data
    say(f"rftkit runtime: {len(files)} files")
    return dict(sorted(files.items()))


@dataclass(slots=True)
class _GraderCode:
    spec: GraderSpec
    files: dict[str, Path | bytes]
    requirements: list[str]
    scan: list[tuple[str, Path]]  # own modules whose imports must all be satisfiable
    top_level: str | None  # the grader's own top-level module name (None: inside rftkit)


def _grader_code(
    spec: GraderSpec,
    runtime: Mapping[str, Path],
    package_data: Sequence[str] = (),
    notes: list[str] | None = None,
) -> _GraderCode:
    """Find the grader's own code; rewrite a file target to ``module:attr``.

    A package ships its Python modules and nothing else it does not declare: the files its
    installed distribution's RECORD lists, or, for a plain folder (on ``PYTHONPATH``, or an
    editable install), its modules plus the files matching ``package_data``. Dotfiles, VCS
    and cache folders, ``tests``, secret-looking data files and symlinks that leave the
    package never ship. What was left out is described in ``notes``.
    """
    if notes is None:
        notes = []
    target = spec.target
    path_part, _, attr = target.rpartition(":")
    if path_part.endswith(".py") or "/" in path_part or "\\" in path_part:
        source = Path(path_part).expanduser().resolve()
        module = source.stem
        if (
            not _IDENT.fullmatch(module)
            or module in sys.stdlib_module_names
            or module
            in {
                "rftkit",
                "awslambdaric",
                "lambda_function",
            }
        ):
            raise UsageError(
                f"the grader file name {source.name!r} cannot be a module name in the bundle",
                hint="rename the file to a Python identifier that is not a standard-library "
                "module name",
            )
        if not source.is_file():
            raise UsageError(f"no such grader file: {source}")
        if package_data:
            notes.append(
                "package data is ignored for a file grader (only the file ships): make the "
                "grader a package to ship data files"
            )
        arc = f"{module}.py"
        return _GraderCode(
            GraderSpec(spec.name, f"{module}:{attr}", spec.args),
            {arc: source},
            [],
            [(arc, source)],
            module,
        )
    module = path_part
    top = module.split(".")[0]
    if top == "rftkit":
        arc = module.replace(".", "/") + ".py"
        if arc not in runtime:
            arc = module.replace(".", "/") + "/__init__.py"
        if arc not in runtime:
            raise BuildError(f"grader module {module} is not part of rftkit's Lambda modules")
        if package_data:
            notes.append("package data is ignored for a built-in grader")
        return _GraderCode(spec, {}, [], [(arc, runtime[arc])], None)
    found = importlib.util.find_spec(top)
    if (
        found is None
        or found.origin in ("built-in", "frozen")
        or (found.origin is None and not found.submodule_search_locations)
    ):
        raise BuildError(f"cannot locate the grader's package {top!r}")
    files: dict[str, Path | bytes] = {}
    dists = _owning_distributions(top)
    patterns = [p.split("/") for p in check_package_data(package_data)]
    if found.submodule_search_locations:
        sel = _package_selection(top, list(found.submodule_search_locations), dists, patterns)
    else:
        # A single-module grader: that module file only.
        assert found.origin is not None
        origin = Path(found.origin)
        sel = _Selection()
        if not _is_module_file(origin.name):
            raise BuildError(f"the grader's module {top!r} is not a .py or .so file: {origin}")
        sel.files[origin.name] = origin
        if patterns:
            notes.append(
                f"package data is ignored for the single-module grader {top!r}: "
                "make it a package to ship data files"
            )
    files.update(sel.files)
    notes.extend(_selection_notes(top, sel, package_data))
    requirements: list[str] = []
    for dist in dists:
        for req in dist.requires or []:
            if "extra ==" in req.replace("extra==", "extra =="):
                continue
            name = _REQ_NAME.match(req)
            if name and _canonical(name.group(1)) != "rftkit":
                requirements.append(req)
        info_dir = f"{dist.metadata['Name'].replace('-', '_')}-{dist.version}.dist-info"
        for meta_name in ("METADATA", "entry_points.txt", "top_level.txt"):
            text = dist.read_text(meta_name)
            if text is not None:
                files[f"{info_dir}/{meta_name}"] = text.encode("utf-8")
    scan = [(arc, p) for arc, p in files.items() if arc.endswith(".py") and isinstance(p, Path)]
    return _GraderCode(spec, files, requirements, scan, top)


def _shown(names: Sequence[str], limit: int = 8) -> str:
    more = len(names) - limit
    return ", ".join(names[:limit]) + (f" and {more} more" if more > 0 else "")


def _selection_notes(top: str, sel: _Selection, package_data: Sequence[str]) -> list[str]:
    """Warnings about the grader's files that were left out, naming them."""
    notes = []
    if sel.refused:
        notes.append(f"not shipped from {top}: {_shown(sorted(sel.refused))}")
    if sel.left_out:
        notes.append(
            f"{len(sel.left_out)} file(s) of {top} are neither Python modules nor declared "
            f"package data and are not shipped: {_shown(sorted(sel.left_out))}; declare data "
            "files with --package-data PATTERN or [tool.rftkit.build] package_data"
        )
    for index, pattern in enumerate(package_data):
        if index not in sel.used_patterns:
            notes.append(f"package data pattern {pattern!r} matched no file of {top}")
    return notes


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _dist_versions(site: Path) -> dict[str, str]:
    versions = {}
    for dist in metadata.distributions(path=[str(site)]):
        versions[_canonical(dist.metadata["Name"])] = dist.version
    return dict(sorted(versions.items()))


def _install_dependencies(
    requirements: Sequence[str],
    site: Path,
    *,
    python: str,
    arch: str,
    say: Callable[[str], None],
) -> dict[str, Path]:
    say(f"installing {', '.join(requirements)} for Python {python} {arch} (target wheels)")
    status, tail = pip_install_for_target(
        list(requirements), site, python=python, arch=arch, progress=say
    )
    if status != 0:
        text = "\n".join(tail)
        missing = re.findall(r"No matching distribution found for (\S+)", text)
        if missing:
            raise BuildError(
                f"missing dependency: no wheel of {', '.join(missing)} for CPython {python} "
                f"on manylinux {arch} (glibc <= 2.34)",
                hint="check the requirement's name and version, or pick a version that "
                "publishes manylinux wheels for that Python",
            )
        raise BuildError(
            "pip could not install the dependencies:\n  " + "\n  ".join(tail[-10:]),
            hint="check that PyPI is reachable and the requirements are valid",
        )
    installed = _dist_versions(site)
    for req in requirements:
        match = _REQ_NAME.match(req)
        if match and _canonical(match.group(1)) not in installed:
            raise BuildError(f"missing dependency: {req} was not installed")
    files: dict[str, Path] = {}
    for top in sorted(os.listdir(site)):
        path = site / top
        if top in _DROP_TOP or top in _DROP_DIRS or top.startswith("."):
            continue
        if path.is_dir():
            for arc, file in _walk(path, top):
                if top.endswith(".dist-info") and arc.rsplit("/", 1)[-1] in _DROP_META:
                    continue
                files[arc] = file
        elif not top.endswith((".pyc", ".pth")):
            files[top] = path
    return files


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


_COMPILE_SCRIPT = """
import importlib.util, json, py_compile, sys
src, out = sys.argv[1], sys.argv[2]
todo = json.loads(sys.stdin.read())
mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
done, failed = [], []
for name, sourceless in todo:  # sorted by the caller: the same order gives the same bytes
    cfile = name[:-3] + ".pyc" if sourceless else importlib.util.cache_from_source(name)
    try:
        py_compile.compile(f"{src}/{name}", cfile=f"{out}/{cfile}", dfile=name,
                           doraise=True, optimize=0, invalidation_mode=mode)
    except py_compile.PyCompileError as exc:
        failed.append([name, (str(exc.msg).strip().splitlines() or ["error"])[-1]])
        continue
    done.append([name, cfile])
print(json.dumps({"python": sys.version.split()[0], "done": done, "failed": failed}))
"""

# An explicit environment: no PYTHON* variable of this machine reaches the compiler, and a
# fixed hash seed keeps anything ordered by string hashes the same from build to build.
_COMPILE_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}


def _compile_bytecode(
    entries: dict[str, Path | bytes],
    *,
    python: str,
    dependencies: Iterable[str],
    workdir: Path,
    say: Callable[[str], None],
) -> tuple[str, list[str]]:
    """Add ``.pyc`` files compiled by the target interpreter; return (its version, warnings).

    rftkit's own modules (archive names under ``_SOURCELESS_PREFIXES``) and the
    dependencies' modules are replaced by their ``.pyc``; the grader's own modules keep their
    source next to ``__pycache__/*.pyc``. With no
    target interpreter here the entries are left as they are and the version is ``""``.

    Raises:
        BuildError: rftkit's or the grader's own code does not compile on the target (a
            dependency module that does not compile ships as source only, with a warning).
    """
    try:
        interpreter = find_interpreter(python)
    except RuntimeClientError:
        env_name = f"RFTKIT_PYTHON_{python.replace('.', '_')}"
        return "", [
            f"no bytecode: there is no Python {python} interpreter here, so the zip holds "
            "sources only and every cold start compiles them; install Python "
            f"{python} (or set {env_name}) to ship bytecode, or build with --no-bytecode"
        ]
    src, out = workdir / "pysrc", workdir / "pyc"
    names = sorted(n for n in entries if n.endswith(".py"))
    for name in names:
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = entries[name]
        if isinstance(source, bytes):
            target.write_bytes(source)
        else:
            shutil.copyfile(source, target)
    say(f"compiling {len(names)} modules with Python {python}")
    # Dependencies ship as bytecode only too: sympy with sources beside its .pyc is over
    # 11 MB zipped, without them well under the 10 MB that keeps deploys direct uploads.
    # The grader's own code keeps its source, so its tracebacks show the failing line.
    optional = set(dependencies)
    sourceless = {
        name for name in names if name.startswith(_SOURCELESS_PREFIXES) or name in optional
    }
    todo = [[name, name in sourceless] for name in names]
    proc = subprocess.run(
        # -X no_debug_ranges leaves out the column tables (tracebacks lose their ^^^ markers,
        # nothing else): about a fifth of the compressed bytecode.
        [
            *(str(interpreter), "-s", "-S", "-P", "-B", "-X", "no_debug_ranges"),
            *("-c", _COMPILE_SCRIPT, str(src), str(out)),
        ],
        input=json.dumps(todo),
        capture_output=True,
        text=True,
        env=_COMPILE_ENV,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        raise BuildError(
            f"Python {python} could not compile the bundle: " + proc.stderr.strip()[-800:]
        )
    report = json.loads(proc.stdout)
    broken = [f"{name}: {why}" for name, why in report["failed"] if name not in optional]
    if broken:
        raise BuildError(
            f"the bundle's code does not compile on Python {python}: " + "; ".join(broken),
            hint=f"make the grader's code valid Python {python}",
        )
    for name, cfile in report["done"]:
        if name in sourceless:
            del entries[name]
        entries[cfile] = out / cfile
    warnings = []
    if report["failed"]:
        shown = ", ".join(name for name, _ in report["failed"][:5])
        more = len(report["failed"]) - 5
        warnings.append(
            f"{len(report['failed'])} dependency module(s) do not compile on Python {python} "
            f"and ship as source only: {shown}{f' and {more} more' if more > 0 else ''}"
        )
    return str(report["python"]), warnings


# -- the build -----------------------------------------------------------------------------------


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "grader"


def _declared_statements(statements: Any, grader: str) -> list[dict[str, Any]] | None:
    """The grader's IAM statements as plain JSON objects (None when it declared none)."""
    if statements is None:
        return None
    try:
        plain = json.loads(json.dumps(list(statements), allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise BuildError(f"grader {grader!r}: iam_statements are not JSON: {exc}") from None
    if not all(isinstance(st, dict) for st in plain):
        raise BuildError(
            f"grader {grader!r}: iam_statements must be a list of IAM statement objects"
        )
    return list(plain)


def _dedupe(requirements: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for raw in requirements:
        req = raw.strip()
        if req:
            seen.setdefault(req, None)
    return list(seen)


def build_bundle(
    grader: str,
    args: Mapping[str, Any] | None = None,
    *,
    python: str = "3.12",
    arch: str = "x86_64",
    out_dir: Path = Path("dist"),
    requirements: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
    registry: GraderRegistry | None = None,
    check_import: bool = True,
    bytecode: bool = True,
    package_data: Sequence[str] = (),
) -> BundleResult:
    """Build the Lambda zip for a configured grader and check it before it ships.

    Args:
        grader: a grader name (``"gsm8k"``), ``package.module:factory`` or
            ``path/to/file.py:factory``.
        args: the factory's keyword arguments (JSON values).
        python: target Python version: ``"3.12"``, ``"3.13"`` or ``"3.14"``.
        arch: target architecture: ``"x86_64"`` or ``"arm64"``.
        out_dir: where the zip goes (``<grader>-py<python>-<arch>.zip``).
        requirements: extra third-party requirements (PEP 508), installed as target wheels.
        progress: receives one line per step (the CLI prints them on stderr).
        registry: where grader names are looked up (default: the process-wide registry).
        check_import: run the clean-interpreter import check (when an interpreter exists).
        bytecode: ship unchecked-hash ``.pyc`` files compiled by the target interpreter (see
            "Bytecode" above): Lambda's task directory is read-only, so without them every
            cold start compiles every module. The zip's bytes then also depend on the exact
            interpreter build. Without the target interpreter here the zip holds sources
            only and ``warnings`` says so.
        package_data: glob patterns of data files to ship from a grader package that is a
            plain folder (see :func:`check_package_data`); an installed distribution ships
            what its RECORD lists. Files left out are named in ``warnings``.

    Returns:
        The bundle's path, hashes, sizes, spec and target.

    Raises:
        UsageError: bad arguments (unknown Python version or architecture, unknown grader,
            bad grader arguments).
        BuildError: a dependency cannot be installed or is missing, or a check failed.

    Example:
        >>> r = build_bundle("gsm8k", out_dir=Path("dist"))  # doctest: +SKIP
        >>> r.path.name, r.handler, r.bytecode  # doctest: +SKIP
        ('gsm8k-py3.12-x86_64.zip', 'rftkit.harness.lambda_entry.handler', '3.12.1')
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    python = python.removeprefix("python")
    if python not in PYTHON_VERSIONS:
        raise UsageError(
            f"unsupported Python version {python!r}",
            hint="choose one of " + ", ".join(PYTHON_VERSIONS),
        )
    if arch not in ARCHITECTURES:
        raise UsageError(f"unsupported architecture {arch!r}", hint="choose x86_64 or arm64")
    package_data = check_package_data(package_data)
    bound = (registry or default_registry).create(grader, **dict(args or {}))
    seeds = _modules_named_in(bound.spec.args)
    target_module = bound.spec.target.rpartition(":")[0]
    if target_module.split(".")[0] == "rftkit":
        seeds.add(target_module)
    runtime = _rftkit_runtime_files(seeds, say)
    warnings: list[str] = []
    code = _grader_code(bound.spec, runtime, package_data, warnings)
    if code.top_level is None:
        # A built-in grader: check the imports of every module it brings beyond the core.
        core = _rftkit_runtime_files((), lambda message: None)
        code.scan = [(a, p) for a, p in runtime.items() if a not in core and a.endswith(".py")]
    spec = code.spec
    statements = _declared_statements(bound.iam_statements, spec.name)
    wanted = _dedupe([*bound.requires, *code.requirements, *requirements])
    handler = DEFAULT_HANDLER

    with tempfile.TemporaryDirectory(prefix="rftkit-build-") as tmp_name:
        tmp = Path(tmp_name)
        entries: dict[str, Path | bytes] = dict(runtime)
        for arc, source in code.files.items():
            if arc in entries:
                raise BuildError(f"the grader's file {arc} would replace rftkit's own")
            entries[arc] = source
        installed: dict[str, str] = {}
        dep_names: set[str] = set()
        if wanted:
            site = tmp / "site"
            site.mkdir()
            deps = _install_dependencies(wanted, site, python=python, arch=arch, say=say)
            installed = _dist_versions(site)
            clash = sorted(_top_level_names(deps) & (_top_level_names(entries) | {"rftkit"}))
            if clash:
                raise BuildError(
                    f"a dependency provides {', '.join(clash)}, which the bundle already holds",
                    hint="rename the grader module or drop the conflicting requirement",
                )
            entries.update(deps)
            dep_names.update(deps)
        record = {
            "format": 1,
            "spec": spec.to_dict(),
            "handler": handler,
            "python": python,
            "arch": arch,
            "requirements": wanted,
            "installed": installed,
            "permissions": sorted(bound.permissions),
            "rftkit": rftkit.__version__,
        }
        if statements is not None:
            # In the zip too, so a deploy from the zip alone can scope the role's policy.
            record["iam_statements"] = list(statements)
        provided = _check_imports(code, entries)
        if provided:
            # The local runtime reads this to provide the AWS SDK as Lambda's runtime does.
            record["runtime_provided"] = provided
        if bytecode:
            compiled, notes = _compile_bytecode(
                entries, python=python, dependencies=dep_names, workdir=tmp, say=say
            )
            warnings.extend(notes)
            if compiled:
                record["bytecode"] = compiled
        entries[BUNDLE_MANIFEST] = (
            json.dumps(record, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        ).encode("utf-8")

        problems = check_shared_objects(entries, python=python, arch=arch)
        if problems:
            raise BuildError(
                f"{len(problems)} shared object(s) do not fit a Python {python} {arch} "
                "Lambda:\n  " + "\n  ".join(problems),
                hint="install dependencies through `rftkit build --requirement`, which "
                "fetches the target's wheels, instead of copying them from this machine",
            )
        contents = tuple(
            (name, len(src) if isinstance(src, bytes) else src.stat().st_size)
            for name, src in sorted(entries.items())
        )
        unzipped = sum(size for _, size in contents)
        if unzipped > MAX_UNZIPPED_BYTES:
            raise BuildError(
                f"the bundle unpacks to {unzipped / 2**20:.1f} MB; Lambda allows at most 250 MB",
                hint="drop unneeded requirements, or ship big dependencies as a container image",
            )

        staged = tmp / "bundle.zip"
        write_deterministic_zip(entries, staged)
        data = staged.read_bytes()
        digest = hashlib.sha256(data).digest()
        if len(data) > MAX_ZIPPED_DIRECT_BYTES:
            warnings.append(
                f"the zip is {len(data) / 2**20:.1f} MB: above Lambda's 50 MB direct-upload "
                "limit; rftkit deploy uploads directly and will refuse it (Lambda takes "
                "larger zips only through S3)"
            )
        has_so = any((n.endswith(".so") or ".so." in n.rsplit("/", 1)[-1]) for n in entries)
        if check_import:
            dep_tops = sorted(
                _top_level_names(n for n in entries if not n.startswith("rftkit/"))
                - {code.top_level or ""}
            )
            import_check, warning = _import_check(
                staged,
                python=python,
                arch=arch,
                handler=handler,
                dependency_tops=dep_tops,
                has_so=has_so,
                workdir=tmp,
                say=say,
            )
            if warning:
                warnings.append(warning)
        else:
            import_check = "not run (disabled)"

        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        dest = out_dir / f"{_safe_name(spec.name)}-py{python}-{arch}.zip"
        partial = dest.with_name(dest.name + ".partial")
        shutil.copyfile(staged, partial)
        os.replace(partial, dest)

    say(f"built {dest} in {time.perf_counter() - started:.2f} s")
    return BundleResult(
        path=dest,
        sha256=digest.hex(),
        code_sha256=base64.b64encode(digest).decode("ascii"),
        size=len(data),
        unzipped_size=unzipped,
        spec=spec,
        python=python,
        arch=arch,
        handler=handler,
        permissions=tuple(sorted(bound.permissions)),
        iam_statements=None if statements is None else tuple(statements),
        requirements=tuple(wanted),
        installed=installed,
        files=len(entries),
        import_check=import_check,
        bytecode=str(record.get("bytecode", "")),
        warnings=tuple(warnings),
        contents=contents,
    )
