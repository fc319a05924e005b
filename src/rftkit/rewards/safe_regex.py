"""Refuse user regular expressions that can backtrack for longer than linear time.

Python's ``re`` is a backtracking engine: ``(\\d+,?)+$`` takes seconds on 30 characters of
hostile text and doubles with each one more; ``\\s*(.*?)\\s*$`` or ``\\d+\\d+x`` take minutes
on 4,096. Model output is hostile and a pattern is the user's, so a grader checks every user
pattern once, at construction, with :func:`check_pattern`, and refuses the ones whose
matching can take more than linear time at one start position (so at most quadratic over a
whole ``finditer`` of a bounded window). The check reads the pattern's parse tree (the
stdlib's own parser) and is conservative: it may refuse a pattern that happens to be safe,
never the other way round, within the limits listed under "Limits".

A pattern is accepted when:

* it has no backreference (``\\1``, ``(?P=name)``) and no conditional group, and no repeat
  inside a lookaround;
* every variable repeat (``*``, ``+``, ``{m,n}`` with m < n, n > 1) has a body that matches
  one way only: a fixed width, no variable repeat inside, and every alternation inside has
  alternatives that start with different characters (``(?:a|b)+`` is fine, ``(a|ab)+``,
  ``(\\d+,?)+`` and ``(a*)*`` are not);
* along every path through the pattern, two variable repeats that can match a common
  character are separated by a required character the first one cannot match
  (``(\\d+)\\.(\\d+)`` is fine, ``\\d+\\d+``, ``.*x.*`` and ``\\s*(.*)`` are not), unless the
  first is possessive (``\\s*+``), which never gives characters back.

Limits: character classes are compared on a sample alphabet (ASCII, every character the
pattern names, and representatives of other scripts), so two exotic classes that share only
characters outside it are taken as disjoint. A pattern with more than 512 paths (optional
parts and alternatives multiply) is refused as too complex. Standard library only.
"""

from __future__ import annotations

import re
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["UnsafePattern", "check_pattern"]

MAX_PATHS = 512
_MAXREPEAT = _c.MAXREPEAT
# Representatives of characters beyond ASCII: Latin-1, Greek, Cyrillic, CJK, Arabic-Indic
# and full-width digits, spaces, an emoji.
_EXTRA = "\u00a0\u00b2\u00e9\u00df\u03a3\u03c3\u0416\u0436\u4e2d\u0663\uff13\u2003\u2028\U0001f600"


class UnsafePattern(ValueError):
    """The pattern can backtrack for longer than linear time; ``str()`` says where."""


class _Var:
    """A variable repeat on one path: the characters it can match, and whether it is
    possessive (never gives characters back) and needs at least one character."""

    __slots__ = ("chars", "min", "possessive", "text")

    def __init__(self, chars: frozenset[str], min_: int, possessive: bool, text: str) -> None:
        self.chars = chars
        self.min = min_
        self.possessive = possessive
        self.text = text


class _Char:
    """A required character (or a fixed run of it) on one path."""

    __slots__ = ("chars",)

    def __init__(self, chars: frozenset[str]) -> None:
        self.chars = chars


