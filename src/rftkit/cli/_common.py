"""Option handling shared by the command modules: grader arguments, in one form everywhere.

Every command that takes a grader accepts its arguments both as one JSON object
(``--args '{"rel_tol": 0.01}'``) and as repeatable pairs (``--arg rel_tol=0.01``, the value
read as JSON when it parses, else as a string); pairs override keys of ``--args``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rftkit.errors import UsageError

__all__ = [
    "DEFAULT_GRADER",
    "GraderChoice",
    "add_config_arg",
    "add_grader_args",
    "choose_grader",
    "grader_args",
    "grader_errors",
    "importable_form",
    "load_project_config",
    "package_hint",
    "package_module_of",
    "parse_arg_pairs",
    "parse_args_json",
]

_ARGS_HINT = "write a JSON object, e.g. --args '{\"rel_tol\": 0.01}'"


def parse_args_json(text: str | None) -> dict[str, Any]:
    """Grader arguments from ``--args`` (a JSON object), or a UsageError saying why not.

    Example:
        >>> parse_args_json('{"rel_tol": 0.01}')
        {'rel_tol': 0.01}
    """
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"--args is not valid JSON: {exc.msg} (column {exc.colno})", hint=_ARGS_HINT
        ) from None
    if not isinstance(value, dict):
        raise UsageError(
            f"--args must be a JSON object, got {type(value).__name__}", hint=_ARGS_HINT
        )
    return value


def parse_arg_pairs(pairs: list[str] | None) -> dict[str, Any]:
    """Grader arguments from repeated ``--arg KEY=VALUE`` (VALUE as JSON when it parses).

    Example:
        >>> parse_arg_pairs(["rel_tol=0.01", "rules=[\\"hash\\"]", "name=plain text"])
        {'rel_tol': 0.01, 'rules': ['hash'], 'name': 'plain text'}
    """
    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                f"--arg expects KEY=VALUE, got {pair!r}", hint="e.g. --arg rel_tol=0.01"
            )
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        out[key.strip()] = value
    return out


def add_grader_args(parser: argparse.ArgumentParser | Any) -> None:
    """Add ``--args JSON`` and ``--arg KEY=VALUE`` to a parser or argument group."""
    parser.add_argument(
        "--args",
        metavar="JSON",
        help="the grader's arguments as one JSON object, e.g. '{\"rel_tol\": 0.01}'",
    )
    parser.add_argument(
        "--arg",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="one grader argument (repeatable); VALUE is read as JSON when it parses, else as "
        "a string; overrides the same key in --args",
    )


def grader_args(namespace: argparse.Namespace) -> dict[str, Any]:
    """The grader arguments of a parsed command line (``--args`` merged with ``--arg``)."""
    merged = parse_args_json(getattr(namespace, "args", None))
    merged.update(parse_arg_pairs(getattr(namespace, "arg", None)))
    return merged


# -- the project configuration, read the same way by every command that takes a grader -------

DEFAULT_GRADER = "gsm8k"


def add_config_arg(parser: argparse.ArgumentParser | Any) -> None:
    """Add ``--config FILE`` (read this configuration file instead of searching for one)."""
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="read this configuration file instead of searching for [tool.rftkit] in "
        "pyproject.toml or rftkit.toml",
    )


def _may_have_config(start: Path) -> bool:
    """A cheap pre-check (no TOML, no pydantic): could a configuration apply in ``start``?

    True when the nearest directory upwards holding ``rftkit.toml`` or ``pyproject.toml``
    has an ``rftkit.toml``, or a ``pyproject.toml`` that mentions ``tool.rftkit``. The real
    loader then decides; this only keeps ``rftkit grade`` fast outside a project.
    """
    here = start.resolve()
    for directory in (here, *here.parents):
        if (directory / "rftkit.toml").is_file():
            return True
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                return "tool.rftkit" in pyproject.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return True  # let the loader report it
    return False


def load_project_config(namespace: argparse.Namespace) -> Any:
    """The :class:`~rftkit.packaging.config.LoadedConfig` that applies (``--config`` first).

    Returns None when no configuration file applies.

    Raises:
        ConfigError: the file is unreadable or has a bad key.
    """
    path = getattr(namespace, "config", None)
    if path is None and not _may_have_config(Path.cwd()):
        return None
    from rftkit.packaging.config import load_config

    loaded = load_config(path)
    return loaded if loaded.path is not None else None


@dataclass(frozen=True, slots=True)
class GraderChoice:
    """The grader a command runs and where each part came from.

    Attributes:
        ref: a grader name, ``module:attr`` or ``file.py:attr``.
        args: the factory's arguments.
        source: ``"--grader"``, the configuration file's path, or ``"default"``.
        loaded: the configuration that applied (a ``LoadedConfig``), or None.
    """

    ref: str
    args: dict[str, Any]
    source: str
    loaded: Any = None

    def describe(self) -> str:
        """``gsm8k (from pyproject.toml)``-style text for progress lines."""
        if self.source == "--grader":
            return self.ref
        return f"{self.ref} (from {self.source})"


def choose_grader(
    namespace: argparse.Namespace,
    *,
    loaded: Any = None,
    default: str | None = DEFAULT_GRADER,
) -> GraderChoice:
    """Merge ``--grader``/``--args``/``--arg`` over the project configuration.

    The same rule for every command: ``--grader`` else the configured grader else
    ``default``. The configured arguments apply only to the configured grader; ``--args``
    replaces them as a whole and each ``--arg KEY=VALUE`` then overrides one key.

    Args:
        namespace: the parsed command line (``grader``, ``args``, ``arg``, ``config``).
        loaded: a configuration already read (else it is looked up here).
        default: the grader when neither a flag nor the configuration names one (None:
            a UsageError).

    Example:
        >>> ns = argparse.Namespace(grader=None, args=None, arg=["rel_tol=0.1"], config=None)
        >>> choice = choose_grader(ns, loaded=False)
        >>> choice.ref, choice.args, choice.source
        ('gsm8k', {'rel_tol': 0.1}, 'default')
    """
    if loaded is None:
        loaded = load_project_config(namespace)
    elif loaded is False:
        loaded = None
    flag = getattr(namespace, "grader", None)
    configured = loaded.grader_ref() if loaded is not None else None
    args: dict[str, Any] = {}
    if flag:
        ref, source = flag, "--grader"
        if loaded is not None and flag in (loaded.config.grader, configured):
            args = dict(loaded.config.args)
    elif configured:
        ref, source = configured, str(loaded.path)
        args = dict(loaded.config.args)
    elif default is not None:
        ref, source = default, "default"
    else:
        raise UsageError(
            "no grader given",
            hint="pass --grader NAME, or set grader in [tool.rftkit] (try `rftkit init`)",
        )
    raw = getattr(namespace, "args", None)
    if raw is not None:
        args = parse_args_json(raw)
    args.update(parse_arg_pairs(getattr(namespace, "arg", None)))
    return GraderChoice(importable_form(ref), args, source, loaded)


# Build failures that the user's input causes and the user fixes: exit 2, not 1.
_USER_BUILD_ERRORS = ("missing dependency", "package data is ignored")


@contextmanager
def grader_errors(choice: GraderChoice | None) -> Iterator[None]:
    """Turn errors about the user's grader into usage errors with a hint that helps.

    A grader file whose own package is reported missing gets the ``pkg.mod:factory`` hint
    (not "--requirement"); a configured grader that is unknown gets the install hint; a
    missing dependency is the user's to add (exit 2, not 1).
    """
    from rftkit.errors import BuildError, GraderNotFoundError, RftkitError

    try:
        yield
    except RftkitError as exc:
        if choice is None:
            raise
        hint = package_hint(choice.ref, exc.message)
        if hint is not None:
            raise UsageError(exc.message, hint=hint) from None
        if isinstance(exc, GraderNotFoundError) and choice.source not in ("--grader", "default"):
            raise UsageError(
                f"{exc.message} (configured in {choice.source})",
                hint=exc.hint
                or "a project's grader is published by its entry point: install the project "
                "(pip install -e .), or set grader to 'package.module:factory'",
            ) from None
        if isinstance(exc, BuildError) and (
            exc.message.startswith(_USER_BUILD_ERRORS) or ": syntax error: " in exc.message
        ):
            raise UsageError(exc.message, hint=exc.hint) from None
        raise


# -- a grader file that belongs to a package ---------------------------------------------------


def package_module_of(path: Path) -> tuple[str, Path] | None:
    """``("pkg.mod", root)`` when ``path`` is a module inside a package, else None.

    ``root`` is the directory holding the top package (what must be on the import path).

    Example:
        >>> package_module_of(Path(__file__))[0]
        'rftkit.cli._common'
    """
    try:
        path = path.resolve()
    except OSError:
        return None
    if path.suffix != ".py" or not (path.parent / "__init__.py").is_file():
        return None
    parts = [] if path.stem == "__init__" else [path.stem]
    directory = path.parent
    while (directory / "__init__.py").is_file():
        parts.insert(0, directory.name)
        directory = directory.parent
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts), directory


def _split_file_ref(ref: str) -> tuple[Path, str] | None:
    path, sep, attr = ref.rpartition(":")
    if not sep or not path.endswith(".py") or not attr.isidentifier():
        return None
    return Path(path), attr


def importable_form(ref: str) -> str:
    """``pkg.mod:factory`` for ``path/to/pkg/mod.py:factory`` when the package imports.

    A file loaded on its own cannot import the rest of its package, and a bundle would ship
    it without that package; the module form ships the package. Only when the package's root
    is on the import path (installed in development mode, or ``PYTHONPATH``); otherwise the
    reference is returned unchanged.

    Example:
        >>> importable_form("gsm8k")
        'gsm8k'
    """
    import sys

    split = _split_file_ref(ref)
    if split is None:
        return ref
    found = package_module_of(split[0])
    if found is None:
        return ref
    module, root = found
    on_path = set()
    for entry in sys.path:
        try:
            on_path.add(Path(entry or ".").resolve())
        except OSError:
            continue
    return f"{module}:{split[1]}" if root in on_path else ref


def package_hint(ref: str, message: str) -> str | None:
    """A hint for a file-form grader whose package is missing from an error, else None."""
    split = _split_file_ref(ref)
    found = package_module_of(split[0]) if split is not None else None
    if split is None or found is None:
        return None
    module, root = found
    top = module.split(".", 1)[0]
    if top not in message:
        return None
    try:
        where = root.relative_to(Path.cwd())
    except ValueError:
        where = root
    return (
        f"{split[0]} belongs to the package {top}: use --grader {module}:{split[1]} with the "
        f"package importable (pip install -e . in the project, or PYTHONPATH={where})"
    )
