"""RFT training data: prepare GSM8K rows and validate any JSONL file against Bedrock's rules.

The rules (CONTRACT.md, section 4), each reported with its line number by
:func:`validate_dataset`:

* every line is a JSON object (blank lines are skipped with a warning);
* ``messages`` is a non-empty list of ``{"role", "content"}`` objects; roles are ``system``,
  ``user`` or ``assistant``; ``system`` only comes first; at least one ``user`` message;
  ``content`` is a non-empty string (or a list of text parts with text);
* ``content`` holds no role markers (``System:``, ``User:``, ``Assistant:``, ``[EOS]``,
  ``<unk>``), which AWS's sample validator rejects;
* ``reference_answer``, when present, is a string or an object;
* the file holds 100 to 20,000 records.

Warnings (exit status stays 0): blank lines, an assistant message in the prompt or a prompt
that does not end with a user message (training is single-turn).

Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, TextIO

from rftkit.errors import DatasetError

__all__ = [
    "DEFAULT_SYSTEM_PROMPT",
    "MAX_RECORDS",
    "MIN_RECORDS",
    "ROLE_MARKERS",
    "USER_INSTRUCTION",
    "Problem",
    "check_references",
    "gsm8k_final_answer",
    "gsm8k_record",
    "prepare_gsm8k",
    "read_jsonl",
    "validate_dataset",
    "validate_lines",
]

MIN_RECORDS: Final = 100
MAX_RECORDS: Final = 20_000
ROLE_MARKERS: Final = ("System:", "User:", "Assistant:", "[EOS]", "<unk>")
# A tuple: membership compares by equality, so a list or object role is "not a role" instead
# of TypeError: unhashable type.
_ROLES: Final = ("system", "user", "assistant")

DEFAULT_SYSTEM_PROMPT: Final = (
    "You are a careful math tutor. Reason step by step, then give the final answer on its own "
    "last line in the form '#### <number>', with no units."
)
USER_INSTRUCTION: Final = (
    "Solve the problem. Show your reasoning, then write the final answer on the last line as "
    "'#### <number>'."
)

Severity = Literal["error", "warning"]


@dataclass(slots=True, repr=False)
class Problem:
    """One finding about a dataset file.

    Attributes:
        line: 1-based line number, or None for a finding about the whole file.
        message: what is wrong.
        severity: ``"error"`` (the file breaks a rule) or ``"warning"``.
        field: the JSON path inside the record, e.g. ``messages[1].content``, when known.

    Example:
        >>> Problem(3, "missing messages").format("train.jsonl")
        'train.jsonl:3: error: missing messages'
    """

    line: int | None
    message: str
    severity: Severity = "error"
    field: str | None = None

    def __repr__(self) -> str:
        return f"Problem({self.line!r}, {self.message!r}, {self.severity!r}, {self.field!r})"

    @property
    def is_error(self) -> bool:
        """True for rule violations, False for warnings."""
        return self.severity == "error"

    def format(self, path: str | Path = "") -> str:
        """``FILE:LINE: severity: [field: ]message``, as compilers print them."""
        if self.line is None:
            where = str(path)
        else:
            where = f"{path}:{self.line}" if str(path) else f"line {self.line}"
        inner = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {self.severity}: {inner}" if where else f"{self.severity}: {inner}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "line": self.line,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
        }


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _content_text(content: Any) -> str | None:
    """Text of a training message's content, or None when the shape is not allowed."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if not isinstance(part, Mapping) or part.get("type", "text") != "text":
                return None
            text = part.get("text")
            if not isinstance(text, str):
                return None
            parts.append(text)
        return "".join(parts)
    return None


