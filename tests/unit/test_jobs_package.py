"""rftkit.jobs is a room of its own: never in a Lambda bundle, and none of it in packaging."""

from __future__ import annotations

import importlib.util

import pytest

from rftkit.errors import BuildError
from rftkit.packaging.bundle import rftkit_modules as bundle_mod


@pytest.mark.parametrize(
    "module", ["rftkit.jobs.curve", "rftkit.jobs.native", "rftkit.cli.job", "rftkit.packaging.plan"]
)
def test_the_lambda_path_refuses_modules_that_never_ship(module: str) -> None:
    with pytest.raises(BuildError, match="never ships in a bundle"):
        bundle_mod._rftkit_runtime_files([module], lambda _msg: None)


def test_the_lambda_core_alone_ships_no_job_code() -> None:
    files = bundle_mod._rftkit_runtime_files([], lambda _msg: None)
    assert files and not any(arc.startswith("rftkit/jobs/") for arc in files)


@pytest.mark.parametrize("old", ["rftkit.packaging.jobs", "rftkit.packaging.jobs_native"])
def test_packaging_keeps_no_job_module(old: str) -> None:
    assert importlib.util.find_spec(old) is None
