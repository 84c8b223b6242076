"""Birth date, birth year and age parsing (DOMAIN 1.3 and cases 12, 34, 35, 44)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.standardize.dates import date_from_age, parse_birth, parse_date

REF = dt.date(2026, 1, 1)
MAY_10_1985 = dt.date(1985, 5, 10)


@pytest.mark.parametrize(
    "value",
    [
        "10-05-1985",
        "10/05/1985",
        "10.05.1985",
        "10 05 1985",
        "1985-05-10",
        "1985/05/10",
        "1985-05-10 00:00:00",
        "1985-05-10T00:00:00.000",
        "10-05-1985 00:00",
        "10051985",
        "19850510",
        "10 Mei 1985",
        "10 MEI 1985",
        "10-Mei-1985",
        "10 May 1985",
        "May 10, 1985",
        "Jumat, 10 Mei 1985",
        " '10-05-1985 ",
        dt.date(1985, 5, 10),
        dt.datetime(1985, 5, 10, 13, 45),
        pd.Timestamp("1985-05-10"),
    ],
)
def test_common_forms_give_the_same_day(value):
    parsed = parse_date(value, reference=REF)
    assert parsed.date == MAY_10_1985
    assert (parsed.year, parsed.month, parsed.day) == (1985, 5, 10)
    assert parsed.precision == "day"


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("17 Agustus 1945", 8),
        ("17 Agt 1945", 8),
        ("17 Agust 1945", 8),
        ("17 Ags 1945", 8),
        ("17 Okt 1945", 10),
        ("17 Nop 1945", 11),
        ("17 Nov 1945", 11),
        ("17 Des 1945", 12),
        ("17 Pebruari 1945", 2),
        ("17 Februari 1945", 2),
        ("17 Peb 1945", 2),
        ("17 Juni 1945", 6),
        ("17 Juli 1945", 7),
        ("17 Maret 1945", 3),
        ("17 December 1945", 12),
    ],
)
def test_indonesian_and_english_month_names(text, month):
    parsed = parse_date(text, reference=REF)
    assert parsed.date == dt.date(1945, month, 17)


def test_month_and_year_only_gives_month_precision():
    for text in ("Mei 1985", "MEI-1985", "05/1985", "1985-05"):
        parsed = parse_date(text, reference=REF)
        assert (parsed.date, parsed.year, parsed.month, parsed.day) == (None, 1985, 5, None), text
        assert parsed.precision == "month"


@pytest.mark.parametrize("value", ["1985", 1985, 1985.0, "1985.0"])
def test_year_alone_gives_year_precision(value):
    parsed = parse_date(value, reference=REF)
    assert (parsed.date, parsed.year, parsed.month) == (None, 1985, None)
    assert parsed.precision == "year"


@pytest.mark.parametrize("value", ["31177", 31177, 31177.0, "31177.0", 31177.75])
def test_excel_serial_is_read_and_flagged(value):
    parsed = parse_date(value, reference=REF)
    assert parsed.date == MAY_10_1985
    assert "excel_serial" in parsed.flags


def test_numbers_outside_year_and_serial_range_are_not_dates():
    for value in (5, 150, 99_999, 1e12, -31177, 1985.5):
        assert parse_date(value, reference=REF).precision is None, value


def test_two_digit_year_century_comes_from_reference():
    old = parse_date("10/05/85", reference=REF)
    young = parse_date("10/05/05", reference=REF)
    assert old.date == MAY_10_1985
    assert young.date == dt.date(2005, 5, 10)
    assert "two_digit_year" in old.flags and "two_digit_year" in young.flags


def test_two_digit_year_is_never_resolved_into_the_future():
    """Case 34: YY 26 with reference 2026-01-01 is 1926, not 2026-07-01."""
    parsed = parse_date("01-07-26", reference=REF)
    assert parsed.date == dt.date(1926, 7, 1)
    assert "future" not in parsed.flags


@pytest.mark.parametrize(
    ("text", "expected", "flag"),
    [
        ("25-05-1985", dt.date(1985, 5, 25), None),
        ("10-05-1985", dt.date(1985, 5, 10), "ambiguous_day_month"),
        ("05-05-1985", dt.date(1985, 5, 5), None),
        ("05/25/1985", dt.date(1985, 5, 25), "month_first"),
    ],
)
def test_day_first_reading_and_its_ambiguity_flags(text, expected, flag):
    parsed = parse_date(text, reference=REF)
    assert parsed.date == expected
    assert ("ambiguous_day_month" in parsed.flags) == (flag == "ambiguous_day_month")
    assert ("month_first" in parsed.flags) == (flag == "month_first")


def test_impossible_calendar_date_keeps_year_and_month_and_is_flagged():
    parsed = parse_date("31-02-1985", reference=REF)
    assert parsed.date is None
    assert (parsed.year, parsed.month, parsed.day) == (1985, 2, None)
    assert parsed.precision == "month"
    assert "invalid_calendar" in parsed.flags


def test_29_february_1900_is_flagged_not_fixed_but_2000_is_valid():
    """Case 35: 1900 is not a leap year; the century decides validity."""
    in_1900 = parse_date("29-02-1900", reference=REF)
    assert in_1900.date is None
    assert "invalid_calendar" in in_1900.flags
    assert parse_date("29-02-2000", reference=REF).date == dt.date(2000, 2, 29)


def test_month_13_keeps_only_the_year():
    parsed = parse_date("25-13-1985", reference=REF)
    assert (parsed.year, parsed.month, parsed.precision) == (1985, None, "year")
    assert "invalid_calendar" in parsed.flags


@pytest.mark.parametrize(
    ("text", "is_default"),
    [
        ("01-07-1940", True),  # SIAK default (case 12)
        ("31-12-1950", True),  # pre-SIAK default (case 44)
        ("01-01-1960", True),
        ("15-03-1970", True),  # only the month was known
        ("10-05-1985", False),
        ("02-07-1940", False),
        ("Juli 1940", False),  # month precision: no day to be a default
    ],
)
def test_dukcapil_default_dates_are_marked_as_weak(text, is_default):
    assert parse_date(text, reference=REF).is_default is is_default


def test_future_and_implausibly_old_dates_are_flagged():
    assert "future" in parse_date("02-01-2026", reference=REF).flags
    assert "future" not in parse_date("01-01-2026", reference=REF).flags
    assert "future" in parse_date("2027", reference=REF).flags
    assert "implausible_age" in parse_date("10-05-1880", reference=REF).flags
    assert "implausible_age" not in parse_date("10-05-1927", reference=REF).flags


def test_birthplace_prefix_of_a_ttl_column_is_skipped():
    parsed = parse_date("Bandar Lampung, 10-05-1985", reference=REF)
    assert parsed.date == MAY_10_1985
    assert "place_prefix" in parsed.flags


@pytest.mark.parametrize(
    "value", [None, "", "  ", "-", "0", "NaN", float("nan"), pd.NaT, "0000-00-00"]
)
def test_missing_markers_are_empty_without_flags(value):
    parsed = parse_date(value, reference=REF)
    assert parsed.precision is None
    assert parsed.flags == ()


@pytest.mark.parametrize("value", ["kemarin", "10-05", "1985-05-10-3", True, object(), 3 + 4j])
def test_unreadable_values_are_empty_and_flagged(value):
    parsed = parse_date(value, reference=REF)
    assert parsed.date is None and parsed.year is None
    assert parsed.flags


def test_default_reference_is_today():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert "future" in parse_date(tomorrow).flags


@pytest.mark.parametrize(("age", "year"), [(40, 1986), ("40", 1986), ("40 th", 1986), (40.0, 1986)])
def test_age_gives_birth_year_with_age_precision(age, year):
    parsed = date_from_age(age, REF)
    assert (parsed.year, parsed.precision, parsed.date) == (year, "age", None)


def test_age_over_120_is_implausible_and_non_ages_are_rejected():
    assert "implausible_age" in date_from_age(125, REF).flags
    assert date_from_age(None, REF).flags == ()
    for bad in ("tua", -3, 400):
        parsed = date_from_age(bad, REF)
        assert parsed.year is None and "invalid_age" in parsed.flags


def test_birth_date_wins_over_year_and_age_and_agreeing_age_adds_no_flag():
    """Case 34: a lansia aged 99 in 2026 and a DTKS date 01-07-1926 agree within a year."""
    parsed = parse_birth("01-07-1926", None, 99, reference=REF)
    assert parsed.date == dt.date(1926, 7, 1)
    assert parsed.is_default
    assert "age_conflict" not in parsed.flags


def test_birth_year_is_used_when_the_date_is_missing():
    parsed = parse_birth(None, "1950.0", None, reference=REF)
    assert (parsed.year, parsed.precision) == (1950, "year")


def test_age_is_the_last_resort():
    parsed = parse_birth("", None, "70", reference=REF)
    assert (parsed.year, parsed.precision) == (1956, "age")


def test_conflicting_year_and_age_are_flagged():
    parsed = parse_birth("10-05-1985", 1980, 20, reference=REF)
    assert parsed.date == MAY_10_1985
    assert {"year_conflict", "age_conflict"} <= set(parsed.flags)


def test_unreadable_date_falls_back_and_says_so():
    parsed = parse_birth("tidak jelas", 1985, None, reference=REF)
    assert (parsed.year, parsed.precision) == (1985, "year")
    assert "unparsed" in parsed.flags


def test_no_inputs_give_an_empty_result():
    parsed = parse_birth(reference=REF)
    assert parsed.precision is None and parsed.flags == ()


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789-/. :MeiAgtDes,'T", max_size=25),
        st.integers(),
        st.floats(),
        st.dates(),
        st.sampled_from([10**400, -(10**400), 10**5000]),
        st.none(),
    )
)
def test_parse_date_never_raises_and_day_precision_means_a_date(value):
    parsed = parse_date(value, reference=REF)
    assert (parsed.precision == "day") == (parsed.date is not None)
    if parsed.date is not None:
        assert (parsed.date.year, parsed.date.month, parsed.date.day) == (
            parsed.year,
            parsed.month,
            parsed.day,
        )


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=12), st.one_of(st.text(max_size=8), st.integers()), st.text(max_size=8))
def test_parse_birth_never_raises(birth_date, birth_year, age):
    parse_birth(birth_date, birth_year, age, reference=REF)
