"""The marker rules' shortcuts read every text as their slow readings do (issue 14, speed).

Each shortcut in the marker rules (:mod:`rftkit.rewards.extract_rules`), in :func:`finished`
and in the few-shot continuation cut is checked against the plain reading it replaces, kept
here as the slow reading (the code as it was before the shortcut): on the whole benchmark
corpus, and on generated texts made of the pieces each shortcut tests for (markers, stops,
emphasis, digits, brackets, line ends), so a shortcut that reads one text differently fails.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards import extract_rules as rules
from rftkit.rewards import sentences
from rftkit.rewards.checks_after import check_cut, unreasoned_answer
from rftkit.rewards.equations import HEDGE_WORDS
from rftkit.rewards.extract import Extractor, _continuation
from rftkit.rewards.numbers import MAX_SPAN, has_digit
from rftkit.rewards.relations import kept_span
from tests.conftest import GSM8KData

REPO = Path(__file__).resolve().parents[2]
Candidates = list[tuple[str, int]] | None

# -- the slow readings -----------------------------------------------------------------------

_ANSWER_TAIL = re.compile(
    r"[sS]?(?![A-Za-z0-9])[ \t*_]{0,8}(?:[:=]|(?:"
    + "|".join(rules._ANSWER_VERBS)
    + r")(?![A-Za-z])[ *_]*:?)"
)
_STOP = re.compile(r"\n|\. |; ")


def slow_sentence(t: str, start: int) -> tuple[str, int]:
    """The rest of the sentence: to the first stop that no hedged value follows, and before a
    bracket unless the bracket offers another value or a hedged value follows it (the rule's
    documented exceptions, ``18; or 20``, ``18 (or 20)``, ``18 (per day) / 126``, ``18 or
    (20)``: a hedge word before a bracket that holds a digit)."""
    limit = min(len(t), start + MAX_SPAN + 1)
    end = limit
    for m in _STOP.finditer(t, start, limit):
        if t[m.start()] != ";" or not rules._hedged_value(t, m.start(), limit):
            end = m.start()
            break
    k = t.find(" (", start, end)
    if k != -1 and t[start:k].strip(" \t:*_`"):
        close = t.find(")", k, end)
        words = t[start:k].rstrip(" \\").split()
        inner = t[k + 2 : end].split(")", 1)[0]
        offers = rules.hedging_remark(t[k + 2 : end]) or (
            bool(words) and words[-1].strip(",;:").casefold() in HEDGE_WORDS and has_digit(inner)
        )
        if not offers and not (close != -1 and rules._hedged_value(t, close + 1, end)):
            end = k
    return t[start:end], end


def slow_answer_is(t: str, numeric: bool, cap: int) -> Candidates:
    found: list[int] = []
    for stem in ("nswer", "NSWER"):
        i = t.rfind(stem)
        while i != -1 and len(found) < rules._MAX_MARKERS:
            if i and t[i - 1] in "aA":
                m = _ANSWER_TAIL.match(t, i + 5)
                if m is not None:
                    found.append(m.end())
            i = t.rfind(stem, 0, i)
    found.sort(reverse=True)
    out: list[tuple[str, int]] = []
    inner = len(t) + 1
    for after in found:
        raw, end = slow_sentence(t, after)
        if end > inner and not has_digit(t[after:inner]):
            continue
        inner = after
        span = raw.strip(" \t:*_`").rstrip(".!").strip(" \t*_`")
        if not span or (numeric and not has_digit(span)):
            continue
        out.append((span, end))
        if len(out) > cap:
            break
    out = slow_without_reasons(out, numeric)
    # What a statement rejects or compares is no answer ("18, not 16": relations).
    return [(kept_span(span), end) for span, end in out] if numeric else out


_WORD = re.compile(r"[A-Za-z]\S*")


def slow_last_digit(t: str) -> int:
    return max(t.rfind(d) for d in "0123456789")


def slow_strip_decoration(body: str) -> str:
    """Trailing emoji, symbols and spaces (64 characters a line), then rule lines (4 at most)."""
    import unicodedata

    for _ in range(4):
        kept = len(body)
        while kept > max(0, len(body) - 64) and (
            body[kept - 1].isspace()
            or (
                not body[kept - 1].isascii()  # ASCII "`" and "^" are symbols (Sk) too
                and unicodedata.category(body[kept - 1]) in {"So", "Sk", "Mn", "Me", "Cf"}
            )
        ):
            kept -= 1
        body = body[:kept]
        last_line = body.split("\n")[-1]
        if 3 <= len(last_line) <= 200 and set(last_line) <= set(" \t-*_=~"):
            body = body[: len(body) - len(last_line)]
            continue
        break
    return body


def slow_finished(t: str) -> bool:
    body = t.rstrip()
    if not body:
        return True
    body = slow_strip_decoration(body)
    if not body:
        return True
    if "`" in body and body.count("```") % 2:
        return False
    end = body[-1]
    line = body[body.rfind("\n") + 1 :]
    if end in sentences._FINISHERS:
        if end == "*":
            if body.endswith("**"):
                return line.count("**") % 2 == 0
            # an italic closed on its line: an opener at a word start, a closer after text
            opener = re.search(r"(?:^|[ \t(\"'>])\*[^ \t*][^*]*\*$", line)
            return opener is not None and line[-2] not in " \t+-/=(,^*"
        if end == "$":
            return (line.count("$") - line.count("\\$")) % 2 == 0  # "\\$" is a sign
        return True
    if end in "+-/=([{,^\u00d7\u00f7\u00b7" or body.endswith((" x", " X")):
        return False
    line = line.strip(" \t*_#>-")
    if len(line) > sentences._ANSWER_LINE:
        return False
    last_digit = slow_last_digit(line)
    if last_digit == -1:
        return sentences.answer_in_words(line)  # "Answer: eighteen" (its own tests)
    if len(_WORD.findall(line[last_digit + 1 :])) > 2:
        return False
    before = line[:last_digit]
    colon = before.find(":")
    if colon != -1 and len(before[:colon].split()) <= 3:
        before = before[colon + 1 :]
    words = _WORD.findall(before)
    return not words or (len(words) == 1 and not words[0].endswith(","))


def slow_continuation(t: str) -> int:
    answered = len(t)
    if t.startswith("A:"):
        answered = 0
    for m in ("\nA:", "####", "\\boxed"):
        k = t.find(m, 0, answered)
        if k != -1:
            answered = k
    for stem in ("nswer", "NSWER"):
        k = t.find(stem, 0, answered)
        seen = 0
        while k != -1 and seen < rules._MAX_MARKERS:
            if k and t[k - 1] in "aA" and _ANSWER_TAIL.match(t, k + 5) is not None:
                answered = k
                break
            seen += 1
            k = t.find(stem, k + 5, answered)
    if answered == len(t):
        return -1
    best = -1
    for marker in ("\nQ:", "\nQuestion:"):
        k = t.find(marker, answered + 1)
        if k != -1 and (best == -1 or k < best):
            best = k
    return best


def slow_boxed(t: str, cap: int, flags: list[str]) -> Candidates:
    out: list[tuple[str, int]] = []
    seen = 0
    i = t.rfind("\\boxed")
    while i != -1 and len(out) <= cap and seen < rules._MAX_MARKERS:
        k = i + 6
        while k < len(t) and t[k] == " ":
            k += 1
        if k < len(t) and t[k] == "{":
            seen += 1
            close = rules.matching_brace(t, k)
            if close == -1:
                if "unclosed_box" not in flags:
                    flags.append("unclosed_box")
                if seen == 1:
                    return None
            else:
                span = t[k + 1 : close].strip()
                if span:
                    out.append((span, close + 1))
        i = t.rfind("\\boxed", 0, i)
    return out


def slow_a_line(t: str, numeric: bool) -> Candidates:
    body = t.rstrip()
    start = body.rfind("\n") + 1
    line = body[start:].lstrip(" \t*_")
    if line.startswith("A:") or line.startswith("A :"):
        span = line.partition(":")[2].strip(" \t*_")
        span = span.rstrip(".").strip()
        if span and (not numeric or span[0] in rules._NUMBER_START):
            out = slow_without_reasons([(span, len(body))], numeric, True)
            return [(kept_span(x) if numeric else x, e) for x, e in out]
    return []


def slow_without_reasons(found: Candidates, numeric: bool, strict: bool = False) -> Candidates:
    """Each answer without a justification after it (numeric mode): ``72 since ...``."""
    if not numeric:
        return found
    return [(unreasoned_answer(span, strict), end) for span, end in found]


def slow_bold(t: str, cap: int) -> Candidates:
    body = t.rstrip()
    line_start = max(body.rfind("\n") + 1, len(body) - MAX_SPAN)
    if body.find("**", line_start) == -1:
        return []
    if check_cut(t) != -1:  # the last line is a check's: the line before it is read
        body = t[: check_cut(t)].rstrip()
        line_start = max(body.rfind("\n") + 1, len(body) - MAX_SPAN)
    marks: list[int] = []
    k = body.find("**", line_start)
    while k != -1 and len(marks) < 2 * rules._MAX_MARKERS:
        marks.append(k)
        k = body.find("**", k + 2)
    out: list[tuple[str, int]] = []
    for a, b in zip(marks[0::2], marks[1::2], strict=False):
        span = body[a + 2 : b].strip()
        if span and span[0] in rules._NUMBER_START and not span.endswith(":"):
            out.append((span, b + 2))
    out.reverse()
    return out[: cap + 1]


# -- the corpus ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def replies(gsm8k_data: GSM8KData) -> list[str]:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from make_gsm8k_corpus import build_corpus, load_rows
    finally:
        sys.path.pop(0)
    corpus: list[dict[str, Any]] = build_corpus(
        load_rows(gsm8k_data.splits[0]), 3000 if gsm8k_data.full else 200
    )
    out = [str(item["response"]) for item in corpus]
    # Each reply cut at a few places too: the rules must agree on unfinished text as well.
    return out + [r[: len(r) * k // 4] for r in out[::5] for k in (1, 2, 3)]


def test_the_marker_rules_read_the_whole_corpus_as_their_slow_readings(
    replies: list[str],
) -> None:
    mismatches = []
    for i, reply in enumerate(replies):
        for numeric in (True, False):
            got = rules._rule_answer_is(reply, numeric, 16, [])
            if got != slow_answer_is(reply, numeric, 16):
                mismatches.append((i, "answer_is", numeric))
        x = rules.last_statement(reply, reply.rfind("nswer"))
        expected = [(x, len(reply))] if x else []
        if x is not None and rules._rule_answer_is(reply, True, 16, []) != expected:
            mismatches.append((i, "last_statement", None))
        if sentences.finished(reply) != slow_finished(reply):
            mismatches.append((i, "finished", None))
        if sentences._last_digit(reply) != slow_last_digit(reply):
            mismatches.append((i, "last_digit", None))
        if _continuation(reply) != slow_continuation(reply):
            mismatches.append((i, "continuation", None))
        flags: list[str] = []
        if rules._rule_boxed(reply, True, 16, flags) != slow_boxed(reply, 16, []):
            mismatches.append((i, "boxed", None))
        for numeric in (True, False):
            if rules._rule_a_line(reply, numeric, 16, []) != slow_a_line(reply, numeric):
                mismatches.append((i, "a_line", numeric))
        if rules._rule_bold(reply, True, 16, []) != slow_bold(reply, 16):
            mismatches.append((i, "bold", None))
    assert mismatches == []


# -- generated texts aimed at each shortcut's edges ------------------------------------------

_ANSWER_PIECES = st.sampled_from(
    [
        "answer",
        "Answer",
        "ANSWER",
        "answers",
        "answered",
        "nswer",
        "Final Answer:",
        "The final answer is",
        " is ",
        " is",
        "is ",
        " is  ",
        " is *",
        " is **",
        " is _",
        " is:",
        " is\t",
        " IS ",
        " isn't ",
        " is" + " " * 7,
        " is" + " *" * 4,
        " is" + "_" * 9,
        " isé",
        " is5",
        ":",
        " island ",
        " would be ",
        " equals ",
        ":",
        "=",
        " : ",
        "**",
        "$",
        "$65$",
        "18",
        "1,234",
        "2.5",
        ". ",
        ".",
        "; ",
        ";",
        "\n",
        " (",
        "(",
        ")",
        " ",
        "\t",
        "`",
        "x",
        "The ",
        "final ",
        " I hope it is correct.",
        " or",
        " or \\",
        "x = ",
    ]
)


def _text(pieces: list[str]) -> str:
    return "".join(pieces)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_ANSWER_PIECES, max_size=14), st.booleans(), st.integers(0, 3))
# A value after an empty bracket, through a hedge gap: found by this test once.
@example(["answer", " is\u00e9", " (", ")", "$65$"], False, 0)
def test_answer_statements_read_as_the_slow_reading(
    pieces: list[str], numeric: bool, cap: int
) -> None:
    t = _text(pieces)
    assert rules._rule_answer_is(t, numeric, cap, []) == slow_answer_is(t, numeric, cap), t


def assert_last_statement_reads_as_the_rule(t: str) -> None:
    """:func:`rules.last_statement` reads ``t`` as the rule does, or leaves it to the rule."""
    x = rules.last_statement(t, t.rfind("nswer"))
    if x is not None:
        for cap in (0, 16):
            assert rules._rule_answer_is(t, True, cap, []) == ([(x, len(t))] if x else []), t


# And what the rule's later readers look for: reasons, relations, comparisons, non-ASCII.
_LAST_PIECES = st.one_of(
    _ANSWER_PIECES,
    st.sampled_from(
        [
            *(" since ", " because ", ", as ", "<", ">", ", not ", ", which exceeds ", " than "),
            *("w", "t", "s", "\u00e9", "\u00a0", ", ", " or ", "20", "!", "NSWER", "answer is "),
        ]
    ),
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_LAST_PIECES, max_size=14), st.lists(_LAST_PIECES, max_size=4))
@example(["The answer is ", "18", "."], [])
def test_the_last_statement_reads_as_the_rule(pieces: list[str], more: list[str]) -> None:
    t = _text(pieces)
    assert_last_statement_reads_as_the_rule(t)
    assert_last_statement_reads_as_the_rule(t + " answer is " + _text(more))


@settings(max_examples=4000, deadline=None)
@given(
    st.sampled_from(["", "So ", "5 + 4 = 9\n", "My answer is 3.\n", "ANSWER: 2\n", "x"]),
    st.sampled_from(
        [
            *("The answer is ", "the answer is **", "Answer: ", "**Answer:** ", "Answer = "),
            *("The answer could be ", "answers are ", "Final Answer: The final answer is "),
        ]
    ),
    st.lists(
        st.sampled_from(
            [
                *("18", "20", "1,000", "$5", "2.5", " or ", ", ", " < ", ">", " since ", ", as "),
                *(" because 9 x 2 = ", ", not ", ", which exceeds ", " than ", " dollars", "**"),
                *("\u00e9", "(", ")", ". ", "; ", "\n", "!", " ", "\t", "*", "`", ":", "w", "t"),
            ]
        ),
        max_size=8,
    ),
    st.sampled_from(["", ".", "!", ". I hope it is correct.", " ", "**.", "\n"]),
)
def test_a_statement_ending_the_reply_reads_as_the_rule(
    head: str, marker: str, body: list[str], end: str
) -> None:
    assert_last_statement_reads_as_the_rule(head + marker + _text(body) + end)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("So the answer is 30 or 27.", "30 or 27"),
        ("So the answer is **152**.", "152"),
        ("The answer could be 70, 72, or 71.", "70, 72, or 71"),
        ("The answer could be: 18", "18"),
        ("The answer is \u0663.", None),  # a digit, but not ASCII
        ("The answer is 18 20.", "18 20"),  # the rule's reading (the parse finds two numbers)
        ("We need to find the answer step by step.\nShe sells 9 eggs", ""),
        ("Answering: 5 and 6", ""),
        ("The answer is 5.\nWe need to find the answer step by step.", None),
        ("ANSWER IS 5.\nWe need to find the answer step by step.", None),
        ("unanswered 5", ""),
        ("The answer could be  **18**.", "18"),
        ("The answer could be\t18.", "18"),
        ("Answer = 18", "18"),
        ("Answer:18", "18"),
        ("5 + 4 = 9\nAnswer: 9", "9"),
        ("5 + 4 = 9\n**Answer:** 9", "9"),
        ("The answer is 18 since 9 x 2 = 18.", None),  # a reason: the rule reads it
        ("The answer is 18, not 16.", None),  # a relation
        ("The answer is 18, which exceeds 15.", None),  # a comparison
        ("The answer is 18. I hope it is correct.", None),  # Minerva's ending
        ("My answer is 5. The answer is 18.", None),  # two statements
        ("The answer is eighteen.", None),  # no digit
        ("ANSWER: 5. The answer is 18", None),
        ("The answer is 18 (or 20).", None),
        ("The answer is 18\u00a0dollars.", None),
        ("the answer is 18\nThe end", None),
    ],
)
def test_the_last_statement_on_a_table(text: str, answer: str | None) -> None:
    assert rules.last_statement(text, text.rfind("nswer")) == answer
    assert_last_statement_reads_as_the_rule(text)


@settings(max_examples=2000, deadline=None)
@given(
    st.sampled_from(["Final Answer:", "**Final Answer:**", "Answer =", "answer is", "Answer:"]),
    st.text(alphabet=" Tthe fial.;\n(0*_$", max_size=12),
    st.sampled_from(["answer is", "answer:", "answer is:", "answer is **", "answers are"]),
    st.text(alphabet=" $65.;\n()x", max_size=6),
    st.integers(0, 3),
)
def test_nested_statements_read_as_the_slow_reading(
    outer: str, between: str, inner: str, rest: str, pad: int
) -> None:
    # The outer statement's sentence may or may not hold the inner one: what lies between
    # (stops, digits, brackets) and just after the inner marker decides.
    t = "x" * pad + outer + between + inner + rest
    for numeric in (True, False):
        assert rules._rule_answer_is(t, numeric, 16, []) == slow_answer_is(t, numeric, 16), t


def test_a_statement_that_runs_past_the_length_limit_reads_as_the_slow_reading() -> None:
    # The outer sentence ends at its length limit, just before or after the inner statement.
    for gap in range(MAX_SPAN - 16, MAX_SPAN + 3):
        for fill in (" ", "x"):
            for tail in ("answer is 5", "answer is 5.", "answer: 5"):
                t = "Final Answer:" + fill * gap + " " + tail
                for numeric in (True, False):
                    got = rules._rule_answer_is(t, numeric, 16, [])
                    assert got == slow_answer_is(t, numeric, 16), (gap, fill, tail)


def test_a_last_statement_longer_than_the_limit_reads_as_the_slow_reading() -> None:
    for k in range(MAX_SPAN - 3, MAX_SPAN + 4):
        for t in ("The answer is " + "x" * k, "Answer: " + "x" * k + "5", "answer is 5" + "x" * k):
            for numeric in (True, False):
                assert rules._rule_answer_is(t, numeric, 16, []) == slow_answer_is(t, numeric, 16)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab .;\n(1or\\", max_size=14), st.integers(0, 14))
def test_the_sentence_after_a_statement_reads_as_the_slow_reading(t: str, start: int) -> None:
    start = min(start, len(t))
    assert rules._sentence(t, start) == slow_sentence(t, start)


# Pieces of a reply's last line: words, numbers, labels, commas, closers, whitespace of
# other kinds, non-ASCII letters and digits ("٣" is a digit, but not an ASCII one), and
# runs long enough to cross the 48-character tail and the 200-character answer line.
_LINE_PIECES = st.sampled_from(
    [
        "72",
        "\\$",
        "7",
        "0",
        "1,234",
        " ",
        "  ",
        "\t",
        "\n",
        "\u00a0",
        "\u2003",
        "apples",
        "So",
        "Thus,",
        "x",
        "Total:",
        "Final Answer:",
        "The total is:",
        " = ",
        "=",
        "*",
        "**",
        "$",
        "```",
        "`",
        ".",
        ",",
        ":",
        "-",
        "#",
        ">",
        "_",
        "é",
        "ünf",
        "٣",
        "\uff17",
        "a" * 30,
        "word " * 12,
        "9 " * 30,
        "x" * 120,
        "\U0001f60a",
        "\U0001f44d\U0001f3fd",
        "\u2705",
        "\u200d",
        "\u00f7",
        "---",
        "***",
        "=====",
        " +",
        "(",
        " x",
        "box",
        "\n\n---\n",
        # finished's two-words match (before the last number, no label): word edges
        "the",
        " add ",
        "3x",
        "x3",
        "he,",
        "answer is ",
        "ANSWER IS ",
        "A:",
    ]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_LINE_PIECES, max_size=12))
def test_finished_reads_as_the_slow_reading(pieces: list[str]) -> None:
    t = _text(pieces)
    assert sentences.finished(t) == slow_finished(t), t
    assert sentences._last_digit(t) == slow_last_digit(t), t


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab 1\u00e9\u0663\n.", max_size=120), st.integers(0, 130))
def test_the_last_digit_is_found_as_the_ten_searches_find_it(t: str, cut: int) -> None:
    assert sentences._last_digit(t) == slow_last_digit(t), t
    assert sentences._last_digit(t, cut) == slow_last_digit(t[:cut]), (t, cut)
    assert sentences._words(t) == _WORD.findall(t)


def test_the_last_digit_around_the_stripped_tail() -> None:
    # The digit just inside, at and just outside the 48 characters stripped from the end,
    # with ASCII or a non-ASCII letter between.
    for filler in ("a", "é", "\u0663"):
        for k in range(40, 60):
            for t in ("5" + filler * k, "5" + "b" * k + filler, filler + "5" + "b" * k):
                assert sentences._last_digit(t) == slow_last_digit(t), (filler, k, t)


_FEWSHOT_PIECES = st.sampled_from(
    [
        "Q:",
        "Q: How many?",
        "\nQ:",
        "\nQ: Next?",
        "\nQuestion:",
        "\nQuestion 2:",
        "\nQ",
        "Q",
        "QQ",
        "\nA:",
        "\nA: 5",
        "A:",
        "\nA",
        "\n",
        "\n" * 17,
        "line\n" * 9,
        "Q" * 18,
        "####",
        "#### 5",
        "#",
        "\\boxed{5}",
        "\\",
        "The answer is 5.",
        "to answer this",
        "answer:",
        "ANSWER:",
        "NSWER",
        "N",
        "x",
        " ",
    ]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_FEWSHOT_PIECES, max_size=12))
def test_the_continuation_cut_reads_as_the_slow_reading(pieces: list[str]) -> None:
    t = _text(pieces)
    assert _continuation(t) == slow_continuation(t), t


def test_prepare_cuts_a_continuation_as_before() -> None:
    ex = Extractor()
    reply = "Q: How many?\nA: The answer is 5.\n\nQ: Next one?\nA: 7"
    assert ex.prepare(reply) == (reply[: reply.index("\n\nQ") + 1], ["continuation"])
    assert ex.prepare("Q: How many?\nA: 5") == ("Q: How many?\nA: 5", [])


def test_the_continuation_cut_past_four_lines_and_four_capitals() -> None:
    # The newline and "Q" loops give up after 4 and search on: the marker just before, at
    # and after that point.
    for n in range(0, 9):
        for t in (
            "Q: x" + "\nline" * n + "\nA: 5\nQ: y",
            "Q: x" + "\n" * n + "\nA: 5\n\nQuestion: y",
            "Q: x\nA: 5 " + "Q" * n + "\nQ: y",
            "Q: x\nA: 5 " + "Q " * n + "\nQuestion: y\nQ: z",
            "The answer is 5. " + "\nQ " * n + "\nQ: y",
        ):
            assert _continuation(t) == slow_continuation(t), (n, t)


_LAST_LINE_PIECES = st.sampled_from(
    [
        "**",
        "*",
        "***",
        "**$18**",
        "**18**",
        "**Step 3:**",
        "**Total**",
        "$18",
        "18",
        "-5",
        ".",
        ":",
        " ",
        "  ",
        "\t",
        "\n",
        "_",
        "A:",
        "A :",
        "A: 72",
        "A : $5.",
        "A:**5**",
        "A",
        "x",
        "Answer",
        "\\boxed",
        "\\boxed{",
        "\\boxed {",
        "\\boxed{55}",
        "\\boxed{\\frac{1}{2}}",
        "{",
        "}",
        "{}",
        "x" * 700,
        "**1**" * 60,
    ]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_LAST_LINE_PIECES, max_size=12), st.booleans(), st.integers(0, 3))
def test_boxes_a_lines_and_bold_read_as_the_slow_readings(
    pieces: list[str], numeric: bool, cap: int
) -> None:
    t = _text(pieces)
    flags: list[str] = []
    slow_flags: list[str] = []
    assert rules._rule_boxed(t, numeric, cap, flags) == slow_boxed(t, cap, slow_flags), t
    assert flags == slow_flags, t
    assert rules._rule_a_line(t, numeric, cap, []) == slow_a_line(t, numeric), t
    assert rules._rule_bold(t, numeric, cap, []) == slow_bold(t, cap), t


def test_boxes_and_bold_at_their_limits_read_as_the_slow_readings() -> None:
    for k in range(MAX_SPAN - 3, MAX_SPAN + 4):
        for t in (
            "\\boxed{" + "x" * k + "}",
            "\\boxed{" + "x" * k + "{}}",
            "\\boxed{" + "x" * k,
            "**5**" + "x" * k + "**7**",
            "**5" + "x" * k + "**",
        ):
            assert rules._rule_boxed(t, True, 16, []) == slow_boxed(t, 16, []), k
            assert rules._rule_bold(t, True, 16, []) == slow_bold(t, 16), k
    for pairs in (255, 256, 257, 300):
        t = "**1**" * pairs + " **2**"
        assert rules._rule_bold(t, True, 2, []) == slow_bold(t, 2), pairs
