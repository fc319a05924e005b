"""An explanation after the answer: numbers that recompute it are no answer of their own.

Standard library only: this module ships inside every reward Lambda (no typing at run time,
its patterns compiled on first use).

Chat models often close a reply by saying where the answer comes from: ``She makes $18
every day by selling 9 eggs at $2 each.``, ``She makes $18 every day, from 9 eggs at $2
each.``, or in a sentence of its own after the answer: ``She makes $18 every day. That's 9
eggs at $2 apiece.``, ``... This is because she sells 9 eggs at $2 each.`` The final
sentence's last number (2) is then no answer: the numbers after the answer are its factors.

:func:`explained` reads such a final sentence by the number it explains:

* **in the sentence**: a number followed by two to four numbers, and nothing else with a
  digit, whose product is that number, each of them at least 2 (``$18 ... 9 eggs at $2``;
  ``18 ... 2 boxes of 3 and 3`` is no product of 18); the sentence is read up to that number
  (its hedges and equations as before). Text between the number and the first factor must
  not conclude (``so``, ``total``, ``left``, ``which means``, ...): ``She has 18 eggs, so 9
  boxes of 2 ...`` keeps its reading;
* **after the sentence**: a final sentence of two to four numbers whose product is the number
  the sentence before it states (read as that sentence is read alone, accepted), each at
  least 2, or whose sum is, when it opens as an explanation (``This is because``, ``That
  comes from``, ``That's``, ``i.e.``, ...): the sentence before is the reply's answer.

Never on a sentence with ``=`` (the result of an equation is read as before), a hedge or
relating word (``or``, ``not``, ``n't``, ``either``, ``between``, ``instead``, ``rather``,
``than``, ``about``, ``around``, ``approximately``, ``roughly``, ``~``) or a number that is
not one plain value; a number 0 or 1 is no factor (``2 boxes of 1`` explains anything).
The answer read is always a number the reply states as its answer, never a factor: a hedge
cannot become a payment (a hedged sentence is not read here), and a reply that states 18 and
explains it as 9 x 2 is read 18 whatever the reference is.

Cost: one ``"=" in sentence`` test and one search for two numbers per final sentence; only
a sentence with two or more numbers and no ``=`` is scanned.
"""

from __future__ import annotations

import re

from rftkit.rewards.describing import FLAG as DESCRIBED
from rftkit.rewards.equations import evaluate_expression
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import clean_latex, has_digit, scan
from rftkit.rewards.quantities import compound_near
from rftkit.rewards.sentences import _CONCLUSIONS as _LATER_CONCLUSIONS
from rftkit.rewards.sentences import _sentence_start, is_hedge

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "REASON_REACH", "computed", "computing", "explained", "source_start"]

FLAG: Final = "explanation"
"""The flag of an answer read before an explanation of it."""

_TWO_NUMBERS: list[re.Pattern[str]] = []
_SIGNS_RX: list[re.Pattern[str]] = []
_WORDS = str.maketrans({c: " " for c in ",.;:!?()[]{}\"'`*_"})
# A word that offers a second value or relates numbers: the sentence is read as before.
_HEDGING = frozenset(
    {
        "or", "nor", "not", "either", "between", "instead", "rather", "than", "about",
        "around", "approximately", "roughly", "maybe", "perhaps", "plus", "minus", "times",
        "divided", "equals", "equal", "x", "multiplied",
    }
)  # fmt: skip
# Words between an answer and the numbers after it that conclude: those numbers may state
# the answer ("She has 18 eggs, so 9 boxes of 2" reads as before).
_CONCLUDING = frozenset(
    {
        "so", "thus", "therefore", "hence", "means", "leaves", "leaving", "left", "remain",
        "remains", "remaining", "gives", "makes", "making", "result", "answer", "final",
        "then", "now",
    }
)  # fmt: skip
# How a sentence that concludes opens: never an explanation of the sentence before it.
_CONCLUSIONS = (*_LATER_CONCLUSIONS, "in all", "total", "the answer", "answer")
# How a sentence that explains the one before it opens (lower case, markup stripped).
_OPENERS = (
    "this is because",
    "that is because",
    "that's because",
    "because",
    "this comes from",
    "that comes from",
    "this is from",
    "that's from",
    "that is",
    "that's",
    "this is",
    "i.e.",
    "in other words",
)


