"""Benchmark the ``ifeval`` grader on realistic replies with 1-3 IFEval instructions.

Run by hand (``taskset -c 1 .venv/bin/python bench/bench_ifeval.py``) or through
``bench/run.py``; never part of the test suite. No data needed: replies are generated
(seeded) as a chat model writes them, 80-400 words in paragraphs, with markdown bullets,
highlights, a title or a postscript here and there, and IFEval references drawn from the
25 instruction types with IFEval-like arguments (None-padded kwargs, as in the data).

Figures printed, on one pinned core, samples built before any timing: samples/s in strict
and loose mode, and the worst time for one sample over hostile replies of about 1 MB with
every instruction type at once. Targets: >= 20,000 samples/s strict; no hostile reply over
1 s in loose mode (8 variants of 1 MB each).

``--coldstart 3.12 3.13``: also build the ``ifeval`` bundle for each Python and time its cold
start (a fresh interpreter importing the handler from the unpacked zip and answering a
64-sample event; then the whole local Lambda's first response), with bench_coldstart's
timing helpers. Target: < 300 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from typing import Any

from rftkit import Sample
from rftkit.rewards.registry import GraderRegistry

TARGET_RATE = 20_000
TARGET_WORST_S = 1.0

_PROSE = (
    "the river carries water from the mountains to the sea and over many years it shapes "
    "valleys plains and deltas people build towns along its banks because the soil is rich "
    "farmers grow wheat and rice while boats move goods between cities engineers study "
    "floods and design levees to protect homes scientists measure the flow every season"
)
WORDS = tuple(_PROSE.split())

_KEY_NAMES = (
    "num_words relation keywords keyword frequency forbidden_words letter let_frequency "
    "let_relation language num_sentences num_paragraphs nth_paragraph first_word "
    "num_placeholders postscript_marker num_bullets num_highlights section_spliter "
    "num_sections prompt_to_repeat end_phrase capital_frequency capital_relation"
)
KEYS = tuple(_KEY_NAMES.split())


def _kwargs(rng: random.Random, iid: str) -> dict[str, Any]:
    rel = rng.choice(["less than", "at least"])
    table: dict[str, dict[str, Any]] = {
        "keywords:existence": {"keywords": rng.sample(WORDS, 2)},
        "keywords:frequency": {"keyword": rng.choice(WORDS), "frequency": 3, "relation": rel},
        "keywords:forbidden_words": {"forbidden_words": rng.sample(WORDS, 3)},
        "keywords:letter_frequency": {"letter": "e", "let_frequency": 40, "let_relation": rel},
        "language:response_language": {"language": "en"},
        "length_constraints:number_sentences": {"num_sentences": 10, "relation": rel},
        "length_constraints:number_paragraphs": {"num_paragraphs": 3},
        "length_constraints:number_words": {"num_words": 200, "relation": rel},
        "length_constraints:nth_paragraph_first_word": {
            "num_paragraphs": 3,
            "nth_paragraph": 2,
            "first_word": "the",
        },
        "detectable_content:number_placeholders": {"num_placeholders": 2},
        "detectable_content:postscript": {"postscript_marker": "P.S."},
        "detectable_format:number_bullet_lists": {"num_bullets": 3},
        "detectable_format:constrained_response": {},
        "detectable_format:number_highlighted_sections": {"num_highlights": 2},
        "detectable_format:multiple_sections": {"section_spliter": "Section", "num_sections": 3},
        "detectable_format:json_format": {},
        "detectable_format:title": {},
        "combination:two_responses": {},
        "combination:repeat_prompt": {"prompt_to_repeat": "Describe the river."},
        "startend:end_checker": {"end_phrase": "Is there anything else I can help with?"},
        "startend:quotation": {},
        "change_case:capital_word_frequency": {"capital_frequency": 5, "capital_relation": rel},
        "change_case:english_capital": {},
        "change_case:english_lowercase": {},
        "punctuation:no_comma": {},
    }
    kw: dict[str, Any] = dict.fromkeys(KEYS)  # IFEval pads every entry with None
    kw.update(table[iid])
    return kw


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), "*" + rng.choice(WORDS) + "*")
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), rng.choice(WORDS) + ",")
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "!", "?"])


def reply(rng: random.Random) -> str:
    parts = []
    if rng.random() < 0.2:
        parts.append("<<The River>>")
    for _ in range(rng.randint(2, 5)):
        parts.append(" ".join(_sentence(rng) for _ in range(rng.randint(2, 5))))
        if rng.random() < 0.25:
            parts.append("\n".join(f"* {_sentence(rng)}" for _ in range(rng.randint(2, 4))))
    text = "\n\n".join(parts)
    if rng.random() < 0.2:
        text += "\n\nP.S. Is there anything else I can help with?"
    if rng.random() < 0.1:
        text = text.upper()
    return text


def samples(n: int, seed: int = 7) -> list[Sample]:
    from rftkit.rewards.ifeval.checks import INSTRUCTIONS

    rng = random.Random(seed)
    ids = sorted(INSTRUCTIONS)
    out = []
    for i in range(n):
        chosen = rng.sample(ids, rng.randint(1, 3))
        ref = {
            "key": i,
            "instruction_id_list": chosen,
            "kwargs": [_kwargs(rng, c) for c in chosen],
        }
        out.append(Sample.from_text(response=reply(rng), reference=ref, id=str(i)))
    return out


def rate(grade: Any, batch: list[Sample], repeats: int) -> float:
    best = []
    for _ in range(repeats):
        start = time.perf_counter()
        for s in batch:
            grade(s)
        best.append(len(batch) / (time.perf_counter() - start))
    return statistics.median(best)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="samples (default 5000)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: last)")
    parser.add_argument("--coldstart", nargs="*", metavar="PYTHON", help="e.g. 3.12 3.13")
    parser.add_argument("--runs", type=int, default=10, help="cold starts per Python")
    args = parser.parse_args()
    if args.coldstart:
        return coldstart(args.coldstart, args.runs)
    if hasattr(os, "sched_setaffinity"):
        cpu = sorted(os.sched_getaffinity(0))[-1] if args.cpu is None else args.cpu
        os.sched_setaffinity(0, {cpu})
        print(f"pinned to CPU {cpu}")
    registry = GraderRegistry(entry_points=False)
    strict = registry.create("ifeval")
    loose = registry.create("ifeval", mode="loose")
    batch = samples(args.n)
    words = statistics.mean(len(s.completion.split()) for s in batch)
    followed = statistics.mean(strict(s).score for s in batch)
    print(f"{len(batch)} replies, {words:.0f} words on average; mean strict score {followed:.2f}")
    ok = True
    for name, grade in (("strict", strict), ("loose", loose)):
        r = rate(grade, batch, args.repeats)
        mark = ""
        if name == "strict":
            ok &= r >= TARGET_RATE
            mark = f"  (target >= {TARGET_RATE:,}: {'ok' if r >= TARGET_RATE else 'MISSED'})"
        print(f"ifeval {name:6s} {r:>10,.0f} samples/s{mark}")
    from rftkit.rewards.ifeval.checks import INSTRUCTIONS

    ids = sorted(INSTRUCTIONS)
    rng = random.Random(1)
    ref = {"instruction_id_list": ids, "kwargs": [_kwargs(rng, i) for i in ids]}
    hostile = {
        "brackets": "[" * 1_000_000,
        "angles": "<<" * 500_000,
        "stars": "*" * 1_000_000,
        "newlines": "\n" * 1_000_000,
        "dots": "a." * 500_000,
        "prose": reply(rng) * (1_000_000 // 2000),
    }
    worst = 0.0
    for name, text in hostile.items():
        start = time.perf_counter()
        loose(Sample.from_text(response=text, reference=ref))
        took = time.perf_counter() - start
        worst = max(worst, took)
        print(
            f"hostile {name:9s} {len(text) / 1e6:.1f} MB, all 25 instructions, loose: {took:.2f} s"
        )
    ok &= worst <= TARGET_WORST_S
    print(f"worst hostile reply {worst:.2f} s (target <= {TARGET_WORST_S} s)")
    return 0 if ok else 1


def coldstart(versions: list[str], runs: int) -> int:
    """Bundle size and cold start of the ifeval bundle per Python (see the module doc)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_coldstart import bundle_coldstart

    event: list[dict[str, object]] = [
        {
            "id": s.id,
            "messages": s.messages,
            "metadata": {"reference_answer": s.reference},
        }
        for s in samples(64)
    ]
    for version in versions:
        bundle_coldstart("ifeval", version, runs, event)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