def _check_record(record: Any, line: int, problems: list[Problem]) -> None:
    if not isinstance(record, dict):
        problems.append(Problem(line, f"expected a JSON object, got {_type_name(record)}"))
        return
    messages = record.get("messages")
    if messages is None:
        problems.append(Problem(line, "missing messages", field="messages"))
    elif not isinstance(messages, list):
        problems.append(
            Problem(line, f"expected a list, got {_type_name(messages)}", field="messages")
        )
    elif not messages:
        problems.append(Problem(line, "messages is empty", field="messages"))
    else:
        users = 0
        assistants = 0
        for j, message in enumerate(messages):
            where = f"messages[{j}]"
            if not isinstance(message, dict):
                problems.append(
                    Problem(line, f"expected an object, got {_type_name(message)}", field=where)
                )
                continue
            role = message.get("role")
            if role not in _ROLES:
                problems.append(
                    Problem(
                        line,
                        f"role must be system, user or assistant, got {role!r:.40}",
                        field=f"{where}.role",
                    )
                )
            elif role == "system" and j != 0:
                problems.append(
                    Problem(line, "a system message must come first", field=f"{where}.role")
                )
            users += role == "user"
            assistants += role == "assistant"
            if "content" not in message:
                problems.append(Problem(line, "missing content", field=f"{where}.content"))
                continue
            text = _content_text(message["content"])
            if text is None:
                problems.append(
                    Problem(
                        line,
                        "content must be a string (or a list of text parts), got "
                        f"{_type_name(message['content'])}",
                        field=f"{where}.content",
                    )
                )
            elif not text.strip():
                problems.append(Problem(line, "content is empty", field=f"{where}.content"))
            else:
                for marker in ROLE_MARKERS:
                    if marker in text:
                        problems.append(
                            Problem(
                                line,
                                f"content holds the role marker {marker!r}, which Bedrock's "
                                "validation rejects",
                                field=f"{where}.content",
                            )
                        )
        if users == 0:
            problems.append(Problem(line, "no user message", field="messages"))
        if assistants:
            problems.append(
                Problem(
                    line,
                    "the prompt holds an assistant message; RFT training is single-turn and the "
                    "model writes the reply",
                    "warning",
                    field="messages",
                )
            )
        last = messages[-1]
        if users and isinstance(last, dict) and last.get("role") != "user":
            problems.append(
                Problem(line, "the prompt should end with a user message", "warning", "messages")
            )
    if "reference_answer" in record:
        ref = record["reference_answer"]
        if not isinstance(ref, str | dict):
            hint = " (quote it as a string)" if isinstance(ref, int | float) else ""
            problems.append(
                Problem(
                    line,
                    f"reference_answer must be a string or an object, got {_type_name(ref)}{hint}",
                    field="reference_answer",
                )
            )


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def validate_lines(
    lines: Iterable[str],
    *,
    min_records: int = MIN_RECORDS,
    max_records: int = MAX_RECORDS,
) -> list[Problem]:
    """Validate JSONL text, line by line (see the module docstring for the rules).

    Example:
        >>> ok = '{"messages": [{"role": "user", "content": "2+2?"}], "reference_answer": "4"}'
        >>> [p.format() for p in validate_lines([ok, '{"messages": []}'], min_records=1)]
        ['line 2: error: messages: messages is empty']
    """
    problems: list[Problem] = []
    records = 0
    for number, raw in enumerate(lines, start=1):
        text = raw.rstrip("\r\n")
        if number == 1 and text.startswith("\ufeff"):
            problems.append(Problem(1, "the file starts with a byte-order mark", "warning"))
            text = text[1:]
        if not text.strip():
            problems.append(Problem(number, "blank line (skipped)", "warning"))
            continue
        records += 1
        try:
            record = json.loads(text, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            problems.append(Problem(number, f"invalid JSON: {exc}"))
            continue
        _check_record(record, number, problems)
    if records < min_records:
        problems.append(
            Problem(None, f"{records} records; Bedrock RFT needs at least {min_records}")
        )
    elif records > max_records:
        problems.append(
            Problem(None, f"{records} records; Bedrock RFT accepts at most {max_records}")
        )
    return problems


def _open_text(path: str | Path) -> TextIO:
    if str(path) == "-":
        return sys.stdin
    return open(path, encoding="utf-8", newline="")


def validate_dataset(
    path: str | Path,
    *,
    min_records: int = MIN_RECORDS,
    max_records: int = MAX_RECORDS,
) -> list[Problem]:
    """Validate an RFT training file; every problem carries its line number.

    Args:
        path: a JSONL file (``-`` for standard input).
        min_records: fewest records accepted (Bedrock: 100).
        max_records: most records accepted (Bedrock: 20,000).

    Returns:
        Every problem found, in file order; file-level problems (record count) last.

    Raises:
        DatasetError: the file cannot be opened or is not UTF-8 text.

    Example:
        >>> import tempfile, os
        >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        ...     _ = f.write('{"messages": [{"role": "user", "content": "hi"}]}\\n')
        >>> [p.message for p in validate_dataset(f.name)]
        ['1 records; Bedrock RFT needs at least 100']
        >>> os.unlink(f.name)
    """
    try:
        fh = _open_text(path)
    except FileNotFoundError:
        raise DatasetError(f"no such file: {path}") from None
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        with fh if fh is not sys.stdin else contextlib.nullcontext(fh):
            return validate_lines(fh, min_records=min_records, max_records=max_records)
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})",
            hint="JSONL training files must be UTF-8",
        ) from None


