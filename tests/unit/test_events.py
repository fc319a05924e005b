"""Events from a dataset and a responses file: matching, profiles, batches, files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rftkit.errors import DatasetError, UsageError
from rftkit.harness.contract import parse_event, validate_response
from rftkit.harness.events import (
    PROFILES,
    Rollout,
    batch,
    build_events,
    load_dataset,
    load_responses,
    read_events,
    render_sample,
    write_events,
)

RECORDS: list[dict[str, Any]] = [
    {
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "2+2?"},
        ],
        "reference_answer": "4",
        "task_id": "t-0",
    },
    {
        "messages": [{"role": "user", "content": "3*3?"}],
        "reference_answer": {"final_answer": "9"},
        "id": "sq",
        "task_id": "t-1",
    },
]


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "train.jsonl", RECORDS)


# -- matching responses to prompts -----------------------------------------------------------


def test_rollouts_are_numbered_per_prompt_in_file_order(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [
            {"index": 0, "response": "a"},
            {"index": 1, "response": "b"},
            {"index": 0, "response": "c"},
        ],
    )
    assert [(r.id, r.text) for r in load_responses(path, RECORDS)] == [
        ("rollout-0-0", "a"),
        ("rollout-1-0", "b"),
        ("rollout-0-1", "c"),
    ]


@pytest.mark.parametrize(
    ("row", "index"),
    [
        ({"id": "sq", "response": "x"}, 1),
        ({"id": "t-0", "response": "x"}, 0),
        ({"index": 0, "id": "sq", "response": "x"}, 0),
    ],
    ids=["by-id", "by-task-id", "index-wins"],
)
def test_prompt_is_found_by_index_or_id(tmp_path: Path, row: Any, index: int) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [row])
    assert load_responses(path, RECORDS)[0].index == index


@pytest.mark.parametrize("key", ["response", "completion", "output", "text"])
def test_response_text_keys(tmp_path: Path, key: str) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [{"index": 1, key: "#### 9"}])
    assert load_responses(path, RECORDS)[0].text == "#### 9"


def test_a_row_may_carry_several_responses(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [{"index": 1, "responses": ["a", "b", "c"]}])
    assert [r.id for r in load_responses(path, RECORDS)] == [
        "rollout-1-0",
        "rollout-1-1",
        "rollout-1-2",
    ]


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ({"response": "x"}, "names no prompt"),
        ({"index": 5, "response": "x"}, "outside the dataset"),
        ({"index": "0", "response": "x"}, "must be an integer"),
        ({"id": "nope", "response": "x"}, "no dataset record has id"),
        ({"index": 0}, "no response text"),
        ({"index": 0, "response": None}, "must be a string"),
        ([1], "expected a JSON object"),
    ],
)
def test_bad_response_rows_name_their_line(tmp_path: Path, row: Any, fragment: str) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [{"index": 0, "response": "ok"}, row])
    with pytest.raises(DatasetError) as info:
        load_responses(path, RECORDS)
    assert f"{path}:2:" in info.value.message
    assert fragment in info.value.message


def test_empty_responses_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n")
    with pytest.raises(DatasetError):
        load_responses(path, RECORDS)


def test_raw_gsm8k_rows_are_converted(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "raw.jsonl", [{"question": "2+2?", "answer": "so\n#### 4"}])
    record = load_dataset(path)[0]
    assert record["reference_answer"] == "4"
    assert record["messages"][-1]["role"] == "user"


def test_dataset_record_without_messages_is_an_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", [RECORDS[0], {"prompt": "x"}])
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert f"{path}:2:" in info.value.message


# -- profiles -----------------------------------------------------------------------------------

ROLLOUT = Rollout(0, 0, "so 4\n#### 4", 1)


@pytest.mark.parametrize(
    ("variant", "role", "content", "top_ref", "meta_ref"),
    [
        ("documented", "assistant", "so 4\n#### 4", None, "4"),
        ("nova", "nova_assistant", "so 4\n#### 4", "4", None),
        (
            "open-weight",
            "assistant",
            [{"type": "text", "text": "so 4\n#### 4"}],
            None,
            {"text": "4"},
        ),
        ("text-dict", "assistant", {"text": "so 4\n#### 4"}, None, "4"),
    ],
)
def test_each_variant_has_its_wire_shape(
    variant: str, role: str, content: Any, top_ref: Any, meta_ref: Any
) -> None:
    sample = render_sample(RECORDS[0], ROLLOUT, variant)
    reply = sample["messages"][-1]
    assert (reply["role"], reply["content"]) == (role, content)
    assert sample.get("reference_answer") == top_ref
    assert sample["metadata"].get("reference_answer") == meta_ref
    assert sample["metadata"]["task_id"] == "t-0"
    assert sample["id"] == "rollout-0-0"


def test_open_weight_leaves_object_references_unwrapped() -> None:
    sample = render_sample(RECORDS[1], Rollout(1, 0, "#### 9", 1), "open-weight")
    assert sample["metadata"]["reference_answer"] == {"final_answer": "9"}


def test_prompt_messages_keep_their_order_and_text() -> None:
    sample = render_sample(RECORDS[0], ROLLOUT, "open-weight")
    assert [m["role"] for m in sample["messages"]] == ["system", "user", "assistant"]
    assert sample["messages"][1]["content"] == [{"type": "text", "text": "2+2?"}]


def test_dataset_records_are_not_modified() -> None:
    before = json.dumps(RECORDS, sort_keys=True)
    for variant in ("documented", "nova", "open-weight", "text-dict"):
        render_sample(RECORDS[0], ROLLOUT, variant)
    assert json.dumps(RECORDS, sort_keys=True) == before


@pytest.mark.parametrize("profile", PROFILES)
def test_every_profile_parses_back_to_the_same_samples(profile: str) -> None:
    rollouts = [Rollout(i % 2, i // 2, f"#### {i}", i + 1) for i in range(10)]
    events = build_events(RECORDS, rollouts, profile=profile, batch_size=4)
    parsed = [s for event in events for s in parse_event(event).samples]
    assert [s.id for s in parsed] == [r.id for r in rollouts]
    assert [s.completion for s in parsed] == [r.text for r in rollouts]
    assert [s.reference for s in parsed] == [
        "4" if r.index == 0 else {"final_answer": "9"} for r in rollouts
    ]
    for event in events:
        assert parse_event(event).problems == {}


def test_mixed_profile_uses_every_variant_and_wraps_every_other_event() -> None:
    rollouts = [Rollout(0, k, "#### 4", 1) for k in range(8)]
    events = build_events(RECORDS, rollouts, profile="mixed", batch_size=4)
    assert [isinstance(e, dict) for e in events] == [False, True]
    roles = {s["messages"][-1]["role"] for s in events[0]}
    shapes = {type(s["messages"][-1]["content"]).__name__ for s in events[0]}
    assert roles == {"assistant", "nova_assistant"}
    assert shapes == {"str", "list", "dict"}


def test_trajectories_flag_wraps_every_event() -> None:
    events = build_events(RECORDS, [ROLLOUT] * 3, batch_size=2, trajectories=True)
    assert all(isinstance(e, dict) and "trajectories" in e for e in events)


def test_unknown_profile_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        build_events(RECORDS, [ROLLOUT], profile="sagemaker")


@pytest.mark.parametrize(("n", "size", "sizes"), [(5, 2, [2, 2, 1]), (4, 4, [4]), (1, 64, [1])])
def test_batches_hold_at_most_batch_size(n: int, size: int, sizes: list[int]) -> None:
    assert [len(b) for b in batch(list(range(n)), size)] == sizes


def test_batch_size_zero_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        batch([1], 0)


# -- files --------------------------------------------------------------------------------------


def make_events(n: int = 5, size: int = 2) -> list[Any]:
    return build_events(RECORDS, [Rollout(0, k, "#### 4", 1) for k in range(n)], batch_size=size)


@pytest.mark.parametrize("target", ["events", "events.jsonl"])
def test_written_events_read_back_identically(tmp_path: Path, target: str) -> None:
    events = make_events()
    write_events(events, tmp_path / target)
    assert [event for _, event in read_events(tmp_path / target)] == events


def test_single_event_json_file(tmp_path: Path) -> None:
    events = make_events(2, 64)
    write_events(events, tmp_path / "one.json")
    assert [e for _, e in read_events(tmp_path / "one.json")] == events


def test_several_events_do_not_fit_one_json_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_events(make_events(), tmp_path / "one.json")


def test_directory_output_drops_stale_events(tmp_path: Path) -> None:
    write_events(make_events(6, 1), tmp_path / "out")
    write_events(make_events(2, 1), tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "event-00000.json",
        "event-00001.json",
    ]


def test_empty_event_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        list(read_events(tmp_path))


def test_our_rendered_response_to_built_events_validates(dataset: Path, tmp_path: Path) -> None:
    responses = write_jsonl(
        tmp_path / "r.jsonl", [{"index": i % 2, "response": "#### 4"} for i in range(7)]
    )
    records = load_dataset(dataset)
    for event in build_events(records, load_responses(responses, records), batch_size=3):
        ids = parse_event(event).ids
        response = [{"id": i, "aggregate_reward_score": 0.0} for i in ids]
        assert validate_response(event, response).ok
