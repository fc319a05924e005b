"""The replay report: what a reward function did with a run of events.

:class:`ReportBuilder` takes each ``(event, InvokeResult)`` pair and :class:`ReplayReport`
renders the totals as text (with a histogram for the terminal), JSON, or a self-contained
HTML page with an inline SVG histogram (no plotting dependency).

Everything here is computed from what any invoker returns, so a report on the in-process
handler, a built zip and a deployed function read the same way:

* scores, metrics and sample errors come from the **wire response** (errors are the
  ``error_<code>`` metrics the handler sets on samples it could not grade);
* contract violations come from :func:`rftkit.harness.contract.validate_response`;
* **rule frequencies** (how often each answer-extraction rule fired) and grader flags come
  from the handler's one-per-invocation JSON log line ``{"message": "graded batch",
  "rules": {...}, "flags": {...}}``; when the function returned no such line (not an rftkit
  handler, or no logs), the report says the rules are unavailable rather than guessing.
"""

from __future__ import annotations

import heapq
import json
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from rftkit import __version__, render
from rftkit.errors import ContractError
from rftkit.harness.contract import (
    ERROR_METRIC,
    expected_ids,
    parse_event,
    result_metrics,
    result_score,
    validate_response,
)
from rftkit.harness.invoke import InvokeResult
from rftkit.render import human

__all__ = [
    "ReplayReport",
    "ReportBuilder",
    "histogram",
    "percentile",
    "summary_lines",
    "trim_reply",
]

_BINS: Final = 10
_LIST_LIMIT: Final = 20
_BAR: Final = 40
_EXAMPLES: Final = 5
"""Replies shown per kind: the lowest-scoring ones, and one per prompt with no spread."""
_DISTINCT_VALUES: Final = 12
"""A grader paying at most this many distinct scores gets a bar per value, not bins."""
_REPLY_WIDTH: Final = 240
_ROLLOUT_ID: Final = re.compile(r"rollout-(\d+)-\d+")

Explainer = Callable[[Any], Any]
"""Re-grades one :class:`~rftkit.rewards.types.Sample` in-process and returns its Reward
(answer, rule, explanation), for the replies a report shows."""


def trim_reply(text: str, answer: str | None = None, width: int = _REPLY_WIDTH) -> str:
    """The part of a reply worth reading: around the (last) extracted answer, else its end.

    Example:
        >>> trim_reply("x" * 500 + " so #### 72 done", "72", width=20)
        '…xxxx so #### 72 done'
        >>> trim_reply("short")
        'short'
    """
    text = text.strip()
    if len(text) <= width:
        return text
    pos = text.rfind(answer) if answer else -1
    if pos < 0:
        return "…" + text[-width:]
    end = min(len(text), pos + len(answer or "") + width // 3)
    start = max(0, end - width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _prompt_of(sample_id: Any, sample: Any) -> str:
    if isinstance(sample_id, str):
        m = _ROLLOUT_ID.fullmatch(sample_id)
        if m:
            return m.group(1)
    messages = getattr(sample, "prompt_messages", None) or []
    return "p:" + "\x1f".join(str(m.get("content", ""))[:2048] for m in messages)


def _is_error(result: Mapping[str, Any]) -> bool:
    metrics = result_metrics(result)
    if not isinstance(metrics, list):
        return False
    return any(
        isinstance(m, Mapping) and m.get("name") == ERROR_METRIC and m.get("value") for m in metrics
    )


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0-100) of ``values`` (0.0 when empty).

    Example:
        >>> percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50), percentile([1.0, 2.0], 99)
        (3.0, 2.0)
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def histogram(values: Sequence[float], bins: int = _BINS) -> list[tuple[float, float, int]]:
    """Counts of ``values`` in ``bins`` equal bins spanning at least [0, 1].

    The range widens to the data (e.g. [-1, 1] for scores below 0); the last bin includes
    its upper edge.

    Example:
        >>> [(lo, n) for lo, hi, n in histogram([0.0, 0.0, 1.0, 0.55], bins=2)]
        [(0.0, 2), (0.5, 2)]
    """
    lo = min(0.0, min(values, default=0.0))
    hi = max(1.0, max(values, default=1.0))
    width = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        k = int((v - lo) / width)
        counts[min(max(k, 0), bins - 1)] += 1
    return [(lo + k * width, lo + (k + 1) * width, counts[k]) for k in range(bins)]


