"""The deploy executor and the Lambda invoker on AWS error paths, with botocore's Stubber.

moto cannot throttle, delay role propagation, hold a function in an update, or invoke
without docker; the Stubber scripts each of those answers exactly.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber

from rftkit.errors import DeployError
from rftkit.packaging.apply import (
    AwsExecutor,
    RetryPolicy,
    check_smoke_payload,
    deploy,
    smoke_event,
    smoke_test,
)
from rftkit.packaging.plan import BundleFacts, Desired, Observed, plan
from rftkit.packaging.remote import LambdaInvoker

ACCOUNT = "123456789012"
FN_ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:reward"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/rftkit-reward"
ROLE_NOT_READY = "The role defined for the function cannot be assumed by Lambda."


@pytest.fixture(autouse=True)
def _fake_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def lam() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client("lambda", region_name="us-east-1")
    with Stubber(client) as stub:
        yield client, stub
        stub.assert_no_pending_responses()


@pytest.fixture
def iam() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client("iam", region_name="us-east-1")
    with Stubber(client) as stub:
        yield client, stub
        stub.assert_no_pending_responses()


@pytest.fixture
def bundle(tmp_path: Path) -> BundleFacts:
    path = tmp_path / "reward.zip"
    path.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
    return BundleFacts.from_zip(path, grader="gsm8k")


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fn_config(**changes: Any) -> dict[str, Any]:
    config = {
        "FunctionName": "reward",
        "FunctionArn": FN_ARN,
        "State": "Active",
        "LastUpdateStatus": "Successful",
    }
    config.update(changes)
    return config


def executor(lam: Any, iam: Any, sleeps: Sleeps, **kw: Any) -> AwsExecutor:
    return AwsExecutor(lam, iam, sleep=sleeps, retry=RetryPolicy(role_attempts=4), **kw)


def new_function_actions(bundle: BundleFacts) -> list[Any]:
    arn = f"arn:aws:iam::{ACCOUNT}:role/mine"
    return plan(Desired("reward", bundle, role_arn=arn), Observed())


# -- retries ----------------------------------------------------------------------------------


def test_throttled_create_is_retried_with_growing_backoff(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    stub.add_client_error("create_function", "TooManyRequestsException", "Rate exceeded", 429)
    stub.add_client_error("create_function", "TooManyRequestsException", "Rate exceeded", 429)
    stub.add_response("create_function", fn_config())
    stub.add_response("get_function_configuration", fn_config())
    sleeps = Sleeps()
    actions = new_function_actions(bundle)[:1]
    result = executor(client, None, sleeps).execute(actions, alias="live")
    assert result.function_arn == FN_ARN
    assert sleeps == [0.5, 1.0]


def test_throttling_gives_up_after_the_bound(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    for _ in range(3):
        stub.add_client_error("create_function", "TooManyRequestsException", "Rate", 429)
    ex = AwsExecutor(client, None, sleep=Sleeps(), retry=RetryPolicy(attempts=3))
    with pytest.raises(DeployError, match="TooManyRequestsException"):
        ex.execute(new_function_actions(bundle)[:1], alias="live")


def test_iam_throttling_is_retried(iam: Any, lam: Any, bundle: BundleFacts) -> None:
    iam_client, iam_stub = iam
    iam_stub.add_client_error("create_role", "Throttling", "Rate exceeded", 400)
    iam_stub.add_response(
        "create_role",
        {
            "Role": {
                "Path": "/",
                "RoleName": "rftkit-reward",
                "RoleId": "AROAEXAMPLEEXAMPLE1",
                "Arn": ROLE_ARN,
                "CreateDate": "2026-01-01T00:00:00Z",
            }
        },
    )
    actions = plan(Desired("reward", bundle), Observed())[:1]
    sleeps = Sleeps()
    result = executor(lam[0], iam_client, sleeps).execute(actions, alias="live")
    assert result.role_arn == ROLE_ARN
    assert sleeps == [0.5]


def test_new_role_is_waited_for_until_lambda_can_assume_it(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    for _ in range(2):
        stub.add_client_error("create_function", "InvalidParameterValueException", ROLE_NOT_READY)
    stub.add_response("create_function", fn_config())
    stub.add_response("get_function_configuration", fn_config())
    sleeps = Sleeps()
    executor(client, None, sleeps).execute(new_function_actions(bundle)[:1], alias="live")
    assert len(sleeps) == 2


def test_role_propagation_wait_is_bounded_and_explains_the_trust_policy(
    lam: Any, bundle: BundleFacts
) -> None:
    client, stub = lam
    for _ in range(4):
        stub.add_client_error("create_function", "InvalidParameterValueException", ROLE_NOT_READY)
    with pytest.raises(DeployError) as info:
        executor(client, None, Sleeps()).execute(new_function_actions(bundle)[:1], alias="live")
    assert info.value.hint is not None
    assert "trust policy" in info.value.hint


def test_other_invalid_parameter_errors_are_not_retried(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    stub.add_client_error(
        "create_function", "InvalidParameterValueException", "Unzipped size must be smaller"
    )
    sleeps = Sleeps()
    with pytest.raises(DeployError, match="Unzipped size"):
        executor(client, None, sleeps).execute(new_function_actions(bundle)[:1], alias="live")
    assert sleeps == []


def test_update_in_progress_is_waited_out_then_retried(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    stub.add_client_error(
        "update_function_code",
        "ResourceConflictException",
        "An update is in progress for resource: " + FN_ARN,
        409,
    )
    stub.add_response("get_function_configuration", fn_config(LastUpdateStatus="InProgress"))
    stub.add_response("get_function_configuration", fn_config())
    stub.add_response("update_function_code", fn_config(LastUpdateStatus="InProgress"))
    stub.add_response("get_function_configuration", fn_config())
    old = Desired("reward", BundleFacts(bundle.path, "old=", 1, grader="gsm8k"), role_arn=ROLE_ARN)
    new = Desired("reward", bundle, role_arn=ROLE_ARN)
    actions = plan(new, _observed_for(old))
    assert actions[0].op == "update_function_code"
    actions = actions[:1]
    sleeps = Sleeps()
    executor(client, None, sleeps).execute(actions, alias="live")
    assert sleeps == [1.0]  # one poll while the earlier update finished


def _observed_for(d: Desired) -> Observed:
    return Observed(
        function=fn_config(
            CodeSha256=d.bundle.code_sha256,
            Runtime=d.bundle.runtime,
            Handler=d.bundle.handler,
            MemorySize=d.memory,
            Timeout=d.timeout,
            Role=ROLE_ARN,
            Description=d.effective_description,
            Architectures=["x86_64"],
        ),
        function_tags=d.all_tags,
    )


def test_pending_function_is_polled_until_active(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    stub.add_response("create_function", fn_config(State="Pending"))
    stub.add_response("get_function_configuration", fn_config(State="Pending"))
    stub.add_response("get_function_configuration", fn_config(State="Pending"))
    stub.add_response("get_function_configuration", fn_config())
    sleeps = Sleeps()
    executor(client, None, sleeps).execute(new_function_actions(bundle)[:1], alias="live")
    assert sleeps == [1.0, 1.0]


def test_failed_function_state_is_a_deploy_error_with_the_reason(
    lam: Any, bundle: BundleFacts
) -> None:
    client, stub = lam
    stub.add_response("create_function", fn_config(State="Pending"))
    stub.add_response(
        "get_function_configuration",
        fn_config(
            State="Failed",
            StateReason="Lambda was unable to decrypt the environment variables",
            StateReasonCode="KMSAccessDeniedException",
        ),
    )
    with pytest.raises(DeployError, match="KMSAccessDeniedException"):
        executor(client, None, Sleeps()).execute(new_function_actions(bundle)[:1], alias="live")


def test_function_that_never_settles_stops_at_the_poll_bound(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    stub.add_response("create_function", fn_config(State="Pending"))
    for _ in range(3):
        stub.add_response("get_function_configuration", fn_config(State="Pending"))
    ex = AwsExecutor(client, None, sleep=Sleeps(), retry=RetryPolicy(max_polls=3))
    with pytest.raises(DeployError, match="not ready after 3 polls"):
        ex.execute(new_function_actions(bundle)[:1], alias="live")


def test_access_denied_names_the_missing_permission(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    stub.add_client_error("create_function", "AccessDeniedException", "not authorized", 403)
    with pytest.raises(DeployError) as info:
        executor(client, None, Sleeps()).execute(new_function_actions(bundle)[:1], alias="live")
    assert info.value.hint == "the AWS identity needs permission for lambda:CreateFunction"


def test_uploaded_code_is_the_bundle_bytes(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    expected = {
        "FunctionName": "reward",
        "Runtime": "python3.12",
        "Role": f"arn:aws:iam::{ACCOUNT}:role/mine",
        "Handler": ANY,
        "Code": {"ZipFile": bundle.path.read_bytes()},
        "Description": ANY,
        "Timeout": 300,
        "MemorySize": 512,
        "Environment": {"Variables": {}},
        "Architectures": ["x86_64"],
        "Tags": ANY,
        "Publish": False,
    }
    stub.add_response("create_function", fn_config(), expected)
    stub.add_response("get_function_configuration", fn_config())
    executor(client, None, Sleeps()).execute(new_function_actions(bundle)[:1], alias="live")


# -- publishing, smoke gate -------------------------------------------------------------------


def _stub_create_and_publish(stub: Stubber) -> None:
    stub.add_response("create_function", fn_config())
    stub.add_response("get_function_configuration", fn_config())
    stub.add_response("publish_version", fn_config(Version="1"))
    stub.add_response("get_function_configuration", fn_config(Version="1"))


def test_failed_verification_leaves_the_alias_where_it_was(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    _stub_create_and_publish(stub)

    def verify(version: str) -> None:
        raise DeployError(f"smoke test of version {version} failed")

    actions = new_function_actions(bundle)
    assert actions[-1].op == "create_alias"
    with pytest.raises(DeployError, match="version 1"):
        executor(client, None, Sleeps(), verify=verify).execute(actions, alias="live")
    # No create_alias response was stubbed: reaching it would have raised a StubResponseError.


def test_alias_moves_to_the_published_version(lam: Any, bundle: BundleFacts) -> None:
    client, stub = lam
    _stub_create_and_publish(stub)
    stub.add_response(
        "create_alias",
        {"AliasArn": f"{FN_ARN}:live", "Name": "live", "FunctionVersion": "1"},
        {"FunctionName": "reward", "Name": "live", "FunctionVersion": "1"},
    )
    verified: list[str] = []
    result = executor(client, None, Sleeps(), verify=verified.append).execute(
        new_function_actions(bundle), alias="live"
    )
    assert (result.version, result.alias_arn, verified) == ("1", f"{FN_ARN}:live", ["1"])


# -- the invoke path --------------------------------------------------------------------------


def body(data: Any) -> StreamingBody:
    raw = json.dumps(data).encode() if not isinstance(data, bytes) else data
    return StreamingBody(io.BytesIO(raw), len(raw))


def good_payload(scores: tuple[float, float] = (1.0, 0.0)) -> list[dict[str, Any]]:
    return [
        {
            "id": item["id"],
            "aggregate_reward_score": score,
            "metrics_list": [{"name": "correct", "value": score, "type": "Reward"}],
        }
        for item, score in zip(smoke_event(), scores, strict=True)
    ]


def test_invoker_returns_the_decoded_payload_and_log_tail(lam: Any) -> None:
    client, stub = lam
    logs = base64.b64encode(b"START\nEND\n").decode()
    stub.add_response(
        "invoke",
        {"StatusCode": 200, "Payload": body([{"id": "a"}]), "LogResult": logs},
        {
            "FunctionName": "reward",
            "InvocationType": "RequestResponse",
            "LogType": "Tail",
            "Payload": json.dumps([{"id": "a"}]).encode(),
            "Qualifier": "live",
        },
    )
    result = LambdaInvoker("reward", qualifier="live", client=client).invoke([{"id": "a"}])
    assert result.ok
    assert result.payload == [{"id": "a"}]
    assert result.logs == ["START", "END"]


def test_function_error_becomes_the_lambda_error_object(lam: Any) -> None:
    client, stub = lam
    error = {"errorType": "ImportModuleError", "errorMessage": "No module named 'x'"}
    stub.add_response(
        "invoke", {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": body(error)}
    )
    result = LambdaInvoker("reward", client=client).invoke([])
    assert not result.ok
    assert result.error == error


def test_function_error_with_a_non_json_payload_keeps_its_text(lam: Any) -> None:
    client, stub = lam
    stub.add_response(
        "invoke", {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": body(b"boom")}
    )
    result = LambdaInvoker("reward", client=client).invoke([])
    assert result.error == {"errorType": "Unhandled", "errorMessage": "boom"}


def test_api_error_becomes_an_error_result_not_an_exception(lam: Any) -> None:
    client, stub = lam
    stub.add_client_error("invoke", "TooManyRequestsException", "Rate exceeded", 429)
    result = LambdaInvoker("reward", client=client).invoke([])
    assert result.error == {
        "errorType": "TooManyRequestsException",
        "errorMessage": "Rate exceeded",
    }


def test_invalid_json_reply_is_an_error_result(lam: Any) -> None:
    client, stub = lam
    stub.add_response("invoke", {"StatusCode": 200, "Payload": body(b"{not json")})
    result = LambdaInvoker("reward", client=client).invoke([])
    assert result.error is not None
    assert result.error["errorType"] == "InvalidResponseJSON"


def test_event_that_is_not_json_is_refused_before_any_call() -> None:
    result = LambdaInvoker("reward", client=object()).invoke({"x": float("nan")})
    assert result.error is not None
    assert result.error["errorType"] == "InvalidRequestContentException"


# -- smoke checks -----------------------------------------------------------------------------


def test_smoke_passes_on_a_correct_answer(lam: Any) -> None:
    client, stub = lam
    stub.add_response("invoke", {"StatusCode": 200, "Payload": body(good_payload())})
    outcome = smoke_test(LambdaInvoker("reward", qualifier="1", client=client), "1")
    assert outcome.ok, outcome.problems
    assert outcome.scores == [1.0, 0.0]


def test_smoke_fails_when_the_function_raises(lam: Any) -> None:
    client, stub = lam
    error = {"errorType": "Runtime.ImportModuleError", "errorMessage": "No module named 'rftkit'"}
    stub.add_response(
        "invoke", {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": body(error)}
    )
    outcome = smoke_test(LambdaInvoker("reward", client=client), "1")
    assert outcome.problems == ["Runtime.ImportModuleError: No module named 'rftkit'"]


def _problems(payload: Any, **kw: Any) -> list[str]:
    return check_smoke_payload(smoke_event(), payload, **kw)[1]


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"statusCode": 200}, "expected a JSON list"),
        (good_payload()[:1], "1 results for 2 rollouts"),
        (list(reversed(good_payload())), "$[0].id"),
        ([{**good_payload()[0], "aggregate_reward_score": None}, good_payload()[1]], "finite"),
        ([{**good_payload()[0], "aggregate_reward_score": True}, good_payload()[1]], "finite"),
        ([{**good_payload()[0], "metrics_list": [{"name": "x"}]}, good_payload()[1]], "malformed"),
        ([{**good_payload()[0], "metrics_list": {}}, good_payload()[1]], "not a list"),
        (["x", good_payload()[1]], "expected an object"),
        (good_payload((0.0, 0.0)), "not above the wrong answer"),
    ],
)
def test_smoke_check_names_each_contract_problem(payload: Any, fragment: str) -> None:
    problems = _problems(payload)
    assert any(fragment in p for p in problems), problems


def test_smoke_answer_check_can_be_turned_off_for_other_graders() -> None:
    assert _problems(good_payload((0.5, 0.5)), check_answer=False) == []


def test_smoke_compares_each_score_with_the_local_handler() -> None:
    local = good_payload((1.0, 0.0))
    remote = good_payload((1.0, 0.25))
    problems = _problems(remote, expected=local)
    assert problems == ["$[1] scored 0.25 on Lambda but 0.0 locally with the same handler"]


# -- deploy() end to end on stubs: a failing smoke test keeps the alias -----------------------


def test_deploy_with_failing_smoke_raises_and_never_creates_the_alias(
    lam: Any, bundle: BundleFacts
) -> None:
    client, stub = lam
    stub.add_client_error("get_function", "ResourceNotFoundException", "Function not found", 404)
    _stub_create_and_publish(stub)
    stub.add_response("invoke", {"StatusCode": 200, "Payload": body(good_payload((0.0, 1.0)))})
    invoker = LambdaInvoker("reward", client=client)

    def smoke(qualifier: str) -> Any:
        invoker.qualifier = qualifier
        return smoke_test(invoker, qualifier)

    desired = Desired("reward", bundle, role_arn=f"arn:aws:iam::{ACCOUNT}:role/mine")
    with pytest.raises(DeployError, match="smoke test of reward:1 failed") as info:
        deploy(desired, lambda_client=client, iam_client=None, smoke=smoke, sleep=Sleeps())
    assert info.value.hint is not None
    assert "alias live was left where it was" in info.value.hint
