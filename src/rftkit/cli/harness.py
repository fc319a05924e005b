"""``rftkit harness``: build events, replay them through a reward function, check responses."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from rftkit.cli._common import add_config_arg, add_grader_args, choose_grader, grader_errors
from rftkit.errors import RftkitError, UsageError
from rftkit.harness.contract import count_samples

__all__ = ["register"]

_CHECK_SHOWN = 20
"""Findings of `harness check` printed per kind; --json lists every one."""

_PROFILE_HELP = (
    "which variants of the Bedrock event to produce: documented (role assistant, string "
    "content, reference under metadata), nova (role nova_assistant, reference at the top "
    'level), open-weight (content as text blocks, string references wrapped as {"text": '
    '...}), mixed (all of them, half the events wrapped as {"trajectories": [...]}); '
    "default: documented"
)


def register(subparsers: Any) -> None:
    """Add ``harness events``, ``harness run`` and ``harness check``."""
    parser = subparsers.add_parser(
        "harness",
        help="simulate the Bedrock reward-Lambda contract locally",
        description=(
            "Build Bedrock-shaped reward events from a dataset and model responses, replay "
            "them through a grader (in-process, a built zip, or a deployed function) with a "
            "report, and check any Lambda's response against the contract."
        ),
    )
    sub = parser.add_subparsers(dest="harness_command", metavar="SUBCOMMAND")
    parser.set_defaults(func=lambda args: _help(parser))

    # -- events -------------------------------------------------------------------------------
    events = sub.add_parser(
        "events",
        help="write Bedrock-shaped reward events",
        description=(
            "Write the events Bedrock would send the reward Lambda: one sample per response "
            "(id rollout-<index>-<k>), the prompt's messages plus the response as the last "
            "message, the record's other fields under metadata, in batches."
        ),
        epilog=(
            "Example: rftkit harness events --dataset train.jsonl --responses out.jsonl "
            "--profile nova --batch-size 64 --out events/"
        ),
    )
    _add_input_options(events, events_allowed=False)
    events.add_argument(
        "--out",
        required=True,
        metavar="DIR_OR_FILE",
        help=(
            "a directory (one event-NNNNN.json per event), a .jsonl file (one event per "
            "line), a .json file (a single event) or '-' (JSONL on stdout)"
        ),
    )
    events.set_defaults(func=_events)

    # -- run ----------------------------------------------------------------------------------
    run = sub.add_parser(
        "run",
        help="replay events through a reward function and report",
        description=textwrap.fill(
            "Replay events through a reward function and report: reward mean and histogram, "
            "per-metric means, how often each extraction rule fired, sample errors and "
            "contract violations with sample ids, and latency per invocation. By default the "
            "grader runs in-process through the same handler a Lambda bundle uses; --zip runs "
            "a built bundle under the real Lambda runtime client; --function-name invokes a "
            "deployed function. Exit status 1 when an invocation failed or a response broke "
            "the contract.",
            width=88,
            break_on_hyphens=False,
        ),
        epilog=(
            "Examples:\n"
            "  rftkit harness run --grader gsm8k --dataset train.jsonl --responses out.jsonl\n"
            "  rftkit harness run --zip dist/gsm8k.zip --python 3.13 --events events/\n"
            "  rftkit harness run --function-name gsm8k-reward --region us-west-2 "
            "--events events/ --report report.html"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "--grader",
        metavar="NAME_OR_PATH",
        help="grader name, module:factory or file.py:factory (default: the configured grader "
        "of [tool.rftkit], else gsm8k; in-process only)",
    )
    add_grader_args(run)
    add_config_arg(run)
    _add_input_options(run, events_allowed=True)
    run.add_argument(
        "--concurrency",
        type=int,
        default=1,
        metavar="N",
        help="invocations in flight at once (default 1)",
    )
    run.add_argument(
        "--error-score",
        type=float,
        default=0.0,
        metavar="X",
        help="score of samples that cannot be graded (in-process; default 0)",
    )
    run.add_argument(
        "--no-reference-required",
        action="store_true",
        help="grade samples without reference_answer (in-process; for graders that need none)",
    )
    run.add_argument(
        "--max-error-fraction",
        type=float,
        default=0.5,
        metavar="F",
        help=(
            "exit 1 when more than this fraction of samples could not be graded (sample "
            "errors such as no_reference; default 0.5, 1 to never fail on them)"
        ),
    )
    run.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        metavar="S",
        help="the function timeout in seconds (default 300, as AWS's samples use)",
    )
    where = run.add_argument_group("where the reward function runs (default: in-process)")
    where.add_argument(
        "--zip",
        metavar="BUNDLE.zip",
        help="run a built bundle under the Lambda runtime client in a clean interpreter",
    )
    where.add_argument(
        "--python",
        metavar="VERSION",
        help="interpreter for --zip: 3.12, 3.13 or a path (default: the bundle's)",
    )
    where.add_argument(
        "--memory", type=int, default=512, metavar="MB", help="memory for --zip (default 512)"
    )
    where.add_argument(
        "--function-name", metavar="NAME_OR_ARN", help="invoke a deployed Lambda function"
    )
    where.add_argument("--region", metavar="REGION", help="AWS region for --function-name")
    where.add_argument(
        "--endpoint-url", metavar="URL", help="Lambda endpoint for --function-name (emulators)"
    )
    out = run.add_argument_group("output")
    out.add_argument(
        "--report",
        metavar="FILE",
        help="also write the report to FILE: .html (self-contained, SVG histogram) or .json",
    )
    out.add_argument(
        "--samples",
        metavar="FILE.jsonl",
        help=(
            "also write one JSON line per sample: id, prompt (its task_id/id, else the index "
            "in the rollout id), score, error, answer, rule, flags, explanation, metrics "
            "(answer, rule, flags and explanation need the grader here: in-process, or a "
            "--zip whose grader loads here)"
        ),
    )
    out.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    out.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    out.add_argument(
        "--verbose", action="store_true", help="echo the function's log lines on stderr"
    )
    run.set_defaults(func=_run)

    # -- check --------------------------------------------------------------------------------
    check = sub.add_parser(
        "check",
        help="check a Lambda's response against its event",
        description=(
            "Check a reward Lambda's response (any Lambda's) against the event it answered. "
            "Errors: not one result per input id in input order, a missing or non-finite "
            "aggregate_reward_score, a malformed metrics_list. Warnings: scores outside "
            "[-1, 1], unknown keys, duplicate metric names. Exit status 1 on any error."
        ),
        epilog="Example: rftkit harness check event.json response.json",
    )
    check.add_argument("event", metavar="EVENT.json", help="the event sent to the function")
    check.add_argument("response", metavar="RESPONSE.json", help="what the function returned")
    check.add_argument("--json", action="store_true", help="print the findings as JSON")
    check.set_defaults(func=_check)


def _add_input_options(parser: argparse.ArgumentParser, *, events_allowed: bool) -> None:
    group = parser.add_argument_group("input")
    group.add_argument(
        "--dataset",
        metavar="FILE.jsonl",
        help="RFT training JSONL (or raw GSM8K rows, converted as `data prepare` would)",
    )
    group.add_argument(
        "--responses",
        metavar="FILE.jsonl",
        help="model responses: one row per rollout with the prompt's 0-based 'index' (or its "
        "'id'/'task_id') and the text under 'response' (or a list under 'responses')",
    )
    if events_allowed:
        group.add_argument(
            "--events",
            metavar="DIR_OR_FILE",
            help="replay events written by `harness events` instead of building them",
        )
    group.add_argument(
        "--profile",
        choices=["documented", "nova", "open-weight", "mixed"],
        default="documented",
        help=_PROFILE_HELP,
    )
    group.add_argument(
        "--batch-size",
        type=int,
        default=64,
        metavar="N",
        help="samples per event (default 64; Bedrock's own is undocumented)",
    )
    group.add_argument(
        "--trajectories",
        action="store_true",
        help='wrap every event as {"trajectories": [...]}',
    )


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _build(args: argparse.Namespace) -> tuple[list[Any], list[str]]:
    """Events and a source label for each, from --events or --dataset + --responses."""
    from rftkit.harness.events import build_events, load_dataset, load_responses, read_events

    from_events = getattr(args, "events", None)
    if from_events:
        if args.dataset or args.responses:
            raise UsageError("give either --events or --dataset with --responses, not both")
        pairs = list(read_events(from_events))
        return [event for _, event in pairs], [source for source, _ in pairs]
    if not args.dataset or not args.responses:
        needed = "--dataset and --responses" + (" (or --events)" if from_events is not None else "")
        raise UsageError(
            f"{needed} are required",
            hint='responses are JSONL rows like {"index": 0, "response": "... #### 72"}',
        )
    if args.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, got {args.batch_size}")
    records = load_dataset(args.dataset)
    rollouts = load_responses(args.responses, records)
    events = build_events(
        records,
        rollouts,
        profile=args.profile,
        batch_size=args.batch_size,
        trajectories=args.trajectories,
    )
    return events, [f"batch {i}" for i in range(len(events))]


def _events(args: argparse.Namespace) -> int:
    from rftkit.harness.events import write_events

    events, _ = _build(args)
    samples = sum(count_samples(e) for e in events)
    what = write_events(events, args.out)
    print(f"wrote {what} ({samples} samples, profile {args.profile})", file=sys.stderr)
    return 0


def _explainer(bound: Any) -> Any:
    """The grader itself, to re-grade the replies a report shows; None when that would call
    AWS (a judge) and cost money."""
    return None if getattr(bound, "permissions", None) else bound


def _bundle_explainer(spec: Any) -> Any:
    """The bundle's grader loaded here to explain its scores, or None when it does not load
    here (a bundle carries its own dependencies, which this environment may lack)."""
    from rftkit.rewards.registry import load_spec

    args = spec.get("args")
    name, target = spec.get("name"), spec.get("target")
    if not (isinstance(name, str) and isinstance(target, str) and isinstance(args, dict | None)):
        return None  # a build record without a usable grader spec: nothing to load
    try:
        return _explainer(load_spec(spec))
    except RftkitError:  # unknown here, failing import, bad arguments: all wrapped by the registry
        return None


def _make_invoker(args: argparse.Namespace) -> tuple[Any, str, str, Any, Any]:
    """The invoker, the grader's name, the target's description, an explainer (or None)
    and the grader's arguments (None when unknown)."""
    remote = args.function_name is not None
    if args.zip and remote:
        raise UsageError("--zip and --function-name exclude each other")
    echo = (lambda line: print(line, file=sys.stderr)) if args.verbose else None
    if args.zip or remote:
        if args.grader or args.arg:
            raise UsageError(
                "--grader and --arg apply to in-process runs only",
                hint="a bundle or deployed function carries its own grader",
            )
    elif args.python or args.region or args.endpoint_url:
        raise UsageError(
            "--python goes with --zip; --region and --endpoint-url with --function-name"
        )
    if args.zip:
        from rftkit.harness.runtime import LocalLambda

        zip_path = Path(args.zip)
        if not zip_path.is_file():
            raise UsageError(f"no such bundle: {zip_path}", hint="build one with `rftkit build`")
        local = LocalLambda(
            zip_path,
            python=args.python,
            timeout_s=args.timeout,
            memory_mb=args.memory,
            echo_logs=echo,
            concurrency=args.concurrency,
        )
        manifest = getattr(local, "manifest", None) or {}
        spec = manifest.get("spec") if isinstance(manifest, dict) else None
        name = spec.get("name") if isinstance(spec, dict) else None
        explain = _bundle_explainer(spec) if isinstance(spec, dict) else None
        spec_args = spec.get("args") if isinstance(spec, dict) else None
        return local, str(name or zip_path.stem), f"zip {zip_path}", explain, spec_args
    if remote:
        from rftkit.packaging.remote import LambdaInvoker

        remote_invoker = LambdaInvoker(
            args.function_name,
            region=args.region,
            endpoint_url=args.endpoint_url,
            max_connections=max(10, args.concurrency),
        )
        target = f"function {args.function_name}"
        return remote_invoker, args.function_name, target, None, None
    from rftkit.harness.replay import InProcessInvoker

    choice = choose_grader(args)
    with grader_errors(choice):
        in_process = InProcessInvoker(
            choice.ref,
            timeout_s=args.timeout,
            error_score=args.error_score,
            require_reference=not args.no_reference_required,
            echo_logs=echo,
            **choice.args,
        )
    bound = in_process.handler.grader
    return in_process, bound.name, "in-process", _explainer(bound), choice.args


