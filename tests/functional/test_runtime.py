"""The local Lambda runtime: a zip run under awslambdaric on a loopback Runtime API.

Tests marked slow start real interpreters (3.12, 3.13 from pyenv); the first run installs the
runtime client into the rftkit cache from PyPI.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from rftkit.errors import RuntimeClientError, UsageError
from rftkit.harness.runtime import (
    BUNDLE_MANIFEST,
    LocalLambda,
    ensure_runtime_client,
    find_interpreter,
    read_bundle_manifest,
)
from tests.conftest import need_python

APP = """
import os, time

CALLS = 0

def handler(event, context):
    global CALLS
    CALLS += 1
    print("handled", CALLS)
    if event == "sleep":
        time.sleep(30)
    if event == "raise":
        raise KeyError("no such key")
    if event == "hog":
        return len(bytearray(600 * 1024 * 1024))
    if event == "die":
        os._exit(3)
    if isinstance(event, dict) and "rendezvous" in event:
        # Wait until `rendezvous` sandboxes are all inside the handler at once.
        open(os.path.join(os.environ["TMPDIR"], str(os.getpid())), "w").close()
        deadline = time.monotonic() + 10
        while len(os.listdir(os.environ["TMPDIR"])) < event["rendezvous"]:
            if time.monotonic() > deadline:
                raise TimeoutError("the other sandbox never arrived")
            time.sleep(0.01)
        return os.getpid()
    return {
        "event": event,
        "calls": CALLS,
        "function_name": context.function_name,
        "memory": context.memory_limit_in_mb,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "request_id": context.aws_request_id,
        "task_root": os.environ["LAMBDA_TASK_ROOT"],
    }
