"""The one HTML renderer of rftkit's reports: page shell, stylesheet, tables, SVG charts, files.

The replay report (:mod:`rftkit.harness.report`), the audit report (:mod:`rftkit.audit.runner`)
and its training-signal section (:mod:`rftkit.audit.training_signal`) are built from these
pieces, and :func:`line_chart` draws a metric by training step (the job curve). Pages are
self-contained: one inline stylesheet, inline SVG, no script, no external file.

**Everything shown is escaped** unless it is :class:`Html`, the type every function here
returns: a reply is model output and may hold markup, and so may a sample id, a grader's
explanation or an error message. Build a fragment of your own with :func:`escape` on each
text part and wrap the result in :class:`Html`.

:func:`write_report` writes a report as ``.html`` or ``.json`` (by the file's suffix)
through :func:`write_atomic`: the text goes to a temporary file next to the target, which
then replaces it, so a reader (or a crash) never sees half a report.

Example:
    >>> print(table(["reply", "score"], [("<b>72</b>", 0.4689)]))
    <table><thead><tr><th>reply</th><th>score</th></tr></thead><tbody><tr><td>&lt;b&gt;72&lt;/b&gt;</td><td>0.469</td></tr></tbody></table>
"""

from __future__ import annotations

import contextlib
import html as _html
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from rftkit.errors import DatasetError, UsageError

__all__ = [
    "HTML_SUFFIXES",
    "STYLE",
    "Html",
    "bin_histogram",
    "breakable",
    "bullets",
    "details",
    "escape",
    "fields",
    "header",
    "heading",
    "human",
    "join",
    "line_chart",
    "page",
    "paragraph",
    "table",
    "value_histogram",
    "write_atomic",
    "write_report",
]

HTML_SUFFIXES: Final = (".html", ".htm")
"""File suffixes :func:`write_report` writes as an HTML page (``.json`` writes JSON)."""

STYLE: Final = (
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;"
    "color:#222}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3}.ok{color:#1a7f37}.bad{color:#c62828;font-weight:bold}"
    "table.run th{width:7em}"
    "table.wide{width:100%}"
    "table.fixed{table-layout:fixed}"
    "table.fixed td{overflow-wrap:anywhere}"
    "td.n{white-space:nowrap}"
    "td.num{text-align:right;white-space:nowrap}"
    "td.why{width:42%}"
    "td.reply{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.85em;"
    "background:#fafafa}"
    "li code{white-space:pre-wrap;overflow-wrap:anywhere}"
)
"""The stylesheet of every report page. Cell classes: ``n`` (keeps a number on one line),
``num`` (right-aligned), ``why`` (a column of prose taking close to half the table),
``reply`` (a model's reply as written); table classes: ``run`` (the header's fields),
``wide`` (full width), ``fixed`` (column widths as given; long words wrap)."""

_BAR_FILL: Final = "#3b7dd8"
_LINE: Final = "#1f6feb"
_FLOAT_MAX: Final = sys.float_info.max
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


class Html(str):
    """Markup that is safe to put in a page as it is (its text parts are escaped)."""

    __slots__ = ()


def escape(value: object) -> Html:
    """``value`` as text in a page: markup characters escaped, lone surrogates replaced.

    :class:`Html` passes unchanged.

    Example:
        >>> escape('<script>"x" & \\ud800'), escape(Html("<b>ok</b>"))
        ('&lt;script&gt;&quot;x&quot; &amp; \\ufffd', '<b>ok</b>')
    """
    if isinstance(value, Html):
        return value
    return Html(_html.escape(_SURROGATE.sub("\ufffd", str(value))))


def join(parts: Iterable[object], sep: str = "") -> Html:
    """Concatenate fragments; a part that is not :class:`Html` is escaped first."""
    return Html(escape(sep).join(escape(p) for p in parts))


def human(value: Any) -> str:
    """A number as people read it: ``n/a`` for nothing, thousands grouped, 3-4 digits.

    Example:
        >>> [human(v) for v in (None, float("nan"), 31580.0, 0.468929, 1.0, 12.3456, 3)]
        ['n/a', 'n/a', '31,580', '0.469', '1', '12.35', '3']
    """
    if value is None or isinstance(value, bool):
        return "n/a" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if not isinstance(value, float):
        return str(value)
    if not math.isfinite(value):
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


# -- the page ------------------------------------------------------------------------------------


