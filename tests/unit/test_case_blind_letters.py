"""Letters that a case-blind pattern reads as ASCII ones never crash a grader.

Python's ``re.IGNORECASE`` (Unicode mode) matches four non-ASCII letters as ASCII ones: the
long s (U+017F) as ``s``, the Kelvin sign (U+212A) as ``k``, the dotless i (U+0131) and the
dotted capital I (U+0130) as ``i``. A reader that found ``thou\u017fand`` with a case-blind
pattern and then looked ``"thou\u017fand".lower()`` up in a table of ASCII words raised
``KeyError``: ``So she has 2 thou\u017fand apples.`` crashed the ``gsm8k`` grader (found in
session 11). Such words are looked up by ``unicode_digits.ascii_lower`` now; a case table
shows what they read as, and a property grades generated replies with any of their letters
swapped for the four, with and without a question, and asks only for one reward each.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.unicode_digits import ascii_lower

_SWAP = {"s": "\u017f", "S": "\u017f", "k": "\u212a", "K": "\u212a", "i": "\u0131", "I": "\u0130"}
_GSM8K = rftkit.load_grader("gsm8k")
_NUMERIC = rftkit.load_grader("numeric")


def _swapped(text: str) -> str:
    return "".join(_SWAP.get(c, c) for c in text)


# (reply written in ASCII, its answer): the same reply with every s, k and i swapped reads
# the same answer (each crashed before, with KeyError). Not every swapped reply reads as its
# twin: a reader that compares words without such a pattern sees another word (``ſo``
# is no ``so``), which the property below allows; it asks for no crash.
_CASES = [
    ("So she has 2 thousand apples.", "2000"),
    ("The answer is 2 thousand.", "2000"),
    ("#### 2 thousand", "2000"),
    ("She runs six and a half miles.", "6.5"),
]


@pytest.mark.parametrize(("text", "value"), _CASES)
def test_a_swapped_letter_reads_as_its_ascii_twin(text: str, value: str) -> None:
    plain = _GSM8K(Sample.from_text(response=text, reference=value))
    swapped = _GSM8K(Sample.from_text(response=_swapped(text), reference=value))
    assert plain.score > 0.5, plain
    assert swapped.score == plain.score, (swapped, plain)


def test_ascii_lower_folds_the_four_letters_only() -> None:
    assert ascii_lower("THOU\u017fAND") == "thousand"
    assert ascii_lower("\u212aM") == "km"
    assert ascii_lower("\u0130N") == "in"
    assert ascii_lower("s\u0131x") == "six"
    assert ascii_lower("caf\u00e9") == "caf\u00e9"  # other letters stay as they are


_PIECES = st.sampled_from(
    [
        "She sells ",
        "2 thousand ",
        "1.5 million ",
        "six and a half ",
        "sixteen and three quarters ",
        "two thirds of ",
        "18 dollars and 50 cents",
        "2 pounds and 50 pence",
        "2 kilometers and 300 meters",
        "2 hours and 30 minutes",
        "apples",
        ", so she makes ",
        "The answer is ",
        "**Answer:** ",
        "#### ",
        "six",
        "18",
        "3k",
        ".",
        "\n",
        " or ",
        "is it ",
        "?",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=10), st.randoms(use_true_random=False))
def test_replies_with_swapped_letters_get_one_reward(pieces: list[str], rnd: object) -> None:
    text = "".join(pieces)
    swapped = "".join(
        _SWAP[c] if c in _SWAP and rnd.random() < 0.5 else c  # type: ignore[attr-defined]
        for c in text
    )
    for grader in (_GSM8K, _NUMERIC):
        for prompt in (None, _swapped("How many thousand apples does she sell in six days?")):
            reward = grader(Sample.from_text(response=swapped, reference="18", prompt=prompt))
            assert math.isfinite(reward.score), swapped
