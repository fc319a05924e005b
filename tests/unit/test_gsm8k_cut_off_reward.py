"""A reply cut off with no answer gets the reward judge() gives it (issue 14, speed).

The ``gsm8k`` grader builds the reward of the cut-off extraction once, from judge(), and
returns a new one with those parts per such reply without calling judge(); these tests
hold it to the general path (the extractor's general reading, then judge()) in every
configuration whose outcome could differ: format forms, gating, the end requirement.
"""

from __future__ import annotations

import pytest

import rftkit
from rftkit.rewards.extraction import _CUT_OFF
from rftkit.rewards.references import parse_reference
from rftkit.rewards.types import Sample

_CUT = (
    "Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altog",
    "She has 18 apples and",
    "Total = 18 +",
    "```python\nprint(18)\n",
)


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"format_rules": ["hash", "boxed"]},
        {"format_rules": ["answer_is", "a_line"]},
        {"gate_format": False},
        {"gate_format": False, "format_weight": 0.5},
        {"require_end": False},
        {"correct_weight": 2.0, "format_weight": 0.0},
    ],
)
@pytest.mark.parametrize("reply", _CUT)
@pytest.mark.parametrize("reference", ["72", "18", "#### 5"])
def test_a_cut_off_reply_gets_the_general_paths_reward(
    args: dict[str, object], reply: str, reference: str
) -> None:
    grader = rftkit.load_grader("gsm8k", **args)
    ref = parse_reference(reference)
    assert grader.impl.general(reply, ref, ref.number).errors == _CUT_OFF.flags  # type: ignore[attr-defined]
    first = grader(Sample.from_text(response=reply, reference=reference))
    second = grader(Sample.from_text(response=reply, reference=reference))
    assert first == grader.impl.general(reply, ref, ref.number)  # type: ignore[attr-defined]
    assert first == second
    assert first is not second  # a new reward per reply: a caller may change its fields


def test_a_cut_off_reply_is_the_cut_off_extraction() -> None:
    """The shortcut's premise: the extractor returns the one cut-off object."""
    extract = rftkit.rewards.extract.Extractor()
    assert extract("She has 18 apples and") is _CUT_OFF
