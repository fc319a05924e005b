"""``rftkit grade``: score one response, or a JSONL file of them, with any grader.

One response: prints the score, the extracted answer and the rule that fired, the metrics,
flags and explanation (``--json`` for one JSON object). A file (``--input``): one JSON
result per row, in input order, on stdout or ``--output``; a row that cannot be read or
graded gets a result carrying ``error`` instead of being dropped, and a summary goes to
stderr.
"""

from __future__ import annotations

import argparse
import codecs
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from rftkit.cli._common import add_config_arg, add_grader_args, choose_grader, grader_errors
from rftkit.errors import GraderError, RftkitError, UsageError
from rftkit.rewards.registry import BoundGrader, default_registry
from rftkit.rewards.types import Reward, Sample

__all__ = ["parse_reference_arg", "register"]

_EPILOG = """\
examples:
  rftkit grade --reference 72 --response $'8 * 9 = 72\\n#### 72'
  echo 'so the answer is \\boxed{72}' | rftkit grade --reference 72 --response -
  rftkit grade --grader numeric --args '{"rel_tol": 0.01}' --reference 3.1416 --response 3.14
  rftkit grade --input rows.jsonl --output results.jsonl

--input rows are JSON objects: {"response": "...", "reference": ..., "id": "..."} (id
optional; "reference_answer" is accepted for "reference"). Exit status: 0 when every row
was graded, 1 when some row has an error result, 2 on a usage error.
"""


def register(subparsers: Any) -> None:
    """Add ``rftkit grade``."""
    parser = subparsers.add_parser(
        "grade",
        help="score a response (or a JSONL file of responses) with a grader",
        description=(
            "Score a model response against a reference answer with a grader and show the\n"
            "score, the extracted answer, the extraction rule that fired and the metrics."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--grader",
        "-g",
        metavar="NAME",
        help="grader name, module:factory or path/to/file.py:factory (default: the "
        "configured grader of [tool.rftkit], else gsm8k)",
    )
    add_grader_args(parser)
    add_config_arg(parser)
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--response",
        "-r",
        metavar="TEXT",
        help="the model's response text; '-' reads it from stdin",
    )
    source.add_argument(
        "--input",
        "-i",
        metavar="ROWS.jsonl",
        help="grade every row of a JSONL file with response, reference and optional id",
    )
    parser.add_argument(
        "--reference",
        metavar="ANSWER",
        help=(
            "the reference answer (with --response): text, a number, or a JSON object such "
            'as \'{"final_answer": "72"}\''
        ),
    )
    parser.add_argument(
        "--prompt",
        metavar="TEXT",
        help="with --response: the question, sent as the user turn (graders such as gsm8k "
        "read a plain final sentence by the numbers it gives; --input rows: a 'prompt' key)",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="with --input: write the JSON results here instead of stdout",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="with --response: print one JSON object instead of the readable summary",
    )
    parser.set_defaults(func=run)


def parse_reference_arg(text: str | None) -> Any:
    """``--reference`` as given: a JSON object when it looks like one, else the text.

    Example:
        >>> parse_reference_arg('{"final_answer": "72"}')
        {'final_answer': '72'}
        >>> parse_reference_arg("72")
        '72'
    """
    if text is None:
        return None
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise UsageError(
                f"--reference looks like a JSON object but does not parse: {exc.msg}",
                hint="quote it as a JSON object, or pass the plain answer text",
            ) from None
        return value
    return text


def _load(args: argparse.Namespace) -> BoundGrader:
    choice = choose_grader(args)
    with grader_errors(choice):
        return default_registry.create(choice.ref, **choice.args)


def run(args: argparse.Namespace) -> int:
    """Entry point of ``rftkit grade``."""
    if args.input is None and args.response is None:
        raise UsageError(
            "nothing to grade",
            hint="give --response TEXT (or '-' for stdin) or --input ROWS.jsonl",
        )
    if args.input is not None:
        if args.reference is not None:
            raise UsageError(
                "--reference is for --response; --input rows carry their own reference"
            )
        if args.json:
            raise UsageError("--json is for --response; --input always writes JSON lines")
        if args.prompt is not None:
            raise UsageError("--prompt is for --response; give --input rows a 'prompt' key")
        grader = _load(args)
        return _grade_file(grader, Path(args.input), args.output)
    if args.output is not None:
        raise UsageError("--output is for --input", hint="redirect stdout instead")
    grader = _load(args)
    response = sys.stdin.read() if args.response == "-" else args.response
    sample = Sample.from_text(
        response=response, reference=parse_reference_arg(args.reference), prompt=args.prompt
    )
    try:
        reward = grader(sample)
    except GraderError as exc:
        if args.reference is None:
            # Nothing to compare with is the user's omission, not the grader's failure.
            raise UsageError(
                f"{exc.message} (no --reference given)",
                hint="pass the expected answer, e.g. --reference 72",
            ) from None
        raise
    except RecursionError:
        raise GraderError(f"grader {grader.name}: input nested too deeply") from None
    except Exception as exc:  # a user grader's bug: one error line, no traceback
        raise GraderError(
            f"grader {grader.name} raised {type(exc).__name__}: {exc}",
            hint="the harness reports such a sample as grader_exception (score 0)",
        ) from None
    if args.json:
        print(json.dumps({"grader": grader.name, **reward.to_dict()}, ensure_ascii=False))
    else:
        _print_reward(grader, reward, sys.stdout)
    return 0


