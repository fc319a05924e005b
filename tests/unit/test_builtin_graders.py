"""The built-in graders, one case table each, through the registry as users load them."""

from __future__ import annotations

from typing import Any

import pytest

from rftkit.errors import GraderArgsError, GraderError, GraderNotFoundError
from rftkit.rewards.extract import parse_reference
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Reward, Sample


def grade(
    registry: GraderRegistry, name: str, response: str, reference: Any = None, **args: Any
) -> Reward:
    return registry.create(name, **args)(Sample.from_text(response=response, reference=reference))


# -- gsm8k -----------------------------------------------------------------------------------

# (response, reference, score, correct, format_ok, rule, errors)
GSM8K_CASES = [
    ("8 * 9 = 72\n#### 72", "72", 1.0, 1, 1, "hash", ()),
    ("#### 72", 72, 1.0, 1, 1, "hash", ()),
    ("#### 072", "72", 1.0, 1, 1, "hash", ()),
    ("#### 72.0", "72", 1.0, 1, 1, "hash", ()),
    ("#### 1,200", "1200", 1.0, 1, 1, "hash", ()),
    ("#### 1200", "1,200", 1.0, 1, 1, "hash", ()),
    ("#### $18", "18", 1.0, 1, 1, "hash", ()),
    ("#### 18 dollars.", "18", 1.0, 1, 1, "hash", ()),
    ("#### -3", "-3", 1.0, 1, 1, "hash", ()),
    ("#### \u0667\u0662", "72", 1.0, 1, 1, "hash", ()),
    ("#### 72\nHope this helps!", "72", 0.9, 1, 0, "hash", ()),
    ("so the answer is \\boxed{72}.", "72", 0.9, 1, 0, "boxed", ()),
    ("The answer is 72.", "72", 0.9, 1, 0, "answer_is", ()),
    ("<answer>72</answer>", "72", 0.9, 1, 0, "answer_tag", ()),
    ("8 * 9 = 72", "72", 0.9, 1, 0, "final_sentence", ()),
    ("#### 70", "72", 0.0, 0, 1, "hash", ()),
    ("#### 70\n#### 72", "72", 0.0, 0, 0, "hash", ("multiple_answers",)),
    ("#### 70, 72", "72", 0.0, 0, 0, "hash", ("several_numbers",)),
    ("The answer is 70 or 72.", "72", 0.0, 0, 0, "answer_is", ("several_numbers",)),
    ("I cannot solve this.", "72", 0.0, 0, 0, None, ("no_answer",)),
    ("", "72", 0.0, 0, 0, None, ("no_answer",)),
]


@pytest.mark.parametrize(
    ("response", "reference", "score", "correct", "format_ok", "rule", "errors"), GSM8K_CASES
)
def test_gsm8k_scores_correctness_and_format(
    registry: GraderRegistry,
    response: str,
    reference: Any,
    score: float,
    correct: int,
    format_ok: int,
    rule: str | None,
    errors: tuple[str, ...],
) -> None:
    r = grade(registry, "gsm8k", response, reference)
    assert r.score == pytest.approx(score)
    assert (r.metric("correct"), r.metric("format_ok")) == (correct, format_ok)
    assert (r.rule, r.errors) == (rule, errors)


UNICODE_AROUND_THE_MARKER = [
    "farmer\u2019s market\n#### 72",  # curly quote before the marker: fast path
    "\uff03\uff03\uff03\uff03 5\n#### 72",  # full-width '#' becomes a second marker
    "##\u200b##\n#### 72",  # a zero-width space joins two '#' pairs
    "a\u200bb\n#### 72",
    "#### 72\u00a0",
    "#### 7\u200b2",
    "#### \u0667\u0662",
]


