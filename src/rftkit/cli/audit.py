"""``rftkit audit``: red-team a grader and read the training signal before paying for a job."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rftkit.cli._common import add_config_arg, add_grader_args, choose_grader, grader_errors
from rftkit.errors import UsageError

__all__ = ["register"]

_DESCRIPTION = """\
Red-team a grader before a job pays for its mistakes. For each prompt of the dataset (the
first --limit ones) the audit writes adversarial responses from the prompt's reference
answer: answer spraying (many candidates, many '####' lines, every integer in a range, the
reference buried among wrong values), format gaming (right format, wrong answer), text
tricks (full-width and Arabic-Indic digits, zero-width characters, homoglyphs, numbers in
words, misplaced thousands separators, a percent sign or 'thousand' that changes the
value), degenerate output (empty, whitespace, 1 MB, a loop, a truncated answer) and, for
model-judged graders, replies that instruct or flatter the judge. They run through the
grader in-process (or a built zip with --zip) exactly as Bedrock events would, and every
probe that must not be rewarded and is, is reported with an example.

A probe is 'rewarded' when it scores more than the grader gives a plainly wrong answer to
the same prompt (or more than --threshold). Report-only probes (e.g. a correct answer in
full-width digits) are shown but never fail the audit.

With --responses (several rollouts per prompt, as for `harness run`) the audit also reports
the training signal GRPO will see: prompts whose rollouts all score the same, reward
sparsity, per-prompt variance and the correlation of reward with response length.

