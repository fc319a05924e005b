"""``rftkit job status | events | checkpoints | cancel | list``: one look at jobs."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any, TextIO

from rftkit.cli.job._shared import (
    METRIC_COLUMNS,
    add_job_command,
    add_region,
    bedrock_client,
    err,
    event_line,
    fmt_time,
    open_session,
    positive_int,
    print_json,
    use_ascii,
)
from rftkit.errors import UsageError
from rftkit.jobs.curve import REWARD_METRIC, MetricCurve
from rftkit.jobs.model import EventCursor, JobEvent, JobInfo
from rftkit.jobs.openai import (
    OpenAISession,
    list_checkpoints,
    list_openai_jobs,
    openai_errors,
    openai_event_pages,
    openai_job_info,
)
from rftkit.jobs.routes import job_route


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
        ("created", fmt_time(job.created_at)),
    ]
    if job.finished_at:
        rows.append(("finished", fmt_time(job.finished_at)))
    if curve is not None and curve.points:
        step = curve.last_step
        total = curve.total_steps
        progress = (
            f"step {step}/{total} ({100 * (step or 0) // total}%)" if total else f"step {step}"
        )
        rows.append(("progress", progress))
        last = curve.points[step] if step is not None else math.nan
        spark = curve.sparkline(40, ascii=use_ascii(stream))
        rows.append((curve.name, f"{last:.4g}  {spark}"))
    if job.fine_tuned_model:
        rows.append(("fine-tuned model", job.fine_tuned_model))
    if job.error:
        rows.append(("error", job.error))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}", file=stream)


def _status(args: argparse.Namespace) -> int:
    if job_route(args.job_id, native=args.native) == "native":
        from rftkit.jobs.native import get_native_job

        job = get_native_job(bedrock_client(args, args.job_id), args.job_id)
        if args.json:
            print_json({**job.to_dict(), "raw": job.raw})
        else:
            _describe(job, None, sys.stdout)
        return 0
    session = open_session(args)
    with openai_errors(f"reading job {args.job_id}", api_key=session.api_key):
        job = openai_job_info(session.client().fine_tuning.jobs.retrieve(args.job_id))
    curve = MetricCurve(args.metric)
    curve.add_events(_all_events(session, args.job_id))
    if args.json:
        print_json(
            {**job.to_dict(), "metric": args.metric, "curve": curve.series(), "raw": job.raw}
        )
    else:
        _describe(job, curve, sys.stdout)
    return 0


def _events(args: argparse.Namespace) -> int:
    if job_route(args.job_id, native=args.native) == "native":
        raise UsageError(
            "the native API has no event stream for Nova jobs",
            hint="use rftkit job status; training metrics are written under the job's S3 output",
        )
    session = open_session(args)
    events = _all_events(session, args.job_id)
    if args.metrics:
        events = [e for e in events if e.is_metrics]
    if args.json:
        for event in events:
            print(json.dumps(event.to_dict()))
        return 0
    if args.metrics:
        header = ["step", *METRIC_COLUMNS]
        print("  ".join(f"{h:>12}" if i else f"{h:>6}" for i, h in enumerate(header)))
        for e in events:
            cells = [f"{e.step if e.step is not None else '-':>6}"]
            for name in METRIC_COLUMNS:
                value = e.metric(name)
                cells.append(f"{value:>12.4g}" if value is not None else f"{'-':>12}")
            print("  ".join(cells))
        return 0
    for event in events:
        print(event_line(event))
    return 0


def _checkpoints(args: argparse.Namespace) -> int:
    session = open_session(args)
    with openai_errors(f"listing checkpoints of {args.job_id}", api_key=session.api_key):
        checkpoints = list_checkpoints(session.client(), args.job_id)
    if args.json:
        print_json(checkpoints)
        return 0
    if not checkpoints:
        err(f"no checkpoints for {args.job_id} yet")
    for c in sorted(checkpoints, key=lambda c: c.get("step_number") or 0):
        print(f"step {c.get('step_number')!s:>6}  {c.get('fine_tuned_model_checkpoint')}")
    return 0


def _cancel(args: argparse.Namespace) -> int:
    if job_route(args.job_id, native=args.native) == "native":
        from rftkit.jobs.native import stop_native_job

        job = stop_native_job(bedrock_client(args, args.job_id), args.job_id)
    else:
        session = open_session(args)
        with openai_errors(f"cancelling job {args.job_id}", api_key=session.api_key):
            job = openai_job_info(session.client().fine_tuning.jobs.cancel(args.job_id))
    if args.json:
        print_json(job.to_dict())
    else:
        print(f"{job.id}  {job.status}")
    return 0


def _list(args: argparse.Namespace) -> int:
    if args.native:
        from rftkit.jobs.native import list_native_jobs

        jobs = list_native_jobs(bedrock_client(args), limit=args.limit)
    else:
        session = open_session(args)
        with openai_errors("listing jobs", api_key=session.api_key):
            jobs = list_openai_jobs(session.client(), limit=args.limit)
    if args.json:
        print_json([j.to_dict() for j in jobs])
        return 0
    if not jobs:
        err("no jobs")
        return 0
    id_width = max(len(j.id) for j in jobs)
    for j in jobs:
        extra = j.fine_tuned_model or j.error or ""
        line = f"{j.id:<{id_width}}  {j.status:<16}  {fmt_time(j.created_at)}  {j.model}  {extra}"
        print(line.rstrip())
    return 0


# -- registration ----------------------------------------------------------------------------------


def add_status(sub: Any) -> None:
    """``job status``."""
    status = add_job_command(
        sub, "status", "show a job's status, progress and reward so far", _status
    )
    status.add_argument(
        "--metric", default=REWARD_METRIC, help=f"metric to summarise (default {REWARD_METRIC})"
    )


def add_events(sub: Any) -> None:
    """``job events``."""
    events = add_job_command(sub, "events", "print a job's events, oldest first", _events)
    events.add_argument(
        "--metrics", action="store_true", help="only the training metrics, as a table"
    )


def add_cancel(sub: Any) -> None:
    """``job cancel``."""
    add_job_command(sub, "cancel", "cancel (stop) a running job", _cancel)


def add_checkpoints(sub: Any) -> None:
    """``job checkpoints`` (open-weight jobs only)."""
    add_job_command(
        sub,
        "checkpoints",
        "list a job's checkpoints (open-weight jobs)",
        _checkpoints,
        native=False,
    )


def add_list(sub: Any) -> None:
    """``job list``."""
    lst = sub.add_parser(
        "list", help="list recent jobs", description="List recent RFT jobs, newest first."
    )
    lst.add_argument(
        "--native",
        action="store_true",
        help="list Nova jobs (native API) instead of open-weight ones",
    )
    lst.add_argument("--limit", type=positive_int, default=20, help="how many jobs (default 20)")
    add_region(lst)
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.set_defaults(func=_list)
