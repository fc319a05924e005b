"""Every shortcut of the extractor gives its general path's result (issue 14, speed).

The shortcuts: the unrolled default rules (:meth:`Extractor.unrolled`), the plain final
sentence (:meth:`Extractor._sentence_answer` against :meth:`Extractor._sentence_tokens`), the
one-equation check (:func:`single_equation_holds` against :func:`equations_hold`) and the
integer expressions of :func:`evaluate_expression` (against the general reader). Checked on
the whole benchmark corpus and on generated texts aimed at each shortcut's edges.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.equations import (
    _evaluate_tokens,
    equations_hold,
    evaluate_expression,
    single_equation_holds,
)
from rftkit.rewards.extract import Extractor
from rftkit.rewards.numbers import clean_latex, has_digit
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.sentences import _FINISHERS, _plain_tail, _sentence_start
from rftkit.rewards.thinking import may_hold_thinking
from rftkit.rewards.types import Sample
from tests.conftest import GSM8KData

REPO = Path(__file__).resolve().parents[2]


def _corpus(rows: Path, per_form: int) -> list[dict[str, Any]]:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from make_gsm8k_corpus import build_corpus, load_rows
    finally:
        sys.path.pop(0)
    return build_corpus(load_rows(rows), per_form)


def _final_sentence(reply: str) -> str:
    body = reply.rstrip()
    end = len(body)
    while end and body[end - 1] in _FINISHERS:
        end -= 1
    return body[_sentence_start(body, end) :]


@pytest.fixture(scope="module")
def corpus(gsm8k_data: GSM8KData) -> list[dict[str, Any]]:
    # The bench corpus in full (3,000 replies per form) when ../shared has the train split.
    return _corpus(gsm8k_data.splits[0], 3000 if gsm8k_data.full else 200)


def test_the_shortcuts_match_the_general_path_on_the_whole_bench_corpus(
    corpus: list[dict[str, Any]],
) -> None:
    ex = Extractor()
    registry = GraderRegistry(entry_points=False)
    gsm8k, numeric = registry.create("gsm8k"), registry.create("numeric")
    general = gsm8k.impl.general  # type: ignore[attr-defined]
    from rftkit.rewards.extract import parse_reference

    mismatches = []
    for i, item in enumerate(corpus):
        reply, reference = str(item["response"]), str(item["reference"])
        expected = ex.general(reply)
        if ex(reply) != expected:
            mismatches.append((i, "extractor"))
        plain = len(reply) <= ex.window and reply.isascii() and "<<" not in reply
        plain = plain and not may_hold_thinking(reply)  # __call__ reads after the thinking
        if plain and "\nQ" not in reply and ex.unrolled(reply) != expected:
            mismatches.append((i, "unrolled"))
        sentence = _final_sentence(reply)
        if ex._sentence_answer("final_sentence", sentence, True, []) != ex._sentence_tokens(
            "final_sentence", sentence, True, []
        ):
            mismatches.append((i, "sentence"))
        sample = Sample.from_text(response=reply, reference=reference)
        parsed = parse_reference(reference)
        reward = gsm8k(sample)
        if reward != general(reply, parsed, parsed.number):
            mismatches.append((i, "gsm8k"))
        if numeric(sample).metric("correct") != reward.metric("correct"):
            mismatches.append((i, "numeric"))
    assert mismatches == []


_WORDS = st.sampled_from(
    [
        "",
        "she has",
        "In 5 days, she earns",
        "either",
        "Total",
        "x",
        "or",
        "and",
        "tax",
        "(",
        "-",
        "she has 2 $10 bills and",
        "80 18-inch boards, so",
        "x - 0.25*x = 7 =>",
    ]
)
_OPS = st.sampled_from(
    ["+", "-", "*", " x ", "/", " / ", " - ", ", ", " or ", "=", "", " $5 bills + ", "/week * "]
)
_AFTER = st.sampled_from(
    [
        "",
        ".",
        " apples.",
        " miles",
        " hundred",
        " Thousand eggs",
        " percent",
        "%",
        " pieces",
        "k",
        " k",
        "/2",
        ".5",
        ",5",
        ",500",
        " 1/2",
        " ^2",
        "^2",
        "e3",
        " x 10^3",
        "  x 10^3",
        " \\times 10^3",
        ")",
        " (rounded)",
        ", so the total is 7.",
        ", so the total is -7.",
        " or 73.",
        " or .5",
        " and 73",
        ", 73, or 74.",
        " desserts, so she has 11 left.",
        " thus 12",
        " -3",
        "-3",
        " 1,234",
        " $5",
        " $5 bills.",
        " 6-inch pencils.",
        "/week.",
        " or 7%",
    ]
)
_NUMBER = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.integers(min_value=1000, max_value=10**9).map(lambda n: f"{n:,}"),
    st.sampled_from(["007", "0", "1,5", "12,3456", "1234567890123456", "2.5", ".5", "-4"]),
)


@settings(max_examples=600, deadline=None)
@given(_WORDS, _NUMBER, _OPS, _NUMBER, st.sampled_from([" = ", "=", " =  ", " = $"]), _NUMBER)
def test_the_plain_final_sentence_reads_as_the_general_reading(
    words: str, a: str, op: str, b: str, eq: str, result: str
) -> None:
    ex = Extractor()
    for after in ("", ".", " apples.", ", so the total is 7.", " or 73.", "%", " hundred"):
        sentence = f"{words} {a}{op}{b}{eq}{result}{after}"
        assert ex._sentence_answer("final_sentence", sentence, True, []) == ex._sentence_tokens(
            "final_sentence", sentence, True, []
        ), sentence


@settings(max_examples=600, deadline=None)
@given(_WORDS, _NUMBER, _OPS, _NUMBER, _NUMBER, _AFTER)
def test_the_plain_tail_edges_read_as_the_general_reading(
    words: str, a: str, op: str, b: str, result: str, after: str
) -> None:
    ex = Extractor(numeric=False)
    sentence = f"{words} {a}{op}{b} = {result}{after}"
    assert ex._sentence_answer("last_number", sentence, False, ["x"]) == ex._sentence_tokens(
        "last_number", sentence, False, ["x"]
    ), sentence


@settings(max_examples=600, deadline=None)
@given(_WORDS, _NUMBER, _OPS, _NUMBER, _NUMBER, _AFTER)
def test_one_equation_holds_as_every_equation_does(
    words: str, a: str, op: str, b: str, result: str, after: str
) -> None:
    s = clean_latex(f"{words} {a}{op}{b} = {result}{after}")
    eq = s.rfind("=")
    m = _plain_tail().match(s, eq + 1)
    if s.find("=") != eq or m is None or has_digit(s[m.end() :]):
        return  # not the shape the shortcut is used on
    value = int(m.group(1).replace(",", ""))
    assert single_equation_holds(s, eq, value, m.end(1)) == equations_hold(s, False), s


@settings(max_examples=800, deadline=None)
@given(
    st.lists(
        st.tuples(_NUMBER, st.sampled_from(["+", "-", "*", "/", "x", " * ", " - ", " / "])),
        max_size=1,
    ),
    _NUMBER,
    st.sampled_from(["", " ", "   ", "    ", ".", " .", ",", "$"]),
)
def test_integer_expressions_evaluate_as_the_general_reader(
    parts: list[tuple[str, str]], last: str, pad: str
) -> None:
    # A lone integer or one operation (the shortcuts); longer chains keep their own reading.
    expr = pad.strip(".,") + "".join(n + op for n, op in parts) + last + pad
    assert evaluate_expression(expr) == _evaluate_tokens(expr.rstrip(" .,")), expr


@settings(max_examples=1500, deadline=None)
@given(
    st.integers(min_value=1, max_value=999).map(str),
    st.lists(
        st.tuples(
            st.sampled_from(["+", "-", "*", "/", "x", " + ", " - ", " * ", " / ", "/ ", " /"]),
            st.integers(min_value=1, max_value=999).map(str),
        ),
        min_size=1,
        max_size=7,
    ),
    st.sampled_from(["", " ", "$"]),
)
@example("12", [(" / ", "6"), ("/", "3")], "")  # "6/3" is one number: 12 over 2, 6
@example("24", [(" / ", "1"), ("/", "2")], "")  # divided by one half: 48
@example("61", [("/ ", "49"), ("/", "13"), (" * ", "4")], "")
def test_integer_chains_evaluate_as_the_general_reader(
    first: str, rest: list[tuple[str, str]], pad: str
) -> None:
    # The chains _SIMPLE_EXPR takes (up to nine integers): a glued "a/b" after a "/" is a
    # fraction, as the general reader reads it (before, "12 / 6/3" was 2/3 here and 6 there).
    expr = pad + first + "".join(op + n for op, n in rest)
    assert evaluate_expression(expr) == _evaluate_tokens(expr.rstrip(" .,")), expr


def test_a_fraction_after_a_division_is_one_number() -> None:
    assert evaluate_expression("12 / 6/3") == 6 == _evaluate_tokens("12 / 6/3")
    assert evaluate_expression("24 / 1/2") == 48
    assert evaluate_expression("12 / 6 / 3") == _evaluate_tokens("12 / 6 / 3")
    assert str(evaluate_expression("12/6/3")) == "2/3"
