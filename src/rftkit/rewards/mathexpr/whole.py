"""The math grader's whole-reply rule: a short reply that is a bare answer.

Helpers of :mod:`rftkit.rewards.mathexpr.extract`: what counts as math words, what is prose.
Standard library only (this module ships inside every reward Lambda).
"""

from __future__ import annotations

from rftkit.rewards.mathexpr.lexer import FUNCTIONS
from rftkit.rewards.mathexpr.prose import undecorated
from rftkit.rewards.mathexpr.spans import SPANS

__all__ = ["MATH_WORDS", "WHOLE_MAX", "is_prose", "rule_whole", "strip_delimiters", "words"]

WHOLE_MAX = 256  # longest reply the whole-reply rule considers
_ARGUMENT_COMMANDS = frozenset(
    ["begin", "end", "text", "mbox", "mathrm", "textrm", "textit", "textbf", "operatorname"]
)
# Words a bare math answer may contain (function and constant names, joining words).
MATH_WORDS = frozenset(
    [
        "sin",
        "cos",
        "tan",
        "sec",
        "csc",
        "cot",
        "arcsin",
        "arccos",
        "arctan",
        "sinh",
        "cosh",
        "tanh",
        "log",
        "ln",
        "exp",
        "sqrt",
        "pi",
        "inf",
        "infty",
        "and",
        "or",
        "abs",
        "max",
        "min",
        "gcd",
        "lcm",
        "floor",
        "ceil",
        "percent",
        "percentage",
        "pct",
        *FUNCTIONS,
    ]
)


def words(s: str) -> list[str]:
    """ASCII letter runs of ``s`` that are not LaTeX command names."""
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isascii() and c.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            if i == 0 or s[i - 1] != "\\":
                out.append(s[i:j])
            elif s[i:j] in _ARGUMENT_COMMANDS and j < n and s[j] == "{":
                # \begin{pmatrix}, \text{ cm}: the argument is a name or words, not math.
                close = s.find("}", j)
                j = n if close == -1 else close + 1
            i = j
        else:
            i += 1
    return out


def strip_delimiters(s: str) -> str:
    s = s.strip()
    for opener, closer in SPANS:
        if len(s) > len(opener) + len(closer) and s.startswith(opener) and s.endswith(closer):
            return s[len(opener) : -len(closer)].strip()
    return s


def rule_whole(t: str) -> str | None:
    s = undecorated(t.strip().rstrip("."))  # "**42**", "`42`": Markdown is no part of it
    if not s or len(s) > WHOLE_MAX or "\n" in s:
        return None
    s = strip_delimiters(s)
    found = words(s)
    if all(len(w) <= 2 or w.lower() in MATH_WORDS for w in found):
        return s or None  # reads as math: a bare answer
    if not any(c.isdigit() for c in s) and len(s.split()) <= 3:
        return s  # a short text answer ("odd n", "\\text{east}")
    return None


def is_prose(text: str) -> bool:
    """Whether an answer is words rather than math (``odd n``, ``\\text{east}``, ``f'``).

    Such answers are compared as normalised text: read as math, the words would be dropped
    (``even n`` would become ``n``) or turned into products of letters (``odd`` as
    ``o*d*d``). An answer with a digit is math with units (``18 \\text{ dollars}``).

    Example:
        >>> is_prose("\\\\text{odd } n"), is_prose("18 \\\\text{ dollars}"), is_prose("\\\\sin x")
        (True, False, False)
    """
    if any("0" <= c <= "9" for c in text):
        return False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isascii() and c.isalpha():
            j = i
            while j < n and text[j].isascii() and text[j].isalpha():
                j += 1
            word = text[i:j]
            command = i > 0 and text[i - 1] == "\\"
            if command and word in ("begin", "end") and j < n and text[j] == "{":
                close = text.find("}", j)
                j = n if close == -1 else close + 1  # an environment name
            elif not command and len(word) >= 3 and word.lower() not in MATH_WORDS:
                return True
            i = j
        else:
            i += 1
    return "'" in text
