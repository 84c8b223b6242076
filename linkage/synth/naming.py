"""Registered names by ethnic group, sex and birth year, with Zipf-weighted (heavy-tailed) pools."""

from __future__ import annotations

from collections.abc import Sequence

from linkage.synth import names_pool as pool
from linkage.synth.draw import Draw, cumulative
from linkage.synth.errors import to_old_spelling

_OLD_SPELLING_GROUPS = frozenset({"jav", "sun", "lpg", "mel", "bal"})


class Zipf:
    """Draws from a pool ordered by commonness: weight 1/(rank + 1), so the head dominates."""

    __slots__ = ("_cum", "items")

    def __init__(self, items: Sequence[str], exponent: float = 1.0) -> None:
        self.items = tuple(items)
        self._cum = cumulative([1.0 / (rank + 1.5) ** exponent for rank in range(len(items))])

    def __call__(self, d: Draw) -> str:
        return d.weighted(self.items, self._cum)


J_OLD_M, J_OLD_F = Zipf(pool.JAVANESE_OLD_MALE), Zipf(pool.JAVANESE_OLD_FEMALE)
J_SU_M, J_SU_F = Zipf(pool.JAVANESE_SU_MALE), Zipf(pool.JAVANESE_SU_FEMALE)
J_FIRST_M, J_LAST_M = Zipf(pool.JAVANESE_FIRST_MALE), Zipf(pool.JAVANESE_LAST_MALE)
J_FIRST_F, J_LAST_F = Zipf(pool.JAVANESE_FIRST_FEMALE, 1.2), Zipf(pool.JAVANESE_LAST_FEMALE)
ISL_M, ISL_SECOND_M = Zipf(pool.ISLAMIC_MALE), Zipf(pool.ISLAMIC_SECOND_MALE)
ABDUL, SITI, NUR = Zipf(pool.ABDUL_SECOND), Zipf(pool.SITI_SECOND), Zipf(pool.NUR_SECOND)
ISL_F = Zipf(pool.ISLAMIC_FEMALE)
MUHAMMAD = Zipf(pool.MUHAMMAD_REGISTERED, 1.6)
MOD_FIRST_M, MOD_LAST_M = Zipf(pool.MODERN_FIRST_MALE), Zipf(pool.MODERN_LAST_MALE)
MOD_FIRST_F, MOD_LAST_F = Zipf(pool.MODERN_FIRST_FEMALE), Zipf(pool.MODERN_LAST_FEMALE)
SUN_FIRST_M, SUN_LAST_M = Zipf(pool.SUNDANESE_FIRST_MALE), Zipf(pool.SUNDANESE_LAST_MALE)
SUN_FIRST_F, SUN_LAST_F = Zipf(pool.SUNDANESE_FIRST_FEMALE), Zipf(pool.SUNDANESE_LAST_FEMALE)
LPG_M, LPG_SECOND_M, LPG_F = (
    Zipf(pool.LAMPUNG_MALE),
    Zipf(pool.LAMPUNG_SECOND_MALE),
    Zipf(pool.LAMPUNG_FEMALE),
)
BAL_M, BAL_F = Zipf(pool.BALINESE_MALE, 0.8), Zipf(pool.BALINESE_FEMALE, 0.8)
BTK_M, BTK_F, MARGA = Zipf(pool.BATAK_MALE), Zipf(pool.BATAK_FEMALE), Zipf(pool.BATAK_MARGA, 0.8)
CHI_M, CHI_F = Zipf(pool.CHINESE_INDO_MALE), Zipf(pool.CHINESE_INDO_FEMALE)
CHI_SURNAME = Zipf(pool.CHINESE_SURNAME_ORDER)
_BORU_CUM = cumulative(pool.BORU_WEIGHTS)


def _two(d: Draw, first: Zipf, last: Zipf, single: float) -> str:
    return first(d) if d.chance(single) else f"{first(d)} {last(d)}"


