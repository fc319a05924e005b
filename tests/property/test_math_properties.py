"""Invariants of math equivalence (hypothesis): reflexive, symmetric, bounded, never raising."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.rewards.builtin.math import math as math_grader
from rftkit.rewards.mathexpr.equiv import Equivalence, Options, decide
from rftkit.rewards.mathexpr.nodes import MathLimitError, MathSyntaxError
from rftkit.rewards.mathexpr.parser import parse
from rftkit.rewards.mathexpr.to_sympy import SympyBackend
from rftkit.rewards.types import Sample

ATOMS = ["0", "1", "2", "3", "7", "0.5", "12", "x", "y", "\\pi", "e", "i", "\\infty"]


def _expressions() -> st.SearchStrategy[str]:
    atom = st.sampled_from(ATOMS)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        pair = st.tuples(inner, inner)
        return st.one_of(
            pair.map(lambda p: f"{p[0]} + {p[1]}"),
            pair.map(lambda p: f"{p[0]} - {p[1]}"),
            pair.map(lambda p: f"{p[0]} \\cdot {p[1]}"),
            pair.map(lambda p: f"\\frac{{{p[0]}}}{{{p[1]}}}"),
            inner.map(lambda a: f"({a})^{{2}}"),
            inner.map(lambda a: f"\\sqrt{{{a}}}"),
            inner.map(lambda a: f"-({a})"),
            inner.map(lambda a: f"\\sin({a})"),
            inner.map(lambda a: f"\\ln({a})"),
        )

    return st.recursive(atom, extend, max_leaves=6)


expressions = _expressions()
answers = st.one_of(
    expressions,
    st.lists(expressions, min_size=2, max_size=3).map(", ".join),
    st.tuples(expressions, expressions).map(lambda p: f"({p[0]}, {p[1]}]"),
    st.lists(expressions, min_size=1, max_size=3).map(lambda xs: "\\{" + ", ".join(xs) + "\\}"),
    expressions.map(lambda a: f"x = {a}"),
    expressions.map(lambda a: f"x \\le {a}"),
    expressions.map(lambda a: f"{a} \\pm 1"),
)
FRAGMENTS = [
    "\\frac{", "}", "{", "\\sqrt", "^", "_", "(", ")", "[", "]", "\\{", "\\}", ",", "=", "<",
    "\\le", "\\pm", "\\cup", "|", "!", "%", "^\\circ", "\\text{ or }", "\\left(", "\\right)",
    "\\begin{pmatrix}", "&", "\\\\", "\\end{pmatrix}", "0.\\overline{3}", "2 2/3", "9^9^9",
    "x", "e", "i", "\\pi", "1", "0", "-", "+", "\\cdot", "\\infty", "\\emptyset", " ",
]  # fmt: skip
messy = st.one_of(
    st.text(max_size=60), st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BACKEND = SympyBackend()


@FAST
@given(answers)
def test_equivalence_is_reflexive(text: str) -> None:
    verdict = decide(text, text)
    assert verdict.equal is True or verdict.flags == ("limit",)


@FAST
@given(answers, answers)
def test_equivalence_is_symmetric_without_sympy(a: str, b: str) -> None:
    assert decide(a, b).equal == decide(b, a).equal


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, expressions)
def test_equivalence_is_symmetric_with_sympy(a: str, b: str) -> None:
    assert decide(a, b, backend=BACKEND).equal == decide(b, a, backend=BACKEND).equal


@FAST
@given(expressions)
def test_an_expression_equals_itself_rearranged(a: str) -> None:
    verdict = decide(f"({a}) + 1", f"1 + ({a})", backend=BACKEND)
    assert verdict.equal is True or verdict.flags == ("limit",)


@FAST
@given(messy, messy)
def test_decide_never_raises_on_any_text(a: str, b: str) -> None:
    assert isinstance(decide(a, b, Options()), Equivalence)


@FAST
@given(messy)
def test_parse_raises_only_its_own_errors(text: str) -> None:
    # Any other exception fails the test; these two are the documented outcomes.
    with contextlib.suppress(MathSyntaxError, MathLimitError):
        parse(text)


GRADER = math_grader(time_budget=None)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy, st.sampled_from(["1", "\\frac{1}{2}", "(1, 2]", "x + 1", "\\{1, 2\\}"]))
def test_grader_score_is_zero_or_one_for_any_reply(reply: str, reference: str) -> None:
    reward = GRADER(Sample.from_text(response=f"\\boxed{{{reply}}}", reference=reference))
    assert reward.score in (0.0, 1.0)
    assert reward.metric("correct") == reward.score


# -- issue 11: overflow, underflow and oversized boxes never agree -----------------------------

_REFERENCES = ["72", "\\frac{\\sqrt{3}}{2}", "2\\pi", "x = 4", "\\sqrt{2}", "-3", "x + 1", "e^{5}"]
_HUGE = ["e^{{{k}}}", "\\exp({k})", "\\cosh({k})", "\\pi^{{{k}}}", "10^{{{k}}}", "-e^{{{k}}}"]
_BACKEND = SympyBackend()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_REFERENCES),
    st.sampled_from(_HUGE),
    st.integers(min_value=800, max_value=9000),
)
def test_a_value_past_float_range_never_equals_a_moderate_reference(
    reference: str, template: str, k: int
) -> None:
    verdict = decide(reference, template.format(k=k), Options(), _BACKEND)
    assert verdict.equal is not True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_REFERENCES), st.integers(min_value=400, max_value=9000))
def test_a_vanishing_term_still_makes_a_different_value(reference: str, k: int) -> None:
    lhs = reference.rsplit("=", maxsplit=1)[-1]
    verdict = decide(lhs, f"{lhs} + e^{{-{k}}}", Options(), _BACKEND)
    assert verdict.equal is False


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["1", "72", "x", "\\frac{1}{2}"]),
    st.integers(min_value=1001, max_value=40000),
    st.sampled_from(["\\boxed{", "\\fbox{", "\\boxed {"]),
    st.booleans(),
)
def test_an_oversized_or_unclosed_box_is_never_paid(
    reference: str, size: int, marker: str, closed: bool
) -> None:
    g = math_grader(time_budget=None)
    reply = f"So {marker}{'x+' * size}{reference}" + ("}" if closed else "")
    reward = g(Sample.from_text(response=reply, reference=reference))
    assert (reward.score, reward.metric("limit")) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("a", "b"),
    [("0", r"\sqrt{\sin(\sin(\infty))}"), (r"\sqrt{-((1)^{2})}", r"\sin(-(\sin(\infty)))")],
)
def test_pairs_sympy_cannot_simplify_are_unequal_both_ways(a: str, b: str) -> None:
    # Found by hypothesis: simplify raised "Only real AccumulationBounds are supported".
    assert decide(a, b, backend=BACKEND).equal is False
    assert decide(b, a, backend=BACKEND).equal is False
