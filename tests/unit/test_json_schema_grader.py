"""The json_schema grader: extraction, validation, fields, and hostile input."""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.builtin.json_schema import field_leaves, find_json, json_schema
from rftkit.rewards.types import Sample

pytest.importorskip("jsonschema")

PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "age": {"type": "integer", "minimum": 0},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["name", "age"],
}


def _grade(response: str, reference: Any = None, **kwargs: Any) -> Any:
    g = json_schema(**({"schema": PERSON} | kwargs))
    return g(Sample.from_text(response=response, reference=reference))


def _metrics(reward: Any) -> dict[str, float]:
    return {m.name: m.value for m in reward.metrics}


# (reply, score, where/rule, error flag)
CASES = [
    ('{"name": "Ann", "age": 3}', 1.0, "whole", ()),
    ('  {"name": "Ann", "age": 3}\n', 1.0, "whole", ()),
    ('Here you go:\n```json\n{"name": "Ann", "age": 3}\n```\nDone.', 1.0, "fenced", ()),
    ('```JSON\n{"name": "Ann", "age": 3}\n```', 1.0, "fenced", ()),
    ('The record is {"name": "Ann", "age": 3}.', 1.0, "balanced", ()),
    ('{"name": "Ann", "age": -1}', 0.0, "whole", ("invalid",)),
    ('{"name": "Ann"}', 0.0, "whole", ("invalid",)),
    ('{"name": "Ann", "age": "3"}', 0.0, "whole", ("invalid",)),
    ('{"name": "Ann", "age": 3.5}', 0.0, "whole", ("invalid",)),
    ('{"name": "Ann", "age": true}', 0.0, "whole", ("invalid",)),  # a bool is no integer
    ("no json here", 0.0, None, ("no_json",)),
    ("", 0.0, None, ("no_json",)),
    ('```json\n{"name": "Ann", "age": 3,}\n```', 0.0, "fenced", ("invalid_json",)),
    ('```json\n{"name": "Ann", "age": 3}', 1.0, "fenced", ()),  # unclosed fence: to the end
    ('{"name": "Ann", "age": 3, "age": 4}', 0.0, "balanced", ("duplicate_key",)),
    ('{"name": "Ann", "age": NaN}', 0.0, "balanced", ("nan_literal",)),
    ('{"name": "Ann", "age": Infinity}', 0.0, "balanced", ("nan_literal",)),
    ('{"name": "Ann", "age": 1e999}', 0.0, "balanced", ("float_overflow",)),
    ('{"name": "Ann", "age": ' + "9" * 5000 + "}", 0.0, "balanced", ("big_int",)),
    ('{"name": "Ann", "age": 3} trailing', 1.0, "balanced", ()),
    # several JSON values: the last one counts, whichever is valid
    ('{"name": "Ann", "age": 3}\nActually: {"name": "Ann", "age": -3}', 0.0, "balanced", ()),
    ('{"name": "Ann", "age": -3}\nActually: {"name": "Ann", "age": 3}', 1.0, "balanced", ()),
    (
        '```json\n{"name": "A", "age": 1}\n```\n```json\n{"name": 1}\n```',
        0.0,
        "fenced",
        ("invalid",),
    ),
    # braces and quotes in prose around the value
    ('Use {x} or "quote then {"name": "Ann", "age": 3}', 1.0, "balanced", ()),
    ('a { stray brace, then {"name": "B}", "age": 3}', 1.0, "balanced", ()),
    ('{"name": "Ann", "age": 3] mismatched', 0.0, None, ("no_json",)),
]


@pytest.mark.parametrize(("reply", "score", "where", "flags"), CASES)
def test_case_table(reply: str, score: float, where: str | None, flags: tuple[str, ...]) -> None:
    r = _grade(reply)
    assert r.score == score, r.explanation
    assert r.rule == where
    if flags:
        assert set(flags) <= set(r.errors), r.errors
    m = _metrics(r)
    assert m["valid"] == (1.0 if score else m["valid"])
    assert m["parsed"] == (0.0 if r.errors and r.errors[0] != "invalid" else 1.0)


