"""A program's output, then text that takes it back or labels it another answer.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "How the final answer is found"
and "Offered answers"). Standard library only: this module ships inside every reward
Lambda (no typing at run time, patterns compiled on first use).

The ``tool_output`` rule reads the printed output of the last program. A sentence after it
that restates or concludes is not read: it routinely mentions other numbers (``It took 45
minutes.``, ``After 3 days, ...``, ``So she makes $20.``), which must not override it. What
is no restatement is several answers (:func:`output_answer`):

* an explicit correction after the output block, opening the text after it or later in it
  (``Wait, I made an error: she sells 10 eggs, so she makes $20.``, ``So she makes $18.
  Actually, she makes $20.``, ``Correction: $20.``, ``The program is wrong: ...``): the
  reply states a second value after its program's, the same verdict as after a ``####``
  line or a box (``alternatives.concluded``; :func:`corrected_output`);
* a second answer or an offer after it, read as after a marker's answer
  (``alternatives.offered``: ``The answer is 20.``, ``Final Answer: 20``, ``**$20**``,
  ``Other value: 20.``, ``Or possibly 20.``, a value alone on its line);
* a label before the block, or on the line above the program that printed it, that names
  it another answer (``Second answer:\\n```output``, ``Second answer:\\n```python ...``):
  :func:`offers.labelled_output`.

A correction cue (:data:`_CUE`) has its punctuation (``Wait,``, not ``Wait 45 minutes``):
``Wait,``, ``Actually``, ``Oops``, ``Whoops``, ``Correction``, ``Sorry``, ``Hold on``, ``On
second thought``, ``Scratch that``, ``Hmm, wait``, ``I made a mistake``, ``I was wrong``,
``My mistake``, ``Let me recalculate``, ``is wrong`` / ``incorrect`` / ``not right``. Not
the bare word ``wait`` (``She had to wait 45 minutes.``) nor ``error`` (``The program ran
without errors.``), which restating sentences hold. The correction's value is the reading
of the sentence of the reply's last number, after the cue; the same value again (``Wait,
let me double-check: 9 x 2 = 18. Yes, $18.``) is one answer.

Cost: the caller (``Extractor._decide``) hands every program's output here with the text
after it stripped of its closing characters (as it tests whether the answer ends the
reply). Before any pattern: the character before the block (:data:`LABEL_LAST`), else one
search of the reply for ``:\\n```` (a label's colon ending the line above a fence); the
tail's first character (:data:`TAIL_FIRST`, then one ``startswith`` of
:data:`TAIL_STARTS`; ``A`` only before ``c``, ``l``, ``n``, not ``After``) and five
substring tests (``:``, ``*``, ``.``, a line end, ``nswer``); since session 14, for a tail
that ends in a digit, six more (``or ``, ``ight``, ``ould``, ``aybe``, ``rong``, ``orrect``:
an offer, a hedge or a correction in the middle of one sentence, ``She might also make
$20``, ``$18 (or $20)``, read by :func:`closings.hedged` too), and a second search of the
reply for a blank line between a label and the program. A one-sentence restatement passes
none.
"""

from __future__ import annotations

import re

from rftkit.rewards.alternatives import offered
from rftkit.rewards.closings import hedged
from rftkit.rewards.extraction import Extraction, _several
from rftkit.rewards.numbers import clean_latex, numbers_equal, scan
from rftkit.rewards.offers import labelled_output
from rftkit.rewards.sentences import _sentence_end, _sentence_start

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

    from rftkit.rewards.extract import Extractor

__all__ = ["LABEL_LAST", "TAIL_FIRST", "TAIL_STARTS", "corrected_output", "output_answer"]

