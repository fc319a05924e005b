"""Claims of docs/graders.md's gsm8k section, checked against the code (issue 19)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rftkit.rewards.builtin.gsm8k import gsm8k
from rftkit.rewards.extract import RULES
from rftkit.rewards.types import Sample

DOC = (Path(__file__).resolve().parents[2] / "docs" / "graders.md").read_text(encoding="utf-8")
SECTION = DOC[DOC.index("## gsm8k defaults, metrics and what they mean") :]


def test_the_documented_rule_order_is_the_code_order() -> None:
    sentence = SECTION[SECTION.index("first\none that finds") : SECTION.index("The order is")]
    assert tuple(re.findall(r"`(\w+)`", sentence)) == RULES


@pytest.mark.parametrize(
    ("reply", "score", "rule", "format_ok"),
    [
        ("so\n#### x = 5", 0.9, "final_sentence", 0.0),
        ("so\n#### 2 + 3 = 5", 1.0, "hash", 1.0),
        ("so\n#### 2+3 = 6", 0.0, "hash", 0.0),
        ("so\n#### 4", 0.0, "hash", 1.0),  # well-formed and wrong: format_ok 1, nothing paid
    ],
)
def test_the_documented_hash_cases_score_as_written(
    reply: str, score: float, rule: str, format_ok: float
) -> None:
    r = gsm8k()(Sample.from_text(response=reply, reference="5"))
    metrics = {m.name: m.value for m in r.metrics}
    assert (r.score, r.rule, metrics["format_ok"]) == (score, rule, format_ok)
    if reply != "so\n#### 4":
        assert f"`{reply.split(chr(10))[1]}`" in SECTION


def _doc(name: str) -> str:
    return (DOC_DIR / name).read_text(encoding="utf-8")


DOC_DIR = Path(__file__).resolve().parents[2] / "docs"


def test_audit_doc_names_the_controls_the_code_runs() -> None:
    from rftkit.audit.probes import BUILTIN

    controls = {p.name for p in BUILTIN if p.verdict == "control"}
    text = _doc("audit.md")
    para = text[text.index('**What "rewarded" means.**') :][:600]
    assert set(re.findall(r"`(\w+)`", para)) >= controls
    assert len(controls) == 4
    assert next(p for p in BUILTIN if p.name == "bare_answer").verdict == "report_only"


def test_judge_doc_names_the_real_concurrency_argument() -> None:
    import inspect

    from rftkit.rewards.builtin.judge import judge

    params = inspect.signature(judge).parameters
    for name in re.findall(r"grader's `(\w+)` argument", _doc("judge.md")):
        assert name in params
    assert "max_concurrency" in params


def test_contract_doc_names_every_event_fixture_and_only_real_ones() -> None:
    fixtures = DOC_DIR.parent / "tests" / "fixtures" / "events"
    on_disk = {p.name for p in fixtures.glob("*.json")}
    text = _doc("contract.md")
    named = set(re.findall(r"`([a-z_]+\.json)`", text))
    assert named <= on_disk
    bad = {n for n in on_disk if n.startswith("bad_event_")}
    assert on_disk - bad - named == set()  # the bad_event_* files are named as a family
    assert "bad_event_*.json" in text
