"""Standardize a whole table: the single-value parsers applied once per distinct value.

Names, dates, addresses and region triples repeat heavily across a list, so every parser runs
once per distinct input and the results are spread back with array indexing; large tables are
split across processes. Output columns are the canonical record of DESIGN.md section 2.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from linkage.standardize import regions
from linkage.standardize.address import ParsedAddress, normalize_place, parse_address, parse_rt_rw
from linkage.standardize.dates import ParsedDate, parse_birth
from linkage.standardize.names import ParsedName, parse_name
from linkage.standardize.nik import parse_kk, parse_nik_value, reconcile_arrays
from linkage.standardize.numbers import parse_amount, parse_int
from linkage.standardize.phone import parse_phone
from linkage.standardize.regions import ResolvedRegion, resolve_code, resolve_names
from linkage.standardize.sex import parse_sex

PLACE_LEVELS = ("village", "district", "regency", "province")
IDENTIFYING_KINDS = ("id", "nik", "name", "phone")
CHUNK_ROWS = 50_000

CANONICAL_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("record_id", pa.string()),
        ("row_number", pa.int64()),
        ("nik_raw", pa.string()),
        ("nik", pa.string()),
        ("nik_pattern", pa.string()),
        ("nik_status", pa.string()),
        ("nik_flags", pa.string()),
        ("nik_region6", pa.string()),
        ("nik_date6", pa.string()),
        ("nik_serial", pa.string()),
        ("nik_birth_date", pa.date32()),
        ("nik_sex", pa.string()),
        ("kk", pa.string()),
        ("name_raw", pa.string()),
        ("name", pa.string()),
        ("name_tokens", pa.list_(pa.string())),
        ("name_sorted", pa.string()),
        ("name_key", pa.string()),
        ("name_key_tokens", pa.list_(pa.string())),
        ("name_first", pa.string()),
        ("name_first_key", pa.string()),
        ("name_last_key", pa.string()),
        ("name_father", pa.string()),
        ("name_marga", pa.string()),
        ("name_titles", pa.string()),
        ("deceased", pa.bool_()),
        ("spouse_reference", pa.bool_()),
        ("birth_date", pa.date32()),
        ("birth_year", pa.int32()),
        ("birth_month", pa.int32()),
        ("birth_precision", pa.string()),
        ("birth_default", pa.bool_()),
        ("sex", pa.string()),
        ("address_raw", pa.string()),
        ("street", pa.string()),
        ("house_number", pa.string()),
        ("rt", pa.int32()),
        ("rw", pa.int32()),
        ("dusun", pa.string()),
        ("village", pa.string()),
        ("district", pa.string()),
        ("regency", pa.string()),
        ("province", pa.string()),
        ("postcode", pa.string()),
        ("province_code", pa.string()),
        ("regency_code", pa.string()),
        ("district_code", pa.string()),
        ("village_code", pa.string()),
        ("region_confidence", pa.float64()),
        ("phone", pa.string()),
        ("programme", pa.string()),
        ("amount", pa.float64()),
        ("period", pa.string()),
        ("decile", pa.int32()),
    ]
)
REJECT_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("record_id", pa.string()),
        ("row_number", pa.int64()),
        ("reason", pa.string()),
    ]
)


@dataclass
class Standardized:
    """Canonical records plus the rows that could not be used, each with a reason."""

    records: pd.DataFrame
    rejects: pd.DataFrame


# --- applying a parser once per distinct value ----------------------------------------------


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _apply_unique(fn: Callable[..., Any], *columns: pd.Series) -> tuple[list[Any], np.ndarray]:
    """Call `fn` once per distinct (tuple of) input value(s); return results and row codes.

    A single Arrow-backed text column is factorized as it is: only its distinct values ever
    become Python strings."""
    if len(columns) == 1:
        column = columns[0]
        if not isinstance(column.dtype, pd.StringDtype):
            column = column.astype(object)
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        results = [fn(None if _is_missing(u) else u) for u in uniques]
        return results, codes
    cache: dict[tuple, int] = {}
    results = []
    codes = np.empty(len(columns[0]), dtype=np.int64)
    for i, key in enumerate(zip(*(c.tolist() for c in columns), strict=True)):
        index = cache.get(key)
        if index is None:
            index = cache[key] = len(results)
            results.append(fn(*key))
        codes[i] = index
    return results, codes


def _objects(values: Sequence[Any]) -> np.ndarray:
    """A 1-d object array even when the values are tuples or lists (numpy would nest them)."""
    array = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        array[i] = value
    return array


def _take(values: Sequence[Any], codes: np.ndarray) -> np.ndarray:
    """Spread per-distinct-value results back to rows."""
    return _objects(values)[codes]


def _spread(results: Sequence[Any], codes: np.ndarray, attr: str) -> np.ndarray:
    return _take([getattr(result, attr) for result in results], codes)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name].astype(object).where(frame[name].notna(), None)
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _raw(frame: pd.DataFrame, name: str) -> pd.Series:
    """The column as read (Arrow text stays Arrow), or all missing."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A text field with whitespace collapsed and blanks as None; on Arrow-backed text
    (CSV and Parquet sources) in Arrow compute, else value by value."""
    if name not in frame.columns:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    column = frame[name]
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        text = pc.utf8_trim_whitespace(pc.replace_substring_regex(pa.array(column), r"\s+", " "))
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
        return pd.Series(text.to_numpy(zero_copy_only=False), index=frame.index, dtype=object)
    return _column(frame, name).map(_text_or_none)


def _text_or_none(value: object) -> str | None:
    if _is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text or None


# --- one chunk --------------------------------------------------------------------------------


def _names(frame: pd.DataFrame, out: dict[str, Any]) -> None:
    raw = _text_column(frame, "name")
    results, codes = _apply_unique(parse_name, raw)
    out["name_raw"] = raw.to_numpy(dtype=object)
    for column, attr in (
        ("name", "name"),
        ("name_sorted", "sorted_tokens"),
        ("name_key", "key"),
        ("name_first", "first_token"),
        ("name_father", "father_name"),
        ("name_marga", "marga"),
        ("deceased", "deceased"),
        ("spouse_reference", "spouse_reference"),
    ):
        out[column] = _spread(results, codes, attr)
    summaries = [_name_lists(r) for r in results]
    for position, column in enumerate(
        ("name_tokens", "name_key_tokens", "name_titles", "name_first_key", "name_last_key")
    ):
        out[column] = _take([summary[position] for summary in summaries], codes)


def _name_lists(parsed: ParsedName) -> tuple[Any, ...]:
    """Token lists and the blocking keys: first distinctive token and last token."""
    tokens = list(parsed.tokens) or None
    keys = list(parsed.key_tokens) or None
    titles = " ".join(parsed.titles) or None
    first_key = None
    if parsed.first_token and parsed.first_token in parsed.tokens:
        first_key = parsed.key_tokens[parsed.tokens.index(parsed.first_token)]
    last_key = keys[-1] if keys and len(keys[-1]) > 1 else None
    return tokens, keys, titles, first_key, last_key


def _birth(frame: pd.DataFrame, reference: dt.date | None, out: dict[str, Any]) -> None:
    def parse(birth_date: object, birth_year: object, age: object) -> ParsedDate:
        return parse_birth(birth_date, birth_year, age, reference=reference)

    results, codes = _apply_unique(
        parse, _column(frame, "birth_date"), _column(frame, "birth_year"), _column(frame, "age")
    )
    out["birth_date"] = _spread(results, codes, "date")
    out["birth_year"] = _spread(results, codes, "year")
    out["birth_month"] = _spread(results, codes, "month")
    out["birth_precision"] = _spread(results, codes, "precision")
    out["birth_default"] = _spread(results, codes, "is_default")


def _nik(frame: pd.DataFrame, reference: dt.date | None, out: dict[str, Any]) -> None:
    """The NIK parse is cached per value; checking it against each record's own facts
    (century, sex, birth date, KK typed as NIK) runs on whole columns."""
    parsed, codes = _apply_unique(parse_nik_value, _raw(frame, "nik"))
    kk_results, kk_codes = _apply_unique(parse_kk, _raw(frame, "kk"))
    out["kk"] = _spread(kk_results, kk_codes, "kk")

    def spread(attr: str) -> np.ndarray:
        return _spread(parsed, codes, attr)

    exact = np.where(out["birth_precision"] == "day", out["birth_date"], None)
    checked = reconcile_arrays(
        pattern=spread("pattern"),
        yy=spread("birth_yy"),
        month=spread("birth_month"),
        day=spread("birth_day"),
        nik_sex=spread("sex"),
        flags=_take([",".join(p.flags) or None for p in parsed], codes),
        kk=out["kk"],
        sex=out["sex"],
        birth_year=out["birth_year"],
        birth_date=exact,
        reference=reference,
    )
    kk_in = checked["kk_in_nik"]
    out["nik_raw"] = spread("raw")
    out["nik"] = np.where(kk_in, None, spread("nik"))
    out["nik_pattern"] = checked["pattern"]
    out["nik_status"] = np.where(kk_in, "missing", spread("status")).astype(object)
    out["nik_flags"] = checked["flags"]
    for column, attr in (("nik_region6", "region6"), ("nik_serial", "serial"), ("nik_sex", "sex")):
        out[column] = np.where(kk_in, None, spread(attr))
    out["nik_birth_date"] = checked["birth_date"]
    out["nik_date6"] = np.array(
        [p[6:12] if p is not None and "?" not in p[6:12] else None for p in out["nik_pattern"]],
        dtype=object,
    )


def _address(frame: pd.DataFrame, within: str | None, out: dict[str, Any]) -> None:
    raw = _text_column(frame, "address")
    out["address_raw"] = raw.to_numpy(dtype=object)
    results, codes = _apply_unique(parse_address, raw)
    parsed: dict[str, np.ndarray] = {
        attr: _spread(results, codes, attr)
        for attr in (
            "street",
            "house_number",
            "rt",
            "rw",
            "dusun",
            "village",
            "district",
            "regency",
            "province",
            "postcode",
        )
    }
    rt_rw_results, rt_rw_codes = _apply_unique(
        lambda rt, rw: (parse_rt_rw(rt)[0], parse_rt_rw(rw, bare="rw")[1]),
        _column(frame, "rt"),
        _column(frame, "rw"),
    )
    rts = _take([pair[0] for pair in rt_rw_results], rt_rw_codes)
    rws = _take([pair[1] for pair in rt_rw_results], rt_rw_codes)
    out["rt"] = _prefer(rts, parsed["rt"])
    out["rw"] = _prefer(rws, parsed["rw"])
    place_text = {}
    for field in ("street", "dusun", "village", "district", "regency", "province", "postcode"):
        given = _text_column(frame, field).to_numpy(dtype=object)
        if field in PLACE_LEVELS:
            # The resolver reads the source's own wording (Kota vs Kabupaten matters there).
            place_text[field] = _prefer(given, parsed[field])
            given = _normalize_places(given)
        out[field] = _prefer(given, parsed[field])
    out["house_number"] = parsed["house_number"]
    _regions(frame, within, place_text, out)


def _normalize_places(values: np.ndarray) -> np.ndarray:
    results, codes = _apply_unique(normalize_place, pd.Series(values, dtype=object))
    return _take(results, codes)


def _prefer(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Take the source's own column where it has a value, else what the address text said."""
    mask = pd.isna(pd.Series(first, dtype=object)).to_numpy()
    result = first.copy()
    result[mask] = second[mask]
    return result


