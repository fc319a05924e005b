"""Run the probe battery (and the signal diagnostics) through a grader, wherever it runs.

Probe responses travel the same road as real rollouts: they become Bedrock-shaped events
(:func:`rftkit.harness.events.build_events`, id ``rollout-<prompt>-<k>``), go through an
:class:`~rftkit.harness.invoke.Invoker` (the in-process handler, or a built zip under the
local Lambda runtime) with :func:`rftkit.harness.replay.replay`, and their scores are read
back from the wire response. So the audit checks exactly what Bedrock would be paid out,
including the handler's error scores, and the replay report (contract violations, failed
invocations, latency) comes for free.

**When is a probe rewarded?** When it scores more than the *threshold* of its prompt: by
default the score the grader gives a plainly wrong answer to the same prompt (the
``plain_wrong`` control; 0 when that control could not be scored), or a fixed
``threshold``. The ``plain_wrong`` control itself fails when the grader pays it as much as
the correct answer (or, with a fixed threshold, more than the threshold).

**Verdict.** The audit fails (exit status 1) when a ``must_not_reward`` probe is rewarded on
any prompt, or when the function failed invocations or broke the contract while grading
probes (an audit that could not score the probes cannot pass).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from rftkit import render
from rftkit.audit.probes import (
    ANSWER_FORMS,
    FAMILIES,
    FORM_PROBES,
    AnswerForm,
    Probe,
    ProbeInput,
    builtin_probes,
    is_judge_grader,
    make_input,
    select_probes,
)
from rftkit.audit.training_signal import (
    SignalRecorder,
    SignalReport,
    diagnose,
    format_signal,
    outcomes_from_invocations,
    rollouts_from_invocations,
    signal_html,
)
from rftkit.errors import DatasetError, UsageError
from rftkit.harness.events import Rollout, build_events
from rftkit.harness.invoke import Invoker
from rftkit.harness.replay import InProcessInvoker, Progress, replay
from rftkit.harness.report import ReplayReport, ReportBuilder
from rftkit.rewards.registry import BoundGrader
from rftkit.rewards.types import Reward, Sample

__all__ = [
    "DEFAULT_LIMIT",
    "AuditReport",
    "CaseOutcome",
    "ProbeResult",
    "audit_grader",
    "probe_inputs",
    "run_probes",
    "run_signal",
]

DEFAULT_LIMIT: Final = 50
"""Prompts probed unless told otherwise (each gets every applicable probe)."""

_EPS: Final = 1e-9
_EXAMPLES: Final = 3
_SHOW: Final = 240

Explain = Callable[[Sample], Reward]


@dataclass(slots=True)
class CaseOutcome:
    """One probe response for one prompt, and what the grader made of it."""

    probe: str
    prompt: int
    response: str
    score: float | None = None
    error: str | None = None
    threshold: float = 0.0
    rewarded: bool = False
    metrics: Mapping[str, float] = field(default_factory=dict)
    answer: str | None = None
    explanation: str | None = None

    def shown_response(self, limit: int = _SHOW) -> str:
        """The response as a JSON string literal (invisible characters escaped), shortened."""
        text = self.response
        if len(text) > limit:
            head, tail = text[: limit * 2 // 3], text[-limit // 3 :]
            text = f"{head} ... [{len(self.response):,} characters] ... {tail}"
        return json.dumps(text, ensure_ascii=True)

    def to_dict(self, label: str = "") -> dict[str, Any]:
        """JSON-ready (the response shortened as in :meth:`shown_response`)."""
        out: dict[str, Any] = {
            "prompt": self.prompt,
            "label": label,
            "response": self.shown_response(),
            "response_chars": len(self.response),
            "score": self.score,
            "threshold": round(self.threshold, 6),
            "error": self.error,
            "metrics": dict(self.metrics),
        }
        if self.answer is not None or self.explanation is not None:
            out["answer"] = self.answer
            out["explanation"] = self.explanation
        return out


@dataclass(slots=True)
class ProbeResult:
    """A probe's outcomes over every prompt it applied to."""

    probe: Probe
    cases: list[CaseOutcome] = field(default_factory=list)
    failed_rule: str = ""

    @property
    def applicable(self) -> int:
        """Prompts the probe applied to."""
        return len(self.cases)

    @property
    def rewarded(self) -> list[CaseOutcome]:
        """Cases scored above their threshold."""
        return [c for c in self.cases if c.rewarded]

    @property
    def errors(self) -> int:
        """Cases the grader could not grade (error metrics or failed invocations)."""
        return sum(1 for c in self.cases if c.error is not None)

    @property
    def scores(self) -> list[float]:
        """Every score received."""
        return [c.score for c in self.cases if c.score is not None]

    @property
    def mean(self) -> float | None:
        """Mean score, or None."""
        s = self.scores
        return math.fsum(s) / len(s) if s else None

    @property
    def max(self) -> float | None:
        """Highest score, or None."""
        return max(self.scores, default=None)

    @property
    def status(self) -> str:
        """``fail``, ``pass``, ``report``, ``control`` or ``n/a``."""
        p = self.probe
        if not self.cases:
            return "n/a"
        if p.verdict == "must_not_reward" or p.name == "plain_wrong":
            return "fail" if self.rewarded else "pass"
        if p.verdict == "control":
            return "control"
        return "report"

    def to_dict(self, labels: Mapping[int, str]) -> dict[str, Any]:
        """JSON-ready, with up to three rewarded examples."""
        p = self.probe
        mean, top = self.mean, self.max
        return {
            "name": p.name,
            "family": p.family,
            "verdict": p.verdict,
            "why": p.why,
            "source": p.source,
            "status": self.status,
            "applicable": self.applicable,
            "rewarded": len(self.rewarded),
            "errors": self.errors,
            "mean_score": None if mean is None else round(mean, 6),
            "max_score": None if top is None else round(top, 6),
            "examples": [c.to_dict(labels.get(c.prompt, "")) for c in self.rewarded[:_EXAMPLES]],
        }


