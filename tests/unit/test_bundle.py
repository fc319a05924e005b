"""Building Lambda bundles: contents, determinism, and the pre-ship checks."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit.cli.main import main
from rftkit.errors import BuildError, GraderNotFoundError, RuntimeClientError, UsageError
from rftkit.harness.runtime import find_interpreter
from rftkit.packaging.bundle import (
    ZIP_EPOCH,
    BundleResult,
    build_bundle,
    check_shared_objects,
    write_deterministic_zip,
)
from rftkit.packaging.bundle import build as bundle_build
from rftkit.packaging.bundle import bytecode as bundle_bytecode
from rftkit.packaging.bundle import checks as bundle_checks
from rftkit.rewards.registry import GraderRegistry
from tests.conftest import need_python

GRADER_FILE = '''
from rftkit import grader

@grader(name="has_word")
def has_word(word: str = "yes"):
    """Full reward when the reply contains a word."""
    return lambda sample: float(word in sample.completion)
'''


def _elf(machine: int, *, bits: int = 2, endian: int = 1) -> bytes:
    """The first bytes of an ELF shared object for ``machine`` (e_machine)."""
    return (
        bytes([0x7F, 0x45, 0x4C, 0x46, bits, endian, 1, 0])
        + bytes(10)
        + machine.to_bytes(2, "little")
        + bytes(44)
    )


@pytest.fixture
def grader_file(tmp_path: Path) -> Path:
    path = tmp_path / "wordgrader.py"
    path.write_text(GRADER_FILE)
    return path


def _build(target: str, out: Path, registry: GraderRegistry, **kwargs: object) -> BundleResult:
    # Both the import check and bytecode start the target interpreter: slow tests turn them on.
    kwargs.setdefault("check_import", False)
    kwargs.setdefault("bytecode", False)
    return build_bundle(target, out_dir=out, registry=registry, **kwargs)  # type: ignore[arg-type]


def _names(result: BundleResult) -> list[str]:
    with zipfile.ZipFile(result.path) as zf:
        return zf.namelist()


# -- contents -------------------------------------------------------------------------------------


def test_file_grader_is_copied_and_its_target_rewritten(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _build(f"{grader_file}:has_word", tmp_path / "dist", registry, args={"word": "ok"})
    assert result.spec.target == "wordgrader:has_word"
    assert result.spec.args == {"word": "ok"}
    assert "wordgrader.py" in _names(result)


def test_manifest_records_spec_and_target(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _build(f"{grader_file}:has_word", tmp_path, registry, python="3.13", arch="arm64")
    with zipfile.ZipFile(result.path) as zf:
        record = json.loads(zf.read("rftkit_grader.json"))
    assert record["spec"] == result.spec.to_dict()
    assert (record["python"], record["arch"], record["handler"]) == (
        "3.13",
        "arm64",
        "rftkit.harness.lambda_entry.handler",
    )
    assert result.path.name == "has_word-py3.13-arm64.zip"


JUDGE_MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
JUDGE_ARN = f"arn:aws:bedrock:us-east-1::foundation-model/{JUDGE_MODEL}"


def test_judge_bundle_records_its_iam_statements_in_result_and_zip(
    tmp_path: Path, registry: GraderRegistry
) -> None:
    args = {"model_id": JUDGE_MODEL, "region": "us-east-1"}
    result = _build("judge", tmp_path, registry, args=args)
    assert result.iam_statements is not None
    assert result.iam_statements[0]["Resource"] == [JUDGE_ARN]
    with zipfile.ZipFile(result.path) as zf:
        record = json.loads(zf.read("rftkit_grader.json"))
    assert record["iam_statements"] == [dict(st) for st in result.iam_statements]
    assert record["permissions"] == ["bedrock:InvokeModel"]


def test_grader_without_statements_records_none(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _build(f"{grader_file}:has_word", tmp_path, registry)
    with zipfile.ZipFile(result.path) as zf:
        record = json.loads(zf.read("rftkit_grader.json"))
    assert (result.iam_statements, "iam_statements" in record) == (None, False)


def test_bundle_holds_the_lambda_path_and_never_cli_or_packaging(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    names = _names(_build(f"{grader_file}:has_word", tmp_path, registry))
    for needed in (
        "rftkit/__init__.py",
        "rftkit/errors.py",
        "rftkit/harness/lambda_entry.py",
        "rftkit/harness/handler.py",
        "rftkit/harness/contract/__init__.py",
        "rftkit/harness/contract/content.py",
        "rftkit/harness/contract/events.py",
        "rftkit/harness/contract/response.py",
        "rftkit/harness/contract/validate.py",
        "rftkit/harness/isolation.py",
        "rftkit/rewards/registry.py",
    ):
        assert needed in names
    assert not [n for n in names if n.startswith(("rftkit/cli/", "rftkit/packaging/"))]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.startswith("rftkit/harness/runtime")]
    assert "rftkit/harness/contract/variants.py" not in names  # the event writer stays home


def test_hashes_are_the_zips_sha256_in_both_forms(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _build(f"{grader_file}:has_word", tmp_path, registry)
    digest = hashlib.sha256(result.path.read_bytes()).digest()
    assert result.sha256 == digest.hex()
    assert result.code_sha256 == base64.b64encode(digest).decode()
    assert result.size == result.path.stat().st_size


def test_entries_have_fixed_timestamps_and_modes(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _build(f"{grader_file}:has_word", tmp_path, registry)
    with zipfile.ZipFile(result.path) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {ZIP_EPOCH}
    assert {i.external_attr >> 16 for i in infos} == {stat.S_IFREG | 0o644}


# -- determinism ----------------------------------------------------------------------------------


def test_same_inputs_give_identical_bytes(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    first = _build(f"{grader_file}:has_word", tmp_path / "a", registry, args={"word": "x"})
    grader_file.touch()  # a newer mtime must not matter
    second = _build(f"{grader_file}:has_word", tmp_path / "b", registry, args={"word": "x"})
    assert first.path.read_bytes() == second.path.read_bytes()


def test_different_arguments_give_different_bytes(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    first = _build(f"{grader_file}:has_word", tmp_path / "a", registry, args={"word": "x"})
    second = _build(f"{grader_file}:has_word", tmp_path / "b", registry, args={"word": "y"})
    assert first.sha256 != second.sha256


_names_st = st.lists(
    st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8}){0,2}\.(py|txt|so)", fullmatch=True),
    min_size=1,
    max_size=8,
    unique=True,
)


@settings(max_examples=40, deadline=None)
@given(names=_names_st, data=st.data())
def test_zip_bytes_do_not_depend_on_entry_order(
    tmp_path_factory: pytest.TempPathFactory, names: list[str], data: st.DataObject
) -> None:
    contents = {n: data.draw(st.binary(max_size=64)) for n in names}
    shuffled = data.draw(st.permutations(names))
    d = tmp_path_factory.mktemp("zips")
    write_deterministic_zip(contents, d / "1.zip")
    write_deterministic_zip({n: contents[n] for n in shuffled}, d / "2.zip")
    assert (d / "1.zip").read_bytes() == (d / "2.zip").read_bytes()
    with zipfile.ZipFile(d / "1.zip") as zf:
        assert {n: zf.read(n) for n in zf.namelist()} == contents


# -- checks ---------------------------------------------------------------------------------------

X86, ARM = 62, 183


@pytest.mark.parametrize(
    ("name", "header", "python", "arch", "problem"),
    [
        ("m.cpython-312-x86_64-linux-gnu.so", _elf(X86), "3.12", "x86_64", None),
        ("m.cpython-312-aarch64-linux-gnu.so", _elf(ARM), "3.12", "arm64", None),
        ("m.abi3.so", _elf(X86), "3.13", "x86_64", None),
        ("pkg.libs/libz-1.so.1.2", _elf(X86), "3.12", "x86_64", None),
        ("m.cpython-312-x86_64-linux-gnu.so", _elf(X86), "3.12", "arm64", "built for x86_64"),
        ("m.cpython-312-x86_64-linux-gnu.so", _elf(ARM), "3.12", "x86_64", "built for arm64"),
        ("m.cpython-311-x86_64-linux-gnu.so", _elf(X86), "3.12", "x86_64", "CPython 3.11"),
        ("m.cpython-312-aarch64-linux-gnu.so", _elf(X86), "3.12", "x86_64", "tagged for"),
        ("m.cpython-312-x86_64-linux-musl.so", _elf(X86), "3.12", "x86_64", "musl"),
        ("m.so", b"\xcf\xfa\xed\xfe" + bytes(60), "3.12", "x86_64", "not an ELF"),
        ("m.so", _elf(X86, bits=1), "3.12", "x86_64", "64-bit"),
    ],
)
def test_shared_objects_are_checked_against_the_target(
    name: str, header: bytes, python: str, arch: str, problem: str | None
) -> None:
    problems = check_shared_objects({f"pkg/{name}": header}, python=python, arch=arch)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


def test_plugin_with_wrong_architecture_extension_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: GraderRegistry
) -> None:
    pkg = tmp_path / "site" / "fastgrader"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(GRADER_FILE)
    (pkg / "_speedups.cpython-312-aarch64-linux-gnu.so").write_bytes(_elf(ARM))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    with pytest.raises(BuildError, match="built for arm64, the target is x86_64") as info:
        _build("fastgrader:has_word", tmp_path / "dist", registry, arch="x86_64")
    assert info.value.hint is not None
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_plugin_package_is_shipped_without_its_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: GraderRegistry
) -> None:
    pkg = tmp_path / "site" / "plaingrader"
    (pkg / "tests").mkdir(parents=True)
    (pkg / "__init__.py").write_text(GRADER_FILE)
    (pkg / "tests" / "test_it.py").write_text("def test(): pass\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    names = _names(_build("plaingrader:has_word", tmp_path / "dist", registry))
    assert "plaingrader/__init__.py" in names
    assert not [n for n in names if "/tests/" in n]


def test_grader_importing_a_package_the_bundle_lacks_is_refused(
    tmp_path: Path, registry: GraderRegistry
) -> None:
    path = tmp_path / "needsdep.py"
    path.write_text(
        "import json\n"
        "try:\n    import optional_thing_xyz\nexcept ImportError:\n    pass\n"
        + GRADER_FILE
        + "\ndef later():\n    import not_installed_anywhere_xyz\n"
    )
    with pytest.raises(BuildError, match=r"missing dependency: .*not_installed_anywhere_xyz"):
        _build(f"{path}:has_word", tmp_path / "dist", registry)


def test_optional_imports_are_not_missing_dependencies(
    tmp_path: Path, registry: GraderRegistry
) -> None:
    path = tmp_path / "optdep.py"
    path.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import typing_only_xyz\n"
        "try:\n    import optional_thing_xyz\nexcept ImportError:\n    pass\n" + GRADER_FILE
    )
    assert _build(f"{path}:has_word", tmp_path / "dist", registry).files > 0


def test_aws_sdk_import_is_recorded_as_runtime_provided(
    tmp_path: Path, registry: GraderRegistry
) -> None:
    path = tmp_path / "usessdk.py"
    path.write_text(GRADER_FILE + "\ndef client():\n    import boto3\n    return boto3\n")
    result = _build(f"{path}:has_word", tmp_path / "dist", registry)
    with zipfile.ZipFile(result.path) as zf:
        record = json.loads(zf.read("rftkit_grader.json"))
    assert record["runtime_provided"] == ["boto3"]
    assert not [n for n in _names(result) if n.startswith("boto3/")]


@pytest.mark.parametrize(
    "stem", ["json", "rftkit", "my-grader"], ids=["stdlib", "rftkit", "not-identifier"]
)
def test_grader_file_name_that_cannot_be_a_module_is_refused(
    tmp_path: Path, registry: GraderRegistry, stem: str
) -> None:
    path = tmp_path / f"{stem}.py"
    path.write_text(GRADER_FILE)
    with pytest.raises(UsageError, match="cannot be a module name"):
        _build(f"{path}:has_word", tmp_path / "dist", registry)


def test_bundle_above_the_unzipped_limit_is_refused(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle_build, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(BuildError, match="at most 250 MB"):
        _build(f"{grader_file}:has_word", tmp_path, registry)


def test_zip_above_the_direct_upload_limit_warns_and_needs_s3(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle_build, "MAX_ZIPPED_DIRECT_BYTES", 1000)
    result = _build(f"{grader_file}:has_word", tmp_path, registry)
    assert result.needs_s3
    assert any("S3" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"python": "3.11"}, "unsupported Python"),
        ({"python": "2.7"}, "unsupported Python"),
        ({"arch": "i386"}, "unsupported architecture"),
    ],
)
def test_bad_target_is_a_usage_error(
    grader_file: Path,
    tmp_path: Path,
    registry: GraderRegistry,
    kwargs: dict[str, str],
    message: str,
) -> None:
    with pytest.raises(UsageError, match=message):
        _build(f"{grader_file}:has_word", tmp_path, registry, **kwargs)


def test_unknown_grader_is_a_usage_error(tmp_path: Path, registry: GraderRegistry) -> None:
    with pytest.raises(GraderNotFoundError):
        _build("no_such_grader_xyz", tmp_path, registry)


# -- the CLI ---------------------------------------------------------------------------------


def test_cli_prints_size_and_both_hashes(
    grader_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "build",
            "--grader",
            f"{grader_file}:has_word",
            "--out",
            str(tmp_path),
            "--no-import-check",
            "--json",
        ]
    )
    assert status == 0
    out = json.loads(capsys.readouterr().out)
    data = Path(out["path"]).read_bytes()
    assert out["sha256"] == hashlib.sha256(data).hexdigest()
    assert out["code_sha256"] == base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert out["size"] == len(data)


@pytest.mark.parametrize("bad", ["{nope", "[1, 2]"])
def test_cli_bad_args_json_exits_2(
    grader_file: Path, tmp_path: Path, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["build", "--grader", f"{grader_file}:has_word", "--args", bad])
    assert status == 2
    assert "error: --args" in capsys.readouterr().err


# -- slow: interpreters and PyPI ------------------------------------------------------------------


@pytest.mark.slow
def test_handler_imports_in_a_clean_interpreter(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    need_python("3.12")
    result = _build(f"{grader_file}:has_word", tmp_path, registry, check_import=True)
    assert result.import_check.startswith("passed on Python 3.12")


@pytest.mark.slow
def test_grader_that_fails_to_import_on_the_target_is_refused(
    tmp_path: Path, registry: GraderRegistry
) -> None:
    need_python("3.12")
    path = tmp_path / "hostonly.py"
    path.write_text(
        textwrap.dedent(
            f"""
            import sys
            if sys.version_info[:2] != {tuple(sys.version_info[:2])!r}:
                raise ImportError("needs the build host's Python")
            """
        )
        + GRADER_FILE
    )
    with pytest.raises(BuildError, match=r"does not import on Python 3\.12"):
        _build(f"{path}:has_word", tmp_path / "dist", registry, check_import=True)
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


@pytest.mark.slow
def test_missing_interpreter_skips_the_import_check_with_a_warning(
    grader_file: Path,
    tmp_path: Path,
    registry: GraderRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_interpreter(version: str) -> Path:
        raise RuntimeClientError(f"no Python {version}")

    monkeypatch.setattr(bundle_checks, "find_interpreter", no_interpreter)
    monkeypatch.setattr(bundle_bytecode, "find_interpreter", no_interpreter)
    result = _build(f"{grader_file}:has_word", tmp_path, registry, check_import=True)
    assert result.import_check.startswith("skipped: no Python 3.12")
    assert any("import check skipped" in w for w in result.warnings)


def _no_interpreter(version: str) -> Path:
    raise RuntimeClientError(f"no Python {version}")


def test_missing_target_interpreter_ships_sources_with_a_warning(
    grader_file: Path,
    tmp_path: Path,
    registry: GraderRegistry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bundle_checks, "find_interpreter", _no_interpreter)
    monkeypatch.setattr(bundle_bytecode, "find_interpreter", _no_interpreter)
    result = _build(f"{grader_file}:has_word", tmp_path, registry, python="3.14", bytecode=True)
    assert result.bytecode == ""
    assert any(w.startswith("no bytecode: there is no Python 3.14") for w in result.warnings)
    assert not [n for n in _names(result) if n.endswith(".pyc")]
    assert "rftkit/harness/handler.py" in _names(result)


def test_no_bytecode_ships_sources_only_and_records_none(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _build(f"{grader_file}:has_word", tmp_path, registry, bytecode=False)
    with zipfile.ZipFile(result.path) as zf:
        record = json.loads(zf.read("rftkit_grader.json"))
    assert (result.bytecode, "bytecode" in record) == ("", False)
    assert not [n for n in _names(result) if n.endswith(".pyc")]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("dependency", "outcome"),
    [(True, "ships as source with a warning"), (False, "is a build error")],
)
def test_module_that_does_not_compile_on_the_target(
    tmp_path: Path, dependency: bool, outcome: str
) -> None:
    need_python("3.12")
    entries: dict[str, Path | bytes] = {"pkg/__init__.py": b"", "pkg/broken.py": b"def (:\n"}
    deps = ["pkg/__init__.py", "pkg/broken.py"] if dependency else []
    args = {"python": "3.12", "dependencies": deps, "workdir": tmp_path, "say": print}
    if not dependency:
        with pytest.raises(BuildError, match=r"pkg/broken\.py"):
            bundle_bytecode._compile_bytecode(entries, **args)  # type: ignore[arg-type]
        return
    version, warnings = bundle_bytecode._compile_bytecode(entries, **args)  # type: ignore[arg-type]
    assert version.startswith("3.12")
    assert "pkg/broken.py" in warnings[0], outcome
    # The dependency module that compiles ships as bytecode only; the broken one as source.
    assert sorted(entries) == ["pkg/__init__.pyc", "pkg/broken.py"]


# -- slow: bytecode compiled by the target interpreter --------------------------------------------


def _bytecode_build(
    grader_file: Path, out: Path, registry: GraderRegistry, **kwargs: object
) -> BundleResult:
    need_python("3.12")
    return _build(f"{grader_file}:has_word", out, registry, bytecode=True, **kwargs)


def _target_magic(version: str) -> bytes:
    code = "import importlib.util, sys; sys.stdout.buffer.write(importlib.util.MAGIC_NUMBER)"
    return subprocess.run(
        [str(find_interpreter(version)), "-c", code], capture_output=True, check=True
    ).stdout


@pytest.mark.slow
def test_bytecode_is_the_default(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    need_python("3.12")
    result = build_bundle(
        f"{grader_file}:has_word", out_dir=tmp_path, registry=registry, check_import=False
    )
    assert result.bytecode.startswith("3.12.")
    assert "rftkit/harness/handler.pyc" in _names(result)


@pytest.mark.slow
def test_rftkit_ships_as_bytecode_and_the_grader_keeps_its_source(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _bytecode_build(grader_file, tmp_path, registry)
    names = _names(result)
    assert not [n for n in names if n.startswith("rftkit/") and n.endswith(".py")]
    assert "rftkit/harness/lambda_entry.pyc" in names
    assert {"wordgrader.py", "__pycache__/wordgrader.cpython-312.pyc"} <= set(names)
    with zipfile.ZipFile(result.path) as zf:
        record = json.loads(zf.read("rftkit_grader.json"))
    assert record["bytecode"] == result.bytecode


@pytest.mark.slow
def test_every_pyc_is_unchecked_hash_bytecode_of_the_target_version(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _bytecode_build(grader_file, tmp_path, registry)
    magic = _target_magic("3.12")
    with zipfile.ZipFile(result.path) as zf:
        headers = {n: zf.read(n)[:8] for n in zf.namelist() if n.endswith(".pyc")}
    assert headers
    # PEP 552: flags 0b01 = hash-based, do not check the source.
    assert {h[:4] for h in headers.values()} == {magic}
    assert {int.from_bytes(h[4:8], "little") for h in headers.values()} == {0b01}


@pytest.mark.slow
def test_bytecode_zip_bytes_are_stable(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    first = _bytecode_build(grader_file, tmp_path / "a", registry)
    grader_file.touch()  # a newer mtime must not matter
    second = _bytecode_build(grader_file, tmp_path / "b", registry)
    assert first.bytecode and first.path.read_bytes() == second.path.read_bytes()


@pytest.mark.slow
def test_shipped_bytecode_is_used_without_looking_at_the_source(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _bytecode_build(grader_file, tmp_path, registry, args={"word": "x"})
    root = tmp_path / "task"
    with zipfile.ZipFile(result.path) as zf:
        zf.extractall(root)
    # An unchecked .pyc wins over an edited source, whatever the timestamps say.
    (root / "wordgrader.py").write_text("raise ImportError('the source was compiled')\n")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import wordgrader, rftkit.harness.handler"
        " as h; print(hasattr(wordgrader, 'has_word'), h.__file__.endswith('.pyc'))"
    )
    proc = subprocess.run(
        [str(find_interpreter("3.12")), "-I", "-B", "-c", code, str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.split() == ["True", "True"], proc.stderr


@pytest.mark.slow
def test_requirements_are_installed_as_target_wheels_and_slimmed(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    result = _build(
        f"{grader_file}:has_word",
        tmp_path,
        registry,
        python="3.13",
        requirements=["six==1.17.0"],
    )
    names = _names(result)
    assert "six.py" in names
    assert "six-1.17.0.dist-info/METADATA" in names
    assert not [n for n in names if n.endswith(("/RECORD", "/INSTALLER"))]
    assert result.installed == {"six": "1.17.0"}


@pytest.mark.slow
def test_requirement_without_a_wheel_is_a_missing_dependency(
    grader_file: Path, tmp_path: Path, registry: GraderRegistry
) -> None:
    with pytest.raises(BuildError, match="missing dependency"):
        _build(
            f"{grader_file}:has_word",
            tmp_path,
            registry,
            requirements=["rftkit-no-such-distribution-xyz==0.0.1"],
        )


# -- the entry module -------------------------------------------------------------------------


SPEC = {"name": "has_word", "target": "wordgrader:has_word", "args": {"word": "ok"}}


@pytest.mark.parametrize(
    "content",
    [json.dumps({"format": 1, "spec": SPEC, "python": "3.12"}), json.dumps(SPEC)],
    ids=["build-record", "bare-spec"],
)
def test_entry_reads_the_baked_spec_from_the_task_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    from rftkit.harness import lambda_entry
    from rftkit.rewards.types import GraderSpec

    (tmp_path / "rftkit_grader.json").write_text(content)
    monkeypatch.setenv("LAMBDA_TASK_ROOT", str(tmp_path))
    monkeypatch.delenv("RFTKIT_GRADER_SPEC", raising=False)
    assert lambda_entry.load_baked_spec() == GraderSpec.from_dict(SPEC)


def test_entry_spec_can_be_overridden_inline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rftkit.harness import lambda_entry

    monkeypatch.setenv("LAMBDA_TASK_ROOT", str(tmp_path))  # holds no spec file
    monkeypatch.setenv("RFTKIT_GRADER_SPEC", json.dumps(SPEC))
    assert lambda_entry.load_baked_spec().args == {"word": "ok"}


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read the grader spec"), ("{not json", "malformed"), ("[]", "malformed")],
)
def test_entry_without_a_usable_spec_is_a_build_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None, message: str
) -> None:
    from rftkit.harness import lambda_entry

    if content is not None:
        (tmp_path / "rftkit_grader.json").write_text(content)
    monkeypatch.setenv("LAMBDA_TASK_ROOT", str(tmp_path))
    monkeypatch.delenv("RFTKIT_GRADER_SPEC", raising=False)
    with pytest.raises(BuildError, match=message):
        lambda_entry.load_baked_spec()
