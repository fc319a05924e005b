"""An answer line in words that ends the reply without a full stop (``Answer: eighteen``,
``**Final answer:** twenty-five``, ``The answer is eighteen``) is an ended reply, as
``Answer: 18`` is: its number is read. It was read as prose cut off mid-sentence, so the
reply earned nothing (``The answer is eighteen.``, with its full stop, read 18).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.audit.probes.base import number_words as spell
from rftkit.rewards.extract import RULES, Extractor
from rftkit.rewards.sentences import answer_in_words, finished

_EXTRACT = Extractor(tuple(RULES), numeric=True)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Answer: eighteen", "18"),
        ("**Answer:** Eighteen", "18"),
        ("**Answer:** eighteen dollars", "18"),
        ("The answer is eighteen", "18"),
        ("Final answer: twenty-five", "25"),
        ("So she has 5 apples.\nAnswer: five", "5"),
        ("The answer is three hundred and twelve", "312"),
    ],
)
def test_an_answer_line_in_words_is_read(text: str, answer: str) -> None:
    found = _EXTRACT(text)
    assert (found.answer, found.rejected) == (answer, None), found


@pytest.mark.parametrize(
    "line",
    [
        "Answer: eighteen or twenty",  # two numbers: no one answer line
        "She went home and the answer is one of",  # prose cut off
        "Answer: seventy-tw",  # cut inside a word
        "Answer: one of them",  # "one" as a pronoun
        "Steps: first we add",  # no number
        "Answer: eighteen apples and some more pears",  # prose after the number
        "We think that the total: eighteen",  # a label of more than three words
    ],
)
def test_what_is_no_answer_line_in_words(line: str) -> None:
    assert not answer_in_words(line)
    assert not finished(line)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.sampled_from(["Answer: {}", "**Answer:** {}", "Final answer: {}", "The answer is {}"]),
    st.sampled_from(["", " dollars", " apples total"]),
)
def test_every_spelled_answer_line_reads_as_its_digits(n: int, template: str, unit: str) -> None:
    words = _EXTRACT(template.format(spell(n)) + unit)
    digits = _EXTRACT(template.format(n) + unit)
    assert words.rejected is None and words.number is not None, words
    assert words.number == digits.number
