"""Writing the response: :func:`render_result` / :func:`render_response`, and reading one back.

The only place in ``src/`` that spells the result keys: everything else uses
:data:`SCORE_KEY` / :data:`METRICS_KEY` or the readers :func:`result_score` and
:func:`result_metrics`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rftkit.errors import GraderError
from rftkit.harness.contract.content import WireId, type_name
from rftkit.rewards.types import Metric, Reward

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias

__all__ = [
    "ERROR_METRIC",
    "MAX_METRICS",
    "MAX_METRIC_NAME",
    "METRICS_KEY",
    "METRIC_TYPES",
    "RESPONSE_BUDGET",
    "RESPONSE_LIMIT",
    "SCORE_KEY",
    "TRUNCATED_METRIC",
    "WireMetric",
    "error_reward",
    "fit_response",
    "render_response",
    "render_result",
    "result_metrics",
    "result_score",
]

SCORE_KEY: Final = "aggregate_reward_score"
"""The result key of the sample's score."""

METRICS_KEY: Final = "metrics_list"
"""The result key of the sample's metrics."""

ERROR_METRIC: Final = "error"
"""Name of the metric (value 1) every error result carries, next to ``error_<code>``."""

METRIC_TYPES: Final = frozenset({"Reward", "Metric"})
"""The ``type`` values Bedrock accepts in ``metrics_list``."""

MAX_METRICS: Final = 64
"""Metrics one result carries at most; beyond that the first ``MAX_METRICS - 1`` are kept
and a ``metrics_truncated`` metric says how many were cut."""

MAX_METRIC_NAME: Final = 128
"""Longest metric name (characters) a result may carry; a longer one is a ``bad_metric``."""

TRUNCATED_METRIC: Final = "metrics_truncated"
"""The metric that flags a result whose metrics were cut; its value is how many."""

RESPONSE_LIMIT: Final = 6 * 1024 * 1024
"""Lambda's limit on a synchronous invocation's response, in bytes."""

RESPONSE_BUDGET: Final = 5 * 1024 * 1024
"""What :func:`fit_response` keeps a response under: the limit less room for the runtime."""
_RESULT_KEYS: Final = frozenset({"id", "aggregate_reward_score", "metrics_list"})
_METRIC_KEYS: Final = frozenset({"name", "value", "type"})


def _finite(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return float(value) - float(value) == 0.0
    except OverflowError:
        return False


def result_score(result: Any, /) -> float | None:
    """A result's ``aggregate_reward_score`` as a float, or None when it is not a finite number.

    Example:
        >>> result_score({"id": "a", "aggregate_reward_score": 1}), result_score({"id": "a"})
        (1.0, None)
    """
    if not isinstance(result, Mapping):
        return None
    raw: Any = result.get("aggregate_reward_score")
    return float(raw) if _finite(raw) else None


def result_metrics(result: Any, /) -> Any:
    """A result's ``metrics_list`` as sent (None when absent or the result is not an object).

    Example:
        >>> result_metrics({"metrics_list": [{"name": "m", "value": 1, "type": "Metric"}]})
        [{'name': 'm', 'value': 1, 'type': 'Metric'}]
    """
    return result.get("metrics_list") if isinstance(result, Mapping) else None


def error_reward(code: str, score: float = 0.0, explanation: str = "") -> Reward:
    """The Reward given to a sample the harness could not grade.

    Example:
        >>> r = error_reward("timeout", 0.0)
        >>> [(m.name, m.value) for m in r.metrics], r.errors
        ([('error', 1.0), ('error_timeout', 1.0)], ('timeout',))
    """
    return Reward(
        score,
        (Metric(ERROR_METRIC, 1.0, "Metric"), Metric(f"error_{code}", 1.0, "Metric")),
        errors=(code,),
        explanation=explanation,
    )


if TYPE_CHECKING:
    _WireMetricBase: TypeAlias = dict[str, Any]
else:
    _WireMetricBase = dict  # the same class as dict[str, Any], without typing.Any


class WireMetric(_WireMetricBase):
    """A read-only ``metrics_list`` entry, shared by every result that reports it.

    Graders that return the same metrics tuple for the same outcome (the built-ins do) get
    their entries built once and shared: the response is JSON, and building three small
    dicts per sample was a tenth of the handler's time. Changing one in place raises
    ``TypeError`` instead of silently changing other results; ``dict(entry)``,
    :func:`copy.copy`, :func:`copy.deepcopy` and pickling give plain dicts.

    Example:
        >>> entry = WireMetric(name="correct", value=1.0, type="Reward")
        >>> entry == {"name": "correct", "value": 1.0, "type": "Reward"}
        True
        >>> entry["value"] = 0.0
        Traceback (most recent call last):
        TypeError: metrics_list entries are shared and read-only; change a copy: dict(entry)
    """

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("metrics_list entries are shared and read-only; change a copy: dict(entry)")

    __setitem__ = _read_only
    __delitem__ = _read_only
    __ior__ = _read_only
    clear = _read_only
    pop = _read_only
    popitem = _read_only
    setdefault = _read_only
    update = _read_only

    def __copy__(self) -> dict[str, Any]:
        return dict(self)

    def __deepcopy__(self, memo: Any) -> dict[str, Any]:
        return dict(self)  # names, numbers and types are immutable

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))


