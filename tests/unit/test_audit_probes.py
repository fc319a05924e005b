"""The probe battery, user probes, probe selection, and audits of real graders in-process."""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.audit import audit_grader
from rftkit.audit.probes import (
    ANSWER_FORMS,
    FAMILIES,
    FORM_PROBES,
    Probe,
    ProbeInput,
    builtin_probes,
    describe_probes,
    entry_point_probes,
    is_judge_grader,
    load_probe_file,
    make_input,
    number_words,
    probe,
    select_probes,
)
from rftkit.audit.runner import AuditReport, probe_inputs
from rftkit.errors import PluginError, UsageError
from rftkit.harness.events import load_dataset
from rftkit.rewards.numbers import parse_answer
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Sample

BUILTIN = {p.name: p for p in builtin_probes()}
# Probes built for one kind of reference (issue 16: expected tool calls, ...), by name prefix:
# they make no case on GSM8K or text references; each grader family's own tests audit them.
FAMILY_SPECIFIC = ("tool_call_", "code_")
MUST_NOT = sorted(
    n
    for n, p in BUILTIN.items()
    if p.verdict == "must_not_reward" and not p.judge_only and not n.startswith(FAMILY_SPECIFIC)
)


def _record(reference: Any, question: str = "How many?") -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": question}], "reference_answer": reference}


# -- the battery itself ------------------------------------------------------------------------


def test_probe_names_are_unique() -> None:
    names = [p.name for p in builtin_probes()]
    assert len(names) == len(set(names))


# The report order: the family modules of rftkit.audit.probes register in the order its
# __init__ imports them (a new grader family adds its module at the end of that list and here).
FAMILY_MODULES = (
    "battery",
    "math",
    "gsm8k_extraction",
    "text_similarity",
    "json_schema",
    "ifeval",
    "tool_call",
    "code_programs",
)


def test_builtin_probes_come_in_family_module_order_controls_first() -> None:
    probes = builtin_probes()
    modules = [p.make.__module__.rsplit(".", 1)[-1] for p in probes]
    runs = [m for i, m in enumerate(modules) if i == 0 or modules[i - 1] != m]
    assert runs == list(FAMILY_MODULES)  # each module's probes together, in import order
    assert [p.verdict for p in probes[:4]] == ["control"] * 4
    assert probes[0].name == "correct_hash"


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_builtin_probe_is_documented_with_a_known_family_and_verdict(name: str) -> None:
    p = BUILTIN[name]
    assert p.family in FAMILIES
    assert p.verdict in ("must_not_reward", "report_only", "control")
    assert len(p.why) > 20


def test_the_battery_covers_every_family_the_issue_asks_for() -> None:
    families = {p.family for p in builtin_probes()}
    assert families == set(FAMILIES)


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("percent_sign", "report_only"),  # GSM8K references drop the % of percent answers
        ("scale_word", "must_not_reward"),  # 72 thousand is not 72
        ("fullwidth_digits", "report_only"),  # a reader sees the right number
        ("bare_answer", "report_only"),  # the grader author's choice
        ("hash_lines", "must_not_reward"),
        ("judge_instruction", "must_not_reward"),
    ],
)
def test_verdicts_follow_the_documented_policy(name: str, verdict: str) -> None:
    assert BUILTIN[name].verdict == verdict


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("candidate_list", "It could be 71, 74, 72, 70, 75 or 73."),
        ("two_in_one_answer", "#### 72 or 73"),
        ("right_format_wrong_answer", "#### 73"),
        ("fullwidth_digits", "#### \uff17\uff12"),
        ("arabic_indic_digits", "#### \u0667\u0662"),
        ("zero_width_inside", "#### 7\u200b2"),
        ("zero_width_extra_digit", "#### 72\u200b5"),
        ("number_words", "#### seventy-two"),
        ("misplaced_separator", "#### 7,2"),
        ("percent_sign", "#### 72%"),
        ("scale_word", "#### 72 thousand"),
        ("sign_flipped", "#### -72"),
        ("longer_number", "#### 725"),
        ("decimal_tail", "#### 72.5"),
        ("truncated_answer", "#### 7"),
        ("bare_answer", "72"),
        ("empty", ""),
    ],
)
def test_probe_writes_its_trick_for_reference_72(name: str, expected: str) -> None:
    out = BUILTIN[name].build(make_input(0, "72"))
    assert out is not None
    assert out.endswith(expected)


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("integer_range", "2.5"),
        ("number_words", "Paris"),
        ("percent_sign", "0"),
        ("sign_flipped", "0"),
        ("homoglyph_digits", "72"),  # no 0, 1 or 3 to swap
        ("misplaced_separator", "7"),
        ("truncated_answer", "7"),
        ("fullwidth_digits", "Paris"),
    ],
)
def test_probe_does_not_apply_where_its_trick_makes_no_sense(name: str, reference: str) -> None:
    assert BUILTIN[name].build(make_input(0, reference)) is None


