"""Final-answer extraction: explicit, named, ordered rules.

Standard library only: this module ships inside every reward Lambda.

Rules, in the default order (the first rule that finds an answer decides; later rules are
not consulted). The order is the policy for replies holding several forms: a marker the
model writes on purpose to state its answer outranks prose, and the computed output of a
program outranks the sentence that restates it (docs/graders.md has the full policy):

================== ======================================================================
``hash``           ``#### 72``: the text after ``####`` to the end of its line. In numeric
                   mode the text must start like a number, so a Markdown heading such as
                   ``#### Step 2`` is not an answer.
``boxed``          ``\\boxed{...}``, braces balanced (nested ``\\frac{}{}`` is fine).
``answer_tag``     ``<answer>...</answer>``.
``tool_output``    the printed output of the last program, a fenced ````output`` block
                   that no other code block follows, when it holds one number; the
                   sentence restating it may mention other numbers (minutes, counts), but
                   a correction or a label offering another output is several answers.
``answer_is``      "the answer is N", "final answer: N", "Answer = N", "the answer would
                   (will, should, could) be N", "answers are ...", to the end of the
                   sentence or line; Minerva's ``Final Answer: The final answer is N.`` is
                   one statement.
``a_line``         a last line ``A: N`` whose text starts like a number.
``bold``           bold numbers on the last line (``So she makes **$18** a day.``); a bold
                   label (``**Step 3:**``) is not an answer.
``final_sentence`` the last sentence of a finished reply: the result of its last ``=``
                   (unless a later clause restates a number), else its last number (with
                   the prompt: the one number the question does not give, :mod:`.givens`;
                   a time frame closing it is context, :mod:`.time_frames`: ``in 10 weeks``);
                   small numbers in words when it has no digit (``Three trucks``).
``last_number``    the last number of a finished reply, read in its sentence.
================== ======================================================================

**Several answers (the anti-spraying policy).** A response that lists candidates must not
collect the reward, so for the rule that fires:

* every occurrence of its marker counts; when they hold *different* answers (compared by
  value in numeric mode: ``1,000`` and ``1000`` are the same answer) the extraction is
  rejected with ``multiple_answers`` (``conflict="reject"``, the default; ``"last"`` or
  ``"first"`` keep one of them instead);
* more than ``max_candidates`` occurrences (default 16) is rejected as
  ``too_many_answers``, even if they agree;
* one answer that holds several numbers (``#### 12, 15``, ``\\boxed{12 or 15}``, ``1,5``)
  is rejected as ``several_numbers``; an equation that does not hold (``#### 5 = 72``,
  ``#### 70, 71, 73 = 72``) offers each side as an answer: ``multiple_answers``;
* the final sentence (and the last number) is rejected as ``multiple_answers`` when its
  answer is joined to a different number by a hedge (``72 or 73``, ``72, 73``,
  ``between 70 and 75``, ``72-73``) or a restating clause (``18 per day, which is 130 per
  week``; a true conversion is one value: :mod:`.conversions`), and an answer statement,
  bold answer, ``####`` line, box or tag when a later concluding sentence states another
  value (``The answer is 18. Wait, ... So she makes 20 dollars.``, ``#### 18\nActually, ... 20``).

**Unusable answers are a limit, never a fallback.** A marker that cannot be read (a box, tag
or output block that never closes, an answer over 2,000 characters, a marker only before the
window) rejects the extraction as ``limit``: no later rule may read a number out of it.

**Replies cut off.** ``final_sentence`` and ``last_number`` read only a reply that ended
(:func:`finished`; flag ``cut_off`` otherwise). A reply that goes on to a new few-shot
question (a line ``Q:``) is read up to it (flag ``continuation``). A check after the answer
(flag ``verification``), a justification or a comparison is not read (:mod:`.checks_after`).
A rejected answer is still reported (``answer``, ``rule``) so a report can show it.

**Bounds.** Only the last ``window`` characters (default 32,768) are read (flag
``truncated`` otherwise); an answer text is at most 2,000 characters, at most 256 markers
are read per rule, and every pattern is linear: a megabyte costs about as much as a line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rftkit.rewards.alternatives import FIRST as _ALT
from rftkit.rewards.alternatives import GUARDS as _GUARDS
from rftkit.rewards.alternatives import HOPE as _HOPE
from rftkit.rewards.alternatives import concluded, offered_last, remark_hedges
from rftkit.rewards.asked_statements import asked_statement
from rftkit.rewards.asked_units import asked_reading
from rftkit.rewards.bounds import bounded
from rftkit.rewards.bracket_remarks import bracket_remark
from rftkit.rewards.breakdowns import MARKS, read_breakdown
from rftkit.rewards.checks_after import _probe, checked, first_tail, unreasoned
from rftkit.rewards.clock_times import clock_answer, clock_reading
from rftkit.rewards.closings import CLOSING_HEADS as _HEADS
from rftkit.rewards.closings import asked, closing_head, confidence_at, confident_answer
from rftkit.rewards.comparisons import compared
from rftkit.rewards.conversions import _ENDS as _CONV_ENDS
from rftkit.rewards.conversions import converted
from rftkit.rewards.describing import described
from rftkit.rewards.dozens import dozen_answer, dozen_reading
from rftkit.rewards.equation_hedges import hedge_before_bracket
from rftkit.rewards.equations import bound_number, equations_hold, names_pi, parse_answer
from rftkit.rewards.explanations import explained
from rftkit.rewards.extract_probes import _CLOSERS, _continuation, _newline_q, _plain_hash
from rftkit.rewards.extract_rules import (
    _NUMBER_START,
    _PROBES,
    _RULE_FUNCS,
    _STRICT_RULES,
    _WINDOW_MARKERS,
    _rule_a_line,
    _rule_answer_is,
    _rule_answer_tag,
    _rule_bold,
    _rule_boxed,
    _rule_hash,
    _rule_tool_output,
    closing_remark,
    hedging_remark,
    last_statement,
)
from rftkit.rewards.extraction import (
    _CUT_OFF,
    _SIZE_REASONS,
    _THINKING_CUT_OFF,
    Extraction,
    _limit,
    _new,
    _several,
    _shortcut,
    _text_key,
)
from rftkit.rewards.givens import given_reading
from rftkit.rewards.hypotheticals import STARTS as _HYP_OPEN
from rftkit.rewards.hypotheticals import hypothetical, may_suppose
from rftkit.rewards.noun_modifiers import unmodified
from rftkit.rewards.noun_readings import noun_reading
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import (
    ParseResult,
    clean_latex,
    has_digit,
    normalize_unicode,
    scan,
    strip_calculator_annotations,
)
from rftkit.rewards.offers import _NEAR, REACH, _near, may_offer, named_answer, offered_final
from rftkit.rewards.offers import MARKER_RULES as _NAMED
from rftkit.rewards.quantities import (
    compound_near,
    money_in_words,
    rewrite_compounds,
    spelled_compounds,
)
from rftkit.rewards.references import Reference, parse_reference, reference_cache, reference_text
from rftkit.rewards.relations import UNCHANGED, related, statement
from rftkit.rewards.second_answers import other_value, restating_remark, second_in_words
from rftkit.rewards.sentence_patterns import last_numbers, one_equation, plain_tail
from rftkit.rewards.sentences import (
    _FINISHER_CHARS,
    _clause_break,
    _last_digit,
    _sentence_end,
    _sentence_start,
    drop_modifiers,
    droppable,
    finished,
    is_hedge,
    neighbours,
)
from rftkit.rewards.spoken_fractions import spoken, spoken_sentence
from rftkit.rewards.thinking import after_thinking, may_hold_thinking
from rftkit.rewards.time_frames import time_frame
from rftkit.rewards.tool_outputs import output_answer

# No typing at run time: a reward Lambda imports this module at every cold start, and typing
# alone costs about 8 ms. The type aliases exist for type checkers only (``Conflict`` is
# still importable: see ``__getattr__``) and the records are collections.namedtuple.
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final, Literal, TypeAlias

    Conflict: TypeAlias = Literal["reject", "last", "first"]
    _Candidate: TypeAlias = tuple[str, int]  # (answer text, end position in the examined text)
    _RuleFunc: TypeAlias = Callable[[str, bool, int, list[str]], "list[_Candidate] | None"]
    _Step: TypeAlias = tuple[str, "_RuleFunc | None", "str | None", "str | None"]

__all__ = [
    "DEFAULT_MAX_CANDIDATES",
    "DEFAULT_WINDOW",
    "RULES",
    "Conflict",
    "Extraction",
    "Extractor",
    "Reference",
    "after_thinking",
    "finished",
    "is_hedge",
    "parse_reference",
    "reference_cache",
    "reference_text",
]

RULES: Final = (
    "hash",
    "boxed",
    "answer_tag",
    "tool_output",
    "answer_is",
    "a_line",
    "bold",
    "final_sentence",
    "last_number",
)
"""Every rule name, in the default order."""

DEFAULT_WINDOW: Final = 32_768
DEFAULT_MAX_CANDIDATES: Final = 16


def __getattr__(name: str) -> Any:
    if name == "Conflict":  # a typing-only alias, built on first access
        from typing import Literal

        value = Literal["reject", "last", "first"]
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- the extractor ---------------------------------------------------------------------------


class Extractor:
    """Finds the final answer in a reply with ordered, named rules.

    Args:
        rules: rule names to try, in order (see :data:`RULES`).
        window: characters read from the end of the reply.
        max_candidates: more occurrences than this rejects the answer (``too_many_answers``).
        conflict: what to do when the firing rule finds different answers: ``reject``
            (default), or keep the ``last`` or ``first`` one.
        numeric: answers are numbers: parse them, compare candidates by value, and skip
            markers whose text holds no number (``#### Step 2``).

    Raises:
        ValueError: an unknown rule name or an out-of-range option.

    Example:
        >>> ex = Extractor(["boxed", "last_number"])
        >>> ex("so the total is \\\\boxed{1,234}.").number
        Number(value=1234, percent=False)
        >>> ex("I think it is 15.").rule
        'last_number'
    """

    __slots__ = (
        "_default",
        "_funcs",
        "_hash_first",
        "_steps",
        "conflict",
        "max_candidates",
        "numeric",
        "rules",
        "window",
    )

    def __init__(
        self,
        rules: Iterable[str] = RULES,
        *,
        window: int = DEFAULT_WINDOW,
        max_candidates: int = DEFAULT_MAX_CANDIDATES,
        conflict: Conflict = "reject",
        numeric: bool = True,
    ) -> None:
        if isinstance(rules, str):
            rules = [rules]
        names = tuple(rules)
        unknown = [r for r in names if r not in RULES]
        if unknown:
            raise ValueError(f"unknown extraction rule(s) {unknown}; known: {', '.join(RULES)}")
        if not names:
            raise ValueError(f"at least one extraction rule is needed; known: {', '.join(RULES)}")
        if len(set(names)) != len(names):
            raise ValueError(f"extraction rules listed twice: {list(names)}")
        if not isinstance(window, int) or not 64 <= window <= 10_000_000:
            raise ValueError(f"window must be an integer in 64..10000000, got {window!r}")
        if not isinstance(max_candidates, int) or not 1 <= max_candidates <= 1000:
            raise ValueError(f"max_candidates must be in 1..1000, got {max_candidates!r}")
        if conflict not in ("reject", "last", "first"):
            raise ValueError(f"conflict must be 'reject', 'last' or 'first', got {conflict!r}")
        self.rules = names
        self.window = window
        self.max_candidates = max_candidates
        self.conflict = conflict
        self.numeric = numeric
        self._funcs = tuple((name, _RULE_FUNCS.get(name)) for name in names)
        # (name, rule function or None, a text the rule needs, another it may need instead)
        steps: list[_Step] = []
        for name, func in self._funcs:
            probes = _PROBES.get(name, ())
            first = probes[0] if probes else None
            second = probes[1] if len(probes) > 1 else None
            steps.append((name, func, first, second))
        self._steps = tuple(steps)
        self._hash_first = numeric and names[0] == "hash"
        self._default = numeric and names == RULES

    def prepare(self, text: str) -> tuple[str, list[str]]:
        """The examined text (tail window, annotations removed, Unicode normalised), flags.

        In numeric mode a reply that goes on to a new few-shot question (a line starting
        ``Q:`` or ``Question:`` after the answer) is read only up to it (flag
        ``continuation``): the model's answer to *this* question comes before.
        """
        flags: list[str] = []
        t = text
        if len(t) > self.window:
            t = t[-self.window :]
            flags.append("truncated")
        if "<" in t and "<<" in t:
            t = strip_calculator_annotations(t)
        if not t.isascii():
            t = normalize_unicode(t)
        # From the end: a new question follows the answer, near the end of the reply.
        if self.numeric and "Q" in t and t.rfind("\nQ") != -1:
            cut = _continuation(t)
            if cut != -1:
                t = t[:cut]
                flags.append("continuation")
        return t, flags

    def __call__(self, text: str, *, prompt: object = None) -> Extraction:
        """The final answer in ``text`` (``prompt``: the question, see :mod:`.givens`)."""
        return self.read(text, prompt)

    def read(self, text: str, prompt: object = None, hashes: bool | None = None) -> Extraction:
        """:meth:`__call__`, told whether ``text`` holds "####" (None: unknown; see gsm8k)."""
        if prompt is not None and "z" in text and "ozen" in text:  # "#### 2 dozen" (dozens)
            return self.general(text, prompt)
        if ("<" in text and may_hold_thinking(text)) or "analysis" <= text < "analysit":
            # A reasoning model's answer follows its thinking (may_hold_thinking, no "<" inline).
            answer_part = after_thinking(text)
            if answer_part is None:
                return _THINKING_CUT_OFF
            text, hashes = answer_part, None
        if self._default and len(text) <= self.window:
            if hashes is None:  # (a code comment holds "#" and no "####")
                hashes = "#" in text and "####" in text
            if hashes:
                found = _plain_hash(text)
                if found is not None:
                    return found
            if (
                text.isascii()
                # memchr searches first: most replies hold no "<" and no "Q" at all.
                and ("<" not in text or "<<" not in text)
                and ("Q" not in text or not _newline_q(text))
            ):
                return self.unrolled(text, prompt, hashes)
            # Calculator annotations or non-ASCII characters (a curly quote, a "½"): what
            # general() does after prepare(), when prepare() flags nothing, is unrolled().
            t, flags = self.prepare(text)
            if not flags:
                return self.unrolled(t, prompt)
            return self._general(text, t, flags, prompt)
        if self._hash_first and len(text) <= self.window and "#" in text:
            found = _plain_hash(text)
            if found is not None:
                return found
        return self.general(text, prompt)

    def unrolled(self, t: str, prompt: object = None, hashes: bool | None = None) -> Extraction:
        """:meth:`general` for the default rules on a text :meth:`prepare` leaves unchanged.

        The same rule functions in the same order, each behind the same probe, without the
        generic loop (for tests: it must equal :meth:`general` on such a text). ``hashes``:
        as :meth:`read`'s (the hash rule finds nothing without "####").
        """
        flags: list[str] = []
        cap = self.max_candidates
        candidates: list[_Candidate] | None
        if ("#" in t and "####" in t) if hashes is None else hashes:
            candidates = _rule_hash(t, True, cap, flags)
            if candidates is None:
                return _limit("hash", flags)
            if candidates:
                stated = self._decide("hash", candidates, t, flags)
                return stated if stated.at_end else self._concluded(stated, t, candidates)
        if "\\" in t:
            candidates = _rule_boxed(t, True, cap, flags)
            if candidates is None:
                return _limit("boxed", flags)
            if candidates:
                stated = self._decide("boxed", candidates, t, flags)
                return stated if stated.at_end else self._concluded(stated, t, candidates)
        if "<" in t:
            candidates = _rule_answer_tag(t, True, cap, flags)
            if candidates is None:
                return _limit("answer_tag", flags)
            if candidates:
                stated = self._decide("answer_tag", candidates, t, flags)
                return stated if stated.at_end else self._concluded(stated, t, candidates)
        if "`" in t:
            candidates = _rule_tool_output(t, True, cap, flags)
            if candidates is None:
                return _limit("tool_output", flags)
            if candidates:
                return self._decide("tool_output", candidates, t, flags)
        # From the end: a statement is near the end of the reply, so the search is short;
        # "N" (one memchr) before the search for "NSWER", which few replies hold.
        if (nswer := (i := t.rfind("nswer")) != -1) or ("N" in t and "NSWER" in t):
            # (Not for Minerva's ending, "... I hope it is correct.": a stop follows its answer.)
            if nswer and t[-2] != "t" and (x := last_statement(t, i)) is not None:
                if x:  # what the rule reads as [(x, len(t))]: the answer ends the reply
                    return self._decide("answer_is", [(x, len(t))], t, flags)
                candidates = None  # the rule reads nothing ("find the answer step by step")
            else:
                candidates = _rule_answer_is(t, True, cap, flags)
            if candidates:
                stated = self._decide("answer_is", candidates, t, flags)
                if stated.at_end or t.endswith(_HOPE):
                    return stated  # nothing, or Minerva's closing sentence, follows it
                return self._concluded(stated, t, candidates)
        if ":" in t:
            candidates = _rule_a_line(t, True, cap, flags)
            if candidates:
                return self._decide("a_line", candidates, t, flags)
        if "*" in t:
            candidates = _rule_bold(t, True, cap, flags)
            if candidates:
                stated = self._decide("bold", candidates, t, flags)
                if stated.at_end or t.endswith(_HOPE):
                    return stated
                return self._concluded(stated, t, candidates)
        if not finished(t):
            if not flags:
                return _CUT_OFF
            flags.append("cut_off")
        elif (nswer or _probe(t)) and (  # (all checked() reads in most replies: its probe)
            found := checked(self, t, flags, prompt, False, nswer)
        ) is not None:
            return found  # an answer, then a check of it: the answer is read (checks_after)
        else:
            # final_sentence as _weak reads it on a finished reply, then last_number.
            body = t.rstrip()
            sentence = body[_sentence_start(body, len(body.rstrip(_FINISHER_CHARS))) :]
            if (
                sentence[:3] in _HEADS
                and closing_head(sentence)
                and (found := checked(self, t, flags, prompt, True))
            ):
                return found  # "... Let me know if you'd like it by week (7 days)." (closings)
            found = self._final("final_sentence", sentence, flags, prompt, body)
            if found is None:
                found = self._weak("last_number", t, flags, [True], prompt)
            if found is not None:
                return found
        return _new(Extraction, (None, None, None, 0, (*flags, "no_answer"), False, "no_answer"))

    def general(self, text: str, prompt: object = None) -> Extraction:
        """:meth:`__call__` without its fast path for ``#### N`` replies (for tests)."""
        if may_hold_thinking(text):
            answer_part = after_thinking(text)
            if answer_part is None:
                return _THINKING_CUT_OFF
            text = answer_part
        if (
            len(text) > self.window
            or not text.isascii()
            or ("<" in text and "<<" in text)
            or (self.numeric and "Q" in text and "\nQ" in text)
        ):
            t, flags = self.prepare(text)
        else:
            t, flags = text, []  # what prepare() returns for a short plain ASCII reply
        return dozen_answer(self._general(text, t, flags, prompt), prompt)

    def _general(self, text: str, t: str, flags: list[str], prompt: object = None) -> Extraction:
        """:meth:`general` on ``prepare(text) == (t, flags)``."""
        cap = self.max_candidates
        found: Extraction | None = None
        fired = len(self._funcs)
        state: list[bool] = []  # finished(t), computed once when a weak rule needs it
        index = -1
        tail = first_tail(self)  # the first weak rule: an answer, then a check (checks_after)
        for name, func, probe, probe2 in self._steps:
            index += 1
            if index == tail and (found := checked(self, t, flags, prompt)) is not None:
                fired = index
                break
            if probe is not None and probe not in t and (probe2 is None or probe2 not in t):
                continue  # the rule's marker is not in the text: it cannot fire
            if func is None:  # final_sentence / last_number
                found = self._weak(name, t, flags, state, prompt)
            else:
                candidates = func(t, self.numeric, cap, flags)
                if candidates is None:
                    return _limit(name, flags)
                if candidates:
                    found = self._concluded(self._decide(name, candidates, t, flags), t, candidates)
            if found is not None:
                fired = index
                break
        if len(text) > self.window:
            # A rule that outranks the one that fired has its marker only in the text
            # before the window (a box opened 40,000 characters before the end): that
            # answer is unusable, and no weaker rule may stand in for it.
            head = text[: len(text) - self.window + 16]
            for name, _ in self._funcs[:fired]:
                marker = _WINDOW_MARKERS.get(name)
                if marker is None:
                    continue
                k = head.rfind(marker)
                if k == -1:
                    continue
                if name == "hash" and self.numeric:
                    # A Markdown heading ("#### Step 2") is no answer line, here as inside.
                    after = text[k : k + 64].lstrip("#").lstrip()
                    if not after or after[0] not in _NUMBER_START:
                        continue
                flags.append("marker_before_window")
                return _limit(name, flags)
        if found is not None:
            return found
        return _new(Extraction, (None, None, None, 0, (*flags, "no_answer"), False, "no_answer"))

    _concluded = concluded  # several answers when a later one follows (alternatives)

    def _weak(
        self, name: str, t: str, flags: list[str], state: list[bool], prompt: object = None
    ) -> Extraction | None:
        """The final-sentence and last-number rules: only on a reply that ended."""
        if not state:
            state.append(finished(t))
            if not state[0]:
                flags.append("cut_off")
        if not state[0]:
            return None
        if name == "final_sentence":
            body = t.rstrip()
            s = body[_sentence_start(body, len(body.rstrip(_FINISHER_CHARS))) :]
            if (
                s[:3] in _HEADS
                and closing_head(s)
                and (found := checked(self, t, flags, prompt, True))
            ):
                return found
            return self._final(name, s, flags, prompt, body)
        k = _last_digit(t)
        if k == -1:
            return None
        s = t[_sentence_start(t, k) : (e := _sentence_end(t, k))]
        if s[:1] in MARKS and (bd := read_breakdown(self, name, t[:e], flags, prompt)) is not False:
            # "| 9 | 2 |\n\nHope it helps!" (breakdowns), "- 18\n- 20\nNot sure." (offers)
            return offered_final(self, bd, s, t[:e].rstrip(), prompt) if may_offer(s) else bd
        if s[:3] in _HEADS and closing_head(s) and (found := checked(self, t, flags, prompt, True)):
            return found
        found = self._statement(name, s, False, flags, t[:e])
        found = noun_reading(self, name, found, s, False, flags, prompt) if "=" not in s else found
        found = converted(self, name, found, s.rstrip(), False, flags, prompt)  # (conversions)
        found = given_reading(time_frame(self, name, found, s, False, flags, prompt), s, prompt)
        found = bounded(self, name, found, s, False, flags)
        found = dozen_reading(found, s, prompt) if "z" in s else found
        if may_offer(s):  # "She makes $18. It could also be $20. Hope this helps!" (offers)
            found = offered_final(self, found, s, t[:e].rstrip(), prompt)
        return asked(found, s) if "?" in s else found

    def _final(
        self, name: str, s: str, flags: list[str], prompt: object, body: str
    ) -> Extraction | None:
        """The final-sentence rule's reading of ``s``, the final sentence of ``body``."""
        if "onfiden" in s and (k := confidence_at(s)) > 0:  # "$18, confidence 90%."
            body, s = body[: len(body) - len(s)] + s[:k] + ".", s[:k] + "."  # (closings)
        if s[:1] in MARKS and (bd := read_breakdown(self, name, body, flags, prompt)) is not False:
            return bd  # "| 9 | $2 |" after "So she makes $18." (breakdowns)
        found = self._statement(name, s, True, flags, body)
        if s[s.rfind(" ") + 1 :] in _CONV_ENDS:  # "$18 a day, or $126 a week" (conversions)
            found = converted(self, name, found, s, True, flags, prompt)
        if "=" not in s:  # an equation's result is read: none of these reads it
            found = noun_reading(self, name, found, s, True, flags, prompt)  # "a 400m track"
            found = explained(self, found, s, body, flags)  # "... 9 eggs at $2."
            if found is not None and found.number is not None:  # (time_frame reads no other)
                found = time_frame(self, name, found, s, True, flags, prompt, body)
            if prompt is not None and found is not None:
                found = given_reading(found, s, prompt)  # read by the givens
                found = asked_reading(found, s, prompt)  # "$18 ... 9 eggs" (asked_units)
                found = asked_statement(found, s, body, prompt)  # "$18. 7 eggs." (asked_statements)
        found = dozen_reading(found, s, prompt) if "z" in s else found  # "2 dozen" (dozens)
        if found is not None and found.number is not None:  # (bounded reads no other)
            found = bounded(self, name, found, s, True, flags)  # "more than 18" (bounds)
        if "?" in s:
            found = asked(found, s)  # "So it's 66?" states nothing (closings)
        if (h := s[:2]) in _ALT and (h not in _GUARDS or s[2:6] in _GUARDS[h]):
            found = offered_last(self, found, s, body)  # "Or maybe $20." (alternatives)
        if " if " in s or s.startswith(_HYP_OPEN) or ("=" not in s and may_suppose(s)):
            found = hypothetical(self, name, found, s, flags, prompt, body)  # (hypotheticals)
        if "(" in s[:6] and ")" in s[-4:]:  # "... $18 a day. (9 x $2)" (bracket_remarks)
            found = bracket_remark(self, name, found, s, flags, prompt, body)
        return offered_final(self, found, s, body, prompt) if may_offer(s) else found  # (offers)

    def _statement(
        self, rule: str, sentence: str, words: bool, flags: list[str], body: object = None
    ) -> Extraction | None:
        """:meth:`_sentence_answer`, with what lies beside its numbers read too.

        A bracketed remark that closes the sentence is read apart: ``She makes 18 dollars
        a day (9 eggs x $2).`` explains its answer (18), ``So she has 18 apples (or 20).``
        offers another value (:func:`extract_rules.hedging_remark`): several answers. Only
        when the text before the remark holds a number (one ``)`` search for other
        sentences). And a number in words joined by ``or`` to one in digits
        (``72 or seventy-three apples``), or a clause that restates the answer as another
        number (:func:`second_answers.second_in_words`), is a second answer. Cents in words
        are read in digits (:func:`quantities.spelled_compounds`; pence, measures are not).
        """
        found: Extraction | None
        if "\\" in sentence and "\\(" in sentence:  # "\\(\\$18\\) a day": no brackets (memchr)
            sentence = sentence.replace("\\(", " ").replace("\\)", " ")
        if ("wh" in sentence or "that" in sentence) and (  # (its probe: a call less)
            found := described(self, rule, sentence, words, flags, body)
        ):
            return found  # "$18 a day, which is the money from 9 eggs": 18 (describing)
        if found := compared(self, rule, sentence, words, flags, body):
            return found  # "18 pages, above his goal of 15": 18 (comparisons)
        if ":" in sentence and (
            found := clock_reading(self, rule, sentence, words, flags, body=body)
        ):
            return found  # "finishing at 6:48 pm": a time of day is one value (clock_times)
        sentence = unmodified(unreasoned(sentence))  # no "since 3 + 9 = 12", "a 20% discount"
        if "cent" in sentence:  # "18 dollars and fifty cents": as in digits
            sentence = spelled_compounds(sentence)
        if "and" in sentence or "alf" in sentence or "q" in sentence:  # (and see below)
            sentence = spoken_sentence(sentence)  # "2 and a half hours": as "2 1/2 hours"
        if body is not False and related(sentence):  # "18, not 20": relations.statement
            read = statement(self, rule, sentence, words, flags, body=body)
            if read is not UNCHANGED:
                return read  # type: ignore[return-value]
        if paren := ")" in sentence:
            k = closing_remark(sentence)
            if k != -1:
                found = self._sentence_answer(rule, sentence[:k], words, flags)
                if found is None or found.rejected is not None:
                    return found
                remark = sentence[k + 1 :]
                if (
                    hedging_remark(remark)
                    or hedge_before_bracket(sentence[:k], remark)
                    or remark_hedges(remark)  # "($18 or $20)" (alternatives)
                    or restating_remark(sentence[:k], remark, found.number)  # "$18 (~$20)"
                ):
                    close = remark.find(")")
                    if other_value(found.number, found.answer, scan(clean_latex(remark[:close]))):
                        return _several(found, rule, flags)
                sentence = sentence[:k]
                if " or " not in sentence and not (
                    "which" in sentence or "i.e" in sentence or "that is" in sentence
                ):
                    return found  # nothing for second_in_words
                if second_in_words(found.number, found.answer, sentence):
                    return _several(found, rule, flags)
                return found
        found = self._sentence_answer(rule, sentence, words, flags)
        if found is None or found.rejected is not None:
            return found
        if " or " not in sentence and not (
            "which" in sentence or "i.e" in sentence or "that is" in sentence or paren
        ):
            return found  # no "or", no restating word, no bracket: nothing for second_in_words
        if second_in_words(found.number, found.answer, sentence):
            return _several(found, rule, flags)
        return found

    def _sentence_answer(
        self, rule: str, sentence: str, words: bool, flags: list[str]
    ) -> Extraction | None:
        s = clean_latex(sentence)
        if (("pi" in s or not s.isascii()) and names_pi(s)) or "sqrt" in s:
            return self._sentence_tokens(rule, sentence, words, flags, s)  # bound_number's
        if "=" in s:  # (memchr; the last "=" is searched for only when plain_tail needs it)
            read = one_equation(s)
            if read is not None:
                # "... 20+25 = 45 napkins.", "= 20 flowers, so the total is 23.": one
                # equation, its result and at most one later number, read by one pattern.
                if read[2] is not None and droppable(sentence):
                    return self._sentence_tokens(rule, sentence, words, flags, s)
                return _shortcut(rule, read, flags, self.numeric)
            read = plain_tail(s, s.rfind("="))
            if read is not None:
                # "= 72 clips.", "= 11 desserts, so the total is 11.": after the last "=", a
                # plain integer (the result), at most one more, and no other digit.
                if read[2] is not None and droppable(sentence):
                    return self._sentence_tokens(rule, sentence, words, flags, s)
                return _shortcut(rule, read, flags, self.numeric)
        else:
            read = last_numbers(s)
            if read is not None:
                # "... a total of 27 kilometers.", "either 59 or 60 in total.": the last
                # number and the one before it, read by one pattern.
                if read[2] is not None and droppable(sentence):
                    return self._sentence_tokens(rule, sentence, words, flags, s)
                return _shortcut(rule, read, flags, self.numeric)
            if not has_digit(s):  # "So ten is the total.": no token to scan
                return self._sentence_tokens(rule, sentence, words, flags, s, digit_free=True)
        return self._sentence_tokens(rule, sentence, words, flags, s)

    def _sentence_tokens(
        self,
        rule: str,
        sentence: str,
        words: bool,
        flags: list[str],
        cleaned: str | None = None,
        *,
        digit_free: bool = False,
    ) -> Extraction | None:
        """:meth:`_sentence_answer` by the sentence's number tokens (its general reading).

        ``sentence`` as written (``cleaned``: its ``clean_latex``, when the caller has it;
        ``digit_free``: the caller found no digit in it).
        A price or size that describes a count (``2 $10 bills``, ``80 18-inch lengths``) is
        no second answer: the sentence is read without them (:func:`drop_modifiers`, on the
        text as written, since the sign is what tells ``2 $10 bills`` from ``2 10``). Such
        a number can only make a reading several answers (it sits right after its count,
        or in the arithmetic before an equation, or as the digit that makes a hedge word
        a hedge), never change an answer that is read, so the text is searched for them
        only when the reading without dropping them is several answers.
        """
        found = self._tokens_reading(
            rule,
            clean_latex(sentence) if cleaned is None else cleaned,
            words,
            flags,
            sentence,
            digit_free=digit_free,
        )
        if found is not None and found.rejected == "multiple_answers" and droppable(sentence):
            dropped = drop_modifiers(sentence)
            return self._tokens_reading(rule, clean_latex(dropped), words, flags, dropped)
        return found

    def _tokens_reading(
        self,
        rule: str,
        sentence_clean: str,
        words: bool,
        flags: list[str],
        raw: str = "",
        *,
        digit_free: bool = False,
    ) -> Extraction | None:
        """:meth:`_sentence_tokens` on the cleaned sentence, modifiers kept (``digit_free``:
        it holds no digit, so no token to scan).

        ``raw``: the sentence as written, read again with its prices in two units written
        as one decimal (``quantities.rewrite_compounds``) when the answer's number may be
        part of one (``quantities.compound_hint``); a time or length in two units that ends
        the sentence is no one number (``several_numbers``).
        """
        s = sentence_clean
        eq = s.rfind("=") if "=" in s else -1  # (a memchr first: most such sentences hold none)
        # With an equation, only what follows its last "=" can hold the answer and its
        # neighbours (a number before the "=" is never a hedge partner: "=" is no list mark).
        base = eq + 1 if eq != -1 else 0
        # After an "=", the result and its next neighbour are all that is needed, unless a
        # later clause states a number (below): the text after it is read once, in full.
        tokens = scan(s[base:]) if base and not digit_free else []
        if not tokens:
            base = 0
            tokens = [] if digit_free else scan(s)
        if not tokens:
            if not words or (
                s.lower() == s.upper() if s.isascii() else not any(c.isalpha() for c in s)
            ):
                return None
            if ("hird" in s or "ourt" in s or "uart" in s) and (spelled := spoken(s)) is not s:
                return self._tokens_reading(rule, spelled, words, flags, spelled)  # "one third"
            tokens = number_words(s)
            if not tokens:
                return None
            if len(tokens) > 1 and (merged := money_in_words(s, tokens)) is not None:
                tokens[-2:] = [merged]  # "eighteen dollars and fifty cents": 18.50
        index = len(tokens) - 1
        if base:
            s = s[base:]
            index = 0
            # (_later_clause's break, found by one search: the first of them after it)
            brk = _clause_break().search(s, tokens[0].end)
            if brk is not None and has_digit(s[brk.start() :]):
                # The result of the sentence's last computation ("5*89 = 445 dollars over
                # 5 days" answers 445) unless a later clause states a number ("= 11
                # desserts, so the total is 11"): then the sentence's last number.
                index = len(tokens) - 1
        if raw and compound_near(s, tokens, index):
            text, measure = rewrite_compounds(raw)
            if measure is not None:  # "2 hours and 30 minutes": several numbers
                kept = (*flags, "several_numbers")
                return _new(Extraction, (measure, rule, None, 1, kept, False, "several_numbers"))
            if text is not raw:
                return self._tokens_reading(rule, clean_latex(text), words, flags)
        last = tokens[index]
        number = last.number
        if number is None:
            return _new(
                Extraction,
                (
                    s[last.start : last.end][:40],
                    rule,
                    None,
                    1,
                    (*flags, "number_too_large", "limit"),
                    False,
                    "number_too_large",
                ),
            )
        if bound_number(s, last.start, last.end, spaced_names=False):  # "sqrt(2)", "0/0"
            bound = (s[last.start : last.end], rule, None, 1, (*flags, "expression"))
            return _new(Extraction, (*bound, False, "expression"))
        number, rejected, n = neighbours(s, tokens, index, number)  # a hedge, arithmetic
        answer = str(number)
        if rejected is None and eq != -1 and not equations_hold(sentence_clean, False):
            rejected = "multiple_answers"
        if rejected is not None:
            return _new(Extraction, (answer, rule, None, n, (*flags, rejected), False, rejected))
        return _new(
            Extraction,
            (answer, rule, number if self.numeric else None, 1, tuple(flags), False, None),
        )

    def _decide(
        self, rule: str, candidates: list[_Candidate], t: str, flags: list[str]
    ) -> Extraction:
        numeric = self.numeric
        strict = rule in _STRICT_RULES
        if len(candidates) == 1 and numeric:  # the common case, without the bookkeeping
            span, end = candidates[0]
            result = parse_answer(span, strict=strict)
            number, reason = result  # (one unpacking: no attribute reads)
            if number is None and ":" in span:
                number, reason = clock_answer(span, result, strict=strict)  # "#### 7:00": 7
            if reason == "several_numbers" and ("onfiden" in span or "%" in span):
                number, reason = confident_answer(span, result, strict=strict)  # (closings)
            at_end = not (rest := t[end:].strip(_CLOSERS))  # (what follows the answer)
            if number is not None:
                kept = tuple(flags) if flags else ()
                found = _new(Extraction, (span, rule, number, 1, kept, at_end, None))
                if rule not in _NAMED:  # an "A:" line; a program's output (tool_outputs)
                    return found if rule[0] == "a" else output_answer(self, found, t, end, rest)
                # named_answer's first test, inline (a call costs more): "lternat", "lso", a
                # label; "or "/"Or ": a modal ("or maybe **20**", "Or possibly \\boxed{20}").
                at = end - len(span) - (9 if rule == "answer_tag" else 0)  # ("</answer>")
                lo, far = at - 24 if at > 24 else 0, at - REACH if at > REACH else 0
                # fmt: off
                if (_NEAR[0] if _NEAR else _near()).search(t, far, at) is None and (
                    rule == "answer_is"
                    or not (  # (offers.near_stems: a copy)
                        "lternat" in (n := t[lo:at]) or "lso" in n or "or " in n or "Or " in n
                        or (("\n" in n or ". " in n) and (
                            ":" in n or "aybe" in n or "erhap" in n or "ossib" in n
                            or (rule == "bold"
                                and ("- " in n or "* " in n or ". " in n or ") " in n))
                        ))
                    )
                ):
                    return found
                # fmt: on
                return named_answer(self, found, t, end)  # (offers)
            flags.append(reason or "no_number")
            if reason in _SIZE_REASONS:
                flags.append("limit")
            return _new(Extraction, (span, rule, None, 1, tuple(flags), at_end, reason))
        cap = self.max_candidates
        too_many = len(candidates) > cap
        if too_many:
            candidates = candidates[:cap]
        parsed: list[ParseResult | None] = []
        keys: dict[object, None] = {}
        for span, _ in candidates:
            if numeric:
                result = parse_answer(span, strict=strict)
                if result.number is None and ":" in span:
                    result = clock_answer(span, result, strict=strict)
                if result.reason == "several_numbers" and ("onfiden" in span or "%" in span):
                    result = confident_answer(span, result, strict=strict)  # "18, confidence 9/10"
                parsed.append(result)
                key: object = result.number.value if result.number is not None else span
            else:
                parsed.append(None)
                key = _text_key(span)
            keys[key] = None
        n_distinct = len(keys)
        # Candidates run from the end of the text backwards: index 0 is the last one.
        pick = len(candidates) - 1 if self.conflict == "first" else 0
        span, end = candidates[pick]
        chosen = parsed[pick]
        number = chosen.number if chosen is not None else None
        rejected: str | None = None
        if too_many:
            rejected = "too_many_answers"
        elif n_distinct > 1 and self.conflict == "reject":
            rejected = "multiple_answers"
        elif chosen is not None and chosen.number is None:
            rejected = chosen.reason
        if rejected is not None:
            flags.append(rejected)
            if rejected in _SIZE_REASONS:
                flags.append("limit")
        at_end = not t[end:].strip(_CLOSERS)
        return _new(Extraction, (span, rule, number, n_distinct, tuple(flags), at_end, rejected))