@pytest.mark.parametrize("response", [case[0] for case in GSM8K_CASES] + UNICODE_AROUND_THE_MARKER)
def test_gsm8k_fast_path_agrees_with_the_general_path(
    registry: GraderRegistry, response: str
) -> None:
    g = registry.create("gsm8k")
    sample = Sample.from_text(response=response, reference="72")
    ref = parse_reference("72")
    assert g(sample) == g.impl.general(response, ref, ref.number)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "reference",
    [
        "72",
        72,
        {"final_answer": "72"},
        {"answer": "72"},
        {"text": "so 8*9 = <<8*9=72>>72\n#### 72"},
        "Natalia: 8 * 9 = <<8*9=72>>72\n#### 72",
    ],
)
def test_gsm8k_accepts_every_reference_shape(registry: GraderRegistry, reference: Any) -> None:
    assert grade(registry, "gsm8k", "#### 72", reference).score == 1.0


@pytest.mark.parametrize("reference", [None, "", "12 or 13", {"other": 1}, True])
def test_gsm8k_refuses_an_unusable_reference_with_a_clear_error(
    registry: GraderRegistry, reference: Any
) -> None:
    with pytest.raises(GraderError) as info:
        grade(registry, "gsm8k", "#### 72", reference)
    assert info.value.hint


def test_gsm8k_reports_typed_metrics(registry: GraderRegistry) -> None:
    r = grade(registry, "gsm8k", "#### 72", "72")
    assert [(m.name, m.type) for m in r.metrics] == [
        ("correct", "Reward"),
        ("format_ok", "Reward"),
        ("n_candidates", "Metric"),
    ]


def test_gsm8k_explains_a_wrong_answer(registry: GraderRegistry) -> None:
    r = grade(registry, "gsm8k", "#### 70", "72")
    assert "expected 72" in r.explanation


def test_gsm8k_ungated_format_pays_a_wrong_well_formed_answer(registry: GraderRegistry) -> None:
    r = grade(registry, "gsm8k", "#### 70", "72", gate_format=False)
    assert r.score == pytest.approx(0.1)


def test_gsm8k_weights_are_configurable(registry: GraderRegistry) -> None:
    r = grade(registry, "gsm8k", "#### 72", "72", correct_weight=2.0, format_weight=1.0)
    assert r.score == pytest.approx(3.0)


def test_gsm8k_format_rules_choose_the_rewarded_form(registry: GraderRegistry) -> None:
    r = grade(registry, "gsm8k", "\\boxed{72}", "72", format_rules=["boxed"])
    assert r.score == 1.0
    r = grade(registry, "gsm8k", "#### 72", "72", format_rules=["boxed"])
    assert r.score == pytest.approx(0.9)


def test_gsm8k_conflict_last_takes_the_last_answer(registry: GraderRegistry) -> None:
    assert grade(registry, "gsm8k", "#### 70\n#### 72", "72", conflict="last").score == 1.0


def test_gsm8k_rules_restrict_extraction(registry: GraderRegistry) -> None:
    r = grade(registry, "gsm8k", "8 * 9 = 72", "72", rules=["hash", "boxed"])
    assert (r.score, r.rule) == (0.0, None)


@pytest.mark.parametrize(
    "args",
    [
        {"rules": ["nope"]},
        {"format_rules": ["last_number"]},
        {"format_rules": []},
        {"correct_weight": "high"},
        {"window": 1},
        {"conflict": "maybe"},
        {"colour": "red"},
    ],
)
def test_gsm8k_bad_arguments_are_usage_errors(
    registry: GraderRegistry, args: dict[str, Any]
) -> None:
    with pytest.raises(GraderArgsError):
        registry.create("gsm8k", **args)


# -- numeric ---------------------------------------------------------------------------------

