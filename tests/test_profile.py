"""Source profiles: counts per field, NIK and date quality, and warnings a steward must see
(KK numbers in the NIK column, spreadsheet damage, wrong encoding, default dates)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from linkage.config import config_from_dict
from linkage.profile import Profile, print_profile, profile_config

NAMES = [
    "SITI AMINAH",
    "BUDI SANTOSO",
    "DEWI LESTARI",
    "AHMAD FAUZI",
    "NURUL HIDAYAH",
    "RUDI HARTONO",
    "SRI WAHYUNI",
    "JOKO PRASETYO",
    "ENDANG SUSILOWATI",
    "AGUS SETIAWAN",
]
VILLAGE = "1871061001"  # Durian Payung, Kota Bandar Lampung
HEADER = ["ID", "NIK", "NAMA", "JK", "TGL_LAHIR", "ALAMAT", "KODE"]
COLUMNS = {
    "record_id": "ID",
    "nik": "NIK",
    "name": "NAMA",
    "sex": "JK",
    "birth_date": "TGL_LAHIR",
    "address": "ALAMAT",
    "region_code": "KODE",
}


def fictional_nik(day: int, month: int, year: int, serial: int, female: bool) -> str:
    return f"187106{day + (40 if female else 0):02d}{month:02d}{year % 100:02d}{serial:04d}"


def person_rows(n: int = 30) -> list[dict[str, str]]:
    """Fictional, self-consistent persons (NIK agrees with sex and birth date)."""
    rows = []
    for i in range(n):
        female = i % 2 == 0
        day, month, year = 2 + i % 12, 1 + i % 12, 1950 + i  # no default dates (1st, 15th)
        rows.append(
            {
                "ID": f"R{i:03d}",
                "NIK": fictional_nik(day, month, year, i + 1, female),
                "NAMA": f"{NAMES[i % len(NAMES)]} {chr(65 + i % 26)}",
                "JK": "P" if female else "L",
                "TGL_LAHIR": f"{day:02d}-{month:02d}-{year}",
                "ALAMAT": f"Jl. Merdeka No. {i + 1} RT 00{1 + i % 5}",
                "KODE": VILLAGE,
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    lines = [";".join(HEADER)] + [";".join(row[c] for c in HEADER) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def profile_of(
    tmp_path: Path,
    rows: list[dict[str, str]],
    *,
    show_values: bool = False,
    file_encoding: str = "utf-8",
    **source: str,
) -> Profile:
    write_csv(tmp_path / "list.csv", rows, file_encoding)
    config = config_from_dict(
        {
            "sources": [
                {
                    "name": "list",
                    "kind": "agency",
                    "path": "list.csv",
                    "delimiter": ";",
                    "reference_date": "2025-06-30",
                    "columns": COLUMNS,
                    **source,
                }
            ],
            "standardize": {"region_within": "18"},
        },
        base=tmp_path,
        check_columns=False,
    )
    return profile_config(config, show_values=show_values)


@pytest.fixture
def clean(tmp_path: Path):
    return profile_of(tmp_path, person_rows()).sources[0]


def test_clean_list_has_no_warnings(clean):
    assert clean.warnings == []


def test_clean_list_counts(clean):
    assert (clean.rows, clean.records) == (30, 30)
    assert clean.nik_status == {"valid": 30}
    assert clean.birth_precision == {"day": 30}
    assert clean.default_birth_dates == 0
    assert clean.region_resolution_rate == 1.0
    assert clean.region_levels == {"village": 30}


def test_completeness_counts_blank_cells(tmp_path):
    rows = person_rows()
    for row in rows[:6]:
        row["NIK"] = ""
    source = profile_of(tmp_path, rows).sources[0]
    nik = next(f for f in source.fields if f.field == "nik")
    assert (nik.filled, nik.distinct) == (24, 24)
    assert source.nik_status == {"valid": 24, "missing": 6}


def test_personal_fields_show_lengths_not_values(clean):
    name = next(f for f in clean.fields if f.field == "name")
    assert name.shows == "lengths"
    assert all(label.endswith(" chars") for label, _ in name.top)
    sex = next(f for f in clean.fields if f.field == "sex")
    assert sex.shows == "values"
    assert dict(sex.top) == {"P": 15, "L": 15}


def test_profile_and_its_printout_hold_no_names_or_niks(tmp_path):
    rows = person_rows()
    profile = profile_of(tmp_path, rows)
    console = Console(record=True, width=200)
    print_profile(profile, console)
    for text in (json.dumps(profile.as_dict()), console.export_text()):
        assert not any(row["NAMA"] in text for row in rows)
        assert not any(row["NIK"] in text for row in rows)


def test_show_values_shows_names_but_keeps_niks_masked(tmp_path):
    rows = person_rows()
    source = profile_of(tmp_path, rows, show_values=True).sources[0]
    name = next(f for f in source.fields if f.field == "name")
    nik = next(f for f in source.fields if f.field == "nik")
    assert name.shows == "values"
    assert name.top[0][0] in {row["NAMA"] for row in rows}
    assert all("*" in value for value, _ in nik.top)
    assert not {value for value, _ in nik.top} & {row["NIK"] for row in rows}


def test_kk_numbers_in_the_nik_column_are_spotted(tmp_path):
    rows = person_rows()
    for i, row in enumerate(rows):
        household = i // 3
        # A KK: kecamatan + registration date (no +40 for women) + serial, shared by a family.
        row["NIK"] = f"187106{10 + household:02d}04{9 + household:02d}{household + 1:04d}"
    warnings = profile_of(tmp_path, rows).sources[0].warnings
    assert any("looks like KK numbers" in w for w in warnings)


def test_spreadsheet_scientific_notation_niks_are_spotted(tmp_path):
    rows = person_rows()
    for row in rows[:10]:
        row["NIK"] = "1.87106E+15"
    source = profile_of(tmp_path, rows).sources[0]
    assert source.nik_flags["scientific_notation"] == 10
    assert any("damaged by a spreadsheet" in w for w in source.warnings)


def test_utf8_file_read_as_latin1_is_spotted(tmp_path):
    rows = person_rows()
    for row in rows[:5]:
        row["ALAMAT"] = "Jl. Merdeka – Blok A"
    source = profile_of(tmp_path, rows, encoding="latin-1").sources[0]
    assert any("address values look garbled" in w for w in source.warnings)


def test_unreadable_source_is_reported_not_raised(tmp_path):
    rows = person_rows()
    rows[3]["ALAMAT"] = "Jl. Pahlawan Blok É"
    source = profile_of(tmp_path, rows, file_encoding="latin-1").sources[0]
    assert source.error is not None
    assert "encoding" in source.error
    assert source.warnings and source.warnings[0].startswith("cannot be read")


def test_default_birth_dates_are_spotted(tmp_path):
    rows = person_rows()
    for row in rows[:12]:
        row["TGL_LAHIR"] = "01-07-" + row["TGL_LAHIR"][-4:]
    source = profile_of(tmp_path, rows).sources[0]
    assert source.default_birth_dates == 12
    assert any("default dates" in w for w in source.warnings)


def test_unresolvable_places_lower_the_region_rate(tmp_path):
    rows = person_rows()
    for row in rows[:20]:
        row["KODE"] = ""
        row["ALAMAT"] = "Blok X nomor 9"
    source = profile_of(tmp_path, rows).sources[0]
    assert source.region_resolution_rate == pytest.approx(10 / 30)
    assert any("district or village" in w for w in source.warnings)


def test_list_of_male_household_heads_is_not_taken_for_kk_numbers(tmp_path):
    rows = person_rows()
    for i, row in enumerate(rows):
        day, month, year = 2 + i % 12, 1 + i % 12, 1950 + i
        row["NIK"], row["JK"] = fictional_nik(day, month, year, i + 1, female=False), "L"
    assert profile_of(tmp_path, rows).sources[0].warnings == []
