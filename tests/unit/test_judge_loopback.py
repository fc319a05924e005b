"""The judge over real HTTP: boto3 talking to a loopback Converse endpoint on 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rftkit.harness.handler import make_handler
from rftkit.rewards.builtin.judge import judge
from rftkit.rewards.judge.loopback import FakeResponse, LoopbackConverse, error, reply
from rftkit.rewards.types import Sample

pytestmark = pytest.mark.slow

MODEL = "us.anthropic.claude-3-5-haiku-20241022-v1:0"


@pytest.fixture(autouse=True)
def fake_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Obviously fake credentials, and no profile, config file or metadata service."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))


def test_throttled_over_http_then_judged() -> None:
    answers = [error("ThrottlingException", 429, "Too many requests"), reply('{"score": 9}')]

    def responder(model_id: str, body: dict[str, Any]) -> FakeResponse:
        return answers.pop(0)

    with LoopbackConverse(responder) as server:
        bound = judge(
            model_id=MODEL, region="us-west-2", endpoint_url=server.url, retry_base_delay=0.01
        )
        reward = bound(Sample.from_text(response="4", reference="4", prompt="2+2?"))
        requests = server.requests
    assert reward.score == 0.9
    assert len(requests) == 2
    model_id, body = requests[-1]
    assert model_id == MODEL
    assert set(body) == {"messages", "system", "inferenceConfig"}
    text = body["messages"][0]["content"][0]["text"]
    marked = re.search(r"⟦RESPONSE ([0-9a-f]{16})⟧\n4\n⟦/RESPONSE \1⟧", text)
    assert marked is not None
    # A retry resends the same request; the system prompt names the same code.
    assert requests[0][1] == body
    assert marked.group(1) in body["system"][0]["text"]


def test_botocore_adds_no_retries_of_its_own() -> None:
    with LoopbackConverse(lambda m, b: error("ServiceUnavailableException", 503)) as server:
        bound = judge(
            model_id=MODEL,
            region="us-west-2",
            endpoint_url=server.url,
            max_attempts=2,
            retry_base_delay=0.01,
        )
        reward = bound(Sample.from_text(response="4"))
        requests = server.requests
    assert reward.errors == ("judge_unavailable",)
    assert len(requests) == 2


class LambdaContext:
    """The one method of the Lambda context the handler reads."""

    def __init__(self, millis: int) -> None:
        self.millis = millis

    def get_remaining_time_in_millis(self) -> int:
        return self.millis


def test_handler_batch_reaching_the_deadline_returns_every_result() -> None:
    # 8 samples, 2 at a time, 0.3 s each: at least 1.2 s of work against a 0.75 s budget
    # (1.5 s remaining less the handler's 1 s margin, but never less than half).
    event = [
        {
            "id": f"r{i}",
            "messages": [
                {"role": "user", "content": "2+2?"},
                {"role": "assistant", "content": f"answer {i}"},
            ],
            "reference_answer": "4",
        }
        for i in range(8)
    ]
    with LoopbackConverse(delay=0.3) as server:
        bound = judge(
            model_id=MODEL, region="us-west-2", endpoint_url=server.url, max_concurrency=2
        )
        handler = make_handler(bound, log_sink=lambda line: None)
        batch = handler.grade_event(event, LambdaContext(1500))
    assert [r["id"] for r in batch.response] == [f"r{i}" for i in range(8)]
    timed_out = [r for r in batch.rewards if "timeout" in r.errors]
    judged = [r for r in batch.rewards if not r.errors]
    assert timed_out, "the budget cannot fit four rounds of 0.3 s"
    assert len(timed_out) + len(judged) == 8
    assert all(r.score == 0.7 and r.metric("input_tokens") == 100.0 for r in judged)
