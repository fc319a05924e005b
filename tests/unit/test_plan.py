"""Deploy plans: pure comparisons of a desired state with an observed one."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.errors import DeployError, UsageError
from rftkit.packaging.plan import (
    BASIC_EXECUTION_POLICY_ARN,
    BEDROCK_STATEMENT_ID,
    INLINE_POLICY_NAME,
    LOGS_POLICY_NAME,
    MANAGED_TAG,
    MAX_DIRECT_UPLOAD_BYTES,
    Action,
    BundleFacts,
    Desired,
    Observed,
    ObservedRole,
    Ref,
    ZipCode,
    default_role_name,
    format_plan,
    grader_policy_document,
    invoke_policy_statement,
    lambda_trust_policy,
    logs_policy_document,
    normalise_policy,
    plan,
    plan_warnings,
)
from rftkit.rewards.builtin.judge import iam_statements

ACCOUNT = "123456789012"
FN_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:reward"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rftkit-reward"
SHA_A = "A" * 43 + "="
SHA_B = "B" * 43 + "="
MODEL_A = "anthropic.claude-3-haiku-20240307-v1:0"
MODEL_B = "amazon.nova-micro-v1:0"


def judge_facts(model_id: str = MODEL_A, **changes: Any) -> BundleFacts:
    """The facts of a judge bundle: InvokeModel, scoped to one model in us-east-1."""
    statements = tuple(iam_statements(model_id, "us-east-1"))
    return facts(permissions=("bedrock:InvokeModel",), iam_statements=statements, **changes)


def facts(**changes: Any) -> BundleFacts:
    base = BundleFacts(Path("dist/reward.zip"), SHA_A, 2048, grader="gsm8k")
    return replace(base, **changes)


def desired(**changes: Any) -> Desired:
    bundle = changes.pop("bundle", facts())
    return Desired("reward", bundle, **changes)


def config_of(d: Desired, role_arn: str = ROLE_ARN, **changes: Any) -> dict[str, Any]:
    """The function configuration AWS would report for a function matching ``d``."""
    config = {
        "FunctionName": d.function_name,
        "FunctionArn": FN_ARN,
        "Runtime": d.bundle.runtime,
        "Role": d.role_arn or role_arn,
        "Handler": d.bundle.handler,
        "CodeSha256": d.bundle.code_sha256,
        "Description": d.effective_description,
        "Timeout": d.timeout,
        "MemorySize": d.memory,
        "Architectures": [d.bundle.arch],
        "State": "Active",
        "LastUpdateStatus": "Successful",
    }
    if d.environment:
        config["Environment"] = {"Variables": dict(d.environment)}
    config.update(changes)
    return config


def managed_role(d: Desired, **changes: Any) -> ObservedRole:
    role = ObservedRole(
        arn=ROLE_ARN,
        trust_policy=lambda_trust_policy(),
        tags={MANAGED_TAG: "true"},
        attached_policy_arns=frozenset(),
        inline_policy=d.policy_document,
        logs_policy=logs_policy_document(d.function_name),
    )
    return replace(role, **changes)


def up_to_date(d: Desired, **changes: Any) -> Observed:
    """An observed state that already matches ``d`` exactly."""
    statements: tuple[dict[str, Any], ...] = ()
    if d.bedrock_resource_policy:
        statements = ({"Sid": BEDROCK_STATEMENT_ID},)
    version_config = config_of(d, Description="rftkit gsm8k ...", Version="3")
    obs = Observed(
        function=config_of(d),
        function_tags=d.all_tags,
        role=None if d.role_arn else managed_role(d),
        alias_version="3",
        alias_config=version_config,
        alias_policy_statements=statements,
    )
    return replace(obs, **changes)


def ops(actions: list[Action]) -> list[str]:
    return [a.op for a in actions]


# -- first deploy ---------------------------------------------------------------------------


def test_first_deploy_creates_role_function_version_and_alias() -> None:
    assert ops(plan(desired(), Observed())) == [
        "create_role",
        "put_role_policy",
        "create_function",
        "publish_version",
        "create_alias",
    ]


def test_created_role_trusts_lambda_and_is_tagged_as_managed() -> None:
    create = plan(desired(), Observed())[0]
    trust = json.loads(create.params["AssumeRolePolicyDocument"])
    assert trust == lambda_trust_policy()
    assert {"Key": MANAGED_TAG, "Value": "true"} in create.params["Tags"]


def test_created_function_uses_the_role_created_before_it() -> None:
    create = plan(desired(), Observed())[2]
    assert create.params["Role"] == Ref("role_arn")


def test_created_function_carries_the_bundle_settings_and_tags() -> None:
    d = desired(
        bundle=facts(python="3.13", arch="arm64"), memory=1024, timeout=60, tags={"team": "ml"}
    )
    params = plan(d, Observed())[2].params
    assert params["Runtime"] == "python3.13"
    assert params["Architectures"] == ["arm64"]
    assert (params["MemorySize"], params["Timeout"]) == (1024, 60)
    assert params["Code"]["ZipFile"] == ZipCode(d.bundle.path, SHA_A, 2048)
    assert params["Tags"] == {"team": "ml", MANAGED_TAG: "true", "rftkit:grader": "gsm8k"}


def test_alias_points_at_the_version_published_in_the_same_run() -> None:
    alias = plan(desired(), Observed())[-1]
    assert alias.params["FunctionVersion"] == Ref("version")


def test_publish_version_guards_on_the_bundle_code_sha() -> None:
    publish = next(a for a in plan(desired(), Observed()) if a.op == "publish_version")
    assert publish.params["CodeSha256"] == SHA_A


def test_role_given_by_arn_is_used_as_is_with_no_iam_action() -> None:
    arn = f"arn:aws:iam::{ACCOUNT}:role/my-own"
    actions = plan(desired(role_arn=arn), Observed())
    assert all(a.service == "lambda" for a in actions)
    assert actions[0].params["Role"] == arn


@pytest.mark.parametrize(
    ("permissions", "expect_inline"),
    [((), False), (("bedrock:InvokeModel",), True)],
)
def test_inline_bedrock_policy_only_for_graders_that_declare_it(
    permissions: tuple[str, ...], expect_inline: bool
) -> None:
    actions = plan(desired(bundle=facts(permissions=permissions)), Observed())
    puts = [a for a in actions if a.params.get("PolicyName") == INLINE_POLICY_NAME]
    assert bool(puts) == expect_inline
    if puts:
        doc = json.loads(puts[0].params["PolicyDocument"])
        assert doc["Statement"][0]["Action"] == ["bedrock:InvokeModel"]


def put_policy(actions: list[Action]) -> dict[str, Any]:
    (put,) = [a for a in actions if a.params.get("PolicyName") == INLINE_POLICY_NAME]
    document = json.loads(put.params["PolicyDocument"])
    assert isinstance(document, dict)
    return document


def test_inline_policy_is_exactly_the_statements_the_grader_declares() -> None:
    d = desired(bundle=judge_facts())
    document = put_policy(plan(d, Observed()))
    assert document == {"Version": "2012-10-17", "Statement": iam_statements(MODEL_A, "us-east-1")}
    arn = f"arn:aws:bedrock:us-east-1::foundation-model/{MODEL_A}"
    assert document["Statement"][0]["Resource"] == [arn]


def test_grader_declaring_only_actions_gets_them_on_every_resource() -> None:
    d = desired(bundle=facts(permissions=("bedrock:InvokeModel",)))
    assert put_policy(plan(d, Observed()))["Statement"][0]["Resource"] == "*"


def test_grader_declaring_no_statements_needs_no_inline_policy() -> None:
    d = desired(bundle=facts(permissions=("bedrock:InvokeModel",), iam_statements=()))
    names = [a.params.get("PolicyName") for a in plan(d, Observed())]
    assert INLINE_POLICY_NAME not in names


def test_resource_policy_on_a_new_function_uses_its_account_once_known() -> None:
    actions = plan(desired(bedrock_resource_policy=True), Observed())
    add = actions[-1]
    assert add.op == "add_permission"
    assert add.params["Principal"] == "bedrock.amazonaws.com"
    assert add.params["Qualifier"] == "live"
    assert add.params["SourceAccount"] == Ref("account")


# -- later deploys ----------------------------------------------------------------------------


def test_nothing_changes_when_everything_matches() -> None:
    d = desired(environment={"LOG_LEVEL": "debug"}, bedrock_resource_policy=True)
    assert plan(d, up_to_date(d)) == []


def test_code_change_gives_one_code_update_one_version_and_an_alias_move() -> None:
    d = desired()
    old = up_to_date(d)
    new = desired(bundle=facts(code_sha256=SHA_B))
    assert ops(plan(new, old)) == ["update_function_code", "publish_version", "update_alias"]


def test_code_update_uploads_the_new_zip() -> None:
    new = desired(bundle=facts(code_sha256=SHA_B))
    update = plan(new, up_to_date(desired()))[0]
    assert update.params["ZipFile"].code_sha256 == SHA_B


def test_architecture_change_goes_through_a_code_update() -> None:
    new = desired(bundle=facts(arch="arm64"))
    update = plan(new, up_to_date(desired()))[0]
    assert update.op == "update_function_code"
    assert update.params["Architectures"] == ["arm64"]


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"memory": 1024}, "MemorySize", 1024),
        ({"timeout": 900}, "Timeout", 900),
        ({"bundle": facts(python="3.13")}, "Runtime", "python3.13"),
        ({"bundle": facts(handler="other.handler")}, "Handler", "other.handler"),
        ({"description": "mine"}, "Description", "mine"),
        ({"environment": {"A": "1"}}, "Environment", {"Variables": {"A": "1"}}),
    ],
)
def test_configuration_update_holds_only_the_changed_field(
    change: dict[str, Any], field: str, value: object
) -> None:
    actions = plan(desired(**change), up_to_date(desired()))
    update = actions[0]
    assert update.op == "update_function_configuration"
    assert {k: v for k, v in update.params.items() if k != "FunctionName"} == {field: value}
    assert ops(actions)[1:] == ["publish_version", "update_alias"]


def test_removed_environment_variables_are_cleared() -> None:
    old = desired(environment={"A": "1"})
    update = plan(desired(), up_to_date(old))[0]
    assert update.params["Environment"] == {"Variables": {}}


def test_switching_to_a_given_role_updates_the_function_role() -> None:
    arn = f"arn:aws:iam::{ACCOUNT}:role/my-own"
    update = plan(desired(role_arn=arn), up_to_date(desired()))[0]
    assert update.params["Role"] == arn


def test_missing_tags_are_added_without_publishing() -> None:
    d = desired(tags={"team": "ml"})
    obs = up_to_date(d, function_tags={MANAGED_TAG: "true", "rftkit:grader": "gsm8k"})
    actions = plan(d, obs)
    assert ops(actions) == ["tag_resource"]
    assert actions[0].params == {"Resource": FN_ARN, "Tags": {"team": "ml"}}


def test_missing_alias_is_created_from_an_unchanged_function() -> None:
    d = desired()
    obs = up_to_date(d, alias_version=None, alias_config=None)
    assert ops(plan(d, obs)) == ["publish_version", "create_alias"]


def test_alias_on_an_older_version_is_moved_even_without_a_code_change() -> None:
    d = desired()
    stale = config_of(d, CodeSha256=SHA_B, Version="2")
    actions = plan(d, up_to_date(d, alias_version="2", alias_config=stale))
    assert ops(actions) == ["publish_version", "update_alias"]


def test_version_description_is_not_a_difference() -> None:
    d = desired()
    obs = up_to_date(d, alias_config=config_of(d, Description="anything else"))
    assert plan(d, obs) == []


def test_unmanaged_function_is_never_changed() -> None:
    d = desired()
    with pytest.raises(DeployError, match="not created by rftkit") as info:
        plan(d, up_to_date(d, function_tags={}))
    assert info.value.hint is not None
    assert MANAGED_TAG in info.value.hint


def test_unmanaged_role_is_never_changed() -> None:
    d = desired()
    role = managed_role(d, tags={})
    with pytest.raises(DeployError, match="role rftkit-reward exists"):
        plan(d, up_to_date(d, role=role))


def test_managed_role_missing_the_logging_policy_gets_it() -> None:
    d = desired()
    role = managed_role(d, logs_policy=None)
    actions = plan(d, up_to_date(d, role=role))
    assert ops(actions) == ["put_role_policy"]
    assert actions[0].params["PolicyName"] == LOGS_POLICY_NAME


def test_logging_is_scoped_to_the_functions_own_log_group() -> None:
    d = replace(desired(), region="eu-west-1", account="111122223333")
    (put,) = [a for a in plan(d, Observed()) if a.params.get("PolicyName") == LOGS_POLICY_NAME]
    doc = json.loads(put.params["PolicyDocument"])
    group = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/" + d.function_name
    assert [st["Resource"] for st in doc["Statement"]] == [group, group + ":*"]
    granted = set()
    for statement in doc["Statement"]:
        action = statement["Action"]
        granted.update([action] if isinstance(action, str) else action)
    assert granted == {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}


def test_role_of_an_older_deploy_loses_the_managed_logging_policy() -> None:
    """Roles made before least-privilege logging had AWSLambdaBasicExecutionRole attached."""
    d = desired()
    role = managed_role(d, attached_policy_arns=frozenset({BASIC_EXECUTION_POLICY_ARN}))
    actions = plan(d, up_to_date(d, role=role))
    assert [(a.op, a.params.get("PolicyArn")) for a in actions] == [
        ("detach_role_policy", BASIC_EXECUTION_POLICY_ARN)
    ]


def test_managed_role_that_no_longer_trusts_lambda_is_repaired() -> None:
    d = desired()
    role = managed_role(d, trust_policy={"Statement": []})
    assert ops(plan(d, up_to_date(d, role=role))) == ["update_assume_role_policy"]


def test_inline_policy_is_removed_when_the_grader_no_longer_needs_it() -> None:
    d = desired()
    role = managed_role(d, inline_policy=grader_policy_document(["bedrock:InvokeModel"]))
    actions = plan(d, up_to_date(d, role=role))
    assert ops(actions) == ["delete_role_policy"]
    assert actions[0].params["PolicyName"] == INLINE_POLICY_NAME


def test_inline_policy_is_added_when_the_grader_starts_needing_it() -> None:
    d = desired(bundle=facts(permissions=("bedrock:InvokeModel",)))
    role = managed_role(d, inline_policy=None)
    assert ops(plan(d, up_to_date(d, role=role))) == ["put_role_policy"]


def test_changed_judge_model_rewrites_the_inline_policy() -> None:
    before = desired(bundle=judge_facts(MODEL_A))
    after = desired(bundle=judge_facts(MODEL_B))
    actions = plan(after, up_to_date(before))
    assert ops(actions) == ["put_role_policy"]
    assert MODEL_B in put_policy(actions)["Statement"][0]["Resource"][0]
    assert MODEL_B in actions[0].summary


def test_unchanged_judge_model_plans_nothing() -> None:
    d = desired(bundle=judge_facts(MODEL_A))
    assert plan(d, up_to_date(d)) == []


def test_actions_on_star_are_replaced_by_the_declared_statements() -> None:
    scoped = desired(bundle=judge_facts())
    role = managed_role(scoped, inline_policy=grader_policy_document(["bedrock:InvokeModel"]))
    actions = plan(scoped, up_to_date(scoped, role=role))
    assert ops(actions) == ["put_role_policy"]
    assert put_policy(actions)["Statement"][0]["Resource"] != "*"


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param(lambda st: {**st, "Action": ["bedrock:InvokeModel"]}, id="action-as-list"),
        pytest.param(lambda st: {**st, "Resource": st["Resource"][0]}, id="resource-as-string"),
        pytest.param(lambda st: {**st, "Resource": st["Resource"] * 2}, id="duplicate-resource"),
        pytest.param(lambda st: dict(reversed(list(st.items()))), id="keys-reordered"),
    ],
)
def test_same_policy_in_another_spelling_plans_nothing(stored: Any) -> None:
    d = desired(bundle=judge_facts())
    assert d.policy_document is not None
    statement = d.policy_document["Statement"][0]
    inline = {"Version": "2012-10-17", "Statement": [stored(statement)]}
    assert plan(d, up_to_date(d, role=managed_role(d, inline_policy=inline))) == []


@pytest.mark.parametrize(
    ("changed", "why"),
    [
        ({"Effect": "Deny"}, "effect"),
        ({"Action": ["bedrock:InvokeModel", "bedrock:Converse"]}, "action added"),
        ({"Resource": "*"}, "resource widened"),
        ({"Sid": "Other"}, "sid"),
    ],
)
def test_any_real_difference_in_the_policy_is_rewritten(changed: dict[str, Any], why: str) -> None:
    d = desired(bundle=judge_facts())
    assert d.policy_document is not None
    inline = {
        "Version": "2012-10-17",
        "Statement": [{**d.policy_document["Statement"][0], **changed}],
    }
    actions = plan(d, up_to_date(d, role=managed_role(d, inline_policy=inline)))
    assert ops(actions) == ["put_role_policy"], why


def test_statement_order_does_not_matter() -> None:
    one = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
    two = {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": ["arn:m"]}
    a = {"Version": "2012-10-17", "Statement": [one, two]}
    b = {"Version": "2012-10-17", "Statement": [two, one]}
    assert normalise_policy(a) == normalise_policy(b)


def test_resource_policy_on_an_existing_function_names_its_account() -> None:
    d = desired(bedrock_resource_policy=True)
    actions = plan(d, up_to_date(d, alias_policy_statements=()))
    assert ops(actions) == ["add_permission"]
    assert actions[0].params["SourceAccount"] == ACCOUNT


def test_resource_policy_is_removed_when_no_longer_asked_for() -> None:
    d = desired()
    obs = up_to_date(d, alias_policy_statements=({"Sid": BEDROCK_STATEMENT_ID},))
    assert ops(plan(d, obs)) == ["remove_permission"]


def test_other_resource_policy_statements_are_left_alone() -> None:
    d = desired()
    obs = up_to_date(d, alias_policy_statements=({"Sid": "someone-else"},))
    assert plan(d, obs) == []


def test_bundle_over_the_direct_upload_limit_is_refused() -> None:
    d = desired(bundle=facts(size=MAX_DIRECT_UPLOAD_BYTES + 1))
    with pytest.raises(DeployError, match="MB"):
        plan(d, Observed())


# -- validation and helpers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"function_name": "has space"},
        {"function_name": "x" * 65},
        {"alias": "123"},
        {"alias": "bad/alias"},
        {"role_arn": "not-an-arn"},
        {"memory": 64},
        {"memory": 20000},
        {"timeout": 0},
        {"timeout": 901},
        {"bundle": facts(arch="sparc")},
        {"bundle": facts(python="2.7")},
    ],
)
def test_values_aws_would_refuse_are_usage_errors(change: dict[str, Any]) -> None:
    name = change.pop("function_name", "reward")
    bundle = change.pop("bundle", facts())
    with pytest.raises(UsageError):
        Desired(name, bundle, **change)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=64))
def test_default_role_name_fits_iam_limit_and_keeps_short_names(name: str) -> None:
    role = default_role_name(name)
    assert len(role) <= 64
    if len(name) <= 57:
        assert role == f"rftkit-{name}"


def test_long_function_names_get_distinct_roles() -> None:
    a, b = "f" * 64, "f" * 63 + "g"
    assert default_role_name(a) != default_role_name(b)


def test_invoke_statement_covers_the_function_and_its_alias() -> None:
    statement = invoke_policy_statement(FN_ARN, "live")
    assert statement["Action"] == "lambda:InvokeFunction"
    assert statement["Resource"] == [FN_ARN, f"{FN_ARN}:live"]


def test_warning_when_a_given_role_must_allow_the_grader_permissions() -> None:
    arn = f"arn:aws:iam::{ACCOUNT}:role/mine"
    d = desired(role_arn=arn, bundle=facts(permissions=("bedrock:InvokeModel",)))
    assert len(plan_warnings(d)) == 1
    assert plan_warnings(desired(role_arn=arn)) == []


def test_warning_for_a_given_role_names_the_declared_model() -> None:
    arn = f"arn:aws:iam::{ACCOUNT}:role/mine"
    (warning,) = plan_warnings(desired(role_arn=arn, bundle=judge_facts()))
    assert MODEL_A in warning


@pytest.mark.parametrize(
    ("bundle", "warned"),
    [
        (facts(permissions=("bedrock:InvokeModel",)), True),
        (judge_facts(), False),
        (facts(), False),
    ],
    ids=["actions-only", "statements", "nothing-declared"],
)
def test_granting_actions_on_every_resource_is_warned_about(
    bundle: BundleFacts, warned: bool
) -> None:
    warnings = plan_warnings(desired(bundle=bundle))
    assert bool(warnings) == warned
    if warned:
        assert "every resource (*)" in warnings[0]


def test_formatted_plan_marks_creates_changes_and_removals() -> None:
    d = desired()
    obs = up_to_date(d, alias_policy_statements=({"Sid": BEDROCK_STATEMENT_ID},))
    text = format_plan(plan(desired(memory=1024), obs))
    lines = text.splitlines()
    assert lines[0].startswith(" 1. ~ update configuration")
    assert any(" - remove" in line for line in lines)
    assert any(" + publish" in line for line in lines)


def test_action_dict_renders_placeholders_as_text() -> None:
    create = plan(desired(), Observed())[2].to_dict()
    assert create["params"]["Role"] == "<role_arn>"
    assert json.dumps(create)  # JSON-ready


def test_bundle_facts_from_zip_compute_lambda_code_sha(tmp_path: Path) -> None:
    import base64
    import hashlib

    path = tmp_path / "b.zip"
    path.write_bytes(b"PK-not-really-a-zip")
    got = BundleFacts.from_zip(path, permissions=["bedrock:InvokeModel"])
    want = base64.b64encode(hashlib.sha256(b"PK-not-really-a-zip").digest()).decode()
    assert (got.code_sha256, got.size, got.permissions) == (want, 19, ("bedrock:InvokeModel",))


def _zip_with_manifest(path: Path, record: Any) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("rftkit_grader.json", record if isinstance(record, str) else json.dumps(record))
    return path


JUDGE_RECORD = {
    "format": 1,
    "spec": {"name": "judge", "target": "rftkit.rewards.builtin.judge:judge", "args": {}},
    "python": "3.13",
    "arch": "arm64",
    "handler": "rftkit.harness.lambda_entry.handler",
    "permissions": ["bedrock:InvokeModel"],
    "iam_statements": iam_statements(MODEL_A, "us-east-1"),
}


def test_bundle_facts_from_zip_read_the_build_record(tmp_path: Path) -> None:
    got = BundleFacts.from_zip(_zip_with_manifest(tmp_path / "j.zip", JUDGE_RECORD))
    assert (got.python, got.arch, got.grader, got.permissions) == (
        "3.13",
        "arm64",
        "judge",
        ("bedrock:InvokeModel",),
    )
    assert got.iam_statements == tuple(iam_statements(MODEL_A, "us-east-1"))


def test_bundle_facts_arguments_win_over_the_build_record(tmp_path: Path) -> None:
    path = _zip_with_manifest(tmp_path / "j.zip", JUDGE_RECORD)
    got = BundleFacts.from_zip(path, python="3.12", iam_statements=[])
    assert (got.python, got.iam_statements) == ("3.12", ())


def test_bundle_facts_of_a_record_without_statements_have_none(tmp_path: Path) -> None:
    record = {k: v for k, v in JUDGE_RECORD.items() if k != "iam_statements"}
    got = BundleFacts.from_zip(_zip_with_manifest(tmp_path / "old.zip", record))
    assert (got.permissions, got.iam_statements) == (("bedrock:InvokeModel",), None)


@pytest.mark.parametrize(
    "record",
    [
        "{not json",
        "[1, 2]",
        {**JUDGE_RECORD, "iam_statements": "bedrock:InvokeModel"},
        {**JUDGE_RECORD, "iam_statements": ["arn:m"]},
        {**JUDGE_RECORD, "permissions": "bedrock:InvokeModel"},
    ],
    ids=["not-json", "not-object", "statements-string", "statement-not-object", "perms-string"],
)
def test_invalid_build_record_is_a_deploy_error(tmp_path: Path, record: Any) -> None:
    with pytest.raises(DeployError, match=r"rftkit_grader\.json"):
        BundleFacts.from_zip(_zip_with_manifest(tmp_path / "bad.zip", record))


def test_bundle_facts_from_a_build_result_carry_its_statements() -> None:
    class Result:  # the attributes deploy reads from a BundleResult
        path, code_sha256, size, python, arch = "b.zip", SHA_A, 10, "3.12", "x86_64"
        handler, permissions = "rftkit.harness.lambda_entry.handler", ("bedrock:InvokeModel",)
        iam_statements = tuple(iam_statements(MODEL_A))

    got = BundleFacts.from_result(Result())
    assert got.iam_statements == tuple(iam_statements(MODEL_A))


# -- idempotence: applying a plan and planning again gives nothing to do ----------------------


class FakeAws:
    """The smallest model of Lambda and IAM that the plan's actions act on."""

    def __init__(self, obs: Observed) -> None:
        self.function = dict(obs.function) if obs.function else None
        self.tags = dict(obs.function_tags)
        self.role = obs.role
        self.versions: dict[str, dict[str, Any]] = {}
        self.alias_version = obs.alias_version
        if obs.alias_version and obs.alias_config:
            self.versions[obs.alias_version] = dict(obs.alias_config)
        self.statements = list(obs.alias_policy_statements)

    def apply(self, actions: list[Action]) -> None:
        refs = {"role_arn": ROLE_ARN, "function_arn": FN_ARN, "account": ACCOUNT}
        for a in actions:
            p = {k: refs[v.name] if isinstance(v, Ref) else v for k, v in a.params.items()}
            if a.op == "create_role":
                self.role = ObservedRole(
                    ROLE_ARN,
                    json.loads(p["AssumeRolePolicyDocument"]),
                    {t["Key"]: t["Value"] for t in p["Tags"]},
                )
            elif a.op == "detach_role_policy":
                assert self.role is not None
                self.role = replace(self.role, attached_policy_arns=frozenset())
            elif a.op == "put_role_policy" and p["PolicyName"] == LOGS_POLICY_NAME:
                assert self.role is not None
                self.role = replace(self.role, logs_policy=json.loads(p["PolicyDocument"]))
            elif a.op == "put_role_policy":
                assert self.role is not None
                doc = json.loads(p["PolicyDocument"])
                self.role = replace(self.role, inline_policy=doc)
            elif a.op == "delete_role_policy":
                assert self.role is not None
                self.role = replace(self.role, inline_policy=None)
            elif a.op == "update_assume_role_policy":
                assert self.role is not None
                doc = json.loads(p["PolicyDocument"])
                self.role = replace(self.role, trust_policy=doc)
            elif a.op == "create_function":
                self.function = {
                    "FunctionArn": FN_ARN,
                    "CodeSha256": p["Code"]["ZipFile"].code_sha256,
                    **{k: v for k, v in p.items() if k not in {"Code", "Tags", "Publish"}},
                }
                self.tags = dict(p["Tags"])
            elif a.op == "update_function_configuration":
                assert self.function is not None
                self.function.update({k: v for k, v in p.items() if k != "FunctionName"})
            elif a.op == "update_function_code":
                assert self.function is not None
                self.function["CodeSha256"] = p["ZipFile"].code_sha256
                self.function["Architectures"] = p["Architectures"]
            elif a.op == "tag_resource":
                self.tags.update(p["Tags"])
            elif a.op == "publish_version":
                number = str(len(self.versions) + 1)
                assert self.function is not None
                self.versions[number] = dict(self.function, Description=p["Description"])
                refs["version"] = number
            elif a.op in {"create_alias", "update_alias"}:
                self.alias_version = p["FunctionVersion"]
            elif a.op == "add_permission":
                self.statements.append({"Sid": p["StatementId"]})
            elif a.op == "remove_permission":
                self.statements = [s for s in self.statements if s["Sid"] != p["StatementId"]]
            else:  # pragma: no cover - a new action the model does not know
                raise AssertionError(a.op)

    def observed(self, d: Desired) -> Observed:
        return Observed(
            function=self.function,
            function_tags=self.tags,
            role=None if d.role_arn else self.role,
            alias_version=self.alias_version,
            alias_config=self.versions.get(self.alias_version or ""),
            alias_policy_statements=tuple(self.statements),
        )


