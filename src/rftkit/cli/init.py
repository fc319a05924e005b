"""``rftkit init DIR``: scaffold a custom-grader project that tests and deploys out of the box.

The project holds one package with an example grader (``from rftkit import grader``), the
entry point that publishes it in the ``rftkit.graders`` group, tests that pass right away
(``pytest`` finds the package through ``pythonpath = ["src"]``, no install needed), and a
``[tool.rftkit]`` table so that ``rftkit deploy`` needs no flags once the project is installed.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from pathlib import Path
from typing import Any

from rftkit.errors import UsageError

__all__ = ["ScaffoldNames", "register", "run", "scaffold", "scaffold_names"]

_PYPROJECT = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "__DIST__"
version = "0.1.0"
description = "Reward graders for Amazon Bedrock reinforcement fine-tuning, built with rftkit"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["rftkit"]

[project.optional-dependencies]
test = ["pytest>=8"]

# Publishes the grader: once this project is installed, `rftkit graders list` shows it and
# every rftkit command accepts its name.
[project.entry-points."rftkit.graders"]
"__GRADER__" = "__PKG__.graders:answer_match"

[tool.setuptools.packages.find]
where = ["src"]

[tool.pytest.ini_options]
pythonpath = ["src"]
testpaths = ["tests"]

# `rftkit deploy` reads these; command-line flags override them.
[tool.rftkit]
grader = "__GRADER__"
args = { marker = "####" }

[tool.rftkit.build]
python = "3.12"
arch = "x86_64"

[tool.rftkit.deploy]
function_name = "__FUNCTION__"
__REGION__memory = 512
timeout = 300
alias = "live"
"""

_INIT = '''\
"""__DIST__: reward graders for Amazon Bedrock reinforcement fine-tuning."""

from __PKG__.graders import answer_match

__all__ = ["answer_match"]
'''

_GRADERS = '''\
"""Reward graders of __DIST__.

A grader is a *factory*: a function whose keyword arguments are JSON values and which returns
a function scoring one sample. ``@grader`` records the arguments, so the deployed Lambda runs
the grader configured exactly as it was tested. The reply being scored is model output:
treat it as untrusted text (bounded, parsed without eval or backtracking regexes).
"""

from __future__ import annotations

from collections.abc import Callable

from rftkit import Metric, Reward, Sample, grader

MAX_REPLY_CHARS = 20_000
"""Only the end of a longer reply is read: the answer comes last, and the work stays bounded."""


def reference_text(reference: object) -> str | None:
    """The reference answer as text.

    Accepts a string or a number, a dict with ``final_answer``, ``text`` or ``answer``, and a
    GSM8K solution ending in ``#### <answer>``.
    """
    if isinstance(reference, dict):
        for key in ("final_answer", "text", "answer"):
            if key in reference:
                return reference_text(reference[key])
        return None
    if isinstance(reference, bool) or not isinstance(reference, str | int | float):
        return None
    text = str(reference)
    _, sep, tail = text.rpartition("####")
    return (tail if sep else text).strip()


def normalise(text: str) -> str:
    """Compare answers loosely: case, spacing, thousands commas and a final period."""
    return " ".join(text.replace(",", "").split()).rstrip(".").lower()


@grader(name="__GRADER__")
def answer_match(marker: str = "####") -> Callable[[Sample], Reward]:
    """Full reward when the text after the last marker equals the reference answer."""
    if not marker:
        raise ValueError("marker must not be empty")

    def score(sample: Sample) -> Reward:
        reply = sample.completion[-MAX_REPLY_CHARS:]
        _, found, tail = reply.rpartition(marker)
        lines = tail.strip().splitlines()
        answer = lines[0].strip() if found and lines else ""
        expected = reference_text(sample.reference)
        correct = bool(answer) and expected is not None and normalise(answer) == normalise(expected)
        errors: tuple[str, ...] = ()
        if not answer:
            errors = ("no_answer",)
        elif expected is None:
            errors = ("no_reference",)
        return Reward(
            float(correct),
            metrics=(
                Metric("correct", float(correct), "Reward"),
                Metric("has_answer", float(bool(answer)), "Metric"),
            ),
            answer=answer or None,
            rule="marker" if answer else None,
            errors=errors,
        )

    return score
'''

