"""A final "sentence" that is only a bracketed remark (rftkit.rewards.bracket_remarks).

``Janet makes $18 every day. (9 x $2)`` answers 18, as ``Janet makes $18 every day (9 x
$2).`` does: the remark is read as a closing remark of the sentence before it, unless it
states a value of its own. Each table gives the reading before in a comment.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
import rftkit.rewards.extract as extract_module
from rftkit.rewards.bracket_remarks import FLAG, remark_group
from rftkit.rewards.extract import Extractor
from rftkit.rewards.types import Sample

QUESTION = (
    "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes "
    "muffins for her friends every day with four. She sells the remainder at the farmers' "
    "market daily for $2 per fresh duck egg. How much in dollars does she make every day at "
    "the farmers' market?"
)
WORK = "She sells 9 eggs at $2.\n"
EX = Extractor()
GRADER = rftkit.load_grader("gsm8k")


def read(reply: str, prompt: object = None, work: str = WORK) -> tuple[object, ...]:
    """``(answer, rejected, flagged)``, checking the fast paths against the general one."""
    text = work + reply
    found = EX(text, prompt=prompt)
    assert found == EX.general(text, prompt), reply
    return found.answer, found.rejected, FLAG in found.flags


def _passthrough(_ex: object, _rule: str, found: object, *_rest: object) -> object:
    return found


def read_before(reply: str, prompt: object = None, work: str = WORK) -> tuple[object, ...]:
    """The reading without the policy (its hook passes the reading through)."""
    with mock.patch.object(extract_module, "bracket_remark", _passthrough):
        return read(reply, prompt, work)[:2]


# (reply's end, answer now, refusal now; the reading before in the comment)
NOW_READ = [
    ("Janet makes $18 every day. (9 × $2)", "18", None),  # was 2, several_numbers
    ("Janet makes $18 every day. \U0001f4b0 (9 × $2)", "18", None),  # was 2, several_numbers
    ("Janet makes $18 every day.\n> (9 eggs x $2)", "18", None),  # was 2, several_numbers
    ("She makes $18 a day. (Not $20.)", "18", None),  # was 20
    ("She makes $18 a day.\n(She sells 9 eggs.)", "18", None),  # was 9
    ("She makes $18. (That is $126 a week.)", "18", None),  # was 126
    ("She makes $18 a day. ($126 a week)", "18", None),  # was 126
    ("Daily earnings = 9 x $2 = $18\n\n(16 - 3 - 4 = 9 eggs sold)", "18", None),  # was 9
]


@pytest.mark.parametrize(("reply", "answer", "rejected"), NOW_READ)
@pytest.mark.parametrize("prompt", [None, QUESTION])
def test_a_remark_after_the_full_stop_is_read_as_a_closing_remark(
    reply: str, answer: str, rejected: str | None, prompt: str | None
) -> None:
    if prompt is None:  # (with the question, givens.py read some of them already)
        assert read_before(reply, prompt) != (answer, rejected)
    assert read(reply, prompt)[:2] == (answer, rejected)
    # the same text without the full stop (and the remark's own stop) reads the same
    head, _, remark = reply.rpartition("(")
    joined = head.rstrip(" \n.\U0001f4b0>") + " (" + remark.rstrip(".)") + ")."
    assert read(joined, prompt)[:2] == (answer, rejected)


# Read as before: a hedge (several answers either way), a remark that concludes, a value of
# its own after a statement of inputs only, no sentence before, a refused sentence before.
READ_AS_BEFORE = [
    ("She makes $18. (Or maybe $20.)", None),  # several answers
    ("So the total is 9 x 2. (18)", "18"),  # the arithmetic's result
    ("The eggs sold are 9. (She makes $18.)", "18"),  # a statement of its own
    ("She makes $20 a day. (So she makes $18.)", "18"),  # a conclusion
    ("She gets 9 eggs x $2. (18)", "18"),  # the result of the arithmetic before it (reads 2)
    ("(She makes $18.)", "18"),  # no sentence before
    ("She makes $18 or $20. (9 × $2)", None),  # the sentence before is refused
    ("She makes $18 a day. (Yum!)", "18"),  # no number in the remark: as before
    ("She makes $18 a day. (See above.) (Not $20.)", "20"),  # a remark on a remark
    ("So she makes $18. (This is 2 more than $16.)", "18"),  # read alone: a relation
]


@pytest.mark.parametrize(("reply", "answer"), READ_AS_BEFORE)
def test_a_remark_that_states_its_own_value_or_hedges_reads_as_before(
    reply: str, answer: str | None
) -> None:
    before = read_before(reply, work="")
    now = read(reply, work="")
    assert now[:2] == before
    if answer is None:
        assert now[1] is not None  # refused
    else:
        assert now[:2] == (answer, None)


def test_a_remark_after_a_sentence_with_a_remark_reads_as_the_joined_sentence() -> None:
    # Joined: "She makes $18 a day (9 x $2) (Not $20)." - refused (several numbers), as
    # that text is; 20 was paid before.
    reply = "She makes $18 a day (9 x $2). (Not $20.)"
    assert read_before(reply, work="") == ("20", None)
    assert read(reply, work="") == ("2", "several_numbers", True)
    assert read("She makes $18 a day (9 x $2) (Not $20).", work="")[:2] == ("2", "several_numbers")


def test_a_bold_value_in_the_equation_before_is_the_statement() -> None:
    # "= **$18**" read as a final sentence is several answers; the bold rule reads the line
    # as 18 (and the joined text, "... = **$18** (16 - 3 - 4 = 9 eggs sold).", pays 18).
    reply = "Daily earnings = 9 \u00d7 $2 = **$18**\n\n(16 \u2212 3 \u2212 4 = 9 eggs sold)"
    assert read_before(reply, work="") == ("9", None)
    assert read(reply, work="") == ("18", None, True)
    joined = "Daily earnings = 9 \u00d7 $2 = **$18** (16 - 3 - 4 = 9 eggs sold)."
    assert _grade(joined, 18) > 0.5
    assert _grade(reply, 18) > 0.5
    assert _grade(reply, 9) < 0.5
    # Read as before: the line's one bold value is not what it reads without the marks.
    other = "**9** eggs \u00d7 $2 = $18\n\n(16 - 3 - 4 = 9 eggs sold)"
    assert read(other, work="")[:2] == read_before(other, work="")


def test_a_hedged_remark_stays_several_answers() -> None:
    answer, rejected, _ = read("She makes $18. (Or maybe $20.)")
    assert rejected == "multiple_answers", answer


@pytest.mark.parametrize(
    "reply",
    [
        "**18**\n(If rounding, 20.)",  # hypothesis found it paid (test_alternatives)
        "So she makes $18.\n(If rounding, $20.)",
        "So she makes $18. (Answer 2: $20)",
        "So she makes $18. ($18 or $20)",
    ],
)
def test_a_remark_that_offers_a_second_answer_is_several_answers(reply: str) -> None:
    assert read(reply)[1] == "multiple_answers", reply


GROUPS = [
    ("(9 x $2)", "9 x $2"),
    (" \U0001f4b0 (9 x $2).", "9 x $2"),
    ("**(Not $20.)**", "Not $20."),
    ("> (18)", "18"),
    ("(a) (b)", None),  # two groups
    ("(9 x (2))", None),  # nested
    ("\\(18\\)", None),  # LaTeX inline math
    ("()", None),
    ("(18)?", None),
    ("So (18).", None),
]


@pytest.mark.parametrize(("s", "inner"), GROUPS)
def test_remark_group_is_one_whole_bracket_group(s: str, inner: str | None) -> None:
    assert remark_group(s) == inner


STATEMENTS = [
    "She makes ${a} a day",
    "Janet makes {a} dollars every day",
    "So the total is {a} dollars",
]
REMARKS = [
    "{x} × ${y}",
    "{x} eggs x ${y}",
    "Not ${b}",
    "not {b}",
    "{x} eggs at ${y} each",
    "that is {x} eggs times ${y}",
    "or maybe ${b}",
    "or {b}",
]


def _grade(reply: str, reference: int) -> float:
    return GRADER(Sample.from_text(response=reply, reference=str(reference))).score


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 999),
    st.integers(1, 999),
    st.integers(2, 99),
    st.integers(2, 99),
    st.sampled_from(STATEMENTS),
    st.sampled_from(REMARKS),
    st.sampled_from([" ", "\n", " \U0001f4b0 "]),
    st.sampled_from(["", "."]),
)
@example(18, 20, 9, 2, "She makes ${a} a day", "Not ${b}", " ", ".")
@example(18, 20, 9, 2, "She makes ${a} a day", "or maybe ${b}", "\n", "")
def test_a_remark_after_the_stop_reads_as_the_text_without_the_stop(
    a: int, b: int, x: int, y: int, statement: str, remark: str, sep: str, stop: str
) -> None:
    s = statement.format(a=a)
    r = remark.format(b=b, x=x, y=y)
    split = read(f"{s}.{sep}({r}{stop})")
    joined = read(f"{s} ({r}).")
    if joined[1] is not None:  # refused both: the refusal, not the value shown, counts
        assert split[1] == joined[1], (s, r, split, joined)
    else:
        assert split[:2] == joined[:2], (s, r)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 999),
    st.integers(1, 999),
    st.integers(2, 99),
    st.sampled_from(STATEMENTS),
    st.sampled_from([*REMARKS, "She makes ${b}.", "So {b}.", "{b}", "That is ${b} a week."]),
    st.sampled_from([None, QUESTION]),
)
@example(18, 20, 9, "She makes ${a} a day", "or maybe ${b}", None)
def test_a_reply_with_a_remark_is_never_paid_for_two_values(
    a: int, b: int, x: int, statement: str, remark: str, prompt: str | None
) -> None:
    reply = f"{WORK}{statement.format(a=a)}. ({remark.format(b=b, x=x, y=2)})"
    paid = [v for v in {a, b} if _grade_with(reply, v, prompt) > 0.5]
    assert len(paid) <= 1, (reply, paid)
    if a != b and remark.startswith("or"):
        assert not paid, reply  # a hedged remark pays neither


def _grade_with(reply: str, reference: int, prompt: str | None) -> float:
    sample = Sample.from_text(response=reply, reference=str(reference))
    if prompt is not None:
        sample = Sample.from_text(response=reply, reference=str(reference), prompt=prompt)
    return GRADER(sample).score
