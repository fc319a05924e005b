"""`rftkit data ...` and `rftkit harness ...` end to end, through the real CLI entry point."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest

from rftkit.cli import main as cli_main
from rftkit.harness import runtime
from rftkit.harness.invoke import InvokeResult
from rftkit.harness.replay import InProcessInvoker
from rftkit.packaging.bundle import build_bundle
from tests.conftest import GSM8KData, need_python
from tests.events import event_path

GRADER_FILE = """
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward


@grader(register=False)
def last_word(bonus: float = 0.0):
    def score(sample):
        words = sample.completion.split()
        if not words:
            raise ValueError("empty reply")
        ok = words[-1] == str(sample.reference)
        rule = "last_word" if words[-1].isdigit() else None
        return Reward(min(1.0, float(ok) + bonus), (Metric("correct", float(ok), "Reward"),),
                      rule=rule)
    return score
"""


@pytest.fixture(autouse=True)
def only_our_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    # The commands under test, through the real main(), independent of other command groups.
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("data", "harness"))


def run(*argv: str) -> int:
    return cli_main.main(list(argv))


@pytest.fixture
def grader_path(tmp_path: Path) -> str:
    path = tmp_path / "my_grader.py"
    path.write_text(GRADER_FILE)
    return f"{path}:last_word"


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, Path]:
    """A small training file (3 prompts) and 7 responses: 4 right, 2 wrong, 1 empty."""
    records = [
        {"messages": [{"role": "user", "content": f"{i}+{i}?"}], "reference_answer": str(2 * i)}
        for i in range(3)
    ]
    dataset = tmp_path / "train.jsonl"
    dataset.write_text("".join(json.dumps(r) + "\n" for r in records))
    responses = [
        {"index": 0, "response": "so 0"},
        {"index": 0, "response": "so 7"},
        {"index": 1, "response": "it is 2"},
        {"index": 1, "response": "it is two"},
        {"index": 2, "response": "4"},
        {"index": 2, "response": ""},
        {"index": 2, "response": "4"},
    ]
    path = tmp_path / "responses.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in responses))
    return dataset, path


# -- data -------------------------------------------------------------------------------------


def test_prepare_then_validate_real_gsm8k(
    gsm8k_data: GSM8KData, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rft.jsonl"
    rows = sum(1 for _ in gsm8k_data.test.open())
    assert run("data", "prepare", "gsm8k", str(gsm8k_data.test), str(out)) == 0
    assert f"wrote {rows} records" in capsys.readouterr().err
    assert run("data", "validate", str(out)) == 0
    assert ": ok: 0 errors" in capsys.readouterr().err


def test_validate_prints_every_problem_with_its_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"messages": [{"role": "user", "content": "hi"}]})
    path.write_text("\n".join([good, "{oops", good, json.dumps({"messages": []})]) + "\n")
    assert run("data", "validate", str(path), "--min-records", "1") == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[1] for line in lines] == ["2", "4"]


def test_validate_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "few.jsonl"
    path.write_text(json.dumps({"messages": [{"role": "user", "content": "hi"}]}) + "\n")
    assert run("data", "validate", str(path), "--json") == 1
    doc = json.loads(capsys.readouterr().out)
    assert (doc["ok"], doc["errors"], doc["problems"][0]["line"]) == (False, 1, None)


def test_prepare_bad_row_is_a_usage_error_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = tmp_path / "raw.jsonl"
    raw.write_text('{"question": "q", "answer": "#### 1"}\n{"question": "q"}\n')
    assert run("data", "prepare", "gsm8k", str(raw), str(tmp_path / "o.jsonl")) == 2
    assert f"{raw}:2:" in capsys.readouterr().err


def test_missing_file_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("data", "validate", str(tmp_path / "absent.jsonl")) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "Traceback" not in err


# -- harness events ---------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["documented", "nova", "open-weight", "mixed"])
def test_events_directory_holds_parseable_batches(
    data: tuple[Path, Path], tmp_path: Path, profile: str
) -> None:
    dataset, responses = data
    out = tmp_path / "events"
    argv = ["harness", "events", "--dataset", str(dataset), "--responses", str(responses)]
    assert run(*argv, "--profile", profile, "--batch-size", "3", "--out", str(out)) == 0
    files = sorted(out.glob("event-*.json"))
    assert len(files) == 3
    from rftkit.harness.contract import parse_event

    ids = [i for f in files for i in parse_event(json.loads(f.read_text())).ids]
    assert ids == [
        "rollout-0-0",
        "rollout-0-1",
        "rollout-1-0",
        "rollout-1-1",
        "rollout-2-0",
        "rollout-2-1",
        "rollout-2-2",
    ]


def test_events_to_stdout_as_jsonl(
    data: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    dataset, responses = data
    argv = ["harness", "events", "--dataset", str(dataset), "--responses", str(responses)]
    assert run(*argv, "--batch-size", "4", "--trajectories", "--out", "-") == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [len(e["trajectories"]) for e in events] == [4, 3]


# -- harness run (in-process) -----------------------------------------------------------------


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = run(*argv, "--json", "--no-progress")
    return code, json.loads(capsys.readouterr().out)


def test_run_reports_rewards_metrics_rules_and_errors(
    data: tuple[Path, Path], grader_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset, responses = data
    code, doc = run_json(
        capsys,
        "harness", "run", "--grader", grader_path,
        "--dataset", str(dataset), "--responses", str(responses), "--batch-size", "3",
    )  # fmt: skip
    assert code == 0
    assert (doc["samples"], doc["invocations"], doc["scored"]) == (7, 3, 7)
    assert doc["reward"]["mean"] == pytest.approx(4 / 7)
    assert doc["metrics"]["correct"] == {"type": "Reward", "mean": pytest.approx(4 / 6), "count": 6}
    assert doc["rules"] == {"last_word": 5, "(none)": 1}
    assert doc["sample_errors"]["counts"] == {"grader_exception": 1}
    assert doc["sample_errors"]["samples"][0]["id"] == "rollout-2-1"
    assert doc["contract_violations"] == []
    assert set(doc["latency_ms"]) == {"p50", "p99", "max", "mean"}


def test_grader_arguments_reach_the_factory(
    data: tuple[Path, Path], grader_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset, responses = data
    _, doc = run_json(
        capsys,
        "harness", "run", "--grader", grader_path, "--arg", "bonus=1",
        "--dataset", str(dataset), "--responses", str(responses),
    )  # fmt: skip
    assert doc["reward"]["mean"] == pytest.approx(6 / 7)


def test_error_score_option(
    data: tuple[Path, Path], grader_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset, responses = data
    _, doc = run_json(
        capsys,
        "harness", "run", "--grader", grader_path, "--error-score", "-1",
        "--dataset", str(dataset), "--responses", str(responses),
    )  # fmt: skip
    assert doc["reward"]["min"] == -1.0


def test_text_report_has_a_histogram_and_latency(
    data: tuple[Path, Path], grader_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset, responses = data
    argv = ["--dataset", str(dataset), "--responses", str(responses), "--no-progress"]
    assert run("harness", "run", "--grader", grader_path, *argv) == 0
    out = capsys.readouterr().out
    assert "█" in out
    # A grader paying few distinct values gets a bar per value (not a 0.9-1.0 bin).
    assert re.search(r"^\s+1\s+█+\s+\d+", out, re.MULTILINE)
    assert "[ 0.90,  1.00]" not in out
    assert "extraction rules" in out
    assert "p99" in out
    assert "rollout-2-1" in out


class _HTMLCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href"} and value:
                self.external.append(value)


def test_html_report_is_self_contained_with_svg_histogram(
    data: tuple[Path, Path], grader_path: str, tmp_path: Path
) -> None:
    dataset, responses = data
    report = tmp_path / "report.html"
    argv = ["--dataset", str(dataset), "--responses", str(responses), "--no-progress"]
    assert run("harness", "run", "--grader", grader_path, *argv, "--report", str(report)) == 0
    check = _HTMLCheck()
    check.feed(report.read_text())
    assert "svg" in check.tags
    assert check.tags.count("rect") == 2  # the grader pays 0 and 1: a bar per value
    assert "script" not in check.tags
    assert check.external == []


def test_json_report_file(data: tuple[Path, Path], grader_path: str, tmp_path: Path) -> None:
    dataset, responses = data
    report = tmp_path / "report.json"
    argv = ["--dataset", str(dataset), "--responses", str(responses), "--no-progress"]
    assert run("harness", "run", "--grader", grader_path, *argv, "--report", str(report)) == 0
    assert json.loads(report.read_text())["samples"] == 7


def test_replaying_written_events_matches_building_them(
    data: tuple[Path, Path], grader_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset, responses = data
    inputs = ["--dataset", str(dataset), "--responses", str(responses)]
    run("harness", "events", *inputs, "--profile", "mixed", "--out", str(tmp_path / "ev"))
    capsys.readouterr()
    _, built = run_json(capsys, "harness", "run", "--grader", grader_path, *inputs)
    _, replayed = run_json(
        capsys, "harness", "run", "--grader", grader_path, "--events", str(tmp_path / "ev")
    )
    assert replayed["reward"] == built["reward"]
    assert replayed["rules"] == built["rules"]


def test_malformed_event_is_a_failed_invocation_and_exit_1(
    grader_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "ev"
    events.mkdir()
    for name in ("documented", "bad_event_empty"):
        shutil.copy(event_path(name), events / f"{name}.json")
    code, doc = run_json(capsys, "harness", "run", "--grader", grader_path, "--events", str(events))
    assert code == 1
    assert [f["errorType"] for f in doc["failed_invocations"]] == ["ContractError"]
    assert doc["ok"] is False


def test_gsm8k_grader_on_bundled_style_data(
    gsm8k_sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [json.loads(line) for line in gsm8k_sample.open()][:20]
    raw = tmp_path / "raw.jsonl"
    raw.write_text("".join(json.dumps(r) + "\n" for r in rows))
    responses = tmp_path / "r.jsonl"
    responses.write_text(
        "".join(
            json.dumps({"index": i, "response": r["answer"]}) + "\n" for i, r in enumerate(rows)
        )
    )
    code, doc = run_json(
        capsys, "harness", "run", "--dataset", str(raw), "--responses", str(responses),
        "--profile", "open-weight",
    )  # fmt: skip
    assert code == 0
    assert doc["grader"] == "gsm8k"
    assert doc["reward"]["mean"] == 1.0
    assert sum(doc["rules"].values()) == 20


# -- harness run elsewhere: the invoker wiring ------------------------------------------------


class FakeRemote:
    """Stands in for rftkit.packaging.remote.LambdaInvoker, answering through the handler."""

    created: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, function_name: str, **kwargs: Any) -> None:
        FakeRemote.created.append({"function_name": function_name, **kwargs})
        self.inner = InProcessInvoker(_REMOTE_GRADER[0])
        self.closed = False

    def invoke(self, event: Any) -> InvokeResult:
        result = self.inner.invoke(event)
        if _REMOTE_GRADER[1] and isinstance(result.payload, list):
            result.payload = list(reversed(result.payload))  # a Lambda that breaks the contract
        return result

    def close(self) -> None:
        self.closed = True


_REMOTE_GRADER: list[Any] = ["", False]


@pytest.fixture
def fake_remote(monkeypatch: pytest.MonkeyPatch, grader_path: str) -> type[FakeRemote]:
    import rftkit.packaging.remote as remote

    FakeRemote.created = []
    _REMOTE_GRADER[:] = [grader_path, False]
    monkeypatch.setattr(remote, "LambdaInvoker", FakeRemote)
    return FakeRemote


def test_function_name_uses_the_remote_invoker(
    data: tuple[Path, Path], fake_remote: type[FakeRemote], capsys: pytest.CaptureFixture[str]
) -> None:
    dataset, responses = data
    code, doc = run_json(
        capsys,
        "harness", "run", "--function-name", "gsm8k-reward", "--region", "us-west-2",
        "--endpoint-url", "http://127.0.0.1:9", "--concurrency", "2",
        "--dataset", str(dataset), "--responses", str(responses), "--batch-size", "2",
    )  # fmt: skip
    assert code == 0
    assert fake_remote.created[0]["function_name"] == "gsm8k-reward"
    assert fake_remote.created[0]["region"] == "us-west-2"
    assert fake_remote.created[0]["endpoint_url"] == "http://127.0.0.1:9"
    assert doc["target"] == "function gsm8k-reward"
    assert doc["rules"] == {"last_word": 5, "(none)": 1}


def test_contract_violations_are_listed_with_ids_and_exit_1(
    data: tuple[Path, Path], fake_remote: type[FakeRemote], capsys: pytest.CaptureFixture[str]
) -> None:
    _REMOTE_GRADER[1] = True
    dataset, responses = data
    code, doc = run_json(
        capsys, "harness", "run", "--function-name", "f",
        "--dataset", str(dataset), "--responses", str(responses), "--batch-size", "7",
    )  # fmt: skip
    assert code == 1
    violations = doc["contract_violations"]
    assert {v["id"] for v in violations} == {
        "rollout-0-0", "rollout-0-1", "rollout-1-0", "rollout-2-0", "rollout-2-1", "rollout-2-2",
    }  # fmt: skip
    assert all("out of order" in v["message"] for v in violations)


class FakeLocalLambda:
    created: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, zip_path: Path, **kwargs: Any) -> None:
        FakeLocalLambda.created.append({"zip_path": zip_path, **kwargs})
        self.manifest = {"spec": {"name": "baked", "target": "x:y", "args": {}}}
        self.inner = InProcessInvoker(_REMOTE_GRADER[0])

    def invoke(self, event: Any) -> InvokeResult:
        return self.inner.invoke(event)

    def close(self) -> None:
        pass


def test_zip_uses_the_local_runtime_with_its_options(
    data: tuple[Path, Path],
    grader_path: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    FakeLocalLambda.created = []
    _REMOTE_GRADER[:] = [grader_path, False]
    monkeypatch.setattr(runtime, "LocalLambda", FakeLocalLambda)
    bundle = tmp_path / "b.zip"
    bundle.write_bytes(b"PK")
    dataset, responses = data
    code, doc = run_json(
        capsys, "harness", "run", "--zip", str(bundle), "--python", "3.13",
        "--timeout", "30", "--memory", "256",
        "--dataset", str(dataset), "--responses", str(responses),
    )  # fmt: skip
    assert code == 0
    made = FakeLocalLambda.created[0]
    assert (made["python"], made["timeout_s"], made["memory_mb"]) == ("3.13", 30.0, 256)
    assert doc["grader"] == "baked"


@pytest.mark.slow
def test_real_gsm8k_bundle_under_the_local_lambda_runtime(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gsm8k_sample: Path
) -> None:
    need_python("3.12")
    built = build_bundle("gsm8k", out_dir=tmp_path, python="3.12")
    rows = [json.loads(line) for line in gsm8k_sample.open()][:64]
    raw = tmp_path / "raw.jsonl"
    raw.write_text("".join(json.dumps(r) + "\n" for r in rows))
    responses = tmp_path / "r.jsonl"
    responses.write_text(
        "".join(
            json.dumps({"index": i, "response": r["answer"]}) + "\n" for i, r in enumerate(rows)
        )
    )
    code, doc = run_json(
        capsys, "harness", "run", "--zip", str(built.path), "--profile", "nova",
        "--dataset", str(raw), "--responses", str(responses), "--batch-size", "32",
    )  # fmt: skip
    assert code == 0, doc
    assert (doc["samples"], doc["reward"]["mean"]) == (64, 1.0)
    assert sum(doc["rules"].values()) == 64  # rule counts came through the bundle's logs


# -- harness check and usage errors -----------------------------------------------------------


def write(path: Path, value: Any) -> str:
    path.write_text(json.dumps(value))
    return str(path)


def test_check_accepts_a_valid_response(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    event = str(event_path("trajectories_wrapped"))
    response = [{"id": f"rollout-{i}", "aggregate_reward_score": 1.0} for i in (8, 9)]
    assert run("harness", "check", event, write(tmp_path / "r.json", response)) == 0
    assert capsys.readouterr().out.startswith("ok: 2 results for 2 samples")


def test_check_reports_errors_and_warnings_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = str(event_path("trajectories_wrapped"))
    response = [
        {"id": "rollout-9", "aggregate_reward_score": 1.0},
        {"id": "rollout-8", "aggregate_reward_score": 3.0, "extra": 1},
    ]
    assert run("harness", "check", event, write(tmp_path / "r.json", response)) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out[:-1]] == [
        "error",
        "error",
        "warning",
        "warning",
    ]
    assert out[-1].startswith("FAILED")


def test_check_caps_a_long_list_of_findings_with_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    samples = [
        {"id": f"s{i}", "messages": [{"role": "assistant", "content": "x"}], "reference_answer": 1}
        for i in range(100)
    ]
    response = [{"id": f"other{i}", "aggregate_reward_score": 5.0} for i in range(100)]
    argv = [write(tmp_path / "e.json", samples), write(tmp_path / "r.json", response)]
    assert run("harness", "check", *argv) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) < 50
    assert sum(line.startswith("error: ") for line in out) == 20
    (more,) = [line for line in out if line.startswith("... and ") and "more errors" in line]
    assert run("harness", "check", *argv, "--json") == 1
    doc = json.loads(capsys.readouterr().out)
    assert more == f"... and {len(doc['errors']) - 20} more errors (all of them: --json)"


def test_check_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    event = str(event_path("documented"))
    response = {"statusCode": 200, "body": "[]"}
    assert run("harness", "check", event, write(tmp_path / "r.json", response), "--json") == 1
    doc = json.loads(capsys.readouterr().out)
    assert "SageMaker" in doc["errors"][0]["message"]


def test_check_with_malformed_event_exits_2_naming_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = str(event_path("bad_event_trajectories_not_list"))
    assert run("harness", "check", event, write(tmp_path / "r.json", [])) == 2
    assert capsys.readouterr().err.startswith("error: $.trajectories: ")


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--zip", "b.zip", "--grader", "gsm8k"], "in-process runs only"),
        (["--zip", "b.zip", "--function-name", "f"], "exclude each other"),
        (["--report", "r.png"], "cannot write a report"),
        (["--concurrency", "0"], "--concurrency"),
        (["--arg", "novalue"], "KEY=VALUE"),
        (["--python", "3.12"], "--python goes with --zip"),
        (["--events", "x", "--dataset", "y"], "not both"),
    ],
)
def test_run_usage_errors_exit_2(
    data: tuple[Path, Path],
    tmp_path: Path,
    extra: list[str],
    fragment: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.zip").write_bytes(b"PK")
    dataset, responses = data
    inputs = (
        [] if "--events" in extra else ["--dataset", str(dataset), "--responses", str(responses)]
    )
    assert run("harness", "run", *inputs, *extra, "--no-progress") == 2
    assert fragment in capsys.readouterr().err


def test_run_without_inputs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("harness", "run", "--no-progress") == 2
    assert "--dataset and --responses" in capsys.readouterr().err


# -- report details -----------------------------------------------------------------------------


def test_rules_are_unavailable_when_the_function_writes_no_summary_line() -> None:
    from rftkit.harness.report import ReportBuilder

    builder = ReportBuilder(grader="g", target="t")
    event = [{"id": "a"}]
    builder.add(event, InvokeResult(payload=[{"id": "a", "aggregate_reward_score": 1.0}]))
    report = builder.build(wall_s=1.0)
    assert report.rules_available is False
    assert report.to_dict()["rules"] is None
    assert "extraction rules: unavailable" in report.render_text()


def test_summary_lines_are_found_behind_a_runtime_prefix() -> None:
    from rftkit.harness.report import summary_lines

    line = '2026-01-01T00:00:00Z req-1 {"message": "graded batch", "rules": {"hash": 3}}'
    assert summary_lines(["START RequestId: x", line, "END"]) == [
        {"message": "graded batch", "rules": {"hash": 3}}
    ]


@pytest.mark.parametrize(
    ("scores", "edges"),
    [([0.0, 1.0], (0.0, 1.0)), ([-1.0, 0.5], (-1.0, 1.0)), ([0.0, 2.0], (0.0, 2.0))],
)
def test_histogram_spans_at_least_zero_to_one(
    scores: list[float], edges: tuple[float, ...]
) -> None:
    from rftkit.harness.report import histogram

    bins = histogram(scores)
    assert (bins[0][0], bins[-1][1]) == pytest.approx(edges)
    assert sum(n for _, _, n in bins) == len(scores)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [([3.0, 1.0, 2.0], 50, 2.0), ([float(i) for i in range(1, 101)], 99, 99.0), ([], 50, 0.0)],
)
def test_percentile_is_nearest_rank(values: list[float], q: float, expected: float) -> None:
    from rftkit.harness.report import percentile

    assert percentile(values, q) == expected


def test_progress_bar_is_silent_off_a_terminal() -> None:
    import io

    from rftkit.harness.replay import Progress

    stream = io.StringIO()
    progress = Progress(10, stream=stream)
    progress.advance(samples=10)
    progress.finish()
    assert stream.getvalue() == ""


def test_run_shows_training_signal_for_prompts_with_several_rollouts(
    data: tuple[Path, Path], grader_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset, responses = data
    run("harness", "run", "--grader", grader_path, "--dataset", str(dataset),
        "--responses", str(responses), "--no-progress", "--json")  # fmt: skip
    signal = json.loads(capsys.readouterr().out)["signal"]
    # Prompts 0 and 1 mix a right and a wrong reply; prompt 2's scored rollouts are both
    # right (its empty reply is an error result, left out of the diagnostics).
    assert signal is not None
    assert signal["groups"] == 3
    assert signal["no_signal"]["prompts"] == 1
    assert signal["no_signal"]["always_rewarded"] == 1


def test_html_report_carries_the_signal_section(
    data: tuple[Path, Path], grader_path: str, tmp_path: Path
) -> None:
    dataset, responses = data
    out = tmp_path / "r.html"
    run("harness", "run", "--grader", grader_path, "--dataset", str(dataset),
        "--responses", str(responses), "--no-progress", "--report", str(out))  # fmt: skip
    assert "Training signal (GRPO)" in out.read_text()
