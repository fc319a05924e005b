"""What the ``job`` subcommands share: output, argument types, clients, event lines."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from rftkit.jobs.model import JobEvent
from rftkit.jobs.openai import OpenAISession, resolve_base_url
from rftkit.jobs.routes import DEFAULT_REGIONS

METRIC_COLUMNS = (
    "critic_rewards_mean",
    "actor_pg_loss",
    "actor_entropy",
    "actor_grad_norm",
    "critic_advantages_mean",
    "response_length_mean",
)


def err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, sort_keys=False, default=str))


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number: {text!r}")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def add_region(p: argparse.ArgumentParser, *, base_url: bool = True) -> None:
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


def open_session(args: argparse.Namespace) -> OpenAISession:
    region = args.region or DEFAULT_REGIONS["openai"]
    session = OpenAISession(region, resolve_base_url(region, getattr(args, "base_url", None)))
    for warning in session.api_key.warnings:
        err(f"warning: {warning}")
    return session


def bedrock_client(args: argparse.Namespace, ident: str | None = None) -> Any:
    import boto3

    from rftkit.jobs.native import split_job_identifier

    region = args.region
    if ident is not None:
        arn_region, _name = split_job_identifier(ident)
        region = region or arn_region
    return boto3.client("bedrock", region_name=region or DEFAULT_REGIONS["native"])


def fmt_time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def use_ascii(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "ascii").lower()
    return "utf" not in encoding


def event_line(event: JobEvent) -> str:
    when = datetime.fromtimestamp(event.created_at, UTC).strftime("%Y-%m-%d %H:%M:%S")
    text = event.message
    if event.is_metrics:
        numbers = [
            f"{k}={event.metric(k):.4g}" for k in METRIC_COLUMNS if event.metric(k) is not None
        ]
        if numbers:
            text = f"{text}  " + " ".join(numbers) if text else " ".join(numbers)
    return f"{when}  {event.level:<5}  {text}"


def add_job_command(
    sub: Any,
    name: str,
    help_text: str,
    func: Callable[[argparse.Namespace], int],
    *,
    native: bool = True,
) -> argparse.ArgumentParser:
    """Add a subcommand that takes a JOB (an id, or a Nova job ARN), --region and --json."""
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
    add_region(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=func)
    return p
