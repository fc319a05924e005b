"""An explanation after the answer (rftkit.rewards.explanations): numbers that recompute the
answer (``$18 ... 9 eggs at $2 each``) are no answer of their own.

Before, every reply below that ends in an explanation read its last factor (2) and was
refused for 18.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from rftkit import load_grader
from rftkit.rewards.explanations import FLAG
from rftkit.rewards.extract import Extractor
from rftkit.rewards.types import Sample

EX = Extractor(numeric=True)
GSM8K = load_grader("gsm8k")
WORK = "She collects 16 eggs and uses 7.\n"

# (reply end, answer read, flagged); the old reading of each changed case in a comment.
CASES = [
    # in the sentence: the answer, then its factors
    ("She makes $18 every day by selling 9 eggs at $2 each.", "18", True),  # was 2
    ("She makes $18 every day, selling 9 eggs at $2 each.", "18", True),  # was 2
    ("She makes $18 every day from 9 eggs at $2 each.", "18", True),  # was 2
    ("In total, she makes $18 from 9 eggs at $2 each.", "18", True),  # was 2
    ("He earns $120 in 2 weeks at $60 a week.", "120", True),  # was 60
    ("He drives 120 miles in 2 hours at 60 miles an hour.", "60", False),  # "2 hours 60 mi.."
    ("After 7 days she makes $18 a day from 9 eggs at $2 each.", "18", True),  # was 2
    ("She packs 24 cookies into 2 boxes of 3 rows of 4.", "24", True),  # was 4
    # after the sentence: a sentence of factors of the number stated before it
    ("She makes $18 every day.\nThis is because she sells 9 eggs at $2 each.", "18", True),
    ("She makes $18 every day.\nThat comes from 9 eggs at $2 each.", "18", True),  # was 2
    ("She makes $18 every day.\nThat's 9 eggs at $2 apiece.", "18", True),  # was 2
    ("She makes $18 every day. She sells 9 eggs at $2 each.", "18", True),  # was 2
    ("She makes $18 every day.\nThat's 10 dollars and 8 dollars.", "18", True),  # a sum, opened
    # read as before: no explanation, or one that does not recompute the answer
    ("She makes $18 every day.", "18", False),
    ("She makes $20 every day.\nThat's 9 eggs at $2 each.", "2", False),  # 9 x 2 is not 20
    ("She makes $18 every day. She has 10 eggs and 8 hens.", "8", False),  # a sum, no opener
    ("She has 3 apples, 1 pear and 2 plums.", "2", False),  # 1 is no factor
    ("With 2 boxes of 3 eggs, she has 6 eggs.", "6", False),  # the product comes last
    ("She has 18 eggs, so 9 boxes of 2.", "2", False),  # a clause that concludes
    ("So she has 18 eggs left after 9 days of 2.", "2", False),  # "left" concludes
    ("Since she has 40 eggs / 10 eggs each week, they last 4 weeks.", "4", False),  # arithmetic
    ("She makes $18 every day.\nThat's $126 a week!", "126", False),  # one number: no factors
    ("She makes $18 every day. That's 18 dollars from 9 eggs at $2.", "18", True),
]


@pytest.mark.parametrize(("reply", "answer", "flagged"), CASES)
def test_an_explanation_reads_the_answer_it_explains(
    reply: str, answer: str, flagged: bool
) -> None:
    found = EX(WORK + reply)
    assert found == EX.general(WORK + reply), reply  # the fast paths read as the general one
    assert (found.answer, found.rejected, FLAG in found.flags) == (answer, None, flagged)


# Hedged or refused sentences stay refused: an explanation never turns a refusal into a
# payment of the answer before it.
REFUSED = [
    "She makes $18 every day.\nThat's 9 eggs at $2 or $3 each.",
    "She makes $18 or $20 every day.\nThat's 9 eggs at $2 each.",
    "She makes 18 or 20 dollars.\nThat's 9 eggs at $2 each.",
]


@pytest.mark.parametrize("reply", REFUSED)
def test_a_hedge_is_never_paid_through_an_explanation(reply: str) -> None:
    for reference in ("18", "20"):  # the stated values (a factor reads as before)
        reward = GSM8K(Sample.from_text(response=WORK + reply, reference=reference))
        assert reward.score == 0.0, (reply, reference, reward.answer, reward.errors)


_UNITS = st.sampled_from(["eggs", "boxes", "bags", "hours"])


@given(
    st.integers(2, 60),
    st.integers(2, 60),
    st.integers(1, 4000),
    _UNITS,
    st.sampled_from(
        [
            "She makes ${x} every day by selling {a} {u} at ${b} each.",
            "She makes ${x} every day.\nThat's {a} {u} at ${b} each.",
            "She makes ${x} every day. She sells {a} {u} at ${b} each.",
        ]
    ),
)
@example(9, 2, 18, "eggs", "She makes ${x} every day by selling {a} {u} at ${b} each.")
@example(2, 2, 1, "eggs", "She makes ${x} every day by selling {a} {u} at ${b} each.")
@example(2, 3, 5, "eggs", "She makes ${x} every day.\nThat's {a} {u} at ${b} each.")  # a sum
def test_the_stated_answer_is_read_only_when_the_factors_recompute_it(
    a: int, b: int, x: int, unit: str, form: str
) -> None:
    reply = WORK + form.format(x=x, a=a, b=b, u=unit)
    found = EX(reply)
    assert found == EX.general(reply)
    # An opener that explains ("That's") lets the sum recompute the answer too.
    if "by selling" in form:
        # "by" and a verb in "-ing" is a justification (session 13): its numbers are no
        # answers, whatever they compute; the flag when they recompute the answer.
        assert (found.answer, found.rejected, FLAG in found.flags) == (str(x), None, x == a * b)
    elif x == a * b or ("That's" in form and x == a + b):
        assert (found.answer, found.rejected, FLAG in found.flags) == (str(x), None, True)
    else:
        # Read as before: the last number, never the stated one (a factor would be
        # paid for x only by the coincidence that b equals it).
        assert (found.answer, FLAG in found.flags) == (str(b), False)


@given(st.integers(2, 60), st.integers(2, 60), st.integers(1, 4000), st.integers(1, 4000))
@example(a=2, b=24, x=48, y=48)  # found locally: "$48 or $48" states one value, not two
def test_two_stated_values_are_never_paid(a: int, b: int, x: int, y: int) -> None:
    if x == y:
        y += 1  # two values: "$48 or $48" is one (paid, and rightly)
    reply = WORK + f"She makes ${x} or ${y} every day.\nThat's {a} eggs at ${b} each."
    for reference in {x, y}:
        reward = GSM8K(Sample.from_text(response=reply, reference=str(reference)))
        assert reward.score == 0.0 or reference == b, (reply, reference, reward.answer)