Exit status: 0 when no must-not-reward probe was rewarded; 1 when one was, or when the
function could not grade the probes (failed invocations, contract violations); 2 on usage
errors."""

_EPILOG = """\
examples:
  rftkit audit --grader gsm8k --dataset train.jsonl
  rftkit audit --grader graders.py:mine --args '{"strict": true}' --dataset train.jsonl \\
      --probes my_probes.py --report audit.html
  rftkit audit --zip dist/gsm8k-py3.12-x86_64.zip --dataset train.jsonl --limit 20
  rftkit audit --grader gsm8k --dataset train.jsonl --responses rollouts.jsonl --no-probes
  rftkit audit --list-probes"""


def _names(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def register(subparsers: Any) -> None:
    """Add the ``audit`` command."""
    parser = subparsers.add_parser(
        "audit",
        help="red-team a grader with adversarial responses; diagnose the training signal",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = parser.add_argument_group("what to audit")
    what.add_argument(
        "--grader",
        metavar="NAME_OR_PATH",
        help="grader name (gsm8k), package.module:factory or path/to/file.py:factory "
        "(in-process; not with --zip; default: the configured grader of [tool.rftkit], else "
        "gsm8k)",
    )
    add_grader_args(what)
    add_config_arg(what)
    what.add_argument(
        "--zip",
        metavar="BUNDLE.zip",
        help="audit a built bundle under the local Lambda runtime instead (its grader is baked in)",
    )
    what.add_argument(
        "--python", metavar="VERSION", help="interpreter for --zip (default: the bundle's)"
    )
    what.add_argument(
        "--memory", type=int, default=512, metavar="MB", help="memory for --zip (default 512)"
    )
    what.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="S",
        help="the function timeout per invocation in seconds (default 300)",
    )
    data = parser.add_argument_group("input")
    data.add_argument(
        "--dataset",
        metavar="FILE.jsonl",
        help="RFT training JSONL with reference answers (or raw GSM8K rows)",
    )
    data.add_argument(
        "--responses",
        metavar="FILE.jsonl",
        help="model responses, several per prompt (rows with 'index' or 'id' and 'response' "
        "or a 'responses' list, as for `harness run`): adds the training-signal diagnostics",
    )
    data.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help="probe the first N prompts that have a reference (default 50; 0: all). The "
        "signal diagnostics always use every response",
    )
    probes = parser.add_argument_group("probes")
    probes.add_argument(
        "--probes",
        action="append",
        default=[],
        metavar="FILE.py",
        help="add the probes defined in this file (made with @rftkit.audit.probe; repeatable)",
    )
    probes.add_argument(
        "--no-plugin-probes",
        action="store_true",
        help="ignore probes installed through the 'rftkit.probes' entry point group",
    )
    probes.add_argument(
        "--only",
        action="append",
        default=[],
        type=_names,
        metavar="NAMES",
        help="run only these probes or families, comma-separated (controls always run)",
    )
    probes.add_argument(
        "--skip",
        action="append",
        default=[],
        type=_names,
        metavar="NAMES",
        help="leave out these probes or families, comma-separated",
    )
    probes.add_argument(
        "--threshold",
        type=float,
        metavar="X",
        help="a probe is rewarded when it scores above X (default: above the score of a "
        "plainly wrong answer to the same prompt)",
    )
    probes.add_argument(
        "--answer-form",
        choices=("hash", "boxed", "sentence", "bare"),
        help="write the probes' final answers as '#### N', \\boxed{N}, 'The answer is N.' or "
        "the bare answer (default: the form the grader pays the correct answer best)",
    )
    probes.add_argument(
        "--no-probes",
        action="store_true",
        help="only the training-signal diagnostics (needs --responses)",
    )
    probes.add_argument(
        "--list-probes",
        action="store_true",
        help="list every probe with its family, verdict and rationale, and exit",
    )
    run = parser.add_argument_group("running")
    run.add_argument(
        "--batch-size",
        type=int,
        default=64,
        metavar="N",
        help="samples per event (default 64)",
    )
    run.add_argument(
        "--concurrency",
        type=int,
        default=1,
        metavar="N",
        help="invocations in flight at once (default 1)",
    )
    out = parser.add_argument_group("output")
    out.add_argument("--json", action="store_true", help="print the results as JSON on stdout")
    out.add_argument(
        "--report",
        metavar="FILE",
        help="also write a report: .html (the harness report page with a section per probe "
        "family) or .json",
    )
    out.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.set_defaults(func=run_audit)


def _flat(groups: list[list[str]]) -> list[str]:
    return [name for group in groups for name in group]


def _battery(args: argparse.Namespace) -> list[Any]:
    from rftkit.audit.probes import builtin_probes, entry_point_probes, load_probe_file

    battery = builtin_probes()
    if not args.no_plugin_probes:
        battery.extend(entry_point_probes())
    for path in args.probes:
        battery.extend(load_probe_file(path))
    return battery


def _check(args: argparse.Namespace) -> None:
    if args.limit < 0:
        raise UsageError(f"--limit must be 0 or more, got {args.limit}")
    if args.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, got {args.batch_size}")
    if args.concurrency < 1:
        raise UsageError(f"--concurrency must be at least 1, got {args.concurrency}")
    if not args.timeout > 0:
        raise UsageError(f"--timeout must be positive, got {args.timeout}")
    if args.threshold is not None and args.threshold != args.threshold:
        raise UsageError("--threshold must be a number")
    if not args.dataset:
        raise UsageError(
            "--dataset is required",
            hint="the probes are written from each prompt's reference answer",
        )
    if args.zip:
        if args.grader or args.args or args.arg:
            raise UsageError(
                "--grader and --args apply to in-process audits only",
                hint="a bundle carries its own grader and arguments",
            )
    elif args.python:
        raise UsageError("--python goes with --zip")
    if args.no_probes and not args.responses:
        raise UsageError("--no-probes leaves nothing to do without --responses")
    if args.report:
        suffix = Path(args.report).suffix.lower()
        if suffix not in {".html", ".htm", ".json"}:
            raise UsageError(
                f"cannot write a report as {suffix or 'a file without suffix'}",
                hint="use --report audit.html or --report audit.json",
            )


def _invoker(args: argparse.Namespace) -> tuple[Any, str, str, bool, Any]:
    """The invoker, grader name, target, whether it is a judge, and an explainer (or None)."""
    from rftkit.audit.probes import is_judge_grader

    if args.zip:
        from rftkit.harness.runtime import LocalLambda

        zip_path = Path(args.zip)
        if not zip_path.is_file():
            raise UsageError(f"no such bundle: {zip_path}", hint="build one with `rftkit build`")
        local = LocalLambda(
            zip_path,
            python=args.python,
            timeout_s=min(args.timeout, 900.0),
            memory_mb=args.memory,
            concurrency=args.concurrency,
        )
        manifest = local.manifest if isinstance(local.manifest, dict) else {}
        spec = manifest.get("spec")
        name = str((spec.get("name") if isinstance(spec, dict) else None) or zip_path.stem)
        permissions = manifest.get("permissions") or []
        judge = is_judge_grader(name, [str(p) for p in permissions])
        return local, name, f"zip {zip_path}", judge, None
    from rftkit.harness.replay import InProcessInvoker

    choice = choose_grader(args)
    with grader_errors(choice):
        invoker = InProcessInvoker(choice.ref, timeout_s=args.timeout, **choice.args)
    bound = invoker.handler.grader
    judge = is_judge_grader(bound.name, bound.permissions)
    return invoker, bound.name, "in-process", judge, bound


def run_audit(args: argparse.Namespace) -> int:
    """Run ``rftkit audit``; returns the exit status."""
    from rftkit.audit.probes import describe_probes, probe_table, select_probes
    from rftkit.audit.runner import AuditReport, run_probes, run_signal
    from rftkit.harness.events import load_dataset, load_responses
    from rftkit.render import write_report

    only, skip = _flat(args.only), _flat(args.skip)
    if args.list_probes:
        battery = _battery(args)
        if args.json:
            print(json.dumps(probe_table(battery), indent=2))
        else:
            sys.stdout.write(describe_probes(battery))
        return 0
    _check(args)
    records = load_dataset(args.dataset)
    rollouts = load_responses(args.responses, records) if args.responses else None
    battery = [] if args.no_probes else _battery(args)
    progress = False if args.no_progress else None
    invoker, name, target, judge, explain = _invoker(args)
    try:
        if args.no_probes:
            report = AuditReport(name, target, judge, 0, args.threshold, [], None)
        else:
            chosen = select_probes(battery, judge=judge, only=only, skip=skip)
            print(
                f"auditing {name} ({target}){' as a model-judged grader' if judge else ''}: "
                f"{len(chosen)} probes on up to {args.limit or len(records)} prompts",
                file=sys.stderr,
            )
            report = run_probes(
                records,
                chosen,
                invoker,
                grader=name,
                target=target,
                judge=judge,
                threshold=args.threshold,
                limit=args.limit or None,
                batch_size=args.batch_size,
                concurrency=args.concurrency,
                explain=explain,
                progress=progress,
                form=args.answer_form,
            )
        if rollouts is not None:
            signal, signal_replay = run_signal(
                records,
                rollouts,
                invoker,
                grader=name,
                target=target,
                batch_size=args.batch_size,
                concurrency=args.concurrency,
                progress=progress,
            )
            report.signal = signal
            report.signal_replay = signal_replay
            if not signal_replay.ok:
                report.warnings.append(
                    f"grading the responses: {len(signal_replay.failed)} failed invocations, "
                    f"{len(signal_replay.violations)} contract violations"
                )
    finally:
        invoker.close()
    if args.report:
        write_report(args.report, html=report.render_html, data=report.to_dict)
        print(f"report written to {args.report}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        sys.stdout.write(report.render_text())
    return report.exit_code