def _print_reward(grader: BoundGrader, reward: Reward, out: TextIO) -> None:
    answer = "-" if reward.answer is None else reward.answer
    if len(answer) > 200:
        answer = answer[:200] + "..."
    print(f"grader:      {grader.name}", file=out)
    print(f"score:       {reward.score:g}", file=out)
    print(f"answer:      {answer}", file=out)
    print(f"rule:        {reward.rule or '-'}", file=out)
    if reward.metrics:
        width = max(len(m.name) for m in reward.metrics)
        print("metrics:", file=out)
        for m in reward.metrics:
            print(f"  {m.name:<{width}}  {m.value:g}  ({m.type})", file=out)
    print(f"errors:      {', '.join(reward.errors) or '-'}", file=out)
    print(f"explanation: {reward.explanation or '-'}", file=out)


_NOT_UTF8 = "not UTF-8 text"


def _check_text_file(path: Path) -> None:
    """Refuse a file that is not text at all (one error, as the other commands give)."""
    if path.is_dir():
        raise UsageError(f"{path} is a directory, not a JSONL file")
    if not path.exists():
        raise UsageError(f"no such input file: {path}")
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    first = head.split(b"\n", 1)[0]
    try:
        # Incremental: a character cut at the 8 KB boundary is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(first, final=False)
        binary = b"\x00" in head
    except UnicodeDecodeError:
        binary = True
    if binary:
        raise UsageError(
            f"{path}: {_NOT_UTF8} (a binary file?)",
            hint="--input takes JSONL: one JSON object per line, UTF-8",
        )


def _rows(path: Path) -> Iterator[tuple[int, str | None]]:
    """``(line number, text)`` of every non-blank line; text is None when not UTF-8."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        for number, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, None
                continue
            if line.strip():
                yield number, line


def _error_result(number: int, row_id: Any, flag: str, message: str) -> dict[str, Any]:
    """A result for a row that could not be graded: same keys as a graded row."""
    return {
        "line": number,
        "id": row_id,
        "score": None,
        "metrics": [],
        "answer": None,
        "rule": None,
        "errors": [flag],
        "explanation": "",
        "error": message,
    }


def _grade_row(grader: BoundGrader, number: int, line: str | None) -> dict[str, Any]:
    if line is None:
        return _error_result(number, None, "bad_row", _NOT_UTF8)
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error_result(number, None, "bad_row", f"not valid JSON: {exc.msg}")
    except RecursionError:
        return _error_result(number, None, "bad_row", "JSON nested too deeply to read")
    if not isinstance(row, dict):
        message = f"a row must be a JSON object, not {type(row).__name__}"
        return _error_result(number, None, "bad_row", message)
    raw_id = row.get("id")
    row_id = raw_id if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else None
    response = row.get("response")
    if not isinstance(response, str):
        return _error_result(number, row_id, "bad_row", "the row has no 'response' string")
    reference = row.get("reference", row.get("reference_answer"))
    sample_id = str(row_id) if row_id is not None else f"line-{number}"
    prompt = row.get("prompt")
    if prompt is not None and not isinstance(prompt, str):
        return _error_result(number, row_id, "bad_row", "the row's 'prompt' must be a string")
    sample = Sample.from_text(response=response, reference=reference, id=sample_id, prompt=prompt)
    try:
        reward = grader(sample)
    except RftkitError as exc:
        return _error_result(number, row_id, "grader_error", exc.message)
    except RecursionError:
        return _error_result(number, row_id, "grader_error", "input nested too deeply")
    except Exception as exc:  # a user grader's bug must not lose the row
        return _error_result(number, row_id, "grader_error", f"{type(exc).__name__}: {exc}")
    return {"line": number, "id": row_id, **reward.to_dict(), "error": None}


def _grade_file(grader: BoundGrader, path: Path, output: str | None) -> int:
    _check_text_file(path)
    out: TextIO
    if output:
        target = Path(output)
        if target.is_dir():
            raise UsageError(f"--output {output} is a directory", hint="name a file to write")
        try:
            out = target.open("w", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        out = sys.stdout
    n = failed = 0
    total = 0.0
    try:
        for number, line in _rows(path):
            result = _grade_row(grader, number, line)
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            n += 1
            if result["error"] is not None:
                failed += 1
            else:
                total += result["score"]
    finally:
        if output:
            out.close()
    graded = n - failed
    mean = f"{total / graded:.4f}" if graded else "-"
    print(
        f"graded {graded} of {n} rows with {grader.name}; mean score {mean}"
        + (f"; {failed} rows have an error result" if failed else ""),
        file=sys.stderr,
    )
    return 1 if failed else 0
