"""The Bedrock reward-Lambda wire format: the only module that knows it.

Three jobs, all standard library only (this is the Lambda hot path):

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

from collections.abc import Iterable, Mapping, Sequence

from rftkit.errors import ContractError, GraderError
from rftkit.rewards.types import ASSISTANT_ROLES, Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # typing costs a Lambda cold start about 8 ms: annotations only
    from typing import Any, Final, TypeAlias

    from rftkit.rewards.types import Message

__all__ = [
    "ERROR_CODES",
    "ERROR_METRIC",
    "MAX_METRICS",
    "MAX_METRIC_NAME",
    "METRIC_TYPES",
    "RESPONSE_BUDGET",
    "RESPONSE_LIMIT",
    "TRUNCATED_METRIC",
    "ParsedEvent",
    "Report",
    "SampleProblem",
    "ValidationReport",
    "Violation",
    "WireId",
    "WireMetric",
    "error_reward",
    "event_samples",
    "expected_ids",
    "fit_response",
    "parse_event",
    "render_response",
    "render_result",
    "validate_response",
]

WireId: TypeAlias = str | int | None  # a types.UnionType at run time, no typing needed
"""An id as it appears on the wire (``None`` for a sample without a usable id)."""

ERROR_METRIC: Final = "error"
"""Name of the metric (value 1) every error result carries, next to ``error_<code>``."""

ERROR_CODES: Final[Mapping[str, str]] = {
    "not_object": "the sample is not a JSON object",
    "no_id": "the sample has no id",
    "bad_id": "the sample id is not a non-empty string or an integer",
    "no_messages": "the sample has no messages list",
    "no_assistant": "the last message is not the model's reply (role assistant/nova_assistant)",
    "no_reference": "the sample has no reference_answer (under metadata or top level)",
    "grader_exception": "the grader raised an exception",
    "bad_score": "the grader returned something that is not a finite score or a well-formed Reward",
    "bad_metric": "the grader returned a metric that cannot go on the wire",
    "timeout": "the sample was not graded before the invocation deadline",
}
"""Every error code the harness reports, with a one-line meaning."""

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
_SAMPLE_KEYS: Final = frozenset({"id", "messages", "metadata", "reference_answer"})
_ASSISTANT_ROLES: Final = ASSISTANT_ROLES


class SampleProblem:
    """Why one sample of an event cannot be graded.

    Attributes:
        index: position of the sample in the event.
        path: JSON path of the offending field, e.g. ``$[3].messages``.
        code: one of :data:`ERROR_CODES`.
        message: a human-readable explanation.
    """

    # Plain slotted classes rather than dataclasses in this module: each dataclass costs about
    # a millisecond at import, and this module is imported at every Lambda cold start.
    __slots__ = ("code", "index", "message", "path")

    def __init__(self, index: int, path: str, code: str, message: str) -> None:
        self.index = index
        self.path = path
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"SampleProblem({self.index}, {self.path!r}, {self.code!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SampleProblem):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"index": self.index, "path": self.path, "code": self.code, "message": self.message}


class ParsedEvent:
    """An event, parsed: one :class:`Sample` and one response id per input element.

    Attributes:
        samples: every input element as a Sample, in input order (malformed ones too, as well
            as they could be read; their ``id`` is ``"$[i]"`` when the input had none).
        ids: the id each result must echo, in input order (``None`` for no usable id).
        problems: malformed samples by position; empty when every sample is well formed.
        wrapped: True when the event was ``{"trajectories": [...]}``.

    Example:
        >>> ev = parse_event([{"id": "a", "messages": [{"role": "assistant", "content": "4"}],
        ...                    "reference_answer": "4"}])
        >>> ev.ids, ev.samples[0].completion, ev.problems
        (['a'], '4', {})
    """

    __slots__ = ("ids", "problems", "samples", "wrapped")

    def __init__(
        self,
        samples: list[Sample],
        ids: list[WireId],
        problems: dict[int, list[SampleProblem]] | None = None,
        wrapped: bool = False,
    ) -> None:
        self.samples = samples
        self.ids = ids
        self.problems = problems if problems is not None else {}
        self.wrapped = wrapped

    def __repr__(self) -> str:
        return (
            f"<ParsedEvent {len(self.samples)} samples, {len(self.problems)} malformed"
            f"{', wrapped' if self.wrapped else ''}>"
        )

    def __len__(self) -> int:
        return len(self.samples)

    @property
    def base_path(self) -> str:
        """JSON path of the sample list (``$`` or ``$.trajectories``)."""
        return "$.trajectories" if self.wrapped else "$"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def event_samples(event: Any) -> tuple[list[Any], str]:
    """Return the raw sample list of an event and its JSON path.

    Example:
        >>> event_samples({"trajectories": [{"id": "a"}]})
        ([{'id': 'a'}], '$.trajectories')

    Raises:
        ContractError: the event is not a list or a ``trajectories`` object, or is empty.
    """
    if type(event) is list:
        items: Any = event
        base = "$"
    elif isinstance(event, Mapping):
        if "trajectories" not in event:
            keys = ", ".join(sorted(str(k) for k in event)[:8]) or "none"
            hint = 'send the samples as a JSON list (or {"trajectories": [...]})'
            if "messages" in event:
                hint = "this looks like one sample: wrap it in a list"
            elif "body" in event:
                hint = "unwrap the body: the reward event is the list itself"
            raise ContractError(
                f"expected a list of samples or an object with 'trajectories' (keys: {keys})",
                path="$",
                hint=hint,
            )
        items = event["trajectories"]
        base = "$.trajectories"
        if not isinstance(items, list):
            raise ContractError(
                f"expected a list of samples, got {_type_name(items)}", path="$.trajectories"
            )
    elif isinstance(event, list):
        items = event
        base = "$"
    else:
        hint = None
        if isinstance(event, str | bytes):
            hint = "the event is a string: was the JSON encoded twice?"
        raise ContractError(
            f"expected a list of samples, got {_type_name(event)}", path="$", hint=hint
        )
    if not items:
        raise ContractError(
            "the event holds no samples", path=base, hint="a reward event has at least one sample"
        )
    return items, base


def _block_text(content: Any) -> str:
    """Flatten message content (string, list of text blocks, or ``{"text": ...}``) to text."""
    # Exact type checks first: isinstance against the Mapping ABC is several times slower,
    # and JSON decoding only ever makes dicts, lists and strings.
    t = type(content)
    if t is str:
        return content  # type: ignore[no-any-return]
    if t is list:
        if len(content) == 1:
            block = content[0]
            if type(block) is dict and type(block.get("text")) is str:
                if block.get("type", "text") == "text":
                    return block["text"]  # type: ignore[no-any-return]
                return ""
        parts = []
        for block in content:
            if type(block) is dict or isinstance(block, Mapping):
                text = block.get("text")
                if type(text) is str and block.get("type", "text") == "text":
                    parts.append(text)
            elif type(block) is str:
                parts.append(block)
        return "".join(parts)
    if t is dict or isinstance(content, Mapping):
        text = content.get("text")
        return text if type(text) is str else ""
    if isinstance(content, str):
        return str(content)
    if isinstance(content, list | tuple):
        return _block_text(list(content))
    return ""


def _normalise_messages(messages: list[Any]) -> list[Message]:
    """Messages with string content; non-object entries dropped (they carry nothing to grade)."""
    out: list[Message] = []
    for raw in messages:
        m = raw
        if type(m) is not dict:
            if not isinstance(m, Mapping):
                continue
            m = dict(m)
        content = m.get("content")
        if type(content) is str:
            out.append(m)
            continue
        d = m.copy()
        # Inlined common case: one text block, as open-weight events appear to carry.
        if type(content) is list and len(content) == 1:
            block = content[0]
            if type(block) is dict and block.get("type") == "text":
                text = block.get("text")
                if type(text) is str:
                    d["content"] = text
                    out.append(d)
                    continue
        d["content"] = _block_text(content)
        out.append(d)
    return out


def _unwrap_reference(ref: Any) -> Any:
    # {"text": "..."} with nothing else is the open-weight wrapping of a plain string answer.
    if type(ref) is dict and len(ref) == 1:
        text = ref.get("text")
        if isinstance(text, str):
            return text
    return ref


def parse_event(
    event: Any, /, *, require_reference: bool = True, strict: bool = False
) -> ParsedEvent:
    """Parse a reward-Lambda event into samples, keeping input order and ids.

    Args:
        event: the decoded JSON event.
        require_reference: a sample without ``reference_answer`` is malformed (turn off for
            graders that need no reference, e.g. a pure format check).
        strict: raise :class:`ContractError` at the first malformed sample instead of
            recording it (for tools that check event files).

    Returns:
        The parsed event; :attr:`ParsedEvent.problems` lists the malformed samples.

    Raises:
        ContractError: the event itself is malformed (or, with ``strict``, any sample is).

    Example:
        >>> ev = parse_event({"trajectories": [
        ...     {"id": "r1", "messages": [{"role": "user", "content": "2+2?"},
        ...      {"role": "nova_assistant", "content": [{"type": "text", "text": "#### 4"}]}],
        ...      "metadata": {"reference_answer": {"text": "4"}}},
        ...     {"messages": []}]})
        >>> ev.samples[0].completion, ev.samples[0].reference, ev.ids
        ('#### 4', '4', ['r1', None])
        >>> [p.code for p in ev.problems[1]]
        ['no_id', 'no_assistant', 'no_reference']
    """
    items, base = event_samples(event)
    samples: list[Sample] = []
    ids: list[WireId] = []
    problems: dict[int, list[SampleProblem]] = {}
    append_sample = samples.append
    append_id = ids.append
    assistant_roles = _ASSISTANT_ROLES
    sample_keys = _SAMPLE_KEYS
    rid: WireId
    ref: Any
    for i, raw in enumerate(items):
        # Fast path for the common shape: an object with a string id, string contents, the
        # reply last, and a non-object reference under metadata. Anything else takes the
        # general path below, which also records problems.
        if type(raw) is dict:
            rid = raw.get("id")
            messages = raw.get("messages")
            meta = raw.get("metadata")
            if (
                type(rid) is str
                and rid
                and type(messages) is list
                and messages
                and type(meta) is dict
                and len(raw) == 3
            ):
                last = messages[-1]
                ref = meta.get("reference_answer")
                if (
                    type(ref) is str
                    and type(last) is dict
                    and type(last.get("role")) is str
                    and last["role"] in assistant_roles
                ):
                    for m in messages:
                        if type(m) is not dict or type(m.get("content")) is not str:
                            break
                    else:
                        append_sample(Sample(rid, messages, ref, meta))
                        append_id(rid)
                        continue
        issues: list[tuple[str, str, str]] | None = None
        item = raw
        if type(item) is not dict:
            if not isinstance(item, Mapping):
                problems[i] = [
                    SampleProblem(
                        i,
                        f"{base}[{i}]",
                        "not_object",
                        f"expected a sample object, got {_type_name(item)}",
                    )
                ]
                append_sample(Sample(f"$[{i}]", []))
                append_id(None)
                if strict:
                    raise ContractError(problems[i][0].message, path=problems[i][0].path)
                continue
            item = dict(item)

        # id: echoed unchanged when it is a non-empty string or an integer.
        rid = item.get("id")
        sid: str
        if type(rid) is str and rid:
            sid = rid
        elif type(rid) is int:
            sid = str(rid)
        else:
            if rid is None:
                issues = [("id", "no_id", "missing id")]
            else:
                issues = [("id", "bad_id", f"id must be a non-empty string, got {rid!r:.40}")]
            rid = None
            sid = f"$[{i}]"

        # messages: the reply is the last message, with an assistant role.
        messages = item.get("messages")
        msgs: list[Message]
        if type(messages) is list:
            msgs = messages
            for m in messages:
                if type(m) is not dict or type(m.get("content")) is not str:
                    msgs = _normalise_messages(messages)
                    break
            last = msgs[-1].get("role") if msgs else None
            if type(last) is not str or last not in assistant_roles:
                why = (
                    "no messages"
                    if not msgs
                    else f"the last message has role {last!r:.40}, not assistant/nova_assistant"
                )
                issues = issues or []
                issues.append(("messages", "no_assistant", why))
        else:
            msgs = []
            issues = issues or []
            what = "missing" if messages is None else f"got {_type_name(messages)}"
            issues.append(("messages", "no_messages", f"expected a messages list, {what}"))

        # reference_answer: under metadata (Bedrock docs) or at the top level (Nova samples).
        meta = item.get("metadata")
        metadata: dict[str, Any]
        ref = None
        if type(meta) is dict:
            metadata = meta
            ref = meta.get("reference_answer")
        else:
            metadata = {}
        if ref is None:
            ref = item.get("reference_answer")
        if ref is None:
            if require_reference:
                issues = issues or []
                issues.append(
                    ("metadata.reference_answer", "no_reference", "missing reference_answer")
                )
        elif type(ref) is dict:
            ref = _unwrap_reference(ref)
        if not item.keys() <= sample_keys:
            # Other top-level fields reach graders through metadata, never overriding it.
            metadata = {**{k: v for k, v in item.items() if k not in sample_keys}, **metadata}

        append_sample(Sample(sid, msgs, ref, metadata))
        append_id(rid)
        if issues is not None:
            found = [
                SampleProblem(i, f"{base}[{i}].{where}", code, message)
                for where, code, message in issues
            ]
            problems[i] = found
            if strict:
                raise ContractError(found[0].message, path=found[0].path)
    return ParsedEvent(samples, ids, problems, wrapped=base != "$")


def expected_ids(event: Any, /) -> list[WireId]:
    """The id each result must echo, in input order (``None`` where the input had none).

    Example:
        >>> expected_ids([{"id": "a"}, {"id": 7}, {}, "junk"])
        ['a', 7, None, None]

    Raises:
        ContractError: the event itself is malformed.
    """
    items, _ = event_samples(event)
    out: list[WireId] = []
    for item in items:
        rid = item.get("id") if isinstance(item, Mapping) else None
        out.append(rid if (type(rid) is str and rid) or type(rid) is int else None)
    return out


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
        raise GraderError(f"metrics must be a tuple of Metric, got {_type_name(metrics)}")
    # The cache holds the tuple itself, so its id cannot be reused by another object while
    # the entry lives.
    entry = _CHECKED.get(id(metrics))
    if entry is not None and entry[0] is metrics:
        return {"id": rid, "aggregate_reward_score": reward.score, "metrics_list": entry[1][:]}
    if type(metrics) is not tuple and type(metrics) is not list:
        raise GraderError(f"metrics must be a tuple of Metric, got {_type_name(metrics)}")
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
            raise GraderError(f"metrics must be Metric objects, got {_type_name(m)}")
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


# --------------------------------------------------------------------------------------------
# Validation of any Lambda's response


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


def _is_finite_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return float(value) - float(value) == 0.0
    except OverflowError:
        return False


def _check_metrics(
    metrics: Any, path: str, rid: WireId, errors: list[Violation], warnings: list[Violation]
) -> None:
    if metrics is None:
        warnings.append(Violation(path, "metrics_list is null; omit it or send a list", rid))
        return
    if not isinstance(metrics, list):
        errors.append(Violation(path, f"expected a list, got {_type_name(metrics)}", rid))
        return
    seen: set[str] = set()
    for j, m in enumerate(metrics):
        mpath = f"{path}[{j}]"
        if not isinstance(m, Mapping):
            errors.append(Violation(mpath, f"expected an object, got {_type_name(m)}", rid))
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
        elif not _is_finite_number(m["value"]):
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
        errors.append(Violation("$", f"expected a list of results, got {_type_name(response)}"))
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
            errors.append(Violation(path, f"expected an object, got {_type_name(result)}", expect))
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
            if not _is_finite_number(score):
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
