"""A moto server on 127.0.0.1 for tests: AWS's control plane without AWS.

Generic: any test module can start one server for its session and reset it between tests.

    from tests.aws_moto import moto_server, fake_aws_env

    @pytest.fixture(scope="session")
    def moto_session():
        with moto_server() as server:
            yield server

    @pytest.fixture
    def aws(moto_session, monkeypatch):
        fake_aws_env(monkeypatch, moto_session.region)
        moto_session.reset()
        return moto_session

Credentials are obviously fake (``testing``) and exist only in the test process's environment
while a fixture holds them. Nothing here can reach AWS: every client is given the server's
loopback endpoint.
"""

from __future__ import annotations

import logging
import os
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

__all__ = ["CallLog", "MotoServer", "fake_aws_env", "moto_server"]

REGION = "us-east-1"

# Settings that would let a test talk to a real account, or read a developer's profile.
_UNSET = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_LAMBDA",
    "AWS_ENDPOINT_URL_IAM",
    "AWS_ENDPOINT_URL_STS",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
)


def fake_aws_env(monkeypatch: pytest.MonkeyPatch, region: str = REGION) -> None:
    """Fake credentials and region in the environment; no profile or config file is read."""
    for key in _UNSET:
        monkeypatch.delenv(key, raising=False)
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
    }.items():
        monkeypatch.setenv(key, value)


@dataclass(frozen=True, slots=True)
class MotoServer:
    """A running moto server.

    Attributes:
        endpoint_url: ``http://127.0.0.1:<port>``; every AWS service answers there.
        region: the region its clients use.
    """

    endpoint_url: str
    region: str = REGION

    def client(self, service: str, **kwargs: Any) -> Any:
        """A boto3 client for ``service`` aimed at this server."""
        import boto3

        return boto3.client(
            service,
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            **kwargs,
        )

    def reset(self) -> None:
        """Forget every resource (moto's reset API), so a test starts from nothing.

        It costs one to two seconds (every backend is rebuilt); tests that can isolate
        themselves by resource name should do that instead.
        """
        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()


@contextmanager
def moto_server(region: str = REGION) -> Iterator[MotoServer]:
    """Start moto's threaded server on 127.0.0.1 with an ephemeral port; stop it on exit.

    ``MOTO_IAM_LOAD_MANAGED_POLICIES`` is set before the server starts, so AWS managed
    policies such as ``AWSLambdaBasicExecutionRole`` exist and can be attached.
    """
    from moto.server import ThreadedMotoServer

    # werkzeug logs every request at INFO; test output needs only its errors.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            yield MotoServer(f"http://{host}:{port}", region)
        finally:
            server.stop()


class CallLog:
    """Records the operation names a set of boto3 clients call (``CreateFunction``, ...).

    Example::

        log = CallLog(lambda_client, iam_client)
        ...
        assert log.mutating() == []
    """

    READ_PREFIXES = ("Get", "List", "Describe", "Head")

    def __init__(self, *clients: Any) -> None:
        self.calls: list[str] = []
        for client in clients:
            client.meta.events.register("before-call", self._record)

    def _record(self, model: Any, **_: Any) -> None:
        self.calls.append(model.name)

    def mutating(self) -> list[str]:
        """Every recorded call that is not a read."""
        return [c for c in self.calls if not c.startswith(self.READ_PREFIXES)]

    def count(self, name: str) -> int:
        """How many times ``name`` was called."""
        return self.calls.count(name)

    def clear(self) -> None:
        """Forget what was recorded."""
        self.calls.clear()
