"""`rftkit grade`, `rftkit graders list` and `rftkit demo` through main(argv)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from rftkit.cli import graders as graders_cli
from rftkit.cli.main import main
from rftkit.rewards import registry as registry_module
from rftkit.rewards.registry import GraderRegistry


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


# -- grade: one response ---------------------------------------------------------------------


def test_grade_prints_score_answer_rule_and_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["grade", "--reference", "72", "--response", "8 * 9 = 72\n#### 72"], capsys
    )
    assert status == 0
    assert "score:       1" in out
    assert "answer:      72" in out
    assert "rule:        hash" in out
    assert "correct" in out
    assert "(Reward)" in out


def test_grade_json_is_one_object(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        ["grade", "--json", "--reference", "72", "--response", "so \\boxed{72}"], capsys
    )
    result = json.loads(out)
    assert status == 0
    assert (result["score"], result["answer"], result["rule"]) == (0.9, "72", "boxed")
    assert {"name": "correct", "value": 1.0, "type": "Reward"} in result["metrics"]


def test_grade_reads_the_response_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("work\n#### 1,234\n"))
    status, out, _ = run(["grade", "--json", "--reference", "1234", "--response", "-"], capsys)
    assert status == 0
    assert json.loads(out)["score"] == 1.0


def test_grade_passes_grader_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "grade",
        "--json",
        "--grader",
        "numeric",
        "--args",
        '{"rel_tol": 0.01}',
        "--reference",
        "3.1416",
        "--response",
        "about 3.14",
    ]
    status, out, _ = run(argv, capsys)
    assert (status, json.loads(out)["score"]) == (0, 1.0)


def test_grade_accepts_a_json_object_reference(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["grade", "--json", "--reference", '{"final_answer": "72"}', "--response", "#### 72"]
    status, out, _ = run(argv, capsys)
    assert (status, json.loads(out)["score"]) == (0, 1.0)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["grade"], "nothing to grade"),
        (["grade", "--response", "x", "--args", "{bad"], "--args is not valid JSON"),
        (["grade", "--response", "x", "--args", "[1]"], "--args must be a JSON object"),
        (["grade", "--grader", "gsm8kk", "--response", "x"], "unknown grader"),
        (["grade", "--args", '{"colour": 1}', "--response", "x"], "colour"),
        (["grade", "--response", "x", "--reference", "{oops"], "--reference"),
        (["grade", "--response", "x", "--output", "f.jsonl"], "--output is for --input"),
        (["grade", "--input", "missing.jsonl"], "no such input file"),
    ],
)
def test_grade_usage_errors_exit_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(argv, capsys)
    assert status == 2
    assert message in err
    assert "Traceback" not in err + out


def test_grade_unknown_grader_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(["grade", "--grader", "gsm8kk", "--response", "x"], capsys)
    assert "hint: did you mean: gsm8k" in err


def test_grade_without_reference_explains_what_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(["grade", "--response", "#### 72"], capsys)
    assert status == 2  # a usage error (issue 12), not a failure
    assert "no reference answer" in err
    assert "hint:" in err


# -- grade: a file of rows -------------------------------------------------------------------

ROWS = [
    '{"id": "a", "response": "#### 72", "reference": "72"}',
    "this line is not JSON",
    '{"id": "b", "response": "#### 7", "reference_answer": {"final_answer": "8"}}',
    '{"id": "c", "reference": "3"}',
    '["a", "list"]',
    '{"id": "d", "response": "#### 5"}',
    "",
    '{"response": "so \\\\boxed{9}", "reference": 9}',
]


@pytest.fixture
def rows_file(tmp_path: Path) -> Path:
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_grade_input_writes_one_result_per_row_in_order(
    rows_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["grade", "--input", str(rows_file)], capsys)
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 6, 8]
    assert [r["id"] for r in results] == ["a", None, "b", "c", None, "d", None]
    assert [r["score"] for r in results] == [1.0, None, 0.0, None, None, None, 0.9]
    assert status == 1
    assert "graded 3 of 7 rows" in err


def test_grade_input_bad_rows_get_error_results_with_the_same_keys(
    rows_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["grade", "--input", str(rows_file)], capsys)
    results = [json.loads(line) for line in out.splitlines()]
    keys = {frozenset(r) for r in results}
    assert len(keys) == 1
    errors = {r["id"]: r["error"] for r in results if r["error"] is not None}
    assert errors["c"] == "the row has no 'response' string"
    assert "no reference answer" in errors["d"]
    assert results[1]["error"].startswith("not valid JSON")
    assert results[1]["errors"] == ["bad_row"]
    assert results[5]["errors"] == ["grader_error"]


def test_grade_input_writes_to_output_file(
    rows_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.jsonl"
    _, out, _ = run(["grade", "--input", str(rows_file), "--output", str(target)], capsys)
    assert out == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 7


def test_grade_input_of_good_rows_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "good.jsonl"
    path.write_text('{"response": "#### 1", "reference": 1}\n', encoding="utf-8")
    status, _, err = run(["grade", "--input", str(path)], capsys)
    assert status == 0
    assert "mean score 1.0000" in err


# -- graders list ----------------------------------------------------------------------------


def test_graders_list_shows_name_distribution_and_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(["graders", "list"], capsys)
    assert status == 0
    line = next(line for line in out.splitlines() if line.startswith("gsm8k "))
    assert "rftkit" in line
    assert "GSM8K" in line


def test_graders_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["graders", "list", "--json"], capsys)
    by_name = {g["name"]: g for g in json.loads(out)}
    assert {"exact_match", "numeric", "format", "gsm8k", "composite"} <= set(by_name)
    assert by_name["numeric"]["ok"] is True
    assert by_name["numeric"]["distribution"] == "rftkit"


@pytest.fixture
def broken_registry(monkeypatch: pytest.MonkeyPatch) -> GraderRegistry:
    monkeypatch.setitem(registry_module.BUILTINS, "broken_one", "no_such_module_xyz:factory")
    monkeypatch.setitem(registry_module.BUILTINS, "broken_two", "rftkit.rewards.numbers:nope")
    fresh = GraderRegistry(entry_points=False)
    monkeypatch.setattr(graders_cli, "default_registry", fresh)
    return fresh


@pytest.mark.usefixtures("broken_registry")
def test_graders_check_reports_every_failure_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["graders", "list", "--check"], capsys)
    assert status == 1
    assert "2 of" in err
    assert "broken_one" in err
    assert "broken_two" in err
    assert "BROKEN" in out


@pytest.mark.usefixtures("broken_registry")
def test_graders_list_without_check_shows_broken_but_succeeds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(["graders", "list"], capsys)
    assert status == 0
    assert "BROKEN" in out


def test_graders_check_passes_when_all_load(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graders_cli, "default_registry", GraderRegistry(entry_points=False))
    status, _, err = run(["graders", "list", "--check"], capsys)
    assert status == 0
    assert "graders load" in err


# -- demo ------------------------------------------------------------------------------------


def test_demo_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["demo"], capsys)
    assert status == 0
    for heading in ("samples        200", "mean reward", "accuracy", "extraction rule", "flags"):
        assert heading in out
    assert "why:" in out


def test_demo_json_summarises_the_bundled_sample(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["demo", "--json", "--examples", "2"], capsys)
    summary = json.loads(out)
    assert status == 0
    assert summary["samples"] == 200
    assert summary["grader_errors"] == []
    assert 0.5 < summary["mean_correct"] < 0.9  # the synthetic replies are ~70% right
    assert {"hash", "boxed", "answer_is"} <= set(summary["rules"])
    assert "multiple_answers" in summary["flags"]
    assert len(summary["failures"]) == 2
