"""RFT jobs: route a model to its API, build the exact requests, run them, follow the job.

Two APIs start a reinforcement fine-tuning job on Amazon Bedrock (CONTRACT.md section 5):

* open-weight models (``openai.gpt-oss-20b``, ``qwen.qwen3-32b``) use the OpenAI-compatible
  endpoint ``https://bedrock-mantle.<region>.api.aws/v1``: upload the training file with
  ``purpose="fine-tune"``, then ``fine_tuning.jobs.create`` with the documented ``extra_body``
  ``method`` block naming the reward Lambda. This module owns that path.
* Nova models (``amazon.nova-*``) use the native ``bedrock`` API,
  ``create_model_customization_job`` with an ``rftConfig``: see :mod:`rftkit.packaging.jobs_native`.

Everything that can be checked without AWS (the model, the Lambda ARN, hyperparameter bounds,
an expired token) is checked before any request, so a bad flag never costs an upload. Request
bodies are built by pure functions (``plan_*``) so ``--dry-run`` prints exactly what would be
sent, and the executors take injected clients so tests point them at loopback servers.

The openai package is imported lazily (it takes about a second to import).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import difflib
import hashlib
import html
import itertools
import math
import os
import re
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias
from urllib.parse import parse_qs, urlsplit

from rftkit.errors import JobError, RftkitError, UsageError

if TYPE_CHECKING:
    from openai import OpenAI


__all__ = [
    "DEFAULT_REGIONS",
    "LAMBDA_ARN_PATTERN",
    "OPEN_WEIGHT_MODELS",
    "Answer",
    "ApiKey",
    "EventCursor",
    "GraderFunction",
    "JobEvent",
    "JobInfo",
    "JobSnapshot",
    "MetricCurve",
    "OpenAIHyperparameters",
    "OpenAIJobPlan",
    "OpenAISession",
    "Route",
    "answer_events",
    "ask_model",
    "bedrock_token_expiry",
    "chat_openai",
    "check_lambda_arn",
    "choose_grader_function",
    "execute_openai_plan",
    "is_lambda_arn",
    "load_eval_records",
    "mantle_base_url",
    "open_client",
    "openai_errors",
    "openai_job_info",
    "plan_openai_job",
    "prompt_messages",
    "resolve_api_key",
    "resolve_base_url",
    "resolve_grader_function",
    "route_for",
    "watch_job",
]

Route: TypeAlias = Literal["openai", "native"]
"""Which API starts a job for a model: the OpenAI-compatible endpoint or native ``bedrock``."""

OPEN_WEIGHT_MODELS: Final = ("openai.gpt-oss-20b", "qwen.qwen3-32b")
"""Open-weight models that train through the OpenAI-compatible endpoint."""

NATIVE_MODEL_PREFIX: Final = "amazon.nova-"
"""Model ids with this prefix train through the native ``bedrock`` API."""

DEFAULT_REGIONS: Final[Mapping[Route, str]] = {"openai": "us-west-2", "native": "us-east-1"}
"""The region each API offers RFT in (CONTRACT.md section 5), used when --region is absent."""

BASE_URL_ENV: Final = "RFTKIT_OPENAI_BASE_URL"
"""Environment variable that overrides the endpoint (tests, proxies). ``OPENAI_BASE_URL`` is
deliberately not read: it usually points at api.openai.com, and following it would upload a
training set to a different provider."""

LAMBDA_ARN_PATTERN: Final = (
    r"arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}(-gov)?-[a-z]+-\d{1}:\d{12}:function:"
    r"[a-zA-Z0-9-_\.]+(:(\$LATEST|[a-zA-Z0-9-_]+))?"
)
"""The Lambda ARN pattern Bedrock accepts for a grader (CONTRACT.md section 3)."""

_LAMBDA_ARN_RE = re.compile(LAMBDA_ARN_PATTERN)
# A function name, optionally with a version or alias (what get_function accepts besides ARNs).
_FUNCTION_NAME_RE = re.compile(r"[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?")
_MAX_ARN = 512

TERMINAL_STATES: Final = frozenset({"succeeded", "failed", "cancelled"})
"""Normalised job states after which nothing changes."""

REWARD_METRIC: Final = "critic_rewards_mean"
"""The metric the reward curve plots by default."""


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


def _arn_region(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 and parts[0] == "arn" else None


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


# -- hyperparameters of the OpenAI-compatible path ---------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenAIHyperparameters:
    """The three hyperparameters documented for open-weight RFT; None leaves the default.

    No service bounds are documented for them, so only what cannot be valid is refused
    (zero or negative values, non-integer counts, NaN).

    Example:
        >>> OpenAIHyperparameters(n_epochs=1, batch_size=4).to_wire()
        {'n_epochs': 1, 'batch_size': 4}
    """

    n_epochs: int | None = None
    batch_size: int | None = None
    learning_rate_multiplier: float | None = None

    def check(self) -> OpenAIHyperparameters:
        """Return self when every value is usable.

        Raises:
            UsageError: a value that no service could accept.
        """
        problems = []
        for name in ("n_epochs", "batch_size"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 1
            ):
                problems.append(f"{name} must be a whole number >= 1, got {value!r}")
        lr = self.learning_rate_multiplier
        if lr is not None and (
            isinstance(lr, bool)
            or not isinstance(lr, int | float)
            or not math.isfinite(lr)
            or lr <= 0
        ):
            problems.append(f"learning_rate_multiplier must be a finite number > 0, got {lr!r}")
        if problems:
            raise UsageError("hyperparameter out of bounds: " + "; ".join(problems))
        return self

    def to_wire(self) -> dict[str, int | float]:
        """The ``hyperparameters`` object, without unset values."""
        out: dict[str, int | float] = {}
        if self.n_epochs is not None:
            out["n_epochs"] = self.n_epochs
        if self.batch_size is not None:
            out["batch_size"] = self.batch_size
        if self.learning_rate_multiplier is not None:
            out["learning_rate_multiplier"] = float(self.learning_rate_multiplier)
        return out


# -- API keys ----------------------------------------------------------------------------------

_TOKEN_PREFIX: Final = "bedrock-api-key-"  # noqa: S105 (a format prefix, not a secret)
_MAX_TOKEN = 8192


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A bearer key for the OpenAI-compatible endpoint and where it came from.

    ``expires_at`` is known for short-term Bedrock tokens (they carry their own expiry);
    ``warnings`` are things worth telling the user that do not stop the request.
    """

    value: str = field(repr=False)
    source: str
    expires_at: datetime | None = None
    region: str | None = None
    warnings: tuple[str, ...] = ()

    def expired(self, now: datetime | None = None, *, margin: timedelta = timedelta()) -> bool:
        """True when the key's known expiry is within ``margin`` of ``now``."""
        if self.expires_at is None:
            return False
        return (now or datetime.now(UTC)) + margin >= self.expires_at


