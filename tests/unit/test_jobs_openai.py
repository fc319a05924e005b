"""The OpenAI-compatible job path: routing, checks, tokens, requests, events, curve, watch loop.

HTTP goes to tests/fakes/openai_server.py on 127.0.0.1 only; fake keys live in these tests.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.errors import DatasetError, JobError, UsageError
from rftkit.jobs.curve import MetricCurve
from rftkit.jobs.evaluate import (
    Answer,
    answer_events,
    ask_model,
    load_eval_records,
    prompt_messages,
)
from rftkit.jobs.model import EventCursor, JobEvent, JobInfo, JobSnapshot
from rftkit.jobs.openai import (
    ApiKey,
    OpenAIHyperparameters,
    OpenAISession,
    bedrock_token_expiry,
    execute_openai_plan,
    mantle_base_url,
    openai_errors,
    openai_event_pages,
    openai_job_info,
    openai_poller,
    plan_openai_job,
    resolve_api_key,
    resolve_base_url,
)
from rftkit.jobs.routes import (
    choose_grader_function,
    is_lambda_arn,
    resolve_grader_function,
    route_for,
)
from rftkit.jobs.watch import watch_job
from tests.fakes.openai_server import FakeOpenAIServer, JobScript

GOOD = "fake-bedrock-key"
ARN = "arn:aws:lambda:us-west-2:123456789012:function:gsm8k-reward"


@pytest.fixture(scope="module")
def server() -> Any:
    with FakeOpenAIServer(tokens={GOOD}) as s:
        yield s


@pytest.fixture
def client(server: FakeOpenAIServer) -> Any:
    from openai import OpenAI

    return OpenAI(base_url=server.base_url, api_key=GOOD, max_retries=0, timeout=10)


@pytest.fixture
def train_file(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    row = {"messages": [{"role": "user", "content": "2+2?"}], "reference_answer": "4"}
    path.write_text(json.dumps(row) + "\n")
    return path


# -- routing and the grader ARN -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "route"),
    [
        ("openai.gpt-oss-20b", "openai"),
        ("qwen.qwen3-32b", "openai"),
        ("amazon.nova-2-lite-v1:0:256k", "native"),
        ("amazon.nova-micro-v1:0", "native"),
    ],
)
def test_models_route_to_their_api(model: str, route: str) -> None:
    assert route_for(model) == route


@pytest.mark.parametrize("model", ["gpt-4o-mini", "amazon.nova-", "openai.gpt-oss-120b", ""])
def test_unknown_model_is_a_usage_error(model: str) -> None:
    with pytest.raises(UsageError, match="unknown model"):
        route_for(model)


def test_unknown_model_suggests_a_close_name() -> None:
    with pytest.raises(UsageError) as info:
        route_for("openai.gpt-oss-20")
    assert info.value.hint is not None and "openai.gpt-oss-20b" in info.value.hint


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (ARN, True),
        ("arn:aws:lambda:us-west-2:123456789012:function:f:$LATEST", True),
        ("arn:aws:lambda:us-west-2:123456789012:function:f:prod", True),
        ("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f", True),
        ("arn:aws:lambda:us-west-2:12345678901:function:f", False),  # 11-digit account
        ("arn:aws:lambda:us-west-2:123456789012:function:my fn", False),
        ("arn:aws:lambda:us-west-2:123456789012:layer:f", False),
        ("arn:aws:s3:::bucket", False),
        ("gsm8k-reward", False),
        (ARN + "x" * 600, False),
    ],
)
def test_lambda_arn_pattern(text: str, ok: bool) -> None:
    assert is_lambda_arn(text) is ok


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_lambda_arn_check_never_raises(text: str) -> None:
    assert isinstance(is_lambda_arn(text), bool)


def test_an_arn_is_used_without_a_lookup() -> None:
    assert resolve_grader_function(ARN, region="us-west-2", lambda_client=object()) == ARN


def test_a_malformed_arn_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="not a Lambda function ARN"):
        resolve_grader_function("arn:aws:lambda:us-west-2:1:function:f", region="us-west-2")


def test_a_function_name_is_resolved_with_get_function() -> None:
    import boto3
    from botocore.stub import Stubber

    lam = boto3.client(
        "lambda",
        region_name="us-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(lam) as stub:
        stub.add_response(
            "get_function",
            {"Configuration": {"FunctionArn": ARN}},
            {"FunctionName": "gsm8k-reward"},
        )
        stub.add_response(
            "get_alias",
            {"AliasArn": ARN + ":live", "FunctionVersion": "3"},
            {"FunctionName": "gsm8k-reward", "Name": "live"},
        )
        chosen = choose_grader_function("gsm8k-reward", region="us-west-2", lambda_client=lam)
    # The alias deploy smoke-tested and moved, never the bare ARN ($LATEST code).
    assert chosen.arn == ARN + ":live"
    assert chosen.note is not None and "version 3" in chosen.note
    assert chosen.warning is None


def _lambda_client() -> Any:
    import boto3

    return boto3.client(
        "lambda",
        region_name="us-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_a_function_without_the_alias_resolves_to_its_arn_with_a_warning() -> None:
    from botocore.stub import Stubber

    lam = _lambda_client()
    with Stubber(lam) as stub:
        stub.add_response("get_function", {"Configuration": {"FunctionArn": ARN}})
        stub.add_client_error("get_alias", "ResourceNotFoundException", "no alias")
        chosen = choose_grader_function(
            "gsm8k-reward", region="us-west-2", alias="prod", lambda_client=lam
        )
    assert chosen.arn == ARN
    assert chosen.warning is not None and "$LATEST" in chosen.warning
    assert "'prod'" in chosen.warning


def test_a_qualified_name_is_used_as_written() -> None:
    from botocore.stub import Stubber

    lam = _lambda_client()
    with Stubber(lam) as stub:
        stub.add_response(
            "get_function",
            {"Configuration": {"FunctionArn": ARN + ":blue"}},
            {"FunctionName": "gsm8k-reward", "Qualifier": "blue"},
        )
        chosen = choose_grader_function("gsm8k-reward:blue", region="us-west-2", lambda_client=lam)
    assert (chosen.arn, chosen.warning) == (ARN + ":blue", None)


@pytest.mark.parametrize(
    ("arn", "warns"),
    [
        (ARN, True),
        (ARN + ":$LATEST", True),
        (ARN + ":live", False),
        (ARN + ":7", False),
    ],
)
def test_an_arn_that_runs_latest_code_is_warned_about(arn: str, warns: bool) -> None:
    chosen = choose_grader_function(arn, region="us-west-2", lambda_client=object())
    assert chosen.arn == arn
    assert (chosen.warning is not None) == warns


def test_a_missing_function_is_a_usage_error() -> None:
    import boto3
    from botocore.stub import Stubber

    lam = boto3.client(
        "lambda",
        region_name="us-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(lam) as stub:
        stub.add_client_error("get_function", "ResourceNotFoundException", "Function not found")
        with pytest.raises(UsageError, match="no Lambda function named 'nope' in us-west-2"):
            resolve_grader_function("nope", region="us-west-2", lambda_client=lam)


@pytest.mark.parametrize("ref", ["my function", "a/b", "x" * 65, ""])
def test_a_name_that_cannot_exist_is_refused_before_any_call(ref: str) -> None:
    with pytest.raises(UsageError):
        resolve_grader_function(ref, region="us-west-2", lambda_client=object())


# -- hyperparameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hp",
    [
        OpenAIHyperparameters(n_epochs=0),
        OpenAIHyperparameters(batch_size=-4),
        OpenAIHyperparameters(learning_rate_multiplier=0.0),
        OpenAIHyperparameters(learning_rate_multiplier=math.nan),
        OpenAIHyperparameters(learning_rate_multiplier=math.inf),
        OpenAIHyperparameters(n_epochs=True),
    ],
)
def test_impossible_hyperparameters_are_refused(hp: OpenAIHyperparameters) -> None:
    with pytest.raises(UsageError, match="hyperparameter out of bounds"):
        hp.check()


def test_unset_hyperparameters_are_left_to_the_service() -> None:
    assert OpenAIHyperparameters(n_epochs=2).check().to_wire() == {"n_epochs": 2}


# -- API keys ------------------------------------------------------------------------------------


def _token(seconds: int = 3600, region: str = "us-west-2") -> str:
    from aws_bedrock_token_generator import provide_token
    from botocore.credentials import Credentials

    class Provider:
        def load(self) -> Credentials:
            return Credentials("testing", "testing")

    return provide_token(
        region=region, aws_credentials_provider=Provider(), expiry=timedelta(seconds=seconds)
    )


def test_token_expiry_is_read_from_the_token() -> None:
    before = datetime.now(UTC)
    info = bedrock_token_expiry(_token(3600, "eu-west-1"))
    assert info is not None
    expires, region = info
    assert region == "eu-west-1"
    assert before + timedelta(seconds=3590) <= expires <= before + timedelta(seconds=3700)


@pytest.mark.parametrize("text", ["", "sk-abc", "bedrock-api-key-!!!", "bedrock-api-key-aGVsbG8="])
def test_tokens_without_an_expiry_give_none(text: str) -> None:
    assert bedrock_token_expiry(text) is None


def test_openai_api_key_wins() -> None:
    key = resolve_api_key("us-west-2", env={"OPENAI_API_KEY": "abc"}, provide_token=_fail)
    assert (key.value, key.source) == ("abc", "OPENAI_API_KEY")


def _fail(**_: Any) -> str:
    raise AssertionError("must not generate a token")


def test_an_openai_platform_key_is_refused() -> None:
    with pytest.raises(UsageError, match="OpenAI platform key"):
        resolve_api_key("us-west-2", env={"OPENAI_API_KEY": "sk-proj-123"})


def test_an_expired_token_is_refused_before_any_request() -> None:
    token = _token(60)
    later = datetime.now(UTC) + timedelta(hours=1)
    with pytest.raises(UsageError, match="expired"):
        resolve_api_key("us-west-2", env={"OPENAI_API_KEY": token}, now=later)


def test_a_token_for_another_region_gives_a_warning() -> None:
    key = resolve_api_key("us-west-2", env={"OPENAI_API_KEY": _token(600, "us-east-1")})
    assert any("us-east-1" in w for w in key.warnings)


def test_without_a_key_a_token_is_generated_for_the_region() -> None:
    seen: dict[str, Any] = {}

    def provide(**kwargs: Any) -> str:
        seen.update(kwargs)
        return _token(3600)

    key = resolve_api_key("us-west-2", env={}, provide_token=provide)
    assert seen == {"region": "us-west-2"}
    assert key.source == "aws_bedrock_token_generator" and key.expires_at is not None


def test_without_credentials_the_error_says_how_to_get_a_key() -> None:
    def provide(**_: Any) -> str:
        raise RuntimeError("No AWS credentials found.")

    with pytest.raises(UsageError, match="no API key") as info:
        resolve_api_key("us-west-2", env={}, provide_token=provide)
    assert info.value.hint is not None and "OPENAI_API_KEY" in info.value.hint


def test_a_generated_token_is_renewed_before_it_expires(server: FakeOpenAIServer) -> None:
    old = ApiKey(GOOD, "aws_bedrock_token_generator", datetime.now(UTC) + timedelta(minutes=1))
    session = OpenAISession(
        "us-west-2", server.base_url, api_key=old, env={"OPENAI_API_KEY": "new"}
    )
    first = session.client()
    assert session.api_key.value == "new"
    assert session.client() is first  # renewed once, then reused


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        (None, {}, "https://bedrock-mantle.us-west-2.api.aws/v1"),
        (None, {"RFTKIT_OPENAI_BASE_URL": "http://127.0.0.1:9/v1/"}, "http://127.0.0.1:9/v1"),
        (
            "http://127.0.0.1:8/v1",
            {"RFTKIT_OPENAI_BASE_URL": "http://x/v1"},
            "http://127.0.0.1:8/v1",
        ),
        (
            None,
            {"OPENAI_BASE_URL": "https://api.openai.com/v1"},
            "https://bedrock-mantle.us-west-2.api.aws/v1",
        ),
    ],
)
def test_base_url_precedence(flag: str | None, env: dict[str, str], expected: str) -> None:
    assert resolve_base_url("us-west-2", flag, env) == expected


@pytest.mark.parametrize("region", ["us_west_2", "mars", "US-WEST-2", "us-west-2/../x"])
def test_a_malformed_region_is_refused(region: str) -> None:
    with pytest.raises(UsageError):
        mantle_base_url(region)


# -- the create requests -------------------------------------------------------------------------


def test_the_job_body_carries_the_documented_method_block(train_file: Path) -> None:
    plan = plan_openai_job(
        model="openai.gpt-oss-20b",
        training_file=train_file,
        grader_arn=ARN,
        hyperparameters=OpenAIHyperparameters(1, 4, 1.0),
        base_url="https://bedrock-mantle.us-west-2.api.aws/v1",
    )
    assert plan.job_body("file-1") == {
        "model": "openai.gpt-oss-20b",
        "training_file": "file-1",
        "method": {
            "type": "reinforcement",
            "reinforcement": {
                "grader": {"type": "lambda", "lambda": {"function": ARN}},
                "hyperparameters": {
                    "n_epochs": 1,
                    "batch_size": 4,
                    "learning_rate_multiplier": 1.0,
                },
            },
        },
    }


def test_dry_run_requests_describe_the_upload_and_the_job(train_file: Path) -> None:
    plan = plan_openai_job(
        model="qwen.qwen3-32b", training_file=train_file, grader_arn=ARN, base_url="http://h/v1"
    )
    upload, create = plan.requests()
    assert upload["url"] == "http://h/v1/files"
    assert upload["multipart"]["purpose"] == "fine-tune"
    assert upload["multipart"]["file"]["bytes"] == train_file.stat().st_size
    assert create["url"] == "http://h/v1/fine_tuning/jobs"
    assert "suffix" not in create["json"]
    json.dumps(plan.requests())  # printable as JSON


def test_a_nova_model_cannot_use_the_openai_plan(train_file: Path) -> None:
    with pytest.raises(UsageError, match="native"):
        plan_openai_job(
            model="amazon.nova-2-lite-v1:0:256k",
            training_file=train_file,
            grader_arn=ARN,
            base_url="http://h/v1",
        )


def test_create_uploads_then_sends_the_exact_body(
    server: FakeOpenAIServer, client: Any, train_file: Path
) -> None:
    plan = plan_openai_job(
        model="openai.gpt-oss-20b",
        training_file=train_file,
        grader_arn=ARN,
        hyperparameters=OpenAIHyperparameters(n_epochs=2),
        base_url=server.base_url,
    )
    before = len(server.requests)
    created = execute_openai_plan(plan, client)
    upload, create = server.requests[before:]
    assert upload.path == "/v1/files" and upload.form == {"purpose": "fine-tune"}
    assert upload.files["file"][1] == train_file.read_bytes()
    assert create.json == plan.job_body(created.training_file_id)
    assert created.job_id in server.jobs


# -- errors --------------------------------------------------------------------------------------


def test_a_rejected_key_is_a_usage_error_with_a_hint(server: FakeOpenAIServer) -> None:
    from openai import OpenAI

    bad = OpenAI(base_url=server.base_url, api_key="wrong", max_retries=0)
    with pytest.raises(UsageError, match="rejected the API key") as info, openai_errors("list"):
        bad.fine_tuning.jobs.list()
    assert info.value.hint is not None


def test_a_rejected_expired_key_says_it_expired(server: FakeOpenAIServer) -> None:
    from openai import OpenAI

    expired = ApiKey("wrong", "OPENAI_API_KEY", datetime.now(UTC) - timedelta(seconds=1))
    bad = OpenAI(base_url=server.base_url, api_key="wrong", max_retries=0)
    with pytest.raises(UsageError) as info, openai_errors("listing jobs", api_key=expired):
        bad.fine_tuning.jobs.list()
    assert info.value.hint is not None and "expired" in info.value.hint


def test_an_unknown_job_is_a_usage_error(client: Any) -> None:
    with pytest.raises(UsageError, match="not found"), openai_errors("reading job"):
        client.fine_tuning.jobs.retrieve("ftjob-nope")


def test_a_server_error_is_a_job_error(server: FakeOpenAIServer, client: Any) -> None:
    server.fail_next(500, "boom")
    with pytest.raises(JobError, match="500"), openai_errors("listing jobs"):
        client.fine_tuning.jobs.list()


def test_an_unreachable_endpoint_is_a_job_error() -> None:
    import socket

    from openai import OpenAI

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=GOOD, max_retries=0, timeout=5)
    with pytest.raises(JobError, match="cannot reach"), openai_errors("listing jobs"):
        dead.fine_tuning.jobs.list()


# -- events --------------------------------------------------------------------------------------


def _events(n: int, start: int = 0) -> list[JobEvent]:
    return [JobEvent(f"e{i}", 1000 + i, "info", f"m{i}") for i in range(start, start + n)]


def _fetcher(store: list[JobEvent], order: str, limit: int) -> Any:
    def fetch(after: str | None) -> tuple[list[JobEvent], bool]:
        listing = store if order == "asc" else list(reversed(store))
        ids = [e.id for e in listing]
        start = ids.index(after) + 1 if after is not None else 0
        return listing[start : start + limit], start + limit < len(listing)

    return fetch


@settings(max_examples=60, deadline=None)
@given(
    batches=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=6),
    limit=st.integers(min_value=1, max_value=4),
    order=st.sampled_from(["asc", "desc"]),
)
def test_polls_return_every_event_once_in_order(batches: list[int], limit: int, order: str) -> None:
    store: list[JobEvent] = []
    cursor = EventCursor(_fetcher(store, order, limit))
    seen: list[JobEvent] = []
    for n in batches:
        store.extend(_events(n, len(store)))
        seen.extend(cursor.poll())
    assert [e.id for e in seen] == [e.id for e in store]


def test_an_ascending_server_is_resumed_from_the_newest_event() -> None:
    store = _events(6)
    calls: list[str | None] = []
    inner = _fetcher(store, "asc", 2)

    def fetch(after: str | None) -> tuple[list[JobEvent], bool]:
        calls.append(after)
        return inner(after)

    cursor = EventCursor(fetch)
    cursor.poll()
    calls.clear()
    store.extend(_events(1, 6))
    assert [e.id for e in cursor.poll()] == ["e6"]
    assert calls[0] == "e5"


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_events_are_paginated_against_the_server(order: str) -> None:
    from openai import OpenAI

    with FakeOpenAIServer(tokens={GOOD}, event_order=order) as srv:  # type: ignore[arg-type]
        job_id = srv.add_job(script=JobScript(total_steps=5))
        srv.advance(job_id, 8)
        client = OpenAI(base_url=srv.base_url, api_key=GOOD, max_retries=0)
        events = EventCursor(openai_event_pages(client, job_id, limit=2)).poll()
        expected = [e["id"] for e in srv.jobs[job_id].events]
        assert [e.id for e in events] == expected
        assert any(r.query.get("after") for r in srv.recorded("GET", "/events"))


def test_metric_values_are_read_leniently() -> None:
    event = JobEvent.from_api(
        {"id": "e", "created_at": 1, "level": "info", "message": "", "type": "metrics",
         "data": {"step": "3", "critic_rewards_mean": 0.5, "bad": "nan", "flag": True}}
    )  # fmt: skip
    assert (event.step, event.metric("critic_rewards_mean")) == (3, 0.5)
    assert event.metric("bad") is None and event.metric("flag") is None


# -- the reward curve ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"), [([0.0, 0.5, 1.0], " =@"), ([0.3, 0.3], "=="), ([], "")]
)
def test_sparkline(values: list[float], expected: str) -> None:
    curve = MetricCurve()
    for i, v in enumerate(values, 1):
        curve.add(i, v)
    assert curve.sparkline(10, ascii=True) == expected


def test_a_long_curve_is_averaged_to_the_width() -> None:
    curve = MetricCurve()
    for i in range(1, 501):
        curve.add(i, i / 500)
    line = curve.sparkline(40)
    assert len(line) == 40 and line[0] == "▁" and line[-1] == "█"


def test_non_finite_values_are_not_plotted() -> None:
    curve = MetricCurve()
    curve.add(1, math.nan)
    curve.add(2, 0.5)
    assert curve.series() == [(2, 0.5)]


def test_the_svg_chart_has_every_point_and_escapes_the_title() -> None:
    curve = MetricCurve()
    for i in range(1, 6):
        curve.add(i, i / 10)
    svg = curve.to_svg(title="<script>x</script>")
    assert svg.count("<circle") == 5 and "<polyline" in svg
    assert "<script>" not in svg


def test_the_html_page_is_self_contained() -> None:
    curve = MetricCurve()
    curve.add(1, 0.2)
    page = curve.to_html(title="job", live=True)
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert 'http-equiv="refresh"' in page
    assert "src=" not in page and "<link" not in page and "<script" not in page


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_BLUE = (31 / 255, 111 / 255, 235 / 255)  # the curve's colour, as the SVG draws it


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which must come first."""
    import struct

    assert data[:8] == _PNG_SIGNATURE and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _decode(data: bytes) -> Any:
    """The decoded pixels (height x width x channels, floats in 0..1)."""
    import io

    from matplotlib.image import imread

    return imread(io.BytesIO(data), format="png")