def test_metrics_and_first_error_as_explanation() -> None:
    r = _grade('{"name": 5, "age": -1}')
    m = _metrics(r)
    assert (m["parsed"], m["valid"], m["errors"]) == (1.0, 0.0, 2.0)
    assert r.explanation.startswith("invalid at /")
    assert "name" in r.explanation or "age" in r.explanation


def test_duplicate_keys_last_policy() -> None:
    assert _grade('{"name": "A", "age": -1, "age": 2}', duplicate_keys="last").score == 1.0


def test_schema_from_reference_and_json_string_reference() -> None:
    g = json_schema()
    ref = {"schema": {"type": "array", "maxItems": 2}}
    assert g(Sample.from_text(response="[1, 2]", reference=ref)).score == 1.0
    assert g(Sample.from_text(response="[1, 2, 3]", reference=json.dumps(ref))).score == 0.0
    with pytest.raises(GraderError):
        g(Sample.from_text(response="[1]", reference="42"))


def test_scalar_replies() -> None:
    g = json_schema(schema={"type": "integer"})
    assert g(Sample.from_text(response="42")).score == 1.0
    assert g(Sample.from_text(response='"42"')).score == 0.0


# -- fields mode ------------------------------------------------------------------------------

EXPECTED = {"name": "Ann", "age": 3, "address": {"city": "Oslo", "zip": "0150"}, "tags": ["a"]}


@pytest.mark.parametrize(
    ("reply", "accuracy"),
    [
        (EXPECTED, 1.0),
        ({**EXPECTED, "age": 3.0}, 1.0),  # numbers by value
        ({**EXPECTED, "age": 4}, 0.8),
        ({**EXPECTED, "address": {"city": "Oslo"}}, 0.8),
        ({**EXPECTED, "address": {"city": "Bergen", "zip": 150}}, 0.6),  # 150 is no "0150"
        ({"name": "Ann", "age": 3}, 0.4),
        ({**EXPECTED, "tags": ["b", "a"]}, 0.8),  # arrays by position
        ({**EXPECTED, "extra": 1}, 1.0),  # extra fields are the schema's business
    ],
)
def test_fields_mode_scores_the_fraction_of_leaves(reply: dict[str, Any], accuracy: float) -> None:
    r = _grade(json.dumps(reply), {"expected": EXPECTED}, mode="fields")
    assert r.score == pytest.approx(accuracy)
    assert _metrics(r)["field_accuracy"] == pytest.approx(accuracy)


def test_fields_mode_invalid_reply_scores_zero_but_reports_accuracy() -> None:
    r = _grade('{"name": "Ann", "age": -3}', {"expected": {"name": "Ann"}}, mode="fields")
    assert r.score == 0.0
    assert _metrics(r)["field_accuracy"] == 1.0


def test_field_accuracy_is_a_metric_in_valid_mode() -> None:
    r = _grade('{"name": "Bob", "age": 3}', {"expected": {"name": "Ann", "age": 3}})
    assert (r.score, _metrics(r)["field_accuracy"]) == (1.0, 0.5)


def test_bool_is_not_one() -> None:
    r = _grade('{"name": "A", "age": 1, "tags": []}', {"expected": {"ok": True}}, mode="fields")
    assert r.score == 0.0
    assert field_leaves({"a/b": {"~": 1}}) == [("/a~1b/~0", 1)]


def test_fields_mode_needs_expected() -> None:
    with pytest.raises(GraderError):
        _grade('{"name": "A", "age": 1}', None, mode="fields")
    with pytest.raises(GraderError):
        _grade('{"name": "A", "age": 1}', {"expected": {}}, mode="fields")


# -- the user's schema --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "pattern": "^(a+)+$"},
        {"type": "string", "pattern": "(\\d+,?)+x"},
        {"type": "object", "patternProperties": {"(a|ab)*c": {}}},
        {"properties": {"x": {"items": {"pattern": ".*a.*b"}}}},
        {"$ref": "https://example.com/evil.json"},
        {"properties": {"a": {"$ref": "http://169.254.169.254/latest/meta-data"}}},
        {"type": "nonsense"},
        {"type": "string", "pattern": "("},
        {"$ref": "#/$defs/missing"},
        {"$defs": {"a": {"type": "string"}}, "items": {"$ref": "#/$defs/b"}},
    ],
)
def test_unsafe_or_remote_or_broken_schemas_are_refused(schema: dict[str, Any]) -> None:
    with pytest.raises(GraderArgsError):
        json_schema(schema=schema)
    g = json_schema()
    with pytest.raises(GraderError):
        g(Sample.from_text(response='"a"', reference={"schema": schema}))


