"""The wire format: every event variant of CONTRACT.md parses; responses render and validate."""

from __future__ import annotations

import copy
import json
import math
import pickle
from typing import Any

import pytest

from rftkit.errors import ContractError, GraderError
from rftkit.harness.contract import (
    ERROR_CODES,
    error_reward,
    expected_ids,
    parse_event,
    render_response,
    render_result,
    validate_response,
)
from rftkit.rewards.types import Metric, Reward
from tests.events import load_event

REPLY = "3 * 12 = 36 eggs.\n#### 36"


def sample(i: int = 0, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": f"r{i}",
        "messages": [
            {"role": "user", "content": "q"},
            {"role": "assistant", "content": "#### 36"},
        ],
        "metadata": {"reference_answer": "36"},
    }
    item.update(extra)
    return item


# -- every variant of the contract table, from real JSON files ---------------------------------

VARIANTS = [
    ("documented", "rollout-17", REPLY, {"final_answer": "36"}),
    ("reference_metadata_string", "rollout-1", REPLY, "36"),
    ("reference_top_level", "rollout-2", REPLY, "36"),
    ("reference_text_wrapped", "rollout-3", REPLY, "36"),
    (
        "reference_solution_text",
        "rollout-4",
        REPLY,
        "Each box has 12 eggs, so 3 * 12 = <<3*12=36>>36 eggs.\n#### 36",
    ),
    ("role_nova_assistant", "rollout-5", REPLY, "36"),
    ("content_blocks", "rollout-6", REPLY, "36"),
    ("content_dict", "rollout-7", REPLY, "36"),
    ("trajectories_wrapped", "rollout-8", REPLY, "36"),
    ("open_weight", "rollout-10", REPLY, "36"),
    ("nova", "rollout-11", REPLY, {"final_answer": "36"}),
]


@pytest.mark.parametrize(
    ("fixture", "first_id", "completion", "reference"), VARIANTS, ids=[v[0] for v in VARIANTS]
)
def test_every_event_variant_parses_to_the_same_sample(
    fixture: str, first_id: str, completion: str, reference: Any
) -> None:
    parsed = parse_event(load_event(fixture))
    assert parsed.problems == {}
    first = parsed.samples[0]
    assert (first.id, first.completion, first.reference) == (first_id, completion, reference)
    assert parsed.ids[0] == first_id


@pytest.mark.parametrize("fixture", [v[0] for v in VARIANTS])
def test_parsed_messages_have_string_content(fixture: str) -> None:
    parsed = parse_event(load_event(fixture))
    for s in parsed.samples:
        assert all(isinstance(m["content"], str) for m in s.messages)


def test_trajectories_wrapper_is_recorded_and_keeps_order() -> None:
    parsed = parse_event(load_event("trajectories_wrapped"))
    assert parsed.wrapped
    assert parsed.ids == ["rollout-8", "rollout-9"]
    assert parsed.base_path == "$.trajectories"


def test_metadata_reaches_the_sample() -> None:
    parsed = parse_event(load_event("documented"))
    assert parsed.samples[0].metadata["task_id"] == "gsm8k-0042"


def test_extra_top_level_fields_join_metadata_without_overriding_it() -> None:
    item = sample(metadata={"reference_answer": "36", "task": "meta"}, task="top", level=3)
    meta = parse_event([item]).samples[0].metadata
    assert (meta["task"], meta["level"]) == ("meta", 3)


def test_metadata_reference_wins_over_top_level() -> None:
    item = sample(metadata={"reference_answer": "from-meta"}, reference_answer="from-top")
    assert parse_event([item]).samples[0].reference == "from-meta"


def test_text_wrapper_with_other_keys_is_left_as_an_object() -> None:
    ref = {"text": "36", "unit": "eggs"}
    assert parse_event([sample(metadata={"reference_answer": ref})]).samples[0].reference == ref


def test_integer_id_is_echoed_as_integer() -> None:
    parsed = parse_event([sample(id=7)])
    assert (parsed.ids, parsed.samples[0].id, parsed.problems) == ([7], "7", {})


