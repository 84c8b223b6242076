"""The seven synthetic sources: who each list covers, its columns and value formats, its errors."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from linkage.synth import errors, places
from linkage.synth.draw import Draw, cumulative, stream
from linkage.synth.population import Household, Person, Population
from linkage.synth.render import (
    MONTHS_ID,
    Profile,
    SeenAddress,
    district_text,
    dusun_text,
    indonesian_date,
    regency_text,
    render_birth_date,
    render_kk,
    render_name,
    render_nik,
    render_sex,
    reported_age,
    rt_rw,
    seen_address,
    street_text,
    village_text,
)

Cell = str | int | None
_ROLE_RANK = {"head": 0, "spouse": 1, "child": 2, "child_in_law": 3, "grandchild": 4, "parent": 5}
_HUB_KRT = {
    "head": "1",
    "spouse": "2",
    "child": "3",
    "child_in_law": "4",
    "grandchild": "5",
    "parent": "6",
}
# Chance that a household of each welfare decile is in the needs registry (inclusion errors
# above decile 4, exclusion errors below).
_REGISTRY_RATE = (0.92, 0.92, 0.9, 0.8, 0.35, 0.15, 0.06, 0.02, 0.01, 0.01)
# The agency list is built like P3KE: whole families of the poorest deciles.
_AGENCY_RATE = (0.92, 0.9, 0.85, 0.7, 0.3, 0.05, 0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One source file as the job config describes it."""

    name: str
    kind: str  # registry | programme | agency | csr | institution | donor
    path: str
    fmt: str  # csv | xlsx | parquet
    header: tuple[str, ...]
    columns: dict[str, str]  # canonical field -> column in the file
    reference_date: date
    delimiter: str = ","
    encoding: str = "utf-8"
    sheet: str = ""
    deduplicated: bool = False  # the list holds each person once (one row per ID_ART)


@dataclass(slots=True)
class SourceTable:
    """A rendered source: rows in file order and the true person behind each row."""

    spec: SourceSpec
    rows: list[dict[str, Cell]]
    persons: list[int]

    def record_ids(self) -> list[str]:
        """The record_id the engine sees: the ID column, or the 1-based data row number."""
        column = self.spec.columns.get("record_id")
        if column:
            return [str(row[column]) for row in self.rows]
        return [str(i + 1) for i in range(len(self.rows))]


@dataclass(slots=True)
class _Entry:
    key: tuple
    person: int
    row: dict[str, Cell]


def _table(spec: SourceSpec, entries: list[_Entry]) -> SourceTable:
    entries.sort(key=lambda e: e.key)
    return SourceTable(spec, [e.row for e in entries], [e.person for e in entries])


def _serial_ids(seed: int, name: str, n: int, start: int, max_gap: int) -> list[int]:
    """Unique increasing IDs with gaps, as a system issues them while also serving others."""
    gaps = stream(seed, f"ids:{name}").integers(1, max_gap + 1, size=n)
    return (start + np.cumsum(gaps)).tolist()


def _number_runs(table: SourceTable, group: Callable[[dict[str, Cell], int], object]) -> None:
    """Fill the "No" column as each merged sheet had it: 1, 2, 3 ... restarting per group."""
    previous: object = None
    n = 0
    for row, person in zip(table.rows, table.persons, strict=True):
        current = group(row, person)
        n = n + 1 if current == previous else 1
        previous = current
        row["No"] = n


def _alive_on(p: Person, on: date) -> bool:
    return p.birth_date <= on and not p.deceased


def _members(hh: Household, pop: Population) -> list[Person]:
    people = [pop.persons[i] for i in hh.members]
    return sorted(people, key=lambda p: (_ROLE_RANK[p.role], p.birth_date, p.index))


def _wife_or_mother(hh: Household, pop: Population, on: date) -> Person | None:
    for p in _members(hh, pop):
        if (
            p.sex == "F"
            and p.role in {"head", "spouse"}
            and _alive_on(p, on)
            and 17 <= p.age_on(on) <= 75
        ):
            return p
    return None


def _first_alive(hh: Household, pop: Population, on: date, roles: set[str]) -> Person | None:
    return next((p for p in _members(hh, pop) if p.role in roles and _alive_on(p, on)), None)


def _duplicates(
    entries: list[_Entry], rate: float, d: Draw, again: Callable[[_Entry], _Entry]
) -> list[_Entry]:
    """The same person listed twice, usually spelled a little differently."""
    return entries + [again(e) for e in list(entries) if d.chance(rate)]


def _free_address(seen: SeenAddress, d: Draw, *, district: float, regency: float) -> str:
    """Address typed as one free-text cell with the usual abbreviations."""
    parts = []
    street = street_text(seen, d)
    if street:
        parts.append(street)
    if seen.dusun and (not street or d.chance(0.3)) and d.chance(0.75):
        parts.append(dusun_text(seen.dusun, d))
    if d.chance(0.85):
        parts.append(rt_rw(seen.rt, seen.rw, d))
    parts.append(village_text(seen.village, d, word=0.7))
    if d.chance(district):
        parts.append(f"{d.pick(('Kec. ', 'Kecamatan ', 'Kec '))}{district_text(seen.village, d)}")
    if d.chance(regency):
        parts.append(regency_text(seen.village, d, short=0.5))
    return d.pick((" ", ", ")).join(parts)


