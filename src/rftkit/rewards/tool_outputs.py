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

A correction opens the text after the block (also after a blank line) with a cue
(:data:`CUE_STARTS`: ``Wait,``, ``Actually``, ``Oops``, ``Whoops``, ``Correction``,
``Sorry``, ``Hold on``, ``On second thought``, ``Scratch that``, ``Hmm, wait``, ``I made a
mistake``, ``I was wrong``, ``My mistake``, ``Let me recalculate``, ...); the pattern
:data:`_CUE` then finds it with its punctuation (``Wait,``, not ``Wait 45 minutes``). Not
the bare word ``wait`` (``She had to wait 45 minutes.``) nor ``error`` (``The program ran
without errors.``), which restating sentences hold, and not a cue later in the text (``So
she makes $18. Wait, ...``: a gap, for the cost). The correction's value is the reading of
the sentence of the reply's last number, after the cue; the same value again (``Wait, let
me double-check: 9 x 2 = 18. Yes, $18.``) is one answer. A label is read on the line right
before the block only (not above the program that printed it: a gap, for the cost).

Cost: the caller (``Extractor._decide``) tests one character on each side of the block
(:data:`CUE_FIRST`, ``Ac`` for ``Actually``, :data:`LABEL_LAST`: one-character slices are
cached strings, no allocation) and calls :func:`output_answer` only on a hit; a pattern
runs only after :data:`CUE_STARTS` matched.
"""

from __future__ import annotations

import re

from rftkit.rewards.extraction import Extraction, _several
from rftkit.rewards.numbers import numbers_equal
from rftkit.rewards.offers import labelled_output
from rftkit.rewards.sentences import _sentence_end, _sentence_start

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

    from rftkit.rewards.extract import Extractor

__all__ = ["CUE_FIRST", "CUE_STARTS", "LABEL_LAST", "corrected_output", "output_answer"]

# A correction says so at a sentence's start, with its punctuation ("Wait," and not "wait
# 45 minutes"); case-sensitive (a capital is rare in text; lower-cased text costs a copy).
_CUE = (
    r"Wait(?:\s*[,:!.\u2014\-]|\s+a\s+(?:second|moment|minute)\b)|Actually\b|Oops\b|Whoops\b"
    r"|Correction\b|Sorry\b|Hold\s+on\b|On\s+second\s+thought|Scratch\s+that"
    r"|Hmm+,?\s+(?:wait|no)\b|I\s+made\s+(?:a|an)\s+(?:mistake|error)|I\s+was\s+wrong"
    r"|My\s+(?:mistake|bad)\b|Let\s+me\s+(?:re-?calculate|redo|re-?compute|correct)"
)
# How a correction opens the text after the block (or after a blank line): ``str.startswith``
# with this tuple is one C call (no string is built), before any pattern.
_OPENERS = (
    *("Wait", "Actually", "Oops", "Whoops", "Correction", "Sorry", "Hold on", "On second"),
    *("Scratch that", "Hmm", "I made", "I was wrong", "My mistake", "My bad", "Let me re"),
    "Let me correct",
)
CUE_STARTS: Final = (*_OPENERS, *("\n" + w for w in _OPENERS))
# Their first characters but "A" (the caller tests "Ac": "Actually", not "After"): a
# one-character slice (a cached string, no allocation) and a set lookup per reply.
CUE_FIRST: Final = frozenset("WOCSHIML\n")
# The last character of a label right before a ```output block ("Second answer:\n",
# "Alternatively, ", "...\n\n"; a program's closing fence, "```\n", ends with none): a
# one-character slice (a cached string) and a set lookup.
LABEL_LAST: Final = frozenset(":,\n \t")
_RX: list[re.Pattern[str]] = []
_DIGITS = "0123456789"


def _rx() -> re.Pattern[str]:
    if not _RX:
        _RX.append(re.compile(_CUE))
    return _RX[0]


def corrected_output(ex: Extractor, found: Extraction, t: str, end: int, cue: int) -> Extraction:
    """``found`` (a program's output, its block ending at ``end``), or several answers when
    a correction cue at ``cue`` (after the block) is followed by another value.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> out = "```output\\n18\\n```\\n"
        >>> Extractor()(out + "Wait, I made an error: she makes $20.").rejected
        'multiple_answers'
        >>> Extractor()(out + "She had to wait 45 minutes.").answer
        '18'
    """
    k = len(t) - 1
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


def output_answer(ex: Extractor, found: Extraction, t: str, end: int, span: str) -> Extraction:
    """``found`` (the ``tool_output`` rule's answer ``span``, its block ending at ``end``), or
    several answers when a label before the block offers it as another answer or a
    correction after it states another value (``conflict="last"``/``"first"``: ``found``, as
    after a marker). The caller tests :data:`CUE_FIRST` and :data:`LABEL_LAST` first."""
    if ex.conflict != "reject" or found.number is None:
        return found
    k = end - len(span) - 16  # the character before "```output\n18\n```", as models write it
    if k >= 0 and t[k] in LABEL_LAST:
        found = labelled_output(ex, found, t, end)
        if found.rejected is not None:
            return found
    if t.startswith(CUE_STARTS, end + 1) and (m := _rx().search(t, end)) is not None:
        return corrected_output(ex, found, t, end, m.start())
    return found
