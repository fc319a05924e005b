"""Numbers as models write them, read into exact values.

Standard library only: this module ships inside every reward Lambda.

A value is an ``int`` or a :class:`fractions.Fraction` (never a float), so ``72.0 == 72``,
``0.1 + 0.2 == 0.3`` and ``2 2/3 == 8/3`` hold exactly. What is understood:

==========================  ==========================================================
form                        value
==========================  ==========================================================
``1,234`` ``12,345.67``     thousands groups: first group 1-3 digits, then groups of 3
``1,5`` ``1,23`` ``0,5``    *not* one number (no decimal comma): two numbers, 1 and 5
``1 234`` ``12 345.6``     thousands groups after spaces (also U+00A0, U+2009, U+202F)
``$1,234.50`` ``\\$5``       currency signs are ignored (``$ € £ ¥ ₹ ¢`` and LaTeX ``\\$``)
``50%`` ``50\\%``            50 with the ``percent`` flag: equal to 50 *and* to 0.5, because
                            GSM8K writes percentage answers as plain numbers (``75`` for
                            "what percentage ...?") and other sets as fractions
``-5`` ``−5`` ``(-5)``      negatives; the sign counts only when it does not follow a
                            letter, digit or closing bracket (``3-4`` is two numbers)
``72.`` ``72.0``            trailing period ignored; ``72.0`` equals ``72``
``18 dollars``              words after (and, in an answer, before) the number ignored
``72 thousand`` ``72k``     scale words multiply: hundred, thousand, million, billion,
                            trillion, and a ``k`` suffix
``3/4`` ``2 2/3``           fractions; a mixed number is ``2 + 2/3`` (never 2)
``1.5e3`` ``3 \\times 10^4`` scientific notation; ``2^{10}`` integer powers
``\\frac{3}{4}``             ``\\dfrac`` ``\\tfrac`` ``\\cfrac`` ``\\frac34``, ``2\\frac{1}{2}``
``\\text{...}`` ``\\boxed``   LaTeX wrappers dropped, their content kept
``<<3*4=12>>``              GSM8K calculator annotations removed before reading
``٧٢`` ``７２``              any Unicode decimal digit (Arabic-Indic, full-width, ...)
==========================  ==========================================================

Zero-width characters (U+200B-U+200D, U+2060, U+FEFF, U+00AD, U+180E) are *deleted*, not
read as separators: a reader sees ``7\\u200b2`` as 72, so the grader does too, and an
invisible character can neither split one number into two nor hide a second one.

Bounds: a number of more than :data:`MAX_DIGITS` digits or an exponent beyond
:data:`MAX_EXPONENT` is recognised as a number but has no value (``Token.number is None``),
so no input can make the parser build a 10**100000 Fraction. Scanning uses anchored regular
expressions without nested quantifiers (linear time) and a bounded number of tokens.

Import cost (a reward Lambda pays it at every cold start): no ``typing`` (the records are
``collections.namedtuple``), ``unicodedata`` and ``fractions`` only when a text needs them,
and each regular expression compiled on its first use, since a typical GSM8K reply
(``#### 72``) needs none of them.
"""

from __future__ import annotations

import functools
import re
from collections import namedtuple

from rftkit.rewards.bracket_fractions import bracket_fractions
from rftkit.rewards.unicode_digits import ZERO_WIDTH, ascii_lower, normalize_unicode

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from fractions import Fraction
    from typing import Any, Final, NamedTuple, TypeAlias

    from rftkit.rewards.equations import (
        HEDGE_WORDS,
        equations_hold,
        evaluate_expression,
        parse_answer,
        parse_bare_number,
        parse_number,
    )
    from rftkit.rewards.number_words import number_words

__all__ = [
    "HEDGE_WORDS",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_SPAN",
    "ZERO_WIDTH",
    "Number",
    "ParseResult",
    "Token",
    "Value",
    "clean_latex",
    "equations_hold",
    "evaluate_expression",
    "find_numbers",
    "format_value",
    "has_digit",
    "last_number",
    "normalize_unicode",
    "number_words",
    "numbers_equal",
    "parse_answer",
    "parse_bare_number",
    "parse_number",
    "strip_calculator_annotations",
    "to_fraction",
    "within_tolerance",
]

Value: TypeAlias = "int | Fraction"
"""An exact number: ``int`` when integral, else a ``Fraction``."""


