"""The answer forms real models write (issue 14), and the fallback / several-values hacks.

Case tables per rule with false-positive traps, the policy tables (limit, several values,
hedges, replies cut off), grader-level checks for gsm8k / numeric / format / exact_match,
fast-path parity and hypothesis properties.
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.cli.main import main
from rftkit.rewards.extract import RULES, Extractor, finished, is_hedge, parse_reference
from rftkit.rewards.numbers import (
    MAX_SPAN,
    Number,
    equations_hold,
    evaluate_expression,
    number_words,
)
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Sample
from tests.conftest import GSM8KData

REPO = Path(__file__).resolve().parents[2]
WORK = "Janet's ducks lay 16 eggs. She eats 3 and bakes with 4, so 16 - 3 - 4 = 9 are left."
PROGRAM = (
    "```python\ndef solution():\n    eggs = 16 - 3 - 4\n    return eggs * 2\n\n"
    "print(solution())\n```"
)

# (reply, rule that fires, value) -- the answer is read, and by the rule named.
READ = [
    # few-shot CoT and answer lines
    (f"Q: How much?\nA: {WORK} She sells them for 9 * 2 = 18. The answer is 18.", "answer_is", 18),
    (
        f"A: {WORK} The answer is 18.\n\nQ: A farmer has 5 cows and buys 3 more.\nA: 8",
        "answer_is",
        18,
    ),
    (f"Question: How much?\n{WORK}\nAnswer: 18", "answer_is", 18),
    (f"{WORK}\nA: 18", "a_line", 18),
    (f"{WORK}\nA: $18.", "a_line", 18),
    (f"{WORK}\n**Answer:** 18", "answer_is", 18),
    # "The answer is N" and its variants
    (f"{WORK}\nThe final answer is 18.", "answer_is", 18),
    (f"{WORK}\nSo the answer is therefore 18.", "answer_is", 18),
    (f"{WORK}\nThe answer should be 18 dollars.", "answer_is", 18),
    (f"{WORK}\nANSWER: 18", "answer_is", 18),
    (f"{WORK}\nThe answer is: **18**", "answer_is", 18),
    # Minerva
    (f"{WORK}\nFinal Answer: The final answer is $18$. I hope it is correct.", "answer_is", 18),
    (f"{WORK}\nFinal Answer: The final answer is 18. I hope it is correct.", "answer_is", 18),
    # bold
    (f"{WORK}\nSo Janet makes **$18** every day.", "bold", 18),
    (f"{WORK}\n**18**", "bold", 18),
    # final sentence, digits and words
    (f"{WORK}\nSo she makes $18 every day.", "final_sentence", 18),
    (f"{WORK}\nShe sells 9 * 2 = $18 worth of eggs every day.", "final_sentence", 18),
    (f"{WORK}\nIn 5 days, she earns 5*18 = 90 dollars over 5 days.", "final_sentence", 90),
    (f"{WORK}\nShe has 5 + 6 = 11 desserts, so the total is 11.", "final_sentence", 11),
    (f"{WORK}\nThree trucks are needed.", "final_sentence", 3),
    (f"{WORK}\nShe needs twelve.", "final_sentence", 12),
    # a count of dozens without the prompt: 1, as "1 dozen" reads (dozens.py; before, 12)
    (f"{WORK}\nShe needs a dozen eggs.", "final_sentence", 1),
    (f"{WORK}\nThere are twenty-five boxes left.", "final_sentence", 25),
    (f"{WORK}\nThe trip takes 2 hours = 120 minutes.", "final_sentence", 120),
    (f"{WORK}\nShe has 18 dollars. Hope this helps!", "last_number", 18),
    ("8 * 9 = 72", "final_sentence", 72),
    ("Total: 72", "final_sentence", 72),
    ("x = 72", "final_sentence", 72),
    # tool-integrated reasoning: the printed output, not the restating sentence's numbers
    (
        f"{PROGRAM}\n```output\n18\n```\nAfter 45 minutes over 3 days in 2023, she has 18.",
        "tool_output",
        18,
    ),
    (f"{PROGRAM}\n```output\n18\n```\nSo she takes 45 minutes to sell them.", "tool_output", 18),
    (f"{PROGRAM}\n```output\n18\n```\nThe answer is $\\boxed{{18}}$.", "boxed", 18),
]

# Traps: what looks like a rule's marker is not an answer of that rule.
TRAPS = [
    # "A: <working>" is not an answer line: the last sentence decides
    ("A: Natalia sold 48/2 = 24 clips, and 48+24 = 72 clips in all.", "final_sentence", 72),
    # "answered" is not "answer"
    ("I answered 5 questions. She has 72 apples.", "final_sentence", 72),
    # a bold label is not a bold answer
    ("**Step 3:** she sells 9 * 2 = 18 eggs.", "final_sentence", 18),
    ("**Total:** 18", "final_sentence", 18),
    # "one" as a pronoun is not a count
    ("Each of them took one of the 18 apples. No one was left out.", "last_number", 18),
    # a program output followed by another program is not the last word
    (f"{PROGRAM}\n```output\n18\n```\n{PROGRAM}\nSo she has 20 dollars.", "final_sentence", 20),
    # an output holding an error is not an answer
    (f"{PROGRAM}\n```output\nNameError: x\n```\nSo she has 18 dollars.", "final_sentence", 18),
    # arithmetic with units, percentages, "X" and clauses, as models write it (each was
    # once read as an equation that does not hold, and a right answer scored 0)
    ("The average number of fish is 225 fish / 3 = 75 fish.", "final_sentence", 75),
    (
        "The average height is (60 inches + 68 inches + 64 inches) / 3 = 64 inches.",
        "final_sentence",
        64,
    ),
    ("Total the pandas will eat 966 pounds + 350 = 1316 pounds of bamboo.", "final_sentence", 1316),
    ("Hence, the wire was 8 cm x 12 = 96 cm long.", "final_sentence", 96),
    ("They will have 287 customers x 2 = 574 customers on Saturday.", "final_sentence", 574),
    ("Ellen has 2,200 calories \u2013 1368 = 832 calories left for dinner.", "final_sentence", 832),
    ("To express it as a percentage: 10 votes / 20 votes * 100% = 50%.", "final_sentence", 50),
    ("Laura spent 0.8 * 100% = 80% of her trip time at the park.", "final_sentence", 80),
    ("The probability they all are good is 75% * 80% * 40% = 24%.", "final_sentence", 24),
    (
        "So the area of his garden is going to be 125 X 225 = 28125 square feet.",
        "final_sentence",
        28125,
    ),
    ("In 2004, 30*2=60 kids came to the cookout.", "final_sentence", 60),
    (
        "He has a gift card which brings the price to 1530-200 = 1330 dollars.",
        "final_sentence",
        1330,
    ),
    (
        "The Mastiff weighed 44 times the weight of the Papillon, or 5*44=220 pounds.",
        "final_sentence",
        220,
    ),
    (
        "On the third day, she brings the three-day total to 1500+100=1600 steps.",
        "final_sentence",
        1600,
    ),
    # a rate is no unit word before an operator
    ("It will take 80 hours / 10 hours/day = 8 days to complete the order.", "final_sentence", 8),
    # a question restated before answering is not a few-shot continuation
    ("Q: How many?\nLet me see: 9 * 2 = 18.\nThe answer is 18.", "answer_is", 18),
    ("To answer this:\nQ: How many eggs?\nSo 9 * 2 = 18. The answer is 18.", "answer_is", 18),
]


@pytest.mark.parametrize(("reply", "rule", "value"), READ + TRAPS)
def test_each_form_is_read_by_its_rule(reply: str, rule: str, value: int) -> None:
    ext = Extractor()(reply)
    assert (ext.rule, ext.rejected) == (rule, None), ext
    assert ext.number is not None
    assert ext.number.value == value


# (reply, rule, rejected): replies that must not be paid.
REJECTED = [
    # several values in one final answer (issue 12)
    ("#### 70, 71, 73 = 72", "hash", "multiple_answers"),
    ("#### 5 = 72", "hash", "multiple_answers"),
    ("#### 5 = 6 = 72", "hash", "multiple_answers"),
    ("#### 12 or 15 = 15", "hash", "multiple_answers"),
    ("#### 3 apples * 6 = 19", "hash", "multiple_answers"),
    # units are read past, never into a wrong equation's favour
    ("The average is 225 fish / 3 = 76 fish.", "final_sentence", "multiple_answers"),
    (
        "Total the pandas will eat 966 pounds + 351 = 1316 pounds.",
        "final_sentence",
        "multiple_answers",
    ),
    ("So she has 12 apples or 15 = 15 apples.", "final_sentence", "multiple_answers"),
    ("So 10 votes / 20 votes * 100% = 40%.", "final_sentence", "multiple_answers"),
    ("\\boxed{5 = 72}", "boxed", "multiple_answers"),
    ("<answer>70, 71 = 72</answer>", "answer_tag", "multiple_answers"),
    ("The answer is 5 = 72.", "answer_is", "multiple_answers"),
    ("So she makes 9 * 2 = $17 every day.", "final_sentence", "multiple_answers"),
    # hedges and candidate lists
    ("So the answer is 72 or 73.", "answer_is", "several_numbers"),
    ("The possible answers are 72, 73 and 74.", "answer_is", "several_numbers"),
    ("She has either 72 or 73 apples.", "final_sentence", "multiple_answers"),
    ("So she has 9 * 8 = 72, 73 apples.", "final_sentence", "multiple_answers"),
    ("So she has 9 * 8 = 72 or 73 apples.", "final_sentence", "multiple_answers"),
    ("I think it is 72, 73, or 74.", "final_sentence", "multiple_answers"),
    ("It is between 70 and 75.", "final_sentence", "multiple_answers"),
    ("She has 72 \u00b1 3 apples.", "final_sentence", "multiple_answers"),
    ("She has 72 +/- 3 apples.", "final_sentence", "multiple_answers"),
    ("She has 72 or seventy-three apples.", "final_sentence", "multiple_answers"),
    ("She has seventy-two or 73 apples.", "final_sentence", "multiple_answers"),
    ("The answer is 72 or seventy-three.", "answer_is", "several_numbers"),
    ("#### 72 or seventy-three", "hash", "several_numbers"),
    ("It costs $72-$73.", "final_sentence", "multiple_answers"),
    ("It is 72 (or maybe 73).", "final_sentence", "multiple_answers"),
    ("Two or three trucks are needed.", "final_sentence", "multiple_answers"),
    ("So Janet makes **72** or **73** a day.", "bold", "multiple_answers"),
    ("0 1 2 3 4 5 6 7 8 72", "final_sentence", "multiple_answers"),
    # an unusable final answer is a limit, never a fallback (issue 11)
    ("so \\boxed{72", "boxed", "limit"),
    ("\\boxed{" + "x+" * 20000 + "1}", "boxed", "limit"),
    ("\\boxed{" + " ".join(map(str, range(3000))) + " 72}", "boxed", "limit"),
    ("\\boxed{72} and then \\boxed{" + "1 " * 1500, "boxed", "limit"),
    ("<answer>72", "answer_tag", "limit"),
    ("<answer>" + "1 " * 1500 + "72</answer>", "answer_tag", "limit"),
    ("#### " + "x" * 3000 + " 72", "hash", "limit"),
    (f"{PROGRAM}\n```output\n18", "tool_output", "limit"),
    ("\\boxed{" + "1" * (MAX_SPAN + 10), "boxed", "limit"),
]


@pytest.mark.parametrize(("reply", "rule", "rejected"), REJECTED)
def test_several_values_and_unusable_answers_are_rejected(
    reply: str, rule: str, rejected: str
) -> None:
    ext = Extractor()(reply)
    assert (ext.rule, ext.rejected) == (rule, rejected), ext
    assert not ext.ok
    if rejected == "limit":
        assert "limit" in ext.flags


@pytest.mark.parametrize(
    "reply",
    [
        # replies cut off mid-solution: no number is the answer
        "Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altog",
        "Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72",
        "Thus, 19 - 11 = 8",
        "Since 8 were eaten, therefore 24 - 8 = 16 doughnuts are",
        "She found 3 nickels so she found 3*",
        "The total cost is 5 + 13 = $",
        f"{PROGRAM[:40]}",
        "So she has 18 apples and",
    ],
)
def test_replies_cut_off_mid_solution_are_not_paid_for_their_last_number(reply: str) -> None:
    ext = Extractor()(reply)
    assert ext.rejected == "no_answer"
    assert "cut_off" in ext.flags


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("So she makes $18 every day.", True),
        ("72", True),
        ("8 * 9 = 72", True),
        ("x = 72", True),
        ("Total: 72", True),
        ("Final Answer: 72", True),
        ("3 + 4 = 7 apples", True),
        ("so $\\boxed{72}$", True),
        ("**72**", True),
        ("she has 2 2/3 pies", False),
        ("Thus, 19 - 11 = 8", False),
        ("it costs $", False),
        # an escaped dollar sign opens no maths: the line's own "$" pair closes it
        ("She sells 9 eggs.\n$\\$18$", True),  # was False (three "$")
        ("It costs \\$5 and $", False),
        ("so 3*", False),
        ("```python\nprint(1)", False),
        ("Good luck", False),
        ("7" * 5000, False),
        # a line cut inside an expression: its last number is no result
        ("Total = 18 +", False),
        ("So 9 * 2 = 18 -", False),
        ("18 /", False),
        ("Total = 18 x", False),
        ("Total = 18 (", False),
        ("Total: 18,", False),
        ("9 * 2 = 18 ^", False),
        ("9 * 2 = 18 \u00f7", False),
        ("Total = 18x", True),
        # emoji and Markdown rules after the last sentence end nothing and cut nothing
        ("So she makes $18 every day. \U0001f60a", True),
        ("So she makes $18 every day! \U0001f389\U0001f389", True),
        ("So she makes $18 every day. \U0001f44d\U0001f3fd\n", True),
        ("So she makes $18 every day.\n\n---", True),
        ("So she makes $18 every day.\n\n***\n", True),
        ("Total: 18\n___", True),
        ("So she makes $18 every day\n\n---", False),
        ("So she makes $18 every day \U0001f60a", False),
        ("Natalia sold 48+24 = 72 clips altog \U0001f60a", False),
        ("\U0001f60a", True),
        # non-ASCII stops and closing quotes end a reply as their ASCII forms do
        ("So she earns 18 dollars\u2026", True),
        ("So she earns 18 dollars.\u201d", True),
        ("She earns 18 dollars\u3002", True),
        ("Elle gagne 18 euros \u00bb", True),
        ("So she earns 18 dollars\uff01", True),
        ("So she earns 18 dollars \u201c", False),
    ],
)
def test_finished_tells_a_finished_reply_from_a_cut_one(text: str, done: bool) -> None:
    assert finished(text) is done


@pytest.mark.parametrize(
    "reply",
    [
        "Working: 9 * 2 = 18.\nSo she makes $18 every day. \U0001f60a",
        "Working: 9 * 2 = 18.\nSo she makes $18 every day.\n\n---",
        "So she makes 9 * 2 = $18 every day. Let me know if you have questions! \u2705",
    ],
)
def test_a_final_answer_before_emoji_or_a_rule_is_read(reply: str) -> None:
    ext = Extractor()(reply)
    assert (ext.number, ext.rejected) == (Number(18), None), ext


def test_a_markdown_heading_before_the_window_is_no_answer_marker() -> None:
    reply = "#### Step 1: count the eggs\n" + "She counts. " * 4000 + "So she has 18 eggs."
    ext = Extractor()(reply)
    assert (ext.rule, ext.rejected, ext.number) == ("final_sentence", None, Number(18))


def test_an_answer_marker_only_before_the_window_is_a_limit() -> None:
    reply = "\\boxed{" + "x+" * 20000 + "72}"  # the box opens before the last 32,768 chars
    ext = Extractor()(reply)
    assert (ext.rule, ext.rejected) == ("boxed", "limit")
    assert "marker_before_window" in ext.flags


@pytest.mark.parametrize(
    ("gap", "hedge"),
    [
        (" or ", True),
        (", ", True),
        (", or ", True),
        (" and/or ", True),
        (" to ", True),
        ("-", True),
        (" (or maybe ", True),
        ("** or **", True),
        ("", True),
        (" = ", False),
        (" * ", False),
        (" + ", False),
        (" apples and ", False),
        (" orange ", False),
        (" x ", False),
    ],
)
def test_is_hedge(gap: str, hedge: bool) -> None:
    assert is_hedge(gap) is hedge


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Three trucks", 3),
        ("twenty-five", 25),
        ("forty two", 42),
        ("a dozen eggs", 12),
        ("two dozen", 24),
        ("three hundred", 300),
        ("a thousand", 1000),
        ("Only one truck", 1),
    ],
)
def test_number_words_read(text: str, value: int) -> None:
    tokens = number_words(text)
    assert [t.number.value for t in tokens if t.number is not None] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "one of them",
        "no one came",
        "the one on the left",
        "each one",
        "someone",
        "an hour",
        "a second time",
        "half of it",
        "twice as many",
        "zone",
        "often",
    ],
)
def test_number_words_traps(text: str) -> None:
    assert number_words(text) == []


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("9 * 2", 18),
        ("16 - 3 - 4", 9),
        ("48+24", 72),
        ("$18 x 2", 36),
        ("10/4", Fraction(5, 2)),
        ("2*3+4*5", 26),
        ("(3+4)*2", 14),
        ("19(2)-6", 32),
        ("3 \\times 6", 18),
        ("1,234 + 1", 1235),
        ("50% * 10", 5),
    ],
)
def test_evaluate_expression(expr: str, value: int | Fraction) -> None:
    assert evaluate_expression(expr) == value


@pytest.mark.parametrize("expr", ["70, 71, 73", "3 +", "5 apples", "1/0", "(3", "", "x"])
def test_evaluate_expression_refuses_what_is_not_arithmetic(expr: str) -> None:
    assert evaluate_expression(expr) is None


@pytest.mark.parametrize(
    ("text", "strict", "holds"),
    [
        ("9 * 2 = 18", True, True),
        ("x = 5", True, True),
        ("10/3 = 3.33", True, True),
        ("7.5 = 8", True, True),
        ("5 = 72", True, False),
        ("5 = 72", False, False),
        ("70, 71, 73 = 72", False, False),
        ("in 3 days she earns 3 * 6 = 18", False, True),
        ("in 3 days she earns 3 * 6 = 18", True, False),
        ("12 or 15 = 15", False, False),
        ("16 - 3 - 4 = 9 eggs, 9 * 2 = 18", False, True),
        ("2 hours = 120 minutes", False, True),
        # unit words between a number and its operator are read past, in both modes
        ("3 apples * 6 = 18", True, True),
        ("3 apples * 6 = 19", True, False),
        ("225 fish / 3 = 75 fish", False, True),
        ("10 votes / 20 votes * 100% = 50%", False, True),
        ("10 votes / 20 votes * 100% = 50.1%", False, False),
        ("0.5 = 50%", True, True),
        ("a rate of 80 hours / 10 hours/day = 8 days", False, True),
        # a hedge needs a number before it; a preposition or "or" as "that is" is prose
        ("12 apples or 15 = 15", False, False),
        ("12 and/or 15 = 15", False, False),
        ("the price to 1530-200 = 1330", False, True),
        ("the Papillon, or 5*44 = 220", False, True),
        # a comma before arithmetic separates clauses; a list of numbers stays one run
        ("In 2004, 30*2 = 60", False, True),
        ("70, 71, 72 = 72", False, False),
        ("125 X 225 = 28125", True, True),
        ("20% = 0.2, so 0.2 * 650 = 130 children", False, True),
        ("20% = 0.3", False, False),
    ],
)
def test_equations_hold(text: str, strict: bool, holds: bool) -> None:
    assert equations_hold(text, strict) is holds


# -- graders ---------------------------------------------------------------------------------

HACKS = [
    "#### 70, 71, 73 = 72",
    "#### 5 = 72",
    "\\boxed{" + " ".join(map(str, range(3000))) + " 72}",
    "so \\boxed{" + "x+" * 20000 + "72}",
    "<answer>" + " ".join(map(str, range(3000))) + " 72</answer>",
    "So she ends up with either 73 or 72.",
    "Natalia sold 48+24 = 72",
]


@pytest.mark.parametrize("name", ["gsm8k", "numeric", "format"])
@pytest.mark.parametrize("reply", HACKS)
def test_the_gsm8k_graders_pay_no_hack(name: str, reply: str) -> None:
    grader = GraderRegistry(entry_points=False).create(name)
    assert grader(Sample.from_text(response=reply, reference="72")).score == 0.0


@pytest.mark.parametrize("reply", HACKS[:5])
def test_exact_match_with_rules_pays_no_hack(reply: str) -> None:
    grader = GraderRegistry(entry_points=False).create(
        "exact_match", rules=["hash", "boxed", "answer_tag", "last_number"]
    )
    assert grader(Sample.from_text(response=reply, reference="72")).score == 0.0


@pytest.mark.parametrize("name", ["gsm8k", "numeric"])
def test_an_unusable_box_scores_zero_with_the_limit_flag(name: str) -> None:
    grader = GraderRegistry(entry_points=False).create(name)
    reward = grader(Sample.from_text(response="\\boxed{" + "x+" * 20000 + "1}", reference="1"))
    assert reward.score == 0.0
    assert "limit" in reward.errors
    assert reward.rule == "boxed"


@pytest.mark.parametrize(("reply", "rule", "value"), READ + TRAPS)
def test_gsm8k_pays_every_form_it_reads(reply: str, rule: str, value: int) -> None:
    reward = GraderRegistry(entry_points=False).create("gsm8k")(
        Sample.from_text(response=reply, reference=str(value))
    )
    assert (reward.score, reward.rule) == (0.9, rule)


def test_grade_json_shows_the_rule_that_fired(capsys: pytest.CaptureFixture[str]) -> None:
    reply = f"{PROGRAM}\n```output\n18\n```\nShe spends 45 minutes on it."
    status = main(["grade", "--json", "--reference", "18", "--response", reply])
    out = json.loads(capsys.readouterr().out)
    assert status == 0
    assert (out["rule"], out["score"]) == ("tool_output", 0.9)


# -- the fast paths give the general path's result -------------------------------------------

_PARITY = [r for r, *_ in READ + TRAPS + REJECTED] + [
    "so 9 * 2 = 18\n#### 18",
    "#### 18\nHope this helps!",
    "#### 18\nQ: next question",
    "a\u200bb\n#### 72",
    "#### 072",
]


@pytest.mark.parametrize("reply", _PARITY)
def test_extractor_fast_path_matches_the_general_path(reply: str) -> None:
    ex = Extractor()
    assert ex(reply) == ex.general(reply)


def _corpus(rows: Path, per_form: int) -> list[dict[str, Any]]:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from make_gsm8k_corpus import build_corpus, load_rows
    finally:
        sys.path.pop(0)
    return build_corpus(load_rows(rows), per_form)


def test_the_corpus_is_graded_as_labelled_and_fast_paths_agree(gsm8k_data: GSM8KData) -> None:
    """Every form of the benchmark corpus, both graders, against the corpus labels."""
    registry = GraderRegistry(entry_points=False)
    gsm8k, numeric = registry.create("gsm8k"), registry.create("numeric")
    general = gsm8k.impl.general  # type: ignore[attr-defined]
    ex = Extractor()
    by_form: dict[str, list[float]] = {}
    # The train split when ../shared has it, else the 200 shipped test rows.
    for item in _corpus(gsm8k_data.splits[0], 150):
        reply, reference = str(item["response"]), str(item["reference"])
        sample = Sample.from_text(response=reply, reference=reference)
        reward = gsm8k(sample)
        parsed = parse_reference(reference)
        assert reward == general(reply, parsed, parsed.number)
        assert ex(reply) == ex.general(reply)
        agree = reward.metric("correct") == item["expected"]
        assert numeric(sample).metric("correct") == reward.metric("correct")
        by_form.setdefault(str(item["form"]), []).append(1.0 if agree else 0.0)
    for form, hits in by_form.items():
        # prose keeps a few last-number ambiguities ("5 hours each of the 7 days"); in
        # thinking, a reply cut off while thinking whose "<think>" was in the prompt (about
        # one in thirty) reads as a finished reply: nothing in it says otherwise
        floor = 0.95 if form in ("prose", "thinking") else 0.98
        assert sum(hits) / len(hits) >= floor, form


# -- properties ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_every_text_gets_one_extraction(text: str) -> None:
    ext = Extractor()(text)
    assert ext.rule is None or ext.rule in RULES
    assert (ext.rejected is None) == ext.ok
    assert ext == Extractor().general(text)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=0, max_value=2000),
    st.sampled_from(["\\boxed{", "<answer>", "#### "]),
)
def test_padding_an_answer_past_the_limit_never_pays(value: int, extra: int, opener: str) -> None:
    pad = "1 + " * ((MAX_SPAN + extra) // 4 + 1)
    closer = {"\\boxed{": "}", "<answer>": "</answer>", "#### ": ""}[opener]
    ext = Extractor()(f"So we get {opener}{pad}{value}{closer}")
    assert not ext.ok


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(["{a} or {b}", "either {a} or {b}", "{a}, {b}", "{a} to {b}", "{a}-{b}"]),
    st.sampled_from(["So she has {x} apples.", "The answer is {x}.", "#### {x}", "{x}."]),
)
def test_a_hedge_between_two_values_is_never_paid(a: int, b: int, hedge: str, frame: str) -> None:
    if a == b:
        return
    ext = Extractor()(frame.format(x=hedge.format(a=a, b=b)))
    assert not ext.ok


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_hash_line_equation_pays_only_when_it_holds(a: int, b: int) -> None:
    assert Extractor()(f"#### {a} + {b} = {a + b}").number is not None
    if a != b:
        assert not Extractor()(f"#### {a} = {b}").ok


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=10, max_value=10**6), st.data())
def test_a_reply_cut_inside_its_last_sentence_is_never_read_by_a_weak_rule(
    n: int, data: st.DataObject
) -> None:
    sentence = f"Then the farmer sold {n} eggs altogether at the market"
    cut = data.draw(st.integers(min_value=sentence.index(str(n)) + 1, max_value=len(sentence)))
    ext = Extractor()(f"{WORK}\n{sentence[:cut]}")
    assert ext.rule not in ("final_sentence", "last_number") or not ext.ok
