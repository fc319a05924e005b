"""Benchmark the ``tool_call`` grader: samples/s on realistic replies, one core, and the cold
start of its Lambda bundle.

Run by hand (``python bench/bench_tool_call.py``); never part of the test suite. Figures:

* samples/s per reply form (Python call, parallel Python calls, JSON object, Hermes
  ``<tool_call>`` blocks, ``tool_calls`` on the message, prose around a call, wrong values,
  sprayed calls) against the three reference forms (AWS BFCL ``ground_truth`` strings,
  OpenAI objects, BFCL possible answers), in both modes, samples built before any timing,
  the process pinned to one CPU; target >= 20,000/s overall;
* the worst time for one sample over hostile replies (deep nesting, huge literals, thousands
  of calls, unclosed blocks) up to the grader's 20,000-character parse limit and beyond;
* with ``--coldstart``: the bundle's size and its cold start (a fresh target interpreter
  importing the Lambda entry and answering one 64-sample event), per Python; target < 300 ms.

Usage: ``taskset -c 1 python bench/bench_tool_call.py [--seconds 2] [--coldstart]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from rftkit import Sample  # noqa: E402
from rftkit.rewards.registry import load_grader  # noqa: E402

TARGET_RATE = 20_000
TARGET_COLD_MS = 300.0

CITIES = ["Paris", "Rome", "Berlin", "Madrid", "Oslo", "Lisbon", "Vienna", "Prague"]
UNITS = ["celsius", "fahrenheit"]


def _args(rng: random.Random) -> dict[str, Any]:
    return {"city": rng.choice(CITIES), "unit": rng.choice(UNITS), "days": rng.randint(1, 7)}


def _py(name: str, args: dict[str, Any]) -> str:
    return f"{name}({', '.join(f'{k}={v!r}' for k, v in args.items())})"


def _json(name: str, args: dict[str, Any]) -> str:
    return json.dumps({"name": name, "arguments": args})


def references(args: dict[str, Any], extra: dict[str, Any] | None) -> dict[str, Any]:
    calls = [("get_weather", args)] + ([("get_time", extra)] if extra else [])
    return {
        "aws": {"ground_truth": [_py(n, a) for n, a in calls]},
        "openai": [{"name": n, "arguments": a} for n, a in calls],
        "bfcl": [
            {n: {k: [v, str(v).lower()] if isinstance(v, str) else [v] for k, v in a.items()}}
            for n, a in calls
        ],
    }


FORMS: dict[str, Callable[[random.Random], tuple[dict[str, Any], dict[str, Any] | None]]] = {}


def form(name: str) -> Callable[[Any], Any]:
    def wrap(f: Any) -> Any:
        FORMS[name] = f
        return f

    return wrap


def _msg(text: str | None, **extra: Any) -> dict[str, Any]:
    return {"role": "assistant", "content": text, **extra}


@form("python")
def _f_python(rng: random.Random) -> Any:
    a = _args(rng)
    return _msg(_py("get_weather", a)), a, None


@form("python_parallel")
def _f_parallel(rng: random.Random) -> Any:
    a, t = _args(rng), {"tz": "Europe/" + rng.choice(CITIES)}
    return _msg(f"[{_py('get_time', t)}, {_py('get_weather', a)}]"), a, t


@form("json")
def _f_json(rng: random.Random) -> Any:
    a = _args(rng)
    return _msg(_json("get_weather", a)), a, None


@form("hermes")
def _f_hermes(rng: random.Random) -> Any:
    a = _args(rng)
    call = _json("get_weather", a)
    text = f"<think>\nThe user wants the weather.\n</think>\n<tool_call>\n{call}\n</tool_call>"
    return _msg(text), a, None


@form("tool_calls")
def _f_tool_calls(rng: random.Random) -> Any:
    a = _args(rng)
    call = {
        "id": "c1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": json.dumps(a)},
    }
    return _msg(None, tool_calls=[call]), a, None


@form("prose_and_call")
def _f_prose(rng: random.Random) -> Any:
    a = _args(rng)
    text = (
        f"To answer this I need the current forecast for {a['city']}.\n\n"
        f"```python\n{_py('get_weather', a)}\n```\nI will report back once I have it."
    )
    return _msg(text), a, None


@form("wrong_value")
def _f_wrong(rng: random.Random) -> Any:
    a = _args(rng)
    b = dict(a, city=rng.choice([c for c in CITIES if c != a["city"]]))
    return _msg(_py("get_weather", b)), a, None


@form("sprayed")
def _f_sprayed(rng: random.Random) -> Any:
    a = _args(rng)
    text = "\n".join([_py("get_weather", a)] * 3 + ["search(query='weather')", "get_news()"])
    return _msg(text), a, None


def build(n: int, seed: int = 7, rollouts: int = 8) -> dict[str, list[Sample]]:
    """``n`` samples per form, in prompts of ``rollouts`` rollouts (an RFT batch grades several
    rollouts per prompt); each sample's reference is its own decoded JSON object, in one of the
    three forms by prompt, as the Lambda receives it. The grader caches nothing per reply."""
    out: dict[str, list[Sample]] = {}
    for fname, make in FORMS.items():
        samples = []
        for i in range(n):
            prompt = i // rollouts
            msg, a, t = make(random.Random(seed * 100_003 + prompt))
            ref = json.loads(json.dumps(references(a, t)[("aws", "openai", "bfcl")[prompt % 3]]))
            msgs = [{"role": "user", "content": "Weather?"}, json.loads(json.dumps(msg))]
            samples.append(Sample(f"{fname}-{i}", msgs, ref, {}))
        out[fname] = samples
    return out


def rate(
    grade: Callable[[Sample], Any], samples: list[Sample], seconds: float
) -> tuple[float, float]:
    """(samples per wall second, samples per CPU second of this process). The machine is
    shared: a busy neighbour on the same core stretches wall time, hardly CPU time."""
    done = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    while True:
        for s in samples:
            grade(s)
        done += len(samples)
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return done / elapsed, done / max(time.process_time() - c0, 1e-9)


HOSTILE = {
    "nested_calls": "f(" * 100_000,
    "nested_lists": "f(x=" + "[" * 5000 + "]" * 5000 + ")",
    "huge_int": "f(x=" + "9" * 19_000 + ")",
    "2500_arguments": "f(" + ", ".join(f"a{i}={i}" for i in range(2500)) + ")",
    "700_calls": "get_weather(city='Paris')\n" * 700,
    "unclosed_tool_call": "<tool_call>" * 5000,
    "fences": "```" * 5000,
    "json_deep": '{"name": "f", "arguments": "' + "[" * 9000 + '"}',
    "1MB_prose": "The weather is fine. " * 50_000,
}


def worst(grade: Callable[[Sample], Any]) -> tuple[str, float]:
    ref = {"ground_truth": ["get_weather(city='Paris', unit='celsius')"]}
    out = ("", 0.0)
    for name, text in HOSTILE.items():
        for t in (text, text[:19_000]):
            s = Sample.from_text(response=t, reference=ref)
            t0 = time.perf_counter()
            grade(s)
            ms = (time.perf_counter() - t0) * 1000
            if ms > out[1]:
                out = (name, ms)
    return out


def coldstart(versions: list[str], runs: int) -> None:
    from bench_coldstart import bundle_coldstart

    samples = build(8)
    event: list[dict[str, object]] = []
    for ss in samples.values():
        for s in ss:
            event.append(
                {"id": s.id, "messages": s.messages, "metadata": {"reference_answer": s.reference}}
            )
    print(f"target: handler median < {TARGET_COLD_MS:.0f} ms")
    for version in versions:
        bundle_coldstart("tool_call", version, runs, event[:64])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="timing per form and mode")
    parser.add_argument("--n", type=int, default=600, help="samples per form")
    parser.add_argument("--coldstart", action="store_true")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--python", nargs="+", default=["3.12", "3.13"])
    args = parser.parse_args()
    if hasattr(os, "sched_getaffinity"):
        print(
            f"CPUs available to this process: {sorted(os.sched_getaffinity(0))} "
            "(run under `taskset -c 1` for a one-core figure)"
        )
    samples = build(args.n)
    everything = [s for ss in samples.values() for s in ss]
    ok = True
    for mode in ("strict", "partial"):
        grade = load_grader("tool_call", mode=mode)
        for s in everything[:50]:
            grade(s)  # warm the reference cache as a training run would
        print(f"mode={mode}")
        for fname, ss in samples.items():
            wall, cpu = rate(grade, ss, args.seconds)
            print(f"  {fname:<16} {wall:>10,.0f} samples/s   CPU {cpu:>10,.0f} samples/s")
        wall, cpu = rate(grade, everything, args.seconds * 2)
        ok &= cpu >= TARGET_RATE
        print(
            f"  {'all forms':<16} {wall:>10,.0f} samples/s   CPU {cpu:>10,.0f} samples/s  "
            f"({'OK' if cpu >= TARGET_RATE else 'UNDER'} target {TARGET_RATE:,}/s of CPU)"
        )
        name, ms = worst(grade)
        print(f"  worst hostile reply: {name} {ms:.1f} ms")
    if args.coldstart:
        coldstart(args.python, args.runs)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