@functools.cache
def _fraction() -> type[Fraction]:
    """``fractions.Fraction``, imported on first use.

    It pulls in ``decimal``; a Lambda cold start that grades integer answers never needs it.
    """
    from fractions import Fraction

    return Fraction


MAX_DIGITS: Final = 100
"""Most digits (integer plus decimal part) one number may have and still get a value."""

MAX_EXPONENT: Final = 400
"""Largest power of ten accepted in scientific notation or ``a^b``."""

MAX_SPAN: Final = 2000
"""Longest answer text :func:`parse_answer` reads (a final answer is short)."""

_MAX_ANNOTATION = 200  # a GSM8K <<expr=value>> annotation is short and on one line
_MAX_BRACE = 200  # longest {...} group read by the LaTeX cleaner


# The records are named tuples. Type checkers see typing.NamedTuple classes; at run time the
# fields come from collections.namedtuple (same class layout, no typing import), and the
# public class below adds the docstring and methods.
if TYPE_CHECKING:

    class _NumberFields(NamedTuple):
        value: Value
        percent: bool = False

    class _TokenFields(NamedTuple):
        start: int
        end: int
        number: Number | None

    class _ParseResultFields(NamedTuple):
        number: Number | None
        reason: str | None = None

else:
    _NumberFields = namedtuple("Number", ("value", "percent"), defaults=(False,))
    _TokenFields = namedtuple("Token", ("start", "end", "number"))
    _ParseResultFields = namedtuple("ParseResult", ("number", "reason"), defaults=(None,))


class Number(_NumberFields):
    """An exact value, and whether it was written as a percentage.

    A named tuple ``(value, percent)``; ``percent`` defaults to False.

    Example:
        >>> Number(50, percent=True).value
        50
        >>> from fractions import Fraction
        >>> str(Number(Fraction(8, 3)))
        '8/3'
    """

    __slots__ = ()

    def __str__(self) -> str:
        return format_value(self.value) + ("%" if self.percent else "")


class Token(_TokenFields):
    """One number found in a text: its span and value (None when out of bounds).

    A named tuple ``(start, end, number)``.
    """

    __slots__ = ()


class ParseResult(_ParseResultFields):
    """The outcome of :func:`parse_answer`: a number, or the reason there is none.

    A named tuple ``(number, reason)``. ``reason`` is one of ``no_number``,
    ``several_numbers``, ``multiple_answers`` (an equation that does not hold),
    ``number_too_large``, ``answer_too_long``, ``bound`` (a strict bound, ``more than 18``:
    :mod:`.bounds`) or, from :func:`.clock_times.clock_answer`, ``clock_time``.
    """

    __slots__ = ()


# A named tuple built from a tuple without its Python-level __new__ (the same object, about
# three times faster: the hot paths build one per number read).
_new = tuple.__new__


class _LazyPattern:
    """A regular expression compiled on its first use, in place of a module-level constant.

    ``_X = _lazy_pattern("_X", r"...")`` binds a placeholder; the first attribute read
    (``_X.search``) compiles the pattern and rebinds the module global ``_X`` to the compiled
    pattern, so every later use is the compiled pattern itself, at no extra cost per call.
    Compiling all of this module's patterns at import costs a cold start several
    milliseconds, and a typical reply needs none of them.
    """

    __slots__ = ("_flags", "_name", "_namespace", "_pattern")

    def __init__(self, name: str, pattern: str, flags: int, namespace: dict[str, Any]) -> None:
        self._name = name
        self._pattern = pattern
        self._flags = flags
        self._namespace = namespace

    def __getattr__(self, attr: str) -> Any:
        compiled = re.compile(self._pattern, self._flags)
        self._namespace[self._name] = compiled
        return getattr(compiled, attr)


def _lazy_pattern(
    name: str, pattern: str, flags: int = 0, namespace: dict[str, Any] | None = None
) -> re.Pattern[str]:
    """A :class:`_LazyPattern` for the global ``name`` of ``namespace`` (default: this module)."""
    ns = globals() if namespace is None else namespace
    return _LazyPattern(name, pattern, flags, ns)  # type: ignore[return-value]  # see above


