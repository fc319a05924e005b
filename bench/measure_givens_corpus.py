"""The given-numbers policy on the benchmark corpus (docs/graders.md).

Every form of ``scripts/make_gsm8k_corpus.py`` (3,000 replies each, built as bench_gsm8k
builds them), each reply graded by ``gsm8k`` without and with the GSM8K question it was
built from. Prints every changed verdict and the counts by (form, correct before, correct
after, corpus label).

    .venv/bin/python bench/measure_givens_corpus.py
"""

from __future__ import annotations

import collections
import random
import sys
from pathlib import Path

import rftkit
from rftkit import Sample

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))
sys.path.insert(0, str(HERE))
import make_gsm8k_corpus as corpus  # noqa: E402

from bench_gsm8k import DEFAULT_DATA, load_train  # noqa: E402


def main() -> int:
    rows = load_train(DEFAULT_DATA)
    grade = rftkit.load_grader("gsm8k")
    changed: collections.Counter[tuple[str, float, float, object]] = collections.Counter()
    for form in corpus.FORMS:
        rng = random.Random(f"{corpus.SEED}:{form}")  # as build_corpus does
        made = 0
        for row in corpus._cycle(rows, rng):
            got = corpus._reply(form, row, rng)
            if got is None:
                continue
            text, reference, expected = got
            made += 1
            before = grade(Sample.from_text(response=text, reference=reference))
            after = grade(
                Sample.from_text(response=text, reference=reference, prompt=row["question"])
            )
            if (before.score, before.answer) != (after.score, after.answer):
                key = (form, before.metric("correct"), after.metric("correct"), expected)
                changed[key] += 1
                last = text.strip().splitlines()[-1][-100:]
                print(f"{form} label {expected}: {before.answer} -> {after.answer} | {last}")
            if made >= 3000:
                break
    print(dict(changed) or "no verdict changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
