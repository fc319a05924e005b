"""A function name and a space before the final sentence's number: an expression, no value.

``So the answer is ln 2.`` was already an ``expression`` inside an answer container, but ``So
the value is ln 2.`` and ``The result is log 8.`` in a final sentence paid the bare number (2,
8): a sentence read a name across a space only for ``sqrt``, since ``log 8`` may be prose. Now
a mathematical name (``ln``, ``sin``, ``exp``, ...) binds the number after it across spaces in
a final sentence too, and a name that is also an English word (``log``, ``floor``, ``ceil``,
``abs``, ``sec``) binds it when it stands right after ``is``, ``=``, ``equals``, ``be`` or
``was``, or after a backslash (``\\log 8``): ``She will log 8 hours.`` and ``She lives on floor
3.`` stay prose.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.rewards.equations import FUNCTION_NAMES
from tests.prose import assert_reads_as_general
from tests.prose import paid as _paid
from tests.prose import read as _read

BOUND = [
    "So the value is ln 2.",
    "The result is log 8.",
    "So the value is \\ln 2.",
    "So the value is $\\ln 2$.",
    "So x = ln 2.",
    "The angle's sine is sin 30.",
    "So the total is exp 3.",
    "So y equals log 100.",
    "So the value is \\log 8.",
    "Thus the result is floor 7.",
    "So the value is ln  2.",
    "So the value is sqrt 2.",
    "The value is 3 * 4 = 12, and the result is ln 12.",
]


@pytest.mark.parametrize("reply", BOUND)
def test_a_number_after_a_function_name_in_a_final_sentence_is_no_value(reply: str) -> None:
    for reference in ("2", "8", "30", "3", "100", "7", "12"):
        assert _paid(reply, reference) == 0.0, (reply, reference)
    assert _read(reply)[1] in ("expression", "multiple_answers"), reply


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("She will log 8 hours.", "8"),
        ("She needs to log 8 more hours this week.", "8"),
        ("She lives on floor 3.", "3"),
        ("The elevator stops at floor 12.", "12"),
        ("It takes 30 sec.", "30"),
        ("So she sells 9 eggs.", "9"),
        ("So the log is 8.", "8"),
        ("He has to log 5 miles a day, so he logs 35 miles.", "35"),
        ("The cosine of 60 degrees is 0.5.", "0.5"),
        # the value of the function, stated after it, is the answer
        ("So the value is ln 2, which is about 0.69.", "0.69"),
    ],
)
def test_a_name_used_as_a_word_in_prose_binds_nothing(reply: str, answer: str) -> None:
    assert _read(reply) == (answer, None), reply


_MATH_NAMES = sorted(FUNCTION_NAMES - {"log", "floor", "ceil", "abs", "sec"})


_PIECES = st.sampled_from(
    [
        *("ln", "log", "floor", "sin", "is", "=", "So", "the", "value", "2", "18", "7", "3.5"),
        *("x", " ", "  ", ", ", ".", "\\", "(", "9 * 2 = ", "hours", "or", "which is"),
    ]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=10))
def test_the_sentence_shortcuts_read_function_names_as_the_general_reading(
    pieces: list[str],
) -> None:
    assert_reads_as_general("".join(pieces))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_MATH_NAMES),
    st.integers(0, 10**6),
    st.sampled_from(["So the value is {f} {n}.", "Thus y = {f} {n}.", "The result is {f}  {n}."]),
)
def test_no_function_of_a_number_is_paid_as_the_number(name: str, n: int, frame: str) -> None:
    reply = frame.format(f=name, n=n)
    assert _paid(reply, str(n)) == 0.0, reply
    assert _read(reply)[1] == "expression", reply
