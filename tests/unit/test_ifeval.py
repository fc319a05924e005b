"""The ``ifeval`` grader: every IFEval instruction type on a table of cases (with traps),
strict and loose modes, aggregation, metrics and reference errors.

Expected values follow the reference implementation's definitions (google-research
instruction_following_eval); where rftkit deliberately differs the row says so.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.ifeval.checks import (
    INSTRUCTIONS,
    build,
    count_bullets,
    count_capital_words,
    count_highlights,
    count_placeholders,
    count_sentences,
    count_words,
    has_title,
)
from rftkit.rewards.ifeval.langid import detect
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Sample

REGISTRY = GraderRegistry(entry_points=False)
STRICT = REGISTRY.create("ifeval")
LOOSE = REGISTRY.create("ifeval", mode="loose")
ALL = REGISTRY.create("ifeval", aggregate="all")

PAPER_TYPES = {
    "keywords:existence",
    "keywords:frequency",
    "keywords:forbidden_words",
    "keywords:letter_frequency",
    "language:response_language",
    "length_constraints:number_sentences",
    "length_constraints:number_paragraphs",
    "length_constraints:number_words",
    "length_constraints:nth_paragraph_first_word",
    "detectable_content:number_placeholders",
    "detectable_content:postscript",
    "detectable_format:number_bullet_lists",
    "detectable_format:constrained_response",
    "detectable_format:number_highlighted_sections",
    "detectable_format:multiple_sections",
    "detectable_format:json_format",
    "detectable_format:title",
    "combination:two_responses",
    "combination:repeat_prompt",
    "startend:end_checker",
    "startend:quotation",
    "change_case:capital_word_frequency",
    "change_case:english_capital",
    "change_case:english_lowercase",
    "punctuation:no_comma",
}

ESSAY = (
    "Rivers shape the land they cross. They carry silt from the mountains to the sea. "
    "Over time they carve valleys and build deltas where they meet the ocean."
)

# (instruction id, kwargs, response, followed in strict mode)
CASES: list[tuple[str, dict[str, Any], str, bool]] = [
    # keywords:existence - case-insensitive substring, every keyword
    ("keywords:existence", {"keywords": ["river", "delta"]}, ESSAY, True),
    ("keywords:existence", {"keywords": ["river", "glacier"]}, ESSAY, False),
    ("keywords:existence", {"keywords": ["RIVERS"]}, ESSAY, True),
    ("keywords:existence", {"keywords": ["c++"]}, "I write C++ daily.", True),  # literal text
    # keywords:frequency - substring occurrences, "at least" >=, "less than" <
    (
        "keywords:frequency",
        {"keyword": "they", "frequency": 3, "relation": "at least"},
        ESSAY,
        True,
    ),
    (
        "keywords:frequency",
        {"keyword": "they", "frequency": 5, "relation": "at least"},
        ESSAY,
        False,
    ),
    (
        "keywords:frequency",
        {"keyword": "they", "frequency": 4, "relation": "less than"},
        "they They THEY",
        True,
    ),
    (
        "keywords:frequency",
        {"keyword": "they", "frequency": 3, "relation": "less than"},
        "they They THEY",
        False,
    ),
    # keywords:forbidden_words - whole words only
    ("keywords:forbidden_words", {"forbidden_words": ["sea", "ocean"]}, ESSAY, False),
    (
        "keywords:forbidden_words",
        {"forbidden_words": ["sea"]},
        "A seal on the seashore.",
        True,
    ),  # trap: "sea" inside "seal"/"seashore" is not the word
    ("keywords:forbidden_words", {"forbidden_words": ["sea"]}, "The SEA.", False),
    # keywords:letter_frequency - case-insensitive letter count
    (
        "keywords:letter_frequency",
        {"letter": "z", "let_frequency": 2, "let_relation": "at least"},
        "Zig zag",
        True,
    ),
    (
        "keywords:letter_frequency",
        {"letter": "z", "let_frequency": 2, "let_relation": "less than"},
        "Zig zag",
        False,
    ),
    (
        "keywords:letter_frequency",
        {"letter": "Q", "let_frequency": 1, "let_relation": "less than"},
        "no such letter",
        True,
    ),
    # language:response_language
    ("language:response_language", {"language": "en"}, ESSAY, True),
    ("language:response_language", {"language": "hi"}, ESSAY, False),
    (
        "language:response_language",
        {"language": "hi"},
        "भारत एक विशाल देश है और यहाँ की संस्कृति बहुत पुरानी है।",
        True,
    ),
    (
        "language:response_language",
        {"language": "ru"},
        "Это очень интересный вопрос, и я постараюсь ответить.",
        True,
    ),
    (
        "language:response_language",
        {"language": "es"},
        "El río lleva el agua de las montañas hasta el mar, y es muy antiguo.",
        True,
    ),
    (
        "language:response_language",
        {"language": "fr"},
        "Le fleuve traverse la ville et il est très ancien.",
        True,
    ),
    (
        "language:response_language",
        {"language": "de"},
        "Der Fluss fließt durch die Stadt und ist sehr alt.",
        True,
    ),
    ("language:response_language", {"language": "ko"}, "한국어로 대답하겠습니다.", True),
    ("language:response_language", {"language": "ja"}, "日本語で答えます。これはペンです。", True),
    (
        "language:response_language",
        {"language": "fa"},
        "این یک کتاب بسیار خوب است که خواندم.",
        True,
    ),
    ("language:response_language", {"language": "ar"}, "هذه مدينة جميلة جدا في الصيف.", True),
    ("language:response_language", {"language": "en"}, "1234 !!! ???", False),  # rftkit: no
    # length_constraints:number_sentences
    (
        "length_constraints:number_sentences",
        {"num_sentences": 3, "relation": "less than"},
        ESSAY,
        False,
    ),
    (
        "length_constraints:number_sentences",
        {"num_sentences": 3, "relation": "at least"},
        ESSAY,
        True,
    ),
    (
        "length_constraints:number_sentences",
        {"num_sentences": 2, "relation": "less than"},
        "Dr. Smith met Mr. Jones at 3.30 today.",
        True,
    ),  # abbreviations, decimals
    # length_constraints:number_paragraphs - split on *** separators
    (
        "length_constraints:number_paragraphs",
        {"num_paragraphs": 3},
        "One.\n***\nTwo.\n***\nThree.",
        True,
    ),
    (
        "length_constraints:number_paragraphs",
        {"num_paragraphs": 3},
        "One.\n\nTwo.\n\nThree.",
        False,
    ),  # blank lines are not the separator
    (
        "length_constraints:number_paragraphs",
        {"num_paragraphs": 2},
        "***\nOne.\n***\nTwo.\n***",
        True,
    ),  # empty edges do not count
    (
        "length_constraints:number_paragraphs",
        {"num_paragraphs": 2},
        "One.\n***\n***\nTwo.",
        False,
    ),  # an empty paragraph inside fails
    # length_constraints:number_words - \w+ runs
    ("length_constraints:number_words", {"num_words": 30, "relation": "less than"}, ESSAY, True),
    ("length_constraints:number_words", {"num_words": 30, "relation": "at least"}, ESSAY, False),
    (
        "length_constraints:number_words",
        {"num_words": 4, "relation": "at least"},
        "don't-stop",
        False,
    ),  # trap: \w+ runs are don, t, stop: 3 words
    # length_constraints:nth_paragraph_first_word
    (
        "length_constraints:nth_paragraph_first_word",
        {"num_paragraphs": 2, "nth_paragraph": 2, "first_word": "then"},
        'First part.\n\n"Then, second part.',
        True,
    ),
    (
        "length_constraints:nth_paragraph_first_word",
        {"num_paragraphs": 2, "nth_paragraph": 2, "first_word": "then"},
        "First part.\n\nThenceforth second.",
        False,
    ),
    (
        "length_constraints:nth_paragraph_first_word",
        {"num_paragraphs": 3, "nth_paragraph": 2, "first_word": "then"},
        "First part.\n\nThen second.",
        False,
    ),  # paragraph count must match too
    # detectable_content:number_placeholders
    (
        "detectable_content:number_placeholders",
        {"num_placeholders": 2},
        "Dear [name], see you at [place].",
        True,
    ),
    (
        "detectable_content:number_placeholders",
        {"num_placeholders": 2},
        "Dear [name], see you at [place\n].",
        False,
    ),
    # detectable_content:postscript
    (
        "detectable_content:postscript",
        {"postscript_marker": "P.S."},
        "Body text.\n\nP.S. Bring snacks.",
        True,
    ),
    (
        "detectable_content:postscript",
        {"postscript_marker": "P.P.S"},
        "Body.\nP.S. one\nP. P. S two",
        True,
    ),
    ("detectable_content:postscript", {"postscript_marker": "P.S."}, "PS bring snacks", False),
    ("detectable_content:postscript", {"postscript_marker": " P.P.S "}, "P. P. S done", True),
    (
        "keywords:frequency",
        {"keyword": " they ", "frequency": 3, "relation": "at least"},
        "they They THEY",
        True,
    ),  # the keyword is stripped, as in the reference
    # detectable_format:number_bullet_lists - exactly N
    (
        "detectable_format:number_bullet_lists",
        {"num_bullets": 3},
        "Intro\n* one\n* two\n- three",
        True,
    ),
    (
        "detectable_format:number_bullet_lists",
        {"num_bullets": 2},
        "Intro\n* one\n* two\n- three",
        False,
    ),
    (
        "detectable_format:number_bullet_lists",
        {"num_bullets": 2},
        "**Bold title**\n* one\n* two",
        True,
    ),  # ** is not a bullet
    # detectable_format:constrained_response
    ("detectable_format:constrained_response", {}, "My answer is yes.", True),
    ("detectable_format:constrained_response", {}, "My answer is Yes.", False),
    ("detectable_format:constrained_response", {}, "Well... My answer is maybe. ok", True),
    # detectable_format:number_highlighted_sections
    (
        "detectable_format:number_highlighted_sections",
        {"num_highlights": 2},
        "*First* and **second**",
        True,
    ),
    (
        "detectable_format:number_highlighted_sections",
        {"num_highlights": 2},
        "*First* and * * and **",
        False,
    ),
    # detectable_format:multiple_sections
    (
        "detectable_format:multiple_sections",
        {"section_spliter": "Section", "num_sections": 2},
        "Section 1\nIntro\nSection 2\nMore",
        True,
    ),
    (
        "detectable_format:multiple_sections",
        {"section_spliter": "SECTION", "num_sections": 2},
        "Section 1\nIntro\nSection 2\nMore",
        False,
    ),  # case-sensitive
    (
        "detectable_format:multiple_sections",
        {"section_spliter": "Section", "num_sections": 2},
        "Section one\nSection two",
        False,
    ),  # needs a number
    # detectable_format:json_format
    ("detectable_format:json_format", {}, '```json\n{"a": 1}\n```', True),
    ("detectable_format:json_format", {}, '{"a": 1}', True),
    ("detectable_format:json_format", {}, 'Here: {"a": 1}', False),
    ("detectable_format:json_format", {}, "[" * 100_000, False),  # too deep: not JSON
    # detectable_format:title
    ("detectable_format:title", {}, "<<Ode to Rivers>>\nText", True),
    ("detectable_format:title", {}, "<<  >>\nText", False),
    ("detectable_format:title", {}, "<<Ode\nto>>", False),
    # combination:two_responses
    ("combination:two_responses", {}, "First answer.\n******\nSecond answer.", True),
    ("combination:two_responses", {}, "Same.\n******\nSame.", False),
    ("combination:two_responses", {}, "A\n******\n******\nB", False),
    # combination:repeat_prompt
    (
        "combination:repeat_prompt",
        {"prompt_to_repeat": "Write a poem."},
        "write a poem. Roses are red.",
        True,
    ),
    (
        "combination:repeat_prompt",
        {"prompt_to_repeat": "Write a poem."},
        "Sure! Write a poem. Roses are red.",
        False,
    ),
    # startend:end_checker
    (
        "startend:end_checker",
        {"end_phrase": "Any other questions?"},
        'Text.\nAny other questions?"  ',
        True,
    ),
    (
        "startend:end_checker",
        {"end_phrase": "Any other questions?"},
        "Any other questions? Bye.",
        False,
    ),
    # startend:quotation
    ("startend:quotation", {}, '  "Quoted reply."  ', True),
    ("startend:quotation", {}, '"', False),
    ("startend:quotation", {}, "\u201cCurly quotes\u201d", False),
    # change_case:capital_word_frequency
    (
        "change_case:capital_word_frequency",
        {"capital_frequency": 2, "capital_relation": "at least"},
        "This is VERY, VERY big",
        True,
    ),
    (
        "change_case:capital_word_frequency",
        {"capital_frequency": 2, "capital_relation": "less than"},
        "This is VERY, VERY big",
        False,
    ),
    # change_case:english_capital / english_lowercase
    ("change_case:english_capital", {}, ESSAY.upper(), True),
    ("change_case:english_capital", {}, ESSAY, False),
    ("change_case:english_capital", {}, "ЭТО ОЧЕНЬ ХОРОШО И ПРАВИЛЬНО.", False),  # not English
    ("change_case:english_lowercase", {}, ESSAY.lower(), True),
    ("change_case:english_lowercase", {}, ESSAY, False),
    # punctuation:no_comma
    ("punctuation:no_comma", {}, ESSAY, True),
    ("punctuation:no_comma", {}, "Yes, indeed", False),
]


def test_every_paper_instruction_type_is_implemented_and_tabled() -> None:
    assert set(INSTRUCTIONS) == PAPER_TYPES
    assert {c[0] for c in CASES} == PAPER_TYPES


@pytest.mark.parametrize(("iid", "kwargs", "response", "expected"), CASES)
def test_instruction_table(iid: str, kwargs: dict[str, Any], response: str, expected: bool) -> None:
    ref = {"instruction_id_list": [iid], "kwargs": [kwargs]}
    reward = STRICT(Sample.from_text(response=response, reference=ref))
    assert reward.score == (1.0 if expected else 0.0), reward.explanation
    assert reward.metric(iid) == (1.0 if expected else 0.0)


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("", 0),
        ("Hello world", 1),
        ("One. Two! Three? Four", 4),
        ("Wait... what?", 2),
        ('He said "stop." Then he left.', 2),
        ("e.g. this one. And i.e. that.", 2),
        ("1. First item\n2. Second item.", 1),
        ("Prices rose 3.5 percent. Sales fell.", 2),
        ("Line one\nLine two\nLine three", 1),
    ],
)
def test_count_sentences(text: str, n: int) -> None:
    assert count_sentences(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [("", 0), ("a b c", 3), ("it's", 2), ("well-known", 2), ("naïve café", 2), ("3.14", 2)],
)
def test_count_words_is_word_character_runs(text: str, n: int) -> None:
    assert count_words(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("HELLO world", 1),
        ("DON'T", 2),  # DO + N'T, as NLTK's tokenizer
        ("IT'S", 2),
        ("USA, UK and EU.", 3),
        ("A", 1),
        ("123 ABC1", 1),
        ("Hello", 0),
    ],
)
def test_count_capital_words(text: str, n: int) -> None:
    assert count_capital_words(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("* a\n* b", 2),
        ("- a\n- b\n-c", 3),
        ("  * indented\n\t- tab", 2),
        ("**bold**\n***", 0),
        ("*\nnext", 1),
        ("no bullets", 0),
    ],
)
def test_count_bullets(text: str, n: int) -> None:
    assert count_bullets(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [("[a] [b]", 2), ("[]", 1), ("[a\nb]", 0), ("[[x]]", 1), ("[" * 1000, 0), ("] [a", 0)],
)
def test_count_placeholders(text: str, n: int) -> None:
    assert count_placeholders(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    # "**a**": the single-star pattern finds two empty "**" spans (not counted), the
    # double-star pattern finds "**a**" once: one highlight, as in the reference.
    [("*a*", 1), ("**a**", 1), ("**", 0), ("*a\nb*", 0), ("* *", 0), ("*a* *b*", 2)],
)
def test_count_highlights(text: str, n: int) -> None:
    assert count_highlights(text) == n


def test_titles() -> None:
    assert has_title("x <<a>> y")
    assert not has_title("<>")
    assert not has_title("<<" * 10_000)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The weather is nice and the sun is out.", "en"),
        ("Это очень хорошо.", "ru"),
        ("Це дуже добре і цікаво.", "uk"),
        ("Това е много хубаво и ъгълът е прав.", "bg"),
        ("यह बहुत अच्छा है और मैं खुश हूँ।", "hi"),
        ("हे खूप छान आहे आणि मला आवडले.", "mr"),
        ("यो धेरै राम्रो छ र मलाई मन पर्यो।", "ne"),
        ("এটা খুব ভালো।", "bn"),
        ("ਇਹ ਬਹੁਤ ਵਧੀਆ ਹੈ।", "pa"),
        ("આ ખૂબ સારું છે.", "gu"),
        ("இது மிகவும் நல்லது.", "ta"),
        ("ఇది చాలా బాగుంది.", "te"),
        ("ಇದು ತುಂಬಾ ಚೆನ್ನಾಗಿದೆ.", "kn"),
        ("ഇത് വളരെ നല്ലതാണ്.", "ml"),
        ("นี่ดีมาก", "th"),
        ("이것은 아주 좋습니다.", "ko"),
        ("这是一个很好的问题。", "zh-cn"),
        ("זה טוב מאוד.", "he"),
        ("Αυτό είναι πολύ καλό.", "el"),
        ("یہ بہت اچھا ہے اور میں خوش ہوں۔", "ur"),
        ("Questo è molto bello e non è difficile.", "it"),
        ("Isto é muito bom e não é difícil para você.", "pt"),
        ("To jest bardzo dobre i nie jest trudne.", "pl"),
        ("Tämä on hyvä ja se ei ole vaikea.", "fi"),
        ("Đây là một người bạn của tôi và không có gì.", "vi"),
        ("Hii ni nzuri sana na ni kwa watu wote.", "sw"),
        ("", None),
        ("!!! 123", None),
    ],
)
def test_language_detector(text: str, code: str | None) -> None:
    assert detect(text) == code


# -- modes, aggregation, metrics ------------------------------------------------------------------

THREE = {
    "instruction_id_list": [
        "punctuation:no_comma",
        "length_constraints:number_words",
        "startend:end_checker",
    ],
    "kwargs": [
        {"keywords": None, "num_words": None},
        {"num_words": 50, "relation": "less than", "end_phrase": None},
        {"end_phrase": "That is all."},
    ],
}


def test_mean_is_fraction_followed_and_all_is_all_or_nothing() -> None:
    reply = "Short reply, with a comma. That is all."
    s = Sample.from_text(response=reply, reference=THREE)
    assert STRICT(s).score == pytest.approx(2 / 3)
    assert ALL(s).score == 0.0
    ok = Sample.from_text(response="Short reply. That is all.", reference=THREE)
    assert STRICT(ok).score == 1.0
    assert ALL(ok).score == 1.0
    metrics = {m.name: m.value for m in STRICT(s).metrics}
    assert metrics == {
        "punctuation:no_comma": 0.0,
        "length_constraints:number_words": 1.0,
        "startend:end_checker": 1.0,
    }
    assert "not followed: punctuation:no_comma" in STRICT(s).explanation


def test_loose_forgives_a_preamble_a_sign_off_and_markdown_stars() -> None:
    ref = {
        "instruction_id_list": ["startend:quotation", "change_case:english_lowercase"],
        "kwargs": [{}, {}],
    }
    reply = 'Sure! Here it is:\n"the river runs to the sea."\nHope This Helps'
    s = Sample.from_text(response=reply, reference=ref)
    assert STRICT(s).score == 0.0
    assert LOOSE(s).score == 1.0
    stars = Sample.from_text(
        response="**the title**\nthe river runs.",
        reference={
            "instruction_id_list": ["detectable_format:number_bullet_lists"],
            "kwargs": [{"num_bullets": 0}],
        },
    )
    assert STRICT(stars).score == 1.0  # "**" is not a bullet either way
    json_ref = {"instruction_id_list": ["detectable_format:json_format"], "kwargs": [{}]}
    wrapped = Sample.from_text(response='Here is the JSON:\n{"a": 1}', reference=json_ref)
    assert (STRICT(wrapped).score, LOOSE(wrapped).score) == (0.0, 1.0)


@pytest.mark.parametrize("reply", ["", "   \n\t"])
@pytest.mark.parametrize("grader", [STRICT, LOOSE])
def test_empty_reply_follows_nothing(reply: str, grader: Any) -> None:
    ref = {
        "instruction_id_list": ["punctuation:no_comma", "keywords:forbidden_words"],
        "kwargs": [{}, {"forbidden_words": ["x"]}],
    }
    r = grader(Sample.from_text(response=reply, reference=ref))
    assert r.score == 0.0
    assert "empty reply" in r.explanation


def test_a_type_listed_twice_is_one_metric_followed_only_if_both_are() -> None:
    ref = {
        "instruction_id_list": ["keywords:existence", "keywords:existence"],
        "kwargs": [{"keywords": ["river"]}, {"keywords": ["glacier"]}],
    }
    r = STRICT(Sample.from_text(response=ESSAY, reference=ref))
    assert r.score == 0.5
    assert [(m.name, m.value) for m in r.metrics] == [("keywords:existence", 0.0)]


def test_reference_as_json_text_and_full_ifeval_record() -> None:
    record = {"key": 1000, "prompt": "Write...", **THREE}
    s1 = Sample.from_text(response="Short. That is all.", reference=record)
    s2 = Sample.from_text(response="Short. That is all.", reference=json.dumps(THREE))
    assert STRICT(s1).score == STRICT(s2).score == 1.0


@pytest.mark.parametrize(
    "reference",
    [
        None,
        "72",
        "{not json",
        {"instruction_id_list": []},
        {"instruction_id_list": ["no_such:thing"], "kwargs": [{}]},
        {"instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}, {}]},
        {"instruction_id_list": ["length_constraints:number_words"], "kwargs": [{}]},
        {
            "instruction_id_list": ["length_constraints:number_words"],
            "kwargs": [{"num_words": "many", "relation": "less than"}],
        },
        {
            "instruction_id_list": ["length_constraints:number_words"],
            "kwargs": [{"num_words": 5, "relation": "about"}],
        },
        {
            "instruction_id_list": ["keywords:letter_frequency"],
            "kwargs": [{"letter": "ab", "let_frequency": 1, "let_relation": "at least"}],
        },
        {"instruction_id_list": [7], "kwargs": [{}]},
        {"instruction_id_list": ["punctuation:no_comma"] * 65},
    ],
)
def test_bad_references_are_grader_errors(reference: Any) -> None:
    with pytest.raises(GraderError):
        STRICT(Sample.from_text(response="text", reference=reference))


def test_unknown_instruction_error_lists_the_known_ones() -> None:
    with pytest.raises(GraderError) as info:
        build_ref = {"instruction_id_list": ["keywords:exist"], "kwargs": [{}]}
        STRICT(Sample.from_text(response="x", reference=build_ref))
    assert info.value.hint is not None and "did you mean keywords:existence" in info.value.hint
    with pytest.raises(GraderError) as info:
        far = {"instruction_id_list": ["zzz"], "kwargs": [{}]}
        STRICT(Sample.from_text(response="x", reference=far))
    assert info.value.hint is not None and "punctuation:no_comma" in info.value.hint


@pytest.mark.parametrize(("arg", "value"), [("mode", "lenient"), ("aggregate", "max")])
def test_bad_arguments_are_refused(arg: str, value: str) -> None:
    with pytest.raises(GraderArgsError):
        REGISTRY.create("ifeval", **{arg: value})


def test_kwargs_numbers_may_be_floats_or_digit_strings() -> None:
    for n in (5, 5.0, "5"):
        check = build("length_constraints:number_words", {"num_words": n, "relation": "less than"})
        assert check("one two three four") and not check("one two three four five")
