"""The math answer parser: what each notation becomes, what is refused, and the limits."""

from __future__ import annotations

from fractions import Fraction

import pytest

from rftkit.rewards.mathexpr.evaluate import exact_value, guard
from rftkit.rewards.mathexpr.lexer import tokenize
from rftkit.rewards.mathexpr.nodes import (
    Add,
    Const,
    Degree,
    Div,
    Func,
    Group,
    Limits,
    MathLimitError,
    MathSyntaxError,
    Matrix,
    Mul,
    Neg,
    Num,
    Percent,
    PlusMinus,
    Pow,
    Rel,
    Seq,
    SetOf,
    Sym,
    Union,
)
from rftkit.rewards.mathexpr.parser import parse


def n(v: int | str) -> Num:
    return Num(Fraction(v), decimal="." in str(v))


x, y = Sym("x"), Sym("y")
INF = Const("inf")

# (text, expected tree)
TREES = [
    ("72", n(72)),
    ("0.5", n("0.5")),
    (".5", n("0.5")),
    ("1,234", n(1234)),
    ("1{,}234", n(1234)),
    ("1\\,234", n(1234)),
    ("1.5e3", Num(Fraction(1500), decimal=True)),
    ("\\frac{1}{2}", Div(n(1), n(2))),
    ("\\dfrac{1}{2}", Div(n(1), n(2))),
    ("\\frac12", Div(n(1), n(2))),
    ("\\frac1x", Div(n(1), x)),
    ("2\\frac{2}{3}", Add((n(2), Div(n(2), n(3))))),
    ("2 2/3", Add((n(2), Div(n(2), n(3))))),
    ("2\\frac{x}{3}", Mul((n(2), Div(x, n(3))))),
    ("0.\\overline{3}", Num(Fraction(1, 3))),
    ("0.1\\overline{6}", Num(Fraction(1, 6))),
    ("\\sqrt{2}", Func("sqrt", (n(2),))),
    ("\\sqrt2", Func("sqrt", (n(2),))),
    ("\\sqrt[3]{x}", Func("root", (x, n(3)))),
    ("sqrt(2)", Func("sqrt", (n(2),))),
    ("x^2", Pow(x, n(2))),
    ("x^{-1}", Pow(x, Neg(n(1)))),
    ("x^-1", Pow(x, Neg(n(1)))),
    ("x**2", Pow(x, n(2))),
    ("2^3^2", Pow(n(2), Pow(n(3), n(2)))),
    ("-2^2", Neg(Pow(n(2), n(2)))),
    ("x^2y", Mul((Pow(x, n(2)), y))),
    ("x²", Pow(x, n(2))),
    ("\\pi", Const("pi")),
    ("π", Const("pi")),
    ("2\\pi", Mul((n(2), Const("pi")))),
    ("e^{i\\pi}", Pow(Const("e"), Mul((Const("i"), Const("pi"))))),
    ("\\infty", INF),
    ("\\sin x", Func("sin", (x,))),
    ("\\sin(x)", Func("sin", (x,))),
    ("\\sin 2x", Func("sin", (Mul((n(2), x)),))),
    ("\\sin x \\cos x", Mul((Func("sin", (x,)), Func("cos", (x,))))),
    ("\\sin^2 x", Pow(Func("sin", (x,)), n(2))),
    ("\\sin^{-1} x", Func("asin", (x,))),
    ("\\arctan 1", Func("atan", (n(1),))),
    ("\\ln x", Func("log", (x,))),
    ("\\log_2 8", Func("log", (n(8), n(2)))),
    ("\\log_{10}(x)", Func("log", (x, n(10)))),
    ("\\exp(x)", Func("exp", (x,))),
    ("|x|", Func("abs", (x,))),
    ("\\left| x \\right|", Func("abs", (x,))),
    ("\\lfloor x \\rfloor", Func("floor", (x,))),
    ("\\binom{5}{2}", Func("binom", (n(5), n(2)))),
    ("5!", Func("factorial", (n(5),))),
    ("2x", Mul((n(2), x))),
    ("xy", Mul((x, y))),
    ("2(x+1)", Mul((n(2), Add((x, n(1)))))),
    ("2 \\cdot 3", Mul((n(2), n(3)))),
    ("2 \\times 3", Mul((n(2), n(3)))),
    ("6 \\div 3", Div(n(6), n(3))),
    ("\\left( \\frac{1}{2} \\right)", Div(n(1), n(2))),
    ("x - 1", Add((x, Neg(n(1))))),
    ("x_1", Sym("x_1")),
    ("a_{12}", Sym("a_12")),
    ("\\alpha", Sym("alpha")),
    ("10\\%", Percent(n(10))),
    ("10%", Percent(n(10))),
    ("10 percent", Percent(n(10))),
    ("30^\\circ", Degree(n(30))),
    ("30^{\\circ}", Degree(n(30))),
    ("30°", Degree(n(30))),
    ("30 degrees", Degree(n(30))),
    ("5 \\text{ cm}", n(5)),
    ("5\\mathrm{cm}", n(5)),
    ("\\$5", n(5)),
    ("18 dollars", n(18)),
    ("5 of them", n(5)),
    ("\\boxed{7}", n(7)),
    ("x = 4", Rel(("=",), (x, n(4)))),
    ("x \\le 3", Rel(("<=",), (x, n(3)))),
    ("1 < x \\leq 3", Rel(("<", "<="), (n(1), x, n(3)))),
    ("x \\neq 0", Rel(("!=",), (x, n(0)))),
    ("x \\in [0, 1]", Rel(("in",), (x, Group("[", "]", (n(0), n(1)))))),
    ("(1, 2)", Group("(", ")", (n(1), n(2)))),
    ("(1, 3]", Group("(", "]", (n(1), n(3)))),
    ("[0, \\infty)", Group("[", ")", (n(0), INF))),
    ("(-\\infty, 0)", Group("(", ")", (Neg(INF), n(0)))),
    ("\\mathbb{R}", Group("(", ")", (Neg(INF), INF))),
    ("\\{1, 2\\}", SetOf((n(1), n(2)))),
    ("\\left\\{ 1 \\right\\}", SetOf((n(1),))),
    ("\\emptyset", SetOf(())),
    ("(0, 1) \\cup (2, 3)", Union((Group("(", ")", (n(0), n(1))), Group("(", ")", (n(2), n(3)))))),
    ("1, 2", Seq((n(1), n(2)))),
    ("1; 2", Seq((n(1), n(2)))),
    ("x = 1 \\text{ or } x = 2", Seq((Rel(("=",), (x, n(1))), Rel(("=",), (x, n(2)))))),
    ("1 and 2", Seq((n(1), n(2)))),
    ("2 \\pm 1", PlusMinus(n(2), n(1))),
    ("\\pm 1", PlusMinus(None, n(1))),
    ("2 \\mp 1", PlusMinus(n(2), n(1), minus_first=True)),
    ("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", Matrix(((n(1), n(2)), (n(3), n(4))))),
    ("\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}", Matrix(((n(1),), (n(2),)))),
    ("\\begin{array}{cc} 1 & 2 \\end{array}", Matrix(((n(1), n(2)),))),
]


