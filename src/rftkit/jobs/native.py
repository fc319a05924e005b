"""RFT jobs for Nova models through the native ``bedrock`` API.

``create_model_customization_job`` with ``customizationType="REINFORCEMENT_FINE_TUNING"``: the
training data goes to S3 first, the service role reads it and invokes the reward Lambda, and
``customizationConfig.rftConfig`` names the Lambda and the hyperparameters (CONTRACT.md
section 5). Every field with a documented constraint (job and model names, role ARN, S3 URIs,
hyperparameter bounds) is checked here before any call, so botocore and the service never
see a request that they would refuse for its shape.

boto3 and botocore are imported inside the functions that call AWS.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from rftkit.errors import JobError, UsageError
from rftkit.harness.contract.content import content_text, is_reply_role
from rftkit.jobs.model import ChatMessage, JobInfo, JobSnapshot, file_facts
from rftkit.jobs.routes import check_lambda_arn, route_for

__all__ = [
    "NATIVE_HYPERPARAMETERS",
    "HyperBound",
    "NativeJobPlan",
    "aws_errors",
    "check_custom_model_name",
    "check_job_name",
    "check_native_hyperparameters",
    "check_role_arn",
    "converse",
    "execute_native_plan",
    "get_native_job",
    "list_native_jobs",
    "native_job_info",
    "native_poller",
    "open_weight_policies",
    "parse_s3_uri",
    "plan_native_job",
    "role_policies",
    "split_job_identifier",
    "stop_native_job",
]


@dataclass(frozen=True, slots=True)
class HyperBound:
    """One RFT hyperparameter of the native API and its service bounds.

    ``flag`` is the ``rftkit job create`` option that sets it.
    """

    wire: str
    flag: str
    kind: Literal["int", "float", "enum"]
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> str | None:
        """None when ``value`` is acceptable, else why not."""
        if self.kind == "enum":
            if value not in self.choices:
                return f"{self.flag} must be one of {', '.join(self.choices)}, got {value!r}"
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{self.flag} must be a number, got {value!r}"
        if self.kind == "int" and not isinstance(value, int):
            return f"{self.flag} must be a whole number, got {value!r}"
        if not math.isfinite(value):
            return f"{self.flag} must be finite, got {value!r}"
        low = self.minimum if self.minimum is not None else -math.inf
        high = self.maximum if self.maximum is not None else math.inf
        if not low <= value <= high:
            if self.maximum is None:
                return f"{self.flag} must be at least {self.minimum:g}, got {value:g}"
            return f"{self.flag} must be between {low:g} and {high:g}, got {value:g}"
        return None


NATIVE_HYPERPARAMETERS: Final[Mapping[str, HyperBound]] = {
    b.wire: b
    for b in (
        HyperBound("epochCount", "--epochs", "int", 1, 50),
        HyperBound("batchSize", "--batch-size", "int", 16, 512),
        HyperBound("learningRate", "--learning-rate", "float", 1e-7, 1e-3),
        HyperBound("maxPromptLength", "--max-prompt-length", "int", 1, None),
        HyperBound("trainingSamplePerPrompt", "--samples-per-prompt", "int", 2, 16),
        HyperBound("inferenceMaxTokens", "--inference-max-tokens", "int", 1, None),
        HyperBound(
            "reasoningEffort", "--reasoning-effort", "enum", choices=("low", "medium", "high")
        ),
        HyperBound("evalInterval", "--eval-interval", "int", 1, 100),
    )
}
"""RFTHyperParameters of the ``bedrock`` service model (2023-04-20), by wire name.
tests/unit/test_jobs_native.py checks this table against the installed botocore model."""


def check_native_hyperparameters(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check hyperparameters (wire names; None means unset) against the service bounds.

    Example:
        >>> check_native_hyperparameters({"epochCount": 2, "batchSize": None})
        {'epochCount': 2}

    Raises:
        UsageError: every out-of-bounds value, in one line.
    """
    out: dict[str, Any] = {}
    problems = []
    for name, value in values.items():
        if value is None:
            continue
        bound = NATIVE_HYPERPARAMETERS.get(name)
        if bound is None:
            problems.append(f"unknown hyperparameter {name!r}")
            continue
        problem = bound.check(value)
        if problem:
            problems.append(problem)
        else:
            out[name] = float(value) if bound.kind == "float" else value
    if problems:
        raise UsageError("hyperparameter out of bounds: " + "; ".join(problems))
    return out


