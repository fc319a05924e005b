"""The final sentence and the last number: where they are and whether a reply ended.

Helpers of :mod:`rftkit.rewards.extract` for its ``final_sentence`` and ``last_number`` rules.
Standard library only: this module ships inside every reward Lambda (no typing at run time,
patterns compiled on first use).
"""

from __future__ import annotations

import re

from rftkit.rewards.equation_parts import GROUPS as _GROUPS
from rftkit.rewards.equations import HEDGE_WORDS, named_before
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import MAX_SPAN, Number, Token, has_digit, numbers_equal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

__all__ = [
    "drop_modifiers",
    "droppable",
    "finished",
    "is_hedge",
    "neighbours",
    "operation",
    "without_spans",
]


# -- the final sentence and the last number --------------------------------------------------

# What may end a finished reply: ASCII stops and closers, and their common non-ASCII forms
# (an ellipsis, curly closing quotes, guillemets, CJK and full-width stops and brackets).
_FINISHERS = frozenset(
    ".!?)]}$*`\"'|>\u2026\u2019\u201d\u00bb\u203a\u3002\uff0e\uff01\uff1f\uff09\u300d\u300f\u3011"
    "\u0964\u0965"  # the Devanagari danda and double danda
)
# Stops of other scripts that end a sentence with no space after them: the CJK
# ideographic full stop, the full-width exclamation and question marks, and the Devanagari
# dandas (not the full-width "\uff0e": a decimal point in full-width numbers).
_WIDE_STOPS = "\u3002\uff01\uff1f\u0964\u0965"
_SENTENCE_REACH = 400  # characters read back from the end of the final sentence
_ANSWER_LINE = 200  # longest unterminated final line that may still be an answer line
_GAP_MARKS = frozenset(",;/-~()[]")


def finished(t: str) -> bool:
    """Does the reply end like a finished text (so its last number may be its answer)?

    Yes when it ends with a sentence end or a closing mark (``. ! ? ) ] } $ * ` " ' | >``,
    an ellipsis, a curly closing quote, a guillemet, a CJK or full-width stop or bracket,
    a Devanagari danda),
    or when its final line is an answer line: arithmetic and at most one word before the
    number (``72``, ``8 * 9 = 72``, ``x = 72``), or a label ending in ``:`` or ``=``
    (``Total: 72``), and at most two words after it (``72 apples``). A final line of prose
    that stops without a full stop (``Natalia sold 48+24 = 72 clips altog``), or an
    unclosed code block, is a reply cut off mid-solution.

    Example:
        >>> finished("So she makes $18 every day."), finished("Total: 18")
        (True, True)
        >>> finished("Natalia sold 48+24 = 72 clips altog")
        False
    """
    body = t.rstrip()
    if not body:
        return True
    end = body[-1]
    if end > "\x7f" or end in _RULE_CHARS:
        # An emoji after the last sentence ("... per day. \U0001f60a") or a closing
        # Markdown rule ("---") ends nothing and cuts nothing: the reply ends where the
        # text before them ends.
        body = _strip_decoration(body)
        if not body:
            return True
        end = body[-1]
    if "`" in body and body.count("```") % 2:
        return False
    if end in _FINISHERS:
        # "**" and "$" close only what they opened on the line: "3*" and "costs $" do not.
        # (The last line is cut out only here: most replies end in a full stop.)
        if end == "*":
            line = body.rpartition("\n")[2]
            if body.endswith("**"):
                return line.count("**") % 2 == 0
            return _italic_end(line)  # "*Note: ... sold.*", not "3*" or "2*3*"
        if end == "$":  # an escaped "\\$" (a dollar sign in LaTeX) opens nothing: "$\\$18$"
            line = body.rpartition("\n")[2]
            return (line.count("$") - line.count("\\$")) % 2 == 0
        return True
    if end in _OPEN_MARKS or (end in "xX" and body[-2:-1] == " "):
        # A line that stops on an operator, an opening bracket or a comma was cut inside
        # an expression ("Total = 18 +", "18 /", "= 18,"): its last number is no result.
        return False
    # (rpartition: one C call without the argument parsing of rfind's, about 800
    # instructions fewer per reply cut off)
    line = body.rpartition("\n")[2].strip(" \t*_#>-")
    if len(line) > _ANSWER_LINE:
        return False  # an unterminated line this long is not an answer line like "x = 72"
    if ":" not in line:
        # No label (most replies cut off): what _answer_line says of a line of prose cut
        # off (two words, then a digit) and of a line with no digit, by one match, without
        # its search for the last digit (a parity test holds them equal).
        m = (_CUT_PROSE[0] if _CUT_PROSE else _cut_prose()).match(line)
        if m is None:  # no digit
            return "answer is " in line.lower() and answer_in_words(line)
        if m.lastindex is None:  # prose cut off: two words, then a digit
            return False
    return _answer_line(line)


