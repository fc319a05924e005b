"""Deploy planning: what must change in AWS to make a reward Lambda match a bundle.

A deploy has three steps (build -> plan -> execute). This module is the middle one and it is
*pure*: :func:`plan` compares a :class:`Desired` state (the bundle's facts plus the deploy
settings) with an :class:`Observed` state (what ``get_function``, ``get_role``, ``get_alias``
and ``get_policy`` returned, gathered by :func:`rftkit.packaging.apply.observe`) and returns the
list of :class:`Action` objects that close the gap. It makes no AWS call, so every plan can be
tested with plain data, and ``--dry-run`` is just printing the plan.

Values that exist only once an earlier action has run (the ARN of a role created a moment ago,
the number of the version just published) appear in a plan as :class:`Ref` placeholders that
the executor fills in. The zip's bytes appear as a :class:`ZipCode` reference to the file.

Standard library only. The package: :mod:`~rftkit.packaging.plan.model` (the states and
actions), :mod:`~rftkit.packaging.plan.planners` (one planning function per resource) and
:mod:`~rftkit.packaging.plan.policies` (IAM documents). Import the public names from here.
"""

from __future__ import annotations

from rftkit.packaging.plan.model import (
    BASIC_EXECUTION_POLICY_ARN,
    BEDROCK_PRINCIPAL,
    BEDROCK_STATEMENT_ID,
    BUNDLE_MANIFEST,
    INLINE_POLICY_NAME,
    LOGS_POLICY_NAME,
    MANAGED_TAG,
    MAX_DIRECT_UPLOAD_BYTES,
    RUNTIMES,
    Action,
    BundleFacts,
    Desired,
    Observed,
    ObservedRole,
    Output,
    Ref,
    ZipCode,
    default_role_name,
)
from rftkit.packaging.plan.planners import (
    format_plan,
    plan,
    plan_warnings,
)
from rftkit.packaging.plan.policies import (
    describe_policy,
    grader_policy_document,
    invoke_policy_statement,
    lambda_trust_policy,
    logs_policy_document,
    normalise_policy,
)

__all__ = [
    "BASIC_EXECUTION_POLICY_ARN",
    "BEDROCK_PRINCIPAL",
    "BEDROCK_STATEMENT_ID",
    "BUNDLE_MANIFEST",
    "INLINE_POLICY_NAME",
    "LOGS_POLICY_NAME",
    "MANAGED_TAG",
    "MAX_DIRECT_UPLOAD_BYTES",
    "RUNTIMES",
    "Action",
    "BundleFacts",
    "Desired",
    "Observed",
    "ObservedRole",
    "Output",
    "Ref",
    "ZipCode",
    "default_role_name",
    "describe_policy",
    "format_plan",
    "grader_policy_document",
    "invoke_policy_statement",
    "lambda_trust_policy",
    "logs_policy_document",
    "normalise_policy",
    "plan",
    "plan_warnings",
]