# -- names and ARNs --------------------------------------------------------------------------

# The service patterns, rewritten without nested quantifiers: `[a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*`
# accepts exactly the strings below, and the original backtracks exponentially on near misses.
_JOB_NAME_RE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9+.-]{0,62}")
_ROLE_ARN_RE = re.compile(r"arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+")
_S3_URI_RE = re.compile(
    r"s3://[a-z0-9][-.a-z0-9]{1,61}[a-z0-9](?:/[-!_*'().a-z0-9A-Z]+(?:/[-!_*'().a-z0-9A-Z]+)*)?/?"
)
_KEY_CHAR_RE = re.compile(r"[^-!_*'().a-zA-Z0-9]")


def check_job_name(name: str) -> str:
    """Return ``name`` if Bedrock accepts it as a ``jobName`` (1-63 chars, starts alphanumeric).

    Example:
        >>> check_job_name("gsm8k-rft-1")
        'gsm8k-rft-1'

    Raises:
        UsageError: the name breaks the service's pattern or length.
    """
    if not _JOB_NAME_RE.fullmatch(name):
        raise UsageError(
            f"job name {name!r} is not valid",
            hint="1-63 characters: letters, digits, '+', '-', '.', starting with a letter or digit",
        )
    return name


def check_custom_model_name(name: str) -> str:
    """Return ``name`` if it is a valid ``customModelName`` (``([0-9a-zA-Z][_-]?){1,63}``).

    Example:
        >>> check_custom_model_name("gsm8k_nova-v1")
        'gsm8k_nova-v1'

    Raises:
        UsageError: the name breaks the service's pattern or length.
    """
    ok = 1 <= len(name) <= 63 and name[0].isascii() and name[0].isalnum()
    previous_sep = False
    for ch in name:
        if not ok:
            break
        if ch in "_-":
            ok = not previous_sep
            previous_sep = True
        else:
            ok = ch.isascii() and ch.isalnum()
            previous_sep = False
    if not ok:
        raise UsageError(
            f"custom model name {name!r} is not valid",
            hint="1-63 letters and digits, single '_' or '-' between them",
        )
    return name


def check_role_arn(arn: str) -> str:
    """Return ``arn`` if it is an IAM role ARN.

    Raises:
        UsageError: not an IAM role ARN.
    """
    if len(arn) <= 2048 and _ROLE_ARN_RE.fullmatch(arn):
        return arn
    raise UsageError(
        f"{arn!r} is not an IAM role ARN",
        hint="expected arn:aws:iam::<account>:role/<name>; "
        "rftkit job create --print-role-policy shows the policies it needs",
    )


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """Split ``s3://bucket/key/prefix`` into (bucket, key prefix without slashes at the ends).

    Example:
        >>> parse_s3_uri("s3://my-bucket/rft/runs/")
        ('my-bucket', 'rft/runs')

    Raises:
        UsageError: not an S3 URI Bedrock accepts.
    """
    if len(uri) > 1024 or not _S3_URI_RE.fullmatch(uri):
        raise UsageError(
            f"{uri!r} is not an S3 URI Bedrock accepts",
            hint="s3://<bucket>/<prefix>, with a lowercase bucket name; "
            "keys may use letters, digits and - ! _ * ' ( ) .",
        )
    rest = uri[len("s3://") :]
    bucket, _, prefix = rest.partition("/")
    return bucket, prefix.strip("/")


def _key_part(text: str) -> str:
    return _KEY_CHAR_RE.sub("-", text) or "file"


