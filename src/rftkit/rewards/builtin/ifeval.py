"""The ``ifeval`` grader: IFEval's verifiable instructions (Zhou et al. 2023).

The reference is one IFEval record (or the two fields that matter)::

    {"instruction_id_list": ["length_constraints:number_words", "punctuation:no_comma"],
     "kwargs": [{"num_words": 100, "relation": "less than"}, {}]}

so the IFEval data and the RLVR sets built on it (Tülu 3's) work as they are; ``None``
values and unknown keys in ``kwargs`` are ignored, and the reference may also be that
object as JSON text. All 25 instruction types of the paper are checked, each as the reference
implementation defines it (see :mod:`rftkit.rewards.ifeval.checks` for the few documented
differences).

``mode="strict"`` checks the reply as it is; ``mode="loose"`` (the paper's loose accuracy)
also accepts an instruction when it holds on the reply without its first line, without its
last line, without both, or with every ``*`` removed (and the combinations). As in the
reference, an empty (or whitespace-only) reply, or variant, follows nothing.

Score: ``aggregate="mean"`` (default) is the fraction of instructions followed;
``aggregate="all"`` is 1.0 only when every one is followed (the paper's prompt-level accuracy).
Metrics: one per instruction type present (``Reward``, 1.0 followed / 0.0 not; a type listed
twice counts as followed only when both are). A reference that is not an IFEval record, names
an unknown instruction or lacks an argument an instruction needs raises
:class:`~rftkit.errors.GraderError` (a dataset problem, reported as an error for that sample).
Standard library only.
"""

from __future__ import annotations

import json

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.ifeval.checks import INSTRUCTIONS, build, forget_visible
from rftkit.rewards.registry import grader
from rftkit.rewards.types import ASSISTANT_ROLES, Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # typing costs a Lambda cold start about 8 ms: annotations only
    from collections.abc import Callable
    from typing import Final

    from rftkit.rewards.ifeval.checks import Check

__all__ = ["ifeval", "loose_variants", "parse_reference"]

_HINT: Final = (
    'give each sample an IFEval reference, e.g. {"instruction_id_list": '
    '["punctuation:no_comma"], "kwargs": [{}]}'
)
_MAX_INSTRUCTIONS: Final = 64


def parse_reference(reference: object) -> list[tuple[str, Check]]:
    """``(instruction id, check)`` pairs of an IFEval reference, or :class:`GraderError`.

    Example:
        >>> [i for i, _ in parse_reference({"instruction_id_list": ["startend:quotation"]})]
        ['startend:quotation']
    """
    if isinstance(reference, str) and reference.lstrip().startswith("{"):
        try:
            reference = json.loads(reference)
        except ValueError:
            raise GraderError("ifeval: the reference is not valid JSON", hint=_HINT) from None
    if not isinstance(reference, dict):
        raise GraderError(
            f"ifeval: the reference must be an IFEval record, got {type(reference).__name__}",
            hint=_HINT,
        )
    ids = reference.get("instruction_id_list")
    if not isinstance(ids, list) or not ids or len(ids) > _MAX_INSTRUCTIONS:
        raise GraderError(
            "ifeval: the reference needs a non-empty 'instruction_id_list' "
            f"(at most {_MAX_INSTRUCTIONS})",
            hint=_HINT,
        )
    kwargs = reference.get("kwargs")
    if kwargs is None:
        kwargs = [{}] * len(ids)
    if not isinstance(kwargs, list) or len(kwargs) != len(ids):
        raise GraderError(
            "ifeval: 'kwargs' must be a list with one object per instruction", hint=_HINT
        )
    out = []
    for iid, given in zip(ids, kwargs, strict=True):
        kw = {} if given is None else given
        if not isinstance(iid, str) or not isinstance(kw, dict):
            raise GraderError(
                "ifeval: instruction ids must be strings and kwargs objects", hint=_HINT
            )
        try:
            out.append((iid, build(iid, kw)))
        except ValueError as exc:
            raise GraderError(f"ifeval: {exc}", hint=_unknown_hint(iid)) from None
    return out


