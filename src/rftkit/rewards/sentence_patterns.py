"""A final sentence's common shapes, each read by one pattern: the verdict of the general
reading (``Extractor._tokens_reading``) without building its tokens.

:func:`one_equation` reads a sentence with one ``=`` (``... 20+25 = 45 napkins.``),
:func:`plain_tail` one whose last ``=`` is followed by one or two plain integers
(``= 72 clips.``), :func:`last_numbers` one with none that ends in one or two plain integers
(``... a total of 27 kilometers.``). Each returns None for any other sentence, which the
general reading then reads; tests/unit/test_extract_sentence_speed_parity.py and
tests/unit/test_extract_fast_paths.py hold them to it. Standard library
only: this module ships inside every reward Lambda (patterns compiled on first use).
"""

from __future__ import annotations

import re

from rftkit.rewards.equation_parts import GROUPS as _GROUPS
from rftkit.rewards.equations import (
    _NAMED,
    HEDGE_WORDS,
    _simple_value,
    equations_hold,
    single_equation_holds,
    spaced_name,
)
from rftkit.rewards.numbers import _fraction, has_digit
from rftkit.rewards.quantities import UNIT_FIRSTS as _UNIT_FIRSTS
from rftkit.rewards.quantities import compound_at
from rftkit.rewards.sentences import (
    _BARE_GAPS,
    _CLAUSE_BREAK,
    _DIGIT_SET,
    _OPERATION_PAD,
    _OPERATIONS,
    _PLAIN_INT,
    _PLAIN_TAIL,
    _RIGHT_AFTER,
    _after_name,
    _clause_break,
    _plain_tail,
    is_hedge,
    operation,
)

__all__ = ["last_numbers", "one_equation", "plain_tail"]


# -- one equation in a final sentence, read by one pattern ------------------------------------

_EXPR_NO_DIGIT = r" .,+\-*/xX\u00d7\u00f7\u00b7()\[\]$%^"  # equations._EXPR_CHARS_STR, no digit
_OPERAND = r"([1-9][0-9]{0,2}" + _GROUPS + r"|[1-9][0-9]{0,14})"  # as _SIMPLE_BINARY reads
_ONE_EQUATION: list[re.Pattern[str]] = []


def _one_equation() -> re.Pattern[str]:
    """A final sentence with one ``=``, its left side simple and its right side a result.

    The parts, as the general reading takes them (:func:`equations.single_equation_holds`
    and :func:`plain_tail`):

    * before the left side, any text without ``=``, ending in a character that is no
      arithmetic (not after ``\\times``/``\\cdot``, which the left side would step over);
      the engine can only place that end at the last such character before the ``=``,
      which is where ``_trailing_expression`` starts the left side;
    * the left side: spaces or commas, then one integer, one operation on two (groups 1-3)
      or a chain on plain integers (group 4), then spaces; or spaces alone (a label:
      ``Total = 72``). No operator, bracket or ``x`` may stand between the text before and
      the left side: there the left side may go on across a unit word (``225 fish / 3``,
      :func:`equations.drop_units`), which the general reading reads;
    * the right side: spaces and a plain integer (group 5) that nothing after it extends,
      followed by no arithmetic that ``_leading_expression`` would keep;
    * then text with no digit and no ``=`` (group 6), at most one more plain integer
      (group 7, not after a sign or a decimal point), and text with no digit and no ``=``.

    Linear: possessive repeats, each followed by what it cannot match, and the one
    backtracking repeat (the text before the left side) tries each position once. That
    text is an atomic group: once its end is found, a sentence that fails after it (``= 8
    fish, so the total is -2``) is not tried again with an earlier end, which would hold
    a character no left side holds (the same matches, a quarter of the cost of such a
    failure: tests/unit/test_extract_sentence_speed_parity.py).

    Each optional part is written as a choice with an empty branch (``(?:X|)``, not
    ``X?``), and thousands groups as :data:`equation_parts.GROUPS`: the same matches, tried in
    the same order, without the engine's counted repeat (its state allocated per try); a
    ninth fewer instructions per sentence (the same test holds it to the plain form).
    """
    if not _ONE_EQUATION:
        _ONE_EQUATION.append(
            re.compile(
                r"(?:(?>[^=]*[^=0-9" + _EXPR_NO_DIGIT + r"](?<!\\times)(?<!\\cdot))|)"
                r"(?:[, ]*+"
                + _OPERAND
                + r"(?:( {0,3}[-+*/x] {0,3})"
                + _OPERAND
                + r"|((?: {0,3}[-+*/x] {0,3}[1-9][0-9]{0,14}){2,8})|) *"
                r"| *+)"
                r"= *" + _PLAIN_INT + "(?=" + _RIGHT_AFTER + ")"
                r"([^0-9=]*+)(?:(?<![-.])" + _PLAIN_INT + r")?[^0-9=]*+\Z"
            )
        )
    return _ONE_EQUATION[0]


