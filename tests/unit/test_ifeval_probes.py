"""The issue-16 ``ifeval`` audit probes: they apply to IFEval references only, and the
``ifeval`` grader passes every must-not-reward probe on a small IFEval-shaped dataset."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rftkit.audit.probes import builtin_probes, make_input
from rftkit.audit.runner import audit_grader

IFEVAL_PROBES = {p.name: p for p in builtin_probes() if p.family == "ifeval"}

RECORDS: list[dict[str, Any]] = [
    {
        "messages": [{"role": "user", "content": "Describe rivers in under 50 words, no commas."}],
        "reference_answer": {
            "key": 1,
            "instruction_id_list": ["punctuation:no_comma", "length_constraints:number_words"],
            "kwargs": [{"num_words": None}, {"num_words": 50, "relation": "less than"}],
        },
    },
    {
        "messages": [{"role": "user", "content": "Write about tea; end with 'Any questions?'"}],
        "reference_answer": {
            "instruction_id_list": ["startend:end_checker", "keywords:existence"],
            "kwargs": [{"end_phrase": "Any questions?"}, {"keywords": ["tea", "leaf"]}],
        },
    },
    {
        "messages": [{"role": "user", "content": "Answer in capitals with a <<title>>."}],
        "reference_answer": {
            "instruction_id_list": ["change_case:english_capital", "detectable_format:title"],
            "kwargs": [{}, {}],
        },
    },
]


def test_the_family_probes_exist() -> None:
    assert set(IFEVAL_PROBES) == {
        "ifeval_keyword_spray",
        "ifeval_caps_spray",
        "json_wrapped",
        "ifeval_end_phrase_only",
    }


@pytest.mark.parametrize("name", sorted(set(IFEVAL_PROBES) - {"json_wrapped"}))
def test_ifeval_only_probes_do_not_apply_to_other_references(name: str) -> None:
    for ref in ("72", "Paris", {"final_answer": "3"}):
        assert IFEVAL_PROBES[name].build(make_input(0, ref)) is None


def test_json_wrapped_applies_to_any_reference_but_a_json_instruction() -> None:
    assert IFEVAL_PROBES["json_wrapped"].build(make_input(0, "72")) is not None
    ref = {"instruction_id_list": ["detectable_format:json_format"], "kwargs": [{}]}
    assert IFEVAL_PROBES["json_wrapped"].build(make_input(0, ref)) is None


def test_an_ifeval_record_becomes_a_probe_input() -> None:
    p = make_input(0, RECORDS[1]["reference_answer"], prompt="Write about tea")
    assert json.loads(p.reference)["instruction_id_list"][0] == "startend:end_checker"
    assert IFEVAL_PROBES["ifeval_end_phrase_only"].build(p) == "Any questions?"
    spray = IFEVAL_PROBES["ifeval_keyword_spray"].build(p)
    assert spray is not None and "leaf" in spray and "Any questions?" in spray
    wrapped = IFEVAL_PROBES["json_wrapped"].build(p)
    assert wrapped is not None and json.loads(wrapped)["response"]
    caps = IFEVAL_PROBES["ifeval_caps_spray"].build(p)
    assert caps is not None and caps.isupper()


def test_end_phrase_probe_needs_an_end_phrase() -> None:
    p = make_input(0, RECORDS[0]["reference_answer"])
    assert IFEVAL_PROBES["ifeval_end_phrase_only"].build(p) is None


def test_ifeval_grader_passes_its_must_not_reward_probes() -> None:
    report = audit_grader("ifeval", RECORDS, only=["ifeval", "degenerate"])
    by_name = {r.probe.name: r for r in report.results}
    for name in ("json_wrapped", "empty", "whitespace"):
        assert by_name[name].applicable > 0
        assert by_name[name].status == "pass", name
    # Report-only probes are measured: the end phrase alone earns partial credit (mean).
    assert by_name["ifeval_end_phrase_only"].status == "report"
    assert (by_name["ifeval_end_phrase_only"].max or 0) > 0


def test_all_aggregate_pays_the_end_phrase_alone_nothing() -> None:
    report = audit_grader(
        "ifeval", RECORDS, args={"aggregate": "all"}, only=["ifeval_end_phrase_only"]
    )
    by_name = {r.probe.name: r for r in report.results}
    assert by_name["ifeval_end_phrase_only"].max == 0.0
