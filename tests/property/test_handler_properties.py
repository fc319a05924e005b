"""Invariants of the handler on generated events, valid and broken.

Whatever arrives, the handler either raises ContractError (a malformed *event*) or returns
exactly one result per input element, in order, that passes the strict validator.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.errors import ContractError
from rftkit.harness.contract import expected_ids, validate_response
from rftkit.harness.handler import make_handler
from rftkit.rewards.registry import grader
from rftkit.rewards.types import Metric, Reward, Sample

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)

texts = st.text(max_size=60)


def content_of(text: str, shape: str) -> Any:
    if shape == "blocks":
        return [{"type": "text", "text": text}]
    if shape == "dict":
        return {"text": text}
    return text


@st.composite
def valid_samples(draw: st.DrawFn, index: int = 0) -> dict[str, Any]:
    """A well-formed sample in any combination of the contract's variants."""
    reply = draw(texts)
    shape = draw(st.sampled_from(["str", "blocks", "dict"]))
    role = draw(st.sampled_from(["assistant", "nova_assistant"]))
    ref: Any = draw(
        st.one_of(
            texts,
            st.builds(lambda t: {"text": t}, texts),
            st.builds(lambda t: {"final_answer": t}, texts),
        )
    )
    messages = []
    if draw(st.booleans()):
        messages.append({"role": "system", "content": content_of(draw(texts), shape)})
    messages.append({"role": "user", "content": content_of(draw(texts), shape)})
    messages.append({"role": role, "content": content_of(reply, shape)})
    sample: dict[str, Any] = {
        "id": draw(st.one_of(st.text(min_size=1, max_size=12), st.integers())),
        "messages": messages,
    }
    if draw(st.booleans()):
        sample["metadata"] = {"reference_answer": ref, "task_id": draw(texts)}
    else:
        sample["reference_answer"] = ref
        if draw(st.booleans()):
            sample["metadata"] = {"task_id": draw(texts)}
    return sample


@st.composite
def broken_samples(draw: st.DrawFn) -> Any:
    """A sample with fields removed or replaced by arbitrary JSON, or not a sample at all."""
    if draw(st.booleans()):
        return draw(json_values)
    sample = draw(valid_samples())
    for key in draw(st.lists(st.sampled_from(["id", "messages", "metadata", "reference_answer"]))):
        if draw(st.booleans()):
            sample.pop(key, None)
        else:
            sample[key] = draw(json_values)
    return sample


def wrap(samples: list[Any], wrapped: bool) -> Any:
    return {"trajectories": samples} if wrapped else samples


valid_events = st.builds(wrap, st.lists(valid_samples(), min_size=1, max_size=12), st.booleans())
mixed_events = st.builds(
    wrap,
    st.lists(st.one_of(valid_samples(), broken_samples()), min_size=1, max_size=12),
    st.booleans(),
)


@grader(register=False)
def chaotic() -> Any:
    """Returns something chosen by the completion: a score, NaN, a bad metric, or raises."""

    def score(sample: Sample) -> Any:
        text = sample.completion
        pick = sum(map(ord, text)) % 7
        if pick == 0:
            raise RuntimeError(text)
        if pick == 1:
            return math.nan
        if pick == 2:
            return Reward(0.5, (Metric("m", math.inf),))
        if pick == 3:
            return {"not": "a score"}
        if pick == 4:
            return Reward(1.0, (Metric("len", float(len(text)), "Metric"),), rule="r")
        return float(len(text) % 3) - 1.0

    return score


HANDLERS = {
    "serial": make_handler(chaotic(), isolate=False, log_sink=lambda _: None),
    "strict-refs-off": make_handler(
        chaotic(), require_reference=False, isolate=False, log_sink=lambda _: None
    ),
    # The same grader in a worker process: its results cross a process boundary.
    "isolated": make_handler(chaotic(), isolate=True, log_sink=lambda _: None),
}


def samples_of(event: Any) -> list[Any]:
    return event["trajectories"] if isinstance(event, dict) else event


def check(event: Any, response: Any) -> None:
    assert isinstance(response, list)
    assert len(response) == len(samples_of(event))
    assert [r["id"] for r in response] == expected_ids(event)
    report = validate_response(event, response)
    assert report.errors == [], report.errors
    for r in response:
        assert math.isfinite(r["aggregate_reward_score"])
    json.dumps(response, allow_nan=False)


