"""Build a bundle: :func:`build_bundle` puts the pieces of this package together.

The limits and targets it checks, and :class:`BundleResult`, what it hands to deploy. See
:mod:`rftkit.packaging.bundle` for what a bundle holds and why.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rftkit
from rftkit.errors import BuildError, UsageError
from rftkit.harness.runtime import (
    BUNDLE_MANIFEST,
    DEFAULT_HANDLER,
)
from rftkit.packaging.bundle.archive import write_deterministic_zip
from rftkit.packaging.bundle.bytecode import _compile_bytecode
from rftkit.packaging.bundle.checks import (
    _check_imports,
    _import_check,
    _top_level_names,
    check_shared_objects,
)
from rftkit.packaging.bundle.dependencies import _dist_versions, _install_dependencies
from rftkit.packaging.bundle.grader_files import _grader_code, check_package_data
from rftkit.packaging.bundle.rftkit_modules import _modules_named_in, _rftkit_runtime_files
from rftkit.rewards.registry import GraderRegistry, default_registry
from rftkit.rewards.types import GraderSpec

PYTHON_VERSIONS = ("3.12", "3.13", "3.14")
"""Python versions a bundle can target (Lambda runtimes python3.12 to python3.14)."""


ARCHITECTURES = ("x86_64", "arm64")
"""Lambda's instruction-set architectures."""


MAX_ZIPPED_DIRECT_BYTES = 50 * 1024 * 1024
"""Largest zip Lambda accepts as a direct upload; larger ones go through S3."""


MAX_UNZIPPED_BYTES = 250 * 1024 * 1024
"""Largest unpacked deployment package Lambda accepts."""


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
