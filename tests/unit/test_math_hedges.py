"""Hedges, alternatives and copies: what the ``math`` grader must not pay, and what it must.

A reply that names two values (``18 or 20``, ``18 ± 2``, ``\\boxed{3} or 4``, ``3, or maybe 4``)
has not committed to one: it is never paid against a single reference. Answers that are
several values by nature (``x = 1 \\pm \\sqrt{2}``, ``x = 2 or x = 3`` against the set ``2, 3``,
intervals, tuples) are still paid. Each class is a table plus a hypothesis property; see
docs/math.md, "Hedges and alternatives".
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.rewards.builtin.math import math as math_grader
from rftkit.rewards.mathexpr.extract import MathExtractor, labelled_choice
from rftkit.rewards.mathexpr.hedge import gap_kind
from rftkit.rewards.registry import BoundGrader
from rftkit.rewards.types import Reward, Sample


@pytest.fixture(scope="module")
def grader() -> Iterator[BoundGrader]:
    g = math_grader(time_budget=None)
    yield g
    g.impl.close()  # type: ignore[attr-defined]


def grade(g: BoundGrader, reply: str, reference: str, prompt: str | None = None) -> Reward:
    return g(Sample.from_text(response=reply, reference=reference, prompt=prompt))


# -- hedges: never paid against a single value ----------------------------------------------

HEDGES = [
    # (reply, reference): the reference is one of the values the reply names
    ("So the value is 18 ± 2.", "18"),  # last_number read "2" before
    ("So the value is 18 ± 2.", "2"),  # ... and was paid for it
    ("The answer is 18 \\pm 2.", "18"),
    ("The answer is 18 or 20.", "20"),
    ("The answer is either 3 or 4.", "3"),
    ("\\boxed{3} or \\boxed{4}", "4"),
    ("x = 3, or maybe x = 4", "4"),
    ("It is 18, maybe 20", "20"),
    ("I think it's 18 but could be 20", "20"),
    ("So we get 3 or 4", "4"),
    ("x is $3$ or $4$.", "4"),
    ("The answer is $3$ or $4$.", "3"),
    ("The answer is $x = 2$ or $x = 3$.", "2"),
    ("Thus the answer is $3$, or possibly $4$.", "3"),
    ("The answer is 3. Or maybe 4.", "3"),
    ("The answer is \\boxed{3} or 4.", "3"),
    ("The answer is \\boxed{18} \\pm 2.", "18"),
    ("The answer is \\boxed{18} (or 20).", "18"),
    ("The answer is 3 or \\boxed{4}.", "4"),
    ("x = 3 or x = \\boxed{4}", "4"),
    ("$3$ or $\\boxed{4}$", "4"),
    ("\\frac{1}{2} or \\boxed{3}", "3"),
    ("The final answer is $\\boxed{3}$. Alternatively, 4.", "3"),
    ("\\boxed{3}\n\nWait, maybe it's 4.", "3"),
    ("\\boxed{3}\n\nHmm, or 4?", "3"),
    ("\\boxed{3}\n\nHmm, or 4?", "4"),
    ("\\boxed{3 \\text{ or maybe } 4}", "3"),
    ("\\boxed{18 \\text{ dollars, or maybe 20}}", "18"),
    ("The answer is 18 or possibly 20.", "18"),
    ("I'd pick (B), or maybe (C).", "C"),
    ("The answer is (B) or (C).", "B"),
    ("So we get -36 +/- -71", "-71"),
    ("The answer is \\boxed{5} (or equivalently 6).", "5"),
    ("<answer>18</answer> or maybe 20", "18"),
    ("18 or <answer>20</answer>", "20"),
]


@pytest.mark.parametrize(("reply", "reference"), HEDGES)
def test_a_hedge_is_never_paid(grader: BoundGrader, reply: str, reference: str) -> None:
    reward = grade(grader, reply, reference)
    assert reward.score == 0.0, (reward.answer, reward.rule, reward.errors)


QUALIFIED = [
    # a word that changes what the number means is not dropped like a unit
    ("\\boxed{18 \\text{ or more}}", "18"),
    ("\\boxed{18 \\text{ at least}}", "18"),
    ("The answer is more than 18.", "18"),
    ("The answer is less than 18.", "18"),
    ("\\boxed{\\text{at most } 18}", "18"),
    ("\\boxed{\\text{not } 18}", "18"),
]


@pytest.mark.parametrize(("reply", "reference"), QUALIFIED)
def test_a_qualified_value_is_not_the_value(
    grader: BoundGrader, reply: str, reference: str
) -> None:
    assert grade(grader, reply, reference).score == 0.0


# -- answers that hold several values by nature: still paid ---------------------------------

LEGITIMATE = [
    ("The answer is $x = 1 \\pm \\sqrt{2}$.", "1+\\sqrt2, 1-\\sqrt2"),
    ("The answer is $\\boxed{1 \\pm \\sqrt{2}}$.", "1+\\sqrt2, 1-\\sqrt2"),
    ("The solutions are $x = 1 + \\sqrt{2}$ and $x = 1 - \\sqrt{2}$.", "1 \\pm \\sqrt{2}"),
    ("The answer is $x = 2$ or $x = 3$.", "2, 3"),  # read only "x = 2" before
    ("x is $3$ or $4$.", "3, 4"),
    ("So x = 2 or x = 3.", "2, 3"),
    ("the roots are 2 and 3.", "2, 3"),
    ("So the value is 18 ± 2.", "16, 20"),
    ("\\boxed{3} or \\boxed{4}", "3, 4"),
    ("$x = \\boxed{2}$ or $x = \\boxed{3}$", "2, 3"),
    ("The roots are $x = \\boxed{2}$ and $x = \\boxed{3}$.", "2, 3"),
    ("\\boxed{x = 3 \\text{ or } x = 4}", "3,4"),
    ("The answer is $\\boxed{(-\\infty, 2) \\cup (3, \\infty)}$.", "(-\\infty,2)\\cup(3,\\infty)"),
    ("The point is $\\boxed{(1, -2)}$.", "(1,-2)"),
    ("The answer is $\\boxed{[2, 3)}$.", "[2,3)"),
    # one value said twice is no hedge
    ("The probability is $\\boxed{0.5}$, or $\\frac{1}{2}$.", "\\frac12"),
    ("The answer is $0.5$, or $\\frac{1}{2}$.", "\\frac12"),
    ("$\\boxed{18}$\n\n$$\\boxed{18}$$", "18"),
    ("\\boxed{2} or \\boxed{2}", "2"),
    # a number after the box that starts a new statement is not an alternative
    ("So the answer is $\\boxed{12}$, and 13 is not a root.", "12"),
    ("Thus, there are $\\boxed{18}$ apples, and 2 oranges.", "18"),
    ("So $x = 18$ or $x = -18$, but since $x > 0$, $x = \\boxed{18}$.", "18"),
    ("x = 3 or x = -3; since x is positive, x = 3.", "3"),
    ("$x = 2$ and $y = \\boxed{5}$", "5"),
    ("The answer is \\boxed{5} (or equivalently \\frac{10}{2}).", "5"),
    # the instruction repeated is not an earlier answer
    ("Put the final answer in \\boxed{}. We get 3*6 = 18, so \\boxed{18}.", "18"),
    ("I will write \\boxed{answer} at the end. So \\boxed{18}.", "18"),
    ("The total is 18 apples.\n<answer>18</answer>", "18"),
]


@pytest.mark.parametrize(("reply", "reference"), LEGITIMATE)
def test_answers_with_several_values_by_nature_are_paid(
    grader: BoundGrader, reply: str, reference: str
) -> None:
    reward = grade(grader, reply, reference)
    assert reward.score == 1.0, (reward.answer, reward.rule, reward.errors, reward.reason)


# -- what the extractor reports --------------------------------------------------------------

ALTERNATIVES = [
    # (reply, answer, alternatives, hedged)
    ("The answer is \\boxed{3} or 4.", "3", ("4",), True),
    ("The answer is \\boxed{18} \\pm 2.", "18", ("18 \\pm 2",), True),
    ("3 or \\boxed{\\frac{1}{2}}", "\\frac{1}{2}", ("3",), True),
    ("\\boxed{5}. Hmm, or \\frac{3}{4}?", "5", ("\\frac{3}{4}",), True),
    ("x = 3, or maybe x = 4.", "4", ("3",), True),
    ("So the value is 18 ± 2.", "18 \\pm 2", (), False),
    ("x is $3$ or $4$.", "3 or 4", ("3", "4"), False),
    (
        "The answer is $0.5$, or $\\frac{1}{2}$.",
        "0.5, or \\frac{1}{2}",
        ("0.5", "\\frac{1}{2}"),
        False,
    ),
]


@pytest.mark.parametrize(("reply", "answer", "alternatives", "hedged"), ALTERNATIVES)
def test_extractor_reports_the_alternatives_beside_an_answer(
    reply: str, answer: str, alternatives: tuple[str, ...], hedged: bool
) -> None:
    got = MathExtractor()(reply)
    assert (got.answer, got.alternatives, got.hedged, got.rejected) == (
        answer,
        alternatives,
        hedged,
        None,
    )


@pytest.mark.parametrize(
    ("gap", "kind"),
    [
        (" or ", "or"),
        (", or ", "or"),
        ("$ or $x = ", "or"),
        (" \\text{ or } ", "or"),
        (" and ", "and"),
        (" and y = ", "and"),
        (" \\pm ", "pm"),
        (" ± ", "pm"),
        (" +/- ", "pm"),
        (", or maybe x = ", "hedge"),
        (". Or maybe ", "hedge"),
        ("\n\nWait, maybe it's ", "hedge"),
        (" but could be ", "hedge"),
        (", ", None),  # a bare comma: "day 1, 5 apples"
        (" apples and ", None),
        (". There are ", None),
        (" + ", None),
        (" \\cdot ", None),
        (". Or ", None),  # a new sentence without a word of doubt
        (" or" + " " * 80, None),  # longer than MAX_GAP
    ],
)
def test_gap_kinds(gap: str, kind: str | None) -> None:
    assert gap_kind(gap) == kind


# -- cut off, option lists, copies -----------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "reference", "error"),
    [
        ("Let me compute 3 * 6 = 18. So the ans", "18", "cut_off"),
        ("We need x. We have 2x = 36, so x = 18, and then we need", "18", "cut_off"),
        # a line of prose that stops without a stop is cut off (gsm8k's policy, finished())
        ("So she has 18 apples", "18", "cut_off"),
        ("(A) 12\n(B) 18\n(C) 20\n(D) 24", "D", "multiple_answers"),
        ("Answer choices: (A) 12 (B) 18 (C) 20 (D) 24", "D", "multiple_answers"),
        ("(A) 12 (B) 18 (C) 20", "C", "multiple_answers"),
        # controls: a reply that ended, a single choice
        ("she has 72 apples in total, counting all of the baskets.", "72", None),
        ("x = 18", "18", None),
        ("So she has 18 apples.", "18", None),
        ("(C)", "C", None),
        ("We compare them: the answer must be (C).", "C", None),
    ],
)
def test_cut_off_replies_and_option_lists_are_not_paid(
    grader: BoundGrader, reply: str, reference: str, error: str | None
) -> None:
    reward = grade(grader, reply, reference)
    if error is None:
        assert (reward.score, reward.errors) == (1.0, ())
    else:
        assert reward.score == 0.0
        assert error in reward.errors


@pytest.mark.parametrize(
    ("answer", "letter"),
    [
        ("\\textbf{(C)}\\ 18", "C"),
        ("\\textbf{(C) }18", "C"),
        ("(B) 12", "B"),
        ("(C) or (D)", None),
        ("(C) 18 (D) 20", None),
        ("(C) 18, maybe", None),
        ("\\textbf{(C)}", None),  # a bare letter is choice_letter's
        ("18", None),
    ],
)
def test_labelled_choice(answer: str, letter: str | None) -> None:
    assert labelled_choice(answer) == letter


def test_amc_style_letter_with_its_value_is_paid_as_the_letter(grader: BoundGrader) -> None:
    reply = "Therefore, the answer is \\boxed{\\textbf{(C)}\\ 18}."
    assert grade(grader, reply, "C").score == 1.0
    assert grade(grader, reply, "D").score == 0.0


COPIED = [
    # (prompt, reply, reference, paid)
    ("Simplify $\\sqrt{8}$.", "\\boxed{\\sqrt{8}}", "2\\sqrt2", False),
    ("Simplify $\\sqrt{8}$.", "\\boxed{2\\sqrt{2}}", "2\\sqrt2", True),
    ("Compute $3 + 15$.", "The answer is $3 + 15$.", "18", False),
    ("Compute $3 + 15$.", "$3 + 15 = 18$, so the answer is $\\boxed{18}$.", "18", True),
    ("Which is larger, $\\frac12$ or $0.4$?", "\\boxed{\\frac{1}{2}}", "\\frac12", True),
    ("What is $x$ if $2x = 36$?", "\\boxed{18}", "18", True),
    (
        "Tom has 3 bags with 6 apples each. How many apples does Tom have? He has 18.",
        "Tom has 3 bags with 6 apples each. How many apples does Tom have? He has 18.",
        "18",
        False,
    ),
    ("What is 3 times 6?", "3 times 6 is 18.", "18", True),
]


@pytest.mark.parametrize(("prompt", "reply", "reference", "paid"), COPIED)
def test_an_answer_copied_from_the_prompt_is_not_paid(
    grader: BoundGrader, prompt: str, reply: str, reference: str, paid: bool
) -> None:
    reward = grade(grader, reply, reference, prompt)
    assert reward.score == (1.0 if paid else 0.0)
    assert ("copied_from_prompt" in reward.errors) is not paid


# -- properties ------------------------------------------------------------------------------

_INTS = st.integers(-999, 9999).map(str)
_DECIMALS = st.builds(
    lambda a, b: f"{a}.{b}", st.integers(0, 99), st.integers(1, 99).filter(lambda x: x % 10)
)
_FRACTIONS = st.builds(lambda p, q: f"\\frac{{{p}}}{{{q}}}", st.integers(1, 20), st.integers(2, 20))
_NUMBERS = st.one_of(_INTS, _DECIMALS, _FRACTIONS)

# Forms naming two values a and b; none may be paid against a or against b alone.
TWO_VALUE_FORMS = [
    "{a} or {b}",
    "The answer is {a} or {b}.",
    "\\boxed{{{a}}} or \\boxed{{{b}}}",
    "\\boxed{{{a} \\text{{ or }} {b}}}",
    "\\boxed{{{a} \\pm {b}}}",
    "So the value is {a} ± {b}.",
    "The answer is {a} \\pm {b}.",
    "x is ${a}$ or ${b}$.",
    "x = {a}, or maybe x = {b}",
    "\\boxed{{{a}}}, or maybe \\boxed{{{b}}}",
    "\\boxed{{{a}}} or {b}.",
    "{a} or \\boxed{{{b}}}",
    "Either {a} or {b}.",
    "The answer is ${a}$, or possibly ${b}$.",
    "\\boxed{{{a}}}\n\nWait, maybe it's {b}.",
    "I think it's {a} but could be {b}",
    "It is {a}, maybe {b}",
    "The answer is {a}. Or maybe {b}.",
    "$\\boxed{{{a}}}$ or $\\boxed{{{b}}}$",
    "Final Answer: The final answer is ${a}$ or ${b}$. I hope it is correct.",
    "<answer>{a} or {b}</answer>",
    "#### {a} or {b}",
    "So we get {a} +/- {b}",
    "The answer is {a} (or {b}).",
    "\\boxed{{{a}}} (or {b})",
    "**Answer:** {a} or {b}",
    "\\boxed{{{a}}} \\pm {b}",
    "{a} \\pm \\boxed{{{b}}}",
    "\\boxed{{{a}}}. Hmm, or {b}?",
    "\\boxed{{{a}}} or perhaps {b}.",
    "\\[ x = {a} \\text{{ or }} x = {b} \\]",
    "The answer is probably {a}, but {b} is also possible.",
]


def _value(text: str) -> Fraction:
    if text.startswith("\\frac"):
        p, q = text[6:-1].split("}{")
        return Fraction(int(p), int(q))
    return Fraction(text)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_NUMBERS, _NUMBERS, st.sampled_from(TWO_VALUE_FORMS), st.booleans())
def test_two_different_values_are_never_paid_against_one(
    grader: BoundGrader, a: str, b: str, form: str, against_b: bool
) -> None:
    if _value(a) == _value(b):
        return
    reply = form.format(a=a, b=b)
    reward = grade(grader, reply, b if against_b else a)
    assert reward.score == 0.0, (reply, reward.answer, reward.rule)


LIST_FORMS = [
    "{a} or {b}",
    "The answer is {a} or {b}.",
    "\\boxed{{{a}}} or \\boxed{{{b}}}",
    "\\boxed{{{a} \\text{{ or }} {b}}}",
    "x is ${a}$ or ${b}$.",
    "The answer is $x = {a}$ or $x = {b}$.",
    "$x = \\boxed{{{a}}}$ or $x = \\boxed{{{b}}}$",
    "So we get {a} or {b}.",
]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(_NUMBERS, _NUMBERS, st.sampled_from(LIST_FORMS))
def test_the_same_values_as_a_list_are_paid_against_the_list(
    grader: BoundGrader, a: str, b: str, form: str
) -> None:
    if _value(a) == _value(b):
        return
    reply = form.format(a=a, b=b)
    reward = grade(grader, reply, f"{b}, {a}")
    assert reward.score == 1.0, (reply, reward.answer, reward.rule, reward.errors)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(-500, 500), st.integers(1, 500))
def test_plus_minus_is_paid_against_both_values(grader: BoundGrader, a: int, b: int) -> None:
    reference = f"{a - b}, {a + b}"
    for reply in (f"\\boxed{{{a} \\pm {b}}}", f"So the value is {a} ± {b}.", f"x = {a} \\pm {b}"):
        assert grade(grader, reply, reference).score == 1.0, reply


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(-500, 500), st.integers(2, 9))
def test_one_value_said_twice_is_paid(grader: BoundGrader, n: int, k: int) -> None:
    same = f"\\frac{{{n * k}}}{{{k}}}"
    for reply in (f"\\boxed{{{n}}}, or ${same}$", f"The answer is ${n}$, or ${same}$."):
        # read as two values (a reply that reads only one would pay "or 7" as well) ...
        assert len(MathExtractor()(reply).alternatives) >= 1, reply
        # ... that are one value: no hedge
        assert grade(grader, reply, str(n)).score == 1.0, reply


_HEDGE_TEXT = st.lists(
    st.sampled_from(
        [
            " or ",
            " maybe ",
            ", ",
            ". ",
            "\n",
            "\\pm",
            "±",
            "+/-",
            "$",
            "\\boxed{",
            "}",
            "{",
            "\\frac",
            "(A)",
            "(B)",
            "x = ",
            "The answer is ",
            "1",
            "2",
            "-",
            "\\text{",
            "wait",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_HEDGE_TEXT, st.sampled_from(["1", "2", "B", "1, 2", "\\frac{1}{2}"]), _HEDGE_TEXT)
def test_any_hedge_vocabulary_gives_one_verdict(
    grader: BoundGrader, text: str, reference: str, prompt: str
) -> None:
    got = MathExtractor()(text, letter_reference=reference == "B")
    assert (got.answer is None) == (got.rejected is not None)
    assert len(got.alternatives) <= 4
    assert all(isinstance(a, str) for a in got.alternatives)
    reward = grade(grader, text, reference, prompt or None)
    assert reward.score in (0.0, 1.0)


def test_a_long_chain_of_alternatives_is_bounded(grader: BoundGrader) -> None:
    reply = "So it is " + "1 or " * 50_000 + "1."
    reward = grade(grader, reply, "1")
    assert reward.score == 0.0
    reply = "\\boxed{1}" + " or maybe 2" * 50_000
    assert grade(grader, reply, "1").score == 0.0
