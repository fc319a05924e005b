"""Training-signal diagnostics: will GRPO learn anything from these rewards?

GRPO scores several rollouts of the same prompt and learns from the *differences* between
them: a prompt whose rollouts all get the same reward contributes no gradient at all. From a
replay with several rollouts per prompt this module reports

* **no-signal share**: the share of prompts (with at least two rollouts) whose rollouts all
  score the same, split into *never rewarded* (all at the lowest score seen), *always
  rewarded* (all at the highest) and *other constant*;
* **sparsity**: the share of rollouts with no reward (score <= 0), and how many distinct
  reward values occur (2 means the reward is binary);
* **per-prompt variance**: the population variance of rewards within each prompt (what GRPO
  normalises advantages by), its mean and quantiles, and the share of all reward variance
  that lies within prompts rather than between them;
* **length correlation**: Pearson's r between reward and response length (characters) over
  all rollouts, and *within prompts* (both centred on their prompt's mean, then pooled).
  The within-prompt figure is the one that matters: when longer rollouts of the same prompt
  get more reward, the policy learns to write more (length hacking);
* the **prompts that need attention** (no signal, or a single rollout), by prompt.

Inputs are :class:`RolloutScore` rows; :func:`rollouts_from_invocations` makes them from
``(event, InvokeResult)`` pairs of any invoker, and :class:`SignalRecorder` wraps an invoker
to collect those pairs during a replay (this is how ``rftkit harness run`` shows the same
diagnostics). Samples the grader could not grade (error metrics, failed invocations) are
left out and counted.

Example:
    >>> rows = [RolloutScore("0", s, n) for s, n in [(1.0, 90), (0.0, 40), (1.0, 80)]]
    >>> rows += [RolloutScore("1", 0.0, 50), RolloutScore("1", 0.0, 60)]
    >>> report = diagnose(rows)
    >>> report.no_signal_share, report.never_rewarded
    (0.5, 1)
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from rftkit import render
from rftkit.errors import ContractError
from rftkit.harness.contract import ERROR_METRIC, METRICS_KEY, SCORE_KEY, parse_event
from rftkit.harness.invoke import Invoker, InvokeResult

__all__ = [
    "LENGTH_WARNING",
    "NO_SIGNAL_WARNING",
    "SPARSITY_WARNING",
    "PromptSignal",
    "RolloutScore",
    "SampleOutcome",
    "SignalRecorder",
    "SignalReport",
    "diagnose",
    "format_signal",
    "outcomes_from_invocations",
    "rollouts_from_invocations",
    "signal_html",
]

NO_SIGNAL_WARNING: Final = 0.5
"""Warn when more than this share of prompts gives GRPO no signal."""

SPARSITY_WARNING: Final = 0.9
"""Warn when more than this share of rollouts earns no reward."""

LENGTH_WARNING: Final = 0.3
"""Warn when the within-prompt reward/length correlation is at least this."""

_EPS: Final = 1e-9
_ATTENTION_SHOWN: Final = 20
_ROLLOUT_ID: Final = re.compile(r"rollout-([0-9]{1,9})-([0-9]{1,9})")


@dataclass(frozen=True, slots=True)
class RolloutScore:
    """One graded rollout.

    Attributes:
        prompt: the key of its prompt (rollouts with the same key are one GRPO group).
        score: its reward, or None when it could not be graded.
        length: its response length in characters.
        id: the sample id, if any.
        label: how to show the prompt in a report (a task id, or its first words).
    """

    prompt: str
    score: float | None
    length: int
    id: str | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class PromptSignal:
    """The rewards of one prompt's rollouts."""

    prompt: str
    label: str
    n: int
    mean: float
    variance: float
    min: float
    max: float

    @property
    def constant(self) -> bool:
        """All rollouts scored the same."""
        return self.max - self.min <= _EPS

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "prompt": self.prompt,
            "label": self.label,
            "rollouts": self.n,
            "mean": _round(self.mean),
            "variance": _round(self.variance),
            "min": _round(self.min),
            "max": _round(self.max),
        }


def _round(x: float | None, places: int = 6) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(x, places)


