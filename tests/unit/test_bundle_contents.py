"""A bundle ships the grader's Python modules and declared data, never what lies around them.

A grader package is often a working folder: a ``.env``, a ``.git`` directory, notes, a
symlink into ``~/.aws``. Every test here plants a secret marker in such files and checks both
the archive names and that the marker's bytes appear nowhere in the zip.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rftkit.cli.main import main
from rftkit.errors import ConfigError, UsageError
from rftkit.packaging.bundle import BundleResult, build_bundle, check_package_data
from rftkit.packaging.bundle import grader_files as bundle_mod
from rftkit.packaging.config import parse_config
from rftkit.rewards.registry import GraderRegistry

SECRET = "AKIAI44QH8DHBSECRETMARKER"

GRADER = '''
from rftkit import grader

@grader(name="has_word")
def has_word(word: str = "yes"):
    """Full reward when the reply contains a word."""
    return lambda sample: float(word in sample.completion)
'''

_counter = itertools.count()


@pytest.fixture(autouse=True)
def _forget_imported_graders() -> Iterator[None]:
    """Graders are imported by name: drop the ones a test imported so names never clash."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("hostile", "solo", "inst", "edit")):
            del sys.modules[name]


def _unique(prefix: str) -> str:
    return f"{prefix}{os.getpid()}_{next(_counter)}"


def _build(target: str, out: Path, registry: GraderRegistry, **kwargs: object) -> BundleResult:
    kwargs.setdefault("check_import", False)
    kwargs.setdefault("bytecode", False)
    return build_bundle(target, out_dir=out, registry=registry, **kwargs)  # type: ignore[arg-type]


