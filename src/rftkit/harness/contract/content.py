"""The message vocabulary of the wire: ids, roles, content flattening, reference unwrapping.

The role set (:data:`ASSISTANT_ROLES`) and the tolerant flattener (:func:`content_text`) are
defined in :mod:`rftkit.rewards.types`, the bottom layer, because graders read messages too
and the rewards layer never imports the harness; they are re-exported here so that every
module above ``rewards`` takes them from the contract. The event parser's own fast flattening
(:func:`block_text`) lives here.
"""

from __future__ import annotations

from collections.abc import Mapping

from rftkit.rewards.types import ASSISTANT_ROLES, content_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final, TypeAlias

    from rftkit.rewards.types import Message

__all__ = [
    "ASSISTANT_ROLE",
    "ASSISTANT_ROLES",
    "NOVA_ASSISTANT_ROLE",
    "WireId",
    "block_text",
    "content_text",
    "is_reply_role",
    "type_name",
]

WireId: TypeAlias = str | int | None  # a types.UnionType at run time, no typing needed
"""An id as it appears on the wire (``None`` for a sample without a usable id)."""

ASSISTANT_ROLE: Final = "assistant"
"""The reply role of documented and open-weight events."""

NOVA_ASSISTANT_ROLE: Final = "nova_assistant"
"""The reply role of Nova events."""

_SAMPLE_KEYS: Final = frozenset({"id", "messages", "metadata", "reference_answer"})


def is_reply_role(role: Any) -> bool:
    """True for a role that marks the model's reply (``assistant`` or ``nova_assistant``).

    Example:
        >>> is_reply_role("nova_assistant"), is_reply_role("user"), is_reply_role(["x"])
        (True, False, False)
    """
    return role in ASSISTANT_ROLES


def type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages (``null``, ``object``, ``array``...)."""
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


def block_text(content: Any) -> str:
    """Flatten message content (string, list of text blocks, or ``{"text": ...}``) to text.

    Only text blocks are read: a reasoning block is never the reply, whether Bedrock
    Converse's ``{"reasoningContent": {"reasoningText": {"text": ...}}}`` (no ``text`` key
    of its own) or a typed ``{"type": "reasoning", "text": ...}`` (a type other than
    ``text``), in a list or alone.

    Example:
        >>> block_text([{"reasoningContent": {"reasoningText": {"text": "31?"}}}, {"text": "30"}])
        '30'
        >>> block_text({"type": "reasoning", "text": "31?"})
        ''
    """
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
        return text if type(text) is str and content.get("type", "text") == "text" else ""
    if isinstance(content, str):
        return str(content)
    if isinstance(content, list | tuple):
        return block_text(list(content))
    return ""


def normalise_messages(messages: list[Any]) -> list[Message]:
    """Messages with string content; non-object entries dropped (they carry nothing to grade).

    Content that holds Bedrock Converse ``toolUse`` blocks is kept as its list of blocks.
    Reasoning blocks (``reasoningContent``, ``{"type": "reasoning"}``) are not text: they
    are dropped from the flattened content, and graders never read them as the reply (see
    :func:`block_text`); reasoning written inside the text is
    :mod:`rftkit.rewards.thinking`'s to skip.
    """
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
        if type(content) is list and any(type(b) is dict and "toolUse" in b for b in content):
            # Bedrock Converse tool calls are blocks, not text: kept as written for graders
            # that read calls (tool_call); text graders flatten them (Sample.completion).
            out.append(d)
            continue
        d["content"] = block_text(content)
        out.append(d)
    return out


def unwrap_reference(ref: Any) -> Any:
    """``{"text": s}`` (and nothing else) as ``s``; any other reference unchanged."""
    # {"text": "..."} with nothing else is the open-weight wrapping of a plain string answer.
    if type(ref) is dict and len(ref) == 1:
        text = ref.get("text")
        if isinstance(text, str):
            return text
    return ref