def _answer_line(line: str) -> bool:
    """:func:`finished` on an unterminated last line: is it an answer line?"""
    # The last digit (_last_digit, inline: the line is short): strip the ASCII that is no
    # digit off its end; the plain search only when a non-ASCII character stops the strip.
    last_digit = len(line.rstrip(_NOT_DIGITS)) - 1
    if last_digit != -1 and line[last_digit] not in "0123456789":
        last_digit = _last_digit(line, last_digit + 1)
    if last_digit == -1:
        # Prose that stops without a full stop; or an answer line in words ("Answer: eighteen"),
        # which has a label or says "answer is" (answer_in_words' first test, without a call).
        return (":" in line or "answer is " in line.lower()) and answer_in_words(line)
    # The line before its last number, after a label ("Total:", "Final Answer:").
    colon = line.find(":", 0, last_digit)
    # A line of prose cut off (most replies that stop without a stop): no label, and two
    # words before the number. What the reading below says then, by one match.
    if colon == -1 and (_TWO_WORDS[0] if _TWO_WORDS else _two_words()).match(line, 0, last_digit):
        return False
    rx = _WORD[0] if _WORD else _word_rx()
    if len(rx.findall(line, last_digit + 1)) > 2:
        return False
    # "72", "8 * 9 = 72", "x = 72", "Total: 72", "Red = 3*156 + 8 = 476 cm"; not
    # "Thus, 19 - 11 = 8" or "therefore 24 - 8 = 16 doughnuts are": no word, or one word
    # that does not end with a comma (the first two words of _words(before) decide).
    if colon == -1:  # (and fewer than two words: the match above)
        first = rx.search(line, 0, last_digit)
        return first is None or not first.group().endswith(",")
    before = line[:last_digit]
    if len(before[:colon].split()) <= 3:
        before = before[colon + 1 :]
    first = rx.search(before)
    if first is None:
        return True
    return rx.search(before, first.end()) is None and not first.group().endswith(",")


def _two_words() -> re.Pattern[str]:
    """Two words (:func:`_words`, the second after a space that follows the first): matched
    at a text's start, as the second search of :func:`_words`' pattern finds them."""
    if not _TWO_WORDS:  # compiled on first use
        _TWO_WORDS.append(re.compile(r"[^A-Za-z]*[A-Za-z]\S*\s[^A-Za-z]*[A-Za-z]"))
    return _TWO_WORDS[0]


_TWO_WORDS: list[re.Pattern[str]] = []


def _cut_prose() -> re.Pattern[str]:
    """:func:`_two_words`, then a digit after them: a line that matches has a digit after
    its first two words, so :func:`_two_words` matches it up to its last digit (each part
    of the pattern matches in one way only: linear, no backtracking). Else, a digit (group
    1): the line has one, before its second word. No match: the line has no digit. (One
    match for both questions: a match call costs about 1,300 instructions.)"""
    if not _CUT_PROSE:  # compiled on first use
        _CUT_PROSE.append(
            re.compile(r"[^A-Za-z]*[A-Za-z]\S*\s[^A-Za-z]*[A-Za-z][^0-9]*+[0-9]|[^0-9]*+([0-9])")
        )
    return _CUT_PROSE[0]


_CUT_PROSE: list[re.Pattern[str]] = []


def answer_in_words(line: str) -> bool:
    """Is ``line`` (no digit in it) an answer line in words, as ``Total: 72`` is in digits?

    A label of at most three words and ``:`` (``Answer: eighteen``, ``**Final answer:**
    twenty-five``), or ``answer is`` (``The answer is eighteen``), then one number in words
    (:func:`number_words.number_words`) and at most two words after it (``eighteen
    dollars``). A reply that stops there ended, as one that stops after ``Answer: 18`` does.
    """
    low = line.lower()
    colon = line.find(":")
    if colon != -1 and len(line[:colon].split()) <= 3:
        rest = line[colon + 1 :]
    elif (k := low.find("answer is ")) != -1:
        rest = line[k + 10 :]
    else:
        return False
    rest = rest.strip(" \t*_`")
    said = number_words(rest)
    if len(said) != 1 or said[0].start != 0:
        return False
    rx = _WORD[0] if _WORD else _word_rx()
    return len(rx.findall(rest, said[0].end)) <= 2


def _italic_end(line: str) -> bool:
    """Does ``line`` end by closing an italic it opened (``*Note: all 9 are sold.*``)?

    The opening ``*`` starts the line or follows a space or an opening bracket or quote,
    and text, no space, follows it; the closing one follows text, no space or operator.
    """
    k = line.rfind("*", 0, len(line) - 1)
    return (
        k != -1
        and (k == 0 or line[k - 1] in " \t(\"'>")
        and line[k + 1 : k + 2] not in ("", " ", "\t", "*")
        and line[-2] not in " \t+-/=(,^*"
    )


