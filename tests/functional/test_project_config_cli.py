"""Every command that takes a grader reads [tool.rftkit] / rftkit.toml the same way (issue 13).

Flags override the file; the configured arguments follow the configured grader only; a
grader file inside a package is built as ``pkg.mod:factory`` when the package imports, and
gets that hint when it does not.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from rftkit.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "src" / "rftkit" / "data" / "gsm8k"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project configuring `numeric` with a tolerance that pays 71 for 72."""
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """\
            [project]
            name = "p"
            version = "0"

            [tool.rftkit]
            grader = "numeric"
            args = { abs_tol = 1.5 }
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_grade_uses_the_configured_grader_and_its_args(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "grade", "--response", "#### 71", "--reference", "72", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["grader"], result["score"]) == ("numeric", 1.0)


@pytest.mark.parametrize(
    ("flags", "grader", "score"),
    [
        (["--arg", "abs_tol=0"], "numeric", 0.0),  # a pair overrides one configured key
        (["--args", "{}"], "numeric", 0.0),  # --args replaces the configured arguments
        (["--grader", "gsm8k"], "gsm8k", 0.0),  # another grader: the args do not follow it
        (["--grader", "numeric"], "numeric", 1.0),  # the configured one keeps its args
    ],
)
def test_flags_override_the_configuration(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    flags: list[str],
    grader: str,
    score: float,
) -> None:
    argv = ["grade", "--response", "#### 71", "--reference", "72", "--json", *flags]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    result = json.loads(out)
    assert (result["grader"], result["score"]) == (grader, score)


def test_no_configuration_means_gsm8k(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "grade", "--response", "#### 71", "--reference", "72", "--json")
    assert (code, json.loads(out)["grader"]) == (0, "gsm8k")


def test_harness_run_and_audit_use_the_configured_grader(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--dataset", str(DATA / "test_sample.jsonl")]
    code, out, err = run(
        capsys, "harness", "run", *data, "--responses", str(DATA / "responses.jsonl"), "--json"
    )
    assert code == 0, err
    assert json.loads(out)["grader"] == "numeric"
    code, out, err = run(capsys, "audit", *data, "--limit", "2", "--json", "--no-progress")
    assert code in (0, 1), err
    assert json.loads(out)["grader"] == "numeric"


def test_a_bad_configuration_is_one_error_for_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "rftkit.toml").write_text('grader = "numeric"\nargz = 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for argv in (
        ["grade", "--response", "1", "--reference", "1"],
        ["build"],
        [
            "harness",
            "run",
            "--dataset",
            str(DATA / "test_sample.jsonl"),
            "--responses",
            str(DATA / "responses.jsonl"),
        ],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2, (argv, err)
        assert [line for line in err.splitlines() if line.startswith("error:")] == [
            f"error: {tmp_path / 'rftkit.toml'}: argz: unknown key"
        ], argv


# -- a grader file that belongs to a package ----------------------------------------------------

GRADERS = """\
from rftkit import grader

from shop.helpers import MARK


@grader
def tagged():
    return lambda sample: float(sample.completion.startswith(MARK))
"""


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    src = tmp_path / "src" / "shop"
    src.mkdir(parents=True)
    (src / "__init__.py").write_text("", encoding="utf-8")
    (src / "helpers.py").write_text('MARK = "ok"\n', encoding="utf-8")
    (src / "graders.py").write_text(GRADERS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_package_file_outside_the_path_gets_the_module_form_hint(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "build", "--grader", "src/shop/graders.py:tagged")
    assert code == 2
    assert "hint: src/shop/graders.py belongs to the package shop: use --grader " in err
    assert "shop.graders:tagged" in err and "PYTHONPATH=src" in err
    assert "--requirement" not in err
    assert "Traceback" not in err


def test_a_package_file_on_the_path_builds_as_its_module(
    package: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(package / "src"))
    for name in [m for m in sys.modules if m == "shop" or m.startswith("shop.")]:
        monkeypatch.delitem(sys.modules, name)
    code, out, err = run(
        capsys, "build", "--grader", "src/shop/graders.py:tagged", "--json", "--no-import-check"
    )
    assert code == 0, err
    built = json.loads(out)
    assert built["spec"]["target"] == "shop.graders:tagged"
    code, out, err = run(
        capsys, "grade", "--grader", "src/shop/graders.py:tagged", "--response", "ok", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["score"] == 1.0


def test_a_missing_dependency_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 12: the grader imports a module here that the bundle would not contain."""
    (tmp_path / "helper_mod_i13.py").write_text("V = 1\n", encoding="utf-8")
    (tmp_path / "g.py").write_text(
        "from rftkit import grader\nimport helper_mod_i13\n\n\n@grader\ndef g():\n"
        "    return lambda s: float(helper_mod_i13.V)\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    code, _, err = run(capsys, "build", "--grader", "g.py:g", "--no-import-check")
    assert code == 2, err
    (line,) = [x for x in err.splitlines() if x.startswith("error: ")]
    assert line.startswith("error: missing dependency:") and "helper_mod_i13" in line
    assert "Traceback" not in err


def test_build_and_deploy_resolve_one_configuration_alike(tmp_path: Path) -> None:
    """Every input of the zip comes out the same for `build` and `deploy` (same CodeSha256)."""
    from rftkit.cli.build import resolve_build
    from rftkit.cli.deploy import resolve_settings
    from rftkit.cli.main import build_parser
    from rftkit.packaging.config import load_config

    config = tmp_path / "rftkit.toml"
    config.write_text(
        textwrap.dedent(
            """\
            grader = "numeric"
            args = { abs_tol = 1.5 }

            [build]
            python = "3.13"
            arch = "arm64"
            out_dir = "out"
            requirements = ["six==1.16.0"]
            package_data = ["data/*.json"]

            [deploy]
            function_name = "f"
            """
        ),
        encoding="utf-8",
    )
    loaded = load_config(config)
    parser = build_parser()
    built = resolve_build(parser.parse_args(["build"]), loaded)
    deployed = resolve_settings(parser.parse_args(["deploy"]), loaded)
    fields = ("grader", "args", "python", "arch", "out_dir", "requirements", "package_data")
    assert {f: getattr(built, f) for f in fields} == {f: getattr(deployed, f) for f in fields}
    assert built.package_data == ("data/*.json",)
    assert built.out_dir == tmp_path / "out"
    flags = ["--package-data", "x/*", "--requirement", "attrs==23.1.0"]
    overridden = resolve_build(parser.parse_args(["build", *flags]), loaded)
    assert overridden.package_data == ("x/*",)
    assert overridden.requirements == ("six==1.16.0", "attrs==23.1.0")