def _cased(text: str, d: Draw, upper: float) -> str:
    return text.upper() if d.chance(upper) else errors.title_case(text)


# --- 1. DTKS: the needs registry, whole households ------------------------------------------

DTKS_PROFILE = Profile(
    typo=0.015,
    token_drop=0.004,
    join_split=0.004,
    haji=0.2,
    degree=0.1,
    nik_missing=0.01,
    nik_missing_child=0.25,
    nik_digit=0.008,
    nik_transpose=0.003,
    date_swap=0.003,
    date_year=0.003,
    date_day=0.003,
    sex_flip=0.002,
    stale_address=0.6,
)


def _dtks_spec(on: date) -> SourceSpec:
    return SourceSpec(
        name="dtks",
        kind="registry",
        deduplicated=True,
        path="dtks.csv",
        fmt="csv",
        reference_date=on,
        header=(
            "ID_ART",
            "ID_KELUARGA",
            "NIK",
            "NO_KK",
            "NAMA",
            "TMP_LAHIR",
            "TGL_LAHIR",
            "JNS_KEL",
            "HUB_KRT",
            "ALAMAT",
            "RT",
            "RW",
            "KODE_WILAYAH",
            "NAMA_DESA",
            "NAMA_KEC",
            "NAMA_KAB",
            "DESIL",
        ),
        columns={
            "record_id": "ID_ART",
            "nik": "NIK",
            "kk": "NO_KK",
            "name": "NAMA",
            "birth_date": "TGL_LAHIR",
            "sex": "JNS_KEL",
            "address": "ALAMAT",
            "rt": "RT",
            "rw": "RW",
            "village": "NAMA_DESA",
            "district": "NAMA_KEC",
            "regency": "NAMA_KAB",
            "region_code": "KODE_WILAYAH",
            "decile": "DESIL",
        },
    )


def _dtks_address(seen: SeenAddress, d: Draw) -> str:
    street = street_text(seen, d)
    if seen.dusun.startswith("Lingkungan"):
        return street or seen.dusun
    return f"{seen.dusun} {street}".strip() if d.chance(0.8) else (street or seen.dusun)


def build_dtks(pop: Population, seed: int) -> tuple[SourceTable, set[int]]:
    """Registry extract: every member of the registered households; returns those households."""
    on = pop.reference_date - timedelta(days=91)
    d = Draw(stream(seed, "source:dtks"))
    prof = DTKS_PROFILE
    registry = {hh.index for hh in pop.households if d.chance(_REGISTRY_RATE[hh.decile - 1])}
    entries: list[_Entry] = []
    for hh in pop.households:
        if hh.index not in registry:
            continue
        seen = seen_address(hh, prof, d)
        kk = render_kk(hh, prof, d, seen)
        address = _dtks_address(seen, d).upper()
        for rank, p in enumerate(_members(hh, pop)):
            if p.birth_date > on:
                continue
            row: dict[str, Cell] = {
                "NIK": render_nik(p, pop, prof, d, on),
                "NO_KK": kk,
                "NAMA": render_name(p, pop, prof, d).upper(),
                "TMP_LAHIR": places.regency_bare_name(p.nik_region).upper(),
                "TGL_LAHIR": render_birth_date(p, prof, d).strftime("%d-%m-%Y"),
                "JNS_KEL": "1" if render_sex(p, prof, d) == "M" else "2",
                "HUB_KRT": _HUB_KRT[p.role],
                "ALAMAT": address,
                "RT": f"{seen.rt:03d}",
                "RW": f"{seen.rw:03d}" if seen.rw else "",
                "KODE_WILAYAH": seen.village,
                "NAMA_DESA": places.official_name(seen.village).upper(),
                "NAMA_KEC": places.official_name(seen.village[:6]).upper(),
                "NAMA_KAB": places.regency_bare_name(seen.village).upper(),
                "DESIL": str(hh.decile),
            }
            entries.append(_Entry((seen.village, hh.index, rank), p.index, row))
    table = _table(_dtks_spec(on), entries)
    family_ids: dict[int, str] = {}
    for row, person, art in zip(
        table.rows,
        table.persons,
        _serial_ids(seed, "dtks", len(table.rows), 1_800_000_000, 40),
        strict=True,
    ):
        row["ID_ART"] = f"{art:012d}"
        row["ID_KELUARGA"] = family_ids.setdefault(pop.persons[person].household, f"K{art:012d}")
    return table, registry


# --- 2. PKH: conditional cash transfer, one row per family (the mother) ---------------------

