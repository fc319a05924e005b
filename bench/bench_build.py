"""Build time and zip size of Lambda bundles (targets: gsm8k under 1 s and under 100 KB;
the sympy-based math grader under 10 MB zipped).

For the gsm8k grader, times ``--runs`` builds (min / median, seconds) with the default
pre-ship checks (including the clean-interpreter import check when Python 3.12 exists here)
and without the import check (both with the default bytecode), and sources only
(``--no-bytecode``), and reports the zip's size, its unzipped size, the file count, and
whether the builds gave identical bytes. The math grader is built once when the registry
knows it (its first build downloads sympy's wheels; later ones hit pip's cache).

Usage: ``python bench/bench_build.py [--runs 10] [--python 3.12]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from rftkit.packaging.bundle import BundleResult, build_bundle  # noqa: E402
from rftkit.rewards.registry import default_registry  # noqa: E402


def timed_builds(
    grader: str, runs: int, python: str, *, check_import: bool, bytecode: bool = True
) -> tuple[list[float], list[BundleResult]]:
    times, results = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            result = build_bundle(
                grader,
                python=python,
                out_dir=Path(tmp),
                check_import=check_import,
                bytecode=bytecode,
            )
            times.append(time.perf_counter() - t0)
            results.append(result)
    return times, results


def describe(label: str, times: list[float], results: list[BundleResult]) -> None:
    r = results[0]
    same = len({x.sha256 for x in results}) == 1
    print(
        f"  {label:<26} build min {min(times):.3f} s, median {statistics.median(times):.3f} s"
        f" (n={len(times)}); zip {r.size:,} bytes ({r.size / 1024:.1f} KB), unzipped "
        f"{r.unzipped_size:,} bytes, {r.files} files; identical bytes: {same}; "
        f"bytecode: {r.bytecode or 'none'}; import check: {r.import_check}"
    )
    for warning in r.warnings:
        print(f"    warning: {warning}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--python", default="3.12")
    args = parser.parse_args()

    print(f"gsm8k bundle, Python {args.python} x86_64 (targets: < 1 s, < 100 KB)")
    times, results = timed_builds("gsm8k", args.runs, args.python, check_import=True)
    describe("with all checks", times, results)
    times, results = timed_builds("gsm8k", args.runs, args.python, check_import=False)
    describe("without the import check", times, results)
    times, results = timed_builds(
        "gsm8k", args.runs, args.python, check_import=False, bytecode=False
    )
    describe("--no-bytecode, no check", times, results)

    cli = []
    for _ in range(max(3, args.runs // 2)):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import sys; from rftkit.cli.main import main; sys.exit(main())",
                    *("build", "--grader", "gsm8k", "--python", args.python, "--out", tmp),
                ],
                check=True,
                capture_output=True,
            )
            cli.append(time.perf_counter() - t0)
    print(
        f"  {'`rftkit build` (new process)':<26} min {min(cli):.3f} s, median "
        f"{statistics.median(cli):.3f} s (n={len(cli)}), all checks, CLI start-up included"
    )

    math_ref = "math" if "math" in default_registry.names() else None
    if math_ref is None and importlib.util.find_spec("rftkit.rewards.builtin.math") is not None:
        math_ref = "rftkit.rewards.builtin.math:math"
    if math_ref is not None:
        print(f"math bundle ({math_ref}, sympy), Python {args.python} x86_64 (target: < 10 MB)")
        times, results = timed_builds(math_ref, 2, args.python, check_import=True)
        describe("with all checks", times, results)
        print(f"  installed: {dict(results[0].installed)}")
    else:
        print("math bundle: skipped (no math grader yet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
