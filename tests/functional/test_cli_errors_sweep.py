"""Every command, a table of bad inputs: one `error:` line, exit status 2, never a traceback.

Issue 12: user errors used to escape as tracebacks (exit 1) or as argparse's usage block.
The class is "a user's input reaches an unguarded code path", so this sweeps each command
with the kinds of bad input users give: a missing, binary, empty, deeply nested or
directory file; a file where a directory belongs and the reverse; values out of range;
malformed JSON; mistyped options. AWS is never reached: every case fails before a call.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rftkit.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "src" / "rftkit" / "data" / "gsm8k"
DATASET = str(DATA / "test_sample.jsonl")
RESPONSES = str(DATA / "responses.jsonl")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("bad-inputs")
    made = {
        "binary": root / "garbage.bin",
        "empty": root / "empty.jsonl",
        "deep": root / "deep.jsonl",
        "text": root / "notes.txt",
        "array": root / "array.json",
        "file": root / "a-file",
        "dir": root / "a-dir",
        "missing": root / "missing.jsonl",
        "rows": root / "rows.jsonl",
        "zip": root / "bundle.zip",
    }
    made["binary"].write_bytes(bytes(range(256)) * 40)
    made["empty"].write_text("")
    made["deep"].write_text("[" * 100_000 + "\n")
    made["text"].write_text("just some words\n")
    made["array"].write_text("[1, 2")
    made["file"].write_text("x")
    made["dir"].mkdir()
    made["rows"].write_text(json.dumps({"response": "#### 1", "reference": "1"}) + "\n")
    made["zip"].write_bytes(b"PK\x03\x04 not really a zip")
    return {k: str(v) for k, v in made.items()}


# (name, argv builder). Every row must end in exactly one `error:` line and exit 2.
CASES: list[tuple[str, Callable[[dict[str, str]], list[str]]]] = [
    # argument parsing: one line and a hint, not the usage block
    ("unknown option", lambda f: ["grade", "--refrence", "72"]),
    ("unknown top-level option", lambda f: ["--verbsoe"]),
    ("missing option value", lambda f: ["grade", "--grader"]),
    ("bad choice", lambda f: ["build", "--python", "2.7"]),
    ("bad int", lambda f: ["harness", "run", "--memory", "lots"]),
    ("unknown command", lambda f: ["grdae"]),
    # grade
    ("grade no reference", lambda f: ["grade", "--response", "72"]),
    ("grade bad reference JSON", lambda f: ["grade", "--response", "1", "--reference", "{"]),
    ("grade bad --args", lambda f: ["grade", "--response", "1", "--args", "[1]"]),
    ("grade unknown grader", lambda f: ["grade", "--grader", "nope", "--response", "1"]),
    ("grade input missing", lambda f: ["grade", "--input", f["missing"]]),
    ("grade input binary", lambda f: ["grade", "--input", f["binary"]]),
    ("grade input dir", lambda f: ["grade", "--input", f["dir"]]),
    ("grade output dir", lambda f: ["grade", "--input", f["rows"], "--output", f["dir"]]),
    ("grade output under a file", lambda f: ["grade", "-i", f["rows"], "-o", f["file"] + "/x"]),
    ("grade nothing", lambda f: ["grade"]),
    # data
    ("validate missing", lambda f: ["data", "validate", f["missing"]]),
    ("validate dir", lambda f: ["data", "validate", f["dir"]]),
    ("prepare binary", lambda f: ["data", "prepare", "gsm8k", f["binary"], f["dir"] + "/o"]),
    ("prepare into a dir", lambda f: ["data", "prepare", "gsm8k", DATASET, f["dir"]]),
    # harness
    ("events dataset binary", lambda f: ["harness", "events", "--dataset", f["binary"],
                                         "--responses", RESPONSES, "--out", "-"]),
    ("events responses deep", lambda f: ["harness", "events", "--dataset", DATASET,
                                         "--responses", f["deep"], "--out", "-"]),
    ("events out under a file", lambda f: ["harness", "events", "--dataset", DATASET,
                                           "--responses", RESPONSES, "--out", f["file"] + "/e"]),
    ("run memory", lambda f: ["harness", "run", "--zip", f["zip"], "--memory", "10",
                              "--dataset", DATASET, "--responses", RESPONSES]),
    ("run not a zip", lambda f: ["harness", "run", "--zip", f["zip"],
                                 "--dataset", DATASET, "--responses", RESPONSES]),
    ("run missing zip", lambda f: ["harness", "run", "--zip", f["missing"],
                                   "--dataset", DATASET, "--responses", RESPONSES]),
    ("run events dir empty", lambda f: ["harness", "run", "--events", f["dir"]]),
    ("run events binary", lambda f: ["harness", "run", "--events", f["binary"]]),
    ("run report suffix", lambda f: ["harness", "run", "--dataset", DATASET,
                                     "--responses", RESPONSES, "--report", "r.txt"]),
    ("run report into a dir", lambda f: ["harness", "run", "--dataset", DATASET,
                                         "--responses", RESPONSES, "--report",
                                         f["dir"] + "/no/such/r.html"]),
    ("check missing", lambda f: ["harness", "check", f["missing"], f["missing"]]),
    ("check binary", lambda f: ["harness", "check", f["binary"], f["binary"]]),
    ("check deep", lambda f: ["harness", "check", f["deep"], f["deep"]]),
    ("check truncated JSON", lambda f: ["harness", "check", f["array"], f["array"]]),
    # audit
    ("audit not a zip", lambda f: ["audit", "--zip", f["zip"], "--dataset", DATASET]),
    ("audit no dataset", lambda f: ["audit"]),
    ("audit dataset binary", lambda f: ["audit", "--dataset", f["binary"]]),
    ("audit probes missing", lambda f: ["audit", "--dataset", DATASET, "--probes", f["missing"]]),
    ("audit limit", lambda f: ["audit", "--dataset", DATASET, "--limit", "-1"]),
    # build and deploy
    ("build out is a file", lambda f: ["build", "--grader", "gsm8k", "--out", f["file"]]),
    ("build no grader", lambda f: ["build", "--config", f["text"]]),
    ("build missing dependency", lambda f: ["build", "--grader", f["dep"] + ":g"]),
    ("build missing config", lambda f: ["build", "--config", f["missing"]]),
    ("deploy out is a file", lambda f: ["deploy", "--grader", "gsm8k", "--function-name",
                                        "f", "--region", "us-east-1", "--out", f["file"]]),
    ("deploy bad name", lambda f: ["deploy", "--grader", "gsm8k", "--function-name", "a b",
                                   "--region", "us-east-1"]),
    ("deploy memory", lambda f: ["deploy", "--grader", "gsm8k", "--function-name", "f",
                                 "--region", "us-east-1", "--memory", "1"]),
    # init
    ("init into a file", lambda f: ["init", f["file"]]),
    ("init bad package", lambda f: ["init", f["dir"] + "/p", "--package", "no-dashes"]),
    # job
    ("job create no training file", lambda f: ["job", "create", "--model", "openai.gpt-oss-20b",
                                               "--grader-function", "g"]),
    ("job create binary", lambda f: ["job", "create", "--model", "openai.gpt-oss-20b",
                                     "--training-file", f["binary"], "--grader-function", "g"]),
    ("job create bad arn", lambda f: ["job", "create", "--model", "openai.gpt-oss-20b",
                                      "--training-file", DATASET, "--grader-function",
                                      "arn:aws:lambda:x"]),
    ("job watch plot", lambda f: ["job", "watch", "ftjob-1", "--plot", "curve.gif"]),
    ("job evaluate dataset missing", lambda f: ["job", "evaluate", "--model", "m",
                                                "--dataset", f["missing"]]),
    ("job evaluate report suffix", lambda f: ["job", "evaluate", "--model", "m",
                                              "--dataset", DATASET, "--report", "r.txt"]),
    ("chat empty", lambda f: ["chat", "--model", "m", "  "]),
    ("job status no id", lambda f: ["job", "status"]),
    ("job events native", lambda f: ["job", "events",
                                     "arn:aws:bedrock:us-east-1:123456789012:"
                                     "model-customization-job/x"]),
    ("job cancel bad option", lambda f: ["job", "cancel", "ftjob-1", "--force"]),
    ("job checkpoints native", lambda f: ["job", "checkpoints", "ftjob-1", "--native"]),
    ("job list limit", lambda f: ["job", "list", "--limit", "0"]),
    ("job watch interval", lambda f: ["job", "watch", "ftjob-1", "--interval", "-1"]),
    # demo and graders
    ("demo bad args", lambda f: ["demo", "--args", "{"]),
    ("demo unknown grader", lambda f: ["demo", "--grader", "gsm9k"]),
    ("graders bad option", lambda f: ["graders", "list", "--al"]),
]  # fmt: skip


@pytest.fixture(scope="module")
def all_files(files: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("dep")
    dep = root / "needs_dep.py"
    dep.write_text(
        "from rftkit import grader\n\n\n@grader\ndef g():\n"
        "    import json\n    return lambda s: float(bool(json))\n\n"
        "import rftkit_no_such_package_xyz  # noqa\n"
    )
    return {**files, "dep": str(dep)}


@pytest.mark.parametrize(("name", "argv"), CASES, ids=[name for name, _ in CASES])
def test_bad_input_is_one_error_line_and_exit_2(
    name: str,
    argv: Callable[[dict[str, str]], list[str]],
    all_files: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # no project configuration applies; nothing lands in the repo
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.delenv("RFTKIT_TRACEBACK", raising=False)
    try:
        code = main(argv(all_files))
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, err
    others = [line for line in err.splitlines() if line and not line.startswith("error: ")]
    assert all(line.startswith(("hint: ", "rftkit: ", "  ")) for line in others), err
    assert code == 2, err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`rftkit harness events ... --out - | head -1`: no 'Broken pipe' error, exit 0."""
    script = "import sys; from rftkit.cli.main import main; sys.exit(main(sys.argv[1:]))"
    argv = ["harness", "events", "--dataset", DATASET, "--responses", RESPONSES,
            "--batch-size", "1", "--out", "-"]  # fmt: skip
    producer = subprocess.Popen(
        [sys.executable, "-c", script, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert producer.stdout is not None and producer.stderr is not None
    first = producer.stdout.readline()
    producer.stdout.close()  # what `head -1` does after its line
    err = producer.stderr.read().decode()
    assert producer.wait(timeout=60) == 0, err
    assert first.startswith(b"[")
    assert err == ""


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["grade", "--refrence", "72"], "hint: did you mean --reference?"),
        (["grade", "--respones=72"], "hint: did you mean --response?"),
        (["grdae"], "hint: did you mean grade?"),
        (["harness", "rnu"], "hint: did you mean run?"),
        (["audit", "--dataset", DATASET, "--limt", "3"], "hint: did you mean --limit?"),
    ],
)
def test_a_mistyped_name_gets_a_suggestion(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert hint in err.splitlines()
    assert "usage:" not in err


def test_dataset_warnings_are_not_prefixed_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`job create` used to print 'warning: broken.jsonl:9: warning: ...'."""
    prepared = tmp_path / "train.jsonl"
    assert main(["data", "prepare", "gsm8k", DATASET, str(prepared)]) == 0
    lines = prepared.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(lines[:8]) + "\n" + "".join(lines[8:]), encoding="utf-8")
    arn = "arn:aws:lambda:us-west-2:123456789012:function:g:live"
    argv = ["job", "create", "--model", "openai.gpt-oss-20b", "--training-file", str(broken),
            "--grader-function", arn, "--dry-run"]  # fmt: skip
    assert main(argv) == 0
    err = capsys.readouterr().err
    (line,) = [w for w in err.splitlines() if "blank line" in w]
    assert line == f"{broken}:9: warning: blank line (skipped)"


@pytest.mark.parametrize(
    ("raised", "code", "message"),
    [
        (ValueError("boom"), 1, "error: internal error: ValueError: boom"),
        (RecursionError(), 2, "error: the input is nested too deeply to read"),
        (
            IsADirectoryError(21, "Is a directory", "out"),
            2,
            "error: out is a directory, not a file",
        ),
        (PermissionError(13, "Permission denied", "x"), 2, "error: permission denied: x"),
    ],
)
def test_whatever_escapes_a_command_is_one_error_line(
    raised: BaseException,
    code: int,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rftkit.cli import grade

    def explode(args: object) -> int:
        raise raised

    monkeypatch.delenv("RFTKIT_TRACEBACK", raising=False)
    monkeypatch.setattr(grade, "run", explode)
    assert main(["grade", "--response", "1"]) == code
    err = capsys.readouterr().err
    assert err.splitlines()[0] == message
    assert "Traceback" not in err
    monkeypatch.setenv("RFTKIT_TRACEBACK", "1")
    with pytest.raises(type(raised)):
        main(["grade", "--response", "1"])
