"""The asked-quantity policy for a final sentence (rftkit.rewards.asked_units).

With the prompt, a final sentence whose reading carries another thing than the quantity the
question asks for (``9 eggs``, ``5th Street``, ``Day 3``) is read as its one number that
carries the asked quantity (``$18``, ``18 pages``). Everything else reads as before.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.asked_units import FLAG, MAX_NUMBERS, Ask, asked, asked_reading, same_noun
from rftkit.rewards.extract import Extractor

WORK = "She works it out step by step.\n"
EX = Extractor()
GRADE = rftkit.load_grader("gsm8k")

JANET = (
    "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes "
    "muffins for her friends every day with four. She sells the remainder at the farmers' "
    "market daily for $2 per fresh duck egg. How much in dollars does she make every day at "
    "the farmers' market?"
)
MILES = "He drives six miles a day. How many miles does he drive in three days?"
PAGES = "He read 22 pages of a book with 40 pages. How many more pages must he read?"


def read(reply: str, prompt: object) -> tuple[object, ...]:
    """``(answer, rejected, flagged)``, checking the fast paths against the general one."""
    text = WORK + reply
    found = EX(text, prompt=prompt)
    assert found == EX.general(text, prompt), reply
    return found.answer, found.rejected, FLAG in found.flags


# (final sentence, question, answer read with the question); the reading before in a comment
READ_BY_THE_QUESTION = [
    # ("... by selling her 9 remaining eggs.", "... from 9 fresh eggs.", "... from 9 baked
    # goods.": since session 13 read 18 with or without the question, test_explained_sources)
    ("Janet makes $18 per day selling 9 eggs.", JANET, "18"),  # was 9
    # ("Janet makes $18 daily after using 7 of her 16 eggs.": since session 12 read 18 with or
    # without the question, its "after using" clause being no answer: test_after_clauses.py)
    ("Janet makes $18 daily, using 7 of her 16 eggs.", JANET, "18"),  # was 16
    ("Janet makes $18 every day at the farmers' market on 5th Street.", JANET, "18"),  # was 5
    ("Janet makes $18 every day, enough for 3 meals.", JANET, "18"),  # was 3
    ("He drives 18 miles on Day 3.", MILES, "18"),  # was 3
    ("He drives 18 miles, arriving on the 3rd.", MILES, "18"),  # was 3
    ("He drives 18 miles to reach exit 7.", MILES, "18"),  # was 7
    ("He needs 18 more pages, for a total of 40.", PAGES, "18"),  # was 40
    ("He needs to read 18 more pages of chapter 5.", PAGES, "18"),  # was 5
    # a counted noun, with adjectives between the number and the noun
    ("She sells 9 fresh duck eggs for $18.", "How many eggs does she sell?", "9"),  # was 18
    ("There are 12 red marbles in 3 jars.", "How many red marbles are there?", "12"),  # was 3
    ("So 5 people share 2 pizzas.", "How many people share the pizzas?", "5"),  # was 2
    # a time, a length, a percentage, money by a verb of the question
    ("It takes her 45 minutes to walk 3 blocks.", "How long does it take?", "45"),  # was 3
    ("She runs 6 kilometers along Route 9.", "How far does she run?", "6"),  # was 9
    ("He spends 40 hours a week on 3 jobs.", "How many hours does he work?", "40"),  # was 3
    # a rate per time frame is no rate per item (GSM8K train#5621)
    ("Lawrence would work 5 hours each of the 7 days in a week.", "How many hours?", "5"),  # 7
    ("So 25% of the class passed the 3 tests.", "What percent of them passed?", "25%"),  # was 3
    ("The total cost is $45 for 3 shirts.", "What is the total cost of the shirts?", "45"),  # 3
    ("He spent $45 on 3 shirts.", "How much did he spend on the shirts?", "45"),  # was 3
    # the question as chat messages
    ("Janet makes $18 every day, enough for 3 meals.", [{"role": "user", "content": JANET}], "18"),
]

# (final sentence, question): the reading with the question is the one without it
READ_AS_TODAY = [
    # no asked quantity found in the question
    ("Janet makes $18 every day, enough for 3 meals.", "What does she make?"),
    ("Janet makes $18 every day, enough for 3 meals.", "How much flour does she use?"),
    ("Janet makes $18 every day, enough for 3 meals.", "How many eggs and how much money?"),
    # two values in the asked unit
    ("Janet makes $18 every day, not $20 on 3 days.", JANET),
    ("Janet makes $18 or $20 on Day 3.", JANET),
    ("Janet makes $18 on Monday and $20 on Day 3.", JANET),
    # none in the asked unit
    ("Janet sells 9 eggs on Day 3.", JANET),
    # the reading carries the asked unit already
    ("Janet sells 9 eggs for $18.", JANET),
    ("He drives 3 hours for 18 miles.", MILES),
    # a bare reading may state the answer (its unit left out): kept
    ("She spends $30 on food, so she has 18 left.", "How much money does she have left?"),
    ("After spending $30 she has 18.", "How much money does she have left?"),
    ("She has 5 apples left after giving 3 to Tom.", "How many apples does she have left?"),
    ("90 people flew there, where 47 got off and 14 got on.", "How many people landed?"),
    ("90 people flew there and 14 landed.", "How many people landed?"),
    # a hedge or a correction anywhere in the sentence
    ("Janet makes $18 every day, maybe for 3 meals.", JANET),
    ("Janet makes $18 every day, or actually 20 eggs.", JANET),
    ("Janet makes either $18 every day from 9 eggs.", JANET),
    ("Janet makes $18 a day, 20 eggs.", JANET),  # a hedge mark between: two offered
    # an equation, a relation, LaTeX
    ("Janet makes 9 * $2 = $18 from 9 eggs.", JANET),
    ("Janet makes $18, more than 9 eggs.", JANET),
    ("Janet makes \\$18 from 9 eggs.", JANET),
    # the number in the asked unit is a price, or given by the question
    ("She sells at $3 per egg 9 eggs.", JANET),
    ("She sells her eggs for $2 and has 9 eggs.", JANET),
    # a later clause concludes before the reading
    ("She earns $30 a week, so in total she has 9 eggs.", JANET),
    # a time of day
    ("He arrives at 6:30 after 18 miles on Day 3.", MILES),
    # one number only
    ("Janet makes $18 every day.", JANET),
    # a count of dozens (rftkit.rewards.dozens reads it)
    ("She sells 5 dozen eggs for $10 on Day 3.", JANET),
    ("She sells 5 dozen eggs for $10 on Day 3.", "How many eggs does she sell?"),
    # a part of each item counted before it, a rate per item
    ("She has 3 boxes of 12 cookies for 36 treats.", "How many cookies does she have?"),
    ("She bakes 12 cookies in each of 4 batches.", "How many cookies does she have?"),
    ("She bakes 12 cookies per batch in 4 batches.", "How many cookies does she have?"),
    ("He drives 2 trips of 9 miles on 3 days.", MILES),
    ("She makes $2 an egg from 9 eggs.", JANET),
    # a hedge before the reading, accepted without the question: still its last number
    ("Janet makes between $18 and $20 from 9 eggs.", JANET),
    ("He drives 18 miles or 20 miles on Day 3.", MILES),
    # a list after a comma: values side by side
    ("So 25% of the class, 7 students, passed.", "What percent of them passed?"),
]

# rejected without the question, rejected with it
REFUSED = [
    ("Janet makes $18 or $20 every day.", JANET),
    ("Janet makes between $18 and $20.", JANET),
    ("He drives 18 miles or 20 miles.", MILES),
]


@pytest.mark.parametrize(("sentence", "question", "answer"), READ_BY_THE_QUESTION)
def test_the_number_in_the_asked_quantity_is_read(
    sentence: str, question: object, answer: str
) -> None:
    assert read(sentence, None)[0] != answer  # before: the last number
    assert read(sentence, question) == (answer, None, True)


@pytest.mark.parametrize(("sentence", "question"), READ_AS_TODAY)
def test_other_sentences_read_as_today(sentence: str, question: str) -> None:
    assert read(sentence, question) == read(sentence, None)


@pytest.mark.parametrize(("sentence", "question"), REFUSED)
def test_a_refused_sentence_stays_refused(sentence: str, question: str) -> None:
    assert read(sentence, None)[1] is not None
    assert read(sentence, question) == read(sentence, None)


def test_the_probe_replies_of_the_issue_are_paid_with_the_prompt() -> None:
    reply = "She sells 9 eggs at $2.\nJanet makes $18 per day selling 9 eggs."
    assert GRADE(Sample.from_text(response=reply, reference="18", prompt=JANET)).score > 0
    assert GRADE(Sample.from_text(response=reply, reference="18")).score == 0
    # a refusal of the answer-statement rule stays a refusal (not this policy's rule)
    reply = "So the answer is 18 miles for 2 trips."
    assert GRADE(Sample.from_text(response=reply, reference="18", prompt=MILES)).score == 0


@pytest.mark.parametrize(
    "reply",
    [
        "Janet makes $18 every day, enough for 3 meals.\n#### 3",
        "So she makes \\boxed{3} meals from $18.",
        "The answer is 3 meals for $18.",
        "She makes **3** meals from $18.",
        "She makes $18 every day, enough for 3 meals",  # cut off: no answer
    ],
)
def test_other_rules_are_untouched(reply: str) -> None:
    assert EX(reply, prompt=JANET) == EX(reply)


ASKS = [
    (JANET, Ask("$")),
    ("How much money does he have left?", Ask("$")),
    ("How much more money does she need?", Ask("$", more="more")),
    ("How much does the trip cost?", Ask("$")),
    ("How many dollars did she save?", Ask("$")),
    ("What is the total cost of the trip?", Ask("$")),
    ("What percent of the cars are red?", Ask("%")),
    ("What percentage did he get right?", Ask("%")),
    ("How long does the trip take?", Ask("time")),
    ("How old is Tom now?", Ask("time")),
    ("How far does she walk?", Ask("length")),
    ("How many hours does he work?", Ask("hour")),
    ("How many weeks will it take?", Ask("week")),
    ("How many pages did he read?", Ask("noun", ("pages",))),
    ("How many more pages must he read?", Ask("noun", ("pages",), "more")),
    ("How many dozens of eggs will she eat?", None),  # the dozens module reads those
    ("How many of the eggs are left?", Ask("noun", ("eggs",))),
    ("How many red marbles does she have?", Ask("noun", ("red", "marbles"))),
    ("She has 3 pens. How many pens does she have? Explain.", Ask("noun", ("pens",))),
    # nothing to read, or two quantities asked
    ("How much flour does she need?", None),
    ("How much time does she save?", Ask("time")),
    ("How much taller is he?", None),
    ("What does she make?", None),
    ("How many eggs and how much money does she have?", None),
    ("Find the answer.", None),
    ("", None),
]


@pytest.mark.parametrize(("question", "expected"), ASKS)
def test_what_the_question_asks(question: str, expected: Ask | None) -> None:
    got = asked(question)
    assert got == expected
    if got is not None and expected is not None:
        assert got.more == expected.more


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("page", "pages", True),
        ("pages", "page", True),
        ("box", "boxes", True),
        ("berry", "berries", True),
        ("loaf", "loaves", True),
        ("knife", "knives", True),
        ("person", "people", True),
        ("foot", "feet", True),
        ("egg", "eggs", True),
        ("egg", "legs", False),
        ("page", "pager", False),
        ("mile", "meals", False),
    ],
)
def test_one_noun_singular_or_plural(a: str, b: str, same: bool) -> None:
    assert same_noun(a, b) is same


def test_the_policy_needs_the_prompt_and_an_accepted_reading() -> None:
    s = "Janet makes $18 every day, enough for 3 meals."
    found = EX(s)
    assert asked_reading(found, s, None) is found
    rejected = EX("Janet makes $18 or $20 every day.")
    assert rejected.rejected is not None
    assert asked_reading(rejected, s, JANET) is rejected
    assert asked_reading(None, s, JANET) is None
    many = "Janet makes $18 on " + ", ".join(f"Day {k}" for k in range(1, MAX_NUMBERS + 1)) + "."
    assert asked_reading(EX(many), many, JANET) == EX(many)


# -- properties: one reply is never paid for two values -----------------------------------

_AMOUNT = st.integers(min_value=11, max_value=9_999)
# (template, the question): {a} takes the asked quantity, {b} another thing after it
_AFTER = [
    "Janet makes ${a} every day by selling her {b} remaining eggs.",
    "Janet makes ${a} per day selling {b} eggs.",
    "Janet makes ${a} every day at the market on {b}th Street.",
    "Janet makes ${a} every day, enough for {b} meals.",
    "Janet makes {a} dollars on Day {b}.",
]
_TWO_ASKED = [
    "Janet makes ${a} every day and ${c} on Day {b}.",
    "Janet makes ${a} on Monday, ${c} on Day {b}.",
    "Janet makes {a} dollars and {c} dollars from {b} eggs.",
]
_HEDGED = [
    "Janet makes ${a} or {b} eggs.",
    "Janet makes ${a} or maybe ${b}.",
    "Janet makes ${a}, {b} eggs.",
    "Janet makes either ${a} from {b} eggs.",
    "Janet makes ${a} every day, not {b}.",
]


_GIVEN = frozenset({16, 2, 3, 4})  # the numbers JANET gives


def _paid(reply: str, reference: int, prompt: object) -> bool:
    sample = Sample.from_text(response=reply, reference=str(reference), prompt=prompt)
    return GRADE(sample).score > 0


@settings(max_examples=60, deadline=None)
@given(a=_AMOUNT, b=st.integers(min_value=3, max_value=99), template=st.sampled_from(_AFTER))
@example(a=18, b=9, template=_AFTER[0])
@example(a=16, b=3, template=_AFTER[0])
def test_the_asked_number_is_paid_and_the_trailing_one_never(a: int, b: int, template: str) -> None:
    reply = WORK + template.format(a=a, b=b)
    if a == b or a in _GIVEN:
        return  # a number the question gives is no answer it asks (found by hypothesis)
    assert _paid(reply, a, JANET)
    assert not _paid(reply, b, JANET)


@settings(max_examples=60, deadline=None)
@given(
    a=_AMOUNT,
    b=st.integers(min_value=3, max_value=99),
    c=_AMOUNT,
    template=st.sampled_from(_TWO_ASKED),
)
@example(a=11, b=16, c=16, template=_TWO_ASKED[0])
def test_two_numbers_in_the_asked_quantity_switch_to_neither(
    a: int, b: int, c: int, template: str
) -> None:
    reply = template.format(a=a, b=b, c=c)
    if not _GIVEN.isdisjoint({a, b, c}):
        return  # the givens policy reads the one value the question does not give
    if a != c:  # the same value twice is one value
        assert read(reply, JANET) == read(reply, None)
    if len({a, b, c}) == 3:
        assert not (_paid(WORK + reply, a, JANET) and _paid(WORK + reply, c, JANET))


@settings(max_examples=60, deadline=None)
@given(a=_AMOUNT, b=st.integers(min_value=3, max_value=99), template=st.sampled_from(_HEDGED))
def test_a_hedged_sentence_reads_as_without_the_question(a: int, b: int, template: str) -> None:
    reply = template.format(a=a, b=b)
    assert read(reply, JANET) == read(reply, None)
    if a != b:
        assert not (_paid(WORK + reply, a, JANET) and _paid(WORK + reply, b, JANET))


_WORDS = st.sampled_from(
    ["$", " dollars", " eggs", " more", " or", " on Day", ", ", " each", " per egg", "th", " and"]
)


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(st.tuples(st.integers(min_value=1, max_value=999), _WORDS), max_size=5),
    lead=st.sampled_from(["Janet makes ", "So she has ", "He drives "]),
)
def test_a_change_is_only_ever_an_accepted_number_in_the_asked_unit(
    parts: list[tuple[int, str]], lead: str
) -> None:
    """Whatever the sentence: a refusal stays a refusal, and a changed reading is one of
    the sentence's numbers, accepted and flagged, never two."""
    sentence = lead + " ".join(f"{n}{w}" for n, w in parts) + "."
    before = EX(WORK + sentence)
    after = asked_reading(before, sentence, JANET)
    if after is before:
        return
    assert before.rejected is None
    assert after.rejected is None
    assert after.flags[-1] == FLAG
    assert after.number is not None
    assert after.number.value in {n for n, _ in parts}