def _zip(result: BundleResult) -> dict[str, bytes]:
    with zipfile.ZipFile(result.path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _own(names: dict[str, bytes] | list[str], top: str) -> set[str]:
    return {n for n in names if n.split("/")[0] == top or n.startswith(f"{top}.py")}


def _no_secret(result: BundleResult) -> None:
    raw = result.path.read_bytes()
    assert SECRET.encode() not in raw  # stored entries
    for name, data in _zip(result).items():
        assert SECRET.encode() not in data, name


def _write(path: Path, text: str = f"token = {SECRET}\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _outside(tmp: Path) -> Path:
    """A folder outside the package holding credentials, as ~/.aws would."""
    home = tmp / "home" / ".aws"
    _write(home / "credentials", f"[default]\naws_access_key_id = {SECRET}\n")
    _write(home / "config.json", f'{{"key": "{SECRET}"}}')
    _write(tmp / "home" / "evil.py", f"KEY = '{SECRET}'\n")
    return home


# -- one hostile thing at a time ---------------------------------------------------------------

Setup = Callable[[Path, Path], None]  # (package folder, outside folder)


def _symlink(link: Path, target: Path | str) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)


HOSTILE: list[tuple[str, Setup, str, bool, tuple[str, ...]]] = [
    # (id, setup, archive name inside the package, shipped?, declared package data)
    ("dotenv", lambda p, o: _write(p / ".env"), ".env", False, ()),
    ("dotenv-declared", lambda p, o: _write(p / ".env"), ".env", False, ("*",)),
    ("git-config", lambda p, o: _write(p / ".git" / "config"), ".git/config", False, ("**",)),
    (
        "nested-git",
        lambda p, o: _write(p / "sub" / ".git" / "objects" / "ab.py"),
        "sub/.git/objects/ab.py",
        False,
        (),
    ),
    ("hg", lambda p, o: _write(p / ".hg" / "hgrc"), ".hg/hgrc", False, ("**",)),
    ("svn", lambda p, o: _write(p / ".svn" / "entries"), ".svn/entries", False, ("**",)),
    ("cvs", lambda p, o: _write(p / "CVS" / "Root"), "CVS/Root", False, ("**",)),
    ("venv-module", lambda p, o: _write(p / ".venv" / "x.py"), ".venv/x.py", False, ()),
    ("hidden-module", lambda p, o: _write(p / ".hidden.py"), ".hidden.py", False, ()),
    (
        "pycache",
        lambda p, o: _write(p / "__pycache__" / "m.cpython-311.pyc"),
        "__pycache__/m.cpython-311.pyc",
        False,
        ("**",),
    ),
    ("stray-pyc", lambda p, o: _write(p / "old.pyc"), "old.pyc", False, ("*",)),
    ("tests-folder", lambda p, o: _write(p / "tests" / "t.py"), "tests/t.py", False, ()),
    ("notes-creds", lambda p, o: _write(p / "notes" / "creds.txt"), "notes/creds.txt", False, ()),
    (
        "notes-creds-declared",
        lambda p, o: _write(p / "notes" / "creds.txt"),
        "notes/creds.txt",
        False,
        ("notes/*",),
    ),
    ("pem-declared", lambda p, o: _write(p / "data" / "srv.pem"), "data/srv.pem", False, ("**",)),
    ("id-rsa-declared", lambda p, o: _write(p / "keys" / "id_rsa"), "keys/id_rsa", False, ("**",)),
    (
        "file-link-out",
        lambda p, o: _symlink(p / "aws", o / "credentials"),
        "aws",
        False,
        ("*",),
    ),
    (
        "json-link-out",
        lambda p, o: _symlink(p / "data" / "cfg.json", o / "config.json"),
        "data/cfg.json",
        False,
        ("data/*.json",),
    ),
    (
        "module-link-out",
        lambda p, o: _symlink(p / "evil.py", o.parent / "evil.py"),
        "evil.py",
        False,
        (),
    ),
    (
        "relative-link-out",
        lambda p, o: _symlink(p / "up.py", "../../home/evil.py"),
        "up.py",
        False,
        (),
    ),
    (
        "dir-link-out",
        lambda p, o: _symlink(p / "linked", o.parent),
        "linked/evil.py",
        False,
        ("**",),
    ),
    ("self-loop", lambda p, o: _symlink(p / "loop.py", p / "loop.py"), "loop.py", False, ()),
    (
        "two-loop",
        lambda p, o: (_symlink(p / "a.py", p / "b.py"), _symlink(p / "b.py", p / "a.py")),
        "a.py",
        False,
        (),
    ),
    ("dir-loop", lambda p, o: _symlink(p / "sub" / "again", p), "sub/again/__init__.py", False, ()),
    ("broken-link", lambda p, o: _symlink(p / "gone.py", p / "nowhere.py"), "gone.py", False, ()),
    (
        "link-in-to-dotfile",
        lambda p, o: (_write(p / ".env"), _symlink(p / "data" / "env.json", p / ".env")),
        "data/env.json",
        False,
        ("data/*",),
    ),
    (
        "data-undeclared",
        lambda p, o: _write(p / "data" / "labels.json", '{"a": 1}'),
        "data/labels.json",
        False,
        (),
    ),
    (
        "data-declared",
        lambda p, o: _write(p / "data" / "labels.json", '{"a": 1}'),
        "data/labels.json",
        True,
        ("data/*.json",),
    ),
    (
        "data-declared-by-folder",
        lambda p, o: _write(p / "data" / "deep" / "labels.json", '{"a": 1}'),
        "data/deep/labels.json",
        True,
        ("data",),
    ),
    (
        "data-declared-doublestar",
        lambda p, o: _write(p / "t" / "a" / "b" / "x.txt", "hi"),
        "t/a/b/x.txt",
        True,
        ("t/**/*.txt",),
    ),
    (
        "data-other-extension",
        lambda p, o: _write(p / "data" / "labels.csv", "a,b"),
        "data/labels.csv",
        False,
        ("data/*.json",),
    ),
    (
        "link-inside-declared",
        lambda p, o: (
            _write(p / "data" / "labels.json", '{"a": 1}'),
            _symlink(p / "data" / "alias.json", p / "data" / "labels.json"),
        ),
        "data/alias.json",
        True,
        ("data/*.json",),
    ),
    ("submodule", lambda p, o: _write(p / "sub" / "m.py", "X = 1\n"), "sub/m.py", True, ()),
    (
        "fifo-declared",
        lambda p, o: os.mkfifo(p / "pipe.json"),
        "pipe.json",
        False,
        ("*.json",),
    ),
]


@pytest.mark.parametrize(
    ("setup", "name", "shipped", "declared"),
    [row[1:] for row in HOSTILE],
    ids=[row[0] for row in HOSTILE],
)
def test_folder_package_ships_only_modules_and_declared_safe_data(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    registry: GraderRegistry,
    setup: Setup,
    name: str,
    shipped: bool,
    declared: tuple[str, ...],
) -> None:
    top = _unique("hostile")
    pkg = tmp_path / "site" / top
    _write(pkg / "__init__.py", GRADER)
    setup(pkg, _outside(tmp_path))
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    result = _build(f"{top}:has_word", tmp_path / "dist", registry, package_data=declared)
    names = _zip(result)
    assert f"{top}/__init__.py" in names
    assert (f"{top}/{name}" in names) is shipped
    _no_secret(result)
    listed = {entry["name"] for entry in result.to_dict()["file_list"]}
    assert listed == set(names)


def test_everything_at_once_gives_exactly_the_modules_and_declared_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: GraderRegistry
) -> None:
    top = _unique("hostile")
    pkg = tmp_path / "site" / top
    _write(pkg / "__init__.py", GRADER)
    outside = _outside(tmp_path)
    for row in HOSTILE:
        with contextlib.suppress(FileExistsError):  # rows that plant the same file
            row[1](pkg, outside)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    result = _build(
        f"{top}:has_word", tmp_path / "dist", registry, package_data=["data/*.json", "t/**"]
    )
    assert _own(_zip(result), top) == {
        f"{top}/{n}"
        for n in (
            "__init__.py",
            "sub/m.py",
            "data/labels.json",
            "data/alias.json",
            "t/a/b/x.txt",
        )
    }
    _no_secret(result)
    text = "\n".join(result.warnings)
    assert "a symlink leaving the package" in text
    assert "looks like a secret" in text or "notes/creds.txt" in text
    assert "--package-data" in text  # the undeclared files are named, with the fix


