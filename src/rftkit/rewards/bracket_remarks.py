"""A final "sentence" that is only a bracketed remark on the sentence before it:
``Janet makes $18 every day. (9 x $2)`` answers 18, as ``Janet makes $18 every day (9 x
$2).`` does.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "A bracketed remark after the
full stop"). Standard library only: this module ships inside every reward Lambda (no typing
at run time, the patterns compiled on first use).

The sentence splitter ends a sentence at its full stop, so a bracketed remark written after
it is the reply's final sentence, and the final-sentence rule read the remark alone: a
computation of the answer (``(9 x $2)``) was refused as several numbers, a relation (``(Not
$20.)``) read 20, a restated input (``(She sells 9 eggs.)``) read 9. Inside one sentence
the reader already reads a closing remark apart (``Extractor._statement``). So
:func:`bracket_remark` reads the remark as a closing remark of the sentence before it,
when all of these hold:

* the final sentence is wholly one bracket group: optional Markdown marks (``*_>#-+~``) or
  non-ASCII symbols (an emoji) before ``(``, nothing after ``)`` but full stops, ``!``,
  ``*`` and ``_``, no other bracket inside (and no LaTeX ``\\(``);
* the sentence before it is no such group itself, and read as a final sentence by itself
  it reads an accepted value A (a refused or empty statement keeps today's reading: the
  remark may be the statement, ``So the total is 9 x 2. (18)``);
* (a sentence before with one bold span that is refused, ``= **$18**``, is read without the
  marks when that reads the bold value);
* the final sentence read alone read something (else the last-number rule reads, as
  before);
* the remark does not state a value of its own (below).

Then the reading is the final-sentence reading of the JOINED sentence ``S (R).``: the
sentence before without its full stop, a space, the group without a full stop inside it
(``(Not $20.)`` -> ``(Not $20)``) and without the marks before it, and a full stop. So
a remark never earns anything a reply without the full stop would not earn: a hedge
(``(Or maybe $20.)``) is several answers, a relation (``(Not $20.)``) and an explanation
(``(9 x $2)``, ``(She sells 9 eggs.)``) leave the statement, a restatement in another unit
(``(That is $126 a week.)``) is read as :mod:`.conversions` / :mod:`.time_frames` read
``She makes $18 (That is $126 a week).``. Flag ``bracket_remark``.

A remark states a value of its own (today's reading kept) when read alone it reads an
accepted value B other than A and either

* it opens with a conclusion word (``So``, ``Thus``, ``Therefore``, ``Hence``, ``Total``,
  ``In total``, ``Answer``, ``The answer``, ``Final``): ``(So she makes $18.)``;
* it is a clause of its own: two words or more before its first number, the first no word
  that points back at the sentence before (``That``, ``This``, ``It``, ``Which``, ``i.e.``,
  ``Not``, ``Or``, ``About``, ...), and B is a value the reply has not written before the
  remark: ``The eggs sold are 9. (She makes $18.)`` reads 18, ``She sells 9 eggs at $2.
  She makes $18 a day. (She sells 9 eggs.)`` reads 18 (9 was written: an input restated);
* it holds a value and no word, and the sentence before ends in arithmetic (its last
  number an operand: ``... is 9 times 2. (18)``): the result of that arithmetic.

Cost: two substring tests on every final sentence (in :meth:`Extractor._final`); the rest
only for a final sentence that opens with ``(`` and ends with ``)``.
"""

from __future__ import annotations

import re

from rftkit.rewards.alternatives import remark_hedges
from rftkit.rewards.extract_rules import hedging_remark
from rftkit.rewards.extraction import _several
from rftkit.rewards.hypotheticals import OPENERS as HYP_OPENERS
from rftkit.rewards.hypotheticals import hypothetical
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import clean_latex, scan
from rftkit.rewards.second_answers import other_value
from rftkit.rewards.sentences import _FINISHER_CHARS, _sentence_start

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "bracket_remark", "remark_group"]

FLAG: Final = "bracket_remark"
"""The flag of a final bracketed remark read as a closing remark of the sentence before."""

_LEAD = " \t\r\n*_>#-+~"  # Markdown marks a remark line may open with
_TAIL = " \t\r\n.!*_"  # what may follow the closing bracket
_INNER_STOPS = " \t\r\n.!;,"  # a stop inside the group, dropped when it is joined
_STATEMENT_STOPS = " \t\r\n.!"  # the sentence before's full stop, dropped when joined
_MAX_SENTENCE = 400  # a longer final sentence is read as before
_CONCLUDERS = (
    "so ", "so,", "thus", "therefore", "hence", "total", "in total", "answer", "the answer",
    "final", "overall", "altogether", "in all",
)  # fmt: skip
_POINTERS = frozenset({
    "that", "this", "it", "which", "that's", "this's", "it's", "i.e", "ie", "e.g", "eg", "not",
    "or", "and", "about", "approximately", "approx", "roughly", "around", "nearly", "almost",
    "equivalently", "namely", "aka", "per", "each", "at", "from", "for", "since", "because",
    "as", "with", "by", "of", "to", "plus", "minus", "times", "or,", "since,",
    "maybe", "perhaps", "possibly", "probably", "likely", "note", "check", "verify",
    "verified", "checking", "confirm", "confirmed", "ok", "okay", "correct", "yes",
})  # fmt: skip
_PATTERNS: list[re.Pattern[str]] = []  # compiled on first use (the Lambda cold start)


