"""Reference answers: the answer text inside a dataset's reference, parsed once and cached.

Standard library only: this module ships inside every reward Lambda (no typing at run time;
the record is a collections.namedtuple).
"""

from __future__ import annotations

import math
from collections import namedtuple
from collections.abc import Mapping

from rftkit.rewards.equations import parse_answer
from rftkit.rewards.numbers import Number, strip_calculator_annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, NamedTuple

    class _ReferenceFields(NamedTuple):
        text: str | None
        number: Number | None
        digits: str | None
        problem: str | None

else:
    _ReferenceFields = namedtuple("Reference", ("text", "number", "digits", "problem"))

__all__ = ["Reference", "parse_reference", "reference_cache", "reference_text"]


# -- references ------------------------------------------------------------------------------

_REFERENCE_KEYS = ("final_answer", "answer", "reference_answer", "text", "value", "solution")


def reference_text(reference: Any, *, solution: bool = True, _depth: int = 0) -> str | None:
    """The answer text inside a reference, whatever shape the dataset gave it.

    Accepts a bare number, a string, a full GSM8K solution ending in ``#### 72`` (when
    ``solution``), and dicts ``{"final_answer": ...}``, ``{"answer": ...}``,
    ``{"text": ...}`` (nested up to 4 levels). Returns None when there is no answer.

    Example:
        >>> reference_text({"text": "3 * 4 = <<3*4=12>>12 eggs\\n#### 12"})
        '12'
        >>> reference_text(72)
        '72'
    """
    if isinstance(reference, str):
        if solution and "####" in reference:
            tail = reference[reference.rfind("####") + 4 :]
            return tail.strip().split("\n", 1)[0].strip() or None
        return reference.strip() or None
    if isinstance(reference, bool) or reference is None:
        return None
    if isinstance(reference, int):
        return str(reference)
    if isinstance(reference, float):
        return repr(reference) if math.isfinite(reference) else None
    if isinstance(reference, Mapping) and _depth < 4:
        for key in _REFERENCE_KEYS:
            if key in reference:
                return reference_text(reference[key], solution=solution, _depth=_depth + 1)
    return None


class Reference(_ReferenceFields):
    """A parsed numeric reference answer (a named tuple of the attributes below).

    Attributes:
        text: the answer text, or None when the reference holds none.
        number: its value, or None when it is not a single number.
        digits: the canonical digit string when the value is a non-negative integer
            (lets graders compare ``"72" == "72"`` before parsing anything).
        problem: why ``number`` is None.
    """

    __slots__ = ()


_REFERENCE_CACHE: dict[str, Reference] = {}
_REFERENCE_CACHE_LIMIT = 8192


def _parse_reference_text(text: str) -> Reference:
    cached = _REFERENCE_CACHE.get(text)
    if cached is not None:
        return cached
    result = parse_answer(strip_calculator_annotations(text))
    number = result.number
    digits = None
    if number is not None and type(number.value) is int and number.value >= 0:
        digits = str(number.value) if not number.percent else None
    problem = None
    if number is None:
        problem = f"reference {text[:60]!r} is not one number ({result.reason})"
    ref = Reference(text, number, digits, problem)
    if len(_REFERENCE_CACHE) >= _REFERENCE_CACHE_LIMIT:
        _REFERENCE_CACHE.clear()  # bounded: distinct references beyond this are rare
    _REFERENCE_CACHE[text] = ref
    return ref


def reference_cache() -> Mapping[str, Reference]:
    """The cache of parsed references by text, for hot paths that look up before parsing.

    Example:
        >>> _ = parse_reference("72")
        >>> reference_cache()["72"].digits
        '72'
    """
    return _REFERENCE_CACHE


_NO_REFERENCE = Reference(None, None, None, "the sample has no reference answer")


def parse_reference(reference: Any) -> Reference:
    """Parse a numeric reference answer once; results are cached per distinct answer text.

    Example:
        >>> parse_reference({"final_answer": "1,234"}).number
        Number(value=1234, percent=False)
        >>> parse_reference("Natalia sold 48/2 = <<48/2=24>>24 clips\\n#### 72").digits
        '72'
    """
    if type(reference) is str:
        cached = _REFERENCE_CACHE.get(reference)
        if cached is not None:
            return cached
        text = reference_text(reference)
        if text is None:
            return _NO_REFERENCE
        ref = _parse_reference_text(text)
        if text != reference and len(reference) <= 4096:
            _REFERENCE_CACHE[reference] = ref
        return ref
    text = reference_text(reference)
    if text is None:
        return _NO_REFERENCE
    return _parse_reference_text(text)
