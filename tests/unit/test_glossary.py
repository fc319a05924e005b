"""docs/glossary.md names every error code and flag the code can emit (issue 19).

Codes come from the handler's table; flags are collected two ways, so a new one cannot slip
past: statically, every string literal the grader modules append to a flag list, assign as a
rejection reason or add to a ``Reward.errors`` tuple; and dynamically, every flag the built-in
graders set on the bundled replies and on a table of hostile ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rftkit.harness.contract import ERROR_CODES
from rftkit.rewards.builtin.format import _REASONS
from rftkit.rewards.builtin.math import _WORKER_FLAGS
from rftkit.rewards.registry import default_registry
from rftkit.rewards.types import Sample

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"^\| `([a-z_]+)` \|", GLOSSARY, flags=re.MULTILINE))

_EMITTED = re.compile(
    r"""(?:flags|errors)\.append\("([a-z_]+)"\)"""
    r"""|rejected\s*=\s*"([a-z_]+)\""""
    r"""|\(\*(?:flags|head|errors),\s*"([a-z_]+)"(?:,\s*"([a-z_]+)")?\)"""
    r"""|errors=\("([a-z_]+)",\)"""
    r"""|reason\s*=\s*"([a-z_]+)\""""
)


# A module's flag constant ("FLAG: Final = ...", "EXTENSION: Final = ..."), emitted by name.
_CONSTANT = re.compile(r'^[A-Z_]+: Final = "([a-z_]+)"$', re.MULTILINE)


def _static_flags() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "rftkit" / "rewards").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for groups in _EMITTED.findall(text):
            found.update(g for g in groups if g)
        found.update(_CONSTANT.findall(text))
    return found


def test_every_handler_error_code_is_in_the_glossary() -> None:
    assert set(ERROR_CODES) - DOCUMENTED == set()


def test_every_flag_literal_in_the_graders_is_in_the_glossary() -> None:
    flags = _static_flags() | set(_REASONS) | set(_WORKER_FLAGS.values())
    assert len(flags) > 15  # the collector still finds the flags
    assert flags - DOCUMENTED == set()


def test_the_judge_flags_of_its_docstring_are_in_the_glossary() -> None:
    import rftkit.rewards.builtin.judge as judge

    doc = judge.__doc__ or ""
    start = doc.index("flag in ``errors``")
    listed = set(re.findall(r"``([a-z_]+)``", doc[start : doc.index("never an exception", start)]))
    assert listed
    assert listed - DOCUMENTED - {"errors"} == set()


HOSTILE = [
    "",
    "#### 1\n#### 2",
    "\\boxed{" + "1+" * 50,
    "<answer>7",
    "x" * 40_000 + "\n#### 5",
    "#### " + "9" * 200,
    "The answer is 5.\nQ: next?\nA: 6",
    "So the total is 3",
    "\\boxed{hello}",
]


@pytest.mark.parametrize("name", ["gsm8k", "numeric", "exact_match", "format", "math"])
def test_every_flag_seen_on_real_and_hostile_replies_is_in_the_glossary(name: str) -> None:
    grade = default_registry.create(name, **({"rules": ["hash"]} if name == "exact_match" else {}))
    rows = (ROOT / "src" / "rftkit" / "data" / "gsm8k" / "responses.jsonl").read_text()
    replies = [json.loads(line)["response"] for line in rows.splitlines()[:80]] + HOSTILE
    seen: set[str] = set()
    for reply in replies:
        seen.update(grade(Sample.from_text(response=reply, reference="5")).errors)
    assert seen - DOCUMENTED == set()
