"""The judge grader: retries, deadline, failures as flagged scores, cache, replay, IAM.

The network is never reached: botocore's Stubber stands in for Bedrock where the real client
matters, and a scripted fake client (``converse(**request)``) where timing or threads do.
"""

from __future__ import annotations

import contextvars
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.stub import Stubber

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.builtin.judge import JudgeGrader, iam_statements, judge
from rftkit.rewards.deadline import deadline_scope, remaining
from rftkit.rewards.judge import prompt as prompts
from rftkit.rewards.registry import BoundGrader, load_grader, load_spec
from rftkit.rewards.types import Reward, Sample

MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
VERDICT = '{"reasoning": "Correct and clear.", "score": 8}'


@pytest.fixture(autouse=True)
def fake_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Obviously fake credentials, and no profile, config file or metadata service."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))


def converse_response(
    text: str, *, input_tokens: int = 120, output_tokens: int = 30, stop: str = "end_turn"
) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": stop,
        "usage": {
            "inputTokens": input_tokens,
            "outputTokens": output_tokens,
            "totalTokens": input_tokens + output_tokens,
        },
        "metrics": {"latencyMs": 5},
    }


def client_error(code: str, status: int) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": code, "Message": "simulated"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        "Converse",
    )


class FakeClient:
    """A bedrock-runtime stand-in: ``script(request, call_number)`` answers or raises."""

    def __init__(self, script: Callable[[dict[str, Any], int], dict[str, Any]] | None = None):
        self.script = script or (lambda request, n: converse_response(VERDICT))
        self.calls: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def converse(self, **request: Any) -> dict[str, Any]:
        with self.lock:
            self.calls.append(request)
            n = len(self.calls)
        return self.script(request, n)


def make(client: FakeClient | None = None, **args: Any) -> tuple[BoundGrader, JudgeGrader]:
    """A judge with a fake client, instant backoff, and recorded sleeps."""
    args.setdefault("model_id", MODEL)
    args.setdefault("region", "us-east-1")
    bound = judge(**args)
    impl = bound.impl
    assert isinstance(impl, JudgeGrader)
    impl.caller.client = client or FakeClient()
    impl.caller.sleep = lambda seconds: None
    return bound, impl


def sample(response: str = "2 + 2 = 4", id: str = "s0") -> Sample:
    return Sample.from_text(response=response, reference="4", prompt="What is 2+2?", id=id)


def metrics(reward: Reward) -> dict[str, float]:
    return {m.name: m.value for m in reward.metrics}


# -- the factory -----------------------------------------------------------------------------


def test_factory_loads_by_module_path_with_permissions_and_no_requirements() -> None:
    bound = load_grader("rftkit.rewards.builtin.judge:judge", model_id=MODEL)
    assert bound.permissions == ("bedrock:InvokeModel",)
    assert bound.requires == ()
    assert bound.concurrency == 16


def test_max_concurrency_sets_the_handler_pool_size() -> None:
    assert judge(model_id=MODEL, max_concurrency=4).concurrency == 4


