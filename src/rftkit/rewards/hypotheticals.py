"""A hypothetical after the answer: ``She makes $18 a day. If she sold 10 eggs, she'd make
$20.`` and ``She makes 18 dollars, 20 if she skips breakfast.`` answer 18, not 20.

Helpers of :mod:`rftkit.rewards.extract` (docs/graders.md, "A hypothetical after the
answer" and "A conditional clause after the answer, in the same sentence"). Standard library
only: this module ships inside every reward Lambda (no typing at run time, the patterns
compiled on first use).

Chat models state the answer and then play with the problem: ``With 10 eggs, she would make
$20.``, ``At $3 per egg, she would make $27.``, ``Had she sold 10 eggs, she would have made
$20.``. The final-sentence rule read the hypothetical's value. :func:`hypothetical` reads
the statement before it instead, when all of these hold:

* the final sentence is a conditional: a premise (opened by ``If``, ``Had``, ``Were``,
  ``Suppose``, ``Assuming``, ``Imagine``, ``With``, ``Without``, ``At``, ``Should``, ``Even
  if``, ``Given``, ``By``, ``When``, ``In case``, ``Provided``, a gerund (``Selling 10 eggs
  would give 20.``, ``Selling 10 eggs, she would ...``), or an ``if`` clause after the
  consequence (or ``by``, ``with``, ``when``, a gerund after its value: ``She could make
  $20 by selling 10 eggs.``); markup around the sentence and a connective before it passed
  over: ``But``, ``However,``, ``So``, ...; a comma or none before the consequence) and a
  consequence with a modal verb of the unreal (``would``, ``could``, ``might``, ``'d``)
  before the value read, or a value alone after an opener's premise (``Assuming she eats
  none, $24.``);
* the premise changes the problem, in one of these ways:

  - *a new number* (only with the prompt): it holds a number (in digits or words; not
    ``one``, an article as often as a count: ``If one ice cream sells for $5``) that
    neither the question nor the reply before the sentence holds (``10 eggs`` where the
    question has 16, 3, 4 and 2 and the work 9 and 18);
  - *all of a given number* (only with the prompt): ``If she sold all 16 eggs``, 16 a
    number of the question (``all 9 remaining eggs``, the work's 9, restates the problem);
  - *in words* (with or without the prompt): a negation (``didn't``, ``not``, ``no``,
    ``without``, ...) or a word that alters the problem (``only``, ``instead``, ``also``,
    ``extra``, ``another``, ``more``, ``fewer``, ``less``, ``twice``, ``double``, ``half``);

  - *a number new to the reply* (without the prompt): one the reply before the sentence
    does not hold, when the statement before is a total (no rate) of the same kind, of the
    same verb or another of a gain (``makes`` ... ``would give``), in the same time frame;
  - *the inversion* (with or without the prompt): ``Had she ...``, ``Were she to ...``;
  - *the mood* (only with the prompt): the question asks a fact under no condition
    (:func:`_plain`), the premise (``if``, ``suppose``, ...; no number) conditions a
    consequence of the statement's own verb (or a value alone), and the statement, of no
    condition itself, gives no value of the question and no rate;

  and, unless it holds a new number, the statement before reads a value of the same kind
  as the hypothetical's (both after a ``$`` or before ``dollars``, or both before the same
  noun: ``eggs``); a bare number is of no known kind;
* the sentence before it is no hypothetical itself, and read as a final sentence by itself
  it reads a number (an answer, or several answers: ``She makes $18 or $20. If ...`` is
  refused, as its statement is) other than the hypothetical's;
* with the prompt, the question asks no time unit that the hypothetical names and the
  statement does not (``How much does she make per week?`` answered by ``... In a week, she
  would make $126.`` keeps 126; :mod:`.time_frames` reads such extensions), and asks no
  hypothetical itself (a modal of the unreal and a condition: ``How much would she make if
  she ate none?``), nor, unless the premise holds a new number, a condition of its own
  (``If John buys 3 more apples, how many ...?``: ``if he bought 3 more`` restates it).

In the same sentence, :func:`clause` reads the statement before a conditional clause (a
conditional word, ``if``, ``when``, ``unless``, a modal, ``had she``, after a ``;``, a
``,`` with or without ``and``, ``but``, ``whereas``, ``versus``, ..., a contrast word or a
dash) that states the value read and no other: ``She makes 18 dollars, 20 if she skips
breakfast.``, ``..., whereas she would make 32 if she sold all.``, ``$18 a day versus $32
if she sold all.``. Its premise changes the problem as above, or the clause contrasts
(``but``, ``whereas``, ``while``, ``versus``, ``though``, ...), in the unreal mood (a
modal, ``had she``; ``so he will have 8 if he buys 3 more`` states the answer), or its
consequence is a value alone (``20 if ...``, ``if ..., 20``: the statement's verb and unit
left out, so a bare value takes the statement's kind); the statement must not be a rate
(``$2 per egg``) and, unless the premise holds a new number, must answer the same kind. A
clause with ``maybe``, ``or``, ... offers an alternative: read as before, or several
answers for ``or`` and a condition (``18 dollars, or if she skips breakfast, 20``).

And a number in the condition of a final statement is no answer: ``She makes $18 if she
sells all 9 remaining eggs.`` reads the text before ``if`` (:func:`hypothetical`, first).
``Else 20.`` after a statement reads as ``Otherwise, 20.`` (several answers,
:mod:`.alternatives`).

A hypothetical in brackets after the statement (``She makes $18. (If she didn't eat any,
she'd make $24.)``) is read as the same sentence without them (:mod:`.bracket_remarks`).

Why the prompt for a new number: a conditional whose premise restates the problem (``If
each egg sells for $2, she would make $18.``) states the answer, and its numbers are the
question's; without the question a premise number the reply never wrote cannot be told
from a given one. Words that negate or alter the problem need no question, but they alone
do not tell a hypothetical from a restatement (``She has 9 eggs left. If she doesn't keep
any, she would make $18.`` states the answer): the statement before must answer the same
quantity with another value.

A hypothetical never earns: the reply is paid for the statement before it, or refused with
it, so a policy gains nothing by appending one (the statement alone would be paid the same).
Flag ``hypothetical``.

Cost: for every final sentence, one ``str.startswith`` with :data:`STARTS`, one search for
``" if "`` and one ``memchr`` for ``=`` (a sentence with ``=`` reads its equation's result:
only the two-sentence rule may set it aside); without ``=``, the substring tests of
:func:`may_suppose`. The rest only for a sentence that passes them.
"""

