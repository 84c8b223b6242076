"""Indonesian name parsing and the old-spelling key (DOMAIN 3.1-3.8, section 7 cases)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkage.standardize.names import name_key, parse_name

TOKEN = re.compile(r"[a-z]+")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Soekarno", "Sukarno"),
        ("Djoko", "Joko"),
        ("Tjahjono", "Cahyono"),
        ("Joesoef", "Yusuf"),
        ("Njoman", "Nyoman"),
        ("Chairul", "Khairul"),
        ("Achmad", "Ahmad"),
        ("Akhmad", "Ahmad"),
        ("Rachmat", "Rahmat"),
        ("Wahju", "Wahyu"),
        ("Dewy", "Dewi"),
        ("Hidajat", "Hidayat"),
        ("Sjamsoel", "Syamsul"),
        ("Muhamad", "Muhammad"),
        ("Soewandi", "Suwandi"),
        ("Soekardjo", "Sukarjo"),
        ("Selamet", "Slamet"),
        ("Zaenal", "Zainal"),
        ("Ramadhan", "Ramadan"),
        ("Fatimah", "Fatima"),
        ("Tjokorda", "Cokorda"),
    ],
)
def test_old_and_new_spellings_share_a_key(old, new):
    assert name_key(old) == name_key(new)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Suharto", "Suharti"),
        ("Yanto", "Yanti"),
        ("Hartono", "Hartini"),
        ("Sumarno", "Sumarni"),
        ("Rina", "Rini"),
        ("Rizki", "Rizka"),
        ("Hasan", "Husein"),
        ("Khodijah", "Khadijah"),  # inner o/a is left to string similarity (case 14)
    ],
)
def test_gender_endings_and_other_vowels_keep_keys_apart(one, other):
    assert name_key(one) != name_key(other)


def test_joko_and_yoko_share_a_key_because_j_and_y_merge():
    assert name_key("joko") == name_key("yoko")


def test_name_key_ignores_case():
    assert name_key("SOEKARNO") == name_key("sukarno") == "sukarno"


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("  siti   AMINAH ", ("siti", "aminah")),
        ("Siti Aminah", ("siti", "aminah")),
        ("SÏTÍ ÁMINAH", ("siti", "aminah")),
        ("ＳＩＴＩ\u00a0ＡＭＩＮＡＨ", ("siti", "aminah")),
        ("MA'RUF AMIN", ("maruf", "amin")),
        ("Ma’ruf Amin", ("maruf", "amin")),
        ("SITI AMINAH 2", ("siti", "aminah")),
        ("1.SITI AMINAH", ("siti", "aminah")),
        ("Kiling-Kiling", ("kiling", "kiling")),
        ("SITI/AMINAH", ("siti", "aminah")),
        ("Søren", ("soren",)),
        ("SITI 阿 AMINAH", ("siti", "aminah")),
    ],
)
def test_folding_gives_lowercase_ascii_words(raw, tokens):
    assert parse_name(raw).tokens == tokens


def test_name_key_and_sorted_tokens_follow_the_tokens():
    parsed = parse_name("SOEKARNO ACHMAD")
    assert parsed.name == "soekarno achmad"
    assert parsed.sorted_tokens == "achmad soekarno"
    assert parsed.key_tokens == ("sukarno", "amad")
    assert parsed.key == "sukarno amad"


@pytest.mark.parametrize("raw", [None, "", "   ", "HJ.", "Ny.", "Bapak", "12345", "--", 3.5])
def test_empty_or_title_only_input_has_no_name(raw):
    parsed = parse_name(raw)
    assert parsed.name is None
    assert parsed.tokens == ()
    assert parsed.key is None
    assert parsed.sorted_tokens is None
    assert parsed.first_token is None


def test_title_only_input_still_reports_the_title():
    assert parse_name("HJ.").titles == ("hj",)


def test_non_string_input_is_treated_as_missing():
    assert parse_name(3.5).raw is None


@pytest.mark.parametrize(
    ("raw", "tokens", "titles"),
    [
        ("HJ. SITI KHODIJAH, S.PD.I", ("siti", "khodijah"), ("hj", "s.pd.i")),  # case 14
        ("H. AHMAD", ("ahmad",), ("h",)),
        ("H AHMAD", ("ahmad",), ("h",)),
        ("HJ.SITI AMINAH", ("siti", "aminah"), ("hj",)),
        ("Haji Ahmad", ("ahmad",), ("h",)),
        ("Hajjah Aminah", ("aminah",), ("hj",)),
        ("K.H. ABDURRAHMAN WAHID", ("abdurrahman", "wahid"), ("kh",)),
        ("KH Ahmad Dahlan", ("ahmad", "dahlan"), ("kh",)),
        ("Ust. Abdul Somad", ("abdul", "somad"), ("ust",)),
        ("TGK. MUHAMMAD DAUD", ("muhammad", "daud"), ("tgk",)),
        ("TGH ZAINUL MAJDI", ("zainul", "majdi"), ("tgh",)),
        ("Prof. Dr. Ir. H. Suparman", ("suparman",), ("prof", "dr", "ir", "h")),
        ("Drs. Suparman", ("suparman",), ("drs",)),
        ("Dra. Sumarni", ("sumarni",), ("dra",)),
        ("dr. Sumarni", ("sumarni",), ("dr",)),
        ("Bpk. Sutrisno", ("sutrisno",), ("bapak",)),
        ("Pak Ahmad", ("ahmad",), ("bapak",)),
        ("Sdri. Wulan Sari", ("wulan", "sari"), ("sdri",)),
        ("Tn. Sutrisno", ("sutrisno",), ("tn",)),
        ("Nn. Wulan Sari", ("wulan", "sari"), ("nn",)),
        ("MBAH PAIJO", ("paijo",), ("mbah",)),
        ("Ahmad Maruf, S.Pd., M.Pd", ("ahmad", "maruf"), ("s.pd", "m.pd")),
        ("SUTRISNO, SE", ("sutrisno",), ("s.e",)),
        ("SUTRISNO, S.E., M.M.", ("sutrisno",), ("s.e", "m.m")),
        ("WULAN SARI, AMD", ("wulan", "sari"), ("a.md",)),
        ("WULAN SARI, S. Kep", ("wulan", "sari"), ("s.kep",)),
        ("Wulan Sari S.Kep", ("wulan", "sari"), ("s.kep",)),
        ("Wulan Sari S. Pd", ("wulan", "sari"), ("s.pd",)),
        ("WULAN SARI SPD", ("wulan", "sari"), ("s.pd",)),
        ("SITI AMINAH S.PD.I, M.PD.I", ("siti", "aminah"), ("s.pd.i", "m.pd.i")),
        ("SITI AMINAH S. PD, M. PD", ("siti", "aminah"), ("s.pd", "m.pd")),
    ],
)
def test_titles_and_degrees_are_stripped_into_titles(raw, tokens, titles):
    parsed = parse_name(raw)
    assert parsed.tokens == tokens
    assert parsed.titles == titles


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("SUTRISNO SE", ("sutrisno", "se")),  # undotted SE without a comma may be a name
        ("ADE SRI HAJI", ("ade", "sri", "haji")),  # titles only count at the start
        ("AHMAD H SUPARDI", ("ahmad", "h", "supardi")),
        ("M. YUSUF", ("m", "yusuf")),  # M. at the start is an initial, not M.M./M.Si
        ("M.SIDIK", ("m", "sidik")),
        ("SE BASTIAN", ("se", "bastian")),
        ("SITI, MAWAR", ("siti", "mawar")),  # a comma tail that is not a degree is kept
    ],
)
def test_real_name_tokens_are_not_taken_for_titles(raw, tokens):
    assert parse_name(raw).tokens == tokens


def test_moch_and_muhammad_give_the_same_tokens():  # case 13
    assert parse_name("MOCH. ROZIKIN").tokens == parse_name("MUHAMMAD ROZIKIN").tokens


@pytest.mark.parametrize(
    "variant",
    [
        "Muhammad", "Muhamad", "Mohammad", "Mohamad", "Mochammad", "Mochamad", "Mokhammad",
        "Moch.", "Moh.", "Muh.", "Mhd.", "Mohd", "Muchammad", "Muchamad", "Mukhammad", "MOCH",
    ],
)  # fmt: skip
def test_muhammad_family_becomes_one_canonical_token(variant):
    assert parse_name(f"{variant} Yusuf").tokens == ("muhammad", "yusuf")


def test_abd_abbreviation_becomes_abdul_but_whole_names_stay_whole():
    assert parse_name("ABD. RAHMAN").tokens == ("abdul", "rahman")
    assert parse_name("ABD RAHMAN").tokens == ("abdul", "rahman")
    assert parse_name("ABDURRAHMAN").tokens == ("abdurrahman",)


def test_initial_m_is_listed_as_an_initial_and_blocks_like_muhammad():  # case 33
    abbreviated = parse_name("M. YUSUF GELAR RADIN JAYA")
    full = parse_name("MUHAMMAD YUSUF")
    assert abbreviated.tokens == ("m", "yusuf")
    assert abbreviated.initials == ("m",)
    assert abbreviated.gelar == "radin jaya"
    assert full.initials == ()
    assert abbreviated.first_token == full.first_token == "yusuf"


def test_gelar_abbreviation_glr_is_recognised():
    parsed = parse_name("SUPARDI GLR. SUTAN RESMI MARGA")
    assert parsed.tokens == ("supardi",)
    assert parsed.gelar == "sutan resmi marga"


@pytest.mark.parametrize(
    ("raw", "deceased"),
    [
        ("ALM. SUPARDI", True),  # case 32
        ("Almh. Sumarni", True),
        ("ALMARHUM SUPARDI", True),
        ("SUPARDI (ALM)", True),
        ("SUPARDI, ALM.", True),
        ("SUPARDI", False),
        ("ROSIDI BIN ALM. KARTO", False),  # the father is deceased, not Rosidi
    ],
)
def test_alm_sets_the_deceased_flag_and_is_not_a_token(raw, deceased):
    parsed = parse_name(raw)
    assert parsed.deceased is deceased
    assert "alm" not in parsed.tokens
    assert "almh" not in parsed.tokens


def test_alm_supardi_matches_supardi_on_tokens():  # case 32
    assert parse_name("ALM. SUPARDI").tokens == parse_name("SUPARDI").tokens == ("supardi",)


@pytest.mark.parametrize(
    ("raw", "name", "father"),
    [
        ("ROSIDI BIN KARTO", "rosidi", "karto"),  # cases 15, 16
        ("SITI AMINAH BINTI SUPARDI", "siti aminah", "supardi"),
        ("SITI AMINAH BT. SUPARDI", "siti aminah", "supardi"),
        ("ROSIDI B. KARTO", "rosidi", "karto"),
        ("ROSIDI BIN H. MOCH. KARTO", "rosidi", "muhammad karto"),
        ("ROSIDI BIN ALM. KARTO", "rosidi", "karto"),
        ("ROSIDI BIN KARTO (ALM)", "rosidi", "karto"),
        ("ROSIDI BIN KARTO BIN WIRYO", "rosidi", "karto"),
        ("ROSIDI BIN", "rosidi", None),
    ],
)
def test_tokens_after_bin_are_the_father_not_the_person(raw, name, father):
    parsed = parse_name(raw)
    assert parsed.name == name
    assert parsed.father_name == father


def test_bin_father_does_not_share_tokens_with_the_father_record():  # case 16
    son, father = parse_name("ROSIDI BIN KARTO"), parse_name("KARTO")
    assert not set(son.tokens) & set(father.tokens)


def test_degree_of_a_bin_name_belongs_to_the_person():
    parsed = parse_name("ROSIDI BIN KARTO, S.PD")
    assert (parsed.name, parsed.father_name, parsed.titles) == ("rosidi", "karto", ("s.pd",))


@pytest.mark.parametrize(
    "raw", ["MARIA BR SITOMPUL", "MARIA BR. SITOMPUL", "MARIA BORU SITOMPUL", "Maria br Sitompul"]
)
def test_batak_boru_marker_is_dropped_and_marga_recorded(raw):  # case 28
    parsed = parse_name(raw)
    assert parsed.tokens == ("maria", "sitompul")
    assert parsed.marga == "sitompul"


def test_name_without_br_has_the_same_tokens_and_no_marga():  # case 28
    parsed = parse_name("MARIA SITOMPUL")
    assert parsed.tokens == ("maria", "sitompul")
    assert parsed.marga is None


def test_different_marga_stays_visible():  # case 29
    assert parse_name("MARIA BR SITOMPUL").marga != parse_name("MARIA BR SIMANJUNTAK").marga


def test_optional_ni_prefix_gives_the_same_first_token():  # case 30
    with_ni, without = parse_name("NI KETUT SUARTINI"), parse_name("KETUT SUARTINI")
    assert with_ni.first_token == without.first_token == "suartini"
    assert with_ni.non_distinctive == ("ni", "ketut")
    assert without.non_distinctive == ("ketut",)


def test_siblings_keep_their_birth_order_names_in_tokens():  # case 31
    first, fourth = parse_name("I WAYAN SUDARSA"), parse_name("I KETUT SUDARSA")
    assert first.tokens == ("i", "wayan", "sudarsa")
    assert fourth.tokens == ("i", "ketut", "sudarsa")
    assert first.first_token == fourth.first_token == "sudarsa"
    assert first.initials == ()  # Balinese I is a prefix, not an initial


@pytest.mark.parametrize(
    ("raw", "non_distinctive", "first_token"),
    [
        ("I GUSTI AYU KETUT SARI", ("i", "gusti", "ayu", "ketut"), "sari"),
        ("IDA BAGUS MADE OKA", ("ida", "bagus", "made"), "oka"),
        ("ANAK AGUNG GEDE RAKA", ("anak", "agung", "gede"), "raka"),
        ("NI LUH PUTU ARIANI", ("ni", "luh", "putu"), "ariani"),
        ("NJOMAN SUDIRA", ("njoman",), "sudira"),
        ("RADEN AJENG KARTINI", ("raden", "ajeng"), "kartini"),
        ("TEUKU UMAR", ("teuku",), "umar"),
        ("AYU LESTARI", (), "ayu"),  # ayu, agung, bagus are also Javanese given names
        ("AGUNG PRASETYO", (), "agung"),
        ("I WAYAN", ("i", "wayan"), "wayan"),
    ],
)
def test_balinese_and_noble_prefixes_are_non_distinctive(raw, non_distinctive, first_token):
    parsed = parse_name(raw)
    assert parsed.non_distinctive == non_distinctive
    assert parsed.first_token == first_token


def test_dotted_i_is_an_initial_not_the_balinese_prefix():
    parsed = parse_name("I. KOMARUDIN")
    assert parsed.initials == ("i",)
    assert parsed.non_distinctive == ()


@pytest.mark.parametrize(
    ("raw", "first_token"),
    [
        ("SITI AMINAH", "aminah"),
        ("SRI WAHYUNI", "wahyuni"),
        ("MUHAMMAD", "muhammad"),
        ("A. R. BASWEDAN", "baswedan"),
        ("M.", "m"),
    ],
)
def test_first_token_skips_frequent_fillers_and_initials_when_it_can(raw, first_token):
    assert parse_name(raw).first_token == first_token


@pytest.mark.parametrize(
    ("raw", "spouse"),
    [
        ("NY. SUTRISNO", True),  # case 18
        ("Nyonya Sutrisno", True),
        ("NY. SUMARNI SUTRISNO", True),
        ("BU SUTRISNO", True),
        ("IBU SUTRISNO", True),
        ("IBU SITI AMINAH", False),  # Ibu + full female name is usually the woman herself
        ("PAK SUTRISNO", False),
        ("SUTRISNO", False),
    ],
)
def test_spouse_reference_for_ny_and_for_bu_with_one_name(raw, spouse):
    assert parse_name(raw).spouse_reference is spouse


def test_spouse_reference_keeps_the_husbands_name_as_tokens():  # case 18
    assert parse_name("NY. SUTRISNO").tokens == ("sutrisno",)


def test_joined_and_spaced_names_agree_once_spaces_are_removed():
    spaced, joined = parse_name("Nur Hayati"), parse_name("NURHAYATI")
    assert spaced.tokens != joined.tokens
    assert spaced.name.replace(" ", "") == joined.name


def test_chinese_and_indonesian_names_share_nothing():  # case 43
    chinese, indonesian = parse_name("TAN SIOK LAN"), parse_name("SULANTI TANUWIJAYA")
    assert not set(chinese.tokens) & set(indonesian.tokens)
    assert not set(chinese.key_tokens) & set(indonesian.key_tokens)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("SOEKARDJO", "SUKARJO"),  # case 10
        ("TJAHJONO", "CAHYONO"),  # case 11
        ("JOESOEF", "YUSUF"),  # case 12
    ],
)
def test_old_spelling_records_share_the_name_key(one, other):
    assert parse_name(one).key == parse_name(other).key


def test_husband_and_wife_names_keep_different_keys():  # case 9
    assert parse_name("SUHARTO").key != parse_name("SUHARTI").key


def test_raw_value_is_kept_unchanged():
    assert parse_name("  Hj. Siti ").raw == "  Hj. Siti "


_NAME_WORDS = st.sampled_from(
    [
        "siti", "aminah", "m.", "moch.", "hj.", "h", "ny.", "bu", "alm.", "(alm)", "bin", "b.",
        "binti", "br", "boru", "gelar", "glr", "i", "ni", "wayan", "gusti", "ayu", "s.pd",
        "s.", "pd", ",", ", s.e", "spd", "k.h.", "ma'ruf", "kiling-kiling", "ÁMINAH", "2", ".",
    ]
)  # fmt: skip


@given(st.one_of(st.text(), st.lists(_NAME_WORDS, max_size=12).map(" ".join)))
def test_any_text_parses_to_lowercase_letter_tokens(raw):
    parsed = parse_name(raw)
    assert all(TOKEN.fullmatch(token) for token in parsed.tokens)
    assert all(TOKEN.fullmatch(key) for key in parsed.key_tokens)
    assert len(parsed.key_tokens) == len(parsed.tokens)
    assert parsed.name == (" ".join(parsed.tokens) or None)
    assert parsed.first_token is None or parsed.first_token in parsed.tokens
    assert parsed.non_distinctive == parsed.tokens[: len(parsed.non_distinctive)]
    assert all(len(initial) == 1 for initial in parsed.initials)
