"""The TRL adapter, called exactly as TRL calls reward functions (TRL itself is not imported).

TRL's call site: ``trl/trainer/grpo_trainer.py``, ``GRPOTrainer._calculate_rewards``. It builds
``reward_kwargs`` from every dataset column except prompt/completion/completion_ids (one value
per completion), adds ``trainer_state``, ``log_extra`` (``_log_completion_extra(column,
values)``) and ``log_metric`` (``_log_metric(name, value)``), then calls
``reward_func(prompts=..., completions=..., completion_ids=..., **reward_kwargs)``; a function
for which ``asyncio.iscoroutinefunction(reward_func)`` is true is awaited instead (gathered on
its async loop). Names come from ``reward_func.__name__`` (``GRPOTrainer.__init__``). TRL's
experimental async GRPO passes only ``prompts``, ``completions``, ``completion_ids`` and the
columns (its checks use ``inspect.iscoroutinefunction``).
"""

from __future__ import annotations

import asyncio
import inspect
import math
import pickle
from typing import Any

import pytest

from rftkit.integrations.trl import async_reward_func, reward_func
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Reward, Sample


class TrainerState:
    """Stands in for ``transformers.TrainerState`` (only passed through)."""

    global_step = 3


class Logs:
    """Records what ``_log_metric`` / ``_log_completion_extra`` receive."""

    def __init__(self) -> None:
        self.metrics: list[tuple[str, float]] = []
        self.extra: dict[str, list[Any]] = {}

    def log_metric(self, name: str, value: float) -> None:
        self.metrics.append((name, value))

    def log_extra(self, column: str, values: list[Any]) -> None:
        self.extra.setdefault(column, []).extend(values)


PLAIN_PROMPTS = ["What is 8*9?", "What is 8*9?", "What is 2+2?"]
PLAIN_COMPLETIONS = ["8 * 9 = 72\n#### 72", "I think #### 71", "no idea"]
REFERENCES = ["72", "72", "4"]
EXPECTED = [1.0, 0.0, 0.0]


def trl_kwargs(
    prompts: list[Any], completions: list[Any], logs: Logs | None, **columns: list[Any]
) -> dict[str, Any]:
    """The keyword arguments of TRL's call, as ``_calculate_rewards`` assembles them."""
    kwargs: dict[str, Any] = {
        "prompts": prompts,
        "completions": completions,
        "completion_ids": [[1, 2, 3]] * len(completions),
        **columns,
    }
    if logs is not None:
        kwargs |= {
            "trainer_state": TrainerState(),
            "log_extra": logs.log_extra,
            "log_metric": logs.log_metric,
        }
    return kwargs


def conversational(prompts: list[str], completions: list[str]) -> tuple[list[Any], list[Any]]:
    """TRL's conversational format: a message-list prompt, a one-message completion."""
    conv_prompts = [
        [{"role": "system", "content": "Answer after ####."}, {"role": "user", "content": p}]
        for p in prompts
    ]
    conv_completions = [[{"role": "assistant", "content": c}] for c in completions]
    return conv_prompts, conv_completions


@pytest.mark.parametrize("fmt", ["plain", "conversational"])
@pytest.mark.parametrize("with_logs", [True, False])
def test_scores_both_formats_with_and_without_logging(fmt: str, with_logs: bool) -> None:
    f = reward_func("gsm8k")
    prompts, completions = (
        (PLAIN_PROMPTS, PLAIN_COMPLETIONS)
        if fmt == "plain"
        else conversational(PLAIN_PROMPTS, PLAIN_COMPLETIONS)
    )
    logs = Logs() if with_logs else None
    kwargs = trl_kwargs(prompts, completions, logs, reference_answer=REFERENCES, idx=[0, 1, 2])
    assert f(**kwargs) == EXPECTED
    if logs is not None:
        names = dict(logs.metrics)
        assert names["gsm8k/correct"] == pytest.approx(1 / 3)
        assert names["gsm8k/unscored"] == 0.0
        assert logs.extra["gsm8k/answer"] == ["72", "71", None]
        assert len(logs.extra["gsm8k/rule"]) == 3
        assert logs.extra["gsm8k/rule"][2] is None


def test_name_is_the_grader_name_and_can_be_overridden() -> None:
    assert reward_func("gsm8k").__name__ == "gsm8k"
    assert reward_func("numeric", rel_tol=0.01).__name__ == "numeric"
    assert reward_func("gsm8k", name="acc").__name__ == "acc"
    assert async_reward_func("gsm8k", name="acc").__name__ == "acc"
    logs = Logs()
    reward_func("gsm8k", name="acc")(**trl_kwargs(["q"], ["#### 1"], logs, reference_answer=["1"]))
    assert ("acc/correct", 1.0) in logs.metrics


def test_grader_args_and_reference_column() -> None:
    f = reward_func("numeric", reference_column="solution", rel_tol=0.01)
    out = f(**trl_kwargs(["q", "q"], ["3.14", "3.0"], None, solution=["3.1416", "3.1416"]))
    assert out == [1.0, 0.0]


