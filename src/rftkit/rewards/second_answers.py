"""Second answers beside the one a final sentence states: hedges in words, restatements.

Helpers of :mod:`rftkit.rewards.extract` (its ``final_sentence`` and ``last_number`` rules).
Standard library only: this module ships inside every reward Lambda (no typing at run time).
"""

from __future__ import annotations

import re

from rftkit.rewards.clock_times import same_measure
from rftkit.rewards.equations import (
    _leading_expression,
    _trailing_expression,
    drop_units,
    parse_answer,
)
from rftkit.rewards.number_words import counts_in_words
from rftkit.rewards.numbers import Number, Token, clean_latex, numbers_equal, scan
from rftkit.rewards.sentences import drop_modifiers, is_hedge

__all__ = [
    "misstated",
    "multiplier",
    "other_value",
    "restated",
    "restated_in_equation",
    "restates",
    "restating_remark",
    "second_in_words",
]

_MAX_EQUALS = 16  # "=" signs looked at per sentence (equations.equations_hold's bound)
_REACH = 40  # characters before an "=" that may hold a restating clause and its arithmetic
# The restating clauses of restates that "i.e" and " or " do not find.
_PHRASES = (
    *("which is", "which equals", "which would", "which makes", "which means"),
    *("which comes", "that is"),
)


_RESTATING = ("which", "i.e", "that is")  # the reader's probe for a restating clause


def other_value(answer: Number | None, text: str | None, tokens: list[Token]) -> bool:
    """Does any of ``tokens`` hold a value other than the answer (``answer``, or the value
    of its text ``text`` when it has none)?"""
    if answer is None:
        answer = parse_answer(text or "").number
    for tok in tokens:
        if answer is None or tok.number is None or not numbers_equal(tok.number, answer):
            return True
    return False


def second_in_words(answer: Number | None, text: str | None, sentence: str) -> bool:
    """Does ``sentence`` state a second answer beside the one read from it?

    A number in words joined to a number in digits by ``or`` (a hedge gap,
    :func:`sentences.is_hedge`) with another value (``72 or seventy-three``), or a clause
    that restates the answer as another number, written as it is (:func:`restated`)
    or through arithmetic (:func:`restated_in_equation`).
    """
    if "(" in sentence:  # "She makes eighteen (20) dollars." (misstated)
        if misstated(sentence):
            return True
        if " or" not in sentence and not any(w in sentence for w in _RESTATING):
            return False  # restated's own probes (" or", not " or ": "18 or0("): none holds
    if answer is not None and (
        restated(sentence, answer) or ("=" in sentence and restated_in_equation(sentence, answer))
    ):
        return True
    s = clean_latex(sentence)
    if "or" not in s:
        return False  # every hedge gap below holds "or": no number in words to read
    said = counts_in_words(s)
    if not said:
        return False
    digits = scan(s)
    for w in said:
        for d in digits:
            gap = s[d.end : w.start] if d.end <= w.start else s[w.end : d.start]
            if "or" in gap and is_hedge(gap) and other_value(answer, text, [w]):
                return True
    return False