def later_statement(t: str, end: int, within: bool = False) -> tuple[str, bool] | None:
    """The final sentence of ``t`` when it concludes after an answer that ends at ``end``.

    Returns ``(sentence, corrected)`` when the reply ended (:func:`finished`), its final
    sentence starts after ``end`` (or ``within`` it, for an answer in a container: from
    ``end`` on) and holds a digit, and either the text after the answer
    takes it back (``wait``, ``actually``, ``mistake``, ``error``, ``oops``, ``correction``,
    ``sorry``, ``recalculat``, ``let me re``, ``I was wrong``, in the final sentence or
    before it: ``corrected``) or the
    sentence opens as a conclusion (``So``, ``Thus``, ``Therefore``, ``Hence``, ``In
    total``, ``Altogether``, ``Overall``, ``Finally``, ``That means``, ``This means``, ``In
    conclusion``, ``The total``). Else None: ``Check: 9 x 2 = 18.`` and ``(She sells 9
    eggs.)`` explain an answer, they state none. Reads at most 1,000 characters back.
    """
    if not has_digit(t[end:]):
        return None
    cut = not finished(t)
    if cut and not any(cue in t[max(end, len(t) - 1000) :].lower() for cue in _CORRECTIONS):
        return None  # cut off, but taking nothing back: the answer stands
    # (Cut off in a correction, "#### 18\nWait, 20": its last words are read as one.)
    body = t.rstrip()
    start = _sentence_start(body, len(body.rstrip(_FINISHER_CHARS)))
    if start < end:
        if not within:
            return None  # the final sentence holds the answer itself
        # After a container, the rest of its sentence may still conclude ("<answer>18
        # </answer> Therefore, she makes $20.").
        start = end
    sentence = body[start:]
    if not has_digit(sentence):
        return None
    between = t[max(end, start - 1000) :].lower()
    if cut or any(cue in between for cue in _CORRECTIONS):
        return sentence, True
    if sentence.lstrip(" *_#>-").lower().startswith(_CONCLUSIONS):
        return sentence, False
    return None


def mentions(sentence: str, number: Number) -> bool:
    """Does ``sentence`` use ``number``: a token of its value, or its digits as written
    (``26`` in ``26 billion miles``, ``2`` in ``$2k``; not ``49`` in ``$0.49``, nor ``18``
    in ``18.5``, ``18,000`` or ``-18``)?"""
    from rftkit.rewards.numbers import clean_latex, numbers_equal, scan

    for tok in scan(clean_latex(sentence)):
        if tok.number is not None and numbers_equal(tok.number, number):
            return True
    digits = str(number)
    k = sentence.find(digits)
    while k != -1:
        before = sentence[k - 1 : k] if k else ""
        e = k + len(digits)
        after = sentence[e : e + 1]
        if (
            before not in _DIGIT_MARKS
            and before != "-"  # "-3" is no 3
            and (not after or after not in "0123456789")
            and not (after in ".," and sentence[e + 1 : e + 2].isdigit())  # "18.5", "18,000"
        ):
            return True
        k = sentence.find(digits, k + 1)
    return False


_DIGIT_MARKS = frozenset("0123456789.,")
_FINISHER_CHARS = "".join(sorted(_FINISHERS))
_CORRECTIONS = (
    "wait",
    "actually",
    "mistake",
    "error",
    "oops",
    "correction",
    "sorry",
    "recalculat",
    "let me re",
    "i was wrong",
)
_CONCLUSIONS = (
    "so ",
    "so,",
    "thus",
    "therefore",
    "hence",
    "in total",
    "altogether",
    "overall",
    "finally",
    "that means",
    "this means",
    "in conclusion",
    "the total",
)


# Unicode categories of the trailing characters finished() reads past: symbols (emoji,
# dingbats, modifiers such as skin tones), combining and enclosing marks (variation
# selectors, keycaps) and format characters (the zero-width joiner of emoji sequences).
# Math symbols (Sm: "\u00f7", "\u2212") are not among them: a reply ending in one was cut.
_TRAILING_SYMBOLS = frozenset({"So", "Sk", "Mn", "Me", "Cf"})
_RULE_CHARS = "-*_=~"  # a final line of three or more of these (and spaces) is a rule
# What a line cut inside an expression ends with (after trailing spaces): an operator, an
# opening bracket, a comma. A standalone "x" too (checked apart: "box" ends a word).
_OPEN_MARKS = frozenset("+-/=([{,^\u00d7\u00f7\u00b7")


def _strip_decoration(body: str) -> str:
    """``body`` without the emoji, symbols, spaces and Markdown rules at its end.

    Reads at most 64 characters back per line and four lines, rules of at most 200
    characters; one ``unicodedata`` lookup per non-ASCII character read. One copy at most.
    """
    end = len(body)
    for _ in range(4):
        lo = max(0, end - 64)
        while end > lo:
            c = body[end - 1]
            if not (c.isspace() or (c > "\x7f" and _symbol(c))):
                break
            end -= 1
        start = body.rfind("\n", 0, end) + 1
        if not 3 <= end - start <= _ANSWER_LINE or body[start:end].strip(" \t" + _RULE_CHARS):
            break
        end = start  # a rule line ("---", "***", "___"): the text before it
    return body[:end]


