"""The run report: rendered from a run folder alone, self-contained, counts only, and its charts
draw in a browser with the network off."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from linkage.config import DEFAULT_MODEL, config_from_dict
from linkage.job import run_job
from linkage.outputs.report import write_report

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
EXTERNAL_REFERENCE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//"
    r"|@import|url\(\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def run_dir(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run over the synthetic lists, with the shipped model (trained here until one
    ships)."""
    out = tmp_path_factory.mktemp("report-run")
    config = config_from_dict(
        {
            "name": "report-test",
            "sources": str(synth_dir / "sources.yaml"),
            "standardize": {"region_within": "18"},
            "model": {} if DEFAULT_MODEL.exists() else {"train": True},
            "output": {"dir": str(out)},
        },
        base=synth_dir,
    )
    run_job(config)
    return out


@pytest.fixture(scope="module")
def report(run_dir: Path) -> Path:
    return write_report(run_dir)


@pytest.fixture(scope="module")
def html(report: Path) -> str:
    return report.read_text(encoding="utf-8")


def test_report_is_written_into_the_run_folder(run_dir, report):
    assert report == run_dir / "report.html"


def test_report_shows_the_run_counts(run_dir, html):
    counts = json.loads((run_dir / "run.json").read_text())["counts"]
    assert "report-test" in html
    assert f"{counts['persons']:,}" in html
    assert f"{counts['sources']['dtks']['read']:,}" in html


def test_report_has_every_section(html):
    for heading in (
        "Sources",
        "Rejected rows",
        "Comparisons and links",
        "Persons",
        "Confidence",
        "Source overlap",
        "Aid overlap",
        "Model",
    ):
        assert f">{heading}<" in html, heading


def test_report_counts_registered_poor_without_aid_when_the_registry_has_deciles(html):
    assert "Registered poor receiving nothing from any aid list" in html


def test_report_says_poverty_is_unknown_without_a_decile_registry(run_dir, tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    summary = json.loads((copy / "run.json").read_text())
    for source in summary["sources"]:
        if source["kind"] == "registry":
            source["kind"] = "agency"
    (copy / "run.json").write_text(json.dumps(summary))
    text = " ".join(write_report(copy).read_text(encoding="utf-8").split())
    assert "No registry source carries welfare deciles" in text
    assert "Registered poor receiving nothing" not in text


def test_report_fetches_nothing_from_the_network(html):
    assert EXTERNAL_REFERENCE.search(html) is None
    assert "cdn.jsdelivr" not in html


def test_report_embeds_vega_vega_lite_and_vega_embed(html):
    for library in ("vega", "vegaLite", "vegaEmbed"):
        assert library in html
    assert html.count("<script>") >= 3


def test_report_holds_no_names_or_niks(run_dir, html):
    persons = pd.read_parquet(run_dir / "persons.parquet")
    names = [n for n in persons["name"].dropna().unique() if len(n) > 6]
    niks = persons["nik"].dropna().unique()
    assert names and len(niks)
    assert not [n for n in names if n in html]
    assert not [nik for nik in niks if nik in html]


def test_report_can_be_rerendered_elsewhere(run_dir, tmp_path):
    out = write_report(run_dir, out=tmp_path / "again.html")
    assert out.exists()
    assert out.stat().st_size > 100_000


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")
def test_charts_render_offline_in_headless_chromium(report):
    sync_api = pytest.importorskip("playwright.sync_api")
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file:") else route.abort()
                ),
            )
            page.goto(report.as_uri())
            charts = page.locator("div.chart")
            assert charts.count() >= 10
            page.wait_for_function(
                "[...document.querySelectorAll('div.chart')].every("
                "d => d.dataset.rendered === 'true' || d.classList.contains('chart-error'))",
                timeout=20_000,
            )
            for chart in charts.all():
                name = chart.get_attribute("id")
                assert chart.get_attribute("data-rendered") == "true", name
                assert chart.locator("svg, canvas").count() >= 1, name
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert requests == [report.as_uri()]


def test_report_renders_from_a_run_written_as_csv(run_dir, tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    for parquet in copy.glob("*.parquet"):
        duckdb.sql(f"COPY (FROM '{parquet}') TO '{parquet.with_suffix('.csv')}' (HEADER)")
        parquet.unlink()
    persons = json.loads((copy / "run.json").read_text())["counts"]["persons"]
    text = write_report(copy).read_text(encoding="utf-8")
    assert f"{persons:,}" in text
    assert "Durian Payung" in text or "Kota Bandar Lampung" in text
