"""Which rftkit modules ship: the Lambda core and whatever the handler and grader reach.

Imports are followed statically from the core (``lambda_entry``, ``handler``, ``contract``,
``invoke``, ...) and from the grader's module; ``cli``, ``packaging`` and ``jobs`` never ship.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import rftkit
from rftkit.errors import BuildError
from rftkit.packaging.bundle.imports import _rftkit_imports
from rftkit.rewards.registry import BUILTINS

_CORE_MODULES = (
    "rftkit",
    "rftkit.errors",
    "rftkit.rewards",
    "rftkit.rewards.types",
    "rftkit.rewards.registry",
    "rftkit.rewards.deadline",
    "rftkit.rewards.builtin",
    "rftkit.harness",
    "rftkit.harness.invoke",
    "rftkit.harness.contract",
    "rftkit.harness.handler",
    "rftkit.harness.lambda_entry",
)


_NEVER_SHIPPED = ("rftkit/cli/", "rftkit/packaging/", "rftkit/jobs/")


def _module_file(pkg_root: Path, dotted: str) -> Path | None:
    """The source file of an rftkit module (``rftkit.x.y`` -> ``x/y.py`` or ``x/y/__init__.py``)."""
    rel = dotted.split(".")[1:]
    if not rel:
        return pkg_root / "__init__.py"
    for candidate in (Path(*rel).with_suffix(".py"), Path(*rel, "__init__.py")):
        if (pkg_root / candidate).is_file():
            return pkg_root / candidate
    return None


def _modules_named_in(args: Any) -> set[str]:
    """rftkit modules a grader's arguments refer to (a composite naming its parts)."""
    found: set[str] = set()
    stack = [args]
    while stack:
        value = stack.pop()
        if isinstance(value, Mapping):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, str):
            target = BUILTINS.get(value, value)
            module, sep, attr = target.partition(":")
            if sep and attr and module.split(".")[0] == "rftkit":
                found.add(module)
    return found


def _rftkit_runtime_files(seeds: Iterable[str], say: Callable[[str], None]) -> dict[str, Path]:
    """The rftkit modules a reward Lambda imports: the core, ``seeds``, and their imports.

    Imports are followed statically (module level and inside functions) to a fixed point, so
    what the handler and the grader's module need is shipped and nothing else; graders named
    only by string (the registry's lazy table) are not imported and not shipped.
    """
    pkg_root = Path(rftkit.__file__).resolve().parent
    files: dict[str, Path] = {}
    todo = [*_CORE_MODULES, *seeds]
    while todo:
        dotted = todo.pop()
        source = _module_file(pkg_root, dotted)
        if source is None:
            continue
        arc = "rftkit/" + source.relative_to(pkg_root).as_posix()
        if arc in files:
            continue
        if arc.startswith(_NEVER_SHIPPED):
            raise BuildError(
                f"{dotted} is on the Lambda's import path but never ships in a bundle",
                hint="the Lambda runtime path must not import rftkit.cli, .packaging or .jobs",
            )
        files[arc] = source
        is_package = source.name == "__init__.py"
        package = dotted if is_package else dotted.rpartition(".")[0]
        # every package on the way needs its __init__.py
        parts = dotted.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(_rftkit_imports(source, package))
    # Package data (templates and the like) next to shipped modules.
    for directory in sorted({p.parent for p in files.values()}):
        for data in sorted(directory.iterdir()):
            if (
                data.is_file()
                and not data.is_symlink()
                and not data.name.startswith(".")
                and data.suffix not in {".py", ".pyc", ".typed"}
            ):
                files["rftkit/" + data.relative_to(pkg_root).as_posix()] = data
    say(f"rftkit runtime: {len(files)} files")
    return dict(sorted(files.items()))
