"""Training data: GSM8K preparation and the dataset rules of CONTRACT.md section 4."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from rftkit.errors import DatasetError
from rftkit.harness.dataset import (
    DEFAULT_SYSTEM_PROMPT,
    Problem,
    gsm8k_final_answer,
    gsm8k_record,
    prepare_gsm8k,
    read_jsonl,
    validate_dataset,
    validate_lines,
)
from tests.conftest import GSM8KData

GOOD: dict[str, Any] = {
    "messages": [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "2+2?"},
    ],
    "reference_answer": "4",
}


def line(record: Any) -> str:
    return json.dumps(record)


def findings(record: Any) -> list[tuple[str, str | None, str]]:
    """(severity, field, message) of every per-line problem of one record."""
    return [
        (p.severity, p.field, p.message)
        for p in validate_lines([line(record)], min_records=1)
        if p.line is not None
    ]


def with_messages(*messages: Any, **extra: Any) -> dict[str, Any]:
    return {"messages": list(messages), **extra}


USER = {"role": "user", "content": "2+2?"}


# -- the rules ----------------------------------------------------------------------------------


def test_a_good_record_has_no_findings() -> None:
    assert findings(GOOD) == []


@pytest.mark.parametrize(
    ("record", "field", "fragment"),
    [
        ([1, 2], None, "expected a JSON object"),
        ({"reference_answer": "4"}, "messages", "missing messages"),
        ({"messages": "2+2?"}, "messages", "expected a list"),
        ({"messages": []}, "messages", "messages is empty"),
        (with_messages("hi"), "messages[0]", "expected an object"),
        (with_messages({"role": "tool", "content": "x"}, USER), "messages[0].role", "role must"),
        (with_messages({"role": ["user"], "content": "x"}, USER), "messages[0].role", "role must"),
        (with_messages({"role": {"a": 1}, "content": "x"}, USER), "messages[0].role", "role must"),
        (
            with_messages(USER, {"role": "system", "content": "late"}),
            "messages[1].role",
            "must come first",
        ),
        (with_messages({"role": "system", "content": "s"}), "messages", "no user message"),
        (with_messages({"role": "user"}), "messages[0].content", "missing content"),
        (with_messages({"role": "user", "content": "  "}), "messages[0].content", "empty"),
        (with_messages({"role": "user", "content": 4}), "messages[0].content", "must be a string"),
        (
            with_messages({"role": "user", "content": [{"type": "image", "url": "x"}]}),
            "messages[0].content",
            "must be a string",
        ),
        (with_messages(USER, reference_answer=4), "reference_answer", "quote it"),
        (with_messages(USER, reference_answer=None), "reference_answer", "got null"),
        (with_messages(USER, reference_answer=["4"]), "reference_answer", "got array"),
    ],
    ids=[
        "not-object",
        "no-messages",
        "messages-not-list",
        "messages-empty",
        "message-not-object",
        "unknown-role",
        "list-role",
        "object-role",
        "system-not-first",
        "no-user",
        "no-content",
        "blank-content",
        "number-content",
        "image-part",
        "number-reference",
        "null-reference",
        "list-reference",
    ],
)
def test_rule_violations_are_errors(record: Any, field: str | None, fragment: str) -> None:
    found = findings(record)
    assert any(sev == "error" and f == field and fragment in msg for sev, f, msg in found), found


@pytest.mark.parametrize("marker", ["System:", "User:", "Assistant:", "[EOS]", "<unk>"])
def test_role_markers_in_content_are_errors(marker: str) -> None:
    record = with_messages({"role": "user", "content": f"Question {marker} 2+2?"})
    assert [(s, f) for s, f, _ in findings(record)] == [("error", "messages[0].content")]


def test_role_marker_check_is_case_sensitive() -> None:
    assert findings(with_messages({"role": "user", "content": "the user: says hi"})) == []


@pytest.mark.parametrize(
    "reference", ["4", {"final_answer": "4"}, {"text": "4"}], ids=["string", "object", "text"]
)
def test_string_and_object_references_are_accepted(reference: Any) -> None:
    assert findings(with_messages(USER, reference_answer=reference)) == []


def test_reference_is_optional() -> None:
    assert findings(with_messages(USER)) == []


def test_text_parts_content_is_accepted() -> None:
    record = with_messages({"role": "user", "content": [{"type": "text", "text": "2+2?"}]})
    assert findings(record) == []


def test_extra_fields_are_accepted() -> None:
    assert findings({**GOOD, "task_id": "t1", "difficulty": 3}) == []


@pytest.mark.parametrize(
    ("record", "fragment"),
    [
        (with_messages(USER, {"role": "assistant", "content": "4"}), "single-turn"),
        (with_messages(USER, {"role": "assistant", "content": "4"}), "end with a user"),
    ],
)
def test_multi_turn_prompts_are_warnings(record: Any, fragment: str) -> None:
    found = findings(record)
    assert any(sev == "warning" and fragment in msg for sev, _, msg in found)
    assert all(sev == "warning" for sev, _, _ in found)


def test_invalid_json_is_reported_with_its_line_number() -> None:
    problems = validate_lines([line(GOOD), "{not json", line(GOOD)], min_records=1)
    assert [(p.line, p.severity) for p in problems] == [(2, "error")]
    assert "invalid JSON" in problems[0].message


def test_nan_literal_is_invalid_json() -> None:
    problems = validate_lines(['{"messages": NaN}'], min_records=1)
    assert problems[0].message.startswith("invalid JSON")


def test_blank_lines_are_warnings_and_not_counted() -> None:
    problems = validate_lines([line(GOOD), "", line(GOOD)], min_records=3)
    assert [(p.line, p.severity) for p in problems] == [(2, "warning"), (None, "error")]
    assert problems[1].message.startswith("2 records")


@pytest.mark.parametrize(
    ("count", "ok"), [(99, False), (100, True), (20_000, True), (20_001, False)]
)
def test_record_count_bounds(count: int, ok: bool) -> None:
    problems = validate_lines([line(GOOD)] * count)
    assert (problems == []) is ok
    assert all(p.line is None for p in problems)


def test_every_problem_of_a_file_is_reported_in_order(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text(
        "\n".join([line(GOOD), "oops", line({"messages": []}), line(GOOD), "[]"]) + "\n"
    )
    problems = validate_dataset(path, min_records=1)
    assert [p.line for p in problems] == [2, 3, 5]


def test_problem_format_is_file_colon_line() -> None:
    problem = Problem(7, "content is empty", field="messages[0].content")
    assert problem.format("t.jsonl") == "t.jsonl:7: error: messages[0].content: content is empty"
    assert Problem(None, "too few").format("t.jsonl") == "t.jsonl: error: too few"


def test_missing_file_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        validate_dataset(tmp_path / "absent.jsonl")


def test_non_utf8_file_is_a_dataset_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"messages": "caf\xe9"}\n')
    with pytest.raises(DatasetError) as info:
        validate_dataset(path)
    assert "UTF-8" in info.value.message


def test_byte_order_mark_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_text("\ufeff" + line(GOOD) + "\n", encoding="utf-8")
    problems = validate_dataset(path, min_records=1)
    assert [(p.line, p.severity) for p in problems] == [(1, "warning")]


# -- GSM8K --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "final"),
    [
        ("so 72\n#### 72", "72"),
        ("#### 2,125", "2125"),
        ("#### -3", "-3"),
        ("#### 0.5 ", "0.5"),
        ("a #### b\n#### 9", "9"),
    ],
)
def test_final_answer_is_the_text_after_the_last_marker(answer: str, final: str) -> None:
    assert gsm8k_final_answer(answer) == final


@pytest.mark.parametrize("answer", ["no marker here", "####", "#### ,"])
def test_answer_without_a_final_number_is_rejected(answer: str) -> None:
    with pytest.raises(ValueError):
        gsm8k_final_answer(answer)


ROW = {"question": "Ann has 3 boxes of 12 eggs. How many eggs?", "answer": "3*12=36\n#### 36"}


def test_record_asks_for_the_answer_after_the_marker() -> None:
    record = gsm8k_record(ROW)
    assert [m["role"] for m in record["messages"]] == ["system", "user"]
    assert record["messages"][0]["content"] == DEFAULT_SYSTEM_PROMPT
    assert "####" in record["messages"][1]["content"]
    assert record["messages"][1]["content"].startswith(ROW["question"])
    assert record["reference_answer"] == "36"


@pytest.mark.parametrize(
    ("kind", "reference"),
    [("number", "36"), ("solution", "3*12=36\n#### 36"), ("object", {"final_answer": "36"})],
)
def test_reference_forms(kind: Any, reference: Any) -> None:
    assert gsm8k_record(ROW, reference=kind)["reference_answer"] == reference


def test_no_system_prompt_when_none() -> None:
    assert [m["role"] for m in gsm8k_record(ROW, system=None)["messages"]] == ["user"]


def test_other_fields_pass_through_and_task_id_is_added() -> None:
    record = gsm8k_record({**ROW, "source": "train", "difficulty": 2}, index=42)
    assert (record["source"], record["difficulty"], record["task_id"]) == (
        "train",
        2,
        "gsm8k-00042",
    )


def test_existing_task_id_is_kept() -> None:
    assert gsm8k_record({**ROW, "task_id": "mine"}, index=1)["task_id"] == "mine"


def test_prepared_records_pass_validation(tmp_path: Path) -> None:
    source = tmp_path / "raw.jsonl"
    source.write_text("".join(json.dumps(ROW) + "\n" for _ in range(120)))
    dest = tmp_path / "train.jsonl"
    assert prepare_gsm8k(source, dest) == 120
    assert validate_dataset(dest) == []


def test_prepare_honours_limit(tmp_path: Path) -> None:
    source = tmp_path / "raw.jsonl"
    source.write_text("".join(json.dumps(ROW) + "\n" for _ in range(5)))
    out = io.StringIO()
    assert prepare_gsm8k(source, out, limit=2) == 2
    assert len(out.getvalue().splitlines()) == 2


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ({"question": "q"}, "missing answer"),
        ({"answer": "#### 1"}, "missing question"),
        ({"question": "q", "answer": "no marker"}, "no '####'"),
    ],
)
def test_bad_rows_name_their_line(tmp_path: Path, row: Any, fragment: str) -> None:
    source = tmp_path / "raw.jsonl"
    source.write_text(json.dumps(ROW) + "\n" + json.dumps(row) + "\n")
    with pytest.raises(DatasetError) as info:
        prepare_gsm8k(source, io.StringIO())
    assert f"{source}:2:" in info.value.message
    assert fragment in info.value.message


def test_real_gsm8k_test_split_prepares_cleanly(gsm8k_data: GSM8KData, tmp_path: Path) -> None:
    dest = tmp_path / "test.jsonl"
    count = prepare_gsm8k(gsm8k_data.test, dest)
    assert count == sum(1 for _ in gsm8k_data.test.open())
    assert validate_dataset(dest) == []
    assert all(
        record["reference_answer"].lstrip("-").replace(".", "", 1).isdigit()
        for _, record in read_jsonl(dest)
    )


def test_read_jsonl_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"a": 1}\n\n{bad\n')
    with pytest.raises(DatasetError) as info:
        list(read_jsonl(path))
    assert f"{path}:3:" in info.value.message