def restated_in_equation(sentence: str, number: Number) -> bool:
    """Does a restating clause in ``sentence`` restate a number through arithmetic, as
    another value, with ``number`` one of the two?

    ``She makes 18 per day, which is 18 * 7 = 126 per week.`` restates 18 as 126 just as
    ``18 per day, which is 126 per week`` does (:func:`restated`): a restating
    clause (:func:`restates`) right after a number, then arithmetic and ``=``,
    offers the number before the clause and the arithmetic's result as two answers, when
    the arithmetic converts that number to another unit: it only multiplies and divides,
    the number is one of its operands, and another is a factor the sentence did not state
    before the clause (``7`` in ``18 * 7``). Not when the arithmetic adds or subtracts (``18
    miles more, which is 18+21 = 39 miles``: a total), only combines numbers the sentence
    stated before (``9 eggs at $2, which is 9 * 2 = 18 dollars``, ``$200 for 5 days, which
    is $200/5 = $40``), does not use the number before the clause, or that number is taken
    a part of (``a fourth of 8 oranges, which is 8*(1/4) = 2``): then the clause computes its
    answer, as ``She makes 9 * 2 = 18 dollars.`` does. A factor is no value (``44 times the
    weight of the Papillon, or 5*44=220``). Read without the prices and sizes that describe a count
    (:func:`sentences.drop_modifiers`) and the unit words inside arithmetic
    (:func:`equations.drop_units`: ``7 days * 18``); a bracketed remark is read apart, as
    :func:`restated` reads it. At most 16 ``=`` signs, each side read once.
    """
    k = sentence.find("=")
    while k != -1:  # first, a restating clause shortly before some "=" (most hold none)
        if _restating_window(sentence[max(0, k - _REACH) : k].lower()):
            break
        k = sentence.find("=", k + 1)
    if k == -1:
        return False
    s = drop_units(clean_latex(drop_modifiers(sentence)))
    eq = s.find("=")
    seen = 0
    while eq != -1 and seen < _MAX_EQUALS:
        seen += 1
        left = _trailing_expression(s[:eq])
        start = eq - len(left)
        if left and restates(s[:start]):
            before = scan(s[:start])
            after = scan(_leading_expression(s[eq + 1 :]), 1)
            if before and after:
                a, b = before[-1].number, after[0].number
                gap = s[before[-1].end : start]
                if (
                    a is not None
                    and b is not None
                    and "(" not in gap
                    and "=" not in gap
                    and not multiplier(gap)
                    and not numbers_equal(a, b)
                    and (numbers_equal(a, number) or numbers_equal(b, number))
                    and _scaling(left)
                    and not s[: before[-1].start].rstrip(" ").endswith(" of")
                    and _converts(a, scan(left), before)
                ):
                    return True
        eq = s.find("=", eq + 1)
    return False


def _restating_window(w: str) -> bool:
    """Does ``w`` (lower case) hold a restating clause: ``i.e``, `` or `` or one of
    :data:`_PHRASES`? What every phrase holds (``which``, ``that is``) is tested first:
    most windows hold none (tests/unit/test_statement_checks_parity.py)."""
    return (
        "i.e" in w
        or " or " in w
        or (("which " in w or "that is" in w) and any(p in w for p in _PHRASES))
    )


def _scaling(arithmetic: str) -> bool:
    """Does ``arithmetic`` only multiply and divide (``18 * 7``, ``126 / 7``, ``18 x 7``)?"""
    ops = arithmetic.translate(_NOT_OPERATORS)
    return bool(ops) and not ops.strip(_SCALING)


_SCALING = "*xX/\u00d7\u00f7\u00b7()"
# Deletes what stands between operators (digits, signs, points, commas, spaces): what is
# left of a side of an equation is its operators and brackets.
_NOT_OPERATORS = str.maketrans("", "", "0123456789$.,% \t")


def _converts(number: Number, operands: list[Token], stated: list[Token]) -> bool:
    """Is ``number`` one of the ``operands``, and another of them a factor that the
    ``stated`` numbers do not hold (``18 * 7`` after ``18 per day``; not ``9 * 2`` after
    ``9 eggs at $2``, nor ``3 * 4`` after ``2 bags``)?"""
    used = False
    new = False
    for op in operands:
        if op.number is None:
            return False
        if not used and numbers_equal(op.number, number):
            used = True
            continue
        for tok in stated:
            if tok.number is not None and numbers_equal(tok.number, op.number):
                break
        else:
            new = True
    return used and new


# -- a clause that restates the answer as another number ------------------------------------


def restated(sentence: str, number: Number) -> bool:
    """Is ``number`` one of two different numbers joined by a clause that restates the
    first as the second (:func:`restates`), in ``sentence`` as written?

    ``She makes 18 dollars per day, which is 126 per week.`` answers 126 and restates 18:
    two answers, one per unit, as ``18 or 126`` is (the factor between the units holds:
    :mod:`.conversions` reads the sentence as one value). Read after the sentence's last ``=``
    (``which is $200/5 = $40`` restates nothing: ``200/5`` is arithmetic), without the
    prices and sizes that describe a count (:func:`drop_modifiers`: ``2 $10 bills, or 10``
    restates 2, not $10), so it reads every sentence as dropping them first does. One
    ``in`` test per restating word first: most sentences hold none.
    """
    if not (" or" in sentence or "which" in sentence or "i.e" in sentence or "that is" in sentence):
        return False
    s = clean_latex(drop_modifiers(sentence))
    s = s[s.rfind("=") + 1 :]  # after the last "=" (its left side is arithmetic, not a value)
    tokens = scan(s)
    for i in range(1, len(tokens)):
        a, b = tokens[i - 1], tokens[i]
        x, y = a.number, b.number
        if x is None or y is None or numbers_equal(x, y):
            continue
        gap = s[a.end : b.start]
        # A bracketed remark is read apart ("$18 daily (i.e., 9 * 2)": extract._statement),
        # and a factor is no value ("44 times the weight of the Papillon, or 220").
        if "(" in gap or not restates(gap) or multiplier(gap) or same_measure(s, a, b):
            continue  # ("1 hour and 20 minutes, which is 80 minutes": one quantity)
        if numbers_equal(x, number) or numbers_equal(y, number):
            return True
    return False


