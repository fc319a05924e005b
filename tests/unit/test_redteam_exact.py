"""``exact_match`` and Unicode: a right answer as shown scored 0.

``Pa<zero-width space>ris``, fullwidth ``ＰＡＲＩＳ`` (an IME's output) and a decomposed ``é``
are the answer a reader sees, but were compared code point by code point. Non-ASCII text is
now taken as shown (NFC, fullwidth ASCII as ASCII, no invisible format characters), while
compatibility forms that change meaning (``x²``, ``½``) are kept.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.builtin.exact import normalise_text
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Sample

REGISTRY = GraderRegistry(entry_points=False)
EXACT = REGISTRY.create("exact_match")


def _score(reply: str, reference: str) -> float:
    return EXACT(Sample.from_text(response=reply, reference=reference)).score


@pytest.mark.parametrize(
    ("reply", "reference"),
    [
        ("Pa\u200bris", "Paris"),
        ("\ufeffParis\u200d", "Paris"),
        ("Pa\u00adris", "Paris"),
        ("\uff30\uff41\uff52\uff49\uff53", "Paris"),
        ("\uff17\uff12", "72"),
        ("New\u3000York", "New York"),
        (unicodedata.normalize("NFD", "Caf\u00e9"), "Caf\u00e9"),
    ],
)
def test_the_answer_as_shown_matches(reply: str, reference: str) -> None:
    assert _score(reply, reference) == 1.0


@pytest.mark.parametrize(
    ("reply", "reference"),
    [
        ("x2", "x\u00b2"),  # x squared is not x2
        ("12", "1\u00bd"),
        ("\u200b", "Paris"),
        ("Paris or London", "Paris"),
        ("P\u0430ris", "Paris"),  # a Cyrillic letter is another answer here
    ],
)
def test_other_answers_still_differ(reply: str, reference: str) -> None:
    assert _score(reply, reference) == 0.0


INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])


@settings(max_examples=200, deadline=None)
@given(
    word=st.text(alphabet="abcdefghijklmnopqrstuvwxyz\u00e9\u00f1", min_size=1, max_size=12),
    at=st.integers(0, 12),
    mark=INVISIBLE,
)
def test_no_invisible_character_changes_an_answer(word: str, at: int, mark: str) -> None:
    shown = word[:at] + mark + word[at:]
    assert normalise_text(shown) == normalise_text(word)
    assert _score(shown, word) == 1.0
