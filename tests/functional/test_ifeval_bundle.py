"""The ``ifeval`` bundle: built with no third-party package, answering a batch of IFEval
rollouts under the local Lambda runtime on Python 3.12 and 3.13 (slow: real interpreters)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rftkit.harness.runtime import LocalLambda
from tests.conftest import need_python

NO_COMMA_SHORT = {
    "key": 1,
    "prompt": "Describe a river in under 20 words without commas.",
    "instruction_id_list": ["punctuation:no_comma", "length_constraints:number_words"],
    "kwargs": [
        {"num_words": None, "relation": None},
        {"num_words": 20, "relation": "less than", "keywords": None},
    ],
}
CAPS_TITLE = {
    "key": 2,
    "prompt": "Write a title in <<>> and answer in capital letters only.",
    "instruction_id_list": ["detectable_format:title", "change_case:english_capital"],
    "kwargs": [{}, {}],
}

# (reply, reference, expected score)
ROLLOUTS = [
    ("A river runs from hills to the sea.", NO_COMMA_SHORT, 1.0),
    ("A river, wide and slow, runs to the sea.", NO_COMMA_SHORT, 0.5),
    ("", NO_COMMA_SHORT, 0.0),
    ("<<THE RIVER>>\nIT RUNS TO THE SEA AND IT IS WIDE.", CAPS_TITLE, 1.0),
    ("<<The River>>\nIt runs to the sea.", CAPS_TITLE, 0.5),
    ("THE RIVER RUNS TO THE SEA.", CAPS_TITLE, 0.5),
]


def _event() -> list[dict[str, object]]:
    return [
        {
            "id": f"ifeval-{i}",
            "messages": [
                {"role": "user", "content": str(ref["prompt"])},
                {"role": "assistant", "content": reply},
            ],
            "metadata": {"reference_answer": ref},
        }
        for i, (reply, ref, _) in enumerate(ROLLOUTS)
    ]


@pytest.mark.slow
@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_ifeval_batch_round_trips_through_the_built_bundle(version: str, tmp_path: Path) -> None:
    from rftkit.harness.contract import validate_response
    from rftkit.packaging.bundle import build_bundle

    need_python(version)
    built = build_bundle("ifeval", python=version, out_dir=tmp_path, check_import=False)
    assert built.path.stat().st_size < 1_000_000  # standard library only: no wheels inside
    event = _event()
    with LocalLambda(built.path) as fn:
        assert fn.python == version
        result = fn.invoke(event)
    assert result.ok, result.error
    assert validate_response(event, result.payload).ok
    assert [r["id"] for r in result.payload] == [e["id"] for e in event]
    assert [r["aggregate_reward_score"] for r in result.payload] == [e for *_, e in ROLLOUTS]
    metrics = {m["name"] for m in result.payload[0]["metrics_list"]}
    assert {"punctuation:no_comma", "length_constraints:number_words"} <= metrics


@pytest.mark.slow
def test_ifeval_lambda_path_loads_none_of_the_costly_modules() -> None:
    import json
    import os
    import subprocess
    import sys

    from tests.unit.test_coldstart_imports import KEPT_OFF_THE_LAMBDA_PATH, SRC

    script = (
        "import json, sys\n"
        "from rftkit.harness.lambda_entry import handler\n"
        "out = handler(json.loads(sys.stdin.read()), None)\n"
        "print(json.dumps({'scores': [r['aggregate_reward_score'] for r in out],"
        " 'modules': sorted(sys.modules)}))\n"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(SRC),
        "PYTHONDONTWRITEBYTECODE": "1",
        "RFTKIT_LOG_LEVEL": "ERROR",
        "RFTKIT_GRADER_SPEC": json.dumps(
            {"name": "ifeval", "target": "rftkit.rewards.builtin.ifeval:ifeval", "args": {}}
        ),
    }
    proc = subprocess.run(
        [sys.executable, "-S", "-s", "-P", "-c", script],
        input=json.dumps(_event()),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(proc.stdout)
    assert result["scores"] == [e for *_, e in ROLLOUTS]
    assert [m for m in KEPT_OFF_THE_LAMBDA_PATH if m in result["modules"]] == []
    assert "langdetect" not in result["modules"]