def test_spec_recreates_the_same_request() -> None:
    bound = judge(model_id=MODEL, score_range=[1, 5], inference={"maxTokens": 64})
    again = load_spec(json.loads(bound.spec.to_json()))
    assert isinstance(again.impl, JudgeGrader) and isinstance(bound.impl, JudgeGrader)
    code = "0123456789abcdef"
    assert again.impl.request_for(sample(), marker=code) == bound.impl.request_for(
        sample(), marker=code
    )
    assert again.impl.key_for(sample()) == bound.impl.key_for(sample())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"model_id": ""}, "model_id"),
        ({"model_id": "a b"}, "whitespace"),
        ({"score_range": [10, 0]}, "low < high"),
        ({"score_range": [0]}, r"\[low, high\]"),
        ({"score_range": [0, "10"]}, "finite"),
        ({"inference": {"max_tokens": 5}}, "unknown inference parameter"),
        ({"inference": {"maxTokens": 0}}, "maxTokens"),
        ({"inference": {"topP": 2}}, "out of range"),
        ({"replay_mode": "rewind"}, "replay_mode"),
        ({"replay_mode": "replay"}, "needs replay_path"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"cache_size": -1}, "cache_size"),
        ({"read_timeout": 0}, "positive"),
        ({"fallback_score": "zero"}, "fallback_score"),
    ],
    ids=[
        "empty-model",
        "space-in-model",
        "reversed-range",
        "short-range",
        "text-in-range",
        "unknown-inference-key",
        "zero-max-tokens",
        "top-p-above-one",
        "unknown-replay-mode",
        "replay-without-path",
        "zero-concurrency",
        "negative-cache",
        "zero-timeout",
        "text-fallback",
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(args: dict[str, Any], message: str) -> None:
    with pytest.raises(GraderArgsError, match=message):
        judge(**{"model_id": MODEL, **args})


def test_missing_model_id_is_refused() -> None:
    with pytest.raises(GraderArgsError, match="model_id"):
        judge()


# -- IAM -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model_id", "region", "resources"),
    [
        (
            MODEL,
            "us-east-1",
            [f"arn:aws:bedrock:us-east-1::foundation-model/{MODEL}"],
        ),
        (MODEL, None, [f"arn:aws:bedrock:*::foundation-model/{MODEL}"]),
        (
            "us.anthropic.claude-3-5-haiku-20241022-v1:0",
            "us-west-2",
            [
                "arn:aws:bedrock:us-west-2:*:inference-profile/"
                "us.anthropic.claude-3-5-haiku-20241022-v1:0",
                "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
            ],
        ),
        (
            "global.amazon.nova-2-lite-v1:0",
            None,
            [
                "arn:aws:bedrock:*:*:inference-profile/global.amazon.nova-2-lite-v1:0",
                "arn:aws:bedrock:*::foundation-model/amazon.nova-2-lite-v1:0",
            ],
        ),
        (
            "amazon.nova-micro-v1:0",
            "cn-north-1",
            ["arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.nova-micro-v1:0"],
        ),
        (
            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.meta.llama3-2-1b-instruct-v1:0",
            None,
            [
                "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/"
                "eu.meta.llama3-2-1b-instruct-v1:0",
                "arn:aws:bedrock:*::foundation-model/meta.llama3-2-1b-instruct-v1:0",
            ],
        ),
        (
            "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123",
            None,
            ["arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123"],
        ),
    ],
    ids=[
        "model-in-region",
        "model-any-region",
        "us-profile",
        "global-profile",
        "china-partition",
        "profile-arn",
        "provisioned-arn",
    ],
)
def test_iam_statement_grants_invoke_on_exactly_the_model(
    model_id: str, region: str | None, resources: list[str]
) -> None:
    assert iam_statements(model_id, region) == [
        {
            "Sid": "RftkitJudgeInvokeModel",
            "Effect": "Allow",
            "Action": "bedrock:InvokeModel",
            "Resource": resources,
        }
    ]


def test_grader_object_exposes_its_iam_statements() -> None:
    impl = judge(model_id=MODEL, region="us-east-1").impl
    assert isinstance(impl, JudgeGrader)
    assert impl.iam_statements == iam_statements(MODEL, "us-east-1")


# -- calling the judge (botocore Stubber: the real client, no network) -----------------------


