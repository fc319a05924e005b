"""What a reply writes after its answer: a check of it, a reason for it, a comparison.

The class (docs/graders.md, "Checks, reasons and comparisons after the answer"):

1. A check section after the answer (``Check: 72 - 48 = 24``, ``### Verification``, ``Let
   me verify: ...``, a line ticked with a check mark) was read as the answer: 24 was paid for
   ``Natalia sold 48 + 24 = 72 clips.\\nCheck: 72 - 48 = 24, which matches April's sales.``.
   Now the last-line and last-sentence rules read the text before it (flag
   ``verification``); a correction in the check is read as the reply's last word.
2. A justification after an answer (``The answer is 12 since 3 + 9 = 12 and 12 > 10.``,
   ``The answer is 72 since May is 48/2 = 24.``) refused a right answer or paid its
   arithmetic: its numbers are no answers, but it must agree with the answer.
3. A comparison's operands (``Yes, he can buy it because 50 < 52.``) were read as answers.

Every case is read by the fast paths and by the general path alike.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.checks_after import (
    CHECK_REACH,
    check_cut,
    drop_comparisons,
    reason_start,
    unreasoned,
    without_reason,
)
from rftkit.rewards.extract import Extraction, Extractor

EX = Extractor()
GSM8K = rftkit.load_grader("gsm8k")


def read(reply: str) -> Extraction:
    found = EX(reply)
    assert found == EX.general(reply), reply  # the fast paths read as the general path
    return found


def paid(reply: str, reference: str) -> bool:
    reward = GSM8K(Sample.from_text(response=reply, reference=reference))
    return reward.metric("correct") == 1.0


# -- 1. a check section after the answer -----------------------------------------------------

THE_ISSUE = [
    ("Natalia sold 48 + 24 = 72 clips.\nCheck: 72 - 48 = 24, which matches April's sales.", "72"),
    ("So she sold 72 clips.\n\nVerification: 48/2 = 24 \u2713", "72"),
    ("Natalia sold 72 clips in total.\nLet me verify: 48 + 24 = 72. Correct!", "72"),
]

CHECK_WORDS = [
    "Check:",
    "Checking:",
    "Verification:",
    "Verify:",
    "Let me verify:",
    "Let me verify this:",
    "Let me check:",
    "Let me double-check:",
    "Let's double check:",
    "Let us verify:",
    "We can verify:",
    "Double-check:",
    "Double check:",
    "Sanity check:",
    "Quick check:",
    "Cross-check:",
    "To confirm,",
    "To verify,",
    "To double-check:",
    "Confirmation:",
    "Verifying:",
    "Check -",
]
MARKUPS = ["{w}", "**{w}**", "*{w}*", "### {w}", "> {w}", "- {w}", "1. {w}", "__{w}__"]
SEPARATORS = ["\n", "\n\n", " "]


@pytest.mark.parametrize(("reply", "answer"), THE_ISSUE)
def test_the_issue_replies_read_the_answer_before_the_check(reply: str, answer: str) -> None:
    found = read(reply)
    assert (found.answer, found.rejected) == (answer, None)
    assert "verification" in found.flags


@pytest.mark.parametrize("word", CHECK_WORDS)
@pytest.mark.parametrize("markup", MARKUPS)
@pytest.mark.parametrize("sep", SEPARATORS)
def test_every_check_word_markup_and_position_reads_the_answer(
    word: str, markup: str, sep: str
) -> None:
    head = markup.format(w=word)
    if sep == " " and not head[0].isalpha():
        head = word  # Markdown opens a line, not a sentence
    reply = f"So she sold 48 + 24 = 72 clips.{sep}{head} 48/2 = 24."
    found = read(reply)
    assert (found.answer, found.rejected, "verification" in found.flags) == ("72", None, True)


@pytest.mark.parametrize(
    "heading",
    ["### Verification", "**Verification**", "**Check:**", "Verification:", "## Double-check"],
)
def test_a_heading_makes_every_line_after_it_the_checks(heading: str) -> None:
    reply = f"She sold 72 clips.\n\n{heading}\n- April: 48\n- May: 48/2 = 24\n- So May is 24."
    assert (read(reply).answer, read(reply).rejected) == ("72", None)


@pytest.mark.parametrize(
    ("reply", "answer", "rule"),
    [
        ("A: 72\nCheck: 72 - 48 = 24.", "72", "a_line"),
        ("So she sold **72** clips.\nCheck: 72 - 48 = **24** \u2713", "72", "bold"),
        ("So she sold 72 clips.\n48/2 = 24 \u2713\n48 + 24 = 72 \u2714", "72", "final_sentence"),
        ("So she sold seventy-two clips.\nCheck: 48/2 = 24.", "72", "final_sentence"),
        ("She sold 72 clips. Hooray!\nCheck: 48/2 = 24.", "72", "last_number"),
        ("Total: 72 clips\n\nCheck: 48/2 = 24", "72", "final_sentence"),
        ("So she sold 72 clips.\nCheck: 48 + 24 = 73.", "72", "final_sentence"),
        ("So she sold 72 clips.\nCheck: May should be 48/2 = 24. \u2713", "72", "final_sentence"),
    ],
)
def test_the_rules_before_the_check_read_the_answer(reply: str, answer: str, rule: str) -> None:
    found = read(reply)
    assert (found.answer, found.rejected, found.rule) == (answer, None, rule)
    assert "verification" in found.flags


@pytest.mark.parametrize(
    ("reply", "answer", "rejected"),
    [
        # A check that takes the answer back is a correction: the last word is read.
        (
            "Natalia sold 72 clips.\nCheck: 48 + 24 = 73. Wait, I made a mistake: she sold 73.",
            "73",
            None,
        ),
        ("So she sold 72 clips.\nCheck: 48 + 24 = 73. That doesn't match: it is 73.", "73", None),
        # The reply concludes after an opener with text: that conclusion is read.
        ("Let me check May: 48/2 = 24.\nSo the total is 48+24 = 72 clips.", "72", None),
        # A ticked line, then a line that is no check: no check section ends the reply.
        ("So she sold 72 clips.\n48/2 = 24 \u2713\nShe sold 24 in May.", "24", None),
        # No answer before the check: the check is the working.
        ("Let me verify: 48 + 24 = 72.", "72", None),
        ("Verification: 48 + 24 = 72.", "72", None),
    ],
)
def test_what_is_no_check_after_an_answer_is_read_as_before(
    reply: str, answer: str | None, rejected: str | None
) -> None:
    found = read(reply)
    assert (found.rejected, "verification" in found.flags) == (rejected, False)
    if answer is not None:
        assert found.answer == answer


# A sentence after a leading check mark, after work: it states the answer (a chat model's
# bullet), no check of what came before (it was cut off as one: the work's last number was
# read). After a conclusion or a check it still checks them.
TICKED = [
    ("She sells 48 + 24 clips.\n\u2705 Natalia sold 72 clips in all.", "72", False),  # was 24
    ("She sold 48 and 24.\n\u2705 **Natalia sold 72 clips.**", "72", False),  # was 24
    ("She sold 48 and 24.\n\n\u2714 Natalia sold 72 clips!", "72", False),  # was 24
    ("So she sold 72 clips.\n\u2705 She sold 24 in May.", "72", True),
    ("So she sold 72 clips.\n\n\u2705 She sold 24 in May.", "72", True),
    ("Natalia sold 72 clips.\n\u2713 48 + 24 = 72.", "72", True),  # "=": a check
    ("So she sold 72 clips.\n\u2705 May: 24\n\u2705 April: 48", "72", True),  # labels
    ("So she sold 72 clips.\nCheck: 48 + 24 = 72.\n\u2705 She sold 24 in May.", "72", True),
]


@pytest.mark.parametrize(("reply", "answer", "check"), TICKED)
def test_a_ticked_sentence_after_work_states_the_answer(
    reply: str, answer: str, check: bool
) -> None:
    found = read("Natalia sold 48 in April and half as many in May.\n" + reply)
    assert (found.answer, found.rejected) == (answer, None)
    assert ("verification" in found.flags) is check


def test_a_hedge_before_a_check_stays_a_hedge() -> None:
    found = read("So she sold 72 clips or 73 clips.\nCheck: 48 + 24 = 72.")
    assert (found.rejected, "verification" in found.flags) == ("multiple_answers", True)


def test_a_reply_cut_off_in_its_check_is_not_paid() -> None:
    found = read("So she sold 72 clips.\nLet me verify: 48 + 24 = 72, which matches the tota")
    assert (found.rejected, "cut_off" in found.flags) == ("no_answer", True)


@pytest.mark.parametrize(
    ("reply", "answer", "rejected"),
    [
        # A marker in a check is an answer like any other: the policy of forms holds.
        ("So she sold 72 clips.\nCheck: the answer is 24.", "24", None),
        ("So she sold 72 clips.\nCheck: \\boxed{24}", "24", None),
        ("The answer is 72.\nCheck: the answer is 73.", "73", "multiple_answers"),
        # After a marker, a check concludes nothing (a statement opening "So" in it too).
        ("The answer is 72.\n\nVerification:\nSo 48/2 = 24 \u2713", "72", None),
        ("#### 72\nVerification:\nSo 48/2 = 24.", "72", None),
        ("\\boxed{72}\n\nLet me verify: So 48 / 2 = 24.", "72", None),
        # ... but a correction in it still takes the marker's answer back.
        ("The answer is 72.\nCheck: wait, so she sold 73 clips.", "72", "multiple_answers"),
    ],
)
def test_markers_and_checks(reply: str, answer: str, rejected: str | None) -> None:
    found = read(reply)
    assert (found.answer, found.rejected) == (answer, rejected)


UNITS = ["", " clips", " dollars", " apples in total"]
EXPRS = ["{b}", "48 + 24 = {b}", "{b} - 48 = 24", "{b} / 2 = 36"]


@settings(max_examples=150, deadline=None)
@given(
    a=st.integers(0, 10**6),
    b=st.integers(0, 10**6),
    word=st.sampled_from(CHECK_WORDS),
    markup=st.sampled_from(MARKUPS),
    unit=st.sampled_from(UNITS),
    expr=st.sampled_from(EXPRS),
    sep=st.sampled_from(["\n", "\n\n"]),
    mark=st.sampled_from(["", " \u2713", " Correct!", " This matches."]),
)
def test_a_check_is_never_paid_and_the_answer_before_it_is(
    a: int, b: int, word: str, markup: str, unit: str, expr: str, sep: str, mark: str
) -> None:
    """``... = {a} {unit}.\\n{check}: {expr with b}`` reads a, never b."""
    assume(a != b)
    check = expr.format(b=b)
    reply = f"So the total is 10 + {a - 10} = {a}{unit}.{sep}{markup.format(w=word)} {check}.{mark}"
    found = read(reply)
    assert (found.answer, found.rejected) == (str(a), None), reply
    assert paid(reply, str(a)) and not paid(reply, str(b)), reply


@settings(max_examples=100, deadline=None)
@given(a=st.integers(0, 10**4), b=st.integers(0, 10**4), word=st.sampled_from(CHECK_WORDS))
def test_two_answers_across_an_answer_and_its_check_are_never_both_paid(
    a: int, b: int, word: str
) -> None:
    """Whatever a check says, at most one value is paid: the answer, or the marker's."""
    assume(a != b)
    for check in (f"the answer is {b}", f"\\boxed{{{b}}}", f"{b}", f"so it is {b}"):
        reply = f"So she sold {a} clips.\n{word} {check}."
        assert not (paid(reply, str(a)) and paid(reply, str(b))), reply