def test_non_text_content_blocks_are_skipped() -> None:
    item = sample()
    item["messages"][-1]["content"] = [
        {"type": "reasoning", "text": "hidden"},
        {"type": "text", "text": "#### 36"},
    ]
    assert parse_event([item]).samples[0].completion == "#### 36"


def test_input_event_is_not_modified() -> None:
    event = load_event("content_blocks")
    before = json.dumps(event, sort_keys=True)
    parse_event(event)
    assert json.dumps(event, sort_keys=True) == before


# -- malformed samples are recorded, not raised --------------------------------------------------


def test_malformed_samples_keep_their_position_and_get_problems() -> None:
    parsed = parse_event(load_event("malformed_samples"))
    assert len(parsed.samples) == len(parsed.ids) == 8
    codes = {i: [p.code for p in found] for i, found in parsed.problems.items()}
    assert codes == {
        1: ["no_id"],
        2: ["no_assistant"],
        3: ["no_reference"],
        4: ["not_object"],
        5: ["no_messages"],
        6: ["bad_id"],
    }
    assert [parsed.ids[i] for i in (1, 4, 6)] == [None, None, None]
    assert parsed.ids[7] == "rollout-27"


@pytest.mark.parametrize(
    ("index", "path"),
    [
        (1, "$[1].id"),
        (2, "$[2].messages"),
        (3, "$[3].metadata.reference_answer"),
        (4, "$[4]"),
        (5, "$[5].messages"),
    ],
)
def test_sample_problem_names_the_json_path(index: int, path: str) -> None:
    assert parse_event(load_event("malformed_samples")).problems[index][0].path == path


def test_problem_paths_inside_trajectories_name_the_wrapper() -> None:
    parsed = parse_event({"trajectories": [sample(), {"messages": []}]})
    assert parsed.problems[1][0].path == "$.trajectories[1].id"


def test_reply_must_be_the_last_message() -> None:
    item = sample()
    item["messages"].append({"role": "user", "content": "and then?"})
    assert [p.code for p in parse_event([item]).problems[0]] == ["no_assistant"]


def test_missing_reference_is_allowed_when_not_required() -> None:
    item = sample()
    del item["metadata"]
    assert parse_event([item], require_reference=False).problems == {}


def test_null_reference_counts_as_missing() -> None:
    parsed = parse_event([sample(metadata={"reference_answer": None})])
    assert [p.code for p in parsed.problems[0]] == ["no_reference"]


def test_strict_mode_raises_at_the_first_bad_sample() -> None:
    with pytest.raises(ContractError) as info:
        parse_event(load_event("malformed_samples"), strict=True)
    assert info.value.path == "$[1].id"


def test_every_problem_code_is_documented() -> None:
    parsed = parse_event(load_event("malformed_samples"))
    for found in parsed.problems.values():
        assert all(p.code in ERROR_CODES for p in found)


# -- malformed events raise, naming the path ----------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "path"),
    [
        ("bad_event_object", "$"),
        ("bad_event_empty", "$"),
        ("bad_event_string", "$"),
        ("bad_event_trajectories_not_list", "$.trajectories"),
        ("bad_event_empty_trajectories", "$.trajectories"),
    ],
)
def test_malformed_event_raises_contract_error_with_path(fixture: str, path: str) -> None:
    with pytest.raises(ContractError) as info:
        parse_event(load_event(fixture))
    assert info.value.path == path
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.parametrize("event", [None, 3, 1.5, True])
def test_scalar_event_raises_contract_error(event: Any) -> None:
    with pytest.raises(ContractError):
        parse_event(event)


def test_single_sample_object_gets_a_wrap_it_hint() -> None:
    with pytest.raises(ContractError) as info:
        parse_event(load_event("bad_event_object"))
    assert info.value.hint is not None
    assert "wrap it in a list" in info.value.hint


def test_double_encoded_event_gets_a_hint() -> None:
    with pytest.raises(ContractError) as info:
        parse_event(load_event("bad_event_string"))
    assert info.value.hint is not None
    assert "twice" in info.value.hint


