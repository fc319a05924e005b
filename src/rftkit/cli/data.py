"""``rftkit data``: prepare and validate RFT training files."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rftkit.cli._common import add_grader_args
from rftkit.errors import UsageError

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``data prepare`` and ``data validate``."""
    parser = subparsers.add_parser(
        "data",
        help="prepare and validate RFT training data (JSONL)",
        description="Prepare and validate training data for Bedrock reinforcement fine-tuning.",
    )
    sub = parser.add_subparsers(dest="data_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: _help(parser))

    prepare = sub.add_parser(
        "prepare",
        help="convert a public dataset into RFT training JSONL",
        description=(
            "Convert raw rows of a known dataset into RFT training JSONL: a system and user "
            "prompt asking for the final answer after '####', the reference_answer, and every "
            "other field of the row passed through (Bedrock hands them to the reward Lambda "
            "under metadata). Each record also gets a task_id (gsm8k-00042) unless it has one."
        ),
        epilog="Example: rftkit data prepare gsm8k train.jsonl rft-train.jsonl",
    )
    prepare.add_argument("dataset", choices=["gsm8k"], help="the dataset the rows come from")
    prepare.add_argument("source", metavar="IN.jsonl", help="raw rows ('-' for stdin)")
    prepare.add_argument(
        "dest", metavar="OUT.jsonl", help="training file to write ('-' for stdout)"
    )
    prepare.add_argument(
        "--system",
        metavar="TEXT",
        help="system prompt (default: a math-tutor prompt asking for '#### <number>')",
    )
    prepare.add_argument(
        "--no-system", action="store_true", help="write no system message (user prompt only)"
    )
    prepare.add_argument(
        "--reference",
        choices=["number", "solution", "object"],
        default="number",
        help=(
            "reference_answer form: the final number ('72', default), the full solution "
            'text ending in \'#### 72\', or {"final_answer": "72"}'
        ),
    )
    prepare.add_argument("--limit", type=int, metavar="N", help="convert only the first N rows")
    prepare.set_defaults(func=_prepare)

    validate = sub.add_parser(
        "validate",
        help="check a training file against Bedrock's data rules",
        description=(
            "Check an RFT training JSONL file against Bedrock's rules: one JSON object per "
            "line; a non-empty messages list (system first if present, at least one user "
            "message, non-empty content, no role markers such as 'User:' or '[EOS]'); "
            "reference_answer a string or an object; 100 to 20,000 records. Every problem is "
            "printed with its line number; the exit status is 1 when any rule fails."
        ),
        epilog="Example: rftkit data validate rft-train.jsonl",
    )
    validate.add_argument("path", metavar="FILE.jsonl", help="the training file ('-' for stdin)")
    validate.add_argument("--json", action="store_true", help="print the findings as JSON")
    validate.add_argument(
        "--min-records", type=int, default=100, metavar="N", help="fewest records (default 100)"
    )
    validate.add_argument(
        "--max-records",
        type=int,
        default=20_000,
        metavar="N",
        help="most records (default 20000)",
    )
    validate.add_argument(
        "--no-warnings", action="store_true", help="print errors only (warnings still counted)"
    )
    validate.add_argument(
        "--grader",
        metavar="NAME_OR_PATH",
        help=(
            "also report the records that give this grader nothing to compare with: no "
            "reference_answer, or a reference form the grader cannot read (judges are not "
            "called: only missing references are reported for them)"
        ),
    )
    add_grader_args(validate)
    validate.add_argument(
        "--no-reference-required",
        action="store_true",
        help="with --grader: the grader needs no reference_answer (do not report missing ones)",
    )
    validate.set_defaults(func=_validate)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _prepare(args: argparse.Namespace) -> int:
    from rftkit.harness.dataset import DEFAULT_SYSTEM_PROMPT, prepare_gsm8k, validate_dataset

    if args.no_system and args.system:
        raise UsageError("--system and --no-system exclude each other")
    if args.limit is not None and args.limit < 1:
        raise UsageError(f"--limit must be at least 1, got {args.limit}")
    system = None if args.no_system else (args.system or DEFAULT_SYSTEM_PROMPT)
    count = prepare_gsm8k(
        args.source, args.dest, system=system, reference=args.reference, limit=args.limit
    )
    target = "stdout" if args.dest == "-" else args.dest
    print(f"wrote {count} records to {target}", file=sys.stderr)
    if args.dest != "-":
        # The output should pass validation; say so now rather than at job creation.
        for problem in validate_dataset(args.dest):
            print(f"note: {problem.format(args.dest)}", file=sys.stderr)
    return 0


def _validate(args: argparse.Namespace) -> int:
    from rftkit.harness.dataset import validate_dataset

    if args.min_records < 0 or args.max_records < args.min_records:
        raise UsageError("--min-records must be >= 0 and <= --max-records")
    if args.grader is None and (args.args or args.arg or args.no_reference_required):
        raise UsageError("--args, --arg and --no-reference-required go with --grader")
    if args.grader is not None and args.path == "-":
        raise UsageError("--grader reads the file twice: give a file, not stdin")
    problems = validate_dataset(
        args.path, min_records=args.min_records, max_records=args.max_records
    )
    if args.grader is not None:
        problems = _reference_problems(args, problems)
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if args.json:
        doc = {
            "path": args.path,
            "ok": not errors,
            "errors": len(errors),
            "warnings": len(warnings),
            "problems": [p.to_dict() for p in problems],
        }
        print(json.dumps(doc, indent=2))
    else:
        for p in problems:
            if p.is_error or not args.no_warnings:
                print(p.format(args.path))
        verdict = "ok" if not errors else "FAILED"
        print(
            f"{args.path}: {verdict}: {len(errors)} errors, {len(warnings)} warnings",
            file=sys.stderr,
        )
    return 1 if errors else 0


def _reference_problems(args: argparse.Namespace, problems: list[Any]) -> list[Any]:
    """``problems`` with the grader's reference findings merged in, in line order."""
    from rftkit.cli._common import choose_grader, grader_errors
    from rftkit.harness.dataset import check_references
    from rftkit.rewards.registry import default_registry

    args.config = None
    choice = choose_grader(args, loaded=False)
    with grader_errors(choice):
        bound = default_registry.create(choice.ref, **choice.args)
    if args.no_reference_required:
        found = [
            p
            for p in check_references(args.path, bound, bound.name, probe=True)
            if not p.message.startswith("no reference_answer")
        ]
    else:
        # A judge costs money per call: only missing references are reported for it.
        probe = not getattr(bound, "permissions", None)
        found = check_references(args.path, bound, bound.name, probe=probe)
    merged = [*problems, *found]
    merged.sort(key=lambda p: (p.line is None, p.line or 0))
    return merged
