"""``rftkit audit`` on a tool-calling dataset: the tool_call probes, and the whole battery,
against the tool_call grader in both modes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rftkit.audit import audit_grader
from rftkit.audit.probes import builtin_probes, make_input
from rftkit.audit.runner import AuditReport

TOOL_PROBES = sorted(
    p.name
    for p in builtin_probes()
    if p.name.startswith("tool_call_") and p.verdict == "must_not_reward"
)

REFERENCES: list[Any] = [
    {"ground_truth": ["get_weather(city='Paris', unit='celsius')"]},
    {"ground_truth": ["get_time(tz='Europe/Paris')", "get_weather(city='Paris')"]},
    [{"name": "book_flight", "arguments": {"origin": "CDG", "dest": "JFK", "seats": 2}}],
    [{"convert": {"amount": [12.5], "currency": ["EUR", "eur"], "round": [True, ""]}}],
    # A plain-string reference; one holding a single number ("f(limit=5)") reaches probes as
    # that number (make_input reads a one-number string as a numeric answer).
    "search_docs(query='refund policy', lang='en')",
]


def _records() -> list[dict[str, Any]]:
    return [
        {"messages": [{"role": "user", "content": f"Task {i}"}], "reference_answer": ref}
        for i, ref in enumerate(REFERENCES)
    ]


_AUDITS: dict[str, AuditReport] = {}


def _audit(mode: str) -> AuditReport:
    if mode not in _AUDITS:
        _AUDITS[mode] = audit_grader("tool_call", _records(), args={"mode": mode}, limit=0)
    return _AUDITS[mode]


def test_the_family_has_its_probes() -> None:
    assert len(TOOL_PROBES) >= 6


@pytest.mark.parametrize("name", TOOL_PROBES)
def test_strict_mode_pays_no_tool_call_probe(name: str) -> None:
    result = _audit("strict").result(name)
    assert result.cases, f"{name} made no case for a tool-call reference"
    assert result.status == "pass", [(c.response[:80], c.score) for c in result.rewarded]


@pytest.mark.parametrize("mode", ["strict", "partial"])
def test_the_correct_calls_are_the_yardstick(mode: str) -> None:
    report = _audit(mode)
    scores = [c.score for c in report.result("tool_call_correct_calls").cases]
    assert scores == [1.0] * len(REFERENCES)
    assert report.to_dict()["controls"]["correct_best_mean"] == 1.0
    assert not [w for w in report.warnings if "correct" in w]


def test_strict_mode_passes_the_whole_battery() -> None:
    report = _audit("strict")
    failed = [r.probe.name for r in report.results if r.status == "fail"]
    assert failed == []


# Partial credit pays a near miss by design (the AWS sample's weights): the probes that keep
# the expected calls and add to them earn part of the reward there, and the audit says so.
PARTIAL_PAYS = {
    "tool_call_spray_duplicates",
    "tool_call_every_function",
    "tool_call_argument_stuffing",
    "tool_call_value_lists",
}


@pytest.mark.parametrize("name", TOOL_PROBES)
def test_partial_mode_pays_only_near_misses_and_less_than_the_answer(name: str) -> None:
    result = _audit("partial").result(name)
    assert result.status == ("fail" if name in PARTIAL_PAYS else "pass")
    assert all(c.score is not None and c.score < 1.0 for c in result.cases)


@pytest.mark.parametrize("reference", ["Paris", "72", {"final_answer": "72"}, {"schema": {}}])
def test_tool_call_probes_make_no_case_for_other_references(reference: Any) -> None:
    p = make_input(0, reference)
    for probe in builtin_probes():
        if probe.name.startswith("tool_call_"):
            assert probe.build(p) is None


def test_a_structured_reference_reaches_probes_as_its_json() -> None:
    ref = REFERENCES[2]
    assert json.loads(make_input(0, ref).reference) == ref
