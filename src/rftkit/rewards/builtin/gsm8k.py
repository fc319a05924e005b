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
    parse_reference,
    reference_cache,
)
from rftkit.rewards.extract_probes import plain_hash_line
from rftkit.rewards.extraction import _CUT_OFF
from rftkit.rewards.numbers import Number, numbers_equal
from rftkit.rewards.registry import grader
from rftkit.rewards.thinking import may_hold_thinking
from rftkit.rewards.types import ASSISTANT_ROLES, Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # typing costs a Lambda cold start about 8 ms: annotations only
    from collections.abc import Callable, Sequence
    from typing import Any, Final

    from rftkit.rewards.extract import Conflict

__all__ = ["gsm8k", "reference_or_error"]

_REFERENCE_HINT: Final = (
    "give each sample a reference that is one number, e.g. 72, {'final_answer': '72'} "
    "or a GSM8K solution ending in '#### 72'"
)

_MetricKey = tuple[bool, bool, int]
_Outcome = tuple[float, tuple[Metric, ...], str]


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
    weights = (
        _check_weight("correct_weight", correct_weight),
        _check_weight("format_weight", format_weight),
    )
    extractor = Extractor(
        rule_names, window=window, max_candidates=max_candidates, conflict=conflict, numeric=True
    )
    verdicts = _Verdicts(forms, weights, gate_format, require_end)
    # The '#### N' fast path reproduces the general path when `hash` is tried first.
    fast = rule_names[0] == "hash"
    ref_cache = reference_cache()
    judge = verdicts.judge
    read = extractor.read  # (__call__, told whether the reply holds '####': looked once)
    roles = ASSISTANT_ROLES
    # A reply cut off with no answer (most truncated replies) is one extraction object:
    # its reward's parts, as judge() builds them, once (no judge() call per such reply).
    # (One tuple: each name a closure uses costs every call of it, the '#### N' ones too.)
    cut_off = _CUT_OFF
    r = judge(cut_off, parse_reference("0"), Number(0))
    cut = (r.score, r.metrics, cut_off.flags, r.explanation)

    def grade(sample: Sample) -> Reward:
        # The last assistant message's text, else the sample's completion.
        # (Subscripts in a try, free unless a key is missing: a dict.get call costs about
        # 300 instructions more; a reference raises once, then it is in the cache.)
        messages = sample.messages
        last = messages[-1] if messages else None
        try:
            text = last["content"] if type(last) is dict and last["role"] in roles else None
        except KeyError:
            text = None
        if type(text) is not str:
            text = sample.completion
        reference = sample.reference
        try:
            ref = ref_cache[reference] if type(reference) is str else None
        except KeyError:
            ref = None
        if ref is None or ref.number is None:
            ref = reference_or_error(reference)
        hashes = None  # does the reply hold '####'? (looked for in the window only)
        if len(text) <= window:
            # (memchr; a four-character search only on a hit: a code comment, a Markdown
            # heading hold "#" and no marker)
            hashes = "#" in text and "####" in text
            if hashes and fast and not may_hold_thinking(text):
                span_end = plain_hash_line(text)
                if span_end is not None:
                    return verdicts.hash_reward(span_end[0], span_end[1], ref)
        # The prompt turns, for a plain final sentence's numbers the question gives (givens).
        prompt = messages if messages and len(messages) > 1 else None
        found = read(text, prompt, hashes)
        if found is cut_off:
            score, metrics, flags, why = cut
            return Reward(score, metrics, None, None, flags, why)
        return judge(found, ref, ref.number)  # type: ignore[arg-type]

    def general(text: str, ref: Reference, ref_number: Number, prompt: object = None) -> Reward:
        """The reward through the extractor's general path (the fast paths' oracle)."""
        return judge(extractor.general(text, prompt), ref, ref_number)

    grade.general = general  # type: ignore[attr-defined]  # for the fast/general parity test
    # Every reward is a Reward whose score is 0.0, a weight or the weights' sum: floats,
    # finite unless the sum overflows (BoundGrader then need not check them).
    grade.finite_rewards = math.isfinite(weights[0] + weights[1])  # type: ignore[attr-defined]
    return grade


