"""Plain (non-LaTeX) replies to the ``math`` grader, read as the ``gsm8k`` grader reads them.

Five classes found by a differential run of ``math`` against ``gsm8k`` on the GSM8K bench
forms (bench/bench_gsm8k.py): a decorated bare answer (``**42**``) refused, a reply cut off
mid-word paid for its last number, a comma-listed hedge (``17, 18, or 18``) losing a value,
a final prose sentence read at its last number (``5*89= 445 dollars over 5 days.`` as 5),
and an answer statement whose sentence concludes another value (``The answer is 3, so the
total is 103.``). Each class is a table of replies both ways (paid / not paid) and, where it
fits, a hypothesis property. See docs/math.md, "Plain prose replies".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.rewards.builtin.math import math as math_grader
from rftkit.rewards.extract import finished
from rftkit.rewards.registry import BoundGrader, load_grader
from rftkit.rewards.types import Reward, Sample


@pytest.fixture(scope="module")
def grader() -> Iterator[BoundGrader]:
    g = math_grader(time_budget=None)
    yield g
    g.impl.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def gsm8k() -> BoundGrader:
    return load_grader("gsm8k")


def grade(g: BoundGrader, reply: str, reference: str) -> Reward:
    return g(Sample.from_text(response=reply, reference=reference))


def check(g: BoundGrader, reply: str, reference: str, paid: bool) -> None:
    reward = grade(g, reply, reference)
    assert reward.score == (1.0 if paid else 0.0), (reward.answer, reward.rule, reward.errors)


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
_THINK = "<think>\nSo 6 * 7 = 42, or 41? Let me check: 42.\n</think>\n\n"
_HARMONY = (
    "<|start|>assistant<|channel|>analysis<|message|>6 * 7 = 41? No, 42."
    "<|end|><|start|>assistant<|channel|>final<|message|>{}<|return|>"
)

# -- 1. a decorated bare answer is the answer -------------------------------------------------

DECORATED = [
    # (reply, reference, paid)
    ("**42**", "42", True),
    ("**42**", "41", False),
    ("**42.**", "42", True),
    ("***42***", "42", True),
    ("__42__", "42", True),
    ("*42*", "42", True),
    ("`42`", "42", True),
    ("```\n42\n```", "42", True),
    ("# 42", "42", True),
    ("> 42", "42", True),
    ("**$42**", "42", True),
    ("**\\frac{1}{2}**", "0.5", True),
    ("**\\frac{1}{2}**", "\\frac{1}{3}", False),
    ("`x = 3`", "3", True),
    (_THINK + "**42**", "42", True),
    (_THINK + "**42**", "41", False),
    (_HARMONY.format("**42**"), "42", True),
    (_HARMONY.format("**42**"), "41", False),
    ("</think>\n\n**40**", "40", True),
    # still not an answer: hedges and lists inside the decoration
    ("**42 or 43**", "42", False),
    ("**42, maybe 43**", "42", False),
]


@pytest.mark.parametrize(("reply", "reference", "paid"), DECORATED)
def test_a_decorated_bare_answer_is_read(
    grader: BoundGrader, reply: str, reference: str, paid: bool
) -> None:
    check(grader, reply, reference, paid)


_WRAPS = ["**{}**", "__{}__", "*{}*", "`{}`", "***{}***", "# {}", "**{}.**", "```\n{}\n```"]


@_SETTINGS
@given(
    st.integers(-10_000, 10_000),
    st.sampled_from(_WRAPS),
    st.sampled_from(["{}", _THINK + "{}", _HARMONY]),
)
def test_a_decorated_number_is_paid_against_itself_only(
    grader: BoundGrader, n: int, wrap: str, frame: str
) -> None:
    reply = frame.format(wrap.format(n))
    check(grader, reply, str(n), True)
    check(grader, reply, str(n + 1), False)


# -- 2. a reply cut off mid-word is not paid (gsm8k's policy: sentences.finished) -------------

CUT_OFF = [
    # (reply, reference, paid)
    ("In total, the three threw 180+90+30=300 pen", "300", False),
    ("In 1 minute, Ben picks 56/7=8 sugar snap peas.\nBen would take 72/8=9 minut", "9", False),
    ("Thus, Ben has 40 + 40 = 80 cards in all.\nTherefore, Ben has 80 - 58 = 22 car", "22", False),
    ("Therefore, Ella has 230 - 200 = 30 a", "30", False),
    ("So she has 18 apples", "18", False),
    # a non-ASCII dash or operator leaves the expression open
    ("Then the balance decreased by 20%, so $156.25 \u2013", "156.25", False),
    ("So the total is 18 \u00d7", "18", False),
    # controls: finished replies, answer lines, a unit or currency sign glued on
    ("the number is not 10 which is 1,000.99\u20ac", "1000.99", True),
    ("So the area is 5 m\u00b2", "5", True),
    ("In total, the three threw 180+90+30=300 pennies.", "300", True),
    ("Therefore, Ella has 230 - 200 = 30 apples left.", "30", True),
    ("So she has 18 apples. 😊", "18", True),
    ("x = 18", "18", True),
    ("8 * 9 = 72", "72", True),
    ("Total: 18 apples", "18", True),
]


@pytest.mark.parametrize(("reply", "reference", "paid"), CUT_OFF)
def test_a_reply_cut_off_mid_word_is_not_paid(
    grader: BoundGrader, reply: str, reference: str, paid: bool
) -> None:
    reward = grade(grader, reply, reference)
    assert reward.score == (1.0 if paid else 0.0), (reward.answer, reward.errors)
    assert ("cut_off" in reward.errors) is not paid


@_SETTINGS
@given(
    st.integers(1, 500),
    st.integers(1, 500),
    st.sampled_from(["pennies", "minutes", "apples", "cards", "dollars"]),
    st.data(),
)
def test_cutting_the_last_word_of_a_prose_reply_is_never_paid(
    grader: BoundGrader, a: int, b: int, word: str, data: st.DataObject
) -> None:
    full = f"They had {a} and got {b} more.\nIn total, they have {a}+{b}={a + b} {word}."
    check(grader, full, str(a + b), True)
    cut = data.draw(st.integers(1, len(word)), label="letters kept")
    reply = full[: full.rindex(word) + cut]
    assert not finished(reply)
    reward = grade(grader, reply, str(a + b))
    assert (reward.score, "cut_off" in reward.errors) == (0.0, True), reply


# -- 3. a comma-listed hedge names every value -------------------------------------------------

LISTED = [
    # (reply, reference, paid)
    ("The answer could be 17, 18, or 18.", "18", False),
    ("The answer could be 17, 18, or 18.", "17", False),
    ("She paid 36*.5=$18 in total, so we get 17, 18, or 18.", "18", False),
    ("We try each case: $17$, $18$, or $18$.", "18", False),
    ("So the total is 233, 234, or 234.", "234", False),
    ("So the total is 1109, 1110 or 1110.", "1110", False),
    # controls: one value, a list answer against the list
    ("She paid 36*.5=$18 in total, so we get 18.", "18", True),
    ("So we get 18, 18, or 18.", "18", True),
    ("So we get 17, 18, and 19.", "17, 18, 19", True),
    ("So the roots are 1, 2, or 3.", "1, 2, 3", True),
]


@pytest.mark.parametrize(("reply", "reference", "paid"), LISTED)
def test_a_comma_listed_hedge_names_every_value(
    grader: BoundGrader, reply: str, reference: str, paid: bool
) -> None:
    check(grader, reply, reference, paid)


_LIST_FORMS = [
    "So we get {a}, {b}, or {b}.",
    "So we get {b}, {a}, or {b}.",
    "So we get {a}, {b} or {b}.",
    "The answer could be {a}, {b}, or {b}.",
    "We try each case: ${a}$, ${b}$, or ${b}$.",
    "It is {a}, {b}, {b}, or {b}.",
]


@_SETTINGS
@given(st.integers(-999, 9999), st.integers(-999, 9999), st.sampled_from(_LIST_FORMS))
def test_a_list_naming_a_different_value_is_never_paid(
    grader: BoundGrader, a: int, b: int, form: str
) -> None:
    if a == b:
        return
    reply = form.format(a=a, b=b)
    check(grader, reply, str(b), False)
    check(grader, reply, str(a), False)


# -- 4. a final prose sentence is read as gsm8k reads it ---------------------------------------

PROSE = [
    # (reply, right answer, the number read before)
    (
        "Altogether, Johnny makes 21+20+48= 89 dollars in a day.\n"
        "We multiply this amount by the 5 days, performing 5*89= 445 dollars over 5 days.",
        "445",
        "5",
    ),
    (
        "Shem earns $4 x 2.5 = $10 in an hour.\n"
        "So, Shem earns $10 x 8 = $80 for an 8-hour workday.",
        "80",
        "8",
    ),
    (
        "There are 25 - 8 = 17 people in their dance team after 8 people quit.\n"
        "Therefore, there are 17 + 13 = 30 people now after 13 new people got in.",
        "30",
        "13",
    ),
    (
        "Therefore, Claire will earn $0.75 x 100 = $75 if she can sell 1/2 of the total number "
        "of red roses.",
        "75",
        "0.5",
    ),
    ("In total Kate paid $56 + $60 = $116 during 3 years.", "116", "3"),
    ("They will make $400 × 5 = $2000 in 5 days.", "2000", "5"),
    (
        "Thus, the three take 24+26+21=71 seconds to run the 600-meter relay race.",
        "71",
        "600",
    ),
    ("Therefore she can jog 10 x 5 = 50 miles for 5 days.", "50", "5"),
    ("There are two equal short sides so each one is 44/2 = 22cm.", "22", "2"),
    (
        "A bear would eat 1890/126 = 15 pounds of food in 3 weeks.\nSo fifteen is the total.",
        "15",
        "3",
    ),
]


@pytest.mark.parametrize(("reply", "right", "before"), PROSE)
def test_a_final_prose_sentence_is_read_at_its_result(
    grader: BoundGrader, gsm8k: BoundGrader, reply: str, right: str, before: str
) -> None:
    check(grader, reply, right, True)
    check(grader, reply, before, False)
    assert grade(gsm8k, reply, right).score > 0.5  # the gsm8k grader reads it the same way


_SENTENCES = [
    "So, Sam earns ${a} x {b} = ${c} for a {b}-hour workday.",
    "We multiply them, performing {a}*{b}= {c} dollars over {b} days.",
    "Therefore she can jog {a} x {b} = {c} miles for {b} days.",
    "In total they paid ${a} * {b} = ${c} during {b} years.",
]


@_SETTINGS
@given(st.integers(2, 400), st.integers(2, 400), st.sampled_from(_SENTENCES))
def test_math_and_gsm8k_read_a_final_equation_sentence_alike(
    grader: BoundGrader, gsm8k: BoundGrader, a: int, b: int, sentence: str
) -> None:
    c = a * b
    reply = "Let us compute.\n" + sentence.format(a=a, b=b, c=c)
    check(grader, reply, str(c), True)
    check(grader, reply, str(b), False)
    assert grade(gsm8k, reply, str(c)).score > 0.5


READ_AS = [
    # (reply, reference, paid): plain prose is read at its final sentence's result...
    ("So, Shem earns $10 x 8 = $80 for an 8-hour workday.", "80", True),
    ("So, Shem earns $10 x 8 = $80 for an 8-hour workday.", "8", False),
    ("Therefore, there are 17 + 13 = 30 people now after 13 new people got in.", "30", True),
    ("Therefore, there are 17 + 13 = 30 people now after 13 new people got in.", "13", False),
    ("So the probability is 1/3.", "\\frac{1}{3}", True),
    # ... LaTeX keeps math's own last-number rule (the value the \\frac owns)
    ("Hence the probability comes to -\\frac{1}{2} in the end.", "-\\frac{1}{2}", True),
    ("Hence the probability comes to -\\frac{1}{2} in the end.", "2", False),
    ("So x^2 = 4 and the value we want is x = 2.", "2", True),
]


@pytest.mark.parametrize(("reply", "reference", "paid"), READ_AS)
def test_plain_prose_is_read_like_gsm8k_and_latex_by_maths_own_rule(
    grader: BoundGrader, reply: str, reference: str, paid: bool
) -> None:
    check(grader, reply, reference, paid)


# -- 5. an answer statement whose sentence concludes another value -----------------------------

CONCLUDED = [
    # (reply, reference, paid)
    ("The answer is therefore 3, so the total is 103.", "3", False),
    ("The answer is therefore 3, so the total is 103.", "103", False),
    ("The answer is 3, which makes 103 in all.", "3", False),
    ("The answer is $3$, so the total is $103$.", "3", False),
    ("Since 3>2, Adrian buys B.\nThe answer is therefore 3, so the total is 103.", "3", False),
    # controls: the clause names the answer again, or no number
    ("The answer is 18, so 9 * 2 = 18.", "18", True),
    ("The answer is 18, so she has 18 apples.", "18", True),
    ("The answer is 3, so the total is 3.", "3", True),
    ("The answer is 3, so we are done.", "3", True),
    ("The answer is $\\frac{1}{2}$, so the probability is $\\frac{1}{2}$.", "0.5", True),
]


@pytest.mark.parametrize(("reply", "reference", "paid"), CONCLUDED)
def test_a_statement_that_concludes_another_value_is_not_paid(
    grader: BoundGrader, reply: str, reference: str, paid: bool
) -> None:
    reward = grade(grader, reply, reference)
    assert reward.score == (1.0 if paid else 0.0), (reward.answer, reward.errors)
    assert ("multiple_answers" in reward.errors) is not paid


@_SETTINGS
@given(
    st.integers(0, 5000),
    st.integers(0, 5000),
    st.sampled_from([", so the total is ", ", which makes ", ", so she ends up with "]),
    st.sampled_from(["{}", "${}$"]),
)
def test_a_statement_concluding_a_different_value_is_never_paid(
    grader: BoundGrader, a: int, b: int, clause: str, span: str
) -> None:
    reply = f"The answer is {span.format(a)}{clause}{b}."
    check(grader, reply, str(a), a == b)
    if a != b:
        check(grader, reply, str(b), False)
