"""A count of dozens (rftkit.rewards.dozens): ``2 dozen`` and ``two dozen`` read alike, the
question decides between the count of dozens and the count of items, and a dozen restated
in items is one value. Policy: docs/graders.md, "A count of dozens"."""

from __future__ import annotations

from fractions import Fraction
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
import rftkit.rewards.extract as extract_module
from rftkit import Sample
from rftkit.rewards.dozens import FLAG, asks_dozens, phrases
from rftkit.rewards.extract import Extractor
from tests.prose import assert_reads_as_general

WORK = "She works it out step by step.\n"
EX = Extractor()
ITEMS = "Ann buys 3 boxes of eggs for the bake sale. How many eggs does she have?"
DOZENS = "Claire eats 3 eggs every day. How many dozens of eggs will she eat in 4 weeks?"


def read(reply: str, prompt: object = None) -> tuple[object, ...]:
    """``(answer, rejected)``, checking the fast paths against the general one."""
    text = WORK + reply
    found = EX(text, prompt=prompt)
    assert found == EX.general(text, prompt), reply
    return found.answer, found.rejected


def _passthrough(found: object, *_rest: object) -> object:
    return found


def read_before(reply: str, prompt: object = None) -> tuple[object, ...]:
    """The reading without the policy (its hooks pass the reading through)."""
    with (
        mock.patch.object(extract_module, "dozen_reading", _passthrough),
        mock.patch.object(extract_module, "dozen_answer", _passthrough),
    ):
        return read(reply, prompt)


def paid(reply: str, reference: str, prompt: str | None = None) -> float:
    grade = rftkit.load_grader("gsm8k")
    sample = Sample.from_text(response=WORK + reply, reference=reference, prompt=prompt)
    return grade(sample).metric("correct")


# (final sentence, answer without the prompt / with a question in items / in dozens);
# the reading before this round (the same for all three) in the comment.
TABLE = [
    # the cases
    ("She needs 3 dozen cookies, which is 36 cookies.", "36", "36", "3"),  # multiple_answers
    ("She bought 2 dozen eggs.", "2", "24", "2"),  # 2
    ("She bought two dozen eggs.", "2", "24", "2"),  # 24
    # a restatement in items, either way round: one value, the last written without a question
    ("She needs 3 dozen cookies (36 cookies).", "36", "36", "3"),  # 3
    ("She needs 36 cookies, or 3 dozen.", "3", "36", "3"),  # multiple_answers
    ("She needs 36 cookies, which is 3 dozen.", "3", "36", "3"),  # multiple_answers
    ("She needs 3 dozen, i.e. 36 cookies.", "36", "36", "3"),  # multiple_answers
    ("She needs 3 dozen, so 36 cookies.", "36", "36", "3"),  # 36
    ("She needs 36 cookies, which is the same as 3 dozen.", "3", "36", "3"),  # 3
    ("So she needs 3 dozen = 36 eggs.", "36", "36", "3"),  # 36
    ("So she needs 36 eggs = 3 dozen.", "3", "36", "3"),  # 3
    ("She needs two dozen eggs, which is 24 eggs.", "24", "24", "2"),  # 24
    ("She needs 24 eggs, or two dozen.", "2", "24", "2"),  # 24
    ("She needs two dozen eggs, which is twenty-four eggs.", "24", "24", "2"),  # 24
    # counts in words and in digits, whole and not
    ("She bought a dozen eggs.", "1", "12", "1"),  # 12
    ("She bought half a dozen eggs.", "1/2", "6", "1/2"),  # 6
    ("She bought a half dozen eggs.", "1/2", "6", "1/2"),  # 6
    ("She bought 1.5 dozen eggs.", "3/2", "18", "3/2"),  # 1.5
    ("She bought 1/2 dozen eggs.", "1/2", "6", "1/2"),  # 0.5
    ("She bought 2 1/2 dozen eggs.", "5/2", "30", "5/2"),  # 2.5
    ("She bought 2 and a half dozen eggs.", "5/2", "30", "5/2"),  # 2.5
    ("She bought one and a half dozen eggs.", "3/2", "18", "3/2"),  # 18
    ("She needs a dozen and a half eggs.", "3/2", "18", "3/2"),  # multiple_answers
    ("She bought twenty-four dozen eggs.", "24", "288", "24"),  # 288
    ("She bought 7 dozens of eggs.", "7", "84", "7"),  # 7
    ("She bought 12 dozen eggs.", "12", "144", "12"),  # 12
    ("So 84/12 = 7 dozen eggs.", "7", "84", "7"),  # 7
    ("Three boxes hold two dozen eggs.", "2", "24", "2"),  # 24
    ("The answer is two dozen.", "2", "24", "2"),  # 24 (answer_is reads no words: the sentence)
    ("So she needs **two dozen** eggs.", "2", "24", "2"),  # 24
    # the last number is read, as before: the policy only says which count it is
    ("She paid $5 for 2 dozen eggs.", "2", "24", "2"),  # 2
]


