"""Pathological answers and the worker process that bounds the sympy stages.

Inputs refused by the parser's limits never start a worker; those tests are fast. Tests that
start the worker (a zygote interpreter that imports sympy) are marked slow and share one
worker per module.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rftkit.rewards.builtin.math import math as math_grader
from rftkit.rewards.deadline import deadline_scope
from rftkit.rewards.mathexpr.budget import Worker
from rftkit.rewards.mathexpr.equiv import Options, decide
from rftkit.rewards.mathexpr.nodes import Limits
from rftkit.rewards.registry import BoundGrader
from rftkit.rewards.types import Reward, Sample
from tests.conftest import need_python

# -- refused by the limits, no worker needed --------------------------------------------------

PATHOLOGICAL = [
    "9^9^9^9",
    "9^{9^{9^{9}}}",
    "10^{10^{10}}",
    "x^{10^{9}}",
    "(" * 10_000 + "1" + ")" * 10_000,
    "\\frac{1}{" * 10_000 + "2" + "}" * 10_000,
    "1+" * 500_000 + "1",
    "\\sqrt{" * 5_000 + "2" + "}" * 5_000,
    "123456789" * 100_000,
    "100000!",
    "\\text{" * 5_000 + "1" + "}" * 5_000,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: f"{t[:20]}...({len(t)} chars)")
def test_pathological_answer_is_refused_with_limit_flag(text: str) -> None:
    verdict = decide("1", text)
    assert (verdict.equal, verdict.flags) == (False, ("limit",))


@pytest.mark.parametrize("text", PATHOLOGICAL[:4])
def test_pathological_answer_is_refused_even_with_large_size_limits(text: str) -> None:
    big = Options(limits=Limits(max_chars=10**7, max_tokens=10**7, max_depth=100))
    assert decide("1", text, big).flags == ("limit",)


def test_pathological_inputs_through_the_grader_start_no_worker() -> None:
    g = math_grader()
    for text in ("9^9^9^9", "(" * 900 + "1" + ")" * 900, "10^{10^{10}}"):
        reward = g(Sample.from_text(response=f"\\boxed{{{text}}}", reference="1"))
        assert (reward.score, reward.metric("limit")) == (0.0, 1.0)
    assert g.impl.state["worker"] is None  # type: ignore[attr-defined]


def test_megabyte_reply_returns_quickly_with_score_zero() -> None:
    g = math_grader()
    reward = g(Sample.from_text(response="\\boxed{" + "(x+" * 250_000 + "1}", reference="2"))
    assert reward.score == 0.0
    assert g.impl.state["worker"] is None  # type: ignore[attr-defined]


# -- the worker --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    w = Worker(preload=("sympy",))
    yield w
    w.close()


@pytest.fixture(scope="module")
def grader() -> Iterator[BoundGrader]:
    g = math_grader(time_budget=1.0)
    yield g
    g.impl.close()  # type: ignore[attr-defined]


def _slow_sympy_pair() -> tuple[str, str]:
    # Equal in floating point everywhere it can be evaluated and beyond the canonical form,
    # so only sympy can decide, and expanding a 3000th power takes far longer than a second.
    return "x^{3000}", "(x+1)^{3000}"


def grade(g: BoundGrader, answer: str, reference: str) -> Reward:
    return g(Sample.from_text(response=f"\\boxed{{{answer}}}", reference=reference))


@pytest.mark.slow
def test_worker_returns_the_function_result(worker: Worker) -> None:
    assert worker.call(math.factorial, 10, timeout=30).value == 3628800


@pytest.mark.slow
def test_worker_call_over_budget_is_a_timeout_within_the_budget(worker: Worker) -> None:
    t0 = time.monotonic()
    outcome = worker.call(time.sleep, 30, timeout=0.5)
    assert outcome.status == "timeout"
    assert time.monotonic() - t0 < 5


@pytest.mark.slow
def test_worker_is_replaced_after_a_timeout(worker: Worker) -> None:
    worker.call(time.sleep, 30, timeout=0.2)
    starts = worker.starts
    assert worker.call(math.factorial, 5, timeout=30).value == 120
    assert worker.starts == starts + 1


@pytest.mark.slow
def test_worker_reports_an_exception_as_an_error(worker: Worker) -> None:
    outcome = worker.call(math.factorial, -1, timeout=30)
    assert outcome.status == "error" and "ValueError" in outcome.error


@pytest.mark.slow
def test_worker_death_is_reported_as_a_crash(worker: Worker) -> None:
    assert worker.call(os._exit, 3, timeout=30).status == "crash"
    assert worker.call(math.factorial, 3, timeout=30).value == 6


@pytest.mark.slow
def test_worker_memory_cap_turns_a_blow_up_into_a_memory_outcome(worker: Worker) -> None:
    assert worker.call(bytearray, 8 * 1024**3, timeout=30).status == "memory"


@pytest.mark.slow
def test_worker_can_be_called_from_another_thread(worker: Worker) -> None:
    results: list[object] = []
    t = threading.Thread(target=lambda: results.append(worker.call(abs, -4, timeout=30).value))
    t.start()
    t.join(60)
    assert results == [4]


@pytest.mark.slow
def test_worker_does_not_need_semaphores(monkeypatch: pytest.MonkeyPatch) -> None:
    # AWS Lambda has no /dev/shm: any multiprocessing lock or queue would fail there.
    import _multiprocessing

    def no_semaphores(*args: object, **kwargs: object) -> None:
        raise OSError("no /dev/shm")

    monkeypatch.setattr(_multiprocessing, "SemLock", no_semaphores)
    with Worker(preload=()) as w:
        assert w.call(abs, -2, timeout=30).value == 2


@pytest.mark.slow
def test_symbolic_stage_over_budget_scores_zero_with_timeout_flag(grader: BoundGrader) -> None:
    reference, answer = _slow_sympy_pair()
    t0 = time.monotonic()
    reward = grade(grader, answer, reference)
    assert time.monotonic() - t0 < 10
    assert (reward.score, reward.metric("timeout"), reward.errors) == (0.0, 1.0, ("timeout",))


@pytest.mark.slow
def test_grader_recovers_after_a_timeout(grader: BoundGrader) -> None:
    reference, answer = _slow_sympy_pair()
    grade(grader, answer, reference)
    reward = grade(grader, "\\sin^2 x + \\cos^2 x", "1")
    assert (reward.score, reward.metric("timeout")) == (1.0, 0.0)


@pytest.mark.slow
def test_symbolic_stage_in_the_worker_decides_equivalence(grader: BoundGrader) -> None:
    reward = grade(grader, "\\tan x \\cos x", "\\sin x")
    assert (reward.score, reward.errors) == (1.0, ())


@pytest.mark.slow
def test_invocation_deadline_caps_the_budget(grader: BoundGrader) -> None:
    reference, answer = _slow_sympy_pair()
    t0 = time.monotonic()
    with deadline_scope(0.6):
        reward = grade(grader, answer, reference)
    assert time.monotonic() - t0 < 0.9
    assert reward.errors == ("timeout",)


@pytest.mark.slow
def test_grader_works_from_a_worker_thread(grader: BoundGrader) -> None:
    rewards: list[Reward] = []
    t = threading.Thread(target=lambda: rewards.append(grade(grader, "\\cot x \\sin x", "\\cos x")))
    t.start()
    t.join(60)
    assert rewards[0].score == 1.0


def _math_sample(i: int, answer: str, reference: str) -> dict[str, object]:
    return {
        "id": f"s{i}",
        "messages": [
            {"role": "user", "content": "Simplify."},
            {"role": "assistant", "content": f"so the answer is $\\boxed{{{answer}}}$"},
        ],
        "metadata": {"reference_answer": {"final_answer": reference}},
    }


@pytest.mark.slow
def test_worker_runs_inside_the_lambda_runtime_of_a_built_bundle(tmp_path: Path) -> None:
    from rftkit.harness.runtime import LocalLambda
    from rftkit.packaging.bundle import build_bundle

    need_python("3.12")
    built = build_bundle(
        "rftkit.rewards.builtin.math:math",
        {"time_budget": 1.0},
        python="3.12",
        out_dir=tmp_path,
        check_import=False,
    )
    reference, answer = _slow_sympy_pair()
    event = [
        _math_sample(0, "\\tan x \\cos x", "\\sin x"),  # decided by sympy in the worker
        _math_sample(1, answer, reference),  # over the budget: the worker is killed
        _math_sample(2, "\\sin^2 x + \\cos^2 x", "1"),  # a fresh worker decides
        _math_sample(3, "9^9^9^9", "1"),  # refused by the limits
    ]
    with LocalLambda(built.path, timeout_s=60) as fn:
        result = fn.invoke(event)
    assert result.ok, result.error
    scores = [r["aggregate_reward_score"] for r in result.payload]
    flags = [{m["name"]: m["value"] for m in r["metrics_list"]}["timeout"] for r in result.payload]
    assert (scores, flags) == ([1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0])
