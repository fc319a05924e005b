"""The bold and ``A:`` rules find the last line as before (issue 14, speed).

:func:`extract_rules._rule_bold` finds the last line by ``rpartition`` and its first
``**`` by one search (it searched for the first ``*`` from the line start, then for ``**``
from there). These tests hold it to that code, kept here as the oracle, on generated
replies aimed at the edges: no last line, a ``*`` only above it, a last line longer than
the rule reads (``MAX_SPAN``), trailing spaces, single and double stars, a table row, a
check after the answer. :func:`extract_rules._rule_a_line` finds the last line by
``rpartition`` too (it used ``rfind``): held to its old code on the same replies and on
``A:`` lines.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.breakdowns import table_row
from rftkit.rewards.checks_after import _probe, check_cut, cut_flag
from rftkit.rewards.closings import LABEL_HEADS as _LABELED
from rftkit.rewards.comparisons import compared_span
from rftkit.rewards.extract_rules import (
    _A_LINE_START,
    _MAX_MARKERS,
    _NUMBER_START,
    _may_relate,
    _rule_a_line,
    _rule_bold,
    _without_reasons,
)
from rftkit.rewards.numbers import MAX_SPAN
from rftkit.rewards.relations import kept_span


def _old_rule_bold(t: str, numeric: bool, cap: int, flags: list[str]) -> list[tuple[str, int]]:
    """The rule as it was (the oracle)."""
    body = t.rstrip()
    line_start = body.rfind("\n") + 1
    if line_start < (reach := len(body) - MAX_SPAN):
        line_start = reach
    # "*" first (one memchr): the last line of most replies holds none.
    a = body.find("*", line_start)
    if a == -1:
        return []
    a = body.find("**", a)
    if a == -1 or (body[line_start : line_start + 1] == "|" and table_row(body, line_start)):
        return []  # no bold, or a table's row: read as a breakdown (breakdowns)
    checked = False
    # An aside label opening the last line ("Fun fact: hens lay **300** eggs.") is probed
    # here, by one set lookup: the labels' probe costs a bold reply more (closings).
    if (
        numeric
        and (body[line_start : line_start + 3] in _LABELED or _probe(t))  # check_cut's own
        and (k := check_cut(t, True)) != -1
    ):
        # The last line is a check's ("Check: 72 - 48 = **24** \u2713"): the bold numbers
        # of the last line before the check are the answer (checks_after).
        body = t[:k].rstrip()
        line_start = max(body.rfind("\n") + 1, len(body) - MAX_SPAN)
        a = body.find("**", line_start)
        checked = True
    find = body.find
    out: list[tuple[str, int]] = []
    pairs = 0
    # The "**" marks from the line start, taken in pairs (an odd last one opens nothing),
    # at most _MAX_MARKERS pairs.
    while a != -1 and pairs < _MAX_MARKERS:
        b = find("**", a + 2)
        if b == -1:
            break
        pairs += 1
        span = body[a + 2 : b].strip()
        # A bold label ("**Step 3:**", "**Total**") is not an answer; a bold number is.
        if span and span[0] in _NUMBER_START and not span.endswith(":"):
            out.append((span, b + 2))
        a = find("**", b + 2)
    if len(out) > 1:
        out.reverse()
        if len(out) > cap + 1:
            out = out[: cap + 1]
    if checked and out:
        flags.append(cut_flag(t, k))
    return out


def _old_rule_a_line(t: str, numeric: bool, cap: int, flags: list[str]) -> list[tuple[str, int]]:
    """The a_line rule as it was (the oracle)."""
    body = t.rstrip()
    start = body.rfind("\n") + 1
    if body[start : start + 1] not in _A_LINE_START:
        return []  # the last line starts with neither "A" nor what lstrip removes
    line = body[start:].lstrip(" \t*_")
    if line.startswith("A:") or line.startswith("A :"):
        span = line.partition(":")[2].strip(" \t*_")
        span = span.rstrip(".").strip()
        # "A: 72" states an answer; "A: Natalia sold 48/2 = 24 clips ..." is working, which
        # the later rules read.
        if span and (not numeric or span[0] in _NUMBER_START):
            if numeric and ("s" in span or "<" in span or ">" in span):  # a reason, a comparison
                span = _without_reasons([(span, len(body))], True)[0][0]
            if numeric and " " in span and _may_relate(span):  # "A: 18, not 20"
                span = kept_span(span)
            if numeric and " " in span:  # "A: 18, above the goal of 15" (comparisons)
                span = compared_span(span)
            return [(span, len(body))]
    return []


_PIECES = st.sampled_from(
    [
        "*",
        "**",
        "***",
        "**18**",
        "**$20**",
        "**Total:**",
        "3*4",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "18",
        "So she makes ",
        ".",
        "| 9 | 2 |",
        "|",
        "Check: 72 - 48 = **24** \u2713",
        "Fun fact: ",
        "x" * (MAX_SPAN - 3),
        "y" * (MAX_SPAN + 5),
        "A: 18",
        "A : 20, not 18",
        " *A: 18 dollars*",
        "A: Natalia sold 48/2 = 24 clips",
        "A:",
        "_A: 18s",
    ]
)
_REPLY = st.lists(_PIECES, max_size=12).map("".join)

_CASES = [
    "",
    "*",
    "**",
    "So 3*4 = 12.\nShe has 12",
    "So she makes **$18** a day.",
    "**18**\n",
    "**18**\n\nHope it helps!",
    "So 3*4 = **12**\nCheck: 12 / 4 = **3** \u2713",
    "| **9** | 2 |",
    "x" * (MAX_SPAN + 10) + " **18**",
    "**18** " + "x" * (MAX_SPAN + 10),
    "*a* **18**",
    "So she has 18.\nA: 18",
    "A: 18\n",
    "\n\nA: 18 apples, not 20",
    "B: 18",
]


def _check(text: str) -> None:
    for numeric in (True, False):
        flags: list[str] = []
        old_flags: list[str] = []
        assert _rule_bold(text, numeric, 16, flags) == _old_rule_bold(text, numeric, 16, old_flags)
        assert flags == old_flags
        assert _rule_a_line(text, numeric, 16, flags) == _old_rule_a_line(
            text, numeric, 16, old_flags
        )
        assert flags == old_flags


@settings(max_examples=3000, deadline=None)
@given(_REPLY)
@example("a*b\n c **18**")
@example("**18**\n" + "z" * (MAX_SPAN + 1))
@example("**18**" + "z" * (MAX_SPAN - 5))  # the line one character longer than the reach
@example("a\n**18**" + "z" * (MAX_SPAN - 6))
def test_the_bold_rule_reads_as_it_did(text: str) -> None:
    _check(text)


@pytest.mark.parametrize("text", _CASES)
def test_cases(text: str) -> None:
    _check(text)