# -- the plan ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NativeJobPlan:
    """The uploads and the ``create_model_customization_job`` call of one Nova RFT job."""

    region: str
    model: str
    role_arn: str
    grader_arn: str
    job_name: str
    custom_model_name: str
    bucket: str
    prefix: str
    training_file: Path
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)
    validation_file: Path | None = None

    def _key(self, *parts: str) -> str:
        return "/".join(p for p in (self.prefix, _key_part(self.job_name), *parts) if p)

    @property
    def training_key(self) -> str:
        """The S3 key of the uploaded training file."""
        return self._key("data", _key_part(self.training_file.name))

    @property
    def validation_key(self) -> str | None:
        """The S3 key of the uploaded validation file, if any."""
        if self.validation_file is None:
            return None
        return self._key("data", "validation-" + _key_part(self.validation_file.name))

    @property
    def output_uri(self) -> str:
        """Where the service writes the job's output."""
        return f"s3://{self.bucket}/{self._key('output')}/"

    def uploads(self) -> list[tuple[Path, str]]:
        """(local file, S3 key) pairs to upload, training first."""
        out = [(self.training_file, self.training_key)]
        if self.validation_file is not None and self.validation_key is not None:
            out.append((self.validation_file, self.validation_key))
        return out

    def create_params(self) -> dict[str, Any]:
        """The exact keyword arguments of ``bedrock.create_model_customization_job``."""
        rft: dict[str, Any] = {"graderConfig": {"lambdaGrader": {"lambdaArn": self.grader_arn}}}
        if self.hyperparameters:
            rft["hyperParameters"] = dict(self.hyperparameters)
        params: dict[str, Any] = {
            "jobName": self.job_name,
            "customModelName": self.custom_model_name,
            "roleArn": self.role_arn,
            "baseModelIdentifier": self.model,
            "customizationType": "REINFORCEMENT_FINE_TUNING",
            "trainingDataConfig": {"s3Uri": f"s3://{self.bucket}/{self.training_key}"},
            "outputDataConfig": {"s3Uri": self.output_uri},
            "customizationConfig": {"rftConfig": rft},
        }
        if self.validation_key is not None:
            params["validationDataConfig"] = {
                "validators": [{"s3Uri": f"s3://{self.bucket}/{self.validation_key}"}]
            }
        # Same plan, same token: a retried create cannot start a second job.
        digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode())
        for path, _key in self.uploads():
            digest.update(path.read_bytes())
        params["clientRequestToken"] = digest.hexdigest()
        return params

    def requests(self) -> list[dict[str, Any]]:
        """Every call in order, JSON-ready (what ``--dry-run`` prints)."""
        out: list[dict[str, Any]] = [
            {
                "api": "s3.PutObject",
                "region": self.region,
                "params": {"Bucket": self.bucket, "Key": key},
                "file": file_facts(path),
            }
            for path, key in self.uploads()
        ]
        out.append(
            {
                "api": "bedrock.CreateModelCustomizationJob",
                "region": self.region,
                "params": self.create_params(),
            }
        )
        return out


def default_job_name(model: str, now: datetime | None = None) -> str:
    """``rftkit-<model family>-<UTC timestamp>``, valid as both job and model name.

    Example:
        >>> default_job_name("amazon.nova-2-lite-v1:0:256k", datetime(2025, 1, 2, 3, 4, 5))
        'rftkit-nova-2-lite-20250102-030405'
    """
    now = now or datetime.now(UTC)
    family = model.removeprefix("amazon.").split(":")[0]
    family = re.sub(r"-v\d+$", "", family)
    family = re.sub(r"[^a-zA-Z0-9]+", "-", family).strip("-")[:30] or "model"
    return f"rftkit-{family}-{now:%Y%m%d-%H%M%S}"


def plan_native_job(
    *,
    model: str,
    region: str,
    role_arn: str,
    grader_arn: str,
    s3_prefix: str,
    training_file: Path,
    hyperparameters: Mapping[str, Any] | None = None,
    job_name: str | None = None,
    custom_model_name: str | None = None,
    validation_file: Path | None = None,
) -> NativeJobPlan:
    """Check every input and build the plan of a Nova RFT job (no call is made).

    Raises:
        UsageError: a model for the other API, a bad name, ARN, URI or hyperparameter.
    """
    if route_for(model) != "native":
        raise UsageError(f"{model} trains through the OpenAI-compatible endpoint, not natively")
    check_role_arn(role_arn)
    check_lambda_arn(grader_arn)
    bucket, prefix = parse_s3_uri(s3_prefix)
    hyper = check_native_hyperparameters(hyperparameters or {})
    name = check_job_name(job_name or default_job_name(model))
    model_name = check_custom_model_name(
        custom_model_name or name.replace(".", "-").replace("+", "-")
    )
    for path in (training_file, validation_file):
        if path is not None and not path.is_file():
            raise UsageError(f"no such file: {path}")
    plan = NativeJobPlan(
        region, model, role_arn, grader_arn, name, model_name, bucket, prefix,
        training_file, hyper, validation_file,
    )  # fmt: skip
    for uri in [plan.output_uri, *(f"s3://{bucket}/{key}" for _p, key in plan.uploads())]:
        parse_s3_uri(uri)  # the derived keys must fit the service's pattern too
    return plan


