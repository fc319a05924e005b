"""A breakdown after the answer: a Markdown table or a labelled list of the inputs.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "A breakdown after the answer").
Standard library only: this module ships inside every reward Lambda (no typing at run time).

Chat models state the answer, then add a *breakdown*: a Markdown table (``| Eggs | Price
|``) or a bulleted list of ``label: value`` items (``- Eggs sold: 9``). Its last number is
an input, not the answer. :func:`read_breakdown` reads such a reply:

* a breakdown's rows are read for a row *labelled as the answer*: a label whose words are
  only ``total``, ``answer``, ``result`` or ``sum`` with ``final``, ``grand``,
  ``overall``, ``net`` or ``the`` (``Total``, ``**Final answer**``, ``Grand total``), or
  a column so labelled in a table of one data row. A label that names what it counts
  (``Total eggs``, ``Total earnings``) names a quantity of the problem, which a breakdown
  lists among its inputs as often as its result: it is a row like any other;
* a *stated answer* is the reading of the final sentence before the breakdown (its
  heading, ``**Summary:**``, ``### Breakdown``, skipped) when that sentence concludes
  (``So``, ``Thus``, ``Therefore``, ``In total``, ... or a bold number or the word
  ``answer``) or the breakdown explains its value (the sum or product of its numbers, or
  of two of them: ``$18`` after ``| 9 | $2 |``). A plain sentence the breakdown does not
  explain may be a restated input (``She eats 3 and bakes with 4.``), not the answer;
* with a stated answer A: an answer row must say A (another value: several answers);
  with no answer row, A is read (flag ``breakdown``), unless the breakdown goes on past A
  (its last value is another, and A is one of its numbers or the last value is A times or
  plus another of them: ``So she has 9 eggs left.``, then ``| 9 | $2 | $18 |``): read as
  before;
* with no stated answer: the answer row is the answer (one value; two: several answers);
  with none, the reply is read as before.

A breakdown is at most 16 lines in the last 1,200 characters, ends the reply, and every
one of its rows is clean: a list item's value holds one number, a table row's last cell
at most one (a middle cell may hold a computation: ``| Earnings | 9 x $2 | $18 |``); a
table has its separator line (``|---|---|``). Anything else is read as before.
"""

from __future__ import annotations

from rftkit.rewards.asked_statements import stated_by_ask
from rftkit.rewards.extraction import Extraction, _new, _several
from rftkit.rewards.numbers import Number, clean_latex, has_digit, numbers_equal, scan
from rftkit.rewards.sentences import _CONCLUSIONS, _FINISHER_CHARS, _sentence_start

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from fractions import Fraction
    from typing import Literal

    from rftkit.rewards.extract import Extractor

__all__ = ["MARKS", "REACH", "breakdown_cut", "read_breakdown", "table_row"]

MARKS = "|-*+\u2022"
"""What the final sentence of a reply ending in a breakdown starts with (the probe)."""

REACH = 1200
"""Characters read back from the end for a breakdown."""
_MAX_LINES = 16
_BULLETS = ("- ", "* ", "+ ", "\u2022 ")
_ANSWER_WORDS = frozenset({"total", "answer", "result", "sum"})
_QUALIFIERS = frozenset({"final", "grand", "overall", "net", "the"})
_MARKUP = " \t*_`"


def _label_words(label: str) -> list[str]:
    return label.strip(_MARKUP + ":").replace("*", " ").replace("_", " ").lower().split()


def answer_label(label: str) -> bool:
    """Is ``label`` (a row's or a column's) the answer's: ``Total``, ``**Final answer**``,
    ``Grand total``, ``Result``; not ``Total eggs``, ``Eggs sold``?"""
    words = _label_words(label)
    return (
        0 < len(words) <= 3
        and words[-1] in _ANSWER_WORDS
        and all(w in _QUALIFIERS or w in _ANSWER_WORDS for w in words[:-1])
    )


def _numbers(text: str) -> list[Number] | None:
    """The numbers of a cell or a value (None when one is out of bounds)."""
    out = []
    for t in scan(clean_latex(text), 8):
        if t.number is None:
            return None
        out.append(t.number)
    return out


def _separator(line: str) -> bool:
    return "-" in line and not line.strip(" \t|-:")


