"""Bytecode compiled by the target interpreter (see "Bytecode" in the package docstring)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

from rftkit.errors import BuildError, RuntimeClientError
from rftkit.harness.runtime import (
    find_interpreter,
)

# rftkit's own modules ship as bytecode only (see "Bytecode" in the package docstring).
_SOURCELESS_PREFIXES: tuple[str, ...] = ("rftkit/",)


_COMPILE_SCRIPT = """
import importlib.util, json, py_compile, sys
src, out = sys.argv[1], sys.argv[2]
todo = json.loads(sys.stdin.read())
mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
done, failed = [], []
for name, sourceless in todo:  # sorted by the caller: the same order gives the same bytes
    cfile = name[:-3] + ".pyc" if sourceless else importlib.util.cache_from_source(name)
    try:
        py_compile.compile(f"{src}/{name}", cfile=f"{out}/{cfile}", dfile=name,
                           doraise=True, optimize=0, invalidation_mode=mode)
    except py_compile.PyCompileError as exc:
        failed.append([name, (str(exc.msg).strip().splitlines() or ["error"])[-1]])
        continue
    done.append([name, cfile])
print(json.dumps({"python": sys.version.split()[0], "done": done, "failed": failed}))
"""


# An explicit environment: no PYTHON* variable of this machine reaches the compiler, and a
# fixed hash seed keeps anything ordered by string hashes the same from build to build.
_COMPILE_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}


def _compile_bytecode(
    entries: dict[str, Path | bytes],
    *,
    python: str,
    dependencies: Iterable[str],
    workdir: Path,
    say: Callable[[str], None],
) -> tuple[str, list[str]]:
    """Add ``.pyc`` files compiled by the target interpreter; return (its version, warnings).

    rftkit's own modules (archive names under ``_SOURCELESS_PREFIXES``) and the
    dependencies' modules are replaced by their ``.pyc``; the grader's own modules keep their
    source next to ``__pycache__/*.pyc``. With no
    target interpreter here the entries are left as they are and the version is ``""``.

    Raises:
        BuildError: rftkit's or the grader's own code does not compile on the target (a
            dependency module that does not compile ships as source only, with a warning).
    """
    try:
        interpreter = find_interpreter(python)
    except RuntimeClientError:
        env_name = f"RFTKIT_PYTHON_{python.replace('.', '_')}"
        return "", [
            f"no bytecode: there is no Python {python} interpreter here, so the zip holds "
            "sources only and every cold start compiles them; install Python "
            f"{python} (or set {env_name}) to ship bytecode, or build with --no-bytecode"
        ]
    src, out = workdir / "pysrc", workdir / "pyc"
    names = sorted(n for n in entries if n.endswith(".py"))
    for name in names:
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = entries[name]
        if isinstance(source, bytes):
            target.write_bytes(source)
        else:
            shutil.copyfile(source, target)
    say(f"compiling {len(names)} modules with Python {python}")
    # Dependencies ship as bytecode only too: sympy with sources beside its .pyc is over
    # 11 MB zipped, without them well under the 10 MB that keeps deploys direct uploads.
    # The grader's own code keeps its source, so its tracebacks show the failing line.
    optional = set(dependencies)
    sourceless = {
        name for name in names if name.startswith(_SOURCELESS_PREFIXES) or name in optional
    }
    todo = [[name, name in sourceless] for name in names]
    proc = subprocess.run(
        # -X no_debug_ranges leaves out the column tables (tracebacks lose their ^^^ markers,
        # nothing else): about a fifth of the compressed bytecode.
        [
            *(str(interpreter), "-s", "-S", "-P", "-B", "-X", "no_debug_ranges"),
            *("-c", _COMPILE_SCRIPT, str(src), str(out)),
        ],
        input=json.dumps(todo),
        capture_output=True,
        text=True,
        env=_COMPILE_ENV,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        raise BuildError(
            f"Python {python} could not compile the bundle: " + proc.stderr.strip()[-800:]
        )
    report = json.loads(proc.stdout)
    broken = [f"{name}: {why}" for name, why in report["failed"] if name not in optional]
    if broken:
        raise BuildError(
            f"the bundle's code does not compile on Python {python}: " + "; ".join(broken),
            hint=f"make the grader's code valid Python {python}",
        )
    for name, cfile in report["done"]:
        if name in sourceless:
            del entries[name]
        entries[cfile] = out / cfile
    warnings = []
    if report["failed"]:
        shown = ", ".join(name for name, _ in report["failed"][:5])
        more = len(report["failed"]) - 5
        warnings.append(
            f"{len(report['failed'])} dependency module(s) do not compile on Python {python} "
            f"and ship as source only: {shown}{f' and {more} more' if more > 0 else ''}"
        )
    return str(report["python"]), warnings
