"""Event fixtures (tests/fixtures/events/), read in one place, as Powertools' ``load_event``.

Every test that reads an event fixture goes through :func:`load_event` (the decoded event)
or :func:`event_path` (the file, for CLI tests).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EVENTS_DIR = Path(__file__).resolve().parent / "fixtures" / "events"


def event_path(name: str) -> Path:
    """The fixture file ``name`` (with or without ``.json``); it must exist."""
    path = EVENTS_DIR / (name if name.endswith(".json") else f"{name}.json")
    if not path.is_file():
        raise FileNotFoundError(f"no event fixture {name!r} in {EVENTS_DIR}")
    return path


def load_event(name: str) -> Any:
    """The decoded event of fixture ``name`` (with or without ``.json``)."""
    return json.loads(event_path(name).read_text(encoding="utf-8"))
