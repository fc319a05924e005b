"""The probe types, inputs, text helpers and the built-in registration list.

Everything a family module (``battery``, ``math``, ...) needs to define probes: it
decorates each generator with :func:`_builtin`, which appends it to ``_BUILTINS``; the
package ``__init__`` imports the family modules in report order.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Final, Literal, TypeAlias, overload

from rftkit.errors import PluginError, UsageError
from rftkit.rewards.extract import parse_reference, reference_text
from rftkit.rewards.number_words import _TEN_WORDS, _UNIT_WORDS
from rftkit.rewards.numbers import format_value

Verdict: TypeAlias = Literal["must_not_reward", "report_only", "control"]
"""What a probe's reward means: a failure, a fact to show, or a yardstick."""

FAMILIES: Final = ("control", "spraying", "format", "text", "degenerate", "judge", "ifeval")
"""Built-in families, in report order (user probes may add their own)."""

ENTRY_POINT_GROUP: Final = "rftkit.probes"
JUDGE_PERMISSION: Final = "bedrock:InvokeModel"

MEGABYTE: Final = 1_000_000
_VERDICTS: Final = ("must_not_reward", "report_only")
_WORK: Final = "Let me work through the problem step by step and check each step."
_FILLER: Final = "Here I keep thinking about the problem without saying anything new. "

ProbeFunc: TypeAlias = Callable[["ProbeInput"], "str | None"]

THINKING_FORMS: Final = (
    "<think>\n{t}\n</think>\n\n{r}",  # Qwen3, DeepSeek-R1
    "<thinking>\n{t}\n</thinking>\n{r}",  # Nova, prompted formats
    "<reasoning>{t}</reasoning>{r}",  # gpt-oss on Bedrock
    "<|channel|>analysis<|message|>{t}<|end|><|start|>assistant<|channel|>final<|message|>{r}"
    "<|return|>",  # gpt-oss harmony
    "analysis{t}assistantfinal{r}",  # harmony decoded without its special tokens
    "{t}\n</think>\n\n{r}",  # the opening tag in the prompt
)
"""The forms a reasoning model writes its thinking ``{t}`` and reply ``{r}`` in."""


def _in_thinking(index: int, thinking: str, reply: str) -> str:
    """``thinking`` then ``reply`` in one of :data:`THINKING_FORMS`, taken in turn by prompt.

    ``thinking`` starts with a capital (the harmony form without special tokens needs one).

    Example:
        >>> _in_thinking(2, "So 72?", "It is 73.")
        '<reasoning>So 72?</reasoning>It is 73.'
    """
    return THINKING_FORMS[index % len(THINKING_FORMS)].format(t=thinking, r=reply)


AnswerForm: TypeAlias = Literal["hash", "boxed", "sentence", "bare"]
"""How a final answer is written: ``#### N``, ``\\boxed{N}``, ``The answer is N.``, ``N``."""

ANSWER_FORMS: Final[tuple[AnswerForm, ...]] = ("hash", "boxed", "sentence", "bare")

FORM_PROBES: Final[Mapping[str, AnswerForm]] = {
    "correct_hash": "hash",
    "correct_boxed": "boxed",
    "correct_sentence": "sentence",
    "bare_answer": "bare",
}
"""The probes that measure how well the grader pays the correct answer in each form."""


def _final_line(form: str, answer: str) -> str:
    if form == "boxed":
        return f"So the final answer is $\\boxed{{{answer}}}$."
    if form == "sentence":
        return f"The answer is {answer}."
    if form == "bare":
        return answer
    return f"#### {answer}"


