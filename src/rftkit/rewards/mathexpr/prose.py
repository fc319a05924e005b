"""Plain (non-LaTeX) replies for the ``math`` grader: decorations, prose sentences, lists.

A math reply that is not LaTeX is usually a GSM8K-style solution in prose, and the ``gsm8k``
grader's sentence reader (:class:`rftkit.rewards.extract.Extractor`, rules ``final_sentence``
and ``last_number``) is the tested reading of such a reply: ``5*89= 445 dollars over 5 days.``
is 445, not the last number 5. This module lets the ``math`` extraction rules
(:mod:`rftkit.rewards.mathexpr.extract`) use it, so both graders read plain prose alike,
while LaTeX replies keep math's own rules:

- :func:`undecorated`: a bare answer without its Markdown (``**42**``, ```` `42` ````,
  ``# 42``), for the ``whole`` rule;
- :func:`is_plain` and :func:`prose_reading`: whether the end of a reply is plain prose, and
  the gsm8k reading of its final sentence, for the ``last_number`` rule;
- :func:`listed_before`: the value before a bare comma of a list ``17, 18, or 19``, so a
  hedge listing three values names all three;
- :func:`concludes_otherwise`: a statement whose sentence goes on to a different value
  (``The answer is 3, so the total is 103.``).

Standard library only (this module is on the reward Lambda's path); every function reads at
most a fixed number of characters and runs no regular expression of its own.
"""

from __future__ import annotations

from rftkit.rewards.extract import Extraction, Extractor
from rftkit.rewards.mathexpr.hedge import value_start
from rftkit.rewards.numbers import Number, parse_bare_number

__all__ = [
    "PLAIN_REACH",
    "concludes_otherwise",
    "ends_in_sign",
    "is_plain",
    "listed_before",
    "prose_reading",
    "same_value",
    "undecorated",
]

PLAIN_REACH = 400
"""Characters at the end of a reply that must be free of LaTeX for it to be read as prose
(the final sentence is read at most this far back)."""

# Markdown around a whole answer, longest first: bold-italic, bold, italic, code, a fence.
_WRAPPERS = ("```", "***", "**", "__", "*", "_", "`")
_LATEX = ("\\", "{", "}", "^", "_")
# Clauses after an answer statement that conclude or restate (``, so the total is 103``).
_CONCLUDING = (", so ", ", which ", ", thus ", ", hence ", ", therefore ", ", giving ")
_SENTENCE_ENDS = ("\n", ". ", "; ", "? ", "! ")
_CLAUSE_MAX = 200  # characters of a concluding clause read


def undecorated(s: str) -> str:
    """``s`` without the Markdown that dresses a bare answer: ``**42**``, ``__42__``,
    ``*42*``, ```` `42` ````, a code fence, a heading ``# 42``, a quote ``> 42``, and a full
    stop inside them (``**42.**``). Pairs must match at both ends: ``x_1`` and ``2*3`` stay.

    Example:
        >>> undecorated("**42**"), undecorated("# `x = 3`"), undecorated("x_1")
        ('42', 'x = 3', 'x_1')
    """
    s = s.strip()
    for _ in range(8):  # each turn peels one layer; real answers have one or two
        before = s
        if s[:1] in "#>" and s:
            body = s.lstrip("#") if s[0] == "#" else s[1:]
            if body[:1] in (" ", "\t"):
                s = body.strip()
        for w in _WRAPPERS:
            if len(s) > 2 * len(w) and s.startswith(w) and s.endswith(w):
                s = s[len(w) : -len(w)].strip()
                break
        s = s.rstrip(".").rstrip() if s.endswith(".") and not s.endswith("..") else s
        if s == before:
            break
    return s


def is_plain(t: str) -> bool:
    """Whether the end of ``t`` (its last :data:`PLAIN_REACH` characters) is plain text with
    no LaTeX (no backslash, brace, ``^`` or ``_``): a prose reply, read like gsm8k reads it.

    Example:
        >>> is_plain("So she earns $10 x 8 = $80."), is_plain("so $x = \\\\frac{1}{2}$ here")
        (True, False)
    """
    tail = t[-PLAIN_REACH:]
    return not any(c in tail for c in _LATEX)


# Unicode categories of a last character that leaves an expression open: a dash (``$156 –``),
# a math operator (``18 ×``), an opening bracket or quote.
_OPEN_CATEGORIES = frozenset(["Pd", "Sm", "Ps", "Pi"])


