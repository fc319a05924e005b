"""``judge``: a model on Amazon Bedrock grades each response against a rubric (RLAIF).

The grader sends one Converse request per sample: a system prompt, and a rubric filled with
the prompt messages, the reference answer and the response, each between
``⟦NAME code⟧ ... ⟦/NAME code⟧`` markers whose code is random for every request (see
:mod:`rftkit.rewards.judge.prompt`). The judge answers with a JSON verdict; the score is read
strictly (:mod:`rftkit.rewards.judge.parse`: conflicting or malformed verdicts are
unparseable), rescaled from the judge's range to [0, 1], and the judge's reasoning becomes
the explanation.

Throughput and robustness inside one Lambda invocation:

* ``concurrency`` (default 16) tells the harness handler how many samples to grade at once;
  the grader shares one boto3 client between those threads and never has more calls in
  flight than that.
* Throttling, unavailability, model timeouts, internal errors and connection errors are
  retried with exponential backoff and full jitter, bounded by ``max_attempts`` and by the
  invocation deadline (:func:`rftkit.rewards.deadline.remaining`); botocore's own retries
  are off. Access errors fail at once, naming the missing ``bedrock:InvokeModel``.
* Identical requests within a warm Lambda come from an LRU cache (identical requests in
  flight at the same moment are merged into one call). The cache and the replay file key on
  the request's inputs (:meth:`JudgeGrader.key_for`), not on the prompt with its random
  marker code.
* Every failure is a Reward with the fallback score and a flag in ``errors``
  (``unparseable_verdict``, ``access_denied``, ``judge_unavailable``, ``timeout``,
  ``judge_error``), never an exception; only a replay-file miss raises, on purpose.
* Every Reward carries the same ``Metric`` entries: ``input_tokens`` and ``output_tokens``
  (spent by this sample: 0 on a cache hit), ``cache_hit``, ``attempts`` (Converse calls
  made) and ``judge_failed``.
* ``replay_mode="record"`` appends every reply to a JSONL file; ``"replay"`` answers from it
  without Bedrock, so a harness run with a judge repeats exactly and offline.

boto3 is part of the AWS Lambda Python runtime, so the grader lists no requirement for the
bundle; it is imported on the first call. ``iam_statements`` on the grader object is the
policy its function role needs.

Standard library only at import time.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from rftkit.errors import GraderArgsError
from rftkit.rewards import deadline
from rftkit.rewards.judge import prompt as prompts
from rftkit.rewards.judge.cache import LRUCache
from rftkit.rewards.judge.client import (
    Backoff,
    CallFailure,
    ConverseCaller,
    JudgeReply,
    make_client,
    request_key,
)
from rftkit.rewards.judge.parse import parse_verdict
from rftkit.rewards.judge.replay import MODES, ReplayFile
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_INFERENCE",
    "PERMISSIONS",
    "JudgeGrader",
    "iam_statements",
    "judge",
]

log = logging.getLogger("rftkit.judge")

DEFAULT_CONCURRENCY = 16
"""Judge calls in flight at once in one invocation: 64 samples take four rounds, and 16
connections stay well inside one Lambda's sockets and the default Bedrock request quotas
that the retries absorb."""

DEFAULT_INFERENCE: dict[str, Any] = {"maxTokens": 512, "temperature": 0.0}
"""Inference parameters unless overridden: room for short reasoning, and a repeatable
verdict (which also makes the cache and the replay file meaningful)."""

PERMISSIONS = ("bedrock:InvokeModel",)
"""IAM actions the grader needs (Converse is authorised as ``bedrock:InvokeModel``)."""

_INFERENCE_KEYS = ("maxTokens", "temperature", "topP", "stopSequences")
# Cross-region inference profile ids start with a geography, e.g. "us.anthropic.claude-...".
_PROFILE_PREFIXES = frozenset({"us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"})


def _partition(region: str | None) -> str:
    if region and region.startswith("cn-"):
        return "aws-cn"
    if region and region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def iam_statements(model_id: str, region: str | None = None) -> list[dict[str, Any]]:
    """The IAM policy statements that let a function's role call ``model_id`` via Converse.

    A foundation model id grants that model in ``region`` (any region when None). A
    cross-region inference profile id (``us.``, ``eu.``, ``apac.``, ``global.``, ...) grants
    the profile and the underlying foundation model in every region the profile routes to.
    An ARN is granted as given (plus the foundation model behind a system inference profile
    ARN).

    Example:
        >>> iam_statements("anthropic.claude-3-haiku-20240307-v1:0", "us-east-1")[0]["Resource"]
        ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0']
    """
    resources: list[str]
    if model_id.startswith("arn:"):
        parts = model_id.split(":", 5)
        resources = [model_id]
        if len(parts) == 6 and parts[5].startswith("inference-profile/"):
            profile = parts[5].split("/", 1)[1]
            prefix, _, base = profile.partition(".")
            if prefix in _PROFILE_PREFIXES and base:
                resources.append(f"arn:{parts[1]}:bedrock:*::foundation-model/{base}")
    else:
        partition = _partition(region)
        prefix, _, base = model_id.partition(".")
        if prefix in _PROFILE_PREFIXES and "." in base:
            resources = [
                f"arn:{partition}:bedrock:{region or '*'}:*:inference-profile/{model_id}",
                f"arn:{partition}:bedrock:*::foundation-model/{base}",
            ]
        else:
            resources = [f"arn:{partition}:bedrock:{region or '*'}::foundation-model/{model_id}"]
    return [
        {
            "Sid": "RftkitJudgeInvokeModel",
            "Effect": "Allow",
            "Action": "bedrock:InvokeModel",
            "Resource": resources,
        }
    ]


def _finite(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GraderArgsError(f"judge: {what} must be a finite number, got {value!r}")
    return float(value)


def _positive_int(value: Any, what: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise GraderArgsError(f"judge: {what} must be an integer >= {minimum}, got {value!r}")
    return value


def _check_inference(inference: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = dict(DEFAULT_INFERENCE)
    if inference is None:
        return merged
    if not isinstance(inference, Mapping):
        raise GraderArgsError(f"judge: inference must be an object, got {inference!r}")
    for key, value in inference.items():
        if key not in _INFERENCE_KEYS:
            raise GraderArgsError(
                f"judge: unknown inference parameter {key!r} (known: {', '.join(_INFERENCE_KEYS)})",
                hint="model-specific parameters go in additional_fields",
            )
        if key == "maxTokens":
            merged[key] = _positive_int(value, "inference.maxTokens")
        elif key == "stopSequences":
            if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
                raise GraderArgsError("judge: inference.stopSequences must be a list of strings")
            merged[key] = list(value)
        else:
            number = _finite(value, f"inference.{key}")
            if number < 0 or (key == "topP" and number > 1):
                raise GraderArgsError(f"judge: inference.{key} is out of range: {value!r}")
            merged[key] = number
    return merged


class JudgeGrader:
    """The configured judge: call it on a :class:`Sample` to get a :class:`Reward`.

    Made by the :func:`judge` factory; see there for the arguments. Attributes read by the
    rest of rftkit: ``concurrency`` (the harness's thread pool size), ``permissions`` and
    ``iam_statements`` (the function role's policy, for ``rftkit deploy``).

    Example:
        >>> g = judge(model_id="amazon.nova-micro-v1:0", region="us-east-1").impl
        >>> g.request_for(Sample.from_text(response="4", prompt="2+2?"))["modelId"]
        'amazon.nova-micro-v1:0'
    """

    permissions = PERMISSIONS

    def __init__(
        self,
        *,
        model_id: str,
        rubric: str,
        system: str,
        score_range: tuple[float, float],
        region: str | None,
        endpoint_url: str | None,
        inference: dict[str, Any],
        additional_fields: dict[str, Any] | None,
        concurrency: int,
        policy: Backoff,
        connect_timeout: float,
        read_timeout: float,
        cache_size: int,
        replay: ReplayFile | None,
        fallback_score: float,
        max_field_chars: int,
    ) -> None:
        self.model_id = model_id
        self.rubric = rubric
        self.system = system
        self.score_range = score_range
        self.region = region
        self.endpoint_url = endpoint_url
        self.inference = inference
        self.additional_fields = additional_fields
        self.concurrency = concurrency
        self.fallback_score = fallback_score
        self.max_field_chars = max_field_chars
        self.replay = replay
        self.cache: LRUCache[JudgeReply] = LRUCache(cache_size)
        self.iam_statements = iam_statements(model_id, region)
        self.caller = ConverseCaller(
            model_id,
            lambda: make_client(
                region=region,
                endpoint_url=endpoint_url,
                max_pool_connections=concurrency,
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
            ),
            policy,
            max_in_flight=concurrency,
            resources=self.iam_statements[0]["Resource"],
        )

    def _fields(self, sample: Sample) -> dict[str, Any]:
        return {
            "messages": sample.prompt_messages,
            "response": sample.completion,
            "reference": sample.reference,
            "score_range": self.score_range,
            "limit": self.max_field_chars,
        }

    def request_for(self, sample: Sample, *, marker: str | None = None) -> dict[str, Any]:
        """The Converse request (boto3 ``converse`` keyword arguments) for one sample.

        The sample text sits between markers whose code ``marker`` is drawn afresh for each
        request when None (see :mod:`rftkit.rewards.judge.prompt`), so two requests for the
        same sample differ in that code and nothing else.
        """
        fields = self._fields(sample)
        if marker is None:
            marker = prompts.new_marker(
                *prompts.sample_texts(
                    fields["messages"],
                    fields["response"],
                    fields["reference"],
                    limit=fields["limit"],
                )
            )
        request: dict[str, Any] = {
            "modelId": self.model_id,
            "messages": [
                {
                    "role": "user",
                    "content": [{"text": prompts.render(self.rubric, marker=marker, **fields)}],
                }
            ],
            "inferenceConfig": dict(self.inference),
        }
        if self.system:
            request["system"] = [{"text": prompts.render(self.system, marker=marker, **fields)}]
        if self.additional_fields:
            request["additionalModelRequestFields"] = self.additional_fields
        return request

    def key_for(self, sample: Sample) -> str:
        """The cache and replay-file key of ``sample``'s request: a hash of its inputs.

        The rendered prompt carries a random marker code, so the key is made from what the
        prompt is rendered from instead: the model, both templates with the sample text as
        it goes between the markers, the score range and the inference parameters. Two
        samples share a key exactly when their requests differ only in the marker code.
        """
        fields = self._fields(sample)
        inputs = {
            "key_format": 2,
            "modelId": self.model_id,
            "user": prompts.input_key_fields(self.rubric, **fields),
            "system": self.system,
            "inferenceConfig": self.inference,
            "additionalModelRequestFields": self.additional_fields or None,
        }
        return request_key(inputs)

    def prompt_text(self, sample: Sample, *, marker: str | None = None) -> str:
        """The user message the judge reads for ``sample`` (for review and tests)."""
        text = self.request_for(sample, marker=marker)["messages"][0]["content"][0]["text"]
        assert isinstance(text, str)
        return text

    def _fetch(self, sample: Sample, key: str) -> tuple[JudgeReply, int] | CallFailure:
        """The judge's reply and the number of calls it took (0 when replayed)."""
        if self.replay is not None and self.replay.mode == "replay":
            return self.replay.get(key), 0
        request = self.request_for(sample)  # a fresh marker code for every call
        outcome = self.caller.call(request)
        if not isinstance(outcome, CallFailure) and self.replay is not None:
            self.replay.put(key, self.model_id, request, outcome[0])
        return outcome

    def _metrics(
        self, reply: JudgeReply | None, *, hit: bool, attempts: int, failed: bool
    ) -> tuple[Metric, ...]:
        # The same five metrics on every sample, so sums and means in reports line up;
        # tokens count only what this sample spent (a cache hit spent nothing).
        spent = reply if reply is not None and not hit else None
        return (
            Metric("input_tokens", float(spent.input_tokens) if spent else 0.0),
            Metric("output_tokens", float(spent.output_tokens) if spent else 0.0),
            Metric("cache_hit", 1.0 if hit else 0.0),
            Metric("attempts", float(attempts)),
            Metric("judge_failed", 1.0 if failed else 0.0),
        )

    def _failed(self, sample: Sample, failure: CallFailure) -> Reward:
        log.warning("judge: sample %s: %s (%s)", sample.id, failure.message, failure.flag)
        return Reward(
            self.fallback_score,
            self._metrics(None, hit=False, attempts=failure.attempts, failed=True),
            errors=(failure.flag,),
            explanation=failure.message,
        )

    def _judged(self, sample: Sample, reply: JudgeReply, *, hit: bool, attempts: int) -> Reward:
        verdict = parse_verdict(reply.text, self.score_range, response=sample.completion)
        metrics = self._metrics(reply, hit=hit, attempts=attempts, failed=not verdict.ok)
        if not verdict.ok:
            cut = " (the judge stopped at maxTokens: raise inference.maxTokens)"
            excerpt = reply.text.strip()[:300]
            explanation = (
                f"unparseable verdict: {verdict.problem}"
                f"{cut if reply.stop_reason == 'max_tokens' else ''}; reply: {excerpt!r}"
            )
            log.warning("judge: sample %s: %s", sample.id, explanation)
            return Reward(
                self.fallback_score,
                metrics,
                errors=("unparseable_verdict",),
                explanation=explanation,
            )
        explanation = verdict.reasoning
        if verdict.clamped:
            low, high = self.score_range
            explanation += f" [score {verdict.raw} clamped to {low:g}..{high:g}]"
        return Reward(
            verdict.score,
            metrics,
            answer=verdict.raw,
            rule=verdict.rule,
            explanation=explanation,
        )

    def __call__(self, sample: Sample) -> Reward:
        """Grade one sample. Never raises, except on a replay-file miss (a GraderError)."""
        key = self.key_for(sample)
        lookup = self.cache.lookup(key)
        if lookup.value is not None:
            return self._judged(sample, lookup.value, hit=True, attempts=0)
        if lookup.wait is not None:
            try:
                shared = lookup.wait.result(timeout=_wait_budget())
            except FutureTimeout:
                return self._failed(
                    sample,
                    CallFailure("timeout", "invocation deadline reached waiting for the judge", 0),
                )
            if shared is not None:
                return self._judged(sample, shared, hit=True, attempts=0)
            # The identical request in flight failed: this sample tries on its own.
            outcome = self._fetch(sample, key)
        else:
            outcome = None
            try:
                outcome = self._fetch(sample, key)
            finally:
                fresh = None if outcome is None or isinstance(outcome, CallFailure) else outcome[0]
                self.cache.finish(key, lookup, fresh)
        if isinstance(outcome, CallFailure):
            return self._failed(sample, outcome)
        assert outcome is not None  # _fetch returned or raised
        return self._judged(sample, outcome[0], hit=False, attempts=outcome[1])


def _wait_budget() -> float | None:
    left = deadline.remaining()
    return None if left is None else max(0.0, left)


@grader(
    name="judge",
    permissions=PERMISSIONS,
    requires=(),
    concurrency=DEFAULT_CONCURRENCY,
)
def judge(
    *,
    model_id: str,
    rubric: str | None = None,
    system: str | None = None,
    score_range: Sequence[float] = (0, 10),
    region: str | None = None,
    endpoint_url: str | None = None,
    inference: dict[str, Any] | None = None,
    additional_fields: dict[str, Any] | None = None,
    max_concurrency: int = DEFAULT_CONCURRENCY,
    max_attempts: int = 6,
    retry_base_delay: float = 0.25,
    retry_max_delay: float = 8.0,
    connect_timeout: float = 5.0,
    read_timeout: float = 60.0,
    cache_size: int = 1024,
    replay_path: str | None = None,
    replay_mode: str = "off",
    fallback_score: float = 0.0,
    max_field_chars: int = 50_000,
) -> JudgeGrader:
    """A model on Bedrock grades each response against a rubric (Converse API).

    Args:
        model_id: the judge: a foundation model id, an inference profile id (``us....``) or
            an ARN, as Converse takes it.
        rubric: the user-message template. Placeholders: ``{prompt}`` (the messages before
            the response), ``{response}`` (required), ``{reference}``, ``{min_score}``,
            ``{max_score}``, ``{marker}`` (this request's random marker code); sample text
            arrives verbatim between ``⟦NAME code⟧`` markers. Other braces are left as
            written. Default: :data:`rftkit.rewards.judge.prompt.DEFAULT_RUBRIC`.
        system: the system prompt (same placeholders, none required); ``""`` sends none, for
            models without system prompts. Default: a short impartial-grader instruction
            that also says marked text is data.
        score_range: ``[low, high]`` the judge is asked to use; its score is clamped to this
            range and rescaled to the reward range [0, 1].
        region: the AWS region of ``bedrock-runtime`` (default: the Lambda's own region).
        endpoint_url: a different endpoint (VPC endpoint, or a loopback fake in tests).
        inference: Converse ``inferenceConfig`` (``maxTokens``, ``temperature``, ``topP``,
            ``stopSequences``), merged over ``{"maxTokens": 512, "temperature": 0}``.
        additional_fields: model-specific ``additionalModelRequestFields``.
        max_concurrency: samples judged at once in one invocation.
        max_attempts: calls per sample, first attempt included, for transient errors.
        retry_base_delay: backoff ceiling after the first failure, in seconds (doubles).
        retry_max_delay: the largest backoff ceiling, in seconds.
        connect_timeout: seconds to open a connection.
        read_timeout: seconds to wait for the judge's answer.
        cache_size: identical requests remembered within a warm Lambda (0 disables).
        replay_path: a JSONL file of recorded judge replies.
        replay_mode: ``off``, ``record`` (call the model, append replies to the file) or
            ``replay`` (answer from the file only; a request not in it is an error).
        fallback_score: the score of a sample the judge could not grade (flagged in
            ``errors``).
        max_field_chars: longer prompt, reference or response texts are cut to this length.

    Returns:
        The grader; its ``iam_statements`` attribute is the role policy it needs.

    Example:
        >>> g = judge(model_id="us.anthropic.claude-3-5-haiku-20241022-v1:0", region="us-west-2")
        >>> g.concurrency, g.permissions
        (16, ('bedrock:InvokeModel',))
    """
    if not isinstance(model_id, str) or not model_id.strip() or len(model_id) > 2048:
        raise GraderArgsError(f"judge: model_id must be a non-empty string, got {model_id!r}")
    if any(ch.isspace() for ch in model_id):
        raise GraderArgsError(f"judge: model_id {model_id!r} contains whitespace")
    rubric_text = prompts.DEFAULT_RUBRIC if rubric is None else rubric
    system_text = prompts.DEFAULT_SYSTEM if system is None else system
    for name, text, required in (("rubric", rubric_text, True), ("system", system_text, False)):
        if not isinstance(text, str):
            raise GraderArgsError(f"judge: {name} must be a string")
        problems = prompts.check_template(text, require_response=required)
        if problems:
            raise GraderArgsError(
                f"judge: {name} template: {'; '.join(problems)}",
                hint="write placeholders as {prompt}, {response}, {reference}, "
                "{min_score}, {max_score}",
            )
    if not isinstance(score_range, list | tuple) or len(score_range) != 2:
        raise GraderArgsError(f"judge: score_range must be [low, high], got {score_range!r}")
    low, high = (_finite(v, "score_range") for v in score_range)
    if not low < high:
        raise GraderArgsError(f"judge: score_range needs low < high, got {score_range!r}")
    for name, value in (("region", region), ("endpoint_url", endpoint_url)):
        if value is not None and (not isinstance(value, str) or not value):
            raise GraderArgsError(f"judge: {name} must be a non-empty string or null")
    if additional_fields is not None and not isinstance(additional_fields, dict):
        raise GraderArgsError("judge: additional_fields must be an object")
    if replay_mode not in MODES:
        raise GraderArgsError(
            f"judge: replay_mode must be one of {', '.join(MODES)}, got {replay_mode!r}"
        )
    replay = None
    if replay_mode != "off":
        if not isinstance(replay_path, str) or not replay_path:
            raise GraderArgsError(f"judge: replay_mode={replay_mode!r} needs replay_path")
        replay = ReplayFile(replay_path, "record" if replay_mode == "record" else "replay")
    policy = Backoff(
        max_attempts=_positive_int(max_attempts, "max_attempts"),
        base_delay=max(0.0, _finite(retry_base_delay, "retry_base_delay")),
        max_delay=max(0.0, _finite(retry_max_delay, "retry_max_delay")),
    )
    timeouts = [
        _finite(v, n)
        for n, v in (("connect_timeout", connect_timeout), ("read_timeout", read_timeout))
    ]
    if min(timeouts) <= 0:
        raise GraderArgsError("judge: connect_timeout and read_timeout must be positive")
    return JudgeGrader(
        model_id=model_id,
        rubric=rubric_text,
        system=system_text,
        score_range=(low, high),
        region=region,
        endpoint_url=endpoint_url,
        inference=_check_inference(inference),
        additional_fields=additional_fields,
        concurrency=_positive_int(max_concurrency, "max_concurrency"),
        policy=policy,
        connect_timeout=timeouts[0],
        read_timeout=timeouts[1],
        cache_size=_positive_int(cache_size, "cache_size", minimum=0),
        replay=replay,
        fallback_score=_finite(fallback_score, "fallback_score"),
        max_field_chars=_positive_int(max_field_chars, "max_field_chars", minimum=100),
    )
