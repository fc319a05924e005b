"""A later answer that offers itself as another one: several answers.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "Offered answers: a second,
possible or candidate answer"). Standard library only: this module ships inside every
reward Lambda (no typing at run time, patterns compiled on first use).

A reply that states its answer and then offers another value has not committed to one
answer, however the second value is written. Three classes the reader paid (for the later
value) before:

* a labelled answer that names itself another one (:func:`named_answer`, the label right
  before it: ``Second answer: 20``, ``Alternative answer: $20``, ``Another possible answer
  is \\boxed{20}``, ``Alternative: **$20**``, ``Second answer: #### 20``), read by any rule
  (``answer_is``, ``bold``, ``boxed``, ``answer_tag``, ``hash``, ``final_sentence``; a
  label on the line before counts too, but not before a ``####`` line that starts its line:
  the fast path reads that line as the reply's committed answer); since session 12 the
  label may stand up to 80 characters before a marker's answer (``Second possible answer,
  if ...: **20**``, ``Second answer: The final answer is \\boxed{20}``) and right before
  a program's output block (:func:`labelled_output`); since session 13 also on the line
  above the program that printed it, a short label without ``answer`` (``Other value:
  **20**``, ``Other value: 20.`` as the final sentence), and an alternative's opener right
  before a marker's answer (``Maybe <answer>20</answer>``, ``Perhaps **20**``);
* a sentence that offers a value with a modal of possibility (``Answer could also be $20.``,
  ``She might also make $20.``, ``The total may be $20.``, ``$20 is also possible.``,
  ``She could alternatively make $20.``);
* a list of candidates under a heading that calls them possible / candidate / alternative
  answers, values or options (``Possible answers:\\n- 18\\n- 20``): several answers when its
  items hold two values (:func:`listed`), also when a line without a digit follows it
  (read by the last-number rule) or its items are bold under such a heading (any heading
  ``_HEADING`` reads: ``Candidates:``, ``Options:``, ``Choices:``).

The first two are a second answer only after an answer was stated: the text before the
offer, read by the extractor on its own, gives an accepted value other than the offered
one. A word that presupposes an earlier answer (``second``, ``another``, ``other``,
``alternative``, ``also``, ``alternatively``, ``instead``, ``or possibly``) takes any such
reading; a plain modal or label (``may be 20``, ``Possible answer: 20``) only a reading
by a marker rule (``The answer is 18.``, ``**18**``, a box) or by a concluding final
sentence (``So she makes $18.``), since after working (``She sells 9 eggs at $2 each.``)
it offers the reply's one answer. Restating the same value (``She makes $18. It could also
be $18.``) or a plain step (``She spends $4. She makes $18.``) offers nothing.

Cost: the final-sentence rule calls :func:`offered_final` only when its sentence passes
:func:`may_offer` (a dozen substring tests on the one sentence); a marker rule calls
:func:`named_answer` for its one answer (one search of the 80 characters before it, led by
the literal ``nswer``, and for a box, bold, a tag or a ``####`` line :func:`near_stems`:
four substring tests, ``lternat``, ``lso``, ``or ``, ``Or ``, then two for a line's or a
sentence's start before five more).
The text before an offer is read again only when a pattern finds one.
"""

from __future__ import annotations

import re

from rftkit.rewards.alternatives import _offers, _opens, after_doubt
from rftkit.rewards.extraction import Extraction, _several
from rftkit.rewards.numbers import clean_latex, numbers_equal, scan
from rftkit.rewards.sentences import _CONCLUSIONS, _sentence_start, finished, mentions

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Final

    from rftkit.rewards.extract import Extractor

__all__ = [
    "LABEL_HEADS",
    "LIST_MARKS",
    "MARKER_RULES",
    "REACH",
    "labelled_output",
    "listed",
    "may_offer",
    "named_answer",
    "near_stems",
    "offered_final",
    "offers_after",
]

