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
from rftkit.rewards.mathexpr.extract import MathExtractor
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


# -- 3. extraction ---------------------------------------------------------------------------------

# (reply, reference, paid)
EXTRACTION = [
    # the last number of a reply sits in a math span: the span is the answer
    ("Therefore $x \\geq 5$ is the solution.", "x \\ge 5", True),
    ("Thus $x <= 2$ is our answer.", "x \\leq 2", True),
    ("Therefore \\(x > 5\\) is the solution.", "(5, \\infty)", True),
    ("So $$x = \\frac{1}{2}$$ holds for all.", "0.5", True),
    ("The total is $3 + 5 = 8$ apples.", "8", True),
    ("The area is $6\\text{ cm}^2$ in all.", "6", True),  # not the 2 of cm^2
    ("Therefore $x \\geq 5$ is the solution.", "5", False),  # an inequality, not a value
    ("Therefore $x \\geq 5$ is the solution.", "x > 5", False),
    ("Since $x^2 = 4$, there are 2 solutions.", "2", True),  # the last number is outside
    ("Since $x^2 = 4$, there are 2 solutions.", "4", False),
    ("I paid $5 and got $3 back.", "3", True),  # currency dollars open no span
    # a "Final Answer:" sentence: the one value it states
    ("Final Answer: The largest $n$ is 34.", "34", True),
    ("Final Answer: Jane started growing it 3 hours ago. I hope it is correct.", "3", True),
    ("Final Answer: the rate is 5 percent of the price.", "5\\%", True),
    ("Final Answer: The largest $n$ is 34.", "35", False),
    ("The answer is more than 18.", "18", False),  # a qualifier keeps the sentence whole
    ("The answer is probably 18.", "18", False),  # a hedge
    ("The answer is 5 apples and 3 oranges.", "3", False),  # two values: no single one
    ("The answer is 5 apples and 3 oranges.", "5", False),
    ("The answer is the 3rd one.", "3", False),  # a number glued to a word
    # a final statement after boxes that disagree (steps) is the answer
    (
        "$\\boxed{200}$, then $\\boxed{255}$. Final Answer: The final answer is $10,455$.",
        "10455",
        True,
    ),
    (
        "$\\boxed{200}$, then $\\boxed{255}$. Final Answer: The final answer is $10,455$.",
        "255",
        False,
    ),
    ("$\\boxed{200}$, then $\\boxed{255}$. The answer is 255.", "255", False),  # no final statement
    ("\\boxed{5}. Final answer: \\boxed{6}", "6", False),  # two boxes: the statement is a box
    ("\\boxed{5}. Final answer: \\boxed{6}", "5", False),
    # a unit written against the number
    ("so the number is 10 which is 1,000.99m²", "1000.99", True),
    ("It weighs 12kg.", "12", True),
    ("The volume is 5km³.", "5", True),
    ("so it is AZYUK2A", "2", False),
    ("we get 2x.", "2", False),
    ("It weighs 12kgs of it.", "12", False),  # not a unit of the list: a word
    # an escaped dollar inside a span is currency, not its end
    ("Answer $ \\frac{1}{2} \\$ = \\frac{10}{9} $", "\\frac{10}{9}", True),
    ("Answer $ \\frac{1}{2} \\$ = \\frac{10}{9} $", "\\frac{1}{2}", False),
    # percent words are percent signs
    ("$\\boxed{28 pct}$", "28\\%", True),
    ("$\\boxed{28 percentage}$", "28", True),
    ("4 4/9 pct", "40/9", True),
]


@pytest.mark.parametrize(("reply", "reference", "expected"), EXTRACTION)
def test_extraction_classes(
    grader: BoundGrader, reply: str, reference: str, expected: bool
) -> None:
    assert paid(grader, reply, reference) is expected


@FAST
@given(
    st.sampled_from(["Therefore ", "Thus ", "We conclude that ", ""]),
    st.sampled_from(["x \\geq 5", "x = 4", "\\frac{3}{4}", "y < -2", "2x + 1", "n = 34"]),
    st.sampled_from([" is the solution.", " is our answer.", " holds.", "."]),
)
def test_a_span_holding_the_last_number_is_read_whole(lead: str, span: str, tail: str) -> None:
    assert MathExtractor()(f"{lead}${span}${tail}").answer == span
    assert MathExtractor()(f"{lead}\\({span}\\){tail}").answer == span


# -- 4. thousands groups written with TeX marks and spaces -----------------------------------------

THOUSANDS_EQUAL = [
    ("32349", "32,\\! 349"),
    ("32349", "32,\\!349"),
    ("11111111100", "11,\\! 111,\\! 111,\\! 100"),
    ("14916", "14 {, }916"),
    ("14916", "14{, }916"),
    ("14916", "14 {,} 916"),
    ("1234567", "1{,}234{,}567"),
    ("(1000, 2)", "(1,\\!000, 2)"),  # a TeX mark groups inside brackets too
]
THOUSANDS_UNEQUAL = [
    ("1234", "1, 234"),  # a plain comma and a space: a list
    ("12", "1,\\! 2"),  # a group has three digits
    ("1234", "1,\\! 2345"),
    ("(1000, 2)", "(1,000, 2)"),  # a plain comma inside brackets separates items
]


