"""Multiple-choice answers: option letters as replies write them.

``(B)``, ``\\text{(C)}``, ``\\textbf{A}``, ``\\mathrm{E}``, and the AMC style that gives the
letter with its option's value (``\\textbf{(C)}\\ 18``). Standard library only.
"""

from __future__ import annotations

from rftkit.rewards.mathexpr.hedge import has_hedge_word

__all__ = [
    "LETTERS",
    "LETTER_WRAPPERS",
    "choice_letter",
    "labelled_choice",
    "labelled_value",
    "previous_options",
]

LETTERS = frozenset("ABCDEFGHIJabcdefghij")
"""Letters an option may have."""

LETTER_WRAPPERS = (
    "\\text",
    "\\textbf",
    "\\textit",
    "\\textrm",
    "\\mathrm",
    "\\mathbf",
    "\\mathit",
    "\\mbox",
    "\\emph",
)
"""Commands an option letter may be wrapped in."""


def choice_letter(text: str) -> str | None:
    """The option letter a multiple-choice answer names, or None.

    Example:
        >>> choice_letter("\\\\text{(C)}"), choice_letter("(b)"), choice_letter("x+1")
        ('C', 'B', None)
    """
    s = text.strip().strip("$").strip().rstrip(".")
    for _ in range(4):
        before = s
        for cmd in LETTER_WRAPPERS:
            if s.startswith(cmd + "{") and s.endswith("}"):
                s = s[len(cmd) + 1 : -1].strip()
        if len(s) >= 3 and s[0] == "(" and s[-1] == ")":
            s = s[1:-1].strip()
        if s == before:
            break
    if len(s) == 1 and s in LETTERS:
        return s.upper()
    return None


def labelled_choice(text: str) -> str | None:
    """The option letter of an answer that gives the letter and the option's value.

    ``\\textbf{(C)}\\ 18`` and ``(C) 18`` (the AMC style) name option C; ``(C) or (D)``
    and ``18`` name none.

    Example:
        >>> labelled_choice("\\\\textbf{(C)}\\\\ 18"), labelled_choice("(C) or (D)")
        ('C', None)
    """
    found = labelled_value(text, any_case=True)
    return None if found is None else found[0]


_LABEL_GAPS = (" ", "\\ ", "~", ":", "\\quad", "\\qquad", "\\,", "\\;", "\\enspace")


def labelled_value(text: str, *, any_case: bool = False) -> tuple[str, str] | None:
    """The option letter and the value of an answer that gives both, or None.

    The label is ``(C)`` (a capital unless ``any_case``, then a space: ``(e) 5`` and
    ``(B)^2`` are math) or a
    letter in a text or font command (``\\textbf{(C)}``, ``\\mathrm{C}``); the value is
    what follows, spacing dropped. A second option (``(C) 18 (D) 20``), an ``or`` or a hedge
    word after the label make it no single choice.

    Example:
        >>> labelled_value("\\\\textbf{(C)}\\\\ 18"), labelled_value("(B) 2x + 1")
        (('C', '18'), ('B', '2x + 1'))
        >>> labelled_value("(e) 5"), labelled_value("(C) 18 (D) 20")
        (None, None)
    """
    s = text.strip().strip("$").strip()
    end = -1
    if len(s) > 4 and s[0] == "(" and s[1] in LETTERS and s[2] == ")":
        if (any_case or s[1].isupper()) and s[3] in " \\~:":
            end = 3
    else:
        for cmd in LETTER_WRAPPERS:
            if s.startswith(cmd + "{"):
                end = s.find("}", len(cmd), len(cmd) + 8) + 1
                break
    if end <= 0:
        return None
    letter = choice_letter(s[:end])
    rest = s[end:]
    for _ in range(8):
        before = rest
        rest = rest.strip()
        for gap in _LABEL_GAPS:
            if rest.startswith(gap):
                rest = rest[len(gap) :]
        if rest == before:
            break
    rest = rest.strip().rstrip(".").strip()
    if letter is None or not rest:
        return None
    for c in LETTERS:
        if f"({c})" in rest:
            return None  # a second option
    low = rest.lower()
    if " or " in low or "\\text{ or" in low or has_hedge_word(rest):
        return None
    return letter, rest


def previous_options(t: str, i: int) -> list[tuple[int, str]]:
    """The ``(X)`` option markers before ``t[i]``, nearest first, each at most 80
    characters before the next (at most 12)."""
    found: list[tuple[int, str]] = []
    k = i
    while len(found) < 12:
        j = t.rfind("(", max(0, k - 80), k)
        while j != -1 and not (j + 2 < len(t) and t[j + 1] in LETTERS and t[j + 2] == ")"):
            j = t.rfind("(", max(0, k - 80), j)
        if j == -1:
            break
        found.append((j, t[j + 1].upper()))
        k = j
    return found
