"""Synthetic Lampung social-aid beneficiary lists with ground truth, written by `synthesize`."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from linkage.synth.population import build_population
from linkage.synth.sources import build_sources
from linkage.synth.writers import (
    write_hard_negatives,
    write_sources_yaml,
    write_table,
    write_truth,
)

__all__ = ["SynthSummary", "synthesize"]


@dataclass(frozen=True)
class SynthSummary:
    """What one run produced."""

    persons: int
    households: int
    records: dict[str, int]  # per source, in file order
    hard_negatives: dict[str, int]  # pairs per kind
    files: list[Path]
    seconds: float

    @property
    def total_records(self) -> int:
        return sum(self.records.values())

    @property
    def records_per_person(self) -> float:
        return self.total_records / self.persons


def synthesize(
    persons: int,
    seed: int,
    out_dir: Path,
    *,
    reference_date: date = date(2025, 6, 30),
    progress: Callable[[str], None] | None = None,
) -> SynthSummary:
    """Generate `persons` people in Lampung households and write every source plus ground truth.

    The same (persons, seed, reference_date) always gives byte-identical files.
    """
    if persons < 1:
        raise ValueError(f"persons must be at least 1, got {persons}")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    population = build_population(persons, seed, reference_date, progress)
    tables = build_sources(population, seed, progress)
    files = [write_table(table, out_dir) for table in tables]
    files += [
        write_truth(tables, population, out_dir),
        write_hard_negatives(population, out_dir),
        write_sources_yaml(tables, out_dir, persons, seed),
    ]
    if progress:
        progress(f"wrote {len(files)} files to {out_dir}")
    return SynthSummary(
        persons=len(population.persons),
        households=len(population.households),
        records={table.spec.name: len(table.rows) for table in tables},
        hard_negatives=dict(Counter(kind for _, _, kind in population.hard_negatives)),
        files=files,
        seconds=time.perf_counter() - started,
    )
