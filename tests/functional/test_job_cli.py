"""``rftkit job ...`` and ``rftkit chat`` end to end, in process.

The OpenAI-compatible endpoint is tests/fakes/openai_server.py on 127.0.0.1; S3, Lambda and
the native ``bedrock`` API are moto's server on 127.0.0.1 (moto accepts
``create_model_customization_job`` but drops ``customizationConfig``, so the exact rftConfig
body is asserted with botocore's Stubber in tests/unit/test_jobs_native.py). Every key and
credential here is fake and lives only in the test environment.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rftkit.cli.main import main
from rftkit.harness.dataset import gsm8k_record
from tests.aws_moto import MotoServer, fake_aws_env, moto_server
from tests.fakes.openai_server import FakeOpenAIServer, JobScript

GOOD = "fake-bedrock-key"
ARN = "arn:aws:lambda:us-west-2:123456789012:function:gsm8k-reward"
NOVA = "amazon.nova-2-lite-v1:0:256k"
ROLE = "arn:aws:iam::123456789012:role/BedrockRftRole"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(tokens={GOOD}, script=JobScript(total_steps=3)) as server:
        yield server


@pytest.fixture
def env(endpoint: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    fake_aws_env(monkeypatch, "us-west-2")
    monkeypatch.setenv("RFTKIT_OPENAI_BASE_URL", endpoint.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", GOOD)
    endpoint.script = JobScript(total_steps=3)
    return endpoint


@pytest.fixture
def train(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    rows = [
        gsm8k_record(
            {"question": f"What is {i} + {i}?", "answer": f"{i}+{i}={2 * i}\n#### {2 * i}"}, index=i
        )
        for i in range(100)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# -- job create (OpenAI-compatible) ----------------------------------------------------------------


def test_create_prints_the_job_id_and_sends_the_documented_body(
    env: FakeOpenAIServer, train: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "job",
        "create",
        "--model",
        "openai.gpt-oss-20b",
        "--training-file",
        str(train),
        "--grader-function",
        ARN,
        "--epochs",
        "1",
        "--batch-size",
        "4",
        "--lr-multiplier",
        "1.0",
    )
    assert code == 0, err
    job_id = out.strip()
    assert job_id in env.jobs
    body = env.recorded("POST", "/fine_tuning/jobs")[-1].json
    assert body["method"] == {
        "type": "reinforcement",
        "reinforcement": {
            "grader": {"type": "lambda", "lambda": {"function": ARN}},
            "hyperparameters": {"n_epochs": 1, "batch_size": 4, "learning_rate_multiplier": 1.0},
        },
    }
    upload = env.recorded("POST", "/files")[-1]
    assert upload.form["purpose"] == "fine-tune" and upload.files["file"][1] == train.read_bytes()
    assert f"rftkit job watch {job_id}" in err


def test_dry_run_prints_the_requests_and_sends_nothing(
    env: FakeOpenAIServer, train: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = len(env.requests)
    code, out, _ = run(
        capsys,
        "job",
        "create",
        "--model",
        "qwen.qwen3-32b",
        "--training-file",
        str(train),
        "--grader-function",
        ARN,
        "--dry-run",
    )
    assert code == 0
    plan = json.loads(out)
    assert [r["url"].rsplit("/v1", 1)[1] for r in plan["requests"]] == [
        "/files",
        "/fine_tuning/jobs",
    ]
    assert (
        plan["requests"][1]["json"]["method"]["reinforcement"]["grader"]["lambda"]["function"]
        == ARN
    )
    assert len(env.requests) == before


NOVA_ARGS = ["--role-arn", ROLE, "--s3-prefix", "s3://rft-data/x"]
BAD_ARN = "arn:aws:lambda:us-west-2:1:function:f"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--model", "gpt-4o-mini"], "unknown model"),
        (["--model", "openai.gpt-oss-20b", "--epochs", "0"], "hyperparameter out of bounds"),
        (["--model", NOVA, "--batch-size", "8", *NOVA_ARGS], "--batch-size must be between 16"),
        (["--model", NOVA, "--learning-rate", "0.5", *NOVA_ARGS], "--learning-rate"),
        (
            ["--model", "openai.gpt-oss-20b", "--learning-rate", "1e-5"],
            "applies only to Nova models",
        ),
        (["--model", NOVA, "--role-arn", ROLE], "Nova jobs need --s3-prefix"),
        (["--model", "openai.gpt-oss-20b", "--grader-function", BAD_ARN], "not a Lambda"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2_before_any_request(
    env: FakeOpenAIServer,
    train: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    before = len(env.requests)
    full = ["job", "create", "--training-file", str(train), *argv]
    if "--grader-function" not in argv:
        full += ["--grader-function", ARN]
    code, _, err = run(capsys, *full)
    assert code == 2
    assert message in _one_error_line(err)
    assert len(env.requests) == before


def test_a_dataset_failing_validation_stops_the_job(
    env: FakeOpenAIServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": [{"role": "user", "content": "hi"}]}\n' * 5)
    before = len(env.requests)
    code, _, err = run(
        capsys,
        "job",
        "create",
        "--model",
        "openai.gpt-oss-20b",
        "--training-file",
        str(bad),
        "--grader-function",
        ARN,
    )
    assert code == 2
    assert "fails validation" in _one_error_line(err)
    assert len(env.requests) == before


def test_a_rejected_token_is_exit_2(
    env: FakeOpenAIServer,
    train: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "not-the-key")
    code, _, err = run(
        capsys,
        "job",
        "create",
        "--model",
        "openai.gpt-oss-20b",
        "--training-file",
        str(train),
        "--grader-function",
        ARN,
    )
    assert code == 2
    assert "rejected the API key" in _one_error_line(err)


def test_an_expired_token_is_refused_before_any_request(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import base64

    # Shaped like aws_bedrock_token_generator's tokens, signed in 2020 for one minute.
    url = (
        "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=testing%2F20200101%2Fus-west-2%2Fbedrock%2Faws4_request"
        "&X-Amz-Date=20200101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
        "&X-Amz-Signature=00&Version=1"
    )
    token = "bedrock-api-key-" + base64.b64encode(url.encode()).decode()
    monkeypatch.setenv("OPENAI_API_KEY", token)
    before = len(env.requests)
    code, _, err = run(capsys, "job", "list")
    assert code == 2
    assert "expired" in _one_error_line(err)
    assert len(env.requests) == before


def test_without_a_key_a_token_is_made_from_aws_credentials(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    env.tokens = None  # accept whatever bearer arrives, then look at it
    try:
        code, _, err = run(capsys, "job", "list")
    finally:
        env.tokens = {GOOD}
    assert code == 0, err
    auth = env.requests[-1].headers["authorization"]
    assert auth.startswith("Bearer bedrock-api-key-")


def test_without_any_credentials_the_error_says_how_to_get_a_key(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in (
        "OPENAI_API_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ):
        monkeypatch.delenv(key, raising=False)
    code, _, err = run(capsys, "job", "list")
    assert code == 2
    assert "no API key" in _one_error_line(err)


# -- following a job -------------------------------------------------------------------------------


def test_status_shows_progress_and_reward(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = env.add_job(script=JobScript(total_steps=4))
    env.advance(job_id, 3)  # validating -> queued -> running, step 1
    code, out, _ = run(capsys, "job", "status", job_id)
    assert code == 0
    assert "running" in out and "step 2/4 (50%)" in out and "critic_rewards_mean" in out


def test_events_metrics_table(env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]) -> None:
    job_id = env.add_job(script=JobScript(total_steps=3))
    env.advance(job_id, 10)
    code, out, _ = run(capsys, "job", "events", job_id, "--metrics")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].split()[:2] == ["step", "critic_rewards_mean"]
    assert [line.split()[0] for line in lines[1:]] == ["1", "2", "3"]


def test_events_as_json_lines_oldest_first(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = env.add_job(script=JobScript(total_steps=2))
    env.advance(job_id, 10)
    code, out, _ = run(capsys, "job", "events", job_id, "--json")
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    assert [e["id"] for e in events] == [e["id"] for e in env.jobs[job_id].events]


def test_watch_follows_a_job_to_success_and_writes_the_chart(
    env: FakeOpenAIServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = env.add_job(script=JobScript(total_steps=5, rewards=[0.1, 0.3, 0.5, 0.7, 0.9]))
    chart = tmp_path / "curve.html"
    code, out, err = run(
        capsys,
        "job",
        "watch",
        job_id,
        "--interval",
        "0.001",
        "--max-interval",
        "0.002",
        "--plot",
        str(chart),
    )
    assert code == 0, err
    assert out.strip() == env.jobs[job_id].fine_tuned_model
    assert "step 5/5 (100%)" in err and "▁" in err and "█" in err
    page = chart.read_text()
    assert "<svg" in page and page.count("<circle") == 5 and 'http-equiv="refresh"' not in page


def test_watch_exits_non_zero_with_the_failure_message(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = env.add_job(
        script=JobScript(total_steps=5, fail_at_step=2, failure_message="Lambda returned NaN")
    )
    code, _, err = run(
        capsys, "job", "watch", job_id, "--interval", "0.001", "--max-interval", "0.002"
    )
    assert code == 1
    assert f"error: job {job_id} failed: Lambda returned NaN" in err


def test_watch_refuses_a_chart_format_it_cannot_write(
    env: FakeOpenAIServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = len(env.requests)
    code, _, err = run(capsys, "job", "watch", "ftjob-x", "--plot", str(tmp_path / "c.pdf"))
    assert code == 2 and ".html, .svg or .png" in _one_error_line(err)
    assert len(env.requests) == before


def test_watch_can_draw_the_curve_as_png(
    env: FakeOpenAIServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job_id = env.add_job(script=JobScript(total_steps=3))
    chart = tmp_path / "curve.png"
    code, _, err = run(
        capsys, "job", "watch", job_id, "--interval", "0.001", "--max-interval", "0.002",
        "--plot", str(chart),
    )  # fmt: skip
    assert code == 0, err
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_watch_as_png_without_matplotlib_is_one_error_line_before_any_request(
    env: FakeOpenAIServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    job_id = env.add_job(script=JobScript(total_steps=3))
    before = len(env.requests)
    chart = tmp_path / "curve.png"
    code, out, err = run(capsys, "job", "watch", job_id, "--plot", str(chart))
    assert code == 2 and out == ""
    assert "pip install 'rftkit[plot]'" in _one_error_line(err)
    assert len(env.requests) == before and not chart.exists()


def test_cancel_list_and_checkpoints(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    running = env.add_job(script=JobScript(total_steps=50))
    env.advance(running, 6)
    code, out, _ = run(capsys, "job", "checkpoints", running)
    assert code == 0 and "ckpt-step-4" in out
    code, out, _ = run(capsys, "job", "cancel", running)
    assert (code, out.split()) == (0, [running, "cancelled"])
    code, out, _ = run(capsys, "job", "list", "--json")
    listed = {j["id"]: j["status"] for j in json.loads(out)}
    assert listed[running] == "cancelled"


def test_status_of_an_unknown_job_is_exit_2(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "job", "status", "ftjob-missing")
    assert code == 2 and "not found" in _one_error_line(err)


# -- chat and evaluate -----------------------------------------------------------------------------


def test_chat_prints_the_answer(env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "chat", "--model", "openai.gpt-oss-20b:ft:x", "--system", "be brief", "2+2?"
    )
    assert (code, out) == (0, "echo: 2+2?\n")
    sent = env.recorded("POST", "/chat/completions")[-1].json
    assert sent["messages"][0] == {"role": "system", "content": "be brief"}


def test_evaluate_scores_answers_with_the_grader(
    env: FakeOpenAIServer, gsm8k_sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env.reply = lambda model, messages: "I think it is 18.\n#### 18"
    try:
        code, out, err = run(
            capsys,
            "job",
            "evaluate",
            "--model",
            "openai.gpt-oss-20b",
            "--dataset",
            str(gsm8k_sample),
            "--grader",
            "gsm8k",
            "--limit",
            "4",
            "--json",
        )
    finally:
        env.reply = lambda model, messages: f"echo: {messages[-1]['content']}"
    assert code == 0, err
    report = json.loads(out)
    # Only the first GSM8K test question (Janet's ducks) has the answer 18.
    assert report["samples"] == 4
    assert report["reward"]["mean"] == pytest.approx(0.25)


# -- Nova (native API) on moto --------------------------------------------------------------------


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoServer]:
    with moto_server() as server:
        yield server


@pytest.fixture
def aws(moto: MotoServer, env: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> MotoServer:
    fake_aws_env(monkeypatch, "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.endpoint_url)
    return moto


def _lambda_function(aws: MotoServer, name: str) -> str:
    iam = aws.client("iam")
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole",
    }
    trust = {"Version": "2012-10-17", "Statement": [statement]}
    try:
        role = iam.create_role(
            RoleName="rftkit-test-fn", AssumeRolePolicyDocument=json.dumps(trust)
        )["Role"]["Arn"]
    except iam.exceptions.EntityAlreadyExistsException:
        role = iam.get_role(RoleName="rftkit-test-fn")["Role"]["Arn"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("handler.py", "def handler(event, context):\n    return []\n")
    fn = aws.client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": buf.getvalue()},
    )
    return str(fn["FunctionArn"])


@pytest.mark.slow
def test_nova_create_uploads_to_s3_and_creates_the_job(
    aws: MotoServer, train: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aws.client("s3").create_bucket(Bucket="rft-nova-create")
    arn = _lambda_function(aws, "nova-create-reward")
    code, out, err = run(
        capsys,
        "job",
        "create",
        "--model",
        NOVA,
        "--training-file",
        str(train),
        "--grader-function",
        "nova-create-reward",
        "--role-arn",
        ROLE,
        "--s3-prefix",
        "s3://rft-nova-create/runs",
        "--job-name",
        "nova-create-1",
        "--epochs",
        "2",
        "--batch-size",
        "32",
        "--json",
    )
    assert code == 0, err
    created = json.loads(out)
    assert created["id"].endswith(":model-customization-job/nova-create-1")
    body = (
        aws.client("s3")
        .get_object(Bucket="rft-nova-create", Key="runs/nova-create-1/data/train.jsonl")["Body"]
        .read()
    )
    assert body == train.read_bytes()
    job = aws.client("bedrock").get_model_customization_job(jobIdentifier="nova-create-1")
    assert job["customizationType"] == "REINFORCEMENT_FINE_TUNING"
    assert (
        job["trainingDataConfig"]["s3Uri"]
        == "s3://rft-nova-create/runs/nova-create-1/data/train.jsonl"
    )
    assert arn.endswith(":function:nova-create-reward")


@pytest.mark.slow
def test_a_grader_function_that_does_not_exist_is_exit_2(
    aws: MotoServer, train: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "job",
        "create",
        "--model",
        NOVA,
        "--training-file",
        str(train),
        "--grader-function",
        "no-such-fn",
        "--role-arn",
        ROLE,
        "--s3-prefix",
        "s3://rft-nova-create/runs",
    )
    assert code == 2
    assert "no Lambda function named 'no-such-fn' in us-east-1" in _one_error_line(err)


@pytest.mark.slow
def test_nova_status_cancel_and_watch(
    aws: MotoServer, train: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aws.client("s3").create_bucket(Bucket="rft-nova-watch")
    arn = _lambda_function(aws, "nova-watch-reward")
    code, out, err = run(
        capsys,
        "job",
        "create",
        "--model",
        NOVA,
        "--training-file",
        str(train),
        "--grader-function",
        arn,
        "--role-arn",
        ROLE,
        "--s3-prefix",
        "s3://rft-nova-watch",
        "--job-name",
        "nova-watch-1",
    )
    assert code == 0, err
    job_arn = out.strip()
    code, out, _ = run(capsys, "job", "status", job_arn)
    assert code == 0 and "InProgress" in out and "error" not in out
    code, out, _ = run(capsys, "job", "cancel", "nova-watch-1", "--native")
    assert code == 0 and out.split()[1] == "Stopped"
    code, _, err = run(capsys, "job", "watch", job_arn, "--interval", "0.001")
    assert code == 1 and "was stopped" in err
    code, out, _ = run(capsys, "job", "list", "--native", "--json")
    assert job_arn in {j["id"] for j in json.loads(out)}


def test_print_role_policy_makes_no_calls(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    grader = "arn:aws:lambda:us-east-1:123456789012:function:g"
    code, out, _ = run(
        capsys,
        "job",
        "create",
        "--model",
        NOVA,
        "--print-role-policy",
        "--role-arn",
        ROLE,
        "--s3-prefix",
        "s3://rft-data/gsm8k",
        "--grader-function",
        grader,
    )
    assert code == 0
    policies: dict[str, Any] = json.loads(out)
    assert policies["trust_policy"]["Statement"][0]["Principal"] == {
        "Service": "bedrock.amazonaws.com"
    }
    invoke = {
        "Sid": "InvokeRewardFunction",
        "Effect": "Allow",
        "Action": ["lambda:InvokeFunction"],
        "Resource": [grader],
    }
    assert invoke in policies["permission_policy"]["Statement"]


def test_nova_dry_run_shows_the_rft_config(
    env: FakeOpenAIServer, train: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    grader = "arn:aws:lambda:us-east-1:123456789012:function:g"
    code, out, err = run(
        capsys,
        "job",
        "create",
        "--model",
        NOVA,
        "--training-file",
        str(train),
        "--grader-function",
        grader,
        "--role-arn",
        ROLE,
        "--s3-prefix",
        "s3://rft-data/gsm8k",
        "--samples-per-prompt",
        "4",
        "--dry-run",
    )
    assert code == 0, err
    plan = json.loads(out)
    create = plan["requests"][-1]["params"]
    assert create["customizationConfig"]["rftConfig"] == {
        "graderConfig": {"lambdaGrader": {"lambdaArn": grader}},
        "hyperParameters": {"trainingSamplePerPrompt": 4},
    }


@pytest.mark.parametrize(
    ("ref", "resource"),
    [
        ("gsm8k-reward", "arn:aws:lambda:us-east-1:<ACCOUNT_ID>:function:gsm8k-reward:live"),
        ("gsm8k-reward:blue", "arn:aws:lambda:us-east-1:<ACCOUNT_ID>:function:gsm8k-reward:blue"),
    ],
)
def test_print_role_policy_scopes_a_name_to_the_alias_job_create_uses(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str], ref: str, resource: str
) -> None:
    code, out, err = run(
        capsys,
        "job",
        "create",
        "--model",
        NOVA,
        "--print-role-policy",
        "--role-arn",
        ROLE,
        "--s3-prefix",
        "s3://rft-data/gsm8k",
        "--grader-function",
        ref,
    )
    assert code == 0, err
    statements = json.loads(out)["permission_policy"]["Statement"]
    (invoke,) = [s for s in statements if s["Sid"] == "InvokeRewardFunction"]
    assert invoke["Resource"] == [resource.replace("<ACCOUNT_ID>", "123456789012")]
    assert "policy scoped to" in err


def test_print_role_policy_warns_about_a_bare_arn(
    env: FakeOpenAIServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "job",
        "create",
        "--model",
        NOVA,
        "--print-role-policy",
        "--grader-function",
        "arn:aws:lambda:us-east-1:123456789012:function:g",
    )
    assert code == 0
    assert "warning: an unqualified function ARN invokes $LATEST" in err
    assert err.count("warning:") == 1


@pytest.mark.parametrize(
    ("config", "grader"), [(None, "gsm8k"), ('grader = "numeric"\n', "numeric")]
)
def test_evaluate_defaults_the_grader_like_every_other_command(
    env: FakeOpenAIServer,
    train: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    config: str | None,
    grader: str,
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "p"\n', encoding="utf-8")
    if config is not None:
        (project / "pyproject.toml").unlink()
        (project / "rftkit.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(project)
    code, out, err = run(
        capsys,
        "job",
        "evaluate",
        "--model",
        "openai.gpt-oss-20b",
        "--dataset",
        str(train),
        "--limit",
        "2",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["grader"] == grader
