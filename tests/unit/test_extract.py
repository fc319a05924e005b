"""Answer extraction: each rule, the rule order, the several-answers policy, the bounds."""

from __future__ import annotations

from fractions import Fraction

import pytest

from rftkit.rewards.extract import (
    RULES,
    Extractor,
    parse_reference,
    reference_text,
)
from rftkit.rewards.numbers import Number

# (reply, rule that fires, answer text, value)
RULE_CASES = [
    ("so 9 * 2 = 18\n#### 18", "hash", "18", 18),
    ("#### 1,234", "hash", "1,234", 1234),
    ("#### $18.50", "hash", "$18.50", Fraction(37, 2)),
    ("##### 72", "hash", "72", 72),
    ("#### -5", "hash", "-5", -5),
    ("#### 72 dollars", "hash", "72 dollars", 72),
    ("#### Step 1: add\n3 + 4 = 7\n#### 7", "hash", "7", 7),
    ("the total is \\boxed{72}.", "boxed", "72", 72),
    ("\\boxed{\\frac{3}{4}}", "boxed", "\\frac{3}{4}", Fraction(3, 4)),
    ("\\boxed{\\text{18 dollars}}", "boxed", "\\text{18 dollars}", 18),
    ("\\boxed{\\boxed{5}}", "boxed", "5", 5),
    ("<think>3*4</think>\n<answer>12</answer>", "answer_tag", "12", 12),
    ("<answer> 2 2/3 </answer>", "answer_tag", "2 2/3", Fraction(8, 3)),
    ("So the answer is 18.", "answer_is", "18", 18),
    ("The answer is: 18 dollars.\n", "answer_is", "18 dollars", 18),
    ("Final answer: $1,234", "answer_is", "$1,234", 1234),
    ("**Answer:** 72", "answer_is", "72", 72),
    ("The answer is 18 (because 9 * 2 = 18).", "answer_is", "18", 18),
    ("The answer would be 7.", "answer_is", "7", 7),
    ("work\nA: 42", "a_line", "42", 42),
    ("work\n**A:** 42.\n\n", "a_line", "42", 42),
    ("3 + 4 = 7 apples", "final_sentence", "7", 7),
    ("she has 2 2/3 pies.", "final_sentence", "8/3", Fraction(8, 3)),
    ("She has 7 apples. Hope this helps!", "last_number", "7", 7),
]


@pytest.mark.parametrize(("reply", "rule", "answer", "value"), RULE_CASES)
def test_each_rule_finds_its_answer(
    reply: str, rule: str, answer: str, value: int | Fraction
) -> None:
    ext = Extractor()(reply)
    assert (ext.rule, ext.answer, ext.rejected) == (rule, answer, None)
    assert ext.number is not None
    assert ext.number.value == value


def test_rules_are_tried_in_the_given_order() -> None:
    reply = "\\boxed{5}\n#### 7"
    assert Extractor(["hash", "boxed"])(reply).answer == "7"
    assert Extractor(["boxed", "hash"])(reply).answer == "5"


def test_a_rule_left_out_never_fires() -> None:
    ext = Extractor(["hash"])("The answer is 5.")
    assert ext.rule is None
    assert ext.rejected == "no_answer"


def test_no_answer_at_all_is_flagged() -> None:
    ext = Extractor()("I do not know.")
    assert (ext.answer, ext.rule, ext.rejected) == (None, None, "no_answer")
    assert "no_answer" in ext.flags


# The several-answers policy: replies that list candidates are rejected.
@pytest.mark.parametrize(
    ("reply", "rejected", "n_candidates"),
    [
        ("#### 12\n#### 15", "multiple_answers", 2),
        ("\\boxed{5} or maybe \\boxed{6}", "multiple_answers", 2),
        ("<answer>5</answer><answer>6</answer>", "multiple_answers", 2),
        ("The answer is 5. No wait, the answer is 6.", "multiple_answers", 2),
        ("#### 12, 15", "several_numbers", 1),
        ("The answer is 12 or 15.", "several_numbers", 1),
        ("\\boxed{12 \\text{ or } 15}", "several_numbers", 1),
        ("#### 1,5", "several_numbers", 1),
        ("".join(f"#### {i}\n" for i in range(100)), "too_many_answers", 16),
        ("#### 72\n" * 40, "too_many_answers", 1),
    ],
)
def test_several_candidate_answers_are_rejected(
    reply: str, rejected: str, n_candidates: int
) -> None:
    ext = Extractor()(reply)
    assert ext.rejected == rejected
    assert ext.n_candidates == n_candidates
    assert not ext.ok


def test_the_same_answer_repeated_is_one_answer() -> None:
    ext = Extractor()("#### 1,000\nso\n#### 1000")
    assert ext.ok
    assert ext.n_candidates == 1


def test_conflict_last_keeps_the_last_answer() -> None:
    ext = Extractor(conflict="last")("#### 12\n#### 15")
    assert (ext.answer, ext.rejected, ext.n_candidates) == ("15", None, 2)


def test_conflict_first_keeps_the_first_answer() -> None:
    ext = Extractor(conflict="first")("#### 12\n#### 15")
    assert (ext.answer, ext.rejected) == ("12", None)


