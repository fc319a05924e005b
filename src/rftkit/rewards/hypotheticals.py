"""A hypothetical after the answer: ``She makes $18 a day. If she sold 10 eggs, she'd make
$20.`` answers 18, not 20.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "A hypothetical after the
answer"). Standard library only: this module ships inside every reward Lambda (no typing at
run time, the pattern compiled on first use).

Chat models state the answer and then play with the problem: ``With 10 eggs, she would make
$20.``, ``At $3 per egg, she would make $27.``, ``Had she sold 10 eggs, she would have made
$20.``. The final-sentence rule read the hypothetical's value. :func:`hypothetical` reads
the statement before it instead, when all of these hold:

* the grader has the prompt (without it nothing changes: see below);
* the final sentence is a conditional: a premise (opened by ``If``, ``Had``, ``Were``,
  ``Suppose``, ``Assuming``, ``Imagine``, ``With``, ``Without``, ``At``, ``Should``, ``Even
  if``, or an ``if`` clause after the consequence) and a consequence with a modal verb
  (``would``, ``could``, ``might``, ``will``, ``'d``, ``'ll``);
* the premise changes the problem: it holds a number (in digits or words; not ``one``, an
  article as often as a count: ``If one ice cream sells for $5``) that neither the
  question nor the reply before the sentence holds (``10 eggs`` where the question has 16,
  3, 4 and 2 and the work 9 and 18);
* the sentence before it is no hypothetical itself, and read as a final sentence by itself
  it reads a number (an answer, or several answers: ``She makes $18 or $20. If ...`` is
  refused, as its statement is);
* the question asks no time unit that the hypothetical names and the statement does not
  (``How much does she make per week?`` answered by ``... In a week, she would make $126.``
  keeps 126; :mod:`.time_frames` reads such extensions).

Why the prompt: a conditional whose premise restates the problem (``If each egg sells for
$2, she would make $18.``) states the answer, and its numbers are the question's; without
the question a premise number the reply never wrote cannot be told from a given one. So
without the prompt the sentence is read as before (the reward Lambda always has the
prompt: the event's messages).

A hypothetical never earns: the reply is paid for the statement before it, or refused with
it, so a policy gains nothing by appending one (the statement alone would be paid the same).
Flag ``hypothetical``.

Cost: two-character lookups of the final sentence's start (one set lookup) for every
sentence; the rest only for a sentence opened by a premise word or holding ``if``.
"""

from __future__ import annotations

import re

from rftkit.rewards.givens import given_values, prompt_text
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import clean_latex, scan
from rftkit.rewards.sentences import _FINISHER_CHARS, _sentence_start
from rftkit.rewards.time_frames import UNITS, asks_for

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "HEADS", "hypothetical"]

FLAG: Final = "hypothetical"
"""The flag of an answer read in the statement before a hypothetical."""

_OPENERS = (
    "If ", "Had ", "Were ", "Suppose ", "Supposing ", "Assuming ", "Imagine ", "With ",
    "Without ", "At ", "Should ", "Even if ",
)  # fmt: skip
HEADS: Final = frozenset(o[:2] for o in _OPENERS)
"""The first two characters of a premise's openers: the probe of :func:`hypothetical`."""

_MODAL: list[re.Pattern[str]] = []  # compiled on first use (the Lambda cold start)
_IF = " if "
_ONE = frozenset({1})  # "If one egg sells for $2": "one" is an article there, no new number
_MAX_SENTENCE = 400  # a longer final sentence is read as before


def _modal() -> re.Pattern[str]:
    if not _MODAL:
        _MODAL.append(re.compile(r"(?<![A-Za-z])(?:would|could|might)(?![A-Za-z])|['\u2019]d "))
    return _MODAL[0]


def _parts(s: str) -> tuple[str, str] | None:
    """``(premise, consequence)`` of a conditional sentence, or None.

    ``If P, (then) C`` and the other openers: the premise up to the last ``, `` before the
    consequence's modal verb. ``C if P``: the consequence up to ``if``, with a modal verb.
    """
    m = _modal().search(s)
    if m is None:
        return None
    if s.startswith(_OPENERS):
        comma = s.rfind(", ", 0, m.start())
        if comma == -1:
            return None
        return s[:comma], s[comma:]
    k = s.find(_IF, m.end())
    if k == -1:
        return None
    return s[k:], s[:k]


def _values(text: str) -> set[Any]:
    """The values of the numbers of ``text``, in digits and in words."""
    values = {t.number.value for t in scan(clean_latex(text)) if t.number is not None}
    values.update(t.number.value for t in number_words(text) if t.number is not None)
    return values


def _time_units(text: str) -> set[str]:
    return {u for w in re.findall(r"[A-Za-z]+", text.lower()) if (u := UNITS.get(w)) is not None}


def hypothetical(  # noqa: PLR0917 - the final-sentence reader's arguments, in its order
    ex: Extractor,
    rule: str,
    found: Extraction | None,
    s: str,
    flags: list[str],
    prompt: object,
    body: str,
) -> Extraction | None:
    """``found`` (the reading of ``body``'s final sentence ``s``), or the reading of the
    sentence before it when ``s`` is a hypothetical (see the module docstring)."""
    if prompt is None or found is None or found.number is None or len(s) > _MAX_SENTENCE:
        return found
    if not (s[:2] in HEADS or _IF in s) or not body.endswith(s):
        return found
    parts = _parts(s)
    if parts is None:
        return found
    premise, _ = parts
    changed = _values(premise) - _ONE
    if not changed:
        return found  # "If she sells all her eggs, ...": nothing new in the premise
    head = body[: len(body) - len(s)].rstrip()
    known = _values(head) | given_values(prompt)
    text = prompt_text(prompt)
    known.update(t.number.value for t in number_words(text) if t.number is not None)
    if changed <= known:
        return found  # the premise restates the problem: the sentence states the answer
    if not head:
        return found
    statement = head[_sentence_start(head, len(head.rstrip(_FINISHER_CHARS))) :]
    if statement[:2] in HEADS and _parts(statement) is not None:
        return found  # two hypotheticals: read as before (one level only)
    if any(asks_for(text, u) for u in _time_units(s) - _time_units(statement)):
        return found  # the question asks the hypothetical's frame (time_frames decides)
    stated = ex._final(rule, statement, list(flags), prompt, head)
    if stated is None or (stated.number is None and stated.rejected is None):
        return found  # the sentence before states nothing: read as before
    if stated.number is not None and stated.number.value == found.number.value:
        return found  # the same value: nothing to choose
    return tuple.__new__(type(stated), (*stated[:4], (*stated.flags, FLAG), *stated[5:]))
