"""The classes of Math-Verify disagreements the ``math`` grader was changed for, as tables.

Each class (tests/fixtures/math_verify/README.md) is tested here with cases both ways: what
must be paid and what must not, beyond the pairs of the Math-Verify file. Properties
(hypothesis) where a class has one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.rewards.builtin.math import math as math_grader
from rftkit.rewards.mathexpr.equiv import decide
from rftkit.rewards.registry import BoundGrader
from rftkit.rewards.types import Sample

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def grader() -> Iterator[BoundGrader]:
    g = math_grader(time_budget=None)
    yield g
    g.impl.close()  # type: ignore[attr-defined]


def paid(g: BoundGrader, reply: str, reference: str) -> bool:
    return g(Sample.from_text(response=reply, reference=reference)).score == 1.0


def boxed(answer: str) -> str:
    return f"So the answer is $\\boxed{{{answer}}}$."


# -- 1. a reference equation answered by its right side alone ---------------------------------

# (reference, answer): a reference that assigns a lone symbol is answered by the value.
ASSIGNMENT_PAID = [
    ("k = 1", "1"),
    ("x = 4", "4"),
    ("x_1 = 3", "3"),
    ("\\theta = \\frac{\\pi}{2}", "\\frac{\\pi}{2}"),
    ("y = 2x + 3", "3 + 2x"),
    ("y' = 3", "3"),
    ("x = 5 + 5 + 1 = 11", "11"),  # a chain from a lone symbol: its last side
    ("x \\in [1, 2]", "[1, 2]"),
    ("x = 1, y = 2", "(1, 2)"),
    # an answer equation states the value on its last side
    ("4", "x = 4"),
    ("11", "x = 5 + 6 = 11"),
    ("5", "2 + 3 = 5"),
]
# A reference equation whose left side is not a lone symbol is an equation to give.
EQUATION_REFUSED = [
    ("a + 3z = 0", "0"),
    ("7 = 11a + c", "11a + c"),
    ("7 = 11a + c", "7"),
    ("2x + z = 1", "1"),
    ("a^2 + b = 0", "0"),
    ("x^2 = 4", "4"),
    ("2x = 8", "8"),
    ("AB = 5", "5"),  # a product of two symbols, not one name
    ("1 + 1 = 2", "2"),
    ("x + y = 1, x - y = 3", "1, 3"),
]


@pytest.mark.parametrize(("reference", "answer"), ASSIGNMENT_PAID)
def test_a_value_answers_an_assignment(grader: BoundGrader, reference: str, answer: str) -> None:
    assert paid(grader, boxed(answer), reference)


@pytest.mark.parametrize(("reference", "answer"), EQUATION_REFUSED)
def test_a_value_does_not_answer_an_equation(
    grader: BoundGrader, reference: str, answer: str
) -> None:
    assert not paid(grader, boxed(answer), reference)
    # ...while the equation itself, rearranged or scaled, still is the answer
    assert paid(grader, boxed(reference), reference)


_SIDES = st.sampled_from(["a + 3z", "2x + z", "a^2 + b", "11a + c", "3x - y", "xy"])
_VALUES = st.sampled_from(["0", "1", "7", "-2", "\\frac{1}{2}", "\\sqrt{2}"])


@FAST
@given(_SIDES, _VALUES)
def test_an_equation_reference_never_pays_either_side_alone(side: str, value: str) -> None:
    for reference in (f"{side} = {value}", f"{value} = {side}"):
        assert decide(reference, value).equal is not True
        assert decide(reference, side).equal is not True
        # the answer side may be an equation: it states its last side
        assert decide(value, f"{side} = {value}").equal is True


@FAST
@given(st.sampled_from(["x", "k", "y_1", "\\theta", "n"]), _VALUES)
def test_an_assignment_reference_pays_its_value_both_ways(name: str, value: str) -> None:
    assert decide(f"{name} = {value}", value).equal is True
    assert decide(value, f"{name} = {value}").equal is True


# -- relation chains and \approx ----------------------------------------------------------------

CHAINS_EQUAL = [
    ("x = 11", "x = 5+5+1 = 7 = 11"),
    ("z = 1 + 1 = 2", "z = 3 + 3 = 2"),  # Math-Verify's convention: the last side decides
    ("x = 2", "x = \\frac{4}{2} = 2"),
    ("11", "x \\approx 11"),
    ("x = 11", "x \\approx 11"),
    ("x = \\frac{1}{3}", "x = \\frac{1}{3} \\approx 0.333"),
    ("\\frac13", "\\frac13 \\approx 0.333"),  # what follows \approx is dropped
]
CHAINS_UNEQUAL = [
    ("x = 7", "x = 5+5+1 = 7 = 11"),  # only the last side is the value
    ("x = 11", "y = 5 + 6 = 11"),  # another variable
    ("\\frac13", "x \\approx 0.333"),  # an approximation is not the exact value
    ("11.5", "x \\approx 11"),
    ("0.333", "\\frac13 \\approx 0.333"),
]


@pytest.mark.parametrize(("reference", "answer"), CHAINS_EQUAL)
def test_a_chain_is_its_last_side(grader: BoundGrader, reference: str, answer: str) -> None:
    assert paid(grader, boxed(answer), reference)


@pytest.mark.parametrize(("reference", "answer"), CHAINS_UNEQUAL)
def test_a_chain_is_not_its_other_sides(grader: BoundGrader, reference: str, answer: str) -> None:
    assert not paid(grader, boxed(answer), reference)


# -- an ellipsis makes an unfinished list ----------------------------------------------------------

ELLIPSIS_UNEQUAL = [
    ("1, 2, 3", "1, 2, 3, ..."),
    ("1, 2, 3", "1, 2, 3, \\ldots"),
    ("1, 2, 3", "1, 2, 3, \\dots"),
    ("1, 2, 3", "1, 2, 3\\ldots"),
    ("1, 2, 3", "1, 2, 3…"),
    ("\\{1, 2, 3\\}", "\\{1, 2, 3, \\ldots\\}"),
    ("1, 2, \\ldots, 10", "1, 2, 10"),
    ("55", "1 + 2 + \\cdots + 10"),
    ("13", "1 + 2 + ... + 10"),  # the dots are not dropped: this is no 1 + 2 + 10
]
ELLIPSIS_EQUAL = [
    ("1, 2, 3, \\ldots", "1, 2, 3, ..."),
    ("1, 2, 3, \\dots", "1, 2, 3, \\cdots"),
    ("1, 2, \\ldots, n", "1, 2, …, n"),
    ("0.333", "0.333..."),  # digits that go on: the decimal as written
    ("3.14", "3.14..."),
]


@pytest.mark.parametrize(("reference", "answer"), ELLIPSIS_UNEQUAL)
def test_an_unfinished_list_is_not_the_finished_one(
    grader: BoundGrader, reference: str, answer: str
) -> None:
    assert not paid(grader, boxed(answer), reference)
    assert not paid(grader, boxed(reference), answer)


@pytest.mark.parametrize(("reference", "answer"), ELLIPSIS_EQUAL)
def test_an_ellipsis_equals_an_ellipsis(grader: BoundGrader, reference: str, answer: str) -> None:
    assert paid(grader, boxed(answer), reference)


# -- 2. an option's label with its value -----------------------------------------------------------

# (reply, reference, paid): the value decides against a value reference; a letter
# reference is decided by the letter; a labelled reference by both.
CHOICES = [
    ("(B) 18", "18", True),
    ("The answer is (B) 18.", "18", True),
    ("$\\boxed{\\textbf{(C)}\\ 18}$", "18", True),
    ("$\\boxed{(C) 18}$", "18", True),
    ("$\\boxed{\\text{(A)}~\\frac{1}{2}}$", "0.5", True),
    ("The answer is (D): 2x + 1.", "1 + 2x", True),
    ("(B) 20", "18", False),
    ("$\\boxed{\\textbf{(C)}\\ 20}$", "18", False),
    ("The answer is (B).", "18", False),  # a letter alone says nothing of the value
    ("(B)^2", "4", False),  # math, not a label
    ("(e) 5", "5", False),  # (e) is Euler's number times 5, not a label
    ("(C) 18 (D) 20", "18", False),  # the options listed, not one chosen
    ("(C) 18 or (D) 20", "18", False),
    # a letter reference: the letter decides, the value is not needed
    ("$\\boxed{\\textbf{(C)}\\ 18}$", "C", True),
    ("$\\boxed{\\textbf{(C)}\\ 18}$", "D", False),
    ("(B) 18", "B", True),
    ("(B) 18", "C", False),
    # a labelled reference: a label that names another option refutes the value
    ("(B) 18", "(B) 18", True),
    ("(B) 18", "\\textbf{(B)}\\ 18", True),
    ("$\\boxed{18}$", "(C) 18", True),
    ("The answer is (C).", "(C) 18", True),
    ("$\\boxed{C}$", "(C) 18", True),
    ("(B) 18", "(C) 18", False),
    ("(C) 20", "(C) 18", False),
    ("$\\boxed{D}$", "(C) 18", False),
    ("$\\boxed{20}$", "(C) 18", False),
]


@pytest.mark.parametrize(("reply", "reference", "expected"), CHOICES)
def test_an_options_label_and_value(
    grader: BoundGrader, reply: str, reference: str, expected: bool
) -> None:
    assert paid(grader, reply, reference) is expected


_WRAPS = st.sampled_from(["({})", "\\textbf{{({})}}", "\\text{{({})}}", "\\mathrm{{{}}}"])
_GAPS = st.sampled_from([" ", "\\ ", "~", ": ", "\\quad "])


@FAST
@given(
    st.sampled_from("ABCDE"),
    _WRAPS,
    _GAPS,
    st.sampled_from(["18", "\\frac{1}{2}", "2\\sqrt{3}", "-4", "x + 1"]),
    st.sampled_from(["18", "0.5", "2\\sqrt{3}", "-4", "1 + x", "7"]),
)
def test_a_labelled_value_is_paid_exactly_when_its_value_is(
    letter: str, wrap: str, gap: str, value: str, reference: str
) -> None:
    g = math_grader(time_budget=None)
    labelled = wrap.format(letter) + gap + value
    alone = paid(g, f"$\\boxed{{{value}}}$", reference)
    assert paid(g, f"$\\boxed{{{labelled}}}$", reference) is alone
    # against a letter reference only the letter counts
    assert paid(g, f"$\\boxed{{{labelled}}}$", letter) is True
    assert paid(g, f"$\\boxed{{{labelled}}}$", "F") is False
