"""The deploy's local smoke expectation: None only when there is nothing to compare, else an
answer or an error (never a silent None for a grader that is broken)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rftkit.errors import GraderNotFoundError, PluginError, RftkitError
from rftkit.packaging.apply import local_smoke_expectation, smoke_event
from rftkit.rewards.types import GraderSpec

AWS_GRADER = """
from rftkit.rewards.registry import grader


@grader(register=False, permissions=["bedrock:InvokeModel"])
def calls_aws():
    return lambda sample: 1.0
"""

PLAIN_GRADER = """
from rftkit.rewards.registry import grader


@grader(register=False)
def half(weight: float = 0.5):
    return lambda sample: weight
"""


def _file(tmp_path: Path, text: str, name: str) -> str:
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("grader", "args", "scores"),
    [
        ("gsm8k", None, [1.0, 0.0]),
        (GraderSpec("gsm8k", "rftkit.rewards.builtin.gsm8k:gsm8k", {}), None, [1.0, 0.0]),
        ("plain:half", {"weight": 0.25}, [0.25, 0.25]),
    ],
)
def test_a_grader_that_loads_gives_one_result_per_rollout(
    grader: Any, args: Any, scores: list[float], tmp_path: Path
) -> None:
    if grader == "plain:half":
        grader = _file(tmp_path, PLAIN_GRADER, "plain") + ":half"
    got = local_smoke_expectation(grader, args)
    assert got is not None
    assert [r["id"] for r in got] == [e["id"] for e in smoke_event()]
    assert [r["aggregate_reward_score"] for r in got] == scores


def test_no_grader_means_no_expectation() -> None:
    assert local_smoke_expectation(None) is None


def test_a_grader_that_calls_aws_is_not_run_locally(tmp_path: Path) -> None:
    assert local_smoke_expectation(_file(tmp_path, AWS_GRADER, "aws") + ":calls_aws") is None


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda tmp: "gsm8kk", GraderNotFoundError),
        (lambda tmp: "no_such_package.module:factory", GraderNotFoundError),
        (lambda tmp: _file(tmp, "import no_such_dependency_here\n", "broken") + ":g", PluginError),
        (lambda tmp: _file(tmp, "def g(:\n", "syntax") + ":g", PluginError),
        (lambda tmp: _file(tmp, PLAIN_GRADER, "plain") + ":missing", GraderNotFoundError),
    ],
    ids=["unknown-name", "missing-module", "failing-import", "syntax-error", "missing-attr"],
)
def test_a_grader_that_does_not_load_is_an_error_not_a_skipped_check(
    make: Any, error: type[RftkitError], tmp_path: Path
) -> None:
    with pytest.raises(error):
        local_smoke_expectation(make(tmp_path))


def test_bad_arguments_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(RftkitError):
        local_smoke_expectation("gsm8k", {"corect_weight": 0.5})