def _label(record: Mapping[str, Any]) -> str:
    for key in ("task_id", "id"):
        value = record.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)
    return ""


def _last_user(record: Mapping[str, Any]) -> str:
    messages = record.get("messages")
    if not isinstance(messages, list):
        return ""
    for m in reversed(messages):
        if isinstance(m, Mapping) and m.get("role") == "user":
            content = m.get("content")
            return content if isinstance(content, str) else ""
    return ""


def _reference(record: Mapping[str, Any]) -> Any:
    if "reference_answer" in record:
        return record["reference_answer"]
    meta = record.get("metadata")
    if isinstance(meta, Mapping):
        return meta.get("reference_answer")
    return None


def probe_inputs(
    records: Sequence[Mapping[str, Any]], *, limit: int | None = DEFAULT_LIMIT
) -> tuple[list[ProbeInput], list[str]]:
    """The :class:`ProbeInput` of the first ``limit`` prompts that have a usable reference.

    Returns:
        The inputs, and a warning per prompt skipped for lack of a reference.

    Example:
        >>> recs = [{"messages": [{"role": "user", "content": "2+2?"}], "reference_answer": "4"},
        ...         {"messages": [{"role": "user", "content": "?"}]}]
        >>> inputs, skipped = probe_inputs(recs)
        >>> [p.reference for p in inputs], len(skipped)
        (['4'], 1)
    """
    from rftkit.rewards.extract import reference_text

    others: list[str] = []
    for record in records[:200]:
        text = reference_text(_reference(record))
        if text:
            others.append(text)
    inputs: list[ProbeInput] = []
    skipped: list[str] = []
    for index, record in enumerate(records):
        if limit and len(inputs) >= limit:
            break
        try:
            inputs.append(
                make_input(
                    index,
                    _reference(record),
                    prompt=_last_user(record),
                    other_references=others,
                )
            )
        except UsageError:
            skipped.append(f"prompt {index}: no usable reference_answer, not probed")
    return inputs, skipped


