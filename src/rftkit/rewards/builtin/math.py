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
``multiple_answers`` (also a hedge, an option list), ``too_many_answers``, ``unclosed_box``,
``answer_too_long``, ``unclosed_answer_tag``, ``cut_off``, ``copied_from_prompt``, ``truncated``,
``timeout``, ``limit``, ``memory``, ``worker_crash``, ``symbolic_error``;
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
from rftkit.rewards.mathexpr.copied import copied_from_prompt
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
    labelled_choice,
    labelled_value,
    reference_answer,
)
from rftkit.rewards.mathexpr.nodes import Limits, MathLimitError, MathSyntaxError
from rftkit.rewards.numbers import Number, parse_bare_number
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample, content_text

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
# A reference, parsed once: (answer text, plain number, prepared math, option letter, prose,
# the option letter of a labelled reference such as "(C) 18", whose value is the answer text).
_RefEntry = tuple[str, Number | None, Prepared | None, str | None, bool, str | None]
# What a failed worker call flags on the sample.
_WORKER_FLAGS = {
    "timeout": "timeout",
    "memory": "memory",
    "crash": "worker_crash",
    "error": "symbolic_error",
}


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
    options = _options(
        rel_tol=rel_tol,
        percent=percent,
        time_budget=time_budget,
        memory_mb=memory_mb,
        max_chars=max_chars,
        max_tokens=max_tokens,
        max_depth=max_depth,
    )
    extractor = _extractor(rules, options.limits, window, max_candidates, conflict)
    references = _References(options)
    symbolic = _Symbolic(options, time_budget, memory_mb)
    tol = Fraction(repr(float(rel_tol)))

    def grade(sample: Sample) -> Reward:
        return _grade(
            sample,
            references(sample),
            extractor=extractor,
            options=options,
            tol=tol,
            symbolic=symbolic,
        )

    grade.close = symbolic.close  # type: ignore[attr-defined]
    grade.state = symbolic.state  # type: ignore[attr-defined]
    return grade


# -- building the grader ---------------------------------------------------------------------


def _options(
    *,
    rel_tol: float,
    percent: PercentMode,
    time_budget: float | None,
    memory_mb: int | None,
    max_chars: int,
    max_tokens: int,
    max_depth: int,
) -> Options:
    """Check the grader's numeric arguments; the comparison options they make."""
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
    return Options(rel_tol=float(rel_tol), percent=percent, limits=limits)


def _extractor(
    rules: Sequence[str] | None,
    limits: Limits,
    window: int,
    max_candidates: int,
    conflict: Conflict,
) -> MathExtractor:
    """The answer extractor for ``rules`` (default :data:`DEFAULT_RULES`)."""
    rule_names = tuple(
        DEFAULT_RULES if rules is None else ([rules] if isinstance(rules, str) else rules)
    )
    try:
        return MathExtractor(
            rule_names,
            max_span=limits.max_chars,
            window=window,
            max_candidates=max_candidates,
            conflict=conflict,
        )
    except ValueError as exc:
        raise GraderArgsError(f"math: {exc}") from None


