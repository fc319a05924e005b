"""Fractions whose parts are bracketed, as computer algebra prints them: ``(13)/(4)``.

Standard library only: this module ships inside every reward Lambda (no typing at run time,
its pattern compiled on first use). :func:`rftkit.rewards.numbers.clean_latex` applies it,
so references, marker answers and sentences read such a fraction as the one number it is.
"""

from __future__ import annotations

import re

__all__ = ["bracket_fractions"]

_PART = r"[0-9]{1,50}"  # integers: a rational as computer algebra prints it
_PATTERN: list[re.Pattern[str]] = []


def _pattern() -> re.Pattern[str]:
    if not _PATTERN:
        _PATTERN.append(
            re.compile(
                # Not after a word, digit, point or bracket (f(3)/(4), 2 (3)/(4)); not
                # before a word, bracket, power or decimal point ((3)/(4)^2).
                rf"(?<![\w.)\]}}])(?<![0-9] )(?:\( ?(-?{_PART}) ?\)|({_PART})) ?/"
                rf" ?(?:\( ?(-?{_PART}) ?\)|({_PART}))(?![\w(^]|\.[0-9])"
            )
        )
    return _PATTERN[0]


def _plain(m: re.Match[str]) -> str:
    top, plain_top, bottom, plain_bottom = m.groups()
    if top is None and bottom is None:
        return m.group()  # "3/4": nothing bracketed
    top, bottom = top or plain_top, bottom or plain_bottom
    negative = top.startswith("-") != bottom.startswith("-")
    return ("-" if negative else "") + top.lstrip("-") + "/" + bottom.lstrip("-")


def bracket_fractions(s: str) -> str:
    """``s`` with each fraction of bracketed plain integers written plain: ``(13)/(4)`` is
    ``13/4``, ``(-3)/(4)`` is ``-3/4``, ``3/(4)`` is ``3/4``. A bracket that holds more
    than one number (``(2+1)/(4)``), one after a word, digit or bracket (``f(3)/(4)``,
    ``2 (3)/(4)``) and one followed by a power or another bracket are left as written.
    Four substring searches when no such fraction is present; one linear pattern else.

    Example:
        >>> bracket_fractions("So she ate (3)/(4) of it.")
        'So she ate 3/4 of it.'
        >>> bracket_fractions("(2+1)/(4)")
        '(2+1)/(4)'
    """
    if ")/" not in s and "/(" not in s and ") /" not in s and "/ (" not in s:
        return s
    return _pattern().sub(_plain, s)
