"""A number bound into an expression or a word is no answer (``expression``).

``The answer is sqrt(2).`` paid 2, and so did ``\\boxed{2\\pi}``, ``Answer: x2`` and
``#### \\frac{1+\\sqrt{5}}{2}`` read as its last number: the number is the argument of a
function, a factor of pi, part of a name, a denominator or an exponent, and the value the
reply states is something else. A unit after the number binds nothing (``18 sec``,
``5km``), nor a currency prefix (``US$18``) or a word before it with a space (``option 3``).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rftkit
from rftkit import Sample
from rftkit.rewards.equations import FUNCTION_NAMES, bound_number, parse_answer

BOUND = [
    "sqrt(2)",
    "\\sqrt{2}",
    "\\sqrt2",
    "√2",
    "sqrt 2",
    "log(2)",
    "\\ln 2",
    "sin(30)",
    "cos 60",
    "f(2)",
    "2pi",
    "2 \\pi",
    "\\frac{\\pi}{2}",
    "2π",
    "pi/2",
    "x2",
    "x_2",
    "AZYUK2A",
    "CO2",
]
FREE = [
    ("2", 2),
    ("$2", 2),
    ("US$2", 2),
    ("A$2", 2),
    ("2 sec", 2),
    ("2km", 2),
    ("2 dollars", 2),
    ("2 pies", 2),
    ("option 2", 2),
    ("(2)", 2),
    ("step (2)", 2),
    ("x = 2", 2),
    ("\\text{2 apples}", 2),
    ("2 (cosine)", 2),
]


@pytest.mark.parametrize("text", BOUND)
def test_a_bound_number_is_an_expression(text: str) -> None:
    result = parse_answer(text)
    assert result.number is None
    assert result.reason == "expression"


@pytest.mark.parametrize(("text", "value"), FREE)
def test_a_number_beside_a_unit_or_a_word_is_still_the_answer(text: str, value: int) -> None:
    result = parse_answer(text)
    assert result.number is not None, result.reason
    assert result.number.value == value


CONTAINERS = [
    "#### {x}",  # a "####" line that holds no number start is read as a final sentence
    "So the answer is \\boxed{{{x}}}.",
    "The answer is {x}.",
    "Answer: {x}",
    "<answer>{x}</answer>",
]


@pytest.mark.parametrize("grader", ["gsm8k", "numeric"])
@pytest.mark.parametrize("form", CONTAINERS)
@pytest.mark.parametrize("text", ["sqrt(2)", "\\sqrt{2}", "2\\pi", "x2", "\\log(2)"])
def test_no_container_pays_the_number_inside_an_expression(
    grader: str, form: str, text: str
) -> None:
    reply = "We work it out.\n" + form.format(x=text)
    reward = rftkit.load_grader(grader)(Sample.from_text(response=reply, reference="2"))
    assert reward.score == 0.0, (reply, reward)


@pytest.mark.parametrize("grader", ["gsm8k", "numeric"])
@pytest.mark.parametrize("form", CONTAINERS)
@pytest.mark.parametrize("text", ["2", "$2", "2 sec", "2 dollars", "US$2"])
def test_a_container_still_pays_a_number_with_a_unit(grader: str, form: str, text: str) -> None:
    reply = "We work it out.\n" + form.format(x=text)
    reward = rftkit.load_grader(grader)(Sample.from_text(response=reply, reference="2"))
    assert reward.score >= 0.9, (reply, reward)


def test_the_reason_reaches_the_reward_and_the_format_verdict() -> None:
    reward = rftkit.load_grader("gsm8k")(
        Sample.from_text(response="The answer is \\boxed{\\sqrt{2}}.", reference="2")
    )
    assert reward.errors == ("expression",)
    assert "expression" in reward.explanation


@given(
    name=st.sampled_from(sorted(FUNCTION_NAMES)),
    n=st.integers(0, 10**6),
    bracket=st.sampled_from(["({})", "{{{}}}", " {}", "\\{} "]),
)
def test_any_function_applied_to_a_number_is_an_expression(name: str, n: int, bracket: str) -> None:
    latex = bracket.startswith("\\")
    text = "\\" + name + " " + str(n) if latex else name + bracket.format(n)
    assert parse_answer(text).reason == "expression", text


@given(
    n=st.integers(0, 10**6),
    unit=st.sampled_from(["sec", "km", "dollars", "apples", "cm", "kg", "min", "pies"]),
    space=st.sampled_from(["", " "]),
)
def test_a_unit_after_a_number_never_binds_it(n: int, unit: str, space: str) -> None:
    text = f"{n}{space}{unit}"
    result = parse_answer(text)
    assert result.number is not None and result.number.value == n, (text, result)


def test_bound_number_reads_only_what_stands_before_the_number() -> None:
    assert bound_number("sqrt(2)", 5)
    assert not bound_number("2 sqrt", 0)  # a name after the number applies to nothing
    assert not bound_number("cosine 2", 7)  # a longer word that ends like a name
    assert bound_number("\\cos 2", 5)


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("2 pi", True),
        ("12.5\\pi", True),
        ("pi * 2", True),
        ("2π", True),
        ("2 pies", False),
        ("2 spi", False),
        ("using pi = 3.14, the area is 12", False),  # pi elsewhere: an approximation
    ],
)
def test_pi_binds_only_the_number_beside_it(text: str, bound: bool) -> None:
    s = text
    k = max(s.rfind(d) for d in "0123456789")
    while k and s[k - 1] in "0123456789.,":
        k -= 1
    assert bound_number(s, k) is bound


SENTENCES = [
    ("So the diagonal is sqrt(2).", True),
    ("So the diagonal is sqrt 2.", True),
    ("So the diagonal is \\sqrt{2}.", True),
    ("The code is AZYUK2A.", True),
    ("AZYUK2A", True),
    ("It is 2 pi.", True),
    ("So it is 2\u03c0.", True),
    ("\\frac{1+\\sqrt{5}}{2}", True),
    ("So x = 0/0.", True),
    ("So it is 4/0.", True),
    ("x_2", True),
    # A number free of any expression is read as before.
    ("She has 2 pieces.", False),
    ("She has 3 mp3 files, so 2 left.", False),
    ("So (2).", False),
    ("Using pi = 3.14, the area is 2.", False),
    ("So 5 - 3 = 2 apples.", False),
    ("The total is 8/4 = 2.", False),
]


@pytest.mark.parametrize("grader", ["gsm8k", "numeric"])
@pytest.mark.parametrize(("sentence", "bound"), SENTENCES)
def test_a_final_sentence_whose_number_is_bound_states_no_number(
    grader: str, sentence: str, bound: bool
) -> None:
    reference = "0" if "0/0" in sentence else "4" if "4/0" in sentence else "2"
    reward = rftkit.load_grader(grader)(Sample.from_text(response=sentence, reference=reference))
    assert (reward.score == 0.0) is bound, reward
    if bound:
        assert reward.errors == ("expression",)


@given(
    name=st.sampled_from(["sqrt", "log", "f", "g"]),
    n=st.integers(1, 10**6),
    words=st.sampled_from(["So the value is", "Thus it equals", "The result:"]),
)
def test_no_sentence_pays_a_function_argument(name: str, n: int, words: str) -> None:
    sentence = f"{words} {name}({n})."
    reward = rftkit.load_grader("numeric")(Sample.from_text(response=sentence, reference=str(n)))
    assert reward.score == 0.0, (sentence, reward)
