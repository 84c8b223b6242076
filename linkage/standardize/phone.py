"""Normalise Indonesian phone numbers, including spreadsheet damage, to one "+62…" form.

A phone agreement is strong evidence, so anything that could be a placeholder, a rounded float
or a truncated number becomes None with a flag rather than a guess.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real
from typing import Literal

PhoneKind = Literal["mobile", "landline"]

# National significant number (after +62 or the trunk 0): mobiles 8xx + 6..9 digits; landlines
# a 2-3 digit area code + 5..8 digit subscriber.
_MOBILE_LENGTHS = range(9, 13)
_LANDLINE_LENGTHS = range(8, 12)
_MIN_FOREIGN = 8
_MAX_DIGITS = 15  # E.164 maximum

_SPLIT = re.compile(r"\s*(?:[/,;|&\n]|\b(?:dan|atau|or)\b)\s*", re.IGNORECASE)
_EXTENSION = re.compile(r"\s*(?:ext|pes|psw|pesawat)\b\.?\s*\d*\s*$", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"(\d)(?:[.,](\d+))?e\+?(\d{1,2})", re.IGNORECASE)
_FLOAT_TEXT = re.compile(r"(\+?\d+)[.,]0+")
_NOT_DIGIT = re.compile(r"\D")
_MISSING_TEXT = frozenset({"", "nan", "none", "null", "<na>", "nat"})


@dataclass(frozen=True, slots=True)
class ParsedPhone:
    """`phone` is "+62" + the national number, or "+<digits>" for a foreign number."""

    phone: str | None
    kind: PhoneKind | None
    flags: tuple[str, ...]


EMPTY = ParsedPhone(None, None, ())


def parse_phone(value: object) -> ParsedPhone:
    """Parse one phone cell (text or number); with several numbers the first valid one wins."""
    try:
        text = _text(value)
    except (OverflowError, ValueError):  # an integer too big for a float or for str()
        return ParsedPhone(None, None, ("too_long",))
    if text is None:
        return EMPTY
    compact = text.replace(" ", "")
    single = _FLOAT_TEXT.fullmatch(compact) or _SCIENTIFIC.fullmatch(compact)
    parts = [text] if single else _split_numbers(text)
    if not parts:
        return ParsedPhone(None, None, ("no_digits",))
    parsed = [_parse_one(part) for part in parts]
    best = next((p for p in parsed if p.phone), parsed[0])
    if len(parts) > 1:
        return ParsedPhone(best.phone, best.kind, (*best.flags, "multiple"))
    return best


def _text(value: object) -> str | None:
    """Text of the cell; a numeric cell is written out in full, never in scientific notation."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Real):
        number = float(value)
        if math.isnan(number):
            return None
        return str(int(number)) if number.is_integer() else repr(number)
    text = str(value).strip()
    return None if text.lower() in _MISSING_TEXT else text


def _split_numbers(text: str) -> list[str]:
    """Candidate numbers in a cell; "0721 / 123456" keeps an area code with its number."""
    parts: list[str] = []
    for piece in _SPLIT.split(text):
        if not any(ch.isdigit() for ch in piece):
            continue
        if parts and _is_area_code(parts[-1]):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


def _is_area_code(piece: str) -> bool:
    digits = _NOT_DIGIT.sub("", piece)
    return digits.startswith("0") and 3 <= len(digits) <= 4 and not digits.startswith("08")


def _parse_one(text: str) -> ParsedPhone:
    text = _EXTENSION.sub("", text.strip().lstrip("'"))
    compact = text.replace(" ", "")
    if m := _SCIENTIFIC.fullmatch(compact):
        mantissa, exponent = m[1] + (m[2] or ""), int(m[3])
        # Excel shows ~6-10 significant digits: the rest of a long number is lost, not zero.
        if len(mantissa) < exponent + 1:
            return ParsedPhone(None, None, ("scientific_notation", "digits_lost"))
        result = _from_digits(mantissa[: exponent + 1], has_plus=False)
        return ParsedPhone(result.phone, result.kind, ("scientific_notation", *result.flags))
    if m := _FLOAT_TEXT.fullmatch(compact):
        compact = m[1]
    has_plus = compact.startswith("+")
    digits = _NOT_DIGIT.sub("", compact)
    if not digits:
        return ParsedPhone(None, None, ("no_digits",))
    first_run = _NOT_DIGIT.sub("", text.split()[0]) if len(digits) > _MAX_DIGITS else ""
    if first_run and len(first_run) <= _MAX_DIGITS:
        # Two numbers separated only by a space: "081234567890 081398765432".
        result = _from_digits(first_run, has_plus)
        if result.phone:
            return ParsedPhone(result.phone, result.kind, (*result.flags, "multiple"))
    return _from_digits(digits, has_plus)


def _from_digits(digits: str, has_plus: bool) -> ParsedPhone:
    if _is_placeholder(digits):
        return ParsedPhone(None, None, ("placeholder",))
    flags: tuple[str, ...] = ()
    if has_plus and not digits.startswith("62"):
        return _foreign(digits)
    if digits.startswith("0062"):
        national = digits[4:]
    elif digits.startswith("62") and len(digits) >= 2 + min(_LANDLINE_LENGTHS):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national, flags = digits, ("leading_zero_lost",)
    if national.startswith("0"):  # "+62 (0) 812…"
        national = national[1:]
    return _classify(national, flags)


def _classify(national: str, flags: tuple[str, ...]) -> ParsedPhone:
    subscriber = national[3:]
    if (
        not national
        or _is_placeholder(national)
        or (len(subscriber) >= 5 and _is_placeholder(subscriber))
    ):
        return ParsedPhone(None, None, (*flags, "placeholder"))
    if national.startswith("8"):
        kind: PhoneKind = "mobile"
        lengths = _MOBILE_LENGTHS
    elif national[0] in "2345679":
        kind, lengths = "landline", _LANDLINE_LENGTHS
    else:
        return ParsedPhone(None, None, (*flags, "invalid_prefix"))
    if len(national) < lengths.start:
        return ParsedPhone(None, None, (*flags, "too_short"))
    if len(national) >= lengths.stop:
        return ParsedPhone(None, None, (*flags, "too_long"))
    return ParsedPhone(f"+62{national}", kind, flags)


def _foreign(digits: str) -> ParsedPhone:
    if not _MIN_FOREIGN <= len(digits) <= _MAX_DIGITS:
        return ParsedPhone(None, None, ("foreign", "too_short" if len(digits) < 8 else "too_long"))
    return ParsedPhone(f"+{digits}", None, ("foreign",))


def _is_placeholder(digits: str) -> bool:
    """One repeated digit: "0", "000000", or "0812 0000 0000" after the mobile prefix."""
    return len(digits) > 0 and digits.count(digits[0]) == len(digits)