def page(title: str, sections: Iterable[object], *, refresh_s: int | None = None) -> str:
    """A whole HTML page: ``title``, :data:`STYLE`, then the sections in order.

    ``refresh_s`` makes the browser reload the page that often (a page that follows a
    running job).
    """
    refresh = (
        f'<meta http-equiv="refresh" content="{int(refresh_s)}">' if refresh_s is not None else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"{refresh}<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{join(sections)}</body></html>\n"
    )


def header(
    title: str,
    *,
    ok: bool | None = None,
    status: str = "",
    rows: Sequence[tuple[str, Any]] = (),
) -> Html:
    """A page's head: an ``<h1>``, a status line (green when ``ok``, red when not) and a
    table of what the report is about (``rows`` of name and value)."""
    parts = [heading(title, 1)]
    if status:
        parts.append(paragraph(status, cls="" if ok is None else "ok" if ok else "bad"))
    if rows:
        parts.append(fields(rows, cls="run"))
    return join(parts)


def heading(text: str, level: int = 2) -> Html:
    """``<h1>`` to ``<h6>``."""
    level = min(max(int(level), 1), 6)
    return Html(f"<h{level}>{escape(text)}</h{level}>")


def paragraph(text: object, *, cls: str = "") -> Html:
    """A ``<p>`` (of a class)."""
    return Html(f"<p{_class(cls)}>{escape(text)}</p>")


def bullets(items: Iterable[object], *, cls: str = "") -> Html:
    """A ``<ul>``, each item of a class."""
    return Html("<ul>" + "".join(f"<li{_class(cls)}>{escape(i)}</li>" for i in items) + "</ul>")


def details(summary: object, content: object) -> Html:
    """A ``<details>`` block, closed until clicked."""
    return Html(f"<details><summary>{escape(summary)}</summary>{escape(content)}</details>")


def breakable(name: str) -> Html:
    """An identifier that may wrap after its underscores (``must_not_reward``)."""
    return Html(escape(name).replace("_", "_<wbr>"))


def _class(cls: str) -> str:
    return f' class="{escape(cls)}"' if cls else ""


# -- tables --------------------------------------------------------------------------------------


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    cls: str = "",
    fmt: Callable[[Any], str] = human,
    cell_classes: Sequence[str] = (),
    widths: Sequence[str] = (),
    row_classes: Sequence[str] = (),
    empty: str = "None.",
) -> Html:
    """A table of ``rows`` under ``headers``; ``<p>None.</p>`` (``empty``) without rows.

    Args:
        headers: the column names.
        rows: the cells; a cell that is not :class:`Html` is shown as ``fmt(cell)``,
            escaped (:func:`human` by default: numbers rounded, ``None`` as ``n/a``).
        cls: the table's class (see :data:`STYLE`).
        fmt: how a cell becomes text.
        cell_classes: a class per column for its cells (``""`` for none).
        widths: a CSS width per column (``""`` lets the browser choose).
        row_classes: a class per row (``""`` for none).
        empty: what to say when there are no rows.
    """
    if not rows:
        return paragraph(empty)
    cols = ""
    if widths:
        cols = (
            "<colgroup>"
            + "".join(f'<col style="width:{escape(w)}">' if w else "<col>" for w in widths)
            + "</colgroup>"
        )
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        row_cls = row_classes[i] if i < len(row_classes) else ""
        cells = []
        for k, cell in enumerate(row):
            text = cell if isinstance(cell, Html) else escape(fmt(cell))
            cell_cls = cell_classes[k] if k < len(cell_classes) else ""
            cells.append(f"<td{_class(cell_cls)}>{text}</td>")
        body.append(f"<tr{_class(row_cls)}>{''.join(cells)}</tr>")
    return Html(
        f"<table{_class(cls)}>{cols}<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def fields(
    rows: Sequence[tuple[str, Any]], *, cls: str = "", fmt: Callable[[Any], str] = str
) -> Html:
    """A two-column table of names (as row headers) and values."""
    body = "".join(
        f"<tr><th>{escape(k)}</th><td>{v if isinstance(v, Html) else escape(fmt(v))}</td></tr>"
        for k, v in rows
    )
    return Html(f"<table{_class(cls)}><tbody>{body}</tbody></table>")


# -- charts --------------------------------------------------------------------------------------

_HIST_W: Final = 640
_HIST_H: Final = 240
_HIST_PAD: Final = 36


def _svg_open(width: int, height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
    )


def _count(n: Any) -> int:
    return n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else 0


def _g(value: float) -> str:
    return f"{value:g}" if math.isfinite(value) else "n/a"


