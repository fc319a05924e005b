"""``rftkit job ...`` (create, follow and evaluate RFT jobs) and ``rftkit chat``.

Open-weight models (``openai.gpt-oss-20b``, ``qwen.qwen3-32b``) go through Bedrock's
OpenAI-compatible endpoint; Nova models (``amazon.nova-*``) through the native ``bedrock``
API. The route follows from ``--model`` (``job create``) or from the job id (an ARN of a
model customization job, or ``--native`` with a job name, is native).

Results go to stdout (``--json`` for machines); progress, the live status line and the
reward sparkline go to stderr. boto3 and openai are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from rftkit.cli._common import (
    add_config_arg,
    add_grader_args,
    choose_grader,
    grader_errors,
    load_project_config,
)
from rftkit.errors import DatasetError, JobError, UsageError
from rftkit.packaging.jobs import (
    DEFAULT_REGIONS,
    REWARD_METRIC,
    Answer,
    EventCursor,
    JobEvent,
    JobInfo,
    JobSnapshot,
    Message,
    MetricCurve,
    OpenAIHyperparameters,
    OpenAISession,
    Route,
    answer_events,
    ask_model,
    chat_openai,
    choose_grader_function,
    execute_openai_plan,
    list_checkpoints,
    list_openai_jobs,
    load_eval_records,
    openai_errors,
    openai_event_pages,
    openai_job_info,
    openai_poller,
    plan_openai_job,
    resolve_base_url,
    route_for,
    watch_job,
    write_bytes_atomic,
    write_text_atomic,
)

__all__ = ["register"]

_METRIC_COLUMNS = (
    "critic_rewards_mean",
    "actor_pg_loss",
    "actor_entropy",
    "actor_grad_norm",
    "critic_advantages_mean",
    "response_length_mean",
)
_NATIVE_ONLY = {
    "role_arn": "--role-arn",
    "s3_prefix": "--s3-prefix",
    "learning_rate": "--learning-rate",
    "samples_per_prompt": "--samples-per-prompt",
    "eval_interval": "--eval-interval",
    "reasoning_effort": "--reasoning-effort",
    "max_prompt_length": "--max-prompt-length",
    "inference_max_tokens": "--inference-max-tokens",
    "job_name": "--job-name",
    "custom_model_name": "--custom-model-name",
}
_OPENAI_ONLY = {"lr_multiplier": "--lr-multiplier", "base_url": "--base-url"}


# -- small helpers -------------------------------------------------------------------------------


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, sort_keys=False, default=str))


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number: {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _add_region(p: argparse.ArgumentParser, *, base_url: bool = True) -> None:
    p.add_argument(
        "--region",
        metavar="REGION",
        help="AWS region (default: us-west-2 for open-weight models, us-east-1 for Nova)",
    )
    if base_url:
        p.add_argument(
            "--base-url",
            metavar="URL",
            help="OpenAI-compatible endpoint (default: $RFTKIT_OPENAI_BASE_URL, else "
            "https://bedrock-mantle.<region>.api.aws/v1)",
        )


def _job_route(ident: str, native: bool) -> Route:
    if ident.startswith("arn:") and ":model-customization-job/" in ident:
        return "native"
    if native:
        return "native"
    return "openai"


def _session(args: argparse.Namespace) -> OpenAISession:
    region = args.region or DEFAULT_REGIONS["openai"]
    session = OpenAISession(region, resolve_base_url(region, getattr(args, "base_url", None)))
    for warning in session.api_key.warnings:
        _err(f"warning: {warning}")
    return session


def _bedrock(args: argparse.Namespace, ident: str | None = None) -> Any:
    import boto3

    from rftkit.packaging.jobs_native import split_job_identifier

    region = args.region
    if ident is not None:
        arn_region, _name = split_job_identifier(ident)
        region = region or arn_region
    return boto3.client("bedrock", region_name=region or DEFAULT_REGIONS["native"])


def _fmt_time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def _use_ascii(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "ascii").lower()
    return "utf" not in encoding


# -- job create ----------------------------------------------------------------------------------


def _check_route_flags(route: Route, args: argparse.Namespace) -> None:
    other = _NATIVE_ONLY if route == "openai" else _OPENAI_ONLY
    given = [flag for attr, flag in other.items() if getattr(args, attr, None) is not None]
    if given:
        other_kind = "Nova" if route == "openai" else "open-weight"
        verb = "applies" if len(given) == 1 else "apply"
        hint = (
            "open-weight jobs take --epochs, --batch-size and --lr-multiplier"
            if route == "openai"
            else "Nova jobs take --learning-rate rather than --lr-multiplier, and no --base-url"
        )
        raise UsageError(
            f"{', '.join(given)} {verb} only to {other_kind} models, not {args.model}", hint=hint
        )


def _validate_dataset(path: Path, *, min_records: int | None = None) -> None:
    """Run the harness's dataset checks (Bedrock's rules); any error stops the job."""
    from rftkit.harness.dataset import MIN_RECORDS, validate_dataset

    problems = validate_dataset(
        path, min_records=MIN_RECORDS if min_records is None else min_records
    )
    for p in problems:
        if not p.is_error:
            _err(p.format(path))  # already "FILE:LINE: warning: ..."
    errors = [p for p in problems if p.is_error]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DatasetError(
            f"{path} fails validation: {errors[0].format(path)}{more}",
            hint=f"rftkit data validate {path} lists every problem",
        )


def _native_hyperparameters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "epochCount": args.epochs,
        "batchSize": args.batch_size,
        "learningRate": args.learning_rate,
        "trainingSamplePerPrompt": args.samples_per_prompt,
        "evalInterval": args.eval_interval,
        "reasoningEffort": args.reasoning_effort,
        "maxPromptLength": args.max_prompt_length,
        "inferenceMaxTokens": args.inference_max_tokens,
    }


def _grader_function_ref(args: argparse.Namespace) -> tuple[str | None, str, str | None]:
    """``--grader-function`` (else the configured function name), the alias to prefer, and
    the region a configured function was deployed to (None for a flag)."""
    loaded = load_project_config(args)
    deploy = loaded.config.deploy if loaded is not None else None
    ref = args.grader_function or (deploy.function_name if deploy is not None else None)
    alias = args.alias or (deploy.alias if deploy is not None else "live")
    deployed_in = None
    if args.grader_function is None and deploy is not None:
        deployed_in = deploy.region
    return ref, alias, deployed_in


def _print_policies(route: Route, region: str, args: argparse.Namespace) -> int:
    from rftkit.packaging.jobs import check_lambda_arn
    from rftkit.packaging.jobs_native import open_weight_policies, role_policies

    ref, alias, deployed_in = _grader_function_ref(args)
    if ref is None:
        arn = "<GRADER_FUNCTION_ARN>"
    elif ref.startswith("arn:"):
        arn = check_lambda_arn(ref)
        choice = choose_grader_function(arn, region=region, alias=alias)
        if choice.warning:
            _err(f"warning: {choice.warning}")
    else:
        # No AWS call for a policy: a name becomes the ARN `job create` would resolve it to,
        # its alias (what deploy smoke-tests and moves), with the account left open.
        qualified = ref if ":" in ref else f"{ref}:{alias}"
        role_parts = (getattr(args, "role_arn", None) or "").split(":")
        account = role_parts[4] if len(role_parts) > 4 and role_parts[4] else "<ACCOUNT_ID>"
        arn = f"arn:aws:lambda:{deployed_in or region}:{account}:function:{qualified}"
        _err(f"policy scoped to {arn}")
    if route == "openai":
        _print_json(open_weight_policies(grader_arn=arn))
    else:
        _print_json(
            role_policies(
                region=region, s3_prefix=args.s3_prefix, grader_arn=arn, role_arn=args.role_arn
            )
        )
    return 0


def _create(args: argparse.Namespace) -> int:
    route = route_for(args.model)
    region = args.region or DEFAULT_REGIONS[route]
    _check_route_flags(route, args)
    if args.print_role_policy:
        return _print_policies(route, region, args)
    if args.training_file is None:
        raise UsageError("job create needs --training-file")
    ref, alias, deployed_in = _grader_function_ref(args)
    if ref is None:
        raise UsageError(
            "job create needs --grader-function (the reward Lambda's ARN or name)",
            hint="deploy one with rftkit deploy (or set deploy.function_name in [tool.rftkit])",
        )
    if route == "native":
        missing = [
            f for f, v in (("--role-arn", args.role_arn), ("--s3-prefix", args.s3_prefix)) if not v
        ]
        if missing:
            raise UsageError(
                f"Nova jobs need {' and '.join(missing)}",
                hint="rftkit job create --model ... --print-role-policy shows the role's policies",
            )
    # Everything checkable offline is checked before the first byte leaves the machine.
    if route == "openai":
        OpenAIHyperparameters(args.epochs, args.batch_size, args.lr_multiplier).check()
    else:
        from rftkit.packaging.jobs_native import (
            check_native_hyperparameters,
            check_role_arn,
            parse_s3_uri,
        )

        check_native_hyperparameters(_native_hyperparameters(args))
        check_role_arn(args.role_arn)
        parse_s3_uri(args.s3_prefix)
    _validate_dataset(args.training_file)
    if args.validation_file is not None:
        # The 100-record minimum is documented for training data only.
        _validate_dataset(args.validation_file, min_records=1)
    # A configured function is looked up where it was deployed; a mismatch is warned below.
    chosen = choose_grader_function(ref, region=deployed_in or region, alias=alias)
    if chosen.note:
        _err(chosen.note)
    if chosen.warning:
        _err(f"warning: {chosen.warning}")
    grader_arn = chosen.arn
    arn_region = grader_arn.split(":")[3]
    if arn_region != region:
        _err(f"warning: the grader function is in {arn_region}, the job in {region}")
    if route == "openai":
        return _create_openai(args, region, grader_arn)
    return _create_native(args, region, grader_arn)


def _create_openai(args: argparse.Namespace, region: str, grader_arn: str) -> int:
    base_url = resolve_base_url(region, args.base_url)
    plan = plan_openai_job(
        model=args.model,
        training_file=args.training_file,
        validation_file=args.validation_file,
        grader_arn=grader_arn,
        hyperparameters=OpenAIHyperparameters(args.epochs, args.batch_size, args.lr_multiplier),
        base_url=base_url,
    )
    if args.dry_run:
        _print_json({"api": "openai-compatible", "region": region, "requests": plan.requests()})
        return 0
    session = _session(args)
    created = execute_openai_plan(plan, session.client(), api_key=session.api_key, progress=_err)
    if args.json:
        _print_json(
            {
                "id": created.job_id,
                "status": created.status,
                "training_file": created.training_file_id,
                "validation_file": created.validation_file_id,
            }
        )
    else:
        print(created.job_id)
    _err(
        f"created {created.job_id} ({created.status}); "
        f"follow it with: rftkit job watch {created.job_id}"
    )
    return 0


def _create_native(args: argparse.Namespace, region: str, grader_arn: str) -> int:
    from rftkit.packaging.jobs_native import execute_native_plan, plan_native_job

    plan = plan_native_job(
        model=args.model,
        region=region,
        role_arn=args.role_arn,
        grader_arn=grader_arn,
        s3_prefix=args.s3_prefix,
        training_file=args.training_file,
        validation_file=args.validation_file,
        hyperparameters=_native_hyperparameters(args),
        job_name=args.job_name,
        custom_model_name=args.custom_model_name,
    )
    if args.dry_run:
        _print_json({"api": "native", "region": region, "requests": plan.requests()})
        return 0
    import boto3

    arn = execute_native_plan(
        plan,
        s3=boto3.client("s3", region_name=region),
        bedrock=boto3.client("bedrock", region_name=region),
        progress=_err,
    )
    if args.json:
        _print_json({"id": arn, "job_name": plan.job_name, "output": plan.output_uri})
    else:
        print(arn)
    _err(f"created {plan.job_name}; follow it with: rftkit job watch {arn}")
    return 0


# -- status, events, checkpoints, cancel, list ---------------------------------------------------


def _all_events(session: OpenAISession, job_id: str) -> list[JobEvent]:
    client = session.client()
    with openai_errors(f"reading events of {job_id}", api_key=session.api_key):
        return EventCursor(openai_event_pages(client, job_id)).poll()


def _describe(job: JobInfo, curve: MetricCurve | None, stream: TextIO) -> None:
    rows = [
        ("job", job.id),
        ("api", "OpenAI-compatible" if job.route == "openai" else "native (bedrock)"),
        ("model", job.model),
        ("status", job.status),
        ("created", _fmt_time(job.created_at)),
    ]
    if job.finished_at:
        rows.append(("finished", _fmt_time(job.finished_at)))
    if curve is not None and curve.points:
        step = curve.last_step
        total = curve.total_steps
        progress = (
            f"step {step}/{total} ({100 * (step or 0) // total}%)" if total else f"step {step}"
        )
        rows.append(("progress", progress))
        last = curve.points[step] if step is not None else math.nan
        spark = curve.sparkline(40, ascii=_use_ascii(stream))
        rows.append((curve.name, f"{last:.4g}  {spark}"))
    if job.fine_tuned_model:
        rows.append(("fine-tuned model", job.fine_tuned_model))
    if job.error:
        rows.append(("error", job.error))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}", file=stream)


def _status(args: argparse.Namespace) -> int:
    if _job_route(args.job_id, args.native) == "native":
        from rftkit.packaging.jobs_native import get_native_job

        job = get_native_job(_bedrock(args, args.job_id), args.job_id)
        if args.json:
            _print_json({**job.to_dict(), "raw": job.raw})
        else:
            _describe(job, None, sys.stdout)
        return 0
    session = _session(args)
    with openai_errors(f"reading job {args.job_id}", api_key=session.api_key):
        job = openai_job_info(session.client().fine_tuning.jobs.retrieve(args.job_id))
    curve = MetricCurve(args.metric)
    curve.add_events(_all_events(session, args.job_id))
    if args.json:
        _print_json(
            {**job.to_dict(), "metric": args.metric, "curve": curve.series(), "raw": job.raw}
        )
    else:
        _describe(job, curve, sys.stdout)
    return 0


def _event_line(event: JobEvent) -> str:
    when = datetime.fromtimestamp(event.created_at, UTC).strftime("%Y-%m-%d %H:%M:%S")
    text = event.message
    if event.is_metrics:
        numbers = [
            f"{k}={event.metric(k):.4g}" for k in _METRIC_COLUMNS if event.metric(k) is not None
        ]
        if numbers:
            text = f"{text}  " + " ".join(numbers) if text else " ".join(numbers)
    return f"{when}  {event.level:<5}  {text}"


def _events(args: argparse.Namespace) -> int:
    if _job_route(args.job_id, args.native) == "native":
        raise UsageError(
            "the native API has no event stream for Nova jobs",
            hint="use rftkit job status; training metrics are written under the job's S3 output",
        )
    session = _session(args)
    events = _all_events(session, args.job_id)
    if args.metrics:
        events = [e for e in events if e.is_metrics]
    if args.json:
        for event in events:
            print(json.dumps(event.to_dict()))
        return 0
    if args.metrics:
        header = ["step", *_METRIC_COLUMNS]
        print("  ".join(f"{h:>12}" if i else f"{h:>6}" for i, h in enumerate(header)))
        for e in events:
            cells = [f"{e.step if e.step is not None else '-':>6}"]
            for name in _METRIC_COLUMNS:
                value = e.metric(name)
                cells.append(f"{value:>12.4g}" if value is not None else f"{'-':>12}")
            print("  ".join(cells))
        return 0
    for event in events:
        print(_event_line(event))
    return 0


def _checkpoints(args: argparse.Namespace) -> int:
    session = _session(args)
    with openai_errors(f"listing checkpoints of {args.job_id}", api_key=session.api_key):
        checkpoints = list_checkpoints(session.client(), args.job_id)
    if args.json:
        _print_json(checkpoints)
        return 0
    if not checkpoints:
        _err(f"no checkpoints for {args.job_id} yet")
    for c in sorted(checkpoints, key=lambda c: c.get("step_number") or 0):
        print(f"step {c.get('step_number')!s:>6}  {c.get('fine_tuned_model_checkpoint')}")
    return 0


def _cancel(args: argparse.Namespace) -> int:
    if _job_route(args.job_id, args.native) == "native":
        from rftkit.packaging.jobs_native import stop_native_job

        job = stop_native_job(_bedrock(args, args.job_id), args.job_id)
    else:
        session = _session(args)
        with openai_errors(f"cancelling job {args.job_id}", api_key=session.api_key):
            job = openai_job_info(session.client().fine_tuning.jobs.cancel(args.job_id))
    if args.json:
        _print_json(job.to_dict())
    else:
        print(f"{job.id}  {job.status}")
    return 0


def _list(args: argparse.Namespace) -> int:
    if args.native:
        from rftkit.packaging.jobs_native import list_native_jobs

        jobs = list_native_jobs(_bedrock(args), limit=args.limit)
    else:
        session = _session(args)
        with openai_errors("listing jobs", api_key=session.api_key):
            jobs = list_openai_jobs(session.client(), limit=args.limit)
    if args.json:
        _print_json([j.to_dict() for j in jobs])
        return 0
    if not jobs:
        _err("no jobs")
        return 0
    id_width = max(len(j.id) for j in jobs)
    for j in jobs:
        extra = j.fine_tuned_model or j.error or ""
        line = f"{j.id:<{id_width}}  {j.status:<16}  {_fmt_time(j.created_at)}  {j.model}  {extra}"
        print(line.rstrip())
    return 0


# -- watch ---------------------------------------------------------------------------------------


class _Display:
    """The live view on stderr: message events as lines, one redrawn status line on a TTY."""

    def __init__(self, stream: TextIO, curve: MetricCurve, plot: Path | None, title: str) -> None:
        self.stream = stream
        self.curve = curve
        self.plot = plot
        self.title = title
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.ascii = _use_ascii(stream)
        self._last_line = ""
        self._pending_line = False

    def _write_line(self, text: str) -> None:
        if self._pending_line:
            self.stream.write("\r\x1b[K")
            self._pending_line = False
        self.stream.write(text + "\n")

    def _status_line(self, job: JobInfo) -> str:
        parts = [f"{job.status}"]
        step, total = self.curve.last_step, self.curve.total_steps
        if step is not None:
            parts.append(
                f"step {step}/{total} ({100 * step // total}%)" if total else f"step {step}"
            )
            parts.append(f"{self.curve.name} {self.curve.points[step]:.4g}")
            parts.append(self.curve.sparkline(30, ascii=self.ascii))
        return "  ".join(parts)

    def update(self, snap: JobSnapshot) -> None:
        for event in snap.new_events:
            if not event.is_metrics or event.level != "info":
                self._write_line(f"  {_event_line(event)}")
        added = self.curve.add_events(list(snap.new_events))
        line = self._status_line(snap.job)
        if self.tty:
            self.stream.write("\r\x1b[K" + line)
            self._pending_line = True
        elif line != self._last_line:
            self.stream.write(line + "\n")
        self._last_line = line
        self.stream.flush()
        if self.plot is not None and (added or snap.job.done):
            self.write_plot(live=not snap.job.done)

    def retry(self, message: str) -> None:
        self._write_line(f"  {message}")
        self.stream.flush()

    def close(self) -> None:
        if self._pending_line:
            self.stream.write("\n")
            self._pending_line = False
        self.stream.flush()

    def write_plot(self, *, live: bool) -> None:
        assert self.plot is not None
        suffix = self.plot.suffix.lower()
        if suffix == ".png":
            write_bytes_atomic(self.plot, self.curve.to_png())
        elif suffix == ".svg":
            write_text_atomic(self.plot, self.curve.to_svg(title=self.title) + "\n")
        else:
            write_text_atomic(self.plot, self.curve.to_html(title=self.title, live=live))


def _check_plot_path(plot: Path | None) -> None:
    if plot is None:
        return
    if plot.suffix.lower() not in {".html", ".htm", ".svg", ".png"}:
        raise UsageError(
            f"cannot write a chart to {plot.name!r}: use a .html, .svg or .png file",
            hint="HTML and SVG charts are self-contained SVG; PNG is drawn without any library",
        )
    if not plot.parent.is_dir():
        raise UsageError(f"no such directory for --plot: {plot.parent}")


def _watch(args: argparse.Namespace) -> int:
    _check_plot_path(args.plot)
    route = _job_route(args.job_id, args.native)
    curve = MetricCurve(args.metric)
    display = _Display(sys.stderr, curve, args.plot, f"{args.job_id}: {args.metric}")
    poll: Callable[[], JobSnapshot | None]
    if route == "native":
        from rftkit.packaging.jobs_native import native_poller

        _err("note: the native API reports status only; no reward curve for Nova jobs")
        poll = native_poller(_bedrock(args, args.job_id), args.job_id)
    else:
        poll = openai_poller(_session(args), args.job_id)
    try:
        job = watch_job(
            poll,
            on_update=display.update,
            on_retry=display.retry,
            interval=args.interval,
            max_interval=max(args.max_interval, args.interval),
            timeout=args.timeout,
        )
    finally:
        display.close()
    if args.plot is not None:
        display.write_plot(live=False)
        _err(f"wrote {args.plot}")
    if job.state == "failed":
        raise JobError(f"job {job.id} failed: {job.error or 'no failure message given'}")
    if job.state == "cancelled":
        raise JobError(f"job {job.id} was {job.status.lower()}")
    if args.json:
        _print_json({**job.to_dict(), "metric": args.metric, "curve": curve.series()})
    else:
        print(job.fine_tuned_model or job.id)
    return 0


# -- chat and evaluate ---------------------------------------------------------------------------

_NATIVE_INFERENCE_PREFIXES = (
    "amazon.",
    "us.amazon.",
    "eu.amazon.",
    "apac.amazon.",
    "global.amazon.",
)


def _inference_route(model: str) -> Route:
    if model.startswith(_NATIVE_INFERENCE_PREFIXES) or model.startswith("arn:aws"):
        return "native"
    return "openai"


def _completer(args: argparse.Namespace, model: str) -> Callable[[list[Message]], str]:
    max_tokens = getattr(args, "max_tokens", None)
    temperature = getattr(args, "temperature", None)
    if _inference_route(model) == "native":
        import boto3

        from rftkit.packaging.jobs_native import converse

        if getattr(args, "base_url", None):
            raise UsageError(f"--base-url does not apply to {model} (native Bedrock inference)")
        runtime = boto3.client(
            "bedrock-runtime", region_name=args.region or DEFAULT_REGIONS["native"]
        )

        def complete_native(messages: list[Message]) -> str:
            return converse(
                runtime, model, messages, max_tokens=max_tokens, temperature=temperature
            )

        return complete_native
    session = _session(args)

    def complete(messages: list[Message]) -> str:
        return chat_openai(
            session.client(),
            model,
            messages,
            max_tokens=max_tokens,
            temperature=temperature,
            api_key=session.api_key,
        )

    return complete


def _chat(args: argparse.Namespace) -> int:
    question = sys.stdin.read() if args.question == "-" else args.question
    if not question.strip():
        raise UsageError("the question is empty")
    messages: list[Message] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": question})
    answer = _completer(args, args.model)(messages)
    if args.json:
        _print_json({"model": args.model, "answer": answer})
    else:
        print(answer)
    return 0


def _check_report_path(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in {".html", ".htm", ".json"}:
        raise UsageError(
            f"cannot write a report as {suffix or 'a file without suffix'}",
            hint="use --report report.html or --report report.json",
        )


def _write_report(path: Path, report: Any) -> None:
    _check_report_path(path)
    if path.suffix.lower() == ".json":
        write_text_atomic(path, json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        write_text_atomic(path, report.render_html())


def _evaluate(args: argparse.Namespace) -> int:
    from rftkit.harness.replay import InProcessInvoker, Progress, replay

    if args.report is not None:
        _check_report_path(args.report)  # before any request
    # The grader is built first: a typo in its name must not cost a pass over the model.
    choice = choose_grader(args)
    with grader_errors(choice):
        invoker = InProcessInvoker(choice.ref, **choice.args)
    grader_name = invoker.handler.grader.name
    records = load_eval_records(args.dataset, limit=args.limit)
    complete = _completer(args, args.model)
    total = len(records)
    bar = Progress(total, unit="prompts")

    def progress(answer: Answer) -> None:
        bar.advance(samples=1, failed=answer.text is None)

    try:
        answers = ask_model(records, complete, concurrency=args.concurrency, on_answer=progress)
    finally:
        bar.finish()
    if args.responses is not None:
        with args.responses.open("w", encoding="utf-8") as fh:
            for a in answers:
                if a.text is not None:
                    fh.write(json.dumps({"index": a.index, "response": a.text}) + "\n")
        _err(f"wrote the answers to {args.responses} (replay them: rftkit harness run)")
    failed = [a for a in answers if a.text is None]
    profile = "nova" if _inference_route(args.model) == "native" else "open-weight"
    events = answer_events(records, answers, profile=profile)
    if not events:
        raise JobError(
            f"the model answered none of the {total} prompts: {failed[0].error if failed else ''}"
        )
    bound = invoker.handler.grader
    report = replay(
        invoker,
        events,
        grader=grader_name,
        target=f"answers of {args.model}",
        explain=None if bound.permissions else bound,
        header={"inputs": f"dataset {args.dataset}", "args": choice.args},
    )
    if args.report is not None:
        _write_report(args.report, report)
        _err(f"wrote {args.report}")
    model_errors = [{"index": a.index, "error": a.error} for a in failed]
    if args.json:
        _print_json(
            {
                **report.to_dict(),
                "model": args.model,
                "dataset": str(args.dataset),
                "prompts": total,
                "model_errors": model_errors,
            }
        )
        return 0
    print(f"model {args.model}: {total - len(failed)}/{total} prompts answered")
    for item in model_errors[:5]:
        print(f"  prompt {item['index']}: {item['error']}")
    text = report.render_text()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


# -- registration --------------------------------------------------------------------------------


def register(subparsers: Any) -> None:
    """Add the ``job`` command group and the top-level ``chat`` command."""
    job = subparsers.add_parser(
        "job",
        help="create, watch, cancel and evaluate RFT jobs",
        description=(
            "Run reinforcement fine-tuning jobs on Amazon Bedrock. Open-weight models "
            "(openai.gpt-oss-20b, qwen.qwen3-32b) use the OpenAI-compatible endpoint with a "
            "bearer token (OPENAI_API_KEY, or one made from your AWS credentials); Nova models "
            "(amazon.nova-*) use the native bedrock API with a service role and S3."
        ),
    )
    job.set_defaults(func=lambda _args: (job.print_help(sys.stderr), 2)[1])
    sub = job.add_subparsers(dest="job_command", metavar="SUBCOMMAND")

    create = sub.add_parser(
        "create",
        help="validate the dataset, upload it and start an RFT job",
        description=(
            "Validate the training file, upload it, and start an RFT job whose reward is "
            "computed by your Lambda. Prints the job id. Every input is checked before "
            "anything is sent; --dry-run prints the exact requests instead of sending them."
        ),
    )
    create.add_argument(
        "--model",
        required=True,
        help="base model id, e.g. openai.gpt-oss-20b or amazon.nova-2-lite-v1:0:256k",
    )
    create.add_argument(
        "--training-file", type=Path, metavar="FILE", help="training prompts (JSONL, RFT format)"
    )
    create.add_argument(
        "--validation-file", type=Path, metavar="FILE", help="optional validation prompts (JSONL)"
    )
    create.add_argument(
        "--grader-function",
        metavar="ARN_OR_NAME",
        help="the reward Lambda: its ARN, or a function name looked up in --region and "
        "resolved to its alias (default: deploy.function_name of [tool.rftkit])",
    )
    create.add_argument(
        "--alias",
        metavar="NAME",
        help="the alias a function name resolves to (default: deploy.alias, else live, the "
        "alias `rftkit deploy` moves after its smoke test)",
    )
    add_config_arg(create)
    hp = create.add_argument_group("hyperparameters (checked against the service bounds)")
    hp.add_argument("--epochs", type=int, metavar="N", help="training epochs (Nova: 1-50)")
    hp.add_argument("--batch-size", type=int, metavar="N", help="prompts per batch (Nova: 16-512)")
    hp.add_argument(
        "--lr-multiplier",
        type=float,
        metavar="X",
        help="learning-rate multiplier (open-weight only)",
    )
    hp.add_argument(
        "--learning-rate", type=float, metavar="X", help="learning rate (Nova only: 1e-7 to 1e-3)"
    )
    hp.add_argument(
        "--samples-per-prompt", type=int, metavar="N", help="rollouts per prompt (Nova only: 2-16)"
    )
    hp.add_argument(
        "--eval-interval",
        type=int,
        metavar="N",
        help="steps between evaluations (Nova only: 1-100)",
    )
    hp.add_argument("--reasoning-effort", metavar="LEVEL", help="low, medium or high (Nova only)")
    hp.add_argument(
        "--max-prompt-length", type=int, metavar="N", help="prompt token limit (Nova only)"
    )
    hp.add_argument(
        "--inference-max-tokens", type=int, metavar="N", help="rollout token limit (Nova only)"
    )
    nova = create.add_argument_group("Nova (native API) options")
    nova.add_argument(
        "--role-arn", metavar="ARN", help="service role Bedrock assumes (see --print-role-policy)"
    )
    nova.add_argument(
        "--s3-prefix",
        metavar="S3_URI",
        help="s3://bucket/prefix for the uploaded data and the job output",
    )
    nova.add_argument(
        "--job-name", metavar="NAME", help="job name (default rftkit-<model>-<UTC time>)"
    )
    nova.add_argument(
        "--custom-model-name",
        metavar="NAME",
        help="name of the resulting custom model (default: the job name)",
    )
    _add_region(create)
    create.add_argument(
        "--dry-run", action="store_true", help="print the requests as JSON; send nothing"
    )
    create.add_argument(
        "--print-role-policy",
        action="store_true",
        help="print the IAM policies the job needs and exit (no AWS calls)",
    )
    create.add_argument("--json", action="store_true", help="print the created job as JSON")
    create.set_defaults(func=_create)

    def job_command(
        name: str, help_text: str, func: Callable[[argparse.Namespace], int], *, native: bool = True
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(
            name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
        )
        p.add_argument("job_id", metavar="JOB", help="job id (ftjob-...), or a Nova job ARN")
        if native:
            p.add_argument(
                "--native",
                action="store_true",
                help="JOB is a Nova job name (an ARN is recognised without this)",
            )
        _add_region(p)
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(func=func)
        return p

    status = job_command("status", "show a job's status, progress and reward so far", _status)
    status.add_argument(
        "--metric", default=REWARD_METRIC, help=f"metric to summarise (default {REWARD_METRIC})"
    )
    events = job_command("events", "print a job's events, oldest first", _events)
    events.add_argument(
        "--metrics", action="store_true", help="only the training metrics, as a table"
    )
    watch = job_command("watch", "follow a job until it ends, with a live reward curve", _watch)
    watch.add_argument(
        "--interval",
        type=_positive_float,
        metavar="SECONDS",
        default=10.0,
        help="first delay between polls in seconds (default 10)",
    )
    watch.add_argument(
        "--max-interval",
        type=_positive_float,
        metavar="SECONDS",
        default=60.0,
        help="longest delay while nothing changes (default 60)",
    )
    watch.add_argument(
        "--timeout",
        type=_positive_float,
        metavar="SECONDS",
        help="stop watching after this many seconds (the job keeps running)",
    )
    watch.add_argument(
        "--plot",
        type=Path,
        metavar="FILE",
        help="keep a chart of the curve in FILE: .html (self-contained SVG), .svg or .png",
    )
    watch.add_argument(
        "--metric",
        default=REWARD_METRIC,
        metavar="NAME",
        help=f"metric to chart (default {REWARD_METRIC})",
    )
    job_command("cancel", "cancel (stop) a running job", _cancel)
    job_command(
        "checkpoints", "list a job's checkpoints (open-weight jobs)", _checkpoints, native=False
    )

    lst = sub.add_parser(
        "list", help="list recent jobs", description="List recent RFT jobs, newest first."
    )
    lst.add_argument(
        "--native",
        action="store_true",
        help="list Nova jobs (native API) instead of open-weight ones",
    )
    lst.add_argument("--limit", type=_positive_int, default=20, help="how many jobs (default 20)")
    _add_region(lst)
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(func=_list)

    evaluate = sub.add_parser(
        "evaluate",
        help="score a model's answers to a held-out dataset with a grader",
        description=(
            "Send every prompt of a held-out dataset to MODEL (a base or fine-tuned model), "
            "score each reply with the same grader the reward Lambda uses, and report. Rows "
            "are RFT rows (messages + reference_answer) or raw GSM8K rows (question/answer)."
        ),
    )
    evaluate.add_argument(
        "--model", required=True, help="model to ask (e.g. the fine_tuned_model of a job)"
    )
    evaluate.add_argument("--dataset", type=Path, required=True, help="held-out prompts (JSONL)")
    evaluate.add_argument(
        "--grader",
        metavar="NAME_OR_PATH",
        help="grader name, module:factory or file.py:factory (default: the configured grader "
        "of [tool.rftkit], else gsm8k)",
    )
    add_grader_args(evaluate)
    add_config_arg(evaluate)
    evaluate.add_argument(
        "--concurrency", type=_positive_int, default=4, help="requests in flight (default 4)"
    )
    evaluate.add_argument("--limit", type=_positive_int, help="only the first N prompts")
    evaluate.add_argument("--max-tokens", type=_positive_int, help="reply token limit")
    evaluate.add_argument("--temperature", type=float, help="sampling temperature")
    evaluate.add_argument(
        "--report", type=Path, metavar="FILE", help="also write the report: .html or .json"
    )
    evaluate.add_argument(
        "--responses",
        type=Path,
        metavar="FILE",
        help="save the answers as JSONL ({index, response}) for rftkit harness run",
    )
    _add_region(evaluate)
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.set_defaults(func=_evaluate)

    chat = subparsers.add_parser(
        "chat",
        help="ask a (fine-tuned) model one question",
        description=(
            "On-demand inference: send one question to MODEL and print the answer. "
            "Open-weight and fine-tuned open-weight models use the OpenAI-compatible endpoint; "
            "amazon.* ids and Bedrock ARNs use the native Converse API."
        ),
    )
    chat.add_argument("--model", required=True, help="model id, e.g. a job's fine_tuned_model")
    chat.add_argument("question", help="the question ('-' reads it from stdin)")
    chat.add_argument("--system", help="a system prompt")
    chat.add_argument("--max-tokens", type=_positive_int, help="reply token limit")
    chat.add_argument("--temperature", type=float, help="sampling temperature")
    _add_region(chat)
    chat.add_argument("--json", action="store_true", help="print the answer as JSON")
    chat.set_defaults(func=_chat)