def _blue_pixels(pixels: Any) -> int:
    close = (abs(pixels[:, :, c] - _BLUE[c]) < 3 / 255 for c in range(3))
    a, b, c = close
    return int((a & b & c).sum())


def _rising_curve() -> MetricCurve:
    curve = MetricCurve(total_steps=12)
    for i in range(1, 11):
        curve.add(i, i / 10)
    return curve


@settings(max_examples=12, deadline=None)
@given(st.integers(40, 900), st.integers(40, 600))
def test_the_png_chart_has_exactly_the_size_asked(width: int, height: int) -> None:
    data = _rising_curve().to_png(width=width, height=height)
    assert _png_size(data) == (width, height)
    assert _decode(data).shape[:2] == (height, width)


def test_the_png_chart_draws_the_curve_in_blue() -> None:
    pixels = _decode(_rising_curve().to_png(width=200, height=100))
    assert _blue_pixels(pixels) > 100  # a 2-pixel line across most of the plot


def test_an_empty_png_chart_has_no_line() -> None:
    pixels = _decode(MetricCurve().to_png(width=50, height=40))
    assert pixels.shape[:2] == (40, 50)
    assert _blue_pixels(pixels) == 0


def test_a_png_without_matplotlib_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    with pytest.raises(UsageError, match=r"not installed: pip install 'rftkit\[plot\]'"):
        _rising_curve().to_png()
    # The HTML and SVG charts need no plotting library.
    assert "<polyline" in _rising_curve().to_svg()


