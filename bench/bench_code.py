"""Benchmark the ``code`` grader: sandboxed runs per second and the latency of a batch.

Run by hand (``python bench/bench_code.py``); never part of the test suite. Figures:

* trivial runs/s on one core (``taskset -c 1``): a fresh ``python3 -I -S -B`` per run (what
  the grader does), against forking a pre-initialised helper (``os.fork`` of this process,
  the child runs the same trivial program and exits) - the comparison the issue asks for;
  target >= 50 runs/s/core;
* a 64-sample batch with 10 stdin/stdout tests each (half correct, half wrong) through the
  reward handler, which grades ``workers`` (default: CPU count) samples at once; target
  < 30 s on 2 vCPUs.

* with ``--coldstart``: the bundle's size and its cold start (a fresh target interpreter
  importing the Lambda entry and answering a one-sample, one-test event, which includes one
  sandboxed run), per Python; target < 300 ms.

Usage: ``python bench/bench_code.py [--runs 200] [--samples 64] [--tests 10] [--coldstart]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from rftkit.harness.handler import make_handler  # noqa: E402
from rftkit.rewards.code.sandbox import run_program  # noqa: E402

SOLUTION = "```python\na, b = map(int, input().split())\nprint(a + b)\n```"
WRONG = "```python\na, b = map(int, input().split())\nprint(a - b)\n```"


def fresh_rate(n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        run = run_program("stdio", "print(1)")
        assert run.stdout == b"1\n", run.stderr
    return n / (time.perf_counter() - t0)


def fork_rate(n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        pid = os.fork()
        if pid == 0:
            exec(compile("x = 1", "<p>", "exec"), {})
            os._exit(0)
        os.waitpid(pid, 0)
    return n / (time.perf_counter() - t0)


def batch(samples: int, tests: int) -> tuple[float, list[float]]:
    cases = [{"input": f"{i} {i + 1}\n", "output": f"{2 * i + 1}\n"} for i in range(tests)]
    event = [
        {
            "id": f"s{i}",
            "messages": [
                {"role": "user", "content": "add two numbers"},
                {"role": "assistant", "content": SOLUTION if i % 2 == 0 else WRONG},
            ],
            "reference_answer": {"test_cases": cases},
        }
        for i in range(samples)
    ]
    handler = make_handler("code", log_sink=lambda line: None)
    t0 = time.perf_counter()
    out = handler(event, None)
    return time.perf_counter() - t0, [r["aggregate_reward_score"] for r in out]


def coldstart(versions: list[str], runs: int) -> None:
    import json
    import tempfile
    import zipfile

    sys.path.insert(0, str(HERE))
    from bench_coldstart import HANDLER_SCRIPT, summary, timed
    from rftkit.errors import RuntimeClientError
    from rftkit.harness.runtime import find_interpreter
    from rftkit.packaging.bundle import build_bundle

    event = [
        {
            "id": "c0",
            "messages": [
                {"role": "user", "content": "add"},
                {"role": "assistant", "content": SOLUTION},
            ],
            "metadata": {"reference_answer": {"test_cases": [{"input": "1 2", "output": "3"}]}},
        }
    ]
    line = json.dumps(event) + "\n"
    for version in versions:
        try:
            interpreter = str(find_interpreter(version))
        except RuntimeClientError as exc:
            print(f"Python {version}: skipped ({exc.message})")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            result = build_bundle("code", python=version, out_dir=Path(tmp))
            root = Path(tmp) / "task"
            with zipfile.ZipFile(result.path) as zf:
                zf.extractall(root)
            env = {
                "PATH": "/usr/bin:/bin",
                "PYTHONPATH": str(root),
                "PYTHONDONTWRITEBYTECODE": "1",
                "LAMBDA_TASK_ROOT": str(root),
                "RFTKIT_LOG_LEVEL": "ERROR",
            }
            base = [interpreter, "-S", "-s", "-P"]
            print(f"Python {version}: bundle {result.size:,} bytes zipped, {result.files} files")
            floor, floor_cpu = timed(runs, [*base, "-c", "print('ready')"], env, "", str(root))
            walls, cpus = timed(runs, [*base, "-c", HANDLER_SCRIPT], env, line, str(root))
            print(summary("interpreter", floor, floor_cpu))
            print(summary("handler (1 sample, 1 sandboxed run)", walls, cpus))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--samples", type=int, default=64)
    ap.add_argument("--tests", type=int, default=10)
    ap.add_argument("--coldstart", action="store_true")
    ap.add_argument("--python", nargs="+", default=["3.12", "3.13"])
    args = ap.parse_args()
    if args.coldstart:
        coldstart(args.python, 10)
        return
    cpus = len(os.sched_getaffinity(0))
    print(f"CPUs available: {cpus}")
    print(f"fresh python3 -I -S -B per run: {fresh_rate(args.runs):7.1f} runs/s (target >= 50)")
    print(f"fork of a pre-initialised helper: {fork_rate(args.runs):7.1f} runs/s")
    seconds, scores = batch(args.samples, args.tests)
    good = sum(1 for s in scores if s == 1.0)
    print(
        f"batch {args.samples} samples x {args.tests} tests: {seconds:.1f} s "
        f"({args.samples * args.tests / seconds:.0f} runs/s; {good} samples scored 1.0, "
        f"target < 30 s on 2 vCPUs)"
    )


if __name__ == "__main__":
    main()
