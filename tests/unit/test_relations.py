"""Values a reply relates to its answer: rejected values and comparisons (rewards.relations).

Two classes of final-number readings that paid a wrong number (or refused a right one):

1. A rejected value: ``It's 18, not 20.`` paid 20 (the value the reply rejects: a model could
   state one value and "reject" another to get paid for either), ``The answer is not 18.`` paid
   18, and ``So the answer is 18, not 16.`` / ``not 16 but 18`` were several numbers. The
   rejected value (``not M``, ``M`` after ``instead of`` / ``rather than``, ``M is wrong``) is
   taken out and the rest is read; a reply that keeps what it rejects is refused.
2. A comparison after the answer: ``She has 12 apples, 4 more than Tom.`` and ``She has 12
   apples. That's 4 more than Tom.`` paid 4, ``That is 4 more than Tom's 8.`` paid 8. A
   comparison that follows a number through a comma, a dash, ``which is`` or a new sentence
   opening ``That's`` is a remark on that number: the number is read (12). A comparison that
   is its own main clause states the difference (``She has 4 more apples than Tom.``: 4), and
   the quantity compared with (``than Tom's 8``) is never read.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rftkit.rewards.extract import Extractor
from rftkit.rewards.relations import kept, kept_span, related
from tests.prose import WORK, assert_reads_as_general, paid, read

EX = Extractor()

# -- 1. rejected values ------------------------------------------------------------------------

# (final sentence, the value kept, the value rejected)
REJECTED = [
    ("It's 18, not 20.", "18", "20"),
    ("It's 18 and not 20.", "18", "20"),
    ("It's 18 but not 20.", "18", "20"),
    ("It is not 20 but 18.", "18", "20"),
    ("It is not 20, but 18.", "18", "20"),
    ("She has 18 apples, not 20.", "18", "20"),
    ("She has 18 apples, not 20 apples.", "18", "20"),
    ("She has 18 apples, not the 20 Tom said.", "18", "20"),
    ("She has 18 apples rather than 20.", "18", "20"),
    ("She has 18 apples instead of 20.", "18", "20"),
    ("Rather than 20, she has 18 apples.", "18", "20"),
    ("Instead of 20, she has 18 apples.", "18", "20"),
    ("She has 18 apples (not 20).", "18", "20"),
    ("20 is wrong; it is 18.", "18", "20"),
    ("It is 18; 20 is wrong.", "18", "20"),
    ("It is 18; 20 is not right.", "18", "20"),
    ("She has $18, not $20.", "18", "20"),
    ("She saves 18%, not 20%.", "18%", "20%"),
    ("The total is 18, not 20 or 21.", "18", "21"),
    ("The total is 18 km, not 20 km or 21 km.", "18", "21"),
    ("The total is eighteen km, not twenty km or thirty km.", "18", "30"),
    ("So 9 * 2 = 18, not 20.", "18", "20"),
    ("It isn't 20, it's 18.", "18", "20"),
    ("It's eighteen, not twenty.", "18", "20"),
    ("It's 18, not twenty.", "18", "20"),
    # The sentence before, when the final one only rejects: "... 18 apples. Not 20."
    ("She has 18 apples. Not 20.", "18", "20"),
    ("She has 18 apples.\nNot 20.", "18", "20"),
    ("She has 18 apples. 20 is wrong.", "18", "20"),
]

# (answer statement, the value kept, the value rejected): the marker rules read it too
STATED = [
    ("The answer is 18, not 20.", "18", "20"),
    ("So the answer is 18, not 16.", "18", "16"),
    ("The answer is not 16 but 18.", "18", "16"),
    ("The answer is not 16, but 18.", "18", "16"),
    ("The answer is 18 rather than 16.", "18", "16"),
    ("The answer is 18 instead of 16.", "18", "16"),
    ("The answer is 18 and not 16.", "18", "16"),
    ("The answer is 18 (not 16).", "18", "16"),
    ("The answer is $18, not $16.", "18", "16"),
    ("The answer is 18; 16 is wrong.", "18", "16"),
    ("Final answer: 18, not 16", "18", "16"),
    ("**Answer:** 18, not 16", "18", "16"),
    ("A: 18, not 16", "18", "16"),
    ("So she makes **$18**, not $16.", "18", "16"),
]

# Replies that reject the only value they state, or keep what they reject: never paid.
REFUSED = [
    ("The answer is not 18.", "18"),
    ("So the answer isn't 18.", "18"),
    ("It's not 18.", "18"),
    ("Not 18.", "18"),
    ("It's 18, not 18.", "18"),
    ("The answer is 18, not 18.", "18"),
    ("The answer is 18, not eighteen.", "18"),
    ("9 * 2 = 18. Not 18.", "18"),
    ("It's not 18 or 20.", "20"),
    ("It's not 18 or 20.", "18"),
]


@pytest.mark.parametrize(("reply", "kept_value", "rejected"), REJECTED + STATED)
def test_a_rejected_value_is_never_paid(reply: str, kept_value: str, rejected: str) -> None:
    assert paid(reply, kept_value) >= 0.9, reply
    assert paid(reply, rejected) == 0.0, reply
    read(reply)  # the fast paths read it as the general path


@pytest.mark.parametrize(("reply", "reference"), REFUSED)
def test_a_reply_that_keeps_no_value_it_states_is_not_paid(reply: str, reference: str) -> None:
    # Alone, and after a line of working whose result is another value (9).
    for text in (reply, WORK + reply):
        found = EX(text)
        assert found == EX.general(text)
        assert found.rejected is not None or found.answer == "9", (text, found)
    assert paid(reply, reference) == 0.0


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("The answer is not 16 but 18.", "18"),
        ("The answer is 18 rather than 16.", "18"),
        ("The answer is not 18.", "not"),  # the statement's words, no value
        ("The answer is 18, not 18.", "18, not 18"),
    ],
)
def test_a_statement_reports_what_it_keeps(reply: str, answer: str) -> None:
    assert EX(reply).answer == answer


# -- 2. comparisons --------------------------------------------------------------------------

# (final sentence(s), the answer, the difference, the quantity compared with)
REMARKS = [
    ("She has 12 apples. That's 4 more than Tom.", "12", "4", None),
    ("She has 12 apples, 4 more than Tom.", "12", "4", None),
    ("She has 12 apples, which is 4 more than Tom.", "12", "4", None),
    ("She has 12 apples which is 4 more than Tom.", "12", "4", None),
    ("She has 12 apples, that is 4 more than Tom.", "12", "4", None),
    ("She has 12 apples, i.e. 4 more than Tom.", "12", "4", None),
    ("She has 12 apples, about 4 more than Tom.", "12", "4", None),
    ("She has 12 apples, and that's 4 more than Tom.", "12", "4", None),
    ("She has 12 apples - 4 more than Tom.", "12", "4", None),
    ("She has 12 apples; that's 4 more than Tom's 8.", "12", "4", "8"),
    ("She has 12 apples (4 more than Tom's 8).", "12", "4", "8"),
    ("She has 12 apples, 4 more than Tom's 8.", "12", "4", "8"),
    ("She has 12 apples, 4 more than Tom, who has 8.", "12", "4", "8"),
    ("So he has 12 apples left. That is 4 more than Tom's 8.", "12", "4", "8"),
    ("So he has 12 apples left.\nThat is 4 more than Tom's 8.", "12", "4", "8"),
    ("She has 12 apples. This is 4 more than Tom has.", "12", "4", None),
    ("In total she made 18 dollars, 2 more than yesterday.", "18", "2", None),
    ("In total she made $18, $2 more than yesterday.", "18", "2", None),
    ("She is 12 years old, 4 years older than Tom.", "12", "4", None),
    ("She is 12, 4 years older than Tom's 8.", "12", "4", "8"),
    ("She has 12 apples, 4 fewer than Tom.", "12", "4", None),
    ("She has 12 apples, 4 less than Tom's 16.", "12", "4", "16"),
    ("She has 12 apples, 3 times as many as Tom.", "12", "3", None),
    ("She has 12 apples, twice as many as Tom's 6.", "12", None, "6"),
    ("She has 12 apples, 20% more than Tom.", "12", "20%", None),
    ("She has 12 apples, which is 4 apples more than Tom's 8 apples.", "12", "4", "8"),
    ("So she has 8 + 4 = 12 apples, 4 more than Tom.", "12", "4", None),
    ("She has twelve apples, four more than Tom.", "12", "4", None),
    ("She has twelve apples, 4 more than Tom.", "12", "4", None),
    ("She has 12 apples. That's four more than Tom.", "12", "4", None),
    ("The answer is 12, 4 more than Tom.", "12", "4", None),
    ("The answer is 12. That's 4 more than Tom.", "12", "4", None),
    ("The answer is 12 apples, which is 4 more than Tom.", "12", "4", None),
    ("She has **12** apples, 4 more than Tom.", "12", "4", None),
    ("A: 12, 4 more than Tom", "12", "4", None),
    # After an answer statement a remark states no new answer; before a closing line the
    # last number's sentence is read with the one before it.
    ("The answer is 12. So that's 4 more than Tom.", "12", "4", None),
    ("She has 12 apples. That's 4 more than Tom. Hope this helps!", "12", "4", None),
    ("She has 12 apples. Not 20. Hope this helps!", "12", "20", None),
]

# (final sentence, the difference it states, the quantity compared with): the comparison
# is the main clause, so the difference is the answer ("how many more?")
DIFFERENCES = [
    ("She has 4 more apples than Tom.", "4", None),
    ("She has 4 more apples than Tom's 8.", "4", "8"),
    ("She has 4 more apples than Tom, who has 8.", "4", "8"),
    ("Tom has 8, so she has 4 more than Tom.", "4", "8"),
    ("She has 3 times as many apples as Tom's 4.", "3", "4"),
    ("She is 4 years older than Tom's 8.", "4", "8"),
    ("So she has 12 - 8 = 4 more apples than Tom's 8.", "4", "8"),
    ("The answer is 4 more apples than Tom's 8.", "4", "8"),
    ("She has four more apples than Tom's eight.", "4", "8"),
    ("The difference is 4.", "4", None),
    ("Nine cheesecakes need 57 more eggs than 5 chocolate cakes.", "57", "5"),  # GSM8K train
]

# Sentences the policy leaves as they were read: a later clause or result states the answer,
# or what looks like a comparison is none.
AS_BEFORE = [
    ("Since she has 4 more apples than Tom, she has 12.", "12"),
    ("She has 4 more apples than Tom's 8, so she has 12.", "12"),
    ("She has 12 apples, 4 more than Tom, so 16 in total.", "16"),
    ("So 5 less than 20 hoots per minute is 20-5=15 hoots per minute.", "15"),
    ("So 1000 pounds more than 5000 pounds is 6000 pounds.", "6000"),
    ("Since 1.76 is less than 2 inches, he recycles it in 2 days.", "2"),
    # A bound is no comparison here; rewards.bounds refuses it ("bound", test_bounds.py).
    ("It takes at least 3 hours.", "3"),
    ("She has 12 apples as well as 3 pears.", "3"),
    ("So the total is 18 (9 eggs x $2).", "18"),
    ("She did not buy 5 apples, she bought 7.", "7"),
    ("Nothing changes: she has 7 apples.", "7"),
    ("She cannot have 5, so she has 7.", "7"),
    ("She has not only 5 apples but also 6.", "6"),
    ("She has 12 apples, other than Tom's 8.", "8"),
    ("She has 12 apples. The difference is 4.", "4"),
]


@pytest.mark.parametrize(("reply", "answer", "difference", "compared"), REMARKS)
def test_a_comparison_after_the_answer_is_a_remark_on_it(
    reply: str, answer: str, difference: str | None, compared: str | None
) -> None:
    assert paid(reply, answer) >= 0.9, reply
    for other in (difference, compared):
        if other is not None:
            assert paid(reply, other) == 0.0, (reply, other)
    read(reply)


@pytest.mark.parametrize(("reply", "difference", "compared"), DIFFERENCES)
def test_a_comparison_that_is_the_main_clause_states_the_difference(
    reply: str, difference: str, compared: str | None
) -> None:
    ex = Extractor()
    found = ex(reply)  # alone: no working line before it, whose result it would describe
    assert found == ex.general(reply)
    assert found.ok and found.answer is not None
    assert paid_alone(reply, difference), reply
    if compared is not None:
        assert not paid_alone(reply, compared), reply


def paid_alone(reply: str, reference: str) -> bool:
    import rftkit
    from rftkit import Sample

    grade = rftkit.load_grader("gsm8k")
    return grade(Sample.from_text(response=reply, reference=reference)).metric("correct") >= 0.9


@pytest.mark.parametrize(("reply", "answer"), AS_BEFORE)
def test_sentences_the_policy_leaves_as_they_were(reply: str, answer: str) -> None:
    assert read(reply) == (answer, None)


def test_a_comparison_after_the_answer_reads_the_answer_even_when_it_was_asked() -> None:
    # The documented cost: without the question the grader cannot tell "how many more?"
    # from "how many?", and a difference in a remark is not the answer it reads.
    assert paid("She has 12 apples, 4 more than Tom.", "4") == 0.0
    assert paid("She has 4 more apples than Tom.", "4") >= 0.9  # the way to state it


@pytest.mark.parametrize(
    "sentence",
    [row[0] for row in REJECTED + REMARKS + AS_BEFORE if "\n" not in row[0]]
    + [row[0] for row in DIFFERENCES],
)
def test_the_sentence_shortcuts_read_as_the_general_reading(sentence: str) -> None:
    assert_reads_as_general(sentence.rstrip("."))


# -- properties -------------------------------------------------------------------------------

_VALUES = st.integers(1, 10_000)
_UNITS = st.sampled_from(["", " apples", " dollars", " more apples"])


@settings(max_examples=60, deadline=None)
@given(a=_VALUES, d=_VALUES, unit=st.sampled_from(["", " apples", " dollars"]))
def test_a_remark_reads_the_quantity_it_compares(a: int, d: int, unit: str) -> None:
    assume(a != d)
    for reply in (
        f"So she has {a}{unit}, {d} more than Tom.",
        f"So she has {a}{unit}, which is {d} fewer than Tom.",
        f"So she has {a}{unit}. That's {d} more than Tom.",
        f"The answer is {a}, {d} more than Tom.",
    ):
        assert read(reply) == (str(a), None), reply


@settings(max_examples=60, deadline=None)
@given(d=_VALUES, m=_VALUES)
def test_a_difference_stated_as_the_main_clause_is_read_never_its_base(d: int, m: int) -> None:
    assume(d != m)
    for reply in (
        f"She has {d} more apples than Tom's {m}.",
        f"She is {d} years older than Tom, who is {m}.",
    ):
        found = EX(reply)
        assert found == EX.general(reply)
        assert (found.answer, found.rejected) == (str(d), None), reply


@settings(max_examples=80, deadline=None)
@given(
    a=_VALUES,
    b=_VALUES,
    template=st.sampled_from(
        [
            "It's {a}, not {b}.",
            "It's not {b} but {a}.",
            "She has {a} apples rather than {b}.",
            "She has {a} apples instead of {b}.",
            "It is {a}; {b} is wrong.",
            "The answer is {a}, not {b}.",
            "The answer is not {b} but {a}.",
            "The answer is {a} instead of {b}.",
            "A: {a}, not {b}",
            "So she has {a} apples. Not {b}.",
        ]
    ),
)
def test_a_rejected_value_is_never_read_and_the_kept_one_is(a: int, b: int, template: str) -> None:
    reply = template.format(a=a, b=b)
    if a == b:
        found = EX(reply)
        assert found == EX.general(reply)
        assert found.rejected is not None or found.answer == "9" or "Not" in reply, reply
        assert paid(reply, str(a)) == 0.0 or "Not" in reply
        return
    assert read(reply)[0] == str(a), reply
    assert paid(reply, str(b)) == 0.0, reply


_PIECES = st.sampled_from(
    [
        "She has 12 apples",
        ", ",
        ". ",
        "not ",
        "Not ",
        "n't ",
        " than ",
        " as ",
        "4 more ",
        "twice as many ",
        "3 times ",
        "instead of ",
        "rather than 20",
        " is wrong",
        "which is ",
        "That's ",
        "Tom's 8",
        "eight",
        "$",
        "%",
        " = ",
        "9 * 2",
        "(",
        ")",
        "18",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=14), end=st.sampled_from([".", "", "!"]))
def test_any_text_gets_one_reading_and_the_probe_misses_nothing(
    pieces: list[str], end: str
) -> None:
    text = "".join(pieces) + end
    if not related(text):
        assert kept(text) is None  # the callers' probe may skip the call
        assert kept_span(text) == text
    found = EX(text)
    assert found == EX.general(text)
    assert found.rejected is not None or found.answer is not None


def test_hostile_text_is_read_in_bounded_time() -> None:
    import time

    texts = [
        "not " * 20_000 + "5.",
        "4 more than " * 5_000 + "Tom.",
        "She has 12 apples, " + "4 more than Tom, " * 3_000 + "8.",
        "1 " * 20_000 + "than 2.",
        "twice as " * 10_000 + "as 3.",
        "5 is wrong " * 10_000 + ".",
    ]
    for text in texts:
        t0 = time.process_time()
        EX(text)
        kept_span(text[:2000])
        assert time.process_time() - t0 < 2.0, text[:40]
