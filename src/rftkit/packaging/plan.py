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

Standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rftkit.errors import DeployError, UsageError

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

RUNTIMES: Mapping[str, str] = {"3.12": "python3.12", "3.13": "python3.13", "3.14": "python3.14"}
"""Target Python version -> Lambda runtime identifier."""

ARCHITECTURES = ("x86_64", "arm64")

BASIC_EXECUTION_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
"""The AWS managed policy earlier rftkit versions attached (logs on *every* log group). rftkit
now grants :data:`LOGS_POLICY_NAME` instead and detaches this from the roles it manages."""

LOGS_POLICY_NAME = "rftkit-logs"
"""The inline policy letting the function write its own log group, and nothing else."""

INLINE_POLICY_NAME = "rftkit-grader-permissions"
"""The inline policy on a role rftkit manages: the grader's declared IAM statements (or, for a
grader that declares only actions, those actions on every resource)."""

BUNDLE_MANIFEST = "rftkit_grader.json"
"""The build record at the root of a bundle (``rftkit.harness.runtime.BUNDLE_MANIFEST``; spelt
out here so planning imports nothing beyond the standard library and ``rftkit.errors``)."""

BEDROCK_PRINCIPAL = "bedrock.amazonaws.com"
BEDROCK_STATEMENT_ID = "rftkit-bedrock-invoke"
"""Statement id of the optional resource policy that lets Bedrock invoke the alias."""

MANAGED_TAG = "rftkit:managed"
"""Tag on every function and role rftkit creates; rftkit changes only resources carrying it."""

MAX_DIRECT_UPLOAD_BYTES = 50 * 1024 * 1024
"""Lambda's limit for a zip uploaded directly (larger ones must go through S3)."""

_FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_ALIAS_NAME = re.compile(r"[A-Za-z0-9_-]{1,128}")
_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}")
_ROLE_ARN = re.compile(r"arn:aws[a-zA-Z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}")


@dataclass(frozen=True, slots=True)
class Ref:
    """A value known only while applying: ``role_arn``, ``function_arn``, ``account``, ``version``.

    Example:
        >>> str(Ref("version"))
        '<version>'
    """

    name: str

    def __str__(self) -> str:
        return f"<{self.name}>"


@dataclass(frozen=True, slots=True)
class ZipCode:
    """The bundle's bytes, by reference: the executor reads ``path`` when it uploads.

    Example:
        >>> str(ZipCode(Path("dist/gsm8k.zip"), "abc=", 1024))
        'dist/gsm8k.zip (1024 bytes, CodeSha256 abc=)'
    """

    path: Path
    code_sha256: str
    size: int

    def __str__(self) -> str:
        return f"{self.path} ({self.size} bytes, CodeSha256 {self.code_sha256})"


