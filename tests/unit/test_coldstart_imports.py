"""What keeps a reward Lambda's cold start short, and the public names it must not cost.

The Lambda import path (``rftkit.harness.lambda_entry`` and the gsm8k grader) avoids modules
that cost milliseconds at every cold start (the rule is stated in docs/architecture.md); the
typing-only names it no longer defines at import stay importable on first access.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Literal

import pytest

import rftkit
from rftkit.rewards import extract, numbers, protocols
from rftkit.rewards import types as reward_types
from rftkit.rewards.deadline import deadline, deadline_scope
from rftkit.rewards.types import Reward

SRC = Path(__file__).resolve().parents[2] / "src"

# Modules the Lambda path must not load (each costs a cold start about 1-25 ms), and why
# they were there once.
KEPT_OFF_THE_LAMBDA_PATH = [
    "typing",  # annotations, NamedTuple, Protocol
    "threading",  # the registry's lock
    "contextlib",  # deadline_scope
    "importlib",  # import_module
    "unicodedata",  # non-ASCII replies
    "dataclasses",
    "inspect",
    "fractions",
    "decimal",
    "rftkit.harness.isolation",  # worker processes: isolated (non-built-in) graders only
    "rftkit.harness.contract.variants",  # the event writer, for `rftkit harness events`
    "rftkit.harness.contract.validate",  # the handler never validates a response
]

LAMBDA_SCRIPT = """
import json, sys
from rftkit.harness.lambda_entry import handler
out = handler(json.loads(sys.stdin.read()), None)
import rftkit.rewards.builtin.combine, rftkit.rewards.builtin.exact, rftkit.rewards.builtin.numeric
print(json.dumps({"scores": [r["aggregate_reward_score"] for r in out],
                  "modules": sorted(sys.modules)}))
"""


def _sample(i: int, reply: str) -> dict[str, object]:
    return {
        "id": f"s{i}",
        "messages": [
            {"role": "user", "content": "How many?"},
            {"role": "assistant", "content": reply},
        ],
        "reference_answer": "72",
    }


@pytest.mark.slow
def test_lambda_path_and_simple_graders_load_none_of_the_costly_modules() -> None:
    event = [
        _sample(0, "6 * 12 = <<6*12=72>>72 eggs\n#### 72"),  # annotations above the marker
        _sample(1, "the farmer\u2019s 72 eggs\n#### 72"),  # a curly quote
        _sample(2, "so the answer is 70"),  # the general path: extraction rules
    ]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(SRC),
        "PYTHONDONTWRITEBYTECODE": "1",
        "RFTKIT_LOG_LEVEL": "ERROR",
        "RFTKIT_GRADER_SPEC": json.dumps(
            {"name": "gsm8k", "target": "rftkit.rewards.builtin.gsm8k:gsm8k", "args": {}}
        ),
    }
    proc = subprocess.run(
        [sys.executable, "-S", "-s", "-P", "-c", LAMBDA_SCRIPT],
        input=json.dumps(event),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(proc.stdout)
    assert result["scores"] == [1.0, 1.0, 0.0]
    assert [m for m in KEPT_OFF_THE_LAMBDA_PATH if m in result["modules"]] == []


@pytest.mark.parametrize(
    ("module", "name", "expected"),
    [
        (rftkit, "Grader", protocols.Grader),
        (reward_types, "Grader", protocols.Grader),
        (reward_types, "MetricType", protocols.MetricType),
        (reward_types, "Message", protocols.Message),
        (extract, "Conflict", Literal["reject", "last", "first"]),
    ],
    ids=["rftkit.Grader", "types.Grader", "types.MetricType", "types.Message", "Conflict"],
)
def test_typing_only_names_load_on_first_access(
    module: object, name: str, expected: object
) -> None:
    assert getattr(module, name) == expected


def test_grader_protocol_still_recognises_a_grader() -> None:
    assert isinstance(lambda sample: Reward(1.0), rftkit.Grader)
    assert not isinstance(42, rftkit.Grader)


@pytest.mark.parametrize("module", [rftkit, reward_types, extract], ids=lambda m: m.__name__)
def test_unknown_names_still_raise_attribute_error(module: ModuleType) -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = module.no_such_name


def test_lazy_pattern_compiles_on_first_use_and_replaces_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    placeholder = numbers._lazy_pattern("_PROBE", r"a+")
    monkeypatch.setattr(numbers, "_PROBE", placeholder, raising=False)
    assert not isinstance(numbers._PROBE, re.Pattern)
    assert placeholder.fullmatch("aaa") is not None
    assert numbers._PROBE is re.compile(r"a+")  # the compiled pattern (re's cache)


def test_deadline_scope_restores_the_outer_deadline_after_an_error() -> None:
    with deadline_scope(30.0):
        outer = deadline()
        with pytest.raises(ValueError, match="boom"), deadline_scope(1.0):
            assert deadline() != outer
            raise ValueError("boom")
        assert deadline() == outer
    assert deadline() is None


ANNOTATION_PLACES = [
    "6 * 12 = <<6*12=72>>72\n#### 72",  # above the marker: fast path
    "a <<1+1=2>>2\nb <<2*36=72>>72\n\n#### 72\n",
    "<<unclosed 5\n#### 72",
    "6 * 12 = <<6*12=72>>72 #### 72",  # on the marker's line: general path
    "#### 72 <<70+2=72>>",
    "#### 72\n<<70+2=72>>",  # after the marker: removed before the end is judged
    "#### 7<<7*1=7>>2",
    "##<<x>>##\n#### 72",  # removing it would join two '#' pairs into a second marker
    "x <<a=1>>\n#### 70",
]


@pytest.mark.parametrize("reply", ANNOTATION_PLACES)
def test_gsm8k_fast_path_with_annotations_agrees_with_the_general_path(reply: str) -> None:
    from rftkit.rewards.builtin.gsm8k import gsm8k
    from rftkit.rewards.extract import parse_reference
    from rftkit.rewards.types import Sample

    grade = gsm8k()
    ref = parse_reference("72")
    assert ref.number is not None
    general = grade.impl.general(reply, ref, ref.number)  # type: ignore[attr-defined]
    assert grade(Sample.from_text(response=reply, reference="72")) == general