def _run(args: argparse.Namespace) -> int:
    from rftkit.audit.training_signal import SignalRecorder, format_signal, signal_html
    from rftkit.harness.replay import Progress, replay
    from rftkit.render import write_report

    if args.concurrency < 1:
        raise UsageError(f"--concurrency must be at least 1, got {args.concurrency}")
    if not args.timeout > 0:
        raise UsageError(f"--timeout must be positive, got {args.timeout}")
    if not 0.0 <= args.max_error_fraction <= 1.0:
        raise UsageError(
            f"--max-error-fraction must be between 0 and 1, got {args.max_error_fraction}"
        )
    if args.report:
        suffix = Path(args.report).suffix.lower()
        if suffix not in {".html", ".htm", ".json"}:
            raise UsageError(
                f"cannot write a report as {suffix or 'a file without suffix'}",
                hint="use --report report.html or --report report.json",
            )
    if args.samples and Path(args.samples).is_dir():
        raise UsageError(f"--samples {args.samples} is a directory", hint="name a .jsonl file")
    events, sources = _build(args)
    invoker, grader_name, target, explain, grader_arguments = _make_invoker(args)
    if getattr(args, "events", None):
        inputs = f"events {args.events}"
    else:
        inputs = (
            f"dataset {args.dataset}, responses {args.responses} (profile {args.profile}, "
            f"batch size {args.batch_size})"
        )
    total = sum(count_samples(e) for e in events)
    progress = Progress(total, enabled=False if args.no_progress else None)
    # Recording every invocation gives the training-signal diagnostics (GRPO needs rollouts
    # of one prompt to differ) without a second pass over the data.
    recorder = SignalRecorder(invoker)
    try:
        report = replay(
            recorder,
            events,
            grader=grader_name,
            target=target,
            sources=sources,
            concurrency=args.concurrency,
            progress=progress,
            explain=explain,
            header={"inputs": inputs, "args": grader_arguments},
        )
    finally:
        invoker.close()
    signal = recorder.report()

    def document() -> dict[str, Any]:
        doc: dict[str, Any] = report.to_dict()
        doc["signal"] = signal.to_dict() if signal.groups else None
        return doc

    if args.report:
        extra = [signal_html(signal)] if signal.groups else []
        write_report(args.report, html=lambda: report.render_html(extra=extra), data=document)
        print(f"report written to {args.report}", file=sys.stderr)
    if args.samples:
        count = _write_samples(args.samples, recorder.pairs, explain)
        print(f"{count} samples written to {args.samples}", file=sys.stderr)
    if args.json:
        print(json.dumps(document(), indent=2))
    else:
        sys.stdout.write(report.render_text())
        if signal.groups:
            sys.stdout.write("\n" + format_signal(signal))
    ungraded = _too_many_errors(report.error_counts, total, args.max_error_fraction)
    if ungraded:
        print(f"error: {ungraded}", file=sys.stderr)
        return 1
    return 0 if report.ok else 1


