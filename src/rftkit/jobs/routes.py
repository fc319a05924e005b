"""Which API trains a model, and which reward Lambda a job invokes.

Two APIs start a reinforcement fine-tuning job on Amazon Bedrock (CONTRACT.md section 5):
open-weight models (``openai.gpt-oss-20b``, ``qwen.qwen3-32b``) use the OpenAI-compatible
endpoint (:mod:`rftkit.jobs.openai`), Nova models (``amazon.nova-*``) the native ``bedrock``
API (:mod:`rftkit.jobs.native`). This module routes a model to its API and checks or resolves
the grader Lambda's ARN, both without a request where none is needed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeAlias

from rftkit.errors import JobError, UsageError

__all__ = [
    "DEFAULT_REGIONS",
    "LAMBDA_ARN_PATTERN",
    "NATIVE_INFERENCE_PREFIXES",
    "NATIVE_MODEL_PREFIX",
    "OPEN_WEIGHT_MODELS",
    "GraderFunction",
    "Route",
    "check_lambda_arn",
    "choose_grader_function",
    "inference_route",
    "is_lambda_arn",
    "job_route",
    "resolve_grader_function",
    "route_for",
]

Route: TypeAlias = Literal["openai", "native"]
"""Which API starts a job for a model: the OpenAI-compatible endpoint or native ``bedrock``."""

OPEN_WEIGHT_MODELS: Final = ("openai.gpt-oss-20b", "qwen.qwen3-32b")
"""Open-weight models that train through the OpenAI-compatible endpoint."""

NATIVE_MODEL_PREFIX: Final = "amazon.nova-"
"""Model ids with this prefix train through the native ``bedrock`` API."""

DEFAULT_REGIONS: Final[Mapping[Route, str]] = {"openai": "us-west-2", "native": "us-east-1"}
"""The region each API offers RFT in (CONTRACT.md section 5), used when --region is absent."""

LAMBDA_ARN_PATTERN: Final = (
    r"arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}(-gov)?-[a-z]+-\d{1}:\d{12}:function:"
    r"[a-zA-Z0-9-_\.]+(:(\$LATEST|[a-zA-Z0-9-_]+))?"
)
"""The Lambda ARN pattern Bedrock accepts for a grader (CONTRACT.md section 3)."""

_LAMBDA_ARN_RE = re.compile(LAMBDA_ARN_PATTERN)
# A function name, optionally with a version or alias (what get_function accepts besides ARNs).
_FUNCTION_NAME_RE = re.compile(r"[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?")
_MAX_ARN = 512
# -- routing ---------------------------------------------------------------------------------


def route_for(model: str) -> Route:
    """Which API trains ``model``; unknown models are a usage error.

    Example:
        >>> route_for("openai.gpt-oss-20b"), route_for("amazon.nova-2-lite-v1:0:256k")
        ('openai', 'native')

    Raises:
        UsageError: the model is not one rftkit knows how to fine-tune with RFT.
    """
    if model in OPEN_WEIGHT_MODELS:
        return "openai"
    if model.startswith(NATIVE_MODEL_PREFIX) and len(model) > len(NATIVE_MODEL_PREFIX):
        return "native"
    known = [*OPEN_WEIGHT_MODELS, "amazon.nova-2-lite-v1:0:256k"]
    close = difflib.get_close_matches(model, known, n=2, cutoff=0.5)
    raise UsageError(
        f"unknown model {model!r}: RFT jobs support {', '.join(OPEN_WEIGHT_MODELS)} "
        "(OpenAI-compatible endpoint) and amazon.nova-* (native API)",
        hint=("did you mean: " + ", ".join(close) + "?") if close else None,
    )


def job_route(ident: str, *, native: bool = False) -> Route:
    """Which API runs an existing job: a model customization job ARN (or ``native``, for a
    Nova job given by name) is native, anything else (``ftjob-...``) OpenAI-compatible.

    Example:
        >>> job_route("ftjob-abc"), job_route(
        ...     "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/x")
        ('openai', 'native')
    """
    if ident.startswith("arn:") and ":model-customization-job/" in ident:
        return "native"
    if native:
        return "native"
    return "openai"


NATIVE_INFERENCE_PREFIXES: Final = (
    "amazon.",
    "us.amazon.",
    "eu.amazon.",
    "apac.amazon.",
    "global.amazon.",
)
"""Model ids (and inference profiles) that answer through the native Converse API."""


def inference_route(model: str) -> Route:
    """Which API answers a prompt to ``model``: Converse for ``amazon.*`` ids and Bedrock
    ARNs, the OpenAI-compatible endpoint for everything else (open-weight, fine-tuned ones).

    Example:
        >>> inference_route("amazon.nova-2-lite-v1:0"), inference_route("openai.gpt-oss-20b")
        ('native', 'openai')
    """
    if model.startswith(NATIVE_INFERENCE_PREFIXES) or model.startswith("arn:aws"):
        return "native"
    return "openai"


# -- the grader Lambda -------------------------------------------------------------------------


def is_lambda_arn(text: str) -> bool:
    """True when ``text`` is a Lambda function ARN that Bedrock accepts for a grader.

    Example:
        >>> is_lambda_arn("arn:aws:lambda:us-west-2:123456789012:function:gsm8k-reward")
        True
        >>> is_lambda_arn("arn:aws:lambda:us-west-2:123:function:x")
        False
    """
    return len(text) <= _MAX_ARN and _LAMBDA_ARN_RE.fullmatch(text) is not None


def check_lambda_arn(arn: str) -> str:
    """Return ``arn`` when it is a valid grader ARN, else raise a usage error naming the fault.

    Raises:
        UsageError: not a Lambda function ARN in the form Bedrock accepts.
    """
    if is_lambda_arn(arn):
        return arn
    raise UsageError(
        f"{arn!r} is not a Lambda function ARN Bedrock accepts",
        hint="expected arn:aws:lambda:<region>:<12-digit account>:function:<name>[:<alias>]",
    )


@dataclass(frozen=True, slots=True)
class GraderFunction:
    """The reward Lambda a job will invoke, and what the user should know about that choice.

    Attributes:
        arn: the ARN Bedrock gets (an alias ARN whenever one could be chosen).
        note: one line saying which ARN was chosen and why (None for an ARN used as given).
        warning: set when Bedrock would invoke ``$LATEST``: the code uploaded last, not the
            version ``rftkit deploy`` smoke-tested and moved the alias to.
    """

    arn: str
    note: str | None = None
    warning: str | None = None


def _latest_warning(what: str, alias: str) -> str:
    return (
        f"{what} invokes $LATEST, the code uploaded last, not the version `rftkit deploy` "
        f"smoke-tested and moved the alias to; give the alias ARN (...:{alias}) instead"
    )


def _qualifier(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[7] if len(parts) > 7 else None


def choose_grader_function(
    ref: str, *, region: str, alias: str = "live", lambda_client: Any = None
) -> GraderFunction:
    """Turn ``--grader-function`` (an ARN or a function name) into the ARN a job should use.

    An ARN is checked and used as given (a warning when it is unqualified or ``$LATEST``). A
    bare function name resolves to its ``alias`` (``live``, what ``rftkit deploy`` moves
    after a smoke test) when that alias exists, else to the function with a warning;
    ``name:qualifier`` is used as written.

    Raises:
        UsageError: a malformed ARN or name, a function that does not exist, no credentials.
        JobError: AWS refused the look-up for another reason.

    Example:
        >>> choose_grader_function(
        ...     "arn:aws:lambda:us-west-2:123456789012:function:f:live", region="us-west-2").arn
        'arn:aws:lambda:us-west-2:123456789012:function:f:live'
    """
    ref = ref.strip()
    if ref.startswith("arn:"):
        arn = check_lambda_arn(ref)
        qualifier = _qualifier(arn)
        if qualifier is None or qualifier == "$LATEST":
            form = "an unqualified function ARN" if qualifier is None else "a $LATEST ARN"
            return GraderFunction(arn, warning=_latest_warning(f"{form}", alias))
        return GraderFunction(arn)
    if not _FUNCTION_NAME_RE.fullmatch(ref):
        raise UsageError(
            f"{ref!r} is neither a Lambda function ARN nor a function name",
            hint="function names are 1-64 letters, digits, '-' or '_' (optionally :alias)",
        )
    if lambda_client is None:
        import boto3

        lambda_client = boto3.client("lambda", region_name=region)
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    name, _, qualifier = ref.partition(":")

    def call(op: str, **kwargs: str) -> dict[str, Any] | None:
        try:
            return dict(getattr(lambda_client, op)(**kwargs))
        except NoCredentialsError:
            raise UsageError(
                f"no AWS credentials to look up the Lambda function {ref!r}",
                hint="configure AWS credentials, or pass the function's full ARN",
            ) from None
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in {"ResourceNotFoundException", "404"}:
                return None
            raise JobError(f"looking up Lambda function {ref!r} failed: {exc}") from None
        except BotoCoreError as exc:
            raise JobError(f"looking up Lambda function {ref!r} failed: {exc}") from None

    kwargs: dict[str, str] = {"FunctionName": name}
    if qualifier:
        kwargs["Qualifier"] = qualifier
    response = call("get_function", **kwargs)
    if response is None:
        raise UsageError(
            f"no Lambda function named {ref!r} in {region}",
            hint="deploy it first (rftkit deploy), or pass the ARN; check --region",
        )
    arn = str(response.get("Configuration", {}).get("FunctionArn", ""))
    base = arn[: -len(":" + qualifier)] if qualifier and arn.endswith(":" + qualifier) else arn
    if qualifier:
        arn = check_lambda_arn(f"{base}:{qualifier}")
        if qualifier == "$LATEST":
            return GraderFunction(arn, warning=_latest_warning(f"{ref}", alias))
        return GraderFunction(arn, note=f"grader function: {arn}")
    got = call("get_alias", FunctionName=name, Name=alias)
    if got is not None:
        alias_arn = check_lambda_arn(str(got.get("AliasArn") or f"{base}:{alias}"))
        version = got.get("FunctionVersion")
        return GraderFunction(
            alias_arn,
            note=f"grader function: {alias_arn} (alias {alias} -> version {version}, the "
            "deployed and smoke-tested code)",
        )
    return GraderFunction(
        check_lambda_arn(base),
        note=f"grader function: {base} (it has no alias {alias!r})",
        warning=_latest_warning(f"function {name} has no alias {alias!r}, so the job", alias),
    )


def resolve_grader_function(
    ref: str, *, region: str, alias: str = "live", lambda_client: Any = None
) -> str:
    """The ARN of :func:`choose_grader_function` (without its note and warning).

    Example:
        >>> resolve_grader_function(
        ...     "arn:aws:lambda:us-west-2:123456789012:function:f", region="us-west-2")
        'arn:aws:lambda:us-west-2:123456789012:function:f'
    """
    return choose_grader_function(ref, region=region, alias=alias, lambda_client=lambda_client).arn