_TESTS = '''\
"""Tests of the example grader: run `pytest` in the project directory."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from rftkit import Sample, load_spec
from rftkit.harness.handler import make_handler

from __PKG__.graders import answer_match

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("reply", "reference", "score"),
    [
        ("3 * 12 = 36 eggs.\\n#### 36", "36", 1.0),
        ("#### 36.", "36", 1.0),
        ("#### 1,000", "1000", 1.0),
        ("#### 35", "36", 0.0),
        ("The answer is 36", "36", 0.0),
        ("#### 36", {"final_answer": "36"}, 1.0),
        ("#### 72", "48 + 24 = 72 clips.\\n#### 72", 1.0),
        ("#### 36", None, 0.0),
    ],
)
def test_answer_match_scores_the_final_answer(reply: str, reference: object, score: float) -> None:
    reward = answer_match()(Sample.from_text(response=reply, reference=reference))
    assert reward.score == score


def test_reply_without_the_marker_is_flagged() -> None:
    reward = answer_match()(Sample.from_text(response="I think 36", reference="36"))
    assert reward.errors == ("no_answer",)


def test_marker_is_configurable() -> None:
    reward = answer_match(marker="Answer:")(Sample.from_text("Answer: 7", reference="7"))
    assert reward.score == 1.0


def test_spec_recreates_the_grader_as_configured() -> None:
    configured = answer_match(marker="Answer:")
    again = load_spec(configured.spec)
    assert again(Sample.from_text("Answer: 7", reference="7")).score == 1.0


def test_bedrock_event_is_scored_by_the_lambda_handler() -> None:
    event = [
        {
            "id": "rollout-1",
            "messages": [
                {"role": "user", "content": "What is 6 * 7? End with '#### <n>'."},
                {"role": "assistant", "content": "6 * 7 = 42\\n#### 42"},
            ],
            "metadata": {"reference_answer": {"final_answer": "42"}},
        }
    ]
    handler = make_handler(answer_match(), log_sink=lambda line: None)
    [result] = handler(event, None)
    assert (result["id"], result["aggregate_reward_score"]) == ("rollout-1", 1.0)


def test_entry_point_and_deploy_config_name_the_same_grader() -> None:
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = pyproject["project"]["entry-points"]["rftkit.graders"]
    name = pyproject["tool"]["rftkit"]["grader"]
    assert entry_points[name] == "__PKG__.graders:answer_match"
    assert answer_match.name == name
'''

_README = """\
# __DIST__

Reward graders for Amazon Bedrock reinforcement fine-tuning, built with
[rftkit](https://pypi.org/project/rftkit/).

```console
pytest                               # the tests pass straight away
pip install -e '.[test]'             # publishes the grader through its entry point
rftkit graders list                  # shows __GRADER__
rftkit deploy --dry-run --region us-east-1    # what a deploy would change (needs AWS credentials)
rftkit deploy --region us-east-1     # build, deploy, smoke-test; prints the ARN for Bedrock
```

The grader lives in `src/__PKG__/graders.py`; its deploy settings in `[tool.rftkit]` of
`pyproject.toml` (flags given to `rftkit deploy` override them).
"""

_GITIGNORE = """\
__pycache__/
*.egg-info/
.pytest_cache/
dist/
build/
.venv/
"""


class ScaffoldNames:
    """The names a scaffold uses, derived from its directory.

    Example:
        >>> n = scaffold_names(Path("My Graders"))
        >>> n.dist, n.package, n.grader, n.function_name
        ('my-graders', 'my_graders', 'my_graders.answer_match', 'my-graders-grader')
    """

    def __init__(self, dist: str, package: str, function_name: str) -> None:
        self.dist = dist
        self.package = package
        self.grader = f"{package}.answer_match"
        self.function_name = function_name


def scaffold_names(directory: Path, package: str | None = None) -> ScaffoldNames:
    """Distribution, package, grader and function names for a project in ``directory``.

    Raises:
        UsageError: no valid Python package name can be made (pass ``package``).
    """
    base = directory.resolve().name if directory.name in ("", ".", "..") else directory.name
    dist = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "graders"
    if package is None:
        package = re.sub(r"[^a-z0-9]+", "_", base.lower()).strip("_") or "graders"
        if package[0].isdigit():
            package = f"graders_{package}"
    if not package.isidentifier() or keyword.iskeyword(package) or not package.isascii():
        raise UsageError(
            f"{package!r} is not a valid Python package name", hint="pass --package NAME"
        )
    function_name = f"{dist}-grader"[:64].strip("-")
    return ScaffoldNames(dist, package, function_name)


