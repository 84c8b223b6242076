"""The true population: Lampung households, members, NIK/KK numbers and planted hard negatives."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import jellyfish
import numpy as np

from linkage.synth import naming, places
from linkage.synth.draw import Draw, cumulative, stream
from linkage.synth.errors import default_date
from linkage.synth.names_pool import CHINESE_SURNAMES, DEGREES, LAMPUNG_GELAR
from linkage.synth.nik import kk_date_part, nik_date_part, numbers

HARD_NEGATIVE_KINDS = ("twin", "parent_child_same_name", "same_name_stranger", "spouse")

COMPOSITIONS = (
    "couple_children",
    "couple",
    "single_parent",
    "elderly_alone",
    "elderly_couple",
    "three_generation",
    "extended",
)
_COMPOSITION_CUM = cumulative((0.50, 0.08, 0.08, 0.09, 0.07, 0.15, 0.03))
_KIDS = (0.25, 0.35, 0.22, 0.10, 0.05, 0.03)  # 1..6 children
_KIDS_CUM, _FEW_KIDS_CUM = cumulative(_KIDS), cumulative(_KIDS[:3])
# Decile shares of the generated households: the population leans towards the poor.
_DECILE_SHARES = (0.16, 0.15, 0.14, 0.12, 0.10, 0.09, 0.07, 0.06, 0.06, 0.05)
_EARLIEST_BIRTH = date(1920, 1, 1)

TWIN_RATE = 0.015  # per child with an elder sibling
JUNIOR_RATE_SON, JUNIOR_RATE_DAUGHTER = 0.012, 0.004
PAIRED_COUPLE_RATE = 0.06  # Javanese couples born before 1990
STRANGER_RATE = 0.002  # planted same-name pairs per person
MOVED_RATE = 0.04
TRANSMIGRANT_RATE = {"jav": 0.24, "sun": 0.2, "bal": 0.35}
NIK_GANDA_RATE = 0.006
NIK_DATE_CORRECTED_RATE = 0.012
# Mobile number prefixes of the Indonesian operators.
_OPERATORS = (
    "0811", "0812", "0813", "0821", "0822", "0831", "0838", "0852", "0853", "0856", "0857",
    "0858", "0877", "0878", "0881", "0895", "0896",
)  # fmt: skip


@dataclass(slots=True)
class Person:
    """One true person: what the KK says about them, plus the facts sources get wrong."""

    index: int
    household: int
    role: str  # head, spouse, child, parent, child_in_law, grandchild
    sex: str  # M / F
    birth_date: date  # as registered on the KK (may be a default date)
    ethnicity: str
    father: int = -1  # person index when the father lives in the household
    mother: int = -1
    name: str = ""
    alias_name: str = ""  # Chinese name used in community lists
    father_name: str = ""
    default_date: bool = False
    nik_birth_date: date | None = None
    nik_region: str = ""
    nik: str = ""
    alt_nik: str = ""  # a second NIK from a duplicate registration (NIK ganda)
    haji: bool = False
    degree: str = ""
    gelar: str = ""
    deceased: bool = False
    disabled: bool = False
    phone: str = ""
    twin: int = -1
    birth_order: int = 0

    @property
    def person_id(self) -> str:
        return f"P{self.index + 1:07d}"

    def age_on(self, when: date) -> int:
        b = self.birth_date
        return when.year - b.year - ((when.month, when.day) < (b.month, b.day))


@dataclass(slots=True)
class Household:
    """One family on one KK, at one address in a Lampung village."""

    index: int
    village: str
    composition: str
    ethnicity: str
    dusun: str
    rt: int
    rw: int
    street: str
    house_no: int
    welfare: float
    decile: int = 0
    prev_village: str = ""  # village before a move; stale lists still show it
    prev_address: tuple[str, int, int, str, int] | None = None  # dusun, rt, rw, street, no
    moved_year: int = 0
    origin_district: str = ""  # Java/Bali kecamatan of transmigrant members
    arrival_year: int = 0
    kk: str = ""
    kk_date: date | None = None
    prev_kk: str = ""
    chinese_surname: str = ""
    family_name: str = ""
    members: list[int] = field(default_factory=list)

    @property
    def household_id(self) -> str:
        return f"H{self.index + 1:07d}"

    @property
    def district(self) -> str:
        return self.village[:6]

    @property
    def regency(self) -> str:
        return self.village[:4]


@dataclass(slots=True)
class Population:
    """The ground truth every source is drawn from; hard negatives are (person, person, kind)."""

    persons: list[Person]
    households: list[Household]
    hard_negatives: list[tuple[int, int, str]]
    reference_date: date


# --- household skeletons --------------------------------------------------------------------


def _birth(ref: date, age: float) -> date:
    born = ref - timedelta(days=int(max(age, 0.02) * 365.25))
    return max(born, _EARLIEST_BIRTH)


def _clip(x: float, low: float, high: float) -> float:
    return low if x < low else high if x > high else x


class _Builder:
    """Accumulates the members of one household with their parent links."""

    def __init__(self, ref: date) -> None:
        self.ref = ref
        self.specs: list[tuple[str, str, float, int, int]] = []

    def add(self, role: str, sex: str, age: float, father: int = -1, mother: int = -1) -> int:
        self.specs.append((role, sex, age, father, mother))
        return len(self.specs) - 1

    def set_parents(self, child: int, father: int, mother: int) -> None:
        role, sex, age, _, _ = self.specs[child]
        self.specs[child] = (role, sex, age, father, mother)

    def couple(self, d: Draw, head_age: float, head_sex: str = "M") -> tuple[int, int]:
        gap = d.normal(4.0, 3.5)
        spouse_age = _clip(head_age - gap if head_sex == "M" else head_age + gap, 17, 104)
        head = self.add("head", head_sex, head_age)
        spouse = self.add("spouse", "F" if head_sex == "M" else "M", spouse_age)
        return (head, spouse) if head_sex == "M" else (spouse, head)

    def children(
        self,
        d: Draw,
        father: int,
        mother: int,
        mother_age: float,
        role: str,
        count: int | None = None,
    ) -> None:
        n = count if count is not None else d.weighted(range(1, 7), _KIDS_CUM)
        age = mother_age - d.normal(23.5, 3.5)
        for _ in range(n):
            if age < 0:
                break
            if age <= 24 or (age <= 32 and d.chance(0.35)):
                self.add(role, "M" if d.chance(0.51) else "F", age, father, mother)
            age -= 1.3 + d.u() * 4.0


def _skeleton(composition: str, d: Draw, ref: date) -> _Builder:
    b = _Builder(ref)
    if composition == "couple_children":
        father, mother = b.couple(d, _clip(d.normal(41, 9), 21, 72))
        b.children(d, father, mother, b.specs[mother][2], "child")
    elif composition == "couple":
        young = d.chance(0.6)
        b.couple(d, _clip(d.normal(27, 4), 19, 38) if young else _clip(d.normal(57, 7), 45, 72))
    elif composition == "single_parent":
        sex = "F" if d.chance(0.85) else "M"
        head = b.add("head", sex, _clip(d.normal(44, 9), 24, 70))
        age = b.specs[head][2] - (d.normal(4, 3) if sex == "M" else 0)
        father, mother = (head, -1) if sex == "M" else (-1, head)
        b.children(d, father, mother, age, "child", d.weighted(range(1, 4), _FEW_KIDS_CUM))
    elif composition == "elderly_alone":
        b.add("head", "F" if d.chance(0.75) else "M", _clip(d.normal(72, 8), 60, 101))
    elif composition == "elderly_couple":
        b.couple(d, _clip(d.normal(71, 7), 60, 98))
    elif composition == "three_generation":
        father, mother = b.couple(d, _clip(d.normal(40, 8), 23, 62))
        b.children(d, father, mother, b.specs[mother][2], "child")
        of = father if d.chance(0.6) else mother
        elder_age = _clip(b.specs[of][2] + d.normal(27, 4), 55, 103)
        x = d.u()
        grandpa = b.add("parent", "M", elder_age) if x >= 0.7 else -1
        grandma = b.add("parent", "F", elder_age - d.normal(4, 2)) if x < 0.7 or x >= 0.8 else -1
        b.set_parents(of, grandpa, grandma)
    else:  # extended: elderly head, a married child with spouse and grandchildren
        head_sex = "M" if d.chance(0.7) else "F"
        head_age = _clip(d.normal(66, 7), 52, 95)
        if head_sex == "M":
            father, mother = b.couple(d, head_age)
        else:
            father, mother = -1, b.add("head", "F", head_age)
        mother_age = b.specs[mother][2]
        son = d.chance(0.6)
        child_age = _clip(mother_age - d.normal(26, 4), 18, mother_age - 16)
        child = b.add("child", "M" if son else "F", child_age, father, mother)
        in_law = b.add(
            "child_in_law", "F" if son else "M", child_age + d.normal(-2 if son else 3, 2)
        )
        gf, gm = (child, in_law) if son else (in_law, child)
        b.children(d, gf, gm, b.specs[gm][2], "grandchild", d.weighted(range(1, 4), _FEW_KIDS_CUM))
        if d.chance(0.3):
            b.children(d, father, mother, child_age + 3, "child", 1)
    return b


def _welfare(
    composition: str, size: int, urban: bool, ethnicity: str, regency: str, d: Draw
) -> float:
    score = d.normal(0.0, 1.0)
    score += {
        "elderly_alone": -0.7,
        "single_parent": -0.5,
        "elderly_couple": -0.3,
        "extended": -0.2,
    }.get(composition, 0.0)
    score += (0.4 if urban else 0.0) + (0.9 if ethnicity == "chi" else 0.0)
    score -= 0.3 if size >= 6 else 0.0
    score -= 0.25 if regency in {"1803", "1813", "1807"} else 0.0
    return score


def _address(plan: places.VillagePlan, d: Draw) -> tuple[str, int, int, str, int]:
    """Dusun/lingkungan, RT, RW, street and house number inside one village."""
    di = d.below(len(plan.dusun))
    if plan.urban:
        street = f"Jl. {d.pick(plan.streets)}"
        if d.chance(0.6):
            street += f" Gg. {d.pick(places.GANGS)}"
        return (
            plan.dusun[di],
            d.between(1, plan.rt_max),
            d.between(1, plan.rw_max),
            street,
            d.between(1, 180),
        )
    per_dusun = max(1, plan.rt_max // len(plan.dusun))
    rt = di * per_dusun + d.between(1, per_dusun)
    rw = di + 1 if plan.rw_max > 1 else 0
    street = d.pick(plan.streets) if d.chance(0.25) else ""
    return plan.dusun[di], rt, rw, street, d.between(1, 120) if street else 0


def _make_households(persons: int, seed: int, ref: date) -> tuple[list[Household], list[Person]]:
    d = Draw(stream(seed, "households"))
    codes, weights = places.village_weights(seed)
    village_draws = stream(seed, "village-choice").choice(len(codes), size=persons, p=weights)
    plans: dict[str, places.VillagePlan] = {}
    ethnic_cum = {r: places.ethnic_weights(r) for r in places.REGENCY_PROFILE}
    households: list[Household] = []
    people: list[Person] = []
    while len(people) < persons:
        code = codes[int(village_draws[len(households) % persons])]
        plan = plans.get(code) or plans.setdefault(code, places.plan_village(code, seed))
        left = persons - len(people)
        composition = d.weighted(COMPOSITIONS, _COMPOSITION_CUM)
        skeleton = _skeleton(composition, d, ref)
        if len(skeleton.specs) > left:
            composition, skeleton = "elderly_alone", _skeleton("elderly_alone", d, ref)
        ethnicity = d.weighted(places.ETHNIC_GROUPS, ethnic_cum[code[:4]])
        dusun, rt, rw, street, house_no = _address(plan, d)
        hh = Household(
            index=len(households),
            village=code,
            composition=composition,
            ethnicity=ethnicity,
            dusun=dusun,
            rt=rt,
            rw=rw,
            street=street,
            house_no=house_no,
            welfare=_welfare(composition, len(skeleton.specs), plan.urban, ethnicity, code[:4], d),
        )
        whole_family_default = d.chance(0.03)
        base = len(people)
        for role, sex, age, father, mother in skeleton.specs:
            born = _birth(ref, age)
            person = Person(
                index=len(people),
                household=hh.index,
                role=role,
                sex=sex,
                birth_date=born,
                ethnicity=ethnicity,
                father=base + father if father >= 0 else -1,
                mother=base + mother if mother >= 0 else -1,
            )
            if whole_family_default and born.year < 2004:
                person.birth_date, person.default_date = date(born.year, 7, 1), True
            elif d.chance(_default_share(born.year)):
                registered = default_date(born, d)
                if registered <= ref:
                    person.birth_date, person.default_date = registered, True
            hh.members.append(person.index)
            people.append(person)
        households.append(hh)
    _assign_deciles(households)
    return households, people


def _default_share(year: int) -> float:
    """Share of people whose registered birth date is a default (DOMAIN 1.3), by birth year."""
    if year < 1950:
        return 0.55
    if year < 1960:
        return 0.4
    if year < 1970:
        return 0.25
    if year < 1980:
        return 0.12
    return 0.05 if year < 1990 else 0.01


def _assign_deciles(households: list[Household]) -> None:
    scores = np.array([h.welfare for h in households])
    rank = np.empty(len(scores), dtype=np.int64)
    rank[np.argsort(scores, kind="stable")] = np.arange(len(scores))
    edges = np.cumsum(_DECILE_SHARES) * len(scores)
    deciles = np.searchsorted(edges, rank, side="right") + 1
    for hh, decile in zip(households, np.minimum(deciles, 10).tolist(), strict=True):
        hh.decile = decile


# --- planted relations ----------------------------------------------------------------------


def _quota(rng: np.random.Generator, candidates: int, rate: float, minimum: int) -> int:
    if candidates == 0:
        return 0
    return min(candidates, max(minimum, int(rng.binomial(candidates, rate))))


def _plant_twins(people: list[Person], rng: np.random.Generator, d: Draw) -> None:
    """Make some children twins of the elder sibling born just before them."""
    by_mother: dict[tuple[int, int], list[Person]] = defaultdict(list)
    for p in people:
        if p.role in {"child", "grandchild"}:
            by_mother[(p.household, p.mother)].append(p)
    candidates: list[tuple[Person, Person]] = []
    for siblings in by_mother.values():
        siblings.sort(key=lambda p: p.birth_date)
        candidates += [(siblings[i - 1], siblings[i]) for i in range(1, len(siblings))]
    chosen = rng.choice(len(candidates), _quota(rng, len(candidates), TWIN_RATE, 1), replace=False)
    for i in sorted(chosen.tolist()):
        elder, younger = candidates[i]
        if elder.twin >= 0 or younger.twin >= 0:
            continue
        younger.birth_date, younger.default_date = elder.birth_date, elder.default_date
        younger.sex = elder.sex if d.chance(0.55) else ("F" if elder.sex == "M" else "M")
        elder.twin, younger.twin = younger.index, elder.index


def _birth_orders(households: list[Household], people: list[Person]) -> None:
    for hh in households:
        kids: dict[int, list[Person]] = defaultdict(list)
        for i in hh.members:
            p = people[i]
            if p.role in {"child", "grandchild"}:
                kids[p.mother if p.mother >= 0 else -1 - p.father].append(p)
        for siblings in kids.values():
            ordered = sorted(siblings, key=lambda p: (p.birth_date, p.index))
            for order, p in enumerate(ordered):
                p.birth_order = order


# --- names ----------------------------------------------------------------------------------


def _spouse_ethnicity(hh: Household, d: Draw) -> str:
    if d.chance(0.9):
        return hh.ethnicity
    return d.weighted(places.ETHNIC_GROUPS, places.ethnic_weights(hh.regency))


def _name_household(hh: Household, people: list[Person], d: Draw) -> None:
    members = [people[i] for i in hh.members]
    for p in members:
        if p.role in {"spouse", "child_in_law"}:
            p.ethnicity = _spouse_ethnicity(hh, d)
        elif p.role in {"child", "grandchild"} and p.father >= 0:
            p.ethnicity = people[p.father].ethnicity
    if hh.ethnicity == "chi" or any(p.ethnicity == "chi" for p in members):
        hh.chinese_surname = naming.CHI_SURNAME(d)
        hh.family_name = d.pick(CHINESE_SURNAMES[hh.chinese_surname])
    marga: dict[int, str] = {}
    for p in sorted(members, key=lambda p: p.birth_date):  # parents are named before children
        year = p.birth_date.year
        if p.ethnicity == "btk":
            own = marga.get(p.father) or naming.MARGA(d)
            marga[p.index] = own
            p.name = naming.batak(p.sex, year, own, d)
        elif p.ethnicity == "chi":
            p.name = naming.chinese_indonesian(p.sex, year, hh.chinese_surname, hh.family_name, d)
            if year < 1990 or d.chance(0.2):
                p.alias_name = naming.chinese_name(p.sex, hh.chinese_surname, d)
        else:
            p.name = naming.registered_name(p.ethnicity, p.sex, year, d, birth_order=p.birth_order)
        if p.ethnicity == "lpg" and p.sex == "M" and year < 1995 and d.chance(0.35):
            p.gelar = d.pick(LAMPUNG_GELAR)
        if year < 1975 and p.ethnicity != "bal" and d.chance(0.03):
            p.haji = True
        if 1960 < year < 2000 and d.chance(0.015):
            p.degree = d.pick(DEGREES)


def _fathers(people: list[Person], d: Draw) -> None:
    for p in people:
        if p.father >= 0:
            p.father_name = people[p.father].name
        else:
            year = p.birth_date.year - 28
            p.father_name = naming.registered_name(
                p.ethnicity if p.ethnicity != "btk" else "mel", "M", year, d
            )


def _plant_twin_names(people: list[Person], d: Draw) -> None:
    for p in people:
        if p.twin > p.index:
            other = people[p.twin]
            p.name, other.name = naming.twin_names(p.sex, other.sex, p.ethnicity, d, p.birth_order)
            if p.ethnicity == "btk":  # twins carry their father's marga like any child
                marga = people[p.father].name.split()[-1] if p.father >= 0 else naming.MARGA(d)
                for twin in (p, other):
                    given = twin.name.split()[0]
                    marker = naming.boru(d) if twin.sex == "F" else ""
                    twin.name = " ".join(t for t in (given, marker, marga) if t)


def _plant_juniors(people: list[Person], rng: np.random.Generator) -> set[int]:
    """Sons named exactly like their father (a few daughters like their mother); both returned."""
    sons = [
        p for p in people if p.role == "child" and p.sex == "M" and p.father >= 0 and p.twin < 0
    ]
    daughters = [
        p for p in people if p.role == "child" and p.sex == "F" and p.mother >= 0 and p.twin < 0
    ]
    named: set[int] = set()
    for group, rate, minimum, parent_of in (
        (sons, JUNIOR_RATE_SON, 1, lambda p: p.father),
        (daughters, JUNIOR_RATE_DAUGHTER, 0, lambda p: p.mother),
    ):
        for i in rng.choice(len(group), _quota(rng, len(group), rate, minimum), replace=False):
            child = group[int(i)]
            child.name = people[parent_of(child)].name
            named.update((child.index, parent_of(child)))
    return named


def _plant_paired_couples(
    households: list[Household], people: list[Person], rng: np.random.Generator, d: Draw
) -> list[tuple[int, int]]:
    """Javanese husband and wife with -o/-i names of one stem (Suharto/Suharti)."""
    couples = []
    for hh in households:
        heads = [people[i] for i in hh.members if people[i].role in {"head", "spouse"}]
        if len(heads) == 2 and {p.sex for p in heads} == {"M", "F"}:
            husband, wife = sorted(heads, key=lambda p: p.sex != "M")
            couples.append((husband, wife))
    javanese = [
        c
        for c in couples
        if c[0].ethnicity == c[1].ethnicity == "jav" and c[0].birth_date.year < 1990
    ]
    pool = javanese or couples
    planted = []
    for i in rng.choice(len(pool), _quota(rng, len(pool), PAIRED_COUPLE_RATE, 1), replace=False):
        husband, wife = pool[int(i)]
        husband.name, wife.name = naming.paired_names(d, husband.birth_date.year < 1950)
        husband.ethnicity = wife.ethnicity = "jav"
        planted.append((husband.index, wife.index))
    return planted


def _plant_strangers(
    households: list[Household],
    people: list[Person],
    rng: np.random.Generator,
    d: Draw,
    busy: set[int],
) -> list[tuple[int, int]]:
    """Copy a name (and sometimes a default birth date) to an unrelated person of the same sex."""
    adults = [p for p in people if p.role in {"head", "spouse"} and p.index not in busy]
    by_key: dict[tuple[str, str], list[Person]] = defaultdict(list)
    by_village: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for p in adults:
        by_key[(p.sex, p.ethnicity)].append(p)
        by_village[(households[p.household].village, p.sex)].append(p)
    planted: list[tuple[int, int]] = []
    for i in rng.choice(len(adults), _quota(rng, len(adults), STRANGER_RATE, 2), replace=False):
        a = adults[int(i)]
        if a.index in busy:
            continue
        same_village = by_village[(households[a.household].village, a.sex)]
        pool = same_village if d.chance(0.3) else by_key[(a.sex, a.ethnicity)]
        tries = (d.pick(pool) for _ in range(8))
        b = next((x for x in tries if x.household != a.household and x.index not in busy), None)
        if b is None:
            continue
        b.name, b.alias_name = a.name, a.alias_name
        if d.chance(0.5) and abs(a.birth_date.year - b.birth_date.year) <= 3:
            shared = date(a.birth_date.year, 7, 1)
            a.birth_date = b.birth_date = shared
            a.default_date = b.default_date = True
        busy.update((a.index, b.index))
        planted.append((a.index, b.index))
    return planted


# --- identifiers ----------------------------------------------------------------------------


def _moves_and_origins(
    households: list[Household], people: list[Person], d: Draw, ref: date, seed: int
) -> None:
    codes = places.lampung_villages()
    by_regency: dict[str, list[str]] = defaultdict(list)
    for v in codes:
        by_regency[v.code[:4]].append(v.code)
    every = [v.code for v in codes]
    for hh in households:
        if d.chance(MOVED_RATE):
            pool = by_regency[hh.regency] if d.chance(0.6) else every
            hh.prev_village = d.pick(pool)
            if hh.prev_village == hh.village:
                hh.prev_village = d.pick(every)
            hh.prev_address = _address(places.plan_village(hh.prev_village, seed), d)
            hh.moved_year = d.between(2012, ref.year - 1)
        origins = places.ORIGIN_PROVINCES.get(hh.ethnicity)
        if origins and d.chance(TRANSMIGRANT_RATE[hh.ethnicity]):
            x, province = d.u(), origins[-1][0]
            for code, share in origins:
                if x < share:
                    province = code
                    break
                x -= share
            hh.origin_district = d.pick(places.origin_districts(province))
            hh.arrival_year = d.between(1995, ref.year - 2)
    lampung = places.lampung_districts()
    districts_by_regency: dict[str, list[str]] = defaultdict(list)
    for c in lampung:
        districts_by_regency[c[:4]].append(c)
    for p in people:
        hh = households[p.household]
        year = p.birth_date.year
        if hh.origin_district and year < hh.arrival_year and p.role != "child_in_law":
            p.nik_region = hh.origin_district
        elif hh.prev_village and year < hh.moved_year:
            p.nik_region = hh.prev_village[:6]
        elif p.role in {"spouse", "child_in_law"} and d.chance(0.2):
            nearby = districts_by_regency[hh.regency]
            p.nik_region = d.pick(nearby) if d.chance(0.7) else d.pick(lampung)
        else:
            p.nik_region = hh.district


def _assign_niks(people: list[Person], seed: int, d: Draw) -> None:
    rng = stream(seed, "nik-serials")
    lampung = places.lampung_districts()
    for p in people:
        p.nik_birth_date = p.birth_date
        if p.birth_date.year < 2000 and not p.default_date and d.chance(NIK_DATE_CORRECTED_RATE):
            # The date on the KK was corrected later; the NIK keeps the old default date.
            p.nik_birth_date = date(p.birth_date.year, 7, 1)
    ganda = [p for p in people if p.birth_date.year < 1990 and d.chance(NIK_GANDA_RATE)]
    entries = people + ganda
    regions = [p.nik_region for p in people]
    # A second registration happened where the person lived later: elsewhere in Lampung.
    regions += [
        p.nik_region if not p.nik_region.startswith("18") else d.pick(lampung) for p in ganda
    ]
    parts = [nik_date_part(p.nik_birth_date, p.sex) for p in entries]
    defaults = np.array(
        [
            p.nik_birth_date.day in (1, 31, 15) and p.nik_birth_date.month in (1, 7, 12)
            for p in entries
        ]
    )
    skips = np.where(
        defaults, rng.geometric(0.25, len(entries)) - 1, rng.geometric(0.75, len(entries)) - 1
    )
    for i, p in enumerate(people):
        if p.twin >= 0 and p.twin < p.index:
            skips[i] = 0
    issued = numbers(regions, parts, skips)
    for p, nik in zip(people, issued[: len(people)], strict=True):
        p.nik = nik
    for p, nik in zip(ganda, issued[len(people) :], strict=True):
        p.alt_nik = nik


def _assign_kks(
    households: list[Household], people: list[Person], seed: int, d: Draw, ref: date
) -> None:
    """Current KK per household; a previous one for moved families and some split or reissued."""
    rng = stream(seed, "kk-serials")
    regions: list[str] = []
    dates: list[date] = []
    for hh in households:
        if hh.moved_year:
            start = date(hh.moved_year, 1, 1)
        else:  # family formed when the eldest was about 22; SIAK cards from 2004
            oldest = min(people[i].birth_date for i in hh.members)
            start = max(date(2004, 1, 1), date(min(oldest.year + 22, ref.year - 1), 1, 1))
        hh.kk_date = start + timedelta(days=d.below(max((ref - start).days, 1)))
        regions.append(hh.district)
        dates.append(hh.kk_date)
    previous = [i for i, hh in enumerate(households) if hh.moved_year or d.chance(0.05)]
    for i in previous:
        hh = households[i]
        regions.append((hh.prev_village or hh.village)[:6])
        dates.append(dates[i] - timedelta(days=200 + d.below(3000)))
    skips = rng.geometric(0.5, len(regions)) - 1
    issued = numbers(regions, [kk_date_part(x) for x in dates], skips)
    for hh, kk in zip(households, issued, strict=False):
        hh.kk = kk
    for i, kk in zip(previous, issued[len(households) :], strict=True):
        households[i].prev_kk = kk


def _status_and_phones(
    households: list[Household], people: list[Person], d: Draw, ref: date
) -> None:
    for p in people:
        age = p.age_on(ref)
        p.deceased = d.chance(0.03 if age >= 65 else 0.003 if age >= 40 else 0.0)
        p.disabled = d.chance(0.02 + (0.03 if age >= 70 else 0.0))
        if age >= 17 and d.chance(0.35 if p.role in {"child", "grandchild", "child_in_law"} else 0):
            p.phone = d.pick(_OPERATORS) + str(d.between(1_000_000, 99_999_999))
    for hh in households:
        if d.chance(0.72):
            phone = d.pick(_OPERATORS) + str(d.between(1_000_000, 99_999_999))
            for i in hh.members:
                if people[i].role in {"head", "spouse"}:
                    people[i].phone = phone


# --- hard negatives -------------------------------------------------------------------------


def _similar(a: str, b: str) -> bool:
    return a != b and jellyfish.jaro_winkler_similarity(a.upper(), b.upper()) >= 0.88


def _stranger_pairs(bucket: list[Person]) -> list[tuple[Person, Person]]:
    """All pairs of a small bucket; a chain through a large one, so dense names stay linear."""
    if len(bucket) > 12:
        return list(itertools.pairwise(bucket))
    return [(a, b) for i, a in enumerate(bucket) for b in bucket[i + 1 :]]


def _hard_negatives(
    households: list[Household], people: list[Person], planted_strangers: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Pairs of different persons a matcher is likely to merge, each listed once.

    Same-name strangers are the planted pairs plus every pair with the same registered name and
    either the same birth date, or the same village and birth years at most five apart.
    """
    pairs: dict[tuple[int, int], str] = {}

    def add(a: int, b: int, kind: str) -> None:
        pairs.setdefault((min(a, b), max(a, b)), kind)

    for p in people:
        if p.twin > p.index:
            add(p.index, p.twin, "twin")
        for parent in (p.father, p.mother):
            if parent >= 0 and people[parent].name.upper() == p.name.upper():
                add(parent, p.index, "parent_child_same_name")
    for hh in households:
        couple = [people[i] for i in hh.members if people[i].role in {"head", "spouse"}]
        if len(couple) == 2 and _similar(couple[0].name, couple[1].name):
            add(couple[0].index, couple[1].index, "spouse")
    for a, b in planted_strangers:
        add(a, b, "same_name_stranger")
    by_name: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        by_name[p.name.upper()].append(p)
    for group in by_name.values():
        if len(group) < 2:
            continue
        buckets: dict[object, list[Person]] = defaultdict(list)
        for p in group:
            buckets[p.birth_date].append(p)
            buckets[households[p.household].village].append(p)
        for key, bucket in buckets.items():
            for a, b in _stranger_pairs(bucket):
                near_in_age = abs(a.birth_date.year - b.birth_date.year) <= 5
                if a.household != b.household and (isinstance(key, date) or near_in_age):
                    add(a.index, b.index, "same_name_stranger")
    return [(a, b, kind) for (a, b), kind in sorted(pairs.items())]


