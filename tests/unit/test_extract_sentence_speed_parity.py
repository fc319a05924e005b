"""The final-sentence shortcuts read exactly as the general reading does (issue 14, speed).

Each shortcut is checked against the slower code it stands in for, on generated texts aimed
at its edges: the sentence start found by one-character searches, the left side of one
equation read by one pattern (:func:`left_side_holds`), the right side that is the result
alone, the clause break found by one search, and the hedged answer lists that
:func:`parse_answer` rejects without the general reader.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.equations import (
    _parse_answer_general,
    left_side_holds,
    parse_answer,
    single_equation_holds,
)
from rftkit.rewards.extract import Extractor
from rftkit.rewards.numbers import clean_latex
from rftkit.rewards.sentences import (
    _clause_break,
    _later_clause,
    _result_only,
    _right_is_result,
    _sentence_start,
    _sentence_start_slow,
)

# Characters that matter to the shortcuts: stops, digits, arithmetic, brackets, letters
# (x and e among them), hedge words' letters, LaTeX and currency marks.
_ALPHABET = ". !?\t\n,;:()[]%$x*/+-=0123456789aeorndt \\{}^"
_TEXT = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=3000, deadline=None)
@given(_TEXT, st.data())
@example("a. b.\tc! d? e", None)
def test_the_sentence_start_is_where_the_two_character_searches_put_it(
    text: str, data: st.DataObject | None
) -> None:
    ends = [len(text)] if data is None else [data.draw(st.integers(0, len(text)))]
    for end in {*ends, 0, len(text)}:
        assert _sentence_start(text, end) == _sentence_start_slow(text, end), (text, end)


def test_the_sentence_start_reaches_back_at_most_400_characters() -> None:
    text = "x" * 1000 + ". " + "y" * 500 + "! z" + "\n" + "w" * 30
    for end in range(0, len(text) + 1, 3):
        assert _sentence_start(text, end) == _sentence_start_slow(text, end)


_WORDS = st.sampled_from(
    [
        "",
        "she has",
        "In 5 days, she earns",
        "either",
        "or",
        "and",
        "tax",
        "x",
        "(",
        "[",
        "-",
        "Mr.",
        "so,",
        "\\times",
        "3 \\cdot",
        "12 or",
        "12, and",
        "total:",
        "1.5 and",
        "$",
        "%",
    ]
)
_INT = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.integers(min_value=1000, max_value=10**9).map(lambda n: f"{n:,}"),
    st.sampled_from(["007", "0", "1,5", "12,3456", "1234567890123456", "2.5", ".5"]),
)
_OP = st.sampled_from(["+", "-", "*", "x", "/", " / ", " - ", "  *  ", "    +", ", ", " or "])
_SPACE = st.sampled_from(["", " ", "  ", "    "])


@settings(max_examples=3000, deadline=None)
@given(
    _WORDS,
    _SPACE,
    st.lists(st.tuples(_INT, _OP), max_size=4),
    _INT,
    _SPACE,
    st.integers(min_value=0, max_value=10**6),
)
def test_one_left_side_reads_as_single_equation_holds(
    words: str, gap: str, chain: list[tuple[str, str]], last: str, pad: str, result: int
) -> None:
    left = "".join(n + op for n, op in chain) + last
    s = f"{words}{gap}{left}{pad}= {result} apples"
    eq = s.rfind("=")
    if s.find("=") != eq:
        return  # one equation only: the shortcut is never asked about more
    fast = left_side_holds(s, eq, result)
    end = eq + 2 + len(str(result))
    if fast is not None:
        assert fast == single_equation_holds(s, eq, result, end), s
    # The value the left side computes, when it computes one, is always accepted.
    value = _simple_result(left)
    if value is not None:
        t = f"{words}{gap}{left}{pad}= {value} apples"
        k = t.rfind("=")
        found = left_side_holds(t, k, value)
        if found is not None:
            assert found == single_equation_holds(t, k, value, k + 2 + len(str(value))), t


def _simple_result(left: str) -> int | None:
    from rftkit.rewards.equations import evaluate_expression

    value = evaluate_expression(left)
    return value if type(value) is int and value >= 0 else None


_AFTER = st.sampled_from(
    [
        "",
        ".",
        " apples.",
        ")",
        ").",
        "%",
        " %",
        " (rounded)",
        " x 2",
        " \\times 10",
        "]",
        " + 3",
        "-",
        " $",
        ", so 7",
        " [note]",
        ".5",
        ",500",
        " or 73",
        " per day",
    ]
)


@settings(max_examples=2000, deadline=None)
@given(_SPACE, _INT, _AFTER)
def test_the_result_alone_is_what_the_right_side_reads(pad: str, result: str, after: str) -> None:
    from rftkit.rewards.equations import _leading_expression

    s = f"x ={pad}{result}{after}"
    m = _result_only().match(s, 2)
    if m is None:
        return
    # The right side of the equation, as the general reading takes it, is the result alone.
    right = _leading_expression(s[2:])
    assert len(right) == m.end(1) - 2, s
    assert _right_is_result().match(s, m.end(1)) is not None, s


_GAP_PIECES = st.sampled_from(
    [
        ", ",
        "; ",
        " so ",
        " thus ",
        " therefore ",
        " which ",
        " making ",
        " apples",
        ",",
        " s",
        "o ",
        " and ",
        " or ",
        "so",
        " ",
    ]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_GAP_PIECES, max_size=5))
def test_one_search_finds_a_clause_break_where_later_clause_does(pieces: list[str]) -> None:
    gap = "".join(pieces)
    assert (_clause_break().search(gap) is not None) == (_later_clause(gap, 0) != -1), gap


_SPAN_PIECES = st.sampled_from(
    [
        "64",
        "6",
        "1,234",
        "1.5",
        ".5",
        "2/3",
        " 2/3",
        "e5",
        "e",
        "x",
        " x ",
        "10^3",
        "^",
        " or ",
        ", ",
        " and ",
        " to ",
        "between ",
        "$",
        "%",
        " percent",
        " million",
        "k",
        " ",
        "-",
        "--",
        "or",
        "(",
        ")",
        "dollars",
        "E",
        "\\",
        "{",
        "=",
        "<<",
        "é",
    ]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_SPAN_PIECES, min_size=1, max_size=7), st.booleans())
@example(["64", " or ", "69"], False)
@example(["2", " 2/3", " or ", "3"], True)
def test_parse_answer_rejects_hedged_lists_as_the_general_reader_does(
    pieces: list[str], strict: bool
) -> None:
    text = "".join(pieces)
    assert parse_answer(text, strict=strict) == _parse_answer_general(text, strict), text


@settings(max_examples=1500, deadline=None)
@given(_WORDS, _INT, _OP, _INT, _SPACE, _INT, _AFTER, _AFTER)
def test_the_final_sentence_shortcuts_read_as_the_general_reading(
    words: str, a: str, op: str, b: str, pad: str, result: str, after: str, later: str
) -> None:
    ex = Extractor()
    sentence = f"{words} {a}{op}{b}{pad}={pad}{result}{after}{later}"
    assert ex._sentence_answer("final_sentence", sentence, True, []) == ex._sentence_tokens(
        "final_sentence", clean_latex(sentence), True, []
    ), sentence


_WORD_PIECES = st.sampled_from(
    [
        "one",
        "One",
        "ONE",
        "eleven",
        "Twenty",
        "twenty-five",
        "forty two",
        "a",
        "An",
        " dozen",
        "-hundred",
        " Thousand",
        "no",
        " of",
        "each",
        "'",
        "-",
        " ",
        ".",
        ",",
        "x",
        "s",
        "seven",
        "Nineteen",
        "ninety",
        "ten",
        "o",
        "ne",
        "É",
        "\u212a",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_WORD_PIECES, max_size=8))
def test_number_words_on_lowered_ascii_read_as_ignoring_case(pieces: list[str]) -> None:
    import re

    from rftkit.rewards import number_words as nw

    text = "".join(pieces)
    slow = re.compile(nw._NUMBER_WORD_SOURCE, re.IGNORECASE)
    original = nw._NUMBER_WORD_LOWER
    try:
        nw._NUMBER_WORD_LOWER = slow  # type: ignore[assignment]  # the case-blind reading
        expected = nw.number_words(text)
    finally:
        nw._NUMBER_WORD_LOWER = original
    assert nw.number_words(text) == expected, text
