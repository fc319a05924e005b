"""Reward hacking against ``ifeval``'s word and punctuation checks with Unicode look-alikes.

A reply could break "no commas" with a fullwidth or ideographic comma, and use a forbidden
word (or exceed a keyword or letter limit) by writing it with a zero-width character inside
or a Cyrillic/Greek letter drawn like a Latin one: the checks read code points, a reader
reads the page. The checks now read :func:`visible` text (docs/ifeval.md).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.ifeval.checks import COMMAS, build, visible
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Sample

REGISTRY = GraderRegistry(entry_points=False)
IFEVAL = REGISTRY.create("ifeval")


def _score(reply: str, iid: str, kwargs: dict[str, Any]) -> float:
    ref = {"instruction_id_list": [iid], "kwargs": [kwargs]}
    return IFEVAL(Sample.from_text(response=reply, reference=ref)).score


NO_COMMA = ("punctuation:no_comma", {})
FORBID = ("keywords:forbidden_words", {"forbidden_words": ["paris", "tower"]})
AT_MOST_ONE = ("keywords:frequency", {"keyword": "paris", "frequency": 2, "relation": "less than"})
FEW_E = (
    "keywords:letter_frequency",
    {"letter": "e", "let_frequency": 3, "let_relation": "less than"},
)

BROKEN = {
    "fullwidth_comma": ("Hello\uff0c world", NO_COMMA),
    "ideographic_comma": ("one\u3001two", NO_COMMA),
    "arabic_comma": ("a\u060c b", NO_COMMA),
    "small_comma": ("a\ufe50 b", NO_COMMA),
    "low_quote_comma": ("a\u201a b", NO_COMMA),
    "zero_width_space": ("I love Pa\u200bris.", FORBID),
    "zero_width_joiner": ("I love Par\u200dis.", FORBID),
    "soft_hyphen": ("The Tow\u00adER is tall.", FORBID),
    "cyrillic_a": ("I love P\u0430ris.", FORBID),
    "greek_omicron": ("The T\u03bfwer.", FORBID),
    "fullwidth_letters": ("I love \uff30\uff41\uff52\uff49\uff53.", FORBID),
    "keyword_repeated_in_disguise": ("Paris, P\u0430ris and Pa\u200bris.", AT_MOST_ONE),
    "letter_in_disguise": ("h\u0435ll\u0435 th\u0435r\u0435", FEW_E),
}


@pytest.mark.parametrize(("reply", "instruction"), BROKEN.values(), ids=BROKEN.keys())
def test_a_disguised_violation_is_not_followed(
    reply: str, instruction: tuple[str, dict[str, Any]]
) -> None:
    assert _score(reply, *instruction) == 0.0


KEPT = {
    "plain_text": ("Lyon is lovely; I went there.", FORBID),
    "russian_text": ("Это очень хорошо и красиво.", FORBID),
    "chinese_without_commas": ("\u6211\u559c\u6b22\u91cc\u6602\u3002", NO_COMMA),
    "accented_words": ("Caf\u00e9 cr\u00e8me; na\u00efve r\u00e9sum\u00e9.", NO_COMMA),
    "one_keyword": ("I love Paris.", AT_MOST_ONE),
}


@pytest.mark.parametrize(("reply", "instruction"), KEPT.values(), ids=KEPT.keys())
def test_an_honest_reply_still_follows(reply: str, instruction: tuple[str, dict[str, Any]]) -> None:
    assert _score(reply, *instruction) == 1.0


INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])


@settings(max_examples=200, deadline=None)
@given(
    word=st.sampled_from(["paris", "tower", "secret", "banana"]),
    cut=st.integers(1, 5),
    mark=INVISIBLE,
    before=st.text(alphabet="abc .;", max_size=20),
    after=st.text(alphabet="abc .;", max_size=20),
)
def test_no_invisible_character_hides_a_forbidden_word(
    word: str, cut: int, mark: str, before: str, after: str
) -> None:
    disguised = word[:cut] + mark + word[cut:]
    check = build("keywords:forbidden_words", {"forbidden_words": [word]})
    assert not check(f"{before} {disguised} {after}")


@settings(max_examples=100, deadline=None)
@given(comma=st.sampled_from(sorted(COMMAS)), text=st.text(max_size=40))
def test_every_comma_breaks_no_comma(comma: str, text: str) -> None:
    assert not build("punctuation:no_comma", {})(text + comma + text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=80))
def test_visible_is_idempotent_and_keeps_ascii(text: str) -> None:
    once = visible(text)
    assert visible(once) == once
    if text.isascii():
        assert once == text


# -- language: a line of another language's function words ------------------------------------

ESSAY = [
    "The river carries water from the mountains to the sea, and it has done so for ages.",
    "People in the valley have built their homes along its banks because the soil is rich.",
    "In the spring the water rises and the farmers prepare their fields for the new season.",
    "It is a quiet place where children play and old men fish in the evening light.",
]
FRENCH_WORDS = [
    "le",
    "la",
    "les",
    "des",
    "une",
    "un",
    "et",
    "est",
    "sont",
    "avec",
    "pour",
    "dans",
    "sur",
    "que",
    "qui",
    "pas",
    "ce",
    "il",
    "elle",
    "nous",
    "vous",
    "au",
    "du",
]
IN_FRENCH = ("language:response_language", {"language": "fr"})


def test_an_english_essay_with_a_line_of_french_words_is_not_french() -> None:
    reply = " ".join(ESSAY) + "\n" + " ".join(FRENCH_WORDS * 2)
    assert _score(reply, *IN_FRENCH) == 0.0
    assert _score(" ".join(FRENCH_WORDS * 2) + "\n" + " ".join(ESSAY), *IN_FRENCH) == 0.0


def test_a_french_reply_is_still_french() -> None:
    reply = (
        "Le fleuve porte l'eau des montagnes jusqu'à la mer. Il est très ancien et les gens "
        "de la vallée vivent sur ses rives depuis des siècles."
    )
    assert _score(reply, *IN_FRENCH) == 1.0


@settings(max_examples=150, deadline=None)
@given(
    sentences=st.lists(st.sampled_from(ESSAY), min_size=2, max_size=4),
    stuffing=st.lists(st.sampled_from(FRENCH_WORDS), min_size=30, max_size=120),
    first=st.booleans(),
)
def test_function_words_shorter_than_the_essay_do_not_change_its_language(
    sentences: list[str], stuffing: list[str], first: bool
) -> None:
    essay = " ".join(sentences)
    line = " ".join(stuffing)
    letters = sum(map(str.isalpha, essay))
    if sum(map(str.isalpha, line)) * 5 > letters * 4:  # stuffing under 80% of the essay
        return
    reply = f"{line}\n{essay}" if first else f"{essay}\n{line}"
    assert _score(reply, *IN_FRENCH) == 0.0


@settings(max_examples=300, deadline=None)
@given(mark=st.characters(categories=["Cf"]))
def test_every_format_character_is_invisible(mark: str) -> None:
    from rftkit.rewards.builtin.exact import normalise_text
    from rftkit.rewards.text_similarity import visible_text

    assert visible(f"pa{mark}ris") == "paris"
    assert visible_text(f"pa{mark}ris") == "paris"
    assert normalise_text(f"pa{mark}ris") == "paris"
