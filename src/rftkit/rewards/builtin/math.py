"""The ``math`` grader: is the final answer mathematically equivalent to the reference?

For MATH-style answers (``\\frac{\\sqrt{3}}{2}``, ``2\\pi``, ``(1, 3]``, ``\\{1, 2\\}``,
``x = 4``, ``3x+2``) as well as GSM8K numbers. The answer is extracted with the math
grader's own named rules (:mod:`rftkit.rewards.mathexpr.extract`: ``\\boxed{}``, answer
tags, ``####``, "the answer is", a closing math span, a bare short reply, option letters,
a standalone last number; a box that is there but unusable scores 0 with the ``limit``
metric, never a weaker rule) and compared in stages,
cheapest first (see :mod:`rftkit.rewards.mathexpr.equiv`): plain numbers exactly, rational
expressions exactly, floating-point evaluation to refute, a canonical polynomial form to
prove, and only then sympy, in a worker process under a per-sample time budget.

Score: 1.0 when equivalent, else 0.0. Metrics on every sample:

============ ======== ======================================================================
name         type     value
============ ======== ======================================================================
``correct``  Reward   1.0 or 0.0 (the score)
``stage``    Metric   the stage that decided: 0 none, 1 text, 2 exact, 3 structure,
                      4 numeric, 5 symbolic
``timeout``  Metric   1.0 when the symbolic stage ran out of time (score 0)
``limit``    Metric   1.0 when an answer was over a size, nesting, magnitude or memory limit
============ ======== ======================================================================

``Reward.errors`` carries the reason for a 0 that is not a plain wrong answer: ``no_answer``,
``multiple_answers``, ``too_many_answers``, ``unclosed_box``, ``answer_too_long``,
``unclosed_answer_tag``, ``truncated``, ``timeout``, ``limit``, ``memory``, ``worker_crash``,
``symbolic_error``;
``unparsed`` marks an answer compared as text. A reference that is missing or over the limits
raises :class:`~rftkit.errors.GraderError` (a dataset problem, reported per sample by the
harness).

Safety: model text never reaches ``eval``, ``sympify`` or ``parse_expr``; the parser is this
package's own and bounded. sympy is imported only by the worker process, and only when a
sample needs it: importing this module, or grading plain numbers, never imports sympy.
The worker is started on first need and restarted after a timeout; it is owned by the grader
(``grade.worker``) and stopped with ``grade.close()`` or at interpreter exit.
"""

from __future__ import annotations

import math as _math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.deadline import remaining
from rftkit.rewards.extract import DEFAULT_MAX_CANDIDATES, DEFAULT_WINDOW, reference_text
from rftkit.rewards.mathexpr.equiv import (
    STAGES,
    Equivalence,
    Options,
    PercentMode,
    Prepared,
    compare,
    decide,
    prepare,
    text_equal,
)
from rftkit.rewards.mathexpr.extract import (
    MATH_RULES,
    MathExtraction,
    MathExtractor,
    choice_letter,
    is_prose,
    reference_answer,
)
from rftkit.rewards.mathexpr.nodes import Limits, MathLimitError, MathSyntaxError
from rftkit.rewards.numbers import Number, parse_bare_number
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample

if TYPE_CHECKING:
    from rftkit.rewards.mathexpr.budget import Worker

__all__ = ["DEFAULT_RULES", "math"]

DEFAULT_RULES: tuple[str, ...] = MATH_RULES
"""Extraction rules of the math grader, in order (:mod:`rftkit.rewards.mathexpr.extract`)."""

_STAGE_CODE = {name: float(i) for i, name in enumerate(STAGES)}
_DEADLINE_MARGIN = 0.25  # seconds kept back from the invocation deadline
_REF_CACHE_LIMIT = 4096
_PERCENT_MODES = ("strip", "fraction", "either")
# What hostile text can make the parser raise besides MathLimitError: it is then not math.
_NOT_MATH = (MathSyntaxError, ValueError, ArithmeticError, TypeError, RecursionError)
# Extraction flags that mean a reply or an answer was over a size limit.
_SIZE_FLAGS = frozenset(
    {"truncated", "answer_too_long", "unclosed_box", "unclosed_answer_tag", "too_many_answers"}
)
Conflict = Literal["reject", "last", "first"]
# A reference, parsed once: (answer text, plain number, prepared math, option letter, prose).
_RefEntry = tuple[str, Number | None, Prepared | None, str | None, bool]