PKH_PROFILE = Profile(
    typo=0.06,
    token_drop=0.02,
    join_split=0.02,
    abbreviate=0.01,
    muhammad=0.03,
    spelling=0.02,
    balinese_drop=0.05,
    boru=0.1,
    haji=0.1,
    nik_missing=0.005,
    nik_digit=0.015,
    nik_transpose=0.007,
    nik_spouse=0.015,
    nik_kk=0.005,
    nik_ganda=0.3,
    date_swap=0.01,
    date_year=0.008,
    date_day=0.005,
    date_default=0.005,
    stale_address=0.4,
    old_kk=0.2,
)
# Benefit per tahap (quarter) by family component, capped at four components.
_PKH_COMPONENTS = (
    (0, 6, 750_000),
    (6, 12, 225_000),
    (12, 15, 375_000),
    (15, 18, 500_000),
    (70, 200, 600_000),
)


def _pkh_spec(on: date) -> SourceSpec:
    return SourceSpec(
        name="pkh",
        kind="programme",
        path="pkh.parquet",
        fmt="parquet",
        reference_date=on,
        header=(
            "id_kpm",
            "nik_pengurus",
            "no_kk",
            "nama_pengurus",
            "tgl_lahir",
            "alamat",
            "kelurahan",
            "kecamatan",
            "kabupaten",
            "bansos",
            "nominal",
            "tahap",
        ),
        columns={
            "record_id": "id_kpm",
            "nik": "nik_pengurus",
            "kk": "no_kk",
            "name": "nama_pengurus",
            "birth_date": "tgl_lahir",
            "address": "alamat",
            "village": "kelurahan",
            "district": "kecamatan",
            "regency": "kabupaten",
            "programme": "bansos",
            "amount": "nominal",
            "period": "tahap",
        },
    )


def pkh_benefit(hh: Household, pop: Population, on: date) -> int:
    """Quarterly PKH amount for the family's components (0 when it has none)."""
    amounts = []
    for p in _members(hh, pop):
        if not _alive_on(p, on):
            continue
        age = p.age_on(on)
        for low, high, amount in _PKH_COMPONENTS:
            if low <= age < high:
                amounts.append(amount)
        if p.disabled:
            amounts.append(600_000)
    return sum(sorted(amounts, reverse=True)[:4])


def build_pkh(pop: Population, seed: int, registry: set[int]) -> tuple[SourceTable, set[int]]:
    """Programme list drawn from the registry (plus some stale inclusions); returns its families."""
    on = pop.reference_date - timedelta(days=91)
    d = Draw(stream(seed, "source:pkh"))
    period = f"{on.year}-T{(on.month - 1) // 3 + 1}"

    def row_for(hh: Household, rep: Person, prof: Profile, amount: int) -> dict[str, Cell]:
        seen = seen_address(hh, prof, d)
        street = street_text(seen, d) or dusun_text(seen.dusun, d)
        return {
            "nik_pengurus": render_nik(rep, pop, prof, d, on),
            "no_kk": render_kk(hh, prof, d, seen),
            "nama_pengurus": render_name(rep, pop, prof, d).upper(),
            "tgl_lahir": render_birth_date(rep, prof, d).isoformat(),
            "alamat": f"{street} {rt_rw(seen.rt, seen.rw, d)}".upper(),
            "kelurahan": places.official_name(seen.village).upper(),
            "kecamatan": places.official_name(seen.village[:6]).upper(),
            "kabupaten": regency_text(seen.village, d, short=0.0).upper(),
            "bansos": "PKH",
            "nominal": amount,
            "tahap": period,
        }

    entries: list[_Entry] = []
    families: set[int] = set()
    for hh in pop.households:
        if hh.index in registry:
            rate = 0.72 if hh.decile <= 4 else 0.12 if hh.decile == 5 else 0.0
        else:
            rate = 0.06 if hh.decile <= 3 else 0.0
        if not rate or not d.chance(rate):
            continue
        amount = pkh_benefit(hh, pop, on)
        rep = _wife_or_mother(hh, pop, on) or _first_alive(hh, pop, on, {"head", "spouse"})
        if not amount or rep is None:
            continue
        families.add(hh.index)
        entries.append(
            _Entry((hh.village, hh.index, 0), rep.index, row_for(hh, rep, PKH_PROFILE, amount))
        )

    noisy = dataclasses.replace(PKH_PROFILE, typo=0.6, token_drop=0.1)

    def again(e: _Entry) -> _Entry:
        hh = pop.households[pop.persons[e.person].household]
        row = row_for(hh, pop.persons[e.person], noisy, int(e.row["nominal"] or 0))
        return _Entry((*e.key[:2], 1), e.person, row)

    table = _table(_pkh_spec(on), _duplicates(entries, 0.025, d, again))
    order = stream(seed, "order:pkh").permutation(len(table.rows)).tolist()
    ids = _serial_ids(seed, "pkh", len(table.rows), 180_000_000_000, 400)
    for row, rank in zip(table.rows, order, strict=True):
        row["id_kpm"] = f"{ids[rank]:012d}"
    return table, families


# --- 3. BLT Dana Desa: village spreadsheets compiled into one workbook ----------------------

