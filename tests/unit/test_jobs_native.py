"""The native (Nova) job path: service bounds, names, S3 layout, requests, errors, policies.

AWS is never reached: botocore's Stubber answers every call, and the request shapes are
checked with botocore's own parameter validator against the installed service model.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.errors import JobError, UsageError
from rftkit.jobs.native import (
    NATIVE_HYPERPARAMETERS,
    aws_errors,
    check_custom_model_name,
    check_job_name,
    check_native_hyperparameters,
    check_role_arn,
    converse,
    default_job_name,
    execute_native_plan,
    get_native_job,
    native_job_info,
    native_poller,
    open_weight_policies,
    parse_s3_uri,
    plan_native_job,
    role_policies,
    split_job_identifier,
    stop_native_job,
)

MODEL = "amazon.nova-2-lite-v1:0:256k"
ROLE = "arn:aws:iam::123456789012:role/BedrockRftRole"
GRADER = "arn:aws:lambda:us-east-1:123456789012:function:gsm8k-reward"
JOB_ARN = "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/rft-1"


def _client(service: str) -> Any:
    import boto3

    return boto3.client(
        service,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("bedrock")


@pytest.fixture
def train(tmp_path: Path) -> Path:
    path = tmp_path / "train set.jsonl"  # a space: must not reach the S3 key
    path.write_text('{"messages": [{"role": "user", "content": "2+2?"}]}\n')
    return path


def _plan(train: Path, **overrides: Any) -> Any:
    kwargs: dict[str, Any] = {
        "model": MODEL,
        "region": "us-east-1",
        "role_arn": ROLE,
        "grader_arn": GRADER,
        "s3_prefix": "s3://rft-data/gsm8k",
        "training_file": train,
        "hyperparameters": {"epochCount": 2, "batchSize": 64, "learningRate": 1e-5},
        "job_name": "gsm8k-rft-1",
    }
    kwargs.update(overrides)
    return plan_native_job(**kwargs)


# -- bounds --------------------------------------------------------------------------------------


def test_the_bounds_table_matches_the_service_model() -> None:
    shape = _service_model().shape_for("RFTHyperParameters")
    assert set(shape.members) == set(NATIVE_HYPERPARAMETERS)
    for name, member in shape.members.items():
        bound = NATIVE_HYPERPARAMETERS[name]
        meta = member.metadata
        if "enum" in meta:
            assert bound.kind == "enum" and list(bound.choices) == meta["enum"]
            continue
        assert bound.kind == ("float" if member.type_name in {"float", "double"} else "int")
        assert meta.get("min") == bound.minimum or (bound.minimum == 1 and "min" not in meta)
        assert meta.get("max") == bound.maximum


@pytest.mark.parametrize(
    ("name", "value", "flag"),
    [
        ("epochCount", 0, "--epochs"),
        ("epochCount", 51, "--epochs"),
        ("batchSize", 8, "--batch-size"),
        ("batchSize", 513, "--batch-size"),
        ("learningRate", 1e-2, "--learning-rate"),
        ("learningRate", 1e-8, "--learning-rate"),
        ("trainingSamplePerPrompt", 1, "--samples-per-prompt"),
        ("trainingSamplePerPrompt", 17, "--samples-per-prompt"),
        ("evalInterval", 101, "--eval-interval"),
        ("reasoningEffort", "extreme", "--reasoning-effort"),
        ("maxPromptLength", 0, "--max-prompt-length"),
        ("inferenceMaxTokens", -1, "--inference-max-tokens"),
        ("epochCount", 2.5, "--epochs"),
        ("learningRate", float("nan"), "--learning-rate"),
    ],
)
def test_out_of_bounds_hyperparameters_name_their_flag(name: str, value: Any, flag: str) -> None:
    with pytest.raises(UsageError, match=re.escape(flag)):
        check_native_hyperparameters({name: value})


def test_every_bad_hyperparameter_is_reported_at_once() -> None:
    with pytest.raises(UsageError) as info:
        check_native_hyperparameters({"epochCount": 0, "batchSize": 4})
    assert "--epochs" in info.value.message and "--batch-size" in info.value.message
    assert "\n" not in info.value.message


@pytest.mark.parametrize(
    "values",
    [
        {"epochCount": 1, "batchSize": 16, "learningRate": 1e-7},
        {"epochCount": 50, "batchSize": 512, "learningRate": 1e-3, "evalInterval": 100},
        {"trainingSamplePerPrompt": 2, "reasoningEffort": "high", "inferenceMaxTokens": 4096},
    ],
)
def test_values_on_the_bounds_are_accepted(values: dict[str, Any]) -> None:
    assert check_native_hyperparameters(values) == values


# -- names, ARNs, URIs ---------------------------------------------------------------------------

_SERVICE_JOB_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*")
_SERVICE_MODEL_NAME = re.compile(r"([0-9a-zA-Z][_-]?){1,63}")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ9-+._ /", max_size=14))
def test_job_name_check_agrees_with_the_service_pattern(name: str) -> None:
    expected = _SERVICE_JOB_NAME.fullmatch(name) is not None
    try:
        check_job_name(name)
        ok = True
    except UsageError:
        ok = False
    assert ok is expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ9-_.", max_size=14))
def test_model_name_check_agrees_with_the_service_pattern(name: str) -> None:
    expected = _SERVICE_MODEL_NAME.fullmatch(name) is not None
    try:
        check_custom_model_name(name)
        ok = True
    except UsageError:
        ok = False
    assert ok is expected


def test_a_64_character_job_name_is_refused() -> None:
    with pytest.raises(UsageError):
        check_job_name("a" * 64)


@pytest.mark.parametrize(
    "arn",
    ["arn:aws:iam::123456789012:user/me", "BedrockRftRole", "arn:aws:iam::123456789012:role/"],
)
def test_a_non_role_arn_is_refused(arn: str) -> None:
    with pytest.raises(UsageError, match="not an IAM role ARN"):
        check_role_arn(arn)


@pytest.mark.parametrize(
    ("uri", "parts"),
    [
        ("s3://rft-data", ("rft-data", "")),
        ("s3://rft-data/", ("rft-data", "")),
        ("s3://rft-data/a/b/", ("rft-data", "a/b")),
    ],
)
def test_s3_prefixes_are_split(uri: str, parts: tuple[str, str]) -> None:
    assert parse_s3_uri(uri) == parts


@pytest.mark.parametrize(
    "uri", ["s3://Bad_Bucket/x", "https://b/x", "s3://ab", "s3://rft-data/a b"]
)
def test_bad_s3_prefixes_are_refused(uri: str) -> None:
    with pytest.raises(UsageError, match="S3 URI"):
        parse_s3_uri(uri)


def test_the_default_job_name_is_valid_for_both_names() -> None:
    name = default_job_name(MODEL)
    assert check_job_name(name) and check_custom_model_name(name)


# -- the plan ------------------------------------------------------------------------------------


def test_create_params_pass_botocore_validation(train: Path) -> None:
    from botocore.validate import ParamValidator

    params = _plan(train, validation_file=train).create_params()
    shape = _service_model().operation_model("CreateModelCustomizationJob").input_shape
    report = ParamValidator().validate(params, shape)
    assert not report.has_errors(), report.generate_report()


def test_create_params_carry_the_rft_config(train: Path) -> None:
    params = _plan(train).create_params()
    assert params["customizationType"] == "REINFORCEMENT_FINE_TUNING"
    assert params["customizationConfig"] == {
        "rftConfig": {
            "graderConfig": {"lambdaGrader": {"lambdaArn": GRADER}},
            "hyperParameters": {"epochCount": 2, "batchSize": 64, "learningRate": 1e-5},
        }
    }
    assert params["trainingDataConfig"] == {
        "s3Uri": "s3://rft-data/gsm8k/gsm8k-rft-1/data/train-set.jsonl"
    }
    assert params["outputDataConfig"] == {"s3Uri": "s3://rft-data/gsm8k/gsm8k-rft-1/output/"}


def test_the_request_token_is_stable_and_follows_the_data(train: Path) -> None:
    first = _plan(train).create_params()["clientRequestToken"]
    assert _plan(train).create_params()["clientRequestToken"] == first
    train.write_text('{"messages": [{"role": "user", "content": "3+3?"}]}\n')
    assert _plan(train).create_params()["clientRequestToken"] != first


def test_an_open_weight_model_cannot_use_the_native_plan(train: Path) -> None:
    with pytest.raises(UsageError, match="OpenAI-compatible"):
        _plan(train, model="openai.gpt-oss-20b")


def test_dry_run_requests_list_the_upload_then_the_create(train: Path) -> None:
    upload, create = _plan(train).requests()
    assert upload["api"] == "s3.PutObject" and upload["params"]["Bucket"] == "rft-data"
    assert create["api"] == "bedrock.CreateModelCustomizationJob"


def test_execute_uploads_then_creates_exactly_the_plan(train: Path) -> None:
    from botocore.stub import ANY, Stubber

    plan = _plan(train)
    s3, bedrock = _client("s3"), _client("bedrock")
    with Stubber(s3) as s3_stub, Stubber(bedrock) as bedrock_stub:
        s3_stub.add_response(
            "put_object", {}, {"Bucket": "rft-data", "Key": plan.training_key, "Body": ANY}
        )
        bedrock_stub.add_response(
            "create_model_customization_job", {"jobArn": JOB_ARN}, plan.create_params()
        )
        assert execute_native_plan(plan, s3=s3, bedrock=bedrock) == JOB_ARN
        s3_stub.assert_no_pending_responses()
        bedrock_stub.assert_no_pending_responses()


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("ValidationException", UsageError),
        ("AccessDeniedException", UsageError),
        ("ResourceNotFoundException", UsageError),
        ("ExpiredTokenException", UsageError),
        ("ThrottlingException", JobError),
        ("InternalServerException", JobError),
        ("ServiceQuotaExceededException", JobError),
    ],
)
def test_aws_errors_are_sorted_into_user_faults_and_failures(code: str, kind: type) -> None:
    from botocore.stub import Stubber

    bedrock = _client("bedrock")
    with Stubber(bedrock) as stub:
        stub.add_client_error("get_model_customization_job", code, "message from AWS")
        with pytest.raises(kind, match=code), aws_errors("describing job"):
            bedrock.get_model_customization_job(jobIdentifier="rft-1")


def test_access_denied_points_at_the_policies() -> None:
    from botocore.stub import Stubber

    bedrock = _client("bedrock")
    with Stubber(bedrock) as stub:
        stub.add_client_error("list_model_customization_jobs", "AccessDeniedException", "no")
        with pytest.raises(UsageError) as info, aws_errors("listing"):
            bedrock.list_model_customization_jobs()
    assert info.value.hint is not None and "--print-role-policy" in info.value.hint


# -- following jobs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("job", "state", "error", "model"),
    [
        ({"status": "InProgress", "failureMessage": "Failure Message"}, "running", None, None),
        (
            {"status": "Failed", "failureMessage": "Lambda timed out"},
            "failed",
            "Lambda timed out",
            None,
        ),
        ({"status": "Completed", "outputModelArn": "arn:m"}, "succeeded", None, "arn:m"),
        ({"status": "Stopped"}, "cancelled", None, None),
        ({"status": "Stopping"}, "stopping", None, None),
    ],
)
def test_native_statuses_are_normalised(
    job: dict[str, Any], state: str, error: str | None, model: str | None
) -> None:
    info = native_job_info({"jobArn": JOB_ARN, **job})
    assert (info.state, info.error, info.fine_tuned_model) == (state, error, model)


@pytest.mark.parametrize(
    ("ident", "expected"),
    [
        ("rft-1", (None, "rft-1")),
        (JOB_ARN, ("us-east-1", "rft-1")),
        (
            "arn:aws:bedrock:us-west-2:123456789012:model-customization-job/amazon.nova/x1",
            ("us-west-2", "amazon.nova/x1"),
        ),
    ],
)
def test_job_identifiers_are_split(ident: str, expected: tuple[str | None, str]) -> None:
    assert split_job_identifier(ident) == expected


def test_a_foreign_arn_is_not_a_job() -> None:
    with pytest.raises(UsageError):
        split_job_identifier("arn:aws:s3:::bucket")


def test_stop_then_describe() -> None:
    from botocore.stub import Stubber

    bedrock = _client("bedrock")
    with Stubber(bedrock) as stub:
        stub.add_response("stop_model_customization_job", {}, {"jobIdentifier": JOB_ARN})
        stub.add_response(
            "get_model_customization_job", _described("Stopping"), {"jobIdentifier": JOB_ARN}
        )
        assert stop_native_job(bedrock, JOB_ARN).status == "Stopping"


def _described(status: str) -> dict[str, Any]:
    from datetime import datetime

    return {
        "jobArn": JOB_ARN,
        "jobName": "rft-1",
        "outputModelName": "m",
        "roleArn": ROLE,
        "status": status,
        "creationTime": datetime(2025, 1, 1),
        "baseModelArn": f"arn:aws:bedrock:us-east-1::foundation-model/{MODEL}",
        "trainingDataConfig": {"s3Uri": "s3://rft-data/x.jsonl"},
        "validationDataConfig": {"validators": []},
        "outputDataConfig": {"s3Uri": "s3://rft-data/out/"},
    }


def test_described_jobs_name_their_base_model() -> None:
    from botocore.stub import Stubber

    bedrock = _client("bedrock")
    with Stubber(bedrock) as stub:
        stub.add_response(
            "get_model_customization_job", _described("InProgress"), {"jobIdentifier": "rft-1"}
        )
        assert get_native_job(bedrock, "rft-1").model == MODEL


def test_the_native_poller_rides_out_throttling() -> None:
    from botocore.stub import Stubber

    bedrock = _client("bedrock")
    poll = native_poller(bedrock, "rft-1")
    with Stubber(bedrock) as stub:
        stub.add_client_error("get_model_customization_job", "ThrottlingException", "slow down")
        stub.add_response(
            "get_model_customization_job", _described("Completed"), {"jobIdentifier": "rft-1"}
        )
        assert poll() is None
        snap = poll()
    assert snap is not None and snap.job.state == "succeeded"


def test_the_native_poller_raises_on_a_user_fault() -> None:
    from botocore.stub import Stubber

    bedrock = _client("bedrock")
    with Stubber(bedrock) as stub:
        stub.add_client_error("get_model_customization_job", "ResourceNotFoundException", "no job")
        with pytest.raises(UsageError):
            native_poller(bedrock, "rft-1")()


# -- policies and inference ----------------------------------------------------------------------


def test_the_trust_policy_is_scoped_to_the_account_and_jobs() -> None:
    policies = role_policies(
        region="us-east-1", s3_prefix="s3://rft-data/gsm8k", grader_arn=GRADER, role_arn=ROLE
    )
    statement = policies["trust_policy"]["Statement"][0]
    assert statement["Principal"] == {"Service": "bedrock.amazonaws.com"}
    assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": "123456789012"}
    assert statement["Condition"]["ArnEquals"]["aws:SourceArn"] == (
        "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/*"
    )


def test_the_permission_policy_reads_writes_and_invokes() -> None:
    policies = role_policies(region="us-east-1", s3_prefix="s3://rft-data/gsm8k", grader_arn=GRADER)
    statements = {s["Sid"]: s for s in policies["permission_policy"]["Statement"]}
    assert statements["InvokeRewardFunction"]["Resource"] == [GRADER]
    assert "arn:aws:s3:::rft-data/gsm8k/*" in statements["ReadTrainingData"]["Resource"]
    assert statements["WriteOutput"]["Action"] == ["s3:PutObject"]
    assert policies["caller_policy"]["Statement"][0]["Action"] == "iam:PassRole"


def test_unknown_parts_of_a_policy_are_placeholders() -> None:
    policies = role_policies(region="us-east-1", s3_prefix=None, grader_arn="<GRADER_FUNCTION_ARN>")
    text = repr(policies)
    assert "<ACCOUNT_ID>" in text and "<BUCKET>" in text


def test_open_weight_jobs_need_no_role() -> None:
    policies = open_weight_policies(grader_arn=GRADER)
    assert policies["managed_policies"] == ["AmazonBedrockMantleFullAccess"]
    assert policies["permission_policy"]["Statement"][0]["Resource"] == [GRADER]


def test_converse_separates_the_system_prompt() -> None:
    from botocore.stub import Stubber

    runtime = _client("bedrock-runtime")
    expected = {
        "modelId": MODEL,
        "messages": [{"role": "user", "content": [{"text": "2+2?"}]}],
        "system": [{"text": "be brief"}],
        "inferenceConfig": {"maxTokens": 50},
    }
    reply = {
        "output": {"message": {"role": "assistant", "content": [{"text": "#### 4"}]}},
        "stopReason": "end_turn",
        "usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2},
        "metrics": {"latencyMs": 1},
    }
    with Stubber(runtime) as stub:
        stub.add_response("converse", reply, expected)
        messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "2+2?"}]
        assert converse(runtime, MODEL, messages, max_tokens=50) == "#### 4"


class _RecordingRuntime:
    """A bedrock-runtime stand-in: records the converse call, answers with given blocks."""

    def __init__(self, reply_blocks: Any) -> None:
        self.reply_blocks = reply_blocks
        self.calls: list[dict[str, Any]] = []

    def converse(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        return {"output": {"message": {"role": "assistant", "content": self.reply_blocks}}}


# Message content in every shape the wire allows; non-text blocks (images, reasoning) carry
# no prompt text, whatever keys they have.
_CONTENTS = [
    "plain",
    [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
    [{"text": "untyped"}],
    [{"type": "image", "text": "alt text"}, {"type": "text", "text": "q"}],
    [{"type": "reasoning", "text": "hidden"}],
    ["bare string block", {"type": "text", "text": "!"}],
    {"type": "text", "text": "one block"},
    [{"type": "text", "text": 7}],
    None,
]


@pytest.mark.parametrize("content", _CONTENTS)
def test_converse_flattens_content_with_the_shared_helper(content: Any) -> None:
    from rftkit.rewards.types import content_text

    runtime = _RecordingRuntime(content if isinstance(content, list) else [{"text": "r"}])
    messages = [{"role": "system", "content": content}, {"role": "user", "content": content}]
    answer = converse(runtime, MODEL, messages)
    (call,) = runtime.calls
    assert call["system"] == [{"text": content_text(content)}]
    assert call["messages"] == [{"role": "user", "content": [{"text": content_text(content)}]}]
    assert answer == content_text(runtime.reply_blocks)