@dataclass(slots=True)
class AuditReport:
    """The outcome of an audit: probe results, the probe replay, optional signal diagnostics."""

    grader: str
    target: str
    judge: bool
    prompts: int
    threshold: float | None
    results: list[ProbeResult]
    replay: ReplayReport | None
    labels: dict[int, str] = field(default_factory=dict)
    signal: SignalReport | None = None
    signal_replay: ReplayReport | None = None
    warnings: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    form: str = "hash"

    # -- verdict -----------------------------------------------------------------------------

    @property
    def samples(self) -> int:
        """Probe responses graded."""
        return sum(r.applicable for r in self.results)

    @property
    def failures(self) -> list[ProbeResult]:
        """Probes that must not be rewarded and were."""
        return [r for r in self.results if r.status == "fail"]

    @property
    def infrastructure_ok(self) -> bool:
        """The function answered every probe invocation within the contract."""
        return self.replay is None or self.replay.ok

    @property
    def ok(self) -> bool:
        """No failure and the probes could be scored."""
        return not self.failures and self.infrastructure_ok

    @property
    def exit_code(self) -> int:
        """0 when :attr:`ok`, else 1."""
        return 0 if self.ok else 1

    def result(self, name: str) -> ProbeResult:
        """The result of the probe called ``name``.

        Raises:
            KeyError: no such probe ran.
        """
        for r in self.results:
            if r.probe.name == name:
                return r
        raise KeyError(name)

    def _control_means(self) -> tuple[float | None, float | None]:
        best: dict[int, float] = {}
        for r in self.results:
            if r.probe.correct:
                for c in r.cases:
                    if c.score is not None:
                        best[c.prompt] = max(best.get(c.prompt, -math.inf), c.score)
        correct = math.fsum(best.values()) / len(best) if best else None
        wrong = None
        for r in self.results:
            if r.probe.name == "plain_wrong":
                wrong = r.mean
        return correct, wrong

    def _families(self) -> list[tuple[str, list[ProbeResult]]]:
        order = list(FAMILIES) + sorted(
            {r.probe.family for r in self.results} - set(FAMILIES), key=str
        )
        grouped = [(f, [r for r in self.results if r.probe.family == f]) for f in order]
        return [(f, rs) for f, rs in grouped if rs]

    # -- JSON --------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready (``--json``)."""
        correct, wrong = self._control_means()
        return {
            "ok": self.ok,
            "exit_code": self.exit_code,
            "grader": self.grader,
            "target": self.target,
            "judge": self.judge,
            "prompts": self.prompts,
            "samples": self.samples,
            "answer_form": self.form,
            "wall_s": round(self.wall_s, 3),
            "threshold": (
                {"mode": "fixed", "value": self.threshold}
                if self.threshold is not None
                else {"mode": "plain_wrong", "value": None}
            ),
            "controls": {
                "correct_best_mean": None if correct is None else round(correct, 6),
                "plain_wrong_mean": None if wrong is None else round(wrong, 6),
            },
            "failures": [r.probe.name for r in self.failures],
            "probes": [r.to_dict(self.labels) for r in self.results],
            "warnings": list(self.warnings),
            "replay": self.replay.to_dict() if self.replay is not None else None,
            "signal": self.signal.to_dict() if self.signal is not None else None,
        }

    # -- text --------------------------------------------------------------------------------

    def _where(self, c: CaseOutcome) -> str:
        label = self.labels.get(c.prompt)
        return f"prompt {c.prompt}" + (f" ({label})" if label else "")

    def render_text(self) -> str:
        """The terminal summary: a table per family, examples of failures, the verdict."""
        out: list[str] = []
        if self.results:
            out.append(
                f"rftkit audit: {self.grader} ({self.target}), {self.prompts} prompts, "
                f"{self.samples:,} probe responses, {self.wall_s:.2f} s"
            )
            correct, wrong = self._control_means()
            if self.threshold is None:
                out.append(
                    "rewarded means: scored above what the grader gives a plainly wrong answer "
                    "to the same prompt"
                )
            else:
                out.append(f"rewarded means: scored above {self.threshold:g}")
            out.append(
                f"controls: correct answer (best form) mean {_num(correct)}, "
                f"plainly wrong answer mean {_num(wrong)}; probes write final answers in "
                f"{self.form} form"
            )
            width = max(len(r.probe.name) for r in self.results)
            for family, results in self._families():
                out.append("")
                out.append(family + (" (model-judged grader)" if family == "judge" else ""))
                for r in results:
                    verdict = {
                        "must_not_reward": "must-not-reward",
                        "report_only": "report-only",
                    }.get(r.probe.verdict, "control")
                    status = {"fail": "FAIL", "pass": "pass", "n/a": "n/a"}.get(r.status, "")
                    errs = f"  {r.errors} errors" if r.errors else ""
                    out.append(
                        f"  {r.probe.name:<{width}}  {verdict:<15}  rewarded "
                        f"{len(r.rewarded):>4}/{r.applicable:<4}  mean {_num(r.mean)}  "
                        f"max {_num(r.max)}  {status}{errs}".rstrip()
                    )
                    if r.status == "fail":
                        for c in r.rewarded[:1]:
                            out.append(
                                f"      e.g. {self._where(c)}: {c.shown_response(120)} scored "
                                f"{_num(c.score)} (threshold {_num(c.threshold)})"
                            )
                            if c.answer is not None or c.explanation:
                                out.append(
                                    f"      grader read {c.answer!r}: {c.explanation or ''}"[:300]
                                )
            rep = self.replay
            if rep is not None and not rep.ok:
                out.append("")
                out.append(
                    f"the function failed {len(rep.failed)} probe invocations and broke the "
                    f"contract {len(rep.violations)} times while grading probes"
                )
                for f in rep.failed[:5]:
                    out.append(f"  {f['source']}: {f['errorType']}: {f['errorMessage'][:200]}")
                for v in rep.violations[:5]:
                    out.append(f"  {v['source']} {v['path']}: {v['message']}")
        for w in self.warnings:
            out.append(f"warning: {w}")
        if self.signal is not None:
            out.append("")
            out.append(format_signal(self.signal).rstrip("\n"))
        out.append("")
        out.append(self._verdict_line())
        return "\n".join(out).lstrip("\n") + "\n"

    def _verdict_line(self) -> str:
        if not self.results:
            return "no probes run (training-signal diagnostics only)"
        fails = self.failures
        if fails:
            names = ", ".join(r.probe.name for r in fails)
            return f"FAIL: {len(fails)} must-not-reward probes were rewarded: {names}"
        if not self.infrastructure_ok:
            return "FAIL: the function could not grade every probe (see above)"
        return "ok: no must-not-reward probe was rewarded"

    # -- HTML --------------------------------------------------------------------------------

    def _html_sections(self) -> list[render.Html]:
        e = render.escape
        parts = [
            render.header(f"rftkit audit: {self.grader}", ok=self.ok, status=self._verdict_line())
        ]
        if self.results:
            correct, wrong = self._control_means()
            rule = (
                "above what the grader gives a plainly wrong answer to the same prompt"
                if self.threshold is None
                else f"above {self.threshold:g}"
            )
            parts.append(
                render.paragraph(
                    f"{self.target}: {self.prompts} prompts, {self.samples:,} probe responses, "
                    f"{self.wall_s:.2f} s. A probe is rewarded when it scores {rule}. Correct "
                    f"answer (best form) mean {_num(correct)}; plainly wrong answer mean "
                    f"{_num(wrong)}. Probes write final answers in {self.form} form."
                )
            )
        for family, results in self._families():
            parts.append(render.heading(f"Probes: {family}"))
            parts.append(
                render.table(
                    ["probe", "verdict", "status", "rewarded", "mean", "max", "errors", "why"],
                    [
                        (
                            render.breakable(r.probe.name),
                            render.breakable(r.probe.verdict),
                            r.status,
                            f"{len(r.rewarded)}/{r.applicable}",
                            _num(r.mean),
                            _num(r.max),
                            r.errors,
                            r.probe.why,
                        )
                        for r in results
                    ],
                    cls="probes wide",
                    cell_classes=["", "", "", "n", "n", "n", "n", "why"],
                    row_classes=["bad" if r.status == "fail" else "" for r in results],
                )
            )
            for r in results:
                if not r.rewarded or r.probe.verdict == "control":
                    continue
                parts.append(render.heading(f"{r.probe.name}: rewarded examples", 3))
                items = []
                for c in r.rewarded[:_EXAMPLES]:
                    extra = ""
                    if c.answer is not None or c.explanation:
                        extra = f"<br>grader read {e(repr(c.answer))}: {e(c.explanation or '')}"
                    items.append(
                        render.Html(
                            f"{e(self._where(c))}: score {e(_num(c.score))} (threshold "
                            f"{e(_num(c.threshold))})<br><code>{e(c.shown_response(400))}</code>"
                            f"{extra}"
                        )
                    )
                parts.append(render.bullets(items))
        if self.warnings:
            parts.append(render.heading("Warnings"))
            parts.append(render.bullets(self.warnings))
        if self.signal is not None:
            parts.append(signal_html(self.signal))
        if self.replay is not None:
            parts.append(render.Html("<hr>"))
            parts.append(render.paragraph("The replay report of the probe responses follows."))
            parts.extend(self.replay.html_sections())
        return parts

    def render_html(self) -> str:
        """The audit's sections (one per probe family) and then the replay report's, as a page.

        The probe tables span the page and give the "why" column close to half of it, so it
        stays readable whatever the probe names and the window width are.
        """
        return render.page(f"rftkit audit: {self.grader}", self._html_sections())


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


