"""The deploy executor is generic: what it stores, waits for and verifies comes from the plan
(``Action.produces``, ``wait_ready``, ``qualifier``, ``verify``), never from an op's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rftkit.errors import DeployError
from rftkit.packaging.apply import AwsExecutor, RetryPolicy, _initial_refs
from rftkit.packaging.plan import (
    Action,
    BundleFacts,
    Desired,
    Observed,
    ObservedRole,
    Output,
    Ref,
    plan,
)


class Recorder:
    """A client whose every method records its call and answers from a table."""

    def __init__(self, answers: dict[str, dict[str, Any]]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, op: str) -> Any:
        def call(**params: Any) -> dict[str, Any]:
            self.calls.append((op, params))
            return self.answers.get(op, {})

        return call


def _executor(client: Recorder, verified: list[str] | None = None) -> AwsExecutor:
    return AwsExecutor(
        client,
        client,
        retry=RetryPolicy(max_polls=2),
        sleep=lambda s: None,
        verify=verified.append if verified is not None else None,
    )


def test_an_unknown_op_feeds_a_later_action_through_produces() -> None:
    client = Recorder(
        {
            "make_widget": {"Widget": {"Id": "w-1", "Arn": "arn:aws:x:r:123456789012:widget/w"}},
            "get_function_configuration": {"State": "Active", "LastUpdateStatus": "Successful"},
        }
    )
    actions = [
        Action(
            "lambda",
            "make_widget",
            {"Name": "w"},
            "make a widget",
            produces=(
                Output("widget", ("Widget", "Id")),
                Output("owner", ("Widget", "Arn"), arn_field=4),
            ),
            wait_ready=False,
        ),
        Action(
            "lambda",
            "use_widget",
            {"FunctionName": "f", "Widget": Ref("widget"), "Owner": [Ref("owner")]},
            "use it",
            wait_ready=True,
            qualifier=Ref("widget"),
            verify=True,
        ),
    ]
    verified: list[str] = []
    _executor(client, verified).execute(actions, alias="live")
    assert client.calls[0] == ("make_widget", {"Name": "w"})
    assert client.calls[1] == (
        "use_widget",
        {"FunctionName": "f", "Widget": "w-1", "Owner": ["123456789012"]},
    )
    assert client.calls[2] == (
        "get_function_configuration",
        {"FunctionName": "f", "Qualifier": "w-1"},
    )
    assert verified == ["w-1"]


def test_an_action_that_asks_for_nothing_gets_nothing() -> None:
    client = Recorder({"publish_version": {"Version": "7"}})
    # publish_version by name, but the action asks for no wait, store or verification.
    action = Action("lambda", "publish_version", {"FunctionName": "f"}, "publish")
    verified: list[str] = []
    result = _executor(client, verified).execute([action], alias="live")
    assert [op for op, _ in client.calls] == ["publish_version"]
    assert (result.version, verified) == (None, [])


@pytest.mark.parametrize(
    ("output", "answer", "stored"),
    [
        (Output("x", ("A", "B")), {"A": {"B": 5}}, "5"),
        (Output("x", ("A",), required=False), {}, None),
        (Output("x", ("A",), required=False), {"A": ""}, None),
        (Output("x", ("A",), arn_field=4), {"A": "arn:aws:lambda:r:2109:function:f"}, "2109"),
    ],
)
def test_outputs_read_their_path(output: Output, answer: dict[str, Any], stored: Any) -> None:
    assert output.read(answer) == stored


@pytest.mark.parametrize(
    ("output", "answer"),
    [
        (Output("x", ("A", "B")), {"A": {}}),
        (Output("x", ("A", "B")), {"A": "not a mapping"}),
        (Output("x", ("A",), arn_field=4), {"A": "not-an-arn"}),
    ],
)
def test_a_missing_required_output_is_a_deploy_error(
    output: Output, answer: dict[str, Any]
) -> None:
    client = Recorder({"op": answer})
    action = Action("lambda", "op", {}, "do it", produces=(output,))
    with pytest.raises(DeployError, match="lambda op: internal:"):
        _executor(client).execute([action], alias="live")


FACTS = BundleFacts(Path("b.zip"), "abc=", 10, grader="gsm8k")
ROLE = "arn:aws:iam::123456789012:role/rftkit-reward"
FN = "arn:aws:lambda:us-east-1:123456789012:function:reward"


def _observed_existing(**config: Any) -> Observed:
    function = {
        "FunctionArn": FN,
        "Role": ROLE,
        "Runtime": "python3.12",
        "Handler": FACTS.handler,
        "CodeSha256": "old=",
        **config,
    }
    role = ObservedRole(
        arn=ROLE,
        trust_policy={},
        tags={"rftkit:managed": "true"},
        attached_policy_arns=frozenset(),
    )
    return Observed(function=function, function_tags={"rftkit:managed": "true"}, role=role)


@pytest.mark.parametrize(
    ("desired", "observed"),
    [
        (Desired("reward", FACTS), Observed()),
        (Desired("reward", FACTS, bedrock_resource_policy=True), Observed()),
        (Desired("reward", FACTS, role_arn=ROLE, bedrock_resource_policy=True), Observed()),
        (Desired("reward", FACTS, memory=1024), _observed_existing()),
        (
            Desired("reward", FACTS, bedrock_resource_policy=True),
            _observed_existing(),
        ),
    ],
)
def test_every_placeholder_of_a_plan_is_produced_before_it_is_used(
    desired: Desired, observed: Observed
) -> None:
    known = set(_initial_refs(desired, observed))
    actions = plan(desired, observed)
    assert actions
    for action in actions:
        # Parameters are resolved before the call; the qualifier after it (it may name a value
        # the call itself produces, as publish_version's version).
        assert _refs(action.params) <= known, (action.op, _refs(action.params) - known)
        known |= {output.ref for output in action.produces}
        assert _refs(action.qualifier) <= known, action.op


def test_the_version_is_waited_for_and_verified_before_the_alias_moves() -> None:
    actions = plan(Desired("reward", FACTS), Observed())
    (publish,) = [a for a in actions if a.verify]
    assert publish.wait_ready and publish.qualifier == Ref("version")
    alias = actions[actions.index(publish) + 1]
    assert alias.params["FunctionVersion"] == Ref("version")


def _refs(value: Any) -> set[str]:
    if isinstance(value, Ref):
        return {value.name}
    if isinstance(value, dict):
        return set().union(*(_refs(v) for v in value.values()))
    if isinstance(value, list | tuple):
        return set().union(*(_refs(v) for v in value))
    return set()