def islamic(sex: str, year: int, d: Draw) -> str:
    """Muhammad/Ahmad/Abdul names for men, Siti/Nur names for women."""
    x = d.u()
    if sex == "M":
        if x < 0.4:
            second = MOD_FIRST_M(d) if year >= 1995 and d.chance(0.5) else ISL_M(d)
            third = f" {MOD_LAST_M(d)}" if year >= 1990 and d.chance(0.4) else ""
            return f"{MUHAMMAD(d)} {second}{third}"
        if x < 0.6:
            return f"Ahmad {ISL_SECOND_M(d)}"
        if x < 0.72:
            return f"Abdul {ABDUL(d)}"
        return _two(d, ISL_M, ISL_SECOND_M, 0.55)
    if x < 0.4:
        return f"Siti {SITI(d)}"
    if x < 0.55:
        return f"{'Nurul' if d.chance(0.2) else 'Nur'} {NUR(d)}"
    return ISL_F(d) if d.chance(0.4) else f"{ISL_F(d)} {MOD_LAST_F(d)}"


def modern(sex: str, d: Draw) -> str:
    first, last = (MOD_FIRST_M, MOD_LAST_M) if sex == "M" else (MOD_FIRST_F, MOD_LAST_F)
    x = d.u()
    if x < 0.1:
        return first(d)
    if x < 0.3:
        return f"{first(d)} {first(d)} {last(d)}"
    return f"{first(d)} {last(d)}"


def javanese(sex: str, year: int, d: Draw) -> str:
    x = d.u()
    male = sex == "M"
    if year < 1955:
        if x < 0.72:
            return J_OLD_M(d) if male else J_OLD_F(d)
        if x < 0.9:
            return J_SU_M(d) if male else J_SU_F(d)
        return islamic(sex, year, d)
    if year < 1975:
        if x < 0.3:
            return J_SU_M(d) if male else J_SU_F(d)
        if x < 0.42:
            return J_OLD_M(d) if male else J_OLD_F(d)
        if x < 0.75:
            return _two(d, J_FIRST_M, J_LAST_M, 0.15) if male else f"{J_FIRST_F(d)} {J_LAST_F(d)}"
        return islamic(sex, year, d)
    if year < 1995:
        if x < 0.1:
            return J_SU_M(d) if male else J_SU_F(d)
        if x < 0.5:
            return f"{J_FIRST_M(d)} {J_LAST_M(d)}" if male else f"{J_FIRST_F(d)} {J_LAST_F(d)}"
        if x < 0.82:
            return islamic(sex, year, d)
        return modern(sex, d)
    if x < 0.1:
        return f"{J_FIRST_M(d)} {J_LAST_M(d)}" if male else f"{J_FIRST_F(d)} {J_LAST_F(d)}"
    if x < 0.45:
        return islamic(sex, year, d)
    return modern(sex, d)


def sundanese(sex: str, year: int, d: Draw) -> str:
    x = d.u()
    if year >= 1995 and x < 0.5:
        return modern(sex, d)
    if x < 0.25:
        return islamic(sex, year, d)
    if sex == "M":
        return _two(d, SUN_FIRST_M, SUN_LAST_M, 0.4)
    return _two(d, SUN_FIRST_F, SUN_LAST_F, 0.35)


def lampung(sex: str, year: int, d: Draw) -> str:
    x = d.u()
    if year >= 1995 and x < 0.5:
        return modern(sex, d)
    if sex == "M":
        if x < 0.4:
            return LPG_M(d)
        if x < 0.7:
            return f"{LPG_M(d)} {LPG_SECOND_M(d)}"
        return islamic(sex, year, d)
    return LPG_F(d) if x < 0.55 else islamic(sex, year, d)


def malay(sex: str, year: int, d: Draw) -> str:
    x = d.u()
    if year >= 1995 and x < 0.4:
        return modern(sex, d)
    return islamic(sex, year, d) if x < 0.75 else lampung(sex, year, d)


def balinese_order(sex: str, birth_order: int, d: Draw) -> str:
    """Wayan/Made/Nyoman/Ketut by birth order (cycling); first daughters are often Luh."""
    slot = birth_order % 4
    if slot == 0 and sex == "F" and d.chance(0.5):
        return d.pick(pool.BALINESE_ORDER_FEMALE_FIRST)
    return d.pick(pool.BALINESE_ORDER[slot])


def balinese(sex: str, birth_order: int, d: Draw, personal: str = "") -> str:
    """I/Ni + birth-order name + personal name; a few carry a caste title instead of I/Ni."""
    personal = personal or (BAL_M(d) if sex == "M" else BAL_F(d))
    order = balinese_order(sex, birth_order, d)
    if d.chance(0.03):
        caste = d.pick(pool.BALINESE_CASTE_MALE if sex == "M" else pool.BALINESE_CASTE_FEMALE)
        prefix = f"I {caste}" if caste == "Gusti" else caste
        return f"{prefix} {order} {personal}"
    return f"{'I' if sex == 'M' else 'Ni'} {order} {personal}"


