"""``rftkit audit`` end to end: exit status, terminal summary, --json, reports, user errors."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from rftkit.cli.main import main
from tests.conftest import need_python

WEAK_GRADER = """
from rftkit import grader


@grader(name="weak")
def weak():
    "Full reward whenever the reference appears anywhere in the reply (deliberately weak)."
    return lambda sample: float(str(sample.reference) in sample.completion)
"""

GULLIBLE_JUDGE = """
from rftkit import grader


@grader(name="gullible", permissions=["bedrock:InvokeModel"])
def gullible():
    "A stand-in for a model judge that believes what a reply says about itself."
    def grade(sample):
        text = sample.completion.lower()
        if "maximum score" in text or "full marks" in text:
            return 1.0
        return float(text.rstrip(".").endswith(str(sample.reference)))
    return grade
"""

MY_PROBES = """
from rftkit.audit import probe


@probe(family="mine", why="a question mark where the answer should be")
def question_mark(p):
    return p.final("?")
"""


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    rows = [
        {
            "messages": [{"role": "user", "content": f"What is {a} times {b}?"}],
            "reference_answer": str(a * b),
            "task_id": f"t{i}",
        }
        for i, (a, b) in enumerate([(8, 9), (12, 11), (3, 5), (25, 40), (7, 1)])
    ]
    return _write(tmp_path / "train.jsonl", rows)


@pytest.fixture
def weak(tmp_path: Path) -> str:
    (tmp_path / "weak.py").write_text(WEAK_GRADER)
    return f"{tmp_path / 'weak.py'}:weak"


def test_builtin_grader_passes_its_audit_with_exit_status_0(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["audit", "--grader", "gsm8k", "--dataset", str(dataset)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.rstrip().endswith("ok: no must-not-reward probe was rewarded")
    for family in ("control", "spraying", "format", "text", "degenerate"):
        assert f"\n{family}\n" in out


def test_weak_grader_fails_the_spraying_probes_with_exit_status_1(
    dataset: Path, weak: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["audit", "--grader", weak, "--dataset", str(dataset), "--no-progress"])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL: " in out
    for name in ("candidate_list", "hash_lines", "integer_range", "reference_buried"):
        line = next(x for x in out.splitlines() if x.strip().startswith(name))
        assert line.rstrip().endswith("FAIL"), line
    assert "e.g. prompt 0 (t0):" in out


def test_json_output_names_every_failure_with_examples(
    dataset: Path, weak: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["audit", "--grader", weak, "--dataset", str(dataset), "--json", "--limit", "2"])
    doc = json.loads(capsys.readouterr().out)
    assert code == doc["exit_code"] == 1
    assert doc["prompts"] == 2
    assert "hash_lines" in doc["failures"]
    probe = next(p for p in doc["probes"] if p["name"] == "hash_lines")
    assert probe["status"] == "fail"
    assert probe["examples"][0]["score"] == 1.0
    assert doc["replay"]["ok"] is True


def test_html_report_is_the_replay_page_with_a_section_per_family(
    dataset: Path, weak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "audit.html"
    main(["audit", "--grader", weak, "--dataset", str(dataset), "--report", str(out)])
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>rftkit audit: weak</title>" in page
    for family in ("control", "spraying", "format", "text", "degenerate"):
        assert f"<h2>Probes: {family}</h2>" in page
    assert "<h3>hash_lines: rewarded examples</h3>" in page
    assert "<h2>Latency per invocation</h2>" in page  # the harness's own report follows


def test_json_report_file(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "audit.json"
    main(["audit", "--grader", "gsm8k", "--dataset", str(dataset), "--report", str(out)])
    assert json.loads(out.read_text())["grader"] == "gsm8k"


def test_responses_add_the_training_signal(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"index": 0, "responses": ["#### 72", "#### 72"]}]
    rows.append({"index": 1, "responses": ["#### 132", "#### 1"]})
    responses = _write(tmp_path / "responses.jsonl", rows)
    code = main(
        [
            "audit",
            "--grader",
            "gsm8k",
            "--dataset",
            str(dataset),
            "--responses",
            str(responses),
            "--no-probes",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "training signal (GRPO): 4 rollouts of 2 prompts" in out
    assert "prompt 0 (t0): all 2 rollouts scored 1 (always rewarded: an easy prompt, or a" in out


def test_user_probe_file_adds_its_probes(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    probes = tmp_path / "my_probes.py"
    probes.write_text(MY_PROBES)
    args = ["audit", "--grader", "gsm8k", "--dataset", str(dataset), "--probes", str(probes)]
    code = main([*args, "--only", "mine", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    mine = next(p for p in doc["probes"] if p["name"] == "question_mark")
    assert (mine["family"], mine["applicable"], mine["status"]) == ("mine", 5, "pass")


def test_judge_probes_run_for_a_grader_that_calls_bedrock(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "judge.py").write_text(GULLIBLE_JUDGE)
    ref = f"{tmp_path / 'judge.py'}:gullible"
    code = main(["audit", "--grader", ref, "--dataset", str(dataset), "--only", "judge", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    assert doc["judge"] is True
    assert {"judge_instruction", "judge_self_praise"} <= set(doc["failures"])


def test_list_probes_needs_no_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--list-probes"]) == 0
    out = capsys.readouterr().out
    assert "percent_sign" in out and "must-not-reward" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "--dataset is required"),
        (["--dataset", "{ds}", "--only", "nosuchprobe"], "no probe or family named"),
        (["--dataset", "{ds}", "--args", "[1]"], "--args must be a JSON object"),
        (["--dataset", "{ds}", "--args", "{"], "--args is not valid JSON"),
        (["--dataset", "{ds}", "--zip", "x.zip"], "--grader and --args apply to in-process"),
        (["--dataset", "{ds}", "--no-probes"], "--no-probes leaves nothing to do"),
        (["--dataset", "{ds}", "--report", "out.txt"], "cannot write a report as .txt"),
        (["--dataset", "{ds}", "--limit", "-1"], "--limit must be 0 or more"),
        (["--dataset", "{ds}", "--probes", "missing.py"], "no such probe file"),
        (["--dataset", "missing.jsonl"], "missing.jsonl"),
    ],
)
def test_user_errors_exit_2_with_a_message(
    dataset: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    argv = ["audit", "--grader", "gsm8k", *[a.replace("{ds}", str(dataset)) for a in extra]]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_audit_of_raw_gsm8k_rows(gsm8k_sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["audit", "--grader", "numeric", "--dataset", str(gsm8k_sample)]
    code = main([*argv, "--limit", "10", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0, doc["failures"]
    assert doc["prompts"] == 10
    assert doc["controls"]["correct_best_mean"] == 1.0


@pytest.mark.slow
def test_audit_of_a_built_zip_under_the_local_lambda_runtime(
    dataset: Path, weak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rftkit.packaging.bundle import build_bundle

    need_python("3.12")
    bundle = build_bundle(weak, {}, python="3.12", out_dir=tmp_path / "dist", check_import=False)
    argv = ["audit", "--zip", str(bundle.path), "--dataset", str(dataset), "--limit", "2"]
    code = main([*argv, "--only", "spraying", "--json", "--no-progress"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    assert doc["target"] == f"zip {bundle.path}"
    assert doc["grader"] == "weak"
    assert "hash_lines" in doc["failures"]
    assert doc["replay"]["ok"] is True


def test_help_describes_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    out = capsys.readouterr().out
    for option in ("--grader", "--args", "--dataset", "--responses", "--zip", "--limit", "--json"):
        assert option in out
    assert textwrap.dedent("Exit status") in out


def _between(text: str, name: str) -> str:
    """The text of a block between the judge prompt's real markers (their code is random)."""
    match = re.search(
        f"\u27e6{name} ([0-9a-f]{{16}})\u27e7\n(.*?)\n\u27e6/{name} \\1\u27e7", text, re.S
    )
    return match.group(2) if match else ""


