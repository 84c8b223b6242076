"""Money amounts and small integers as typed in spreadsheets ("Rp 600.000,00", "3.0")."""

from __future__ import annotations

import math
import re

_NOT_NUMBER = re.compile(r"[^0-9.,\-]")
_THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_amount(value: object) -> float | None:
    """Rupiah amounts: Indonesian (600.000,00) and English (600,000.00) separators, "Rp" prefix."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    text = _NOT_NUMBER.sub("", str(value).lower().replace("rp", ""))
    if not text or text in {"-", ".", ","}:
        return None
    if _THOUSANDS_DOT.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMA.match(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = float(text)
    except ValueError:
        return None
    return amount if math.isfinite(amount) else None


def parse_int(value: object, *, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number in [low, high] ("3", "3.0", " 03 ", 3.0); anything else is unknown."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        match = re.fullmatch(r"\d{1,6}(?:[.,]0+)?", text)
        if not match:
            return None
        number = int(re.split(r"[.,]", text)[0])
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number
