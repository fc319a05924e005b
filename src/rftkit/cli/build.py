"""``rftkit build``: a deterministic Lambda zip for one configured grader."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rftkit.cli._common import (
    GraderChoice,
    add_config_arg,
    add_grader_args,
    choose_grader,
    grader_errors,
)
from rftkit.errors import UsageError

__all__ = ["BuildSettings", "register", "resolve_build"]

_DESCRIPTION = """\
Build the reward Lambda's deployment zip for a grader: the Lambda entry module, the baked
grader spec, the rftkit modules it imports, the grader's own code (an installed plugin or a
local file.py:factory) and its third-party dependencies as the target's manylinux wheels.
Modules ship as byte code compiled by the target Python (see --no-bytecode). The same inputs
(and the same build of that Python) give byte-identical zips. Before anything is written the
bundle is checked: Lambda's size limits, every .so against the target architecture and
Python, no missing dependency, and the handler importing in a clean interpreter of the target
Python (skipped, with a warning, when that interpreter is not installed here).

Prints the zip's path, size, SHA-256 and Lambda's CodeSha256 (base64 of the digest) on
stdout; progress goes to stderr. Handler: rftkit.harness.lambda_entry.handler."""

_EPILOG = """\
examples:
  rftkit build                 # in a project: grader, args and target from [tool.rftkit]
  rftkit build --grader gsm8k
  rftkit build --grader graders.py:polite --args '{"word": "thanks"}' --arch arm64
  rftkit build --grader math --python 3.13 --requirement 'sympy==1.13.3'
  rftkit build --grader gsm8k --no-bytecode      # sources only: smaller, slower cold start
  rftkit harness run --zip dist/gsm8k-py3.12-x86_64.zip --dataset ... --responses ..."""


def register(subparsers: Any) -> None:
    """Add the ``build`` command."""
    parser = subparsers.add_parser(
        "build",
        help="build a deterministic Lambda zip for a grader",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--grader",
        metavar="NAME_OR_PATH",
        help="a grader name (gsm8k), package.module:factory, or path/to/file.py:factory "
        "(config: tool.rftkit.grader)",
    )
    add_grader_args(parser)
    parser.add_argument(
        "--python",
        choices=("3.12", "3.13", "3.14"),
        help="the Lambda runtime's Python version (config: build.python; default 3.12)",
    )
    parser.add_argument(
        "--arch",
        choices=("x86_64", "arm64"),
        help="the Lambda's architecture (config: build.arch; default x86_64)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="directory for the zip, named <grader>-py<python>-<arch>.zip (config: "
        "build.out_dir; default dist/)",
    )
    parser.add_argument(
        "--requirement",
        action="append",
        default=[],
        metavar="PKG",
        help="an extra third-party requirement (PEP 508), installed as the target's wheel; "
        "repeat for several; added to build.requirements of the configuration. Pin "
        "versions (pkg==1.2.3) for byte-identical rebuilds",
    )
    add_config_arg(parser)
    parser.add_argument(
        "--no-import-check",
        action="store_true",
        help="skip importing the handler in a clean interpreter of the target Python",
    )
    parser.add_argument(
        "--bytecode",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="ship .pyc files compiled by the target Python (default: on). Lambda cannot "
        "write byte code, so without them every cold start compiles every module, roughly "
        "doubling it. rftkit's own modules ship as .pyc only; the grader's code and "
        "dependencies keep their sources. The zip's bytes then depend on that "
        "interpreter's exact patch release (the .pyc stay valid on any patch release of the "
        "same minor version). Without that interpreter here the zip holds sources and a "
        "warning says so; --no-bytecode ships sources only",
    )
    parser.add_argument(
        "--package-data",
        action="append",
        default=None,
        metavar="PATTERN",
        help="a data file glob (data/*.json, templates/**) to ship from a grader package "
        "that is a plain folder, relative to the package; repeat for several (default: "
        "[tool.rftkit.build] package_data). Only Python modules and declared data ship; an "
        "installed distribution ships what its RECORD lists",
    )
    parser.add_argument(
        "--list", action="store_true", help="also print every file in the zip with its size"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def resolve_build(args: argparse.Namespace, loaded: Any = None) -> BuildSettings:
    """Flags over the project configuration over the defaults, as ``rftkit deploy`` reads them.

    Raises:
        UsageError: no grader anywhere, or ``--out`` naming an existing file.
    """
    choice = choose_grader(args, loaded=loaded, default=None)
    cfg = choice.loaded.config.build if choice.loaded is not None else None
    if args.out is not None:
        out = Path(args.out)
    elif choice.loaded is not None and cfg is not None:
        out = Path(choice.loaded.resolve(cfg.out_dir))
    else:
        out = Path("dist")
    if out.exists() and not out.is_dir():
        raise UsageError(
            f"--out {out} is a file; it must be a directory",
            hint="the zip is written into it as <grader>-py<python>-<arch>.zip",
        )
    configured_requirements = list(cfg.requirements) if cfg is not None else []
    return BuildSettings(
        choice=choice,
        grader=choice.ref,
        args=choice.args,
        source=choice.source,
        python=args.python or (cfg.python if cfg is not None else "3.12"),
        arch=args.arch or (cfg.arch if cfg is not None else "x86_64"),
        out_dir=out,
        requirements=tuple(
            dict.fromkeys([*configured_requirements, *getattr(args, "requirement", [])])
        ),
        # --package-data replaces the configured patterns (as main's build did).
        package_data=tuple(
            getattr(args, "package_data", None) or (cfg.package_data if cfg is not None else [])
        ),
    )


@dataclass(frozen=True, slots=True)
class BuildSettings:
    """What ``build`` and ``deploy`` build: the same settings give the same zip."""

    choice: GraderChoice
    grader: str
    args: dict[str, Any]
    source: str
    python: str
    arch: str
    out_dir: Path
    requirements: tuple[str, ...]
    package_data: tuple[str, ...] = ()


def run(args: argparse.Namespace) -> int:
    """Build the bundle and print what was built."""
    from rftkit.packaging.bundle import build_bundle

    settings = resolve_build(args)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if settings.source != "--grader":
        progress(f"grader {settings.grader} from {settings.source}")
    with grader_errors(settings.choice):
        result = build_bundle(
            settings.grader,
            settings.args,
            python=settings.python,
            arch=settings.arch,
            out_dir=settings.out_dir,
            requirements=settings.requirements,
            progress=progress,
            check_import=not args.no_import_check,
            bytecode=args.bytecode,
            package_data=list(settings.package_data),
        )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0
    spec = result.spec
    installed = ", ".join(f"{k}=={v}" for k, v in result.installed.items()) or "none"
    rows = [
        ("grader", f"{spec.name} ({spec.target}) {json.dumps(dict(spec.args), sort_keys=True)}"),
        ("target", f"Python {result.python}, {result.arch}"),
        ("handler", result.handler),
        (
            "size",
            f"{result.size:,} bytes zipped, {result.unzipped_size:,} unzipped, "
            f"{result.files} files",
        ),
        ("sha256", result.sha256),
        ("CodeSha256", result.code_sha256),
        ("packages", installed),
        ("import", result.import_check),
        ("bytecode", f"compiled by Python {result.bytecode}" if result.bytecode else "none"),
    ]
    if result.iam_statements is not None:
        from rftkit.packaging.plan import describe_policy, grader_policy_document

        policy = grader_policy_document(result.permissions, result.iam_statements)
        rows.append(("iam", describe_policy(policy) if result.iam_statements else "nothing"))
    elif result.permissions:
        rows.append(
            ("iam", ", ".join(result.permissions) + " on any resource (no statements declared)")
        )
    if result.needs_s3:
        rows.append(("upload", "through S3 (above the 50 MB direct-upload limit)"))
    print(f"built {result.path}")
    for key, value in rows:
        print(f"  {key:<11} {value}")
    if args.list:
        print("  files")
        for name, size in result.contents:
            print(f"    {size:>10,}  {name}")
    return 0
