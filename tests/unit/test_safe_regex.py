"""User patterns that could backtrack are refused when the grader is built (issue 12).

Results, not timings: a refused pattern raises at construction; an accepted one is checked
in tests/property/test_safe_regex_properties.py against hostile text in a worker process.
"""

from __future__ import annotations

import re

import pytest

from rftkit.errors import GraderArgsError
from rftkit.rewards.registry import load_grader
from rftkit.rewards.safe_regex import UnsafePattern, check_pattern
from rftkit.rewards.types import Sample

ACCEPTED = [
    r"Answer: (?P<answer>\d+)",
    r"#### (?P<answer>-?[\d,]+)",
    r"<answer>(.*?)</answer>",
    r"(?P<answer>\d+(?:\.\d+)?)",
    r"(\d+)\.(\d+)",
    r"Answer: *(?P<answer>\S.*)$",
    r"(?:a|b)+",
    r"(?i)(a|A)+",  # the parser makes it [aA]+
    r"\\boxed\{(?P<answer>[^{}]*)\}",
    r"Answer:\s*+(?P<answer>\S+)",
    r"^The answer is (\d+)\.?$",
    r"(?i)answer: (\d+)",
    r"(?m)^A: (.+)$",
    r"\$?(\d+)",
    r"(?:\d{3},){2}\d{3}",
    r"(?<=Answer: )\d+",
]

# (pattern, what the refusal says)
REFUSED = [
    (r"Answer: (?P<answer>(\d+,?)+)$", "no fixed length"),  # the issue's pattern
    (r"(a+)+", "no fixed length"),
    (r"(a*)*", "no fixed length"),
    (r"(x+x+)+y", "no fixed length"),
    (r"(\w+\s?)+$", "no fixed length"),
    (r"(\d{1,3},)*\d+", "no fixed length"),
    (r"(a|a)*", "same character"),
    (r"(?:ab|a.)+", "same character"),  # the parser factors the a: a(?:b|.)
    (r"(?:a|ab)+", "no fixed length"),
    (r"\d+\d+x", "one after the other"),
    (r".*x.*y", "one after the other"),
    (r"Answer:\s*(.*?)\s*$", "one after the other"),
    (r"(.*)=(.*)=(.*)!", "one after the other"),
    (r"a.*.*z", "one after the other"),
    (r"\s*\d*\s*$", "one after the other"),
    (r"(?:\d+)?\d+", "one after the other"),
    (r"\d+[a-z]*\d+", "one after the other"),  # the middle repeat can be empty
    (r"(\d)\1", "backreference"),
    (r"(?P<x>a)(?(x)b|c)", "conditional"),
    (r"(?=.*x)", "lookaround"),
    (r"(?:a?b?){9}", "too many"),
    (r"(?:a?){20}", "no fixed length"),
]


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_linear_patterns_are_accepted(pattern: str) -> None:
    check_pattern(pattern)
    load_grader("format", form="regex", pattern=pattern)


@pytest.mark.parametrize(("pattern", "why"), REFUSED)
def test_backtracking_patterns_are_refused(pattern: str, why: str) -> None:
    with pytest.raises(UnsafePattern, match=re.escape(why)):
        check_pattern(pattern)


@pytest.mark.parametrize(("pattern", "why"), REFUSED)
def test_the_format_grader_refuses_them_at_construction(pattern: str, why: str) -> None:
    with pytest.raises(GraderArgsError, match="can backtrack") as info:
        load_grader("format", form="regex", pattern=pattern)
    assert info.value.hint is not None and "possessive" in info.value.hint


def test_the_issue_reproducer_is_refused_and_its_linear_rewrite_grades() -> None:
    with pytest.raises(GraderArgsError):
        load_grader("format", form="regex", pattern=r"Answer: (?P<answer>(\d+,?)+)$")
    g = load_grader("format", form="regex", pattern=r"Answer: (?P<answer>[\d,]+)$")
    assert g(Sample.from_text(response="Answer: " + "1" * 26 + "x")).score == 0.0
    assert g(Sample.from_text(response="Answer: 1,234")).score == 1.0


def test_a_pattern_that_does_not_compile_is_still_a_compile_error() -> None:
    with pytest.raises(GraderArgsError, match="does not compile"):
        load_grader("format", form="regex", pattern="(")