# Words that name an answer as one more than the one already stated (they presuppose it).
_AGAIN = r"second|2nd|another|other|alternative|alternate|additional|different"
# Words that name it as one candidate (they presuppose nothing).
_MAYBE = r"possible|candidate|potential|plausible"
_NOUN = r"(?:answer|value|solution|result)s?"
_LABEL = (
    r"\b(?:(?P<again>" + _AGAIN + r")\s+(?:(?:" + _MAYBE + r"|valid|correct|likely)\s+)?"
    r"|(?P<maybe>" + _MAYBE + r")\s+)" + _NOUN + r"\b"
    # "Alternative: $20", "Another possibility - 20", "Other option: 20": a label alone
    r"|^[\W_]{0,8}(?P<bare>alternative|alternate|another\s+(?:possibility|option)"
    r"|other\s+(?:possibility|option)|possibility|second\s+option)\s*(?:[:=]|-\s|is\b)"
)
_MODAL = (
    # A modal that presupposes an earlier value ("could also be", "might instead make").
    r"\b(?P<also>(?:could|might|may|can|would)\s+(?:also|alternatively|instead|equally)"
    r"\s+(?:be|make|earn|get|have|total|cost|pay|equal|come\s+to)"
    r"|alternatively|or\s+(?:possibly|perhaps|maybe)|or\s+else"
    # An alternative put in others' mouths ("Others might argue $20", "One could also argue
    # for $20", "some might say 20"), or "arguably" before a value.
    r"|(?:others?|some(?:one|\s+people)?|one|people|you)\s+(?:might|could|may|would|can)"
    r"\s+(?:also\s+)?(?:argue|say|claim|suggest|think)(?:\s+(?:for|that|it'?s|it\s+is))*"
    r"|arguably"
    r"|(?:is|are|be)\s+also\s+(?:possible|plausible|valid|correct|an?\s+(?:option|possibility)))\b"
    # A plain modal right before a value ("may be $20", "might be around 20").
    r"|\b(?P<plain>(?:may|might|could)\s+(?:well\s+|possibly\s+|even\s+)?be)"
    r"\s+(?:about\s+|around\s+|roughly\s+|approximately\s+)?(?=[$\d])"
)
# A heading over a list of candidates.
_HEADING = (
    r"^[\W_]{0,8}(?:(?:" + _MAYBE + r"|alternative|alternate)\s+(?:answers|values|solutions"
    r"|results|options)|candidates|alternatives|options|possibilities|answer\s+(?:choices"
    r"|options|candidates)|choices)\b[^\n\d]{0,40}$"
)
_RX: list[re.Pattern[str]] = []


def _rx() -> list[re.Pattern[str]]:
    if not _RX:  # compiled on first use
        # Matched on lower-cased text: without IGNORECASE each comparison is a plain one.
        _RX.append(re.compile(_LABEL, re.MULTILINE))
        _RX.append(re.compile(_MODAL))
        _RX.append(re.compile(_HEADING))
        _RX.append(re.compile(r"[ \t]*(?:[-*+\u2022]|\d{1,2}[.)]|\(?[a-e][.)])[ \t]"))
    return _RX


REACH: Final = 80
"""How far before a marker's answer :func:`named_answer` looks for ``answer`` after a
qualifier (``Second possible answer, if the eggs are counted differently: **20**``: the
label's sentence may hold a clause before its value)."""

MARKER_RULES: Final = frozenset({"hash", "answer_is", "bold", "boxed", "answer_tag"})
"""The rules whose one answer :func:`named_answer` reads the label of (not ``a_line``,
``tool_output``: an ``A:`` line has its own label, a program's output none)."""

LIST_MARKS: Final = frozenset("-*+\u20220123456789(abcde")
"""The first characters of a list item (``- 20``, ``2. 20``, ``(b) 20``)."""

# "answer" after the end of a word _LABEL accepts before it, or before a modal ("answer may
# be", "might", "could"): the cheap first test of named_answer. It starts with a literal, so
# the search skips to each "nswer" as a substring search does, then looks behind it (one
# search costs fewer instructions than an rfind, two slices and two set lookups).
_ENDS = "(?:ond|2nd|her|ive|ate|ent|ble|lid|ial)"
_NEAR_RX = (
    r"nswer(?:(?<=" + _ENDS + r" [aA]nswer)|s? (?:may|mig|cou)"
    r"|(?<=ional [aA]nswer))"  # "additional" (not "final")
)
_NEAR: list[re.Pattern[str]] = []


def _near() -> re.Pattern[str]:
    _NEAR.append(re.compile(_NEAR_RX))
    return _NEAR[0]