_METRICS: dict[tuple[bool, str, bool, bool], tuple[Metric, ...]] = {}


def _metrics(correct: bool, stage: str, timeout: bool, limit: bool) -> tuple[Metric, ...]:
    key = (correct, stage, timeout, limit)
    found = _METRICS.get(key)
    if found is None:  # at most 2 * 7 * 2 * 2 distinct tuples, built once each
        found = _METRICS[key] = (
            Metric("correct", 1.0 if correct else 0.0, "Reward"),
            Metric("stage", _STAGE_CODE.get(stage, 0.0), "Metric"),
            Metric("timeout", 1.0 if timeout else 0.0, "Metric"),
            Metric("limit", 1.0 if limit else 0.0, "Metric"),
        )
    return found


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise GraderArgsError(f"math: {name} must be a positive integer, got {value!r}")
    return value


def _numbers_match(a: Number, b: Number, percent: str, tol: Fraction) -> bool:
    """The plain-number fast path, with the same meaning of % as the parser path."""
    if a.value == b.value and a.percent == b.percent:
        return True
    options_a = [Fraction(a.value)]
    options_b = [Fraction(b.value)]
    if percent == "fraction":
        options_a = [x / 100 if a.percent else x for x in options_a]
        options_b = [x / 100 if b.percent else x for x in options_b]
    elif percent == "either":
        if a.percent:
            options_a.append(options_a[0] / 100)
        if b.percent:
            options_b.append(options_b[0] / 100)
    for x in options_a:
        for y in options_b:
            if x == y or (tol and abs(x - y) <= tol * max(abs(x), abs(y))):
                return True
    return False


