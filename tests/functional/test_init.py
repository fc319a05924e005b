"""`rftkit init`: the scaffold's files, names, entry point, config, and its own tests."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from rftkit.cli.init import scaffold, scaffold_names
from rftkit.errors import UsageError
from rftkit.packaging.config import load_config
from rftkit.rewards.registry import GraderFactory, GraderRegistry


@pytest.fixture
def project(tmp_path: Path) -> Path:
    directory = tmp_path / "my-graders"
    scaffold(directory)
    return directory


def test_scaffold_writes_package_tests_and_config(project: Path) -> None:
    files = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
    assert files == [
        ".gitignore",
        "README.md",
        "pyproject.toml",
        "src/my_graders/__init__.py",
        "src/my_graders/graders.py",
        "tests/test_graders.py",
    ]


def test_example_grader_uses_the_public_decorator(project: Path) -> None:
    source = (project / "src/my_graders/graders.py").read_text(encoding="utf-8")
    assert "from rftkit import Metric, Reward, Sample, grader" in source
    assert '@grader(name="my_graders.answer_match")' in source


@pytest.fixture
def importable(project: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The scaffold's package importable from its src/ (as pytest's pythonpath makes it)."""
    monkeypatch.syspath_prepend(str(project / "src"))
    yield project
    for name in [m for m in sys.modules if m == "my_graders" or m.startswith("my_graders.")]:
        del sys.modules[name]


def test_entry_point_names_the_example_grader_factory(importable: Path) -> None:
    pyproject = tomllib.loads((importable / "pyproject.toml").read_text(encoding="utf-8"))
    [(name, target)] = pyproject["project"]["entry-points"]["rftkit.graders"].items()
    module, _, attr = target.partition(":")
    factory = getattr(importlib.import_module(module), attr)
    assert isinstance(factory, GraderFactory)
    assert (name, factory.name) == ("my_graders.answer_match", "my_graders.answer_match")


def test_example_grader_loads_through_a_registry_by_its_target(importable: Path) -> None:
    from rftkit import Sample

    grader = GraderRegistry(entry_points=False).create("my_graders.graders:answer_match")
    assert grader(Sample.from_text("so 6 * 7 = 42\n#### 42", reference="42")).score == 1.0


def test_deploy_config_is_valid_and_names_the_published_grader(project: Path) -> None:
    cfg = load_config(start=project).config
    assert cfg.grader == "my_graders.answer_match"
    assert cfg.args == {"marker": "####"}
    assert cfg.deploy.function_name == "my-graders-grader"
    assert cfg.deploy.region is None


def test_region_is_written_into_the_deploy_config(tmp_path: Path) -> None:
    scaffold(tmp_path / "p", region="eu-west-1")
    assert load_config(start=tmp_path / "p").config.deploy.region == "eu-west-1"


def test_bad_region_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not an AWS region"):
        scaffold(tmp_path / "p", region="moon")


def test_existing_files_are_not_overwritten_without_force(project: Path) -> None:
    (project / "README.md").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="already has") as info:
        scaffold(project)
    assert info.value.hint is not None
    assert "--force" in info.value.hint
    assert (project / "README.md").read_text(encoding="utf-8") == "mine"


def test_force_rewrites_the_scaffold_files(project: Path) -> None:
    (project / "README.md").write_text("mine", encoding="utf-8")
    scaffold(project, force=True)
    assert (project / "README.md").read_text(encoding="utf-8") != "mine"


def test_a_non_empty_directory_without_conflicts_is_fine(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep", encoding="utf-8")
    scaffold(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize(
    ("directory", "package", "dist", "pkg", "function"),
    [
        ("my-graders", None, "my-graders", "my_graders", "my-graders-grader"),
        ("My Graders", None, "my-graders", "my_graders", "my-graders-grader"),
        ("2024_rft", None, "2024-rft", "graders_2024_rft", "2024-rft-grader"),
        ("x", "custom_pkg", "x", "custom_pkg", "x-grader"),
        ("___", None, "graders", "graders", "graders-grader"),
    ],
)
def test_names_are_derived_from_the_directory(
    directory: str, package: str | None, dist: str, pkg: str, function: str
) -> None:
    names = scaffold_names(Path(directory), package)
    assert (names.dist, names.package, names.function_name) == (dist, pkg, function)
    assert names.grader == f"{pkg}.answer_match"


@pytest.mark.parametrize("package", ["class", "has-dash", "1abc", "é"])
def test_invalid_package_names_are_usage_errors(package: str) -> None:
    with pytest.raises(UsageError, match="not a valid Python package name"):
        scaffold_names(Path("p"), package)


def test_function_name_fits_lambda_limit() -> None:
    assert len(scaffold_names(Path("x" * 80)).function_name) <= 64


@pytest.mark.slow
def test_scaffold_tests_pass_right_after_init(project: Path) -> None:
    # pytest in a fresh interpreter, in the scaffold's directory, with nothing installed:
    # the scaffold's own pyproject puts src/ on the path.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed" in done.stdout
    assert "failed" not in done.stdout


def test_cli_init_lists_the_files_and_the_next_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rftkit.cli.main import main

    assert main(["init", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    assert f"created {tmp_path / 'demo' / 'pyproject.toml'}" in out
    assert "pip install -e ." in out
    assert "rftkit deploy --dry-run" in out


def test_cli_init_into_a_used_directory_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rftkit.cli.main import main

    assert main(["init", str(project)]) == 2
    assert "error: " in capsys.readouterr().err
