"""The ``gsm8k`` grader: correctness of the final number plus the ``#### N`` format.

Score (defaults): ``0.9 * correct + 0.1 * format_ok * correct``, so

==============================================  =====
correct answer on a final ``#### N`` line        1.0
correct answer in another form (boxed, ...)      0.9
wrong, missing, or several different answers     0.0
==============================================  =====

The format credit is paid only with a correct answer (``gate_format=True``) so a
well-formed wrong answer earns nothing; set ``gate_format=False`` for the additive form.

The reference may be a bare number, ``{"final_answer": ...}``, ``{"answer": ...}``,
``{"text": "... #### 72"}`` or a full GSM8K solution ending in ``#### 72``; it is parsed
once per distinct text and cached. A reference that is not one number raises
:class:`~rftkit.errors.GraderError` (a dataset problem, reported by the harness as an
error for that sample, never silently scored 0).

Metrics: ``correct`` and ``format_ok`` (type ``Reward``), ``n_candidates`` (``Metric``).
The answer is extracted with every rule of :mod:`rftkit.rewards.extract` in order, with its
anti-spraying policy. Standard library only.

Speed: a reply whose only ``####`` line holds a plain integer (the common case, with or
without calculator annotations on the lines above it) is graded without building any
intermediate object; every other reply takes the general path, and both paths give
identical results (a test checks this on the GSM8K corpus).
"""

from __future__ import annotations

import math

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.builtin.format import FORM_LABELS, check_format
from rftkit.rewards.extract import (
    DEFAULT_MAX_CANDIDATES,
    DEFAULT_WINDOW,
    RULES,
    Extraction,
    Extractor,
    Reference,
    annotations_before_marker_line,
    fast_unicode_ok,
    parse_reference,
    reference_cache,
)
from rftkit.rewards.numbers import MAX_DIGITS, Number, numbers_equal
from rftkit.rewards.registry import grader
from rftkit.rewards.types import ASSISTANT_ROLES, Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # typing costs a Lambda cold start about 8 ms: annotations only
    from collections.abc import Callable, Sequence
    from typing import Any, Final

    from rftkit.rewards.extract import Conflict

__all__ = ["gsm8k", "reference_or_error"]

_CLOSERS: Final = " \t\r\n$.*`}])\\!_"
_REFERENCE_HINT: Final = (
    "give each sample a reference that is one number, e.g. 72, {'final_answer': '72'} "
    "or a GSM8K solution ending in '#### 72'"
)

_MetricKey = tuple[bool, bool, int]


def reference_or_error(reference: object) -> Reference:
    """The parsed numeric reference, or :class:`GraderError` saying what is wrong with it.

    Example:
        >>> reference_or_error({"text": "so 8*9 = 72\\n#### 72"}).number
        Number(value=72, percent=False)
    """
    ref = parse_reference(reference)
    if ref.number is None:
        raise GraderError(ref.problem or "unusable reference answer", hint=_REFERENCE_HINT)
    return ref


