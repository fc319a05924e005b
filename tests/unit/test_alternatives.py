"""A sentence after the answer that offers another value for it is a second answer
(issue 14, alternatives).

The class: a reply states its answer (in a marker, ``The answer is 18.``, ``#### 18``, a box,
bold, or in a plain sentence) and then, in a sentence of its own, offers another value:
``Alternatively, 20.``, ``Or maybe $20.``, ``It could also be 20.``, ``If not, 20.``,
``Another possibility: 20.``. The reply has not committed to one answer. Before, a marker's
answer was paid (the sentence after it was read only when it concluded or corrected), and a
plain final sentence was read alone, so its alternative was paid. The old reading of each
case is in its comment (measured on main before this change).

What offers nothing keeps its reading: the answer again (``Alternatively, 9 x 2 = 18.``),
an explanation of it (``Or think of it as 9 eggs at $2 each.``), a check (``Maybe
double-check: ...``), a sentence without another number.

Every case is also read by the extractor's general path, which must agree with its fast path.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit.rewards.alternatives import offered
from rftkit.rewards.extract import Extractor
from rftkit.rewards.numbers import Number
from rftkit.rewards.types import Sample

_EX = Extractor()
_WORK = "She sells 16 - 3 - 4 = 9 eggs at $2 each.\n"


def _read(reply: str) -> tuple[object, ...]:
    found = _EX(_WORK + reply)
    assert found == _EX.general(_WORK + reply), reply  # the fast path reads as the general one
    return found.answer, found.rule, found.rejected, found.flags


# -- after a marker ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("The answer is 18.\nAlternatively, 20.", "18"),
        ("The answer is 18.\nOr 20 if we count the tips.", "18"),
        ("The answer is 18.\nIt could also be 20.", "18"),
        ("The answer is 18.\nBut it might be 20.", "18"),
        ("The answer is 18.\nAnother possibility: 20.", "18"),
        ("The answer is 18.\nIf not, then 20.", "18"),
        ("The answer is 18.\nOtherwise, 20.", "18"),
        ("The answer is 18.\nIf you meant weekly, it is 126.", "18"),
        ("The answer is 18. Or twenty.", "18"),
        ("The answer is 18.\nIt might be 18.5 if rounding.", "18"),
        ("The answer is 18.\nAlternatively, if she sold 10 eggs, she would make $20.", "18"),
        ("The answer is 18. That is, 9 eggs at $2. Alternatively 20.", "18"),
        ("The answer is 18.\n\n(Or 20 if she also sells the muffins.)", "18"),
        ("**Answer: 18**\n\n*Alternatively, 20 if tips count.*", "18"),
        ("#### 18\nOr possibly 20.", "18"),
        ("#### 18\nOtherwise, she would have 3 eggs left.", "18"),
        ("\\boxed{18}\nOr possibly 20.", "18"),
        ("\\boxed{18}\nBut it could be 20.", "18"),
        ("So she makes **$18**.\nMaybe $20 though.", "18"),
        ("The final answer is $\\boxed{18}$.\nA second guess: 20.", "18"),
        ("The answer is 18.\nOr 20.\nI hope this helps!", "18"),
    ],
)
def test_a_marker_answer_with_an_alternative_after_it_is_not_paid(reply: str, old: str) -> None:
    answer, _, rejected, _ = _read(reply)
    assert rejected == "multiple_answers", (reply, old, answer)


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("The answer is 18.\nAlternatively, you can compute 9 × 2 = 18.", "18"),
        ("The answer is 18.\nOr, if you prefer, $18.00.", "18"),
        ("The answer is 18. Or 18 dollars.", "18"),
        ("The answer is 18. Or eighteen.", "18"),
        ("The answer is 18.\nOr think of it as 9 eggs at $2 each.", "18"),
        ("The answer is 18 eggs. Or, as a check, 9 * 2 = 18.", "18 eggs"),
        ("The answer is 18.\nAnother way: 9 + 9 = 18.", "18"),
        ("The answer is **18**.\nMaybe double-check: 16 - 3 - 4 = 9 eggs.", "18"),
        ("The answer is 18.\nAlternatively, draw a diagram.", "18"),
        ("The answer is 18.\nMore or less 2 minutes of work.", "18"),  # "or" inside: no opener
        ("#### 18\nOrder: 9 eggs.", "18"),  # "Or" as a word's start: no opener
        ("The answer is 18.\nThis shows 9 x 2 = 18.", "18"),
        ("The answer is 18.\nMaybe I will explain: 16 - 3 - 4 = 9 eggs.", "18"),  # the writer
        ("The answer is 18.\nPerhaps we should note the 9 eggs.", "18"),
    ],
)
def test_a_marker_answer_with_nothing_offered_after_it_keeps_its_reading(
    reply: str, answer: str
) -> None:
    assert _read(reply)[0::2] == (answer, None), reply


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("The answer is 18; 20", "18"),
        ("The answer is 18; 20.", "18"),
        ("Answer: 18; 20 dollars", "18"),
        ("The answer is 18; $20. That is all.", "18"),
        ("The answer is 18.\n20", "18"),
        ("#### 18\n20", "18"),
        ("#### 18\n\n20.", "18"),
        ("The answer is 18.\n\n$20", "18"),
        ("**Answer: 18**\n\n20", "18"),
        ("#### 18\n\n- 20", "18"),
        ("#### 18\n18\n20", "18"),  # the same value, then another
        ("\\boxed{18}\n\n**20**", "18"),
    ],
)
def test_a_value_alone_after_a_marker_answer_is_a_second_value(reply: str, old: str) -> None:
    answer, _, rejected, _ = _read(reply)
    assert rejected in ("multiple_answers", "several_numbers"), (reply, old, answer)


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("The answer is 18; she makes $18 a day.", "18"),
        ("The answer is 18; 20 is wrong.", "18"),  # a rejected value (relations)
        ("The answer is 18.\n\n18", "18"),
        ("The answer is 18 dollars.\n18.00", "18 dollars"),
        ("#### 18\n\n1. Sell eggs.\n2. Count money.", "18"),
        ("The answer is 18.\nSteps:\n16 - 3 - 4 = 9\n9 x 2 = 18", "18"),
    ],
)
def test_what_is_no_value_alone_keeps_the_marker_reading(reply: str, answer: str) -> None:
    assert _read(reply)[0::2] == (answer, None), reply


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("#### 18\nThe answer is 20.", "18"),
        ("#### 18\nHmm, the answer is 20.", "18"),
        ("#### 18\nI think the answer is 20.", "18"),
        ("#### 18\nFinal Answer: The final answer is 20. I hope it is correct.", "18"),
        ("#### 18\n**20**", "18"),
        ("#### 18\nA: 20", "18"),
        ("\\boxed{18}\nHmm, the answer is 20.", "18"),
        ("\\boxed{18}\nAnswer: 20", "18"),
        ("The answer is 18.\n**20**", "18"),
        ("<answer>18</answer>\nThe answer is 20.", "18"),
    ],
)
def test_a_later_statement_in_another_form_is_a_second_answer(reply: str, old: str) -> None:
    answer, _, rejected, _ = _read(reply)
    assert rejected == "multiple_answers", (reply, old, answer)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("#### 18\nTotal = 20", "multiple_answers"),  # old: 18
        ("#### 18\nResult: 20", "multiple_answers"),  # old: 18
        ("#### 18\n**Total:** $20", "multiple_answers"),  # old: 18
        ("The answer is 18.\nFinal total: 20 dollars", "multiple_answers"),  # old: 18
        ("#### 18\nTotal = $18.", None),
        ("#### 18\nTotal eggs: 16", None),  # no answer's label
        ("#### 18\n16 - 3 - 4 = 9", None),  # a computation: no label
    ],
)
def test_the_answers_label_after_a_marker_must_agree(reply: str, expected: str | None) -> None:
    assert _read(reply)[2] == expected, reply


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("#### 18\nThe answer is 18 dollars.", "18"),
        ("#### 18\nFinal Answer: The final answer is 18. I hope it is correct.", "18"),
        ("#### 18\n\nShe makes **$18** per day by selling **9** eggs.", "18"),  # emphasis
        ("\\boxed{18}\n\nSo the answer is **18** dollars.", "18"),
        ("The answer is 18.\nShe makes **$18** a day.", "18"),
        ("Final Answer: The final answer is 18. I hope it is correct.", "18"),
    ],
)
def test_a_later_statement_of_the_same_value_keeps_the_reading(reply: str, answer: str) -> None:
    assert _read(reply)[0::2] == (answer, None), reply


# -- a plain final sentence --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("So she makes $18 every day.\nAlternatively, 20.", "20"),
        ("So she makes $18 every day.\nOr $20.", "20"),
        ("So she makes $18 every day. Or maybe $20.", "20"),
        ("So she makes $18 every day. Alternatively, she makes $20.", "20"),
        ("So she makes $18 every day.\nMaybe 20.", "20"),
        ("So she makes $18 every day.\nPerhaps she makes 20.", "20"),
        ("So she makes $18 every day. Or $126 a week.", "126"),
        ("So she makes $18 every day. It could also be $20.", "20"),
        ("So she makes $18 every day. If not, $16.", "16"),
    ],
)
def test_a_final_sentence_that_offers_another_value_is_not_paid(reply: str, old: str) -> None:
    answer, rule, rejected, _ = _read(reply)
    assert (rule, rejected) == ("final_sentence", "multiple_answers"), (reply, old, answer)


@pytest.mark.parametrize(
    ("reply", "answer", "flags"),
    [
        ("So she makes $18 every day. Alternatively, 9 × 2 = 18.", "18", ()),
        ("So she makes $18 every day. Or, in other words, 18 dollars.", "18", ()),
        # old: 2 (the factor after "or" was read)
        (
            "So she makes $18 every day.\nOr think of it as 9 eggs at $2 each.",
            "18",
            ("explanation",),
        ),
        ("So she makes $18 every day.\nOrders of 20 eggs cost more.", "20", ()),  # no opener
        ("So she makes $18 every day. That's $126 a week.", "126", ()),  # as before
    ],
)
def test_a_final_sentence_that_offers_nothing_reads_as_before(
    reply: str, answer: str, flags: tuple[str, ...]
) -> None:
    got, rule, rejected, got_flags = _read(reply)
    assert (got, rule, rejected, got_flags) == (answer, "final_sentence", None, flags), reply


def test_a_sentence_without_a_number_after_the_answer_reads_as_before() -> None:
    # The final sentence has no number: the last-number rule reads the answer before it.
    assert _read("So she makes $18 every day.\nMaybe that is a lot.")[:3] == (
        "18",
        "last_number",
        None,
    )


def test_a_question_keeps_its_own_rejection() -> None:
    # "Or is it $20?" asks: rejected as a question (closings), not as an alternative.
    assert _read("So she makes $18. Or is it $20?")[2] == "question"


def test_offered_looks_only_after_the_answer() -> None:
    t = "Or maybe 20, I thought. The answer is 18."
    assert offered(_EX, t, len(t), Number(18, False)) is False
    t = "The answer is 18. " + "Or 20. " * 20  # bounded: the first opener decides here
    assert offered(_EX, t, 17, Number(18, False)) is True


# -- a second answer's label, and a reply cut off in a correction ------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        "#### 18\nAnswer 2: 20",  # was 18
        "#### 18\nOption B: So she makes $20 every day.",  # was 18
        "The answer is 18.\nSolution #2: 20",  # was 18
        "#### 18\n(If rounding, 20 eggs",  # was 18
        "#### 18\nWait, 20",  # was 18: cut off, the answer taken back
        "The answer is 18.\nWait, 20",  # was 18
        "#### 18\nActually, she makes $2",  # was 18: cut off in a correction
    ],
)
def test_a_second_answer_label_or_a_cut_off_correction_is_not_paid(reply: str) -> None:
    assert _read(reply)[2] == "multiple_answers"


@pytest.mark.parametrize(
    "reply",
    [
        "#### 18\nWait",  # no number after the cue
        "#### 18\nWait, 9 x 2 = 18",  # the same value
        "The answer is 18.\nAnswer: 18",
        "#### 18\nThe answer key lists option A",  # no number
    ],
)
def test_what_takes_nothing_back_keeps_the_answer(reply: str) -> None:
    answer, _, rejected, _ = _read(reply)
    assert (answer, rejected) == ("18", None)


# -- a bracketed remark that hedges between two values ------------------------------------------


@pytest.mark.parametrize(
    ("reply", "old"),
    [
        ("Janet earns $18 per day ($18 or $20).", "18"),
        ("Janet earns $18 per day (maybe $18, maybe $20).", "several already"),
        ("So she makes 18 dollars (either 18 or 20).", "several already"),
        # LaTeX inline maths: its delimiters are no brackets
        (r"Janet earns \(\$18\) per day (\(\$18\) or \(\$20\)).", "several already"),
    ],
)
def test_a_remark_that_hedges_between_two_values_is_several_answers(reply: str, old: str) -> None:
    assert _read(reply)[2] == "multiple_answers", old


@pytest.mark.parametrize(
    "reply",
    [
        "Janet earns $18 per day (16 - 3 - 4 = 9 eggs, at $2).",
        "Janet earns $18 per day (9 eggs or so).",
        "Janet earns $18 per day (18 or 18.00).",
        r"Janet earns \(\$18\) per day (\(9 \times \$2\)).",  # was 2, several numbers
    ],
)
def test_a_remark_without_a_hedge_between_two_values_keeps_the_answer(reply: str) -> None:
    answer, _, rejected, _ = _read(reply)
    assert (answer, rejected) == ("18", None)


# -- the grader: an alternative is never paid, whichever value is right ------------------------

_GRADER = rftkit.load_grader("gsm8k")
_OPENERS = [
    "{b}",
    "${b}.",
    "Alternatively, {b}.",
    "Or {b}.",
    "Or maybe ${b}.",
    "It could also be {b}.",
    "But it might be {b}.",
    "Otherwise, {b}.",
    "If not, {b}.",
    "Perhaps {b}.",
    "Another possibility: {b}.",
    "(Or {b} if rounding.)",
    "Answer 2: {b}",
    "Option B: {b}.",
    "(If rounding, {b}.)",
    "Wait, {b}",  # cut off in a correction: the answer is taken back
    "Actually, it is {b}",
]
_LATER = ["The answer is {b}.", "Answer: {b}", "**{b}**", "A: {b}", "So the answer is ${b}."]
_MARKERS = ["#### {a}", "\\boxed{{{a}}}", "<answer>{a}</answer>", "The answer is {a}."]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(_MARKERS),
    st.sampled_from(["\n", "\n\n", "\nHmm, "]),
    st.sampled_from(_LATER),
)
def test_two_answers_in_two_forms_are_never_paid(
    a: int, b: int, head: str, sep: str, later: str
) -> None:
    if a == b or (later.startswith("A:") and not sep.endswith("\n")):
        return  # an "A:" line starts its line ("Hmm, A: 1" is none)
    reply = _WORK + head.format(a=a) + sep + later.format(b=b)
    for reference in (str(a), str(b)):
        reward = _GRADER(Sample.from_text(response=reply, reference=reference))
        assert reward.score < 0.5, (reply, reference, reward.answer, reward.errors)


_HEADS = [
    "The answer is {a}.",
    "#### {a}",
    "\\boxed{{{a}}}",
    "**{a}**",
    "Answer: {a}",
    "So she makes ${a} every day.",
    "The final answer is $\\boxed{{{a}}}$.",
]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(_HEADS),
    st.sampled_from(["\n", " ", "\n\n"]),
    st.sampled_from(_OPENERS),
)
@example(18, 20, "Answer: {a}", "\n", "Or {b}.")
@example(0, 1, "\\boxed{{{a}}}", " ", "Alternatively, {b}.")  # found: a sentence after a box
@example(0, 1, "The answer is {a}.", " ", "{b}")  # found: a value alone after the stop
@example(0, 1, "\\boxed{{{a}}}", " ", "{b}")  # found: a value alone after a box
def test_an_offered_alternative_is_never_paid(
    a: int, b: int, head: str, sep: str, opener: str
) -> None:
    if opener.startswith(("{", "$")) and (head.startswith("So") or head == "**{a}**"):
        # A value alone after a plain sentence (or a bold value) is the reply's last
        # statement, read as its answer ("She has 9 eggs left.\n\n18"): no marker before it.
        return
    reply = _WORK + head.format(a=a) + sep + opener.format(b=b)
    for reference in {str(a), str(b)}:
        reward = _GRADER(Sample.from_text(response=reply, reference=reference))
        if a == b:
            continue
        assert reward.score < 0.5, (reply, reference, reward.answer, reward.errors)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 999),
    st.integers(2, 99),
    st.sampled_from(_HEADS),
    st.sampled_from(
        [
            "Alternatively, {x} × {y} = {a}.",
            "Or, in other words, {a} dollars.",
            "Or think of it as {x} eggs at ${y} each.",
            "Alternatively, draw a diagram.",
        ]
    ),
)
def test_the_answer_again_or_its_explanation_is_paid(a: int, y: int, head: str, more: str) -> None:
    total = a * y  # the answer, explained as a x y
    reply = _WORK + head.format(a=total) + "\n" + more.format(x=a, y=y, a=total)
    reward = _GRADER(Sample.from_text(response=reply, reference=str(total)))
    assert reward.score >= 0.9, (reply, reward.answer, reward.errors)
