"""RFT jobs on Bedrock's OpenAI-compatible endpoint (open-weight models).

Upload the training file with ``purpose="fine-tune"``, then ``fine_tuning.jobs.create`` with
the documented ``extra_body`` ``method`` block naming the reward Lambda (CONTRACT.md section
5); then follow the job, its events and checkpoints, and chat with the result. The endpoint is
``https://bedrock-mantle.<region>.api.aws/v1``; its key is ``OPENAI_API_KEY`` or a short-term
token made from AWS credentials, renewed by :class:`OpenAISession` before it expires.

Everything that can be checked without AWS (the model, the Lambda ARN, hyperparameters, an
expired token) is checked before any request, so a bad flag never costs an upload. Request
bodies are built by pure functions (``plan_*``) so ``--dry-run`` prints exactly what would be
sent, and the executors take injected clients so tests point them at loopback servers.

The openai package is imported lazily (it takes about a second to import).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import math
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import parse_qs, urlsplit

from rftkit.errors import JobError, UsageError
from rftkit.jobs.model import (
    ChatMessage,
    EventCursor,
    JobEvent,
    JobInfo,
    JobSnapshot,
    PageFetcher,
    file_facts,
)
from rftkit.jobs.routes import check_lambda_arn, route_for

if TYPE_CHECKING:
    from openai import OpenAI

__all__ = [
    "BASE_URL_ENV",
    "ApiKey",
    "CreatedJob",
    "OpenAIHyperparameters",
    "OpenAIJobPlan",
    "OpenAISession",
    "bedrock_token_expiry",
    "chat_openai",
    "execute_openai_plan",
    "list_checkpoints",
    "list_openai_jobs",
    "mantle_base_url",
    "open_client",
    "openai_errors",
    "openai_event_pages",
    "openai_job_info",
    "openai_poller",
    "plan_openai_job",
    "resolve_api_key",
    "resolve_base_url",
]

BASE_URL_ENV: Final = "RFTKIT_OPENAI_BASE_URL"
"""Environment variable that overrides the endpoint (tests, proxies). ``OPENAI_BASE_URL`` is
deliberately not read: it usually points at api.openai.com, and following it would upload a
training set to a different provider."""

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


# -- creating a job ----------------------------------------------------------------------------

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
                    "multipart": {"purpose": "fine-tune", "file": file_facts(path)},
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


# -- following a job ---------------------------------------------------------------------------

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


def openai_poller(session: OpenAISession, job_id: str) -> Callable[[], JobSnapshot | None]:
    """A ``poll`` for :func:`rftkit.jobs.watch.watch_job` over the OpenAI-compatible endpoint.

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


# -- chat --------------------------------------------------------------------------------------


def chat_openai(
    client: OpenAI,
    model: str,
    messages: Sequence[ChatMessage],
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