def value(sentence: str, prompt: object = None) -> tuple[object, ...]:
    """``(value, rejected)`` of the reading (the answer's text may be ``1.5`` or ``3/2``)."""
    read(sentence, prompt)  # the fast paths read as the general path
    found = EX(WORK + sentence, prompt=prompt)
    return (found.number.value if found.number is not None else None), found.rejected


@pytest.mark.parametrize(("sentence", "alone", "items", "dozens"), TABLE)
def test_a_count_of_dozens_reads_by_the_question(
    sentence: str, alone: str, items: str, dozens: str
) -> None:
    for prompt, answer in ((None, alone), (ITEMS, items), (DOZENS, dozens)):
        assert value(sentence, prompt) == (Fraction(answer), None), (sentence, prompt)


@pytest.mark.parametrize(("sentence", "alone", "items", "dozens"), TABLE)
def test_the_table_changes_what_it_says_it_changes(
    sentence: str, alone: str, items: str, dozens: str
) -> None:
    """Every row differs from the reading before under at least one question (the table
    shows the policy, and would fail without it)."""
    before = [read_before(sentence, p) for p in (None, ITEMS, DOZENS)]
    now = [read(sentence, p) for p in (None, ITEMS, DOZENS)]
    assert before != now, sentence


# Read as before, with and without a question: (sentence, answer, rejected).
AS_BEFORE = [
    ("She bought dozens of eggs.", None, "no_answer"),  # no count: nothing to read
    ("She paid $5 for two dozen eggs.", "5", None),  # words beside digits are not read
    ("She sells 5 dozen at $2 per dozen.", "2", None),
    ("She needs two dozen eggs for three cakes.", "3", None),
    ("She needs 3 dozen or 4 dozen cookies.", "4", "multiple_answers"),  # two quantities
    ("She needs 3 dozen cookies, which is 37 cookies.", "37", "multiple_answers"),
    ("She needs 3 dozen eggs and 36 apples.", "36", None),  # two things, not one restated
    ("She buys 3 dozen eggs at 36 cents each.", "36", None),
    ("She needs 3 dozen cookies, which is 36 cookies, for 30 days.", "30", None),
    ("She bought 2 dozen and 5 eggs.", "5", None),
    ("She needs twenty-four eggs.", "24", None),
    ("There are 12 eggs in a dozen, so she needs 36 eggs.", "36", None),
]


@pytest.mark.parametrize(("sentence", "answer", "rejected"), AS_BEFORE)
def test_other_sentences_read_as_before(sentence: str, answer: str, rejected: str | None) -> None:
    for prompt in (None, ITEMS, DOZENS):
        assert read(sentence, prompt) == (answer, rejected), (sentence, prompt)
        assert read_before(sentence, prompt) == (answer, rejected), (sentence, prompt)


# Answer containers: a count of dozens in digits, as written without the prompt or when the
# question asks in dozens, else the count of items: (reply, without / items / dozens, before).
CONTAINERS = [
    ("#### 2 dozen", ("2", "24", "2")),  # 2 each
    ("The answer is 2 dozen.", ("2", "24", "2")),  # 2 each
    ("So she needs **3 dozen** eggs.", ("3", "36", "3")),  # 3 each
    ("A: 3 dozen", ("3", "36", "3")),  # 3 each
    ("The answer is \\boxed{2 \\text{ dozen}}.", ("2", "24", "2")),  # 2 each
    ("The answer is \\boxed{24}.", ("24", "24", "24")),  # no dozen: 24 each
    ("#### 2 dozen at $3", ("", "", "")),  # several numbers, as before
]