@pytest.mark.parametrize(("text", "tree"), TREES, ids=[t for t, _ in TREES])
def test_notation_parses_to_tree(text: str, tree: object) -> None:
    assert parse(text) == tree


# Text that is not math this parser understands: the grader compares it as text.
REFUSED = [
    "",
    "   ",
    "\\text{(C)}",
    "Tuesday",
    "\\frac{1}",
    "(1, 2",
    "2 3",
    "x = ",
    "\\unknowncommand{x}",
    "\\begin{cases} 1 \\end{cases}",
    "1 + + ",
    "\\ldots",
    "\\|x\\|",
    "\\frac3.5",
    "#",
]


@pytest.mark.parametrize("text", REFUSED)
def test_text_that_is_not_math_is_refused(text: str) -> None:
    with pytest.raises(MathSyntaxError):
        parse(text)


def test_words_units_and_layout_leave_no_tokens() -> None:
    assert tokenize("\\text{ square units} \\quad \\displaystyle") == []


def test_glued_plain_text_function_splits_from_its_variable() -> None:
    assert parse("sinx") == Func("sin", (x,))


def test_thousands_comma_inside_brackets_separates_items() -> None:
    assert parse("(1,234)") == Group("(", ")", (n(1), n(234)))


def test_text_with_digits_keeps_its_math() -> None:
    assert parse("\\text{5 apples}") == n(5)