LABEL_HEADS: Final = frozenset(
    v
    for w in ("oth", "sec", "2nd", "pos", "dif", "add", "can", "pot", "pla", "alt")
    for v in (w, w.capitalize(), w.upper())
)
"""The first three characters of a short label without ``answer`` or a colon (``Other value
is 20.``, ``Second value is $20.``, ``Possible value is 20.``): :func:`may_offer` lets a
final sentence of at most 40 characters that starts so (or with ``The o``: ``The other value
is 20.``) through."""


def may_offer(s: str) -> bool:
    """May the final sentence ``s`` be an offer (a cheap test: a list item's first
    character, a short value, or a stem of a label or a modal)? Only then
    :func:`offered_final` reads it.

    Example:
        >>> may_offer("Answer could also be $20."), may_offer("So she makes $18.")
        (True, False)
    """
    # Each substring test scans the sentence: the fewest stems that the labels and modals
    # of a final sentence hold ("also", "alternat(ive|ively)", "another", "may be", "might
    # be", "could be"); a label with "answer" right before its value is the answer
    # statement rule's (named_answer).
    return (
        s[:1] in LIST_MARKS or (len(s) <= 24 and s[:1] == "$")
        or "lso" in s or "lternat" in s or "nother" in s
        # (" be" and " say": one search each for the stems that hold them, which most
        # final sentences do not)
        or (" be" in s and ("ay be" in s or "ght be" in s or "could be" in s))
        or "rgu" in s or (" say" in s and ("ght say" in s or "uld say" in s))  # "might argue"
        # A label the answer statement rule does not read: a clause between it and its
        # value ("Second possible answer, if ...: 20.").
        or "nswer" in s
        # A short label without "answer" ("Other value: 20.", "Second option: $20"): 14 of
        # 3,000 prose final sentences pass (": a = b" in longer ones is working); since
        # session 14 also without a colon when it opens with a label's word ("Other value
        # is 20.", "Second value is $20.": LABEL_HEADS).
        or (len(s) <= 40 and (":" in s or s[:3] in LABEL_HEADS or s[:5] == "The o"))
    )  # fmt: skip


def near_stems(near: str, rule: str) -> bool:
    """May the text ``near`` (the 24 characters before a marker's answer, read by ``rule``)
    hold a label or a modal that :func:`named_answer` reads: ``Alternative:``, ``also``,
    ``or``, or after a line's or a sentence's start a label's colon (``Other value:
    **20**``), ``Maybe``, ``Perhaps``, ``Possibly`` or (bold) a list item (``- **20**``)?
    Its stems, as :func:`named_answer` and the caller (``Extractor._decide``) test them.

    Example:
        >>> near_stems("So she makes $18.\\nMaybe \\boxed{", "boxed")
        True
        >>> near_stems("So the final answer is $\\boxed{", "boxed")
        False
    """
    return (
        "lternat" in near or "lso" in near or "or " in near or "Or " in near
        # A sentence or a line that starts right before the answer: a label, an opener,
        # a list item (bold: "- **20**").
        or (("\n" in near or ". " in near) and (
            ":" in near or "aybe" in near or "erhap" in near or "ossib" in near
            # a bold list item ("- **20**", "* **20**", "2. **20**", "(b) **20**")
            or (rule == "bold" and ("- " in near or "* " in near or ". " in near or ") " in near))
        ))
    )  # fmt: skip


def _label_stem(s: str) -> bool:
    """A stem of every label :data:`_LABEL` finds without "answer" (``Alternative:``,
    ``Another possibility:``, ``Other option:``, ``Possible value``)."""
    return (
        "lternat" in s or "ossib" in s or "nother" in s or "ption" in s or "econd " in s
        or "ifferent" in s or "dditional" in s
    )  # fmt: skip


def _modal_stem(s: str) -> bool:
    """A stem of every modal :data:`_MODAL` finds."""
    return (
        "lso" in s or "may " in s or "might" in s or "could" in s or "nstead" in s
        or "lternat" in s or "ossib" in s or "erhaps" in s or "aybe" in s or "rgu" in s
        or "would" in s or "can " in s
    )  # fmt: skip


