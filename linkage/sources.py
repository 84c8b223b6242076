"""Read source lists (CSV/TSV, XLSX, Parquet, DuckDB/DB tables) into canonical input columns.

Identifier columns are never parsed as numbers here: CSV cells stay text, and numeric
spreadsheet cells stay Python numbers so that the NIK parser knows their 16th digit is lost.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

INPUT_FIELDS = (
    "record_id",
    "nik",
    "kk",
    "name",
    "birth_date",
    "birth_year",
    "age",
    "sex",
    "address",
    "street",
    "rt",
    "rw",
    "dusun",
    "village",
    "district",
    "regency",
    "province",
    "region_code",
    "postcode",
    "phone",
    "programme",
    "amount",
    "period",
    "decile",
)
FORMATS = ("csv", "xlsx", "parquet", "duckdb")


class SourceError(ValueError):
    """A source cannot be read as configured; the message names file, row and column."""


@dataclass(frozen=True)
class SourceSpec:
    """Where one list lives and how to read it (the config's `sources[i]`, already validated)."""

    name: str
    path: Path | None = None
    table: str | None = None  # a table or view in a DuckDB database (`path` is the database)
    format: str | None = None
    kind: str = "programme"
    delimiter: str | None = None
    encoding: str = "utf-8"
    sheet: str | int | None = None
    reference_date: dt.date | None = None
    columns: Mapping[str, str | list[str]] = field(default_factory=dict)

    @property
    def resolved_format(self) -> str:
        return self.format or infer_format(self.path, self.table)

    @property
    def label(self) -> str:
        if self.table:
            return f"{self.path.name if self.path else ''}:{self.table}"
        return self.path.name if self.path else self.name


def infer_format(path: Path | None, table: str | None = None) -> str:
    """The file format from the table option or the file extension."""
    if table:
        return "duckdb"
    suffix = (path.suffix if path else "").lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".duckdb", ".db"):
        return "duckdb"
    raise SourceError(f"{path}: cannot tell the format from the extension; set `format:`")


