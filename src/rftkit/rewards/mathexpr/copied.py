"""Tell an answer the reply worked out from one it copied out of the prompt.

Two classes of reply are paid nothing however equivalent their answer is (flag
``copied_from_prompt``):

* **the question restated**: the answer is an expression with an operation in it that the
  prompt already holds, written differently from the reference (``Simplify
  $\\sqrt{8}$`` answered ``\\boxed{\\sqrt{8}}``, ``Compute $3 + 15$`` answered ``3 + 15``).
  Equivalence would pay these: the value is right, the work is not done. A bare number or
  letter is never judged copied (answering ``18`` is indistinguishable from copying it);
* **the prompt echoed**: the answer was found by a weak rule (``math_span``, ``whole``,
  ``choice``, ``last_number``) and the reply's last 40 characters or more stand verbatim in
  the prompt: the number or letter the rule read is the prompt's, not the model's.

Text is compared after dropping spaces, braces, ``$``, ``\\left``/``\\right`` and mapping
``\\dfrac``/``\\tfrac`` to ``\\frac``. Only the first :data:`MAX_PROMPT` characters of the
prompt are read. Standard library only.
"""

from __future__ import annotations

__all__ = ["MAX_PROMPT", "copied_from_prompt", "normalise"]

MAX_PROMPT = 65_536
"""Characters of the prompt that are read."""

_TAIL = 40  # characters of the reply's end that, found in the prompt, make it an echo
_WEAK_RULES = frozenset({"math_span", "whole", "choice", "last_number"})
_DROP = ("\\left", "\\right", "\\displaystyle", "\\,", "\\!", "\\;", "$", "{", "}")
_OPERATIONS = ("+", "-", "*", "/", "^", "!", "\\frac", "\\sqrt", "\\cdot", "\\times", "\\div")


def normalise(text: str) -> str:
    """``text`` without spaces, braces, ``$`` or sizing commands; ``\\dfrac`` is ``\\frac``.

    Example:
        >>> normalise("$\\\\dfrac{1}{2} + \\\\left( x \\\\right)$")
        '\\\\frac12+(x)'
    """
    s = "".join(text.split())
    for d in _DROP:
        s = s.replace(d, "")
    return s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")


def _operation(s: str) -> bool:
    body = s.lstrip("-")
    return any(op in body for op in _OPERATIONS)


def copied_from_prompt(prompt: str, reply: str, answer: str, reference: str, rule: str) -> bool:
    """Whether a paid ``answer`` is the prompt's text rather than the model's work.

    Example:
        >>> copied_from_prompt("Simplify $\\\\sqrt{8}$.", "\\\\boxed{\\\\sqrt{8}}", "\\\\sqrt{8}",
        ...                    "2\\\\sqrt{2}", "boxed")
        True
        >>> copied_from_prompt("Simplify $\\\\sqrt{8}$.", "\\\\boxed{2\\\\sqrt2}", "2\\\\sqrt2",
        ...                    "2\\\\sqrt{2}", "boxed")
        False
    """
    if not prompt:
        return False
    p = normalise(prompt[:MAX_PROMPT])
    a = normalise(answer)
    if len(a) >= 3 and _operation(a) and a != normalise(reference) and a in p:
        return True
    if rule in _WEAK_RULES:
        tail = normalise(reply[-4 * _TAIL :])[-_TAIL:]
        if len(tail) >= _TAIL and tail in p:
            return True
    return False
