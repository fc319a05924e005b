"""Checking any reward Lambda's response (ours or not) against its event."""

from __future__ import annotations

from collections.abc import Mapping

from rftkit.harness.contract.content import WireId, type_name
from rftkit.harness.contract.events import expected_ids
from rftkit.harness.contract.response import _METRIC_KEYS, _RESULT_KEYS, METRIC_TYPES, _finite

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Report", "ValidationReport", "Violation", "validate_response"]


class Violation:
    """One finding of :func:`validate_response`.

    Attributes:
        path: JSON path in the response (``$[3].metrics_list[0].value``).
        message: what is wrong.
        id: the input id of the sample concerned, when known.
    """

    __slots__ = ("id", "message", "path")

    def __init__(self, path: str, message: str, id: WireId = None) -> None:
        self.path = path
        self.message = message
        self.id = id

    def __repr__(self) -> str:
        return f"Violation({self.path!r}, {self.message!r}, {self.id!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Violation):
            return NotImplemented
        return (self.path, self.message, self.id) == (other.path, other.message, other.id)

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        where = f" (id {self.id!r})" if self.id is not None else ""
        return f"{self.path}: {self.message}{where}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"path": self.path, "message": self.message, "id": self.id}


class ValidationReport:
    """What :func:`validate_response` found: errors break the contract, warnings may not.

    Attributes:
        errors: contract violations.
        warnings: findings that Bedrock may tolerate.
        expected: number of input samples.
        received: number of results in the response (0 when it is not a list).

    Example:
        >>> report = validate_response([{"id": "a"}], [{"id": "a", "aggregate_reward_score": 2}])
        >>> report.ok, [str(w) for w in report.warnings]
        (True, ["$[0].aggregate_reward_score: score 2 is outside [-1, 1] (id 'a')"])
    """

    __slots__ = ("errors", "expected", "received", "warnings")

    def __init__(
        self,
        errors: list[Violation] | None = None,
        warnings: list[Violation] | None = None,
        expected: int = 0,
        received: int = 0,
    ) -> None:
        self.errors = errors if errors is not None else []
        self.warnings = warnings if warnings is not None else []
        self.expected = expected
        self.received = received

    def __repr__(self) -> str:
        return (
            f"<ValidationReport {len(self.errors)} errors, {len(self.warnings)} warnings, "
            f"{self.received}/{self.expected} results>"
        )

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "ok": self.ok,
            "expected": self.expected,
            "received": self.received,
            "errors": [v.to_dict() for v in self.errors],
            "warnings": [v.to_dict() for v in self.warnings],
        }


Report = ValidationReport
"""Alias: the report returned by :func:`validate_response`."""


def _check_metrics(
    metrics: Any, path: str, rid: WireId, errors: list[Violation], warnings: list[Violation]
) -> None:
    if metrics is None:
        warnings.append(Violation(path, "metrics_list is null; omit it or send a list", rid))
        return
    if not isinstance(metrics, list):
        errors.append(Violation(path, f"expected a list, got {type_name(metrics)}", rid))
        return
    seen: set[str] = set()
    for j, m in enumerate(metrics):
        mpath = f"{path}[{j}]"
        if not isinstance(m, Mapping):
            errors.append(Violation(mpath, f"expected an object, got {type_name(m)}", rid))
            continue
        name = m.get("name")
        if not isinstance(name, str) or not name:
            errors.append(
                Violation(f"{mpath}.name", f"expected a non-empty string, got {name!r:.60}", rid)
            )
        elif name in seen:
            warnings.append(Violation(f"{mpath}.name", f"duplicate metric name {name!r}", rid))
        else:
            seen.add(name)
        if "value" not in m:
            errors.append(Violation(f"{mpath}.value", "missing value", rid))
        elif not _finite(m["value"]):
            errors.append(
                Violation(
                    f"{mpath}.value", f"expected a finite number, got {m['value']!r:.60}", rid
                )
            )
        mtype = m.get("type")
        if type(mtype) is not str or mtype not in METRIC_TYPES:
            errors.append(
                Violation(f"{mpath}.type", f"expected 'Reward' or 'Metric', got {mtype!r:.60}", rid)
            )
        unknown = [str(k) for k in m if k not in _METRIC_KEYS]
        if unknown:
            warnings.append(Violation(mpath, f"unknown keys: {', '.join(sorted(unknown))}", rid))


