"""``rftkit demo``: grade the bundled GSM8K sample and print a summary.

The main job on built-in defaults: 200 GSM8K test problems with synthetic model replies
(see ``rftkit/data/gsm8k/SOURCE.md``) are scored with the ``gsm8k`` grader (or
``--grader``), and the summary shows what a reward function does with real-looking
output: mean reward, accuracy, how answers were found, what was flagged, and a few
failures with the reason for each.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from importlib import resources
from typing import Any

from rftkit.cli._common import add_grader_args, grader_args
from rftkit.errors import DatasetError, RftkitError
from rftkit.rewards.registry import default_registry
from rftkit.rewards.types import Reward, Sample

__all__ = ["demo_samples", "register"]

_DATA = ("data", "gsm8k")


def register(subparsers: Any) -> None:
    """Add ``rftkit demo``."""
    parser = subparsers.add_parser(
        "demo",
        help="grade the bundled GSM8K sample and print a summary",
        description=(
            "Score 200 bundled GSM8K test problems, each with a synthetic model reply, with "
            "the gsm8k grader, and print the mean reward, accuracy, extraction-rule and flag "
            "counts, and a few failures with the reason for each."
        ),
        epilog="Example: rftkit demo --examples 5",
    )
    parser.add_argument(
        "--grader",
        "-g",
        default="gsm8k",
        metavar="NAME",
        help="grader name, module:factory or path/to/file.py:factory (default: gsm8k)",
    )
    add_grader_args(parser)
    parser.add_argument(
        "--examples",
        type=int,
        default=4,
        metavar="N",
        help="failures to show, one per kind of failure first (default: 4)",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run)


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    path = resources.files("rftkit").joinpath(*_DATA, name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, FileNotFoundError) as exc:
        raise DatasetError(
            f"bundled demo data {'/'.join((*_DATA, name))} is missing: {exc}",
            hint="reinstall rftkit (pip install --force-reinstall rftkit)",
        ) from None
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def demo_samples() -> list[Sample]:
    """The bundled GSM8K sample as one-turn samples, reference = the full solution.

    Example:
        >>> samples = demo_samples()
        >>> len(samples), samples[0].id
        (200, 'gsm8k-00000')
    """
    rows = _read_jsonl("test_sample.jsonl")
    replies = _read_jsonl("responses.jsonl")
    samples = []
    for reply in replies:
        row = rows[reply["index"]]
        samples.append(
            Sample.from_text(
                response=reply["response"],
                reference=row["answer"],
                prompt=row["question"],
                id=reply["id"],
            )
        )
    return samples


def _kind(reward: Reward) -> tuple[object, ...]:
    return (reward.rule, reward.errors, reward.metric("correct"), reward.metric("format_ok"))


def run(args: argparse.Namespace) -> int:
    """Entry point of ``rftkit demo``."""
    grader = default_registry.create(args.grader, **grader_args(args))
    samples = demo_samples()
    results: list[tuple[Sample, Reward | None, str | None]] = []
    t0 = time.perf_counter()
    for sample in samples:
        try:
            results.append((sample, grader(sample), None))
        except RftkitError as exc:
            results.append((sample, None, exc.message))
    elapsed = time.perf_counter() - t0

    rewards = [r for _, r, _ in results if r is not None]
    n = len(results)
    mean = sum(r.score for r in rewards) / len(rewards) if rewards else 0.0
    metric_means: dict[str, float] = {}
    for name in ("correct", "format_ok"):
        values = [v for r in rewards if (v := r.metric(name)) is not None]
        if values:
            metric_means[name] = sum(values) / len(values)
    rules = Counter(r.rule or "(no answer)" for r in rewards)
    flags = Counter(flag for r in rewards for flag in r.errors)
    errors = [(s.id, e) for s, _, e in results if e is not None]

    failures: list[tuple[Sample, Reward]] = []
    seen: set[tuple[object, ...]] = set()
    for pick_new_kinds in (True, False):
        for sample, reward, _ in results:
            if reward is None or reward.score >= 1.0 or len(failures) >= args.examples:
                continue
            kind = _kind(reward)
            if (kind in seen) == pick_new_kinds or any(s is sample for s, _ in failures):
                continue
            seen.add(kind)
            failures.append((sample, reward))

    if args.json:
        summary = {
            "grader": grader.name,
            "samples": n,
            "mean_reward": mean,
            **{f"mean_{k}": v for k, v in metric_means.items()},
            "rules": dict(rules.most_common()),
            "flags": dict(flags.most_common()),
            "grader_errors": [{"id": i, "error": e} for i, e in errors],
            "seconds": elapsed,
            "failures": [
                {"id": s.id, **r.to_dict(), "response_tail": s.completion[-200:]}
                for s, r in failures
            ],
        }
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0

    print(f"rftkit demo: {n} GSM8K test problems with synthetic replies, grader {grader.name}")
    print()
    print(f"  samples        {n}")
    print(f"  mean reward    {mean:.3f}")
    if "correct" in metric_means:
        print(f"  accuracy       {metric_means['correct']:.3f}   (correct final answer)")
    if "format_ok" in metric_means:
        print(f"  format ok      {metric_means['format_ok']:.3f}   (answer in the expected form)")
    rate = n / elapsed if elapsed > 0 else float("inf")
    print(
        f"  time           {elapsed * 1000:.1f} ms ({rate:,.0f} samples/s, first pass: "
        "references parsed, caches cold)"
    )
    if errors:
        print(f"  grader errors  {len(errors)} (first: {errors[0][0]}: {errors[0][1]})")
    print()
    print("  extraction rule that fired")
    for rule, count in rules.most_common():
        print(f"    {rule:<18} {count:>4}")
    if flags:
        print()
        print("  flags")
        for flag, count in flags.most_common():
            print(f"    {flag:<18} {count:>4}")
    if failures:
        print()
        print(f"  examples of replies that did not earn the full reward ({len(failures)}):")
        for sample, reward in failures:
            tail = sample.completion[-110:].replace("\n", " | ")
            print()
            head = f"{sample.id}  score {reward.score:g}  answer {reward.answer!r}"
            print(f"    {head}  rule {reward.rule or '-'}")
            print(f"      why:   {reward.explanation}")
            print(f"      reply: ...{tail}")
    print()
    print("Try: rftkit grade --reference 72 --response $'8 * 9 = 72\\n#### 72'")
    return 0
