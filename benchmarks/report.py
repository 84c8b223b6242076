"""benchmarks/RESULTS.md from the run's entries: tables, ratios, environment, the command."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil
from results_md import with_other_sections

ROOT = Path(__file__).resolve().parents[1]
STAGE_COLUMNS = ("standardize", "train", "block", "predict", "cluster", "write", "other")
TOOL_ORDER = ("linkage", "linkage-train", "splink", "recordlinkage")
TOOL_NAMES = {
    "linkage": "linkage (shipped model)",
    "linkage-train": "linkage (trained)",
    "splink": "plain Splink 5",
    "recordlinkage": "recordlinkage 0.16",
}
CORE_PACKAGES = ("linkage", "splink", "duckdb", "pandas", "pyarrow", "numpy", "psutil")
BENCH_PACKAGES = ("recordlinkage", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib")


def _order(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    def key(entry: dict[str, Any]) -> tuple:
        tool = entry["tool"]
        rank = TOOL_ORDER.index(tool) if tool in TOOL_ORDER else len(TOOL_ORDER)
        return (entry["kind"] != "synthetic", entry["records"], entry["dataset"], rank)

    return sorted(entries, key=key)


def _table(header: list[str], rows: list[list[str]], align: str | None = None) -> list[str]:
    align = align or "l" * len(header)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _int(value: float | None) -> str:
    return "–" if value is None else f"{int(value):,}"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _stage(entry: dict[str, Any], stage: str) -> str:
    seconds = entry["stages"].get(stage)
    return "–" if seconds is None else f"{seconds:,.1f}"


def _ok(entries: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [e for e in _order(entries) if e["kind"] == kind and e["status"] == "ok"]


def _best_f1(entry: dict[str, Any]) -> float | None:
    """A tool's best pairwise F1 over the thresholds it was also clustered at."""
    scores = [s["f1"] for s in entry.get("by_threshold", {}).values()]
    return max(scores) if scores else None


def _ratio(mine: float | None, theirs: float | None, digits: int = 2) -> str:
    return "–" if not mine or not theirs else f"{mine / theirs:.{digits}f}"


def ratio_rows(entries: list[dict[str, Any]]) -> list[list[str]]:
    """linkage / plain Splink on the same dataset: time, memory (peak RSS), pairwise F1."""
    by_key = {(e["dataset"], e["tool"]): e for e in entries if e["status"] == "ok"}
    rows = []
    for entry in _order(entries):
        if entry["status"] != "ok" or not entry["tool"].startswith("linkage"):
            continue
        splink = by_key.get((entry["dataset"], "splink"))
        if splink is None:
            continue
        rows.append(
            [
                entry["dataset"],
                TOOL_NAMES[entry["tool"]],
                f"{entry['total_s'] / splink['total_s']:.2f}",
                _ratio(entry.get("cpu_s"), splink.get("cpu_s")),
                f"{entry['peak_rss_mb'] / splink['peak_rss_mb']:.2f}",
                f"{entry['peak_pss_mb'] / splink['peak_pss_mb']:.2f}",
                f"{entry['pairwise']['f1']:.4f} / {splink['pairwise']['f1']:.4f}",
                f"{entry['pairwise']['f1'] / splink['pairwise']['f1']:.3f}",
                _ratio(entry["pairwise"]["f1"], _best_f1(splink), digits=3),
            ]
        )
    return rows


def speed_rows(entries: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            e["dataset"],
            _int(e["records"]),
            TOOL_NAMES.get(e["tool"], e["tool"]),
            *(_stage(e, s) for s in STAGE_COLUMNS),
            f"**{e['total_s']:,.1f}**",
            _num(e.get("cpu_s")),
            _share(e.get("others_share")),
            _int(e["peak_rss_mb"]),
            _int(e["peak_pss_mb"]),
            _int(e["comparisons"]),
        ]
        for e in entries
    ]


