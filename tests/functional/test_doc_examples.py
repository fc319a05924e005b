"""Every fenced example of README.md and docs/*.md runs as a user would copy it (issue 19).

* ```python blocks are executed (blocks holding ``>>>`` run as doctests), each in a fresh
  namespace, in a scratch directory.
* ```console / ```bash / ```sh blocks: every line starting with ``rftkit`` (in a transcript
  with ``$`` prompts, every ``$ rftkit`` line) is run in-process through ``main(argv)``
  after ``VAR=value`` lines of the block are expanded; lines that are not commands (output,
  other tools) are not run. A command passes
  unless it is refused as written: exit status 2 (a usage or input error) or a traceback.
  Exit 1 is allowed: several examples show a failing check on purpose.
* The scratch directory holds what the examples name: ``src`` (the package's bundled data),
  ``train.jsonl`` (raw GSM8K rows), ``rft-train.jsonl`` (prepared), ``out.jsonl`` and
  ``responses.jsonl`` (the bundled replies), ``rows.jsonl`` (one ``grade --input`` row);
  ``$D`` is the bundled data directory.
* A block that cannot run here is marked in the doc itself with an HTML comment on a line
  before its fence: ``<!-- not-tested: why -->``. A block with a command that would reach AWS
  or a model endpoint (deploy, job, chat, --function-name) must carry that marker: the test
  fails otherwise, so nothing here can reach the network.

The collector reads whatever the docs hold at test time, so a doc another change edits is
checked as it stands; a fence without a language is output and is not run.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from rftkit.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DATA = ROOT / "src" / "rftkit" / "data" / "gsm8k"
MARKER = re.compile(r"<!--\s*not-tested:\s*(.+?)\s*-->")
FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
SHELL = {"console", "bash", "sh", "shell"}
# Commands that reach AWS or a model endpoint, or never return (a server): never run here.
NEEDS_AWS = re.compile(
    r"^rftkit (deploy|job|chat|serve)\b|--function-name|^rftkit (audit|harness run) .*--region"
)


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    lang: str
    text: str
    skip: str | None

    @property
    def id(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def collect(path: Path) -> list[Block]:
    """The fenced blocks of one Markdown file, with the not-tested marker before each."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lang = m.group(1), m.group(2).lower()
        start = i
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        i += 1  # the closing fence
        skip = None
        j = start - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        if j >= 0 and (found := MARKER.search(lines[j])):
            skip = found.group(1)
        blocks.append(Block(path, start + 1, lang, "\n".join(body) + "\n", skip))
    return blocks


BLOCKS = [b for path in DOCS for b in collect(path) if b.lang in SHELL | {"python", "py"}]


def test_the_collector_finds_the_examples() -> None:
    assert len([b for b in BLOCKS if b.lang == "python"]) >= 5
    assert len([b for b in BLOCKS if b.lang in SHELL]) >= 10
    sample = "text\n\n<!-- not-tested: needs AWS -->\n```console\nrftkit deploy\n```\n"
    assert [(b.lang, b.skip) for b in _collect_text(sample)] == [("console", "needs AWS")]


def _collect_text(text: str) -> list[Block]:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.md"
        p.write_text(text, encoding="utf-8")
        return [Block(ROOT / "x.md", b.line, b.lang, b.text, b.skip) for b in collect(p)]


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "src").symlink_to(ROOT / "src")
    shutil.copy(DATA / "test_sample.jsonl", tmp_path / "train.jsonl")
    shutil.copy(DATA / "responses.jsonl", tmp_path / "out.jsonl")
    shutil.copy(DATA / "responses.jsonl", tmp_path / "responses.jsonl")
    (tmp_path / "rows.jsonl").write_text(
        '{"id": "a", "response": "#### 72", "reference": "72"}\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["data", "prepare", "gsm8k", "train.jsonl", "rft-train.jsonl"]) == 0
    monkeypatch.setenv("D", "src/rftkit/data/gsm8k")
    # Nothing below may reach a network: any AWS or OpenAI client points at a closed port.
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("RFTKIT_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    return tmp_path


def _commands(text: str) -> list[str]:
    """The ``rftkit`` command lines of a shell block, continuations joined, comments cut."""
    joined: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        joined.append(pending + line)
        pending = ""
    out: list[str] = []
    prompted = any(line.lstrip().startswith("$ ") for line in joined)
    for line in joined:
        s = line.strip()
        if prompted:  # a transcript: only the "$ " lines are commands, the rest is output
            if not s.startswith("$ "):
                continue
            s = s[2:]
        if re.match(r"^[A-Z_][A-Z0-9_]*=\S+(\s+#.*)?$", s):
            name, value = s.split("#", 1)[0].strip().split("=", 1)
            os.environ[name] = value
            continue
        if s.startswith("rftkit "):
            out.append(s)
    return out


def _argv(command: str) -> list[str]:
    words = shlex.split(command, comments=True)
    return [os.path.expandvars(w) for w in words[1:]]


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_doc_example_runs(block: Block, scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if block.lang in SHELL:
        commands = _commands(block.text)
        reaching = [c for c in commands if NEEDS_AWS.search(c)]
        if block.skip is None:
            assert not reaching, (
                f"{block.id}: {reaching[0]!r} would reach AWS: put "
                "'<!-- not-tested: needs AWS -->' on a line before the block"
            )
    if block.skip is not None:
        pytest.skip(f"{block.id}: not-tested: {block.skip}")
    if block.lang in SHELL:
        for command in commands:
            if any(op in command for op in ("|", ">", "<", "&&", ";")):
                continue  # shell syntax, not one command: not run here
            status = main(_argv(command))
            _, err = capsys.readouterr()
            assert "Traceback" not in err, f"{block.id}: {command}\n{err}"
            assert status in (0, 1), f"{block.id}: {command} -> exit {status}\n{err}"
        return
    if ">>>" in block.text:
        parser = doctest.DocTestParser()
        test = parser.get_doctest(block.text, {}, block.id, str(block.path), block.line)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        out = io.StringIO()
        runner.run(test, out=out.write)
        assert runner.failures == 0, out.getvalue()
        return
    namespace: dict[str, object] = {"__name__": "__doc_example__"}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(block.text, block.id, "exec"), namespace)  # the docs' own code
    except Exception:
        pytest.fail(f"{block.id} raised:\n{traceback.format_exc()}")
