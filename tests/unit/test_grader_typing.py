"""``@grader`` keeps a factory's signature visible to type checkers.

A misspelt or mistyped grader argument is a ``mypy --strict`` error, not only a
``GraderArgsError`` at run time: the decorator is typed with a ``ParamSpec``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

SNIPPET = """\
from collections.abc import Callable

from rftkit.rewards.builtin.exact import exact_match
from rftkit.rewards.builtin.gsm8k import gsm8k
from rftkit.rewards.registry import BoundGrader, grader
from rftkit.rewards.types import Reward, Sample


@grader(register=False)
def contains(*, word: str = "yes") -> Callable[[Sample], Reward | float]:
    return lambda sample: float(word in sample.completion)


ok: BoundGrader = gsm8k(correct_weight=0.5)  # line 14
ok_too: BoundGrader = contains(word="ok")
typo = gsm8k(corect_weight=0.5)  # line 16
wrong_type = exact_match(case_sensitive="no")  # line 17
custom_typo = contains(wrd="ok")  # line 18
"""


@pytest.mark.slow
def test_mypy_rejects_misspelt_and_mistyped_grader_arguments(tmp_path: Path) -> None:
    (tmp_path / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(SRC)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--python-version",
            "3.11",
            "snippet.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    errors = {
        int(m.group(1)): m.group(2)
        for m in re.finditer(r"^snippet\.py:(\d+): error: (.*)$", proc.stdout, re.M)
    }
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert set(errors) == {16, 17, 18}, proc.stdout
    assert "corect_weight" in errors[16]
    assert "case_sensitive" in errors[17]
    assert "wrd" in errors[18]
