"""Tell a hedge (``18 or 20``, ``18 \\pm 2``, ``3, or maybe 4``) from one answer.

The extraction rules read one span of a reply; a reply that names a second value right
beside it (``\\boxed{3} or 4``, ``$3$ or $4$``, ``18 ± 2``) has not committed to either.
This module classifies the short *gap* of text between two values:

========= =====================================================================================
kind      the gap is
========= =====================================================================================
``or``    only joining words and punctuation, with ``or`` or ``either``: ``,``, ``$``,
          ``\\text{ or }``, ``\\quad``, and a variable being set (``x = 3 or x = 4``): two
          alternatives, read as one list answer and compared with the reference as a multiset
``and``   the same with ``and`` (``2 and 3``, ``x = 2 and y = 3``)
``pm``    ``\\pm``, ``\\mp``, ``±``, ``∓``, ``+/-``, ``+-``: one ``a \\pm b`` answer
``hedge`` joining words with a word of doubt (``maybe``, ``perhaps``, ``possibly``, ``could``,
          ``but``, ``wait``, ``alternatively``, ...) and short filler (``it's``, ``the answer``,
          a sentence break): the reply is not paid, whatever the reference
``None``  anything else (another word, a sentence break without a doubt word, an operator, a
          bare comma): the values are unrelated
========= =====================================================================================

Gaps longer than :data:`MAX_GAP` characters are never connectives. Every function here reads
at most a fixed number of characters around a position: no scan is unbounded and no regular
expression runs on model text. Standard library only.
"""

from __future__ import annotations

__all__ = [
    "MAX_GAP",
    "gap_kind",
    "has_hedge_word",
    "next_value",
    "previous_value",
    "stands_last",
    "value_at",
    "value_start",
]

MAX_GAP = 64
"""Longest gap (characters) between two values that can join them."""

_PM = ("+/-", "\\pm", "\\mp", "±", "∓", "+-")
_OR_WORDS = frozenset({"or", "either"})
_DOUBT_WORDS = frozenset(
    {
        "maybe",
        "perhaps",
        "possibly",
        "probably",
        "likely",
        "alternatively",
        "alternative",
        "otherwise",
        "else",
        "could",
        "might",
        "may",
        "but",
        "wait",
        "hmm",
        "actually",
        "rather",
        "unless",
        "guess",
        "unsure",
        "possible",
        "instead",
    }
)
# Words that may stand between two hedged values ("18, but it could also be 20").
_FILLER = frozenset(
    {
        "it",
        "its",
        "it's",
        "it\u2019s",
        "s",
        "is",
        "be",
        "also",
        "the",
        "answer",
        "value",
        "result",
        "i",
        "we",
        "get",
        "would",
        "then",
        "so",
        "oh",
        "no",
        "not",
        "sure",
        "think",
        "even",
        "just",
        "that",
        "equivalently",
    }
)
# Noise between values: math-mode delimiters, spacing and markdown.
_NOISE = (
    "\\text{",
    "\\textbf{",
    "\\textit{",
    "\\mathrm{",
    "\\mbox{",
    "\\qquad",
    "\\quad",
    "\\,",
    "\\;",
    "\\:",
    "\\ ",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
)
_TEXT_COMMANDS = ("\\text", "\\textbf", "\\textit", "\\mathrm", "\\mbox")
_PUNCT = "${}*_,;:()=~`'\"\u2019"
_SENTENCE_END = ".!?\n"
_STRIP = _PUNCT + ".!?"
_TAIL_MARKS = " \t\r\n.,;:!?$)]}*_`'\"\\"


def _variable(word: str) -> bool:
    """A variable being set: ``x``, ``x_1``, ``x_{2}``, ``y1``."""
    if not word or not word[0].isascii() or not word[0].isalpha():
        return False
    rest = word[1:].lstrip("_")
    return len(word) == 1 or (rest.isdigit() and len(rest) <= 2)


