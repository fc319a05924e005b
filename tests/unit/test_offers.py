"""A later answer that offers itself as another one is a second answer (offers.py).

Three classes, each paid (for its later value) before: (a) a labelled answer that names
itself another / second / alternative / possible answer after an answer was stated, in any
marker form (``Second answer: 20``, ``Alternative answer: $20``, ``Another possible answer
is \\boxed{20}``, ``Alternative: **$20**``, ``Second answer: #### 20``); (b) a sentence that
offers another value with a modal of possibility (``Answer could also be $20.``, ``She might
also make $20.``, ``$20 is also possible.``); (c) a list of candidates under a heading that
calls them possible answers, candidates or options (``Possible answers:\\n- 18\\n- 20``).

Both directions: each hedge is refused (``multiple_answers``), and what offers nothing keeps
its reading: the same value again, a plain new step of working (``She spends $4. She makes
$18.``), a single answer with a modal after working, a list of steps or quantities, a list
followed by a final answer. The old reading of each case is in its comment (main before this
change). Every case is read by the general path too, which must agree with the fast path.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import rftkit
from rftkit.rewards.extract import Extractor
from rftkit.rewards.offers import listed, may_offer
from rftkit.rewards.types import Sample

_EX = Extractor()
_WORK = "She sells 9 eggs at $2 each.\n"
_GRADER = rftkit.load_grader("gsm8k")


def _read(reply: str) -> tuple[object, ...]:
    text = _WORK + reply
    found = _EX(text)
    assert found == _EX.general(text), reply  # the fast path reads as the general one
    return found.answer, found.rule, found.rejected


def _paid(reply: str, reference: str) -> bool:
    return _GRADER(Sample.from_text(response=_WORK + reply, reference=reference)).score >= 0.5


# -- (a) a labelled answer that names itself another one ------------------------------------

_LABELLED = [
    ("So she makes **$18**.\n\nSecond answer: 20", "20 answer_is"),
    ("So she makes **$18**.\n\nAlternative answer: $20", "$20 answer_is"),
    ("So she makes $18.\nSecond answer: 20", "20 answer_is"),
    ("So she makes $18.\nAnother possible answer is 20.", "20 answer_is"),
    ("So she makes $18. The second answer is 20.", "20 answer_is"),
    ("So she makes $18.\n**Alternative answer:** 20", "20 answer_is"),
    ("So she makes $18.\n2nd answer: 20", "20 answer_is"),
    ("So she makes $18.\nOther answer: 20", "20 answer_is"),
    ("So she makes $18.\nAlternate answer: 20", "20 answer_is"),
    ("So she makes $18.\nPossible answer: 20", "20 answer_is"),
    ("So she makes $18.\nAlternative: $20", "20 final_sentence"),
    ("She makes $18.\nAnother possible answer is \\boxed{20}.", "20 boxed"),
    ("She makes $18.\nAlternative: **$20**", "$20 bold"),
    ("The answer is 18.\nAlternative: $20", "18 answer_is"),
    ("The answer is 18.\nAlternative: $20\nCheck: 9 x 2 = 18.", "18 answer_is"),
    ("The answer is 18.\n\nSecond answer: #### 20", "20 hash"),
    ("So she makes $18.\nSecond answer:\n**20**", "20 bold"),
    ("**18**\nThe answer may be 20.", "20 answer_is"),
]


@pytest.mark.parametrize(("reply", "old"), _LABELLED)
def test_a_labelled_second_answer_is_several_answers(reply: str, old: str) -> None:
    answer, rule, rejected = _read(reply)
    assert rejected == "multiple_answers", (reply, answer, rule)
    assert not _paid(reply, "18") and not _paid(reply, "20")


# -- (b) a sentence that offers another value with a modal ----------------------------------

_MODALS = [
    ("She makes $18. Answer could also be $20.", "20 final_sentence"),
    ("She makes $18. The total might also be $20.", "20 final_sentence"),
    ("So she makes $18. The total may be $20.", "20 final_sentence"),
    ("She makes $18. She might also make $20.", "20 final_sentence"),
    ("She makes $18. $20 is also possible.", "20 final_sentence"),
    ("She makes $18. She could alternatively make $20.", "20 final_sentence"),
    ("She makes $18. Answer could also be $20. Hope this helps!", "20 last_number"),
    ("**18**\nShe might also make 20.", "20 final_sentence"),
    ("She makes $18; alternatively $20.", "20 final_sentence"),  # in one sentence
    ("She makes $18, but she could also make $20.", "20 final_sentence"),
]


@pytest.mark.parametrize(("reply", "old"), _MODALS)
def test_a_modal_offer_after_an_answer_is_several_answers(reply: str, old: str) -> None:
    answer, rule, rejected = _read(reply)
    assert rejected == "multiple_answers", (reply, answer, rule)
    assert not _paid(reply, "18") and not _paid(reply, "20")


# -- (c) a list of candidates ----------------------------------------------------------------

_LISTS = [
    ("Possible answers:\n- 18\n- 20", "20 final_sentence"),
    ("Possible answers:\n- $18\n- $20\n", "20 final_sentence"),
    ("Possible answers:\n1. 18\n2. 20", "20 final_sentence"),
    ("Candidates:\n- $18\n- $20", "20 final_sentence"),
    ("**Possible answers:**\n- 18\n- 20", "20 final_sentence"),
    ("### Possible answers\n- 18\n- 20", "20 final_sentence"),
    ("Options:\n- 18\n- 20", "20 final_sentence"),
    ("Possible answers:\n- 18 (if she sells all)\n- 20 (if she sells more)", "20"),
    ("Janet makes $18 every day.\n\nCandidates:\n1. $18\n2. $20", "20 final_sentence"),
    ("Possible answers:\n- 16\n17\n18\n19\n20", "20 final_sentence"),
]


@pytest.mark.parametrize(("reply", "old"), _LISTS)
def test_a_list_of_candidates_is_several_answers(reply: str, old: str) -> None:
    answer, rule, rejected = _read(reply)
    assert rejected == "multiple_answers", (reply, answer, rule)
    assert not _paid(reply, "18") and not _paid(reply, "20")


# -- what offers nothing keeps its reading ---------------------------------------------------

_KEPT = [
    ("She makes $18. She spends $4. She makes $18.", "18"),  # a plain step, the same value
    ("She spends $4. She makes $18.", "18"),  # a plain new step of working
    ("She makes $18. It could also be $18.", "18"),  # the same value again
    ("The answer is 18. Another answer would be 18.", "18"),
    ("She makes $18. Alternatively, 9 x 2 = 18.", "18"),
    ("She makes $18. Possibly she makes 18 dollars.", "18"),
    ("She makes 9 x 2 = $18. Another way: 2 x 9 = 18.", "18"),
    ("The total may be $18.", "18"),  # one answer, after working only
    ("So the answer could also be $18.", "18"),
    ("The answer may be 18.", "18"),
    ("Possible answer: 18", "18"),
    ("Possible answers:\n- 18\n- 20\n\nSo she makes $18.", "18"),  # a list, then the answer
    ("Possible answers:\n- 18\n- 18", "18"),
    ("Steps:\n- 9 eggs\n- $2 each\n- total 18", "18"),  # a list of steps
    ("Quantities:\n- eggs: 9\n- price: 2\nSo she makes $18.", "18"),
    ("So she makes $18.\n#### 18", "18"),
    ("So the total is:\n#### 18", "18"),
    # A modal that offers no answer ("could also sell"): read as before (its number).
    ("She makes $18. She could also sell the 3 eggs left.", "3"),
    # a hypothetical (10: a number new to the reply; was 20): hypotheticals reads the statement
    ("She makes $18. If she sold 10 eggs, it could be $20.", "18"),
]


@pytest.mark.parametrize(("reply", "answer"), _KEPT)
def test_what_offers_nothing_keeps_its_reading(reply: str, answer: str) -> None:
    found, rule, rejected = _read(reply)
    assert (found, rejected) == (answer, None), (reply, rule)
    assert _paid(reply, answer)


# Not (yet) refused, by policy: a plain modal or a "possible" label after a sentence that
# does not conclude pays its one value (it may be the reply's only answer after working).
_ONE_VALUE = [
    ("She makes $18. The total may be $20.", "20"),
    ("She makes $18.\nPossible answer: 20", "20"),
    ("So she makes $18.\nSecond answer:\n#### 20", "20"),  # a "####" line ends the reply
]


@pytest.mark.parametrize(("reply", "answer"), _ONE_VALUE)
def test_a_plain_modal_after_a_plain_sentence_pays_one_value(reply: str, answer: str) -> None:
    assert _read(reply)[0] == answer
    assert not _paid(reply, "18")


def test_the_cheap_tests() -> None:
    assert may_offer("Answer could also be $20.")
    assert may_offer("- 20") and may_offer("$20")
    assert not may_offer("So she makes $18 every day.")
    assert listed(_EX, "Possible answers:\n- 18\n- 20") == ("20", "18")
    assert listed(_EX, "Steps:\n- 9 eggs\n- 18") is None
    assert listed(_EX, "Possible answers:\n- 18\n- 18") is None


# -- properties: generated replies graded against both values -------------------------------

_STATED = [
    "The answer is {a}.",
    "**{a}**",
    "Answer: {a}",
    "So she makes ${a} every day.",
    "\\boxed{{{a}}}",
    "#### {a}",
]
_OFFERS = [
    "Second answer: {b}",
    "Alternative answer: ${b}",
    "Another possible answer is {b}.",
    "Alternative: **${b}**",
    "Another possible answer is \\boxed{{{b}}}.",
    "Answer could also be ${b}.",
    "She might also make ${b}.",
    "${b} is also possible.",
    "She could alternatively make ${b}.",
    "The total may be ${b}.",
    "Second answer: #### {b}",
]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(_STATED),
    st.sampled_from(["\n", " ", "\n\n"]),
    st.sampled_from(_OFFERS),
)
@example(18, 20, "So she makes ${a} every day.", " ", "Answer could also be ${b}.")
@example(18, 20, "**{a}**", "\n\n", "Second answer: {b}")
@example(0, 1, "**{a}**", " ", "Second answer: {b}")  # found: the label on the answer's line
def test_an_offered_second_answer_is_never_paid(
    a: int, b: int, head: str, sep: str, offer: str
) -> None:
    if a == b:
        return
    reply = head.format(a=a) + sep + offer.format(b=b)
    assert _EX(_WORK + reply) == _EX.general(_WORK + reply), reply  # fast path = general
    for reference in (str(a), str(b)):
        reward = _GRADER(Sample.from_text(response=_WORK + reply, reference=reference))
        assert reward.score < 0.5, (reply, reference, reward.answer, reward.errors)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 10**6), min_size=2, max_size=5, unique=True),
    st.sampled_from(["Possible answers:", "**Candidates:**", "### Options", "Alternatives:"]),
    st.sampled_from(["- {v}", "* ${v}", "{i}. {v}", "{v}"]),
)
def test_a_list_of_candidates_is_never_paid(values: list[int], heading: str, item: str) -> None:
    lines = [item.format(v=v, i=i + 1) for i, v in enumerate(values)]
    reply = heading + "\n" + "\n".join(lines)
    assert _EX(_WORK + reply) == _EX.general(_WORK + reply), reply  # fast path = general
    for v in values:
        reward = _GRADER(Sample.from_text(response=_WORK + reply, reference=str(v)))
        assert reward.score < 0.5, (reply, v, reward.answer, reward.errors)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(1, 10**6),
    st.sampled_from(
        [
            "She spends ${c}. She makes ${a}.",
            "She makes ${a}. It could also be ${a}.",
            "Steps:\n- {c} eggs\n- total {a}",
            "Possible answers:\n- {c}\n- {a}\n\nSo she makes ${a}.",
            "She makes ${a}. She could also sell {c} more eggs tomorrow, but that is a guess."
            "\nSo she makes ${a}.",
        ]
    ),
)
def test_a_reply_that_offers_nothing_is_paid(a: int, c: int, shape: str) -> None:
    reply = shape.format(a=a, c=c)
    assert _EX(_WORK + reply) == _EX.general(_WORK + reply), reply  # fast path = general
    reward = _GRADER(Sample.from_text(response=_WORK + reply, reference=str(a)))
    assert reward.score >= 0.5, (reply, reward.answer, reward.errors)


def test_keeping_the_last_answer_keeps_the_one_read() -> None:
    last = Extractor(conflict="last")
    assert last(_WORK + "So she makes **$18**.\n\nSecond answer: 20").answer == "20"
    assert last(_WORK + "Possible answers:\n- 18\n- 20").answer == "20"
    assert last(_WORK + "She makes $18. Answer could also be $20.").rejected is None
