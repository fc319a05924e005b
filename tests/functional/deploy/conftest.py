"""Fixtures for deploy tests: one moto server (and one fake account) per session.

Resetting moto between tests costs one to two seconds (it rebuilds every backend and reloads
IAM's managed policies), so tests share the account and isolate themselves by name instead:
each test deploys a function named after itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from tests.aws_moto import MotoServer, fake_aws_env, moto_server


@pytest.fixture(scope="session")
def moto_session() -> Iterator[MotoServer]:
    """moto's server on 127.0.0.1 for the whole session."""
    with moto_server() as server:
        yield server


@pytest.fixture
def aws(moto_session: MotoServer, monkeypatch: pytest.MonkeyPatch) -> MotoServer:
    """The fake AWS account, with fake credentials in the environment."""
    fake_aws_env(monkeypatch, moto_session.region)
    return moto_session


@pytest.fixture
def fn(request: pytest.FixtureRequest) -> str:
    """A function name no other test uses (so the shared account needs no reset)."""
    digest = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:10]
    return f"t-{digest}"
