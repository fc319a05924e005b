"""Benchmark the ``gsm8k`` grader: throughput on typical replies, worst case on hostile ones.

Run by hand (``python bench/bench_gsm8k.py``) or through ``make bench`` / ``bench/run.py``;
never part of the test suite. Needs the GSM8K data in ``../shared/data/gsm8k`` (or
``--data DIR``).

Figures printed:

* samples/s of ``rftkit.load_grader("gsm8k")`` on pre-built ``Sample`` objects whose replies
  are GSM8K solutions written like a model's chain of thought (calculator annotations
  removed, a third of them with a wrong final number), on one pinned core;
* the same for a mixed set (``#### N``, ``\\boxed{}``, "The answer is", ``<answer>``,
  no answer) that exercises the general path;
* a plain regex last-number scorer on the same replies, for comparison;
* math-verify on a subset, when it is installed;
* the worst time for one sample over hostile replies of up to 1 MB.

Targets (2-core machine): >= 250,000 samples/s on typical replies; no reply up to 1 MB
over 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import rftkit
from rftkit import Sample
from rftkit.rewards.numbers import strip_calculator_annotations

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "gsm8k"
TARGET_RATE = 250_000
TARGET_WORST_MS = 50.0


def pin_one_core(cpu: int | None) -> str:
    """Pin this process to one CPU so the figure is a one-core figure."""
    if hasattr(os, "sched_setaffinity"):
        chosen = sorted(os.sched_getaffinity(0))[-1] if cpu is None else cpu
        os.sched_setaffinity(0, {chosen})
        return f"pinned to CPU {chosen}"
    return "not pinned (no sched_setaffinity)"


def load_rows(data: Path) -> list[dict[str, str]]:
    rows = []
    for name in ("test.jsonl", "train.jsonl"):
        with (data / name).open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def typical_samples(rows: Sequence[dict[str, str]], rng: random.Random) -> list[Sample]:
    """GSM8K solutions as a model would write them; a third end in a wrong number."""
    out = []
    for i, row in enumerate(rows):
        solution = strip_calculator_annotations(row["answer"])
        body, _, final = solution.rpartition("####")
        reference = final.strip()
        answer = reference
        if rng.random() < 1 / 3:
            answer = str(int(reference.replace(",", "")) + rng.randint(1, 9))
        out.append(
            Sample.from_text(response=f"{body}#### {answer}", reference=reference, id=str(i))
        )
    return out


def mixed_samples(rows: Sequence[dict[str, str]], rng: random.Random) -> list[Sample]:
    """The same solutions ending in the other answer forms, and some with no answer."""
    out = []
    for i, row in enumerate(rows):
        solution = strip_calculator_annotations(row["answer"])
        body, _, final = solution.rpartition("####")
        reference = final.strip()
        form = i % 6
        if form == 0:
            ending = f"#### {reference}"
        elif form == 1:
            ending = f"So the final answer is $\\boxed{{{reference}}}$."
        elif form == 2:
            ending = f"The answer is {reference}."
        elif form == 3:
            ending = f"<answer>{reference}</answer>"
        elif form == 4:
            ending = f"#### ${reference}"
        else:
            ending = "I am not sure how to finish this."
        out.append(Sample.from_text(response=body + ending, reference=reference, id=str(i)))
    return out


def rate(fn: Callable[[Sample], object], samples: Sequence[Sample], repeats: int) -> list[float]:
    """Samples per second, one figure per repeat."""
    figures = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for s in samples:
            fn(s)
        figures.append(len(samples) / (time.perf_counter() - t0))
    return figures


_NUMBER = re.compile(r"-?\d[\d,]*\.?\d*")


def regex_last_number(sample: Sample) -> float:
    """The plain baseline: last number in the reply, compared as a float."""
    found = _NUMBER.findall(sample.completion)
    if not found:
        return 0.0
    try:
        answer = float(found[-1].replace(",", "").rstrip("."))
        reference = float(str(sample.reference).replace(",", ""))
    except ValueError:
        return 0.0
    return 1.0 if answer == reference else 0.0


def hostile_replies() -> dict[str, str]:
    mb = 1_000_000
    filler = "The farmer counts his sheep again and again. "
    return {
        "1 MB prose, then '#### 72'": (filler * (mb // len(filler)))[: mb - 8] + "\n#### 72",
        "1 MB of digits, no spaces": ("1234567890" * (mb // 10)),
        "1 MB of small numbers": ("7 " * (mb // 2)),
        "1 MB of '#### n' lines (distinct)": "".join(f"#### {i}\n" for i in range(mb // 10))[:mb],
        "1 MB of '#### 72' lines (same)": ("#### 72\n" * (mb // 8)),
        "1 MB of '#' characters": "#" * mb,
        "1 MB unclosed \\boxed{": ("\\boxed{" * (mb // 7)),
        "1 MB of nested braces": "\\boxed" + "{" * (mb - 10) + "72",
        "1 MB of 'The answer is 5.'": ("The answer is 5. " * (mb // 17)),
        "1 MB of '<answer>'": ("<answer>" * (mb // 8)),
        "1 MB of unclosed '<<'": ("<<3*4=" * (mb // 6)),
        "1 MB of \\frac{": ("\\frac{" * (mb // 6)),
        "1 MB thousands chain": "1" + ",234" * ((mb - 1) // 4),
        "1 MB of '0.5.5.5'": "0" + ".5" * ((mb - 1) // 2),
        "1 MB of '2 2/3 '": ("2 2/3 " * (mb // 6)),
        "1 MB of '1e1e1'": ("1e" * (mb // 2)),
        "1 MB of Arabic-Indic digits": "\u0667\u0662 " * (mb // 3),
        "1 MB digits and zero-width chars": "7\u200b" * (mb // 2),
        "1 MB of full-width '#'": "\uff03" * (mb // 2) + " 72",
        "1 MB of spaces": " " * mb,
        "1 MB of 'A: 5' lines": "A: 5\n" * (mb // 5),
        "1 MB of '$1,234.50 '": "$1,234.50 " * (mb // 10),
        "1 MB of '-' and digits": "-1" * (mb // 2),
        "1 MB of '\\times 10^{'": "3 \\times 10^{" * (mb // 13),
        "empty": "",
    }


def worst_case(grader: Callable[[Sample], object], repeats: int) -> list[tuple[float, str]]:
    """Milliseconds per hostile reply (the median of ``repeats`` runs), slowest first."""
    timings = []
    for name, reply in hostile_replies().items():
        sample = Sample.from_text(response=reply, reference="72")
        runs = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            grader(sample)
            runs.append((time.perf_counter() - t0) * 1000)
        timings.append((statistics.median(runs), name))
    return sorted(timings, reverse=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="GSM8K directory")
    parser.add_argument("--n", type=int, default=200_000, help="samples per timed run")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--math-verify-n", type=int, default=1000, help="math-verify subset")
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: last)")
    args = parser.parse_args(argv)
    if not (args.data / "test.jsonl").is_file():
        print(f"bench_gsm8k: no GSM8K data in {args.data}", file=sys.stderr)
        return 2

    print(f"bench_gsm8k: python {sys.version.split()[0]}, {pin_one_core(args.cpu)}")
    rng = random.Random(1234)
    rows = load_rows(args.data)
    typical = typical_samples(rows, rng)
    mixed = mixed_samples(rows, rng)
    typical = (typical * (args.n // len(typical) + 1))[: args.n]
    mixed = (mixed * (args.n // len(mixed) + 1))[: args.n]
    grader = rftkit.load_grader("gsm8k")

    grader(typical[0])  # warm the reference cache the same way a Lambda's first call would
    results: dict[str, list[float]] = {}
    results["gsm8k, typical '#### N' replies"] = rate(grader, typical, args.repeats)
    results["gsm8k, mixed answer forms"] = rate(grader, mixed, args.repeats)
    results["regex last-number baseline, typical"] = rate(regex_last_number, typical, args.repeats)

    try:
        from math_verify import parse, verify
    except ImportError:
        parse = verify = None
    if parse is not None and verify is not None:
        subset = typical[: args.math_verify_n]

        def math_verify_scorer(sample: Sample) -> float:
            gold = parse(str(sample.reference))
            return 1.0 if verify(gold, parse(sample.completion)) else 0.0

        results["math-verify, typical (subset)"] = rate(math_verify_scorer, subset, 1)

    width = max(len(k) for k in results)
    for name, figures in results.items():
        best, median = max(figures), statistics.median(figures)
        print(f"  {name:<{width}}  best {best:>10,.0f}/s  median {median:>10,.0f}/s")
    best_typical = max(results["gsm8k, typical '#### N' replies"])
    best_regex = max(results["regex last-number baseline, typical"])
    verdict = "met" if best_typical >= TARGET_RATE else "NOT met"
    print(f"  target >= {TARGET_RATE:,}/s on typical replies: {verdict}")
    # The machine is shared: the ratio to the baseline timed in the same run is steadier.
    print(f"  gsm8k / regex baseline (best of each): {best_typical / best_regex:.1f}x")

    timings = worst_case(grader, 3)
    print("  hostile replies (median of 3 runs, slowest first):")
    for ms, name in timings[:8]:
        print(f"    {ms:8.2f} ms  {name}")
    worst = timings[0][0]
    verdict = "met" if worst <= TARGET_WORST_MS else "NOT met"
    print(
        f"  worst {worst:.2f} ms over {len(timings)} hostile replies; "
        f"target <= {TARGET_WORST_MS:.0f} ms: {verdict}"
    )
    print("  other built-in graders, worst hostile reply (median of 3 runs):")
    for name in ("numeric", "format", "exact_match"):
        ms, reply = worst_case(rftkit.load_grader(name), 3)[0]
        print(f"    {name:<12} {ms:8.2f} ms  ({reply})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