def summary_lines(logs: Sequence[str]) -> list[dict[str, Any]]:
    """The rftkit handler's ``graded batch`` records among an invocation's log lines.

    Lines may carry a prefix (a runtime's timestamp); the JSON object starts at the first
    ``{``.

    Example:
        >>> summary_lines(['START', '{"message": "graded batch", "rules": {"hash": 2}}'])
        [{'message': 'graded batch', 'rules': {'hash': 2}}]
    """
    found = []
    for line in logs:
        start = line.find("{")
        if start < 0 or '"graded batch"' not in line:
            continue
        try:
            record = json.loads(line[start:])
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("message") == "graded batch":
            found.append(record)
    return found


def _count_into(target: dict[str, int], source: Any) -> None:
    if isinstance(source, Mapping):
        for key, value in source.items():
            if isinstance(value, int) and not isinstance(value, bool):
                target[str(key)] = target.get(str(key), 0) + value


class ReportBuilder:
    """Accumulates invocations into a :class:`ReplayReport`.

    Example:
        >>> b = ReportBuilder(grader="g", target="in-process")
        >>> b.add([{"id": "a"}], InvokeResult(payload=[{"id": "a",
        ...       "aggregate_reward_score": 1.0, "metrics_list": []}], duration_ms=2.0))
        >>> b.build(wall_s=0.1).reward_mean
        1.0
    """

    def __init__(
        self,
        *,
        grader: str,
        target: str,
        explain: Explainer | None = None,
        header: Mapping[str, Any] | None = None,
    ) -> None:
        self.grader = grader
        self.target = target
        self.explain = explain
        self.header = dict(header or {})
        # The replies worth showing, kept while streaming: the lowest scores (a bounded
        # heap) and, per prompt, its score range and first reply (to find prompts with no
        # spread, which teach GRPO nothing).
        self._lowest: list[tuple[float, int, dict[str, Any]]] = []
        self._prompts: dict[str, list[Any]] = {}
        self._seq = 0
        self.scores: list[float] = []
        self.durations: list[float] = []
        self.samples = 0
        self.invocations = 0
        self.metric_sums: dict[tuple[str, str], list[float]] = {}
        self.error_counts: dict[str, int] = {}
        self.errors: list[dict[str, Any]] = []
        self.failed: list[dict[str, Any]] = []
        self.violations: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.rules: dict[str, int] = {}
        self.flags: dict[str, int] = {}
        self.rule_samples = 0
        self.rule_errors = 0
        self.invocations_without_summary = 0

    def add(self, event: Any, result: InvokeResult, source: str = "") -> None:
        """Account for one invocation of ``event`` (from ``source``, e.g. a file name)."""
        self.invocations += 1
        self.durations.append(result.duration_ms)
        try:
            ids = expected_ids(event)
        except ContractError as exc:
            ids = []
            self.violations.append(
                {"source": source, "path": exc.path, "message": f"bad event: {exc}", "id": None}
            )
        self.samples += len(ids)
        if not result.ok:
            error = result.error or {}
            self.failed.append(
                {
                    "source": source,
                    "samples": len(ids),
                    "errorType": str(error.get("errorType", "?")),
                    "errorMessage": str(error.get("errorMessage", ""))[:500],
                }
            )
            return
        if ids:
            report = validate_response(event, result.payload)
            for v in report.errors:
                self.violations.append({"source": source, **v.to_dict()})
            for v in report.warnings:
                self.warnings.append({"source": source, **v.to_dict()})
        self._add_results(ids, result.payload, source)
        self._keep_replies(event, result.payload, source)
        summaries = summary_lines(result.logs)
        if not summaries:
            self.invocations_without_summary += 1
        for record in summaries:
            _count_into(self.rules, record.get("rules"))
            _count_into(self.flags, record.get("flags"))
            samples = record.get("samples")
            errors = record.get("errors")
            if isinstance(samples, int):
                self.rule_samples += samples
            if isinstance(errors, int):
                self.rule_errors += errors

    def _add_results(self, ids: list[Any], payload: Any, source: str) -> None:
        if not isinstance(payload, list):
            return
        for position, result in enumerate(payload):
            if not isinstance(result, Mapping):
                continue
            score = result_score(result)
            if score is not None:
                self.scores.append(score)
            metrics = result_metrics(result)
            if not isinstance(metrics, list):
                continue
            is_error = False
            codes = []
            for m in metrics:
                if not isinstance(m, Mapping):
                    continue
                name, raw, mtype = m.get("name"), m.get("value"), m.get("type")
                if not isinstance(name, str) or isinstance(raw, bool):
                    continue
                if not isinstance(raw, int | float) or not math.isfinite(raw):
                    continue
                if name == ERROR_METRIC and raw:
                    is_error = True
                elif name.startswith(ERROR_METRIC + "_") and raw:
                    codes.append(name[len(ERROR_METRIC) + 1 :])
                self.metric_sums.setdefault((name, str(mtype)), []).append(float(raw))
            if is_error:
                code = codes[0] if codes else "error"
                self.error_counts[code] = self.error_counts.get(code, 0) + 1
                sample_id = ids[position] if position < len(ids) else result.get("id")
                self.errors.append(
                    {"source": source, "position": position, "id": sample_id, "code": code}
                )

    def _keep_replies(self, event: Any, payload: Any, source: str) -> None:
        if not isinstance(payload, list):
            return
        try:
            parsed = parse_event(event, require_reference=False)
        except (ContractError, RecursionError):
            return
        for i, sample in enumerate(parsed.samples):
            item = payload[i] if i < len(payload) else None
            if not isinstance(item, Mapping) or _is_error(item):
                continue
            score = result_score(item)
            if score is None:
                continue
            self._seq += 1
            sample_id = parsed.ids[i]
            entry = {"id": sample_id, "source": source, "score": score, "sample": sample}
            heapq.heappush(self._lowest, (-score, -self._seq, entry))
            if len(self._lowest) > _EXAMPLES:
                heapq.heappop(self._lowest)
            key = _prompt_of(sample_id, sample)
            seen = self._prompts.get(key)
            if seen is None:
                self._prompts[key] = [1, score, score, entry]
            else:
                seen[0] += 1
                seen[1] = min(seen[1], score)
                seen[2] = max(seen[2], score)

    def replies(self) -> list[dict[str, Any]]:
        """The replies a person should read, each with why it was picked (and re-graded)."""
        picked: list[tuple[str, dict[str, Any]]] = []
        for _, _, entry in sorted(self._lowest, key=lambda t: (-t[0], -t[1])):
            picked.append(("lowest score", entry))
        flat = [p for p in self._prompts.values() if p[0] >= 2 and p[2] - p[1] <= 1e-12]
        for n, low, _, entry in flat[:_EXAMPLES]:
            picked.append((f"no spread: all {n} rollouts of its prompt scored {low:g}", entry))
        reasons: dict[int, list[str]] = {}
        entries: list[dict[str, Any]] = []
        for why, entry in picked:
            if id(entry) not in reasons:
                reasons[id(entry)] = []
                entries.append(entry)
            reasons[id(entry)].append(why)
        return [self._describe("; ".join(reasons[id(e)]), e) for e in entries]

    def _describe(self, why: str, entry: Mapping[str, Any]) -> dict[str, Any]:
        sample = entry["sample"]
        answer = rule = reason = None
        if self.explain is not None:
            try:
                reward = self.explain(sample)
                answer, rule, reason = reward.answer, reward.rule, reward.explanation or None
            except Exception as exc:  # a reply that cannot be re-graded is still shown
                reason = f"could not re-grade it here: {type(exc).__name__}: {exc}"[:300]
        return {
            "why": why,
            "id": entry["id"],
            "source": entry["source"],
            "score": entry["score"],
            "reply": trim_reply(str(getattr(sample, "completion", "")), answer),
            "answer": answer,
            "rule": rule,
            "reason": reason,
        }

    def build(self, *, wall_s: float) -> ReplayReport:
        """The finished report; ``wall_s`` is the wall time of the whole run."""
        return ReplayReport(self, wall_s)


