"""Deploys against moto's server: create, no-op, code update, config update, dry run, CLI."""

from __future__ import annotations

import json
import textwrap
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
from botocore.exceptions import ClientError

from rftkit.cli.main import main
from rftkit.errors import DeployError
from rftkit.harness.handler import make_handler
from rftkit.harness.invoke import InvokeResult
from rftkit.packaging import remote
from rftkit.packaging.apply import DeployReport, deploy
from rftkit.packaging.plan import (
    INLINE_POLICY_NAME,
    LOGS_POLICY_NAME,
    MANAGED_TAG,
    BundleFacts,
    Desired,
)
from tests.aws_moto import CallLog, MotoServer

pytestmark = pytest.mark.slow  # one moto server per session

ACCOUNT = "123456789012"  # moto's default account


def bundle(tmp_path: Path, version: str = "1", **kw: Any) -> BundleFacts:
    """A tiny Lambda zip whose bytes depend on ``version``."""
    path = tmp_path / f"reward-{version}.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("handler.py", date_time=(1980, 1, 1, 0, 0, 0))
        zf.writestr(info, f"VERSION = {version!r}\n\ndef handler(event, context):\n    return []\n")
    return BundleFacts.from_zip(path, handler="handler.handler", grader="demo", **kw)


class Deployer:
    """Runs deploy() against moto with clients whose calls are recorded."""

    def __init__(self, aws: MotoServer, fn: str) -> None:
        self.fn = fn
        self.role = f"rftkit-{fn}"
        self.lam = aws.client("lambda")
        self.iam = aws.client("iam")
        self.log = CallLog(self.lam, self.iam)

    def __call__(self, desired: Desired, **kw: Any) -> DeployReport:
        self.log.clear()
        return deploy(
            desired, lambda_client=self.lam, iam_client=self.iam, sleep=lambda s: None, **kw
        )

    def versions(self) -> list[str]:
        got = self.lam.list_versions_by_function(FunctionName=self.fn)["Versions"]
        return [v["Version"] for v in got]

    def alias_version(self) -> str:
        return str(self.lam.get_alias(FunctionName=self.fn, Name="live")["FunctionVersion"])


@pytest.fixture
def deployer(aws: MotoServer, fn: str) -> Deployer:
    return Deployer(aws, fn)


def test_first_deploy_creates_role_function_version_and_alias(
    deployer: Deployer, tmp_path: Path
) -> None:
    report = deployer(Desired(deployer.fn, bundle(tmp_path)))
    config = deployer.lam.get_function(FunctionName=deployer.fn)
    conf = config["Configuration"]
    assert (conf["Runtime"], conf["MemorySize"], conf["Timeout"]) == ("python3.12", 512, 300)
    assert conf["Role"] == f"arn:aws:iam::{ACCOUNT}:role/{deployer.role}"
    assert config["Tags"][MANAGED_TAG] == "true"
    # No AWS managed policy (logs on every group): an inline one for this function's group.
    attached = deployer.iam.list_attached_role_policies(RoleName=deployer.role)
    assert attached["AttachedPolicies"] == []
    logs = deployer.iam.get_role_policy(RoleName=deployer.role, PolicyName=LOGS_POLICY_NAME)
    resources = [st["Resource"] for st in logs["PolicyDocument"]["Statement"]]
    assert all(f"log-group:/aws/lambda/{deployer.fn}" in r for r in resources)
    assert deployer.alias_version() == "1"
    assert (
        report.result.alias_arn == f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{deployer.fn}:live"
    )
    assert report.result.version == "1"


def test_second_deploy_of_unchanged_code_changes_nothing(
    deployer: Deployer, tmp_path: Path
) -> None:
    desired = Desired(deployer.fn, bundle(tmp_path))
    deployer(desired)
    before = deployer.lam.get_function(FunctionName=deployer.fn)["Configuration"]
    report = deployer(desired)
    assert report.actions == []
    assert deployer.log.mutating() == []
    after = deployer.lam.get_function(FunctionName=deployer.fn)["Configuration"]
    assert after["LastModified"] == before["LastModified"]
    assert deployer.versions() == ["$LATEST", "1"]


def test_code_change_gives_one_code_update_and_one_new_version(
    deployer: Deployer, tmp_path: Path
) -> None:
    deployer(Desired(deployer.fn, bundle(tmp_path, "1")))
    new = bundle(tmp_path, "2")
    deployer(Desired(deployer.fn, new))
    assert deployer.log.mutating() == ["UpdateFunctionCode", "PublishVersion", "UpdateAlias"]
    assert deployer.versions() == ["$LATEST", "1", "2"]
    assert deployer.alias_version() == "2"
    live = deployer.lam.get_function_configuration(FunctionName=deployer.fn, Qualifier="live")
    assert live["CodeSha256"] == new.code_sha256