def render_result(rid: WireId, reward: Reward, /) -> dict[str, Any]:
    """Render one Reward as a response entry.

    ``reward.score`` must already be a finite float (as
    :func:`~rftkit.rewards.types.to_reward` guarantees). Metric values are made floats
    (``True`` -> 1.0). A metrics *tuple* of :class:`~rftkit.rewards.types.Metric` is checked
    once and its entries are shared, read-only :class:`WireMetric` dicts; other metric
    sequences are checked and rendered on every call.

    Example:
        >>> render_result("r1", Reward(1.0, (Metric("correct", True, "Reward"),)))
        {'id': 'r1', 'aggregate_reward_score': 1.0, 'metrics_list': [{'name': 'correct', \
'value': 1.0, 'type': 'Reward'}]}

    At most :data:`MAX_METRICS` entries are rendered: a longer list keeps its first
    ``MAX_METRICS - 1`` and ends with a ``metrics_truncated`` metric counting the rest.

    Raises:
        GraderError: the metrics are not a tuple or list of
            :class:`~rftkit.rewards.types.Metric`, or one has a name that is not a non-empty
            string of at most :data:`MAX_METRIC_NAME` characters, a non-finite or
            non-numeric value, or a type other than ``Reward``/``Metric``.
    """
    metrics: Any = reward.metrics  # Any: a grader may have put anything there
    if not metrics:
        if metrics is None or type(metrics) is tuple or type(metrics) is list:
            return {"id": rid, "aggregate_reward_score": reward.score, "metrics_list": []}
        raise GraderError(f"metrics must be a tuple of Metric, got {type_name(metrics)}")
    # The cache holds the tuple itself, so its id cannot be reused by another object while
    # the entry lives.
    entry = _CHECKED.get(id(metrics))
    if entry is not None and entry[0] is metrics:
        return {"id": rid, "aggregate_reward_score": reward.score, "metrics_list": entry[1][:]}
    if type(metrics) is not tuple and type(metrics) is not list:
        raise GraderError(f"metrics must be a tuple of Metric, got {type_name(metrics)}")
    if len(metrics) > MAX_METRICS:
        kept = _wire_metrics(metrics[: MAX_METRICS - 1])
        cut = (TRUNCATED_METRIC, float(len(metrics) - len(kept)), "Metric")
        return {
            "id": rid,
            "aggregate_reward_score": reward.score,
            "metrics_list": [{"name": n, "value": v, "type": t} for n, v, t in (*kept, cut)],
        }
    triples = _wire_metrics(metrics)
    # Only immutable tuples of frozen Metrics: anything else could change between calls.
    if type(metrics) is tuple and all(type(m) is Metric for m in metrics):
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        shared: list[dict[str, Any]] = [WireMetric(name=n, value=v, type=t) for n, v, t in triples]
        _CHECKED[id(metrics)] = (metrics, shared)
        return {"id": rid, "aggregate_reward_score": reward.score, "metrics_list": shared[:]}
    return {
        "id": rid,
        "aggregate_reward_score": reward.score,
        "metrics_list": [{"name": n, "value": v, "type": t} for n, v, t in triples],
    }


_CHECKED: dict[int, tuple[tuple[Metric, ...], list[dict[str, Any]]]] = {}
_CHECKED_MAX: Final = 512