def strip_calculator_annotations(text: str) -> str:
    """Remove GSM8K calculator annotations ``<<expr=value>>``.

    An annotation is removed only when it closes on the same line within 200 characters;
    anything else is left as written.

    Example:
        >>> strip_calculator_annotations("He makes 9 * 2 = $<<9*2=18>>18 a day.")
        'He makes 9 * 2 = $18 a day.'
    """
    i = text.find("<<")
    if i == -1 or ">>" not in text:
        return text
    parts: list[str] = []
    pos = 0
    while i != -1:
        j = text.find(">>", i + 2, i + 2 + _MAX_ANNOTATION + 2)
        if j != -1 and text.find("\n", i, j) == -1:
            parts.append(text[pos:i])
            pos = j + 2
            i = text.find("<<", pos)
        else:
            i = text.find("<<", i + 2)
    parts.append(text[pos:])
    return "".join(parts)


# -- LaTeX -----------------------------------------------------------------------------------

# Wrappers whose content is kept: only the opener is dropped; the closing brace that is
# left behind is ignored by the scanner, so no brace matching is needed.
_WRAPPERS = (
    "\\boxed{",
    "\\fbox{",
    "\\text{",
    "\\textbf{",
    "\\textit{",
    "\\textrm{",
    "\\textnormal{",
    "\\mathrm{",
    "\\mathbf{",
    "\\mathit{",
    "\\mbox{",
    "\\operatorname{",
)
# Replacements for text holding a backslash, then for any text (order matters: "\\$"
# before "$", "^{\\circ}" before "\\circ").
_BACKSLASH_REPLACEMENTS = (
    (" \\$", "  "),  # two spaces: "2 \\$100" is two numbers, never 2 100 (see _space_groups)
    ("\\$", ""),
    ("\\%", "%"),
    ("\\left", ""),
    ("\\right", ""),
    ("\\!", ""),
    ("\\;", " "),
    ("\\:", " "),
    ("\\qquad", " "),
    ("\\quad", " "),
    ("\\ ", " "),
    ("^{\\circ}", ""),
    ("^\\circ", ""),
    ("\\circ", ""),
    ("\\displaystyle", ""),
    ("\\dfrac", "\\frac"),
    ("\\tfrac", "\\frac"),
    ("\\cfrac", "\\frac"),
    ("\\(", " "),
    ("\\)", " "),
    ("\\[", " "),
    ("\\]", " "),
)
_PLAIN_REPLACEMENTS = (
    # A sign after a space leaves two: "2 $100 bills" stays two numbers (see _space_groups).
    (" $", "  "),
    (" €", "  "),
    (" £", "  "),
    (" ¥", "  "),
    (" ₹", "  "),
    (" ¢", "  "),
    ("$", ""),
    ("€", ""),
    ("£", ""),
    ("¥", ""),
    ("₹", ""),
    ("¢", ""),
    ("{,}", ","),
    ("~", " "),
    ("°", ""),
)
# The same, in the same order, without what an ASCII text cannot hold.
_ASCII_REPLACEMENTS = tuple(r for r in _PLAIN_REPLACEMENTS if r[0].isascii())
_LATEX_TRIGGER = _lazy_pattern("_LATEX_TRIGGER", r"[\\${~°€£¥₹¢^]")
_THIN_SPACE_GROUP = _lazy_pattern("_THIN_SPACE_GROUP", r"(?<=[0-9])\\,(?=[0-9]{3}(?![0-9]))")
_UNIT_POWER = _lazy_pattern("_UNIT_POWER", r"(?<=[A-Za-z])\^\{?[0-9]\}?")
_SIMPLE_NUMBER = _lazy_pattern("_SIMPLE_NUMBER", r"-?[0-9]{1,50}(?:\.[0-9]{1,50})?")


def _brace_group(s: str, pos: int) -> tuple[str, int] | None:
    """Read ``{...}`` (balanced, bounded) or a single character at ``pos`` (TeX ``\\frac12``)."""
    n = len(s)
    while pos < n and s[pos] == " ":
        pos += 1
    if pos >= n:
        return None
    if s[pos] != "{":
        ch = s[pos]
        return (ch, pos + 1) if ch.isdigit() else None
    depth = 0
    limit = min(n, pos + _MAX_BRACE)
    for k in range(pos, limit):
        c = s[k]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return s[pos + 1 : k], k + 1
    return None


