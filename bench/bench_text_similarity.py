"""Speed of the ``text_similarity`` grader: samples/s per metric, hostile worst cases, and
the bundle's cold start.

* ``throughput``: realistic 50-300-word English replies (GSM8K solutions from
  ``../shared/data/gsm8k/test.jsonl``, 1-4 joined per reference), 4 rollouts per reference
  as in RFT (the reference itself, a perturbed copy with words dropped and swapped, an
  unrelated solution, the first half): samples/s per metric through the grader, one process.
  Run it pinned to one core: ``taskset -c 1 .venv/bin/python bench/bench_text_similarity.py``.
* ``worst case``: milliseconds for one hostile sample per metric (a reply and a reference
  at the 10,000-character bound: one repeated word, random words, no spaces, CJK; a 1 MB
  reply, refused by length), with and without the reference cache.
* ``cold start`` (``--coldstart``): builds the bundle per Python and times a fresh
  interpreter importing the Lambda entry and answering a 64-sample event (the helpers of
  ``bench_coldstart.py``), min / median / p90 ms.

Usage: ``python bench/bench_text_similarity.py [--seconds 2] [--coldstart] [--runs 10]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GSM8K = HERE.parent.parent / "shared" / "data" / "gsm8k" / "test.jsonl"
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from rftkit.rewards.builtin.text_similarity import METRICS, text_similarity  # noqa: E402
from rftkit.rewards.types import Sample  # noqa: E402


def _solutions() -> list[str]:
    out = []
    with open(GSM8K, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["answer"]
            out.append(text.replace("<<", " ").replace(">>", " ").split("####")[0].strip())
    return out


def _perturb(words: list[str], rng: random.Random) -> list[str]:
    kept = [w for w in words if rng.random() > 0.1]
    for _ in range(max(1, len(kept) // 20)):
        i = rng.randrange(len(kept))
        j = min(len(kept) - 1, i + 1)
        kept[i], kept[j] = kept[j], kept[i]
    return kept


def workload(n_refs: int = 256, seed: int = 0) -> list[Sample]:
    """Samples with 50-300-word references, 4 rollouts per reference."""
    rng = random.Random(seed)
    sols = _solutions()
    samples = []
    for k in range(n_refs):
        target = rng.randint(50, 300)
        words: list[str] = []
        while len(words) < target:
            words += rng.choice(sols).split()
        ref = " ".join(words[:target])
        other = " ".join(rng.choice(sols).split()[:target])
        replies = [
            ref,
            " ".join(_perturb(ref.split(), rng)),
            other,
            " ".join(ref.split()[: target // 2]),
        ]
        samples += [
            Sample.from_text(response=r, reference=ref, id=f"s{k}-{i}")
            for i, r in enumerate(replies)
        ]
    return samples


def throughput(seconds: float) -> None:
    samples = workload()
    words = sum(len(s.completion.split()) for s in samples) / len(samples)
    print(f"throughput: {len(samples)} samples, mean reply {words:.0f} words, 4 per reference")
    for metric in METRICS:
        grade = text_similarity(metric=metric)
        for s in samples[:64]:
            grade(s)  # warm up
        n = 0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            for s in samples:
                grade(s)
            n += len(samples)
        rate = n / (time.perf_counter() - t0)
        print(f"  {metric:<16} {rate:10,.0f} samples/s")


def worst_case() -> None:
    rng = random.Random(1)
    letters = "abcdefghij"
    vocab = ["".join(rng.choices(letters, k=rng.randint(1, 6))) for _ in range(500)]

    def words(n_chars: int) -> str:
        out = []
        size = 0
        while size < n_chars - 8:
            w = rng.choice(vocab)
            out.append(w)
            size += len(w) + 1
        return " ".join(out)

    cases = {
        "one word x 5,000 (both sides)": ("a " * 4_999 + "a", "a " * 4_999 + "a"),
        "random words, 10k chars both": (words(10_000), words(10_000)),
        "no spaces, 10k chars both": ("x" * 10_000, "x" * 10_000),
        "CJK + emoji, 10k chars both": ("日本語のテキスト😀 " * 1_000, "日本語の文章 " * 1_400),
        "1 MB reply (over the bound)": ("word " * 200_000, words(2_000)),
    }
    print("worst case: ms for one sample (reference cached / reference cold)")
    for name, (reply, ref) in cases.items():
        cells = []
        for metric in METRICS:
            sample = Sample.from_text(response=reply, reference=ref)
            warm = text_similarity(metric=metric)
            warm(sample)
            t0 = time.perf_counter()
            warm(sample)
            t_warm = (time.perf_counter() - t0) * 1000
            t0 = time.perf_counter()
            text_similarity(metric=metric)(sample)
            t_cold = (time.perf_counter() - t0) * 1000
            cells.append(f"{metric} {t_warm:.1f}/{t_cold:.1f}")
        print(f"  {name:<32} " + "  ".join(cells))


def coldstart(runs: int, versions: list[str]) -> None:
    from bench_coldstart import bundle_coldstart

    samples = workload(16)
    event: list[dict[str, object]] = [
        {
            "id": s.id,
            "messages": [{"role": "assistant", "content": s.completion}],
            "reference_answer": s.reference,
        }
        for s in samples
    ]
    for version in versions:
        for metric in ("rouge_l", "token_set_ratio"):
            bundle_coldstart("text_similarity", version, runs, event, args={"metric": metric})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--coldstart", action="store_true")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--python", nargs="+", default=["3.12", "3.13"])
    args = parser.parse_args()
    if not GSM8K.is_file():
        print(f"GSM8K data not found at {GSM8K}", file=sys.stderr)
        return 2
    throughput(args.seconds)
    worst_case()
    if args.coldstart:
        coldstart(args.runs, args.python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
