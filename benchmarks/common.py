"""Shared by the benchmark's tool processes: stage clock, task file, generic reading and cleaning.

Runs under the core venv (pandas 3) and the recordlinkage venv (pandas 2), without `linkage`.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

RESOLVED = "resolved.parquet"
BLOCKING_INPUT = "blocking_input.parquet"
BLOCKING_RULES = "blocking_rules.json"
EVENTS = "events.jsonl"


class StageClock:
    """Appends one JSON line per finished stage (wall-clock start and end) to the events file,
    so that the orchestrator can attribute its memory samples to stages."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / EVENTS
        self.path.write_text("")

    def _write(self, event: dict[str, Any]) -> None:
        with open(self.path, "a") as fh:
            fh.write(json.dumps(event) + "\n")

    def span(self, stage: str, label: str, start: float, end: float) -> None:
        self._write({"stage": stage, "label": label, "start": start, "end": end})

    @contextmanager
    def stage(self, stage: str, label: str | None = None) -> Iterator[None]:
        start = time.time()
        yield
        self.span(stage, label or stage, start, time.time())

    def done(self, **facts: Any) -> None:
        """The measured work is over; what follows (blocking dumps) is not timed."""
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self._write({"done": time.time(), "maxrss_kb": max(own, children), **facts})


def load_task(argv: list[str] | None = None) -> dict[str, Any]:
    """The task JSON the orchestrator wrote (path as the only argument)."""
    argv = sys.argv[1:] if argv is None else argv
    task = json.loads(Path(argv[0]).read_text())
    Path(task["out_dir"]).mkdir(parents=True, exist_ok=True)
    return task


# --- Reading: what a user does with pandas, per file type -----------------------------------


