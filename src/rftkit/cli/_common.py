"""Option handling shared by the command modules: grader arguments, in one form everywhere.

Every command that takes a grader accepts its arguments both as one JSON object
(``--args '{"rel_tol": 0.01}'``) and as repeatable pairs (``--arg rel_tol=0.01``, the value
read as JSON when it parses, else as a string); pairs override keys of ``--args``.
"""

from __future__ import annotations

import argparse
import json
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
    "load_project_config",
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
    return GraderChoice(ref, args, source, loaded)
