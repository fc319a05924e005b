"""The cheaper checks around a final sentence's reading read as before (issue 14, speed).

``Extractor._statement`` runs a dozen checks on every final sentence (a describing clause,
a comparison, a justification, a restatement, ...). Their probes and first steps were made
cheaper: an ``in`` test before each ``find`` (on 3.11 a find's argument parsing costs two
of them), tests written out instead of a generator, a gate that every later step needs,
and patterns that give up sooner. Each is held here to the code it replaced (its oracle,
copied as it was), on case tables and on generated texts built from the words and signs
the checks look for.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards import comparisons
from rftkit.rewards.checks_after import (
    _HEDGE_HINTS,
    _REASON_ENDS,
    _REASONS,
    REASON_REACH,
    _hedge_hint,
    _plain,
    _undone,
    _written,
    reason_start,
    without_explanation,
    without_reason,
)
from rftkit.rewards.closings import hedged
from rftkit.rewards.describing import _last_opener, _opener, described
from rftkit.rewards.equations import equations_hold
from rftkit.rewards.extract import Extractor
from rftkit.rewards.number_words import counts_in_words
from rftkit.rewards.numbers import Number, clean_latex, has_digit, scan
from rftkit.rewards.second_answers import (
    _PHRASES,
    _restating_window,
    other_value,
    restated,
    restated_in_equation,
    second_in_words,
)
from rftkit.rewards.sentences import _last_digit, is_hedge, mentions

# -- the oracles: the code as it was ---------------------------------------------------------


def _reason_start_old(s: str) -> int:
    k = -1
    for word in _REASONS:
        j = s.find(word, -REASON_REACH)
        if j != -1 and (k == -1 or j < k):
            k = j
    if k == -1 or s[k - 1 : k] in (";", ":"):
        return -1
    d = _last_digit(s, k)
    return k if d != -1 and len(s[d:k].split()) <= 7 else -1


def _without_reason_old(s: str, strict: bool = False) -> str:
    k = _reason_start_old(s)
    if k == -1:
        return s
    e = len(s)
    for end in _REASON_ENDS:
        j = s.find(end, k + 4)
        if j != -1 and j < e:
            e = j
    clause = clean_latex(s[k:e])
    eq = clause.rfind("=")
    if eq == -1:
        return s if _undone().search(clause) is not None else s[:k] + s[e:]
    before = s[:k]
    plain = _plain().match(clause, eq + 1)
    if plain is not None:
        span = plain.group(1)
        digits = span.replace(",", "") if "," in span else span
        value = Number(int(digits), False)
        at = _written(before, digits)
        agree = at != -1
    else:
        results = scan(clause[eq + 1 :], 1)
        if not results or results[0].number is None:
            return s
        value = results[0].number
        span = clause[eq + 1 :][results[0].start : results[0].end]
        agree = False
        at = -1
    if (
        agree
        or mentions(before, value)
        or (", " in before and mentions(before.replace(", ", ","), value))
    ):
        if strict:
            return before + s[e:] if equations_hold(clause, False) else s
        near = before if at == -1 else before[max(0, at - 24) : at + len(span) + 24]
        if any(h in near for h in _HEDGE_HINTS) and hedged(
            clean_latex(before), scan(clean_latex(before)), value
        ):
            return before + s[e:]
        return s
    if not equations_hold(clause, False):
        return s
    return f"{before.rstrip(' ,')} (or {span}){s[e:]}"


_EXPLANATIONS_OLD = (
    ", i.e.,",
    ", i.e.",
    " (i.e.",
    ", that is,",
    ", that's",
    ", that is",
    " \u2014 that's",
    " \u2014 that is",
    " \u2014 ",
)


def _without_explanation_old(sentence: str) -> str:
    for opener in _EXPLANATIONS_OLD:
        k = sentence.find(opener)
        if k != -1:
            break
    else:
        return sentence
    head = clean_latex(sentence[:k])
    said = scan(head)
    if not said or said[-1].number is None or said[-1].end < len(head.rstrip()) - 40:
        return sentence
    answer = said[-1].number.value
    clause = scan(clean_latex(sentence[k:]))
    values = [t.number.value for t in clause if t.number is not None]
    if len(values) < 2 or len(values) != len(clause) or len(values) > 4:
        return sentence
    product = values[0]
    for v in values[1:]:
        product *= v
    if product != answer and sum(values) != answer:
        return sentence
    return sentence[:k] + "."


def _last_opener_old(sentence: str) -> tuple[int, int] | None:
    k = sentence.rfind(" which")
    j = sentence.rfind(" that", k + 1)
    if j != -1:
        k = j
    j = sentence.rfind(" who", k + 1)
    if j != -1:
        k = j
    if k == -1 or sentence.find("=", k) != -1:
        return None
    rx = _opener()
    m = rx.match(sentence, k)
    if m is None or not has_digit(sentence[m.end() :]):
        m = None
        for n in rx.finditer(sentence):
            if not has_digit(sentence[n.end() :]):
                break
            m = n
        if m is None:
            return None
    start = m.start()
    return (start - 1 if start and sentence[start - 1] in ",;" else start), m.end()


def _second_in_words_old(answer: Number | None, text: str | None, sentence: str) -> bool:
    if answer is not None and (
        restated(sentence, answer) or ("=" in sentence and restated_in_equation(sentence, answer))
    ):
        return True
    s = clean_latex(sentence)
    said = counts_in_words(s)
    if not said:
        return False
    digits = scan(s)
    for w in said:
        for d in digits:
            gap = s[d.end : w.start] if d.end <= w.start else s[w.end : d.start]
            if "or" in gap and is_hedge(gap) and other_value(answer, text, [w]):
                return True
    return False


def _old_opener() -> str:
    """The comma's and the hyphen's opener as it was (one pattern for both)."""
    words = r"(?: [A-Za-z'\u2019-]++){0,3}? "
    opener = r"(?:(?:[$\u20ac\u00a3] ?)?[0-9][0-9,.]*+(?: ?%| percent)?" + words
    opener += r"(?:" + comparisons._trie(comparisons._cased(comparisons._NUMBER_WORDS))
    opener += r")|" + comparisons._trie(comparisons._cased(comparisons._openers()))
    return opener + r")(?![a-z])"


_OLD_COMMA = re.compile(r", " + _old_opener())


def _hyphen_old(text: str) -> bool:
    """Whether ``comparisons._candidates`` finds a hyphen before a remark in ``text``."""
    rx = comparisons._patterns()
    k = text.find(" - ")
    while k != -1:
        if text[k + 3 : k + 4].isalpha() and rx[3].match(text, k + 3) is not None:
            return True
        k = text.find(" - ", k + 3)
    return False


# -- generated sentences ---------------------------------------------------------------------

_WORDS = [
    " because ",
    " Because ",
    " since ",
    ", as ",
    "; since ",
    ": because ",
    ", ",
    "; ",
    " so ",
    " thus ",
    " therefore ",
    " hence ",
    " = ",
    "=",
    " + ",
    " * ",
    " x ",
    " times ",
    " / ",
    "/",
    " - ",
    "-",
    "(",
    ")",
    "~",
    "\u00b1",
    " or ",
    " or",
    "or ",
    " for ",
    " to ",
    " and ",
    " which ",
    " which is ",
    " which equals ",
    " which makes ",
    " that ",
    " that is ",
    " that's ",
    " who ",
    " whole ",
    "i.e.",
    ", i.e., ",
    " (i.e. ",
    " \u2014 ",
    "\u2014",
    " Which ",
    " seventy-three ",
    " twenty ",
    " one ",
    " eggs",
    " apples",
    " dollars",
    " per day",
    " per week",
    " is ",
    " was ",
    " the money from ",
    " above the goal of ",
    " under the ",
    " limit",
    " the ",
    " she ",
    " then ",
    " them ",
    " so the total is ",
    " well above ",
    " a ",
    " Above ",
    "$",
    "%",
    ".",
    " ",
    "x" * 60,
]
_NUMBER = st.one_of(
    st.integers(min_value=0, max_value=200).map(str),
    st.sampled_from(["1,000", "2.5", "18", "126", "9", "7", "$18", "3/4"]),
)
_SENTENCE = st.lists(st.one_of(st.sampled_from(_WORDS), _NUMBER), max_size=18).map("".join)

_CASES = [
    "He earns $15 because 5 x 3 = 15.",
    "She makes $18 or $20 because 9 * 2 = 18.",
    "She gives 132 baths because 48 + 36 + 12 = 96.",
    "The answer is 72 since May is 48/2 = 24.",
    "He earns $18 because he sells 9 eggs at $2 each.",
    "She needs 3 more boxes because 27 > 24, so the total is 5.",
    "Yes, because 50 < 52.",
    "So 12; since 3 + 9 = 12, it is 12.",
    "only 32 were left, the people who did not fit because 4 + 5 = 9.",
    "He saves 18, as 9 * 2 = 18.",
    "She makes $18 every day, i.e., 9 eggs at $2 each.",
    "She makes $18 \u2014 9 eggs at $2.",
    "She makes $18 per day, which is the money from 9 eggs.",
    "It takes 8 minutes, which is the time it takes to run 1 mile.",
    "= $18 per day, which is the amount from 9 eggs",
    "There are 40 - 26 = 14 students who do not wear glasses, so the total is 13.",
    "She makes 18 per day, which is 18 * 7 = 126 per week.",
    "72 or seventy-three apples",
    "She has 72 apples for twenty friends.",
    "He reads 18 pages, which is above the goal of 15.",
    "He reads 18 pages - above the goal of 15.",
    "He reads 120 - 105 = 15 pages, so the total is 15.",
    "18 minutes, then 20 minutes, so 38.",
]


@pytest.mark.parametrize("s", _CASES)
def test_the_reason_and_explanation_readings_read_as_before(s: str) -> None:
    assert reason_start(s) == _reason_start_old(s)
    assert without_reason(s) == _without_reason_old(s)
    assert without_reason(s, True) == _without_reason_old(s, True)
    assert without_explanation(s) == _without_explanation_old(s)


@settings(max_examples=3000, deadline=None)
@given(_SENTENCE)
@example("He earns $15 because 5 x 3 = 15.")
@example("x" * 60 + " 18 because 9 * 2 = 18")
@example("18 eggs" + "x" * 60 + " because 9 * 2 = 18")
def test_every_reason_reading_reads_as_before(s: str) -> None:
    assert reason_start(s) == _reason_start_old(s)
    assert without_reason(s) == _without_reason_old(s)
    assert without_reason(s, True) == _without_reason_old(s, True)
    assert without_explanation(s) == _without_explanation_old(s)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=" ort,-/(;~\u00b1anx1", max_size=12))
def test_the_hedge_hints_are_the_tuple(s: str) -> None:
    assert _hedge_hint(s) == any(h in s for h in _HEDGE_HINTS)


@pytest.mark.parametrize("s", _CASES)
def test_the_describing_clause_is_found_as_before(s: str) -> None:
    assert _last_opener(s) == _last_opener_old(s)


@settings(max_examples=3000, deadline=None)
@given(_SENTENCE)
@example("$18 per day, which is the money from 9 eggs")
@example("= 5, which is 9 eggs = 3")
def test_every_describing_clause_is_found_as_before(s: str) -> None:
    assert _last_opener(s) == _last_opener_old(s)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="whatyo ", max_size=10))
def test_a_sentence_without_the_probe_words_describes_nothing(s: str) -> None:
    """``described`` lost its probe to the caller: a sentence without ``wh`` or ``that``
    holds no clause it reads, so the caller skips nothing it would have read."""
    if "wh" not in s and "that" not in s:
        assert described(Extractor(), "final_sentence", s + " 18 eggs.", True, [], None) is None


_N18 = Number(18, False)


@pytest.mark.parametrize("s", _CASES)
def test_second_answers_read_as_before(s: str) -> None:
    for answer, text in ((_N18, "18"), (None, "18"), (Number(72, False), "72")):
        assert second_in_words(answer, text, s) == _second_in_words_old(answer, text, s)


@settings(max_examples=2000, deadline=None)
@given(_SENTENCE)
@example("72 or seventy-three apples")
@example("seventy-three, or 72 apples")
@example("18 or0(")  # a bracket, and " or" glued to a digit: restated's probe, not " or "
def test_every_second_answer_reads_as_before(s: str) -> None:
    for answer, text in ((_N18, "18"), (None, "18")):
        assert second_in_words(answer, text, s) == _second_in_words_old(answer, text, s)


_WINDOW = st.lists(st.sampled_from([*_PHRASES, "which", "that", " or ", "i.e", " ", "is"])).map(
    "".join
)


@settings(max_examples=2000, deadline=None)
@given(_WINDOW)
def test_the_restating_window_is_the_phrase_list(w: str) -> None:
    old = "i.e" in w or " or " in w or any(p in w for p in _PHRASES)
    assert _restating_window(w) == old


def test_no_word_the_comma_probe_skips_opens_a_remark() -> None:
    """A word of ``_NOT_OPENING`` and a space after a comma: the probe gives up; no opener
    may be that word, start with it and a space, or be a prefix of it before a non-letter."""
    openers = comparisons._cased(comparisons._openers())
    for w in comparisons._NOT_OPENING:
        t = w + " "
        for o in openers:
            assert o != w and not o.startswith(t), (w, o)
            assert not (t.startswith(o) and not ("a" <= t[len(o)] <= "z")), (w, o)


_COMMA_CASES = [
    *_CASES,
    "18, so 20",
    "18, so much more than 20",
    "18, she is above 20",
    "18, The highest",
    "18, theirs",
    "18, then 20",
    "18, 3 pages above the goal",
    "18, $3 more than",
    "18, It's well above",
    "18, and above 20",
    "18, each above 20",
    "18, hence above 20",
    "18 - above 20",
    "18 - 3 above 20",
    "18 - $3 more than 20",
]


def _same_comma_matches(s: str) -> None:
    rx = comparisons._patterns()
    for k in range(len(s)):
        new, old = rx[2].match(s, k), _OLD_COMMA.match(s, k)
        assert (new and new.span()) == (old and old.span()), (s, k)
    assert (rx[9].search(s) is not None) == _hyphen_old(s), s


@pytest.mark.parametrize("s", _COMMA_CASES)
def test_the_comparison_probes_match_as_before(s: str) -> None:
    _same_comma_matches(s)


@settings(max_examples=2000, deadline=None)
@given(_SENTENCE)
def test_every_comparison_probe_matches_as_before(s: str) -> None:
    _same_comma_matches(s)