BLT_PROFILE = Profile(
    typo=0.1,
    token_drop=0.04,
    join_split=0.03,
    abbreviate=0.03,
    muhammad=0.06,
    spelling=0.04,
    balinese_drop=0.2,
    boru=0.2,
    courtesy=0.04,
    haji=0.3,
    gelar=0.05,
    date_default=0.0,
    nik_digit=0.03,
    nik_transpose=0.015,
    nik_spouse=0.02,
    nik_ganda=0.3,
    stale_address=0.0,
    old_kk=0.3,
    sex_flip=0.01,
)
# How a village typist's NIK cells end up, with shares: see DOMAIN 1.4.
_SHEET_ID_FORMS = (
    "text",
    "numeric",
    "scientific",
    "masked",
    "apostrophe",
    "spaced",
    "letters",
    "kk",
    "junk",
    "empty",
)


def _blt_spec(on: date) -> SourceSpec:
    return SourceSpec(
        name="blt_dd",
        kind="programme",
        path="blt_dd.xlsx",
        fmt="xlsx",
        reference_date=on,
        sheet="Penerima",
        header=(
            "No",
            "Nama Penerima",
            "NIK",
            "No. KK",
            "L/P",
            "Umur",
            "Dusun",
            "RT/RW",
            "Desa",
            "Kecamatan",
            "Kabupaten",
            "Jumlah (Rp)",
            "Bulan",
            "Keterangan",
        ),
        columns={
            "nik": "NIK",
            "kk": "No. KK",
            "name": "Nama Penerima",
            "sex": "L/P",
            "age": "Umur",
            "dusun": "Dusun",
            "address": "RT/RW",
            "village": "Desa",
            "district": "Kecamatan",
            "regency": "Kabupaten",
            "amount": "Jumlah (Rp)",
            "period": "Bulan",
        },
    )


def sheet_id_cell(number: str, form: str, kk: str, d: Draw) -> Cell:
    """A 16-digit number as it ends up in a hand-kept spreadsheet cell."""
    if not number or form == "empty":
        return None
    if form == "numeric":
        return errors.excel_truncated(number)
    if form == "scientific":
        return errors.excel_scientific(number)
    if form == "masked":
        return errors.masked(number, d)
    if form == "apostrophe":
        return "'" + number
    if form == "spaced":
        return errors.with_separators(number, d)
    if form == "letters":
        return errors.letter_confusion(number, d)
    if form == "kk":
        return kk
    if form == "junk":
        # Placeholders, and OpenSID's temporary "NIK sementara" that starts with 0.
        temporary = "0" + "".join(str(d.below(10)) for _ in range(15))
        return d.pick(("0000000000000000", "1234567890123456", "-", "0", temporary))
    return number


@dataclass(frozen=True, slots=True)
class _SheetHabits:
    """One village typist's habits: letter case and how NIK cells get damaged."""

    upper: float
    id_forms: list[float]  # cumulative weights over _SHEET_ID_FORMS


def _sheet_habits(d: Draw) -> _SheetHabits:
    numeric = d.pick((0.0, 0.0, 0.1, 0.3, 0.6))
    scientific = 0.06 if numeric else 0.02
    weights = (0.6 - numeric / 2, numeric, scientific, 0.04, 0.05, 0.04, 0.03, 0.02, 0.02, 0.04)
    return _SheetHabits(0.55 if d.chance(0.5) else 0.05, cumulative(weights))


def _blt_label(rep: Person, age: int) -> str:
    if age >= 60:
        return "Lansia"
    if rep.sex == "F" and rep.role == "head":
        return "Janda"
    return "Disabilitas" if rep.disabled else ""


def _blt_row(
    pop: Population, rep: Person, prof: Profile, habits: _SheetHabits, d: Draw
) -> dict[str, Cell]:
    on = pop.reference_date
    hh = pop.households[rep.household]
    seen = seen_address(hh, prof, d)
    name = render_name(rep, pop, prof, d)
    if rep.deceased:  # the list still names the late head of the family
        name = f"{d.pick(('Alm.', 'ALM', 'Alm') if rep.sex == 'M' else ('Almh.', 'Almh'))} {name}"
    age = reported_age(rep, on, d)
    kk = render_kk(hh, prof, d, seen)
    nik = render_nik(rep, pop, prof, d, on)
    rt_rw_cell = f"{seen.rt:03d}/{seen.rw:03d}" if d.chance(0.8) else f"{seen.rt}/{seen.rw}"
    return {
        "Nama Penerima": _cased(name, d, habits.upper),
        "NIK": sheet_id_cell(nik, d.weighted(_SHEET_ID_FORMS, habits.id_forms), kk, d),
        "No. KK": sheet_id_cell(kk, "numeric" if d.chance(0.3) else "text", kk, d)
        if d.chance(0.8)
        else None,
        "L/P": "L" if render_sex(rep, prof, d) == "M" else "P",
        "Umur": age,
        "Dusun": dusun_text(seen.dusun, d),
        "RT/RW": rt_rw_cell,
        "Desa": places.official_name(seen.village),
        "Kecamatan": places.official_name(seen.village[:6]),
        "Kabupaten": places.regency_bare_name(seen.village),
        "Jumlah (Rp)": 300_000,
        "Bulan": f"{MONTHS_ID[on.month - 1]} {on.year}",
        "Keterangan": _blt_label(rep, age),
    }


