"""A hypothetical after the answer: ``She makes $18 a day. If she sold 10 eggs, she'd make
$20.`` answers 18, not 20.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "A hypothetical after the
answer"). Standard library only: this module ships inside every reward Lambda (no typing at
run time, the pattern compiled on first use).

Chat models state the answer and then play with the problem: ``With 10 eggs, she would make
$20.``, ``At $3 per egg, she would make $27.``, ``Had she sold 10 eggs, she would have made
$20.``. The final-sentence rule read the hypothetical's value. :func:`hypothetical` reads
the statement before it instead, when all of these hold:

* the final sentence is a conditional: a premise (opened by ``If``, ``Had``, ``Were``,
  ``Suppose``, ``Assuming``, ``Imagine``, ``With``, ``Without``, ``At``, ``Should``, ``Even
  if``, or an ``if`` clause after the consequence; a comma or none before the consequence)
  and a consequence with a modal verb of the unreal (``would``, ``could``, ``might``,
  ``'d``);
* the premise changes the problem, in one of two ways:

  - *a new number* (only with the prompt): it holds a number (in digits or words; not
    ``one``, an article as often as a count: ``If one ice cream sells for $5``) that
    neither the question nor the reply before the sentence holds (``10 eggs`` where the
    question has 16, 3, 4 and 2 and the work 9 and 18);
  - *in words* (with or without the prompt): a negation (``didn't``, ``not``, ``no``,
    ``without``, ...) or a word that alters the problem (``only``, ``instead``, ``also``,
    ``extra``, ``another``, ``more``, ``fewer``, ``less``, ``twice``, ``double``, ``half``),
    and the statement before reads a value of the same kind as the hypothetical's (both
    after a ``$`` or before ``dollars``, or both before the same noun: ``eggs``); a bare
    number is of no known kind;
* the sentence before it is no hypothetical itself, and read as a final sentence by itself
  it reads a number (an answer, or several answers: ``She makes $18 or $20. If ...`` is
  refused, as its statement is) other than the hypothetical's;
* with the prompt, the question asks no time unit that the hypothetical names and the
  statement does not (``How much does she make per week?`` answered by ``... In a week, she
  would make $126.`` keeps 126; :mod:`.time_frames` reads such extensions).

A hypothetical in brackets after the statement (``She makes $18. (If she didn't eat any,
she'd make $24.)``) is read as the same sentence without them (:mod:`.bracket_remarks`).

Why the prompt for a new number: a conditional whose premise restates the problem (``If
each egg sells for $2, she would make $18.``) states the answer, and its numbers are the
question's; without the question a premise number the reply never wrote cannot be told
from a given one. Words that negate or alter the problem need no question, but they alone
do not tell a hypothetical from a restatement (``She has 9 eggs left. If she doesn't keep
any, she would make $18.`` states the answer): the statement before must answer the same
quantity with another value.

A hypothetical never earns: the reply is paid for the statement before it, or refused with
it, so a policy gains nothing by appending one (the statement alone would be paid the same).
Flag ``hypothetical``.

Cost: one ``str.startswith`` with the openers and one search for ``" if "`` for every final
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

__all__ = ["FLAG", "OPENERS", "hypothetical"]

FLAG: Final = "hypothetical"
"""The flag of an answer read in the statement before a hypothetical."""

_OPENERS = (
    "If ", "Had ", "Were ", "Suppose ", "Supposing ", "Assuming ", "Imagine ", "With ",
    "Without ", "At ", "Should ", "Even if ",
)  # fmt: skip
OPENERS: Final = _OPENERS
"""A premise's openers: with ``" if "``, the probe of :func:`hypothetical` (a C-speed
``str.startswith``: a two-letter lookup let every ``She ...`` through, for ``Should``)."""

_MODAL: list[re.Pattern[str]] = []  # compiled on first use (the Lambda cold start)
_IF = " if "
_ONE = frozenset({1})  # "If one egg sells for $2": "one" is an article there, no new number
_MAX_SENTENCE = 400  # a longer final sentence is read as before
# Words of a premise that change the problem without a new number ("If she didn't eat any",
# "If she only sold 5", "with 2 more eggs"), beside any negation in "n't".
_ALTERING = frozenset({
    "not", "no", "never", "none", "nothing", "without", "instead", "also", "only", "extra",
    "another", "more", "fewer", "less", "twice", "double", "half", "triple",
})  # fmt: skip
_CURRENCY = frozenset({"dollar", "dollars", "usd", "bucks"})


def _modal() -> re.Pattern[str]:
    if not _MODAL:
        _MODAL.append(re.compile(r"(?<![A-Za-z])(?:would|could|might)(?![A-Za-z])|['\u2019]d "))
    return _MODAL[0]


def _parts(s: str) -> tuple[str, str] | None:
    """``(premise, consequence)`` of a conditional sentence, or None.

    ``If P, (then) C`` and the other openers: the premise up to the last ``, `` before the
    consequence's modal verb. ``C if P``: the consequence up to ``if``, with a modal verb.
    """
    if not ("ould" in s or "ight" in s or "'d " in s or "\u2019d " in s):
        return None  # no modal (substring tests: the pattern's lookbehind runs everywhere)
    m = _modal().search(s)
    if m is None:
        return None
    if s.startswith(_OPENERS):
        comma = s.rfind(", ", 0, m.start())
        if comma == -1:
            # "If she sold all 16 eggs she would earn $32.": no comma; the premise runs to
            # the consequence's subject (the word before the modal verb), which holds no number.
            cut = s.rfind(" ", 0, m.start() - 1 if s[m.start()] != "'" else m.start())
            return (s[:cut], s[cut:]) if cut > 3 else None
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


def _counterfactual(premise: str) -> bool:
    """Whether ``premise`` negates or alters the problem in words (``didn't``, ``only``,
    ``instead``, ``2 more``...), whatever its numbers."""
    words = premise.lower().replace("\u2019", "'").split()
    return any(w.endswith("n't") or w.strip(",;") in _ALTERING for w in words)


def _kind(text: str, value: object) -> str | None:
    """What the number of ``text`` whose value is ``value`` counts: ``$`` when a dollar sign
    precedes it, else the word after it without a plural ``s`` (None: no such number)."""
    # Scanned as written: clean_latex drops a "$" (a math delimiter to it). Other LaTeX
    # ("\\frac") finds no equal value: the kinds are then unknown, read as before.
    cleaned = text.replace("\\$", "$")
    for t in reversed(scan(cleaned)):
        if t.number is not None and t.number.value == value:
            if cleaned[: t.start].rstrip().endswith("$"):
                return "$"
            after = cleaned[t.end :].split(None, 1)
            word = after[0].strip(".,;:!?)").lower() if after else ""
            if word in _CURRENCY:
                return "$"
            if not word:
                return None  # a bare number: of no known kind
            return word[:-1] if word.endswith("s") else word
    return None


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
    if found is None or found.number is None or len(s) > _MAX_SENTENCE:
        return found
    if not (s.startswith(_OPENERS) or _IF in s) or not body.endswith(s):
        return found
    parts = _parts(s)
    if parts is None:
        return found
    premise, _ = parts
    head = body[: len(body) - len(s)].rstrip()
    if not head:
        return found
    new = False  # the premise holds a number neither the question nor the work holds
    if prompt is not None:
        changed = _values(premise) - _ONE
        if changed:
            known = _values(head) | given_values(prompt)
            text = prompt_text(prompt)
            known.update(t.number.value for t in number_words(text) if t.number is not None)
            new = not changed <= known
    if not new and not _counterfactual(premise):
        return found  # the premise restates the problem: the sentence states the answer
    statement = head[_sentence_start(head, len(head.rstrip(_FINISHER_CHARS))) :]
    if statement.startswith(_OPENERS) and _parts(statement) is not None:
        return found  # two hypotheticals: read as before (one level only)
    if prompt is not None:
        text = prompt_text(prompt)
        if any(asks_for(text, u) for u in _time_units(s) - _time_units(statement)):
            return found  # the question asks the hypothetical's frame (time_frames decides)
    stated = ex._final(rule, statement, list(flags), prompt, head)
    if stated is None or (stated.number is None and stated.rejected is None):
        return found  # the sentence before states nothing: read as before
    if stated.number is not None and stated.number.value == found.number.value:
        return found  # the same value: nothing to choose
    if not new and (
        stated.number is None
        or (kind := _kind(statement, stated.number.value)) is None
        or kind != _kind(s, found.number.value)
    ):
        # "She has 9 eggs left. If she didn't keep any, she'd make $18.": a premise
        # in words alone changes the problem only when the statement before answers the
        # same kind of quantity (dollars and dollars, eggs and eggs) with another value.
        return found
    return tuple.__new__(type(stated), (*stated[:4], (*stated.flags, FLAG), *stated[5:]))
