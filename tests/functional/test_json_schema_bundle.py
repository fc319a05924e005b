"""The json_schema and finqa graders built into Lambda bundles and run under the local runtime.

Slow: builds with the target's manylinux wheels (jsonschema, attrs, referencing, rpds-py,
jsonschema-specifications for json_schema; none for finqa) and starts real 3.12 and 3.13
interpreters.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import need_python

SCHEMA = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "pattern": "^[A-Z][a-z]+$"},
        "n": {"type": "integer"},
    },
    "required": ["city", "n"],
    "additionalProperties": False,
}


def _sample(i: int, reply: str, reference: Any) -> dict[str, Any]:
    return {
        "id": f"s{i}",
        "messages": [
            {"role": "user", "content": "Answer."},
            {"role": "assistant", "content": reply},
        ],
        "reference_answer": reference,
    }


@pytest.mark.slow
@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_json_schema_bundle_answers_under_the_local_lambda(version: str, tmp_path: Path) -> None:
    from rftkit.harness.contract import validate_response
    from rftkit.harness.runtime import LocalLambda
    from rftkit.packaging.bundle import build_bundle

    need_python(version)
    built = build_bundle(
        "json_schema", {"schema": SCHEMA, "mode": "fields"}, python=version, out_dir=tmp_path
    )
    with zipfile.ZipFile(built.path) as zf:
        names = zf.namelist()
    # the compiled dependency arrived as the target's wheel, not the host's
    tag = "cpython-" + version.replace(".", "")
    assert any(n.startswith("rpds/") and tag in n and n.endswith(".so") for n in names)
    assert built.size < 20 * 1024 * 1024
    expected = {"expected": {"city": "Oslo", "n": 3}}
    event = [
        _sample(0, '{"city": "Oslo", "n": 3}', expected),
        _sample(1, 'Sure:\n```json\n{"city": "Oslo", "n": 4}\n```', expected),
        _sample(2, '{"city": "oslo", "n": 3}', expected),  # fails the pattern
        _sample(3, '{"city": "Oslo", "n": 3, "n": 3}', expected),  # duplicate key
        _sample(4, "[" * 5000, expected),
        _sample(5, '{"city": "Oslo", "n": 3, "score": 1}', expected),  # stuffed key
    ]
    with LocalLambda(built.path) as fn:
        assert fn.python == version
        result = fn.invoke(event)
    assert result.ok, result.error
    assert validate_response(event, result.payload).ok
    scores = [r["aggregate_reward_score"] for r in result.payload]
    assert scores == [1.0, 0.5, 0.0, 0.0, 0.0, 0.0]


@pytest.mark.slow
def test_finqa_bundle_has_no_third_party_code(tmp_path: Path) -> None:
    from rftkit.harness.runtime import LocalLambda
    from rftkit.packaging.bundle import build_bundle

    need_python("3.12")
    built = build_bundle("finqa", python="3.12", out_dir=tmp_path)
    assert built.requirements == ()
    event = [
        _sample(0, "...\nANSWER: 12.5%", "0.125"),
        _sample(1, "...\nANSWER: yes", {"final_answer": "yes"}),
        _sample(2, "it is 0.125", "0.125"),
    ]
    with LocalLambda(built.path) as fn:
        result = fn.invoke(event)
    assert result.ok, result.error
    assert [r["aggregate_reward_score"] for r in result.payload] == [1.0, 1.0, 0.0]
    assert json.dumps(result.payload)  # a JSON-ready payload
