"""The final-sentence shortcuts read exactly as the general reading does (issue 14, speed).

Each shortcut is checked against the slower code it stands in for, on generated texts aimed
at its edges: the sentence start found by one-character searches, a final sentence with one
equation read by one pattern (:func:`one_equation`), the clause break found by one
search, number words matched on lowered text, and the hedged answer lists that
:func:`parse_answer` rejects without the general reader.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.equations import _parse_answer_general, parse_answer
from rftkit.rewards.extract import Extractor
from rftkit.rewards.sentence_patterns import last_numbers, one_equation
from rftkit.rewards.sentences import (
    _ABBREVIATIONS,
    _SENTENCE_REACH,
    _clause_break,
    _later_clause,
    _sentence_start,
    is_hedge,
)
from tests.prose import assert_shortcuts_read_as_tokens

# Characters that matter to the shortcuts: stops, digits, arithmetic, brackets, letters
# (x and e among them), hedge words' letters, LaTeX and currency marks.
_ALPHABET = ". !?\t\n,;:()[]%$x*/+-=0123456789aeorndtMsvgi \\{}^"
_TEXT = st.text(alphabet=_ALPHABET, max_size=40)


def _sentence_start_slow(t: str, end: int) -> int:
    """:func:`_sentence_start` by two-character searches, as it was (its oracle).

    A full stop after an abbreviation (the last space-separated word before it, within the
    sentence's reach, is one of ``_ABBREVIATIONS``: ``Ms.``, ``e.g.``) ends no sentence.
    """
    lo = max(0, end - _SENTENCE_REACH)
    start = max(t.rfind("\n", lo, end) + 1, lo)
    rf = t.rfind
    k = max(rf("! ", start, end), rf("? ", start, end))
    for stop in (". ", ".\t"):
        j = rf(stop, start, end)
        while j != -1 and t[start:j].rsplit(" ", maxsplit=1)[-1] in _ABBREVIATIONS:
            j = rf(stop, start, j)
        k = max(k, j)
    return start if k == -1 else k + 2


@settings(max_examples=3000, deadline=None)
@given(_TEXT, st.data())
@example("a. b.\tc! d? e", None)
@example("So Ms. Alice has 4. Mr. Lee has 5, e.g. 5 vs. 4", None)
@example("Mr. Lee.\tMs. Alice", None)
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
        "Total",
        "she broke 15 eggs, leaving",
        "12 eggs and/or",
        "3 (or",
        "a = b,",
        "2 $10 bills and",
        "she cut 80 18-inch boards,",
        "3 $5 or",
    ]
)
_INT = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.integers(min_value=1000, max_value=10**9).map(lambda n: f"{n:,}"),
    st.sampled_from(["007", "0", "1,5", "12,3456", "1234567890123456", "2.5", ".5", "-4"]),
)
_OP = st.sampled_from(
    [
        "+",
        "-",
        "*",
        "x",
        "/",
        " / ",
        " - ",
        "  *  ",
        "    +",
        ", ",
        " or ",
        " apples - ",
        "% of ",
        " fish / ",
        " X ",
        " cm x ",
        " $10 bills + ",
        " 6-inch pencils * ",
        "/week * ",
        " hours is x ",
        "*x => x ",
        "% * ",
        " hours/day * ",
        ", so ",
        " and/or ",
        ") / ",
        " (",
    ]
)
_SPACE = st.sampled_from(["", " ", "  ", "    "])
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
        " = 9",
        " $10 bills.",
        " 18-inch lengths.",
        " $5 or 6 bills",
        " 2-foot boards, so 4",
        " eggs, so the total is",
        " or",
        ", ",
        " so the total is -",
        " thus",
        " and",
        " times ",  # an operation left undone after the result (session 11)
        " * ",
        " x $",
        " \\cdot ",
    ]
)


# A final sentence with one equation, in parts: words, a gap, a chain of operations, its last
# operand, padding, the result, text after it, maybe a later number, and an ending.
_SENTENCE_PARTS = (
    _WORDS,
    _SPACE,
    st.lists(st.tuples(_INT, _OP), max_size=4),
    _INT,
    _SPACE,
    _INT,
    _AFTER,
    st.one_of(st.just(""), _INT),
    _AFTER,
)


@settings(max_examples=4000, deadline=None)
@given(*_SENTENCE_PARTS)
def test_one_equation_reads_a_final_sentence_as_the_general_reading(
    words: str,
    gap: str,
    chain: list[tuple[str, str]],
    last: str,
    pad: str,
    result: str,
    after: str,
    later: str,
    end: str,
) -> None:
    ex = Extractor()
    left = "".join(n + op for n, op in chain) + last
    sentence = f"{words}{gap}{left}{pad}={pad}{result}{after}{later}{end}"
    assert ex._sentence_answer("final_sentence", sentence, True, []) == ex._sentence_tokens(
        "final_sentence", sentence, True, []
    ), sentence


@pytest.mark.parametrize(
    ("sentence", "read"),
    [
        ("The total number of napkins William has now is 20+25 = 45 napkins.", (45, 1, None)),
        ("she broke 15 eggs, leaving 36 eggs - 15 eggs = 21 eggs.", (21, 1, None)),
        ("In total, Billy slept 6+8+4+12=30 hours.", (30, 1, None)),
        ("So each person gets 150,000-15,000=135,000.", (135000, 1, None)),
        ("Thus, James planted 100/5 = 20 flowers in a day, so the total is 23.", (23, 1, None)),
        ("So she has 10/3 = 3 pies.", (3, 1, None)),
        ("So she has 20+25 = 46 napkins.", (46, 1, "multiple_answers")),
        ("It is 12 or 15 = 15.", (15, 1, "multiple_answers")),
        ("So it is = 72 or 73.", (72, 2, "multiple_answers")),
        ("So she has 20+25 = 45.5 napkins.", None),
        ("So (20+25) = 45.", None),
        ("So 3 = 3 = 3.", None),
        ("So 2+3 = 5 times 3.", (5, 1, "several_numbers")),  # was (5, 1, None): paid 5
    ],
)
def test_one_equation_reads_the_common_shapes_and_leaves_the_rest(
    sentence: str, read: tuple[int, int, str | None] | None
) -> None:
    assert one_equation(sentence) == read
    if read is not None:
        answer = Extractor()._sentence_tokens("final_sentence", sentence, True, [])
        assert answer is not None
        assert (answer.answer, answer.n_candidates, answer.rejected) == (str(read[0]), *read[1:])


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
    # one_equation and plain_tail test ", " (one memchr) before the search: a break too.
    if ", " in gap:
        assert _clause_break().search(gap) is not None, gap


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
        "four",
        "teen",
        "thousand",
        "billion",
        "zero",
        "2",
        "_",
        "É",
        "\u212a",
    ]
)


def _number_words_slow(text: str) -> list[tuple[int, int, str]]:
    """``number_words._words`` by the case-blind pattern that looks behind (its oracle)."""
    import re

    from rftkit.rewards import number_words as nw

    words: list[tuple[int, int, str]] = []
    for m in re.compile(nw._NUMBER_WORD_SOURCE, re.IGNORECASE).finditer(text):
        k = m.start()
        for w in m.group().lower().split("-"):
            words.append((k, k + len(w), w))
            k += len(w) + 1
        if len(words) >= nw._MAX_WORDS:
            break
    return words


@settings(max_examples=3000, deadline=None)
@given(st.lists(_WORD_PIECES, max_size=8))
@example(["four", "teen"])
@example(["twenty-five", "-", "four"])
@example(["'", "ten", "'"])
def test_number_words_on_lowered_ascii_read_as_ignoring_case(pieces: list[str]) -> None:
    # On an ASCII text number_words reads the lowered text by the words' trie after the
    # character before them: the same words as the case-blind pattern that looks behind.
    from rftkit.rewards import number_words as nw

    text = "".join(pieces)
    assert nw._words(text) == _number_words_slow(text), text
    original = nw._words
    try:
        nw._words = _number_words_slow  # the case-blind reading
        expected = nw.number_words(text)
    finally:
        nw._words = original
    assert nw.number_words(text) == expected, text


def test_number_words_trie_holds_every_word_and_no_other() -> None:
    import re

    from rftkit.rewards import number_words as nw

    trie = re.compile(nw._WORD_TRIE)
    flat = re.compile(nw._WORD)
    words = [*nw._WORD_VALUES, "a", "an", "hundred", "thousand", "million", "billion", "dozen"]
    for w in words:
        assert trie.fullmatch(w) and flat.fullmatch(w), w
        for more in ("s", "x", "-"):
            assert not trie.fullmatch(w + more) and not flat.fullmatch(w + more), w
    for w in ("", "t", "twent", "fou", "hundreds", "n", "b"):
        assert not trie.fullmatch(w) and not flat.fullmatch(w), w


_NOEQ_PIECES = st.sampled_from(
    [
        "59",
        "60",
        "1,234",
        "12,5",
        "0",
        "007",
        "2.5",
        ".5",
        "1/2",
        "3/4",
        " ",
        " or ",
        " and ",
        ", ",
        " to ",
        "either ",
        "between ",
        "-",
        " -",
        "5e3",
        "e",
        "x",
        " x 10^3",
        "^2",
        "%",
        " percent",
        " million",
        "k",
        " dozen",
        " apples",
        " in total",
        ".",
        ", so the total is ",
        "She has ",
        "twenty",
        "(",
        ")",
        "$",
        " $",
        " €",
        "-inch ",
        " bills",
        "Ms. ",
        "/",
        "~",
        "A.",
    ]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_NOEQ_PIECES, min_size=1, max_size=8))
@example(["She has ", "59", " or ", "60", " in total", "."])
@example(["She has ", "59", ", so the total is ", "60", "."])
@example(["/", "(", "(", "59"])  # found by hypothesis: a bracketed denominator is bound
@example(["She has ", "twenty", " in total", "."])  # no digit: read without scanning
def test_the_last_numbers_of_a_sentence_read_as_the_general_reading(pieces: list[str]) -> None:
    assert_shortcuts_read_as_tokens("".join(pieces))


@pytest.mark.parametrize(
    ("sentence", "read"),
    [
        ("Renaldo and Ernesto drove a total of 27 kilometers.", (27, 1, None)),
        ("She ends up with either 59 or 60 in total.", (60, 2, "multiple_answers")),
        ("She ends up with either 60 or 60 in total.", (60, 1, None)),
        ("Henri drove 305 miles farther, so the total is 308.", (308, 1, None)),
        ("In 3 days she reads 12 pages.", (12, 1, None)),
        ("She has 2.5 or 3 cups.", None),
        ("She has 1.5 cups.", None),
        ("She has 59 or -60 cups.", None),
        ("She has 3/4 cups.", None),
        ("She has 5 million cups.", None),
    ],
)
def test_last_numbers_reads_the_common_shapes_and_leaves_the_rest(
    sentence: str, read: tuple[int, int, str | None] | None
) -> None:
    assert last_numbers(sentence) == read
    if read is not None:
        answer = Extractor()._sentence_tokens("final_sentence", sentence, True, [])
        assert answer is not None
        assert (answer.answer, answer.n_candidates, answer.rejected) == (str(read[0]), *read[1:])


_REPLY_PIECES = st.sampled_from(
    [
        "So she has 20+25 = 45 apples.",
        "Ashley\u2019s speed is 72.",
        "\u00bd of 8 is 4.",
        "3<<3*4=12>>12 eggs",
        "\n#### 72",
        "\\boxed{5}",
        "The answer is 7.",
        "\nQ: next?",
        "\nA: 5",
        " \uff17\uff12",
        "\u200b",
        "**18**",
        "twelve",
        " either 59 or 60.",
        "\n",
        "\u0667\u0662",
        "x" * 40,
        "Final Answer: The final answer is $65$.",
        # a time frame after the answer, an extension to another frame (time_frames)
        " in 3 days.",
        " d'ici 12 mois.",
        "She makes $18 every day. That's $126 a week!",
        # a final bracketed remark on the sentence before (bracket_remarks)
        " (9 \u00d7 $2)",
        "\n(Not $20.)",
        " \U0001f4b0 (She sells 9 eggs.)",
    ]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_REPLY_PIECES, min_size=1, max_size=6))
def test_replies_with_annotations_or_unicode_take_the_unrolled_rules_as_general_would(
    pieces: list[str],
) -> None:
    ex = Extractor()
    reply = "".join(pieces)
    assert ex(reply) == ex.general(reply), reply


_GAP_TEXT = st.lists(
    st.sampled_from(
        [
            " ",
            ",",
            ";",
            "/",
            "-",
            "~",
            "(",
            ")",
            "[",
            "]",
            "$",
            "\\",
            "*",
            "**",
            "\t",
            "\u00a0",
            "or",
            "Or",
            "and",
            "nor",
            "to",
            "either",
            "maybe",
            "perhaps",
            "possibly",
            "probably",
            "flowers",
            "so",
            "the",
            "x",
            "\u017f",
            "\u212a",
            "é",
            "a",
            "t",
            "n",
            "ORANGE",
        ]
    ),
    max_size=6,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_GAP_TEXT)
def test_is_hedge_shortcut_agrees_with_its_pattern(gap: str) -> None:
    from rftkit.rewards import sentences

    is_hedge(gap)  # compiles the pattern on first use
    # The pattern reads the gap without its digit-free bracketed remarks ("(per day)").
    bare = sentences._without_remarks(gap)
    # ... or a hedge adverb after the first number's unit ("18 pages, or maybe 20").
    pattern = sentences._HEDGE_GAP[0].fullmatch(bare) is not None
    assert is_hedge(gap) == (pattern or sentences._adverb_hedge(gap)), gap


@settings(max_examples=2000, deadline=None)
@given(
    st.sampled_from(["", " ", "  ", "$", "-"]),
    st.sampled_from(["", "0", "7", "60", "1234", "007", "1,234"]),
    st.sampled_from([".", ""]),
    st.sampled_from(["", "0", "00", "5", "25", "050", "123456789012"]),
    st.sampled_from(["", " ", ".", "%", "x"]),
)
def test_lone_decimals_evaluate_as_the_general_reader(
    pad: str, whole: str, dot: str, frac: str, end: str
) -> None:
    from rftkit.rewards.equations import _evaluate_tokens, evaluate_expression

    expr = f"{pad}{whole}{dot}{frac}{end}"
    assert evaluate_expression(expr) == _evaluate_tokens(expr.rstrip(" .,")), expr


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Q", "\n", "Q:", "\nQ", "A", "x", "\nA: 5", "QQQQQQQQQ"]), max_size=12
    )
)
def test_newline_q_is_the_two_character_search(pieces: list[str]) -> None:
    from rftkit.rewards.extract import _newline_q

    text = "".join(pieces)
    assert _newline_q(text) == ("\nQ" in text), text


_UNICODE_PIECES = st.sampled_from(
    [
        "a",
        "72",
        " ",
        "\u2019",
        "\u2013",
        "\u2212",
        "\u00d7",
        "\u20ac",
        "\u00e9",
        "\u0667\u0662",
        "\uff15",
        "\u00bd",
        "\u200b",
        "\u00a0",
        "\u2009",
        "x" * 30,
        "\u201c",
        "\u3000",
        "\u2044",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_UNICODE_PIECES, max_size=12), st.integers(min_value=0, max_value=2))
def test_normalize_unicode_translates_each_non_ascii_run(pieces: list[str], scale: int) -> None:
    import re

    from rftkit.rewards.unicode_digits import _UNICODE_MAP, normalize_unicode

    text = "".join(pieces) * (1 + 60 * scale)  # past 1,024 characters too (dense and sparse)
    # A vulgar fraction right after a sign (zero-width characters between are deleted) is
    # written without the space that makes '2½' the mixed number '2 1/2': '-½' is '-1/2'.
    glued = re.sub(
        "([-+\u2212\u2013\u2012\ufe63\uff0d\uff0b][\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]*)"
        "\u00bd",
        lambda m: m.group(1) + "1/2",
        text,
    )
    expected = re.sub(r"[^\x00-\x7f]+", lambda m: m.group().translate(_UNICODE_MAP), glued)
    assert normalize_unicode(text) == expected, text[:80]


_MINERVA_PIECES = st.sampled_from(
    [
        "$65$",
        "65",
        "**65**",
        " 65",
        ":65",
        ".5",
        "(65)",
        "6; 5",
        "6. 5",
        "6\n5",
        "$\\frac{1}{2}$",
        "x",
        "",
        "the answer is 7",
        "ANSWER",
        " ",
        "$",
        "65.",
        "!",
        "`65`",
        "a" * 2100,
    ]
)
_MINERVA_BEFORE = st.sampled_from(
    [
        *(
            "",
            "So 8*9 = 72.\n",
            "The answer is 5.\n",
            "NSWER\n",
            "Answer: 3\n",
            "Q: x\nA: ",
            "\n\n",
        ),
        *("We need to find the answer step by step.\n", "answered 3\n", "answer = 4\n"),
    ]
)


@settings(max_examples=3000, deadline=None)
@given(_MINERVA_BEFORE, _MINERVA_PIECES, _MINERVA_PIECES, st.sampled_from(["", "\n", "  \n", "x"]))
def test_the_minerva_ending_reads_as_the_general_answer_rule(
    before: str, a: str, b: str, end: str
) -> None:
    from rftkit.rewards.extract_rules import _rule_answer_is, _rule_answer_is_general

    t = f"{before}Final Answer: The final answer is {a}{b}. I hope it is correct.{end}"
    for numeric in (True, False):
        assert _rule_answer_is(t, numeric, 16, []) == _rule_answer_is_general(t, numeric, 16, []), t


def test_the_minerva_shortcut_reads_the_canonical_ending_and_leaves_the_rest() -> None:
    from rftkit.rewards.extract_rules import _minerva

    t = "So 8 * 9 = 72.\nFinal Answer: The final answer is $72$. I hope it is correct.\n"
    assert _minerva(t, True) == [("$72$", t.index(". I hope"))]
    assert _minerva("The answer is 5.\n" + t, True) is None  # another statement
    assert _minerva(t.replace("$72$", "(72)"), True) is None  # a bracket: the general rule


def test_every_common_hedge_gap_is_one_the_pattern_accepts() -> None:
    from rftkit.rewards import sentences

    is_hedge(" x ")  # compiles the pattern on first use
    for gap in sentences._COMMON_HEDGES:
        assert sentences._HEDGE_GAP[0].fullmatch(gap) is not None, gap


_LAST_STATEMENT_BEFORE = st.sampled_from(
    [
        "",
        "So ",
        "So 8*9 = 72.\nSo the ",
        "The answer is 5. Then the ",
        "NSWER. The ",
        "Answer: 3\n",
        "Q: x\nA: The ",
        "(so) the ",
        "\n\nThe final ",
        "THE ",
        "an",
        "Our answers: 4.\nThe ",
        # An earlier mention is no statement (the shortcut reads past it); a statement is.
        "We need to find the answer step by step.\nSo the ",
        "He answered 3 of them. The ",
        "answer\nThe ",
        "Answer the question.\nThe ",
        "The answers: 3.\nThe ",
    ]
)
_LAST_STATEMENT_X = st.sampled_from(
    [
        "\n72",
        " \t\n72",
        "  72",
        "4 or 5",
        "72",
        "$72$",
        "**72**",
        " 72",
        ":72",
        ".5",
        "(72)",
        "7; 2",
        "7. 2",
        "7\n2",
        "x",
        "",
        "answer 7",
        "72.",
        "72!",
        "`72`",
        "a" * 2100,
        "72 apples",
        "seventy-two",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(
    _LAST_STATEMENT_BEFORE,
    st.sampled_from(
        [
            "answer is ",
            "Answer is ",
            "answers is ",
            "answer could be ",
            "answers are ",
            "answer would be: ",
            "answer:",
            "Answer = ",
            "answer **is** ",
            "answer equals",
            "answered ",
            "answer isn't ",
            "answer is",
            "answer  is ",
        ]
    ),
    _LAST_STATEMENT_X,
    st.sampled_from(["", ".", "\n", "  ", ". Done"]),
)
def test_the_last_answer_statement_reads_as_the_general_answer_rule(
    before: str, statement: str, x: str, end: str
) -> None:
    from rftkit.rewards.extract_rules import _rule_answer_is, _rule_answer_is_general

    t = f"{before}{statement}{x}{end}"
    for numeric in (True, False):
        assert _rule_answer_is(t, numeric, 16, []) == _rule_answer_is_general(t, numeric, 16, []), t


def test_the_last_statement_shortcut_reads_the_common_ending() -> None:
    from rftkit.rewards.extract_rules import _answer_is_last

    t = "So 9 * 2 = 18 eggs.\nSo the answer is 4 or 5."
    assert _answer_is_last(t, True) == [("4 or 5", len(t))]
    # A mention of "answer" before it is no statement: read by the shortcut too (before:
    # None, the general rule's reading, the same). A statement before it is the general
    # rule's to read.
    t = "We need to find the answer step by step.\nSo the answer is 4 or 5."
    assert _answer_is_last(t, True) == [("4 or 5", len(t))]
    assert _answer_is_last("The answer: 3.\nSo the answer is 4 or 5.", True) is None
    assert _answer_is_last("The answer is 3. " + t, True) is None
    t = "So 9 * 2 = 18 eggs.\nThe answer could be 17, 18, or 19."
    assert _answer_is_last(t, True) == [("17, 18, or 19", len(t))]
    assert _answer_is_last("The answered 3.", True) is None  # no statement


@settings(max_examples=4000, deadline=None)
@given(st.lists(_NOEQ_PIECES, min_size=1, max_size=10))
def test_both_last_numbers_patterns_find_the_same_match(pieces: list[str]) -> None:
    from rftkit.rewards.sentence_patterns import _last_numbers, _last_numbers_short

    sentence = "".join(pieces)
    back, forward = _last_numbers().match(sentence), _last_numbers_short().match(sentence)
    assert (back and back.groups()) == (forward and forward.groups()), sentence


# -- the general reading's own shortcuts (session 11: scan, drop_units, the tokens reading) --

_SCAN_PIECES = st.sampled_from(
    [
        "2",
        "72",
        "1,234",
        "0.5",
        " ",
        "  ",
        "-",
        " hours",
        "hours",
        " pages",
        "th",
        " more",
        " Hundred",
        "hundred",
        " thousand",
        "thousandth",
        " millions",
        " MILLION",
        " billion",
        " trillion",
        " percent",
        "percent",
        " Percent",
        " pm",
        "k",
        " k",
        "K",
        "\u212a",
        " THOUSAND",
        " b\u00edllion",
        " h\u00e9",
        " m\u00e9",
        " x 10^3",
        "^2",
        "%",
        "/",
        "3/4",
        " 1/2",
        ".",
        "e5",
        "x",
        " times",
        "(",
        ")",
    ]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_SCAN_PIECES, min_size=1, max_size=8))
@example(["2", " hours"])
@example(["2", " b\u00edllion"])
@example(["5", "th"])
def test_a_word_after_an_integer_scans_as_the_general_reading(pieces: list[str]) -> None:
    # numbers._plain_before_word reads "2 hours" as the general steps after an integer do.
    from rftkit.rewards import numbers

    text = "".join(pieces)
    fast = numbers.scan(text)
    original = numbers._plain_before_word
    try:
        numbers._plain_before_word = lambda s, end, nxt: False  # the general steps
        slow = numbers.scan(text)
    finally:
        numbers._plain_before_word = original
    assert fast == slow, text


@settings(max_examples=3000, deadline=None)
@given(st.lists(_SCAN_PIECES, min_size=1, max_size=10), st.integers(min_value=1, max_value=4))
def test_a_limited_scan_is_the_start_of_the_full_scan(pieces: list[str], limit: int) -> None:
    # Extractor._tokens_reading reads the text after an "=" once, in full, where it read its
    # first two numbers and then the whole of it again: the same first tokens.
    from rftkit.rewards.numbers import scan

    text = "".join(pieces)
    assert scan(text, limit) == scan(text)[:limit], text


_UNIT_PIECES = st.sampled_from(
    [
        "225",
        "9",
        "%",
        " ",
        "\t",
        "  ",
        " fish",
        " cm",
        " apples",
        " bags",
        "'s",
        "-inch",
        "&",
        " / ",
        "/",
        " * ",
        "*",
        " x ",
        " X ",
        "x",
        " + ",
        " - ",
        "-",
        " \u00d7 ",
        "\u00f7",
        ")",
        "]",
        "(",
        "$",
        "\\",
        ".",
        "3",
        "/week",
        "/or",
        " = ",
    ]
)


@settings(max_examples=4000, deadline=None)
@given(st.lists(_UNIT_PIECES, min_size=1, max_size=10))
@example(["225", " fish", " / ", "3"])
@example(["10", " votes", " / ", "20", " votes", " * ", "9", "%", " = "])
def test_drop_units_drops_the_words_its_lookbehind_pattern_did(pieces: list[str]) -> None:
    import re

    from rftkit.rewards import equation_parts as equations

    text = "".join(pieces)
    equations.drop_units("1 a / 2")  # compiles the lazy patterns
    pattern = equations._UNIT_WORDS.pattern
    assert pattern.startswith("([0-9%])")
    # The pattern as it was: the digit or "%" looked behind at, the match dropped.
    behind = re.compile("(?<=[0-9%])" + pattern[len("([0-9%])") :])
    s = text
    if equations._HAS_LETTER.search(s):
        if "/" in s and equations._PER_UNIT.search(s) is not None:
            s = equations._PER_UNIT.sub("", s)
        s = behind.sub("", s)
    assert equations.drop_units(text) == s, text


_DECIMAL_NUMBERS = st.sampled_from(
    [
        *("3.5", "10", ".5", "0.25", "007", "0", "0.0", ".0", "00.5", "1,200", "1,234.50"),
        *("60.00", "12", "6", "3", "2.", "1.5.3", "1,5", "1234,567", "0/2", "6/3", "6/0"),
        *("1,234,567,890,123,456", "1234567890123456", "12.3456789012345678", "2%", "(3)"),
    ]
)
_DECIMAL_OPS = st.sampled_from(
    [
        *("+", "-", "*", "/", "x", "X", " / ", " - ", "/ ", " /", " -", "  *  ", " x "),
        *(" -$", "/$", "    +", "-  ", " \u00d7 ", "$", " ", "--", " (", "^"),
    ]
)


@settings(max_examples=5000, deadline=None)
@given(
    st.sampled_from(["", " ", "$", "    ", "-"]),
    _DECIMAL_NUMBERS,
    st.lists(st.tuples(_DECIMAL_OPS, _DECIMAL_NUMBERS), max_size=9),
    st.sampled_from(["", " ", "    ", ".", "$"]),
)
@example("", "12", [(" / ", "6"), ("/", "3")], "")  # "6/3" is one number: 12 over 2
@example("", "3", [(" -", "0")], "")  # "-0" is no operand: no value
@example("", "3", [(" -", "0/2")], "")
@example("", "3.5", [("*", "10")], "")
def test_decimal_chains_evaluate_as_the_general_reader(
    pad: str, first: str, rest: list[tuple[str, str]], end: str
) -> None:
    from rftkit.rewards.equation_parts import decimal_chain, decimal_value
    from rftkit.rewards.equations import _evaluate_tokens

    expr = pad + first + "".join(op + n for op, n in rest) + end
    if decimal_chain(expr):  # a chain it reads: the general reader's value
        value = decimal_value(expr)
        general = _evaluate_tokens(expr)
        assert value == general and (value is None) == (general is None), expr


@settings(max_examples=2000, deadline=None)
@given(st.lists(_GAP_PIECES, max_size=6), st.integers(min_value=0, max_value=8))
def test_one_search_finds_the_first_clause_break_later_clause_finds(
    pieces: list[str], start: int
) -> None:
    # Extractor._tokens_reading finds the break after an equation's result by one search.
    text = "".join(pieces)
    m = _clause_break().search(text, start)
    assert (-1 if m is None else m.start()) == _later_clause(text, start), (text, start)


@settings(max_examples=4000, deadline=None)
@given(*_SENTENCE_PARTS, _WORDS)
@example(
    "she has", " ", [("18", " fish / ")], "2", " ", "9", " apples, so the total is -", "2", "", ""
)
@example("3 \\times", " ", [], "4", " ", "12", ".", "", "", "")
@example("", "", [], "4", " ", "12", ".", "", "", "")
@example("", " ", [("1,234,567,890,123", " + ")], "1", " ", "1,234,567,890,124", ".", "", "", "")
@example("", "", [], "12,345,678,901,234", " ", "1,000,000,000,000,000", ", or ", "2", ".", "")
def test_one_equation_pattern_reads_as_the_one_that_backtracks(
    words: str,
    gap: str,
    chain: list[tuple[str, str]],
    last: str,
    pad: str,
    result: str,
    after: str,
    later: str,
    end: str,
    more: str,
) -> None:
    # _one_equation's text before the left side is an atomic group: the same matches as
    # the group that backtracks into earlier ends, on sentences that match and that fail.
    # Its optional parts are choices with an empty branch and its thousands groups nested
    # optional groups (equation_parts.GROUPS): the same matches as "X?" and "(?:,ddd){1,4}".
    # The shortcuts' other patterns (plain_tail, last_numbers) and the left sides' patterns
    # (_SIMPLE_BINARY, _DECIMAL_EXPR) hold GROUPS too.
    import re

    from rftkit.rewards import equation_parts, equations
    from rftkit.rewards.sentence_patterns import _last_numbers, _last_numbers_short, _one_equation
    from rftkit.rewards.sentences import _plain_tail

    pattern = _one_equation().pattern
    prefix = "(?:(?>"
    assert pattern.startswith(prefix)
    atomic_end = pattern.index(")|)") + 3  # the end of the text before the left side
    plain = _plain_form(
        "(?:" + pattern[len(prefix) : atomic_end - 3] + ")?" + pattern[atomic_end:]
    ).replace("{2,8})|) *", "{2,8}))? *")
    assert plain != pattern and "|)" not in plain
    backtracking = re.compile("(?:" + plain[3:])
    written = re.compile("(?>" + plain[3:])  # as it was written before (an atomic group)
    others = [(rx, re.compile(_plain_form(rx.pattern))) for rx in (_plain_tail(),)]
    others += [(rx, re.compile(_plain_form(rx.pattern))) for rx in (_last_numbers(),)]
    others += [(rx, re.compile(_plain_form(rx.pattern))) for rx in (_last_numbers_short(),)]
    binary = equations._SIMPLE_BINARY
    binary.fullmatch("")  # compiled (a lazy pattern)
    binary = equations._SIMPLE_BINARY
    others.append((binary, re.compile(_plain_form(binary.pattern))))
    decimals = equation_parts._DECIMAL_EXPR
    decimals.fullmatch("")
    decimals = equation_parts._DECIMAL_EXPR
    slow = _plain_form(decimals.pattern).replace(r"(?:\.[0-9]{1,15}|)", r"(?:\.[0-9]{1,15})?")
    assert "|)" not in slow
    others.append((decimals, re.compile(slow)))
    left = "".join(n + op for n, op in chain) + last
    sentence = f"{words}{gap}{left}{pad}={pad}{result}{after}{later}{end}{more}"
    for s in (sentence, sentence.replace("=", "= 3 ="), words + more + sentence):
        m, b, w = _one_equation().match(s), backtracking.match(s), written.match(s)
        assert (m and m.regs) == (b and b.regs) == (w and w.regs), s
        for at in (0, s.find("=") + 1):
            for fast, slow in others:
                m, b = fast.match(s, at), slow.match(s, at)
                assert (m and m.regs) == (b and b.regs), (s, at, fast.pattern)
                m, b = fast.fullmatch(s, at), slow.fullmatch(s, at)
                assert (m and m.regs) == (b and b.regs), (s, at, fast.pattern)
        for part in s.split("="):  # a side alone: what evaluate_expression reads
            for fast, slow in others[-2:]:
                m, b = fast.fullmatch(part), slow.fullmatch(part)
                assert (m and m.regs) == (b and b.regs), (part, fast.pattern)


def _plain_form(pattern: str) -> str:
    """``pattern`` with thousands groups written as one counted repeat (as they were)."""
    from rftkit.rewards.equation_parts import GROUPS

    assert GROUPS in pattern
    return pattern.replace(GROUPS, "(?:,[0-9]{3}){1,4}")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="pPiIxa 2(\\\u03c0\u221a\u00e9-", max_size=12))
@example("pi")
@example("api 2")
@example("\\pi")
@example("2pi")
def test_pi_word_matches_as_the_pattern_that_looks_behind_first(text: str) -> None:
    # names_pi's pattern starts with its literal "pi" (searched at memchr-like speed) and
    # looks behind after it: the same matches as the lookbehind first.
    import re

    from rftkit.rewards import equations

    equations.names_pi("")  # compiled
    slow = re.compile("(?<![A-Za-z])pi(?![A-Za-z])|[\u03c0\u221a\u221b]")
    fast = equations._PI_WORD
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_one_equation_reads_every_hedge_word_before_its_left_side(case: object) -> None:
    # one_equation skips the hedge words' test after a word whose last two letters end no
    # hedge word: each hedge word, in each case, still makes the left side one of two.
    from rftkit.rewards.equations import HEDGE_WORDS

    assert callable(case)
    for word in sorted(HEDGE_WORDS):
        for left in ("15", "10 + 5"):
            sentence = f"So it is 12 {case(word)} {left} = 15."
            assert one_equation(sentence) == (15, 1, "multiple_answers"), sentence
        assert one_equation(f"So it is 12 {case(word)}s 10 + 5 = 15.") == (15, 1, None)