def _arithmetic(s: str) -> bool:
    """An arithmetic sign, a tilde, a power or a percent sign anywhere in ``s``."""
    if not _SIGNS_RX:
        _SIGNS_RX.append(re.compile("[+*/\u00d7\u00f7\u00b7~^%\u2212-]"))
    return _SIGNS_RX[0].search(s) is not None


def _values(s: str) -> tuple[list[Any], list[Any]] | None:
    """The sentence's tokens and their values, or None when one is not a plain number."""
    tokens = scan(s)
    values = []
    for t in tokens:
        number = t.number
        if number is None or number.percent:
            return None
        values.append(number.value)
    return tokens, values


def _product(values: list[Any]) -> Any:
    out = 1
    for v in values:
        if -1 <= v <= 1:
            return None  # 0, 1 or a fraction of one explains anything: no factor
        out *= v
    return out


def explained(
    ex: Extractor, found: Extraction | None, sentence: str, body: str, flags: list[str]
) -> Extraction | None:
    """``found`` (the reading of the final ``sentence`` of ``body``), or the answer the
    sentence explains (see the module's policy), flagged :data:`FLAG`."""
    if found is None or "=" in sentence:
        return found
    if (sentence[:4] in _OPENING or sentence[:1] in "*_") and body:
        lead = sentence.lstrip(" \t*_#>-(")[:24].lower()
        if lead.startswith(_OPENERS) and (again := _recomputed(ex, sentence, body, flags)):
            return again  # "So he has 20 apples left. That is 100 minus 80."
    if found.rejected is not None:
        return found
    if DESCRIBED in found.flags:
        return found  # its main clause states it ("..., which is the cost of 9 eggs")
    if not _TWO_NUMBERS:  # a digit, a non-digit, a digit: linear (the classes are disjoint)
        _TWO_NUMBERS.append(re.compile(r"[0-9][^0-9]+[0-9]"))
    if _TWO_NUMBERS[0].search(sentence) is None:
        return found
    s = clean_latex(sentence)
    words = s.lower().translate(_WORDS).split()
    if not _HEDGING.isdisjoint(words) or _arithmetic(s) or "n't" in s:
        return found  # a hedge, or arithmetic: "40 eggs / 10 eggs each week ... 4 weeks"
    read = _values(s)
    if read is None:
        return found
    tokens, values = read
    n = len(values)
    if "cent" in s or any(compound_near(s, tokens, j) for j in range(0, n, 2)):
        return found  # "3 dollars and 3 cents", "2 hours 30 minutes": one quantity
    for i in range(max(0, n - 5), n - 2):
        answer = values[i]
        raw = s[tokens[i].end : tokens[i + 1].start]
        gap = raw.lower().translate(_WORDS).split()
        if _product(values[i + 1 :]) == answer and _CONCLUDING.isdisjoint(gap):
            if is_hedge(raw):
                return found  # "$256, $16 within 16 weeks": two values offered, no factors
            head = s[: tokens[i].end] + "."
            inner = ex._statement("final_sentence", head, True, list(flags))
            if (
                inner is not None
                and inner.rejected is None
                and inner.number is not None
                and inner.number.value == answer
            ):
                return _flagged(inner)
            return found
    if not 2 <= n <= 4 or not body:
        return found
    # The sentence before: does it state the number these explain?
    k = len(body) - len(sentence)
    before = body[:k].rstrip()
    if not before or before[-1] not in ".!":
        return found
    lead = s.lstrip(" \t*_#>-(").lower()
    if lead.startswith(_CONCLUSIONS):
        return found  # "So she makes 3 dollars and 3 cents.": a conclusion, no explanation
    explains = {_product(values)}
    if lead.startswith(_OPENERS):
        explains.add(sum(values))
    explains.discard(None)
    end = len(before.rstrip(".!"))
    prev = before[_sentence_start(before, end) :]
    if not any(_written(v, prev) for v in explains):
        return found  # the sentence before does not write what these recompute (cheap)
    inner = ex._statement("final_sentence", prev, True, list(flags))
    if inner is None or inner.rejected is not None or inner.number is None:
        return found
    stated = inner.number.value
    if stated in values:
        return found  # the sentence restates the answer: read as it is
    if stated in explains:
        return _flagged(inner)
    return found