# (response, reference, args, score)
NUMERIC_CASES = [
    ("\\boxed{3.14}", "3.1416", {"rel_tol": 0.01}, 1.0),
    ("\\boxed{3.14}", "3.1416", {}, 0.0),
    ("#### 101", "100", {"abs_tol": 1}, 1.0),
    ("#### 102", "100", {"abs_tol": 1}, 0.0),
    ("#### 0.5", "50%", {}, 1.0),
    ("#### 2 2/3", "8/3", {}, 1.0),
    ("#### 2", "8/3", {}, 0.0),
    ("The answer is \\frac{3}{4}.", "0.75", {}, 1.0),
    ("#### 1e3", "1000", {}, 1.0),
    ("#### 72 thousand", "72", {}, 0.0),
    ("#### 72 thousand", "72000", {}, 1.0),
    ("#### 75%", "75", {}, 1.0),  # GSM8K writes percentage answers as plain numbers
    ("#### 5\n#### 6", "5", {"abs_tol": 10}, 0.0),
    ("nothing", "5", {"abs_tol": 10}, 0.0),
]


@pytest.mark.parametrize(("response", "reference", "args", "score"), NUMERIC_CASES)
def test_numeric_compares_within_tolerance(
    registry: GraderRegistry, response: str, reference: str, args: dict[str, Any], score: float
) -> None:
    r = grade(registry, "numeric", response, reference, **args)
    assert r.score == score
    assert r.metric("correct") == score


@pytest.mark.parametrize("args", [{"abs_tol": -1}, {"rel_tol": float("inf")}, {"abs_tol": "x"}])
def test_numeric_refuses_bad_tolerances(registry: GraderRegistry, args: dict[str, Any]) -> None:
    with pytest.raises(GraderArgsError):
        registry.create("numeric", **args)


# -- exact_match -----------------------------------------------------------------------------

# (response, reference, args, score)
EXACT_CASES = [
    ("Paris", "Paris", {}, 1.0),
    (" paris. ", "Paris", {}, 1.0),
    ('"Paris"', "Paris", {}, 1.0),
    ("The  Eiffel\nTower", "the eiffel tower", {}, 1.0),
    ("paris", "Paris", {"case_sensitive": True}, 0.0),
    ("Paris.", "Paris", {"strip_punctuation": False}, 0.0),
    ("a  b", "a b", {"collapse_whitespace": False}, 0.0),
    ("1,234", "1234.0", {}, 1.0),
    ("$1,234", "1234", {}, 1.0),
    ("1,234", "1234.0", {"numbers": False}, 0.0),
    ("18 dollars", "18", {}, 0.0),
    ("72%", "72", {}, 0.0),  # exact: a percentage matches only a percentage
    ("72%", "72 %", {}, 1.0),
    ("Lyon", "Paris", {}, 0.0),
    ("#### Paris", "paris", {"rules": ["hash"]}, 1.0),
    ("#### Paris\n#### Lyon", "paris", {"rules": ["hash"]}, 0.0),
    ("no marker", "paris", {"rules": ["hash"]}, 0.0),
    ("x", {"final_answer": "x"}, {}, 1.0),
]


@pytest.mark.parametrize(("response", "reference", "args", "score"), EXACT_CASES)
def test_exact_match_normalises_both_sides_alike(
    registry: GraderRegistry, response: str, reference: Any, args: dict[str, Any], score: float
) -> None:
    assert grade(registry, "exact_match", response, reference, **args).score == score


def test_exact_match_does_not_normalise_an_over_long_reply(registry: GraderRegistry) -> None:
    r = grade(registry, "exact_match", "Paris" + " " * 100, "paris", max_chars=50)
    assert (r.score, r.errors) == (0.0, ("too_long",))


def test_exact_match_of_identical_long_texts_is_one(registry: GraderRegistry) -> None:
    text = "word " * 10_000
    assert grade(registry, "exact_match", text, text, max_chars=50).score == 1.0


def test_exact_match_refuses_a_bad_max_chars(registry: GraderRegistry) -> None:
    with pytest.raises(GraderArgsError):
        registry.create("exact_match", max_chars=0)


def test_exact_match_without_reference_is_an_error(registry: GraderRegistry) -> None:
    with pytest.raises(GraderError):
        grade(registry, "exact_match", "x", None)


