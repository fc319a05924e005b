"""``rftkit job ...`` (create, follow and evaluate RFT jobs) and ``rftkit chat``.

Open-weight models (``openai.gpt-oss-20b``, ``qwen.qwen3-32b``) go through Bedrock's
OpenAI-compatible endpoint; Nova models (``amazon.nova-*``) through the native ``bedrock``
API. The route follows from ``--model`` (``job create``) or from the job id (an ARN of a
model customization job, or ``--native`` with a job name, is native).

Results go to stdout (``--json`` for machines); progress, the live status line and the
reward sparkline go to stderr. boto3 and openai are imported only when a command runs.

One module per subcommand family: :mod:`.create`, :mod:`.follow` (status, events,
checkpoints, cancel, list), :mod:`.watch`, :mod:`.evaluate` (``job evaluate`` and ``chat``).
"""

from __future__ import annotations

import sys
from typing import Any

from rftkit.cli.job import create, evaluate, follow, watch

__all__ = ["register"]

# The subcommands in the order `rftkit job --help` lists them.
_SUBCOMMANDS = (
    create.add_create,
    follow.add_status,
    follow.add_events,
    watch.add_watch,
    follow.add_cancel,
    follow.add_checkpoints,
    follow.add_list,
    evaluate.add_evaluate,
)


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
    for add in _SUBCOMMANDS:
        add(sub)
    evaluate.add_chat(subparsers)