def _stated(ex: Extractor, prefix: str, prompt: object) -> Extraction | None:
    """The answer ``prefix`` (the text before an offer) states, read on its own, when it is
    one accepted value; else None."""
    if not any(c in prefix for c in "0123456789"):
        return None
    if not finished(prefix):  # a line without its full stop: the reply went on after it
        prefix = prefix.rstrip() + "."
    read = ex(prefix, prompt=prompt)
    if read.rejected is not None or read.number is None:
        return None
    return read


def _committed(read: Extraction, prefix: str, again: bool) -> bool:
    """Is ``read`` (the reading of ``prefix``) an answer the reply stated: read by a marker
    rule, or a final sentence that concludes (``So she makes $18.``), or (``again``: the
    offer's words presuppose an answer) any final sentence but a step of working, which
    holds two numbers and no ``=`` (``She sells 9 eggs at $2 each.``)?"""
    if read.rule not in ("final_sentence", "last_number"):
        return True
    body = prefix.rstrip()
    s = body[_sentence_start(body, len(body.rstrip(".!"))) :]
    if s.lstrip(" *_#>-").lower().startswith(_CONCLUSIONS):
        return True
    return again and ("=" in s or len(scan(clean_latex(s), 3)) < 2)


def _second(
    ex: Extractor, found: Extraction, prefix: str, offer: str, again: bool, *, prompt: object
) -> Extraction:
    """``found`` (the reading of an offer ``offer`` after ``prefix``), or several answers
    when ``prefix`` states another value (``again``: the offer's words presuppose one)."""
    if found.number is None or found.rejected is not None or ex.conflict != "reject":
        return found  # keeping the last or first answer keeps the one read (as concluded)
    read = _stated(ex, prefix, prompt)
    if read is None or read.number is None or numbers_equal(read.number, found.number):
        return found
    if not _committed(read, prefix, again):
        return found  # "She sells 9 eggs at $2 each. The total may be $18.": one answer
    if not _offers(ex, offer, read.number):
        return found  # it checks or restates the stated answer (alternatives._offers)
    return _several(found, found.rule or "", list(found.flags))


def named_answer(ex: Extractor, found: Extraction, t: str, end: int) -> Extraction:
    """``found`` (a marker rule's one answer, ending at ``end`` in ``t``), or several
    answers when the label right before it names it another answer (``Second answer: 20``,
    ``Another possible answer is \\boxed{20}``, ``Alternative: **20**``) or a modal offers
    it (``The answer may also be 20``) after the text before it stated another value.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("So she makes **$18**.\\n\\nSecond answer: 20").rejected
        'multiple_answers'
        >>> Extractor()("She sells 9 eggs at $2 each.\\nAnswer: 18").rejected is None
        True
    """
    # (about where it starts: "**" or "}" may follow it; "</answer>" follows a tag's)
    at = end - len(found.answer or "") - (9 if found.rule == "answer_tag" else 0)
    lo = at - 24 if at > 24 else 0
    # The cheap test first: a qualifier's ending before "answer", a modal after it (within
    # REACH characters: "Second possible answer, if ...: **20**"), else a label, a modal or
    # an opener right before the answer, or a bold list item (Extractor._decide holds a
    # copy of this test: tests/unit/test_offers_markers.py holds the two to the ungated
    # reading).
    if (_NEAR[0] if _NEAR else _near()).search(t, at - REACH if at > REACH else 0, at) is not None:
        pass  # "Second answer: 20", "The answer may be 20"
    elif found.rule == "answer_is" or not near_stems(t[lo:at], found.rule or ""):
        return found  # (an answer statement's label stands right before its "answer")
    if found.rule == "bold" and "\n" in t[lo:at] and ex.conflict == "reject":
        # "Possible answers:\n- **18**\n- **20**": the bold rule reads the last line only
        j = t.rfind("\n", 0, at) + 1
        e = t.find("\n", at)
        e = len(t) if e == -1 else e
        if _item(t[j:e]) and listed(ex, t[:e]) is not None:
            return _several(found, found.rule or "", list(found.flags))
    start = _sentence_start(t, at)
    head = t[start:at]
    if (
        start
        and found.rule != "hash"  # (the fast path reads a "####" line after any other line)
        and head.strip(" \t*_$\\{boxed0123456789.,") == ""  # a marker, the answer's digits
        and t[:start].rstrip().endswith(":")
    ):
        start = _sentence_start(t, len(t[:start].rstrip()))  # "Second answer:\n**20**"
        head = t[start:at]
    label, modal, _ = _rx()[:3]
    m = label.search(head.lower())
    if m is not None:
        again = m.group("maybe") is None
        if any(c in head[: m.start()] for c in "0123456789"):
            start += m.start()  # "**18** Second answer: 20": the answer before it is read
    elif (m := modal.search(t[start:end].lower())) is not None:  # (a plain one: a value after)
        again = m.group("also") is not None
    else:
        # An alternative's opener that starts the marker's sentence, right before it:
        # "Maybe \\boxed{20}", "Perhaps she makes **20**", "Or <answer>20</answer>"
        # (alternatives.OPENERS; "Or", "Alternatively", "Another ..." presuppose an answer,
        # "Maybe" does not).
        o = _opens().match(head)
        if o is None:
            return found
        again = o.group().lstrip(" \t*_>#(-")[:1] in "oOaA"
    return _second(ex, found, t[:start], t[start:end], again, prompt=None)


