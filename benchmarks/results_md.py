"""benchmarks/RESULTS.md is shared: `run.py` writes the main tables, each other script its own
`## ` section. Writing one part keeps the others."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
# Sections the other scripts write; run.py's rewrite of the file keeps them.
SCRIPT_SECTIONS = (
    "## Blocking growth",  # blocking_growth.py
    "## Spark against DuckDB",  # spark_vs_duckdb.py
    "## Standardization speed",  # standardize_speed.py
    "## Incremental linking",  # incremental.py
)


def split_sections(text: str) -> tuple[str, dict[str, str]]:
    """The text before the first `## ` heading, and each `## ` section by its heading line."""
    head, *parts = text.split("\n## ")
    sections = {}
    for part in parts:
        title = "## " + part.split("\n", 1)[0]
        sections[title] = ("## " + part).rstrip() + "\n"
    return head, sections


def write_section(text: str, title: str, path: Path = RESULTS) -> None:
    """Replace the section `title` (append it if new), leaving every other section as it is."""
    existing = path.read_text() if path.exists() else "# Benchmark results\n"
    head, sections = split_sections(existing)
    sections[title] = text.rstrip() + "\n"
    path.write_text(head.rstrip() + "\n\n" + "\n".join(sections.values()))


def with_other_sections(text: str, path: Path) -> str:
    """`text` (a whole new RESULTS.md from run.py) followed by the other scripts' sections of
    the old file, so that rerunning the main benchmark keeps their results."""
    if not path.exists():
        return text
    _, old = split_sections(path.read_text())
    kept = [body for title, body in old.items() if title in SCRIPT_SECTIONS]
    return text.rstrip() + "\n\n" + "\n".join(kept) if kept else text