# -- rendering ------------------------------------------------------------------------------


def test_render_result_has_exactly_the_wire_keys() -> None:
    out = render_result("a", Reward(0.5, (Metric("correct", 1.0, "Reward"),)))
    assert out == {
        "id": "a",
        "aggregate_reward_score": 0.5,
        "metrics_list": [{"name": "correct", "value": 1.0, "type": "Reward"}],
    }


def test_render_result_turns_bool_and_int_metric_values_into_floats() -> None:
    out = render_result("a", Reward(1.0, (Metric("x", True), Metric("y", 2))))  # type: ignore[arg-type]
    assert [(m["value"], type(m["value"])) for m in out["metrics_list"]] == [
        (1.0, float),
        (2.0, float),
    ]


@pytest.mark.parametrize(
    "metric",
    [
        Metric("nan", math.nan),
        Metric("inf", math.inf),
        Metric("text", "1.0"),  # type: ignore[arg-type]
        Metric("", 1.0),
        Metric(3, 1.0),  # type: ignore[arg-type]
        Metric("kind", 1.0, "Score"),  # type: ignore[arg-type]
        Metric("huge", 10**400),  # type: ignore[arg-type]
    ],
    ids=["nan", "inf", "string-value", "empty-name", "int-name", "bad-type", "int-overflow"],
)
def test_render_result_rejects_metrics_that_cannot_go_on_the_wire(metric: Metric) -> None:
    with pytest.raises(GraderError):
        render_result("a", Reward(1.0, (metric,)))


def test_shared_metric_entries_cannot_be_changed_in_place() -> None:
    shared = (Metric("correct", 1.0, "Reward"),)
    first = render_result("a", Reward(1.0, shared))
    with pytest.raises(TypeError):
        first["metrics_list"][0]["value"] = 0.0
    assert render_result("b", Reward(1.0, shared))["metrics_list"][0]["value"] == 1.0


def test_each_result_has_its_own_metrics_list() -> None:
    shared = (Metric("correct", 1.0, "Reward"),)
    first = render_result("a", Reward(1.0, shared))
    first["metrics_list"].append({"name": "extra", "value": 1.0, "type": "Metric"})
    assert len(render_result("b", Reward(1.0, shared))["metrics_list"]) == 1


@pytest.mark.parametrize(
    "clone",
    [copy.copy, copy.deepcopy, lambda e: pickle.loads(pickle.dumps(e)), dict],
    ids=["copy", "deepcopy", "pickle", "dict"],
)
def test_copies_of_shared_entries_are_plain_dicts(clone: Any) -> None:
    entry = render_result("a", Reward(1.0, (Metric("m", 1.0),)))["metrics_list"][0]
    plain = clone(entry)
    assert type(plain) is dict
    plain["value"] = 0.0
    assert entry["value"] == 1.0


def test_shared_entries_serialise_like_plain_dicts() -> None:
    out = render_result("a", Reward(1.0, (Metric("m", 1.0, "Reward"),)))
    assert json.loads(json.dumps(out)) == {
        "id": "a",
        "aggregate_reward_score": 1.0,
        "metrics_list": [{"name": "m", "value": 1.0, "type": "Reward"}],
    }


def test_mutable_metrics_list_is_checked_on_every_call() -> None:
    metrics = [Metric("m", 1.0)]
    render_result("a", Reward(1.0, metrics))  # type: ignore[arg-type]
    metrics[0] = Metric("m", math.nan)
    with pytest.raises(GraderError):
        render_result("a", Reward(1.0, metrics))  # type: ignore[arg-type]


def test_render_response_keeps_order_and_ids() -> None:
    out = render_response(["a", None, 3], [Reward(1.0), error_reward("no_id"), Reward(0.0)])
    assert [r["id"] for r in out] == ["a", None, 3]


def test_render_response_requires_one_reward_per_id() -> None:
    with pytest.raises(ValueError):
        render_response(["a", "b"], [Reward(1.0)])


