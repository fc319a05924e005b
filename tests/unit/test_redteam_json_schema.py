"""Reward hacking against ``json_schema``: keywords the validator silently ignores.

A schema with a misspelt ``required`` (or a keyword of another dialect, ``nullable``,
draft 7's ``dependencies``) validated ``{}``: the validator skips keywords it does not know.
Such a schema is now refused when the grader is built (or, from a reference, per sample).
``format`` is an annotation by default (draft 2020-12); ``formats="assert"`` checks it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.errors import GraderArgsError, GraderError
from rftkit.rewards.builtin.json_schema import _NON_VALIDATING, json_schema, unknown_keywords
from rftkit.rewards.types import Sample

pytest.importorskip("jsonschema")

OBJ: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "integer"}}}

IGNORED = {
    "misspelt_required": {**OBJ, "requierd": ["a"]},
    "misspelt_in_a_property": {
        "type": "object",
        "properties": {"a": {"type": "string", "minLenght": 3}},
        "required": ["a"],
    },
    "openapi_nullable": {**OBJ, "required": ["a"], "properties": {"a": {"nullable": False}}},
    "draft7_dependencies": {**OBJ, "dependencies": {"a": ["b"]}},
    "misspelt_under_items": {"type": "array", "items": {"type": "integer", "maximun": 3}},
    "misspelt_under_anyOf": {"anyOf": [{"type": "string", "maxLenght": 1}]},
    "misspelt_under_defs": {"$defs": {"x": {"requried": ["a"]}}, "$ref": "#/$defs/x"},
}


@pytest.mark.parametrize("schema", IGNORED.values(), ids=IGNORED.keys())
def test_a_schema_with_an_ignored_keyword_is_refused(schema: dict[str, Any]) -> None:
    with pytest.raises(GraderArgsError, match="not a draft 2020-12 keyword"):
        json_schema(schema=schema)
    g = json_schema()
    with pytest.raises(GraderError, match="not a draft 2020-12 keyword"):
        g(Sample.from_text(response="{}", reference={"schema": schema}))


def test_the_refusal_names_the_likely_keyword() -> None:
    with pytest.raises(GraderArgsError, match="did you mean 'required'"):
        json_schema(schema={**OBJ, "requierd": ["a"]})


@pytest.mark.parametrize(
    ("schema", "hint"),
    [
        ({"name": "answer", "strict": True, "schema": OBJ}, "response_format wrapper"),
        ({**OBJ, "properties": {"a": {"type": "string", "nullable": True}}}, '"null"'),
    ],
)
def test_the_refusal_says_how_to_fix_a_schema_from_another_api(
    schema: dict[str, Any], hint: str
) -> None:
    # OpenAI's structured-output object and OpenAPI 3.0's nullable are the common imports.
    with pytest.raises(GraderArgsError, match=re.escape(hint)):
        json_schema(schema=schema)


@pytest.mark.parametrize("schema", IGNORED.values(), ids=IGNORED.keys())
def test_allow_unknown_keywords_keeps_the_old_reading(schema: dict[str, Any]) -> None:
    g = json_schema(schema=schema, allow_unknown_keywords=True)
    assert g(Sample.from_text(response="{}")).score in (0.0, 1.0)


ACCEPTED = {
    "annotations": {"title": "t", "description": "d", "examples": [{"requierd": 1}], **OBJ},
    "extension": {**OBJ, "x-order": 1},
    "data_named_like_a_typo": {"const": {"requierd": 1}, "default": {"minLenght": 2}},
    "property_named_like_a_typo": {"type": "object", "properties": {"requierd": {}}},
    "definitions": {"definitions": {"x": {"type": "integer"}}, "$ref": "#/definitions/x"},
}


@pytest.mark.parametrize("schema", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_known_and_extension_keywords_are_accepted(schema: dict[str, Any]) -> None:
    json_schema(schema=schema)


DATE = {"type": "object", "properties": {"d": {"type": "string", "format": "date"}}}


@pytest.mark.parametrize(
    ("reply", "score"),
    [('{"d": "not a date"}', 0.0), ('{"d": "2024-02-30"}', 0.0), ('{"d": "2024-02-28"}', 1.0)],
)
def test_formats_assert_checks_the_format(reply: str, score: float) -> None:
    assert json_schema(schema=DATE, formats="assert")(Sample.from_text(response=reply)).score == (
        score
    )
    # the default stays draft 2020-12's: an annotation (documented in docs/json_schema.md)
    assert json_schema(schema=DATE)(Sample.from_text(response=reply)).score == 1.0


@pytest.mark.parametrize("fmt", ["uri", "hostname", "regex", "my-own"])
def test_formats_assert_refuses_a_format_it_cannot_check(fmt: str) -> None:
    with pytest.raises(GraderArgsError, match="cannot be checked"):
        json_schema(schema={"type": "string", "format": fmt}, formats="assert")


def test_formats_must_be_a_known_mode() -> None:
    with pytest.raises(GraderArgsError):
        json_schema(schema=DATE, formats="strict")


KNOWN = frozenset({"type", "properties", "required", "items", "anyOf"})
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC", min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(name=NAMES, depth=st.integers(0, 4), via=st.sampled_from(["properties", "items", "anyOf"]))
def test_an_unknown_keyword_is_found_at_any_depth(name: str, depth: int, via: str) -> None:
    node: dict[str, Any] = {name: 1}
    for _ in range(depth):
        if via == "properties":
            node = {"properties": {"p": node}}
        elif via == "items":
            node = {"items": node}
        else:
            node = {"anyOf": [node]}
    found = {k for _, k in unknown_keywords(node, KNOWN)}
    # Annotations (title, default, examples, ...) are never unknown, whatever the known
    # validator keywords are: hypothesis found "examples" among the names.
    assert (name in found) is (name not in KNOWN and name not in _NON_VALIDATING)


@pytest.mark.parametrize("name", ["examples", "default", "title", "description"])
def test_an_annotation_is_never_unknown(name: str) -> None:
    assert unknown_keywords({"properties": {"p": {name: 1}}}, KNOWN) == []
