"""Math spans and values in a reply's text, for :mod:`.extract`.

``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``: where a span opens after a phrase,
which span holds a given position, the one value a sentence states, and the units a number
may be written against. Every scan is bounded by its ``max_span`` or by the text it is given,
and no regular expression runs on model text. Standard library only.
"""

from __future__ import annotations

from rftkit.rewards.mathexpr.nodes import MathLimitError, MathSyntaxError
from rftkit.rewards.mathexpr.parser import parse

__all__ = ["GLUED_UNITS", "SPANS", "glued_unit", "sole_value", "span_after", "span_around"]


SPANS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))


def span_after(t: str, k: int, max_span: int) -> tuple[str, int] | None:
    """A math span opening at ``t[k]``: its content and end, or None when none opens there."""
    for opener, closer in SPANS:
        if t.startswith(opener, k):
            start = k + len(opener)
            close = t.find(closer, start, start + max_span + len(closer))
            while close != -1 and closer == "$" and t[close - 1] == "\\":
                close = t.find(closer, close + 1, start + max_span + 1)
            if close == -1:
                return None
            return t[start:close].strip(), close + len(closer)
    return None


# What may follow a number and change its value: percent and degree signs and words.
_VALUE_SUFFIXES = ("%", "\\%", "^\\circ", "^{\\circ}", "\u00b0")
_VALUE_WORDS = frozenset(["percent", "percentage", "pct", "degree", "degrees"])


def _meaning_suffix(s: str, j: int) -> str:
    """The percent or degree sign or word right after the number that ends at ``s[j]``."""
    for suffix in _VALUE_SUFFIXES:
        if s.startswith(suffix, j):
            return suffix
    k = j + 1 if s.startswith(" ", j) else j
    e = k
    while e < len(s) and e - k < 12 and s[e].isalpha():
        e += 1
    word = s[k:e]
    return f" {word}" if word.lower() in _VALUE_WORDS else ""


def sole_value(s: str) -> str | None:
    """The one value a sentence states: its only number outside math spans, or its only
    math span with a digit (``Jane started 3 hours ago`` -> ``3``); None when it states
    none or several, or a number is glued to a word (``3rd``, ``x2``)."""
    pieces: list[str] = []
    i, n = 0, len(s)
    while i < n and len(pieces) < 2:
        c = s[i]
        if c == "$" or s.startswith("\\(", i):
            found = span_after(s, i, n)
            if found is None:
                return None  # a lone dollar: currency, or an unclosed span
            if any("0" <= ch <= "9" for ch in found[0]):
                pieces.append(found[0])
            i = found[1]
        elif "0" <= c <= "9":
            j = i + 1
            while j < n and (
                "0" <= s[j] <= "9" or (s[j] in ".,/" and j + 1 < n and "0" <= s[j + 1] <= "9")
            ):
                j += 1
            if (i > 0 and s[i - 1].isalpha()) or (j < n and s[j].isalpha()):
                return None
            start = i - 1 if i > 0 and s[i - 1] == "-" else i
            pieces.append(s[start:j] + _meaning_suffix(s, j))
            i = j
        else:
            i += 1
    return pieces[0] if len(pieces) == 1 else None


def span_around(t: str, pos: int, max_span: int) -> tuple[str, int] | None:
    """The math span (``$...$``, ``$$...$$``, ``\\(...\\)``) holding ``t[pos]``, when it
    reads as math: its content and where it opens."""
    lo = max(0, pos - max_span)
    found: tuple[tuple[int, int], int] | None = None  # ((opens, content start), close)
    k = t.rfind("\\(", lo, pos)
    if k != -1 and t.rfind("\\)", k, pos) == -1:
        close = t.find("\\)", pos, pos + max_span)
        if close != -1:
            found = (k, k + 2), close
    if found is None:
        k = t.rfind("$", lo, pos)
        # Inside a span: an odd count of delimiters before it (``$$`` counts once, ``\\$``
        # is currency). Counted over the text read, so linear in it.
        opened = t.count("$", 0, pos) - t.count("\\$", 0, pos) - t.count("$$", 0, pos)
        if k == -1 or opened % 2 == 0 or (k > 0 and t[k - 1] == "\\"):
            return None
        close = t.find("$", pos, pos + max_span)
        while close != -1 and t[close - 1] == "\\":
            close = t.find("$", close + 1, pos + max_span)
        if close == -1:
            return None
        start = k + 1
        if k > 0 and t[k - 1] == "$":
            k -= 1
        found = (k, start), close
    (opens, start), close = found
    content = t[start:close].strip()
    if not content or "\n\n" in content:
        return None
    try:
        parse(content)
    except (MathSyntaxError, MathLimitError, ValueError, ArithmeticError, TypeError):
        return None  # not math this grader reads: the number alone is read
    return content, opens


# Units a number may be written against ("5kg", "1,000.99m²"); any other letter after a
# number makes it part of a word or an expression ("2x", "3rd", "AZYUK2A").
GLUED_UNITS = frozenset(
    [
        *("m", "cm", "mm", "km", "g", "kg", "mg", "s", "ms", "h", "hr", "hrs", "min", "l"),
        *("ml", "ft", "yd", "mi", "lb", "lbs", "oz", "mph", "kph", "kw", "hz"),
    ]
)


def glued_unit(t: str, k: int) -> bool:
    """Whether a unit of :data:`GLUED_UNITS` starts at ``t[k]`` and ends the word there
    (a power ``²`` or ``³`` may follow)."""
    e = k
    while e < len(t) and e - k <= 4 and t[e].isascii() and t[e].isalpha():
        e += 1
    if t[k:e].lower() not in GLUED_UNITS:
        return False
    if t.startswith(("²", "³"), e):
        e += 1
    return e == len(t) or not (t[e].isalnum() or t[e] == "_")
