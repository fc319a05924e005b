"""Parts of an equation read without the general reader (:mod:`rftkit.rewards.equations`).

:func:`drop_units` drops the unit words between a number and the arithmetic after it
(``225 fish / 3``); :func:`decimal_value` evaluates a chain of decimals joined by ``+ - * /``
as :func:`equations._evaluate_tokens` does, without scanning it for tokens;
:func:`unemphasized` takes Markdown emphasis off an equation's terms. Standard library
only: this module ships inside every reward Lambda (each pattern compiled on first use).
"""

from __future__ import annotations

import re

from rftkit.rewards.numbers import _fraction, _lazy_pattern, _norm

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from rftkit.rewards.numbers import Value

__all__ = ["GROUPS", "decimal_chain", "decimal_value", "drop_units", "unemphasized"]


def _lazy(name: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled on first use that rebinds this module's global ``name``."""
    return _lazy_pattern(name, pattern, flags, globals())


_HAS_LETTER = _lazy("_HAS_LETTER", r"[A-Za-z]")
# One or two words after a digit or "%" (_UNIT_WORDS), or a per-unit suffix glued to it
# (_PER_UNIT: "$280/week", not "72/or"), before a spaced operator ("225 fish / 3", not the
# rate "10 hours/day" or "and/or") or a closing bracket; an "x" operator stands alone and
# has a number after it ("8 cm x 12"; in "90 hours is x = 30" the x is a variable).
# Linear: possessive repeats, each followed by what it cannot match. The digit or "%" is
# matched (group 1, kept by drop_units), not looked behind at: a pattern that
# starts with a character class is searched for at memchr-like speed, one that starts with
# a lookbehind runs the engine at every position (drop_units: the same text, a parity test).
_UNIT_WORDS = _lazy(
    "_UNIT_WORDS",
    r"([0-9%])(?:[ \t]++[A-Za-z][A-Za-z'&-]*+){1,2}"
    # an operator with an operand after it (not "2 inch * = 2"), or a closing bracket
    r"(?=[ \t]++(?:[-+*/\u00d7\u00f7\u00b7][ \t]*+[0-9.(\[$\\-]|[xX][ \t]++[0-9.(\[])"
    # or written against the word ("98 bananas/2", "12 cups*3"; not "-": "COVID-19"). A
    # rate ("10 beads/$2", whose "$" clean_latex drops) then reads left to right: 1800 / 10
    # beads/$2 is 90, so "= $360" is several answers, as it was before.
    r"|[+*/\u00d7\u00f7\u00b7][ \t]*+[0-9.(\[]|[)\]])",
)
_PER_UNIT = _lazy(  # starts with its literal "/": found at memchr speed
    "_PER_UNIT",
    r"/(?<=[0-9%]/)(?!(?:or|and|nor|to|either|maybe|perhaps|possibly|probably)(?![A-Za-z]))"
    r"[A-Za-z]++(?=[ \t]++(?:[-+*/\u00d7\u00f7\u00b7]|[xX][ \t]++[0-9.(\[])|[)\]])",
)


def drop_units(s: str) -> str:
    """``s`` without the unit words between a number and the arithmetic that follows it.

    ``225 fish / 3`` reads as ``225 / 3``, ``(60 inches + 68 inches) / 2`` as
    ``(60 + 68) / 2``, ``8 cm x 12`` as ``8 x 12``: at most two words, after a digit or
    ``%`` and before an operator or a closing bracket. A word before ``=`` stays (``3 days
    = 72 hours`` is a conversion, not arithmetic to check).

    Example:
        >>> drop_units("10 votes / 20 votes * 100% = 50%")
        '10 / 20 * 100% = 50%'
    """
    if not _HAS_LETTER.search(s):
        return s
    if "/" in s and _PER_UNIT.search(s) is not None:
        s = _PER_UNIT.sub("", s)
    m = _UNIT_WORDS.search(s)
    if m is None:
        return s
    # As _UNIT_WORDS.sub(r"\1", s), without its template (a call into Python per use).
    out = []
    pos = 0
    while m is not None:
        out.append(s[pos : m.start() + 1])  # up to the digit or "%" (group 1) that stays
        pos = m.end()
        m = _UNIT_WORDS.search(s, pos)
    out.append(s[pos:])
    return "".join(out)


# -- a chain of decimals ----------------------------------------------------------------------

# One to four thousands groups after an integer's first digits: ``(?:,[0-9]{3}){1,4}``
# written out as nested optional groups (the same matches, tried in the same order), here
# and in the sentence shortcuts' patterns. The engine's counted repeat of a group allocates
# its state at each try, which most numbers (no comma) fail at once: the nested form fails
# at its first literal ",".
GROUPS = r",[0-9]{3}(?:,[0-9]{3}(?:,[0-9]{3}(?:,[0-9]{3})?)?)?"

# A number that numbers.scan reads as written, alone: an integer (thousands in valid groups:
# "1,234"; "1,5" and "1234,567" are two numbers to scan, so no match), with decimals or
# not, or decimals alone (".5"). Spaces, "$" and the operators join them, nothing else:
# no sign, bracket, percent, power, exponent, scale word or mixed number.
# (Its decimals are a choice with an empty branch, not "(?:...)?": the same matches, no
# counted repeat.)
_NUM = r"(?:[1-9][0-9]{0,2}" + GROUPS + r"|[0-9]{1,15})(?:\.[0-9]{1,15}|)|\.[0-9]{1,15}"
_DECIMAL_EXPR = _lazy(
    "_DECIMAL_EXPR",
    r" {0,3}\$?(?:" + _NUM + r")(?: {0,3}[-+*/xX] {0,3}\$?(?:" + _NUM + r")){0,8} {0,3}",
)
# One number of such a chain, the spaces after it and the operator after them (if any).
_DECIMAL_STEP = _lazy("_DECIMAL_STEP", r" {0,3}\$?(" + _NUM + r")( {0,3})([-+*/xX]?)")


def _number(text: str) -> Value:
    """The value ``numbers.scan`` reads in a number of :data:`_NUM` (``60.00`` is 60)."""
    whole, _, decimals = text.partition(".")
    digits = whole.replace(",", "") if "," in whole else whole
    if not decimals.strip("0"):
        return int(digits or "0")
    return _norm(_fraction()(int(digits + decimals), 10 ** len(decimals)))


def decimal_chain(expr: str) -> bool:
    """Is ``expr`` a chain of at most nine decimals (``3.5*10``, ``25.50 - 13.50``,
    ``$110,000 * .2``) that :func:`decimal_value` reads?"""
    return _DECIMAL_EXPR.fullmatch(expr) is not None


def decimal_value(expr: str) -> Value | None:
    """The value of a :func:`decimal_chain` ``expr``.

    The value :func:`equations._evaluate_tokens` reads (None: a division by zero), by the
    same steps: each number as ``numbers.scan`` reads it, an integer written right before
    ``/`` and an integer as one fraction (``12 / 6/3`` is 12 over 2), then ``*`` and ``/``
    before ``+`` and ``-``, left to right. A ``-`` that scan reads as the sign of the number
    after it (``16 -3``) adds that negative number there: the same value as subtracting.
    """
    values: list[Value] = []
    ops: list[str] = []  # ops[k] joins values[k] and values[k + 1]
    glued = False  # the last number is an integer written right before "/"
    signed: list[int] = []  # the numbers scan reads with a sign: " -3"
    spaced = False  # spaces before the last operator
    for m in _DECIMAL_STEP.finditer(expr):
        text, space, op = m.groups()
        if ops and ops[-1] == "-" and spaced and m.start(1) == m.start():
            signed.append(len(values))
        if glued and m.start(1) == m.start() and "." not in text and "," not in text:
            # "6/3" (no space, no "$" after the "/"): one number to scan
            # (numbers._DENOMINATOR), over a nonzero integer; a zero one is divided by (the
            # same None).
            den = int(text)
            if den == 0:
                return None
            ops.pop()  # the "/"
            values[-1] = _norm(_fraction()(values[-1], den))
            glued = False
        else:
            values.append(_number(text))
            glued = op == "/" and not space and "." not in text
        if op:
            ops.append(op)
        spaced = bool(space)
    for k in signed:
        if values[k] == 0:
            return None  # "3 -0": scan reads -0, which adds nothing: no operator, no value
    total: Value | None = None
    sign = "+"
    term = values[0]
    for k, op in enumerate(ops):
        value = values[k + 1]
        if op == "/":
            if value == 0:
                return None
            term = _norm(_fraction()(term) / value)
        elif op in ("*", "x", "X"):
            term = term * value
        else:
            total = term if total is None else (total + term if sign == "+" else total - term)
            sign = op
            term = value
    if total is None:
        return term
    return total + term if sign == "+" else total - term


_EMPHASIS = _lazy("_EMPHASIS", r"\*\*|__|[*_`]")


def unemphasized(text: str) -> str:
    """``text`` without the Markdown emphasis marks beside its terms: ``5 x 4 = **20**``
    reads as ``5 x 4 = 20``, ``**5 x 4** = 20`` as ``5 x 4 = 20``.

    A backtick is always code markup. A ``*``, ``**``, ``_`` or ``__`` between two operands
    (``2**3``, ``5*4``, ``x_1``) or between two spaces (``5 * 4``) is an operator or part
    of a name and stays; any other such mark opens or closes emphasis and goes.

    Example:
        >>> unemphasized("100 - 80 = **20** apples"), unemphasized("2**3 = 8 = *8*")
        ('100 - 80 = 20 apples', '2**3 = 8 = 8')
    """
    out: list[str] = []
    i = 0
    n = len(text)
    for m in _EMPHASIS.finditer(text):
        a, b = m.start(), m.end()
        if m.group() != "`":
            before = text[a - 1] if a else " "
            after = text[b] if b < n else " "
            if ((before.isalnum() or before == ")") and (after.isalnum() or after == "(")) or (
                before.isspace() and after.isspace()
            ):
                continue  # an operator ("2**3", "5 * 4") or a name's underscore ("x_1")
        out.append(text[i:a])
        i = b
    out.append(text[i:])
    return "".join(out)
