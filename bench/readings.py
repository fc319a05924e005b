"""Every reading of the gsm8k grader on GSM8K's solutions and the benchmark corpus, one line
each, to compare two versions of the reader (a change of policy must show every verdict it
changes). Reads ``../shared/data/gsm8k`` (benchmarks only).

    PYTHONPATH=../before/src .venv/bin/python bench/readings.py > before.tsv
    PYTHONPATH=src .venv/bin/python bench/readings.py > after.tsv
    diff before.tsv after.tsv

With ``--full`` each line also holds the rule that fired, the flags and the explanation: a
change meant to keep every reading (a speed-up) must leave that output unchanged too.

With ``--prompt`` every reply is graded with its GSM8K question as the prompt (the reward
Lambda's event carries it), which the policies that read the question need (givens, time
frames, dozens, hypotheticals): compare two versions with the same option.

Each line: the item (``train#12``: a solution without its ``#### N`` line; ``prose#7``: a
corpus reply of that form), the score, the answer read, the reference, and the reply's end.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import rftkit
from rftkit import Sample

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from make_gsm8k_corpus import build_corpus

from bench_gsm8k import DEFAULT_DATA, load_train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prompt", action="store_true", help="grade with the question")
    parser.add_argument(
        "--full", action="store_true", help="also the rule, the flags and the explanation"
    )
    args = parser.parse_args()
    with_prompt = args.prompt
    grade = rftkit.load_grader("gsm8k")

    def more(r: rftkit.Reward) -> str:
        return f"\t{r.rule}\t{','.join(r.errors)}\t{r.explanation}" if args.full else ""

    for split in ("train", "test"):
        with (DEFAULT_DATA / f"{split}.jsonl").open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                row = json.loads(line)
                reply, ref = row["answer"].rsplit("\n####", 1)
                prompt = row["question"] if with_prompt else None
                r = grade(Sample.from_text(response=reply, reference=ref.strip(), prompt=prompt))
                print(
                    f"{split}#{i}\t{r.score}\t{r.answer}\t{ref.strip()}\t{reply[-160:]!r}{more(r)}"
                )
    counts: dict[str, int] = {}
    for item in build_corpus(load_train(DEFAULT_DATA), 3000):
        form, text, ref = str(item["form"]), str(item["response"]), str(item["reference"])
        i = counts[form] = counts.get(form, -1) + 1
        prompt = str(item["question"]) if with_prompt else None
        r = grade(Sample.from_text(response=text, reference=ref, prompt=prompt))
        print(f"{form}#{i}\t{r.score}\t{r.answer}\t{ref}\t{text[-160:]!r}{more(r)}")


if __name__ == "__main__":
    main()
