"""The contract package owns the wire format: its helpers, and that nobody else spells it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rftkit.harness import contract
from rftkit.harness.contract import (
    METRICS_KEY,
    SCORE_KEY,
    count_samples,
    is_reply_role,
    parse_event,
    render_response,
    result_metrics,
    result_score,
    validate_response,
)
from rftkit.harness.contract.variants import VARIANTS, render_variant, wrap_event
from rftkit.rewards.types import Reward

SRC = Path(__file__).resolve().parents[2] / "src" / "rftkit"
CONTRACT_DIR = SRC / "harness" / "contract"


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for stmt in body:  # module, class and function docstrings, attribute docstrings
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    found.add(id(stmt.value))
    return found


def test_only_the_contract_spells_the_result_keys() -> None:
    keys = {SCORE_KEY, METRICS_KEY}
    spelled = []
    for path in sorted(SRC.rglob("*.py")):
        if CONTRACT_DIR in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in keys and id(node) not in docs:
                spelled.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert spelled == []


def test_the_keys_are_what_bedrock_reads() -> None:
    (result,) = render_response(["a"], [Reward(0.5)])
    assert (SCORE_KEY, METRICS_KEY) == ("aggregate_reward_score", "metrics_list")
    assert list(result) == ["id", SCORE_KEY, METRICS_KEY]


@pytest.mark.parametrize(
    ("event", "n"),
    [
        ([{}, {}, {}], 3),
        ({"trajectories": [{}]}, 1),
        ({"trajectories": "abc"}, 0),
        ({"trajectories": None}, 0),
        ({"samples": [{}]}, 0),
        ([], 0),
        ("[{}]", 0),
        (None, 0),
        (7, 0),
    ],
)
def test_count_samples(event: Any, n: int) -> None:
    assert count_samples(event) == n


@pytest.mark.parametrize(
    ("result", "score"),
    [
        ({"aggregate_reward_score": 1}, 1.0),
        ({"aggregate_reward_score": -0.25}, -0.25),
        ({"aggregate_reward_score": True}, None),
        ({"aggregate_reward_score": float("nan")}, None),
        ({"aggregate_reward_score": float("inf")}, None),
        ({"aggregate_reward_score": 10**400}, None),
        ({"aggregate_reward_score": "1"}, None),
        ({}, None),
        ([1.0], None),
        (None, None),
    ],
)
def test_result_score_is_a_finite_float_or_none(result: Any, score: float | None) -> None:
    assert result_score(result) == score


def test_result_metrics_reads_what_was_sent() -> None:
    metrics = [{"name": "m", "value": 1, "type": "Metric"}]
    assert result_metrics({"metrics_list": metrics}) is metrics
    assert result_metrics({"metrics_list": "junk"}) == "junk"
    assert result_metrics({}) is None
    assert result_metrics("junk") is None


@pytest.mark.parametrize(
    ("role", "reply"),
    [
        ("assistant", True),
        ("nova_assistant", True),
        ("user", False),
        ("system", False),
        ("Assistant", False),
        (None, False),
        (["assistant"], False),
        ({"role": "assistant"}, False),
    ],
)
def test_is_reply_role(role: Any, reply: bool) -> None:
    assert is_reply_role(role) is reply


_TEXT = st.text(max_size=40)
_REFERENCE = st.one_of(_TEXT, st.dictionaries(st.sampled_from(["a", "b"]), _TEXT, min_size=2))


@given(
    variant=st.sampled_from(VARIANTS),
    prompt=_TEXT,
    reply=_TEXT,
    reference=_REFERENCE,
    wrapped=st.booleans(),
)
def test_every_written_variant_parses_back(
    variant: str, prompt: str, reply: str, reference: Any, wrapped: bool
) -> None:
    record = {"messages": [{"role": "user", "content": prompt}], "reference_answer": reference}
    event = wrap_event([render_variant(record, "r-0", reply, variant)], wrapped)
    parsed = parse_event(event, strict=True)
    assert (parsed.ids, parsed.wrapped, parsed.problems) == (["r-0"], wrapped, {})
    (sample,) = parsed.samples
    assert (sample.completion, sample.reference) == (reply, reference)
    assert validate_response(event, render_response(parsed.ids, [Reward(1.0)])).ok


def test_the_package_exports_what_it_defines() -> None:
    for name in contract.__all__:
        assert hasattr(contract, name), name
    assert sorted(contract.__all__) == sorted(set(contract.__all__))


@pytest.mark.parametrize(
    "path",
    [*sorted(CONTRACT_DIR.glob("*.py")), SRC / "harness" / "handler.py"],
    ids=lambda p: p.name,
)
def test_wire_and_handler_modules_stay_under_900_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 900