# -- calling AWS -----------------------------------------------------------------------------------

_USER_FAULTS: Final = frozenset(
    {
        "ValidationException",
        "ResourceNotFoundException",
        "AccessDeniedException",
        "AccessDenied",
        "ConflictException",
        "ResourceInUseException",
        "TooManyTagsException",
        "NoSuchBucket",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "ExpiredTokenException",
        "ExpiredToken",
    }
)
_TRANSIENT: Final = frozenset(
    {"ThrottlingException", "InternalServerException", "ServiceUnavailableException", "SlowDown"}
)


@contextlib.contextmanager
def aws_errors(action: str) -> Iterator[None]:
    """Turn botocore exceptions in the block into rftkit errors.

    A request the caller can fix (validation, not found, access denied, expired credentials)
    is a :class:`UsageError`; anything else is a :class:`JobError`.
    """
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        yield
    except NoCredentialsError:
        raise UsageError(
            f"{action}: no AWS credentials",
            hint="configure them (aws configure, AWS_PROFILE, or aws sso login)",
        ) from None
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        message = str(error.get("Message", "")) or str(exc)
        hint = None
        if code in {"AccessDeniedException", "AccessDenied"}:
            hint = "see the policies the role and caller need: --print-role-policy"
        elif code.startswith("Expired"):
            hint = "your AWS session has expired: refresh your credentials"
        if code in _USER_FAULTS:
            raise UsageError(f"{action}: {code}: {message}", hint=hint) from None
        raise JobError(f"{action}: {code or 'error'}: {message}") from None
    except BotoCoreError as exc:
        raise JobError(f"{action}: {exc}") from None


def execute_native_plan(
    plan: NativeJobPlan,
    *,
    s3: Any,
    bedrock: Any,
    progress: Callable[[str], None] = lambda _msg: None,
) -> str:
    """Upload the data and create the job; returns the job ARN."""
    for path, key in plan.uploads():
        progress(f"uploading {path} to s3://{plan.bucket}/{key} ...")
        with aws_errors(f"uploading {path}"), path.open("rb") as fh:
            s3.put_object(Bucket=plan.bucket, Key=key, Body=fh)
    progress(f"creating the job {plan.job_name} for {plan.model} ...")
    with aws_errors("creating the model customization job"):
        response = bedrock.create_model_customization_job(**plan.create_params())
    return str(response["jobArn"])


_NATIVE_STATES: Final = {
    "InProgress": "running",
    "Completed": "succeeded",
    "Failed": "failed",
    "Stopping": "stopping",
    "Stopped": "cancelled",
}


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None


def native_job_info(job: Mapping[str, Any]) -> JobInfo:
    """Normalise a ``get_model_customization_job`` response or a list summary.

    Example:
        >>> native_job_info({"jobArn": "arn:j", "status": "Failed",
        ...                  "failureMessage": "Lambda timed out"}).error
        'Lambda timed out'
    """
    status = str(job.get("status", "unknown"))
    state = _NATIVE_STATES.get(status, "running")
    model = str(job.get("baseModelArn") or job.get("baseModelIdentifier") or "")
    if ":foundation-model/" in model:
        model = model.rsplit("/", 1)[1]
    output = job.get("outputModelArn") or job.get("customModelArn")
    raw = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in job.items()}
    raw.pop("ResponseMetadata", None)
    return JobInfo(
        id=str(job.get("jobArn", "")),
        route="native",
        model=model,
        status=status,
        state=state,
        fine_tuned_model=str(output) if output and state == "succeeded" else None,
        # moto (and perhaps the service) fills failureMessage on jobs that did not fail.
        error=str(job["failureMessage"])
        if state == "failed" and job.get("failureMessage")
        else None,
        created_at=_as_datetime(job.get("creationTime")),
        finished_at=_as_datetime(job.get("endTime"))
        if state in {"succeeded", "failed", "cancelled"}
        else None,
        raw=raw,
    )