from __future__ import annotations

import re

from rftkit.rewards.alternatives import offered_last
from rftkit.rewards.extraction import _several
from rftkit.rewards.givens import given_values, prompt_text
from rftkit.rewards.number_words import number_words
from rftkit.rewards.numbers import clean_latex, scan
from rftkit.rewards.sentences import _FINISHER_CHARS, _sentence_start
from rftkit.rewards.time_frames import UNITS, asks_for

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any, Final

    from rftkit.rewards.extract import Extraction, Extractor

__all__ = ["FLAG", "OPENERS", "STARTS", "clause", "hypothetical", "may_suppose"]

FLAG: Final = "hypothetical"
"""The flag of an answer read in the statement before a hypothetical."""

_OPENERS = (
    "If ", "Had ", "Were ", "Suppose ", "Supposing ", "Assuming ", "Imagine ", "With ",
    "Without ", "At ", "Should ", "Even if ", "Given ", "By ", "When ", "In case ",
    "Provided ",
)  # fmt: skip
OPENERS: Final = _OPENERS
"""A premise's openers: with ``" if "``, the probe of :func:`hypothetical` (a C-speed
``str.startswith``: a two-letter lookup let every ``She ...`` through, for ``Should``)."""

# Connectives before a premise (``But if she sold 10 eggs, ...``; ``Then again, ...`` offers
# an alternative: alternatives).
_LEADS = (
    "Of course, ", "Note that ", "On the other hand, ", "But ", "And ",
    "However, ", "Also, ", "Also ", "Now, ", "Now ", "Still, ", "Yet ", "Meanwhile, ",
    "So ", "So, ", "Then ", "Then, ", "Though, ", "Plus, ", "But, ", "And, ",
)  # fmt: skip

STARTS: Final = (*_OPENERS, "Else")
"""The starts of a final sentence that :func:`hypothetical` reads: a premise's openers, and
``Else`` (``She makes $18. Else $20.``: an alternative, as ``Otherwise, $20.``)."""

_MODAL: list[re.Pattern[str]] = []  # compiled on first use (the Lambda cold start)
_IF = " if "
_ONE = frozenset({1})  # "If one egg sells for $2": "one" is an article there, no new number
_MAX_SENTENCE = 400
# Words before an "if" that open a clause of their own ("but if she sold 10 eggs"), not the
# condition of the statement before ("She makes $18 if she sells all 9 eggs").
_JOINS = frozenset(
    {"and", "but", "so", "then", "yet", "or", "whereas", "while", "though", "even", "only"}
)  # a longer final sentence is read as before
# Words of a premise that change the problem without a new number ("If she didn't eat any",
# "If she only sold 5", "with 2 more eggs"), beside any negation in "n't".
_ALTERING = frozenset({
    "not", "no", "never", "none", "nothing", "without", "instead", "also", "only", "extra",
    "another", "more", "fewer", "less", "twice", "double", "half", "triple",
})  # fmt: skip
_PRONOUNS = frozenset({"she", "he", "they", "we", "you", "i", "it", "there"})
_CURRENCY = frozenset({"dollar", "dollars", "usd", "bucks"})


def may_suppose(s: str) -> bool:
    """Whether a final sentence ``s`` with no ``" if "``, no premise opener and no ``=`` may
    hold a conditional clause (``she would``, ``when``, ``had she``, ``unless``, ``were
    she``): the reader's probe of :func:`hypothetical` beside those (a sentence with ``=``
    reads its equation's result; one with ``or`` offers an alternative, unless with ``if``)."""
    if " or " in s:
        return False  # "either 46 or 36": an alternative, read by the hedge policies
    return (
        "ould" in s
        or " when " in s
        or " had " in s
        or "'d " in s
        or "\u2019d " in s
        or " unless " in s
        or " were " in s
    )


def _modal() -> re.Pattern[str]:
    if not _MODAL:
        _MODAL.append(re.compile(r"(?<![A-Za-z])(?:would|could|might)(?![A-Za-z])|['\u2019]d "))
    return _MODAL[0]


