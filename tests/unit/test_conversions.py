"""One answer restated in another unit or period (rftkit.rewards.conversions).

``She makes $18 a day, or $126 a week.`` states one quantity twice: it is read as one value
(the one in the unit the question asks, without the question the first) when the factor
between the two units holds exactly (or within the rounding of an ``about``), and stays
several answers when it does not (``$18 a day, or $20 a week``). Every table row gives the
reading before this policy in a comment; both directions are checked, and every reply is
read by the fast paths as by the general one (tests/prose.py).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from tests.prose import WORK, assert_reads_as_general
from tests.prose import paid as _paid
from tests.prose import read as _read

GSM8K = rftkit.load_grader("gsm8k")

# (final sentence, the value it states without the question, the other value it names)
ONE_VALUE = [
    ("She makes $18 a day, or $126 a week.", "18", "126"),  # multiple_answers
    ("It takes 18 minutes, or 0.3 hours.", "18", "0.3"),  # multiple_answers
    ("In total, Janet earns $18 per day, which is $6,570 per year.", "18", "6570"),  # multiple
    ("Janet makes $18 every day \u2014 about $126 per week.", "18", "126"),  # 126
    ("So she makes $18 each day (that's $540 in a 30-day month).", "18", "540"),  # 18
    ("It takes 18 minutes, i.e. 0.3 hours.", "18", "0.3"),  # multiple_answers
    ("It takes 18 minutes, which is 0.3 hours.", "18", "0.3"),  # multiple_answers
    ("The rope is 18 meters, or 1800 centimeters.", "18", "1800"),  # multiple_answers
    ("She pays 18 dollars, which is 1800 cents.", "18", "1800"),  # multiple_answers
    ("She needs 18 hours, or 1080 minutes.", "18", "1080"),  # multiple_answers
    ("He walks 18 km, that is 18000 meters.", "18", "18000"),  # multiple_answers
    ("She makes $18 a day, equivalent to $126 a week.", "18", "126"),  # 126
    ("She makes $18 a day - $126 a week.", "18", "126"),  # 126
    ("So he earns $126 a week, or $18 a day.", "126", "18"),  # multiple_answers
    ("She makes $18 a day, or about $130 a week.", "18", "130"),  # 130 (126 rounds to 130)
    ("She makes $18 a day, or roughly $540 a month.", "18", "540"),  # 540
    ("She makes $18 a day (or $126 a week).", "18", "126"),  # multiple_answers
    ("She makes $18 daily, or $126 weekly.", "18", "126"),  # multiple_answers
    ("She makes $18 per day, that's $126 per week.", "18", "126"),  # 126
    ("She makes $18 per day ~ $126 per week.", "18", "126"),  # 126
    ("She makes $18 per day, that\u2019s $126 per week.", "18", "126"),  # 126
    ("She makes $18 per day, i.e., $126 per week.", "18", "126"),  # multiple_answers
    ("It weighs 18 kg, or 18000 g.", "18", "18000"),  # multiple_answers
    ("It weighs 2 pounds, or 32 ounces.", "2", "32"),  # multiple_answers
    ("The board is 3 feet, or 36 inches.", "3", "36"),  # multiple_answers
    ("She reads 18 pages a day, or 126 pages a week.", "18", "126"),  # multiple_answers
    ("She makes 9 * 2 = $18 a day, which is $126 a week.", "18", "126"),  # multiple_answers
    ("Janet makes $18 every day, or $540 every month.", "18", "540"),  # multiple_answers
    ("It takes 2 years, or 24 months.", "2", "24"),  # multiple_answers
    ("He runs 18 miles, or about 28.97 km.", "18", "28.97"),  # 28.97 (28.968192 km)
    # a rate restated in another measure, its period left implied (the same rate)
    ("He runs 540 meters a week, which is 0.54 km.", "540", "0.54"),  # multiple_answers
    ("She makes $18 a day, or 1800 cents.", "18", "1800"),  # multiple_answers
    ("It takes 18 minutes a day, or 0.3 hours.", "18", "0.3"),  # multiple_answers
    ("He runs 540 meters a week (0.54 km).", "540", "0.54"),  # 540 (no flag)
    # "on average" after a rate
    ("He runs 540 meters a week, about 77 meters a day on average.", "540", "77"),  # 77
    ("He runs 700 meters a week, or 100 meters a day on average.", "700", "100"),  # multiple
]


@pytest.mark.parametrize(("sentence", "stated", "other"), ONE_VALUE)
def test_a_true_restatement_is_one_value(sentence: str, stated: str, other: str) -> None:
    assert _read(sentence) == (stated, None), sentence
    assert _paid(sentence, stated) == 1.0, sentence
    assert _paid(sentence, other) == 0.0, sentence
    assert_reads_as_general(sentence.rstrip("."))


# (final sentence, the question, the value read with it)
WITH_QUESTION = [
    ("She makes $18 a day, or $126 a week.", "How much does she make per week?", "126"),
    ("She makes $18 a day, or $126 a week.", "How much does she make every day?", "18"),
    ("So he earns $126 a week, or $18 a day.", "How much does he earn per day?", "18"),
    ("It takes 18 minutes, or 0.3 hours.", "How many hours does it take?", "0.3"),
    ("It takes 0.3 hours, or 18 minutes.", "How many minutes does it take?", "18"),
    ("It takes 18 minutes, or 0.3 hours.", "How long does it take?", "18"),  # both: the first
    ("He pays 18 dollars, or 1800 cents.", "How many cents does he pay?", "1800"),
    ("The rope is 18 meters, or 1800 centimeters.", "How many centimeters is it?", "1800"),
    ("She makes $18 a day, which is $6,570 per year.", "How much in a year?", "6570"),
    ("So she makes $18 each day (that's $540 in a 30-day month).", "How much a month?", "540"),
    ("She makes $18 a day, or $126 a week.", "How much in a day or a week?", "18"),  # both
    # the question asks the approximate value's unit: the reading stays as it was (130)
    ("She makes $18 a day, or about $130 a week.", "How much per week?", "130"),
]


@pytest.mark.parametrize(("sentence", "question", "answer"), WITH_QUESTION)
def test_the_question_picks_the_unit_it_asks(sentence: str, question: str, answer: str) -> None:
    reward = GSM8K(Sample.from_text(response=WORK + sentence, reference=answer, prompt=question))
    assert reward.answer == answer, sentence
    assert reward.score >= 0.9, sentence
    for value in {"18", "126", "0.3", "1800", "6570", "540", "130"} - {answer}:
        wrong = GSM8K(Sample.from_text(response=WORK + sentence, reference=value, prompt=question))
        assert wrong.score < 0.5, (sentence, value)


# (final sentence, (answer, rejected) read now): a refusal is kept
STILL_REFUSED = [
    ("She makes $18 a day, or $20 a week.", ("20", "multiple_answers")),  # multiple
    ("She makes $18 a day (or $20 a week).", ("18", "multiple_answers")),  # multiple
    ("She makes $18 a day - $20 a week.", ("20", "multiple_answers")),  # 20
    ("She makes $18 a day \u2014 about $150 a week.", ("150", "multiple_answers")),  # 150
    ("She makes $18 per day, that's $130 per week.", ("130", "multiple_answers")),  # 130
    ("She makes $18 a day, or about $200 a week.", ("200", "multiple_answers")),  # 200
    ("It takes 20 minutes - 0.33 hours.", ("0.33", "multiple_answers")),  # 0.33 (1/3 hour)
    ("Janet makes $18 every day, or $558 every month.", ("558", "multiple_answers")),  # (31)
    ("He runs 18 miles, or 28.97 km.", ("28.97", "multiple_answers")),  # no "about"
    # a third value that restates none of the others exactly (a chain: see CHAINS)
    ("She makes $18 a day, or $126 a week, or $541 a month.", ("541", "multiple_answers")),
    ("She makes $18 a day, $126 a week and $6,571 a year.", ("6571", "multiple_answers")),
    # "and" or a comma joins two rates that differ: two values (before: the later paid)
    ("She makes $18 per day and $127 per week.", ("127", "multiple_answers")),
    ("She makes $18 per day, $20 per week.", ("20", "multiple_answers")),
    # a hedge before the joiner
    ("She makes $17 or $18 a day, or $126 a week.", ("126", "multiple_answers")),
    ("Either she makes $18 a day, or $126 a week.", ("126", "multiple_answers")),
    ("She makes $18 a day, or $126 a week, I think.", ("126", "multiple_answers")),
    # two quantities, not one in two units
    ("She reads 18 pages a day, or 126 eggs a week.", ("126", "multiple_answers")),
    ("It takes 18 minutes, or 0.3 miles.", ("0.3", "multiple_answers")),
    # arithmetic after the joiner (restated_in_equation)
    ("She makes $18 a day, which is 18 * 7 = $126 a week.", ("126", "multiple_answers")),
    # a 5-day working week or an 8-hour day is no exact factor
    ("He works 8 hours a day, or 40 hours a week.", ("40", "multiple_answers")),
    # a rate and another measure of it whose factor does not hold (the period implied)
    ("He runs 540 meters a week, which is 0.55 km.", ("0.55", "multiple_answers")),  # (same)
    # "on average": 540 / 7 is 77.14..., no exact restatement
    ("He runs 540 meters a week, 77 meters a day on average.", ("77", "multiple_answers")),  # 77
]


# A rate restated more than once, each value the first in another period, or joined by
# "and" or a comma (rates only): one value. (sentence, question or None, value read; the
# reading before in the comment)
CHAINS = [
    ("She makes $18 a day, or $126 a week, or $540 a month.", None, "18"),  # multiple
    ("She makes $18 per day, which is $126 per week and $540 per month.", None, "18"),  # 540
    ("She makes $18 per day, $126 per week, and $6,570 per year.", None, "18"),  # 6570
    ("She makes $18 per day and $126 per week.", None, "18"),  # 126
    ("She makes $18 per day, $126 per week.", None, "18"),  # 126
    ("She makes $18 per day, $126 per week, and $6,570 per year.", "How much per week?", "126"),
    ("She makes $18 a day, or $126 a week, or $540 a month.", "How much a month?", "540"),
    ("She makes $18 a day, or $126 a week, or $540 a month.", "How much a day?", "18"),
]


@pytest.mark.parametrize(("sentence", "question", "answer"), CHAINS)
def test_a_chain_of_exact_restatements_is_one_value(
    sentence: str, question: str | None, answer: str
) -> None:
    reward = GSM8K(Sample.from_text(response=WORK + sentence, reference=answer, prompt=question))
    assert reward.score >= 0.9, (sentence, reward.answer, reward.errors)
    for value in {"18", "126", "540", "6570"} - {answer}:
        wrong = GSM8K(Sample.from_text(response=WORK + sentence, reference=value, prompt=question))
        assert wrong.score < 0.5, (sentence, value)
    assert_reads_as_general(sentence.rstrip("."))


# From a day (the factors from a day are exact; a month is also 4 weeks, so week to month
# is no one factor).
_CHAIN_RATES = [("week", 7), ("month", 30), ("year", 365)]
_CHAIN_JOINERS = [", or ", ", which is ", " and ", ", ", ", i.e. ", ", and "]


@settings(max_examples=200, deadline=None)
@given(
    a=st.integers(1, 999),
    rates=st.lists(st.sampled_from(_CHAIN_RATES), min_size=1, max_size=2, unique=True),
    joiners=st.lists(st.sampled_from(_CHAIN_JOINERS), min_size=2, max_size=2),
    off=st.sampled_from([0, 0, 1, -1]),
)
@example(a=18, rates=[("week", 7), ("year", 365)], joiners=[", ", ", and "], off=1)
def test_a_rate_chain_pays_its_first_value_only_when_every_link_holds(
    a: int, rates: list[tuple[str, int]], joiners: list[str], off: int
) -> None:
    """Without the question: the first value when every later one is it in another period
    exactly; otherwise no value at all. Never a later value."""
    later = rates
    values = [a * d for _, d in later]
    values[-1] += off
    parts = [f"She makes ${a} per day"]
    for (p, _), v, j in zip(later, values, joiners, strict=False):
        parts.append(f"{j}${v:,} per {p}")
    sentence = "".join(parts) + "."
    assert _paid(sentence, str(a)) == (1.0 if off == 0 else 0.0), sentence
    for v in values:
        if v != a:
            assert _paid(sentence, str(v)) == 0.0, (sentence, v)


@pytest.mark.parametrize(("sentence", "reading"), STILL_REFUSED)
def test_a_false_factor_or_a_hedge_stays_a_refusal(sentence: str, reading: tuple[str, str]) -> None:
    assert _read(sentence) == reading, sentence
    for value in ("18", "20", "126", "130", "150", "200", "540", "558", "0.3", "0.33", "40"):
        assert _paid(sentence, value) == 0.0, (sentence, value)
    assert_reads_as_general(sentence.rstrip("."))


# (final sentence, (answer, rejected)): read as before this policy
UNCHANGED = [
    # a hedge word beside the joiner: not this policy's (second_answers: a hedge adverb
    # before the second value offers two values, even when the factor holds)
    ("She makes $18 a day, or maybe $126 a week.", ("126", "multiple_answers")),
    ("She makes $18 a day, either $126 a week.", ("126", None)),
    # "=" is no joiner: the equation's result
    ("She makes $18 a day = $126 a week.", ("126", None)),
    # a dozen: the dozens policy
    ("She needs 3 dozen cookies, which is 36 cookies.", ("36", None)),
    # a quantity in two units: the quantities and clock policies
    ("It takes 2 hours and 30 minutes, i.e. 2.5 hours.", ("2.5", None)),
    ("It takes 2 hours and 30 minutes, i.e. 3 hours.", ("3", "multiple_answers")),
    # no unit after the later number, or the same unit
    ("It takes 18 minutes, or 0.3.", ("0.3", "multiple_answers")),
    ("It takes 18 minutes, or 20 minutes.", ("20", "multiple_answers")),
    # a comparison, a count: no joiner
    ("She makes $18 a day, so $126 a week.", ("126", None)),
    ("He reads 18 pages a day for 7 days.", ("18", None)),
    # a description (describing) and a rounding without units (second_answers)
    ("She makes $18 per day, which is the money from 9 eggs.", ("18", None)),
    ("So the average is 16.5, which is about 17.", ("17", None)),
]


@pytest.mark.parametrize(("sentence", "reading"), UNCHANGED)
def test_what_is_no_restatement_reads_as_before(sentence: str, reading: tuple[str, str]) -> None:
    assert _read(sentence) == reading, sentence


def test_a_reply_ending_in_a_remark_is_read_in_its_last_sentence_with_a_number() -> None:
    reply = "She makes $18 a day, or $126 a week.\n\nThanks for reading!"  # last_number
    assert _read(reply)[1] is None
    assert _paid(reply, "18") == 1.0
    assert _paid(reply, "126") == 0.0


def test_the_factors_are_exact() -> None:
    from rftkit.rewards.conversions import _pair, factor

    cases = {
        "It is 1 mile, or 1609.344 m.": Fraction(1609344, 1000),
        "It is 1 lb, or 453.59237 g.": Fraction(45359237, 100000),
        "It is 1 inch, or 2.54 cm.": Fraction(254, 100),
        "It is $1 a day, or $365 a year.": 365,
        "It is $1 a week, or $4 a month.": 4,
        "It is $1 a month, or $12 a year.": 12,
        "It is $1 an hour, or $24 a day.": 24,
        "It is $1 a day, or $31 in a 31-day month.": 31,
        "It is 1 euro, or 100 cents.": 100,
        "It is 1 pound, or 100 pence.": 100,
    }
    for sentence, k in cases.items():
        pair = _pair(sentence)
        assert pair is not None, sentence
        assert factor(pair[1], pair[2]) == k, sentence
    for sentence in (
        "It is 1 hour, or 2 months.",
        "It is 1 liter, or 2 kg.",
        "It is 1 cent, or 2 km.",
    ):
        pair = _pair(sentence)
        assert pair is None or factor(pair[1], pair[2]) is None, sentence


# -- properties: never two values for one reply ------------------------------------------------

_RATES = [("day", "week", 7), ("day", "year", 365), ("week", "year", 52), ("month", "year", 12),
          ("day", "month", 30), ("hour", "day", 24), ("minute", "hour", 60)]  # fmt: skip
_MEASURES = [
    ("minutes", "hours", Fraction(1, 60)), ("hours", "minutes", 60), ("dollars", "cents", 100),
    ("meters", "centimeters", 100), ("kilograms", "grams", 1000), ("km", "m", 1000),
    ("feet", "inches", 12), ("pounds", "ounces", 16), ("cents", "dollars", Fraction(1, 100)),
    ("days", "weeks", Fraction(1, 7)), ("years", "months", 12),
]  # fmt: skip
_JOINERS = [", or ", ", which is ", ", i.e. ", ", that is ", " - ", " \u2014 ",
            ", equivalent to ", " (or ", " (that's "]  # fmt: skip
_APPROX_JOINERS = [", or about ", ", which is about ", " \u2014 about ", " ~ ", " (about "]
_LEADS = ["a", "per", "every", "each"]
_TIME_MEASURES = frozenset({"minutes", "hours", "days", "years"})


def _decimal(value: Fraction) -> str | None:
    """``value`` written as a terminating decimal, or None."""
    if value.denominator == 1:
        return str(value.numerator)
    d = value.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return None
    places = max(twos, fives)
    digits = str(value.numerator * 10**places // value.denominator).rjust(places + 1, "0")
    return (digits[:-places] + "." + digits[-places:]).rstrip("0").rstrip(".")


@st.composite
def _restatements(draw: st.DrawFn, joiners: list[str]) -> tuple[str, str, str, Fraction, str]:
    """``(template, A, B's unit word for the question, exact B, question's kind)``: the
    template holds ``{b}`` where B goes."""
    a = draw(st.integers(1, 5000))
    joiner = draw(st.sampled_from(joiners))
    close = ")" if "(" in joiner else ""
    if draw(st.booleans()):
        pa, pb, k = draw(st.sampled_from(_RATES))
        lead = draw(st.sampled_from(_LEADS))
        if draw(st.booleans()):
            template = f"She makes ${a} {lead} {pa}{joiner}${{b}} {lead} {pb}{close}."
        else:
            template = f"She reads {a} pages {lead} {pa}{joiner}{{b}} pages {lead} {pb}{close}."
        return template, str(a), pb, Fraction(a * k), "period"
    ua, ub, k = draw(st.sampled_from(_MEASURES))
    period = ""
    if ua not in _TIME_MEASURES and draw(st.booleans()):
        # a rate restated in another measure, its period left implied: "540 meters a
        # week, which is 0.54 km"
        period = f" {draw(st.sampled_from(_LEADS))} {draw(st.sampled_from(_RATES))[0]}"
    template = f"The total is {a} {ua}{period}{joiner}{{b}} {ub}{close}."
    return template, str(a), ub, Fraction(a) * Fraction(k), "measure"


def _question(unit: str, kind: str) -> str:
    return f"How much does she make per {unit}?" if kind == "period" else f"How many {unit}?"


@settings(max_examples=300, deadline=None)
@given(_restatements(_JOINERS))
@example(("She makes $18 a day, or ${b} a week.", "18", "week", Fraction(126), "period"))
def test_a_true_conversion_pays_one_value_and_a_false_one_none(
    case: tuple[str, str, str, Fraction, str],
) -> None:
    template, a, unit, exact, kind = case
    b = _decimal(exact)
    assume(b is not None and b != a)
    assert b is not None
    reply = template.format(b=b)
    # Without the question the first value, never the other; with it the asked one only.
    assert (_paid(reply, a), _paid(reply, b)) == (1.0, 0.0), reply
    question = _question(unit, kind)
    paid = [
        GSM8K(Sample.from_text(response=WORK + reply, reference=v, prompt=question)).score >= 0.9
        for v in (a, b)
    ]
    assert paid == [False, True], (reply, question)
    # A factor that does not hold: two values offered, neither is paid.
    for wrong in {exact + 1, exact * 3} - {Fraction(a)}:
        text = _decimal(wrong)
        if text is None:
            continue
        false = template.format(b=text)
        for value in (a, text, b):
            assert _paid(false, value) == 0.0, (false, value)
        assert _read(false)[1] == "multiple_answers", false


@settings(max_examples=200, deadline=None)
@given(_restatements(_APPROX_JOINERS), st.integers(0, 3))
def test_an_approximate_restatement_within_its_rounding_pays_only_the_exact_value(
    case: tuple[str, str, str, Fraction, str], places: int
) -> None:
    template, a, unit, exact, kind = case
    rounded = round(exact, places)  # at most three decimals
    b = _decimal(Fraction(rounded))
    assume(b is not None and b != a and Fraction(rounded) > 0)
    assert b is not None
    reply = template.format(b=b)
    assert (_paid(reply, a), _paid(reply, b)) == (1.0, 0.0), reply
    # The question asks the approximate value's unit: the reading stays as it was, and
    # pays one value at most.
    question = _question(unit, kind)
    paid = [
        GSM8K(Sample.from_text(response=WORK + reply, reference=v, prompt=question)).score >= 0.9
        for v in (a, b)
    ]
    assert paid != [True, True], (reply, question)
    # Three times the value is no rounding of it: neither is paid.
    false = template.format(b=_decimal(Fraction(rounded) * 3))
    for value in (a, b):
        assert _paid(false, value) == 0.0, (false, value)


_PIECES = st.sampled_from(
    [
        "She makes ", "It takes ", "18", "126", "0.3", "1,800", "30", "7", " ", "$", " a day",
        " per week", " every month", " a year", "/day", " daily", " weekly", " minutes",
        " hours", " cents", " dollars", " km", " meters", " pages", " eggs", ", or ",
        ", which is ", ", i.e. ", ", that's ", " - ", " \u2014 ", " (", ")", " about ", " ~ ",
        " maybe ", " either ", " in a 30-day month", " = ", " * ", " dozen", ", so ", ".",
    ]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, min_size=2, max_size=12))
@example(["She makes ", "$", "18", " a day", ", or ", "$", "126", " per week", "."])
def test_any_sentence_reads_as_the_general_path_and_a_conversion_is_one_of_its_numbers(
    pieces: list[str],
) -> None:
    sentence = "".join(pieces)
    answer, rejected = _read(sentence)  # the fast paths read as the general one
    reward = GSM8K(Sample.from_text(response=WORK + sentence, reference="18"))
    if "conversion" in reward.errors and rejected is None:
        assert answer is not None and answer.replace(",", "") in sentence.replace(",", "")
