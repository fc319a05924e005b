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
