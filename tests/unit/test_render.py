"""The one report renderer: hostile text stays text, charts take any numbers, writes are atomic."""

from __future__ import annotations

import math
import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rftkit import render
from rftkit.errors import DatasetError, UsageError
from rftkit.harness.invoke import InvokeResult
from rftkit.harness.report import ReportBuilder

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</td></tr></table><h1>owned</h1>",
    "&lt;already escaped&gt; & &amp;",
    "<!-- comment --> <![CDATA[x]]>",
    "</style><style>body{display:none}",
    "lone surrogate \ud800 and \udfff",
    "\x00\x1b[31m control",
]


class _Tags(HTMLParser):
    """The elements and the text of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


def _shown(text: str) -> str:
    """What a reader sees of ``text`` (lone surrogates cannot be written as UTF-8)."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def _every_piece(text: str) -> dict[str, str]:
    """Each renderer function, given ``text`` wherever it takes text."""
    rows = [(text, 1.5, None, text)]
    return {
        "page": render.page(text, [text, render.paragraph(text)]),
        "header": render.header(text, ok=False, status=text, rows=[(text, text)]),
        "heading": render.heading(text, 3),
        "paragraph": render.paragraph(text, cls="bad"),
        "bullets": render.bullets([text, text], cls="bad"),
        "details": render.details(text, text),
        "breakable": render.breakable(text),
        "table": render.table([text, "n", "x", text], rows, cell_classes=["", "n"]),
        "empty table": render.table([text], [], empty=text),
        "fields": render.fields([(text, text)], cls="run"),
        "join": render.join([text, render.Html("<b>ok</b>")], sep=text),
        "values": render.value_histogram([(0.5, 3)], label=text),
        "bins": render.bin_histogram([(0.0, 1.0, 3)], label=text, empty=text),
        "bins empty": render.bin_histogram([], empty=text),
        "line": render.line_chart([(1, 0.5), (2, 0.7)], title=text, x_label=text),
        "line empty": render.line_chart([], title=text, empty=text),
    }


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_shown_as_text_everywhere(text: str) -> None:
    benign = _every_piece("x")
    for name, markup in _every_piece(text).items():
        parsed = _parse(markup)
        # The text changes no element and no attribute name: the page has the structure
        # it has with harmless text.
        assert parsed.tags == _parse(benign[name]).tags, name
        assert [k for k, _ in parsed.attrs] == [k for k, _ in _parse(benign[name]).attrs], name
        assert "\ud800" not in markup and "\udfff" not in markup, name
        if name not in {"values", "bins", "bins empty"}:  # their label is an attribute
            assert _shown(text) in "".join(parsed.text), name


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_in_a_cell_comes_back_as_that_text(text: str) -> None:
    markup = render.table(["h"], [(text,)])
    parsed = _parse(markup)
    assert parsed.tags == ["table", "thead", "tr", "th", "tbody", "tr", "td"]
    assert "".join(parsed.text[1:]) == _shown(text)


def test_a_replay_report_with_hostile_replies_ids_and_errors_shows_them_as_text() -> None:
    evil = HOSTILE[0] + HOSTILE[1]
    builder = ReportBuilder(
        grader=evil, target=evil, header={"inputs": evil, "args": {"k": evil}}, explain=None
    )
    event = [
        {
            "id": f"{evil}-{i}",
            "messages": [
                {"role": "user", "content": evil},
                {"role": "assistant", "content": evil * 3},
            ],
        }
        for i in range(3)
    ]
    payload = [
        {"id": f"{evil}-{i}", "aggregate_reward_score": 0.0, "metrics_list": []} for i in range(3)
    ]
    builder.add(event, InvokeResult(payload=payload), source=evil)
    builder.add(event, InvokeResult(error={"errorType": evil, "errorMessage": evil}), evil)
    page = builder.build(wall_s=1.0).render_html()
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert parsed.tags.count("h1") == 1
    assert all(not k.startswith("on") for k, _ in parsed.attrs)
    assert HOSTILE[0] in "".join(parsed.text)