# The restating clauses, as they end right before the number: by their last eight letters
# (lower case), or their last three for the short ones; two set lookups, no pattern.
_RESTATING_LONG = frozenset(
    p[-8:]
    for p in (
        " which is",
        " which equals",
        " which would be",
        " which makes",
        " which means",
        " which comes to",
        " that is",
    )
)
_RESTATING_SHORT = frozenset(
    {" or", ",or", " Or", " OR", "or", "Or", "OR", "i.e", ".e.", "e.,", "I.E", ".E."}
)
_TRAILING = " \t$\\"  # spaces, and a currency sign before the number


def restates(gap: str) -> bool:
    """Does ``gap`` end with a clause that restates the number before it as the next one?

    ``, which is``, ``which equals``, ``which would be``, ``which makes``, ``which means``,
    ``which comes to``, ``that is``, ``i.e.`` or ``or``, right before the next number (a
    currency sign may stand between): ``She makes 18 dollars per day, which is 126 per
    week.`` states two answers, one per unit, as ``18 or 126`` does. A rounding is no
    restatement (``16.66%, which rounds to 17%``, ``which is about 17``): it ends
    otherwise, and the rounded number is the answer.

    Example:
        >>> restates(" dollars per day, which is "), restates(", so the total is ")
        (True, False)
    """
    t = gap.rstrip(_TRAILING)
    return t[-3:] in _RESTATING_SHORT or t[-8:].lower() in _RESTATING_LONG


def multiplier(gap: str) -> bool:
    """Does ``gap`` (the text after a number) make that number a factor: ``44 times``?"""
    return gap[:7].lstrip(" ").lower().startswith("times")


def _ends_with(tokens: list[Token], text: str) -> Number | None:
    """The value of the last of ``tokens`` when at most two words (a unit) follow it to the
    end of ``text``, else None."""
    if not tokens or tokens[-1].number is None:
        return None
    gap = text[tokens[-1].end :].split()
    return tokens[-1].number if len(gap) <= 2 and all(w.isalpha() for w in gap) else None


def misstated(sentence: str) -> bool:
    """Does ``sentence`` restate a number in brackets right after it with another value, a
    number in words and one in digits (``She makes eighteen (20) dollars.``, ``eighteen
    dollars (20)``, ``18 (twenty) dollars``)? Then it states two values: several answers
    (:func:`second_in_words`). The same value (``eighteen (18)``) is one.

    Example:
        >>> misstated("She makes eighteen (20) dollars."), misstated("eighteen (18) eggs")
        (True, False)
        >>> misstated("She makes 18 (twenty) dollars."), misstated("She sells 9 (of 16) eggs.")
        (True, False)
    """
    k = sentence.find("(")
    for _ in range(4):  # bounded: at most four brackets looked at
        if k == -1:
            return False
        close = sentence.find(")", k)
        if close == -1:
            return False
        inner = sentence[k + 1 : close].strip()
        # Only a value alone (digits, or words: "twenty-one") after a word or a number is
        # a restatement; the rest ("(16 - 3 - 4)", "(9 x $2)", "(of 16)", "19(2)") is
        # looked at no further.
        if (
            0 < len(inner) <= 24
            and sentence[k - 2 : k].strip()[-1:].isalnum()
            and (
                (
                    inner.lstrip("$").replace(",", "").replace(".", "").isdigit()
                    and sentence[k - 1 : k] == " "
                )
                or inner.replace("-", "").replace(" ", "").isalpha()
            )
        ):
            # The number restated ends at most two words before the bracket: its last 40
            # characters hold it (number_words reads the whole text it is given).
            inner, before = clean_latex(inner), clean_latex(sentence[max(0, k - 40) : k]).rstrip()
            digits = scan(inner)
            if len(digits) == 1 and not any(c.isalpha() for c in inner):
                # "eighteen (20) dollars", and since session 14 "18 (20) dollars" (digits)
                said = _ends_with(counts_in_words(before), before) or _ends_with(
                    scan(before), before
                )
                own = digits[0].number
            else:
                spelled = counts_in_words(inner)
                own = spelled[0].number if len(spelled) == 1 else None
                said = _ends_with(scan(before), before) if own is not None else None
                if own is not None and inner[: spelled[0].start].strip(" $") != "":
                    own = None  # "(of 16)": words before the number
            if said is not None and own is not None and not numbers_equal(said, own):
                return True
        k = sentence.find("(", close)
    return False


