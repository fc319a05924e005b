"""Powers are read as powers: ``18²`` is 324, and an equation with a power can hold.

``#### 18²`` paid 18 (the superscript was dropped, so a reply stating 324 was paid for the
reference 18 and refused for 324), and every final sentence computing with ``^``
(``So 2^3 = 8 cubes.``) was ``multiple_answers``: the equation reader did not take ``^``
into the left side, so it checked ``3 = 8``. A superscript after a letter is a unit
(``18 m²``) and stays one.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.numbers import normalize_unicode

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _sup(n: int) -> str:
    return str(n).translate(_SUPERSCRIPT)


@pytest.fixture(scope="module")
def gsm8k() -> rftkit.BoundGrader:
    return rftkit.load_grader("gsm8k")


def _read(grader: rftkit.BoundGrader, text: str, reference: str) -> tuple[bool, str | None]:
    reward = grader(Sample.from_text(response=text, reference=reference))
    return reward.score >= 0.9, reward.answer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18²", "18^2"),
        ("18³ and 2⁻¹", "18^3 and 2^-1"),
        ("10¹²", "10^12"),
        ("(3+3)²", "(3+3)^2"),
        ("１８²", "18^2"),  # full-width digits first, then the power
        ("18 m²", "18 m²"),  # a unit: after a letter
        ("x²", "x²"),
        ("²", "²"),
        ("a ² b", "a ² b"),
    ],
)
def test_superscript_powers_after_a_digit_are_written_with_a_caret(
    text: str, expected: str
) -> None:
    assert normalize_unicode(text) == expected


# (reply, reference, paid)
CASES = [
    ("#### 18²", "324", True),
    ("#### 18²", "18", False),
    ("#### 18³", "5832", True),
    ("#### 2⁻¹", "0.5", True),
    ("The answer is 18².", "324", True),
    ("The answer is 18².", "18", False),
    ("\\boxed{18²}", "324", True),
    ("So she makes 18² dollars.", "324", True),
    ("So she makes 18² dollars.", "18", False),
    # A unit with a superscript binds nothing.
    ("The area is 18 m².", "18", True),
    ("So the area is 6 × 6 = 36 ft².", "36", True),
    ("The area is 18 m².\n#### 18", "18", True),
    # Equations with powers are checked like any other.
    ("So the area is 6^2 = 36 square feet.", "36", True),
    ("So the area is 6² = 36 square feet.", "36", True),
    ("So 2^3 = 8 cubes.", "8", True),
    ("So 2^10 = 1024 bytes.", "1024", True),
    ("Total: 3^2 + 4^2 = 25.", "25", True),
    ("So 2^3 = 9 cubes.", "9", False),  # does not hold: 8 or 9?
    ("So 2^3 = 9 cubes.", "8", False),
    ("So 10^1000 = 5.", "5", False),
    ("So x^2 = 36.", "36", True),  # algebra: a label, as "x = 36"
]


@pytest.mark.parametrize(("text", "reference", "paid"), CASES)
def test_powers_in_replies(
    gsm8k: rftkit.BoundGrader, text: str, reference: str, paid: bool
) -> None:
    assert _read(gsm8k, text, reference)[0] is paid


@given(
    base=st.integers(2, 40),
    exponent=st.integers(2, 4),
    superscript=st.booleans(),
    off=st.integers(-3, 3),
)
def test_a_power_equation_pays_its_result_only_when_it_holds(
    gsm8k: rftkit.BoundGrader, base: int, exponent: int, superscript: bool, off: int
) -> None:
    power = f"{base}{_sup(exponent)}" if superscript else f"{base}^{exponent}"
    result = base**exponent + off
    text = f"The tiles cover {power} = {result} square inches."
    paid, answer = _read(gsm8k, text, str(result))
    assert paid is (off == 0), (text, answer)


@given(base=st.integers(2, 99), exponent=st.integers(2, 3))
def test_a_power_answer_is_its_value_not_its_base(
    gsm8k: rftkit.BoundGrader, base: int, exponent: int
) -> None:
    for text in (f"#### {base}{_sup(exponent)}", f"The answer is {base}{_sup(exponent)}."):
        assert _read(gsm8k, text, str(base**exponent))[0], text
        assert not _read(gsm8k, text, str(base))[0], text


# -- a bracket raised to a power ("(3+3)^2 = 36"): the equation checker reads the power -----

BRACKET_POWERS = [
    ("So (3+3)^2 = 36.", "36", True),
    ("So (2+3)^2 = 25.", "25", True),
    ("So the area is (3+3)\u00b2 = 36 square feet.", "36", True),  # superscript: "^2"
    ("(2+3)^2 = 25", "25", True),
    ("So (1/2)^2 = 0.25.", "0.25", True),
    ("So (-2)^3 = -8.", "-8", True),
    ("So (2)^-1 = 0.5.", "0.5", True),
    ("So (4 - 1)^2 * 2 = 18 tiles.", "18", True),
    ("So 2 * (1 + 2)^2 = 18 tiles.", "18", True),
    # Wrong, or too large to compute: the equation does not hold, several answers.
    ("So (3+3)^2 = 35.", "35", False),
    ("So (3+3)^2 = 35.", "36", False),
    ("So (2+3)^2 = 10.", "10", False),  # not (2+3)*2
    ("So (3+3)^999999 = 36.", "36", False),
    ("So (10)^100000000000 = 5.", "5", False),
    ("So (0)^-1 = 0.", "0", False),
    ("So (2)^x = 4.", "4", False),  # a variable exponent is no value
]


@pytest.mark.parametrize(("text", "reference", "paid"), BRACKET_POWERS)
def test_bracket_powers_in_equations(
    gsm8k: rftkit.BoundGrader, text: str, reference: str, paid: bool
) -> None:
    assert _read(gsm8k, text, reference)[0] is paid


@given(
    a=st.integers(1, 30),
    b=st.integers(0, 30),
    exponent=st.integers(0, 5),
    off=st.integers(-2, 2),
    superscript=st.booleans(),
)
def test_a_bracket_power_equation_pays_its_result_only_when_it_holds(
    gsm8k: rftkit.BoundGrader, a: int, b: int, exponent: int, off: int, superscript: bool
) -> None:
    power = _sup(exponent) if superscript else f"^{exponent}"
    result = (a + b) ** exponent + off
    text = f"So the tiles cover ({a} + {b}){power} = {result} square inches."
    paid, answer = _read(gsm8k, text, str(result))
    assert paid is (off == 0), (text, answer)


@given(exponent=st.integers(-(10**12), 10**12), base=st.integers(-(10**6), 10**6))
def test_a_bracket_power_is_bounded(exponent: int, base: int) -> None:
    from rftkit.rewards.equations import evaluate_expression

    value = evaluate_expression(f"({base})^{exponent}")  # must return at once, never hang
    if value is not None and base not in (0, 1, -1):
        assert abs(exponent) * max(1, abs(base).bit_length() - 1) <= 1400