# -- running -----------------------------------------------------------------------------------


def _sample_for(record: Mapping[str, Any], response: str, sample_id: str) -> Sample:
    messages = [dict(m) for m in record.get("messages") or [] if isinstance(m, Mapping)]
    messages.append({"role": "assistant", "content": response})
    meta = {k: v for k, v in record.items() if k not in ("messages", "reference_answer")}
    return Sample(sample_id, messages, _reference(record), meta)


def run_probes(
    records: Sequence[Mapping[str, Any]],
    probes: Sequence[Probe],
    invoker: Invoker,
    *,
    grader: str,
    target: str,
    judge: bool = False,
    threshold: float | None = None,
    limit: int | None = DEFAULT_LIMIT,
    batch_size: int = 64,
    concurrency: int = 1,
    explain: Explain | None = None,
    progress: bool | None = False,
    form: AnswerForm | None = None,
) -> AuditReport:
    """Grade every applicable probe on the first ``limit`` prompts and judge the results.

    Args:
        records: the dataset's records (``messages``, ``reference_answer``, ...).
        probes: the probes to run (see :func:`~rftkit.audit.probes.select_probes`); the
            ``plain_wrong`` control should be among them for the default threshold.
        invoker: where the grader runs.
        grader: the grader's name (for the report).
        target: where it runs (for the report).
        judge: the grader is model-judged (for the report).
        threshold: a fixed reward threshold instead of the plain-wrong score per prompt.
        limit: prompts to probe (None or 0: all).
        batch_size: samples per event.
        concurrency: invocations in flight at once.
        explain: an in-process grader, called again on rewarded examples to show what it
            read (its ``answer`` and ``explanation``).
        progress: a progress bar on stderr (None: when stderr is a terminal).
        form: the answer form probes write (default: the form whose correct-answer control
            the grader pays best).

    Raises:
        UsageError: no prompt has a usable reference, or a bad option.
        PluginError: a user probe raised.
    """
    if threshold is not None and not math.isfinite(threshold):
        raise UsageError(f"threshold must be a finite number, got {threshold!r}")
    if form is not None and form not in ANSWER_FORMS:
        raise UsageError(f"unknown answer form {form!r}", hint=f"one of {', '.join(ANSWER_FORMS)}")
    started = time.perf_counter()
    inputs, skipped = probe_inputs(records, limit=limit)
    if not inputs:
        raise DatasetError(
            "no prompt has a usable reference_answer: nothing to build probes from",
            hint="the audit writes adversarial answers from each prompt's reference answer",
        )
    warnings = list(skipped[:5])
    if len(skipped) > 5:
        warnings.append(f"... and {len(skipped) - 5} more prompts without a reference")
    labels = {p.index: _label(records[p.index]) for p in inputs}
    by_probe: dict[str, ProbeResult] = {p.name: ProbeResult(p) for p in probes}
    cases: dict[str, CaseOutcome] = {}
    counters: dict[int, int] = {}
    recorder = SignalRecorder(invoker)
    events: list[Any] = []
    total = 0

    def run_phase(phase: Sequence[Probe], phase_inputs: Sequence[ProbeInput], what: str) -> None:
        nonlocal total
        rollouts: list[Rollout] = []
        for inp in phase_inputs:
            for p in phase:
                result = by_probe[p.name]
                if p.max_prompts is not None and len(result.cases) >= p.max_prompts:
                    continue
                text = p.build(inp)
                if text is None:
                    continue
                k = counters.get(inp.index, 0)
                counters[inp.index] = k + 1
                rollout = Rollout(inp.index, k, text, 0)
                case = CaseOutcome(p.name, inp.index, text)
                cases[rollout.id] = case
                result.cases.append(case)
                rollouts.append(rollout)
        if not rollouts:
            return
        phase_events = build_events(records, rollouts, batch_size=batch_size)
        events.extend(phase_events)
        total += len(rollouts)
        bar = Progress(len(rollouts), enabled=progress, unit=what)
        replay(
            recorder,
            phase_events,
            grader=grader,
            target=target,
            concurrency=concurrency,
            progress=bar,
        )

    # Phase 1: the controls, which show the answer form the grader pays best; phase 2: the
    # attacks, written in that form.
    first = [p for p in probes if p.verdict == "control" or p.name in FORM_PROBES]
    rest = [p for p in probes if p not in first]
    run_phase(first, inputs, "control responses")
    _read_outcomes(recorder, cases)
    read = len(recorder.pairs)
    chosen = form or _best_form(by_probe)
    run_phase(rest, [replace(p, form=chosen) for p in inputs], "probe responses")
    _read_outcomes(recorder, cases, read)

    # One replay report over every invocation, in event order (the harness's own report).
    results_by_event = {id(event): result for event, result in recorder.pairs}
    builder = ReportBuilder(grader=grader, target=target)
    for i, event in enumerate(events):
        builder.add(event, results_by_event[id(event)], f"probe batch {i}")
    wall_s = time.perf_counter() - started
    report = builder.build(wall_s=wall_s)

    _judge_cases(by_probe, threshold)
    results = [by_probe[p.name] for p in probes]
    if explain is not None:
        _explain(results, records, explain)
    audit = AuditReport(
        grader=grader,
        target=target,
        judge=judge,
        prompts=len(inputs),
        threshold=threshold,
        results=results,
        replay=report,
        labels=labels,
        warnings=warnings,
        form=chosen,
    )
    _control_warnings(audit)
    audit.wall_s = time.perf_counter() - started
    return audit


