"""Equivalence breadth for the ``math`` grader (issue 11), each item with false-positive traps.

Intervals and unions, sets (order and duplicates ignored), tuples, matrices (pmatrix,
bmatrix, vmatrix as a determinant, arrays), shorthand LaTeX, plain-text math, ``\\approx``
(the exact left side counts), thousands forms, degrees, percent, units and ``\\text``,
equations against values, relations as solution sets, ``\\pm``, ``\\infty``,
``\\emptyset``, and words compared as text.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rftkit.rewards.builtin.math import math as math_grader
from rftkit.rewards.registry import BoundGrader
from rftkit.rewards.types import Sample


@pytest.fixture(scope="module")
def grader() -> Iterator[BoundGrader]:
    g = math_grader(time_budget=None)
    yield g
    g.impl.close()  # type: ignore[attr-defined]


def paid(g: BoundGrader, answer: str, reference: str) -> float:
    return g(Sample.from_text(response=f"\\boxed{{{answer}}}", reference=reference)).score


# (reference, answer) pairs that must score 1.
EQ = [
    ("(-\\infty,-8)\\cup(8,\\infty)", "(8,\\infty)\\cup(-\\infty,-8)"),
    ("(-\\infty,-8)\\cup(8,\\infty)", "x<-8 \\text{ or } x>8"),
    ("\\{1,2,3\\}", "\\{3,2,1\\}"),
    ("\\{1,2,3\\}", "\\{1,1,2,3\\}"),
    ("\\{1,2\\}", "1, 2"),
    ("(1,2)", "\\left(1,2\\right)"),
    ("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}"),
    ("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{array}{cc}1&2\\\\3&4\\end{array}"),
    ("\\begin{vmatrix}1&2\\\\3&4\\end{vmatrix}", "-2"),
    ("\\sqrt{3}", "\\sqrt3"),
    ("\\frac{3}{4}", "\\frac34"),
    ("\\frac{1}{72}", "\\frac1{72}"),
    ("\\frac{1}{2}", "\\tfrac12"),
    ("1000", "1\\!000"),
    ("2x", "2\\,x"),
    ("2x", "2\\;x"),
    ("\\sqrt{3}", "sqrt(3)"),
    ("2x", "2*x"),
    ("x^2", "x**2"),
    ("\\frac{3\\sqrt{5}}{7}", "(3*sqrt(5))/7"),
    ("\\frac{1}{3}", "\\frac{1}{3} \\approx 0.333"),
    ("1000", "1 000"),
    ("1000", "1\\,000"),
    ("1000", "1{,}000"),
    ("1000000", "1 000 000"),
    ("30", "30^\\circ"),
    ("30", "30°"),
    ("33.5", "33.5\\%"),
    ("5", "5 \\text{ cm}"),
    ("5", "5\\text{cm}^2"),
    ("5", "\\$5.00"),
    ("2", "x = 2"),
    ("x^2+2x+1", "y = x^2+2x+1"),
    ("x=2", "2"),
    ("x>3", "(3,\\infty)"),
    ("x \\ge 3", "[3, \\infty)"),
    ("1 \\pm \\sqrt{2}", "1+\\sqrt2, 1-\\sqrt2"),
    ("\\pm 2", "2, -2"),
    ("\\infty", "\\infty"),
    ("-\\infty", "-\\infty"),
    ("\\emptyset", "\\{\\}"),
    ("\\emptyset", "\\varnothing"),
    ("f'", "f'"),
    ("\\text{odd } n", "odd n"),
    ("\\text{(A)}", "A"),
    ("\\frac{\\sqrt{3}}{2}", "\\frac{\\sqrt 3}{2}"),
    ("\\dfrac{\\pi}{4}", "\\pi/4"),
    ("10\\%", "10"),
    ("y=2x+1", "y = 1 + 2x"),
    ("\\text{Monday}", "monday"),
    ("(1,-2)", "(1, -2)"),
    ("x=1, y=2", "(1,2)"),
]

# (reference, answer) pairs that must score 0: the traps.
NE = [
    ("1", "-[0,1)"),
    ("[0,1)", "[0,1]"),
    ("(1,3)", "[1,3]"),
    ("\\{1,2\\}", "\\{1,2,3\\}"),
    ("(1,2)", "(2,1)"),
    ("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}"),
    ("\\frac{1}{3}", "0.333"),
    ("\\frac{1}{3}", "0.333 \\approx \\frac{1}{3}"),
    ("1000", "1 0000"),
    ("100", "1 00"),
    ("30", "31^\\circ"),
    ("0.335", "33.5\\%"),
    ("2", "x = 3"),
    ("x^2+2x+1", "y = x^2+2x"),
    ("\\infty", "-\\infty"),
    ("\\emptyset", "\\{0\\}"),
    ("f'", "f"),
    ("\\text{odd } n", "even n"),
    ("1 \\pm \\sqrt{2}", "1+\\sqrt2"),
    ("x>3", "x \\ge 3"),
    ("(-\\infty,-8)\\cup(8,\\infty)", "(-\\infty,-8]\\cup(8,\\infty)"),
    ("2", "12"),
    ("-2", "2"),
    ("\\sqrt{3}", "3"),
    ("x=1, y=2", "(2,1)"),
]


@pytest.mark.parametrize(("reference", "answer"), EQ)
def test_equivalent_forms_are_paid(grader: BoundGrader, reference: str, answer: str) -> None:
    assert paid(grader, answer, reference) == 1.0


@pytest.mark.parametrize(("reference", "answer"), NE)
def test_traps_are_not_paid(grader: BoundGrader, reference: str, answer: str) -> None:
    assert paid(grader, answer, reference) == 0.0


def test_percent_option_reads_33_5_percent_as_0_335() -> None:
    for mode, verdict in (("strip", 0.0), ("fraction", 1.0), ("either", 1.0)):
        g = math_grader(time_budget=None, percent=mode)
        try:
            assert paid(g, "33.5\\%", "0.335") == verdict, mode
        finally:
            g.impl.close()  # type: ignore[attr-defined]
