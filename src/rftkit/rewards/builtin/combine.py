"""The ``composite`` grader: a weighted sum of named sub-graders.

Sub-graders are created through the registry, so any name or path works, with its own
arguments. Two spellings of the same thing::

    {"graders": {"numeric": 0.8, "format": 0.2}}

    {"graders": [
        {"grader": "numeric", "weight": 0.8, "args": {"rel_tol": 0.01}},
        {"grader": "format", "weight": 0.2, "args": {"form": "boxed"}, "name": "boxed"}
    ]}

In the list form ``name`` (default: the grader name) labels the sub-score, so one grader
can appear twice under two names. The score is ``sum(weight * sub_score)``, divided by the
sum of the absolute weights when ``normalize`` is true. Metrics: each sub-score as a
``Reward`` metric named after its sub-grader, then each sub-grader's own metrics as
``<name>.<metric>``, typed ``Metric`` (diagnostics: only the sub-scores are reward
components of the composite). The answer and rule are the first sub-grader's that has one;
errors are the union of the sub-graders' flags. A sub-grader that raises makes the
composite raise: the harness records the failure for that sample. Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from rftkit.errors import GraderArgsError
from rftkit.rewards.registry import BoundGrader, default_registry, grader
from rftkit.rewards.types import Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # Lambda path: no typing at run time (docs/architecture.md)
    from collections.abc import Callable
    from typing import Any


__all__ = ["composite"]

_MAX_PARTS = 32


def _weight(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GraderArgsError(f"composite: weight of {name!r} must be a finite number")
    return float(value)


def _parts(graders: Any) -> list[tuple[str, str, float, dict[str, Any]]]:
    """Normalise both spellings to (label, grader ref, weight, args)."""
    parts: list[tuple[str, str, float, dict[str, Any]]] = []
    if isinstance(graders, Mapping):
        for ref, w in graders.items():
            parts.append((str(ref), str(ref), _weight(str(ref), w), {}))
    elif isinstance(graders, Sequence) and not isinstance(graders, str):
        for i, item in enumerate(graders):
            if not isinstance(item, Mapping) or not isinstance(item.get("grader"), str):
                raise GraderArgsError(
                    f"composite: graders[{i}] must be an object with a 'grader' name",
                    hint='e.g. {"grader": "numeric", "weight": 0.8, "args": {"rel_tol": 0.01}}',
                )
            unknown = set(item) - {"grader", "weight", "args", "name"}
            if unknown:
                raise GraderArgsError(
                    f"composite: graders[{i}] has unknown key(s) {sorted(unknown)}; "
                    "known: grader, weight, args, name"
                )
            ref = item["grader"]
            label = item.get("name", ref)
            args = item.get("args", {})
            if not isinstance(label, str) or not label:
                raise GraderArgsError(f"composite: graders[{i}].name must be a non-empty string")
            if not isinstance(args, Mapping):
                raise GraderArgsError(f"composite: graders[{i}].args must be an object")
            parts.append((label, ref, _weight(label, item.get("weight", 1.0)), dict(args)))
    else:
        raise GraderArgsError(
            "composite: 'graders' must be an object {name: weight} or a list of "
            "{grader, weight, args, name} objects",
        )
    if not parts:
        raise GraderArgsError("composite: 'graders' is empty")
    if len(parts) > _MAX_PARTS:
        raise GraderArgsError(f"composite: at most {_MAX_PARTS} sub-graders")
    labels = [p[0] for p in parts]
    dupes = sorted({x for x in labels if labels.count(x) > 1})
    if dupes:
        raise GraderArgsError(
            f"composite: sub-grader name(s) used twice: {dupes}",
            hint="give each a distinct 'name' in the list form",
        )
    return parts


@grader(name="composite")
def composite(
    *,
    graders: dict[str, float] | list[dict[str, Any]],
    normalize: bool = False,
) -> Callable[[Sample], Reward]:
    """Weighted sum of named sub-graders; each sub-score is reported as a Reward metric.

    Args:
        graders: ``{name: weight}``, or a list of ``{"grader": name, "weight": w,
            "args": {...}, "name": label}``.
        normalize: divide by the sum of absolute weights (a [0, 1] score from [0, 1] parts).

    Example:
        >>> g = composite(graders={"numeric": 0.8, "format": 0.2})
        >>> r = g(Sample.from_text(response="so \\\\boxed{72}", reference="72"))
        >>> r.score, r.metric("numeric"), r.metric("format")
        (0.8, 1.0, 0.0)
    """
    parts = _parts(graders)
    subs: list[tuple[str, float, BoundGrader]] = [
        (label, w, default_registry.create(ref, **args)) for label, ref, w, args in parts
    ]
    total = sum(abs(w) for _, w, _ in subs)
    if normalize and total == 0:
        raise GraderArgsError("composite: normalize needs at least one non-zero weight")
    scale = 1.0 / total if normalize else 1.0
    prefixed: dict[tuple[str, str], str] = {}

    def grade(sample: Sample) -> Reward:
        score = 0.0
        head: list[Metric] = []
        tail: list[Metric] = []
        answer: str | None = None
        rule: str | None = None
        errors: dict[str, None] = {}
        notes: list[str] = []
        for label, w, sub in subs:
            r = sub(sample)
            score += w * r.score
            head.append(Metric(label, r.score, "Reward"))
            for m in r.metrics:
                key = (label, m.name)
                name = prefixed.get(key)
                if name is None:
                    name = prefixed.setdefault(key, f"{label}.{m.name}")
                tail.append(Metric(name, m.value, "Metric"))
            if answer is None and r.answer is not None:
                answer, rule = r.answer, r.rule
            for e in r.errors:
                errors[e] = None
            notes.append(f"{label}={r.score:g}" + (f" ({r.explanation})" if r.explanation else ""))
        return Reward(score * scale, (*head, *tail), answer, rule, tuple(errors), "; ".join(notes))

    return grade