@SETTINGS
@given(event=valid_events)
def test_valid_events_are_answered_in_full_and_in_order(event: Any) -> None:
    for handler in HANDLERS.values():
        check(event, handler(event, None))


@SETTINGS
@given(event=valid_events)
def test_every_well_formed_sample_reaches_the_grader(event: Any) -> None:
    seen: list[str] = []

    @grader(register=False)
    def spy() -> Any:
        return lambda sample: seen.append(sample.id) or 1.0

    out = make_handler(spy(), isolate=False, log_sink=lambda _: None)(event, None)
    assert len(seen) == len(samples_of(event))
    assert all(r["aggregate_reward_score"] == 1.0 for r in out)


@SETTINGS
@given(event=mixed_events)
def test_broken_samples_never_fail_the_batch(event: Any) -> None:
    for handler in HANDLERS.values():
        check(event, handler(event, None))


@SETTINGS
@given(event=json_values)
def test_any_json_event_is_answered_or_rejected_with_contract_error(event: Any) -> None:
    handler = HANDLERS["serial"]
    try:
        response = handler(event, None)
    except ContractError as exc:
        assert exc.path in {"$", "$.trajectories"}
        return
    check(event, response)


@settings(max_examples=40, deadline=None)
@given(event=mixed_events, concurrency=st.integers(min_value=2, max_value=6))
def test_concurrent_grading_keeps_the_same_invariants(event: Any, concurrency: int) -> None:
    @grader(register=False, concurrency=concurrency)
    def pooled() -> Any:
        return chaotic().impl

    serial = HANDLERS["serial"](event, None)
    pooled_out = make_handler(pooled(), isolate=False, log_sink=lambda _: None)(event, None)
    check(event, pooled_out)
    assert pooled_out == serial
    isolated = POOLED_ISOLATED(event, None)
    check(event, isolated)
    assert isolated == serial


@grader(register=False, concurrency=3)
def pooled_chaotic() -> Any:
    return chaotic().impl


POOLED_ISOLATED = make_handler(pooled_chaotic(), isolate=True, log_sink=lambda _: None)


# -- hostile graders and hostile messages ----------------------------------------------------

huge_ints = st.one_of(
    st.integers(),
    st.integers(min_value=2**1023, max_value=10**500),
    st.integers(min_value=-(10**500), max_value=-(2**1023)),
)
numbers = st.one_of(huge_ints, st.floats(allow_nan=True, allow_infinity=True), st.booleans())
anything = st.one_of(numbers, json_values, st.text(max_size=200), st.just(object()))


@st.composite
def hostile_metric(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 4)) == 0:
        return draw(anything)
    return Metric(
        draw(st.one_of(st.text(max_size=300), anything)),
        draw(st.one_of(numbers, anything)),
        draw(st.sampled_from(["Reward", "Metric", "reward", "", None])),
    )


hostile_metrics = st.one_of(
    st.none(),
    st.lists(hostile_metric(), max_size=80),
    st.lists(hostile_metric(), max_size=5).map(tuple),
    st.dictionaries(st.text(max_size=5), numbers, max_size=3),
    anything,
)

hostile_rewards = st.builds(
    Reward,
    st.one_of(numbers, anything),
    hostile_metrics,
    st.one_of(st.none(), st.text(max_size=10), anything),
    st.one_of(st.none(), st.text(max_size=10), anything),
    st.one_of(st.tuples(st.text(max_size=8)), st.lists(st.text(max_size=8)), anything),
    st.one_of(st.text(max_size=10), anything),
)

hostile_returns = st.one_of(hostile_rewards, numbers, anything)


def events_of(values: list[Any]) -> list[dict[str, Any]]:
    """One sample per value; the grader returns the value its sample carries."""
    return [
        {
            "id": f"s{i}",
            "messages": [{"role": "assistant", "content": str(i)}],
            "metadata": {"reference_answer": "", "value": value},
        }
        for i, value in enumerate(values)
    ]


@grader(register=False)
def returns_its_value() -> Any:
    return lambda sample: sample.metadata["value"]


