"""One sample, one score: every trainer adapter agrees with ``rftkit grade`` and the Lambda.

Each entry of ADAPTERS scores one case the way its consumer does; adding an adapter is one
line there. Each case also carries its expected score, so agreeing on a wrong score fails too.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
from collections.abc import Callable
from typing import Any, NamedTuple

import pytest

from rftkit.cli.main import main
from rftkit.harness.handler import make_handler
from rftkit.integrations import openrlhf, trl, verl


class Case(NamedTuple):
    grader: str
    response: str
    reference: str
    expected: float
    args: dict[str, Any] = {}  # noqa: RUF012 - a NamedTuple default, never mutated
    prompt: str = "Solve the problem."


CASES = [
    Case("gsm8k", "8 * 9 = 72\n#### 72", "72", 1.0),
    Case("gsm8k", "She pays $1,000 in total.\n#### 1,000", "1000", 1.0),
    Case("gsm8k", "so the answer is \\boxed{72}", "72", 0.9),
    Case("gsm8k", "8 * 9 = 71\n#### 71", "72", 0.0),
    Case("gsm8k", "I am not sure.", "72", 0.0),
    Case("gsm8k", "#### -3.5", "-3.5", 1.0),
    Case("math", "\\boxed{\\frac{1}{2}}", "0.5", 1.0),
    Case("math", "\\boxed{0.5}", "\\frac12", 1.0),
    Case("math", "so $\\sqrt{2}$", "\\sqrt{2}", 1.0),
    Case("math", "\\boxed{x^2+2x+1}", "(x+1)^2", 1.0),
    Case("math", "\\boxed{3}", "4", 0.0),
    Case("math", "no answer", "4", 0.0),
    Case("numeric", "3.14", "3.1416", 1.0, {"rel_tol": 0.01}),
    Case("numeric", "3.14", "3.1416", 0.0),
]


def via_trl(case: Case) -> float | None:
    f = trl.reward_func(case.grader, **case.args)
    return f(prompts=[case.prompt], completions=[case.response], completion_ids=[[0]],
             reference_answer=[case.reference])[0]  # fmt: skip


def via_trl_conversational(case: Case) -> float | None:
    f = trl.reward_func(case.grader, **case.args)
    prompt = [{"role": "user", "content": case.prompt}]
    completion = [{"role": "assistant", "content": case.response}]
    return f(prompts=[prompt], completions=[completion], completion_ids=[[0]],
             reference_answer=[case.reference])[0]  # fmt: skip


def via_trl_async(case: Case) -> float | None:
    f = trl.async_reward_func(case.grader, **case.args)
    out = asyncio.run(f(prompts=[case.prompt], completions=[case.response], completion_ids=[[0]],
                        reference_answer=[case.reference]))  # fmt: skip
    return out[0]


def via_verl(case: Case) -> float:
    result = verl.compute_score("test", case.response, case.reference, None,
                                grader=case.grader, grader_args=case.args)  # fmt: skip
    return result["score"]


def via_grade_cli(case: Case) -> float:
    out = io.StringIO()
    argv = ["grade", "--json", "--grader", case.grader, "--args", json.dumps(case.args),
            f"--reference={case.reference}", f"--response={case.response}"]  # fmt: skip
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    score: float = json.loads(out.getvalue())["score"]
    return score


def via_lambda(case: Case) -> float:
    handler = make_handler(case.grader, log_sink=lambda _line: None, **case.args)
    event = [{"id": "s1", "messages": [{"role": "user", "content": case.prompt},
                                       {"role": "assistant", "content": case.response}],
              "metadata": {"reference_answer": case.reference}}]  # fmt: skip
    score: float = handler(event, None)[0]["aggregate_reward_score"]
    return score


def via_openrlhf(case: Case) -> float:
    # What `rftkit serve` and the `.py` reward_func both call: one query = prompt + response.
    handler = make_handler(case.grader, log_sink=lambda _line: None, **case.args)
    out = openrlhf.grade_openrlhf(handler, [case.prompt + case.response], [case.prompt],
                                  [case.reference], timeout_s=60.0, on_mismatch="error",
                                  names=openrlhf.MetricNames())  # fmt: skip
    score: float = out["rewards"][0]
    return score


ADAPTERS: dict[str, Callable[[Case], float | None]] = {
    "trl": via_trl,
    "trl_conversational": via_trl_conversational,
    "trl_async": via_trl_async,
    "verl": via_verl,
    "rftkit_grade": via_grade_cli,
    "lambda": via_lambda,
    "openrlhf": via_openrlhf,
}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.grader}:{c.response[:20]}")
def test_every_adapter_gives_the_same_score(case: Case) -> None:
    scores = {name: adapter(case) for name, adapter in ADAPTERS.items()}
    assert scores == dict.fromkeys(ADAPTERS, case.expected)


@pytest.mark.parametrize("reference", ["abc", ""])
def test_a_sample_that_cannot_be_scored_maps_to_each_consumers_convention(reference: str) -> None:
    # gsm8k raises on a reference that is not one number: the data's fault, not the model's.
    case = Case("gsm8k", "#### 4", reference, 0.0)
    assert via_trl(case) is None  # TRL skips None (NaN) in its sum
    assert via_trl_async(case) is None
    result = verl.compute_score("test", case.response, reference, None, grader="gsm8k")
    assert result["score"] == 0.0
    assert result["error"] == 1.0
    assert via_lambda(case) == 0.0  # the Lambda's error score
