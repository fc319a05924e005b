"""verl: an rftkit grader as ``custom_reward_function``.

verl loads this file by path (``custom_reward_function.path``; ``verl/trainer/ppo/reward.py``,
``get_custom_reward_fn``), takes ``compute_score`` by ``custom_reward_function.name`` and
calls it with its ``reward_kwargs`` merged in. Its reward managers (e.g.
``verl/workers/reward_manager/naive.py``) call
``compute_score(data_source=..., solution_str=..., ground_truth=..., extra_info=...)`` and,
for a dict, use ``"score"`` as the reward and append every key to per-sample lists that must
line up across the batch. So every result of one grader has the same keys:

* ``score``: the grader's score, or 0.0 when the sample cannot be scored (as the Lambda's
  error score);
* ``error``: 1.0 when the sample could not be scored, else 0.0;
* one key per metric name in ``metrics`` (a ``reward_kwargs`` entry), or, without it, per
  metric name the grader emitted for the first sample this process graded with it (none when
  that sample could not be scored: pass ``metrics`` to be sure). A metric a sample lacks is
  0.0; a name outside the set is left out.

Values are floats only (verl averages them). Graders are built once per (grader, arguments)
and process.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from rftkit.integrations._grading import build_grader, grade, make_sample
from rftkit.rewards.registry import BoundGrader

__all__ = ["compute_score"]

_GRADERS: dict[str, BoundGrader] = {}
_KEYS: dict[str, tuple[str, ...]] = {}
_OWN = frozenset({"score", "error"})


def _plain(value: Any) -> Any:
    """Hydra's DictConfig/ListConfig (reward_kwargs arrive as those) as dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [_plain(v) for v in value]
    return value


def compute_score(
    data_source: Any,
    solution_str: str,
    ground_truth: Any,
    extra_info: Mapping[str, Any] | None = None,
    *,
    grader: str,
    grader_args: Mapping[str, Any] | None = None,
    metrics: Sequence[str] | None = None,
    **_: Any,
) -> dict[str, float]:
    """Score one verl sample with ``grader``; ``{"score": ..., "error": ..., <metric>: ...}``.

    Example:
        >>> compute_score("openai/gsm8k", "#### 72", "72", grader="gsm8k")["score"]
        1.0
    """
    args = _plain(grader_args or {})
    key = json.dumps([grader, args], sort_keys=True, default=str)
    bound = _GRADERS.get(key)
    if bound is None:
        bound = _GRADERS[key] = build_grader(grader, args)
    meta: dict[str, Any] = dict(extra_info) if isinstance(extra_info, Mapping) else {}
    meta.setdefault("data_source", data_source)
    reward = grade(bound, make_sample(None, solution_str, ground_truth, meta))
    names = _KEYS.get(key) if metrics is None else tuple(str(n) for n in metrics)
    if names is None:
        # Fixed by the first sample (no metrics at all when it could not be scored).
        found = () if reward is None else tuple(m.name for m in reward.metrics)
        names = _KEYS[key] = tuple(n for n in dict.fromkeys(found) if n not in _OWN)
    out = {"score": 0.0 if reward is None else float(reward.score), "error": float(reward is None)}
    values = {} if reward is None else {m.name: float(m.value) for m in reward.metrics}
    for name in names:
        if name in _OWN:
            continue
        out[name] = values.get(name, 0.0)
    return out