def test_safe_patterns_local_refs_and_data_keywords_are_accepted() -> None:
    schema = {
        "$defs": {"code": {"type": "string", "pattern": "^[A-Z]{3}-\\d+$"}},
        "type": "object",
        "properties": {"c": {"$ref": "#/$defs/code"}, "k": {"const": {"pattern": "(a+)+"}}},
    }
    g = json_schema(schema=schema)
    assert g(Sample.from_text(response='{"c": "ABC-12"}')).score == 1.0
    assert g(Sample.from_text(response='{"c": "abc-12"}')).score == 0.0


def test_long_string_fails_pattern_instead_of_being_matched() -> None:
    g = json_schema(schema={"type": "string", "pattern": "^a+b"}, pattern_max_chars=100)
    assert g(Sample.from_text(response=json.dumps("a" * 99 + "b"))).score == 1.0
    r = g(Sample.from_text(response=json.dumps("a" * 200 + "b")))
    assert r.score == 0.0
    assert "limit for pattern" in r.explanation


def test_keys_stuffing_without_additional_properties_is_the_schemas_choice() -> None:
    open_schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    closed = {**open_schema, "additionalProperties": False}
    stuffed = '{"a": 1, "answer": "yes", "correct": true, "score": 1}'
    assert json_schema(schema=open_schema)(Sample.from_text(response=stuffed)).score == 1.0
    assert json_schema(schema=closed)(Sample.from_text(response=stuffed)).score == 0.0


def test_bad_arguments() -> None:
    for kwargs in ({"mode": "x"}, {"duplicate_keys": "first"}, {"max_depth": 0}):
        with pytest.raises(GraderArgsError):
            json_schema(schema=PERSON, **kwargs)


# -- hostile input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "flag"),
    [
        ("[" * 100_000 + "]" * 100_000, "too_long"),
        ("[" * 1000 + "]" * 1000, "too_deep"),
        ("[" * 200_000, "no_json"),
        ('{"a": "' + "\\" * 100_001, "no_json"),
        ("x" + '{"k": "' + "a" * 200_000 + '"}', "too_long"),
    ],
)
def test_huge_and_deep_values_are_refused_before_parsing(reply: str, flag: str) -> None:
    r = _grade(reply)
    assert r.score == 0.0
    assert flag in r.errors


def test_deep_but_allowed_nesting_parses() -> None:
    _, where, err = find_json("[" * 60 + "]" * 60)
    assert (where, err) == ("whole", "")


def test_find_json_is_linear_on_bracket_soup() -> None:
    soup = '{[}"]\\' * 50_000
    t0 = time.perf_counter()
    find_json(soup)
    assert time.perf_counter() - t0 < 5  # generous: linear is ~0.1 s, quadratic is minutes


_json_text = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=3), kids),
    max_leaves=10,
).map(json.dumps)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | _json_text, st.text(alphabet='{}[]",:\\ a1', max_size=100))
def test_any_text_gets_a_finite_score_in_range(prose: str, soup: str) -> None:
    for reply in (prose, soup, prose + soup, soup + prose):
        r = _grade(reply, {"expected": {"name": "A"}}, mode="fields")
        assert 0.0 <= r.score <= 1.0


@settings(max_examples=100, deadline=None)
@given(_json_text, st.text(max_size=50).filter(lambda s: "{" not in s and "[" not in s))
def test_a_json_value_after_prose_is_found(value: str, prose: str) -> None:
    if value[0] not in "[{":
        return
    got, _, err = find_json(prose + "\n" + value)
    assert err == "" and got == json.loads(value)