@pytest.mark.parametrize(("reply", "values"), CONTAINERS)
def test_an_answer_container_reads_by_the_question(reply: str, values: tuple[str, ...]) -> None:
    for prompt, value in zip((None, ITEMS, DOZENS), values, strict=True):
        found = EX(WORK + reply, prompt=prompt)
        assert found == EX.general(WORK + reply, prompt)
        if not value:
            assert found.rejected is not None, reply
            continue
        assert (found.number.value if found.number else None, found.rejected) == (int(value), None)
    if values[1]:
        assert paid(reply, values[1], ITEMS) == 1.0
        assert paid(reply, values[2], DOZENS) == 1.0


@pytest.mark.parametrize(
    ("reply", "reference", "prompt"),
    [
        ("She needs 3 dozen cookies, which is 36 cookies.", "36", None),
        ("She needs 3 dozen cookies, which is 36 cookies.", "36", ITEMS),
        ("She needs 3 dozen cookies, which is 36 cookies.", "3", DOZENS),
        ("She bought 2 dozen eggs.", "24", ITEMS),
        ("She bought two dozen eggs.", "2", DOZENS),
        ("She bought two dozen eggs.", "2", None),
        ("#### 2 dozen", "24", ITEMS),
    ],
)
def test_the_grader_pays_the_policy(reply: str, reference: str, prompt: str | None) -> None:
    assert paid(reply, reference, prompt) == 1.0
    other = str(int(reference) * 12) if int(reference) < 12 else str(int(reference) // 12)
    assert paid(reply, other, prompt) == 0.0  # and not the other notation


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("How many dozens of eggs will she eat in 4 weeks?", True),
        ("How many dozen donuts does he need to buy and sell to reach his goal?", True),
        ("If he needs 6 pounds of eggs, how many dozen should he buy?", True),
        ("How many more dozen appetizers does she need to make?", True),
        ("What is the number of dozens she bakes?", True),
        ("How many eggs does she need, in dozens?", True),
        ("She buys 2 dozen eggs. How many eggs does she have?", False),
        (
            "How many golf balls do they purchase in total, assuming 12 golf balls are 1 dozen?",
            False,
        ),
        (
            "If Maria wants to buy 3 dozens flowers, how many pieces of flowers will she have?",
            False,
        ),
        ("If he sells a dozen eggs for $3, how much money would he make in 8 weeks?", False),
        ("How many dozens? Never mind. How many eggs does she have?", False),  # the last question
        ("She eats 3 eggs a day for 4 weeks.", False),
        ("", False),
    ],
)
def test_asks_dozens_reads_the_question(question: str, asks: bool) -> None:
    assert asks_dozens(question) is asks
    assert asks_dozens([{"role": "user", "content": question}]) is asks


@pytest.mark.parametrize(
    "sentence",
    [
        "She needs 3 dozen cookies, which is 36 cookies",
        "She bought 2 dozen eggs",
        "She bought two dozen eggs",
        "She bought half a dozen eggs",
        "She needs 36 cookies, or 3 dozen",
        "So 84/12 = 7 dozen eggs",
    ],
)
def test_the_shortcuts_read_as_the_general_reading(sentence: str) -> None:
    assert_reads_as_general(sentence)


_ONES_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen"
)
_ONES = _ONES_WORDS.split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905


