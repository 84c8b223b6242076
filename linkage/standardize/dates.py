"""Parse birth dates, birth years and reported ages from Indonesian source data.

Day-first numeric dates, Indonesian and English month names, spreadsheet damage (Excel serials,
floats, ISO timestamps) and the default dates Dukcapil records for unknown birthdays (DOMAIN 1.3).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from numbers import Real
from typing import Literal

Precision = Literal["day", "month", "year", "age"]

_MIN_YEAR = 1800
_MAX_YEAR = 2200
_IMPLAUSIBLE_AGE = 120  # years; older than any living person
_MAX_AGE = 150  # above this a reported "age" is not an age at all
# Excel day 0 is 1899-12-30 for every serial after the fictitious 1900-02-29 (serial 60).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials up to 2200 read as years; 73050 is 2099-12-31.
_EXCEL_SERIALS = range(_MAX_YEAR + 1, 73051)
# Recorded when the birthday was unknown: 1 Jul (SIAK), 31 Dec (pre-2004), 1 Jan; the 15th when
# only the month was known (Permendagri 19/2010, DOMAIN 1.3).
_DEFAULT_DAY_MONTHS = frozenset({(1, 7), (31, 12), (1, 1)})
_DEFAULT_DAY = 15

_MONTHS = {
    **dict.fromkeys(("januari", "jan", "january", "janu"), 1),
    **dict.fromkeys(("februari", "pebruari", "feb", "peb", "febr", "pebr", "february"), 2),
    **dict.fromkeys(("maret", "mar", "mrt", "march"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("agustus", "agt", "agu", "ags", "agus", "agust", "agst", "aug", "august"), 8),
    **dict.fromkeys(("september", "sep", "sept", "sepember"), 9),
    **dict.fromkeys(("oktober", "okt", "oct", "october"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "des", "dec", "december", "dese"), 12),
}
# Includes the zero dates databases write for "unknown".
_MISSING_TEXT = frozenset(
    {"", "-", "--", ".", "?", "0", "nan", "nat", "<na>", "none", "null", "na", "n/a"}
    | {"tidak tahu", "0000-00-00", "00-00-0000", "00/00/0000", "0000-00-00 00:00:00"}
)

_TIME = r"(?:[ t]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
_SEP = r"(?:\s*[-/.]\s*|\s+)"
_DMY = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}}){_TIME}")
_ISO = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}")
_TEXT_DMY = re.compile(r"(\d{1,2})[\s\-/.,]*([a-z]{3,9})[\s\-/.,']*(\d{4}|\d{2})")
_TEXT_MDY = re.compile(r"([a-z]{3,9})\.?\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})")
_TEXT_MY = re.compile(r"([a-z]{3,9})[\s\-/.,']*(\d{4})")
_NUM_MY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{4})")
_ISO_YM = re.compile(r"(\d{4})[-/.](\d{1,2})")
_NUMBER = re.compile(r"(\d{1,8})(?:[.,](\d+))?")
_WEEKDAY = re.compile(
    r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|"
    r"mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*,?\s*"
)
_AGE = re.compile(r"(\d{1,3})(?:[.,]\d+)?\s*(?:th|thn|tahun|tah|yrs?|years?|y)?\.?")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date as far as it is known: `precision` says which of date/year/month to trust.

    `date` is set only for a valid full date (precision "day"); month and year precision keep
    `date` None and fill `year`/`month`. An invalid calendar date (31-02, or 29-02-1900) keeps
    year and month, drops the day, and is flagged, never silently repaired. `is_default` marks
    the dates Dukcapil recorded for unknown birthdays: weak evidence when two records agree.
    """

    date: dt.date | None
    year: int | None
    month: int | None
    day: int | None
    precision: Precision | None
    is_default: bool
    flags: tuple[str, ...]


EMPTY = ParsedDate(None, None, None, None, None, False, ())
_UNPARSED = ParsedDate(None, None, None, None, None, False, ("unparsed",))


def parse_date(value: object, *, reference: dt.date | None = None) -> ParsedDate:
    """Parse one date value of any type a reader produces; never raises.

    `reference` (default: today) resolves two-digit years and marks future or implausible
    dates. Numbers read as a year (1800-2200) or an Excel serial (flagged `excel_serial`).
    """
    try:
        return _parse(value, reference or dt.date.today())
    except (ValueError, OverflowError, TypeError):
        return _UNPARSED


def date_from_age(age: object, reference: dt.date) -> ParsedDate:
    """An age in years as of `reference`: birth year ref.year - age (the model allows +-1)."""
    years = _age_years(age)
    if years is None:
        return EMPTY if _is_missing(age) else _with_flags(EMPTY, "invalid_age")
    flags = ("implausible_age",) if years > _IMPLAUSIBLE_AGE else ()
    return ParsedDate(None, reference.year - years, None, None, "age", False, flags)