_RESTATING_REMARK: list[re.Pattern[str]] = []
_UNITLESS = frozenset({"", "per", "a", "an", "each", "every", "in", "total", "for", "of"})


def _unit(text: str, tok: Token) -> str:
    """The unit of the number ``tok`` of ``text``: ``$`` after a currency sign or before
    ``dollars``, else the next word without a plural ``s``, else ``""``."""
    end = tok.end
    if any(c in text[max(0, tok.start - 2) : end] for c in "$\u00a3\u20ac"):
        return "$"
    if text[end - 1 : end + 1].find("%") != -1 or (tok.number is not None and tok.number.percent):
        return "%"
    word = text[end:].split(None, 1)[0].strip(".,;:!?)").lower() if text[end:].strip() else ""
    if word in ("dollar", "dollars", "usd", "bucks"):
        return "$"
    return "" if word in _UNITLESS or not word.isalpha() else word.removesuffix("s")


def restating_remark(before: str, remark: str, value: Number | None) -> bool:
    """Is a bracketed remark that closes a final sentence (``remark``: its text after
    ``(``; ``before``: the sentence before it) a restatement of the answer ``value`` as a
    value alone: a number, maybe after an approximation (``about``, ``approx.``,
    ``roughly``, ``~``, ``\u2248``) or ``i.e.``, with no unit or the answer's unit
    (``She makes 18 dollars (20).``, ``$18 (~$20)``, ``$18 (about 20 dollars)``)? The
    bracket stands right after the answer (at most two words between). The caller (the
    final-sentence reader) counts it as a second answer when its value is another one; a
    remark with another unit (``$18 (9 eggs)``, ``45 (90%)``) explains, and is no
    restatement (docs/graders.md, "A hedge after a connective, an interjection or a sign").

    Example:
        >>> from rftkit.rewards.numbers import Number
        >>> restating_remark("She makes 18 dollars ", "20).", Number(18, False))
        True
        >>> restating_remark("She makes $18 ", "9 eggs).", Number(18, False))
        False
    """
    close = remark.find(")")
    if close == -1 or close > 32 or value is None:
        return False
    if not _RESTATING_REMARK:
        _RESTATING_REMARK.append(
            re.compile(
                r"[ \t]*(?:(?:about|approx(?:imately|\.)?|roughly|around|nearly|almost|circa"
                r"|i\.?e\.?|that\s+is|so)[ \t]*[,:]?[ \t]*)?[~\u2248]?[ \t]*[$\u00a3\u20ac]?"
                r"[0-9][0-9,]{0,15}(?:\.[0-9]{1,8})?%?(?:[ \t]+[A-Za-z]{1,20})?[ \t]*",
                re.IGNORECASE,
            )
        )
    inner = remark[:close]
    if _RESTATING_REMARK[0].fullmatch(inner) is None:
        return False
    b = before.rstrip()
    tokens = scan(b)
    said = _ends_with(tokens, b)
    if said is None or not numbers_equal(said, value):
        return False  # the bracket restates no answer right before it
    own = scan(inner)
    if len(own) != 1:
        return False
    a, c = _unit(b, tokens[-1]), _unit(inner, own[-1])
    return not c or a == c or (not a and c not in ("$", "%"))
