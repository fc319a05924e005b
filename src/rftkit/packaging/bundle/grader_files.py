"""The grader's own code: a file, an installed distribution or a plain package folder.

A grader package is often a working folder: it may hold a .env, a .git directory, notes, or a
symlink into ~/.aws. Only Python modules and declared package data ship, every path is
checked, and nothing outside the package is ever read.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from rftkit.errors import BuildError, UsageError
from rftkit.packaging.bundle.dependencies import _DROP_DIRS, _REQ_NAME, _canonical
from rftkit.rewards.types import GraderSpec

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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
