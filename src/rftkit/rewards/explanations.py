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
from rftkit.rewards.numbers import clean_latex, scan
from rftkit.rewards.quantities import compound_near
from rftkit.rewards.sentences import _CONCLUSIONS as _LATER_CONCLUSIONS
from rftkit.rewards.sentences import _sentence_start, is_hedge

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "explained"]

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
    if found is None or found.rejected is not None or "=" in sentence:
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


def _written(value: Any, text: str) -> bool:
    """Can ``text`` hold ``value``? An integer's digits (or its digit groups) must be in it:
    a necessary test before the sentence is read; any other value may be."""
    if type(value) is not int:
        return True
    return str(value) in text or (value >= 1000 and f"{value:,}" in text)


def _flagged(found: Extraction) -> Extraction:
    return tuple.__new__(type(found), (*found[:4], (*found.flags, FLAG), *found[5:]))
