"""Numbers given in the question: which number of a plain final sentence is the answer.

Standard library only: this module ships inside every reward Lambda (no typing at run time).

Without an equation the ``final_sentence`` and ``last_number`` rules read a sentence's last
number. In prose the answer often comes first and a quantity *from the question* closes the
sentence: ``There are 33 ounces of cereal in those 3 boxes.`` (33), ``Antonia will have 350
pills left after 2 weeks.`` (350). When the grader has the prompt (the system and user turns
before the reply), :func:`given_reading` reads such a sentence by what the question gives:

* only a sentence the rules read today as its last number, accepted (no hedge, no
  ``multiple_answers``), with no ``=``, whose numbers hold at least two distinct values;
* the last number's value appears in the question, and exactly one distinct value of the
  sentence does not: that value is the answer (flag ``given_numbers``);
* anything else keeps today's reading: two values the question does not give (``12 apples
  and 13 pears in 3 boxes``), none (the answer restates a number of the question), a hedge
  word anywhere in the sentence (``or``, ``not``, ``either``, ``instead``, ``rather``), a
  word or sign relating its numbers (``than``, ``minus``, ``divided``, ``+``, ...), or a
  hedge mark between the chosen number and its neighbour (``12, 13 in 3 boxes``), or a
  new clause between it and the last number (``..., so the total is 6``): as the reading
  without the prompt has it, a later clause states the answer.

A sentence is never read as several answers because of this, and a rejected reading is never
read again, so a reply cannot turn a refusal into a payment by adding numbers: the policy
only ever exchanges one accepted number for the one number the question does not give.

Bounds: nothing runs without a prompt, nor for a sentence with an ``=`` or fewer than two
numbers (one search for a digit, a non-digit, a digit). A sentence whose answer is an
integer whose last three digits no prompt turn holds (one substring search per turn) is
not scanned: every writing of a given integer holds them (``1,012``, ``1012``, ``12.0``),
but a fraction or a power (``2/2``, ``10^3``), so a turn with ``/`` or ``^`` is scanned.
The question's numbers are read once, only then, from at most the last
:data:`PROMPT_CHARS` characters of the prompt turns.
"""

from __future__ import annotations

import re

from rftkit.rewards.clock_times import clock_spans
from rftkit.rewards.describing import main_clause
from rftkit.rewards.numbers import clean_latex, normalize_unicode, scan
from rftkit.rewards.sentences import _later_clause, is_hedge
from rftkit.rewards.spoken_fractions import spoken_sentence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extract import Extraction

__all__ = ["FLAG", "PROMPT_CHARS", "given_reading", "given_values", "prompt_text"]

FLAG: Final = "given_numbers"
"""The flag of an answer read by the question's numbers (the rule stays the one that fired)."""

PROMPT_CHARS: Final = 16_384
"""Characters of the prompt read, from its end (where the question is)."""

_PROMPT_ROLES = ("system", "user")
_ASSISTANT_ROLES = ("assistant", "nova_assistant")
_TWO_NUMBERS: list[re.Pattern[str]] = []  # compiled on first use (the Lambda cold start)
# A word that may offer a second value ("12 or 13", "12, not 13", "either ... or"), or that
# relates the sentence's numbers to each other ("48 divided by 4 is 12", "750 minus 700
# equals 50", "1.76 is less than 2"): each of them may be the answer, the policy stands back.
# Read as the words of the sentence lowercased, its punctuation turned into spaces.
_RELATING_WORDS = frozenset(
    {
        "or", "nor", "not", "either", "instead", "rather", "than", "plus", "minus", "times",
        "divided", "multiplied", "equals", "equal", "sum", "product", "difference", "x",
    }
)  # fmt: skip
_RELATING_SIGNS = ("+", "*", "/", "\u00d7", "\u00f7", "n't")
_SPACES = str.maketrans({c: " " for c in ",.;:!?()[]{}\"'`"})


