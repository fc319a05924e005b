"""The planner: one function per resource (role, function, alias, resource policy), pure."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from rftkit.errors import DeployError
from rftkit.packaging.plan.model import (
    BASIC_EXECUTION_POLICY_ARN,
    BEDROCK_PRINCIPAL,
    BEDROCK_STATEMENT_ID,
    INLINE_POLICY_NAME,
    LOGS_POLICY_NAME,
    MANAGED_TAG,
    MAX_DIRECT_UPLOAD_BYTES,
    Action,
    Desired,
    Observed,
    Output,
    Ref,
    ZipCode,
    _render,
)
from rftkit.packaging.plan.policies import (
    _trusts_lambda,
    describe_policy,
    lambda_trust_policy,
    logs_policy_document,
    normalise_policy,
)


def _config_changes(
    desired: Desired,
    current: Mapping[str, Any],
    role: str | Ref,
    *,
    description: bool = True,
) -> dict[str, Any]:
    """The ``update_function_configuration`` fields whose observed value differs.

    A published version carries its own description (set by ``publish_version``), so the
    comparison with the alias's version leaves the description out.
    """
    wanted: dict[str, Any] = {
        "Runtime": desired.bundle.runtime,
        "Handler": desired.bundle.handler,
        "MemorySize": desired.memory,
        "Timeout": desired.timeout,
        "Description": desired.effective_description,
        "Role": role,
    }
    if not description:
        del wanted["Description"]
    changes = {k: v for k, v in wanted.items() if current.get(k) != v}
    env = (current.get("Environment") or {}).get("Variables") or {}
    if dict(env) != dict(desired.environment):
        changes["Environment"] = {"Variables": dict(desired.environment)}
    return changes


def _code_differs(desired: Desired, current: Mapping[str, Any]) -> bool:
    return current.get("CodeSha256") != desired.bundle.code_sha256 or list(
        current.get("Architectures") or ["x86_64"]
    ) != [desired.bundle.arch]


def _short(sha: object) -> str:
    return str(sha)[:12] + "…" if isinstance(sha, str) and len(sha) > 12 else str(sha)


def plan(desired: Desired, observed: Observed) -> list[Action]:
    """The API calls that make AWS match ``desired``, in order; empty when nothing changes.

    Pure: no AWS call, no clock, no randomness. Resources that exist but were not created by
    rftkit (no ``rftkit:managed`` tag) are never changed: planning stops with an error.

    Args:
        desired: the target state.
        observed: what AWS reported (see :func:`rftkit.packaging.apply.observe`).

    Returns:
        The actions to execute, in order.

    Raises:
        DeployError: the bundle is too large for a direct upload, or a resource with the
            same name exists and is not managed by rftkit.

    Example:
        >>> from pathlib import Path
        >>> from rftkit.packaging.plan import BundleFacts, Desired, Observed
        >>> facts = BundleFacts(Path("b.zip"), "abc=", 10, grader="gsm8k")
        >>> for action in plan(Desired("gsm8k-reward", facts), Observed()):
        ...     print(action.op)
        create_role
        put_role_policy
        create_function
        publish_version
        create_alias
    """
    if desired.bundle.size > MAX_DIRECT_UPLOAD_BYTES:
        raise DeployError(
            f"the bundle is {desired.bundle.size / 1e6:.1f} MB; Lambda accepts at most "
            f"{MAX_DIRECT_UPLOAD_BYTES // (1024 * 1024)} MB uploaded directly",
            hint="slim the grader's dependencies (rftkit uploads the zip directly, not through S3)",
        )
    actions: list[Action] = []
    role = _plan_role(desired, observed, actions)
    function_arn, changed = _plan_function(desired, observed, role, actions)
    _plan_alias(desired, observed, role, changed, actions)
    _plan_resource_policy(desired, observed, function_arn, actions)
    return actions


def _plan_function(
    desired: Desired, observed: Observed, role: str | Ref, actions: list[Action]
) -> tuple[str | Ref, bool]:
    """Function actions; returns the function's ARN and whether its code or configuration
    changes (so a version must be published)."""
    fn = desired.function_name
    zip_code = ZipCode(desired.bundle.path, desired.bundle.code_sha256, desired.bundle.size)
    changed = False

    if observed.function is None:
        actions.append(
            Action(
                "lambda",
                "create_function",
                {
                    "FunctionName": fn,
                    "Runtime": desired.bundle.runtime,
                    "Role": role,
                    "Handler": desired.bundle.handler,
                    "Code": {"ZipFile": zip_code},
                    "Description": desired.effective_description,
                    "Timeout": desired.timeout,
                    "MemorySize": desired.memory,
                    "Environment": {"Variables": dict(desired.environment)},
                    "Architectures": [desired.bundle.arch],
                    "Tags": desired.all_tags,
                    "Publish": False,
                },
                f"create function {fn} ({desired.bundle.runtime}, {desired.bundle.arch}, "
                f"{desired.memory} MB, {desired.timeout} s) from {zip_code}",
                produces=(
                    Output("function_arn", ("FunctionArn",)),
                    Output("account", ("FunctionArn",), arn_field=4),
                ),
                wait_ready=True,
            )
        )
        changed = True
        function_arn: str | Ref = Ref("function_arn")
    else:
        current = observed.function
        function_arn = str(current.get("FunctionArn", ""))
        if observed.function_tags.get(MANAGED_TAG) != "true":
            raise DeployError(
                f"function {fn} exists and was not created by rftkit; refusing to change it",
                hint=f"pick another --function-name, or tag the function {MANAGED_TAG}=true "
                "to let rftkit manage it",
            )
        changes = _config_changes(desired, current, role)
        if changes:
            detail = ", ".join(
                f"{k} {_render(current.get(k))!r} -> {_render(v)!r}"
                if k != "Environment"
                else "Environment"
                for k, v in changes.items()
            )
            actions.append(
                Action(
                    "lambda",
                    "update_function_configuration",
                    {"FunctionName": fn, **changes},
                    f"update configuration of {fn}: {detail}",
                    wait_ready=True,
                )
            )
            changed = True
        if _code_differs(desired, current):
            actions.append(
                Action(
                    "lambda",
                    "update_function_code",
                    {
                        "FunctionName": fn,
                        "ZipFile": zip_code,
                        "Architectures": [desired.bundle.arch],
                    },
                    f"update code of {fn} ({_short(current.get('CodeSha256'))} -> "
                    f"{_short(desired.bundle.code_sha256)})",
                    wait_ready=True,
                )
            )
            changed = True
        missing_tags = {
            k: v for k, v in desired.all_tags.items() if observed.function_tags.get(k) != v
        }
        if missing_tags:
            actions.append(
                Action(
                    "lambda",
                    "tag_resource",
                    {"Resource": function_arn, "Tags": missing_tags},
                    f"tag function {fn}: " + ", ".join(f"{k}={v}" for k, v in missing_tags.items()),
                )
            )
    return function_arn, changed


def _plan_alias(
    desired: Desired, observed: Observed, role: str | Ref, changed: bool, actions: list[Action]
) -> None:
    """Publish a version and point the alias at it, when the function changed or the alias
    does not point at a version equal to the desired state."""
    fn = desired.function_name
    alias_current = _alias_is_current(desired, observed, role)
    if changed or not alias_current:
        actions.append(
            Action(
                "lambda",
                "publish_version",
                {
                    "FunctionName": fn,
                    "CodeSha256": desired.bundle.code_sha256,
                    "Description": f"rftkit {desired.bundle.grader} {desired.bundle.code_sha256}",
                },
                f"publish a version of {fn}",
                produces=(Output("version", ("Version",)),),
                wait_ready=True,
                qualifier=Ref("version"),
                verify=True,
                done="published version {version}",
            )
        )
        verb = "create_alias" if observed.alias_version is None else "update_alias"
        actions.append(
            Action(
                "lambda",
                verb,
                {"FunctionName": fn, "Name": desired.alias, "FunctionVersion": Ref("version")},
                (
                    f"create alias {desired.alias} -> the new version"
                    if verb == "create_alias"
                    else f"move alias {desired.alias} from version {observed.alias_version} "
                    "-> the new version"
                ),
                produces=(Output("alias_arn", ("AliasArn",), required=False),),
            )
        )


def _plan_role(desired: Desired, observed: Observed, actions: list[Action]) -> str | Ref:
    """Role actions; returns the role ARN the function should use."""
    if desired.role_arn is not None:
        return desired.role_arn
    name = desired.effective_role_name
    tags = [{"Key": k, "Value": v} for k, v in sorted(desired.all_tags.items())]
    role = observed.role
    if role is None:
        actions.append(
            Action(
                "iam",
                "create_role",
                {
                    "RoleName": name,
                    "AssumeRolePolicyDocument": json.dumps(lambda_trust_policy()),
                    "Description": f"Execution role of the rftkit reward function "
                    f"{desired.function_name}",
                    "Tags": tags,
                },
                f"create role {name} (trusts lambda.amazonaws.com)",
                produces=(Output("role_arn", ("Role", "Arn")),),
            )
        )
        arn: str | Ref = Ref("role_arn")
        attached: frozenset[str] = frozenset()
        inline: Mapping[str, Any] | None = None
    else:
        if role.tags.get(MANAGED_TAG) != "true":
            raise DeployError(
                f"role {name} exists and was not created by rftkit; refusing to change it",
                hint=f"pass --role-arn {role.arn} to use it as it is, or set "
                "deploy.role_name to another name",
            )
        arn = role.arn
        attached = role.attached_policy_arns
        inline = role.inline_policy
        if not _trusts_lambda(role.trust_policy):
            actions.append(
                Action(
                    "iam",
                    "update_assume_role_policy",
                    {"RoleName": name, "PolicyDocument": json.dumps(lambda_trust_policy())},
                    f"let lambda.amazonaws.com assume role {name}",
                )
            )
    # Only what the caller states: guessing the account from a role that exists on the
    # second deploy but not the first would change the policy between identical deploys.
    logs = logs_policy_document(
        desired.function_name, region=desired.region, account=desired.account
    )
    current_logs = role.logs_policy if role is not None else None
    if normalise_policy(current_logs) != normalise_policy(logs):
        actions.append(
            Action(
                "iam",
                "put_role_policy",
                {
                    "RoleName": name,
                    "PolicyName": LOGS_POLICY_NAME,
                    "PolicyDocument": json.dumps(logs),
                },
                f"allow writing logs to /aws/lambda/{desired.function_name} only "
                f"({LOGS_POLICY_NAME} in role {name})",
            )
        )
    if BASIC_EXECUTION_POLICY_ARN in attached:
        actions.append(
            Action(
                "iam",
                "detach_role_policy",
                {"RoleName": name, "PolicyArn": BASIC_EXECUTION_POLICY_ARN},
                f"detach AWSLambdaBasicExecutionRole (logs on every log group) from role {name}",
            )
        )
    wanted = desired.policy_document
    if wanted is not None and normalise_policy(inline) != normalise_policy(wanted):
        verb = "allow" if inline is None else "change the inline policy to allow"
        actions.append(
            Action(
                "iam",
                "put_role_policy",
                {
                    "RoleName": name,
                    "PolicyName": INLINE_POLICY_NAME,
                    "PolicyDocument": json.dumps(wanted),
                },
                f"{verb} {describe_policy(wanted)} in role {name} (the grader declares it)",
            )
        )
    elif wanted is None and inline is not None:
        actions.append(
            Action(
                "iam",
                "delete_role_policy",
                {"RoleName": name, "PolicyName": INLINE_POLICY_NAME},
                f"remove {INLINE_POLICY_NAME} from role {name} (the grader needs no extra "
                "permissions)",
            )
        )
    return arn


def _alias_is_current(desired: Desired, observed: Observed, role: str | Ref) -> bool:
    """True when the alias already points at a version equal to the desired state."""
    config = observed.alias_config
    if observed.alias_version is None or config is None or observed.function is None:
        return False
    if isinstance(role, Ref):
        return False
    return not _code_differs(desired, config) and not _config_changes(
        desired, config, role, description=False
    )


def _plan_resource_policy(
    desired: Desired, observed: Observed, function_arn: str | Ref, actions: list[Action]
) -> None:
    present = any(st.get("Sid") == BEDROCK_STATEMENT_ID for st in observed.alias_policy_statements)
    fn = desired.function_name
    if desired.bedrock_resource_policy and not present:
        account: str | Ref = (
            function_arn.split(":")[4] if isinstance(function_arn, str) else Ref("account")
        )
        actions.append(
            Action(
                "lambda",
                "add_permission",
                {
                    "FunctionName": fn,
                    "StatementId": BEDROCK_STATEMENT_ID,
                    "Action": "lambda:InvokeFunction",
                    "Principal": BEDROCK_PRINCIPAL,
                    "Qualifier": desired.alias,
                    "SourceAccount": account,
                },
                f"let {BEDROCK_PRINCIPAL} invoke {fn}:{desired.alias} (same account only)",
            )
        )
    elif not desired.bedrock_resource_policy and present:
        actions.append(
            Action(
                "lambda",
                "remove_permission",
                {
                    "FunctionName": fn,
                    "StatementId": BEDROCK_STATEMENT_ID,
                    "Qualifier": desired.alias,
                },
                f"remove the {BEDROCK_PRINCIPAL} resource policy from {fn}:{desired.alias}",
            )
        )


def plan_warnings(desired: Desired) -> list[str]:
    """Things a user should check by hand: permissions rftkit cannot scope or will not grant.

    Example:
        >>> from pathlib import Path
        >>> from rftkit.packaging.plan import BundleFacts, Desired, Observed
        >>> facts = BundleFacts(Path("b.zip"), "a=", 1, permissions=("bedrock:InvokeModel",))
        >>> arn = "arn:aws:iam::123456789012:role/mine"
        >>> "bedrock:InvokeModel" in plan_warnings(Desired("f", facts, role_arn=arn))[0]
        True
    """
    warnings = []
    document = desired.policy_document
    if desired.role_arn is not None and document is not None:
        warnings.append(
            f"the grader needs {describe_policy(document)}: make sure role "
            f"{desired.role_arn} allows it (rftkit does not change a role passed by ARN)"
        )
    elif desired.bundle.iam_statements is None and desired.permissions:
        warnings.append(
            f"the grader declares {', '.join(desired.permissions)} but no IAM statements, so "
            f"role {desired.effective_role_name} will allow it on every resource (*); a grader "
            "narrows this by declaring iam_statements (the judge grader names its model)"
        )
    return warnings


def format_plan(actions: Sequence[Action]) -> str:
    """The plan as lines for people: ``+`` creates, ``~`` changes, ``-`` removes.

    Example:
        >>> format_plan([])
        'no changes: the function is up to date'
    """
    if not actions:
        return "no changes: the function is up to date"
    lines = []
    for i, action in enumerate(actions, 1):
        if action.op.startswith(("create", "attach", "add", "put", "publish")):
            mark = "+"
        elif action.op.startswith(("delete", "remove", "detach")):
            mark = "-"
        else:
            mark = "~"
        lines.append(f"{i:2d}. {mark} {action.summary}")
    return "\n".join(lines)
