"""The final-sentence rule's early return (issue 14, speed).

``Extractor._final`` returns the final sentence's reading at once when it is none, or a
rejected reading with no number (``She ends up with either 59 or 60 in total.``), in a
sentence with no ``z`` (dozens) and no ``(`` in its first six characters (bracket remarks):
each reader it would have called next keeps such a reading, and leaves the flags as they
are (a reading of none goes on to the last-number rule with them). Tested here reader by
reader, on generated sentences and on the hedged forms, with and without the prompt; and
the readers ``_final`` calls are the ones listed here, so that a new one is tested too.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.alternatives import offered_last
from rftkit.rewards.asked_statements import asked_statement
from rftkit.rewards.asked_units import asked_reading
from rftkit.rewards.bounds import bounded
from rftkit.rewards.closings import asked
from rftkit.rewards.explanations import explained
from rftkit.rewards.extract import Extractor
from rftkit.rewards.extraction import Extraction
from rftkit.rewards.givens import given_reading
from rftkit.rewards.hypotheticals import hypothetical
from rftkit.rewards.offers import offered_final
from rftkit.rewards.time_frames import time_frame

EX = Extractor()
RULE = "final_sentence"
# What _final calls: up to the early return, then the readers it skips (each tested below),
# and the two it does not skip for a sentence the early return would otherwise take.
BEFORE = {"read_breakdown", "_statement", "converted", "rfind"}
SKIPPED = {
    "explained",
    "time_frame",
    "given_reading",
    "asked_reading",
    "asked_statement",
    "bounded",
    "asked",
    "offered_last",
    "hypothetical",
    "may_offer",
    "offered_final",
}
GATED = {"dozen_reading", "bracket_remark", "startswith"}  # "z" in s, "(" in s[:6]
PROBES = {"may_suppose"}  # a probe before hypothetical (reads no reading: skipped with it)
REASONS = [
    "multiple_answers",
    "several_numbers",
    "bound",
    "question",
    "clock_time",
    "expression",
    "no_number",
]
QUESTION = "Each of 3 boxes holds 11 ounces, and 20 more cost $5. How many ounces in total?"


def test_the_readers_after_the_early_return_are_the_tested_ones() -> None:
    tree = ast.parse(textwrap.dedent(inspect.getsource(Extractor._final)))
    called = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            called.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
    assert called == BEFORE | SKIPPED | GATED | PROBES


def _readings(found: Extraction | None, s: str, body: str, prompt: object) -> None:
    """Each skipped reader keeps ``found`` and the flags, as _final calls it."""
    flags: list[str] = ["truncated"]
    calls = [
        lambda: explained(EX, found, s, body, flags),
        lambda: time_frame(EX, RULE, found, s, True, flags, prompt, body),
        lambda: bounded(EX, RULE, found, s, True, flags),
        lambda: asked(found, s),
        lambda: offered_last(EX, found, s, body),
        lambda: hypothetical(EX, RULE, found, s, flags, prompt, body),
        lambda: offered_final(EX, found, s, body, prompt),
    ]
    if prompt is not None and found is not None:
        calls += [
            lambda: given_reading(found, s, prompt),
            lambda: asked_reading(found, s, prompt),
            lambda: asked_statement(found, s, body, prompt),
        ]
    for i, call in enumerate(calls):
        assert call() is found, (i, s, found)
        assert flags == ["truncated"], (i, s)


def _check(s: str, head: str) -> None:
    if "z" in s or "(" in s[:6]:
        return  # not the early return's
    body = head + s
    for prompt in (None, [{"role": "user", "content": QUESTION}]):
        read = EX._statement(RULE, s, True, ["truncated"], body)
        kinds: list[Extraction | None] = [None]
        if read is not None and read.rejected is not None and read.number is None:
            kinds.append(read)
        answer = read.answer if read is not None else "18"
        for why in REASONS:
            flags = ("truncated", why)
            kinds.append(Extraction(answer, RULE, None, 2, flags, False, why))
        for found in kinds:
            _readings(found, s, body, prompt)


_WORDS = st.sampled_from(
    [
        "She ends up with",
        "So the answer is",
        "either",
        "or",
        "or maybe",
        "and",
        "to",
        "more than",
        "at least",
        "over",
        "if",
        "If",
        "Or",
        "Alternatively,",
        "It could also be",
        "might be",
        "per week",
        "a day",
        "in total",
        "dollars",
        "hours",
        "minutes",
        "cents",
        "eggs",
        "which is",
        "for 3 days",
        "Answer:",
        ":",
        ",",
        "=",
        "x",
        ")",
        "$",
        "%",
    ]
)
_NUMBERS = st.sampled_from(["3", "11", "18", "20", "33", "59", "60", "126", "1,200", "2.5"])
_PART = st.one_of(_WORDS, _NUMBERS)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PART, min_size=1, max_size=9), st.sampled_from([".", "?", "!", ""]))
@example(["She ends up with", "either", "59", "or", "60", "in total"], ".")
@example(["So she has", "18", "or", "20", "eggs", "if", "3", "boxes"], ".")
@example(["It could also be", "18", "or", "20"], "?")
@example(["more than", "18", "or", "20", "dollars"], ".")
def test_each_skipped_reader_keeps_no_reading_and_a_rejected_one(
    parts: list[str], stop: str
) -> None:
    s = " ".join(parts) + stop
    for head in ("", "She sells 3 eggs at $6 each, so 3 * 6 = 18.\n", "First 9 + 9 = 18. "):
        _check(s, head)


def test_the_hedged_forms_are_read_as_before() -> None:
    for s in (
        "She ends up with either 57 or 60 in total.",
        "She ends up with either 165 or 65 in total.",
        "So she has 18 or 20 apples if the 3 boxes are full.",
        "It is 18 or 20 dollars, more than 15.",
        "Maybe 18 or 20?",
    ):
        _check(s, "Work: 9 + 9 = 18\n")
        # The rule's reading is the statement's, whatever the readers after it would do.
        found = EX._final(RULE, s, [], None, "Work: 9 + 9 = 18\n" + s)
        if found is not None and found.rejected is not None and found.number is None:
            assert found == EX._statement(RULE, s, True, [], "Work: 9 + 9 = 18\n" + s)