def parse_birth(
    birth_date: object = None,
    birth_year: object = None,
    age: object = None,
    *,
    reference: dt.date,
) -> ParsedDate:
    """Combine a record's birth date, birth year and age; the most precise usable one wins.

    The others only add flags: `year_conflict` when a birth year disagrees, `age_conflict` when
    the age is more than a year off, `unparsed` when a non-empty input could not be read.
    """
    from_date = parse_date(birth_date, reference=reference)
    from_year = _year_only(birth_year, reference)
    from_age = date_from_age(age, reference)
    best = next((p for p in (from_date, from_year, from_age) if p.precision), EMPTY)

    extra: list[str] = []
    if from_year.year is not None and best.year is not None and from_year.year != best.year:
        extra.append("year_conflict")
    if (
        from_age.year is not None
        and best.year is not None
        and best is not from_age
        and abs(from_age.year - best.year) > 1
    ):
        extra.append("age_conflict")
    if any(p.precision is None and p.flags for p in (from_date, from_year, from_age)):
        extra.append("unparsed")
    return _with_flags(best, *extra) if extra else best


def _parse(value: object, reference: dt.date) -> ParsedDate:
    if isinstance(value, str):
        return _parse_text(value, reference)
    if isinstance(value, dt.datetime):  # pandas Timestamp and NaT are datetimes too
        if value != value:  # NaT
            return EMPTY
        return _build(value.year, value.month, value.day, reference, ())
    if isinstance(value, dt.date):
        return _build(value.year, value.month, value.day, reference, ())
    if value is None or isinstance(value, bool):
        return EMPTY if value is None else _UNPARSED
    if isinstance(value, Real):
        number = float(value)
        if math.isnan(number):
            return EMPTY
        return _parse_number(number, reference)
    return _parse_text(str(value), reference)


def _parse_number(number: float, reference: dt.date) -> ParsedDate:
    """A numeric cell: a year, an Excel serial, or a ddmmyyyy number that lost its zero."""
    if number == 0:  # an empty numeric cell
        return EMPTY
    if not math.isfinite(number) or number < 0:
        return _UNPARSED
    whole = int(number)
    if whole == number and _MIN_YEAR <= whole <= _MAX_YEAR:
        return _build(whole, None, None, reference, ())
    if whole in _EXCEL_SERIALS:
        return _from_serial(whole, reference)
    if whole == number and 1_000_000 <= whole <= 99_999_999:
        return _parse_compact(f"{whole:08d}", reference)
    return _UNPARSED


def _parse_text(raw: str, reference: dt.date) -> ParsedDate:
    text = unicodedata.normalize("NFKC", raw).strip().strip("'\"`").strip().lower()
    if text in _MISSING_TEXT:
        return EMPTY
    parsed = _parse_clean(text, reference)
    if parsed is not None:
        return parsed
    # "Tempat, tanggal lahir" columns: "Bandar Lampung, 10-05-1985".
    if "," in text:
        parsed = _parse_clean(text.split(",", 1)[1].strip(), reference)
        if parsed is not None:
            return _with_flags(parsed, "place_prefix")
    return _UNPARSED


def _parse_clean(text: str, reference: dt.date) -> ParsedDate | None:
    if text[:1].isalpha():
        weekday = _WEEKDAY.match(text)
        if weekday and weekday.end() < len(text) and text[weekday.end()].isdigit():
            text = text[weekday.end() :]
    if m := _DMY.fullmatch(text):
        return _day_first(int(m[1]), int(m[2]), m[3], reference)
    if m := _ISO.fullmatch(text):
        return _build(int(m[1]), int(m[2]), int(m[3]), reference, ())
    if text.isdigit():
        return _parse_digits(text, reference)
    if m := _NUMBER.fullmatch(text):
        return _parse_number(float(f"{m[1]}.{m[2] or 0}"), reference)
    if m := _TEXT_DMY.fullmatch(text):
        month = _MONTHS.get(m[2])
        return None if month is None else _with_year(int(m[1]), month, m[3], reference, ())
    if m := _TEXT_MY.fullmatch(text):
        month = _MONTHS.get(m[1])
        return None if month is None else _build(int(m[2]), month, None, reference, ())
    if m := _TEXT_MDY.fullmatch(text):
        month = _MONTHS.get(m[1])
        return None if month is None else _build(int(m[3]), month, int(m[2]), reference, ())
    if m := _NUM_MY.fullmatch(text):
        return _build(int(m[2]), int(m[1]), None, reference, ())
    if m := _ISO_YM.fullmatch(text):
        return _build(int(m[1]), int(m[2]), None, reference, ())
    return None