def test_left_out_files_are_named_and_unused_patterns_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: GraderRegistry
) -> None:
    top = _unique("hostile")
    pkg = tmp_path / "site" / top
    _write(pkg / "__init__.py", GRADER)
    _write(pkg / "data" / "labels.csv", "a,b")
    _write(pkg / "notes" / "creds.txt")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    result = _build(f"{top}:has_word", tmp_path / "dist", registry, package_data=["nope/*"])
    text = "\n".join(result.warnings)
    assert f"{top}/data/labels.csv" in text and f"{top}/notes/creds.txt" in text
    assert "'nope/*' matched no file" in text


def test_grader_zip_with_hostile_neighbours_is_deterministic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: GraderRegistry
) -> None:
    top = _unique("hostile")
    pkg = tmp_path / "site" / top
    _write(pkg / "__init__.py", GRADER)
    _write(pkg / "data" / "b.json", "{}")
    _write(pkg / "data" / "a.json", "{}")
    _write(pkg / ".env")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    first = _build(f"{top}:has_word", tmp_path / "d1", registry, package_data=["data/*.json"])
    (pkg / "data" / "a.json").touch()  # a new mtime changes nothing
    _write(pkg / ".env", "changed")
    second = _build(f"{top}:has_word", tmp_path / "d2", registry, package_data=["data/*.json"])
    assert first.sha256 == second.sha256
    assert [n for n, _ in first.contents] == sorted(n for n, _ in first.contents)


# -- single module, file grader, installed distribution, editable install ----------------------


def test_single_module_grader_ships_that_module_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: GraderRegistry
) -> None:
    top = _unique("solo")
    site = tmp_path / "site"
    _write(site / f"{top}.py", GRADER)
    _write(site / ".env")
    _write(site / "creds.txt")
    _write(site / "helper.py", f"KEY = '{SECRET}'\n")
    _symlink(site / "aws", _outside(tmp_path) / "credentials")
    monkeypatch.syspath_prepend(str(site))
    result = _build(f"{top}:has_word", tmp_path / "dist", registry, package_data=["*"])
    names = _zip(result)
    assert f"{top}.py" in names
    assert not [n for n in names if not n.startswith(("rftkit", f"{top}.py"))]
    _no_secret(result)
    assert any("ignored for the single-module grader" in w for w in result.warnings)


def test_file_grader_ships_the_file_and_nothing_beside_it(
    tmp_path: Path, registry: GraderRegistry
) -> None:
    project = tmp_path / "project"
    source = _write(project / "polite.py", GRADER)
    _write(project / ".env")
    _write(project / ".git" / "config")
    _write(project / "notes" / "creds.txt")
    _write(project / "other.py", f"KEY = '{SECRET}'\n")
    _symlink(project / "aws", _outside(tmp_path) / "credentials")
    result = _build(f"{source}:has_word", tmp_path / "dist", registry)
    names = _zip(result)
    assert [n for n in names if not n.startswith("rftkit")] == ["polite.py"]
    _no_secret(result)


