"""The ``tool_call`` bundle: built for 3.12 and 3.13, it answers a tool-calling batch under the
local Lambda runtime, with no third-party package inside."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from rftkit.harness.runtime import LocalLambda
from tests.conftest import need_python

WEATHER = {"ground_truth": ["get_weather(city='Paris', unit='celsius')"]}
TOOL_CALLS_MSG = {
    "role": "assistant",
    "content": None,
    "tool_calls": [
        {
            "id": "c1",
            "type": "function",
            "function": {
                "name": "get_weather",
                "arguments": '{"city": "Paris", "unit": "celsius"}',
            },
        }
    ],
}
# (assistant message, expected strict score)
ROLLOUTS: list[tuple[dict[str, Any], float]] = [
    ({"role": "assistant", "content": "get_weather(city='Paris', unit='celsius')"}, 1.0),
    ({"role": "assistant", "content": "get_weather(city='Rome', unit='celsius')"}, 0.0),
    (
        {
            "role": "assistant",
            "content": '<tool_call>{"name": "get_weather", "arguments": '
            '{"unit": "celsius", "city": "Paris"}}</tool_call>',
        },
        1.0,
    ),
    (TOOL_CALLS_MSG, 1.0),
    ({"role": "assistant", "content": "__import__('os').system('touch /tmp/pwned')"}, 0.0),
    ({"role": "assistant", "content": "get_weather(city='Paris', unit='celsius')\n" * 2}, 0.0),
]


def _event() -> list[dict[str, Any]]:
    return [
        {
            "id": f"tc-{i}",
            "messages": [{"role": "user", "content": "Weather in Paris, in celsius?"}, msg],
            "metadata": {"reference_answer": WEATHER},
        }
        for i, (msg, _) in enumerate(ROLLOUTS)
    ]


@pytest.mark.slow
@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_tool_call_batch_round_trips_through_the_built_bundle(version: str, tmp_path: Path) -> None:
    from rftkit.harness.contract import validate_response
    from rftkit.packaging.bundle import build_bundle

    need_python(version)
    built = build_bundle("tool_call", python=version, out_dir=tmp_path, check_import=True)
    assert built.size < 20_000_000
    with zipfile.ZipFile(built.path) as zf:
        top = {n.split("/", 1)[0] for n in zf.namelist()}
        names = set(zf.namelist())
    # rftkit and its spec only: no third-party package (the grader needs the stdlib alone).
    assert top == {"rftkit", "rftkit_grader.json"}, sorted(top)
    assert any(n.startswith("rftkit/rewards/tool_call/parse.") for n in names)
    event = _event()
    with LocalLambda(built.path) as fn:
        assert fn.python == version
        result = fn.invoke(event)
    assert result.ok, result.error
    assert validate_response(event, result.payload).ok
    assert [r["id"] for r in result.payload] == [e["id"] for e in event]
    assert [r["aggregate_reward_score"] for r in result.payload] == [s for _, s in ROLLOUTS]
    assert not Path("/tmp/pwned").exists()
    json.dumps(result.payload)
