"""Parsers for config-declared general fields (`fields:`), for person data beyond Indonesia.

Each returns one comparable text value (or None): identifiers without punctuation, lowercase
categories, normalized names, ISO dates, +E.164 phones, normalized address text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from linkage.standardize.dates import parse_date
from linkage.standardize.names import parse_name
from linkage.standardize.nik import parse_nik_value
from linkage.standardize.phone import parse_phone

_ID_NOISE = re.compile(r"[^0-9A-Za-z]")
_SPACES = re.compile(r"\s+")
_ADDRESS_NOISE = re.compile(r"[^0-9a-z ]")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def parse_identifier(value: object) -> str | None:
    """Any identifier: case-folded, punctuation and spaces removed ("SS-12 34" -> "SS1234")."""
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _ID_NOISE.sub("", str(value)).upper()
    return text or None


def parse_category(value: object) -> str | None:
    if _blank(value):
        return None
    text = _SPACES.sub(" ", str(value).strip().lower())
    return text or None


def parse_general_name(value: object) -> str | None:
    return parse_name(None if _blank(value) else str(value)).name


def parse_general_date(value: object) -> str | None:
    parsed = parse_date(value)
    return parsed.date.isoformat() if parsed.date else None


def parse_general_phone(value: object) -> str | None:
    return parse_phone(value).phone


def parse_general_address(value: object) -> str | None:
    if _blank(value):
        return None
    text = _SPACES.sub(" ", _ADDRESS_NOISE.sub(" ", str(value).lower())).strip()
    return text or None


def parse_general_nik(value: object) -> str | None:
    return parse_nik_value(value).pattern


EXTRA_PARSERS: dict[str, Callable[[object], str | None]] = {
    "id": parse_identifier,
    "categorical": parse_category,
    "region": parse_category,
    "name": parse_general_name,
    "date": parse_general_date,
    "phone": parse_general_phone,
    "address": parse_general_address,
    "nik": parse_general_nik,
}