def _make_wheel_install(site: Path, top: str, record_extra: list[str]) -> Path:
    """A package installed the way pip installs a wheel: files plus a .dist-info with RECORD."""
    pkg = site / top
    _write(pkg / "__init__.py", GRADER)
    _write(pkg / "scale.json", '{"max": 10}')
    info = site / f"{top}-1.0.dist-info"
    _write(info / "METADATA", f"Metadata-Version: 2.1\nName: {top}\nVersion: 1.0\n")
    _write(info / "top_level.txt", f"{top}\n")
    _write(info / "INSTALLER", "pip\n")
    record = [
        f"{top}/__init__.py,,",
        f"{top}/scale.json,,",
        f"{top}/__pycache__/__init__.cpython-311.pyc,,",
        f"{top}-1.0.dist-info/METADATA,,",
        f"{top}-1.0.dist-info/top_level.txt,,",
        f"{top}-1.0.dist-info/RECORD,,",
        "../../bin/gradertool,,",
        *record_extra,
    ]
    _write(info / "RECORD", "\n".join(record) + "\n")
    return pkg


def test_installed_distribution_ships_what_its_record_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: GraderRegistry
) -> None:
    top = _unique("inst")
    site = tmp_path / "site"
    outside = _outside(tmp_path)
    pkg = _make_wheel_install(
        site,
        top,
        [
            f"{top}/keys/server.pem,,",  # listed, but secret-looking
            f"{top}/aws.json,,",  # listed, but a symlink out of the package
            f"{top}/.env,,",  # listed, but a dotfile
            f"{top}/gone.py,,",  # listed, deleted since
        ],
    )
    _write(pkg / "keys" / "server.pem")
    _symlink(pkg / "aws.json", outside / "config.json")
    _write(pkg / ".env")
    # Not in RECORD: dropped there after the install.
    _write(pkg / "extra.py", f"KEY = '{SECRET}'\n")
    _write(pkg / "notes" / "creds.txt")
    _write(pkg / ".git" / "config")
    (site / "bin").mkdir()
    _write(site / "bin" / "gradertool", f"#!{SECRET}")
    monkeypatch.syspath_prepend(str(site))
    result = _build(f"{top}:has_word", tmp_path / "dist", registry, package_data=["**"])
    names = _zip(result)
    own = {n for n in names if not n.startswith("rftkit")}
    assert own == {
        f"{top}/__init__.py",
        f"{top}/scale.json",
        f"{top}-1.0.dist-info/METADATA",
        f"{top}-1.0.dist-info/top_level.txt",
    }
    _no_secret(result)
    text = "\n".join(result.warnings)
    assert "keys/server.pem (looks like a secret)" in text
    assert "aws.json (a symlink leaving the package)" in text


def test_editable_install_is_a_folder_with_declared_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: GraderRegistry
) -> None:
    # An editable install: the dist-info lists no package file; the package is a source folder.
    top = _unique("edit")
    site, src = tmp_path / "site", tmp_path / "src"
    info = site / f"{top}-1.0.dist-info"
    _write(info / "METADATA", f"Metadata-Version: 2.1\nName: {top}\nVersion: 1.0\n")
    _write(info / "top_level.txt", f"{top}\n")
    _write(info / "RECORD", f"__editable__.{top}-1.0.pth,,\n{top}-1.0.dist-info/METADATA,,\n")
    _write(src / top / "__init__.py", GRADER)
    _write(src / top / "data" / "w.json", "{}")
    _write(src / top / ".env")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(src))
    result = _build(f"{top}:has_word", tmp_path / "dist", registry, package_data=["data/*"])
    own = {n for n in _zip(result) if not n.startswith("rftkit")}
    assert own == {
        f"{top}/__init__.py",
        f"{top}/data/w.json",
        f"{top}-1.0.dist-info/METADATA",
        f"{top}-1.0.dist-info/top_level.txt",
    }
    _no_secret(result)


# -- patterns, config and CLI --------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    ["", "/", "/etc/*", "../x", "data/../../x", "a\\b", "x" * 300],
    ids=["empty", "slash", "absolute", "parent", "parent-inside", "backslash", "long"],
)
def test_bad_package_data_pattern_is_a_usage_error(pattern: str) -> None:
    with pytest.raises(UsageError):
        check_package_data([pattern])


@pytest.mark.parametrize(
    ("path", "pattern", "matches"),
    [
        ("data/a.json", "data/*.json", True),
        ("data/sub/a.json", "data/*.json", False),
        ("data/sub/a.json", "data/**/*.json", True),
        ("data/a.json", "data/**/*.json", True),
        ("data/sub/a.json", "data", True),
        ("x.txt", "**", True),
        ("a/b/c/d", "a/**/d", True),
        ("a/b/c/e", "a/**/d", False),
        ("datafile.json", "data", False),
    ],
)
def test_package_data_globs_match_by_path_segment(path: str, pattern: str, matches: bool) -> None:
    got = bundle_mod._declared(path.split("/"), [pattern.split("/")])
    assert (got is not None) is matches


