"""The same 1,000,000-record job on DuckDB and on Spark local[2]: time per stage, peak memory,
and whether both make the same persons.

    .venv/bin/python benchmarks/spark_vs_duckdb.py                 # ~1,000,000 records
    .venv/bin/python benchmarks/spark_vs_duckdb.py --persons 8146  # ~10,000, a quick check

Each backend runs in its own process, one after the other; memory is sampled over the whole
process tree (the JVM and Spark's Python workers included). Appends its section to
benchmarks/RESULTS.md under "Spark against DuckDB" (replacing an earlier one).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import psutil
import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))  # run as a script: the benchmark's own modules sit beside it

import common  # noqa: E402
from measure import Measured, run_measured  # noqa: E402
from results_md import write_section  # noqa: E402

SECTION = "## Spark against DuckDB"
BACKENDS = ("duckdb", "spark")
# The job's stage labels (by prefix) -> the rows of the table.
STAGES = (
    ("Start Spark", "start Spark"),
    ("Read", "read and standardize"),
    ("Standardize", "read and standardize"),
    ("Load records", "load records"),
    ("Load model", "load model"),
    ("Count comparisons", "count comparisons"),
    ("Predict", "predict"),
    ("Cluster", "cluster"),
    ("Write outputs", "write outputs"),
    ("Aid overlap and report", "aid overlap and report"),
)
TIMEOUT = 4 * 3600


def data_dir(persons: int, seed: int, root: Path) -> Path:
    """The synthetic lists (reused when `benchmarks/run.py` already wrote them)."""
    folder = root / f"p{persons}-s{seed}"
    if not (folder / "sources.yaml").exists():
        from linkage.synth import synthesize

        synthesize(persons, seed, folder)
    return folder


def job_config(data: Path, out: Path, backend: str, args: argparse.Namespace) -> Path:
    config = {
        "name": f"spark-vs-duckdb-{backend}",
        "sources": str(data / "sources.yaml"),
        "standardize": {"region_within": "18"},
        "blocking": {"max_comparisons": 2e8},
        "output": {"dir": str(out / "out"), "report": False},
        "backend": backend,
        "spark": {
            "master": f"local[{args.cores}]",
            "shuffle_partitions": args.partitions,
            "driver_memory": args.driver_memory,
        },
    }
    path = out / "job.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def run_one(config_path: str, out_dir: str) -> None:
    """The measured process: one job, its stage spans written for the orchestrator."""
    from linkage_tool import SpanReporter

    from linkage.config import load_config
    from linkage.job import run_job

    clock = common.StageClock(Path(out_dir))
    config = load_config(config_path)
    reporter = SpanReporter(console=None, clock=clock)
    result = run_job(config, reporter)  # dispatches on `backend:`
    clock.done(**{k: result.counts[k] for k in ("records", "scored_pairs", "persons")})


def measure(backend: str, data: Path, work: Path, args: argparse.Namespace) -> Measured:
    out = work / backend
    out.mkdir(parents=True, exist_ok=True)
    config = job_config(data, out, backend, args)
    command = [sys.executable, __file__, "--run-one", str(config), str(out)]
    print(f"{backend}: running ({out / 'log.txt'})", flush=True)
    measured = run_measured(
        command,
        env={**os.environ},
        log=out / "log.txt",
        events=out / common.EVENTS,
        timeout=TIMEOUT,
    )
    if not measured.ok:
        raise SystemExit(f"{backend} failed; see {out / 'log.txt'}")
    return measured


def stage_rows(measured: Measured) -> dict[str, float]:
    rows: dict[str, float] = {}
    for span in measured.spans:
        row = next((name for prefix, name in STAGES if span.label.startswith(prefix)), None)
        if row is not None:
            rows[row] = rows.get(row, 0.0) + span.seconds
    rows["process start, imports"] = measured.total_seconds - sum(rows.values())
    return rows


def _persons(resolved: pd.DataFrame) -> pd.Series:
    """Each person as the frozenset of its (source, record_id) members, per person_id."""
    members = pd.Series(list(zip(resolved["source"], resolved["record_id"], strict=True)))
    return members.groupby(resolved["person_id"].to_numpy()).agg(frozenset)


def compare(work: Path) -> dict[str, Any]:
    """Same partition? Records whose person differs; same IDs where the persons agree."""
    frames = {b: pd.read_parquet(work / b / "out" / "resolved_records.parquet") for b in BACKENDS}
    duck, spark = (_persons(frames[b]) for b in BACKENDS)
    same = set(duck) & set(spark)
    in_same = sum(len(p) for p in same)
    merged = frames["duckdb"].merge(
        frames["spark"], on=["source", "record_id"], suffixes=("_duckdb", "_spark")
    )
    return {
        "records": len(frames["duckdb"]),
        "persons": {b: int(frames[b]["person_id"].nunique()) for b in BACKENDS},
        "identical_persons": len(same),
        "records_in_other_persons": len(frames["duckdb"]) - in_same,
        "same_person_id": float((merged["person_id_duckdb"] == merged["person_id_spark"]).mean()),
    }


def accuracy(data: Path, work: Path) -> dict[str, float]:
    from linkage.evaluate import evaluate_files

    scores = {}
    for backend in BACKENDS:
        resolved = work / backend / "out" / "resolved_records.parquet"
        result = evaluate_files(data / "truth.csv", resolved, data / "hard_negatives.csv")
        scores[backend] = result.pairwise.f1
    return scores


def section(args, measured: dict[str, Measured], comparison, f1, counts) -> str:
    rows = {b: stage_rows(m) for b, m in measured.items()}
    names = [name for _, name in STAGES]
    names = [*dict.fromkeys(names), "process start, imports"]
    lines = [
        SECTION,
        "",
        f"`python benchmarks/spark_vs_duckdb.py --persons {args.persons}` on "
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}; "
        f"Spark `local[{args.cores}]`, {args.partitions} shuffle partitions, driver memory "
        f"{args.driver_memory}. Same config, same shipped model; {counts['records']:,} "
        f"records, {counts['scored_pairs']:,} scored pairs.",
        "",
        "| stage | DuckDB s | Spark s |",
        "|---|---:|---:|",
    ]
    for name in names:
        duck, spark = rows["duckdb"].get(name), rows["spark"].get(name)
        if duck is None and spark is None:
            continue
        cell = [f"{v:,.1f}" if v is not None else "–" for v in (duck, spark)]
        lines.append(f"| {name} | {cell[0]} | {cell[1]} |")
    total = {b: m.total_seconds for b, m in measured.items()}
    peak = {b: m.peak() for b, m in measured.items()}
    busy = {b: m.others_share for b, m in measured.items()}
    lines += [
        f"| **total** | **{total['duckdb']:,.1f}** | **{total['spark']:,.1f}** |",
        f"| peak memory, RSS of the process tree (MB) | {peak['duckdb'][0]:,.0f} | "
        f"{peak['spark'][0]:,.0f} |",
        f"| peak memory, PSS (MB) | {peak['duckdb'][1]:,.0f} | {peak['spark'][1]:,.0f} |",
        f"| other processes' share of the cores meanwhile | {busy['duckdb']:.0%} | "
        f"{busy['spark']:.0%} |",
        f"| persons | {comparison['persons']['duckdb']:,} | {comparison['persons']['spark']:,} |",
        f"| pairwise F1 against the truth | {f1['duckdb']:.4f} | {f1['spark']:.4f} |",
        "",
        f"Partitions: {comparison['identical_persons']:,} persons identical on both backends; "
        f"{comparison['records_in_other_persons']:,} of {comparison['records']:,} records are "
        f"in a person that differs; {comparison['same_person_id']:.2%} of records carry the "
        "same person_id.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--run-one":
        run_one(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=814_598)  # ~1,000,000 records
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--driver-memory", default="8g")
    parser.add_argument("--data", type=Path, default=BENCH / "data" / "synth")
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "spark-vs-duckdb")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    data = data_dir(args.persons, args.seed, args.data)
    work = args.work / f"p{args.persons}-s{args.seed}"
    measured = {backend: measure(backend, data, work, args) for backend in BACKENDS}
    comparison = compare(work)
    f1 = accuracy(data, work)
    counts = measured["duckdb"].done or {}
    (work / "comparison.json").write_text(json.dumps({**comparison, "f1": f1}, indent=2))
    text = section(args, measured, comparison, f1, counts)
    print(text)
    if not args.no_write:
        write_section(text, SECTION)


if __name__ == "__main__":
    main()