def _prompt_of(sample: Any) -> Any:
    """The prompt a sample answers: the record's task_id or id, else the rollout id's index."""
    meta = sample.metadata if isinstance(sample.metadata, dict) else {}
    for key in ("task_id", "id"):
        value = meta.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            return value
    parts = str(sample.id).split("-")
    if len(parts) == 3 and parts[0] == "rollout" and parts[1].isdigit():
        return int(parts[1])
    return None


def _sample_line(sample: Any, wire_id: Any, item: Any, explain: Any) -> dict[str, Any]:
    from rftkit.harness.contract import ERROR_METRIC, result_metrics, result_score

    row: dict[str, Any] = {"id": wire_id, "prompt": _prompt_of(sample), "score": None}
    row.update(error=None, answer=None, rule=None, flags=[], explanation=None, metrics={})
    if not isinstance(item, dict):
        row["error"] = "no result"
        return row
    row["score"] = result_score(item)
    metrics = result_metrics(item)
    for m in metrics if isinstance(metrics, list) else []:
        if isinstance(m, dict) and isinstance(m.get("name"), str):
            row["metrics"][m["name"]] = m.get("value")
    codes = [
        name[len(ERROR_METRIC) + 1 :]
        for name, value in row["metrics"].items()
        if name.startswith(ERROR_METRIC + "_") and value
    ]
    if row["metrics"].get(ERROR_METRIC) or codes:
        row["error"] = codes[0] if codes else "error"
        return row
    if explain is not None:
        try:
            reward = explain(sample)
        except Exception:  # the score stands; only the explanation is missing
            return row
        if hasattr(reward, "answer"):
            row.update(
                answer=reward.answer,
                rule=reward.rule,
                flags=list(reward.errors),
                explanation=reward.explanation,
            )
    return row


