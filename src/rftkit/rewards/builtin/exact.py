"""The ``exact_match`` grader: the reply (or its extracted answer) equals the reference.

By default the whole reply is compared with the reference after normalisation: non-ASCII text
taken as shown (NFC, fullwidth ASCII as ASCII, zero-width and other invisible characters
dropped), surrounding whitespace removed, inner whitespace collapsed, case folded, and
surrounding punctuation (quotes, backticks, asterisks, a final ``.`` ``!`` ``?`` ``;`` ``:``
``,``) dropped. When both sides are a number and nothing else (``numbers=True``; currency
signs, ``%`` and LaTeX wrappers allowed, words not; a percentage matches only a percentage),
they are compared as numbers instead, so ``1,234`` matches ``1234.0``. With ``rules``, the
answer is first extracted with those rules (text mode: answers are compared as normalised text,
so ``#### Paris`` works). The reference is read in every form the harness documents: a string,
a number, a GSM8K solution ending in ``#### 72`` (the text after the last ``####`` is the
reference, also inside ``{"text": ...}``) and ``{"final_answer"|"answer"|"text": ...}``; any
other form is a per-sample ``grader_exception``. Every option applies to both sides alike, so a
text without thinking always matches itself. A reasoning model's thinking (the text up to the
last ``</think>``) is never compared, and a reply whose ``<think>`` never closes scores 0 (flag
``unclosed_thinking``): :func:`rftkit.rewards.thinking.after_thinking`. Standard library only.
"""

from __future__ import annotations

import re

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.extract import DEFAULT_MAX_CANDIDATES, DEFAULT_WINDOW, Extractor
from rftkit.rewards.extract import reference_text as _reference_text
from rftkit.rewards.numbers import parse_bare_number
from rftkit.rewards.registry import grader
from rftkit.rewards.thinking import after_thinking
from rftkit.rewards.types import Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # Lambda path: no typing at run time (docs/architecture.md)
    from collections.abc import Callable, Sequence
    from typing import Any

    from rftkit.rewards.extract import Conflict

__all__ = ["exact_match", "normalise_text"]

_CORRECT = (Metric("correct", 1.0, "Reward"),)
_WRONG = (Metric("correct", 0.0, "Reward"),)
_EDGE_PUNCTUATION = "\"'`*_“”‘’"
_TRAILING_PUNCTUATION = ".!?;:,"


# Unicode's format characters (category Cf, Unicode 15.1): zero-width spaces and joiners,
# soft hyphen, bidi controls, byte-order mark, tag characters. One character class: linear.
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# Fullwidth ASCII (an IME's "ＰＡＲＩＳ", "７２") and the ideographic space, as ASCII.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _shown(text: str) -> str:
    """Non-ASCII text as it is shown: canonically composed (NFC: ``é`` one way), fullwidth
    ASCII as ASCII, invisible format characters (zero-width spaces and joiners, soft
    hyphens, bidi marks) removed. Compatibility forms that change meaning (``x²``, ``½``)
    are kept: NFKC would make ``x²`` equal ``x2``."""
    import unicodedata  # a C module; only for non-ASCII text

    out = unicodedata.normalize("NFC", text).translate(_FULLWIDTH)
    return out if out.isascii() else _INVISIBLE.sub("", out)


def normalise_text(
    text: str,
    *,
    case_sensitive: bool = False,
    collapse_whitespace: bool = True,
    strip_punctuation: bool = True,
) -> str:
    """Normalise an answer text for comparison.

    Non-ASCII text is first taken as shown: NFC, fullwidth ASCII as ASCII, no zero-width
    or other invisible format characters (so ``Pa\u200bris`` and ``ＰＡＲＩＳ`` are ``paris``).

    Example:
        >>> normalise_text("  The   **Eiffel** Tower.  ")
        'the **eiffel** tower'
        >>> normalise_text('"Paris".')
        'paris'
    """
    s = text.strip() if text.isascii() else _shown(text).strip()
    if strip_punctuation:
        s = s.rstrip(_TRAILING_PUNCTUATION).strip(_EDGE_PUNCTUATION).strip()
        s = s.rstrip(_TRAILING_PUNCTUATION).strip()
    if collapse_whitespace:
        s = " ".join(s.split())
    if not case_sensitive:
        s = s.casefold()
    return s


def _reference(reference: Any) -> str:
    # Every form the harness documents (docs/contract.md): a string, a number, a GSM8K
    # solution ending in "#### 72" (the answer after the last "####" is the reference, also
    # inside {"text": ...}), and {"final_answer" | "answer" | "text": ...}.
    if isinstance(reference, str):
        # A "####" with no answer after it is not a solution: the text is the reference.
        return (_reference_text(reference) if "####" in reference else None) or reference
    text = _reference_text(reference, solution=True)
    if text is None:
        raise GraderError(
            f"exact_match: no usable reference answer in {reference!r:.60}",
            hint="give a string, a number, a solution ending in '#### <answer>', or "
            "{'final_answer': 'Paris'}",
        )
    return text


