"""Benchmark what isolating a grader in worker processes costs the reward-Lambda handler.

Run by hand (``.venv/bin/python bench/bench_worker.py``) or through ``bench/run.py``; never
part of the test suite. Every figure compares the same handler with ``isolate=False``
(graded in-process, the built-ins' default) and ``isolate=True`` (graded in a worker process
forked from the handler's, the default for user graders):

* per-sample cost on 64-sample events, serial and with ``concurrency=4``, for a grader that
  returns a fixed three-metric Reward (the handler's own cost plus the process round trip)
  and for the gsm8k grader wrapped as a user grader (a realistic grader);
* start-up: ``make_handler`` with isolation (fork the zygote and the first worker), which a
  Lambda pays once in its init phase;
* replacement: the time from a sample killed at its time limit to the next sample graded
  (a fresh fork from the zygote);
* resident memory of the zygote and a worker (copy-on-write pages shared with the handler's
  process are counted in each, so the sum overstates the real cost).

Figures are the best and median of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from rftkit.harness.handler import make_handler
from rftkit.rewards.registry import grader, load_grader
from rftkit.rewards.types import Metric, Reward, Sample

BATCH = 64
FIXED = Reward(1.0, (Metric("a", 1.0, "Reward"), Metric("b", 0.0), Metric("c", 2.0)), rule="r")
GSM8K = load_grader("gsm8k").impl


def fixed_impl(sample: Sample) -> Reward:
    return FIXED


def slow_impl(sample: Sample) -> float:
    if sample.completion == "hang":
        time.sleep(60)
    return 1.0


def factory(impl: Any, concurrency: int) -> Any:
    @grader(register=False, concurrency=concurrency)
    def user_grader() -> Any:
        return impl

    return user_grader()


def event(n: int = BATCH) -> list[dict[str, Any]]:
    return [
        {
            "id": f"r{i}",
            "messages": [
                {"role": "user", "content": "Natalia sold clips to 48 of her friends..."},
                {"role": "assistant", "content": f"48 / 2 = 24 clips in May.\n#### {72 + i % 2}"},
            ],
            "metadata": {"reference_answer": "72"},
        }
        for i in range(n)
    ]


def per_sample_us(handler: Any, ev: list[dict[str, Any]], repeats: int) -> tuple[float, float]:
    handler(ev, None)  # warm
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        handler(ev, None)
        times.append((time.perf_counter() - t0) / len(ev) * 1e6)
    return min(times), statistics.median(times)


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    ev = event()
    print(f"per sample on {BATCH}-sample events (best / median of {args.repeats}), microseconds")
    for name, impl in (("fixed Reward", fixed_impl), ("gsm8k as a user grader", GSM8K)):
        for concurrency in (1, 4):
            row = []
            for isolate in (False, True):
                with make_handler(
                    factory(impl, concurrency), isolate=isolate, log_sink=lambda _: None
                ) as h:
                    best, median = per_sample_us(h, ev, args.repeats)
                row.append(f"{'isolated' if isolate else 'in-process'} {best:8.1f} / {median:8.1f}")
            print(f"  {name:24s} concurrency={concurrency}: " + "   ".join(row))

    starts = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        h = make_handler(factory(fixed_impl, 1), isolate=True, log_sink=lambda _: None)
        starts.append((time.perf_counter() - t0) * 1000)
        h.close()
    print(
        f"start-up (make_handler, isolated): best {min(starts):.2f} ms, "
        f"median {statistics.median(starts):.2f} ms"
    )

    with make_handler(factory(slow_impl, 1), time_limit=0.05, log_sink=lambda _: None) as h:
        hang, ok = event(1), event(1)
        hang[0]["messages"][-1]["content"] = "hang"
        replace = []
        for _ in range(args.repeats):
            h(hang, None)
            t0 = time.perf_counter()
            h(ok, None)
            replace.append((time.perf_counter() - t0) * 1000)
        print(
            f"replacement after a timeout (next sample graded): best {min(replace):.2f} ms, "
            f"median {statistics.median(replace):.2f} ms"
        )
        iso = h._isolation
        assert iso is not None
        zygote, worker = iso.workers[0].pids
        print(
            f"resident memory: zygote {rss_kb(zygote) / 1024:.1f} MiB, "
            f"worker {rss_kb(worker) / 1024:.1f} MiB (pages shared copy-on-write)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