def read_jsonl(path: str | Path, *, what: str = "file") -> Iterator[tuple[int, Any]]:
    """Yield ``(line_number, value)`` for every non-blank line of a JSONL file.

    Raises:
        DatasetError: the file is missing, not UTF-8, or a line is not JSON (named by number).

    Example:
        >>> import tempfile, os
        >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        ...     _ = f.write('{"a": 1}\\n\\n[2]\\n')
        >>> list(read_jsonl(f.name))
        [(1, {'a': 1}), (3, [2])]
        >>> os.unlink(f.name)
    """
    try:
        fh = _open_text(path)
    except FileNotFoundError:
        raise DatasetError(f"no such {what}: {path}") from None
    except OSError as exc:
        raise DatasetError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    number = 0
    try:
        with fh if fh is not sys.stdin else contextlib.nullcontext(fh):
            for number, raw in enumerate(fh, start=1):
                text = raw.strip().lstrip("\ufeff")
                if not text:
                    continue
                try:
                    value = json.loads(text, parse_constant=_reject_constant)
                except (ValueError, RecursionError) as exc:
                    raise DatasetError(
                        f"{path}:{number}: invalid JSON: {exc}",
                        hint=f"each line of the {what} must be one JSON object",
                    ) from None
                yield number, value
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"{path}:{number + 1}: not UTF-8 text ({exc.reason})",
            hint=f"the {what} must be UTF-8",
        ) from None


# --------------------------------------------------------------------------------------------
# GSM8K


def gsm8k_final_answer(answer: str) -> str:
    """The reference number of a GSM8K solution: the text after the last ``####``.

    Thousands commas are removed (``2,125`` -> ``2125``); the text is otherwise kept as written.

    Example:
        >>> gsm8k_final_answer("48/2 = 24 clips...\\n#### 2,125")
        '2125'

    Raises:
        ValueError: there is no ``####`` or nothing after it.
    """
    _, sep, tail = answer.rpartition("####")
    if not sep:
        raise ValueError("no '####' final answer")
    final = tail.strip().replace(",", "")
    if not final:
        raise ValueError("nothing after '####'")
    return final


ReferenceKind = Literal["number", "solution", "object"]


def gsm8k_record(
    row: Mapping[str, Any],
    *,
    index: int | None = None,
    system: str | None = DEFAULT_SYSTEM_PROMPT,
    reference: ReferenceKind = "number",
) -> dict[str, Any]:
    """Turn one raw GSM8K row ``{"question", "answer"}`` into an RFT training record.

    Args:
        row: the raw row; fields other than ``question`` and ``answer`` pass through.
        index: the row's position, recorded as ``task_id`` (``gsm8k-00042``) unless the row
            has one.
        system: the system prompt, or None for none.
        reference: ``"number"`` (the final answer, e.g. ``"72"``), ``"solution"`` (the full
            solution text ending in ``#### 72``), or ``"object"`` (``{"final_answer": "72"}``).

    Raises:
        ValueError: the row lacks a question or a ``####`` answer.

    Example:
        >>> rec = gsm8k_record({"question": "2+2?", "answer": "2+2=4\\n#### 4"}, index=7)
        >>> rec["reference_answer"], rec["task_id"], rec["messages"][-1]["role"]
        ('4', 'gsm8k-00007', 'user')
    """
    question = row.get("question")
    answer = row.get("answer")
    if not isinstance(question, str) or not question.strip():
        raise ValueError("missing question")
    if not isinstance(answer, str):
        raise ValueError("missing answer")
    final = gsm8k_final_answer(answer)
    messages: list[dict[str, str]] = []
    if system:
        messages.append({"role": "system", "content": system})
    messages.append({"role": "user", "content": f"{question.strip()}\n\n{USER_INSTRUCTION}"})
    ref: Any
    if reference == "number":
        ref = final
    elif reference == "solution":
        ref = answer
    elif reference == "object":
        ref = {"final_answer": final}
    else:
        raise ValueError(f"unknown reference kind {reference!r}")
    record: dict[str, Any] = {"messages": messages, "reference_answer": ref}
    for key, value in row.items():
        if key not in {"question", "answer", "messages", "reference_answer"}:
            record[key] = value
    if index is not None and "task_id" not in record:
        record["task_id"] = f"gsm8k-{index:05d}"
    return record


