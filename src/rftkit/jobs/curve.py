"""One training metric by step: a terminal sparkline, an SVG/HTML chart, and a PNG.

The SVG and the HTML page need nothing beyond the standard library. The PNG is drawn by
matplotlib, an optional dependency (``pip install 'rftkit[plot]'``): :func:`require_matplotlib`
says so in one line before a watch starts, rather than after an hour of polling.
"""

from __future__ import annotations

import html
import io
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from rftkit.errors import UsageError
from rftkit.jobs.model import JobEvent

__all__ = [
    "PLOT_INSTALL",
    "REWARD_METRIC",
    "MetricCurve",
    "require_matplotlib",
    "write_bytes_atomic",
    "write_text_atomic",
]

REWARD_METRIC: Final = "critic_rewards_mean"
"""The metric the reward curve plots by default."""


PLOT_INSTALL: Final = "pip install 'rftkit[plot]'"
"""How to install what PNG charts need."""


def require_matplotlib() -> None:
    """Return when matplotlib (what :meth:`MetricCurve.to_png` draws with) can be imported.

    Raises:
        UsageError: it is not installed (the message says how to install it).
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        if exc.name != "matplotlib":
            raise UsageError(f"PNG charts need matplotlib, which fails to import: {exc}") from None
        raise UsageError(
            f"PNG charts need matplotlib, which is not installed: {PLOT_INSTALL}",
            hint="HTML and SVG charts need no plotting library",
        ) from None


# -- the curve -------------------------------------------------------------------------------------


@dataclass(slots=True)
class MetricCurve:
    """One metric by training step, for the terminal and for a self-contained chart.

    Example:
        >>> c = MetricCurve("critic_rewards_mean")
        >>> for step, value in [(1, 0.2), (2, 0.5), (3, 0.9)]:
        ...     c.add(step, value)
        >>> c.sparkline(3, ascii=True)
        ' =@'
    """

    name: str = REWARD_METRIC
    points: dict[int, float] = field(default_factory=dict)
    total_steps: int | None = None

    def add(self, step: int, value: float) -> None:
        """Record ``value`` at ``step`` (a repeated step keeps the latest value)."""
        if math.isfinite(value):
            self.points[step] = value

    def add_events(self, events: Sequence[JobEvent]) -> int:
        """Take the metric from metrics events; returns how many points were added."""
        added = 0
        for event in events:
            step, value = event.step, event.metric(self.name)
            total = event.metric("total_steps")
            if total is not None and total >= 1:
                self.total_steps = int(total)
            if step is not None and value is not None:
                self.add(step, value)
                added += 1
        return added

    def series(self) -> list[tuple[int, float]]:
        """(step, value) pairs in step order."""
        return sorted(self.points.items())

    @property
    def last_step(self) -> int | None:
        """The highest step seen."""
        return max(self.points) if self.points else None

    def sparkline(self, width: int = 40, *, ascii: bool = False) -> str:
        """The curve as one line of block characters (bucket means when longer than width)."""
        values = [v for _, v in self.series()]
        if not values or width < 1:
            return ""
        if len(values) > width:
            buckets: list[float] = []
            for i in range(width):
                first = i * len(values) // width
                end = max(first + 1, (i + 1) * len(values) // width)
                chunk = values[first:end]
                buckets.append(sum(chunk) / len(chunk))
            values = buckets
        glyphs = " .:-=+*#%@" if ascii else "▁▂▃▄▅▆▇█"
        lo, hi = min(values), max(values)
        span = hi - lo
        top = len(glyphs) - 1
        return "".join(
            glyphs[top // 2 if span == 0 else round((v - lo) / span * top)] for v in values
        )

    def to_svg(self, *, width: int = 720, height: int = 320, title: str | None = None) -> str:
        """A standalone SVG line chart with labelled axes (no plotting dependency)."""
        pts = self.series()
        left, right, top, bottom = 64, 16, 36, 44
        plot_w, plot_h = width - left - right, height - top - bottom
        esc = html.escape
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
            f'<rect width="{width}" height="{height}" fill="white"/>',
            f'<text x="{left}" y="20" font-size="14">{esc(title or self.name)}</text>',
        ]
        if not pts:
            parts.append(
                f'<text x="{left + plot_w // 2}" y="{top + plot_h // 2}" text-anchor="middle" '
                'fill="#666">no data yet</text></svg>'
            )
            return "".join(parts)
        xs = [s for s, _ in pts]
        ys = [v for _, v in pts]
        x_lo, x_hi = min(xs), max(*xs, self.total_steps or 0)
        y_lo, y_hi = min(ys), max(ys)
        if y_hi - y_lo < 1e-12:
            y_lo, y_hi = y_lo - 0.5, y_hi + 0.5
        if x_hi == x_lo:
            x_hi = x_lo + 1

        def sx(x: float) -> float:
            return left + (x - x_lo) / (x_hi - x_lo) * plot_w

        def sy(y: float) -> float:
            return top + (1 - (y - y_lo) / (y_hi - y_lo)) * plot_h

        parts.append(
            f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" '
            'fill="none" stroke="#999"/>'
        )
        for i in range(5):
            y = y_lo + (y_hi - y_lo) * i / 4
            parts.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" '
                f'stroke="#eee"/><text x="{left - 6}" y="{sy(y) + 4:.1f}" '
                f'text-anchor="end">{y:.3g}</text>'
            )
        # Steps are whole numbers: label whole steps, where they fall.
        for step in sorted({round(x_lo + (x_hi - x_lo) * i / 4) for i in range(5)}):
            parts.append(
                f'<text x="{sx(step):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                f"{step}</text>"
            )
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">step</text>'
        )
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        parts.append(f'<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="{path}"/>')
        if len(pts) <= 200:
            parts.extend(
                f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.5" fill="#1f6feb">'
                f"<title>step {x}: {y:.4g}</title></circle>"
                for x, y in pts
            )
        parts.append("</svg>")
        return "".join(parts)

    def to_png(self, *, width: int = 720, height: int = 320, title: str | None = None) -> bytes:
        """The same chart as a PNG, drawn by matplotlib (``pip install 'rftkit[plot]'``).

        Raises:
            UsageError: matplotlib is not installed.
        """
        require_matplotlib()
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        dpi = 100
        # matplotlib truncates the size in pixels, and width / dpi * dpi can fall just short.
        fig = Figure(figsize=((width + 0.5) / dpi, (height + 0.5) / dpi), dpi=dpi)
        # The SVG's margins, in pixels, as far as a small image allows.
        fig.subplots_adjust(
            left=min(64 / width, 0.4),
            right=1 - min(16 / width, 0.1),
            top=1 - min(36 / height, 0.3),
            bottom=min(44 / height, 0.3),
        )
        ax = fig.add_subplot()
        ax.set_title(title or self.name, loc="left", fontsize=11)
        ax.set_xlabel("step")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.grid(True, color="#eeeeee")
        ax.set_axisbelow(True)
        pts = self.series()
        if pts:
            xs = [s for s, _ in pts]
            ys = [v for _, v in pts]
            ax.plot(
                xs,
                ys,
                color="#1f6feb",  # the SVG's blue
                linewidth=2,
                marker="o" if len(pts) <= 200 else None,
                markersize=4,
            )
            if self.total_steps and self.total_steps > xs[-1]:
                ax.set_xlim(right=self.total_steps)
        else:
            ax.text(
                0.5, 0.5, "no data yet", transform=ax.transAxes,
                ha="center", va="center", color="#666666",
            )  # fmt: skip
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
        return buf.getvalue()

    def to_html(self, *, title: str, live: bool = False) -> str:
        """A self-contained HTML page with the SVG chart and the data table.

        ``live`` adds a refresh tag, so a page opened while the job runs keeps up.
        """
        esc = html.escape
        refresh = '<meta http-equiv="refresh" content="30">' if live else ""
        rows = "".join(f"<tr><td>{s}</td><td>{v:.6g}</td></tr>" for s, v in self.series())
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"{refresh}<title>{esc(title)}</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{padding:2px 10px;border-bottom:1px solid #ddd;text-align:right}</style>"
            f"</head><body><h1>{esc(title)}</h1>{self.to_svg()}"
            f"<details><summary>{len(self.points)} points</summary><table>"
            f"<tr><th>step</th><th>{esc(self.name)}</th></tr>{rows}</table></details>"
            "</body></html>\n"
        )


# 3x5 glyphs, one string of three bits per row: enough for axis numbers.
def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Binary twin of :func:`write_text_atomic`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a file so a reader never sees half of it (the chart is rewritten while watching)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