def _unlead(s: str) -> str:
    """``s`` (opened by one of :data:`_LEADS`) without its connective, capitalized."""
    rest = s[len(next(lead for lead in _LEADS if s.startswith(lead))) :]
    return rest[:1].upper() + rest[1:]


def _premised(s: str) -> bool:
    """Whether the sentence ``s`` may hold a premise (:func:`_sentence` reads it): an opener,
    an ``if``, a gerund, one of those after a connective (``However, with``), or a word that
    may open one after the consequence (``by``, ``with``, ``when``, a gerund)."""
    if s.startswith(_OPENERS) or _IF in s or s[: s.find(" ")].endswith("ing"):
        return True
    if " by " in s or " with" in s or " when " in s or "ing " in s:
        return True  # perhaps a premise after the consequence (_trailing)
    if not s.startswith(_LEADS):
        return False
    rest = _unlead(s)
    return rest.startswith(_OPENERS) or rest[: rest.find(" ")].endswith("ing")


def _parts(s: str) -> tuple[str, str] | None:
    """``(premise, consequence)`` of a conditional sentence, or None.

    ``If P, (then) C`` and the other openers: the premise up to the last ``, `` before the
    consequence's modal verb. ``C if P``: the consequence up to ``if``, with a modal verb.
    A connective before either (``But if ...``, ``However, with ...``, ``So if ...``) is
    passed over: the sentence is read as without it.
    """
    if s.startswith(_LEADS):
        rest = _unlead(s)
        return _parts(rest) if rest and not rest.startswith(_LEADS) else None
    if not ("ould" in s or "ight" in s or "'d " in s or "\u2019d " in s):
        return _elliptic(s)  # no modal (substring tests: the lookbehind runs everywhere)
    m = _modal().search(s)
    if m is None:
        return _elliptic(s)
    if s.startswith(_OPENERS):
        comma = s.rfind(", ", 0, m.start())
        if comma == -1:
            # "If she sold all 16 eggs she would earn $32.": no comma; the premise runs to
            # the consequence's subject (the word before the modal verb), which holds no number.
            cut = s.rfind(" ", 0, m.start() - 1 if s[m.start()] != "'" else m.start())
            return (s[:cut], s[cut:]) if cut > 3 else None
        return s[:comma], s[comma:]
    k = s.find(_IF, m.end())
    if k == -1:
        # "Selling 10 eggs would give $20.": the premise is the consequence's subject, a
        # phrase before the modal verb (no clause: no comma, no "if" before it).
        # A gerund only ("Selling", "Eating"): another subject is a thing the work counts
        # ("Then 32/4 = 8 pieces of paper would be used.").
        subject = s[: m.start()]
        first = subject[: subject.find(" ")]
        if not first.endswith("ing") or "=" in subject or _IF in subject:
            return _trailing(s, m.end())
        comma = subject.rfind(", ")
        if comma != -1:
            # "Selling 10 eggs, she would make $20.": a gerund's phrase, then the subject.
            if "," in subject[:comma]:
                return None
            return subject[:comma], s[comma:]
        return subject, s[m.start() :]
    return s[k:], s[:k]


_VALUE_ALONE: list[re.Pattern[str]] = []


_TRAIL: list[re.Pattern[str]] = []


def _trailing(s: str, at: int) -> tuple[str, str] | None:
    """``(premise, consequence)`` of ``C P``: a premise after the consequence's value, opened
    by ``by``, ``with``, ``without``, ``when`` or a gerund (``She'd make $20 selling 10
    eggs.``, ``She could make $20 by selling 10 eggs.``), the modal verb at ``at``; or None.
    A word of the consequence's own before its value (``would bring $20``) is not looked at."""
    if not _TRAIL:
        # the value (and one word of its unit), then the premise's first word
        value = r"\d[\d,.]*\S* (?:[a-z]+ )??"
        _TRAIL.append(re.compile(value + r"((?:by|with|without|when|[a-z]{2,}ing) )"))
    m = _TRAIL[0].search(s, at)
    if m is None or "=" in s:
        return None
    return s[m.start(1) - 1 :], s[: m.start(1) - 1]


def _elliptic(s: str) -> tuple[str, str] | None:
    """``(premise, consequence)`` of a premise opener's sentence whose consequence is a
    value alone (``Assuming she eats none, $24.``; the statement's verb left out, as in a
    clause's ``20 if ...``), or None."""
    if not s.startswith(_OPENERS):
        return None
    comma = s.rfind(", ")
    if comma == -1:
        comma = s.rfind(": ")  # "With 10 eggs: $20."
        if comma == -1:
            return None
    if not _VALUE_ALONE:
        # a value and at most two words of its unit or frame ("$24 a day", "24 dollars")
        _VALUE_ALONE.append(re.compile(r"(?:then )?\$?\d[\d,]*(?:\.\d+)?(?: [a-z]+){0,2}[.!]?"))
    consequence = s[comma + 2 :].rstrip()
    return (s[:comma], s[comma:]) if _VALUE_ALONE[0].fullmatch(consequence) else None


def _values(text: str) -> set[Any]:
    """The values of the numbers of ``text``, in digits and in words."""
    values = {t.number.value for t in scan(clean_latex(text)) if t.number is not None}
    values.update(t.number.value for t in number_words(text) if t.number is not None)
    return values


