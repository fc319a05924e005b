"""Four classes of final-number readings a model under RL could be paid for, or refused for.

1. An operation left undone in a final sentence (``So she pays 12 * 3.``) was read as its last
   operand (3 paid): it is several numbers, as ``#### 12 * 3`` is.
2. A value after a bracketed remark (``The answer is 18 (approx.) or 20.``, ``$18 (per day)
   or $126 (per week)``) or after ``; `` (``18; or 20``) was missed: it is a second answer.
3. A result cut off by an ellipsis and then rounded (``= 16.66...%, which rounds up to 17%``,
   a GSM8K train solution) was several answers: the ellipsis marks a cut, the rounded value is
   the one answer, and the cut value is not paid.
4. ``。``, ``！``, ``？`` and the Devanagari dandas ``।``, ``॥`` ended no sentence, and the dandas
   did not finish a reply: ``x = 1/3 = 0.33。总共 12 吨。`` paid 0.33, ``He has 67 shirts।``
   was cut off.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.equations import equations_hold
from rftkit.rewards.sentences import finished, is_hedge, operation

GSM8K = rftkit.load_grader("gsm8k")


def _grade(reply: str, reference: str) -> tuple[bool, tuple[str, ...]]:
    reward = GSM8K(Sample.from_text(response=reply, reference=reference))
    return reward.score >= 0.9, tuple(reward.errors)


# -- 1. an operation left undone ------------------------------------------------------------

UNDONE = [
    ("So she pays 12 * 3.", "3"),
    ("So she pays 12 * 3.", "36"),
    ("So she pays 12 * 3.", "12"),
    ("Natalia sold 48 + 24 clips.", "24"),
    ("Natalia sold 48 + 24 clips.", "72"),
    ("The total is 5 + 4.", "4"),
    ("The total is 5+4.", "4"),
    ("The total is 5 +4.", "4"),
    ("So she pays 12 x 3.", "3"),
    ("So she pays 12 \u00d7 3.", "3"),
    ("So she pays 12 \u00f7 3.", "3"),
    ("So she pays 12 \u00b7 3.", "3"),
    ("So she pays $12 \\times 3$.", "3"),
    ("So she pays $12 \\cdot 3$.", "3"),
    ("So she pays 12 times 3.", "3"),
    ("So she pays $12 * $3.", "3"),
    ("So she pays 12 * 12.", "12"),
    ("The total is (5 + 4).", "4"),
    ("The total is 5 + 4 dollars.", "4"),
    ("So x = 5 + 4.", "5"),
    ("So x = 5 + 4.", "4"),
    ("Total: 5 + 4", "4"),
    ("5 + 4", "4"),
    ("12 x 3", "3"),
    ("So the total is 1.5 + 2.5.", "2.5"),
    ("So the total is 1/2 + 1/6.", "1/6"),
    ("So the total is 5 + 4%.", "4%"),
    ("So it is 2 * 3/4.", "3/4"),
    ("\\( \\frac{1}{2} + \\frac{1}{6} \\)", "1/6"),
]


@pytest.mark.parametrize(("reply", "reference"), UNDONE)
def test_an_operation_left_undone_is_several_numbers(reply: str, reference: str) -> None:
    paid, errors = _grade(reply, reference)
    assert not paid
    assert "several_numbers" in errors  # what an answer container says: "#### 5 + 4"


@pytest.mark.parametrize(
    ("reply", "reference"),
    [
        ("So she pays $12 * 3 = $36.", "36"),  # an equation: its result
        ("So she pays 12 * 3 = 36 dollars.", "36"),
        ("So he has 2 x 3 = 6 boards.", "6"),
        ("So x = 5 + 4 = 9.", "9"),
        ("So she pays 12/3.", "4"),  # a fraction is one number
        ("She buys 3 boxes of 12 eggs.", "12"),
        ("He runs 3x faster.", "3"),
        ("In 3 days she earns 3 * 6 = 18 dollars.", "18"),
        ("#### 36", "36"),
    ],
)
def test_what_is_no_operation_left_undone_stays_paid(reply: str, reference: str) -> None:
    assert _grade(reply, reference) == (True, ())


def test_a_glued_x_binds_the_number_after_it() -> None:
    # "12x3": "x3" is a name (equations.bound_number), so no number is read: not paid.
    assert _grade("So she pays 12x3.", "3") == (False, ("expression",))


def test_a_subtraction_stays_a_hedge() -> None:
    # "5 - 4" reads like the range "5-6": two answers, as before.
    assert _grade("The total is 5 - 4.", "4") == (False, ("multiple_answers",))


def test_containers_and_final_sentences_agree() -> None:
    for body in ("12 * 3", "5 + 4", "12 x 3", "5+4"):
        assert "several_numbers" in _grade(f"#### {body}", "3")[1]
        assert "several_numbers" in _grade(f"So she pays {body}.", "3")[1]


_OPS = st.sampled_from(["+", "*", "x", "\u00d7", "\u00f7", "\u00b7", "times", "\\times"])
_SPACE = st.sampled_from(["", " ", "  "])
_WORDS = st.sampled_from(["So she pays ", "The total is ", "Natalia sold ", "x = ", ""])
_UNITS = st.sampled_from(["", " clips", " dollars", " eggs in all"])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 9999),
    st.integers(1, 9999),
    _OPS,
    _SPACE,
    _WORDS,
    _UNITS,
    st.booleans(),
)
def test_no_operand_or_result_of_an_undone_operation_is_paid(
    a: int, b: int, op: str, space: str, words: str, unit: str, dollar: bool
) -> None:
    if op.isalpha() or op.startswith("\\"):
        space = space or " "  # "12times3" is no operation
    sign = "$" if dollar else ""
    reply = f"{words}{sign}{a}{space}{op}{space}{sign}{b}{unit}."
    product = a * b if op in {"*", "x", "\u00d7", "\u00b7", "times", "\\times"} else a + b
    for reference in (str(a), str(b), str(product)):
        assert not _grade(reply, reference)[0], (reply, reference)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 999), st.integers(1, 999), _SPACE)
def test_the_same_operation_with_its_result_is_paid(a: int, b: int, space: str) -> None:
    reply = f"So she pays {a}{space}*{space}{b} = {a * b} dollars."
    assert _grade(reply, str(a * b)) == (True, ())


def test_operation_reads_only_a_lone_operator() -> None:
    assert all(operation(g) for g in (" * ", "+", " x ", " $ * $", "\u00d7", " times ", " \\cdot "))
    # " $" alone is no operator: only an operator with signs and spaces around it is.
    assert not operation(" $")
    assert not any(operation(g) for g in (" boxes of ", " or ", "-", " / ", ", ", " x as "))


# -- 2. a value after a bracketed remark ----------------------------------------------------

REMARKED = [
    ("The answer is 18 (approx.) or 20.", "18"),
    ("The answer is 18 (approx.) or 20.", "20"),
    ("The answer is 18 (if rounded) or 17.5.", "18"),
    ("The answer is 18 (if rounded) or 17.5.", "17.5"),
    ("Answer: 18 (per day) / 126 (per week)", "18"),
    ("Answer: 18 (per day) / 126 (per week)", "126"),
    ("Answer: 18 (per day), 126 (per week)", "18"),
    ("The answer is 18 (per day) and 126 (per week).", "18"),
    ("The answer is 18 (9 x 2) or 20.", "18"),
    ("So she makes $18 (per day) or $126 (per week).", "126"),
    ("So she makes $18 (per day) or $126 (per week).", "18"),
    ("So she makes $18 (per day) or $126.", "126"),
    ("The answer is 18; or 20.", "18"),
    ("The answer is 18; maybe 20.", "18"),
    ("The answer is 18 (per day); or 126.", "18"),
]


@pytest.mark.parametrize(("reply", "reference"), REMARKED)
def test_a_value_after_a_remark_through_a_hedge_is_a_second_answer(
    reply: str, reference: str
) -> None:
    paid, errors = _grade(reply, reference)
    assert not paid
    assert {"several_numbers", "multiple_answers"} & set(errors)


@pytest.mark.parametrize(
    ("reply", "reference"),
    [
        ("So she makes $18 a day (9 eggs x $2).", "18"),  # explains, offers no other value
        ("The answer is 18 (dollars).", "18"),
        ("The answer is 18 (dollars) per day for 7 days.", "18"),
        ("The answer is 18 (rounded); she needs 2 more.", "18"),
        ("The answer is 18 (approx.), since 9 * 2 = 18.", "18"),
        ("The answer is 18; 20 is what she spent.", "18"),  # "; " with no hedge word
        ("The answer is 18 (not 20).", "18"),
        ("So she has 18 apples (or 36/2).", "18"),
    ],
)
def test_a_remark_without_another_value_stays_paid(reply: str, reference: str) -> None:
    assert _grade(reply, reference) == (True, ())


_REMARKS = st.sampled_from(["(per day)", "(approx.)", "(if rounded)", "(dollars)", "(in total)"])
_HEDGES = st.sampled_from([" or ", " / ", ", ", " and ", " or maybe ", " or $"])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 999),
    st.integers(1, 999),
    _REMARKS,
    _HEDGES,
    st.sampled_from(["The answer is ", "Answer: ", "So she makes $", "She has "]),
    st.sampled_from(["", " (per week)", " apples"]),
)
def test_no_value_on_either_side_of_a_remark_and_a_hedge_is_paid(
    a: int, b: int, remark: str, hedge: str, lead: str, tail: str
) -> None:
    assume(a != b)
    reply = f"{lead}{a} {remark}{hedge}{b}{tail}."
    for reference in (str(a), str(b)):
        assert not _grade(reply, reference)[0], (reply, reference)


def test_is_hedge_reads_a_gap_without_its_digit_free_remarks() -> None:
    assert is_hedge(" (per day) or $")
    assert is_hedge(" (approx.) or ")
    assert is_hedge(") / ") and is_hedge(" (if rounded), ")
    assert not is_hedge(" (per day) apples and ")
    assert not is_hedge(" apples (red) for ")


# -- 3. a rounded restatement of a cut-off result -------------------------------------------

ROUNDED = [
    "15 trucks / 90 vehicles * 100% = 16.66...%, which rounds up to 17%.",  # GSM8K train
    "15 / 90 * 100 = 16.66..., which rounds up to 17.",
    "15 / 90 * 100 = 16.66\u2026, which rounds up to 17.",
    "So it is 16.66%, which is about 17%.",
    "So it is 16.66, rounded to 17.",
    "So it is 16.66 \u2248 17.",
]


@pytest.mark.parametrize("reply", ROUNDED)
def test_a_rounding_pays_the_rounded_value_only(reply: str) -> None:
    assert _grade(reply, "17")[0]
    assert not _grade(reply, "16.66")[0]
    assert not _grade(reply, "16.67")[0]


def test_a_cut_off_result_must_be_the_cut_of_its_arithmetic() -> None:
    assert equations_hold("50/3 = 16.66...", False)
    assert equations_hold("50/3 = 16.66\u2026", False)
    assert equations_hold("15 / 90 * 100% = 16.66...%", False)
    assert not equations_hold("50/3 = 16.5...", False)  # more than the cut drops
    assert not equations_hold("50/3 = 16.65...", False)
    assert not equations_hold("50/3 = 16.66", False)  # no ellipsis: a rounding, and wrong
    # The wrong arithmetic is still several answers, whatever the rounding says.
    assert not _grade("15 / 90 * 100 = 16.5..., which rounds up to 17.", "17")[0]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10**6), st.integers(2, 999), st.integers(1, 4))
def test_a_cut_holds_and_one_digit_less_does_not(p: int, q: int, places: int) -> None:
    value = Fraction(p, q)
    scale = 10**places
    cut = Fraction(int(value * scale), scale)
    assume(cut != value)
    n = int(value * scale)
    assert equations_hold(f"{p} / {q} = {n // scale}.{n % scale:0{places}d}...", False)
    lower = n - 1
    assume(lower >= 0 and abs(value - Fraction(lower, scale)) * 2 * scale > 1)  # no rounding
    shown = f"{lower // scale}.{lower % scale:0{places}d}"
    assert not equations_hold(f"{p} / {q} = {shown}...", False)


def test_a_unit_conversion_restatement_is_one_value() -> None:
    # GSM8K train: was several answers. 0.5 hour is 30 minutes: one value (conversions),
    # without the question the main clause's (0.5), with it the unit it asks (30).
    reply = "It takes .5 hour which is 30 minutes."
    assert _grade(reply, "0.5") == (True, ("conversion",))
    assert not _grade(reply, "30")[0]
    asks = "Rosie runs 6 miles per hour. ... how many minutes should she run on Friday?"
    result = GSM8K(Sample.from_text(response=reply, reference="30", prompt=asks))
    assert (result.score > 0, result.answer) == (True, "30")
    # The same pair with a factor that does not hold stays several answers.
    assert _grade("It takes .5 hour which is 40 minutes.", "40") == (False, ("multiple_answers",))


# -- 4. the sentence marks of other scripts -------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "paid", "refused"),
    [
        ("x = 1/3 = 0.33\u3002\u603b\u5171 12 \u5428\u3002", "12", "0.33"),
        ("x = 2 + 3 = 5\uff01\u603b\u5171 12 \u4e2a\u3002", "12", "5"),
        ("x = 2 + 3 = 5\uff1f\u603b\u5171 12 \u4e2a\u3002", "12", "5"),
        ("x = 2 + 3 = 5\u3002\u603b\u5171 12 \u4e2a", "12", "5"),
        ("He had 5 shirts\u0964 He has 67 shirts\u0964", "67", "5"),
        ("He had 5 shirts\u0965 He has 67 shirts\u0965", "67", "5"),
    ],
)
def test_a_stop_of_another_script_starts_the_final_sentence(
    reply: str, paid: str, refused: str
) -> None:
    assert _grade(reply, paid) == (True, ())
    assert not _grade(reply, refused)[0]


@pytest.mark.parametrize("mark", ["\u0964", "\u0965"])
def test_a_danda_finishes_a_reply(mark: str) -> None:
    assert finished(f"He has 67 shirts{mark}")
    assert finished(f"He has 67 shirts{mark} ")
    assert _grade(f"He has 67 shirts{mark}", "67") == (True, ())


def test_a_full_width_point_is_no_stop() -> None:
    # "\uff0e" is a decimal point in full-width numbers ("3\uff0e5"): it ends no sentence.
    assert _grade("\u4ed6\u6709 3\uff0e5 \u5143\u3002", "3.5") == (True, ())


def test_an_equation_in_square_brackets_is_checked_without_them() -> None:
    assert _grade("Compute: [ 56 + 11 = 67 ] so the shop has 67 shirts.", "67") == (True, ())
    assert not _grade("Compute: [ 56 + 11 = 68 ] so the shop has 68 shirts.", "68")[0]
    assert equations_hold("[3 + 4] * 2 = 14", False)
    assert not equations_hold("[3 + 4] * 2 = 15", False)
