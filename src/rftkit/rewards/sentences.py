"""The final sentence and the last number: where they are and whether a reply ended.

Helpers of :mod:`rftkit.rewards.extract` for its ``final_sentence`` and ``last_number`` rules.
Standard library only: this module ships inside every reward Lambda (no typing at run time,
patterns compiled on first use).
"""

from __future__ import annotations

import re

from rftkit.rewards.equations import HEDGE_WORDS
from rftkit.rewards.numbers import MAX_SPAN

__all__ = ["finished", "is_hedge"]


# -- the final sentence and the last number --------------------------------------------------

_FINISHERS = frozenset(".!?)]}$*`\"'|>")
_SENTENCE_REACH = 400  # characters read back from the end of the final sentence
_ANSWER_LINE = 200  # longest unterminated final line that may still be an answer line
_GAP_MARKS = frozenset(",;/-~()[]")


def finished(t: str) -> bool:
    """Does the reply end like a finished text (so its last number may be its answer)?

    Yes when it ends with a sentence end or a closing mark (``. ! ? ) ] } $ * ` " ' | >``),
    or when its final line is an answer line: arithmetic and at most one word before the
    number (``72``, ``8 * 9 = 72``, ``x = 72``), or a label ending in ``:`` or ``=``
    (``Total: 72``), and at most two words after it (``72 apples``). A final line of prose
    that stops without a full stop (``Natalia sold 48+24 = 72 clips altog``), or an
    unclosed code block, is a reply cut off mid-solution.

    Example:
        >>> finished("So she makes $18 every day."), finished("Total: 18")
        (True, True)
        >>> finished("Natalia sold 48+24 = 72 clips altog")
        False
    """
    body = t.rstrip()
    if not body:
        return True
    if "`" in body and body.count("```") % 2:
        return False
    end = body[-1]
    line = body[body.rfind("\n") + 1 :]
    if end in _FINISHERS:
        # "**" and "$" close only what they opened on the line: "3*" and "costs $" do not.
        if end == "*":
            return body.endswith("**") and line.count("**") % 2 == 0
        if end == "$":
            return line.count("$") % 2 == 0
        return True
    line = line.strip(" \t*_#>-")
    if len(line) > _ANSWER_LINE:
        return False  # an unterminated line this long is not an answer line like "x = 72"
    # The last digit (_last_digit, inline: the line is short): strip the ASCII that is no
    # digit off its end; the plain search only when a non-ASCII character stops the strip.
    last_digit = len(line.rstrip(_NOT_DIGITS)) - 1
    if last_digit != -1 and line[last_digit] not in "0123456789":
        last_digit = _last_digit(line, last_digit + 1)
    if last_digit == -1:
        return False  # prose that stops without a full stop
    rx = _WORD[0] if _WORD else _word_rx()
    if len(rx.findall(line, last_digit + 1)) > 2:
        return False
    # The line before its last number, after a label ("Total:", "Final Answer:").
    before = line[:last_digit]
    colon = before.find(":")
    if colon != -1 and len(before[:colon].split()) <= 3:
        before = before[colon + 1 :]
    # "72", "8 * 9 = 72", "x = 72", "Total: 72", "Red = 3*156 + 8 = 476 cm"; not
    # "Thus, 19 - 11 = 8" or "therefore 24 - 8 = 16 doughnuts are": no word, or one word
    # that does not end with a comma (the first two words of _words(before) decide).
    first = rx.search(before)
    if first is None:
        return True
    return rx.search(before, first.end()) is None and not first.group().endswith(",")


def _words(s: str) -> list[str]:
    """The whitespace-separated words of ``s`` that hold a letter."""
    return (_WORD[0] if _WORD else _word_rx()).findall(s)


def _word_rx() -> re.Pattern[str]:
    if not _WORD:
        # A letter, then the rest of its word (no leading repeat: linear on any text).
        _WORD.append(re.compile(r"[A-Za-z]\S*"))
    return _WORD[0]


_WORD: list[re.Pattern[str]] = []


def is_hedge(gap: str) -> bool:
    """Does the text between two numbers offer both as answers (``72 or 73``, ``5-6``)?

    Example:
        >>> is_hedge(" or "), is_hedge(", "), is_hedge(" * "), is_hedge(" apples and ")
        (True, True, False, False)
    """
    rx = _HEDGE_GAP
    if not rx:  # compiled on first use: a cold start that never needs it pays nothing
        words = sorted((w for w in HEDGE_WORDS if w.isalpha()), key=len, reverse=True)
        # Whitespace, list marks, emphasis, currency and the hedge words, nothing else.
        rx.append(
            re.compile(
                r"(?:\*\*|[\s,;/\-~()\[\]$\\]|(?<![A-Za-z])(?:"
                + "|".join(words)
                + r")(?![A-Za-z]))*",
                re.IGNORECASE,
            )
        )
    return rx[0].fullmatch(gap) is not None


