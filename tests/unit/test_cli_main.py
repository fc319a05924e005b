"""The CLI loads every command module or stops: a broken module never drops a command unseen."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

import rftkit.cli
from rftkit.cli import main as cli_main


def _public_modules() -> set[str]:
    return {
        m.name
        for m in pkgutil.iter_modules(rftkit.cli.__path__)
        if not m.name.startswith("_") and m.name != "main"
    }


def test_every_command_module_is_listed() -> None:
    assert _public_modules() == set(cli_main.COMMAND_MODULES)


@pytest.mark.parametrize("name", cli_main.COMMAND_MODULES)
def test_every_command_module_registers_a_command(name: str) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(f"rftkit.cli.{name}").register(sub)
    assert sub.choices, f"rftkit.cli.{name}.register added no command"


def test_the_parser_has_the_commands_of_every_module() -> None:
    parser = cli_main.build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    commands = set(action.choices)
    for name in cli_main.COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"rftkit.cli.{name}").register(sub)
        assert set(sub.choices) <= commands


BROKEN = {
    "syntax": "def register(subparsers):\n    return (\n",
    "bad_import": "from rftkit.errors import NoSuchError\n\ndef register(subparsers): ...\n",
    "raises": "raise RuntimeError('boom at import')\n",
}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("syntax", "SyntaxError"),
        ("bad_import", "ImportError: cannot import name 'NoSuchError'"),
        ("raises", "RuntimeError: boom at import"),
        ("missing", "ModuleNotFoundError"),
    ],
)
def test_a_broken_command_module_stops_the_cli_with_one_error(
    kind: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = f"broken_{kind}_{tmp_path.name}".replace("-", "_")
    if kind in BROKEN:
        (tmp_path / f"{name}.py").write_text(BROKEN[kind])
        monkeypatch.setattr(rftkit.cli, "__path__", [*rftkit.cli.__path__, str(tmp_path)])
        importlib.invalidate_caches()
    monkeypatch.delitem(sys.modules, f"rftkit.cli.{name}", raising=False)
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("grade", name))
    monkeypatch.delenv("RFTKIT_TRACEBACK", raising=False)

    assert cli_main.main(["grade", "--help"]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0].startswith(f"error: rftkit cannot load its command module rftkit.cli.{name}")
    assert expected in lines[0]
    assert lines[1].startswith("hint: ")
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_a_broken_command_module_shows_its_traceback_on_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("grade", "no_such_command_module"))
    monkeypatch.setenv("RFTKIT_TRACEBACK", "1")
    with pytest.raises(Exception, match=r"rftkit\.cli\.no_such_command_module") as info:
        cli_main.main(["grade", "--help"])
    assert isinstance(info.value.__cause__, ModuleNotFoundError)
