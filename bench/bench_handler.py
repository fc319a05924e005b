"""Benchmark the reward-Lambda handler in-process on 64-sample events with the gsm8k grader.

Run by hand (``.venv/bin/python bench/bench_handler.py``) or through ``bench/run.py``; never
part of the test suite. Uses the GSM8K demo data bundled with rftkit (200 real GSM8K rows and
200 synthetic replies in every answer form the grader knows), replicated into rollouts with
distinct ids, built into Bedrock-shaped events by :mod:`rftkit.harness.events`.

Figures printed (best and median of ``--repeats`` timed runs, one pinned core):

* samples/s through ``handler(event, context)`` for the documented, nova and open-weight
  event profiles (the last needs every message's content flattened from text blocks);
* the gsm8k grader alone on the same, already parsed samples, and ``parse_event`` alone,
  so the handler's own cost per sample (parse, render, count, one summary log line per
  event) can be read off;
* the in-process invoker (the handler plus a JSON round trip of the response, as
  ``rftkit harness run`` uses it), for comparison.

Target: >= 100,000 samples/s through the handler with the gsm8k grader on 64-sample events.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from rftkit.harness.contract import parse_event
from rftkit.harness.events import Rollout, build_events, load_dataset, load_responses
from rftkit.harness.handler import make_handler
from rftkit.harness.replay import InProcessInvoker, LambdaContext
from rftkit.rewards.registry import load_grader

TARGET_RATE = 100_000
BATCH = 64


def pin_one_core() -> str:
    """Pin to one CPU so figures do not depend on the scheduler moving us around."""
    if hasattr(os, "sched_setaffinity"):
        cpu = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def demo_files() -> tuple[Path, Path]:
    root = resources.files("rftkit") / "data" / "gsm8k"
    return Path(str(root / "test_sample.jsonl")), Path(str(root / "responses.jsonl"))


def make_events(n_events: int, profile: str) -> list[Any]:
    """``n_events`` full events of 64 samples: the demo replies, cycled, as distinct rollouts."""
    dataset, responses = demo_files()
    records = load_dataset(dataset)
    base = load_responses(responses, records)
    total = n_events * BATCH
    rollouts = [
        Rollout(r.index, k // len(base), r.text, r.line)
        for k, r in ((k, base[k % len(base)]) for k in range(total))
    ]
    return build_events(records, rollouts, profile=profile, batch_size=BATCH)


def rate(run: Callable[[], int], repeats: int) -> list[float]:
    """samples/s of ``run`` (which returns how many samples it processed), per repeat."""
    run()  # warm-up: first-call caches, as a warm Lambda has them
    figures = []
    for _ in range(repeats):
        start = time.perf_counter()
        n = run()
        figures.append(n / (time.perf_counter() - start))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=400, help="64-sample events per run")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per figure")
    args = parser.parse_args(argv)

    print(f"bench_handler: python {sys.version.split()[0]}, {pin_one_core()}")
    grader = load_grader("gsm8k")
    # The summary line is still built and serialised; only the write to stdout is dropped,
    # because stdout is where these figures go.
    handler = make_handler(grader, log_sink=lambda line: None)
    context = LambdaContext(timeout_s=900.0)

    results: dict[str, list[float]] = {}
    documented: list[Any] = []
    for profile in ("documented", "nova", "open-weight"):
        events = make_events(args.events, profile)
        if profile == "documented":
            documented = events

        def through_handler(events: list[Any] = events) -> int:
            n = 0
            for event in events:
                n += len(handler(event, context))
            return n

        results[f"handler, {profile} events"] = rate(through_handler, args.repeats)

    samples = [s for event in documented for s in parse_event(event).samples]
    impl = grader.impl

    def grader_alone() -> int:
        for sample in samples:
            impl(sample)
        return len(samples)

    def parse_alone() -> int:
        return sum(len(parse_event(event).samples) for event in documented)

    invoker = InProcessInvoker(grader)

    def through_invoker() -> int:
        return sum(len(invoker.invoke(event).payload) for event in documented)

    results["gsm8k grader alone (parsed samples)"] = rate(grader_alone, args.repeats)
    results["parse_event alone"] = rate(parse_alone, args.repeats)
    results["in-process invoker (+ JSON round trip)"] = rate(through_invoker, args.repeats)

    width = max(len(k) for k in results)
    total = args.events * BATCH
    print(f"  {args.events} events x {BATCH} samples = {total:,} samples per run")
    for name, figures in results.items():
        best, median = max(figures), statistics.median(figures)
        print(
            f"  {name:<{width}}  best {best:>10,.0f}/s  median {median:>10,.0f}/s"
            f"  ({1e6 / best:5.2f} us/sample)"
        )
    handler_best = max(results["handler, documented events"])
    grader_best = max(results["gsm8k grader alone (parsed samples)"])
    overhead = 1e6 / handler_best - 1e6 / grader_best
    print(f"  handler's own cost: {overhead:.2f} us/sample (documented events, best runs)")
    verdict = "met" if handler_best >= TARGET_RATE else "NOT met"
    print(f"  target >= {TARGET_RATE:,} samples/s through the handler: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
