"""A note or an assumption after the answer (``Note: prices may vary by 2 or 3 dollars.``,
``(Assuming she sells all 9 eggs.)``) is not read for the answer: the answer before it is,
flagged ``aside``. Before, the aside's number was paid (9), or its hedge refused the reply.

The aside is a check section of its own kind (:mod:`rftkit.rewards.checks_after`): it must
run to the end of the reply, the text before it must state an answer, and a note that takes
the answer back (``Note: wait, I made a mistake``) is read as the reply's last word.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.extract import RULES, Extractor

_EXTRACT = Extractor(tuple(RULES), numeric=True)
_BASE = "She has 16 - 3 - 4 = 9 eggs left.\nSo Janet makes $18 every day at the market."


@pytest.mark.parametrize(
    "aside",
    [
        "*Note: This assumes all 9 eggs are sold.*",
        "Note: prices may vary by 2 or 3 dollars.",
        "(Assuming she sells all 9 eggs.)",
        "**Note:** She keeps 3 eggs for 1 breakfast.",
        "Assumption: all 9 eggs are sold at $2 each.",
        "*Assuming all 9 eggs sell.*",
        "> Note: 3 eggs are eaten.\n> 4 are baked.",
        "Notes:\n- 3 eggs are eaten.\n- 4 go into muffins.",
        "Side note \u2014 a duck lays about 300 eggs a year.",
    ],
)
def test_an_aside_after_the_answer_keeps_the_answer(aside: str) -> None:
    found = _EXTRACT(f"{_BASE}\n\n{aside}")
    assert (found.answer, found.rejected) == ("18", None), found
    assert "aside" in found.flags


@pytest.mark.parametrize(
    ("tail", "answer", "rejected"),
    [
        # Going on with the solution, not an aside: read as before.
        ("Note that she earns 9 * 2 = $20.", "20", "multiple_answers"),
        ("Assuming she sells all 9 eggs, she makes $20.", "20", None),
        # A note that takes the answer back is the reply's last word.
        ("Note: wait, I made a mistake: she makes $20.", "20", None),
        # A marker in a note is an answer like any other.
        ("Note: The answer is 20.", "20", None),
    ],
)
def test_what_is_no_aside_reads_as_before(tail: str, answer: str, rejected: str | None) -> None:
    found = _EXTRACT(f"{_BASE}\n\n{tail}")
    assert (found.answer, found.rejected) == (answer, rejected), found
    assert "aside" not in found.flags


def test_an_aside_with_no_answer_before_it_is_read_as_before() -> None:
    found = _EXTRACT("Let us think.\n\nNote: she sells 9 eggs at $2, so $18.")
    assert "aside" not in found.flags


_OPENERS = ["Note:", "**Note:**", "NOTE:", "Assumption:", "(Note:", "*Note:", "(Assuming"]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(_OPENERS),
    st.sampled_from(["", "or {b} ", "{b} + 1 = {c} "]),
)
def test_an_asides_numbers_are_never_paid(a: int, b: int, opener: str, extra: str) -> None:
    if a == b:
        return
    aside = f"{opener} this assumes {b} eggs {extra.format(b=b, c=b + 1)}are sold."
    if opener.startswith("("):
        aside += ")"
    elif opener == "*Note:":
        aside += "*"
    found = _EXTRACT(f"She has {a} eggs left.\nSo she makes ${a} every day.\n\n{aside}")
    assert found.rejected is None and found.number is not None, (aside, found)
    assert found.number.value == a
