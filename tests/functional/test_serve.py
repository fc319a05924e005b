"""``rftkit serve``: OpenRLHF's remote reward protocol over real HTTP on 127.0.0.1.

The client side is OpenRLHF's current code, called the way it calls (OpenRLHF itself is not
imported: it pulls in torch and vLLM):

* ``openrlhf/utils/agent.py``, ``SingleTurnAgentExecutor._fetch_rewards_via_http``: POSTs
  ``{"query": [...], "prompts": [...], "labels": [...]}`` as JSON (one query per request from
  ``execute``), ``raise_for_status()`` (any 4xx/5xx is retried, then the reward is lost),
  then ``execute`` reads ``rewards``, ``scores`` (falling back to ``rewards``) and
  ``extra_logs`` of the JSON answer;
* ``openrlhf/utils/remote_rm_utils.py``, ``remote_rm_fn_ray`` (older releases): the same body
  for a whole batch, the answer's lists concatenated per sample.

Every wait below has a timeout; the servers listen on 127.0.0.1, port 0.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rftkit.cli.main import main
from rftkit.cli.serve import RewardServer, ServeLimits
from rftkit.harness import make_handler
from rftkit.harness.handler import Handler
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample

HOST = "127.0.0.1"
PROMPT = (
    "<|im_start|>user\nAnn has 3 boxes of 12 eggs. How many?<|im_end|>\n<|im_start|>assistant\n"
)

# (response after the prompt, label): correct, wrong, unformatted, commas, a full solution
# as the label, an empty reply, a \boxed answer.
GSM8K_CASES: list[tuple[str, Any]] = [
    ("3 * 12 = 36\n#### 36", "36"),
    ("3 * 12 = 35\n#### 35", "36"),
    ("I think it is thirty-six", "36"),
    ("#### 2,125", "2125"),
    ("so #### 72", "48 + 24 = 72\n#### 72"),
    ("", "36"),
    ("The answer is \\boxed{36}.", "36"),
    ("#### 36", {"final_answer": "36"}),
]


def _quiet(line: str) -> None:
    return


@pytest.fixture
def serve() -> Iterator[Any]:
    """``serve(handler, **limits)`` starts a server in a thread; returns (server, port)."""
    started: list[tuple[RewardServer, threading.Thread]] = []

    def start(handler: Handler, *, on_mismatch: str = "error", **limits: Any) -> tuple[Any, int]:
        server = RewardServer((HOST, 0), handler, ServeLimits(**limits), on_mismatch=on_mismatch)
        server.log.line = _quiet  # type: ignore[method-assign]
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        started.append((server, thread))
        return server, int(server.server_address[1])

    yield start
    for server, thread in started:
        server.shutdown()
        server.server_close()
        thread.join(5)
        server.handler.close()


def post(port: int, body: bytes | str | Any, *, path: str = "/get_reward", timeout: float = 30):
    """POST like OpenRLHF's client (JSON, Content-Length); returns (status, decoded answer)."""
    if not isinstance(body, bytes | str):
        body = json.dumps(body)
    data = body.encode("utf-8") if isinstance(body, str) else body
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("POST", path, body=data, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        raw = resp.read()
        assert resp.getheader("Content-Type") == "application/json"
        return resp.status, json.loads(raw)
    finally:
        conn.close()


def get(port: int, path: str) -> tuple[int, Any]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    finally:
        conn.close()


def lambda_scores(pairs: list[tuple[str, Any]], name: str = "gsm8k") -> list[float]:
    """What the reward Lambda's handler returns for the same samples."""
    handler = make_handler(name, log_sink=_quiet)
    event = [
        {
            "id": f"s{i}",
            "messages": [
                {"role": "user", "content": PROMPT},
                {"role": "assistant", "content": text},
            ],
            "reference_answer": label,
        }
        for i, (text, label) in enumerate(pairs)
    ]
    return [r["aggregate_reward_score"] for r in handler(event, None)]


def check_shape(answer: dict[str, Any], n: int) -> None:
    assert set(answer) == {"rewards", "scores", "extra_logs"}
    assert len(answer["rewards"]) == len(answer["scores"]) == n
    assert answer["scores"] == answer["rewards"]
    assert "error" in answer["extra_logs"]
    for name, values in answer["extra_logs"].items():
        assert isinstance(name, str)
        assert len(values) == n
        assert all(isinstance(v, float) for v in values)


# -- the protocol -------------------------------------------------------------------------------


def test_one_sample_per_request_as_the_single_turn_executor_sends(serve: Any) -> None:
    _, port = serve(make_handler("gsm8k", log_sink=_quiet))
    expected = lambda_scores(GSM8K_CASES)
    assert 1.0 in expected
    assert 0.0 in expected  # the table has both outcomes
    for (text, label), score in zip(GSM8K_CASES, expected, strict=True):
        status, answer = post(
            port, {"query": [PROMPT + text], "prompts": [PROMPT], "labels": [label]}
        )
        assert status == 200
        check_shape(answer, 1)
        assert answer["rewards"] == [score]
        # agent.py: scores = rewards_info.get("scores") or rewards_info.get("rewards")
        assert (answer.get("scores") or answer.get("rewards")) == [score]


def test_a_batch_gets_one_value_per_query_in_order(serve: Any) -> None:
    _, port = serve(make_handler("gsm8k", log_sink=_quiet))
    body = {
        "query": [PROMPT + text for text, _ in GSM8K_CASES],
        "prompts": [PROMPT] * len(GSM8K_CASES),
        "labels": [label for _, label in GSM8K_CASES],
    }
    status, answer = post(port, body)
    assert status == 200
    check_shape(answer, len(GSM8K_CASES))
    assert answer["rewards"] == lambda_scores(GSM8K_CASES)
    assert answer["extra_logs"]["error"] == [0.0] * len(GSM8K_CASES)
    correct = answer["extra_logs"]["correct"]
    assert [c > 0 for c in correct] == [r > 0 for r in answer["rewards"]]


MATH_CASES: list[tuple[str, Any]] = [
    ("so the answer is \\boxed{\\frac{1}{2}}", "\\frac{1}{2}"),
    ("\\boxed{0.5}", "\\frac{1}{2}"),
    ("\\boxed{2}", "\\frac{1}{2}"),
    ("no box at all", "3"),
    ("\\boxed{\\sqrt{2}}", "\\sqrt 2"),
]


@pytest.mark.parametrize(("name", "cases"), [("gsm8k", GSM8K_CASES), ("math", MATH_CASES)])
def test_same_scores_as_the_lambda_handler_and_rftkit_grade(
    serve: Any, name: str, cases: list[tuple[str, Any]]
) -> None:
    from rftkit.rewards.registry import load_grader

    _, port = serve(make_handler(name, log_sink=_quiet))
    body = {
        "query": [PROMPT + text for text, _ in cases],
        "prompts": [PROMPT] * len(cases),
        "labels": [label for _, label in cases],
    }
    status, answer = post(port, body)
    assert status == 200
    expected = lambda_scores(cases, name)
    assert answer["rewards"] == expected
    assert len(set(expected)) > 1  # the table has more than one outcome
    bound = load_grader(name)  # what `rftkit grade` calls
    graded = [bound(Sample.from_text(response=t, reference=ref)).score for t, ref in cases]
    assert answer["rewards"] == graded


def test_the_response_is_the_query_after_its_prompt(serve: Any) -> None:
    # The prompt itself holds '#### 36': grading the whole query would reward a wrong reply.
    prompt = "Example: #### 36\nNow you: "
    _, port = serve(make_handler("gsm8k", log_sink=_quiet))
    status, answer = post(
        port, {"query": [prompt + "#### 5"], "prompts": [prompt], "labels": ["36"]}
    )
    assert (status, answer["rewards"]) == (200, [0.0])
    status, answer = post(
        port, {"query": [prompt + "#### 36"], "prompts": [prompt], "labels": ["36"]}
    )
    assert (status, answer["rewards"]) == (200, [1.0])


@pytest.mark.parametrize(("mode", "score"), [("error", -1.0), ("whole", 1.0)])
def test_a_query_that_does_not_start_with_its_prompt(serve: Any, mode: str, score: float) -> None:
    _, port = serve(make_handler("gsm8k", error_score=-1.0, log_sink=_quiet), on_mismatch=mode)
    body = {
        "query": ["cut prompt... #### 36", PROMPT + "#### 36"],
        "prompts": [PROMPT, PROMPT],
        "labels": ["36", "36"],
    }
    status, answer = post(port, body)
    assert status == 200
    check_shape(answer, 2)
    assert answer["rewards"] == [score, 1.0]
    if mode == "error":
        assert answer["extra_logs"]["error"] == [1.0, 0.0]
        assert answer["extra_logs"]["error_prompt_mismatch"] == [1.0, 0.0]


def test_samples_that_cannot_be_graded_get_the_error_score_not_a_500(serve: Any) -> None:
    @grader(register=False)
    def picky():
        def grade(sample: Sample) -> Any:
            if "boom" in sample.completion:
                raise RuntimeError("grader bug")
            if "nan" in sample.completion:
                return float("nan")
            return Reward(1.0, (Metric("seen", 1.0),))

        return grade

    _, port = serve(make_handler(picky(), error_score=-0.5, isolate=False, log_sink=_quiet))
    body = {
        "query": ["p ok", "p boom", "p nan", "p ok"],
        "prompts": ["p "] * 4,
        "labels": ["x", "x", "x", None],  # no reference: malformed for the Lambda too
    }
    status, answer = post(port, body)
    assert status == 200
    check_shape(answer, 4)
    assert answer["rewards"] == [1.0, -0.5, -0.5, -0.5]
    logs = answer["extra_logs"]
    assert logs["error"] == [0.0, 1.0, 1.0, 1.0]
    assert logs["error_grader_exception"] == [0.0, 1.0, 0.0, 0.0]
    assert logs["error_bad_score"] == [0.0, 0.0, 1.0, 0.0]
    assert logs["seen"] == [1.0, 0.0, 0.0, 0.0]
    # The keys stay: a later answer without errors still reports them (as 0.0).
    status, again = post(port, {"query": ["p ok"], "prompts": ["p "], "labels": ["x"]})
    assert set(again["extra_logs"]) == set(logs)
    assert again["extra_logs"]["error_bad_score"] == [0.0]


def test_an_empty_batch_and_the_older_query_only_body(serve: Any) -> None:
    _, port = serve(make_handler("gsm8k", require_reference=False, log_sink=_quiet))
    assert post(port, {"query": [], "prompts": [], "labels": []}) == (
        200,
        {"rewards": [], "scores": [], "extra_logs": {}},
    )
    # remote_rm_utils.remote_rm_fn before prompts/labels were sent: the query is the reply.
    status, answer = post(port, {"query": ["#### 4"]})
    assert status == 200
    check_shape(answer, 1)


# -- malformed requests -------------------------------------------------------------------------

MALFORMED: list[tuple[str, bytes | str | Any, int]] = [
    ("bad json", "{not json", 400),
    ("truncated json", '{"query": ["a"', 400),
    ("not utf-8", b'{"query": ["\xff\xfe"]}', 400),
    ("a list body", ["a"], 400),
    ("a string body", "a", 400),
    ("null body", None, 400),
    ("no query", {"prompts": ["a"]}, 400),
    ("query a number", {"query": 3}, 400),
    ("query item a number", {"query": ["a", 2]}, 400),
    ("query item null", {"query": [None]}, 400),
    ("prompts an object", {"query": ["a"], "prompts": {"a": 1}}, 400),
    ("prompt item a list", {"query": ["a"], "prompts": [["a"]]}, 400),
    ("fewer prompts", {"query": ["a", "b"], "prompts": ["a"]}, 400),
    ("more labels", {"query": ["a"], "prompts": ["a"], "labels": ["1", "2"]}, 400),
    ("labels not a list", {"query": ["a", "b"], "labels": "1"}, 400),
    ("nested too deeply", '{"query": ' + "[" * 100_000 + "]" * 100_000 + "}", 400),
    ("batch too long", {"query": ["a"] * 6}, 413),
]


@pytest.mark.parametrize(("why", "body", "status"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_requests_get_a_json_error_and_the_server_goes_on(
    serve: Any, why: str, body: Any, status: int
) -> None:
    _, port = serve(make_handler("gsm8k", log_sink=_quiet), max_batch=5, max_body=1_000_000)
    got, answer = post(port, body)
    assert got == status, why
    assert isinstance(answer["error"], str)
    assert answer["error"]
    assert get(port, "/health")[0] == 200


def test_an_oversize_body_is_refused_before_it_is_read(serve: Any) -> None:
    _, port = serve(make_handler("gsm8k", log_sink=_quiet), max_body=1000)
    status, answer = post(port, {"query": ["x" * 2000]})
    assert status == 413
    assert "limit is 1000" in answer["error"]
    # The header alone decides: a client announcing 1 GB is answered at once.
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n")
        head = sock.recv(4096)
    assert head.startswith(b"HTTP/1.0 413")


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        (b"POST /get_reward HTTP/1.1\r\nHost: x\r\n\r\n", 411),  # no Content-Length
        (b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 411),
        (b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n", 411),
        (b"POST /get_reward HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
        (b"POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 404),
        (b"POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405),
        (b"GET /get_reward HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        (b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        (b"PUT /get_reward HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    ],
)
def test_wrong_paths_methods_and_framing(serve: Any, request_line: bytes, status: int) -> None:
    _, port = serve(make_handler("gsm8k", log_sink=_quiet))
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(request_line)
        head = sock.recv(4096)
    assert head.split(b"\r\n", 1)[0].split(b" ")[1] == str(status).encode()
    assert get(port, "/health")[0] == 200


def test_a_stalled_body_gets_408_and_frees_the_thread(serve: Any) -> None:
    _, port = serve(make_handler("gsm8k", log_sink=_quiet), read_timeout_s=0.3)
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(b"POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        head = sock.recv(4096)
    assert head.startswith(b"HTTP/1.0 408")
    assert get(port, "/health")[1]["in_flight"] == 0


def test_health(serve: Any) -> None:
    _, port = serve(make_handler("gsm8k", log_sink=_quiet))
    status, body = get(port, "/health")
    assert status == 200
    assert body == {"status": "ok", "grader": "gsm8k", "isolated": False, "in_flight": 0}


# -- time limits --------------------------------------------------------------------------------


def test_a_hung_in_process_grader_gets_the_timeout_score_not_a_hang(serve: Any) -> None:
    release = threading.Event()

    @grader(register=False)
    def stuck():
        def grade(sample: Sample) -> float:
            release.wait(30)  # bounded: the test releases it
            return 1.0

        return grade

    _, port = serve(make_handler(stuck(), isolate=False, log_sink=_quiet), timeout_s=0.5)
    try:
        started = time.monotonic()
        status, answer = post(
            port, {"query": ["p a", "p b"], "prompts": ["p ", "p "], "labels": ["a", "b"]}
        )
        elapsed = time.monotonic() - started
    finally:
        release.set()
    assert status == 200
    assert answer["rewards"] == [0.0, 0.0]
    assert answer["extra_logs"]["error_timeout"] == [1.0, 1.0]
    assert elapsed < 20  # a correctness bound (0.5 s limit + grace), not a speed target


def test_an_isolated_grader_over_the_deadline_is_stopped(serve: Any) -> None:
    @grader(register=False)
    def sleepy():
        def grade(sample: Sample) -> float:
            if "sleep" in sample.completion:
                time.sleep(60)
            return 1.0

        return grade

    handler = make_handler(sleepy(), isolate=True, log_sink=_quiet)
    assert handler.isolated
    _, port = serve(handler, timeout_s=2.0)
    body = {"query": ["p fast", "p sleep", "p fast"], "prompts": ["p "] * 3, "labels": ["a"] * 3}
    status, answer = post(port, body)
    assert status == 200
    assert answer["rewards"] == [1.0, 0.0, 0.0]  # the one after the stuck one found no time
    assert answer["extra_logs"]["error_timeout"] == [0.0, 1.0, 1.0]


def test_a_request_that_gets_no_slot_in_time_gets_the_timeout_score(serve: Any) -> None:
    release = threading.Event()

    @grader(register=False)
    def stuck():
        def grade(sample: Sample) -> float:
            release.wait(30)  # bounded: the test releases it
            return 1.0

        return grade

    server, port = serve(
        make_handler(stuck(), isolate=False, log_sink=_quiet), timeout_s=1.0, max_concurrent=1
    )
    first: list[Any] = []
    body = {"query": ["p a"], "prompts": ["p "], "labels": ["a"]}
    holder = threading.Thread(target=lambda: first.append(post(port, body)))
    try:
        holder.start()
        for _ in range(200):  # up to 10 s for the first request to hold the only slot
            if server.in_flight == 1:
                break
            time.sleep(0.05)
        status, answer = post(port, body)
    finally:
        release.set()
        holder.join(30)
    assert status == 200
    assert answer["extra_logs"]["error_timeout"] == [1.0]
    assert first[0][0] == 200


# -- the command: graceful shutdown, --help, bad input ------------------------------------------

_SLOW_GRADER = """\
import time
from rftkit.rewards.registry import grader

@grader(register=False)
def slow():
    def grade(sample):
        time.sleep(1.5)
        return 1.0 if "yes" in sample.completion else 0.0
    return grade
"""


def _start_cli(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], int]:
    (tmp_path / "slow_grader.py").write_text(_SLOW_GRADER, encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from rftkit.cli.main import main; sys.exit(main())",
            "serve",
            "--grader",
            str(tmp_path / "slow_grader.py") + ":slow",
            "--port",
            "0",
            *extra,
        ],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        record = json.loads(line)
        if record.get("message") == "listening":
            return proc, int(record["url"].rsplit(":", 1)[1].split("/", 1)[0])
    proc.kill()
    raise AssertionError("the server did not start")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_lets_requests_in_flight_finish_then_exits_0(tmp_path: Path, sig: int) -> None:
    proc, port = _start_cli(tmp_path)
    try:
        result: list[Any] = []
        client = threading.Thread(
            target=lambda: result.append(
                post(port, {"query": ["p yes"], "prompts": ["p "], "labels": ["x"]})
            )
        )
        client.start()
        for _ in range(200):  # up to 10 s for the request to be in flight
            if get(port, "/health")[1]["in_flight"] == 1:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the request never got in flight")
        proc.send_signal(sig)
        client.join(30)
        assert result == [
            (200, {"rewards": [1.0], "scores": [1.0], "extra_logs": {"error": [0.0]}})
        ]
        assert proc.wait(30) == 0
        assert proc.stderr is not None
        lines = [json.loads(line) for line in proc.stderr.read().splitlines() if line.strip()]
        messages = [r["message"] for r in lines]
        assert "stopping" in messages
        assert {"message": "stopped", "drained": True, "in_flight": 0}.items() <= lines[-1].items()
        access = [r for r in lines if r["message"] == "request" and r["path"] == "/get_reward"]
        assert access[0]["status"] == 200
        assert access[0]["samples"] == 1
        # After the signal nothing listens any more.
        with pytest.raises(OSError):
            socket.create_connection((HOST, port), timeout=2).close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_help_names_the_protocol(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["serve", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ("/get_reward", "--remote_rm_url", "--max-body-mb", "--timeout", "127.0.0.1"):
        assert word in out


BAD_ARGS = [
    ["--timeout", "0"],
    ["--timeout", "nan"],
    ["--timeout", "inf"],
    ["--max-batch", "0"],
    ["--max-concurrent", "0"],
    ["--max-body-mb", "-1"],
    ["--drain-timeout", "0"],
    ["--port", "70000"],
    ["--error-score", "nan"],
    ["--args", "{"],
    ["--args", "[1]"],
    ["--arg", "novalue"],
    ["--grader", "no_such_grader_xyz"],
    ["--on-prompt-mismatch", "maybe"],
    ["--port", "eighty"],
]


@pytest.mark.parametrize("argv", BAD_ARGS, ids=[" ".join(a) for a in BAD_ARGS])
def test_bad_input_is_one_error_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    try:
        code = main(["serve", *argv])
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == 2
    assert sum(line.startswith("error:") for line in err.splitlines()) == 1
    assert "Traceback" not in err


def test_a_port_in_use_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]
