"""``text_similarity`` and Unicode: the same visible text scored below 1.0.

``café`` with a combining accent (NFD) against ``café`` precomposed (NFC), fullwidth
letters, or a zero-width space inside a word are the text a reader sees, but every metric
compared code points (ROUGE even split the word at the invisible character). Both sides are
now NFKC-normalised without invisible format characters (``normalize_unicode``, default on).
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.builtin.text_similarity import METRICS, text_similarity
from rftkit.rewards.types import Sample

pytest.importorskip("rapidfuzz")

REF = "Le caf\u00e9 na\u00efve est pr\u00e8s de la tour"

SAME_TEXT = {
    "nfd": unicodedata.normalize("NFD", REF),
    "zero_width_space": REF.replace("tour", "to\u200bur"),
    "word_joiner_and_bom": "\ufeff" + REF.replace("pr", "p\u2060r"),
    "soft_hyphen": REF.replace("caf", "ca\u00adf"),
    "fullwidth_ascii": REF.replace("Le", "\uff2c\uff45"),
}


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("reply", SAME_TEXT.values(), ids=SAME_TEXT.keys())
def test_the_same_visible_text_scores_one(reply: str, metric: str) -> None:
    g = text_similarity(metric=metric)
    assert g(Sample.from_text(response=reply, reference=REF)).score == 1.0


@pytest.mark.parametrize("metric", METRICS)
def test_normalisation_can_be_turned_off(metric: str) -> None:
    g = text_similarity(metric=metric, normalize_unicode=False)
    reply = SAME_TEXT["zero_width_space"]
    assert g(Sample.from_text(response=reply, reference=REF)).score < 1.0


@pytest.mark.parametrize("metric", METRICS)
def test_invisible_characters_alone_are_still_an_empty_reply(metric: str) -> None:
    g = text_similarity(metric=metric)
    assert g(Sample.from_text(response="\u200b\u200d\ufeff", reference=REF)).score == 0.0


@settings(max_examples=150, deadline=None)
@given(
    metric=st.sampled_from(METRICS),
    words=st.lists(
        st.sampled_from(["caf\u00e9", "ni\u00f1o", "stra\u00dfe", "tour", "se\u00f1or"]),
        min_size=2,
        max_size=6,
    ),
    form=st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]),
)
def test_every_normal_form_of_the_reference_scores_one(
    metric: str, words: list[str], form: str
) -> None:
    ref = " ".join(words)
    reply = unicodedata.normalize(form, ref)
    g = text_similarity(metric=metric)
    assert g(Sample.from_text(response=reply, reference=ref)).score == 1.0
