"""A sentence after the stated answer that hedges or guesses another value is several answers
(issue 14, docs/graders.md "Hedges and guesses after the answer": alternatives.HEDGE_OPENERS).

The class: a reply states its answer (``She makes $18.``, or a marker's answer) and then, in
a sentence of its own, hedges toward another value: an interjection or a doubt before an
opener (``Hmm, maybe 20.``, ``Not sure, maybe $20.``, ``Hmm, or $20.``), ``then again``,
``unless``, ``though it might be``, a guess (``My guess: $20.``, ``I guess $20.``), a belief or
a likelihood (``I think it's $20.``, ``Probably $20.``) or an approximation that restates the
answer as another value (``Rounded, $20.``, ``Round up to $20.``, ``Let's say $20.``, ``About
$20 in total.``). Before, the final sentence was read alone and its value (20) was paid; the
old reading of each case is in its comment (main at session 13's start).

A plain correction (``No wait, $20.``, ``Correction: $20.``, ``Scratch that, $20.``) is read
(the last statement wins in prose). What hedges toward no other value keeps its reading.
Every case is read by both of the extractor's paths (they must agree), with and without the
question as the prompt, and for reference 18 and 20: a hedge is paid for neither.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit.rewards.extract import Extractor
from rftkit.rewards.second_answers import misstated
from rftkit.rewards.types import Sample

_EX = Extractor()
_GRADER = rftkit.load_grader("gsm8k")
_P = (
    "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes"
    " muffins for her friends every day with four. She sells the remainder at the farmers'"
    " market daily for $2 per fresh duck egg. How much in dollars does she make every day at"
    " the farmers' market?"
)
_WORK = "She has 16 - 3 - 4 = 9 eggs left. She makes $18. "


def _read(reply: str) -> tuple[object, ...]:
    found = _EX(reply)
    assert found == _EX.general(reply), reply  # the fast path reads as the general one
    return found.answer, found.rule, found.rejected


def _paid(reply: str, ref: str) -> tuple[float, float]:
    with_prompt = _GRADER(Sample.from_text(response=reply, reference=ref, prompt=_P)).score
    alone = _GRADER(Sample.from_text(response=reply, reference=ref)).score
    return with_prompt, alone


_HEDGES = [
    # (the final sentence after _WORK; old: read 20, no flag, paid for reference 20)
    "Hmm, maybe 20.",
    "Not sure, maybe $20.",
    "Probably $20.",
    "I think it's $20.",
    "I guess $20.",
    "My guess: $20.",
    "Though it might be $20.",
    "Unless it's $20.",
    "Then again, $20.",
    "Hmm, or $20.",
    "Let's say $20.",
    "Round up to $20.",
    "Rounded, $20.",
    "About $20 in total.",
    # more members of the classes (each read 20 before)
    "Hmm... maybe 20.",
    "Hmm — maybe $20.",
    "HMM, MAYBE $20.",
    "Well, perhaps twenty dollars.",
    "Um, maybe 20 dollars.",
    "Ok, I guess $20.",
    "Okay, my best guess is $20.",
    "I'm not sure, but $20.",
    "I\u2019m not sure, maybe $20.",
    "Not sure. Maybe $20.",
    "Hmm, not sure, maybe 20.",
    "I believe it's $20.",
    "I suspect it's $20.",
    "I'd say $20.",
    "I think she makes $20.",
    "Most likely $20.",
    "But maybe $20.",
    "Although it could be $20.",
    "If I had to guess, $20.",
    "On the other hand, $20.",
    "Rounding, $20.",
    "Rounded up: $20.",
    "Approximately $20.",
    "Roughly twenty dollars.",
    "Let\u2019s say $20.",
    "Though maybe $20.",
    "**Hmm, maybe $20.**",
]


@pytest.mark.parametrize("hedge", _HEDGES)
def test_a_hedge_after_the_stated_answer_is_several_answers(hedge: str) -> None:
    reply = _WORK + hedge
    _, _, rejected = _read(reply)
    assert rejected == "multiple_answers", reply
    assert _paid(reply, "20") == (0.0, 0.0), reply
    assert _paid(reply, "18") == (0.0, 0.0), reply


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("The answer is 18. Hmm, maybe 20.", "18"),
        ("The answer is 18. I think it's 20.", "18"),
        ("The answer is 18. Probably $20.", "18"),
        ("The answer is 18. Rounded, 20.", "18"),
        ("The answer is $18. Not sure, maybe $20.", "18"),
        ("#### 18\nI guess 20.", "18"),
        ("#### 18\nThen again, 20.", "18"),
        ("\\boxed{18} Then again, 20.", "18"),
        ("**18**\nHmm, maybe 20.", "20"),
        ("So she makes **$18**.\nUnless it's $20.", "18"),
    ],
)
def test_a_hedge_after_a_marker_answer_is_several_answers(reply: str, old: str) -> None:
    _, _, rejected = _read(reply)
    assert rejected == "multiple_answers", (reply, old)


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        # a plain correction is read: the last statement wins in prose
        (_WORK + "No wait, $20.", "20"),
        (_WORK + "Correction: $20.", "20"),
        (_WORK + "Scratch that, $20.", "20"),
        # the same value again, a check, no number: the answer kept
        (_WORK + "Probably $18.", "18"),
        (_WORK + "I think it's $18.", "18"),
        (_WORK + "Rounded, $18.", "18"),
        (_WORK + "Hmm, yes, $18.", "18"),
        (_WORK + "Well, that's $18.", "18"),
        (_WORK + "I think 9 x 2 = 18 is right.", "18"),
        ("She makes $18. I think that's right.", "18"),
        ("She makes $18. Maybe double-check: 9 x 2 = 18.", "18"),
        ("Probably the simplest way: 9 x 2 = 18.", "18"),
        # a belief or an approximation as the reply's one answer, after a step of working
        ("I think she makes $18.", "18"),
        ("She makes about $18.", "18"),
        ("She has 9 eggs left. I think she makes $18.", "18"),
        ("She has 9 eggs left. Probably she makes $18.", "18"),
        ("She has 9 eggs left. About $18.", "18"),
        # an approximation that is a step (the answer rounded) or of another quantity
        ("She needs 4.5 buses. Round up to 5 buses.", "5"),
        ("She needs 4.5 buses. Rounded up, 5.", "5"),
        ("It takes 2 hours. About 120 minutes.", "120"),
        ("The answer is 18. About 9 eggs are sold.", "18"),
        # no opener at a sentence start
        ("She makes $18. Thereafter she sells 20 more.", "20"),
        ("She makes $18. Then she buys 20 eggs.", "20"),
    ],
)
def test_what_hedges_toward_no_other_value_keeps_its_reading(reply: str, answer: str) -> None:
    read, _, rejected = _read(reply)
    assert (read, rejected) == (answer, None), reply


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("She makes $18. Hopefully this helps with 2 more problems!", "2"),
        ("She makes $18. Hopefully that helps with the 3 other questions.", "3"),
    ],
)
def test_a_hopeful_courtesy_sentence_is_an_aside(reply: str, old: str) -> None:
    # "Hopefully this helps" is a courtesy sentence (closings.COURTESY), as "Hope this
    # helps" is: its number is no answer. Before, it was read without the prompt.
    read, _, rejected = _read(reply)
    assert (read, rejected) == ("18", None), (reply, old)
    assert _paid(reply, "18") == (0.9, 0.9), reply


def test_the_prompted_reading_keeps_a_closing_without_another_value() -> None:
    # With the question, the asked-statement reading pays 18 (read 18 before and after).
    assert _paid(_WORK + "Almost all of the 9 eggs are sold.", "18")[0] == 0.9
    assert _paid(_WORK + "About 2 eggs break each day.", "18")[0] == 0.9


# -- a number in words restated in brackets as another value --------------------------------


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("She makes eighteen (20) dollars.", "20"),
        ("She makes eighteen dollars (20).", "20"),
        ("She makes eighteen ($20) a day.", "20"),
        ("She makes 18 (twenty) dollars.", "18"),
        ("She makes 18 (twenty-one) dollars.", "18"),
    ],
)
def test_a_restatement_in_brackets_with_another_value_is_several_answers(
    reply: str, old: str
) -> None:
    _, _, rejected = _read(reply)
    assert rejected == "multiple_answers", (reply, old)
    assert misstated(reply)


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("She makes eighteen (18) dollars.", "18"),
        ("She sells 9 (of 16) eggs for 18 dollars.", "18"),
        ("So she makes $18 (9 x 2).", "18"),
        ("She divides the total temperature (420) by 5, so 420/5 = 84 degrees.", "84"),
        ("Stacy has 8(100)=800 berries.", "800"),
    ],
)
def test_a_restatement_in_brackets_with_the_same_value_is_one_answer(
    reply: str, answer: str
) -> None:
    read, _, rejected = _read(reply)
    assert (read, rejected) == (answer, None), reply


# -- properties ------------------------------------------------------------------------------

_LEADS = st.sampled_from(["", "Hmm, ", "Hmm... ", "Well, ", "Ok, ", "Um, ", "Hm — "])
_OPENERS = st.sampled_from(
    [
        "maybe", "perhaps", "probably", "I think it's", "I guess", "my guess is", "I believe",
        "not sure, maybe", "I'm not sure, but", "then again,", "unless it's", "or",
        "though it might be", "likely", "I suspect it's", "if I had to guess,",
    ]
)  # fmt: skip
_APPROX = st.sampled_from(["Rounded,", "Round up to", "Let's say", "About", "Roughly"])


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 5000), st.integers(1, 5000), _LEADS, _OPENERS, st.booleans(), st.booleans())
@example(18, 2, "Hmm, ", "maybe", True, False)
def test_a_hedged_other_value_is_paid_for_neither(
    answer: int, delta: int, lead: str, opener: str, dollars: bool, marker: bool
) -> None:
    other = answer + delta
    unit = "$" if dollars else ""
    said = f"The answer is {answer}." if marker else f"She makes {unit}{answer}."
    reply = f"She sells 9 eggs. {said} {_cap(lead + opener)} {unit}{other}."
    _, _, rejected = _read(reply)
    assert rejected == "multiple_answers", reply
    for ref in (answer, other):
        assert _GRADER(Sample.from_text(response=reply, reference=str(ref))).score == 0.0, reply


@settings(max_examples=100, deadline=None)
@given(st.integers(8, 5000), st.integers(1, 1000), _APPROX)
def test_an_approximation_near_an_integer_answer_is_paid_for_neither(
    answer: int, delta: int, opener: str
) -> None:
    other = answer + max(1, min(delta, answer // 4))  # within a quarter of the answer
    reply = f"She sells 9 eggs. She makes ${answer}. {opener} ${other}."
    _, _, rejected = _read(reply)
    assert rejected == "multiple_answers", reply


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 5000), _LEADS, _OPENERS, st.booleans())
def test_the_same_value_hedged_again_is_still_paid(
    answer: int, lead: str, opener: str, dollars: bool
) -> None:
    unit = "$" if dollars else ""
    reply = f"She sells 9 eggs. She makes {unit}{answer}. {_cap(lead + opener)} {unit}{answer}."
    read, _, rejected = _read(reply)
    assert (read, rejected) == (str(answer), None), reply
    assert _GRADER(Sample.from_text(response=reply, reference=str(answer))).score > 0, reply
