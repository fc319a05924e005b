"""The grader's entry shortcuts read as the general path does (issue 14, speed).

And :class:`BoundGrader` checks every reward but those of a grader that vouches for them
(``finite_rewards``), which gsm8k does only when no reward can have a non-finite score.

``gsm8k``'s grade looks once whether a reply holds ``####`` (for its ``#### N`` fast path)
and tells the extractor (:meth:`Extractor.read`'s ``hashes``), which then neither looks
again nor, without one, runs the hash rule (:meth:`Extractor.unrolled`). These tests hold
both, told what a look would find, to the general reading, on generated replies aimed at
the edges (code comments, Markdown headings, runs of ``#``, a marker in the thinking) and
on a table of cases.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit.errors import GraderError
from rftkit.rewards.extract import Extractor
from rftkit.rewards.references import parse_reference
from rftkit.rewards.thinking import may_hold_thinking
from rftkit.rewards.types import Reward, Sample

_PROGRAM = "```python\ndef solution():\n    result = 18  # the eggs sold\n    print(result)\n```"
_PIECES = st.sampled_from(
    [
        "#",
        "##",
        "###",
        "####",
        "#####",
        "######## ",
        "#### 18",
        "#### 20\n",
        "### Step 2\n",
        "# 18\n",
        " # a comment\n",
        "18",
        "20",
        " ",
        "\n",
        ".",
        "She makes $18.",
        "The answer is 20.",
        "**18**",
        "\\boxed{18}",
        _PROGRAM,
        "\n```output\n18\n```\n",
        "```output\n20\n```",
        "After 45 minutes, the program gives 18 as the result.",
        "<think>#### 5</think>",
        "Q: ",
        "<<2*9=18>>",
        "\u00bd",
    ]
)
_REPLY = st.lists(_PIECES, max_size=10).map("".join)

_CASES = [
    "",
    "#### 18",
    "# 18",
    "### 18\nSo she makes 18.",
    f"I will write a program.\n{_PROGRAM}\n```output\n18\n```\nSo she makes $18.",
    f"{_PROGRAM}\n```output\n18\n```\n#### 20",
    "So 9 * 2 = 18.\n#### 18\nActually, she makes 20.",
    "##### 18",
    "#### 1,234",
    "<think>#### 5</think>The answer is 6.",
    "<think>It is 5.</think>\n#### 6",
    "She makes 9 * 2 = <<9*2=18>>18 dollars.\n#### 18",
    "Total: 18 ##\n##",
]


def _hashes(text: str) -> bool:
    return "#" in text and "####" in text


def _check(text: str) -> None:
    ex = Extractor()
    expected = ex.general(text)
    assert ex.read(text, None, _hashes(text)) == expected
    assert ex.read(text, None, None) == expected
    assert ex(text) == expected
    plain = len(text) <= ex.window and text.isascii() and "<<" not in text
    if plain and "\nQ" not in text and not may_hold_thinking(text):
        assert ex.unrolled(text, None, _hashes(text)) == expected
    grade = rftkit.load_grader("gsm8k").impl
    for reference in ("18", "20"):
        ref = parse_reference(reference)
        got = grade(Sample.from_text(response=text, reference=reference))
        assert got == grade.general(text, ref, ref.number)  # type: ignore[attr-defined]


@settings(max_examples=1500, deadline=None)
@given(_REPLY)
@example("# 18\n#### 20")
@example("########")
@example("a #### b\n18.")
def test_told_whether_a_reply_holds_the_marker_the_extractor_reads_as_the_general_path(
    text: str,
) -> None:
    _check(text)


@pytest.mark.parametrize("text", _CASES)
def test_cases(text: str) -> None:
    _check(text)


# -- BoundGrader: a grader that vouches for its rewards is not checked again ---------------


def test_gsm8k_vouches_for_finite_rewards_only_when_its_weights_cannot_overflow() -> None:
    sample = Sample.from_text(response="8 * 9 = 72\n#### 72", reference="72")
    bound = rftkit.load_grader("gsm8k")
    assert bound.impl.finite_rewards is True  # type: ignore[attr-defined]
    reward = bound(sample)
    assert type(reward) is Reward and reward.score == 1.0 and reward == bound.impl(sample)
    # Each weight is finite, their sum is not: the reward is checked, and refused, as before.
    huge = rftkit.load_grader("gsm8k", correct_weight=1e308, format_weight=1e308)
    assert huge.impl.finite_rewards is False  # type: ignore[attr-defined]
    with pytest.raises(GraderError, match="non-finite"):
        huge(sample)


def test_a_grader_whose_function_is_replaced_is_checked_again() -> None:
    bound = rftkit.load_grader("gsm8k")
    bound.impl = lambda sample: float("nan")
    with pytest.raises(GraderError):
        bound(Sample.from_text(response="#### 72", reference="72"))
    bound.impl = lambda sample: 1
    assert bound(Sample.from_text(response="#### 72", reference="72")).score == 1.0