def _rewrite_fracs(s: str) -> str:
    """Rewrite ``\\frac{a}{b}`` as `` a/b`` (reduced) so the scanner reads one fraction."""
    out: list[str] = []
    pos = 0
    i = s.find("\\frac")
    while i != -1:
        num = _brace_group(s, i + 5)
        den = _brace_group(s, num[1]) if num is not None else None
        if num is None or den is None:
            i = s.find("\\frac", i + 5)
            continue
        a, b = num[0].strip(), den[0].strip()
        if _SIMPLE_NUMBER.fullmatch(a) and _SIMPLE_NUMBER.fullmatch(b) and _fraction()(b) != 0:
            value = _fraction()(a) / _fraction()(b)
            k = i - 1
            while k >= pos and s[k] == " ":
                k -= 1
            if k >= pos and s[k] == "-":
                # Absorb a sign written before the fraction: "-\frac{1}{2}" is -1/2 and
                # "-\frac{-1}{2}" is +1/2 (written "+1/2": a plain space would make
                # "2-\frac{-1}{2}" read as the mixed number 2 1/2).
                out.append(s[pos:k])
                value = -value
                sign = "-" if value < 0 else "+"
                out.append(f"{sign}{abs(value.numerator)}/{value.denominator}")
            else:
                # A leading space makes "2\frac{1}{2}" the mixed number "2 1/2".
                out.append(f"{s[pos:i]} {value.numerator}/{value.denominator}")
        else:
            out.append(s[pos:i])
            # Not a plain number over a plain number: leave the parts visible as numbers so
            # the answer reads as several numbers rather than as a wrong single value.
            out.append(f" ({a})/({b})")
        pos = den[1]
        i = s.find("\\frac", pos)
    out.append(s[pos:])
    return "".join(out)


def clean_latex(text: str) -> str:
    """Reduce LaTeX and currency markup around numbers to plain text.

    Drops ``$``, ``\\$`` and other currency signs, ``\\text{}``-like wrappers (keeping their
    content), spacing commands, degree signs and unit powers (``m^2``); turns ``\\%`` into
    ``%``, ``{,}`` and ``\\,`` between digit groups into thousands commas, and
    ``\\frac{a}{b}`` into ``a/b``.

    Example:
        >>> clean_latex("\\\\$1{,}234 \\\\text{ dollars}")
        '1,234   dollars}'
        >>> clean_latex("2\\\\frac{2}{3}")
        '2 2/3'
    """
    if text.isascii():  # five memchr calls cost less than one pattern search
        if not ("$" in text or "\\" in text or "{" in text or "^" in text or "~" in text):
            return bracket_fractions(text) if "/" in text else text
    elif _LATEX_TRIGGER.search(text) is None:
        return bracket_fractions(text) if "/" in text else text
    s = text
    if "\\" in s:
        for w in _WRAPPERS:
            if w in s:
                s = s.replace(w, " ")
        if "\\," in s:
            s = _THIN_SPACE_GROUP.sub(",", s).replace("\\,", " ")
        for old, new in _BACKSLASH_REPLACEMENTS:
            if old in s:
                s = s.replace(old, new)
    for old, new in _ASCII_REPLACEMENTS if s.isascii() else _PLAIN_REPLACEMENTS:
        if old in s:
            s = s.replace(old, new)
    if "^" in s:
        s = _UNIT_POWER.sub("", s)
    if "\\frac" in s:
        s = _rewrite_fracs(s)
    return bracket_fractions(s) if "/" in s else s


# -- scanning --------------------------------------------------------------------------------

_ATOM = _lazy_pattern(
    "_ATOM",
    r"(?P<i>[0-9]+(?:,[0-9]+)*)(?:\.(?P<f>[0-9]+))?(?:[eE](?P<e>[-+]?[0-9]+))?"
    r"|\.(?P<g>[0-9]+)(?:[eE](?P<x>[-+]?[0-9]+))?",
)
_NUMBER_START = _lazy_pattern("_NUMBER_START", r"[0-9.]")
_DENOMINATOR = _lazy_pattern("_DENOMINATOR", r"/([0-9]+)(?![.,]?[0-9])")
_MIXED = _lazy_pattern("_MIXED", r" {1,3}([0-9]{1,50})/([0-9]{1,50})(?![.,]?[0-9]|/)")
_SCIENTIFIC = _lazy_pattern(
    "_SCIENTIFIC",
    r" {0,2}(?:\\times|\\cdot|[x×*·]) {0,2}10 {0,2}\^ {0,2}"
    r"(?:\{ {0,2}([-+]?[0-9]{1,7}) {0,2}\}|([-+]?[0-9]{1,7}))",
)
_POWER = _lazy_pattern(
    "_POWER", r" {0,2}\^ {0,2}(?:\{ {0,2}([-+]?[0-9]{1,7}) {0,2}\}|([-+]?[0-9]{1,7}))"
)
_PERCENT = _lazy_pattern("_PERCENT", r" ?(?:%|percent(?![A-Za-z]))")
_SCALE = _lazy_pattern(
    "_SCALE", r"(?: ?(hundred|thousand|million|billion|trillion)|([kK]))(?![A-Za-z])", re.IGNORECASE
)
_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "k": 1000,
}
_SIGN_BLOCKERS = frozenset(")]}_")