@pytest.mark.parametrize("reference", ["", "   ", "\n\t", "!!!", '""', "**", {"final_answer": " "}])
@pytest.mark.parametrize("response", ["", "   ", "!!!", "anything"])
def test_exact_match_refuses_an_empty_reference(
    registry: GraderRegistry, reference: Any, response: str
) -> None:
    with pytest.raises(GraderError, match=r"empty|no usable reference"):
        grade(registry, "exact_match", response, reference)


def test_exact_match_keeps_punctuation_references_when_punctuation_counts(
    registry: GraderRegistry,
) -> None:
    assert grade(registry, "exact_match", "!!!", "!!!", strip_punctuation=False).score == 1.0
    with pytest.raises(GraderError, match="empty"):
        grade(registry, "exact_match", " ", " ", strip_punctuation=False)


def test_exact_match_with_empty_reference_is_the_samples_error_in_the_handler() -> None:
    from rftkit.harness import make_handler

    ev = [
        {"id": "a", "messages": [{"role": "assistant", "content": ""}], "reference_answer": ""},
        {"id": "b", "messages": [{"role": "assistant", "content": "x"}], "reference_answer": "x"},
    ]
    out = make_handler("exact_match", log_sink=lambda _: None)(ev, None)
    assert [r["aggregate_reward_score"] for r in out] == [0.0, 1.0]
    assert out[0]["metrics_list"][1]["name"] == "error_grader_exception"


# -- format ----------------------------------------------------------------------------------

# (response, args, score, explanation fragment)
FORMAT_CASES = [
    ("so\n#### 72", {}, 1.0, "final answer in '#### N' form"),
    ("so \\boxed{72}", {}, 0.0, "found one by rule boxed"),
    ("#### 72\nthanks", {}, 0.0, "text follows"),
    ("#### 72\nthanks", {"require_end": False}, 1.0, "final answer"),
    ("#### 7\n#### 8", {}, 0.0, "different answers"),
    ("#### seven", {}, 0.0, "no final answer"),
    ("#### 7 or 8", {}, 0.0, "not one number"),
    ("#### seven", {"numeric": False}, 1.0, "final answer"),
    ("so \\boxed{72}.", {"form": "boxed"}, 1.0, "'\\boxed{N}'"),
    ("<answer>72</answer>", {"form": "answer_tag"}, 1.0, "'<answer>N</answer>'"),
    ("The answer is 72.", {"form": "answer_is"}, 1.0, "The answer is N"),
    ("work\nA: 72", {"form": "a_line"}, 1.0, "'A: N'"),
    ("nothing here", {"form": "boxed"}, 0.0, "no final answer in '\\boxed{N}' form"),
    ("Result: 72", {"form": "regex", "pattern": r"Result: (\d+)"}, 1.0, "matches"),
    ("Result: 72\nmore", {"form": "regex", "pattern": r"Result: (\d+)"}, 0.0, "text follows"),
    ("Result: 7 Result: 8", {"form": "regex", "pattern": r"Result: (\d+)"}, 0.0, "different"),
    ("Res: 72", {"form": "regex", "pattern": r"Result: (?P<answer>\d+)"}, 0.0, "no match"),
]


@pytest.mark.parametrize(("response", "args", "score", "why"), FORMAT_CASES)
def test_format_checks_the_form_and_says_why(
    registry: GraderRegistry, response: str, args: dict[str, Any], score: float, why: str
) -> None:
    r = grade(registry, "format", response, **args)
    assert r.score == score
    assert r.metric("format_ok") == score
    assert why in r.explanation


def test_format_regex_reports_the_named_group(registry: GraderRegistry) -> None:
    r = grade(registry, "format", "Result: 72", form="regex", pattern=r"Result: (?P<answer>\d+)")
    assert r.answer == "72"


def test_format_regex_reads_only_the_end_of_a_long_reply(registry: GraderRegistry) -> None:
    r = grade(
        registry,
        "format",
        "Result: 72\n" + "x" * 10_000,
        form="regex",
        pattern=r"Result: (\d+)",
        require_end=False,
    )
    assert r.score == 0.0


