"""Standardization speed: records/second over all synthetic sources (issue target: 1,000,000
records in under 60 s on a 2-core machine).

    python benchmarks/standardize_speed.py --persons 813000      # ~1,000,000 records
Prints a table and appends it to benchmarks/RESULTS.md under "Standardization speed".
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import psutil
from results_md import write_section  # benchmarks/, on the path when run as a script

from linkage.config import config_from_dict
from linkage.sources import read_source
from linkage.standardize.batch import standardize
from linkage.synth import synthesize

SECTION = "## Standardization speed"


def measure(persons: int, seed: int, workers: int | None) -> tuple[list[tuple], float, int]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        synthesize(persons, seed, data)
        config = config_from_dict({"sources": str(data / "sources.yaml")}, base=data)
        total_start = time.perf_counter()
        total = 0
        for source in config.sources:
            start = time.perf_counter()
            raw = read_source(source.spec())
            read_s = time.perf_counter() - start
            result = standardize(raw, reference=source.reference_date, within="18", workers=workers)
            std_s = time.perf_counter() - start - read_s
            total += len(raw)
            rows.append((source.name, len(raw), read_s, std_s, len(result.rejects)))
        seconds = time.perf_counter() - total_start
    return rows, seconds, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=813_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    rows, seconds, total = measure(args.persons, args.seed, args.workers)
    peak = psutil.Process().memory_info().rss
    lines = [
        SECTION,
        "",
        f"`python benchmarks/standardize_speed.py --persons {args.persons} --seed {args.seed}` "
        f"on {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}",
        "",
        "| source | records | read s | standardize s | rejects |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {n} | {r:,} | {a:.1f} | {b:.1f} | {j:,} |" for n, r, a, b, j in rows]
    lines += [
        f"| **all** | **{total:,}** | | **{seconds:.1f} s total** | |",
        "",
        f"Throughput: **{total / seconds:,.0f} records/s** (read + standardize); "
        f"process RSS at the end {peak / 2**30:.2f} GiB.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(text, SECTION)


if __name__ == "__main__":
    main()
