"""Deploy execution: observe AWS, run a plan's actions, smoke-test the result.

Three pieces, each with its boto3 clients injected (tests pass clients aimed at moto's server,
or clients wrapped in botocore's Stubber):

- :func:`observe` reads what exists (``get_function``, ``get_role``, ``get_alias``,
  ``get_policy``...). It never changes anything, so ``--dry-run`` may call it.
- :class:`AwsExecutor` runs the actions of :func:`rftkit.packaging.plan.plan`. It is
  generic: each :class:`~rftkit.packaging.plan.Action` says what its answer fills in
  (``produces``), whether to poll the function until it is ``Active`` and its
  ``LastUpdateStatus`` is ``Successful`` (``wait_ready``), and whether to verify the version
  it published (``verify``). Calls are retried on throttling with backoff, on
  ``InvalidParameterValueException`` while a new role propagates through IAM, and on
  ``ResourceConflictException`` (an update in progress). Every retry and wait is bounded.
- :class:`DryRunExecutor` runs the same plan without calling anything: ``--dry-run``.

:func:`deploy` ties them together; :func:`smoke_test` invokes the deployed function with a
Bedrock-shaped GSM8K event and checks the answer.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from rftkit.errors import DeployError
from rftkit.harness.contract import METRICS_KEY, SCORE_KEY
from rftkit.harness.invoke import Invoker
from rftkit.packaging.plan import (
    INLINE_POLICY_NAME,
    LOGS_POLICY_NAME,
    Action,
    Desired,
    Observed,
    ObservedRole,
    Ref,
    ZipCode,
    format_plan,
    plan,
)

__all__ = [
    "ApplyResult",
    "AwsExecutor",
    "DeployReport",
    "DryRunExecutor",
    "RetryPolicy",
    "SmokeResult",
    "check_smoke_payload",
    "deploy",
    "local_smoke_expectation",
    "observe",
    "smoke_event",
    "smoke_test",
]

Progress = Callable[[str], None]

THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ServiceUnavailable",
        "ServiceUnavailableException",
    }
)

# The message Lambda gives while a freshly created role is not yet visible to it.
_ROLE_NOT_READY = ("cannot be assumed", "role defined for the function")
_ROLE_OPS = frozenset({"create_function", "update_function_configuration"})


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds of every retry and wait (all delays go through an injectable ``sleep``).

    Attributes:
        attempts: tries of one call that is throttled or in conflict.
        role_attempts: tries while a new role propagates (about a minute in all by default).
        base_delay: first backoff delay, doubled after each try.
        max_delay: cap of one backoff delay.
        poll_interval: delay between two polls of a function's state.
        max_polls: polls before giving up on a function becoming ready.
    """

    attempts: int = 8
    role_attempts: int = 12
    base_delay: float = 0.5
    max_delay: float = 8.0
    poll_interval: float = 1.0
    max_polls: int = 300

    def delay(self, attempt: int) -> float:
        """Backoff before retry number ``attempt`` (0-based).

        Example:
            >>> [RetryPolicy().delay(i) for i in range(6)]
            [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
        """
        return float(min(self.max_delay, self.base_delay * 2**attempt))


def _error_code(exc: BaseException) -> tuple[str, str]:
    response = getattr(exc, "response", None)
    if isinstance(response, Mapping):
        err = response.get("Error") or {}
        return str(err.get("Code", "")), str(err.get("Message", ""))
    return "", str(exc)


