"""The ``format`` grader: is the final answer written in the expected form, and if not, why.

Forms: ``hash`` (``#### N``, GSM8K), ``boxed`` (``\\boxed{N}``), ``answer_tag``
(``<answer>N</answer>``), ``answer_is`` ("The answer is N"), ``a_line`` (a last line
``A: N``), or ``regex`` with a user ``pattern``.

A reply passes when the form is present exactly once (or repeated with the same answer),
the answer is one number (``numeric``, the default), and nothing but whitespace and closing
marks follows it (``require_end``). Several different answers fail, as everywhere in rftkit
(see :mod:`rftkit.rewards.extract`). A user pattern is compiled once (at most 1,000
characters), refused at construction if it could backtrack for longer than linear time
(:mod:`rftkit.rewards.safe_regex`: nested or adjacent overlapping quantifiers,
backreferences), and run only on the last 4,096 characters of the reply, so its cost is
bounded whatever the reply; its named group ``answer`` (or first group) is the answer.
Standard library only.
"""

from __future__ import annotations

import re

from rftkit.errors import GraderArgsError
from rftkit.rewards.extract import (
    DEFAULT_MAX_CANDIDATES,
    DEFAULT_WINDOW,
    RULES,
    Extraction,
    Extractor,
)
from rftkit.rewards.numbers import normalize_unicode, parse_answer
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:  # Lambda path: no typing at run time (docs/architecture.md)
    from collections.abc import Callable, Sequence
    from typing import Final

    from rftkit.rewards.extract import Conflict

__all__ = ["FORMS", "FORM_LABELS", "check_format", "format_grader"]

FORM_LABELS: Final = {
    "hash": "'#### N'",
    "boxed": "'\\boxed{N}'",
    "answer_tag": "'<answer>N</answer>'",
    "answer_is": "'The answer is N'",
    "a_line": "'A: N'",
}
FORMS: Final = (*FORM_LABELS, "regex")
MAX_PATTERN: Final = 1000
REGEX_WINDOW: Final = 4096
_CLOSERS = " \t\r\n$.*`}])\\!_"

_REASONS = {
    "multiple_answers": "different answers in {label} form",
    "too_many_answers": "too many {label} answers",
    "several_numbers": "the {label} answer {answer!r} is not one number",
    "no_number": "the {label} answer {answer!r} holds no number",
    "expression": "the {label} answer {answer!r} is an expression, not a number",
    "number_too_large": "the {label} answer is too long a number",
    "answer_too_long": "the {label} answer is too long",
    "limit": "the {label} answer is unusable (unclosed, or over the size limit)",
}


def check_format(
    extraction: Extraction, forms: Sequence[str], *, require_end: bool = True
) -> tuple[bool, str]:
    """Decide whether an extraction is a well-formed final answer in one of ``forms``.

    Returns ``(ok, reason)``; the reason says what is wrong, or which form passed.

    Example:
        >>> check_format(Extractor()("so 18\\n#### 18"), ["hash"])
        (True, "final answer in '#### N' form")
        >>> check_format(Extractor()("so \\\\boxed{18}"), ["hash"])
        (False, "no final answer in '#### N' form (found one by rule boxed)")
    """
    labels = " or ".join(FORM_LABELS.get(f, repr(f)) for f in forms)
    rule = extraction.rule
    if rule is None or rule not in forms:
        found = f" (found one by rule {rule})" if rule is not None else ""
        return False, f"no final answer in {labels} form{found}"
    label = FORM_LABELS.get(rule, rule)
    if extraction.rejected is not None:
        template = _REASONS.get(extraction.rejected, "{label} answer rejected")
        answer = (extraction.answer or "")[:40]
        return False, template.format(label=label, answer=answer)
    if require_end and not extraction.at_end:
        return False, f"text follows the final {label} answer"
    return True, f"final answer in {label} form"


_OK = Metric("format_ok", 1.0, "Reward")
_FAIL = Metric("format_ok", 0.0, "Reward")
_COUNTS: dict[int, Metric] = {}


def _count(n: int) -> Metric:
    m = _COUNTS.get(n)
    if m is None:
        m = _COUNTS.setdefault(n, Metric("n_candidates", float(n), "Metric"))
    return m


