"""Fixtures shared by every test: a fresh registry and GSM8K rows.

GSM8K rows come from two places. The package ships the first 200 rows of the test split
(``src/rftkit/data/gsm8k/test_sample.jsonl``, byte for byte): tests that need a few rows use
them always. The full train and test sets live outside the repository in ``../shared/data``
(``RFTKIT_TEST_SHARED_DATA`` points elsewhere, for instance at a directory that does not exist
to check that the suite runs without them); tests that read whole splits use them when present
and the shipped rows otherwise, so no test skips for want of data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

import rftkit
from rftkit.rewards.registry import GraderRegistry

# CI runs the same hypothesis examples on every run (a red build is the change's, never a
# draw's); elsewhere each run draws new ones, which is how new classes of bugs are found.
# A failure found locally is kept as an @example on its test.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("RFTKIT_TEST_SHARED_DATA") or REPO.parent / "shared" / "data")
SHARED_GSM8K = SHARED_DATA / "gsm8k"
SHIPPED_GSM8K_TEST = Path(rftkit.__file__).resolve().parent / "data" / "gsm8k" / "test_sample.jsonl"
"""The first 200 rows of the GSM8K test split, as the package ships them."""


@dataclass(frozen=True)
class GSM8KData:
    """GSM8K rows for a test.

    Attributes:
        test: a file of test-split rows (all 1,319, or the 200 that ship).
        splits: every file of rows available (train and test, or the shipped test rows).
        full: True when the full sets from ``../shared/data`` are used.
    """

    test: Path
    splits: tuple[Path, ...]
    full: bool


@pytest.fixture
def registry() -> GraderRegistry:
    """A registry of its own for one test: built-ins only, no installed plugins."""
    return GraderRegistry(entry_points=False)


@pytest.fixture(scope="session")
def gsm8k_data() -> GSM8KData:
    """The full GSM8K train and test sets when ``../shared/data`` has them (tests and
    benchmarks only, never at run time), else the 200 test rows that ship in the package."""
    train, test = SHARED_GSM8K / "train.jsonl", SHARED_GSM8K / "test.jsonl"
    if train.is_file() and test.is_file():
        return GSM8KData(test=test, splits=(train, test), full=True)
    return GSM8KData(test=SHIPPED_GSM8K_TEST, splits=(SHIPPED_GSM8K_TEST,), full=False)


@pytest.fixture(scope="session")
def gsm8k_sample() -> Path:
    """The 200 GSM8K test rows that ship in the package (the first 200 of the test split)."""
    return SHIPPED_GSM8K_TEST


def need_python(version: str) -> Path:
    """The Python ``version`` interpreter for a test that runs one (a bundle's import check,
    the local Lambda runtime).

    A machine without it skips the test, the one deliberate skip besides the browser test;
    ``RFTKIT_REQUIRE_PYTHONS="3.12 3.13"`` turns that skip into a failure, for a machine that
    is meant to have them. The finder itself is tested on the running interpreter
    (tests/functional/test_runtime.py), so a broken finder fails rather than skips everything.
    """
    from rftkit.errors import RuntimeClientError
    from rftkit.harness.runtime import find_interpreter

    try:
        return find_interpreter(version)
    except RuntimeClientError as exc:
        required = os.environ.get("RFTKIT_REQUIRE_PYTHONS", "").replace(",", " ").split()
        if version in required:
            pytest.fail(f"Python {version} is required (RFTKIT_REQUIRE_PYTHONS): {exc.message}")
        pytest.skip(f"no Python {version} on this machine")