def boru(d: Draw) -> str:
    return d.weighted(pool.BORU_FORMS, _BORU_CUM)


def batak(sex: str, year: int, marga: str, d: Draw) -> str:
    """Given name + marga; women write br/boru before their (father's) marga."""
    if marga in pool.BATAK_MUSLIM_MARGA and d.chance(0.7):
        given = islamic(sex, year, d).split()[-1] if d.chance(0.5) else islamic(sex, year, d)
    elif year >= 1995 and d.chance(0.4):
        given = (MOD_FIRST_M if sex == "M" else MOD_FIRST_F)(d)
    else:
        given = BTK_M(d) if sex == "M" else BTK_F(d)
    if sex == "M":
        return f"{given} {marga}"
    marker = boru(d)
    return f"{given} {marker} {marga}" if marker else f"{given} {marga}"


def chinese_name(sex: str, surname: str, d: Draw) -> str:
    """A Hokkien name in colonial spelling: Tan Siok Lan, Oei Tjoe Liang."""
    syllables = pool.CHINESE_SYLLABLES_MALE if sex == "M" else pool.CHINESE_SYLLABLES_FEMALE
    return f"{surname} {d.pick(syllables)} {d.pick(syllables).lower()}".title()


def chinese_indonesian(sex: str, year: int, surname: str, family: str, d: Draw) -> str:
    """The Indonesian name on documents: given name, often with the adopted family name."""
    given = CHI_M(d) if sex == "M" else CHI_F(d)
    if year >= 1995 and d.chance(0.4):
        given = modern(sex, d).split()[0]
    return f"{given} {family}" if d.chance(0.65) else given


def old_spelling_share(year: int) -> float:
    """Share of registered names still in the old spelling, by birth year."""
    if year < 1950:
        return 0.55
    if year < 1965:
        return 0.25
    return 0.06 if year < 1972 else 0.0


def registered_name(
    ethnicity: str, sex: str, year: int, d: Draw, *, birth_order: int = 0, marga: str = ""
) -> str:
    """A name as the KK/KTP has it (title case); marga only for Batak families."""
    if ethnicity == "jav":
        name = javanese(sex, year, d)
    elif ethnicity == "sun":
        name = sundanese(sex, year, d)
    elif ethnicity == "lpg":
        name = lampung(sex, year, d)
    elif ethnicity == "bal":
        name = balinese(sex, birth_order, d)
    elif ethnicity == "btk":
        name = batak(sex, year, marga or MARGA(d), d)
    else:
        name = malay(sex, year, d)
    if ethnicity in _OLD_SPELLING_GROUPS and d.chance(old_spelling_share(year)):
        name = to_old_spelling(name)
    return name


def paired_names(d: Draw, old: bool) -> tuple[str, str]:
    """Husband/wife with -o/-i forms of one stem (Suharto/Suharti)."""
    stem = d.pick(pool.JAVANESE_PAIRED_STEMS)
    male, female = f"{stem}o", f"{stem}i"
    return (to_old_spelling(male), to_old_spelling(female)) if old else (male, female)


def twin_names(
    sex_a: str, sex_b: str, ethnicity: str, d: Draw, birth_order: int = 0
) -> tuple[str, str]:
    """Similar names for twins: Hasan/Husein Basri, Rizki Ramadhan/Rizka Ramadhani."""
    if sex_a != sex_b:
        male, female = d.pick(pool.TWIN_OPPOSITE)
        a, b = (male, female) if sex_a == "M" else (female, male)
    else:
        a, b = d.pick(pool.TWIN_MALE if sex_a == "M" else pool.TWIN_FEMALE)
    if ethnicity == "bal":
        # Balinese twins differ in the birth-order name; same-sex twins often share the rest.
        personal_a = BAL_M(d) if sex_a == "M" else BAL_F(d)
        personal_b = personal_a if sex_a == sex_b else (BAL_M(d) if sex_b == "M" else BAL_F(d))
        return (
            balinese(sex_a, birth_order, d, personal_a),
            balinese(sex_b, birth_order + 1, d, personal_b),
        )
    if d.chance(0.7):
        male_tail, female_tail = d.pick(pool.TWIN_SHARED)
        a += " " + (male_tail if sex_a == "M" else female_tail)
        b += " " + (male_tail if sex_b == "M" else female_tail)
    return a, b