def test_homoglyph_probe_swaps_lookalike_letters_for_digits() -> None:
    out = BUILTIN["homoglyph_digits"].build(make_input(0, "130"))
    assert out is not None
    assert out.endswith("#### l\u0417O")


def test_integer_range_holds_the_reference_and_ends_on_a_wrong_number() -> None:
    out = BUILTIN["integer_range"].build(make_input(0, "72"))
    assert out is not None
    values = [int(v) for v in out.split(": ", 1)[1].rstrip(".").split(", ")]
    assert values == list(range(22, 123))


def test_hash_lines_bury_the_reference_between_wrong_answers() -> None:
    out = BUILTIN["hash_lines"].build(make_input(0, "72"))
    assert out is not None
    lines = out.splitlines()
    assert len(lines) == 8
    assert "#### 72" in lines[1:-1]
    assert lines[-1] != "#### 72"


@pytest.mark.parametrize("name", ["megabyte_wrong", "megabyte_correct"])
def test_megabyte_probes_are_about_a_megabyte_and_limited_to_two_prompts(name: str) -> None:
    out = BUILTIN[name].build(make_input(0, "72"))
    assert out is not None
    assert 1_000_000 <= len(out) < 1_100_000
    assert BUILTIN[name].max_prompts == 2


def test_misplaced_separator_is_never_a_valid_thousands_grouping() -> None:
    for n in (10, 72, 123, 1234, 12345, 123456, 1234567):
        out = BUILTIN["misplaced_separator"].build(make_input(0, str(n)))
        assert out is not None
        assert parse_answer(out.rsplit("#### ", 1)[1]).number != parse_answer(str(n)).number


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (13, "thirteen"),
        (40, "forty"),
        (72, "seventy-two"),
        (100, "one hundred"),
        (2125, "two thousand one hundred twenty-five"),
        (1_000_001, "one million one"),
        (-5, "minus five"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_number_words_refuses_huge_numbers() -> None:
    with pytest.raises(ValueError, match="too large"):
        number_words(10**12)


# -- inputs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "text", "value"),
    [
        ("72", "72", 72),
        (72, "72", 72),
        ("2,125", "2125", 2125),
        ({"final_answer": "18"}, "18", 18),
        ({"text": "so 8*9 = 72\n#### 72"}, "72", 72),
        ("Natalia sold 48/2 = <<48/2=24>>24 clips\n#### 72", "72", 72),
        ("2.50", "2.5", Fraction(5, 2)),
        ("Paris", "Paris", None),
    ],
)
def test_make_input_reads_every_reference_shape(reference: Any, text: str, value: Any) -> None:
    p = make_input(0, reference)
    assert (p.reference, p.value) == (text, value)


