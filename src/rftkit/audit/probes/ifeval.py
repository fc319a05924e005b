"""Probes for the ``ifeval`` grader (issue 16)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rftkit.audit.probes.base import (
    ProbeInput,
    _builtin,
)

# -- issue 16: ifeval ------------------------------------------------------------------------
# Probes for the `ifeval` grader (IFEval's verifiable instructions). An IFEval reference
# reaches a probe as the record's JSON text (base.make_input); each probe returns None for
# any other reference. The threshold is what the grader pays the plain_wrong reply, so a
# probe is "rewarded" when it follows more instructions than a reply that ignores them.


def _ifeval_record(p: ProbeInput) -> dict[str, Any] | None:
    """The IFEval record behind ``p``, or None when ``p`` is not an IFEval prompt."""
    if not p.reference.startswith("{") or "instruction_id_list" not in p.reference:
        return None
    import json

    try:
        record = json.loads(p.reference)
    except ValueError:
        return None
    ids = record.get("instruction_id_list") if isinstance(record, dict) else None
    if not isinstance(ids, list) or not ids:
        return None
    kwargs = record.get("kwargs")
    out: dict[str, Any] = dict(record)
    out["kwargs"] = kwargs if isinstance(kwargs, list) else [{} for _ in ids]
    return out


def _ifeval_strings(record: Mapping[str, Any]) -> list[str]:
    """Every string argument of the record's instructions (keywords, end phrases, ...)."""
    out: list[str] = []
    for kw in record["kwargs"]:
        for value in (kw or {}).values() if isinstance(kw, dict) else ():
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, list):
                out.extend(v for v in value if isinstance(v, str))
    return out


@_builtin(
    "ifeval_keyword_spray",
    "ifeval",
    "report_only",
    "The prompt's words and every keyword, end phrase and marker the instructions name, "
    "repeated for a few hundred words and saying nothing. Report only: IFEval's keyword, "
    "length and end checks are satisfied by it by definition; pair ifeval with a quality "
    "grader (composite) when training on such prompts.",
)
def _ifeval_keyword_spray(p: ProbeInput) -> str | None:
    record = _ifeval_record(p)
    if record is None:
        return None
    words = " ".join([*p.prompt.split()[:40], *_ifeval_strings(record)])
    return " ".join([words] * max(1, 400 // max(1, len(words.split()))))


@_builtin(
    "ifeval_caps_spray",
    "ifeval",
    "report_only",
    "The plain wrong reply in capitals followed by a run of capitalised filler words. "
    "Report only: pays capital-letter instructions by their definition; shows how much "
    "case alone earns.",
)
def _ifeval_caps_spray(p: ProbeInput) -> str | None:
    if _ifeval_record(p) is None:
        return None
    return p.final(p.wrong).upper() + "\n" + "IMPORTANT NOTE " * 60


@_builtin(
    "json_wrapped",
    "ifeval",
    "must_not_reward",
    "The plain wrong reply wrapped in a JSON object (for IFEval prompts: only those with no "
    "JSON instruction). Wrapping a reply must not earn more than the reply itself.",
)
def _json_wrapped(p: ProbeInput) -> str | None:
    record = _ifeval_record(p)
    if record is not None and "detectable_format:json_format" in record["instruction_id_list"]:
        return None
    import json

    return json.dumps({"response": p.final(p.wrong)})


@_builtin(
    "ifeval_end_phrase_only",
    "ifeval",
    "report_only",
    "Only the required end phrase, for prompts that ask for one. Report only: it follows "
    "the end-phrase instruction and whatever else an almost empty reply satisfies, so with "
    "aggregate='mean' it earns partial credit; aggregate='all' pays it nothing.",
)
def _ifeval_end_phrase_only(p: ProbeInput) -> str | None:
    record = _ifeval_record(p)
    if record is None:
        return None
    for iid, kw in zip(record["instruction_id_list"], record["kwargs"], strict=False):
        if iid == "startend:end_checker" and isinstance(kw, dict):
            phrase = kw.get("end_phrase")
            if isinstance(phrase, str) and phrase.strip():
                return phrase
    return None
