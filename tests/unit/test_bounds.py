"""An answer that states a bound, not a value (rewards.bounds; docs/graders.md, "A bound is
not a value").

Before this class a final sentence (or an answer text) that bounds the answer was paid as if
it stated the bound's number: with reference 18, ``So she makes more than $18.``, ``So he
needs fewer than 18 boxes.``, ``So x > 18.``, ``The answer is more than 18.`` and
``\\boxed{>18}`` all paid 0.9 or 1.0, though each says the answer is *not* 18. Now a strict
bound on the number read refuses it (``bound``); an inclusive bound (``at least``, ``>=``)
states its number, as before; a bound that is no bound on the answer read (a particle, a
comparison, a bound on another number) reads as before; a bound remarking on the answer
before it is taken out. Each table's comment gives the reading before the change.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.equations import parse_answer
from rftkit.rewards.extract import Extractor
from tests.prose import assert_reads_as_general, paid, read

EX = Extractor()

# -- 1. a strict bound on the number read: refused ------------------------------------------

# (final sentence, the number the bound names); before: that number, paid
REFUSED = [
    ("So she makes more than $18.", "18"),
    ("So he needs fewer than 18 boxes.", "18"),
    ("The total is greater than 18.", "18"),
    ("So she makes over 18 dollars.", "18"),
    ("The price is over $18.", "18"),
    ("So x > 18.", "18"),
    ("So x < 18.", "18"),
    ("So x>18.", "18"),
    ("So $x > 18$.", "18"),
    ("So, x \\gt 18.", "18"),
    ("So she makes less than 18 dollars.", "18"),
    ("So she makes under $18.", "18"),
    ("So she makes under 18 dollars a day.", "18"),
    ("So she makes more than $18 a day.", "18"),
    ("The total is slightly more than 18.", "18"),
    ("It is higher than 18.", "18"),
    ("So the number of boxes is larger than 18.", "18"),
    ("So x is smaller than 18.", "18"),
    ("So x is lower than 18.", "18"),
    ("So there are under 18 kids.", "18"),
    ("So there are over 18 people.", "18"),
    ("It took over 18 hours.", "18"),
    ("Just over 18.", "18"),
    ("Over 18.", "18"),
    ("Over $18.", "18"),
    ("So it costs over $18.50.", "18.5"),
    ("The share is more than 18%.", "18%"),
    ("So the total is over 1,800 dollars.", "1800"),
    ("So she makes >$18.", "18"),
    ("#### >18", "18"),  # not a "####" answer (it starts like no number): the final sentence
    ("**>18**", "18"),
    ("So she makes **more than $18**.", "18"),
    ("So she makes more than eighteen dollars.", "18"),  # in words, as a sentence without digits
    ("In 2 days, she earns over $18.", "18"),
    ("Step 3: 9 * 2 = 18, so she makes over 18 dollars.", "18"),
]


@pytest.mark.parametrize(("reply", "number"), REFUSED)
def test_a_strict_bound_is_no_answer(reply: str, number: str) -> None:
    assert read(reply) == (number, "bound")
    assert paid(reply, number) == 0.0


def test_many_bounds_before_the_number_still_bound_it() -> None:
    """Every bound word of a sentence is read, however many come first."""
    for reply in ("So it is " + "more than " * 40 + "18.", "x > 1, " * 30 + "so x > 18."):
        assert read(reply) == ("18", "bound"), reply


# (answer container or statement, the answer text reported); before: the number paid
MARKERS = [
    ("The answer is more than 18.", "more than 18"),
    ("The answer is > 18.", "> 18"),
    ("So the answer is **more than 18**.", "more than 18"),
    ("\\boxed{>18}", ">18"),
    ("\\boxed{x > 18}", "x > 18"),
    ("<answer>more than 18</answer>", "more than 18"),
    ("Final Answer: The final answer is more than 18. I hope it is correct.", "more than 18"),
    ("Final answer: $x > 18$", "$x > 18$"),
    ("\\boxed{\\text{more than } 18}", "\\text{more than } 18"),
    ("<answer>>18</answer>", ">18"),
    ("The final answer is: over 18 minutes", "over 18 minutes"),
]


@pytest.mark.parametrize(("reply", "answer"), MARKERS)
def test_a_marker_holding_a_strict_bound_is_no_answer(reply: str, answer: str) -> None:
    assert read(reply) == (answer, "bound")
    assert paid(reply, "18") == 0.0


def test_parse_answer_refuses_a_strict_bound_and_reads_an_inclusive_one() -> None:
    for text in ("more than 18", "> 18", ">18", "over $18", "x \\gt 18", "fewer than 18 boxes"):
        assert parse_answer(text).reason == "bound", text
    for text in ("at least 18", ">= 18", "x \u2265 18", "no more than 18", "18 or more"):
        assert str(parse_answer(text).number) == "18", text
    assert parse_answer("<b>18</b>").reason is None  # a tag's ">" is no sign


# -- 2. bounds that state their number, and what only looks like a bound: as before ---------

# (final sentence, answer); the reading before the change was the same
AS_BEFORE = [
    # inclusive bounds: a minimum or a maximum asked for
    ("She needs at least 3 trucks.", "3"),
    ("She can carry at most 18 boxes.", "18"),
    ("She can carry up to 18 boxes.", "18"),
    ("It costs no more than $18.", "18"),
    ("He needs no fewer than 18 boxes.", "18"),
    ("It is not less than 18.", "18"),
    ("x is greater than or equal to 18.", "18"),
    ("Thus, x >= 94.", "94"),
    ("So x <= 18.", "18"),
    ("So x \u2265 18.", "18"),
    ("So $x \\geq 18$.", "18"),
    ("So $x \\leq 18$.", "18"),
    ("She needs at least 18 more than Tom.", "18"),
    ("The answer is at least 18.", "at least 18"),
    # comparisons and differences: the number read is no bound on the answer
    ("She has 5 more apples than Tom.", "5"),
    ("She has 5 more than 18, so 23.", "23"),
    ("He needs 3 more boxes.", "3"),
    ("18 is more than 15, so she makes $18.", "18"),
    ("So she makes 18 dollars more than Tom.", "18"),
    ("So she makes $18 more than last week.", "18"),
    ("She is 18 years older than Tom.", "18"),
    ("So Tom has 18 fewer than Jane.", "18"),
    ("She has 5 more than 18.", "5"),
    ("She makes $36 over 18 days.", "36"),
    ("He needs more than 2 boxes, so 18 boxes.", "18"),
    # "over" that is no bound
    ("Over 2 days she makes $36.", "36"),
    ("over 2 days she makes $36.", "36"),
    ("He turned over 18 cards.", "18"),
    ("So she handed over $18.", "18"),
    ("There are 18 cookies left over.", "18"),
    ("Moreover, she makes $18.", "18"),
    ("She has 18 leftover cookies.", "18"),
    # a bound on another number than the one read
    ("7 > 5, so 7 pies.", "7"),
    ("x > 0 so x = 18.", "18"),
    ("She has <b>18</b> apples.", "18"),
    ("She has <strong>18</strong> apples.", "18"),
    ("18 > x.", "18"),
    # the documented limit: "above" and "below" are not read as bounds (the probe's cost)
    ("So the temperature is above 18 degrees.", "18"),
    ("So it is below 18.", "18"),
]


@pytest.mark.parametrize(("reply", "answer"), AS_BEFORE)
def test_what_is_no_strict_bound_on_the_answer_reads_as_before(reply: str, answer: str) -> None:
    assert read(reply) == (answer, None)


# (final sentence, (answer, rejected)): the documented limits, read as docs/graders.md says
LIMITS = [
    ("He walked over 18 bridges.", ("18", "bound")),  # "walked" is no listed particle verb
    ("He jumped over 18 feet.", ("18", None)),  # "jumped" is one
    ("So x + 5 > 18.", (None, "no_answer")),  # two numbers around a sign: a comparison
    ("The number of apples is less than 18 - 5 = 13.", ("13", None)),  # an equation's result
]


@pytest.mark.parametrize(("reply", "reading"), LIMITS)
def test_the_documented_limits(reply: str, reading: tuple[str | None, str | None]) -> None:
    assert read(reply) == reading


# -- 3. a bound that remarks on the answer before it -----------------------------------------

# (final sentence, answer); before: the bound's number (15, 20)
REMARKS = [
    ("So she makes $18, which is more than 15.", "18"),
    ("So she needs 18, more than 15.", "18"),
    ("So she is 18, which is over 15.", "18"),
    ("So it costs $18, just over $15.", "18"),
    ("The total is 18 - which is more than 15.", "18"),
    ("So she needs 72 - 48 = 24 more, which is more than 20.", "24"),
]


@pytest.mark.parametrize(("reply", "answer"), REMARKS)
def test_a_bound_after_the_answer_remarks_on_it(reply: str, answer: str) -> None:
    assert read(reply) == (answer, None)


def test_the_math_grader_reads_a_bound_in_prose_as_gsm8k_does() -> None:
    grade = rftkit.load_grader("math")
    reply = "She has 9 eggs.\nSo she makes more than 18 dollars."
    assert grade(Sample.from_text(response=reply, reference="18")).score == 0.0
    reply = "She has 9 eggs.\nShe needs at least 18 trucks."
    assert grade(Sample.from_text(response=reply, reference="18")).score == 1.0


# (reply, rejected); before: 18 paid by the last-number rule
LAST_NUMBER = [
    ("She makes more than $18 a day. Great job.", "bound"),
    ("It took over 18 hours. That is all.", "bound"),
    ("She makes at least $18 a day. Great job.", None),
]


@pytest.mark.parametrize(("reply", "rejected"), LAST_NUMBER)
def test_the_last_number_rule_reads_a_bound_as_the_final_sentence_does(
    reply: str, rejected: str | None
) -> None:
    found = EX("She has 9 eggs.\n" + reply)
    assert (found.rule, found.answer, found.rejected) == ("last_number", "18", rejected)


@pytest.mark.parametrize(
    "reply", [r for r, _ in REFUSED + AS_BEFORE + REMARKS] + [r for r, _ in MARKERS]
)
def test_the_fast_paths_read_a_bound_as_the_general_path(reply: str) -> None:
    for text in (reply, "She has 9 eggs.\n" + reply, reply.replace(" ", "\u00a0", 1)):
        assert EX(text) == EX.general(text), text


# -- 4. properties ---------------------------------------------------------------------------

STRICT = [
    "more than",
    "less than",
    "fewer than",
    "greater than",
    "larger than",
    "bigger than",
    "smaller than",
    "higher than",
    "lower than",
    "over",
    "under",
    ">",
    "<",
    "slightly more than",
    "just over",
]
LEADS = ["So she makes", "The total is", "So x is", "Therefore, he needs", "So x", "It took"]
UNITS = ["", " dollars", " boxes", " a day", " in total"]


def _written(n: int, cents: int | None, style: int) -> str:
    text = f"{n:,}" if style == 1 else str(n)
    if cents is not None:
        text += f".{cents:02d}"
    return "$" + text if style == 2 else text


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, 10**7),
    cents=st.none() | st.integers(1, 99),
    style=st.integers(0, 2),
    bound=st.sampled_from(STRICT),
    lead=st.sampled_from(LEADS),
    unit=st.sampled_from(UNITS),
)
@example(n=18, cents=None, style=2, bound="more than", lead="So she makes", unit="")
def test_a_strict_bound_is_never_paid_its_number(
    n: int, cents: int | None, style: int, bound: str, lead: str, unit: str
) -> None:
    number = _written(n, cents, style)
    reply = f"{lead} {bound} {number}{unit}."
    reference = str(n) if cents is None else f"{n}.{cents:02d}"
    assert read(reply)[1] == "bound", reply
    assert paid(reply, reference) == 0.0, reply
    assert_reads_as_general(f"{lead} {bound} {number}{unit}")


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, 10**7),
    style=st.integers(0, 2),
    bound=st.sampled_from(["at least", "at most", "up to", "no more than", "no less than"]),
    lead=st.sampled_from(LEADS),
    unit=st.sampled_from(UNITS),
)
def test_an_inclusive_bound_is_read_as_before(
    n: int, style: int, bound: str, lead: str, unit: str
) -> None:
    reply = f"{lead} {bound} {_written(n, None, style)}{unit}."
    assert paid(reply, str(n)) == 1.0, reply


@settings(max_examples=300, deadline=None)
@given(
    k=st.integers(1, 10**5),
    y=st.integers(1, 10**5),
    noun=st.sampled_from(["apples", "boxes", "dollars", "cards", "pies"]),
    other=st.sampled_from(["Tom", "Tom's {y}", "the {y} she had", "last week"]),
    comparative=st.sampled_from(["more", "fewer", "less"]),
)
def test_k_more_things_than_another_still_reads_k(
    k: int, y: int, noun: str, other: str, comparative: str
) -> None:
    reply = f"She has {k} {comparative} {noun} than {other.format(y=y)}."
    assert read(reply) == (str(k), None), reply
