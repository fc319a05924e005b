""":func:`finished`'s shortcut for an unlabeled last line reads as its general reading does.

A last line with no ``:`` (most replies cut off) is decided by one match (two words, then a
digit: prose cut off; else a digit, or none: prose, or an answer in words); the
general reading, :func:`sentences._answer_line`, finds the line's last digit first. These
tests hold the shortcut to it on generated lines aimed at its edges (words, digits,
spaces, a non-ASCII letter or digit, "answer is" in words).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rftkit.rewards.sentences import _answer_line, finished

# Letters (and "x", an operator), digits, spaces and tabs, arithmetic, non-ASCII letters,
# digits and spaces (NFKC leaves some in a reply), and the words of "answer is eighteen".
_PIECES = st.sampled_from(
    [
        *"aZx 0 9 5\t+=*/,.-()$%",
        "\u00e9",
        "\u0663",
        "\u00a0",
        "\u2003",
        "answer is ",
        "Answer Is ",
        "eighteen",
        "twenty-five",
        " dollars",
        "Natalia sold ",
    ]
)
_LINE = st.lists(_PIECES, max_size=24).map("".join)


def _reaches_the_line_reading(line: str) -> bool:
    """Does :func:`finished` of ``line`` (one line) come to read it as a last line?"""
    body = line.rstrip()
    if not body or body != body.strip(" \t*_#>-") or len(body) > 200:
        return False
    end = body[-1]
    if end > "\x7f" or end in "-*_=~.!?)]}$`\"'|>+/=([{,^" or "`" in body:
        return False
    return not (end in "xX" and body[-2:-1] == " ")


@settings(max_examples=4000, deadline=None)
@given(_LINE)
@example("Natalia sold 48+24 = 72 clips altog")
@example("She has 18 apples and ")
@example("She has eighteen")
@example("The answer is eighteen")
@example("the ANSWER is twenty-five dollars")
@example("72 apples are")
@example("x 18")
@example("So \u00e9 9")
@example("So she\u00a0made 9")
@example("So she\u2003made 9")
@example("So she made \u0663")
@example("18 ")
@example("a b")
def test_an_unlabeled_line_reads_as_the_general_reading_reads_it(line: str) -> None:
    if ":" in line or not _reaches_the_line_reading(line):
        return
    body = line.rstrip()
    assert finished(line) == _answer_line(body.strip(" \t*_#>-"))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Natalia sold 48+24 = 72 clips altog", False),  # two words, then a digit
        ("She sold 48 clips", False),
        ("She sold clips", False),  # no digit, no answer in words
        ("The answer is eighteen", True),  # no digit: an answer in words
        ("The answer is eighteen apples and pears", False),  # three words after it
        ("72", True),
        ("72 apples", True),  # no two words before the number
        ("Thus, 19 - 11 = 8", False),  # one word ending with a comma
        ("x = 72", True),
        ("8 * 9 = 72", True),
        ("So 72", True),
        ("So 72 apples are here", False),
    ],
)
def test_unlabeled_lines(line: str, expected: bool) -> None:
    assert finished(line) is expected
    assert _answer_line(line) is expected