def _relates(s: str) -> bool:
    """Does the sentence hedge or relate its numbers by a word or sign (see above)?"""
    for sign in _RELATING_SIGNS:
        if sign in s:
            return True
    return not _RELATING_WORDS.isdisjoint(s.lower().translate(_SPACES).split())


def _content_text(content: object) -> str:
    """The text of a message's content: a string, or a list of ``{"text": ...}`` parts."""
    if type(content) is str:
        return content
    if type(content) is list:
        parts = [p.get("text") for p in content if type(p) is dict]
        return "\n".join(p for p in parts if type(p) is str)
    return ""


def prompt_text(prompt: object) -> str:
    """The prompt's text: a string as given, or the system and user turns of a message list
    before its last assistant message, at most :data:`PROMPT_CHARS` characters from the end.

    A number cut in two by the limit is dropped (its tail is no number of the question).

    Example:
        >>> prompt_text([{"role": "user", "content": "Ann has 3 boxes."},
        ...              {"role": "assistant", "content": "3."}])
        'Ann has 3 boxes.'
    """
    if type(prompt) is str:
        text = prompt
    elif type(prompt) is list or type(prompt) is tuple:
        end = len(prompt)
        for i in range(end - 1, -1, -1):
            message = prompt[i]
            if type(message) is dict and message.get("role") in _ASSISTANT_ROLES:
                end = i
                break
        parts: list[str] = []
        size = 0
        for i in range(end - 1, -1, -1):  # from the end: the question is the last turn
            message = prompt[i]
            if type(message) is not dict or message.get("role") not in _PROMPT_ROLES:
                continue
            part = _content_text(message.get("content"))
            parts.append(part)
            size += len(part) + 1
            if size >= PROMPT_CHARS:
                break
        text = "\n".join(reversed(parts))
    else:
        return ""
    if len(text) > PROMPT_CHARS:
        text = text[-PROMPT_CHARS:].lstrip("0123456789.,")
    return text


def _may_give(prompt: object, digits: str) -> bool:
    """False only when no prompt turn can give a number ending in ``digits`` (an integer's
    last three digits, or all of them: every writing of it holds them, ``1,012`` as
    ``1012``). A turn that is not plain ASCII text (Unicode digits, content parts) may, and
    so may one with a fraction bar or a power sign (``2/2`` gives 1, ``10^3`` 1000)."""
    if type(prompt) is str:
        return digits in prompt or "/" in prompt or "^" in prompt or not prompt.isascii()
    if type(prompt) is not list and type(prompt) is not tuple:
        return False
    for message in prompt:
        if type(message) is dict and message.get("role") in _PROMPT_ROLES:
            content = message.get("content")
            if (
                type(content) is not str
                or digits in content
                or "/" in content
                or "^" in content
                or not content.isascii()
            ):
                return True
    return False


def given_values(prompt: object) -> set[Any]:
    """The values of the numbers in the prompt (and their absolute values).

    Example:
        >>> sorted(given_values("Ann has 3 boxes of 12 eggs and $1,000."))
        [3, 12, 1000]
    """
    return _values(_normalized(prompt_text(prompt)))


def _normalized(text: str) -> str:
    return text if text.isascii() else normalize_unicode(text)


def _values(text: str) -> set[Any]:
    values: set[Any] = set()
    for token in scan(clean_latex(text)) if text else ():
        number = token.number
        if number is not None:
            values.add(number.value)
            values.add(abs(number.value))
    return values


_DESCRIPTION: list[re.Pattern[str]] = []
# Words that make a clause conclude rather than describe ("which is a total of 3").
_CONCLUDING = frozenset(
    {
        "total", "all", "altogether", "together", "combined", "overall", "left", "remain",
        "remains", "remaining", "so", "thus", "therefore", "hence", "answer", "means",
        "leaves", "makes", "gives", "result", "final",
    }
)  # fmt: skip


