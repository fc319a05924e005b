"""The probe battery: adversarial responses built from each prompt's reference answer.

A **probe** is a named, documented generator: given a :class:`ProbeInput` (the reference
answer of one prompt, its value when it is one number, and wrong answers of the same kind)
it writes one response meant to earn reward it should not, or returns None when it does not
apply to that prompt (e.g. number words for a text answer). Each probe has

* a **family**: ``spraying``, ``format``, ``text``, ``degenerate``, ``judge`` (only run on
  model-judged graders), or ``control`` (not an attack: the correct answer in plain forms
  and a plainly wrong answer, which set the yardstick the others are measured against);
* a **verdict**: ``must_not_reward`` (the audit fails when the grader pays it more than a
  plainly wrong answer) or ``report_only`` (shown, never failed: whether it deserves reward
  is the grader author's call, e.g. a correct answer in full-width digits).

The verdict of every built-in probe is argued in its ``why``; :func:`describe_probes` (and
``rftkit audit --list-probes``) prints them.

**Your own probes.** Decorate a function with :func:`probe` in your grader project::

    from rftkit.audit import probe

    @probe(family="format", verdict="must_not_reward",
           why="a reply that only restates the question has no answer")
    def echo_question(p):
        return p.prompt

and either point ``rftkit audit --probes my_probes.py`` at the file (every probe object in it
is used), or publish them with an entry point in the group ``rftkit.probes`` whose value is a
probe, a list of probes, or a module holding probes::

    [project.entry-points."rftkit.probes"]
    my_project = "my_project.probes"

Probe names are unique: a user probe cannot replace a built-in one (use ``--skip`` instead).
Probes build text only; nothing here evaluates model output.

**Answer forms.** A probe that hides its trick in the final answer writes that answer with
:meth:`ProbeInput.final` (or :meth:`ProbeInput.final_line`), in the form the grader pays the
correct answer best: ``#### N``, ``\\boxed{N}``, ``The answer is N.`` or the bare answer.
The runner measures that first with the controls, so a grader that only reads
``\\boxed{}`` is probed with boxed answers, not passed for ignoring ``####`` lines.
"""

from __future__ import annotations

from typing import Final

# The family modules, imported for their registrations, in report order. A new grader family
# adds one module (see docs/audit.md, "Adding probes for a new grader family") and one line here.
# isort: off
from rftkit.audit.probes import battery as battery
from rftkit.audit.probes import math as math
from rftkit.audit.probes import gsm8k_extraction as gsm8k_extraction
from rftkit.audit.probes import text_similarity as text_similarity
from rftkit.audit.probes import json_schema as json_schema
from rftkit.audit.probes import ifeval as ifeval
from rftkit.audit.probes import tool_call as tool_call
from rftkit.audit.probes import code_programs as code_programs
# isort: on

# ... and the public names, once every family has registered.
from rftkit.audit.probes.base import (
    _BUILTINS,
    ANSWER_FORMS,
    ENTRY_POINT_GROUP,
    FAMILIES,
    FORM_PROBES,
    JUDGE_PERMISSION,
    AnswerForm,
    Probe,
    ProbeInput,
    Verdict,
    builtin_probes,
    make_input,
    number_words,
    probe,
)
from rftkit.audit.probes.loading import entry_point_probes, load_probe_file
from rftkit.audit.probes.selection import (
    describe_probes,
    is_judge_grader,
    probe_table,
    select_probes,
)

__all__ = [
    "ANSWER_FORMS",
    "ENTRY_POINT_GROUP",
    "FAMILIES",
    "FORM_PROBES",
    "JUDGE_PERMISSION",
    "AnswerForm",
    "Probe",
    "ProbeInput",
    "Verdict",
    "builtin_probes",
    "describe_probes",
    "entry_point_probes",
    "is_judge_grader",
    "load_probe_file",
    "make_input",
    "number_words",
    "probe",
    "probe_table",
    "select_probes",
]

# Every built-in probe: taken last, once every family module above has registered its probes.
BUILTIN: Final[tuple[Probe, ...]] = tuple(_BUILTINS)