def validate_response(event: Any, response: Any, /) -> ValidationReport:
    """Check a reward Lambda's response against its event, strictly.

    Errors (the contract is broken): the response is not a list; not exactly one result per
    input sample; a result at position *i* whose ``id`` differs from input *i*'s id (missing,
    reordered, duplicated or unknown ids); a missing or non-finite ``aggregate_reward_score``;
    a ``metrics_list`` that is not a list of ``{name: str, value: finite number, type:
    "Reward"|"Metric"}``.

    Warnings: scores outside [-1, 1]; unknown keys; duplicate metric names; a non-null id
    answering a sample that had no usable id; duplicate ids in the event itself.

    Works on any Lambda's output, not only rftkit's.

    Example:
        >>> event = [{"id": "a"}, {"id": "b"}]
        >>> report = validate_response(event, [{"id": "b", "aggregate_reward_score": 1.0},
        ...                                    {"id": "a", "aggregate_reward_score": 0.0}])
        >>> report.ok, str(report.errors[0])
        (False, "$[0].id: expected id 'a', got 'b' (results out of order) (id 'a')")

    Raises:
        ContractError: the event itself is malformed (nothing to check against).
    """
    want = expected_ids(event)
    errors: list[Violation] = []
    warnings: list[Violation] = []
    report = ValidationReport(errors, warnings, expected=len(want))

    seen_ids: dict[WireId, int] = {}
    for i, rid in enumerate(want):
        if rid is not None:
            if rid in seen_ids:
                warnings.append(
                    Violation(
                        f"$[{i}].id",
                        f"the event repeats id {rid!r} (first at $[{seen_ids[rid]}]); "
                        "results can only be matched by position",
                        rid,
                    )
                )
            else:
                seen_ids[rid] = i

    if isinstance(response, Mapping):
        hint = ""
        if "statusCode" in response or "body" in response:
            hint = " (a {statusCode, body} envelope is for SageMaker evaluation, not Bedrock)"
        elif "trajectories" in response or "results" in response:
            hint = " (return the bare list, not an object wrapping it)"
        errors.append(Violation("$", f"expected a list of results, got an object{hint}"))
        return report
    if not isinstance(response, list):
        errors.append(Violation("$", f"expected a list of results, got {type_name(response)}"))
        return report

    report.received = len(response)
    if len(response) != len(want):
        errors.append(
            Violation(
                "$",
                f"expected {len(want)} results (one per input sample), got {len(response)}",
            )
        )
    for i, result in enumerate(response):
        path = f"$[{i}]"
        expect: WireId = want[i] if i < len(want) else None
        if i >= len(want):
            errors.append(Violation(path, "extra result with no matching input sample"))
            continue
        if not isinstance(result, Mapping):
            errors.append(Violation(path, f"expected an object, got {type_name(result)}", expect))
            continue
        # id
        if "id" not in result:
            errors.append(Violation(f"{path}.id", "missing id", expect))
        else:
            got = result["id"]
            if expect is None:
                if got is not None:
                    warnings.append(
                        Violation(
                            f"{path}.id",
                            f"input sample has no usable id; expected null, got {got!r:.60}",
                        )
                    )
            elif got != expect or type(got) is not type(expect):
                if isinstance(got, str | int) and got in seen_ids:
                    why = "results out of order"
                elif got is None:
                    why = "null"
                else:
                    why = "not an input id"
                message = f"expected id {expect!r}, got {got!r:.60} ({why})"
                errors.append(Violation(f"{path}.id", message, expect))
        # score
        if "aggregate_reward_score" not in result:
            errors.append(Violation(f"{path}.aggregate_reward_score", "missing", expect))
        else:
            score = result["aggregate_reward_score"]
            if not _finite(score):
                errors.append(
                    Violation(
                        f"{path}.aggregate_reward_score",
                        f"expected a finite number, got {score!r:.60}",
                        expect,
                    )
                )
            elif not -1.0 <= score <= 1.0:
                warnings.append(
                    Violation(
                        f"{path}.aggregate_reward_score",
                        f"score {score!r} is outside [-1, 1]",
                        expect,
                    )
                )
        if "metrics_list" in result:
            _check_metrics(result["metrics_list"], f"{path}.metrics_list", expect, errors, warnings)
        unknown = [str(k) for k in result if k not in _RESULT_KEYS]
        if unknown:
            warnings.append(Violation(path, f"unknown keys: {', '.join(sorted(unknown))}", expect))
    return report
