"""The Bedrock reward-Lambda wire format: the only package that knows it.

Standard library only (this is the Lambda hot path). One module per direction:

* :mod:`.content`: ids, reply roles, content flattening (the message vocabulary);
* :mod:`.events`: reading events (:func:`parse_event`, :func:`count_samples`);
* :mod:`.response`: writing results (:func:`render_response`) and reading them back
  (:func:`result_score`, :func:`result_metrics`; the result keys are spelled only there);
* :mod:`.validate`: :func:`validate_response`;
* :mod:`.variants`: writing events in each variant Bedrock sends (for ``rftkit harness
  events``; not imported here, so not on the Lambda path).

What they do:

* :func:`parse_event` turns an event into :class:`~rftkit.rewards.types.Sample` objects, one
  per input element, in input order;
* :func:`render_result` / :func:`render_response` turn :class:`~rftkit.rewards.types.Reward`
  objects into the response list;
* :func:`validate_response` checks any Lambda's response (ours or not) against its event.

Event variants accepted (CONTRACT.md, section 1), in any combination:

* the event is a bare list of samples, or an object ``{"trajectories": [...]}``;
* ``reference_answer`` sits under ``metadata`` (checked first) or at the top level of the
  sample; it is a string, an object, or ``{"text": "<string>"}``, which is unwrapped to the
  string because open-weight jobs appear to wrap plain answers that way;
* the model's reply is the **last** message, with role ``assistant`` or ``nova_assistant``;
* message ``content`` is a string, a list of blocks ``[{"type": "text", "text": ...}]`` (text
  blocks are joined, other blocks skipped) or an object ``{"text": ...}``; it is flattened to
  a string once, here, so graders only ever see strings.

Malformed events and malformed samples are treated differently. An event that is not a list
(or a ``trajectories`` object holding one), or holds no samples, raises
:class:`~rftkit.errors.ContractError` naming the JSON path (``$``, ``$.trajectories``). A
malformed *sample* is recorded as a :class:`SampleProblem` and still gets exactly one result
(the handler gives it the error score), so the rest of the batch is graded.

Ids: a result echoes its sample's ``id`` unchanged when it is a non-empty string or an
integer. A sample with no usable id (missing, null, empty, or another type) is answered with
``"id": null`` at its position. A made-up id (``"$[3]"``, ``"rollout-3"``) could collide with
a real one, while ``null`` cannot, and position alone already keeps "one result per input, in
input order" true. :func:`validate_response` expects exactly that: the input's id where it had
a usable one, ``null`` (a warning otherwise) where it did not.

Error results: a sample that could not be graded gets the metrics ``error`` = 1 and
``error_<code>`` = 1 (type ``Metric``), where the code is one of :data:`ERROR_CODES`. Those are
the only harness-made names on the wire, so Bedrock's metric charts show error rates per kind
and reports can count them from any Lambda's response.
"""

from __future__ import annotations

from rftkit.harness.contract.content import (
    ASSISTANT_ROLE,
    ASSISTANT_ROLES,
    NOVA_ASSISTANT_ROLE,
    WireId,
    block_text,
    content_text,
    is_reply_role,
    type_name,
)
from rftkit.harness.contract.events import (
    ERROR_CODES,
    ParsedEvent,
    SampleProblem,
    count_samples,
    event_samples,
    expected_ids,
    parse_event,
)
from rftkit.harness.contract.response import (
    ERROR_METRIC,
    MAX_METRIC_NAME,
    MAX_METRICS,
    METRIC_TYPES,
    METRICS_KEY,
    RESPONSE_BUDGET,
    RESPONSE_LIMIT,
    SCORE_KEY,
    TRUNCATED_METRIC,
    WireMetric,
    error_reward,
    fit_response,
    render_response,
    render_result,
    result_metrics,
    result_score,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

    from rftkit.harness.contract.validate import (
        Report,
        ValidationReport,
        Violation,
        validate_response,
    )

# The handler never validates: these load on first access, off the Lambda's cold start.
_LAZY = frozenset({"Report", "ValidationReport", "Violation", "validate_response"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from rftkit.harness.contract import validate

        value = getattr(validate, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ASSISTANT_ROLE",
    "ASSISTANT_ROLES",
    "ERROR_CODES",
    "ERROR_METRIC",
    "MAX_METRICS",
    "MAX_METRIC_NAME",
    "METRICS_KEY",
    "METRIC_TYPES",
    "NOVA_ASSISTANT_ROLE",
    "RESPONSE_BUDGET",
    "RESPONSE_LIMIT",
    "SCORE_KEY",
    "TRUNCATED_METRIC",
    "ParsedEvent",
    "Report",
    "SampleProblem",
    "ValidationReport",
    "Violation",
    "WireId",
    "WireMetric",
    "block_text",
    "content_text",
    "count_samples",
    "error_reward",
    "event_samples",
    "expected_ids",
    "fit_response",
    "is_reply_role",
    "parse_event",
    "render_response",
    "render_result",
    "result_metrics",
    "result_score",
    "type_name",
    "validate_response",
]
