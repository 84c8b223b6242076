"""NIK/KK cleaning, decoding and validation (DOMAIN.md 1 and the NIK cases of section 7)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.standardize.nik import (
    UNKNOWN,
    compare_nik_patterns,
    parse_kk,
    parse_nik,
    parse_nik_value,
)

SITI = "1871015005850003"  # DOMAIN case 1: female, born 10-05-1985, Kedaton
REF = dt.date(2026, 1, 1)


def test_female_day_plus_40_gives_birth_date_and_sex():
    parsed = parse_nik(SITI, reference=REF)
    assert parsed.status == "valid"
    assert parsed.nik == SITI
    assert parsed.sex == "F"
    assert parsed.birth_date == dt.date(1985, 5, 10)
    assert parsed.region6 == "187101"
    assert parsed.serial == "0003"


@pytest.mark.parametrize(
    "raw",
    [
        "1871 0150 0585 0003",
        "18.71.01.500585.0003",
        "1871-0150-0585-0003",
        "'1871015005850003",
        " 1871015005850003 ",
        "1871015005850003.0",
        "1.871015005850003E+15",
    ],
)
def test_separators_apostrophe_and_float_text_are_cleaned(raw):
    assert parse_nik(raw).nik == SITI


def test_scientific_display_is_a_range_not_a_prefix():
    # DOMAIN case 2: 1.87102E+15 is a rounded display; 187102 (Sukarame) must not be read.
    parsed = parse_nik_value("1.87102E+15")
    assert parsed.nik is None
    assert parsed.status == "mangled"
    assert parsed.pattern == "18710" + UNKNOWN * 11
    assert parsed.region6 is None
    assert compare_nik_patterns(parsed.pattern, SITI) == "compatible"


def test_spreadsheet_zeroed_last_digit_keeps_first_fifteen():
    # DOMAIN case 3: serial 0000 is never issued.
    parsed = parse_nik_value("1871015005850000")
    assert parsed.status == "truncated"
    assert parsed.pattern == SITI[:15] + UNKNOWN
    assert parsed.nik is None
    assert parsed.sex == "F"
    assert compare_nik_patterns(parsed.pattern, SITI) == "compatible"


def test_numeric_cell_loses_the_sixteenth_digit():
    parsed = parse_nik_value(1871015005850003)
    assert parsed.status == "truncated"
    assert parsed.pattern == SITI[:15] + UNKNOWN


def test_papua_float_collision_is_treated_as_unknown_digit():
    # DOMAIN case 4: both NIKs become 9171014107900012 as float64.
    a = parse_nik_value(float(9171014107900011))
    b = parse_nik_value(float(9171014107900013))
    assert a.pattern == b.pattern == "917101410790001" + UNKNOWN
    assert a.nik is None and b.nik is None
    assert compare_nik_patterns(a.pattern, b.pattern) == "compatible"
    text = parse_nik_value("9.171014107900012e+15")
    assert text.pattern == "917101410790001" + UNKNOWN


@pytest.mark.parametrize(
    ("raw", "pattern"),
    [
        ("1871XXXXXXXX0003", "1871" + UNKNOWN * 8 + "0003"),
        ("1871xxxxxxxx0003", "1871" + UNKNOWN * 8 + "0003"),
        ("1871********0003", "1871" + UNKNOWN * 8 + "0003"),
        ("1871••••••••0003", "1871" + UNKNOWN * 8 + "0003"),
        ("1871????????0003", "1871" + UNKNOWN * 8 + "0003"),
        ("1871........0003", "1871" + UNKNOWN * 8 + "0003"),
        ("****0003", UNKNOWN * 12 + "0003"),
        ("0003", UNKNOWN * 12 + "0003"),
        ("187101**********", "187101" + UNKNOWN * 10),
        ("187101", "187101" + UNKNOWN * 10),
        ("18710150058500**", "18710150058500" + UNKNOWN * 2),
    ],
)
def test_masks_and_fragments_become_patterns(raw, pattern):
    parsed = parse_nik_value(raw)
    assert parsed.status == "masked"
    assert parsed.pattern == pattern
    assert parsed.nik is None


def test_masked_nik_compatible_with_full_one():
    # DOMAIN case 19.
    assert compare_nik_patterns(parse_nik_value("1871XXXXXXXX0003").pattern, SITI) == "compatible"


def test_last_four_alone_disagreeing_region_is_visible():
    # DOMAIN case 21: last 4 agree; the model must treat this as weak (no region known).
    assert compare_nik_patterns(UNKNOWN * 12 + "0003", SITI) == "compatible"
    assert compare_nik_patterns(UNKNOWN * 12 + "0004", SITI) == "disagree"


@pytest.mark.parametrize(
    "raw",
    [
        "0000000000000000",
        "2222222222222222",
        "3333333333333333",
        "1234567890123456",
        "0187101500585000",
        "",
        "   ",
        None,
        "-",
        float("nan"),
    ],
)
def test_placeholders_and_empty_values_are_missing(raw):
    # DOMAIN cases 22 and 24.
    parsed = parse_nik(raw)
    assert parsed.status == "missing"
    assert parsed.nik is None
    assert parsed.pattern is None


def test_dash_alone_is_not_an_nik():
    assert parse_nik("-").nik is None


def test_kk_typed_in_nik_column_is_missing():
    # DOMAIN case 23: a KK decodes as a plausible male NIK.
    parsed = parse_nik("1871011004090007", kk="1871011004090007")
    assert parsed.status == "missing"
    assert "kk_in_nik" in parsed.flags
    assert parse_nik("1871011004090007").status == "valid"


def test_letters_o_and_i_are_repaired_with_a_flag():
    # DOMAIN case 45.
    parsed = parse_nik("18710I5OO585OOO3")
    assert parsed.nik == SITI
    assert "repaired" in parsed.flags


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("9971015005850003", "invalid_region"),  # province 99 does not exist
        ("1800015005850003", "invalid_region"),  # regency 00
        ("1871005005850003", "invalid_region"),  # kecamatan 00
        ("1871013505850003", "invalid_date"),  # day 35: neither male nor female
        ("1871011013850003", "invalid_date"),  # month 13
        ("18710150058500031", "mangled"),  # 17 digits
        ("187101500585003", "mangled"),  # 15 digits
    ],
)
def test_hard_rules_reject_as_nik(raw, status):
    parsed = parse_nik_value(raw)
    assert parsed.status == status
    assert parsed.nik is None


def test_calendar_invalid_is_a_soft_flag():
    # 31 Feb: structurally valid NIK, flagged (DOMAIN 1.2 rule 6).
    parsed = parse_nik("1871013102900001", reference=REF)
    assert parsed.status == "valid"
    assert "calendar_invalid" in parsed.flags


def test_century_depends_on_century_for_leap_day():
    # DOMAIN case 35: 29-02-00 exists in 2000, not in 1900.
    assert "calendar_invalid" not in parse_nik("1871012902000001", birth_year=2000).flags
    assert "calendar_invalid" in parse_nik("1871012902000001", birth_year=1900).flags


def test_century_resolved_from_record_not_from_digits():
    # DOMAIN case 34: YY=26 with age 99 in 2025 is 1926, not a future 2026.
    assert parse_nik("1871014107260003", birth_year=1926).birth_date == dt.date(1926, 7, 1)
    default = parse_nik("1871014107260003", reference=dt.date(2025, 6, 30))
    assert default.birth_date == dt.date(1926, 7, 1)


def test_century_unresolved_is_flagged_without_record_year():
    # 24 reads as 2024 (an infant) or 1924 (a centenarian): both are plausible.
    parsed = parse_nik("1871010101240001", reference=dt.date(2025, 6, 30))
    assert parsed.birth_year == 2024
    assert "century_unresolved" in parsed.flags
    # 10 as 1910 would be 115 years old: the century is not in doubt.
    assert "century_unresolved" not in parse_nik("1871010101100001", reference=REF).flags


def test_spouse_nik_shows_as_sex_conflict():
    # DOMAIN case 17: a male row carrying his wife's NIK (day 46).
    parsed = parse_nik("1807044605720003", sex="M")
    assert parsed.status == "valid"
    assert "sex_conflict" in parsed.flags


def test_transposed_day_digits_conflict_with_record():
    # DOMAIN case 20: 50 -> 05 flips sex and date; the record's own facts disagree.
    parsed = parse_nik("1871010505850003", sex="F", birth_date=dt.date(1985, 5, 10))
    assert {"sex_conflict", "dob_conflict"} <= set(parsed.flags)
    assert compare_nik_patterns(parsed.pattern, SITI) == "transposition"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (SITI, SITI, "exact"),
        (SITI, "1871015005850004", "same_region_date_other_serial"),
        (SITI, "1871015005860003", "one_substitution"),
        (SITI, "1871010505850003", "transposition"),
        (SITI, "1871051005850003", "transposition"),
        (SITI, "1807044107700012", "disagree"),
        ("1871" + UNKNOWN * 8 + "0003", SITI, "compatible"),
        ("1871" + UNKNOWN * 8 + "0003", "1872" + UNKNOWN * 8 + "0003", "disagree"),
        (UNKNOWN * 12 + "0003", "187101" + UNKNOWN * 10, "unknown"),
        (None, SITI, "unknown"),
    ],
)
def test_compare_nik_patterns(a, b, expected):
    assert compare_nik_patterns(a, b) == expected


def test_twins_consecutive_serials_are_not_typos():
    # DOMAIN case 7: twins differ only in the serial.
    assert (
        compare_nik_patterns("1871010506100001", "1871010506100002")
        == "same_region_date_other_serial"
    )


def test_kk_parsing():
    assert parse_kk("1871011004090007").kk == "1871011004090007"
    assert parse_kk("1871 0110 0409 0007").region6 == "187101"
    assert parse_kk("1.87101E+15").status == "mangled"
    assert parse_kk(None).status == "missing"
    assert parse_kk("0000000000000000").status == "missing"
    assert parse_kk(1871011004090007.0).kk is None


# --- properties -----------------------------------------------------------------------------

_nik_strategy = st.builds(
    lambda region, day, month, yy, serial: f"{region}{day:02d}{month:02d}{yy:02d}{serial:04d}",
    st.sampled_from(["187101", "187102", "180704", "330301", "917101", "110101"]),
    st.one_of(st.integers(1, 28), st.integers(41, 68)),
    st.integers(1, 12),
    st.integers(0, 99),
    st.integers(1, 9999),
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_input_text_raises(text):
    parsed = parse_nik(text, kk=text, sex="F", reference=REF)
    assert parsed.pattern is None or len(parsed.pattern) == 16


@settings(max_examples=300, deadline=None)
@given(
    _nik_strategy,
    st.lists(st.sampled_from([" ", ".", "-"]), min_size=0, max_size=6),
    st.booleans(),
)
def test_valid_nik_with_noise_parses_back(nik, separators, apostrophe):
    text = list(nik)
    for i, sep in enumerate(separators):
        text.insert(2 + 2 * i, sep)
    noisy = ("'" if apostrophe else "") + "".join(text)
    parsed = parse_nik(noisy)
    if _is_placeholder_like(nik):
        return
    assert parsed.nik == nik


def _is_placeholder_like(nik: str) -> bool:
    return len(set(nik)) == 1


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789xX*?•#. -'", min_size=0, max_size=24))
def test_pattern_never_claims_a_digit_the_input_lacked(text):
    parsed = parse_nik_value(text)
    if parsed.pattern is None:
        return
    input_digits = sorted(c for c in text if c.isdigit())
    pattern_digits = sorted(c for c in parsed.pattern if c.isdigit())
    # Every claimed digit is one of the input's digits (as a multiset).
    remaining = list(input_digits)
    for digit in pattern_digits:
        assert digit in remaining
        remaining.remove(digit)