class _Analyser:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.ignore_case = bool(flags & re.IGNORECASE)
        self.dotall = bool(flags & re.DOTALL)
        self.alphabet: set[str] = {chr(i) for i in range(128)} | set(_EXTRA)

    # -- character sets ----------------------------------------------------------------------

    def collect(self, data: Any) -> None:
        """Add every character the pattern names to the alphabet (range ends included)."""
        for op, av in data:
            if op is _c.LITERAL or op is _c.NOT_LITERAL:
                self.alphabet.add(chr(av))
            elif op is _c.RANGE:
                self.alphabet.update((chr(av[0]), chr(av[1])))
            elif op is _c.SUBPATTERN:
                if av[1] & re.IGNORECASE:
                    self.ignore_case = True
                if av[1] & re.DOTALL:
                    self.dotall = True
                self.collect(av[3])
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                self.collect(av[2])
            elif op is _c.BRANCH:
                for alt in av[1]:
                    self.collect(alt)
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                self.collect(av[1])
            elif op is _c.ATOMIC_GROUP or op is _c.IN:
                self.collect(av)
        if self.ignore_case:
            self.alphabet |= {c.swapcase() for c in self.alphabet if len(c.swapcase()) == 1}

    def chars_of(self, op: Any, av: Any) -> frozenset[str]:
        """The alphabet characters one single-character item matches."""
        alphabet = self.alphabet
        if op is _c.LITERAL:
            found = {chr(av)}
        elif op is _c.NOT_LITERAL:
            found = alphabet - {chr(av)}
        elif op is _c.ANY:
            found = set(alphabet) if self.dotall else alphabet - {"\n"}
        elif op is _c.IN:
            found = set()
            negate = False
            for iop, iav in av:
                if iop is _c.NEGATE:
                    negate = True
                elif iop is _c.LITERAL:
                    found.add(chr(iav))
                elif iop is _c.RANGE:
                    lo, hi = iav
                    found |= {c for c in alphabet if lo <= ord(c) <= hi}
                elif iop is _c.CATEGORY:
                    found |= {c for c in alphabet if _in_category(iav, c)}
                else:  # CHARSET/BIGCHARSET appear only in compiled code: be conservative
                    found |= alphabet
            if negate:
                found = alphabet - found
        else:
            found = set(alphabet)
        if self.ignore_case:
            found |= {c.swapcase() for c in found if len(c.swapcase()) == 1}
        return frozenset(found)

    def all_chars(self, data: Any) -> frozenset[str]:
        """Every alphabet character a subpattern can match anywhere."""
        out: set[str] = set()
        for op, av in data:
            if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
                out |= self.chars_of(op, av)
            elif op is _c.SUBPATTERN:
                out |= self.all_chars(av[3])
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                out |= self.all_chars(av[2])
            elif op is _c.BRANCH:
                for alt in av[1]:
                    out |= self.all_chars(alt)
            elif op is _c.ATOMIC_GROUP:
                out |= self.all_chars(av)
        return frozenset(out)

    def first_chars(self, data: Any) -> frozenset[str] | None:
        """The characters a subpattern's match can start with; None when it can be empty."""
        out: set[str] = set()
        for op, av in data:
            if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
                return frozenset(out | self.chars_of(op, av))
            if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
                continue
            if op is _c.SUBPATTERN:
                sub = self.first_chars(av[3])
            elif op is _c.ATOMIC_GROUP:
                sub = self.first_chars(av)
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                sub = self.first_chars(av[2])
                if sub is not None and av[0] == 0:
                    out |= sub
                    continue
            elif op is _c.BRANCH:
                alts = [self.first_chars(alt) for alt in av[1]]
                if any(a is None for a in alts):
                    sub = None
                    for a in alts:
                        if a is not None:
                            out |= a
                else:
                    sub = frozenset().union(*alts)  # type: ignore[arg-type]
            else:
                return None  # unknown: treat as possibly empty
            if sub is None:
                continue
            return frozenset(out | sub)
        return None

    # -- the checks ----------------------------------------------------------------------------

    def refuse(self, why: str) -> UnsafePattern:
        return UnsafePattern(why)

    def check_body(self, data: Any, where: str) -> None:
        """A variable repeat's body: one fixed width, one way to match it."""
        lo, hi = _parser.SubPattern(_parser.State(), data).getwidth()
        if lo != hi or lo == 0:
            raise self.refuse(
                f"{where}: the repeated part has no fixed length, so the repeat can split the "
                "same text in many ways (nested quantifiers such as (\\d+,?)+ or (a*)*)"
            )
        self.check_unambiguous(data, where)

    def check_unambiguous(self, data: Any, where: str) -> None:
        for op, av in data:
            if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                if av[0] != av[1]:
                    raise self.refuse(f"{where}: a repeat nested inside a repeat")
                self.check_unambiguous(av[2], where)
            elif op is _c.SUBPATTERN:
                self.check_unambiguous(av[3], where)
            elif op is _c.ATOMIC_GROUP:
                self.check_unambiguous(av, where)
            elif op is _c.BRANCH:
                seen: set[str] = set()
                for alt in av[1]:
                    first = self.first_chars(alt)
                    if first is None or first & seen:
                        raise self.refuse(
                            f"{where}: alternatives inside a repeat can start with the same "
                            "character, so the repeat can match the same text in many ways"
                        )
                    seen |= first
                    self.check_unambiguous(alt, where)
            elif op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
                raise self.refuse("backreferences and conditional groups are not supported")

    def paths(self, data: Any) -> list[list[_Var | _Char]]:
        """Every path through a subpattern as a list of required characters and variable
        repeats (optional parts and alternatives expand into several paths)."""
        out: list[list[_Var | _Char]] = [[]]
        for op, av in data:
            options: list[list[_Var | _Char]]
            if op in (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN):
                options = [[_Char(self.chars_of(op, av))]]
            elif op is _c.AT:
                options = [[]]
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                body = av[1]
                lo, hi = _parser.SubPattern(_parser.State(), body).getwidth()
                if lo != hi:
                    raise self.refuse("a repeat inside a lookaround is not supported")
                self.check_unambiguous(body, "lookaround")
                options = [[]]
            elif op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
                raise self.refuse("backreferences and conditional groups are not supported")
            elif op is _c.SUBPATTERN:
                options = self.paths(av[3])
            elif op is _c.ATOMIC_GROUP:
                options = self.paths(av)
            elif op is _c.BRANCH:
                options = [p for alt in av[1] for p in self.paths(alt)]
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                options = self.repeat_paths(op, av)
            else:
                raise self.refuse(f"unsupported construct {op}")
            out = [p + q for p in out for q in options]
            if len(out) > MAX_PATHS:
                raise self.refuse(
                    f"too many optional parts and alternatives to check (over {MAX_PATHS} paths)"
                )
        return out

    def repeat_paths(self, op: Any, av: Any) -> list[list[_Var | _Char]]:
        lo, hi, body = av
        if hi == 1:  # optional: a path with the body and one without
            return [[], *self.paths(body)] if lo == 0 else self.paths(body)
        if lo == hi:  # a fixed count: the body that many times (a short count only)
            if lo > 16:
                self.check_body(body, "a long fixed repeat")
                return [[_Var(self.all_chars(body), lo, op is _c.POSSESSIVE_REPEAT, "{n}")]]
            out: list[list[_Var | _Char]] = [[]]
            for _ in range(lo):
                out = [p + q for p in out for q in self.paths(body)]
                if len(out) > MAX_PATHS:
                    raise self.refuse(f"too many paths to check (over {MAX_PATHS})")
            return out
        self.check_body(body, "a repeat")
        text = "*" if lo == 0 and hi == _MAXREPEAT else "+" if hi == _MAXREPEAT else "{m,n}"
        width = _parser.SubPattern(_parser.State(), body).getwidth()[0]
        return [[_Var(self.all_chars(body), lo * width, op is _c.POSSESSIVE_REPEAT, text)]]

    def check_path(self, path: list[_Var | _Char]) -> None:
        for i, item in enumerate(path):
            if not isinstance(item, _Var) or item.possessive:
                continue
            for later in path[i + 1 :]:
                if isinstance(later, _Char):
                    if not later.chars & item.chars:
                        break  # the first repeat cannot run past this character
                    continue
                if later.chars & item.chars:
                    raise self.refuse(
                        "two repeats can match the same characters one after the other "
                        f"(a {item.text} followed by a {later.text} with nothing between them "
                        "that the first cannot match), so they can split the text in many "
                        "ways"
                    )
                if later.min > 0:
                    break  # it needs a character the first repeat cannot match


