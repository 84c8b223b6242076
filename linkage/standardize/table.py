"""Standardize one file for a steward (`linkage standardize`): canonical Parquet + rejects."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from linkage.sources import INPUT_FIELDS, SourceError, SourceSpec, read_header, read_source
from linkage.standardize.batch import rejects_to_arrow, standardize, to_arrow


@dataclass
class FileResult:
    records: int
    rejects: int
    rejects_path: Path | None
    nik_status: dict[str, int]


def default_mapping(header: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """Explicit `field=COLUMN` pairs, plus columns already named after a field (any case)."""
    unknown = sorted(set(mapping) - set(INPUT_FIELDS))
    if unknown:
        raise SourceError(
            f"--columns: unknown field {unknown[0]!r}; fields are {', '.join(INPUT_FIELDS)}"
        )
    lowered = {h.lower(): h for h in header}
    result = dict(mapping)
    for field in INPUT_FIELDS:
        if field not in result and field in lowered and lowered[field] not in mapping.values():
            result[field] = lowered[field]
    if not result:
        raise SourceError(
            "no column of the input is named after a field and --columns maps none; "
            f"columns are {', '.join(header)}"
        )
    return result


def standardize_file(
    input_path: Path,
    out_path: Path,
    *,
    mapping: dict[str, str],
    source_name: str | None = None,
    sheet: str | None = None,
    delimiter: str | None = None,
    encoding: str = "utf-8",
    reference_date: dt.date | None = None,
    region_within: str | None = None,
) -> FileResult:
    spec = SourceSpec(
        name=source_name or input_path.stem,
        path=input_path,
        delimiter=delimiter,
        encoding=encoding,
        sheet=sheet,
        reference_date=reference_date,
    )
    header = read_header(spec)
    columns = default_mapping(header, mapping)
    for field, column in columns.items():
        if column not in header:
            raise SourceError(
                f"--columns {field}={column}: column {column!r} not found in {input_path.name}; "
                f"columns are {', '.join(header)}"
            )
    spec = SourceSpec(**{**spec.__dict__, "columns": columns})
    result = standardize(read_source(spec), reference=reference_date, within=region_within)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(to_arrow(result.records), out_path, compression="zstd")
    rejects_path = None
    if len(result.rejects):
        rejects_path = out_path.with_name(out_path.stem + ".rejects.parquet")
        pq.write_table(rejects_to_arrow(result.rejects), rejects_path)
    status = Counter(result.records["nik_status"].tolist())
    return FileResult(len(result.records), len(result.rejects), rejects_path, dict(status))