def _symbol(c: str) -> bool:
    import unicodedata  # only for a reply that ends in a non-ASCII character

    return unicodedata.category(c) in _TRAILING_SYMBOLS


def _words(s: str) -> list[str]:
    """The whitespace-separated words of ``s`` that hold a letter."""
    return (_WORD[0] if _WORD else _word_rx()).findall(s)


def _word_rx() -> re.Pattern[str]:
    if not _WORD:
        # A letter, then the rest of its word (no leading repeat: linear on any text).
        _WORD.append(re.compile(r"[A-Za-z]\S*"))
    return _WORD[0]


_WORD: list[re.Pattern[str]] = []


def is_hedge(gap: str) -> bool:
    """Does the text between two numbers offer both as answers (``72 or 73``, ``5-6``)?

    Example:
        >>> is_hedge(" or "), is_hedge(", "), is_hedge(" * "), is_hedge(" apples and ")
        (True, True, False, False)
    """
    if gap in _COMMON_HEDGES:  # the gaps models write most, each one the pattern accepts
        return True
    if ("ybe" in gap or "aps" in gap or "ly" in gap or "ven" in gap) and _adverb_hedge(gap):
        return True  # "18 pages, or maybe 20", "$18 a day, perhaps 20", "or arguably 20"
    if "(" in gap and ")" in gap:
        gap = _without_remarks(gap)  # "18 (per day) or 126": the remark offers no value
    # After the spaces and list marks the pattern reads one by one, a letter that starts no
    # hedge word ("flowers", "so the total") ends it: no pattern needed.
    if gap[:1] in _NO_HEDGE_START or gap.lstrip(_HEDGE_MARKS)[:1] in _NO_HEDGE_START:
        return False
    rx = _HEDGE_GAP
    if not rx:  # compiled on first use: a cold start that never needs it pays nothing
        words = sorted((w for w in HEDGE_WORDS if w.isalpha()), key=len, reverse=True)
        # Whitespace, list marks, emphasis, currency, a plus-minus sign ("18 \u00b1 2",
        # "18 +/- 2": a range, not one value) and the hedge words, nothing else.
        rx.append(
            re.compile(
                r"(?:\*\*|\u00b1|\+/?-|[\s,;/\-~()\[\]$\\]|(?<![A-Za-z])(?:"
                + "|".join(words)
                + r")(?![A-Za-z]))*",
                re.IGNORECASE,
            )
        )
    return rx[0].fullmatch(gap) is not None


# Adverbs that offer the number after them as another answer (docs/graders.md, "Several
# answers"): after "or", or alone after a comma or space.
HEDGE_ADVERBS: Final = (
    "maybe", "perhaps", "possibly", "probably", "likely", "arguably", "conceivably",
    "potentially", "plausibly", "presumably", "supposedly",
)  # fmt: skip
# A hedge adverb before the second number, after "or" or alone, with at most three words of
# unit between the numbers: "18 pages, or maybe 20", "18 dollars a day, perhaps 20". After
# "or", any one adverb in -ly offers the number too ("18, or roughly 20", "or exactly 20"),
# and so does "or even" ("$18, or even $20"); not "or rather", a correction.
_HEDGED_ENDS = tuple(f"{lead}{word}" for lead in (" or ", " ", ",") for word in HEDGE_ADVERBS)
_HEDGED_ENDS += (" or even",)
_MAX_UNIT_WORDS = 3
_CLAUSE_WORDS = frozenset({"then", "which", "that", "is", "was", "but", "will", "would"})


def _adverb_hedge(gap: str) -> bool:
    """Does ``gap`` end with a hedge adverb (``or maybe``, ``perhaps``, ``possibly``,
    ``probably``) after at most three words naming the first number's unit?"""
    low = gap.rstrip(" \t$\\").lower()  # a currency sign before the number: "or maybe $20"
    end = next((e for e in _HEDGED_ENDS if low.endswith(e)), None)
    if end is None:
        k = low.rfind(" or ")
        last = low[k + 4 :]
        if k == -1 or not last.endswith("ly") or not last.isalpha():
            return False
        end = low[k:]  # "or roughly": one -ly adverb after "or"
    words = low[: len(low) - len(end)].replace(",", " ").split()
    return len(words) <= _MAX_UNIT_WORDS and all(
        w.isalpha() and w not in _NOT_UNITS and w not in _CLAUSE_WORDS for w in words
    )


def _without_remarks(gap: str) -> str:
    """``gap`` without its bracketed remarks that hold no digit (``(per day)``)."""
    out = gap
    k = out.find("(")
    while k != -1:
        close = out.find(")", k)
        if close == -1:
            break
        if has_digit(out[k:close]):
            k = out.find("(", k + 1)
            continue
        out = out[:k] + " " + out[close + 1 :]
        k = out.find("(", k)
    return out


