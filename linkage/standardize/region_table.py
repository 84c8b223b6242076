"""The shipped Kemendagri region snapshot (all of Indonesia), loaded once per process."""

from __future__ import annotations

import csv
import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

SNAPSHOT = Path(__file__).parent / "data" / "regions.csv.gz"


@dataclass(frozen=True, slots=True)
class Region:
    """One row of the snapshot; codes are undotted digits (`1871`, `187101`, `1871011003`)."""

    code: str
    parent: str
    level: int  # 1 province, 2 regency/city, 3 district (kecamatan), 4 village
    type: str  # provinsi, kabupaten, kota, kecamatan, distrik, kelurahan, desa, desa_adat
    name: str
    postal_code: str


@functools.cache
def snapshot_header() -> str:
    """The edition/source line the snapshot starts with."""
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as fh:
        return fh.readline().lstrip("# ").strip()


@functools.cache
def regions_by_code() -> dict[str, Region]:
    """Every region keyed by its undotted code."""
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as fh:
        fh.readline()  # edition line
        rows = csv.reader(fh)
        at = {name: i for i, name in enumerate(next(rows))}
        code, parent, level, kind, name, postal = (
            at[c] for c in ("code", "parent", "level", "type", "name", "postal_code")
        )
        # Positional rows: DictReader doubled the load time (91,000 rows in every process).
        return {
            row[code]: Region(
                row[code], row[parent], int(row[level]), row[kind], row[name], row[postal]
            )
            for row in rows
        }


@functools.cache
def _children_index() -> dict[str, tuple[Region, ...]]:
    index: dict[str, list[Region]] = {}
    for region in regions_by_code().values():
        index.setdefault(region.parent, []).append(region)
    return {parent: tuple(kids) for parent, kids in index.items()}


def children_of(code: str | None) -> tuple[Region, ...]:
    """Direct children of a region (provinces for None), ordered by code."""
    return _children_index().get(code or "", ())
