"""The HTML reports, rendered by a real browser (headless Chromium), read as intended.

Issue 13 found the audit page's "why" column squeezed to a sliver: a layout fault that no
HTML parser sees. This test lets Chromium lay the pages out and measures them with a small
script appended to a copy of each page; the result comes back through ``--dump-dom``.

`make test` installs Chromium when it is missing (Debian's package), and sets
RFTKIT_REQUIRE_BROWSER=1 so that the test fails rather than skips there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rftkit.cli.main import main

pytestmark = pytest.mark.slow  # starts a browser

DATA = Path(__file__).resolve().parents[2] / "src" / "rftkit" / "data" / "gsm8k"

MEASURE = """
<script>
(function () {
  const out = {};
  const probes = document.querySelector("table.probes");
  const why = document.querySelector("table.probes td.why");
  if (probes && why) out.why_share = why.getBoundingClientRect().width /
      probes.getBoundingClientRect().width;
  const replies = document.querySelectorAll("table.replies tbody tr");
  out.replies = replies.length;
  const reply = document.querySelector("table.replies td.reply");
  if (reply) out.reply_width = reply.getBoundingClientRect().width;
  out.bars = document.querySelectorAll("svg rect").length;
  out.page_width = document.documentElement.scrollWidth;
  out.text = document.body.innerText.slice(0, 20000);
  document.body.setAttribute("data-measure", JSON.stringify(out));
})();
</script>
"""


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _render(page: Path, tmp_path: Path, width: int = 1280) -> dict[str, object]:
    """Lay ``page`` out in headless Chromium and return what the script measured."""
    browser = _chromium()
    if browser is None:
        if os.environ.get("RFTKIT_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed (make test installs it)")
        pytest.skip("chromium is not installed")
    probe = tmp_path / f"measured-{page.name}"
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>", 1),
        encoding="utf-8",
    )
    profile = tmp_path / "chromium-profile"
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--window-size={width},2000",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'data-measure="([^"]*)"', result.stdout)
    assert found, result.stdout[:2000]
    raw = found.group(1).replace("&quot;", '"').replace("&amp;", "&")
    measured: dict[str, object] = json.loads(raw)
    return measured


def test_reports_render_readably_in_a_real_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    data = ["--dataset", str(DATA / "test_sample.jsonl")]
    responses = ["--responses", str(DATA / "responses.jsonl")]
    assert main(["harness", "run", *data, *responses, "--report", "run.html"]) == 0
    # Exit 1 when a probe is rewarded: the page is what this test is about, not the verdict.
    assert main(["audit", *data, "--limit", "3", "--report", "audit.html", "--no-progress"]) in (
        0,
        1,
    )
    assert (tmp_path / "audit.html").is_file()
    capsys.readouterr()

    run = _render(tmp_path / "run.html", tmp_path)
    text = str(run["text"])
    assert "Replies worth reading" in text and "rollout-2-0" in text
    assert "rftkit" in text and "dataset" in text  # the header: inputs, version, time
    assert "None" not in text.replace("None.", "")  # "None." is an empty section
    assert run["replies"] == 5
    assert run["bars"] == 3  # gsm8k pays 0, 0.9 and 1 here: a bar per value
    assert float(str(run["reply_width"])) > 300  # the reply column is readable
    assert float(str(run["page_width"])) <= 1280  # nothing forces a sideways scroll

    for width, share in ((1280, 0.35), (900, 0.25)):
        audit = _render(tmp_path / "audit.html", tmp_path, width)
        assert float(str(audit["why_share"])) >= share, (width, audit["why_share"])
        assert "Probes: spraying" in str(audit["text"])