def neighbours(
    s: str, tokens: list[Token], index: int, number: Number
) -> tuple[Number, str | None, int]:
    """``(number, rejected, n_candidates)`` for the answer ``tokens[index]`` (``number``)
    of a sentence ``s``, by the numbers beside it.

    A different number joined to it by a hedge (:func:`is_hedge`: ``72 or 73``) is a
    second answer (``multiple_answers``); an operation left undone between it and a
    neighbour (:func:`operation`: ``12 * 3``, ``5+4``) makes it several numbers, as in an
    answer container (``#### 5 + 4``). One value in two notations (``0.60 or 60%``, ``50
    or 50%``) is one answer, the percentage, which equals what either notation equals.
    """
    for a, b in ((index - 1, index), (index, index + 1)):
        if a < 0 or b >= len(tokens):
            continue
        other = tokens[a if b == index else b].number
        gap = s[tokens[a].end : tokens[b].start]
        if len(gap) < 12 and gap.strip(_OPERATION_PAD) in _OPERATIONS:  # operation(gap)
            return number, "several_numbers", 1
        if (
            b == index
            and a
            and other is not None
            and other.value == number.value
            and not other.percent
            and not gap.strip(" $")
        ):
            # The same value twice, a count and its price ("3 to 10 $10 tickets"): the
            # number before the pair is the count's neighbour, as with the price dropped.
            other = tokens[a - 1].number
            gap = s[tokens[a - 1].end : tokens[a].start]
            if len(gap) < 12 and gap.strip(_OPERATION_PAD) in _OPERATIONS:
                return number, "several_numbers", 1
        if (
            other is None
            or (other.value == number.value and not other.percent)
            or not is_hedge(gap)
        ):
            continue
        if numbers_equal(other, number):
            if other.percent:
                number = other
            continue
        return number, "multiple_answers", 2
    return number, None, 1


def operation(gap: str) -> bool:
    """Does ``gap`` join two numbers by an operation left undone (``12 * 3``, ``5+4``)?

    ``+``, ``*``, ``x``, ``\u00d7``, ``\u00f7``, ``\u00b7``, ``times``, ``\\times`` or
    ``\\cdot`` alone, with spaces or a currency sign around it. A subtraction or ``/`` is
    a hedge already (``5-6``, ``18/20``: :func:`is_hedge`).

    Example:
        >>> operation(" * "), operation("+"), operation(" x $"), operation(" boxes of ")
        (True, True, True, False)
    """
    return len(gap) < 12 and gap.strip(_OPERATION_PAD) in _OPERATIONS


_OPERATION_PAD = " $\\"  # spaces, currency signs, and the backslash of "\\times"

_OPERATIONS = frozenset({"+", "*", "x", "X", "\u00d7", "\u00f7", "\u00b7", "times", "cdot"})
_HEDGE_GAP: list[re.Pattern[str]] = []
_COMMON_HEDGES = frozenset(
    {" or ", ", ", ", or ", " and ", ", and ", " to ", "-", " - ", "/", " / ", " or maybe "}
)
_HEDGE_MARKS = " \t\n\r\f\v,;/-~()[]$\\"  # ASCII members of the pattern's one-character class
_NO_HEDGE_START = frozenset(
    c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" if c.lower() not in "oantemp"
)


_CLAUSE_BREAKS = (", ", "; ", " so ", " thus ", " therefore ", " which ", " making ")


_CLAUSE_BREAK: list[re.Pattern[str]] = []


def _clause_break() -> re.Pattern[str]:
    """Any of the clause breaks :func:`_later_clause` looks for (one search for all)."""
    if not _CLAUSE_BREAK:
        _CLAUSE_BREAK.append(re.compile("|".join(re.escape(b) for b in _CLAUSE_BREAKS)))
    return _CLAUSE_BREAK[0]


def _later_clause(s: str, start: int) -> int:
    """Where the first new clause after ``start`` begins ("..., so the total is"), or -1."""
    found = -1
    for b in _CLAUSE_BREAKS:
        k = s.find(b, start)
        if k != -1 and (found == -1 or k < found):
            found = k
    return found


