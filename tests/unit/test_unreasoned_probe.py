"""The narrowed probe of :func:`checks_after.unreasoned` reads as the old one (issue 14, speed).

The old probe sent every sentence whose last 100 characters hold any non-ASCII character
(a ``\u00d7``, a curly quote, a ``\u20ac``) through the three readings (justification,
explanation, comparisons); the new one sends such a sentence only when it holds something
one of them acts on (:func:`checks_after._may_change`). Both must give the same sentence for
every input: a case table both ways and a property over texts built from the words and
signs the readings look for.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.checks_after import (
    REASON_REACH,
    drop_comparisons,
    justified,
    unreasoned,
    unsourced,
    without_explanation,
    without_reason,
)
from rftkit.rewards.explanations import _by_doing, computed
from rftkit.rewards.extract import Extractor


def _unreasoned_old(sentence: str) -> str:
    """:func:`unreasoned` with the probe it had before (its oracle): any non-ASCII
    character in the tail sends the sentence through the readings. Session 13's readings
    (a computation, a justified source, a ``by`` clause, a source phrase) run on every
    sentence here, without the probes that gate them in :func:`unreasoned`."""
    if "=" not in sentence and (cut := computed(sentence)) is not sentence:
        return _unreasoned_old(cut)
    if (cut := justified(sentence)) is not sentence:
        return _unreasoned_old(cut)
    original = sentence
    tail = sentence if len(sentence) <= REASON_REACH else sentence[-REASON_REACH:]
    if not (
        "<" not in tail
        and ">" not in tail
        and tail.isascii()
        and "ecause" not in tail
        and "since" not in tail
        and ", as " not in tail
        and "i.e" not in tail
        and ", that" not in tail
        and " after " not in tail
        and _by_doing(sentence) == -1
    ):
        sentence = drop_comparisons(without_reason(without_explanation(sentence)))
    # An "=" anywhere in the sentence as written keeps the source phrase (a comparison such
    # as "0 != 0" dropped above does not make it an equation-free sentence).
    return unsourced(sentence) if "=" not in original else sentence


_PAD = "x" * 120  # pushes what precedes it out of the probe's 100-character tail

# (sentence, what both probes read it as). The old reading is the oracle's, checked below.
_CASES = [
    # A non-ASCII tail with nothing the readings act on: unchanged (now without the passes).
    ("He makes 9 \u00d7 2 = $18 a day.", "He makes 9 \u00d7 2 = $18 a day."),
    ("Gloria\u2019s turtle took 8 minutes.", "Gloria\u2019s turtle took 8 minutes."),
    ("The total is 945\u20ac.", "The total is 945\u20ac."),
    # A non-ASCII tail and a comparison sign the readings act on: read as before.
    ("She saves 5 \u00d7 2 = 10 and 10 \u2264 12.", "She saves 5 \u00d7 2 = 10 and  ."),
    ("He buys it \u00d7 2 as 50 \u2265 40.", "He buys it \u00d7 2 as  ."),
    ("So 7 \u2260 8 \u00d7 1.", "So   \u00d7 1."),
    # A comparison before the tail, a non-ASCII character in it: still blanked (with the
    # comma and the first 20 letters after it, as the comparison pattern reads them).
    ("Since 50 < 52, " + _PAD + " 18 \u00d7 1 = 18.", "Since  " + _PAD[20:] + " 18 \u00d7 1 = 18."),
    ("As 5 != 6 " + _PAD + " so 18\u2019s.", "As  " + _PAD[20:] + " so 18\u2019s."),
    (
        "She has 72, which is more than 70 " + _PAD + " \u00d7.",
        "She has  " + _PAD[20:] + " \u00d7.",
    ),
    # An explanation's dash or opener before the tail: still cut.
    ("She makes $18 \u2014 9 eggs at $2 " + _PAD + "\u00d7.", "She makes $18."),
    ("She makes $18, i.e., 9 eggs at $2 " + _PAD + "\u00d7.", "She makes $18."),
]


@pytest.mark.parametrize(("sentence", "expected"), _CASES)
def test_the_narrowed_probe_reads_as_the_old_one(sentence: str, expected: str) -> None:
    assert _unreasoned_old(sentence) == expected
    assert unreasoned(sentence) == expected


_WORDS = [
    "<",
    ">",
    "!=",
    "<=",
    ">=",
    "than",
    "more than",
    " is less than ",
    " because ",
    " since ",
    ", as ",
    ", i.e., ",
    " (i.e. ",
    ", that is ",
    ", that's ",
    " \u2014 ",
    "\u2014",
    "\u2264",
    "\u2265",
    "\u2260",
    "\u226a",
    "\u226b",
    "\u00d7",
    "\u2019",
    "\u20ac",
    "\u00e9",
    " = ",
    " + ",
    " * ",
    " x ",
    "$",
    "%",
    ", ",
    ". ",
    " so the total is ",
    " of her ",
    " from the original ",
    " from ",
    " after ",
    " were eaten",
    " by selling ",
    ", which is ",
    ", namely ",
    " minus ",
    " - ",
    " eggs",
    " apples",
    " ",
    _PAD,
]
_NUMBER = st.integers(min_value=0, max_value=200).map(str)
_SENTENCE = st.lists(st.one_of(st.sampled_from(_WORDS), _NUMBER), max_size=14).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_SENTENCE)
@example("5 < 6 " + _PAD + "\u00d7")
@example("9 eggs \u2014 9 \u00d7 2 = 18")
@example("18, i.e., 9 * 2 " + _PAD + "\u2019")
@example("72 != 70 " + _PAD + "\u20ac")
@example("72 is more than 70" + _PAD + "\u00e9")
@example("0!=0<1 of her 0")  # a comparison with "=" dropped: the source phrase stays
def test_the_narrowed_probe_reads_every_sentence_as_the_old_one(sentence: str) -> None:
    assert unreasoned(sentence) == _unreasoned_old(sentence)


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("Each day they make 80 \u00d7 $5 = $400.", "400"),  # read as before: 400
        ("So 12 \u00d7 3 = 36 and 36 \u2264 40, so she buys 36 cups.", "36"),  # as before: 36
        ("Gloria\u2019s turtle took 2 \u00d7 4 = 8 minutes.", "8"),  # as before: 8
    ],
)
def test_replies_with_a_non_ascii_final_sentence_read_as_before(reply: str, answer: str) -> None:
    found = Extractor()(reply)
    assert found.rejected is None
    assert found.answer == answer