def _patterns() -> list[re.Pattern[str]]:
    if not _PATTERNS:
        _PATTERNS.append(re.compile(r"[A-Za-z][A-Za-z'.]*"))  # a word before the number
        _PATTERNS.append(re.compile(r"[0-9$\u20ac\u00a3]"))  # where the first number opens
        # The sentence before ends in arithmetic: an operator before its last number.
        _PATTERNS.append(
            re.compile(
                r"(?:[x\u00d7*+\u2212/\u00f7\u00b7-]|\btimes|\bplus|\bminus|\bby)"
                r"[ \t]{0,3}\$?[0-9][0-9,]{0,12}(?:\.[0-9]{1,6})?[ \t]{0,3}[.!]?[ \t]*\Z"
            )
        )
    return _PATTERNS


def remark_group(s: str) -> str | None:
    """The text inside the one bracket group that ``s`` wholly is, or None.

    Optional Markdown marks or non-ASCII symbols (an emoji) before ``(``; after ``)`` only
    full stops, ``!``, ``*``, ``_`` and spaces; no other bracket inside.
    """
    i = 0
    n = len(s)
    while i < n and (s[i] in _LEAD or (s[i] > "\x7f" and not s[i].isalnum())):
        i += 1
    if i >= n or s[i] != "(" or (i and s[i - 1] == "\\"):
        return None
    j = len(s.rstrip(_TAIL))
    if j <= i + 1 or s[j - 1] != ")":
        return None
    inner = s[i + 1 : j - 1]
    if "(" in inner or ")" in inner or inner.endswith("\\") or not inner.strip():
        return None
    return inner


def _values(text: str) -> set[Any]:
    """The values of the numbers of ``text``, in digits and in words."""
    values = {t.number.value for t in scan(clean_latex(text)) if t.number is not None}
    values.update(t.number.value for t in number_words(text) if t.number is not None)
    return values


def _own_statement(inner: str, value: Any, statement: str, head: str) -> bool:
    """Whether the remark ``inner`` (read alone: ``value``) states a value of its own
    after ``statement``, the sentence before it (``head``: the reply before the remark)."""
    text = inner.strip()
    low = text.lower()
    if low.startswith(_CONCLUDERS):
        return True  # "(So she makes $18.)"
    word, first = _patterns()[:2]
    m = first.search(text)
    lead = text[: m.start()] if m is not None else text
    words = word.findall(lead)
    if not words:
        # "(18)" after "... 9 times 2.": the result of the arithmetic before it
        return m is not None and _patterns()[2].search(statement) is not None
    if len(words) < 2 or words[0].lower().rstrip(".") in _POINTERS:
        return False  # "(Not $20.)", "(That is $126 a week.)": a remark on the statement
    return value not in _values(head)  # "(She makes $18.)" after "The eggs sold are 9."


def _value(read: Extraction | None) -> Any:
    """The value ``read`` accepts, or None (no reading, no number, or refused)."""
    if read is None or read.number is None or read.rejected is not None:
        return None
    return read.number.value


def bracket_remark(  # noqa: PLR0917 - the final-sentence reader's arguments, in its order
    ex: Extractor,
    rule: str,
    found: Extraction | None,
    s: str,
    flags: list[str],
    prompt: object,
    body: str,
) -> Extraction | None:
    """``found`` (the reading of ``body``'s final sentence ``s``), or the reading of the
    sentence before it joined with ``s`` when ``s`` is only a bracketed remark on it (see
    the module docstring)."""
    if found is None or len(s) > _MAX_SENTENCE or not body.endswith(s):
        return found
    inner = remark_group(s)
    if inner is None:
        return found
    head = body[: len(body) - len(s)].rstrip()
    if not head:
        return found
    plain = inner.strip()
    if " if " in plain or plain.startswith(
        HYP_OPENERS
    ):  # "$18. (If she sold all 16, she'd make $32.)"
        read = hypothetical(ex, rule, found, plain, flags, prompt, f"{head} {plain}")
        if read is not found:
            return read  # a hypothetical in brackets, read as one without (hypotheticals)
    start = _sentence_start(head, len(head.rstrip(_FINISHER_CHARS)))
    statement = head[start:]
    if not statement.strip() or remark_group(statement) is not None:
        return found  # no sentence before, or a remark on a remark: read as before
    stated = ex._final(rule, statement, list(flags), prompt, head)
    if _value(stated) is None and statement.count("**") == 2:
        # "Daily earnings = 9 x $2 = **$18**": the final-sentence rule refuses the bold
        # in the equation; the bold rule reads the line as 18. Read without the marks,
        # when that reads the one bold value.
        plain = statement.replace("**", "")
        bold = _values(statement.split("**")[1])
        again = ex._final(rule, plain, list(flags), prompt, head[:start] + plain)
        if len(bold) == 1 and _value(again) in bold:
            statement, stated = plain, again
    value = _value(stated)
    if value is None:
        return found  # the sentence before states no accepted value: the remark may
    if found.number is not None and found.rejected is None:
        if found.number.value == value:
            return found  # the same value: nothing to choose
        if _own_statement(inner, found.number.value, statement, head):
            return found  # "(So she makes $18.)", "(18)" after arithmetic
    remark = inner + ")"
    if (
        (hedging_remark(remark) or remark_hedges(remark))
        and stated is not None
        and other_value(stated.number, stated.answer, scan(clean_latex(inner)))
    ):
        if found.rejected is not None:
            return found  # refused already ("She makes $18. (Or maybe $20.)")
        return _several(stated, stated.rule or rule, [*stated.flags, FLAG])  # "(Or 20.)"
    core = statement[: len(statement.rstrip(_STATEMENT_STOPS))]
    joined = f"{core} ({inner.strip().rstrip(_INNER_STOPS)})."
    read = ex._final(rule, joined, list(flags), prompt, head[:start] + joined)
    if read is None:
        return found
    if read.number == found.number and read.rejected == found.rejected:
        return found  # the joined sentence reads the same
    return tuple.__new__(type(read), (*read[:4], (*read.flags, FLAG), *read[5:]))