def _sentence_start(t: str, end: int) -> int:
    """Where the sentence that ends at ``end`` starts (at most 400 characters back).

    After the last stop before ``end`` (``". "``, ``"! "``, ``"? "`` or ``".\t"``, all of
    it before ``end``; not a full stop after an abbreviation, ``Ms.``, ``e.g.``; or, with
    no space needed, a CJK ``\u3002`` ``\uff01`` ``\uff1f`` or a Devanagari danda
    ``\u0964`` ``\u0965``, and ``!`` or ``?`` before a non-ASCII character, which is what
    NFKC makes of ``\uff01`` and ``\uff1f``) on the line, else at the line start. Each stop
    is found from its first character, a one-character search (memrchr); a two-character
    search is a slower byte loop in CPython.
    """
    lo = end - _SENTENCE_REACH if end > _SENTENCE_REACH else 0
    start = t.rfind("\n", lo, end) + 1
    start = start if start >= lo else lo  # (no max(): a builtin call costs more than a test)
    hi = end - 1  # a stop's first character, followed by its second before ``end``
    if hi <= start:
        return start
    rf = t.rfind
    # Most final sentences hold no full stop before their end: a slice and an "in" test cost
    # less than a bounded rfind that finds nothing (about a third), and the slice serves below.
    seg = t[start:hi]
    k = rf(".", start, hi) if "." in seg else -1
    while k != -1 and (t[k + 1] not in " \t" or _abbreviation(t, start, k)):
        k = rf(".", start, k)
    # "!" and "?" after the last full stop (no max(): a builtin call costs more than a test).
    # Most replies hold neither: a memchr over the text costs less than a bounded rfind; and
    # most sentences of a reply that holds one (its question) hold neither: one search each
    # before the loop (from the same start: a mark before k is never taken), as "in" tests on
    # the slice after the stop.
    after = k + 1 if k >= start else start
    if ("!" in t or "?" in t) and (
        "?" in (seg := seg if after == start else t[after:hi]) or "!" in seg
    ):
        for mark in "!?":
            j = rf(mark, after, hi)
            while j != -1 and t[j + 1] != " ":
                j = rf(mark, after, j)
            k = j if j > k else k
    if not t.isascii() and not t[start:end].isascii():  # O(1) first: the reply's flag
        wide = -1  # the last wide stop: only a sentence that is not ASCII may hold one
        for mark in _WIDE_STOPS:
            j = rf(mark, start, end)
            wide = max(wide, j)
        for mark in "!?":  # "\uff01", "\uff1f" after NFKC: before a non-ASCII character
            j = rf(mark, start, hi)
            while j != -1 and t[j + 1] <= "\x7f":
                j = rf(mark, start, j)
            wide = max(wide, j)
        if wide != -1 and wide + 1 > (start if k == -1 else k + 2):
            return wide + 1  # "0.33\u3002\u603b\u5171 12": after the stop, with no space
    return start if k == -1 else k + 2


# Abbreviations whose full stop ends no sentence ("Ms. Alice can grade 407 papers"): titles
# and the Latin and measuring abbreviations that stand before more of the same sentence.
# Not "etc." or units ("5 kg."), which often do end one.
_ABBREVIATIONS = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Prof", "vs", "e.g", "i.e", "approx", "sq"}
    | {"(e.g", "(i.e"}  # "20 apples (i.e. 100 - 80)": one sentence
    | {"P.S", "P.P.S", "N.B"}  # an aside's label opens its sentence (closings)
)


def _abbreviation(t: str, start: int, k: int) -> bool:
    """Does the word before the full stop at ``k`` (after ``start``) abbreviate one?

    The word runs back from ``k`` to a space (at most 7 characters) or to ``start``.
    """
    lo = k - 7 if k - 7 > start else start
    j = t.rfind(" ", lo, k)
    if j == -1:
        if lo != start:
            return False  # a word longer than any abbreviation
        j = start - 1
    word = t[j + 1 : k]
    # "at 8:30 a.m. or 38" is one sentence (clock_times reads the time in it); "at 4 p.m. So"
    return word in _ABBREVIATIONS or (word in _HALF_DAYS and not t[k + 2 : k + 3].isupper())


_HALF_DAYS = frozenset({"a.m", "p.m", "A.M", "P.M"})


def _sentence_end(t: str, k: int) -> int:
    """Where the sentence holding position ``k`` ends (a stop after an abbreviation does not;
    the stops of :func:`_sentence_start`)."""
    end = len(t)
    limit = min(len(t), k + MAX_SPAN)
    for stop in ("\n", ". ", "! ", "? ") if t.isascii() else ("\n", ". ", "! ", "? ", *_WIDE_STOPS):
        j = t.find(stop, k, limit)
        while stop == ". " and j != -1 and _abbreviation(t, k, j):
            j = t.find(stop, j + 1, limit)
        if j != -1 and j < end:
            end = j + 1
    return end


def _last_digit(t: str, end: int | None = None) -> int:
    """Where the last ASCII digit of ``t[:end]`` is, or -1."""
    hi = len(t) if end is None else end
    if end is None:
        # The last digit is mostly a few characters from the end: strip what follows it
        # (ASCII that is no digit) off the last 48 characters; the ten searches below only
        # when that tail holds no digit or a non-ASCII character stops the strip.
        lo = hi - 48 if hi > 48 else 0
        tail = t[lo:] if lo else t
        k = len(tail.rstrip(_NOT_DIGITS)) - 1
        if k != -1 and tail[k] in "0123456789":
            return lo + k
        if k == -1 and not lo:
            return -1
        hi = lo + k + 1
    rf = t.rfind
    return max(
        rf("0", 0, hi),
        rf("1", 0, hi),
        rf("2", 0, hi),
        rf("3", 0, hi),
        rf("4", 0, hi),
        rf("5", 0, hi),
        rf("6", 0, hi),
        rf("7", 0, hi),
        rf("8", 0, hi),
        rf("9", 0, hi),
    )


