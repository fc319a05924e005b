"""``rftkit audit`` with the ``code`` grader: the issue-17 probes make cases and earn nothing."""

from __future__ import annotations

from typing import Any

import pytest

from rftkit.audit import audit_grader
from rftkit.audit.probes import builtin_probes, make_input
from rftkit.audit.runner import AuditReport

CODE_PROBES = sorted(p.name for p in builtin_probes() if p.name.startswith("code_"))
REFERENCES: list[Any] = [
    {"test_cases": [{"input": "1 2\n", "output": "3\n"}, {"input": "2 2\n", "output": "4\n"}]},
    {"tests": "assert add(1, 2) == 3\nassert add(2, 5) == 7", "entry_point": "add"},
]
_AUDIT: list[AuditReport] = []


def _audit() -> AuditReport:
    if not _AUDIT:
        records = [
            {"messages": [{"role": "user", "content": f"Task {i}"}], "reference_answer": ref}
            for i, ref in enumerate(REFERENCES)
        ]
        _AUDIT.append(audit_grader("code", records, args={"timeout": 1.0}, limit=0))
    return _AUDIT[0]


def test_the_family_has_its_probes() -> None:
    assert len(CODE_PROBES) >= 7


@pytest.mark.parametrize("name", CODE_PROBES)
def test_no_code_probe_is_paid(name: str) -> None:
    result = _audit().result(name)
    assert len(result.cases) == len(REFERENCES), name
    assert result.status == "pass", [(c.response[:80], c.score) for c in result.rewarded]


def test_the_whole_battery_passes() -> None:
    assert [r.probe.name for r in _audit().results if r.status == "fail"] == []


@pytest.mark.parametrize("reference", ["72", "Paris", {"ground_truth": ["f(x=1)"]}])
def test_code_probes_make_no_case_for_other_references(reference: Any) -> None:
    p = make_input(0, reference)
    for probe in builtin_probes():
        if probe.name.startswith("code_"):
            assert probe.build(p) is None, probe.name
