"""``rftkit job watch``: follow a job to its end, with a live status line and chart."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from rftkit.cli.job._shared import (
    add_job_command,
    bedrock_client,
    err,
    event_line,
    open_session,
    positive_float,
    print_json,
    use_ascii,
)
from rftkit.errors import JobError, UsageError
from rftkit.jobs.curve import REWARD_METRIC, MetricCurve, require_matplotlib
from rftkit.jobs.model import JobInfo, JobSnapshot
from rftkit.jobs.openai import openai_poller
from rftkit.jobs.routes import job_route
from rftkit.jobs.watch import watch_job
from rftkit.render import write_atomic


class _Display:
    """The live view on stderr: message events as lines, one redrawn status line on a TTY."""

    def __init__(self, stream: TextIO, curve: MetricCurve, plot: Path | None, title: str) -> None:
        self.stream = stream
        self.curve = curve
        self.plot = plot
        self.title = title
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.ascii = use_ascii(stream)
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
                self._write_line(f"  {event_line(event)}")
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
            write_atomic(self.plot, self.curve.to_png(title=self.title))
        elif suffix == ".svg":
            write_atomic(self.plot, self.curve.to_svg(title=self.title) + "\n")
        else:
            write_atomic(self.plot, self.curve.to_html(title=self.title, live=live))


def _check_plot_path(plot: Path | None) -> None:
    if plot is None:
        return
    suffix = plot.suffix.lower()
    if suffix not in {".html", ".htm", ".svg", ".png"}:
        raise UsageError(
            f"cannot write a chart to {plot.name!r}: use a .html, .svg or .png file",
            hint="HTML and SVG charts are self-contained SVG; PNG needs matplotlib",
        )
    if suffix == ".png":
        require_matplotlib()  # before the first poll, not when the first point arrives
    if not plot.parent.is_dir():
        raise UsageError(f"no such directory for --plot: {plot.parent}")


def _watch(args: argparse.Namespace) -> int:
    _check_plot_path(args.plot)
    route = job_route(args.job_id, native=args.native)
    curve = MetricCurve(args.metric)
    display = _Display(sys.stderr, curve, args.plot, f"{args.job_id}: {args.metric}")
    poll: Callable[[], JobSnapshot | None]
    if route == "native":
        from rftkit.jobs.native import native_poller

        err("note: the native API reports status only; no reward curve for Nova jobs")
        poll = native_poller(bedrock_client(args, args.job_id), args.job_id)
    else:
        poll = openai_poller(open_session(args), args.job_id)
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
        err(f"wrote {args.plot}")
    if job.state == "failed":
        raise JobError(f"job {job.id} failed: {job.error or 'no failure message given'}")
    if job.state == "cancelled":
        raise JobError(f"job {job.id} was {job.status.lower()}")
    if args.json:
        print_json({**job.to_dict(), "metric": args.metric, "curve": curve.series()})
    else:
        print(job.fine_tuned_model or job.id)
    return 0


def add_watch(sub: Any) -> None:
    """``job watch``."""
    watch = add_job_command(
        sub, "watch", "follow a job until it ends, with a live reward curve", _watch
    )
    watch.add_argument(
        "--interval",
        type=positive_float,
        metavar="SECONDS",
        default=10.0,
        help="first delay between polls in seconds (default 10)",
    )
    watch.add_argument(
        "--max-interval",
        type=positive_float,
        metavar="SECONDS",
        default=60.0,
        help="longest delay while nothing changes (default 60)",
    )
    watch.add_argument(
        "--timeout",
        type=positive_float,
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
