"""The given-numbers policy on GSM8K's own solutions read as prose (docs/graders.md).

Each solution without its ``#### N`` line is graded by ``gsm8k`` twice: alone (today's
reading) and with its question as the user turn (the policy). Prints the paid counts per
split and every changed verdict. Reads ``../shared/data/gsm8k`` (benchmarks only).

    .venv/bin/python bench/measure_givens.py [--all-changes]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import rftkit
from rftkit import Sample

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gsm8k import DEFAULT_DATA as DATA


def main() -> None:
    grade = rftkit.load_grader("gsm8k")
    for split in ("train", "test"):
        rows = [json.loads(line) for line in (DATA / f"{split}.jsonl").open()]
        paid_before = paid_after = fired = 0
        changes = []
        for i, row in enumerate(rows):
            reply = row["answer"].rsplit("\n####", 1)[0]
            ref = row["answer"].rsplit("####", 1)[1].strip()
            before = grade(Sample.from_text(response=reply, reference=ref))
            sample = Sample(
                id=str(i),
                messages=[
                    {"role": "user", "content": row["question"]},
                    {"role": "assistant", "content": reply},
                ],
                reference=ref,
            )
            after = grade(sample)
            b, a = before.metric("correct"), after.metric("correct")
            paid_before += b == 1.0
            paid_after += a == 1.0
            if "given_numbers" in after.errors:
                fired += 1
            if (before.answer, b) != (after.answer, a):
                last = reply.strip().splitlines()[-1]
                changes.append((split, i, ref, before.answer, after.answer, b, a, last))
        print(
            f"{split}: {len(rows)} solutions, paid before {paid_before}, after {paid_after}"
            f" ({paid_after - paid_before:+d}); policy fired on {fired}"
        )
        for split_, i, ref, ba, aa, b, a, last in changes:
            mark = {(0.0, 1.0): "FIXED", (1.0, 0.0): "BROKE"}.get((b, a), "same-score")
            print(f"  {mark} {split_}#{i} ref {ref}: {ba} -> {aa}  | {last[-110:]}")


if __name__ == "__main__":
    sys.exit(main())
