"""Reading one final sentence after a line of working, for the prose-class tests.

Both helpers put the same working line before the reply, so the final sentence is read as
it would be in a real solution; :func:`read` also checks that the extractor's fast paths
read it as the general path does.
"""

from __future__ import annotations

import rftkit
from rftkit import Sample
from rftkit.rewards.extract import Extractor

WORK = "She has 16 - 3 - 4 = 9 eggs.\n"


def paid(reply: str, reference: str) -> float:
    """The ``correct`` metric of ``gsm8k`` on the working line, then ``reply``."""
    grade = rftkit.load_grader("gsm8k")
    return grade(Sample.from_text(response=WORK + reply, reference=reference)).metric("correct")


def read(reply: str) -> tuple[object, ...]:
    """``(answer, rejected)`` of the extractor on the working line, then ``reply``."""
    ext = Extractor()
    found = ext(WORK + reply)
    assert found == ext.general(WORK + reply), reply  # the fast paths read as the general
    return found.answer, found.rejected


def assert_shortcuts_read_as_tokens(sentence: str) -> None:
    """The sentence shortcuts read ``sentence`` as its general (token) reading, under both
    sentence rules."""
    ex = Extractor()
    for rule, words in (("final_sentence", True), ("last_number", False)):
        assert ex._sentence_answer(rule, sentence, words, []) == ex._sentence_tokens(
            rule, sentence, words, []
        ), sentence


def assert_reads_as_general(sentence: str) -> None:
    """:func:`assert_shortcuts_read_as_tokens`, and the whole reply (the working line, then
    ``sentence``) reads as the extractor's general path reads it."""
    assert_shortcuts_read_as_tokens(sentence)
    ex = Extractor()
    reply = WORK + sentence + "."
    assert ex(reply) == ex.general(reply), reply


def assert_paid_for_none(reply: str, *values: str) -> None:
    """The fast paths read the whole ``reply`` as the general path does, and ``gsm8k`` pays
    it for none of ``values`` (a reply that offers two values)."""
    ext = Extractor()
    assert ext(reply) == ext.general(reply), reply
    grade = rftkit.load_grader("gsm8k")
    for value in values:
        reward = grade(Sample.from_text(response=reply, reference=value))
        assert reward.score < 0.5, (reply, value, reward.answer, reward.errors)


def assert_paid_for(reply: str, value: str) -> None:
    """The fast paths read the whole ``reply`` as the general path does, and ``gsm8k`` pays
    it for ``value``."""
    ext = Extractor()
    assert ext(reply) == ext.general(reply), reply
    grade = rftkit.load_grader("gsm8k")
    reward = grade(Sample.from_text(response=reply, reference=value))
    assert reward.score >= 0.5, (reply, reward.answer, reward.errors)
