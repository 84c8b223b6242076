"""Corruption functions produce the damage real lists show, and only that damage."""

from __future__ import annotations

import re
from datetime import date

import jellyfish
import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkage.synth import errors
from linkage.synth.draw import Draw, stream

NIK = "1871015005850003"  # fictional, DOMAIN 7 case 1
niks = st.from_regex(r"\A18[0-9]{14}\Z")
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def draw(seed: int = 0) -> Draw:
    return Draw(stream(seed, "test"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Soekardjo", "Sukarjo"),
        ("Tjahjono", "Cahyono"),
        ("Joesoef", "Yusuf"),
        ("Njoman", "Nyoman"),
        ("Sjamsoel", "Syamsul"),
        ("Chairoel", "Khairul"),
    ],
)
def test_old_spelling_converts_both_ways(old: str, new: str) -> None:
    assert errors.to_new_spelling(old) == new
    assert errors.to_old_spelling(new) == old


def test_old_spelling_keeps_au_diphthong() -> None:
    assert errors.to_old_spelling("Firdaus") == "Firdaus"


def test_excel_numeric_cell_keeps_fifteen_digits() -> None:
    assert errors.excel_truncated(NIK) == 1871015005850000


def test_excel_scientific_display_is_rounded_to_six_digits() -> None:
    assert errors.excel_scientific(NIK) == "1.87102E+15"


@given(niks, seeds)
def test_digit_substitution_changes_exactly_one_position(nik: str, seed: int) -> None:
    damaged = errors.substitute_digit(nik, draw(seed))
    assert sum(a != b for a, b in zip(nik, damaged, strict=True)) == 1


@given(niks, seeds)
def test_transposition_swaps_one_adjacent_pair(nik: str, seed: int) -> None:
    damaged = errors.transpose_digits(nik, draw(seed))
    diffs = [i for i, (a, b) in enumerate(zip(nik, damaged, strict=True)) if a != b]
    assert sorted(damaged) == sorted(nik)
    assert diffs == [] or (len(diffs) == 2 and diffs[1] == diffs[0] + 1)


def test_day_field_flip_turns_a_woman_into_a_man() -> None:
    flipped = {errors.transpose_digits(NIK, draw(seed)) for seed in range(40)}
    assert "1871010505850003" in flipped


@given(niks, seeds)
def test_masked_forms_agree_with_the_nik_where_visible(nik: str, seed: int) -> None:
    shown = errors.masked(nik, draw(seed))
    if len(shown) == 16:
        assert all(c == n for c, n in zip(shown, nik, strict=True) if c.isdigit())
        assert any(not c.isdigit() for c in shown)
    elif shown.startswith("****"):
        assert shown[4:] == nik[12:]
    else:
        assert shown == nik[:6]


@given(niks, seeds)
def test_separators_and_letters_hide_the_same_digits(nik: str, seed: int) -> None:
    d = draw(seed)
    assert re.sub(r"\D", "", errors.with_separators(nik, d)) == nik
    repaired = errors.letter_confusion(nik, d).translate(str.maketrans("OIl", "011"))
    assert repaired == nik


@pytest.mark.parametrize(
    ("born", "swapped"),
    [(date(1985, 5, 10), date(1985, 10, 5)), (date(1985, 5, 13), date(1985, 5, 13))],
)
def test_day_month_swap_only_when_the_day_can_be_a_month(born: date, swapped: date) -> None:
    assert errors.swap_day_month(born) == swapped


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("I Wayan Sudarsa", "Wayan Sudarsa"),
        ("Ni Ketut Suartini", "Ketut Suartini"),
        ("Irwan", "Irwan"),
    ],
)
def test_balinese_prefix_drop(name: str, expected: str) -> None:
    assert errors.drop_balinese_prefix(name) == expected


@given(seeds)
def test_boru_variant_keeps_given_name_and_marga(seed: int) -> None:
    tokens = errors.boru_variant("Maria Br Sitompul", draw(seed)).split()
    assert tokens[0] == "Maria" and tokens[-1] == "Sitompul"


@given(seeds)
def test_muhammad_variant_changes_only_the_muhammad_token(seed: int) -> None:
    tokens = errors.muhammad_variant("Muhammad Rozikin", draw(seed)).split()
    assert tokens[0] != "Muhammad" and tokens[1:] == ["Rozikin"]


@given(st.sampled_from(["Siti Aminah", "Sukarjo", "Hasan Basri", "I Ketut Sudarsa"]), seeds)
def test_typo_is_an_edit_of_at_most_two_letters(name: str, seed: int) -> None:
    damaged = errors.typo(name, draw(seed))
    assert jellyfish.damerau_levenshtein_distance(name, damaged) <= 2


def test_wife_reference_names_the_husband() -> None:
    assert errors.wife_reference("Sutrisno", draw()).endswith(" Sutrisno")