# The first four characters of each of _OPENERS, in either case of its first letter (a
# sentence in Markdown emphasis is looked at more closely).
_OPENING = frozenset({o[:4] for o in _OPENERS} | {o[:1].upper() + o[1:4] for o in _OPENERS})


def _recomputed(ex: Extractor, sentence: str, body: str, flags: list[str]) -> Extraction | None:
    """The reading of the sentence before ``sentence`` (the final sentence of ``body``),
    flagged :data:`FLAG`, when ``sentence`` opens as an explanation (:data:`_OPENERS`) and
    the rest is an arithmetic expression (:func:`_expression`) whose value that sentence
    states as its answer (``So he has 20 apples left. That is 100 minus 80.``); else None."""
    s = clean_latex(sentence).strip().lstrip(" \t*_#>-(")
    low = s.lower()
    for opener in _OPENERS:
        if low.startswith(opener):
            break
    rest = s[len(opener) :].strip(" ,:").rstrip(" .!)*_")
    read = _expression(rest) if rest else None
    if read is None:
        return None
    value = evaluate_expression(read[0])
    if value is None:
        return None
    k = len(body) - len(sentence)
    before = body[:k].rstrip()
    if not before or before[-1] not in ".!":
        return None
    end = len(before.rstrip(".!"))
    prev = before[_sentence_start(before, end) :]
    if not _written(value, prev):
        return None
    inner = ex._statement("final_sentence", prev, True, list(flags))
    if (
        inner is None
        or inner.rejected is not None
        or inner.number is None
        or inner.number.value != value
    ):
        return None
    return _flagged(inner)


def _written(value: Any, text: str) -> bool:
    """Can ``text`` hold ``value``? An integer's digits (or its digit groups) must be in it:
    a necessary test before the sentence is read; any other value may be."""
    if type(value) is not int:
        return True
    return str(value) in text or (value >= 1000 and f"{value:,}" in text)


def _flagged(found: Extraction) -> Extraction:
    return tuple.__new__(type(found), (*found[:4], (*found.flags, FLAG), *found[5:]))


# -- how the answer was computed, and where it was taken from, in its own sentence ----------
#
# ``The total is 20, i.e. 100 minus 80.``: a clause that restates the answer as the
# arithmetic that computed it (in words or signs) offers no answer (:func:`computed`).
# ``She has 20 apples left from the original 100.``: a phrase naming the quantity the
# answer was taken from is no answer either (:func:`source_start`). Both are read by
# :func:`checks_after.unreasoned`, after the cheap probes there.

# What opens a clause that restates the answer as its computation (a dash too).
_COMPUTING = (
    ", i.e.,",
    ", i.e.",
    " (i.e.",
    " i.e.",
    ", that is,",
    ", that is",
    ", that's",
    ", namely",
    ", meaning",
    ", which is",
    ", which equals",
    " \u2014 that is",
    " \u2014 that's",
    " \u2014 ",
)
_OPERATOR_WORDS = (
    (" multiplied by ", " * "),
    (" divided by ", " / "),
    (" minus ", " - "),
    (" plus ", " + "),
    (" times ", " * "),
)
_OPERATOR_SIGNS = "+-*/x\u00d7\u00f7\u2212"
_LETTERS: list[re.Pattern[str]] = []
# Words that hedge or relate: a clause holding one is read as before.
_NOT_COMPUTING = frozenset(
    {
        "or", "nor", "not", "either", "about", "around", "approximately", "roughly", "maybe",
        "perhaps", "than", "instead", "rather", "so", "thus", "therefore", "per", "each",
        "of", "and", "is", "are", "was", "were", "left", "total", "answer",
    }
)  # fmt: skip


