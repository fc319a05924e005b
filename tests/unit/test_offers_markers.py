"""Offers after a program's output and right before a marker, closed in session 13
(tool_outputs.py, offers.py; docs/graders.md, "Offered answers after a program's output and
before a marker").

Six classes, each paid for one value before (the old reading is in each case's comment,
main at the session start): (a) a label on the line above the program whose output follows
(``Second answer:\\n```python ...```\\n```output\\n20\\n````); (b) a correction later in the
text after a program's output (``So she makes $18. Wait, I made an error: ... $20.``,
``The program is wrong: ...``); (c) an answer statement, a marker below the output or an
offer after it with another value (``The answer is 20.``, ``**$20**``, ``Other value:
20.``, ``Or possibly 20.``); (d) a bold list of candidates under a heading without
``answer`` (``Candidates:\\n- **18**\\n- **20**``); (e) a short label without ``answer`` as
the final sentence (``Other value: 20.``) or before a marker (``Other value: **20**``);
(f) an opener right before a marker (``Maybe <answer>20</answer>``, ``Perhaps **20**``,
``Or possibly <answer>20</answer>``).

Both directions: each is refused (``multiple_answers``), and what states one value keeps
its reading (a restating sentence with other numbers, ``Step 2:`` above a program, one
candidate). Every case is read by the general path too, which must agree with the fast
path; the cheap test before ``offers.named_answer`` is held to the ungated reading.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit.rewards import offers
from rftkit.rewards.extract import Extractor
from rftkit.rewards.offers import near_stems
from rftkit.rewards.types import Sample
from tests.prose import assert_paid_for, assert_paid_for_none

_EX = Extractor()
_WORK = "She sells 9 eggs at $2 each.\n"
_PROGRAM = "```python\nprint(9 * 2)\n```\n```output\n18\n```\n"
_SECOND = "```python\nprint(10 * 2)\n```\n```output\n20\n```"
_GRADER = rftkit.load_grader("gsm8k")


def _read(text: str) -> tuple[object, ...]:
    found = _EX(text)
    assert found == _EX.general(text), text  # the fast path reads as the general one
    return found.answer, found.rule, found.rejected


def _paid(text: str, reference: str) -> bool:
    return _GRADER(Sample.from_text(response=text, reference=reference)).score >= 0.5


_SEVERAL = [
    # (a) a label above the program that printed the output (20 tool_output)
    _PROGRAM + "Second answer:\n" + _SECOND,
    _PROGRAM + "Another possible answer:\n" + _SECOND,
    _PROGRAM + "Alternatively:\n" + _SECOND,
    "So she makes $18.\nSecond answer:\n" + _SECOND,
    "The answer is 18.\nSecond answer:\n" + _SECOND,
    _PROGRAM + "Second answer:\n```py\nprint(10*2)\n```\n```output\n20\n```",
    _PROGRAM + "Alternative answer:\n```javascript\nconsole.log(10*2)\n```\n```output\n20\n```",
    # (b) a correction later after the output (18 tool_output)
    _PROGRAM + "So she makes $18. Wait, I made an error: she makes $20.",
    _PROGRAM + "The program is wrong: she makes $20.",
    _PROGRAM + "So she makes $18.\nActually, she makes $20.",
    _PROGRAM + "So she makes $18 every day.\n\nWait, I made an error: she makes $20.",
    _PROGRAM + "Hmm, that's not right. She makes $20.",
    # (c) an answer statement, a marker below the output, an offer (18 tool_output)
    _PROGRAM + "The answer is 20.",
    _PROGRAM + "Final Answer: 20",
    _PROGRAM + "Answer: 20",
    _PROGRAM + "So the answer is 20.",
    _PROGRAM + "So she makes **$20**.",
    _PROGRAM + "Other value: 20.",
    _PROGRAM + "Second answer: 20",
    _PROGRAM + "Or possibly 20.",
    _PROGRAM + "It could also be 20.",
    _PROGRAM + "Maybe 20.",
    _PROGRAM + "Alternatively, 20.",
    _PROGRAM + "20",
    # (d) a bold list under a heading without "answer" (20 bold)
    "Candidates:\n- **18**\n- **20**",
    "Candidates:\n* **$18**\n* **$20**",  # $20 bold
    "Options:\n1. **18**\n2. **20**",
    "So she makes $18.\nPossibilities:\n- **18**\n- **20**",
    "Choices:\n(a) **18**\n(b) **20**",
    "Candidates:\n- **18** dollars\n- **20** dollars",
    # (e) a short label without "answer" (20 final_sentence, or the marker's rule)
    "So she makes $18.\nOther value: 20.",
    "So she makes $18.\nOther option: 20.",
    "So she makes $18.\nSecond value: $20",
    "So she makes $18.\nPossible value: 20.",
    "So she makes $18.\nOther possibility: 20.",
    "**$18**\nOther value: 20.",
    "So she makes $18.\nOther value: **20**",  # 20 bold
    "So she makes $18.\nOther value: \\boxed{20}",  # 20 boxed
    "So she makes $18.\nOther value: <answer>20</answer>",  # 20 answer_tag
    # (f) an opener right before a marker (20, the marker's rule)
    "So she makes $18.\nMaybe <answer>20</answer>",
    "So she makes $18.\nOr possibly <answer>20</answer>",
    "So she makes $18.\nPerhaps <answer>20</answer>",
    "So she makes $18.\nPossibly <answer>20</answer>",
    "So she makes $18.\nAlternatively, <answer>20</answer>",
    "The answer is 18.\nMaybe <answer>20</answer>",
    "**18**\nMaybe <answer>20</answer>",
    "So she makes $18.\nMaybe \\boxed{20}",
    "So she makes $18.\nPerhaps **20**",
    "So she makes $18.\nMaybe #### 20",
    "So she makes $18. Maybe **20**",
]


@pytest.mark.parametrize("reply", _SEVERAL)
def test_an_offer_or_a_second_answer_is_several_answers(reply: str) -> None:
    assert _read(_WORK + reply)[2] == "multiple_answers"
    assert not _paid(_WORK + reply, "18") and not _paid(_WORK + reply, "20")


_KEPT = [
    # a restating sentence with other numbers keeps the output (policy)
    (_PROGRAM + "It took 20 minutes to run.", "18"),
    (_PROGRAM + "So she makes $18 every day, 9 eggs x $2.", "18"),
    (_PROGRAM + "So she makes $20.", "18"),
    (_PROGRAM + "The answer is 18. It took 20 minutes.", "18"),
    (_PROGRAM + "The answer is 18 dollars per day.", "18"),
    (_PROGRAM + "Janet makes $18 every day. It took 20 minutes to compute.", "18"),
    (_PROGRAM + "Janet makes $18 every day. The code ran in 0.5 seconds.", "18"),
    (_PROGRAM + "She had to wait 45 minutes. So she makes $18.", "18"),
    (_PROGRAM + "Note: this took 20 ms.", "18"),
    (_PROGRAM + "The program printed 18, so she makes $18.", "18"),
    (_PROGRAM + "Answer: 18", "18"),
    (_PROGRAM + "**18**", "18"),
    (_PROGRAM + "18", "18"),
    (_PROGRAM + "So Janet makes $18.00 every day.", "18"),
    # a label that names no answer above a program: a step
    (_PROGRAM + "Step 2:\n" + _SECOND, "20"),
    ("Step 1:\n```python\nprint(16-3-4)\n```\n```output\n9\n```\nStep 2:\n" + _PROGRAM, "18"),
    ("Now the money:\n" + _PROGRAM, "18"),
    (_PROGRAM + "Second answer:\n```python\nprint(9 * 2)\n```\n```output\n18\n```", "18"),
    # one candidate, or the same value twice
    ("Candidates:\n- **18**", "18"),
    ("Candidates:\n- **18**\n- **18**", "18"),
    ("Steps:\n- **9** eggs\n- **$18** total", "$18"),
    ("Candidates:\n- **$18**\n\nSo she makes **$18**.", "$18"),
    # an opener after working, or before the same value
    ("Maybe <answer>20</answer>", "20"),
    ("So she makes $18.\nMaybe <answer>18</answer>", "18"),
    ("She sells 9 eggs.\nMaybe \\boxed{18}", "18"),
    ("Possibly **18**", "18"),
    ("So she makes $18.\nTotal: **18**", "18"),
    ("So she makes $18.\nOther value: 18.", "18"),
]


@pytest.mark.parametrize(("reply", "answer"), _KEPT)
def test_a_reply_that_states_one_value_keeps_its_reading(reply: str, answer: str) -> None:
    read = _read(_WORK + reply)
    assert read[0] == answer and read[2] is None, read


def test_keeping_the_last_answer_reads_no_offer() -> None:
    last = Extractor(conflict="last")
    assert last(_WORK + _PROGRAM + "The answer is 20.").answer == "18"
    assert last(_WORK + _PROGRAM + "Second answer:\n" + _SECOND).answer == "20"
    assert last(_WORK + "So she makes $18.\nMaybe <answer>20</answer>").answer == "20"


def test_the_cheap_test_before_a_marker() -> None:
    assert near_stems("So she makes $18.\nMaybe \\boxed{", "boxed")
    assert near_stems("makes $18.\nOther value: **", "bold")
    assert near_stems("Candidates:\n- **18**\n- **", "bold")
    assert not near_stems("Steps\n- \\boxed{18}\n- \\boxed{", "boxed")
    assert not near_stems("So the final answer is $\\boxed{", "boxed")


# -- never paid: the classes over generated values --------------------------------------------

_SHAPES = [
    _PROGRAM.replace("18", "{a}") + "Second answer:\n```python\nprint(b)\n```\n```output\n{b}\n```",
    _PROGRAM.replace("18", "{a}") + "So she makes ${a}. Wait, I made an error: she makes ${b}.",
    _PROGRAM.replace("18", "{a}") + "The program is wrong: she makes ${b}.",
    _PROGRAM.replace("18", "{a}") + "The answer is {b}.",
    _PROGRAM.replace("18", "{a}") + "So she makes **${b}**.",
    _PROGRAM.replace("18", "{a}") + "Other value: {b}.",
    _PROGRAM.replace("18", "{a}") + "Or possibly {b}.",
    "Candidates:\n- **{a}**\n- **{b}**",
    "Options:\n1. **${a}**\n2. **${b}**",
    "So she makes ${a}.\nOther value: {b}.",
    "So she makes ${a}.\nOther value: **{b}**",
    "So she makes ${a}.\nMaybe <answer>{b}</answer>",
    "<answer>{a}</answer>\nOr possibly <answer>{b}</answer>",
    "So she makes ${a}.\nPerhaps \\boxed{{{b}}}",
    "So she makes ${a}.\nMaybe #### {b}",
]


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(_SHAPES))
@example(18, 20, _SHAPES[0])
@example(0, 1, _SHAPES[3])
def test_an_offer_is_never_paid_for_either_value(a: int, b: int, shape: str) -> None:
    if a == b:
        return
    assert_paid_for_none(_WORK + shape.format(a=a, b=b), str(a), str(b))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(1, 10**6),
    st.sampled_from(
        [
            "```output\n{a}\n```\nIt took {c} minutes to run.",
            "```output\n{a}\n```\nSo she makes ${a} every day, {c} eggs x $1.",
            "```output\n{a}\n```\nThe answer is {a}. It took {c} minutes.",
            "```output\n{a}\n```\nJanet makes ${a} every day. It took {c} seconds.",
            "Step {c}:\n```python\nprint({a})\n```\n```output\n{a}\n```",
            "Candidates:\n- **{a}**",
            "So she makes ${a}.\nOther value: {a}.",
            "She sells {c} eggs.\nMaybe \\boxed{{{a}}}",
        ]
    ),
)
def test_a_reply_that_states_one_value_is_paid(a: int, c: int, shape: str) -> None:
    assert_paid_for(_WORK + shape.format(a=a, c=c), str(a))


# -- the cheap test before offers.named_answer, held to the ungated reading ------------------

_BEFORE = ["So she makes ${a}.", "The answer is {a}.", "**{a}**", "She sells 9 eggs.", ""]
# (a label or an opener after a line's start or a sentence's stop, as the cheap test reads)
_SEP = ["\n", "\n\n", ". "]
# (within the cheap test's reach: the 24 characters before the answer hold the marker too)
_NEARBY = [
    "Maybe ",
    "Perhaps ",
    "Possibly ",
    "Or possibly ",
    "Alternatively, ",
    "Other value: ",
    "Other option:",
    "Total: ",
    "Step 2: ",
    "or ",
    "It could also be ",
    "maybe ",
    "- ",
    "1. ",
    "",
    "So ",
    "Maybe it is ",
]
_MARKERS = ["**{b}**", "\\boxed{{{b}}}", "<answer>{b}</answer>", "#### {b}", "**${b}**"]


def _ungated(text: str) -> object:
    """The reading with named_answer's cheap test removed: its search for "answer" near the
    marker always finds one, so the inline copy and named_answer run the rest for every
    marker answer."""
    saved = offers._NEAR[:]
    offers._NEAR[:] = [re.compile("")]
    try:
        return Extractor()(text)
    finally:
        offers._NEAR[:] = saved


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_BEFORE),
    st.sampled_from(_SEP),
    st.sampled_from(_NEARBY),
    st.sampled_from(_MARKERS),
    st.integers(0, 999),
    st.integers(0, 999),
)
@example("So she makes ${a}.", "\n", "Maybe ", "<answer>{b}</answer>", 18, 20)
@example("", "\n", "- ", "**{b}**", 18, 20)
def test_the_cheap_test_before_a_marker_skips_no_offer(
    before: str, sep: str, nearby: str, marker: str, a: int, b: int
) -> None:
    text = _WORK + before.format(a=a) + sep + nearby + marker.format(b=b)
    assert Extractor()(text) == _ungated(text), text


def test_the_ungated_reading_differs_where_the_gate_bounds_the_reach() -> None:
    # (the check above can fail: a label farther than the cheap test looks is read ungated)
    text = _WORK + "So she makes $18.\nAlternatively, counting every egg she has, **20**"
    assert Extractor()(text).rejected is None
    assert _ungated(text).rejected == "multiple_answers"  # type: ignore[attr-defined]