def gap_kind(gap: str) -> str | None:
    """What the text between two values makes of them: ``or``, ``and``, ``pm``, ``hedge``, None.

    Example:
        >>> gap_kind(" or "), gap_kind(" \\\\pm "), gap_kind(", or maybe x = ")
        ('or', 'pm', 'hedge')
        >>> gap_kind(" apples and "), gap_kind(" and y = ")
        (None, 'and')
    """
    if len(gap) > MAX_GAP:
        return None
    s = gap
    for pm in _PM:
        if pm in s:
            rest = s.replace(pm, " ", 1).strip(" \t${}")
            return "pm" if rest in ("", "-") else None
    if "\\" in s:
        for noise in _NOISE:
            s = s.replace(noise, " ")
        if "\\" in s:
            return None  # another command: an operator, a function, not a connective
    sentence_end = "." in s or "!" in s or "?" in s or "\n" in s
    doubt = alternative = joined = False
    for raw in s.lower().split():
        w = raw.strip(_STRIP)
        if not w:
            continue
        if w in _DOUBT_WORDS:
            doubt = True
        elif w in _OR_WORDS:
            alternative = True
        elif w == "and":
            joined = True
        elif w in _FILLER or _variable(w):
            continue
        else:
            return None
    if doubt:
        return "hedge"
    if sentence_end or not (alternative or joined):
        return None  # "3. 4" or a bare comma: not one answer
    return "or" if alternative else "and"


def has_hedge_word(answer: str) -> bool:
    """Whether an answer holds a word of doubt (``18 \\text{ or maybe } 20``, ``probably 5``).

    Example:
        >>> has_hedge_word("18 \\\\text{ or possibly } 20"), has_hedge_word("\\\\frac{1}{2}")
        (True, False)
    """
    if answer.isdigit():
        return False  # the common case, at C speed
    i, n = 0, len(answer)
    while i < n:
        c = answer[i]
        if c.isascii() and c.isalpha():
            j = i
            while j < n and answer[j].isascii() and answer[j].isalpha():
                j += 1
            if (i == 0 or answer[i - 1] != "\\") and answer[i:j].lower() in _DOUBT_WORDS:
                return True
            i = j
        else:
            i += 1
    return False


def _value_char(t: str, p: int) -> bool:
    """Whether a value (a number or a LaTeX value command) starts at ``t[p]``."""
    c = t[p]
    if "0" <= c <= "9":
        return True
    return c == "\\" and t.startswith(("\\boxed", "\\fbox", "\\frac", "\\dfrac", "\\sqrt"), p)


def next_value(t: str, end: int) -> tuple[str, int] | None:
    """The gap after ``end`` up to the next value, and where that value starts, or None
    when there is no value or the gap is no connective (:func:`gap_kind` is None).

    A sign right before the value belongs to it (``or -4``), not to the gap.
    """
    limit = min(len(t), end + MAX_GAP + 1)
    if not t[end:limit].strip(_TAIL_MARKS):
        return None  # the reply ends here (``$.``, ``}$``)
    find = t.find
    p = limit
    for d in "0123456789":
        k = find(d, end, p)
        if k != -1:
            p = k
    k = find("\\", end, p)
    while k != -1 and not _value_char(t, k):
        k = find("\\", k + 1, p)
    if k != -1:
        p = k
    if p >= limit:
        return None
    gap = t[end:p]
    if gap.endswith("-") and not gap.endswith(("+-", "+/-")):
        gap = gap[:-1]
    if gap_kind(gap) is None:
        return None  # no connective: the value is not read
    return gap, p


def value_start(t: str, end: int) -> int:
    """Where the value whose last character is ``t[end - 1]`` starts, or -1.

    Reads backwards over a number (``-2.5``, ``1,000``) or over brace groups and the command
    that owns them (``\\frac{1}{2}``, ``\\sqrt{3}``, ``2^{10}``), at most 256 characters.
    """
    low = max(0, end - 256)
    j = end
    if j > low and t[j - 1] == "}":
        while j > low and t[j - 1] == "}":
            depth = 0
            k = j - 1
            while k >= low:
                if t[k] == "}":
                    depth += 1
                elif t[k] == "{":
                    depth -= 1
                    if depth == 0:
                        break
                k -= 1
            if k < low:
                return -1
            j = k
        while j > low and t[j - 1].isascii() and t[j - 1].isalpha():
            j -= 1
        if j > low and t[j - 1] == "\\":
            j -= 1  # \frac, \sqrt: the command owns the groups
        elif j > low and t[j - 1] in "^_":
            j -= 1  # 2^{10}: the base comes next
            if not (j > low and ("0" <= t[j - 1] <= "9" or t[j - 1].isalpha())):
                return -1
            return value_start(t, j) if "0" <= t[j - 1] <= "9" else j - 1
        else:
            return -1 if j == end else j
        return j
    while j > low and ("0" <= t[j - 1] <= "9" or t[j - 1] in ".,"):
        j -= 1
    while j < end and t[j] in ".,":
        j += 1
    if j == end:
        return -1
    if j > 0 and t[j - 1] == "-" and (j == 1 or t[j - 2] in " $({=\t\n"):
        j -= 1
    return j