def build_population(
    persons: int, seed: int, reference_date: date, progress: Callable[[str], None] | None = None
) -> Population:
    """Generate `persons` people in Lampung households with every identifier and planted trap."""
    note = progress or (lambda _msg: None)
    households, people = _make_households(persons, seed, reference_date)
    note(f"{len(households)} households placed")
    d = Draw(stream(seed, "relations"))
    _plant_twins(people, stream(seed, "twins"), d)
    _birth_orders(households, people)
    names = Draw(stream(seed, "names"))
    for hh in households:
        _name_household(hh, people, names)
    _plant_twin_names(people, names)
    couples = _plant_paired_couples(households, people, stream(seed, "couples"), names)
    juniors = _plant_juniors(people, stream(seed, "juniors"))
    busy = (
        juniors | {i for pair in couples for i in pair} | {p.index for p in people if p.twin >= 0}
    )
    strangers = _plant_strangers(households, people, stream(seed, "strangers"), names, busy)
    _fathers(people, names)
    note("names given")
    ids = Draw(stream(seed, "identifiers"))
    _moves_and_origins(households, people, ids, reference_date, seed)
    _assign_niks(people, seed, ids)
    _assign_kks(households, people, seed, ids, reference_date)
    _status_and_phones(households, people, Draw(stream(seed, "status")), reference_date)
    note("NIK and KK issued")
    return Population(
        persons=people,
        households=households,
        hard_negatives=_hard_negatives(households, people, strangers),
        reference_date=reference_date,
    )
