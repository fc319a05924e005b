"""The ``numeric`` grader: the final number equals the reference within a tolerance.

The answer is extracted with the ordered rules of :mod:`rftkit.rewards.extract` (all of
them by default) and its anti-spraying policy; the comparison is exact (fractions), with
``|a - b| <= max(abs_tol, rel_tol * max(|a|, |b|))``, so it is symmetric in answer and
reference. A percentage also equals its fraction (``50%`` = ``0.5``). The reference takes the
same shapes as for ``gsm8k``. Standard library only.
"""

from __future__ import annotations

import math

from rftkit.errors import GraderArgsError
from rftkit.rewards.builtin.gsm8k import reference_or_error
from rftkit.rewards.extract import (
    DEFAULT_MAX_CANDIDATES,
    DEFAULT_WINDOW,
    RULES,
    Extractor,
    reference_cache,
)
from rftkit.rewards.numbers import numbers_equal, to_fraction, within_tolerance
from rftkit.rewards.registry import grader
from rftkit.rewards.types import ASSISTANT_ROLES, Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # typing costs a Lambda cold start about 8 ms: annotations only
    from collections.abc import Callable, Sequence
    from fractions import Fraction

    from rftkit.rewards.extract import Conflict

__all__ = ["numeric"]

_CORRECT = Metric("correct", 1.0, "Reward")
_WRONG = Metric("correct", 0.0, "Reward")
_COUNTS: dict[int, Metric] = {}


def _count(n: int) -> Metric:
    m = _COUNTS.get(n)
    if m is None:
        m = _COUNTS.setdefault(n, Metric("n_candidates", float(n), "Metric"))
    return m


_METRICS_1 = {True: (_CORRECT, _count(1)), False: (_WRONG, _count(1))}


def _tolerance(name: str, value: float) -> Fraction:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise GraderArgsError(f"numeric: {name} must be a finite number >= 0, got {value!r}")
    return to_fraction(value)


@grader(name="numeric")
def numeric(
    *,
    abs_tol: float = 0.0,
    rel_tol: float = 0.0,
    rules: Sequence[str] | None = None,
    conflict: Conflict = "reject",
    window: int = DEFAULT_WINDOW,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> Callable[[Sample], Reward]:
    """Score 1 when the final number equals the reference within abs/rel tolerance.

    Args:
        abs_tol: largest accepted absolute difference.
        rel_tol: largest accepted difference relative to the larger magnitude.
        rules: extraction rules in order (default: all).
        conflict: several different answers: ``reject`` (default), ``last`` or ``first``.
        window: characters read from the end of the reply.
        max_candidates: more answers than this scores 0.

    Example:
        >>> g = numeric(rel_tol=0.01)
        >>> g(Sample.from_text(response="about \\\\boxed{3.14}", reference="3.1416")).score
        1.0
    """
    atol = _tolerance("abs_tol", abs_tol)
    rtol = _tolerance("rel_tol", rel_tol)
    exact = atol == 0 and rtol == 0
    rule_names = tuple(RULES if rules is None else ([rules] if isinstance(rules, str) else rules))
    extractor = Extractor(
        rule_names, window=window, max_candidates=max_candidates, conflict=conflict
    )

    ref_cache = reference_cache()
    extract = extractor.read  # (__call__ calls it: one call fewer per reply)

    def grade(sample: Sample) -> Reward:
        reference = sample.reference
        ref = ref_cache.get(reference) if type(reference) is str else None
        if ref is None or ref.number is None:
            ref = reference_or_error(reference)
        ref_number = ref.number
        assert ref_number is not None
        text: str | None = None
        messages = sample.messages
        if messages:
            last = messages[-1]
            if type(last) is dict and last.get("role") in ASSISTANT_ROLES:
                content = last.get("content")
                if type(content) is str:
                    text = content
        if text is None:
            text = sample.completion
        # The prompt turns, for a plain final sentence's numbers the question gives (givens).
        ext = extract(text, messages if messages and len(messages) > 1 else None)
        number = ext.number
        if ext.rule is None:
            correct, why = False, "no answer found"
        elif ext.rejected is not None or number is None:
            correct, why = False, f"answer rejected ({ext.rejected})"
        else:
            if exact:
                if number.value == ref_number.value:
                    correct = True
                elif not (number.percent or ref_number.percent):
                    correct = False
                else:
                    correct = numbers_equal(number, ref_number)
            else:
                correct = within_tolerance(number, ref_number, atol, rtol)
            why = (
                f"{ext.answer} matches {ref.text}"
                if correct
                else f"{ext.answer} does not match {ref.text}"
            )
        n = ext.n_candidates
        metrics = _METRICS_1[correct] if n == 1 else (_CORRECT if correct else _WRONG, _count(n))
        return Reward(1.0 if correct else 0.0, metrics, ext.answer, ext.rule, ext.flags, why)

    return grade
