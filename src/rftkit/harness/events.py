"""Build Bedrock-shaped reward events from a training file and a file of model responses.

Inputs:

* the **dataset**: RFT training JSONL (``messages``, ``reference_answer``, other fields), or raw
  GSM8K rows (``question``/``answer``), which are converted on the fly as
  ``rftkit data prepare gsm8k`` would;
* the **responses**: JSONL from any model run, one row per rollout, naming its prompt by
  ``index`` (0-based position of the record in the dataset, blank lines not counted) or ``id``
  (matched against the record's ``id``, then ``task_id``), with the text in ``response`` (or
  ``completion``, ``output``, ``text``), or several texts in ``responses``. Any number of
  rollouts per prompt; when both ``index`` and ``id`` are present, ``index`` wins.

Each rollout becomes one sample: the prompt's messages, the response appended as the last
message, the record's other fields under ``metadata``, and the id ``rollout-<index>-<k>``
(the k-th rollout of prompt ``index``), so every result in a report can be traced back.

Profiles pick the variants of CONTRACT.md section 1 that each kind of job appears to send
(written by :mod:`rftkit.harness.contract.variants`):

============  ================  ======================  ====================================
profile       reply role        message content         reference_answer
============  ================  ======================  ====================================
documented    assistant         string                  under metadata, as in the dataset
nova          nova_assistant    string                  top level, as in the dataset
open-weight   assistant         list of text blocks     under metadata; strings as
                                                        ``{"text": ...}``
mixed         rotates through the three above and content as ``{"text": ...}``; every other
              event is wrapped as ``{"trajectories": [...]}``
============  ================  ======================  ====================================

Standard library only.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal

from rftkit.errors import DatasetError, UsageError
from rftkit.harness.contract.variants import VARIANTS, render_variant, wrap_event
from rftkit.harness.dataset import gsm8k_record, read_jsonl

__all__ = [
    "PROFILES",
    "Profile",
    "Rollout",
    "batch",
    "build_events",
    "load_dataset",
    "load_responses",
    "read_events",
    "render_sample",
    "write_events",
]

Profile = Literal["documented", "nova", "open-weight", "mixed"]
PROFILES: Final[tuple[str, ...]] = ("documented", "nova", "open-weight", "mixed")
_TEXT_KEYS: Final = ("response", "completion", "output", "text")


class Rollout:
    """One model response to one prompt of the dataset.

    Attributes:
        index: position of the prompt in the dataset.
        k: which rollout of that prompt this is (0-based, in file order).
        text: the response text.
        line: line of the responses file it came from.
    """

    __slots__ = ("index", "k", "line", "text")

    def __init__(self, index: int, k: int, text: str, line: int) -> None:
        self.index = index
        self.k = k
        self.text = text
        self.line = line

    def __repr__(self) -> str:
        return f"Rollout(index={self.index}, k={self.k}, line={self.line}, text={self.text!r:.40})"

    @property
    def id(self) -> str:
        """The sample id this rollout gets in an event."""
        return f"rollout-{self.index}-{self.k}"


def load_dataset(path: str | Path) -> list[dict[str, Any]]:
    """Read RFT training JSONL (or raw GSM8K rows, converted) into a list of records.

    Raises:
        DatasetError: unreadable file, a line that is not an object, or a record without a
            ``messages`` list (named by line).

    Example:
        >>> import tempfile, os
        >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        ...     _ = f.write('{"question": "2+2?", "answer": "#### 4"}\\n')
        >>> load_dataset(f.name)[0]["reference_answer"]
        '4'
        >>> os.unlink(f.name)
    """
    records: list[dict[str, Any]] = []
    for index, (line, raw) in enumerate(read_jsonl(path, what="dataset")):
        if not isinstance(raw, dict):
            raise DatasetError(f"{path}:{line}: expected a JSON object")
        row = raw
        if "messages" not in raw and "question" in raw and "answer" in raw:
            try:
                row = gsm8k_record(raw, index=index)
            except ValueError as exc:
                raise DatasetError(f"{path}:{line}: not a GSM8K row: {exc}") from None
        messages = row.get("messages")
        if not isinstance(messages, list) or not messages:
            raise DatasetError(
                f"{path}:{line}: a training record needs a non-empty messages list",
                hint="check the file with `rftkit data validate`",
            )
        records.append(row)
    if not records:
        raise DatasetError(f"{path}: the dataset is empty")
    return records


def _key_index(records: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    keys: dict[str, int] = {}
    for field in ("task_id", "id"):  # "id" last, so it wins
        for i, record in enumerate(records):
            value = record.get(field)
            if isinstance(value, str | int) and not isinstance(value, bool):
                keys[str(value)] = i
    return keys


def load_responses(path: str | Path, records: Sequence[Mapping[str, Any]]) -> list[Rollout]:
    """Read a responses JSONL file and match every row to a dataset record.

    Raises:
        DatasetError: a row names no prompt, an unknown prompt, or has no response text
            (named by line).

    Example:
        >>> import tempfile, os
        >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        ...     _ = f.write('{"index": 0, "responses": ["#### 4", "#### 5"]}\\n')
        >>> [r.id for r in load_responses(f.name, [{"messages": []}])]
        ['rollout-0-0', 'rollout-0-1']
        >>> os.unlink(f.name)
    """
    keys: dict[str, int] | None = None
    counts: dict[int, int] = {}
    rollouts: list[Rollout] = []
    for line, row in read_jsonl(path, what="responses file"):
        where = f"{path}:{line}"
        if not isinstance(row, dict):
            raise DatasetError(f"{where}: expected a JSON object")
        index = row.get("index")
        if index is not None:
            if isinstance(index, bool) or not isinstance(index, int):
                raise DatasetError(f"{where}: index must be an integer, got {index!r:.40}")
            if not 0 <= index < len(records):
                raise DatasetError(
                    f"{where}: index {index} is outside the dataset (0-{len(records) - 1})",
                    hint="index is the 0-based position of the prompt in the dataset",
                )
        elif row.get("id") is not None or row.get("task_id") is not None:
            # The prompt's id under "id" or "task_id" (the key records use for it too).
            name = row["id"] if row.get("id") is not None else row["task_id"]
            if keys is None:
                keys = _key_index(records)
            found = keys.get(str(name))
            if found is None:
                raise DatasetError(
                    f"{where}: no dataset record has id or task_id {name!r:.60}",
                    hint="name the prompt by its 0-based 'index' instead",
                )
            index = found
        else:
            raise DatasetError(
                f"{where}: the row names no prompt",
                hint="give the prompt's 0-based 'index' or its 'id' / 'task_id'",
            )
        texts: list[Any]
        if isinstance(row.get("responses"), list):
            texts = row["responses"]
        else:
            key = next((k for k in _TEXT_KEYS if k in row), None)
            if key is None:
                raise DatasetError(
                    f"{where}: no response text",
                    hint="put the model's text under 'response' (or a list under 'responses')",
                )
            texts = [row[key]]
        for text in texts:
            if not isinstance(text, str):
                raise DatasetError(
                    f"{where}: the response must be a string, got {type(text).__name__}"
                )
            k = counts.get(index, 0)
            counts[index] = k + 1
            rollouts.append(Rollout(index, k, text, line))
    if not rollouts:
        raise DatasetError(f"{path}: the responses file is empty")
    return rollouts


def render_sample(
    record: Mapping[str, Any], rollout: Rollout, variant: str = "documented"
) -> dict[str, Any]:
    """One wire sample for ``rollout`` of ``record``, in one profile's variant.

    ``variant`` is ``documented``, ``nova``, ``open-weight`` or ``text-dict`` (content as
    ``{"text": ...}``; used by the ``mixed`` profile). The shapes are written by
    :func:`rftkit.harness.contract.variants.render_variant`.

    Example:
        >>> rec = {"messages": [{"role": "user", "content": "2+2?"}], "reference_answer": "4"}
        >>> s = render_sample(rec, Rollout(0, 0, "#### 4", 1), "nova")
        >>> s["messages"][-1]["role"], s["reference_answer"], s["metadata"]
        ('nova_assistant', '4', {})
    """
    return render_variant(record, rollout.id, rollout.text, variant)


def batch(items: Sequence[Any], size: int) -> list[list[Any]]:
    """Split ``items`` into lists of at most ``size``.

    Example:
        >>> batch([1, 2, 3, 4, 5], 2)
        [[1, 2], [3, 4], [5]]
    """
    if size < 1:
        raise UsageError(f"batch size must be at least 1, got {size}")
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def build_events(
    records: Sequence[Mapping[str, Any]],
    rollouts: Iterable[Rollout],
    *,
    profile: str = "documented",
    batch_size: int = 64,
    trajectories: bool = False,
) -> list[Any]:
    """Build reward events: one sample per rollout, in batches of ``batch_size``.

    Args:
        records: the dataset's records.
        rollouts: the responses, matched to records.
        profile: ``documented``, ``nova``, ``open-weight`` or ``mixed`` (see the module doc).
        batch_size: samples per event (Bedrock's is undocumented; SageMaker's analogue is 64).
        trajectories: wrap every event as ``{"trajectories": [...]}``.

    Example:
        >>> recs = [{"messages": [{"role": "user", "content": "2+2?"}], "reference_answer": "4"}]
        >>> events = build_events(recs, [Rollout(0, k, "#### 4", 1) for k in range(3)],
        ...                       profile="open-weight", batch_size=2)
        >>> [len(e) for e in events], events[0][0]["metadata"]["reference_answer"]
        ([2, 1], {'text': '4'})
    """
    if profile not in PROFILES:
        raise UsageError(
            f"unknown profile {profile!r}", hint=f"choose one of: {', '.join(PROFILES)}"
        )
    samples = []
    for position, rollout in enumerate(rollouts):
        variant = VARIANTS[position % len(VARIANTS)] if profile == "mixed" else profile
        samples.append(render_sample(records[rollout.index], rollout, variant))
    events: list[Any] = []
    for number, chunk in enumerate(batch(samples, batch_size)):
        wrap = trajectories or (profile == "mixed" and number % 2 == 1)
        events.append(wrap_event(chunk, wrap))
    return events


def write_events(events: Sequence[Any], out: str | Path) -> str:
    """Write events to ``out`` and return a description of what was written.

    ``out`` ending in ``.jsonl`` (or ``-`` for stdout) gets one event per line; ``.json``
    holds a single event; anything else is a directory of ``event-00000.json`` files.

    Raises:
        UsageError: several events for a ``.json`` file.
        DatasetError: the output cannot be written.
    """
    target = str(out)
    try:
        if target == "-":
            for event in events:
                sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
            return f"{len(events)} events to stdout"
        path = Path(target)
        if path.suffix == ".jsonl":
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as fh:
                for event in events:
                    fh.write(json.dumps(event, ensure_ascii=False) + "\n")
            return f"{len(events)} events to {path}"
        if path.suffix == ".json":
            if len(events) != 1:
                raise UsageError(
                    f"{len(events)} events do not fit in one .json file",
                    hint="write to a directory or a .jsonl file, or raise --batch-size",
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(events[0], indent=2, ensure_ascii=False) + "\n")
            return f"1 event to {path}"
        path.mkdir(parents=True, exist_ok=True)
        for old in path.glob("event-*.json"):
            old.unlink()  # a shorter run must not leave stale events behind
        for number, event in enumerate(events):
            (path / f"event-{number:05d}.json").write_text(
                json.dumps(event, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        return f"{len(events)} events to {path}/event-*.json"
    except OSError as exc:
        raise DatasetError(f"cannot write {target}: {exc.strerror or exc}") from None


def _read_json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None
    except ValueError as exc:
        raise DatasetError(f"{path}: invalid JSON: {exc}") from None


def read_events(path: str | Path) -> Iterator[tuple[str, Any]]:
    """Yield ``(source, event)`` from a ``.json`` file, a ``.jsonl`` file or a directory.

    ``source`` names where the event came from (``dir/event-00003.json``, ``file.jsonl:4``).

    Raises:
        DatasetError: missing or unreadable input.
    """
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("*.json"))
        if not files:
            raise DatasetError(f"{p}: no *.json event files")
        for f in files:
            yield str(f), _read_json_file(f)
    elif p.suffix == ".jsonl":
        for line, event in read_jsonl(p, what="events file"):
            yield f"{p}:{line}", event
    else:
        yield str(p), _read_json_file(p)