# Two ASCII letters that end no hedge word (in any case): a left side after a space and a
# word ending in them ("is 5 + 6", "of 20 + 35") follows no hedge word, without the split.
_HEDGE_ENDS = frozenset(w[-2:] for w in HEDGE_WORDS)
_NO_HEDGE_END = frozenset(
    a + b
    for a in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for b in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if (a + b).lower() not in _HEDGE_ENDS
)


def one_equation(s: str) -> tuple[int, int, str | None] | None:
    """``(answer, n_candidates, rejected)`` for a final sentence :func:`_one_equation` reads.

    The same verdict as the general reading of the sentence ``s`` (LaTeX already cleaned):
    the result of its one equation, or the later number when a new clause states it
    (``= 20 flowers, so the total is 23``); several answers when the two are joined by a
    hedge (``= 72 or 73``), or when the equation does not hold. None when ``s`` is not
    such a sentence.
    """
    # (The patterns' lists read here, and named_before inline: a call per sentence less.)
    m = (_ONE_EQUATION[0] if _ONE_EQUATION else _one_equation()).match(s)
    if m is None:
        return None
    a, op, b, chain, result, gap, later = m.groups()
    if (
        later is not None
        and s[k - 4 if (k := m.start(7)) > 4 else 0 : k] in _NAMED
        and spaced_name(s, k)
    ):
        return None  # "= 5, so the value is ln 2": the general reading decides
    value = int(result.replace(",", "") if "," in result else result)
    holds = True
    if a is not None:
        start = m.start(1)
        if chain is not None:
            if "," in a:
                return None  # not a chain _SIMPLE_EXPR reads: the general reader does
            lv = _simple_value(s[start : m.end(4)])
        else:
            x = int(a.replace(",", "") if "," in a else a)
            if op is None:
                lv = x
            else:
                y = int(b.replace(",", "") if "," in b else b)
                op = op.strip()
                if op == "+":
                    lv = x + y
                elif op == "-":
                    lv = x - y
                elif op == "/":
                    lv = x // y if x % y == 0 else _fraction()(x, y)
                else:
                    lv = x * y
        # Equal, or within the rounding of an integer result (10/3 = 3): two integers that
        # differ differ by 1 or more (no Fraction built for them).
        if lv != value and (
            type(lv) is int or abs(_fraction()(lv) - value) * 2 > 1  # type: ignore[arg-type]
        ):
            holds = False
        elif s[start - 1 : start] != " " or s[start - 3 : start - 1] not in _NO_HEDGE_END:
            words = s[:start].rsplit(None, 3)
            if (
                words
                and words[-1].strip(",;:()").casefold() in HEDGE_WORDS
                and any(has_digit(w) for w in words[-3:-1])
            ):
                holds = False  # "12 or 15 = 15": the left side is one of two answers
    if later is not None:
        other = int(later.replace(",", "") if "," in later else later)
        two = other != value and is_hedge(gap)
        # A smaller unit after it ("= 18 dollars and 50 cents"): one quantity in two units?
        # The general reading decides. A hedge gap holds no unit word ("$18 and 50 cents").
        if other < 1000 and (not two or gap in _BARE_GAPS):
            e = m.end(7)
            nxt = s[e + 1 : e + 2] if s[e : e + 1] == " " else s[e : e + 1]
            if nxt in _UNIT_FIRSTS and compound_at(s, m, 5, 7):
                return None
        # ", " is a clause break, and the gap that most later clauses open with: one memchr
        # before the search (", so the total is").
        if ", " in gap or (_CLAUSE_BREAK[0] if _CLAUSE_BREAK else _clause_break()).search(gap):
            value, other = other, value  # the later clause states the answer
        if two:
            return value, 2, "multiple_answers"
        if operation(gap):  # "= 5 times 3": an operation left undone (as plain_tail)
            return value, 1, "several_numbers"
    return value, 1, (None if holds else "multiple_answers")


# -- the last numbers of a sentence with no equation, read by one pattern ---------------------

_LAST_NUMBERS: list[re.Pattern[str]] = []
_OPENERS = frozenset("({[")  # a number right after one: the general reading decides


def _last_numbers() -> re.Pattern[str]:
    """A final sentence with no ``=`` ending in one or two plain integers and words.

    Either the sentence's only digits are one plain integer (group 3), or its last two
    numbers are plain integers (groups 1 and 3) with text between them (group 2) that holds
    no digit and no ``=``. Each integer is one that ``numbers.scan`` reads as written and
    on its own: ``_PLAIN_INT`` refuses what would extend it (decimals, thousands, fractions,
    powers, exponents, scale words, percent), and neither follows a sign, a decimal point,
    a digit group, a fraction bar, a power or an exponent mark. Linear: possessive repeats,
    and the one backtracking repeat (the text before the pair) tries each position once.
    """
    if not _LAST_NUMBERS:
        tail = _PLAIN_INT + r"([^0-9=]*+)(?<![-.,/^eE])"
        last = r"|[^0-9=]*+(?<![-.]))" + _PLAIN_INT + r"[^0-9=]*+\Z"
        # Walking back from the end to the last non-digit before the pair: linear.
        _LAST_NUMBERS.append(re.compile(r"(?:(?:[^=]*[^0-9.,\-/^eE=])?" + tail + last))
        # Walking forward over whole (text, number) pairs: about twice as fast on a short
        # sentence, but each skipped pair restarts the rest, so short sentences only.
        _LAST_NUMBERS.append(
            re.compile(r"(?:(?:[^0-9=]*+[0-9]++)*?[^0-9=]*+(?<![0-9.,\-/^eE])" + tail + last)
        )
    return _LAST_NUMBERS[0]


