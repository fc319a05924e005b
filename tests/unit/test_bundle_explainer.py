"""``harness run --zip`` explains scores with the bundle's grader when it loads here, and runs
without explanations when it does not; an rftkit bug in loading is not hidden."""

from __future__ import annotations

from typing import Any

import pytest

from rftkit.cli.harness import _bundle_explainer

GSM8K = {"name": "gsm8k", "target": "rftkit.rewards.builtin.gsm8k:gsm8k", "args": {}}


def test_a_grader_that_loads_here_explains_the_scores() -> None:
    bound = _bundle_explainer(GSM8K)
    assert bound is not None
    assert bound.name == "gsm8k"


@pytest.mark.parametrize(
    "spec",
    [
        {},
        {"name": "gsm8k"},
        {"target": "rftkit.rewards.builtin.gsm8k:gsm8k"},
        {**GSM8K, "name": 3},
        {**GSM8K, "args": ["not", "a", "mapping"]},
        {**GSM8K, "target": "not_installed_here.module:grader"},
        {**GSM8K, "target": "/no/such/file.py:grader"},
        {**GSM8K, "args": {"no_such_argument": 1}},
    ],
    ids=["empty", "no-target", "no-name", "bad-name", "bad-args", "missing-module",
         "missing-file", "unknown-argument"],
)  # fmt: skip
def test_a_grader_that_does_not_load_here_gives_no_explanations(spec: dict[str, Any]) -> None:
    assert _bundle_explainer(spec) is None


def test_an_unexpected_error_while_loading_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(spec: Any) -> Any:
        raise AttributeError("a bug in rftkit")

    monkeypatch.setattr("rftkit.rewards.registry.load_spec", broken)
    with pytest.raises(AttributeError, match="a bug in rftkit"):
        _bundle_explainer(GSM8K)