def read_raw(spec: SourceSpec) -> pd.DataFrame:
    """Read a source as it is: every column as object (str or spreadsheet number), no NaN."""
    fmt = spec.resolved_format
    if fmt != "duckdb" and (spec.path is None or not spec.path.exists()):
        raise SourceError(f"{spec.name}: file not found: {spec.path}")
    if fmt == "csv":
        return _read_csv(spec)
    if fmt == "xlsx":
        return _read_xlsx(spec)
    if fmt == "parquet":
        return _read_parquet(spec.path)
    if fmt == "duckdb":
        return _read_duckdb(spec)
    raise SourceError(f"{spec.name}: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _sniff_delimiter(path: Path, encoding: str) -> str:
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(64 * 1024)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _read_csv(spec: SourceSpec) -> pd.DataFrame:
    encoding = spec.encoding
    if encoding == "auto":
        encoding = _detect_encoding(spec.path)
    delimiter = spec.delimiter or _sniff_delimiter(spec.path, encoding)
    options = dict(sep=delimiter, dtype=str, keep_default_na=False, na_values=[""])
    try:
        # Arrow's reader is several times faster; anything it cannot read (bytes invalid in
        # the encoding, ragged rows) goes to the careful path, whose errors name the row.
        frame = pd.read_csv(spec.path, encoding=encoding, engine="pyarrow", **options)
    except Exception:
        _check_encoding(spec.path, encoding)
        try:
            frame = pd.read_csv(spec.path, encoding=encoding, **options)
        except pd.errors.ParserError as err:
            raise SourceError(f"{spec.path.name}: {err}") from err
    return _tidy(frame)


def _check_encoding(path: Path, encoding: str) -> None:
    """Fail early with the row number of the first undecodable line (wrong `encoding:`)."""
    with open(path, "rb") as fh:
        for line_number, line in enumerate(fh, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError as err:
                raise SourceError(
                    f"{path.name}: row {line_number - 1} is not valid {encoding} "
                    f"(byte {line[err.start]:#04x}); set `encoding:` (e.g. latin-1) or `auto`"
                ) from err
            except LookupError as err:
                raise SourceError(f"{path.name}: unknown encoding {encoding!r}") from err


def _detect_encoding(path: Path) -> str:
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def _read_xlsx(spec: SourceSpec) -> pd.DataFrame:
    from openpyxl import load_workbook

    workbook = load_workbook(spec.path, read_only=True, data_only=True)
    try:
        if spec.sheet is None:
            sheet = workbook.worksheets[0]
        elif isinstance(spec.sheet, int):
            sheet = workbook.worksheets[spec.sheet]
        elif spec.sheet in workbook.sheetnames:
            sheet = workbook[spec.sheet]
        else:
            raise SourceError(
                f"{spec.path.name}: no sheet {spec.sheet!r}; sheets are "
                + ", ".join(workbook.sheetnames)
            )
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return pd.DataFrame()
        names = [
            str(h).strip() if h is not None else f"column_{i + 1}" for i, h in enumerate(header)
        ]
        data = [list(row) for row in rows if any(v not in (None, "") for v in row)]
    finally:
        workbook.close()
    width = len(names)
    data = [(row + [None] * width)[:width] for row in data]
    return _tidy(pd.DataFrame(data, columns=names, dtype=object))


def _read_parquet(path: Path) -> pd.DataFrame:
    table = pq.read_table(path)
    return _tidy(_arrow_to_object_frame(table))


def _arrow_to_object_frame(table: pa.Table) -> pd.DataFrame:
    """Integers become exact text (an int64 NIK is whole); floats stay numbers (damaged)."""
    columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_integer(column.type):
            column = column.cast(pa.string())
        values = column.to_pylist()
        columns[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns)


def _read_duckdb(spec: SourceSpec) -> pd.DataFrame:
    import duckdb

    if spec.path is None or not spec.path.exists():
        raise SourceError(f"{spec.name}: database not found: {spec.path}")
    with duckdb.connect(str(spec.path), read_only=True) as con:
        try:
            table = con.table(spec.table).to_arrow_table()
        except duckdb.CatalogException as err:
            raise SourceError(f"{spec.label}: no table {spec.table!r}") from err
    if isinstance(table, pa.RecordBatchReader):
        table = table.read_all()
    return _tidy(_arrow_to_object_frame(table))


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns stay Arrow-backed strings (compact; the standardizer converts one chunk
    at a time); anything else becomes Python objects with None for missing."""
    frame.columns = [str(c).strip() for c in frame.columns]
    for name in frame.columns:
        column = frame[name]
        if not isinstance(column.dtype, pd.StringDtype):
            column = column.astype(object)
            frame[name] = column.where(column.notna(), None)
    return frame


def _mapped_columns(spec: SourceSpec) -> list[str]:
    return [
        c for cols in spec.columns.values() for c in ([cols] if isinstance(cols, str) else cols)
    ]


def _joined(raw: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Several source columns mapped to one field (e.g. given name + surname) joined by spaces."""
    parts = [raw[c].map(lambda v: "" if v is None else str(v).strip()) for c in columns]
    text = parts[0].str.cat(parts[1:], sep=" ").str.split().str.join(" ")
    return text.where(text != "", None).astype(object)


def to_canonical(raw: pd.DataFrame, spec: SourceSpec) -> pd.DataFrame:
    """Rename mapped columns to the canonical input fields; add source and row number.

    A source without a record-ID column gets its 1-based data row number as record_id.
    Extra (config-declared) fields keep their own names.
    """
    missing = [col for col in _mapped_columns(spec) if col not in raw.columns]
    if missing:
        raise SourceError(
            f"{spec.label}: column {missing[0]!r} not found; columns are "
            + ", ".join(map(str, raw.columns))
        )
    raw = raw.reset_index(drop=True)
    data = {"source": pd.Series([spec.name] * len(raw), dtype=object)}
    data["row_number"] = pd.Series(range(1, len(raw) + 1), dtype="int64")
    for canonical, columns in spec.columns.items():
        if isinstance(columns, str):
            data[canonical] = raw[columns]
        elif len(columns) == 1:
            data[canonical] = raw[columns[0]]
        else:
            data[canonical] = _joined(raw, list(columns))
    if "record_id" not in data:
        data["record_id"] = data["row_number"].astype(str).astype(object)
    else:
        data["record_id"] = _record_ids(data["record_id"])
    return pd.DataFrame(data)


def _record_ids(column: pd.Series) -> pd.Series:
    """Record IDs as trimmed text, empty as missing (text columns without a Python loop)."""
    if isinstance(column.dtype, pd.StringDtype):
        text = column.str.strip()
        return text.where(text.notna() & (text != ""), None).astype(object)
    return column.map(_record_id_text)


def _record_id_text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None  # an empty cell (NaN, pd.NA), not the text "nan"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def read_header(spec: SourceSpec) -> list[str]:
    """Column names of a source without reading its rows (for config validation)."""
    fmt = spec.resolved_format
    if fmt != "duckdb" and (spec.path is None or not spec.path.exists()):
        raise SourceError(f"file not found: {spec.path}")
    if fmt == "csv":
        encoding = _detect_encoding(spec.path) if spec.encoding == "auto" else spec.encoding
        delimiter = spec.delimiter or _sniff_delimiter(spec.path, encoding)
        with open(spec.path, encoding=encoding, errors="replace", newline="") as fh:
            row = next(csv.reader(fh, delimiter=delimiter), [])
        return [c.strip().lstrip("\ufeff") for c in row]
    if fmt == "parquet":
        return list(pq.read_schema(spec.path).names)
    if fmt == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(spec.path, read_only=True)
        try:
            names = workbook.sheetnames
            if spec.sheet is None:
                sheet = workbook.worksheets[0]
            elif isinstance(spec.sheet, int):
                sheet = workbook.worksheets[spec.sheet]
            elif spec.sheet in names:
                sheet = workbook[spec.sheet]
            else:
                raise SourceError(f"{spec.label}: no sheet {spec.sheet!r}; sheets are {names}")
            row = next(sheet.iter_rows(max_row=1, values_only=True), ())
        finally:
            workbook.close()
        return [str(c).strip() for c in row if c is not None]
    return list(read_raw(spec).columns)


def read_source(spec: SourceSpec) -> pd.DataFrame:
    """Read and map one source onto the canonical input fields."""
    return to_canonical(read_raw(spec), spec)
