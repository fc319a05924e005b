"""Benchmark the GSM8K graders on every answer form models write, next to a naive regex.

Run by hand (``python bench/bench_gsm8k.py``) or through ``make bench`` / ``bench/run.py``;
never part of the test suite. Needs the GSM8K data (``--data DIR``, default
``../shared/data/gsm8k`` next to the checkout or its worktree folder).

Figures printed, on one pinned core, samples built before any timing:

* per answer form (``scripts/make_gsm8k_corpus.py``: ``#### N``, boxed, few-shot
  ``A:``/"The answer is", ``Answer: N`` lines, Minerva, bold, zero-shot prose, tool output,
  truncated, hedged, a reasoning model's thinking), samples/s of ``gsm8k`` and ``numeric``
  and of a naive last-number regex (``re.findall`` on the whole reply, last match as a
  float) timed in the same run, the ratio of each grader to the regex, and each scorer's
  agreement with the corpus labels;
* the bundled ``#### N`` figure (GSM8K solutions as replies, a third with a wrong number);
* math-verify on a subset, when it is installed;
* the worst time for one sample over hostile replies of up to 1 MB, for every built-in
  GSM8K-style grader.

Targets: every form >= 1.5x the regex (ratio from the same run: the machine is shared, so
absolute rates move), >= 250,000 samples/s on ``#### N`` replies, no reply up to 1 MB over
50 ms.
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
sys.path.insert(0, str(HERE.parent / "scripts"))
from make_gsm8k_corpus import FORMS, build_corpus  # noqa: E402  # the corpus generator

_DATA_CANDIDATES = [d / "shared" / "data" / "gsm8k" for d in HERE.parents[1:3]]
DEFAULT_DATA = next((d for d in _DATA_CANDIDATES if d.is_dir()), _DATA_CANDIDATES[0])
TARGET_RATE = 250_000
TARGET_RATIO = 1.5
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


CLOCK = time.perf_counter  # --clock cpu: time.process_time, steadier on a shared machine


def rate(fn: Callable[[Sample], object], samples: Sequence[Sample], repeats: int) -> list[float]:
    """Samples per second, one figure per repeat."""
    figures = []
    clock = CLOCK
    for _ in range(repeats):
        t0 = clock()
        for s in samples:
            fn(s)
        figures.append(len(samples) / max(clock() - t0, 1e-9))
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
        "oversized box ending in the answer": "\\boxed{" + "x+" * 20000 + "72}",
        "3,000-number box": "\\boxed{" + " ".join(map(str, range(3000))) + " 72}",
        "1 MB one prose sentence, no full stop": ("she has 7 apples and " * (mb // 21)),
        "1 MB of '72 or 73 or '": "72 or 73 or " * (mb // 12) + "72.",
        "1 MB of 'the answer is '": "the answer is " * (mb // 14) + "72.",
        "1 MB of '1 = 1 = '": "1 = " * (mb // 4) + "72.",
        "1 MB of '(((' then '= 72.'": "(" * (mb - 8) + "1) = 72.",
        "1 MB of '**7** '": "**7** " * (mb // 6),
        "1 MB of '```output'": "```output\n72\n" * (mb // 14),
        "1 MB of 'Q:' lines after an answer": "The answer is 72.\n" + "\nQ: x" * (mb // 5),
        "1 MB of 'twenty-one '": "twenty-one " * (mb // 11) + ".",
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


def form_samples(rows: Sequence[dict[str, str]], per_form: int) -> dict[str, list[Sample]]:
    """The corpus, as ``Sample`` objects per form (labels kept in ``metadata``)."""
    out: dict[str, list[Sample]] = {form: [] for form in FORMS}
    for i, item in enumerate(build_corpus(rows, per_form)):
        sample = Sample.from_text(
            response=str(item["response"]),
            reference=str(item["reference"]),
            id=str(i),
            metadata={"expected": item["expected"]},
        )
        out[str(item["form"])].append(sample)
    return out


def agreement(fn: Callable[[Sample], object], samples: Sequence[Sample]) -> float:
    """Share of samples where the scorer's correctness equals the corpus label."""
    hits = 0
    for s in samples:
        result = fn(s)
        score = result if isinstance(result, float) else result.metric("correct")  # type: ignore[attr-defined]
        hits += score == s.metadata["expected"]
    return hits / len(samples)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="GSM8K directory")
    parser.add_argument("--per-form", type=int, default=3000, help="corpus replies per form")
    parser.add_argument("--n", type=int, default=200_000, help="samples per timed '#### N' run")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--math-verify-n", type=int, default=1000, help="math-verify subset")
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: last)")
    parser.add_argument("--forms", default="", help="comma-separated forms (default: all)")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time by the wall clock (default) or by this process's CPU time, which other "
        "jobs on a shared machine disturb less",
    )
    args = parser.parse_args(argv)
    global CLOCK  # noqa: PLW0603  # one setting for every timed loop of this run
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    if not (args.data / "test.jsonl").is_file():
        print(f"bench_gsm8k: no GSM8K data in {args.data}", file=sys.stderr)
        return 2

    print(f"bench_gsm8k: python {sys.version.split()[0]}, {pin_one_core(args.cpu)}")
    print(f"  load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  clock: {args.clock}")
    rng = random.Random(1234)
    rows = load_rows(args.data)
    gsm8k = rftkit.load_grader("gsm8k")
    numeric = rftkit.load_grader("numeric")

    per_form = form_samples(load_train(args.data), args.per_form)
    wanted = [f for f in args.forms.split(",") if f] or list(FORMS)
    print(
        f"  per answer form ({args.per_form} replies each, best of {args.repeats} runs; "
        "ratio = grader / regex in the same run):"
    )
    header = (
        f"  {'form':<10} {'gsm8k/s':>9} {'numeric/s':>10} {'regex/s':>9} "
        f"{'gsm8k x':>7} {'numeric x':>9}   agreement gsm8k / numeric / regex"
    )
    print(header)
    all_met = True
    for form in wanted:
        samples = per_form[form]
        gsm8k(samples[0])
        numeric(samples[0])
        # Interleaved rounds (regex, gsm8k, numeric, regex, ...): a burst of load from the
        # other jobs on this shared machine hits all three alike; best round of each.
        best = {"g": 0.0, "n": 0.0, "r": 0.0}
        for _ in range(args.repeats):
            for key, fn in (("r", regex_last_number), ("g", gsm8k), ("n", numeric)):
                best[key] = max(best[key], rate(fn, samples, 1)[0])
        g, n, r = best["g"], best["n"], best["r"]
        met = g >= TARGET_RATIO * r and n >= TARGET_RATIO * r
        all_met &= met
        print(
            f"  {form:<10} {g:>9,.0f} {n:>10,.0f} {r:>9,.0f} {g / r:>6.1f}x {n / r:>8.1f}x"
            f"   {agreement(gsm8k, samples):.3f} / {agreement(numeric, samples):.3f}"
            f" / {agreement(regex_last_number, samples):.3f}{'' if met else '   < 1.5x'}"
        )
    verdict = "met" if all_met else "NOT met"
    print(f"  target >= {TARGET_RATIO}x the regex on every form: {verdict}")

    typical = typical_samples(rows, rng)
    typical = (typical * (args.n // len(typical) + 1))[: args.n]
    gsm8k(typical[0])  # warm the reference cache the same way a Lambda's first call would
    results: dict[str, list[float]] = {}
    results["gsm8k, GSM8K solutions ending '#### N'"] = rate(gsm8k, typical, args.repeats)
    results["regex last-number baseline, same replies"] = rate(
        regex_last_number, typical, args.repeats
    )
    try:
        from math_verify import parse, verify
    except ImportError:
        parse = verify = None
    if parse is not None and verify is not None:
        subset = typical[: args.math_verify_n]

        def math_verify_scorer(sample: Sample) -> float:
            gold = parse(str(sample.reference))
            return 1.0 if verify(gold, parse(sample.completion)) else 0.0

        results["math-verify, same replies (subset)"] = rate(math_verify_scorer, subset, 1)

    width = max(len(k) for k in results)
    for name, figures in results.items():
        best, median = max(figures), statistics.median(figures)
        print(f"  {name:<{width}}  best {best:>10,.0f}/s  median {median:>10,.0f}/s")
    best_typical = max(results["gsm8k, GSM8K solutions ending '#### N'"])
    best_regex = max(results["regex last-number baseline, same replies"])
    verdict = "met" if best_typical >= TARGET_RATE else "NOT met"
    print(f"  target >= {TARGET_RATE:,}/s on '#### N' replies: {verdict}")
    print(f"  gsm8k / regex baseline (best of each): {best_typical / best_regex:.1f}x")

    timings = worst_case(gsm8k, 3)
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


def load_train(data: Path) -> list[dict[str, str]]:
    with (data / "train.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


if __name__ == "__main__":
    sys.exit(main())