@dataclass(frozen=True, slots=True)
class ProbeInput:
    """What a probe builds its response from: one prompt and its reference answer.

    Attributes:
        index: the prompt's 0-based position in the dataset.
        reference: the answer as a model would write it (numbers in canonical form, ``2125``
            for ``2,125``; text as given).
        value: the reference's value when it is one number (``int`` or ``Fraction``).
        prompt: the text of the prompt's last user message.
        decoys: wrong answers of the same kind, none containing the reference as a substring
            (so a grader that merely searches for the reference cannot be paid by them).

    Example:
        >>> p = make_input(0, "72", prompt="How many?")
        >>> p.reference, p.integer, p.wrong
        ('72', 72, '73')
    """

    index: int
    reference: str
    value: int | Fraction | None
    prompt: str = ""
    decoys: tuple[str, ...] = ()
    form: AnswerForm = "hash"

    def final_line(self, answer: str) -> str:
        """``answer`` as a final-answer line in the form the grader pays best.

        Example:
            >>> p = make_input(0, "4", form="sentence")
            >>> p.final_line("5"), make_input(0, "4").final_line("5")
            ('The answer is 5.', '#### 5')
        """
        return _final_line(self.form, answer)

    def final(self, answer: str) -> str:
        """A whole reply: a line of working, then :meth:`final_line` (just the answer when
        the grader pays bare answers best).

        Example:
            >>> make_input(0, "4", form="bare").final("5")
            '5'
        """
        if self.form == "bare":
            return answer
        return f"{_WORK}\n{_final_line(self.form, answer)}"

    @property
    def integer(self) -> int | None:
        """The reference as an ``int`` when it is a whole number, else None."""
        v = self.value
        if isinstance(v, int):
            return v
        if isinstance(v, Fraction) and v.denominator == 1:
            return int(v)
        return None

    @property
    def wrong(self) -> str:
        """The first decoy: a plainly wrong answer of the same kind."""
        return self.decoys[0] if self.decoys else "unknown"

    @property
    def digits(self) -> bool:
        """The reference is a number written with ASCII digits (digit tricks apply)."""
        return self.value is not None and any(c.isdigit() for c in self.reference)


@dataclass(frozen=True, slots=True)
class Probe:
    """One adversarial response generator. Make probes with the :func:`probe` decorator.

    Attributes:
        name: unique name (``--only``/``--skip`` use it).
        family: the report section it belongs to.
        verdict: ``must_not_reward``, ``report_only`` or ``control``.
        why: one or two sentences: what it tries, and why its verdict is what it is.
        make: builds the response for one prompt, or returns None when it does not apply.
        judge_only: run only on model-judged graders.
        max_prompts: run on at most this many prompts (heavy probes, e.g. 1 MB replies).
        correct: the response states the reference correctly (used to measure what the
            grader pays a right answer).
        source: where the probe came from (``builtin``, a file, a distribution).
    """

    name: str
    family: str
    verdict: Verdict
    why: str
    make: ProbeFunc = field(repr=False, compare=False)
    judge_only: bool = False
    max_prompts: int | None = None
    correct: bool = False
    source: str = "builtin"

    def build(self, p: ProbeInput) -> str | None:
        """The response for ``p``, or None when the probe does not apply (never raises).

        Raises:
            PluginError: a user probe raised or returned something other than a string.
        """
        try:
            out = self.make(p)
        except Exception as exc:
            raise PluginError(
                f"probe {self.name!r} ({self.source}) raised {type(exc).__name__}: {exc}"
            ) from exc
        if out is not None and not isinstance(out, str):
            raise PluginError(
                f"probe {self.name!r} ({self.source}) returned {type(out).__name__}, "
                "expected a string or None"
            )
        return out


@overload
def probe(func: ProbeFunc, /) -> Probe: ...


@overload
def probe(
    *,
    name: str | None = None,
    family: str = "custom",
    verdict: Verdict = "must_not_reward",
    why: str | None = None,
    judge_only: bool = False,
    max_prompts: int | None = None,
) -> Callable[[ProbeFunc], Probe]: ...


