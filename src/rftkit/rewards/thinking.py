"""A reasoning model's thinking: the part of a reply that no grader reads as its answer.

Standard library only: this module ships inside every reward Lambda.
"""

from __future__ import annotations

__all__ = ["after_thinking"]


def after_thinking(text: str) -> str | None:
    """The reply after a reasoning model's thinking, or None when the thinking never ended.

    Text up to the last ``</think>`` is thinking (Qwen3, DeepSeek-R1 and other reasoning
    models; the opening tag is often in the prompt): an answer, a call or a program drafted
    there is neither the reply's answer nor a second one. A ``<think>`` that no
    ``</think>`` follows means the reply was cut off while thinking: None. Any other text is
    returned as it is. Two searches for a closing tag and one for an opening one, in C.

    Example:
        >>> after_thinking("5*6 is 30, or \\\\boxed{31}?</think>The answer is 30.")
        'The answer is 30.'
        >>> after_thinking("<think>5*6 = 30, so the answer is 30") is None
        True
    """
    k = text.rfind("</think>")
    if k != -1:
        text = text[k + 8 :]
    return None if "<think>" in text else text