def split_job_identifier(ident: str) -> tuple[str | None, str]:
    """(region, job name) from a job ARN; (None, ident) from a name.

    The name is what the calls use, so an ARN from another region is followed to its region.

    Example:
        >>> split_job_identifier(
        ...     "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/nova/abc123")
        ('us-east-1', 'nova/abc123')
    """
    if ident.startswith("arn:"):
        parts = ident.split(":", 5)
        if len(parts) == 6 and parts[5].startswith("model-customization-job/"):
            return parts[3] or None, parts[5].split("/", 1)[1]
        raise UsageError(f"{ident!r} is not a model customization job ARN")
    return None, ident


def get_native_job(bedrock: Any, ident: str) -> JobInfo:
    """Describe one job by name or ARN."""
    _region, name = split_job_identifier(ident)
    with aws_errors(f"describing job {ident}"):
        return native_job_info(
            _call_by_identifier(bedrock.get_model_customization_job, ident, name)
        )


def _call_by_identifier(call: Callable[..., Any], ident: str, name: str) -> Any:
    # The service takes a name or an ARN. Job ARNs of newer jobs end in an id, not the name,
    # so the ARN is what to send when we have one; the name is the fallback for endpoints
    # (moto) that cannot route an ARN in the path.
    from botocore.exceptions import ClientError

    if ident == name:
        return call(jobIdentifier=name)
    try:
        return call(jobIdentifier=ident)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code not in {"ResourceNotFoundException", "ValidationException"} or "/" in name:
            raise
        return call(jobIdentifier=name)


def stop_native_job(bedrock: Any, ident: str) -> JobInfo:
    """Stop a running job and describe it afterwards."""
    _region, name = split_job_identifier(ident)
    with aws_errors(f"stopping job {ident}"):
        _call_by_identifier(bedrock.stop_model_customization_job, ident, name)
    return get_native_job(bedrock, ident)


def list_native_jobs(bedrock: Any, *, limit: int = 20) -> list[JobInfo]:
    """The most recent RFT jobs of the account in the client's region, newest first."""
    out: list[JobInfo] = []
    token: str | None = None
    with aws_errors("listing model customization jobs"):
        while len(out) < limit:
            kwargs: dict[str, Any] = {
                "maxResults": 100,
                "sortBy": "CreationTime",
                "sortOrder": "Descending",
            }
            if token:
                kwargs["nextToken"] = token
            page = bedrock.list_model_customization_jobs(**kwargs)
            for summary in page.get("modelCustomizationJobSummaries", []):
                if summary.get("customizationType") in (None, "REINFORCEMENT_FINE_TUNING"):
                    out.append(native_job_info(summary))
            token = page.get("nextToken")
            if not token:
                break
    return out[:limit]


def native_poller(bedrock: Any, ident: str) -> Callable[[], JobSnapshot | None]:
    """A ``poll`` for :func:`rftkit.jobs.watch.watch_job` (status only: the native API has
    no event stream, so no reward curve)."""
    from botocore.exceptions import ClientError, EndpointConnectionError

    def poll() -> JobSnapshot | None:
        try:
            return JobSnapshot(get_native_job(bedrock, ident))
        except UsageError:
            raise
        except JobError as exc:
            cause = exc.__context__
            if isinstance(cause, EndpointConnectionError):
                return None
            if isinstance(cause, ClientError):
                code = cause.response.get("Error", {}).get("Code", "")
                if code in _TRANSIENT:
                    return None
            raise

    return poll


# -- IAM policies --------------------------------------------------------------------------------


def _account_of(*arns: str) -> str | None:
    for arn in arns:
        parts = arn.split(":")
        if len(parts) > 4 and re.fullmatch(r"\d{12}", parts[4]):
            return parts[4]
    return None