def _check_weight(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GraderArgsError(f"gsm8k: {name} must be a finite number, got {value!r}")
    return float(value)


@grader(name="gsm8k")
def gsm8k(
    *,
    rules: Sequence[str] | None = None,
    format_rules: Sequence[str] = ("hash",),
    correct_weight: float = 0.9,
    format_weight: float = 0.1,
    gate_format: bool = True,
    require_end: bool = True,
    conflict: Conflict = "reject",
    window: int = DEFAULT_WINDOW,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> Callable[[Sample], Reward]:
    """GSM8K: correct final number (any extraction rule) plus the '#### N' format.

    Args:
        rules: extraction rules in order (default: all of them, ``hash`` first).
        format_rules: forms that earn the format credit (default ``["hash"]``).
        correct_weight: weight of ``correct``.
        format_weight: weight of ``format_ok``.
        gate_format: pay the format credit only with a correct answer.
        require_end: the formatted answer must end the reply.
        conflict: several different answers: ``reject`` (default), ``last`` or ``first``.
        window: characters read from the end of the reply.
        max_candidates: more answers than this scores 0.

    Example:
        >>> g = gsm8k()
        >>> g(Sample.from_text(response="8 * 9 = 72\\n#### 72", reference="72")).score
        1.0
        >>> g(Sample.from_text(response="#### 70\\n#### 72", reference="72")).errors
        ('multiple_answers',)
    """
    rule_names = tuple(RULES if rules is None else ([rules] if isinstance(rules, str) else rules))
    forms = (format_rules,) if isinstance(format_rules, str) else tuple(format_rules)
    bad_forms = [f for f in forms if f not in FORM_LABELS]
    if bad_forms or not forms:
        raise GraderArgsError(
            f"gsm8k: unknown format rule(s) {bad_forms}; known: {', '.join(FORM_LABELS)}"
        )
    cw = _check_weight("correct_weight", correct_weight)
    fw = _check_weight("format_weight", format_weight)
    extractor = Extractor(
        rule_names,
        window=window,
        max_candidates=max_candidates,
        conflict=conflict,
        numeric=True,
    )
    # The fast path reproduces exactly what the general path does when `hash` is tried
    # first and the reply has a single `####` line holding a plain integer.
    fast = rule_names[0] == "hash"
    hash_formats = "hash" in forms
    labels = " or ".join(FORM_LABELS[f] for f in forms)
    ok_format = f"format: final answer in {FORM_LABELS['hash']} form"
    end_format = f"format: text follows the final {FORM_LABELS['hash']} answer"
    no_format = f"format: no final answer in {labels} form (found one by rule hash)"

    metrics_cache: dict[_MetricKey, tuple[Metric, ...]] = {}

    def metrics_for(correct: bool, format_ok: bool, n: int) -> tuple[Metric, ...]:
        key = (correct, format_ok, n)
        found = metrics_cache.get(key)
        if found is None:
            found = (
                Metric("correct", 1.0 if correct else 0.0, "Reward"),
                Metric("format_ok", 1.0 if format_ok else 0.0, "Reward"),
                Metric("n_candidates", float(n), "Metric"),
            )
            metrics_cache[key] = found
        return found

    def score_of(correct: bool, format_ok: bool) -> float:
        if not correct:
            return 0.0 if gate_format or not format_ok else fw
        return cw + fw if format_ok else cw

    # Outcomes of the general path that do not depend on the answer text, built once each:
    # (rule, at_end, correct) -> (score, metrics, explanation or None for "wrong").
    outcomes: dict[tuple[str, bool, bool, int], tuple[float, tuple[Metric, ...], str]] = {}
    wrong_whys: dict[tuple[str, str | None], str] = {}
    rejected_outcomes: dict[tuple[str | None, str | None, int], tuple[float, Any, str]] = {}

    def general(text: str, ref: Reference, ref_number: Number) -> Reward:
        """The reward through the extractor's general path (the fast paths' oracle)."""
        return judge(extractor.general(text), ref, ref_number)

    def judge(ext: Extraction, ref: Reference, ref_number: Number) -> Reward:
        rule = ext.rule
        if rule is not None and ext.rejected is None:
            number = ext.number
            assert number is not None
            if number.value == ref_number.value:
                correct = True
            elif not (number.percent or ref_number.percent):
                correct = False
            else:
                correct = numbers_equal(number, ref_number)
            key = (rule, ext.at_end, correct, ext.n_candidates)
            outcome = outcomes.get(key)
            if outcome is None:
                format_ok, why = check_format(ext, forms, require_end=require_end)
                outcome = (
                    score_of(correct, format_ok),
                    metrics_for(correct, format_ok, ext.n_candidates),
                    f"correct; format: {why}" if correct else why,
                )
                if len(outcomes) < 4096:
                    outcomes[key] = outcome
            score, metrics, why = outcome
            if not correct:
                wkey = (why, ref.text)
                found = wrong_whys.get(wkey)
                if found is None:
                    if len(wrong_whys) >= 4096:
                        wrong_whys.clear()  # bounded: one entry per reference and form
                    found = wrong_whys[wkey] = f"wrong: expected {ref.text}; format: {why}"
                why = found
            return Reward(score, metrics, ext.answer, rule, ext.flags, why)
        # A rejected answer or none: when the rule is not a format rule, nothing in the
        # outcome depends on the answer text, so it is built once per kind.
        rkey = (rule, ext.rejected, ext.n_candidates)
        outcome = rejected_outcomes.get(rkey) if rule not in forms else None
        if outcome is None:
            if rule is None:
                verdict = "wrong: no answer found"
            else:
                verdict = f"wrong: answer rejected ({ext.rejected})"
            format_ok, why = check_format(ext, forms, require_end=require_end)
            outcome = (
                score_of(False, format_ok),
                metrics_for(False, format_ok, ext.n_candidates),
                f"{verdict}; format: {why}",
            )
            if rule not in forms and len(rejected_outcomes) < 4096:
                rejected_outcomes[rkey] = outcome
        score, metrics, why = outcome
        return Reward(score, metrics, ext.answer, rule, ext.flags, why)

    # Everything the fast path returns that does not depend on the reply, computed once.
    if hash_formats:
        fmt_end, fmt_not_end = True, not require_end
        why_end, why_not_end = ok_format, (ok_format if not require_end else end_format)
    else:
        fmt_end = fmt_not_end = False
        why_end = why_not_end = no_format
    right_end = (score_of(True, fmt_end), metrics_for(True, fmt_end, 1), f"correct; {why_end}")
    right_not_end = (
        score_of(True, fmt_not_end),
        metrics_for(True, fmt_not_end, 1),
        f"correct; {why_not_end}",
    )
    # (score, metrics, explanations of a wrong answer by reference text), per at_end.
    whys_end: dict[str | None, str] = {}
    whys_not_end: dict[str | None, str] = {}
    wrong_end = (score_of(False, fmt_end), metrics_for(False, fmt_end, 1), whys_end, why_end)
    wrong_not_end = (
        score_of(False, fmt_not_end),
        metrics_for(False, fmt_not_end, 1),
        whys_not_end,
        why_not_end,
    )
    ref_cache = reference_cache()

    def grade(sample: Sample) -> Reward:
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
        reference = sample.reference
        ref = ref_cache.get(reference) if type(reference) is str else None
        if ref is None:
            ref = reference_or_error(reference)
        ref_number = ref.number
        if ref_number is None:
            ref = reference_or_error(reference)
            ref_number = ref.number
            assert ref_number is not None
        if fast and len(text) <= window and "#" in text:
            i = text.rfind("####")
            # One "#" search (memchr) proves the marker is the only one and not part of a
            # longer run of "#"; a "<" search skips the "<<" search in most replies.
            if (
                i != -1
                and text.find("#") == i
                and "\nQ" not in text  # a few-shot continuation is cut off first
                and ("<" not in text or annotations_before_marker_line(text, i))
                and (text.isascii() or fast_unicode_ok(text, i))
            ):
                j = text.find("\n", i + 4)
                line_end = len(text) if j == -1 else j
                span = text[i + 4 : line_end].strip()
                # A line of at most MAX_DIGITS characters keeps both bounds (digits, span).
                if line_end - i <= MAX_DIGITS and span.isdigit():
                    digits = ref.digits
                    if span == digits:
                        correct = True
                    elif digits is not None and span[0] != "0":
                        correct = False
                    else:
                        correct = numbers_equal(Number(int(span)), ref_number)
                    at_end = j == -1 or not text[j:].strip(_CLOSERS)
                    if correct:
                        score, metrics, why = right_end if at_end else right_not_end
                    else:
                        score, metrics, whys, fmt_why = wrong_end if at_end else wrong_not_end
                        found = whys.get(ref.text)
                        if found is None:
                            if len(whys) >= 4096:
                                whys.clear()  # bounded: one entry per distinct reference
                            found = f"wrong: expected {ref.text}; {fmt_why}"
                            whys[ref.text] = found
                        why = found
                    return Reward(score, metrics, span, "hash", (), why)
        return judge(extractor(text), ref, ref_number)

    grade.general = general  # type: ignore[attr-defined]  # for the fast/general parity test
    return grade
