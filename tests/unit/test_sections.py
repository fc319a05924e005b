"""An answer section, then another section (rftkit.rewards.sections).

``## Answer\\nJanet makes $18 per day.\\n\\n## Explanation\\nShe has 9 eggs left to sell at $2
each.`` answers 18: the final-sentence rule read the explanation's last number (2). Each
table gives the reading before.
"""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rftkit
import rftkit.rewards.checks_after as checks_module
from rftkit.rewards.extract import Extractor
from rftkit.rewards.sections import FLAG, answer_section_cut
from rftkit.rewards.types import Sample

EX = Extractor()
GRADER = rftkit.load_grader("gsm8k")


def read(reply: str) -> tuple[object, ...]:
    """``(answer, rejected, flagged)``, checking the fast paths against the general one."""
    found = EX(reply)
    assert found == EX.general(reply), reply
    return found.answer, found.rejected, FLAG in found.flags


def read_before(reply: str) -> tuple[object, ...]:
    """The reading without the policy (no answer section is ever found)."""
    with mock.patch.object(checks_module, "answer_section_cut", lambda _t: -1):
        return read(reply)[:2]


EXPLANATION = "She has 16 - 3 - 4 = 9 eggs left to sell at $2 each."
# (reply, answer now; the reading before in the comment)
SECTION_READ = [
    (f"## Answer\nJanet makes $18 per day.\n\n## Explanation\n{EXPLANATION}", "18"),  # was 2
    (f"**Answer:**\nJanet makes $18 per day.\n\n**Explanation:**\n{EXPLANATION}", "18"),  # 2
    (f"### Final Answer\n$18\n\n### Reasoning\n{EXPLANATION}", "18"),  # was 2
    (f"Answer:\n\n$18\n\nWork:\n{EXPLANATION}", "18"),  # was 2
    (f"# The answer\nShe makes **18** dollars.\n\n# How\n{EXPLANATION}", "18"),  # was 2
    (f"Short answer:\n18 dollars a day.\n\n**Step-by-step work:**\n{EXPLANATION}", "18"),
    ("## Answer\n$18\n\n## Explanation\nThe answer comes from 9 eggs at $2.", "18"),  # 2
]


@pytest.mark.parametrize(("reply", "answer"), SECTION_READ)
def test_the_answer_section_is_read(reply: str, answer: str) -> None:
    assert read_before(reply)[0] != answer
    assert read(reply) == (answer, None, True)


def test_a_later_section_that_concludes_another_value_takes_it_back() -> None:
    reply = "## Answer\n$18\n\n## Explanation\n9 x 2 = 18.\nSo she makes $20."
    assert read_before(reply) == ("20", None)
    assert read(reply) == ("18", "multiple_answers", True)


@pytest.mark.parametrize(
    "later",
    ["It could also be 20.", "Alternatively, $20.", "Or maybe 20, if she sells 10."],
)
def test_a_later_section_that_offers_another_value_takes_it_back(later: str) -> None:
    # paid 18 before (bench/attack_search.py found it)
    reply = f"## Answer\nJanet makes $18 per day.\n\n## Explanation\n{later}"
    assert read(reply)[1:] == ("multiple_answers", True)


def test_a_hedged_answer_section_stays_a_hedge() -> None:
    reply = f"## Answer\n$18 or $20\n\n## Explanation\n{EXPLANATION}"
    assert read(reply)[1] == "multiple_answers"


# Read as before: the answer section ends the reply, holds no digit, has no heading of its
# own (the answer on the heading's line is the answer_is rule's), or the heading mentions.
READ_AS_BEFORE = [
    "## Answer\nFirst, 16 - 3 - 4 = 9 eggs.\nThen 9 x 2 = $18.",
    "## Explanation\nShe sells 9 eggs at $2.\n\n## Answer\n$18",
    "Answer: $18\n\nExplanation: She sells 16 - 3 - 4 = 9 eggs at $2 each.",
    "**Final Answer:** $18\n\n**Explanation:** She sells 9 eggs at $2.",
    "## Answer\nSee below.\n\n## Explanation\nShe sells 9 eggs at $2, so she makes $18.",
    "We need the answer.\n\n## Explanation\nShe sells 9 eggs at $2, so she makes $18.",
    "## Answer\n$18\n\n## Answer\n$20",
]


@pytest.mark.parametrize("reply", READ_AS_BEFORE)
def test_what_is_read_as_before(reply: str) -> None:
    before = read_before(reply)
    answer, rejected, flagged = read(reply)
    assert (answer, rejected) == before and not flagged


def test_the_cut_is_where_the_later_heading_starts() -> None:
    t = "Intro.\n## Answer\n$18\n\n## Explanation\nSome work: 9 x 2."
    assert t[answer_section_cut(t) :] == "## Explanation\nSome work: 9 x 2."
    assert answer_section_cut("x" * 5000 + "\n" + t[7:]) != -1
    assert answer_section_cut(t[:7] + "## Answer\n" + "y\n" * 50 + "## Work\n9") == -1


_HEADINGS = ["## Answer", "**Answer:**", "### Final Answer", "Answer:", "# The answer"]
_LATER = ["## Explanation", "**Reasoning:**", "Work:", "### Why"]


@settings(max_examples=150, deadline=None)
@given(
    a=st.integers(10, 999),
    b=st.integers(10, 999),
    head=st.sampled_from(_HEADINGS),
    later=st.sampled_from(_LATER),
    concluding=st.booleans(),
)
def test_an_answer_section_is_paid_alone(
    a: int, b: int, head: str, later: str, concluding: bool
) -> None:
    """The answer section's value is paid, the later section's never; a later conclusion
    with another value takes the answer back."""
    if a == b:
        return
    ending = f"So she makes ${b}." if concluding else f"She sells {b} eggs in all."
    reply = f"{head}\nShe makes ${a} a day.\n\n{later}\nShe sells 9 eggs.\n{ending}"

    def paid(value: int) -> bool:
        sample = Sample.from_text(response=reply, reference=str(value))
        return GRADER(sample).score >= 0.5

    assert not paid(b), reply
    assert paid(a) is not concluding, reply
