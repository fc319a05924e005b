"""Run every ``bench/bench_*.py`` in turn and print their figures.

Each benchmark runs in its own interpreter (so one cannot warm caches for another) with
this script's Python; the exit status is non-zero when any benchmark failed.

Usage: ``python bench/run.py [NAME ...]`` (names filter by substring, e.g. ``gsm8k``).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    benches = sorted(HERE.glob("bench_*.py"))
    if argv:
        benches = [b for b in benches if any(a in b.stem for a in argv)]
    if not benches:
        print("no benchmark matched", file=sys.stderr)
        return 2
    failed = []
    for bench in benches:
        print(f"== {bench.name}", flush=True)
        t0 = time.perf_counter()
        status = subprocess.call([sys.executable, str(bench)])
        print(f"== {bench.name}: exit {status} in {time.perf_counter() - t0:.1f} s\n", flush=True)
        if status != 0:
            failed.append(bench.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