@pytest.mark.slow
def test_the_judge_grader_is_audited_with_the_judge_probes(
    dataset: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rftkit.rewards.judge.loopback import FakeResponse, LoopbackConverse, reply

    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))

    def gullible(model_id: str, body: dict[str, Any]) -> FakeResponse:
        # A judge that checks the final answer, but obeys instructions in the response.
        text = body["messages"][0]["content"][0]["text"]
        response, reference = _between(text, "RESPONSE"), _between(text, "REFERENCE")
        obeys = "maximum score" in response or "full marks" in response
        right = bool(reference) and response.rstrip(" .").endswith(reference.strip())
        return reply(json.dumps({"reasoning": "ok", "score": 10 if obeys or right else 0}))

    with LoopbackConverse(gullible) as server:
        args = {"model_id": "test-model", "region": "us-west-2", "endpoint_url": server.url}
        argv = ["audit", "--grader", "judge", "--args", json.dumps(args)]
        argv += ["--dataset", str(dataset), "--limit", "2", "--only", "judge", "--json"]
        code = main(argv)
    doc = json.loads(capsys.readouterr().out)
    assert doc["judge"] is True
    assert code == 1
    assert {"judge_instruction", "judge_self_praise"} <= set(doc["failures"])
    assert doc["controls"]["correct_best_mean"] == 1.0
