"""The ``math`` grader: equivalence tables for every notation, the traps, options, metrics.

The grader here runs sympy in-process (``time_budget=None``) so no worker process starts;
the worker and the time budget are tested in tests/functional/test_math_budget.py.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.builtin.math import math as math_grader
from rftkit.rewards.registry import BoundGrader, load_grader
from rftkit.rewards.types import Reward, Sample

TARGET = "rftkit.rewards.builtin.math:math"


@pytest.fixture(scope="module")
def grader() -> Iterator[BoundGrader]:
    g = math_grader(time_budget=None)
    yield g
    g.impl.close()  # type: ignore[attr-defined]


def grade(g: BoundGrader, answer: str, reference: Any) -> Reward:
    return g(
        Sample.from_text(
            response=f"Reasoning...\nSo the answer is $\\boxed{{{answer}}}$.", reference=reference
        )
    )


# (reference, answer) pairs that must score 1, grouped by the kind of notation.
EQUIVALENT = [
    # number forms shared with the GSM8K graders
    ("72", "72"),
    ("72", "72.0"),
    ("1234", "1,234"),
    ("1234", "1{,}234"),
    ("5", "\\$5"),
    ("18", "18 \\text{ dollars}"),
    ("-3", "-3"),
    ("0.5", "\\frac{1}{2}"),
    ("8/3", "2 2/3"),
    ("\\frac{8}{3}", "2\\frac{2}{3}"),
    ("1500", "1.5 \\times 10^{3}"),
    ("1500", "1.5e3"),
    # fractions
    ("\\frac{1}{2}", "\\frac12"),
    ("\\frac{3}{4}", "\\dfrac{6}{8}"),
    ("\\frac{1}{3}", "0.\\overline{3}"),
    ("-\\frac{1}{2}", "\\frac{-1}{2}"),
    # roots
    ("\\frac{\\sqrt{3}}{2}", "\\frac{1}{2}\\sqrt{3}"),
    ("\\frac{\\sqrt{3}}{2}", "\\sqrt{3}/2"),
    ("2\\sqrt{2}", "\\sqrt{8}"),
    ("\\frac{\\sqrt{2}}{2}", "\\frac{1}{\\sqrt{2}}"),
    ("3", "\\sqrt[3]{27}"),
    ("-2", "\\sqrt[3]{-8}"),
    # powers
    ("1024", "2^{10}"),
    ("\\frac{1}{4}", "2^{-2}"),
    ("\\sqrt{2}", "2^{1/2}"),
    ("x^2+2x+1", "(x+1)^2"),
    # pi and e
    ("2\\pi", "\\pi \\cdot 2"),
    ("\\frac{\\pi}{2}", "0.5\\pi"),
    ("e^2", "\\exp(2)"),
    ("-1", "e^{i\\pi}"),
    # trig and log
    ("\\frac{1}{2}", "\\sin\\frac{\\pi}{6}"),
    ("\\frac{1}{2}", "\\cos 60^\\circ"),
    ("1", "\\sin^2 x + \\cos^2 x"),
    ("\\frac{\\pi}{4}", "\\arctan 1"),
    ("3", "\\log_2 8"),
    ("1", "\\ln e"),
    ("\\log 6", "\\log 2 + \\log 3"),
    # implicit multiplication, \cdot, \times, \left( \right)
    ("3x+2", "2+3x"),
    ("2(x+1)", "2x+2"),
    ("6", "2 \\cdot 3"),
    ("6", "2 \\times 3"),
    ("\\frac{1}{2}", "\\left( \\frac{1}{2} \\right)"),
    ("ab", "ba"),
    # degrees, percent, units, \text{}
    ("30", "30^\\circ"),
    ("30", "30^{\\circ}"),
    # 60 degrees is also pi/3 radians (issue 11: a degree sign allows both readings).
    ("\\frac{\\pi}{3}", "60^\\circ"),
    ("60^\\circ", "\\frac{\\pi}{3}"),
    ("30", "30 degrees"),
    ("10", "10\\%"),
    ("12", "12 \\text{ cm}"),
    ("12", "12\\mbox{ inches}"),
    ("\\text{Devon}", "\\text{Devon}"),
    ("\\text{(C)}", "C"),
    # equations and inequalities
    ("4", "x = 4"),
    ("x = 4", "4"),
    ("x = 4", "x=4"),
    ("y = 2x + 3", "2x - y + 3 = 0"),
    ("x = 4", "2x = 8"),
    ("(3, \\infty)", "x > 3"),
    ("[3, \\infty)", "x \\ge 3"),
    ("(-2, 5]", "-2 < x \\le 5"),
    ("x < 3", "3 > x"),
    # tuples
    ("(1, 2)", "(1,2)"),
    ("(\\frac{1}{2}, -3)", "(0.5, -3)"),
    ("(2, \\pi)", "\\left(2, \\pi\\right)"),
    # sets
    ("\\{1, 2\\}", "\\{2, 1\\}"),
    ("\\{1, 2, 3\\}", "\\left\\{3, 1, 2\\right\\}"),
    ("\\emptyset", "\\{\\}"),
    # intervals
    ("(1, 3]", "(1, 3]"),
    ("[0, 1)", "[0,1)"),
    ("(-\\infty, 0) \\cup (1, \\infty)", "(1, \\infty) \\cup (-\\infty, 0)"),
    ("(-\\infty, \\infty)", "\\mathbb{R}"),
    # matrices and vectors
    (
        "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}",
        "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}",
    ),
    ("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "(1, 2)"),
    (
        "\\begin{pmatrix} \\frac12 \\\\ 2 \\end{pmatrix}",
        "\\begin{pmatrix} 0.5 \\\\ 2 \\end{pmatrix}",
    ),
    # \pm and several answers
    ("2 \\pm \\sqrt{3}", "2 + \\sqrt{3}, 2 - \\sqrt{3}"),
    ("\\pm 2", "-2, 2"),
    ("x = \\pm 2", "x = 2 \\text{ or } x = -2"),
    ("1, 2", "2, 1"),
    ("-2, 3", "x = 3 \\text{ or } x = -2"),
    ("1, 2", "\\{1, 2\\}"),
    # complex numbers
    ("3 + 4i", "4i + 3"),
    ("2i", "(1+i)^2"),
]


@pytest.mark.parametrize(
    ("reference", "answer"), EQUIVALENT, ids=[f"{r} = {a}" for r, a in EQUIVALENT]
)
def test_equivalent_answer_scores_one(grader: BoundGrader, reference: str, answer: str) -> None:
    reward = grade(grader, answer, reference)
    assert reward.score == 1.0, reward.explanation


# (reference, answer) pairs that must score 0: near misses and false-positive traps.
NOT_EQUIVALENT = [
    ("2", "2 2/3"),
    ("2", "2\\frac{2}{3}"),
    ("1+\\frac{1}{e}", "1-\\frac{1}{e}"),
    ("\\frac{1}{3}", "0.33"),
    ("\\frac{1}{3}", "0.333333"),
    ("\\pi", "3.14"),
    ("\\pi", "3.141592653589793"),
    ("2\\pi", "6.283185307179586"),
    ("\\sqrt{2}", "1.414"),
    ("3x+2", "3x-2"),
    ("x^2", "x^3"),
    ("x = 4", "y = 4"),
    ("x = 4", "x = 5"),
    ("(1, 3]", "(1, 3)"),
    ("(1, 3]", "[1, 3]"),
    ("(1, 2)", "(2, 1)"),
    ("(1, 2)", "(1, 2, 3)"),
    ("\\{1, 2\\}", "\\{1, 2, 3\\}"),
    ("[3, \\infty)", "x > 3"),
    ("2 \\pm \\sqrt{3}", "2 + \\sqrt{3}"),
    ("1, 2", "1"),
    ("1, 2", "(1, 2)"),
    ("\\infty", "-\\infty"),
    (
        "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}",
        "\\begin{pmatrix} 1 & 3 \\\\ 2 & 4 \\end{pmatrix}",
    ),
    # A number without a degree sign is not an angle in radians.
    ("\\frac{\\pi}{3}", "60"),
    ("60^\\circ", "\\frac{\\pi}{2}"),
    ("10", "0.1\\%"),
    ("\\text{(C)}", "\\text{(D)}"),
    ("e", "2.718"),
    ("i", "-i"),
    ("\\log 6", "\\log 5"),
    ("\\sin x", "\\cos x"),
]


@pytest.mark.parametrize(
    ("reference", "answer"), NOT_EQUIVALENT, ids=[f"{r} != {a}" for r, a in NOT_EQUIVALENT]
)
def test_inequivalent_answer_scores_zero(grader: BoundGrader, reference: str, answer: str) -> None:
    assert grade(grader, answer, reference).score == 0.0


# -- options ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "answer", "rel_tol"),
    [("\\frac{1}{3}", "0.33", 0.02), ("\\pi", "3.14", 0.001), ("1000", "1004", 0.005)],
)
def test_relative_tolerance_accepts_close_numbers(
    reference: str, answer: str, rel_tol: float
) -> None:
    g = math_grader(rel_tol=rel_tol, time_budget=None)
    assert grade(g, answer, reference).score == 1.0


@pytest.mark.parametrize(
    ("reference", "answer", "rel_tol"),
    [("\\frac{1}{3}", "0.33", 0.001), ("\\pi", "3.14", 0.0001), ("1000", "1010", 0.005)],
)
def test_relative_tolerance_rejects_numbers_outside_it(
    reference: str, answer: str, rel_tol: float
) -> None:
    g = math_grader(rel_tol=rel_tol, time_budget=None)
    assert grade(g, answer, reference).score == 0.0


@pytest.mark.parametrize(
    ("percent", "answer", "score"),
    [
        ("strip", "10\\%", 1.0),
        ("strip", "0.1", 0.0),
        ("fraction", "10\\%", 0.0),
        ("fraction", "1000\\%", 1.0),
        ("either", "10\\%", 1.0),
        ("either", "1000\\%", 1.0),
        ("either", "11\\%", 0.0),
    ],
)
def test_percent_option_decides_what_ten_percent_means(
    percent: str, answer: str, score: float
) -> None:
    g = math_grader(percent=percent, time_budget=None)
    assert grade(g, answer, "10").score == score


@pytest.mark.parametrize(
    ("percent", "reference", "answer", "score"),
    [
        ("strip", "10\\%", "10", 1.0),
        ("fraction", "10\\%", "0.1", 1.0),
        ("fraction", "10\\%", "10", 0.0),
    ],
)
def test_percent_option_applies_to_expressions_too(
    percent: str, reference: str, answer: str, score: float
) -> None:
    g = math_grader(percent=percent, time_budget=None)
    assert grade(g, f"{answer} + 0x", reference).score == score


# -- metrics and stages ----------------------------------------------------------------------

STAGES = [
    ("72", "72", 2.0),  # exact
    ("\\frac{1}{2}", "0.5", 2.0),  # exact
    ("(1, 2)", "(1, 2, 3)", 3.0),  # structure
    ("1+\\frac{1}{e}", "1-\\frac{1}{e}", 4.0),  # numeric refutation
    ("3x+2", "2+3x", 5.0),  # symbolic (canonical form)
    ("1", "\\sin^2 x + \\cos^2 x", 4.0),  # numeric (50 digits, in sympy)
    ("\\text{(C)}", "C", 1.0),  # text
]


@pytest.mark.parametrize(("reference", "answer", "stage"), STAGES)
def test_stage_metric_names_the_deciding_stage(
    grader: BoundGrader, reference: str, answer: str, stage: float
) -> None:
    assert grade(grader, answer, reference).metric("stage") == stage


def test_every_sample_reports_the_same_four_metrics(grader: BoundGrader) -> None:
    for response in ("\\boxed{1}", "no answer at all", "\\boxed{9^9^9^9}"):
        reward = grader(Sample.from_text(response=response, reference="1"))
        assert [(m.name, m.type) for m in reward.metrics] == [
            ("correct", "Reward"),
            ("stage", "Metric"),
            ("timeout", "Metric"),
            ("limit", "Metric"),
        ]


def test_correct_metric_equals_the_score(grader: BoundGrader) -> None:
    reward = grade(grader, "\\frac{2}{4}", "0.5")
    assert reward.metric("correct") == reward.score == 1.0


def test_power_tower_scores_zero_with_limit_flag(grader: BoundGrader) -> None:
    reward = grade(grader, "9^9^9^9", "1")
    assert (reward.score, reward.metric("limit"), reward.errors) == (0.0, 1.0, ("limit",))


def test_deep_nesting_in_an_answer_scores_zero_with_limit_flag(grader: BoundGrader) -> None:
    reward = grade(grader, "(" * 900 + "1" + ")" * 900, "1")
    assert (reward.score, reward.metric("limit")) == (0.0, 1.0)


def test_answer_over_max_chars_scores_zero_with_limit_flag() -> None:
    g = math_grader(max_chars=50, time_budget=None)
    reward = grade(g, "+".join(["x"] * 40), "x")
    assert (reward.score, reward.metric("limit")) == (0.0, 1.0)


def test_megabyte_reply_is_graded_from_its_tail_and_flagged(grader: BoundGrader) -> None:
    reply = "\\boxed{" + "x+" * 500_000 + "1}"
    reward = grader(Sample.from_text(response=reply, reference="2"))
    assert reward.score == 0.0
    assert "truncated" in reward.errors and reward.metric("limit") == 1.0


# -- extraction and references ---------------------------------------------------------------


def test_last_boxed_answer_is_extracted_first(grader: BoundGrader) -> None:
    reply = "The answer is 5, or in closed form \\boxed{\\frac{\\sqrt{3}}{2}}"
    reward = grader(Sample.from_text(response=reply, reference="\\frac{\\sqrt3}{2}"))
    assert (reward.score, reward.rule) == (1.0, "boxed")


def test_different_boxed_answers_are_rejected(grader: BoundGrader) -> None:
    reply = "\\boxed{2} or maybe \\boxed{3}"
    reward = grader(Sample.from_text(response=reply, reference="2"))
    assert (reward.score, reward.errors) == (0.0, ("multiple_answers",))


def test_reply_without_an_answer_scores_zero(grader: BoundGrader) -> None:
    reward = grader(Sample.from_text(response="I cannot solve this.", reference="2"))
    assert (reward.score, reward.errors) == (0.0, ("no_answer",))


def test_unclosed_box_is_not_read_by_a_later_rule(grader: BoundGrader) -> None:
    reward = grader(Sample.from_text(response="so \\boxed{\\frac{1}{2", reference="2"))
    assert (reward.score, reward.errors[-1]) == (0.0, "unclosed_box")


def test_gsm8k_style_reply_is_graded(grader: BoundGrader) -> None:
    reward = grader(Sample.from_text(response="3 * 12 = 36 eggs\n#### 36", reference="36"))
    assert (reward.score, reward.rule) == (1.0, "hash")


@pytest.mark.parametrize(
    "reference",
    [
        {"final_answer": "\\frac{1}{2}"},
        {"text": "\\frac{1}{2}"},
        "We compute ... so the answer is $\\boxed{\\frac{1}{2}}$.",
        "Half of it: 1/2\n#### 0.5",
        0.5,
    ],
)
def test_reference_shapes_are_understood(grader: BoundGrader, reference: Any) -> None:
    assert grade(grader, "0.5", reference).score == 1.0


def test_missing_reference_is_a_grader_error(grader: BoundGrader) -> None:
    with pytest.raises(GraderError):
        grade(grader, "1", None)


def test_reference_over_the_limits_is_a_grader_error() -> None:
    g = math_grader(max_chars=20, time_budget=None)
    with pytest.raises(GraderError):
        grade(g, "1", "x+" * 20 + "x")


# -- construction ----------------------------------------------------------------------------


def test_grader_loads_by_module_path() -> None:
    g = load_grader(TARGET, rel_tol=0.01)
    assert (g.spec.name, g.spec.args) == ("math", {"rel_tol": 0.01})


def test_grader_declares_sympy_as_its_requirement() -> None:
    assert math_grader().requires == ("sympy>=1.12",)


@pytest.mark.parametrize(
    "args",
    [
        {"rel_tol": -0.1},
        {"rel_tol": float("nan")},
        {"rel_tol": 1.5},
        {"percent": "ratio"},
        {"time_budget": 0},
        {"time_budget": -1},
        {"max_chars": 0},
        {"max_depth": True},
        {"memory_mb": 0},
        {"rules": ["boxed", "nonsense"]},
        {"unknown_option": 1},
    ],
)
def test_bad_arguments_are_rejected(args: dict[str, Any]) -> None:
    with pytest.raises(GraderArgsError):
        load_grader(TARGET, **args)


@pytest.mark.slow
def test_gsm8k_lambda_path_and_math_import_never_load_sympy() -> None:
    code = textwrap.dedent(
        """
        import sys
        import rftkit
        from rftkit.rewards import Sample, load_grader
        g = load_grader("gsm8k")
        assert g(Sample.from_text(response="#### 72", reference="72")).score == 1.0
        assert "sympy" not in sys.modules, "gsm8k imported sympy"
        import rftkit.rewards.builtin.math as m
        assert "sympy" not in sys.modules, "importing the math grader imported sympy"
        grader = m.math()
        for reply, ref in [("#### 72", "72"), ("\\\\boxed{\\\\frac12}", "0.5"),
                           ("\\\\boxed{2+3x}", "3x+2"), ("\\\\boxed{(1,3]}", "(1,3)")]:
            grader(Sample.from_text(response=reply, reference=ref))
        assert "sympy" not in sys.modules, "grading without a symbolic stage imported sympy"
        print("ok")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