def _read_outcomes(
    recorder: SignalRecorder, cases: Mapping[str, CaseOutcome], start: int = 0
) -> None:
    for outcome in outcomes_from_invocations(recorder.pairs[start:]):
        case = cases.get(outcome.id or "")
        if case is not None:
            case.score = outcome.score
            case.error = outcome.error
            case.metrics = outcome.metrics


def _best_form(by_probe: Mapping[str, ProbeResult]) -> AnswerForm:
    """The answer form whose correct-answer control scored highest on average."""
    best: AnswerForm = "hash"
    best_mean = -math.inf
    for form in ANSWER_FORMS:
        for name, f in FORM_PROBES.items():
            result = by_probe.get(name)
            if f != form or result is None:
                continue
            mean = result.mean
            if mean is not None and mean > best_mean + _EPS:
                best, best_mean = form, mean
    return best


def _judge_cases(by_probe: Mapping[str, ProbeResult], threshold: float | None) -> None:
    wrong: dict[int, float] = {}
    correct: dict[int, float] = {}
    for r in by_probe.values():
        for c in r.cases:
            if c.score is None:
                continue
            if r.probe.name == "plain_wrong":
                wrong[c.prompt] = c.score
            if r.probe.correct:
                correct[c.prompt] = max(correct.get(c.prompt, -math.inf), c.score)
    for r in by_probe.values():
        yardstick = r.probe.name == "plain_wrong" and threshold is None
        for c in r.cases:
            c.threshold = threshold if threshold is not None else wrong.get(c.prompt, 0.0)
            if c.score is None:
                continue
            if yardstick:
                # The yardstick cannot exceed itself: it fails when the grader cannot tell
                # a wrong answer from the right one (and pays it something).
                best = correct.get(c.prompt)
                c.threshold = 0.0
                c.rewarded = c.score > _EPS and best is not None and c.score >= best - _EPS
            else:
                c.rewarded = c.score > c.threshold + _EPS