def _valid_groups(int_part: str) -> bool:
    """``1,234,567`` is one number; ``1,5``, ``1,23``, ``0,123`` and ``1234,567`` are not."""
    groups = int_part.split(",")
    first = groups[0]
    if not 1 <= len(first) <= 3 or (first[0] == "0"):
        return False
    return all(len(g) == 3 for g in groups[1:])


def _exponent(text: str | None) -> int | None:
    """An exponent within bounds, or None."""
    if text is None:
        return None
    e = int(text)
    return e if -MAX_EXPONENT <= e <= MAX_EXPONENT else None


def _scale(value: Value, exp: int) -> Value:
    if exp >= 0:
        scaled = value * 10**exp
        return scaled if type(scaled) is int else _norm(scaled)
    return _norm(_fraction()(value) / 10**-exp)


def _norm(value: Fraction) -> Value:
    return value.numerator if value.denominator == 1 else value


def _negative_sign_at(s: str, start: int) -> bool:
    """Is there a minus sign just before ``start`` that belongs to the number?"""
    if start == 0 or s[start - 1] != "-":
        return False
    if start == 1:
        return True
    before = s[start - 2]
    return not (before.isalnum() or before in _SIGN_BLOCKERS)


_COMPOSERS = frozenset("/ ^x×*\\·%phtmbkHTMBK")  # characters after an integer that may extend it
_AFTER_SPACE = frozenset("0123456789x×*\\·^%phtmbHTMB")


_WORD_FIRSTS = frozenset("phtmbHTMB")  # the letters in both: a word may follow the integer
_EXTENDING = ("hundred", "thousand", "million", "billion", "trillion", "percent")


def _plain_before_word(s: str, end: int, nxt: str) -> bool:
    """Is the integer that ends at ``end`` (``nxt``: the character there) followed by a word,
    right after it or after one space, that does not extend it (``2 hours``, ``5th``)?

    Of the general reading's steps after a plain integer, only a scale word (``_SCALE``,
    ``2 million``, ``2k``) or ``percent`` (``_PERCENT``) reads such a word into it: a mixed
    number, a power or a scientific exponent starts with no letter of
    :data:`_WORD_FIRSTS`. So a word that starts with no scale word and no ``percent``
    (ASCII, compared ignoring case: a non-ASCII text is left to the patterns, whose
    case-blind match knows more case pairs) leaves the integer plain, without the four
    pattern calls (``2 hours``: about twice as fast).
    """
    if nxt == " ":
        end += 1
        nxt = s[end : end + 1]
    if nxt not in _WORD_FIRSTS:
        return False  # "k", "x", "^", "/", "%", a digit...: the general reading
    word = s[end : end + 8]
    return word.isascii() and not word.lower().startswith(_EXTENDING)


_SPACE_DIGIT = frozenset(" " + d for d in "0123456789")
_SPACE_GROUPS = _lazy_pattern(
    "_SPACE_GROUPS", r"((?: [0-9]{3}){1,8}+)(?:\.([0-9]{1,50}))?(?![0-9]|[.,][0-9]|-?[A-Za-z])"
)