def accuracy_rows(entries: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for e in entries:
        pair, b3 = e["pairwise"], e["bcubed"]
        rows.append(
            [
                e["dataset"],
                TOOL_NAMES.get(e["tool"], e["tool"]),
                f"{pair['precision']:.4f}",
                f"{pair['recall']:.4f}",
                f"**{pair['f1']:.4f}**",
                f"{b3['precision']:.4f}",
                f"{b3['recall']:.4f}",
                f"{b3['f1']:.4f}",
                f"{e['blocking_recall']:.4f}",
                f"{e['predicted_persons']:,} / {e['true_persons']:,}",
            ]
        )
    return rows


def hard_negative_rows(entries: list[dict[str, Any]], kinds: list[str]) -> list[list[str]]:
    def rate(entry: dict[str, Any], kind: str) -> str:
        value = entry["hard_negatives"].get(kind)
        return "–" if value is None else f"{value:.3f}"

    return [
        [e["dataset"], TOOL_NAMES.get(e["tool"], e["tool"]), *(rate(e, k) for k in kinds)]
        for e in entries
    ]


def source_recall_rows(entries: list[dict[str, Any]], sources: list[str]) -> list[list[str]]:
    def cell(entry: dict[str, Any], source: str) -> str:
        value = entry.get("per_source_recall", {}).get(source)
        return "–" if value is None else f"{value:.3f}"

    return [
        [e["dataset"], TOOL_NAMES.get(e["tool"], e["tool"]), *(cell(e, s) for s in sources)]
        for e in entries
    ]


def threshold_rows(entries: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Plain Splink's pairwise P / R / F1 at each clustering threshold, per dataset."""
    runs = [e for e in _order(entries) if e["status"] == "ok" and e.get("by_threshold")]
    thresholds = sorted({t for e in runs for t in e["by_threshold"]}, key=float)
    rows = []
    for run in runs:
        best = _best_f1(run)
        cells = []
        for threshold in thresholds:
            score = run["by_threshold"].get(threshold)
            if score is None:
                cells.append("–")
                continue
            f1 = f"**{score['f1']:.4f}**" if score["f1"] == best else f"{score['f1']:.4f}"
            cells.append(f"{score['precision']:.3f} / {score['recall']:.3f} / {f1}")
        rows.append([run["dataset"], *cells])
    return thresholds, rows


def linkage_stage_tables(entries: list[dict[str, Any]]) -> list[str]:
    """Per job stage (the job's own labels): seconds and the peak memory while it ran."""
    lines: list[str] = []
    for tool in ("linkage", "linkage-train"):
        runs = [e for e in _ok(entries, "synthetic") if e["tool"] == tool]
        if not runs:
            continue
        labels: list[str] = []
        for run in runs:
            labels += [s["label"] for s in run["spans"] if s["label"] not in labels]
        header = ["stage"]
        for run in runs:
            name = run["dataset"]
            header += [f"{name} s", f"{name} peak RSS / PSS MB", f"{name} RSS growth MB"]
        rows = []
        for label in labels:
            row = [label]
            for run in runs:
                spans = [s for s in run["spans"] if s["label"] == label]
                if not spans:
                    row += ["–", "–", "–"]
                    continue
                seconds = sum(s["seconds"] for s in spans)
                rss = max(s["peak_rss_mb"] for s in spans)
                pss = max(s["peak_pss_mb"] for s in spans)
                growth = sum(s.get("rss_growth_mb", 0.0) for s in spans)
                row += [f"{seconds:,.2f}", f"{rss:,.0f} / {pss:,.0f}", f"{growth:+,.0f}"]
            rows.append(row)
        row = ["**total (process start to end)**"]
        for run in runs:
            peak = f"**{run['peak_rss_mb']:,.0f} / {run['peak_pss_mb']:,.0f}**"
            row += [f"**{run['total_s']:,.1f}**", peak, ""]
        rows.append(row)
        lines += [f"### {TOOL_NAMES[tool]}", ""]
        lines += _table(header, rows, "l" + "rrr" * len(runs))
    return lines


def _versions(names: Iterable[str], lookup: Callable[[str], str]) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name} {lookup(name)}")
        except Exception:  # a package missing from that venv is simply not listed
            continue
    return ", ".join(found)


def _bench_versions(python: Path | None) -> str:
    if python is None or not python.exists():
        return "(not used)"
    code = (
        "import json, importlib.metadata as m\n"
        f"names = {list(BENCH_PACKAGES)!r}\n"
        "out = {}\n"
        "for n in names:\n"
        "    try: out[n] = m.version(n)\n"
        "    except Exception: pass\n"
        "print(json.dumps(out))"
    )
    found = json.loads(subprocess.run([str(python), "-c", code], capture_output=True,
                                      text=True, check=True).stdout)  # fmt: skip
    return ", ".join(f"{k} {v}" for k, v in found.items())


def linkage_git() -> str:
    """The commit the linkage package is at, and whether linkage/ has uncommitted edits."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "linkage")
    return f"{commit}" + (" + uncommitted changes under linkage/" if dirty else "")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def environment(entries: list[dict[str, Any]], bench_python: Path | None) -> list[str]:
    memory = psutil.virtual_memory().total / 1024**3
    states = sorted({e.get("linkage_git") or linkage_git() for e in entries})
    return [
        f"- Machine: {_cpu()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; "
        f"{platform.platform()}; Python {platform.python_version()}",
        f"- Core venv (.venv): {_versions(CORE_PACKAGES, metadata.version)}; "
        f"linkage at git {' / '.join(states)} (when the runs were made)",
        f"- Benchmark venv (benchmarks/.venv-rl): {_bench_versions(bench_python)}",
    ]


NOTES = """\
How to read these tables:

- Every tool runs in its own process, one after the other, on the same files. **total** runs
  from process start to the end of the measured work (outputs written); interpreter start,
  imports and any stage not named here are in *other*. Evaluation and blocking analysis
  happen afterwards, untimed.
- **RSS growth** (linkage's stage table): RSS of the process tree at the stage's end minus at
  its start; standardize workers exiting show as a fall in the next stage.
- **CPU s** is the tool's own CPU time (user + system, whole process tree, until it exits);
  **others' load** is the share of the machine's cores that other processes (or the
  hypervisor) kept busy meanwhile: above a few percent, wall times are inflated.
- **peak RSS** is the largest sum of RSS over the tool's process tree (sampled every 0.2 s with
  psutil); **peak PSS** splits pages shared between processes (linkage forks standardize
  workers that share the parent's memory), so it is what the tree really held.
- Stages: *standardize* = read and clean (linkage also loads DuckDB); *train* = estimate the
  model (linkage with the shipped model only loads it); *block* = linkage's comparison count
  before predicting, recordlinkage's index; plain Splink blocks inside *predict*;
  recordlinkage's *predict* is Compare + ECM classification, its *train* the ECM fit.
- **comparisons**: exact number of distinct pairs the tool's blocking rules generate (counted
  afterwards over the columns the tool blocked on). **blocking recall**: share of true pairs
  whose records meet at least one rule (a rejected record is never compared).
- Accuracy is computed by `linkage.evaluate` for every tool, on its output mapped to
  source/record_id/person_id; records a tool rejects count as singletons. Pairwise counts
  co-clustered record pairs; B-cubed averages per record. Hard negatives are known
  different-person pairs (twins, spouses, a parent and child with the same name, same-name
  strangers): the share a tool put into one person.
- Thresholds: linkage links at match probability 0.9 (its default); plain Splink clusters at
  0.999, because at 0.9 its connected components chain at 1M records (F1 0.890 against 0.931);
  recordlinkage's ECM classifies at its own posterior 0.5. The baselines are described in
  benchmarks/README.md.
"""


DISTURBED = 0.10  # other processes kept more than a tenth of the cores busy


def _disturbed(entries: list[dict[str, Any]]) -> list[str]:
    """A warning naming the runs whose wall times other processes on the machine inflated."""
    ok = [e for e in _order(entries) if e["status"] == "ok" and "others_share" in e]
    busy = [e for e in ok if e["others_share"] > DISTURBED]
    if not busy:
        return []
    shares = [e["others_share"] for e in busy]
    which = (
        "all runs"
        if len(busy) == len(ok)
        else ", ".join(f"{e['dataset']}/{e['tool']}" for e in busy)
    )
    return [
        f"**Other processes shared the machine** during {which} ({min(shares):.0%} to "
        f"{max(shares):.0%} of the cores busy with other work): wall times are inflated; "
        "*CPU s* (the tool's own user + system time) is the fairer speed measure there.",
        "",
    ]


def write(
    path: Path, entries: list[dict[str, Any]], commands: list[str], bench_python: Path | None
) -> Path:
    synthetic, febrl = _ok(entries, "synthetic"), _ok(entries, "febrl")
    lines = [
        "# Benchmarks: linkage, plain Splink and recordlinkage side by side",
        "",
        f"Written {dt.datetime.now():%Y-%m-%d %H:%M} by (from the repository root):",
        "",
        "```",
        *commands,
        "```",
        "",
        "## Environment",
        "",
        *environment(entries, bench_python),
        "",
        "## linkage / plain Splink",
        "",
        "Below 1 for time, CPU and memory means linkage is faster or leaner on the same data;",
        "above 1 for F1 means it is more accurate. *time* is wall clock (see *others' load*",
        "below), *CPU* the tool's own CPU seconds.",
        "",
    ]
    lines += _table(
        ["dataset", "linkage run", "time ratio", "CPU ratio", "peak RSS ratio",
         "peak PSS ratio", "pairwise F1 linkage / Splink", "F1 ratio",
         "F1 ratio to Splink's best threshold"],
        ratio_rows(entries),
        "llrrrrrrr",
    )  # fmt: skip
    if synthetic:
        lines += ["## Synthetic Lampung lists: time (s) and memory", "", *_disturbed(entries)]
        lines += _table(
            ["dataset", "records", "tool", *STAGE_COLUMNS, "total", "CPU s", "others' load",
             "peak RSS MB", "peak PSS MB", "comparisons"],
            speed_rows(synthetic),
            "lrl" + "r" * (len(STAGE_COLUMNS) + 6),
        )  # fmt: skip
        lines += ["## Synthetic Lampung lists: accuracy", ""]
        lines += _table(
            ["dataset", "tool", "pairwise P", "pairwise R", "pairwise F1", "B³ P", "B³ R",
             "B³ F1", "blocking recall", "persons found / true"],
            accuracy_rows(synthetic),
            "llrrrrrrrr",
        )  # fmt: skip
        sources = sorted({s for e in synthetic for s in e.get("per_source_recall", {})})
        lines += [
            "## Pairwise recall of true pairs involving each list",
            "",
            "Which lists a tool fails to link (csr and donor carry only a name, a free-text",
            "address or village, sometimes a phone; panti mostly a birth year).",
            "",
        ]
        lines += _table(
            ["dataset", "tool", *sources],
            source_recall_rows(synthetic, sources),
            "ll" + "r" * len(sources),
        )
        lines += ["## Hard negatives: share wrongly merged", ""]
        kinds = sorted({k for e in synthetic for k in e["hard_negatives"]})
        lines += _table(
            ["dataset", "tool", *kinds],
            hard_negative_rows(synthetic, kinds),
            "ll" + "r" * len(kinds),
        )
    if febrl:
        lines += ["## FEBRL", ""]
        lines += _table(
            ["dataset", "records", "tool", *STAGE_COLUMNS, "total", "CPU s", "others' load",
             "peak RSS MB", "peak PSS MB", "comparisons"],
            speed_rows(febrl),
            "lrl" + "r" * (len(STAGE_COLUMNS) + 6),
        )  # fmt: skip
        lines += _table(
            ["dataset", "tool", "pairwise P", "pairwise R", "pairwise F1", "B³ P", "B³ R",
             "B³ F1", "blocking recall", "persons found / true"],
            accuracy_rows(febrl),
            "llrrrrrrrr",
        )  # fmt: skip
    thresholds, rows = threshold_rows(entries)
    if rows:
        lines += [
            "## Plain Splink by clustering threshold",
            "",
            "Pairwise precision / recall / F1 of the same predictions clustered at each",
            "threshold (the tables above use `--splink-threshold`, 0.999 by default); the best,",
            "in bold, needs the truth to pick.",
            "",
        ]
        lines += _table(["dataset", *thresholds], rows, "l" + "r" * len(thresholds))
    stage_lines = linkage_stage_tables(entries)
    if stage_lines:
        lines += ["## Where linkage's time and memory go", "", *stage_lines]
    missing = [e for e in _order(entries) if e["status"] != "ok"]
    if missing:
        lines += ["## Not run or not finished", ""]
        lines += [f"- {e['dataset']}, {TOOL_NAMES.get(e['tool'], e['tool'])}: "
                  f"{e['status']} ({e['note']})" for e in missing]  # fmt: skip
        lines.append("")
    notes = [f"- {e['dataset']}, {TOOL_NAMES[e['tool']]}: {e['note']}"
             for e in _order(entries) if e["status"] == "ok" and e.get("note")]  # fmt: skip
    if notes:
        lines += ["Run notes:", "", *notes, ""]
    lines += ["## Notes", "", NOTES]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(with_other_sections("\n".join(lines), path))
    return path