@grader(register=False, concurrency=3)
def returns_its_value_pooled() -> Any:
    return lambda sample: sample.metadata["value"]


RETURNERS = [
    make_handler(returns_its_value(), isolate=False, log_sink=lambda _: None),
    make_handler(returns_its_value_pooled(), isolate=False, log_sink=lambda _: None),
    make_handler(returns_its_value(), isolate=True, log_sink=lambda _: None),
    make_handler(returns_its_value_pooled(), isolate=True, log_sink=lambda _: None),
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(hostile_returns, min_size=1, max_size=8))
def test_whatever_a_grader_returns_every_sample_gets_a_valid_result(values: list[Any]) -> None:
    event = events_of(values)
    outs = [handler(event, None) for handler in RETURNERS]
    for out in outs:
        check(event, out)
        assert len(json.dumps(out)) < 6 * 1024 * 1024
    # In a worker process or not, the same results (errors are the sample's either way).
    assert outs[0] == outs[1]
    assert [r["aggregate_reward_score"] for r in outs[2]] == [
        r["aggregate_reward_score"] for r in outs[0]
    ]


class Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no")


@pytest.mark.parametrize(
    "exc", [RuntimeError("x"), SystemExit(3), Unprintable(), RecursionError(), MemoryError()]
)
@pytest.mark.parametrize("isolate", [False, True])
def test_whatever_a_grader_raises_is_that_samples_grader_exception(
    exc: BaseException, isolate: bool
) -> None:
    @grader(register=False)
    def raiser() -> Any:
        def score(sample: Sample) -> float:
            if sample.completion == "1":
                raise exc
            return 1.0

        return score

    with make_handler(raiser(), isolate=isolate, log_sink=lambda _: None) as handler:
        out = handler(events_of([0, 1, 2]), None)
    assert [r["aggregate_reward_score"] for r in out] == [1.0, 0.0, 1.0]
    assert {"name": "error_grader_exception", "value": 1.0, "type": "Metric"} in out[1][
        "metrics_list"
    ]


@st.composite
def hostile_messages_samples(draw: st.DrawFn) -> Any:
    """A sample whose messages carry roles and contents of any JSON type."""
    sample = draw(valid_samples())
    for m in sample["messages"]:
        if draw(st.booleans()):
            m["role"] = draw(json_values)
        if draw(st.booleans()):
            m["content"] = draw(json_values)
    if draw(st.booleans()):
        sample["messages"].append(draw(json_values))
    return sample


@SETTINGS
@given(
    event=st.builds(
        wrap, st.lists(hostile_messages_samples(), min_size=1, max_size=8), st.booleans()
    )
)
def test_hostile_roles_and_contents_never_fail_the_batch(event: Any) -> None:
    for handler in HANDLERS.values():
        check(event, handler(event, None))


@SETTINGS
@given(
    event=valid_events,
    response=st.one_of(
        json_values,
        st.lists(
            st.one_of(
                json_values,
                st.dictionaries(
                    st.sampled_from(["id", "aggregate_reward_score", "metrics_list", "x"]),
                    st.one_of(
                        json_values,
                        st.lists(
                            st.dictionaries(
                                st.sampled_from(["name", "value", "type", "y"]),
                                json_values,
                            ),
                            max_size=3,
                        ),
                    ),
                ),
            ),
            max_size=6,
        ),
    ),
)
def test_the_validator_reports_any_response_and_never_raises(event: Any, response: Any) -> None:
    """`harness check` reads other people's Lambdas: whatever they answer is a finding."""
    report = validate_response(event, response)
    assert isinstance(report.errors, list)


@pytest.mark.parametrize(
    "reward",
    [
        Reward(1.0, explanation=object()),  # type: ignore[arg-type]
        Reward(1.0, answer=object()),  # type: ignore[arg-type]
        Reward(1.0, answer=[1, 2], explanation={"why": 1}),  # type: ignore[arg-type]
    ],
)
def test_fields_the_response_never_carries_do_not_change_an_isolated_score(
    reward: Reward,
) -> None:
    # Found by hypothesis: an unpicklable explanation made the isolated result an error.
    event = events_of([reward])
    scores = [[r["aggregate_reward_score"] for r in h(event, None)] for h in RETURNERS]
    assert scores == [[1.0]] * len(RETURNERS)