def test_an_empty_chart_says_so() -> None:
    assert "no data yet" in MetricCurve().to_svg()


# -- the watch loop ------------------------------------------------------------------------------


def _job(status: str, state: str | None = None) -> JobInfo:
    return JobInfo("ftjob-1", "openai", "m", status, state or status)


def test_delays_grow_while_nothing_changes_and_reset_on_news() -> None:
    snaps = iter(
        [JobSnapshot(_job("running"))] * 4
        + [JobSnapshot(_job("running"), (JobEvent("e", 1, "info", "x"),))]
        + [JobSnapshot(_job("succeeded"))]
    )
    delays: list[float] = []
    watch_job(
        lambda: next(snaps),
        on_update=lambda s: None,
        interval=1,
        max_interval=3,
        sleep=delays.append,
    )
    assert delays == [1, 1.5, 2.25, 3, 1]


def test_transient_failures_back_off_then_give_up() -> None:
    delays: list[float] = []
    with pytest.raises(JobError, match="3 failed polls"):
        watch_job(
            lambda: None, on_update=lambda s: None, interval=1, max_failures=3, sleep=delays.append
        )
    assert delays == [1.5, 2.25]


def test_watching_stops_at_the_timeout() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    with pytest.raises(JobError, match="still running"):
        watch_job(
            lambda: JobSnapshot(_job("running")),
            on_update=lambda s: None,
            interval=5,
            timeout=12,
            sleep=sleep,
            clock=lambda: now[0],
        )


