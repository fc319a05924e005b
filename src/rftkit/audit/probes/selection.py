"""Choosing, listing and describing probes (``--only``, ``--skip``, ``--list-probes``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rftkit.audit.probes.base import (
    FAMILIES,
    JUDGE_PERMISSION,
    Probe,
)
from rftkit.errors import UsageError


def _check_unique(probes: Sequence[Probe]) -> None:
    seen: dict[str, Probe] = {}
    for p in probes:
        old = seen.get(p.name)
        if old is not None:
            raise UsageError(
                f"two probes are named {p.name!r} ({old.source} and {p.source})",
                hint="rename yours; to leave out a built-in probe use --skip NAME",
            )
        seen[p.name] = p


def is_judge_grader(name: str | None, permissions: Iterable[str] = ()) -> bool:
    """Is this grader model-judged (it calls Bedrock, or it is named ``judge``)?

    Example:
        >>> is_judge_grader("gsm8k"), is_judge_grader("rubric", ["bedrock:InvokeModel"])
        (False, True)
    """
    return name == "judge" or JUDGE_PERMISSION in set(permissions)


def select_probes(
    probes: Sequence[Probe],
    *,
    judge: bool,
    only: Sequence[str] = (),
    skip: Sequence[str] = (),
) -> list[Probe]:
    """The probes to run: controls always; judge probes only for judges (or when named).

    ``only`` and ``skip`` take probe names or family names.

    Raises:
        UsageError: duplicate probe names, or a name in ``only``/``skip`` that matches
            nothing (with the known names as a hint).

    Example:
        >>> from rftkit.audit.probes import builtin_probes
        >>> [p.name for p in select_probes(builtin_probes(), judge=False, only=["empty"])]
        ['correct_hash', 'correct_boxed', 'correct_sentence', 'plain_wrong', 'empty']
    """
    _check_unique(probes)
    names = {p.name for p in probes} | {p.family for p in probes}
    for given in (*only, *skip):
        if given not in names:
            import difflib

            close = difflib.get_close_matches(given, sorted(names), n=3)
            raise UsageError(
                f"no probe or family named {given!r}",
                hint=("did you mean " + ", ".join(close) + "?")
                if close
                else "see `rftkit audit --list-probes`",
            )
    chosen = []
    for p in probes:
        if p.verdict == "control":
            chosen.append(p)
            continue
        named = p.name in only or p.family in only
        if only and not named:
            continue
        if p.name in skip or p.family in skip:
            continue
        if p.judge_only and not judge and not named:
            continue
        chosen.append(p)
    return chosen


def describe_probes(probes: Sequence[Probe]) -> str:
    """A text table of probes by family: name, verdict and why (``--list-probes``).

    Example:
        >>> from rftkit.audit.probes import builtin_probes
        >>> "percent_sign" in describe_probes(builtin_probes())
        True
    """
    import textwrap

    order = {f: i for i, f in enumerate(FAMILIES)}
    lines: list[str] = []
    family = None
    width = max((len(p.name) for p in probes), default=10)
    for p in sorted(probes, key=lambda q: order.get(q.family, len(order))):
        if p.family != family:
            family = p.family
            lines.append("")
            lines.append(family + (" (model-judged graders only)" if family == "judge" else ""))
        verdict = p.verdict.replace("_", "-")
        head = f"  {p.name:<{width}}  {verdict:<15}  "
        body = textwrap.wrap(p.why, width=max(40, 100 - len(head))) or [""]
        lines.append(head + body[0])
        lines.extend(" " * len(head) + b for b in body[1:])
        if p.source != "builtin":
            lines.append(" " * len(head) + f"(from {p.source})")
    return "\n".join(lines).lstrip("\n") + "\n"


def probe_table(probes: Sequence[Probe]) -> list[Mapping[str, Any]]:
    """Probes as JSON-ready dicts (``--list-probes --json``)."""
    return [
        {
            "name": p.name,
            "family": p.family,
            "verdict": p.verdict,
            "why": p.why,
            "judge_only": p.judge_only,
            "max_prompts": p.max_prompts,
            "source": p.source,
        }
        for p in probes
    ]