def _wire_metrics(metrics: Sequence[Metric]) -> tuple[tuple[str, float, str], ...]:
    """Check metrics for the wire and return them as (name, float value, type) triples."""
    out = []
    for m in metrics:
        if type(m) is not Metric and not isinstance(m, Metric):
            raise GraderError(f"metrics must be Metric objects, got {type_name(m)}")
        value = m.value
        if type(value) is not float:
            if not isinstance(value, int | float):
                raise GraderError(f"metric {m.name!r:.60} has value {value!r:.60}")
            try:
                value = float(value)
            except (OverflowError, TypeError, ValueError):
                raise GraderError(f"metric {m.name!r:.60} is too large") from None
        # x - x is 0.0 for every finite float and NaN for NaN and the infinities.
        if value - value != 0.0:
            raise GraderError(f"metric {m.name!r:.60} is not finite ({value!r})")
        name = m.name
        if type(name) is not str or not name:
            raise GraderError(f"metric name {name!r:.60} is not a non-empty string")
        if len(name) > MAX_METRIC_NAME:
            raise GraderError(
                f"metric name {name[:40]!r}... is {len(name)} characters "
                f"(at most {MAX_METRIC_NAME})"
            )
        mtype = m.type
        if mtype not in ("Metric", "Reward"):  # a tuple compares by equality: a list cannot raise
            raise GraderError(f"metric {name!r:.60} has type {mtype!r:.60}")
        out.append((name, value, mtype))
    return tuple(out)


def render_response(ids: Sequence[WireId], rewards: Iterable[Reward], /) -> list[dict[str, Any]]:
    """Render the response list: one entry per id, in order.

    Example:
        >>> render_response(["a", None], [Reward(1.0), error_reward("no_id")])[1]["metrics_list"][1]
        {'name': 'error_no_id', 'value': 1.0, 'type': 'Metric'}

    Raises:
        ValueError: ``ids`` and ``rewards`` differ in length.
        GraderError: a reward holds a metric that cannot go on the wire.
    """
    out = [render_result(rid, reward) for rid, reward in zip(ids, rewards, strict=True)]
    return out


# A bound on the JSON size of one result besides its id and metric names: the keys, a score
# written as repr(float), punctuation. Each metric entry adds its name and at most this much.
_RESULT_OVERHEAD: Final = 96
_METRIC_OVERHEAD: Final = 80
# The most JSON bytes one character can take (ensure_ascii, a surrogate pair: two \\uXXXX).
_MAX_CHAR_BYTES: Final = 12


def _json_size(result: dict[str, Any]) -> int:
    import json

    try:
        return len(json.dumps(result))
    except (TypeError, ValueError):  # not JSON at all (an int id over the digit limit)
        return len(repr(result)) * _MAX_CHAR_BYTES


def fit_response(response: list[dict[str, Any]], /, budget: int = RESPONSE_BUDGET) -> int:
    """Keep a rendered response's JSON under ``budget`` bytes, cutting metrics, never results.

    A cheap upper bound is checked first (the common case costs one pass over the results);
    only when it exceeds the budget is the response serialised and measured. Then, while it
    is too large, the result with the most metrics loses them all, keeping its id and score,
    and carries one ``metrics_truncated`` metric counting what was cut. Ids and scores are
    never cut: every sample keeps its result.

    Returns:
        The number of results whose metrics were cut (0 when the response fitted).

    Example:
        >>> big = [{"id": i, "aggregate_reward_score": 1.0, "metrics_list": [
        ...     {"name": f"m{j}", "value": 1.0, "type": "Metric"} for j in range(60)]}
        ...     for i in range(10)]
        >>> fit_response(big, budget=4000), len(big), big[0]["metrics_list"]
        (10, 10, [{'name': 'metrics_truncated', 'value': 60.0, 'type': 'Metric'}])
    """
    n_metrics = 0
    id_chars = 0
    for result in response:
        metrics = result["metrics_list"]
        if metrics:
            n_metrics += len(metrics)
        rid = result["id"]
        if type(rid) is str:
            id_chars += len(rid)
        elif type(rid) is int:
            id_chars += rid.bit_length() // 3 + 2
    bound = (
        2
        + len(response) * _RESULT_OVERHEAD
        + id_chars * _MAX_CHAR_BYTES
        + n_metrics * (_METRIC_OVERHEAD + _MAX_CHAR_BYTES * MAX_METRIC_NAME)
    )
    if bound <= budget:
        return 0
    sizes = [_json_size(r) + 2 for r in response]
    total = sum(sizes) + 2
    if total <= budget:
        return 0
    order = sorted(
        range(len(response)), key=lambda i: len(response[i].get("metrics_list") or ()), reverse=True
    )
    cut = 0
    for i in order:
        if total <= budget:
            break
        result = response[i]
        metrics = result.get("metrics_list") or []
        n = sum(int(m.get("value", 1)) if m.get("name") == TRUNCATED_METRIC else 1 for m in metrics)
        if not metrics or (len(metrics) == 1 and metrics[0].get("name") == TRUNCATED_METRIC):
            continue
        result["metrics_list"] = [{"name": TRUNCATED_METRIC, "value": float(n), "type": "Metric"}]
        new_size = _json_size(result) + 2
        total += new_size - sizes[i]
        sizes[i] = new_size
        cut += 1
    return cut