# A correction says so at a sentence's start, with its punctuation ("Wait," and not "wait
# 45 minutes"); case-sensitive (a capital is rare in text; lower-cased text costs a copy).
_CUE = (
    r"Wait(?:\s*[,:!.\u2014\-]|\s+a\s+(?:second|moment|minute)\b)|Actually\b|Oops\b|Whoops\b"
    r"|Correction\b|Sorry\b|Hold\s+on\b|On\s+second\s+thought|Scratch\s+that"
    r"|Hmm+,?\s+(?:wait|no)\b|I\s+made\s+(?:a|an)\s+(?:mistake|error)|I\s+was\s+wrong"
    r"|My\s+(?:mistake|bad)\b|Let\s+me\s+(?:re-?calculate|redo|re-?compute|correct)"
    # A verdict on the program or its output ("The program is wrong: ...", "That's incorrect").
    r"|\b(?:is|was|'s)\s+(?:wrong|incorrect|not\s+(?:right|correct))\b"
)
# How a correction opens the text after the block (after a blank line too: the caller strips
# the line ends around it).
_OPENERS = (
    *("Wait", "Actually", "Oops", "Whoops", "Correction", "Sorry", "Hold on", "On second"),
    *("Scratch that", "Hmm", "I made", "I was wrong", "My mistake", "My bad", "Let me re"),
    "Let me correct",
)
# How it may open with an alternative's opener (alternatives.OPENERS: "Or maybe 20.", "It
# could also be 20.") or a value alone ("20")...
_ALT_OPENERS = (
    *("Or ", "Or,", "Maybe", "Perhaps", "Possibly", "Otherwise", "It could", "It might"),
    *("It may", "Second", *"0123456789"),
)
TAIL_STARTS: Final = (*_OPENERS, *_ALT_OPENERS)
# ... and their first characters but "A" (output_answer tests "Ac", "Al", "An": not
# "After"): a set lookup before the ``startswith`` (one C call, no string built).
TAIL_FIRST: Final = frozenset(w[0] for w in TAIL_STARTS) - {"A"}
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


def output_answer(ex: Extractor, found: Extraction, t: str, end: int, rest: str) -> Extraction:
    """``found`` (the ``tool_output`` rule's answer, its block ending at ``end``;
    ``rest``: the text after it without the closing characters around it, as the caller
    tests whether the answer ends the reply), or several answers when a label before the
    block or above the program that printed it offers it as another answer, or the text
    after it takes it back (a correction cue, at its start or later) or states another
    answer (``The answer is 20.``, an offer: :func:`alternatives.offered`).
    ``conflict="last"``/``"first"``: ``found``, as after a marker. Each check runs behind a
    cheap probe (the module's docstring)."""
    # (t[k]: never out of range, "```output" opens at k + 2 >= 0)
    c = t[end - len(found.answer) - 16]  # type: ignore[arg-type]  # before "```output\n18\n```"
    # A label right before the block ("Second answer:\n```output"), or on the line above the
    # program that printed it ("Second answer:\n```python ...```\n```output"): one search of
    # the reply for a colon that ends a line before a fence, and since session 14 a second
    # for a blank line between them ("Second answer:\n\n```python": about 1,200
    # instructions a reply; one pattern search for both cost more, about 1,800).
    if c in LABEL_LAST or (c == "`" and (":\n```" in t or ":\n\n```" in t)):
        found = labelled_output(ex, found, t, end)
        if found.rejected is not None:
            return found
    if not rest:
        return found  # the output ends the reply
    c = rest[0]
    if (
        not (
            (c in TAIL_FIRST and rest.startswith(TAIL_STARTS))  # "Wait, ...", "Or maybe", "20"
            or (c == "A" and rest[1:2] in "cln")  # "Actually", "Alternatively", "Another" ("After")
            or ":" in rest  # "Correction: ...", "Answer: 20", "Other value: 20", "wrong: ..."
            or "*" in rest  # "So she makes **$20**."
            or "." in rest  # a later sentence ("So she makes $18. Wait, ..."), or a decimal
            or "\n" in rest  # a later line
            or "nswer" in rest  # "The answer is 20."
            # One sentence that ends in a value, with an offer, a hedge or a correction in
            # its middle (session 14): "She might also make $20", "$18, or perhaps $20",
            # "$18 (or $20)", "That's wrong; she makes $20", "$18, though it could be $20"
            # (a restatement ends in words: "... gives 18 as the result").
            or (
                rest[-1] in _DIGITS
                and (
                    "or " in rest
                    or "ight" in rest
                    or "ould" in rest
                    or "aybe" in rest
                    or "rong" in rest
                    or "orrect" in rest
                )
            )
        )
        or ex.conflict != "reject"  # (keeping the last or first answer reads none of them)
    ):
        return found  # one sentence that restates the output ("It took 45 minutes")
    m = _rx().search(t, end)
    if m is not None:
        return corrected_output(ex, found, t, end, m.start())
    if offered(ex, t, end, found.number, "tool_output"):  # type: ignore[arg-type]
        return _several(found, found.rule or "", list(found.flags))
    # "So she makes $18 or $20": the output's value joined to another one by a hedge
    # (closings.hedged: "$18 (or $20)", "$18, maybe $20"), in the text's first 400 characters.
    text = clean_latex(rest[:400])
    if hedged(text, scan(text, 64), found.number):  # type: ignore[arg-type]
        return _several(found, found.rule or "", list(found.flags))
    return found
