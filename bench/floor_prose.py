"""The floor under the prose target: what the cheapest possible reading of a zero-shot prose
reply costs, next to the naive regex, on the benchmark corpus's prose form.

The floor reads only the common case (a final sentence with one equation, read by the
reader's own one-equation pattern, compared with the reference) and checks nothing else:
no markers, no hedges, no cut-off replies, no checks or asides after the answer. It is no
grader; it says how much time a grader that must beat the regex by 1.5x has left for every
check it makes. Reads ``../shared/data``.

    taskset -c 1 .venv/bin/python bench/floor_prose.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gsm8k import DEFAULT_DATA, form_samples, load_train, regex_last_number
from rftkit.rewards.sentence_patterns import _one_equation
from rftkit.rewards.types import Reward, Sample


def _best(fn: Callable[[Sample], object], items: Sequence[Sample], rounds: int = 7) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for s in items:
            fn(s)
        best = min(best, (time.process_time() - t0) / len(items))
    return best * 1e6


def main() -> None:
    samples = form_samples(load_train(DEFAULT_DATA), 3000)["prose"]
    pattern = _one_equation()

    def floor(sample: Sample) -> Reward:
        body = sample.completion.rstrip()
        end = len(body) - 1
        if body[end] != ".":
            return Reward(0.0)
        start = max(body.rfind("\n", 0, end), body.rfind(".", 0, end)) + 1
        m = pattern.match(body, start)
        if m is None:
            return Reward(0.0)
        result = m.group(5)
        value = result.replace(",", "") if "," in result else result
        return Reward(1.0 if value == sample.reference else 0.0, (), value, "final_sentence")

    regex = _best(regex_last_number, samples)
    low = _best(floor, samples)
    print(f"regex {regex:.2f} us, floor {low:.2f} us ({regex / low:.1f}x the regex)")
    print(f"1.5x the regex leaves {regex / 1.5 - low:.2f} us above the floor for every check")


if __name__ == "__main__":
    main()