def test_make_input_refuses_a_missing_reference() -> None:
    with pytest.raises(UsageError, match="no usable reference"):
        make_input(4, None)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_numeric_decoys_are_wrong_and_never_contain_the_reference(n: int) -> None:
    p = make_input(0, n)
    assert len(p.decoys) >= 8
    assert all(p.reference not in d for d in p.decoys)
    assert all(parse_answer(d).number != parse_answer(p.reference).number for d in p.decoys)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and "####" not in s))
def test_text_decoys_never_contain_the_reference(ref: str) -> None:
    p = make_input(0, ref, other_references=["Rome", ref, "blue"])
    assert len(p.decoys) >= 8
    low = p.reference.casefold()
    assert all(low not in d.casefold() for d in p.decoys)


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=-(10**15), max_value=10**15).map(str),
        st.fractions(max_denominator=50).map(lambda f: f"{f.numerator}/{f.denominator}"),
        st.text(min_size=1, max_size=20).filter(lambda s: s.strip() and "####" not in s),
    ),
    st.sampled_from(ANSWER_FORMS),
)
def test_every_probe_builds_a_string_or_declines_for_any_reference(ref: str, form: Any) -> None:
    p = make_input(0, ref, form=form)
    for pr in builtin_probes():
        if pr.max_prompts is not None:
            continue  # the 1 MB probes are checked above
        out = pr.build(p)
        assert out is None or isinstance(out, str)


def test_plain_wrong_and_spraying_decoys_never_state_the_reference_as_text() -> None:
    p = make_input(0, "7")
    wrong = BUILTIN["plain_wrong"].build(p)
    assert wrong is not None
    assert "7" not in wrong


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("hash", "#### 5"),
        ("boxed", "So the final answer is $\\boxed{5}$."),
        ("sentence", "The answer is 5."),
        ("bare", "5"),
    ],
)
def test_final_answer_is_written_in_the_chosen_form(form: Any, expected: str) -> None:
    p = make_input(0, "4", form=form)
    assert p.final_line("5") == expected
    assert p.final("5").endswith(expected)


def test_form_probes_name_every_answer_form() -> None:
    assert set(FORM_PROBES.values()) == set(ANSWER_FORMS)
    assert all(BUILTIN[name].correct for name in FORM_PROBES)


def test_probe_inputs_skip_prompts_without_reference_and_stop_at_the_limit() -> None:
    records = [_record(None)] + [_record(str(n)) for n in range(10)]
    inputs, skipped = probe_inputs(records, limit=3)
    assert [p.index for p in inputs] == [1, 2, 3]
    assert len(skipped) == 1


# -- user probes -------------------------------------------------------------------------------


def test_probe_decorator_takes_name_and_why_from_the_function() -> None:
    @probe
    def shouting(p: ProbeInput) -> str:
        """Answer in capitals."""
        return p.reference.upper()

    assert (shouting.name, shouting.why, shouting.family) == (
        "shouting",
        "Answer in capitals.",
        "custom",
    )
    assert shouting.verdict == "must_not_reward"


def test_probe_decorator_refuses_an_unknown_verdict() -> None:
    with pytest.raises(UsageError, match="verdict"):
        probe(verdict="control")(lambda p: "x")  # type: ignore[arg-type]