def _regions(
    frame: pd.DataFrame, within: str | None, places: dict[str, np.ndarray], out: dict[str, Any]
) -> None:
    def resolve(code: object, village: object, district: object, regency: object, province: object):
        if code is not None:
            resolved = resolve_code(code)
            if resolved.level > 0:
                return resolved
        if village is None and district is None and regency is None:
            return None
        return resolve_names(village, district, regency, province, within=within)

    results, codes = _apply_unique(
        resolve,
        _column(frame, "region_code"),
        *(pd.Series(places[level], dtype=object) for level in PLACE_LEVELS),
    )
    empty = ResolvedRegion(None, None, None, None, 0, 0.0, 0, None, ())
    results = [r or empty for r in results]
    out["province_code"] = _spread(results, codes, "province_code")
    out["regency_code"] = _spread(results, codes, "regency_code")
    out["district_code"] = _spread(results, codes, "district_code")
    out["village_code"] = _spread(results, codes, "village_code")
    confidence = _spread(results, codes, "confidence")
    out["region_confidence"] = np.where(pd.isna(out["province_code"]), None, confidence).astype(
        object
    )


def _simple(frame: pd.DataFrame, out: dict[str, Any]) -> None:
    out["sex"] = _take(*_apply_unique(parse_sex, _raw(frame, "sex")))
    phones, phone_codes = _apply_unique(parse_phone, _raw(frame, "phone"))
    out["phone"] = _spread(phones, phone_codes, "phone")
    out["programme"] = _text_column(frame, "programme").to_numpy(dtype=object)
    out["period"] = _text_column(frame, "period").to_numpy(dtype=object)
    out["amount"] = _take(*_apply_unique(parse_amount, _raw(frame, "amount")))
    out["decile"] = _take(
        *_apply_unique(lambda v: parse_int(v, low=1, high=10), _raw(frame, "decile"))
    )