def _expression(text: str) -> tuple[str, int] | None:
    """``text`` as an arithmetic expression (operator words as signs, at most four other
    words dropped: units, ``$``), and how many numbers it holds; None when it holds a
    hedge or relating word, an ``=``, fewer than two numbers or no operator."""
    if "=" in text or "%" in text:
        return None
    expr = f" {text} "
    for word, sign in _OPERATOR_WORDS:
        if word in expr:
            expr = expr.replace(word, sign)
    if not _LETTERS:  # a word (a lone "x" is a times sign)
        _LETTERS.append(re.compile(r"(?<![A-Za-z])(?!x(?![A-Za-z]))[A-Za-z][A-Za-z']*"))
    words = _LETTERS[0].findall(expr)
    if len(words) > 4 or not _NOT_COMPUTING.isdisjoint(w.lower() for w in words):
        return None
    if words:
        expr = _LETTERS[0].sub(" ", expr)
    tokens = scan(expr)
    if len(tokens) < 2 or any(t.number is None for t in tokens):
        return None
    if not any(c in _OPERATOR_SIGNS for c in expr[tokens[0].end : tokens[-1].start]):
        return None  # "100 80": no computation
    return expr.strip(), len(tokens)


def computing(tail: str) -> bool:
    """Can ``tail`` hold an arithmetic expression (:func:`computed`; the caller's probe)?"""
    return (
        "-" in tail
        or "+" in tail
        or "*" in tail
        or "/" in tail
        or " x " in tail
        or "minus" in tail
        or "plus" in tail
        or "times" in tail
        or " by " in tail
        or not tail.isascii()
    )


def computed(sentence: str) -> str:
    """``sentence`` without a clause that restates its answer as the computation of it.

    After ``, i.e.``, ``, that is``, ``, namely``, ``, meaning``, ``, which is`` or a dash,
    a clause that is an arithmetic expression (signs or ``plus``, ``minus``, ``times``,
    ``divided by``, ``multiplied by``; units and ``$`` beside its numbers) whose value is the
    number just before the clause explains that number: ``The total is 20, i.e. 100 minus
    80.`` reads as ``The total is 20.`` The other way round, an expression right before
    the opener and one number after it whose value that is, the number is the answer: ``So
    he has 100 minus 80, i.e. 20 apples.`` reads as ``So he has 20 apples.``

    Anything else is returned as it is: an ``=`` (a restated equation), a percent, a hedge
    or relating word (``or``, ``about``, ``than``, ``so``, ``per``, ...), a clause whose
    value is another number (``20, i.e. 100 - 70``: read as before), another clause after
    it (a comma), a number that is not one plain value.

    Example:
        >>> computed("The total is 20, i.e. 100 minus 80.")
        'The total is 20.'
        >>> computed("So he has 100 - 80, i.e. 20 apples.")
        'So he has 20 apples.'
    """
    if "=" in sentence:
        return sentence
    lo = max(0, len(sentence) - REASON_REACH)  # (the caller's probe reads that far)
    for opener in _COMPUTING:
        k = sentence.find(opener, lo)
        if k != -1:
            break
    else:
        return sentence
    head = clean_latex(sentence[:k])
    rest = sentence[k + len(opener) :]
    clause = clean_latex(rest).strip().rstrip(".!)").strip()
    if "," in clause or ";" in clause or not clause:
        return sentence
    said = scan(head)
    read = _expression(clause)
    if read is not None:  # "20, i.e. 100 minus 80"
        if not said and not has_digit(head):
            said = number_words(head[-40:])  # "He has twenty apples left, i.e. ..."
        if not said or said[-1].number is None or said[-1].number.percent:
            return sentence
        if said[-1].end >= len(head.rstrip()) - 40 and evaluate_expression(read[0]) == (
            said[-1].number.value
        ):
            return sentence[:k] + "."
        return sentence
    if not said or said[-1].number is None or said[-1].number.percent:
        return sentence
    # "100 minus 80, i.e. 20 apples": the expression that ends the head, one number after.
    stated = scan(clause)
    if len(stated) != 1 or stated[0].number is None or stated[0].number.percent:
        return sentence
    if head[said[-1].end :].strip(" \t*_$"):
        return sentence  # words after the expression: not its end
    i = len(said) - 1
    while i > 0 and (e := _expression(head[said[i - 1].start : said[-1].end])) is not None:
        if evaluate_expression(e[0]) is None:
            break  # "3 apples to 100 minus 80": no expression
        i -= 1
    if i == len(said) - 1:
        return sentence
    start = said[i].start
    if start and head[start - 1] == "$":
        start -= 1
    read = _expression(head[start : said[-1].end])
    if read is None or evaluate_expression(read[0]) != stated[0].number.value:
        return sentence
    return head[:start] + rest.lstrip()