def _describes(s: str, brk: int, last: int) -> bool:
    """Is the clause at ``brk`` (a clause break before the last number, at ``last``) a
    description of the value before it, and the only clause up to that number? ``$30,
    which is the cost of 3 tickets``, ``8 minutes, which is the time it takes to run 1
    mile``: a relative clause whose verb is ``is`` (``are``, ``was``, ``were``, ``would
    be``, ``will be``) followed by an article, ``what``, ``how`` or ``enough``, holding no
    word that concludes (``total``, ``all``, ``left``, ``so``, ``means``, ...)."""
    if not _DESCRIPTION:
        _DESCRIPTION.append(
            re.compile(
                r",? which (?:is|are|was|were|would be|will be) "
                r"(?:the|a|an|what|how|enough|exactly the|just the|also the) "
            )
        )
    m = _DESCRIPTION[0].match(s, brk)
    if m is None:
        return False
    if not _CONCLUDING.isdisjoint(s[m.end() : last].lower().translate(_SPACES).split()):
        return False
    k = _later_clause(s, m.end())
    return k == -1 or k >= last


def given_reading(found: Extraction | None, sentence: str, prompt: object) -> Extraction | None:
    """``found`` (an extraction of ``sentence``), or the sentence's one number the question
    does not give when ``found`` is its last number and the question gives that one.

    ``found`` is returned unchanged unless every condition of the module's policy holds;
    the new extraction keeps its rule and flags and adds :data:`FLAG`.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> s = "There are 33 ounces of cereal in those 3 boxes."
        >>> q = "Each of 3 boxes holds 11 ounces. How many ounces in all?"
        >>> e = Extractor()(s, prompt=q)
        >>> e.answer, e.rule, e.flags
        ('33', 'final_sentence', ('given_numbers',))
    """
    if (
        prompt is None
        or found is None
        or found.rejected is not None
        or found.number is None
        or "=" in sentence
        or (":" in sentence and clock_spans(sentence))  # a time is one value (clock_times)
    ):
        return found
    sentence = main_clause(found, sentence)  # "..., which is the cost of 1 crate": not read
    if not _TWO_NUMBERS:  # a digit, a non-digit, a digit: linear (the classes are disjoint)
        _TWO_NUMBERS.append(re.compile(r"[0-9][^0-9]+[0-9]"))
    if _TWO_NUMBERS[0].search(sentence) is None:
        return found
    answer = found.answer
    if answer is not None and answer.isdigit() and not _may_give(prompt, answer[-3:]):
        return found  # the prompt does not hold the answer's last digits: not given
    s = clean_latex(sentence)
    if "and" in s or "alf" in s or "q" in s:  # "2 and a half hours": as the reader read it
        s = spoken_sentence(s)
    if "=" in s:
        return found
    if _relates(s):
        return found
    tokens = scan(s)
    if len(tokens) < 2:
        return found
    numbers = [t.number for t in tokens]
    last = numbers[-1]
    if last is None or last != found.number or None in numbers:
        return found
    values = [n.value for n in numbers]  # type: ignore[union-attr]  # None excluded above
    if len(set(values)) < 2:
        return found
    given = _values(_normalized(prompt_text(prompt)))
    if last.value not in given:
        return found
    fresh = {v for v in values if v not in given}
    if len(fresh) != 1:
        return found
    value = fresh.pop()
    i = len(values) - 1 - values[::-1].index(value)  # its last occurrence
    for a, b in ((i - 1, i), (i, i + 1)):
        if (
            a >= 0
            and b < len(values)
            and values[a] != values[b]
            and is_hedge(s[tokens[a].end : tokens[b].start])
        ):
            return found  # "12, 13 in 3 boxes": two answers offered, today's reading
    brk = _later_clause(s, tokens[i].end)
    if brk != -1 and brk < tokens[-1].start and not _describes(s, brk, tokens[-1].start):
        return found  # "7 minutes after 6:00, so the total is 6": a later clause concludes
    number = numbers[i]
    return tuple.__new__(
        type(found),
        (str(number), found.rule, number, 1, (*found.flags, FLAG), found.at_end, None),
    )