def _blt_rate(hh: Household, pkh: set[int]) -> float:
    """Village deliberation picks poor families not already on PKH, with some leakage."""
    if hh.decile <= 5:
        return 0.05 if hh.index in pkh else 0.5
    return 0.05 if hh.decile <= 7 else 0.01


def build_blt_dd(pop: Population, seed: int, pkh: set[int]) -> SourceTable:
    on = pop.reference_date
    d = Draw(stream(seed, "source:blt_dd"))
    noisy = dataclasses.replace(BLT_PROFILE, typo=0.5)
    by_village: dict[str, list[Household]] = defaultdict(list)
    for hh in pop.households:
        by_village[hh.village].append(hh)
    entries: list[_Entry] = []
    for code in sorted(by_village):
        if places.village_word(code) == "Kelurahan" or not d.chance(0.6):
            continue  # BLT Dana Desa is paid by desa, not kelurahan; not every desa list is here
        habits = _sheet_habits(d)
        for hh in by_village[code]:
            if not d.chance(_blt_rate(hh, pkh)):
                continue
            head = next(pop.persons[i] for i in hh.members if pop.persons[i].role == "head")
            rep = (
                head
                if not head.deceased or d.chance(0.6)
                else _first_alive(hh, pop, on, {"spouse", "child"})
            )
            if rep is None or rep.birth_date > on:
                continue
            slot = d.u()
            entries.append(
                _Entry((code, slot), rep.index, _blt_row(pop, rep, BLT_PROFILE, habits, d))
            )
            if d.chance(0.03):  # typed twice, next row or further down the sheet
                again = slot + 1e-9 if d.chance(0.5) else d.u()
                entries.append(
                    _Entry((code, again), rep.index, _blt_row(pop, rep, noisy, habits, d))
                )
    table = _table(_blt_spec(on), entries)
    _number_runs(table, lambda row, _person: (row["Desa"], row["Kecamatan"]))
    return table


# --- 4. CSR: a company's beneficiary list around its operations ------------------------------

CSR_PROFILE = Profile(
    typo=0.07,
    token_drop=0.05,
    join_split=0.03,
    abbreviate=0.06,
    muhammad=0.1,
    spelling=0.05,
    balinese_drop=0.3,
    boru=0.3,
    courtesy=0.35,
    haji=0.7,
    degree=0.6,
    gelar=0.2,
    alias=0.4,
    wife_reference=0.04,
)


def _csr_spec(on: date) -> SourceSpec:
    return SourceSpec(
        name="csr",
        kind="csr",
        path="csr.csv",
        fmt="csv",
        reference_date=on,
        header=("No", "Nama", "NIK", "Alamat", "No. HP", "Jenis Bantuan", "Nilai Bantuan"),
        columns={
            "name": "Nama",
            "nik": "NIK",
            "address": "Alamat",
            "phone": "No. HP",
            "programme": "Jenis Bantuan",
            "amount": "Nilai Bantuan",
        },
    )


def _rupiah(amount: int, d: Draw) -> str:
    dotted = f"{amount:,}".replace(",", ".")
    return d.pick((f"Rp {dotted}", f"Rp. {dotted},-", f"Rp{dotted}", str(amount), dotted))


def _partial_nik(nik: str, d: Draw) -> str:
    """CSR lists keep at most the last four digits, or a masked form."""
    if not nik:
        return ""
    x = d.u()
    if x < 0.7:
        return ""
    if x < 0.85:
        return "****" + nik[12:]
    if x < 0.93:
        return nik[12:]
    return nik[:4] + "xxxxxxxx" + nik[12:]


def build_csr(pop: Population, seed: int) -> SourceTable:
    on = pop.reference_date - timedelta(days=41)
    d = Draw(stream(seed, "source:csr"))
    prof = CSR_PROFILE
    by_district: dict[str, list[Household]] = defaultdict(list)
    for hh in pop.households:
        by_district[hh.district].append(hh)
    districts = sorted(by_district)
    rng = stream(seed, "areas:csr")
    chosen = sorted(
        rng.choice(len(districts), max(1, round(0.25 * len(districts))), replace=False).tolist()
    )
    entries: list[_Entry] = []
    for area, i in enumerate(chosen):
        programme = d.pick(
            ("Paket Sembako", "Bantuan Tunai", "Paket Sembako", "Bedah Rumah", "Bantuan Lansia")
        )
        amount = d.pick((150_000, 200_000, 250_000, 300_000, 500_000))
        for hh in by_district[districts[i]]:
            rate = 0.4 if hh.decile <= 5 else 0.15 if hh.decile <= 8 else 0.05
            if not d.chance(rate):
                continue
            wife = _wife_or_mother(hh, pop, on)
            head = _first_alive(hh, pop, on, {"head", "spouse"})
            chosen_people = [wife if wife and d.chance(0.55) else head]
            chosen_people += [
                p
                for p in _members(hh, pop)
                if _alive_on(p, on)
                and (
                    (p.role == "parent" and p.age_on(on) >= 60 and d.chance(0.5))
                    or (p.role == "child" and p.age_on(on) >= 18 and d.chance(0.1))
                )
            ]
            for p in chosen_people:
                if p is None:
                    continue
                seen = seen_address(hh, prof, d)
                row: dict[str, Cell] = {
                    "Nama": _cased(render_name(p, pop, prof, d), d, 0.25),
                    "NIK": _partial_nik(p.nik, d),
                    "Alamat": _free_address(seen, d, district=0.7, regency=0.5),
                    "No. HP": errors.phone_variant(p.phone, d) if p.phone and d.chance(0.6) else "",
                    "Jenis Bantuan": programme,
                    "Nilai Bantuan": _rupiah(amount, d),
                }
                entries.append(_Entry((area, hh.village, d.u()), p.index, row))
    table = _table(_csr_spec(on), entries)
    # Numbering restarts for each area's sheet, so "No" is not an ID.
    _number_runs(table, lambda _row, person: pop.households[pop.persons[person].household].district)
    return table


