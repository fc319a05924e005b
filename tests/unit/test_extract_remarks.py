"""A bracketed remark after the answer: a hedge when it offers another value, else not read.

``The answer is 18 (or 20).`` and ``So she has 18 apples (or 20).`` offer two values, the
way ``18 or 20`` does: several answers, never paid (the final-sentence reading paid the 20
of the second one). ``She makes 18 dollars a day (9 eggs x $2).`` explains its answer: the
remark is not read, so the answer is 18, not the 2 that ends the sentence.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.extract import Extractor

WORK = "She has 16 - 3 - 4 = 9 eggs.\n"


def _read(reply: str) -> tuple[object, ...]:
    ext = Extractor()(WORK + reply)
    return (ext.answer, ext.rule, ext.rejected)


@pytest.mark.parametrize(
    "reply",
    [
        "The answer is 18 (or 20).",
        "The answer is 18 (or maybe 20).",
        "The answer is 18 (possibly 20).",
        "The answer is 18 (perhaps 20 apples).",
        "The answer is **18** (or 20).",
        "So the answer is 18 (Or 20).",
        "So she has 18 apples (or 20).",
        "So she has 18 apples (maybe 20).",
        "She makes $18 a day (or $20).",
        "She makes 9 * 2 = $18 a day (or perhaps $20).",
    ],
)
def test_a_remark_that_offers_another_value_is_a_hedge(reply: str) -> None:
    for ref in ("18", "20"):
        reward = rftkit.load_grader("gsm8k")(Sample.from_text(response=WORK + reply, reference=ref))
        assert reward.metric("correct") == 0.0, (reply, ref, reward)
    assert _read(reply)[2] in {"several_numbers", "multiple_answers"}


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("She makes 18 dollars a day (9 eggs x $2).", "18"),
        ("Hence she makes $18 daily (i.e., 9 * 2).", "18"),
        ("So she has 18 apples (9 + 9).", "18"),
        ("So she has 18 apples (rounded).", "18"),
        ("So she has 18 apples (or eighteen).", "18"),
        ("So she has 18 apples (or 18.0).", "18"),
        ("The answer is 18 (not 20).", "18"),
        ("The answer is 18 (9 x 2).", "18"),
        ("The answer is 18 (or eighteen).", "18"),
        # not a remark that closes the sentence
        ("So (after 2 days) she has 18 apples.", "18"),
        # brackets in arithmetic are no remark
        ("So 9 x 2 = (18).", "18"),
        ("So the total is (9 x 2 = 18).", "18"),
        # the last number's sentence, when the final one holds none
        ("She makes 18 dollars a day (9 eggs x $2).\n\nHope this helps!", "18"),
        ("So she has 18 apples (or 36/2).", "18"),
    ],
)
def test_a_remark_without_another_value_is_not_the_answer(reply: str, answer: str) -> None:
    reward = rftkit.load_grader("gsm8k")(Sample.from_text(response=WORK + reply, reference="18"))
    assert reward.metric("correct") == 1.0, (reply, reward)


_HEDGES = st.sampled_from(["or", "maybe", "possibly", "perhaps", "or maybe", "probably"])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 999),
    st.integers(1, 999),
    _HEDGES,
    st.sampled_from(["The answer is {a} ({h} {b}).", "So she has {a} apples ({h} {b})."]),
)
def test_no_hedging_remark_is_ever_paid(a: int, b: int, hedge: str, form: str) -> None:
    assume(a != b)
    reply = WORK + form.format(a=a, b=b, h=hedge)
    grade = rftkit.load_grader("gsm8k")
    for ref in (a, b):
        paid = grade(Sample.from_text(response=reply, reference=str(ref))).metric("correct")
        assert paid == 0.0, (reply, ref)


def test_the_fast_paths_read_remarks_as_the_general_path() -> None:
    ext = Extractor()
    for reply in [
        "So she has 18 apples (or 20).",
        "She makes 18 dollars a day (9 eggs x $2).",
        "The answer is 18 (or 20).",
        "So she has 18 apples (rounded).",
        "The answer is 18 (not 20).",
        "She makes 18 dollars a day (9 eggs x $2).\n\nHope this helps!",
    ]:
        assert ext(WORK + reply) == ext.general(WORK + reply), reply


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("So the total is (9 x 2 = 18)", True),
        ("((9 x 2 = 18))", True),
        ("(9 x 2 = 19)", False),
        ("(3 + 4) * 2 = 14", True),
        ("(3 + 4) * 2 = 15", False),
        ("9 x 2) = 18", False),
        ("(9 x 2 = 18", False),
        ("0 = 0)", False),
        ("total (2 + 3 = 5) apples", True),
    ],
)
def test_an_equation_inside_brackets_is_checked_without_them(text: str, holds: bool) -> None:
    from rftkit.rewards.equations import equations_hold

    assert equations_hold(text, False) is holds
    assert equations_hold(text, True) is holds
    ext = Extractor()(f"{text}.")
    assert (ext.rejected is None) is holds, ext


def _in_words(n: int) -> str:
    from rftkit.rewards.number_words import _TEN_WORDS, _UNIT_WORDS

    if n < 20:
        return _UNIT_WORDS[n]
    tens, unit = divmod(n, 10)
    return _TEN_WORDS[tens - 2] + (f"-{_UNIT_WORDS[unit]}" if unit else "")


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 99),
    st.integers(0, 99),
    st.booleans(),
    st.sampled_from(
        ["So she has {x} or {y} apples.", "The answer is {x} or {y}.", "#### {x} or {y}"]
    ),
)
def test_a_hedge_with_one_value_in_words_is_never_paid(
    a: int, b: int, words_first: bool, form: str
) -> None:
    assume(a != b)
    x, y = (_in_words(a), str(b)) if words_first else (str(a), _in_words(b))
    reply = WORK + form.format(x=x, y=y)
    grade = rftkit.load_grader("gsm8k")
    for ref in (a, b):
        paid = grade(Sample.from_text(response=reply, reference=str(ref))).metric("correct")
        assert paid == 0.0, (reply, ref)
