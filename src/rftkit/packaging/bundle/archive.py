"""The zip itself: deterministic bytes for the same entries."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every entry (the earliest a zip can hold)."""


def _mode_for(name: str) -> int:
    return 0o755 if name.endswith(".so") or ".so." in name else 0o644


def write_deterministic_zip(entries: Mapping[str, Path | bytes], dest: Path) -> None:
    """Write ``entries`` (archive name to file or bytes) as a reproducible zip.

    Sorted names, the 1980-01-01 timestamp, fixed Unix modes, deflate level 9, no directory
    entries and no comment: the same entries always give the same bytes.

    Example:
        >>> import tempfile
        >>> d = Path(tempfile.mkdtemp())
        >>> write_deterministic_zip({"b.py": b"B", "a.py": b"A"}, d / "1.zip")
        >>> write_deterministic_zip({"a.py": b"A", "b.py": b"B"}, d / "2.zip")
        >>> (d / "1.zip").read_bytes() == (d / "2.zip").read_bytes()
        True
    """
    with zipfile.ZipFile(dest, "w") as zf:
        for name in sorted(entries):
            source = entries[name]
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.create_system = 3  # Unix, whatever the build host: modes are read from here
            info.external_attr = (0o100000 | _mode_for(name)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(source, bytes):
                zf.writestr(info, source, compresslevel=9)
            else:
                with open(source, "rb") as src, zf.open(info, "w") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
