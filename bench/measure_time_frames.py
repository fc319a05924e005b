"""A time frame after the answer, measured on GSM8K (docs/graders.md, "A time frame after the
answer").

1. The data: GSM8K's final solution sentences (the last line before ``#### N``, calculator
   annotations removed) that end ``<number> ... <in|within|after|over|for|during> [the|a|
   those|next ...] N <time unit>``: is the reference the earlier number, N, both or neither,
   split by whether the question asks for that unit (``how many weeks``) or ``how long``.
   This part uses its own pattern, not the package's, so it measures the data.
2. The reader: each solution without its ``#### N`` line graded by ``gsm8k`` with the
   time-frame policy and without it (``time_frame`` patched to pass its reading through),
   alone and with its question as the user turn; every changed verdict is printed.

Reads ``../shared/data/gsm8k`` (benchmarks only).

    .venv/bin/python bench/measure_time_frames.py
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

import rftkit
import rftkit.rewards.extract as extract_module
from rftkit import Sample
from rftkit.rewards.extract import Extractor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_gsm8k import DEFAULT_DATA as DATA

_UNIT = r"(second|minute|hour|day|week|month|year|decade)s?"
_NUM = r"\$?\d[\d,]*(?:\.\d+)?"
_TAIL = re.compile(
    r"\b(?:in|within|after|over|for|during)\s+"
    r"(?:(?:the|a|an|those|these|this|that|next|first|last)\s+){0,3}"
    r"(\d[\d,]*(?:\.\d+)?)\s*-?\s*" + _UNIT + r"\b[^0-9]*$",
    re.IGNORECASE,
)
_ASKS = re.compile(r"\bhow\s+(?:long\b|many\s+(?:\w+\s+){0,2}?" + _UNIT + r"\b)", re.IGNORECASE)


def _value(text: str) -> float | None:
    try:
        return float(text.replace("$", "").replace(",", "").rstrip("."))
    except ValueError:
        return None


def _asked(question: str) -> str | None:
    """``long``, the unit the question asks for, or None."""
    m = _ASKS.search(question)
    if m is None:
        return None
    return (m.group(1) or "long").lower()


def data_shapes(rows: list[dict[str, str]]) -> None:
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    shown: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    asking = 0
    for row in rows:
        solution, ref = row["answer"].rsplit("####", 1)
        reference = _value(ref.strip())
        asked = _asked(row["question"])
        asking += asked is not None
        last = re.sub(r"<<[^>]*>>", "", solution).strip().splitlines()[-1]
        sentence = re.split(r"(?<=[.!?])\s+", last.strip())[-1]
        m = _TAIL.search(sentence)
        if m is None:
            continue
        earlier = re.findall(_NUM, sentence[: m.start()])
        if not earlier:
            continue
        e, n = _value(earlier[-1]), _value(m.group(1))
        answer = {(True, True): "both", (True, False): "earlier", (False, True): "frame"}.get(
            (e == reference, n == reference), "neither"
        )
        unit = m.group(2).lower()
        ask = "asks the unit" if asked in (unit, "long") else "asks no such unit"
        counts[answer, ask] += 1
        shown[answer, ask].append(f"{ref.strip()} | {sentence[-100:]}")
    print(f"questions asking 'how many <time unit>' or 'how long': {asking} of {len(rows)}")
    print("final sentences '<number> ... <prep> N <time unit>.', reference is:")
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {n:4d}  {key[0]:8s} ({key[1]})")
        if key[0] != "earlier":
            for line in shown[key]:
                print(f"          {line}")


def reader_effect(split: str, rows: list[dict[str, str]]) -> None:
    grade = rftkit.load_grader("gsm8k")
    policy = extract_module.time_frame

    def passthrough(_ex: object, _rule: str, found: object, *_rest: object) -> object:
        return found

    for with_question in (False, True):
        paid = {False: 0, True: 0}
        fired = 0
        changes = []
        for i, row in enumerate(rows):
            reply = row["answer"].rsplit("\n####", 1)[0]
            ref = row["answer"].rsplit("####", 1)[1].strip()
            if with_question:
                messages = [
                    {"role": "user", "content": row["question"]},
                    {"role": "assistant", "content": reply},
                ]
                sample = Sample(id=str(i), messages=messages, reference=ref)
            else:
                sample = Sample.from_text(response=reply, reference=ref)
            got = {}
            for on in (False, True):
                extract_module.time_frame = policy if on else passthrough  # type: ignore[assignment]
                got[on] = grade(sample)
                paid[on] += got[on].metric("correct") == 1.0
            extract_module.time_frame = policy
            fired += "time_frame" in got[True].errors or "frame_extension" in got[True].errors
            before, after = got[False], got[True]
            if (before.answer, before.metric("correct")) != (after.answer, after.metric("correct")):
                changes.append((i, ref, before, after, reply.strip().splitlines()[-1]))
        label = "with the question" if with_question else "alone"
        print(
            f"{split} ({label}): {len(rows)} solutions, paid without the policy {paid[False]},"
            f" with it {paid[True]} ({paid[True] - paid[False]:+d}); policy fired on {fired}"
        )
        for i, ref, b, a, last in changes:
            bc, ac = b.metric("correct"), a.metric("correct")
            mark = {(0.0, 1.0): "FIXED", (1.0, 0.0): "BROKE"}.get((bc, ac), "same-score")
            print(f"  {mark} {split}#{i} ref {ref}: {b.answer} -> {a.answer}  | {last[-110:]}")


def extensions(rows: list[dict[str, str]]) -> None:
    """Each solution whose final sentence states its number per one unit that the question
    names (``... = $18 every day``), extended by a sentence to a longer frame (``That's $126 a
    week.``): read with the question (the statement's number) and without it (the extension).
    """
    from rftkit.rewards.time_frames import _RATIOS, _frame_of, _question_words, _unit_of

    ex = Extractor()
    longer = {a: (b, r[0]) for (a, b), r in sorted(_RATIOS.items(), key=lambda kv: -kv[1][0])}
    one_unit = stated = read_back = without = 0
    by_unit: collections.Counter[str] = collections.Counter()
    for row in rows:
        asked = {u for w in _question_words(row["question"]) if (u := _unit_of(w))}
        if len(asked) != 1:
            continue
        one_unit += 1
        unit = asked.pop()
        by_unit[unit] += 1
        solution, ref = row["answer"].rsplit("\n####", 1)
        ref = ref.strip().replace(",", "")
        last = re.split(r"(?<=[.!?])\s+", solution.strip().splitlines()[-1])[-1]
        frame = _frame_of(last)
        if frame is None or frame[:2] != (unit, 1) or unit not in longer or not ref.isdigit():
            continue
        stated += 1
        bigger, ratio = longer[unit]
        reply = f"{solution.strip()}\nThat's {int(ref) * ratio} a {bigger}."
        read_back += ex(reply, prompt=row["question"]).answer == ref
        without += ex(reply).answer == str(int(ref) * ratio)
    print(f"questions whose question sentence names one time unit: {one_unit} {dict(by_unit)}")
    print(f"  whose solution's final sentence states its number per one such unit: {stated}")
    print("  extended by 'That's <n> a <longer unit>.': read as the answer with the question")
    print(f"  {read_back} of {stated}; without it, the extension is read in {without}")


def main() -> None:
    splits = {
        s: [json.loads(line) for line in (DATA / f"{s}.jsonl").open()] for s in ("train", "test")
    }
    print("== 1. the data (train + test) ==")
    data_shapes(splits["train"] + splits["test"])
    print("== 2. the reader (gsm8k, each solution without its '#### N' line) ==")
    for split, rows in splits.items():
        reader_effect(split, rows)
    print("== 3. an extension sentence after the answer (train + test) ==")
    extensions(splits["train"] + splits["test"])


if __name__ == "__main__":
    sys.exit(main())