@dataclass(frozen=True, slots=True)
class BundleFacts:
    """What the planner needs to know about a built bundle.

    Attributes:
        path: the zip file.
        code_sha256: base64 of the zip's SHA-256, Lambda's ``CodeSha256`` form.
        size: zip size in bytes.
        python: target Python version, ``"3.12"``, ``"3.13"`` or ``"3.14"``.
        arch: ``"x86_64"`` or ``"arm64"``.
        handler: the Lambda handler, ``module.function``.
        grader: the grader's name (for descriptions and tags).
        permissions: IAM actions the grader declared it needs (e.g. ``bedrock:InvokeModel``).
        iam_statements: the exact IAM policy statements the grader declared (e.g.
            ``bedrock:InvokeModel`` on one model's ARN), or None when it declared only
            :attr:`permissions`, which are then granted on every resource.

    Example:
        >>> import tempfile, zipfile
        >>> d = Path(tempfile.mkdtemp())
        >>> with zipfile.ZipFile(d / "b.zip", "w") as z:
        ...     z.writestr("h.py", "def handler(e, c): return []")
        >>> facts = BundleFacts.from_zip(d / "b.zip", handler="h.handler", grader="demo")
        >>> facts.runtime, len(facts.code_sha256)
        ('python3.12', 44)
    """

    path: Path
    code_sha256: str
    size: int
    python: str = "3.12"
    arch: str = "x86_64"
    handler: str = "rftkit.harness.lambda_entry.handler"
    grader: str = "grader"
    permissions: tuple[str, ...] = ()
    iam_statements: tuple[Mapping[str, Any], ...] | None = None

    @property
    def runtime(self) -> str:
        """The Lambda runtime identifier for :attr:`python`."""
        try:
            return RUNTIMES[self.python]
        except KeyError:
            raise UsageError(
                f"no Lambda runtime for Python {self.python}",
                hint="use one of " + ", ".join(RUNTIMES),
            ) from None

    @classmethod
    def from_zip(
        cls,
        path: Path | str,
        *,
        python: str | None = None,
        arch: str | None = None,
        handler: str | None = None,
        grader: str | None = None,
        permissions: Sequence[str] | None = None,
        iam_statements: Sequence[Mapping[str, Any]] | None = None,
    ) -> BundleFacts:
        """Read a zip from disk, compute its Lambda ``CodeSha256`` and read its build record.

        A bundle made by ``rftkit build`` carries its target, handler, grader name, declared
        permissions and IAM statements in ``rftkit_grader.json``; an argument given here wins
        over the record, and the defaults (Python 3.12, x86_64, rftkit's handler, no
        permissions) fill in what neither gives.

        Raises:
            DeployError: the zip holds a build record that is not valid.
        """
        p = Path(path)
        data = p.read_bytes()
        record = _read_manifest(p)
        spec = record.get("spec")
        recorded_grader = spec.get("name") if isinstance(spec, Mapping) else None
        if iam_statements is None and "iam_statements" in record:
            iam_statements = _statements_from(record["iam_statements"], p)
        if permissions is None:
            recorded = record.get("permissions", [])
            if not isinstance(recorded, list) or not all(isinstance(a, str) for a in recorded):
                raise DeployError(f"{p}: {BUNDLE_MANIFEST} has invalid permissions {recorded!r}")
            permissions = recorded
        return cls(
            path=p,
            code_sha256=base64.b64encode(hashlib.sha256(data).digest()).decode("ascii"),
            size=len(data),
            python=python or str(record.get("python") or "3.12"),
            arch=arch or str(record.get("arch") or "x86_64"),
            handler=handler or str(record.get("handler") or "rftkit.harness.lambda_entry.handler"),
            grader=grader or str(recorded_grader or "grader"),
            permissions=tuple(permissions),
            iam_statements=_freeze_statements(iam_statements),
        )

    @classmethod
    def from_result(cls, result: Any) -> BundleFacts:
        """Take the facts from a ``rftkit.packaging.bundle.BundleResult`` (duck-typed)."""
        spec = getattr(result, "spec", None)
        return cls(
            path=Path(result.path),
            code_sha256=str(result.code_sha256),
            size=int(result.size),
            python=str(result.python),
            arch=str(result.arch),
            handler=str(result.handler),
            grader=str(getattr(spec, "name", "grader")),
            permissions=tuple(result.permissions),
            iam_statements=_freeze_statements(getattr(result, "iam_statements", None)),
        )


def _read_manifest(path: Path) -> dict[str, Any]:
    """The build record of a bundle; empty for a zip without one (or a file that is no zip)."""
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                raw = zf.read(BUNDLE_MANIFEST)
            except KeyError:
                return {}
    except (zipfile.BadZipFile, OSError):
        return {}
    try:
        record = json.loads(raw)
    except ValueError as exc:
        raise DeployError(f"{path}: {BUNDLE_MANIFEST} is not valid JSON: {exc}") from None
    if not isinstance(record, dict):
        raise DeployError(f"{path}: {BUNDLE_MANIFEST} is not a JSON object")
    return record


def _statements_from(value: Any, path: Path) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(st, Mapping) for st in value):
        raise DeployError(
            f"{path}: {BUNDLE_MANIFEST} has invalid iam_statements (expected a list of objects)",
            hint="rebuild the bundle with `rftkit build`",
        )
    return value


def _freeze_statements(
    statements: Sequence[Mapping[str, Any]] | None,
) -> tuple[Mapping[str, Any], ...] | None:
    """A private copy of declared statements (a deep copy, so later changes cannot leak in)."""
    if statements is None:
        return None
    copied = json.loads(json.dumps([dict(st) for st in statements]))
    return tuple(copied)


def default_role_name(function_name: str) -> str:
    """The execution role rftkit creates for a function when no role is given.

    Role names are limited to 64 characters; long function names are shortened with a hash
    so two functions never share a role by accident.

    Example:
        >>> default_role_name("gsm8k-reward")
        'rftkit-gsm8k-reward'
    """
    name = f"rftkit-{function_name}"
    if len(name) <= 64:
        return name
    digest = hashlib.sha256(function_name.encode()).hexdigest()[:8]
    return f"{name[:55]}-{digest}"


