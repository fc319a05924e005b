"""Reading reward events: :func:`parse_event` and the sample-level helpers around it."""

from __future__ import annotations

from collections.abc import Mapping

from rftkit.errors import ContractError
from rftkit.harness.contract.content import (
    _SAMPLE_KEYS,
    ASSISTANT_ROLES,
    WireId,
    normalise_messages,
    type_name,
    unwrap_reference,
)
from rftkit.rewards.types import Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.types import Message

__all__ = [
    "ERROR_CODES",
    "ParsedEvent",
    "SampleProblem",
    "count_samples",
    "event_samples",
    "expected_ids",
    "parse_event",
]

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
                f"expected a list of samples, got {type_name(items)}", path="$.trajectories"
            )
    elif isinstance(event, list):
        items = event
        base = "$"
    else:
        hint = None
        if isinstance(event, str | bytes):
            hint = "the event is a string: was the JSON encoded twice?"
        raise ContractError(
            f"expected a list of samples, got {type_name(event)}", path="$", hint=hint
        )
    if not items:
        raise ContractError(
            "the event holds no samples", path=base, hint="a reward event has at least one sample"
        )
    return items, base


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
    assistant_roles = ASSISTANT_ROLES
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
                        f"expected a sample object, got {type_name(item)}",
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
                    msgs = normalise_messages(messages)
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
            what = "missing" if messages is None else f"got {type_name(messages)}"
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
            ref = unwrap_reference(ref)
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


def count_samples(event: Any, /) -> int:
    """How many samples an event holds; 0 when it is not an event at all (never raises).

    Example:
        >>> count_samples({"trajectories": [{}, {}]}), count_samples([{}]), count_samples("x")
        (2, 1, 0)
    """
    if type(event) is list:
        return len(event)
    if isinstance(event, Mapping):
        items = event.get("trajectories")
        return len(items) if isinstance(items, list) else 0
    return len(event) if isinstance(event, list) else 0
