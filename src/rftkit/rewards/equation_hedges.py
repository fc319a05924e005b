"""Two equations joined by a hedge: ``x = 18 or x = 20`` states two answers, not 20.

A helper of :func:`equations.equations_hold`, which reads a chain of ``=`` signs side by
side: between two ``=`` stands the value of one equation and the name the next one defines
(``18 or x``). That middle side holds no arithmetic to check, so the chain holds, and the
reader takes the value after the last ``=``. :func:`hedged` reads such a middle side: a
value, a hedge (``or``, ``and``, a comma, ``/``, brackets: :func:`sentences.is_hedge`,
after at most two unit words: ``18 dollars or x``) and one name, where the equation before
it also defines a name (``x = 18``, ``x = 9 * 2 = 18``, not ``2x = 10, x = 5``): a second
value offered beside the answer. Different values make the chain several answers
(``x = 18 or x = 20``, ``x = 18, x = 20``, ``x = 18 and y = 20``, ``n = 18 / n = 20``,
``x = 9 * 2 = 18 or x = 20``); the same value is one (``x = 18 or x = 18``). Only a hedge
that leads to the answer counts: a later clause that states it (``x = 3 or x = -3; since x
is positive, x = 3``, ``x = 18, so y = 20``) is read as before.

Standard library only: this module ships inside every reward Lambda. It imports the readers
it uses on first use (they import :mod:`.equations`, which calls it), and only a chain whose
middle side ends in a name reaches them.
"""

from __future__ import annotations

from rftkit.rewards.numbers import has_digit

__all__ = ["hedge_before_bracket", "hedged"]

_NAME_MARKS = "$*(_\\{"  # what may open a name as written ("$x", "(x", "**x")
_MAX_NAME = 20  # characters of a name ("x", "n", "total", "profit")
_MAX_UNIT_WORDS = 2  # unit words between a value and its hedge ("18 dollars or x")
_SIGNS = frozenset({"-", "/", "+/-", "~", "\u00b1", "\u2013"})  # hedges that are arithmetic too


def _name(text: str) -> str:
    """The last word of ``text`` when it is a name an equation defines (``x``, ``Total``),
    else ``""``."""
    words = text.split()
    if not words:
        return ""
    word = words[-1].lstrip(_NAME_MARKS)
    return word if 0 < len(word) <= _MAX_NAME and word.isascii() and word.isalpha() else ""


def _value_and_hedge(part: str, name: str) -> str | None:
    """The value that opens ``part`` when a hedge and a name follow it (``18 or x``).

    ``name``: what the equation of that value defines. A sign alone between the value and
    the next name is arithmetic (``T = 10 - L = 4``, ``t = 100 / v = 20``) unless that name
    is defined again (``n = 18 / n = 20``).
    """
    from rftkit.rewards.equations import HEDGE_WORDS, _leading_expression
    from rftkit.rewards.sentences import is_hedge

    value = _leading_expression(part)
    if not has_digit(value):
        return None
    rest = part[len(value) :].rstrip()
    label = _name(rest)
    if not label:
        return None
    gap = rest[: len(rest) - len(rest.split()[-1])]
    if "}" in gap:
        gap = gap.replace("}", " ")  # "18 \\text{ or } x", cleaned: "18   or } x"
    if gap.strip(" ") in _SIGNS and label != name:
        return None  # "10 - L": arithmetic on a name, not a second definition
    for _ in range(_MAX_UNIT_WORDS + 1):
        if gap.strip() and is_hedge(gap):
            return value
        head = gap.lstrip(" ")
        n = 0
        while n < len(head) and head[n].isalpha():
            n += 1
        if not n or head[:n].casefold() in HEDGE_WORDS:
            return None  # ", so y": no hedge; "and so y": no name after the hedge alone
        gap = head[n:]  # "18 dollars or x", "5 hours, y": a unit word before the hedge
    return None


def _arithmetic(part: str) -> bool:
    """Is ``part`` (between two ``=``) arithmetic alone (``9 * 2`` in ``x = 9 * 2 = 18``)?"""
    from rftkit.rewards.equations import _leading_expression

    return has_digit(part) and _leading_expression(part).strip() == part.strip()


def _same(a: str, b: str) -> bool:
    """Do two value texts (``18``, ``$18``, ``9 * 2``) hold the same value?"""
    from rftkit.rewards.equations import evaluate_expression

    x = evaluate_expression(a)
    y = evaluate_expression(b)
    if x is None or y is None:
        return a.strip(" $") == b.strip(" $")
    return x == y


def hedged(parts: list[str], k: int) -> bool:
    """Does the middle side ``parts[k]`` of an equation chain (``s.split("=")``, ``0 < k <
    len(parts) - 1``) offer a value beside the chain's answer through a hedge?

    Yes when ``parts[k]`` is a value, a hedge and a name (``18 or x``), the equation
    before it defines a name (its left side, past arithmetic: ``x = 9 * 2 = 18``), every
    side after it up to the last ``=`` is arithmetic or such a hedge again (no later clause
    states the answer: ``x = 3 or x = -3; since x is positive, x = 3``), and one of the
    values offered differs from the value after the last ``=``.

    Example:
        >>> hedged("x = 18 or x = 20".split("="), 1), hedged("x = 18 or x = 18".split("="), 1)
        (True, False)
        >>> hedged("2x = 10, x = 5".split("="), 1), hedged("x = 18, so y = 20".split("="), 1)
        (False, False)
    """
    part = parts[k]
    end = part.rstrip()[-1:]
    if not end.isalpha() or not end.isascii():
        return False  # the cheap probe: no name before the next "=" (most chains)
    j = k - 1
    while j > 0 and _arithmetic(parts[j]):
        j -= 1
    name = _name(parts[j])
    if not name:
        return False  # "2x = 10, x = 5": 10 is the value of 2x, not a second answer
    value = _value_and_hedge(part, name)
    if value is None:
        return False
    offered = [value]
    last = len(parts) - 1
    for i in range(k + 1, last):
        if _arithmetic(parts[i]):
            continue
        other = _value_and_hedge(parts[i], _name(parts[i - 1]))
        if other is None:
            return False  # a later clause states the answer ("; since x is positive, x")
        offered.append(other)
    from rftkit.rewards.equations import _leading_expression

    answer = _leading_expression(parts[last])
    if not has_digit(answer):
        return False
    return any(not _same(v, answer) for v in offered)


_WORDS: set[str] = set()  # equations.HEDGE_WORDS, bound on first use (it imports this module)


def _hedge_words() -> set[str]:
    from rftkit.rewards.equations import HEDGE_WORDS

    _WORDS.update(HEDGE_WORDS)
    return _WORDS


def hedge_before_bracket(before: str, remark: str) -> bool:
    """Does a hedge word end ``before``, the text before a bracketed remark, when the remark
    (its text after the opening bracket) holds a digit? Then the remark offers a second
    value: ``\\(x = 18\\) or \\(x = 20\\)`` (inline LaTeX), ``(x = 18) or (x = 20)``,
    ``18 apples or (20 apples)``; not ``18 (9 x 2)`` or ``18 or (about that)``.

    Example:
        >>> hedge_before_bracket("So \\\\(x = 18\\\\) or \\\\", "x = 20\\\\).")
        True
        >>> hedge_before_bracket("So she makes $18 a day", "9 eggs x $2).")
        False
    """
    words = before.rstrip(" \\").rsplit(None, 1)
    if not words or words[-1].strip(",;:").casefold() not in (_WORDS or _hedge_words()):
        return False
    close = remark.find(")")
    return has_digit(remark if close == -1 else remark[:close])
