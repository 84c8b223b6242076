"""How one source writes a person: error profiles and renderers for names, NIK, dates, addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from linkage.synth import errors, places
from linkage.synth.draw import Draw
from linkage.synth.population import Household, Person, Population

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_ID_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agt",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)
_OLD_SPELLING = re.compile(r"oe|dj|tj|nj|sj|ch", re.IGNORECASE)
_MUSLIM_GROUPS = frozenset({"jav", "sun", "lpg", "mel"})


@dataclass(frozen=True, slots=True)
class Profile:
    """Per-record probabilities of each kind of damage in one source."""

    typo: float = 0.0
    ocr: bool = False  # typed from paper: reading errors rather than keyboard slips
    token_drop: float = 0.0
    reorder: float = 0.0
    join_split: float = 0.0
    abbreviate: float = 0.0
    spelling: float = 0.0  # old <-> new spelling
    muhammad: float = 0.0
    balinese_drop: float = 0.0
    boru: float = 0.0
    courtesy: float = 0.0  # Bpk./Ibu/Pak/Bu before the name
    haji: float = 0.0  # of hajis: H./Hj. shown
    degree: float = 0.0  # of graduates: degree shown
    gelar: float = 0.0  # of Lampung title holders: "gelar ..." shown
    patronym: float = 0.0  # of Muslims: "bin/binti <father>" added
    alias: float = 0.0  # of Chinese-Indonesians with a Chinese name: that name used
    wife_reference: float = 0.0  # of wives: "Ny. <husband>" instead of her name
    nik_missing: float = 0.0
    nik_missing_child: float = 0.0  # under five: often no NIK on the list yet
    nik_digit: float = 0.0
    nik_transpose: float = 0.0
    nik_spouse: float = 0.0
    nik_kk: float = 0.0  # the KK number typed into the NIK column
    nik_ganda: float = 0.0  # of people with two NIKs: the other one used
    date_swap: float = 0.0
    date_year: float = 0.0
    date_day: float = 0.0
    date_default: float = 0.0
    sex_flip: float = 0.0
    stale_address: float = 0.0  # of moved households: the old village still listed
    old_kk: float = 0.0  # of households with a previous KK: that number listed


@dataclass(frozen=True, slots=True)
class SeenAddress:
    """The address a source has for a household (current, or the one before a move)."""

    village: str
    dusun: str
    rt: int
    rw: int
    street: str
    house_no: int
    stale: bool


def spouse_of(p: Person, pop: Population) -> Person | None:
    if p.role not in {"head", "spouse"}:
        return None
    for i in pop.households[p.household].members:
        other = pop.persons[i]
        if other.index != p.index and other.role in {"head", "spouse"}:
            return other
    return None


def render_name(p: Person, pop: Population, prof: Profile, d: Draw) -> str:
    """The person's name as this source writes it, before the source's letter case."""
    if p.alias_name and d.chance(prof.alias):
        return errors.typo(p.alias_name, d) if d.chance(prof.typo) else p.alias_name
    if p.sex == "F" and prof.wife_reference and d.chance(prof.wife_reference):
        husband = spouse_of(p, pop)
        if husband is not None and husband.sex == "M":
            return errors.wife_reference(husband.name, d)
    name = p.name
    if d.chance(prof.spelling):
        if _OLD_SPELLING.search(name):
            name = errors.to_new_spelling(name)
        elif p.birth_date.year < 1965:
            name = errors.to_old_spelling(name)
    if d.chance(prof.muhammad):
        name = errors.muhammad_variant(name, d)
    if p.ethnicity == "bal" and d.chance(prof.balinese_drop):
        name = errors.drop_balinese_prefix(name)
    if p.ethnicity == "btk" and d.chance(prof.boru):
        name = errors.boru_variant(name, d)
    if d.chance(prof.join_split):
        name = errors.join_or_split(name, d)
    if d.chance(prof.token_drop):
        name = errors.drop_token(name, d)
    if d.chance(prof.reorder):
        name = errors.reorder_tokens(name, d)
    if d.chance(prof.abbreviate):
        name = errors.abbreviate_token(name, d)
    if d.chance(prof.typo):
        name = errors.typo(name, d, ocr=prof.ocr)
        if d.chance(0.2):
            name = errors.typo(name, d, ocr=prof.ocr)
    if p.ethnicity in _MUSLIM_GROUPS and d.chance(prof.patronym):
        name = errors.add_patronym(name, p.father_name, p.sex, d)
    if p.gelar and d.chance(prof.gelar):
        name = errors.add_gelar(name, p.gelar, d)
    if p.haji and d.chance(prof.haji):
        name = errors.add_haji(name, p.sex)
    if p.degree and d.chance(prof.degree):
        name = errors.add_degree(name, p.degree)
    if d.chance(prof.courtesy):
        name = errors.add_courtesy(name, p.sex, d)
    return name


def render_nik(p: Person, pop: Population, prof: Profile, d: Draw, on: date) -> str:
    """The NIK a source holds for the person, "" when it has none."""
    if p.age_on(on) < 5 and d.chance(prof.nik_missing_child):
        return ""
    if d.chance(prof.nik_missing):
        return ""
    if d.chance(prof.nik_kk):
        return pop.households[p.household].kk
    if d.chance(prof.nik_spouse):
        spouse = spouse_of(p, pop)
        if spouse is not None:
            return spouse.nik
    nik = p.alt_nik if p.alt_nik and d.chance(prof.nik_ganda) else p.nik
    if d.chance(prof.nik_digit):
        nik = errors.substitute_digit(nik, d)
    if d.chance(prof.nik_transpose):
        nik = errors.transpose_digits(nik, d)
    return nik


def render_kk(hh: Household, prof: Profile, d: Draw, seen: SeenAddress) -> str:
    if hh.prev_kk and (seen.stale or d.chance(prof.old_kk)):
        return hh.prev_kk
    return hh.kk


def render_birth_date(p: Person, prof: Profile, d: Draw) -> date:
    born = p.birth_date
    if d.chance(prof.date_default):
        born = errors.default_date(born, d)
    if d.chance(prof.date_swap):
        born = errors.swap_day_month(born)
    if d.chance(prof.date_year):
        born = errors.year_typo(born, d)
    if d.chance(prof.date_day):
        born = errors.day_typo(born, d)
    return born


def render_sex(p: Person, prof: Profile, d: Draw) -> str:
    if d.chance(prof.sex_flip):
        return "F" if p.sex == "M" else "M"
    return p.sex


def seen_address(hh: Household, prof: Profile, d: Draw) -> SeenAddress:
    if hh.prev_village and hh.prev_address and d.chance(prof.stale_address):
        dusun, rt, rw, street, house_no = hh.prev_address
        return SeenAddress(hh.prev_village, dusun, rt, rw, street, house_no, True)
    return SeenAddress(hh.village, hh.dusun, hh.rt, hh.rw, hh.street, hh.house_no, False)


# --- text forms -----------------------------------------------------------------------------


def rt_rw(rt: int, rw: int, d: Draw) -> str:
    """RT 003/RW 005, RT.3 RW.5, Rt 03 Rw 05, RT/RW 003/005 ..."""
    if not rw:
        return d.pick((f"RT {rt:03d}", f"RT.{rt}", f"Rt {rt:02d}", f"RT {rt}"))
    return d.pick(
        (
            f"RT {rt:03d}/RW {rw:03d}",
            f"RT.{rt} RW.{rw}",
            f"Rt {rt:02d} Rw {rw:02d}",
            f"RT/RW {rt:03d}/{rw:03d}",
            f"RT {rt} RW {rw}",
            f"RT.{rt:02d}/RW.{rw:02d}",
        )
    )


def street_text(seen: SeenAddress, d: Draw) -> str:
    """Jl. Teuku Umar Gg. Mawar No. 12, sometimes spelled out (Jalan, Gang) or without number."""
    if not seen.street:
        return ""
    text = seen.street
    if d.chance(0.3):
        text = text.replace("Jl. ", d.pick(("Jalan ", "Jln. ", "JL ", "Jl "))).replace(
            "Gg. ", d.pick(("Gang ", "Gg ", "Gg. "))
        )
    if seen.house_no:
        text += d.pick(
            (
                f" No. {seen.house_no}",
                f" No {seen.house_no}",
                f" no.{seen.house_no}",
                f" Nomor {seen.house_no}",
                "",
            )
        )
    return text


def dusun_text(dusun: str, d: Draw) -> str:
    """Dusun II, Dsn. II, Dusun 2, Lingkungan II, LK. II."""
    word, _, rest = dusun.partition(" ")
    if word == "Lingkungan":
        return d.pick((dusun, f"LK. {rest}", f"Link. {rest}", f"LK {rest}"))
    return d.pick((dusun, f"Dsn. {rest}", f"Dsn {rest}", f"Dusun {rest}"))


def village_text(code: str, d: Draw, *, word: float = 0.5, variant: float = 0.15) -> str:
    """Village name, sometimes with its local word (Desa/Pekon/Tiyuh/Kampung/Kel.) or respelled."""
    name = places.official_name(code)
    if d.chance(variant):
        name = places.place_variant(name, d)
    if d.chance(word):
        local = places.village_word(code)
        short = {"Desa": ("Desa", "Ds."), "Kelurahan": ("Kel.", "Kelurahan")}.get(local, (local,))
        return f"{d.pick(short)} {name}"
    return name


def district_text(code: str, d: Draw, *, variant: float = 0.2) -> str:
    name = places.official_name(code[:6])
    return places.place_variant(name, d) if d.chance(variant) else name


def regency_text(code: str, d: Draw, *, short: float = 0.2) -> str:
    """Kab. Lampung Selatan, Lampung Selatan, Lamsel, Kota Bandar Lampung ..."""
    bare = places.regency_bare_name(code)
    if d.chance(short):
        return d.pick(places.REGENCY_SHORT[code[:4]])
    if d.chance(0.5):
        return bare
    return ("Kota " if code[:4] in {"1871", "1872"} else "Kab. ") + bare


def indonesian_date(value: date, d: Draw) -> str:
    """10 Mei 1985 or 10 Agt 1985."""
    months = MONTHS_ID_SHORT if d.chance(0.2) else MONTHS_ID
    return f"{value.day} {months[value.month - 1]} {value.year}"


def reported_age(p: Person, on: date, d: Draw) -> int:
    """Age as a village clerk writes it: heaped at fives for the old, often off by one."""
    age = p.age_on(on)
    if age >= 50 and d.chance(0.25):
        age = 5 * round(age / 5)
    elif d.chance(0.1):
        age += d.pick((-1, 1))
    return max(age, 0)
