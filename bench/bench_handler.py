"""Benchmark the reward-Lambda handler in-process on 64-sample events with the gsm8k grader.

Run by hand (``.venv/bin/python bench/bench_handler.py``) or through ``bench/run.py``; never
part of the test suite. Two sets of replies, replicated into rollouts with distinct ids and
built into Bedrock-shaped events by :mod:`rftkit.harness.events`:

* **typical**: GSM8K test solutions written like a model's chain of thought (calculator
  annotations removed, a third ending in a wrong number, always ``#### N``), the same replies
  as ``bench_gsm8k.py``'s typical set; needs ``../shared/data/gsm8k`` (or ``--data DIR``);
* **demo mix**: the demo data bundled with rftkit (200 real GSM8K rows, 200 synthetic replies
  in every answer form the grader knows: ``\\boxed{}``, "The answer is", ``<answer>``, no
  answer, ...), which sends most replies down the grader's slower general path.

Figures printed (best and median of ``--repeats`` timed runs, one pinned core):

* samples/s through ``handler(event, context)``; for typical replies in the documented, nova
  and open-weight event profiles (the last has every message's content as text blocks);
* the gsm8k grader alone on the same, already parsed samples; the handler with a grader that
  returns a fixed three-metric Reward, which is the handler's own cost per sample (parse,
  render, count, one summary log line per event); ``parse_event`` alone;
* the in-process invoker (the handler plus a JSON round trip of the response, as
  ``rftkit harness run`` uses it), for comparison.

Target: >= 100,000 samples/s through the handler with the gsm8k grader on 64-sample events
(typical replies, documented profile).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from rftkit.harness.contract import parse_event
from rftkit.harness.dataset import gsm8k_record
from rftkit.harness.events import Rollout, build_events, load_dataset, load_responses
from rftkit.harness.handler import make_handler
from rftkit.harness.replay import InProcessInvoker, LambdaContext
from rftkit.rewards.numbers import strip_calculator_annotations
from rftkit.rewards.registry import GraderFactory, load_grader

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "gsm8k"

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


def demo_replies() -> tuple[list[dict[str, Any]], list[Rollout]]:
    """The bundled demo rows and their synthetic replies."""
    dataset, responses = demo_files()
    records = load_dataset(dataset)
    return records, load_responses(responses, records)


def typical_replies(data: Path) -> tuple[list[dict[str, Any]], list[Rollout]]:
    """GSM8K test solutions as a model would write them; a third end in a wrong number."""
    rng = random.Random(1234)
    rows = [json.loads(line) for line in (data / "test.jsonl").open(encoding="utf-8")]
    records = []
    rollouts = []
    for i, row in enumerate(rows):
        records.append(gsm8k_record(row, index=i))
        body, _, final = strip_calculator_annotations(row["answer"]).rpartition("####")
        answer = final.strip()
        if rng.random() < 1 / 3:
            answer = str(int(answer.replace(",", "")) + rng.randint(1, 9))
        rollouts.append(Rollout(i, 0, f"{body}#### {answer}", i + 1))
    return records, rollouts


def make_events(
    replies: tuple[list[dict[str, Any]], list[Rollout]], n_events: int, profile: str
) -> list[Any]:
    """``n_events`` full events of 64 samples: the replies, cycled, as distinct rollouts."""
    records, base = replies
    total = n_events * BATCH
    rollouts = [
        Rollout(r.index, k // len(base), r.text, r.line)
        for k, r in ((k, base[k % len(base)]) for k in range(total))
    ]
    return build_events(records, rollouts, profile=profile, batch_size=BATCH)


def rates(runs: dict[str, Callable[[], int]], repeats: int) -> dict[str, list[float]]:
    """samples/s of each run (which returns how many samples it processed), per repeat.

    The runs take turns (one timed run of each per round) so that load from other processes
    on a shared machine spreads over all figures instead of skewing one of them.
    """
    for run in runs.values():
        run()  # warm-up: first-call caches, as a warm Lambda has them
    figures: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            n = run()
            figures[name].append(n / (time.perf_counter() - start))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=400, help="64-sample events per run")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per figure")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="GSM8K directory")
    parser.add_argument(
        "--no-freeze", action="store_true", help="do not gc.freeze() the prepared events"
    )
    args = parser.parse_args(argv)
    if not (args.data / "test.jsonl").is_file():
        print(f"bench_handler: no GSM8K data in {args.data}", file=sys.stderr)
        return 2

    gc_note = "events not frozen" if args.no_freeze else "prepared events gc-frozen"
    print(f"bench_handler: python {sys.version.split()[0]}, {pin_one_core()}, {gc_note}")
    grader = load_grader("gsm8k")
    # The summary line is still built and serialised; only the write to stdout is dropped,
    # because stdout is where these figures go.
    handler = make_handler(grader, log_sink=lambda line: None)
    context = LambdaContext(timeout_s=900.0)

    runs: dict[str, Callable[[], int]] = {}

    def through_handler(events: list[Any]) -> Callable[[], int]:
        def run() -> int:
            n = 0
            for event in events:
                n += len(handler(event, context))
            return n

        return run

    def grader_alone(events: list[Any]) -> Callable[[], int]:
        samples = [s for event in events for s in parse_event(event).samples]
        impl = grader.impl

        def run() -> int:
            for sample in samples:
                impl(sample)
            return len(samples)

        return run

    typical = typical_replies(args.data)
    demo = demo_replies()
    documented = make_events(typical, args.events, "documented")
    for profile in ("documented", "nova", "open-weight"):
        events = (
            documented if profile == "documented" else make_events(typical, args.events, profile)
        )
        runs[f"handler, typical, {profile}"] = through_handler(events)
    runs["gsm8k grader alone, typical"] = grader_alone(documented)
    mix = make_events(demo, args.events, "documented")
    runs["handler, demo mix, documented"] = through_handler(mix)
    runs["gsm8k grader alone, demo mix"] = grader_alone(mix)

    def parse_alone() -> int:
        return sum(len(parse_event(event).samples) for event in documented)

    invoker = InProcessInvoker(grader)

    def through_invoker() -> int:
        return sum(len(invoker.invoke(event).payload) for event in documented)

    # The handler's own cost: the same events with a grader that returns a fixed Reward with
    # three metrics (as many as gsm8k reports), so parse, render, count and log are all paid.
    fixed = grader(parse_event(documented[0]).samples[0])
    constant = make_handler(
        GraderFactory(lambda: lambda sample: fixed, name="constant", description="").create({}),
        log_sink=lambda line: None,
    )

    def constant_handler() -> int:
        return sum(len(constant(event, context)) for event in documented)

    runs["handler, constant grader, typical"] = constant_handler
    runs["parse_event alone, documented"] = parse_alone
    runs["in-process invoker (+ JSON), typical"] = through_invoker
    if not args.no_freeze:
        # The prepared events (hundreds of thousands of dicts) stay alive for the whole run,
        # where a Lambda holds one event; freezing them keeps the cyclic collector from
        # rescanning them on every full collection, which a Lambda would not pay either.
        gc.collect()
        gc.freeze()
    results = rates(runs, args.repeats)

    width = max(len(k) for k in results)
    total = args.events * BATCH
    print(f"  {args.events} events x {BATCH} samples = {total:,} samples per run")
    for name, figures in results.items():
        best, median = max(figures), statistics.median(figures)
        print(
            f"  {name:<{width}}  best {best:>10,.0f}/s  median {median:>10,.0f}/s"
            f"  ({1e6 / best:5.2f} us/sample)"
        )
    handler_best = max(results["handler, typical, documented"])
    own = 1e6 / max(results["handler, constant grader, typical"])
    print(f"  handler's own cost: {own:.2f} us/sample (constant grader, best run)")
    verdict = "met" if handler_best >= TARGET_RATE else "NOT met"
    print(f"  target >= {TARGET_RATE:,} samples/s through the handler (typical): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