def _list_row(line: str) -> tuple[str, Number] | None:
    """A list item ``- label: value`` (or a line ``**label:** value``) whose label holds no
    digit and whose value holds one number: ``(label, value)``."""
    s = line.strip()
    if s.startswith(_BULLETS):
        s = s[2:].lstrip()
    elif not s.startswith("**"):
        return None
    c = s.find(":")
    if c <= 0 or has_digit(s[:c]):
        return None
    value = s[c + 1 :]
    if value.startswith("**"):  # "**Eggs sold:** 9": the label's closing mark
        value = value[2:]
    found = _numbers(value)
    if found is None or len(found) != 1 or "=" in value:
        return None
    return s[:c], found[0]


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return s.split("|")


def _lines(body: str) -> tuple[list[int], list[int]]:
    """The starts and ends of the last lines of ``body`` (first to last, at most 16)."""
    lo = max(0, len(body) - REACH)
    starts: list[int] = []
    end = len(body)
    while len(starts) < _MAX_LINES:
        s = body.rfind("\n", lo, end) + 1
        if s == 0 and lo > 0:
            break
        starts.append(s)
        if s == 0:
            break
        end = s - 1
    starts.reverse()
    return starts, [*(s - 1 for s in starts[1:]), len(body)]


def table_row(body: str, start: int) -> bool:
    """Is the line of ``body`` at ``start`` (which opens with ``|``) a row of a Markdown
    table, a separator line above it? (The bold rule leaves such a row to
    :func:`read_breakdown`: ``| **Eggs** | **9** |`` is no bold answer.)"""
    k = start
    for _ in range(_MAX_LINES):
        if k == 0:
            return False
        j = body.rfind("\n", 0, k - 1) + 1
        line = body[j : k - 1]
        if not line.lstrip().startswith("|"):
            return False
        if _separator(line):
            return True
        k = j
    return False


# A block: (start of its first line, its numbers, its row values, its answer rows' values)
_Block = tuple[int, list[Number], list[Number], list[Number]]


def _block(body: str) -> _Block | None:
    """The breakdown that ends ``body`` (no trailing space), or None."""
    starts, ends = _lines(body)
    if not starts:
        return None  # one line longer than the reach
    i = len(starts) - 1
    last = body[starts[i] : ends[i]].lstrip()
    if last.startswith("|"):
        j = i
        while j > 0 and body[starts[j - 1] : ends[j - 1]].lstrip().startswith("|"):
            j -= 1
        if i - j < 2 or not _separator(body[starts[j + 1] : ends[j + 1]]):
            return None
        if j == 0 and starts[0] > 0:
            return None  # a table that may begin before the reach
        head = _cells(body[starts[j] : ends[j]])
        numbers: list[Number] = []
        values: list[Number] = []
        answers: list[Number] = []
        rows = range(j + 2, i + 1)
        for k in rows:
            cells = _cells(body[starts[k] : ends[k]])
            found: list[list[Number]] = []
            for c in cells:
                f = _numbers(c)
                if f is None:
                    return None
                found.append(f)
                numbers.extend(f)
            if len(found[-1]) > 1:
                return None
            if found[-1]:
                values.append(found[-1][0])
                if not has_digit(cells[0]) and answer_label(cells[0]):
                    answers.append(values[-1])
            if len(rows) == 1 and len(head) == len(cells):  # a column labelled "Total"
                for label, f in zip(head, found, strict=True):
                    if len(f) == 1 and answer_label(label):
                        answers.append(f[0])
        return (starts[j], numbers, values, answers) if values else None
    numbers = []
    answers = []
    first = -1
    for k in range(i, -1, -1):
        line = body[starts[k] : ends[k]]
        if not line.strip():
            continue
        item = _list_row(line)
        if item is None:
            if line.lstrip().startswith(_BULLETS):
                return None  # a list item that is no clean row: a list of the solution
            break
        first = k
        numbers.append(item[1])
        if answer_label(item[0]):
            answers.append(item[1])
    if first == -1 or (first == 0 and starts[0] > 0):
        return None  # no row, or a list that may begin before the reach
    numbers.reverse()
    answers.reverse()
    return starts[first], numbers, numbers, answers


def _heading(line: str) -> bool:
    """A heading before a breakdown: ``**Summary:**``, ``### Breakdown``, ``Here it is:``,
    ``**Summary**``, a rule ``---``, a line of at most five words with no digit and no
    stop (``Breakdown``)."""
    s = line.strip()
    if has_digit(s):
        return False
    if not s or s.startswith("#") or not s.strip("-*_=~ "):
        return True
    if s.rstrip(" *_").endswith(":") or (s.startswith("**") and s.endswith("**")):
        return True
    return len(s.split()) <= 5 and s[-1] not in ".!?)"  # "Breakdown", "Here is how"