# --- 5. Panti: residents of social institutions (elderly, orphans) --------------------------

PANTI_PROFILE = Profile(
    typo=0.06,
    ocr=True,
    token_drop=0.03,
    spelling=0.1,
    muhammad=0.05,
    patronym=0.1,
    alias=0.3,
    balinese_drop=0.2,
    boru=0.2,
    nik_missing=0.55,
    nik_digit=0.03,
    nik_transpose=0.02,
    date_default=0.05,
    date_swap=0.02,
    date_year=0.03,
    stale_address=0.2,
)
_INSTITUTIONS = (
    ("PSTW Bhakti Yuswa", "elderly"),
    ("Panti Werdha Kasih Ibu", "elderly"),
    ("UPTD Panti Sosial Lanjut Usia Tresna Werdha", "elderly"),
    ("Panti Asuhan Yatim Piatu Al-Ikhlas", "children"),
    ("LKSA Darul Aitam", "children"),
    ("Panti Asuhan Nurul Huda", "children"),
)


def _panti_spec(on: date) -> SourceSpec:
    return SourceSpec(
        name="panti",
        kind="institution",
        path="panti.csv",
        fmt="csv",
        reference_date=on,
        header=(
            "No Induk",
            "Nama Lengkap",
            "NIK",
            "L/P",
            "Tempat Lahir",
            "Tanggal Lahir",
            "Alamat",
            "Nama Panti",
            "Tgl Masuk",
        ),
        columns={
            "record_id": "No Induk",
            "name": "Nama Lengkap",
            "nik": "NIK",
            "sex": "L/P",
            "birth_date": "Tanggal Lahir",
            "address": "Alamat",
        },
    )


def _panti_birth(p: Person, prof: Profile, d: Draw) -> str:
    """10 Mei 1985, or only the year (most for the old and for default dates)."""
    born = render_birth_date(p, prof, d)
    if d.chance(0.05):
        return ""
    if d.chance(0.6 if p.default_date else 0.25 if p.birth_date.year < 1960 else 0.05):
        return str(born.year)
    return indonesian_date(born, d)


def build_panti(pop: Population, seed: int) -> SourceTable:
    on = pop.reference_date - timedelta(days=166)
    d = Draw(stream(seed, "source:panti"))
    prof = PANTI_PROFILE
    codes, weights = places.village_weights(seed)
    sites = stream(seed, "sites:panti").choice(len(codes), len(_INSTITUTIONS), p=weights).tolist()
    homes = [
        (name, kind, codes[site], d.pick(places.STREETS), d.between(1, 150))
        for (name, kind), site in zip(_INSTITUTIONS, sites, strict=True)
    ]
    entries: list[_Entry] = []
    for hh in pop.households:
        for p in _members(hh, pop):
            if not _alive_on(p, on):
                continue
            age = p.age_on(on)
            if age >= 60:
                rate = (
                    (0.1 if hh.composition == "elderly_alone" else 0.01 if age >= 70 else 0.0)
                    if hh.decile <= 4
                    else 0.0
                )
                kind = "elderly"
            elif 6 <= age <= 17:
                rate = 0.02 if hh.decile <= 3 and hh.composition == "single_parent" else 0.0
                kind = "children"
            else:
                continue
            if not rate or not d.chance(rate):
                continue
            home = d.pick([h for h in homes if h[1] == kind])
            name, _, site, street, number = home
            seen = seen_address(hh, prof, d)
            origin = (
                f"{village_text(seen.village, d, word=0.9)}, Kec. {district_text(seen.village, d)}"
            )
            address = (
                f"{name}, Jl. {street} No. {number}, {places.official_name(site)} (asal: {origin})"
            )
            admitted = on - timedelta(days=d.between(30, 3000))
            row: dict[str, Cell] = {
                "Nama Lengkap": _cased(render_name(p, pop, prof, d), d, 0.2),
                "NIK": render_nik(p, pop, prof, d, on),
                "L/P": "L" if render_sex(p, prof, d) == "M" else "P",
                "Tempat Lahir": places.regency_bare_name(p.nik_region) if d.chance(0.7) else "",
                "Tanggal Lahir": _panti_birth(p, prof, d),
                "Alamat": address,
                "Nama Panti": name,
                "Tgl Masuk": admitted.strftime("%d/%m/%Y"),
            }
            entries.append(_Entry((name, admitted, p.index), p.index, row))
    table = _table(_panti_spec(on), entries)
    per_home: dict[str, int] = defaultdict(int)
    for row in table.rows:
        home = str(row["Nama Panti"])
        per_home[home] += 1
        code = "".join(w[0] for w in home.split() if w[0].isupper())
        row["No Induk"] = f"{code}/{str(row['Tgl Masuk'])[-4:]}/{per_home[home]:03d}"
    return table