def _time_units(text: str) -> set[str]:
    return {u for w in re.findall(r"[A-Za-z]+", text.lower()) if (u := UNITS.get(w)) is not None}


def _counterfactual(premise: str) -> bool:
    """Whether ``premise`` negates or alters the problem in words (``didn't``, ``only``,
    ``instead``, ``2 more``...), whatever its numbers."""
    words = premise.lower().replace("\u2019", "'").split()
    if len(words) > 1 and words[0] in ("had", "were") and words[1] in _PRONOUNS:
        return True  # "Had she sold ...", "Were she to ...": the inversion of the unreal
    return any(w.endswith("n't") or w.strip(",;.!?") in _ALTERING for w in words)


def _all_given(premise: str, prompt: object) -> bool:
    """Whether ``premise`` takes all of a number the question gives (``If she sold all 16
    eggs``, the 16 laid where the problem sells the 9 left): with the prompt only. All of a
    number the work found (``all 9 remaining eggs``) restates the problem."""
    if prompt is None or "all " not in premise:
        return False
    words = premise.split()
    for i, w in enumerate(words[:-1]):
        if w.lower() == "all":
            values = _values(words[i + 1])
            if values and values <= given_values(prompt):
                return True
    return False


def _flag(read: Extraction) -> Extraction:
    """``read`` with the flag :data:`FLAG` (once)."""
    if FLAG in read.flags:
        return read
    return tuple.__new__(type(read), (*read[:4], (*read.flags, FLAG), *read[5:]))


def _kind(text: str, value: object) -> str | None:
    """What the number of ``text`` whose value is ``value`` counts: ``$`` when a dollar sign
    precedes it, else the word after it without a plural ``s`` (None: no such number)."""
    # Scanned as written: clean_latex drops a "$" (a math delimiter to it). Other LaTeX
    # ("\\frac") finds no equal value: the kinds are then unknown, read as before.
    cleaned = text.replace("\\$", "$")
    # digits first, then words ("eighteen dollars")
    for t in (*reversed(scan(cleaned)), *reversed(number_words(cleaned))):
        if t.number is not None and t.number.value == value:
            if cleaned[: t.start].rstrip().endswith("$"):
                return "$"
            after = cleaned[t.end :].split(None, 1)
            word = after[0].strip(".,;:!?)").lower() if after else ""
            if word in _CURRENCY:
                return "$"
            if not word or word in _NO_KIND:
                return None  # a bare number ("20 if she ..."): of no known kind
            return word[:-1] if word.endswith("s") else word
    return None


def hypothetical(  # noqa: PLR0917 - the final-sentence reader's arguments, in its order
    ex: Extractor,
    rule: str,
    found: Extraction | None,
    s: str,
    flags: list[str],
    prompt: object,
    body: str,
) -> Extraction | None:
    """``found`` (the reading of ``body``'s final sentence ``s``), or the reading of the
    sentence before it when ``s`` is a hypothetical, or of the statement that opens ``s``
    when a conditional clause ends it (see the module docstring)."""
    if found is None or len(s) > _MAX_SENTENCE or not body.endswith(s):
        return found
    if "=" in s:  # an equation's result is read: only a conditional sentence may set it aside
        if found.number is None or not (s.startswith(_OPENERS) or _IF in s):
            return found
        return _sentence(ex, rule, found, s, flags, prompt, body)
    if found.number is None:
        # "She makes $18, $20 if she skips breakfast.": a pair refused as a list of values,
        # whose second the clause conditions.
        if found.rejected == "multiple_answers" and found.answer and "=" not in s:
            values = _values(found.answer)
            if len(values) == 1:
                return clause(ex, rule, found, s, flags, prompt, body, next(iter(values)))
        return found
    if s.startswith("Else") and s[4:5] in " ,":
        # "Else 20." offers another value as "Otherwise, 20." does: one policy for both
        # (alternatives), on the sentence read with that opener.
        alike = "Otherwise" + s[4:]
        return offered_last(ex, found, alike, body[: len(body) - len(s)] + alike)
    if s[:1] in "*_":
        # "**If she sold 10 eggs, she'd make $20.**": read as without the markup
        inner = s.strip("*_ ")
        if inner and inner != s:
            head = body[: len(body) - len(s)]
            return hypothetical(ex, rule, found, inner, flags, prompt, head + inner)
    k = s.rfind(".** ")
    if k != -1 and k + 4 < len(s):
        # "**She makes $18.** If she sold ...": a sentence the splitter kept whole (its
        # full stop inside the markup); its last part is read as a final sentence first.
        last = hypothetical(ex, rule, found, s[k + 4 :], flags, prompt, body)
        if last is not found:
            return last
    found = _conditioned(ex, rule, found, s, flags, prompt, body)
    read: Extraction | None = found
    if _premised(s):
        read = _sentence(ex, rule, found, s, flags, prompt, body)  # "Selling 10 eggs would"
    if read is found and found.rejected is None:
        read = clause(ex, rule, found, s, flags, prompt, body)
    return read