def test_numbers_in_cells_are_rounded_and_nothing_is_none() -> None:
    markup = render.table(["a", "b", "c", "d"], [(0.468929, None, math.nan, 31580)])
    assert _parse(markup).text[4:] == ["0.469", "n/a", "n/a", "31,580"]


# -- charts --------------------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
anything = st.one_of(st.floats(), st.integers(-(10**400), 10**400))


def _svg(markup: str) -> ET.Element:
    root = ET.fromstring(markup)  # well-formed XML, as an .svg file must be
    for element in root.iter():
        for key, value in element.attrib.items():
            if key in {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height", "points"}:
                numbers = value.replace(",", " ").split()
                assert all(math.isfinite(float(n)) for n in numbers), (key, value)
    return root


@pytest.mark.parametrize(
    "points",
    [
        [],
        [(1, 0.5)],
        [(3, 0.2), (1, 0.5), (2, 0.9)],
        [(s, (s % 7) / 7) for s in range(1, 500)],
        [(1, math.nan), (2, math.inf), (3, -math.inf), (math.nan, 1.0)],
        [(1, 1e308), (2, -1e308)],
        [(1e308, 0.0), (-1e308, 1.0)],
        [(5, 0.25), (5, 0.25)],
        [(0.5, 1.0), (0.75, 2.0)],
    ],
)
def test_a_line_chart_takes_none_one_many_and_non_finite_points(
    points: list[tuple[float, float]],
) -> None:
    root = _svg(render.line_chart(points, title="reward", x_max=10))
    kept = [p for p in points if all(math.isfinite(v) for v in p)]
    markers = root.findall("{http://www.w3.org/2000/svg}circle")
    assert len(markers) == (len(kept) if len(kept) <= 200 else 0)
    if not kept:
        assert "no data yet" in ET.tostring(root, encoding="unicode")


def test_a_line_chart_labels_whole_steps_and_reaches_the_last_step() -> None:
    markup = render.line_chart([(1, 0.1), (2, 0.4)], title="t", x_max=9)
    texts = [t.text for t in _svg(markup).iter("{http://www.w3.org/2000/svg}text")]
    assert "9" in texts and "step" in texts
    assert not any(t and t.replace(".", "", 1).isdigit() and "." in t for t in texts[-6:-1])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(anything, anything), max_size=30), st.one_of(st.none(), anything))
def test_a_line_chart_never_fails_on_any_numbers(points: Any, x_max: Any) -> None:
    _svg(render.line_chart(points, title="t", x_max=x_max))


@pytest.mark.parametrize(
    "values",
    [[], [(1.0, 5)], [(0.0, 3), (0.9, 2), (1.0, 7)], [(math.nan, 1), (math.inf, 0), (0.5, -3)]],
)
def test_a_bar_per_value_takes_none_one_many_and_odd_values(
    values: list[tuple[float, int]],
) -> None:
    markup = render.value_histogram(values, empty="No scores.")
    if not values:
        assert markup == "<p>No scores.</p>"
        return
    root = _svg(markup)
    assert len(root.findall("{http://www.w3.org/2000/svg}rect")) == len(values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(), st.floats(), st.integers(-5, 10**6)), max_size=40))
def test_a_binned_histogram_never_fails_on_any_numbers(
    bins: list[tuple[float, float, int]],
) -> None:
    markup = render.bin_histogram(bins)
    if bins:
        assert len(_svg(markup).findall("{http://www.w3.org/2000/svg}rect")) == len(bins)
    else:
        assert markup == "<p>No data.</p>"


