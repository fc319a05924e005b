"""Third-party dependencies: requirement names, and the target's wheels installed for a bundle."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from importlib import metadata
from pathlib import Path

from rftkit.errors import BuildError
from rftkit.harness.runtime import (
    pip_install_for_target,
)

_DROP_DIRS = frozenset({"__pycache__", "tests", "test", ".pytest_cache"})


_DROP_TOP = frozenset({"bin", "share", "include", "etc"})


_DROP_META = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})


_REQ_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


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
