"""A stated confidence after the answer is an aside, not an answer (rftkit.rewards.closings).

Prompts that ask for calibration make models close with ``Confidence: 95%``, ``**Confidence:**
90%`` or ``I'm 95% sure.``. The final-sentence reader read the percent as the answer (a
right answer scored 0), and after a bold ``**Answer:**`` the bold confidence label was
taken for a second answer. A confidence label (``Confidence``, ``Confidence level``,
``Certainty``) is now an aside's label, and ``I'm N% sure`` / ``I am N% confident`` a
closing sentence: the answer before them is read. Every row gives the reading before in a
comment; every reply is also read by the fast paths as by the general one.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.prose import paid, read

STATEMENT = "She makes 9 * 2 = $18 every day.\n"

# (what follows the statement, (answer, rejected) read now); the reading before in the comment
ASIDES = [
    ("Confidence: 95%", ("18", None)),  # 95%
    ("Confidence level: 95%.", ("18", None)),  # 95%
    ("**Confidence:** 90%", ("18", None)),  # 90%
    ("Certainty: 80%", ("18", None)),  # 80%
    ("I am 95% confident.", ("18", None)),  # 95%
    ("I'm 100% sure.", ("18", None)),  # 100%
    ("Answer: 18\nConfidence: 95%", ("18", None)),  # 18 (already)
    ("**Answer:** 18\n**Confidence:** 90%", ("18", None)),  # multiple_answers
    ("The answer is 18.\nConfidence: 0.9", ("18", None)),  # 18 (already)
]


@pytest.mark.parametrize(("tail", "reading"), ASIDES)
def test_a_stated_confidence_is_no_answer(tail: str, reading: tuple[object, object]) -> None:
    assert read(STATEMENT + tail) == reading, tail
    assert paid(STATEMENT + tail, "18") == 1.0, tail


# The label does not hide what follows it: a hedge or a correction is read as before.
STILL_READ = [
    ("I'm 50% sure it's 18 and 50% sure it's 20.", ("18", "multiple_answers")),
    ("Confidence: 90% for $18, 10% for $20.", ("18", "multiple_answers")),
    ("I'm 90% sure. Or maybe 20.", ("20", "multiple_answers")),
    ("Confidence: 95%\nWait, I made an error: she makes $20.", ("20", None)),  # a correction
    ("I'm going to say 20.", ("20", None)),  # a statement, no confidence
    ("I am sure she makes $20.", ("20", None)),
]


@pytest.mark.parametrize(("tail", "reading"), STILL_READ)
def test_a_confidence_label_hides_no_hedge_and_no_correction(
    tail: str, reading: tuple[object, object]
) -> None:
    assert read(STATEMENT + tail) == reading, tail


_LABELS = ["Confidence: {p}%", "**Confidence:** {p}%", "Confidence level: {p}%.",
           "I'm {p}% sure.", "I am {p}% confident.", "Certainty: {p}%"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    answer=st.integers(1, 999),
    percent=st.integers(0, 100),
    label=st.sampled_from(_LABELS),
    marker=st.sampled_from(["", "Answer: {a}\n", "**Answer:** {a}\n", "The answer is {a}.\n"]),
)
@example(answer=18, percent=95, label="**Confidence:** {p}%", marker="**Answer:** {a}\n")
def test_a_confidence_pays_the_answer_and_never_its_percent(
    answer: int, percent: int, label: str, marker: str
) -> None:
    reply = f"She makes ${answer} every day.\n" + marker.format(a=answer) + label.format(p=percent)
    assert read(reply) == (str(answer), None), reply
    assert paid(reply, str(answer)) == 1.0, reply
    if percent != answer:
        assert paid(reply, str(percent)) == 0.0, reply
