"""Invariants of the handler on generated events, valid and broken.

Whatever arrives, the handler either raises ContractError (a malformed *event*) or returns
exactly one result per input element, in order, that passes the strict validator.
"""

from __future__ import annotations

import json
import math
from typing import Any

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
    "serial": make_handler(chaotic(), log_sink=lambda _: None),
    "strict-refs-off": make_handler(chaotic(), require_reference=False, log_sink=lambda _: None),
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

    out = make_handler(spy(), log_sink=lambda _: None)(event, None)
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
    pooled_out = make_handler(pooled(), log_sink=lambda _: None)(event, None)
    check(event, pooled_out)
    assert pooled_out == serial