def _partition_of(arn: str) -> str:
    parts = arn.split(":")
    return parts[1] if len(parts) > 1 and parts[1].startswith("aws") else "aws"


def role_policies(
    *,
    region: str,
    s3_prefix: str | None,
    grader_arn: str,
    role_arn: str | None = None,
) -> dict[str, Any]:
    """The trust and permission policies of the Nova RFT service role (CONTRACT.md section 3).

    Unknown parts (no account in any ARN, no S3 prefix) appear as ``<PLACEHOLDERS>``.

    Example:
        >>> p = role_policies(region="us-east-1", s3_prefix="s3://my-bucket/rft",
        ...     grader_arn="arn:aws:lambda:us-east-1:123456789012:function:g")
        >>> p["trust_policy"]["Statement"][0]["Principal"]
        {'Service': 'bedrock.amazonaws.com'}
    """
    account = _account_of(*(a for a in (role_arn, grader_arn) if a)) or "<ACCOUNT_ID>"
    partition = _partition_of(role_arn or grader_arn)
    if s3_prefix:
        bucket, prefix = parse_s3_uri(s3_prefix)
    else:
        bucket, prefix = "<BUCKET>", "<PREFIX>"
    objects = (
        f"arn:{partition}:s3:::{bucket}/{prefix}/*"
        if prefix
        else f"arn:{partition}:s3:::{bucket}/*"
    )
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "bedrock.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account},
                    "ArnEquals": {
                        "aws:SourceArn": f"arn:{partition}:bedrock:{region}:{account}:"
                        "model-customization-job/*"
                    },
                },
            }
        ],
    }
    permissions = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadTrainingData",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [f"arn:{partition}:s3:::{bucket}", objects],
            },
            {
                "Sid": "WriteOutput",
                "Effect": "Allow",
                "Action": ["s3:PutObject"],
                "Resource": [objects],
            },
            {
                "Sid": "InvokeRewardFunction",
                "Effect": "Allow",
                "Action": ["lambda:InvokeFunction"],
                "Resource": [grader_arn],
            },
        ],
    }
    caller = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PassTheServiceRole",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": role_arn or f"arn:{partition}:iam::{account}:role/<ROLE_NAME>",
            }
        ],
    }
    return {"trust_policy": trust, "permission_policy": permissions, "caller_policy": caller}


def open_weight_policies(*, grader_arn: str) -> dict[str, Any]:
    """What the identity behind the API key needs for open-weight RFT (no service role).

    Example:
        >>> arn = "arn:aws:lambda:us-west-2:123456789012:function:g"
        >>> open_weight_policies(grader_arn=arn)["managed_policies"]
        ['AmazonBedrockMantleFullAccess']
    """
    return {
        "managed_policies": ["AmazonBedrockMantleFullAccess"],
        "permission_policy": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "InvokeRewardFunction",
                    "Effect": "Allow",
                    "Action": ["lambda:InvokeFunction"],
                    "Resource": [grader_arn],
                }
            ],
        },
    }


# -- inference on native models ----------------------------------------------------------------


def converse(
    runtime: Any,
    model: str,
    messages: Sequence[ChatMessage],
    *,
    max_tokens: int | None = None,
    temperature: float | None = None,
) -> str:
    """One ``bedrock-runtime converse`` call (Nova and custom-model ARNs); returns the text."""
    system = [
        {"text": content_text(m.get("content"))} for m in messages if m.get("role") == "system"
    ]
    turns = [
        {"role": "assistant" if is_reply_role(m.get("role")) else "user",
         "content": [{"text": content_text(m.get("content"))}]}
        for m in messages
        if m.get("role") != "system"
    ]  # fmt: skip
    kwargs: dict[str, Any] = {"modelId": model, "messages": turns}
    if system:
        kwargs["system"] = system
    config: dict[str, Any] = {}
    if max_tokens is not None:
        config["maxTokens"] = max_tokens
    if temperature is not None:
        config["temperature"] = temperature
    if config:
        kwargs["inferenceConfig"] = config
    with aws_errors(f"converse with {model}"):
        response = runtime.converse(**kwargs)
    blocks = response.get("output", {}).get("message", {}).get("content", [])
    return content_text(blocks)