@grader(name="math", requires=("sympy>=1.12",))
def math(
    *,
    rel_tol: float = 0.0,
    percent: PercentMode = "strip",
    time_budget: float | None = 2.0,
    max_chars: int = 2000,
    max_tokens: int = 600,
    max_depth: int = 50,
    rules: Sequence[str] | None = None,
    conflict: Conflict = "reject",
    window: int = DEFAULT_WINDOW,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
    memory_mb: int | None = 512,
) -> Callable[[Sample], Reward]:
    """Score 1 when the final answer is mathematically equivalent to the reference.

    Args:
        rel_tol: relative tolerance for numbers (0: exact, so ``0.33`` is not ``1/3``).
        percent: what ``10%`` means: ``"strip"`` (equals 10, the default), ``"fraction"``
            (equals 0.1) or ``"either"``.
        time_budget: seconds per sample for the sympy stages, enforced by killing a worker
            process; None runs sympy in-process without a limit (trusted data only).
        max_chars: longest answer (characters) the parser accepts.
        max_tokens: most tokens in one answer.
        max_depth: deepest nesting of brackets, fractions and powers.
        rules: extraction rules in order (default :data:`DEFAULT_RULES`).
        conflict: several different answers: ``reject`` (default), ``last`` or ``first``.
        window: characters read from the end of the reply.
        max_candidates: more answers than this scores 0.
        memory_mb: memory the worker may grow by before its computation fails (None: no cap).

    Example:
        >>> g = math()
        >>> g(Sample.from_text(response="so \\\\boxed{\\\\frac{1}{2}}", reference="0.5")).score
        1.0
        >>> g(Sample.from_text(response="\\\\boxed{(1, 3)}", reference="(1, 3]")).score
        0.0
    """
    if isinstance(rel_tol, bool) or not isinstance(rel_tol, int | float):
        raise GraderArgsError(f"math: rel_tol must be a number, got {rel_tol!r}")
    if not _math.isfinite(rel_tol) or not 0 <= rel_tol < 1:
        raise GraderArgsError(f"math: rel_tol must be in [0, 1), got {rel_tol!r}")
    if percent not in _PERCENT_MODES:
        raise GraderArgsError(
            f"math: percent must be one of {', '.join(_PERCENT_MODES)}, got {percent!r}"
        )
    if time_budget is not None and (
        isinstance(time_budget, bool)
        or not isinstance(time_budget, int | float)
        or not _math.isfinite(time_budget)
        or time_budget <= 0
    ):
        raise GraderArgsError(
            f"math: time_budget must be a positive number of seconds or None, got {time_budget!r}"
        )
    if memory_mb is not None:
        _positive_int("memory_mb", memory_mb)
    limits = Limits(
        max_chars=_positive_int("max_chars", max_chars),
        max_tokens=_positive_int("max_tokens", max_tokens),
        max_depth=_positive_int("max_depth", max_depth),
    )
    options = Options(rel_tol=float(rel_tol), percent=percent, limits=limits)
    tol = Fraction(repr(float(rel_tol)))
    rule_names = tuple(
        DEFAULT_RULES if rules is None else ([rules] if isinstance(rules, str) else rules)
    )
    try:
        extractor = MathExtractor(
            rule_names,
            max_span=limits.max_chars,
            window=window,
            max_candidates=max_candidates,
            conflict=conflict,
        )
    except ValueError as exc:
        raise GraderArgsError(f"math: {exc}") from None
    ref_cache: dict[str, _RefEntry] = {}
    state: dict[str, Any] = {"worker": None}

    def reference_of(sample: Sample) -> _RefEntry:
        reference = sample.reference
        if type(reference) is str:
            hit = ref_cache.get(reference)
            if hit is not None:
                return hit
        raw = reference_text(reference)
        if raw is None:
            raise GraderError(
                "the sample has no reference answer",
                hint="give each sample a reference_answer, e.g. {'final_answer': '\\\\frac{1}{2}'}",
            )
        found = ref_cache.get(raw)
        if found is not None:
            return found
        # A full worked solution (a MATH ``solution``): its final answer, by the same rules.
        text = reference_answer(raw)
        number = parse_bare_number(text)
        prepared: Prepared | None = None
        if number is None:
            try:
                prepared = prepare(text, options)
            except MathLimitError as exc:
                raise GraderError(
                    f"reference answer {text[:60]!r} is over the parser limits: {exc}",
                    hint="raise max_chars / max_tokens / max_depth, or fix the reference",
                ) from None
            except _NOT_MATH:
                prepared = None  # compared as text
        entry = (text, number, prepared, choice_letter(text), is_prose(text))
        if len(ref_cache) >= _REF_CACHE_LIMIT:
            ref_cache.clear()
        ref_cache[raw] = entry
        if type(reference) is str and len(reference) <= 4096:
            ref_cache[reference] = entry
        return entry

    def get_worker() -> Worker:
        worker: Worker | None = state["worker"]
        if worker is None:
            from rftkit.rewards.mathexpr.budget import Worker

            worker = state["worker"] = Worker(
                memory_mb=memory_mb,
                preload=("sympy", "rftkit.rewards.mathexpr.to_sympy"),
            )
        return worker

    def symbolic(ref: Prepared, ans: Prepared) -> tuple[Equivalence, tuple[str, ...]]:
        from rftkit.rewards.mathexpr import to_sympy

        if time_budget is None:
            try:
                return to_sympy.compare_symbolic(ref, ans, options), ()
            except (ArithmeticError, TypeError, ValueError, RecursionError) as exc:
                return Equivalence(False, "none", detail=f"sympy failed: {exc}"[:200]), (
                    "symbolic_error",
                )
        budget = float(time_budget)
        left = remaining()
        if left is not None:
            budget = min(budget, left - _DEADLINE_MARGIN)
            if budget <= 0:
                return Equivalence(False, "none", detail="no time left in the invocation"), (
                    "timeout",
                )
        try:
            outcome = get_worker().call(
                to_sympy.compare_symbolic, ref, ans, options, timeout=budget
            )
        except RuntimeError as exc:
            raise GraderError(
                f"math: the sympy worker process could not start: {exc}",
                hint="set time_budget=None to run sympy in-process (no time limit)",
            ) from None
        if outcome.ok:
            verdict = outcome.value
            assert isinstance(verdict, Equivalence)
            return verdict, ()
        flag = {
            "timeout": "timeout",
            "memory": "memory",
            "crash": "worker_crash",
            "error": "symbolic_error",
        }[outcome.status]
        return Equivalence(False, "none", detail=f"{outcome.status}: {outcome.error}"[:200]), (
            flag,
        )

    def result(
        verdict: Equivalence, ext: MathExtraction, ref_text: str, extra: tuple[str, ...] = ()
    ) -> Reward:
        correct = verdict.equal is True
        flags = (*ext.flags, *verdict.flags, *extra)
        timeout = "timeout" in flags
        limit = "limit" in flags or "memory" in flags or bool(_SIZE_FLAGS.intersection(flags))
        if correct:
            why = f"correct ({verdict.stage})"
        elif extra or "limit" in verdict.flags:
            why = f"not judged: {verdict.detail or ', '.join(flags)}"
        else:
            why = f"wrong: expected {ref_text[:80]} ({verdict.stage})"
        return Reward(
            1.0 if correct else 0.0,
            _metrics(correct, verdict.stage, timeout, limit),
            ext.answer,
            ext.rule,
            flags,
            why,
        )

    def grade(sample: Sample) -> Reward:
        ref_text, ref_number, ref_prepared, ref_letter, ref_prose = reference_of(sample)
        ext = extractor(sample.completion, letter_reference=ref_letter is not None)
        reason = ext.rejected
        if reason is None and ext.answer is None:
            reason = "no_answer"
        if reason is not None:
            flags = ext.flags if reason in ext.flags else (*ext.flags, reason)
            return Reward(
                0.0,
                _metrics(False, "none", False, bool(_SIZE_FLAGS.intersection(flags))),
                ext.answer,
                ext.rule,
                flags,
                f"wrong: {reason.replace('_', ' ')}",
            )
        answer = ext.answer
        assert answer is not None
        if ref_letter is not None:
            # A multiple-choice reference: the option letter decides, however it is dressed.
            letter = choice_letter(answer)
            if letter is not None:
                return result(Equivalence(letter == ref_letter, "text"), ext, ref_text)
        if ref_prose or is_prose(answer):
            # Words, not math ("odd n", "f'"): read as math the words would vanish.
            verdict = Equivalence(text_equal(ref_text, answer), "text", ("unparsed",))
            return result(verdict, ext, ref_text)
        if ref_number is not None:
            ans_number = parse_bare_number(answer)
            if ans_number is not None:
                ok = _numbers_match(ref_number, ans_number, percent, tol)
                return result(Equivalence(ok, "exact"), ext, ref_text)
        try:
            ans_prepared: Prepared | None = prepare(answer, options)
        except MathLimitError as exc:
            verdict = Equivalence(False, "none", ("limit",), str(exc))
            return result(verdict, ext, ref_text)
        except _NOT_MATH:
            ans_prepared = None
        if ref_prepared is None and ref_number is not None:
            try:
                ref_prepared = prepare(ref_text, options)
            except (MathLimitError, *_NOT_MATH):
                ref_prepared = None
        if ref_prepared is None or ans_prepared is None:
            # One side is not math: decide() compares normalised text.
            verdict = decide(ref_text, answer, options)
            return result(verdict, ext, ref_text)
        verdict = compare(ref_prepared, ans_prepared, options)
        extra: tuple[str, ...] = ()
        if verdict.equal is None:
            verdict, extra = symbolic(ref_prepared, ans_prepared)
        return result(verdict, ext, ref_text, extra)

    def close() -> None:
        worker = state["worker"]
        if worker is not None:
            worker.close()

    grade.close = close  # type: ignore[attr-defined]
    grade.state = state  # type: ignore[attr-defined]
    return grade
