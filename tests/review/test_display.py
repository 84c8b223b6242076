"""What the pair view shows: differing characters, masked identifiers, and a waterfall that
adds up to Splink's match weight."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkage.config import DEFAULT_MODEL
from linkage.review.display import (
    Segment,
    char_diff,
    chart,
    compare_values,
    level_label,
    pair_rows,
    prior_weight,
    text_of,
    waterfall,
)

SETTINGS = json.loads(DEFAULT_MODEL.read_text())["splink_settings"]


def comparison(name: str) -> dict:
    return next(c for c in SETTINGS["comparisons"] if c["output_column_name"] == name)


def level_weight(name: str, label: str) -> float:
    level = next(
        lvl for lvl in comparison(name)["comparison_levels"] if lvl["label_for_charts"] == label
    )
    return math.log2(level["m_probability"] / level["u_probability"])


def test_transposed_nik_digits_are_marked_on_both_sides():
    left, right = char_diff("1871015005850003", "1871010505850003")
    assert left == [Segment("1871015", False), Segment("0", True), Segment("05850003", False)]
    assert right == [Segment("187101", False), Segment("0", True), Segment("505850003", False)]


def test_equal_values_have_no_marks():
    left, right = char_diff("SITI AMINAH", "SITI AMINAH")
    assert left == right == [Segment("SITI AMINAH", False)]


def test_masked_nik_shows_where_it_differs_but_not_the_hidden_digits():
    left, right = compare_values("1871015005850003", "1871010505850003", mask_as="nik")
    shown = "".join(s.text for s in left)
    assert shown == "1871********0003"
    assert [s.text for s in left if s.changed] and all(
        set(s.text) == {"*"} for s in left if s.changed
    )
    assert "".join(s.text for s in right) == "1871********0003"


def test_a_revealed_side_shows_its_digits_only():
    left, right = compare_values(
        "1871015005850003", "1871010505850003", mask_as="nik", reveal=(True, False)
    )
    assert "".join(s.text for s in left) == "1871015005850003"
    assert "".join(s.text for s in right) == "1871********0003"


def test_an_nik_typed_into_free_text_is_masked():
    left, _ = compare_values("SITI 1871015005850003", "SITI")
    assert "1871015005850003" not in "".join(s.text for s in left)


@given(st.text(max_size=30), st.text(max_size=30))
def test_diff_keeps_every_character_of_both_values(a, b):
    left, right = char_diff(a, b)
    assert "".join(s.text for s in left) == a
    assert "".join(s.text for s in right) == b


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (float("nan"), ""),
        (300000.0, "300,000"),
        (dt.date(1985, 5, 10), "1985-05-10"),
        (" x ", "x"),
    ],
)
def test_cell_values_read_as_text(value, text):
    assert text_of(value) == text


def test_waterfall_adds_prior_and_comparison_weights_to_the_match_weight():
    weights = {"nik": level_weight("nik", "Exact NIK"), "name": -2.5, "sex": None}
    fall = waterfall(weights, SETTINGS)
    prior = prior_weight(SETTINGS["probability_two_random_records_match"])
    assert [s.name for s in fall.steps] == ["prior", "nik", "name"]
    assert fall.match_weight == pytest.approx(prior + weights["nik"] - 2.5)
    assert fall.match_probability == pytest.approx(
        2**fall.match_weight / (1 + 2**fall.match_weight)
    )
    assert fall.steps[-1].end == pytest.approx(fall.match_weight)


def test_level_is_read_back_from_its_weight():
    assert level_label(comparison("nik"), level_weight("nik", "Exact NIK")) == "Exact NIK"
    assert level_label(comparison("kk"), 0.0) == "kk missing"


def test_a_term_frequency_adjusted_weight_names_the_adjustable_level():
    label = level_label(comparison("name"), level_weight("name", "Exact name") + 1.234)
    assert label == "Exact name (term-frequency adjusted)"


def test_chart_bars_stay_inside_the_plot():
    fall = waterfall({"nik": 20.0, "name": -8.0}, SETTINGS)
    drawn = chart(fall, width=720)
    assert len(drawn.bars) == len(fall.steps) + 1
    for bar in drawn.bars:
        assert drawn.label_width <= bar.x and bar.x + bar.width <= drawn.width - 59


RECORD = {
    "source": "dtks",
    "record_id": "1",
    "nik_raw": "1871015005850003",
    "nik_pattern": "1871015005850003",
    "nik_status": "valid",
    "nik_region6": "187101",
    "nik_birth_date": dt.date(1985, 5, 10),
    "nik_sex": "F",
    "kk": "1871011004090007",
    "name_raw": "SITI AMINAH",
    "name": "siti aminah",
    "birth_date": dt.date(1985, 5, 10),
    "sex": "F",
    "phone": "+6281234567890",
    "village_code": "1871011001",
}


def test_pair_rows_mask_nik_kk_and_phone_unless_revealed():
    other = {**RECORD, "record_id": "2", "nik_raw": "1871010505850003"}
    rows = pair_rows(RECORD, other, set())
    text = " ".join(
        seg.text + " " + " ".join(cell.notes)
        for row in rows
        for cell in (row.left, row.right)
        for seg in cell.original + cell.standardized
    )
    for secret in ("1871015005850003", "1871010505850003", "1871011004090007", "81234567890"):
        assert secret not in text
    assert "NIK birth date agrees" in text
    revealed = pair_rows(RECORD, other, {(0, "nik")})
    nik = next(row for row in revealed if row.field == "nik")
    assert "".join(s.text for s in nik.left.original) == "1871015005850003"
    assert "1871010505850003" not in "".join(s.text for s in nik.right.original)
