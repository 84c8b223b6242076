"""Phone normalisation: Indonesian formats, spreadsheet damage and junk."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.standardize.phone import parse_phone

MOBILE = "+6281234567891"


@pytest.mark.parametrize(
    "value",
    [
        "081234567891",
        "0812-3456-7891",
        "0812.3456.7891",
        "0812 3456 7891",
        "6281234567891",
        "+6281234567891",
        "+62 812-3456-7891",
        "006281234567891",
        "+62 (0) 812 3456 7891",
        "'081234567891",
        "HP: 0812 3456 7891 (WA)",
    ],
)
def test_mobile_forms_normalise_to_one_e164_number(value):
    parsed = parse_phone(value)
    assert (parsed.phone, parsed.kind) == (MOBILE, "mobile")
    assert "leading_zero_lost" not in parsed.flags


@pytest.mark.parametrize(
    "value", ["(0721) 123456", "0721-123456", "0721 123456", "62721123456", "0721/123456"]
)
def test_landline_keeps_its_area_code(value):
    parsed = parse_phone(value)
    assert (parsed.phone, parsed.kind) == ("+62721123456", "landline")


def test_extension_is_dropped():
    assert parse_phone("(0721) 123456 ext. 12").phone == "+62721123456"


@pytest.mark.parametrize("value", [81234567891, 81234567891.0, "81234567891", "81234567891.0"])
def test_spreadsheet_number_that_lost_its_leading_zero_is_restored_and_flagged(value):
    parsed = parse_phone(value)
    assert parsed.phone == MOBILE
    assert "leading_zero_lost" in parsed.flags


def test_float_text_with_few_digits_keeps_them_all():
    parsed = parse_phone("812345678.0")
    assert parsed.phone == "+62812345678"
    assert "leading_zero_lost" in parsed.flags


def test_scientific_notation_with_all_digits_is_read():
    parsed = parse_phone("8.1234567891E+10")
    assert parsed.phone == MOBILE
    assert "scientific_notation" in parsed.flags


def test_scientific_notation_that_rounded_digits_away_is_rejected():
    """Excel shows 8.12345678E+10 for 0812345678xx: the last digits are lost, not zeros."""
    parsed = parse_phone("8.12345678E+10")
    assert parsed.phone is None
    assert {"scientific_notation", "digits_lost"} <= set(parsed.flags)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("081234567891 / 081398765432", MOBILE),
        ("081234567891, 081398765432", MOBILE),
        ("081234567891 atau 081398765432", MOBILE),
        ("081234567891 081398765432", MOBILE),
        ("0812 / 081398765432", "+6281398765432"),
    ],
)
def test_several_numbers_take_the_first_valid_one_and_flag(value, expected):
    parsed = parse_phone(value)
    assert parsed.phone == expected
    assert "multiple" in parsed.flags


def test_a_dash_beside_a_number_is_not_a_second_number():
    assert parse_phone("- / 081398765432") == parse_phone("081398765432")


@pytest.mark.parametrize(
    ("value", "flag"),
    [
        ("-", "no_digits"),
        ("tidak ada", "no_digits"),
        ("0", "placeholder"),
        ("000000", "placeholder"),
        ("081111111111", "placeholder"),
        ("081200000000", "placeholder"),
        ("0812345", "too_short"),
        ("0721 1234", "too_short"),
        ("0812345678901234", "too_long"),
        ("0112345678", "invalid_prefix"),
    ],
)
def test_junk_gives_no_phone_and_says_why(value, flag):
    parsed = parse_phone(value)
    assert parsed.phone is None and parsed.kind is None
    assert flag in parsed.flags


@pytest.mark.parametrize("value", [None, "", "  ", "nan", float("nan")])
def test_missing_values_are_empty_without_flags(value):
    assert parse_phone(value) == parse_phone(None)
    assert parse_phone(value).flags == ()


def test_foreign_number_is_kept_without_a_kind():
    parsed = parse_phone("+60 12-345 6789")
    assert (parsed.phone, parsed.kind) == ("+60123456789", None)
    assert "foreign" in parsed.flags


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789+-() ./eE,", max_size=30),
        st.integers(),
        st.floats(),
        st.sampled_from([10**400, -(10**400), 10**5000]),
    )
)
def test_parse_phone_never_raises_and_outputs_e164_shape(value):
    parsed = parse_phone(value)
    if parsed.phone is not None:
        assert parsed.phone.startswith("+") and parsed.phone[1:].isdigit()
        assert len(parsed.phone) <= 16
