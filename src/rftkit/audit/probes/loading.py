"""User probes: probe files (``--probes``) and the ``rftkit.probes`` entry point."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import types
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from rftkit.audit.probes.base import (
    ENTRY_POINT_GROUP,
    Probe,
)
from rftkit.errors import PluginError, UsageError

# -- loading user probes -----------------------------------------------------------------------


def _collect(obj: Any, where: str) -> list[Probe]:
    """Probes in ``obj``: a probe, an iterable of probes, or a module holding probes."""
    if isinstance(obj, Probe):
        return [obj]
    if isinstance(obj, types.ModuleType):
        return [v for v in vars(obj).values() if isinstance(v, Probe)]
    if isinstance(obj, list | tuple):
        bad = [type(v).__name__ for v in obj if not isinstance(v, Probe)]
        if bad:
            raise PluginError(f"{where}: holds {bad[0]}, not a probe (make probes with @probe)")
        return list(obj)
    raise PluginError(
        f"{where}: is a {type(obj).__name__}; expected a probe, a list of probes or a module"
    )


def _with_source(probes: Iterable[Probe], source: str) -> list[Probe]:
    out = []
    for p in probes:
        out.append(
            Probe(
                p.name,
                p.family,
                p.verdict,
                p.why,
                p.make,
                p.judge_only,
                p.max_prompts,
                p.correct,
                source,
            )
        )
    return out


def load_probe_file(path: str | Path) -> list[Probe]:
    """Import a Python file and return every probe object defined in it.

    Raises:
        UsageError: no such file, or the file defines no probe.
        PluginError: the file fails to import.

    Example:
        >>> load_probe_file("my_probes.py")  # doctest: +SKIP
        [Probe(name='echo_question', ...)]
    """
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"no such probe file: {p}")
    resolved = p.resolve()
    digest = hashlib.sha1(str(resolved).encode(), usedforsecurity=False).hexdigest()[:10]
    mod_name = f"rftkit_probes_{resolved.stem}_{digest}"
    if mod_name in sys.modules:
        return _with_source(_collect(sys.modules[mod_name], str(p)), str(p))
    spec = importlib.util.spec_from_file_location(mod_name, resolved)
    if spec is None or spec.loader is None:
        raise UsageError(f"cannot import {p}", hint="give a .py file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:
        sys.modules.pop(mod_name, None)
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise PluginError(f"{p} failed to import: {type(exc).__name__}: {exc}") from exc
    found = _collect(module, str(p))
    if not found:
        raise UsageError(
            f"{p} defines no probe",
            hint="decorate a function with @rftkit.audit.probe(...) at module level",
        )
    return _with_source(found, str(p))


def entry_point_probes(group: str = ENTRY_POINT_GROUP) -> list[Probe]:
    """Probes published by installed distributions in the entry point group ``group``.

    Raises:
        PluginError: an entry point fails to load or names something that is not probes.
    """
    out: list[Probe] = []
    for ep in metadata.entry_points(group=group):
        dist = ep.dist.name if ep.dist is not None else None
        where = f"entry point {ep.name!r} ({ep.value}) of {dist or 'an unknown distribution'}"
        try:
            obj = ep.load()
        except Exception as exc:
            raise PluginError(
                f"{where} failed to load: {type(exc).__name__}: {exc}", distribution=dist
            ) from exc
        try:
            found = _collect(obj, where)
        except PluginError as exc:
            raise PluginError(exc.message, distribution=dist) from None
        out.extend(_with_source(found, dist or ep.value))
    return out