# Every ASCII character but the digits, the commonest in replies first (str.rstrip looks
# each character up in this text).
_NOT_DIGITS = (
    " etaoinsrhldcumfpgwybvkxjqzETAOINSRHLDCUMFPGWYBVKXJQZ.,=+-*/$:;!?()[]{}'\"%&#@^_`|~<>"
    "\\\t\n\r\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15"
    "\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"
)


_PLAIN_TAIL: list[re.Pattern[str]] = []
# An integer that numbers.scan reads as written: ``72`` or ``1,234`` (valid thousands
# groups), with nothing after it that could extend it (fraction, decimal, exponent, power,
# scale word, percent, mixed number): every character that would make ``scan`` look further
# is refused, so a match is always the plain value.
_PLAIN_INT = (
    # Not bound into an expression or a word (equations.bound_number): no letter, "_", "/",
    # "^" or root sign right before it, nor one of them and a bracket ("x2", "f(2)", "/(2)").
    "(?<![A-Za-z_/^\u221a\u221b])(?<![A-Za-z/^\u221a\u221b][({])"
    r"([0-9]{1,15}|[1-9][0-9]{0,2}" + _GROUPS + ")"
    r"(?![0-9/^x*\\%phtmbkHTMBK\u00d7\u00b7]|,[0-9]|\.[0-9]|[eE][-+]?[0-9]"
    r"| (?:[0-9 x*\\^%\u00d7\u00b7]|(?i:hundred|thousand|million|billion|trillion)|percent))"
)


def _after_name(s: str, k: int) -> bool:
    """Is the integer a shortcut read at ``k`` the argument of a function named before it
    (``ln 2``, :func:`equations.spaced_name`)? The result right after an ``=`` never is."""
    return named_before(s, k)


def _plain_tail() -> re.Pattern[str]:
    """After an "=": spaces, a plain integer, then optionally text and one more.

    The second integer must not follow a "-" (a sign) or a "." (a decimal point).
    """
    if not _PLAIN_TAIL:
        _PLAIN_TAIL.append(
            re.compile(r" *" + _PLAIN_INT + r"(?:([^0-9]*+)(?<![-.])" + _PLAIN_INT + r")?")
        )
    return _PLAIN_TAIL[0]


_RIGHT_AFTER = r"[ .,+\-*/x\u00d7\u00f7\u00b7(\[$]*+(?![0-9)\]%]|\\times|\\cdot)"
# -- a count, then a number that is part of a unit or a price ----------------------------------

# Words that make the number before them a value of its own: hedges, scales, and "x" (times).
_NOT_UNITS = HEDGE_WORDS | {"hundred", "thousand", "million", "billion", "trillion", "percent", "x"}
_CURRENCY = "$\u20ac\u00a3\u00a5\u20b9\u00a2"  # $ € £ ¥ ₹ ¢
_NUMBER_CHARS = "0123456789,."
_DIGITS = "0123456789"
_NOT_BEFORE_COUNT = "/\\_^" + _CURRENCY  # a count is no price, denominator or bound number
_MODIFIER_PATTERNS: list[re.Pattern[str]] = []


def _modifier_patterns() -> list[re.Pattern[str]]:
    """A number as a count, price or size is written (``1,000``, ``2.50``); a word after spaces."""
    if not _MODIFIER_PATTERNS:
        _MODIFIER_PATTERNS.append(re.compile(r"[0-9][0-9,]{0,20}+(?:\.[0-9]{1,20})?"))
        _MODIFIER_PATTERNS.append(re.compile(r"[ \t]+([A-Za-z]+)"))
        _MODIFIER_PATTERNS.append(re.compile(r"[A-Za-z]+"))
    return _MODIFIER_PATTERNS


_HINTS: list[re.Pattern[str]] = []


def _hints() -> list[re.Pattern[str]]:
    """Where a price or size may follow a count: each pattern starts with its literal.

    A ``$`` (or, in non-ASCII text, any currency sign) after a space, tab or backslash
    that follows a digit or a space; a ``-`` between a digit and a letter.
    """
    if not _HINTS:
        sign = "[" + _CURRENCY + "]"
        after = r"(?<=[0-9 \t][ \t\\]" + sign + ")"
        _HINTS.append(re.compile(r"\$" + after))
        _HINTS.append(re.compile(sign + after))
        _HINTS.append(re.compile(r"-(?<=[0-9]-)[A-Za-z]"))
    return _HINTS


def _count_before(s: str, end: int) -> bool:
    """Does a count end at ``end``, after spaces that end there... (see :func:`drop_modifiers`)."""
    i = end
    while i and s[i - 1] in _NUMBER_CHARS:
        i -= 1
    if i == end or (i and (s[i - 1] in _NOT_BEFORE_COUNT or s[i - 1].isalpha())):
        return False  # a price, a denominator, or a number bound into a word ("inch2")
    return _modifier_patterns()[0].fullmatch(s, i, end) is not None


