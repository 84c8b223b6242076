"""Incremental linking against a full rerun: 10,000 new records into a store of ~1M records.

    python benchmarks/incremental.py [--persons 813000] [--new 10000] [--seed 3]

1. synthesize the lists; hold back the last `--new` rows of the agency list (dinsos),
2. full run on the rest into a fresh identity store (the "existing" store),
3. put the rows back and run `--incremental` (timed),
4. full rerun on all rows into another fresh store (timed),
5. check both give the same partition; print a table and write it into RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil
import yaml
from results_md import write_section  # benchmarks/, on the path when run as a script

from linkage.config import config_from_dict
from linkage.job import run_job
from linkage.synth import synthesize

SECTION = "## Incremental linking"
COLUMNS = ["source", "record_id", "person_id"]


def _config(data: Path, sources_yaml: Path, out: Path, store: Path):
    return config_from_dict(
        {
            "name": "incremental-bench",
            "sources": str(sources_yaml),
            "standardize": {"region_within": "18"},
            "blocking": {"max_comparisons": 1e8},
            "store": str(store),
            "output": {"dir": str(out), "report": False},
        },
        base=data,
    )


def _partition(result) -> set[frozenset]:
    resolved = pd.read_parquet(result.files["resolved_records"], columns=COLUMNS)
    keys = (resolved["source"] + "/" + resolved["record_id"]).astype(object)
    # One frozenset per person in a single groupby (indexing per group took minutes at 1M).
    return set(keys.groupby(resolved["person_id"].to_numpy()).agg(frozenset))


def _hold_back(data: Path, new: int) -> Path:
    """A copy of sources.yaml whose dinsos file lacks its last `new` rows."""
    spec = yaml.safe_load((data / "sources.yaml").read_text())
    dinsos = next(s for s in spec["sources"] if s["name"] == "dinsos")
    frame = pd.read_csv(
        data / dinsos["path"],
        sep=dinsos["delimiter"],
        dtype=str,
        encoding=dinsos["encoding"],
        keep_default_na=False,
    )
    held = data / "held"
    held.mkdir(exist_ok=True)
    frame.iloc[:-new].to_csv(
        held / "dinsos.csv", sep=dinsos["delimiter"], index=False, encoding=dinsos["encoding"]
    )
    for source in spec["sources"]:
        source["path"] = str((held if source["name"] == "dinsos" else data) / source["path"])
    path = held / "sources.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=813_000)
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="linkage-incremental-"))
    try:
        data = work / "data"
        synthesize(args.persons, args.seed, data)
        base_sources = _hold_back(data, args.new)
        store = work / "identity.duckdb"
        start = time.perf_counter()
        base = run_job(_config(data, base_sources, work / "base", store))
        base_s = time.perf_counter() - start
        start = time.perf_counter()
        incremental = run_job(
            _config(data, data / "sources.yaml", work / "inc", store), incremental=True
        )
        incremental_s = time.perf_counter() - start
        start = time.perf_counter()
        full = run_job(_config(data, data / "sources.yaml", work / "full", work / "full.duckdb"))
        full_s = time.perf_counter() - start
        inc_persons, full_persons = _partition(incremental), _partition(full)
        differing = len(inc_persons - full_persons)
        standardized = sum(c["standardized"] for c in incremental.counts["sources"].values())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        SECTION,
        "",
        f"`python benchmarks/incremental.py --persons {args.persons} --new {args.new} "
        f"--seed {args.seed}` on {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}",
        "",
        "| run | records | standardized | seconds |",
        "|---|---:|---:|---:|",
        f"| first full run (store created) | {base.counts['records']:,} | "
        f"{base.counts['records']:,} | {base_s:.1f} |",
        f"| incremental: {args.new:,} new records | {incremental.counts['records']:,} | "
        f"{standardized:,} | **{incremental_s:.1f}** |",
        f"| full rerun, same data | {full.counts['records']:,} | {full.counts['records']:,} | "
        f"**{full_s:.1f}** |",
        "",
        f"Incremental is **{full_s / incremental_s:.1f}x** faster than the full rerun. "
        f"Persons that differ from the full rerun: **{differing:,}** of {len(full_persons):,} "
        "(an incremental run re-clusters only persons a new record touches; elsewhere, the "
        "new records' effect on name frequencies can move a borderline pair).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(text, SECTION)


if __name__ == "__main__":
    main()