def ends_in_sign(t: str) -> bool:
    """Whether ``t`` ends in a non-ASCII sign that closes it (a currency or a unit glued to
    the number, ``1,000.99€``, ``5 m²``; an emoji; a CJK stop): the ``math`` grader does not
    read such a reply as cut off. A dash, an operator or an opening mark (``$156.25 –``,
    ``18 ×``) leaves it open.

    Example:
        >>> ends_in_sign("which is 1,000.99€"), ends_in_sign("so $156.25 \u2013"), ends_in_sign("x")
        (True, False, False)
    """
    body = t.rstrip()
    if not body or body[-1].isascii():
        return False
    import unicodedata  # only for a reply that ends in a non-ASCII character

    return unicodedata.category(body[-1]) not in _OPEN_CATEGORIES


_READER: list[Extractor] = []


def prose_reading(t: str, prompt: object = None) -> Extraction:
    """The gsm8k grader's reading of a finished plain reply: its final sentence (the result
    of its last ``=`` unless a later clause restates a number, else its last number, small
    numbers in words), then its last number read in its sentence. Hedges and restating
    clauses are ``multiple_answers``; ``several_numbers`` and ``expression`` as gsm8k says.
    With ``prompt`` (the question's turns), a plain sentence is read by the numbers the
    question gives, as gsm8k reads it (:mod:`rftkit.rewards.givens`).

    Example:
        >>> str(prose_reading("So, Shem earns $10 x 8 = $80 for an 8-hour workday.").number)
        '80'
    """
    if not _READER:
        _READER.append(Extractor(("final_sentence", "last_number")))
    return _READER[0](t, prompt=prompt)


def same_value(answer: str, number: Number) -> bool:
    """Whether ``answer`` is a plain number equal to ``number`` (a percentage compared by
    its number: ``20%`` and ``20`` are one value here)."""
    own = parse_bare_number(answer)
    return own is not None and own.value == number.value


def listed_before(t: str, start: int) -> tuple[str, int] | None:
    """The value listed before ``start`` across a bare comma, and where it starts, or None.

    ``17, `` before ``18, or 19``: a list whose last two values are joined by ``or`` or
    ``and`` names every value in it. A value is a number, or a ``$...$`` span.

    Example:
        >>> t = "could be 17, 18, or 19"
        >>> listed_before(t, t.index("18"))
        ('17', 9)
    """
    j = start
    low = max(0, start - 8)
    while j > low and t[j - 1] in " \t":
        j -= 1
    if j == 0 or t[j - 1] != ",":
        return None
    j -= 1
    while j > low and t[j - 1] in " \t":
        j -= 1
    if j == 0:
        return None
    if t[j - 1] == "$":
        opener = t.rfind("$", max(0, j - 1 - 256), j - 1)
        if opener == -1 or not t[opener + 1 : j - 1].strip():
            return None
        return t[opener + 1 : j - 1].strip(), opener
    if not "0" <= t[j - 1] <= "9":
        return None
    k = value_start(t, j)
    if k == -1:
        return None
    if k > 0 and (t[k - 1].isalpha() or t[k - 1] == "_"):
        return None  # a number inside a word (``x2``) is no listed value
    return t[k:j], k


def concludes_otherwise(t: str, end: int, answer: str) -> bool:
    """Whether the sentence of an answer statement, whose answer ``answer`` ends at
    ``t[end]``, goes on to conclude a different value in a clause (``, so ...``,
    ``, which ...``): ``The answer is 3, so the total is 103.`` names 103 after 3.

    Only a plain-number answer is checked, against the clause's final value as gsm8k reads
    it (the result of its last ``=``, else its last number); a clause that names the answer
    again (``, so 9 * 2 = 18``), or no number, concludes nothing else.

    Example:
        >>> t = "The answer is therefore 3, so the total is 103."
        >>> concludes_otherwise(t, t.index(", so"), "therefore 3")
        True
        >>> t = "The answer is 18, since 9 * 2 = 18."
        >>> concludes_otherwise(t, t.index(", since"), "18")
        False
    """
    clause = t[end : end + _CLAUSE_MAX + 16]
    if not clause.startswith(_CONCLUDING):
        return False
    stop = len(clause)
    for mark in _SENTENCE_ENDS:
        k = clause.find(mark, 2)
        if k != -1:
            stop = min(stop, k)
    clause = clause[2:stop].strip().rstrip(".!?")
    if not any("0" <= c <= "9" for c in clause) or not is_plain(clause):
        return False
    own = parse_bare_number(answer)
    if own is None:
        words = answer.split()
        own = parse_bare_number(words[-1]) if len(words) > 1 else None
    if own is None:
        return False  # not a plain number: math's own comparison decides
    later = prose_reading(clause + ".")
    if later.number is None:
        return later.rejected in ("multiple_answers", "several_numbers")
    return later.number.value != own.value