def _space_groups(s: str, start: int, end: int) -> tuple[str, str | None, int] | None:
    """``1 800``, ``3 500 000``: digit groups of three after single spaces, as one number.

    ``s[start:end]`` is an integer of one to three digits (no leading zero) followed by a
    space. Returns ``(digits, decimals, end)`` when groups of exactly three digits follow,
    each after one space, and nothing after the last extends it into another number or
    a word (``12 200-kilobyte videos``, ``1 800 0001``); a mixed number is read first
    (``2 100/200`` is 2 1/2). A space (a no-break, thin or narrow space maps to one) is
    how SI and many European styles group thousands, and GSM8K's own solutions write
    ``$80 000`` and ``17 000/5 = 3 400``. None when the text is no such number.
    """
    if start and s[start - 1] in "0123456789,.":
        return None  # the number goes on before (``1,2 345``): not a first group
    g = _SPACE_GROUPS.match(s, end)
    if g is None:
        return None
    groups, decimals = g.group(1, 2)
    stop = g.end()
    if decimals is None and s.startswith("/", g.end(1)):
        mm = _MIXED.match(s, end)
        if mm is not None and 0 < int(mm.group(1)) < int(mm.group(2)):
            return None  # "2 100/200": the mixed number 2 1/2
    return s[start:end] + groups.replace(" ", ""), decimals, stop


def scan(s: str, limit: int = 0) -> list[Token]:
    """Find number tokens in ``s`` (already Unicode- and LaTeX-normalised), left to right.

    Stops after ``limit`` tokens when ``limit`` > 0. Positions refer to ``s``.

    Example:
        >>> [str(t.number) for t in scan("2 2/3 cups, 1,5 and -3.50 or 1,234")]
        ['8/3', '1', '5', '-3.5', '1234']
    """
    out: list[Token] = []
    pos = 0
    n = len(s)
    # Two steps instead of _ATOM.search: a one-character-class pattern lets the regex engine
    # skip text at memchr-like speed (a pattern that starts with a group cannot), and every
    # number starts at a digit or a dot, so the first of those where _ATOM matches is where
    # _ATOM.search would have matched. About twice as fast on prose.
    next_start = _NUMBER_START.search
    match = _ATOM.match
    while pos < n:
        nm = next_start(s, pos)
        if nm is None:
            break
        at = nm.start()
        # A full stop (no digit after it) is no number: skip it without the pattern.
        if (s[at] == "." and not "0" <= s[at + 1 : at + 2] <= "9") or (m := match(s, at)) is None:
            pos = at + 1
            continue
        start, end = m.span()
        int_part, frac_part, exp_part, dot_part, dot_exp = m.groups()
        if (
            frac_part is None
            and exp_part is None
            and int_part is not None
            and "," not in int_part
            and len(int_part) <= MAX_DIGITS
        ):
            # The common case, a plain integer that nothing after it extends: no Fractions.
            nxt = s[end] if end < n else ""
            if (
                nxt not in _COMPOSERS
                or (nxt == " " and (s[end + 1] if end + 1 < n else "") not in _AFTER_SPACE)
                or (
                    (nxt in _WORD_FIRSTS or (nxt == " " and s[end + 1 : end + 2] in _WORD_FIRSTS))
                    and _plain_before_word(s, end, nxt)
                )
            ):
                value_int = int(int_part)
                if start and s[start - 1] == "-" and _negative_sign_at(s, start):
                    out.append(_new(Token, (start - 1, end, _new(Number, (-value_int, False)))))
                else:
                    out.append(_new(Token, (start, end, _new(Number, (value_int, False)))))
                pos = end
                if limit and len(out) >= limit:
                    break
                continue
        if (
            s[end : end + 2] in _SPACE_DIGIT  # one lookup: most numbers are followed by none
            and frac_part is None
            and exp_part is None
            and int_part is not None
            and len(int_part) <= 3
            and "," not in int_part
            and int_part[0] != "0"
        ):
            grouped = _space_groups(s, start, end)
            if grouped is not None:
                int_part, frac_part, end = grouped
        if int_part is None:
            if start > 0 and s[start - 1] in "0123456789.":
                # "...5" and "1.5.3": a dot after a dot or digit is not a decimal point.
                start += 1
                int_part, frac_part, exp_part = dot_part, None, dot_exp
            else:
                int_part, frac_part, exp_part = "", dot_part, dot_exp
        elif "," in int_part and not _valid_groups(int_part):
            # Commas that are not thousands separators separate numbers ("1,5" is 1 and 5):
            # every group but the last is a number of its own; the last continues below.
            groups = int_part.split(",")
            p = start
            for g in groups[:-1]:
                neg = p == start and _negative_sign_at(s, p)
                tok_start = p - 1 if neg else p
                group_number = None
                if len(g) <= MAX_DIGITS:
                    group_number = Number(-int(g) if neg else int(g))
                out.append(Token(tok_start, p + len(g), group_number))
                p += len(g) + 1
                if limit and len(out) >= limit:
                    return out
            start, int_part = p, groups[-1]
        digits = int_part.replace(",", "") if "," in int_part else int_part
        frac_part = frac_part or ""
        value: Value | None = None
        if len(digits) + len(frac_part) <= MAX_DIGITS:
            if frac_part:
                value = (  # "60.00" is read without a Fraction: the same value
                    _norm(_fraction()(int(digits + frac_part), 10 ** len(frac_part)))
                    if frac_part.strip("0")
                    else int(digits or "0")
                )
            else:
                value = int(digits)
            if exp_part is not None:
                exp = _exponent(exp_part)
                value = None if exp is None else _scale(value, exp)
        if type(value) is int and not frac_part and exp_part is None and digits:
            # A plain integer may start a fraction, a mixed number or a power.
            if s.startswith("/", end):
                dm = _DENOMINATOR.match(s, end)
                if dm is not None:
                    den_s = dm.group(1)
                    if len(den_s) <= MAX_DIGITS and int(den_s) != 0:
                        value = _norm(_fraction()(value, int(den_s)))
                        end = dm.end()
            elif s.startswith(" ", end):
                mm = _MIXED.match(s, end)
                if mm is not None:
                    p_, q_ = int(mm.group(1)), int(mm.group(2))
                    if 0 < p_ < q_:
                        value = _norm(value + _fraction()(p_, q_))
                        end = mm.end()
            if type(value) is int and (s.startswith("^", end) or s.startswith(" ^", end)):
                pm = _POWER.match(s, end)
                if pm is not None:
                    exp = _exponent(pm.group(1) or pm.group(2))
                    base = value
                    if exp is not None and base != 0 and len(digits) * abs(exp) <= MAX_EXPONENT:
                        value = base**exp if exp >= 0 else _fraction()(1, base**-exp)
                    else:
                        value = None
                    end = pm.end()
        if value is not None and end < n and s[end] in " x×*\\·":
            sm = _SCIENTIFIC.match(s, end)
            if sm is not None:
                exp = _exponent(sm.group(1) or sm.group(2))
                value = None if exp is None else _scale(value, exp)
                end = sm.end()
        if value is not None and end < n and s[end] in " htmbkHTMBK":
            sc = _SCALE.match(s, end)
            if sc is not None:
                value = value * _SCALES[ascii_lower(sc.group(1) or sc.group(2))]
                end = sc.end()
        percent = False
        if end < n and s[end] in " %p":
            pc = _PERCENT.match(s, end)
            if pc is not None:
                percent = True
                end = pc.end()
        if _negative_sign_at(s, start):
            start -= 1
            if value is not None:
                value = -value
        out.append(
            _new(Token, (start, end, None if value is None else _new(Number, (value, percent))))
        )
        pos = end
        if limit and len(out) >= limit:
            break
    return out