def _explain(
    results: Sequence[ProbeResult], records: Sequence[Mapping[str, Any]], g: Explain
) -> None:
    for r in results:
        if r.probe.verdict == "control":
            continue
        for c in r.rewarded[:_EXAMPLES]:
            try:
                reward = g(_sample_for(records[c.prompt], c.response, f"explain-{c.prompt}"))
            except Exception:  # noqa: S112 - the wire score counts; an explanation is a bonus
                continue
            c.answer = reward.answer
            c.explanation = reward.explanation or None


def _control_warnings(audit: AuditReport) -> None:
    correct, wrong = audit._control_means()
    if correct is None:
        audit.warnings.append("the grader scored none of the correct-answer controls")
        return
    if wrong is not None and correct <= wrong + _EPS:
        audit.warnings.append(
            f"the grader gives the correct answer (best form, mean {correct:.3f}) no more than "
            f"a plainly wrong one (mean {wrong:.3f}): the probes cannot tell much; check the "
            "grader's arguments and the dataset's reference answers"
        )
    errors = sum(r.errors for r in audit.results)
    if errors:
        audit.warnings.append(
            f"{errors} probe responses could not be graded (error score given); see the "
            "errors column"
        )


def run_signal(
    records: Sequence[Mapping[str, Any]],
    rollouts: Sequence[Rollout],
    invoker: Invoker,
    *,
    grader: str,
    target: str,
    batch_size: int = 64,
    concurrency: int = 1,
    progress: bool | None = False,
) -> tuple[SignalReport, ReplayReport]:
    """Grade the model's responses and diagnose the training signal.

    Returns:
        The diagnostics, and the replay report of the responses.
    """
    events = build_events(records, rollouts, batch_size=batch_size)
    labels = {str(i): _label(r) for i, r in enumerate(records)}
    recorder = SignalRecorder(invoker, labels={k: v for k, v in labels.items() if v})
    bar = Progress(len(rollouts), enabled=progress, unit="responses")
    report = replay(
        recorder,
        events,
        grader=grader,
        target=target,
        concurrency=concurrency,
        progress=bar,
    )
    rows = rollouts_from_invocations(recorder.pairs, labels=recorder.labels)
    return diagnose(rows), report