def test_the_poller_follows_a_job_to_success(server: FakeOpenAIServer) -> None:
    job_id = server.add_job(script=JobScript(total_steps=3))
    session = OpenAISession(
        "us-west-2", server.base_url, api_key=ApiKey(GOOD, "test"), max_retries=0
    )
    seen: list[JobEvent] = []
    final = watch_job(
        openai_poller(session, job_id),
        on_update=lambda s: seen.extend(s.new_events),
        interval=0.001,
        sleep=lambda s: None,
    )
    assert final.state == "succeeded" and final.fine_tuned_model
    steps = [e.step for e in seen if e.is_metrics]
    assert steps == [1, 2, 3]


def test_the_poller_reports_the_failure_message(server: FakeOpenAIServer) -> None:
    job_id = server.add_job(
        script=JobScript(total_steps=5, fail_at_step=2, failure_message="Lambda timed out")
    )
    session = OpenAISession(
        "us-west-2", server.base_url, api_key=ApiKey(GOOD, "test"), max_retries=0
    )
    final = watch_job(
        openai_poller(session, job_id), on_update=lambda s: None, sleep=lambda s: None
    )
    assert final.state == "failed" and final.error is not None and "Lambda timed out" in final.error


def test_the_poller_rides_out_a_server_error(server: FakeOpenAIServer) -> None:
    job_id = server.add_job(script=JobScript(total_steps=1))
    session = OpenAISession(
        "us-west-2", server.base_url, api_key=ApiKey(GOOD, "test"), max_retries=0
    )
    server.fail_next(503, path=job_id)
    retries: list[str] = []
    final = watch_job(
        openai_poller(session, job_id),
        on_update=lambda s: None,
        on_retry=retries.append,
        sleep=lambda s: None,
    )
    assert final.state == "succeeded" and len(retries) == 1


