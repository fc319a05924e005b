"""Cold start of the GSM8K Lambda bundle: a fresh interpreter to the first response.

Builds the gsm8k bundle (``build_bundle``), unpacks it, and times, over ``--runs`` fresh
processes each (min / median / p90, milliseconds):

* ``interpreter``: the target Python starting and printing one line (``-S -s -P``, no
  bytecode writes, as the local runtime runs it): the floor;
* ``handler``: the same interpreter importing ``rftkit.harness.lambda_entry`` from the
  unpacked bundle and answering one Bedrock-shaped 64-sample GSM8K event: the bundle's own
  cold start, the figure the 60 ms target is about;
* ``lambda init`` / ``lambda first response``: the whole local Lambda (``LocalLambda``):
  awslambdaric's own start-up plus the above, up to its first ``/next`` and to the first
  response, Lambda's "Init Duration" and a cold invocation;
Each Python is measured twice: the default bundle (rftkit's modules as unchecked-hash ``.pyc``
compiled by that Python) and one built with ``bytecode=False`` (``--no-bytecode``: sources
only, and since Lambda's task directory is read-only every cold start compiles them). The
child processes run with ``PYTHONDONTWRITEBYTECODE=1``, so no run leaves ``.pyc`` behind
for the next: each one is a true cold start.

* ``import math_verify``: for comparison, a fresh .venv interpreter importing math_verify
  (a Lambda built on it pays this before grading anything), next to the same interpreter
  doing nothing.

Usage: ``python bench/bench_coldstart.py [--runs 20] [--python 3.12 3.13]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GSM8K = HERE.parent.parent / "shared" / "data" / "gsm8k" / "test.jsonl"

sys.path.insert(0, str(HERE.parent / "src"))

from rftkit.errors import RuntimeClientError  # noqa: E402
from rftkit.harness.runtime import LocalLambda, find_interpreter  # noqa: E402
from rftkit.packaging.bundle import build_bundle  # noqa: E402

HANDLER_SCRIPT = """
import json, sys
from rftkit.harness.lambda_entry import handler
event = json.loads(sys.stdin.readline())
print(json.dumps(handler(event, None)), flush=True)
"""


def gsm8k_event(n: int = 64) -> list[dict[str, object]]:
    """A Bedrock-shaped event of ``n`` GSM8K rollouts (the reference solution as the reply)."""
    event = []
    with open(GSM8K, encoding="utf-8") as fh:
        for i, line in zip(range(n), fh, strict=False):
            row = json.loads(line)
            final = row["answer"].rsplit("####", 1)[1].strip()
            event.append(
                {
                    "id": f"gsm8k-{i}",
                    "messages": [
                        {"role": "user", "content": row["question"]},
                        {"role": "assistant", "content": row["answer"]},
                    ],
                    "reference_answer": final,
                }
            )
    return event


def spawn_to_first_line(
    argv: list[str], env: dict[str, str], stdin: str, cwd: str
) -> tuple[float, float]:
    """(wall ms from spawn to the first output line, CPU ms the whole process used).

    CPU time is reported beside wall time because this machine is shared: a busy neighbour
    stretches wall time but hardly the process's own CPU time.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env,
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(stdin)
    proc.stdin.flush()
    line = proc.stdout.readline()
    elapsed = (time.perf_counter() - t0) * 1000
    proc.stdin.close()
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not line:
        raise SystemExit(f"{argv} failed (exit {proc.returncode})")
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000


def timed(runs: int, argv: list[str], env: dict[str, str], stdin: str, cwd: str) -> list[str]:
    walls, cpus = zip(
        *(spawn_to_first_line(argv, env, stdin, cwd) for _ in range(runs)), strict=True
    )
    return [list(walls), list(cpus)]  # type: ignore[list-item]


def summary(name: str, samples: list[float], cpu: list[float] | None = None) -> str:
    samples = sorted(samples)
    p90 = samples[min(len(samples) - 1, round(0.9 * (len(samples) - 1)))]
    text = (
        f"  {name:<28} min {samples[0]:7.1f}   median {statistics.median(samples):7.1f}   "
        f"p90 {p90:7.1f} ms"
    )
    if cpu:
        text += f"   | CPU median {statistics.median(cpu):6.1f} ms"
    return text + f"   (n={len(samples)})"


def bundle_coldstart(
    grader: str,
    version: str,
    runs: int,
    event: list[dict[str, object]],
    *,
    args: dict[str, object] | None = None,
    bytecode: bool = True,
) -> None:
    """Build ``grader``'s bundle for Python ``version`` and print its cold start: the bare
    interpreter (the floor), the handler answering ``event`` from the unpacked zip, and the
    whole local Lambda's init and first response. The grader benchmarks in bench/ call this."""
    try:
        interpreter = str(find_interpreter(version))
    except RuntimeClientError as exc:
        print(f"Python {version}: skipped ({exc.message})")
        return
    event_line = json.dumps(event) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        result = build_bundle(
            grader,
            args=args,
            python=version,
            out_dir=Path(tmp),
            check_import=False,
            bytecode=bytecode,
        )
        build_ms = (time.perf_counter() - t0) * 1000
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
        if bytecode and not result.bytecode:
            print(f"Python {version}: no bytecode ({'; '.join(result.warnings)})")
        kind = f".pyc by Python {result.bytecode}" if result.bytecode else "sources only"
        print(
            f"Python {version} ({interpreter}), {grader} bundle, {kind} "
            f"({'default' if bytecode else '--no-bytecode'}): {result.size:,} bytes, "
            f"{result.files} files, built in {build_ms:.0f} ms"
        )
        floor, floor_cpu = timed(runs, [*base, "-c", "print('ready')"], env, "", str(root))
        handler, handler_cpu = timed(
            runs, [*base, "-c", HANDLER_SCRIPT], env, event_line, str(root)
        )
        print(summary("interpreter", floor, floor_cpu))
        print(summary(f"handler ({len(event)}-sample event)", handler, handler_cpu))
        inits, firsts = [], []
        for _ in range(max(3, runs // 2)):
            with LocalLambda(result.path, python=version, env={"RFTKIT_LOG_LEVEL": "ERROR"}) as fn:
                out = fn.invoke(event)
                if not out.ok:
                    raise SystemExit(f"local Lambda failed: {out.error}")
                assert fn.init_ms is not None and fn.cold_start_ms is not None
                inits.append(fn.init_ms)
                firsts.append(fn.cold_start_ms)
        print(summary("lambda init (awslambdaric)", inits))
        print(summary("lambda first response", firsts))


def bench_math_verify(runs: int) -> None:
    try:
        import math_verify  # noqa: F401
    except ImportError:
        print("math_verify: skipped (not installed; `pip install math-verify`)")
        return
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    exe = sys.executable
    nothing, nothing_cpu = timed(runs, [exe, "-c", "print(1)"], env, "", ".")
    mv, mv_cpu = timed(runs, [exe, "-c", "import math_verify; print(1)"], env, "", ".")
    print(f"math_verify (host {sys.version.split()[0]}, {exe})")
    print(summary("interpreter (with site)", nothing, nothing_cpu))
    print(summary("import math_verify", mv, mv_cpu))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--python", nargs="+", default=["3.12", "3.13"])
    args = parser.parse_args()
    if not GSM8K.is_file():
        print(f"GSM8K data not found at {GSM8K}", file=sys.stderr)
        return 2
    event = gsm8k_event()
    for version in args.python:
        for bytecode in (True, False):
            bundle_coldstart("gsm8k", version, args.runs, event, bytecode=bytecode)
    bench_math_verify(args.runs)
    print("target: handler median <= 60 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
