"""TRL: an rftkit grader as a ``GRPOTrainer`` reward function.

>>> from rftkit.integrations.trl import reward_func
>>> f = reward_func("gsm8k")
>>> f.__name__
'gsm8k'
>>> f(prompts=["2+2?"], completions=["#### 4"], reference_answer=["4"])
[1.0]

TRL (``trl/trainer/grpo_trainer.py``, ``GRPOTrainer._calculate_rewards``) calls a reward
function as ``f(prompts=..., completions=..., completion_ids=..., **columns)`` where
``columns`` are the dataset's other columns (one value per completion) plus
``trainer_state``, ``log_extra`` and ``log_metric``. It names the ``rewards/<name>/mean`` log
after ``f.__name__`` and awaits ``f`` when ``inspect.iscoroutinefunction(f)`` is true (the
check goes through ``functools.partial``, so :func:`async_reward_func` returns one).

One float per completion, or None when the sample cannot be scored (TRL turns None into NaN
and leaves it out): the completion is not text, the grader raised (e.g. a reference it cannot
read), or it flagged ``no_reference``/``bad_reference``. A wrong or missing answer is a real
score. With ``log_metric`` each metric's mean over the scored samples is logged as
``<name>/<metric>``, and ``<name>/unscored`` is the fraction left unscored; with
``log_extra`` the extracted answers and rules go to the completions table as
``<name>/answer`` and ``<name>/rule``.

The callable pickles (for multiprocess trainers): it carries the grader's recipe and builds
the grader again on first use after unpickling.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Mapping, Sequence
from typing import Any

from rftkit.integrations._grading import build_grader, grade, make_sample
from rftkit.rewards.registry import BoundGrader
from rftkit.rewards.types import GraderSpec, Reward

__all__ = ["AsyncRewardFunc", "RewardFunc", "async_reward_func", "reward_func"]

_TRL_ARGS = frozenset({"trainer_state", "log_metric", "log_extra", "environments"})


class RewardFunc:
    """A grader as a TRL reward function (build it with :func:`reward_func`)."""

    __name__: str

    def __init__(
        self,
        grader: str | GraderSpec | BoundGrader,
        *,
        reference_column: str = "reference_answer",
        name: str | None = None,
        args: Mapping[str, Any] | None = None,
    ) -> None:
        bound = build_grader(grader, dict(args or {}))
        self._bound: BoundGrader | None = bound
        self.spec_json = bound.spec.to_json()  # GraderSpec itself does not pickle
        self.reference_column = reference_column
        self.__name__ = name or bound.name

    @property
    def grader(self) -> BoundGrader:
        """The bound grader, built again from its spec after unpickling."""
        if self._bound is None:
            self._bound = build_grader(GraderSpec.from_json(self.spec_json), {})
        return self._bound

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_bound": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"<rftkit TRL reward {self.__name__} {self.spec_json}>"

    def __call__(
        self,
        prompts: Sequence[Any] | None = None,
        completions: Sequence[Any] = (),
        completion_ids: Any = None,
        **columns: Any,
    ) -> list[float | None]:
        rewards = self.rewards(prompts, completions, columns)
        self.log(rewards, columns)
        return [None if r is None else r.score for r in rewards]

    def rewards(
        self, prompts: Sequence[Any] | None, completions: Sequence[Any], columns: Mapping[str, Any]
    ) -> list[Reward | None]:
        """One Reward (or None: cannot score) per completion."""
        bound = self.grader
        return [
            self._grade_one(bound, i, prompts, completions, columns)
            for i in range(len(completions))
        ]

    def _grade_one(
        self,
        bound: BoundGrader,
        i: int,
        prompts: Sequence[Any] | None,
        completions: Sequence[Any],
        columns: Mapping[str, Any],
    ) -> Reward | None:
        row = {}
        for key, values in columns.items():
            if key in _TRL_ARGS or isinstance(values, str | bytes):
                continue
            if isinstance(values, Sequence) and i < len(values):
                row[key] = values[i]
        reference = row.pop(self.reference_column, None)
        prompt = prompts[i] if prompts is not None and i < len(prompts) else None
        sample = make_sample(prompt, completions[i], reference, row, id=f"completion-{i}")
        return grade(bound, sample)

    def log(self, rewards: Sequence[Reward | None], columns: Mapping[str, Any]) -> None:
        """Send metric means to ``log_metric`` and answers/rules to ``log_extra`` if given."""
        log_metric = columns.get("log_metric")
        log_extra = columns.get("log_extra")
        name = self.__name__
        if callable(log_metric) and rewards:
            totals: dict[str, list[float]] = {}
            for r in rewards:
                if r is not None:
                    for m in r.metrics:
                        totals.setdefault(m.name, []).append(m.value)
            for metric, values in totals.items():
                log_metric(f"{name}/{metric}", sum(values) / len(values))
            unscored = sum(r is None for r in rewards) / len(rewards)
            log_metric(f"{name}/unscored", unscored)
        if callable(log_extra):
            log_extra(f"{name}/answer", [None if r is None else r.answer for r in rewards])
            log_extra(f"{name}/rule", [None if r is None else r.rule for r in rewards])


class AsyncRewardFunc(functools.partial[Any]):
    """A coroutine-function form of :class:`RewardFunc` (TRL awaits these concurrently)."""

    __name__: str


async def _score_async(
    func: RewardFunc,
    prompts: Sequence[Any] | None = None,
    completions: Sequence[Any] = (),
    completion_ids: Any = None,
    **columns: Any,
) -> list[float | None]:
    bound = func.grader
    n = len(completions)
    if bound.concurrency <= 1 or n <= 1:
        rewards = await asyncio.to_thread(func.rewards, prompts, completions, columns)
    else:
        gate = asyncio.Semaphore(bound.concurrency)

        async def one(i: int) -> Reward | None:
            async with gate:
                return await asyncio.to_thread(
                    func._grade_one, bound, i, prompts, completions, columns
                )

        rewards = list(await asyncio.gather(*(one(i) for i in range(n))))
    func.log(rewards, columns)
    return [None if r is None else r.score for r in rewards]


def reward_func(
    grader: str | GraderSpec | BoundGrader,
    *,
    reference_column: str = "reference_answer",
    name: str | None = None,
    **args: Any,
) -> RewardFunc:
    """A picklable TRL reward function that scores completions with ``grader``.

    Args:
        grader: a grader name or path (``"gsm8k"``, ``"graders.py:factory"``), a GraderSpec
            or a built grader.
        reference_column: the dataset column holding the reference answer.
        name: the name TRL logs the reward under (default: the grader's name).
        **args: the grader's arguments (with a name or path).
    """
    return RewardFunc(grader, reference_column=reference_column, name=name, args=args)


def async_reward_func(
    grader: str | GraderSpec | BoundGrader,
    *,
    reference_column: str = "reference_answer",
    name: str | None = None,
    **args: Any,
) -> AsyncRewardFunc:
    """:func:`reward_func` as a coroutine function, for graders that call out (the judge).

    Grading runs in worker threads, up to the grader's ``concurrency`` samples at once.
    """
    func = RewardFunc(grader, reference_column=reference_column, name=name, args=args)
    wrapped = AsyncRewardFunc(_score_async, func)
    wrapped.__name__ = func.__name__
    return wrapped
