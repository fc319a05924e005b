"""A time frame after the answer in the final sentence (rftkit.rewards.time_frames).

``She saves $500 in 10 weeks.`` answers 500: the frame closing the sentence is context, unless
the sentence states a duration, a clause or a relating word separates the numbers, or the
question asks for the frame's unit. Each table gives the reading before this policy.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit.rewards.extract as extract_module
from rftkit.rewards import time_frames
from rftkit.rewards.extract import Extractor
from rftkit.rewards.givens import FLAG as GIVEN
from rftkit.rewards.time_frames import EXTENSION, FLAG, UNITS, asks_for

WORK = "She works it out step by step.\n"
EX = Extractor()


def read(reply: str, prompt: object = None, ex: Extractor = EX) -> tuple[object, ...]:
    """``(answer, rejected, flagged)``, checking the fast paths against the general one."""
    text = WORK + reply
    found = ex(text, prompt=prompt)
    assert found == ex.general(text, prompt), reply
    return found.answer, found.rejected, FLAG in found.flags


def _passthrough(_ex: object, _rule: str, found: object, *_rest: object) -> object:
    return found


def read_before(reply: str, prompt: object = None) -> tuple[object, ...]:
    """The reading without the policy (its hook passes the reading through)."""
    with mock.patch.object(extract_module, "time_frame", _passthrough):
        return read(reply, prompt)[:2]


# (final sentence, answer now; the reading before in the comment)
PAID_NOW = [
    ("She will still have $220 to pay within 12 months.", "220"),  # was 12
    ("Antonia will have 350 pills left after 2 weeks.", "350"),  # was 2
    ("She makes $18 in 1 day.", "18"),  # was 1
    ("She saves $500 in 10 weeks.", "500"),  # was 10
    ("The two rabbits will hop 135 meters in 5 minutes.", "135"),  # was 5 (GSM8K train)
    ("Ms. Alice can grade 407 papers in 11 hours.", "407"),  # was 11 (GSM8K train)
    ("So she makes $18 in those 3 days.", "18"),  # was 3
    ("He will have 40 cards over the next 4 weeks.", "40"),  # was 4
    ("She will have saved $1,000 in 20 weeks.", "1000"),  # was 20
    ("She runs 12 miles in 2 hrs.", "12"),  # was 2
    ("He will be 8 in 3 years.", "8"),  # was 3
    ("She reads 30 pages during the first 2 days of the week.", "30"),  # was 2
    ("She makes 18, not 20 dollars in 1 day.", "18"),  # was 1
    ("She earns $18 in 1-day.", "18"),  # was 1
    # other languages (the French line is lighteval's, tests/fixtures/gsm8k_suites line 173)
    ("Réponse: Janeth aura encore 220 $ à payer d'ici 12 mois.", "220"),  # was 12
    ("Elle économise 500 euros en 10 semaines.", "500"),  # was 10
    ("Ella ahorra 500 dólares en 10 semanas.", "500"),  # was 10
    ("Sie spart 500 Euro in 10 Wochen.", "500"),  # was 10
]


@pytest.mark.parametrize(("sentence", "answer"), PAID_NOW)
def test_the_number_before_the_time_frame_is_read(sentence: str, answer: str) -> None:
    assert read_before(sentence)[0] != answer
    assert read(sentence) == (answer, None, True)


def test_the_last_number_rule_reads_the_sentence_without_its_frame_too() -> None:
    reply = "She makes $18 in 1 day!\nHope this helps."
    found = EX(WORK + reply)
    assert (found.answer, found.rule, found.flags) == ("18", "last_number", (FLAG,))
    only = Extractor(["last_number"])
    assert read("So she makes $18 in 1 day. Done.", ex=only) == ("18", None, True)


# (final sentence, rejection now; the reading before in the comment)
REFUSED_NOW = [
    ("She makes $18 or $20 in 1 day.", "multiple_answers"),  # was 1, paid
    ("She has 12 or 13 apples after 3 days.", "multiple_answers"),  # was 3, paid
    ("She makes between $18 and $20 in 1 day.", "multiple_answers"),  # was 1, paid
]


@pytest.mark.parametrize(("sentence", "rejected"), REFUSED_NOW)
def test_a_hedge_before_the_frame_stays_a_hedge(sentence: str, rejected: str) -> None:
    assert read_before(sentence)[1] is None  # the frame's number was paid
    assert read(sentence)[1] == rejected


# (final sentence, reading, rejection): read as before
READ_AS_BEFORE = [
    # a duration statement: the time is what the sentence states
    ("It will take her 12 weeks.", "12", None),
    ("It took 5 pythons to eat 15 alligators in 3 weeks.", "3", None),
    ("The trip lasted 3 hours over 2 days.", "2", None),
    # a later clause states the frame
    ("She saved $500, so she retires in 10 years.", "10", None),
    ("She has 12 apples, not 13, after 3 days.", "3", None),
    # a rate, or numbers related by a word or sign: either may be the answer
    ("He reads 150 pages per day for 5 days.", "5", None),
    ("He reads 150 pages every day for 5 days.", "5", None),
    ("Since 1.76 is less than 2 inches, he recycles it in 2 days.", "2", None),
    ("Their ages sum to 30 in 5 years.", "5", None),
    ("She earns 1/2 of $40 in 2 days.", "2", None),
    # an equation's result is read already; the frame is not its last number
    ("She makes 9 * 2 = $18 in 1 day.", "18", None),
    # no time unit after the last number, no number before the frame, no frame
    ("She has 12 apples in 3 boxes.", "3", None),
    ("In 5 weeks they will have equal money.", "5", None),
    ("Tom has been teaching for 50 years.", "50", None),
    ("She makes $18 every day.", "18", None),
    ("She makes $18 in 1 day and 2 more.", "2", None),
    ("She makes 18 dollars in 1 day 2 hours.", "1 day 2 hours", "several_numbers"),
    # hedges within the frame, or a refusal: as before
    ("She makes $18 in 1 or 2 days.", "2", "multiple_answers"),
    ("She makes $18 in 1-2 days.", "2", "multiple_answers"),
]


@pytest.mark.parametrize(("sentence", "answer", "rejected"), READ_AS_BEFORE)
def test_other_sentences_read_as_before(sentence: str, answer: str, rejected: str | None) -> None:
    assert read_before(sentence) == (answer, rejected)
    assert read(sentence) == (answer, rejected, False)


# (final sentence, question, reading with the question, reading without it)
BY_THE_QUESTION = [
    # the question asks for the frame's unit, or how long: the frame is the answer
    (
        "Hence, Jed will have a total of 40 cards in 4 weeks.",
        "Jed has 20 cards and gets 5 a week. How many weeks until he has 40 cards?",
        "4",
        "40",
    ),
    (
        "The amoeba will divide into 16 amoebae after 8 days.",
        "An amoeba divides every 2 days. How many days will it take to make 16 amoebae?",
        "8",
        "16",
    ),
    ("She saves $500 in 10 weeks.", "She saves $50 a week. How long to save $500?", "10", "500"),
    ("She saves $500 in 10 weeks.", "How many more weeks does she need?", "10", "500"),
    (
        "Janeth aura encore 220 $ à payer d'ici 12 mois.",
        "Janeth paie 40 $ par mois. Combien de mois lui faut-il?",
        "12",
        "220",
    ),
    ("Ella ahorra 500 dólares en 10 semanas.", "¿Cuántas semanas necesita?", "10", "500"),
    ("Sie spart 500 Euro in 10 Wochen.", "Wie lange braucht sie?", "10", "500"),
    # the question asks for another unit, or for no time: the number before the frame
    (
        "She exercises 40 hours in 8 weeks.",
        "She exercises 5 hours a week. How many hours does she exercise in 8 weeks?",
        "40",
        "40",
    ),
    (
        "So Janeth will still have $220 to pay within 12 months.",
        "She pays $40 in 12 months. How much will she still have to pay?",
        "220",
        "220",
    ),
    # few-shot examples before the question do not count: its last question sentence does
    (
        "She saves $500 in 10 weeks.",
        "Q: How many weeks are in a year? A: 52.\nQ: How much does she save?",
        "500",
        "500",
    ),
]


@pytest.mark.parametrize(("sentence", "question", "with_it", "without"), BY_THE_QUESTION)
def test_the_question_decides_when_it_asks_for_the_frame(
    sentence: str, question: str, with_it: str, without: str
) -> None:
    assert read(sentence)[:2] == (without, None)
    assert read(sentence, question)[:2] == (with_it, None)
    messages = [{"role": "user", "content": question}, {"role": "assistant", "content": "x"}]
    assert read(sentence, messages)[:2] == (with_it, None)


def test_the_givens_reading_agrees_with_the_frame() -> None:
    # Without the frame's unit the givens policy still reads the number the question does
    # not give; with it, the frame policy reads it before, and the givens flag is not added.
    found = EX(WORK + "Antonia will have 350 pills left after 2 weeks.", prompt="30 pills, 2 weeks")
    assert (found.answer, FLAG in found.flags, GIVEN in found.flags) == ("350", True, False)
    found = EX(WORK + "There are 33 ounces in those 3 boxes.", prompt="3 boxes of 11 ounces")
    assert (found.answer, FLAG in found.flags, GIVEN in found.flags) == ("33", False, True)


@pytest.mark.parametrize(
    ("question", "unit", "asks"),
    [
        ("How many weeks will it take?", "week", True),
        ("After how many full days is it done?", "day", True),
        ("how long will she wait?", "day", True),
        ("How many hours does she work in 8 weeks?", "week", False),
        ("How many apples does she have after 3 days?", "day", False),
        ("She saves for 10 weeks. How much has she?", "week", False),
        ("Combien de temps faut-il ?", "month", True),
        ("¿Cuánto tiempo tarda?", "week", True),
        ("Wie viele Tage braucht sie?", "day", True),
        ("", "day", False),
    ],
)
def test_asks_for_reads_the_question_sentence(question: str, unit: str, asks: bool) -> None:
    assert asks_for(question, unit) is asks


def test_every_unit_word_is_lower_case() -> None:
    assert all(w == w.lower() and w.isalpha() for w in UNITS)


# -- properties -------------------------------------------------------------------------------

_UNIT_WORDS = st.sampled_from(["days", "weeks", "hours", "months", "mois", "semanas", "years"])
_PREPS = st.sampled_from(["in", "within", "after", "over", "for", "during", "in the next"])
_THINGS = st.sampled_from(["apples", "dollars", "pages", "km", "cards"])


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 400), _THINGS, _PREPS, _UNIT_WORDS)
def test_one_of_two_numbers_is_read_and_the_question_chooses(
    answer: int, frame: int, thing: str, prep: str, unit: str
) -> None:
    sentence = f"So she has {answer} {thing} {prep} {frame} {unit}."
    assert read(sentence) == (str(answer), None, True)
    asked = f"She starts today. How many {unit} did it take?"
    assert read(sentence, asked)[:2] == (str(frame), None)
    other = f"She starts today. How many {thing} has she?"
    assert read(sentence, other)[:2] == (str(answer), None)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 1000),
    st.integers(0, 1000),
    st.sampled_from([" or ", ", ", " to ", " or maybe ", "-"]),
    st.integers(1, 400),
    _PREPS,
    _UNIT_WORDS,
)
@example(18, 20, " or ", 1, "in", "days")
@example(256, 16, ", ", 16, "within", "weeks")  # found: read 256 as explained by 16 x 16
def test_a_hedge_before_a_frame_is_never_paid(
    a: int, b: int, mark: str, frame: int, prep: str, unit: str
) -> None:
    if a == b:
        return
    sentence = f"She makes ${a}{mark}${b} {prep} {frame} {unit}."
    assert read(sentence)[1] is not None
    # A question that asks for the frame reads the sentence as before (the frame is stated).
    asked = f"How many {unit}?"
    assert read(sentence, asked)[:2] == read_before(sentence, asked)


_PIECES = st.sampled_from(
    [
        "She has ", "12", "3", "18", " apples", " or ", " in ", " after ", " for ", " within ",
        " days", " weeks", "-day", " hours", " mois", " d'ici ", " the next ", ", ", " so ",
        " not ", " takes ", " per ", " every ", " = ", " + ", "$", ".", "!", " Done.", "\n",
        " minutes", " twelve", " 1,000", " 2.5", " less than ",
    ]
)  # fmt: skip
_QUESTIONS = st.sampled_from(
    [None, "How many days?", "How long?", "How many apples in 3 days?", "Q: How many weeks?\nQ: x"]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=9), _QUESTIONS)
@example(["She has ", "18", " or ", "12", " in ", "3", " days", "."], None)
def test_a_frame_never_turns_a_refusal_into_a_payment(pieces: list[str], q: str | None) -> None:
    reply = "".join(pieces)
    now = EX(WORK + reply, prompt=q)
    assert now == EX.general(WORK + reply, q)  # the fast paths read as the general one
    with mock.patch.object(extract_module, "time_frame", _passthrough):
        before = EX(WORK + reply, prompt=q)
    if FLAG not in now.flags and now.rejected is None:
        assert now == before
    if before.rejected is not None:
        assert now == before  # a refusal is never read again
    if now != before:
        # The policy read the sentence without its frame: the answer is one of the numbers
        # before it, or a refusal; never the frame's number, never two answers paid.
        assert before.rejected is None
        assert now.rejected is not None or (now.n_candidates == 1 and FLAG in now.flags)


# -- an extension sentence after the answer's statement (with the prompt) ----------------------

Q_DAY = "She sells 9 eggs a day for $2 each. How much does she make every day?"
Q_WEEK = "She sells 9 eggs a day for $2 each. How much does she make in a week?"
Q_BOTH = "She sells eggs for $2 each. How much does she make per day in a week?"
Q_NONE = "She sells 9 eggs for $2 each. How much does she make?"

# (reply, read with Q_DAY; with Q_WEEK, Q_BOTH, Q_NONE or no prompt the extension is read)
EXTENDED = [
    ("She makes $18 every day. That's $126 a week!", "18"),  # was 126
    ("She makes $18 every day. Over a 30-day month, that would be $540.", "18"),  # was 540
    ("She makes $18 every day. In 1 week, she would make $126.", "18"),  # was 126
    ("She makes $18 in 1 day. In 1 week, she would make $126.", "18"),  # was 126
    ("She makes $18 daily. That's $126 weekly.", "18"),  # was 126
    ("She makes 18 dollars a day. That's $126 a week.", "18"),  # was 126
    ("She makes $18 every day.\nThat's $126 a week!", "18"),  # was 126
    ("She makes $18 every day. That's $252 in 2 weeks.", "18"),  # was 252
]


@pytest.mark.parametrize(("reply", "answer"), EXTENDED)
def test_the_statement_before_an_extension_answers_the_question_that_asks_its_frame(
    reply: str, answer: str
) -> None:
    extension = read(reply)[0]
    assert extension != answer
    assert read_before(reply, Q_DAY)[0] == extension  # the extension was read
    found = EX(WORK + reply, prompt=Q_DAY)
    assert found == EX.general(WORK + reply, Q_DAY)
    assert (found.answer, found.rejected, EXTENSION in found.flags) == (answer, None, True)
    for question in (Q_WEEK, Q_BOTH, Q_NONE, None):
        assert read(reply, question)[:2] == (extension, None), question


# (reply, read with Q_DAY as without the prompt: no pure extension, or a refusal)
NOT_EXTENDED = [
    ("She makes $18 every day. That's $130 a week!", "130", None),  # not 7 times 18
    # ("She makes $18 every day. She has 126 eggs a week.": another quantity, read 18 with the
    # question by the asked statement, no extension: tests/unit/test_asked_statements.py)
    # two values in one extension: one value read by the conversions policy (126 a week is
    # 540 in a 30-day month), no pure extension (before session 12: 540)
    ("She makes $18 every day. That's $126 a week and $540 a month.", "126", None),
    ("She makes $18 every 2 days. That's $63 a week.", "63", None),  # not per one day
    ("She makes $18 or $20 every day. That's $126 a week!", "126", None),  # a hedged statement
    ("She makes $18 every day. That's $126 or $140 a week!", "140", "multiple_answers"),
    ("She makes $18 every day. That's $126 in 2 weeks.", "126", None),  # 2 weeks: 252
    ("That's $126 a week!", "126", None),  # no statement before it
    ("She has 18 eggs. That's $126 a week!", "126", None),  # the statement names no frame
    ("She makes $18 every day. That's $126 a day.", "126", None),  # the same frame
]


@pytest.mark.parametrize(("reply", "answer", "rejected"), NOT_EXTENDED)
def test_no_pure_extension_reads_as_before(reply: str, answer: str, rejected: str | None) -> None:
    assert read_before(reply, Q_DAY) == (answer, rejected)
    assert read(reply, Q_DAY)[:2] == (answer, rejected)
    assert read(reply)[:2] == (answer, rejected)


_FRAMES = st.sampled_from(
    [("day", "week", 7), ("day", "month", 30), ("week", "year", 52), ("hour", "day", 24)]
)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10_000), _FRAMES, st.integers(1, 50_000), st.booleans())
@example(18, ("day", "week", 7), 130, True)
@example(10_000, ("day", "week", 7), 50_000, False)  # a 5-day working week: the same quantity
def test_an_extension_is_read_back_only_when_it_is_the_same_quantity_and_asked(
    value: int, frames: tuple[str, str, int], other: int, consistent: bool
) -> None:
    short, long, ratio = frames
    extended = value * ratio if consistent else other
    reply = f"She makes ${value} every {short}. That's ${extended} a {long}."
    asks_short = f"She works. How much does she make every {short}?"
    asks_long = f"She works. How much does she make every {long}?"
    assert read(reply)[:2] == (str(extended), None)
    assert read(reply, asks_long)[:2] == (str(extended), None)
    # the counts the module accepts for one frame in the other (a week is 7 days or a
    # working week of 5, a day 24 hours or a working day of 8, a month 28 to 31 days)
    if any(extended == value * k for k in time_frames._RATIOS[(short, long)]):
        assert read(reply, asks_short)[:2] == (str(value), None)
    else:
        assert read(reply, asks_short)[:2] == (str(extended), None)
