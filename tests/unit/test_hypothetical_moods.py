"""A hypothetical after the answer, told by a number new to the reply or by the mood alone
(rftkit.rewards.hypotheticals, session 14).

``She makes 18 dollars; with 10 eggs she would make 20.`` answers 18 without the prompt too:
a premise number the reply never wrote, after a statement of the same kind (not a rate).
``She makes $18 per day; she would make $20 if she skipped breakfast.`` answers 18 with the
prompt: the question asks a fact under no condition, and the reply states the same predicate
in the unreal mood under an ``if`` of its own. ``Had she ...``/``Were she to ...`` (the
inversion of the unreal) and a value alone after a premise (``Assuming she eats none,
$24.``) are hypotheticals too. Each table gives the reading before (main at the session
start) in a comment, with the prompt / without it.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit.rewards.types import Sample
from tests.unit.test_hypotheticals import QUESTION, WORK, read, read_before

# Read 18 (flag hypothetical) with and without the prompt.
BOTH = [
    "She makes 18 dollars; with 10 eggs she would make 20.",  # 18 / 20
    "She makes $18. Selling 10 eggs would give 20.",  # 18 / 20
    "She makes $18. Selling 10 eggs, she would make $20.",  # 20 / 20: a gerund and a comma
    "She makes $18 per day. If she had 20 eggs, she'd make $34.",  # 18 / 34
    "She makes $18. With 10 eggs it'd be $20.",  # 18 / 20
    "She makes $18. Assuming 10 eggs, $20.",  # 20 / 20: a value alone
    "So she would make $18. With 10 eggs, she would make $20.",  # 18 / 20
    "She makes $18 per day. Had she sold the eggs at the door, she would earn $24.",  # 24 / 24
    "She makes $18 per day. Were she to sell all of them, that'd be $32.",  # 32 / 32
    "She makes $18 per day. Assuming she eats none, $24.",  # 24 / 24
    "She makes $18; had she kept the muffin eggs, she'd have made $26.",  # 26 / 26
    "She makes $18 per day; she would make $20 if she skipped breakfast and sold 10.",  # 9 / 20
    # a connective before the premise (all 20 / 20, or 24 / 24)
    "She makes $18 per day. But if she sold 10 eggs, she'd make $20.",
    "She makes $18 per day. However, if she sold 10 eggs, she'd make $20.",
    "She makes $18 per day. Also, with 10 eggs she would make $20.",
    "She makes $18 per day. Meanwhile, selling 10 eggs would give $20.",
    "She makes $18 per day. But had she sold 10 eggs, she'd have made $20.",
    "She makes $18 per day. So if she sold 10 eggs, she would make $20.",
    "She makes $18 per day. Of course, if she didn't eat any, she'd make $24.",
    "She makes $18 per day. Note that with 10 eggs she would make $20.",
    # other openers, a premise after the consequence, a colon, markup (all 20 / 20)
    "She makes $18 per day. Given 10 eggs, she'd make $20.",
    "She makes $18 per day. By selling 10 eggs she could make $20.",
    "She makes $18 per day. When she sells 10 eggs, she would make $20.",
    "She makes $18 per day. In case she sold 10 eggs, she would make $20.",
    "She makes $18 per day. She could make $20 by selling 10 eggs.",
    "She makes $18. With 10 eggs: $20.",
    "She makes $18 per day.\n\n**If she sold 10 eggs, she'd make $20.**",
    "**She makes $18.** If she sold 10 eggs she'd make $20.",
]


@pytest.mark.parametrize("reply", BOTH)
@pytest.mark.parametrize("prompt", [QUESTION, None], ids=["prompt", "no_prompt"])
def test_a_hypothetical_is_read_as_its_statement(reply: str, prompt: object) -> None:
    assert read_before(reply, prompt)[0] != "18"
    assert read(reply, prompt) == ("18", None, True)


# The mood alone: read 18 with the prompt (a question of fact under no condition); without
# it, as before (20 or 24: the premise's words cannot be told from the question's condition).
MOOD = [
    "She makes $18 per day; she would make $20 if she skipped breakfast.",  # 20 / 20
    "She makes $18 per day. She would make $20 if she skipped breakfast.",  # 20 / 20
    "She makes $18 per day. If she skipped breakfast, she would make $24.",  # 24 / 24
    "She makes $18 per day; she'd make $20 if she skipped breakfast.",  # 20 / 20
    "So she would make $18 a day. If she skipped breakfast, she would make $24 a day.",  # 24
    "She makes $18 a day. Suppose she skipped breakfast, then she would make $24 a day.",  # 24
    "She makes $18 per day. Assuming she skipped breakfast, $24.",  # 24 / 24
]


@pytest.mark.parametrize("reply", MOOD)
def test_the_mood_tells_a_hypothetical_with_the_prompt(reply: str) -> None:
    assert read_before(reply)[0] != "18"
    assert read(reply) == ("18", None, True)
    before = read_before(reply, None)
    assert read(reply, None) == (*before, False)


# A question that supposes (here, or anywhere in the prompt) keeps the conditional answer.
SUPPOSES = [
    QUESTION.replace("How much in dollars does she make", "How much would she make"),
    QUESTION.replace("How much", "If she skipped breakfast, how much"),
    "If Janet skipped breakfast. " + QUESTION,
]


@pytest.mark.parametrize("prompt", SUPPOSES)
def test_a_supposing_question_keeps_the_mood(prompt: str) -> None:
    reply = "She makes $18 per day. She would make $20 if she skipped breakfast."
    assert read(reply, prompt) == ("20", None, False)


# Read as before, with and without the prompt: the statement restates a given or is a rate,
# answers with another predicate or kind, the premise is a means (``With``) or derives (``so``),
# the hypothetical names another time frame (time_frames'), or there is no statement before.
AS_BEFORE = [
    "Each egg sells for $2. She would make $18 if she sold all of them.",
    "Each egg sells for $2; she would make $18 if she sold them all.",
    "She spends $5 on feed. If she sells the remaining eggs, she would make $18.",
    "She spends $5 on feed. With the remaining eggs, she would make $18.",
    "She has 9 eggs. She would make $18 if she sold them at $2 each.",
    "She makes $18 per day, so she would make $126 a week.",
    "She makes $18 per day. If she skipped breakfast, she could make $24 a week.",
    "She makes $18 per day. If she skipped breakfast, it would be $24.",  # 'be' vs 'makes'
    "She would make $18.",
    "She would make $18 a day if she sells them all.",
    "She makes $2 per egg. With 9 eggs, she would make $18.",
    "Each egg sells for $2. So if she sells them all, she would make $18.",
    "She earns $5 from tips. So if she sold her eggs, she would earn $23.",  # derives: no mood
    "She has 9 eggs. But if she sells all 9 at $2 each, she would make $18.",
    "She sells them at $2 each. Selling them, she would make $18.",
]


def test_another_verb_keeps_a_number_new_to_the_reply() -> None:
    """Without the prompt a number new to the reply needs the statement's verb or another of
    a gain (``makes`` ... ``would give``); ``pays`` states another quantity. (With the prompt
    7 is new to the question, a hypothetical whatever the verb: the rule before.)"""
    reply = "She pays $5 for feed. If she sells them at $7 each, she would make $63."
    assert read(reply, None) == ("63", None, False)
    assert read_before(reply, None) == ("63", None)


@pytest.mark.parametrize("reply", AS_BEFORE)
@pytest.mark.parametrize("prompt", [QUESTION, None], ids=["prompt", "no_prompt"])
def test_what_is_read_as_before(reply: str, prompt: object) -> None:
    before = read_before(reply, prompt)
    assert read(reply, prompt) == (*before, False), reply


# A premise after the consequence without the prompt: 10, the value read, lies in the premise
# (as on main; _conditioned reads only an "if"/"when" condition's number apart).
def test_a_trailing_gerund_premise() -> None:
    reply = "She makes $18 per day. She'd make $20 selling 10 eggs."
    assert read(reply) == ("18", None, True)  # was 20 (asked_unit)
    assert read(reply, None)[0] == read_before(reply, None)[0] == "10"


# Limits (docs/graders.md): a part, then the whole in the unreal mood under words alone, with
# a plain question, reads the part; without the prompt, a question's number the reply never
# wrote reads as new. (reply, prompt, answer now; the reading before in the comment)
LIMITS = [
    ("She earns $5 from tips. If she sold her eggs, she would earn $23.", QUESTION, "5"),  # 23
    ("She earns $5 from tips. If she sold them at $7 each, she'd earn $68.", None, "5"),  # 68
    ("She makes $18 per day. If she skipped breakfast, it would be $24.", QUESTION, "24"),
]


@pytest.mark.parametrize(("reply", "prompt", "answer"), LIMITS)
def test_the_limits(reply: str, prompt: object, answer: str) -> None:
    assert read(reply, prompt)[0] == answer


GRADER = rftkit.load_grader("gsm8k")


def _paid(reply: str, value: int, prompt: str | None) -> bool:
    sample = Sample.from_text(response=WORK + reply, reference=str(value), prompt=prompt)
    return GRADER(sample).score >= 0.5


_STATEMENTS = [
    "She makes ${a} a day.",
    "She makes {a} dollars.",
    "Janet makes ${a} every day.",
    "So she would make ${a}.",
]
# A premise with a number n the reply never wrote (and the question does not give).
_FRESH = [
    "With {n} eggs she would make {b}.",
    "She could make ${b} by selling {n} eggs.",
    "Given {n} eggs: ${b}.",
    "**If she sold {n} eggs, she'd make ${b}.**",
    "But if she sold {n} eggs, she'd make ${b}.",
    "However, selling {n} eggs would give ${b}.",
    "Selling {n} eggs would give ${b}.",
    "Selling {n} eggs, she would make ${b}.",
    "If she had {n} eggs, she'd make ${b}.",
    "Assuming {n} eggs, ${b}.",
    "She would make ${b} if she sold {n} eggs.",
]
# No number: the inversion or words that alter (any prompt), or the mood (the prompt only).
_WORDED = [
    "Had she sold the eggs at the door, she would make ${b}.",
    "Were she to sell all of them, that'd be ${b}.",
    "Assuming she eats none, ${b}.",
]
_MOODY = [
    "She would make ${b} if she skipped breakfast.",
    "If she skipped breakfast, she would make ${b}.",
    "Assuming she skipped breakfast, ${b}.",
]


@settings(max_examples=200, deadline=None)
@given(
    a=st.integers(20, 999),
    b=st.integers(20, 999),
    n=st.integers(20, 999),
    statement=st.sampled_from(_STATEMENTS),
    tail=st.sampled_from(_FRESH + _WORDED + _MOODY),
    join=st.sampled_from([" ", "\n"]),
    prompt=st.sampled_from([QUESTION, None]),
)
@example(a=18, b=20, n=10, statement=_STATEMENTS[1], tail=_FRESH[0], join=" ", prompt=None)
@example(a=18, b=20, n=10, statement=_STATEMENTS[0], tail=_MOODY[0], join=" ", prompt=QUESTION)
def test_a_hypothetical_never_earns(
    a: int, b: int, n: int, statement: str, tail: str, join: str, prompt: str | None
) -> None:
    """The hypothetical's value is never paid (the mood's: with the prompt); the statement's
    is; and no reply is paid for two values. Both paths read the same (``read``)."""
    if len({a, b, n}) < 3:
        return
    reply = statement.format(a=a) + join + tail.format(b=b, n=n)
    found = read(reply, prompt)
    if prompt is None and tail in _MOODY:
        assert found[:2] == read_before(reply, None)  # without the question: as before
        assert not (_paid(reply, a, None) and _paid(reply, b, None)), reply
        return
    assert found == (str(a), None, True), reply
    assert not _paid(reply, b, prompt), reply
    assert not _paid(reply, n, prompt), reply
    assert _paid(reply, a, prompt), reply
