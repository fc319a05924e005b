"""Issue 19 from the command line: no silent zeros, readable references, errors as one line.

Each test runs ``main(argv)`` the way a user types the command, on the 200 GSM8K rows the
package ships (converted with ``data prepare``), so the commands are the documented ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rftkit.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "src" / "rftkit" / "data" / "gsm8k"
RESPONSES = DATA / "responses.jsonl"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def train(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "train.jsonl"
    code, _, _ = run(capsys, "data", "prepare", "gsm8k", str(DATA / "test_sample.jsonl"), str(path))
    assert code == 0
    return path


def _rewrite(src: Path, dest: Path, edit: object) -> Path:
    rows = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines()]
    with dest.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(rows):
            edit(i, row)  # type: ignore[operator]
            fh.write(json.dumps(row) + "\n")
    return dest


def _drop_refs(n: int) -> object:
    def edit(i: int, row: dict[str, object]) -> None:
        if i < n:
            del row["reference_answer"]

    return edit


# -- data validate --grader ---------------------------------------------------------------------


def test_validate_with_a_grader_names_every_record_without_a_reference(
    train: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    noref = _rewrite(train, tmp_path / "noref.jsonl", _drop_refs(150))
    code, _, err = run(capsys, "data", "validate", str(noref))
    assert code == 0, "without --grader the file keeps Bedrock's rules only"
    code, out, err = run(capsys, "data", "validate", str(noref), "--grader", "gsm8k")
    assert code == 1
    lines = [line for line in out.splitlines() if "no reference_answer" in line]
    assert len(lines) == 150
    assert lines[0].startswith(f"{noref}:1: error: reference_answer: ")
    assert "150 errors" in err


@pytest.mark.parametrize(
    ("grader", "reference", "readable"),
    [
        ("gsm8k", "many", False),
        ("gsm8k", {"text": "work\n#### 72"}, True),
        ("exact_match", {"text": "work\n#### 72"}, True),
        ("exact_match", "work\n#### 72", True),
        ("exact_match", {"final_answer": "Paris"}, True),
        ("exact_match", [1, 2], False),
        ("exact_match", {"unknown_key": "Paris"}, False),
    ],
)
def test_validate_with_a_grader_reports_references_it_cannot_read(
    train: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    grader: str,
    reference: object,
    readable: bool,
) -> None:
    def edit(i: int, row: dict[str, object]) -> None:
        if i == 3:
            row["reference_answer"] = reference

    path = _rewrite(train, tmp_path / "one.jsonl", edit)
    code, out, _ = run(capsys, "data", "validate", str(path), "--grader", grader)
    found = [line for line in out.splitlines() if "cannot read this reference_answer" in line]
    if readable:
        assert found == [], out
    else:
        assert code == 1
        assert len(found) == 1 and found[0].startswith(f"{path}:4: error:"), out


def test_validate_grader_arguments_need_a_grader(
    train: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "data", "validate", str(train), "--arg", "rules=hash")
    assert code == 2
    assert err.startswith("error: --args, --arg and --no-reference-required go with --grader")


def test_job_create_with_a_configured_grader_refuses_records_without_a_reference(
    train: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    noref = _rewrite(train, tmp_path / "noref.jsonl", _drop_refs(3))
    (tmp_path / "rftkit.toml").write_text('grader = "gsm8k"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("OPENAI_API_KEY", "fake-key")
    arn = "arn:aws:lambda:us-west-2:123456789012:function:gsm8k-reward"
    argv = ["job", "create", "--model", "openai.gpt-oss-20b", "--region", "us-west-2"]
    argv += ["--grader-function", arn, "--dry-run", "--training-file"]
    code, _, err = run(capsys, *argv, str(noref))
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "does not suit grader gsm8k" in errors[0], err
    assert "(and 2 more)" in errors[0]
    code, _, err = run(capsys, *argv, str(train))
    assert code == 0, err


# -- harness run fails when most samples are ungraded -------------------------------------------


@pytest.mark.parametrize(("dropped", "fails"), [(0, False), (100, False), (101, True), (200, True)])
def test_harness_run_fails_loudly_when_most_samples_are_ungraded(
    train: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    dropped: int,
    fails: bool,
) -> None:
    path = _rewrite(train, tmp_path / "d.jsonl", _drop_refs(dropped))
    argv = ["harness", "run", "--no-progress", "--dataset", str(path)]
    argv += ["--responses", str(RESPONSES)]
    code, _, err = run(capsys, *argv)
    if fails:
        assert code == 1
        want = f"error: {dropped} of 200 samples could not be graded (no_reference {dropped})"
        assert want in err
        code, _, err = run(capsys, *argv, "--max-error-fraction", "1")
        assert code == 0, err
    else:
        assert code == 0, err
        assert "could not be graded" not in err


def test_max_error_fraction_out_of_range_is_a_usage_error(
    train: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["harness", "run", "--dataset", str(train), "--responses", str(RESPONSES)]
    code, _, err = run(capsys, *argv, "--max-error-fraction", "1.5")
    assert code == 2
    assert err.startswith("error: --max-error-fraction must be between 0 and 1")


# -- exact_match reads every documented reference form ------------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        "72",
        "72.0",
        '{"final_answer": "72"}',
        '{"answer": 72}',
        '{"text": "work\\n#### 72"}',
        "3 * 24 = 72\n#### 72",
    ],
)
@pytest.mark.parametrize("rules", [None, "hash"])
def test_exact_match_reads_every_documented_reference_form(
    capsys: pytest.CaptureFixture[str], reference: str, rules: str | None
) -> None:
    reply = "#### 72" if rules else "72"
    argv = ["grade", "--grader", "exact_match", "--json", "--reference", reference]
    argv += ["--response", reply]
    if rules:
        argv += ["--arg", f"rules={rules}"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert json.loads(out)["score"] == 1.0


def test_exact_match_refuses_a_reference_it_cannot_read_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        capsys, "grade", "--grader", "exact_match", "--reference", '{"x": 1}', "--response", "1"
    )
    assert code == 1
    assert err.splitlines()[0].startswith("error: exact_match: no usable reference answer")
    assert "Traceback" not in err


# -- rftkit grade with a custom grader that raises ----------------------------------------------

BROKEN = """
from rftkit import Reward, grader