@pytest.mark.parametrize(("reference", "answer"), THOUSANDS_EQUAL)
def test_tex_thousands_marks_group_digits(grader: BoundGrader, reference: str, answer: str) -> None:
    assert paid(grader, boxed(answer), reference)
    assert paid(grader, boxed(reference), answer)


@pytest.mark.parametrize(("reference", "answer"), THOUSANDS_UNEQUAL)
def test_other_commas_do_not_group_digits(grader: BoundGrader, reference: str, answer: str) -> None:
    assert not paid(grader, boxed(answer), reference)


@FAST
@given(
    st.integers(min_value=1000, max_value=10**12),
    st.sampled_from(["{,}", "{, }", " {,} ", ",\\!", ",\\! ", " {, }"]),
)
def test_any_tex_grouping_of_a_number_is_the_number(value: int, mark: str) -> None:
    text = f"{value:,}".replace(",", mark)
    assert decide(str(value), text).equal is True


# -- every input gets one verdict, in bounded work -----------------------------------------------

_PIECES = [
    "$", "$$", "\\(", "\\)", "\\$", "x", "\\geq", "=", "5", "12", ",\\!", " {, }", "{,}", "...",
    "\\ldots", "\\approx", "(B)", "\\textbf{(C)}", "\\ ", "kg", "m²", " pct", "Final Answer:",
    " the answer is ", "\\boxed{", "}", " is the solution.", ". ", " more than ", "\n",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_the_new_reading_paths_never_raise(reply: str) -> None:
    found = MathExtractor()(reply)
    assert (found.answer is None) == (found.rejected is not None)
    g = math_grader(time_budget=None)
    for reference in ("5", "x \\geq 5", "(C) 12", "a + 3z = 0"):
        reward = g(Sample.from_text(response=reply, reference=reference))
        assert reward.score in (0.0, 1.0)


HOSTILE = [
    "$1$ and " * 40_000 + "so $x = 5$ is it.",
    "$" * 200_000 + "5 is it.",
    "$ " + "\\$" * 100_000 + " 5 $",
    "Final Answer: " + "$1$ " * 20_000 + "done.",
    "\\boxed{1} \\boxed{2} " * 5_000 + "Final answer: 3.",
    "5kg " * 100_000 + "12kg.",
    "\\boxed{1" + ",\\! 000" * 300 + "}",
    "\\boxed{1 {, }" + " " * 100_000 + "000}",
    "." * 100_000,
    "(B) " * 50_000 + "18",
    "\\boxed{" + "x \\approx " * 300 + "1}",
]


@pytest.mark.parametrize("reply", HOSTILE, ids=lambda t: f"{t[:16]}...({len(t)} chars)")
def test_hostile_replies_for_the_new_paths_get_one_verdict(grader: BoundGrader, reply: str) -> None:
    # (their time is measured in bench/; every path they reach reads the text a bounded
    # number of times)
    reward = grader(Sample.from_text(response=reply, reference="5"))
    assert reward.score in (0.0, 1.0)


# -- matrix sums and products ----------------------------------------------------------------------


def _m(*rows: tuple[object, ...]) -> str:
    return (
        "\\begin{pmatrix}" + " \\\\ ".join(" & ".join(map(str, r)) for r in rows) + "\\end{pmatrix}"
    )


A, B, I2 = _m((1, 2), (3, 4)), _m((5, 6), (7, 8)), _m((1, 0), (0, 1))
MATRICES_EQUAL = [
    (_m((6, 8), (10, 12)), f"{A} + {B}"),
    (_m((-4, -4), (-4, -4)), f"{A} - {B}"),
    (_m((-1, -2), (-3, -4)), f"-{A}"),
    (_m((19, 22), (43, 50)), f"{A} {B}"),
    (_m((19, 22), (43, 50)), f"{A} \\cdot {B}"),
    (_m((2, 4), (6, 8)), f"2{A}"),
    (A, f"{I2} {A}"),
    (_m((1,), (2,)), f"{I2} {_m((1,), (2,))}"),
    ("(1, 2)", f"{I2} {_m((1,), (2,))}"),  # a column vector is its tuple
    (_m((8, 5), (5, 3)), _m((1, 1), (1, 0)) * 5),  # Fibonacci by powers, written out
]
MATRICES_UNEQUAL = [
    (_m((23, 34), (31, 46)), f"{A} {B}"),  # B A, not A B
    (_m((6, 8), (10, 12)), f"{A} - {B}"),
    (A, f"x {A}"),
    (
        _m(
            (1, 2),
        ),
        f"{A} + {_m((1, 2))}",
    ),  # shapes that do not add
    (A, f"{A} {_m((1, 2))}"),  # shapes that do not multiply
]


@pytest.mark.parametrize(("reference", "answer"), MATRICES_EQUAL)
def test_matrix_arithmetic_is_evaluated(reference: str, answer: str) -> None:
    assert decide(reference, answer).equal is True
    assert decide(answer, reference).equal is True


@pytest.mark.parametrize(("reference", "answer"), MATRICES_UNEQUAL)
def test_matrix_arithmetic_is_not_any_matrix(reference: str, answer: str) -> None:
    assert decide(reference, answer).equal is not True


def test_a_long_chain_of_matrix_products_is_over_the_limit() -> None:
    # cells share subtrees, so 40 products are small in memory but huge as trees
    verdict = decide(A, _m((1, 1), (1, 0)) * 40)
    assert (verdict.equal, verdict.flags) == (False, ("limit",))