def bedrock_token_expiry(token: str) -> tuple[datetime, str | None] | None:
    """When a short-term Bedrock API token expires, and the region it was signed for.

    Short-term tokens are ``bedrock-api-key-`` + base64 of a SigV4-presigned URL; the URL's
    ``X-Amz-Date`` plus ``X-Amz-Expires`` is the expiry. Anything else (a long-term key, a
    malformed token) gives None: the endpoint will judge it.

    Example:
        >>> bedrock_token_expiry("not-a-token") is None
        True
    """
    if not token.startswith(_TOKEN_PREFIX) or len(token) > _MAX_TOKEN:
        return None
    try:
        url = base64.b64decode(token[len(_TOKEN_PREFIX) :], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    query = parse_qs(urlsplit("https://" + url).query)
    try:
        signed = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        lifetime = int(query["X-Amz-Expires"][0])
    except (KeyError, IndexError, ValueError):
        return None
    region = None
    credential = query.get("X-Amz-Credential", [""])[0].split("/")
    if len(credential) >= 3:
        region = credential[2]
    return signed + timedelta(seconds=lifetime), region


def resolve_api_key(
    region: str,
    *,
    env: Mapping[str, str] | None = None,
    now: datetime | None = None,
    provide_token: Callable[..., str] | None = None,
) -> ApiKey:
    """Find the API key: ``OPENAI_API_KEY`` when set, else a fresh short-term token.

    The fresh token comes from ``aws_bedrock_token_generator.provide_token(region=...)``
    (signed locally with the default AWS credential chain, valid 12 hours).

    Example:
        >>> resolve_api_key("us-west-2", env={"OPENAI_API_KEY": "abc"}).source
        'OPENAI_API_KEY'

    Raises:
        UsageError: an expired token, an OpenAI platform key, or no way to get a key.
    """
    env = os.environ if env is None else env
    now = now or datetime.now(UTC)
    explicit = env.get("OPENAI_API_KEY", "").strip()
    if explicit:
        if explicit.startswith("sk-"):
            raise UsageError(
                "OPENAI_API_KEY holds an OpenAI platform key (sk-...), not a Bedrock API key",
                hint="unset OPENAI_API_KEY to use a token from your AWS credentials, "
                "or set it to a Bedrock API key",
            )
        info = bedrock_token_expiry(explicit)
        if info is None:
            return ApiKey(explicit, "OPENAI_API_KEY")
        expires, token_region = info
        if now >= expires:
            raise UsageError(
                f"the Bedrock API token in OPENAI_API_KEY expired at {expires:%Y-%m-%d %H:%M} UTC",
                hint="generate a new one, or unset OPENAI_API_KEY to let rftkit make one "
                "from your AWS credentials",
            )
        warnings: tuple[str, ...] = ()
        if token_region and token_region != region:
            warnings = (
                f"the token in OPENAI_API_KEY was signed for {token_region}, "
                f"the endpoint is in {region}",
            )
        return ApiKey(explicit, "OPENAI_API_KEY", expires, token_region, warnings)
    if provide_token is None:
        from aws_bedrock_token_generator import provide_token as _provide

        provide_token = _provide
    try:
        token = provide_token(region=region)
    except (RuntimeError, ValueError) as exc:
        raise UsageError(
            f"no API key for the Bedrock endpoint: {exc}",
            hint="configure AWS credentials (aws configure, AWS_PROFILE) or set "
            "OPENAI_API_KEY to a Bedrock API key",
        ) from None
    except Exception as exc:  # botocore credential-chain failures have no common base
        raise UsageError(
            f"no API key for the Bedrock endpoint: {type(exc).__name__}: {exc}",
            hint="check your AWS credentials (an expired SSO session needs aws sso login)",
        ) from None
    info = bedrock_token_expiry(token)
    return ApiKey(token, "aws_bedrock_token_generator", info[0] if info else None, region)


def mantle_base_url(region: str) -> str:
    """The OpenAI-compatible endpoint of Bedrock in ``region``.

    Example:
        >>> mantle_base_url("us-west-2")
        'https://bedrock-mantle.us-west-2.api.aws/v1'
    """
    if not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", region):
        raise UsageError(f"{region!r} is not an AWS region name", hint="e.g. --region us-west-2")
    return f"https://bedrock-mantle.{region}.api.aws/v1"


def resolve_base_url(
    region: str, base_url: str | None = None, env: Mapping[str, str] | None = None
) -> str:
    """``--base-url``, else ``$RFTKIT_OPENAI_BASE_URL``, else the Bedrock endpoint of ``region``.

    Example:
        >>> resolve_base_url("us-west-2", "http://127.0.0.1:8000/v1/")
        'http://127.0.0.1:8000/v1'
    """
    env = os.environ if env is None else env
    chosen = base_url or env.get(BASE_URL_ENV) or mantle_base_url(region)
    if not chosen.startswith(("https://", "http://")):
        raise UsageError(f"base URL {chosen!r} must start with https:// or http://")
    return chosen.rstrip("/")


def open_client(
    base_url: str, api_key: ApiKey, *, max_retries: int = 2, timeout: float = 60.0
) -> OpenAI:
    """An ``openai.OpenAI`` client for the endpoint (imports openai on first use)."""
    from openai import OpenAI

    return OpenAI(
        api_key=api_key.value, base_url=base_url, max_retries=max_retries, timeout=timeout
    )


class OpenAISession:
    """A client for the endpoint that renews a generated token before it expires.

    A key from ``OPENAI_API_KEY`` is used as given; a token made from AWS credentials is
    made again when less than ``margin`` of its life is left (a watch can outlive 12 hours).
    """

    def __init__(
        self,
        region: str,
        base_url: str,
        *,
        api_key: ApiKey | None = None,
        max_retries: int = 2,
        timeout: float = 60.0,
        margin: timedelta = timedelta(minutes=10),
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.region = region
        self.base_url = base_url
        self.max_retries = max_retries
        self.timeout = timeout
        self.margin = margin
        self._env = env
        self.api_key = api_key or resolve_api_key(region, env=env)
        self._client: OpenAI | None = None

    def client(self) -> OpenAI:
        """The client, rebuilt with a fresh token when the generated one nears expiry."""
        key = self.api_key
        if key.source == "aws_bedrock_token_generator" and key.expired(margin=self.margin):
            self.api_key = resolve_api_key(self.region, env=self._env)
            self._client = None
        if self._client is None:
            self._client = open_client(
                self.base_url, self.api_key, max_retries=self.max_retries, timeout=self.timeout
            )
        return self._client


def _status_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, Mapping):
        err = body.get("error", body)
        if isinstance(err, Mapping) and isinstance(err.get("message"), str):
            return str(err["message"])
        if isinstance(body.get("message"), str):
            return str(body["message"])
    return str(getattr(exc, "message", "") or exc)


@contextlib.contextmanager
def openai_errors(action: str, *, api_key: ApiKey | None = None) -> Iterator[None]:
    """Turn openai exceptions raised in the block into rftkit errors with a hint.

    401/403/404/400/422 are the user's to fix (:class:`UsageError`, exit 2); connection
    failures, throttling and server errors are :class:`JobError` (exit 1).
    """
    import openai

    try:
        yield
    except openai.AuthenticationError as exc:
        expired = api_key is not None and api_key.expired()
        raise UsageError(
            f"{action}: the endpoint rejected the API key (401: {_status_message(exc)})",
            hint=(
                "the token has expired: generate a new one"
                if expired
                else "the token may be expired, for another region, or not a Bedrock API key; "
                "unset OPENAI_API_KEY to use your AWS credentials"
            ),
        ) from None
    except openai.PermissionDeniedError as exc:
        raise UsageError(
            f"{action}: permission denied (403: {_status_message(exc)})",
            hint="the identity needs AmazonBedrockMantleFullAccess and lambda:InvokeFunction "
            "on the reward function (rftkit job create --print-role-policy)",
        ) from None
    except openai.NotFoundError as exc:
        raise UsageError(f"{action}: not found (404: {_status_message(exc)})") from None
    except (openai.BadRequestError, openai.UnprocessableEntityError, openai.ConflictError) as exc:
        raise UsageError(
            f"{action}: the endpoint refused the request "
            f"({exc.status_code}: {_status_message(exc)})"
        ) from None
    except openai.APIConnectionError as exc:
        raise JobError(
            f"{action}: cannot reach the endpoint ({exc.message})",
            hint="check the network, the region and --base-url",
        ) from None
    except openai.APIStatusError as exc:
        raise JobError(f"{action}: {exc.status_code}: {_status_message(exc)}") from None
    except openai.OpenAIError as exc:
        raise JobError(f"{action}: {exc}") from None


def _is_transient(exc: BaseException) -> bool:
    import openai

    return isinstance(
        exc, openai.APIConnectionError | openai.RateLimitError | openai.InternalServerError
    )


# -- creating a job on the OpenAI-compatible endpoint ------------------------------------------


def _file_facts(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {"path": str(path), "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


TRAINING_PLACEHOLDER: Final = "<id of the uploaded training file>"
VALIDATION_PLACEHOLDER: Final = "<id of the uploaded validation file>"


@dataclass(frozen=True, slots=True)
class OpenAIJobPlan:
    """Everything ``job create`` will send to the OpenAI-compatible endpoint, in order.

    ``job_body`` is the JSON body of ``POST /fine_tuning/jobs``, with ``training_file`` (and
    ``validation_file``) holding placeholders until the uploads return their ids.
    """

    base_url: str
    model: str
    training_file: Path
    grader_arn: str
    hyperparameters: OpenAIHyperparameters
    validation_file: Path | None = None

    def method(self) -> dict[str, Any]:
        """The documented ``method`` block: reinforcement with a Lambda grader."""
        reinforcement: dict[str, Any] = {
            "grader": {"type": "lambda", "lambda": {"function": self.grader_arn}}
        }
        hyper = self.hyperparameters.to_wire()
        if hyper:
            reinforcement["hyperparameters"] = hyper
        return {"type": "reinforcement", "reinforcement": reinforcement}

    def job_body(
        self, training_file_id: str, validation_file_id: str | None = None
    ) -> dict[str, Any]:
        """The exact JSON body of the create-job request."""
        body: dict[str, Any] = {"model": self.model, "training_file": training_file_id}
        if validation_file_id is not None:
            body["validation_file"] = validation_file_id
        body["method"] = self.method()
        return body

    def requests(self) -> list[dict[str, Any]]:
        """The requests in order, as JSON-ready dicts (what ``--dry-run`` prints)."""
        out: list[dict[str, Any]] = []
        uploads = [self.training_file]
        if self.validation_file is not None:
            uploads.append(self.validation_file)
        for path in uploads:
            out.append(
                {
                    "method": "POST",
                    "url": f"{self.base_url}/files",
                    "multipart": {"purpose": "fine-tune", "file": _file_facts(path)},
                }
            )
        out.append(
            {
                "method": "POST",
                "url": f"{self.base_url}/fine_tuning/jobs",
                "json": self.job_body(
                    TRAINING_PLACEHOLDER,
                    VALIDATION_PLACEHOLDER if self.validation_file else None,
                ),
            }
        )
        return out


def plan_openai_job(
    *,
    model: str,
    training_file: Path,
    grader_arn: str,
    hyperparameters: OpenAIHyperparameters | None = None,
    base_url: str,
    validation_file: Path | None = None,
) -> OpenAIJobPlan:
    """Check the inputs and build the plan of an open-weight RFT job (no request is sent).

    Example:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "train.jsonl"; _ = f.write_text("{}\\n")
        >>> plan = plan_openai_job(model="openai.gpt-oss-20b", training_file=f,
        ...     grader_arn="arn:aws:lambda:us-west-2:123456789012:function:g",
        ...     base_url="https://bedrock-mantle.us-west-2.api.aws/v1")
        >>> plan.method()["reinforcement"]["grader"]["type"]
        'lambda'

    Raises:
        UsageError: a model for another API, a bad ARN or hyperparameter, a missing file.
    """
    if route_for(model) != "openai":
        raise UsageError(f"{model} trains through the native API, not the OpenAI-compatible one")
    check_lambda_arn(grader_arn)
    hyper = (hyperparameters or OpenAIHyperparameters()).check()
    for path in (training_file, validation_file):
        if path is not None and not path.is_file():
            raise UsageError(f"no such file: {path}")
    return OpenAIJobPlan(base_url, model, training_file, grader_arn, hyper, validation_file)


@dataclass(frozen=True, slots=True)
class CreatedJob:
    """What ``job create`` produced: the job id and the uploaded file ids."""

    job_id: str
    status: str
    training_file_id: str
    validation_file_id: str | None = None


def execute_openai_plan(
    plan: OpenAIJobPlan,
    client: OpenAI,
    *,
    api_key: ApiKey | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
) -> CreatedJob:
    """Upload the file(s) and create the job with the documented ``extra_body`` method."""
    with openai_errors("uploading the training file", api_key=api_key):
        progress(f"uploading {plan.training_file} ...")
        with plan.training_file.open("rb") as fh:
            training = client.files.create(file=fh, purpose="fine-tune")
        validation_id = None
        if plan.validation_file is not None:
            progress(f"uploading {plan.validation_file} ...")
            with plan.validation_file.open("rb") as fh:
                validation_id = client.files.create(file=fh, purpose="fine-tune").id
    progress(f"creating the job for {plan.model} ...")
    extra: dict[str, Any] = {}
    if validation_id is not None:
        extra["validation_file"] = validation_id
    with openai_errors("creating the fine-tuning job", api_key=api_key):
        job = client.fine_tuning.jobs.create(
            model=plan.model,
            training_file=training.id,
            extra_body={"method": plan.method()},
            **extra,
        )
    return CreatedJob(job.id, str(job.status), training.id, validation_id)


# -- following a job -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobInfo:
    """One job, whichever API runs it, with a normalised ``state``.

    ``state`` is one of ``pending``, ``running``, ``succeeded``, ``failed``, ``cancelled``,
    ``stopping``; ``status`` keeps the API's own word. ``raw`` is the full JSON-ready record.
    """

    id: str
    route: Route
    model: str
    status: str
    state: str
    fine_tuned_model: str | None = None
    error: str | None = None
    created_at: datetime | None = None
    finished_at: datetime | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        """True once the job can no longer change."""
        return self.state in TERMINAL_STATES

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (``--json`` output)."""
        return {
            "id": self.id,
            "api": "openai-compatible" if self.route == "openai" else "native",
            "model": self.model,
            "status": self.status,
            "state": self.state,
            "fine_tuned_model": self.fine_tuned_model,
            "error": self.error,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


_OPENAI_STATES: Final = {
    "validating_files": "pending",
    "queued": "pending",
    "running": "running",
    "succeeded": "succeeded",
    "failed": "failed",
    "cancelled": "cancelled",
}


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def openai_job_info(job: Any) -> JobInfo:
    """Normalise an ``openai`` FineTuningJob (or its dict form).

    Example:
        >>> openai_job_info({"id": "ftjob-1", "model": "m", "status": "queued"}).state
        'pending'
    """
    raw = job if isinstance(job, Mapping) else job.model_dump(mode="json", warnings=False)
    status = str(raw.get("status") or "unknown")
    error = raw.get("error")
    message = None
    if isinstance(error, Mapping) and error.get("message"):
        message = str(error["message"])
        if error.get("code"):
            message = f"{message} ({error['code']})"
    return JobInfo(
        id=str(raw.get("id", "")),
        route="openai",
        model=str(raw.get("model", "")),
        status=status,
        state=_OPENAI_STATES.get(status, "running"),
        fine_tuned_model=raw.get("fine_tuned_model") or None,
        error=message,
        created_at=_timestamp(raw.get("created_at")),
        finished_at=_timestamp(raw.get("finished_at")),
        raw=dict(raw),
    )


@dataclass(frozen=True, slots=True)
class JobEvent:
    """One event of a job: a message, or a metrics record (``data`` holds the numbers)."""

    id: str
    created_at: int
    level: str
    message: str
    type: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_api(cls, event: Any) -> JobEvent:
        """From an ``openai`` FineTuningJobEvent or its dict form."""
        raw = event if isinstance(event, Mapping) else event.model_dump(mode="json", warnings=False)
        data = raw.get("data")
        created = raw.get("created_at")
        return cls(
            id=str(raw.get("id", "")),
            created_at=int(created) if isinstance(created, int | float) else 0,
            level=str(raw.get("level") or "info"),
            message=str(raw.get("message") or ""),
            type=raw.get("type"),
            data=dict(data) if isinstance(data, Mapping) else {},
        )

    def metric(self, name: str) -> float | None:
        """A finite number from ``data`` (numeric strings accepted), else None."""
        value = self.data.get(name)
        if isinstance(value, str) and len(value) < 64:
            try:
                value = float(value)
            except ValueError:
                return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        value = float(value)
        return value if math.isfinite(value) else None

    @property
    def step(self) -> int | None:
        """The training step of a metrics event."""
        value = self.metric("step")
        return int(value) if value is not None else None

    @property
    def is_metrics(self) -> bool:
        """True for metrics records (by type, or by carrying a step and a number)."""
        return self.type == "metrics" or (self.step is not None and len(self.data) > 1)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "created_at": self.created_at,
            "level": self.level,
            "message": self.message,
            "type": self.type,
            "data": dict(self.data),
        }


PageFetcher: TypeAlias = Callable[[str | None], tuple[list[JobEvent], bool]]
"""``fetch(after) -> (events, has_more)``: one page of a job's events."""


class EventCursor:
    """Reads a job's events incrementally, paginating with ``after``.

    OpenAI lists events newest first, and ``after`` pages towards older ones; a server that
    lists oldest first is detected from the timestamps and then resumed from the newest id.
    Either way :meth:`poll` returns only events not returned before, oldest first.

    Example:
        >>> page = [JobEvent("e2", 2, "info", "b"), JobEvent("e1", 1, "info", "a")]
        >>> [e.id for e in EventCursor(lambda after: (page, False)).poll()]
        ['e1', 'e2']
    """

    def __init__(self, fetch: PageFetcher, *, max_pages: int = 1000) -> None:
        self.fetch = fetch
        self._max_pages = max_pages
        self._seen: set[str] = set()
        self._order: Literal["asc", "desc"] | None = None
        self._newest: str | None = None

    def _learn_order(self, listing: Sequence[JobEvent]) -> None:
        if self._order is not None or len(listing) < 2:
            return
        first, last = listing[0], listing[-1]
        first_key = (first.created_at, first.step or 0)
        last_key = (last.created_at, last.step or 0)
        if first_key > last_key:
            self._order = "desc"
        elif first_key < last_key:
            self._order = "asc"

    def poll(self) -> list[JobEvent]:
        """Events that appeared since the last call, oldest first."""
        order = self._order
        after = self._newest if order == "asc" else None
        fresh: list[JobEvent] = []
        listing: list[JobEvent] = []
        for _ in range(self._max_pages):
            events, has_more = self.fetch(after)
            listing.extend(events)
            new = [e for e in events if e.id not in self._seen]
            self._seen.update(e.id for e in new)
            fresh.extend(new)
            if not events or not has_more:
                break
            # Newest first: once a page reaches known events, the rest is older and known.
            # With the order still unknown every page is read, since stopping could miss some.
            if order == "desc" and len(new) < len(events):
                break
            after = events[-1].id
        self._learn_order(listing)
        if listing and self._order != "desc":
            self._newest = listing[-1].id  # where an ascending listing resumes
        if (order or self._order) != "asc":
            fresh.reverse()
        fresh.sort(key=lambda e: e.created_at)  # stable: keeps the listing order on ties
        return fresh


def openai_event_pages(client: OpenAI, job_id: str, *, limit: int = 100) -> PageFetcher:
    """A :data:`PageFetcher` over ``fine_tuning.jobs.list_events``."""
    from openai import omit

    def fetch(after: str | None) -> tuple[list[JobEvent], bool]:
        page = client.fine_tuning.jobs.list_events(
            job_id, after=after if after is not None else omit, limit=limit
        )
        events = [JobEvent.from_api(e) for e in page.data]
        return events, bool(page.has_more)

    return fetch


def list_checkpoints(client: OpenAI, job_id: str, *, limit: int = 100) -> list[dict[str, Any]]:
    """Every checkpoint of a job (paginated with ``after``), as JSON-ready dicts."""
    from openai import omit

    out: list[dict[str, Any]] = []
    after: str | None = None
    for _ in range(1000):
        page = client.fine_tuning.jobs.checkpoints.list(
            job_id, after=after if after is not None else omit, limit=limit
        )
        out.extend(c.model_dump(mode="json", warnings=False) for c in page.data)
        if not page.data or not page.has_more:
            break
        after = page.data[-1].id
    return out


def list_openai_jobs(client: OpenAI, *, limit: int = 20) -> list[JobInfo]:
    """The most recent ``limit`` jobs on the endpoint."""
    from openai import omit

    out: list[JobInfo] = []
    after: str | None = None
    while len(out) < limit:
        page = client.fine_tuning.jobs.list(
            after=after if after is not None else omit, limit=min(100, limit - len(out))
        )
        out.extend(openai_job_info(j) for j in page.data)
        if not page.data or not page.has_more:
            break
        after = page.data[-1].id
    return out[:limit]


# -- the reward curve ----------------------------------------------------------------------------


@dataclass(slots=True)
class MetricCurve:
    """One metric by training step, for the terminal and for a self-contained chart.

    Example:
        >>> c = MetricCurve("critic_rewards_mean")
        >>> for step, value in [(1, 0.2), (2, 0.5), (3, 0.9)]:
        ...     c.add(step, value)
        >>> c.sparkline(3, ascii=True)
        ' =@'
    """

    name: str = REWARD_METRIC
    points: dict[int, float] = field(default_factory=dict)
    total_steps: int | None = None

    def add(self, step: int, value: float) -> None:
        """Record ``value`` at ``step`` (a repeated step keeps the latest value)."""
        if math.isfinite(value):
            self.points[step] = value

    def add_events(self, events: Sequence[JobEvent]) -> int:
        """Take the metric from metrics events; returns how many points were added."""
        added = 0
        for event in events:
            step, value = event.step, event.metric(self.name)
            total = event.metric("total_steps")
            if total is not None and total >= 1:
                self.total_steps = int(total)
            if step is not None and value is not None:
                self.add(step, value)
                added += 1
        return added

    def series(self) -> list[tuple[int, float]]:
        """(step, value) pairs in step order."""
        return sorted(self.points.items())

    @property
    def last_step(self) -> int | None:
        """The highest step seen."""
        return max(self.points) if self.points else None

    def sparkline(self, width: int = 40, *, ascii: bool = False) -> str:
        """The curve as one line of block characters (bucket means when longer than width)."""
        values = [v for _, v in self.series()]
        if not values or width < 1:
            return ""
        if len(values) > width:
            buckets: list[float] = []
            for i in range(width):
                first = i * len(values) // width
                end = max(first + 1, (i + 1) * len(values) // width)
                chunk = values[first:end]
                buckets.append(sum(chunk) / len(chunk))
            values = buckets
        glyphs = " .:-=+*#%@" if ascii else "▁▂▃▄▅▆▇█"
        lo, hi = min(values), max(values)
        span = hi - lo
        top = len(glyphs) - 1
        return "".join(
            glyphs[top // 2 if span == 0 else round((v - lo) / span * top)] for v in values
        )

    def to_svg(self, *, width: int = 720, height: int = 320, title: str | None = None) -> str:
        """A standalone SVG line chart with labelled axes (no plotting dependency)."""
        pts = self.series()
        left, right, top, bottom = 64, 16, 36, 44
        plot_w, plot_h = width - left - right, height - top - bottom
        esc = html.escape
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
            f'<rect width="{width}" height="{height}" fill="white"/>',
            f'<text x="{left}" y="20" font-size="14">{esc(title or self.name)}</text>',
        ]
        if not pts:
            parts.append(
                f'<text x="{left + plot_w // 2}" y="{top + plot_h // 2}" text-anchor="middle" '
                'fill="#666">no data yet</text></svg>'
            )
            return "".join(parts)
        xs = [s for s, _ in pts]
        ys = [v for _, v in pts]
        x_lo, x_hi = min(xs), max(*xs, self.total_steps or 0)
        y_lo, y_hi = min(ys), max(ys)
        if y_hi - y_lo < 1e-12:
            y_lo, y_hi = y_lo - 0.5, y_hi + 0.5
        if x_hi == x_lo:
            x_hi = x_lo + 1

        def sx(x: float) -> float:
            return left + (x - x_lo) / (x_hi - x_lo) * plot_w

        def sy(y: float) -> float:
            return top + (1 - (y - y_lo) / (y_hi - y_lo)) * plot_h

        parts.append(
            f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" '
            'fill="none" stroke="#999"/>'
        )
        for i in range(5):
            y = y_lo + (y_hi - y_lo) * i / 4
            parts.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" '
                f'stroke="#eee"/><text x="{left - 6}" y="{sy(y) + 4:.1f}" '
                f'text-anchor="end">{y:.3g}</text>'
            )
        # Steps are whole numbers: label whole steps, where they fall.
        for step in sorted({round(x_lo + (x_hi - x_lo) * i / 4) for i in range(5)}):
            parts.append(
                f'<text x="{sx(step):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                f"{step}</text>"
            )
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">step</text>'
        )
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        parts.append(f'<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="{path}"/>')
        if len(pts) <= 200:
            parts.extend(
                f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.5" fill="#1f6feb">'
                f"<title>step {x}: {y:.4g}</title></circle>"
                for x, y in pts
            )
        parts.append("</svg>")
        return "".join(parts)

    def to_png(self, *, width: int = 720, height: int = 320) -> bytes:
        """The same chart as a PNG (standard library only: a tiny rasteriser and zlib).

        Numbers only on the axes (a 3x5 digit font); the metric's name belongs in the file
        name or the surrounding page.
        """
        canvas = _Canvas(width, height)
        left, right, top, bottom = 64, 16, 16, 32
        plot_w, plot_h = width - left - right, height - top - bottom
        pts = self.series()
        canvas.rect(left, top, left + plot_w, top + plot_h, (153, 153, 153))
        if not pts:
            return canvas.png()
        xs = [x for x, _ in pts]
        ys = [y for _, y in pts]
        x_lo, x_hi = min(xs), max(*xs, self.total_steps or 0)
        y_lo, y_hi = min(ys), max(ys)
        if y_hi - y_lo < 1e-12:
            y_lo, y_hi = y_lo - 0.5, y_hi + 0.5
        if x_hi == x_lo:
            x_hi = x_lo + 1

        def sx(x: float) -> int:
            return round(left + (x - x_lo) / (x_hi - x_lo) * plot_w)

        def sy(y: float) -> int:
            return round(top + (1 - (y - y_lo) / (y_hi - y_lo)) * plot_h)

        for i in range(5):
            y = y_lo + (y_hi - y_lo) * i / 4
            if 0 < i < 4:
                canvas.line(left + 1, sy(y), left + plot_w - 1, sy(y), (235, 235, 235))
            label = f"{y:.3g}"
            canvas.text(left - 6 - _Canvas.text_width(label), sy(y) - 5, label)
        for step in sorted({round(x_lo + (x_hi - x_lo) * i / 4) for i in range(5)}):
            label = str(step)
            canvas.text(sx(step) - _Canvas.text_width(label) // 2, top + plot_h + 8, label)
        blue = (31, 111, 235)
        for (x0, y0), (x1, y1) in itertools.pairwise(pts):
            canvas.line(sx(x0), sy(y0), sx(x1), sy(y1), blue, thick=True)
        if len(pts) <= 200:
            for x, y in pts:
                canvas.dot(sx(x), sy(y), blue)
        return canvas.png()

    def to_html(self, *, title: str, live: bool = False) -> str:
        """A self-contained HTML page with the SVG chart and the data table.

        ``live`` adds a refresh tag, so a page opened while the job runs keeps up.
        """
        esc = html.escape
        refresh = '<meta http-equiv="refresh" content="30">' if live else ""
        rows = "".join(f"<tr><td>{s}</td><td>{v:.6g}</td></tr>" for s, v in self.series())
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"{refresh}<title>{esc(title)}</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{padding:2px 10px;border-bottom:1px solid #ddd;text-align:right}</style>"
            f"</head><body><h1>{esc(title)}</h1>{self.to_svg()}"
            f"<details><summary>{len(self.points)} points</summary><table>"
            f"<tr><th>step</th><th>{esc(self.name)}</th></tr>{rows}</table></details>"
            "</body></html>\n"
        )


# 3x5 glyphs, one string of three bits per row: enough for axis numbers.
_GLYPHS: Final = {
    "0": ("111", "101", "101", "101", "111"),
    "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"),
    "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"),
    "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"),
    "7": ("111", "001", "001", "001", "001"),
    "8": ("111", "101", "111", "101", "111"),
    "9": ("111", "101", "111", "001", "111"),
    ".": ("000", "000", "000", "000", "010"),
    "-": ("000", "000", "111", "000", "000"),
    "+": ("000", "010", "111", "010", "000"),
    "e": ("000", "111", "111", "100", "111"),
}


