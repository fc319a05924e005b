"""A fraction of bracketed plain numbers (``(13)/(4)``, as computer algebra prints it) is
the one number it is, in references and in every rule's answer.

Found by the GSM8K-suite agreement set (reasoning-from-scratch normalises ``\\frac{3}{4}``
to ``(3)/(4)``): a reference ``(13)/(4)`` was refused as not one number, and a reply
``(3)/(4)`` read 4 bound into an expression. A bracket that holds an expression, or one
that follows a word or a number, is still no plain fraction.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from rftkit import load_grader
from rftkit.rewards.bracket_fractions import bracket_fractions
from rftkit.rewards.extract import Extractor, parse_reference
from rftkit.rewards.types import Sample

GSM8K = load_grader("gsm8k")
READ = Extractor(numeric=True)

# (reply, value read or None when refused); before the fix every line read 4 or was refused.
READINGS = [
    ("(3)/(4)", Fraction(3, 4)),  # was 4 (expression)
    ("So she ate (3)/(4) of the cake.", Fraction(3, 4)),  # was 4 (expression)
    ("The answer is (3)/(4).", Fraction(3, 4)),  # was several_numbers
    ("#### (13)/(4)", Fraction(13, 4)),  # was several_numbers
    ("\\boxed{(3)/(4)}", Fraction(3, 4)),  # was several_numbers
    ("x = (-3)/(4)", Fraction(-3, 4)),  # was -3 (multiple_answers)
    ("(3)/(-4)", Fraction(-3, 4)),  # was 4 (expression)
    ("(-3)/(-4)", Fraction(3, 4)),
    ("(3)/4", Fraction(3, 4)),  # was 4 (expression)
    ("3/(4)", Fraction(3, 4)),  # was 4 (expression)
    ("( 3 ) / ( 4 )", Fraction(3, 4)),
    ("So the total is 7/8 = (7)/(8).", Fraction(7, 8)),
    # Still refused: the bracket holds an expression, follows a word or a number, or the
    # fraction goes on (a power, a bracket): no plain number.
    ("She ate (2+1)/(4) of it.", None),
    ("f(3)/(4)", None),
    ("2 (3)/(4)", None),
    ("(3)/(4)^2", None),
    ("(1.5)/(2)", None),  # as 1.5/2 is: a decimal numerator makes no fraction
    # Still a hedge: two fractions joined by "or".
    ("So (3)/(4) or (1)/(2).", None),
]


@pytest.mark.parametrize(("reply", "value"), READINGS)
def test_a_bracketed_fraction_reads_as_its_value(reply: str, value: Fraction | None) -> None:
    found = READ(reply)
    assert found == READ.general(reply), reply  # the fast paths read as the general one
    if value is None:
        assert found.rejected is not None, found
    else:
        assert found.rejected is None, found
        assert found.number is not None and found.number.value == value, found


@pytest.mark.parametrize(
    ("reference", "value"),
    [("(13)/(4)", Fraction(13, 4)), ("(1)/(2)", Fraction(1, 2)), ("(-1)/(2)", Fraction(-1, 2))],
)
def test_a_bracketed_reference_is_one_number(reference: str, value: Fraction) -> None:
    ref = parse_reference(reference)  # was refused: "not one number (several_numbers)"
    assert ref.problem is None and ref.number is not None and ref.number.value == value
    assert GSM8K(Sample.from_text(response="#### 0.5", reference="(1)/(2)")).score == 1.0


@given(
    st.integers(-999, 999),
    st.integers(-999, 999).filter(bool),
    st.sampled_from(["#### {}", "\\boxed{{{}}}", "The answer is {}.", "So she has {} left."]),
)
@example(0, 7, "#### {}")
def test_every_rule_pays_the_bracketed_fraction_and_only_it(
    top: int, bottom: int, form: str
) -> None:
    value = Fraction(top, bottom)
    reply = form.format(f"({top})/({bottom})")
    paid = GSM8K(Sample.from_text(response=reply, reference=str(value)))
    assert paid.score >= 0.9, (reply, paid.explanation)
    # The parts are no answers: neither the numerator nor the denominator is paid when
    # the fraction is not them.
    for part in {top, bottom} - {value}:
        wrong = GSM8K(Sample.from_text(response=reply, reference=str(part)))
        assert wrong.score == 0.0, (reply, part, wrong.explanation)


@given(st.text(alphabet="()/-+ 0123456789.x^", max_size=40))
def test_the_rewrite_only_drops_brackets_and_moves_a_sign(s: str) -> None:
    out = bracket_fractions(s)
    # Digits keep their order; only brackets, spaces and signs can go.
    assert [c for c in out if c.isdigit()] == [c for c in s if c.isdigit()]
    assert len(out) <= len(s)
    assert out.count("/") == s.count("/")
    assert out.count("-") <= s.count("-")
