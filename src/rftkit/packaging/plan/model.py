"""The deploy plan's data: the desired and observed states, and the actions that close the gap.

:class:`Desired` (the bundle's facts plus the deploy settings) and :class:`Observed` (what AWS
reported) go into :func:`rftkit.packaging.plan.plan`; :class:`Action` objects come out, with
:class:`Ref` placeholders for values known only while applying and :class:`ZipCode` for the
zip's bytes.
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
from rftkit.packaging.plan.policies import grader_policy_document

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
