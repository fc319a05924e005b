"""Interleaved A/B timing of the gsm8k grader on corpus forms, with the question as prompt.

One process per figure: run it alternately with PYTHONPATH pointing at two source trees
(say /work/main/src and this checkout's src) and keep the best of each. Every sample carries a
GSM8K question as its user turn, as a Bedrock event does, so the given-numbers policy
(rftkit.rewards.givens) runs wherever it may.

    for i in $(seq 9); do for src in /work/main/src src; do
      PYTHONPATH=$src taskset -c 1 .venv/bin/python bench/ab_givens.py --forms hash,prose,bold
    done; done

Prints one line per form: ``<src> <form> <samples/s>`` (CPU time, time.process_time).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import rftkit
from rftkit import Sample

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gsm8k import DEFAULT_DATA, form_samples, load_train


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forms", default="hash,prose,bold")
    parser.add_argument("--per-form", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the samples")
    parser.add_argument(
        "--no-prompt", action="store_true", help="the corpus as bench_gsm8k grades it: no user turn"
    )
    args = parser.parse_args()
    rows = load_train(DEFAULT_DATA)
    per_form = form_samples(rows, args.per_form)
    grade = rftkit.load_grader("gsm8k")
    src = str(Path(rftkit.__file__).resolve().parents[1])
    for form in args.forms.split(","):
        samples = (
            per_form[form]
            if args.no_prompt
            else [
                Sample(
                    id=s.id,
                    messages=[
                        {"role": "user", "content": rows[i % len(rows)]["question"]},
                        *s.messages,
                    ],
                    reference=s.reference,
                )
                for i, s in enumerate(per_form[form])
            ]
        )
        for s in samples[:50]:
            grade(s)
        best = 0.0
        for _ in range(args.rounds):
            t0 = time.process_time()
            for s in samples:
                grade(s)
            best = max(best, len(samples) / max(time.process_time() - t0, 1e-9))
        print(f"{src} {form}{'' if not args.no_prompt else '/no-prompt'} {best:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
