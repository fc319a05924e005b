"""Microseconds per reply of the ``gsm8k`` grader on chosen corpus forms, for one source tree:
run it alternately on two trees (the code before and after a change) to compare them on a
shared machine, where the best of several rounds is the steadier figure.

    git archive <before> src | tar -x -C ../before
    for i in 1 2 3; do
      .venv/bin/python bench/ab_forms.py ../before/src prose bold hedge
      .venv/bin/python bench/ab_forms.py src prose bold hedge
    done

Pinned to one CPU (``--cpu``, default 1), CPU time, best of ``--rounds`` (default 9) passes
over each form's 3,000 replies (``scripts/make_gsm8k_corpus.py``). Reads ``../shared/data``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", help="the tree's src directory (imported first)")
    parser.add_argument("forms", nargs="+", help="corpus forms (prose, bold, hedge, ...)")
    parser.add_argument("--cpu", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    src = str(Path(args.src).resolve())
    sys.path.insert(0, src)
    sys.path.insert(0, str(HERE))
    import rftkit
    from bench_gsm8k import DEFAULT_DATA, form_samples, load_train

    if not rftkit.__file__ or not rftkit.__file__.startswith(src):
        raise SystemExit(f"error: rftkit was imported from {rftkit.__file__}, not {src}")
    os.sched_setaffinity(0, {args.cpu})
    per = form_samples(load_train(DEFAULT_DATA), 3000)
    grade = rftkit.load_grader("gsm8k")
    for form in args.forms:
        if form not in per:
            raise SystemExit(f"error: no form {form!r}; forms: {', '.join(per)}")
        samples = per[form]
        best = float("inf")
        for _ in range(args.rounds):
            t0 = time.process_time()
            for s in samples:
                grade(s)
            best = min(best, (time.process_time() - t0) / len(samples))
        print(f"{src}: {form} {best * 1e6:.2f} us")


if __name__ == "__main__":
    main()