# Words that may open the phrase naming where the answer was taken from ("from the
# original 100", "of her 100"); "of" needs an owner (a partitive: "3 of the 12 cookies").
_SOURCE_LEADS = frozenset(
    {
        "the", "her", "his", "their", "its", "our", "my", "your", "those", "these", "original",
        "initial", "starting", "first", "remaining", "entire", "whole", "same",
    }
)  # fmt: skip
_OWNERS = frozenset({"the", "her", "his", "their", "its", "our", "my", "your", "those", "these"})
# Words between the answer and "from" / "of" (or after the quantity) that make the phrase
# something else: a rate ("$2 per egg"), a share ("each of"), a range ("from 100 to 80"),
# arithmetic ("take 80 away from 100"), a comparison ("20 more", "out of"), a new clause.
_NOT_SOURCE = frozenset(
    {
        "each", "per", "times", "more", "less", "fewer", "than", "out", "all", "both",
        "rest", "most", "half", "third", "quarter", "percent", "to", "and", "or", "not",
        "instead", "away", "up", "down", "so", "is", "are", "was", "were", "total", "sum",
        "which", "that", "if", "but", "because", "since", "after", "before", "then", "of",
        "from", "in", "for", "at", "by", "with", "on",
    }
)  # fmt: skip
# After the quantity: a unit and a short relative clause ("the 100 he started with").
_NOT_AFTER = _NOT_SOURCE - {"with", "at", "in", "on", "for", "by", "from", "of"}
_OF_TOTAL = (" from a total", " from the total")
_CONCLUDING_ING = frozenset({"leaving", "remaining", "making", "having", "totaling", "giving"})
_PERIODS = frozenset({"day", "week", "month", "year", "hour", "minute", "night"})
_TAKING = frozenset(
    {
        "subtract", "subtracts", "subtracted", "subtracting", "take", "takes", "took",
        "taking", "taken", "deduct", "deducts", "deducted", "deducting", "remove", "removes",
        "removed", "removing", "minus", "less", "from", "of",
    }
)  # fmt: skip


def source_start(s: str, end: int) -> tuple[int, Any]:
    """Where a phrase naming the quantity the answer was taken from starts, when it ends
    ``s[:end]``, and that quantity's value; ``(-1, None)`` when there is none.

    ``She has 20 apples left from the original 100.``, ``... left of her 100.``, ``Janet
    earns $18 from 9 eggs.``, ``... from the 100 he started with.``: ``from`` (then owner or
    adjective words: ``the``, ``her``, ``original``, ``remaining``, ...) or ``of`` (then an
    owner: ``the``, ``her``, ``his``, ...), one plain number and at most three words (a unit,
    ``he started with``), after the answer: a number (in digits or words) at most four
    words before it. Not a rate, a share, a range or a comparison (``$2 per egg from``,
    ``each of the 5``, ``from 100 to 80``, ``20 more of``, ``out of``), not after a
    percent, a fraction or arithmetic (``20% of her 100``, ``1/4 of his 100``, ``subtract 80
    from 100``), nor another clause between them."""
    lo = max(0, end - 90)
    p_of = s.rfind(" of ", lo, end) if " of " in s else -1
    p_from = s.rfind(" from ", lo, end) if " from " in s else -1
    for p in (max(p_of, p_from), min(p_of, p_from)):
        if p != -1 and (read := _source(s, p, p + (4 if p == p_of else 6), end))[0] != -1:
            return read
    return -1, None


