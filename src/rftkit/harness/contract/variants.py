"""Writing reward events in each variant Bedrock is known or believed to send.

The inverse of :mod:`rftkit.harness.contract.events`: every shape written here parses back
there. Used by ``rftkit harness events`` (:mod:`rftkit.harness.events`); never imported on the
Lambda path.

================  ================  ======================  ==================================
variant           reply role        message content         reference_answer
================  ================  ======================  ==================================
documented        assistant         string                  under metadata
nova              nova_assistant    string                  top level
open-weight       assistant         list of text blocks     under metadata; strings as
                                                            ``{"text": ...}``
text-dict         assistant         ``{"text": ...}``       under metadata
================  ================  ======================  ==================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from rftkit.harness.contract.content import ASSISTANT_ROLE, NOVA_ASSISTANT_ROLE

__all__ = ["VARIANTS", "render_variant", "wrap_event"]

VARIANTS: Final = ("documented", "nova", "open-weight", "text-dict")
"""The concrete variants :func:`render_variant` writes."""

_SHAPES: Final = {"open-weight": "blocks", "text-dict": "dict"}


def _content(text: Any, shape: str) -> Any:
    if not isinstance(text, str):
        return text
    if shape == "blocks":
        return [{"type": "text", "text": text}]
    if shape == "dict":
        return {"text": text}
    return text


def render_variant(
    record: Mapping[str, Any], sample_id: str, reply: str, variant: str = "documented"
) -> dict[str, Any]:
    """One wire sample: ``record``'s messages, then ``reply`` as the model's last message.

    ``record`` is a training record (``messages``, optional ``reference_answer``, other
    fields, which go under ``metadata``).

    Example:
        >>> rec = {"messages": [{"role": "user", "content": "2+2?"}], "reference_answer": "4"}
        >>> s = render_variant(rec, "r-0", "#### 4", "open-weight")
        >>> s["messages"][-1], s["metadata"]
        ({'role': 'assistant', 'content': [{'type': 'text', 'text': '#### 4'}]}, \
{'reference_answer': {'text': '4'}})
    """
    shape = _SHAPES.get(variant, "string")
    role = NOVA_ASSISTANT_ROLE if variant == "nova" else ASSISTANT_ROLE
    messages = [
        {**m, "content": _content(m.get("content"), shape)} if isinstance(m, Mapping) else m
        for m in record["messages"]
    ]
    messages.append({"role": role, "content": _content(reply, shape)})
    metadata = {k: v for k, v in record.items() if k not in ("messages", "reference_answer")}
    sample: dict[str, Any] = {"id": sample_id, "messages": messages}
    if "reference_answer" in record:
        ref = record["reference_answer"]
        if variant == "nova":
            sample["reference_answer"] = ref
        else:
            if variant == "open-weight" and isinstance(ref, str):
                ref = {"text": ref}
            metadata = {"reference_answer": ref, **metadata}
    sample["metadata"] = metadata
    return sample


def wrap_event(samples: Sequence[Any], wrapped: bool = False) -> Any:
    """An event holding ``samples``: the bare list, or ``{"trajectories": [...]}`` when wrapped.

    Example:
        >>> wrap_event([{"id": "a"}], wrapped=True)
        {'trajectories': [{'id': 'a'}]}
    """
    return {"trajectories": list(samples)} if wrapped else list(samples)
