"""A hypothetical after the answer (rftkit.rewards.hypotheticals).

``She makes $18 a day. If she sold 10 eggs, she'd make $20.`` answers 18: a conditional whose
premise changes the problem (a number neither the question nor the reply before holds) is
no statement of the answer. Each table gives the reading before (without the prompt, a
number new to the reply: tests/unit/test_hypothetical_moods.py).
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
import rftkit.rewards.bracket_remarks as bracket_module
import rftkit.rewards.extract as extract_module
from rftkit.rewards.extract import Extractor
from rftkit.rewards.hypotheticals import FLAG
from rftkit.rewards.types import Sample

QUESTION = (
    "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes "
    "muffins for her friends every day with four. She sells the remainder at the farmers' "
    "market daily for $2 per fresh duck egg. How much in dollars does she make every day at "
    "the farmers' market?"
)
WORK = "She has 16 - 3 - 4 = 9 eggs left and sells them at $2 each.\n"
EX = Extractor()


def read(reply: str, prompt: object = QUESTION) -> tuple[object, ...]:
    """``(answer, rejected, flagged)``, checking the fast paths against the general one."""
    text = WORK + reply
    found = EX(text, prompt=prompt)
    assert found == EX.general(text, prompt), reply
    return found.answer, found.rejected, FLAG in found.flags


def _passthrough(_ex: object, _rule: str, found: object, *_rest: object) -> object:
    return found


def read_before(reply: str, prompt: object = QUESTION) -> tuple[object, ...]:
    """The reading without the policy (its hook passes the reading through)."""
    with (
        mock.patch.object(extract_module, "hypothetical", _passthrough),
        mock.patch.object(bracket_module, "hypothetical", _passthrough),
    ):
        return read(reply, prompt)[:2]


# (reply's end, answer now; the reading before in the comment)
STATEMENT_READ = [
    ("She makes $18 a day. If she sold 10 eggs, she'd make $20.", "18"),  # was 20
    ("She makes $18 a day. Had she sold 10 eggs, she would have made $20.", "18"),  # was 20
    ("She makes $18 a day. With 10 eggs, she would make $20.", "18"),  # was 20
    ("She makes $18 a day. She would make $20 if she sold 10 eggs.", "18"),  # was 20
    ("So she makes $18. Suppose she had 12 eggs left, then she'd earn $24.", "18"),  # was 24
    ("She makes $18 a day.\nIf the price were $5, she could make $45.", "18"),  # was 45
    ("Janet makes 18 dollars. Without the 7 eggs she uses, she might make 32.", "18"),  # was 32
    ("So she makes $18. Assuming 20 eggs, she could make $40.", "18"),  # was 40
    # no comma between premise and consequence
    ("So she makes $18 a day. If she sold 10 eggs she would make $20.", "18"),  # was 20
]

# A premise that changes the problem in words, with no new number (given ones, or none):
# read with or without the prompt, when the statement before answers the same kind of
# quantity (dollars, eggs) with another value. (reply's end, answer now; before in comment)
WORDS_READ = [
    ("She makes $18 a day. If she ate one fewer egg, she would make $20.", "18"),  # was 20
    ("So, Janet earns $18 daily. If she didn't eat any eggs, she would make $26.", "18"),  # 26
    ("So, Janet earns $18 daily. If she did not bake muffins she'd earn $22.", "18"),  # 22
    ("She makes $18 a day. If she sold 2 more eggs, she'd make $22.", "18"),  # was 22
    ("She makes $18 a day. If she only sold 4 eggs, she would make $8.", "18"),  # was 8
    ("She makes 18 dollars. If she sold her muffins instead, she might make 40 dollars.", "18"),
    ("She sells 9 eggs. Without the 4 for muffins, she would sell 13 eggs.", "9"),  # was 13
    ("She makes \\$18 a day. If she didn't eat any, she would make \\$24.", "18"),  # was 24
    ("She makes $18 a day. (If she didn't eat any eggs, she'd make $24.)", "18"),  # bracketed
    ("She makes $18 a day. (If she sold 10 eggs she would make $20.)", "18"),  # bracketed
]


@pytest.mark.parametrize(("reply", "answer"), WORDS_READ)
@pytest.mark.parametrize("prompt", [QUESTION, None], ids=["prompt", "no_prompt"])
def test_a_premise_changed_in_words_is_a_hypothetical(
    reply: str, answer: str, prompt: object
) -> None:
    assert read_before(reply, prompt)[0] != answer
    assert read(reply, prompt) == (answer, None, True)


# Read as before: the statement before answers another kind of quantity, or a bare number,
# or the premise changes nothing in words. (The reading before in the comment.)
WORDS_AS_BEFORE = [
    ("Janet has 9 eggs left. If she doesn't keep any of them, she would make $18.", "18"),
    ("She has 9 left. If she doesn't keep any, she would make 18.", "18"),  # bare numbers
    ("So she sells 9 eggs. If each egg sells for $2, she would make $18.", "18"),
    ("She makes $18 a day. She would not make $20.", "20"),  # no premise
]


# All of a number the question gives, where the work sells fewer: with the prompt only (the
# reading before in the comment; without the prompt it stays).
def test_all_of_a_given_number_is_a_hypothetical() -> None:
    reply = "So she makes $18 a day. If she sold all 16 eggs she would make $32."
    assert read_before(reply)[0] == "32"
    assert read(reply) == ("18", None, True)  # was 32
    assert read(reply, None) == ("32", None, False)
    # all of the work's number restates the problem
    assert read("So she makes $18 a day. If she sold all 9 eggs she would make $18.")[0] == "18"


@pytest.mark.parametrize(("reply", "answer"), WORDS_AS_BEFORE)
@pytest.mark.parametrize("prompt", [QUESTION, None], ids=["prompt", "no_prompt"])
def test_what_words_leave_as_before(reply: str, answer: str, prompt: object) -> None:
    before = read_before(reply, prompt)
    assert before[0] == answer
    assert read(reply, prompt) == (answer, None, False)


@pytest.mark.parametrize(("reply", "answer"), STATEMENT_READ)
def test_the_statement_before_a_hypothetical_is_read(reply: str, answer: str) -> None:
    assert read_before(reply)[0] != answer
    assert read(reply) == (answer, None, True)


# A hedged statement before a hypothetical: refused with it (the hypothetical used to be paid).
def test_a_hedged_statement_stays_refused() -> None:
    reply = "She makes $18 or $20 a day. If she sold 10 eggs, she'd make $20."
    assert read_before(reply) == ("20", None)
    _, rejected, flagged = read(reply)
    assert rejected == "multiple_answers" and flagged


# Read as before: the premise restates the problem, there is no prompt, no conditional, the
# question asks the hypothetical's frame, or the sentence before states nothing.
READ_AS_BEFORE = [
    ("She makes $18 a day. If she sells 9 eggs at $2 each, that's $18.", QUESTION),
    ("Janet sells 9 eggs. If each egg costs $2, she would make $18.", QUESTION),
    ("If she sells all her eggs, she would make $18.", QUESTION),
    ("She makes $18 a day. She sold 10 eggs and made $20.", QUESTION),
    ("She makes $18 a day. At $3 per egg, she would make $27.", QUESTION),  # 3: "three"
    (
        "She makes $18 a day. In a week, she would make $126.",
        "She makes $18 a day. How much does she make per week?",
    ),
    ("Let's see. If she sold 10 eggs, she'd make $20.", QUESTION),
    # the real problem worked out (GSM8K train 5822, 6861): "will", and "one" as an article
    ("They have 287. If they get 2x as many on Saturday, they will have 287 x 2 = 574.", QUESTION),
    (
        "They need $120. If one ice cream is $5, they would sell $120 / $5 = 24.",
        "Games cost $60 each. They sell ice cream for $5. How many to pay for 2 games?",
    ),
    ("She makes $18 a day. If she sold 10 eggs, she will make $20.", QUESTION),
    ("She makes $18 a day. If she sold 10 eggs, she'd make $20. If 11, $22.", QUESTION),
]


@pytest.mark.parametrize(("reply", "prompt"), READ_AS_BEFORE)
def test_what_is_read_as_before(reply: str, prompt: object) -> None:
    before = read_before(reply, prompt)
    answer, rejected, flagged = read(reply, prompt)
    assert (answer, rejected) == before and not flagged


GRADER = rftkit.load_grader("gsm8k")


def _paid(reply: str, value: int) -> bool:
    sample = Sample.from_text(response=WORK + reply, reference=str(value), prompt=QUESTION)
    return GRADER(sample).score >= 0.5


_OPENERS = ["If she sold {n} eggs", "Had she sold {n} eggs", "With {n} eggs", "Suppose {n} eggs"]
# A premise that changes the problem in words, with a given number or none (any prompt).
_WORD_OPENERS = [
    "If she didn't eat any eggs",
    "If she sold 2 more eggs",
    "If she only sold 3 eggs",
    "Without the muffins",
    "If she did not eat 3 eggs",
    "Had she sold the eggs for less",
]
_MODALS = ["she'd make ${b}", "she would make ${b}", "she could earn ${b}", "she might get ${b}"]


@settings(max_examples=120, deadline=None)
@given(
    a=st.integers(20, 999),
    b=st.integers(20, 999),
    n=st.integers(20, 999),
    opener=st.sampled_from(_OPENERS),
    modal=st.sampled_from(_MODALS),
    hedge=st.booleans(),
)
@example(a=18, b=20, n=10, opener=_OPENERS[0], modal=_MODALS[0], hedge=False)
def test_a_hypothetical_never_earns(
    a: int, b: int, n: int, opener: str, modal: str, hedge: bool
) -> None:
    """The hypothetical's value is never paid; the statement's is, unless it hedges."""
    if len({a, a + 1, b, n}) < 4:
        return  # a premise that reuses the statement's number restates it: read as before
    statement = f"She makes ${a} or ${a + 1} a day." if hedge else f"She makes ${a} a day."
    reply = f"{statement} {opener.format(n=n)}, {modal.format(b=b)}."
    assert not _paid(reply, b), reply
    assert _paid(reply, a) is not hedge, reply


def _paid_with(reply: str, value: int, prompt: str | None) -> bool:
    sample = Sample.from_text(response=WORK + reply, reference=str(value), prompt=prompt)
    return GRADER(sample).score >= 0.5


@settings(max_examples=120, deadline=None)
@given(
    a=st.integers(20, 999),
    b=st.integers(20, 999),
    opener=st.sampled_from(_WORD_OPENERS),
    modal=st.sampled_from(_MODALS),
    comma=st.booleans(),
    bracket=st.booleans(),
    prompt=st.sampled_from([QUESTION, None]),
)
@example(a=18, b=26, opener=_WORD_OPENERS[0], modal=_MODALS[0], comma=True, bracket=False,
         prompt=None)  # fmt: skip
def test_a_premise_changed_in_words_never_earns(
    a: int, b: int, opener: str, modal: str, comma: bool, bracket: bool, prompt: str | None
) -> None:
    """With or without the prompt, a comma or brackets: the statement's value is paid, the
    hypothetical's never (one that changes the problem only in words)."""
    if a == b:
        return
    sentence = f"{opener}{',' if comma else ''} {modal.format(b=b)}."
    reply = f"She makes ${a} a day. " + (f"({sentence})" if bracket else sentence)
    assert not _paid_with(reply, b, prompt), reply
    assert _paid_with(reply, a, prompt), reply
