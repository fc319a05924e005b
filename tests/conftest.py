"""Fixtures shared by every test: a fresh registry and the GSM8K data in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from rftkit.rewards.registry import GraderRegistry

REPO = Path(__file__).resolve().parent.parent
SHARED_GSM8K = REPO.parent / "shared" / "data" / "gsm8k"


@pytest.fixture
def registry() -> GraderRegistry:
    """A registry of its own for one test: built-ins only, no installed plugins."""
    return GraderRegistry(entry_points=False)


@pytest.fixture(scope="session")
def gsm8k_dir() -> Path:
    """The full GSM8K train and test sets (tests and benchmarks only, never at run time)."""
    if not (SHARED_GSM8K / "train.jsonl").is_file():
        pytest.skip(f"GSM8K data not found at {SHARED_GSM8K}")
    return SHARED_GSM8K
