"""IAM policy documents: the trust policy, the grader's and the logs' inline policies, and
comparing policies by meaning.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any


def lambda_trust_policy() -> dict[str, Any]:
    """The trust policy of a reward function's execution role.

    Example:
        >>> lambda_trust_policy()["Statement"][0]["Principal"]
        {'Service': 'lambda.amazonaws.com'}
    """
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }


def grader_policy_document(
    permissions: Sequence[str], statements: Sequence[Mapping[str, Any]] | None = None
) -> dict[str, Any]:
    """The inline policy granting what a grader declared it needs.

    With ``statements`` (the grader's exact statements, e.g. ``bedrock:InvokeModel`` on the
    judge model's ARN) the policy is exactly those. Without them, the declared actions are
    granted on ``Resource: "*"``: a grader that names only actions gives no resource to narrow
    them to (``rftkit deploy`` warns about it).

    Example:
        >>> grader_policy_document(["bedrock:InvokeModel"])["Statement"][0]["Resource"]
        '*'
        >>> st = {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": ["arn:m"]}
        >>> grader_policy_document(["bedrock:InvokeModel"], [st])["Statement"][0]["Resource"]
        ['arn:m']
    """
    if statements is not None:
        return {"Version": "2012-10-17", "Statement": [dict(st) for st in statements]}
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "GraderPermissions",
                "Effect": "Allow",
                "Action": sorted(set(permissions)),
                "Resource": "*",
            }
        ],
    }


def invoke_policy_statement(function_arn: str, alias: str | None = None) -> dict[str, Any]:
    """The IAM statement a Bedrock job's role (or API identity) needs to call the grader.

    Example:
        >>> s = invoke_policy_statement("arn:aws:lambda:us-east-1:123456789012:function:f", "live")
        >>> s["Action"], s["Resource"][1]
        ('lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:123456789012:function:f:live')
    """
    resources = [function_arn]
    if alias:
        resources.append(f"{function_arn}:{alias}")
    return {
        "Sid": "InvokeRftkitRewardFunction",
        "Effect": "Allow",
        "Action": "lambda:InvokeFunction",
        "Resource": resources,
    }


def _trusts_lambda(document: Mapping[str, Any]) -> bool:
    statements = document.get("Statement", [])
    if isinstance(statements, Mapping):
        statements = [statements]
    for st in statements:
        if not isinstance(st, Mapping) or st.get("Effect") != "Allow":
            continue
        principal = st.get("Principal")
        services = principal.get("Service", []) if isinstance(principal, Mapping) else []
        if isinstance(services, str):
            services = [services]
        actions = st.get("Action", [])
        if isinstance(actions, str):
            actions = [actions]
        if "lambda.amazonaws.com" in services and "sts:AssumeRole" in actions:
            return True
    return False


_LIST_FIELDS = frozenset({"Action", "NotAction", "Resource", "NotResource"})


def _string_set(value: Any) -> Any:
    """A string or a list of strings as a sorted list without duplicates (IAM reads a single
    string and a one-element list alike); anything else unchanged."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return sorted(set(value))
    return value


def _normalise_statement(statement: Any) -> Any:
    if not isinstance(statement, Mapping):
        return statement
    out: dict[str, Any] = {}
    for key, value in statement.items():
        if key in _LIST_FIELDS:
            out[key] = _string_set(value)
        elif key in ("Principal", "NotPrincipal") and isinstance(value, Mapping):
            out[key] = {k: _string_set(v) for k, v in value.items()}
        elif key == "Condition" and isinstance(value, Mapping):
            out[key] = {
                op: {k: _string_set(v) for k, v in body.items()}
                if isinstance(body, Mapping)
                else body
                for op, body in value.items()
            }
        else:
            out[key] = value
    return out


def normalise_policy(document: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A policy document in one canonical form, so equal policies compare equal.

    Statement order, action and resource order, duplicates and the choice between a single
    string and a one-element list make no difference to IAM, so they make none here; a
    missing ``Version`` is IAM's default, ``2008-10-17``. None and an empty document are None.

    Example:
        >>> a = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:Get",
        ...      "Resource": ["b", "a"]}}
        >>> b = {"Version": "2012-10-17", "Statement": [{"Resource": ["a", "b", "a"],
        ...      "Action": ["s3:Get"], "Effect": "Allow"}]}
        >>> normalise_policy(a) == normalise_policy(b)
        True
    """
    if not document:
        return None
    statements = document.get("Statement", [])
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, list | tuple):
        statements = [statements]
    normal = [_normalise_statement(st) for st in statements]
    normal.sort(key=lambda st: json.dumps(st, sort_keys=True, default=str))
    return {"Version": document.get("Version", "2008-10-17"), "Statement": normal}


def _listed(value: Any) -> str:
    return ", ".join(str(v) for v in (value if isinstance(value, list) else [value]))


def describe_policy(document: Mapping[str, Any]) -> str:
    """One line saying what a policy allows, for plans and warnings.

    Example:
        >>> describe_policy(grader_policy_document(["bedrock:InvokeModel"]))
        'bedrock:InvokeModel on any resource (*)'
    """
    parts = []
    normal = normalise_policy(document) or {"Statement": []}
    for st in normal["Statement"]:
        if not isinstance(st, Mapping):
            continue
        if "NotAction" in st:
            what = f"every action except {_listed(st['NotAction'])}"
        else:
            what = _listed(st.get("Action", []))
        if "NotResource" in st:
            where = f"every resource except {_listed(st['NotResource'])}"
        elif st.get("Resource") == ["*"]:
            where = "any resource (*)"
        else:
            where = _listed(st.get("Resource", []))
        effect = "" if st.get("Effect") == "Allow" else f"{st.get('Effect')}: "
        parts.append(f"{effect}{what} on {where}")
    return "; ".join(parts) or "nothing"


def logs_policy_document(
    function_name: str, *, region: str | None = None, account: str | None = None
) -> dict[str, Any]:
    """Least-privilege logging: create and write the function's own log group only.

    Example:
        >>> doc = logs_policy_document("g", region="us-east-1", account="123456789012")
        >>> doc["Statement"][1]["Resource"]
        'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/g:*'
    """
    group = f"arn:aws:logs:{region or '*'}:{account or '*'}:log-group:/aws/lambda/{function_name}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CreateOwnLogGroup",
                "Effect": "Allow",
                "Action": "logs:CreateLogGroup",
                "Resource": group,
            },
            {
                "Sid": "WriteOwnLogStreams",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": f"{group}:*",
            },
        ],
    }