class _Canvas:
    """An RGB raster with lines, dots and digits, encoded as PNG by hand."""

    SCALE: Final = 2

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.pixels = bytearray(b"\xff" * (width * height * 3))

    def set(self, x: int, y: int, color: tuple[int, int, int]) -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
            i = (y * self.width + x) * 3
            self.pixels[i : i + 3] = bytes(color)

    def line(
        self,
        x0: int,
        y0: int,
        x1: int,
        y1: int,
        color: tuple[int, int, int],
        *,
        thick: bool = False,
    ) -> None:
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        step_x, step_y = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        err = dx + dy
        while True:  # Bresenham
            self.set(x0, y0, color)
            if thick:
                self.set(x0 + 1, y0, color)
                self.set(x0, y0 + 1, color)
            if x0 == x1 and y0 == y1:
                return
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += step_x
            if e2 <= dx:
                err += dx
                y0 += step_y

    def rect(self, x0: int, y0: int, x1: int, y1: int, color: tuple[int, int, int]) -> None:
        self.line(x0, y0, x1, y0, color)
        self.line(x1, y0, x1, y1, color)
        self.line(x1, y1, x0, y1, color)
        self.line(x0, y1, x0, y0, color)

    def dot(self, x: int, y: int, color: tuple[int, int, int]) -> None:
        for ox in (-2, -1, 0, 1, 2):
            for oy in (-2, -1, 0, 1, 2):
                if abs(ox) + abs(oy) <= 3:
                    self.set(x + ox, y + oy, color)

    @classmethod
    def text_width(cls, text: str) -> int:
        return len(text) * 4 * cls.SCALE

    def text(self, x: int, y: int, text: str, color: tuple[int, int, int] = (68, 68, 68)) -> None:
        k = self.SCALE
        for n, ch in enumerate(text):
            rows = _GLYPHS.get(ch)
            if rows is None:
                continue
            for r, bits in enumerate(rows):
                for c, bit in enumerate(bits):
                    if bit == "1":
                        for i in range(k):
                            for j in range(k):
                                self.set(x + (n * 4 + c) * k + i, y + r * k + j, color)

    def png(self) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        stride = self.width * 3
        raw = b"".join(
            b"\x00" + bytes(self.pixels[y * stride : (y + 1) * stride]) for y in range(self.height)
        )
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Binary twin of :func:`write_text_atomic`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a file so a reader never sees half of it (the chart is rewritten while watching)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# -- the watch loop ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobSnapshot:
    """What one poll saw: the job and the events that are new since the last poll."""

    job: JobInfo
    new_events: tuple[JobEvent, ...] = ()