def _last_numbers_short() -> re.Pattern[str]:
    """:func:`_last_numbers` for a sentence of at most 200 characters (the same matches)."""
    if not _LAST_NUMBERS:
        _last_numbers()
    return _LAST_NUMBERS[1]


def last_numbers(s: str) -> tuple[int, int, str | None] | None:
    """``(answer, n_candidates, rejected)`` for a sentence :func:`_last_numbers` reads.

    The general reading's verdict on a sentence with no ``=`` (LaTeX already cleaned): its
    last number, unless the number before it is a different one joined to it by a hedge
    (``either 59 or 60``), which makes two answers. None when ``s`` is not such a sentence.
    """
    if not _LAST_NUMBERS:
        _last_numbers()
    m = _LAST_NUMBERS[1 if len(s) <= 200 else 0].match(s)  # _last_numbers_short's below 200
    if m is None:
        return None
    before, gap, last = m.groups()
    k = m.start(3)
    # (Three memchr calls first: most sentences hold no bracket, and then neither slice
    # can be an opener.)
    if ("(" in s or "[" in s or "{" in s) and (
        s[k - 1 : k] in _OPENERS
        or (before is not None and s[m.start(1) - 1 : m.start(1)] in _OPENERS)
    ):
        return None  # "/((59": a bracketed denominator or power (bound_number), or "(3)"
    if s[k - 4 if k > 4 else 0 : k] in _NAMED and spaced_name(s, k):  # named_before
        # "the value is ln 2": the general reading decides. The number before matters
        # only by its value (a hedge), which a name does not change.
        return None
    value = int(last.replace(",", "") if "," in last else last)
    if before is not None:
        k = m.start(1)
        if len(before) == 3 and s[k - 2 : k - 1] in _DIGIT_SET and s[k - 1] == " ":
            return None  # "18 126": a group of thousands (numbers.scan reads 18126)
        if len(gap) < 12 and gap.strip(_OPERATION_PAD) in _OPERATIONS:  # "48 + 24 clips"
            return value, 1, "several_numbers"
        other = int(before.replace(",", "") if "," in before else before)
        if other == value and not gap.strip(" ") and has_digit(s[: m.start(1)]):
            return None  # "3 to 10 $10 tickets": a count and its price; the general reading
        two = other != value and is_hedge(gap)
        if value < 1000 and (not two or gap in _BARE_GAPS):  # as in one_equation
            e = m.end(3)
            nxt = s[e + 1 : e + 2] if s[e : e + 1] == " " else s[e : e + 1]
            if nxt in _UNIT_FIRSTS and compound_at(s, m, 1, 3):
                return None
        if two:
            return value, 2, "multiple_answers"
    return value, 1, None


# -- the plain tail of a final sentence's last equation ---------------------------------------


def plain_tail(s: str, eq: int) -> tuple[int, int, str | None] | None:
    """``(answer, n_candidates, rejected)`` for a sentence ``s`` (LaTeX already cleaned)
    whose last ``=`` (at ``eq``) is followed by spaces, a plain integer (the result), at
    most one more plain integer and no other digit (``= 72 clips.``, ``= 11 desserts, so
    the total is 11.``): read exactly as the general reading (``Extractor._tokens_reading``)
    reads it, without building its tokens. None when ``s`` is not such a sentence.
    """
    m = (_PLAIN_TAIL[0] if _PLAIN_TAIL else _plain_tail()).match(s, eq + 1)
    if (
        m is None
        or has_digit(s[m.end() :])
        or (m.group(3) is not None and (compound_at(s, m, 1, 3) or _after_name(s, m.start(3))))
    ):
        return None
    result, gap, later = m.group(1, 2, 3)
    value = int(result.replace(",", "") if "," in result else result)
    if later is not None:
        other = int(later.replace(",", "") if "," in later else later)
        # A new clause between the two ("= 20 flowers, so the total is 23") states the
        # answer; the gap holds no digit, so this is where the general reading finds one
        # before the later number.
        if ", " in gap or (_CLAUSE_BREAK[0] if _CLAUSE_BREAK else _clause_break()).search(gap):
            value, other = other, value  # the later clause states the answer (as above)
        if other != value and is_hedge(gap):
            return value, 2, "multiple_answers"
        if operation(gap):  # "x = 5 + 4": an operation left undone
            return value, 1, "several_numbers"
    if not (
        single_equation_holds(s, eq, int(result.replace(",", "")), m.end(1))
        if s.find("=") == eq
        else equations_hold(s, False)
    ):
        return value, 1, "multiple_answers"
    return value, 1, None