def audit_grader(
    grader: str | BoundGrader,
    records: Sequence[Mapping[str, Any]],
    *,
    args: Mapping[str, Any] | None = None,
    probes: Sequence[Probe] | None = None,
    extra_probes: Sequence[Probe] = (),
    only: Sequence[str] = (),
    skip: Sequence[str] = (),
    threshold: float | None = None,
    limit: int | None = DEFAULT_LIMIT,
    batch_size: int = 64,
) -> AuditReport:
    """Audit a grader in-process: the whole battery on the first ``limit`` prompts.

    Args:
        grader: a grader name or path, or a bound grader.
        records: dataset records (e.g. from :func:`rftkit.harness.events.load_dataset`).
        args: the grader factory's arguments (with a name or path).
        probes: the battery (default: every built-in probe).
        extra_probes: your own probes, added to the battery.
        only: run only these probes or families (controls always run).
        skip: leave out these probes or families.
        threshold: a fixed reward threshold (default: the plain-wrong score per prompt).
        limit: prompts to probe (None or 0: all).
        batch_size: samples per event.

    Example:
        >>> recs = [{"messages": [{"role": "user", "content": "8*9?"}],
        ...          "reference_answer": "72"}]
        >>> report = audit_grader("gsm8k", recs, only=["spraying"])
        >>> report.result("hash_lines").status
        'pass'
    """
    invoker = InProcessInvoker(grader, **dict(args or {}))
    bound = invoker.handler.grader
    judge = is_judge_grader(bound.name, bound.permissions)
    battery = list(probes if probes is not None else builtin_probes()) + list(extra_probes)
    chosen = select_probes(battery, judge=judge, only=only, skip=skip)
    try:
        return run_probes(
            records,
            chosen,
            invoker,
            grader=bound.name,
            target="in-process",
            judge=judge,
            threshold=threshold,
            limit=limit,
            batch_size=batch_size,
            explain=bound,
        )
    finally:
        invoker.close()
