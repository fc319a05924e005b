"""The public surface is locked: each public module's ``__all__`` says exactly what it offers.

As httpx does: every name in ``__all__`` exists, and every public (non-underscore) name the
module defines (for a package's ``__init__``, also what it imports to re-export) is in
``__all__``. The public modules are the ones docs/api.md lists; everything else is internal.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PUBLIC = (
    "rftkit",
    "rftkit.errors",
    "rftkit.rewards",
    "rftkit.rewards.mathexpr.equiv",
    "rftkit.harness",
    "rftkit.harness.events",
    "rftkit.harness.runtime",
    "rftkit.packaging.bundle",
    "rftkit.audit",
    "rftkit.integrations.trl",
    "rftkit.integrations.verl",
)

# ``TYPE_CHECKING = False`` is the typing-free spelling of typing.TYPE_CHECKING (the Lambda
# path never imports typing), not an export.
_NOT_EXPORTS = frozenset({"TYPE_CHECKING"})


def _source(name: str) -> tuple[Path, bool]:
    module = importlib.import_module(name)
    path = Path(str(module.__file__))
    return path, path.name == "__init__.py"


def _bound_names(path: Path, *, package: bool) -> set[str]:
    """Public names bound at the top level of a module's source (not inside ``if``/``try``).

    A package's ``__init__`` exists to re-export, so its imports count; a plain module's
    imports are its own business.
    """
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif package and isinstance(node, ast.ImportFrom) and node.module != "__future__":
            names.update(a.asname or a.name for a in node.names)
        elif package and isinstance(node, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return {n for n in names if not n.startswith("_")} - _NOT_EXPORTS


@pytest.mark.parametrize("name", PUBLIC)
def test_every_name_in_all_exists(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, list | tuple), f"{name} has no __all__"
    assert len(set(exported)) == len(exported), f"{name}.__all__ repeats a name"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ names what it lacks: {missing}"


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_defined_is_in_all(name: str) -> None:
    module = importlib.import_module(name)
    path, package = _source(name)
    unlisted = sorted(_bound_names(path, package=package) - set(module.__all__))
    assert not unlisted, f"{name} defines public names missing from __all__: {unlisted}"


@pytest.mark.parametrize("name", PUBLIC)
def test_star_import_gives_exactly_all(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from {name} import *", namespace)
    namespace.pop("__builtins__", None)
    assert sorted(namespace) == sorted(importlib.import_module(name).__all__)


def test_the_lock_finds_an_unlisted_name(tmp_path: Path) -> None:
    """The check itself can fail: a helper defined but not listed is caught."""
    source = tmp_path / "mod.py"
    source.write_text(
        "__all__ = ['a']\ndef a(): ...\ndef b(): ...\n_c = 1\nTYPE_CHECKING = False\n"
    )
    assert _bound_names(source, package=False) - {"a"} == {"b"}
    init = tmp_path / "__init__.py"
    init.write_text("from __future__ import annotations\nfrom x import y as z, w\nimport q.r\n")
    assert _bound_names(init, package=True) == {"z", "w", "q"}


def test_docs_list_exactly_the_public_modules() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = text.split("## Public modules", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^[-*] `(rftkit[\w.]*)`", section, flags=re.M)
    assert sorted(listed) == sorted(PUBLIC)
