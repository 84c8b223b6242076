"""Lampung places for the generator: weighted villages, village words, streets, name variants."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np

from linkage.standardize.region_table import Region, children_of, regions_by_code
from linkage.synth.draw import Draw, cumulative, stream

PROVINCE = "18"

# Population 2020 (thousands) and poverty rate (%) by Kemendagri regency code; the generated
# population is weighted towards poorer regencies because it models aid-relevant households.
REGENCY_PROFILE = {
    "1801": (1064, 14.1),
    "1802": (1460, 11.6),
    "1803": (633, 18.4),
    "1804": (302, 12.6),
    "1805": (430, 9.4),
    "1806": (640, 11.5),
    "1807": (1110, 14.4),
    "1808": (473, 12.9),
    "1809": (477, 14.5),
    "1810": (405, 10.5),
    "1811": (227, 7.7),
    "1812": (286, 7.9),
    "1813": (162, 14.3),
    "1871": (1166, 8.3),
    "1872": (168, 8.0),
}
VILLAGE_WORD = {
    "1804": "Pekon",
    "1806": "Pekon",
    "1810": "Pekon",
    "1813": "Pekon",
    "1812": "Tiyuh",
    "1802": "Kampung",
    "1805": "Kampung",
    "1808": "Kampung",
}
# Short names list keepers use for regencies.
REGENCY_SHORT = {
    "1801": ("Lamsel", "Lampung Sel."),
    "1802": ("Lamteng", "Lampung Tgh"),
    "1803": ("Lampura", "Lampung Utr"),
    "1804": ("Lambar", "Lampung Brt"),
    "1805": ("Tuba", "Tulangbawang"),
    "1806": ("Tanggamus", "Tgms"),
    "1807": ("Lamtim", "Lampung Tmr"),
    "1808": ("Way Kanan", "Waykanan"),
    "1809": ("Pesawaran", "Pswrn"),
    "1810": ("Pringsewu", "Pringsewu"),
    "1811": ("Mesuji", "Mesuji"),
    "1812": ("Tubaba", "TB Barat"),
    "1813": ("Pesibar", "Pesisir Brt"),
    "1871": ("Balam", "B. Lampung", "Bandarlampung"),
    "1872": ("Metro", "Kota Metro"),
}
# Ethnic mix of households by regency: Javanese, Lampung, Sundanese, Balinese, Batak,
# Chinese-Indonesian, other Malay/Muslim groups (weights, not shares).
ETHNIC_GROUPS = ("jav", "lpg", "sun", "bal", "btk", "chi", "mel")
_BASE_MIX = (62, 13, 10, 3, 2, 1, 9)
_MIX_ADJUST = {
    "1802": (1.0, 0.8, 0.6, 2.5, 1.0, 0.5, 0.8),
    "1807": (1.1, 0.8, 0.8, 2.0, 0.8, 0.5, 0.7),
    "1805": (0.9, 1.2, 0.8, 2.5, 2.0, 0.5, 1.0),
    "1811": (1.0, 0.5, 0.7, 2.5, 2.5, 0.5, 1.2),
    "1804": (0.6, 3.0, 1.2, 0.8, 0.5, 0.3, 1.0),
    "1813": (0.4, 4.0, 0.8, 0.3, 0.3, 0.3, 1.5),
    "1808": (0.9, 2.0, 0.8, 1.2, 0.8, 0.3, 1.0),
    "1803": (0.9, 2.0, 0.8, 0.5, 0.8, 0.5, 1.0),
    "1801": (1.0, 0.9, 1.8, 0.8, 0.6, 0.6, 0.9),
    "1809": (1.0, 1.0, 1.8, 0.6, 0.5, 0.5, 0.9),
    "1806": (1.0, 1.2, 1.6, 0.5, 0.5, 0.5, 0.9),
    "1871": (0.8, 1.1, 1.0, 0.5, 2.0, 6.0, 1.5),
    "1872": (1.1, 0.8, 0.8, 0.6, 1.0, 2.0, 1.0),
}
# Origin provinces of transmigrants (NIK prefixes on Lampung addresses) by ethnic group.
ORIGIN_PROVINCES = {
    "jav": (("33", 0.45), ("35", 0.40), ("34", 0.15)),
    "sun": (("32", 0.85), ("36", 0.15)),
    "bal": (("51", 1.0),),
}

STREETS = (
    "Teuku Umar",
    "Z.A. Pagar Alam",
    "Sultan Agung",
    "Pangeran Antasari",
    "Ratu Dibalau",
    "Soekarno Hatta",
    "Hayam Wuruk",
    "Imam Bonjol",
    "Kartini",
    "Raden Intan",
    "Diponegoro",
    "Wolter Monginsidi",
    "Sisingamangaraja",
    "Gajah Mada",
    "Ahmad Yani",
    "Way Halim",
    "Cut Nyak Dien",
    "Pramuka",
    "Purnawirawan",
    "Untung Suropati",
    "Nusantara",
    "Bumi Manti",
    "Pulau Damar",
    "Endro Suratmin",
    "Ki Maja",
    "Urip Sumoharjo",
    "Yos Sudarso",
    "Hasanuddin",
    "Kenanga",
    "Merdeka",
    "Pulau Sebesi",
    "Tirtayasa",
    "Padat Karya",
    "Griya Utama",
    "Lintas",
    "Jend. Sudirman",
    "Ikan Bawal",
    "Bukit Kemiling",
    "Pagar Alam",
    "Cendana",
)
GANGS = (
    "Mawar",
    "Melati",
    "Kenanga",
    "Anggrek",
    "Masjid",
    "Swadaya",
    "Bersama",
    "Langgar",
    "Damai",
    "H. Salim",
    "Mushola",
    "Pelita",
    "Rukun",
    "Sawo",
    "Nangka",
    "Manggis",
    "Dahlia",
    "Cempaka",
    "Flamboyan",
    "Pisang",
    "Kelapa",
    "Family",
    "Sepakat",
    "Bakti",
)
RURAL_ROADS = ("Jl. Lintas Sumatera", "Jl. Lintas Timur", "Jl. Lintas Barat", "Jl. Poros Desa")
NAMED_DUSUN = (
    "Krajan",
    "Sukamaju",
    "Sidorejo",
    "Karang Anyar",
    "Sumber Rejo",
    "Purwodadi",
    "Tegal Sari",
    "Sinar Harapan",
    "Talang Baru",
    "Banjar Sari",
    "Way Harong",
    "Umbul Bandung",
    "Gunung Sari",
    "Sido Mulyo",
    "Mekar Sari",
    "Suka Jaya",
    "Karang Rejo",
    "Margo Mulyo",
)
_REGENCY_WORD = re.compile(r"^(Kabupaten|Kota)\s+")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass(frozen=True, slots=True)
class VillagePlan:
    """What the generator needs to know about one village to place households in it."""

    code: str
    urban: bool
    dusun: tuple[str, ...]
    rt_max: int
    rw_max: int
    streets: tuple[str, ...]


def official_name(code: str) -> str:
    return regions_by_code()[code].name


@functools.cache
def regency_bare_name(code: str) -> str:
    """Lampung Selatan, Bandar Lampung: the regency name without Kabupaten/Kota."""
    return _REGENCY_WORD.sub("", official_name(code[:4]))


def village_word(code: str) -> str:
    """The local word for this village: Pekon, Tiyuh, Kampung, Kelurahan or Desa."""
    region = regions_by_code()[code]
    if region.type == "kelurahan":
        return "Kelurahan"
    return VILLAGE_WORD.get(code[:4], "Desa")


def is_urban(region: Region) -> bool:
    return region.type == "kelurahan" or region.code[:4] in {"1871", "1872"}


@functools.cache
def lampung_villages() -> tuple[Region, ...]:
    return tuple(
        v
        for regency in children_of(PROVINCE)
        for district in children_of(regency.code)
        for v in children_of(district.code)
    )


def village_weights(seed: int) -> tuple[tuple[str, ...], np.ndarray]:
    """Village codes with sampling weights: regency size x poverty, then lognormal density."""
    villages = lampung_villages()
    per_regency: dict[str, int] = {}
    for v in villages:
        per_regency[v.code[:4]] = per_regency.get(v.code[:4], 0) + 1
    rng = stream(seed, "village-density")
    density = rng.lognormal(0.0, 0.9, size=len(villages))
    weights = np.array(
        [
            REGENCY_PROFILE[v.code[:4]][0]
            * (1 + 0.05 * REGENCY_PROFILE[v.code[:4]][1])
            / per_regency[v.code[:4]]
            * density[i]
            * (1.6 if is_urban(v) else 1.0)
            for i, v in enumerate(villages)
        ]
    )
    return tuple(v.code for v in villages), weights / weights.sum()


def ethnic_weights(regency: str) -> list[float]:
    adjust = _MIX_ADJUST.get(regency, (1.0,) * len(ETHNIC_GROUPS))
    return cumulative([b * a for b, a in zip(_BASE_MIX, adjust, strict=True)])


@functools.cache
def plan_village(code: str, seed: int) -> VillagePlan:
    """Dusun, RT/RW ranges and streets of one village; fixed by (seed, code) whatever the order."""
    d = Draw(stream(seed, f"village:{code}"))
    region = regions_by_code()[code]
    urban = is_urban(region)
    if urban:
        dusun = tuple(f"Lingkungan {ROMAN[i]}" for i in range(d.between(2, 5)))
        streets = tuple(d.pick(STREETS) for _ in range(d.between(2, 5)))
        return VillagePlan(code, True, dusun, d.between(8, 25), d.between(3, 10), streets)
    n = d.between(2, 8)
    if d.chance(0.65):
        dusun = tuple(f"Dusun {ROMAN[i]}" for i in range(n))
    else:
        dusun = tuple(f"Dusun {d.pick(NAMED_DUSUN)}" for _ in range(n))
    streets = (f"Jl. Raya {region.name}", d.pick(RURAL_ROADS))
    return VillagePlan(
        code, False, tuple(dict.fromkeys(dusun)), d.between(4, 20), d.between(1, 6), streets
    )


@functools.cache
def origin_districts(province: str) -> tuple[str, ...]:
    """Kecamatan codes of a Java/Bali province, the NIK prefixes transmigrants carry."""
    return tuple(
        district.code for regency in children_of(province) for district in children_of(regency.code)
    )


def lampung_districts() -> tuple[str, ...]:
    return origin_districts(PROVINCE)


# --- spelling variants of place names --------------------------------------------------------

_COMPOUND_HEADS = (
    "Tanjung",
    "Teluk",
    "Sido",
    "Suka",
    "Sumber",
    "Marga",
    "Bumi",
    "Karang",
    "Mekar",
    "Tri",
    "Negeri",
    "Gunung",
    "Banjar",
    "Way",
    "Purwo",
    "Tegal",
    "Rejo",
    "Wono",
    "Sri",
    "Tulang",
)
_HEAD_SHORT = {
    "Tanjung": "Tj.",
    "Teluk": "Tlk.",
    "Sumber": "Sbr.",
    "Gunung": "Gn.",
    "Negeri": "Negri",
}
_ROMAN_TO_DIGIT = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6"}


def place_variant(name: str, d: Draw) -> str:
    """Another way a list keeper writes a place: joined/split words, Tj. for Tanjung, II as 2."""
    tokens = name.split()
    options = []
    if len(tokens) >= 2 and tokens[0] in _COMPOUND_HEADS:
        options.append(tokens[0] + tokens[1].lower() + "".join(f" {t}" for t in tokens[2:]))
    for head in _COMPOUND_HEADS:
        if tokens and tokens[0].startswith(head) and len(tokens[0]) > len(head) + 2:
            rest = tokens[0][len(head) :]
            options.append(" ".join([head, rest.capitalize(), *tokens[1:]]))
    if tokens and tokens[0] in _HEAD_SHORT:
        options.append(" ".join([_HEAD_SHORT[tokens[0]], *tokens[1:]]))
    if tokens and tokens[-1] in _ROMAN_TO_DIGIT:
        options.append(" ".join([*tokens[:-1], _ROMAN_TO_DIGIT[tokens[-1]]]))
    return d.pick(options) if options else name
