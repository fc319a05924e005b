"""A conditional clause after the answer, in the same sentence (rftkit.rewards.hypotheticals).

``She makes 18 dollars, 20 if she skips breakfast.`` answers 18: the clause after the
statement is conditional (``if``, ``when``, ``had she``, a modal verb with a premise) and
carries a second value; the statement before it is read, flag ``hypothetical``, when the
premise changes the problem (a new number, with the prompt; words that negate or alter it),
or the clause contrasts (``but``, ``whereas``, ``versus``, ...) or leaves out the statement's
verb (``20 if ...``) and states a value of the same kind. Each table gives the reading before
in a comment.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit.rewards.extract import Extractor
from rftkit.rewards.hypotheticals import FLAG
from rftkit.rewards.types import Sample
from tests.unit.test_hypotheticals import QUESTION, read_before

WORK = "She has 16 - 3 - 4 = 9 eggs left and sells them at $2 each.\n"
EX = Extractor()


def read(reply: str, prompt: object = QUESTION) -> tuple[object, ...]:
    """``(answer, rejected, flagged)``, checking the fast paths against the general one."""
    text = WORK + reply
    found = EX(text, prompt=prompt)
    assert found == EX.general(text, prompt), reply
    return found.answer, found.rejected, FLAG in found.flags


# Read 18 with and without the prompt: the words show the clause is conditional.
CLAUSES = [
    "She makes 18 dollars; 20 if she skips breakfast.",  # was 20
    "She makes 18 dollars, 20 if she skips breakfast.",  # was 20
    "She makes 18 dollars, and 20 if she skips breakfast.",  # was 20
    "She makes 18 dollars, but 20 when she skips breakfast.",  # was 20
    "She makes 18 dollars, whereas she would make 32 if she sold all.",  # was 32
    "She makes 18 dollars, 32 had she sold all.",  # was 32
    "She makes $18 a day versus $32 if she sold all.",  # was 32
    "She makes $18 a day; $20 if she skips breakfast.",  # was 20
    "She makes $18, but she could make $32 if she sold all 16 eggs.",  # was 16
    "She makes 18 dollars, but if she skipped breakfast she would make 24.",  # was 24
    "She makes eighteen dollars, twenty if she skips breakfast.",  # was 20
    "She makes 18 dollars, while she would make 32 if she sold all.",  # was 32
    "She makes $18 daily vs. $32 if she sold every egg.",  # was 32
    "She makes $18, though $32 if she sold all of them.",  # was 32
    "She makes $18 per day, but $20 if she skips breakfast.",  # was 20
    "She makes 18 dollars a day, but would make 20 when she skips breakfast.",  # was 20
    "She makes 18 dollars, and if she didn't eat any she'd make 24 dollars.",  # was 24
    "She makes $18 per day, but she'd make $24 without breakfast.",  # was 24
    "She makes $18 per day, whereas without breakfast she'd make $24.",  # was 24
    "She makes 18 dollars; if she skipped breakfast, 20.",  # was 20
    "She makes $18.00 per day, but $20.00 if she skips breakfast.",  # was 20.00
    "She makes $18 every day, but only $10 when she bakes more muffins.",  # was 10
    "She makes $18 a day - $32 if she sold all of them.",  # was 32
    "She makes $18 a day, $32 if she sold all, $36 if she charged more.",  # was 36
    "She makes eighteen dollars, and $20 when she skips breakfast.",  # was 20
    "She makes $18 a day, while only $20 if she eats more.",  # was 20
    "She makes $18.00, although 20 unless she eats breakfast.",  # was 20
    "She makes 18 dollars, while 20 were she to sell all.",  # was 20
    "She makes eighteen dollars, but she'd make 20 without breakfast.",  # was 20
    # a pair refused as a list of values, whose second the clause conditions
    "She makes $18; $20 if she skips breakfast.",  # was several answers
    "She makes $18, $20 if she skips breakfast.",  # was several answers
]


@pytest.mark.parametrize("reply", CLAUSES)
@pytest.mark.parametrize("prompt", [QUESTION, None], ids=["prompt", "no_prompt"])
def test_a_conditional_clause_is_no_answer(reply: str, prompt: object) -> None:
    assert read_before(reply, prompt) != ("18", None)
    assert read(reply, prompt) == ("18", None, True)


# A premise with a new number (new to the question, with the prompt; new to the reply,
# without it) or an inversion ("had she"): read 18 with and without the prompt (the reading
# before in the comment; until session 14 it stayed without the prompt).
NEW_NUMBER = [
    "She makes 18 dollars; with 10 eggs she would make 20.",  # 20
    "She makes 18 dollars. Selling 10 eggs would give 20.",  # 20: a gerund premise
    "She makes $18; had she sold all 16, she'd have made $32.",  # 32: all the 16 given
]


# The value read stood before the modal verb: the statement's, not the hypothetical's
# (the two-sentence rule read the sentence before: 9).
def test_a_value_before_the_modal_is_the_statements() -> None:
    reply = "She makes $18, $2 more than she would if she sold 8 eggs."
    assert read(reply) == ("18", None, False)
    text = "She has 16 - 3 - 4 = 9 eggs left.\n" + reply
    assert EX(text, prompt=QUESTION).answer == "18"  # was 9


@pytest.mark.parametrize("reply", NEW_NUMBER)
@pytest.mark.parametrize("prompt", [QUESTION, None], ids=["prompt", "no_prompt"])
def test_a_new_number_in_a_clause_is_a_hypothetical(reply: str, prompt: object) -> None:
    assert read_before(reply, prompt)[0] != "18"
    assert read(reply, prompt) == ("18", None, True)


# The number read lay in the condition of the statement: the statement's value is read (no
# flag: nothing is set aside but a premise). (reply, answer; before in the comment)
CONDITIONED = [
    ("She makes $18 if she sells all 9 remaining eggs.", "18"),  # was 9
    ("She sells eggs at $2 each, and $18 if she sells all 9.", "18"),  # was 9
    ("She charges $2 per egg, but $18 if she sells all 9.", "18"),  # was 9 (a rate before)
    ("She earns $18 when she sells 9 eggs.", "18"),
    ("She makes $2 per egg, so she would make $18 if she sells all 9.", "18"),  # was 9
    ("The price is $2, and she would earn $18 if she sold the 9 eggs.", "18"),  # was 9
    ("She earns 2 dollars an egg, but 18 dollars if she sells all 9.", "18"),  # was 9
    (
        "She made $20 yesterday, but she makes $18 if she sells 9 today.",
        "18",
    ),  # was 9  # was 9 (18 with the prompt: asked_units)
]


@pytest.mark.parametrize(("reply", "answer"), CONDITIONED)
@pytest.mark.parametrize("prompt", [QUESTION, None], ids=["prompt", "no_prompt"])
def test_a_conditions_number_is_no_answer(reply: str, answer: str, prompt: object) -> None:
    if prompt is None or "when" not in reply:
        assert read_before(reply, prompt)[0] != answer
    assert read(reply, prompt) == (answer, None, False)


# "Else 20." offers another value as "Otherwise, 20." does: several answers, both.
@pytest.mark.parametrize("opener", ["Else", "Else,", "Otherwise,", "Otherwise"])
@pytest.mark.parametrize("prompt", [QUESTION, None], ids=["prompt", "no_prompt"])
def test_else_offers_an_alternative(opener: str, prompt: object) -> None:
    assert read(f"She makes 18 dollars. {opener} 20.", prompt)[1] == "multiple_answers"
    assert read(f"She makes 18 dollars. {opener} 18.", prompt)[:2] == ("18", None)


# An alternative opened by "or" with a condition: several answers, as ", or 20 dollars a
# day if she eats fewer" is.
@pytest.mark.parametrize("prompt", [QUESTION, None], ids=["prompt", "no_prompt"])
def test_or_with_a_condition_offers_an_alternative(prompt: object) -> None:
    reply = "She makes 18 dollars, or if she skips breakfast, 20."
    assert read_before(reply, prompt) == ("20", None)
    assert read(reply, prompt)[1] == "multiple_answers"


# A question that asks a hypothetical itself ("How much would she make if ...?"): with the
# prompt, a hypothetical after the statement may answer it, and is read as before (without
# the prompt, the statement is read: the words alone cannot tell).
ASKS_HYPOTHETICAL = (
    "Janet's ducks lay 16 eggs per day. She eats three for breakfast and bakes muffins with "
    "four. She sells the remainder for $2 per egg. How much would she make if she did not "
    "eat any eggs for breakfast?"
)


@pytest.mark.parametrize(
    "reply",
    [
        "Normally she makes $18, but if she didn't eat any she would make $24.",
        "She makes $18 now, but $24 if she eats none.",
        "She makes $18 now. If she didn't eat any, she would make $24.",
    ],
)
def test_a_hypothetical_question_keeps_its_hypothetical(reply: str) -> None:
    assert read(reply, ASKS_HYPOTHETICAL) == ("24", None, False)
    assert read(reply, None) == ("18", None, True)


# A question with a condition of its own ("If John buys 3 more apples, how many ...?"): a
# premise that changes the problem only in words may restate it (with the prompt, read as
# before; both rules), and a clause in the real mood states the answer (with or without it).
APPLES = "John has 5 apples. If John buys 3 more apples, how many apples will he have?"


@pytest.mark.parametrize(
    "reply",
    [
        "He has 5 apples, and he would have 8 apples if he bought 3 more.",
        "He has 5 apples. If he bought 3 more, he would have 8 apples.",  # was 5
        "He has 5 now; he would have 8 if he bought 3 more.",
    ],
)
def test_a_questions_condition_is_no_hypothetical(reply: str) -> None:
    found = EX("So:\n" + reply, prompt=APPLES)
    assert (found.answer, FLAG in found.flags) == ("8", False), reply


@pytest.mark.parametrize("prompt", [APPLES, None], ids=["prompt", "no_prompt"])
def test_a_clause_in_the_real_mood_states_the_answer(prompt: object) -> None:
    found = EX("So:\nHe has 5 now, so he will have 8 if he buys 3 more.", prompt=prompt)
    assert (found.answer, FLAG in found.flags) == ("8", False)


# Read as before: the clause restates the problem or answers another quantity, a rate
# before a total, an alternative, an equation, a bare value of no known kind with words
# alone, a condition with its consequence, or a question that is conditional itself.
AS_BEFORE = [
    ("She would make 18 dollars if she sells them all.", QUESTION),
    ("If she sells 9 eggs at $2, she makes $18.", QUESTION),
    ("She sells 9 eggs, so she makes $18 if she sells them all.", QUESTION),
    ("She has 9 eggs, $18 if she sells them all.", None),
    ("Each egg is $2, but if she sells all 9 she makes $18.", QUESTION),
    ("She makes 18 dollars, which she would spend on feed.", QUESTION),
    ("She sells 9 eggs, and she would make 18 dollars.", QUESTION),
    ("She sells 9 eggs, but when she sells them she makes $18.", QUESTION),
    ("So 9 x 2 = 18, she would make $18.", QUESTION),
    ("Selling 9 eggs at $2 would give $18.", QUESTION),
    ("She makes $20 if she skips breakfast, but 18 dollars otherwise.", QUESTION),
    ("She makes 18 dollars a day, or 20 dollars a day if she eats fewer.", QUESTION),
    ("She makes 18 dollars, versus 32 if she sold all.", QUESTION),
    ("She makes 18 dollars (20 if she skips breakfast).", QUESTION),
    ("She makes $18 and $20 if she skips breakfast.", QUESTION),  # no clause boundary
    ("She makes $18, which is $2 more than if she sold 8 eggs.", QUESTION),
    ("She makes $18 a day, so she would make $126 a week.", QUESTION),  # time_frames'
    ("Each egg sells for $2, so if she sells 9 eggs she would make $18.", QUESTION),
    ("At $2 each, 9 eggs would bring in $18.", QUESTION),
    ("Selling them at $2 each would give her $18.", QUESTION),
    ("She makes $18, but maybe $20 if she skips breakfast.", QUESTION),  # a hedge
    ("A total of 15 + 3 = 18 students, and 2 could not come.", QUESTION),
    (
        "She makes $18 a day, but $20 if she skips breakfast.",
        "She makes $18 a day. How much would she make if she skipped breakfast?",
    ),
]


@pytest.mark.parametrize(("reply", "prompt"), AS_BEFORE)
def test_what_is_read_as_before(reply: str, prompt: object) -> None:
    before = read_before(reply, prompt)
    answer, rejected, flagged = read(reply, prompt)
    assert (answer, rejected) == before and not flagged, reply


GRADER = rftkit.load_grader("gsm8k")
_WORDS = {
    20: "twenty", 21: "twenty-one", 30: "thirty", 45: "forty-five", 99: "ninety-nine",
    118: "one hundred eighteen", 250: "two hundred fifty",
}  # fmt: skip


def _paid(reply: str, value: int, prompt: str | None) -> bool:
    sample = Sample.from_text(response=WORK + reply, reference=str(value), prompt=prompt)
    return GRADER(sample).score >= 0.5


_STATEMENTS = [
    "She makes ${a}",
    "She makes {aw} dollars a day",
    "She makes ${a} a day",
    "Janet earns {a} dollars",
    "So she makes {a} dollars every day",
]
_CLAUSE_TAILS = [
    ", {w} if she skips breakfast.",
    " - ${b} if she sold all of them.",
    ", but she'd make ${b} without breakfast.",
    ", but only ${b} when she bakes more muffins.",
    "; if she skipped breakfast, ${b}.",
    ", ${b} if she sold all, ${c} if she charged more.",
    ", although {w} unless she eats breakfast.",
    ", yet ${b} were she to sell all.",
    ", while only {w} if she eats more.",
    "; ${b} if she skips breakfast.",
    ", ${b} if she skips breakfast.",
    ", and ${b} if she skips breakfast.",
    ", but ${b} when she skips breakfast.",
    ", whereas she would make ${b} if she sold all.",
    ", ${b} had she sold all.",
    " versus ${b} if she sold all.",
    ", though she could make ${b} if she sold all.",
    ", but if she didn't eat any, she'd make ${b}.",
    "; with 10 eggs she would make ${b}.",
]


@settings(max_examples=300, deadline=None)
@given(
    a=st.one_of(st.integers(20, 999), st.sampled_from(sorted(_WORDS))),
    b=st.one_of(st.integers(20, 999), st.sampled_from(sorted(_WORDS))),
    statement=st.sampled_from(_STATEMENTS),
    tail=st.sampled_from(_CLAUSE_TAILS),
    prompt=st.sampled_from([QUESTION, None]),
)
@example(a=18, b=20, statement=_STATEMENTS[0], tail=_CLAUSE_TAILS[0], prompt=None)
def test_a_conditional_clause_never_earns(
    a: int, b: int, statement: str, tail: str, prompt: str | None
) -> None:
    """A statement and the same statement with a conditional clause appended read the
    same (the flag aside); the clause's value is never paid."""
    if a == b or a == 10 or b == 10:
        return
    alone = statement.format(a=a, aw=_WORDS.get(a, a)) + "."
    reply = statement.format(a=a, aw=_WORDS.get(a, a)) + tail.format(
        b=b, c=b + 1, w=_WORDS.get(b, b)
    )
    if "{c}" in tail and a == b + 1:
        return
    assert not _paid(reply, b, prompt), reply
    assert not _paid(reply, b + 1, prompt) or a == b + 1, reply
    first = EX(WORK + alone, prompt=prompt)
    both = EX(WORK + reply, prompt=prompt)
    assert (both.answer, both.rejected) == (first.answer, first.rejected), reply
    assert _paid(reply, a, prompt), reply