def test_error_reward_carries_error_metrics_and_score() -> None:
    r = error_reward("timeout", -1.0, "late")
    assert r.score == -1.0
    assert r.metric("error") == 1.0
    assert r.metric("error_timeout") == 1.0
    assert r.errors == ("timeout",)


# -- validation ---------------------------------------------------------------------------------


def good(ids: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": i,
            "aggregate_reward_score": 1.0,
            "metrics_list": [{"name": "m", "value": 1.0, "type": "Metric"}],
        }
        for i in ids
    ]


EVENT = [sample(0), sample(1), sample(2)]


def errors_of(response: Any, event: Any = None) -> list[str]:
    return [str(v) for v in validate_response(event or EVENT, response).errors]


def test_valid_response_has_no_errors_or_warnings() -> None:
    report = validate_response(EVENT, good(["r0", "r1", "r2"]))
    assert (report.ok, report.errors, report.warnings) == (True, [], [])
    assert (report.expected, report.received) == (3, 3)


def test_our_rendering_of_every_fixture_validates() -> None:
    for name, *_ in VARIANTS:
        event = load_event(name)
        parsed = parse_event(event)
        response = render_response(parsed.ids, [Reward(1.0)] * len(parsed.ids))
        assert validate_response(event, response).ok, name


def test_null_id_answer_for_id_less_sample_is_accepted() -> None:
    event = load_event("malformed_samples")
    parsed = parse_event(event)
    report = validate_response(event, good(parsed.ids))
    assert (report.errors, report.warnings) == ([], [])


@pytest.mark.parametrize(
    ("response", "fragment"),
    [
        ({"statusCode": 200, "body": "[]"}, "SageMaker"),
        ({"results": []}, "bare list"),
        ("[]", "got string"),
        (good(["r0", "r1"]), "expected 3 results"),
        (good(["r0", "r1", "r2", "r3"]), "extra result"),
        (good(["r1", "r0", "r2"]), "out of order"),
        (good(["r0", "zz", "r2"]), "not an input id"),
        (good(["r0", None, "r2"]), "(null)"),
        (good(["r0", "r1", 2]), "expected id 'r2'"),
    ],
    ids=[
        "sagemaker-envelope",
        "wrapped",
        "string",
        "missing-result",
        "extra-result",
        "reordered",
        "unknown-id",
        "null-id",
        "wrong-id-type",
    ],
)
def test_shape_and_id_errors_are_reported(response: Any, fragment: str) -> None:
    assert any(fragment in e for e in errors_of(response)), errors_of(response)


def test_missing_id_key_is_an_error() -> None:
    response = good(["r0", "r1", "r2"])
    del response[1]["id"]
    assert errors_of(response) == ["$[1].id: missing id (id 'r1')"]


@pytest.mark.parametrize("score", [None, "1.0", True, float("nan"), float("inf"), [1.0]], ids=repr)
def test_non_finite_or_non_numeric_score_is_an_error(score: Any) -> None:
    response = good(["r0", "r1", "r2"])
    response[2]["aggregate_reward_score"] = score
    assert [e.path for e in validate_response(EVENT, response).errors] == [
        "$[2].aggregate_reward_score"
    ]


def test_missing_score_is_an_error() -> None:
    response = good(["r0", "r1", "r2"])
    del response[0]["aggregate_reward_score"]
    assert errors_of(response) == ["$[0].aggregate_reward_score: missing (id 'r0')"]


@pytest.mark.parametrize(
    ("metrics", "path"),
    [
        ("x", "$[0].metrics_list"),
        (["x"], "$[0].metrics_list[0]"),
        ([{"value": 1.0, "type": "Metric"}], "$[0].metrics_list[0].name"),
        ([{"name": "m", "type": "Metric"}], "$[0].metrics_list[0].value"),
        ([{"name": "m", "value": float("nan"), "type": "Metric"}], "$[0].metrics_list[0].value"),
        ([{"name": "m", "value": "1", "type": "Metric"}], "$[0].metrics_list[0].value"),
        ([{"name": "m", "value": 1.0, "type": "Score"}], "$[0].metrics_list[0].type"),
        ([{"name": "m", "value": 1.0}], "$[0].metrics_list[0].type"),
    ],
    ids=[
        "not-list",
        "entry-not-object",
        "no-name",
        "no-value",
        "nan-value",
        "string-value",
        "bad-type",
        "no-type",
    ],
)
def test_malformed_metrics_are_errors(metrics: Any, path: str) -> None:
    response = good(["r0", "r1", "r2"])
    response[0]["metrics_list"] = metrics
    assert [e.path for e in validate_response(EVENT, response).errors] == [path]