def test_verdict_becomes_score_reasoning_and_token_metrics(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bound = judge(model_id=MODEL, region="us-east-1")
    impl = bound.impl
    assert isinstance(impl, JudgeGrader)
    monkeypatch.setattr(prompts, "new_marker", lambda *texts: "feedfacecafebeef")
    with Stubber(impl.caller.client) as stub:
        stub.add_response(
            "converse",
            converse_response(VERDICT),
            expected_params=impl.request_for(sample(), marker="feedfacecafebeef"),
        )
        reward = bound(sample())
    assert (reward.score, reward.explanation, reward.answer, reward.rule) == (
        0.8,
        "Correct and clear.",
        "8",
        "json",
    )
    assert reward.errors == ()
    assert metrics(reward) == {
        "input_tokens": 120.0,
        "output_tokens": 30.0,
        "cache_hit": 0.0,
        "attempts": 1.0,
        "judge_failed": 0.0,
    }
    assert {m.type for m in reward.metrics} == {"Metric"}


def test_throttling_then_success_is_retried() -> None:
    bound = judge(model_id=MODEL, region="us-east-1")
    impl = bound.impl
    assert isinstance(impl, JudgeGrader)
    sleeps: list[float] = []
    impl.caller.sleep = sleeps.append
    with Stubber(impl.caller.client) as stub:
        stub.add_client_error("converse", "ThrottlingException", "Too many requests", 429)
        stub.add_client_error("converse", "ThrottlingException", "Too many requests", 429)
        stub.add_response("converse", converse_response(VERDICT))
        reward = bound(sample())
        stub.assert_no_pending_responses()
    assert reward.score == 0.8
    assert metrics(reward)["attempts"] == 3.0
    assert len(sleeps) == 2


def test_access_denied_fails_fast_naming_the_permission() -> None:
    bound = judge(model_id=MODEL, region="us-east-1")
    impl = bound.impl
    assert isinstance(impl, JudgeGrader)
    with Stubber(impl.caller.client) as stub:
        stub.add_client_error(
            "converse",
            "AccessDeniedException",
            "User is not authorized to perform: bedrock:InvokeModel",
            403,
        )
        reward = bound(sample())
        stub.assert_no_pending_responses()
    assert reward.errors == ("access_denied",)
    assert reward.score == 0.0
    assert "bedrock:InvokeModel" in reward.explanation
    assert f"arn:aws:bedrock:us-east-1::foundation-model/{MODEL}" in reward.explanation
    assert metrics(reward)["attempts"] == 1.0
    assert metrics(reward)["judge_failed"] == 1.0


def test_client_is_made_once_with_botocore_retries_off() -> None:
    impl = judge(model_id=MODEL, region="us-east-1").impl
    assert isinstance(impl, JudgeGrader)
    client = impl.caller.client
    assert impl.caller.client is client
    assert client.meta.config.retries["total_max_attempts"] == 1
    assert client.meta.config.max_pool_connections >= 16


# -- retries (fake client) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        client_error("ThrottlingException", 429),
        client_error("ServiceUnavailableException", 503),
        client_error("ModelTimeoutException", 408),
        client_error("InternalServerException", 500),
        client_error("ModelNotReadyException", 429),
        EndpointConnectionError(endpoint_url="https://bedrock-runtime.invalid"),
        ReadTimeoutError(endpoint_url="https://bedrock-runtime.invalid"),
        ConnectionClosedError(endpoint_url="https://bedrock-runtime.invalid"),
    ],
    ids=[
        "throttling",
        "unavailable",
        "model-timeout",
        "internal",
        "model-not-ready",
        "endpoint-connection",
        "read-timeout",
        "connection-closed",
    ],
)
def test_transient_error_is_retried(failure: Exception) -> None:
    def script(request: dict[str, Any], n: int) -> dict[str, Any]:
        if n == 1:
            raise failure
        return converse_response(VERDICT)

    client = FakeClient(script)
    bound, _ = make(client)
    reward = bound(sample())
    assert reward.score == 0.8
    assert len(client.calls) == 2


@pytest.mark.parametrize(
    ("jitter", "sleeps"),
    [(1.0, [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0]), (0.5, [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 4.0])],
    ids=["top-of-range", "half"],
)
def test_backoff_is_exponential_capped_and_jittered(jitter: float, sleeps: list[float]) -> None:
    def script(request: dict[str, Any], n: int) -> dict[str, Any]:
        raise client_error("ThrottlingException", 429)

    bound, impl = make(FakeClient(script), max_attempts=8)
    seen: list[float] = []
    impl.caller.sleep = seen.append
    impl.caller.rng = lambda: jitter
    bound(sample())
    assert seen == sleeps


def test_exhausted_attempts_give_a_flagged_fallback() -> None:
    def script(request: dict[str, Any], n: int) -> dict[str, Any]:
        raise client_error("ServiceUnavailableException", 503)

    client = FakeClient(script)
    bound, _ = make(client, max_attempts=3, fallback_score=0.25)
    reward = bound(sample())
    assert (reward.score, reward.errors) == (0.25, ("judge_unavailable",))
    assert len(client.calls) == 3
    assert "ServiceUnavailableException" in reward.explanation


