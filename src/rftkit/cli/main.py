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
import importlib
import os
import sys
from collections.abc import Sequence

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

# Command modules, in the order `rftkit --help` lists them. A module that does not exist
# yet is skipped, so command groups can land one at a time.
COMMAND_MODULES = (
    "demo",
    "grade",
    "graders",
    "data",
    "harness",
    "audit",
    "build",
    "deploy",
    "init",
    "job",
)

# Failures of the world rather than of the request: exit 1, not 2.
_RUNTIME_FAILURES = (BuildError, DeployError, GraderError, JobError, RuntimeClientError)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (every installed command group)."""
    parser = argparse.ArgumentParser(
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
        try:
            module = importlib.import_module(f"rftkit.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"rftkit.cli.{name}":
                continue
            raise
        module.register(sub)
    return parser


def _print_error(exc: RftkitError) -> None:
    print(f"error: {exc.message}", file=sys.stderr)
    if exc.hint:
        print(f"hint: {exc.hint}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``rftkit`` command line; returns the exit status.

    Example:
        >>> main(["--version"])  # doctest: +SKIP
        rftkit 0.1.0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args))
    except RftkitError as exc:
        _print_error(exc)
        if os.environ.get("RFTKIT_TRACEBACK"):
            raise
        return 1 if isinstance(exc, _RUNTIME_FAILURES) else 2
    except FileNotFoundError as exc:
        print(f"error: no such file: {exc.filename}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `rftkit ... | head`: stop quietly.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