_NAME = st.sampled_from(
    [
        "a.py",
        "__init__.py",
        ".env",
        ".git",
        "creds.txt",
        "data.json",
        "x.pem",
        "__pycache__",
        "m.pyc",
        "tests",
        "CVS",
        "notes",
        "id_rsa",
        "ok.txt",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(_NAME, min_size=1, max_size=4), min_size=1, max_size=12),
    st.lists(st.sampled_from(["*", "**", "data", "*.json", "notes/*", "**/*.txt"]), max_size=2),
)
def test_no_layout_ships_a_hidden_cached_or_secret_file(
    tmp_path_factory: pytest.TempPathFactory, layout: list[list[str]], patterns: list[str]
) -> None:
    root = tmp_path_factory.mktemp("pkg") / "pkg"
    root.mkdir()
    for parts in layout:
        path = root.joinpath(*parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_text(SECRET)
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            continue  # a name used both as a file and a folder
    sel = bundle_mod._Selection()
    bundle_mod._folder_files(root, "pkg", [p.split("/") for p in patterns], sel)
    for arc in sel.files:
        parts = arc.split("/")[1:]
        assert not any(p.startswith(".") for p in parts), arc
        assert not set(parts[:-1]) & {"__pycache__", "tests", "CVS"}, arc
        assert not parts[-1].endswith(".pyc"), arc
        if not parts[-1].endswith(".py"):
            assert not bundle_mod._looks_secret(parts[-1]), arc
            assert bundle_mod._declared(parts, [p.split("/") for p in patterns]) is not None


def test_config_key_package_data_is_validated() -> None:
    cfg = parse_config({"build": {"package_data": ["data/*.json"]}})
    assert cfg.build.package_data == ["data/*.json"]
    with pytest.raises(ConfigError, match="package_data"):
        parse_config({"build": {"package_data": ["../secrets"]}}, prefix="tool.rftkit")


def test_cli_lists_files_and_puts_them_in_json(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    top = _unique("hostile")
    pkg = tmp_path / "site" / top
    _write(pkg / "__init__.py", GRADER)
    _write(pkg / "data" / "w.json", "{}")
    _write(pkg / ".env")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.chdir(tmp_path)
    base = ["build", "--grader", f"{top}:has_word", "--no-bytecode", "--no-import-check"]
    assert main([*base, "--out", "d1", "--list", "--package-data", "data/*"]) == 0
    out = capsys.readouterr().out
    assert f"{top}/__init__.py" in out and f"{top}/data/w.json" in out
    assert ".env" not in out
    assert "rftkit_grader.json" in out
    assert main([*base, "--out", "d2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    names = [entry["name"] for entry in data["file_list"]]
    assert f"{top}/__init__.py" in names and f"{top}/data/w.json" not in names
    assert len(names) == data["files"]


def test_cli_reads_package_data_from_the_project_config(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    top = _unique("hostile")
    pkg = tmp_path / "site" / top
    _write(pkg / "__init__.py", GRADER)
    _write(pkg / "data" / "w.json", "{}")
    _write(tmp_path / "pyproject.toml", '[tool.rftkit.build]\npackage_data = ["data/*.json"]\n')
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.chdir(tmp_path)
    argv = ["build", "--grader", f"{top}:has_word", "--no-bytecode", "--no-import-check"]
    assert main([*argv, "--json"]) == 0
    names = [e["name"] for e in json.loads(capsys.readouterr().out)["file_list"]]
    assert f"{top}/data/w.json" in names


def test_namespace_package_across_folders_ships_each_part_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, registry: GraderRegistry
) -> None:
    top = _unique("hostile")
    one, two = tmp_path / "one", tmp_path / "two"
    _write(one / top / "graders" / "__init__.py", GRADER)
    _write(one / top / ".env")
    _write(two / top / "util" / "__init__.py", "X = 1\n")
    _write(two / top / "util" / "notes.txt")
    _symlink(two / top / "creds.py", _outside(tmp_path).parent / "evil.py")
    monkeypatch.syspath_prepend(str(two))
    monkeypatch.syspath_prepend(str(one))
    result = _build(f"{top}.graders:has_word", tmp_path / "dist", registry)
    assert _own(_zip(result), top) == {f"{top}/graders/__init__.py", f"{top}/util/__init__.py"}
    _no_secret(result)