def test_job_info_normalises_statuses() -> None:
    info = openai_job_info(
        {"id": "j", "model": "m", "status": "failed", "error": {"code": "x", "message": "bad"}}
    )
    assert (info.state, info.error, info.done) == ("failed", "bad (x)", True)


# -- evaluation ----------------------------------------------------------------------------------


def _records(*texts: str) -> list[dict[str, Any]]:
    return [
        {"messages": [{"role": "user", "content": t}], "reference_answer": t, "task_id": f"t{i}"}
        for i, t in enumerate(texts)
    ]


def test_every_prompt_gets_one_answer_in_order() -> None:
    records = _records(*(str(i) for i in range(20)))
    answers = ask_model(records, lambda m: m[-1]["content"], concurrency=4)
    assert [(a.index, a.text) for a in answers] == [(i, str(i)) for i in range(20)]


def test_a_failed_request_is_that_prompts_error() -> None:
    def complete(messages: list[dict[str, Any]]) -> str:
        text = str(messages[-1]["content"])
        if text == "b":
            raise JobError("503 from endpoint")
        if text == "c":
            raise ValueError("odd reply")
        return text

    answers = ask_model(_records("a", "b", "c"), complete)
    assert [a.error for a in answers] == [None, "503 from endpoint", "ValueError: odd reply"]


