"""Second answers written around the calls a reply makes: hedges.

In the lenient reply forms (calls on lines of prose, fenced blocks, Python with comments) the
parser reads some of the text; a call of the same function with other arguments written in a
sentence, a comment or outside the fence would be a second answer it never sees. This module
finds those mentions (Python call syntax with literal arguments, or JSON call objects) with
bounded work, and counts the ones that differ from every call read.
"""

from __future__ import annotations

from rftkit.rewards.tool_call.match import values_equal
from rftkit.rewards.tool_call.parse import (
    Call,
    _call_from_object,
    _decoder,
    _has_invalid,
    _python_line,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

__all__ = ["MAX_MENTIONS", "hedges"]

MAX_MENTIONS: Final = 64
"""Most call mentions in prose (``name(`` or ``{``) looked at for hedges in one reply."""
_MENTION_CHARS: Final = 2000
_SCAN_BUDGET: Final = 8000  # characters scanned for closing brackets, over all mentions


def _balanced_end(text: str, i: int, budget: list[int]) -> int:
    """The index after the bracket closing the one at ``i`` (quotes skipped), or -1 within
    :data:`_MENTION_CHARS` characters (and what is left of ``budget``)."""
    depth = 0
    quote = ""
    end = min(len(text), i + _MENTION_CHARS, i + max(budget[0], 0))
    budget[0] -= end - i
    j = i
    while j < end:
        c = text[j]
        if quote:
            if c == "\\":
                j += 1
            elif c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return -1


def _mentions(text: str, names: frozenset[str]) -> tuple[list[Call], bool]:
    """Concrete calls of the functions in ``names`` written anywhere in ``text`` (Python call
    syntax with at least one literal argument, or a JSON call object), and whether every
    mention was read (the work is bounded: :data:`MAX_MENTIONS`, :data:`_SCAN_BUDGET`)."""
    found: list[Call] = []
    looked = 0
    budget = [_SCAN_BUDGET]
    for name in sorted(names):
        i = text.find(name + "(")
        while i != -1:
            if looked >= MAX_MENTIONS:
                return found, False
            looked += 1
            before = text[i - 1] if i else " "
            if not (before.isalnum() or before in "_."):
                end = _balanced_end(text, i + len(name), budget)
                if end == -1 and budget[0] <= 0:
                    return found, False
                got = _python_line(text[i:end]) if end != -1 else None
                if got is not None:
                    found.extend(
                        c
                        for c in got.calls
                        if c.ok and c.args and not _has_invalid(list(c.args.values()))
                    )
            i = text.find(name + "(", i + 1)
    i = text.find("{")
    while i != -1:
        j = i + 1
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        if j >= len(text) or text[j] != '"':
            i = text.find("{", i + 1)  # not the start of a JSON object with keys
            continue
        if looked >= MAX_MENTIONS:
            return found, False
        looked += 1
        try:
            value, end = _decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            i = text.find("{", i + 1)
            continue
        c = _call_from_object(value)
        if c is not None and c.ok and c.name in names:
            found.append(c)
        i = text.find("{", end)
    return found, True


def hedges(text: str, calls: list[Call]) -> int:
    """How many calls of the same functions the text writes besides the calls read (in prose
    around them, or outside the fenced blocks read): each is a second answer, a hedge."""
    if not calls:
        return 0
    names = frozenset(c.name for c in calls)
    read = [(c.name, c.args) for c in calls]
    mentions, complete = _mentions(text, names)
    n = 0 if complete else 1  # too many mentions to read them all: not a clean answer
    for m in mentions:
        if not any(m.name == name and values_equal(m.args, args) for name, args in read):
            n += 1
    return n