def probe(
    func: ProbeFunc | None = None,
    /,
    *,
    name: str | None = None,
    family: str = "custom",
    verdict: Verdict = "must_not_reward",
    why: str | None = None,
    judge_only: bool = False,
    max_prompts: int | None = None,
) -> Probe | Callable[[ProbeFunc], Probe]:
    """Turn ``f(p: ProbeInput) -> str | None`` into a :class:`Probe`.

    Args:
        func: the generator (when used as a bare ``@probe``).
        name: the probe's name; defaults to the function's name.
        family: report section (``spraying``, ``format``, ``text``, ``degenerate``,
            ``judge`` or a name of your own).
        verdict: ``must_not_reward`` (the default: the audit fails when it is rewarded) or
            ``report_only``.
        why: what it tries and why that verdict; defaults to the docstring's first line.
        judge_only: run only on model-judged graders.
        max_prompts: run on at most this many prompts (for expensive probes).

    Example:
        >>> @probe(family="format", why="a question mark is not an answer")
        ... def just_a_question_mark(p):
        ...     return "?"
        >>> just_a_question_mark.name, just_a_question_mark.build(make_input(0, "4"))
        ('just_a_question_mark', '?')
    """

    def wrap(f: ProbeFunc) -> Probe:
        if not callable(f):
            raise UsageError(f"@probe needs a function, got {type(f).__name__}")
        if verdict not in _VERDICTS:
            raise UsageError(
                f"probe {name or getattr(f, '__name__', '?')!r}: verdict must be "
                f"'must_not_reward' or 'report_only', got {verdict!r}"
            )
        doc = (inspect.getdoc(f) or "").strip().splitlines()
        module = getattr(f, "__module__", None) or "?"
        return Probe(
            name=name or f.__name__,
            family=family,
            verdict=verdict,
            why=why or (doc[0] if doc else ""),
            make=f,
            judge_only=judge_only,
            max_prompts=max_prompts,
            source=module,
        )

    if func is not None:
        return wrap(func)
    return wrap


# -- inputs ------------------------------------------------------------------------------------


def _numeric_decoys(value: int | Fraction, ref: str, n: int = 12) -> tuple[str, ...]:
    """Wrong numbers near the reference, none containing it as a substring."""
    out: list[str] = []
    seen = {ref}
    # Offsets grow slowly, so decoys look like plausible near misses; a non-negative
    # reference gets non-negative decoys (a sign flip is a probe of its own).
    for step in range(1, 10_000):
        below = value - step
        for cand in (value + step, below) if below >= 0 or value < 0 else (value + step,):
            text = format_value(cand)
            if text not in seen and ref not in text:
                seen.add(text)
                out.append(text)
        if len(out) >= n:
            break
    return tuple(out[:n])


_TEXT_DECOYS: Final = (
    "blue",
    "seven",
    "none",
    "Tuesday",
    "elephant",
    "yes",
    "no",
    "maybe",
    "London",
    "purple",
    "unknown",
    "zero",
)


