"""The FinQA recipe (docs/finqa.md): the AWS FinQA sample's kinds of cases, scored its way.

The cases are written from the sample's description (an ``ANSWER:`` line, yes/no answers,
percent-versus-decimal mismatches forgiven, 1% relative tolerance), not copied from it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.builtin.finqa import answer_line, finqa
from rftkit.rewards.registry import load_grader
from rftkit.rewards.types import Sample

# (reply, reference, score)
SAMPLE_CASES = [
    # the answer line
    ("The ratio is computed below.\nANSWER: 0.125", "0.125", 1.0),
    ("Working...\nanswer: 0.125", "0.125", 1.0),
    ("Working...\n**ANSWER:** 0.125", "0.125", 1.0),
    ("Working...\nANSWER: 0.125.", "0.125", 1.0),
    ("ANSWER: 0.3\nre-checking...\nANSWER: 0.125", "0.125", 1.0),  # the last line counts
    ("ANSWER: 0.125\nre-checking...\nANSWER: 0.3", "0.125", 0.0),
    ("The final answer is 0.125", "0.125", 0.0),  # no ANSWER line: 0, whatever the text
    ("0.125", "0.125", 0.0),
    ("", "0.125", 0.0),
    ("the ANSWER: 0.125 is in the middle of a line", "0.125", 0.0),
    # percent versus decimal
    ("ANSWER: 12.5%", "0.125", 1.0),
    ("ANSWER: 12.5", "0.125", 1.0),  # the sample forgives a missing % sign
    ("ANSWER: 0.125", "12.5", 1.0),  # and a decimal for a percentage
    ("ANSWER: 12.5%", "12.5", 1.0),
    ("ANSWER: 0.125%", "0.125", 1.0),  # off by 100: forgiven the same way
    ("ANSWER: 1.25", "0.125", 0.0),  # off by 10 is wrong
    # 1% relative tolerance, relative to the reference
    ("ANSWER: 101", "100", 1.0),
    ("ANSWER: 99", "100", 1.0),
    ("ANSWER: 101.01", "100", 0.0),
    ("ANSWER: 98.99", "100", 0.0),
    ("ANSWER: -2.02", "-2", 1.0),
    ("ANSWER: 2", "-2", 0.0),
    ("ANSWER: 0", "0", 1.0),
    ("ANSWER: 0.001", "0", 0.0),
    ("ANSWER: $1,234.5 million", "1234.5", 1.0),
    ("ANSWER: approximately 15.2%", "0.152", 1.0),
    ("ANSWER: n/a", "15", 0.0),
    # yes / no
    ("ANSWER: yes", "yes", 1.0),
    ("ANSWER: Yes.", "yes", 1.0),
    ("ANSWER: YES, it increased", "Yes", 1.0),
    ("ANSWER: no", "yes", 0.0),
    ("ANSWER: yesno", "yes", 0.0),
    ("ANSWER: 1", "yes", 0.0),
    ("ANSWER: no", "No", 1.0),
    ("ANSWER:", "no", 0.0),
]


@pytest.mark.parametrize(("reply", "reference", "score"), SAMPLE_CASES)
def test_the_samples_cases(reply: str, reference: str, score: float) -> None:
    r = finqa()(Sample.from_text(response=reply, reference=reference))
    assert r.score == score, r.explanation


def test_registered_and_reference_shapes() -> None:
    g = load_grader("finqa")
    ok = "ANSWER: 12.5%"
    for ref in ("0.125", 0.125, {"final_answer": "0.125"}, {"answer": "12.5%"}):
        assert g(Sample.from_text(response=ok, reference=ref)).score == 1.0


def test_strict_variants() -> None:
    g = finqa(rel_tol=0, percent_scale=False)
    assert g(Sample.from_text(response="ANSWER: 12.5%", reference="0.125")).score == 1.0
    assert g(Sample.from_text(response="ANSWER: 12.5", reference="0.125")).score == 0.0
    assert g(Sample.from_text(response="ANSWER: 101", reference="100")).score == 0.0
    g = finqa(marker="Final:")
    assert g(Sample.from_text(response="x\nFinal: 3", reference="3")).score == 1.0


def test_no_answer_flag_and_metrics() -> None:
    r = finqa()(Sample.from_text(response="it is 3", reference="3"))
    assert r.errors == ("no_answer",)
    assert {m.name: m.value for m in r.metrics} == {"correct": 0.0, "has_answer": 0.0}


@pytest.mark.parametrize("ref", [None, "", "twelve", {"x": 1}])
def test_bad_references_are_dataset_errors(ref: Any) -> None:
    with pytest.raises(GraderError):
        finqa()(Sample.from_text(response="ANSWER: 3", reference=ref))


@pytest.mark.parametrize("kwargs", [{"rel_tol": -1}, {"rel_tol": float("nan")}, {"marker": " "}])
def test_bad_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(GraderArgsError):
        finqa(**kwargs)


def test_answer_line_is_bounded() -> None:
    assert answer_line("ANSWER: " + "9" * 10_000) == "9" * 200
    assert answer_line("ANSWER: 1\n" + "x" * 100_000) is None  # outside the read window


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["0.125", "yes", "100", "-3.5%", "0"]))
def test_any_reply_scores_zero_or_one(reply: str, reference: str) -> None:
    for text in (reply, "ANSWER: " + reply):
        assert finqa()(Sample.from_text(response=text, reference=reference)).score in (0.0, 1.0)
