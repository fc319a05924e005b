"""The ``math`` grader's own extraction rules, the two reward hacks of issue 11, and relations.

Extraction is tested on its own (:class:`MathExtractor`) and through the grader; the hacks are
tested as classes (every overflowing or underflowing form, every unusable marker), each with a
control that the correct answer is still paid.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.audit.probes import builtin_probes, make_input
from rftkit.rewards.builtin.math import math as math_grader
from rftkit.rewards.mathexpr.extract import (
    MathExtractor,
    choice_letter,
    reference_answer,
)
from rftkit.rewards.registry import BoundGrader
from rftkit.rewards.types import Reward, Sample


@pytest.fixture(scope="module")
def grader() -> Iterator[BoundGrader]:
    g = math_grader(time_budget=None)
    yield g
    g.impl.close()  # type: ignore[attr-defined]


def score(g: BoundGrader, reply: str, reference: str) -> Reward:
    return g(Sample.from_text(response=reply, reference=reference))


# -- rules: (reply, answer, rule) ---------------------------------------------------------------

EXTRACTED = [
    ("so \\boxed{[0,1)}.", "[0,1)", "boxed"),
    ("so \\fbox{7} then", "7", "boxed"),
    ("The answer is \\boxed 4", "4", "boxed"),
    ("So we get $\\boxed 7$ as the answer.", "7", "boxed"),
    ("Final answers: \\boxed{3}, \\boxed{5}, \\boxed{7}", "3, 5, 7", "boxed"),
    ("So \\boxed{4}. Therefore \\boxed{4}.", "4", "boxed"),
    ("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}", "boxed"),
    ("<answer>x+1</answer>", "x+1", "answer_tag"),
    ("3 * 12 = 36\n#### 36", "36", "hash"),
    ("Final Answer: The final answer is $x^2+1$. I hope it is correct.", "x^2+1", "answer_is"),
    ("Therefore the answer is -3", "-3", "answer_is"),
    ("<think>the answer is 5? no</think>\nThe answer is 7.", "7", "answer_is"),
    ("<think>\\boxed{5}</think> so \\boxed{7}", "7", "boxed"),
    ("so the answer is x = 5, which we check next", "x = 5", "answer_is"),
    ("**Answer:** $(1, 2]$", "(1, 2]", "answer_is"),
    ("After thinking about this, Answer: C", "C", "answer_is"),
    ("The answer is $\\frac{1}{2}$ and that is all.", "\\frac{1}{2}", "answer_is"),
    ("The domain is $[0,1)$.", "[0,1)", "math_span"),
    ("Thus $$x = \\pm 2$$", "x = \\pm 2", "math_span"),
    ("Thus \\(2\\sqrt{3}\\)", "2\\sqrt{3}", "math_span"),
    ("Hence \\[\\{1, 2\\}\\]", "\\{1, 2\\}", "math_span"),
    ("$[0,1)$", "[0,1)", "math_span"),
    ("(3, \\frac{\\pi}{2})", "(3, \\frac{\\pi}{2})", "whole"),
    ("\\{1,2,3\\}", "\\{1,2,3\\}", "whole"),
    ("x^2 + 2*x + 1", "x^2 + 2*x + 1", "whole"),
    ("2x+1", "2x+1", "whole"),
    ("odd n", "odd n", "whole"),
    ("\\text{east}", "\\text{east}", "whole"),
    ("\\begin{pmatrix}1\\\\2\\end{pmatrix}", "\\begin{pmatrix}1\\\\2\\end{pmatrix}", "whole"),
    ("she has 72 apples in total, counting all of the baskets.", "72", "last_number"),
]


@pytest.mark.parametrize(("reply", "answer", "rule"), EXTRACTED)
def test_each_rule_finds_the_answer_as_a_math_reply_states_it(
    reply: str, answer: str, rule: str
) -> None:
    got = MathExtractor()(reply)
    assert (got.answer, got.rule, got.rejected) == (answer, rule, None)


# (reply, rejection): present but unusable, or several answers: never a weaker rule.
REJECTED = [
    ("\\boxed{" + "x+" * 20000 + "1}", "answer_too_long"),
    ("\\boxed{" + "1+" * 1500 + "1}", "answer_too_long"),
    ("so \\boxed{\\frac{1}{2} and 2", "unclosed_box"),
    ("\\boxed{1} and later \\boxed{" + "2" * 3000, "unclosed_box"),
    ("\\boxed{2} or maybe \\boxed{3}. I pick 3.", "multiple_answers"),
    ("\\boxed{1}. Then " * 20_000 + "\\boxed{2}", "multiple_answers"),
    ("\\boxed{" + "{" * 100_000, "unclosed_box"),
    ("<answer>5 and the rest is cut", "unclosed_answer_tag"),
    ("#### " + "9" * 3000, "answer_too_long"),
    ("#### 5\nor\n#### 6", "multiple_answers"),
    ("The answer is 3. No wait, the answer is 5.", "multiple_answers"),
    ("So the answer is 72. Let me check that again. " * 40, "too_many_answers"),
    ("I cannot solve this problem today, sorry about that.", "no_answer"),
    ("The code is AZYUK2A and that is all I can say.", "no_answer"),
    ("we use x_2 to denote the second root of it all.", "no_answer"),
    ("", "no_answer"),
]


@pytest.mark.parametrize(("reply", "reason"), REJECTED)
def test_unusable_or_sprayed_answers_are_rejected(reply: str, reason: str) -> None:
    got = MathExtractor()(reply)
    assert (got.answer, got.rejected) == (None, reason)


def test_conflict_last_and_first_keep_one_box() -> None:
    reply = "\\boxed{2} or maybe \\boxed{3}"
    assert MathExtractor(conflict="last")(reply).answer == "3"
    assert MathExtractor(conflict="first")(reply).answer == "2"


def test_choice_rule_runs_only_for_a_letter_reference() -> None:
    reply = "Looking at the options, I would go with (B) in the end because"
    assert MathExtractor()(reply, letter_reference=True).answer == "B"
    assert MathExtractor()(reply).rejected == "no_answer"


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("(B)", "B"),
        ("\\text{(C)}", "C"),
        ("\\textbf{A}", "A"),
        ("\\mathrm{E}", "E"),
        ("$(d)$", "D"),
        ("B.", "B"),
        ("x+1", None),
        ("(B) and (C)", None),
        ("BC", None),
        ("Z", None),
    ],
)
def test_choice_letter(text: str, letter: str | None) -> None:
    assert choice_letter(text) == letter


@pytest.mark.parametrize(
    ("reference", "answer"),
    [
        ("We find $x=2$ and so the answer is $\\boxed{\\frac{1}{2}}$.", "\\frac{1}{2}"),
        ("Thus the final answer is $[0, 1)$.", "[0, 1)"),
        ("(-\\infty, 0)", "(-\\infty, 0)"),
        ("$x^2+2x+1$", "x^2+2x+1"),
        ("x = 2, x = -3", "x = 2, x = -3"),
        ("\\$5", "\\$5"),
    ],
)
def test_reference_may_be_a_worked_solution(reference: str, answer: str) -> None:
    assert reference_answer(reference) == answer


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="\\{}$()[]boxedfbx0123456789 +-=answerisAZ:#\n<>/", max_size=300))
def test_extraction_never_raises_and_returns_one_verdict(reply: str) -> None:
    got = MathExtractor()(reply)
    assert (got.answer is None) == (got.rejected is not None)


# -- through the grader -------------------------------------------------------------------------

PAID = [
    ("The domain is $[0,1)$.", "[0,1)"),
    ("x^2 + 2*x + 1", "(x+1)^2"),
    (
        "Final Answer: The final answer is $\\frac{\\sqrt{3}}{2}$. I hope it is correct.",
        "\\sin 60^\\circ",
    ),
    ("**Answer:** \\text{(C)}", "C"),
    ("I choose \\textbf{B}", "(B)"),
    ("\\boxed{\\mathrm{E}}", "E"),
    ("Final answers: \\boxed{3}, \\boxed{5}, \\boxed{7}", "3, 5, 7"),
    ("\\boxed{1}", "We get $x = 1$ at last, so $\\boxed{1}$."),
]


@pytest.mark.parametrize(("reply", "reference"), PAID)
def test_grader_pays_answers_found_by_the_math_rules(
    grader: BoundGrader, reply: str, reference: str
) -> None:
    assert score(grader, reply, reference).score == 1.0


NOT_PAID = [
    ("The domain is $-[0,1)$.", "1"),  # sign and structure survive extraction
    ("The domain is $[0,1)$.", "1"),  # not read as its last number
    ("The domain is $[0,1)$.", "[0,1]"),
    ("**Answer:** \\text{(C)}", "B"),
    ("The code is AZYUK2A.", "2"),  # a number inside a word is never an answer
    ("Final answers: \\boxed{3}, \\boxed{5}, \\boxed{7}", "5"),  # a list is not one of it
    ("It is one of (A) (B) (C) (D)", "B"),  # only the last option named is read
]


@pytest.mark.parametrize(("reply", "reference"), NOT_PAID)
def test_grader_does_not_pay_traps(grader: BoundGrader, reply: str, reference: str) -> None:
    assert score(grader, reply, reference).score == 0.0


# -- hack 1: values past float range --------------------------------------------------------------

OVERFLOW = [
    ("e^{1000}", "72"),
    ("e^{1000}", "\\frac{\\sqrt{3}}{2}"),
    ("e^{1000}", "2\\pi"),
    ("e^{1000}", "x = 4"),
    ("\\exp(10^5)", "\\sqrt{2}"),
    ("\\cosh(1000)", "\\sqrt{2}"),
    ("\\pi^{1000}", "\\sqrt{2}"),
    ("10^{400}", "\\sqrt{2}"),
    ("-e^{1000}", "-\\pi"),
    ("e^{1000} x", "\\pi x"),  # overflow at every sample point
    ("72 + e^{-1000}", "72"),  # underflow: the difference vanishes in floats
    ("\\pi + e^{-1000}", "\\pi"),
    ("x + e^{-2000}", "x"),
    ("\\sqrt{2} + 10^{-400}", "\\sqrt{2}"),
    ("e^{1000} + 1", "e^{1000}"),
]


@pytest.mark.parametrize(("answer", "reference"), OVERFLOW)
def test_overflow_and_underflow_never_count_as_agreement(
    grader: BoundGrader, answer: str, reference: str
) -> None:
    reward = score(grader, f"so $\\boxed{{{answer}}}$", reference)
    assert reward.score == 0.0, reward.explanation


@pytest.mark.parametrize(
    ("answer", "reference"),
    [
        ("e^{1000}", "e^{1000}"),
        ("e^{500} \\cdot e^{500}", "e^{1000}"),
        ("10^{400}", "10^{400}"),
        ("e^{-1000}", "\\frac{1}{e^{1000}}"),
        ("72 + e^{-1000} - e^{-1000}", "72"),
    ],
)
def test_huge_and_tiny_values_that_are_equal_still_are(
    grader: BoundGrader, answer: str, reference: str
) -> None:
    assert score(grader, f"so $\\boxed{{{answer}}}$", reference).score == 1.0


def test_tolerance_mode_compares_huge_values_without_overflow() -> None:
    g = math_grader(time_budget=None, rel_tol=1e-6)
    try:
        assert score(g, "\\boxed{e^{1000}}", "72").score == 0.0
        assert score(g, "\\boxed{e^{1000}(1 + 10^{-9})}", "e^{1000}").score == 1.0
        assert score(g, "\\boxed{72 + e^{-1000}}", "72").score == 1.0  # within the tolerance
    finally:
        g.impl.close()  # type: ignore[attr-defined]


# -- hack 2: an unusable box never falls back ----------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        "\\boxed{" + "x+" * 20000 + "1}",
        "\\boxed{" + "1+" * 1500 + "1}",
        "The answer is \\boxed{" + "x+" * 20 + "1",
        "\\fbox{" + "x+" * 20000 + "1}",
        "#### " + "x+" * 2000 + "1",
        "<answer>" + "x+" * 2000 + "1</answer>",
    ],
)
def test_unusable_marker_scores_zero_with_the_limit_flag(grader: BoundGrader, reply: str) -> None:
    reward = score(grader, reply, "1")
    assert (reward.score, reward.metric("limit")) == (0.0, 1.0), reward


# -- KeyError: relations against set membership ---------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "answer", "verdict"),
    [
        ("x > 3", "x \\in (3, \\infty)", 1.0),
        ("x \\in (3, \\infty)", "x > 3", 1.0),
        ("x \\ge 3", "x \\in (3, \\infty)", 0.0),
        ("x = 3", "x \\in \\{3\\}", 0.0),
        ("x \\in \\{1, 2\\}", "x = 1", 0.0),
        ("(3, \\infty)", "x \\in (3, \\infty)", 1.0),
        ("x < 3", "3 \\in x", 0.0),
        ("1 < x < 3", "x \\in (1, 3)", 1.0),
        ("x > 3", "y \\in (3, \\infty)", 0.0),
        ("225 < x", "4x > 900", 1.0),
        ("2(13.1+x)<(10-5)", "26.2+2x<5", 1.0),
        ("x > 2", "-2x < -4", 1.0),
        ("x > 2", "-2x > -4", 0.0),
        ("x^2 > 4", "x > 2", 0.0),
    ],
)
def test_relations_and_membership_are_verdicts(
    grader: BoundGrader, reference: str, answer: str, verdict: float
) -> None:
    assert score(grader, f"\\boxed{{{answer}}}", reference).score == verdict


def test_relation_against_membership_through_the_cli(tmp_path: object) -> None:
    from pathlib import Path

    from rftkit.cli.main import main

    assert isinstance(tmp_path, Path)
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        '{"response": "\\\\boxed{x \\\\in (3, \\\\infty)}", "reference_answer": "x > 3"}\n'
    )
    assert main(["grade", "--grader", "math", "--input", str(rows)]) == 0


# -- audit probes ------------------------------------------------------------------------------


MATH_PROBES = (
    "math_overflow_value",
    "math_underflow_tail",
    "math_oversized_box",
    "math_unclosed_box",
)


@pytest.mark.parametrize("name", MATH_PROBES)
@pytest.mark.parametrize("reference", ["72", "1", "\\frac{\\sqrt{3}}{2}", "x = 4", "(1, 3]"])
def test_math_probes_are_not_paid_by_the_math_grader(
    grader: BoundGrader, name: str, reference: str
) -> None:
    probe = next(p for p in builtin_probes() if p.name == name)
    reply = probe.build(make_input(0, reference, form="boxed"))
    assert reply is not None
    assert score(grader, reply, reference).score == 0.0


def test_oversized_box_probe_reproduces_the_issue_hack() -> None:
    probe = next(p for p in builtin_probes() if p.name == "math_oversized_box")
    reply = probe.build(make_input(0, "1"))
    assert reply is not None and len(reply) > 40_000 and reply.rstrip("}$.").endswith("1")
