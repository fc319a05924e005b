"""Hedge adverbs between two values: ``She makes $18, or arguably $20.`` offers both.

The final-sentence reader knew four hedge adverbs (``maybe``, ``perhaps``, ``possibly``,
``probably``); any other (``arguably``, ``likely``, ``roughly``, ``or even``) let the later
value be paid alone. Now :data:`sentences.HEDGE_ADVERBS` names the adverbs that hedge after
``or`` or alone, and after ``or`` any one adverb in ``-ly`` hedges. ``or rather`` corrects
(the later value is read), and a restatement in another unit stays one value
(:mod:`.conversions`, now with ``exactly`` / ``precisely`` before the second number).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.sentences import HEDGE_ADVERBS, is_hedge

GSM8K = rftkit.load_grader("gsm8k")
WORK = "She sells 16 - 3 - 4 = 9 eggs at $2 each.\n"


def _read(reply: str) -> tuple[object, object]:
    found = GSM8K(Sample.from_text(response=WORK + reply, reference="18"))
    return found.answer, found.errors


def _paid(reply: str, value: int) -> bool:
    reward = GSM8K(Sample.from_text(response=WORK + reply, reference=str(value)))
    return reward.score >= 0.5


# (reply's end) each was paid its later value before: now several answers
HEDGED = [
    "She makes $18, or arguably $20.",
    "She makes $18 or likely $20.",
    "So she makes 18 dollars a day, or conceivably 20.",
    "She makes $18 a day, arguably $20.",
    "She makes $18 a day, presumably $20.",
    "She makes $18, or roughly $20.",
    "She makes $18, or exactly $20.",
    "She makes $18 or even $20.",
    "So she makes 18 pages, or potentially 20, above his goal.",
    "She makes $18 or equivalently $20.",
]


@pytest.mark.parametrize("reply", HEDGED)
def test_a_hedge_adverb_offers_both_values(reply: str) -> None:
    answer, errors = _read(reply)
    assert "multiple_answers" in errors, (reply, answer)


# Read as before: a correction, a restatement in another unit, one value.
AS_BEFORE = [
    ("She makes $18, or rather $20.", "20", ()),  # a correction: the later value
    ("It takes 90 minutes, or exactly 1.5 hours.", "90", ("conversion",)),  # was 1.5
    ("She makes $18 a day, or roughly $126 a week.", "18", ("conversion",)),
    ("She makes $18 a day, which is likely the answer.", "18", ()),
    ("She makes $18 daily.", "18", ()),
]


@pytest.mark.parametrize(("reply", "answer", "flags"), AS_BEFORE)
def test_what_is_read_as_one_value(reply: str, answer: str, flags: tuple[str, ...]) -> None:
    found = rftkit.rewards.extract.Extractor()(WORK + reply)
    assert (found.answer, found.rejected) == (answer, None), reply
    assert set(flags) <= set(found.flags), found.flags


def test_the_gap_words() -> None:
    for adverb in HEDGE_ADVERBS:
        assert is_hedge(f", or {adverb} "), adverb
        assert is_hedge(f" dollars a day, {adverb} $"), adverb
    assert is_hedge(" or roughly ") and is_hedge(", or even $")
    assert not is_hedge(" or rather ") and not is_hedge(" apples and roughly ")


@settings(max_examples=150, deadline=None)
@given(
    a=st.integers(2, 999),
    b=st.integers(2, 999),
    adverb=st.sampled_from([*HEDGE_ADVERBS, "roughly", "even", "exactly", "nearly"]),
    comma=st.booleans(),
    unit=st.sampled_from(["$", "", " dollars"]),
)
@example(a=18, b=20, adverb="arguably", comma=True, unit="$")
def test_a_hedged_pair_is_never_paid(a: int, b: int, adverb: str, comma: bool, unit: str) -> None:
    """Neither value of ``A, or <adverb> B`` is paid."""
    if a == b:
        return

    def v(n: int) -> str:
        return f"${n}" if unit == "$" else f"{n}{unit}"

    reply = f"So she makes {v(a)}{',' if comma else ''} or {adverb} {v(b)}."
    assert not _paid(reply, a), reply
    assert not _paid(reply, b), reply
