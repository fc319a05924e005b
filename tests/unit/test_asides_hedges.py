"""A hedge after a connective, an interjection or a sign; a restatement in brackets with
another value; a confidence remark; offers after a program's output (issue 14, session 14;
docs/graders.md, "A hedge after a connective, an interjection or a sign").

Each class was read wrong before (the old reading is in each case's comment, main at
session 14's start):

* a hedge after a connective (``So maybe $20.``, ``Either way, about $20.``, ``Then perhaps
  $20.``): the sentence was not looked at after ``So`` (paid 20);
* an interjection, then a value alone (``Hmm, $20.``, ``Hmm. $20.``: paid 20);
* an approximation's sign (``~20.``, ``\u2248 20.``: paid 20), also in brackets (``$18
  (~$20)``: paid 18);
* a restatement in brackets in digits with another value (``She makes 18 dollars (20).``:
  paid 18);
* a confidence remark on the answer's line (``Answer: 18, confidence 9/10``: refused as
  ``several_numbers``; ``She makes $18, confidence 90%.`` paid 90 without the question);
* offers: a short label without ``answer`` or a colon (``Other value is 20.``: paid 20), a
  blank line between a label and the program whose output is read (paid 20), one sentence
  after a program's output with an offer in its middle (paid 18).

A reply that states two values is paid for neither; each case is graded with the reference
equal to each value it states (a reply is paid for at most one), read by both of the
extractor's paths, with and without the question. What states one answer keeps its reading.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
import rftkit.rewards.extract as extract_module
from rftkit.rewards.closings import confidence_at
from rftkit.rewards.extract import Extractor
from rftkit.rewards.types import Sample

_EX = Extractor()
_GRADER = rftkit.load_grader("gsm8k")
_P = (
    "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes"
    " muffins for her friends every day with four. She sells the remainder at the farmers'"
    " market daily for $2 per fresh duck egg. How much in dollars does she make every day at"
    " the farmers' market?"
)
_WORK = "She has 16 - 3 - 4 = 9 eggs left. "
_PROGRAM = "```python\nprint(9 * 2)\n```\n```output\n18\n```\n"


def _read(reply: str) -> tuple[object, ...]:
    found = _EX(reply)
    assert found == _EX.general(reply), reply  # the fast path reads as the general one
    return found.answer, found.rule, found.rejected


def _values(reply: str) -> set[str]:
    """Every value the reply states in digits (its references for the double-pay check)."""
    return {v.replace(",", "") for v in re.findall(r"\d[\d,]*(?:\.\d+)?", reply)}


def _paid_values(reply: str) -> list[str]:
    """The values ``reply`` is paid for, with and without the question (each reading pays
    at most one: checked here)."""
    paid: set[str] = set()
    for prompt in (_P, None):
        refs = [
            ref
            for ref in sorted(_values(reply))
            if _GRADER(Sample.from_text(response=reply, reference=ref, prompt=prompt)).score > 0
        ]
        assert len(refs) <= 1, (reply, prompt is not None, refs)  # never two values
        paid.update(refs)
    return sorted(paid)


_SEVERAL = [
    # (reply, old reading: the value paid before)
    (_WORK + "She makes $18. Either way, about $20.", "20"),
    (_WORK + "She makes $18. So maybe $20.", "20"),
    (_WORK + "She makes $18. So perhaps $20.", "20"),
    (_WORK + "She makes $18. So probably $20.", "20"),
    (_WORK + "She makes $18. So I think $20.", "20"),
    (_WORK + "She makes $18. So, about $20.", "20"),
    (_WORK + "She makes $18. So roughly $20.", "20"),
    (_WORK + "She makes $18. Then perhaps $20.", "20"),
    (_WORK + "She makes $18. And maybe $20.", "20"),
    (_WORK + "She makes $18. Anyway, probably $20.", "20"),
    (_WORK + "She makes $18. Still, maybe $20.", "20"),
    (_WORK + "She makes $18. In any case, about $20.", "20"),
    (_WORK + "She makes $18. That's about $20.", "20"),
    (_WORK + "She makes $18. That is roughly $20.", "20"),
    (_WORK + "She makes $18. It's probably $20.", "20"),
    (_WORK + "She makes $18. Hmm. $20.", "20"),
    (_WORK + "She makes $18. Um. $20.", "20"),
    (_WORK + "She makes $18. Well... $20.", "20"),
    (_WORK + "She makes $18. Not sure. $20.", "20"),
    (_WORK + "She makes $18.\nHmm.\n$20", "20"),
    (_WORK + "She makes $18. Hmm, $20.", "20"),
    (_WORK + "She makes $18. Hmm... 20 dollars.", "20"),
    (_WORK + "She makes $18. Ok. 20.", "20"),
    (_WORK + "She makes $18. ~20.", "20"),
    (_WORK + "She makes $18. \u2248 20.", "20"),
    (_WORK + "She makes $18. So ~$20.", "20"),
    (_WORK + "She makes 18 dollars (20).", "18"),
    (_WORK + "She makes 18 (20) dollars.", "20"),
    (_WORK + "She makes $18 (20).", "18"),
    (_WORK + "She makes $18 (~$20).", "18"),
    (_WORK + "She makes $18 (\u2248 20).", "18"),
    (_WORK + "She makes $18 (about $20).", "18"),
    (_WORK + "She makes $18 (i.e. 20).", "18"),
    (_WORK + "She makes $18 (20 dollars).", "18"),
    ("The answer is 18. So maybe 20.", "18"),
    ("#### 18\nSo perhaps 20.", "18"),
    (_WORK + "So she makes $18.\nOther value is 20.", "20"),
    (_WORK + "So she makes $18.\nThe other value is 20.", "20"),
    (_WORK + "So she makes $18.\nSecond value is $20.", "20"),
    (_PROGRAM + "Second answer:\n\n```python\nprint(10 * 2)\n```\n```output\n20\n```", "20"),
    ("So she makes $18.\nCandidates:\n\n```python\nprint(10 * 2)\n```\n```output\n20\n```", "20"),
    ("So she makes $18.\nOptions:\n```python\nprint(10 * 2)\n```\n```output\n20\n```", "20"),
    (_PROGRAM + "She might also make $20.", "18"),
    (_PROGRAM + "That's wrong; she makes $20.", "18"),
    (_PROGRAM + "So she makes $18, or perhaps $20", "18"),
    (_PROGRAM + "So she makes $18 (or $20)", "18"),
    (_PROGRAM + "She makes $18, though it could be $20", "18"),
    (_PROGRAM + "She makes $18 or $20", "18"),
    (_PROGRAM + "So the answer is 18, or maybe 20.", "several answers"),
]


@pytest.mark.parametrize(("reply", "old"), _SEVERAL)
def test_an_aside_with_another_value_is_several_answers(reply: str, old: str) -> None:
    _, _, rejected = _read(reply)
    assert rejected == "multiple_answers", (reply, old)
    assert _paid_values(reply) == [], reply


_ONE = [
    # (reply, the answer read, now and before)
    (_WORK + "So she makes $18.", "18"),
    (_WORK + "So $18.", "18"),
    (_WORK + "She sells them for $2 each. So $18.", "18"),
    (_WORK + "She makes $18. So maybe $18.", "18"),
    (_WORK + "She makes $18. Hmm, yes, $18.", "18"),
    (_WORK + "She makes $18. Hmm. $18.", "18"),
    (_WORK + "She makes $18. That's about $18.", "18"),
    (_WORK + "She makes $18. In total, $18.", "18"),
    (_WORK + "She makes $18. That is 9 x $2.", "18"),
    ("She sells 9 eggs. Hmm. $18.", "18"),  # another quantity before: the one answer
    ("She sells 9 eggs. Hmm, $18.", "18"),
    # not near: read as before (126; with the question 18, the asked period)
    (_WORK + "She makes $18 a day. So about $126 a week.", "126"),
    (_WORK + "She makes 18 (eighteen) dollars.", "18"),
    (_WORK + "She makes $18 (18 dollars).", "18"),
    (_WORK + "She makes $18 (18).", "18"),
    (_WORK + "She makes $18 (9 eggs).", "18"),  # another unit: an explanation
    (_WORK + "She makes $18 a day (9 eggs x $2).", "18"),
    ("She answered 45 questions (90%).", "45"),
    (_WORK + "She makes ~$20.", "20"),  # one answer, approximate
    (_PROGRAM + "It took 20 minutes to run.", "18"),
    (
        _PROGRAM
        + "After 78 minutes of work over 2 days in 2023, the program gives 18 as the result.",
        "18",
    ),
    (_PROGRAM + "She makes about $20", "18"),  # a restating sentence never overrides it
    ("So she makes $18.\nCandidates:\n```python\nprint(9 * 2)\n```\n```output\n18\n```", "18"),
    ("Candidates:\n```python\nprint(10 * 2)\n```\n```output\n20\n```", "20"),
]


@pytest.mark.parametrize(("reply", "answer"), _ONE)
def test_one_answer_with_an_aside_keeps_its_reading(reply: str, answer: str) -> None:
    read, _, rejected = _read(reply)
    assert (read, rejected) == (answer, None), reply
    assert set(_paid_values(reply)) <= {answer, "18"}, reply  # (18: the asked period)


_CONFIDENT = [
    # (reply, old reading)
    ("Answer: 18, confidence 9/10", "several_numbers"),
    ("Answer: 18, confidence: 90%", "several_numbers"),
    ("The answer is 18, confidence 9/10.", "several_numbers"),
    ("Answer: $18 - confidence: 95%", "several_numbers"),
    ("Answer: 18, with 90% confidence", "several_numbers"),
    ("Answer: 18 [confidence: 0.9]", "several_numbers"),
    ("Answer: 18 | Confidence: 90%", "several_numbers"),
    ("#### 18 (confidence: 90%)", "several_numbers"),
    ("#### 18, confidence 9/10", "several_numbers"),
    (_WORK + "She makes $18, confidence 90%.", "90 (without the question)"),
    (_WORK + "So the total is 18, with 90% confidence.", "90"),
    # read as before
    ("Answer: 18 (confidence: 90%)", "18"),
    ("Answer: 18 - confidence high", "18"),
    ("Answer: 18\nConfidence: 95%", "18"),
    (_WORK + "She makes $18 (confidence 9/10).", "18"),
]


@pytest.mark.parametrize(("reply", "old"), _CONFIDENT)
def test_a_confidence_remark_after_the_answer_is_not_read(reply: str, old: str) -> None:
    found = _EX(reply)
    assert found == _EX.general(reply), reply
    assert (found.number is not None and found.number.value, found.rejected) == (18, None), old
    assert _paid_values(reply) == ["18"], reply


@pytest.mark.parametrize(
    "reply",
    ["Answer: 18, confidence 20", "Answer: 18, 20", "Answer: 18, confidence 9/10, or 20"],
)
def test_a_value_that_is_no_confidence_is_still_a_second_number(reply: str) -> None:
    assert _read(reply)[2] == "several_numbers"


def test_confidence_at_finds_only_a_remark_that_ends_the_text() -> None:
    assert confidence_at("18, confidence 9/10") == 2
    assert confidence_at("18 (confidence: 90%)") == 2
    assert confidence_at("18, confidence 20") == -1
    assert confidence_at("confidence 90%") == -1  # nothing before it


# -- properties ---------------------------------------------------------------------------------

_CONNECTIVES = st.sampled_from(
    ["So ", "So, ", "Either way, ", "Then ", "And ", "Anyway, ", "Still, ", "In any case, "]
)
_HEDGES = st.sampled_from(["maybe", "perhaps", "possibly", "I'd say", "I think", "probably"])
_INTERJECTIONS = st.sampled_from(["Hmm", "Hm", "Um", "Uh", "Well", "Ok", "Okay", "Oh"])
_STOPS = st.sampled_from([". ", "... ", ", ", " \u2014 ", ".\n"])


@settings(max_examples=120, deadline=None)
@given(st.integers(2, 5000), st.integers(1, 5000), _CONNECTIVES, _HEDGES, st.booleans())
@example(18, 2, "So ", "maybe", True)
@example(18, 2, "Either way, ", "I'd say", False)
def test_a_hedge_after_a_connective_is_paid_for_neither(
    answer: int, delta: int, connective: str, hedge: str, dollars: bool
) -> None:
    other = answer + delta
    unit = "$" if dollars else ""
    reply = f"{_WORK}She makes {unit}{answer}. {connective}{hedge} {unit}{other}."
    assert _read(reply)[2] == "multiple_answers", reply
    assert _paid_values(reply) == [], reply
    plain = f"{_WORK}She makes {unit}{answer}."
    assert _read(plain)[0] == str(answer), plain  # the answer without the aside is read


@settings(max_examples=120, deadline=None)
@given(st.integers(2, 5000), st.integers(1, 5000), _INTERJECTIONS, _STOPS, st.booleans())
@example(18, 2, "Hmm", ". ", True)
def test_an_interjection_then_another_value_is_paid_for_neither(
    answer: int, delta: int, interjection: str, stop: str, dollars: bool
) -> None:
    other = answer + delta
    unit = "$" if dollars else ""
    reply = f"{_WORK}She makes {unit}{answer}. {interjection}{stop}{unit}{other}."
    assert _read(reply)[2] == "multiple_answers", reply
    assert _paid_values(reply) == [], reply
    again = f"{_WORK}She makes {unit}{answer}. {interjection}{stop}{unit}{answer}."
    assert _read(again)[:3:2] == (str(answer), None), again  # the same value: one answer


@settings(max_examples=120, deadline=None)
@given(
    st.integers(4, 5000),
    st.integers(1, 1000),
    st.sampled_from(["({o})", "(~{o})", "(\u2248 {o})", "(about {o})", "(~${o})", "({o} dollars)"]),
)
@example(18, 2, "({o})")
def test_a_restatement_in_brackets_with_another_value_is_paid_for_neither(
    answer: int, delta: int, remark: str
) -> None:
    other = answer + delta
    reply = f"{_WORK}She makes {answer} dollars {remark.format(o=other)}."
    assert _read(reply)[2] == "multiple_answers", reply
    assert _paid_values(reply) == [], reply
    same = f"{_WORK}She makes {answer} dollars {remark.format(o=answer)}."
    assert _read(same)[:3:2] == (str(answer), None), same


_CONFIDENCES = st.sampled_from(
    [
        ", confidence {c}%",
        ", confidence: {c}%",
        " (confidence: {c}%)",
        " - confidence {c}%",
        ", with {c}% confidence",
        " [confidence {c}%]",
        ", confidence {d}/10",
    ]
)


@settings(max_examples=120, deadline=None)
@given(st.integers(0, 5000), st.integers(1, 100), st.integers(1, 9), _CONFIDENCES)
@example(18, 90, 9, ", confidence {d}/10")
def test_a_confidence_remark_is_never_paid_and_the_answer_is_read(
    answer: int, c: int, d: int, remark: str
) -> None:
    tail = remark.format(c=c, d=d)
    for reply in (f"Answer: {answer}{tail}", f"{_WORK}She makes ${answer}{tail}."):
        found = _EX(reply)
        assert found == _EX.general(reply), reply
        assert found.number is not None and found.number.value == answer, reply
        assert _paid_values(reply) == [str(answer)], reply


class _NoGuards:
    def __contains__(self, key: object) -> bool:
        return False


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(
        ["So", "So,", "Then", "Then,", "That's", "That is", "In any case,", "Still,", "In total,"]
    ),
    st.sampled_from(
        [
            *("maybe", "perhaps", "probably", "she makes", "the total is", "I think", "about"),
            *("in total", "it is", "roughly", "around", "~", "if rounding,", "likely"),
        ]
    ),
    st.integers(1, 5000),
)
def test_the_guards_read_as_the_ungated_reader(so: str, words: str, value: int) -> None:
    """The final-sentence reader's guards (``alternatives.GUARDS``: after ``So``, ``Th``,
    ``In``, ``St``) let through every sentence whose reading the hedge check changes (a gate,
    not a copy of the rule)."""
    reply = f"{_WORK}She makes $18. {so} {words} ${value}."
    gated = _EX(reply)
    saved = extract_module._GUARDS
    extract_module._GUARDS = _NoGuards()  # type: ignore[assignment]
    try:
        ungated = _EX(reply)
    finally:
        extract_module._GUARDS = saved
    assert gated == ungated, reply
