"""``rftkit build``: a deterministic Lambda zip for one configured grader."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rftkit.cli._common import add_grader_args, grader_args

__all__ = ["register"]

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
        required=True,
        metavar="NAME_OR_PATH",
        help="a grader name (gsm8k), package.module:factory, or path/to/file.py:factory",
    )
    add_grader_args(parser)
    parser.add_argument(
        "--python",
        default="3.12",
        choices=("3.12", "3.13", "3.14"),
        help="the Lambda runtime's Python version (default: %(default)s)",
    )
    parser.add_argument(
        "--arch",
        default="x86_64",
        choices=("x86_64", "arm64"),
        help="the Lambda's architecture (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        default="dist",
        type=Path,
        metavar="DIR",
        help="directory for the zip, named <grader>-py<python>-<arch>.zip (default: dist/)",
    )
    parser.add_argument(
        "--requirement",
        action="append",
        default=[],
        metavar="PKG",
        help="an extra third-party requirement (PEP 508), installed as the target's wheel; "
        "repeat for several. Pin versions (pkg==1.2.3) for byte-identical rebuilds",
    )
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


def run(args: argparse.Namespace) -> int:
    """Build the bundle and print what was built."""
    from rftkit.packaging.bundle import build_bundle

    parsed_args = grader_args(args)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    result = build_bundle(
        args.grader,
        parsed_args,
        python=args.python,
        arch=args.arch,
        out_dir=args.out,
        requirements=args.requirement,
        progress=progress,
        check_import=not args.no_import_check,
        bytecode=args.bytecode,
        package_data=_package_data(args),
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


def _package_data(args: argparse.Namespace) -> list[str]:
    """``--package-data``, else ``package_data`` of the project's ``[tool.rftkit.build]``."""
    if args.package_data is not None:
        return list(args.package_data)
    from rftkit.packaging.config import load_config

    return list(load_config().config.build.package_data)