def _source(s: str, p: int, word_end: int, end: int) -> tuple[int, Any]:
    """:func:`source_start` for the ``of`` or ``from`` at ``p`` (ending at ``word_end``)."""
    of = word_end == p + 4
    rest = s[word_end:end]
    if len(rest) > 64:
        return -1, None  # longer than three words, a number and three words
    words = rest.split()
    if not words or len(words) > 7:
        return -1, None  # (cheap) at most three words, a number and three words
    if of and s.endswith(_OF_TOTAL, 0, p):  # "from a total of 100": a "from" phrase
        p = s.rfind(" ", 0, s.rfind(" ", 0, s.rfind(" ", 0, p)))
        of = False
    elif of and s.endswith(" out", 0, p):
        return -1, None  # "out of": the part of a whole, or two counts (comparisons)
    i = 0
    owned = False
    while i < len(words) and (w := words[i].lower()) in _SOURCE_LEADS:
        owned = owned or w in _OWNERS
        i += 1
    if i > 3 or i == len(words) or len(words) - i > 4 or (of and not owned):
        return -1, None  # "a total of 27", "of them", "3 of 12" (a partitive needs an owner)
    if not words[i].lstrip("$")[:1].isdigit():
        return -1, None  # "from Tom"
    text = clean_latex(rest)
    said = scan(text)
    if len(said) != 1 or said[0].number is None or said[0].number.percent:
        return -1, None
    after = text[said[0].end :].translate(_WORDS).lower().split()
    if len(after) > 3 or not _NOT_AFTER.isdisjoint(after) or "/" in text:
        return -1, None
    # The answer before it: a number at most four words back.
    head = clean_latex(s[:p])
    tail = head[-60:]
    found = scan(tail)
    if found:
        last = found[-1]
        if last.number is None or last.number.percent or "/" in tail[last.start : last.end]:
            return -1, None
        if last.number.value == said[0].number.value:
            return -1, None
        gap = tail[last.end :]
        before = tail[: last.start].rstrip(" $").lower().translate(_WORDS).split()[-1:]
    else:
        spelled = number_words(tail)
        if not spelled:
            return -1, None
        gap = tail[spelled[-1].end :]
        before = tail[: spelled[-1].start].lower().translate(_WORDS).split()[-1:]
    gap_words = gap.lower().translate(_WORDS).split()
    if (
        "per" in gap_words
        and (i := gap_words.index("per")) + 1 < len(gap_words)
        and gap_words[i + 1] in _PERIODS
    ):
        del gap_words[i]  # "$18 per day from 9 eggs": the answer's period, no rate
    if len(gap_words) > 4 or not _NOT_SOURCE.isdisjoint(gap_words) or any(c.isdigit() for c in gap):
        return -1, None
    if before and before[0] in _TAKING:
        return -1, None  # "subtract 80 from 100": both are operands
    if before and before[0].endswith("ing") and before[0] not in _CONCLUDING_ING:
        return -1, None  # "$18 daily, using 7 of her 16 eggs": what was done, no answer
    return p, said[0].number.value


# -- what was done before the answer's state, after it: a justification -----------------
# (checks_after.reason_start reads these clauses as justifications: their numbers are no
# answers.)

REASON_REACH = 100
"""Characters from the end of a sentence in which a justification or a comparison in words
is looked for (what the reader reads is at the end)."""

_SUBJECTS = frozenset({"she", "he", "they", "we", "you", "i", "it"})


