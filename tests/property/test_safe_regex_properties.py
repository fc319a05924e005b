"""Every pattern the safety check accepts matches hostile text without blowing up.

Hypothesis writes patterns from a small grammar (the constructs behind catastrophic
backtracking: nested and adjacent quantifiers, alternation, lazy and possessive repeats).
Each accepted pattern is run with ``finditer`` over hostile texts made of its own characters
in a worker process: a pattern that backtracks exponentially or with a high polynomial on
300 characters would run for hours, so the worker's generous limit is a correctness bound,
not a speed target. Refused patterns need no run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.rewards.safe_regex import UnsafePattern, check_pattern
from rftkit.rewards.worker import Worker

ATOMS = ["a", "b", "1", ",", " ", r"\d", r"\s", r"\w", ".", "[ab]", "[a1 ]", r"\S"]
QUANTIFIERS = ["", "", "*", "+", "?", "{1,3}", "{2}", "*?", "+?", "*+"]


def build(tree: object) -> str:
    if isinstance(tree, str):
        return tree
    kind, parts, quant = tree  # type: ignore[misc]
    inner = ("|" if kind == "alt" else "").join(build(p) for p in parts)
    return f"(?:{inner}){quant}"


trees = st.recursive(
    st.builds(lambda a, q: a + q, st.sampled_from(ATOMS), st.sampled_from(QUANTIFIERS)),
    lambda kids: st.tuples(
        st.sampled_from(["seq", "alt"]),
        st.lists(kids, min_size=1, max_size=3),
        st.sampled_from(QUANTIFIERS),
    ),
    max_leaves=6,
)
patterns = st.lists(trees, min_size=1, max_size=4).map(lambda ts: "".join(build(t) for t in ts))


def hostile_texts(pattern: str) -> list[str]:
    chars = sorted({c for c in "ab1, x\n" if c in pattern or c in "a1 "})
    texts = [c * 300 for c in chars]
    texts += [(c + d) * 150 for c in chars for d in chars if c < d]
    texts += [t + "x!" for t in list(texts)]
    return texts


def run_all(pattern: str, texts: list[str]) -> int:
    rx = re.compile(pattern)
    return sum(1 for t in texts for _ in rx.finditer(t))


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    with Worker(target=run_all, memory_mb=256) as w:
        yield w


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(pattern=patterns)
def test_accepted_patterns_do_not_blow_up(worker: Worker, pattern: str) -> None:
    try:
        check_pattern(pattern)
    except UnsafePattern:
        return
    outcome = worker.run(pattern, hostile_texts(pattern), timeout=20.0)
    assert outcome.status == "ok", (pattern, outcome)


def test_the_grammar_reaches_catastrophic_patterns() -> None:
    """The check is tested on the patterns that matter: the grammar can write them."""
    for p in [r"(?:a+)+", r"(?:\d|1a)*", r"\s*.*\s*"]:
        with pytest.raises(UnsafePattern):
            check_pattern(p)
