"""A program's output, then text that takes it back or labels it another answer.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "How the final answer is found"
and "Offered answers"). Standard library only: this module ships inside every reward
Lambda (no typing at run time, patterns compiled on first use).

The ``tool_output`` rule reads the printed output of the last program, and the sentence
after it is not read: it restates the output and routinely mentions other numbers (``It
took 45 minutes.``, ``After 3 days, ...``), which must not override it. Two shapes are no
restatement:

* an explicit correction after the output block (``Wait, I made an error: she sells 10
  eggs, so she makes $20.``, ``Actually, she makes $20.``, ``Correction: $20.``, ``Oops,
  I made a mistake. ...``): the reply states a second value after its program's, the
  same verdict as after a ``####`` line or a box (``alternatives.concluded``): several
  answers (:func:`corrected_output`);
* a label before the block that names it another answer (``Second answer:\\n```output``):
  :func:`offers.labelled_output`.

A correction is an opener at a sentence start with its punctuation (``Wait,``,
``Actually``, ``Oops``, ``Whoops``, ``Correction``, ``Sorry``, ``Hold on``, ``On second
thought``, ``Scratch that``) or a phrase that says so (``mistake``, ``I was wrong``,
``made an error``, ``an error in``, ``is wrong``, ``was incorrect``, ``recalculate``,
``let me redo``): not the bare word ``wait`` (``She had to wait 45 minutes.``) nor
``error`` (``The program ran without errors.``), which restating sentences hold. The
correction's value is the reading of the sentence of the reply's last number, after the
cue; the same value again (``Wait, let me double-check: 9 x 2 = 18. Yes, $18.``) is one
answer.

Cost: a correction needs one of thirteen stems in the text after the block (substring
tests); the pattern runs only when one is there.
"""

from __future__ import annotations

import re

from rftkit.rewards.extraction import Extraction, _several
from rftkit.rewards.numbers import numbers_equal
from rftkit.rewards.offers import labelled_output
from rftkit.rewards.sentences import _sentence_end, _sentence_start

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from rftkit.rewards.extract import Extractor

__all__ = ["corrected_output", "output_answer"]

_CUE = (
    r"(?:^|[.!?:;)]\s+|\n)[\s*_>#(\-]*"
    r"(?:wait\s*[,:!.\u2014\-]|wait\s+a\s+(?:second|moment|minute)\b|actually\b|oops\b"
    r"|whoops\b|correction\b|sorry\b|hold\s+on\b|on\s+second\s+thought|scratch\s+that)"
    r"|\b(?:mistake|i\s+was\s+wrong|made\s+an\s+error|an\s+error\s+in"
    r"|(?:is|was|'s)\s+(?:wrong|incorrect)|recalculat|let\s+me\s+(?:redo|re-?calculate"
    r"|re-?compute|re-?do|correct))"
)
_RX: list[re.Pattern[str]] = []
_DIGITS = "0123456789"


def _stems(tail: str) -> bool:
    """A stem of every cue of :data:`_CUE` (the cheap test before the pattern)."""
    return (
        "ait" in tail or "ctually" in tail or "ops" in tail or "orrect" in tail
        or "orry" in tail or "istake" in tail or "rong" in tail or "rror" in tail
        or "ecalc" in tail or "old on" in tail or "thought" in tail or "cratch" in tail
        or "edo" in tail
    )  # fmt: skip


def corrected_output(ex: Extractor, found: Extraction, t: str, end: int) -> Extraction:
    """``found`` (a program's output, its block ending at ``end``), or several answers when
    the text after the block takes it back and then states another value.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> out = "```output\\n18\\n```\\n"
        >>> Extractor()(out + "Wait, I made an error: she makes $20.").rejected
        'multiple_answers'
        >>> Extractor()(out + "She had to wait 45 minutes.").answer
        '18'
    """
    tail = t[end:]
    if not _stems(tail):
        return found
    if not _RX:
        _RX.append(re.compile(_CUE))
    m = _RX[0].search(tail.lower())
    if m is None:
        return found
    k = len(t) - 1
    cue = end + m.start()
    while k > cue and t[k] not in _DIGITS:
        k -= 1
    if k <= cue:
        return found  # "Wait, that's right.": no value after the correction
    start = max(_sentence_start(t, k), end)
    read = ex._statement("final_sentence", t[start : _sentence_end(t, k)], True, [])
    if read is None or found.number is None:
        return found
    if read.number is not None and numbers_equal(read.number, found.number):
        return found  # "Wait, let me double-check: ... Yes, $18.": the same value
    return _several(found, found.rule or "", list(found.flags))


def output_answer(ex: Extractor, found: Extraction, t: str, end: int) -> Extraction:
    """``found`` (the ``tool_output`` rule's answer, its block ending at ``end``), or several
    answers when a label before the block offers it as another answer or a correction after
    it states another value (``conflict="last"``/``"first"``: ``found``, as after a
    marker)."""
    if ex.conflict != "reject" or found.number is None:
        return found
    found = labelled_output(ex, found, t, end)
    if found.rejected is not None:
        return found
    return corrected_output(ex, found, t, end)