@pytest.mark.parametrize(
    ("failure", "flag", "text"),
    [
        (client_error("ValidationException", 400), "judge_error", "ValidationException"),
        (client_error("ResourceNotFoundException", 404), "judge_error", "ResourceNotFound"),
        (client_error("UnrecognizedClientException", 403), "access_denied", "credentials"),
        (ValueError("surprise"), "judge_error", "surprise"),
    ],
    ids=["validation", "not-found", "bad-credentials", "unexpected"],
)
def test_permanent_error_is_not_retried(failure: Exception, flag: str, text: str) -> None:
    def script(request: dict[str, Any], n: int) -> dict[str, Any]:
        raise failure

    client = FakeClient(script)
    bound, _ = make(client)
    reward = bound(sample())
    assert reward.errors == (flag,)
    assert text in reward.explanation
    assert len(client.calls) == 1


# -- verdicts --------------------------------------------------------------------------------


def test_unparseable_verdict_gives_flagged_fallback_with_the_reply() -> None:
    client = FakeClient(lambda r, n: converse_response("I would rather not say."))
    bound, _ = make(client, fallback_score=0.5)
    reward = bound(sample())
    assert (reward.score, reward.errors) == (0.5, ("unparseable_verdict",))
    assert "I would rather not say." in reward.explanation
    assert metrics(reward)["judge_failed"] == 1.0
    assert metrics(reward)["output_tokens"] == 30.0


def test_verdict_cut_at_max_tokens_says_so() -> None:
    client = FakeClient(
        lambda r, n: converse_response('{"reasoning": "The resp', stop="max_tokens")
    )
    bound, _ = make(client)
    reward = bound(sample())
    assert reward.errors == ("unparseable_verdict",)
    assert "raise inference.maxTokens" in reward.explanation


def test_clamped_score_is_noted_in_the_explanation() -> None:
    client = FakeClient(lambda r, n: converse_response('{"reasoning": "Great.", "score": 11}'))
    bound, _ = make(client)
    reward = bound(sample())
    assert reward.score == 1.0
    assert reward.explanation == "Great. [score 11 clamped to 0..10]"


# -- the deadline ----------------------------------------------------------------------------


def until_deadline_then_throttle(request: dict[str, Any], n: int) -> dict[str, Any]:
    """Sample "slow" holds its call until the invocation deadline has passed."""
    if "slow" in request["messages"][0]["content"][0]["text"]:
        stop = time.monotonic() + 10.0
        while (left := remaining()) is not None and left > 0 and time.monotonic() < stop:
            time.sleep(0.01)
        raise client_error("ThrottlingException", 429)
    return converse_response(VERDICT)


def test_deadline_reached_mid_batch_times_out_the_rest_without_calls() -> None:
    client = FakeClient(until_deadline_then_throttle)
    bound, _ = make(client, max_attempts=10)
    batch = [sample(f"answer {i}" if i != 2 else "slow", id=f"s{i}") for i in range(6)]
    with deadline_scope(1.0):
        rewards = [bound(s) for s in batch]
    assert [r.errors for r in rewards] == [(), ()] + [("timeout",)] * 4
    assert len(client.calls) == 3  # samples 3-5 never reached the model
    assert [r.score for r in rewards[:2]] == [0.8, 0.8]


def test_deadline_is_seen_by_worker_threads_like_the_handler_starts() -> None:
    client = FakeClient(until_deadline_then_throttle)
    bound, _ = make(client, max_attempts=10, max_concurrency=2)
    batch = [sample(f"slow {i}", id=f"s{i}") for i in range(2)] + [
        sample(f"answer {i}", id=f"s{i}") for i in range(2, 8)
    ]
    with deadline_scope(1.0), ThreadPoolExecutor(bound.concurrency) as pool:
        futures = [pool.submit(contextvars.copy_context().run, bound, s) for s in batch]
        rewards = [f.result(timeout=30) for f in futures]
    # Both workers hold a slow sample until the deadline; everything after it times out.
    assert all(r.errors == ("timeout",) for r in rewards)
    assert len(client.calls) == 2


