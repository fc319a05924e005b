"""Instructions per reply of the ``gsm8k`` grader (or the naive regex) on chosen corpus forms,
counted by valgrind's cachegrind: a cost measure that the load on a shared machine does not
move, for before/after comparisons of one change (time it too: the regex runs in C at a
higher rate of instructions per cycle, so a ratio of instructions is not a ratio of time).

    .venv/bin/python bench/instructions.py src prose hedge bold
    .venv/bin/python bench/instructions.py ../before/src prose --regex

For each form: one process grades ``--n`` replies of the form once (warm-up), another the
same and then ``--passes`` more times; the difference, over the replies graded, is the count
per reply. About 10 s a form. Needs ``valgrind`` (Debian's package); reads ``../shared/data``.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _child(src: str, corpus: str, form: str, passes: int, regex: bool) -> None:
    sys.path.insert(0, src)
    sys.path.insert(1, str(HERE))
    from rftkit.rewards.types import Sample

    with open(corpus, "rb") as f:
        replies = pickle.load(f)[form]  # the parent process wrote it
    samples = [Sample.from_text(response=c, reference=r) for c, r in replies]
    if regex:
        from bench_gsm8k import regex_last_number as grade
    else:
        import rftkit

        grade = rftkit.load_grader("gsm8k")
    for s in samples:
        grade(s)
    for _ in range(passes):
        for s in samples:
            grade(s)


def _count(args: list[str]) -> int:
    cmd = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        __file__,
        *args,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    m = re.search(r"I\s+refs:\s+([\d,]+)", out)
    if m is None:
        raise SystemExit(f"error: no instruction count in valgrind's output:\n{out[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", help="the tree's src directory (imported first)")
    parser.add_argument("forms", nargs="+", help="corpus forms (prose, bold, hedge, ...)")
    parser.add_argument("--n", type=int, default=1000, help="replies per form (default 1000)")
    parser.add_argument("--passes", type=int, default=2, help="counted passes (default 2)")
    parser.add_argument("--regex", action="store_true", help="count the naive regex instead")
    parser.add_argument("--child", nargs=3, metavar=("CORPUS", "FORM", "PASSES"), help="internal")
    args = parser.parse_args()
    if args.child:
        corpus, form, passes = args.child
        _child(args.src, corpus, form, int(passes), args.regex)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("error: valgrind not found (Debian: apt-get install valgrind)")
    sys.path.insert(0, str(HERE))
    from bench_gsm8k import DEFAULT_DATA, form_samples, load_train

    per = form_samples(load_train(DEFAULT_DATA), 3000)
    unknown = [f for f in args.forms if f not in per]
    if unknown:
        raise SystemExit(f"error: unknown form(s) {unknown}; forms: {', '.join(per)}")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.pkl")
        with open(corpus, "wb") as f:
            pickle.dump(
                {k: [(s.completion, s.reference) for s in v[: args.n]] for k, v in per.items()}, f
            )
        extra = ["--regex"] if args.regex else []
        for form in args.forms:
            base = _count([args.src, form, *extra, "--child", corpus, form, "0"])
            more = _count([args.src, form, *extra, "--child", corpus, form, str(args.passes)])
            n = len(per[form][: args.n]) * args.passes
            print(f"{form} {(more - base) // n}", flush=True)


if __name__ == "__main__":
    main()