def _in_category(category: Any, c: str) -> bool:
    c_ = _c
    if category in (c_.CATEGORY_DIGIT, c_.CATEGORY_UNI_DIGIT):
        return c.isdecimal()
    if category in (c_.CATEGORY_NOT_DIGIT, c_.CATEGORY_UNI_NOT_DIGIT):
        return not c.isdecimal()
    if category in (c_.CATEGORY_SPACE, c_.CATEGORY_UNI_SPACE):
        return c.isspace()
    if category in (c_.CATEGORY_NOT_SPACE, c_.CATEGORY_UNI_NOT_SPACE):
        return not c.isspace()
    if category in (c_.CATEGORY_WORD, c_.CATEGORY_UNI_WORD, c_.CATEGORY_LOC_WORD):
        return c.isalnum() or c == "_"
    if category in (c_.CATEGORY_NOT_WORD, c_.CATEGORY_UNI_NOT_WORD, c_.CATEGORY_LOC_NOT_WORD):
        return not (c.isalnum() or c == "_")
    if category in (c_.CATEGORY_LINEBREAK, c_.CATEGORY_UNI_LINEBREAK):
        return c == "\n"
    return True  # anything else: assume it matches (conservative)


_HINT = (
    "make the repeats next to each other match different characters (e.g. '\\s*(\\S.*)' "
    "instead of '\\s*(.*)', '[\\d,]+' instead of '(\\d+,?)+'), or make the first one "
    "possessive ('\\s*+')"
)


def check_pattern(pattern: str, flags: int = 0) -> None:
    """Raise :class:`UnsafePattern` when ``pattern`` can backtrack beyond linear time.

    Example:
        >>> check_pattern(r"Answer: (?P<answer>-?[\\d,]+(?:\\.\\d+)?)$")
        >>> check_pattern(r"Answer: (?P<answer>(\\d+,?)+)$")
        Traceback (most recent call last):
        rftkit.rewards.safe_regex.UnsafePattern: a repeat: the repeated part has no fixed \
length, so the repeat can split the same text in many ways (nested quantifiers such as \
(\\d+,?)+ or (a*)*)

    Raises:
        UnsafePattern: the pattern may take super-linear time on some text.
        re.error: the pattern does not compile.
    """
    parsed = _parser.parse(pattern, flags)
    analyser = _Analyser(pattern, flags | parsed.state.flags)
    analyser.collect(parsed.data)
    for path in analyser.paths(parsed.data):
        analyser.check_path(path)


HINT = _HINT
"""What to tell a user whose pattern was refused."""
