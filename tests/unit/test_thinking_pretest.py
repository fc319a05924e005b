"""The extractor's inline pre-test for thinking markers says what may_hold_thinking says.

``Extractor.__call__`` calls :func:`thinking.may_hold_thinking` only for a reply holding a
``<`` and otherwise tests ``text.startswith("analysis")`` itself (a call per reply saved,
issue 14 speed). That is exact only while may_hold_thinking, on a text with no ``<``, says
no more than that: held here, for a table and a property, so a new marker without ``<``
shows up as a failure rather than as a reply read past its thinking.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.extract import Extractor
from rftkit.rewards.thinking import may_hold_thinking


def _inline(text: str) -> bool:
    """The test ``Extractor.__call__`` makes, as written there."""
    return ("<" in text and may_hold_thinking(text)) or "analysis" <= text < "analysit"


@pytest.mark.parametrize(
    "text",
    [
        "So she makes $18 a day.",
        "analysis: 9 eggs at $2 is $18.",
        "analysisThe answer is 18.",
        "Analysis: 18",
        "<think>9 * 2 = 18</think>The answer is 18.",
        "draft</Reasoning>The answer is 30.",
        "So 5*6 = <<5*6=30>>30.",
        "thinking> 18",
        "",
    ],
)
def test_the_inline_test_is_may_hold_thinking(text: str) -> None:
    assert _inline(text) == may_hold_thinking(text)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="analysi<>/thinkgre Ts:|\n18.", max_size=40))
@example("analysis")
@example("analysit")
def test_the_inline_test_is_may_hold_thinking_on_any_text(text: str) -> None:
    assert _inline(text) == may_hold_thinking(text)


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("analysis: 9 * 2 = 18.<|end|>The answer is 18.", None),  # read past the analysis
        ("So 9 * 2 = 18 eggs.", "18"),  # no marker: read as it is (18)
    ],
)
def test_replies_read_as_the_general_path(reply: str, answer: str | None) -> None:
    ex = Extractor()
    assert ex(reply) == ex.general(reply)
    if answer is not None:
        assert ex(reply).answer == answer