# --- 6. Dinsos: the provincial agency's list (P3KE-like families, elderly, disabled) ---------

DINSOS_PROFILE = Profile(
    typo=0.04,
    token_drop=0.015,
    join_split=0.02,
    muhammad=0.04,
    spelling=0.2,
    abbreviate=0.02,
    balinese_drop=0.1,
    boru=0.15,
    haji=0.3,
    gelar=0.15,
    nik_missing=0.04,
    nik_missing_child=0.3,
    nik_digit=0.025,
    nik_transpose=0.01,
    nik_spouse=0.01,
    nik_ganda=0.5,
    date_swap=0.015,
    date_year=0.01,
    date_day=0.01,
    date_default=0.01,
    sex_flip=0.005,
    stale_address=0.5,
    old_kk=0.4,
)


def _dinsos_spec(on: date) -> SourceSpec:
    return SourceSpec(
        name="dinsos",
        kind="agency",
        path="dinsos.csv",
        fmt="csv",
        reference_date=on,
        delimiter=";",
        encoding="latin-1",
        header=(
            "ID_DATA",
            "NIK",
            "NO_KK",
            "NAMA",
            "JENIS_KELAMIN",
            "TGL_LAHIR",
            "ALAMAT",
            "DESA_KELURAHAN",
            "KECAMATAN",
            "KABUPATEN_KOTA",
            "KATEGORI",
            "NO_HP",
        ),
        columns={
            "record_id": "ID_DATA",
            "nik": "NIK",
            "kk": "NO_KK",
            "name": "NAMA",
            "sex": "JENIS_KELAMIN",
            "birth_date": "TGL_LAHIR",
            "address": "ALAMAT",
            "village": "DESA_KELURAHAN",
            "district": "KECAMATAN",
            "regency": "KABUPATEN_KOTA",
            "phone": "NO_HP",
        },
    )


def _latin1_habits(name: str, d: Draw) -> str:
    """Apostrophes typed as acute accents (Ma´ruf) and non-breaking spaces from Excel."""
    if "'" in name and d.chance(0.6):
        name = name.replace("'", "\u00b4")
    if " " in name and d.chance(0.03):
        name = name.replace(" ", "\u00a0", 1)
    return name


def build_dinsos(pop: Population, seed: int) -> SourceTable:
    on = pop.reference_date - timedelta(days=212)
    d = Draw(stream(seed, "source:dinsos"))
    # Each regency office submits in its own way: date format and place-name spelling.
    habits = {code: (d.chance(0.4), d.u() * 0.4) for code in sorted(places.REGENCY_PROFILE)}

    families: dict[int, tuple[SeenAddress, str]] = {}  # one address and KK per family

    def row_for(p: Person, category: str, prof: Profile) -> dict[str, Cell]:
        hh = pop.households[p.household]
        short_year, variant = habits[hh.regency]
        if hh.index not in families:
            seen = seen_address(hh, prof, d)
            families[hh.index] = (seen, render_kk(hh, prof, d, seen))
        seen, kk = families[hh.index]
        name = render_name(p, pop, prof, d).upper()
        if p.deceased and d.chance(0.5):
            name += d.pick((" (ALM)", " ALM.", " (ALMH)" if p.sex == "F" else " (ALM.)"))
        born = render_birth_date(p, prof, d)
        nik = render_nik(p, pop, prof, d, on)
        street = street_text(seen, d) or dusun_text(seen.dusun, d)
        return {
            "NIK": errors.with_separators(nik, d) if nik and d.chance(0.45) else nik,
            "NO_KK": errors.with_separators(kk, d) if d.chance(0.3) else kk,
            "NAMA": _latin1_habits(name, d),
            "JENIS_KELAMIN": "Laki-laki" if render_sex(p, prof, d) == "M" else "Perempuan",
            "TGL_LAHIR": born.strftime("%d/%m/%y") if short_year else born.isoformat(),
            "ALAMAT": f"{street} {rt_rw(seen.rt, seen.rw, d)}".upper(),
            "DESA_KELURAHAN": village_text(seen.village, d, word=0.2, variant=variant).upper(),
            "KECAMATAN": district_text(seen.village, d, variant=variant).upper(),
            "KABUPATEN_KOTA": regency_text(seen.village, d, short=variant).upper(),
            "KATEGORI": category,
            "NO_HP": errors.phone_variant(p.phone, d) if p.phone and d.chance(0.4) else "",
        }

    entries: list[_Entry] = []
    for hh in pop.households:
        whole = d.chance(_AGENCY_RATE[hh.decile - 1])
        for rank, p in enumerate(_members(hh, pop)):
            if p.birth_date > on:
                continue
            if p.disabled and (whole or (hh.decile <= 7 and d.chance(0.25))):
                category = "Penyandang Disabilitas"
            elif whole:
                category = "Lansia" if p.age_on(on) >= 60 else "Fakir Miskin"
            elif p.age_on(on) >= 60 and hh.decile <= 6 and not p.deceased and d.chance(0.1):
                category = "Lansia Terlantar"
            else:
                continue
            row = row_for(p, category, DINSOS_PROFILE)
            entries.append(_Entry((hh.regency, hh.village, hh.index, rank), p.index, row))
    noisy = dataclasses.replace(DINSOS_PROFILE, typo=0.3, spelling=0.4)

    def again(e: _Entry) -> _Entry:
        # Re-submitted in a later batch by the regency office: at the end of its block.
        p = pop.persons[e.person]
        row = row_for(p, str(e.row["KATEGORI"]), noisy)
        return _Entry((e.key[0], "~", d.u()), p.index, row)

    table = _table(_dinsos_spec(on), _duplicates(entries, 0.04, d, again))
    for row, n in zip(table.rows, _serial_ids(seed, "dinsos", len(table.rows), 0, 3), strict=True):
        row["ID_DATA"] = f"DS-18-{n:07d}"
    return table