def find_numbers(text: str, limit: int = 0) -> list[Token]:
    """Every number in ``text``, left to right (positions refer to the normalised text).

    Example:
        >>> [str(t.number) for t in find_numbers("Pay $1,234.50, not 1,5.")]
        ['1234.5', '1', '5']
    """
    return scan(clean_latex(normalize_unicode(strip_calculator_annotations(text))), limit)


_LAST_NUMBER_REACH = 256  # chars before the last digit that can belong to the last number
_LAST_NUMBER_WORDS = 5  # "3 \\times 10^{4}" and "-2 2/3" span at most a few words
_NUMBERISH = frozenset("0123456789,./eE+- ")


def last_number(text: str) -> Token | None:
    """The last number in ``text`` (Unicode-normalised, annotations removed), or None.

    Only the end of the text is read: the last digit is found with ``str.rfind`` and the
    number around it is parsed from the few words before it, so a megabyte costs
    microseconds. A number longer than 256 characters is returned with ``number=None``.

    Example:
        >>> str(last_number("3 + 4 = 7, so she has 7 apples.").number)
        '7'
        >>> str(last_number("she ate 2 2/3 pies").number)
        '8/3'
    """
    rf = text.rfind
    last = max(
        rf("0"), rf("1"), rf("2"), rf("3"), rf("4"), rf("5"), rf("6"), rf("7"), rf("8"), rf("9")
    )
    if last == -1:
        return None
    lo = max(0, last - _LAST_NUMBER_REACH)
    k = last
    words = 0
    while words < _LAST_NUMBER_WORDS:
        b = max(rf(" ", lo, k), rf("\n", lo, k))
        if b == -1:
            break
        k = b
        words += 1
    if words == 0:
        k = lo
        if lo > 0:
            # No word break within reach: is it all one (too long) number?
            j = lo
            while j < last and text[j] in _NUMBERISH:
                j += 1
            if j == last:
                return Token(lo, last + 1, None)
            k = j
    segment = clean_latex(text[k : last + 64])
    tokens = scan(segment)
    if not tokens:
        return None
    tok = tokens[-1]
    # Positions are approximate once LaTeX was rewritten; they only serve diagnostics.
    return Token(k + tok.start, k + tok.end, tok.number)


