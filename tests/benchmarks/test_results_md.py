"""RESULTS.md is written by several benchmark scripts: each keeps the others' sections."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from results_md import split_sections, with_other_sections, write_section

OLD = """# Benchmarks

## Environment

old machine

## Spark against DuckDB

spark table

### a subsection

stays inside

## Incremental linking

old incremental
"""


def test_a_script_replaces_only_its_own_section(tmp_path: Path):
    path = tmp_path / "RESULTS.md"
    path.write_text(OLD)
    write_section("## Incremental linking\n\nnew incremental\n", "## Incremental linking", path)
    head, sections = split_sections(path.read_text())
    assert head.strip() == "# Benchmarks"
    assert list(sections) == ["## Environment", "## Spark against DuckDB", "## Incremental linking"]
    assert "new incremental" in sections["## Incremental linking"]
    assert "old incremental" not in path.read_text()
    assert "### a subsection" in sections["## Spark against DuckDB"]


def test_a_new_section_is_appended(tmp_path: Path):
    path = tmp_path / "RESULTS.md"
    path.write_text(OLD)
    write_section("## Blocking growth\n\ncounts\n", "## Blocking growth", path)
    assert list(split_sections(path.read_text())[1])[-1] == "## Blocking growth"


def test_rewriting_the_main_tables_keeps_the_other_scripts_sections(tmp_path: Path):
    path = tmp_path / "RESULTS.md"
    path.write_text(OLD)
    text = with_other_sections("# Benchmarks\n\n## Environment\n\nnew machine\n", path)
    _, sections = split_sections(text)
    assert list(sections) == ["## Environment", "## Spark against DuckDB", "## Incremental linking"]
    assert "new machine" in sections["## Environment"] and "old machine" not in text
