"""Grader arguments on the command line: one form for every command that takes a grader."""

from __future__ import annotations

import argparse

import pytest

from rftkit.cli._common import add_grader_args, grader_args
from rftkit.cli.main import build_parser
from rftkit.errors import UsageError


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_grader_args(parser)
    return parser.parse_args(argv)


def test_pairs_override_keys_of_the_json_object() -> None:
    ns = _parse(["--args", '{"rel_tol": 0.1, "rules": ["hash"]}', "--arg", "rel_tol=0.01"])
    assert grader_args(ns) == {"rel_tol": 0.01, "rules": ["hash"]}


def test_pair_value_that_is_not_json_is_a_string() -> None:
    assert grader_args(_parse(["--arg", "model_id=us.amazon.nova-lite-v1:0"])) == {
        "model_id": "us.amazon.nova-lite-v1:0"
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--args", "{bad"], "not valid JSON"),
        (["--args", "[1, 2]"], "must be a JSON object"),
        (["--arg", "no-equals-sign"], "KEY=VALUE"),
        (["--arg", "=1"], "KEY=VALUE"),
    ],
)
def test_malformed_grader_arguments_are_usage_errors(argv: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        grader_args(_parse(argv))


@pytest.mark.parametrize(
    "command",
    [
        ["grade", "--response", "x"],
        ["demo"],
        ["build", "--grader", "gsm8k"],
        ["audit"],
        ["harness", "run"],
        ["job", "evaluate", "--model", "m", "--dataset", "d", "--grader", "gsm8k"],
    ],
)
def test_every_grader_command_takes_both_forms(command: list[str]) -> None:
    ns = build_parser().parse_args([*command, "--args", '{"a": 1}', "--arg", "b=2"])
    assert grader_args(ns) == {"a": 1, "b": 2}