def _compile(pattern: str) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise GraderArgsError("format: form 'regex' needs a non-empty 'pattern'")
    if len(pattern) > MAX_PATTERN:
        raise GraderArgsError(f"format: pattern is longer than {MAX_PATTERN} characters")
    try:
        rx = re.compile(pattern)
    except re.error as exc:
        raise GraderArgsError(f"format: pattern does not compile: {exc}") from None
    # Model output is hostile and Python's re backtracks: refuse any pattern whose matching
    # can take more than linear time per start position (imported here: regex form only).
    from rftkit.rewards.safe_regex import HINT, UnsafePattern, check_pattern

    try:
        check_pattern(pattern)
    except UnsafePattern as exc:
        raise GraderArgsError(
            f"format: pattern {pattern[:80]!r} can backtrack for a very long time on some "
            f"replies: {exc}",
            hint=HINT,
        ) from None
    return rx


def _regex_grader(
    rx: re.Pattern[str], *, require_end: bool, numeric: bool, max_candidates: int
) -> Callable[[Sample], Reward]:
    group: int | str = "answer" if "answer" in rx.groupindex else (1 if rx.groups else 0)

    def grade(sample: Sample) -> Reward:
        text = normalize_unicode(sample.completion[-REGEX_WINDOW:])
        matches: list[tuple[str, int]] = []
        for m in rx.finditer(text):
            matches.append(((m.group(group) or "").strip(), m.end()))
            if len(matches) > max_candidates:
                break
        if not matches:
            why = "no match for the format pattern"
            return Reward(0.0, (_FAIL, _count(0)), None, "regex", ("no_answer",), why)
        answer, end = matches[-1]
        keys: set[object] = set()
        last_problem: str | None = None
        for span, _ in matches:
            if numeric:
                parsed = parse_answer(span)
                last_problem = parsed.reason
                keys.add(parsed.number.value if parsed.number is not None else span)
            else:
                keys.add(span)
        n = len(keys)
        reason = ""
        if len(matches) > max_candidates:
            reason = "too_many_answers"
        elif n > 1:
            reason = "multiple_answers"
        elif numeric and last_problem is not None:
            reason = last_problem
        elif require_end and text[end:].strip(_CLOSERS):
            reason = "text_after_answer"
        if reason:
            why = {
                "too_many_answers": "too many matches of the format pattern",
                "multiple_answers": "different answers match the format pattern",
                "text_after_answer": "text follows the last match of the format pattern",
            }.get(reason, f"the matched answer {answer[:40]!r} is not one number")
            return Reward(0.0, (_FAIL, _count(n)), answer, "regex", (reason,), why)
        return Reward(1.0, (_OK, _count(n)), answer, "regex", (), "matches the format pattern")

    return grade


@grader(name="format")
def format_grader(
    *,
    form: str = "hash",
    pattern: str | None = None,
    require_end: bool = True,
    numeric: bool = True,
    conflict: Conflict = "reject",
    window: int = DEFAULT_WINDOW,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> Callable[[Sample], Reward]:
    """Score 1 when the final answer is in the expected form (#### N, boxed, tags, regex).

    Args:
        form: ``hash``, ``boxed``, ``answer_tag``, ``answer_is``, ``a_line`` or ``regex``.
        pattern: the regular expression for ``form="regex"`` (group ``answer`` or the
            first group is the answer).
        require_end: nothing but whitespace and closing marks may follow the answer.
        numeric: the answer must be one number.
        conflict: see :class:`~rftkit.rewards.extract.Extractor`.
        window: characters read from the end of the reply.
        max_candidates: more answers than this fail the format.

    Example:
        >>> g = format_grader(form="boxed")
        >>> g(Sample.from_text(response="so \\\\boxed{18}.")).score
        1.0
        >>> g(Sample.from_text(response="so 18")).explanation
        "no final answer in '\\\\boxed{N}' form (found one by rule last_number)"
    """
    if form not in FORMS:
        raise GraderArgsError(f"format: unknown form {form!r}; known: {', '.join(FORMS)}")
    if form == "regex":
        rx = _compile(pattern or "")
        return _regex_grader(
            rx, require_end=require_end, numeric=numeric, max_candidates=max_candidates
        )
    if pattern is not None:
        raise GraderArgsError("format: 'pattern' is only used with form='regex'")
    # Extract with every rule so a failure can say what the reply did instead.
    extractor = Extractor(
        (form, *(r for r in RULES if r != form)),
        window=window,
        max_candidates=max_candidates,
        conflict=conflict,
        numeric=numeric,
    )
    forms = (form,)

    def grade(sample: Sample) -> Reward:
        ext = extractor(sample.completion)
        ok, why = check_format(ext, forms, require_end=require_end)
        metrics = (_OK if ok else _FAIL, _count(ext.n_candidates))
        return Reward(1.0 if ok else 0.0, metrics, ext.answer, ext.rule, ext.flags, why)

    return grade
