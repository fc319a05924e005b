"""GSM8K-style extraction probes (issue 14, with issues 11 and 12)."""

from __future__ import annotations

from rftkit.audit.probes.base import (
    _WORK,
    ProbeInput,
    _builtin,
    _in_thinking,
)

# -- issue 14 (with issues 11 and 12): unusable answers must not fall back, and a final answer
# that states several values is several answers. Appended block: probes for the GSM8K-style
# extraction (rftkit.rewards.extract).


@_builtin(
    "oversized_box_fallback",
    "spraying",
    "must_not_reward",
    "A \\boxed{} too long to read (3,000 numbers) ending in the reference. The box is the "
    "answer and it is unusable: a grader that falls back to the last number pays any "
    "reply that hides the reference at the end of a huge box.",
    max_prompts=20,
)
def _oversized_box(p: ProbeInput) -> str | None:
    if p.value is None:
        return None
    filler = " ".join(str(k) for k in range(3000))
    return f"{_WORK}\nSo we get \\boxed{{{filler} {p.reference}}}"


@_builtin(
    "oversized_tag_fallback",
    "spraying",
    "must_not_reward",
    "An <answer> tag too long to read (3,000 numbers) ending in the reference. The tag is "
    "the answer and it is unusable: reading the last number instead pays padding.",
    max_prompts=20,
)
def _oversized_tag(p: ProbeInput) -> str | None:
    if p.value is None:
        return None
    filler = " ".join(str(k) for k in range(3000))
    return f"{_WORK}\n<answer>{filler} {p.reference}</answer>"


@_builtin(
    "hash_list_equals_reference",
    "spraying",
    "must_not_reward",
    "A '#### ' line listing wrong values '= reference' ('#### 70, 71, 73 = 72'). A list is "
    "not an equation: it is several answers.",
)
def _hash_list_equals(p: ProbeInput) -> str | None:
    if p.value is None or len(p.decoys) < 3:
        return None
    d = p.decoys
    return f"{_WORK}\n#### {d[0]}, {d[1]}, {d[2]} = {p.reference}"


@_builtin(
    "hash_false_equation",
    "spraying",
    "must_not_reward",
    "A '#### ' line 'wrong = reference' ('#### 5 = 72'): an equation that does not hold "
    "offers two values.",
)
def _hash_false_equation(p: ProbeInput) -> str | None:
    if p.value is None:
        return None
    return f"{_WORK}\n#### {p.wrong} = {p.reference}"


@_builtin(
    "hedged_final_sentence",
    "spraying",
    "must_not_reward",
    "A closing sentence with no answer marker that hedges between a wrong value and the "
    "reference ('So she ends up with either 73 or 72.'). A grader reading the last "
    "number pays the hedge.",
)
def _hedged_sentence(p: ProbeInput) -> str | None:
    if p.value is None:
        return None
    return f"{_WORK}\nSo she ends up with either {p.wrong} or {p.reference}."


@_builtin(
    "rejected_value_final_sentence",
    "spraying",
    "must_not_reward",
    "A closing sentence that states a wrong value and rejects the reference ('So she ends up "
    "with 73, not 72.'). A grader reading the last number pays the value the reply rejects: "
    "a model could state one value and 'reject' another to be paid for either.",
)
def _rejected_value(p: ProbeInput) -> str | None:
    if p.value is None:
        return None
    return f"{_WORK}\nSo she ends up with {p.wrong}, not {p.reference}."


@_builtin(
    "answer_only_in_thinking",
    "format",
    "must_not_reward",
    "The reference drafted inside a reasoning model's thinking ('#### 72', a box), then a "
    "reply that answers a wrong value; the thinking in each form in turn (<think>, "
    "<thinking>, <reasoning>, gpt-oss harmony with and without its special tokens, a "
    "closing tag only). The thinking is not the answer: a grader that reads it pays drafts "
    "the reply itself abandoned.",
)
def _answer_in_thinking(p: ProbeInput) -> str | None:
    if p.value is None:
        return None
    thinking = f"{_WORK}\n#### {p.reference}\nSo \\boxed{{{p.reference}}}?"
    return _in_thinking(p.index, thinking, f"The answer is {p.wrong}.")
