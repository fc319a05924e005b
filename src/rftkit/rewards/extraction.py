"""The extractor's record: :class:`Extraction` (what a rule read in a reply, and why it may
not be paid), with the shared records built from it.

Standard library and :mod:`.numbers` only: this module ships inside every reward Lambda (no
typing at run time: the record is a ``collections.namedtuple``; type checkers see a
``NamedTuple``).
"""

from __future__ import annotations

from collections import namedtuple

from rftkit.rewards.numbers import Number

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import NamedTuple

__all__ = ["Extraction"]


if TYPE_CHECKING:

    class _ExtractionFields(NamedTuple):
        answer: str | None
        rule: str | None
        number: Number | None
        n_candidates: int
        flags: tuple[str, ...]
        at_end: bool
        rejected: str | None

else:
    _ExtractionFields = namedtuple(
        "Extraction",
        ("answer", "rule", "number", "n_candidates", "flags", "at_end", "rejected"),
    )


class Extraction(_ExtractionFields):
    """What the extractor found in a reply (a named tuple of the attributes below).

    Attributes:
        answer: the answer text as written (trimmed), or None when no rule fired.
        rule: the rule that fired.
        number: the answer's value (numeric mode), None when it is not one number.
        n_candidates: distinct answers the firing rule saw.
        flags: diagnostics (``truncated``, ``unclosed_box``, ...), plus ``rejected``.
        at_end: only whitespace and closing marks follow the answer.
        rejected: why this answer must not be rewarded, or None: ``no_answer``,
            ``multiple_answers``, ``too_many_answers``, ``several_numbers``,
            ``no_number``, ``number_too_large``, ``answer_too_long``, ``clock_time``
            (a final sentence whose one value is a time of day: :mod:`.clock_times`) or
            ``bound`` (an answer that states a strict bound, ``more than 18``:
            :mod:`.bounds`).

    Example:
        >>> from rftkit.rewards.extract import Extractor
        >>> e = Extractor()("so 9 * 2 = 18\\n#### 18")
        >>> e.answer, e.rule, e.rejected
        ('18', 'hash', None)
    """

    __slots__ = ()

    @property
    def ok(self) -> bool:
        """An answer was found and nothing disqualifies it."""
        return self.rejected is None


# A named tuple built from a tuple without its Python-level __new__ (same object).
_new = tuple.__new__
_CUT_OFF = Extraction(None, None, None, 0, ("cut_off", "no_answer"), False, "no_answer")
_THINKING_CUT_OFF = Extraction(
    None, None, None, 0, ("cut_off", "unclosed_thinking", "no_answer"), False, "no_answer"
)
# The parse failures that are limits too (flagged ``limit``; moved from extract.py).
_SIZE_REASONS = frozenset({"answer_too_long", "number_too_large"})


def _limit(rule: str, flags: list[str]) -> Extraction:
    """No answer: a limit was reached (rejected ``limit``; flags: ``limit``, then what was
    over it, the last of ``flags``: ``unclosed_box``, ...)."""
    head, last = flags[:-1], flags[-1:]
    return _new(Extraction, (None, rule, None, 0, (*head, "limit", *last), False, "limit"))


def _shortcut(
    rule: str, read: tuple[int, int, str | None], flags: list[str], numeric: bool
) -> Extraction:
    """The extraction of a sentence shortcut's ``(answer, n_candidates, rejected)``."""
    value, n, rejected = read
    if rejected is None:
        number = _new(Number, (value, False)) if numeric else None
        return _new(Extraction, (str(value), rule, number, 1, tuple(flags), False, None))
    return _new(Extraction, (str(value), rule, None, n, (*flags, rejected), False, rejected))


def _rejected(found: Extraction, rejected: str) -> Extraction:
    """``found``, its answer kept but not paid: rejected ``rejected`` (a flag too)."""
    kept = (found.answer, found.rule, None, found.n_candidates, (*found.flags, rejected))
    return _new(Extraction, (*kept, False, rejected))


def _several(found: Extraction, rule: str, flags: list[str]) -> Extraction:
    """``found``'s answer rejected as one of two (``multiple_answers``)."""
    rejected = "multiple_answers"
    return _new(Extraction, (found.answer, rule, None, 2, (*flags, rejected), False, rejected))


def _text_key(span: str) -> str:
    """An answer's text as compared in text mode (spaces collapsed, case folded, no final
    stop; moved from extract.py)."""
    return " ".join(span.split()).casefold().rstrip(".")
