"""Offers and corrections the reader paid for one value until session 12 (offers.py,
tool_outputs.py; docs/graders.md, "Offered answers" and "How the final answer is found").

Four classes, each read wrong before (the old reading is in each case's comment):
(a) a label before a program's output block (``Second answer:\\n```output\\n20\\n```` ``),
paid by ``tool_output``; (b) a list of candidates followed by a line without a digit, and a
list of candidates in bold (``- **18**\\n- **20**``), paid for its last item; (c) an explicit
correction after a program's output (``Wait, I made an error: ... $20.``), paid for the
output; (d) a label more than 24 characters before its answer (``Second possible answer, if
...: **20**``), or one without ``answer`` (``Other value: 20.``), paid for the offer.

Both directions: each is refused (``multiple_answers``), and what offers nothing keeps its
reading (the same value again, a program's output restated with other numbers, a list of
steps, a candidate list followed by a final answer). Every case is read by the general path
too, which must agree with the fast path.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit.rewards.extract import Extractor
from tests.prose import assert_paid_for, assert_paid_for_none

_EX = Extractor()
_WORK = "She sells 9 eggs at $2 each.\n"
_PROGRAM = "```python\nprint(9 * 2)\n```\n```output\n18\n```\n"
_GRADER = rftkit.load_grader("gsm8k")


def _read(text: str) -> tuple[object, ...]:
    found = _EX(text)
    assert found == _EX.general(text), text  # the fast path reads as the general one
    return found.answer, found.rule, found.rejected


# -- (a) a label before a program's output ---------------------------------------------------

_LABELLED_OUTPUTS = [
    _PROGRAM + "Second answer:\n```output\n20\n```",  # 20 tool_output
    _PROGRAM + "Second answer:\n\n```output\n20\n```",
    _PROGRAM + "Second answer: ```output\n20\n```",
    _PROGRAM + "Alternative answer:\n```output\n20\n```",
    _PROGRAM + "Another possible answer:\n```output\n20\n```",
    _PROGRAM + "Alternatively:\n```output\n20\n```",
    _PROGRAM + "Second answer:\n```output\n20\n```\nDone.",
    _WORK + "So she makes $18.\nSecond answer:\n```output\n20\n```",
    _WORK + "So she makes $18.\nPossible answer:\n```output\n20\n```",
    _WORK + "The answer is 18.\nSecond answer:\n```output\n20\n```",
    _WORK + "The answer is 18.\nAlternative: ```output\n20\n```",
]


@pytest.mark.parametrize("reply", _LABELLED_OUTPUTS)
def test_a_label_before_a_program_output_is_several_answers(reply: str) -> None:
    assert _read(reply)[2] == "multiple_answers"


_ONE_OUTPUT = [
    (_PROGRAM + "Second answer:\n```output\n18\n```", "18"),  # the same value
    (_PROGRAM + "Let me run it again:\n```python\nprint(9 * 2)\n```\n```output\n20\n```", "20"),
    ("Let me compute it.\n```python\nprint(10 * 2)\n```\n```output\n20\n```", "20"),
    (_WORK + "She sells 9 eggs.\nPossible answer:\n```output\n18\n```", "18"),
]


@pytest.mark.parametrize(("reply", "answer"), _ONE_OUTPUT)
def test_a_program_output_without_an_offer_is_read(reply: str, answer: str) -> None:
    assert _read(reply)[:3] == (answer, "tool_output", None)


# -- (b) a list of candidates, then a line without a digit; a list in bold --------------------

_LISTS = [
    "Possible answers:\n- 18\n- 20\nI am not sure which one.",  # 20 last_number
    "Possible answers:\n- 18\n- 20\n\nHope this helps!",  # 20 last_number
    "Candidates:\n1. $18\n2. $20\nI cannot decide.",  # 20 last_number
    "**Candidates:**\n* 18\n* 20\nNot sure.",  # 20 last_number
    "Possible answers:\n- 18 dollars\n- 20 dollars\nUnsure.",  # 20 last_number
    "Possible answers:\n- **18**\n- **20**",  # 20 bold
    "Possible answers:\n1. **18**\n2. **20**",  # 20 bold
    "Possible answers:\n- **18**\n- **20**\nI am not sure which one.",  # 20 last_number
]


@pytest.mark.parametrize("reply", _LISTS)
def test_a_list_of_candidates_then_a_remark_is_several_answers(reply: str) -> None:
    assert _read(_WORK + reply)[2] == "multiple_answers"


_KEPT_LISTS = [
    ("Possible answers:\n- 18\n- 20\n\nSo she makes $18.", "18"),
    ("Steps:\n- 9 eggs\n- $2 each\n- total 18\nDone.", "18"),
    ("Steps:\n- **9** eggs\n- **18** dollars", "18"),
    ("Possible answers:\n- **18**\n- **18**", "18"),
    ("So she makes:\n**18**", "18"),
    ("- **18**", "18"),
]


@pytest.mark.parametrize(("reply", "answer"), _KEPT_LISTS)
def test_a_list_that_offers_one_value_is_read(reply: str, answer: str) -> None:
    read = _read(_WORK + reply)
    assert read[0] == answer and read[2] is None, read


# -- (c) a correction after a program's output ------------------------------------------------

_CORRECTIONS = [
    "Wait, I made an error: she sells 10 eggs, so she makes $20.",  # 18 tool_output
    "Actually, she sells 10 eggs, so she makes $20.",
    "Correction: she makes $20.",
    "Wait, the answer is 20.",
    "Oops, I made a mistake. She makes $20.",
    "Actually, the answer is **20**.",
    "Hold on, that is wrong. She makes $20 every day.",
    "Sorry, I miscounted: she makes $20.",
    "Let me recalculate: 10 x 2 = 20.",
    "On second thought, she makes $20.",
]


@pytest.mark.parametrize("after", _CORRECTIONS)
def test_a_correction_after_a_program_output_is_several_answers(after: str) -> None:
    assert _read(_PROGRAM + after) == ("18", "tool_output", "multiple_answers")


_RESTATED = [
    "It took 45 minutes.",
    "After 78 minutes of work over 2 days in 2023, the program gives 18 as the result.",
    "She had to wait 45 minutes at the market.",
    "The program ran without errors in 3 seconds.",
    "So she makes $18 every day, after 45 minutes at the market.",
    "So she makes $20.",  # a restating sentence does not override the output (policy)
    "Wait, 9 x 2 = 18, so she makes $18.",
    "Wait, let me double-check: 9 eggs x $2 = $18. Yes, $18.",
    "Actually, that is right: $18.",
    "Wait, that's right.",
]


@pytest.mark.parametrize("after", _RESTATED)
def test_a_program_output_restated_is_read(after: str) -> None:
    assert _read(_PROGRAM + after) == ("18", "tool_output", None)


# Session 14 closed the gaps pinned here in session 13 (tests/unit/test_asides_hedges.py
# holds their classes): a short label without "answer" or a colon, a blank line between a
# label and its program, one sentence after the output with an offer in its middle.
_CLOSED = [
    (_WORK + "So she makes $18.\nOther value is 20.", "20", "final_sentence"),  # 20
    (
        _PROGRAM + "Second answer:\n\n```python\nprint(10 * 2)\n```\n```output\n20\n```",
        "20",
        "tool_output",
    ),
    (_PROGRAM + "She might also make $20.", "18", "tool_output"),  # 18
    (_PROGRAM + "That's wrong; she makes $20.", "18", "tool_output"),  # 18
]


@pytest.mark.parametrize(("reply", "answer", "rule"), _CLOSED)
def test_the_gaps_session_13_pinned_are_several_answers(reply: str, answer: str, rule: str) -> None:
    assert _read(reply) == (answer, rule, "multiple_answers")


# These remain, each for its cost (docs/graders.md, "A hedge after a connective, an
# interjection or a sign"): one sentence after a program's output whose offer sits in its
# middle and that ends in words, not a value (the probe for it tests the last character).
_GAPS = [
    (_PROGRAM + "She might also make $20 a day.", "18"),
    (_PROGRAM + "That is wrong; she makes $20 a day.", "18"),
]


@pytest.mark.parametrize(("reply", "answer"), _GAPS)
def test_the_documented_gaps_read_as_documented(reply: str, answer: str) -> None:
    assert _read(reply) == (answer, "tool_output", None)


def test_keeping_the_last_answer_reads_the_output() -> None:
    last = Extractor(conflict="last")
    assert last(_PROGRAM + "Wait, I made an error: she makes $20.").rejected is None
    assert last(_PROGRAM + "Second answer:\n```output\n20\n```").answer == "20"


# -- (d) a label far before its answer, a label without "answer" ------------------------------

_FAR_LABELS = [
    "So she makes $18.\nSecond possible answer, if the eggs are counted differently: 20.",  # 20
    "So she makes **$18**.\nSecond possible answer, if the eggs are counted differently: **20**",
    "So she makes $18.\nSecond possible answer, if counted differently: \\boxed{20}",  # boxed
    "So she makes **$18**.\nAnother answer, counting the 3 eggs she eats, would be **$20**",
    "So she makes $18.\nSecond answer: The final answer is $\\boxed{20}$.",  # 20 boxed
    "The answer is 18.\nSecond answer: The final answer is $\\boxed{20}$.",  # 20 boxed
    "So she makes $18.\nA different answer, counting the eggs she eats: 20.",
    "So she makes $18.\nAdditional answer: $20.",
    "**18**\nOr possibly **20**",  # 20 bold
    "The answer is 18.\nOr possibly #### 20",  # 20 hash
    "So she makes $18.\nOr maybe \\boxed{20}",  # 20 boxed
]


@pytest.mark.parametrize("reply", _FAR_LABELS)
def test_a_label_far_before_its_answer_is_several_answers(reply: str) -> None:
    assert _read(_WORK + reply)[2] == "multiple_answers"


_FAR_KEPT = [
    ("So she makes $18.\nSecond possible answer, if the eggs are counted differently: 18.", "18"),
    ("The possible answer, after 9 x 2, is **18**", "18"),
    ("She sells 9 eggs.\nPossible answer, counting all of them: **18**", "18"),
    ("So she makes $18.\nNote: 9 eggs at $2.", "18"),  # a colon alone offers nothing
    ("Time: 18.", "18"),
    ("The answer for Janet is \\boxed{18}.", "18"),  # "or " in "for": no modal
    ("So she makes $18.\nOr \\boxed{18}.", "18"),  # the same value
]


@pytest.mark.parametrize(("reply", "answer"), _FAR_KEPT)
def test_a_far_label_that_offers_nothing_keeps_the_reading(reply: str, answer: str) -> None:
    read = _read(_WORK + reply)
    assert read[0].lstrip("$") == answer and read[2] is None, read  # type: ignore[union-attr]


# -- never paid: the classes over generated values --------------------------------------------

_SHAPES = [
    _PROGRAM.replace("18", "{a}") + "Second answer:\n```output\n{b}\n```",
    _PROGRAM.replace("18", "{a}") + "Alternatively:\n```output\n{b}\n```",
    _PROGRAM.replace("18", "{a}") + "Wait, I made an error: she makes ${b}.",
    _PROGRAM.replace("18", "{a}") + "Actually, the total is {b}.",
    _PROGRAM.replace("18", "{a}") + "Correction: {b}.",
    "Possible answers:\n- {a}\n- {b}\nI am not sure which one.",
    "Possible answers:\n- **{a}**\n- **{b}**",
    "So she makes ${a}.\nSecond possible answer, if the eggs are counted differently: {b}.",
    "So she makes **${a}**.\nSecond possible answer, if the eggs are counted differently: **{b}**",
    "The answer is {a}.\nSecond answer: The final answer is $\\boxed{{{b}}}$.",
    # an alternative put in others' mouths (the lead, session 12)
    "So she makes ${a}. Others might argue ${b}.",
    "So she makes ${a}. One could also argue for ${b}.",
    "The answer is {a}; some might say {b}.",
    "So she makes ${a}. You could argue it's ${b}.",
    "So she makes ${a}. Arguably ${b}.",
]


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(_SHAPES))
@example(18, 20, _SHAPES[0])
@example(0, 1, _SHAPES[2])
def test_an_offer_or_a_correction_is_never_paid(a: int, b: int, shape: str) -> None:
    if a == b:
        return
    assert_paid_for_none(_WORK + shape.format(a=a, b=b), str(a), str(b))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(1, 10**6),
    st.sampled_from(
        [
            "```output\n{a}\n```\nIt took {c} minutes.",
            "```output\n{a}\n```\nAfter {c} minutes of work, the program gives {a} as the result.",
            "```output\n{a}\n```\nShe had to wait {c} minutes.",
            "```output\n{a}\n```\nWait, let me double-check: {a}. Yes, {a}.",
            "Possible answers:\n- {c}\n- {a}\n\nSo she makes ${a}.",
            "So she makes ${a}.\nSecond possible answer, if counted differently: {a}.",
            "Steps:\n- **{c}** eggs\n- **{a}** dollars",
            "So she makes ${a}. Others might argue ${a} too.",
            "So she makes ${a}. One might say she makes {a} x 1 = ${a}.",
        ]
    ),
)
def test_a_reply_that_offers_one_value_is_paid(a: int, c: int, shape: str) -> None:
    assert_paid_for(_WORK + shape.format(a=a, c=c), str(a))