def watch_job(
    poll: Callable[[], JobSnapshot | None],
    *,
    on_update: Callable[[JobSnapshot], None],
    on_retry: Callable[[str], None] = lambda _msg: None,
    interval: float = 10.0,
    max_interval: float = 60.0,
    backoff: float = 1.5,
    timeout: float | None = None,
    max_failures: int = 8,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> JobInfo:
    """Poll until the job ends; returns the final :class:`JobInfo`.

    The delay starts at ``interval`` and grows by ``backoff`` up to ``max_interval`` while
    nothing changes; any change brings it back to ``interval``. ``poll`` returns None for a
    transient failure (the loop backs off; ``max_failures`` in a row is an error).

    Example:
        >>> snaps = iter([JobInfo("j", "openai", "m", "running", "running"),
        ...               JobInfo("j", "openai", "m", "succeeded", "succeeded")])
        >>> watch_job(lambda: JobSnapshot(next(snaps)), on_update=lambda s: None,
        ...           sleep=lambda s: None).state
        'succeeded'

    Raises:
        JobError: too many failed polls in a row, or ``timeout`` seconds passed.
    """
    if interval <= 0 or max_interval < interval or backoff < 1:
        raise UsageError("watch needs 0 < interval <= max-interval and backoff >= 1")
    start = clock()
    delay = interval
    failures = 0
    last_status: str | None = None
    while True:
        snap = poll()
        if snap is None:
            failures += 1
            if failures >= max_failures:
                raise JobError(
                    f"gave up after {failures} failed polls in a row",
                    hint="the job is not affected: run rftkit job watch again later",
                )
            delay = min(delay * backoff, max_interval)
            on_retry(f"poll failed ({failures}/{max_failures}); retrying in {delay:.0f}s")
        else:
            failures = 0
            on_update(snap)
            if snap.job.done:
                return snap.job
            changed = bool(snap.new_events) or snap.job.status != last_status
            last_status = snap.job.status
            delay = interval if changed else min(delay * backoff, max_interval)
        if timeout is not None and clock() - start + delay > timeout:
            raise JobError(
                f"stopped watching after {timeout:g}s; the job is still running",
                hint="the job is not affected: run rftkit job watch again",
            )
        sleep(delay)


def openai_poller(session: OpenAISession, job_id: str) -> Callable[[], JobSnapshot | None]:
    """A ``poll`` for :func:`watch_job` over the OpenAI-compatible endpoint.

    The session is asked for its client on every poll, so a token that nears its expiry
    during a long watch is replaced. Transient failures (network, 429, 5xx) give None;
    anything else (a revoked key, an unknown job) raises.
    """
    cursor = EventCursor(lambda _after: ([], False))

    def poll() -> JobSnapshot | None:
        client = session.client()
        cursor.fetch = openai_event_pages(client, job_id)
        with openai_errors(f"polling job {job_id}", api_key=session.api_key):
            try:
                job = openai_job_info(client.fine_tuning.jobs.retrieve(job_id))
                events = cursor.poll()
            except Exception as exc:
                if _is_transient(exc):
                    return None
                raise
        return JobSnapshot(job, tuple(events))

    return poll


# -- chat and evaluation -------------------------------------------------------------------------

Message: TypeAlias = dict[str, Any]


def chat_openai(
    client: OpenAI,
    model: str,
    messages: Sequence[Message],
    *,
    max_tokens: int | None = None,
    temperature: float | None = None,
    api_key: ApiKey | None = None,
) -> str:
    """One chat completion on the OpenAI-compatible endpoint; returns the reply text."""
    kwargs: dict[str, Any] = {}
    if max_tokens is not None:
        kwargs["max_tokens"] = max_tokens
    if temperature is not None:
        kwargs["temperature"] = temperature
    with openai_errors(f"chat with {model}", api_key=api_key):
        response = client.chat.completions.create(
            model=model,
            messages=list(messages),  # type: ignore[arg-type]
            **kwargs,
        )
    if not response.choices:
        raise JobError(f"chat with {model}: the endpoint returned no choices")
    return response.choices[0].message.content or ""


def load_eval_records(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read a held-out set: RFT records, or raw GSM8K rows converted as for training.

    Raw GSM8K rows (``question``/``answer``) become the same prompt ``rftkit data prepare
    gsm8k`` writes, so a model is evaluated on the prompt it was trained with.

    Raises:
        DatasetError: an unreadable file or a line that is not a record (named by number).
    """
    from rftkit.harness.events import load_dataset

    records = load_dataset(path)
    return records[:limit] if limit is not None else records


def prompt_messages(record: Mapping[str, Any]) -> list[Message]:
    """The messages to send: the record's, without a trailing reply (SFT-style rows).

    Example:
        >>> prompt_messages({"messages": [{"role": "user", "content": "q"},
        ...                               {"role": "assistant", "content": "a"}]})
        [{'role': 'user', 'content': 'q'}]
    """
    messages = [dict(m) for m in record.get("messages", []) if isinstance(m, Mapping)]
    while messages and messages[-1].get("role") in {"assistant", "nova_assistant"}:
        messages.pop()
    return messages


@dataclass(frozen=True, slots=True)
class Answer:
    """A model's reply to one held-out prompt, or why there is none."""

    index: int
    text: str | None
    error: str | None = None
    seconds: float = 0.0


def ask_model(
    records: Sequence[Mapping[str, Any]],
    complete: Callable[[list[Message]], str],
    *,
    concurrency: int = 4,
    on_answer: Callable[[Answer], None] = lambda _a: None,
) -> list[Answer]:
    """Send every record's prompt to the model; one :class:`Answer` per record, in order.

    A failed request is that prompt's ``error``: one bad reply never ends the run. An error
    that concerns every request (a rejected key, an unknown model: a :class:`UsageError`)
    stops the run at once, since every further request would fail the same way.

    Example:
        >>> recs = [{"messages": [{"role": "user", "content": "hi"}]}]
        >>> ask_model(recs, lambda m: m[-1]["content"].upper())[0].text
        'HI'
    """
    if concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    stop = threading.Event()
    fatal: list[UsageError] = []

    def one(index: int) -> Answer:
        if stop.is_set():
            return Answer(index, None, "skipped after an error that stops the run")
        messages = prompt_messages(records[index])
        if not any(m.get("role") == "user" for m in messages):
            return Answer(index, None, "the record has no user message")
        started = time.perf_counter()
        try:
            text = complete(messages)
        except UsageError as exc:
            stop.set()
            fatal.append(exc)
            return Answer(index, None, exc.message, time.perf_counter() - started)
        except RftkitError as exc:
            return Answer(index, None, exc.message, time.perf_counter() - started)
        except Exception as exc:  # one odd reply must not end the run
            error = f"{type(exc).__name__}: {exc}"
            return Answer(index, None, error, time.perf_counter() - started)
        return Answer(index, text, None, time.perf_counter() - started)

    answers: list[Answer] = []
    workers = min(concurrency, max(1, len(records)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rftkit-ask") as pool:
        for answer in pool.map(one, range(len(records))):
            answers.append(answer)
            on_answer(answer)
    if fatal:
        raise fatal[0]
    return answers


def answer_events(
    records: Sequence[Mapping[str, Any]],
    answers: Sequence[Answer],
    *,
    profile: str = "documented",
    batch_size: int = 64,
) -> list[Any]:
    """Reward events for the answered prompts, shaped as a training job would send them.

    ``profile`` is a :mod:`rftkit.harness.events` profile: ``open-weight`` for open-weight
    models, ``nova`` for Nova, so the grader sees the shapes it sees during training.
    """
    from rftkit.harness.events import Rollout, build_events

    rollouts = [Rollout(a.index, 0, a.text, a.index + 1) for a in answers if a.text is not None]
    if not rollouts:
        return []
    return build_events(records, rollouts, profile=profile, batch_size=batch_size)
