"""How the harness calls a reward function, wherever it runs.

One protocol for the three places a grader can run: in-process (the handler itself), a built
zip under the local Lambda runtime (:mod:`rftkit.harness.runtime`), and a deployed function
(:mod:`rftkit.packaging.remote`). The replay and report code sees only :class:`Invoker`.
Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["InvokeResult", "Invoker"]


@dataclass(slots=True)
class InvokeResult:
    """The outcome of one invocation with one event.

    Attributes:
        payload: the decoded JSON the function returned (None when it failed).
        error: Lambda's error object when the invocation failed, e.g.
            ``{"errorType": "Runtime.ImportModuleError", "errorMessage": "..."}``;
            a timeout is ``{"errorType": "Sandbox.Timedout", ...}``.
        duration_ms: wall time of the invocation as the caller saw it.
        logs: log lines the function wrote during this invocation, when available.
    """

    payload: Any = None
    error: dict[str, Any] | None = None
    duration_ms: float = 0.0
    logs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the function returned a payload without an error."""
        return self.error is None


class Invoker(Protocol):
    """Something that invokes a reward function with one event."""

    def invoke(self, event: Any) -> InvokeResult:
        """Invoke once with ``event`` (a Bedrock-shaped event) and wait for the result."""
        ...

    def close(self) -> None:
        """Release processes, servers or clients held by the invoker."""
        ...