def test_metrics_list_may_be_omitted() -> None:
    response = good(["r0", "r1", "r2"])
    del response[0]["metrics_list"]
    report = validate_response(EVENT, response)
    assert (report.errors, report.warnings) == ([], [])


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda r: r.__setitem__("aggregate_reward_score", 1.5), "$[0].aggregate_reward_score"),
        (lambda r: r.__setitem__("aggregate_reward_score", -2), "$[0].aggregate_reward_score"),
        (lambda r: r.__setitem__("explanation", "x"), "$[0]"),
        (lambda r: r["metrics_list"][0].__setitem__("unit", "x"), "$[0].metrics_list[0]"),
        (
            lambda r: r["metrics_list"].append(dict(r["metrics_list"][0])),
            "$[0].metrics_list[1].name",
        ),
        (lambda r: r.__setitem__("metrics_list", None), "$[0].metrics_list"),
    ],
    ids=[
        "score-above-1",
        "score-below-minus-1",
        "unknown-result-key",
        "unknown-metric-key",
        "duplicate-metric",
        "null-metrics",
    ],
)
def test_tolerable_oddities_are_warnings_not_errors(mutate: Any, path: str) -> None:
    response = good(["r0", "r1", "r2"])
    mutate(response[0])
    report = validate_response(EVENT, response)
    assert report.ok
    assert [w.path for w in report.warnings] == [path]


def test_invented_id_for_id_less_sample_is_a_warning() -> None:
    event = [sample(0), {"messages": []}]
    report = validate_response(event, good(["r0", "$[1]"]))
    assert report.ok
    assert [w.path for w in report.warnings] == ["$[1].id"]


def test_duplicate_ids_in_the_event_are_a_warning() -> None:
    event = [sample(0), sample(0)]
    report = validate_response(event, good(["r0", "r0"]))
    assert report.ok
    assert [w.path for w in report.warnings] == ["$[1].id"]


def test_validation_of_a_malformed_event_raises() -> None:
    with pytest.raises(ContractError):
        validate_response([], [])


def test_expected_ids_follow_the_echo_rule() -> None:
    assert expected_ids(load_event("malformed_samples")) == [
        "rollout-20",
        None,
        "rollout-22",
        "rollout-23",
        None,
        "rollout-25",
        None,
        "rollout-27",
    ]


def test_report_to_dict_is_json_ready() -> None:
    report = validate_response(EVENT, good(["r0"]))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["ok"] is False
    assert data["errors"][0]["path"] == "$"


def test_converse_tool_use_blocks_reach_the_tool_call_grader() -> None:
    """Bedrock Converse writes a tool call as a ``toolUse`` content block, not as text."""
    import logging

    import rftkit
    from rftkit.harness.handler import Handler

    call = {"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {"city": "Paris"}}}
    reply = {"role": "assistant", "content": [{"text": "Paris"}, call]}
    event = [
        {
            "id": "s1",
            "messages": [{"role": "user", "content": "Weather in Paris?"}, reply],
            "reference_answer": ["get_weather(city='Paris')"],
        }
    ]
    logging.disable(logging.CRITICAL)
    try:
        paid = Handler(rftkit.load_grader("tool_call"))(copy.deepcopy(event), None)
        # A text grader on the same reply reads its text blocks.
        event[0]["reference_answer"] = "Paris"
        text = Handler(rftkit.load_grader("exact_match"))(event, None)
    finally:
        logging.disable(logging.NOTSET)
    assert paid[0]["aggregate_reward_score"] == 1.0
    assert text[0]["aggregate_reward_score"] == 1.0