def test_last_number_mode_reads_only_the_final_number() -> None:
    reply = " ".join(str(i) for i in range(5000)) + ".\nSo she has 7 apples. Done!"
    ext = Extractor(["last_number"])(reply)
    assert (ext.answer, ext.n_candidates, ext.rejected) == ("7", 1, None)


def test_a_bare_list_of_numbers_is_several_answers() -> None:
    ext = Extractor(["last_number"])(" ".join(str(i) for i in range(50)))
    assert (ext.answer, ext.rejected) == ("49", "multiple_answers")
    # A list too long for an answer line, with no full stop, reads as a reply cut off.
    ext = Extractor(["last_number"])(" ".join(str(i) for i in range(5000)))
    assert (ext.rejected, ext.flags) == ("no_answer", ("cut_off", "no_answer"))


@pytest.mark.parametrize(
    ("reply", "at_end"),
    [
        ("#### 72", True),
        ("#### 72\n\n", True),
        ("#### 72\nHope this helps!", False),
        ("so $\\boxed{72}$.", True),
        ("\\[ \\boxed{72} \\]", True),
        ("\\boxed{72} because 8 * 9 = 72", False),
        ("<answer>72</answer>", True),
    ],
)
def test_at_end_says_whether_text_follows_the_answer(reply: str, at_end: bool) -> None:
    assert Extractor()(reply).at_end is at_end


def test_text_before_the_window_is_ignored_and_flagged() -> None:
    ext = Extractor(window=1000)("#### 5\n" + "x" * 5000 + "\n#### 7")
    assert (ext.answer, ext.rejected) == ("7", None)
    assert "truncated" in ext.flags


def test_unclosed_box_is_a_limit_and_no_later_rule_decides() -> None:
    ext = Extractor()("so \\boxed{72")
    assert (ext.rule, ext.answer, ext.rejected) == ("boxed", None, "limit")
    assert ext.flags[-2:] == ("limit", "unclosed_box")


def test_unclosed_last_answer_tag_is_a_limit() -> None:
    ext = Extractor()("<answer>72")
    assert (ext.rule, ext.answer, ext.rejected) == ("answer_tag", None, "limit")
    assert "unclosed_answer_tag" in ext.flags


def test_calculator_annotations_do_not_count_as_numbers() -> None:
    ext = Extractor(["last_number"])("9 * 2 = <<9*2=18>>18 and <<1+1=2>>")
    assert ext.answer == "18"


def test_unicode_digits_are_read_after_a_marker() -> None:
    ext = Extractor()("#### \u0667\u0662")
    assert ext.number == Number(72)


def test_text_mode_compares_answers_as_text() -> None:
    ext = Extractor(["hash"], numeric=False)("#### Paris\n#### paris.")
    assert (ext.answer, ext.rejected, ext.n_candidates) == ("paris.", None, 1)


def test_numeric_mode_skips_markdown_headings() -> None:
    ext = Extractor(["hash"])("#### Step 2\nadd them")
    assert ext.rule is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rules": ["hash", "nope"]}, "unknown extraction rule"),
        ({"rules": []}, "at least one"),
        ({"rules": ["hash", "hash"]}, "twice"),
        ({"window": 10}, "window"),
        ({"max_candidates": 0}, "max_candidates"),
        ({"conflict": "any"}, "conflict"),
    ],
)
def test_bad_options_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Extractor(**kwargs)  # type: ignore[arg-type]


def test_rule_names_are_stable() -> None:
    assert RULES == (
        "hash",
        "boxed",
        "answer_tag",
        "tool_output",
        "answer_is",
        "a_line",
        "bold",
        "final_sentence",
        "last_number",
    )


@pytest.mark.parametrize(
    ("reference", "text"),
    [
        ("72", "72"),
        (72, "72"),
        (0.5, "0.5"),
        ({"final_answer": "72"}, "72"),
        ({"answer": "72"}, "72"),
        ({"text": "so 8 * 9 = <<8*9=72>>72\n#### 72"}, "72"),
        ("Natalia sold 48/2 = 24 clips.\n#### 2,125", "2,125"),
        ({"reference_answer": {"final_answer": 3}}, "3"),
        (None, None),
        (True, None),
        (float("nan"), None),
        ({"other": 1}, None),
        ("   ", None),
    ],
)
def test_reference_text_accepts_every_dataset_shape(reference: object, text: str | None) -> None:
    assert reference_text(reference) == text


def test_parse_reference_reads_a_full_gsm8k_solution() -> None:
    ref = parse_reference("He sold 3 * 4 = <<3*4=12>>12 cups\n#### 1,200")
    assert (ref.number, ref.digits, ref.problem) == (Number(1200), "1200", None)


def test_parse_reference_explains_an_unusable_reference() -> None:
    ref = parse_reference("12 or 13")
    assert ref.number is None
    assert ref.problem is not None
    assert "not one number" in ref.problem


def test_a_long_run_of_hashes_is_one_marker() -> None:
    ext = Extractor()("#" * 20_000 + " 72")
    assert (ext.answer, ext.n_candidates, ext.rejected) == ("72", 1, None)