"""


def _zip(path: Path, files: dict[str, str], *, modes: dict[str, int] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = ((modes or {}).get(name, stat.S_IFREG | 0o644)) << 16
            zf.writestr(info, text)
    return path


def _needs(version: str) -> None:
    need_python(version)


@pytest.fixture(scope="module")
def app_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _zip(tmp_path_factory.mktemp("app") / "app.zip", {"app.py": APP})


@pytest.fixture
def app(app_zip: Path) -> Iterator[LocalLambda]:
    _needs("3.12")
    with LocalLambda(
        app_zip, python="3.12", handler="app.handler", timeout_s=2, memory_mb=256
    ) as fn:
        yield fn


# -- without an interpreter -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["../evil.py", "/etc/evil.py", "a/../../evil.py"],
)
def test_zip_entry_escaping_the_task_root_is_refused(tmp_path: Path, name: str) -> None:
    bundle = _zip(tmp_path / "bad.zip", {name: "x = 1\n"})
    with pytest.raises(RuntimeClientError, match="unsafe entry"):
        LocalLambda(bundle, handler="evil.handler")


def test_symlink_entry_is_refused(tmp_path: Path) -> None:
    bundle = _zip(
        tmp_path / "link.zip", {"link": "/etc/passwd"}, modes={"link": stat.S_IFLNK | 0o777}
    )
    with pytest.raises(RuntimeClientError, match="symbolic link"):
        LocalLambda(bundle, handler="link.handler")


def test_missing_bundle_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such bundle") as info:
        LocalLambda(tmp_path / "nope.zip")
    assert info.value.hint is not None


def test_not_a_zip_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.zip"
    bogus.write_text("not a zip")
    with pytest.raises(UsageError, match="is not a zip file"):
        LocalLambda(bogus)


@pytest.mark.parametrize("asked", ["3.13", "3.14", "python3.13"])
def test_a_bundle_for_another_python_is_refused_before_anything_runs(
    tmp_path: Path, asked: str
) -> None:
    """Issue 13: not a 'bad magic number' per invocation, one error up front."""
    manifest = json.dumps({"python": "3.12", "arch": "x86_64", "handler": "app.handler"})
    bundle = _zip(tmp_path / "b.zip", {"app.py": APP, "rftkit_grader.json": manifest})
    with pytest.raises(UsageError, match=r"built for Python 3\.12, not 3\.1[34]") as info:
        LocalLambda(bundle, python=asked)
    assert info.value.hint is not None and "drop --python" in info.value.hint


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"timeout_s": 0}, "timeout"),
        ({"timeout_s": 901}, "timeout"),
        ({"memory_mb": 64}, "memory"),
        ({"memory_mb": 20000}, "memory"),
    ],
)
def test_limits_outside_lambdas_range_are_refused(
    app_zip: Path, kwargs: dict[str, float], message: str
) -> None:
    with pytest.raises(UsageError, match=message):  # the caller's mistake: exit 2
        LocalLambda(app_zip, **kwargs)  # type: ignore[arg-type]


def test_missing_interpreter_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeClientError, match=r"no Python 3\.99 interpreter") as info:
        find_interpreter("3.99")
    assert info.value.hint is not None and "pyenv install 3.99" in info.value.hint


@pytest.mark.parametrize("where", ["pyenv", "path", "override"])
def test_the_finder_finds_an_interpreter_where_it_looks(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The running interpreter stands in for 3.12: the tests that need one skip when the finder
    # says there is none, so the finder itself must be checked on every machine.
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    patch = f"{version}.{sys.version_info.micro}"
    bin_dir = tmp_path / ("versions/" + patch + "/bin" if where == "pyenv" else "bin")
    bin_dir.mkdir(parents=True)
    link = bin_dir / f"python{version}"
    link.symlink_to(sys.executable)
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.setenv("PATH", str(bin_dir) if where == "path" else str(tmp_path / "empty"))
    monkeypatch.delenv(f"RFTKIT_PYTHON_{version.replace('.', '_')}", raising=False)
    if where == "override":
        monkeypatch.setenv(f"RFTKIT_PYTHON_{version.replace('.', '_')}", str(link))
    found = find_interpreter(version)
    assert Path(os.path.realpath(found)) == Path(os.path.realpath(sys.executable))


@pytest.mark.parametrize(
    ("required", "outcome"),
    [
        ("", pytest.skip.Exception),
        ("3.12 3.99", pytest.fail.Exception),
        ("3.99", pytest.fail.Exception),
    ],
)
def test_a_missing_interpreter_skips_unless_it_is_required(
    required: str, outcome: type[BaseException], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("RFTKIT_REQUIRE_PYTHONS", required)
    with pytest.raises(outcome, match=r"Python 3\.99"):
        need_python("3.99")


def test_bad_python_version_is_refused() -> None:
    with pytest.raises(RuntimeClientError, match="bad Python version"):
        find_interpreter("twelve")


def test_ric_dir_override_without_the_client_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RFTKIT_RIC_DIR", str(tmp_path))
    with pytest.raises(RuntimeClientError, match="no awslambdaric"):
        ensure_runtime_client("3.12")


def test_manifest_is_read_from_the_bundle_root(tmp_path: Path) -> None:
    record = {"handler": "m.h", "python": "3.13", "arch": "arm64"}
    bundle = _zip(tmp_path / "b.zip", {BUNDLE_MANIFEST: json.dumps(record)})
    assert read_bundle_manifest(bundle) == record


def test_zip_without_manifest_has_empty_record(app_zip: Path) -> None:
    assert read_bundle_manifest(app_zip) == {}


# -- under the real runtime client ------------------------------------------------------------


@pytest.mark.slow
def test_event_and_context_reach_the_handler(app: LocalLambda) -> None:
    result = app.invoke({"question": [1, 2.5, "x"]})
    assert result.ok, result.error
    assert result.payload["event"] == {"question": [1, 2.5, "x"]}
    assert result.payload["function_name"] == "rftkit-local"
    assert result.payload["memory"] == "256"
    assert 0 < result.payload["remaining_ms"] <= 2000
    assert result.payload["task_root"] != str(Path.cwd())
    assert any(line.startswith("REPORT RequestId:") for line in result.logs)
    assert "handled 1" in result.logs


@pytest.mark.slow
def test_process_stays_warm_between_invocations(app: LocalLambda) -> None:
    first = app.invoke("a")
    second = app.invoke("b")
    assert (first.payload["calls"], second.payload["calls"]) == (1, 2)
    assert first.payload["request_id"] != second.payload["request_id"]
    assert app.cold_starts == 1
    assert app.init_ms is not None and app.cold_start_ms is not None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("handler", "error_type", "message"),
    [
        ("missing_module.handler", "Runtime.ImportModuleError", "missing_module"),
        ("app.no_such_function", "Runtime.HandlerNotFound", "no_such_function"),
    ],
)
def test_init_failures_are_reported_as_lambda_does(
    app_zip: Path, handler: str, error_type: str, message: str
) -> None:
    _needs("3.12")
    with LocalLambda(app_zip, python="3.12", handler=handler) as fn:
        result = fn.invoke({})
    assert result.payload is None
    assert result.error is not None
    assert result.error["errorType"] == error_type
    assert message in result.error["errorMessage"]


@pytest.mark.slow
def test_unhandled_exception_reports_its_class(app: LocalLambda) -> None:
    result = app.invoke("raise")
    assert result.error is not None
    assert result.error["errorType"] == "KeyError"
    assert "no such key" in result.error["errorMessage"]


@pytest.mark.slow
def test_timeout_kills_the_process_and_the_next_invocation_is_cold(app: LocalLambda) -> None:
    timed_out = app.invoke("sleep")
    after = app.invoke("again")
    assert timed_out.error is not None
    assert timed_out.error["errorType"] == "Sandbox.Timedout"
    assert "timed out after 2.00 seconds" in timed_out.error["errorMessage"]
    assert after.ok and after.payload["calls"] == 1
    assert app.cold_starts == 2


@pytest.mark.slow
def test_concurrent_invocations_get_sandboxes_of_their_own(app_zip: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _needs("3.12")
    with LocalLambda(app_zip, python="3.12", handler="app.handler", concurrency=2) as fn:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(fn.invoke, [{"rendezvous": 2}] * 2))
        assert all(r.ok for r in results), [r.error for r in results]
        assert len({r.payload for r in results}) == 2
        assert fn.cold_starts == 2


@pytest.mark.slow
def test_memory_use_beyond_the_memory_size_is_an_out_of_memory_kill(app: LocalLambda) -> None:
    result = app.invoke("hog")
    after = app.invoke("again")
    assert result.error is not None
    assert result.error["errorType"] == "Runtime.OutOfMemory"
    assert after.ok and after.payload["calls"] == 1  # a fresh sandbox


@pytest.mark.slow
def test_smallest_memory_size_runs_a_small_function(app_zip: Path) -> None:
    _needs("3.12")
    with LocalLambda(app_zip, python="3.12", handler="app.handler", memory_mb=128) as fn:
        result = fn.invoke("small")
    assert result.ok, result.error


@pytest.mark.slow
def test_process_exit_mid_invocation_is_runtime_exit_error(app: LocalLambda) -> None:
    result = app.invoke("die")
    assert result.error is not None
    assert result.error["errorType"] == "Runtime.ExitError"
    assert "exit status 3" in result.error["errorMessage"]


# -- a real GSM8K batch through a built bundle ----------------------------------------------------


def _gsm8k_event(rows_file: Path, n: int = 32) -> tuple[list[dict[str, object]], list[float]]:
    """Rollouts in the open-weight shape: odd ones answer correctly, even ones are off by one."""
    event: list[dict[str, object]] = []
    expected: list[float] = []
    with open(rows_file, encoding="utf-8") as fh:
        for i, line in zip(range(n), fh, strict=False):
            row = json.loads(line)
            final = row["answer"].rsplit("####", 1)[1].strip().replace(",", "")
            right = i % 2 == 1
            reply = (
                row["answer"]
                if right
                else f"I think it is {int(final) + 1}.\n#### {int(final) + 1}"
            )
            event.append(
                {
                    "id": f"gsm8k-test-{i}",
                    "messages": [
                        {"role": "user", "content": row["question"]},
                        {"role": "assistant", "content": reply},
                    ],
                    "metadata": {"reference_answer": {"text": row["answer"]}},
                }
            )
            expected.append(1.0 if right else 0.0)
    return event, expected


@pytest.mark.slow
@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_gsm8k_batch_round_trips_through_the_built_bundle(
    version: str, gsm8k_sample: Path, tmp_path: Path
) -> None:
    from rftkit.harness.contract import validate_response
    from rftkit.packaging.bundle import build_bundle

    _needs(version)
    built = build_bundle("gsm8k", python=version, out_dir=tmp_path, check_import=False)
    event, expected = _gsm8k_event(gsm8k_sample)
    with LocalLambda(built.path) as fn:  # python and handler come from the bundle's record
        assert fn.python == version
        result = fn.invoke(event)
    assert result.ok, result.error
    assert validate_response(event, result.payload).ok
    assert [r["id"] for r in result.payload] == [e["id"] for e in event]
    assert [r["aggregate_reward_score"] for r in result.payload] == expected