def prepare_gsm8k(
    source: str | Path,
    dest: str | Path | TextIO,
    *,
    system: str | None = DEFAULT_SYSTEM_PROMPT,
    reference: ReferenceKind = "number",
    limit: int | None = None,
) -> int:
    """Convert a raw GSM8K JSONL file into RFT training JSONL; returns the record count.

    Raises:
        DatasetError: the source is unreadable or a row is not a GSM8K row (named by line).

    Example:
        >>> import io, tempfile, os
        >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        ...     _ = f.write('{"question": "2+2?", "answer": "#### 4"}\\n')
        >>> out = io.StringIO()
        >>> prepare_gsm8k(f.name, out)
        1
        >>> os.unlink(f.name)
    """
    if limit is not None and limit < 0:
        raise DatasetError(f"limit must be >= 0, got {limit}")
    records: list[str] = []
    for index, (line, row) in enumerate(read_jsonl(source, what="GSM8K file")):
        if limit is not None and index >= limit:
            break
        if not isinstance(row, dict):
            raise DatasetError(f"{source}:{line}: expected a JSON object, got {_type_name(row)}")
        try:
            record = gsm8k_record(row, index=index, system=system, reference=reference)
        except ValueError as exc:
            raise DatasetError(
                f"{source}:{line}: not a GSM8K row: {exc}",
                hint='GSM8K rows look like {"question": "...", "answer": "... #### 72"}',
            ) from None
        records.append(json.dumps(record, ensure_ascii=False))
    text = "".join(r + "\n" for r in records)
    if isinstance(dest, str | Path):
        if str(dest) == "-":
            sys.stdout.write(text)
        else:
            try:
                Path(dest).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise DatasetError(f"cannot write {dest}: {exc.strerror or exc}") from None
    else:
        dest.write(text)
    return len(records)


def check_references(
    path: str | Path, grade: Any, grader_name: str, *, probe: bool = True
) -> list[Problem]:
    """Records that give a grader nothing to compare with, as errors with line numbers.

    A record without ``reference_answer`` is graded as ``no_reference`` (score 0 with an
    error) by the harness and by a deployed bundle; with ``probe``, every other record's
    reference is shown to the grader once with an empty reply, and a reference the grader
    refuses (a :class:`~rftkit.errors.GraderError`, e.g. an object exact_match cannot read,
    a gsm8k reference that is not one number) is reported too.

    Args:
        path: the training JSONL file.
        grade: the bound grader (called with a :class:`~rftkit.rewards.types.Sample`).
        grader_name: named in each message.
        probe: call the grader (turn off for graders that cost money, such as judges).

    Example:
        >>> import tempfile, os
        >>> from rftkit.rewards.builtin.gsm8k import gsm8k
        >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        ...     _ = f.write('{"messages": [{"role": "user", "content": "hi"}]}\\n')
        ...     _ = f.write('{"messages": [], "reference_answer": "many"}\\n')
        >>> [(p.line, p.message[:30]) for p in check_references(f.name, gsm8k(), "gsm8k")]
        [(1, 'no reference_answer: gsm8k has'), (2, 'gsm8k cannot read this referen')]
        >>> os.unlink(f.name)
    """
    from rftkit.errors import GraderError
    from rftkit.rewards.types import Sample

    problems: list[Problem] = []
    for line, row in read_jsonl(path, what="training file"):
        if not isinstance(row, dict):
            continue  # validate_dataset reports it
        if "reference_answer" not in row or row["reference_answer"] is None:
            problems.append(
                Problem(
                    line,
                    f"no reference_answer: {grader_name} has nothing to compare with (every "
                    "reply to this prompt is a no_reference error, score 0)",
                    field="reference_answer",
                )
            )
            continue
        if not probe:
            continue
        ref = row["reference_answer"]
        if type(ref) is dict and len(ref) == 1 and isinstance(ref.get("text"), str):
            ref = ref["text"]  # the open-weight wrapping of a string, unwrapped as the harness does
        messages = [*(row.get("messages") or []), {"role": "assistant", "content": ""}]
        sample = Sample(f"line-{line}", messages, ref, dict(row))
        try:
            grade(sample)
        except GraderError as exc:
            problems.append(
                Problem(
                    line,
                    f"{grader_name} cannot read this reference_answer: {exc.message}",
                    field="reference_answer",
                )
            )
        except Exception:  # noqa: S112 - failing on an empty reply is no data problem
            continue
    return problems
