"""Invariants of the ``ifeval`` grader on any text (hypothesis): a finite score in [0, 1],
one metric per instruction type, never an exception, bounded time on hostile replies."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.rewards.ifeval.checks import INSTRUCTIONS
from rftkit.rewards.ifeval.langid import detect
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Sample

REGISTRY = GraderRegistry(entry_points=False)
GRADERS = [
    REGISTRY.create("ifeval"),
    REGISTRY.create("ifeval", mode="loose"),
    REGISTRY.create("ifeval", mode="loose", aggregate="all"),
]

# One valid kwargs object per instruction type.
KWARGS = {
    "keywords:existence": {"keywords": ["river", "sea"]},
    "keywords:frequency": {"keyword": "the", "frequency": 2, "relation": "at least"},
    "keywords:forbidden_words": {"forbidden_words": ["bad", "worse"]},
    "keywords:letter_frequency": {"letter": "e", "let_frequency": 3, "let_relation": "less than"},
    "language:response_language": {"language": "en"},
    "length_constraints:number_sentences": {"num_sentences": 3, "relation": "less than"},
    "length_constraints:number_paragraphs": {"num_paragraphs": 2},
    "length_constraints:number_words": {"num_words": 20, "relation": "at least"},
    "length_constraints:nth_paragraph_first_word": {
        "num_paragraphs": 2,
        "nth_paragraph": 2,
        "first_word": "then",
    },
    "detectable_content:number_placeholders": {"num_placeholders": 1},
    "detectable_content:postscript": {"postscript_marker": "P.S."},
    "detectable_format:number_bullet_lists": {"num_bullets": 2},
    "detectable_format:constrained_response": {},
    "detectable_format:number_highlighted_sections": {"num_highlights": 1},
    "detectable_format:multiple_sections": {"section_spliter": "Section", "num_sections": 2},
    "detectable_format:json_format": {},
    "detectable_format:title": {},
    "combination:two_responses": {},
    "combination:repeat_prompt": {"prompt_to_repeat": "Say hi."},
    "startend:end_checker": {"end_phrase": "Bye."},
    "startend:quotation": {},
    "change_case:capital_word_frequency": {"capital_frequency": 2, "capital_relation": "at least"},
    "change_case:english_capital": {},
    "change_case:english_lowercase": {},
    "punctuation:no_comma": {},
}

FRAGMENTS = [
    "*", "**", "***", "******", "-", "[", "]", "<<", ">>", "{", "}", '"', ",", ".", "...", "?",
    "!", "\n", "\n\n", " ", "\t", "P.S.", "p. p. s", "Section 1", "SECTION", "the", "river",
    "My answer is yes.", "```json", "```", "Then", "ЭТО", "है", "日本", "DON'T", "e.g.", "Dr.",
    "3.5", "\u200b", "\u00a0", "\u2028", "Bye.",
]  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=TEXT,
    ids=st.lists(st.sampled_from(sorted(KWARGS)), min_size=1, max_size=4),
    which=st.integers(0, len(GRADERS) - 1),
)
def test_any_text_scores_in_range_with_one_metric_per_type(
    text: str, ids: list[str], which: int
) -> None:
    ref = {"instruction_id_list": ids, "kwargs": [KWARGS[i] for i in ids]}
    reward = GRADERS[which](Sample.from_text(response=text, reference=ref))
    assert math.isfinite(reward.score)
    assert 0.0 <= reward.score <= 1.0
    assert [m.name for m in reward.metrics] == list(dict.fromkeys(ids))
    assert all(m.value in (0.0, 1.0) for m in reward.metrics)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_loose_never_scores_below_strict(text: str) -> None:
    ids = sorted(KWARGS)
    ref = {"instruction_id_list": ids, "kwargs": [KWARGS[i] for i in ids]}
    sample = Sample.from_text(response=text, reference=ref)
    assert GRADERS[1](sample).score >= GRADERS[0](sample).score


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_language_detector_returns_a_code_or_none(text: str) -> None:
    code = detect(text)
    assert code is None or (isinstance(code, str) and 2 <= len(code) <= 5)


HOSTILE = [
    "[" * 200_000,
    "<<" * 100_000,
    "*" * 200_000,
    ("*a" + " " * 50) * 4000,
    "\n" * 200_000,
    " \n" * 100_000,
    "." * 200_000,
    "a." * 100_000,
    "[" + "x" * 200_000,
    "Section" * 30_000,
    "{" * 100_000,
    "x" * 200_000 + "]",
    ("[a\n" * 50_000) + "]",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_replies_take_bounded_time(text: str) -> None:
    ids = sorted(KWARGS)
    ref = {"instruction_id_list": ids, "kwargs": [KWARGS[i] for i in ids]}
    start = time.perf_counter()
    reward = GRADERS[1](Sample.from_text(response=text, reference=ref))  # loose: 8 variants
    elapsed = time.perf_counter() - start
    assert 0.0 <= reward.score <= 1.0
    assert elapsed < 5.0, f"{elapsed:.2f}s: something in the checks is not linear"


def test_every_instruction_type_has_property_kwargs() -> None:
    assert set(KWARGS) == set(INSTRUCTIONS)
