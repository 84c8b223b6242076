"""Masking of personal identifiers (UU PDP): no full NIK or KK in logs, errors or the UI."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")


def mask_nik(value: object, keep_start: int = 4, keep_end: int = 4) -> str:
    """Mask the middle of an NIK/KK-like value: `1871015005850003` -> `1871********0003`.

    Works on raw, damaged or partial values too; anything shorter than the kept parts is
    masked entirely, so a short fragment never leaks whole.
    """
    if value is None:
        return ""
    text = str(value).strip()
    if len(text) <= keep_start + keep_end:
        return _DIGITS.sub("*", text)
    middle = _DIGITS.sub("*", text[keep_start : len(text) - keep_end])
    return text[:keep_start] + middle + text[len(text) - keep_end :]


_LONG_NUMBER = re.compile(r"(?<!\d)\d{4}[\d .\-]{6,}\d{4}(?!\d)")


def redact_numbers(text: str) -> str:
    """Mask every long digit run in free text (error messages built from user data)."""
    return _LONG_NUMBER.sub(lambda m: mask_nik(m.group(0)), text)
