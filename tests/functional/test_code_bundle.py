"""The ``code`` bundle: built for 3.12 and 3.13, it grades programs under the local Lambda
runtime with the sandbox working there, and a credential in the function's environment is
invisible to the program."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from rftkit.harness.runtime import LocalLambda
from tests.conftest import need_python

SECRET = "rftkit-bundle-test-secret"
IO = {"test_cases": [{"input": "1 2\n", "output": "3\n"}, {"input": "4 5\n", "output": "9\n"}]}
LEAK = {"test_cases": [{"input": "", "output": SECRET}]}
ASSERTS = {"tests": "assert add(1, 2) == 3\nassert add(2, 2) == 4", "entry_point": "add"}


def fence(src: str) -> str:
    return f"```python\n{src}\n```"


# (reply, reference, expected score)
ROLLOUTS: list[tuple[str, Any, float]] = [
    (fence("a, b = map(int, input().split())\nprint(a + b)"), IO, 1.0),
    (fence("a, b = map(int, input().split())\nprint(a * b)"), IO, 0.0),
    (fence("def add(a, b):\n    return a + b"), ASSERTS, 1.0),
    (fence("import sys\nsys.exit(0)"), ASSERTS, 0.0),
    (fence("import os\nprint(os.environ.get('AWS_SECRET_ACCESS_KEY', ''))"), LEAK, 0.0),
    (fence("import os\nprint(os.environ.get('AWS_SESSION_TOKEN', ''))"), LEAK, 0.0),
    (fence("while True: pass"), IO, 0.0),
]


@pytest.mark.slow
@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_code_batch_round_trips_through_the_built_bundle(version: str, tmp_path: Path) -> None:
    from rftkit.harness.contract import validate_response
    from rftkit.packaging.bundle import build_bundle

    need_python(version)
    built = build_bundle("code", python=version, out_dir=tmp_path, check_import=True)
    assert built.size < 20_000_000
    with zipfile.ZipFile(built.path) as zf:
        top = {n.split("/", 1)[0] for n in zf.namelist()}
    assert top == {"rftkit", "rftkit_grader.json"}, sorted(top)
    event = [
        {
            "id": f"c-{i}",
            "messages": [
                {"role": "user", "content": "solve"},
                {"role": "assistant", "content": reply},
            ],
            "reference_answer": ref,
        }
        for i, (reply, ref, _) in enumerate(ROLLOUTS)
    ]
    env = {"AWS_SECRET_ACCESS_KEY": SECRET, "AWS_SESSION_TOKEN": SECRET}
    with LocalLambda(built.path, env=env) as fn:
        assert fn.python == version
        result = fn.invoke(event)
    assert result.ok, result.error
    assert validate_response(event, result.payload).ok
    assert [r["aggregate_reward_score"] for r in result.payload] == [s for *_, s in ROLLOUTS]
