"""Byte-stable writers for the sources, the ground truth and the job-config `sources:` list."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

from linkage.synth.population import Population
from linkage.synth.sources import Cell, SourceSpec, SourceTable

# Excel-made CSVs end lines with CRLF; system exports with LF.
_CRLF_SOURCES = frozenset({"csr", "dinsos"})
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>")
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


def _text(value: Cell) -> str:
    return "" if value is None else str(value)


def write_csv(table: SourceTable, out_dir: Path) -> Path:
    spec = table.spec
    path = out_dir / spec.path
    terminator = "\r\n" if spec.name in _CRLF_SOURCES else "\n"
    # errors="replace": characters the legacy encoding lacks become "?", as in real exports.
    with path.open("w", encoding=spec.encoding, errors="replace", newline="") as fh:
        writer = csv.writer(fh, delimiter=spec.delimiter, lineterminator=terminator)
        writer.writerow(spec.header)
        for row in table.rows:
            writer.writerow([_text(row.get(column)) for column in spec.header])
    return path


def write_xlsx(table: SourceTable, out_dir: Path) -> Path:
    """Workbook with fixed document dates and zip timestamps, so equal input gives equal bytes."""
    spec = table.spec
    stamp = datetime.combine(spec.reference_date, time(8, 0))
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.creator = "linkage synth"
    workbook.properties.created = stamp
    sheet = workbook.create_sheet(spec.sheet)
    sheet.append(list(spec.header))
    for row in table.rows:
        sheet.append([row.get(column) for column in spec.header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    modified = (
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp.isoformat()}Z</dcterms:modified>'
    )
    path = out_dir / spec.path
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(modified.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, data)
    return path


def write_parquet(table: SourceTable, out_dir: Path) -> Path:
    """Text columns as strings (IDs never become numbers); integer columns stay integers."""
    spec = table.spec
    arrays = {}
    for column in spec.header:
        values = [row.get(column) for row in table.rows]
        numeric = values and all(isinstance(v, int) for v in values if v is not None)
        arrays[column] = (
            pa.array(values, type=pa.int64())
            if numeric
            else pa.array([None if v is None else str(v) for v in values], type=pa.string())
        )
    path = out_dir / spec.path
    pq.write_table(pa.table(arrays), path, compression="zstd")
    return path


def write_table(table: SourceTable, out_dir: Path) -> Path:
    writer = {"csv": write_csv, "xlsx": write_xlsx, "parquet": write_parquet}[table.spec.fmt]
    return writer(table, out_dir)


def write_truth(tables: list[SourceTable], pop: Population, out_dir: Path) -> Path:
    """truth.csv: which person and household every record belongs to."""
    path = out_dir / "truth.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("source", "record_id", "person_id", "household_id"))
        for table in tables:
            for record_id, index in zip(table.record_ids(), table.persons, strict=True):
                person = pop.persons[index]
                household = pop.households[person.household]
                writer.writerow(
                    (table.spec.name, record_id, person.person_id, household.household_id)
                )
    return path


def write_hard_negatives(pop: Population, out_dir: Path) -> Path:
    path = out_dir / "hard_negatives.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("person_id_a", "person_id_b", "kind"))
        for a, b, kind in pop.hard_negatives:
            writer.writerow((pop.persons[a].person_id, pop.persons[b].person_id, kind))
    return path


def _yaml_scalar(value: str) -> str:
    return value if _PLAIN.match(value) else json.dumps(value)


def _yaml_source(spec: SourceSpec) -> list[str]:
    lines = [
        f"  - name: {spec.name}",
        f"    kind: {spec.kind}",
        f"    path: {_yaml_scalar(spec.path)}",
    ]
    if spec.deduplicated:
        lines.append("    deduplicated: true")
    if spec.fmt == "csv":
        lines += [f"    delimiter: {json.dumps(spec.delimiter)}", f"    encoding: {spec.encoding}"]
    if spec.fmt == "xlsx":
        lines.append(f"    sheet: {_yaml_scalar(spec.sheet)}")
    lines.append(f'    reference_date: "{spec.reference_date.isoformat()}"')
    lines.append("    columns:")
    lines += [f"      {field}: {_yaml_scalar(column)}" for field, column in spec.columns.items()]
    return lines


def write_sources_yaml(tables: list[SourceTable], out_dir: Path, persons: int, seed: int) -> Path:
    """The job config's `sources:` list for these files (paths relative to the YAML)."""
    lines = [f"# written by linkage synth --persons {persons} --seed {seed}", "sources:"]
    for table in tables:
        lines += _yaml_source(table.spec)
    path = out_dir / "sources.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