def _quantile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return math.nan
    pos = q * (len(sorted_values) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx = math.fsum(xs) / n
    my = math.fsum(ys) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= _EPS or syy <= _EPS:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


@dataclass(slots=True)
class SignalReport:
    """Training-signal diagnostics of one replay. Build it with :func:`diagnose`.

    Attributes:
        rollouts: graded rollouts used.
        excluded: rollouts left out because they could not be graded.
        prompts: prompts with at least one graded rollout.
        groups: prompts with at least two graded rollouts (the ones GRPO can compare).
        single: prompts with exactly one graded rollout.
        rollouts_per_prompt: (min, median, max) over prompts.
        no_signal: groups whose rollouts all score the same.
        never_rewarded: of those, all at the lowest score seen.
        always_rewarded: of those, all at the highest score seen (and above 0).
        no_signal_share: ``no_signal / groups`` (None without groups).
        rewarded_share: share of rollouts scoring above 0.
        distinct_scores: how many distinct reward values occur.
        reward_mean: mean reward over rollouts.
        variance_mean: mean within-prompt variance over groups.
        variance_quantiles: p10, p50, p90 of within-prompt variance.
        within_share: mean within-prompt variance over the variance of all rewards.
        length_corr: Pearson r of reward and length over all rollouts.
        length_corr_within: the same with both centred on their prompt's mean.
        length_corr_rewarded: the within-prompt correlation among rewarded rollouts only:
            high means length itself is paid; low (with short unrewarded rollouts) means the
            correlation comes from replies that were cut off or gave no answer.
        length_rewarded / length_unrewarded: mean length of rollouts above / at most 0.
        per_prompt: every prompt's figures, in prompt order.
        warnings: what deserves a look, in words.
    """

    rollouts: int = 0
    excluded: int = 0
    prompts: int = 0
    groups: int = 0
    single: int = 0
    rollouts_per_prompt: tuple[int, float, int] = (0, 0.0, 0)
    no_signal: int = 0
    never_rewarded: int = 0
    always_rewarded: int = 0
    no_signal_share: float | None = None
    rewarded_share: float | None = None
    distinct_scores: int = 0
    reward_mean: float | None = None
    variance_mean: float | None = None
    variance_quantiles: tuple[float, float, float] | None = None
    within_share: float | None = None
    length_corr: float | None = None
    length_corr_within: float | None = None
    length_corr_rewarded: float | None = None
    length_rewarded: float | None = None
    length_unrewarded: float | None = None
    per_prompt: list[PromptSignal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    all_same_paid: bool = False

    @property
    def sparsity(self) -> float | None:
        """Share of rollouts with no reward (score <= 0)."""
        return None if self.rewarded_share is None else 1.0 - self.rewarded_share

    def attention(self) -> list[dict[str, Any]]:
        """Prompts that need a look: no signal (why), or a single rollout among prompts
        that have several."""
        out: list[dict[str, Any]] = []
        lo = min((p.min for p in self.per_prompt), default=0.0)
        hi = max((p.max for p in self.per_prompt), default=0.0)
        for p in self.per_prompt:
            if p.n < 2:
                if not self.groups:
                    continue  # every prompt has one rollout: the warning says it once
                reason = "1 rollout: nothing to compare it with"
            elif not p.constant:
                continue
            elif p.max <= lo + _EPS and hi > lo + _EPS:
                reason = (
                    f"all {p.n} rollouts scored {p.mean:.4g} (never rewarded: a hard prompt, "
                    "or replies the grader cannot read; look at them)"
                )
            elif p.min >= hi - _EPS and hi > 0 and hi > lo + _EPS:
                reason = (
                    f"all {p.n} rollouts scored {p.mean:.4g} (always rewarded: an easy "
                    "prompt, or a grader that pays wrong answers)"
                )
            else:
                reason = f"all {p.n} rollouts scored {p.mean:.4g}"
            out.append({"prompt": p.prompt, "label": p.label, "reason": reason})
        return out

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready."""
        q = self.variance_quantiles
        return {
            "rollouts": self.rollouts,
            "excluded": self.excluded,
            "prompts": self.prompts,
            "groups": self.groups,
            "single_rollout_prompts": self.single,
            "rollouts_per_prompt": {
                "min": self.rollouts_per_prompt[0],
                "median": self.rollouts_per_prompt[1],
                "max": self.rollouts_per_prompt[2],
            },
            "no_signal": {
                "prompts": self.no_signal,
                "share": _round(self.no_signal_share),
                "never_rewarded": self.never_rewarded,
                "always_rewarded": self.always_rewarded,
                "other": self.no_signal - self.never_rewarded - self.always_rewarded,
            },
            "sparsity": _round(self.sparsity),
            "rewarded_share": _round(self.rewarded_share),
            "distinct_scores": self.distinct_scores,
            "reward_mean": _round(self.reward_mean),
            "variance": {
                "mean": _round(self.variance_mean),
                "p10": _round(q[0]) if q else None,
                "p50": _round(q[1]) if q else None,
                "p90": _round(q[2]) if q else None,
                "within_share": _round(self.within_share),
            },
            "length": {
                "corr": _round(self.length_corr),
                "corr_within_prompt": _round(self.length_corr_within),
                "corr_within_prompt_rewarded": _round(self.length_corr_rewarded),
                "mean_rewarded": _round(self.length_rewarded, 1),
                "mean_unrewarded": _round(self.length_unrewarded, 1),
            },
            "attention": self.attention(),
            "per_prompt": [p.to_dict() for p in self.per_prompt],
            "warnings": list(self.warnings),
        }


def _prompt_order(key: str) -> tuple[int, int, str]:
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def diagnose(rollouts: Iterable[RolloutScore]) -> SignalReport:
    """Training-signal diagnostics of graded rollouts (grouped by ``prompt``).

    Args:
        rollouts: one row per rollout; rows with ``score=None`` are counted as excluded.

    Example:
        >>> rows = [RolloutScore("0", 1.0, 100), RolloutScore("0", 0.0, 10),
        ...         RolloutScore("0", 1.0, 120), RolloutScore("0", 0.0, 20)]
        >>> r = diagnose(rows)
        >>> r.variance_mean, r.length_corr_within > 0.9
        (0.25, True)
    """
    report = SignalReport()
    groups: dict[str, list[RolloutScore]] = {}
    labels: dict[str, str] = {}
    for row in rollouts:
        if row.score is None or not math.isfinite(row.score):
            report.excluded += 1
            continue
        groups.setdefault(row.prompt, []).append(row)
        if row.label and row.prompt not in labels:
            labels[row.prompt] = row.label
    scores = [r.score for g in groups.values() for r in g if r.score is not None]
    report.rollouts = len(scores)
    report.prompts = len(groups)
    if not scores:
        report.warnings.append("no graded rollouts: nothing to diagnose")
        return report
    lo, hi = min(scores), max(scores)
    report.reward_mean = math.fsum(scores) / len(scores)
    report.distinct_scores = len({round(s, 9) for s in scores})
    report.rewarded_share = sum(1 for s in scores if s > _EPS) / len(scores)
    rewarded_len = [r.length for g in groups.values() for r in g if (r.score or 0.0) > _EPS]
    unrewarded_len = [r.length for g in groups.values() for r in g if (r.score or 0.0) <= _EPS]
    report.length_rewarded = math.fsum(rewarded_len) / len(rewarded_len) if rewarded_len else None
    report.length_unrewarded = (
        math.fsum(unrewarded_len) / len(unrewarded_len) if unrewarded_len else None
    )

    counts: list[int] = []
    variances: list[float] = []
    centred_s: list[float] = []
    centred_l: list[float] = []
    paid_s: list[float] = []
    paid_l: list[float] = []
    for key in sorted(groups, key=_prompt_order):
        rows = groups[key]
        vals = [r.score for r in rows if r.score is not None]
        n = len(vals)
        mean = math.fsum(vals) / n
        var = math.fsum((v - mean) ** 2 for v in vals) / n
        counts.append(n)
        stat = PromptSignal(key, labels.get(key, ""), n, mean, var, min(vals), max(vals))
        report.per_prompt.append(stat)
        if n < 2:
            report.single += 1
            continue
        report.groups += 1
        variances.append(var)
        if stat.constant:
            report.no_signal += 1
            if hi > lo + _EPS and stat.max <= lo + _EPS:
                report.never_rewarded += 1
            elif hi > lo + _EPS and hi > 0 and stat.min >= hi - _EPS:
                report.always_rewarded += 1
        mean_len = math.fsum(r.length for r in rows) / n
        for r, v in zip(rows, vals, strict=True):
            centred_s.append(v - mean)
            centred_l.append(r.length - mean_len)
        paid = [(v, r.length) for r, v in zip(rows, vals, strict=True) if v > _EPS]
        if len(paid) >= 2:
            paid_mean = math.fsum(v for v, _ in paid) / len(paid)
            paid_len = math.fsum(ln for _, ln in paid) / len(paid)
            for v, ln in paid:
                paid_s.append(v - paid_mean)
                paid_l.append(ln - paid_len)

    counts.sort()
    report.rollouts_per_prompt = (counts[0], _quantile([float(c) for c in counts], 0.5), counts[-1])
    all_len = [float(r.length) for g in groups.values() for r in g]
    report.length_corr = _pearson(scores, all_len)
    if report.groups:
        report.no_signal_share = report.no_signal / report.groups
        variances.sort()
        report.variance_mean = math.fsum(variances) / len(variances)
        report.variance_quantiles = (
            _quantile(variances, 0.1),
            _quantile(variances, 0.5),
            _quantile(variances, 0.9),
        )
        total_var = math.fsum((s - report.reward_mean) ** 2 for s in scores) / len(scores)
        report.within_share = report.variance_mean / total_var if total_var > _EPS else None
        report.length_corr_within = _pearson(centred_s, centred_l)
        report.length_corr_rewarded = _pearson(paid_s, paid_l)
    report.all_same_paid = hi - lo <= _EPS and lo > _EPS
    _warn(report)
    return report


def _warn(r: SignalReport) -> None:
    w = r.warnings
    if r.groups == 0:
        w.append(
            "no prompt has two graded rollouts: GRPO compares rollouts of the same prompt, "
            "so give several responses per prompt"
        )
    share = r.no_signal_share
    if share is not None and share > NO_SIGNAL_WARNING:
        w.append(
            f"{share:.0%} of prompts give GRPO no signal (all rollouts score the same): "
            f"{r.never_rewarded} never rewarded, {r.always_rewarded} always rewarded; "
            "drop or replace them, or make the reward less all-or-nothing"
        )
    sparsity = r.sparsity
    if sparsity is not None and sparsity > SPARSITY_WARNING:
        w.append(
            f"{sparsity:.0%} of rollouts earn no reward: the reward is sparse, most groups "
            "teach nothing; consider partial credit or easier prompts"
        )
    if r.all_same_paid:
        w.append(
            f"every graded rollout earns the same reward ({r.reward_mean:.4g}): a grader "
            "that pays regardless of the answer is the likely cause; run `rftkit audit` on it"
        )
    elif r.groups and r.always_rewarded / r.groups > NO_SIGNAL_WARNING:
        w.append(
            f"{r.always_rewarded} of {r.groups} prompts are paid on every rollout: a grader "
            "that pays wrong answers is a likelier cause than that many easy prompts; run "
            "`rftkit audit` on it"
        )
    corr = r.length_corr_within
    if corr is not None and corr >= LENGTH_WARNING:
        paid = r.length_corr_rewarded
        short_unpaid = (
            r.length_rewarded is not None
            and r.length_unrewarded is not None
            and r.length_unrewarded < r.length_rewarded
        )
        if short_unpaid and (paid is None or paid < LENGTH_WARNING):
            among = "n/a" if paid is None else f"{paid:.2f}"
            w.append(
                f"within a prompt, longer rollouts earn more (r = {corr:.2f}), but not among "
                f"rewarded ones (r = {among}): the unrewarded rollouts are the short ones "
                f"(mean {r.length_unrewarded:.0f} vs {r.length_rewarded:.0f} characters), "
                "likely cut off or without a final answer (check the token limit); if they "
                "do answer, check that the grader does not pay for length"
            )
        else:
            w.append(
                f"within a prompt, longer rollouts earn more reward (r = {corr:.2f}"
                + (f"; {paid:.2f} among rewarded ones" if paid is not None else "")
                + "): risk of length hacking; check that the grader does not pay for length"
            )
    if r.excluded:
        w.append(f"{r.excluded} rollouts could not be graded and were left out")


# -- from invocations --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SampleOutcome:
    """What the function returned for one sample, read from the wire response.

    Attributes:
        id: the sample's id (as sent).
        score: ``aggregate_reward_score`` when it is a finite number, else None.
        error: the sample's error code when the function could not grade it (the
            ``error``/``error_<code>`` metrics), ``invocation_failed``, or ``no_result``.
        metrics: the result's metrics by name.
        completion: the response text that was graded.
        prompt_key: the prompt's key (``rollout-<i>-<k>`` ids give ``i``; otherwise the
            prompt messages).
        label: a short label of the prompt.
    """

    id: str | None
    score: float | None
    error: str | None
    metrics: Mapping[str, float]
    completion: str
    prompt_key: str
    label: str


def _metrics(result: Mapping[str, Any]) -> tuple[dict[str, float], str | None]:
    out: dict[str, float] = {}
    error = None
    codes = []
    raw = result.get(METRICS_KEY)
    if isinstance(raw, list):
        for m in raw:
            if not isinstance(m, Mapping):
                continue
            name, value = m.get("name"), m.get("value")
            if not isinstance(name, str) or isinstance(value, bool):
                continue
            if isinstance(value, int | float) and math.isfinite(value):
                out[name] = float(value)
                if name == ERROR_METRIC and value:
                    error = "error"
                elif name.startswith(ERROR_METRIC + "_") and value:
                    codes.append(name[len(ERROR_METRIC) + 1 :])
    if error is not None and codes:
        error = codes[0]
    return out, error


def _prompt_key(
    sample_id: Any, messages: Sequence[Mapping[str, Any]], metadata: Mapping[str, Any]
) -> tuple[str, str]:
    if isinstance(sample_id, str):
        m = _ROLLOUT_ID.fullmatch(sample_id)
        if m:
            # The dataset record's own id travels in metadata (harness events put it there).
            for field_name in ("task_id", "id"):
                value = metadata.get(field_name)
                if isinstance(value, str | int) and not isinstance(value, bool):
                    return m.group(1), str(value)[:80]
            return m.group(1), ""
    users = [m.get("content") for m in messages if m.get("role") == "user"]
    text = users[-1] if users and isinstance(users[-1], str) else ""
    key = "\x1f".join(str(m.get("content", ""))[:4096] for m in messages)
    short = " ".join(text.split())[:60]
    return "p:" + key, short


def outcomes_from_invocations(
    pairs: Iterable[tuple[Any, InvokeResult]],
) -> list[SampleOutcome]:
    """Read every sample's outcome from ``(event, InvokeResult)`` pairs of any invoker.

    Results are matched to samples by position (the contract's order); a failed invocation
    gives each of its samples the error ``invocation_failed``. Events that cannot be parsed
    are skipped.

    Example:
        >>> ev = [{"id": "rollout-3-0", "messages": [{"role": "user", "content": "q"},
        ...        {"role": "assistant", "content": "#### 4"}]}]
        >>> res = InvokeResult(payload=[{"id": "rollout-3-0", "aggregate_reward_score": 1}])
        >>> o = outcomes_from_invocations([(ev, res)])[0]
        >>> o.prompt_key, o.score, o.completion
        ('3', 1.0, '#### 4')
    """
    out: list[SampleOutcome] = []
    for event, result in pairs:
        try:
            parsed = parse_event(event, require_reference=False)
        except ContractError:
            continue
        payload = result.payload if result.ok else None
        results = payload if isinstance(payload, list) else []
        for i, sample in enumerate(parsed.samples):
            sid = parsed.ids[i]
            key, label = _prompt_key(sid, sample.prompt_messages, sample.metadata)
            item = results[i] if i < len(results) else None
            score: float | None = None
            error: str | None
            metrics: dict[str, float] = {}
            if not result.ok:
                error = "invocation_failed"
            elif not isinstance(item, Mapping):
                error = "no_result"
            else:
                metrics, error = _metrics(item)
                raw = item.get(SCORE_KEY)
                if (
                    isinstance(raw, int | float)
                    and not isinstance(raw, bool)
                    and math.isfinite(raw)
                ):
                    score = float(raw)
                if score is None and error is None:
                    error = "no_score"
            out.append(
                SampleOutcome(
                    None if sid is None else str(sid),
                    score,
                    error,
                    metrics,
                    sample.completion,
                    key,
                    label,
                )
            )
    return out


def rollouts_from_invocations(
    pairs: Iterable[tuple[Any, InvokeResult]],
    *,
    labels: Mapping[str, str] | None = None,
) -> list[RolloutScore]:
    """Turn ``(event, InvokeResult)`` pairs into :class:`RolloutScore` rows for :func:`diagnose`.

    Samples are grouped by prompt: ids ``rollout-<index>-<k>`` (what ``harness events`` and
    ``harness run`` build) give the prompt index; other ids are grouped by their prompt
    messages. Samples with an error are rows with ``score=None``.

    Args:
        pairs: the invocations.
        labels: a label per prompt key (e.g. ``{"0": "gsm8k-00000"}``).
    """
    rows = []
    for o in outcomes_from_invocations(pairs):
        score = None if o.error is not None else o.score
        label = (labels or {}).get(o.prompt_key) or o.label
        rows.append(RolloutScore(o.prompt_key, score, len(o.completion), o.id, label))
    return rows


class SignalRecorder:
    """An :class:`~rftkit.harness.invoke.Invoker` that records every invocation it passes on.

    Wrap the invoker given to :func:`rftkit.harness.replay.replay`, then ask for the
    diagnostics. Thread-safe (replay may invoke concurrently).

    Example:
        >>> from rftkit.harness.replay import InProcessInvoker, replay
        >>> from rftkit.rewards.registry import grader
        >>> @grader(register=False)
        ... def long_is_good():
        ...     return lambda s: float(len(s.completion) > 3)
        >>> ev = [{"id": f"rollout-0-{k}", "messages": [{"role": "user", "content": "q"},
        ...        {"role": "assistant", "content": "x" * k}], "reference_answer": "x"}
        ...       for k in range(6)]
        >>> rec = SignalRecorder(InProcessInvoker(long_is_good()))
        >>> _ = replay(rec, [ev], grader="g", target="t")
        >>> rec.report().length_corr_within > 0.8
        True
    """

    def __init__(self, invoker: Invoker, *, labels: Mapping[str, str] | None = None) -> None:
        self.invoker = invoker
        self.labels = dict(labels or {})
        self.pairs: list[tuple[Any, InvokeResult]] = []
        self._lock = threading.Lock()

    def invoke(self, event: Any) -> InvokeResult:
        """Invoke the wrapped invoker and keep the event and its result."""
        result = self.invoker.invoke(event)
        with self._lock:
            self.pairs.append((event, result))
        return result

    def close(self) -> None:
        """Close the wrapped invoker."""
        self.invoker.close()

    def rollouts(self) -> list[RolloutScore]:
        """Every recorded sample as a :class:`RolloutScore`."""
        with self._lock:
            pairs = list(self.pairs)
        return rollouts_from_invocations(pairs, labels=self.labels)

    def report(self) -> SignalReport:
        """The diagnostics of everything recorded so far."""
        return diagnose(self.rollouts())


# -- rendering ---------------------------------------------------------------------------------


def _fmt(x: float | None, spec: str = ".3f") -> str:
    return "n/a" if x is None or not math.isfinite(x) else format(x, spec)


def _share(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def _prompt_name(item: Mapping[str, Any]) -> str:
    key = str(item["prompt"])
    name = f"prompt {key}" if key.isdigit() else "prompt"
    label = item.get("label")
    return f"{name} ({label})" if label else name


def format_signal(report: SignalReport, *, limit: int = _ATTENTION_SHOWN) -> str:
    """The diagnostics as terminal text (a heading, figures, warnings, prompts to look at).

    Example:
        >>> rows = [RolloutScore("0", 0.0, 5), RolloutScore("0", 0.0, 9)]
        >>> print(format_signal(diagnose(rows)).splitlines()[0])
        training signal (GRPO): 2 rollouts of 1 prompts
    """
    r = report
    out = [f"training signal (GRPO): {r.rollouts} rollouts of {r.prompts} prompts"]
    if r.rollouts == 0:
        out.extend(f"  warning: {w}" for w in r.warnings)
        return "\n".join(out) + "\n"
    lo, med, hi = r.rollouts_per_prompt
    out.append(f"  rollouts per prompt  min {lo}  median {med:g}  max {hi}")
    other = r.no_signal - r.never_rewarded - r.always_rewarded
    out.append(
        f"  no signal            {_share(r.no_signal_share)} of {r.groups} prompts "
        f"({r.never_rewarded} never rewarded, {r.always_rewarded} always rewarded, "
        f"{other} other constant)"
    )
    out.append(
        f"  sparsity             {_share(r.sparsity)} of rollouts earn no reward "
        f"({r.distinct_scores} distinct reward values, mean {_fmt(r.reward_mean)})"
    )
    q = r.variance_quantiles
    quant = f"  p10 {_fmt(q[0])}  p50 {_fmt(q[1])}  p90 {_fmt(q[2])}" if q else ""
    out.append(f"  per-prompt variance  mean {_fmt(r.variance_mean)}{quant}")
    out.append(f"  within-prompt share  {_share(r.within_share)} of all reward variance")
    out.append(
        f"  reward vs length     r = {_fmt(r.length_corr, '.2f')} overall, "
        f"{_fmt(r.length_corr_within, '.2f')} within prompts "
        f"(mean length {_fmt(r.length_rewarded, '.0f')} rewarded, "
        f"{_fmt(r.length_unrewarded, '.0f')} unrewarded)"
    )
    out.extend(f"  warning: {w}" for w in r.warnings)
    attention = r.attention()
    if attention:
        out.append(f"  prompts that need attention: {len(attention)}")
        for item in attention[:limit]:
            out.append(f"    {_prompt_name(item)}: {item['reason']}")
        if len(attention) > limit:
            out.append(f"    ... and {len(attention) - limit} more (see --json)")
    return "\n".join(out) + "\n"


def signal_html(report: SignalReport) -> render.Html:
    """The diagnostics as an HTML fragment (an ``<h2>`` section), for report pages.

    Example:
        >>> signal_html(diagnose([RolloutScore("0", 1.0, 3)])).startswith("<h2>")
        True
    """
    r = report
    q = r.variance_quantiles
    quantiles = " / ".join(_fmt(x) for x in q) if q else "n/a / n/a / n/a"
    rows = [
        ("rollouts / prompts", f"{r.rollouts} / {r.prompts} ({r.groups} with 2+ rollouts)"),
        (
            "no signal",
            f"{_share(r.no_signal_share)}: {r.never_rewarded} never rewarded, "
            f"{r.always_rewarded} always rewarded, "
            f"{r.no_signal - r.never_rewarded - r.always_rewarded} other",
        ),
        ("sparsity", f"{_share(r.sparsity)} of rollouts earn no reward"),
        ("distinct reward values", str(r.distinct_scores)),
        ("per-prompt variance", f"mean {_fmt(r.variance_mean)}; p10/p50/p90 {quantiles}"),
        ("within-prompt share of variance", _share(r.within_share)),
        (
            "reward vs length (r)",
            f"{_fmt(r.length_corr, '.2f')} overall, {_fmt(r.length_corr_within, '.2f')} "
            "within prompts",
        ),
    ]
    parts = [render.heading("Training signal (GRPO)"), render.fields(rows)]
    if r.warnings:
        parts.append(render.bullets(r.warnings, cls="bad"))
    attention = r.attention()
    if attention:
        parts.append(render.heading(f"Prompts that need attention ({len(attention)})", 3))
        parts.append(
            render.table(
                ["prompt", "why"],
                [(_prompt_name(a), a["reason"]) for a in attention[:500]],
                cls="wide",
                widths=["30%", ""],
            )
        )
    return render.join(parts)
