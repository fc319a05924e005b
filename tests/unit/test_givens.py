"""The given-numbers policy for a plain final sentence (rftkit.rewards.givens).

With the prompt, a final sentence read today as its last number, with no equation and no
hedge, is read as its one number the question does not give, when the question gives that
last number. Everything else reads as without the prompt.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.extract import Extractor
from rftkit.rewards.givens import FLAG, PROMPT_CHARS, given_values, prompt_text

WORK = "She works it out step by step.\n"
EX = Extractor()


def read(reply: str, prompt: object) -> tuple[object, ...]:
    """``(answer, rejected, flagged)``, checking the fast paths against the general one."""
    text = WORK + reply
    found = EX(text, prompt=prompt)
    assert found == EX.general(text, prompt), reply
    return found.answer, found.rejected, FLAG in found.flags


# (final sentence, question, answer read with the question)
READ_BY_THE_QUESTION = [
    # a given value written as a fraction holds no digits of it (2/2 gives 1)
    ("She packs 7 apples in 1 box.", "She fills 2/2 of a box with apples. How many?", "7"),
    (
        "There are 33 ounces of cereal in those 3 boxes.",
        "Each of 3 boxes holds 11 ounces of cereal. How many ounces?",
        "33",
    ),
    # (a time frame after the answer, "135 meters in 5 minutes", "350 pills left after 2
    # weeks", is read without the prompt now: tests/unit/test_time_frames.py)
    ("The two rabbits will hop 135 meters in 5 jumps.", "Two rabbits hop 5 jumps.", "135"),
    ("Antonia will have 350 pills left in 2 bottles.", "She takes 30 pills from 2 bottles.", "350"),
    ("It would take 840 minutes to groom 5 dogs and 3 cats.", "Groom 5 dogs and 3 cats.", "840"),
    ("So Janeth will still have $220 to pay on 12 cards.", "She pays $40 on 12 cards.", "220"),
    ("So she has 25% of the 40 apples left.", "Of 40 apples she eats 30.", "25%"),
    ("So each pays 2.5 dollars for 4 pens.", "4 pens cost $10.", "2.5"),
    # the same value twice is one value ("12 ... 12 boxes" holds one number not given)
    ("She packs 12 eggs, so 12 eggs fit in 3 boxes.", "She has 3 boxes.", "12"),
    # the value given in another notation (a decimal's digits need not be in the question)
    ("So she has 12 apples in 0.5 boxes.", "Each holds 1/2 box.", "12"),
    ("So she has 12 apples in 1,000 boxes.", "There are 1000 boxes.", "12"),
    ("So she has 12 apples in 1000 boxes.", "There are 1,000 boxes.", "12"),
    ("So she has 12 apples in 7 boxes.", [{"role": "user", "content": "\u0667 boxes."}], "12"),
    # (a clause that describes the answer, "60 cookies, which are enough for the 3 classes",
    # is read without the question now: a remark that compares the answer with a named
    # quantity, tests/unit/test_comparisons.py)
    # found by hypothesis (CI): a thousands comma before the clause is no clause break (the
    # clause is not read now; the main clause, by the question: 1,000 without it)
    ("So she has 5 apples in 1,000 boxes, which is the cost of 1 crate.", "1,000 and 1.", "5"),
    # the question's numbers as the chat messages give them
    ("She has 12 apples in 3 boxes.", [{"role": "user", "content": "3 boxes."}], "12"),
]

# (final sentence, question, answer read with and without the question)
READ_AS_TODAY = [
    # two numbers the question does not give: today's reading (the last)
    ("She has 12 apples and 13 pears in 3 boxes.", "3 boxes. How many?", "3"),
    # the last number is not given
    ("She has 12 apples in 3 boxes.", "12 apples. How many boxes?", "3"),
    # every number is given (the answer restates one of the question's numbers)
    ("She has 12 apples in 3 boxes.", "12 apples in 3 boxes.", "3"),
    # hedge words: a second value offered
    ("She has 12 apples or 13 in 3 boxes.", "3 boxes. 13 apples?", "3"),
    ("She has 12 or 13 apples in 3 boxes.", "13 apples in 3 boxes.", "3"),
    # a rejected value is never read (relations), with the question or without
    ("She has 12 apples, not 13.", "Not 13 apples. How many?", "12"),
    ("She has either 12 apples for 3 boxes.", "3 boxes.", "3"),
    ("She has 12 apples instead of 3.", "3 apples.", "12"),
    # a hedge mark next to the chosen number
    ("She has 12, 13 apples in 3 boxes.", "13 apples in 3 boxes.", "3"),
    # numbers related by words or signs: each may be the answer
    ("The average is 12 pounds because 48 divided by 4 is 12.", "4 dogs weigh 12 each?", "12"),
    ("They need $50 more because 750 minus 700 equals 50.", "They have 700 of 750.", "50"),
    ("Since 1.76 is less than 2 inches, he recycles it in 2 days.", "2 inches a day.", "2"),
    ("So 12 * 3 apples in 3 boxes.", "3 boxes.", "3"),
    # a later clause states the answer, as without the prompt
    ("Thus 6:07 AM is 7 minutes after 6:00 AM, so the total is 6.", "At 6:00 AM.", "6"),
    ("She has 12 apples, so she fills 3 boxes.", "3 boxes.", "3"),
    # a clause that concludes, or one that describes and then concludes: today's reading
    ("She has 30 cookies, which is a total of 3 boxes.", "3 boxes.", "3"),
    ("She has 30 cookies, which means she fills 3 boxes.", "3 boxes.", "3"),
    ("He pays $30, which is the cost, so the total is 3.", "3 tickets.", "3"),
    # one number only
    ("She has 12 apples.", "12 apples, 3 boxes.", "12"),
    ("She has 12 apples and 12 pears.", "3 boxes.", "12"),
]

# A clause that describes the answer is read without the question now
# (rftkit.rewards.describing, tests/unit/test_describing_clauses.py); with the question the
# reading is the same, flagged "description" (before: the question's numbers were needed,
# and without them the clause's last number was read: 3, 2, 5, 3, 3).
DESCRIBED = [
    ("He pays $30, which is the cost of 3 tickets.", "He buys 3 tickets at $10 each.", "30"),
    ("It takes 8 minutes, which is the time he needs for 2 laps.", "He runs 2 laps.", "8"),
    ("He saved $45, which would be the price of 5 tickets.", "5 tickets cost $9 each.", "45"),
    ("She has 30 cookies, which is what is left in 3 boxes.", "3 boxes.", "30"),
    ("He pays $30, which is the cost of 5 pens and 3 tickets.", "3 tickets.", "30"),
]


@pytest.mark.parametrize(("sentence", "question", "answer"), DESCRIBED)
def test_a_describing_clause_is_read_alike_with_the_question_and_without(
    sentence: str, question: str, answer: str
) -> None:
    assert read(sentence, None) == (answer, None, False)
    assert read(sentence, question) == (answer, None, False)
    assert "description" in EX(WORK + sentence, prompt=question).flags


# the documented limits (docs/graders.md), pinned: (sentence, question, read with it)
LIMITS = [
    # the answer equals a given number, one other number is not given: that one is read
    ("She spent 7 dollars and has 3 pears left.", "She has 3 pears and 10 dollars.", "7"),
    # a number known, not given (7 days in a week): today's reading
    ("Lawrence would work 5 hours each of the 7 days in a week.", "He works 8 hours.", "7"),
]


@pytest.mark.parametrize(("sentence", "question", "answer"), LIMITS)
def test_the_documented_limits(sentence: str, question: str, answer: str) -> None:
    assert read(sentence, question)[:2] == (answer, None)


# rejected today, rejected with the question
REFUSED = [
    ("She has 12 apples or 13.", "13 apples. How many?"),
    ("She has between 12 and 13 apples.", "13 apples."),
]


@pytest.mark.parametrize(("sentence", "question", "answer"), READ_BY_THE_QUESTION)
def test_the_one_number_the_question_does_not_give_is_read(
    sentence: str, question: object, answer: str
) -> None:
    assert read(sentence, None)[0] != answer  # today: the last number
    assert read(sentence, question) == (answer, None, True)


@pytest.mark.parametrize(("sentence", "question", "answer"), READ_AS_TODAY)
def test_other_sentences_read_as_today(sentence: str, question: str, answer: str) -> None:
    assert read(sentence, None) == (answer, None, False)
    assert read(sentence, question) == (answer, None, False)


@pytest.mark.parametrize(("sentence", "question"), REFUSED)
def test_a_refused_sentence_stays_refused(sentence: str, question: str) -> None:
    assert read(sentence, None)[1] == "multiple_answers"
    assert read(sentence, question) == read(sentence, None)


@pytest.mark.parametrize(
    "reply",
    [
        "She has 12 apples in 3 boxes.\n#### 3",
        "So she has \\boxed{3} apples in 3 boxes, 12 in all.",
        "The answer is 3 boxes of 12 apples.",
        "She has **3** boxes of 12 apples.",
        "She has 3 * 4 = 12 apples in 3 boxes.",
        "She has 12 apples in 3 boxes",  # cut off: no answer
    ],
)
def test_other_rules_and_equations_are_untouched(reply: str) -> None:
    assert EX(reply, prompt="3 boxes of 4 apples.") == EX(reply)


def test_the_last_number_rule_reads_by_the_question_too() -> None:
    only = Extractor(["last_number"])
    text = "So there are 33 ounces in 3 boxes. Done."
    found = only(text, prompt="3 boxes of 11 ounces.")
    assert (found.answer, found.rule, found.flags) == ("33", "last_number", (FLAG,))
    assert only(text).answer == "3"


def test_the_prompt_is_read_from_system_and_user_turns_before_the_reply() -> None:
    messages = [
        {"role": "system", "content": "Solve it. 7"},
        {"role": "user", "content": [{"type": "text", "text": "Ann has 3 boxes."}]},
        {"role": "assistant", "content": "earlier 99 turn"},
        {"role": "user", "content": "Of 12 eggs?"},
        {"role": "assistant", "content": "She has 36 eggs."},
        {"role": "tool", "content": "55"},
    ]
    assert prompt_text(messages) == "Solve it. 7\nAnn has 3 boxes.\nOf 12 eggs?"
    assert given_values(messages) == {7, 3, 12}
    assert prompt_text(None) == "" and prompt_text({"content": "3"}) == ""
    assert prompt_text([{"role": "user", "content": 5}, "junk", None]) == ""


def test_only_the_end_of_a_long_prompt_is_read_and_a_cut_number_is_dropped() -> None:
    head = "There were 777 apples. "
    tail = "x" * (PROMPT_CHARS - 3) + " 3 boxes."  # cut inside "12345"
    text = head + "12345" + tail
    assert len(prompt_text(text)) <= PROMPT_CHARS
    assert given_values(text) == {3}
    many = [{"role": "user", "content": "7 " * 5000}] * 50
    assert len(prompt_text(many)) <= PROMPT_CHARS + 10_001


def _grade(name: str, reply: str, question: str | None, reference: str) -> rftkit.Reward:
    grade = rftkit.load_grader(name)
    if question is None:
        return grade(Sample.from_text(response=reply, reference=reference))
    messages = [{"role": "user", "content": question}, {"role": "assistant", "content": reply}]
    return grade(Sample(id="s", messages=messages, reference=reference))


@pytest.mark.parametrize("name", ["gsm8k", "numeric", "math"])
def test_graders_pass_the_prompt(name: str) -> None:
    reply = "Each box holds 11 ounces.\nThere are 33 ounces of cereal in those 3 boxes."
    question = "Each of 3 boxes holds 11 ounces of cereal. How many ounces in all?"
    with_prompt = _grade(name, reply, question, "33")
    assert with_prompt.metric("correct") == 1.0
    rule = "last_number" if name == "math" else "final_sentence"  # math's rule for prose
    assert FLAG in with_prompt.errors and with_prompt.rule == rule
    assert _grade(name, reply, None, "33").metric("correct") == 0.0
    assert _grade(name, reply, question, "3").metric("correct") == 0.0


# -- properties -------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["apples", "in", "boxes", "and", "or", "for", "days", "she", "has", "not", ",", "of"]
)
_NUMS = st.integers(0, 200).map(str)
_SENTENCES = st.lists(st.one_of(_WORDS, _NUMS), min_size=1, max_size=10).map(
    lambda parts: "So " + " ".join(parts) + "."
)
_QUESTIONS = st.lists(st.integers(0, 200), max_size=6).map(
    lambda ns: "How many? " + " and ".join(f"{n} boxes" for n in ns)
)


@settings(max_examples=300, deadline=None)
@given(_SENTENCES)
def test_without_numbers_in_the_prompt_the_reading_is_unchanged(sentence: str) -> None:
    text = WORK + sentence
    assert EX(text, prompt=None) == EX(text)
    # (a question that names what it counts is read by asked_units: "How many apples?")
    assert EX(text, prompt="Work it out, please.") == EX(text)
    assert EX(text, prompt=[]) == EX(text)


@settings(max_examples=300, deadline=None)
@given(_SENTENCES, _QUESTIONS)
def test_a_refused_reply_is_never_paid_and_one_answer_is_read(sentence: str, q: str) -> None:
    text = WORK + sentence
    before, after = EX(text), EX(text, prompt=q)
    assert after == EX.general(text, q)
    if before.rejected is not None or FLAG not in after.flags:
        assert after == before
    else:
        assert after.rejected is None and after.n_candidates == 1
        assert after.number is not None and after.number.value not in given_values(q)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10_000),
    st.lists(st.integers(0, 10_000), min_size=1, max_size=3),
    st.sampled_from(["apples", "dollars", "km"]),
)
def test_a_given_number_after_the_answer_never_changes_the_verdict(
    answer: int, givens: list[int], unit: str
) -> None:
    question = "It took " + ", ".join(f"{g} days" for g in givens) + ". How many?"
    if answer in givens:
        return  # the answer restates a number of the question: today's reading
    plain = WORK + f"She has {answer} {unit}."
    longer = WORK + f"She has {answer} {unit} after {givens[-1]} days."
    reference = str(answer)
    for name in ("gsm8k", "numeric"):
        first = _grade(name, plain, question, reference)
        second = _grade(name, longer, question, reference)
        assert (second.score, second.answer) == (first.score, first.answer)


# -- the command line ---------------------------------------------------------------------------


def test_grade_json_shows_the_flag_with_prompt(capsys: pytest.CaptureFixture[str]) -> None:
    from rftkit.cli.main import main

    reply = "Each box holds 11 ounces.\nThere are 33 ounces of cereal in those 3 boxes."
    base = ["grade", "--json", "--reference", "33", "--response", reply]
    question = "Each of 3 boxes holds 11 ounces of cereal. How many ounces in all?"
    assert main([*base, "--prompt", question]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["answer"], out["rule"], out["errors"], out["score"]) == (
        "33",
        "final_sentence",
        [FLAG],
        0.9,
    )
    assert main(base) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["answer"], out["errors"], out["score"]) == ("3", [], 0.0)


def test_grade_input_rows_carry_a_prompt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rftkit.cli.main import main

    reply = "Each box holds 11 ounces.\nThere are 33 ounces of cereal in those 3 boxes."
    rows = [
        {"response": reply, "reference": "33", "prompt": "3 boxes of 11 ounces."},
        {"response": reply, "reference": "33"},
        {"response": reply, "reference": "33", "prompt": 3},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    main(["grade", "--input", str(path)])
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["score"] for r in results] == [0.9, 0.0, None]
    assert results[0]["errors"] == [FLAG] and "'prompt'" in results[2]["error"]
    assert main(["grade", "--input", str(path), "--prompt", "x"]) == 2
    assert "--prompt is for --response" in capsys.readouterr().err


def _policy(sentence: str, question: str) -> tuple[object, ...]:
    """The policy as the module docstring states it, without the fast pre-checks (oracle)."""
    from rftkit.rewards.givens import _relates
    from rftkit.rewards.numbers import clean_latex, scan
    from rftkit.rewards.sentences import is_hedge

    today = EX(WORK + sentence)
    plain = (today.answer, today.rejected, False)
    s = clean_latex(sentence)
    if today.rejected is not None or today.number is None or "=" in s or _relates(s):
        return plain
    tokens = scan(s)
    numbers = [t.number for t in tokens]
    if len(tokens) < 2 or None in numbers or numbers[-1] != today.number:
        return plain
    values = [n.value for n in numbers if n is not None]
    given = given_values(question)
    fresh = {v for v in values if v not in given}
    if len(set(values)) < 2 or values[-1] not in given or len(fresh) != 1:
        return plain
    i = max(k for k, v in enumerate(values) if v in fresh)
    for a, b in ((i - 1, i), (i, i + 1)):
        gap = s[tokens[a].end : tokens[b].start] if a >= 0 and b < len(values) else ""
        if gap and values[a] != values[b] and is_hedge(gap):
            return plain
    gap = s[tokens[i].end : tokens[-1].start]
    describes = re.fullmatch(
        # clause breaks are ", " and "; " (a thousands comma, "1,000", is none)
        r"(?:(?!, |; ).)*, which (?:is|are|was|were|would be|will be) (?:the|a|an|what|how"
        r"|enough|exactly the|just the|also the) (?:(?!, |; ).)*",
        gap,
    )
    concludes = {"total", "all", "left", "so", "means", "remaining", "altogether"}
    if describes and not (concludes & set(gap.split()) or " so " in gap):
        pass  # "$30, which is the cost of 3 tickets": a clause that describes the answer
    elif any(b in gap for b in (", ", "; ", " so ", " which ")):
        return plain  # a later clause states the answer
    return (str(numbers[i]), None, True)


_FEW_WORDS = st.sampled_from(
    [
        "apples in",
        "boxes for",
        "days and",
        "pens, each",
        "cups or",
        "km after",
        "eggs",
        "cents, which is the cost of",
        "pens, which is a total of",
        "days, which is how long it takes for",
    ]
)
_ANY_NUMBER = st.one_of(
    *[st.integers(0, 300).map(str)] * 4,
    st.integers(1000, 3_000_000).map(lambda n: f"{n:,}"),
    st.tuples(st.integers(0, 3), st.sampled_from(["5", "25", "75", "2", "125"])).map(
        lambda t: f"{t[0]}.{t[1]}"
    ),
    st.tuples(st.integers(1, 9), st.integers(2, 9)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.integers(0, 100).map(lambda n: f"{n}%"),
    st.integers(0, 100).map(lambda n: f"${n}"),
)


def _other_writing(text: str) -> str:
    """The value of the number ``text`` written another way (a fraction, with groups)."""
    from fractions import Fraction

    from rftkit.rewards.numbers import clean_latex, scan

    number = scan(clean_latex(text))[0].number
    assert number is not None
    value = Fraction(number.value)
    if value.denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    return f"{value.numerator:,}.0" if value.numerator < 1000 else f"{value.numerator:,}"


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(_ANY_NUMBER, _FEW_WORDS), min_size=2, max_size=4), st.data())
def test_the_fast_checks_read_as_the_policy_states(
    parts: list[tuple[str, str]], data: st.DataObject
) -> None:
    sentence = "So she has " + " ".join(f"{n} {w}" for n, w in parts) + " in all."
    numbers = [n for n, _ in parts]
    numbers += [_other_writing(n) for n in numbers]  # "2.5" given as "5/2", 1012 as "1,012"
    pool = st.one_of(st.sampled_from(numbers), _ANY_NUMBER)
    q = "How many? " + " then ".join(data.draw(st.lists(pool, max_size=5))) + "."
    expected = _policy(sentence, q)
    event(f"read by the question: {expected[2]}")
    assert read(sentence, q) == expected