def value_histogram(
    values: Sequence[tuple[float, int]], *, label: str = "by value", empty: str = "No data."
) -> Html:
    """An SVG bar per value (``(value, count)`` pairs), each with its count and share.

    For the few distinct scores a grader pays (gsm8k: 0, 0.1, 0.9, 1): ten bins would lump
    0.9 with 1.0. Counts below 0 count as 0; a value that is not a finite number shows as
    ``n/a``.
    """
    if not values:
        return paragraph(empty)
    width, height, pad = _HIST_W, _HIST_H, _HIST_PAD
    counts = [_count(n) for _, n in values]
    total = sum(counts)
    peak = max(counts) or 1
    bar_w = (width - 2 * pad) / len(values)
    parts = [
        _svg_open(width, height, label),
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#444"/>',
    ]
    for k, ((value, _), n) in enumerate(zip(values, counts, strict=True)):
        h = (height - 2 * pad) * n / peak
        x = pad + k * bar_w
        y = height - pad - h
        share = n / total * 100 if total else 0.0
        shown = escape(_g(value))
        parts.append(
            f'<rect x="{x + 4:.1f}" y="{y:.1f}" width="{max(bar_w - 8, 0.5):.1f}" '
            f'height="{h:.1f}" fill="{_BAR_FILL}"><title>{shown}: {n} ({share:.1f}%)</title>'
            f'</rect><text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="11" '
            f'text-anchor="middle">{n} ({share:.0f}%)</text>'
            f'<text x="{x + bar_w / 2:.1f}" y="{height - pad + 16}" font-size="12" '
            f'text-anchor="middle">{shown}</text>'
        )
    parts.append("</svg>")
    return Html("".join(parts))


def bin_histogram(
    bins: Sequence[tuple[float, float, int]], *, label: str = "histogram", empty: str = "No data."
) -> Html:
    """An SVG histogram of ``(lo, hi, count)`` bins, labelled at the bin edges.

    Counts below 0 count as 0; an edge that is not a finite number shows as ``n/a``.
    """
    if not bins:
        return paragraph(empty)
    width, height, pad = _HIST_W, _HIST_H, _HIST_PAD
    counts = [_count(n) for _, _, n in bins]
    peak = max(counts) or 1
    bar_w = (width - 2 * pad) / len(bins)
    parts = [
        _svg_open(width, height, label),
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#444"/>',
    ]
    for k, ((lo, hi, _), n) in enumerate(zip(bins, counts, strict=True)):
        h = (height - 2 * pad) * n / peak
        x = pad + k * bar_w
        y = height - pad - h
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bar_w - 2, 0.5):.1f}" '
            f'height="{h:.1f}" fill="{_BAR_FILL}"><title>[{_edge(lo)}, {_edge(hi)}): {n}</title>'
            "</rect>"
        )
        if n:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="11" '
                f'text-anchor="middle">{n}</text>'
            )
        parts.append(
            f'<text x="{x:.1f}" y="{height - pad + 16}" font-size="11" '
            f'text-anchor="middle">{_edge(lo)}</text>'
        )
    parts.append(
        f'<text x="{width - pad:.1f}" y="{height - pad + 16}" font-size="11" '
        f'text-anchor="middle">{_edge(bins[-1][1])}</text>'
    )
    parts.append("</svg>")
    return Html("".join(parts))


def _edge(value: float) -> str:
    return f"{value:.2f}" if math.isfinite(value) else "n/a"


def _frac(v: float, lo: float, hi: float) -> float:
    """Where ``v`` lies between ``lo`` and ``hi`` (0 to 1), even when ``hi - lo`` overflows."""
    span = hi - lo
    if math.isfinite(span):
        return (v - lo) / span
    return (v / 2 - lo / 2) / (hi / 2 - lo / 2)


def _lerp(lo: float, hi: float, t: float) -> float:
    span = hi - lo
    return lo + span * t if math.isfinite(span) else lo * (1 - t) + hi * t


def _widen(lo: float, hi: float, pad: float, *, both: bool) -> tuple[float, float]:
    """A range with ``hi > lo``: ``pad`` (or a millionth of the value) around a single value."""
    if hi - lo >= 1e-12:
        return lo, hi
    pad = max(pad, abs(lo) * 1e-6, abs(hi) * 1e-6)
    new_lo = max(lo - pad, -_FLOAT_MAX) if both else lo
    new_hi = min(hi + pad, _FLOAT_MAX)
    if new_hi <= new_lo:  # hi was the largest float
        new_lo = new_hi - pad
    return new_lo, new_hi


