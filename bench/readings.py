"""Every reading of the gsm8k grader on GSM8K's solutions and the benchmark corpus, one line
each, to compare two versions of the reader (a change of policy must show every verdict it
changes). Reads ``../shared/data/gsm8k`` (benchmarks only).

    PYTHONPATH=../before/src .venv/bin/python bench/readings.py > before.tsv
    PYTHONPATH=src .venv/bin/python bench/readings.py > after.tsv
    diff before.tsv after.tsv

Each line: the item (``train#12``: a solution without its ``#### N`` line; ``prose#7``: a
corpus reply of that form), the score, the answer read, the reference, and the reply's end.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import rftkit
from rftkit import Sample

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gsm8k import DEFAULT_DATA, form_samples, load_train


def main() -> None:
    grade = rftkit.load_grader("gsm8k")
    for split in ("train", "test"):
        with (DEFAULT_DATA / f"{split}.jsonl").open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                row = json.loads(line)
                reply, ref = row["answer"].rsplit("\n####", 1)
                r = grade(Sample.from_text(response=reply, reference=ref.strip()))
                print(f"{split}#{i}\t{r.score}\t{r.answer}\t{ref.strip()}\t{reply[-160:]!r}")
    for form, samples in form_samples(load_train(DEFAULT_DATA), 3000).items():
        for i, s in enumerate(samples):
            r = grade(s)
            print(f"{form}#{i}\t{r.score}\t{r.answer}\t{s.reference}\t{s.completion[-160:]!r}")


if __name__ == "__main__":
    main()
