"""Two equations (or an equation and a value) joined by a hedge are several answers (issue 14).

``x = 18 or x = 20``: the reader takes the value after the last ``=``, and the chain check
saw no hedge because the middle side ``18 or x`` holds no arithmetic. Before, 20 was paid
(and ``x = 20 or x = 18`` paid 18). Now :func:`equation_hedges.hedged` reads that middle
side, in every rule that reads an equation (final sentence, last number, answer statement,
box, bold, ``####`` in text mode); a hedge word before a bracketed value
(``\\(x = 18\\) or \\(x = 20\\)``, ``18 or (20)``) offers it too
(:func:`equation_hedges.hedge_before_bracket`). docs/graders.md ("two equations (or an
equation and a value) joined by a hedge") has the policy and its before/now table.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.equation_hedges import hedge_before_bracket, hedged
from rftkit.rewards.equations import parse_answer
from rftkit.rewards.extract import Extractor
from tests.prose import WORK, assert_reads_as_general, assert_shortcuts_read_as_tokens

_GRADER = rftkit.load_grader("gsm8k")


def _pays(reply: str, reference: str) -> float:
    return _GRADER(Sample.from_text(response=reply, reference=reference)).metric("correct")


# -- now several answers: paid neither 18 nor 20 -----------------------------------------------

# (reply, the rule that reads it, what was paid before)
REFUSED = [
    ("So x = 18 or x = 20.", "final_sentence", "20"),
    ("So x = 20 or x = 18.", "final_sentence", "18"),
    ("So x = 18, x = 20.", "final_sentence", "20"),
    ("So x = 18 and y = 20.", "final_sentence", "20"),  # two unknowns: two values
    ("So n = 18 / n = 20.", "final_sentence", "20"),
    ("So x = 9 * 2 = 18 or x = 20.", "final_sentence", "20"),
    ("So x = 20 or x = 9 * 2 = 18.", "final_sentence", "18"),
    ("So x = 18 or x = 19 or x = 20.", "final_sentence", "20"),
    ("So either x = 18 or x = 20.", "final_sentence", "20"),
    ("So x = \\$18 or x=20.", "final_sentence", "20"),
    ("So x = $18 or x = $20.", "final_sentence", "20"),
    ("So $x = 18$ or $x = 20$.", "final_sentence", "20"),
    ("So x = 18 dollars or x = 20 dollars.", "final_sentence", "20"),
    ("So x = 18 apples, x = 20 apples.", "final_sentence", "20"),
    ("So the time = 5 hours, cost = 20 dollars.", "final_sentence", "20"),
    ("So x = 18 or x = 20, so she has 20.", "final_sentence", "20"),  # the hedge still stands
    ("So \\(x = 18\\) or \\(x = 20\\).", "final_sentence", "18"),
    ("So (x = 18) or (x = 20).", "final_sentence", "18"),
    ("So she has 18 apples or (20 apples).", "final_sentence", "18"),
    ("**x = 18 or x = 20**", "final_sentence", "20"),
    ("Answer: x = 18 or x = 20", "answer_is", "20"),
    ("The answer is x = 18 or x = 20.", "answer_is", "20"),
    ("The answer is either x = 18 or x = 20.", "answer_is", "20"),
    ("The answer is x = 18 (or x = 20).", "answer_is", "20"),
    ("Answer: x = 18, x = 20", "answer_is", "20"),
    ("Answer: n = 18 / n = 20", "answer_is", "20"),
    ("The answer is $x = 18$ or $x = 20$.", "answer_is", "20"),
    ("The answer is \\(x = 18\\) or \\(x = 20\\).", "answer_is", "20"),
    ("The answer is (x = 18) or (x = 20).", "answer_is", "18"),
    ("The answer is 18 or (20).", "answer_is", "18"),
    ("The answer is **x = 18 or x = 20**.", "answer_is", "20"),
    ("**Answer: x = 18 or x = 20**", "answer_is", "20"),
    ("\\boxed{x = 18 \\text{ or } x = 20}", "boxed", "20"),
    ("\\boxed{x = 18, x = 20}", "boxed", "20"),
    ("\\boxed{x = 18 \\text{ and } y = 20}", "boxed", "20"),
    # Refused before too (kept): a hedge after the last "=", or a name on the right.
    ("So x = 18 or 20.", "final_sentence", None),
    ("So 18 = x or 20 = x.", "final_sentence", None),
    ("So x = 18 (or x = 20).", "final_sentence", None),
    ("So x = **18** or x = **20**.", "bold", None),
]


@pytest.mark.parametrize(("reply", "rule", "before"), REFUSED)
def test_a_hedge_between_equations_is_several_answers(
    reply: str, rule: str, before: str | None
) -> None:
    found = Extractor()(WORK + reply)
    assert found.rule == rule, reply
    assert found.rejected in ("multiple_answers", "several_numbers"), found
    assert _pays(WORK + reply, "18") == 0.0 and _pays(WORK + reply, "20") == 0.0, reply
    assert found == Extractor().general(WORK + reply)  # the fast paths read as the general


def test_a_hash_line_that_defines_a_name_is_no_answer_line() -> None:
    # "#### x = 18 or x = 20": in numeric mode a "####" line must start like a number (a
    # heading is no answer), and the line is no answer line of a finished reply either:
    # no_answer, as before. Without the hedge it is read as a final sentence (as before).
    assert Extractor()("#### x = 18 or x = 20").rejected == "no_answer"
    assert Extractor()("#### x = 20").answer == "20"
    # The text mode reads the line: the hedge is several answers (before: "x = 20" was read
    # as the answer 20).
    assert parse_answer("x = 18 or x = 20", strict=True).reason == "multiple_answers"


# -- read as before ----------------------------------------------------------------------------

# (reply, answer, rejected): each read so before too.
KEPT = [
    ("x = 3 or x = -3; since x is positive, x = 3.", "3", None),  # a later clause decides
    ("So x = 20 or x = 18; since x is even, x = 18.", "18", None),
    ("x^2 = 9, so x = 3.", "3", None),
    ("So 16 - 3 - 4 = 9 and 9 * 2 = 18.", "18", None),  # a chain of steps
    ("So 16 - 3 - 4 = 9 eggs, 9 * 2 = 18.", "18", None),
    ("So x = 18 or x = 18.", "18", None),  # one value
    ("So x = 18 or x = 9 * 2 = 18.", "18", None),
    # "2x = 10" leaves x unsolved: the documented equation policy (before too, kept).
    ("Let x = 5. Then 2x = 10, so she has 10.", "10", "multiple_answers"),
    ("So x = 18, so y = 20.", "20", None),  # a later clause concludes
    ("So 2x = 10, x = 5.", "5", None),  # 10 is the value of 2x: solving, no hedge
    ("So x + 2 = 20, x = 18.", "18", None),
    ("So T = 10 - L = 10 - 6 = 4.", "4", None),  # arithmetic on a name (corpus prose#903)
    ("So t = 100 / v = 100 / 5 = 20.", "20", None),
    ("So the cost = 9 * 2 = 18 and the total = 18.", "18", None),
    ("x = 18 then y = 20.", "20", None),
    ("So \\(x = 18\\) or \\(x = 18\\).", "18", None),
    ("So she makes $18 a day (9 eggs x $2).", "18", None),
    ("The answer is 18 (not 20).", "18", None),
    ("The answer is x = 18, so y = 20.", "x = 18, so y = 20", None),
    ("\\boxed{x = 18 \\text{ or } x = 18}", "x = 18 \\text{ or } x = 18", None),
    # Two units whose factor does not hold are two answers (as before); a true conversion
    # (1800 cents) is one value (test_conversions.py).
    ("So 9 * 2 = 18 dollars, or 1900 cents.", "1900", "multiple_answers"),
]


@pytest.mark.parametrize(("reply", "answer", "rejected"), KEPT)
def test_what_is_no_hedge_between_equations_reads_as_before(
    reply: str, answer: str, rejected: str | None
) -> None:
    found = Extractor()(WORK + reply)
    assert (found.answer, found.rejected) == (answer, rejected), found
    assert found == Extractor().general(WORK + reply)


def test_the_hedge_reader_on_equation_sides() -> None:
    def h(s: str) -> bool:
        parts = s.split("=")
        return any(hedged(parts, k) for k in range(1, len(parts) - 1))

    assert h("x = 18 or x = 20") and h("x = 18, y = 20") and h("n = 18 / n = 20")
    assert h("x = 18 dollars or x = 20") and h("x = 18 (approx.) or x = 20")
    assert not h("x = 18 or x = 18") and not h("x = 18, so y = 20")
    assert not h("2x = 10, x = 5") and not h("T = 10 - L = 4") and not h("t = 9 / v = 3")
    assert not h("x = 18 and so y = 20") and not h("x = 18 apples and the total = 20")
    assert hedge_before_bracket("So 18 apples or", "20 apples).")
    assert not hedge_before_bracket("So 18 apples or", "about that).")
    assert not hedge_before_bracket("So 18 apples", "9 x 2).")


# -- the property: a hedge between two values pays neither ------------------------------------

FORMS = [
    "x = {a} or x = {b}",
    "x = {a}, x = {b}",
    "x = {a} and y = {b}",
    "n = {a} / n = {b}",
    "x = {a} or {b}",
    "x = {a} * 1 = {a} or x = {b}",
    "{a} = x or {b} = x",
    "either x = {a} or x = {b}",
    "x = {a} (or x = {b})",
    "x = \\${a} or x={b}",
    "x = ${a} or x = ${b}",
    "x = {a} dollars or x = {b} dollars",
    "\\(x = {a}\\) or \\(x = {b}\\)",
    "x = {a} or x = {b} or x = {b}",
]
RULES = [
    "So {eq}.",
    "The answer is {eq}.",
    "Answer: {eq}",
    "**{eq}**",
    "The answer is **{eq}**.",
    "\\boxed{{{eq}}}",
    "#### {eq}",
]
_VALUE = st.one_of(
    st.integers(0, 10**6).map(str),
    st.decimals(0, 1000, places=2, allow_nan=False).map(str),
)


@settings(max_examples=400, deadline=None)
@given(_VALUE, _VALUE, st.sampled_from(FORMS), st.sampled_from(RULES))
@example("18", "20", "x = {a} or x = {b}", "So {eq}.")
@example("20", "18", "x = {a} * 1 = {a} or x = {b}", "The answer is {eq}.")
@example("18", "20", "x = {a} or x = {b}", "\\boxed{{{eq}}}")
def test_a_hedge_between_two_values_pays_neither(a: str, b: str, form: str, rule: str) -> None:
    if float(a) == float(b):
        return
    eq = form.format(a=a, b=b)
    if rule.startswith("\\boxed"):
        eq = eq.replace(" or ", " \\text{ or } ")
    reply = WORK + rule.format(eq=eq)
    assert _pays(reply, a) == 0.0, reply
    assert _pays(reply, b) == 0.0, reply
    ex = Extractor()
    assert ex(reply) == ex.general(reply), reply


@settings(max_examples=300, deadline=None)
@given(_VALUE, _VALUE, st.sampled_from(FORMS))
def test_the_sentence_shortcuts_read_hedged_equations_as_the_general_reading(
    a: str, b: str, form: str
) -> None:
    sentence = "So " + form.format(a=a, b=b)
    assert_reads_as_general(sentence)
    assert_shortcuts_read_as_tokens(sentence + ".")
    ex = Extractor()
    for rule, words in (("final_sentence", True), ("last_number", False)):
        found = ex._statement(rule, sentence + ".", words, [], WORK + sentence + ".")
        if found is not None and a != b and float(a) != float(b):
            assert found.rejected is not None, (rule, sentence, found)


# The other direction: one value offered twice, or a later clause that states the answer.
KEPT_FORMS = [
    ("So {eq}.", "x = {a} or x = {a}"),
    ("So {eq}.", "x = {a}, x = {a}"),
    ("The answer is {eq}.", "x = {a} or x = {a}"),
    ("So {eq}.", "x = {b} or x = {c}; since x is positive, x = {a}"),
    ("So {eq}.", "x = {b}, so y = {a}"),
    ("So {eq}.", "x = {a} or x = {a} * 1 = {a}"),
]


@settings(max_examples=200, deadline=None)
@given(_VALUE, _VALUE, _VALUE, st.sampled_from(KEPT_FORMS))
@example("3", "3", "-3", ("So {eq}.", "x = {b} or x = {c}; since x is positive, x = {a}"))
def test_one_value_or_a_later_clause_is_still_paid(
    a: str, b: str, c: str, form: tuple[str, str]
) -> None:
    rule, eq = form
    reply = WORK + rule.format(eq=eq.format(a=a, b=b, c=c))
    assert _pays(reply, a) == 1.0, reply
    ex = Extractor()
    assert ex(reply) == ex.general(reply), reply