def _before(body: str, start: int) -> str:
    """The text before the breakdown at ``start``, without its heading (and a rule)."""
    before = body[:start].rstrip()
    for _ in range(3):  # its heading, a rule, a blank line
        line = before[before.rfind("\n") + 1 :]
        if not line or not _heading(line):
            break
        before = before[: len(before) - len(line)].rstrip()
    return before


def _explains(value: Number, numbers: list[Number]) -> bool:
    """Is ``value`` the sum or the product of ``numbers``, or of two of them?"""
    vals = [n.value for n in numbers[:12] if not n.percent]
    if len(vals) < 2:
        return False
    v = value.value
    total: int | Fraction = 0
    product: int | Fraction = 1
    for x in vals:
        total += x
        product *= x
    if v in (total, product):
        return True
    for a in range(len(vals)):
        for b in range(a + 1, len(vals)):
            if v in (vals[a] + vals[b], vals[a] * vals[b]):
                return True
    return False


def _goes_on(a: Number, last: Number, numbers: list[Number]) -> bool:
    """Is ``last`` (a breakdown's last value) computed from ``a`` and another of its
    ``numbers`` (``a`` x n or ``a`` + n, n at least 2): ``So she has 9 eggs left.``, then
    ``- Price: $2``, ``- Money: $18``?"""
    v, w = a.value, last.value
    return any(n.value >= 2 and w in (v * n.value, v + n.value) for n in numbers[:-1][:12])


def _concludes(sentence: str) -> bool:
    low = sentence.lstrip(" *_#>-").lower()
    return low.startswith(_CONCLUSIONS) or "**" in sentence or "answer" in low


def read_breakdown(
    ex: Extractor, name: str, body: str, flags: list[str], prompt: object
) -> Extraction | Literal[False] | None:
    """The reading of ``body`` (a finished reply, no trailing space) when it ends in a
    breakdown, else False (read it as before). See the module's policy."""
    if "breakdown" in flags or not ex.numeric:
        return False  # the text before a breakdown: its own breakdown is read as before
    body = body.rstrip()
    block = _block(body)
    if block is None:
        return False
    start, numbers, values, answers = block
    before = _before(body, start)
    kept = [*flags, "breakdown"]
    stated = None
    if before and has_digit(before[-REACH:]):
        stated = ex._weak("final_sentence", before, [*kept], [], prompt)
        s = before[_sentence_start(before, len(before.rstrip(_FINISHER_CHARS))) :]
        concluded = _concludes(s)
        if stated is not None and (
            stated.number is None
            or not (
                concluded or _explains(stated.number, numbers) or stated_by_ask(s, stated, prompt)
            )
            or "cut_off" in stated.flags
        ):
            several = stated.rejected in ("multiple_answers", "several_numbers")
            if not (concluded and several):
                stated = None  # no stated answer: a restated input, a question
            else:
                return stated if "breakdown" in stated.flags else _flagged(stated)
    if stated is not None and stated.number is not None:
        a = stated.number
        if answers:
            if all(numbers_equal(a, b) for b in answers):
                return _flagged(stated)._replace(rule=name)
            return _several(stated, name, kept)
        if not numbers_equal(a, values[-1]) and (
            any(numbers_equal(a, n) for n in numbers) or _goes_on(a, values[-1], numbers)
        ):
            return False  # the breakdown goes on past the stated value
        return _flagged(stated)._replace(rule=name)
    if not answers:
        return False
    first = answers[0]
    answer = _new(Extraction, (str(first), name, first, 1, tuple(kept), False, None))
    if any(not numbers_equal(first, b) for b in answers[1:]):
        return _several(answer, name, kept)
    return answer


def _flagged(found: Extraction) -> Extraction:
    if "breakdown" in found.flags:
        return found
    return found._replace(flags=(*found.flags, "breakdown"))


def breakdown_cut(t: str, end: int, value: Number) -> int:
    """Where a breakdown that ends ``t`` after ``end`` (the end of a marked answer
    ``value``: ``The answer is 18.``) starts, its heading included: the text before it is
    what a later statement is looked for in. -1 when there is none; -2 when its answer row
    says another value (``- Total: $20``: two answers)."""
    body = t.rstrip()
    line = body[body.rfind("\n") + 1 :].lstrip()
    if not line or line[0] not in MARKS:
        return -1
    block = _block(body)
    if block is None or block[0] < end:
        return -1
    if any(not numbers_equal(value, b) for b in block[3]):
        return -2
    return max(len(_before(body, block[0])), end)
