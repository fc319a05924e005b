"""A breakdown after the answer (a Markdown table, a labelled list of the inputs) is not
read for its last number (issue 14; :mod:`rftkit.rewards.breakdowns`, docs/graders.md "A
breakdown after the answer").

Each case carries its old reading (main before this change) in a comment. A breakdown is
read for a row labelled as the answer (``Total``, ``Answer``, ``Result``): it must agree
with the stated answer before it (else several answers); with none, the stated answer is
read (flag ``breakdown``); with no stated answer, the answer row is the answer.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.breakdowns import answer_label
from rftkit.rewards.extract import Extractor
from tests.prose import read

_EX = Extractor()
_GRADE = rftkit.load_grader("gsm8k")

_TABLE = "| Eggs | Price |\n|---|---|\n| 9 | $2 |"
_SUMMARY = "**Summary:**\n- Total: $18\n- Eggs sold: 9"


def _read(reply: str) -> tuple[object, ...]:
    found = _EX(reply)
    assert found == _EX.general(reply), reply  # the fast paths read as the general path
    answer = found.answer if found.number is None else str(found.number.value)
    return answer, found.rejected


def _paid(reply: str, reference: str) -> float:
    return _GRADE(Sample.from_text(response=reply, reference=reference)).metric("correct")


@pytest.mark.parametrize(
    "reply",
    [
        f"Janet makes **$18** every day.\n\n{_TABLE}",  # was 2
        f"So she makes $18 every day.\n\n{_SUMMARY}",  # was 9
        "| Item | Amount |\n|---|---|\n| Total | $18 |\n| Eggs left | 0 |",  # was 0
        "So she makes $18 every day.\n\n- **Eggs sold:** 9\n- **Price:** $2",  # was 2
        "So she makes $18 every day.\n\n* Eggs sold: 9\n* Price: $2",  # was 2
        "Therefore, Janet earns $18 daily.\n\n### Breakdown\n\n- Eggs laid: 16\n- Eaten: 3\n"
        "- Baked: 4\n- Price per egg: $2",  # was 2
        # a bold table row is no bold answer: the table is a breakdown
        "So she makes **$18** every day.\n\n| Item | Amount |\n|---|---|\n| Eggs | **9** |",  # 9
        # a plain sentence that the breakdown explains (9 x $2 = $18) states the answer
        f"Janet makes $18 every day.\n\n{_TABLE}",  # was 2
        # a courtesy sentence after the breakdown
        f"So she makes $18 every day.\n\n{_TABLE}\n\nLet me know if you need more help!",  # 2
        "So she makes $18 every day.\n\n\u2022 Eggs sold: 9\n\u2022 Price: $2",  # was 2
        f"So she makes $18 every day.\n\nBreakdown\n\n{_TABLE}",  # was 2
        "So she makes $18 every day.\n\n| Eggs | Price |\n|:---|---:|\n| 9 | $2 |",  # was 2
        # the answer row of a table, not its last row
        "She sells 9 eggs at $2 each.\n\n| Item | Value |\n|---|---|\n| **Total** | $18 |\n"
        "| Eggs left | 0 |",  # was 0
    ],
)
def test_the_answer_before_a_breakdown_is_read(reply: str) -> None:
    assert _read(reply) == ("18", None)
    assert "breakdown" in _EX(reply).flags
    assert _paid(reply, "18") == 1.0


@pytest.mark.parametrize(
    ("reply", "answer", "rejected"),
    [
        # Kept: a total row that ends the breakdown and agrees (both 18 before)
        (
            "So she makes $18 every day.\n\nSummary:\n- Eggs sold: 9\n- Price: $2\n- Total: $18",
            "18",
            None,
        ),
        (
            "She sells 9 eggs at $2.\n\n| Item | Amount |\n|---|---|\n| Eggs | 9 |\n"
            "| **Total** | **$18** |",
            "18",
            None,
        ),
        # Kept: the only statement of the answer is a labelled line (18 before)
        ("She sells 9 eggs at $2.\n- Total: $18", "18", None),
        ("| Item | Amount |\n|---|---|\n| Total | $18 |", "18", None),
        # A total row that says another value: two answers (was 20, 20, 20, 18)
        (
            "So she makes $18 every day.\n\n**Summary:**\n- Eggs sold: 9\n- Total: $20",
            "18",
            "multiple_answers",
        ),
        (
            "So she makes $18 every day.\n\n| Item | Amount |\n|---|---|\n| Eggs | 9 |\n"
            "| **Total** | **$20** |",
            "18",
            "multiple_answers",
        ),
        (
            "So she makes $18 every day.\n\n| Eggs | Price | Total |\n|---|---|---|\n"
            "| 9 | $2 | $20 |",
            "18",
            "multiple_answers",
        ),
        ("The answer is 18.\n\n- Eggs sold: 9\n- Total: $20", "18", "multiple_answers"),
        # A hedge in the statement stays two answers (was 9)
        ("So she makes $18 or $20 every day.\n\n- Eggs sold: 9", "20", "multiple_answers"),
        # The breakdown goes on past the stated value: read as before (18)
        (
            "So she has 9 eggs left.\n\n| Eggs | Price | Earnings |\n|---|---|---|\n"
            "| 9 | $2 | $18 |",
            "18",
            None,
        ),
        ("So she has 9 eggs left.\n\n- Price per egg: $2\n- Money: $18", "18", None),  # 18
        # A plain sentence the breakdown does not explain is no stated answer (18, 18)
        ("She eats 3 and uses 4 for muffins.\n\n- Eggs sold: 9\n- Earnings: $18", "18", None),
        (
            "Janet sells the remaining 9 eggs at $2 each.\n\n**Summary:**\n- Eggs sold: 9\n"
            "- Total: $18",
            "18",
            None,
        ),
        # A list of the solution (a computation in an item) is no breakdown (2)
        ("So we compute.\n\n- Eggs sold: 16 - 3 - 4 = 9\n- Price: $2", "2", None),
        # Unbulleted labelled lines are the solution's (GSM8K's own style): as before (20)
        ("So she makes $18 every day.\n\nTotal: $20", "20", None),
        # A marker outranks the breakdown as before (18, 20)
        (f"The answer is 18.\n\n{_TABLE}", "18", None),
        ("So she makes $18 every day.\n\n- Answer: 20", "20", None),
        # |x| is no table: no separator line (as before)
        ("So the distance is |3 - 5| = 2.", "2", None),
    ],
)
def test_what_a_breakdown_does_not_change(reply: str, answer: str, rejected: str | None) -> None:
    assert _read(reply) == (answer, rejected)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Total", True),
        ("**Total**", True),
        ("Final answer", True),
        ("Grand total", True),
        ("Result", True),
        ("the total", True),
        ("Total eggs", False),  # names what it counts: an input as often as the answer
        ("Total earnings", False),
        ("Eggs sold", False),
        ("Price", False),
    ],
)
def test_which_labels_are_the_answers(label: str, expected: bool) -> None:
    assert answer_label(label) is expected


_LABELS = ("Eggs sold", "Price", "Eggs laid", "Eaten", "Baked", "Muffins", "Left")
_VALUE = st.integers(min_value=1, max_value=10_000)


def _breakdown(kind: str, rows: list[tuple[str, int]]) -> str:
    if kind == "table":
        body = "\n".join(f"| {label} | {v} |" for label, v in rows)
        return f"| Item | Amount |\n|---|---|\n{body}"
    if kind == "bold":
        return "\n".join(f"- **{label}:** {v}" for label, v in rows)
    return "**Summary:**\n" + "\n".join(f"- {label}: {v}" for label, v in rows)


_STATED = (
    "So she makes ${a} every day.",
    "Therefore, the answer is ${a}.",
    "Janet makes **${a}** every day.",
    "In total, she earns {a} dollars.",
)


@settings(max_examples=300, deadline=None)
@given(
    _VALUE,
    st.lists(st.tuples(st.sampled_from(_LABELS), _VALUE), min_size=1, max_size=6),
    st.sampled_from(("table", "bold", "list")),
    st.sampled_from(_STATED),
)
@example(18, [("Eggs sold", 9), ("Price", 2)], "table", _STATED[2])
def test_a_breakdown_of_other_numbers_keeps_the_stated_answer(
    a: int, rows: list[tuple[str, int]], kind: str, stated: str
) -> None:
    rows = [(label, v) for label, v in rows if v != a] or [("Price", a + 1)]
    last = rows[-1][1]
    # not a breakdown that goes on past A (its last value A x n or A + n): read as before
    assume(not any(n >= 2 and last in (a * n, a + n) for _, n in rows[:-1]))
    reply = f"{stated.format(a=a)}\n\n{_breakdown(kind, rows)}"
    assert _read(reply) == (str(a), None), reply
    assert _paid(reply, str(a)) == 1.0


@settings(max_examples=300, deadline=None)
@given(
    _VALUE,
    _VALUE,
    st.lists(st.tuples(st.sampled_from(_LABELS), _VALUE), max_size=5),
    st.sampled_from(("table", "bold", "list")),
    st.sampled_from((*_STATED, "The answer is {a}.")),
    st.sampled_from(("Total", "**Total**", "Grand total", "Result")),
    st.booleans(),
)
def test_a_total_row_that_disagrees_is_never_paid(
    a: int,
    b: int,
    rows: list[tuple[str, int]],
    kind: str,
    stated: str,
    label: str,
    last: bool,
) -> None:
    if a == b:
        b = a + 1
    rows = [*rows, (label, b)] if last else [(label, b), *rows]
    reply = f"{stated.format(a=a)}\n\n{_breakdown(kind, rows)}"
    assert _read(reply)[1] == "multiple_answers", reply
    assert _paid(reply, str(a)) == 0.0
    assert _paid(reply, str(b)) == 0.0


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="|-:* \n9$2Tota18l.So", max_size=60))
@example("So 18.\n|a|\n|-|\n|2|")
@example("18.\n- Total: 2\n- x: 3")
def test_any_text_reads_as_the_general_path(tail: str) -> None:
    reply = "So she makes $18.\n" + tail
    assert _EX(reply) == _EX.general(reply), reply


@pytest.mark.parametrize("n", [1, 3, 2000])
def test_stacked_breakdowns_are_read_once(n: int) -> None:
    """A breakdown before a breakdown is read as before (no reading nested in a reading:
    a hostile reply of thousands of tables costs one)."""
    block = "\n\n**Summary:**\n\n| a | b |\n|---|---|\n| 9 | 2 |"
    reply = "So she makes $18 every day." + block * n
    found = _EX(reply)
    assert found == _EX.general(reply)
    assert (found.answer, found.rejected) == (("18", None) if n == 1 else ("2", None))


@pytest.mark.parametrize(
    "tail",
    [_TABLE, _SUMMARY, "- Eggs sold: 9\n- Total: $20", "| Total | $18 |", "- x: 16 - 3 = 13"],
)
def test_after_a_line_of_working_the_fast_paths_read_as_the_general(tail: str) -> None:
    answer, _ = read(f"So she makes $18 every day.\n\n{tail}")  # asserts the parity
    assert answer is not None