def offered_final(
    ex: Extractor, found: Extraction | None, s: str, body: str, prompt: object
) -> Extraction | None:
    """``found`` (the reading of ``body``'s final sentence ``s``), or several answers when
    ``s`` offers its value as another answer after the text before it stated one (a label:
    ``Alternative: $20``; a modal: ``Answer could also be $20.``), or ends a list of
    candidates that holds two values (:func:`listed`).

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> Extractor()("She makes $18. Answer could also be $20.").rejected
        'multiple_answers'
        >>> Extractor()("She spends $4. She makes $18.").answer
        '18'
    """
    if found is None or found.rejected is not None or found.number is None:
        return found
    if ex.conflict != "reject":
        return found  # keeping the last or first answer keeps the one read (as concluded)
    line = body[body.rfind("\n") + 1 :]
    if _item(line) and listed(ex, body) is not None:
        return _several(found, found.rule or "", list(found.flags))
    if len(s) <= 24 and _item(s):  # "She makes $18. Hmm. $20.": after a doubt (alternatives)
        doubted = after_doubt(ex, found, s, body)
        if doubted is not found:
            return doubted  # several answers
    label, modal, _ = _rx()[:3]
    low = s.lower()
    m = (
        label.search(low)
        if _label_stem(s) or "nswer" in s or ":" in s or s[:3] in LABEL_HEADS or "ther " in s
        else None
    )
    if m is not None:
        again = m.group("maybe") is None
    else:
        m = modal.search(low) if _modal_stem(s) else None
        if m is None:
            return found
        again = m.group("also") is not None
        if not again and " if " in low:
            return found  # "If she sold 10, it could be $20.": a hypothetical (hypotheticals)
    cut = len(body) - len(s)
    prefix = body[:cut]
    if any(c in (before := s[: m.start()]) for c in "0123456789"):
        if mentions(before, found.number):
            # "... = 72 clips, or possibly 74.": the sentence's answer, then another value
            # offered after the modal ("$20 is also possible." offers its own value: the
            # text before the sentence is read for the stated answer, below)
            after = s[m.end() :]
            if any(c in after for c in "0123456789") and not mentions(after, found.number):
                if _offers(ex, s[m.start() :], found.number):
                    return _several(found, found.rule or "", list(found.flags))
                return found
        else:
            # "She makes $18; alternatively $20.": the clause before it is read as a sentence
            cut += m.start()
            prefix = body[:cut].rstrip(" ,;:-") + "."
    return _second(ex, found, prefix, body[cut:], again, prompt=prompt)


def _item(line: str) -> bool:
    """Is ``line`` a list item (``- 20``, ``2. $20``, ``(b) 20``) or a value alone (``20``,
    ``$20``, ``20 dollars``: at most 24 characters, a digit, at most one word)?"""
    if line[:1] in LIST_MARKS and _rx()[3].match(line) is not None:
        return True
    return (
        len(line) <= 24
        and any(c in line for c in "0123456789")
        and len(line.split()) <= 2
        and line.lstrip(" \t*_$")[:1] in "0123456789"
    )


