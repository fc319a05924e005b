"""Final sentences whose answer is right but was mis-read (issue 14, bench corpus misses).

Each class from the misses has a case table (several shapes, right and wrong answers, and
the hostile variant that must still not be paid) and, where natural, a hypothesis
property. The policy for each is written in docs/graders.md ("Several answers").
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.extract import Extractor
from rftkit.rewards.numbers import Number, clean_latex, equations_hold
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.sentences import _sentence_start, drop_modifiers
from rftkit.rewards.types import Sample
from tests.prose import assert_shortcuts_read_as_tokens

WORK = "Janet has 16 eggs and eats 3 of them, so 16 - 3 = 13 are left."
REJECTED = None  # the reply is not paid: several answers


def read(sentence: str) -> int | Fraction | str | None:
    """The value read from a reply ending in ``sentence`` (``"50%"`` for a percentage)."""
    ex = Extractor()
    reply = f"{WORK}\n{sentence}"
    found = ex(reply)
    assert found == ex.general(reply), reply  # every shortcut reads as the general path
    if not found.ok or found.number is None:
        return REJECTED
    assert found.rule in ("final_sentence", "last_number"), found
    number = found.number
    return f"{number.value}%" if number.percent else number.value


def check(sentence: str, expected: int | Fraction | str | None) -> None:
    assert read(sentence) == expected, sentence
    # The sentence on its own (no reply around it) reads the same.
    assert_shortcuts_read_as_tokens(sentence)


# -- 1. a count, then a number that is part of a unit or a price -----------------------------

MODIFIERS = [
    # right answers, as models write them
    ("Therefore, she has $20/$10 = 2 $10 bills.", 2),
    ("So there are 120/1.5 = 80 18-inch lengths on which seeds can be planted.", 80),
    ("Thus, across a 28-foot diameter, one can place 28/0.5=56 6-inch pencils.", 56),
    ("So she buys 3 $5 notebooks.", 3),
    ("He needs 4 2-liter bottles.", 4),
    ("There are 12 6-foot boards left.", 12),
    ("So he pays with 7 $1,000 bills.", 7),
    ("She keeps 2 $2.50 coupons.", 2),
    ("So she has 40/20 = 2 \\$20 bills.", 2),
    ("So she has 2 €10 notes.", 2),
    ("So he bought 5 £2 tickets.", 5),
    ("So she has 3 ¥100 coins.", 3),
    # wrong answers: the equation still has to hold
    ("Therefore, she has $20/$10 = 3 $10 bills.", REJECTED),
    ("So there are 120/1.5 = 81 18-inch lengths.", REJECTED),
    ("Thus one can place 28/0.5=57 6-inch pencils.", REJECTED),
    ("So she has 3 $10 bills.", 3),  # read, and wrong against 2: not a second answer
    # hostile: two values with nothing that makes the second one a modifier
    ("She has 72 73 apples.", REJECTED),
    ("She has $72 $73.", REJECTED),
    ("She has 72 $73.", REJECTED),
    ("She has $72 $73 bills.", REJECTED),
    ("She has 72 73-74 apples.", REJECTED),
    ("She has 72 $73 or 74 bills.", REJECTED),
    ("She has 72 73-or-so apples.", REJECTED),
    ("She has 2 $10 thousand.", REJECTED),
    ("She has 72 or $73 bills.", REJECTED),
    ("So it is 20/10 = 2 10 bills.", REJECTED),
    # the digit of a size no longer makes "or" a hedge after a number
    ("She cut 2 18-inch big or 3*4 = 12.", 12),
    ("She cut 2 18 big or 3*4 = 12.", REJECTED),
]


@pytest.mark.parametrize(("sentence", "expected"), MODIFIERS)
def test_a_price_or_a_hyphenated_unit_after_a_count_is_no_second_answer(
    sentence: str, expected: int | None
) -> None:
    check(sentence, expected)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**5),
    st.integers(min_value=1, max_value=10**4),
    st.sampled_from(["${m} bills", "{m}-inch boards", "€{m} notes", "{m}-foot planks"]),
    st.sampled_from(["", "So she has {x}.", "So she has {k} * {n} = {x}."]),
)
def test_a_count_before_a_modifier_is_the_answer(n: int, m: int, unit: str, frame: str) -> None:
    x = f"{n} {unit.format(m=m)}"
    sentence = (frame or "So she has {x}.").format(x=x, k=1, n=n)
    assert read(sentence) == n, sentence


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**5),
    st.integers(min_value=0, max_value=10**5),
    st.sampled_from(["{a} {b}", "${a} ${b}", "{a} ${b}", "${a} ${b} bills", "{a} {b} apples"]),
)
def test_two_values_side_by_side_stay_two_answers(a: int, b: int, shape: str) -> None:
    if a == b:
        return
    if shape.startswith("{a} {b}") and 1 <= a <= 999 and 100 <= b <= 999:
        return  # "1 800": thousands grouped by a space, one number (test_extract_quantities)
    assert read(f"So she has {shape.format(a=a, b=b)}.") is REJECTED


_MODIFIER_PIECES = st.sampled_from(
    [
        "2",
        "80",
        "10",
        "1.5",
        " ",
        "  ",
        " $10",
        " \\$10",
        " €10",
        " 18-inch",
        "-inch",
        " bills",
        " big",
        " or ",
        " and ",
        ", so ",
        " = ",
        "=",
        " * ",
        " + ",
        "/",
        "$",
        " x ",
        " thousand",
        "-or-so",
        "So she has ",
        ".",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_MODIFIER_PIECES, min_size=1, max_size=10))
@example(["2", " 18-inch", " * ", " = ", "2"])  # no unit read past before "* ="
@example(["2", " ", "10", " $10", ", so "])  # a count and its equal price hid "2 10"
def test_a_sentence_reads_as_if_its_modifiers_were_dropped_first(pieces: list[str]) -> None:
    # Modifiers are only looked for when the reading without dropping them is several
    # answers; that must read every sentence as dropping them first does.
    ex = Extractor()
    sentence = "".join(pieces)
    dropped = clean_latex(drop_modifiers(sentence))
    for rule, words in (("final_sentence", True), ("last_number", False)):
        expected = ex._tokens_reading(rule, dropped, words, [])
        assert ex._sentence_answer(rule, sentence, words, []) == expected, sentence
        assert ex._sentence_tokens(rule, sentence, words, []) == expected, sentence


def test_dropping_modifiers_twice_drops_nothing_more() -> None:
    for sentence, _ in MODIFIERS:
        once = drop_modifiers(sentence)
        assert drop_modifiers(once) == once


# -- 2. one value in two notations, joined by a hedge word ------------------------------------

NOTATIONS = [
    ("That means she saved $210 / $350 = 0.60 or 60% off on the dress.", "60%"),
    ("So she saved 0.6, or 60%, of the price.", "60%"),
    ("So 25% or 0.25 of them are red.", "25%"),
    ("She ate 1/2 or 0.5 of the pie.", Fraction(1, 2)),
    ("She ate 0.5 or 1/2 of the pie.", Fraction(1, 2)),
    ("So 50 or 50% of the seats are taken.", "50%"),
    # number words are read only in a sentence with no digit: "one half" is not a value here
    ("She ate 50% or one half of the pie.", "50%"),
    # different values stay several answers
    ("That means she saved $210 / $350 = 0.60 or 65% off on the dress.", REJECTED),
    ("So she saved 0.6 or 60 of the price.", REJECTED),
    ("So she saved 60 or 0.6% of the price.", REJECTED),
    ("She ate 1/2 or 0.6 of the pie.", REJECTED),
    ("So she saved 0.6 or 6% of the price.", REJECTED),
]


@pytest.mark.parametrize(("sentence", "expected"), NOTATIONS)
def test_one_value_in_two_notations_is_one_answer(
    sentence: str, expected: int | Fraction | str | None
) -> None:
    check(sentence, expected)


@pytest.mark.parametrize("reference", ["60", "0.6", "60%"])
def test_a_value_and_its_percentage_pay_every_reference_the_percentage_pays(
    reference: str,
) -> None:
    gsm8k = GraderRegistry(entry_points=False).create("gsm8k")
    for sentence in ("So she saved 0.60 or 60% off.", "So she saved 60% or 0.6 off."):
        reply = f"{WORK}\n{sentence}"
        assert gsm8k(Sample.from_text(response=reply, reference=reference)).metric("correct")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
@example(2, 200)  # found: "2 or 2%" is a number and the same value as a percentage
def test_a_percentage_and_a_different_fraction_are_two_answers(p: int, q: int) -> None:
    decimal = f"{Fraction(q, 100).numerator / Fraction(q, 100).denominator:g}"
    outcome = read(f"So she saved {decimal} or {p}% off.")
    if p == q or Fraction(q, 100) == p:  # 0.6 or 60%; and 2 or 2%, as 50 or 50% (one value)
        assert outcome == f"{p}%"
    else:
        assert outcome is REJECTED


# -- 3. chains whose first side is a variable or a label --------------------------------------

VARIABLES = [
    ("So, the consumption in 90 hours is x = 630 / 21 = 30 liters.", 30),
    (
        "x - 0.25*x = 72 sours => 0.75*x = 72 sours => x = 72 sours / 0.75 = 96 sours total.",
        96,
    ),
    ("So 0.75x = 72, and x = 72 / 0.75 = 96.", 96),
    ("Let the total be y, so y = 5 * 12 = 60.", 60),
    ("The total is T = 5 * 12 = 60 dollars.", 60),
    ("She works 90 hours x 7 = 630 hours.", 630),  # "x" between numbers multiplies
    # wrong arithmetic is still several answers
    ("So, the consumption in 90 hours is x = 630 / 21 = 31 liters.", REJECTED),
    ("x - 0.25*x = 72 sours => 0.75*x = 72 sours => x = 72 sours / 0.75 = 97 sours.", REJECTED),
    ("So 0.75x = 72, and x = 72 / 0.75 = 95.", REJECTED),
    ("She works 90 hours x 7 = 640 hours.", REJECTED),
    # an equation left unsolved states no answer
    ("So 21x = 630.", REJECTED),
    ("So x - 0.25*x = 72.", REJECTED),
    # a label between two values: the arithmetic must equal the value after it
    ("So 630 / 21 = x = 30 liters.", 30),
    ("So 630 / 21 = the total = 30 liters.", 30),
    ("So 630 / 21 = x = 31 liters.", REJECTED),
    ("So 5 = x = 72.", REJECTED),
    # an arrow on the way is no equals sign; as the last one it states no answer
    ("So 0.75*x = 72 => x = 72 / 0.75 = 96.", 96),
    ("So 0.75*x = 72 => x = 72 / 0.75 = 97.", REJECTED),
    ("So x = 5 => 72.", REJECTED),
    ("So 5 = 6 => x = 7.", REJECTED),
    # hostile: a number on each side
    ("So 5 = 72.", REJECTED),
    ("So x = 5 = 72.", REJECTED),
]


@pytest.mark.parametrize(("sentence", "expected"), VARIABLES)
def test_a_variable_or_a_label_does_not_break_a_chain(sentence: str, expected: int | None) -> None:
    check(sentence, expected)


@pytest.mark.parametrize(
    ("text", "strict", "holds"),
    [
        ("0.75*x = 72 => x = 72 / 0.75 = 96", False, True),
        ("0.75*x = 72 => x = 72 / 0.75 = 96", True, False),  # answer containers: no algebra
        ("21x = 630 and x = 630 / 21 = 30", False, True),
        ("x * 3 = 72 => x = 72 / 3 = 24", False, True),
        ("x * 3 = 72 => x = 72 / 3 = 25", False, False),
        ("21x = 630", False, False),  # the last equation states no value
        ("tax 1700 = 1700", False, True),  # the x of a word is no variable
        ("8 x 12 = 96 = 97", False, False),  # "x" between numbers multiplies
        ("5 = 72 = 72", False, False),
        ("90 hours is x = 630 / 21 = 30", False, True),
        ("90 hours x 7 = 630", False, True),
        ("90 hours x 7 = 631", False, False),
        ("630 / 21 = x = 30", False, True),
        ("630 / 21 = x = 30", True, False),  # answer containers: every side has a value
        ("630 / 21 = x = y = 30", False, True),
        ("630 / 21 = x = y = 31", False, False),
    ],
)
def test_algebra_on_the_way_is_not_checked_and_numbers_are(
    text: str, strict: bool, holds: bool
) -> None:
    assert equations_hold(text, strict) is holds


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**4),
    st.integers(min_value=1, max_value=10**3),
    st.integers(min_value=-3, max_value=3),
    st.sampled_from(["x", "y", "n", "Total", "the cost"]),
    st.sampled_from(["So {v} = {a} * {b} = {r}.", "So, in 9 hours, {v} = {a} * {b} = {r} liters."]),
)
def test_a_labelled_chain_pays_only_when_it_holds(
    a: int, b: int, off: int, label: str, shape: str
) -> None:
    outcome = read(shape.format(v=label, a=a, b=b, r=a * b + off))
    assert outcome == (a * b if off == 0 else REJECTED)


# -- 4. currency and unit signs in equations ---------------------------------------------------

SIGNS = [
    ("Since a quarter is equal to ¢25, therefore ¢275/¢25 = 11 quarters are needed.", 11),
    ("So €275/€25 = 11 notes.", 11),
    ("So £275/£25 = 11 notes.", 11),
    ("So ¥275/¥25 = 11 notes.", 11),
    ("So ₹275/₹25 = 11 notes.", 11),
    ("Finally, he pays in taxes each week: $280/week * .2 = $56/week.", 56),
    ("He earns $15/hour * 8 = $120.", 120),
    ("So she pays ¢25 * 4 = ¢100.", 100),
    # wrong answers
    ("Since a quarter is equal to ¢25, therefore ¢275/¢25 = 12 quarters are needed.", REJECTED),
    ("So €275/€25 = 12 notes.", REJECTED),
    ("Finally, he pays in taxes each week: $280/week * .2 = $57/week.", REJECTED),
    ("He earns $15/hour * 8 = $130.", REJECTED),
    # a unit word against its "/" is read past (tests/unit/test_equation_unit_forms.py):
    # "10 beads/$1" reads as 10 / 1, so GSM8K's own solution line holds and pays 180
    ("Then 1800 beads / 10 beads/$1 = $180.", 180),
    # a quantity with its unit before "=" is a conversion, not arithmetic to check
    ("So $56/week = $224/month.", 224),
    ("So 72/week = 73.", 73),
]


@pytest.mark.parametrize(("sentence", "expected"), SIGNS)
def test_currency_signs_and_per_unit_suffixes_in_equations(
    sentence: str, expected: int | None
) -> None:
    check(sentence, expected)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**4),
    st.integers(min_value=1, max_value=99),
    st.sampled_from(["$", "¢", "€", "£"]),
    st.sampled_from(["", "/week", "/hour"]),
    st.integers(min_value=-2, max_value=2),
)
def test_a_priced_product_pays_only_when_it_holds(
    a: int, b: int, sign: str, per: str, off: int
) -> None:
    outcome = read(f"So he pays {sign}{a}{per} * {b} = {sign}{a * b + off}{per}.")
    assert outcome == (a * b if off == 0 else REJECTED)


def test_the_cent_sign_is_dropped_like_the_other_currency_signs() -> None:
    assert clean_latex("¢275/¢25 = 11") == "275/25 = 11"
    assert equations_hold(clean_latex("¢275/¢25 = 11"), True)
    assert Extractor()("#### ¢11").number == Number(11)


# -- 5. abbreviations do not end a sentence ----------------------------------------------------

ABBREVIATIONS = [
    ("Ms.", "Ms. Alice can grade 37 * 11 = 407 papers."),
    ("Mr.", "Mr. Sylas adds 4 + 5 = 9 apples."),
    ("Mrs.", "Mrs. Brown pays 3 * 5 = 15 dollars."),
    ("Dr.", "Dr. Lee sees 4 * 6 = 24 patients."),
    ("St.", "The shop on Main St. sells 3 * 4 = 12 pies."),
    ("vs.", "So she has 5 + 4 = 9 vs. the 7 she had."),
    ("e.g.", "So 3 * 4 = 12, e.g. 12 apples."),
    ("i.e.", "So 3 * 4 = 12, i.e. 1 dozen."),
    ("approx.", "So 10 / 4 = 2.5 hours, approx. 3 hours."),
]


@pytest.mark.parametrize(("abbreviation", "sentence"), ABBREVIATIONS)
def test_a_stop_after_an_abbreviation_is_no_sentence_end(abbreviation: str, sentence: str) -> None:
    text = f"{WORK} {sentence}"
    start = _sentence_start(text, len(text) - 1)
    assert text[start:] == sentence, abbreviation


def test_a_stop_after_an_ordinary_word_still_ends_a_sentence() -> None:
    for before in ("She has 3 hrs.", "He saw Ms Lee at 4 p.m.", "It is 5 kg.", "They talk etc."):
        text = f"{before} So she has 9 apples."
        assert text[_sentence_start(text, len(text) - 1) :] == "So she has 9 apples.", before


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(["Mr.", "Mrs.", "Ms.", "Dr.", "St.", "vs.", "e.g.", "i.e.", "approx."])),
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=1000, max_value=9999),
)
def test_numbers_before_an_abbreviation_stay_in_the_sentence(
    abbreviation: str, a: int, b: int, other: int
) -> None:
    # The equation before the abbreviation answers; the number after it is no new sentence.
    sentence = f"So she has {a} + {b} = {a + b} {abbreviation} the {other} she had."
    assert read(sentence) == a + b, sentence
    plain = f"So she has {a} + {b} = {a + b} apples. The {other} she had."
    assert read(plain) == other  # an ordinary stop still ends the sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("So Ms. Alice grades 37 * 11 = 407 papers.", 407),
        ("Mr. Sylas has 4 + 5 = 9 apples.", 9),
        ("So she has 5 + 4 = 9 vs. 7 last year.", 9),
        ("So Dr. Lee sees 4 * 6 = 25 patients.", REJECTED),
        ("So Mr. Lee has 72 or 73 apples.", REJECTED),
    ],
)
def test_a_final_sentence_with_an_abbreviation_is_read_whole(
    sentence: str, expected: int | None
) -> None:
    check(sentence, expected)
