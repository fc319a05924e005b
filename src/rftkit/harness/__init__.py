"""The Bedrock reward-Lambda contract, simulated locally: events, handler, runtime, reports.

Kept light on purpose: a reward Lambda imports this package, so its names are loaded lazily
(the replay, report and runtime modules never load inside a Lambda).

Example:
    >>> from rftkit.harness import make_handler
    >>> callable(make_handler)
    True
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

    from rftkit.harness.contract import parse_event, render_response, validate_response
    from rftkit.harness.handler import make_handler

__all__ = ["make_handler", "parse_event", "render_response", "validate_response"]

_LAZY = {
    "make_handler": "rftkit.harness.handler",
    "parse_event": "rftkit.harness.contract",
    "render_response": "rftkit.harness.contract",
    "validate_response": "rftkit.harness.contract",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rftkit.harness' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
