"""Every comparison level is reached by a pair of records built for it.

Records go through the real standardizer and the model-input SQL, then each comparison's
Splink CASE statement is evaluated on the pair in DuckDB.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from splink.internals.settings_creator import SettingsCreator

from linkage.model.settings import indonesian_comparisons, model_input_sql
from linkage.standardize.batch import standardize_chunk, to_arrow

REF = dt.date(2025, 6, 30)
SITI = "1871015005850003"


def _comparisons():
    settings = SettingsCreator(link_type="dedupe_only", comparisons=indonesian_comparisons())
    return {
        c.output_column_name: c
        for c in settings.get_settings("duckdb").comparisons  # type: ignore[attr-defined]
    }


COMPARISONS = _comparisons()


def level_of(comparison: str, left: dict, right: dict) -> str:
    """The chart label of the level this pair of raw records falls into."""
    raw = pd.DataFrame([left, right])
    raw.insert(0, "source", ["a", "b"])
    raw.insert(1, "record_id", ["1", "2"])
    records = standardize_chunk(raw, reference=REF, within="18")
    records.insert(0, "uid", [0, 1])
    con = duckdb.connect()
    con.register("records_arrow", to_arrow(records))
    con.execute("CREATE TABLE records AS SELECT * FROM records_arrow")
    con.execute(f"CREATE TABLE model_input AS {model_input_sql('records')}")
    columns = [c[0] for c in con.execute("DESCRIBE model_input").fetchall()]
    select = ", ".join([f"l.{c} AS {c}_l" for c in columns] + [f"r.{c} AS {c}_r" for c in columns])
    con.execute(
        f"CREATE TABLE pair AS SELECT {select} FROM model_input l, model_input r "
        "WHERE l.unique_id = 0 AND r.unique_id = 1"
    )
    comp = COMPARISONS[comparison]
    gamma = con.execute(f"SELECT {comp._case_statement} FROM pair").fetchone()[0]
    for level in comp.comparison_levels:
        if level.comparison_vector_value == gamma:
            return level.label_for_charts
    raise AssertionError(f"no level with gamma {gamma}")


BASE = {"name": "SITI AMINAH", "birth_date": "10-05-1985", "sex": "P"}


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ({"nik": None}, {"nik": SITI}, "nik_pattern missing"),
        ({"nik": SITI}, {"nik": SITI, "sex": "L"}, "Exact NIK, but the records say otherwise"),
        (
            {"nik": SITI},
            {"nik": SITI, "name": "SUPARMAN", "birth_date": "01-01-1970"},
            "Exact NIK, but the records say otherwise",
        ),
        ({"nik": SITI}, {"nik": "'1871 0150 0585 0003"}, "Exact NIK"),
        ({"nik": SITI}, {"nik": "1871015005850004"}, "Same region and birth date, other serial"),
        ({"nik": SITI}, {"nik": "1871015005860003"}, "One digit differs"),
        ({"nik": SITI}, {"nik": "1871010505850003"}, "Adjacent digits swapped"),
        ({"nik": SITI}, {"nik": "1871XXXXXXXX0003"}, "Partial NIK agrees on >= 8 visible digits"),
        ({"nik": SITI}, {"nik": "****0003"}, "Partial NIK agrees on a few visible digits"),
        ({"nik": SITI}, {"nik": "1807044107700012"}, "All other comparisons"),
    ],
)
def test_nik_levels(left, right, label):
    assert level_of("nik", {**BASE, **left}, {**BASE, **right}) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        (None, "SITI AMINAH", "name missing"),
        ("HJ. SITI AMINAH, S.Pd", "Siti Aminah", "Exact name"),
        ("SITI AMINAH", "AMINAH SITI", "Same tokens, other order"),
        ("SOEKARNO DJOJO", "SUKARNO JOYO", "Same old-spelling key"),
        ("NUR HAYATI", "NURHAYATI", "Same old-spelling key"),
        ("SITI AMINAH", "SITI AMINAK", "Jaro-Winkler >= 0.94"),
        ("SITI AMINAH RAHAYU", "AMINAH", "One name inside the other"),
        ("SUHARTO", "SUHARNI", "Jaro-Winkler >= 0.88"),
        ("DEWI LESTARI", "DIAN LESTARI", "Jaro-Winkler >= 0.75"),
        ("SITI AMINAH", "WAYAN SUDARSA", "All other comparisons"),
    ],
)
def test_name_levels(a, b, label):
    assert level_of("name", {"name": a}, {"name": b}) == label


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({}, {"birth_date": "10-05-1985"}, "dob_year missing"),
        ({"birth_date": "01-07-1970"}, {"birth_date": "1970-07-01"}, "Same default date"),
        ({"birth_date": "10-05-1985"}, {"birth_date": "10 Mei 1985"}, "Exact birth date"),
        ({"birth_date": "10-05-1985"}, {"birth_date": "05-10-1985"}, "Day and month swapped"),
        ({"birth_date": "10-05-1985"}, {"birth_date": "17-05-1985"}, "Same year and month"),
        (
            {"birth_date": "10-05-1985"},
            {"birth_date": "10-05-1988"},
            "Same day and month, year differs",
        ),
        ({"birth_date": "10-05-1985"}, {"birth_year": "1985"}, "Same year (coarse precision)"),
        ({"birth_date": "10-05-1985"}, {"age": "39"}, "Years within 1 (age or year)"),
        ({"birth_date": "10-05-1985"}, {"birth_date": "22-09-1982"}, "Years within 5"),
        ({"birth_date": "10-05-1985"}, {"birth_date": "10-02-1955"}, "All other comparisons"),
    ],
)
def test_birth_date_levels(a, b, label):
    assert level_of("birth_date", {"name": "X", **a}, {"name": "X", **b}) == label


KEDATON = {"village": "Kedaton", "district": "Kedaton", "regency": "Kota Bandar Lampung"}


@pytest.mark.parametrize(
    ("a", "b", "label"),
    [
        ({}, KEDATON, "regency_code missing"),
        (
            {**KEDATON, "rt": "3", "rw": "5"},
            {"address": "RT 003/RW 005", **KEDATON},
            "Same village, RT and RW",
        ),
        ({**KEDATON, "rt": "3", "rw": "5"}, {**KEDATON, "rt": "3"}, "Same village and RT"),
        ({**KEDATON, "rt": "3"}, KEDATON, "Same village, RT unknown"),
        ({**KEDATON, "rt": "3"}, {**KEDATON, "rt": "4"}, "Same village, other RT"),
        (KEDATON, {**KEDATON, "village": "Surabaya"}, "Same district"),
        (KEDATON, {"district": "Sukarame", "regency": "Kota Bandar Lampung"}, "Same regency"),
        (KEDATON, {"district": "Pekalongan", "regency": "Lampung Timur"}, "All other comparisons"),
    ],
)
def test_region_levels(a, b, label):
    assert level_of("region", {"name": "X", **a}, {"name": "X", **b}) == label


@pytest.mark.parametrize(
    ("comparison", "a", "b", "label"),
    [
        ("sex", {"sex": "L"}, {"sex": "Laki-laki"}, "Exact sex"),
        ("sex", {"sex": "L"}, {"nik": SITI}, "All other comparisons"),
        ("sex", {}, {"sex": "P"}, "sex missing"),
        ("kk", {"kk": "1871011004090007"}, {"kk": "1871 0110 0409 0007"}, "Exact kk"),
        ("kk", {"kk": "1871011004090007"}, {"kk": "1871012301250004"}, "All other comparisons"),
        ("phone", {"phone": "0812-3456-7890"}, {"phone": "+62 812 3456 7890"}, "Exact phone"),
        ("phone", {"phone": "081234567890"}, {"phone": "081234567891"}, "All other comparisons"),
        ("phone", {"phone": None}, {"phone": "081234567891"}, "phone missing"),
    ],
)
def test_categorical_levels(comparison, a, b, label):
    assert level_of(comparison, {"name": "X", **a}, {"name": "X", **b}) == label