def in_words(n: int) -> str:
    """``n`` (1 to 999) in English words, as models write it."""
    head, rest = divmod(n, 100)
    parts = [f"{_ONES[head]} hundred"] if head else []
    if rest >= 20:
        parts.append(_TENS[rest // 10] + (f"-{_ONES[rest % 10]}" if rest % 10 else ""))
    elif rest:
        parts.append(_ONES[rest])
    return " and ".join(parts)


PROMPTS = st.sampled_from([None, ITEMS, DOZENS])
THINGS = st.sampled_from(["eggs", "cookies", "donuts", "roses", "cupcakes"])


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(1, 999),
    prompt=PROMPTS,
    thing=THINGS,
    lead=st.sampled_from(["So she needs", "He bought", "There are"]),
)
@example(n=1, prompt=None, thing="eggs", lead="She bought")
@example(n=100, prompt=ITEMS, thing="eggs", lead="She bought")
def test_digits_and_words_read_the_same(n: int, prompt: str | None, thing: str, lead: str) -> None:
    digits = read(f"{lead} {n} dozen {thing}.", prompt)
    words = read(f"{lead} {in_words(n)} dozen {thing}.", prompt)
    assert digits == words
    assert digits == (str(n * 12 if prompt == ITEMS else n), None)


RESTATING = st.sampled_from(
    [", which is {m} {t}", " ({m} {t})", ", i.e. {m} {t}", " = {m} {t}", ", or {m} {t}"]
)


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(1, 500),
    prompt=PROMPTS,
    thing=THINGS,
    restating=RESTATING,
    first=st.booleans(),
    words=st.booleans(),
)
@example(n=3, prompt=None, thing="cookies", restating=", which is {m} {t}", first=True, words=False)
def test_a_dozen_restated_in_items_is_never_several_answers(
    n: int, prompt: str | None, thing: str, restating: str, first: bool, words: bool
) -> None:
    count = in_words(n) if words else str(n)
    if first:  # "3 dozen cookies, which is 36 cookies"
        sentence = f"She needs {count} dozen {thing}" + restating.format(m=12 * n, t=thing) + "."
    else:  # "36 cookies, which is 3 dozen"
        sentence = f"She needs {12 * n} {thing}" + restating.format(m=f"{count} dozen", t="")
        sentence = sentence.rstrip() + "."
    answer, rejected = read(sentence, prompt)
    assert rejected is None, sentence
    if prompt is not None:
        assert answer == str(n if prompt == DOZENS else 12 * n), sentence
    else:
        assert answer in (str(n), str(12 * n)), sentence


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 200), m=st.integers(1, 200), prompt=PROMPTS, words=st.booleans())
def test_two_different_dozens_stay_several_answers(
    n: int, m: int, prompt: str | None, words: bool
) -> None:
    """The policy reads one quantity written twice, never a hedge between two."""
    if n == m or 12 * n == m or 12 * m == n:
        return
    a, b = (in_words(n), in_words(m)) if words else (str(n), str(m))
    for sentence in (
        f"She needs {a} dozen or {b} dozen eggs.",
        f"She needs {a} dozen eggs, or {12 * m} eggs.",
    ):
        if words and "eggs," in sentence:
            continue  # words beside digits are not read (the digits answer alone)
        assert read(sentence, prompt)[1] is not None, sentence


def test_the_flag_names_the_policy() -> None:
    found = EX(WORK + "She bought 2 dozen eggs.", prompt=ITEMS)
    assert FLAG in found.flags
    assert FLAG not in EX(WORK + "She bought 2 dozen eggs.").flags  # as read before: no flag


def test_phrases_are_bounded_on_hostile_text() -> None:
    text = "2 dozen " * 5000
    assert len(phrases(text)) == 8
    found = EX(text + ".", prompt=ITEMS)
    assert found.rule is not None


_PIECES = st.sampled_from(
    [
        "She needs ", "2", "36", "1.5", "1/2", "2 1/2", " dozen", " dozens", " of", " eggs",
        " or ", ", which is ", " (", ")", " = ", "$", "%", " and a half", "half a", " a",
        " two", " twenty-four", " one hundred and", ", ", " not ", " for ", ".", "\n", "#### ",
        "\\boxed{", "}", "**", " The answer is ", " dozen.", "?",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=10), PROMPTS)
@example(["She needs ", "2", " dozen", ", which is ", "24", " eggs", "."], None)
@example([" The answer is ", "2", " The answer is ", "2"], None)
def test_every_reply_gets_one_reading_and_the_fast_paths_agree(
    pieces: list[str], prompt: str | None
) -> None:
    text = WORK + "".join(pieces)
    found = EX(text, prompt=prompt)
    assert found == EX.general(text, prompt)
    assert found.rejected is not None or found.number is not None  # a paid answer has a value