def _deploy_error(service: str, op: str, exc: BaseException) -> DeployError:
    code, message = _error_code(exc)
    if not code:
        return DeployError(
            f"{service} {op} failed: {type(exc).__name__}: {exc}",
            hint="check the AWS credentials, region and --endpoint-url",
        )
    hint = None
    if code in {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"}:
        hint = f"the AWS identity needs permission for {service}:{_camel(op)}"
    elif code in {"UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken"}:
        hint = "the AWS credentials are invalid or expired"
    return DeployError(f"{service} {op} failed: {code}: {message}", hint=hint)


def _camel(op: str) -> str:
    return "".join(part.capitalize() for part in op.split("_"))


class _Caller:
    """Calls AWS with bounded retries for throttling, conflicts and role propagation."""

    def __init__(
        self,
        clients: Mapping[str, Any],
        *,
        retry: RetryPolicy,
        sleep: Callable[[float], None],
        progress: Progress,
    ) -> None:
        self.clients = clients
        self.retry = retry
        self.sleep = sleep
        self.progress = progress

    def call(
        self,
        service: str,
        op: str,
        params: Mapping[str, Any],
        *,
        missing: frozenset[str] = frozenset(),
    ) -> dict[str, Any] | None:
        """Call ``service.op(**params)``; None when the error code is in ``missing``."""
        from botocore.exceptions import BotoCoreError, ClientError

        client = self.clients[service]
        throttled = conflicts = role_waits = 0
        while True:
            try:
                result: dict[str, Any] = getattr(client, op)(**params)
                return result
            except ClientError as exc:
                code, message = _error_code(exc)
                if code in missing:
                    return None
                if code in THROTTLING_CODES and throttled + 1 < self.retry.attempts:
                    delay = self.retry.delay(throttled)
                    throttled += 1
                    self.progress(f"{op}: throttled ({code}), retrying in {delay:g} s")
                    self.sleep(delay)
                    continue
                if code == "ResourceConflictException" and conflicts + 1 < self.retry.attempts:
                    conflicts += 1
                    self.progress(f"{op}: an update is in progress, waiting for it")
                    if "FunctionName" in params and service == "lambda":
                        self.wait_ready(str(params["FunctionName"]))
                    else:
                        self.sleep(self.retry.delay(conflicts - 1))
                    continue
                if (
                    code == "InvalidParameterValueException"
                    and op in _ROLE_OPS
                    and any(s in message for s in _ROLE_NOT_READY)
                    and role_waits + 1 < self.retry.role_attempts
                ):
                    delay = self.retry.delay(role_waits)
                    role_waits += 1
                    self.progress(
                        f"{op}: the execution role is not usable by Lambda yet "
                        f"(IAM propagation), retrying in {delay:g} s"
                    )
                    self.sleep(delay)
                    continue
                err = _deploy_error(service, op, exc)
                if code == "InvalidParameterValueException" and op in _ROLE_OPS and role_waits:
                    err.hint = (
                        "the role still cannot be assumed by Lambda: check that its trust "
                        "policy allows lambda.amazonaws.com"
                    )
                raise err from exc
            except BotoCoreError as exc:
                raise _deploy_error(service, op, exc) from exc

    def wait_ready(self, function_name: str, qualifier: str | None = None) -> dict[str, Any]:
        """Poll until the function is Active and its last update Successful.

        Raises:
            DeployError: the function failed, or stayed busy past the bound.
        """
        params: dict[str, Any] = {"FunctionName": function_name}
        if qualifier:
            params["Qualifier"] = qualifier
        for poll in range(self.retry.max_polls):
            config = self.call("lambda", "get_function_configuration", params) or {}
            state = config.get("State") or "Active"
            update = config.get("LastUpdateStatus") or "Successful"
            if state == "Failed" or update == "Failed":
                reason = config.get("StateReason") or config.get("LastUpdateStatusReason")
                code = config.get("StateReasonCode") or config.get("LastUpdateStatusReasonCode")
                raise DeployError(
                    f"function {function_name} failed ({code}): {reason}",
                    hint="see the function's events in the Lambda console or CloudWatch",
                )
            if state == "Active" and update == "Successful":
                return config
            if poll == 0:
                self.progress(f"waiting for {function_name} ({state}, update {update})")
            self.sleep(self.retry.poll_interval)
        raise DeployError(
            f"function {function_name} was not ready after {self.retry.max_polls} polls",
            hint="run the deploy again: it resumes from what exists",
        )


def observe(
    desired: Desired,
    *,
    lambda_client: Any,
    iam_client: Any,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: Progress = _quiet,
) -> Observed:
    """Read the current state of everything ``desired`` describes (no change is made).

    IAM is read only when rftkit manages the role (no ``role_arn``), so a deploy with
    ``--role-arn`` needs no IAM permission at all.

    Example:
        >>> observe(desired, lambda_client=lam, iam_client=iam).function is None  # doctest: +SKIP
        True
    """
    caller = _Caller(
        {"lambda": lambda_client, "iam": iam_client},
        retry=retry or RetryPolicy(),
        sleep=sleep,
        progress=progress,
    )
    not_found = frozenset({"ResourceNotFoundException"})
    no_entity = frozenset({"NoSuchEntity", "NoSuchEntityException"})
    fn = desired.function_name
    got = caller.call("lambda", "get_function", {"FunctionName": fn}, missing=not_found)
    function = got.get("Configuration") if got else None
    tags = dict(got.get("Tags") or {}) if got else {}

    role = None
    if desired.role_arn is None:
        name = desired.effective_role_name
        got_role = caller.call("iam", "get_role", {"RoleName": name}, missing=no_entity)
        if got_role is not None:
            info = got_role["Role"]
            attached: set[str] = set()
            params: dict[str, Any] = {"RoleName": name}
            while True:
                page = caller.call("iam", "list_attached_role_policies", params) or {}
                attached.update(p["PolicyArn"] for p in page.get("AttachedPolicies", []))
                if not page.get("IsTruncated"):
                    break
                params["Marker"] = page["Marker"]
            inline = caller.call(
                "iam",
                "get_role_policy",
                {"RoleName": name, "PolicyName": INLINE_POLICY_NAME},
                missing=no_entity,
            )
            logs = caller.call(
                "iam",
                "get_role_policy",
                {"RoleName": name, "PolicyName": LOGS_POLICY_NAME},
                missing=no_entity,
            )
            role = ObservedRole(
                arn=info["Arn"],
                trust_policy=_policy_dict(info.get("AssumeRolePolicyDocument")),
                tags={t["Key"]: t["Value"] for t in info.get("Tags", [])},
                attached_policy_arns=frozenset(attached),
                inline_policy=_policy_dict(inline["PolicyDocument"]) if inline else None,
                logs_policy=_policy_dict(logs["PolicyDocument"]) if logs else None,
            )

    alias_version = None
    alias_config = None
    statements: tuple[Mapping[str, Any], ...] = ()
    if function is not None:
        alias = caller.call(
            "lambda", "get_alias", {"FunctionName": fn, "Name": desired.alias}, missing=not_found
        )
        if alias is not None:
            alias_version = str(alias["FunctionVersion"])
            alias_config = caller.call(
                "lambda",
                "get_function_configuration",
                {"FunctionName": fn, "Qualifier": alias_version},
                missing=not_found,
            )
            policy = caller.call(
                "lambda",
                "get_policy",
                {"FunctionName": fn, "Qualifier": desired.alias},
                missing=not_found,
            )
            if policy is not None:
                statements = tuple(_policy_dict(policy.get("Policy")).get("Statement", []))
    return Observed(
        function=function,
        function_tags=tags,
        role=role,
        alias_version=alias_version,
        alias_config=alias_config,
        alias_policy_statements=statements,
    )


def _policy_dict(document: Any) -> dict[str, Any]:
    """IAM returns policy documents as dicts (boto3 decodes them); Lambda as JSON text."""
    if isinstance(document, Mapping):
        return dict(document)
    if isinstance(document, str) and document:
        from urllib.parse import unquote

        text = document if document.lstrip().startswith("{") else unquote(document)
        try:
            data = json.loads(text)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return {}


@dataclass(slots=True)
class ApplyResult:
    """What an executor did.

    Attributes:
        function_arn: the unqualified function ARN (None in a dry run of a new function).
        alias_arn: the ARN Bedrock should invoke (``<function_arn>:<alias>``).
        version: the version published by this run (None when nothing was published).
        role_arn: the execution role's ARN, when known.
        executed: the actions that ran (a dry run lists what would run).
        dry_run: True for :class:`DryRunExecutor`.
    """

    function_arn: str | None
    alias_arn: str | None
    version: str | None
    role_arn: str | None
    executed: list[Action] = field(default_factory=list)
    dry_run: bool = False


def _initial_refs(desired: Desired, observed: Observed) -> dict[str, str]:
    refs: dict[str, str] = {}
    if observed.function is not None:
        arn = str(observed.function.get("FunctionArn", ""))
        if arn:
            refs["function_arn"] = arn
            refs["account"] = arn.split(":")[4]
        role = observed.function.get("Role")
        if role:
            refs["role_arn"] = str(role)
    if desired.role_arn:
        refs["role_arn"] = desired.role_arn
    elif observed.role is not None:
        refs["role_arn"] = observed.role.arn
    return refs


class DryRunExecutor:
    """Runs nothing: reports each action as it would run (``--dry-run``).

    Example:
        >>> DryRunExecutor().execute([], alias="live").dry_run
        True
    """

    def __init__(self, progress: Progress = _quiet) -> None:
        self.progress = progress

    def execute(
        self, actions: Sequence[Action], *, alias: str, refs: Mapping[str, str] | None = None
    ) -> ApplyResult:
        """Return what would happen; no AWS call is made."""
        refs = dict(refs or {})
        for action in actions:
            self.progress(f"would {action.summary}")
        arn = refs.get("function_arn")
        return ApplyResult(
            function_arn=arn,
            alias_arn=f"{arn}:{alias}" if arn else None,
            version=None,
            role_arn=refs.get("role_arn"),
            executed=list(actions),
            dry_run=True,
        )


class AwsExecutor:
    """Runs a plan against AWS through injected boto3 clients.

    Args:
        lambda_client: a boto3 Lambda client.
        iam_client: a boto3 IAM client.
        progress: receives one line per step (the CLI prints them on stderr).
        retry: retry and wait bounds.
        sleep: the sleep function (tests pass a no-op).
        verify: called with the qualifier of each action marked ``verify`` (the version
            ``publish_version`` made) before the next action runs (the alias move); raising
            stops the deploy with the alias on the old version.

    Example:
        >>> AwsExecutor(lam, iam).execute(actions, alias="live").version  # doctest: +SKIP
        '1'
    """

    def __init__(
        self,
        lambda_client: Any,
        iam_client: Any,
        *,
        progress: Progress = _quiet,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        verify: Callable[[str], None] | None = None,
    ) -> None:
        self.caller = _Caller(
            {"lambda": lambda_client, "iam": iam_client},
            retry=retry or RetryPolicy(),
            sleep=sleep,
            progress=progress,
        )
        self.progress = progress
        self.verify = verify

    def execute(
        self, actions: Sequence[Action], *, alias: str, refs: Mapping[str, str] | None = None
    ) -> ApplyResult:
        """Run ``actions`` in order.

        Args:
            actions: the plan.
            alias: the alias name (for the returned ``alias_arn``).
            refs: values already known (``function_arn``, ``role_arn``, ``account``).

        Raises:
            DeployError: a call failed after its retries, or ``verify`` failed.
        """
        state = dict(refs or {})
        done: list[Action] = []
        for action in actions:
            self.progress(action.summary)
            params = {k: self._resolve(v, state) for k, v in action.params.items()}
            result = self.caller.call(action.service, action.op, params) or {}
            done.append(action)
            for output in action.produces:
                try:
                    value = output.read(result)
                except DeployError as exc:
                    raise DeployError(f"{action.service} {action.op}: {exc.message}") from None
                if value is not None:
                    state[output.ref] = value
            qualifier = self._resolve(action.qualifier, state)
            if action.wait_ready:
                self.caller.wait_ready(str(params["FunctionName"]), qualifier)
            if action.done is not None:
                self.progress(action.done.format_map(state))
            if action.verify and self.verify is not None:
                self.verify(str(qualifier))
        arn = state.get("function_arn")
        return ApplyResult(
            function_arn=arn,
            alias_arn=state.get("alias_arn") or (f"{arn}:{alias}" if arn else None),
            version=state.get("version"),
            role_arn=state.get("role_arn"),
            executed=done,
        )

    def _resolve(self, value: Any, state: Mapping[str, str]) -> Any:
        if isinstance(value, Ref):
            try:
                return state[value.name]
            except KeyError:
                raise DeployError(f"internal: {value} is unknown at this step") from None
        if isinstance(value, ZipCode):
            return value.path.read_bytes()
        if isinstance(value, Mapping):
            return {k: self._resolve(v, state) for k, v in value.items()}
        if isinstance(value, list):
            return [self._resolve(v, state) for v in value]
        return value


@dataclass(slots=True)
class DeployReport:
    """The outcome of :func:`deploy`.

    Attributes:
        actions: the plan.
        result: what the executor did.
        smoke: the smoke test's outcome (None when skipped or in a dry run).
    """

    actions: list[Action]
    result: ApplyResult
    smoke: SmokeResult | None = None

    @property
    def changed(self) -> bool:
        """True when the plan was not empty."""
        return bool(self.actions)

    def plan_text(self) -> str:
        """The plan for people."""
        return format_plan(self.actions)


def deploy(
    desired: Desired,
    *,
    lambda_client: Any,
    iam_client: Any,
    dry_run: bool = False,
    smoke: Callable[[str], SmokeResult] | None = None,
    progress: Progress = _quiet,
    on_plan: Callable[[list[Action]], None] | None = None,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DeployReport:
    """Observe, plan and apply one function; smoke-test the new version before it goes live.

    ``smoke(qualifier)`` is run on a newly published version *before* the alias moves to it,
    so a bundle that fails its smoke test never serves Bedrock; when nothing was published it
    runs on the alias. A failed smoke test raises :class:`DeployError`.

    Args:
        desired: the target state.
        lambda_client: a boto3 Lambda client.
        iam_client: a boto3 IAM client.
        dry_run: plan only; only read calls are made.
        smoke: a smoke test taking a qualifier; None skips it.
        progress: receives progress lines.
        on_plan: receives the plan before it runs (the CLI prints it).
        retry: retry and wait bounds.
        sleep: the sleep function (tests pass a no-op).

    Example:
        >>> report = deploy(desired, lambda_client=lam, iam_client=iam)  # doctest: +SKIP
        >>> report.result.alias_arn  # doctest: +SKIP
        'arn:aws:lambda:us-east-1:123456789012:function:gsm8k-reward:live'
    """
    retry = retry or RetryPolicy()
    progress("reading the current state")
    observed = observe(
        desired,
        lambda_client=lambda_client,
        iam_client=iam_client,
        retry=retry,
        sleep=sleep,
        progress=progress,
    )
    actions = plan(desired, observed)
    if on_plan is not None:
        on_plan(actions)
    refs = _initial_refs(desired, observed)
    if dry_run:
        return DeployReport(
            # The CLI prints the plan through on_plan; "would ..." lines would print it twice.
            actions,
            DryRunExecutor(progress if on_plan is None else _quiet).execute(
                actions, alias=desired.alias, refs=refs
            ),
        )
    smoked: list[SmokeResult] = []

    def verify(qualifier: str) -> None:
        assert smoke is not None
        outcome = smoke(qualifier)
        smoked.append(outcome)
        if not outcome.ok:
            raise DeployError(
                f"smoke test of {desired.function_name}:{qualifier} failed: "
                + "; ".join(outcome.problems),
                hint=f"alias {desired.alias} was left where it was; fix the grader and deploy "
                "again (or pass --no-smoke)",
            )

    executor = AwsExecutor(
        lambda_client,
        iam_client,
        progress=progress,
        retry=retry,
        sleep=sleep,
        verify=verify if smoke is not None else None,
    )
    result = executor.execute(actions, alias=desired.alias, refs=refs)
    if smoke is not None and not smoked:
        verify(desired.alias)
    return DeployReport(actions, result, smoked[-1] if smoked else None)


# -- smoke test -------------------------------------------------------------------------------

_SMOKE_QUESTION = (
    "A baker fills 4 trays with 9 rolls each and sells 7 rolls. How many rolls are left? "
    "Finish with a line '#### <number>'."
)


def smoke_event() -> list[dict[str, Any]]:
    """A Bedrock-shaped GSM8K event: one correct rollout and one wrong one.

    Example:
        >>> [item["id"] for item in smoke_event()]
        ['rftkit-smoke-correct', 'rftkit-smoke-wrong']
    """

    def rollout(rid: str, reply: str) -> dict[str, Any]:
        return {
            "id": rid,
            "messages": [
                {"role": "system", "content": "You solve grade-school math problems."},
                {"role": "user", "content": _SMOKE_QUESTION},
                {"role": "assistant", "content": reply},
            ],
            "metadata": {
                "reference_answer": {"final_answer": "29"},
                "task_id": "rftkit-smoke",
            },
        }

    return [
        rollout("rftkit-smoke-correct", "4 * 9 = 36 rolls, and 36 - 7 = 29 are left.\n#### 29"),
        rollout("rftkit-smoke-wrong", "4 * 9 = 36 rolls, and 36 - 7 = 28 are left.\n#### 28"),
    ]


@dataclass(slots=True)
class SmokeResult:
    """The outcome of a smoke invocation.

    Attributes:
        qualifier: the version or alias invoked.
        scores: ``aggregate_reward_score`` per rollout, in event order (when readable).
        problems: everything wrong, empty when the test passed.
        duration_ms: the invocation's wall time.
    """

    qualifier: str
    scores: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    duration_ms: float = 0.0

    @property
    def ok(self) -> bool:
        """True when nothing was wrong."""
        return not self.problems


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_smoke_payload(
    event: Sequence[Mapping[str, Any]],
    payload: Any,
    *,
    expected: Sequence[Mapping[str, Any]] | None = None,
    check_answer: bool = True,
) -> tuple[list[float], list[str]]:
    """Check a reward Lambda's answer to :func:`smoke_event`.

    Checks the contract (one result per rollout, ids echoed in order, finite scores, a
    well-formed ``metrics_list``); with ``expected`` (what the same handler returned locally)
    that every score matches; with ``check_answer`` that the correct rollout scores higher
    than the wrong one.

    Returns:
        The scores and the list of problems (empty when all is well).

    Example:
        >>> ev = smoke_event()
        >>> ok = [{"id": e["id"], "aggregate_reward_score": s} for e, s in zip(ev, [1.0, 0.0])]
        >>> check_smoke_payload(ev, ok)
        ([1.0, 0.0], [])
    """
    problems: list[str] = []
    if not isinstance(payload, list):
        return [], [f"the function returned {type(payload).__name__}, expected a JSON list"]
    if len(payload) != len(event):
        problems.append(f"{len(payload)} results for {len(event)} rollouts")
    scores: list[float] = []
    for i, (item, result) in enumerate(zip(event, payload, strict=False)):
        where = f"$[{i}]"
        if not isinstance(result, Mapping):
            problems.append(f"{where} is {type(result).__name__}, expected an object")
            continue
        if result.get("id") != item["id"]:
            problems.append(f"{where}.id is {result.get('id')!r}, expected {item['id']!r}")
        raw_score = result.get(SCORE_KEY)
        if not _finite(raw_score):
            problems.append(f"{where}.{SCORE_KEY} is {raw_score!r}, not a finite number")
            continue
        score = float(cast(float, raw_score))
        scores.append(score)
        metrics = result.get(METRICS_KEY, [])
        if not isinstance(metrics, list):
            problems.append(f"{where}.{METRICS_KEY} is not a list")
        else:
            for j, m in enumerate(metrics):
                ok = (
                    isinstance(m, Mapping)
                    and isinstance(m.get("name"), str)
                    and _finite(m.get("value"))
                    and m.get("type") in ("Reward", "Metric")
                )
                if not ok:
                    problems.append(f"{where}.{METRICS_KEY}[{j}] is malformed: {m!r}")
        if expected is not None and i < len(expected):
            want = expected[i].get(SCORE_KEY)
            if _finite(want) and abs(float(cast(float, want)) - score) > 1e-9:
                problems.append(
                    f"{where} scored {score!r} on Lambda but {want!r} locally with the same handler"
                )
    if check_answer and not problems and len(scores) == 2 and not scores[0] > scores[1]:
        problems.append(
            f"the correct answer scored {scores[0]!r}, not above the wrong answer's {scores[1]!r}"
        )
    return scores, problems


def smoke_test(
    invoker: Invoker,
    qualifier: str,
    *,
    expected: Sequence[Mapping[str, Any]] | None = None,
    check_answer: bool = True,
) -> SmokeResult:
    """Invoke the deployed function once with :func:`smoke_event` and check its answer.

    Example:
        >>> smoke_test(LambdaInvoker("f", qualifier="3"), "3").ok  # doctest: +SKIP
        True
    """
    event = smoke_event()
    outcome = invoker.invoke(event)
    if outcome.error is not None:
        kind = outcome.error.get("errorType", "error")
        message = str(outcome.error.get("errorMessage", ""))[:500]
        return SmokeResult(
            qualifier, problems=[f"{kind}: {message}"], duration_ms=outcome.duration_ms
        )
    scores, problems = check_smoke_payload(
        event, outcome.payload, expected=expected, check_answer=check_answer
    )
    return SmokeResult(qualifier, scores, problems, outcome.duration_ms)


class _LocalContext:
    """The parts of Lambda's context object a handler may read, for a local run."""

    function_name = "rftkit-smoke"
    function_version = "$LATEST"
    aws_request_id = "rftkit-smoke"
    memory_limit_in_mb = 512

    def __init__(self, timeout_s: float) -> None:
        self._deadline = time.monotonic() + timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def local_smoke_expectation(
    grader: Any, args: Mapping[str, Any] | None = None, *, timeout_s: float = 300
) -> list[dict[str, Any]] | None:
    """What the bundle's own handler returns for :func:`smoke_event`, run in this process.

    There is no expectation (None) in exactly two cases: no grader is given, or the grader
    declares IAM permissions (a grader that calls AWS, such as a model judge, is neither
    reproducible nor free to run locally). Anything else that goes wrong is an error: the
    deploy built its bundle from this same grader a moment ago, so a grader that no longer
    loads here is broken, not "untestable".

    Args:
        grader: the grader as it was given to the build (name, ``module:attr`` or
            ``file.py:attr``), or a :class:`~rftkit.rewards.types.GraderSpec`.
        args: the grader's arguments (with a name or path).
        timeout_s: the time budget the handler sees.

    Returns:
        The handler's answer, one result per rollout; None in the two cases above.

    Raises:
        RftkitError: the grader cannot be loaded (unknown name, bad arguments, a module that
            fails to import).
        DeployError: the handler's answer is not a list.

    Example:
        >>> local_smoke_expectation(None) is None
        True
    """
    if grader is None:
        return None
    from rftkit.harness.handler import make_handler
    from rftkit.rewards.registry import load_grader, load_spec
    from rftkit.rewards.types import GraderSpec

    if isinstance(grader, GraderSpec):
        bound = load_spec(grader)
    else:
        bound = load_grader(str(grader), **dict(args or {}))
    if bound.permissions:
        return None
    # The handler logs JSON lines to stdout by default; here they would mix with results.
    handler = make_handler(bound, log_sink=lambda line: None, emit_metrics=False)
    result = handler(smoke_event(), _LocalContext(timeout_s))
    if not isinstance(result, list):
        raise DeployError(
            f"the grader's handler answered the smoke event with {type(result).__name__} "
            "locally, not a list of results"
        )
    return result
