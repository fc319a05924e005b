"""Answers that hold one number, and the arithmetic that must hold in them.

:func:`parse_answer` reads a final-answer text that should hold exactly one number; an
equation in it must hold (:func:`equations_hold`), evaluated on exact values by
:func:`evaluate_expression` (``+ - * /`` and brackets only, nothing else is evaluated).
Standard library only: this module ships inside every reward Lambda (no typing at run time,
each pattern compiled on its first use).
"""

from __future__ import annotations

import re

from rftkit.rewards.bounds import bounded_result
from rftkit.rewards.equation_hedges import hedged
from rftkit.rewards.equation_parts import GROUPS as _GROUPS
from rftkit.rewards.equation_parts import decimal_chain, decimal_value, drop_units, unemphasized
from rftkit.rewards.numbers import (
    MAX_DIGITS,
    MAX_SPAN,
    Number,
    ParseResult,
    _fraction,
    _lazy_pattern,
    _new,
    _norm,
    _valid_groups,
    clean_latex,
    has_digit,
    normalize_unicode,
    numbers_equal,
    scan,
    strip_calculator_annotations,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from fractions import Fraction
    from typing import Final

    from rftkit.rewards.numbers import Value

__all__ = [
    "FUNCTION_NAMES",
    "HEDGE_WORDS",
    "bound_number",
    "drop_units",
    "equations_hold",
    "evaluate_expression",
    "names_pi",
    "parse_answer",
    "parse_bare_number",
    "parse_number",
    "single_equation_holds",
]


def _lazy(name: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled on first use that rebinds this module's global ``name``."""
    return _lazy_pattern(name, pattern, flags, globals())


# -- equations -------------------------------------------------------------------------------

HEDGE_WORDS: Final = frozenset(
    {"or", "and", "nor", "to", "either", "maybe", "perhaps", "possibly", "probably", "and/or"}
)
"""Words that, between two numbers, offer both as answers (``72 or 73``, ``70 to 75``)."""
_EXPR_CHARS_STR = "0123456789.,+-*/xX×÷·()[]$ %^"  # "^": integer powers, as scan reads them
_MAX_EQUATION_PARTS = 16
_MAX_EXPR_TOKENS = 32


def _trailing_expression(part: str) -> str:
    """The longest end of ``part`` made of numbers and arithmetic (``earns 3 * 6`` -> 3 * 6)."""
    k = len(part.rstrip(_EXPR_CHARS_STR))  # one C-level scan backwards
    # "\\times" and "\\cdot" are operators too: step over them and keep going.
    while k >= 5 and part[k - 1] in "st" and part.endswith(("\\times", "\\cdot"), 0, k):
        k -= 6 if part.endswith("\\times", 0, k) else 5
        k = len(part[:k].rstrip(_EXPR_CHARS_STR))
    # A comma or bracket that opens the run separates clauses ("9 eggs, 9 * 2"): not in it,
    # and an operator there belongs to a word ("tax 1700": the x of "tax").
    run = part[k:].lstrip(", ])xX×*/÷·+^")
    if run[:1] == "." and run[1:2] in (" ", "\t"):
        # A full stop, or an abbreviation's ("i.e. 30/2"), ends the words before the run.
        run = run[1:].lstrip(" \t")
    if ", " in run:
        # So does a comma inside it when what follows is arithmetic ("In 2004, 30*2"); a
        # list of numbers ("70, 71, 73") stays one run, which no arithmetic reads.
        tail = run[run.rfind(", ") + 2 :].lstrip(" ")
        if _OPERATOR_CHARS.search(tail) is not None:
            return tail
    return run


def _leading_expression(part: str) -> str:
    """The longest start of ``part`` made of numbers and arithmetic (``9 eggs`` -> 9)."""
    k = len(part) - len(part.lstrip(_EXPR_CHARS_STR))
    while part.startswith(("\\times", "\\cdot"), k):
        k += 6 if part.startswith("\\times", k) else 5
        k = len(part) - len(part[k:].lstrip(_EXPR_CHARS_STR))
    # An operator at its end belongs to what follows ("72 xylophones", "5 (five)").
    return part[:k].rstrip(" xX×*/÷·+-([,.$^")


def _operators(gap: str) -> list[str] | None:
    """The operators and brackets written between two numbers, or None if anything else is."""
    out: list[str] = []
    k = 0
    n = len(gap)
    while k < n:
        c = gap[k]
        if c in " $":
            k += 1
            continue
        if c in "+-":
            out.append(c)
        elif c in "*xX×·":
            out.append("*")
        elif c in "/÷":
            out.append("/")
        elif c in "([":
            out.append("(")
        elif c in ")]":
            out.append(")")
        elif c == "^":
            out.append("^")  # a power of a bracket: "(3+3)^2" (see _factor)
        elif gap.startswith("\\times", k):
            out.append("*")
            k += 6
            continue
        elif gap.startswith("\\cdot", k):
            out.append("*")
            k += 5
            continue
        else:
            return None
        k += 1
    return out


def evaluate_expression(expr: str) -> Value | None:
    """The value of a short arithmetic expression (``+ - * /``, brackets), or None.

    Numbers are read as everywhere (``1,234``, ``2 2/3``, ``50%``); at most 32 numbers.
    Nothing is evaluated but these four operations on exact values, so this is safe on any
    text. Returns None when the text is anything else (``70, 71, 73``, words, ``3 +``).

    Example:
        >>> evaluate_expression("9 * 2"), evaluate_expression("16 - 3 - 4")
        (18, 9)
        >>> evaluate_expression("70, 71, 73") is None
        True
    """
    expr = expr.rstrip(" .,")  # "= 174,000." ends a sentence
    if len(expr) <= 16 and expr.isascii():
        digits = expr.lstrip(" ")
        if digits.isdigit():  # a lone integer (the right side of most equations)
            return int(digits)
        whole, dot, frac = digits.partition(".")
        if dot and frac.isdigit() and (whole.isdigit() or not whole):
            # A lone decimal ("60.00", "0.25", ".5"), valued as the general reader does.
            if not frac.strip("0"):
                return int(whole) if whole else 0
            return _norm(_fraction()(int(whole + frac), 10 ** len(frac)))
    if len(expr) <= 120:
        m = _SIMPLE_BINARY.fullmatch(expr)
        if m is not None:  # "48+24", "3 * 4": one operation, no list of parts
            a, op, b = m.groups()
            x = int(a.replace(",", "") if "," in a else a)
            y = int(b.replace(",", "") if "," in b else b)
            if op == "+":
                return x + y
            if op == "-":
                return x - y
            if op == "/":
                return x // y if x % y == 0 else _fraction()(x, y)
            return x * y
        if _SIMPLE_EXPR.fullmatch(expr) is not None and expr.count("/") < 2:
            # (Two "/": "12 / 6/3" divides by the fraction 6/3, as the general reader reads
            # "6/3" everywhere, not (12 / 6) / 3: the general reader decides.)
            return _simple_value(expr)
        if ("." in expr or "," in expr) and decimal_chain(expr):  # "3.5*10", "$1,100 * .2"
            return decimal_value(expr)
    return _evaluate_tokens(expr)


def _evaluate_tokens(expr: str) -> Value | None:
    """:func:`evaluate_expression` by the general reader (its shortcuts' oracle)."""
    tokens = scan(expr, _MAX_EXPR_TOKENS + 1)
    if not tokens or len(tokens) > _MAX_EXPR_TOKENS:
        return None
    items: list[object] = []
    pos = 0
    for tok in tokens:
        if tok.number is None:
            return None
        ops = _operators(expr[pos : tok.start])
        if ops is None:
            return None
        if items and (not ops or ops[-1] == ")") and tok.number.value < 0:
            ops.append("+")  # "16 -3": the sign was read into the number; it subtracts
        for op in ops:
            if op == "(" and items and (items[-1] == ")" or not isinstance(items[-1], str)):
                items.append("*")  # "19(2)" and "(3)(4)" multiply
            items.append(op)
        if items and items[-1] == ")":
            items.append("*")  # "(2)3"
        value = tok.number.value
        if tok.number.percent and len(tokens) > 1:
            value = _norm(_fraction()(value) / 100)
        items.append(value)
        pos = tok.end
    tail = _operators(expr[pos:])
    if tail is None:
        return None
    items.extend(tail)
    result, k = _expr(items, 0, 0)
    if result is None or k != len(items):
        return None
    return result


# Integers joined by + - * / x (no brackets, signs, decimals or fractions written as one
# number): the common case, evaluated on ints without the general reader.
_SIMPLE_EXPR = _lazy(
    "_SIMPLE_EXPR",
    r" {0,3}\$?[1-9][0-9]{0,14}(?: {0,3}[-+*/x] {0,3}\$?[1-9][0-9]{0,14}){0,8} {0,3}",
)
# One operation on two integers (``1,234`` in valid thousands groups too), which the general
# reader reads as written: "48+24", "$1,200 - $300", "3 x 4", "7/2" (its fraction 7/2).
# (Thousands groups as equation_parts.GROUPS: no counted repeat.)
_SIMPLE_BINARY = _lazy(
    "_SIMPLE_BINARY",
    r" {0,3}\$?([1-9][0-9]{0,2}" + _GROUPS + r"|[1-9][0-9]{0,14})"
    r" {0,3}([-+*/x]) {0,3}\$?([1-9][0-9]{0,2}" + _GROUPS + r"|[1-9][0-9]{0,14}) {0,3}",
)
# A digit, then (no digit) a letter other than x and e (scientific notation, exponents),
# then a digit. Linear: possessive repeats, each followed by what it cannot match.
_WORD_BETWEEN_NUMBERS = _lazy(
    "_WORD_BETWEEN_NUMBERS", r"[0-9][^0-9a-df-wyzA-DF-WYZ]*+[a-df-wyzA-DF-WYZ][^0-9]*+[0-9]"
)
_SIMPLE_PART = _lazy("_SIMPLE_PART", r"[0-9]+|[-+*/x]")
_OPERATOR_CHARS = _lazy("_OPERATOR_CHARS", r"[-+*/xX\u00d7\u00f7\u00b7]")
_HAS_LETTER = _lazy("_HAS_LETTER", r"[A-Za-z]")


def _simple_value(expr: str) -> Value | None:
    parts = _SIMPLE_PART.findall(expr)
    total: Value = 0
    term: Value = int(parts[0])
    sign = 1
    k = 1
    while k < len(parts):
        op, num = parts[k], int(parts[k + 1])
        if op in ("*", "x"):
            term = term * num
        elif op == "/":
            term = term // num if type(term) is int and term % num == 0 else _fraction()(term) / num
        else:
            total = total + sign * term
            sign = 1 if op == "+" else -1
            term = num
        k += 2
    result = total + sign * term
    if isinstance(result, int):
        return result
    return _norm(result)


def _expr(items: list[object], k: int, depth: int) -> tuple[Value | None, int]:
    left, k = _term(items, k, depth)
    while left is not None and k < len(items) and items[k] in ("+", "-"):
        op = items[k]
        right, k = _term(items, k + 1, depth)
        if right is None:
            return None, k
        left = left + right if op == "+" else left - right
    return left, k


def _term(items: list[object], k: int, depth: int) -> tuple[Value | None, int]:
    left, k = _factor(items, k, depth)
    while left is not None and k < len(items) and items[k] in ("*", "/"):
        op = items[k]
        right, k = _factor(items, k + 1, depth)
        if right is None:
            return None, k
        if op == "*":
            left = left * right
        else:
            if right == 0:
                return None, k
            left = _norm(_fraction()(left) / right)
    return left, k


def _factor(items: list[object], k: int, depth: int) -> tuple[Value | None, int]:
    if k >= len(items) or depth > _MAX_EXPR_TOKENS:
        return None, k
    item = items[k]
    if item == "(":
        value, k = _expr(items, k + 1, depth + 1)
        if value is None or k >= len(items) or items[k] != ")":
            return None, k
        if items[k + 1 : k + 2] == ["^"]:  # "(3+3)^2": an integer power of the bracket
            exp = items[k + 2] if k + 2 < len(items) else None
            if type(exp) is not int or items[k + 3 : k + 4] == ["^"]:
                return None, k  # "(2)^x", "(2)^(3)", "(2)^3^2": not read
            return _power(value, exp), k + 3
        return value, k + 1
    if item == "-":
        value, k = _factor(items, k + 1, depth + 1)
        return (None if value is None else -value), k
    if isinstance(item, str):
        return None, k
    return item, k + 1  # type: ignore[return-value]  # a number


def _power(base: Value, exp: int) -> Value | None:
    """``base ** exp``, or None when the result would have more than about
    :data:`numbers.MAX_EXPONENT` digits (model text is hostile: no unbounded ``pow``)."""
    q = _fraction()(base)
    size = max(q.numerator.bit_length(), q.denominator.bit_length())
    if (exp < 0 and q == 0) or size * abs(exp) > _MAX_POWER_BITS:
        return None
    return _norm(q**exp) if type(base) is not int or exp < 0 else base**exp


_MAX_POWER_BITS = 1330  # about 400 decimal digits (numbers.MAX_EXPONENT)


def _decimals(expr: str) -> int | None:
    """Decimal places of a lone number (``3.33`` -> 2), or None when it is not one."""
    body = expr.strip(" $%")
    if not body or "." not in body or not body.replace(".", "", 1).replace(",", "").isdigit():
        return 0 if body.replace(",", "").isdigit() else None
    return len(body) - body.index(".") - 1


def _agree(left: Value, right: Value, right_text: str, cut: bool = False) -> bool:
    if left == right:
        return True
    places = _decimals(right_text)
    if places is None:
        return False
    # The right side may round the left one to the places it shows: 10/3 = 3.33, 7.5 = 8;
    # or, followed by an ellipsis (``cut``), cut it there: 50/3 = 16.66...
    if _near(_fraction()(left), right, places, cut):
        return True
    # A percentage on the right is also a fraction of one: "10 / 20 * 100% = 50%" (the
    # left side reads 100% as 1), "0.8 * 100% = 80%".
    return right_text.rstrip().endswith("%") and _near(_fraction()(left) * 100, right, places, cut)


def _near(left: Fraction, right: Value, places: int, cut: bool) -> bool:
    """Is ``right`` ``left`` rounded (or, ``cut``, truncated) to ``places`` decimals?"""
    if abs(left - right) * 2 * 10**places <= 1:
        return True
    if not cut or (left < 0) != (right < 0):
        return False
    cut_off = left - right if right >= 0 else right - left  # what the cut dropped
    return bool(0 <= cut_off * 10**places < 1)


_ELLIPSES = ("...", "\u2026")


def _hedge_before(before: str) -> bool:
    """Does the text before an equation end in a hedge after a number (``12 or 15 = 15``)?

    The hedge word must follow a number within two words (``12 or``, ``12 apples or``):
    ``the price to 1530-200 = 1330`` and ``the Papillon, or 5*44 = 220`` are prose.
    """
    words = before.split()
    if not words or words[-1].strip(",;:()").casefold() not in HEDGE_WORDS:
        return False
    return any(has_digit(w) for w in words[-3:-1])


def equations_hold(s: str, strict: bool) -> bool:
    """Does every ``=`` in ``s`` join equal arithmetic (see :func:`parse_answer`)?

    Example:
        >>> equations_hold("16 - 3 - 4 = 9 eggs, 9 * 2 = 18", False)
        True
        >>> equations_hold("5 = 72", False), equations_hold("12 or 15 = 15", True)
        (False, False)
    """
    parts = s.split("=", _MAX_EQUATION_PARTS)
    if len(parts) > _MAX_EQUATION_PARTS:
        return False
    last = len(parts) - 2  # the equation whose right side is the answer
    for k in range(len(parts) - 1):
        if k < last and parts[k + 1][:1] == ">" and not strict:
            continue  # an arrow on the way ("0.75*x = 72 => x = 96"), not an equals sign
        part = drop_units(parts[k])  # the left side is read without its unit words
        left = _trailing_expression(part)
        if not has_digit(left):
            leftover = part[: len(part) - len(left)]
            if k > 0:
                leftover = leftover[len(_leading_expression(leftover)) :]
            if (strict and has_digit(leftover)) or (k and leftover and hedged(parts, k)):
                return False  # "x = 18 or x = 20": two answers (equation_hedges)
            continue  # a label: "x = 5", "Total = 72"
        before = part[: len(part) - len(left)]
        if k > 0:
            before = before[len(_leading_expression(before)) :]
        # Prose may hold numbers before an equation ("in 3 days she earns 3 * 6 = 18"),
        # but not a hedge ("12 or 15 = 15"); an answer container may hold none.
        if has_digit(before) and (strict or _hedge_before(before)):
            return False
        right = _leading_expression(parts[k + 1])
        j = k + 1
        while j <= last and not strict and not has_digit(parts[j]):
            # A label between two values ("630 / 21 = x = 30"): the value after it is
            # what the arithmetic must equal.
            j += 1
            right = _leading_expression(parts[j])
        # "= 16.66...%", "= 16.66..., which rounds to 17": a result cut off by an ellipsis.
        cut = "..." in right or parts[j].startswith(_ELLIPSES, len(right))
        right = right.replace("...", "", 1) if cut else right
        if "(" in left or ")" in right or "]" in right:
            left, right = _unbracket(left, right, parts[j][len(right) :])
        lv = evaluate_expression(left)
        rv = evaluate_expression(right)
        if (
            lv is None
            or rv is None
            or (
                not _agree(lv, rv, right, cut)
                and not (
                    # A lone percentage on the left is a fraction of one too: "20% = 0.2".
                    left.rstrip(" .,").endswith("%")
                    and _agree(_fraction()(lv) / 100, rv, right, cut)
                )
            )
        ):
            if k < last and not strict and _algebra(part, parts[k + 1]):
                # Algebra on the way to the answer ("x - 0.25*x = 72 => 0.75*x = 72 => x =
                # 72 / 0.75 = 96"): a side with a variable has no value to check. The last
                # equation must still hold: "21x = 630" leaves x unsolved.
                continue
            return False
    return True


def _unbracket(left: str, right: str, rest: str = "") -> tuple[str, str]:
    """The two sides of an equation written inside brackets, without them.

    ``(9 x 2 = 18)``: the left side opens brackets it does not close, and the right side
    closes as many it did not open: those are dropped, as many as both sides agree on
    (from the start of the left side, the end of the right side). ``(3 + 4) * 2 = 14``,
    ``0 = 0)`` and ``(9 x 2 = 18`` are read as written. Square brackets are read as round
    ones (``[ 56 + 11 = 67 ]``). A bracket that closes after words that follow the right
    side (``rest``: ``(2*2 = 4 miles per hour)``) closes it too, when no other bracket
    opens before it.
    """
    if "[" in left and "]" in right:  # "[ 56 + 11 = 67 ]": display maths without its "\\"
        left, right = left.replace("[", "("), right.replace("]", ")")  # read alike
    opened = left.count("(") - left.count(")")
    closed = right.count(")") - right.count("(")
    if opened == 1 and closed == 0 and "(" not in right:
        k = rest.find(")")
        if k != -1 and "(" not in rest[:k] and "=" not in rest[:k]:
            head = left.lstrip()
            if head[:1] == "(":
                return head[1:], right  # "(2*2 = 4 miles per hour)"
    n = min(opened, closed)
    if n <= 0:
        return left, right
    head = left.lstrip()
    tail = right.rstrip()
    if head[:n] != "(" * n or tail[len(tail) - n :] != ")" * n:
        return left, right
    return head[n:], tail[: len(tail) - n]


def _algebra(part: str, after: str) -> bool:
    """Does the arithmetic that ends ``part`` or starts ``after`` hold a variable?"""
    if "x" in part or "X" in part:
        k = len(part.rstrip(_EXPR_CHARS_STR))
        if _has_variable(part[k:], part[k - 1 : k], ""):
            return True
    if "x" in after or "X" in after:
        k = len(after) - len(after.lstrip(_EXPR_CHARS_STR))
        return _has_variable(after[:k], "", after[k : k + 1])
    return False


def _has_variable(run: str, before: str, after: str) -> bool:
    """Is an ``x`` in ``run`` (numbers and arithmetic) a variable rather than "times"?

    An ``x`` is "times" between a number or closing bracket and a number or opening
    bracket (``8 x 12``, ``(2) x 3``); glued to a letter it is part of a word (``tax``);
    anywhere else it stands for a value (``0.75*x``, ``21x``, ``x - 3``). Only a run that
    holds a digit counts: ``x`` alone is a label.
    """
    if not has_digit(run):
        return False
    n = len(run)
    i = -1
    while True:
        i = min(j for j in (run.find("x", i + 1), run.find("X", i + 1), n) if j != -1)
        if i == n:
            return False
        if (i == 0 and before.isalpha()) or (i == n - 1 and after.isalpha()):
            continue  # the x of a word ("tax 1700", "72 xylophones")
        # The characters on either side, past spaces: each space is passed once per side,
        # so the whole run is read in linear time.
        p = i - 1
        while p >= 0 and run[p] == " ":
            p -= 1
        q = i + 1
        while q < n and run[q] == " ":
            q += 1
        if p >= 0 and run[p] in "0123456789)]%." and q < n and run[q] in "0123456789([.$":
            continue
        return True


def single_equation_holds(s: str, eq: int, result: Value, result_end: int) -> bool:
    """:func:`equations_hold` ``(s, False)`` for a text with one ``=``, at ``eq``.

    The caller has read ``s[eq + 1 : result_end]`` (spaces, then an integer as written) as
    ``result``; when that is the whole right side, it is not read again.
    """
    part = s[:eq]
    if drop_units(part) != part:
        return equations_hold(s, False)  # "225 fish / 3 = 75": read without the units
    left = _trailing_expression(part)
    if not has_digit(left):
        return True  # a label: "x = 5", "Total = 72"
    if "(" in left or "[" in left:
        return equations_hold(s, False)  # brackets: maybe around the whole equation
    before = part[: len(part) - len(left)]
    if has_digit(before) and _hedge_before(before):
        return False
    lv = evaluate_expression(left)
    if lv is None:
        return False
    tail = s[eq + 1 :]
    right = _leading_expression(tail)
    rv = result if len(right) == result_end - eq - 1 else evaluate_expression(right)
    return rv is not None and _agree(lv, rv, right)


def parse_number(text: str) -> Number | None:
    """The single number in an answer text, or None (see :func:`parse_answer`).

    Example:
        >>> from fractions import Fraction
        >>> parse_number("2 2/3") == Number(Fraction(8, 3))
        True
        >>> parse_number("72.0") == parse_number("72")
        True
    """
    return parse_answer(text).number


# -- answers ---------------------------------------------------------------------------------


def parse_answer(text: str, *, strict: bool = False) -> ParseResult:
    """Read a final-answer text that should hold exactly one number.

    Words around the number are allowed (``18 dollars``, ``x = 5``); two numbers are not
    (``12 or 15``). An equation is allowed when it holds: in ``9 * 2 = 18`` the part after
    the last ``=`` is the answer, and the arithmetic before each ``=`` must equal what
    follows it (up to the rounding of the right side: ``10/3 = 3.33``), so ``5 = 72`` and
    ``70, 71, 73 = 72`` are several answers (``multiple_answers``), never 72. ``strict`` is for
    answer containers (a ``####`` line, a box, a tag): there every number before an ``=``
    must belong to such an equation; in prose (``strict=False``) words with numbers may
    precede it (``in 3 days she earns 3 * 6 = 18``).

    Example:
        >>> str(parse_answer("\\\\$1,234.50 \\\\text{ dollars}").number)
        '1234.5'
        >>> parse_answer("12 or 15").reason
        'several_numbers'
        >>> parse_answer("5 = 72").reason
        'multiple_answers'
    """
    found = _PLAIN_INTS.get(text)  # "18" read before: one lookup
    if found is not None:
        return found
    if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
        return _plain_int(text)
    if len(text) > MAX_SPAN:
        return _TOO_LONG
    if " or " in text and text[:1].isdigit() and text[-1:].isdigit():  # noqa: SIM102 - memchr first
        # "72 or 73", "58, 60, or 59": several numbers, as the word test below reads them
        if text.isascii() and text.replace(" or ", "").replace(",", "").replace(" ", "").isdigit():
            return _SEVERAL
    if len(text) <= 24 and text.isascii():
        # "$18", "18.", "-5", "1,234": read without the general reader.
        body = text.strip(" ").rstrip(".")
        if "$" in body:
            body = body.strip("$")
            if body[:1] == "-" and body[1:2] == "$":
                body = "-" + body[2:]
        digits = body[1:] if body[:1] == "-" else body
        if digits.isdigit():
            if digits is body:  # "$18", "18.": as "18", and remembered as written
                return _plain_int(digits, text)
            return _new(ParseResult, (_new(Number, (-int(digits), False)), None))
        if "," in digits and digits.replace(",", "").isdigit() and _valid_groups(digits):
            value = int(digits.replace(",", ""))
            value = -value if digits is not body else value
            return _new(ParseResult, (_new(Number, (value, False)), None))
    if (
        "=" not in text
        and text.isascii()
        and "\\" not in text
        and "{" not in text
        and "^" not in text
        and "<" not in text
        and _WORD_BETWEEN_NUMBERS.search(text) is not None
    ):
        # "64 or 69", "105, 100, or 106": two digit runs with a word between them are two
        # numbers (nothing that joins digits into one has such a letter: no decimal, thousands,
        # fraction, mixed number, exponent or power); with no "=" the general reading agrees.
        return _SEVERAL if "ce" not in text and text.isascii() else _in_two_units(text, strict)
    if "=" in text and ("*" in text or "`" in text or "_" in text):
        # "5 x 4 = **20**": emphasis on a term is no operator (else the equation fails to hold)
        text = unemphasized(text)
    return _parse_answer_general(text, strict)


# parse_answer's readings of answer texts that are a plain integer of at most four digits
# ("18", "$18$", "$18", "18."), by text: most answers are one, and a lookup costs a fraction
# of int() and two records. Filled on first use, up to a bound (then no more are kept).
_PLAIN_INTS: dict[str, ParseResult] = {}
_MAX_PLAIN_INTS = 8192


def _plain_int(digits: str, text: str | None = None) -> ParseResult:
    """The reading of ``digits`` (ASCII digits, at most :data:`MAX_DIGITS`), which the
    answer ``text`` (default: ``digits``) is, kept in :data:`_PLAIN_INTS` for ``text``."""
    found = _PLAIN_INTS.get(digits)
    if found is None:
        found = _new(ParseResult, (_new(Number, (int(digits), False)), None))
        if len(digits) <= 4 and len(_PLAIN_INTS) < _MAX_PLAIN_INTS:
            _PLAIN_INTS[digits] = found
    if text is not None and len(digits) <= 4 and len(_PLAIN_INTS) < _MAX_PLAIN_INTS:
        _PLAIN_INTS[text] = found
    return found


def _in_two_units(text: str, strict: bool) -> ParseResult:
    """``text`` (several numbers) read as one price in two units (``18 dollars and 50
    cents`` is 18.50: ``quantities.rewrite_compounds``), else ``several_numbers``."""
    if "ce" in text or not text.isascii():  # cents, pence, \u00a2, \u00a3
        from rftkit.rewards.quantities import rewrite_compounds  # only for such answers

        rewritten, _ = rewrite_compounds(text)
        if rewritten is not text:
            return _parse_answer_general(rewritten, strict)
    return _SEVERAL


def _parse_answer_general(text: str, strict: bool, said: bool = False) -> ParseResult:
    """:func:`parse_answer` by the general reader (the oracle of its shortcuts)."""
    s = clean_latex(normalize_unicode(strip_calculator_annotations(text)))
    if not said and ("alf" in s or "hird" in s or "uart" in s or "ourt" in s):
        from rftkit.rewards.spoken_fractions import spoken  # "2 and a half": as "2 1/2"

        if (digits := spoken(s)) is not s:
            return _parse_answer_general(digits, strict, True)
    part = s  # where the answer's tokens were read
    tokens = scan(s, 2)
    if len(tokens) != 1 and "=" in s:
        if not equations_hold(s, strict):
            return _MULTIPLE  # each side offers a value
        part = s[s.rfind("=") + 1 :]
        tokens = scan(part, 2)
    if not tokens:
        return _NO_NUMBER
    if len(tokens) > 1:
        return _in_two_units(text, strict)
    number = tokens[0].number
    if number is None:
        return _TOO_LARGE
    if _HAS_LETTER.search(s) is not None:
        if _other_number_word(s, number):
            from rftkit.rewards.quantities import spelled_compounds  # only for such answers

            spelled = spelled_compounds(text)  # "18 dollars and fifty cents": as in digits
            if spelled is not text:
                return _parse_answer_general(spelled, strict)
            return _SEVERAL  # "72 or seventy-three": a number in words is a number too
        if bound_number(part, tokens[0].start, tokens[0].end):
            return _EXPRESSION  # "sqrt(2)", "2 pi", "x2": the number is not the value
    elif ("\u221a" in part or "\u03c0" in part) and bound_number(
        part, tokens[0].start, tokens[0].end
    ):
        return _EXPRESSION  # "√2", "2π"
    return bounded_result(part, tokens[0].start, number)  # "more than 18": BOUND (bounds)


# Functions a number can be the argument of ("sqrt(2)", "\\log 8", "sin 30"): then the value
# is not the number. Only a name *before* the number applies it: "18 sec" is a unit.
FUNCTION_NAMES = frozenset(
    {"sqrt", "cbrt", "log", "ln", "lg", "exp", "abs", "floor", "ceil"}
    | {"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh"}
    | {"arcsin", "arccos", "arctan"}
)


def bound_number(s: str, start: int, end: int = -1, *, spaced_names: bool = True) -> bool:
    """Is the number at ``s[start:end]`` bound into a larger expression or word?

    ``end``: where the number's token ends (``scan`` reads ``1/2`` as one); by default the
    end of its digits, points and commas.

    Then it is no value on its own: an answer that reads it is an ``expression``. Bound:

    * a letter or ``_`` right before its digits: ``x2``, ``CO2``, ``AZYUK2A``, ``x_2``;
    * a function applied to it, its name then spaces or an opening bracket: ``sqrt(2)``,
      ``\\sqrt{2}``, ``\\ln 2``, ``sin 30``, ``√2``; or a one-letter name right before
      the bracket: ``f(3)``;
    * a fraction bar or a power sign right before it: the denominator of ``(1+\\sqrt{5})/2``
      (``scan`` reads ``3/4`` whole, so its ``4`` never starts a number), ``x^2``; or a
      fraction bar and a digit right after it: ``0/0``, ``4/0``, which ``scan`` refuses;
    * pi beside it, as a factor: ``2 pi``, ``2\\pi``, ``2π``, ``pi * 2`` (and ``pi/2``, a
      denominator); not ``using pi = 3.14, the area is 12.56``.

    A unit after the number binds nothing (``18 sec``, ``5km``, ``18 dollars``), nor a
    word before it with a space (``option 3``). With ``spaced_names=False`` (a final
    sentence, where ``log 8`` may be prose) a name binds across spaces as
    :func:`spaced_name` says; right before a bracket (``log(2)``), every name does.

    Example:
        >>> bound_number("sqrt(2)", 5), bound_number("18 sec", 0), bound_number("x2", 1)
        (True, False, True)
    """
    if ("\u03c0" in s or "pi" in s) and _beside_pi(s, start):
        return True
    if end == -1:  # the number as written: its digits, points and commas
        end = start
        while end < len(s) and s[end] in "0123456789.,":
            end += 1
    if s[end : end + 1] == "/" and s[end + 1 : end + 2].isdigit():
        return True  # "0/0", "4/0": scan reads every valid fraction whole, not these
    if not start:
        return False
    c = s[start - 1]
    if c == " " and not spaced_names:
        # The common case in a sentence: after a space, a root sign or a function name
        # that prose does not use as a word (spaced_name) binds.
        near = s[start - 8 if start > 8 else 0 : start]  # (a test: max() is a call)
        if "sqrt" not in near and "\u221a" not in near and "\u221b" not in near:
            return near[-4:] in _NAMED and spaced_name(s, start)
    if c == "_":
        return True
    if "a" <= c <= "z" or "A" <= c <= "Z":
        # A currency prefix is no name: "US$18" and "A$18" reach here as "US18", "A18".
        k = start - 1
        while k and ("a" <= s[k - 1] <= "z" or "A" <= s[k - 1] <= "Z"):
            k -= 1
        return s[k:start] not in _CURRENCY_PREFIXES or (k > 0 and s[k - 1].isalnum())
    before = s[max(0, start - 24) : start]
    if before.rstrip("({[").endswith(("/", "^")):
        return True  # "(1+sqrt 5)/(2)", "x^2": a denominator or a power of something else
    bare = before.rstrip(" ({[")
    if bare.endswith(("\u221a", "\u221b")):  # √ ∛
        return True
    k = len(bare)
    while k and ("a" <= bare[k - 1] <= "z" or "A" <= bare[k - 1] <= "Z"):
        k -= 1
    word = bare[k:]
    bracket = before.endswith(("(", "{")) and bare == before[:-1]  # "log(2)", "f(3)"
    if word in FUNCTION_NAMES and (spaced_names or bracket or word == "sqrt"):
        return k == 0 or not bare[k - 1].isalnum()  # "sqrt", "\\sqrt"; not "cosine"
    return len(word) == 1 and bracket and before.endswith("(")  # "f(3)"


# Function names that prose also uses as words ("log 8 hours", "floor 3", "30 sec"): across
# a space in a sentence, they bind a number only as the value of "is", "=", ... (spaced_name).
_WORD_NAMES = frozenset({"log", "floor", "ceil", "abs", "sec"})
_COPULAS = frozenset({"is", "=", "equals", "be", "was"})
_NAME_TAILS = frozenset(name[-2:] for name in FUNCTION_NAMES)
# How the four characters before a number end when a function name and one or two spaces
# precede it (what spaced_name needs, tested first by one set lookup): a name's last three
# letters and a space ("sin ", "oor "); a two-letter name after a space, a bracket or a
# backslash, or at the start of the text ("\\ln ", " lg ", "ln "); or a name's last two
# letters and two spaces ("in  "). Four, not three: "or 20", "in 5 days", "than 18" end
# like "floor", "sin" and "tan" in three, and are common before a number.
_NAMED = frozenset(
    {name[-3:] + " " for name in FUNCTION_NAMES if len(name) > 2}
    | {c + name + " " for name in FUNCTION_NAMES if len(name) == 2 for c in " \t\n\r([\\"}
    | {name + " " for name in FUNCTION_NAMES if len(name) == 2}
    | {name[-2:] + "  " for name in FUNCTION_NAMES}
)


def named_before(s: str, start: int) -> bool:
    """:func:`spaced_name`, behind its one-lookup necessary test (the common "is 18" and
    "or 20" cost a slice and a set lookup)."""
    return s[start - 4 if start > 4 else 0 : start] in _NAMED and spaced_name(s, start)


def spaced_name(s: str, start: int) -> bool:
    """Is the number at ``start`` the argument of a function named before it, across spaces,
    as a final sentence writes it (``the value is ln 2``)?

    A name prose never uses as a word binds it (``ln 2``, ``sin 30``, ``exp 3``); one that
    is also a word (``log``, ``floor``, ``ceil``, ``abs``, ``sec``) only after a backslash
    (``\\log 8``) or as the value of ``is``, ``=``, ``equals``, ``be`` or ``was`` (``The
    result is log 8``; not ``She will log 8 hours``, ``She lives on floor 3``). One or two
    spaces after the name (the caller has checked the one before ``start``); reads at most
    24 characters back.

    Example:
        >>> spaced_name("So the value is ln 2", 19), spaced_name("She will log 8 hours", 13)
        (True, False)
    """
    k = start - 1 if s[start - 2 : start - 1] != " " else start - 2  # one or two spaces
    if s[max(0, k - 2) : k] not in _NAME_TAILS:
        return False  # the common case ("is 18"), by one set lookup
    words = s[max(0, k - 24) : k].split()
    name = words[-1]
    bare = name.lstrip("([\\")
    if bare not in FUNCTION_NAMES:
        return False
    if bare not in _WORD_NAMES or "\\" in name:
        return True
    return len(words) > 1 and words[-2] in _COPULAS


# Dollar prefixes (US$, A$, C$, HK$, NZ$, S$, R$, NT$, MX$) and currency codes written
# against the number: what LaTeX cleaning leaves of "US$18" is "US18".
_CURRENCY_PREFIXES = frozenset(
    {"US", "A", "AU", "C", "CA", "HK", "NZ", "S", "R", "NT", "MX", "Rs", "RM", "Rp"}
    | {"USD", "AUD", "CAD", "HKD", "NZD", "SGD", "EUR", "GBP", "INR", "JPY", "CHF", "CNY"}
)


def names_pi(s: str) -> bool:
    """Does ``s`` hold pi as a word (``2 pi``, ``\\pi``; not ``pie``, ``spin``), ``π`` or a
    root sign (``√``, ``∛``)? What makes :func:`bound_number` look past a number's sides."""
    return _PI_WORD.search(s) is not None


# "pi" before its lookbehind: a pattern that starts with a literal or a class is searched
# for at memchr-like speed, one that starts with a lookbehind runs the engine at every
# position (the same matches as "(?<![A-Za-z])pi(?![A-Za-z])|...": a parity test).
_PI_WORD = _lazy("_PI_WORD", "pi(?<![A-Za-z]pi)(?![A-Za-z])|[\u03c0\u221a\u221b]")


def _beside_pi(s: str, start: int) -> bool:
    """Does pi stand right before or after the number at ``start`` (spaces, ``*``, ``·``)?"""
    end = start
    n = len(s)
    while end < n and s[end] in "0123456789.,":
        end += 1
    after = s[end : end + 12].lstrip(" *\u00b7\\")
    if after.startswith("\u03c0") or (after.startswith("pi") and not after[2:3].isalpha()):
        return True
    before = s[max(0, start - 12) : start].rstrip(" *\u00b7")
    return before.endswith("\u03c0") or (before.endswith("pi") and not before[-3:-2].isalpha())


def _other_number_word(s: str, number: Number) -> bool:
    """Does ``s`` also write a different number in words (``72 or seventy-three``)?"""
    from rftkit.rewards.number_words import counts_in_words  # only for answers with words

    for word in counts_in_words(s):
        if word.number is not None and not numbers_equal(word.number, number):
            return True
    return False


_TOO_LONG = ParseResult(None, "answer_too_long")
_MULTIPLE = ParseResult(None, "multiple_answers")
_NO_NUMBER = ParseResult(None, "no_number")
_SEVERAL = ParseResult(None, "several_numbers")
_TOO_LARGE = ParseResult(None, "number_too_large")
_EXPRESSION = ParseResult(None, "expression")


def parse_bare_number(text: str) -> Number | None:
    """The number when ``text`` is a number and nothing else (no words), else None.

    Currency signs, LaTeX wrappers, ``%`` and a trailing period are allowed.

    Example:
        >>> parse_bare_number("\\\\$1,234.00"), parse_bare_number("18 dollars")
        (Number(value=1234, percent=False), None)
    """
    if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
        return Number(int(text))
    if len(text) > MAX_SPAN:
        return None
    s = clean_latex(normalize_unicode(text)).strip().rstrip(".").rstrip("} ")
    s = s.lstrip("{ +")
    tokens = scan(s, 2)
    if len(tokens) != 1 or tokens[0].start != 0 or tokens[0].end != len(s):
        return None
    return tokens[0].number