def _conditioned(  # noqa: PLR0917 - as hypothetical
    ex: Extractor,
    rule: str,
    found: Extraction,
    s: str,
    flags: list[str],
    prompt: object,
    body: str,
) -> Extraction:
    """``found``, or the reading of ``s`` before its condition when the value read lies in
    the condition alone: ``She makes $18 if she sells all 9 remaining eggs.`` answers 18, a
    premise's number states a condition, not the answer."""
    if found.number is None or found.rejected is not None or "=" in s:
        return found  # an equation's result is read ("150 - 60 pounds when she ... = 90")
    k = -1
    for word in (_IF, " when "):
        j = s.find(word, 1)
        if j != -1 and (k == -1 or j < k):
            k = j
    if k == -1 or ", " in s[k:] or " so " in s[k:] or _modal().search(s, k) is not None:
        return found  # "if P, C", "if P she would C": the condition has its consequence
    main = s[:k]
    last = main[main.rfind(" ") + 1 :].lower()
    if main[-1:] in ",;" or last in _JOINS:
        return found  # "..., but if she ...": a clause of its own (clause)
    values = _values(main)
    if not values or found.number.value in values or found.number.value not in _values(s[k:]):
        return found
    read = ex._final(rule, main, list(flags), prompt, body[: len(body) - len(s)] + main)
    return read if read is not None and read.number is not None else found


def _sentence(  # noqa: PLR0917 - as hypothetical
    ex: Extractor,
    rule: str,
    found: Extraction,
    s: str,
    flags: list[str],
    prompt: object,
    body: str,
) -> Extraction | None:
    """A final sentence that is a hypothetical: the reading of the sentence before it."""
    number = found.number
    if number is None:
        return found
    parts = _parts(s)
    if parts is None:
        return found
    premise, consequence = parts
    head = body[: len(body) - len(s)].rstrip()
    if not head:
        return found
    # The value read follows the modal verb ("she would make $20"): before it, or in the
    # premise, it is the statement's ("She makes $18, $2 more than she would if she sold 8
    # eggs.") or the premise's ("If she sold all 16 eggs", _conditioned). A value alone
    # after the premise ("Assuming she eats none, $24.") is the consequence itself.
    modal = _modal().search(consequence)
    after = consequence[modal.start() :] if modal is not None else consequence
    if modal is not None and s.endswith(premise) and _values(consequence[: modal.start()]):
        # "She makes $18 a day; she would make $20 if ...": a statement, then a clause in
        # the same sentence (clause reads it; the sentence before is no statement of it).
        return found
    if (modal is None and _elliptic(s) is None) or number.value not in _values(after):
        return found
    new, fresh = _novel(premise, head, prompt)
    mood = False  # only the mood tells the hypothetical (a plain question; below)
    if not (new or fresh or _counterfactual(premise) or _all_given(premise, prompt)):
        if not _plain(prompt) or not _if_premise(premise, s) or _values(premise) - _ONE:
            return found  # the premise restates the problem: the sentence states the answer
        mood = True
    if _asks(prompt) > (1 if new else 0):
        return found  # "How much would she make if ...?": the hypothetical may answer it
    statement = head[_sentence_start(head, len(head.rstrip(_FINISHER_CHARS))) :]
    if statement.startswith(_OPENERS) and _parts(statement) is not None:
        return found  # two hypotheticals: read as before (one level only)
    if prompt is not None:
        text = prompt_text(prompt)
        if any(asks_for(text, u) for u in _time_units(s) - _time_units(statement)):
            return found  # the question asks the hypothetical's frame (time_frames decides)
    if (fresh or mood) and _time_units(s) - _time_units(statement):
        return found  # "In 7 days she would make $126.": perhaps the frame asked (time_frames)
    stated = ex._final(rule, statement, list(flags), prompt, head)
    if stated is None or (stated.number is None and stated.rejected is None):
        return found  # the sentence before states nothing: read as before
    if stated.number is not None and stated.number.value == number.value:
        return found  # the same value: nothing to choose
    if stated.number is None and fresh:
        return _flag(stated)  # "She makes $18 or $20. With 10 eggs, ...": refused, as new
    if not new and not _same_kind(statement, stated, s, number.value, fresh, mood, prompt):
        # "She has 9 eggs left. If she didn't keep any, she'd make $18.": a premise
        # in words alone changes the problem only when the statement before answers the
        # same kind of quantity (dollars and dollars, eggs and eggs) with another value.
        return found
    return _flag(stated)


def _novel(premise: str, head: str, prompt: object) -> tuple[bool, bool]:
    """``(new, fresh)``: whether ``premise`` holds a number (not ``one``) that neither the
    question (the prompt) nor the reply before (``head``) holds; without the prompt, whether
    it holds one the reply before does not (``fresh``: it may be the question's)."""
    changed = _values(premise) - _ONE
    if not changed:
        return False, False
    known = _values(head)
    if prompt is None:
        return False, not changed <= known
    known |= given_values(prompt)
    known.update(t.number.value for t in number_words(prompt_text(prompt)) if t.number)
    return not changed <= known, False