class _References:
    """Each sample's reference, parsed once per distinct text (a bounded cache)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.cache: dict[str, _RefEntry] = {}

    def __call__(self, sample: Sample) -> _RefEntry:
        reference = sample.reference
        if type(reference) is str:
            hit = self.cache.get(reference)
            if hit is not None:
                return hit
        raw = reference_text(reference)
        if raw is None:
            raise GraderError(
                "the sample has no reference answer",
                hint="give each sample a reference_answer, e.g. {'final_answer': '\\\\frac{1}{2}'}",
            )
        found = self.cache.get(raw)
        if found is not None:
            return found
        entry = _parse_reference(raw, self.options)
        if len(self.cache) >= _REF_CACHE_LIMIT:
            self.cache.clear()
        self.cache[raw] = entry
        if type(reference) is str and len(reference) <= 4096:
            self.cache[reference] = entry
        return entry


def _parse_reference(raw: str, options: Options) -> _RefEntry:
    """A reference (or a full worked solution: its final answer, by the same rules), parsed."""
    text = reference_answer(raw)
    label: str | None = None
    labelled = labelled_value(text)
    if labelled is not None:
        label, text = labelled  # "(C) 18": option C, whose value is 18
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
    return (text, number, prepared, choice_letter(text), is_prose(text), label)


class _Symbolic:
    """The sympy stage: in a worker process under a per-sample time budget, or in-process
    without a limit when ``time_budget`` is None. The worker starts on first need."""

    def __init__(self, options: Options, time_budget: float | None, memory_mb: int | None):
        self.options = options
        self.time_budget = time_budget
        self.memory_mb = memory_mb
        self.state: dict[str, Any] = {"worker": None}

    def worker(self) -> Worker:
        worker: Worker | None = self.state["worker"]
        if worker is None:
            from rftkit.rewards.mathexpr.budget import Worker

            worker = self.state["worker"] = Worker(
                memory_mb=self.memory_mb,
                preload=("sympy", "rftkit.rewards.mathexpr.to_sympy"),
            )
        return worker

    def __call__(self, ref: Prepared, ans: Prepared) -> tuple[Equivalence, tuple[str, ...]]:
        """The verdict, and the flags of a comparison that did not finish."""
        from rftkit.rewards.mathexpr import to_sympy

        if self.time_budget is None:
            try:
                return to_sympy.compare_symbolic(ref, ans, self.options), ()
            except (ArithmeticError, TypeError, ValueError, RecursionError) as exc:
                failed = Equivalence(False, "none", detail=f"sympy failed: {exc}"[:200])
                return failed, ("symbolic_error",)
        budget = float(self.time_budget)
        left = remaining()
        if left is not None:
            budget = min(budget, left - _DEADLINE_MARGIN)
            if budget <= 0:
                late = Equivalence(False, "none", detail="no time left in the invocation")
                return late, ("timeout",)
        try:
            outcome = self.worker().call(
                to_sympy.compare_symbolic, ref, ans, self.options, timeout=budget
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
        flag = _WORKER_FLAGS[outcome.status]
        failed = Equivalence(False, "none", detail=f"{outcome.status}: {outcome.error}"[:200])
        return failed, (flag,)

    def close(self) -> None:
        worker = self.state["worker"]
        if worker is not None:
            worker.close()


# -- grading one sample ------------------------------------------------------------------------


def _grade(
    sample: Sample,
    ref: _RefEntry,
    *,
    extractor: MathExtractor,
    options: Options,
    tol: Fraction,
    symbolic: _Symbolic,
) -> Reward:
    messages = sample.messages  # the question's turns: a plain sentence's given numbers
    turns = messages if messages and len(messages) > 1 else None
    ext = extractor(sample.completion, letter_reference=ref[3] is not None, prompt=turns)
    rejected = _rejected(ext)
    if rejected is not None:
        return rejected
    assert ext.answer is not None
    verdict, extra = _equivalence(ext.answer, ref, options, tol, symbolic)
    if ext.alternatives and not extra:
        verdict, extra = _alternatives(
            verdict, ext, ref=ref, options=options, tol=tol, symbolic=symbolic
        )
    if verdict.equal is True and len(sample.messages) > 1:
        prompt = "\n".join(content_text(m.get("content")) for m in sample.prompt_messages)
        if copied_from_prompt(prompt, sample.completion, ext.answer, ref[0], ext.rule or ""):
            verdict = Equivalence(False, verdict.stage, ("copied_from_prompt",))
    return _result(verdict, ext, ref[0], extra)


def _alternatives(
    verdict: Equivalence,
    ext: MathExtraction,
    *,
    ref: _RefEntry,
    options: Options,
    tol: Fraction,
    symbolic: _Symbolic,
) -> tuple[Equivalence, tuple[str, ...]]:
    """The verdict on a reply that named other values beside its answer.

    A hedge (``\\boxed{3} or 4``, ``3, or maybe 4``) is paid only when every value it
    names is equivalent to the reference (``\\boxed{0.5}, or \\frac{1}{2}`` restates one
    value). A list joined by ``or`` (``$0.5$ or $\\frac12$``) that is not the reference as a
    list is paid when every piece is.
    """
    if ext.hedged and verdict.equal is not True:
        return Equivalence(False, verdict.stage, (*verdict.flags, "multiple_answers")), ()
    if not ext.hedged and verdict.equal is True:
        return verdict, ()
    for value in ext.alternatives:
        other, extra = _equivalence(value, ref, options, tol, symbolic)
        if extra or other.equal is not True:
            flags = ("multiple_answers",) if ext.hedged else ()
            return Equivalence(False, other.stage, (*other.flags, *flags)), extra
        verdict = other
    return verdict, ()


def _rejected(ext: MathExtraction) -> Reward | None:
    """The 0 for a reply with no usable answer (none, several, over a limit), else None."""
    reason = ext.rejected
    if reason is None and ext.answer is None:
        reason = "no_answer"
    if reason is None:
        return None
    flags = ext.flags if reason in ext.flags else (*ext.flags, reason)
    return Reward(
        0.0,
        _metrics(False, "none", False, bool(_SIZE_FLAGS.intersection(flags))),
        ext.answer,
        ext.rule,
        flags,
        f"wrong: {reason.replace('_', ' ')}",
    )


def _equivalence(
    answer: str, ref: _RefEntry, options: Options, tol: Fraction, symbolic: _Symbolic
) -> tuple[Equivalence, tuple[str, ...]]:
    """Compare in stages, cheapest first; the verdict and flags of an unfinished stage."""
    ref_text, ref_number, ref_prepared, ref_letter, ref_prose, ref_label = ref
    if ref_letter is not None:
        # A multiple-choice reference: the option letter decides, however it is dressed
        # (``\\text{(C)}``, ``C``, or with the option's value: ``\\textbf{(C)}\\ 18``).
        letter = choice_letter(answer) or labelled_choice(answer)
        if letter is not None:
            return Equivalence(letter == ref_letter, "text"), ()
    # (a label opens with "(" or a command: a plain number skips the look at C speed)
    labelled = labelled_value(answer) if "(" in answer or "\\" in answer else None
    if labelled is not None:
        # "(B) 18", "\\textbf{(C)}\\ 18": an option's label and its value. The value is the
        # answer; a label that names another option than a labelled reference's refutes it.
        letter, answer = labelled
        if ref_label is not None and letter != ref_label:
            return Equivalence(False, "text"), ()
    elif ref_label is not None:
        letter = choice_letter(answer)
        if letter is not None:  # a bare letter answers a labelled reference by its letter
            return Equivalence(letter == ref_label, "text"), ()
    if ref_prose or is_prose(answer):
        # Words, not math ("odd n", "f'"): read as math the words would vanish.
        return Equivalence(text_equal(ref_text, answer), "text", ("unparsed",)), ()
    if ref_number is not None:
        ans_number = parse_bare_number(answer)
        if ans_number is not None:
            ok = _numbers_match(ref_number, ans_number, options.percent, tol)
            return Equivalence(ok, "exact"), ()
    try:
        ans_prepared: Prepared | None = prepare(answer, options)
    except MathLimitError as exc:
        return Equivalence(False, "none", ("limit",), str(exc)), ()
    except _NOT_MATH:
        ans_prepared = None
    if ref_prepared is None and ref_number is not None:
        try:
            ref_prepared = prepare(ref_text, options)
        except (MathLimitError, *_NOT_MATH):
            ref_prepared = None
    if ref_prepared is None or ans_prepared is None:
        # One side is not math: decide() compares normalised text.
        return decide(ref_text, answer, options), ()
    verdict = compare(ref_prepared, ans_prepared, options)
    if verdict.equal is None:
        return symbolic(ref_prepared, ans_prepared)
    return verdict, ()


def _result(
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