def test_a_probe_that_raises_is_a_plugin_error_naming_it() -> None:
    broken = probe(name="broken")(lambda p: 1 // 0)
    with pytest.raises(PluginError, match=r"probe .broken.*ZeroDivisionError"):
        broken.build(make_input(0, "1"))


def test_a_probe_that_returns_a_non_string_is_a_plugin_error() -> None:
    bad = probe(name="bad")(lambda p: 42)  # type: ignore[arg-type,return-value]
    with pytest.raises(PluginError, match="returned int"):
        bad.build(make_input(0, "1"))


def test_probe_file_yields_every_probe_defined_in_it(tmp_path: Path) -> None:
    path = tmp_path / "my_probes.py"
    path.write_text(
        textwrap.dedent(
            """
            from rftkit.audit import probe

            @probe(family="mine", why="restate the question")
            def echo(p):
                return p.prompt

            @probe(verdict="report_only")
            def shout(p):
                "Shout the answer."
                return p.reference.upper()
            """
        )
    )
    found = load_probe_file(path)
    assert [(p.name, p.family, p.verdict) for p in found] == [
        ("echo", "mine", "must_not_reward"),
        ("shout", "custom", "report_only"),
    ]
    assert all(p.source == str(path) for p in found)


@pytest.mark.parametrize(
    ("source", "error", "match"),
    [
        ("x = 1\n", UsageError, "defines no probe"),
        ("raise RuntimeError('boom')\n", PluginError, "failed to import: RuntimeError: boom"),
    ],
)
def test_probe_file_problems_are_clear_errors(
    tmp_path: Path, source: str, error: type[Exception], match: str
) -> None:
    path = tmp_path / "p.py"
    path.write_text(source)
    with pytest.raises(error, match=match):
        load_probe_file(path)


def test_missing_probe_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such probe file"):
        load_probe_file(tmp_path / "nope.py")


class _FakeEntryPoint:
    def __init__(self, name: str, value: Any, *, fails: bool = False) -> None:
        self.name = name
        self.value = f"fake_pkg:{name}"
        self.dist = type("D", (), {"name": "fake-dist"})()
        self._obj = value
        self._fails = fails

    def load(self) -> Any:
        if self._fails:
            raise ImportError("no module named fake_pkg")
        return self._obj


def test_entry_point_probes_accept_a_probe_or_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    one = probe(name="one")(lambda p: "1")
    two = probe(name="two")(lambda p: "2")
    eps = [_FakeEntryPoint("a", one), _FakeEntryPoint("b", [two])]
    monkeypatch.setattr("rftkit.audit.probes.loading.metadata.entry_points", lambda group: eps)
    found = entry_point_probes()
    assert [(p.name, p.source) for p in found] == [("one", "fake-dist"), ("two", "fake-dist")]


@pytest.mark.parametrize(
    ("ep", "match"),
    [
        (_FakeEntryPoint("a", None, fails=True), "failed to load: ImportError"),
        (_FakeEntryPoint("b", 42), "expected a probe"),
    ],
)
def test_broken_probe_plugin_names_its_distribution(
    monkeypatch: pytest.MonkeyPatch, ep: _FakeEntryPoint, match: str
) -> None:
    monkeypatch.setattr("rftkit.audit.probes.loading.metadata.entry_points", lambda group: [ep])
    with pytest.raises(PluginError, match=match) as info:
        entry_point_probes()
    assert info.value.distribution == "fake-dist"


# -- selection -------------------------------------------------------------------------------


def _names(probes: list[Probe]) -> set[str]:
    return {p.name for p in probes}


def test_controls_always_run_and_judge_probes_only_for_judges() -> None:
    plain = _names(select_probes(builtin_probes(), judge=False))
    judged = _names(select_probes(builtin_probes(), judge=True))
    judge_probes = {n for n, p in BUILTIN.items() if p.family == "judge"}
    assert not plain & judge_probes
    assert judge_probes <= judged
    assert {"correct_hash", "plain_wrong"} <= plain


def test_only_and_skip_take_probe_and_family_names() -> None:
    chosen = _names(select_probes(builtin_probes(), judge=False, only=["spraying", "empty"]))
    spraying = {n for n, p in BUILTIN.items() if p.family == "spraying"}
    controls = {n for n, p in BUILTIN.items() if p.verdict == "control"}
    assert chosen == spraying | controls | {"empty"}
    skipped = _names(select_probes(builtin_probes(), judge=False, skip=["text", "empty"]))
    assert not skipped & ({n for n, p in BUILTIN.items() if p.family == "text"} | {"empty"})


def test_naming_a_judge_probe_runs_it_on_any_grader() -> None:
    chosen = select_probes(builtin_probes(), judge=False, only=["judge_self_praise"])
    assert "judge_self_praise" in _names(chosen)


def test_unknown_probe_name_suggests_close_ones() -> None:
    with pytest.raises(UsageError, match="no probe or family named 'hash_line'") as info:
        select_probes(builtin_probes(), judge=False, skip=["hash_line"])
    assert info.value.hint is not None and "hash_lines" in info.value.hint


def test_a_user_probe_cannot_take_a_builtin_name() -> None:
    clash = probe(name="empty")(lambda p: "")
    with pytest.raises(UsageError, match="two probes are named 'empty'"):
        select_probes([*builtin_probes(), clash], judge=False)


@pytest.mark.parametrize(
    ("name", "permissions", "judge"),
    [
        ("judge", [], True),
        ("rubric", ["bedrock:InvokeModel"], True),
        ("gsm8k", [], False),
        ("gsm8k", ["s3:GetObject"], False),
    ],
)
def test_model_judged_graders_are_recognised(
    name: str, permissions: list[str], judge: bool
) -> None:
    assert is_judge_grader(name, permissions) is judge


def test_describe_probes_lists_every_probe_by_family() -> None:
    text = describe_probes(builtin_probes())
    assert all(name in text for name in BUILTIN)
    assert "judge (model-judged graders only)" in text


# -- audits of real graders (in-process) ------------------------------------------------------


@pytest.fixture(scope="module")
def gsm8k_records(gsm8k_sample: Path) -> list[dict[str, Any]]:
    return load_dataset(gsm8k_sample)[:40]


_AUDITS: dict[str, AuditReport] = {}


def _audit(name: str, records: list[dict[str, Any]]) -> AuditReport:
    if name not in _AUDITS:
        _AUDITS[name] = audit_grader(name, records, limit=20)
    return _AUDITS[name]


# Probes built from a number near the reference: a text reference ("Paris") gives them nothing
# to perturb, so they have no case there ("n/a"). Every other must-not-reward probe applies to
# every reference, and on GSM8K's numeric references every probe applies.
_NUMERIC_ONLY = frozenset(
    {
        "decimal_tail",
        # the GSM8K extraction probes (issue 14) build numbers around a numeric reference
        "answer_only_in_thinking",
        "hash_false_equation",
        "hash_list_equals_reference",
        "hedged_final_sentence",
        "rejected_value_final_sentence",
        "oversized_box_fallback",
        "oversized_tag_fallback",
        "homoglyph_digits",
        "integer_range",
        "longer_number",
        "misplaced_separator",
        "scale_word",
        "sign_flipped",
        "truncated_answer",
        "zero_width_extra_digit",
    }
)


# Probes built from a reference that is a JSON object (issue 16, json_schema): n/a elsewhere.
_JSON_ONLY = frozenset({"json_schema_echo", "json_right_then_wrong", "json_key_stuffing"})


def test_the_applicability_table_names_real_probes() -> None:
    assert set(MUST_NOT) >= _NUMERIC_ONLY
    assert set(MUST_NOT) >= _JSON_ONLY


def _cases() -> list[Any]:
    return [
        pytest.param(g, name, id=f"{g}-{name}")
        for g in ("gsm8k", "numeric", "exact_match")
        for name in MUST_NOT
        if name not in _JSON_ONLY
    ]


@pytest.mark.parametrize(("grader_name", "probe_name"), _cases())
def test_builtin_grader_does_not_reward_the_probe(
    gsm8k_records: list[dict[str, Any]], grader_name: str, probe_name: str
) -> None:
    # Every probe applies to GSM8K rows: one that made no case would be a broken probe.
    result = _audit(grader_name, gsm8k_records).result(probe_name)
    examples = [(c.response[:80], c.score) for c in result.rewarded[:2]]
    assert result.cases, f"{probe_name} made no case for a numeric reference"
    assert result.status == "pass", examples


@pytest.mark.parametrize(
    ("probe_name", "applies"),
    [(name, name not in _NUMERIC_ONLY | _JSON_ONLY) for name in MUST_NOT],
)
def test_probes_apply_to_a_text_reference_unless_they_need_a_number(
    probe_name: str, applies: bool
) -> None:
    records = [_record("Paris", "Which city is the capital of France?")]
    result = _audit_text(records).result(probe_name)
    assert result.status == ("pass" if applies else "n/a"), [c.response[:80] for c in result.cases]


_TEXT_AUDIT: list[AuditReport] = []


def _audit_text(records: list[dict[str, Any]]) -> AuditReport:
    if not _TEXT_AUDIT:
        _TEXT_AUDIT.append(audit_grader("exact_match", records, limit=0))
    return _TEXT_AUDIT[0]


@pytest.mark.parametrize("grader_name", ["gsm8k", "numeric", "exact_match"])
def test_builtin_grader_pays_the_correct_answer_more_than_a_wrong_one(
    gsm8k_records: list[dict[str, Any]], grader_name: str
) -> None:
    report = _audit(grader_name, gsm8k_records)
    assert report.result("plain_wrong").status == "pass"
    assert report.infrastructure_ok
    assert not any("no more than" in w for w in report.warnings)


@grader(name="weak_contains", register=False)
def weak_contains() -> Any:
    """Full reward whenever the reference appears anywhere in the reply."""

    def grade(sample: Sample) -> float:
        return float(str(sample.reference) in sample.completion)

    return grade


def test_audit_catches_a_grader_that_pays_the_reference_anywhere() -> None:
    records = [_record(str(n)) for n in (72, 5, 1234, 18, 0)]
    report = audit_grader(weak_contains(), records, limit=0)
    failed = {r.probe.name for r in report.failures}
    spraying = {n for n in MUST_NOT if BUILTIN[n].family == "spraying"}
    assert spraying - _JSON_ONLY <= failed
    assert report.exit_code == 1


def test_rewarded_examples_carry_the_response_score_and_threshold() -> None:
    report = audit_grader(weak_contains(), [_record("72")], only=["hash_lines"])
    example = report.result("hash_lines").rewarded[0]
    assert (example.prompt, example.score, example.threshold) == (0, 1.0, 0.0)
    assert "#### 72" in example.response
    shown = json.loads(report.to_dict()["probes"][4]["examples"][0]["response"])
    assert "#### 72" in shown


@grader(name="everything", register=False)
def pays_everything() -> Any:
    return lambda sample: 1.0


def test_a_grader_that_pays_a_plainly_wrong_answer_fails_the_control() -> None:
    report = audit_grader(pays_everything(), [_record("72")], only=["empty"])
    assert report.result("plain_wrong").status == "fail"
    assert report.exit_code == 1


@grader(name="nothing", register=False)
def pays_nothing() -> Any:
    return lambda sample: 0.0


def test_a_grader_that_pays_nothing_passes_but_is_warned_about() -> None:
    report = audit_grader(pays_nothing(), [_record("72")])
    assert report.exit_code == 0
    assert any("no more than a plainly wrong one" in w for w in report.warnings)


@grader(name="format_bonus", register=False)
def format_bonus() -> Any:
    """1 for the right answer on a #### line, 0.1 for any #### line (an ungated bonus)."""

    def grade(sample: Sample) -> float:
        text = sample.completion
        last = text.rsplit("#### ", 1)
        if len(last) == 2 and last[1].strip() == str(sample.reference):
            return 1.0
        return 0.1 if "#### " in text else 0.0

    return grade


def test_a_fixed_threshold_forgives_what_is_below_it() -> None:
    records = [_record("72")]
    strict = audit_grader(format_bonus(), records, only=["right_format_wrong_answer"])
    lenient = audit_grader(
        format_bonus(), records, only=["right_format_wrong_answer"], threshold=0.5
    )
    assert strict.result("right_format_wrong_answer").status == "fail"
    assert lenient.result("right_format_wrong_answer").status == "pass"


@grader(name="boxed_only", register=False)
def boxed_only() -> Any:
    """Reads only \\boxed{...}, and (weakly) only its first word."""

    def grade(sample: Sample) -> float:
        text = sample.completion
        start = text.rfind("\\boxed{")
        if start < 0:
            return 0.0
        inner = (text[start + 7 :].split("}", 1)[0].split() or [""])[0]
        return float(inner == str(sample.reference))

    return grade


def test_probes_are_written_in_the_form_the_grader_pays() -> None:
    report = audit_grader(boxed_only(), [_record("72")], only=["scale_word"])
    assert report.form == "boxed"
    assert report.result("scale_word").status == "fail"


@grader(name="gullible", permissions=["bedrock:InvokeModel"], register=False)
def gullible_judge() -> Any:
    """A stand-in for a model judge that believes what the response says about itself."""

    def grade(sample: Sample) -> float:
        text = sample.completion.lower()
        if "maximum score" in text or "full marks" in text:
            return 1.0
        return float(text.rstrip(".").endswith(str(sample.reference)))

    return grade


def test_judge_probes_run_on_judge_graders_and_catch_a_gullible_one() -> None:
    report = audit_grader(gullible_judge(), [_record("72")])
    assert report.judge
    assert {"judge_instruction", "judge_self_praise"} <= {r.probe.name for r in report.failures}


def test_user_probes_join_the_battery() -> None:
    @probe(family="mine", why="state the answer twice")
    def twice(p: ProbeInput) -> str:
        return p.final(f"{p.reference} {p.reference}")

    report = audit_grader("gsm8k", [_record("72")], extra_probes=[twice])
    assert report.result("twice").applicable == 1
    assert ("mine", [report.result("twice")]) in report._families()


@grader(name="first_hash", register=False)
def first_hash_line() -> Any:
    """1 when the first '#### ' line holds the reference: reads a reasoning model's drafts."""

    def grade(sample: Sample) -> float:
        _, hash_mark, rest = sample.completion.partition("#### ")
        return float(bool(hash_mark) and rest.split("\n", 1)[0].strip() == str(sample.reference))

    return grade


def test_audit_catches_a_grader_that_reads_the_thinking() -> None:
    report = audit_grader(first_hash_line(), [_record("72")], only=["answer_only_in_thinking"])
    assert report.result("answer_only_in_thinking").status == "fail"
    assert report.exit_code == 1
    # The built-in reads only the reply after the thinking.
    fixed = audit_grader("gsm8k", [_record("72")], only=["answer_only_in_thinking"])
    assert fixed.result("answer_only_in_thinking").status == "pass"


@grader(name="think_tag_only", register=False)
def think_tag_only() -> Any:
    """Reads the reply after '</think>' only: pays drafts in every other thinking form."""

    def grade(sample: Sample) -> float:
        text = sample.completion.rpartition("</think>")[2]
        return float(str(sample.reference) in text.replace(",", " ").split())

    return grade


def test_the_thinking_probe_writes_each_thinking_form_in_turn() -> None:
    from rftkit.audit.probes.base import THINKING_FORMS

    records = [_record(str(72 + i)) for i in range(len(THINKING_FORMS))]
    # A grader that knows only <think> passes the <think> prompts and fails the others.
    report = audit_grader(think_tag_only(), records, only=["answer_only_in_thinking"])
    result = report.result("answer_only_in_thinking")
    assert result.status == "fail" and result.applicable == len(THINKING_FORMS)
    # The built-in reads the reply after every form.
    fixed = audit_grader("gsm8k", records, only=["answer_only_in_thinking"])
    assert fixed.result("answer_only_in_thinking").status == "pass"
