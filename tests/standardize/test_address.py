"""Address parsing and place-name keys (DOMAIN 4 and cases 37-39)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkage.standardize.address import (
    ParsedAddress,
    normalize_place,
    parse_address,
    parse_rt_rw,
)


def _core(parsed: ParsedAddress) -> tuple[object, ...]:
    return (
        parsed.street,
        parsed.gang,
        parsed.house_number,
        parsed.rt,
        parsed.rw,
        normalize_place(parsed.village),
    )


def test_case_37_three_spellings_of_one_address_agree():
    forms = [
        "Jl. Teuku Umar Gg. Mawar No. 12 RT 003/RW 005, Kedaton",
        "JLN TEUKU UMAR GANG MAWAR NO 12 RT.3 RW.5 KEL KEDATON",
        "Jl Teuku Umar Gg Mawar No.12 RT/RW 003/005, Kedaton",
    ]
    parsed = [parse_address(form) for form in forms]
    assert _core(parsed[0]) == ("jalan teuku umar", "mawar", "12", 3, 5, "kedaton")
    assert _core(parsed[1]) == _core(parsed[0])
    assert _core(parsed[2]) == _core(parsed[0])
    assert parsed[1].village_word == "kelurahan"


def test_case_38_tiyuh_and_desa_spellings_give_the_same_village_key():
    tiyuh = parse_address("Tiyuh Marga Kencana, Kec. Tulang Bawang Udik")
    desa = parse_address("Desa Margakencana, TB Udik, Tulang Bawang Barat")
    assert (tiyuh.village, tiyuh.village_word) == ("marga kencana", "tiyuh")
    assert (desa.village, desa.village_word) == ("margakencana", "desa")
    assert normalize_place(tiyuh.village) == normalize_place(desa.village) == "margakencana"
    assert normalize_place(tiyuh.district) == normalize_place(desa.district)
    assert normalize_place(desa.regency) == "tulangbawangbarat"


def test_case_39_village_without_kecamatan_stays_without_one():
    parsed = parse_address("Desa Sidodadi, Lampung")
    assert (parsed.village, parsed.district, parsed.province) == ("sidodadi", None, "lampung")


@pytest.mark.parametrize(
    "text",
    [
        "RT 003/RW 005",
        "RT.3 RW.5",
        "Rt 03 Rw 05",
        "RT/RW 003/005",
        "RT/RW: 03/05",
        "RT 03, RW 05",
        "RT003RW005",
        "RT 03/05",
        "RW 05 RT 03",
        "003/005",
        "Jl. Mawar 003/005 Sidodadi",
    ],
)
def test_rt_rw_forms(text):
    assert parse_rt_rw(text) == (3, 5)
    parsed = parse_address(text)
    assert (parsed.rt, parsed.rw) == (3, 5)
    assert "rt" not in (parsed.rest or "") and "005" not in (parsed.rest or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RT 3", (3, None)),
        ("RW 5", (None, 5)),
        ("RT 000 RW 005", (None, 5)),
        ("Jl. Merdeka No. 12/3", (None, None)),  # a house number, not RT/RW
        ("lahir 10/05/1985", (None, None)),  # a date, not RT/RW
        ("Blok 1/2", (None, None)),
        ("Kertapati 1234/5678", (None, None)),
    ],
)
def test_rt_rw_only_where_it_is_one(text, expected):
    parsed = parse_address(text)
    assert (parsed.rt, parsed.rw) == expected


@pytest.mark.parametrize(
    ("value", "bare", "expected"),
    [
        ("003", "rt", (3, None)),
        ("3", "rt", (3, None)),
        (3.0, "rt", (3, None)),
        ("3.0", "rt", (3, None)),
        ("005", "rw", (None, 5)),
        ("RT 03", "rw", (3, None)),
        ("RW 05", "rt", (None, 5)),
        ("003/005", "rw", (3, 5)),
        ("0", "rt", (None, None)),
        ("-", "rt", (None, None)),
        (None, "rt", (None, None)),
    ],
)
def test_rt_rw_columns(value, bare, expected):
    assert parse_rt_rw(value, bare=bare) == expected


@pytest.mark.parametrize(
    ("text", "village", "word"),
    [
        ("Desa Sidodadi", "sidodadi", "desa"),
        ("Ds. Sidodadi", "sidodadi", "desa"),
        ("Kelurahan Kedaton", "kedaton", "kelurahan"),
        ("Kel. Kedaton", "kedaton", "kelurahan"),
        ("Pekon Gisting Atas", "gisting atas", "pekon"),
        ("Tiyuh Marga Kencana", "marga kencana", "tiyuh"),
        ("Kampung Kiling Kiling", "kiling kiling", "kampung"),
        ("Kp. Kiling-Kiling", "kiling kiling", "kampung"),
        ("Nagari Koto Baru", "koto baru", "nagari"),
        ("Gampong Lamteh", "lamteh", "gampong"),
        ("Kel/Desa: Sidodadi", "sidodadi", None),
        ("Desa Pekon Balak", "pekon balak", "desa"),  # official name with a village word
    ],
)
def test_village_words(text, village, word):
    parsed = parse_address(text)
    assert (parsed.village, parsed.village_word) == (village, word)


def test_full_keyworded_address():
    parsed = parse_address(
        "Dusun II RT 01 RW 02 Desa Sidodadi Kec. Sidomulyo Kab. Lampung Selatan Prov. Lampung 35353"
    )
    assert parsed.dusun == "2"
    assert (parsed.rt, parsed.rw) == (1, 2)
    assert (parsed.village, parsed.district) == ("sidodadi", "sidomulyo")
    assert (parsed.regency, parsed.regency_kind) == ("lampung selatan", "kabupaten")
    assert (parsed.province, parsed.postcode) == ("lampung", "35353")
    assert parsed.flags == ()
    assert parsed.rest is None


def test_complex_block_and_city():
    parsed = parse_address(
        "Perum Griya Asri Blok C-3 No. 5, Kel. Way Halim Permai, Kec. Way Halim, "
        "Kota Bandar Lampung, Lampung, Kode Pos 35136"
    )
    assert (parsed.street, parsed.block, parsed.house_number) == ("perumahan griya asri", "c3", "5")
    assert (parsed.village, parsed.district) == ("way halim permai", "way halim")
    assert (parsed.regency, parsed.regency_kind) == ("bandar lampung", "kota")
    assert parsed.postcode == "35136"


@pytest.mark.parametrize(
    ("text", "dusun"),
    [
        ("Dusun II", "2"),
        ("Dsn. 02", "2"),
        ("LK II", "2"),
        ("Lingkungan 2", "2"),
        ("Link. II", "2"),
        ("Dusun Krajan", "krajan"),
    ],
)
def test_dusun_and_lingkungan_use_digits(text, dusun):
    assert parse_address(text).dusun == dusun


@pytest.mark.parametrize(
    ("text", "dusun", "village", "district"),
    [
        ("Dusun IV Ruang Tengah Lamsel", "4", "ruang tengah lamsel", None),
        ("Dsn III Trimulyo Kec. Padang Cermin", "3", "trimulyo", "padang cermin"),
        ("Link. I Kasui Pasar, Kec. Kasui", "1", "kasui pasar", "kasui"),
        ("Dusun Karang Anyar Tj. Ratu", "karang anyar tj ratu", None, None),
        ("Dusun 2 Sukamaju, Desa Sidodadi", "2", "sidodadi", None),
    ],
)
def test_words_after_a_numbered_hamlet_name_the_village(text, dusun, village, district):
    parsed = parse_address(text)
    assert (parsed.dusun, parsed.village, parsed.district) == (dusun, village, district)


@pytest.mark.parametrize(
    ("text", "village", "district", "regency"),
    [
        (
            "Ds. Labuhan Ratu Kampung, Kec. Sungkai Selatan",
            "labuhan ratu kampung",
            "sungkai selatan",
            None,
        ),
        ("Kel. Kupang Kota Kec. Telukbetung Utara", "kupang kota", "telukbetung utara", None),
        (
            "Lingkungan I, Kupang Kota, Kec. Telukbetung Utara",
            "kupang kota",
            "telukbetung utara",
            None,
        ),
        ("Kelurahan Kupang Kota Kota Bandar Lampung", "kupang kota", None, "bandar lampung"),
        ("Kec. Langsa Kota", None, "langsa kota", None),
        ("Desa Sukamaju, Kota", "sukamaju", None, None),
    ],
)
def test_place_word_without_a_name_of_its_own_ends_the_name_before_it(
    text, village, district, regency
):
    parsed = parse_address(text)
    assert (parsed.village, parsed.district, parsed.regency) == (village, district, regency)


@pytest.mark.parametrize(
    ("text", "house_number"),
    [
        ("No. 12", "12"),
        ("No 12A", "12a"),
        ("Nomor 012", "12"),
        ("No. 12 A", "12a"),
        ("No.12-3", "12/3"),
    ],
)
def test_house_numbers(text, house_number):
    assert parse_address(f"Jl. Mawar {text}").house_number == house_number


def test_street_initials_and_trailing_roman_numeral_are_canonical():
    assert parse_address("Jl. Z.A. Pagar Alam").street == parse_address("JL ZA PAGAR ALAM").street
    assert parse_address("Gg. Mawar II").gang == parse_address("Gg Mawar 2").gang == "mawar 2"


def test_kota_starting_a_kecamatan_name_is_part_of_the_name():
    parsed = parse_address("Kec. Kota Agung, Kab. Tanggamus")
    assert (parsed.district, parsed.regency) == ("kota agung", "tanggamus")


def test_kampung_before_a_desa_is_its_hamlet():
    parsed = parse_address("Kp. Cibeureum Desa Sukamaju Kec. Cibadak")
    assert (parsed.dusun, parsed.village, parsed.village_word) == ("cibeureum", "sukamaju", "desa")


@pytest.mark.parametrize(
    ("text", "village", "district", "regency"),
    [
        ("Sidodadi, Kedaton, Bandar Lampung", "sidodadi", "kedaton", "bandar lampung"),
        ("Sidodadi, Kedaton", "sidodadi", "kedaton", None),
        ("Jl. Mawar No. 3, Kedaton", "kedaton", None, None),
        ("Sidodadi, Kec. Kedaton", "sidodadi", "kedaton", None),
        ("Desa Margakencana, TB Udik, Tubaba", "margakencana", "tb udik", "tubaba"),
    ],
)
def test_unkeyed_parts_fill_free_levels_in_order_and_are_flagged(text, village, district, regency):
    parsed = parse_address(text)
    assert (parsed.village, parsed.district, parsed.regency) == (village, district, regency)
    assert parsed.flags == ("positional",)


def test_number_only_parts_are_never_place_names():
    parsed = parse_address("10/05/1985, Sidodadi")
    assert parsed.village == "sidodadi"
    assert parsed.rest == "10 5 1985"


def test_too_many_unkeyed_parts_are_left_as_rest():
    parsed = parse_address("Toko Maju, Pasar Baru, Sidodadi, Kedaton")
    assert (parsed.village, parsed.district) == (None, None)
    assert parsed.rest == "toko maju, pasar baru, sidodadi, kedaton"
    assert parsed.flags == ()


def test_landmark_before_the_hamlet_is_rest_not_village():
    parsed = parse_address("Dekat Masjid Al-Ikhlas, Dusun III, Desa Sidodadi")
    assert (parsed.dusun, parsed.village) == ("3", "sidodadi")
    assert parsed.rest == "dekat masjid al ikhlas"


def test_province_is_recognised_only_at_the_end():
    """Pringsewu has a village called Yogyakarta; Way Kanan one called Bengkulu."""
    inside = parse_address("Yogyakarta, Gadingrejo, Pringsewu")
    assert (inside.village, inside.province) == ("yogyakarta", None)
    assert parse_address("Jl. Mawar No. 1, Jawa Barat").province == "jawa barat"


def test_regency_nickname_is_recognised_without_keyword():
    parsed = parse_address("Natar, Lamsel, Indonesia")
    assert (parsed.village, parsed.regency, parsed.regency_kind) == ("natar", "lamsel", "kabupaten")


@pytest.mark.parametrize("value", [None, "", "   ", float("nan"), "-"])
def test_missing_address_is_empty(value):
    assert parse_address(value) == ParsedAddress(raw=None)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Tiyuh Marga Kencana", "Desa Margakencana"),
        ("Tanjung Karang Pusat", "Tanjungkarang Pusat"),
        ("Tj. Karang Pusat", "Tanjungkarang Pusat"),
        ("Teluk Betung Barat", "Telukbetung Barat"),
        ("TLK BETUNG BARAT", "Telukbetung Barat"),
        ("Sido Dadi", "Sidodadi"),
        ("Gaya Baru II", "Gaya Baru 2"),
        ("Karang Rejo I", "Karangrejo 1"),
        ("Kec. Tulang Bawang Udik", "TB Udik"),
        ("Kab. Lampung Selatan", "Lamsel"),
        ("Kabupaten Lampung Tengah", "lamteng"),
        ("Lampung Utara", "Lampura"),
        ("Kab. Tulang Bawang Barat", "Tubaba"),
        ("Kab. Tulang Bawang", "Tuba"),
        ("Kabupaten Pesisir Barat", "Pesibar"),
        ("Kota Bandar Lampung", "B. Lampung"),
        ("Kota Bumi", "Kotabumi"),
        ("Kota Agung", "Kotaagung"),
        ("Kota Adm. Jakarta Pusat", "Jakarta Pusat"),
        ("Kel. Kédaton", "KEDATON"),
    ],
)
def test_place_name_variants_share_a_key(left, right):
    assert normalize_place(left) == normalize_place(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Gaya Baru I", "Gaya Baru II"),
        ("Gaya Baru I", "Gaya Baru"),  # a Roman numeral is never dropped
        ("Way Tuba", "Tulang Bawang"),  # "tuba" is a nickname only as a whole name
        ("Sidodadi", "Sidomulyo"),
    ],
)
def test_different_places_keep_different_keys(left, right):
    assert normalize_place(left) != normalize_place(right)


def test_place_key_examples():
    assert normalize_place("Tiyuh Marga Kencana") == "margakencana"
    assert normalize_place("Kampung") == "kampung"  # nothing left to strip down to
    assert normalize_place("Way Tuba") == "waytuba"
    assert normalize_place(None) is None
    assert normalize_place(" , ") is None


ADDRESS_ALPHABET = "abcdegijklmnoprstuwyRTWDJGK0123456789 ,./-:;'()\n"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=ADDRESS_ALPHABET, max_size=80)))
def test_parse_address_never_raises_and_fields_are_clean(text):
    parsed = parse_address(text)
    for value in (parsed.street, parsed.gang, parsed.village, parsed.district, parsed.regency):
        assert value is None or (value == value.strip().lower() and value.isascii())
        assert value is None or any(ch.isalpha() for ch in value) or value.isdigit()
    for number in (parsed.rt, parsed.rw):
        assert number is None or 1 <= number <= 999
    assert parsed.postcode is None or (len(parsed.postcode) == 5 and parsed.postcode.isdigit())


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.integers(),
        st.floats(),
        st.none(),
        st.sampled_from([10**400, 10**5000]),
    )
)
def test_normalize_place_and_parse_rt_rw_never_raise(value):
    key = normalize_place(value)
    assert key is None or (key.isascii() and key.isalnum() and key == key.lower())
    parse_rt_rw(value)
