"""What a module imports, read from its source (never by importing it)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rftkit.errors import BuildError


@dataclass(frozen=True, slots=True)
class _ImportStmt:
    level: int  # 0 for absolute imports
    module: str  # ``import a.b`` -> "a.b"; ``from .x import y`` -> "x" (may be "")
    names: tuple[str, ...]  # names after ``from ... import`` (empty for ``import``)
    optional: bool  # under ``try/except ImportError`` or ``if TYPE_CHECKING``


_OPTIONAL_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception"})


def _guarded(handlers: Iterable[ast.ExceptHandler]) -> bool:
    for handler in handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            if kind is None or (isinstance(kind, ast.Name) and kind.id in _OPTIONAL_ERRORS):
                return True
    return False


@lru_cache(maxsize=4096)
def _scan_imports(path: str, mtime_ns: int, size: int) -> tuple[_ImportStmt, ...]:
    """Every import statement of a module, at any depth (cached per file version).

    Only statements are visited (imports are statements), which keeps this fast.
    """
    del mtime_ns, size  # part of the cache key only
    try:
        tree = ast.parse(Path(path).read_bytes(), path)
    except SyntaxError as exc:
        raise BuildError(f"{path}: syntax error: {exc}") from None
    found: list[_ImportStmt] = []

    def visit(node: ast.AST, optional: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend(_ImportStmt(0, a.name, (), optional) for a in node.names)
            return
        if isinstance(node, ast.ImportFrom):
            names = tuple(a.name for a in node.names)
            found.append(_ImportStmt(node.level, node.module or "", names, optional))
            return
        if isinstance(node, ast.Try | ast.TryStar) and _guarded(node.handlers):
            for stmt in node.body:
                visit(stmt, True)
            rest: list[ast.AST] = [*node.handlers, *node.orelse, *node.finalbody]
            for other in rest:
                visit(other, optional)
            return
        if isinstance(node, ast.If):
            test = node.test
            if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
            ):
                for stmt in node.orelse:
                    visit(stmt, optional)
                return
        for field_name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field_name, None)
            if isinstance(children, list):
                for child in children:
                    if isinstance(child, ast.stmt | ast.excepthandler | ast.match_case):
                        visit(child, optional)

    visit(tree, False)
    return tuple(found)


def _imports_of(path: Path) -> tuple[_ImportStmt, ...]:
    st = path.stat()
    return _scan_imports(str(path), st.st_mtime_ns, st.st_size)


def _import_names(path: Path) -> set[str]:
    """Top-level names of the absolute imports a module needs (optional imports excluded).

    An import inside ``try: ... except ImportError`` (or ``ModuleNotFoundError``) or under
    ``if TYPE_CHECKING:`` is optional and not counted.
    """
    return {
        imp.module.split(".")[0]
        for imp in _imports_of(path)
        if not imp.optional and imp.level == 0 and imp.module
    }


def _rftkit_imports(path: Path, package: str) -> set[str]:
    """Dotted names of the rftkit modules a module imports (absolute or relative)."""
    found: set[str] = set()
    for imp in _imports_of(path):
        if imp.level:
            base = package.split(".")
            base = base[: len(base) - imp.level + 1]
            module = ".".join([*base, imp.module] if imp.module else base)
        else:
            module = imp.module
        if module.split(".")[0] != "rftkit":
            continue
        found.add(module)
        # `from rftkit.x import y` may name the submodule rftkit.x.y
        found.update(f"{module}.{name}" for name in imp.names)
    return found
