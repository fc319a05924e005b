"""The ``code`` grader: reference forms, scoring, and the sandbox against hostile programs."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.builtin.code import output_matches, same
from rftkit.rewards.code.sandbox import run_program
from rftkit.rewards.code.spec import extract_program, parse_tests
from rftkit.rewards.deadline import deadline_scope
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Reward, Sample

REGISTRY = GraderRegistry(entry_points=False)
G = REGISTRY.create("code", timeout=2.0)
FAST = REGISTRY.create("code", timeout=0.7)

IO = {"test_cases": [{"input": "1 2\n", "output": "3\n"}, {"input": "5 5\n", "output": "10"}]}
ASSERTS = {
    "tests": "assert add(1, 2) == 3\nassert add(2, 2) == 4\nassert 0 == add(0, 0)",
    "entry_point": "add",
}
MBPP = {
    "test_list": ["assert pair(1) == (1, 1)", "assert pair(2) == (2, 2)"],
    "test_setup": "import math",
}
HUMANEVAL = {
    "tests": "def check(candidate):\n    assert candidate([1, 2]) == [2, 1]\n"
    "    assert candidate([]) == []\n",
    "entry_point": "rev",
}
ONE_IO = {"test_cases": [{"input": "", "output": "ok"}]}
SECRET = "rftkit-test-secret-value"


def fence(src: str) -> str:
    return f"Here:\n```python\n{src}\n```\n"


def grade(reply: str, reference: Any, g: Any = G, metadata: Any = None) -> Reward:
    s = Sample.from_text(response=reply, reference=reference)
    if metadata is not None:
        s.metadata = metadata
    return g(s)  # type: ignore[no-any-return]


def leftovers(tmp: Path) -> list[str]:
    """Processes of sandbox runs under ``tmp``, and sandbox dirs left behind there.

    Scoped to this test's temporary directory (the sandbox makes its run dirs with
    ``tempfile``, which the test points at ``tmp``): another test run on the same machine
    has sandboxes of its own, which are not this test's leftovers. A run's processes carry
    its token and ``TMPDIR=<its run dir>`` in their environment, even after a ``chdir``.
    """
    found = []
    marker = str(tmp).encode()
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                env = Path(f"/proc/{pid}/environ").read_bytes()
            except OSError:
                continue
            try:
                cwd = os.readlink(f"/proc/{pid}/cwd")
            except OSError:
                cwd = ""
            if (b"RFTKIT_CODE_RUN=" in env and marker in env) or cwd.startswith(str(tmp)):
                found.append(pid)
    found += [p.name for p in tmp.glob("rftkit-code-*")]
    return found


ADD = "def add(a, b):\n    return a + b"
SUM_IO = "a, b = map(int, input().split())\nprint(a + b)"

CASES = [
    # (reply, reference, score)
    (fence(SUM_IO), IO, 1.0),
    (fence("a, b = map(int, input().split())\nprint(a * b)"), IO, 0.0),
    (fence("a, b = map(int, input().split())\nprint(a + b if a == 1 else 0)"), IO, 0.5),
    (fence("a, b = map(int, input().split())\nprint(a + b, '   ')\n\n"), IO, 1.0),
    (fence(ADD), ASSERTS, 1.0),
    (fence("def add(a, b):\n    return a * 2"), ASSERTS, 2 / 3),
    (fence("def add(a, b):\n    return float(a + b)"), ASSERTS, 0.0),  # strict types
    (fence("def add(a, b):\n    return str(a + b)"), ASSERTS, 0.0),
    (ADD, ASSERTS, 1.0),  # whole reply parses
    ("```\n" + ADD + "\n```", ASSERTS, 1.0),  # last fenced block
    (fence("def add(a, b): return 0") + fence(ADD), ASSERTS, 1.0),  # last python block
    (fence(ADD) + "```text\nnot code\n```", ASSERTS, 1.0),  # python block beats a later one
    (fence("def pair(x):\n    return (x, x)"), MBPP, 1.0),
    (fence("def pair(x):\n    return [x, x]"), MBPP, 0.0),  # list is not a tuple
    (fence("def rev(xs):\n    return xs[::-1]"), HUMANEVAL, 1.0),
    (fence("def rev(xs):\n    return xs"), HUMANEVAL, 0.5),
]


@pytest.mark.parametrize(("reply", "reference", "score"), CASES)
def test_cases(reply: str, reference: Any, score: float) -> None:
    assert grade(reply, reference).score == pytest.approx(score, abs=1e-6)


def test_metadata_test_cases_and_metrics() -> None:
    r = grade(fence(SUM_IO), None, metadata={"test_cases": IO["test_cases"]})
    assert r.score == 1.0
    assert r.metric("passed") == 2.0 and r.metric("total") == 2.0


def test_all_or_nothing_and_explanation() -> None:
    g = REGISTRY.create("code", all_or_nothing=True)
    reply = fence("a, b = map(int, input().split())\nprint(a + b if a == 1 else 0)")
    r = grade(reply, IO, g)
    assert r.score == 0.0 and r.metric("passed") == 1.0
    assert "test 2" in r.explanation and "expected '10'" in r.explanation


def test_float_tolerance() -> None:
    ref = {"test_cases": [{"input": "", "output": "0.3333333\n"}]}
    assert grade(fence("print(1/3)"), ref).score == 0.0
    assert grade(fence("print(1/3)"), ref, REGISTRY.create("code", float_tol=1e-6)).score == 1.0
    aref = {"tests": "assert f() == 0.1", "entry_point": "f"}
    assert grade(fence("def f(): return 0.1 + 1e-12"), aref).score == 0.0
    assert (
        grade(
            fence("def f(): return 0.1 + 1e-12"), aref, REGISTRY.create("code", float_tol=1e-9)
        ).score
        == 1.0
    )


@pytest.mark.parametrize(
    ("reply", "flag", "metric"),
    [
        ("no code here, just words.", "no_code", None),
        (fence("def add(a, b) return a"), "syntax_error", "syntax_errors"),
        (fence("def add(a, b):\n    raise ValueError('x')"), "runtime_error", "runtime_errors"),
    ],
)
def test_failure_flags(reply: str, flag: str, metric: str | None) -> None:
    r = grade(reply, ASSERTS)
    assert r.score == 0.0 and flag in r.errors
    if metric:
        assert (r.metric(metric) or 0) >= 1


@pytest.mark.parametrize(
    "reference",
    [
        None,
        "plain text",
        {"test_cases": []},
        {"test_cases": [{"input": 1}]},
        {"tests": "x = 1"},
        {"tests": "def check(candidate):\n    assert candidate(1) == 1"},
        {"tests": "assert ("},
    ],
)
def test_bad_reference_is_a_grader_error(reference: Any) -> None:
    with pytest.raises(GraderError):
        grade(fence(ADD), reference)


@pytest.mark.parametrize(
    "args",
    [
        {"timeout": 0},
        {"memory_mb": -1},
        {"all_or_nothing": 1},
        {"float_tol": 2},
        {"workers": -1},
        {"max_tests": 1.5},
    ],
)
def test_bad_args(args: dict[str, Any]) -> None:
    with pytest.raises(GraderArgsError):
        REGISTRY.create("code", **args)


# -- attacks: each must score 0 and leave no process or directory behind -----------------

ATTACKS = [
    ("exit0", "import sys\nsys.exit(0)", ASSERTS),
    ("os_exit0", "import os\nos._exit(0)", ASSERTS),
    ("exit0_io", "import sys\nsys.exit(0)", IO),
    (
        "fake_markers",
        "print('PASSED 3/3\\nall tests passed\\nOK')\ndef add(a, b): return None",
        ASSERTS,
    ),
    (
        "patch_builtins",
        "import builtins\nbuiltins.AssertionError = Exception\nbuiltins.bool = lambda x: True\n"
        "def add(a, b): return None",
        ASSERTS,
    ),
    (
        "always_equal",
        "class A:\n    def __eq__(s, o): return True\n    __hash__ = None\n"
        "def add(a, b): return A()",
        ASSERTS,
    ),
    (
        "int_subclass_equal",
        "class I(int):\n    def __eq__(s, o): return True\ndef add(a, b): return I(0)",
        ASSERTS,
    ),
    (
        "forge_results",
        # Forged records can only claim values; the expected literals never enter the child,
        # so a forgery is worth what returning that value would be.
        "import os\nfor fd in range(3, 20):\n    for i in range(3):\n        try: os.write(fd, "
        'b\'[%d, "v", [true]]\\n[%d, "ok", "PASS"]\\n[-1, "done"]\\n\' % (i, i))\n'
        "        except OSError: pass\ndef add(a, b): return None",
        ASSERTS,
    ),
    (
        "read_expected_from_disk",
        "import glob\nfound = [open(p).read() for p in glob.glob('/tmp/**', recursive=True)[:50]"
        " if p.endswith('.json')]\na, b = map(int, input().split())\nprint('?')",
        IO,
    ),
    ("infinite_loop", "while True: pass", IO),
    ("sleep", "import time\ntime.sleep(60)", ASSERTS),
    (
        "fork_bomb",
        "import os\nfor _ in range(200):\n    try: os.fork()\n    except OSError: pass\n"
        "import time\ntime.sleep(30)",
        ONE_IO,
    ),
    (
        "setsid_double_fork",
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        time.sleep(60)\n    os._exit(0)\ntime.sleep(30)",
        ONE_IO,
    ),
    (
        "setsid_clean_env_exec",
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        os.execve('/bin/sleep', ['sleep', '60'], {})\n    os._exit(0)\n"
        "time.sleep(0.2)",
        ONE_IO,
    ),
    ("memory_bomb", "x = []\nwhile True: x.append(bytearray(50 << 20))", ONE_IO),
    (
        "large_file",
        "with open('big', 'wb') as f:\n    while True: f.write(b'x' * (1 << 20))",
        ONE_IO,
    ),
    ("huge_stdout", "import sys\nwhile True: sys.stdout.write('ok' * 100000)", ONE_IO),
    (
        "read_secret",
        "import os\nprint(os.environ.get('AWS_SECRET_ACCESS_KEY', 'none'))",
        {"test_cases": [{"input": "", "output": SECRET}]},
    ),
]


@pytest.mark.parametrize(("name", "src", "reference"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_attack_scores_zero_and_leaves_nothing(
    name: str, src: str, reference: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = set(leftovers(tmp_path))
    r = grade(fence(src), reference, FAST)
    assert r.score == 0.0, (name, r)
    time.sleep(0.05)
    assert set(leftovers(tmp_path)) - before == set(), name


def test_environment_is_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", SECRET)
    run = run_program("stdio", "import os\nprint(sorted(os.environ))\nprint(dict(os.environ))")
    out = run.stdout.decode()
    assert SECRET not in out and "AWS" not in out and "LAMBDA" not in out
    assert run.returncode == 0


def test_memory_and_timeout_metrics() -> None:
    r = grade(fence("x = bytearray(4 << 30)"), ONE_IO, FAST)
    assert r.metric("memory_kills") == 1.0 and "memory" in r.errors
    r = grade(fence("while True: pass"), ONE_IO, FAST)
    assert r.metric("timeouts") == 1.0 and "timeout" in r.errors


def test_deadline_caps_the_runs() -> None:
    ref = {"test_cases": [{"input": "", "output": "x"}] * 5}
    t0 = time.monotonic()
    with deadline_scope(1.2):
        r = grade(fence("while True: pass"), ref, G)
    assert time.monotonic() - t0 < 2.5
    assert r.score == 0.0 and r.metric("timeouts") == 5.0


def test_weak_assert_shapes_are_counted() -> None:
    ref = {
        "test_list": ["assert f(1)", "assert not f(0)", "assert f(2) == f(2)", "assert f(3) == 1"]
    }
    r = grade(fence("def f(x): return x"), ref)
    assert r.metric("weak_tests") == 3.0
    assert r.score == pytest.approx(0.75)


def test_threads_share_the_grader() -> None:
    from concurrent.futures import ThreadPoolExecutor

    replies = [fence(SUM_IO), fence("print(0)")] * 4
    with ThreadPoolExecutor(4) as pool:
        scores = list(pool.map(lambda t: grade(t, IO).score, replies))
    assert scores == [1.0, 0.0] * 4


# -- pure helpers: tables and properties -------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "got", "ok"),
    [
        ("3\n", "3", True),
        ("a b\nc\n", "a b  \nc\n\n\n", True),
        ("3", "3.0", False),
        ("1\n2", "1\n3", False),
        ("x", " x", False),
        ("1\r\n2\r\n", "1\n2", True),
    ],
)
def test_output_matches(expected: str, got: str, ok: bool) -> None:
    assert output_matches(expected, got) is ok


@pytest.mark.parametrize(
    ("expected", "got", "ok"),
    [
        (3, 3, True),
        (3, 3.0, False),
        (True, 1, False),
        (1, True, False),
        ([1], (1,), False),
        ({"a": 1}, {"a": 1}, True),
        ({1, 2}, frozenset({1, 2}), True),
        (None, 0, False),
    ],
)
def test_same_is_strict(expected: Any, got: Any, ok: bool) -> None:
    assert same(expected, got) is ok


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_extract_never_raises(text: str) -> None:
    program, how = extract_program(text)
    assert how in {"python", "fence", "whole", "none", "unclosed_thinking"}
    assert (program is None) == (how in {"none", "unclosed_thinking"})


def test_a_reply_cut_off_while_thinking_has_no_program() -> None:
    # Found by the property above: a harmony channel token with no final channel.
    assert extract_program("<|channel|>") == (None, "unclosed_thinking")
    assert extract_program("<think>\nprint(1)") == (None, "unclosed_thinking")


def test_extract_is_bounded_on_hostile_fences() -> None:
    text = "```python\n" * 20000 + "x" * 100000
    t0 = time.monotonic()
    extract_program(text)
    assert time.monotonic() - t0 < 5.0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_parse_tests_raises_only_value_error(text: str) -> None:
    for ref in ({"tests": text}, {"test_list": [text]}, text):
        try:
            kind, tests, _ = parse_tests(ref, {}, 50)
        except ValueError:
            continue
        assert kind in {"stdio", "assert"} and tests


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_reply_scores_in_range(text: str) -> None:
    score = grade(text, ONE_IO, FAST).score
    assert 0.0 <= score <= 1.0