_DIGIT = _lazy_pattern("_DIGIT", r"[0-9]")


def has_digit(s: str) -> bool:
    """Does ``s`` hold an ASCII digit? (One C-level search.)"""
    return _DIGIT.search(s) is not None


def numbers_equal(a: Number, b: Number) -> bool:
    """Exact equality; a percentage also equals its fraction (``50%`` = ``0.5`` = ``50``).

    Example:
        >>> from fractions import Fraction
        >>> numbers_equal(Number(50, percent=True), Number(Fraction(1, 2)))
        True
    """
    if a.value == b.value:
        return True
    if a.percent and not b.percent:
        return bool(_fraction()(a.value) / 100 == b.value)
    if b.percent and not a.percent:
        return bool(_fraction()(b.value) / 100 == a.value)
    return False


def to_fraction(x: float | int | str) -> Fraction:
    """The exact decimal value of a tolerance as written (``0.01`` is 1/100, not binary).

    Example:
        >>> to_fraction(0.01)
        Fraction(1, 100)
    """
    if isinstance(x, float):
        return _fraction()(repr(x))
    return _fraction()(x)


def within_tolerance(a: Number, b: Number, abs_tol: Fraction, rel_tol: Fraction) -> bool:
    """``|a - b| <= max(abs_tol, rel_tol * max(|a|, |b|))``, exactly; symmetric in a and b.

    A percentage is also compared as its fraction (see :func:`numbers_equal`).

    Example:
        >>> from fractions import Fraction
        >>> within_tolerance(Number(100), Number(101), Fraction(0), Fraction(1, 100))
        True
    """
    pairs: list[tuple[Value, Value]] = [(a.value, b.value)]
    if a.percent != b.percent:
        if a.percent:
            pairs.append((_fraction()(a.value) / 100, b.value))
        else:
            pairs.append((a.value, _fraction()(b.value) / 100))
    for x, y in pairs:
        fx, fy = _fraction()(x), _fraction()(y)
        diff = abs(fx - fy)
        if diff <= abs_tol or diff <= rel_tol * max(abs(fx), abs(fy)):
            return True
    return False


def format_value(value: Value) -> str:
    """A canonical text for a value: ``72``, ``-0.5``, ``8/3``.

    Terminating decimals are written as decimals, other fractions as ``n/d``.

    Example:
        >>> from fractions import Fraction
        >>> format_value(Fraction(-1, 8)), format_value(Fraction(8, 3)), format_value(72)
        ('-0.125', '8/3', '72')
    """
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    scaled = abs(value.numerator) * 10**places // value.denominator
    digits = str(scaled).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


# Names that moved to rftkit.rewards.equations and rftkit.rewards.number_words, still
# importable from here (loaded on first access: no import cycle, no cold-start cost).
_MOVED = {
    "HEDGE_WORDS": "equations",
    "equations_hold": "equations",
    "evaluate_expression": "equations",
    "parse_answer": "equations",
    "parse_bare_number": "equations",
    "parse_number": "equations",
    "number_words": "number_words",
}


def __getattr__(name: str) -> Any:
    home = _MOVED.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if home == "equations":
        from rftkit.rewards import equations

        value = getattr(equations, name)
    else:
        from rftkit.rewards import number_words

        value = getattr(number_words, name)
    globals()[name] = value
    return value