def _parse_digits(text: str, reference: dt.date) -> ParsedDate:
    """Digits only: a year (4), an Excel serial (4-5), ddmmyy (6) or ddmmyyyy/yyyymmdd (8)."""
    if len(text) == 6:
        return _with_year(int(text[:2]), int(text[2:4]), text[4:], reference, ())
    if len(text) == 8:
        return _parse_compact(text, reference)
    return _parse_number(float(text), reference)


def _parse_compact(digits: str, reference: dt.date) -> ParsedDate:
    """ddmmyyyy (Indonesian order); yyyymmdd only when ddmmyyyy is impossible."""
    day_first = _build(int(digits[4:]), int(digits[2:4]), int(digits[:2]), reference, ())
    if day_first.date is None and digits[:2] in ("19", "20"):
        year_first = _build(int(digits[:4]), int(digits[4:6]), int(digits[6:]), reference, ())
        if year_first.date is not None:
            return year_first
    return day_first


def _day_first(first: int, second: int, year: str, reference: dt.date) -> ParsedDate:
    """Indonesian data is day-first; a second part above 12 can only be a US-style day."""
    if first <= 12 < second <= 31:
        return _with_year(second, first, year, reference, ("month_first",))
    flags = ("ambiguous_day_month",) if first <= 12 and second <= 12 and first != second else ()
    return _with_year(first, second, year, reference, flags)


def _with_year(
    day: int, month: int, year: str, reference: dt.date, flags: tuple[str, ...]
) -> ParsedDate:
    if len(year) == 4:
        return _build(int(year), month, day, reference, flags)
    two_digit = int(year)
    century = 1900 if two_digit > reference.year % 100 else 2000
    parsed = _build(century + two_digit, month, day, reference, (*flags, "two_digit_year"))
    # A two-digit year is never read as a future date: "01-07-26" in 2026-01 is 1926.
    if century == 2000 and "future" in parsed.flags:
        parsed = _build(1900 + two_digit, month, day, reference, (*flags, "two_digit_year"))
    return parsed


def _from_serial(serial: int, reference: dt.date) -> ParsedDate:
    day = _EXCEL_EPOCH + dt.timedelta(days=serial)
    return _build(day.year, day.month, day.day, reference, ("excel_serial",))


def _build(
    year: int,
    month: int | None,
    day: int | None,
    reference: dt.date,
    flags: tuple[str, ...],
) -> ParsedDate:
    """Validate the parts; keep what is sensible, flag the rest, never repair."""
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return _with_flags(EMPTY, *flags, "invalid_year")
    if month is not None and not 1 <= month <= 12:
        month, day, flags = None, None, (*flags, "invalid_calendar")
    date = None
    if month is not None and day is not None:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            day, flags = None, (*flags, "invalid_calendar")
    if date is not None:
        precision: Precision = "day"
        is_future = date > reference
    elif month is not None:
        precision = "month"
        is_future = (year, month) > (reference.year, reference.month)
    else:
        precision = "year"
        is_future = year > reference.year
    if is_future:
        flags = (*flags, "future")
    if reference.year - year > _IMPLAUSIBLE_AGE:
        flags = (*flags, "implausible_age")
    is_default = date is not None and ((day, month) in _DEFAULT_DAY_MONTHS or day == _DEFAULT_DAY)
    return ParsedDate(date, year, month, day, precision, is_default, flags)


def _year_only(value: object, reference: dt.date) -> ParsedDate:
    """A birth-year column: only its year counts, whatever else the cell holds."""
    parsed = parse_date(value, reference=reference)
    if parsed.year is None:
        return parsed
    return ParsedDate(None, parsed.year, None, None, "year", False, parsed.flags)


def _age_years(age: object) -> int | None:
    if isinstance(age, bool) or age is None:
        return None
    if isinstance(age, Real):
        try:
            number = float(age)
        except OverflowError:
            return None
        years = int(number) if math.isfinite(number) and number >= 0 else None
    else:
        m = _AGE.fullmatch(str(age).strip().lower())
        years = int(m[1]) if m else None
    return years if years is not None and years <= _MAX_AGE else None


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and value.strip().lower() in _MISSING_TEXT


def _with_flags(parsed: ParsedDate, *flags: str) -> ParsedDate:
    merged = tuple(dict.fromkeys((*parsed.flags, *flags)))
    return ParsedDate(
        parsed.date,
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.precision,
        parsed.is_default,
        merged,
    )