def _same_kind(  # noqa: PLR0917 - the checks of a statement against a hypothetical
    statement: str,
    stated: Extraction,
    s: str,
    value: object,
    fresh: bool,
    mood: bool,
    prompt: object,
) -> bool:
    """Whether ``stated`` (the reading of ``statement``) answers the quantity that the
    hypothetical ``s`` gives ``value`` for: the same kind (a known one), a bare value taking
    the statement's kind when ``fresh`` (a number new to the reply, without the prompt);
    and, when only a number new to the reply (``fresh``) or only the mood (``mood``) tells the
    hypothetical, a total: no rate (``$2 per egg``); for the mood, a statement with no
    condition of its own, of the same predicate (``makes``, ``would make``; a value alone
    leaves it out), with a value the question does not give (``Each egg sells for $2.``)."""
    if stated.number is None:
        return False
    kind = _kind(statement, stated.number.value)
    if kind is None:
        return False
    other = _kind(s, value)
    if other is None:
        if not fresh:
            return False
    elif kind != other:
        return False
    if not (fresh or mood):
        return True
    if _rate(statement, str(stated.answer)):
        return False
    modal = _modal().search(s)
    if modal is not None:
        # The predicate: "She spends $5. If she sells them, she would make $18." states
        # another (make, makes, made; is, be). The mood needs the statement's own verb;
        # a new number, one of the same gain ("makes $18 ... would give 20"). A value
        # alone ("Assuming she eats none, $24.") leaves the statement's verb out.
        stems = _stems(statement)
        verb = _verb(s[modal.end() : modal.end() + 24])
        if not stems & verb and (mood or not (stems & _GAIN and verb & _GAIN)):
            return False
    if mood:
        if _IF in statement or " unless " in statement:
            return False  # a condition against a condition: read as before
        if stated.number.value in given_values(prompt):
            return False  # the statement restates a given ("Each egg sells for $2.")
    return True


_IRREGULAR = {
    "made": "make", "has": "have", "had": "have", "is": "be", "are": "be", "was": "be",
    "were": "be", "been": "be", "got": "get", "spent": "spend", "sold": "sell", "paid": "pay",
    "earnt": "earn", "took": "take", "gave": "give", "brought": "bring", "saved": "save",
}  # fmt: skip
_SKIP = frozenset({"also", "only", "still", "then", "just", "now", "not"})
# The stems of the verbs that state what a quantity comes to: with a number new to the reply,
# "She makes $18. Selling 10 eggs would give 20." names the same gain in other words.
_GAIN = frozenset({
    "mak", "earn", "get", "giv", "bring", "yield", "receiv", "be", "hav", "total", "amount",
    "com", "net",
})  # fmt: skip


def _verb(text: str) -> set[str]:
    """The stems of the verb that opens ``text`` (after a modal: ``make``; ``have made``:
    both; the adverbs of :data:`_SKIP` passed over), before any number."""
    head = re.split(r"[$\d]", text)[0].lower()
    words = [w for w in re.findall(r"[a-z]+", head) if w not in _SKIP][:2]
    if len(words) == 2 and words[0] != "have":
        words = words[:1]
    return _stems(" ".join(words))


def _stems(text: str) -> set[str]:
    """The stems of the words of ``text`` (``makes``, ``made``, ``make``: ``mak``; ``is``,
    ``be``: ``be``), without the auxiliaries and adverbs of :data:`_SKIP` (``would have
    made``: ``mak``) and without the pronouns: a predicate's verb, roughly."""
    stems = set()
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in _SKIP or w in _PRONOUNS or len(w) < 2:
            continue
        stem = _IRREGULAR.get(w, w)
        for suffix in ("ing", "ed", "es", "s", "e"):
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                stem = stem[: -len(suffix)]
                break
        stems.add(stem)
    return stems


# A conditional clause in the final sentence: its first conditional word (after the first
# character: a sentence opened by one is :func:`_sentence`'s), then the last clause boundary
# before it. A boundary is ";" or "," (with a connector or none) or a contrast word alone.
_MARKERS: list[re.Pattern[str]] = []
_CONTRASTS = frozenset({"but", "whereas", "while", "versus", "vs", "yet", "though", "although"})
_NO_KIND = frozenset({
    "if", "when", "unless", "had", "were", "would", "could", "might", "instead", "otherwise",
    "then", "in", "at", "with", "without", "for", "and", "but", "or", "a", "an", "the", "per",
    "each", "on", "to", "from", "by", "of", "so", "than", "because", "since", "after",
    "before", "more", "less", "total", "altogether", "overall", "now", "today",
})  # fmt: skip
_HEDGES = frozenset({"or", "maybe", "perhaps", "possibly", "probably", "either", "alternatively"})
_UNREAL = frozenset({"would", "could", "might", "d"})  # "she'd": "d" as a word
_CONDITIONS = frozenset({"if", "unless", "when", "without", "instead", "were", "had", "suppose"})
# A rate before its total: "$2 per egg", "$2 each", "2 dollars an egg"; not "per day".
_RATES = ("per ", "each", "apiece", " an ", " a ")


def _patterns() -> list[re.Pattern[str]]:
    if not _MARKERS:
        _MARKERS.append(
            re.compile(
                r"(?<![A-Za-z'\u2019])(?:if|when|unless|would|could|might"
                r"|(?:had|were)(?= (?:she|he|they|we|you|i|it|there) ))(?![A-Za-z])"
                r"|['\u2019]d(?= )"
            )
        )
        _MARKERS.append(
            re.compile(
                r"[;,][ \t]+(?:(and|but|whereas|while|versus|vs\.?|yet|(?:al)?though)[ \t]+)?"
                r"|[ \t]+(but|whereas|while|versus|vs\.?)[ \t]+|[ \t]+[-\u2013\u2014][ \t]+"
            )
        )
    return _MARKERS