def test_retries_stop_at_the_deadline() -> None:
    def script(request: dict[str, Any], n: int) -> dict[str, Any]:
        raise client_error("ThrottlingException", 429)

    client = FakeClient(script)
    bound, impl = make(client, max_attempts=10_000, retry_base_delay=0.01, retry_max_delay=0.02)
    impl.caller.sleep = time.sleep
    with deadline_scope(0.3):
        reward = bound(sample())
    assert reward.errors == ("timeout",)
    assert 1 <= len(client.calls) < 10_000


def test_expired_deadline_makes_no_call() -> None:
    client = FakeClient()
    bound, _ = make(client)
    with deadline_scope(-1.0):
        reward = bound(sample())
    assert reward.errors == ("timeout",)
    assert client.calls == []


# -- the cache -------------------------------------------------------------------------------


def test_identical_request_is_served_from_the_cache() -> None:
    client = FakeClient()
    bound, _ = make(client)
    first, second = bound(sample(id="a")), bound(sample(id="b"))
    assert len(client.calls) == 1
    assert metrics(first)["cache_hit"] == 0.0
    assert metrics(second)["cache_hit"] == 1.0
    assert metrics(second)["input_tokens"] == 0.0
    assert second.score == first.score == 0.8


def test_different_responses_are_judged_separately() -> None:
    client = FakeClient()
    bound, _ = make(client)
    bound(sample("4"))
    bound(sample("5"))
    assert len(client.calls) == 2


def test_cache_size_zero_disables_the_cache() -> None:
    client = FakeClient()
    bound, _ = make(client, cache_size=0)
    bound(sample())
    bound(sample())
    assert len(client.calls) == 2


def test_least_recently_used_entry_is_evicted() -> None:
    client = FakeClient()
    bound, _ = make(client, cache_size=1)
    for text in ("a", "b", "a"):
        bound(sample(text))
    assert len(client.calls) == 3


def test_failures_are_not_cached() -> None:
    def script(request: dict[str, Any], n: int) -> dict[str, Any]:
        if n == 1:
            raise client_error("AccessDeniedException", 403)
        return converse_response(VERDICT)

    client = FakeClient(script)
    bound, _ = make(client)
    assert bound(sample()).errors == ("access_denied",)
    assert bound(sample()).score == 0.8
    assert len(client.calls) == 2


def test_identical_requests_in_flight_make_one_call() -> None:
    release = threading.Event()

    def script(request: dict[str, Any], n: int) -> dict[str, Any]:
        release.wait(10)
        return converse_response(VERDICT)

    client = FakeClient(script)
    bound, impl = make(client)
    waiting = []
    lookup = impl.cache.lookup

    def counting_lookup(key: str) -> Any:
        found = lookup(key)
        if found.wait is not None:
            waiting.append(key)
        return found

    impl.cache.lookup = counting_lookup  # type: ignore[method-assign]
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(bound, sample(id=f"r{i}")) for i in range(4)]
        stop = time.monotonic() + 10
        while len(waiting) < 3 and time.monotonic() < stop:
            time.sleep(0.005)
        release.set()
        rewards = [f.result(timeout=10) for f in futures]
    assert len(waiting) == 3
    assert len(client.calls) == 1
    assert sorted(metrics(r)["cache_hit"] for r in rewards) == [0.0, 1.0, 1.0, 1.0]


def test_one_client_serves_all_threads() -> None:
    made: list[FakeClient] = []

    def factory() -> FakeClient:
        time.sleep(0.01)  # widen the window in which a second client could be made
        made.append(FakeClient())
        return made[-1]

    bound = judge(model_id=MODEL, region="us-east-1", cache_size=0)
    impl = bound.impl
    assert isinstance(impl, JudgeGrader)
    impl.caller._client_factory = factory
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(bound, [sample(str(i)) for i in range(32)]))
    assert len(made) == 1
    assert len(made[0].calls) == 32


# -- record / replay -------------------------------------------------------------------------


