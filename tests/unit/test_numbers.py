"""Number parsing: every form models write, read to an exact value, within bounds."""

from __future__ import annotations

from fractions import Fraction

import pytest

from rftkit.rewards.numbers import (
    MAX_DIGITS,
    Number,
    clean_latex,
    find_numbers,
    format_value,
    last_number,
    normalize_unicode,
    numbers_equal,
    parse_answer,
    parse_bare_number,
    parse_number,
    strip_calculator_annotations,
    to_fraction,
    within_tolerance,
)

F = Fraction

# (text, expected value, expected percent flag)
ONE_NUMBER = [
    ("72", 72, False),
    ("  72  ", 72, False),
    ("072", 72, False),
    ("72.0", 72, False),
    ("72.", 72, False),
    ("72.50", F(145, 2), False),
    (".5", F(1, 2), False),
    ("1,234", 1234, False),
    ("12,345.67", F(1234567, 100), False),
    ("1,000,000", 1_000_000, False),
    ("$1,234.50", F(2469, 2), False),
    ("\\$5", 5, False),
    ("€20", 20, False),
    ("£3.50", F(7, 2), False),
    ("50%", 50, True),
    ("50 %", 50, True),
    ("50\\%", 50, True),
    ("50 percent", 50, True),
    ("-5", -5, False),
    ("\u22125", -5, False),
    ("(-5)", -5, False),
    ("-$5", -5, False),
    ("18 dollars", 18, False),
    ("5 hours.", 5, False),
    ("x = 5", 5, False),
    ("3*4 = 12", 12, False),
    ("3/4", F(3, 4), False),
    ("-3/4", F(-3, 4), False),
    ("2 2/3", F(8, 3), False),
    ("-2 2/3", F(-8, 3), False),
    ("2 2/3 cups", F(8, 3), False),
    ("1.5e3", 1500, False),
    ("2E-2", F(1, 50), False),
    ("3 \\times 10^{4}", 30000, False),
    ("1.5 x 10^3", 1500, False),
    ("2^{10}", 1024, False),
    ("10^{-3}", F(1, 1000), False),
    ("\\frac{3}{4}", F(3, 4), False),
    ("\\dfrac{1}{2}", F(1, 2), False),
    ("\\tfrac{1}{2}", F(1, 2), False),
    ("\\frac12", F(1, 2), False),
    ("-\\frac{1}{2}", F(-1, 2), False),
    ("2\\frac{1}{2}", F(5, 2), False),
    ("\\frac{6}{3}", 2, False),
    ("\\text{18}", 18, False),
    ("18 \\text{ dollars}", 18, False),
    ("\\boxed{\\$18}", 18, False),
    ("$18$", 18, False),
    ("1\\,234", 1234, False),
    ("1{,}234", 1234, False),
    ("90^\\circ", 90, False),
    ("5 m^2", 5, False),
    ("<<3*4=12>>12", 12, False),
    ("\u0667\u0662", 72, False),  # Arabic-Indic digits
    ("\uff17\uff12", 72, False),  # full-width digits
    ("\u0967\u0968", 12, False),  # Devanagari digits
    ("7\u200b2", 72, False),  # a zero-width space is deleted, not a separator
]


@pytest.mark.parametrize(("text", "value", "percent"), ONE_NUMBER)
def test_one_number_is_read_exactly(text: str, value: int | Fraction, percent: bool) -> None:
    result = parse_answer(text)
    assert result.reason is None
    assert result.number == Number(value, percent)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,5", "several_numbers"),  # not a decimal comma
        ("1,23", "several_numbers"),  # not a thousands group
        ("0,5", "several_numbers"),
        ("1234,567", "several_numbers"),
        ("12 or 15", "several_numbers"),
        ("12, 15", "several_numbers"),
        ("3-4", "several_numbers"),
        ("5/0", "several_numbers"),
        ("2 3/2", "several_numbers"),  # not a proper mixed number
        ("1 2345", "several_numbers"),  # a space before no group of three: two numbers
        ("", "no_number"),
        ("forty-two", "no_number"),
        ("1e99999", "number_too_large"),
        ("9" * (MAX_DIGITS + 1), "number_too_large"),
        ("x" * 5000, "answer_too_long"),
    ],
)
def test_text_that_is_not_one_number_says_why(text: str, reason: str) -> None:
    result = parse_answer(text)
    assert result.number is None
    assert result.reason == reason


def test_mixed_number_is_never_its_whole_part() -> None:
    assert parse_number("2 2/3") != Number(2)


def test_seventy_two_point_zero_equals_seventy_two() -> None:
    assert parse_number("72.0") == parse_number("72")


def test_huge_exponent_builds_no_huge_value() -> None:
    # Would be a 100,000-digit integer if the bound were missing.
    assert parse_number("1e100000") is None
    assert parse_number("10^{100000}") is None


