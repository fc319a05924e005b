"""Reply-level checks of the extractor's fast paths: the plain ``#### N`` line, few-shot cuts.

Helpers of :mod:`rftkit.rewards.extract`, which re-exports them. Standard library only:
this module ships inside every reward Lambda.
"""

from __future__ import annotations

from rftkit.rewards.extract_rules import _MAX_MARKERS, _answer_marker_end
from rftkit.rewards.extraction import Extraction, _new
from rftkit.rewards.numbers import MAX_DIGITS, Number, has_digit

__all__ = ["annotations_before_marker_line", "fast_unicode_ok", "plain_hash_line"]

_CLOSERS = " \t\r\n$.*`}])\\!_"  # what may follow a final answer and still end the reply


def fast_unicode_ok(text: str, marker: int) -> bool:
    """Can a fast path skip Unicode normalisation of a non-ASCII reply?

    The caller has checked that the marker holds the first "#" of the reply. Then yes when
    everything from the marker on is ASCII (the answer line and what follows it read the
    same) and no full-width number sign before it could become a "#": deleting zero-width
    characters cannot make a second "####" out of a text with no "#" in it.
    """
    return text[marker:].isascii() and "\uff03" not in text


def annotations_before_marker_line(text: str, marker: int) -> bool:
    """Is every ``<<`` (a possible calculator annotation) before the marker's line?

    Then a fast path may read the reply as written: the general path removes annotations
    first, but one closes on the line it opens, so removing those on earlier lines leaves
    the marker's line and what follows it unchanged, and (the caller has checked that no
    "#" precedes the marker) cannot join two "#" runs into a second marker. GSM8K-style
    replies carry such annotations in their working, on the lines above ``#### N``.
    """
    return text.find("<<", text.rfind("\n", 0, marker) + 1) == -1


def plain_hash_line(text: str) -> tuple[str, bool] | None:
    """``(digits, at_end)`` when the reply's only ``####`` line holds a plain integer, and
    nothing that holds a digit follows that line.

    The GSM8K form, read as the general path reads it (a test checks this) without building
    anything: one "#" search (memchr) proves the marker is the only one and not part of a
    longer run, and a "<" search skips the "<<" search in most replies. The caller has
    checked that the reply fits the window and holds a "#".
    """
    i = text.rfind("####")
    if (
        i != -1
        and text.find("#") == i
        # A label before the marker on its line ("Second answer: #### 20") is read by the
        # general path (offers.named_answer).
        and (not i or text[i - 1] == "\n")
        and ("Q" not in text or "\nQ" not in text)  # a few-shot continuation is cut first
        and ("<" not in text or annotations_before_marker_line(text, i))
        and (text.isascii() or fast_unicode_ok(text, i))
    ):
        j = text.find("\n", i + 4)
        line_end = len(text) if j == -1 else j
        span = text[i + 4 : line_end].strip()
        # A line of at most MAX_DIGITS characters keeps both bounds (digits, span).
        if line_end - i <= MAX_DIGITS and span.isdigit():
            if j == -1 or not text[j:].strip(_CLOSERS):
                return span, True
            # Text after the line may go on to conclude with another value ("#### 18\n
            # Actually, she makes 20 dollars."): the general path reads it when it holds a
            # digit (sentences.later_statement needs one).
            return None if has_digit(text[j:]) else (span, False)
    return None


def _newline_q(t: str) -> bool:
    """Does ``t`` hold ``"\nQ"``? Each "Q" after the first character is found by memchr
    (few-shot replies start with one and hold few others); a two-character search is a
    slower byte loop. After eight that follow no newline, that search decides."""
    k = t.find("Q", 1)
    tries = 0
    while k != -1:
        if t[k - 1] == "\n":
            return True
        tries += 1
        if tries == 8:
            return "\nQ" in t
        k = t.find("Q", k + 1)
    return False


def _continuation(t: str) -> int:
    """Where a new few-shot question starts after an answer, or -1."""
    # Only after an answer ("A:" line, an answer statement, a box, a '####' line): a reply
    # may restate its own question before answering it.
    find = t.find
    answered = len(t)
    if t.startswith("A:"):
        answered = 0
    else:
        # The first "\nA:", found by its newline (one memchr each, up to 4 lines): a
        # few-shot reply answers on its second line.
        k = find("\n")
        lines = 0
        while k != -1 and not t.startswith("A:", k + 1):
            lines += 1
            k = find("\n", k + 1) if lines < 4 else find("\nA:", k + 1)
        if k != -1:
            answered = k
    for m, c in _ANSWERED:
        # One memchr for a character of the marker first: most replies hold neither "#"
        # nor "\\" before their first "A:" line.
        if find(c, 0, answered) == -1:
            continue
        k = find(m, 0, answered)
        if k != -1:
            answered = k
    for stem in ("nswer", "NSWER"):  # an answer statement, not "to answer this"
        if find(stem[0], 0, answered) == -1:
            continue
        k = find(stem, 0, answered)
        seen = 0
        while k != -1 and seen < _MAX_MARKERS:
            if _answer_marker_end(t, k) != -1:
                answered = k
                break
            seen += 1
            k = find(stem, k + 5, answered)
    if answered == len(t):
        return -1
    # The first line after the answer that starts "Q:" or "Question:": found by its "Q"
    # (one memchr each; a capital Q is rare in prose), up to 4 times, then by the searches.
    q = find("Q", answered + 2)
    tries = 0
    while q != -1 and tries < 4:
        if t[q - 1] == "\n" and (t.startswith("Q:", q) or t.startswith("Question:", q)):
            return q - 1
        tries += 1
        q = find("Q", q + 1)
    if q == -1:
        return -1
    best = -1
    for marker in ("\nQ:", "\nQuestion:"):
        k = find(marker, q - 1)
        if k != -1 and (best == -1 or k < best):
            best = k
    return best


_ANSWERED = (("####", "#"), ("\\boxed", "\\"))  # each with a character of it


def _plain_hash(text: str) -> Extraction | None:
    """:func:`plain_hash_line` as an extraction."""
    found = plain_hash_line(text)
    if found is None:
        return None
    span, at_end = found
    return _new(Extraction, (span, "hash", _new(Number, (int(span), False)), 1, (), at_end, None))
