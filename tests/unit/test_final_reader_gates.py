"""The gates in front of final-sentence readers hold them to their ungated readings.

``Extractor._final`` calls :func:`time_frames.time_frame` and :func:`bounds.bounded` only
for a reading with a number: each returns any other reading (none, a refusal) as it is.
:func:`offers.may_offer` tests ``" be"`` and ``" say"`` before the stems that hold them.
These tests hold each to the reading without the gate, on generated sentences aimed at
the words the readers look for (hedged and refused readings included). (The bracket test
in front of :func:`sentence_patterns.last_numbers`'s opener checks is held to the general
reading by tests/unit/test_extract_sentence_speed_parity.py.)
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.bounds import bounded
from rftkit.rewards.extract import Extractor
from rftkit.rewards.offers import LIST_MARKS, may_offer
from rftkit.rewards.time_frames import time_frame

_PIECES = st.sampled_from(
    [
        *"aZ 0 9 5 ,.-()[]{}$:?=*",
        "18",
        "20",
        " or ",
        "either ",
        " more than ",
        " over ",
        " under ",
        " in 3 weeks",
        " days",
        " may be ",
        " might be ",
        " could be ",
        " be ",
        " might say ",
        " would say ",
        " say ",
        " also ",
        " another ",
        " answer ",
        "arguably ",
        "So she makes $",
        "She ends up with ",
    ]
)
_SENTENCE = st.lists(_PIECES, min_size=1, max_size=16).map("".join).map(lambda s: s + ".")
_EX = Extractor()


def _may_offer_ungrouped(s: str) -> bool:
    """:func:`may_offer` as written before its grouped tests (the reference)."""
    return (
        s[:1] in LIST_MARKS or (len(s) <= 24 and s[:1] == "$")
        or "lso" in s or "lternat" in s or "nother" in s
        or "ay be" in s or "ght be" in s or "could be" in s
        or "rgu" in s or "ght say" in s or "uld say" in s
        or "nswer" in s
        or (len(s) <= 40 and ":" in s)
    )  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(_SENTENCE)
@example("It may be 20.")
@example("Some might say 20.")
@example("She would say 20 or 18.")
@example("So she makes $18 a day.")
def test_may_offer_equals_ungrouped(s: str) -> None:
    assert may_offer(s) == _may_offer_ungrouped(s)


@settings(max_examples=300, deadline=None)
@given(_SENTENCE)
@example("She ends up with either 18 or 20 in total.")
@example("So she makes more than 18 or 20 dollars over 3 weeks.")
@example("It takes 18 or 20 days.")
def test_time_frame_and_bounded_keep_a_reading_without_number(s: str) -> None:
    """A reading with no number (none, or refused) is what both readers return; so the
    gate ``found is not None and found.number is not None`` changes nothing."""
    found = _EX._statement("final_sentence", s, True, [], s)
    readings = [None, found] if found is None or found.number is None else [None]
    for reading in readings:
        assert time_frame(_EX, "final_sentence", reading, s, True, [], None, s) is reading
        assert bounded(_EX, "final_sentence", reading, s, True, []) is reading