def test_deploy_after_a_code_change_settles_to_no_change(
    deployer: Deployer, tmp_path: Path
) -> None:
    deployer(Desired(deployer.fn, bundle(tmp_path, "1")))
    deployer(Desired(deployer.fn, bundle(tmp_path, "2")))
    deployer(Desired(deployer.fn, bundle(tmp_path, "2")))
    assert deployer.log.mutating() == []


def test_configuration_change_updates_only_the_configuration(
    deployer: Deployer, tmp_path: Path
) -> None:
    facts = bundle(tmp_path)
    deployer(Desired(deployer.fn, facts))
    deployer(Desired(deployer.fn, facts, memory=1024))
    assert deployer.log.mutating() == [
        "UpdateFunctionConfiguration",
        "PublishVersion",
        "UpdateAlias",
    ]
    assert (
        deployer.lam.get_function(FunctionName=deployer.fn)["Configuration"]["MemorySize"] == 1024
    )


def test_dry_run_of_a_first_deploy_creates_nothing(deployer: Deployer, tmp_path: Path) -> None:
    report = deployer(Desired(deployer.fn, bundle(tmp_path)), dry_run=True)
    assert report.result.dry_run
    assert "CreateFunction" in [a.op.title().replace("_", "") for a in report.actions]
    assert deployer.log.mutating() == []
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        deployer.lam.get_function(FunctionName=deployer.fn)
    with pytest.raises(ClientError, match="NoSuchEntity"):
        deployer.iam.get_role(RoleName=deployer.role)


def test_dry_run_of_a_code_change_leaves_the_function_as_it_was(
    deployer: Deployer, tmp_path: Path
) -> None:
    old = bundle(tmp_path, "1")
    deployer(Desired(deployer.fn, old))
    report = deployer(Desired(deployer.fn, bundle(tmp_path, "2")), dry_run=True)
    assert [a.op for a in report.actions] == [
        "update_function_code",
        "publish_version",
        "update_alias",
    ]
    assert deployer.log.mutating() == []
    conf = deployer.lam.get_function(FunctionName=deployer.fn)["Configuration"]
    assert conf["CodeSha256"] == old.code_sha256


def test_grader_declaring_bedrock_gets_an_inline_policy(deployer: Deployer, tmp_path: Path) -> None:
    deployer(Desired(deployer.fn, bundle(tmp_path, permissions=("bedrock:InvokeModel",))))
    doc = deployer.iam.get_role_policy(RoleName=deployer.role, PolicyName=INLINE_POLICY_NAME)
    assert doc["PolicyDocument"]["Statement"][0]["Action"] == ["bedrock:InvokeModel"]


