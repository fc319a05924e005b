"""A record/replay file of judge replies, so runs with a judge repeat without Bedrock.

One JSON object per line::

    {"key": "<sha256 of the request's inputs>", "model_id": "...", "request": {...},
     "reply": {"text": "...", "input_tokens": 812, "output_tokens": 64, "stop_reason": "end_turn"}}

``record`` mode calls the model and appends every reply; ``replay`` mode answers from the
file and never calls the model, and a request missing from the file is a clear error. The
key is :meth:`rftkit.rewards.builtin.judge.JudgeGrader.key_for`: a hash of what the request
is made from (model, system and rubric templates, the sample text as the judge sees it,
score range, inference parameters), not of the rendered prompt, whose marker code is random
on every call. Changing the rubric or the model misses rather than replaying a stale
verdict; ``request`` records what was actually sent. When a key appears twice, the last
line wins. Files recorded by earlier versions, which keyed on the rendered prompt, miss and
must be recorded again.

Standard library only.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from rftkit.errors import GraderError
from rftkit.rewards.judge.client import JudgeReply

__all__ = ["MODES", "ReplayFile"]

MODES = ("off", "record", "replay")
"""Accepted values of the judge's ``replay_mode`` argument."""


class ReplayFile:
    """The replies recorded in one JSONL file.

    Example:
        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "judge.jsonl")
        >>> ReplayFile(path, "record").put("k1", "m", {}, JudgeReply("8"))
        >>> ReplayFile(path, "replay").get("k1").text
        '8'
    """

    def __init__(self, path: str | Path, mode: Literal["record", "replay"]) -> None:
        self.path = Path(path)
        self.mode = mode
        self._replies: dict[str, JudgeReply] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, JudgeReply]:
        replies: dict[str, JudgeReply] = {}
        try:
            handle = self.path.open(encoding="utf-8")
        except FileNotFoundError:
            raise GraderError(
                f"judge replay file {self.path} does not exist",
                hint="run once with replay_mode='record' to create it",
            ) from None
        except OSError as exc:
            raise GraderError(f"cannot read judge replay file {self.path}: {exc}") from None
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
                        raise ValueError("each line must be an object with a string 'key'")
                    reply = entry.get("reply")
                    if not isinstance(reply, Mapping):
                        raise ValueError("'reply' must be an object")
                    replies[entry["key"]] = JudgeReply.from_dict(reply)
                except ValueError as exc:
                    raise GraderError(
                        f"judge replay file {self.path}, line {number}: {exc}",
                        hint="re-record the file with replay_mode='record'",
                    ) from None
        return replies

    def __len__(self) -> int:
        with self._lock:
            if self._replies is None:
                self._replies = self._load()
            return len(self._replies)

    def get(self, key: str) -> JudgeReply:
        """The recorded reply for ``key``.

        Raises:
            GraderError: the file is missing or malformed, or holds no reply for ``key``.
        """
        with self._lock:
            if self._replies is None:
                self._replies = self._load()
            reply = self._replies.get(key)
            count = len(self._replies)
        if reply is None:
            raise GraderError(
                f"judge replay: no recorded reply for this request (key {key[:16]}...) in "
                f"{self.path} ({count} recorded)",
                hint=(
                    "the prompt, rubric, model or inference parameters differ from the "
                    "recording; record again with replay_mode='record'"
                ),
            )
        return reply

    def put(self, key: str, model_id: str, request: Mapping[str, Any], reply: JudgeReply) -> None:
        """Append one reply (the file and its directory are created when missing).

        Raises:
            GraderError: the file cannot be written.
        """
        line = json.dumps(
            {"key": key, "model_id": model_id, "request": request, "reply": reply.to_dict()},
            sort_keys=True,
            ensure_ascii=False,
        )
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
            except OSError as exc:
                raise GraderError(f"cannot write judge replay file {self.path}: {exc}") from None
            if self._replies is not None:
                self._replies[key] = reply