@pytest.mark.parametrize(
    "args",
    [
        {"form": "nope"},
        {"form": "regex"},
        {"form": "regex", "pattern": "("},
        {"form": "regex", "pattern": "a" * 2000},
        {"form": "hash", "pattern": "x"},
    ],
)
def test_format_bad_arguments_are_usage_errors(
    registry: GraderRegistry, args: dict[str, Any]
) -> None:
    with pytest.raises(GraderArgsError):
        registry.create("format", **args)


# -- composite -------------------------------------------------------------------------------


def test_composite_sums_weighted_sub_scores(registry: GraderRegistry) -> None:
    r = grade(
        registry, "composite", "so \\boxed{72}", "72", graders={"numeric": 0.8, "format": 0.2}
    )
    assert r.score == pytest.approx(0.8)
    assert (r.metric("numeric"), r.metric("format")) == (1.0, 0.0)


def test_composite_reports_sub_scores_as_reward_metrics(registry: GraderRegistry) -> None:
    r = grade(registry, "composite", "#### 72", "72", graders={"numeric": 0.8, "format": 0.2})
    types = {m.name: m.type for m in r.metrics}
    assert types["numeric"] == "Reward"
    assert types["format"] == "Reward"
    assert types["numeric.correct"] == "Metric"
    assert types["format.format_ok"] == "Metric"


def test_composite_list_form_passes_arguments_and_names(registry: GraderRegistry) -> None:
    graders = [
        {"grader": "numeric", "weight": 0.5, "args": {"abs_tol": 1}, "name": "close"},
        {"grader": "numeric", "weight": 0.5, "name": "exact"},
    ]
    r = grade(registry, "composite", "#### 71", "72", graders=graders)
    assert (r.metric("close"), r.metric("exact")) == (1.0, 0.0)
    assert r.score == pytest.approx(0.5)


def test_composite_normalize_divides_by_total_weight(registry: GraderRegistry) -> None:
    r = grade(
        registry, "composite", "#### 72", "72", graders={"numeric": 2, "format": 2}, normalize=True
    )
    assert r.score == pytest.approx(1.0)


def test_composite_reports_answer_rule_and_errors(registry: GraderRegistry) -> None:
    r = grade(registry, "composite", "#### 7\n#### 8", "7", graders={"numeric": 1.0})
    assert (r.answer, r.rule) == ("8", "hash")
    assert r.errors == ("multiple_answers",)


def test_composite_can_nest(registry: GraderRegistry) -> None:
    inner = {"grader": "composite", "args": {"graders": {"numeric": 1.0}}, "name": "inner"}
    r = grade(registry, "composite", "#### 72", "72", graders=[inner])
    assert r.score == 1.0
    assert r.metric("inner.numeric") == 1.0


@pytest.mark.parametrize(
    "graders",
    [
        {},
        [],
        "numeric",
        [{"weight": 1}],
        [{"grader": "numeric", "colour": 1}],
        [{"grader": "numeric"}, {"grader": "numeric"}],
        {"numeric": float("nan")},
        {"numeric": "heavy"},
        [{"grader": "numeric", "args": [1]}],
    ],
)
def test_composite_bad_specs_are_usage_errors(registry: GraderRegistry, graders: Any) -> None:
    with pytest.raises(GraderArgsError):
        registry.create("composite", graders=graders)


def test_composite_unknown_sub_grader_suggests_names(registry: GraderRegistry) -> None:
    with pytest.raises(GraderNotFoundError) as info:
        registry.create("composite", graders={"numerik": 1.0})
    assert "numeric" in info.value.suggestions


def test_composite_spec_is_serialisable(registry: GraderRegistry) -> None:
    g = registry.create("composite", graders={"numeric": 0.8, "format": 0.2})
    assert g.spec.args == {"graders": {"numeric": 0.8, "format": 0.2}}