# -- limits ----------------------------------------------------------------------------------


def test_answer_over_max_chars_is_refused_before_lexing() -> None:
    with pytest.raises(MathLimitError):
        parse("1+" * 600_000 + "1")


def test_ten_thousand_nested_parentheses_hit_the_depth_limit() -> None:
    text = "(" * 10_000 + "1" + ")" * 10_000
    with pytest.raises(MathLimitError):
        parse(text, Limits(max_chars=100_000, max_tokens=100_000))


def test_nesting_just_under_the_limit_parses() -> None:
    assert parse("(" * 20 + "1" + ")" * 20) == n(1)


def test_nested_fractions_hit_the_depth_limit() -> None:
    text = "\\frac{1}{" * 60 + "2" + "}" * 60
    with pytest.raises(MathLimitError):
        parse(text, Limits(max_chars=10_000, max_tokens=10_000))


def test_token_limit_is_enforced() -> None:
    with pytest.raises(MathLimitError):
        parse("+".join(["1"] * 400))


def test_item_limit_is_enforced() -> None:
    with pytest.raises(MathLimitError):
        parse(", ".join(["1"] * 100))


def test_huge_number_literal_is_refused() -> None:
    with pytest.raises(MathLimitError):
        parse("9" * 500)


def test_huge_scientific_exponent_is_refused() -> None:
    with pytest.raises(MathLimitError):
        parse("1e999999")


def test_deeply_nested_text_commands_are_refused() -> None:
    text = "\\text{1" + "\\text{1" * 10 + "}" * 11
    with pytest.raises(MathLimitError):
        parse(text)


@pytest.mark.parametrize(
    "text",
    ["9^9^9^9", "9^{9^{9^{9}}}", "2^{2^{2^{2^{2^{2}}}}}", "x^{10^{9}}", "10^{10^{10}}", "100000!"],
)
def test_huge_powers_and_factorials_are_refused_by_the_guard(text: str) -> None:
    with pytest.raises(MathLimitError):
        guard(parse(text), Limits())


@pytest.mark.parametrize("text", ["2^{100}", "10^{1000}", "x^{100}", "100!", "(-1)^{10^{9}}"])
def test_large_but_reasonable_powers_pass_the_guard(text: str) -> None:
    guard(parse(text), Limits())


# -- exact values ----------------------------------------------------------------------------

EXACT = [
    ("\\frac{1}{2} + 0.25", Fraction(3, 4)),
    ("2^{10}", Fraction(1024)),
    ("2^{-2}", Fraction(1, 4)),
    ("\\sqrt{16}", Fraction(4)),
    ("\\sqrt{\\frac{9}{4}}", Fraction(3, 2)),
    ("8^{2/3}", Fraction(4)),
    ("\\sqrt[3]{-8}", Fraction(-2)),
    ("\\log_2 8", Fraction(3)),
    ("|-3|", Fraction(3)),
    ("\\binom{5}{2}", Fraction(10)),
    ("5!", Fraction(120)),
    ("1.5 \\times 10^{3}", Fraction(1500)),
    ("2 2/3", Fraction(8, 3)),
    ("\\lfloor 2.5 \\rfloor", Fraction(2)),
    ("\\gcd(12, 18)", Fraction(6)),
]


@pytest.mark.parametrize(("text", "value"), EXACT, ids=[t for t, _ in EXACT])
def test_rational_constants_evaluate_exactly(text: str, value: Fraction) -> None:
    assert exact_value(parse(text), Limits()) == value


@pytest.mark.parametrize("text", ["\\sqrt{2}", "\\pi", "x + 1", "\\log_2 3", "1/0", "(-8)^{1/2}"])
def test_irrational_or_undefined_values_are_not_exact(text: str) -> None:
    assert exact_value(parse(text), Limits()) is None


def test_parse_results_are_cached_per_text() -> None:
    assert parse("\\frac{3}{7}") is parse("\\frac{3}{7}")
