"""What the time-frame policy costs: the ``gsm8k`` grader on the benchmark corpus forms, with
the policy and without it (``extract.time_frame`` patched to pass its reading through),
alternating in one process on one core; the best pass of each (docs/graders.md, "A time
frame after the answer").

    .venv/bin/python bench/ab_time_frames.py [--prompt] [--rounds 12] prose truncated

``--prompt`` puts a GSM8K question before each reply (the extension check runs only then).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import rftkit
import rftkit.rewards.extract as extract_module
from rftkit import Sample

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gsm8k import DEFAULT_DATA, form_samples, load_train


def _passthrough(_ex: object, _rule: str, found: object, *_rest: object) -> object:
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("forms", nargs="*", default=["prose", "truncated"])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--prompt", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    rows = load_train(DEFAULT_DATA)
    per_form = form_samples(rows, 3000)
    grade = rftkit.load_grader("gsm8k")
    policy = extract_module.time_frame
    for form in args.forms:
        samples = per_form[form]
        if args.prompt:
            samples = [
                Sample(
                    id=s.id,
                    messages=[{"role": "user", "content": rows[i]["question"]}, *s.messages],
                    reference=s.reference,
                )
                for i, s in enumerate(samples)
            ]
        best = {"off": float("inf"), "on": float("inf")}
        for _ in range(args.rounds):
            for name, func in (("off", _passthrough), ("on", policy)):
                extract_module.time_frame = func  # type: ignore[assignment]
                t0 = time.process_time()
                for s in samples:
                    grade(s)
                best[name] = min(best[name], time.process_time() - t0)
        extract_module.time_frame = policy
        off, on = (best[k] / len(samples) * 1e6 for k in ("off", "on"))
        label = f"{form}{' (prompt)' if args.prompt else ''}"
        print(f"{label}: without {off:.2f} us, with {on:.2f} us ({on / off - 1:+.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
