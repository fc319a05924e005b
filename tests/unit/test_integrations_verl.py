"""The verl adapter, loaded and called the way verl does it (verl itself is not imported).

Loading: ``verl/trainer/ppo/reward.py``, ``get_custom_reward_fn(config)``: reads
``custom_reward_function.path`` (a file; ``load_extern_type`` in ``verl/utils/import_utils.py``
also accepts ``pkg://dotted.module``), loads it with ``importlib.util.spec_from_file_location(
"custom_module", path)`` after putting it in ``sys.modules["custom_module"]``, takes the
attribute named by ``custom_reward_function.name`` and wraps it so every call gets
``custom_reward_function.reward_kwargs`` merged over the call's keyword arguments
(``_call_with_kwargs``). Calling: ``verl/workers/reward_manager/naive.py``,
``NaiveRewardManager.__call__``: ``compute_score(data_source=..., solution_str=...,
ground_truth=..., extra_info=...)``; a dict result gives ``result["score"]`` as the reward and
every key is appended to ``reward_extra_info[key]``, lists that must line up per sample.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

import rftkit.integrations.verl as verl_module
from rftkit.rewards.registry import default_registry, grader

VERL_FILE = Path(verl_module.__file__)


def _call_with_kwargs(raw_fn: Any, extra_kwargs: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
    return raw_fn(*args, **{**kwargs, **extra_kwargs})


def verl_load(path: str, name: str, reward_kwargs: dict[str, Any]) -> Any:
    """What ``get_custom_reward_fn`` does with ``custom_reward_function`` (path or pkg://)."""
    if path.startswith("pkg://"):
        module = importlib.import_module(path[6:].replace("/", "."))
    else:
        spec = importlib.util.spec_from_file_location("custom_module", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["custom_module"] = module
        spec.loader.exec_module(module)
    return functools.partial(_call_with_kwargs, getattr(module, name), dict(reward_kwargs))


def naive_manager(fn: Any, rows: list[dict[str, Any]]) -> tuple[list[float], dict[str, list[Any]]]:
    """The per-sample loop of ``NaiveRewardManager.__call__``."""
    rewards: list[float] = []
    extra: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        result = fn(
            data_source=row["data_source"],
            solution_str=row["response"],
            ground_truth=row["ground_truth"],
            extra_info=row.get("extra_info"),
        )
        assert isinstance(result, dict)
        rewards.append(result["score"])
        for key, value in result.items():
            extra[key].append(value)
    return rewards, dict(extra)


ROWS = [
    {"data_source": "openai/gsm8k", "response": "8*9 = 72\n#### 72", "ground_truth": "72"},
    {"data_source": "openai/gsm8k", "response": "#### 71", "ground_truth": "72"},
    {"data_source": "openai/gsm8k", "response": "I don't know", "ground_truth": "72"},
    {"data_source": "openai/gsm8k", "response": 42, "ground_truth": "72"},  # not text
    {"data_source": "openai/gsm8k", "response": "\\boxed{1,000}", "ground_truth": "1000",
     "extra_info": {"split": "train", "index": 4}},
]  # fmt: skip


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verl_module, "_GRADERS", {})
    monkeypatch.setattr(verl_module, "_KEYS", {})
    monkeypatch.delitem(sys.modules, "custom_module", raising=False)


@pytest.mark.parametrize("path", [str(VERL_FILE), "pkg://rftkit.integrations.verl",
                                  "pkg://rftkit/integrations/verl"])  # fmt: skip
def test_loaded_like_verl_scores_with_one_key_set(path: str) -> None:
    fn = verl_load(path, "compute_score", {"grader": "gsm8k"})
    rewards, extra = naive_manager(fn, ROWS)
    assert rewards == [1.0, 0.0, 0.0, 0.0, 0.9]  # gsm8k: a boxed answer, not "####"
    assert extra["error"] == [0.0, 0.0, 0.0, 1.0, 0.0]
    # Every key has one value per sample, so verl's lists line up; all plain floats.
    assert {len(v) for v in extra.values()} == {len(ROWS)}
    assert "correct" in extra
    assert extra["correct"] == [1.0, 0.0, 0.0, 0.0, 1.0]
    assert all(type(v) is float and math.isfinite(v) for vs in extra.values() for v in vs)


def test_key_set_is_stable_even_when_the_first_sample_is_unscorable() -> None:
    fn = verl_load(str(VERL_FILE), "compute_score", {"grader": "gsm8k"})
    rows = [ROWS[3], *ROWS]
    _, extra = naive_manager(fn, rows)
    assert {len(v) for v in extra.values()} == {len(rows)}
    assert set(extra) == {"score", "error"}  # no metric seen first: documented


def test_metrics_kwarg_fixes_the_key_set() -> None:
    kwargs = {"grader": "gsm8k", "metrics": ["correct", "not_emitted"]}
    fn = verl_load(str(VERL_FILE), "compute_score", kwargs)
    _, extra = naive_manager(fn, [ROWS[3], *ROWS])
    assert set(extra) == {"score", "error", "correct", "not_emitted"}
    assert extra["not_emitted"] == [0.0] * 6
    assert extra["correct"] == [0.0, 1.0, 0.0, 0.0, 0.0, 1.0]


def test_grader_args_through_reward_kwargs_and_cache_per_grader_and_args() -> None:
    path = "pkg://rftkit.integrations.verl"  # one module object for both
    loose = verl_load(
        path, "compute_score", {"grader": "numeric", "grader_args": {"rel_tol": 0.01}}
    )
    strict = verl_load(path, "compute_score", {"grader": "numeric"})
    row = {"data_source": "x", "response": "3.14", "ground_truth": "3.1416"}
    assert naive_manager(loose, [row, row])[0] == [1.0, 1.0]
    assert naive_manager(strict, [row])[0] == [0.0]
    built = dict(verl_module._GRADERS)
    assert len(built) == 2  # one built grader per (grader, args)
    naive_manager(loose, [row])
    assert built == verl_module._GRADERS  # reused, not rebuilt


def test_extra_info_and_data_source_reach_the_grader_as_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[Any] = []

    @grader(name="verl_probe_meta", register=False)
    def probe() -> Any:
        def impl(sample: Any) -> float:
            seen.append(sample.metadata)
            return 0.5

        return impl

    monkeypatch.setitem(default_registry._factories, "verl_probe_meta", probe)
    fn = verl_load(str(VERL_FILE), "compute_score", {"grader": "verl_probe_meta"})
    out = fn(data_source="ds", solution_str="s", ground_truth="g", extra_info={"index": 7})
    assert out == {"score": 0.5, "error": 0.0}
    assert seen == [{"index": 7, "data_source": "ds"}]


def test_grader_args_as_hydra_containers_are_read_as_plain_values() -> None:
    # Hydra hands reward_kwargs over as DictConfig/ListConfig: Mapping and Sequence types.
    from types import MappingProxyType

    args = MappingProxyType({"rel_tol": 0.01})
    fn = verl_load("pkg://rftkit.integrations.verl", "compute_score",
                   {"grader": "numeric", "grader_args": args, "metrics": ("correct",)})  # fmt: skip
    out = fn(data_source="x", solution_str="3.14", ground_truth="3.1416", extra_info=None)
    assert out == {"score": 1.0, "error": 0.0, "correct": 1.0}