@dataclass(frozen=True, slots=True)
class Desired:
    """The state a deploy should leave behind.

    Attributes:
        function_name: the Lambda function's name.
        bundle: the built bundle to run.
        role_arn: an existing execution role to use as is; None lets rftkit create and manage
            ``role_name``.
        role_name: the role rftkit manages when ``role_arn`` is None (default
            ``rftkit-<function_name>``).
        memory: memory in MB (128-10240).
        timeout: timeout in seconds (1-900).
        environment: environment variables of the function.
        tags: extra tags for what rftkit creates (rftkit adds its own).
        alias: the alias Bedrock should invoke; it moves to each new version.
        bedrock_resource_policy: add a resource policy letting bedrock.amazonaws.com invoke
            the alias (restricted to the function's own account).
        description: the function's description (a default names the grader).
        region: the function's region, to scope the log permissions (None: any region).
        account: the AWS account id, likewise (None: any account; the CLI reads it from STS).

    Example:
        >>> facts = BundleFacts(Path("b.zip"), "abc=", 10)
        >>> Desired("f", facts).effective_role_name
        'rftkit-f'
    """

    function_name: str
    bundle: BundleFacts
    role_arn: str | None = None
    role_name: str | None = None
    memory: int = 512
    timeout: int = 300
    environment: Mapping[str, str] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    alias: str = "live"
    bedrock_resource_policy: bool = False
    description: str | None = None
    region: str | None = None
    account: str | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Check names and limits Lambda and IAM would reject, before any call is made.

        Raises:
            UsageError: a value AWS would refuse.
        """
        if not _FUNCTION_NAME.fullmatch(self.function_name):
            raise UsageError(
                f"invalid function name {self.function_name!r}",
                hint="use 1-64 letters, digits, hyphens or underscores",
            )
        if not _ALIAS_NAME.fullmatch(self.alias) or self.alias.isdigit():
            raise UsageError(
                f"invalid alias name {self.alias!r}",
                hint="use letters, digits, hyphens or underscores, not only digits (e.g. live)",
            )
        if self.role_arn is not None and not _ROLE_ARN.fullmatch(self.role_arn):
            raise UsageError(
                f"invalid role ARN {self.role_arn!r}",
                hint="expected arn:aws:iam::<12-digit account>:role/<name>",
            )
        if self.role_name is not None and not _ROLE_NAME.fullmatch(self.role_name):
            raise UsageError(f"invalid role name {self.role_name!r}")
        if not 128 <= self.memory <= 10240:
            raise UsageError(f"memory {self.memory} MB is outside Lambda's 128-10240 MB")
        if not 1 <= self.timeout <= 900:
            raise UsageError(f"timeout {self.timeout} s is outside Lambda's 1-900 s")
        if self.bundle.arch not in ARCHITECTURES:
            raise UsageError(
                f"unknown architecture {self.bundle.arch!r}", hint="use x86_64 or arm64"
            )
        _ = self.bundle.runtime  # raises for an unknown Python version

    @property
    def effective_role_name(self) -> str:
        """The role rftkit manages (meaningful only when :attr:`role_arn` is None)."""
        return self.role_name or default_role_name(self.function_name)

    @property
    def effective_description(self) -> str:
        """The function description."""
        return self.description or f"rftkit reward function (grader {self.bundle.grader})"

    @property
    def all_tags(self) -> dict[str, str]:
        """User tags plus rftkit's own (which win, so the managed marker cannot be dropped)."""
        tags = dict(self.tags)
        tags[MANAGED_TAG] = "true"
        tags["rftkit:grader"] = self.bundle.grader[:256]
        return tags

    @property
    def permissions(self) -> tuple[str, ...]:
        """The grader's declared IAM actions, sorted and without duplicates."""
        return tuple(sorted(set(self.bundle.permissions)))

    @property
    def policy_document(self) -> dict[str, Any] | None:
        """The inline policy the grader's role needs, or None when it needs none.

        The grader's exact statements when it declared them (an empty list means none are
        needed); otherwise its declared actions on every resource.

        Example:
            >>> st = {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": ["arn:x"]}
            >>> facts = BundleFacts(Path("b.zip"), "a=", 1, iam_statements=(st,))
            >>> Desired("f", facts).policy_document["Statement"][0]["Resource"]
            ['arn:x']
        """
        statements = self.bundle.iam_statements
        if statements is not None:
            return grader_policy_document(self.permissions, statements) if statements else None
        return grader_policy_document(self.permissions) if self.permissions else None