def _write_samples(path: str, pairs: list[tuple[Any, Any]], explain: Any) -> int:
    """One JSON line per sample of every recorded invocation, in invocation order."""
    from rftkit.errors import ContractError
    from rftkit.harness.contract import parse_event

    count = 0
    try:
        fh = Path(path).open("w", encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    with fh:
        for event, result in pairs:
            try:
                parsed = parse_event(event, require_reference=False)
            except (ContractError, RecursionError):
                continue
            payload = result.payload if isinstance(result.payload, list) else []
            for i, sample in enumerate(parsed.samples):
                item = payload[i] if i < len(payload) else None
                line = _sample_line(sample, parsed.ids[i], item, explain)
                if result.error is not None:
                    line["error"] = "invocation_failed"
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
    return count


def _too_many_errors(counts: dict[str, int], total: int, limit: float) -> str | None:
    """Why the run fails for sample errors (None when few enough were ungraded).

    A run where most samples could not be graded is a dataset or grader problem, not a
    score: a mean of 0 over them would read as a model that is always wrong.
    """
    errored = sum(counts.values())
    if total <= 0 or errored / total <= limit:
        return None
    top = ", ".join(f"{code} {n}" for code, n in counts.items())
    return (
        f"{errored} of {total} samples could not be graded ({top}); the reward mean above "
        f"is not a score (see docs/glossary.md; --max-error-fraction 1 accepts this)"
    )


def _read_json(path: str, what: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"no such {what} file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{path}: invalid JSON: {exc}") from None


def _check(args: argparse.Namespace) -> int:
    from rftkit.harness.contract import validate_response

    event = _read_json(args.event, "event")
    response = _read_json(args.response, "response")
    report = validate_response(event, response)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        for kind, found in (("error", report.errors), ("warning", report.warnings)):
            for v in found[:_CHECK_SHOWN]:
                print(f"{kind}: {v}")
            if len(found) > _CHECK_SHOWN:
                rest = len(found) - _CHECK_SHOWN
                print(f"... and {rest} more {kind}s (all of them: --json)")
        verdict = "ok" if report.ok else "FAILED"
        print(
            f"{verdict}: {report.received} results for {report.expected} samples, "
            f"{len(report.errors)} errors, {len(report.warnings)} warnings"
        )
    return 0 if report.ok else 1
