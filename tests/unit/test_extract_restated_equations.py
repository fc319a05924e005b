"""A restating clause whose arithmetic gives another value is a second answer.

``She makes 18 per day, which is 126 per week.`` already answered twice (18 and 126, one
per unit, as ``18 or 126`` does); the same clause with its arithmetic written out, ``which is
18 * 7 = 126 per week``, was read as 126 alone, because the restatement was only looked for
after the sentence's last ``=``. Now a restating clause (``which is``, ``which equals``,
``i.e.``, ``that is``, ``or``, ...) followed by arithmetic and ``=`` restates the number before
it as the arithmetic's result when that arithmetic converts it to another unit (it only
multiplies and divides, by a factor the sentence had not stated). Not when it adds or
subtracts (a total: ``18 miles more, which is 18+21 = 39``), only combines numbers the sentence
stated before the clause (``9 eggs at $2, which is 9 * 2 = 18``) or does not use the number
before the clause: then it computes the answer, as ``She makes 9 * 2 = 18 dollars.`` does.
A factor (``44 times the weight``) is no value of its own, with or without the arithmetic.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.prose import paid as _paid
from tests.prose import read as _read

RESTATED = [
    ("She makes 18 per day, which is 18 * 7 = 126 per week.", "18", "126"),
    ("She makes 18 dollars a day, which is 7 * 18 = 126 dollars a week.", "18", "126"),
    ("She makes 18 dollars a day, which is 18 x 7 = $126 a week.", "18", "126"),
    ("She makes $18 a day, which equals $18 * 7 = $126 a week.", "18", "126"),
    ("She makes 18 dollars a day, i.e. 18 * 7 = 126 dollars a week.", "18", "126"),
    ("She makes 18 dollars a day, that is 18 * 7 = 126 dollars a week.", "18", "126"),
    ("She makes 18 dollars a day, or 18 * 7 = 126 dollars a week.", "18", "126"),
    ("She makes 18 dollars a day, which would be 18*7=126 dollars a week.", "18", "126"),
    ("She makes 18 dollars a day, which is 7 days * 18 = 126 dollars a week.", "18", "126"),
    ("She makes 18 a day, which is 18 * 7 = 126 a week, so 126 in all.", "18", "126"),
    ("So she makes 9 * 2 = 18 dollars per day, which is 18 * 7 = 126 per week.", "18", "126"),
    ("There are 4 weeks, which is 4 * 7 = 28 days.", "4", "28"),
    ("So she earns $18 daily, which is $18 * 30 = $540 a month.", "18", "540"),
    ("He reads 20 pages a day, which means 20 * 30 = 600 pages a month.", "20", "600"),
    ("She makes 126 dollars a week, which is 126 / 7 = 18 dollars a day.", "126", "18"),
    # a conversion GSM8K's own solutions write (train): the cost of the policy
    ("Emmanuel gets 5 shares which is 5*20 = 100.", "5", "100"),
]


@pytest.mark.parametrize(("reply", "first", "restated"), RESTATED)
def test_a_clause_restating_the_answer_through_arithmetic_is_a_second_answer(
    reply: str, first: str, restated: str
) -> None:
    for reference in (first, restated):
        assert _paid(reply, reference) == 0.0, (reply, reference)
    assert _read(reply)[1] == "multiple_answers", reply


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        # arithmetic that computes the answer, with no restating clause
        ("She makes 9 * 2 = 18 dollars.", "18"),
        ("So the total is 3 + 4 = 7.", "7"),
        ("So she has 126, which rounds to 126 / 7 = 18 a day.", "18"),
        # a clause whose arithmetic combines the sentence's own numbers computes the answer
        ("She sold 9 eggs at $2 each, which is 9 * 2 = 18 dollars.", "18"),
        ("He pays $200 for 5 days, which is $200 / 5 = $40 per day.", "40"),
        ("She works 8 hours a day for 5 days, which is 8 * 5 = 40 hours.", "40"),
        # arithmetic that adds or subtracts makes a total, no other unit (GSM8K train)
        ("After resting, he adds 18 miles more, which is 18+21 = 39 miles.", "39"),
        ("Cape May has 8 more sharks than that which is 24+8=32.", "32"),
        ("The third car was made 20 years after the second, which is 1980+20 = 2000.", "2000"),
        ("Adam has 3 more than twice the number Jason has, or 3+20=23 tattoos.", "23"),
        # a part taken of the number before the clause (GSM8K train)
        ("He gives a fourth of 8 oranges to his friend which is 8*(1/4) = 2 oranges.", "2"),
        # arithmetic that does not use the number before the clause
        ("She cut 2 boards, which is 3 * 4 = 12 feet.", "12"),
        # a factor is no value ("44 times" is no answer of its own)
        ("The Mastiff weighed 44 times the weight of the Papillon, or 5*44=220 pounds.", "220"),
        ("The Mastiff weighed 44 times the weight of the Papillon, or 220 pounds.", "220"),
        # the same value restated
        ("She makes 18 dollars, which is 9 * 2 = 18.", "18"),
        ("The total is 126, which is 18 * 7 = 126.", "126"),
        # a restating word followed by words, not by the arithmetic
        ("In one year, which is 52 weeks, he spends 52 * 9 = 468 dollars.", "468"),
        ("He bought 3 packs which means he has 3 * 12 = 36 pencils.", "36"),
        ("She has 5 red or blue pens, so 5 + 4 = 9 pens.", "9"),
        # a bracketed remark is read apart
        ("She makes 18 dollars a day (which is 9 * 2 = 18).", "18"),
    ],
)
def test_arithmetic_that_computes_the_answer_stays_one_answer(reply: str, answer: str) -> None:
    assert _read(reply) == (answer, None), reply
    assert _paid(reply, answer) == 1.0, reply


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 10**4),
    st.integers(2, 100),
    st.sampled_from([", which is ", ", or ", ", i.e. ", " which equals ", ", that is "]),
    st.sampled_from(["{a} * {k}", "{k} * {a}", "{a} x {k}", "{k} days * {a}"]),
)
def test_writing_the_arithmetic_out_reads_as_the_bare_restatement(
    a: int, k: int, clause: str, product: str
) -> None:
    assume(a != k)
    assume(k != 7)  # 7 days a week: the bare form is one value (conversions); see below
    b = a * k
    bare = f"She makes {a} dollars a day{clause}{b} dollars a week."
    computed = (
        f"She makes {a} dollars a day{clause}{product.format(a=a, k=k)} = {b} dollars a week."
    )
    assert _read(computed)[1] == _read(bare)[1] == "multiple_answers", computed
    for reference in (a, b):
        assert _paid(computed, str(reference)) == 0.0, (computed, reference)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**4), st.integers(1, 10**4))
def test_a_clause_that_combines_the_sentences_numbers_is_paid(count: int, price: int) -> None:
    total = count * price
    reply = f"She sold {count} eggs at ${price} each, which is {count} * {price} = {total} dollars."
    assert _read(reply) == (str(total), None), reply
    assert _paid(reply, str(total)) == 1.0, reply
