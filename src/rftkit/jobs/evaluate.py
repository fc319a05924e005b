"""Evaluate a model on held-out prompts: ask it, then shape its answers as reward events.

The model is asked through a ``complete`` callable (:func:`rftkit.jobs.openai.chat_openai` or
:func:`rftkit.jobs.native.converse`), so this module never asks which API serves it. The
answers become the events a training job would send, for the handler the Lambda runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rftkit.errors import RftkitError, UsageError
from rftkit.harness.contract.content import is_reply_role
from rftkit.jobs.model import ChatMessage

__all__ = ["Answer", "answer_events", "ask_model", "load_eval_records", "prompt_messages"]


def load_eval_records(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read a held-out set: RFT records, or raw GSM8K rows converted as for training.

    Raw GSM8K rows (``question``/``answer``) become the same prompt ``rftkit data prepare
    gsm8k`` writes, so a model is evaluated on the prompt it was trained with.

    Raises:
        DatasetError: an unreadable file or a line that is not a record (named by number).
    """
    from rftkit.harness.events import load_dataset

    records = load_dataset(path)
    return records[:limit] if limit is not None else records


def prompt_messages(record: Mapping[str, Any]) -> list[ChatMessage]:
    """The messages to send: the record's, without a trailing reply (SFT-style rows).

    Example:
        >>> prompt_messages({"messages": [{"role": "user", "content": "q"},
        ...                               {"role": "assistant", "content": "a"}]})
        [{'role': 'user', 'content': 'q'}]
    """
    messages = [dict(m) for m in record.get("messages", []) if isinstance(m, Mapping)]
    while messages and is_reply_role(messages[-1].get("role")):
        messages.pop()
    return messages


@dataclass(frozen=True, slots=True)
class Answer:
    """A model's reply to one held-out prompt, or why there is none."""

    index: int
    text: str | None
    error: str | None = None
    seconds: float = 0.0


def ask_model(
    records: Sequence[Mapping[str, Any]],
    complete: Callable[[list[ChatMessage]], str],
    *,
    concurrency: int = 4,
    on_answer: Callable[[Answer], None] = lambda _a: None,
) -> list[Answer]:
    """Send every record's prompt to the model; one :class:`Answer` per record, in order.

    A failed request is that prompt's ``error``: one bad reply never ends the run. An error
    that concerns every request (a rejected key, an unknown model: a :class:`UsageError`)
    stops the run at once, since every further request would fail the same way.

    Example:
        >>> recs = [{"messages": [{"role": "user", "content": "hi"}]}]
        >>> ask_model(recs, lambda m: m[-1]["content"].upper())[0].text
        'HI'
    """
    if concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    stop = threading.Event()
    fatal: list[UsageError] = []

    def one(index: int) -> Answer:
        if stop.is_set():
            return Answer(index, None, "skipped after an error that stops the run")
        messages = prompt_messages(records[index])
        if not any(m.get("role") == "user" for m in messages):
            return Answer(index, None, "the record has no user message")
        started = time.perf_counter()
        try:
            text = complete(messages)
        except UsageError as exc:
            stop.set()
            fatal.append(exc)
            return Answer(index, None, exc.message, time.perf_counter() - started)
        except RftkitError as exc:
            return Answer(index, None, exc.message, time.perf_counter() - started)
        except Exception as exc:  # one odd reply must not end the run
            error = f"{type(exc).__name__}: {exc}"
            return Answer(index, None, error, time.perf_counter() - started)
        return Answer(index, text, None, time.perf_counter() - started)

    answers: list[Answer] = []
    workers = min(concurrency, max(1, len(records)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rftkit-ask") as pool:
        for answer in pool.map(one, range(len(records))):
            answers.append(answer)
            on_answer(answer)
    if fatal:
        raise fatal[0]
    return answers


def answer_events(
    records: Sequence[Mapping[str, Any]],
    answers: Sequence[Answer],
    *,
    profile: str = "documented",
    batch_size: int = 64,
) -> list[Any]:
    """Reward events for the answered prompts, shaped as a training job would send them.

    ``profile`` is a :mod:`rftkit.harness.events` profile: ``open-weight`` for open-weight
    models, ``nova`` for Nova, so the grader sees the shapes it sees during training.
    """
    from rftkit.harness.events import Rollout, build_events

    rollouts = [Rollout(a.index, 0, a.text, a.index + 1) for a in answers if a.text is not None]
    if not rollouts:
        return []
    return build_events(records, rollouts, profile=profile, batch_size=batch_size)
