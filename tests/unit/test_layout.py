"""Source layout rules (issue 15): no module under src/ grows past 900 lines.

A module that passes the limit is split by responsibility (see rftkit.audit.probes: one module
per probe family), not trimmed by packing more onto each line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
MAX_LINES = 900


def _line_count(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def oversized(root: Path, limit: int = MAX_LINES) -> list[tuple[str, int]]:
    """Every ``.py`` file under ``root`` longer than ``limit`` lines, with its line count."""
    found = []
    for path in sorted(root.rglob("*.py")):
        n = _line_count(path)
        if n > limit:
            found.append((path.relative_to(root).as_posix(), n))
    return found


def test_no_source_module_is_over_900_lines() -> None:
    modules = list(SRC.rglob("*.py"))
    assert len(modules) > 50  # the walk really sees the package
    too_long = oversized(SRC)
    listed = ", ".join(f"{name} ({n})" for name, n in too_long)
    assert not too_long, f"split these modules (limit {MAX_LINES} lines): {listed}"


@pytest.mark.parametrize(
    ("lines", "flagged"),
    [(899, False), (900, False), (901, True), (2000, True)],
)
def test_the_check_flags_exactly_the_modules_over_the_limit(
    tmp_path: Path, lines: int, flagged: bool
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text("x = 1\n" * lines)
    (tmp_path / "pkg" / "small.py").write_text("y = 2\n")
    (tmp_path / "notes.txt").write_text("z\n" * 5000)  # only Python modules count
    expected = [("pkg/mod.py", lines)] if flagged else []
    assert oversized(tmp_path) == expected
