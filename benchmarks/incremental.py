"""Incremental linking against a full rerun: 10,000 new records into a store of ~1M records.

    python benchmarks/incremental.py [--persons 813000] [--new 10000] [--seed 3]

1. synthesize the lists; hold back the last `--new` rows of the agency list (dinsos),
2. full run on the rest into a fresh identity store (the "existing" store),
3. two ways the new rows arrive, each on its own copy of that store, each timed:
   a. appended to the agency list (the 432k-row file is read again, only new rows
      standardized);
   b. as a new list of their own (a new source; no existing file is read),
   and a full rerun of the same data into a fresh store (timed),
4. check each incremental run gives its full run's partition; print tables (times, ratios,
   the incremental stages) and write them into RESULTS.md.
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


def _as_new_list(data: Path, new: int) -> Path:
    """sources.yaml with the held-back rows as a list of their own (`dinsos_new`)."""
    spec = yaml.safe_load((data / "held" / "sources.yaml").read_text())
    dinsos = next(s for s in spec["sources"] if s["name"] == "dinsos")
    options = {"sep": dinsos["delimiter"], "encoding": dinsos["encoding"]}
    full = pd.read_csv(data / "dinsos.csv", dtype=str, keep_default_na=False, **options)
    path = data / "held" / "dinsos_new.csv"
    full.iloc[-new:].to_csv(path, index=False, **options)
    spec["sources"].append({**dinsos, "name": "dinsos_new", "path": str(path)})
    sources = data / "held" / "sources_new_list.yaml"
    sources.write_text(yaml.safe_dump(spec))
    return sources


def _timed(config, **options):
    start = time.perf_counter()
    result = run_job(config, **options)
    return result, time.perf_counter() - start


def _scenario(work: Path, data: Path, store: Path, sources: Path, name: str) -> dict:
    """Incremental into a copy of the store, then a full rerun of the same data."""
    copy = work / f"{name}.duckdb"
    shutil.copyfile(store, copy)
    incremental, incremental_s = _timed(
        _config(data, sources, work / f"{name}-inc", copy), incremental=True
    )
    full, full_s = _timed(_config(data, sources, work / f"{name}-full", work / f"{name}-f.duckdb"))
    inc_persons, full_persons = _partition(incremental), _partition(full)
    counts = incremental.counts
    return {
        "records": counts["records"],
        "standardized": sum(c["standardized"] for c in counts["sources"].values()),
        "reclustered": counts["reclustered_records"],
        "incremental_s": incremental_s,
        "full_s": full_s,
        "differing": len(inc_persons - full_persons),
        "persons": len(full_persons),
        "stages": incremental.timings,
    }


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
        new_list = _as_new_list(data, args.new)
        store = work / "identity.duckdb"
        base, base_s = _timed(_config(data, base_sources, work / "base", store))
        scenarios = {
            f"{args.new:,} rows appended to the agency list": _scenario(
                work, data, store, data / "sources.yaml", "appended"
            ),
            f"{args.new:,} rows as a new list": _scenario(work, data, store, new_list, "new-list"),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(_report(args, base.counts["records"], base_s, scenarios))
    print(text)
    if not args.no_write:
        write_section(text, SECTION)


def _report(args, base_records: int, base_s: float, scenarios: dict[str, dict]) -> list[str]:
    lines = [
        SECTION,
        "",
        f"`python benchmarks/incremental.py --persons {args.persons} --new {args.new} "
        f"--seed {args.seed}` on {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}",
        "",
        f"The existing store: a full run of {base_records:,} records ({base_s:.1f} s). Each "
        "incremental run writes the whole output tables again (resolved records, persons, "
        "review queue, aid overlap) from the store, as the full rerun does.",
        "",
        "| new records arrive | records | standardized | re-clustered | incremental s "
        "| full rerun s | speed-up | persons differing |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in scenarios.items():
        lines.append(
            f"| {name} | {r['records']:,} | {r['standardized']:,} | {r['reclustered']:,} | "
            f"**{r['incremental_s']:.1f}** | {r['full_s']:.1f} | "
            f"**{r['full_s'] / r['incremental_s']:.1f}x** | {r['differing']:,} of "
            f"{r['persons']:,} |"
        )
    stages = sorted({k for r in scenarios.values() for k in r["stages"]}, key=_stage_order)
    lines += [
        "",
        "Incremental stages (seconds):",
        "",
        "| stage | " + " | ".join(scenarios) + " |",
        "|---|" + "---:|" * len(scenarios),
    ]
    for stage in stages:
        cells = [f"{r['stages'].get(stage, 0):.2f}" for r in scenarios.values()]
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Persons differing: persons of the incremental run that the full rerun does not form "
        "exactly (an incremental run re-clusters only persons a new record touches; "
        "elsewhere the new records' effect on name frequencies can move a borderline pair).",
        "",
    ]
    return lines


STAGE_ORDER = ("Load model", "Read", "Find", "Predict", "Cluster", "Commit", "Aid")


def _stage_order(stage: str) -> int:
    return next((i for i, p in enumerate(STAGE_ORDER) if stage.startswith(p)), len(STAGE_ORDER))


if __name__ == "__main__":
    main()