class ReplayReport:
    """Totals of a replay, ready to print as text, JSON or HTML."""

    def __init__(self, b: ReportBuilder, wall_s: float) -> None:
        self.grader = b.grader
        self.target = b.target
        self.header = {
            **b.header,
            "rftkit": __version__,
            "time": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        }
        self.replies = b.replies()
        self.samples = b.samples
        self.invocations = b.invocations
        self.scored = len(b.scores)
        self.wall_s = wall_s
        scores = b.scores
        self.reward_mean = sum(scores) / len(scores) if scores else math.nan
        if len(scores) > 1:
            var = sum((s - self.reward_mean) ** 2 for s in scores) / (len(scores) - 1)
            self.reward_stdev = math.sqrt(var)
        else:
            self.reward_stdev = 0.0
        self.reward_min = min(scores, default=math.nan)
        self.reward_max = max(scores, default=math.nan)
        self.histogram = histogram(scores) if scores else []
        counts = Counter(scores)
        # gsm8k pays 0, 0.1, 0.9 and 1.0: ten bins would lump 0.9 with 1.0.
        self.values: list[tuple[float, int]] | None = (
            sorted(counts.items()) if 0 < len(counts) <= _DISTINCT_VALUES else None
        )
        self.metrics: dict[str, dict[str, Any]] = {
            name: {"type": mtype, "mean": sum(vals) / len(vals), "count": len(vals)}
            for (name, mtype), vals in sorted(b.metric_sums.items())
        }
        self.error_counts = dict(sorted(b.error_counts.items(), key=lambda kv: -kv[1]))
        self.errors = b.errors
        self.failed = b.failed
        self.violations = b.violations
        self.warnings = b.warnings
        self.rules_available = b.invocations_without_summary < b.invocations - len(b.failed)
        self.rules = dict(sorted(b.rules.items(), key=lambda kv: -kv[1]))
        if self.rules_available:
            graded = b.rule_samples - b.rule_errors
            no_rule = graded - sum(b.rules.values())
            if no_rule > 0:
                self.rules["(none)"] = no_rule
        self.rule_samples = b.rule_samples
        self.flags = dict(sorted(b.flags.items(), key=lambda kv: -kv[1]))
        d = b.durations
        self.latency_ms = {
            "p50": percentile(d, 50),
            "p99": percentile(d, 99),
            "max": max(d, default=0.0),
            "mean": sum(d) / len(d) if d else 0.0,
        }

    @property
    def ok(self) -> bool:
        """No failed invocation and no contract violation."""
        return not self.failed and not self.violations

    def _num(self, value: float) -> float | None:
        return None if math.isnan(value) else round(value, 6)

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready (``--json``)."""
        return {
            "ok": self.ok,
            "run": dict(self.header),
            "grader": self.grader,
            "target": self.target,
            "samples": self.samples,
            "scored": self.scored,
            "invocations": self.invocations,
            "wall_s": round(self.wall_s, 3),
            "samples_per_s": round(self.samples / self.wall_s, 1) if self.wall_s > 0 else None,
            "reward": {
                "mean": self._num(self.reward_mean),
                "stdev": self._num(self.reward_stdev),
                "min": self._num(self.reward_min),
                "max": self._num(self.reward_max),
                "histogram": [
                    {"lo": round(lo, 6), "hi": round(hi, 6), "count": n}
                    for lo, hi, n in self.histogram
                ],
                "values": None
                if self.values is None
                else [{"value": v, "count": n} for v, n in self.values],
            },
            "replies": self.replies,
            "metrics": {k: {**v, "mean": round(v["mean"], 6)} for k, v in self.metrics.items()},
            "rules": self.rules if self.rules_available else None,
            "flags": self.flags if self.rules_available else None,
            "sample_errors": {"counts": self.error_counts, "samples": self.errors},
            "failed_invocations": self.failed,
            "contract_violations": self.violations,
            "contract_warnings": self.warnings,
            "latency_ms": {k: round(v, 3) for k, v in self.latency_ms.items()},
        }

    # -- text ---------------------------------------------------------------------------------

    def render_text(self) -> str:
        """A terminal report with a histogram of rewards."""
        out: list[str] = []
        rate = f", {human(self.samples / self.wall_s)} samples/s" if self.wall_s > 0 else ""
        h = self.header
        out.append(f"rftkit {h['rftkit']} replay report, {h['time']}")
        if h.get("inputs"):
            out.append(f"  inputs  {h['inputs']}")
        args = h.get("args")
        shown_args = f" {json.dumps(args, sort_keys=True)}" if args else ""
        out.append(f"  grader  {self.grader}{shown_args} via {self.target}")
        out.append(
            f"  {human(self.samples)} samples in {human(self.invocations)} invocations, "
            f"{self.wall_s:.2f} s{rate}"
        )
        out.append("")
        if self.scored:
            out.append(
                f"reward  mean {human(self.reward_mean)}  stdev {human(self.reward_stdev)}  "
                f"min {human(self.reward_min)}  max {human(self.reward_max)}  "
                f"({human(self.scored)} scored)"
            )
            if self.values is not None:
                peak = max(n for _, n in self.values) or 1
                width = max(len(f"{v:g}") for v, _ in self.values)
                for value, n in self.values:
                    bar = "█" * max(1, round(n / peak * _BAR))
                    share = n / self.scored * 100
                    out.append(f"  {value:>{width}g}  {bar:<{_BAR}} {n:>7} {share:5.1f}%")
            else:
                peak = max(n for _, _, n in self.histogram) or 1
                for k, (lo, hi, n) in enumerate(self.histogram):
                    close = "]" if k == len(self.histogram) - 1 else ")"
                    bar = "█" * round(n / peak * _BAR)
                    share = n / self.scored * 100
                    out.append(
                        f"  [{lo:5.2f}, {hi:5.2f}{close}  {bar:<{_BAR}} {n:>7} {share:5.1f}%"
                    )
        else:
            out.append("reward  no scores")
        if self.metrics:
            out.append("")
            out.append("metrics (mean over samples that report them)")
            width = max(len(k) for k in self.metrics)
            for name, m in self.metrics.items():
                out.append(
                    f"  {name:<{width}}  {m['type']:<6}  {human(m['mean']):<7}  n={m['count']}"
                )
        out.append("")
        if self.rules_available:
            total = self.rule_samples or 1
            out.append("extraction rules (how often each fired)")
            if not self.rules:
                out.append("  none reported")
            for rule, n in self.rules.items():
                out.append(f"  {rule:<24} {n:>7} {n / total * 100:5.1f}%")
            if self.flags:
                out.append("grader flags")
                for flag, n in self.flags.items():
                    out.append(f"  {flag:<24} {n:>7} {n / total * 100:5.1f}%")
        else:
            out.append("extraction rules: unavailable (no rftkit summary line in the logs)")
        out.append("")
        n_err = sum(self.error_counts.values())
        out.append(f"sample errors: {n_err}")
        for code, n in self.error_counts.items():
            out.append(f"  {code:<24} {n:>7}")
        for e in self.errors[:_LIST_LIMIT]:
            out.append(f"    {e['code']:<20} id={e['id']!r} ({e['source']} #{e['position']})")
        if len(self.errors) > _LIST_LIMIT:
            out.append(f"    ... and {len(self.errors) - _LIST_LIMIT} more (see --json)")
        out.append(f"failed invocations: {len(self.failed)}")
        for f in self.failed[:_LIST_LIMIT]:
            out.append(f"  {f['source']}: {f['errorType']}: {f['errorMessage'][:200]}")
        out.append(f"contract violations: {len(self.violations)} (warnings: {len(self.warnings)})")
        for v in self.violations[:_LIST_LIMIT]:
            where = f" id={v['id']!r}" if v.get("id") is not None else ""
            out.append(f"  {v['source']} {v['path']}: {v['message']}{where}")
        if len(self.violations) > _LIST_LIMIT:
            out.append(f"  ... and {len(self.violations) - _LIST_LIMIT} more (see --json)")
        for w in self.warnings[:5]:
            out.append(f"  warning: {w['source']} {w['path']}: {w['message']}")
        if self.replies:
            out.append("")
            out.extend(self._replies_text())
        lat = self.latency_ms
        out.append("")
        out.append(
            f"latency per invocation  p50 {human(lat['p50'])} ms  p99 {human(lat['p99'])} ms  "
            f"max {human(lat['max'])} ms"
        )
        return "\n".join(out) + "\n"

    def _replies_text(self) -> list[str]:
        out = [f"replies worth reading ({len(self.replies)}):"]
        for r in self.replies:
            answer = "-" if r["answer"] is None else repr(r["answer"])
            out.append("")
            out.append(
                f"  {r['id']}  score {r['score']:g}  answer {answer}  rule {r['rule'] or '-'}"
            )
            out.append(f"    picked: {r['why']}")
            if r["reason"]:
                out.append(f"    why:    {r['reason']}")
            out.append(f"    reply:  {r['reply'].replace(chr(10), ' | ')}")
        return out

    # -- HTML ---------------------------------------------------------------------------------

    def _svg_histogram(self) -> render.Html:
        if self.values is not None:
            return render.value_histogram(self.values, label="rewards by value")
        return render.bin_histogram(self.histogram, label="reward histogram", empty="No scores.")

    def _replies_html(self) -> render.Html:
        e = render.escape
        rows = [
            (
                render.Html(f"<b>{e(r['id'])}</b><br>{e(r['why'])}"),
                r["score"],
                "-" if r["answer"] is None else str(r["answer"]),
                r["rule"] or "-",
                r["reason"] or "-",
                str(r["reply"]),
            )
            for r in self.replies
        ]
        return render.table(
            ["sample, picked because", "score", "answer", "rule", "reason",
             "reply (trimmed around the answer)"],
            rows,
            cls="replies wide fixed",
            widths=["16%", "7%", "9%", "9%", "20%", ""],
            cell_classes=["", "", "", "", "", "reply"],
        )  # fmt: skip

    def html_sections(self) -> list[render.Html]:
        """The page's sections (header first), to compose into a page of one's own."""
        table = render.table
        h = self.header
        args = h.get("args")
        d = self.to_dict()
        reward = d["reward"]
        lat = d["latency_ms"]
        total = self.rule_samples or 1
        return [
            render.header(
                f"rftkit replay: {self.grader}",
                ok=self.ok,
                status="ok" if self.ok else "problems found",
                rows=[
                    ("inputs", h.get("inputs") or "n/a"),
                    (
                        "grader",
                        self.grader + (f" {json.dumps(args, sort_keys=True)}" if args else ""),
                    ),
                    ("runs", self.target),
                    ("rftkit", h["rftkit"]),
                    ("time", h["time"]),
                ],
            ),
            table(
                ["target", "samples", "invocations", "wall time", "samples/s"],
                [
                    (
                        self.target,
                        self.samples,
                        self.invocations,
                        f"{self.wall_s:.2f} s",
                        None if self.wall_s <= 0 else self.samples / self.wall_s,
                    )
                ],
            ),
            render.heading("Reward"),
            table(
                ["mean", "stdev", "min", "max", "scored"],
                [(reward["mean"], reward["stdev"], reward["min"], reward["max"], self.scored)],
            ),
            self._svg_histogram(),
            render.heading("Replies worth reading"),
            self._replies_html(),
            render.heading("Metrics"),
            table(
                ["name", "type", "mean", "samples"],
                [(k, v["type"], v["mean"], v["count"]) for k, v in self.metrics.items()],
            ),
            render.heading("Extraction rules"),
            table(
                ["rule", "samples", "share"],
                [(r, n, f"{n / total * 100:.1f}%") for r, n in self.rules.items()],
            )
            if self.rules_available
            else render.paragraph("Unavailable: the function wrote no rftkit summary line."),
            table(["flag", "samples"], list(self.flags.items()))
            if self.rules_available
            else render.Html(""),
            render.heading("Sample errors"),
            table(["code", "samples"], list(self.error_counts.items())),
            table(
                ["code", "id", "source", "position"],
                [(x["code"], x["id"], x["source"], x["position"]) for x in self.errors],
            )
            if self.errors
            else render.Html(""),
            render.heading("Failed invocations"),
            table(
                ["source", "samples", "errorType", "errorMessage"],
                [
                    (f["source"], f["samples"], f["errorType"], f["errorMessage"])
                    for f in self.failed
                ],
            ),
            render.heading("Contract violations"),
            table(
                ["source", "path", "message", "id"],
                [(v["source"], v["path"], v["message"], v["id"]) for v in self.violations],
            ),
            render.heading("Warnings", 3),
            table(
                ["source", "path", "message", "id"],
                [(v["source"], v["path"], v["message"], v["id"]) for v in self.warnings],
            ),
            render.heading("Latency per invocation"),
            table(
                ["p50 ms", "p99 ms", "max ms", "mean ms"],
                [(lat["p50"], lat["p99"], lat["max"], lat["mean"])],
            ),
        ]

    def render_html(self, *, extra: Sequence[render.Html] = ()) -> str:
        """A self-contained HTML page (inline CSS and SVG; no scripts, no external files).

        ``extra`` sections (e.g. the training signal's) follow the report's own.
        """
        return render.page(f"rftkit replay: {self.grader}", [*self.html_sections(), *extra])
