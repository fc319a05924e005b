"""Benchmark: a batch of judge calls, concurrent (as the handler runs them) against sequential.

A loopback Converse endpoint on 127.0.0.1 answers every request after a fixed delay (200 ms
by default, a fast judge model). The same batch is graded twice by the ``judge`` grader with
the cache off: once sample by sample, once through the reward-Lambda handler
(``make_handler``), which runs a grader with ``concurrency > 1`` in a bounded thread pool.
The target is at least 10x at the default concurrency (16).

Run:
    .venv/bin/python bench/bench_judge.py
    .venv/bin/python bench/bench_judge.py --samples 64 --delay 0.2 --json

Only obviously fake credentials are set, in this process only; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

TARGET_SPEEDUP = 10.0


def _fake_aws_environment() -> None:
    # Signing needs credentials; these are fake and the endpoint is loopback.
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK"):
        os.environ.pop(name, None)
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull


def _event(n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"rollout-{i}",
            "messages": [
                {"role": "user", "content": f"Summarise item {i} in one sentence."},
                # Distinct responses: every sample is a real judge call, none a cache hit.
                {"role": "assistant", "content": f"Item {i} is summarised here."},
            ],
            "reference_answer": f"A one-sentence summary of item {i}.",
        }
        for i in range(n)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=64, help="batch size (default 64)")
    parser.add_argument(
        "--delay", type=float, default=0.2, help="seconds the endpoint takes per answer"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="judge max_concurrency (default: the grader's default, 16)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when the 10x target is missed"
    )
    args = parser.parse_args(argv)

    _fake_aws_environment()
    from rftkit.harness.handler import make_handler
    from rftkit.rewards.builtin.judge import DEFAULT_CONCURRENCY, judge
    from rftkit.rewards.judge.loopback import LoopbackConverse
    from rftkit.rewards.types import Sample

    concurrency = args.concurrency or DEFAULT_CONCURRENCY
    event = _event(args.samples)
    samples = [Sample(e["id"], e["messages"], reference=e["reference_answer"]) for e in event]
    with LoopbackConverse(delay=args.delay) as server:
        grader = judge(
            model_id="us.anthropic.claude-3-5-haiku-20241022-v1:0",
            region="us-west-2",
            endpoint_url=server.url,
            cache_size=0,
            max_concurrency=concurrency,
        )
        started = time.perf_counter()
        grader(Sample.from_text(response="warm-up"))  # makes the client: not part of a run
        client_s = time.perf_counter() - started

        started = time.perf_counter()
        sequential = [grader(s) for s in samples]
        sequential_s = time.perf_counter() - started

        handler = make_handler(grader, log_sink=lambda line: None)
        started = time.perf_counter()
        batch = handler.grade_event(event, None)
        concurrent_s = time.perf_counter() - started
        requests = len(server.requests)

    failures = sum(1 for r in sequential + batch.rewards if r.errors)
    speedup = sequential_s / concurrent_s
    figures = {
        "samples": args.samples,
        "delay_s": args.delay,
        "concurrency": grader.concurrency,
        "client_setup_s": round(client_s, 3),
        "sequential_s": round(sequential_s, 3),
        "concurrent_s": round(concurrent_s, 3),
        "speedup": round(speedup, 2),
        "ideal_speedup": round(min(concurrency, args.samples), 2),
        "requests": requests,
        "failures": failures,
        "target_met": speedup >= TARGET_SPEEDUP and failures == 0,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"judge benchmark: {args.samples} samples, endpoint answers after {args.delay} s")
        print(f"  client setup (once per warm Lambda): {client_s:8.3f} s")
        print(f"  sequential calls:                    {sequential_s:8.3f} s")
        print(f"  handler, concurrency {grader.concurrency:<3}:            {concurrent_s:8.3f} s")
        print(f"  speedup: {speedup:.1f}x (ideal {figures['ideal_speedup']}x, target >= 10x)")
        print(f"  requests served: {requests}, failed samples: {failures}")
        print(f"  target {'met' if figures['target_met'] else 'MISSED'}")
    return 1 if args.strict and not figures["target_met"] else 0


if __name__ == "__main__":
    sys.exit(main())