def test_only_the_end_of_a_reply_is_read_for_a_check() -> None:
    far = "So she sold 72 clips.\nCheck: 48/2 = 24.\n" + "She is happy. " * (CHECK_REACH // 10)
    assert check_cut(far) == -1
    assert check_cut("So she sold 72 clips.\nCheck: 48/2 = 24.") == len("So she sold 72 clips.\n")


# -- 2. a justification after the answer -----------------------------------------------------

REASONS = [
    # (reply, answer read, rejected)
    ("The answer is 12 since 3 + 9 = 12 and 12 > 10.", "12", None),
    ("The answer is 12 because 4 x 3 = 12.", "12", None),
    ("A: 12 because 4 x 3 = 12", "12", None),
    ("A: 12 since 3 + 9 = 12 and 12 > 10", "12", None),
    ("So she has 12 apples since 3 + 9 = 12 and 12 > 10.", "12", None),
    ("She needs 3 more boxes because 27 > 24.", "3", None),
    ("He earns $18 per day because he sells 9 eggs at $2 each.", "18", None),
    ("He earns $18 per day because he sells 9 eggs at $2 each, so 9 * 2 = 18.", "18", None),
    ("So she has 12 apples, as 3 + 9 = 12.", "12", None),
    ("Therefore, Sherry needs 33 bananas because there is 1 banana in each batch.", "33", None),
    ("Star Wars earned 405 million because 25 + 380 = 405.", "405", None),
    ("He needs to read 200 more pages to reach 800 pages because 800 - 600 = 200.", "200", None),
    ("It takes 5 hours since 10/2 = 5.", "5", None),
    # A later clause still states the answer.
    ("Their average age is 35 because 105 / 3 = 35, so the total is 37.", "37", None),
    # A reason that begins a clause of its own is no justification of the value before it.
    ("x = 3 or x = -3; since x is positive, x = 3.", "3", None),
]

REASONS_REFUSED = [
    # The reason computes another value: two values.
    "The answer is 72 since May is 48/2 = 24.",
    "So she sold 72 clips, since 48/2 = 24.",
    "She gives 132 baths a year because 48 + 36 + 12 = 96.",
    # Its equation does not hold.
    "The answer is 12 because 4 x 3 = 13.",
    "He earns $18 per day because 9 * 2 = 20.",
    "A: 12 because 3 x 3 = 12",
    # A hedge before it is not hidden by it.
    "He earns $18 or $20 because 9 * 2 = 18.",
    "He earns 18 or 20 dollars since 9 * 2 = 18.",
    "The answer is 18 because 9 * 2 = 18 or 20.",
    # Arithmetic left undone in it (a reply cut off there).
    "Felix can lift 150 pounds because 100 x 1.",
]


@pytest.mark.parametrize(("reply", "answer", "rejected"), REASONS)
def test_a_justification_is_no_answer(reply: str, answer: str, rejected: str | None) -> None:
    found = read(reply)
    assert (found.number is not None and str(found.number), found.rejected) == (answer, rejected)


@pytest.mark.parametrize("reply", REASONS_REFUSED)
def test_a_justification_that_disagrees_is_a_second_value(reply: str) -> None:
    assert read(reply).rejected is not None


@settings(max_examples=200, deadline=None)
@given(
    x=st.integers(0, 500),
    y=st.integers(0, 500),
    stated=st.integers(0, 1000),
    word=st.sampled_from([" because", " since", ", as", ", since", ", because"]),
    lead=st.sampled_from(["The answer is {s}", "So she has {s} apples", "A: {s}", "She paid ${s}"]),
    op=st.sampled_from(["+", "*"]),
)
def test_a_justification_pays_the_answer_only_when_it_agrees(
    x: int, y: int, stated: int, word: str, lead: str, op: str
) -> None:
    result = x + y if op == "+" else x * y
    reply = f"{lead.format(s=stated)}{word} {x} {op} {y} = {result}."
    found = read(reply)
    if stated == result:
        assert (found.number is not None and found.number.value, found.rejected) == (stated, None)
    else:
        assert found.rejected is not None, reply  # never the stated value, never the result
    for value in {stated, result, x, y} - ({stated} if stated == result else set()):
        assert not paid(reply, str(value)) or value == stated == result, (reply, value)


def test_reason_start_and_without_reason() -> None:
    assert reason_start("Yes, because 50 < 52") == -1  # no answer before it
    assert reason_start("only 32 were left, the people who did not fit the bus because") == -1
    assert without_reason("The answer is 72 since May is 48/2 = 24.") == "The answer is 72 (or 24)"
    assert without_reason("A: 12 because 4 x 3 = 12", strict=True) == "A: 12"
    s = "He earns 18 dollars because 9 * 2 = 18."
    assert without_reason(s) is s  # the same value: read as it is
    assert unreasoned("So she sold 72 clips.") == "So she sold 72 clips."


# -- 3. comparisons ---------------------------------------------------------------------------

COMPARISONS = [
    ("Yes, he can buy it because 50 < 52.", None, "no_answer"),
    ("The total cost is $52. Since 52 > 50, she cannot afford it.", None, "no_answer"),
    ("Since 72 > 70, she met her goal with 72 clips.", "72", None),
    ("So she needs 72 - 48 = 24 more, since 24 is more than 20.", "24", None),
    ("He spends $50 if he buys the cheapest flour because 50 < 52.", "50", None),
    ("The winner rotated 404 objects because 404 > 400.", "404", None),
    ("400 is the most he can buy because 400 is greater than 300.", "400", None),
    ("He needs to start training 5 months ahead because 24 < 26.3 and 48>26.3.", "5", None),
    ("She needs 3 boxes since 27 \u2265 24.", "3", None),
    # A bound on a name states its value; an arrow is no comparison.
    ("Thus, x >= 94.", "94", None),
    ("So 0.75*x = 72 => x = 96.", "96", None),
]


@pytest.mark.parametrize(("reply", "answer", "rejected"), COMPARISONS)
def test_a_comparison_offers_neither_value(
    reply: str, answer: str | None, rejected: str | None
) -> None:
    found = read(reply)
    assert (found.answer if found.ok else None, found.rejected) == (answer, rejected)


@settings(max_examples=200, deadline=None)
@given(
    a=st.integers(0, 10**5),
    b=st.integers(0, 10**5),
    sign=st.sampled_from(
        [
            " < ",
            ">",
            " <= ",
            " >= ",
            " \u2264 ",
            "\u2265",
            " is more than ",
            " < $",
            " is less than $",
        ]
    ),
    lead=st.sampled_from(["Yes, he can buy it because", "So she can afford it, since", "Yes,"]),
)
def test_no_operand_of_a_comparison_is_paid(a: int, b: int, sign: str, lead: str) -> None:
    assume(lead != "Yes," or "than" not in sign)  # words beside a reason only (the limit)
    reply = f"{lead} {a}{sign}{b}."
    assert read(reply).rejected == "no_answer", reply
    assert not paid(reply, str(a)) and not paid(reply, str(b)), reply


def test_a_comparison_in_words_is_read_only_beside_a_reason_or_a_sign() -> None:
    """Not blanked here ("than" alone is not looked for), but the bound after the answer is a
    remark on it (rewards.bounds: before that module, 20)."""
    assert read("So she needs 72 - 48 = 24 more, which is more than 20.").answer == "24"
    assert read("So she needs 24 more, because 24 is more than 20.").answer == "24"


def test_a_bold_answer_is_not_read_for_a_reason_after_it() -> None:
    """The documented limit: the bold number is the answer, what follows on its line is not
    read (as before this class)."""
    assert read("So she makes **$18** because 9 x 2 = 20.").answer == "$18"


def test_drop_comparisons_keeps_what_is_no_comparison() -> None:
    for s in ("x >= 94.", "So 0.75*x = 72 => x = 96.", "She has <b>72</b> clips", "a -> 5"):
        assert drop_comparisons(s) == s
    assert drop_comparisons("because 50 < 52.") == "because  ."