def _clause_premise(clause: str, at: int, marker: str) -> str:
    """The premise of ``clause`` whose first conditional word ``marker`` is at ``at``: from
    an ``if`` (``when``, ``had``, ...) to the next comma or the end; before a modal verb,
    its subject (``with 10 eggs she would make 20``) or the ``if`` clause after it."""
    if at == 0:  # "but if she skipped breakfast, she would make 20": as a sentence
        parts = _parts(clause[0].upper() + clause[1:])
        if parts is not None:
            return clause[: len(parts[0])]  # as written (lower case)
    if marker[:1] in "wcm'\u2019" and marker not in ("when", "were"):  # a modal verb
        m = re.search(r"(?<![A-Za-z])(?:if|when|unless)(?![A-Za-z])", clause[at:])
        if m:
            return clause[at + m.start() :]
        # its subject, and what follows its value ("she'd make $24 without breakfast")
        values = scan(clause[at:])
        return clause[:at] + (" " + clause[at + values[0].end :] if values else "")
    comma = clause.find(", ", at)
    return clause[at:] if comma == -1 else clause[at:comma]


def _rate(statement: str, answer: str) -> bool:
    """Whether ``answer`` is a rate in ``statement`` (``$2 per egg``, ``$2 each``; not ``$18
    per day``): a price, which a total in a conditional clause may follow."""
    after = statement[statement.rfind(answer) + len(answer) :].lower()
    for r in _RATES:
        k = after.find(r, 0, 24)  # just after the value: "$18, and 9 eggs each" is no rate
        if k != -1:
            unit = after[k + len(r) :].split(None, 1)
            return not (unit and UNITS.get(unit[0].strip(".,;")) is not None)
    return False


def _question_words(prompt: object) -> set[str]:
    """The words of the question (the prompt's last sentence ending in ``?``), lower-cased."""
    text = prompt_text(prompt)
    end = text.rfind("?")
    question = text[text.rfind(".", 0, end) + 1 : end + 1] if end != -1 else text[-300:]
    return set(re.findall(r"[a-z]+", question.lower().replace("\u2019", "'")))


def _asks(prompt: object) -> int:
    """What the question (the prompt's last sentence ending in ``?``) holds: 2 when it asks
    a hypothetical itself (a modal of the unreal and a condition: ``How much would she make
    if she ate none?``), 1 for a condition alone (``If John buys 3 more apples, how many
    will he have?``), 0 for neither (or no prompt).

    A hypothetical after the statement may answer the first: it is read as before. The
    second's condition is the problem's own: a premise that changes the problem only in
    words (``if he bought 3 more``) may restate it, and only a new number sets it aside."""
    if prompt is None:
        return 0
    words = _question_words(prompt)
    if not words & _CONDITIONS:
        return 0
    return 2 if words & _UNREAL else 1


_SUPPOSING = frozenset({
    "if", "unless", "suppose", "supposing", "assuming", "assume", "imagine", "would", "could",
    "might",
})  # fmt: skip
_IF_WORDS = ("if ", "unless ", "suppose ", "supposing ", "assuming ", "imagine ", "should ")
_DERIVING = ("so ", "then ", "thus ", "hence ", "which ", "that ")


def _if_premise(premise: str, clause: str) -> bool:
    """Whether ``premise`` is a condition of its own (``if``, ``unless``, ``suppose``, ...;
    not a means: ``With the 9 eggs left, she would make $18.``), in a ``clause`` that does
    not derive from the statement (``..., so she would make $18 if ...``, ``..., which would
    be $126 a week``): what :func:`_plain`'s mood rule needs."""
    if clause.lower().startswith(_DERIVING):
        return False
    p = premise.lower().lstrip()
    return p.startswith(_IF_WORDS) or " if " in p or " unless " in p


def _plain(prompt: object) -> bool:
    """Whether the question asks a fact under no condition: its last question has neither a
    modal of the unreal nor a condition (``How much does she make every day?``), and no
    sentence of the prompt supposes (``if``, ``suppose``, ``would``, ...: ``If she sells
    all her eggs. How much ...?`` puts its condition before). Then an answer in the unreal
    mood under a premise of its own (``she would make $20 if she skipped breakfast``) after
    a fact of the same predicate (``She makes $18 per day;``) answers no question asked: a
    hypothetical, whatever the premise's words. With the prompt only: without it, ``He makes
    $42 from brownies. He would make $99 if he sold all his goods.`` may answer ``How much
    would he make if he sold all?``."""
    if prompt is None or _question_words(prompt) & (_CONDITIONS | _UNREAL):
        return False
    words = re.findall(r"[a-z]+", prompt_text(prompt).lower())
    return not _SUPPOSING.intersection(words)