def test_a_usage_error_stops_the_run() -> None:
    def complete(messages: list[dict[str, Any]]) -> str:
        raise UsageError("the endpoint rejected the API key")

    with pytest.raises(UsageError, match="rejected"):
        ask_model(_records("a", "b"), complete, concurrency=1)


def test_the_reply_is_not_part_of_the_prompt() -> None:
    record = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
    assert prompt_messages(record) == [{"role": "user", "content": "q"}]


def test_answers_become_events_shaped_like_training() -> None:
    records = _records("4", "5")
    answers = [Answer(0, "#### 4"), Answer(1, None, "timeout")]
    (event,) = answer_events(records, answers, profile="open-weight")
    (sample,) = event
    assert sample["messages"][-1] == {
        "role": "assistant",
        "content": [{"type": "text", "text": "#### 4"}],
    }
    assert sample["metadata"]["reference_answer"] == {"text": "4"}


def test_answers_are_graded_by_the_same_handler_as_the_lambda() -> None:
    from rftkit.harness.replay import InProcessInvoker, replay

    records = _records("4", "5", "6")
    answers = ask_model(records, lambda m: "#### 4")
    report = replay(
        InProcessInvoker("gsm8k"), answer_events(records, answers), grader="gsm8k", target="t"
    )
    assert report.samples == 3 and report.reward_mean == pytest.approx(1 / 3)


def test_raw_gsm8k_rows_get_the_training_prompt(tmp_path: Path) -> None:
    from rftkit.harness.dataset import USER_INSTRUCTION

    path = tmp_path / "test.jsonl"
    rows = [{"question": "How many?", "answer": "3+4=7\n#### 7"}] * 3
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    records = load_eval_records(path, limit=2)
    assert len(records) == 2
    assert records[0]["reference_answer"] == "7"
    assert USER_INSTRUCTION in prompt_messages(records[0])[-1]["content"]


def test_a_bad_held_out_line_names_its_number(tmp_path: Path) -> None:
    path = tmp_path / "test.jsonl"
    path.write_text('{"question": "q", "answer": "#### 1"}\n{"foo": 1}\n')
    with pytest.raises(DatasetError, match=":2:"):
        load_eval_records(path)
