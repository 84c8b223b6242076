"""The benchmark script end to end at a tiny size (linkage and plain Splink), so it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "run.py"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("bench")
    real_results = ROOT / "benchmarks" / "RESULTS.md"
    before = real_results.stat().st_mtime if real_results.exists() else None
    command = [
        sys.executable, str(SCRIPT), "--sizes", "2000", "--tools", "linkage,splink",
        "--no-febrl", "--no-chart", "--data", str(tmp / "data"), "--work", str(tmp / "work"),
        "--out", str(tmp / "RESULTS.md"),
    ]  # fmt: skip
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    after = real_results.stat().st_mtime if real_results.exists() else None
    return {
        "completed": completed,
        "markdown": tmp / "RESULTS.md",
        "entries": json.loads((tmp / "work" / "results.json").read_text())["entries"],
        "real_results_untouched": before == after,
    }


def test_script_finishes_and_writes_the_table_to_the_given_path(bench_run):
    assert bench_run["completed"].returncode == 0, bench_run["completed"].stderr[-2000:]
    markdown = bench_run["markdown"].read_text()
    assert "| dataset | records | tool | standardize |" in markdown
    assert "plain Splink 5" in markdown
    assert "linkage (" in markdown
    assert bench_run["real_results_untouched"]


@pytest.mark.parametrize("tool", ["linkage", "splink"])
def test_each_tool_is_measured_and_scored(bench_run, tool):
    runs = {e["tool"]: e for e in bench_run["entries"]}
    entry = runs[tool]
    assert entry["status"] == "ok", entry.get("note")
    assert entry["records"] > 1500
    assert 0.5 < entry["pairwise"]["f1"] <= 1.0
    assert 0.5 < entry["blocking_recall"] <= 1.0
    assert entry["comparisons"] > 0
    assert entry["peak_rss_mb"] > 0
    assert sum(entry["stages"].values()) == pytest.approx(entry["total_s"])