@grader(name="broken")
def broken():
    def grade(sample):
        raise ValueError("boom")
    return grade
"""


def test_grade_with_a_grader_that_raises_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.py"
    path.write_text(BROKEN, encoding="utf-8")
    ref = f"{path}:broken"
    code, out, err = run(capsys, "grade", "--grader", ref, "--reference", "1", "--response", "1")
    assert code == 1
    assert "Traceback" not in err
    assert err.splitlines()[0] == "error: grader broken raised ValueError: boom"
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"response": "1", "reference": "1"}\n{"response": "2"}\n', encoding="utf-8")
    code, out, err = run(capsys, "grade", "--grader", ref, "--input", str(rows))
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["error"] for r in results] == ["ValueError: boom"] * 2
    assert "Traceback" not in err


# -- rftkit init: the next step runs as printed --------------------------------------------------


@pytest.mark.parametrize("region", [None, "eu-west-1"])
def test_init_next_step_names_a_region_and_the_credentials_a_dry_run_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], region: str | None
) -> None:
    argv = ["init", str(tmp_path / "proj")] + (["--region", region] if region else [])
    code, out, _ = run(capsys, *argv)
    assert code == 0
    step = next(line for line in out.splitlines() if "rftkit deploy --dry-run" in line)
    config = (tmp_path / "proj" / "pyproject.toml").read_text(encoding="utf-8")
    # The region comes from the command line or from the scaffold's configuration, never neither.
    assert ("--region" in step) != (f'region = "{region}"' in config)
    assert "credentials" in out


# -- harness run --samples ----------------------------------------------------------------------


def test_samples_file_has_one_line_per_sample_with_its_prompt_score_and_answer(
    train: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _rewrite(train, tmp_path / "d.jsonl", _drop_refs(3))
    out_file = tmp_path / "samples.jsonl"
    argv = ["harness", "run", "--no-progress", "--dataset", str(path), "--profile", "mixed"]
    argv += ["--responses", str(RESPONSES), "--samples", str(out_file), "--json"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    report = json.loads(out)
    rows = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 200
    assert sorted(r["id"] for r in rows) == sorted(f"rollout-{i}-0" for i in range(200))
    keys = {"id", "prompt", "score", "error", "answer", "rule", "flags", "explanation"}
    assert all(keys <= set(r) for r in rows)
    by_id = {r["id"]: r for r in rows}
    assert [by_id[f"rollout-{i}-0"]["error"] for i in range(3)] == ["no_reference"] * 3
    assert by_id["rollout-0-0"]["prompt"] in ("gsm8k-00000", 0)
    graded = [r for r in rows if r["error"] is None]
    assert all(r["rule"] is not None or r["score"] == 0 for r in graded)
    mean = sum(r["score"] for r in rows) / len(rows)
    assert mean == pytest.approx(report["reward"]["mean"], abs=1e-6)


def test_samples_into_a_directory_is_a_usage_error(
    train: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["harness", "run", "--dataset", str(train), "--responses", str(RESPONSES)]
    code, _, err = run(capsys, *argv, "--samples", str(tmp_path))
    assert code == 2
    assert err.startswith(f"error: --samples {tmp_path} is a directory")


# -- responses name their prompt as docs/harness.md and docs/contract.md say ---------------------


@pytest.mark.parametrize(
    ("row", "ok"),
    [
        ({"index": 0}, True),
        ({"id": "gsm8k-00000"}, True),  # the record's task_id, under "id"
        ({"task_id": "gsm8k-00000"}, True),  # the same, under "task_id"
        ({"task_id": "no-such-prompt"}, False),
        ({"response_id": "gsm8k-00000"}, False),  # names no prompt
    ],
)
def test_responses_name_their_prompt_as_documented(
    train: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    row: dict[str, object],
    ok: bool,
) -> None:
    responses = tmp_path / "r.jsonl"
    responses.write_text(json.dumps({**row, "response": "#### 18"}) + "\n", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    argv = ["harness", "events", "--dataset", str(train), "--responses", str(responses)]
    code, _, err = run(capsys, *argv, "--out", str(out))
    assert (code == 0) == ok, err
    doc = (Path(__file__).resolve().parents[2] / "docs" / "harness.md").read_text("utf-8")
    assert "(or an `id` or `task_id` key holding the record's" in doc
