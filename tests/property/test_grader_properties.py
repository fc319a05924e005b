"""Invariants of the built-in graders on any text (hypothesis)."""

from __future__ import annotations

import math
import os
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rftkit.errors import GraderError
from rftkit.rewards.builtin.exact import normalise_text
from rftkit.rewards.extract import Extractor, parse_reference
from rftkit.rewards.numbers import find_numbers, last_number, parse_answer, parse_number
from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Sample

REGISTRY = GraderRegistry(entry_points=False)
GSM8K = REGISTRY.create("gsm8k")
NUMERIC = REGISTRY.create("numeric")
FORMAT = REGISTRY.create("format")
EXACT = REGISTRY.create("exact_match")
COMPOSITE = REGISTRY.create("composite", graders={"numeric": 0.8, "format": 0.2})

# Pieces that exercise every rule and number form, glued together at random.
FRAGMENTS = [
    "####",
    "#### ",
    "#",
    "\\boxed{",
    "\\boxed",
    "{",
    "}",
    "<answer>",
    "</answer>",
    "The answer is ",
    "answer:",
    "\nA: ",
    "A:",
    "\n",
    " ",
    "  ",
    ".",
    ",",
    "/",
    "-",
    "+",
    "$",
    "\\$",
    "%",
    "\\%",
    "\\frac{",
    "\\dfrac",
    "\\text{",
    "^",
    "^{",
    "e",
    "E",
    "x",
    "\\times 10^{",
    "<<",
    ">>",
    "=",
    "*",
    "(",
    ")",
    "0",
    "1",
    "7",
    "9",
    "12",
    "72",
    "1,234",
    "1,5",
    "2 2/3",
    "3/4",
    "0.5",
    "1e5",
    "1e999999",
    "9" * 120,
    "\u0667\u0662",
    "\uff17",
    "\u2212",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\u00bd",
    "\u00b2",
    "\uff03",
    "\u066b",
    "dollars",
    "percent",
    "apples",
    "Step 2",
    "\\,",
    "{,}",
    "\\circ",
    "\\left(",
    "\\right)",
]
structured = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=300), structured)
references = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["72", "1,234", "0.5", "50%", "8/3", "-3"]),
)

# Modest by default to keep the suite fast; RFTKIT_HYPOTHESIS_EXAMPLES=5000 for a deep run.
SETTINGS = settings(
    max_examples=int(os.environ.get("RFTKIT_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(text=any_text, reference=references)
def test_every_grader_gives_a_finite_score_in_range_for_any_text(text: str, reference: str) -> None:
    sample = Sample.from_text(response=text, reference=reference)
    for grader in (GSM8K, NUMERIC, FORMAT, EXACT, COMPOSITE):
        score = grader(sample).score
        assert math.isfinite(score)
        assert 0.0 <= score <= 1.0


@SETTINGS
@given(text=any_text)
def test_extraction_and_parsing_never_raise(text: str) -> None:
    ext = Extractor()(text)
    assert ext.n_candidates >= 0
    assert (ext.rejected is None) == ext.ok
    parse_answer(text)
    last_number(text)
    find_numbers(text)


@SETTINGS
@given(text=any_text)
@example(text="<|channel|>")  # found by a random run: a reply cut off while thinking
@example(text="<think>42</think>42")
def test_exact_match_of_a_text_with_itself_is_one(text: str) -> None:
    """A text matches itself; one that normalises to nothing is refused as a reference.

    A reasoning model's thinking is never compared (thinking.after_thinking): a reply
    that opens a thinking block and never closes it (``<|channel|>``, ``<think>``) is cut
    off, refused whatever the reference; one with thinking is compared by what follows it.
    """
    from rftkit.rewards.builtin.exact import _reference
    from rftkit.rewards.thinking import after_thinking

    answer = after_thinking(text)
    if answer is None:
        reward = EXACT(Sample.from_text(response=text, reference=text))
        assert (reward.score, reward.errors) == (0.0, ("cut_off", "unclosed_thinking"))
        return
    # The reference: the text itself, or the reply's answer part when it holds thinking.
    reference = answer
    # As a reference, a text holding "####" is a GSM8K solution: its answer is after it.
    if not normalise_text(_reference(reference)).strip():
        with pytest.raises(GraderError, match="empty"):
            EXACT(Sample.from_text(response=text, reference=reference))
        return
    assert EXACT(Sample.from_text(response=text, reference=reference)).score == 1.0


hash_replies = st.builds(
    lambda head, n, tail: f"{head}#### {n}{tail}",
    any_text,
    st.one_of(st.integers(0, 10**12).map(str), st.sampled_from(["072", "72", " 72 ", "7" * 150])),
    st.one_of(any_text, st.sampled_from(["", "\n", "\n\n", "\nthanks", ".", " \u00a0"])),
)


@SETTINGS
@given(text=st.one_of(any_text, hash_replies))
def test_gsm8k_fast_path_agrees_with_the_general_path(text: str) -> None:
    ref = parse_reference("72")
    assert ref.number is not None
    fast = GSM8K(Sample.from_text(response=text, reference="72"))
    assert fast == GSM8K.impl.general(text, ref, ref.number)  # type: ignore[attr-defined]


@SETTINGS
@given(body=any_text, n=st.integers(min_value=0, max_value=10**15))
def test_gsm8k_pays_a_single_final_hash_answer(body: str, n: int) -> None:
    # No other "#" (a full-width one becomes "#" once normalised) may make a second marker.
    reply = body.replace("#", "").replace("\uff03", "")
    sample = Sample.from_text(response=f"x{reply}\n#### {n}", reference=str(n))
    assert GSM8K(sample).score == 1.0


numbers_as_text = st.one_of(
    st.integers(min_value=-(10**9), max_value=10**9).map(str),
    st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False).map(str),
    st.fractions(max_denominator=50).map(lambda f: f"{f.numerator}/{f.denominator}"),
)


@SETTINGS
@given(
    a=numbers_as_text,
    b=numbers_as_text,
    abs_tol=st.sampled_from([0.0, 0.001, 0.5, 10.0]),
    rel_tol=st.sampled_from([0.0, 1e-6, 0.01, 0.5]),
)
def test_numeric_is_symmetric_within_tolerance(
    a: str, b: str, abs_tol: float, rel_tol: float
) -> None:
    grader = REGISTRY.create("numeric", abs_tol=abs_tol, rel_tol=rel_tol)
    ab = grader(Sample.from_text(response=f"#### {a}", reference=b)).score
    ba = grader(Sample.from_text(response=f"#### {b}", reference=a)).score
    assert ab == ba


@SETTINGS
@given(n=st.integers(min_value=-(10**30), max_value=10**30))
def test_thousands_separated_integers_read_back(n: int) -> None:
    number = parse_number(f"{n:,}")
    assert number is not None
    assert number.value == n


@SETTINGS
@given(
    d=st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**9), max_value=10**9
    )
)
def test_decimals_read_back_exactly(d: Decimal) -> None:
    number = parse_number(format(d, "f"))
    assert number is not None
    assert Fraction(number.value) == Fraction(d)


@SETTINGS
@given(whole=st.integers(1, 10**6), num=st.integers(1, 999), den=st.integers(2, 1000))
def test_mixed_numbers_are_whole_plus_fraction(whole: int, num: int, den: int) -> None:
    if num >= den:
        num = den - 1
    number = parse_number(f"{whole} {num}/{den}")
    assert number is not None
    assert number.value == whole + Fraction(num, den)