class _Verdicts:
    """Scores, metrics and explanations of one gsm8k configuration, built once each.

    Nothing here depends on the reply text but the answer and the reference, so each
    outcome (score, metrics, explanation) is computed once per kind and reused: no
    per-sample allocation of metrics that do not change.
    """

    __slots__ = (
        "_fast",
        "_metrics",
        "_outcomes",
        "_rejected",
        "_wrong_whys",
        "correct_weight",
        "format_weight",
        "forms",
        "gate_format",
        "require_end",
    )

    def __init__(
        self, forms: tuple[str, ...], weights: tuple[float, float], gate: bool, require_end: bool
    ) -> None:
        self.forms = forms
        self.correct_weight, self.format_weight = weights
        self.gate_format = gate
        self.require_end = require_end
        self._metrics: dict[_MetricKey, tuple[Metric, ...]] = {}
        # (rule, at_end, correct, n) -> (score, metrics, explanation)
        self._outcomes: dict[
            tuple[str, bool, bool, int], tuple[float, tuple[Metric, ...], str]
        ] = {}
        self._wrong_whys: dict[tuple[str, str | None], str] = {}
        self._rejected: dict[tuple[str | None, str | None, int], tuple[float, Any, str]] = {}
        self._fast = self._hash_outcomes()

    def metrics(self, correct: bool, format_ok: bool, n: int) -> tuple[Metric, ...]:
        key = (correct, format_ok, n)
        found = self._metrics.get(key)
        if found is None:
            found = (
                Metric("correct", 1.0 if correct else 0.0, "Reward"),
                Metric("format_ok", 1.0 if format_ok else 0.0, "Reward"),
                Metric("n_candidates", float(n), "Metric"),
            )
            self._metrics[key] = found
        return found

    def score(self, correct: bool, format_ok: bool) -> float:
        if not correct:
            return 0.0 if self.gate_format or not format_ok else self.format_weight
        return self.correct_weight + self.format_weight if format_ok else self.correct_weight

    def _hash_outcomes(self) -> tuple[Any, Any, Any, Any]:
        """What the '#### N' fast path returns that does not depend on the reply."""
        ok_format = f"format: final answer in {FORM_LABELS['hash']} form"
        if "hash" in self.forms:
            fmt_end, fmt_not_end = True, not self.require_end
            end_format = f"format: text follows the final {FORM_LABELS['hash']} answer"
            why_end, why_not_end = ok_format, (ok_format if not self.require_end else end_format)
        else:
            labels = " or ".join(FORM_LABELS[f] for f in self.forms)
            fmt_end = fmt_not_end = False
            why_end = why_not_end = (
                f"format: no final answer in {labels} form (found one by rule hash)"
            )
        right_end = (
            self.score(True, fmt_end),
            self.metrics(True, fmt_end, 1),
            f"correct; {why_end}",
        )
        right_not_end = (
            self.score(True, fmt_not_end),
            self.metrics(True, fmt_not_end, 1),
            f"correct; {why_not_end}",
        )
        # (score, metrics, explanations of a wrong answer by reference text, format why)
        whys_end: dict[str | None, str] = {}
        whys_not_end: dict[str | None, str] = {}
        wrong_end = (self.score(False, fmt_end), self.metrics(False, fmt_end, 1), whys_end, why_end)
        wrong_not_end = (
            self.score(False, fmt_not_end),
            self.metrics(False, fmt_not_end, 1),
            whys_not_end,
            why_not_end,
        )
        return right_end, right_not_end, wrong_end, wrong_not_end

    def hash_reward(self, span: str, at_end: bool, ref: Reference) -> Reward:
        """The reward of a reply whose only '####' line holds the plain integer ``span``."""
        digits = ref.digits
        if span == digits:
            correct = True
        elif digits is not None and span[0] != "0":
            correct = False
        else:
            correct = numbers_equal(Number(int(span)), ref.number)  # type: ignore[arg-type]
        right_end, right_not_end, wrong_end, wrong_not_end = self._fast
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

    def judge(self, ext: Extraction, ref: Reference, ref_number: Number) -> Reward:
        """The reward of an extraction against the parsed reference."""
        # (one unpacking: an attribute of a named tuple is a lookup each)
        answer, rule, number, n, flags, at_end, rejected = ext
        if rule is not None and rejected is None:
            # An answer (inline: a call per reply costs as much as a few of these lines).
            assert number is not None
            if number.value == ref_number.value:
                correct = True
            elif not (number.percent or ref_number.percent):
                correct = False
            else:
                correct = numbers_equal(number, ref_number)
            key = (rule, at_end, correct, n)
            outcome = self._outcomes.get(key)
            if outcome is None:
                format_ok, why = check_format(ext, self.forms, require_end=self.require_end)
                outcome = (
                    self.score(correct, format_ok),
                    self.metrics(correct, format_ok, n),
                    f"correct; format: {why}" if correct else why,
                )
                if len(self._outcomes) < 4096:
                    self._outcomes[key] = outcome
            score, metrics, why = outcome
            if not correct:
                wkey = (why, ref.text)
                found = self._wrong_whys.get(wkey)
                if found is None:
                    if len(self._wrong_whys) >= 4096:
                        self._wrong_whys.clear()  # bounded: one entry per reference and form
                    found = self._wrong_whys[wkey] = f"wrong: expected {ref.text}; format: {why}"
                why = found
            return Reward(score, metrics, answer, rule, flags, why)
        # A rejected answer or none: when the rule is not a format rule, nothing in the
        # outcome depends on the answer text, so it is built once per kind.
        forms = self.forms
        rkey = (rule, rejected, n)
        outcome = self._rejected.get(rkey) if rule not in forms else None
        if outcome is None:
            if rule is None:
                verdict = "wrong: no answer found"
            else:
                verdict = f"wrong: answer rejected ({rejected})"
            format_ok, why = check_format(ext, forms, require_end=self.require_end)
            outcome = (
                self.score(False, format_ok),
                self.metrics(False, format_ok, n),
                f"{verdict}; format: {why}",
            )
            if rule not in forms and len(self._rejected) < 4096:
                self._rejected[rkey] = outcome
        score, metrics, why = outcome
        return Reward(score, metrics, answer, rule, flags, why)
