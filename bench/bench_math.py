"""Benchmark the ``math`` grader side by side with math-verify.

Run by hand (``python bench/bench_math.py``) or through ``make bench`` / ``bench/run.py``;
never part of the test suite. Needs the GSM8K data in ``../shared/data/gsm8k`` (or
``--data DIR``) and, for the comparison, ``math-verify`` (the ``bench`` extra).

Figures printed (one pinned core; the sympy worker inherits the pin):

* GSM8K-style numeric pairs: GSM8K solutions written as a model's reply (a third with a wrong
  final number), graded against the reference number: pairs/s and p50/p99 latency for the
  math grader and for math-verify (``verify(parse(gold), parse(reply))``);
* MATH-style expression pairs generated from templates (fractions, roots, pi, trig, logs,
  polynomials, equations, inequalities, intervals, sets, tuples, matrices, ``\\pm``, units),
  half equivalent and half near misses, the answer in ``\\boxed{}``: the same figures, plus
  how often each tool agrees with the intended label and the stages that decided;
* pairs that only sympy can settle (trig, log and exponential identities), every one a trip
  to the worker: the worst case for throughput;
* agreement with the published labels of tests/fixtures/math_equivalence/pairs.jsonl (the
  answer-pair kinds without a ``doubt`` field), rftkit and math-verify side by side;
* the cost of importing the grader (sympy must stay unloaded), and the worker's start,
  round-trip and restart times.

Targets: >= 50x math-verify's throughput on numeric pairs, >= 2x on expression pairs, and
importing the grader (after ``rftkit.rewards``) in under 30 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from rftkit import Sample
from rftkit.rewards.numbers import strip_calculator_annotations

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "gsm8k"
TARGET_NUMERIC = 50.0
TARGET_EXPRESSION = 2.0
TARGET_IMPORT_MS = 30.0

Pair = tuple[str, str, bool]  # (reference, reply, intended label)


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = sorted(os.sched_getaffinity(0))[-1]
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


# -- pairs -------------------------------------------------------------------------------------


def numeric_pairs(data: Path, n: int, rng: random.Random) -> list[Pair]:
    rows = []
    for name in ("test.jsonl", "train.jsonl"):
        with (data / name).open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    rng.shuffle(rows)
    out: list[Pair] = []
    for row in rows[:n]:
        body, _, final = row["answer"].rpartition("####")
        gold = final.strip()
        answer = gold
        correct = rng.random() >= 1 / 3
        if not correct:
            answer = str(int(gold.replace(",", "")) + rng.choice([-2, -1, 1, 10]))
        reply = strip_calculator_annotations(body).strip()
        form = rng.random()
        if form < 0.6:
            reply += f"\n#### {answer}"
        elif form < 0.9:
            reply += f"\nThe answer is $\\boxed{{{answer}}}$."
        else:
            reply += f"\nSo the final answer is {answer}."
        out.append((gold, reply, correct))
    return out


def _templates(rng: random.Random) -> list[tuple[str, str, str]]:
    """One (reference, equivalent answer, near miss) triple per template, random numbers."""
    a, b, c = rng.randint(2, 9), rng.randint(2, 9), rng.randint(2, 9)
    p = rng.choice([2, 3, 5, 6, 7, 10, 11])
    k = rng.randint(2, 6)
    d = rng.choice([2, 4, 5, 8])
    q = rng.randint(1, 3 * d)
    dec = f"{q / d:g}"
    return [
        (f"\\frac{{{q}}}{{{d}}}", dec, f"{q / d + 0.01:g}"),
        (
            f"\\frac{{{a}\\sqrt{{{p}}}}}{{{c}}}",
            f"\\frac{{{a}}}{{{c}}}\\sqrt{{{p}}}",
            f"\\frac{{{a}\\sqrt{{{p + 1}}}}}{{{c}}}",
        ),
        (f"{k}\\sqrt{{{p}}}", f"\\sqrt{{{k * k * p}}}", f"\\sqrt{{{k * p}}}"),
        (
            f"\\frac{{{a}}}{{\\sqrt{{{p}}}}}",
            f"\\frac{{{a}\\sqrt{{{p}}}}}{{{p}}}",
            f"\\frac{{{a}\\sqrt{{{p}}}}}{{{p + 1}}}",
        ),
        (f"{a}\\pi", f"\\pi \\cdot {a}", f"{a + 1}\\pi"),
        (f"\\frac{{{a}\\pi}}{{{b}}}", f"\\frac{{{a}}}{{{b}}}\\pi", f"\\frac{{{b}\\pi}}{{{a + b}}}"),
        (f"{a}\\pi", f"{a} \\cdot \\pi", f"{a * 3.14159:.5f}"),  # strict: no decimals
        (
            f"1 - \\frac{{1}}{{e^{{{a}}}}}",
            f"\\frac{{e^{{{a}}} - 1}}{{e^{{{a}}}}}",
            f"1 + \\frac{{1}}{{e^{{{a}}}}}",
        ),
        ("\\frac{\\sqrt{3}}{2}", "\\sin\\frac{\\pi}{3}", "\\cos\\frac{\\pi}{3}"),
        ("1", "\\sin^2 x + \\cos^2 x", "\\sin^2 x - \\cos^2 x"),
        (f"{a}", f"\\log_{{{b}}} {b**a}", f"\\log_{{{b}}} {b**a + 1}"),
        (f"\\ln {a * b}", f"\\ln {a} + \\ln {b}", f"\\ln {a} \\cdot \\ln {b}"),
        (f"x^2 + {a + b}x + {a * b}", f"(x+{a})(x+{b})", f"(x+{a})(x-{b})"),
        (f"{a}x + {b}", f"{b} + {a}x", f"{a}x - {b}"),
        (f"\\frac{{x^2 - {a * a}}}{{x - {a}}}", f"x + {a}", f"x - {a}"),
        (f"{a}", f"x = {a}", f"x = {a + 1}"),
        (f"y = {a}x + {b}", f"y - {a}x = {b}", f"y = {a}x - {b}"),
        (f"x = {a}", f"{b}x = {a * b}", f"{b}x = {a + b}"),
        (f"({a}, \\infty)", f"x > {a}", f"x \\ge {a}"),
        (f"[{-a}, {b})", f"{-a} \\le x < {b}", f"{-a} < x < {b}"),
        (f"({a}, {a + b}]", f"\\left({a}, {a + b}\\right]", f"[{a}, {a + b}]"),
        (
            f"(-\\infty, {a}) \\cup ({a + b}, \\infty)",
            f"({a + b}, \\infty) \\cup (-\\infty, {a})",
            f"(-\\infty, {a}] \\cup ({a + b}, \\infty)",
        ),
        (f"\\{{{a}, {b + 10}\\}}", f"\\{{{b + 10}, {a}\\}}", f"\\{{{a}, {b + 11}\\}}"),
        (f"({a}, {-b})", f"\\left({a}, -{b}\\right)", f"({-b}, {a})"),
        (f"\\left(\\frac{{1}}{{{d}}}, {a}\\right)", f"({1 / d:g}, {a})", f"({1 / d:g}, {a + 1})"),
        (
            f"\\begin{{pmatrix}} {a} \\\\ {b} \\end{{pmatrix}}",
            f"\\begin{{pmatrix}} {a} \\\\ {b} \\end{{pmatrix}}",
            f"\\begin{{pmatrix}} {b + 10} \\\\ {a} \\end{{pmatrix}}",
        ),
        (
            f"\\begin{{pmatrix}} {a} & {b} \\\\ {c} & 1 \\end{{pmatrix}}",
            f"\\begin{{bmatrix}} {a} & {b} \\\\ {c} & 1 \\end{{bmatrix}}",
            f"\\begin{{pmatrix}} {a} & {c} \\\\ {b + 10} & 1 \\end{{pmatrix}}",
        ),
        (
            f"{a} \\pm \\sqrt{{{p}}}",
            f"{a} + \\sqrt{{{p}}}, {a} - \\sqrt{{{p}}}",
            f"{a} + \\sqrt{{{p}}}",
        ),
        (f"{a}, {-b}", f"x = {-b} \\text{{ or }} x = {a}", f"x = {b} \\text{{ or }} x = {a}"),
        (f"{a * 10}", f"{a * 10}^\\circ", f"{a * 10 + 1}^\\circ"),
        (f"{a * 10}", f"{a * 10}\\%", f"{a * 10 + 5}\\%"),
        (f"{a * 3}", f"{a * 3} \\text{{ cm}}", f"{a * 3 + 1} \\text{{ cm}}"),
        (f"{a}^{{{b}}}", f"{a**b}", f"{a**b + 1}"),
        (
            f"\\frac{{{a}}}{{{a + b}}}",
            f"\\dfrac{{{2 * a}}}{{{2 * (a + b)}}}",
            f"\\frac{{{a + 1}}}{{{a + b}}}",
        ),
        (f"{a} + {b}i", f"{b}i + {a}", f"{a} - {b}i"),
        (
            f"\\frac{{\\pi}}{{{d}}}",
            f"\\frac{{180^\\circ}}{{{d}}} \\cdot \\frac{{\\pi}}{{180}}",
            f"\\frac{{\\pi}}{{{d + 1}}}",
        ),
    ]


def sympy_pairs(n: int, rng: random.Random) -> list[Pair]:
    """Pairs that only sympy can settle (identities beyond polynomial arithmetic)."""
    out: list[Pair] = []
    while len(out) < n:
        a, b = rng.randint(2, 9), rng.randint(2, 9)
        triples = [
            (f"{a}", f"{a}\\sin^2 x + {a}\\cos^2 x", f"{a}\\sin^2 x + {b + 10}\\cos^2 x"),
            ("\\sin x", "\\tan x \\cos x", "\\tan x \\sin x"),
            (f"\\sin {2 * a}x", f"2\\sin {a}x \\cos {a}x", f"2\\sin {a}x \\cos {a + 1}x"),
            (f"\\ln {a * b}", f"\\ln {a} + \\ln {b}", f"\\ln {a} + \\ln {b + 1}"),
            (f"e^{{{a}x}}", f"(e^{{x}})^{{{a}}}", f"(e^{{x}})^{{{a + 1}}}"),
        ]
        for ref, same, miss in triples:
            correct = rng.random() < 0.5
            reply = f"Hence $\\boxed{{{same if correct else miss}}}$."
            out.append((ref, reply, correct))
    rng.shuffle(out)
    return out[:n]


def expression_pairs(n: int, rng: random.Random) -> list[Pair]:
    out: list[Pair] = []
    while len(out) < n:
        for ref, same, miss in _templates(rng):
            correct = rng.random() < 0.5
            answer = same if correct else miss
            reply = (
                "We simplify step by step and check the result.\n"
                f"Therefore the final answer is $\\boxed{{{answer}}}$."
            )
            out.append((ref, reply, correct))
    rng.shuffle(out)
    return out[:n]


# -- timing ------------------------------------------------------------------------------------


def run(
    scorer: Callable[[str, str], bool], pairs: Sequence[Pair]
) -> tuple[float, list[float], list[bool]]:
    """Total seconds, per-pair seconds, verdicts."""
    times: list[float] = []
    verdicts: list[bool] = []
    t_start = time.perf_counter()
    for ref, reply, _ in pairs:
        t0 = time.perf_counter()
        verdicts.append(scorer(ref, reply))
        times.append(time.perf_counter() - t0)
    return time.perf_counter() - t_start, times, verdicts


def p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1e3


def report(
    name: str, total: float, times: list[float], verdicts: list[bool], pairs: Sequence[Pair]
) -> float:
    rate = len(times) / total
    agree = sum(v == label for v, (_, _, label) in zip(verdicts, pairs, strict=True))
    print(
        f"  {name:<28} {rate:>10,.0f} pairs/s   p50 {p(times, 0.5):8.3f} ms   "
        f"p99 {p(times, 0.99):8.3f} ms   max {max(times) * 1e3:8.1f} ms   "
        f"label agreement {agree}/{len(pairs)}"
    )
    return rate


def rftkit_scorer(stages: Counter[str]) -> tuple[Callable[[str, str], bool], Callable[[], None]]:
    from rftkit.rewards.builtin.math import math as math_grader
    from rftkit.rewards.mathexpr.equiv import STAGES
    from rftkit.rewards.mathexpr.parser import _parse_cached

    _parse_cached.cache_clear()  # every run starts cold: no answer parsed before
    g = math_grader()
    # Start this grader's sympy worker outside the timed run (a one-off ~1 s per process).
    g(Sample.from_text(response="\\boxed{\\tan x \\cos x}", reference="\\sin x"))
    _parse_cached.cache_clear()

    worker = g.impl.state["worker"]  # type: ignore[attr-defined]
    calls_before = worker.calls

    def score(ref: str, reply: str) -> bool:
        reward = g(Sample.from_text(response=reply, reference=ref))
        stages["sent to the sympy worker"] = worker.calls - calls_before
        stages[STAGES[int(reward.metric("stage") or 0)]] += 1
        for flag in ("timeout", "limit"):
            if reward.metric(flag):
                stages[flag] += 1
        return reward.score == 1.0

    return score, g.impl.close  # type: ignore[attr-defined]


def math_verify_scorer() -> Callable[[str, str], bool] | None:
    try:
        from math_verify import parse, verify
    except ImportError:
        return None

    def score(ref: str, reply: str) -> bool:
        # A bare answer ("x+1") is given to math-verify in $...$ as well, its best reading.
        answer = parse(reply)
        if not answer:
            answer = parse(f"${reply}$")
        return bool(verify(parse(f"${ref}$"), answer))

    return score


def compare(title: str, pairs: list[Pair], mv_n: int, repeats: int, target: float) -> None:
    print(f"{title}: {len(pairs)} pairs (math-verify on the first {min(mv_n, len(pairs))})")
    best = 0.0
    stages: Counter[str] = Counter()
    for _ in range(repeats):
        stages = Counter()
        score, close = rftkit_scorer(stages)
        total, times, verdicts = run(score, pairs)
        if len(times) / total > best:
            best = len(times) / total
            best_run = (total, times, verdicts, dict(stages))
        close()
    total, times, verdicts, stage_counts = best_run
    rate = report("rftkit math (best run)", total, times, verdicts, pairs)
    print(f"    stages: {stage_counts}")
    mv = math_verify_scorer()
    if mv is None:
        print("  math-verify: not installed (pip install -e '.[bench]')")
        return
    subset = pairs[:mv_n]
    run(mv, subset[:10])
    total, times, verdicts = run(mv, subset)
    mv_rate = report("math-verify", total, times, verdicts, subset)
    ratio = rate / mv_rate
    verdict = "met" if ratio >= target else "NOT met"
    print(f"  speed-up {ratio:,.1f}x (target >= {target:g}x): {verdict}")
    score, close = rftkit_scorer(Counter())
    ours = run(score, subset)[2]
    close()
    same = sum(a == b for a, b in zip(verdicts, ours, strict=True))
    print(f"  rftkit and math-verify agree on {same}/{len(subset)} pairs")


# -- import and worker costs -------------------------------------------------------------------

IMPORT_CODE = """
import sys, time
import rftkit.rewards
t0, c0 = time.perf_counter(), time.process_time()
import rftkit.rewards.builtin.math
t1, c1 = time.perf_counter(), time.process_time()
assert "sympy" not in sys.modules
print((t1 - t0) * 1e3, (c1 - c0) * 1e3)
"""


def import_cost(runs: int) -> None:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    wall: dict[str, list[float]] = {"bytecode cached": [], "no bytecode": []}
    cpu: dict[str, list[float]] = {"bytecode cached": [], "no bytecode": []}
    with tempfile.TemporaryDirectory() as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        cmd = [sys.executable, "-c", IMPORT_CODE]
        subprocess.run(cmd, env=env, check=True, capture_output=True)  # write the cache
        for _ in range(runs):
            cold = dict(env, PYTHONDONTWRITEBYTECODE="1")
            cold["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(dir=cache)
            for name, run_env in (("bytecode cached", env), ("no bytecode", cold)):
                out = subprocess.run(cmd, env=run_env, check=True, capture_output=True, text=True)
                w, c = (float(x) for x in out.stdout.split())
                wall[name].append(w)
                cpu[name].append(c)
    print("import rftkit.rewards.builtin.math after rftkit.rewards (sympy not loaded):")
    for name, values in wall.items():
        print(
            f"  {name:<16} wall median {statistics.median(values):6.1f} ms "
            f"(min {min(values):5.1f})   CPU median {statistics.median(cpu[name]):6.1f} ms"
        )
    best = statistics.median(cpu["bytecode cached"])
    verdict = "met" if best < TARGET_IMPORT_MS else "NOT met"
    print(f"  target < {TARGET_IMPORT_MS:g} ms (bytecode cached, median CPU time): {verdict}")


def worker_costs() -> None:
    from rftkit.rewards.mathexpr.budget import Worker

    w = Worker(preload=("sympy", "rftkit.rewards.mathexpr.to_sympy"))
    try:
        t0 = time.perf_counter()
        w.start()
        start = time.perf_counter() - t0
        n = 2000
        t0 = time.perf_counter()
        for _ in range(n):
            w.call(abs, -1, timeout=10)
        trip = (time.perf_counter() - t0) / n
        restarts = []
        for _ in range(5):
            w.call(time.sleep, 10, timeout=0.05)
            t0 = time.perf_counter()
            w.call(abs, -1, timeout=10)
            restarts.append(time.perf_counter() - t0)
    finally:
        w.close()
    print("sympy worker:")
    print(f"  first start (zygote interpreter + sympy import + fork)  {start * 1e3:8.1f} ms")
    print(f"  round trip of a trivial call                            {trip * 1e6:8.1f} us")
    restart = statistics.median(restarts) * 1e3
    print(f"  restart after a timeout (fork + first call), median     {restart:8.1f} ms")


PAIRS = HERE.parent / "tests" / "fixtures" / "math_equivalence" / "pairs.jsonl"
ANSWER_KINDS = frozenset({"equivalence", "normalization", "prompt_example", "response", "implied"})


def agreement_pairs() -> list[Pair]:
    """The published answer pairs without a ``doubt`` field (see tests/fixtures/...)."""
    out: list[Pair] = []
    with PAIRS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["kind"] in ANSWER_KINDS and "doubt" not in row and row["reference"]:
                out.append((row["reference"], row["prediction"], bool(row["expected"])))
    return out


def agreement(pairs: list[Pair]) -> None:
    """Agreement with the published labels, rftkit and math-verify side by side."""
    print(f"Published equivalence pairs ({len(pairs)} answer pairs without doubt, {PAIRS.name}):")
    from rftkit.errors import GraderError

    score, close = rftkit_scorer(Counter())

    def safe(ref: str, reply: str) -> bool:
        try:
            return score(ref, reply)
        except GraderError:
            return False

    total, times, verdicts = run(safe, pairs)
    close()
    report("rftkit math", total, times, verdicts, pairs)
    mv = math_verify_scorer()
    if mv is None:
        print("  math-verify: not installed (pip install -e '.[bench]')")
        return

    def mv_safe(ref: str, reply: str) -> bool:
        try:
            return mv(ref, reply)
        except Exception:  # math-verify raising is a "not verified"
            return False

    total, times, verdicts = run(mv_safe, pairs)
    report("math-verify", total, times, verdicts, pairs)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="GSM8K data directory")
    ap.add_argument("--numeric", type=int, default=3000, help="numeric pairs")
    ap.add_argument("--expressions", type=int, default=1000, help="expression pairs")
    ap.add_argument("--sympy-pairs", type=int, default=200, help="pairs that need sympy")
    ap.add_argument("--math-verify-n", type=int, default=300, help="pairs given to math-verify")
    ap.add_argument("--repeats", type=int, default=3, help="runs of the rftkit grader")
    ap.add_argument(
        "--agreement-only", action="store_true", help="only the published-pairs agreement"
    )
    args = ap.parse_args(argv)
    print(f"bench_math: python {sys.version.split()[0]}, {pin_one_core()}")
    rng = random.Random(20240611)
    agreement(agreement_pairs())
    if args.agreement_only:
        return 0
    import_cost(9)
    worker_costs()
    if (args.data / "test.jsonl").is_file():
        compare(
            "GSM8K-style numeric pairs",
            numeric_pairs(args.data, args.numeric, rng),
            args.math_verify_n,
            args.repeats,
            TARGET_NUMERIC,
        )
    else:
        print(f"numeric pairs skipped: no GSM8K data in {args.data}")
    compare(
        "MATH-style expression pairs",
        expression_pairs(args.expressions, rng),
        args.math_verify_n,
        args.repeats,
        TARGET_EXPRESSION,
    )
    compare(
        "Pairs only sympy can settle (worst case for the worker)",
        sympy_pairs(args.sympy_pairs, rng),
        args.math_verify_n,
        1,
        TARGET_EXPRESSION,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