desired_states = st.builds(
    lambda sha, arch, py, grants, memory, timeout, env, policy, own_role: Desired(
        "reward",
        facts(
            code_sha256=sha, arch=arch, python=py, permissions=grants[0], iam_statements=grants[1]
        ),
        role_arn=f"arn:aws:iam::{ACCOUNT}:role/mine" if own_role else None,
        memory=memory,
        timeout=timeout,
        environment=env,
        bedrock_resource_policy=policy,
    ),
    st.sampled_from([SHA_A, SHA_B]),
    st.sampled_from(["x86_64", "arm64"]),
    st.sampled_from(["3.12", "3.13"]),
    st.sampled_from(
        [
            ((), None),
            (("bedrock:InvokeModel",), None),
            (("bedrock:InvokeModel",), tuple(iam_statements(MODEL_A, "us-east-1"))),
            (("bedrock:InvokeModel",), tuple(iam_statements(MODEL_B))),
            (("bedrock:InvokeModel",), ()),
        ]
    ),
    st.sampled_from([128, 512, 1024]),
    st.sampled_from([30, 300]),
    st.dictionaries(st.sampled_from(["A", "B"]), st.sampled_from(["1", "2"]), max_size=2),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(first=desired_states, second=desired_states)
def test_planning_again_after_applying_a_plan_finds_nothing_to_do(
    first: Desired, second: Desired
) -> None:
    aws = FakeAws(Observed())
    aws.apply(plan(first, aws.observed(first)))
    assert plan(first, aws.observed(first)) == []
    aws.apply(plan(second, aws.observed(second)))
    assert plan(second, aws.observed(second)) == []