@dataclass(frozen=True, slots=True)
class ObservedRole:
    """What IAM said about the role rftkit would manage.

    Attributes:
        arn: the role's ARN.
        trust_policy: its trust (assume-role) policy document.
        tags: its tags.
        attached_policy_arns: ARNs of managed policies attached to it.
        inline_policy: the document of rftkit's inline policy, or None when absent.
        logs_policy: the document of the :data:`LOGS_POLICY_NAME` inline policy, or None.
    """

    arn: str
    trust_policy: Mapping[str, Any] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    attached_policy_arns: frozenset[str] = frozenset()
    inline_policy: Mapping[str, Any] | None = None
    logs_policy: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Observed:
    """What AWS said before the deploy (reads only).

    Attributes:
        function: ``get_function(...)["Configuration"]`` of ``$LATEST``, or None when absent.
        function_tags: ``get_function(...)["Tags"]``.
        role: the managed role, or None when absent (always None with ``role_arn``).
        alias_version: the version the alias points to, or None when there is no alias.
        alias_config: the configuration of that version (``get_function_configuration``).
        alias_policy_statements: statements of the resource policy on the alias.
    """

    function: Mapping[str, Any] | None = None
    function_tags: Mapping[str, str] = field(default_factory=dict)
    role: ObservedRole | None = None
    alias_version: str | None = None
    alias_config: Mapping[str, Any] | None = None
    alias_policy_statements: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Output:
    """A value a call's result fills in for later actions: the :class:`Ref` named ``ref``.

    Attributes:
        ref: the placeholder's name, e.g. ``"role_arn"``.
        path: the keys that lead to the value in the call's result, e.g. ``("Role", "Arn")``.
        arn_field: when set, the value is this ``:``-separated field of the ARN found at
            ``path`` (field 4 is the account id).
        required: a result without the value is an error; otherwise nothing is stored.

    Example:
        >>> arn = "arn:aws:lambda:us-east-1:123456789012:function:f"
        >>> Output("account", ("FunctionArn",), arn_field=4).read({"FunctionArn": arn})
        '123456789012'
    """

    ref: str
    path: tuple[str, ...]
    arn_field: int | None = None
    required: bool = True

    def read(self, result: Mapping[str, Any]) -> str | None:
        """The value in ``result``; None when it is absent and not :attr:`required`.

        Raises:
            DeployError: a required value is absent.
        """
        value: Any = result
        for key in self.path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if value is None or value == "":
            if self.required:
                raise DeployError(f"internal: the answer has no {'.'.join(self.path)}")
            return None
        text = str(value)
        if self.arn_field is None:
            return text
        parts = text.split(":")
        if len(parts) <= self.arn_field:
            raise DeployError(f"internal: {text!r} is not an ARN")
        return parts[self.arn_field]


@dataclass(frozen=True, slots=True)
class Action:
    """One API call of a deploy, with everything the executor does around it.

    The executor is generic: it resolves the placeholders in :attr:`params`, makes the call,
    stores what :attr:`produces` names, and waits or verifies as the action says. Nothing in
    it depends on which call an action makes.

    Attributes:
        service: ``"iam"`` or ``"lambda"``.
        op: the boto3 method name, e.g. ``"update_function_code"``.
        params: its keyword arguments; may hold :class:`Ref` and :class:`ZipCode` values.
        summary: one line for people, e.g. ``"update code of gsm8k (abc= -> def=)"``.
        produces: the values the call's result fills in for later actions.
        wait_ready: after the call, poll the function ``params["FunctionName"]`` (at
            :attr:`qualifier`, when set) until it is Active and its last update Successful.
        qualifier: the version to wait for and to verify (usually ``Ref("version")``).
        verify: hand :attr:`qualifier` to the executor's verification (the smoke test)
            before any later action runs.
        done: a progress line once the call is done, formatted with the known values, e.g.
            ``"published version {version}"``.

    Example:
        >>> made = Output("version", ("Version",))
        >>> Action("lambda", "publish_version", {"FunctionName": "f"}, "publish", (made,)).op
        'publish_version'
    """

    service: str
    op: str
    params: Mapping[str, Any]
    summary: str
    produces: tuple[Output, ...] = ()
    wait_ready: bool = False
    qualifier: str | Ref | None = None
    verify: bool = False
    done: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (placeholders and zips rendered as text)."""
        return {
            "service": self.service,
            "op": self.op,
            "summary": self.summary,
            "params": {k: _render(v) for k, v in self.params.items()},
        }


def _render(value: Any) -> Any:
    if isinstance(value, Ref | ZipCode):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _render(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_render(v) for v in value]
    return value


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
