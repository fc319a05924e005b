"""A bundle as the runtime sees it: its build record, and safe unpacking."""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
from pathlib import Path
from typing import Any

from rftkit.errors import RuntimeClientError, UsageError

BUNDLE_MANIFEST = "rftkit_grader.json"
"""The file at a bundle's root holding the baked grader spec and the build's target."""


DEFAULT_HANDLER = "rftkit.harness.lambda_entry.handler"
"""The handler string of every bundle ``rftkit build`` makes."""


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