def test_very_long_digit_run_is_bounded() -> None:
    tokens = find_numbers("1" * 200_000)
    assert len(tokens) == 1
    assert tokens[0].number is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u0667\u0662", "72"),
        ("\u2212 5", "- 5"),
        ("a\u200bb\ufeffc\u00add", "abcd"),
        ("1\u00a02", "1 2"),
        ("\uff04\uff15\uff10\uff05", "$50%"),
        ("\u00bd", " 1/2"),
        ("\u0661\u066b\u0665", "1.5"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_unicode_is_normalised(text: str, expected: str) -> None:
    assert normalize_unicode(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9 * 2 = $<<9*2=18>>18", "9 * 2 = $18"),
        ("a <<1+1=2>>2 and <<2*3=6>>6", "a 2 and 6"),
        ("no annotation", "no annotation"),
        ("x << 3 on one\nline >> y", "x << 3 on one\nline >> y"),  # spans lines: kept
        ("<<" + "1" * 300 + ">>", "<<" + "1" * 300 + ">>"),  # too long: kept
    ],
)
def test_calculator_annotations_are_removed(text: str, expected: str) -> None:
    assert strip_calculator_annotations(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\\$5", "5"),
        ("50\\%", "50%"),
        ("\\text{ dollars}", "  dollars}"),
        ("1{,}234", "1,234"),
        ("\\frac{3}{4}", " 3/4"),
        ("\\frac{x}{2}", " (x)/(2)"),
        ("plain", "plain"),
    ],
)
def test_latex_markup_is_reduced(text: str, expected: str) -> None:
    assert clean_latex(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she has 7 apples.", Number(7)),
        ("3 + 4 = 7, so she has 7 apples and 2 2/3 pies", Number(F(8, 3))),
        ("total: $1,234.50", Number(F(2469, 2))),
        ("= \\frac{3}{4}", Number(F(3, 4))),
        ("it is 3 \\times 10^{4}", Number(30000)),
        ("rate 50%", Number(50, True)),
        ("minus -5", Number(-5)),
        ("x" * 100_000 + " 42 " + "y" * 100_000, Number(42)),
    ],
)
def test_last_number_reads_only_the_final_number(text: str, expected: Number) -> None:
    tok = last_number(text)
    assert tok is not None
    assert tok.number == expected


def test_last_number_of_text_without_digits_is_none() -> None:
    assert last_number("no digits at all") is None


def test_last_number_longer_than_its_reach_has_no_value() -> None:
    tok = last_number("x " + "9" * 1000)
    assert tok is not None
    assert tok.number is None


def test_find_numbers_splits_non_thousands_commas() -> None:
    values = [t.number.value for t in find_numbers("1,5 and 1,234 and 3,4,5") if t.number]
    assert values == [1, 5, 1234, 3, 4, 5]


def test_minus_after_a_word_or_digit_is_not_a_sign() -> None:
    values = [t.number.value for t in find_numbers("10-4 x-3 (-2) -1") if t.number]
    assert values == [10, 4, 3, -2, -1]


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (Number(72), Number(F(72)), True),
        (Number(50, True), Number(F(1, 2)), True),
        (Number(50, True), Number(50), True),
        (Number(F(1, 2)), Number(50, True), True),
        (Number(50, True), Number(5), False),
        (Number(1), Number(2), False),
    ],
)
def test_numbers_equal_is_exact_and_knows_percentages(a: Number, b: Number, equal: bool) -> None:
    assert numbers_equal(a, b) is equal
    assert numbers_equal(b, a) is equal


@pytest.mark.parametrize(
    ("a", "b", "abs_tol", "rel_tol", "ok"),
    [
        (Number(100), Number(101), 0, 0.01, True),
        (Number(100), Number(102), 0, 0.01, False),
        (Number(F(1, 10)), Number(F(1, 5)), 0.1, 0, True),  # exactly on the boundary
        (Number(F(1, 10)), Number(F(21, 100)), 0.1, 0, False),
        (Number(0), Number(0), 0, 0, True),
        (Number(50, True), Number(F(51, 100)), 0.01, 0, True),
    ],
)
def test_within_tolerance_is_exact_and_symmetric(
    a: Number, b: Number, abs_tol: float, rel_tol: float, ok: bool
) -> None:
    atol, rtol = to_fraction(abs_tol), to_fraction(rel_tol)
    assert within_tolerance(a, b, atol, rtol) is ok
    assert within_tolerance(b, a, atol, rtol) is ok


def test_tolerance_is_the_decimal_written_not_the_binary_float() -> None:
    assert to_fraction(0.1) == F(1, 10)


@pytest.mark.parametrize(
    ("value", "text"),
    [(72, "72"), (F(-1, 8), "-0.125"), (F(8, 3), "8/3"), (F(5, 1), "5"), (F(1, 100), "0.01")],
)
def test_format_value_is_canonical(value: int | Fraction, text: str) -> None:
    assert format_value(value) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [("72", 72), ("\\$1,234.00", 1234), ("50%", 50), ("-3.5", F(-7, 2)), ("\\frac{1}{2}", F(1, 2))],
)
def test_bare_number_accepts_markup_around_one_number(text: str, value: int | Fraction) -> None:
    number = parse_bare_number(text)
    assert number is not None
    assert number.value == value


@pytest.mark.parametrize("text", ["18 dollars", "x = 5", "12 or 15", "Paris", ""])
def test_bare_number_rejects_words(text: str) -> None:
    assert parse_bare_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("72 thousand", 72_000),
        ("1.5 million", 1_500_000),
        ("$2 billion", 2_000_000_000),
        ("3 hundred", 300),
        ("72k", 72_000),
        ("72K", 72_000),
        ("72 Thousand dollars", 72_000),
    ],
)
def test_scale_words_multiply(text: str, value: int) -> None:
    number = parse_number(text)
    assert number is not None
    assert number.value == value


@pytest.mark.parametrize(("text", "value"), [("5 hours", 5), ("5 km", 5), ("3 boxes", 3)])
def test_words_that_only_start_like_a_scale_are_units(text: str, value: int) -> None:
    number = parse_number(text)
    assert number is not None
    assert number.value == value


def test_long_text_is_normalised_like_its_short_pieces() -> None:
    piece = "\u0667\u0662 \u200bx\u00bd \u2212\u2019 \uff03\u00a0"
    long_text = piece * 500  # over the size where the whole-text table is used
    assert normalize_unicode(long_text) == normalize_unicode(piece) * 500