def _price_after_count(s: str, k: int) -> tuple[int, int] | None:
    """The span of `` $10`` in ``2 $10 bills`` for the currency sign at ``k``, or None."""
    j = k - 1 if k and s[k - 1] == "\\" else k
    i = j
    while i and s[i - 1] in " \t":
        i -= 1
    if i == j or not _count_before(s, i):
        return None
    q = k + 1
    while q < len(s) and s[q] in _NUMBER_CHARS:
        q += 1
    number, word, _ = _modifier_patterns()
    if q == k + 1 or number.fullmatch(s, k + 1, q) is None:
        return None
    w = word.match(s, q)
    if w is None or w.group(1).casefold() in _NOT_UNITS:
        return None  # "2 $10 or 3", "2 $10 thousand", "72 $73.": two values
    return i, q


def _size_after_count(s: str, k: int) -> tuple[int, int] | None:
    """The span of ``18-`` in ``80 18-inch`` for the hyphen at ``k``, or None."""
    i = k
    while i and s[i - 1] in _NUMBER_CHARS:
        i -= 1
    number, _, letters = _modifier_patterns()
    if i == k or number.fullmatch(s, i, k) is None:
        return None
    j = i
    while j and s[j - 1] in " \t":
        j -= 1
    if j == i or not _count_before(s, j):
        return None
    w = letters.match(s, k + 1)
    if w is None or w.group().casefold() in _NOT_UNITS:
        return None  # "72 73-or-so": two values
    return i, k + 1


def drop_modifiers(sentence: str) -> str:
    """``sentence`` without the prices and sizes that describe a count.

    A number right after a count, with only spaces between, is part of what is counted
    when it is a price before a word (``2 $10 bills``, ``3 €5 notes``) or glued to a
    hyphenated unit (``80 18-inch lengths``, ``56 6-inch pencils``): it is dropped, and
    the count is the sentence's number there. Two bare values (``72 73``, ``$72 $73``,
    ``72 $73.``) stay two values, and so does a number before a hedge, scale or "x"
    (``2 $10 or 3``, ``2 $10 thousand``). The count is no price and no denominator
    itself (``$72 $73 bills``, ``1/2 $5 bills``).

    Returns ``sentence`` itself when nothing is dropped. Only currency signs after a digit
    and spaces, and hyphens between a digit and a letter, are looked at (each found by a
    pattern that starts with its literal), and the text around each is read once: linear.

    Example:
        >>> drop_modifiers("So she has $20/$10 = 2 $10 bills.")
        'So she has $20/$10 = 2 bills.'
        >>> drop_modifiers("there are 80 18-inch lengths"), drop_modifiers("72 $73.")
        ('there are 80 inch lengths', '72 $73.')
    """
    cuts: list[tuple[int, int]] = []
    hints = _HINTS if _HINTS else _hints()
    if "$" in sentence or not sentence.isascii():
        rx = hints[0 if sentence.isascii() else 1]
        m = rx.search(sentence)  # a loop of searches: no iterator object in the common case
        while m is not None:
            span = _price_after_count(sentence, m.start())
            if span is not None:
                cuts.append(span)
            m = rx.search(sentence, m.end())
    if "-" in sentence:
        rx = hints[2]
        m = rx.search(sentence)
        while m is not None:
            span = _size_after_count(sentence, m.start())
            if span is not None:
                cuts.append(span)
            m = rx.search(sentence, m.end())
    return without_spans(sentence, cuts)


def without_spans(text: str, cuts: list[tuple[int, int]]) -> str:
    """``text`` without the spans ``cuts`` (``(start, end)`` pairs, in any order; a span
    that overlaps one before it is skipped), or ``text`` itself when there are none."""
    if not cuts:
        return text
    cuts.sort()
    out = []
    pos = 0
    for a, b in cuts:
        if a >= pos:
            out.append(text[pos:a])
            pos = b
    out.append(text[pos:])
    return "".join(out)


def droppable(sentence: str) -> bool:
    """Does ``sentence`` hold a price or size after a count (``2 $10 bills``)?"""
    return ("$" in sentence or "-" in sentence or not sentence.isascii()) and drop_modifiers(
        sentence
    ) is not sentence


_DIGIT_SET = frozenset("0123456789")
# The gaps between a price and its cents that name no unit ("$18 and 50 cents"): the
# only hedge gaps (is_hedge) that can join a quantity in two units (quantities._compound).
_BARE_GAPS = frozenset(
    sep + word for sep in (" ", ",", ", ", " ,", " , ") for word in ("", "and ", "And ", "AND ")
)


_MOVED = frozenset({"multiplier", "restated", "restates"})  # now in second_answers


def __getattr__(name: str) -> Any:
    """The restatement helpers at their old import path (loaded on first use)."""
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rftkit.rewards import second_answers

    return getattr(second_answers, name)
