"""Invariants of the ``tool_call`` grader on any text (hypothesis): a finite score in [0, 1],
never an exception, bounded time on hostile replies, and order-independence of parallel calls."""

from __future__ import annotations

import math
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.rewards.registry import GraderRegistry
from rftkit.rewards.types import Sample

REGISTRY = GraderRegistry(entry_points=False)
GRADERS = [REGISTRY.create("tool_call"), REGISTRY.create("tool_call", mode="partial")]
REFERENCES = [
    {"ground_truth": ["get_weather(city='Paris', unit='celsius')", "get_time(tz=-1)"]},
    [{"get_weather": {"city": ["Paris", "paris"], "unit": ["celsius", ""]}}],
    [],
]

FRAGMENTS = [
    "get_weather(",
    "get_time(",
    ")",
    "(",
    "city=",
    "'Paris'",
    '"Paris"',
    "unit='celsius'",
    ", ",
    "tz=-1",
    "[",
    "]",
    "{",
    "}",
    '{"name": "get_weather", "arguments": ',
    '"city": "Paris"',
    "<tool_call>",
    "</tool_call>",
    "```python\n",
    "```",
    "\n",
    "#",
    "</think>",
    "**",
    "*a",
    "__import__('os')",
    "lambda: 0",
    "1e999",
    "-",
    "0x10",
    "True",
    "None",
    ";",
    "\\",
    "'",
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(texts)
def test_any_reply_gets_a_finite_score_in_range(reply: str) -> None:
    for reference in REFERENCES:
        for g in GRADERS:
            r = g(Sample.from_text(response=reply, reference=reference))
            assert math.isfinite(r.score) and 0.0 <= r.score <= 1.0
            for m in r.metrics:
                assert math.isfinite(m.value)


CALLS = [
    "get_weather(city='Paris', unit='celsius')",
    "get_time(tz=-1)",
    "get_time(tz=-1.0)",
    "get_news(topic='x')",
    "get_weather(city='Rome')",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(CALLS), max_size=6), st.randoms())
def test_order_of_calls_never_changes_the_score(calls: list[str], rnd: object) -> None:
    shuffled = list(calls)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    for g in GRADERS:
        a = g(Sample.from_text(response="\n".join(calls), reference=REFERENCES[0])).score
        b = g(Sample.from_text(response="\n".join(shuffled), reference=REFERENCES[0])).score
        assert a == b


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(CALLS), min_size=1, max_size=6))
def test_adding_a_call_never_raises_the_partial_score_above_an_exact_reply(
    calls: list[str],
) -> None:
    exact = "\n".join(CALLS[:2])
    g = GRADERS[1]
    base = g(Sample.from_text(response=exact, reference=REFERENCES[0])).score
    more = g(Sample.from_text(response=exact + "\n" + "\n".join(calls), reference=REFERENCES[0]))
    assert base == 1.0 and more.score < 1.0


HOSTILE = [
    "f(" * 100_000,
    "[" * 100_000,
    "{" * 100_000,
    "f(x=" + "[" * 5000 + "]" * 5000 + ")",
    "f(x=" + "9" * 19_000 + ")",
    "get_weather(city='Paris')\n" * 700,
    "<tool_call>" * 5000,
    "```" * 5000,
    '{"name": "f", "arguments": "' + "[" * 9000 + '"}',
    "f(" + ", ".join(f"a{i}={i}" for i in range(2500)) + ")",
    "f(x=" + "-" * 19_000 + "1)",
]


def test_hostile_replies_are_graded_quickly() -> None:
    for g in GRADERS:
        for reply in HOSTILE:
            for text in (reply, reply[:19_000]):
                start = time.perf_counter()
                r = g(Sample.from_text(response=text, reference=REFERENCES[0]))
                elapsed = time.perf_counter() - start
                assert 0.0 <= r.score <= 1.0
                # A hang detector, not a speed target (bench/bench_tool_call.py measures the
                # worst case): each of these takes a few ms; quadratic parsing would take minutes.
                assert elapsed < 5.0, (reply[:40], elapsed)


CALL_PIECES = [
    "f",
    "get_weather",
    "m.f",
    "(",
    ")",
    "a",
    "city",
    "=",
    "==",
    " ",
    ", ",
    ",",
    "'Paris'",
    '"Rome"',
    "'it\"s'",
    "'a\\'b'",
    "1",
    "0",
    "007",
    "-",
    "2.5",
    "1.",
    ".5",
    "1e3",
    "1_0",
    "0x1",
    "True",
    "False",
    "None",
    "null",
    "[",
    "]",
    "\n",
    "\t",
    "#",
    "if",
    "lambda",
    "f(a=1)",
    "g(b='x', c=-2)",
    "\u00a0",
    "**",
    "*",
    "'",
    '"',
    "3j",
    "a=1, a=2",
]


VALUE_PIECES = [
    "'Paris'",
    '"a b"',
    "'x\\'y'",
    "1",
    "-1",
    "0",
    "00",
    "2.50",
    "-0.0",
    "1.",
    "1e3",
    "True",
    "None",
    "false",
    "[1]",
    "'é'",
    "9" * 70,
    "1 ",
    " 'q' ",
]
_one_call = st.builds(
    lambda name, kvs, sp: name + "(" + sp.join(f"{k}={v}" for k, v in kvs) + ")",
    st.sampled_from(["f", "get_weather", "m.f", "if", "_x9", "a.1"]),
    st.lists(
        st.tuples(st.sampled_from(["a", "city", "b", "in", "x_2"]), st.sampled_from(VALUE_PIECES)),
        max_size=4,
    ),
    st.sampled_from([", ", ",", " , "]),
)
_structured = st.lists(_one_call, min_size=1, max_size=3).flatmap(
    lambda calls: st.sampled_from(["\n".join(calls), "[" + ", ".join(calls) + "]"])
)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(CALL_PIECES), max_size=14).map("".join), _structured))
def test_the_fast_scanner_agrees_with_the_python_parser(src: str) -> None:
    from rftkit.rewards.tool_call.parse import _fast_calls, _python_module

    fast = _fast_calls(src)
    if fast is None:
        return
    slow = _python_module(src.strip())
    assert slow is not None, src
    assert slow.errors == 0, src
    assert slow.calls == fast, src
    for a, b in zip(slow.calls, fast, strict=True):
        assert [type(v) for v in a.args.values()] == [type(v) for v in b.args.values()], src


_json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        st.sampled_from(["f(a=1)", "get_weather(city='Paris')", "", "name", "ground_truth"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(["name", "arguments", "ground_truth", "f", "a", "function", "x"]),
            children,
            max_size=3,
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_json_values, texts)
def test_any_reference_is_read_or_refused_with_a_grader_error(
    reference: object, reply: str
) -> None:
    from rftkit.errors import GraderError

    for g in GRADERS:
        try:
            r = g(Sample.from_text(response=reply, reference=reference))
        except GraderError:
            continue
        assert 0.0 <= r.score <= 1.0