def clause(  # noqa: PLR0917 - as hypothetical
    ex: Extractor,
    rule: str,
    found: Extraction,
    s: str,
    flags: list[str],
    prompt: object,
    body: str,
    value: object = None,
) -> Extraction | None:
    """``found``, or the reading of the statement that opens ``s`` when a conditional
    clause that holds ``found``'s value (or ``value``, that of a refused ``found``) ends it
    (``She makes 18 dollars, 20 if she skips breakfast.``; the module docstring)."""
    markers = _patterns()[0]
    if value is None:
        if found.number is None:
            return found
        value = found.number.value
    if "=" in s:
        return found  # an equation's result is read: "15 + 3 = 18 students ... could"
    first = markers.search(s, 1)
    if first is None:
        return found
    last = first
    for last in markers.finditer(s, first.end()):  # noqa: B007 - kept after the loop
        pass
    # The first conditional word, and then the last: "$18, $32 if she sold all, $36 if she
    # charged more." sets the last clause aside, and its statement holds the other.
    for m in (first, last) if last is not first else (first,):
        read = _clause_at(ex, rule, found, s, flags, prompt, body, value, m.start(), m.group())
        if read is not None:
            return read
    return found


def _clause_at(  # noqa: PLR0917 - as clause, and the marker's place
    ex: Extractor,
    rule: str,
    found: Extraction,
    s: str,
    flags: list[str],
    prompt: object,
    body: str,
    value: object,
    start: int,
    marker: str,
) -> Extraction | None:
    """:func:`clause` for the conditional word ``marker`` at ``start``: None when the
    clause around it is not one it sets aside."""
    b = None  # the last boundary before the marker
    for b in _patterns()[1].finditer(s, 0, start):  # noqa: B007 - kept after the loop
        pass
    if b is None:
        return None
    statement, clause_ = s[: b.start()], s[b.end() :]
    if not _values(statement):
        return None
    connector = (b.group(1) or b.group(2) or "").lower()
    premise = _clause_premise(clause_, start - b.end(), marker.lower())
    if _values(clause_) - _values(premise) != {value}:
        return None  # the clause's consequence states the value read, and no other
    hedges = _HEDGES & set(clause_.lower().split())
    if hedges:
        if hedges == {"or"} and clause_[:3] == "or " and value not in _values(statement):
            # "$18, or if she skips breakfast, 20": an alternative, as ", or 20 dollars a
            # day if she eats fewer" (several answers)
            if found.rejected is not None:
                return found  # refused already (a list of values)
            return _several(found, found.rule or rule, list(found.flags))
        return None  # "but maybe 20 if ...": an offer (offers)
    # A value alone for the consequence ("20 if ...", "$20 when ...", "twenty if ...", "if
    # she skipped breakfast, 20"): the verb and the unit are the statement's, left out.
    rest = clause_[5:] if clause_.startswith(("only ", "just ")) else clause_
    if clause_.startswith(premise):
        rest = clause_[len(premise) :].lstrip(" ,")
        rest = rest[5:] if rest.startswith("then ") else rest
    elliptic = rest[:1].isdigit() or (rest[:1] == "$" and rest[1:2].isdigit())
    if not elliptic and rest[:1].isalpha():
        words = number_words(rest[:40])
        elliptic = bool(words) and words[0].start == 0
    # A contrast sets aside a clause in the unreal mood ("but she'd make $24 without ..."),
    # or a value alone (below); not a statement of its own ("but she makes $18 if ...").
    contrast = connector.rstrip(".") in _CONTRASTS and _modal().search(clause_) is not None
    # The clause is in the unreal mood ("she would make", "had she"), or a value alone; a
    # statement of its own ("so he will have 8 if he buys 3 more") restates the problem.
    if not (elliptic or marker in ("had", "were") or _modal().search(clause_) is not None):
        return None
    head = body[: len(body) - len(s)] + statement
    new, fresh = _novel(premise, head, prompt)
    mood = False  # only the mood tells the hypothetical (a plain question, _plain)
    if not (new or fresh or elliptic or contrast or _counterfactual(premise)) and not (
        _all_given(premise, prompt)
    ):
        if not _plain(prompt) or not _if_premise(premise, clause_) or _values(premise) - _ONE:
            return None  # the condition restates the problem: "$18 if she sells the 9"
        mood = True
    if _asks(prompt) > (1 if new else 0):
        return None  # "How much would she make if ...?": the clause may answer it
    if prompt is not None:
        text = prompt_text(prompt)
        if any(asks_for(text, u) for u in _time_units(clause_) - _time_units(statement)):
            return None  # the question asks the clause's frame (time_frames decides)
    if (fresh or mood) and _time_units(clause_) - _time_units(statement):
        return None  # perhaps the frame asked (time_frames), as _sentence
    stated = ex._final(rule, statement, list(flags), prompt, head)
    if stated is None or (stated.number is None and stated.rejected is None):
        return None
    if stated.number is not None:
        if stated.number.value == value:
            return None  # the same value: nothing to choose
        if not new:
            kind = _kind(statement, stated.number.value)
            other = _kind(clause_, value)
            if elliptic or contrast:  # a bare value takes the statement's kind
                if other is not None and kind != other:
                    return None  # "She has 9 eggs, $18 if she sells them": another quantity
            elif not _same_kind(statement, stated, clause_, value, fresh, mood, prompt):
                return None  # words alone: the same kind of quantity, as above
            if _rate(statement, str(stated.answer)):
                return None  # "She sells eggs at $2 each, but $18 if ...": a rate
    return _flag(stated)
