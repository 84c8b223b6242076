"""Clean, decode and validate NIK and KK numbers, including damaged, masked and partial ones.

A value becomes a 16-character `pattern` (digits where known, `?` where masked or lost), a
`status` and flags (DOMAIN.md 1.2-1.7). `nik` is set only for a well-formed NIK. The pattern
never claims a digit the input did not contain.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

import numpy as np
import pandas as pd

NikStatus = Literal[
    "valid", "invalid_date", "invalid_region", "masked", "truncated", "mangled", "missing"
]
Sex = Literal["M", "F"]
NikMatch = Literal[
    "exact",
    "same_region_date_other_serial",
    "one_substitution",
    "transposition",
    "compatible",
    "disagree",
    "unknown",
]

UNKNOWN = "?"
_MASK_CHARS = "xX*•?#"
_SEPARATORS = re.compile(r"[\s.\-/_'`’‘\"]+")
_MASKED_SHAPE = re.compile(r"^[0-9xX*•?#.\s\-]+$")
_DOT_MASK = re.compile(r"^[0-9]*\.{2,}[0-9]*$")
_SCIENTIFIC = re.compile(r"^\s*([0-9]+(?:[.,][0-9]*)?)\s*[eE]\s*\+?\s*([0-9]{1,2})\s*$")
_FLOAT_TEXT = re.compile(r"^\s*([0-9]{15,17})[.,]0+\s*$")
_LETTER_REPAIR = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "i": "1"})
_REPAIRABLE = re.compile(r"^[0-9OoDIil]+$")
_FLOAT_EXACT_LIMIT = 2**53  # above this a float64 cannot hold every integer (Papua NIKs)
_EXCEL_SIGNIFICANT = 15


@dataclass(frozen=True, slots=True)
class ParsedNik:
    """What one NIK value says; `birth_year` is only set once the century is resolved."""

    raw: str | None
    nik: str | None
    pattern: str | None
    status: NikStatus
    flags: tuple[str, ...] = ()
    region6: str | None = None
    birth_day: int | None = None
    birth_month: int | None = None
    birth_yy: int | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = None
    sex: Sex | None = None
    serial: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedKK:
    """A family-card number: 6-digit region + registration date (no +40 rule) + serial."""

    raw: str | None
    kk: str | None
    status: Literal["valid", "invalid", "missing", "mangled"]
    region6: str | None = None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    text = str(value).strip()
    return text or None


_CYCLE = "0123456789" * 4
_RUNS = frozenset(run for i in range(10) for run in (_CYCLE[i : i + 16], _CYCLE[::-1][i : i + 16]))


def _is_placeholder(digits: str) -> bool:
    """Repdigits, leading-zero 'NIK sementara' and ascending/descending runs are not NIKs."""
    return digits[0] == "0" or digits == digits[0] * len(digits) or digits in _RUNS


def _known_province(code2: str) -> bool:
    global _known_province
    from linkage.standardize.regions import is_known_province

    _known_province = is_known_province  # resolve the import once (called per value)
    return is_known_province(code2)


def _known_region6(code6: str) -> bool:
    global _known_region6
    from linkage.standardize.regions import is_known_region6

    _known_region6 = is_known_region6
    return is_known_region6(code6)


def _pattern_from_range(low: int, high: int) -> str | None:
    """Digits shared by every 16-digit integer in [low, high]: what a rounded number still tells."""
    lo, hi = str(low), str(high)
    if len(lo) != 16 or len(hi) != 16:
        return None
    shared = 0
    while shared < 16 and lo[shared] == hi[shared]:
        shared += 1
    return lo[:shared] + UNKNOWN * (16 - shared)


def _from_number_text(text: str) -> tuple[str | None, tuple[str, ...]] | None:
    """Scientific notation or float text, as spreadsheets and pandas write long numbers."""
    match = _SCIENTIFIC.match(text)
    if match:
        mantissa = match.group(1).replace(",", ".")
        try:
            value = Decimal(mantissa) * (Decimal(10) ** int(match.group(2)))
        except InvalidOperation:
            return None, ("scientific_notation",)
        significant = len(mantissa.replace(".", "").lstrip("0"))
        if significant >= 16 and value == value.to_integral_value():
            digits = str(int(value))
            return _float_reliable_pattern(digits, float_source=True), ("float_text",)
        # The display rounded the number to `significant` digits: keep only what every number
        # that rounds to it shares (1.87102E+15 -> 18710???????????, not 187102...).
        unit = Decimal(10) ** (int(match.group(2)) - max(significant - 1, 0))
        low = int((value - unit / 2).to_integral_value(rounding="ROUND_CEILING"))
        high = int((value + unit / 2).to_integral_value(rounding="ROUND_FLOOR")) - 1
        return _pattern_from_range(low, high), ("scientific_notation",)
    match = _FLOAT_TEXT.match(text)
    if match:
        digits = match.group(1)
        if len(digits) != 16:
            return None, ("float_text",)
        return _float_reliable_pattern(digits, float_source=True), ("float_text",)
    return None


def _float_reliable_pattern(digits: str, *, float_source: bool) -> str:
    """A float64 above 2**53 cannot hold the last digit: Papua NIKs collide (DOMAIN 1.4)."""
    if len(digits) == 16 and float_source and int(digits) >= _FLOAT_EXACT_LIMIT:
        return digits[:15] + UNKNOWN
    return digits


def _from_spreadsheet_number(value: int | float) -> tuple[str | None, tuple[str, ...]]:
    """A numeric spreadsheet cell keeps 15 significant digits; the 16th is lost."""
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            return None, ("numeric_cell",)
        value = int(value)
    digits = str(value)
    if len(digits) != 16:
        return None, ("numeric_cell",)
    return digits[:_EXCEL_SIGNIFICANT] + UNKNOWN, ("numeric_cell",)


def _masked_pattern(text: str) -> str | None:
    """Place the visible leading and trailing digits of a masked value into 16 positions.

    Dots are separators (`18.71.xx.xxxxxx.0003`) unless they are the mask itself
    (`1871........0003`).
    """
    compact = re.sub(r"[\s\-]", "", text)
    if not _DOT_MASK.match(compact):
        compact = compact.replace(".", "")
    if len(compact) == 16:
        return "".join(c if c.isdigit() else UNKNOWN for c in compact)
    lead = re.match(r"^[0-9]*", compact).group(0)
    tail = re.search(r"[0-9]*$", compact).group(0)
    if len(lead) + len(tail) > 16 or not (lead or tail):
        return None
    return lead + UNKNOWN * (16 - len(lead) - len(tail)) + tail


def _fragment_pattern(digits: str) -> str | None:
    """Bare fragments in an NIK column: last 4 digits only, or the first 6 (the kecamatan)."""
    if len(digits) == 4 and digits != "0000":
        return UNKNOWN * 12 + digits
    if len(digits) == 6 and _known_region6(digits):
        return digits + UNKNOWN * 10
    return None


def _decode(pattern: str) -> dict:
    """Decode whatever segments of a pattern are fully visible."""
    fields: dict = {}
    region6 = pattern[:6]
    if UNKNOWN not in region6:
        fields["region6"] = region6
    day_text, month_text, yy_text = pattern[6:8], pattern[8:10], pattern[10:12]
    if UNKNOWN not in day_text:
        day = int(day_text)
        if 41 <= day <= 71:
            fields["sex"], fields["birth_day"] = "F", day - 40
        elif 1 <= day <= 31:
            fields["sex"], fields["birth_day"] = "M", day
    if UNKNOWN not in month_text and 1 <= int(month_text) <= 12:
        fields["birth_month"] = int(month_text)
    if UNKNOWN not in yy_text:
        fields["birth_yy"] = int(yy_text)
    if UNKNOWN not in pattern[12:]:
        fields["serial"] = pattern[12:]
    return fields


def _classify_full(digits: str) -> tuple[NikStatus, tuple[str, ...]]:
    """Hard rules of DOMAIN 1.2 on 16 clean digits; soft findings become flags."""
    if not _known_province(digits[:2]) or digits[2:4] == "00" or digits[4:6] == "00":
        return "invalid_region", ()
    day, month = int(digits[6:8]), int(digits[8:10])
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12:
        return "invalid_date", ()
    if digits[12:] == "0000":
        return "truncated", ("serial_0000",)
    flags = () if _known_region6(digits[:6]) else ("region_unknown",)
    return "valid", flags


def parse_nik(
    value: object,
    *,
    kk: object = None,
    sex: Sex | None = None,
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
    reference: dt.date | None = None,
) -> ParsedNik:
    """Clean and decode one NIK value, then check it against the record's own facts.

    `kk`, `sex`, `birth_date`/`birth_year` and `reference` (the list's date) are optional facts
    from the same record: they detect a KK typed into the NIK column, a spouse's NIK (sex
    conflict) and resolve the birth century, which the NIK does not encode.
    """
    parsed = parse_nik_value(value)
    return reconcile_nik(
        parsed, kk=kk, sex=sex, birth_date=birth_date, birth_year=birth_year, reference=reference
    )


def parse_nik_value(value: object) -> ParsedNik:
    """Parse an NIK on its own (cacheable by value); see `reconcile_nik` for record context."""
    if type(value) is str and len(value) == 16 and value.isdigit():
        return _from_digits(value, value, ())  # the common case: a clean NIK
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
        pattern, flags = _from_spreadsheet_number(value)
        return _from_pattern(str(value), pattern, flags, damaged="truncated")
    raw = _text(value)
    if raw is None:
        return ParsedNik(raw=None, nik=None, pattern=None, status="missing")
    number = _from_number_text(raw)
    if number is not None:
        pattern, flags = number
        return _from_pattern(raw, pattern, flags, damaged="mangled")
    text = raw.lstrip("'`’")
    masked = any(c in text for c in _MASK_CHARS) or _DOT_MASK.match(text.replace(" ", ""))
    if masked and _MASKED_SHAPE.match(text):
        pattern = _masked_pattern(text)
        if pattern is None or pattern.count(UNKNOWN) == 16:
            return ParsedNik(raw=raw, nik=None, pattern=None, status="missing", flags=("masked",))
        return _from_pattern(raw, pattern, ("masked",), damaged="masked")
    cleaned = _SEPARATORS.sub("", text)
    if not cleaned:
        return ParsedNik(raw=raw, nik=None, pattern=None, status="missing")
    if cleaned.isdigit():
        return _from_digits(raw, cleaned, ())
    if _REPAIRABLE.match(cleaned):
        repaired = cleaned.translate(_LETTER_REPAIR)
        if len(repaired) == 16:
            result = _from_digits(raw, repaired, ("repaired",))
            if result.status == "valid":
                return result
    return ParsedNik(raw=raw, nik=None, pattern=None, status="mangled", flags=("not_a_number",))


def _from_digits(raw: str, digits: str, flags: tuple[str, ...]) -> ParsedNik:
    if len(digits) != 16:
        pattern = _fragment_pattern(digits)
        if pattern is not None:
            return _from_pattern(raw, pattern, (*flags, "fragment"), damaged="masked")
        status: NikStatus = "missing" if set(digits) <= {"0"} else "mangled"
        return ParsedNik(raw=raw, nik=None, pattern=None, status=status, flags=(*flags, "length"))
    if _is_placeholder(digits):
        return ParsedNik(raw=raw, nik=None, pattern=None, status="missing", flags=("placeholder",))
    status, more = _classify_full(digits)
    if status == "truncated":
        # Serials start at 0001: "...0000" is a 16th digit zeroed by a spreadsheet.
        pattern = digits[:15] + UNKNOWN
        return _from_pattern(raw, pattern, (*flags, *more), damaged="truncated")
    fields = _decode(digits)
    return ParsedNik(
        raw=raw,
        nik=digits if status == "valid" else None,
        pattern=digits,
        status=status,
        flags=(*flags, *more),
        **fields,
    )


def _from_pattern(
    raw: str, pattern: str | None, flags: tuple[str, ...], *, damaged: NikStatus
) -> ParsedNik:
    if pattern is None:
        return ParsedNik(raw=raw, nik=None, pattern=None, status="mangled", flags=flags)
    if UNKNOWN not in pattern:
        return _from_digits(raw, pattern, flags)
    visible = pattern.replace(UNKNOWN, "")
    if visible and len(set(visible)) == 1 and visible[0] == "0":
        return ParsedNik(raw=raw, nik=None, pattern=None, status="missing", flags=flags)
    if pattern[0] == "0" or (pattern[:2].isdigit() and not _known_province(pattern[:2])):
        return ParsedNik(raw=raw, nik=None, pattern=None, status="missing", flags=(*flags, "junk"))
    return ParsedNik(
        raw=raw, nik=None, pattern=pattern, status=damaged, flags=flags, **_decode(pattern)
    )


def reconcile_arrays(
    *,
    pattern: np.ndarray,
    yy: np.ndarray,
    month: np.ndarray,
    day: np.ndarray,
    nik_sex: np.ndarray,
    flags: np.ndarray,
    kk: np.ndarray,
    sex: np.ndarray,
    birth_year: np.ndarray,
    birth_date: np.ndarray,
    reference: dt.date | None,
) -> dict[str, np.ndarray]:
    """What each NIK means for its own record, for whole columns at once.

    The NIK holds two year digits: the record's own year decides the century, else the
    list's date (an infant and a centenarian share the digits: the younger reading is taken
    and flagged `century_unresolved`). Adds `kk_in_nik` (the KK typed as NIK: the pattern is
    dropped), `calendar_invalid`, `future`, `dob_conflict` and `sex_conflict`. Inputs are
    1-d object arrays (None for unknown); returns pattern, birth_year, birth_date, flags.
    """
    n = len(pattern)
    has = pd.notna(pattern).astype(bool)
    kk_in = has & pd.notna(kk).astype(bool) & (pattern == kk)
    yy_f = pd.to_numeric(pd.Series(yy, dtype=object), errors="coerce").to_numpy(dtype=float)
    by = pd.to_numeric(pd.Series(birth_year, dtype=object), errors="coerce").to_numpy(float)
    exact = pd.to_datetime(pd.Series(birth_date, dtype=object), errors="coerce")
    by = np.where(np.isnan(by) & exact.notna().to_numpy(), exact.dt.year.to_numpy(float), by)
    old, young = 1900 + yy_f, 2000 + yy_f
    ref_year = (reference or dt.date.today()).year
    with np.errstate(invalid="ignore"):
        known_year = ~np.isnan(by)
        closest = np.where(np.abs(old - by) <= np.abs(young - by), old, young)
        guessed = np.where(young > ref_year, old, young)
        year = np.where(known_year, closest, guessed)
        far = known_year & (np.abs(closest - by) > 1)
        unresolved = ~known_year & (young <= ref_year) & (ref_year - old <= 110)
    parts = pd.DataFrame(
        {
            "year": year,
            "month": pd.to_numeric(pd.Series(month, dtype=object), errors="coerce"),
            "day": pd.to_numeric(pd.Series(day, dtype=object), errors="coerce"),
        }
    )
    complete = parts.notna().all(axis=1).to_numpy() & has
    dates = pd.to_datetime(parts[complete].astype(int), errors="coerce").reindex(parts.index)
    calendar_invalid = complete & dates.isna().to_numpy()
    future = dates.notna().to_numpy() & (
        dates > pd.Timestamp(reference) if reference else np.zeros(n, dtype=bool)
    )
    differs = exact.notna().to_numpy() & dates.notna().to_numpy() & (exact != dates).to_numpy()
    sex_conflict = pd.notna(sex) & pd.notna(nik_sex) & (sex != nik_sex)
    out_flags = np.array([f or "" for f in flags], dtype=object)
    for mask, flag in (
        (unresolved & has, "century_unresolved"),
        (calendar_invalid, "calendar_invalid"),
        (future, "future"),
        ((far | differs) & has, "dob_conflict"),
        (sex_conflict.astype(bool) & has, "sex_conflict"),
    ):
        out_flags[mask] = np.where(out_flags[mask] == "", flag, out_flags[mask] + "," + flag)
    out_flags[kk_in] = "kk_in_nik"
    out_flags[out_flags == ""] = None
    birth_dates = np.array([d.date() if pd.notna(d) else None for d in dates], dtype=object)
    years = np.where(has & ~np.isnan(year), year, np.nan)
    return {
        "pattern": np.where(kk_in, None, pattern),
        "kk_in_nik": kk_in,
        "birth_year": np.array([int(y) if y == y else None for y in years], dtype=object),
        "birth_date": np.where(kk_in, None, birth_dates),
        "flags": out_flags,
    }


def reconcile_nik(
    parsed: ParsedNik,
    *,
    kk: object = None,
    sex: Sex | None = None,
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
    reference: dt.date | None = None,
) -> ParsedNik:
    """Add what the NIK means for this record: century, conflicts, KK typed as NIK."""
    if parsed.pattern is None:
        return parsed

    def one(value: object) -> np.ndarray:
        array = np.empty(1, dtype=object)
        array[0] = value
        return array

    kk_digits = parse_kk(kk).kk if kk is not None else None
    result = reconcile_arrays(
        pattern=one(parsed.pattern),
        yy=one(parsed.birth_yy),
        month=one(parsed.birth_month),
        day=one(parsed.birth_day),
        nik_sex=one(parsed.sex),
        flags=one(",".join(parsed.flags) or None),
        kk=one(kk_digits),
        sex=one(sex),
        birth_year=one(birth_year),
        birth_date=one(birth_date),
        reference=reference,
    )
    if result["kk_in_nik"][0]:
        return ParsedNik(
            raw=parsed.raw, nik=None, pattern=None, status="missing", flags=("kk_in_nik",)
        )
    flags = result["flags"][0]
    return replace(
        parsed,
        birth_year=result["birth_year"][0],
        birth_date=result["birth_date"][0],
        flags=tuple(flags.split(",")) if flags else (),
    )


def parse_kk(value: object) -> ParsedKK:
    """Clean a KK number; it is a household-episode key, so only structure is checked."""
    if type(value) is str and len(value) == 16 and value.isdigit():
        return _kk_from_digits(value, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
            return ParsedKK(raw=str(value), kk=None, status="mangled")
        # A numeric cell lost the 16th digit; the number is not usable as a key.
        return ParsedKK(raw=str(value), kk=None, status="mangled")
    raw = _text(value)
    if raw is None:
        return ParsedKK(raw=None, kk=None, status="missing")
    if _from_number_text(raw) is not None:
        return ParsedKK(raw=raw, kk=None, status="mangled")
    digits = _SEPARATORS.sub("", raw.lstrip("'`’"))
    if not digits.isdigit() or len(digits) != 16:
        return ParsedKK(raw=raw, kk=None, status="mangled")
    return _kk_from_digits(raw, digits)


def _kk_from_digits(raw: str, digits: str) -> ParsedKK:
    if _is_placeholder(digits):
        return ParsedKK(raw=raw, kk=None, status="missing")
    if not _known_province(digits[:2]) or digits[2:4] == "00" or digits[4:6] == "00":
        return ParsedKK(raw=raw, kk=None, status="invalid")
    return ParsedKK(raw=raw, kk=digits, status="valid", region6=digits[:6])


def compare_nik_patterns(a: str | None, b: str | None) -> NikMatch:
    """How two NIK patterns relate, in the order the model's comparison levels use.

    Two full NIKs equal in region and birth date but not in serial are usually two people
    (twins, namesakes born the same day), so that is tested before one-digit typos.
    """
    if not a or not b:
        return "unknown"
    full_a, full_b = UNKNOWN not in a, UNKNOWN not in b
    if full_a and full_b:
        if a == b:
            return "exact"
        if a[:12] == b[:12]:
            return "same_region_date_other_serial"
        differ = [i for i in range(16) if a[i] != b[i]]
        if len(differ) == 1:
            return "one_substitution"
        if (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]]
            and a[differ[1]] == b[differ[0]]
        ):
            return "transposition"
        return "disagree"
    known = [i for i in range(16) if a[i] != UNKNOWN and b[i] != UNKNOWN]
    if not known:
        return "unknown"
    if all(a[i] == b[i] for i in known):
        return "compatible"
    return "disagree"