def _after_doing(s: str) -> int:
    """Where a clause that says what was done before the answer's state starts (``20 apples
    left after giving away 80``, ``after she gave away 80``, ``after 80 were eaten``), or
    -1: `` after`` then a verb in ``-ing``, a pronoun, or a number (after ``the``, ``her``,
    ...), at most two words and a passive (``were``, ``was``, ``are``, ``had been``, ``got``,
    ... and a past participle: :func:`_participle`), in the last :data:`REASON_REACH`
    characters; not after ``and``, ``or`` or ``before``, and not when the rest holds ``=``
    or ``is`` / ``are`` / ``was`` (the main clause goes on after it: ``after 80 were eaten
    is 20``). ``after 8 years`` (no verb) stays a time frame."""
    j = s.find(" after ", -REASON_REACH)
    if j == -1 or s.endswith((" and", " or", " before"), 0, j):
        return -1  # "before and after he broke his arm": part of a noun phrase
    c = s[j + 7 : j + 8]
    if (
        c
        and ("0" <= c <= "9" or c in "$th")
        and (m := (_PASSIVE[0] if _PASSIVE else _passive()).match(s, j)) is not None
        and _participle(m[1])
    ):
        rest = s[m.end() :]  # "after 80 were eaten": what was done, in the passive
        if "=" in rest or " is " in rest or " are " in rest or " was " in rest:
            return -1  # "after 80 were eaten is 20": the main clause goes on
        return j
    clause = s[j:]
    if "=" in clause or " is " in clause or " are " in clause or " was " in clause:
        return -1  # "... after he broke his arm is 50 - 40 = 10": the main clause goes on
    words = s[j + 7 : j + 40].split(None, 2)
    if not words:
        return -1
    first = words[0].rstrip(",")
    if (first.endswith("ing") and first.isalpha()) or (first in _SUBJECTS and len(words) > 1):
        return j
    return -1


def _by_doing(s: str) -> int:
    """Where a clause that says how the answer was reached starts (``$18 by selling 9
    eggs``), or -1: `` by`` then a verb in ``-ing`` in the last :data:`REASON_REACH`
    characters, the rest holding no ``=`` and no ``is`` / ``are`` / ``was`` (the main
    clause goes on: ``The total by adding 9 and 9 is 18``)."""
    j = s.find(" by ", -REASON_REACH)
    if j == -1:
        return -1
    words = s[j + 4 : j + 30].split(None, 1)
    first = words[0].rstrip(",") if words else ""
    if not (first.endswith("ing") and first.isalpha() and len(words) > 1):
        return -1
    clause = s[j:]
    if "=" in clause or " is " in clause or " are " in clause or " was " in clause:
        return -1
    return j


_PASSIVE: list[re.Pattern[str]] = []
# Past participles that end in neither "-ed" nor "-en" ("after 80 were sold").
_IRREGULAR = frozenset(
    {
        "sold", "spent", "lost", "bought", "paid", "made", "put", "sent", "kept", "found",
        "cut", "shot", "won", "read", "held", "told", "laid", "fed", "hit", "run", "drunk",
        "done", "gone", "left", "set", "built", "brought", "caught", "taught", "thought",
        "sung", "swum", "split", "shared", "dealt", "lent", "burnt", "spilt",
    }
)  # fmt: skip


def _passive() -> re.Pattern[str]:
    """`` after`` (``the``, ``her``, ... ) a number, at most two words, a form of ``be``
    (or ``got``) and a word (its past participle, checked by :func:`_participle`)."""
    _PASSIVE.append(
        re.compile(
            r" after (?:(?:the|her|his|their|those|these) )?\$?[0-9][0-9,]{0,12}(?:\.[0-9]+)?"
            r"(?: [a-z]+){0,2}? (?:were|was|are|is|got|get|gets|had been|have been|has been)"
            r" (?:all |then |also )?([a-z]{2,14})\b"
        )
    )
    return _PASSIVE[0]


def _participle(word: str) -> bool:
    """A past participle: ``-ed``, ``-en`` or one of :data:`_IRREGULAR`."""
    return word.endswith(("ed", "en")) or word in _IRREGULAR
