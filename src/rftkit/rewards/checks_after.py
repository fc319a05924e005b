"""What a reply writes after its answer: a check of it, a reason for it, a comparison.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "Checks, reasons and comparisons
after the answer"). Standard library only: this module ships inside every reward Lambda (no
typing at run time, patterns compiled on first use).

* :func:`check_cut`: where a trailing check section starts (``Check: 72 - 48 = 24``,
  ``### Verification``, ``Let me verify: ...``, a line ticked ``\u2713``) after a stated
  answer. The last-line and last-sentence rules read the text before it (flag
  ``verification``); the marker rules still read the whole reply, so a marker in a check
  is an answer like any other (two answers stay two).
* :func:`reason_start`: where a justification (``because``, ``since``, ``, as``, ``given
  that``) starts after the answer in an answer statement or a final sentence (``The answer
  is 72 since May is 48/2 = 24.``): its numbers are no answers, but its equations must
  hold.
* :func:`drop_comparisons`: a comparison's operands (``because 50 < 52``, ``72 is more
  than 70``) are no answers.
"""

from __future__ import annotations

import re

from rftkit.rewards.breakdowns import breakdown_cut
from rftkit.rewards.closings import (
    ABBREVIATIONS,
    COURTESY,
    LABELS,
    closing_end,
    concludes,
    courtesy_only,
    hedged,
    hedges,
    unfinished,
    unfinished_reading,
)
from rftkit.rewards.equations import equations_hold
from rftkit.rewards.explanations import (
    REASON_REACH,
    _after_doing,
    _by_doing,
    computed,
    computing,
    source_start,
)
from rftkit.rewards.extraction import _several
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import Number, Token, clean_latex, has_digit, numbers_equal, scan
from rftkit.rewards.sections import FLAG as SECTION
from rftkit.rewards.sections import answer_section_cut
from rftkit.rewards.sentences import _CONCLUSIONS as _LATER_CONCLUSIONS
from rftkit.rewards.sentences import (
    _last_digit,
    finished,
    later_statement,
    mentions,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from rftkit.rewards.extract import Extraction, Extractor

__all__ = [
    "CHECK_REACH",
    "PROBE_REACH",
    "REASON_REACH",
    "before_check",
    "check_cut",
    "checked",
    "cut_flag",
    "drop_comparisons",
    "first_tail",
    "read_before_check",
    "reason_start",
    "unreasoned",
    "unreasoned_answer",
    "without_explanation",
    "without_reason",
]

CHECK_REACH = 800
"""Characters read back from the end for a check section (its start must be in them)."""

PROBE_REACH = 120
"""Characters from the end in which a check word or mark must appear (the probe)."""
_MAX_LINES = 16  # lines of a check section, at most
_MARKS = "\u2713\u2714\u2705\u2611"  # check marks: a line that holds one is a check line
_STOPS = frozenset(".!")  # ... unless it is one sentence after a leading mark (_line_kind)
# Words that take the answer back: a section holding one corrects, it does not check.
_CORRECTIONS = (
    "wait",
    "mistake",
    "oops",
    "sorry",
    "correction",
    "i was wrong",
    "incorrect",
    "wrong",
    "recalculat",
    "redo",
    "doesn't match",
    "does not match",
    "don't match",
    "do not match",
    "mismatch",
    "actually",
)
# A line opening so, with a digit, concludes: no check section goes on through it. The
# openers that conclude a reply (sentences.later_statement), and a total or an answer.
_CONCLUSIONS = (*_LATER_CONCLUSIONS, "total", "the answer", "answer", "final answer")
_DECORATION = " \t#>*_-+"

_OPENER: list[re.Pattern[str]] = []


def _opener() -> re.Pattern[str]:
    """A check opener at a line or sentence start (matched, not searched)."""
    if not _OPENER:
        head = (
            r"(?:double[- ]?|sanity[- ]|cross[- ]|re-?|quick(?:ly)?\s|final\s|answer\s)?"
            r"(?:check(?:ing|s)?|verif(?:y|ying|ication|ied)|confirm(?:ing|ation|ed)?)"
            r"(?![a-z])"
        )
        lead = (
            r"(?:(?:now,?\s+)?(?:let\s+me|let's|let\u2019s|let\s+us|lets|we\s+can|we\s+will|"
            r"we'll|i\s+will|i'll|i\s+can|i\s+will\s+now)\s+(?:quickly\s+|also\s+|now\s+)?"
            r"|(?:just\s+|and\s+|now\s+)?to\s+)?"
        )
        _OPENER.append(
            re.compile(
                r"[ \t#>*_\-+]{0,12}(?:\d{1,2}[.)]\s{0,3})?(?:\*\*|__)?\s{0,3}" + lead + head,
                re.IGNORECASE,
            )
        )
    return _OPENER[0]


_ASIDE: list[re.Pattern[str]] = []


def _aside() -> re.Pattern[str]:
    """An aside's opener at a line start (matched): a labelled note or assumption (``Note:``,
    ``**Note:**``, ``Assumption:``, and the labels of :data:`closings.LABELS`: ``P.S.``,
    ``Fun fact:``, ``Tip:``, ...), one in brackets or italics (``(Assuming all 9 eggs are
    sold.)``, ``*Note: ...*``), or a courtesy sentence (:data:`closings.COURTESY`: ``Let me
    know if ...``, ``I hope this helps!``). ``Note that ...`` and ``Assuming ..., she makes
    $18.`` go on with the solution: no aside."""
    if not _ASIDE:
        label = r"(?:side\s+)?notes?|assumptions?"
        _ASIDE.append(
            re.compile(
                r"[ \t#>\-+]{0,12}(?:"
                r"(?:\*\*|__)?(?:" + LABELS + r")(?:\*\*|__)?\s{0,3}(?:\*\*|__)?[:\u2014]"
                r"|[(*_]\s{0,2}(?:" + label + r"|assuming|this\s+assumes)(?![a-z])"
                r"|[(*_]\s{0,2}(?:" + LABELS + r")\s{0,3}[:\u2014]"
                r"|(?:\*\*|__|\*|_)?(?:" + ABBREVIATIONS + "|" + COURTESY + r"))",
                re.IGNORECASE,
            )
        )
    return _ASIDE[0]


def _probe(t: str) -> bool:
    """Can the reply end in a check? A check word (``heck``, ``erif``, ``onfirm``) or a
    check mark in its last :data:`PROBE_REACH` characters: three searches of a short text,
    all that a reply without a check pays. (An aside's label, a courtesy sentence or an
    announcement is probed by the rule that reads its sentence: :func:`closings.closing_head`.)"""
    tail = t[-PROBE_REACH:]
    if "heck" in tail or "erif" in tail or "onfirm" in tail or "ote" in tail or "ssum" in tail:
        return True
    return not tail.isascii() and any(m in tail for m in _MARKS)


def _line_kind(t: str, start: int, end: int) -> str:
    """``"head"`` (a check heading alone on its line: ``### Verification``, ``**Check:**``),
    ``"open"`` (a check opener starts the line), ``"mark"`` (it holds a check mark),
    ``"end"`` (it concludes with a digit), ``"blank"`` or ``"body"``; ``"ticked"`` (one
    sentence after a leading mark) is a mark or an end by the line before (:func:`_ticked`)."""
    line = t[start:end]
    bare = line.strip(_DECORATION)
    if not bare:
        return "blank"
    m = _opener().match(line)
    if (
        m is None
        and (m := _aside().match(line)) is not None
        and concludes(line, m.end(), len(line))
    ):
        m = None  # "Tip: each egg is $2, so she makes 9*2 = $18.": the solution goes on
    if m is not None:
        return "open" if line[m.end() :].strip(" \t*_:#-.)") else "head"
    if not line.isascii() and any(m in line for m in _MARKS):
        rest = bare.lstrip(_MARKS + " \t")
        if (
            rest[-1:] in _STOPS
            and "=" not in rest
            and ":" not in rest
            and not any(m in rest for m in _MARKS)
            and has_digit(rest)
        ):
            return "ticked"  # "\u2705 Janet makes $18 per day.": a statement, or a check
        return "mark"
    low = bare[:16].lower()
    if low.startswith(_CONCLUSIONS) and has_digit(line):
        return "end"
    return "body"


def _sentence_openers(t: str, start: int, end: int) -> int:
    """The first check opener at a sentence start inside ``t[start:end]`` (not at
    ``start``), or -1: ``Natalia sold 72 clips. Let me verify: 48 + 24 = 72.``"""
    rx = _opener()
    k = start
    while True:
        k = min((j for j in (t.find(". ", k, end), t.find("! ", k, end)) if j != -1), default=-1)
        if k == -1:
            return -1
        k += 2
        while k < end and t[k] == " ":
            k += 1
        if rx.match(t, k, end) is not None:
            return k
        if (m := _aside().match(t, k, end)) is not None and not concludes(t, m.end(), end):
            return k  # "... $18 a day. P.S. Eggs cost $2." (closings)


def check_cut(t: str, probed: bool = False) -> int:
    """Where a check section that ends the reply starts, after a stated answer, or -1.

    A check section starts at a line whose first words open a check (after Markdown marks:
    ``Check:``, ``Checking``, ``Verification``, ``Verify``, ``Double-check``, ``Sanity
    check``, ``Let me verify``, ``Let's double-check``, ``To confirm``, ``We can check``,
    ``**Check:**``, ``### Verification``), at such a sentence inside a line (``... 72 clips.
    Let me verify: ...``), or at a line holding a check mark (``\u2713``, ``\u2714``,
    ``\u2705``, ``\u2611``). It runs to the end of the reply: after a heading alone on its
    line (``### Verification``, ``**Check:**``) every later line is the check's; else every
    later line is blank, opens a check, holds a mark, or (after an opener) is a line of the
    check that does not conclude (a line opening ``So``, ``Thus``, ``Therefore``,
    ``Total``, ``The answer``, ... with a digit: the reply concludes after its check, and
    that conclusion is read: ``Let me check May: 48/2 = 24.\nSo the total is 72.``). Only the last
    :data:`CHECK_REACH` characters and 16 lines are read.

    -1 (the reply is read as a whole, as before) when there is no such section, when the
    reply did not end (:func:`sentences.finished`), when the text before the section
    states no answer (its last line holds no digit and no number in words, or it does not
    end), or when the section takes the answer back (``wait``, ``mistake``, ``wrong``,
    ``actually``, ``doesn't match``, ...): a correction is read as the
    reply's last word, as it is without a check header.
    """
    if not probed and not _probe(t):
        return -1
    n = len(t)
    lo = max(0, n - CHECK_REACH)
    # The lines of the reach, last first (at most _MAX_LINES).
    starts: list[int] = []
    end = n
    while len(starts) < _MAX_LINES:
        s = t.rfind("\n", lo, end) + 1
        if s == 0 and lo > 0:
            break  # the first line begins before the reach: not read
        starts.append(s)
        if s == 0:
            break
        end = s - 1
    if not starts:
        return -1  # one line longer than the reach
    starts.reverse()
    ends = [*(s - 1 for s in starts[1:]), n]
    kinds = [_line_kind(t, s, e) for s, e in zip(starts, ends, strict=True)]
    if "ticked" in kinds:
        _ticked(kinds)
    cut = -1
    # The first line from which the rest is a check section.
    for i, kind in enumerate(kinds):
        if kind in ("open", "head", "mark") and _section(kinds, i):
            cut = starts[i]
            break
        k = _sentence_openers(t, starts[i], ends[i]) if kind in ("body", "end") else -1
        if k != -1 and _section(kinds, i, opened=True):
            cut = k
            break
    if cut <= 0 or not finished(t):
        return -1
    section = t[cut:].lower()
    if any(c in section for c in _CORRECTIONS):
        return -1
    before = t[:cut]
    if not finished(before):
        return -1
    body = _without_rules(before)
    line = body[body.rfind("\n") + 1 :]
    if not has_digit(line) and not number_words(line):
        return -1
    return cut


def _ticked(kinds: list[str]) -> None:
    """A sentence after a leading check mark (``\u2705 Janet makes $18 per day.``) checks
    the conclusion or the check before it (``So she makes $18.\n\u2705 She sells 9
    eggs.``): a check line; after work, it states the answer: it concludes."""
    before = "blank"
    for i, kind in enumerate(kinds):
        now = kind
        if kind == "ticked":
            now = kinds[i] = "mark" if before in ("end", "mark", "open", "head") else "end"
        if now != "blank":
            before = now


def _without_rules(t: str) -> str:
    """``t`` without the horizontal rules (``---``, ``***``) and blank lines that end it: a
    rule between an answer and its aside states nothing."""
    body = t.rstrip()
    line = body[body.rfind("\n") + 1 :]
    while len(line) >= 3 and not line.strip(" -*_=~"):
        body = body[: len(body) - len(line)].rstrip()
        line = body[body.rfind("\n") + 1 :]
    return body


def _section(kinds: list[str], i: int, opened: bool = False) -> bool:
    """Are the lines after ``kinds[i]`` (a check's first line) all of its check? After a
    heading, every line is; after an opener with text, every line that does not conclude;
    after a check mark, only lines that open a check or hold a mark."""
    headed = kinds[i] == "head"
    opened = opened or kinds[i] == "open"
    for kind in kinds[i + 1 :]:
        if kind == "head":
            headed = True
        elif kind == "open":
            opened = True
        elif not headed and (kind == "end" or (kind == "body" and not opened)):
            return False
    return True


def checked(  # noqa: PLR0917 - the reader's arguments, then the callers' probes
    ex: Extractor,
    t: str,
    flags: list[str],
    prompt: object,
    probed: bool = False,
    nswer: bool = True,
) -> Extraction | None:
    """:func:`read_before_check` on the text before :func:`check_cut`'s section, or None
    (numeric mode only: a check section is read for numbers). ``probed``: the caller's
    probe (:func:`closings.closing_head`) found a closing that the check probe does not
    look for. An answer section that another section follows (:mod:`.sections`) is read
    the same way; ``nswer``: False when the caller knows ``t`` holds no ``nswer``."""
    if not ex.numeric:
        return None
    if nswer and "nswer" in t and (k := answer_section_cut(t)) != -1:
        return answered(ex, t, k, flags, prompt)  # "## Answer\n$18\n\n## Explanation\n..."
    if not probed:
        # _probe, inline: every reply that ends in a sentence pays it (a call costs more).
        tail = t[-PROBE_REACH:]
        if not (
            "heck" in tail or "erif" in tail or "onfirm" in tail or "ote" in tail or "ssum" in tail
        ) and (tail.isascii() or not any(m in tail for m in _MARKS)):
            return None
    if unfinished(t) and finished(t):  # "So it's 66? Let me check again." (closings)
        return unfinished_reading(flags)
    k = check_cut(t, True)  # probed: by the caller or above
    if k == -1:
        return None
    flag = cut_flag(t, k)
    if flag == "aside" and courtesy_only(t[k:]):
        return None  # "I hope this helps!": read as before (its last number)
    found = read_before_check(ex, t[:k], flags, prompt, flag)
    if found is None or found.number is None or flag != "aside":
        return found
    if hedges(t[k:], found.number):  # "P.S. or maybe $20.": two answers (closings)
        return _several(found, found.rule or "", list(found.flags))
    return found


def answered(ex: Extractor, t: str, k: int, flags: list[str], prompt: object) -> Extraction | None:
    """The reading of an answer section before the section at ``k`` (:mod:`.sections`),
    or several answers when the later section concludes with another value."""
    found = read_before_check(ex, t[:k], flags, prompt, SECTION)
    if found is None or found.number is None:
        return found
    from rftkit.rewards.alternatives import offered  # (it imports this module)

    if offered(ex, t, k, found.number):  # "## Explanation\nIt could also be 20."
        return _several(found, found.rule or "", list(found.flags))
    later = later_statement(t, k)
    if later is not None:
        read = ex._statement("final_sentence", later[0], True, [])
        if (
            read is not None
            and read.number is not None
            and not numbers_equal(read.number, found.number)
        ) and (later[1] or not mentions(later[0], found.number)):
            return _several(found, found.rule or "", list(found.flags))
    return found


def cut_flag(t: str, k: int) -> str:
    """The flag of the section :func:`check_cut` found at ``k``: ``aside`` after a note or
    an assumption, ``verification`` after a check."""
    return "aside" if _aside().match(t, k) is not None else "verification"


def before_check(t: str, end: int, value: Number | None = None) -> str | None:
    """``t`` without a check section that starts after ``end`` (an answer's end): what a
    later concluding statement is looked for in; None when the section is an aside that
    offers another value for the answer ``value`` (:func:`closings.hedges`), or when a
    breakdown's answer row says another value (a breakdown is cut off like a check:
    :func:`breakdowns.breakdown_cut`)."""
    if value is not None and (b := breakdown_cut(t, end, value)) != -1:
        if b == -2:
            return None  # "The answer is 18.\n\n- Eggs sold: 9\n- Total: $20": two answers
        t = t[:b]
    k = check_cut(t, closing_end(t, end))
    if k <= end:
        return t
    if value is not None and cut_flag(t, k) == "aside" and hedges(t[k:], value):
        return None
    return t[:k]


def first_tail(ex: Extractor) -> int:
    """The index of ``ex``'s first final-sentence or last-number rule, or -1."""
    for i, (_, func) in enumerate(ex._funcs):
        if func is None:
            return i
    return -1


def read_before_check(
    ex: Extractor, t: str, flags: list[str], prompt: object, flag: str = "verification"
) -> Extraction | None:
    """The ``a_line``, final-sentence and last-number rules of ``ex`` (in its order) on
    ``t``, the text before a check section, the result flagged ``flag`` (``verification``,
    or ``aside`` after a note); None when none reads one. (The ``bold`` rule cuts the check
    off itself: ``extract_rules._rule_bold``.)"""
    kept = [*flags, flag]
    state: list[bool] = []
    t = _without_rules(t)  # "18.\n\n---\n\nNote: ...": the answer's sentence is read
    for name, func in ex._funcs:
        if func is None:
            found = ex._weak(name, t, kept, state, prompt)
            if found is not None:
                return found
        elif name == "a_line" and (candidates := func(t, True, ex.max_candidates, kept)):
            return ex._decide(name, candidates, t, kept)
    return None


# -- reasons and comparisons -----------------------------------------------------------------

_REASONS = (" because ", " since ", ", as ")
# What ends a justification and starts a clause of its own ("because 105 / 3 = 35, so the
# total is 37": the later clause is read, as it is without the justification).
_REASON_ENDS = (", ", " so ", " thus ", " therefore ", " hence ", "; ")


def reason_start(s: str) -> int:
    """Where a justification clause starts after the answer in ``s``, or -1.

    The first of `` because``, `` since``, ``, as``, `` after`` before a verb in ``-ing``,
    a pronoun or a passive (``after 80 were eaten``: :func:`explanations._after_doing`), or
    `` by`` before a verb in ``-ing`` (``by selling 9 eggs``: :func:`explanations._by_doing`)
    in the last :data:`REASON_REACH` characters (in lower case: a capital opens a
    sentence of its own) with a digit among the six words before it (the answer it
    justifies), not right after ``;`` or ``:``
    (``x = 3 or x = -3; since x is positive, x = 3`` is a clause of its own).

    Example:
        >>> s = "72 since May is 48/2 = 24"
        >>> s[: reason_start(s)]
        '72'
        >>> reason_start("Yes, because 50 < 52")
        -1
    """
    k = -1
    for word in _REASONS:
        # (an "in" test first: on 3.11 a find's argument parsing costs two of them)
        if word in s and (j := s.find(word, -REASON_REACH)) != -1 and (k == -1 or j < k):
            k = j
    if " after " in s and (j := _after_doing(s)) != -1 and (k == -1 or j < k):
        k = j
    if " by " in s and (j := _by_doing(s)) != -1 and (k == -1 or j < k):
        k = j
    if k == -1 or s[k - 1 : k] in (";", ":"):
        return -1
    # The answer right before it: a digit among its last seven words ("15 tablespoons of
    # soap should be used, since"; not "only 32 were left, the people who did not fit because").
    d = _last_digit(s[:k])  # (its fast path reads a tail; _last_digit(s, k) ten searches)
    return k if d != -1 and len(s[d:k].split()) <= 7 else -1


def without_reason(s: str, strict: bool = False) -> str:
    """``s`` read without the justification after its answer (:func:`reason_start`, up to
    the end of its clause: :data:`_REASON_ENDS`).

    Its numbers are no answers, but it must agree with the answer:

    * no equation in it: it is dropped (``She needs 3 more boxes because 27 > 24.``,
      ``He earns $18 because he sells 9 eggs at $2 each.``), unless it leaves arithmetic
      undone (``because 100 x 1.``, a reply cut off): then ``s`` as it is;
    * an equation that does not hold: ``s`` as it is (several answers, as everywhere);
    * an equation whose result the text before it holds (by value, or its digits: ``9, 240
      ... = 9,240``): ``s`` as it is, whose reading is that result (``Star Wars earned 405
      million because 25 + 380 = 405.`` reads 405), or with ``strict`` (an ``A:`` line,
      where every number must belong to the equation) the text before it;
    * an equation whose result is another value: that value is kept as a remark offering
      it (``She gives 132 baths because 48 + 36 + 12 = 96.`` reads as ``She gives 132
      baths (or 96)``: several answers, :func:`extract_rules.hedging_remark`).

    Example:
        >>> without_reason("He earns $18 because he sells 9 eggs at $2 each.")
        'He earns $18'
        >>> without_reason("The answer is 72 since May is 48/2 = 24.")
        'The answer is 72 (or 24)'
    """
    k = reason_start(s)
    if k == -1:
        return s
    e = _reason_end(s, k)
    clause = clean_latex(s[k:e])
    eq = clause.rfind("=")
    if eq == -1:
        undone = _UNDONE[0] if _UNDONE else _undone()
        return s if undone.search(clause) is not None else s[:k] + s[e:]
    before = s[:k]
    plain = (_PLAIN[0] if _PLAIN else _plain()).match(clause, eq + 1)
    if plain is not None:  # "= 52.": its digits, found as written before the reason
        span = plain.group(1)
        digits = span.replace(",", "") if "," in span else span
        value = Number(int(digits), False)
        at = _written(before, digits)
        agree = at != -1
    else:
        results = scan(clause[eq + 1 :], 1)
        if not results or results[0].number is None:
            return s
        value = results[0].number
        span = clause[eq + 1 :][results[0].start : results[0].end]
        agree = False
        at = -1
    said: list[Token] | None = None
    # The value, or its digits as written ("405" in "405 million"; "9, 240" is 9,240).
    if (
        agree
        or mentions(before, value)
        or (", " in before and mentions(before.replace(", ", ","), value))
    ):
        if strict:  # every number of an A: line must belong to a holding equation
            return before + s[e:] if equations_hold(clause, False) else s
        # The same value: the reading as it is (whose equation check reads the reason's),
        # but not past a hedge before the reason ("He earns $18 or $20 because 9 * 2 = 18":
        # the text before it is read, two values).
        near = before if at == -1 else before[max(0, at - 24) : at + len(span) + 24]
        if _hedge_hint(near):
            if said is None:
                said = scan(clean_latex(before))
            if hedged(clean_latex(before), said, value):
                return before + s[e:]
        return s
    if not equations_hold(clause, False):
        return s  # a wrong equation: several answers, as everywhere
    return f"{before.rstrip(' ,')} (or {span}){s[e:]}"


def _reason_end(s: str, k: int) -> int:
    """Where the justification at ``k`` ends (:data:`_REASON_ENDS`, or the end of ``s``)."""
    e = len(s)
    for end in _REASON_ENDS:
        if end in s and (j := s.find(end, k + 4)) != -1 and j < e:  # ("in": as above)
            e = j
    return e


def unsourced(s: str) -> str:
    """``s`` without a phrase that ends it naming the quantity its answer was taken from
    (:func:`explanations.source_start`): ``She has 20 apples left from the original 100.``
    reads as ``She has 20 apples left.`` Any other sentence is returned as it is."""
    cut = source_start(s, len(s.rstrip(" \t.!*_)")))[0]
    return s if cut == -1 else s[:cut] + "."


def _phrases_cut(s: str) -> str:
    """``s`` without its justification (:func:`without_reason`: ``after giving away 80``,
    ``by selling 9 eggs``) and the phrase naming where its answer was taken from."""
    return unsourced(without_reason(s))


def justified(s: str) -> str:
    """``s`` without a last ``since`` / ``because`` clause whose equation holds and computes
    a number that only a phrase of no answer holds (:func:`_phrases_cut`): ``Janet earns
    $18 from 9 eggs, since 16 - 3 - 4 = 9.`` reads as ``Janet earns $18.`` (the reason
    explains the 9 eggs, not the answer); ``Janet earns $18 by selling 9 eggs, since ...``
    too. A reason for the answer (``She has 20 apples since 100 - 80 = 20.``) or for a
    number of the main clause (``It takes 5 hours for 10 pages since 10/2 = 5.``) keeps
    the sentence as it is (:func:`without_reason`)."""
    k = max(s.rfind(" since ", -REASON_REACH), s.rfind(" because ", -REASON_REACH))
    if k == -1:
        return s
    before = s[:k].rstrip(" ,")
    if not (" of " in before or " from " in before or " after " in before or " by " in before):
        return s  # no phrase for _phrases_cut to drop (cheap)
    e = _reason_end(s, k)
    clause = clean_latex(s[k:e])
    eq = clause.rfind("=")
    if eq == -1:
        return s
    results = scan(clause[eq + 1 :], 1)
    if not results or (value := results[0].number) is None:
        return s
    if type(value.value) is int and str(value.value) not in before:
        return s  # (cheap) the number it computes is not written before it
    cut = _phrases_cut(before)
    if cut is before or not mentions(before, value) or mentions(cut, value):
        return s
    if not has_digit(cut) or not equations_hold(clause, False):
        return s
    return cut.rstrip(" .") + s[e:]


# What a hedge between two values needs at least one of (sentences.is_hedge).
_HEDGE_HINTS = (" or ", ",", "-", "/", " to ", " and ", "\u00b1", "(", "~", ";")


def _hedge_hint(s: str) -> bool:
    """Does ``s`` hold one of :data:`_HEDGE_HINTS`? (Tests written out: a generator over
    them costs twice as much; tests/unit/test_statement_checks_parity.py holds them equal.)"""
    return (
        "," in s
        or "-" in s
        or "/" in s
        or "(" in s
        or ";" in s
        or "~" in s
        or " or " in s
        or " to " in s
        or " and " in s
        or "\u00b1" in s
    )


def _written(s: str, digits: str) -> int:
    """Where ``s`` holds ``digits`` as a number of its own (no digit, point or comma beside
    it but a stop or a comma before a space), or -1."""
    k = s.find(digits)
    while k != -1:
        end = k + len(digits)
        if (not k or s[k - 1] not in _DIGIT_MARKS) and (
            end == len(s) or s[end] not in _DIGIT_MARKS or s[end : end + 2] in (". ", ", ")
        ):
            return k
        k = s.find(digits, k + 1)
    return -1


_DIGIT_MARKS = frozenset("0123456789.,")
_PLAIN: list[re.Pattern[str]] = []


def _plain() -> re.Pattern[str]:
    """A plain integer result after "=" that nothing else follows but words and a stop."""
    if not _PLAIN:
        _PLAIN.append(re.compile(r"[ \t]{0,3}\$?(\d{1,18}(?:,\d{3}){0,6})(?![\d/%^]|[.,]\d)"))
    return _PLAIN[0]


_UNDONE: list[re.Pattern[str]] = []


def _undone() -> re.Pattern[str]:
    """Arithmetic between numbers, or an operator after a number at the end."""
    if not _UNDONE:
        _UNDONE.append(
            re.compile(
                r"\d[ \t]{0,3}(?:[x*+/\u00d7\u00f7\u00b7\u2212]|-(?=[ \t]{0,3}\$?\d)|times)"
                r"[ \t]{0,3}(?:\$?\d|[ \t$.]*$)"
            )
        )
    return _UNDONE[0]


def unreasoned(sentence: str) -> str:
    """``sentence`` without what follows its answer and states no answer: a computation of
    it (:func:`explanations.computed`: ``20, i.e. 100 minus 80``), a justification
    (:func:`without_reason`; :func:`justified`: ``$18 from 9 eggs, since 16 - 3 - 4 = 9``),
    a comparison (:func:`drop_comparisons`), and the quantity it was taken from
    (:func:`unsourced`: ``20 apples left from the original 100``). Most sentences hold none
    of them: a few ``in`` tests return them as they are (each reading's probe is a
    necessary condition of it: tests/unit/test_unreasoned_probe.py)."""
    original = sentence  # (its "=": the readings below only drop text)
    tail = sentence if len(sentence) <= REASON_REACH else sentence[-REASON_REACH:]
    ascii = tail.isascii()
    comma = "," in tail  # (one memchr each)
    ie = "i.e" in tail
    equation = "=" in tail
    if not equation and (comma or ie or not ascii) and computing(tail) and "=" not in sentence:
        cut = computed(sentence)  # "20, i.e. 100 minus 80" (explanations)
        if cut is not sentence:
            return unreasoned(cut)
    because = "ecause" in tail or "since" in tail
    if (
        equation
        and because
        and (
            " of " in sentence
            or " from " in sentence
            or " by " in sentence
            or " after " in sentence
        )
    ):
        cut = justified(sentence)  # "$18 from 9 eggs, since 16 - 3 - 4 = 9"
        if cut is not sentence:
            return unreasoned(cut)
    if (
        because
        or "<" in tail
        or ">" in tail
        or " after " in tail
        or ie
        or (" by " in tail and "ing" in tail and _by_doing(sentence) != -1)
        or (comma and (", as " in tail or ", that" in tail))
        or (not ascii and _may_change(sentence))  # a "\u00d7", a curly quote: rarely
    ):
        sentence = drop_comparisons(without_reason(without_explanation(sentence)))
    if not equation and (" of " in tail or " from " in tail) and "=" not in original:
        return unsourced(sentence)  # "20 apples left from the original 100"
    return sentence


# The non-ASCII characters the readings below act on: the comparison signs of
# drop_comparisons ("\u2264", "\u2265", "\u2260", "\u226a", "\u226b") and the dash of
# without_explanation ("\u2014"). Any other non-ASCII character ("\u00d7", a curly
# quote, "\u20ac") lets nothing through that the ASCII tests above do not.
_WIDE_SIGNS = "\u2264\u2265\u2260\u226a\u226b\u2014"


def _may_change(sentence: str) -> bool:
    """Can :func:`unreasoned`'s readings change ``sentence``, whose last
    :data:`REASON_REACH` characters hold no ASCII probe word but a non-ASCII character?

    What each reading needs, anywhere in ``sentence`` (they read all of it, the probe only
    its tail): :func:`without_reason` a reason word in the tail (the probe's own words: no);
    :func:`without_explanation` an opener (``i.e``, ``, that``, the dash ``\u2014``);
    :func:`drop_comparisons` a sign (``<``, ``>``, ``!=``, or one of the wide signs) or
    ``than``. A sentence with none of them is returned as it is, as before but without
    the readings' regular-expression passes (tests/unit/test_unreasoned_probe.py holds the
    two probes to the same result).
    """
    if (
        "<" in sentence
        or ">" in sentence
        or "!=" in sentence
        or "than" in sentence
        or "i.e" in sentence
        or ", that" in sentence
    ):
        return True
    return any(c in sentence for c in _WIDE_SIGNS)


# What opens a clause that explains the value before it: "i.e.", "that is", "that's", a dash.
_EXPLANATIONS = (
    ", i.e.,",
    ", i.e.",
    " (i.e.",
    ", that is,",
    ", that's",
    ", that is",
    " \u2014 that's",
    " \u2014 that is",
    " \u2014 ",
)


def without_explanation(sentence: str) -> str:
    """``sentence`` without a clause that explains its answer by recomputing it.

    ``She makes $18 every day, i.e., 9 eggs at $2 each.`` reads as ``She makes $18 every
    day``: after ``, i.e.``, ``, that is``, ``, that's`` or a dash, a clause holding two or
    more numbers whose product or sum is the number just before it (9 x 2 = 18) explains
    that number; it offers no answer. Any other clause is kept, and read as before (``$18 a
    day, i.e., $130 a week`` restates the answer as another value: two answers).

    Example:
        >>> without_explanation("She makes $18 every day, i.e., 9 eggs at $2 each.")
        'She makes $18 every day.'
    """
    if not ("i.e" in sentence or ", that" in sentence or "\u2014" in sentence):
        return sentence  # what every opener holds: three tests, not nine searches
    for opener in _EXPLANATIONS:
        k = sentence.find(opener)
        if k != -1:
            break
    else:
        return sentence
    head = clean_latex(sentence[:k])
    said = scan(head)
    if not said or said[-1].number is None or said[-1].end < len(head.rstrip()) - 40:
        return sentence  # no number just before the clause
    answer = said[-1].number.value
    clause = scan(clean_latex(sentence[k:]))
    values = [t.number.value for t in clause if t.number is not None]
    if len(values) < 2 or len(values) != len(clause) or len(values) > 4:
        return sentence
    product = values[0]
    for v in values[1:]:
        product *= v
    if product != answer and sum(values) != answer:
        return sentence
    return sentence[:k] + "."


def unreasoned_answer(span: str, strict: bool) -> str:
    """An answer statement's text without its justification and comparisons (``12 since 3
    + 9 = 12 and 12 > 10`` is 12): :func:`without_reason`, :func:`drop_comparisons`; and
    (not ``strict``) without what :func:`unreasoned` drops after a final sentence's answer
    (``20, i.e. 100 minus 80``, ``$18 from 9 eggs, since 16 - 3 - 4 = 9``, ``20 apples
    left from the original 100``)."""
    if not strict and _explained(span):
        cut = unreasoned(span)
        return cut if cut is span else cut.strip(" \t:*_`,;.")
    cut = without_reason(span, strict)
    if cut is not span:
        cut = cut.strip(" \t:*_`,;")
    return drop_comparisons(cut)


def _explained(span: str) -> bool:
    """Can :func:`unreasoned` drop more from an answer statement's text than a reason and a
    comparison (a computation, a source, a passive or ``by`` clause)?"""
    return (
        " of " in span
        or " from " in span
        or " after " in span
        or " by " in span
        or "i.e" in span
        or "which" in span
        or ", that" in span
        or ", namely" in span
        or ", meaning" in span
        or "\u2014" in span
    )


_COMPARISON: list[re.Pattern[str]] = []


def _comparison() -> list[re.Pattern[str]]:
    """Two numbers around a comparison sign; "is more than" a number, after a number or
    not ("which is more than 20": its subject is the value stated before)."""
    if not _COMPARISON:
        num = r"[$\u20ac\u00a3\u00a5]?\d[\d,]{0,30}(?:\.\d{1,30})?%?"
        unit = r"(?:[ \t]{1,3}[A-Za-z]{1,20})?"
        signs = (
            r"[ \t]{0,3}(?:<=|>=|!=|=<|[\u2264\u2265\u2260\u226a\u226b]"
            r"|(?<![=<>\-])<(?![<=\-])|(?<![=<>\-])>(?![>=]))[ \t]{0,3}"
        )
        words = (
            r"(?:is|are|was|were)[ \t]{1,3}(?:(?:much|far|slightly|still|not)[ \t]{1,3})?"
            r"(?:more|less|greater|fewer|smaller|larger|bigger|higher|lower|cheaper|"
            r"longer|shorter|older|younger)[ \t]{1,3}than[ \t]{0,3}"
        )
        _COMPARISON.append(re.compile(num + unit + signs + num + unit))
        # The word form found from its verb (a search for "is", "are", ... is fast), the
        # number before it read back from there by the caller.
        _COMPARISON.append(re.compile(r"(?<=[ \t])" + words + num + unit))
        _COMPARISON.append(re.compile(num + unit + r"[ \t]{1,3}$"))
    return _COMPARISON


def drop_comparisons(s: str) -> str:
    """``s`` with each comparison of two numbers blanked out (``50 < 52``, ``12 > 10``,
    ``$50 <= $52``, ``72 is more than 70``): a comparison states that one value is above
    another, it offers neither as the answer. A bound on a name is kept (``x >= 94`` states
    94); ``=>`` and ``->`` are arrows, ``<<``/``>>`` no comparison.

    Example:
        >>> drop_comparisons("Yes, he can buy it because 50 < 52.")
        'Yes, he can buy it because  .'
    """
    rx = _COMPARISON or _comparison()
    if "<" in s or ">" in s or not s.isascii():
        s = rx[0].sub(" ", s)
    if "than" in s:
        out = []
        k = 0
        for m in rx[1].finditer(s):
            before = rx[2].search(s, max(k, m.start() - 48), m.start())
            out.append(s[k : m.start() if before is None else before.start()])
            k = m.end()
        if out:
            s = " ".join(out) + " " + s[k:]
    return s