_HEDGE_GAP: list[re.Pattern[str]] = []


_CLAUSE_BREAKS = (", ", "; ", " so ", " thus ", " therefore ", " which ", " making ")


def _later_clause(s: str, start: int) -> int:
    """Where the first new clause after ``start`` begins ("..., so the total is"), or -1."""
    found = -1
    for b in _CLAUSE_BREAKS:
        k = s.find(b, start)
        if k != -1 and (found == -1 or k < found):
            found = k
    return found


def _sentence_start(t: str, end: int) -> int:
    """Where the sentence that ends at ``end`` starts (at most 400 characters back)."""
    lo = max(0, end - _SENTENCE_REACH)
    start = max(t.rfind("\n", lo, end) + 1, lo)
    # The last stop of any kind: no stop starts inside another, so this is where the
    # stops, searched one after the other from the line start, leave the sentence start.
    rf = t.rfind
    k = max(rf(". ", start, end), rf("! ", start, end), rf("? ", start, end), rf(".\t", start, end))
    return start if k == -1 else k + 2


def _sentence_end(t: str, k: int) -> int:
    """Where the sentence holding position ``k`` ends."""
    end = len(t)
    limit = min(len(t), k + MAX_SPAN)
    for stop in ("\n", ". ", "! ", "? "):
        j = t.find(stop, k, limit)
        if j != -1 and j < end:
            end = j + 1
    return end


def _last_digit(t: str, end: int | None = None) -> int:
    """Where the last ASCII digit of ``t[:end]`` is, or -1."""
    hi = len(t) if end is None else end
    if end is None:
        # The last digit is mostly a few characters from the end: strip what follows it
        # (ASCII that is no digit) off the last 48 characters; the ten searches below only
        # when that tail holds no digit or a non-ASCII character stops the strip.
        lo = hi - 48 if hi > 48 else 0
        tail = t[lo:] if lo else t
        k = len(tail.rstrip(_NOT_DIGITS)) - 1
        if k != -1 and tail[k] in "0123456789":
            return lo + k
        if k == -1 and not lo:
            return -1
        hi = lo + k + 1
    rf = t.rfind
    return max(
        rf("0", 0, hi),
        rf("1", 0, hi),
        rf("2", 0, hi),
        rf("3", 0, hi),
        rf("4", 0, hi),
        rf("5", 0, hi),
        rf("6", 0, hi),
        rf("7", 0, hi),
        rf("8", 0, hi),
        rf("9", 0, hi),
    )


# Every ASCII character but the digits, the commonest in replies first (str.rstrip looks
# each character up in this text).
_NOT_DIGITS = (
    " etaoinsrhldcumfpgwybvkxjqzETAOINSRHLDCUMFPGWYBVKXJQZ.,=+-*/$:;!?()[]{}'\"%&#@^_`|~<>"
    "\\\t\n\r\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
    "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"
)


_PLAIN_TAIL: list[re.Pattern[str]] = []
# An integer that numbers.scan reads as written: ``72`` or ``1,234`` (valid thousands
# groups), with nothing after it that could extend it (fraction, decimal, exponent, power,
# scale word, percent, mixed number): every character that would make ``scan`` look further
# is refused, so a match is always the plain value.
_PLAIN_INT = (
    r"([0-9]{1,15}|[1-9][0-9]{0,2}(?:,[0-9]{3}){1,4})"
    r"(?![0-9/^x*\\%phtmbkHTMBK\u00d7\u00b7]|,[0-9]|\.[0-9]|[eE][-+]?[0-9]"
    r"| (?:[0-9 x*\\^%\u00d7\u00b7]|(?i:hundred|thousand|million|billion|trillion)|percent))"
)


def _plain_tail() -> re.Pattern[str]:
    """After an "=": spaces, a plain integer, then optionally text and one more.

    The second integer must not follow a "-" (a sign) or a "." (a decimal point).
    """
    if not _PLAIN_TAIL:
        _PLAIN_TAIL.append(
            re.compile(r" *" + _PLAIN_INT + r"(?:([^0-9]*+)(?<![-.])" + _PLAIN_INT + r")?")
        )
    return _PLAIN_TAIL[0]