def previous_value(t: str, start: int) -> tuple[str, str, int] | None:
    """The value that ends shortly before ``start``: (value text, gap, value start), or None
    (also when the gap is no connective: :func:`gap_kind` is None).

    The value is a number (``18``, ``-2.5``, ``1,000``), a LaTeX value (``\\frac{1}{2}``)
    or, when the gap opens with the ``$`` that closes it, a whole inline math span.
    """
    low = max(0, start - MAX_GAP - 1)
    end = start
    rf = t.rfind
    while True:  # each turn moves ``end`` back: at most MAX_GAP turns
        q = max(
            rf("0", low, end), rf("1", low, end), rf("2", low, end), rf("3", low, end),
            rf("4", low, end), rf("5", low, end), rf("6", low, end), rf("7", low, end),
            rf("8", low, end), rf("9", low, end),
        )  # fmt: skip
        brace = rf("}", max(low, q + 1), end)
        if brace == -1:
            break
        # the end of a \\text{ or } in the gap is skipped; any other brace ends a value
        o = rf("{", max(low, brace - 24), brace)
        if o == -1 or not t.endswith(_TEXT_COMMANDS, 0, o):
            q = brace
            break
        end = o
    if q < low:
        return None
    gap = t[q + 1 : start]
    if gap_kind(gap) is None:
        return None  # no connective: the value is not read
    if gap.startswith("$"):
        opener = t.rfind("$", max(0, q - MAX_GAP * 4), q)
        if opener == -1:
            return None
        return t[opener + 1 : q + 1].strip(), gap, opener
    j = value_start(t, q + 1)
    if j == -1:
        return None
    return t[j : q + 1], gap, j


def stands_last(t: str, p: int) -> bool:
    """Whether the number at ``t[p]`` ends its clause (``or 4.``, ``(or 20)``, ``maybe 4?``)
    or is followed by a further alternative (``or 4 or 5``).

    ``\\boxed{12}, and 13 is not a root`` names 13 as the subject of a new statement, not as
    a second answer. A LaTeX value (``\\frac``, ``\\boxed``) counts as ending its clause.
    """
    n = len(t)
    if not ("0" <= t[p] <= "9"):
        return True
    q = p
    while q < n and q - p < 40 and ("0" <= t[q] <= "9" or t[q] in ".,"):
        q += 1
    while q < n and q - p < 80 and t[q] in " \t":
        q += 1
    if q > p and t[q - 1] in ".," and (q >= n or t[q] in " \t\n"):
        return True
    # ... or goes on to a further alternative: "2 or maybe 3", "2, or 3"
    return q >= n or t[q] in ".,;:)$}?!\n\\" or t.startswith(("or ", "or,"), q)


_GROUPS = {"\\boxed": 1, "\\fbox": 1, "\\frac": 2, "\\dfrac": 2, "\\tfrac": 2, "\\sqrt": 1}


def value_at(t: str, p: int) -> str | None:
    """The value starting at ``t[p]`` (as :func:`next_value` finds it), or None.

    A number (``4``, ``2.5``, ``1,000``), or a LaTeX value with its brace groups
    (``\\\\frac{1}{2}``, ``\\\\sqrt{3}``; a box gives its content), at most 256 characters.
    """
    n = len(t)
    if "0" <= t[p] <= "9":
        q = p
        while q < n and q - p < 40 and ("0" <= t[q] <= "9" or t[q] in ".,"):
            q += 1
        start = p - 1 if p > 0 and t[p - 1] == "-" else p
        return t[start:q].rstrip(".,")
    for name, groups in _GROUPS.items():
        if t.startswith(name, p) and not t[p + len(name) : p + len(name) + 1].isalpha():
            q = p + len(name)
            for _ in range(groups):
                while q < n and t[q] == " ":
                    q += 1
                if q < n and t[q] == "[" and name == "\\sqrt":
                    q = t.find("]", q, q + 16)
                    if q == -1:
                        return None
                    q += 1
                if q >= n or t[q] != "{":
                    return None
                close = _close_brace(t, q, 256)
                if close == -1:
                    return None
                q = close + 1
            if name in ("\\boxed", "\\fbox"):
                return t[p + len(name) : q].strip()[1:-1].strip()
            return t[p:q]
    return None


def _close_brace(t: str, k: int, reach: int) -> int:
    """Index of the brace closing ``t[k] == "{"`` within ``reach`` characters, or -1."""
    depth = 0
    for q in range(k, min(len(t), k + reach)):
        c = t[q]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return q
    return -1