def listed(ex: Extractor, body: str) -> tuple[str, str] | None:
    """Two values of the list that ends ``body``, when a heading over it calls its items
    candidates (``Possible answers:``, ``**Candidates:**``, ``### Options``), else None.

    The items are the last lines that start as list items (``-``, ``*``, ``1.``, ``(a)``)
    or hold a value alone (``20``, ``$20``; blank lines between them are skipped), at most
    18; the heading is the line above them. ``Steps:`` or ``Quantities:`` over a list
    calls its items no candidates, and a list followed by a final answer does not end the
    reply.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> listed(Extractor(), "Possible answers:\\n- 18\\n- 20")
        ('20', '18')
        >>> listed(Extractor(), "Steps:\\n- 9 eggs\\n- 18") is None
        True
    """
    item = _rx()[3]
    lines = body.rstrip().split("\n")[-18:]
    values: dict[object, str] = {}
    for line in reversed(lines):
        if not line.strip():
            continue
        if not _item(line):
            if len(values) < 2 or _rx()[2].match(line.lower()) is None:
                return None
            found = list(values.values())
            return found[0], found[1]
        m = item.match(line)
        text = line[m.end() if m is not None else 0 :]
        numbers = [t.number for t in scan(clean_latex(text), 4) if t.number is not None]
        if numbers:
            read = ex._statement("final_sentence", text, True, [])
            number = read.number if read is not None and read.number is not None else numbers[-1]
            values.setdefault(number.value, str(number))
    return None


def offers_after(ex: Extractor, t: str, end: int, stop: int, value: object) -> bool:
    """Does a sentence of ``t[end:stop]`` (after a marker's answer ``value``) offer another
    value with a label or a modal (``The answer is 18.\\nAlternative: $20``, ``#### 18\\nShe
    might also make $20.``)? A hook of :func:`alternatives.offered`.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> from rftkit.rewards.numbers import Number
        >>> offers_after(Extractor(), "18.\\nAlternative: $20", 3, 20, Number(18, False))
        True
    """
    tail = t[end:stop]
    if not (_label_stem(tail) or _modal_stem(tail) or "nswer" in tail or ":" in tail):
        return False  # (a colon: a label without "answer", "Other value: 20")
    label, modal, _ = _rx()[:3]
    for rx in (label, modal):
        for i, m in enumerate(rx.finditer(tail.lower())):
            if i == 4:
                break  # bounded
            a = _sentence_start(tail, m.start() + 1)
            b = tail.find("\n", m.end())
            sentence = tail[a : len(tail) if b == -1 else b]
            if _offers(ex, sentence, value):  # type: ignore[arg-type]
                return True
    return False


def labelled_output(ex: Extractor, found: Extraction, t: str, end: int) -> Extraction:
    """``found`` (a program's output, the ``tool_output`` rule's answer, its block ending at
    ``end``), or several answers when the line before the block (or before the program
    that printed it) names it another answer (``Second answer:``, ``Another possible
    answer:``, ``Alternatively:``) after the text before that line stated another value.

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> out = "```output\\n18\\n```\\nSecond answer:\\n```output\\n20\\n```"
        >>> Extractor()(out).rejected
        'multiple_answers'
        >>> Extractor()("Let me compute it.\\n```output\\n20\\n```").answer
        '20'
    """
    # Indices, not slices: the text before the block is most of the reply.
    j = t.rfind("```output", 0, end)
    while j and t[j - 1] in " \t\n":
        j -= 1
    if t[j - 3 : j] == "```":  # the program that printed it: its label stands above it
        k = t.rfind("```", 0, j - 3)
        if k != -1:
            j = k
            while j and t[j - 1] in " \t\n":
                j -= 1
    start = t.rfind("\n", 0, j) + 1
    line = t[start:j]
    # The cheap tests first (the line above a program: "I will write a program."): a label
    # ends with a colon ("Second answer:"), or it is "Alternatively, ...".
    if not (
        (":" in line or "lternat" in line)
        and (_label_stem(line) or "ther " in line or "andidat" in line or "hoice" in line)
    ):
        return found
    label, modal, heading = _rx()[:3]
    low = line.lower()
    m = label.search(low)
    if m is not None:
        again = m.group("maybe") is None
    elif heading.match(low) is not None:
        again = True  # "Candidates:", "Options:", "Choices:" (a list's heading) above it
    else:
        m = modal.search(low)
        if m is None or m.group("also") is None:
            return found
        again = True
    offer = line + "\n" + (found.answer or "")
    return _second(ex, found, t[:start], offer, again, prompt=None)