def _text_decoys(ref: str, others: Iterable[str], n: int = 12) -> tuple[str, ...]:
    low = ref.casefold()
    out: list[str] = []
    seen = {low}
    for cand in (*others, *_TEXT_DECOYS):
        c = cand.strip()
        key = c.casefold()
        if not c or key in seen or low in key or len(c) > 200:
            continue
        seen.add(key)
        out.append(c)
        if len(out) >= n:
            break
    if len(out) < n:
        # A reference that contains every stock decoy: invent decoys from letters it lacks,
        # which cannot contain it.
        used = set(low)
        letters = [
            chr(cp)
            for cp in range(0x61, 0x3000)
            if chr(cp).isalpha() and not set(chr(cp).casefold()) & used
        ][:64]
        k = 0
        while len(out) < n and letters:
            out.append(letters[k % len(letters)] * (k // len(letters) + 2))
            k += 1
    return tuple(out)


def _ifeval_reference_text(reference: Mapping[str, Any]) -> str | None:
    import json

    try:
        return json.dumps(dict(reference), sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return None


def make_input(
    index: int,
    reference: Any,
    *,
    prompt: str = "",
    other_references: Sequence[str] = (),
    form: AnswerForm = "hash",
) -> ProbeInput:
    """Build the :class:`ProbeInput` for one prompt from its raw ``reference_answer``.

    The reference may take any shape the graders accept (``72``, ``"2,125"``,
    ``{"final_answer": "72"}``, a GSM8K solution ending in ``#### 72``, ``"Paris"``).

    Args:
        index: the prompt's position in the dataset.
        reference: the record's ``reference_answer``.
        prompt: the prompt's last user message.
        other_references: references of other prompts (decoys for text answers).
        form: the answer form probes write their final answers in (see :meth:`ProbeInput.final`).

    Raises:
        UsageError: the reference holds no answer text.

    Example:
        >>> make_input(3, {"final_answer": "2,125"}).reference
        '2125'
        >>> make_input(0, "Paris", other_references=["Rome"]).decoys[:2]
        ('Rome', 'blue')
    """
    text = reference_text(reference)
    if text is None and isinstance(reference, Mapping) and "instruction_id_list" in reference:
        text = _ifeval_reference_text(reference)  # issue 16: IFEval records
    if text is None and isinstance(reference, list | dict) and reference:
        # A structured reference (expected tool calls, a schema, instructions): its JSON text,
        # which family-specific probes read back; generic probes treat it as a text answer.
        import json

        text = json.dumps(reference, ensure_ascii=False)
    if text is None:
        raise UsageError(f"prompt {index}: no usable reference answer")
    parsed = parse_reference(reference)
    number = parsed.number
    if text.startswith(("{", "[")):  # a JSON reference (json_schema) is text, not its numbers
        number = None
    if number is not None and not number.percent:
        value: int | Fraction | None = number.value
        canonical = format_value(number.value)
        decoys = _numeric_decoys(number.value, canonical)
        return ProbeInput(index, canonical, value, prompt, decoys, form)
    return ProbeInput(index, text, None, prompt, _text_decoys(text, other_references), form)


# -- text helpers ------------------------------------------------------------------------------

# The words the graders read (rftkit.rewards.number_words), written the other way round.
_ONES: Final = tuple(_UNIT_WORDS)
_TENS: Final = ("_", "_", *_TEN_WORDS)
_SCALES: Final = ((10**9, "billion"), (10**6, "million"), (1000, "thousand"))


def number_words(n: int) -> str:
    """English words for a whole number below 10**12 (``seventy-two``).

    Example:
        >>> number_words(72), number_words(2125), number_words(-3)
        ('seventy-two', 'two thousand one hundred twenty-five', 'minus three')

    Raises:
        ValueError: ``abs(n)`` is 10**12 or more.
    """
    if n < 0:
        return "minus " + number_words(-n)
    if n >= 10**12:
        raise ValueError("too large for words")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    for size, word in _SCALES:
        if n >= size:
            head, rest = divmod(n, size)
            return f"{number_words(head)} {word}" + (f" {number_words(rest)}" if rest else "")
    raise AssertionError("unreachable")  # pragma: no cover


def _map_digits(text: str, zero: int) -> str:
    return "".join(chr(zero + ord(c) - 48) if "0" <= c <= "9" else c for c in text)


_HOMOGLYPHS: Final = {"0": "O", "1": "l", "3": "\u0417"}  # Latin O, Latin l, Cyrillic Ze


def _misplaced_separator(digits: str) -> str | None:
    """A comma where no thousands grouping allows one (``7,2``, ``12,34``)."""
    if len(digits) < 2:
        return None
    if len(digits) == 2:
        return f"{digits[0]},{digits[1]}"
    return f"{digits[:-2]},{digits[-2:]}"


# -- the built-in battery ------------------------------------------------------------------------

_BUILTINS: list[Probe] = []


def _builtin(
    name: str,
    family: str,
    verdict: Verdict,
    why: str,
    *,
    judge_only: bool = False,
    max_prompts: int | None = None,
    correct: bool = False,
) -> Callable[[ProbeFunc], ProbeFunc]:
    def wrap(f: ProbeFunc) -> ProbeFunc:
        _BUILTINS.append(
            Probe(name, family, verdict, why, f, judge_only, max_prompts, correct, "builtin")
        )
        return f

    return wrap


def builtin_probes() -> list[Probe]:
    """Every built-in probe, controls first, in report order.

    Example:
        >>> names = [p.name for p in builtin_probes()]
        >>> "hash_lines" in names and "percent_sign" in names
        True
    """
    return list(_BUILTINS)  # every family module has registered by now (see __init__)
