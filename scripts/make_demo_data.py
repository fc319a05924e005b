"""Make the bundled GSM8K demo data: a sample of the test set and synthetic model replies.

Writes, under ``src/rftkit/data/gsm8k/``:

* ``test_sample.jsonl``: the first ``--rows`` rows of GSM8K ``test.jsonl``, byte for byte;
* ``responses.jsonl``: one synthetic reply per row, ``{"index", "id", "response"}``.

The replies are *synthetic*: made from each row's reference solution by fixed rules, not by
a model. They imitate what graders meet during RFT: chain of thought ending in ``#### N``,
``\\boxed{N}``, "The answer is N", ``<answer>`` tags, thousands commas and currency, wrong
final numbers, no answer at all, answer spraying, and chatter after the answer. The output
is deterministic (seeded), so re-running the script reproduces the files exactly.

Usage: ``python scripts/make_demo_data.py [--source ../shared/data/gsm8k/test.jsonl]``
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "gsm8k" / "test.jsonl"
OUT = REPO / "src" / "rftkit" / "data" / "gsm8k"
SEED = 20_241_125

_ANNOTATION = re.compile(r"<<[^<>\n]{0,200}>>")

OPENERS = (
    "",
    "Let's think step by step.\n",
    "Let me work through this.\n",
    "We need to find the answer step by step.\n",
    "Here is my reasoning.\n",
)

# (style, weight): how often each kind of reply occurs.
STYLES = (
    ("hash", 38),
    ("hash_commas", 6),
    ("boxed", 10),
    ("answer_is", 10),
    ("answer_tag", 4),
    ("wrong_hash", 12),
    ("wrong_answer_is", 4),
    ("chatter_after", 4),
    ("spray_hash", 3),
    ("spray_list", 3),
    ("truncated", 4),
    ("no_answer", 2),
)


def reasoning(solution: str) -> tuple[list[str], str]:
    """The solution's reasoning lines (annotations removed) and its final answer."""
    body, _, final = solution.rpartition("####")
    lines = [_ANNOTATION.sub("", line).strip() for line in body.strip().split("\n")]
    return [line for line in lines if line], final.strip()


def with_commas(answer: str) -> str:
    digits = answer.replace(",", "")
    if digits.lstrip("-").isdigit():
        return f"{int(digits):,}"
    return answer


def wrong(answer: str, rng: random.Random) -> str:
    digits = answer.replace(",", "")
    if not digits.lstrip("-").isdigit():
        return answer + "1"
    value = int(digits)
    slip = rng.choice((1, 2, 10, -1, -2))
    if rng.random() < 0.3:
        return str(value * 2 if value else 5)
    return str(value + slip)


def make_reply(lines: list[str], answer: str, style: str, rng: random.Random) -> str:
    opener = rng.choice(OPENERS)
    steps = "\n".join(lines)
    if style == "hash":
        return f"{opener}{steps}\n#### {answer}"
    if style == "hash_commas":
        money = with_commas(answer)
        return f"{opener}{steps}\nSo the total comes to ${money}.\n#### ${money}"
    if style == "boxed":
        return f"{opener}{steps}\nTherefore, the final answer is $\\boxed{{{answer}}}$."
    if style == "answer_is":
        return f"{opener}{steps}\nThe answer is {with_commas(answer)}."
    if style == "answer_tag":
        return f"<think>\n{steps}\n</think>\n<answer>{answer}</answer>"
    if style == "wrong_hash":
        return f"{opener}{steps}\n#### {wrong(answer, rng)}"
    if style == "wrong_answer_is":
        return f"{opener}{steps}\nThe answer is {wrong(answer, rng)}."
    if style == "chatter_after":
        chatter = "I hope this helps! Let me know if you have questions."
        return f"{opener}{steps}\n#### {answer}\n\n{chatter}"
    if style == "spray_hash":
        guesses = [wrong(answer, rng), answer, wrong(answer, rng)]
        rng.shuffle(guesses)
        return f"{opener}{steps}\n" + "\n".join(f"#### {g}" for g in guesses)
    if style == "spray_list":
        guesses = sorted({wrong(answer, rng), answer, wrong(answer, rng)}, key=int)
        return f"{opener}{steps}\nThe answer is {', '.join(guesses[:-1])} or {guesses[-1]}."
    if style == "truncated":
        keep = max(1, len(lines) // 2)
        text = "\n".join(lines[:keep])
        return f"{opener}{text}\nNext, we"
    if style == "no_answer":
        return f"{opener}I am not able to solve this problem with the information given."
    raise ValueError(style)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="GSM8K test.jsonl")
    parser.add_argument("--rows", type=int, default=200, help="rows to bundle")
    parser.add_argument("--out", type=Path, default=OUT, help="output directory")
    args = parser.parse_args(argv)
    raw_lines = args.source.read_bytes().splitlines(keepends=True)[: args.rows]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "test_sample.jsonl").write_bytes(b"".join(raw_lines))

    rng = random.Random(SEED)  # noqa: S311  (seeded demo data, not security)
    names = [s for s, _ in STYLES]
    weights = [w for _, w in STYLES]
    replies = []
    for index, raw in enumerate(raw_lines):
        row = json.loads(raw)
        lines, answer = reasoning(row["answer"])
        style = rng.choices(names, weights)[0]
        reply = make_reply(lines, answer, style, rng)
        replies.append({"index": index, "id": f"gsm8k-{index:05d}", "response": reply})
    with (args.out / "responses.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for item in replies:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    total = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(f"wrote {len(replies)} rows to {args.out} ({total:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
