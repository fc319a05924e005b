"""``rftkit audit``: red-team a grader, and read the training signal, before paying for a job.

Two questions, answered locally:

* **Can the policy earn reward it should not?** A battery of adversarial responses
  (:mod:`rftkit.audit.probes`), built for each prompt from its reference answer (answer
  spraying, format gaming, text tricks, degenerate output, judge manipulation), runs through
  the grader in-process or as a built zip (:mod:`rftkit.audit.runner`); every probe that must
  not be rewarded and is, is reported with an example.
* **Will GRPO learn anything?** From several rollouts per prompt,
  :mod:`rftkit.audit.training_signal` reports the prompts whose rollouts all score the same (no
  signal), reward sparsity, per-prompt variance and the correlation of reward with length.

Example:
    >>> from rftkit.audit import audit_grader
    >>> recs = [{"messages": [{"role": "user", "content": "8*9?"}], "reference_answer": "72"}]
    >>> audit_grader("gsm8k", recs, only=["hash_lines"]).result("hash_lines").status
    'pass'
"""

from __future__ import annotations

from rftkit.audit.probes import (
    Probe,
    ProbeInput,
    builtin_probes,
    describe_probes,
    is_judge_grader,
    load_probe_file,
    make_input,
    probe,
    select_probes,
)
from rftkit.audit.runner import AuditReport, ProbeResult, audit_grader, run_probes, run_signal
from rftkit.audit.training_signal import (
    RolloutScore,
    SignalRecorder,
    SignalReport,
    diagnose,
    format_signal,
    signal_html,
)

__all__ = [
    "AuditReport",
    "Probe",
    "ProbeInput",
    "ProbeResult",
    "RolloutScore",
    "SignalRecorder",
    "SignalReport",
    "audit_grader",
    "builtin_probes",
    "describe_probes",
    "diagnose",
    "format_signal",
    "is_judge_grader",
    "load_probe_file",
    "make_input",
    "probe",
    "run_probes",
    "run_signal",
    "select_probes",
    "signal_html",
]