def test_judge_grader_role_may_invoke_only_its_model(
    aws: MotoServer, fn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no project configuration; the bundle goes to ./dist
    model = "anthropic.claude-3-haiku-20240307-v1:0"
    argv = ["deploy", "--grader", "judge", "--args", json.dumps({"model_id": model})]
    argv += ["--function-name", fn, "--region", "us-east-1", "--endpoint-url", aws.endpoint_url]
    assert main([*argv, "--no-smoke"]) == 0
    iam = aws.client("iam")
    doc = iam.get_role_policy(RoleName=f"rftkit-{fn}", PolicyName=INLINE_POLICY_NAME)
    (statement,) = doc["PolicyDocument"]["Statement"]
    assert statement["Action"] == "bedrock:InvokeModel"
    assert statement["Resource"] == [f"arn:aws:bedrock:*::foundation-model/{model}"]


def test_grader_without_permissions_gets_no_inline_policy(
    deployer: Deployer, tmp_path: Path
) -> None:
    deployer(Desired(deployer.fn, bundle(tmp_path)))
    names = deployer.iam.list_role_policies(RoleName=deployer.role)["PolicyNames"]
    assert names == [LOGS_POLICY_NAME]  # its own logs, no grader permissions


def test_bedrock_resource_policy_is_put_on_the_alias(deployer: Deployer, tmp_path: Path) -> None:
    deployer(Desired(deployer.fn, bundle(tmp_path), bedrock_resource_policy=True))
    policy = json.loads(
        deployer.lam.get_policy(FunctionName=deployer.fn, Qualifier="live")["Policy"]
    )
    statement = policy["Statement"][0]
    assert statement["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert statement["Condition"]["StringEquals"]["AWS:SourceAccount"] == ACCOUNT


def test_given_role_is_used_without_any_iam_call(
    deployer: Deployer, aws: MotoServer, tmp_path: Path
) -> None:
    iam = aws.client("iam")
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )
    arn = iam.create_role(RoleName=f"team-{deployer.fn}", AssumeRolePolicyDocument=trust)["Role"][
        "Arn"
    ]
    iam_log = CallLog(deployer.iam)
    deployer(Desired(deployer.fn, bundle(tmp_path), role_arn=arn))
    assert iam_log.calls == []
    assert deployer.lam.get_function(FunctionName=deployer.fn)["Configuration"]["Role"] == arn


def test_function_not_created_by_rftkit_is_refused_untouched(
    deployer: Deployer, aws: MotoServer, tmp_path: Path
) -> None:
    facts = bundle(tmp_path)
    deployer(Desired(f"{deployer.fn}-x", facts))  # creates a role the stray function can use
    role = deployer.iam.get_role(RoleName=f"{deployer.role}-x")["Role"]["Arn"]
    deployer.lam.create_function(
        FunctionName=deployer.fn,
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": facts.path.read_bytes()},
    )
    with pytest.raises(DeployError, match="not created by rftkit"):
        deployer(Desired(deployer.fn, bundle(tmp_path, "2")))
    assert deployer.log.mutating() == []


# -- the command line ---------------------------------------------------------------------------

GRADER = """\
from rftkit import grader


@grader
def hashmatch(marker: str = "####"):
    "Full reward when the text after the marker equals the reference."

    def score(sample):
        ref = sample.reference
        if isinstance(ref, dict):
            ref = ref.get("final_answer", ref.get("text"))
        return float(sample.completion.rpartition(marker)[2].strip() == str(ref).strip())

    return score
"""


@pytest.fixture
def project(tmp_path: Path, aws: MotoServer, fn: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A configured project: its deploy needs no flag (moto stands in for AWS)."""
    (tmp_path / "graders.py").write_text(GRADER, encoding="utf-8")
    (tmp_path / "rftkit.toml").write_text(
        textwrap.dedent(
            f"""\
            grader = "graders.py:hashmatch"

            [deploy]
            function_name = "{fn}"
            region = "us-east-1"
            endpoint_url = "{aws.endpoint_url}"
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_bare_cli_deploy_prints_plan_arn_and_invoke_statement(
    project: Path, fn: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--no-smoke"]) == 0
    out = capsys.readouterr().out
    arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{fn}"
    assert f"+ create function {fn}" in out
    assert f"deployed: {arn}:live (version 1)" in out
    statement = json.loads(out[out.index("{") :])
    assert statement["Action"] == "lambda:InvokeFunction"
    assert statement["Resource"] == [arn, f"{arn}:live"]
    assert (project / "dist").is_dir()  # the bundle went to the configured out_dir


def test_cli_no_bytecode_deploys_a_zip_of_sources(project: Path) -> None:
    assert main(["deploy", "--no-smoke", "--no-bytecode"]) == 0
    (zip_path,) = (project / "dist").glob("*.zip")
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
    assert "rftkit/harness/lambda_entry.py" in names
    assert not [n for n in names if n.endswith(".pyc")]


def test_cli_second_deploy_reports_no_changes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["deploy", "--no-smoke"])
    capsys.readouterr()
    assert main(["deploy", "--no-smoke", "--json"]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert (outcome["changed"], outcome["plan"], outcome["version"]) == (False, [], None)


def test_cli_dry_run_prints_the_plan_and_creates_nothing(
    project: Path, aws: MotoServer, fn: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--dry-run", "--memory", "1024"]) == 0
    out = capsys.readouterr().out
    assert "1024 MB" in out
    assert "dry run: nothing was changed" in out
    assert f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{fn}:live" in out
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        aws.client("lambda").get_function(FunctionName=fn)


class FakeInvoker:
    """Stands in for LambdaInvoker (moto's invoke needs docker): answers like the bundle."""

    qualifiers: ClassVar[list[str | None]] = []
    broken = False

    def __init__(self, function_name: str, *, qualifier: str | None = None, **_: Any) -> None:
        FakeInvoker.qualifiers.append(qualifier)

    def invoke(self, event: Any) -> InvokeResult:
        if FakeInvoker.broken:
            error = {"errorType": "Runtime.ImportModuleError", "errorMessage": "No module"}
            return InvokeResult(error=error)
        handler = make_handler("graders.py:hashmatch", log_sink=lambda line: None)
        return InvokeResult(payload=handler(event, None))

    def close(self) -> None:
        pass


@pytest.fixture
def fake_invoker(monkeypatch: pytest.MonkeyPatch) -> type[FakeInvoker]:
    monkeypatch.setattr(remote, "LambdaInvoker", FakeInvoker)
    monkeypatch.setattr(FakeInvoker, "qualifiers", [])
    monkeypatch.setattr(FakeInvoker, "broken", False)
    return FakeInvoker


def test_cli_smoke_tests_the_new_version_before_the_alias_moves(
    project: Path,
    aws: MotoServer,
    fn: str,
    fake_invoker: type[FakeInvoker],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["deploy"]) == 0
    assert fake_invoker.qualifiers == ["1"]
    assert f"smoke test of {fn}:1: passed (scores 1, 0;" in capsys.readouterr().out
    alias = aws.client("lambda").get_alias(FunctionName=fn, Name="live")
    assert alias["FunctionVersion"] == "1"


def test_cli_failed_smoke_test_leaves_no_live_alias_and_exits_1(
    project: Path,
    aws: MotoServer,
    fn: str,
    fake_invoker: type[FakeInvoker],
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_invoker.broken = True
    assert main(["deploy"]) == 1
    err = capsys.readouterr().err
    assert "error: smoke test of" in err
    assert "Runtime.ImportModuleError" in err
    aliases = aws.client("lambda").list_aliases(FunctionName=fn)["Aliases"]
    assert aliases == []


def test_cli_unchanged_redeploy_smoke_tests_the_live_alias(
    project: Path, fn: str, fake_invoker: type[FakeInvoker]
) -> None:
    main(["deploy"])
    main(["deploy"])
    assert fake_invoker.qualifiers == ["1", "live"]


def test_build_and_deploy_of_one_configuration_ship_the_same_zip(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 13: `rftkit build` reads [tool.rftkit] as deploy does, so what was tested ships."""
    config = project / "rftkit.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'grader = "graders.py:hashmatch"\n',
            'grader = "graders.py:hashmatch"\nargs = { marker = "ANSWER:" }\n'
            '[build]\narch = "arm64"\nout_dir = "out"\n',
        ),
        encoding="utf-8",
    )
    assert main(["build", "--json", "--no-import-check"]) == 0
    built = json.loads(capsys.readouterr().out)
    assert built["arch"] == "arm64"
    assert Path(built["path"]).parent == project / "out"
    assert main(["deploy", "--no-smoke", "--dry-run", "--json"]) == 0
    deployed = json.loads(capsys.readouterr().out)
    assert deployed["bundle"]["code_sha256"] == built["code_sha256"]
    # A flag overrides the file for both commands alike.
    assert main(["build", "--json", "--no-import-check", "--arg", "marker=####"]) == 0
    other = json.loads(capsys.readouterr().out)
    assert other["code_sha256"] != built["code_sha256"]


def test_cli_dry_run_prints_the_plan_once(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "create function" in captured.out
    assert "create function" not in captured.err


def test_job_grader_function_by_name_is_the_alias_deploy_moved(
    project: Path, aws: MotoServer, fn: str
) -> None:
    """Issue 13: a name must give Bedrock the smoke-tested alias, not $LATEST."""
    from rftkit.jobs.routes import choose_grader_function

    lam = aws.client("lambda")
    assert main(["deploy", "--no-smoke"]) == 0
    lam.create_function(  # another function, without any alias
        FunctionName=f"{fn}-bare",
        Runtime="python3.12",
        Role=f"arn:aws:iam::{ACCOUNT}:role/rftkit-{fn}",
        Handler="h.h",
        Code={"ZipFile": bundle(project).path.read_bytes()},
    )
    chosen = choose_grader_function(fn, region="us-east-1", lambda_client=lam)
    assert chosen.arn == f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{fn}:live"
    assert chosen.warning is None
    bare = choose_grader_function(f"{fn}-bare", region="us-east-1", lambda_client=lam)
    assert bare.arn == f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{fn}-bare"
    assert bare.warning is not None and "$LATEST" in bare.warning


def test_job_create_in_the_project_uses_the_deployed_alias(
    project: Path,
    aws: MotoServer,
    fn: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The life cycle of issue 13: deploy, then `job create` with no --grader-function."""
    data = Path(__file__).resolve().parents[3] / "src" / "rftkit" / "data" / "gsm8k"
    assert main(["deploy", "--no-smoke"]) == 0
    assert main(["data", "prepare", "gsm8k", str(data / "test_sample.jsonl"), "train.jsonl"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("AWS_ENDPOINT_URL", aws.endpoint_url)
    argv = ["job", "create", "--model", "openai.gpt-oss-20b", "--training-file", "train.jsonl",
            "--region", "us-east-1", "--dry-run"]  # fmt: skip
    assert main(argv) == 0
    out, err = capsys.readouterr()
    alias_arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{fn}:live"
    assert f"grader function: {alias_arn} (alias live -> version 1" in err
    assert "warning" not in err
    assert alias_arn in out
    assert f'function:{fn}"' not in out  # never the bare ARN ($LATEST)
    # A job in another region still finds the configured function where it was deployed.
    assert main([*argv[:-3], "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert alias_arn in out
    assert "warning: the grader function is in us-east-1, the job in us-west-2" in err
