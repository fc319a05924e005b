"""One training metric by step: a terminal sparkline, an SVG/HTML chart, and a PNG.

The SVG chart and the HTML page come from :mod:`rftkit.render` (the reports' renderer) and
need nothing beyond the standard library; files are written with
:func:`rftkit.render.write_atomic`. The PNG is drawn by
matplotlib, an optional dependency (``pip install 'rftkit[plot]'``): :func:`require_matplotlib`
says so in one line before a watch starts, rather than after an hour of polling.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from rftkit import render
from rftkit.errors import UsageError
from rftkit.jobs.model import JobEvent

__all__ = [
    "PLOT_INSTALL",
    "REWARD_METRIC",
    "MetricCurve",
    "require_matplotlib",
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
        """A standalone SVG line chart with labelled axes (no plotting dependency).

        Drawn by :func:`rftkit.render.line_chart`, the x axis reaching :attr:`total_steps`.
        """
        return str(
            render.line_chart(
                self.series(),
                title=title or self.name,
                x_max=self.total_steps,
                width=width,
                height=height,
            )
        )

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

        ``live`` makes the page reload every 30 s, so a page opened while the job runs keeps
        up. The page comes from :func:`rftkit.render.page` (the reports' stylesheet).
        """
        series = self.series()
        return render.page(
            title,
            [
                render.heading(title, 1),
                render.Html(self.to_svg()),
                render.details(
                    f"{len(series)} points",
                    render.table(
                        ["step", self.name],
                        [(s, f"{v:.6g}") for s, v in series],
                        cell_classes=["num", "num"],
                    ),
                ),
            ],
            refresh_s=30 if live else None,
        )
