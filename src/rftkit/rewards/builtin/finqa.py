"""The ``finqa`` preset: FinQA answers scored the way the AWS FinQA sample reward does.

The answer is the text after the last ``ANSWER:`` marker at the start of a line (any case,
markdown emphasis allowed); a reply without one scores 0 (``no_answer``). Then:

* a ``yes``/``no`` reference: the answer's first word, lower-cased and without punctuation,
  must be the same word;
* a numeric reference: the answer's number (the whole answer, else its first number; with a
  scale word such as ``$1,234.5 million`` the written ``1234.5`` counts too) must be
  within ``rel_tol`` (default 1%) of the reference, relative to the reference
  (``|a - r| <= rel_tol * |r|``; exactly equal when the reference is 0). A ``%`` sign means
  a hundredth (``12.5%`` = ``0.125``), and with ``percent_scale`` (default, as the sample)
  the answer may also be off by a factor of 100 either way (``12.5`` for ``0.125``, ``0.125``
  for ``12.5``): the percent-versus-decimal mismatch the sample forgives.

Built from rftkit's own pieces (the reference reader of :mod:`rftkit.rewards.extract`, the
number parser of :mod:`rftkit.rewards.numbers`); standard library only. See docs/finqa.md.
"""

from __future__ import annotations

import math
import re

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.extract import reference_text
from rftkit.rewards.numbers import Number, find_numbers, parse_bare_number, to_fraction
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from collections.abc import Callable
    from fractions import Fraction


__all__ = ["answer_line", "finqa"]

WINDOW = 32_768
MAX_ANSWER = 200
_YES_NO = frozenset({"yes", "no"})
_MARKER = "ANSWER:"


def answer_line(text: str, marker: str = _MARKER) -> str | None:
    """The text after the last ``marker`` that starts a line (emphasis allowed), or None.

    Example:
        >>> answer_line("work...\\n**Answer:** 12.5%\\n")
        '12.5%'
    """
    tail = text[-WINDOW:]
    upper = tail.upper()
    key = marker.upper()
    pos = upper.rfind(key)
    while pos != -1:
        start = upper.rfind("\n", 0, pos) + 1
        if not tail[start:pos].strip(" \t*_#>"):
            end = tail.find("\n", pos)
            span = tail[pos + len(key) : len(tail) if end == -1 else end]
            return span.strip(" \t*_`").rstrip(".").strip()[:MAX_ANSWER]
        pos = upper.rfind(key, 0, pos)
    return None


# The first plain number of an answer: sign, digits with thousands commas, decimals, a % sign.
# Linear: each repeat is followed by a character it cannot match.
_PLAIN = re.compile(r"(-?)\$?(\d[\d,]*+(?:\.\d+)?)[ \t]*+(%?)")


def _numbers(text: str) -> list[Number]:
    """The answer's number: the whole answer when it is one, else its first number; with a
    scale word (``$1.2 million``) both the scaled and the written value."""
    number = parse_bare_number(text)
    if number is None:
        tokens = find_numbers(text, 1)
        number = tokens[0].number if tokens else None
    out = [] if number is None else [number]
    m = _PLAIN.search(text)
    if m is not None:
        value = to_fraction(m.group(2).replace(",", "") or "0")
        out.append(Number(-value if m.group(1) else value, bool(m.group(3))))
    return out


def _options(number: Number, scale: bool, zero: Fraction) -> list[Fraction]:
    value = zero + number.value  # an exact Fraction
    if number.percent:
        value /= 100
    return [value, value / 100, value * 100] if scale else [value]


@grader(name="finqa")
def finqa(
    *, rel_tol: float = 0.01, percent_scale: bool = True, marker: str = _MARKER
) -> Callable[[Sample], Reward]:
    """FinQA's reward as in the AWS sample: ``ANSWER:`` line, yes/no, 1% tolerance.

    Args:
        rel_tol: largest accepted difference relative to the reference (0.01 = 1%).
        percent_scale: also accept the answer off by a factor of 100 (percent vs decimal).
        marker: the answer-line marker (matched case-insensitively at a line start).

    Example:
        >>> g = finqa()
        >>> g(Sample.from_text(response="...\\nANSWER: 12.5%", reference="0.125")).score
        1.0
    """
    if (
        isinstance(rel_tol, bool)
        or not isinstance(rel_tol, int | float)
        or not math.isfinite(rel_tol)
        or rel_tol < 0
    ):
        raise GraderArgsError(f"finqa: rel_tol must be a finite number >= 0, got {rel_tol!r}")
    if not isinstance(marker, str) or not marker.strip():
        raise GraderArgsError("finqa: marker must be a non-empty string")
    tol = to_fraction(rel_tol)
    zero = to_fraction(0)
    scale = bool(percent_scale)

    def grade(sample: Sample) -> Reward:
        ref = reference_text(sample.reference)
        if ref is None or not ref.strip():
            raise GraderError("finqa: the sample has no reference answer")
        ref = ref.strip()
        answer = answer_line(sample.completion, marker)
        if answer is None:
            metrics = (Metric("correct", 0.0, "Reward"), Metric("has_answer", 0.0))
            return Reward(0.0, metrics, None, None, ("no_answer",), f"no {marker} line")
        has = Metric("has_answer", 1.0)
        word = ref.lower().rstrip(".")
        if word in _YES_NO:
            got = answer.lower().split()[0].strip(".,!;:\"'*") if answer.split() else ""
            correct = got == word
            rule = "yes_no"
        else:
            ref_number = parse_bare_number(ref)
            if ref_number is None:
                raise GraderError(f"finqa: the reference {ref[:40]!r} is not a number or yes/no")
            want = _options(ref_number, False, zero)[0]
            correct = any(
                abs(got - want) <= tol * abs(want)
                for number in _numbers(answer)
                for got in _options(number, scale, zero)
            )
            rule = "number"
        why = f"{answer!r} {'matches' if correct else 'does not match'} {ref!r}"
        metrics = (Metric("correct", 1.0 if correct else 0.0, "Reward"), has)
        return Reward(1.0 if correct else 0.0, metrics, answer, rule, (), why)

    return grade
