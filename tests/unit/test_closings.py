"""A reply's closing after its answer is no part of its solution (issue 14, closings).

Four classes, each read before as the answer (the old reading of each case is in its
comment, measured on main before this change):

* a courtesy sentence (``Let me know if you'd like a breakdown by week (7 days).``) and a
  labelled aside (``P.S.``, ``N.B.``, ``Fun fact:``, ``Tip:``, ``By the way,``): cut off like
  a note, the answer before it read (flag ``aside``); one that offers another value for the
  answer (``P.S. or maybe $20.``) is a second answer;
* an announcement of work that never comes (``So it's 66? Let me check again.``): the
  final-sentence and last-number rules read no answer (``unfinished``);
* a final sentence that asks (``So it's 66?``): no answer (``question``).

Every case is also read by the extractor's general path, which must agree with its fast
path (``tests.prose.read``).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.closings import hedges, unfinished
from rftkit.rewards.extract import Extractor
from rftkit.rewards.numbers import Number

_EX = Extractor()
_BASE = "She has 16 - 3 - 4 = 9 eggs left.\nSo Janet makes $18 every day at the market."


def _read(reply: str) -> tuple[object, ...]:
    found = _EX(reply)
    assert found == _EX.general(reply), reply  # the fast path reads as the general one
    return found.answer, found.rule, found.rejected, found.flags


# -- courtesy sentences and labelled asides: the answer before them is read ------------------


@pytest.mark.parametrize(
    ("closing", "old"),
    [
        (" Let me know if you'd like a breakdown by week (7 days).", "7"),
        ("\n\nLet me know if you'd like a breakdown by week (7 days).", "7"),
        (" Feel free to ask if you have any other questions about the 2 farms.", "2"),
        (" Happy to help with 3 more problems!", "3"),
        (" Would you like me to compute the weekly total (7 days)?", "7"),
        (" Hope this helps with one more problem!", "1"),
        (" Thanks for the 2 questions!", "2"),
        (" If you have any questions about the 9 eggs, let me know.", "9"),
        (" I'd be happy to explain the 3 steps again.", "3"),
        (" Good luck with the 2 other problems!", "2"),
        (" Is there anything else I can help with, like the 4 muffins?", "4"),
        ("\n\n**Let me know** if you want a table of all 7 days.", "7"),
        (" P.S. Eggs cost 2 dollars each.", "2"),
        (" N.B. Each egg costs $2.", "2"),
        ("\nFun fact: a hen lays about 300 eggs a year.", "300"),
        ("\nTip: sell 2 dozen at once.", "2"),
        ("\nRemember: 9 eggs at $2 each.", "2"),
        ("\n**Bonus:** with 2 more hens she would sell 4 more eggs.", "4"),
        ("\nDisclaimer: prices as of 2023.", "2023"),
        ("\nCaveat: 3 eggs may break.", "3"),
        ("\nPS: 2 eggs were cracked.", "2"),
        (" Note: each egg costs $2.", "2"),
        (" By the way, a hen lays 300 eggs a year.", "300"),
        ("\n> Reminder: 1 dozen is 12 eggs.", "12"),
        (" P.S. Eggs cost 2 dollars each. They are brown.", "2 (last_number)"),
        ("\n\n*Fun fact: hens lay 300 eggs a year.*", "300"),
        ("\n\n---\n\n**Key takeaway:** subtract the 7 eggs, then multiply 9 by $2.", "2"),
        ("\n\nTakeaway: 9 eggs left, at $2 each.", "2"),
        ("\n\n***\n\nNote: each egg costs $2.", "2"),  # a rule between the answer and it
        ("\n\nKey lesson: multiply the 9 eggs left by $2.", "2"),
        # A hedge between two other numbers offers nothing for the answer (as a note's).
        (" P.S. Eggs cost 2 or 3 dollars.", "multiple_answers"),
    ],
)
def test_a_closing_after_the_answer_is_not_read_for_it(closing: str, old: str) -> None:
    answer, rule, rejected, flags = _read(_BASE + closing)
    assert (answer, rule, rejected) == ("18", "final_sentence", None), (closing, old)
    assert "aside" in flags


@pytest.mark.parametrize(
    "closing",
    [" I hope this helps!", " Thanks for the question.", "\n\nLet me know if you have questions."],
)
def test_a_courtesy_sentence_without_a_number_reads_as_before(closing: str) -> None:
    # Before: the last number (18), by the last-number rule, with no flag. The same now.
    assert _read(_BASE + closing) == ("18", "last_number", None, ())


@pytest.mark.parametrize(
    ("closing", "answer", "rejected"),
    [
        # The solution goes on after the label: no aside, read as before.
        ("\nTip: each egg is $2, so she makes 10*2 = $20.", "20", None),
        (" Remember: May is half. So she makes $20.", "20", None),
        ("\nRemember that she sells 10 eggs.", "10", None),  # no colon: no label
        # A correction is the reply's last word; a marker in an aside is an answer.
        ("\nP.S. Actually she makes $20.", "20", None),
        ("\nP.S. The answer is 20.", "20", None),
        # "Thanks to ..." gives a reason, and "If you need 3 ..." goes on with the problem.
        ("\nThanks to the 2 extra hens, she sells more.", "2", None),
        ("\nIf you need 3 more eggs, buy 3.", "3", None),
    ],
)
def test_what_is_no_closing_reads_as_before(closing: str, answer: str, rejected: None) -> None:
    found = _read(_BASE + closing)
    assert found[0::2] == (answer, rejected), closing
    assert "aside" not in found[3]


# -- a closing that offers another value: two answers ----------------------------------------


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        (_BASE + " P.S. or maybe $20.", "20"),
        (_BASE + " P.S. It might be $20.", "20"),
        (_BASE + " P.S. She makes 18 or 20 dollars.", "multiple_answers"),
        (_BASE + "\nNote: or maybe $20.", "18"),
        (_BASE + " Let me know if you'd like it by week, which would be $126 (7 days).", "126"),
        (_BASE + "\nFun fact: the answer could also be 20.", "20"),
        ("The answer is 18. P.S. or maybe $20.", "18 (answer_is)"),
        ("She makes **$18**. P.S. or maybe $20.", "18 (bold)"),
        ("The answer is 18.\nNote: it could be 20.", "18 (answer_is)"),
    ],
)
def test_a_closing_that_offers_another_value_is_a_second_answer(reply: str, old: str) -> None:
    answer, _, rejected, _ = _read(reply)
    assert rejected == "multiple_answers", (reply, old)
    assert answer in ("18", "$18")


def test_hedges_needs_another_number_and_a_word_that_offers_it() -> None:
    value = Number(18, False)
    assert hedges("P.S. or maybe $20.", value)
    assert hedges("P.S. 18 or 20.", value)
    assert not hedges("P.S. or maybe $18.", value)  # the same value: nothing else offered
    assert not hedges("Note: prices may vary by 2 or 3 dollars.", value)
    assert not hedges("Let me know if you'd like it by week or by month (7 days).", value)


# -- work announced, never done: no answer ---------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("So it's 66? Let me check again.", "66"),
        ("So she makes $18. Let me double-check.", "18 (verification)"),
        ("So she makes $18. Wait, let me recalculate.", "18"),
        ("So she makes $18. Let me verify.", "18 (verification)"),
        ("So she makes $18.\nI'll double check my work.", "18 (verification)"),
        ("So she makes $18. Hmm, let me think again.", "18"),
        ("So she makes $18. Let me double-check. I hope this helps!", "18 (verification)"),
        ("So she makes $18.\n\n**Let me re-check the math.**", "18"),
    ],
)
def test_an_announced_check_that_never_comes_is_not_paid(reply: str, old: str) -> None:
    assert _read(reply) == (None, None, "no_answer", ("unfinished", "no_answer")), old


@pytest.mark.parametrize(
    ("reply", "answer", "rule"),
    [
        # A check that is done keeps its reading.
        ("So she makes $18. Let me verify: 9*2 = 18.", "18", "final_sentence"),
        ("So she makes $18. Let me double-check. Yes, 9 * 2 = 18.", "18", "final_sentence"),
        ("So she makes $18. Let me double-check: yes, that's right.", "18", "final_sentence"),
        # A marker states the answer on purpose: it keeps its reading.
        ("The answer is 18. Let me double-check.", "18", "answer_is"),
        ("So she makes **$18**. Let me double-check.", "$18", "bold"),
        ("She makes $18.\n#### 18\nLet me double-check.", "18", "hash"),
    ],
)
def test_a_done_check_or_a_marker_keeps_its_reading(reply: str, answer: str, rule: str) -> None:
    assert _read(reply)[:3] == (answer, rule, None)


def test_unfinished_reads_only_the_last_sentences() -> None:
    assert unfinished("So it's 66? Let me check again.")
    assert not unfinished("Let me check again.")  # nothing stated before it
    assert not unfinished("So it's 66. Let me check: 66 = 6 * 11.")
    assert not unfinished("So it's 66. Let me know if you have questions.")


# -- a question: no answer -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("So it's 66?", "66"),
        ("Is the answer 66?", "66"),
        ("So, is it 66?", "66"),
        ("So she makes $18. Or is it $20?", "20"),
        ("Is it 66? Does that make sense?", "66 (last_number)"),
        ("So she makes $18. What if she had 12 eggs?", "12"),
        ("So she makes 9 * 2 = $18?!", "18"),
    ],
)
def test_a_final_question_states_no_answer(reply: str, old: str) -> None:
    _, _, rejected, flags = _read(reply)
    assert rejected == "question", old
    assert flags[-1] == "question"


@pytest.mark.parametrize(
    ("reply", "answer", "rule"),
    [
        ("How many are left? 5.", "5", "final_sentence"),
        ("So she makes $18. Does that make sense?", "18", "last_number"),
        ("So she makes $18, right?", "18", "final_sentence"),  # a tag question states
        ("So it's 66, isn't it?", "66", "final_sentence"),
        ("#### 18", "18", "hash"),
        ("Is it **66**?", "66", "bold"),  # a marker keeps its reading
        ("Is the answer 66? The answer is 66.", "66", "answer_is"),
    ],
)
def test_what_is_no_question_reads_as_before(reply: str, answer: str, rule: str) -> None:
    assert _read(reply)[:3] == (answer, rule, None)


# -- properties ------------------------------------------------------------------------------

_PLAIN = [
    " Let me know if you'd like a breakdown for {b} days.",
    " Happy to help with {b} more problems!",
    " Feel free to ask about the other {b} hens.",
    " P.S. A hen lays about {b} eggs a year.",
    " N.B. Prices are from {b} markets.",
    "\nFun fact: {b} hens lay {b} eggs.",
    "\n**Tip:** sell {b} at once.",
    " By the way, {b} eggs make a dozen and a half.",
    "\n\nThanks for the {b} questions!",
    " Would you like the total for {b} weeks?",
]
_HEDGED = [
    " P.S. or maybe ${b}.",
    " P.S. It might be ${b}.",
    "\nFun fact: the answer could also be {b}.",
    " Let me know if you'd like it by week, which would be ${b}.",
    " P.S. She makes {a} or {b} dollars.",
    "\nNote: perhaps {b} instead.",
    " Happy to help, though it may be {b}!",
]


@settings(max_examples=400, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(_PLAIN + _HEDGED),
    st.sampled_from(["{s}", "The answer is {a}.", "So she makes **${a}** a day."]),
)
@example(18, 20, " P.S. or maybe ${b}.", "{s}")
@example(18, 20, " P.S. or maybe ${b}.", "The answer is {a}.")
@example(0, 1, " Happy to help, though it may be {b}!", "The answer is {a}.")  # found: paid 0
@example(0, 1, " Would you like the total for {b} weeks?", "{s}")  # found: a question
def test_a_closings_numbers_are_never_paid(a: int, b: int, closing: str, head: str) -> None:
    if a == b:
        return
    statement = f"She has {a} eggs left.\nSo she makes ${a} every day."
    reply = head.format(s=statement, a=a) + closing.format(a=a, b=b)
    found = _EX(reply)
    assert found == _EX.general(reply)
    paid = found.number.value if found.rejected is None and found.number is not None else None
    assert paid != b, (reply, found)  # a closing's number is never paid
    if closing in _HEDGED:
        assert paid is None, (reply, found)  # a value offered in a closing: two answers
    else:
        assert paid == a, (reply, found)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 10**6),
    st.sampled_from(
        [
            "Let me check again.",
            "Let me double-check.",
            "Wait, let me recalculate.",
            "Hmm, let me think about this again.",
            "I'll verify this.",
            "Let's re-check the math.",
        ]
    ),
    st.sampled_from([" ", "\n", "\n\n"]),
    st.sampled_from(["", " I hope this helps!"]),
)
def test_an_announced_check_is_never_paid(a: int, ann: str, sep: str, end: str) -> None:
    reply = f"She has 3 hens.\nSo she makes ${a} every day.{sep}{ann}{end}"
    found = _EX(reply)
    assert found == _EX.general(reply)
    assert found.rejected == "no_answer" and "unfinished" in found.flags, (reply, found)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(["So it's {a}?", "Is it ${a}?", "So, {a} eggs?"]))
def test_a_question_is_never_paid(a: int, question: str) -> None:
    reply = "She has 3 hens.\n" + question.format(a=a)
    found = _EX(reply)
    assert found == _EX.general(reply)
    assert found.rejected == "question", (reply, found)


_PIECES = [
    "She makes $18 every day",
    "So it's 66",
    "Let me know if you'd like a breakdown by week (7 days)",
    "P.S. Eggs cost 2 dollars each",
    "Fun fact: hens lay 300 eggs",
    "**Tip:** sell 2 dozen",
    "Let me double-check",
    "Wait, let me recalculate",
    "I hope this helps",
    "or maybe $20",
    "Is the answer 66",
    "By the way, 3 hens",
    "Note: it could be 20",
    "The answer is 18",
    "**$18**",
    "#### 18",
    "Check: 9 * 2 = 18",
    "so she makes 10*2 = $20",
    "right",
]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.sampled_from([". ", "? ", "! ", "\n", ", ", ""])),
        min_size=1,
        max_size=6,
    )
)
def test_closings_read_the_same_on_the_fast_and_the_general_path(
    parts: list[tuple[str, str]],
) -> None:
    reply = "".join(p + stop for p, stop in parts)
    found = _EX(reply)
    assert found == _EX.general(reply), reply
    assert found.rejected is not None or found.rule is not None, found  # paid by a rule