# --- 7. Donor: an individual donor's or mosque's list: names, village, phone ----------------

DONOR_PROFILE = Profile(
    typo=0.08,
    token_drop=0.1,
    join_split=0.03,
    muhammad=0.1,
    abbreviate=0.05,
    spelling=0.05,
    balinese_drop=0.4,
    boru=0.4,
    haji=0.5,
    alias=0.5,
    wife_reference=0.05,
)


def _donor_spec(on: date) -> SourceSpec:
    return SourceSpec(
        name="donor",
        kind="donor",
        path="donor.csv",
        fmt="csv",
        reference_date=on,
        header=("nama", "desa", "hp"),
        columns={"name": "nama", "village": "desa", "phone": "hp"},
    )


def _informal_name(p: Person, pop: Population, on: date, d: Draw) -> str:
    """How neighbours refer to someone: Pak Ahmad, Bu Sri, Mbah Painem, or the full name."""
    name = render_name(p, pop, DONOR_PROFILE, d)
    first = (
        name.split()[0] if name.split()[0].lower() not in {"i", "ni", "ny.", "h.", "hj."} else name
    )
    x = d.u()
    if p.age_on(on) >= 60 and x < 0.4:
        return f"Mbah {first}"
    if x < 0.65:
        return f"{'Pak' if p.sex == 'M' else 'Bu'} {first if d.chance(0.6) else name}"
    return name


def build_donor(pop: Population, seed: int) -> SourceTable:
    on = pop.reference_date - timedelta(days=81)
    d = Draw(stream(seed, "source:donor"))
    by_village: dict[str, list[Household]] = defaultdict(list)
    for hh in pop.households:
        by_village[hh.village].append(hh)
    entries: list[_Entry] = []
    for code in sorted(by_village):
        if not d.chance(0.15):
            continue
        case = d.pick(("lower", "title", "upper"))
        for hh in by_village[code]:
            if not d.chance(0.3 if hh.decile <= 6 else 0.05):
                continue
            people = [_wife_or_mother(hh, pop, on) if d.chance(0.5) else None]
            people = [people[0] or _first_alive(hh, pop, on, {"head", "spouse"})]
            people += [
                p
                for p in _members(hh, pop)
                if p.role == "parent" and _alive_on(p, on) and d.chance(0.3)
            ]
            for p in people:
                if p is None:
                    continue
                name = _informal_name(p, pop, on, d)
                name = (
                    name.lower() if case == "lower" else name.upper() if case == "upper" else name
                )
                row: dict[str, Cell] = {
                    "nama": name,
                    "desa": village_text(hh.village, d, word=0.3, variant=0.2),
                    "hp": errors.phone_variant(p.phone, d) if p.phone and d.chance(0.7) else "",
                }
                entries.append(_Entry((d.u(),), p.index, row))
    return _table(_donor_spec(on), entries)


def build_sources(
    pop: Population, seed: int, progress: Callable[[str], None] | None = None
) -> list[SourceTable]:
    """Every source, in a fixed order; later lists draw on the registry and programme lists."""
    note = progress or (lambda _msg: None)
    dtks, registry = build_dtks(pop, seed)
    pkh, families = build_pkh(pop, seed, registry)
    tables = [
        dtks,
        pkh,
        build_blt_dd(pop, seed, families),
        build_csr(pop, seed),
        build_panti(pop, seed),
        build_dinsos(pop, seed),
        build_donor(pop, seed),
    ]
    for table in tables:
        note(f"{table.spec.name}: {len(table.rows)} records")
    return tables
