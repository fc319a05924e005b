"""Entry point of the ``rftkit`` command.

Each command group lives in its own module of :mod:`rftkit.cli` with a function
``register(subparsers)`` that adds its sub-commands and sets ``func(args) -> int`` on each.
Command modules import heavy dependencies (boto3, openai, pydantic) inside ``func`` only, so
``rftkit --help`` and ``rftkit grade`` start fast.

Errors: an :class:`~rftkit.errors.RftkitError` prints ``error: ...`` (and ``hint: ...``) on
stderr, never a traceback; user errors exit 2, failures of AWS or a job exit 1.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from rftkit import __version__
from rftkit.errors import (
    BuildError,
    DeployError,
    GraderError,
    JobError,
    RftkitError,
    RuntimeClientError,
)

__all__ = ["build_parser", "main"]

# Command modules, in the order `rftkit --help` lists them. Each one ships with rftkit: one
# that cannot be imported is a broken installation and stops the CLI (see build_parser).
COMMAND_MODULES = (
    "demo",
    "grade",
    "graders",
    "data",
    "harness",
    "serve",
    "audit",
    "build",
    "deploy",
    "init",
    "job",
)

# Failures of the world rather than of the request: exit 1, not 2.
_RUNTIME_FAILURES = (BuildError, DeployError, GraderError, JobError, RuntimeClientError)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one ``error:`` line and a hint, exit status 2.

    argparse's own prints the whole usage block first; with thirty options that buries the
    one line that matters. Sub-parsers inherit the class (``add_subparsers`` uses it).
    """

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        ns, extras = super().parse_known_args(args, namespace)
        # The innermost parser that ran: its options are the ones to suggest from.
        if not hasattr(ns, "_rftkit_parser"):
            ns._rftkit_parser = self
        return ns, extras

    def error(self, message: str) -> NoReturn:
        print(f"error: {self.prog}: {message}", file=sys.stderr)
        hint = f"run '{self.prog} --help' for its options"
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            options = re.findall(r"'([^']*)'", choice.group(2))
            close = difflib.get_close_matches(choice.group(1), options, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean {close[0]}?"
        print(f"hint: {hint}", file=sys.stderr)
        raise SystemExit(2)

    def suggest(self, unknown: list[str]) -> str | None:
        """``did you mean --reference?`` for mistyped options, or None."""
        known = [s for s in self._option_string_actions if s.startswith("--")]
        close: list[str] = []
        for word in unknown:
            if word.startswith("-"):
                option = word.split("=", 1)[0]
                for match in difflib.get_close_matches(option, known, n=1, cutoff=0.7):
                    if match not in close:
                        close.append(match)
        return "did you mean " + " or ".join(close) + "?" if close else None


class _BrokenCommandError(Exception):
    """A command module of rftkit cannot be imported: the installation is broken.

    The CLI stops with one ``error:`` line naming the module rather than leave the command
    out of ``rftkit --help``, where nobody would notice it is missing.
    """

    def __init__(self, module: str, cause: BaseException) -> None:
        super().__init__(f"{module}: {type(cause).__name__}: {cause}")
        self.module = module
        self.cause = cause


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser: every command group of :data:`COMMAND_MODULES`.

    A command module that cannot be imported raises (``main`` turns that into one ``error:``
    line) instead of leaving its commands out.
    """
    parser = _Parser(
        prog="rftkit",
        description=(
            "Reward functions for Amazon Bedrock reinforcement fine-tuning: write and test "
            "graders, replay model outputs through a local copy of the reward-Lambda contract, "
            "build and deploy the Lambda, and run RFT jobs."
        ),
        epilog="Run 'rftkit COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"rftkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module_name = f"rftkit.cli.{name}"
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # a syntax error, a typo in an import: never a dropped command
            raise _BrokenCommandError(module_name, exc) from exc
        module.register(sub)
    return parser


def _print_error(exc: RftkitError) -> None:
    print(f"error: {exc.message}", file=sys.stderr)
    if exc.hint:
        print(f"hint: {exc.hint}", file=sys.stderr)


def _broken_pipe(exc: BaseException) -> bool:
    """Whether ``exc`` is (or wraps) a write to a closed pipe: ``rftkit ... | head``."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, BrokenPipeError) or (
            isinstance(seen, OSError) and seen.errno == errno.EPIPE
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _quiet_exit_on_broken_pipe() -> int:
    # Python flushes stdout at exit and would complain about the closed pipe again:
    # point the descriptor at /dev/null so that flush succeeds.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


def _os_error_message(exc: OSError) -> str:
    name = exc.filename
    if isinstance(exc, IsADirectoryError):
        return f"{name} is a directory, not a file"
    if isinstance(exc, NotADirectoryError):
        return f"{name}: a part of this path is a file, not a directory"
    if isinstance(exc, FileExistsError):
        return f"{name} already exists and is not a directory"
    if isinstance(exc, PermissionError):
        return f"permission denied: {name}"
    if isinstance(exc, FileNotFoundError):
        return f"no such file: {name}"
    reason = exc.strerror or str(exc)
    return f"{name}: {reason}" if name else reason


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``rftkit`` command line; returns the exit status.

    Example:
        >>> main(["--version"])  # doctest: +SKIP
        rftkit 0.1.0
    """
    debug = bool(os.environ.get("RFTKIT_TRACEBACK"))
    try:
        parser = build_parser()
    except _BrokenCommandError as exc:
        if debug:
            raise
        print(f"error: rftkit cannot load its command module {exc}", file=sys.stderr)
        print(
            "hint: this installation of rftkit is broken (reinstall it); "
            "RFTKIT_TRACEBACK=1 shows the traceback",
            file=sys.stderr,
        )
        return 1
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        inner = getattr(args, "_rftkit_parser", parser)
        print(f"error: {inner.prog}: unrecognized arguments: {' '.join(unknown)}", file=sys.stderr)
        close = inner.suggest(unknown) if isinstance(inner, _Parser) else None
        hint = close or f"run '{inner.prog} --help' for its options"
        print(f"hint: {hint}", file=sys.stderr)
        return 2
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args))
    except RftkitError as exc:
        if _broken_pipe(exc):
            return _quiet_exit_on_broken_pipe()
        _print_error(exc)
        if debug:
            raise
        return 1 if isinstance(exc, _RUNTIME_FAILURES) else 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        # `rftkit ... | head`: a closed pipe ends quietly, as Unix tools do.
        if _broken_pipe(exc):
            return _quiet_exit_on_broken_pipe()
        if debug:
            raise
        print(f"error: {_os_error_message(exc)}", file=sys.stderr)
        return 2
    except RecursionError:
        if debug:
            raise
        print("error: the input is nested too deeply to read", file=sys.stderr)
        return 2
    except UnicodeError as exc:
        if debug:
            raise
        print(f"error: the input is not valid text: {exc}", file=sys.stderr)
        return 2
    except MemoryError:
        print("error: out of memory", file=sys.stderr)
        return 1
    except Exception as exc:  # the last line of defence: never a traceback for a user
        if debug:
            raise
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "hint: this is a bug in rftkit; RFTKIT_TRACEBACK=1 shows the traceback for a report",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