# -- files ---------------------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_report_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("the old report", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(DatasetError, match="No space left on device"):
        render.write_report(target, html=lambda: "<p>new</p>" * 10_000, data=dict)
    assert target.read_text(encoding="utf-8") == "the old report"
    assert _leftovers(tmp_path) == []


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render.write_atomic(tmp_path / "r.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_a_page_that_fails_to_render_writes_nothing(tmp_path: Path) -> None:
    def broken() -> str:
        raise ValueError("bug")

    with pytest.raises(ValueError):
        render.write_report(tmp_path / "r.html", html=broken, data=dict)
    assert list(tmp_path.iterdir()) == []


def test_a_directory_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "r.html").mkdir()
    with pytest.raises(DatasetError, match="cannot write"):
        render.write_report(tmp_path / "r.html", html=lambda: "x", data=dict)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("r.html", "<p>page</p>"), ("R.HTM", "<p>page</p>"), ("r.json", '{\n  "a": 1\n}\n')],
)
def test_the_suffix_picks_the_form_and_only_that_form_is_made(
    tmp_path: Path, name: str, expected: str
) -> None:
    made: list[str] = []

    def page() -> str:
        made.append("html")
        return "<p>page</p>"

    def data() -> dict[str, int]:
        made.append("json")
        return {"a": 1}

    render.write_report(tmp_path / name, html=page, data=data)
    assert (tmp_path / name).read_text(encoding="utf-8") == expected
    assert made == (["json"] if name.endswith("json") else ["html"])


@pytest.mark.parametrize("name", ["r.png", "report", "r.txt"])
def test_another_suffix_is_a_usage_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match="cannot write a report"):
        render.write_report(tmp_path / name, html=lambda: "x", data=dict)
    assert list(tmp_path.iterdir()) == []


def test_a_lone_surrogate_in_a_page_is_written_not_raised(tmp_path: Path) -> None:
    render.write_report(tmp_path / "r.html", html=lambda: "reply \ud800 end", data=dict)
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == "reply ? end"


def test_a_written_report_keeps_the_usual_file_permissions(tmp_path: Path) -> None:
    render.write_atomic(tmp_path / "a", "x")
    (tmp_path / "b").write_text("x")
    assert (tmp_path / "a").stat().st_mode == (tmp_path / "b").stat().st_mode


def test_the_audit_page_is_one_page_with_hostile_dataset_ids_as_text() -> None:
    from rftkit.audit import audit_grader

    evil = HOSTILE[1]
    records = [
        {
            "id": evil,
            "messages": [{"role": "user", "content": evil + " 8*9?"}],
            "reference_answer": "72",
        }
    ]
    page = audit_grader("gsm8k", records, only=["spraying"], threshold=-1.0).render_html()
    parsed = _parse(page)
    # One page: the audit's sections, then the replay report's, composed (not spliced).
    assert [parsed.tags.count(t) for t in ("html", "head", "body", "style")] == [1] * 4
    assert parsed.tags.count("h1") == 2  # the audit's and the replay report's
    assert "img" not in parsed.tags
    assert all(not k.startswith("on") for k, _ in parsed.attrs)
    assert f"prompt 0 ({evil})" in "".join(parsed.text)


def test_a_metric_curve_page_composes_from_the_pieces() -> None:
    """What the job curve needs: a refreshing page, the chart and its data, one stylesheet."""
    series = [(1, 0.2), (2, 0.5), (3, 0.9)]
    page = render.page(
        "job <x>: critic_rewards_mean",
        [
            render.heading("job <x>: critic_rewards_mean", 1),
            render.line_chart(series, title="critic_rewards_mean", x_max=10),
            render.details(
                f"{len(series)} points",
                render.table(
                    ["step", "critic_rewards_mean"],
                    [(s, f"{v:.6g}") for s, v in series],
                    cell_classes=["num", "num"],
                ),
            ),
        ],
        refresh_s=30,
    )
    parsed = _parse(page)
    assert ("http-equiv", "refresh") in parsed.attrs and ("content", "30") in parsed.attrs
    assert parsed.tags.count("circle") == 3 and parsed.tags.count("style") == 1
    assert "job <x>: critic_rewards_mean" in "".join(parsed.text)
    assert parsed.tags.count("td") == 6