@pytest.mark.parametrize(
    ("completion", "expected"),
    [
        (42, None),
        (None, None),
        (b"#### 4", None),
        ([["not", "a", "message"]], None),
        # A message whose content is not text flattens to "" as in the Lambda: no answer, 0.
        ([{"role": "assistant", "content": 7}], 0.0),
    ],
)
def test_a_completion_that_is_not_text_is_unscored_not_a_crash(
    completion: Any, expected: float | None
) -> None:
    f = reward_func("gsm8k")
    logs = Logs()
    out = f(**trl_kwargs(["q", "q"], [completion, "#### 4"], logs, reference_answer=["4", "4"]))
    assert out == [expected, 1.0]
    assert dict(logs.metrics)["gsm8k/unscored"] == (0.5 if expected is None else 0.0)


def test_a_grader_that_raises_leaves_that_sample_unscored() -> None:
    @grader(register=False)
    def picky() -> Any:
        def impl(sample: Sample) -> Reward:
            if sample.reference == "bad":
                raise ValueError("cannot read the reference")
            return Reward(1.0)

        return impl

    f = reward_func(picky())
    logs = Logs()
    out = f(**trl_kwargs(["q", "q"], ["a", "b"], logs, reference_answer=["bad", "ok"]))
    assert out == [None, 1.0]
    assert dict(logs.metrics)["picky/unscored"] == 0.5


@pytest.mark.parametrize("flag", ["no_reference", "bad_reference"])
def test_reference_flags_mean_unscored_but_no_answer_is_a_score(flag: str) -> None:
    @grader(register=False)
    def flags() -> Any:
        def impl(sample: Sample) -> Reward:
            return Reward(0.0, errors=(flag if sample.reference is None else "no_answer",))

        return impl

    f = reward_func(flags())
    out = f(**trl_kwargs(["q", "q"], ["a", "b"], None, reference_answer=[None, "x"]))
    assert out == [None, 0.0]


def test_missing_reference_column_or_short_column_does_not_crash() -> None:
    f = reward_func("exact_match")
    out = f(
        prompts=["q", "q"],
        completions=["Paris", "Paris"],
        completion_ids=None,
        reference_answer=["Paris"],
    )
    assert out[0] == 1.0
    assert len(out) == 2


def test_reference_wrapped_as_text_object_is_unwrapped_like_the_lambda() -> None:
    f = reward_func("gsm8k")
    assert f(**trl_kwargs(["q"], ["#### 72"], None, reference_answer=[{"text": "72"}])) == [1.0]


def test_other_columns_reach_the_grader_as_metadata() -> None:
    seen: list[dict[str, Any]] = []

    @grader(register=False)
    def meta() -> Any:
        def impl(sample: Sample) -> float:
            seen.append(sample.metadata)
            return 1.0

        return impl

    f = reward_func(meta())
    f(**trl_kwargs(["q"], ["a"], Logs(), reference_answer=["r"], task=["t1"], metadata=[{"k": 1}]))
    assert seen == [{"task": "t1", "k": 1}]


def test_pickle_round_trip_then_call() -> None:
    f = reward_func("numeric", rel_tol=0.01)
    kwargs = trl_kwargs(["q", "q"], ["3.14", "2"], Logs(), reference_answer=["3.1416", "3"])
    before = f(**kwargs)
    g = pickle.loads(pickle.dumps(f))
    assert g._bound is None  # rebuilt lazily, from the spec
    assert g.__name__ == "numeric"
    assert g(**kwargs) == before == [1.0, 0.0]


def test_async_variant_is_a_coroutine_function_trl_awaits() -> None:
    f = async_reward_func("gsm8k")
    assert inspect.iscoroutinefunction(f)
    assert asyncio.iscoroutinefunction(f)
    assert not inspect.iscoroutinefunction(reward_func("gsm8k"))
    for fmt in ("plain", "conversational"):
        prompts, completions = (
            (PLAIN_PROMPTS, PLAIN_COMPLETIONS)
            if fmt == "plain"
            else conversational(PLAIN_PROMPTS, PLAIN_COMPLETIONS)
        )
        logs = Logs()
        out = asyncio.run(f(**trl_kwargs(prompts, completions, logs, reference_answer=REFERENCES)))
        assert out == EXPECTED
        assert dict(logs.metrics)["gsm8k/correct"] == pytest.approx(1 / 3)
        # TRL's experimental async trainer passes no logging callables.
        assert (
            asyncio.run(f(**trl_kwargs(prompts, completions, None, reference_answer=REFERENCES)))
            == EXPECTED
        )


def test_async_variant_pickles_and_runs_samples_concurrently() -> None:
    g = pickle.loads(pickle.dumps(async_reward_func("gsm8k", name="acc")))
    assert g.__name__ == "acc"
    assert inspect.iscoroutinefunction(g)

    @grader(register=False)
    def slow_judge() -> Any:
        def impl(sample: Sample) -> float:
            return float(len(sample.completion))

        impl.concurrency = 4  # type: ignore[attr-defined]
        return impl

    f = async_reward_func(slow_judge())
    out = asyncio.run(
        f(prompts=None, completions=["a", "bb", "ccc", "", "eeeee"], completion_ids=None)
    )
    assert out == [1.0, 2.0, 3.0, 0.0, 5.0]


def test_scores_are_finite_floats() -> None:
    out = reward_func("math")(
        **trl_kwargs(["q"] * 2, [r"\boxed{\frac12}", "x"], None, reference_answer=["0.5", "1"])
    )
    assert all(type(v) is float and math.isfinite(v) for v in out if v is not None)