@pytest.fixture
def recording(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "judge.jsonl"
    client = FakeClient(lambda r, n: converse_response(VERDICT, input_tokens=7, output_tokens=3))
    bound, _ = make(client, replay_path=str(path), replay_mode="record")
    bound(sample("4"))
    bound(sample("5"))
    yield path


def never_called(request: dict[str, Any], n: int) -> dict[str, Any]:
    raise AssertionError("replay mode must not call the model")


def test_record_mode_writes_one_line_per_reply(recording: Path) -> None:
    lines = [json.loads(line) for line in recording.read_text().splitlines()]
    assert len(lines) == 2
    assert lines[0]["model_id"] == MODEL
    assert lines[0]["reply"] == {
        "text": VERDICT,
        "input_tokens": 7,
        "output_tokens": 3,
        "stop_reason": "end_turn",
    }
    assert lines[0]["request"]["modelId"] == MODEL


def test_replay_mode_repeats_the_recorded_verdicts_without_calling(recording: Path) -> None:
    client = FakeClient(never_called)
    bound, _ = make(client, replay_path=str(recording), replay_mode="replay")
    reward = bound(sample("5"))
    assert reward.score == 0.8
    assert metrics(reward)["input_tokens"] == 7.0
    assert metrics(reward)["attempts"] == 0.0
    assert client.calls == []


def test_replay_miss_is_a_clear_error(recording: Path) -> None:
    bound, _ = make(FakeClient(never_called), replay_path=str(recording), replay_mode="replay")
    with pytest.raises(GraderError, match="no recorded reply") as info:
        bound(sample("6"))
    assert info.value.hint is not None and "replay_mode='record'" in info.value.hint


def test_replay_misses_when_the_rubric_changed(recording: Path) -> None:
    bound, _ = make(
        FakeClient(never_called),
        replay_path=str(recording),
        replay_mode="replay",
        rubric="Rate {response} from {min_score} to {max_score}.",
    )
    with pytest.raises(GraderError, match="no recorded reply"):
        bound(sample("4"))


def test_replay_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.jsonl"
    bound, _ = make(FakeClient(never_called), replay_path=str(path), replay_mode="replay")
    with pytest.raises(GraderError, match="does not exist"):
        bound(sample())


def test_malformed_replay_line_is_named(recording: Path) -> None:
    with recording.open("a") as handle:
        handle.write('{"key": "x", "reply": {"text": 5}}\n')
    bound, _ = make(FakeClient(never_called), replay_path=str(recording), replay_mode="replay")
    with pytest.raises(GraderError, match="line 3"):
        bound(sample("4"))


# -- keys: the random marker never breaks the cache or replay ----------------------------------


def _code_of(request: dict[str, Any]) -> str:
    text = request["messages"][0]["content"][0]["text"]
    start = text.index("⟦RESPONSE ") + len("⟦RESPONSE ")
    return str(text[start : text.index("⟧", start)])


def test_each_call_sends_a_new_marker_code_under_one_key() -> None:
    client = FakeClient()
    bound, impl = make(client, cache_size=0)
    bound(sample())
    bound(sample())
    assert len(client.calls) == 2
    assert _code_of(client.calls[0]) != _code_of(client.calls[1])
    assert impl.key_for(sample()) == impl.key_for(sample(id="other-id"))


_BASE: dict[str, Any] = {"model_id": MODEL, "region": "us-east-1"}

KEY_CHANGES: list[tuple[str, dict[str, Any], Sample]] = [
    ("model", {"model_id": "amazon.nova-micro-v1:0"}, sample()),
    ("rubric", {"rubric": "Rate {response} from {min_score} to {max_score}."}, sample()),
    ("system", {"system": "Be strict."}, sample()),
    ("score-range", {"score_range": [1, 10]}, sample()),
    ("inference", {"inference": {"temperature": 0.5}}, sample()),
    ("additional-fields", {"additional_fields": {"top_k": 5}}, sample()),
    ("response", {}, sample("2 + 2 = 5")),
    ("reference", {}, Sample.from_text(response="2 + 2 = 4", reference="5", prompt="What is 2+2?")),
    ("prompt", {}, Sample.from_text(response="2 + 2 = 4", reference="4", prompt="What is 2+3?")),
]


@pytest.mark.parametrize(
    ("args", "other"), [row[1:] for row in KEY_CHANGES], ids=[row[0] for row in KEY_CHANGES]
)
def test_key_changes_with_every_input(args: dict[str, Any], other: Sample) -> None:
    base = judge(**_BASE).impl
    changed = judge(**{**_BASE, **args}).impl
    assert isinstance(base, JudgeGrader) and isinstance(changed, JudgeGrader)
    assert base.key_for(sample()) != changed.key_for(other)


def test_key_cannot_be_forged_by_moving_text_between_fields() -> None:
    # Without markers in the key, "ab"+"c" and "a"+"bc" would render alike: they must not collide.
    impl = judge(**_BASE, rubric="{response}{reference}").impl
    assert isinstance(impl, JudgeGrader)
    one = Sample.from_text(response="ab", reference="c")
    two = Sample.from_text(response="a", reference="bc")
    assert impl.key_for(one) != impl.key_for(two)


def test_text_cut_at_the_field_limit_shares_a_key_as_the_judge_sees_the_same() -> None:
    impl = judge(**_BASE, max_field_chars=100).impl
    assert isinstance(impl, JudgeGrader)
    assert impl.key_for(sample("x" * 150 + "a")) == impl.key_for(sample("x" * 150 + "b"))
    assert impl.key_for(sample("x" * 99 + "a")) != impl.key_for(sample("x" * 99 + "b"))


def test_recordings_replay_in_a_new_grader_whatever_the_markers(tmp_path: Path) -> None:
    path = tmp_path / "judge.jsonl"
    recorder, _ = make(FakeClient(), replay_path=str(path), replay_mode="record")
    recorder(sample("4"))
    line = json.loads(path.read_text())
    recorded_code = _code_of(line["request"])
    # A second recording of the same sample has another code but the same key.
    again, _ = make(FakeClient(), replay_path=str(tmp_path / "again.jsonl"), replay_mode="record")
    again(sample("4"))
    second = json.loads((tmp_path / "again.jsonl").read_text())
    assert second["key"] == line["key"] and _code_of(second["request"]) != recorded_code
    replayer, impl = make(FakeClient(never_called), replay_path=str(path), replay_mode="replay")
    assert replayer(sample("4")).score == 0.8
    assert impl.key_for(sample("4")) == line["key"]


# -- a judge that quotes the response is not talked round -------------------------------------

TALK_ROUND_PROBES = [
    "judge_fake_verdict",
    "judge_marker_escape",
    "judge_fenced_verdict_last",
    "judge_score_line",
    "judge_verdict_first",
    "judge_exponent_score",
]


def _quoting_judge(where: str) -> Callable[[dict[str, Any], int], dict[str, Any]]:
    """A judge model that gives its own low verdict and quotes the response around it."""

    def script(request: dict[str, Any], n: int) -> dict[str, Any]:
        text = request["messages"][0]["content"][0]["text"]
        match = re.search(r"⟦RESPONSE ([0-9a-f]{16})⟧\n(.*)\n⟦/RESPONSE \1⟧", text, re.S)
        assert match is not None
        quoted = f"The response reads:\n{match.group(2)}\n"
        own = '{"reasoning": "The final answer is wrong.", "score": 1}'
        reply = {"before": f"{own}\n{quoted}", "after": f"{quoted}\n{own}", "only": quoted}[where]
        return converse_response(reply)

    return script


@pytest.mark.parametrize("where", ["before", "after", "only"])
@pytest.mark.parametrize("name", TALK_ROUND_PROBES)
def test_talk_round_probes_are_never_paid_by_a_quoting_judge(name: str, where: str) -> None:
    from rftkit.audit.probes import builtin_probes, make_input

    probe = {p.name: p for p in builtin_probes()}[name]
    response = probe.build(make_input(0, "72"))
    assert response is not None
    bound, _ = make(FakeClient(_quoting_judge(where)), cache_size=0)
    reward = bound(sample(response))
    assert reward.score <= 0.1, (reward.score, reward.explanation)
    if where == "only":
        assert reward.errors == ("unparseable_verdict",)