def standardize_columns(
    frame: pd.DataFrame,
    *,
    reference: dt.date | None = None,
    within: str | None = None,
    extra_fields: dict[str, str] | None = None,
) -> dict[str, np.ndarray]:
    """Standardize rows of canonical input fields into canonical columns (object arrays)."""
    out: dict[str, Any] = {
        "source": _column(frame, "source").to_numpy(dtype=object),
        "record_id": _column(frame, "record_id").to_numpy(dtype=object),
        "row_number": frame["row_number"].to_numpy()
        if "row_number" in frame.columns
        else np.arange(1, len(frame) + 1),
    }
    _simple(frame, out)
    _names(frame, out)
    _birth(frame, reference, out)
    _nik(frame, reference, out)
    _address(frame, within, out)
    columns = {name: out[name] for name in CANONICAL_SCHEMA.names}
    for field, kind in (extra_fields or {}).items():
        columns[field] = standardize_extra(_column(frame, field), kind)
    return columns


def standardize_chunk(
    frame: pd.DataFrame,
    *,
    reference: dt.date | None = None,
    within: str | None = None,
    extra_fields: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Standardize rows as a DataFrame (no rejection here; see `standardize`)."""
    return pd.DataFrame(
        standardize_columns(frame, reference=reference, within=within, extra_fields=extra_fields)
    )


def standardize_extra(values: pd.Series, kind: str) -> np.ndarray:
    """Config-declared general fields, so that non-Indonesian person data can be linked too."""
    from linkage.standardize.extra import EXTRA_PARSERS

    return _take(*_apply_unique(EXTRA_PARSERS[kind], values))


# --- whole tables -------------------------------------------------------------------------------


def _rejections(columns: dict[str, Any], identifying: list[str]) -> np.ndarray:
    """Why each standardized row cannot be linked (None = keep)."""
    ids = pd.Series(columns["record_id"], dtype=object)
    reason = np.full(len(ids), None, dtype=object)
    no_id = ids.isna().to_numpy()
    reason[no_id] = "missing record_id"
    duplicated = ids.duplicated(keep="first").to_numpy() & ~no_id
    reason[duplicated & pd.isna(reason)] = "duplicate record_id within the source"
    nothing = np.ones(len(ids), dtype=bool)
    for name in ("nik_pattern", "name", *identifying):
        nothing &= pd.isna(pd.Series(columns[name], dtype=object)).to_numpy()
    label = "no usable NIK, name or identifier" if identifying else "no usable NIK and no name"
    reason[nothing & pd.isna(reason)] = label
    return reason


def _rejects_frame(columns: dict[str, Any], mask: np.ndarray, reasons: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": np.asarray(columns["source"], dtype=object)[mask],
            "record_id": np.asarray(columns["record_id"], dtype=object)[mask],
            "row_number": np.asarray(columns["row_number"])[mask],
            "reason": reasons,
        }
    )


def _split(records: pd.DataFrame, identifying: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = {name: records[name].to_numpy(dtype=object) for name in records.columns}
    reason = _rejections(columns, identifying)
    rejected = pd.notna(reason)
    rejects = _rejects_frame(columns, rejected, reason[rejected])
    return records.loc[~rejected].reset_index(drop=True), rejects


def standardize(
    frame: pd.DataFrame,
    *,
    reference: dt.date | None = None,
    within: str | None = None,
    extra_fields: dict[str, str] | None = None,
    workers: int | None = None,
) -> Standardized:
    """Standardize one source's rows; unusable rows go to rejects with their reason.

    (`workers` is accepted for API stability; a job parallelizes across sources instead.)
    """
    records = standardize_chunk(
        frame, reference=reference, within=within, extra_fields=extra_fields
    )
    identifying = [f for f, kind in (extra_fields or {}).items() if kind in IDENTIFYING_KINDS]
    kept, rejects = _split(records, identifying)
    return Standardized(kept, rejects)


@dataclass
class StandardizedTable:
    """Like `Standardized`, with the records as a compact Arrow table (millions of rows)."""

    table: pa.Table
    rejects: pd.DataFrame


def _arrow_table(columns: dict[str, Any], mask: np.ndarray) -> pa.Table:
    arrays, fields = [], []
    for name, values in columns.items():
        field = (
            CANONICAL_SCHEMA.field(name)
            if name in CANONICAL_SCHEMA.names
            else pa.field(name, _RUN_COLUMN_TYPES.get(name, pa.string()))
        )
        data = np.asarray(values)[mask]
        arrays.append(pa.array(data, type=field.type, from_pandas=True))
        fields.append(field)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def standardize_table(
    frame: pd.DataFrame,
    *,
    reference: dt.date | None = None,
    within: str | None = None,
    extra_fields: dict[str, str] | None = None,
    extra_columns: dict[str, np.ndarray] | None = None,
    chunk_rows: int = CHUNK_ROWS,
    sink: Callable[[pa.Table], None] | None = None,
) -> StandardizedTable:
    """Standardize in chunks straight to Arrow, so memory stays near one chunk of Python
    objects; `extra_columns` (per input row) are carried along as text. With a `sink`, each
    chunk's records go there as they are made (the returned table is then empty)."""
    identifying = [f for f, kind in (extra_fields or {}).items() if kind in IDENTIFYING_KINDS]
    tables, rejects, seen_ids = [], [], []
    for start in range(0, max(len(frame), 1), chunk_rows):
        chunk = frame.iloc[start : start + chunk_rows]
        columns = standardize_columns(
            chunk, reference=reference, within=within, extra_fields=extra_fields
        )
        for name, values in (extra_columns or {}).items():
            columns[name] = values[start : start + chunk_rows]
        reason = _rejections(columns, identifying)
        # An ID already kept from an earlier chunk: this row is the later duplicate.
        ids = pa.array(columns["record_id"], pa.string(), from_pandas=True)
        if seen_ids:
            again = pc.is_in(ids, value_set=pa.concat_arrays(seen_ids))
            again = again.to_numpy(zero_copy_only=False) & pd.isna(reason)
            reason[again] = "duplicate record_id within the source"
        rejected = pd.notna(reason)
        seen_ids.append(pc.filter(ids, pa.array(~rejected)))
        table = _arrow_table(columns, ~rejected)
        if sink is not None:
            sink(table)
            table = table.schema.empty_table()  # a slice would keep the buffers alive
        tables.append(table)
        rejects.append(_rejects_frame(columns, rejected, reason[rejected]))
    return StandardizedTable(pa.concat_tables(tables), pd.concat(rejects, ignore_index=True))


def warm_caches() -> None:
    """Load region indexes before forking so workers share them instead of each loading."""
    regions.warm()


_RUN_COLUMN_TYPES = {"uid": pa.int64(), "is_new": pa.bool_()}


def to_arrow(records: pd.DataFrame) -> pa.Table:
    """Canonical records as an Arrow table with the canonical types (extra fields as text)."""
    fields = []
    for name in records.columns:
        if name in CANONICAL_SCHEMA.names:
            fields.append(CANONICAL_SCHEMA.field(name))
        else:
            fields.append(pa.field(name, _RUN_COLUMN_TYPES.get(name, pa.string())))
    return pa.Table.from_pandas(records, schema=pa.schema(fields), preserve_index=False)


def rejects_to_arrow(rejects: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(rejects, schema=REJECT_SCHEMA, preserve_index=False)


__all__ = [
    "CANONICAL_SCHEMA",
    "ParsedAddress",
    "Standardized",
    "standardize",
    "standardize_chunk",
    "to_arrow",
]
