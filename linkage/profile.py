"""Profile a job's sources before linking (`linkage profile CONFIG`): completeness, NIK quality,
date precision, region resolution, and the warnings a data steward should read first."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from linkage.config import JobConfig, SourceConfig
from linkage.privacy import mask_nik, redact_numbers
from linkage.sources import SourceError, read_source
from linkage.standardize.batch import standardize

TOP_VALUES = 5
# Fields that identify a person (or nearly): shown as value lengths, never as values, unless
# asked; NIK and KK stay masked even then.
PERSONAL_FIELDS = frozenset(
    {"record_id", "nik", "kk", "name", "birth_date", "birth_year", "age", "address", "street"}
    | {"rt", "rw", "phone"}
)
MASKED_FIELDS = frozenset({"nik", "kk"})
NON_PERSONAL_EXTRA_KINDS = frozenset({"categorical", "region"})
TEXT_FIELDS = ("name", "address", "street", "dusun", "village", "district", "regency")
PLACE_FIELDS = ("address", "village", "district", "regency", "province", "region_code")
SPREADSHEET_FLAGS = ("numeric_cell", "scientific_notation", "float_text")
REGION_LEVELS = ("village", "district", "regency", "province")
RESOLVED_LEVELS = ("village", "district")

# Warning thresholds (shares of a source's records).
KK_IN_NIK_SHARE = 0.05
KK_LIKE_MIN_NIKS = 20
KK_LIKE_FEMALE_SHARE = 0.05  # KK numbers never carry the +40 of a woman's birth day
KK_LIKE_SHARED_SHARE = 0.2  # a household's members share one KK
SPREADSHEET_SHARE = 0.02
MANGLED_SHARE = 0.05
ENCODING_MIN_ROWS = 3
# Day 15, 1 Jan, 1 Jul and 31 Dec are ~4% of real birthdays; far more means placeholders.
DEFAULT_DATE_SHARE = 0.12
REGION_RESOLVED_SHARE = 0.8

# UTF-8 bytes read as Latin-1/CP1252: a lead byte (Â..ô) followed by a continuation character.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|\ufffd"
)


@dataclass
class FieldProfile:
    """One mapped field: how full it is and its most common values (or value lengths)."""

    field: str
    column: str
    filled: int
    distinct: int
    top: list[tuple[str, int]]
    shows: str  # "values" or "lengths"


@dataclass
class SourceProfile:
    """What one source holds, as counts; `error` is set when it could not be read."""

    name: str
    kind: str
    label: str
    rows: int = 0
    records: int = 0
    fields: list[FieldProfile] = field(default_factory=list)
    nik_status: dict[str, int] = field(default_factory=dict)
    nik_flags: dict[str, int] = field(default_factory=dict)
    birth_precision: dict[str, int] = field(default_factory=dict)
    default_birth_dates: int = 0
    place_given: int = 0
    region_levels: dict[str, int] = field(default_factory=dict)
    rejects: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def region_resolution_rate(self) -> float | None:
        """Share of records with place information placed in a Kemendagri district or village
        (a province alone says little within one province's lists)."""
        if not self.place_given:
            return None
        resolved = sum(self.region_levels.get(level, 0) for level in RESOLVED_LEVELS)
        return resolved / self.place_given


@dataclass
class Profile:
    """Every source of a job; `show_values` says whether personal fields show values."""

    sources: list[SourceProfile]
    show_values: bool = False

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for source, profile in zip(data["sources"], self.sources, strict=True):
            source["region_resolution_rate"] = profile.region_resolution_rate
        return data


def profile_config(
    config: JobConfig, *, show_values: bool = False, top: int = TOP_VALUES
) -> Profile:
    """Profile every source of a job, reading and standardizing each as `linkage run` would."""
    return Profile(
        [profile_source(s, config, show_values=show_values, top=top) for s in config.sources],
        show_values,
    )


def profile_source(
    source: SourceConfig, config: JobConfig, *, show_values: bool = False, top: int = TOP_VALUES
) -> SourceProfile:
    """One source read and standardized as `linkage run` does; a source that cannot be read
    is reported, not raised, so the other sources are still profiled."""
    spec = source.spec()
    profile = SourceProfile(source.name, source.kind, spec.label)
    try:
        raw = read_source(spec)
    except SourceError as err:
        profile.error = redact_numbers(str(err))
        profile.warnings.append(f"cannot be read: {profile.error}")
        return profile
    extra = {f: k for f, k in config.extra_fields.items() if f in source.columns}
    result = standardize(
        raw,
        reference=source.reference_date,
        within=config.standardize.region_within,
        extra_fields=extra,
        workers=config.standardize.workers,
    )
    records = result.records
    profile.rows, profile.records = len(raw), len(records)
    profile.rejects = _counts(result.rejects["reason"])
    profile.fields = [
        _field_profile(name, columns, raw[name], config, show_values=show_values, top=top)
        for name, columns in source.columns.items()
    ]
    profile.nik_status = _counts(records["nik_status"])
    profile.nik_flags = _flag_counts(records["nik_flags"])
    profile.birth_precision = _counts(records["birth_precision"].fillna("none"))
    profile.default_birth_dates = int(records["birth_default"].fillna(False).astype(bool).sum())
    profile.place_given = _place_given(raw, result.rejects, source)
    profile.region_levels = _region_levels(records)
    profile.warnings = source_warnings(profile, raw, records)
    return profile


def _counts(values: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in values.value_counts(dropna=False).items()}


def _flag_counts(flags: pd.Series) -> dict[str, int]:
    counter: Counter[str] = Counter()
    for text, n in flags.dropna().value_counts().items():
        for flag in str(text).split(","):
            counter[flag] += int(n)
    return dict(counter.most_common())


def _is_personal(name: str, config: JobConfig) -> bool:
    if name in config.extra_fields:
        return config.extra_fields[name] not in NON_PERSONAL_EXTRA_KINDS
    return name in PERSONAL_FIELDS


def _field_profile(
    name: str,
    columns: str | list[str],
    values: pd.Series,
    config: JobConfig,
    *,
    show_values: bool,
    top: int,
) -> FieldProfile:
    # A cell as the file shows it: a spreadsheet number keeps its float form (1.87101e+15).
    text = values[values.notna()].astype(str).str.strip()
    text = text[text != ""]
    personal = _is_personal(name, config)
    if personal and not show_values:
        top_items = [(f"{length} chars", int(n)) for length, n in _top(text.str.len(), top)]
        shows = "lengths"
    else:
        shown = text.map(mask_nik) if name in MASKED_FIELDS else text
        top_items = [(str(value), int(n)) for value, n in _top(shown, top)]
        shows = "values"
    return FieldProfile(
        field=name,
        column=columns if isinstance(columns, str) else " + ".join(columns),
        filled=len(text),
        distinct=int(text.nunique()),
        top=top_items,
        shows=shows,
    )


def _top(values: pd.Series, n: int) -> list[tuple[Any, int]]:
    counts = values.value_counts()
    return list(counts.head(n).items())


def _place_given(raw: pd.DataFrame, rejects: pd.DataFrame, source: SourceConfig) -> int:
    """Kept records that carry any place information (address, place names or a code)."""
    columns = [f for f in PLACE_FIELDS if f in source.columns]
    if not columns:
        return 0
    given = raw[columns].notna().any(axis=1)
    if len(rejects):
        kept = ~raw["row_number"].isin(rejects["row_number"])
        given = given & kept
    return int(given.sum())


def _region_levels(records: pd.DataFrame) -> dict[str, int]:
    """Records by the most precise region they resolved to."""
    level = pd.Series("none", index=records.index, dtype=object)
    for name in reversed(REGION_LEVELS):
        level[records[f"{name}_code"].notna()] = name
    return _counts(level)


# --- warnings ------------------------------------------------------------------------------


def source_warnings(profile: SourceProfile, raw: pd.DataFrame, records: pd.DataFrame) -> list[str]:
    """Plain-language findings, most serious first; counts only, never values."""
    n = max(profile.records, 1)
    warnings = []
    warnings += _kk_warnings(profile, records)
    spreadsheet = sum(profile.nik_flags.get(f, 0) for f in SPREADSHEET_FLAGS)
    if spreadsheet / n >= SPREADSHEET_SHARE:
        warnings.append(
            f"{spreadsheet:,} NIKs ({spreadsheet / n:.0%}) were damaged by a spreadsheet "
            "(stored as numbers: scientific notation or the 16th digit lost); ask for the file "
            "with the NIK column formatted as text"
        )
    mangled = profile.nik_status.get("mangled", 0)
    if mangled / n >= MANGLED_SHARE:
        warnings.append(f"{mangled:,} NIKs ({mangled / n:.0%}) are not readable as NIKs")
    warnings += _encoding_warnings(raw)
    day_dates = profile.birth_precision.get("day", 0)
    if day_dates and profile.default_birth_dates / day_dates >= DEFAULT_DATE_SHARE:
        share = profile.default_birth_dates / day_dates
        warnings.append(
            f"{profile.default_birth_dates:,} birth dates ({share:.0%}) are default dates "
            "(1 Jan, 1 Jul, 31 Dec or the 15th; about 4% expected): the real date is unknown"
        )
    rate = profile.region_resolution_rate
    if rate is not None and rate < REGION_RESOLVED_SHARE:
        warnings.append(
            f"only {rate:.0%} of records with an address or place names were placed in a "
            "district or village; check the place columns and `standardize.region_within`"
        )
    for item in profile.fields:
        if item.filled == 0:
            warnings.append(f"column {item.column!r} (mapped to {item.field}) is empty")
    if profile.rejects:
        reasons = ", ".join(f"{reason} ({n:,})" for reason, n in profile.rejects.items())
        warnings.append(f"{sum(profile.rejects.values()):,} rows will be rejected: {reasons}")
    return warnings


def _kk_warnings(profile: SourceProfile, records: pd.DataFrame) -> list[str]:
    """A KK number in the NIK column: equal to the row's KK, or a column of them (never a
    woman's +40 day, shared by whole households)."""
    n = max(profile.records, 1)
    warnings = []
    kk_rows = profile.nik_flags.get("kk_in_nik", 0)
    if kk_rows / n >= KK_IN_NIK_SHARE:
        warnings.append(
            f"{kk_rows:,} rows ({kk_rows / n:.0%}) have their KK number in the NIK column"
        )
    patterns = records["nik_pattern"]
    full = patterns.notna() & ~patterns.fillna("?").str.contains("?", regex=False)
    if full.sum() < KK_LIKE_MIN_NIKS:
        return warnings
    female = (records.loc[full, "nik_sex"] == "F").mean()
    shared = patterns[full].duplicated(keep=False).mean()
    stated_female = (records["sex"] == "F").sum() / max(records["sex"].notna().sum(), 1)
    if female < KK_LIKE_FEMALE_SHARE and (
        shared >= KK_LIKE_SHARED_SHARE or stated_female >= KK_LIKE_SHARED_SHARE
    ):
        warnings.append(
            f"the NIK column looks like KK numbers: {female:.0%} of its numbers decode as a "
            f"woman's NIK and {shared:.0%} are shared by several rows; check the column mapping"
        )
    return warnings


def _encoding_warnings(raw: pd.DataFrame) -> list[str]:
    warnings = []
    for name in TEXT_FIELDS:
        if name not in raw.columns:
            continue
        text = raw[name].dropna().astype(str)
        broken = int(text.str.contains(_MOJIBAKE).sum())
        if broken >= ENCODING_MIN_ROWS:
            warnings.append(
                f"{broken:,} {name} values look garbled (e.g. 'Ã©' for 'é'): the file's "
                "`encoding:` is probably wrong (try utf-8, latin-1 or auto)"
            )
    return warnings


# --- terminal ------------------------------------------------------------------------------


def print_profile(profile: Profile, console: Console | None = None) -> None:
    """Rich tables per source: fields, NIK and date quality, regions, then warnings."""
    console = console or Console()
    for source in profile.sources:
        console.rule(f"[bold]{source.name}[/bold] ({source.kind}) · {source.label}")
        if source.error:
            console.print(f"[red]cannot be read:[/red] {source.error}", highlight=False)
            continue
        console.print(
            f"{source.rows:,} rows read, {source.records:,} records kept", highlight=False
        )
        console.print(_fields_table(source))
        console.print(_quality_table(source))
        for warning in source.warnings:
            console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    if not profile.show_values:
        console.print(
            "[dim]Personal fields show value lengths only; --show-values shows values "
            "(NIK and KK masked).[/dim]"
        )


def _fields_table(source: SourceProfile) -> Table:
    table = Table(title="Fields", title_justify="left")
    for header in ("field", "column", "filled", "distinct"):
        table.add_column(header, justify="right" if header in ("filled", "distinct") else "left")
    table.add_column("most common")
    n = max(source.rows, 1)
    for item in source.fields:
        top = ", ".join(f"{value} ({count:,})" for value, count in item.top)
        table.add_row(
            item.field,
            item.column,
            f"{item.filled:,} ({item.filled / n:.0%})",
            f"{item.distinct:,}",
            f"[dim]{item.shows}:[/dim] {top}" if top else "",
        )
    return table


def _quality_table(source: SourceProfile) -> Table:
    table = Table(title="Quality", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("counts")
    n = max(source.records, 1)
    table.add_row("NIK status", _shares(source.nik_status, n))
    if source.nik_flags:
        table.add_row("NIK flags", _shares(source.nik_flags, n))
    table.add_row("birth date precision", _shares(source.birth_precision, n))
    table.add_row("default birth dates", f"{source.default_birth_dates:,}")
    rate = source.region_resolution_rate
    table.add_row(
        "region resolved",
        (
            f"{rate:.0%} of {source.place_given:,} with place information to district or village; "
            if rate is not None
            else ""
        )
        + _shares(source.region_levels, n),
    )
    return table


def _shares(counts: dict[str, int], total: int) -> str:
    return ", ".join(f"{k} {v:,} ({v / total:.0%})" for k, v in counts.items())