def _text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text; whole-number floats (spreadsheet IDs) without their '.0'."""

    def as_text(value: Any) -> Any:
        if value is None or (isinstance(value, float) and value != value):
            return None
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        text = str(value).strip()
        return text or None

    return pd.DataFrame({c: frame[c].map(as_text).astype(object) for c in frame.columns})


def read_raw(source: dict[str, Any]) -> pd.DataFrame:
    path = Path(source["path"])
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _text_frame(pd.read_parquet(path))
    if suffix == ".xlsx":
        return _text_frame(pd.read_excel(path, sheet_name=source.get("sheet") or 0))
    frame = pd.read_csv(
        path,
        sep=source.get("delimiter") or ",",
        encoding=source.get("encoding") or "utf-8",
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        skipinitialspace=True,
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.astype(object).where(frame.notna(), None)


def _column(raw: pd.DataFrame, columns: str | list[str]) -> pd.Series:
    if isinstance(columns, str):
        return raw[columns]
    parts = [raw[c].fillna("").astype(str).str.strip() for c in columns]
    joined = parts[0].str.cat(parts[1:], sep=" ").str.replace(r"\s+", " ", regex=True).str.strip()
    return joined.where(joined != "", None)


def read_sources(sources: list[dict[str, Any]]) -> pd.DataFrame:
    """All sources stacked, mapped to the task's field names; `uid` is the row's position.

    A source without a record ID column gets its 1-based row number (the truth file's key).
    """
    frames = []
    for source in sources:
        raw = read_raw(source)
        data = {field: _column(raw, cols) for field, cols in source["columns"].items()}
        frame = pd.DataFrame(data, index=raw.index)
        if "record_id" not in frame:
            frame["record_id"] = [str(i) for i in range(1, len(raw) + 1)]
        frame.insert(0, "source", source["name"])
        frame["reference_date"] = source.get("reference_date")
        frames.append(frame.reset_index(drop=True))
    records = pd.concat(frames, ignore_index=True)
    records.insert(0, "uid", range(len(records)))
    return records


# --- Generic cleaning a competent user applies (no Indonesian-specific knowledge) -----------

_PUNCTUATION = r"[^\w\s]"
# The honorifics visible in the first rows of these lists: the first thing anyone strips.
_HONORIFICS = r"^(?:(?:pak|bapak|bpk|bp|bu|ibu|ny|nyonya|sdr|sdri|tn|hj|h|dr|ir)\s+)+"
_ADMIN_PREFIX = {
    "locality": r"^(?:desa|ds|kel|kelurahan|pekon|tiyuh|kampung|kp)\s+",
    "district": r"^(?:kec|kecamatan)\s+",
    "region": r"^(?:kab|kabupaten|kota)\s+",
}
# Month names as they appear in the lists (Indonesian, full and short) -> month number.
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "oct": 10, "november": 11, "nov": 11, "nop": 11, "desember": 12, "des": 12,
    "dec": 12,
}  # fmt: skip
# Two-digit years first: "%Y" would read "03" as the year 3.
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y")


def clean_text(values: pd.Series) -> pd.Series:
    """Lowercase, punctuation to spaces, single spaces; empty becomes null."""
    text = values.astype("string").str.lower().str.replace(_PUNCTUATION, " ", regex=True)
    text = text.str.replace(r"\s+", " ", regex=True).str.strip()
    return text.where(text != "", None)


def clean_name(values: pd.Series) -> pd.Series:
    text = clean_text(values).str.replace(_HONORIFICS, "", regex=True).str.strip()
    return text.where(text != "", None)


def clean_place(values: pd.Series, kind: str) -> pd.Series:
    text = clean_text(values).str.replace(_ADMIN_PREFIX[kind], "", regex=True).str.strip()
    return text.where(text != "", None)


def clean_id(values: pd.Series, length: int | None = None) -> pd.Series:
    """Digits only; with `length`, anything else (masked, truncated, 1.8E+15) is null."""
    text = values.astype("string")
    digits = text.str.replace(r"\D", "", regex=True)
    keep = digits.str.len() > 0
    if length:
        keep &= (digits.str.len() == length) & ~text.str.contains("e", case=False, regex=False)
    return digits.where(keep, None)


def clean_phone(values: pd.Series) -> pd.Series:
    """National form: digits, +62/62 -> 0; too short to be a mobile number is null."""
    digits = values.astype("string").str.replace(r"\D", "", regex=True)
    digits = digits.str.replace(r"^62", "0", regex=True).str.replace(r"^8", "08", regex=True)
    return digits.where(digits.str.len() >= 9, None)


def clean_sex(values: pd.Series) -> pd.Series:
    first = values.astype("string").str.strip().str.lower().str[:1]
    return first.map({"l": "m", "m": "m", "1": "m", "p": "f", "f": "f", "w": "f", "2": "f"})


def _month_names_to_numbers(text: pd.Series) -> pd.Series:
    def replace(match: Any) -> str:
        return f"-{_MONTHS.get(match.group(1), 0):02d}-"

    return text.str.replace(r"\s*\b([a-z]{3,9})\b\.?\s*", replace, regex=True)


def parse_dates(values: pd.Series, reference: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(date as YYYY-MM-DD text, birth year) from the formats the files use; a 4-digit value
    is a year only; a two-digit year that lands after the list's date is a century early."""
    text = values.astype("string").str.strip().str.lower()
    text = _month_names_to_numbers(text).str.replace(r"\s+", "", regex=True)
    year_only = text.str.fullmatch(r"\d{4}").fillna(False)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in _DATE_FORMATS:
        todo = parsed.isna() & text.notna() & ~year_only
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    late = parsed > pd.to_datetime(reference, errors="coerce")
    parsed[late] = parsed[late] - pd.DateOffset(years=100)
    year = parsed.dt.year.astype("Int64")
    year = year.where(~year_only, pd.to_numeric(text.where(year_only), errors="coerce"))
    return parsed.dt.strftime("%Y-%m-%d").astype(object).where(parsed.notna(), None), year


def _year_from_age(age: pd.Series, reference: pd.Series) -> pd.Series:
    years = pd.to_numeric(age, errors="coerce")
    ref_year = pd.to_datetime(reference, errors="coerce").dt.year
    return (ref_year - years).round().astype("Int64")


def _tokens(name: pd.Series, first: bool) -> pd.Series:
    parts = name.str.split(" ")
    if first:
        return parts.str[0]
    return parts.str[-1].where(parts.str.len() > 1, None)


def clean_records(records: pd.DataFrame, *, id_length: int | None) -> pd.DataFrame:
    """The task's mapped fields -> the baselines' cleaned columns (absent fields are null)."""
    n = len(records)

    def field(name: str) -> pd.Series:
        if name in records:
            return records[name]
        return pd.Series([None] * n, index=records.index, dtype=object)

    reference = field("reference_date")
    if "first_name" in records or "last_name" in records:
        first, last = clean_name(field("first_name")), clean_name(field("last_name"))
        name = (first.fillna("") + " " + last.fillna("")).str.strip()
        name = name.where(name != "", None)
    else:
        name = clean_name(field("name"))
        first, last = _tokens(name, first=True), _tokens(name, first=False)
    dob, year = parse_dates(field("birth_date"), reference)
    year = year.fillna(pd.to_numeric(field("birth_year"), errors="coerce").astype("Int64"))
    year = year.fillna(_year_from_age(field("age"), reference))
    cleaned = pd.DataFrame(
        {
            "unique_id": records["uid"].astype("int64"),
            "source": records["source"].astype(str),
            "record_id": records["record_id"].astype(str),
            "id_number": clean_id(field("id_number"), id_length),
            "household": clean_id(field("household")),
            "name": name,
            "first_name": first,
            "last_name": last,
            "dob": dob,
            "birth_year": year,
            "sex": clean_sex(field("sex")),
            "street": clean_text(field("street")),
            "street_number": clean_text(field("street_number")),
            "locality": clean_place(field("locality"), "locality"),
            "district": clean_place(field("district"), "district"),
            "region": clean_place(field("region"), "region"),
            "postcode": clean_id(field("postcode")),
            "phone": clean_phone(field("phone")),
        }
    )
    text_columns = [c for c in cleaned.columns if c not in ("unique_id", "birth_year")]
    cleaned[text_columns] = cleaned[text_columns].astype(object)
    return cleaned.where(cleaned.notna(), None)


# --- Outputs the orchestrator reads ---------------------------------------------------------


def write_resolved(out_dir: Path, records: pd.DataFrame, cluster: pd.Series) -> Path:
    """source, record_id, person_id for every record (the shape `linkage evaluate` reads)."""
    path = out_dir / RESOLVED
    frame = pd.DataFrame(
        {
            "source": records["source"].astype(str).to_numpy(),
            "record_id": records["record_id"].astype(str).to_numpy(),
            "person_id": cluster.astype(str).to_numpy(),
        }
    )
    frame.to_parquet(path, index=False)
    return path


def swept(out_dir: Path, threshold: float) -> Path:
    """Where a tool writes its clusters at another threshold (untimed, for the report)."""
    return out_dir / f"resolved-at-{threshold:g}.parquet"


def write_blocking(out_dir: Path, records: pd.DataFrame, rules: list[str]) -> None:
    """The columns the blocking rules read, and the rules as SQL over `l`/`r`: the
    orchestrator counts comparisons and finds which true pairs were ever compared."""
    records.to_parquet(out_dir / BLOCKING_INPUT, index=False)
    write_blocking_rules(out_dir, rules)


def write_blocking_rules(out_dir: Path, rules: list[str]) -> None:
    (out_dir / BLOCKING_RULES).write_text(json.dumps(rules, indent=1))


def equality_rule(columns: list[str]) -> str:
    """SQL for 'all these columns equal' (nulls never equal), as Splink's block_on writes it."""
    return " AND ".join(f'l."{c}" = r."{c}"' for c in columns)