def _unknown_hint(iid: str) -> str | None:
    if iid in INSTRUCTIONS:
        return None
    import difflib  # only on this error path: keeps the Lambda's cold start lean

    close = difflib.get_close_matches(iid, list(INSTRUCTIONS), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(close) + "?"
    return "known instructions: " + ", ".join(INSTRUCTIONS)


def loose_variants(text: str) -> list[str]:
    """The reply variants the loose mode tries (the non-empty ones), reply first.

    Example:
        >>> loose_variants("Sure! Here it is:\\n*hello*\\nHope it helps")
        ['Sure! Here it is:\\n*hello*\\nHope it helps', 'Sure! Here it is:\\nhello\\nHope it \
helps', '*hello*\\nHope it helps', 'Sure! Here it is:\\n*hello*', '*hello*', 'hello\\nHope it \
helps', 'Sure! Here it is:\\nhello', 'hello']
    """
    lines = text.split("\n")
    no_first = "\n".join(lines[1:]).strip()
    no_last = "\n".join(lines[:-1]).strip()
    no_both = "\n".join(lines[1:-1]).strip()
    out = []
    for v in (text, text.replace("*", ""), no_first, no_last, no_both):
        if v.strip():
            out.append(v)
    for v in (no_first, no_last, no_both):
        bare = v.replace("*", "")
        if bare.strip():
            out.append(bare)
    return out


def _response(sample: Sample) -> str:
    messages = sample.messages
    if messages:
        last = messages[-1]
        if type(last) is dict and last.get("role") in ASSISTANT_ROLES:
            content = last.get("content")
            if type(content) is str:
                return content
    return sample.completion


@grader(name="ifeval")
def ifeval(*, mode: str = "strict", aggregate: str = "mean") -> Callable[[Sample], Reward]:
    """IFEval verifiable instructions: fraction followed (or all-or-nothing).

    Args:
        mode: ``strict`` (the reply as it is) or ``loose`` (also the reply without its
            first/last line or without ``*``, as the paper's loose accuracy).
        aggregate: ``mean`` (fraction of instructions followed) or ``all`` (1.0 only when
            every instruction is followed).

    Example:
        >>> g = ifeval()
        >>> ref = {"instruction_id_list": ["punctuation:no_comma", "startend:quotation"],
        ...        "kwargs": [{}, {"keywords": None}]}
        >>> g(Sample.from_text(response='"No commas here."', reference=ref)).score
        1.0
        >>> g(Sample.from_text(response="Yes, here.", reference=ref)).score
        0.0
    """
    if mode not in ("strict", "loose"):
        raise GraderArgsError(f"ifeval: mode must be 'strict' or 'loose', got {mode!r}")
    if aggregate not in ("mean", "all"):
        raise GraderArgsError(f"ifeval: aggregate must be 'mean' or 'all', got {aggregate!r}")
    loose = mode == "loose"
    mean = aggregate == "mean"
    metric_cache: dict[tuple[str, bool], Metric] = {}

    def metric(iid: str, ok: bool) -> Metric:
        m = metric_cache.get((iid, ok))
        if m is None:
            m = Metric(iid, 1.0 if ok else 0.0, "Reward")
            if len(metric_cache) < 256:
                metric_cache[(iid, ok)] = m
        return m

    def grade(sample: Sample) -> Reward:
        checks = parse_reference(sample.reference)
        text = _response(sample)
        variants = loose_variants(text) if loose else [text] if text.strip() else []
        results: dict[str, bool] = {}
        followed = 0
        missed = []
        for iid, check in checks:
            ok = False
            for v in variants:
                if check(v):
                    ok = True
                    break
            if ok:
                followed += 1
            else:
                missed.append(iid)
            results[iid] = ok and results.get(iid, True)
        forget_visible()
        n = len(checks)
        score = followed / n if mean else float(followed == n)
        metrics = tuple(metric(iid, ok) for iid, ok in results.items())
        why = f"followed {followed}/{n}"
        if missed:
            why += "; not followed: " + ", ".join(missed)
        if not variants:
            why += " (empty reply)"
        return Reward(score, metrics, None, mode, (), why)

    return grade