def _render(template: str, names: ScaffoldNames, region: str | None) -> str:
    return (
        template.replace("__DIST__", names.dist)
        .replace("__PKG__", names.package)
        .replace("__GRADER__", names.grader)
        .replace("__FUNCTION__", names.function_name)
        .replace("__REGION__", f'region = "{region}"\n' if region else '# region = "us-east-1"\n')
    )


def scaffold(
    directory: Path,
    *,
    package: str | None = None,
    region: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Write a custom-grader project into ``directory``; returns the files written.

    Args:
        directory: the project directory (created when missing).
        package: the Python package name (default: from the directory's name).
        region: an AWS region for the deploy configuration.
        force: overwrite files the scaffold would write.

    Raises:
        UsageError: a file would be overwritten without ``force``, or a bad name.

    Example:
        >>> import tempfile
        >>> files = scaffold(Path(tempfile.mkdtemp()) / "demo")
        >>> sorted(p.name for p in files)[:3]
        ['.gitignore', 'README.md', '__init__.py']
    """
    names = scaffold_names(directory, package)
    if region is not None and not re.fullmatch(r"[a-z]{2}(-gov)?-[a-z]+-\d", region):
        raise UsageError(f"{region!r} is not an AWS region name", hint="e.g. us-east-1")
    files = {
        Path("pyproject.toml"): _PYPROJECT,
        Path("README.md"): _README,
        Path(".gitignore"): _GITIGNORE,
        Path("src", names.package, "__init__.py"): _INIT,
        Path("src", names.package, "graders.py"): _GRADERS,
        Path("tests", "test_graders.py"): _TESTS,
    }
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a directory")
    existing = [rel for rel in files if (directory / rel).exists()]
    if existing and not force:
        raise UsageError(
            f"{directory} already has {', '.join(str(p) for p in existing)}",
            hint="pick an empty directory, or pass --force to overwrite those files",
        )
    written = []
    for rel, template in files.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_render(template, names, region), encoding="utf-8")
        written.append(path)
    return written


def register(subparsers: Any) -> None:
    """Add the ``init`` command."""
    p = subparsers.add_parser(
        "init",
        help="scaffold a custom-grader project",
        description=(
            "Create a project with one example grader (a package under src/), its\n"
            "rftkit.graders entry point, tests that pass right away, and the [tool.rftkit]\n"
            "deploy configuration."
        ),
        epilog="example:\n  rftkit init my-graders && cd my-graders && pytest",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("directory", type=Path, metavar="DIR", help="the project directory")
    p.add_argument(
        "--package",
        metavar="NAME",
        help="the Python package name (default: from DIR, e.g. my-graders -> my_graders)",
    )
    p.add_argument("--region", metavar="R", help="AWS region written into the deploy config")
    p.add_argument(
        "--force", action="store_true", help="overwrite files the scaffold writes if they exist"
    )
    p.set_defaults(func=run)


def run(ns: argparse.Namespace) -> int:
    """Run ``rftkit init``."""
    directory: Path = ns.directory
    written = scaffold(directory, package=ns.package, region=ns.region, force=ns.force)
    names = scaffold_names(directory, ns.package)
    for path in written:
        print(f"created {path}")
    region_note = (
        f"region {ns.region} is in pyproject.toml"
        if ns.region
        else "the region: --region, or region in [tool.rftkit.deploy] of pyproject.toml"
    )
    print(
        f"\nnext steps:\n"
        f"  cd {directory}\n"
        f"  pytest                      # the example grader's tests pass\n"
        f"  pip install -e .            # publishes {names.grader} (entry point)\n"
        f"  rftkit deploy --dry-run{'' if ns.region else ' --region us-east-1'}"
        f"     # the deploy plan for {names.function_name}\n"
        f"  (a dry run reads the function's current state: it needs AWS credentials, e.g.\n"
        f"  AWS_PROFILE or `aws configure`; {region_note})",
        file=sys.stdout,
    )
    return 0