def _tick(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def line_chart(
    points: Iterable[tuple[float, float]],
    *,
    title: str,
    x_label: str = "step",
    x_max: float | None = None,
    width: int = 720,
    height: int = 320,
    empty: str = "no data yet",
    max_markers: int = 200,
) -> Html:
    """A standalone SVG line chart of ``(x, y)`` points with labelled axes (the job curve).

    Args:
        points: the points, in any order; points that are not finite numbers are left out.
        title: the chart's title, drawn above it.
        x_label: the x axis's name (also in each point's tooltip).
        x_max: extend the x axis to here (a job's total steps while it runs).
        width: in pixels.
        height: in pixels.
        empty: what the chart says without a point.
        max_markers: a dot with a tooltip marks each point when there are at most this many.

    When every x is a whole number (training steps), the x axis is labelled at whole
    numbers only.
    """
    pts = sorted((x, y) for x, y in points if _finite(x) and _finite(y))
    left, right, top, bottom = 64, 16, 36, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="20" font-size="14">{escape(title)}</text>',
    ]
    if not pts:
        parts.append(
            f'<text x="{left + plot_w // 2}" y="{top + plot_h // 2}" text-anchor="middle" '
            f'fill="#666">{escape(empty)}</text></svg>'
        )
        return Html("".join(parts))
    xs = [float(x) for x, _ in pts]
    ys = [float(y) for _, y in pts]
    extra = [float(x_max)] if x_max is not None and _finite(x_max) else []
    x_lo, x_hi = _widen(min(xs), max(xs + extra), 1.0, both=False)
    y_lo, y_hi = _widen(min(ys), max(ys), 0.5, both=True)
    whole = all(x.is_integer() for x in xs + extra)

    def sx(x: float) -> float:
        return left + _frac(x, x_lo, x_hi) * plot_w

    def sy(y: float) -> float:
        return top + (1 - _frac(y, y_lo, y_hi)) * plot_h

    parts.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>'
    )
    for i in range(5):
        y = _lerp(y_lo, y_hi, i / 4)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" '
            f'stroke="#eee"/><text x="{left - 6}" y="{sy(y) + 4:.1f}" '
            f'text-anchor="end">{y:.3g}</text>'
        )
    ticks = (
        sorted({float(round(_lerp(x_lo, x_hi, i / 4))) for i in range(5)})
        if whole
        else [_lerp(x_lo, x_hi, i / 4) for i in range(5)]
    )
    for tick in ticks:
        shown = _tick(tick) if whole else f"{tick:.3g}"
        parts.append(
            f'<text x="{sx(tick):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{shown}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
    )
    path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in zip(xs, ys, strict=True))
    parts.append(f'<polyline fill="none" stroke="{_LINE}" stroke-width="2" points="{path}"/>')
    if len(pts) <= max_markers:
        parts.extend(
            f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.5" fill="{_LINE}">'
            f"<title>{escape(x_label)} {_tick(x)}: {y:.4g}</title></circle>"
            for x, y in zip(xs, ys, strict=True)
        )
    parts.append("</svg>")
    return Html("".join(parts))


def _finite(v: Any) -> bool:
    if not isinstance(v, int | float) or isinstance(v, bool):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:  # an int past float range
        return False


# -- files ---------------------------------------------------------------------------------------


def write_atomic(path: str | os.PathLike[str], content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) so a reader never sees half of it.

    It goes to a temporary file in the same directory, which then replaces ``path``; on
    any error the temporary file is removed and ``path`` is left as it was.

    Raises:
        OSError: the file cannot be written.
    """
    target = Path(path)
    data = content.encode("utf-8", "replace") if isinstance(content, str) else content
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def write_report(
    path: str | os.PathLike[str],
    *,
    html: Callable[[], str],
    data: Callable[[], Any],
) -> None:
    """Write a report to ``path``: the page ``html()`` for ``.html``/``.htm``, ``data()`` as
    indented JSON for ``.json``; only the one needed is called. Atomic (:func:`write_atomic`).

    Raises:
        UsageError: another suffix.
        DatasetError: the file cannot be written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".json":
        text = json.dumps(data(), indent=2) + "\n"
    elif suffix in HTML_SUFFIXES:
        text = html()
    else:
        raise UsageError(
            f"cannot write a report as {suffix or 'a file without suffix'}",
            hint="use --report report.html or --report report.json",
        )
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise DatasetError(f"cannot write {target}: {exc.strerror or exc}") from None