@grader(name="exact_match")
def exact_match(
    *,
    rules: Sequence[str] | None = None,
    case_sensitive: bool = False,
    collapse_whitespace: bool = True,
    strip_punctuation: bool = True,
    numbers: bool = True,
    conflict: Conflict = "reject",
    window: int = DEFAULT_WINDOW,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    max_chars: int = 20_000,
) -> Callable[[Sample], Reward]:
    """Score 1 when the reply (or the answer extracted by rules) equals the reference.

    Args:
        rules: extraction rules to find the answer first (default: compare the whole reply).
        case_sensitive: compare case.
        collapse_whitespace: treat runs of whitespace as one space.
        strip_punctuation: ignore surrounding quotes/emphasis and a final punctuation mark.
        numbers: compare as numbers when both sides are one number (``72.0`` = ``72``).
        conflict: with ``rules``: several different answers: ``reject``, ``last``, ``first``.
        window: with ``rules``: characters read from the end of the reply.
        max_candidates: with ``rules``: more answers than this scores 0.
        max_chars: an answer longer than this is not normalised (bounded time): it
            matches only a reference identical to it character for character.

    A reference that is empty, or empty once normalised (``"  "``, ``"!!!"`` with
    ``strip_punctuation``), raises :class:`~rftkit.errors.GraderError`: the harness reports
    that sample as ``grader_exception`` instead of paying every empty reply.

    Example:
        >>> g = exact_match()
        >>> g(Sample.from_text(response=" paris. ", reference="Paris")).score
        1.0
        >>> g(Sample.from_text(response="1,234", reference="1234.0")).score
        1.0
    """
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise GraderArgsError(
            f"exact_match: max_chars must be a positive integer, got {max_chars!r}"
        )
    extractor = None
    if rules is not None:
        names = [rules] if isinstance(rules, str) else list(rules)
        extractor = Extractor(
            names,
            window=window,
            max_candidates=max_candidates,
            conflict=conflict,
            numeric=False,
        )

    def norm(s: str) -> str:
        return normalise_text(
            s,
            case_sensitive=case_sensitive,
            collapse_whitespace=collapse_whitespace,
            strip_punctuation=strip_punctuation,
        )

    def grade(sample: Sample) -> Reward:
        ref = _reference(sample.reference)
        # An empty reference would pay every reply that normalises to nothing ("", "  ",
        # "!!!"): refuse it, as gsm8k does, so the harness reports a dataset problem.
        r = norm(ref) if len(ref) <= max_chars else ref
        if not r.strip():
            raise GraderError(
                f"the reference answer {ref[:40]!r} is empty"
                + ("" if not ref.strip() else " once normalised"),
                hint="give each sample a non-empty reference, e.g. {'final_answer': 'Paris'}",
            )
        rule = None
        flags: tuple[str, ...] = ()
        if extractor is None:
            # The whole reply, after a reasoning model's thinking (extract.after_thinking).
            answer: str | None = after_thinking(sample.completion)
            if answer is None:
                why = "no answer: the reply was cut off while thinking"
                return Reward(0.0, _WRONG, None, None, ("cut_off", "unclosed_thinking"), why)
        else:
            ext = extractor(sample.completion)
            answer, rule, flags = ext.answer, ext.rule, ext.flags
            if ext.rejected is not None:
                why = f"answer rejected ({ext.rejected})"
                return Reward(0.0, _WRONG, ext.answer, rule, flags, why)
        assert answer is not None
        if answer in (ref, sample.reference):
            correct = True  # identical texts normalise identically, whatever their length
        elif len(answer) > max_chars or len(ref) > max_chars:
            shown = answer[:200] + "..."
            why = f"differs from the reference (longer than {max_chars} characters)"
            return Reward(0.0, _WRONG, shown, rule, (*flags, "too_long"), why)
        else:
            a = norm(answer)
            correct = a == r
            if not correct and numbers:
                na, nr = parse_bare_number(a), parse_bare_number(r)
                # Exact: a percentage matches only a percentage (72% is not 72 here).
                correct = na is not None and na == nr
        why = "matches the reference" if correct else "differs from the reference"
        shown = answer if len(answer) <= 200 else answer[:200] + "..."
        return Reward(
            1.0 if correct else 0.0, _CORRECT if correct else _WRONG, shown, rule, flags, why
        )

    return grade
