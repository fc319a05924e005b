"""``rftkit job evaluate`` and ``rftkit chat``: ask a model, and grade its answers."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rftkit.cli._common import add_config_arg, add_grader_args, choose_grader, grader_errors
from rftkit.cli.job._shared import (
    add_region,
    err,
    open_session,
    positive_int,
    print_json,
)
from rftkit.errors import JobError, UsageError
from rftkit.jobs.evaluate import Answer, answer_events, ask_model, load_eval_records
from rftkit.jobs.model import ChatMessage
from rftkit.jobs.openai import chat_openai
from rftkit.jobs.routes import DEFAULT_REGIONS, inference_route
from rftkit.render import HTML_SUFFIXES, write_report


def _completer(args: argparse.Namespace, model: str) -> Callable[[list[ChatMessage]], str]:
    max_tokens = getattr(args, "max_tokens", None)
    temperature = getattr(args, "temperature", None)
    if inference_route(model) == "native":
        import boto3

        from rftkit.jobs.native import converse

        if getattr(args, "base_url", None):
            raise UsageError(f"--base-url does not apply to {model} (native Bedrock inference)")
        runtime = boto3.client(
            "bedrock-runtime", region_name=args.region or DEFAULT_REGIONS["native"]
        )

        def complete_native(messages: list[ChatMessage]) -> str:
            return converse(
                runtime, model, messages, max_tokens=max_tokens, temperature=temperature
            )

        return complete_native
    session = open_session(args)

    def complete(messages: list[ChatMessage]) -> str:
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
    messages: list[ChatMessage] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": question})
    answer = _completer(args, args.model)(messages)
    if args.json:
        print_json({"model": args.model, "answer": answer})
    else:
        print(answer)
    return 0


def _check_report_path(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in {*HTML_SUFFIXES, ".json"}:
        raise UsageError(
            f"cannot write a report as {suffix or 'a file without suffix'}",
            hint="use --report report.html or --report report.json",
        )


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
        err(f"wrote the answers to {args.responses} (replay them: rftkit harness run)")
    failed = [a for a in answers if a.text is None]
    profile = "nova" if inference_route(args.model) == "native" else "open-weight"
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
        write_report(args.report, html=report.render_html, data=report.to_dict)
        err(f"wrote {args.report}")
    model_errors = [{"index": a.index, "error": a.error} for a in failed]
    if args.json:
        print_json(
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


def add_evaluate(sub: Any) -> None:
    """``job evaluate``."""
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
        "--concurrency", type=positive_int, default=4, help="requests in flight (default 4)"
    )
    evaluate.add_argument("--limit", type=positive_int, help="only the first N prompts")
    evaluate.add_argument("--max-tokens", type=positive_int, help="reply token limit")
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
    add_region(evaluate)
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.set_defaults(func=_evaluate)


def add_chat(subparsers: Any) -> None:
    """The top-level ``chat`` command."""
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
    chat.add_argument("--max-tokens", type=positive_int, help="reply token limit")
    chat.add_argument("--temperature", type=float, help="sampling temperature")
    add_region(chat)
    chat.add_argument("--json", action="store_true", help="print the answer as JSON")
    chat.set_defaults(func=_chat)