@pytest.mark.parametrize(
    "reference",
    [
        {"expected": {"name": "Ann"}},
        json.dumps({"expected": {"name": "Ann"}}),
        '{"name": "Ann"}',
        {"final_answer": '{"name": "Ann"}'},
    ],
)
def test_reference_shapes(reference: Any) -> None:
    good = _grade('{"name": "Ann", "age": 1}', reference, mode="fields")
    bad = _grade('{"name": "Bob", "age": 1}', reference, mode="fields")
    assert (good.score, bad.score) == (1.0, 0.0)


def test_reference_that_is_broken_json_is_a_dataset_error() -> None:
    with pytest.raises(GraderError):
        _grade('{"name": "Ann", "age": 1}', '{"name": ')


# -- audit probes (issue 16 block of rftkit.audit.probes) ----------------------------------------

_JSON_PROBES = ("json_schema_echo", "json_right_then_wrong", "json_key_stuffing")


def _json_records() -> list[dict[str, Any]]:
    rows = [{"name": "Ann", "age": 3}, {"name": "Bob", "age": 40, "tags": ["x"]}]
    return [
        {
            "messages": [{"role": "user", "content": "Give the record as JSON."}],
            "reference_answer": {"final_answer": json.dumps(row)},
        }
        for row in rows
    ]


def test_json_probes_fail_on_nothing_with_a_strict_schema_in_fields_mode() -> None:
    from rftkit.audit import audit_grader

    strict = {**PERSON, "additionalProperties": False}
    report = audit_grader(
        "json_schema", _json_records(), args={"schema": strict, "mode": "fields"}, limit=0
    )
    for name in _JSON_PROBES:
        result = report.result(name)
        assert result.cases and result.status == "pass", name
    assert report.result("json_wrong_then_right").rewarded  # the last value counts


def test_json_probes_catch_a_grader_that_only_looks_for_the_keys() -> None:
    from rftkit.audit import audit_grader
    from rftkit.rewards.registry import grader

    @grader(name="keys_anywhere")
    def keys_anywhere() -> Any:
        def grade(sample: Sample) -> float:
            keys = json.loads(sample.reference["final_answer"])
            return float(all(f'"{k}"' in sample.completion for k in keys))

        return grade

    rows = [{"name": "Ann", "age": 3}, {"city": "Oslo", "zip": "0150"}]
    records = [
        {
            "messages": [{"role": "user", "content": "JSON please"}],
            "reference_answer": {"final_answer": json.dumps(row)},
        }
        for row in rows
    ]
    report = audit_grader(keys_anywhere(), records, limit=0)
    failed = {r.probe.name for r in report.failures}
    assert set(_JSON_PROBES) <= failed


def test_scalar_string_with_brackets_and_scalar_before_deep_soup() -> None:
    g = json_schema(schema={"type": "string"})
    assert g(Sample.from_text(response='"a[b{c"')).score == 1.0
    assert find_json("1 " + "[" * 100_000)[2] == "no_json"


def test_recursive_and_root_refs_resolve_locally() -> None:
    tree = {
        "$id": "https://example.com/tree",
        "type": "object",
        "properties": {"kids": {"type": "array", "items": {"$ref": "#"}}},
    }
    g = json_schema(schema=tree)
    assert g(Sample.from_text(response='{"kids": [{"kids": []}]}')).score == 1.0
    assert g(Sample.from_text(response='{"kids": [{"kids": 3}]}')).score == 0.0


def test_a_ref_into_a_nested_resource_that_points_nowhere_is_a_grader_error() -> None:
    schema = {
        "$id": "https://example.com/root",
        "$defs": {"x": {"$id": "x.json", "properties": {"b": {"$ref": "#/nope"}}}},
        "properties": {"a": {"$ref": "x.json"}},
    }
    g = json_schema(schema=schema)
    with pytest.raises(GraderError, match="unresolvable"):
        g(Sample.from_text(response='{"a": {"b": 1}}'))


def test_a_missing_jsonschema_is_a_clear_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from rftkit.errors import UsageError

    monkeypatch.setitem(sys.modules, "jsonschema.validators", None)
    with pytest.raises(UsageError, match="needs the jsonschema package") as info:
        json_schema(schema=PERSON)
    assert "rftkit[json]" in (info.value.hint or "")
