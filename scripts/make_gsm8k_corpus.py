"""Build the GSM8K answer-form corpus: replies written the ways real models end them.

Every reply is made from a GSM8K *train* solution (its working, calculator annotations
removed) by fixed rules, so the text is realistic GSM8K reasoning while the label is known:
``expected`` is 1.0 when the reply's final answer is the reference and 0.0 when it is not
(a wrong final number in about a third of each form, a truncated, hedged or unanswered
reply). Forms, a few thousand replies each (``--per-form``), 200-1,500 characters:

==================  ==========================================================================
``hash``            chain of thought ending ``#### N`` (the GSM8K format)
``boxed``           ``... So the final answer is $\\boxed{N}$.``
``fewshot``         few-shot CoT ``Q: ... A: <working> The answer is N.``, sometimes followed
                    by the next few-shot question the model went on to invent
``a_line``          working, then a final line ``A: N`` or ``Answer: N``
``minerva``         ``Final Answer: The final answer is $N$. I hope it is correct.``
``bold``            Markdown working, the answer in bold on the last line (``**$N**``)
``prose``           zero-shot prose whose last sentence states the answer (the GSM8K
                    solution's own last sentence; small answers also in words)
``tool``            a Python program, its fenced ``output`` block, a restating sentence that
                    mentions other numbers (minutes, counts, the year)
``truncated``       a reply cut off mid-solution (never correct: expected 0)
``hedge``           ``... so the answer is N or N+1`` / candidate lists (expected 0)
``thinking``        a reasoning model's reply: the working and a draft answer (right or
                    wrong, ``#### D`` / ``\\boxed{D}`` / "so it's D") as thinking, then the
                    final answer; a tenth are cut off while thinking (expected 0). Half
                    in ``<think> ... </think>`` (Qwen3; a third of these with no opening
                    tag: the chat template put it in the prompt), the rest in
                    ``<thinking>``, ``<reasoning>`` (gpt-oss on Bedrock), gpt-oss harmony
                    tokens, and harmony decoded without them (``analysis...assistantfinal``).
==================  ==========================================================================

The output is deterministic for a given seed. Usage::

    python scripts/make_gsm8k_corpus.py --out corpus.jsonl [--per-form 3000]

``bench/bench_gsm8k.py`` imports :func:`build_corpus` and builds it in memory.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from rftkit.rewards.number_words import _TEN_WORDS, _UNIT_WORDS

REPO = Path(__file__).resolve().parent.parent
# The shared data sits next to the checkout (../shared) or next to its worktree folder.
_CANDIDATES = [d / "shared" / "data" / "gsm8k" / "train.jsonl" for d in REPO.parents[:2]]
DEFAULT_SOURCE = next((c for c in _CANDIDATES if c.is_file()), _CANDIDATES[0])
SEED = 20_261_204
FORMS = (
    "hash",
    "boxed",
    "fewshot",
    "a_line",
    "minerva",
    "bold",
    "prose",
    "tool",
    "truncated",
    "hedge",
    "thinking",
)
_ANNOTATION = re.compile(r"<<[^<>\n]{0,200}>>")
# The words the graders read (zero to nineteen, then the tens), as the graders spell them.
_WORDS = [*_UNIT_WORDS, _TEN_WORDS[0]]
_OPENERS = (
    "Let's think step by step.",
    "Let me work through this problem carefully.",
    "To solve this, I will break it into steps.",
    "We need to find the answer step by step.",
    "Sure! Let's solve it.",
)


def load_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _split(row: dict[str, str]) -> tuple[str, str, int | None]:
    """The working (no annotations), the reference text, and its integer value if any."""
    solution = _ANNOTATION.sub("", row["answer"])
    body, _, final = solution.rpartition("####")
    reference = final.strip()
    try:
        value: int | None = int(reference.replace(",", ""))
    except ValueError:
        value = None
    return body.strip(), reference, value


# The thinking form's wrappers, drawn in turn: <think> (Qwen3, DeepSeek-R1) half the time,
# <thinking> (Nova), <reasoning> (gpt-oss on Bedrock), gpt-oss harmony with its special tokens
# and harmony decoded without them (vLLM).
_THINKING_WRAPPERS = (
    "think",
    "think",
    "think",
    "think",
    "thinking",
    "reasoning",
    "harmony",
    "harmony_text",
)
_THINKING_FORMAT = {
    "thinking": "<thinking>\n{t}</thinking>\n\n{r}",
    "reasoning": "<reasoning>{t}</reasoning>{r}",
    "harmony": "<|channel|>analysis<|message|>{t}<|end|><|start|>assistant<|channel|>final"
    "<|message|>{r}<|return|>",
    "harmony_text": "analysis{t}assistantfinal{r}",
}
_CUT_OFF = {
    "thinking": "<thinking>\n",
    "reasoning": "<reasoning>",
    "harmony": "<|channel|>analysis<|message|>",
    "harmony_text": "analysis",
}


def _wrong(value: int, rng: random.Random) -> int:
    return value + rng.choice((-10, -3, -2, -1, 1, 2, 3, 5, 10, 100))


def _fit(text: str, question: str, rng: random.Random) -> str:
    """Pad a short reply with a restated question and an opener, up to about 1,500 chars."""
    if len(text) < 200:
        text = f"{rng.choice(_OPENERS)}\n{question}\n\n{text}"
    if len(text) < 200:
        text = f"{question}\n{text}"
    return text[-1500:] if len(text) > 1500 else text


def _markdown(body: str) -> str:
    lines = [ln for ln in body.split("\n") if ln.strip()]
    return "\n".join(f"**Step {i}:** {ln}" for i, ln in enumerate(lines, 1))


def _program(body: str, value: int) -> str:
    nums = re.findall(r"\d+", body)[:4] or ["1"]
    names = ("a", "b", "c", "d")
    lines = [f"{names[i]} = {n}" for i, n in enumerate(nums)]
    lines.append(f"result = {value}  # computed from the quantities above")
    lines.append("print(result)")
    return "```python\ndef solution():\n    " + "\n    ".join(lines) + "\n\nsolution()\n```"


def _reply(form: str, row: dict[str, str], rng: random.Random) -> tuple[str, str, float] | None:
    body, reference, value = _split(row)
    if value is None:
        return None
    question = row["question"]
    correct = rng.random() >= 1 / 3
    answer = value if correct else _wrong(value, rng)
    shown = f"{answer:,}" if answer >= 1000 and rng.random() < 0.5 else str(answer)
    expected = 1.0 if correct else 0.0
    if form == "hash":
        text = f"{body}\n#### {shown}"
    elif form == "boxed":
        text = f"{body}\nSo the final answer is $\\boxed{{{shown}}}$."
    elif form == "fewshot":
        flat = " ".join(body.split("\n"))
        text = f"Q: {question}\nA: {flat} The answer is {shown}."
        if rng.random() < 0.3:
            nxt = f"\n\nQ: A farmer has {rng.randint(2, 40)} cows and buys {rng.randint(2, 9)} more"
            text += nxt + ". How many cows does he have?\nA: He has"
    elif form == "a_line":
        label = rng.choice(("A:", "Answer:", "**Answer:**"))
        text = f"{body}\n{label} {shown}"
    elif form == "minerva":
        text = f"{body}\nFinal Answer: The final answer is ${shown}$. I hope it is correct."
    elif form == "bold":
        text = f"{_markdown(body)}\n\nSo the answer is **{shown}**."
        if rng.random() < 0.5:
            text = f"{_markdown(body)}\n\nTherefore, the total comes to **${shown}**."
    elif form == "prose":
        # A chat model ends its last sentence with a full stop (GSM8K's own lines often
        # do not: see docs/graders.md on replies cut off mid-solution).
        lines = [
            ln if ln.rstrip().endswith((".", "!")) else ln.rstrip() + "." for ln in body.split("\n")
        ]
        last = lines[-1].rstrip(".")
        if correct and 0 <= value <= 20 and rng.random() < 0.4:
            text = "\n".join(lines) + f"\nSo {_WORDS[value]} is the total."
        elif correct:
            text = "\n".join(lines)
        else:
            text = "\n".join([*lines[:-1], f"{last}, so the total is {shown}."])
    elif form == "tool":
        minutes = rng.randint(2, 90)
        text = (
            f"{rng.choice(_OPENERS)} I will write a program.\n{_program(body, answer)}\n"
            f"```output\n{answer}\n```\nAfter {minutes} minutes of work over "
            f"{rng.randint(2, 9)} days in 2023, the program gives {answer} as the result."
        )
    elif form == "truncated":
        # Cut inside a line of the working, at least a few characters before its end: a
        # cut that falls exactly after a finished sentence leaves a finished-looking reply.
        inner = [k for k in range(len(body) // 3, len(body) - 3) if "\n" not in body[k : k + 4]]
        if not inner:
            return None
        text = body[: rng.choice(inner)]
        expected = 0.0
    elif form == "hedge":
        other = _wrong(value, rng)
        pick = rng.random()
        if pick < 0.4:
            text = f"{body}\nSo the answer is {value} or {other}."
        elif pick < 0.7:
            text = f"{body}\nThe answer could be {other}, {value}, or {other + 1}."
        else:
            text = f"{body}\nShe ends up with either {other} or {value} in total."
        expected = 0.0
    elif form == "thinking":
        draft = value if rng.random() < 0.5 else _wrong(value, rng)
        drafted = rng.choice((f"#### {draft}", f"\\boxed{{{draft}}}", f"So it's {draft}?"))
        thought = f"Okay, let me see. {body}\nHmm, {drafted} Let me check again.\n"
        # Fitted before wrapping, so that no wrapper loses its opening to the length cap.
        thought = _fit(thought, question, rng)
        wrapper = rng.choice(_THINKING_WRAPPERS)
        # A third of the <think> replies start inside the thinking: the chat template put
        # "<think>" in the prompt.
        opened = "<think>\n" if rng.random() < 2 / 3 else ""
        if rng.random() < 0.1:
            # Cut off while thinking: no answer, whatever the draft says.
            text = (opened + thought) if wrapper == "think" else _CUT_OFF[wrapper] + thought
            return text, reference, 0.0
        final = rng.choice(
            (
                f"The answer is {shown}.",
                f"So the final answer is $\\boxed{{{shown}}}$.",
                f"**{shown}**",
                f"#### {shown}",
            )
        )
        if wrapper == "think":
            return f"{opened}{thought}</think>\n\n{final}", reference, expected
        return _THINKING_FORMAT[wrapper].format(t=thought, r=final), reference, expected
    else:
        raise ValueError(form)
    return _fit(text, question, rng), reference, expected


def build_corpus(
    rows: Sequence[dict[str, str]], per_form: int = 3000, seed: int = SEED
) -> list[dict[str, object]]:
    """``per_form`` replies per form, each ``{"form", "response", "reference", "expected",
    "question"}`` (the GSM8K question the reply answers: the prompt, for readers that use it)."""
    out: list[dict[str, object]] = []
    for form in FORMS:
        rng = random.Random(f"{seed}:{form}")  # noqa: S311  # reproducible text, no secrets
        made = 0
        for row in _cycle(rows, rng):
            got = _reply(form, row, rng)
            if got is None:
                continue
            text, reference, expected = got
            out.append(
                {
                    "form": form,
                    "response": text,
                    "reference": reference,
                    "expected": expected,
                    "question": row["question"],
                }
            )
            made += 1
            if made >= per_form:
                break
    return out


def _cycle(rows: Sequence[dict[str, str]], rng: random.Random) -> Iterator[dict[str, str]]:
    order = list(range(len(rows)))
    while True:
        rng.shuffle(order)
        for i in order:
            yield rows[i]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="GSM8K train.jsonl")
    parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    parser.add_argument("--per-form", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"error: no GSM8K train.jsonl at {args.source}", file=sys.stderr)
        return 2
    corpus = build_corpus(load_rows(args.source), args.per_form, args.seed)
    with args.out.open("w", encoding="utf-8") as fh:
        for item in corpus:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"wrote {len(corpus)} replies ({len(FORMS)} forms) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
